"""
What the basemap draws, at which zoom: the extract's features sorted into tile layers.

Every rule of what is drawn at which zoom lives here (the tables below, read by
:func:`basemap_layers`); :mod:`learning_map.bundle.basemap` cuts the layers into tiles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import shapely

from learning_map.bundle.sea import sea_polygons
from learning_map.city.scripts import SCRIPT_COLUMNS, region_of_bounds, tag_names

if TYPE_CHECKING:
    import numpy.typing as npt

    from learning_map.walking.network import WalkNetwork

MIN_ZOOM = 10
# Tiles stop at a street zoom; the browser draws closer zooms from these (overzoom).
MAX_ZOOM = 15
NAME_KEYS = ("name", "name:zh", "name:zh-Hans", "name:zh-Hant", "name:en", "name:pt")

# highway value -> (class, first zoom drawn).
ROAD_CLASSES: dict[str, tuple[str, int]] = {
    **dict.fromkeys(("motorway", "trunk", "primary", "motorway_link", "trunk_link",
                     "primary_link"), ("major", 10)),
    **dict.fromkeys(("secondary", "secondary_link"), ("medium", 11)),
    **dict.fromkeys(("tertiary", "tertiary_link"), ("medium", 12)),
    **dict.fromkeys(("residential", "unclassified", "living_street", "road"), ("minor", 13)),
    **dict.fromkeys(("service", "pedestrian"), ("service", 14)),
    **dict.fromkeys(("footway", "path", "steps", "cycleway", "track", "bridleway", "corridor"),
                    ("path", 15)),
}
WATERWAY_MIN_ZOOM = {"river": 10, "canal": 12, "stream": 14, "drain": 15, "ditch": 15}
# (key, value) -> kind, for areas drawn as water or as green space.
WATER_AREAS = {
    ("natural", "water"): "water", ("natural", "bay"): "water", ("waterway", "riverbank"): "river",
    ("waterway", "dock"): "water", ("landuse", "reservoir"): "water", ("landuse", "basin"): "water",
}
LANDCOVER_AREAS = {
    **{("leisure", v): "park" for v in ("park", "garden", "nature_reserve", "common",
                                        "recreation_ground", "golf_course")},
    **{("leisure", v): "pitch" for v in ("pitch", "playground", "track")},
    **{("landuse", v): "grass" for v in ("grass", "meadow", "village_green", "recreation_ground",
                                         "allotments", "orchard")},
    ("landuse", "forest"): "wood", ("natural", "wood"): "wood", ("natural", "scrub"): "wood",
    ("natural", "grassland"): "grass", ("natural", "heath"): "grass",
    ("landuse", "cemetery"): "cemetery",
    ("natural", "beach"): "beach", ("natural", "sand"): "beach",
}
PLACE_MIN_ZOOM = {
    "city": 10, "town": 10, "island": 11, "suburb": 12, "quarter": 13, "village": 13,
    "neighbourhood": 14, "islet": 14, "locality": 15, "hamlet": 15, "square": 15,
}
BUILDINGS_MIN_ZOOM = MAX_ZOOM
PARK_LABEL_MIN_ZOOM = MAX_ZOOM
# Water names from the zoom a city's lakes and bays are drawn at on a printed map.
WATER_LABEL_MIN_ZOOM = 12
LAYER_DESCRIPTIONS = {
    "water": "Sea, lakes and river areas", "waterway": "Rivers and canals",
    "landcover": "Parks, gardens, woods, grass and beaches", "buildings": "Building footprints",
    "roads": "Streets and paths by class, with names", "places": "District and place names",
}


@dataclass
class BasemapSource:
    """
    What the basemap is drawn from (WGS84), as :func:`learning_map.io.osm.read_osm` reads it.

    Attributes
    ----------
    features
        Its ``basemap`` frame: lines and areas with their tags.
    places
        Its ``places`` frame: named places.
    max_zoom
        The closest zoom to write tiles for: a big city may stop earlier (each zoom has
        four times the tiles of the one before; the browser magnifies the last one).
    """

    features: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    max_zoom: int = MAX_ZOOM


def network_source(network: WalkNetwork) -> BasemapSource:
    """
    A streets-only basemap source for a network without its extract (``build --place``).

    There is no land, water or place to draw; named streets are drawn as medium streets
    (from zoom 12) and the rest as minor ones, so the page still has streets under it.
    """
    lines = gpd.GeoSeries(network.edge_geometry, crs=network.crs).to_crs("EPSG:4326")
    names = network.edge_name if len(network.edge_name) == len(lines) else np.full(len(lines), "")
    tags = [{"highway": "tertiary", "name": str(n)} if n else {"highway": "residential"} for n in names]
    features = gpd.GeoDataFrame({"osm_type": "way", "osm_id": np.zeros(len(lines), dtype=np.int64),
                                 "tags": tags}, geometry=lines.to_numpy(), crs="EPSG:4326")
    places = gpd.GeoDataFrame({"osm_type": [], "osm_id": [], "tags": []},
                              geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326")
    return BasemapSource(features, places)


@dataclass
class TileLayer:
    """One layer's features in Web Mercator: geometry, properties and first zoom."""

    name: str
    geometry: npt.NDArray[np.object_]
    properties: list[dict[str, Any]]
    min_zoom: npt.NDArray[np.int64]
    area: bool = False


def _names(tags: dict[str, str], region: str | None = None) -> dict[str, str]:
    """The name tags, and the Chinese name per script (``name_zh_hans``, ``name_zh_hant``) the labels show."""
    names = {k: tags[k] for k in NAME_KEYS if k in tags}
    if names:
        scripts = tag_names(tags, region=region)
        names |= {column: scripts[locale] for locale, column in SCRIPT_COLUMNS.items() if scripts[locale]}
    return names


def _mercator(geometry: gpd.GeoSeries) -> npt.NDArray[np.object_]:
    return geometry.to_crs("EPSG:3857").to_numpy()


def _area_kind(tags: dict[str, str], table: dict[tuple[str, str], str]) -> str | None:
    for key in ("natural", "waterway", "landuse", "leisure"):
        kind = table.get((key, tags.get(key, "")))
        if kind is not None:
            return kind
    return None


def _sorted_features(tags: list[dict[str, str]], kind: npt.NDArray[np.int64],
                     region: str | None = None) -> dict[str, list]:
    """Feature rows ``(index, properties, first zoom)`` per layer, and the coastlines' indexes."""
    is_line = kind == 1
    is_area = (kind == 3) | (kind == 6)
    water, waterway, landcover, buildings, roads, coast = [], [], [], [], [], []
    for i, t in enumerate(tags):
        if is_line[i]:
            road = ROAD_CLASSES.get(t.get("highway", ""))
            if road is not None:
                roads.append((i, {"kind": road[0], **_names(t, region)}, road[1]))
            elif t.get("waterway") in WATERWAY_MIN_ZOOM:
                waterway.append((i, {"kind": t["waterway"], **_names(t, region)},
                                 WATERWAY_MIN_ZOOM[t["waterway"]]))
            elif t.get("natural") == "coastline":
                coast.append(i)
        elif is_area[i]:
            if "building" in t and t["building"] != "no":
                buildings.append((i, {}, BUILDINGS_MIN_ZOOM))
            elif (w := _area_kind(t, WATER_AREAS)) is not None:
                water.append((i, {"kind": w, **_names(t, region)}, MIN_ZOOM))
            elif (g := _area_kind(t, LANDCOVER_AREAS)) is not None:
                landcover.append((i, {"kind": g, **_names(t, region)}, MIN_ZOOM))
    return {"water": water, "waterway": waterway, "landcover": landcover, "buildings": buildings,
            "roads": roads, "coast": coast}


def _layer(name: str, rows: list, geometry: npt.NDArray[np.object_], *, area: bool = False) -> TileLayer:
    """The layer of ``rows`` (index into ``geometry``, properties, first zoom)."""
    index = np.asarray([r[0] for r in rows], dtype=np.int64)
    return TileLayer(name, geometry[index] if len(index) else np.empty(0, dtype=object),
                     [r[1] for r in rows], np.asarray([r[2] for r in rows], dtype=np.int64), area)


def _water_layer(water: list, coast: list[int], geometry: npt.NDArray[np.object_],
                 bounds_m: tuple[float, float, float, float]) -> TileLayer:
    """Lakes, docks and river areas, with the sea from the coastlines first."""
    sea = sea_polygons(geometry[np.asarray(coast, dtype=np.int64)] if coast else [], bounds_m)
    # The sea first: a tile draws its features in order, lakes and docks over the sea.
    water_layer = _layer("water", water, geometry, area=True)
    water_layer.geometry = np.concatenate([np.asarray(sea, dtype=object), water_layer.geometry])
    water_layer.properties = [{"kind": "sea"}] * len(sea) + water_layer.properties
    water_layer.min_zoom = np.concatenate([np.full(len(sea), MIN_ZOOM), water_layer.min_zoom])
    return water_layer


def _add_park_labels(places: TileLayer, landcover: list, geometry: npt.NDArray[np.object_]) -> None:
    """Named parks get a label point inside them, at street zoom, after the places."""
    named = [r for r in landcover if r[1]["kind"] == "park" and r[1].get("name")]
    if named:
        places.geometry = np.concatenate(
            [places.geometry, shapely.point_on_surface(geometry[[r[0] for r in named]])])
        places.properties = places.properties + [r[1] for r in named]
        places.min_zoom = np.concatenate([places.min_zoom, np.full(len(named), PARK_LABEL_MIN_ZOOM)])


def _add_water_labels(places: TileLayer, water: list, geometry: npt.NDArray[np.object_]) -> None:
    """Named lakes, reservoirs, bays and docks get a label point inside them (kind ``water``)."""
    named = [r for r in water if r[1].get("name")]
    if named:
        places.geometry = np.concatenate(
            [places.geometry, shapely.point_on_surface(geometry[[r[0] for r in named]])])
        places.properties = places.properties + [{**r[1], "kind": "water"} for r in named]
        places.min_zoom = np.concatenate([places.min_zoom, np.full(len(named), WATER_LABEL_MIN_ZOOM)])


def basemap_layers(source: BasemapSource, bounds_m: tuple[float, float, float, float]) -> list[TileLayer]:
    """Sort the extract's features into the tile layers (the rules of this module)."""
    features = source.features
    tags = features["tags"].tolist() if len(features) else []
    geometry = _mercator(features.geometry) if len(features) else np.empty(0, dtype=object)
    kind = shapely.get_type_id(geometry) if len(geometry) else np.empty(0, dtype=int)
    # The city's region picks Macau's or Hong Kong's own traditional name tags first.
    region = region_of_bounds(features.total_bounds) if len(features) else None
    rows = _sorted_features(tags, kind, region)
    water_layer = _water_layer(rows["water"], rows["coast"], geometry, bounds_m)
    # Paths first and main roads last, so crossings show the main road on top.
    rows["roads"].sort(key=lambda r: ["path", "service", "minor", "medium", "major"].index(r[1]["kind"]))
    places = _place_layer(source.places, region)
    _add_park_labels(places, rows["landcover"], geometry)
    _add_water_labels(places, rows["water"], geometry)
    return [water_layer, _layer("waterway", rows["waterway"], geometry),
            _layer("landcover", rows["landcover"], geometry, area=True),
            _layer("buildings", rows["buildings"], geometry, area=True),
            _layer("roads", rows["roads"], geometry), places]


def _place_layer(places: gpd.GeoDataFrame, region: str | None = None) -> TileLayer:
    rows = []
    keep = []
    for i, t in enumerate(places["tags"].tolist() if len(places) else []):
        zoom = PLACE_MIN_ZOOM.get(t.get("place", ""))
        if zoom is not None and t.get("name"):
            keep.append(i)
            rows.append(({"kind": t["place"], **_names(t, region)}, zoom))
    points = (shapely.point_on_surface(_mercator(places.geometry.iloc[keep]))
              if keep else np.empty(0, dtype=object))
    return TileLayer("places", points, [r[0] for r in rows],
                  np.asarray([r[1] for r in rows], dtype=np.int64))
