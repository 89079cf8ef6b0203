"""The A4 district booklet: one page per reporting unit, with the poster's site numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import shapely

from learning_map import settings
from learning_map._version import __version__
from learning_map.base.i18n import gettext
from learning_map.base.schema import OSM_ATTRIBUTION
from learning_map.bundle.tiles import read_basemap
from learning_map.city.categories import CATEGORIES
from learning_map.export.jinja import environment
from learning_map.export.print.boundaries import STREET_MAP, MapBoundaries
from learning_map.export.print.labels import Box
from learning_map.export.print.maps import STYLE, coverage_area, draw_map, number_sites
from learning_map.export.print.paper import PAPER_MM, PAPER_SCALE
from learning_map.export.print.poster import cell_text
from learning_map.export.print.svg import Frame, legend_symbol
from learning_map.export.words import (
    ALL_SITES,
    PACES,
    basemap_script,
    change_action,
    field_label,
    product_locale,
    site_display_names,
    template_words,
)

if TYPE_CHECKING:
    from pathlib import Path

    import geopandas as gpd
    import pandas as pd

    from learning_map.bundle.core import CityBundle


@dataclass
class _Book:
    """What every page of one booklet shares."""

    bundle_dir: str | Path
    crs: Any
    sites: gpd.GeoDataFrame
    units: gpd.GeoDataFrame
    unit_field: str
    coverage: Any
    coverage_rows: pd.DataFrame
    changes: pd.DataFrame
    before: gpd.GeoDataFrame | None
    scorecard: pd.DataFrame | None
    map_box: Box
    k: float
    minutes: float
    locale: str
    script: str
    boundaries: MapBoundaries = STREET_MAP


def booklet_document(city: CityBundle, bundle_dir: str | Path, *, year: int, title: str,
                     units: gpd.GeoDataFrame, unit_field: str, coverage_rows: pd.DataFrame,
                     changes: pd.DataFrame, previous: CityBundle | None,
                     scorecard: pd.DataFrame | None = None, font: str = "Noto Sans CJK SC",
                     publisher: str | None = None, review_number: str | None = None,
                     locale: str | None = None, boundaries: MapBoundaries = STREET_MAP) -> str:
    """
    One A4 page per reporting unit: its map, its sites, its coverage and what changed there.

    Site numbers are the poster's. ``locale`` is the booklet's one language (None: the city's
    script, :func:`~learning_map.export.words.product_locale`): words, category labels, site
    names and the change list are all in it. ``units`` make the pages; the boundaries drawn
    are ``boundaries``' (none by default: a street map, :mod:`~learning_map.export.print.boundaries`).
    """
    locale = product_locale(city.sites, locale)
    k = PAPER_SCALE["A4"]
    width_mm, height_mm = PAPER_MM["A4"]
    crs = city.network.crs
    sites = number_sites(city.sites.to_crs(crs))
    sites["name"] = site_display_names(sites, locale)
    margin = 12.0
    book = _Book(bundle_dir=bundle_dir, crs=crs, sites=sites,
                 units=units.to_crs(crs).reset_index(drop=True), unit_field=unit_field,
                 coverage=coverage_area(city, crs), coverage_rows=coverage_rows, changes=changes,
                 before=previous.sites.to_crs(crs) if previous is not None else None,
                 scorecard=scorecard, map_box=Box(margin, 36.0, width_mm - margin, 36.0 + 128.0), k=k,
                 minutes=max(settings.WALK_MINUTES), locale=locale,
                 script=basemap_script(locale, city.sites), boundaries=boundaries)
    pages: list[dict[str, Any]] = []
    for _, row in book.units.iterrows():
        geometry = row.geometry
        if geometry is None or geometry.is_empty:
            continue
        pages.append(_unit_page(book, str(row[unit_field]), geometry, number=len(pages) + 1))
    context = {"title": title, "year": year, "city": city.name, "pages": pages, "font": font,
               "style": STYLE, "k": k, "map_box": book.map_box, "width_mm": width_mm,
               "height_mm": height_mm, "previous_year": year - 1 if previous is not None else None,
               "minutes": book.minutes, "attribution": OSM_ATTRIBUTION, "version": __version__,
               "publisher": publisher, "review_number": review_number,
               "boundary_note": boundaries.note(locale),
               "legend_items": [{"label": c.label(locale), "color": c.color, "d": legend_symbol(key, 3.2)}
                                for key, c in CATEGORIES.items() if key in set(sites["category"])]}
    return environment().get_template("booklet.html").render(**context, **template_words(locale))


def _unit_page(book: _Book, name: str, geometry: Any, *, number: int) -> dict[str, Any]:
    """One unit's page: its map (the rest veiled), sites, figures, checks and changes."""
    k, map_box, sites = book.k, book.map_box, book.sites
    frame = Frame.fit(map_box, geometry.bounds, margin=0.12)
    basemap = read_basemap(book.bundle_dir, frame, book.crs, script=book.script)
    inside = sites[sites.within(geometry)]
    view = sites[sites.intersects(shapely.box(*frame.bounds))]
    scalebar = Box(map_box.x1 - 50 * k, map_box.y1 - 12 * k, map_box.x1 - 2 * k, map_box.y1 - 2 * k)
    drawn_units, drawn_field = book.boundaries.in_crs(book.crs)
    # The page's unit is drawn strong only when it is one of the boundaries drawn.
    layers = draw_map(frame, basemap, sites=view, units=drawn_units, unit_field=drawn_field,
                      coverage=book.coverage, k=k, reserved=[scalebar], site_names=len(view) <= 12,
                      highlight=geometry if book.boundaries.outlines(geometry, book.crs) else None)
    figures = _unit_figures(book.coverage_rows, name, book.minutes, book.locale)
    checks = _unit_checks(book.scorecard, name, book.locale)
    here_changes = _unit_changes(book.changes, geometry, sites, book.before, book.locale)
    return {
        "name": name, "number": number, "map": layers, "scalebar": scalebar,
        "sites": [{"number": int(s.number), "name": str(s.name),
                   "category": CATEGORIES[s.category].label(book.locale) if s.category in CATEGORIES else s.category,
                   "color": CATEGORIES[s.category].color if s.category in CATEGORIES else "#555",
                   "d": legend_symbol(s.category, 3.2),
                   "address": cell_text(getattr(s, "address", "")), "phone": cell_text(getattr(s, "phone", ""))}
                  for s in inside.itertuples()],
        "figures": figures, "checks": checks, "changes": here_changes,
    }


def _unit_checks(scorecard: pd.DataFrame | None, name: str, locale: str) -> list[dict[str, Any]]:
    """The unit's scorecard rows that were checked (pass or fail), as the page prints them."""
    checks: list[dict[str, Any]] = []
    if scorecard is not None and len(scorecard):
        part = scorecard[(scorecard["unit"] == name) & scorecard["pass"].notna()]
        for check in part.to_dict("records"):
            key = check["key"]
            label = CATEGORIES[key].label(locale) if key in CATEGORIES else str(key)
            value = (_percent(check["value"]) if check["kind"] != "presence"
                     else f"{check['value']:g}")
            checks.append({"rule": str(check["rule"]), "label": label,
                           "pace": gettext(PACES[check["pace"]], locale=locale) if check["pace"] in PACES else "",
                           "limit": str(check["limit"] or ""), "value": value,
                           "pass": bool(check["pass"])})
    return checks


def _percent(value: Any) -> str:
    if value is None or value != value:
        return "–"
    return f"{float(value) * 100:.0f}%"


def _unit_figures(rows: pd.DataFrame, unit: str, minutes: float, locale: str) -> list[dict[str, Any]]:
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
            "label": CATEGORIES[key].label(locale) if key in CATEGORIES else gettext(ALL_SITES, locale=locale),
            "all": key not in CATEGORIES,
            "adult": _percent(adult["population_share"].iloc[0]),
            "elderly": _percent(elderly["elderly_share"].iloc[0]) if len(elderly) else "–",
            "change": None if change is None or change != change else f"{change:+.1f}",
        })
    return out


def _unit_changes(changes: pd.DataFrame, geometry: Any, sites: gpd.GeoDataFrame,
                  before: gpd.GeoDataFrame | None, locale: str) -> list[dict[str, str]]:
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
        what = change_action(row.action, locale)
        if row.action == "changed":
            what = gettext("{action} {field}: {old} → {new}", locale=locale, action=what,
                           field=field_label(row.field, locale), old=row.old_value, new=row.new_value)
        out.append({"action": row.action, "what": what, "name": str(row.name)})
    return out


__all__ = ["booklet_document"]
