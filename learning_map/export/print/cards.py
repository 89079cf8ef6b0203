"""
The printable route card of a humanities walk: one A4 page, printed by Chromium.

The card is the poster's machinery on a smaller sheet (:mod:`learning_map.export.print`):
the same CJK font check, offline basemap, SVG map layers and Chromium printing. On it: the
map of the route with numbered stops and their names where they fit, rest points (a suggested
walk's own, or the benches and toilets beside a curated route) marked apart and never numbered,
a north arrow and scale bar; a profile of the minutes walked at adult and elderly pace; the
list of every stop with its minutes from the stop before; and a QR code to the citizen
page's walk from the same start when a public URL is configured.

The page is filled from the bottom up: the list's height is measured from its rows (one,
two or three columns), the profile sits above it and the map takes the rest, so a short
route gets a larger map. A walk whose list does not fit beside a map of at least
:data:`MIN_MAP_MM` stops with one sentence: no stop is ever left off the card.
Data text (stop names) reaches the page only through the autoescaped template. The card is
in one locale (``locale=``, else the city's script): its words from the catalogues, its stop
names the ones stored for that script.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import numpy as np
import shapely

from learning_map.base.i18n import N_, format_number, gettext, ngettext
from learning_map.base.schema import OSM_ATTRIBUTION
from learning_map.base.units import resolve_speed_kmh
from learning_map.bundle.tiles import read_basemap
from learning_map.export.jinja import environment
from learning_map.export.print.chromium import Printed, check_cjk_font, print_pages
from learning_map.export.print.labels import Box, place_labels, point_candidates, text_width
from learning_map.export.print.maps import STYLE, draw_map
from learning_map.export.print.paper import PAPER_MM, PAPER_SCALE, ContentFitError
from learning_map.export.print.qr import check_base_url, qr_path
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

if TYPE_CHECKING:
    from pathlib import Path

    from learning_map.bundle.core import CityBundle
    from learning_map.walking.network import WalkNetwork

# Where things sit on the A4 sheet (mm): the map from MAP_TOP_MM down, then the minutes
# profile, then the stop list (and the QR code) down to BODY_BOTTOM_MM, above the footer.
MARGIN_MM = 12.0
MAP_TOP_MM, BODY_BOTTOM_MM = 34.0, 282.0
MIN_MAP_MM = 100.0
PROFILE_MM = 19.0
GAP_MM = 3.0
QR_MM = 34.0  # the QR code's panel over the map (the code 28 mm, its caption beneath)
STOP_R_MM = 2.3
ROUTE_COLOUR = "#6a3d9a"
REST_COLOUR = "#0a6b3d"
# The list's rows (stops, rest points, the way back): up to this many in one column, then two,
# then three; its type (mm): names, the name beneath, in one and two columns, then three.
ONE_COLUMN_ROWS = 12
TWO_COLUMN_ROWS = 30
LIST_TYPE_MM = {1: (2.9, 2.45), 2: (2.9, 2.45), 3: (2.6, 2.3)}
LIST_LINE = 1.3
# Translators: the one-character mark of a rest point (bench, toilets) on a walk's route card
# (休 in Chinese).
REST_MARK = N_("R (rest point)")
REST_NAME = N_("Rest point (bench, toilets)")


def walk_page_url(base_url: str, start: tuple[float, float], *, theme: str | None, minutes: float,
                  pace: str) -> str:
    """The citizen page that shows this walk from the same start (its walk button's settings)."""
    query = {"lon": f"{start[0]:.6f}", "lat": f"{start[1]:.6f}", "pace": pace}
    if theme:
        query |= {"walk": theme, "walk_minutes": f"{minutes:g}"}
    return f"{base_url}/?{urlencode(query)}"


def walk_card_document(city: CityBundle, bundle_dir: str | Path, plan: dict[str, Any], *,
                       title: str | None = None, subtitle: str | None = None,
                       base_url: str | None = None, page_url: str | None = None,
                       font: str = "Noto Sans CJK SC", locale: str | None = None) -> str:
    """
    The card as HTML: the route on the city's basemap, numbered stops and the leg table.

    Parameters
    ----------
    city
        The city the walk is in (its network's metric CRS draws the map).
    bundle_dir
        The city folder (its offline basemap).
    plan
        :meth:`learning_map.city.walks.WalkPlan.as_dict` with paces ``adult`` and ``elderly``.
    title, subtitle
        The card's heading and the line under it (plain text in ``locale``); None: "Humanities
        walk" and the city's name.
    base_url, page_url
        With a public URL, the QR code leads to ``page_url`` (the walk on the citizen page).
    font
        The CJK font family (:func:`~learning_map.export.print.chromium.check_cjk_font`).
    locale
        The card's one language (``zh_Hant``, ``pt``...); None: the city's script
        (:func:`~learning_map.export.words.product_locale`).
    """
    locale = product_locale(city.sites, locale)
    network = city.network
    k = PAPER_SCALE["A4"]
    width_mm, height_mm = PAPER_MM["A4"]
    stops = plan["stops"]
    rests_beside = [] if any(s["kind"] == "rest" for s in stops) else rests_on_the_way(
        network, plan, city.stops[city.stops["kind"] == "rest"])
    back = ({pace: whole_minutes(m) for pace, m in plan["last_leg_minutes"].items()}
            if plan.get("last_leg_m") else None)
    px, py, route = _route_metric(network, plan)
    page_stops = _numbered_stops(stops, px, py, locale)
    qr = _qr(check_base_url(base_url), page_url)
    rows = [_stop_row(item, locale) for item in page_stops]
    list_w = width_mm - 2 * MARGIN_MM
    columns, list_mm = _list_layout(rows, back is not None, list_w, len(stops))
    profile_top = BODY_BOTTOM_MM - list_mm - GAP_MM - PROFILE_MM
    map_box = Box(MARGIN_MM, MAP_TOP_MM, width_mm - MARGIN_MM, profile_top - GAP_MM)
    extent = shapely.union_all([route, shapely.multipoints(np.column_stack((px, py)))]).bounds
    frame = Frame.fit(map_box, extent, margin=0.1)
    for item in page_stops:
        item["x"], item["y"] = frame.point(item.pop("mx"), item.pop("my"))
    rest_marks = [dict(zip(("x", "y"), frame.point(*_xy(network, r)), strict=True)) for r in rests_beside]
    basemap = read_basemap(bundle_dir, frame, network.crs, script=basemap_script(locale, city.sites))
    start_x, start_y = frame.point(float(px[-2]), float(py[-2]))
    scalebar = Box(map_box.x1 - 50 * k, map_box.y1 - 12 * k, map_box.x1 - 2 * k, map_box.y1 - 2 * k)
    north = Box(map_box.x1 - 16 * k, map_box.y0 + 2 * k, map_box.x1 - 2 * k, map_box.y0 + 22 * k)
    marks = [Box(s["x"] - STOP_R_MM, s["y"] - STOP_R_MM, s["x"] + STOP_R_MM, s["y"] + STOP_R_MM)
             for s in [*page_stops, *rest_marks]]
    start_box = Box(start_x - 3, start_y - 3, start_x + 3, start_y + 3)
    # The QR code sits over the map, in the corner the walk leaves most free.
    if qr:
        points = np.array([[s["x"], s["y"]] for s in page_stops]).reshape(-1, 2)
        if not route.is_empty:
            dense = route.segmentize(frame.metres_per_mm * 2)
            points = np.concatenate([points, frame.to_page(shapely.get_coordinates(dense))])
        qr["box"] = quiet_corner(map_box, QR_MM, QR_MM + 6, points, top_mm=24 * k, bottom_mm=14 * k, margin=2)
    furniture = [scalebar, north, start_box, *([qr["box"]] if qr else [])]
    names, _dropped = _name_labels(page_stops, [*furniture, *marks], map_box, locale, (start_x, start_y))
    # Street and place names keep clear of the stops, their names, the start and the furniture.
    reserved = [*furniture, *marks, *(n["box"] for n in names)]
    layers = draw_map(frame, basemap, sites=_no_sites(network.crs), units=None, unit_field=None, coverage=None,
                      k=k, reserved=reserved)
    sights = sum(s["kind"] == "sight" for s in stops)
    rests = len(stops) - sights + len(rests_beside)
    context = {
        "title": title or gettext("Humanities walk", locale=locale),
        "subtitle": subtitle if subtitle is not None else city_name(city, locale),
        "city": city_name(city, locale), "font": font, "style": STYLE, "k": k,
        "width_mm": width_mm, "height_mm": height_mm, "map": layers, "scalebar": scalebar, "north": north,
        "route": svg_path(route, frame) if not route.is_empty else "", "route_colour": ROUTE_COLOUR,
        "stops": page_stops, "stop_r": STOP_R_MM, "start": {"x": start_x, "y": start_y},
        "names": names, "rest_marks": rest_marks, "rest_colour": REST_COLOUR,
        "rows": rows, "back": back, "columns": columns, "list_top": BODY_BOTTOM_MM - list_mm, "list_mm": list_mm,
        "list_type": LIST_TYPE_MM[columns],
        "profile": _profile(plan, page_stops, Box(MARGIN_MM, profile_top, width_mm - MARGIN_MM,
                                                  profile_top + PROFILE_MM)),
        "counts": {"stops": ngettext("{n} stop", "{n} stops", sights, locale=locale),
                   "rests": ngettext("{n} rest point on the way", "{n} rest points on the way", rests,
                                     locale=locale)},
        "minutes": plan["minutes"], "qr": qr,
        "attribution": OSM_ATTRIBUTION, "rest_mark": gettext(REST_MARK, locale=locale),
        "speeds": {pace: format_number(resolve_speed_kmh(pace), locale=locale) for pace in ("adult", "elderly")},
        "km": format_number(plan["walk_m"] / 1000, locale=locale, digits=1),
    }
    return environment().get_template("walk_card.html").render(**context, **template_words(locale))


def _no_sites(crs: Any) -> Any:
    """No learning sites: the card's map shows the walk alone."""
    import geopandas as gpd

    return gpd.GeoDataFrame({"category": [], "number": [], "name": []}, geometry=[], crs=crs)


def _xy(network: WalkNetwork, point: dict[str, Any]) -> tuple[float, float]:
    x, y = network.to_xy(np.array([point["lon"]]), np.array([point["lat"]]))
    return float(x[0]), float(y[0])


def _list_layout(rows: list[dict[str, Any]], back: bool, width_mm: float, stops: int) -> tuple[int, float]:
    """
    The list's columns and height (mm): one, two or three columns by the rows' number.

    The height is measured from the rows' names wrapped to the column (the widths of
    :func:`~learning_map.export.print.labels.text_width`); columns break between rows, so
    the tallest row is kept spare. Too tall beside a map of :data:`MIN_MAP_MM`: one sentence.
    """
    n = len(rows) + back
    columns = 1 if n <= ONE_COLUMN_ROWS else 2 if n <= TWO_COLUMN_ROWS else 3
    name_mm, beneath_mm = LIST_TYPE_MM[columns]
    column_mm = (width_mm - (columns - 1) * 6) / columns - 22  # the number and the minutes
    heights = []
    for row in rows:
        h = math.ceil(text_width(row["name"], name_mm) / column_mm) * name_mm * LIST_LINE
        if row["beneath"]:
            h += math.ceil(text_width(row["beneath"], beneath_mm) / column_mm) * beneath_mm * LIST_LINE
        heights.append(max(h, 4.4) + 1.1)
    heights += [4.4 + 1.1] * back
    # Columns break between rows, not evenly: one tallest row to spare.
    list_mm = 6.0 + sum(heights) / columns + max(heights) + 5.0  # heading, rows, key line
    if BODY_BOTTOM_MM - list_mm - PROFILE_MM - 2 * GAP_MM - MAP_TOP_MM < MIN_MAP_MM:
        raise ContentFitError(N_("The walk has {stops} stops, more than one A4 route card can list "
                                        "beside its map: shorten the walk or split the route"), stops=stops)
    return columns, list_mm


def _profile(plan: dict[str, Any], page_stops: list[dict[str, Any]], box: Box) -> dict[str, Any]:
    """
    The minutes profile: a bar per pace, as long as its walk at a common scale, ticked at each stop.

    The elderly bar is the longer; a label row names the stops above their ticks where room
    allows (every stop is in the list below).
    """
    label_w, total_w = 30.0, 16.0  # the paces' names on the left, their totals on the right
    total = max(plan["minutes"]["elderly"], plan["minutes"]["adult"], 1.0)
    span = box.x1 - box.x0 - label_w - total_w
    scale = span / total
    x0 = box.x0 + label_w
    bars, last_x = {}, -1e9
    for pace in ("adult", "elderly"):
        walked, ticks = 0.0, []
        for item in page_stops:
            walked += item["stop"]["leg_minutes"][pace]
            ticks.append({"x": x0 + walked * scale, "rest": item["stop"]["kind"] == "rest", "label": item["label"]})
        bars[pace] = {"x1": x0 + plan["minutes"][pace] * scale, "ticks": ticks,
                      "total": f"{plan['minutes'][pace]:.0f}"}
    labels = []
    for tick in bars["elderly"]["ticks"]:
        if tick["x"] - last_x >= 3.4:
            labels.append(tick)
            last_x = tick["x"]
    step = next(s for s in (5, 10, 15, 30, 60, 120) if total / s <= 8)
    axis = [{"x": x0 + m * scale, "m": m} for m in range(0, int(total) + 1, step)]
    return {"box": box, "x0": x0, "bars": bars, "labels": labels, "axis": axis}


def _qr(base_url: str | None, page_url: str | None) -> dict[str, Any] | None:
    """The card's QR code to ``page_url``, only when a public URL is configured."""
    if not (base_url and page_url):
        return None
    d, size = qr_path(page_url)
    return {"d": d, "size": size, "url": page_url}


def _route_metric(network: WalkNetwork, plan: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, Any]:
    """The stops, start and end (x, y columns, metres) and the route line in the network's CRS."""
    line = plan["line"]
    points_lonlat = np.array([[s["lon"], s["lat"]] for s in plan["stops"]] + [plan["start"], plan["end"]],
                             dtype=float)
    px, py = network.to_xy(points_lonlat[:, 0], points_lonlat[:, 1])
    route = shapely.LineString()
    if line and line.get("coordinates") is not None and len(line["coordinates"]) >= 2:
        xy = np.asarray(line["coordinates"], dtype=float)
        lx, ly = network.to_xy(xy[:, 0], xy[:, 1])
        route = shapely.LineString(np.column_stack((lx, ly)))
    return px, py, route


def _numbered_stops(stops: list[dict[str, Any]], px: np.ndarray, py: np.ndarray,
                    locale: str) -> list[dict[str, Any]]:
    """Each stop with its label: sights numbered 1, 2, …; rest points the rest mark, never a number."""
    numbered, sight_number = [], 0
    for stop, x, y in zip(stops, px, py, strict=False):
        if stop["kind"] == "rest":
            label, colour = gettext(REST_MARK, locale=locale), REST_COLOUR
        else:
            sight_number += 1
            label, colour = str(sight_number), ROUTE_COLOUR
        numbered.append({"mx": float(x), "my": float(y), "label": label, "colour": colour, "stop": stop})
    return numbered


def _name_labels(page_stops: list[dict[str, Any]], obstacles: list[Box], map_box: Box,
                 locale: str, start: tuple[float, float]) -> tuple[list[dict[str, Any]], int]:
    """
    The word "Start" by the start's square, then each sight's name beside its number where it fits.

    Returns the placed labels and how many names found no room (the list has them all).
    """
    size = 2.3
    word = gettext("Start", locale=locale)
    requests = [point_candidates(*start, text_width(word, 2.6) + 0.9, 2.6 * 1.25, gap=2.6,
                                 leader_gaps=(5.0, 8.0))]
    named = [word]
    for item in page_stops:
        if item["stop"]["kind"] == "rest":
            continue
        text = stop_names_printed(item["stop"], locale)[0]
        w, h = text_width(text, size) + 0.9, size * 1.25
        requests.append(point_candidates(item["x"], item["y"], w, h, gap=STOP_R_MM + 0.3))
        named.append(text)
    placed = place_labels(requests, obstacles=obstacles, frame=map_box)
    labels = [{"x": c.x, "y": c.y, "text": text, "size": 2.6 if i == 0 else size, "box": c.box,
               "start": i == 0, "leader": c.leader}
              for i, (c, text) in enumerate(zip(placed, named, strict=True)) if c is not None]
    return labels, sum(c is None for c in placed[1:])


def _stop_row(item: dict[str, Any], locale: str) -> dict[str, Any]:
    """One stop's line in the card's list: its names in the card's script and the leg's minutes."""
    stop = item["stop"]
    rest = stop["kind"] == "rest"
    name, beneath = stop_names_printed(stop, locale, fallback=gettext(REST_NAME, locale=locale) if rest else "")
    return {"label": item["label"], "colour": item["colour"], "name": name, "beneath": beneath,
            "first": stop.get("leg_m") == 0 and item["label"] == "1",  # a curated route starts at its first stop
            "text": stop.get("text") or "", "adult": whole_minutes(stop["leg_minutes"]["adult"]),
            "elderly": whole_minutes(stop["leg_minutes"]["elderly"]), "rest": rest}


def write_walk_card(city: CityBundle, bundle_dir: str | Path, plan: dict[str, Any], out: Path, *,
                    title: str | None = None, subtitle: str | None = None, base_url: str | None = None,
                    page_url: str | None = None, locale: str | None = None) -> Printed:
    """Check the CJK font, lay out the card and print it to ``out`` (one A4 page, atomically)."""
    font = check_cjk_font()
    html = walk_card_document(city, bundle_dir, plan, title=title, subtitle=subtitle, base_url=base_url,
                              page_url=page_url, font=font, locale=locale)
    return print_pages(html, out, paper="A4")
