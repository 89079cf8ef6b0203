"""
The national overview map: one offline HTML file, the cities drawn as SVG by their 15-minute share.

No script, tiles or web fonts: the city outlines are SVG paths computed here (numbers
only), and every name reaches the page through the autoescaped template. Cities too small
to see at the country's scale get a marker; the table beside the map lists every city.
Every word is from the catalogues, in one locale (``overview_html(..., locale=...)``); Chinese
city names are shown in that locale's script.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shapely

from learning_map.base.i18n import N_, format_number, gettext
from learning_map.base.safety import atomic_write
from learning_map.base.schema import OSM_ATTRIBUTION
from learning_map.batch.tasks import city_area
from learning_map.bundle.national import STATUS_DONE, STATUS_FAILED
from learning_map.city.scripts import has_han, to_hans, to_hant

if TYPE_CHECKING:
    from learning_map.bundle.national import CityEntry

__all__ = ["DEFAULT_LOCALE", "OVERVIEW_FILE", "overview_html", "place_name", "standard_name", "write_overview"]

OVERVIEW_FILE = "national.html"
WIDTH_PX, HEIGHT_PX, MARGIN_PX = 760, 560, 36
# Below this size on the page an outline is invisible: the city gets a marker as well.
SMALL_PX = 14
# Numbered markers stay readable up to this many cities; the table names them all.
MAX_LABELS = 99
# ColorBrewer YlGnBu, 5 classes: sequential and colour-blind safe (light = few covered).
CLASS_COLORS = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
# Lower bounds of the classes: a 15-minute city aims high, so the top classes are narrow.
CLASS_BREAKS = (0.0, 0.5, 0.7, 0.85, 0.95)
DEFAULT_LOCALE = "zh_Hans"
# The page's language tag per locale (the page's CSS picks the Chinese fonts of its script by it).
HTML_LANG = {"zh_Hans": "zh-Hans", "zh_Hant": "zh-Hant", "en": "en", "pt": "pt"}
# The page's fixed words, by the name the template uses (message ids; said in the page's locale).
WORDS = {
    "title": N_("15-minute learning circles: national overview"),
    "map_label": N_("National overview map"),
    "legend_label": N_("Legend"),
    "legend": N_("Residents within a 15-minute walk (4.8 km/h)"),
    "note": N_("Numbers refer to the table. Dots: share of residents; squares: no population, "
               "share of the street network; red ×: the city failed."),
    "city": N_("City"),
    "district": N_("Part of"),
    "sites": N_("Learning sites"),
    "residents": N_("Residents"),
    "min5": N_("5 min"),
    "min10": N_("10 min"),
    "min15": N_("15 min"),
    "elderly15": N_("15 min, elderly"),
    "streets15": N_("Streets, 15 min"),
}


@cache
def _template() -> Any:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    return env.get_template("overview.html")


def _share_class(share: float) -> int:
    return max(i for i, low in enumerate(CLASS_BREAKS) if share >= low)


class _Frame:
    """Lon/lat to page pixels: equirectangular at the cities' mean latitude, fitted to the page."""

    def __init__(self, bounds: tuple[float, float, float, float]) -> None:
        west, south, east, north = bounds
        self.kx = math.cos(math.radians((south + north) / 2))
        span_x = max((east - west) * self.kx, 1e-6)
        span_y = max(north - south, 1e-6)
        self.scale = min((WIDTH_PX - 2 * MARGIN_PX) / span_x, (HEIGHT_PX - 2 * MARGIN_PX) / span_y)
        self.x0 = west - ((WIDTH_PX - 2 * MARGIN_PX) / self.scale - span_x) / 2 / self.kx
        self.y0 = north + ((HEIGHT_PX - 2 * MARGIN_PX) / self.scale - span_y) / 2

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (MARGIN_PX + (lon - self.x0) * self.kx * self.scale,
                MARGIN_PX + (self.y0 - lat) * self.scale)

    def path(self, shape: shapely.Geometry) -> str:
        """SVG path data of the polygons of ``shape`` (simplified to half a pixel)."""
        shape = shapely.simplify(shape, 0.5 / self.scale, preserve_topology=True)
        parts = []
        for ring in _rings(shape):
            points = [self.xy(x, y) for x, y in shapely.get_coordinates(ring)]
            parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
        return "".join(parts)


def _rings(shape: shapely.Geometry) -> list[shapely.Geometry]:
    polygons = shapely.get_parts(shape)
    rings = []
    for polygon in polygons:
        if isinstance(polygon, shapely.Polygon):
            rings.append(polygon.exterior)
            rings.extend(polygon.interiors)
        elif isinstance(polygon, shapely.GeometryCollection):
            rings.extend(_rings(polygon))
    return rings


def _percent(value: float | None, locale: str) -> str:
    # Translators: a share in percent ("85%"); Portuguese writes "85 %".
    return "–" if value is None else gettext("{percent}%", locale=locale,
                                              percent=format_number(round(value * 100), locale=locale))


def place_name(name: str, locale: str) -> str:
    """A city's name as a page in ``locale`` shows it: Chinese in the locale's script, else as given."""
    if not has_han(name):
        return name
    if locale == "zh_Hant":
        return to_hant(name)
    if locale == "zh_Hans":
        return to_hans(name)
    return name


def standard_name(rules: Any, locale: str) -> str:
    """
    A standard's title as a page in ``locale`` shows it.

    Its own Chinese title (in the locale's script) on a Chinese page; else its English title,
    translated where the catalogues have it; the name when it has no such title.
    """
    if locale.startswith("zh") and rules.title_zh:
        return place_name(rules.title_zh, locale)
    return gettext(rules.title_en, locale=locale) if rules.title_en else rules.name


def overview_html(entries: list[CityEntry], results: dict[str, dict[str, Any]], *,
                  title: str | None = None, standard: str | None = None,
                  locale: str = DEFAULT_LOCALE) -> str:
    """
    The overview page: the cities on a map coloured by residents within 15 minutes, and a table.

    Parameters
    ----------
    entries
        The national index (done cities drawn from ``results``, failed ones marked).
    results
        Figures of the done cities by slug (:func:`~learning_map.batch.tasks.run_city`).
    title
        Page title (default: the catalogues' title in ``locale``).
    standard
        Name of the standard the verdicts are against, as the page's locale writes it.
    locale
        The page's locale (``zh_Hans``, ``zh_Hant``, ``en``, ``pt``): every word, number and
        Chinese city name is in it.

    Returns
    -------
    html
    """
    shapes = _city_shapes(entries, results)
    frame = _Frame(tuple(shapely.total_bounds(list(shapes.values()))) if shapes else (0, 0, 1, 1))
    cities, rows = [], []
    for number, entry in enumerate(entries, start=1):
        result = results.get(entry.slug) if entry.status == STATUS_DONE else None
        everything = next((r for r in result["rows"] if r["category"] == "all"), {}) if result else {}
        shape = shapes.get(entry.slug)
        if shape is not None:
            cities.append(_map_city(entry, number, result, everything, shape, frame, locale))
        rows.append(_table_row(entry, number, result, everything, locale))
    done = sum(e.status == STATUS_DONE for e in entries)
    bounds = [*CLASS_BREAKS, 1.0]
    classes = [{"color": color, "label": gettext("{low}–{high}", locale=locale,
                                                 low=_percent(bounds[i], locale), high=_percent(bounds[i + 1], locale))}
               for i, color in enumerate(CLASS_COLORS)]
    words = {key: gettext(msgid, locale=locale) for key, msgid in WORDS.items()}
    subtitle = " · ".join((
        gettext("Cities done: {done} of {total}", locale=locale, done=format_number(done, locale=locale),
                total=format_number(len(entries), locale=locale)),
        gettext("walking distance on the street network, not straight lines", locale=locale)))
    return _template().render(
        words=words, title=title or words["title"], width=WIDTH_PX, height=HEIGHT_PX, cities=cities,
        rows=rows, classes=classes, labels=len(cities) <= MAX_LABELS,
        standard=standard or gettext("Standard", locale=locale), subtitle=subtitle,
        footer=gettext("learning-map batch · Map data {attribution}", locale=locale,
                       attribution=OSM_ATTRIBUTION),
        lang=HTML_LANG.get(locale, locale.replace("_", "-")),
    )


def _city_shapes(entries: list[CityEntry], results: dict[str, dict[str, Any]]) -> dict[str, shapely.Geometry]:
    """Each drawn city's outline: a done city's area, a failed one's box."""
    shapes: dict[str, shapely.Geometry] = {}
    for entry in entries:
        if entry.status == STATUS_DONE and entry.slug in results:
            shapes[entry.slug] = city_area(results[entry.slug]).iloc[0]
        elif entry.status == STATUS_FAILED and entry.bbox:
            shapes[entry.slug] = shapely.box(*entry.bbox)
    return shapes


def _map_city(entry: CityEntry, number: int, result: dict[str, Any] | None, everything: dict[str, Any],
              shape: shapely.Geometry, frame: _Frame, locale: str) -> dict[str, Any]:
    """One city on the map: its marker, class (by the 15-minute share) and outline."""
    share = everything.get("share_15min_adult")
    network_only = share is None
    if share is None:
        share = everything.get("network_share_15min_adult")
    x, y = frame.xy(*shapely.get_coordinates(shapely.point_on_surface(shape))[0])
    minx, miny, maxx, maxy = shape.bounds
    small = max((maxx - minx) * frame.kx, maxy - miny) * frame.scale < SMALL_PX
    failed = entry.status == STATUS_FAILED
    return {
        "name": place_name(entry.name, locale), "number": number, "x": round(x, 1), "y": round(y, 1),
        "failed": failed,
        "cls": _share_class(share or 0.0), "small": small or network_only,
        "network_only": network_only,
        "path": "" if failed or result is None else frame.path(shape),
    }


def _table_row(entry: CityEntry, number: int, result: dict[str, Any] | None,
               everything: dict[str, Any], locale: str) -> dict[str, Any]:
    """One city's row of the table: its figures and verdict."""
    verdict = everything.get("pass")
    residents = everything.get("residents")
    sites = everything.get("sites")
    return {
        "number": number, "name": place_name(entry.name, locale),
        "district": place_name((result or {}).get("district") or "", locale),
        "sites": "" if sites is None else format_number(sites, locale=locale),
        "residents": "–" if residents is None else format_number(round(residents), locale=locale),
        "s5": _percent(everything.get("share_5min_adult"), locale),
        "s10": _percent(everything.get("share_10min_adult"), locale),
        "s15": _percent(everything.get("share_15min_adult"), locale),
        "e15": _percent(everything.get("share_15min_elderly"), locale),
        "n15": _percent(everything.get("network_share_15min_adult"), locale),
        "verdict": _verdict_text(entry, result, verdict, locale),
        "verdict_class": "fail" if entry.status == STATUS_FAILED or verdict is False else
                         "pass" if verdict else "",
    }


# A city's verdict against the standard: met, not met, no rule applies.
VERDICTS = {True: N_("Meets the standard"), False: N_("Falls short of the standard"),
            None: N_("No rule applies")}


def _verdict_text(entry: CityEntry, result: dict[str, Any] | None, verdict: bool | None, locale: str) -> str:
    """Failed (with the error), pending, pass, fail or n/a."""
    if entry.status == STATUS_FAILED:
        return gettext("Build failed: {error}", locale=locale, error=entry.error)
    if result is None:
        return gettext("Not built yet", locale=locale)
    return gettext(VERDICTS.get(verdict, VERDICTS[None]), locale=locale)


def write_overview(html: str, path: str | Path) -> Path:
    """Write the overview page atomically."""
    path = Path(path)
    with atomic_write(path, "w", encoding="utf-8") as handle:
        handle.write(html)
    return path
