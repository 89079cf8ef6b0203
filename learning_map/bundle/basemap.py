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

Every rule of what is drawn at which zoom lives in :mod:`learning_map.bundle.basemap_layers`
(the sea from the coastline in :mod:`learning_map.bundle.sea`); this module cuts the layers
into tiles and writes the archive. :mod:`learning_map.io.osm` only keeps the features in
its one pass.
"""

from __future__ import annotations

import gzip
import io
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import shapely

from learning_map.base.safety import atomic_write
from learning_map.base.schema import OSM_ATTRIBUTION
from learning_map.bundle.basemap_layers import (
    LAYER_DESCRIPTIONS,
    MAX_ZOOM,
    MIN_ZOOM,
    BasemapSource,
    TileLayer,
    basemap_layers,
    network_source,
)
from learning_map.bundle.sea import sea_polygons
from learning_map.errors import N_, BundleError

if TYPE_CHECKING:
    import numpy.typing as npt

logger = logging.getLogger(__name__)

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


def pixel_m(zoom: int) -> float:
    """Metres (Web Mercator) of one 256-px tile pixel at ``zoom``."""
    return EARTH_CIRCUMFERENCE_M / (TILE_PX * 2 ** zoom)


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


def _zoom_tiles(layers: list[TileLayer], zoom: int, bounds_m: tuple[float, float, float, float]
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
    layers = basemap_layers(source, overview_m)
    encoded: list[tuple[int, bytes]] = []
    for zoom in range(min_zoom, max_zoom + 1):
        covered = overview_m if zoom <= OVERVIEW_MAX_ZOOM else bounds_m
        for (x, y), tile_layers in _zoom_tiles(layers, zoom, covered).items():
            encoded.append((zxy_to_tileid(zoom, x, y), _encode(tile_layers)))
    if not encoded:
        raise BundleError(N_("The basemap has no features in its bounds"))
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


__all__ = ["MAX_ZOOM", "MIN_ZOOM", "BasemapSource", "archive_up_to_zoom", "network_source", "sea_polygons",
           "write_basemap"]
