"""
What each consumer of an OSM read takes from the file: one :class:`FeatureRule` per consumer.

:func:`learning_map.io.osm.read_osm` hands every object to the rules it was asked for
(:func:`feature_rules`); a rule says which tags let an object past the file filter, whether
its consumer wants it, which tags it keeps and which geometry. The consumers
(:mod:`learning_map.city.sites`, ``places``, ``population``, :mod:`learning_map.city.geocode`,
``walks`` and :mod:`learning_map.bundle.basemap`) read the fields named after the rules.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import osmium
import shapely

if TYPE_CHECKING:
    from collections.abc import Callable

logger = logging.getLogger(__name__)

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

# Also with ``addresses``: every named place, building, amenity, office... for the name match
# (learning_map.city.name_match): its names, what it is (one of NAMED_KIND_KEYS), and the tags
# that say it has closed (lifecycle prefixes such as ``disused:amenity``, ``opening_hours``).
NAMED_KIND_KEYS = (
    "amenity", "office", "building", "place", "leisure", "tourism", "healthcare", "club", "historic",
    "shop", "landuse",
)
NAMED_TAG_KEYS = (
    "name", "name:zh", "name:zh-Hans", "name:zh-Hant", "name:en", "name:pt", "opening_hours", "disused",
    "abandoned", *NAMED_KIND_KEYS,
)
# OSM's lifecycle prefixes (https://wiki.openstreetmap.org/wiki/Lifecycle_prefix): a key written
# ``disused:amenity`` says the feature is no longer what it was.
LIFECYCLE_PREFIXES = frozenset({"disused", "abandoned", "was", "demolished", "removed", "razed", "destroyed"})

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


class FeatureList:
    """Features of one kind, gathered while the file streams past."""

    def __init__(self) -> None:
        self.osm_type: list[str] = []
        self.osm_id: list[int] = []
        self.tags: list[dict[str, str]] = []
        self.wkb: list[str] = []
        self.after_way: list[int] = []  # the last way each came after, for the file's order

    def add(self, osm_type: str, osm_id: int, tags: dict[str, str], wkb: str,
            after_way: int = -1) -> None:
        """Note one feature; ``after_way`` is the last way the file gave before it."""
        self.after_way.append(after_way)
        self.osm_type.append(osm_type)
        self.osm_id.append(osm_id)
        self.tags.append(tags)
        self.wkb.append(wkb)

    def frame(self) -> gpd.GeoDataFrame:
        """The features as a frame (EPSG:4326), in the order they came."""
        geometry = shapely.from_wkb(np.asarray(self.wkb, dtype=object))
        return gpd.GeoDataFrame(
            {"osm_type": self.osm_type, "osm_id": np.asarray(self.osm_id, dtype=np.int64),
             "tags": self.tags},
            geometry=geometry, crs="EPSG:4326",
        )


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


def _is_named(obj: osmium.osm.OSMObject) -> bool:
    """A named node or area that is something (a place, building, amenity, office...), not a street."""
    if not (obj.is_node() or obj.is_area()):
        return False
    tags = obj.tags
    return "name" in tags and "highway" not in tags and any(k in tags for k in NAMED_KIND_KEYS)


def _named_tags(tags: osmium.osm.TagList) -> dict[str, str]:
    """The names, kind and lifecycle tags of a named feature."""
    return {k: v for k, v in tags if k in NAMED_TAG_KEYS or k.split(":", 1)[0] in LIFECYCLE_PREFIXES}


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
# Also with ``addresses``: the name match's named features.
NAMED_RULE = FeatureRule("named", NAMED_KIND_KEYS, _is_named, _named_tags)
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


FEATURE_FIELDS = ("amenities", "places", "buildings", "addresses", "named", "landuse", "basemap", "stops")


def feature_rules(*, buildings: bool, addresses: bool, basemap: bool, stops: bool,
                  streets_read: bool) -> list[FeatureRule]:
    """The rules of the consumers a read is asked for."""
    asked = [
        (True, AMENITY_RULE), (True, PLACE_RULE), (buildings, BUILDING_RULE),
        (buildings, LANDUSE_RULE), (addresses, ADDRESS_RULE), (addresses, NAMED_RULE),
        (stops, STOP_RULE),
    ]
    rules = [rule for on, rule in asked if on]
    if basemap:
        rules.append(_basemap_rule(streets_read=streets_read))
    return rules
