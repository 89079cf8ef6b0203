"""The yearly poster (A3 or A1): header, the city map with its legend, and the site index."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from learning_map import settings
from learning_map._version import __version__
from learning_map.base.schema import OSM_ATTRIBUTION
from learning_map.base.units import resolve_speed_kmh
from learning_map.bundle.tiles import read_basemap
from learning_map.city.categories import CATEGORIES
from learning_map.export.jinja import environment
from learning_map.export.print.boundaries import STREET_MAP, MapBoundaries
from learning_map.export.print.labels import Box, text_width
from learning_map.export.print.maps import STYLE, coverage_area, draw_map, number_sites
from learning_map.export.print.paper import PAPER_MM, PAPER_SCALE, POSTER_PAPERS, check_paper
from learning_map.export.print.qr import qr_path, site_url
from learning_map.export.print.svg import Frame, legend_symbol
from learning_map.export.words import (
    basemap_script,
    product_locale,
    site_display_names,
    template_words,
)

if TYPE_CHECKING:
    from pathlib import Path

    import geopandas as gpd
    import pandas as pd

    from learning_map.bundle.core import CityBundle
    from learning_map.export.print.labels import Candidate

# A QR code per site fits in the index up to this many sites; beyond it one QR code
# links to the public map instead.
QR_PER_SITE_MAX = {"A3": 12, "A1": 24}
INDEX_LINE = 1.3
# (columns, type size mm at A3 scale) tried in turn; 2 mm is about 5.7 pt, still legible.
# A1 is A3 drawn twice as large (PAPER_SCALE), so the same layouts suit both.
INDEX_LAYOUTS = dict.fromkeys(POSTER_PAPERS, ((4, 2.35), (5, 2.2), (5, 2.0)))


@dataclass
class Poster:
    """Everything the templates need, and the placed labels (for checks)."""

    context: dict[str, Any]
    labels: list[Candidate]
    dropped: int


def poster_document(city: CityBundle, bundle_dir: str | Path, *, year: int, title: str,
                    paper: str = "A3", units: gpd.GeoDataFrame | None = None,
                    unit_field: str | None = None, base_url: str | None = None,
                    publisher: str | None = None, review_number: str | None = None,
                    font: str = "Noto Sans CJK SC",
                    coverage_rows: pd.DataFrame | None = None, locale: str | None = None,
                    boundaries: MapBoundaries = STREET_MAP) -> Poster:
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
        Reporting units: the map shows their extent; drawn only as ``boundaries`` say.
    base_url
        Public site for QR codes; None prints none.
    publisher, review_number
        Printed in the footer when given (mainland maps need a 审图号).
    font
        The CJK font family (from :func:`check_cjk_font`).
    coverage_rows
        The city's coverage table (for the headline figures).
    locale
        The poster's one language (``zh_Hant``, ``pt``...); None: the city's script
        (:func:`~learning_map.export.words.product_locale`). Words, category labels and site
        names are all in it.
    boundaries
        The administrative boundaries drawn: none (street mode, the default) or exactly an
        office's file (:mod:`~learning_map.export.print.boundaries`); the footer says which.
    """
    locale = product_locale(city.sites, locale)
    paper = check_paper(paper)
    k = PAPER_SCALE[paper]
    width_mm, height_mm = PAPER_MM[paper]
    crs = city.network.crs
    sites = number_sites(city.sites.to_crs(crs))
    sites["name"] = site_display_names(sites, locale)
    metric_units = units.to_crs(crs) if units is not None else None
    margin = 12 * k
    header_mm = 34 * k
    footer_mm = 16 * k
    qr_each = bool(base_url) and len(sites) <= QR_PER_SITE_MAX[paper]
    columns, font_mm, index_mm = _index_layout(sites, paper, width_mm=width_mm - 2 * margin,
                                               limit_mm=height_mm * 0.45, k=k, qr_each=qr_each)
    map_box = Box(margin, margin + header_mm, width_mm - margin,
                  height_mm - margin - footer_mm - index_mm - 4 * k)
    frame = Frame.fit(map_box, _extent(city, metric_units, sites))
    present = [key for key in CATEGORIES if key in set(sites["category"])]
    legend, scalebar, north = _furniture(map_box, k, len(present))
    basemap = read_basemap(bundle_dir, frame, crs, script=basemap_script(locale, city.sites))
    drawn_units, drawn_field = boundaries.in_crs(crs)
    layers = draw_map(frame, basemap, sites=sites, units=drawn_units,
                      unit_field=drawn_field, coverage=coverage_area(city, crs), k=k,
                      reserved=[legend, scalebar, north], site_names=len(sites) <= 30)
    index = _index_groups(sites, base_url if qr_each else None, locale)
    # Too many sites for a QR code each: one code leads to the public map.
    map_qr = _map_qr(base_url + "/") if base_url and not qr_each else None
    context = {
        "title": title, "year": year, "city": city.name, "paper": paper, "k": k,
        "width_mm": width_mm, "height_mm": height_mm, "margin": margin, "header_mm": header_mm,
        "footer_mm": footer_mm, "index_mm": index_mm, "columns": columns, "font": font,
        "index_font": font_mm,
        "map": layers, "style": STYLE, "legend": legend, "scalebar": scalebar, "north": north,
        "legend_items": _legend_items(sites, present, k, locale),
        "has_units": drawn_units is not None, "boundary_note": boundaries.note(locale), "index": index, "qr_each": qr_each, "map_qr": map_qr,
        "minutes": max(settings.WALK_MINUTES), "speed_kmh": resolve_speed_kmh("adult"),
        "headline": _headline(coverage_rows), "sites_count": len(sites),
        "publisher": publisher, "review_number": review_number, "attribution": OSM_ATTRIBUTION,
        "version": __version__, "symbol_size": 4 * k,
    }
    html = environment().get_template("poster.html").render(**context, **template_words(locale))
    context["html"] = html
    return Poster(context, layers.placed, layers.dropped)


def _map_qr(url: str) -> dict[str, Any]:
    """One QR code to ``url``: its path data, size in modules and the address printed under it."""
    d, n = qr_path(url)
    return {"d": d, "n": n, "url": url}


def _legend_items(sites: gpd.GeoDataFrame, present: list[str], k: float, locale: str) -> list[dict[str, Any]]:
    """The legend's rows: each category on the map with its symbol and number of sites."""
    return [{"key": key, "label": CATEGORIES[key].label(locale),
             "color": CATEGORIES[key].color, "d": legend_symbol(key, 4 * k),
             "count": int((sites["category"] == key).sum())} for key in present]


def _index_layout(sites: gpd.GeoDataFrame, paper: str, *, width_mm: float, limit_mm: float, k: float,
                  qr_each: bool) -> tuple[int, float, float]:
    """The index's columns, type size and height: the first layout that fits in ``limit_mm``."""
    for columns, font_mm in INDEX_LAYOUTS[paper]:
        index_mm = _index_height(sites, columns=columns, width_mm=width_mm, k=k,
                                 qr_each=qr_each, font_mm=font_mm)
        if index_mm <= limit_mm:
            break
    return columns, font_mm, min(index_mm, limit_mm)


def _furniture(map_box: Box, k: float, categories: int) -> tuple[Box, Box, Box]:
    """Where the legend (bottom left), scale bar (bottom right) and north arrow go on the map."""
    legend_h = (9 + 4.6 * (categories + 4)) * k
    legend = Box(map_box.x0 + 3 * k, map_box.y1 - 3 * k - legend_h, map_box.x0 + 78 * k, map_box.y1 - 3 * k)
    scalebar = Box(map_box.x1 - 60 * k, map_box.y1 - 14 * k, map_box.x1 - 2 * k, map_box.y1 - 2 * k)
    north = Box(map_box.x1 - 16 * k, map_box.y0 + 2 * k, map_box.x1 - 2 * k, map_box.y0 + 22 * k)
    return legend, scalebar, north


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
        meta = " ".join(cell_text(getattr(row, c, "")) for c in ("address", "phone"))
        text = f"{row.number}   {row.name} {meta}".strip()
        lines += max(1, math.ceil(text_width(text, size) / (column_mm - 5 * k)))
    lines += 2.2 * sites["category"].nunique()
    # Columns break between entries, not evenly: a little room to spare.
    return heading_mm + lines * size * INDEX_LINE / columns * 1.1 + 3 * k


def _index_groups(sites: gpd.GeoDataFrame, base_url: str | None, locale: str) -> list[dict[str, Any]]:
    groups = []
    for key in [*CATEGORIES, *sorted(set(sites["category"]) - set(CATEGORIES))]:
        rows = sites[sites["category"] == key]
        if not len(rows):
            continue
        category = CATEGORIES.get(key)
        entries = []
        for row in rows.itertuples():
            entry = {"number": int(row.number), "name": str(row.name),
                     "address": cell_text(getattr(row, "address", "")),
                     "phone": cell_text(getattr(row, "phone", "")), "site_id": str(row.site_id)}
            if base_url:
                url = site_url(base_url, row.site_id)
                entry["qr"], entry["qr_n"] = qr_path(url)
                entry["url"] = url
            entries.append(entry)
        groups.append({"key": key, "label": category.label(locale) if category else key,
                       "color": category.color if category else "#555555",
                       "d": legend_symbol(key, 3.2), "entries": entries})
    return groups


def cell_text(value: Any) -> str:
    """A table cell as printed text: stripped, empty for a missing value."""
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


__all__ = ["Poster", "cell_text", "poster_document"]
