"""
Read OpenStreetMap extracts (``.osm.pbf`` and ``.osm`` XML) with pyosmium, in one pass.

:func:`read_osm` hands every object of the file to one loop and keeps what a build
needs: the walkable ways with their node locations, the learning amenities, the
named places and (when residents are spread over them) the buildings.

This module is the public face of OSM reading; the work is done by its neighbours:

- :mod:`learning_map.io.walk_filter`: who may walk a way (OSM's access rule on foot);
- :mod:`learning_map.io.osm_rules`: what each consumer takes from the file;
- :mod:`learning_map.io.osm_pass`: pyosmium's one pass, ways and areas assembled;
- :mod:`learning_map.io.pbf`: the numpy reader of a PBF's streets;
- :mod:`learning_map.io.ways`: the way table they all fill.

The names other modules use are importable from here as before.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import osmium
import shapely

from learning_map.errors import N_, EmptyExtractError, InputFileError
from learning_map.io.osm_pass import feature_frames, one_pass
from learning_map.io.osm_rules import (
    BASEMAP_TAG_KEYS,
    LEARNING_AMENITIES,
    FeatureList,
    feature_rules,
)
from learning_map.io.pbf import HighwayWays, read_highways
from learning_map.io.walk_filter import NOT_A_WAY_HIGHWAYS, WAY_TAG_KEYS, walk_filter_mask
from learning_map.io.ways import WayTable, clip_ways, osm_read_error, select_ways

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "LEARNING_AMENITIES",
    "NOT_A_WAY_HIGHWAYS",
    "OSM_SUFFIXES",
    "WAY_TAG_KEYS",
    "OsmExtract",
    "WayTable",
    "check_osm_path",
    "clip_ways",
    "extract_year",
    "read_osm",
    "read_walk_ways",
    "walk_filter_mask",
]

logger = logging.getLogger(__name__)

OSM_SUFFIXES = (".osm.pbf", ".pbf", ".osm", ".osm.bz2", ".osm.gz", ".xml")


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
        raise InputFileError(N_("OSM file not found: {path}"), path=str(path))
    if not path.name.lower().endswith(OSM_SUFFIXES):
        raise InputFileError(N_("{file} is not an OSM extract (.osm.pbf or .osm)"), file=path.name)
    return path


@dataclass
class OsmExtract:
    """
    What a build takes from one OSM file, read in one pass.

    Attributes
    ----------
    source
        File name.
    ways
        Walkable ways (OSM access rule for walkers,
        :func:`~learning_map.io.walk_filter.walk_filter_mask`) as flat arrays, WGS84.
    amenities, places, buildings
        Features with ``osm_type``, ``osm_id``, ``tags`` (a dict) and geometry
        (EPSG:4326): learning amenities, named places, and building footprints
        (empty unless asked for).
    landuse
        Areas (same columns) of ``landuse`` in
        :data:`~learning_map.io.osm_rules.LANDUSE_KINDS` and hotel or casino grounds
        (:data:`~learning_map.io.osm_rules.NOT_HOME_AREAS`) that are not buildings;
        empty unless buildings are asked for.
    addresses
        Nodes and areas with ``addr:*`` tags, and named buildings, with their
        address and name tags (None unless asked for), for
        :class:`learning_map.city.geocode.Geocoder`.
    named
        Named nodes and areas that are something (a place, building, amenity, office...;
        :data:`~learning_map.io.osm_rules.NAMED_KIND_KEYS`), with their names, kind and
        lifecycle tags (None unless addresses are asked for), for
        :func:`learning_map.city.name_match.named_features`.
    basemap
        What the offline basemap draws besides ``places`` (None unless asked for):
        every ``highway`` and ``waterway`` way and the coastline as lines, and areas
        with a ``natural``, ``waterway``, ``leisure``, ``landuse`` or ``building``
        tag, with :data:`~learning_map.io.osm_rules.BASEMAP_TAG_KEYS` only.
    """

    source: str
    ways: WayTable
    amenities: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    buildings: gpd.GeoDataFrame
    addresses: gpd.GeoDataFrame | None = None
    landuse: gpd.GeoDataFrame | None = None
    basemap: gpd.GeoDataFrame | None = None
    stops: gpd.GeoDataFrame | None = None
    named: gpd.GeoDataFrame | None = None


def read_osm(path: str | Path, *, buildings: bool = False, addresses: bool = False,
             basemap: bool = False, stops: bool = False,
             clip: shapely.Geometry | None = None) -> OsmExtract:
    """
    Read everything a build needs from an OSM extract in one pass.

    Parameters
    ----------
    path
        ``.osm.pbf`` or ``.osm`` file.
    buildings
        Also keep building footprints and land-use areas (for spreading zone
        population where people live).
    addresses
        Also keep address-bearing nodes and areas and named buildings (for the
        offline geocoder), and every named feature (for the name match).
    basemap
        Also keep what the offline basemap draws (see :class:`OsmExtract`).
    stops
        Also keep the sights and rest points of humanities walks
        (:func:`~learning_map.io.osm_rules.is_walk_stop`).
    clip
        Keep only what lies in this WGS84 area (see :mod:`learning_map.io.boundary`): ways
        with a node inside it (whole, so streets crossing the boundary stay walkable to
        its end) and features that touch it.

    Returns
    -------
    extract

    Raises
    ------
    InputFileError
        When the file is missing or unreadable.
    EmptyExtractError
        When it holds no walkable ways.
    """
    path = check_osm_path(path)
    # A PBF's walkable ways stream through our numpy reader (learning_map.io.pbf: 5x faster
    # than a Python loop over pyosmium's node refs, and with a clip it holds node locations
    # only around the clip); pyosmium then reads everything else.
    # It also gives the basemap its street lines, so pyosmium need not see the streets at
    # all (half of a big city's read).
    fast = _read_highways_fast(path, clip, extra_keys=BASEMAP_TAG_KEYS if basemap else ())
    rules = feature_rules(buildings=buildings, addresses=addresses, basemap=basemap,
                          stops=stops, streets_read=fast is not None)
    ways, found = one_pass(path, rules, fast, clip)
    table = ways.table() if fast is None else _fast_table(fast)
    kept = feature_frames(found, fast if basemap else None)
    if clip is not None:
        whole = {rule.name for rule in rules if rule.whole}
        table, kept = _clipped(table, kept, clip, whole=whole, ways_clipped=fast is not None)
    _check_walkable(path, table, clipped=clip is not None)
    _log_read(path, table, found)
    # Features a read was not asked for are None (the buildings' frame is there, empty).
    asked = {"addresses": addresses, "named": addresses, "landuse": buildings, "basemap": basemap, "stops": stops}
    fields = {name: frame if asked.get(name, True) else None for name, frame in kept.items()}
    return OsmExtract(source=path.name, ways=table, **fields)


def _check_walkable(path: Path, table: WayTable, *, clipped: bool) -> None:
    """Stop with one sentence when nothing (in the clip) is walkable."""
    if table.way_count == 0:
        if clipped:
            raise EmptyExtractError(N_("{file} holds no walkable ways inside the clip boundary"), file=path.name)
        raise EmptyExtractError(N_("{file} holds no walkable ways"), file=path.name)


def _log_read(path: Path, table: WayTable, found: dict[str, FeatureList]) -> None:
    logger.info(
        "Read %s in one pass: %s walkable ways, %d learning amenities, %d places, %d buildings,"
        " %d land-use areas", path.name, f"{table.way_count:,}", len(found["amenities"].wkb),
        len(found["places"].wkb), len(found["buildings"].wkb), len(found["landuse"].wkb),
    )


def _clipped(table: WayTable, kept: dict[str, gpd.GeoDataFrame], clip: shapely.Geometry, *,
             whole: set[str], ways_clipped: bool) -> tuple[WayTable, dict[str, gpd.GeoDataFrame]]:
    """
    The ways and features in ``clip``; those named in ``whole`` where they touch it.

    With ``ways_clipped`` the fast reader already kept only the ways with a node inside.
    """
    if not ways_clipped:
        table = clip_ways(table, clip)
    return table, {name: _clip_frame(frame, clip, whole=name in whole) for name, frame in kept.items()}


def _read_highways_fast(path: Path, clip: shapely.Geometry | None, *,
                        extra_keys: tuple[str, ...] = ()) -> HighwayWays | None:
    """The ``highway`` ways of a sorted PBF by :func:`read_highways`; None for other files."""
    if not path.name.lower().endswith(".pbf"):
        return None
    tag_keys = tuple(dict.fromkeys((*WAY_TAG_KEYS, *extra_keys)))
    found = read_highways(path, tag_keys=tag_keys, clip=clip)
    if not found.complete:  # nodes after ways (an unsorted file): pyosmium reads it all
        logger.info("%s is not sorted (nodes after ways); reading it the slow way", path.name)
        return None
    return found


def _fast_table(found: HighwayWays) -> WayTable:
    """The walkable ways among ``found`` (same rows as :meth:`WayList.table`)."""
    tags = found.tags[list(WAY_TAG_KEYS)]
    table = WayTable(node_ref=found.node_ref, lon=found.lon, lat=found.lat,
                     way_start=found.way_start, tags=tags)
    return select_ways(table, walk_filter_mask(tags))


def _clip_frame(frame: gpd.GeoDataFrame, clip: shapely.Geometry, *, whole: bool) -> gpd.GeoDataFrame:
    """
    The features of ``frame`` in ``clip``.

    With ``whole``, those that touch it (the basemap draws them to the edge); else those
    whose point (as sites are placed) lies in it, so a building across the boundary
    belongs to one city only.
    """
    if frame.empty:
        return frame
    geometry = frame.geometry.to_numpy()
    if whole:
        return frame[shapely.intersects(geometry, clip)]
    return frame[shapely.intersects(shapely.point_on_surface(geometry), clip)]


def read_walk_ways(path: str | Path) -> WayTable:
    """
    Read the walkable ways of an OSM extract.

    Returns
    -------
    ways
        Flat node arrays (WGS84) of every walkable way; node locations missing
        from the extract are NaN.
    """
    return read_osm(path).ways


def extract_year(path: str | Path) -> int | None:
    """
    The year an extract shows, from its header's replication timestamp (Geofabrik, planet).

    Returns
    -------
    year
        None when the header carries no timestamp (e.g. an OSM API export).
    """
    path = check_osm_path(path)
    try:
        reader = osmium.io.Reader(str(path), osmium.osm.osm_entity_bits.NOTHING)
    except RuntimeError as exc:
        raise osm_read_error(path, exc) from None
    try:
        header = reader.header()
        stamp = header.get("osmosis_replication_timestamp") or header.get("timestamp")
    finally:
        reader.close()
    return int(stamp[:4]) if stamp[:4].isdigit() else None
