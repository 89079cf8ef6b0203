"""
One printed map's SVG layers and labels.

:func:`draw_map` is shared by the poster, the booklet pages and the walk card; it runs one
small step per layer and per kind of label, then places all labels at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import shapely

from learning_map import settings
from learning_map.base.units import minutes_to_metres, resolve_speed_kmh
from learning_map.city.categories import CATEGORIES
from learning_map.city.symbols import symbol_of
from learning_map.export.print.labels import (
    Box,
    Candidate,
    place_labels,
    point_candidates,
    text_width,
)
from learning_map.export.print.svg import svg_path, symbol_path
from learning_map.walking.isochrones import intervals_polygon

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from learning_map.bundle.core import CityBundle
    from learning_map.bundle.tiles import Basemap
    from learning_map.export.print.svg import Frame

# Map colours: a quiet basemap under saturated site symbols.
STYLE = {"land": "#f6f3ec", "water": "#b9d7ea", "green": "#d5e8c4", "major": "#f3c46e",
         "medium": "#ffffff", "minor": "#ffffff", "casing": "#d8cfbf", "unit": "#6d5a8f",
         "coverage": "#f28c28"}
# Coverage outlines: simplified by at least this much paper (mm), corners rounded in this many
# rounds of corner cutting (maps.smooth_area).
COVERAGE_SMOOTH_MM = 0.3
CHAIKIN_ROUNDS = 2
# Street widths (mm on A3).
ROAD_WIDTH_MM = {"major": 0.9, "medium": 0.6, "minor": 0.25}
# Unit names are spaced out a little (em), as district names on printed maps are.
UNIT_SPACING_EM = 0.08


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


def coverage_area(city: CityBundle, crs: Any, *, metres_per_mm: float | None = None) -> Any:
    """
    The area within a 15-minute walk (adult pace) of any site, in ``crs``, smoothed for print.

    The reach is traced from a grid (:func:`coverage_traced`), whose cell edges would print as
    stairs; the outline is simplified by at least a cell (and by :data:`COVERAGE_SMOOTH_MM` of
    paper at ``metres_per_mm``, the print scale, when given) and its corners rounded
    (:func:`smooth_area`). The area stays within a few per cent of the traced one.
    """
    traced = coverage_traced(city, crs)
    if traced is None:
        return None
    tolerance_m = max(settings.ISOCHRONE_CELL_M, COVERAGE_SMOOTH_MM * (metres_per_mm or 0.0))
    return smooth_area(traced, tolerance_m=tolerance_m)


def coverage_traced(city: CityBundle, crs: Any) -> Any:
    """The 15-minute reach (adult pace) of every site at once, as traced from the grid; None if empty."""
    budget_m = float(minutes_to_metres(max(settings.WALK_MINUTES), resolve_speed_kmh("adult")))
    area = intervals_polygon(city.network, city.model.intervals("all", budget_m))
    if area is None or area.is_empty:
        return None
    if str(crs) != str(city.network.crs):
        area = gpd.GeoSeries([area], crs=city.network.crs).to_crs(crs).iloc[0]
    return area


def smooth_area(area: Any, *, tolerance_m: float, rounds: int = CHAIKIN_ROUNDS) -> Any:
    """
    ``area`` simplified at ``tolerance_m`` (Douglas-Peucker, topology kept), its corners rounded.

    Each ring is cut at a quarter and three quarters of every segment ``rounds`` times
    (Chaikin's corner cutting): stairs left by the simplification and sharp corners become
    curves, and the area moves by a small part of the tolerance along the outline.
    """
    simplified = shapely.simplify(area, tolerance_m, preserve_topology=True)
    parts = []
    for part in shapely.get_parts(simplified):
        if not isinstance(part, shapely.Polygon) or part.is_empty:
            continue
        shell = _corner_cut(np.asarray(part.exterior.coords), rounds)
        holes = [_corner_cut(np.asarray(r.coords), rounds) for r in part.interiors]
        parts.append(shapely.Polygon(shell, holes))
    smoothed = shapely.make_valid(shapely.MultiPolygon(parts)) if parts else shapely.Polygon()
    polygons = [g for g in shapely.get_parts(smoothed) if isinstance(g, shapely.Polygon) and not g.is_empty]
    if not polygons:
        return shapely.Polygon()
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def _corner_cut(ring: np.ndarray, rounds: int) -> np.ndarray:
    """A closed ring after ``rounds`` of Chaikin's corner cutting (closed again)."""
    points = ring[:-1]
    if len(points) < 3:
        return ring
    for _ in range(rounds):
        following = np.roll(points, -1, axis=0)
        cut = np.empty((2 * len(points), 2))
        cut[0::2] = 0.75 * points + 0.25 * following
        cut[1::2] = 0.25 * points + 0.75 * following
        points = cut
    return np.vstack([points, points[:1]])


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
    dropped_numbers: list[int] = field(default_factory=list)


@dataclass
class _Requests:
    """Labels to place, in priority order: each one's candidates and what it shows."""

    candidates: list[list[Candidate]]
    info: list[dict[str, Any]]

    def add(self, candidates: list[Candidate], info: dict[str, Any]) -> None:
        self.candidates.append(candidates)
        self.info.append(info)


def draw_map(frame: Frame, basemap: Basemap, *, sites: gpd.GeoDataFrame, units: gpd.GeoDataFrame | None,
             unit_field: str | None, coverage: Any, k: float, reserved: Sequence[Box] = (),
             site_names: bool = False, highlight: Any = None, subtypes: bool = False,
             unlabelled: Collection[int] = (), far_leaders: bool = False) -> MapLayers:
    """
    The SVG layers of one map and its placed labels.

    ``k`` scales every size (1 on A3). ``reserved`` are page boxes (legend, scale bar)
    inside the frame that labels keep clear of. ``highlight`` (a booklet's unit) is drawn
    strong and the rest of the map veiled. ``subtypes`` draws elderly-education sites by
    their subtype's symbol; ``unlabelled`` are site numbers drawn without their number (an
    inset numbers them); ``far_leaders`` lets numbers go further out on longer leaders.
    """
    paths = _base_paths(frame, basemap, coverage, k)
    unit_rows = []
    if units is not None:
        # One outline per feature: the boundaries drawn are exactly the ones given (an
        # office's file, :mod:`~learning_map.export.print.boundaries`), countable on the sheet.
        names = units[unit_field] if unit_field else [""] * len(units)
        unit_rows = [(g, str(n)) for g, n in zip(units.geometry, names, strict=True)
                     if g is not None and not g.is_empty]
        paths["units"] = [d for d in (svg_path(frame.clip(g), frame) for g, _ in unit_rows) if d]
    if highlight is not None:
        paths["highlight"] = svg_path(frame.clip(highlight), frame)
        outside = shapely.box(*frame.bounds).buffer(frame.metres_per_mm * 5).difference(highlight)
        paths["veil"] = svg_path(outside, frame)
    symbol_r = 1.25 * k
    symbols, obstacles = _site_symbols(frame, sites, symbol_r, subtypes=subtypes)
    requests = _Requests([], [])
    skip = set(unlabelled)
    _site_requests(requests, [s for s in symbols if s["number"] not in skip], k=k, symbol_r=symbol_r,
                   site_names=site_names, far_leaders=far_leaders)
    unit_size = 3.1 * k if highlight is None else 4.2 * k
    _unit_requests(requests, unit_rows, frame, unit_size=unit_size, highlight=highlight)
    if not any(name for _, name in unit_rows):
        _place_requests(requests, basemap, frame, unit_size=unit_size)
    _road_requests(requests, basemap, frame, size=1.9 * k)
    _water_requests(requests, basemap, frame, size=2.2 * k)
    placed = place_labels(requests.candidates, obstacles=[*reserved, *obstacles], frame=frame.box)
    labels, leaders, chosen = [], [], []
    dropped_numbers = []
    for candidate, meta in zip(placed, requests.info, strict=True):
        if candidate is None:
            if meta["class"] == "site":
                dropped_numbers.append(meta["number"])
            continue
        chosen.append(candidate)
        labels.append({**meta, "x": candidate.x, "y": candidate.y, "anchor": candidate.anchor,
                       "angle": candidate.angle})
        if candidate.leader is not None:
            leaders.append(candidate.leader)
    bar_m = nice_distance(frame.metres_per_mm * 40 * k)
    scale = {"mm": bar_m / frame.metres_per_mm, "text": _distance_text(bar_m),
             "half": _distance_text(bar_m / 2)}
    return MapLayers(frame.box, paths, symbols, labels, leaders, scale, {}, chosen, len(dropped_numbers),
                     sorted(dropped_numbers))


def _base_paths(frame: Frame, basemap: Basemap, coverage: Any, k: float) -> dict[str, Any]:
    """Water, green space, waterways, the coverage tint and the streets by class."""
    paths: dict[str, Any] = {
        "water": svg_path(basemap.water, frame) if basemap.water is not None else "",
        "green": svg_path(basemap.green, frame) if basemap.green is not None else "",
        "waterways": svg_path(basemap.waterways, frame),
        "coverage": svg_path(frame.clip(coverage), frame) if coverage is not None else "",
        "roads": [], "units": [], "highlight": "", "veil": "",
    }
    for kind in ("minor", "medium", "major"):
        geometries = [g for g, _ in basemap.roads.get(kind, [])]
        if geometries:
            paths["roads"].append({"kind": kind, "d": svg_path(geometries, frame),
                                   "width": ROAD_WIDTH_MM[kind] * k, "color": STYLE[kind]})
    return paths


def _site_symbols(frame: Frame, sites: gpd.GeoDataFrame, symbol_r: float, *, subtypes: bool = False
                  ) -> tuple[list[dict[str, Any]], list[Box]]:
    """The symbols of the sites on the page, and their boxes (no label covers a symbol)."""
    page = frame.box
    symbols, obstacles = [], []
    for row in sites.itertuples():
        x, y = frame.point(row.geometry.x, row.geometry.y)
        if not (page.x0 <= x <= page.x1 and page.y0 <= y <= page.y1):
            continue
        subtype = getattr(row, "subtype", None) if subtypes else None
        symbol = symbol_of(row.category, subtype if isinstance(subtype, str) else None)
        symbols.append({"d": symbol_path(symbol.shape, x, y, symbol_r), "color": symbol.color,
                        "outline": symbol.outline, "category": str(row.category), "shape": symbol.shape,
                        "number": int(row.number), "x": x, "y": y, "name": str(row.name)})
        obstacles.append(Box(x - symbol_r, y - symbol_r, x + symbol_r, y + symbol_r))
    return symbols, obstacles


def _site_requests(requests: _Requests, symbols: list[dict[str, Any]], *, k: float, symbol_r: float,
                   site_names: bool, far_leaders: bool = False) -> None:
    """
    Each site's number (and name) beside its symbol, or further out with a leader line.

    The most crowded sites ask first (they have the fewest free positions; a lone site finds
    room whenever it comes), and a leader is drawn only where no position beside the symbol
    is free.
    """
    # Crowded maps set the numbers a little smaller (2 mm is about 5.7 pt) to place more of them.
    site_size = (2.3 if len(symbols) <= 60 else 2.0) * k
    gaps = [symbol_r + 3 * k, symbol_r + 6 * k, symbol_r + 9 * k]
    if far_leaders:
        gaps += [symbol_r + 13 * k, symbol_r + 18 * k]
    if symbols:
        xy = np.array([(s["x"], s["y"]) for s in symbols])
        near = (np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1]) < 8 * k).sum(axis=1)
        symbols = [symbols[i] for i in np.argsort(-near, kind="stable")]
    for s in symbols:
        text = f"{s['number']} {s['name']}" if site_names else str(s["number"])
        # The box holds the white halo too (0.3 mm each side), so halos never cover text.
        w, h = text_width(text, site_size) + 1.0 * k, site_size * 1.25
        requests.add(point_candidates(s["x"], s["y"], w, h, gap=symbol_r + 0.3 * k, leader_gaps=gaps),
                     {"text": text, "size": site_size, "class": "site", "number": s["number"]})


def _unit_requests(requests: _Requests, unit_rows: list[tuple[Any, str]], frame: Frame, *,
                   unit_size: float, highlight: Any) -> None:
    """
    Unit names inside their units (a booklet page names only its own).

    Positions around the unit's representative point, nearest first, whose centre stays in
    the unit, so a district crowded by site numbers keeps its name.
    """
    mpm = frame.metres_per_mm
    for geometry, name in unit_rows:
        if not name or (highlight is not None and not geometry.equals(highlight)):
            continue
        point = geometry.representative_point()
        x, y = frame.point(point.x, point.y)
        candidates = []
        for size in (unit_size,):
            w = text_width(name, size) + UNIT_SPACING_EM * size * len(name)
            h = size * 1.1
            offsets = sorted(((dx * w, dy * h) for dx in (0, -0.5, 0.5, -1, 1) for dy in (0, -1, 1, -2, 2, -3, 3)),
                             key=lambda o: o[0] ** 2 + o[1] ** 2)
            for ox, oy in offsets:
                cx, cy = x + ox, y + oy
                centre = shapely.Point(frame.bounds[0] + (cx - frame.box.x0) * mpm,
                                       frame.bounds[3] - (cy - frame.box.y0) * mpm)
                if (ox or oy) and not geometry.contains(centre):
                    continue
                candidates.append(Candidate(Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2),
                                            cx, cy + h * 0.3, "middle"))
        requests.add(candidates, {"text": name, "size": unit_size, "class": "unit",
                                  "spacing": UNIT_SPACING_EM * unit_size})


def _water_requests(requests: _Requests, basemap: Basemap, frame: Frame, *, size: float) -> None:
    """Names of lakes, reservoirs, bays and docks, centred in them (or just beside)."""
    for point, name, kind in basemap.places:
        if kind != "water":
            continue
        x, y = frame.point(point.x, point.y)
        w, h = text_width(name, size) * 1.05 + 0.2 * size, size * 1.1
        requests.add([Candidate(Box(x + dx - w / 2, y + dy - h / 2, x + dx + w / 2, y + dy + h / 2),
                                x + dx, y + dy + h * 0.3, "middle")
                      for dx, dy in ((0, 0), (0, -h), (0, h))],
                     {"text": name, "size": size, "class": "water"})


def _place_requests(requests: _Requests, basemap: Basemap, frame: Frame, *, unit_size: float) -> None:
    """Without units, the basemap's place names stand in for them."""
    for point, name, kind in basemap.places:
        if kind == "water":
            continue
        x, y = frame.point(point.x, point.y)
        # The box holds the white halo too, and place names mixing Han, Latin letters and
        # digits (新城E1區) set a little wider than text_width's estimate.
        w, h = text_width(name, unit_size * 0.85) * 1.05 + 0.2 * unit_size, unit_size
        requests.add([Candidate(Box(x - w / 2, y - h / 2, x + w / 2, y + h / 2), x, y + h * 0.3, "middle")],
                     {"text": name, "size": unit_size * 0.85, "class": "unit"})


def _road_requests(requests: _Requests, basemap: Basemap, frame: Frame, *, size: float) -> None:
    """Names of major and medium streets, longest first, along straight stretches."""
    for kind in ("major", "medium"):
        for geometry, name in sorted(basemap.roads.get(kind, []), key=lambda r: -r[0].length):
            if not name:
                continue
            candidates = _line_candidates(geometry, name, size, frame)
            if candidates:
                requests.add(candidates, {"text": name, "size": size, "class": "road"})


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


def draw_overview(frame: Frame, basemap: Basemap, *, shown: Box, sites: Sequence[tuple[float, float]]
                  ) -> dict[str, Any]:
    """
    A locator overview: water, main streets and site dots of the whole area, and the box the main map shows.

    ``shown`` and ``sites`` are metric (the main map's bounds; site x, y).
    """
    paths = _base_paths(frame, basemap, None, 0.35)
    paths["roads"] = [road for road in paths["roads"] if road["kind"] == "major"]
    x0, y0 = frame.point(shown.x0, shown.y1)
    x1, y1 = frame.point(shown.x1, shown.y0)
    dots = [frame.point(x, y) for x, y in sites]
    return {"frame": frame.box, "paths": paths, "shown": Box(x0, y0, x1, y1), "dots": dots}


__all__ = ["STYLE", "MapLayers", "coverage_area", "coverage_traced", "draw_map", "draw_overview", "nice_distance",
           "number_sites", "smooth_area"]
