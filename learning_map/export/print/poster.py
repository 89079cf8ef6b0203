"""The yearly poster (A3 or A1): header, the city map with its legend, and the site index."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from learning_map import settings
from learning_map._version import __version__
from learning_map.base.i18n import N_, format_number, gettext
from learning_map.base.schema import OSM_ATTRIBUTION
from learning_map.base.units import resolve_speed_kmh
from learning_map.bundle.tiles import read_basemap
from learning_map.city.categories import CATEGORIES, SUBTYPES
from learning_map.city.symbols import subtype_symbols, symbol_of
from learning_map.export.jinja import environment
from learning_map.export.print.boundaries import STREET_MAP, MapBoundaries
from learning_map.export.print.index_layout import (
    FIT_TOLERANCE_MM,
    INDEX_MIN_PT,
    INDEX_PAGES_MAX,
    IndexLayout,
    choose_index_layout,
    layouts_to_measure,
)
from learning_map.export.print.insets import (
    CROWD_NEIGHBOURS,
    INSET_SITES_MIN,
    Inset,
    biggest_cluster,
    cluster_region,
    crowded_points,
    free_corner,
    land_share,
    place_inset,
    trimmed_extent,
)
from learning_map.export.print.labels import Box
from learning_map.export.print.maps import (
    STYLE,
    MapLayers,
    coverage_area,
    draw_map,
    draw_overview,
    number_sites,
)
from learning_map.export.print.measure import laid_out_heights, read_back
from learning_map.export.print.paper import PAPER_MM, PAPER_SCALE, ContentFitError, check_paper
from learning_map.export.print.qr import qr_path, site_url
from learning_map.export.print.svg import Frame, legend_symbol, symbol_path
from learning_map.export.words import (
    basemap_script,
    city_name,
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
    from learning_map.export.print.labels import Candidate

# A QR code per site fits in the index up to this many sites; beyond it one QR code
# links to the public map instead.
QR_PER_SITE_MAX = {"A3": 12, "A1": 24}
# Share of the front the index may take under the map; beyond it the index goes on the back.
FRONT_INDEX_SHARE = 0.42
# Insets tried per map before numbers go further out on long leaders, and the detail pages
# (a cluster enlarged to a page of its own) after that.
INSETS_MAX = 3
DETAILS_MAX = 2
# An inset's region on the main map is at least this wide and tall (mm at A3 scale).
INSET_SOURCE_MIN_MM = 24.0
# The poster's maps: every category, or the elderly-education sites by their subtypes.
POSTER_MAPS = ("learning", "elderly")
ELDERLY = "elderly_education"


class PosterFitError(ContentFitError):
    """The poster cannot hold its content (every site in the index and on the map)."""


@dataclass
class Poster:
    """Everything the templates need, and the placed labels (for checks)."""

    context: dict[str, Any]
    labels: list[Candidate]
    dropped: int
    pages: int = 1
    index_pt: float = 0.0
    insets: int = 0
    notes: list[str] = field(default_factory=list)


def poster_document(city: CityBundle, bundle_dir: str | Path, *, year: int, title: str | None,
                    paper: str = "A3", units: gpd.GeoDataFrame | None = None,
                    unit_field: str | None = None, base_url: str | None = None,
                    publisher: str | None = None, review_number: str | None = None,
                    font: str = "Noto Sans CJK SC",
                    coverage_rows: pd.DataFrame | None = None, locale: str | None = None,
                    kind: str = "learning", when: datetime.datetime | None = None,
                    boundaries: MapBoundaries = STREET_MAP) -> Poster:
    """
    The poster as HTML (an autoescaped template), laid out and checked: nothing is dropped.

    The index is set by Chromium and packed into columns from the measured heights
    (:mod:`~.index_layout`): under the map when it fits at the minimum type, else on the
    back and a second sheet. The map frames the sites; dense clusters get an inset over an
    empty part of it (:mod:`~.insets`), numbers then go out on longer leaders, then onto
    detail pages. The laid-out
    page is read back (:func:`~.measure.read_back`): every entry must lie inside its column
    on its page, every number inside a map's frame. When anything cannot be held, :class:`PosterFitError`.

    Parameters
    ----------
    city
        The city as of ``year``.
    bundle_dir
        The bundle (its offline basemap is drawn).
    year, title
        Printed in the header; title None: the elderly-education map's own title.
    paper
        ``"A3"`` or ``"A1"`` (portrait).
    units, unit_field
        Reporting units: the map shows their extent; drawn only as ``boundaries`` say.
    base_url
        Public site for QR codes; None prints none.
    publisher, review_number
        Printed in the footer when given (mainland maps need a 审图号, printed bottom left).
    font
        The CJK font family (from :func:`check_cjk_font`).
    coverage_rows
        The city's coverage table (for the headline figures).
    locale
        The poster's one language (``zh_Hant``, ``pt``...); None: the city's script
        (:func:`~learning_map.export.words.product_locale`). Words, category labels and site
        names are all in it.
    kind
        ``"learning"`` (every category) or ``"elderly"`` (the elderly-education sites by
        their subtype, coverage at elderly pace, elderly residents reached per unit).
    when
        The date printed on the poster (None: today).
    boundaries
        The administrative boundaries drawn: none (street mode, the default) or exactly an
        office's file (:mod:`~learning_map.export.print.boundaries`); the footer says which.
    """
    locale = product_locale(city.sites, locale)
    paper = check_paper(paper)
    elderly = kind == "elderly"
    city_label = city_name(city.name, locale)
    if title is None:
        title = gettext("{city} elderly education map {year}", locale=locale, city=city_label, year=str(year))
    k = PAPER_SCALE[paper]
    width_mm, height_mm = PAPER_MM[paper]
    crs = city.network.crs
    chosen = city.sites[city.sites["category"] == ELDERLY] if elderly else city.sites
    sites = _number_subtypes(chosen.to_crs(crs)) if elderly else number_sites(chosen.to_crs(crs))
    sites["name"] = site_display_names(sites, locale)
    sites["second"] = second_site_names(sites, locale)
    metric_units = units.to_crs(crs) if units is not None else None
    margin = 12 * k
    header_mm = 34 * k
    footer_mm = 16 * k
    qr_each = bool(base_url) and len(sites) <= QR_PER_SITE_MAX[paper]
    index = _index_groups(sites, base_url if qr_each else None, locale, subtypes=elderly)
    words = template_words(locale)
    layout = _lay_out_index(index, paper=paper, font=font, k=k, qr_each=qr_each, words=words,
                            front_mm=height_mm * FRONT_INDEX_SHARE,
                            page_mm=height_mm - 2 * margin - footer_mm - INDEX_HEAD_MM * k)
    index_mm = INDEX_HEAD_MM * k + layout.used_mm if layout.on_front else 0.0
    map_box = Box(margin, margin + header_mm, width_mm - margin,
                  height_mm - margin - footer_mm - (index_mm + 4 * k if layout.on_front else 3 * k))
    frame = Frame.fit(map_box, _extent(city, metric_units, sites))
    legend_rows = _legend_items(sites, locale, subtypes=elderly, k=k)
    legend, scalebar, north = _furniture(map_box, k, len(legend_rows))
    furniture = [legend, scalebar, north]
    reached = _reached_by_unit(coverage_rows, locale) if elderly else []
    reached_box = None
    if reached:
        size = (74 * k, (10 + 4.1 * len(reached)) * k)
        points = np.array([frame.point(p.x, p.y) for p in sites.geometry]) if len(sites) else np.zeros((0, 2))
        reached_box = free_corner(map_box, size, points=points, avoid=furniture, k=k) or Box(
            map_box.x1 - 3 * k - size[0], map_box.y0 + 26 * k, map_box.x1 - 3 * k, map_box.y0 + 26 * k + size[1])
        furniture.append(reached_box)
    script = basemap_script(locale, city.sites)
    basemap = read_basemap(bundle_dir, frame, crs, script=script)
    coverage = _elderly_coverage(city, crs) if elderly else coverage_area(city, crs)
    # The boundaries drawn are the office's, or none (a street map); units still frame the map.
    drawn_units, drawn_field = boundaries.in_crs(crs)
    draw = {"sites": sites, "units": drawn_units, "unit_field": drawn_field, "coverage": coverage,
            "k": k, "site_names": len(sites) <= 30, "subtypes": elderly}
    detail_box = Box(margin, margin + 14 * k, width_mm - margin, height_mm - margin - footer_mm - 3 * k)
    layers, insets, details = _compose(frame, basemap, draw, furniture=furniture, detail_box=detail_box,
                                       bundle_dir=bundle_dir, crs=crs, script=script, k=k)
    dropped = layers.dropped_numbers + [n for part in (*insets, *details) for n in part["map"].dropped_numbers]
    if dropped:
        raise PosterFitError(N_("The {paper} poster has no room on its map for site numbers {numbers}; "
                                "print it on A1 or leave out a category"), paper=paper,
                             numbers=", ".join(str(n) for n in dropped[:10]))
    overview = _overview(city, frame, layers, insets, bundle_dir=bundle_dir, crs=crs, script=script,
                         k=k, avoid=[*furniture, *(_framed(i["box"], k) for i in insets)])
    # Too many sites for a QR code each: one code leads to the public map.
    map_qr = _map_qr(base_url + "/") if base_url and not qr_each else None
    minutes = max(settings.WALK_MINUTES)
    pace = "elderly" if elderly else "adult"
    context = {
        "title": title, "year": year, "city": city_label, "paper": paper, "k": k,
        "width_mm": width_mm, "height_mm": height_mm, "margin": margin, "header_mm": header_mm,
        "footer_mm": footer_mm, "index_mm": index_mm, "font": font, "layout": layout,
        "index_pages": _index_pages(index, layout, width_mm=width_mm, margin=margin, k=k,
                                    top_mm=map_box.y1 + 4 * k if layout.on_front else margin),
        "map": layers, "insets": insets, "details": details, "overview": overview, "style": STYLE, "legend": legend,
        "scalebar": scalebar, "north": north, "legend_items": legend_rows, "elderly": elderly,
        "has_units": drawn_units is not None, "boundary_note": boundaries.note(locale), "qr_each": qr_each, "map_qr": map_qr,
        "minutes": minutes, "speed_kmh": resolve_speed_kmh(pace),
        "headline": _headline(coverage_rows, locale, elderly=elderly), "sites_count": len(sites),
        "reached": reached, "reached_box": reached_box,
        "publisher": publisher, "review_number": review_number, "attribution": OSM_ATTRIBUTION,
        "version": __version__, "symbol_size": 4 * k,
        "date": (when or datetime.datetime.now(datetime.UTC)).date().isoformat(),
    }
    html = environment().get_template("poster.html").render(**context, **words)
    _check_laid_out(html, paper, layout, sites)
    context["html"] = html
    notes = []
    if not layout.on_front:
        notes.append(f"index on {layout.back_pages} more page(s) at {layout.type_pt:g} pt"
                     + ("; A1 would hold it on one sheet" if paper == "A3" and layout.back_pages > 1 else ""))
    if details:
        notes.append(f"{len(details)} enlarged detail page(s) after the front; A1 would show more on the front")
    placed = layers.placed + [c for part in (*insets, *details) for c in part["map"].placed]
    return Poster(context, placed, 0, pages=1 + len(details) + layout.back_pages, index_pt=layout.type_pt,
                  insets=len(insets), notes=notes)


# The index heading's height (mm at A3 scale) above the columns.
INDEX_HEAD_MM = 9.0


def _number_subtypes(sites: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Elderly-education sites in index order (subtype, then north to south) with ``number`` 1..n."""
    order = {key: i for i, key in enumerate(subtype_symbols())}
    frame = sites.copy()
    subtype = frame.get("subtype", None)
    frame["_sub"] = subtype.map(order).fillna(len(order)) if subtype is not None else 0
    frame["_y"] = -frame.geometry.y.round(-1)
    frame["_x"] = frame.geometry.x.round(-1)
    frame = frame.sort_values(["_sub", "_y", "_x", "site_id"], kind="stable").reset_index(drop=True)
    frame["number"] = np.arange(1, len(frame) + 1)
    return frame.drop(columns=["_sub", "_y", "_x"])


def _elderly_coverage(city: CityBundle, crs: Any) -> Any:
    """The area within a 15-minute walk of an elderly-education site at elderly pace, in ``crs``."""
    if ELDERLY not in city.model.categories:
        return None
    areas = city.model.isochrones(minutes=[max(settings.WALK_MINUTES)], speed_kmh=resolve_speed_kmh("elderly"),
                                  categories=[ELDERLY])
    areas = areas[~areas.is_empty]
    return shapely.union_all(areas.to_crs(crs).geometry.to_numpy()) if len(areas) else None


def _lay_out_index(index: list[dict[str, Any]], *, paper: str, font: str, k: float, qr_each: bool,
                   words: dict[str, Any], front_mm: float, page_mm: float) -> IndexLayout:
    """Chromium sets every index block at each candidate size and width; the first layout that holds them."""
    width_mm = PAPER_MM[paper][0] - 2 * 12 * k
    pairs = layouts_to_measure(paper, cards=qr_each)
    containers = [{"pt": pt, "width": column_width(width_mm, columns, k)} for pt, columns in pairs]
    html = environment().get_template("poster_measure.html").render(
        groups=index, containers=containers, font=font, k=k, qr_each=qr_each,
        width_mm=PAPER_MM[paper][0], height_mm=PAPER_MM[paper][1], **words)
    measured = laid_out_heights(html, paper)
    heights = dict(zip(pairs, measured, strict=True))
    headings = [block == "group" for group in index for block in ("group", *(["entry"] * len(group["entries"])))]
    layout = choose_index_layout(heights, headings, paper=paper, front_mm=front_mm - INDEX_HEAD_MM * k,
                                 page_mm=page_mm, cards=qr_each)
    if layout is None:
        sites = sum(len(group["entries"]) for group in index)
        raise PosterFitError(N_("The site index of {sites} sites does not fit on {pages} pages of {paper} "
                                "at {pt} pt; print it on A1"), sites=sites, pages=1 + INDEX_PAGES_MAX,
                             paper=paper, pt=f"{INDEX_MIN_PT[paper]:g}")
    return layout


def column_width(width_mm: float, columns: int, k: float) -> float:
    """The width (mm) of one of ``columns`` index columns across ``width_mm``."""
    return (width_mm - (columns - 1) * 5 * k) / columns


def _index_pages(index: list[dict[str, Any]], layout: IndexLayout, *, width_mm: float, margin: float,
                 k: float, top_mm: float) -> list[dict[str, Any]]:
    """Each index page's columns (position and blocks) as the template draws them."""
    blocks = [(group, entry) for group in index for entry in (None, *group["entries"])]
    inner = width_mm - 2 * margin
    column_mm = column_width(inner, layout.columns, k)
    pages = []
    for page_number, columns in enumerate(layout.pages):
        top = top_mm + INDEX_HEAD_MM * k
        out = []
        for i, column in enumerate(columns):
            out.append({"x": margin + i * (column_mm + 5 * k), "y": top, "w": column_mm,
                        "key": f"c{page_number}-{i}",
                        "blocks": [{"group": blocks[-1 - b][0], "entry": None} if b < 0 else
                                   {"group": blocks[b][0], "entry": blocks[b][1]} for b in column]})
        pages.append({"top": top_mm, "columns": out, "continued": page_number > 0 or not layout.on_front})
    return pages


def _check_laid_out(html: str, paper: str, layout: IndexLayout, sites: gpd.GeoDataFrame) -> None:
    """
    Read the laid-out page back: every site in the index and numbered on a map.

    Each site's entry once, inside its column, inside its page; its number set on a map (the
    main map, an inset or a detail page) inside that map's frame. The check is made on
    Chromium's layout of the very HTML that prints.
    """
    height_mm = PAPER_MM[paper][1]
    boxes, maps = read_back(html, paper)
    columns = {key: box for key, *box in boxes if key.startswith("c")}
    seen: list[int] = []
    tolerance = FIT_TOLERANCE_MM
    for key, x0, y0, x1, y1 in boxes:
        if not key.startswith("n"):
            continue
        number, column = key[1:].split("@")
        seen.append(int(number))
        cx0, cy0, cx1, cy1 = columns[column]
        page = math.floor((cy0 + tolerance) / height_mm)
        inside = (x0 >= cx0 - tolerance and x1 <= cx1 + tolerance and y0 >= cy0 - tolerance
                  and y1 <= cy1 + tolerance and y1 <= (page + 1) * height_mm)
        if not inside:
            raise PosterFitError(N_("Site {number} does not fit in the poster's index; print it on A1"),
                                 number=number)
    expected = set(sites["number"].astype(int))
    missing = sorted(expected - set(seen))
    if missing or len(seen) != len(sites):
        raise PosterFitError(N_("Site {number} does not fit in the poster's index; print it on A1"),
                             number=missing[0] if missing else seen[0])
    on_map: set[int] = set()
    for frame, labels in maps:
        for text, x0, y0, x1, y1 in labels:
            if frame is not None and (x0 >= frame[0] - tolerance and x1 <= frame[2] + tolerance
                                      and y0 >= frame[1] - tolerance and y1 <= frame[3] + tolerance):
                first = text.split(" ", 1)[0]
                if first.isdigit():
                    on_map.add(int(first))
    unmapped = sorted(expected - on_map)
    if unmapped:
        raise PosterFitError(N_("The {paper} poster has no room on its map for site numbers {numbers}; "
                                "print it on A1 or leave out a category"), paper=paper,
                             numbers=", ".join(str(n) for n in unmapped[:10]))


def _compose(frame: Frame, basemap: Any, draw: dict[str, Any], *, furniture: list[Box], detail_box: Box,
             bundle_dir: str | Path, crs: Any, script: str, k: float
             ) -> tuple[MapLayers, list[dict[str, Any]], list[dict[str, Any]]]:
    """
    The main map, its insets and its detail pages, chosen from site density and from what found no room.

    A cluster of crowded sites (:func:`~.insets.crowded_points`), or of numbers that found no
    room, is drawn again enlarged in an inset over an empty part of the map; its sites are
    numbered in the inset only. When insets cannot hold every number (a city with sites
    everywhere has no empty part), numbers may go out on longer leaders; then the cluster of
    numbers still without room gets a page of its own, enlarged to the sheet (a detail page
    after the front), at most ``DETAILS_MAX`` of them.
    """
    insets: list[Inset] = []
    drawn: list[dict[str, Any]] = []
    rejected: list[Box] = []
    land = _land_grid(frame, basemap, k)
    for far in (False, True):
        while True:
            unlabelled = _numbers_in(draw["sites"], frame, [i.source for i in insets])
            layers = draw_map(frame, basemap, reserved=[*furniture, *(_framed(i.box, k) for i in insets)],
                              unlabelled=unlabelled, far_leaders=far, **draw)
            if len(insets) + len(rejected) >= INSETS_MAX + 2:
                break
            inset = _next_inset(layers, frame, insets, unlabelled, furniture=furniture, k=k, land=land,
                                rejected=rejected)
            if inset is None:
                break
            # An inset that cannot number its own sites is no help: its region is left to the main map.
            part = _draw_inset(inset, frame, draw, bundle_dir=bundle_dir, crs=crs, script=script, k=k)
            if part["map"].dropped_numbers:
                rejected.append(inset.source)
                continue
            insets.append(inset)
            drawn.append(part)
            if len(insets) >= INSETS_MAX:
                unlabelled = _numbers_in(draw["sites"], frame, [i.source for i in insets])
                layers = draw_map(frame, basemap, reserved=[*furniture, *(_framed(i.box, k) for i in insets)],
                                  unlabelled=unlabelled, far_leaders=far, **draw)
                break
        if not layers.dropped_numbers:
            return layers, drawn, []
    # Detail pages instead of insets: each takes the biggest cluster of numbers without room.
    regions: list[Box] = []
    details: list[dict[str, Any]] = []
    layers = draw_map(frame, basemap, reserved=furniture, far_leaders=True, **draw)
    while layers.dropped_numbers and len(regions) < DETAILS_MAX:
        points = {s["number"]: (s["x"], s["y"]) for s in layers.symbols}
        regions.append(cluster_region(np.array([points[n] for n in layers.dropped_numbers]), k=k))
        unlabelled = _numbers_in(draw["sites"], frame, regions)
        layers = draw_map(frame, basemap, reserved=furniture, unlabelled=unlabelled, far_leaders=True, **draw)
    for i, region in enumerate(regions):
        details.append(_draw_detail(region, frame, draw, detail_box, letter="ABC"[i], bundle_dir=bundle_dir,
                                    crs=crs, script=script, k=k))
    return layers, [], details


def _draw_detail(region: Box, main: Frame, draw: dict[str, Any], box: Box, *, letter: str,
                 bundle_dir: str | Path, crs: Any, script: str, k: float) -> dict[str, Any]:
    """A detail page: ``region`` of the main map enlarged to ``box`` (a page of its own)."""
    frame = Frame.fit(box, _to_metres(main, region), margin=0.03)
    zoom = round(main.metres_per_mm / frame.metres_per_mm, 1)
    basemap = read_basemap(bundle_dir, frame, crs, script=script)
    scalebar = Box(box.x1 - 60 * k, box.y1 - 14 * k, box.x1 - 2 * k, box.y1 - 2 * k)
    north = Box(box.x1 - 16 * k, box.y0 + 2 * k, box.x1 - 2 * k, box.y0 + 22 * k)
    layers = draw_map(frame, basemap, reserved=[scalebar, north], far_leaders=True, **draw)
    return {"map": layers, "box": box, "source": region, "letter": letter, "scalebar": scalebar,
            "north": north, "zoom": zoom}


def _land_grid(frame: Frame, basemap: Any, k: float) -> Callable[[Box], float]:
    """The share of land under a page box on the main map (a 3 mm grid of the basemap's water)."""
    step = 3 * k
    box = frame.box
    xs = np.arange(box.x0 + step / 2, box.x1, step)
    ys = np.arange(box.y0 + step / 2, box.y1, step)
    gx, gy = np.meshgrid(xs, ys)
    mpm = frame.metres_per_mm
    mx = frame.bounds[0] + (gx - box.x0) * mpm
    my = frame.bounds[3] - (gy - box.y0) * mpm
    land = np.ones(gx.shape, dtype=bool)
    if basemap.water is not None and not basemap.water.is_empty:
        land = ~shapely.contains_xy(basemap.water, mx, my)
    return lambda b: land_share(land, b, origin=(box.x0, box.y0), step=step)


def _next_inset(layers: MapLayers, frame: Frame, insets: list[Inset], unlabelled: set[int], *,
                furniture: list[Box], k: float, land: Callable[[Box], float], rejected: list[Box]) -> Inset | None:
    """
    The next inset: around the biggest crowd of sites that fits enlarged, else around the numbers without room.

    Regions already ``rejected`` (their inset could not number them) are not tried again.
    None when no inset is needed or none fits.
    """
    def fresh(xy: tuple[float, float]) -> bool:
        return not any(r.x0 <= xy[0] <= r.x1 and r.y0 <= xy[1] <= r.y1 for r in rejected)

    points = {s["number"]: (s["x"], s["y"]) for s in layers.symbols}
    everything = np.array(list(points.values())) if points else np.zeros((0, 2))
    avoid = [*furniture, *(_framed(i.box, k) for i in insets), *(i.source for i in insets)]
    letter = "ABC"[len(insets)]
    # Room for the inset's letter tab above it, inside the map's frame.
    room = Box(frame.box.x0, frame.box.y0 + 5 * k, frame.box.x1, frame.box.y1)
    taken = [i.source for i in insets]
    free = np.array([xy for n, xy in points.items() if n not in unlabelled and fresh(xy)]).reshape(-1, 2)
    for neighbours in CROWD_NEIGHBOURS:
        crowd = biggest_cluster(crowded_points(free, k=k, neighbours=neighbours), k=k)
        if len(crowd) < INSET_SITES_MIN:
            break
        region = _at_least(cluster_region(crowd, k=k), INSET_SOURCE_MIN_MM * k)
        if any(region.intersects(t) for t in taken):
            continue
        inset = place_inset(region, room, points=everything, k=k, letter=letter, avoid=avoid, land=land)
        if inset is not None:
            return inset
    dropped = [points[n] for n in layers.dropped_numbers if fresh(points[n])]
    if dropped:
        region = _at_least(cluster_region(np.array(dropped), k=k), INSET_SOURCE_MIN_MM * k)
        if not any(region.intersects(t) for t in taken):
            inset = place_inset(region, room, points=everything, k=k, letter=letter, avoid=avoid, land=land)
            if inset is not None:
                return inset
    return None


def _framed(box: Box, k: float) -> Box:
    """An inset's box with its frame and letter tab."""
    return Box(box.x0 - 1 * k, box.y0 - 6 * k, box.x1 + 1 * k, box.y1 + 1 * k)


def _numbers_in(sites: gpd.GeoDataFrame, frame: Frame, regions: list[Box]) -> set[int]:
    """Numbers of the sites whose page position lies in one of ``regions``."""
    out = set()
    for row in sites.itertuples():
        x, y = frame.point(row.geometry.x, row.geometry.y)
        if any(r.x0 <= x <= r.x1 and r.y0 <= y <= r.y1 for r in regions):
            out.add(int(row.number))
    return out


def _to_metres(frame: Frame, box: Box) -> tuple[float, float, float, float]:
    """A page box on ``frame`` as metric bounds."""
    mpm = frame.metres_per_mm
    b = frame.bounds
    return (b[0] + (box.x0 - frame.box.x0) * mpm, b[3] - (box.y1 - frame.box.y0) * mpm,
            b[0] + (box.x1 - frame.box.x0) * mpm, b[3] - (box.y0 - frame.box.y0) * mpm)


def _at_least(box: Box, size: float) -> Box:
    """``box`` grown about its centre to at least ``size`` mm each way (an inset shows a neighbourhood, not a street corner)."""
    grow_x = max(0.0, size - (box.x1 - box.x0)) / 2
    grow_y = max(0.0, size - (box.y1 - box.y0)) / 2
    return Box(box.x0 - grow_x, box.y0 - grow_y, box.x1 + grow_x, box.y1 + grow_y)


def _draw_inset(inset: Inset, main: Frame, draw: dict[str, Any], *, bundle_dir: str | Path, crs: Any,
                script: str, k: float) -> dict[str, Any]:
    """One inset's map (the region enlarged), its scale bar box, and the region's box on the main map."""
    frame = Frame.fit(inset.box, _to_metres(main, inset.source), margin=0.0)
    basemap = read_basemap(bundle_dir, frame, crs, script=script)
    scalebar = Box(inset.box.x1 - 42 * k, inset.box.y1 - 12 * k, inset.box.x1 - 1 * k, inset.box.y1 - 1 * k)
    layers = draw_map(frame, basemap, reserved=[scalebar], far_leaders=True, **draw)
    return {"map": layers, "box": inset.box, "source": inset.source, "letter": inset.letter,
            "scalebar": scalebar, "zoom": inset.zoom}


def _overview(city: CityBundle, frame: Frame, layers: MapLayers, insets: list[dict[str, Any]], *,
              bundle_dir: str | Path, crs: Any, script: str, k: float, avoid: list[Box]) -> dict[str, Any] | None:
    """A locator overview of the whole street network with the main map's box, in a free corner."""
    xs, ys = city.network.node_x, city.network.node_y
    whole = (float(np.min(xs)), float(np.min(ys)), float(np.max(xs)), float(np.max(ys)))
    aspect = (whole[3] - whole[1]) / max(whole[2] - whole[0], 1.0)
    points = np.array([(s["x"], s["y"]) for s in layers.symbols]) if layers.symbols else np.zeros((0, 2))
    # Room for the overview's heading above it, inside the map's frame; it covers no label either.
    room = Box(frame.box.x0, frame.box.y0 + 5 * k, frame.box.x1, frame.box.y1)
    labels = [Box(c.box.x0, c.box.y0 - 5 * k, c.box.x1, c.box.y1) for c in layers.placed]
    box = None
    for share in (1.0, 0.75, 0.55):
        width = 46 * k * share
        height = min(max(width * aspect, 20 * k * share), 60 * k * share)
        box = free_corner(room, (width, height), points=points, avoid=[*avoid, *labels], k=k)
        if box is not None:
            break
    if box is None:
        return None
    small = Frame.fit(box, whole, margin=0.02)
    basemap = read_basemap(bundle_dir, small, crs, script=script)
    shown = Box(*frame.bounds)
    sites = [(row.geometry.x, row.geometry.y) for row in city.sites.to_crs(crs).itertuples()]
    return draw_overview(small, basemap, shown=shown, sites=sites)


def _map_qr(url: str) -> dict[str, Any]:
    """One QR code to ``url``: its path data, size in modules and the address printed under it."""
    d, n = qr_path(url)
    return {"d": d, "n": n, "url": url}


def _legend_items(sites: gpd.GeoDataFrame, locale: str, *, subtypes: bool, k: float) -> list[dict[str, Any]]:
    """The legend's rows: each category (or elderly subtype) on the map with its symbol and number of sites."""
    rows = []
    for group in _groups(sites, locale, subtypes=subtypes):
        symbol = symbol_of(ELDERLY, group["key"] or None) if subtypes else symbol_of(group["key"])
        rows.append({"key": group["key"], "category": ELDERLY if subtypes else group["key"],
                     "shape": symbol.shape, "outline": symbol.outline, "label": group["label"],
                     "color": group["color"], "d": _group_symbol(group["key"], 4 * k, subtypes=subtypes),
                     "count": len(group["entries"])})
    return rows


def _group_symbol(key: str, size: float, *, subtypes: bool) -> str:
    if subtypes:
        return symbol_path(symbol_of(ELDERLY, key).shape, size / 2, size / 2, size * 0.32)
    return legend_symbol(key, size)


def _groups(sites: gpd.GeoDataFrame, locale: str, *, subtypes: bool) -> list[dict[str, Any]]:
    """The sites by category (or elderly subtype) in index order: key, label, colour, rows."""
    out = []
    if subtypes:
        column = sites.get("subtype", None)
        for key in [*subtype_symbols(), ""]:
            if column is None:
                rows = sites if key == "" else sites.iloc[0:0]
            elif key:
                rows = sites[column == key]
            else:
                rows = sites[~column.isin(list(subtype_symbols()))]
            if len(rows):
                label = SUBTYPES[key].label(locale) if key in SUBTYPES else CATEGORIES[ELDERLY].label(locale)
                out.append({"key": key, "label": label, "color": symbol_of(ELDERLY, key or None).color,
                            "entries": rows})
        return out
    for key in [*CATEGORIES, *sorted(set(sites["category"]) - set(CATEGORIES))]:
        rows = sites[sites["category"] == key]
        if len(rows):
            category = CATEGORIES.get(key)
            out.append({"key": key, "label": category.label(locale) if category else key,
                        "color": category.color if category else "#555555", "entries": rows})
    return out


def _furniture(map_box: Box, k: float, rows: int) -> tuple[Box, Box, Box]:
    """Where the legend (bottom left), scale bar (bottom right) and north arrow go on the map."""
    legend_h = (9 + 4.6 * (rows + 4)) * k
    legend = Box(map_box.x0 + 3 * k, map_box.y1 - 3 * k - legend_h, map_box.x0 + 78 * k, map_box.y1 - 3 * k)
    scalebar = Box(map_box.x1 - 60 * k, map_box.y1 - 14 * k, map_box.x1 - 2 * k, map_box.y1 - 2 * k)
    north = Box(map_box.x1 - 16 * k, map_box.y0 + 2 * k, map_box.x1 - 2 * k, map_box.y0 + 22 * k)
    return legend, scalebar, north


def _extent(city: CityBundle, units: gpd.GeoDataFrame | None, sites: gpd.GeoDataFrame) -> tuple:
    """
    What the main map frames: where the sites are, and the populated units' core.

    Every site is inside (nothing dropped); of the units only the central nine tenths of
    their representative points count, so a census zone of open sea or an airport does not
    widen the map. Without sites: the street network, trimmed the same way.
    """
    if len(sites):
        xy = np.column_stack([sites.geometry.x, sites.geometry.y])
        box = (float(xy[:, 0].min()), float(xy[:, 1].min()), float(xy[:, 0].max()), float(xy[:, 1].max()))
        if units is not None and len(units) > 3:
            points = units.geometry.representative_point()
            core = trimmed_extent(np.column_stack([points.x, points.y]))
            box = (min(box[0], core[0]), min(box[1], core[1]), max(box[2], core[2]), max(box[3], core[3]))
        return box
    return trimmed_extent(np.column_stack([city.network.node_x, city.network.node_y]), keep=0.98)


def _index_groups(sites: gpd.GeoDataFrame, base_url: str | None, locale: str, *,
                  subtypes: bool = False) -> list[dict[str, Any]]:
    """The index: each group's label and symbol, and its entries (number, names, address, phone)."""
    groups = []
    for group in _groups(sites, locale, subtypes=subtypes):
        entries = []
        for row in group["entries"].itertuples():
            entry = {"number": int(row.number), "name": str(row.name),
                     "second": cell_text(getattr(row, "second", "")),
                     "address": cell_text(getattr(row, "address", "")),
                     "phone": cell_text(getattr(row, "phone", "")), "site_id": str(row.site_id)}
            if base_url:
                url = site_url(base_url, row.site_id)
                entry["qr"], entry["qr_n"] = qr_path(url)
                entry["url"] = url
            entries.append(entry)
        groups.append({"key": group["key"], "label": group["label"], "color": group["color"],
                       "d": _group_symbol(group["key"], 3.2, subtypes=subtypes), "entries": entries})
    return groups


def cell_text(value: Any) -> str:
    """A table cell as printed text: stripped, empty for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _city_rows(rows: pd.DataFrame, category: str | None) -> pd.DataFrame:
    """The whole city's rows at 15 minutes: every category together (None) or one category."""
    minutes = max(settings.WALK_MINUTES)
    city = rows[(rows["unit"] == rows["unit"].iloc[0]) & (rows["minutes"] == minutes)]
    if category is None:
        return city[~city["category"].isin(list(CATEGORIES))]
    return city[city["category"] == category]


def _headline(rows: pd.DataFrame | None, locale: str, *, elderly: bool = False) -> dict[str, Any] | None:
    """
    Residents and elderly residents within 15 minutes (counts and shares).

    The learning map: of any site, adults at adult pace, elderly residents at elderly pace.
    The elderly-education map: elderly residents of an elderly-education site at elderly pace.
    """
    if rows is None or not len(rows):
        return None
    city = _city_rows(rows, ELDERLY if elderly else None)
    out: dict[str, Any] = {}
    for pace in ("elderly",) if elderly else ("adult", "elderly"):
        row = city[city["pace"] == pace]
        if not len(row):
            continue
        share, covered = ("population_share", "population_covered") if pace == "adult" else (
            "elderly_share", "elderly_covered")
        value = row[share].iloc[0] if share in row else None
        out[pace] = None if value is None or value != value else round(float(value) * 100)
        people = row[covered].iloc[0] if covered in row else None
        out[f"{pace}_people"] = (None if people is None or people != people
                                 else format_number(round(float(people), -2), locale=locale))
    return out if any(v is not None for v in out.values()) else None


def _reached_by_unit(rows: pd.DataFrame | None, locale: str) -> list[dict[str, Any]]:
    """Elderly residents within 15 minutes of an elderly-education site (elderly pace), per unit."""
    if rows is None or not len(rows):
        return []
    minutes = max(settings.WALK_MINUTES)
    units = rows[(rows["unit"] != rows["unit"].iloc[0]) & (rows["minutes"] == minutes)
                 & (rows["category"] == ELDERLY) & (rows["pace"] == "elderly")]
    out = []
    for row in units.itertuples():
        share = row.elderly_share
        out.append({"unit": str(row.unit), "reached": format_number(round(float(row.elderly_covered or 0)), locale=locale),
                    "share": None if share != share else round(float(share) * 100)})
    return out


__all__ = ["POSTER_MAPS", "Poster", "PosterFitError", "cell_text", "column_width", "poster_document"]
