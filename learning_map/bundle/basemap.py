"""
The offline basemap: vector tiles made at build time from the same OSM extract.

:func:`write_basemap` draws land and water, green space, buildings, streets by class
with their names and place labels into one PMTiles archive (``basemap.pmtiles`` in
the bundle), tiles encoded as Mapbox Vector Tiles and gzipped. The web app serves the
file with HTTP range requests and the browser (protomaps-leaflet) reads only the
tiles it shows, so a worker's memory does not grow with the city.

Layers (``kind`` says what a feature is; names keep ``name``, ``name:zh``,
``name:en`` and ``name:pt``):

- ``water``: sea (from the coastline, inside the archive's bounds), lakes, reservoirs
  and river areas;
- ``waterway``: rivers and canals (streams and drains at street zooms);
- ``landcover``: parks, gardens, pitches, woods, grass, cemeteries and beaches;
- ``buildings``: footprints, at the highest zoom only;
- ``roads``: ``major``, ``medium``, ``minor``, ``service`` and ``path``, each from its
  own zoom (:data:`ROAD_CLASSES`);
- ``places``: city, district and neighbourhood points (:data:`PLACE_MIN_ZOOM`), and
  named parks (``kind`` = ``park``) at street zoom.

Every rule of what is drawn at which zoom lives here; :mod:`learning_map.io.osm`
only keeps the features in its one pass.
"""

from __future__ import annotations

import gzip
import io
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import shapely

from learning_map.base.safety import atomic_write
from learning_map.base.schema import OSM_ATTRIBUTION

if TYPE_CHECKING:
    import numpy.typing as npt

    from learning_map.walking.network import WalkNetwork

logger = logging.getLogger(__name__)

MIN_ZOOM = 10
# Tiles stop at a street zoom; the browser draws closer zooms from these (overzoom).
MAX_ZOOM = 15
EXTENT = 4096
# Each tile holds its neighbours' edges too, so lines and labels join without seams.
BUFFER_PX = 8
TILE_PX = 256
EARTH_CIRCUMFERENCE_M = 40_075_016.685_578_49
HALF_WORLD_M = EARTH_CIRCUMFERENCE_M / 2
# The archive covers the street network plus this margin (degrees, about 3 km)...
MARGIN_DEG = 0.03
# ...and, up to OVERVIEW_MAX_ZOOM, where a phone sees the whole city and more around it,
# this wider one (about 25 km), so the sea does not stop at a visible edge.
OVERVIEW_MARGIN_DEG = 0.25
OVERVIEW_MAX_ZOOM = 12
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
LAYER_DESCRIPTIONS = {
    "water": "Sea, lakes and river areas", "waterway": "Rivers and canals",
    "landcover": "Parks, gardens, woods, grass and beaches", "buildings": "Building footprints",
    "roads": "Streets and paths by class, with names", "places": "District and place names",
}


def pixel_m(zoom: int) -> float:
    """Metres (Web Mercator) of one 256-px tile pixel at ``zoom``."""
    return EARTH_CIRCUMFERENCE_M / (TILE_PX * 2 ** zoom)


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
class _Layer:
    """One layer's features in Web Mercator: geometry, properties and first zoom."""

    name: str
    geometry: npt.NDArray[np.object_]
    properties: list[dict[str, Any]]
    min_zoom: npt.NDArray[np.int64]
    area: bool = False


def _names(tags: dict[str, str]) -> dict[str, str]:
    return {k: tags[k] for k in NAME_KEYS if k in tags}


def _mercator(geometry: gpd.GeoSeries) -> npt.NDArray[np.object_]:
    return geometry.to_crs("EPSG:3857").to_numpy()


def _area_kind(tags: dict[str, str], table: dict[tuple[str, str], str]) -> str | None:
    for key in ("natural", "waterway", "landuse", "leisure"):
        kind = table.get((key, tags.get(key, "")))
        if kind is not None:
            return kind
    return None


def _layers(source: BasemapSource, bounds_m: tuple[float, float, float, float]) -> list[_Layer]:
    """Sort the extract's features into the tile layers (the rules of this module)."""
    features = source.features
    tags = features["tags"].tolist() if len(features) else []
    geometry = _mercator(features.geometry) if len(features) else np.empty(0, dtype=object)
    kind = shapely.get_type_id(geometry) if len(geometry) else np.empty(0, dtype=int)
    is_line = kind == 1
    is_area = (kind == 3) | (kind == 6)
    water, waterway, landcover, buildings, roads, coast = [], [], [], [], [], []
    for i, t in enumerate(tags):
        if is_line[i]:
            road = ROAD_CLASSES.get(t.get("highway", ""))
            if road is not None:
                roads.append((i, {"kind": road[0], **_names(t)}, road[1]))
            elif t.get("waterway") in WATERWAY_MIN_ZOOM:
                waterway.append((i, {"kind": t["waterway"], **_names(t)},
                                 WATERWAY_MIN_ZOOM[t["waterway"]]))
            elif t.get("natural") == "coastline":
                coast.append(i)
        elif is_area[i]:
            if "building" in t and t["building"] != "no":
                buildings.append((i, {}, BUILDINGS_MIN_ZOOM))
            elif (w := _area_kind(t, WATER_AREAS)) is not None:
                water.append((i, {"kind": w}, MIN_ZOOM))
            elif (g := _area_kind(t, LANDCOVER_AREAS)) is not None:
                landcover.append((i, {"kind": g, **_names(t)}, MIN_ZOOM))

    def layer(name: str, rows: list, *, area: bool = False) -> _Layer:
        index = np.asarray([r[0] for r in rows], dtype=np.int64)
        return _Layer(name, geometry[index] if len(index) else np.empty(0, dtype=object),
                      [r[1] for r in rows], np.asarray([r[2] for r in rows], dtype=np.int64), area)

    sea = sea_polygons(geometry[np.asarray(coast, dtype=np.int64)] if coast else [], bounds_m)
    # The sea first: a tile draws its features in order, lakes and docks over the sea.
    water_layer = layer("water", water, area=True)
    water_layer.geometry = np.concatenate([np.asarray(sea, dtype=object), water_layer.geometry])
    water_layer.properties = [{"kind": "sea"}] * len(sea) + water_layer.properties
    water_layer.min_zoom = np.concatenate([np.full(len(sea), MIN_ZOOM), water_layer.min_zoom])
    # Paths first and main roads last, so crossings show the main road on top.
    roads.sort(key=lambda r: ["path", "service", "minor", "medium", "major"].index(r[1]["kind"]))
    places = _place_layer(source.places)
    # Named parks get a label point inside them, at street zoom, after the places.
    named = [r for r in landcover if r[1]["kind"] == "park" and r[1].get("name")]
    if named:
        places.geometry = np.concatenate(
            [places.geometry, shapely.point_on_surface(geometry[[r[0] for r in named]])])
        places.properties = places.properties + [r[1] for r in named]
        places.min_zoom = np.concatenate([places.min_zoom, np.full(len(named), PARK_LABEL_MIN_ZOOM)])
    return [water_layer, layer("waterway", waterway), layer("landcover", landcover, area=True),
            layer("buildings", buildings, area=True), layer("roads", roads), places]


def _place_layer(places: gpd.GeoDataFrame) -> _Layer:
    rows = []
    keep = []
    for i, t in enumerate(places["tags"].tolist() if len(places) else []):
        zoom = PLACE_MIN_ZOOM.get(t.get("place", ""))
        if zoom is not None and t.get("name"):
            keep.append(i)
            rows.append(({"kind": t["place"], **_names(t)}, zoom))
    points = (shapely.point_on_surface(_mercator(places.geometry.iloc[keep]))
              if keep else np.empty(0, dtype=object))
    return _Layer("places", points, [r[0] for r in rows],
                  np.asarray([r[1] for r in rows], dtype=np.int64))


def sea_polygons(coastlines: npt.ArrayLike, bounds: tuple[float, float, float, float]) -> list:
    """
    The sea inside ``bounds``, from coastline lines (OSM: land on the left, water on the right).

    The box is cut along the coastlines (a chain that ends inside the box, at a land
    border, is carried on straight to the box's edge); a piece is sea when more points just to the
    right of the coastline fall inside it than points just to the left. Without a
    coastline there is no sea.

    Parameters
    ----------
    coastlines
        Coastline LineStrings, in the same metric CRS as ``bounds``.
    bounds
        (xmin, ymin, xmax, ymax).

    Returns
    -------
    polygons
    """
    lines = shapely.clip_by_rect(np.asarray(coastlines, dtype=object), *bounds)
    lines = shapely.get_parts(lines[~shapely.is_empty(lines)]) if len(lines) else lines
    lines = lines[shapely.get_type_id(lines) == 1] if len(lines) else lines
    if not len(lines):
        return []
    box = shapely.box(*bounds)
    # An extract stops at a land border, where its coastline ends inside the box (Macau's
    # peninsula against Zhuhai): carry each such end on, the way the coast was heading, to
    # the edge of the box, so the land it bounds is cut from the sea.
    reach_m = float(np.hypot(bounds[2] - bounds[0], bounds[3] - bounds[1]))
    extensions = []
    for chain in shapely.get_parts(shapely.line_merge(shapely.union_all(lines))):
        if chain.is_closed:
            continue
        back_m = min(200.0, chain.length / 2)
        for end, before in ((0.0, back_m), (chain.length, chain.length - back_m)):
            tip = np.asarray(chain.interpolate(end).coords[0])
            heading = tip - np.asarray(chain.interpolate(before).coords[0])
            norm = float(np.hypot(*heading))
            if norm > 0 and box.boundary.distance(shapely.Point(tip)) > 1e-6:
                extensions.append(shapely.LineString([tip, tip + heading / norm * reach_m]))
    extended = shapely.clip_by_rect(np.asarray(extensions, dtype=object), *bounds)
    noded = shapely.union_all(np.concatenate([lines, extended, [box.boundary]]))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    coords, index = shapely.get_coordinates(lines, return_index=True)
    same = index[1:] == index[:-1]
    start, end = coords[:-1][same], coords[1:][same]
    middle = (start + end) / 2
    direction = end - start
    length = np.hypot(direction[:, 0], direction[:, 1])
    ok = length > 0
    # A point 0.5 m to the right of each segment's middle is in the water.
    normal = np.column_stack([direction[ok, 1], -direction[ok, 0]]) / length[ok, None] * 0.5
    right = shapely.points(middle[ok] + normal)
    left = shapely.points(middle[ok] - normal)
    tree = shapely.STRtree(faces)
    votes = np.zeros(len(faces))
    for points, sign in ((right, 1.0), (left, -1.0)):
        _, face = tree.query(points, predicate="within")
        np.add.at(votes, face, sign)
    return list(faces[votes > 0])


def tile_range(bounds_m: tuple[float, float, float, float], zoom: int) -> tuple[range, range]:
    """The tile columns and rows of ``zoom`` that cover ``bounds_m`` (Web Mercator metres)."""
    size = EARTH_CIRCUMFERENCE_M / 2 ** zoom
    xmin, ymin, xmax, ymax = bounds_m
    x0 = int((xmin + HALF_WORLD_M) // size)
    x1 = int((xmax + HALF_WORLD_M) // size)
    y0 = int((HALF_WORLD_M - ymax) // size)
    y1 = int((HALF_WORLD_M - ymin) // size)
    return range(x0, x1 + 1), range(y0, y1 + 1)


def _tile_bounds(zoom: int, x: npt.NDArray[np.int64], y: npt.NDArray[np.int64]) -> npt.NDArray:
    size = EARTH_CIRCUMFERENCE_M / 2 ** zoom
    xmin = x * size - HALF_WORLD_M
    ymax = HALF_WORLD_M - y * size
    return np.column_stack([xmin, ymax - size, xmin + size, ymax])


def _zoom_tiles(layers: list[_Layer], zoom: int, bounds_m: tuple[float, float, float, float]
                ) -> dict[tuple[int, int], dict[str, list]]:
    """Every tile of one zoom: layer name -> [(geometry in tile units, properties)]."""
    xs, ys = tile_range(bounds_m, zoom)
    grid_x, grid_y = (a.ravel() for a in np.meshgrid(np.asarray(xs), np.asarray(ys)))
    boxes = _tile_bounds(zoom, grid_x, grid_y)
    size = EARTH_CIRCUMFERENCE_M / 2 ** zoom
    pad = size * BUFFER_PX / TILE_PX
    padded = boxes + np.array([-pad, -pad, pad, pad])
    px = pixel_m(zoom)
    # At the last zoom the browser magnifies the tiles, so they keep more detail.
    tolerance = px * (0.25 if zoom == MAX_ZOOM else 0.6)
    tiles: dict[tuple[int, int], dict[str, list]] = {}
    for layer in layers:
        shown = layer.min_zoom <= zoom
        if not shown.any():
            continue
        index = np.flatnonzero(shown)
        geometry = layer.geometry[index]
        if layer.area:
            big = shapely.area(geometry) >= (2 * px) ** 2
            index, geometry = index[big], geometry[big]
            geometry = shapely.simplify(geometry, tolerance, preserve_topology=True)
        elif layer.name != "places":
            geometry = shapely.simplify(geometry, tolerance, preserve_topology=False)
        if not len(geometry):
            continue
        tree = shapely.STRtree(geometry)
        tile_i, feature_i = tree.query(shapely.box(*padded.T), predicate="intersects")
        if not len(tile_i):
            continue
        # clip_by_rect takes one rectangle: one call per tile, over that tile's features.
        order = np.argsort(tile_i, kind="stable")
        tile_i, feature_i = tile_i[order], feature_i[order]
        clipped = np.empty(len(tile_i), dtype=object)
        starts = np.flatnonzero(np.r_[True, tile_i[1:] != tile_i[:-1]])
        for start, stop in zip(starts, np.r_[starts[1:], len(tile_i)], strict=True):
            clipped[start:stop] = shapely.clip_by_rect(geometry[feature_i[start:stop]],
                                                       *padded[tile_i[start]])
        keep = ~shapely.is_empty(clipped)
        tile_i, feature_i, clipped = tile_i[keep], feature_i[keep], clipped[keep]
        # To tile units: x right and y down from the tile's top-left corner, 0..EXTENT.
        coords, owner = shapely.get_coordinates(clipped, return_index=True)
        corner = boxes[tile_i[owner]]
        scale = EXTENT / size
        local = np.column_stack([(coords[:, 0] - corner[:, 0]) * scale,
                                 (corner[:, 3] - coords[:, 1]) * scale])
        clipped = shapely.set_coordinates(clipped.copy(), local)
        for t, f, g in zip(tile_i, feature_i, clipped, strict=True):
            key = (int(grid_x[t]), int(grid_y[t]))
            tiles.setdefault(key, {}).setdefault(layer.name, []).append(
                {"geometry": g, "properties": layer.properties[index[f]]})
    return tiles


def _encode(layers: dict[str, list]) -> bytes:
    import mapbox_vector_tile
    from mapbox_vector_tile.encoder import on_invalid_geometry_make_valid

    data = mapbox_vector_tile.encode(
        [{"name": name, "features": features} for name, features in layers.items()],
        default_options={"extents": EXTENT, "y_coord_down": True,
                         "on_invalid_geometry": on_invalid_geometry_make_valid},
    )
    return gzip.compress(data, compresslevel=6, mtime=0)


def _widened(bounds: tuple[float, float, float, float], margin: float) -> tuple[float, ...]:
    west, south, east, north = bounds
    return west - margin, south - margin, east + margin, north + margin


def _widened_mercator(bounds_lonlat: tuple[float, float, float, float], margin: float
                      ) -> tuple[float, float, float, float]:
    west, south, east, north = _widened(bounds_lonlat, margin)
    corners = gpd.GeoSeries(shapely.points([west, east], [south, north]), crs="EPSG:4326")
    xmin, ymin, xmax, ymax = (float(v) for v in corners.to_crs("EPSG:3857").total_bounds)
    return xmin, ymin, xmax, ymax


def write_basemap(path: str | Path, source: BasemapSource,
                  bounds_lonlat: tuple[float, float, float, float], *,
                  min_zoom: int = MIN_ZOOM, max_zoom: int | None = None) -> dict[str, Any]:
    """
    Write the basemap of ``bounds_lonlat`` (plus :data:`MARGIN_DEG`) as a PMTiles archive.

    Parameters
    ----------
    path
        The ``.pmtiles`` file (written atomically).
    source
        Features from the OSM extract.
    bounds_lonlat
        (west, south, east, north) to cover, usually the street network's.
    min_zoom, max_zoom
        Zoom levels to write (``max_zoom`` default: the source's).

    Returns
    -------
    summary
        ``tiles``, ``bytes``, ``seconds``, ``min_zoom`` and ``max_zoom``, for ``meta.json``.
    """
    from pmtiles.tile import Compression, TileType, zxy_to_tileid
    from pmtiles.writer import Writer

    started = time.perf_counter()
    max_zoom = source.max_zoom if max_zoom is None else max_zoom
    bounds_m = _widened_mercator(bounds_lonlat, MARGIN_DEG)
    overview_m = _widened_mercator(bounds_lonlat, OVERVIEW_MARGIN_DEG)
    west, south, east, north = _widened(bounds_lonlat, MARGIN_DEG)
    layers = _layers(source, overview_m)
    encoded: list[tuple[int, bytes]] = []
    for zoom in range(min_zoom, max_zoom + 1):
        covered = overview_m if zoom <= OVERVIEW_MAX_ZOOM else bounds_m
        for (x, y), tile_layers in _zoom_tiles(layers, zoom, covered).items():
            encoded.append((zxy_to_tileid(zoom, x, y), _encode(tile_layers)))
    if not encoded:
        msg = "The basemap has no features in its bounds / 底图范围内没有任何要素"
        raise ValueError(msg)
    encoded.sort(key=lambda pair: pair[0])
    metadata = {
        "name": "learning-map basemap", "attribution": OSM_ATTRIBUTION,
        "vector_layers": [{"id": name, "description": text, "fields": {}}
                          for name, text in LAYER_DESCRIPTIONS.items()],
    }
    header = {
        "tile_type": TileType.MVT, "tile_compression": Compression.GZIP,
        "min_lon_e7": round(west * 1e7), "min_lat_e7": round(south * 1e7),
        "max_lon_e7": round(east * 1e7), "max_lat_e7": round(north * 1e7),
        "center_zoom": min(max_zoom, max(min_zoom, 13)),
        "center_lon_e7": round((west + east) / 2 * 1e7),
        "center_lat_e7": round((south + north) / 2 * 1e7),
    }
    path = Path(path)
    with atomic_write(path, "wb") as handle:
        writer = Writer(handle)
        for tile_id, data in encoded:
            writer.write_tile(tile_id, data)
        writer.finalize(header, metadata)
    summary = {"tiles": len(encoded), "bytes": path.stat().st_size,
               "seconds": round(time.perf_counter() - started, 2),
               "min_zoom": min_zoom, "max_zoom": max_zoom}
    logger.info("basemap: %s tiles, %s bytes in %.1f s", f"{summary['tiles']:,}",
                f"{summary['bytes']:,}", summary["seconds"])
    return summary


def archive_up_to_zoom(path: str | Path, max_zoom: int) -> bytes:
    """
    The archive's tiles up to ``max_zoom`` as a new, smaller PMTiles archive (in memory).

    The single-file offline map inlines this; the browser magnifies the last zoom.
    """
    from pmtiles.reader import MmapSource, Reader, all_tiles
    from pmtiles.tile import zxy_to_tileid
    from pmtiles.writer import Writer

    with open(path, "rb") as handle:
        get_bytes = MmapSource(handle)
        reader = Reader(get_bytes)
        header, metadata = reader.header(), reader.metadata()
        tiles = sorted((zxy_to_tileid(*zxy), data) for zxy, data in all_tiles(get_bytes)
                       if zxy[0] <= max_zoom)
    out = io.BytesIO()
    writer = Writer(out)
    for tile_id, data in tiles:
        writer.write_tile(tile_id, data)
    keep = ("tile_type", "tile_compression", "min_lon_e7", "min_lat_e7", "max_lon_e7",
            "max_lat_e7", "center_lon_e7", "center_lat_e7")
    writer.finalize({**{k: header[k] for k in keep}, "center_zoom": min(header["center_zoom"], max_zoom)},
                    metadata)
    return out.getvalue()


__all__ = ["BasemapSource", "archive_up_to_zoom", "network_source", "sea_polygons", "write_basemap"]
