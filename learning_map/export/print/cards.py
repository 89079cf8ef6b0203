"""
The printable route card of a humanities walk: one A4 page, printed by Chromium.

The card is the poster's machinery on a smaller sheet (:mod:`learning_map.export.print`):
the same CJK font check, offline basemap, SVG map layers and Chromium printing. On it: the
map of the route with numbered stops, each leg's minutes at adult and elderly pace, and a
QR code to the citizen page's walk from the same start when a public URL is configured.
Data text (stop names) reaches the page only through the autoescaped template. The card is
in one locale (``locale=``, else the city's script): its words from the catalogues, its stop
names the ones stored for that script.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import numpy as np
import shapely

from learning_map.base.i18n import N_, gettext
from learning_map.base.schema import OSM_ATTRIBUTION
from learning_map.base.units import resolve_speed_kmh
from learning_map.bundle.tiles import read_basemap
from learning_map.export.jinja import environment
from learning_map.export.print.chromium import Printed, check_cjk_font, print_pages
from learning_map.export.print.labels import Box
from learning_map.export.print.maps import STYLE, draw_map
from learning_map.export.print.paper import PAPER_MM, PAPER_SCALE
from learning_map.export.print.qr import check_base_url, qr_path
from learning_map.export.print.svg import Frame, svg_path
from learning_map.export.words import (
    basemap_script,
    city_name,
    name_script,
    product_locale,
    template_words,
)

if TYPE_CHECKING:
    from pathlib import Path

    from learning_map.bundle.core import CityBundle
    from learning_map.walking.network import WalkNetwork

# Where the map sits on the A4 sheet (mm); the stop list and the QR code go below it.
MARGIN_MM = 12.0
MAP_TOP_MM, MAP_HEIGHT_MM = 34.0, 142.0
STOP_R_MM = 2.3
ROUTE_COLOUR = "#6a3d9a"
REST_COLOUR = "#0a6b3d"
# Rows (stops) the list holds in one column, and in two (names with a line of text, some on
# two lines); longer walks use three columns of names alone in a smaller size.
ONE_COLUMN_ROWS = 16
TWO_COLUMN_ROWS = 24
# Translators: the one-character mark of a rest point (bench, toilets) on a walk's route card
# (休 in Chinese).
REST_MARK = N_("R (rest point)")
REST_NAME = N_("Rest point (bench, toilets)")


def whole_minutes(minutes: float) -> str:
    """Minutes as the card prints them: whole minutes, "<1" for a few steps."""
    return "<1" if minutes < 0.5 else str(int(minutes + 0.5))  # half up, never "0"


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
    import geopandas as gpd

    locale = product_locale(city.sites, locale)

    network = city.network
    k = PAPER_SCALE["A4"]
    width_mm, height_mm = PAPER_MM["A4"]
    map_box = Box(MARGIN_MM, MAP_TOP_MM, width_mm - MARGIN_MM, MAP_TOP_MM + MAP_HEIGHT_MM)
    stops = plan["stops"]
    px, py, route = _route_metric(network, plan)
    extent = shapely.union_all([route, shapely.multipoints(np.column_stack((px, py)))]).bounds
    frame = Frame.fit(map_box, extent, margin=0.1)
    basemap = read_basemap(bundle_dir, frame, network.crs, script=basemap_script(locale, city.sites))
    numbered = _numbered_stops(stops, px, py, frame, locale)
    start_x, start_y = frame.point(float(px[-2]), float(py[-2]))
    scalebar = Box(map_box.x1 - 50 * k, map_box.y1 - 12 * k, map_box.x1 - 2 * k, map_box.y1 - 2 * k)
    # Street and place names keep clear of the stops and the scale bar.
    reserved = [scalebar, Box(start_x - 3, start_y - 3, start_x + 3, start_y + 3)]
    reserved += [Box(s["x"] - STOP_R_MM, s["y"] - STOP_R_MM, s["x"] + STOP_R_MM, s["y"] + STOP_R_MM)
                 for s in numbered]
    no_sites = gpd.GeoDataFrame({"category": [], "number": [], "name": []}, geometry=[], crs=network.crs)
    layers = draw_map(frame, basemap, sites=no_sites, units=None, unit_field=None, coverage=None, k=k,
                      reserved=reserved)
    rows = [_stop_row(item, locale) for item in numbered]
    back = ({pace: whole_minutes(m) for pace, m in plan["last_leg_minutes"].items()}
            if plan.get("last_leg_m") else None)
    qr = _qr(check_base_url(base_url), page_url)
    context = {
        "title": title or gettext("Humanities walk", locale=locale),
        "subtitle": subtitle if subtitle is not None else city_name(city, locale),
        "city": city_name(city, locale), "font": font, "style": STYLE, "k": k,
        "width_mm": width_mm, "height_mm": height_mm, "map": layers, "scalebar": scalebar,
        "route": svg_path(route, frame) if not route.is_empty else "", "route_colour": ROUTE_COLOUR,
        "stops": numbered, "stop_r": STOP_R_MM, "start": {"x": start_x, "y": start_y},
        "rows": rows, "back": back,
        "columns": 1 if len(rows) <= ONE_COLUMN_ROWS else 2 if len(rows) <= TWO_COLUMN_ROWS else 3,
        "walk_km": plan["walk_m"] / 1000, "minutes": plan["minutes"], "qr": qr,
        "attribution": OSM_ATTRIBUTION, "rest_mark": gettext(REST_MARK, locale=locale),
        "speeds": {pace: f"{resolve_speed_kmh(pace):g}" for pace in ("adult", "elderly")},
    }
    return environment().get_template("walk_card.html").render(**context, **template_words(locale))


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


def _numbered_stops(stops: list[dict[str, Any]], px: np.ndarray, py: np.ndarray, frame: Frame,
                    locale: str) -> list[dict[str, Any]]:
    """Each stop on the page with its label: sights numbered 1, 2, …; rest points the rest mark."""
    numbered, sight_number = [], 0
    for stop, x, y in zip(stops, px, py, strict=False):
        if stop["kind"] == "rest":
            label, colour = gettext(REST_MARK, locale=locale), REST_COLOUR
        else:
            sight_number += 1
            label, colour = str(sight_number), ROUTE_COLOUR
        page_x, page_y = frame.point(float(x), float(y))
        numbered.append({"x": page_x, "y": page_y, "label": label, "colour": colour, "stop": stop})
    return numbered


def _stop_row(item: dict[str, Any], locale: str) -> dict[str, Any]:
    """One stop's line in the card's table: its name in the card's script and the leg's minutes."""
    stop = item["stop"]
    # The name stored for the card's script (learning_map.city.scripts); an English or
    # Portuguese card without such a name shows the English one, then the data's own.
    names = stop.get("names") or {}
    name = names.get(name_script(locale)) or (names.get("en") if locale == "pt" else "") or stop["name"] or (
        gettext(REST_NAME, locale=locale) if stop["kind"] == "rest" else "")
    return {"label": item["label"], "colour": item["colour"], "name": name,
            "text": stop.get("text") or "", "adult": whole_minutes(stop["leg_minutes"]["adult"]),
            "elderly": whole_minutes(stop["leg_minutes"]["elderly"]), "rest": stop["kind"] == "rest"}


def write_walk_card(city: CityBundle, bundle_dir: str | Path, plan: dict[str, Any], out: Path, *,
                    title: str | None = None, subtitle: str | None = None, base_url: str | None = None,
                    page_url: str | None = None, locale: str | None = None) -> Printed:
    """Check the CJK font, lay out the card and print it to ``out`` (one A4 page, atomically)."""
    font = check_cjk_font()
    html = walk_card_document(city, bundle_dir, plan, title=title, subtitle=subtitle, base_url=base_url,
                              page_url=page_url, font=font, locale=locale)
    return print_pages(html, out, paper="A4")
