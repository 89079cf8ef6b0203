"""
The humanities walking map (市民人文行走地图): the city's walks on a poster, one of the year's three maps.

What it shows: the city's curated routes (one CSV per route in ``DIR/routes/``,
:func:`learning_map.io.routes.route_files`), else one suggested loop per walk theme
(:data:`learning_map.city.walks.THEMES`) from the theme's densest cluster of sights. Each
route is drawn along the streets with its stops numbered in walking order (the name beside
the number where it fits), the rest points on the way (benches, toilets) marked, and listed
below the map: every stop with its name (the Portuguese or English name beneath, in a
Chinese print) and the minutes from the stop before at adult and elderly pace
(:func:`learning_map.base.units.resolve_speed_kmh`).

One sheet or one per route: every route goes on ONE sheet when their stop lists fit below
a map of at least :data:`MIN_MAP_SHARE` of the sheet and the routes lie close together (the
map of all of them is at most :data:`MAX_SPREAD` times as wide as the widest one's own), so
a reader sees how they join; otherwise each route gets its own sheet. A route whose stop
list does not fit on a sheet of its own stops the export with one sentence (print on A1, or
split the route): no stop is ever left off.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from learning_map import settings
from learning_map._version import __version__
from learning_map.base.i18n import N_, format_number, gettext, ngettext
from learning_map.base.schema import OSM_ATTRIBUTION
from learning_map.base.units import resolve_speed_kmh
from learning_map.bundle.tiles import read_basemap
from learning_map.city.walks import (
    THEMES,
    curated_walk,
    suggest_walk,
    theme_label,
    theme_stops,
)
from learning_map.errors import ParameterError
from learning_map.export.jinja import environment
from learning_map.export.print.chromium import print_pages
from learning_map.export.print.labels import Box, place_labels, point_candidates, text_width
from learning_map.export.print.maps import STYLE, draw_map
from learning_map.export.print.paper import PAPER_MM, PAPER_SCALE, check_paper
from learning_map.export.print.svg import Frame, svg_path
from learning_map.export.print.walk_stops import (
    quiet_corner,
    rests_on_the_way,
    stop_names_printed,
    whole_minutes,
)
from learning_map.export.words import (
    basemap_script,
    city_name,
    product_locale,
    template_words,
)
from learning_map.io.routes import read_route, route_files

if TYPE_CHECKING:
    import datetime
    from collections.abc import Callable
    from pathlib import Path

    import geopandas as gpd

    from learning_map.bundle.core import CityBundle

__all__ = ["WalkMapSheet", "WalkRoute", "city_routes", "walk_map_documents", "walk_map_sheets", "write_walks_map"]

# Route colours, in file order: dark and saturated, apart from the category colours' hues
# enough to read as lines, and from each other in greyscale by their widths.
ROUTE_COLOURS = ("#6a3d9a", "#b2182b", "#00695c", "#8c510a", "#1f4e79", "#4d4d4d")
REST_COLOUR = "#0a6b3d"
# The map keeps at least this share of the sheet's height; below it the routes get a sheet each.
MIN_MAP_SHARE = 0.42
# Routes share a sheet only when the map of all of them is at most this many times as wide
# (or tall) as the largest route's own extent: farther apart, each would be too small to read.
MAX_SPREAD = 2.5
# A suggested loop (a city without curated routes): an hour at elderly pace, a rest every
# quarter of an hour, from the sight with the most sights of its theme within this distance.
LOOP_MINUTES = 60.0
LOOP_REST_EVERY_MIN = 15.0
LOOP_CLUSTER_M = 600.0
# Type sizes on A3 (mm; A1 is twice as large): the list's names at 3.2 mm (9 pt) and the
# names beneath at 2.85 mm (8 pt), the minimum for a poster's index on A3.
NAME_MM, BENEATH_MM, LINE = 3.2, 2.85, 1.3
LIST_COLUMNS = 3
MARKER_R_MM = 2.5


@dataclass
class WalkRoute:
    """One route of the map: its letter, title, plan (``WalkPlan.as_dict``) and rest points on the way."""

    letter: str
    title: str
    plan: dict[str, Any]
    curated: bool
    colour: str
    rests: list[dict[str, Any]] = field(default_factory=list)

    @property
    def sights(self) -> list[dict[str, Any]]:
        """The numbered stops (rest points of a suggested loop left out)."""
        return [s for s in self.plan["stops"] if s["kind"] == "sight"]


def city_routes(city: CityBundle, bundle_dir: str | Path, locale: str) -> list[WalkRoute]:
    """
    The routes the walking map shows: the curated ones of ``DIR/routes/``, else suggested loops.

    Titles come from the route files' names in the product's script (``澳門歷史城區 Historic
    Centre of Macao.csv``: the Chinese part on a Chinese print, the rest on another), or
    say the loop's theme.
    """
    paces = dict(settings.PACE_KMH)
    routes = []
    for number, path in enumerate(route_files(bundle_dir)):
        plan = curated_walk(city.network, read_route(path), speed_kmh=resolve_speed_kmh("adult"))
        routes.append(WalkRoute(_letter(number), city_name(path.stem, locale), plan.as_dict(paces=paces),
                                True, ROUTE_COLOURS[number % len(ROUTE_COLOURS)]))
    if not routes:
        routes = _suggested_loops(city, locale, paces)
    rest_rows = city.stops[city.stops["kind"] == "rest"]
    for route in routes:
        route.rests = rests_on_the_way(city.network, route.plan, rest_rows)
    return routes


def _letter(number: int) -> str:
    return chr(ord("A") + number) if number < 26 else f"R{number + 1}"


def _suggested_loops(city: CityBundle, locale: str, paces: dict[str, float]) -> list[WalkRoute]:
    """One loop per theme, from the theme's densest cluster of sights (themes with no walk are left out)."""
    rests = city.stops[city.stops["kind"] == "rest"]
    routes = []
    for theme in THEMES:
        sights = theme_stops(city.stops, city.sites, theme)
        if len(sights) < 2:
            continue
        plan = suggest_walk(city.network, sights, start=_densest(city, sights), minutes=LOOP_MINUTES,
                            speed_kmh=resolve_speed_kmh("elderly"), rests=rests,
                            rest_every_min=LOOP_REST_EVERY_MIN)
        if len(plan.sights) < 2:
            continue
        number = len(routes)
        title = gettext("Humanities walk · {theme}", locale=locale, theme=theme_label(theme, locale))
        routes.append(WalkRoute(_letter(number), title, plan.as_dict(paces=paces), False,
                                ROUTE_COLOURS[number % len(ROUTE_COLOURS)]))
    return routes


def _densest(city: CityBundle, sights: gpd.GeoDataFrame) -> tuple[float, float]:
    """(lon, lat) of the sight with the most others within :data:`LOOP_CLUSTER_M` (straight line)."""
    from scipy.spatial import cKDTree

    lon, lat = sights.geometry.x.to_numpy(), sights.geometry.y.to_numpy()
    x, y = city.network.to_xy(lon, lat)
    tree = cKDTree(np.column_stack((x, y)))
    counts = np.array([len(n) for n in tree.query_ball_point(np.column_stack((x, y)), LOOP_CLUSTER_M)])
    best = int(np.argmax(counts))
    return float(lon[best]), float(lat[best])


@dataclass
class _Sheet:
    """The routes one sheet shows and the height its list takes (mm)."""

    routes: list[WalkRoute]
    list_mm: float


def _stop_name(stop: dict[str, Any], locale: str) -> tuple[str, str]:
    return stop_names_printed(stop, locale)


def _list_height(routes: list[WalkRoute], width_mm: float, k: float, locale: str) -> float:
    """The height of the routes' stop lists: each route's heading, then its rows in columns."""
    column_mm = (width_mm - (LIST_COLUMNS - 1) * 6 * k) / LIST_COLUMNS - 24 * k  # number and minutes
    total = 0.0
    for route in routes:
        heights = []
        for stop in route.sights:
            first, beneath = _stop_name(stop, locale)
            lines = max(1, math.ceil(text_width(first, NAME_MM * k) / column_mm)) * NAME_MM * k * LINE
            if beneath:
                lines += max(1, math.ceil(text_width(beneath, BENEATH_MM * k) / column_mm)) * BENEATH_MM * k * LINE
            heights.append(lines + 1.2 * k)
        # Columns break between rows, not evenly: the tallest row to spare.
        total += 12 * k + sum(heights) / LIST_COLUMNS + max(heights, default=0)
    total += 6 * k  # the key line above the lists
    return total


def walk_map_sheets(routes: list[WalkRoute], city: CityBundle, *, paper: str, locale: str) -> list[_Sheet]:
    """The sheets: every route on one when it fits and they lie close, else one per route (see the module)."""
    k = PAPER_SCALE[paper]
    width_mm, height_mm = PAPER_MM[paper]
    inner_w = width_mm - 24 * k
    room = height_mm - 24 * k - 30 * k - 18 * k - 6 * k  # margins, header, footer, gap
    together = _list_height(routes, inner_w, k, locale)
    if room - together >= MIN_MAP_SHARE * height_mm and _close(routes, city):
        return [_Sheet(routes, together)]
    sheets = []
    for route in routes:
        alone = _list_height([route], inner_w, k, locale)
        if room - alone < MIN_MAP_SHARE * height_mm:
            raise ParameterError("paper", N_("The walk route {route} has {stops} stops, more than one {paper} "
                                             "sheet can list beside its map: print on A1 or split the route"),
                                 route=route.title, stops=len(route.sights), paper=paper)
        sheets.append(_Sheet([route], alone))
    return sheets


def _close(routes: list[WalkRoute], city: CityBundle) -> bool:
    """True when the routes' joint extent is at most :data:`MAX_SPREAD` times the largest one's."""
    if len(routes) < 2:
        return True
    boxes = [_extent(city, [r]) for r in routes]
    span = max(max(b[2] - b[0], b[3] - b[1]) for b in boxes)
    joint = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    return max(joint[2] - joint[0], joint[3] - joint[1]) <= MAX_SPREAD * max(span, 1.0)


def _metric_route(city: CityBundle, route: WalkRoute) -> tuple[np.ndarray, Any]:
    """The route's numbered stops (x, y rows, metres) and its street line (maybe empty), in the network's CRS."""
    network = city.network
    lonlat = np.array([[s["lon"], s["lat"]] for s in route.sights], dtype=float)
    x, y = network.to_xy(lonlat[:, 0], lonlat[:, 1])
    line = route.plan["line"]
    metric_line = shapely.LineString()
    if line and len(line.get("coordinates") or []) >= 2:
        xy = np.asarray(line["coordinates"], dtype=float)
        lx, ly = network.to_xy(xy[:, 0], xy[:, 1])
        metric_line = shapely.LineString(np.column_stack((lx, ly)))
    return np.column_stack((x, y)), metric_line


def _extent(city: CityBundle, routes: list[WalkRoute]) -> tuple[float, float, float, float]:
    """What the map must show: every route's stops and line."""
    parts = []
    for route in routes:
        stops, line = _metric_route(city, route)
        parts += [shapely.multipoints(stops), line]
    return shapely.union_all(parts).bounds


def _markers(routes: list[WalkRoute], city: CityBundle, frame: Frame, *, k: float, lettered: bool
             ) -> list[dict[str, Any]]:
    """
    Every stop's numbered marker on the page, in route and walking order.

    A marker that would cover one already placed (two routes through one square, two doors
    side by side) moves out around its point, with a leader line back to it.
    """
    r = MARKER_R_MM * k
    placed: list[tuple[float, float]] = []
    out = []
    for route in routes:
        stops, _ = _metric_route(city, route)
        for number, (stop, (mx, my)) in enumerate(zip(route.sights, stops, strict=True), start=1):
            px, py = frame.point(float(mx), float(my))
            x, y = _free_spot(px, py, placed, r)
            placed.append((x, y))
            label = f"{route.letter}{number}" if lettered else str(number)
            out.append({"x": x, "y": y, "at_x": px, "at_y": py, "moved": (x, y) != (px, py), "label": label,
                        "colour": route.colour, "stop": stop, "route": route.letter,
                        "w": max(2 * r, text_width(label, 2.6 * k) + 1.6 * k)})
    return out


def _free_spot(x: float, y: float, placed: list[tuple[float, float]], r: float) -> tuple[float, float]:
    """(x, y) when no placed marker is nearer than 2r, else the nearest free spot on rings around it."""
    def free(px: float, py: float) -> bool:
        return all(math.hypot(px - qx, py - qy) >= 2 * r for qx, qy in placed)

    if free(x, y):
        return x, y
    for ring in (2.4, 3.6, 4.8, 6.0):
        for angle in range(0, 360, 30):
            px, py = x + ring * r * math.cos(math.radians(angle)), y - ring * r * math.sin(math.radians(angle))
            if free(px, py):
                return px, py
    return x, y  # nowhere free: drawn over its neighbour, still listed and numbered


def _sheet_document(city: CityBundle, bundle_dir: str | Path, sheet: _Sheet, *, year: int, paper: str,
                    locale: str, font: str, publisher: str | None, review_number: str | None,
                    page: int, pages: int) -> tuple[str, int]:
    """One sheet as HTML, and how many stop names found no room beside their markers (the list has them)."""
    k = PAPER_SCALE[paper]
    width_mm, height_mm = PAPER_MM[paper]
    margin, header_mm, footer_mm = 12 * k, 30 * k, 18 * k
    lettered = len(sheet.routes) > 1
    map_box = Box(margin, margin + header_mm, width_mm - margin,
                  height_mm - margin - footer_mm - sheet.list_mm - 6 * k)
    frame = Frame.fit(map_box, _extent(city, sheet.routes), margin=0.08)
    crs = city.network.crs
    scalebar = Box(map_box.x1 - 60 * k, map_box.y1 - 14 * k, map_box.x1 - 2 * k, map_box.y1 - 2 * k)
    north = Box(map_box.x1 - 16 * k, map_box.y0 + 2 * k, map_box.x1 - 2 * k, map_box.y0 + 22 * k)
    markers = _markers(sheet.routes, city, frame, k=k, lettered=lettered)
    # The legend's rows: each route, a stop, a rest point, a loop's start (with loops), a main street.
    rows = len(sheet.routes) + 3 + any(not r.curated for r in sheet.routes)
    legend = _legend_box(map_box, k, rows, _route_points(city, sheet.routes, frame, markers))
    names, dropped = _name_labels(markers, [legend, scalebar, north], map_box, k, locale)
    rests = _rest_marks(sheet.routes, city, frame, k)
    # A loop's start (and end): where the walk leaves from, away from its first sight.
    starts = [dict(zip(("x", "y"), frame.point(*_xy(city, r.plan["start"])), strict=True))
              for r in sheet.routes if not r.curated]
    reserved = [legend, scalebar, north, *(Box(m["x"] - m["w"] / 2, m["y"] - MARKER_R_MM * k,
                                                 m["x"] + m["w"] / 2, m["y"] + MARKER_R_MM * k) for m in markers),
                *(n["box"] for n in names), *(Box(r["x"] - 2 * k, r["y"] - 2 * k, r["x"] + 2 * k, r["y"] + 2 * k)
                                              for r in [*rests, *starts])]
    basemap = read_basemap(bundle_dir, frame, crs, script=basemap_script(locale, city.sites))
    no_sites = _no_sites(crs)
    layers = draw_map(frame, basemap, sites=no_sites, units=None, unit_field=None, coverage=None, k=k,
                      reserved=reserved)
    lines = [{"d": svg_path(_metric_route(city, r)[1], frame),
              "colour": r.colour, "width": (1.2 + 0.9 * (len(sheet.routes) - 1 - i)) * k}
             for i, r in enumerate(sheet.routes)]
    words = {pace: format_number(resolve_speed_kmh(pace), locale=locale) for pace in ("adult", "elderly")}
    context = {
        "title": _title(city, year, locale), "city": city_name(city, locale), "year": year,
        "font": font, "style": STYLE, "k": k, "width_mm": width_mm, "height_mm": height_mm,
        "margin": margin, "header_mm": header_mm, "footer_mm": footer_mm, "map": layers,
        "scalebar": scalebar, "north": north, "legend": legend, "lines": lines, "markers": markers,
        "marker_r": MARKER_R_MM * k, "names": names, "rests": rests, "starts": starts,
        "rest_mark": gettext("R (rest point)", locale=locale), "routes": _route_lists(sheet.routes, locale, lettered),
        "list_top": map_box.y1 + 6 * k, "list_mm": sheet.list_mm, "columns": LIST_COLUMNS,
        "name_mm": NAME_MM * k, "beneath_mm": BENEATH_MM * k, "speeds": words,
        "publisher": publisher, "review_number": review_number, "attribution": OSM_ATTRIBUTION,
        "version": __version__, "page": page, "pages": pages,
        "curated": any(r.curated for r in sheet.routes),
    }
    html = environment().get_template("walk_map.html").render(**context, **template_words(locale))
    return html, dropped


def _xy(city: CityBundle, lonlat: Any) -> tuple[float, float]:
    """A (lon, lat) pair in the network's metric CRS."""
    x, y = city.network.to_xy(np.array([lonlat[0]]), np.array([lonlat[1]]))
    return float(x[0]), float(y[0])


def _no_sites(crs: Any) -> gpd.GeoDataFrame:
    import geopandas as gpd

    return gpd.GeoDataFrame({"category": [], "number": [], "name": []}, geometry=[], crs=crs)


def _title(city: CityBundle, year: int, locale: str) -> str:
    return gettext("{city} humanities walking map {year}", locale=locale, city=city_name(city, locale),
                   year=str(year))


def _route_points(city: CityBundle, routes: list[WalkRoute], frame: Frame,
                  markers: list[dict[str, Any]]) -> np.ndarray:
    """Page points (mm) the legend should not cover: the markers and the routes' lines."""
    points = [np.array([[m["x"], m["y"]] for m in markers]).reshape(-1, 2)]
    for route in routes:
        line = _metric_route(city, route)[1]
        if not line.is_empty:
            dense = line.segmentize(frame.metres_per_mm * 2)
            points.append(frame.to_page(shapely.get_coordinates(dense)))
    return np.concatenate(points)


def _legend_box(map_box: Box, k: float, rows: int, points: np.ndarray) -> Box:
    """The legend's box (``rows`` rows): the corner of the map that hides the fewest stops and route lines."""
    return quiet_corner(map_box, 96 * k, (12 + 5.2 * rows) * k, points, top_mm=24 * k,
                        bottom_mm=16 * k, margin=3 * k)


def _name_labels(markers: list[dict[str, Any]], furniture: list[Box], map_box: Box, k: float,
                 locale: str) -> tuple[list[dict[str, Any]], int]:
    """Each stop's name beside its marker where it fits (no label covers a marker or another label)."""
    size = 2.6 * k
    r = MARKER_R_MM * k
    obstacles = [*furniture, *(Box(m["x"] - m["w"] / 2, m["y"] - r, m["x"] + m["w"] / 2, m["y"] + r) for m in markers)]
    requests, texts, named = [], [], []
    for m in markers:
        text = _stop_name(m["stop"], locale)[0]
        # A stop two routes share (the same name a few steps apart) is named once, at its first marker.
        if any(t == text and math.hypot(m["at_x"] - x, m["at_y"] - y) < 6 * r for t, x, y in named):
            continue
        named.append((text, m["at_x"], m["at_y"]))
        w, h = text_width(text, size) + 1.0 * k, size * 1.25
        requests.append(point_candidates(m["x"], m["y"], w, h, gap=m["w"] / 2 + 0.4 * k))
        texts.append(text)
    placed = place_labels(requests, obstacles=obstacles, frame=map_box)
    out = [{"x": c.x, "y": c.y, "text": text, "size": size, "box": c.box}
           for c, text in zip(placed, texts, strict=True) if c is not None]
    return out, sum(c is None for c in placed)


def _rest_marks(routes: list[WalkRoute], city: CityBundle, frame: Frame, k: float) -> list[dict[str, float]]:
    """The rest points on the page (one mark where two routes pass the same bench)."""
    seen, out = set(), []
    for route in routes:
        for rest in route.rests:
            key = (round(rest["lon"], 5), round(rest["lat"], 5))
            if key in seen:
                continue
            seen.add(key)
            x, y = city.network.to_xy(np.array([rest["lon"]]), np.array([rest["lat"]]))
            px, py = frame.point(float(x[0]), float(y[0]))
            if frame.box.x0 <= px <= frame.box.x1 and frame.box.y0 <= py <= frame.box.y1:
                out.append({"x": px, "y": py})
    return out


def _route_lists(routes: list[WalkRoute], locale: str, lettered: bool) -> list[dict[str, Any]]:
    """Each route's heading figures and its rows: number, names, minutes from the stop before."""
    out = []
    for route in routes:
        rows = []
        for number, stop in enumerate(route.sights, start=1):
            first, beneath = _stop_name(stop, locale)
            minutes = _minutes_from_previous(route, stop)
            # A curated route starts at its first stop; a loop walks to it from its start.
            rows.append({"label": f"{route.letter}{number}" if lettered else str(number), "name": first,
                         "beneath": beneath, "first": number == 1 and stop.get("leg_m") == 0, **minutes})
        plan = route.plan
        out.append({
            "letter": route.letter if lettered else "", "title": route.title, "colour": route.colour,
            "km": format_number(plan["walk_m"] / 1000, locale=locale, digits=1), "rows": rows,
            "stops": ngettext("{n} stop", "{n} stops", len(rows), locale=locale),
            "rests": ngettext("{n} rest point on the way", "{n} rest points on the way", len(route.rests),
                              locale=locale),
            "adult": f"{plan['minutes']['adult']:.0f}", "elderly": f"{plan['minutes']['elderly']:.0f}",
            "loop": not route.curated,
        })
    return out


def _minutes_from_previous(route: WalkRoute, stop: dict[str, Any]) -> dict[str, str]:
    """Whole minutes from the sight before (a loop's rest points walked through), at both paces."""
    stops = route.plan["stops"]
    at = next(i for i, s in enumerate(stops) if s is stop)
    start = at
    while start > 0 and stops[start - 1]["kind"] == "rest":
        start -= 1
    legs = stops[start:at + 1]
    return {pace: whole_minutes(sum(s["leg_minutes"][pace] for s in legs)) for pace in ("adult", "elderly")}


@dataclass
class WalkMapSheet:
    """One printed sheet of the walking map: its file stem, HTML and what it holds."""

    stem: str
    html: str
    routes: list[WalkRoute]
    dropped_names: int  # stop names with no room beside their numbers (the list names every stop)


def walk_map_documents(city: CityBundle, bundle_dir: str | Path, *, year: int, paper: str = "A3",
                       locale: str | None = None, font: str = "Noto Sans CJK SC", publisher: str | None = None,
                       review_number: str | None = None) -> list[WalkMapSheet]:
    """
    The walking map's sheets as HTML: ``walks-map-YEAR`` for one sheet, ``walks-map-YEAR-A``... per route.

    Parameters
    ----------
    city
        The city as of ``year`` (its network draws the routes; its stops give the rest points).
    bundle_dir
        The city folder: its ``routes/`` and its offline basemap.
    year, paper, locale, font, publisher, review_number
        As :func:`~learning_map.export.print.poster.poster_document`'s.

    Raises
    ------
    ParameterError
        A route whose stops one sheet of ``paper`` cannot list beside its map (``paper``).
    """
    paper = check_paper(paper)
    locale = product_locale(city.sites, locale)
    routes = city_routes(city, bundle_dir, locale)
    if not routes:
        return []
    sheets = walk_map_sheets(routes, city, paper=paper, locale=locale)
    out = []
    for page, sheet in enumerate(sheets, start=1):
        html, dropped = _sheet_document(city, bundle_dir, sheet, year=year, paper=paper, locale=locale,
                                        font=font, publisher=publisher, review_number=review_number,
                                        page=page, pages=len(sheets))
        stem = f"walks-map-{year}" if len(sheets) == 1 else f"walks-map-{year}-{sheet.routes[0].letter}"
        out.append(WalkMapSheet(stem, html, sheet.routes, dropped))
    return out


def write_walks_map(city: CityBundle, bundle_dir: str | Path, folder: Path, *, year: int, paper: str,
                    locale: str | None, font: str, publisher: str | None, review_number: str | None,
                    when: datetime.datetime | None = None, log: Callable[[str], None] | None = None) -> list[str]:
    """
    Print the humanities walking map into ``folder``: a PDF and a PNG per sheet; their names.

    None when the city has neither a curated route nor sights for a suggested loop (the log says so).
    """
    started = time.perf_counter()
    sheets = walk_map_documents(city, bundle_dir, year=year, paper=paper, locale=locale, font=font,
                                publisher=publisher, review_number=review_number)
    if not sheets and log:
        log("walks map: no curated route in routes/ and no sights for a suggested loop; not printed")
    names = []
    for page, sheet in enumerate(sheets, start=1):
        printed = print_pages(sheet.html, folder / f"{sheet.stem}.pdf", paper=check_paper(paper),
                              png_path=folder / f"{sheet.stem}.png", when=when)
        names += [f"{sheet.stem}.pdf", f"{sheet.stem}.png"]
        if log:
            log(f"walks map {page}/{len(sheets)}: {len(sheet.routes)} routes, "
                f"{sum(len(r.sights) for r in sheet.routes)} stops, {printed.pdf_bytes:,} bytes PDF; "
                f"{sheet.dropped_names} stop names found no room beside their numbers (the list names every stop)")
    if log and sheets:
        log(f"walks map: {len(sheets)} sheets laid out and printed in {time.perf_counter() - started:.1f} s")
    return names
