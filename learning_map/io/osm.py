"""
Read OpenStreetMap extracts (``.osm.pbf`` and ``.osm`` XML) with pyosmium, in one pass.

:func:`read_osm` hands every object of the file to one loop and keeps what a build
needs: the walkable ways with their node locations, the learning amenities, the
named places and (when residents are spread over them) the buildings.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import osmium
import pandas as pd
import shapely

from learning_map.errors import EmptyExtractError, InputFileError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from learning_map.io.pbf import HighwayWays

logger = logging.getLogger(__name__)

OSM_SUFFIXES = (".osm.pbf", ".pbf", ".osm", ".osm.bz2", ".osm.gz", ".xml")

# Tags the walk filter looks at, plus the names we keep for street search.
WAY_TAG_KEYS = (
    "highway", "area", "access", "foot", "service",
    "sidewalk", "sidewalk:both", "sidewalk:left", "sidewalk:right",
    "name", "name:zh", "name:en",
    "wheelchair", "ramp:wheelchair",  # the step-free profile
)

# Who may walk a way: OpenStreetMap's access rule (https://wiki.openstreetmap.org/wiki/Key:access)
# for someone on foot. The most specific tag that says something decides: ``foot`` over
# ``access``; a way tagged with neither is open unless its highway class is closed to walkers.
# Values separated by ";" open the way when any of them opens it.
#   Open: anyone may walk it (``customers``: the shop's or the library's own visitors are
#   exactly who walks there; ``destination``: to reach a place on it; ``discouraged``: legal).
FOOT_OPEN = frozenset({"yes", "designated", "permissive", "destination", "customers", "official",
                       "discouraged"})
#   Closed: only owners, deliveries, farm or forest work, the army, permit holders or
#   emergencies; ``use_sidepath``: walkers must use the sidewalk mapped beside it.
#   Other values (e.g. ``unknown``) say nothing: the less specific tag decides.
FOOT_CLOSED = frozenset({"no", "private", "delivery", "agricultural", "forestry", "military",
                         "permit", "emergency", "use_sidepath"})
# Highway values that are no way on the ground (planned, being built, gone): closed whatever
# the other tags say.
NOT_A_WAY_HIGHWAYS = frozenset({"abandoned", "construction", "no", "planned", "proposed", "razed"})
# Highway classes closed to walkers unless the way's own ``foot`` tag opens it (a cycle
# track or a motorway with ``foot=yes``); ``access=yes`` alone does not open them.
FOOT_TAG_HIGHWAYS = frozenset({"bus_guideway", "cycleway", "motorway", "motorway_link",
                               "platform", "raceway", "rest_area", "services"})
# Further exclusions kept from osmnx's ``network_type="walk"`` filter (osmnx 2.x): each value
# is a regex that must NOT be found in the tag (missing tags pass). A street whose sidewalk
# is mapped as its own way (``sidewalk=separate``) is walked along that way instead.
WALK_EXCLUDE_PATTERNS: dict[str, str] = {
    "area": "yes",
    "service": "private",
    "sidewalk": "separate",
    "sidewalk:both": "separate",
    "sidewalk:left": "separate",
    "sidewalk:right": "separate",
}

PLACE_KINDS = frozenset({
    "city", "town", "suburb", "quarter", "neighbourhood", "village", "hamlet", "square",
    "locality", "island", "islet",
})
# Tags of a building that decide whether people live in it and how many floors it has
# (every ``name:*`` is kept too, for :data:`learning_map.city.population.NOT_HOME_NAME_WORDS`).
BUILDING_TAG_KEYS = (
    "building", "building:levels", "name", "amenity", "tourism", "shop", "office", "landuse",
)
# Land-use areas kept with the buildings: homes are looked for in the first and not in the rest.
LANDUSE_KINDS = frozenset({"residential", "commercial", "retail", "industrial"})
# Non-building areas whose grounds hold no homes (a hotel's or a casino's site).
NOT_HOME_AREAS = {"tourism": frozenset({"hotel"}), "amenity": frozenset({"casino"})}

# Keys that bring a feature into the geocoder's index, and the tags it keeps.
ADDRESS_FILTER_KEYS = ("addr:street", "addr:housenumber", "addr:full", "addr:place")
ADDRESS_TAG_KEYS = (
    *ADDRESS_FILTER_KEYS, "addr:city", "name", "name:zh", "name:zh-Hant", "name:zh-Hans",
    "name:en", "name:pt",
)

# The basemap (learning_map.bundle.basemap) draws these from the same pass: which values
# make a water, green or line feature is decided there; here only what to keep.
BASEMAP_FILTER_KEYS = ("natural", "waterway", "leisure", "landuse", "building")
# Stops of humanities walks (人文行走) and the rest points between them; see learning_map.city.walks.
WALK_SIGHT_TOURISM = frozenset({"museum", "gallery", "artwork", "attraction", "viewpoint"})
WALK_SIGHT_AMENITIES = frozenset({"arts_centre", "theatre", "library", "community_centre",
                                  "place_of_worship"})
WALK_REST_AMENITIES = frozenset({"bench", "toilets", "shelter"})
BASEMAP_TAG_KEYS = (
    "highway", "natural", "waterway", "leisure", "landuse", "building",
    "name", "name:zh", "name:zh-Hans", "name:zh-Hant", "name:en", "name:pt",
)
# Ways drawn as lines (every other basemap feature is an area, or a place node).
BASEMAP_LINE_KEYS = ("highway", "waterway")

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


def _unreadable(path: Path, exc: Exception) -> InputFileError:
    """Pyosmium reports an unreadable or malformed file as RuntimeError."""
    msg = f"Cannot read {path.name} as OSM data: {exc} / 无法读取 OSM 文件"
    return InputFileError(msg)


def foot_access(values: pd.Series) -> npt.NDArray[np.int8]:
    """
    What one access tag says to someone on foot: 1 open, -1 closed, 0 nothing (or no tag).

    See :data:`FOOT_OPEN` and :data:`FOOT_CLOSED`.
    """
    codes, uniques = pd.factorize(values.astype("string"))  # a city has few distinct values
    said = np.zeros(len(uniques) + 1, dtype=np.int8)  # the last slot: a missing tag (code -1)
    for i, value in enumerate(uniques):
        parts = {part.strip().lower() for part in str(value).split(";")}
        said[i] = 1 if parts & FOOT_OPEN else -1 if parts & FOOT_CLOSED else 0
    return said[codes]


def walk_filter_mask(tags: pd.DataFrame) -> npt.NDArray[np.bool_]:
    """
    Select the ways a pedestrian may use: OSM's access rule for someone on foot.

    ``foot`` decides where it says something, else ``access`` (:func:`foot_access`); a
    way with neither is open unless its highway class is closed to walkers
    (:data:`FOOT_TAG_HIGHWAYS`, opened only by a ``foot`` tag). Ways that are not on the
    ground (:data:`NOT_A_WAY_HIGHWAYS`), areas, and streets whose sidewalks are mapped on
    their own are left out (:data:`WALK_EXCLUDE_PATTERNS`). The one rule for every reader:
    ``.osm.pbf`` and ``.osm`` extracts and ``--place`` downloads.

    Parameters
    ----------
    tags
        One row per way; columns are OSM keys (missing values are NaN).

    Returns
    -------
    mask
        True where the way is walkable.
    """
    def column(key: str) -> pd.Series:
        return tags[key] if key in tags else pd.Series(pd.NA, index=tags.index, dtype="string")

    highway = column("highway").astype("string")
    keep = highway.notna().to_numpy().copy()
    keep &= ~highway.isin(NOT_A_WAY_HIGHWAYS).to_numpy(dtype=bool)
    for key, pattern in WALK_EXCLUDE_PATTERNS.items():
        if key in tags:
            found = tags[key].astype("string").str.contains(pattern, regex=True, na=False)
            keep &= ~found.to_numpy(dtype=bool)
    foot = foot_access(column("foot"))
    said = np.where(foot != 0, foot, foot_access(column("access")))
    by_foot_tag_only = highway.isin(FOOT_TAG_HIGHWAYS).to_numpy(dtype=bool)
    return keep & np.where(by_foot_tag_only, foot == 1, said >= 0)


@dataclass
class OsmExtract:
    """
    What a build takes from one OSM file, read in one pass.

    Attributes
    ----------
    source
        File name.
    ways
        Walkable ways (OSM access rule for walkers, :func:`walk_filter_mask`) as flat arrays, WGS84.
    amenities, places, buildings
        Features with ``osm_type``, ``osm_id``, ``tags`` (a dict) and geometry
        (EPSG:4326): learning amenities, named places, and building footprints
        (empty unless asked for).
    landuse
        Areas (same columns) of ``landuse`` in :data:`LANDUSE_KINDS` and hotel or
        casino grounds (:data:`NOT_HOME_AREAS`) that are not buildings; empty
        unless buildings are asked for.
    addresses
        Nodes and areas with ``addr:*`` tags, and named buildings, with their
        address and name tags (None unless asked for), for
        :class:`learning_map.city.geocode.Geocoder`.
    basemap
        What the offline basemap draws besides ``places`` (None unless asked for):
        every ``highway`` and ``waterway`` way and the coastline as lines, and areas
        with a ``natural``, ``waterway``, ``leisure``, ``landuse`` or ``building``
        tag, with :data:`BASEMAP_TAG_KEYS` only.
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


def is_walk_stop(tags: osmium.osm.TagList | dict[str, str]) -> bool:
    """A sight of a humanities walk (history, culture, faith) or a place to rest on the way."""
    historic = tags.get("historic")
    return bool(
        (historic and historic != "no")
        or tags.get("tourism") in WALK_SIGHT_TOURISM
        or tags.get("amenity") in WALK_SIGHT_AMENITIES
        or tags.get("amenity") in WALK_REST_AMENITIES
    )


def _building_tags(tags: osmium.osm.TagList) -> dict[str, str]:
    """The tags of a building or land-use area that say whether people live there."""
    return {k: v for k, v in tags if k in BUILDING_TAG_KEYS or k.startswith("name:")}


def _is_land_area(tags: osmium.osm.TagList) -> bool:
    """A land-use area, or hotel or casino grounds, that is not itself a building."""
    if "building" in tags:
        return False
    return tags.get("landuse") in LANDUSE_KINDS or any(
        tags.get(key) in values for key, values in NOT_HOME_AREAS.items()
    )


class _FeatureList:
    """Features of one kind, gathered while the file streams past."""

    def __init__(self) -> None:
        self.osm_type: list[str] = []
        self.osm_id: list[int] = []
        self.tags: list[dict[str, str]] = []
        self.wkb: list[str] = []
        self.after_way: list[int] = []  # the last way each came after, for the file's order

    def add(self, osm_type: str, osm_id: int, tags: dict[str, str], wkb: str,
            after_way: int = -1) -> None:
        self.after_way.append(after_way)
        self.osm_type.append(osm_type)
        self.osm_id.append(osm_id)
        self.tags.append(tags)
        self.wkb.append(wkb)

    def frame(self) -> gpd.GeoDataFrame:
        geometry = shapely.from_wkb(np.asarray(self.wkb, dtype=object))
        return gpd.GeoDataFrame(
            {"osm_type": self.osm_type, "osm_id": np.asarray(self.osm_id, dtype=np.int64),
             "tags": self.tags},
            geometry=geometry, crs="EPSG:4326",
        )


class _WayList:
    def __init__(self) -> None:
        self.refs: list[int] = []
        self.lons: list[float] = []
        self.lats: list[float] = []
        self.starts: list[int] = []
        self.tag_rows: list[dict[str, str]] = []
        self.way_ids: list[int] = []

    def add(self, way: osmium.osm.Way) -> None:
        self.starts.append(len(self.refs))
        self.way_ids.append(way.id)
        self.tag_rows.append({k: way.tags[k] for k in WAY_TAG_KEYS if k in way.tags})
        for node in way.nodes:
            self.refs.append(node.ref)
            valid = node.location.valid()
            self.lons.append(node.location.lon if valid else np.nan)
            self.lats.append(node.location.lat if valid else np.nan)

    def table(self) -> WayTable:
        tags = pd.DataFrame(self.tag_rows, columns=list(WAY_TAG_KEYS))
        tags.index = pd.Index(self.way_ids, name="osm_way_id")
        table = WayTable(
            node_ref=np.asarray(self.refs, dtype=np.int64),
            lon=np.asarray(self.lons, dtype=np.float64),
            lat=np.asarray(self.lats, dtype=np.float64),
            way_start=np.asarray(self.starts, dtype=np.int64),
            tags=tags,
        )
        return select_ways(table, walk_filter_mask(tags))


def _geometry(obj: osmium.osm.OSMObject, wkb: osmium.geom.WKBFactory) -> tuple[str, int, str] | None:
    """(osm_type, osm_id, WKB) of a node, an area or an open way; None for the rest."""
    try:
        if obj.is_node():
            return ("node", obj.id, wkb.create_point(obj)) if obj.location.valid() else None
        if obj.is_area():
            osm_type = "way" if obj.from_way() else "relation"
            return osm_type, obj.orig_id(), wkb.create_multipolygon(obj)
        if obj.is_way() and not obj.is_closed():
            return "way", obj.id, wkb.create_linestring(obj)
    except (RuntimeError, osmium.InvalidLocationError):  # a broken ring, a node missing (or clipped)
        logger.debug("Skipping invalid geometry of %s", obj)
    return None  # closed ways arrive again as areas; relations only as areas


def _is_address(obj: osmium.osm.OSMObject) -> bool:
    """An address-bearing node or area, or a named building."""
    if not (obj.is_node() or obj.is_area()):
        return False
    tags = obj.tags
    return any(k in tags for k in ADDRESS_TAG_KEYS if k.startswith("addr:")) or (
        "building" in tags and "name" in tags and obj.is_area())


def _address_tags(tags: osmium.osm.TagList) -> dict[str, str]:
    """The address and name tags of an address-bearing feature or named building."""
    return {k: tags[k] for k in ADDRESS_TAG_KEYS if k in tags}


def _basemap_geometry(obj: osmium.osm.OSMObject, wkb: osmium.geom.WKBFactory) -> tuple[str, int, str] | None:
    """
    The basemap's line or area of an object, else None.

    Streets, rivers and the coastline are lines even when closed (a roundabout, an
    island's coast); every other tagged area comes as an area.
    """
    tags = obj.tags
    try:
        if obj.is_way() and (any(k in tags for k in BASEMAP_LINE_KEYS)
                             or tags.get("natural") == "coastline"):
            return "way", obj.id, wkb.create_linestring(obj)
        if obj.is_area() and any(k in tags for k in BASEMAP_FILTER_KEYS) and "highway" not in tags:
            osm_type = "way" if obj.from_way() else "relation"
            return osm_type, obj.orig_id(), wkb.create_multipolygon(obj)
    except (RuntimeError, osmium.InvalidLocationError):  # a broken ring, a node missing (or clipped)
        logger.debug("Skipping invalid basemap geometry of %s", obj)
    return None


@dataclass(frozen=True)
class FeatureRule:
    """
    One consumer's share of the pass: what brings an object in, and what it keeps of it.

    Attributes
    ----------
    name
        The :class:`OsmExtract` field the features go to.
    keys
        Tags that let an object past the file filter (any one of them).
    wants
        Whether the consumer takes an object that passed.
    keep
        The tags it keeps of one it takes.
    shape
        Its geometry: :func:`_geometry` (points, areas, open ways) unless the consumer
        draws closed ways as lines too (the basemap).
    whole
        With a clip, keep features that touch it (drawn to the edge) rather than those
        whose point lies in it.
    """

    name: str
    keys: tuple[str, ...]
    wants: Callable[[osmium.osm.OSMObject], bool]
    keep: Callable[[osmium.osm.TagList], dict[str, str]]
    shape: Callable[[osmium.osm.OSMObject, osmium.geom.WKBFactory], tuple[str, int, str] | None] = (
        _geometry)
    whole: bool = False


def _all_tags(tags: osmium.osm.TagList) -> dict[str, str]:
    return dict(tags)


def _basemap_tags(tags: osmium.osm.TagList) -> dict[str, str]:
    return {k: tags[k] for k in BASEMAP_TAG_KEYS if k in tags}


# Each consumer's rule (learning_map.city.sites, places, population, io.geocode, walks and
# export.basemap read the fields): one place per consumer instead of one branch each in
# the loop. Always read: the learning amenities and the named places.
AMENITY_RULE = FeatureRule("amenities", ("amenity",),
                           lambda obj: obj.tags.get("amenity") in LEARNING_AMENITIES, _all_tags)
PLACE_RULE = FeatureRule("places", ("place",),
                         lambda obj: obj.tags.get("place") in PLACE_KINDS, _all_tags)
# With ``buildings``: footprints and the land-use areas homes are looked for in.
BUILDING_RULE = FeatureRule("buildings", ("building",),
                            lambda obj: "building" in obj.tags and obj.is_area(), _building_tags)
LANDUSE_RULE = FeatureRule("landuse", ("landuse", "tourism", "amenity"),
                           lambda obj: obj.is_area() and _is_land_area(obj.tags), _building_tags)
# With ``addresses``: the geocoder's index.
ADDRESS_RULE = FeatureRule("addresses", ("building", *ADDRESS_FILTER_KEYS),
                           _is_address, _address_tags)
# With ``stops``: the humanities walks' sights and rest points.
STOP_RULE = FeatureRule("stops", ("tourism", "historic", "amenity"),
                        lambda obj: is_walk_stop(obj.tags), _all_tags)


def _basemap_rule(*, streets_read: bool) -> FeatureRule:
    """
    The basemap's rule; with ``streets_read`` the street lines come from the PBF reader.

    A way with ``highway`` and an area tag still passes pyosmium's filter then: skipped here.
    """
    def wants(obj: osmium.osm.OSMObject) -> bool:
        return not obj.is_node() and not (streets_read and obj.is_way() and "highway" in obj.tags)

    return FeatureRule("basemap", ("highway", *BASEMAP_FILTER_KEYS), wants, _basemap_tags,
                       shape=_basemap_geometry, whole=True)


FEATURE_FIELDS = ("amenities", "places", "buildings", "addresses", "landuse", "basemap", "stops")


def _feature_rules(*, buildings: bool, addresses: bool, basemap: bool, stops: bool,
                   streets_read: bool) -> list[FeatureRule]:
    """The rules of the consumers a read is asked for."""
    asked = [
        (True, AMENITY_RULE), (True, PLACE_RULE), (buildings, BUILDING_RULE),
        (buildings, LANDUSE_RULE), (addresses, ADDRESS_RULE), (stops, STOP_RULE),
    ]
    rules = [rule for on, rule in asked if on]
    if basemap:
        rules.append(_basemap_rule(streets_read=streets_read))
    return rules


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
        offline geocoder).
    basemap
        Also keep what the offline basemap draws (see :class:`OsmExtract`).
    stops
        Also keep the sights and rest points of humanities walks (:func:`is_walk_stop`).
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
    rules = _feature_rules(buildings=buildings, addresses=addresses, basemap=basemap,
                           stops=stops, streets_read=fast is not None)
    ways, found = _one_pass(path, rules, fast, clip)
    table = ways.table() if fast is None else _fast_table(fast)
    kept = {name: found[name].frame() for name in FEATURE_FIELDS}
    if basemap and fast is not None:
        after = np.asarray(found["basemap"].after_way, np.int64)
        kept["basemap"] = _with_street_lines(kept["basemap"], after, fast)
    if clip is not None:
        whole = {rule.name for rule in rules if rule.whole}
        table, kept = _clipped(table, kept, clip, whole=whole, ways_clipped=fast is not None)
    if table.way_count == 0:
        where = " inside the clip boundary / 边界内" if clip is not None else ""
        msg = f"{path.name} holds no walkable ways{where} / 该文件中没有可步行的道路"
        raise EmptyExtractError(msg)
    logger.info(
        "Read %s in one pass: %s walkable ways, %d learning amenities, %d places, %d buildings,"
        " %d land-use areas", path.name, f"{table.way_count:,}", len(found["amenities"].wkb),
        len(found["places"].wkb), len(found["buildings"].wkb), len(found["landuse"].wkb),
    )
    return OsmExtract(
        source=path.name, ways=table, amenities=kept["amenities"], places=kept["places"],
        buildings=kept["buildings"], addresses=kept["addresses"] if addresses else None,
        landuse=kept["landuse"] if buildings else None,
        basemap=kept["basemap"] if basemap else None,
        stops=kept["stops"] if stops else None,
    )


def _filter_keys(rules: list[FeatureRule], *, walk: bool) -> tuple[str, ...]:
    """
    The keys of pyosmium's filter: the rules' keys, and ``highway`` for the walk network.

    Without ``walk`` the fast reader has the streets: pyosmium sees them only when
    another key asks.
    """
    keys = dict.fromkeys((*(("highway",) if walk else ()), *(k for rule in rules for k in rule.keys)))
    if not walk:
        keys.pop("highway", None)
    return tuple(keys)


def _clipped(table: WayTable, kept: dict[str, gpd.GeoDataFrame], clip: shapely.Geometry, *,
             whole: set[str], ways_clipped: bool) -> tuple[WayTable, dict[str, gpd.GeoDataFrame]]:
    """
    The ways and features in ``clip``; those named in ``whole`` where they touch it.

    With ``ways_clipped`` the fast reader already kept only the ways with a node inside.
    """
    if not ways_clipped:
        table = clip_ways(table, clip)
    return table, {name: _clip_frame(frame, clip, whole=name in whole) for name, frame in kept.items()}


def _one_pass(path: Path, rules: list[FeatureRule], fast: HighwayWays | None,
              clip: shapely.Geometry | None) -> tuple[_WayList, dict[str, _FeatureList]]:
    """
    Hand every object of the file to the walk network (unless ``fast`` read it) and the rules.

    Each feature notes the last way it came after, so the basemap's rows and the fast
    reader's street lines merge back into the file's order (areas come in batches, so
    one may move past some streets: they are drawn in other layers, so the tiles stay
    the same).
    """
    walk = fast is None
    keys = _filter_keys(rules, walk=walk)
    ways = _WayList()
    found = {name: _FeatureList() for name in FEATURE_FIELDS}
    wkb = osmium.geom.WKBFactory()
    last_way = -1
    try:
        processor = _feature_objects(path, keys, None if walk or clip is None else fast.locations)
        # pyosmium hands out one object at a time: this loop is the file boundary.
        for obj in processor:
            if obj.is_way():
                last_way = obj.id
            elif obj.is_relation():  # past the ways: what comes now follows every street
                last_way = np.iinfo(np.int64).max
            if walk and obj.is_way() and "highway" in obj.tags:
                ways.add(obj)
            shapes: dict[Callable, tuple[str, int, str] | None] = {}
            for rule in rules:
                if not rule.wants(obj):
                    continue
                if rule.shape not in shapes:  # one geometry per object and kind of shape
                    shapes[rule.shape] = rule.shape(obj, wkb)
                shape = shapes[rule.shape]
                if shape is not None:
                    found[rule.name].add(*shape[:2], rule.keep(obj.tags), shape[2], last_way)
    except RuntimeError as exc:
        raise _unreadable(path, exc) from None
    return ways, found


def _read_highways_fast(path: Path, clip: shapely.Geometry | None, *,
                        extra_keys: tuple[str, ...] = ()) -> HighwayWays | None:
    """The ``highway`` ways of a sorted PBF by :func:`read_highways`; None for other files."""
    if not path.name.lower().endswith(".pbf"):
        return None
    from learning_map.io.pbf import read_highways

    tag_keys = tuple(dict.fromkeys((*WAY_TAG_KEYS, *extra_keys)))
    found = read_highways(path, tag_keys=tag_keys, clip=clip)
    if not found.complete:  # nodes after ways (an unsorted file): pyosmium reads it all
        logger.info("%s is not sorted (nodes after ways); reading it the slow way", path.name)
        return None
    return found


def _fast_table(found: HighwayWays) -> WayTable:
    """The walkable ways among ``found`` (same rows as :meth:`_WayList.table`)."""
    tags = found.tags[list(WAY_TAG_KEYS)]
    table = WayTable(node_ref=found.node_ref, lon=found.lon, lat=found.lat,
                     way_start=found.way_start, tags=tags)
    return select_ways(table, walk_filter_mask(tags))


def _with_street_lines(drawn: gpd.GeoDataFrame, drawn_after_way: npt.NDArray[np.int64],
                       found: HighwayWays) -> gpd.GeoDataFrame:
    """
    The basemap rows plus every ``highway`` way as a line, in the file's order.

    As pyosmium's ``create_linestring`` makes them: repeated locations in a row count
    once, and ways with a missing node location or fewer than two places are left out.
    """
    n_ways = len(found.way_id)
    counts = np.diff(np.append(found.way_start, len(found.node_ref)))
    way_of = np.repeat(np.arange(n_ways), counts)
    lon, lat = found.lon, found.lat
    located = np.isfinite(lon) & np.isfinite(lat)
    whole = np.bincount(way_of[~located], minlength=n_ways) == 0
    fresh = np.ones(len(lon), dtype=bool)
    fresh[1:] = (lon[1:] != lon[:-1]) | (lat[1:] != lat[:-1]) | (way_of[1:] != way_of[:-1])
    drawable = whole & (np.bincount(way_of[fresh], minlength=n_ways) >= 2)
    point = fresh & drawable[way_of]
    line_of_way = np.cumsum(drawable) - 1
    lines = shapely.linestrings(lon[point], lat[point], indices=line_of_way[way_of[point]])
    rows = np.flatnonzero(drawable)
    tags: list[dict[str, str]] = [{} for _ in rows]
    for key in BASEMAP_TAG_KEYS:  # one pass per key, in the order pyosmium's dicts have
        values = found.tags[key].to_numpy()[rows]
        for i in np.flatnonzero(pd.notna(values)).tolist():
            tags[i][key] = values[i]
    streets = gpd.GeoDataFrame(
        {"osm_type": np.full(len(rows), "way", dtype=object), "osm_id": found.way_id[rows],
         "tags": tags}, geometry=lines, crs="EPSG:4326")
    # A street way sorts before the rows pyosmium gave after a later way.
    order = np.lexsort((np.concatenate((np.ones(len(drawn)), np.zeros(len(rows)))),
                        np.concatenate((drawn_after_way, found.way_id[rows]))))
    merged = pd.concat([drawn, streets], ignore_index=True).iloc[order]
    return merged.reset_index(drop=True)


def _feature_objects(path: Path, keys: tuple[str, ...],
                     locations: tuple[npt.NDArray[np.int64], ...] | None) -> Iterator[osmium.osm.OSMObject]:
    """
    The objects with one of ``keys``, with node locations on ways and areas assembled.

    Without ``locations`` pyosmium keeps every node location of the file. With them (ids
    and 1e-7 degree lon/lat of the nodes around a clip) those are the only locations held:
    untagged nodes are filtered out before pyosmium's location cache sees them, so memory
    follows the clipped city. Geometries reaching past them are dropped (broken geometry).
    """
    if locations is None:
        yield from (osmium.FileProcessor(str(path), osmium.osm.ALL).with_locations().with_areas()
                    .with_filter(osmium.filter.KeyFilter(*keys)))
        return
    # A map (sorted as filled), not sparse_mem_array: that vector is sorted only when
    # pyosmium sees node ids out of order, and the tagged nodes appended after our sorted
    # ones arrive in order, so lookups would miss (about 50 bytes a node, clip only).
    store = osmium.index.create_map("sparse_mem_map")
    ids, x, y = locations
    for node_id, lon, lat in zip(ids.tolist(), (x / 1e7).tolist(), (y / 1e7).tolist(), strict=True):
        store.set(node_id, osmium.osm.Location(lon, lat))
    tagged_nodes = osmium.filter.KeyFilter(*keys)
    tagged_nodes.enable_for(osmium.osm.NODE)
    locate = osmium.NodeLocationsForWays(store)
    locate.ignore_errors()
    chosen = osmium.filter.KeyFilter(*keys)
    # As osmium.FileProcessor.with_areas() does, with our filter before the location cache.
    areas = osmium.area.AreaManager()
    with osmium.io.Reader(str(path), osmium.osm.RELATION) as reader:
        osmium.apply(reader, areas.first_pass_handler())
    assembled = osmium.BufferIterator(chosen)
    second_pass = areas.second_pass_to_buffer(assembled)
    with osmium.io.Reader(str(path), osmium.osm.ALL) as reader:
        for obj in osmium.OsmFileIterator(reader, tagged_nodes, locate, second_pass, chosen):
            yield obj
            if assembled:
                yield from assembled
    if assembled:
        yield from assembled


def clip_ways(table: WayTable, clip: shapely.Geometry) -> WayTable:
    """
    Keep the ways with at least one node inside ``clip`` (WGS84).

    Whole ways are kept, so a street that crosses the boundary can be walked to its end.
    """
    if table.way_count == 0:
        return table
    shapely.prepare(clip)
    located = np.isfinite(table.lon)
    inside = np.zeros(len(table.node_ref), dtype=bool)
    inside[located] = shapely.contains_xy(clip, table.lon[located], table.lat[located])
    # One "any node inside" per way, in one pass over the flat node arrays.
    per_way = np.add.reduceat(inside.astype(np.int64), table.way_start) > 0
    return select_ways(table, per_way)


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
        raise _unreadable(path, exc) from None
    try:
        header = reader.header()
        stamp = header.get("osmosis_replication_timestamp") or header.get("timestamp")
    finally:
        reader.close()
    return int(stamp[:4]) if stamp[:4].isdigit() else None
