"""
Reading the bundle's offline basemap back for print: the features of one map, in its CRS.

The tiles are those :mod:`learning_map.bundle.basemap` writes (``basemap.pmtiles``); the
printed maps (:mod:`learning_map.export.print`) read them at the zoom that fits their
scale, merged and simplified to it.
"""

from __future__ import annotations

import gzip
import math
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import shapely

from learning_map.bundle.basemap import EARTH_CIRCUMFERENCE_M, TILE_PX, tile_range
from learning_map.bundle.core import basemap_archive
from learning_map.city.scripts import SCRIPT_COLUMNS

if TYPE_CHECKING:
    from pathlib import Path

class Frame(Protocol):
    """
    The window a map shows, as a printed map's frame gives it.

    :class:`learning_map.export.print.svg.Frame` is one; the basemap reader needs only
    these, so the bundle layer does not depend on the print layer above it.
    """

    bounds: tuple[float, float, float, float]

    @property
    def metres_per_mm(self) -> float: ...

    def clip(self, geometry: Any) -> Any: ...


# The tile zoom read for a map: its pixels at most this many mm on paper.
TILE_PIXEL_MAX_MM = 0.3
# The smallest water or green area worth drawing (mm² on paper).
MIN_AREA_MM2 = 0.6
# The street classes a printed map draws (the basemap's ``roads`` kinds).
ROAD_KINDS = ("major", "medium", "minor")


@dataclass
class Basemap:
    """Basemap features in the map's metric CRS."""

    water: Any = None
    green: Any = None
    waterways: list = field(default_factory=list)
    roads: dict[str, list[tuple[Any, str]]] = field(default_factory=dict)
    places: list[tuple[Any, str, str]] = field(default_factory=list)
    zoom: int | None = None


def display_name(props: dict[str, Any], script: str = "zh-Hans") -> str:
    """
    The name of a basemap feature in ``script``: the Chinese one stored for it at build time.

    ``script`` is ``zh-Hans`` or ``zh-Hant``, or ``en`` / ``pt`` followed by the Chinese script
    for a feature without such a name (``"pt zh-Hant"``: ``name:pt``, else ``name:en``, else
    the traditional name). Archives built before names were stored per script: name:zh*, else the CJK
    words of its name.
    """
    language, _, chinese = script.partition(" ")
    if language in ("en", "pt"):
        for key in (f"name:{language}", "name:en"):
            if props.get(key):
                return str(props[key])
        script = chinese or "zh-Hans"
    for key in (SCRIPT_COLUMNS[script], "name:zh", "name:zh-Hant", "name:zh-Hans"):
        if props.get(key):
            return str(props[key])
    name = str(props.get("name") or "")
    cjk = [w for w in name.split() if any(unicodedata.east_asian_width(c) == "W" for c in w)]
    return " ".join(cjk) if cjk else name


@dataclass
class _Found:
    """Features gathered from the tiles, in Web Mercator metres."""

    areas: dict[str, list] = field(default_factory=lambda: {"water": [], "green": []})
    lines: dict[tuple[str, str], list] = field(default_factory=dict)
    places: list[tuple[Any, str, str]] = field(default_factory=list)


def read_basemap(bundle_dir: str | Path, frame: Frame, crs: Any, *, script: str = "zh-Hans") -> Basemap:
    """
    The bundle's offline basemap inside the frame, in ``crs``, simplified for its scale.

    Street and place names are the ones stored for ``script`` (``zh-Hans``, ``zh-Hant``, or
    ``"pt zh-Hant"``...: :func:`display_name`), so a printed map reads in its product's script.

    Reads the tiles of one zoom (the coarsest whose pixels are at most
    :data:`TILE_PIXEL_MAX_MM` on paper), cuts each tile's features to the tile itself
    (tiles overlap at their edges), merges areas by kind and streets by name.
    """
    archive = basemap_archive(bundle_dir)
    if archive is None:
        return Basemap()
    zoom, found = _read_tiles(archive[0], frame, crs, script)
    if not found.areas["water"] and not found.areas["green"] and not found.lines:
        return Basemap(zoom=zoom)
    return _to_map(found, frame, crs, zoom)


def _read_tiles(path: str | Path, frame: Frame, crs: Any, script: str) -> tuple[int, _Found]:
    """The zoom that fits the frame's scale and the features of its tiles over the frame."""
    import geopandas as gpd
    import mapbox_vector_tile
    from pmtiles.reader import MmapSource, Reader

    xmin, ymin, xmax, ymax = frame.bounds
    corners = gpd.GeoSeries(shapely.points([xmin, xmax], [ymin, ymax]), crs=crs).to_crs(3857)
    merc = tuple(float(v) for v in corners.total_bounds)
    # Web Mercator stretches distances by 1/cos(latitude).
    lat = float(gpd.GeoSeries([shapely.box(*frame.bounds).centroid], crs=crs).to_crs(4326).y.iloc[0])
    stretch = 1 / math.cos(math.radians(lat))
    found = _Found()
    with open(path, "rb") as handle:
        reader = Reader(MmapSource(handle))
        header = reader.header()
        wanted_m = frame.metres_per_mm * TILE_PIXEL_MAX_MM * stretch
        zoom = math.ceil(math.log2(EARTH_CIRCUMFERENCE_M / (TILE_PX * wanted_m)))
        zoom = min(max(zoom, header["min_zoom"]), header["max_zoom"])
        size = EARTH_CIRCUMFERENCE_M / 2 ** zoom
        xs, ys = tile_range(merc, zoom)
        for x in xs:
            for y in ys:
                data = reader.get(zoom, x, y)
                if not data:
                    continue
                if data[:2] == b"\x1f\x8b":
                    data = gzip.decompress(data)
                tile = mapbox_vector_tile.decode(data, default_options={"y_coord_down": True})
                x0 = x * size - EARTH_CIRCUMFERENCE_M / 2
                y1 = EARTH_CIRCUMFERENCE_M / 2 - y * size
                _collect(tile, (x0, y1, size), found, script)
    return zoom, found


def _to_map(found: _Found, frame: Frame, crs: Any, zoom: int) -> Basemap:
    """The gathered features in ``crs``: areas merged by kind, lines by kind and name."""
    import geopandas as gpd

    tolerance = frame.metres_per_mm * 0.12

    def to_map(geometries: list) -> Any:
        series = gpd.GeoSeries(geometries, crs=3857).to_crs(crs)
        return series.simplify(tolerance).to_numpy()

    out = Basemap(zoom=zoom)
    min_area = MIN_AREA_MM2 * frame.metres_per_mm ** 2
    for kind in ("water", "green"):
        if found.areas[kind]:
            merged = to_map([shapely.union_all(shapely.make_valid(np.asarray(found.areas[kind])))])[0]
            parts = shapely.get_parts(merged)
            parts = parts[shapely.area(parts) >= min_area]
            setattr(out, kind, frame.clip(shapely.union_all(parts)) if len(parts) else None)
    for (kind, name), parts in found.lines.items():
        merged = shapely.line_merge(shapely.union_all(np.asarray(parts)))
        geometry = frame.clip(to_map([merged])[0])
        if geometry.is_empty:
            continue
        if kind == "waterway":
            out.waterways.append(geometry)
        else:
            out.roads.setdefault(kind, []).append((geometry, name))
    if found.places:
        points = to_map([p[0] for p in found.places])
        out.places = [(pt, name, kind) for pt, (_, name, kind) in zip(points, found.places, strict=True)]
    return out


def _collect(tile: dict, where: tuple[float, float, float], found: _Found, script: str) -> None:
    """One decoded tile's features into Web Mercator metres, cut to the tile."""
    x0, y1, size = where
    for layer_name, layer in tile.items():
        if layer_name not in ("water", "landcover", "roads", "waterway", "places"):
            continue
        extent = layer.get("extent", 4096)
        scale = size / extent

        def to_mercator(coords: np.ndarray, scale: float = scale) -> np.ndarray:
            return np.column_stack([x0 + coords[:, 0] * scale, y1 - coords[:, 1] * scale])

        for feature in layer["features"]:
            props = feature.get("properties", {})
            kind = props.get("kind", "")
            geometry = shapely.transform(shapely.geometry.shape(feature["geometry"]), to_mercator)
            if layer_name == "places":
                if kind in ("suburb", "quarter", "town", "island", "neighbourhood", "water") and props.get("name"):
                    found.places.append((geometry, display_name(props, script), kind))
                continue
            geometry = shapely.clip_by_rect(geometry, x0, y1 - size, x0 + size, y1)
            if geometry.is_empty:
                continue
            if layer_name == "water":
                found.areas["water"].append(geometry)
            elif layer_name == "landcover" and kind in ("park", "wood", "grass", "cemetery", "pitch"):
                found.areas["green"].append(geometry)
            elif layer_name == "roads" and kind in ROAD_KINDS:
                found.lines.setdefault((kind, display_name(props, script)), []).append(geometry)
            elif layer_name == "waterway" and kind in ("river", "canal"):
                found.lines.setdefault(("waterway", ""), []).append(geometry)


__all__ = ["Basemap", "display_name", "read_basemap"]
