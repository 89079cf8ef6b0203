"""The A4 district booklet: a page per reporting unit (and more when its content needs them), with the poster's site numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from learning_map import settings
from learning_map._version import __version__
from learning_map.base.i18n import N_, gettext
from learning_map.base.schema import OSM_ATTRIBUTION
from learning_map.bundle.tiles import read_basemap
from learning_map.city.categories import CATEGORIES
from learning_map.export.jinja import environment
from learning_map.export.print.boundaries import STREET_MAP, MapBoundaries
from learning_map.export.print.labels import Box
from learning_map.export.print.maps import STYLE, coverage_area, draw_map, number_sites
from learning_map.export.print.measure import Measured, measuring
from learning_map.export.print.paper import PAPER_MM, PAPER_SCALE, ContentFitError
from learning_map.export.print.poster import cell_text
from learning_map.export.print.svg import Frame, legend_symbol
from learning_map.export.words import (
    ALL_SITES,
    PACES,
    basemap_script,
    change_action,
    city_name,
    field_label,
    product_locale,
    second_site_names,
    site_display_names,
    template_words,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import geopandas as gpd
    import pandas as pd

    from learning_map.bundle.core import CityBundle


# The page's parts (mm on A4): the map under the header, the two columns of text under the
# map on a unit's first page, from under the header on its continuation pages.
MARGIN_MM = 12.0
MAP_TOP_MM, MAP_HEIGHT_MM = 36.0, 128.0
FIRST_BODY_TOP_MM, MORE_BODY_TOP_MM, BODY_BOTTOM_MM = 171.0, 36.0, 282.0
LEFT_WIDTH_MM, RIGHT_WIDTH_MM, GAP_MM = 100.0, 80.0, 6.0
# Room left unused at a column's foot: Chromium lays out in fractions of a CSS pixel, so a
# sum of measured heights may differ from the laid-out column by a little.
SLACK_MM = 0.5


class BookletLayoutError(ContentFitError):
    """The booklet cannot hold an entry, even on a page of its own."""


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


@dataclass
class _Unit:
    """One unit's content: its map (None: pages without one), and its two columns' blocks in reading order."""

    name: str
    map: Any
    scalebar: Box | None
    left: list[dict[str, Any]]
    right: list[dict[str, Any]]


def booklet_document(city: CityBundle, bundle_dir: str | Path, *, year: int, title: str,
                     units: gpd.GeoDataFrame, unit_field: str, coverage_rows: pd.DataFrame,
                     changes: pd.DataFrame, previous: CityBundle | None,
                     scorecard: pd.DataFrame | None = None, font: str = "Noto Sans CJK SC",
                     publisher: str | None = None, review_number: str | None = None,
                     locale: str | None = None, boundaries: MapBoundaries = STREET_MAP) -> str:
    """
    A4 pages per reporting unit: its map, all its sites, its coverage and all it changed.

    Site numbers are the poster's. ``locale`` is the booklet's one language (None: the city's
    script, :func:`~learning_map.export.words.product_locale`): words, category labels, site
    names and the change list are all in it; a Chinese booklet prints each site's Portuguese
    (else English) name beneath its name. Without a year before (``previous`` None) the
    booklet says it is the registry's first year instead of listing every site as opened.

    ``units`` make the pages; the boundaries drawn are ``boundaries``' (none by default: a street
    map, :mod:`~learning_map.export.print.boundaries`).

    Nothing is dropped: every block of text (a site, a check, a change) is measured as
    Chromium lays it out, the columns are filled with them in order, and what does not fit
    continues on further pages under the unit's name, "(continued)". The pages are laid out
    again and checked before they are returned.

    Raises
    ------
    BookletLayoutError
        When one entry is taller than a whole column (a page of its own cannot hold it).
    """
    locale = product_locale(city.sites, locale)
    k = PAPER_SCALE["A4"]
    width_mm, height_mm = PAPER_MM["A4"]
    crs = city.network.crs
    sites = number_sites(city.sites.to_crs(crs))
    # The name beneath is read from the stored names, before "name" becomes the one shown.
    sites["name_beneath"] = second_site_names(sites, locale)
    sites["name"] = site_display_names(sites, locale)
    book = _Book(bundle_dir=bundle_dir, crs=crs, sites=sites,
                 units=units.to_crs(crs).reset_index(drop=True), unit_field=unit_field,
                 coverage=coverage_area(city, crs), coverage_rows=coverage_rows, changes=changes,
                 before=previous.sites.to_crs(crs) if previous is not None else None,
                 scorecard=scorecard,
                 map_box=Box(MARGIN_MM, MAP_TOP_MM, width_mm - MARGIN_MM, MAP_TOP_MM + MAP_HEIGHT_MM),
                 k=k, minutes=max(settings.WALK_MINUTES), locale=locale,
                 script=basemap_script(locale, city.sites), boundaries=boundaries)
    contents = []
    for _, row in book.units.iterrows():
        geometry = row.geometry
        if geometry is None or geometry.is_empty:
            continue
        contents.append(_unit_content(book, str(row[unit_field]), geometry, index=len(contents)))
    outside = _outside_content(book, index=len(contents))
    if outside is not None:
        contents.append(outside)
    context = {"title": title, "year": year, "city": city_name(city, locale), "font": font,
               "style": STYLE, "k": k, "map_box": book.map_box, "width_mm": width_mm,
               "height_mm": height_mm, "previous_year": year - 1 if previous is not None else None,
               "minutes": book.minutes, "attribution": OSM_ATTRIBUTION, "version": __version__,
               "publisher": publisher, "review_number": review_number, "body": _body_box(),
               "boundary_note": boundaries.note(locale),
               "legend_items": [{"key": key, "label": c.label(locale), "color": c.color, "d": legend_symbol(key, 3.2)}
                                for key, c in CATEGORIES.items() if key in set(sites["category"])]}
    template = environment().get_template("booklet.html")
    words = template_words(locale)
    with measuring(width_mm=width_mm) as measure:
        probe = template.render(**context, **words, measuring=True,
                                pages=[_probe_page(c) for c in contents])
        heights = {box.key: box.height for box in measure(probe, "[data-m]")}
        pages = [page for content in contents for page in _paginate(content, heights, locale)]
        for number, page in enumerate(pages, start=1):
            page["number"] = number
        html = template.render(**context, **words, measuring=False, pages=pages)
        _check_pages(pages, measure(html, ".page, [data-m]"))
    return html


def _body_box() -> dict[str, float]:
    """The text columns' place on the page (mm)."""
    return {"x0": MARGIN_MM, "left_width": LEFT_WIDTH_MM, "right_width": RIGHT_WIDTH_MM,
            "gap": GAP_MM, "first_top": FIRST_BODY_TOP_MM, "more_top": MORE_BODY_TOP_MM,
            "bottom": BODY_BOTTOM_MM}


def _unit_content(book: _Book, name: str, geometry: Any, *, index: int) -> _Unit:
    """One unit's map (the rest veiled) and its blocks: sites; figures, checks and changes."""
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
    key = f"u{index}"
    left = _site_blocks(book, inside, key)
    right = [{"kind": "figures-h2", "key": f"{key}-fh"},
             {"kind": "figures", "key": f"{key}-f", "section": f"{key}-fh",
              "rows": _unit_figures(book.coverage_rows, name, book.minutes, book.locale)}]
    checks = _unit_checks(book.scorecard, name, book.locale)
    if checks:
        right.append({"kind": "checks-h2", "key": f"{key}-ch"})
        right += [{"kind": "check", "key": f"{key}-c{i}", "section": f"{key}-ch", "check": c}
                  for i, c in enumerate(checks)]
    if book.before is None:
        # A first year has nothing to compare with: its every site would read "opened".
        right.append({"kind": "first-year", "key": f"{key}-y"})
    else:
        changes = _unit_changes(book.changes, lambda point: point is not None and geometry.contains(point),
                                sites, book.before, book.locale)
        right += (_change_blocks(changes, key)
                  or [{"kind": "changes-h2", "key": f"{key}-gh"},
                      {"kind": "no-changes", "key": f"{key}-g0", "section": f"{key}-gh"}])
    return _Unit(name, layers, scalebar, left, right)


def _outside_content(book: _Book, *, index: int) -> _Unit | None:
    """
    The sites outside every unit, and the changes there, on pages of their own (no map).

    Units seldom tile a whole city (a campus across the border, new land): what lies outside
    them is listed after them, so the booklet drops nothing. None when nothing does.
    """
    geometries = [g for g in book.units.geometry if g is not None and not g.is_empty]
    in_a_unit = np.zeros(len(book.sites), dtype=bool)
    for geometry in geometries:
        in_a_unit |= book.sites.within(geometry).to_numpy()
    key = f"u{index}"
    left = _site_blocks(book, book.sites[~in_a_unit], key) if not in_a_unit.all() else []
    right: list[dict[str, Any]] = []
    if book.before is not None:
        changes = _unit_changes(book.changes,
                                lambda point: point is None or not any(g.contains(point) for g in geometries),
                                book.sites, book.before, book.locale)
        right = _change_blocks(changes, key)
    if not left and not right:
        return None
    return _Unit(gettext("Outside every reporting unit", locale=book.locale), None, None, left, right)


def _site_blocks(book: _Book, sites: gpd.GeoDataFrame, key: str) -> list[dict[str, Any]]:
    """The sites' heading and one block per site (or one saying there is none)."""
    locale = book.locale
    rows = [{"number": int(s.number), "name": str(s.name), "beneath": str(s.name_beneath),
             "category": CATEGORIES[s.category].label(locale) if s.category in CATEGORIES else s.category,
             "color": CATEGORIES[s.category].color if s.category in CATEGORIES else "#555",
             "d": legend_symbol(s.category, 3.2),
             "address": cell_text(getattr(s, "address", "")), "phone": cell_text(getattr(s, "phone", ""))}
            for s in sites.itertuples()]
    blocks = [{"kind": "sites-h2", "key": f"{key}-sh", "count": len(rows)}]
    return blocks + ([{"kind": "site", "key": f"{key}-s{i}", "section": f"{key}-sh", "site": r}
                      for i, r in enumerate(rows)]
                     or [{"kind": "no-sites", "key": f"{key}-s0", "section": f"{key}-sh"}])


def _change_blocks(changes: list[dict[str, str]], key: str) -> list[dict[str, Any]]:
    """The changes' heading and one block per change; none without a change."""
    if not changes:
        return []
    return [{"kind": "changes-h2", "key": f"{key}-gh"},
            *({"kind": "change", "key": f"{key}-g{i}", "section": f"{key}-gh", "change": c}
              for i, c in enumerate(changes))]


def _probe_page(content: _Unit) -> dict[str, Any]:
    """A page holding all of a unit's blocks in its two columns, only to measure them."""
    return {"heading": content.name, "map": None, "scalebar": None, "first": False,
            "left": content.left, "right": content.right, "number": 0}


def _paginate(content: _Unit, heights: dict[str, float], locale: str) -> list[dict[str, Any]]:
    """The unit's pages: its columns filled in order, the rest on pages under "(continued)"."""
    more_mm = BODY_BOTTOM_MM - MORE_BODY_TOP_MM - SLACK_MM
    first_mm = BODY_BOTTOM_MM - FIRST_BODY_TOP_MM - SLACK_MM if content.map is not None else more_mm
    columns = [_fill(blocks, heights, first_mm, more_mm, content.name, locale)
               for blocks in (content.left, content.right)]
    count = max(len(c) for c in columns)
    pages = []
    for i in range(count):
        heading = content.name if i == 0 else gettext("{unit} (continued)", locale=locale, unit=content.name)
        pages.append({"heading": heading, "unit": content.name, "first": i == 0 and content.map is not None,
                      "map": content.map if i == 0 else None, "scalebar": content.scalebar,
                      "left": columns[0][i] if i < len(columns[0]) else [],
                      "right": columns[1][i] if i < len(columns[1]) else []})
    return pages


def _fill(blocks: list[dict[str, Any]], heights: dict[str, float], first_mm: float, more_mm: float,
          unit: str, locale: str) -> list[list[dict[str, Any]]]:
    """
    One column's blocks cut into pages of ``first_mm`` then ``more_mm`` (mm).

    A heading stays with the block after it; a section cut by a page starts the next page
    with its heading again.
    """
    headings = {b["key"]: b for b in blocks if b["kind"].endswith("-h2")}
    pages: list[list[dict[str, Any]]] = [[]]
    used, room = 0.0, first_mm
    for i, block in enumerate(blocks):
        height = heights[block["key"]]
        need = height
        if block["kind"].endswith("-h2") and i + 1 < len(blocks):
            need += heights[blocks[i + 1]["key"]]
        if used + need > room and any(not b["kind"].endswith("-h2") for b in pages[-1]):
            pages.append([])
            used, room = 0.0, more_mm
            heading = headings.get(block.get("section", ""))
            if heading is not None:
                pages[-1].append({**heading, "key": heading["key"] + "+"})
                used += heights[heading["key"]]
        elif used + need > room and room == first_mm and pages[-1]:
            # Not even one entry fits under the map: the section starts on the next page.
            pages[-1] = []
            pages.append([b for b in blocks[:i] if b["kind"].endswith("-h2") and
                          b["key"] == block.get("section")])
            used, room = sum(heights[b["key"]] for b in pages[-1]), more_mm
        if used + height > room:
            raise BookletLayoutError(
                N_("A booklet page cannot hold one entry of {unit}, even on a page of its own: {entry}"),
                unit=unit, entry=_entry_text(block, locale))
        pages[-1].append(block)
        used += height
    return pages


def _entry_text(block: dict[str, Any], locale: str) -> str:
    """A block as the error names it."""
    for part in ("site", "change", "check"):
        if part in block:
            item = block[part]
            return str(item.get("name") or item.get("label") or "")[:80]
    return block["kind"]


def _check_pages(pages: list[dict[str, Any]], boxes: list[Measured]) -> None:
    """Every block Chromium laid out lies inside its page's text columns, and none is missing."""
    page_boxes = [b for b in boxes if not b.key]
    blocks = [b for b in boxes if b.key]
    expected = sum(len(p["left"]) + len(p["right"]) for p in pages)
    if len(page_boxes) != len(pages) or len(blocks) != expected:
        raise BookletLayoutError(N_("The booklet's pages for {unit} overflow after layout; nothing was printed"),
                                 unit=pages[0]["unit"] if pages else "")
    for box in blocks:
        page = pages[box.page]
        top = FIRST_BODY_TOP_MM if page["first"] else MORE_BODY_TOP_MM
        inside = (top - 0.05 <= box.y0 and box.y1 <= BODY_BOTTOM_MM + 0.05
                  and box.x0 >= MARGIN_MM - 0.05
                  and box.x1 <= MARGIN_MM + LEFT_WIDTH_MM + GAP_MM + RIGHT_WIDTH_MM + 0.05)
        if not inside:
            raise BookletLayoutError(N_("The booklet's pages for {unit} overflow after layout; nothing was printed"),
                                     unit=page["unit"])


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


def _unit_changes(changes: pd.DataFrame, here: Callable[[Any], bool], sites: gpd.GeoDataFrame,
                  before: gpd.GeoDataFrame | None, locale: str) -> list[dict[str, str]]:
    """
    The year's changes at sites ``here`` says are in (closed sites located by last year's place).

    ``here`` gets each site's point, None for a site placed nowhere.
    """
    where = dict(zip(sites["site_id"], sites.geometry, strict=True))
    if before is not None:
        for site_id, point in zip(before["site_id"], before.geometry, strict=True):
            where.setdefault(site_id, point)
    out = []
    for row in changes.itertuples():
        if not here(where.get(row.site_id)):
            continue
        what = change_action(row.action, locale)
        if row.action == "changed":
            what = gettext("{action} {field}: {old} → {new}", locale=locale, action=what,
                           field=field_label(row.field, locale), old=row.old_value, new=row.new_value)
        out.append({"action": row.action, "what": what, "name": str(row.name)})
    return out


__all__ = ["BookletLayoutError", "booklet_document"]
