"""
The printable yearly map: an A3/A1 poster and A4 district booklets, printed by Chromium.

The pages are laid out as HTML with inline SVG maps, rendered by autoescaped Jinja
templates of this package (``poster.html``, ``booklet.html``): data (site names,
addresses, unit names) reaches them only as escaped text; the SVG path data is made
here from numbers. Debian's Chromium prints them through Playwright (``page.pdf``):
vector maps, selectable text and embedded CJK fonts, which reportlab (no CFF outlines
for Noto CJK) and matplotlib (text a risk for ``pdftotext``) do not give. The PNG is a
screenshot of the same page at 300 dpi.

The map is drawn in the city's metric CRS (the walk network's), so the scale bar is true:

- basemap: water, green space, streets (major and medium named) and places, read from the
  bundle's offline basemap (vector tiles made from the OSM extract at build time,
  :mod:`learning_map.export.basemap`) at the tile zoom that fits the print scale, merged
  and simplified to it;
- the 15-minute coverage (adult pace, every category) as a soft tint, reporting-unit
  boundaries and names;
- sites as category symbols with numbers, whose labels go through :func:`place_labels`
  (greedy, candidate positions around each point, a leader line further out, dropped
  when nothing fits) so no two labels overlap;
- a numbered index with names, addresses and phones, and QR codes to
  ``{base_url}/site/<id>`` when a public URL is configured.
"""

from __future__ import annotations

import gzip
import math
import re
import shutil
import struct
import subprocess
import time
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from learning_map import settings
from learning_map.categories import CATEGORIES
from learning_map.errors import LearningMapError, ParameterError
from learning_map.export.jinja import environment
from learning_map.safety import atomic_write
from learning_map.schema import OSM_ATTRIBUTION
from learning_map.units import resolve_speed_kmh

if TYPE_CHECKING:
    import datetime
    from collections.abc import Callable, Sequence

    import geopandas as gpd
    import pandas as pd

    from learning_map.bundle import CityBundle

HERE = Path(__file__).parent
# Paper sizes (portrait, mm).
PAPER_MM = {"A3": (297.0, 420.0), "A1": (594.0, 841.0), "A4": (210.0, 297.0)}
POSTER_PAPERS = ("A3", "A1")
PNG_DPI = 300
CSS_PX_PER_IN = 96
MM_PER_IN = 25.4
# Everything on the poster scales with the paper: A1 is A3 drawn twice as large.
PAPER_SCALE = {"A3": 1.0, "A1": 2.0, "A4": 0.85}
# A QR code per site fits in the index up to this many sites; beyond it one QR code
# links to the public map instead.
QR_PER_SITE_MAX = {"A3": 12, "A1": 24}
PUBLIC_URL_ENV = "LEARNING_MAP_PUBLIC_URL"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Category symbols: the colour comes from learning_map.categories, the shape from here
# (so a black-and-white copy still tells the categories apart).
SYMBOLS = {"community_learning": "circle", "elderly_education": "square", "library": "diamond",
           "cultural_centre": "triangle", "school": "hexagon", "college": "pentagon",
           "university": "star"}
# Map colours: a quiet basemap under saturated site symbols.
STYLE = {"land": "#f6f3ec", "water": "#b9d7ea", "green": "#d5e8c4", "major": "#f3c46e",
         "medium": "#ffffff", "minor": "#ffffff", "casing": "#d8cfbf", "unit": "#6d5a8f",
         "coverage": "#f28c28"}
# Street widths (mm on A3) and the smallest print size worth drawing (mm).
ROAD_WIDTH_MM = {"major": 0.9, "medium": 0.6, "minor": 0.25}
MIN_AREA_MM2 = 0.6
# Unit names are spaced out a little (em), as district names on printed maps are.
UNIT_SPACING_EM = 0.08
# The tile zoom read for a map: its pixels at most this many mm on paper.
TILE_PIXEL_MAX_MM = 0.3


class MissingFontError(LearningMapError, RuntimeError):
    """No CJK font is installed, so Chinese would print as boxes."""


class PrinterError(LearningMapError, RuntimeError):
    """Chromium, which prints the poster, is missing or failed."""


# -- set-up checks -----------------------------------------------------------------------------

def check_cjk_font() -> str:
    """
    A CJK font family fontconfig knows (Chromium finds fonts through fontconfig).

    Raises
    ------
    MissingFontError
        When none is installed (or fontconfig is missing).
    """
    sentence = ("No Chinese (CJK) font is installed, so the poster cannot be printed; install "
                "Debian's fonts-noto-cjk (scripts/test.sh does) / 未找到中文字体，无法打印海报，"
                "请安装 fonts-noto-cjk")
    if shutil.which("fc-list") is None:
        raise MissingFontError(sentence)
    try:
        found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                               timeout=60, check=False).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise MissingFontError(sentence) from exc
    families = sorted({f.split(",")[0].strip() for f in found.splitlines() if f.strip()})
    if not families:
        raise MissingFontError(sentence)
    preferred = [f for f in families if "Sans CJK SC" in f] or [f for f in families if "Sans" in f]
    return (preferred or families)[0]


def chromium_path() -> str:
    """Debian's Chromium, which prints the pages."""
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists()
                                         else None)
    if found is None:
        msg = ("Chromium is not installed, so the poster cannot be printed; install Debian's "
               "chromium (scripts/test.sh does) / 未安装 Chromium，无法打印海报")
        raise PrinterError(msg)
    return found


def check_paper(paper: str) -> str:
    """The paper name in upper case, or a bilingual error."""
    name = str(paper).upper()
    if name not in POSTER_PAPERS:
        raise ParameterError("--paper", f"must be one of {', '.join(POSTER_PAPERS)}",
                             f"纸张须为 {'、'.join(POSTER_PAPERS)} 之一")
    return name


def check_base_url(url: str | None) -> str | None:
    """The public site's address without a trailing slash, or None; http(s) only."""
    if not url:
        return None
    url = url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")) or any(c.isspace() for c in url):
        raise ParameterError("--base-url", "must be an http:// or https:// address",
                             "须为 http:// 或 https:// 开头的网址")
    return url


# -- text sizes and label placement --------------------------------------------------------------

def text_width(text: str, size: float) -> float:
    """Approximate advance width of ``text`` at font ``size`` (CJK full width, Latin ~0.6)."""
    width = 0.0
    for ch in text:
        wide = unicodedata.east_asian_width(ch) in ("W", "F")
        width += 1.0 if wide else (0.32 if ch in " .,:;'|!il1" else 0.6)
    return width * size


@dataclass(frozen=True)
class Box:
    """An axis-aligned box on the page (mm, y down)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def intersects(self, other: Box) -> bool:
        """True when the boxes share area (touching edges do not count)."""
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def inside(self, other: Box) -> bool:
        """True when this box lies within ``other``."""
        return self.x0 >= other.x0 and self.y0 >= other.y0 and self.x1 <= other.x1 and self.y1 <= other.y1


@dataclass(frozen=True)
class Candidate:
    """One place a label may go: its box, where its text starts and an optional leader line."""

    box: Box
    x: float
    y: float
    anchor: str = "start"
    angle: float = 0.0
    leader: tuple[float, float, float, float] | None = None


class _Grid:
    """Placed boxes in a coarse grid, so a candidate is checked only against its neighbours."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[Box]] = {}

    def _keys(self, box: Box) -> list[tuple[int, int]]:
        c = self.cell
        return [(i, j) for i in range(int(box.x0 // c), int(box.x1 // c) + 1)
                for j in range(int(box.y0 // c), int(box.y1 // c) + 1)]

    def hits(self, box: Box) -> bool:
        return any(box.intersects(o) for k in self._keys(box) for o in self.cells.get(k, ()))

    def add(self, box: Box) -> None:
        for k in self._keys(box):
            self.cells.setdefault(k, []).append(box)


def point_candidates(x: float, y: float, width: float, height: float, *, gap: float,
                     leader_gaps: Sequence[float] = ()) -> list[Candidate]:
    """
    Positions for a label of ``width`` x ``height`` beside the point (x, y).

    First the eight positions around the point at ``gap`` (right, left, above, below, then
    the corners: the order cartographers prefer), then the same eight at each of
    ``leader_gaps`` with a leader line back to the point.
    """
    out = []
    for d, leader in ((gap, False), *((g, True) for g in leader_gaps)):
        # (dx, dy) of the box's reference corner; text baseline sits at 80 % of the height.
        for ox, oy in ((d, -height / 2), (-d - width, -height / 2), (-width / 2, -d - height),
                       (-width / 2, d), (d * 0.7, -d * 0.7 - height), (d * 0.7, d * 0.7),
                       (-d * 0.7 - width, -d * 0.7 - height), (-d * 0.7 - width, d * 0.7)):
            box = Box(x + ox, y + oy, x + ox + width, y + oy + height)
            line = None
            if leader:
                cx = min(max(x, box.x0), box.x1)
                cy = min(max(y, box.y0), box.y1)
                line = (x, y, cx, cy)
            out.append(Candidate(box, (box.x0 + box.x1) / 2, box.y0 + height * 0.78, "middle", 0.0,
                                 line))
    return out


def place_labels(requests: Sequence[Sequence[Candidate]], *, obstacles: Sequence[Box] = (),
                 frame: Box | None = None) -> list[Candidate | None]:
    """
    Greedy label placement: each label takes its first candidate that collides with nothing.

    Parameters
    ----------
    requests
        For each label, in priority order, its candidate positions in preference order.
    obstacles
        Boxes no label may cover (symbols, legend, scale bar).
    frame
        Labels must lie inside it.

    Returns
    -------
    placed
        The chosen candidate per label, None when none fitted (the label is dropped). The
        chosen boxes never intersect each other nor an obstacle.
    """
    sizes = [c.box.x1 - c.box.x0 for r in requests for c in r[:1]] or [1.0]
    grid = _Grid(max(4.0, float(np.median(sizes))))
    blockers = _Grid(grid.cell)
    for box in obstacles:
        blockers.add(box)
    placed: list[Candidate | None] = []
    for candidates in requests:
        chosen = None
        for candidate in candidates:
            if frame is not None and not candidate.box.inside(frame):
                continue
            if grid.hits(candidate.box) or blockers.hits(candidate.box):
                continue
            chosen = candidate
            break
        if chosen is not None:
            grid.add(chosen.box)
        placed.append(chosen)
    return placed


# -- the map frame and SVG geometry ------------------------------------------------------------

@dataclass
class Frame:
    """Where a metric extent lands on the page: ``box`` (mm) shows ``bounds`` (metres)."""

    box: Box
    bounds: tuple[float, float, float, float]

    @classmethod
    def fit(cls, box: Box, bounds: Sequence[float], *, margin: float = 0.04) -> Frame:
        """The extent ``bounds`` grown to the box's aspect (and a margin) and centred."""
        xmin, ymin, xmax, ymax = (float(v) for v in bounds)
        width_m = max(xmax - xmin, 1.0) * (1 + 2 * margin)
        height_m = max(ymax - ymin, 1.0) * (1 + 2 * margin)
        aspect = (box.x1 - box.x0) / (box.y1 - box.y0)
        if width_m / height_m < aspect:
            width_m = height_m * aspect
        else:
            height_m = width_m / aspect
        cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
        return cls(box, (cx - width_m / 2, cy - height_m / 2, cx + width_m / 2, cy + height_m / 2))

    @property
    def metres_per_mm(self) -> float:
        return (self.bounds[2] - self.bounds[0]) / (self.box.x1 - self.box.x0)

    def to_page(self, coords: np.ndarray) -> np.ndarray:
        """Metric (x, y) rows to page mm (y down)."""
        s = 1 / self.metres_per_mm
        return np.column_stack([self.box.x0 + (coords[:, 0] - self.bounds[0]) * s,
                                self.box.y0 + (self.bounds[3] - coords[:, 1]) * s])

    def point(self, x: float, y: float) -> tuple[float, float]:
        px, py = self.to_page(np.array([[x, y]]))[0]
        return float(px), float(py)

    def clip(self, geometry: Any) -> Any:
        """Geometries cut to the frame's extent (with a small margin)."""
        pad = 2 * self.metres_per_mm
        b = self.bounds
        return shapely.clip_by_rect(geometry, b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad)


def _ring_path(coords: np.ndarray, closed: bool) -> str:
    if len(coords) < 2:
        return ""
    parts = [f"M{coords[0, 0]:.2f} {coords[0, 1]:.2f}"]
    parts += [f"L{x:.2f} {y:.2f}" for x, y in coords[1:]]
    if closed:
        parts.append("Z")
    return "".join(parts)


def svg_path(geometries: Any, frame: Frame) -> str:
    """SVG path data (page mm) of metric geometries: lines open, polygon rings closed."""
    out = []
    for geometry in shapely.get_parts(np.atleast_1d(np.asarray(geometries, dtype=object))):
        if geometry is None or geometry.is_empty:
            continue
        kind = geometry.geom_type
        if kind == "Polygon":
            rings = [geometry.exterior, *geometry.interiors]
            out += [_ring_path(frame.to_page(np.asarray(r.coords)), True) for r in rings]
        elif kind == "LineString":
            out.append(_ring_path(frame.to_page(np.asarray(geometry.coords)), False))
        elif kind.startswith("Multi") or kind == "GeometryCollection":
            out.append(svg_path(list(shapely.get_parts(geometry)), frame))
    return "".join(out)


# -- the basemap from the bundle's vector tiles -------------------------------------------------

@dataclass
class Basemap:
    """Basemap features in the map's metric CRS."""

    water: Any = None
    green: Any = None
    waterways: list = field(default_factory=list)
    roads: dict[str, list[tuple[Any, str]]] = field(default_factory=dict)
    places: list[tuple[Any, str, str]] = field(default_factory=list)
    zoom: int | None = None


def display_name(props: dict[str, Any]) -> str:
    """The Chinese name of a basemap feature: name:zh*, else the CJK words of its name."""
    for key in ("name:zh", "name:zh-Hant", "name:zh-Hans"):
        if props.get(key):
            return str(props[key])
    name = str(props.get("name") or "")
    cjk = [w for w in name.split() if any(unicodedata.east_asian_width(c) == "W" for c in w)]
    return " ".join(cjk) if cjk else name


def read_basemap(bundle_dir: str | Path, frame: Frame, crs: Any) -> Basemap:
    """
    The bundle's offline basemap inside the frame, in ``crs``, simplified for its scale.

    Reads the tiles of one zoom (the coarsest whose pixels are at most
    :data:`TILE_PIXEL_MAX_MM` on paper), cuts each tile's features to the tile itself
    (tiles overlap at their edges), merges areas by kind and streets by name.
    """
    import geopandas as gpd
    import mapbox_vector_tile
    from pmtiles.reader import MmapSource, Reader

    from learning_map.bundle import basemap_archive
    from learning_map.export.basemap import EARTH_CIRCUMFERENCE_M, TILE_PX, _tile_range

    found = basemap_archive(bundle_dir)
    if found is None:
        return Basemap()
    xmin, ymin, xmax, ymax = frame.bounds
    corners = gpd.GeoSeries(shapely.points([xmin, xmax], [ymin, ymax]), crs=crs).to_crs(3857)
    merc = tuple(float(v) for v in corners.total_bounds)
    # Web Mercator stretches distances by 1/cos(latitude).
    lat = float(gpd.GeoSeries([shapely.box(*frame.bounds).centroid], crs=crs).to_crs(4326).y.iloc[0])
    stretch = 1 / math.cos(math.radians(lat))
    areas: dict[str, list] = {"water": [], "green": []}
    lines: dict[tuple[str, str], list] = {}
    places: list[tuple[Any, str, str]] = []
    with open(found[0], "rb") as handle:
        reader = Reader(MmapSource(handle))
        header = reader.header()
        wanted_m = frame.metres_per_mm * TILE_PIXEL_MAX_MM * stretch
        zoom = math.ceil(math.log2(EARTH_CIRCUMFERENCE_M / (TILE_PX * wanted_m)))
        zoom = min(max(zoom, header["min_zoom"]), header["max_zoom"])
        size = EARTH_CIRCUMFERENCE_M / 2 ** zoom
        xs, ys = _tile_range(merc, zoom)
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
                _collect(tile, (x0, y1, size), areas, lines, places)
    if not areas["water"] and not areas["green"] and not lines:
        return Basemap(zoom=zoom)
    tolerance = frame.metres_per_mm * 0.12

    def to_map(geometries: list) -> Any:
        series = gpd.GeoSeries(geometries, crs=3857).to_crs(crs)
        return series.simplify(tolerance).to_numpy()

    out = Basemap(zoom=zoom)
    min_area = MIN_AREA_MM2 * frame.metres_per_mm ** 2
    for kind in ("water", "green"):
        if areas[kind]:
            merged = to_map([shapely.union_all(shapely.make_valid(np.asarray(areas[kind])))])[0]
            parts = shapely.get_parts(merged)
            parts = parts[shapely.area(parts) >= min_area]
            setattr(out, kind, frame.clip(shapely.union_all(parts)) if len(parts) else None)
    for (kind, name), parts in lines.items():
        merged = shapely.line_merge(shapely.union_all(np.asarray(parts)))
        geometry = frame.clip(to_map([merged])[0])
        if geometry.is_empty:
            continue
        if kind == "waterway":
            out.waterways.append(geometry)
        else:
            out.roads.setdefault(kind, []).append((geometry, name))
    if places:
        points = to_map([p[0] for p in places])
        out.places = [(pt, name, kind) for pt, (_, name, kind) in zip(points, places, strict=True)]
    return out


def _collect(tile: dict, where: tuple[float, float, float], areas: dict, lines: dict,
             places: list) -> None:
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
                if kind in ("suburb", "quarter", "town", "island", "neighbourhood") and props.get("name"):
                    places.append((geometry, display_name(props), kind))
                continue
            geometry = shapely.clip_by_rect(geometry, x0, y1 - size, x0 + size, y1)
            if geometry.is_empty:
                continue
            if layer_name == "water":
                areas["water"].append(geometry)
            elif layer_name == "landcover" and kind in ("park", "wood", "grass", "cemetery", "pitch"):
                areas["green"].append(geometry)
            elif layer_name == "roads" and kind in ROAD_WIDTH_MM:
                lines.setdefault((kind, display_name(props)), []).append(geometry)
            elif layer_name == "waterway" and kind in ("river", "canal"):
                lines.setdefault(("waterway", ""), []).append(geometry)


# -- QR codes ----------------------------------------------------------------------------------

def qr_path(url: str) -> tuple[str, int]:
    """A QR code of ``url`` as SVG path data in module units, and its size (with a 4-module quiet zone)."""
    from learning_map.extras import require_extra

    require_extra("print", what="The printed map (export-year --no-print skips it)")
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(border=4, error_correction=ERROR_CORRECT_M)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                parts.append(f"M{start} {y}h{x - start}v1h{start - x}z")
            else:
                x += 1
    return "".join(parts), len(matrix)


def site_url(base_url: str, site_id: str) -> str:
    """The public page of one site (the web app's /site/<id>)."""
    from urllib.parse import quote

    return f"{base_url}/site/{quote(str(site_id), safe='')}"


# -- the poster ---------------------------------------------------------------------------------

@dataclass
class Poster:
    """Everything the templates need, and the placed labels (for checks)."""

    context: dict[str, Any]
    labels: list[Candidate]
    dropped: int


def _symbol_path(shape: str, x: float, y: float, r: float) -> str:
    """SVG path of a category symbol of radius ``r`` (mm) centred on (x, y)."""
    if shape == "circle":
        return (f"M{x - r:.2f} {y:.2f}a{r:.2f} {r:.2f} 0 1 0 {2 * r:.2f} 0"
                f"a{r:.2f} {r:.2f} 0 1 0 {-2 * r:.2f} 0z")
    corners = {"square": (4, 45, 0.9), "diamond": (4, 0, 1.15), "triangle": (3, -90, 1.25),
               "pentagon": (5, -90, 1.05), "hexagon": (6, 0, 1.0)}
    if shape == "star":
        angles = np.radians(np.arange(10) * 36 - 90)
        radii = np.where(np.arange(10) % 2 == 0, r * 1.3, r * 0.6)
    else:
        n, start, k = corners.get(shape, (4, 45, 0.9))
        angles = np.radians(np.arange(n) * 360 / n + start)
        radii = np.full(n, r * k * (1.414 if shape == "square" else 1.0))
    pts = np.column_stack([x + radii * np.cos(angles), y + radii * np.sin(angles)])
    return _ring_path(pts, True)


def legend_symbol(key: str, size: float) -> str:
    """A category symbol centred in a ``size`` x ``size`` square (legend and index)."""
    return _symbol_path(SYMBOLS.get(key, "circle"), size / 2, size / 2, size * 0.32)


def number_sites(sites: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Sites in index order (category, then north to south, west to east) with ``number`` 1..n."""
    order = {k: i for i, k in enumerate(CATEGORIES)}
    frame = sites.copy()
    frame["_cat"] = frame["category"].map(order).fillna(len(order))
    frame["_y"] = -frame.geometry.y.round(-1)
    frame["_x"] = frame.geometry.x.round(-1)
    frame = frame.sort_values(["_cat", "_y", "_x", "site_id"], kind="stable").reset_index(drop=True)
    frame["number"] = np.arange(1, len(frame) + 1)
    return frame.drop(columns=["_cat", "_y", "_x"])


def coverage_area(city: CityBundle, crs: Any) -> Any:
    """The area within a 15-minute walk (adult pace) of any site, in ``crs``."""
    minutes = max(settings.WALK_MINUTES)
    areas = city.model.isochrones(minutes=[minutes], speed_kmh=resolve_speed_kmh("adult"))
    areas = areas[~areas.is_empty]
    if not len(areas):
        return None
    return shapely.union_all(areas.to_crs(crs).geometry.to_numpy())


def nice_distance(metres: float) -> float:
    """The round distance (1, 2 or 5 x 10^k m) just below ``metres``."""
    power = 10 ** math.floor(math.log10(max(metres, 1e-9)))
    for step in (5, 2, 1):
        if step * power <= metres:
            return step * power
    return power


def _distance_text(metres: float) -> str:
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"


@dataclass
class MapLayers:
    """One map's SVG content (page mm) and its labels."""

    frame: Box
    paths: dict[str, Any]
    symbols: list[dict[str, Any]]
    labels: list[dict[str, Any]]
    leaders: list[tuple[float, float, float, float]]
    scale: dict[str, Any]
    north: dict[str, float]
    placed: list[Candidate]
    dropped: int


def draw_map(frame: Frame, basemap: Basemap, *, sites: gpd.GeoDataFrame, units: gpd.GeoDataFrame | None,
             unit_field: str | None, coverage: Any, k: float, reserved: Sequence[Box] = (),
             site_names: bool = False, highlight: Any = None) -> MapLayers:
    """
    The SVG layers of one map and its placed labels.

    ``k`` scales every size (1 on A3). ``reserved`` are page boxes (legend, scale bar)
    inside the frame that labels keep clear of. ``highlight`` (a booklet's unit) is drawn
    strong and the rest of the map veiled.
    """
    paths: dict[str, Any] = {
        "water": svg_path(basemap.water, frame) if basemap.water is not None else "",
        "green": svg_path(basemap.green, frame) if basemap.green is not None else "",
        "waterways": svg_path(basemap.waterways, frame),
        "coverage": svg_path(frame.clip(coverage), frame) if coverage is not None else "",
        "roads": [], "units": "", "highlight": "", "veil": "",
    }
    for kind in ("minor", "medium", "major"):
        geometries = [g for g, _ in basemap.roads.get(kind, [])]
        if geometries:
            paths["roads"].append({"kind": kind, "d": svg_path(geometries, frame),
                                   "width": ROAD_WIDTH_MM[kind] * k, "color": STYLE[kind]})
    unit_rows = []
    if units is not None and unit_field:
        unit_rows = [(g, str(n)) for g, n in zip(units.geometry, units[unit_field], strict=True)
                     if g is not None and not g.is_empty]
        paths["units"] = svg_path(frame.clip([g for g, _ in unit_rows]), frame)
    if highlight is not None:
        paths["highlight"] = svg_path(frame.clip(highlight), frame)
        outside = shapely.box(*frame.bounds).buffer(frame.metres_per_mm * 5).difference(highlight)
        paths["veil"] = svg_path(outside, frame)

    page = frame.box
    symbol_r = 1.25 * k
    symbols, obstacles = [], list(reserved)
    for row in sites.itertuples():
        x, y = frame.point(row.geometry.x, row.geometry.y)
        if not (page.x0 <= x <= page.x1 and page.y0 <= y <= page.y1):
            continue
        category = CATEGORIES.get(row.category)
        symbols.append({"d": _symbol_path(SYMBOLS.get(row.category, "circle"), x, y, symbol_r),
                        "color": category.color if category else "#555555",
                        "number": int(row.number), "x": x, "y": y, "name": str(row.name)})
        obstacles.append(Box(x - symbol_r, y - symbol_r, x + symbol_r, y + symbol_r))

    requests, info = [], []
    # Crowded maps set the numbers a little smaller (2 mm is about 5.7 pt) to place more of them.
    site_size = (2.3 if len(symbols) <= 60 else 2.0) * k
    for s in symbols:
        text = f"{s['number']} {s['name']}" if site_names else str(s["number"])
        # The box holds the white halo too (0.3 mm each side), so halos never cover text.
        w, h = text_width(text, site_size) + 1.0 * k, site_size * 1.25
        requests.append(point_candidates(s["x"], s["y"], w, h, gap=symbol_r + 0.3 * k,
                                         leader_gaps=(symbol_r + 3 * k, symbol_r + 6 * k, symbol_r + 9 * k)))
        info.append({"text": text, "size": site_size, "class": "site"})
    unit_size = 3.1 * k if highlight is None else 4.2 * k
    for geometry, name in unit_rows:
        if highlight is not None and not geometry.equals(highlight):
            continue
        point = geometry.representative_point()
        x, y = frame.point(point.x, point.y)
        w, h = text_width(name, unit_size) + UNIT_SPACING_EM * unit_size * len(name), unit_size * 1.1
        candidates = [c for dy in (0, -1, 1, -2, 2)
                      for c in [Candidate(Box(x - w / 2, y - h / 2 + dy * h, x + w / 2, y + h / 2 + dy * h),
                                          x, y + h * 0.3 + dy * h, "middle")]]
        requests.append(candidates)
        info.append({"text": name, "size": unit_size, "class": "unit",
                     "spacing": UNIT_SPACING_EM * unit_size})
    if not unit_rows:
        for point, name, _kind in basemap.places:
            x, y = frame.point(point.x, point.y)
            w, h = text_width(name, unit_size * 0.85), unit_size
            requests.append([Candidate(Box(x - w / 2, y - h / 2, x + w / 2, y + h / 2), x,
                                       y + h * 0.3, "middle")])
            info.append({"text": name, "size": unit_size * 0.85, "class": "unit"})
    road_size = 1.9 * k
    for kind in ("major", "medium"):
        for geometry, name in sorted(basemap.roads.get(kind, []), key=lambda r: -r[0].length):
            if not name:
                continue
            candidates = _line_candidates(geometry, name, road_size, frame)
            if candidates:
                requests.append(candidates)
                info.append({"text": name, "size": road_size, "class": "road"})
    placed = place_labels(requests, obstacles=obstacles, frame=page)
    labels, leaders, chosen = [], [], []
    dropped = 0
    for candidate, meta in zip(placed, info, strict=True):
        if candidate is None:
            dropped += meta["class"] == "site"
            continue
        chosen.append(candidate)
        labels.append({**meta, "x": candidate.x, "y": candidate.y, "anchor": candidate.anchor,
                       "angle": candidate.angle})
        if candidate.leader is not None:
            leaders.append(candidate.leader)
    bar_m = nice_distance(frame.metres_per_mm * 40 * k)
    scale = {"mm": bar_m / frame.metres_per_mm, "text": _distance_text(bar_m),
             "half": _distance_text(bar_m / 2)}
    return MapLayers(page, paths, symbols, labels, leaders, scale, {}, chosen, dropped)


def _line_candidates(geometry: Any, name: str, size: float, frame: Frame) -> list[Candidate]:
    """Positions along a street for its name: straight stretches, text rotated to the street."""
    width_mm = text_width(name, size)
    out = []
    for part in sorted(shapely.get_parts(geometry), key=lambda g: -g.length)[:3]:
        length_mm = part.length / frame.metres_per_mm
        if length_mm < width_mm * 1.3:
            continue
        for fraction in (0.5, 0.3, 0.7, 0.15, 0.85):
            half = width_mm / 2 * frame.metres_per_mm
            at = part.length * fraction
            if at - half < 0 or at + half > part.length:
                continue
            a, b = part.interpolate(at - half), part.interpolate(at + half)
            mid = part.interpolate(at)
            # Skip bends: the street must run straight under the whole name.
            if shapely.distance(mid, shapely.LineString([a, b])) > frame.metres_per_mm * size * 0.35:
                continue
            (ax, ay), (bx, by) = frame.point(a.x, a.y), frame.point(b.x, b.y)
            mx, my = frame.point(mid.x, mid.y)
            angle = math.degrees(math.atan2(by - ay, bx - ax))
            if angle > 90:
                angle -= 180
            elif angle < -90:
                angle += 180
            # The rotated text's bounding box, a little conservative.
            c, s = abs(math.cos(math.radians(angle))), abs(math.sin(math.radians(angle)))
            hw = (width_mm * c + size * s) / 2
            hh = (width_mm * s + size * c) / 2
            out.append(Candidate(Box(mx - hw, my - hh, mx + hw, my + hh), mx, my, "middle", angle))
    return out


def poster_document(city: CityBundle, bundle_dir: str | Path, *, year: int, title: str,
                    paper: str = "A3", units: gpd.GeoDataFrame | None = None,
                    unit_field: str | None = None, base_url: str | None = None,
                    publisher: str | None = None, review_number: str | None = None,
                    font: str = "Noto Sans CJK SC",
                    coverage_rows: pd.DataFrame | None = None) -> Poster:
    """
    The poster as HTML (an autoescaped template) and its placed labels.

    Parameters
    ----------
    city
        The city as of ``year``.
    bundle_dir
        The bundle (its offline basemap is drawn).
    year, title
        Printed in the header.
    paper
        ``"A3"`` or ``"A1"`` (portrait).
    units, unit_field
        Reporting units drawn with their names.
    base_url
        Public site for QR codes; None prints none.
    publisher, review_number
        Printed in the footer when given (mainland maps need a 审图号).
    font
        The CJK font family (from :func:`check_cjk_font`).
    coverage_rows
        The city's coverage table (for the headline figures).
    """
    from learning_map._version import __version__

    paper = check_paper(paper)
    k = PAPER_SCALE[paper]
    width_mm, height_mm = PAPER_MM[paper]
    crs = city.network.crs
    sites = number_sites(city.sites.to_crs(crs))
    metric_units = units.to_crs(crs) if units is not None else None
    margin = 12 * k
    header_mm = 34 * k
    footer_mm = 16 * k
    qr_each = bool(base_url) and len(sites) <= QR_PER_SITE_MAX[paper]
    # The index's columns and type size: the first that fits in 45 % of the page.
    limit_mm = height_mm * 0.45
    for columns, font_mm in INDEX_LAYOUTS[paper]:
        index_mm = _index_height(sites, columns=columns, width_mm=width_mm - 2 * margin, k=k,
                                 qr_each=qr_each, font_mm=font_mm)
        if index_mm <= limit_mm:
            break
    index_mm = min(index_mm, limit_mm)
    map_box = Box(margin, margin + header_mm, width_mm - margin,
                  height_mm - margin - footer_mm - index_mm - 4 * k)
    bounds = _extent(city, metric_units, sites)
    frame = Frame.fit(map_box, bounds)
    basemap = read_basemap(bundle_dir, frame, crs)
    coverage = coverage_area(city, crs)
    present = [key for key in CATEGORIES if key in set(sites["category"])]
    legend_h = (9 + 4.6 * (len(present) + 4)) * k
    legend = Box(map_box.x0 + 3 * k, map_box.y1 - 3 * k - legend_h, map_box.x0 + 78 * k, map_box.y1 - 3 * k)
    scalebar = Box(map_box.x1 - 60 * k, map_box.y1 - 14 * k, map_box.x1 - 2 * k, map_box.y1 - 2 * k)
    north = Box(map_box.x1 - 16 * k, map_box.y0 + 2 * k, map_box.x1 - 2 * k, map_box.y0 + 22 * k)
    layers = draw_map(frame, basemap, sites=sites, units=metric_units, unit_field=unit_field,
                      coverage=coverage, k=k, reserved=[legend, scalebar, north],
                      site_names=len(sites) <= 30)
    index = _index_groups(sites, base_url if qr_each else None)
    map_qr = None
    if base_url and not qr_each:
        d, n = qr_path(base_url + "/")
        map_qr = {"d": d, "n": n, "url": base_url + "/"}
    context = {
        "title": title, "year": year, "city": city.name, "paper": paper, "k": k,
        "width_mm": width_mm, "height_mm": height_mm, "margin": margin, "header_mm": header_mm,
        "footer_mm": footer_mm, "index_mm": index_mm, "columns": columns, "font": font,
        "index_font": font_mm,
        "map": layers, "style": STYLE, "legend": legend, "scalebar": scalebar, "north": north,
        "legend_items": [{"key": key, "zh": CATEGORIES[key].label_zh, "en": CATEGORIES[key].label_en,
                          "color": CATEGORIES[key].color, "d": legend_symbol(key, 4 * k),
                          "count": int((sites["category"] == key).sum())} for key in present],
        "has_units": metric_units is not None, "index": index, "qr_each": qr_each, "map_qr": map_qr,
        "minutes": max(settings.WALK_MINUTES), "speed_kmh": resolve_speed_kmh("adult"),
        "headline": _headline(coverage_rows), "sites_count": len(sites),
        "publisher": publisher, "review_number": review_number, "attribution": OSM_ATTRIBUTION,
        "version": __version__, "symbol_size": 4 * k,
    }
    html = environment().get_template("poster.html").render(**context)
    context["html"] = html
    return Poster(context, layers.placed, layers.dropped)


def _extent(city: CityBundle, units: gpd.GeoDataFrame | None, sites: gpd.GeoDataFrame) -> tuple:
    """What the map must show: the sites and units, else the street network."""
    parts = [shapely.box(*sites.total_bounds)] if len(sites) else []
    if units is not None and len(units):
        parts.append(shapely.box(*units.total_bounds))
    if not parts:
        xs = city.network.node_x
        ys = city.network.node_y
        return float(np.min(xs)), float(np.min(ys)), float(np.max(xs)), float(np.max(ys))
    return shapely.union_all(parts).bounds


INDEX_LINE = 1.3
# (columns, type size mm at A3 scale) tried in turn; 2 mm is about 5.7 pt, still legible.
# A1 is A3 drawn twice as large (PAPER_SCALE), so the same layouts suit both.
INDEX_LAYOUTS = dict.fromkeys(POSTER_PAPERS, ((4, 2.35), (5, 2.2), (5, 2.0)))


def _index_height(sites: gpd.GeoDataFrame, *, columns: int, width_mm: float, k: float,
                  qr_each: bool, font_mm: float) -> float:
    """The index's height on the page: its entries' lines (wrapped) spread over the columns."""
    heading_mm = 9 * k
    if qr_each:
        return heading_mm + math.ceil(len(sites) / columns) * 19 * k
    column_mm = (width_mm - (columns - 1) * 5 * k) / columns
    size = font_mm * k
    lines = 0
    for row in sites.itertuples():
        meta = " ".join(_clean(getattr(row, c, "")) for c in ("address", "phone"))
        text = f"{row.number}   {row.name} {meta}".strip()
        lines += max(1, math.ceil(text_width(text, size) / (column_mm - 5 * k)))
    lines += 2.2 * sites["category"].nunique()
    # Columns break between entries, not evenly: a little room to spare.
    return heading_mm + lines * size * INDEX_LINE / columns * 1.1 + 3 * k


def _index_groups(sites: gpd.GeoDataFrame, base_url: str | None) -> list[dict[str, Any]]:
    groups = []
    for key in [*CATEGORIES, *sorted(set(sites["category"]) - set(CATEGORIES))]:
        rows = sites[sites["category"] == key]
        if not len(rows):
            continue
        category = CATEGORIES.get(key)
        entries = []
        for row in rows.itertuples():
            entry = {"number": int(row.number), "name": str(row.name),
                     "address": _clean(getattr(row, "address", "")),
                     "phone": _clean(getattr(row, "phone", "")), "site_id": str(row.site_id)}
            if base_url:
                url = site_url(base_url, row.site_id)
                entry["qr"], entry["qr_n"] = qr_path(url)
                entry["url"] = url
            entries.append(entry)
        groups.append({"key": key, "zh": category.label_zh if category else key,
                       "en": category.label_en if category else key,
                       "color": category.color if category else "#555555",
                       "d": legend_symbol(key, 3.2), "entries": entries})
    return groups


def _clean(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _headline(rows: pd.DataFrame | None) -> dict[str, Any] | None:
    """The city's share of residents within 15 minutes of any site, adult and elderly pace."""
    if rows is None or not len(rows):
        return None
    minutes = max(settings.WALK_MINUTES)
    city = rows[(rows["unit"] == rows["unit"].iloc[0]) & (rows["minutes"] == minutes)
                & ~rows["category"].isin(list(CATEGORIES))]
    out = {}
    for pace in ("adult", "elderly"):
        row = city[city["pace"] == pace]
        if len(row):
            column = "population_share" if pace == "adult" else "elderly_share"
            value = row[column].iloc[0] if column in row else None
            out[pace] = None if value is None or value != value else round(float(value) * 100)
    return out or None


# -- booklets -------------------------------------------------------------------------------------

def booklet_document(city: CityBundle, bundle_dir: str | Path, *, year: int, title: str,
                     units: gpd.GeoDataFrame, unit_field: str, coverage_rows: pd.DataFrame,
                     changes: pd.DataFrame, previous: CityBundle | None,
                     scorecard: pd.DataFrame | None = None, font: str = "Noto Sans CJK SC",
                     publisher: str | None = None, review_number: str | None = None) -> str:
    """
    One A4 page per reporting unit: its map, its sites, its coverage and what changed there.

    Site numbers are the poster's.
    """
    from learning_map._version import __version__

    k = PAPER_SCALE["A4"]
    width_mm, height_mm = PAPER_MM["A4"]
    crs = city.network.crs
    sites = number_sites(city.sites.to_crs(crs))
    metric_units = units.to_crs(crs).reset_index(drop=True)
    coverage = coverage_area(city, crs)
    margin = 12.0
    map_box = Box(margin, 36.0, width_mm - margin, 36.0 + 128.0)
    before = previous.sites.to_crs(crs) if previous is not None else None
    minutes = max(settings.WALK_MINUTES)
    pages = []
    for _, row in metric_units.iterrows():
        geometry = row.geometry
        if geometry is None or geometry.is_empty:
            continue
        name = str(row[unit_field])
        frame = Frame.fit(map_box, geometry.bounds, margin=0.12)
        basemap = read_basemap(bundle_dir, frame, crs)
        inside = sites[sites.within(geometry)]
        view = sites[sites.intersects(shapely.box(*frame.bounds))]
        scalebar = Box(map_box.x1 - 50 * k, map_box.y1 - 12 * k, map_box.x1 - 2 * k, map_box.y1 - 2 * k)
        layers = draw_map(frame, basemap, sites=view, units=metric_units, unit_field=unit_field,
                          coverage=coverage, k=k, reserved=[scalebar], site_names=len(view) <= 12,
                          highlight=geometry)
        figures = _unit_figures(coverage_rows, name, minutes)
        checks = []
        if scorecard is not None and len(scorecard):
            part = scorecard[(scorecard["unit"] == name) & scorecard["pass"].notna()]
            for check in part.to_dict("records"):
                key = check["key"]
                label = CATEGORIES[key].label_zh if key in CATEGORIES else str(key)
                value = (_percent(check["value"]) if check["kind"] != "presence"
                         else f"{check['value']:g}")
                checks.append({"rule": str(check["rule"]), "label": label,
                               "pace": {"adult": "成人", "elderly": "老人"}.get(check["pace"], ""),
                               "limit": str(check["limit"] or ""), "value": value,
                               "pass": bool(check["pass"])})
        here_changes = _unit_changes(changes, geometry, sites, before)
        pages.append({
            "name": name, "number": len(pages) + 1, "map": layers, "scalebar": scalebar,
            "sites": [{"number": int(s.number), "name": str(s.name),
                       "category": CATEGORIES[s.category].label_zh if s.category in CATEGORIES else s.category,
                       "color": CATEGORIES[s.category].color if s.category in CATEGORIES else "#555",
                       "d": legend_symbol(s.category, 3.2),
                       "address": _clean(getattr(s, "address", "")), "phone": _clean(getattr(s, "phone", ""))}
                      for s in inside.itertuples()],
            "figures": figures, "checks": checks, "changes": here_changes,
        })
    context = {"title": title, "year": year, "city": city.name, "pages": pages, "font": font,
               "style": STYLE, "k": k, "map_box": map_box, "width_mm": width_mm,
               "height_mm": height_mm, "previous_year": year - 1 if previous is not None else None,
               "minutes": minutes, "attribution": OSM_ATTRIBUTION, "version": __version__,
               "publisher": publisher, "review_number": review_number,
               "legend_items": [{"zh": c.label_zh, "color": c.color, "d": legend_symbol(key, 3.2)}
                                for key, c in CATEGORIES.items() if key in set(sites["category"])]}
    return environment().get_template("booklet.html").render(**context)


def _percent(value: Any) -> str:
    if value is None or value != value:
        return "–"
    return f"{float(value) * 100:.0f}%"


def _unit_figures(rows: pd.DataFrame, unit: str, minutes: float) -> list[dict[str, Any]]:
    part = rows[(rows["unit"] == unit) & (rows["minutes"] == minutes)]
    out = []
    keys = [*[k for k in CATEGORIES if k in set(part["category"])],
            *[k for k in dict.fromkeys(part["category"]) if k not in CATEGORIES]]
    for key in keys:
        adult = part[(part["category"] == key) & (part["pace"] == "adult")]
        elderly = part[(part["category"] == key) & (part["pace"] == "elderly")]
        if not len(adult):
            continue
        change = adult["population_share_change_pp"].iloc[0] if "population_share_change_pp" in adult else None
        out.append({
            "label": CATEGORIES[key].label_zh if key in CATEGORIES else "全部学习场所",
            "all": key not in CATEGORIES,
            "adult": _percent(adult["population_share"].iloc[0]),
            "elderly": _percent(elderly["elderly_share"].iloc[0]) if len(elderly) else "–",
            "change": None if change is None or change != change else f"{change:+.1f}",
        })
    return out


def _unit_changes(changes: pd.DataFrame, geometry: Any, sites: gpd.GeoDataFrame,
                  before: gpd.GeoDataFrame | None) -> list[dict[str, str]]:
    """The year's changes at sites inside the unit (closed sites located by last year's place)."""
    where = dict(zip(sites["site_id"], sites.geometry, strict=True))
    if before is not None:
        for site_id, point in zip(before["site_id"], before.geometry, strict=True):
            where.setdefault(site_id, point)
    out = []
    for row in changes.itertuples():
        point = where.get(row.site_id)
        if point is None or not geometry.contains(point):
            continue
        what = row.action_zh
        if row.action == "changed":
            what = f"{row.action_zh} {row.field}: {row.old_value} → {row.new_value}"
        out.append({"action": row.action, "what": what, "name": str(row.name)})
    return out


# -- printing -----------------------------------------------------------------------------------

@dataclass
class Printed:
    """What :func:`print_pages` wrote and how long Chromium took."""

    pdf_bytes: int
    png_size: tuple[int, int] | None
    seconds: float


def print_pages(html: str, pdf_path: Path, *, paper: str, png_path: Path | None = None,
                dpi: int = PNG_DPI, when: datetime.datetime | None = None) -> Printed:
    """
    Print ``html`` to a PDF (vector, fonts embedded) and optionally its first page to a PNG.

    The page loads with every request but ``data:`` blocked: the document is self-contained.
    ``when`` replaces the PDF's creation and modification dates (Chromium's output is
    otherwise the same on every run, so a re-export gives the same bytes).
    """
    from learning_map.extras import require_extra

    require_extra("print", what="The printed map (export-year --no-print skips it)")
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    width_mm, height_mm = PAPER_MM[paper]
    css_w = width_mm / MM_PER_IN * CSS_PX_PER_IN
    css_h = height_mm / MM_PER_IN * CSS_PX_PER_IN
    scale = dpi / CSS_PX_PER_IN
    executable = chromium_path()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": math.ceil(css_w), "height": math.ceil(css_h)})
                _load(page, html)
                pdf = page.pdf(width=f"{width_mm}mm", height=f"{height_mm}mm", print_background=True,
                               margin={"top": "0", "right": "0", "bottom": "0", "left": "0"},
                               prefer_css_page_size=True)
                png = None
                if png_path is not None:
                    # The page zoomed to the PNG's pixels, so the screenshot is exactly the
                    # paper at ``dpi`` (a device scale factor rounds the clip to CSS pixels).
                    px_w, px_h = round(width_mm / MM_PER_IN * dpi), round(height_mm / MM_PER_IN * dpi)
                    page = browser.new_page(viewport={"width": px_w, "height": px_h})
                    _load(page, html)
                    page.add_style_tag(content=f"html {{ zoom: {scale}; }}")
                    page.evaluate("document.fonts.ready.then(() => true)")
                    png = page.screenshot(type="png")
            finally:
                browser.close()
    except PlaywrightError as exc:
        msg = (f"Chromium could not print the poster ({str(exc).splitlines()[0]}) / "
               "Chromium 打印海报失败")
        raise PrinterError(msg) from exc
    if when is not None:
        pdf = fixed_pdf_dates(pdf, when)
    with atomic_write(pdf_path, "wb") as handle:
        handle.write(pdf)
    size = None
    if png is not None and png_path is not None:
        png = with_dpi(png, dpi)
        with atomic_write(png_path, "wb") as handle:
            handle.write(png)
        size = png_size(png)
    return Printed(len(pdf), size, round(time.perf_counter() - started, 2))


def fixed_pdf_dates(pdf: bytes, when: datetime.datetime) -> bytes:
    """The PDF with its /CreationDate and /ModDate set to ``when`` (same length: offsets hold)."""
    stamp = when.strftime("%Y%m%d%H%M%S").encode("ascii")
    return re.sub(rb"(/(?:CreationDate|ModDate) ?\(D:)\d{14}", lambda m: m.group(1) + stamp, pdf)


def _load(page: Any, html: str) -> None:
    page.route("**/*", _only_data)
    page.set_content(html, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")


def _only_data(route: Any) -> None:
    if route.request.url.startswith(("data:", "about:")):
        route.continue_()
    else:
        route.abort()


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) in pixels from a PNG's header."""
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def with_dpi(data: bytes, dpi: int) -> bytes:
    """The PNG with a pHYs chunk saying ``dpi`` (print shops and viewers read the size from it)."""
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    # Drop an existing pHYs, then put ours right after IHDR (8-byte signature + 25-byte IHDR).
    out, pos = [data[:33]], 33
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        end = pos + 12 + length
        if kind != b"pHYs":
            out.append(data[pos:end])
        pos = end
    out.insert(1, chunk)
    return b"".join(out)


def write_print(city: CityBundle, bundle_dir: str | Path, folder: Path, *, year: int, title: str,
                paper: str, units: gpd.GeoDataFrame | None, unit_field: str | None,
                base_url: str | None, publisher: str | None, review_number: str | None,
                coverage_rows: pd.DataFrame, changes: pd.DataFrame, previous: CityBundle | None,
                scorecard: pd.DataFrame | None, font: str, when: datetime.datetime | None = None,
                log: Callable[[str], None] | None = None) -> list[str]:
    """Write ``learning-map-YEAR.pdf``/``.png`` and, with units, ``booklet-YEAR.pdf``; their names."""
    started = time.perf_counter()
    poster = poster_document(city, bundle_dir, year=year, title=title, paper=paper, units=units,
                             unit_field=unit_field, base_url=base_url, publisher=publisher,
                             review_number=review_number, font=font, coverage_rows=coverage_rows)
    names = [f"learning-map-{year}.pdf", f"learning-map-{year}.png"]
    printed = print_pages(poster.context["html"], folder / names[0], paper=paper,
                          png_path=folder / names[1], when=when)
    if log:
        log(f"poster: {printed.pdf_bytes:,} bytes PDF, PNG {printed.png_size}, laid out and printed "
            f"in {time.perf_counter() - started:.1f} s ({printed.seconds:.1f} s in Chromium); "
            f"{poster.dropped} site numbers found no room on the map (the index lists every site)")
    if units is not None and unit_field:
        started = time.perf_counter()
        html = booklet_document(city, bundle_dir, year=year, title=title, units=units,
                                unit_field=unit_field, coverage_rows=coverage_rows, changes=changes,
                                previous=previous, scorecard=scorecard, font=font,
                                publisher=publisher, review_number=review_number)
        names.append(f"booklet-{year}.pdf")
        booklet = print_pages(html, folder / names[-1], paper="A4", when=when)
        if log:
            log(f"booklet: {booklet.pdf_bytes:,} bytes PDF, laid out and printed in "
                f"{time.perf_counter() - started:.1f} s ({booklet.seconds:.1f} s in Chromium)")
    return names


__all__ = ["Box", "Candidate", "MissingFontError", "PrinterError", "check_cjk_font",
           "place_labels", "point_candidates", "poster_document", "print_pages", "write_print"]
