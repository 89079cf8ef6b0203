"""Read OpenStreetMap extracts (``.osm.pbf`` and ``.osm`` XML) with pyosmium."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import osmium
import pandas as pd
import shapely

from learning_map.errors import EmptyExtractError, InputFileError

logger = logging.getLogger(__name__)

OSM_SUFFIXES = (".osm.pbf", ".pbf", ".osm", ".osm.bz2", ".osm.gz", ".xml")

# Tags the walk filter looks at, plus the names we keep for street search.
WAY_TAG_KEYS = (
    "highway", "area", "access", "foot", "service",
    "sidewalk", "sidewalk:both", "sidewalk:left", "sidewalk:right",
    "name", "name:zh", "name:en",
)

# Same rules as osmnx's ``network_type="walk"`` Overpass filter (osmnx 2.x):
# each value is a regex that must NOT be found in the tag (missing tags pass).
WALK_EXCLUDE_PATTERNS: dict[str, str] = {
    "area": "yes",
    "access": "private",
    "highway": (
        "abandoned|bus_guideway|construction|cycleway|motor|no|planned|platform|"
        "proposed|raceway|razed|rest_area|services"
    ),
    "foot": "no",
    "service": "private",
    "sidewalk": "separate",
    "sidewalk:both": "separate",
    "sidewalk:left": "separate",
    "sidewalk:right": "separate",
}

LEARNING_AMENITIES = frozenset(
    {"library", "community_centre", "social_facility", "arts_centre", "school", "college",
     "university"}
)


@dataclass
class WayTable:
    """Walkable OSM ways as flat arrays (one row per way node) plus a tag table per way."""

    node_ref: npt.NDArray[np.int64]
    lon: npt.NDArray[np.float64]
    lat: npt.NDArray[np.float64]
    way_start: npt.NDArray[np.int64]
    tags: pd.DataFrame

    @property
    def way_count(self) -> int:
        """Number of ways in the table."""
        return len(self.tags)


def check_osm_path(path: str | Path) -> Path:
    """
    Check that ``path`` is an existing OSM file with a known suffix.

    Parameters
    ----------
    path
        Path to a ``.osm.pbf`` or ``.osm`` file.

    Returns
    -------
    path
    """
    path = Path(path)
    if not path.is_file():
        msg = f"OSM file not found: {path} / 找不到 OSM 文件"
        raise InputFileError(msg)
    if not path.name.lower().endswith(OSM_SUFFIXES):
        msg = f"{path.name} is not an OSM extract (.osm.pbf or .osm) / 不是 OSM 数据文件"
        raise InputFileError(msg)
    return path


def _processor(path: Path, entities: osmium.osm.osm_entity_bits) -> osmium.FileProcessor:
    try:
        return osmium.FileProcessor(str(path), entities)
    except RuntimeError as exc:  # pyosmium reports unreadable files as RuntimeError
        msg = f"Cannot read {path.name} as OSM data: {exc} / 无法读取 OSM 文件"
        raise InputFileError(msg) from exc


def walk_filter_mask(tags: pd.DataFrame) -> npt.NDArray[np.bool_]:
    """
    Select the ways a pedestrian may use, with osmnx's ``walk`` semantics.

    Parameters
    ----------
    tags
        One row per way; columns are OSM keys (missing values are NaN).

    Returns
    -------
    mask
        True where the way is walkable.
    """
    keep = tags["highway"].notna().to_numpy().copy()
    for key, pattern in WALK_EXCLUDE_PATTERNS.items():
        if key in tags:
            found = tags[key].astype("string").str.contains(pattern, regex=True, na=False)
            keep &= ~found.to_numpy(dtype=bool)
    return keep


def read_walk_ways(path: str | Path) -> WayTable:
    """
    Read the walkable ways of an OSM extract.

    Parameters
    ----------
    path
        ``.osm.pbf`` or ``.osm`` file.

    Returns
    -------
    ways
        Flat node arrays (WGS84) of every walkable way; node locations missing
        from the extract are NaN.
    """
    path = check_osm_path(path)
    refs: list[int] = []
    lons: list[float] = []
    lats: list[float] = []
    starts: list[int] = []
    tag_rows: list[dict[str, str]] = []
    way_ids: list[int] = []
    processor = (
        _processor(path, osmium.osm.NODE | osmium.osm.WAY)
        .with_locations()
        .with_filter(osmium.filter.EntityFilter(osmium.osm.WAY))
        .with_filter(osmium.filter.KeyFilter("highway"))
    )
    try:
        # pyosmium hands out one object at a time: this reading loop is the I/O boundary.
        for way in processor:
            starts.append(len(refs))
            way_ids.append(way.id)
            tag_rows.append({k: way.tags[k] for k in WAY_TAG_KEYS if k in way.tags})
            for node in way.nodes:
                refs.append(node.ref)
                valid = node.location.valid()
                lons.append(node.location.lon if valid else np.nan)
                lats.append(node.location.lat if valid else np.nan)
    except RuntimeError as exc:
        msg = f"Cannot read {path.name} as OSM data: {exc} / 无法读取 OSM 文件"
        raise InputFileError(msg) from exc
    tags = pd.DataFrame(tag_rows, columns=list(WAY_TAG_KEYS))
    tags.index = pd.Index(way_ids, name="osm_way_id")
    table = WayTable(
        node_ref=np.asarray(refs, dtype=np.int64),
        lon=np.asarray(lons, dtype=np.float64),
        lat=np.asarray(lats, dtype=np.float64),
        way_start=np.asarray(starts, dtype=np.int64),
        tags=tags,
    )
    table = select_ways(table, walk_filter_mask(tags))
    if table.way_count == 0:
        msg = f"{path.name} holds no walkable ways / 该文件中没有可步行的道路"
        raise EmptyExtractError(msg)
    logger.info("Read %s walkable ways from %s", f"{table.way_count:,}", path.name)
    return table


def select_ways(table: WayTable, mask: npt.NDArray[np.bool_]) -> WayTable:
    """
    Keep only the ways where ``mask`` is True.

    Parameters
    ----------
    table
        Way table.
    mask
        One boolean per way.

    Returns
    -------
    table
    """
    counts = np.diff(np.append(table.way_start, len(table.node_ref)))
    node_mask = np.repeat(mask, counts)
    kept_counts = counts[mask]
    return WayTable(
        node_ref=table.node_ref[node_mask],
        lon=table.lon[node_mask],
        lat=table.lat[node_mask],
        way_start=np.concatenate(([0], np.cumsum(kept_counts)[:-1])).astype(np.int64)
        if len(kept_counts)
        else np.zeros(0, dtype=np.int64),
        tags=table.tags[mask],
    )


def read_tagged_features(
    path: str | Path, *, key: str, values: frozenset[str] | None = None
) -> gpd.GeoDataFrame:
    """
    Read nodes, open ways and areas carrying an OSM key.

    Parameters
    ----------
    path
        ``.osm.pbf`` or ``.osm`` file.
    key
        OSM key to select on, e.g. ``"amenity"`` or ``"building"``.
    values
        If given, keep only these values of ``key``.

    Returns
    -------
    features
        One row per feature in EPSG:4326 with columns ``osm_type``, ``osm_id``,
        ``tags`` (a dict) and geometry (Point, LineString or MultiPolygon).
    """
    path = check_osm_path(path)
    wkb = osmium.geom.WKBFactory()
    osm_types: list[str] = []
    osm_ids: list[int] = []
    tags: list[dict[str, str]] = []
    geoms_wkb: list[str | None] = []
    processor = _processor(path, osmium.osm.ALL).with_areas().with_filter(
        osmium.filter.KeyFilter(key)
    )
    try:
        for obj in processor:
            value = obj.tags.get(key)
            if value is None or (values is not None and value not in values):
                continue
            if obj.is_node():
                if not obj.location.valid():
                    continue
                geom = wkb.create_point(obj)
                osm_type, osm_id = "node", obj.id
            elif obj.is_area():
                try:
                    geom = wkb.create_multipolygon(obj)
                except RuntimeError:  # broken ring in the extract
                    logger.warning("Skipping invalid area %s (%s=%s)", obj.orig_id(), key, value)
                    continue
                osm_type = "way" if obj.from_way() else "relation"
                osm_id = obj.orig_id()
            elif obj.is_way() and not obj.is_closed():
                try:
                    geom = wkb.create_linestring(obj)
                except RuntimeError:
                    continue
                osm_type, osm_id = "way", obj.id
            else:  # closed ways arrive again as areas; relations only as areas
                continue
            osm_types.append(osm_type)
            osm_ids.append(osm_id)
            tags.append(dict(obj.tags))
            geoms_wkb.append(geom)
    except RuntimeError as exc:
        msg = f"Cannot read {path.name} as OSM data: {exc} / 无法读取 OSM 文件"
        raise InputFileError(msg) from exc
    geometry = shapely.from_wkb(np.asarray(geoms_wkb, dtype=object))
    return gpd.GeoDataFrame(
        {"osm_type": osm_types, "osm_id": np.asarray(osm_ids, dtype=np.int64), "tags": tags},
        geometry=geometry,
        crs="EPSG:4326",
    )
