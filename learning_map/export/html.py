"""
The offline HTML map: one file that opens from disk with no network.

The page is an autoescaped Jinja template of this package. Data (site names,
addresses, the city name) reaches it only as escaped text or as JSON inside a
``<script type="application/json">`` block, which the map's own script reads
and puts on the page with ``textContent``. Nothing from a data file is ever
template source: folium is not used here because branca renders each element's
output again as a Jinja template, so a site named ``{{7*7}}`` showed as 49 and
a ``{% ... %}`` name ran code when the map was written.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import shapely
from markupsafe import Markup

from learning_map.base.safety import atomic_write
from learning_map.base.schema import OSM_ATTRIBUTION, OSM_COPYRIGHT_URL
from learning_map.bundle.basemap import archive_up_to_zoom
from learning_map.bundle.core import basemap_archive
from learning_map.city.categories import CATEGORIES
from learning_map.city.sites import display_records
from learning_map.export.jinja import environment
from learning_map.export.offline_search import offline_search
from learning_map.export.words import (
    field_label,
    html_lang,
    product_locale,
    template_words,
)

if TYPE_CHECKING:
    import geopandas as gpd

    from learning_map.walking.network import WalkNetwork

HERE = Path(__file__).parent
# The single-file map inlines at most this much basemap (base64 adds a third): a map that
# opens quickly from a USB stick or a chat attachment.
INLINE_BASEMAP_BYTES = 8_000_000


def _trusted_script(text: str, name: str) -> Markup:
    """Code from this package or its pinned dependencies, inlined into a <script> or <style>."""
    if re.search(r"</(script|style)", text, flags=re.IGNORECASE):
        msg = f"{name} cannot be inlined: it contains a closing tag"
        raise ValueError(msg)
    return Markup(text)


@cache
def _leaflet_assets() -> tuple[Markup, Markup]:
    """Leaflet's JS and CSS from the xstatic-leaflet wheel, CSS images as data URIs."""
    import xstatic.pkg.leaflet as xstatic_leaflet

    folder = Path(xstatic_leaflet.BASE_DIR)
    js = (folder / "leaflet.js").read_text(encoding="utf-8")
    css = (folder / "leaflet.css").read_text(encoding="utf-8")

    def embed(match: re.Match[str]) -> str:
        data = base64.b64encode((folder / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    css = re.sub(r"url\((images/[^)]+\.png)\)", embed, css)
    return _trusted_script(js, "leaflet.js"), _trusted_script(css, "leaflet.css")


def _own_asset(name: str) -> Markup:
    return _trusted_script((HERE / "static" / name).read_text(encoding="utf-8"), name)


def _map_categories(sites: gpd.GeoDataFrame, isochrones: gpd.GeoDataFrame, locale: str) -> list[dict]:
    """
    Each category with sites: its label in ``locale``, colour, sites and walking area per pace.

    The map draws each area as one outline in the category's colour; of several minutes asked
    (``map --minutes 5,10,15``) only the largest is kept, as nested outlines of seven categories
    would hide the streets they are about.
    """
    present = set(sites["category"])
    categories = []
    for key, category in CATEGORIES.items():
        if key not in present:
            continue
        areas = isochrones[(isochrones["category"] == key) & ~isochrones.is_empty]
        areas = areas[areas["minutes"] == areas["minutes"].max()]
        categories.append({
            "key": key, "label": category.label(locale), "color": category.color,
            "sites": display_records(sites[sites["category"] == key]),
            "areas": [
                {"minutes": float(m), "pace": str(p), "geometry": shapely.geometry.mapping(g)}
                for m, p, g in zip(areas["minutes"],
                                   areas["pace"] if "pace" in areas else ["adult"] * len(areas),
                                   areas.geometry, strict=True)
            ],
        })
    return categories


def map_document(
    network: WalkNetwork,
    sites: gpd.GeoDataFrame,
    isochrones: gpd.GeoDataFrame,
    *,
    title: str,
    tiles: str | None = None,
    tiles_attribution: str | None = None,
    basemap: bytes | None = None,
    changes: list[dict] | None = None,
    changes_since: int | None = None,
    locale: str | None = None,
) -> str:
    """
    The offline map as one HTML document.

    Parameters
    ----------
    network
        Walk network (its bounds frame the map).
    sites
        Sites (EPSG:4326) with the standard columns.
    isochrones
        From :meth:`~learning_map.analysis.model.CoverageModel.isochrones` (EPSG:4326).
    title
        Page title and heading (plain text; escaped).
    tiles, tiles_attribution
        Optional online tile URL template and its attribution text.
    basemap
        A PMTiles archive (:func:`inline_basemap`) inlined as the background, and the
        fallback when tiles fail; None draws a plain background.
    changes, changes_since
        The registry's changes since that year (``action_label``, ``action``, ``name``,
        ``field``, ``old_value``, ``new_value``), listed under the legend (escaped text).
    locale
        The page's one language (``zh_Hant``, ``pt``...; ``<html lang>``, its words, category
        labels and site names); None: the script of the sites' names (Macau ``zh_Hant``).

    Returns
    -------
    html
    """
    locale = product_locale(sites, locale)
    categories = _map_categories(sites, isochrones, locale)
    data = {
        "title": title,
        # The page's language: its words, site names and basemap labels.
        "lang": html_lang(locale),
        "bounds": network.bounds_lonlat(),
        "tiles": tiles,
        "tiles_attribution": tiles_attribution or OSM_ATTRIBUTION,
        "attribution": OSM_ATTRIBUTION,
        "attribution_url": OSM_COPYRIGHT_URL,
        "basemap": base64.b64encode(basemap).decode("ascii") if basemap else None,
        "categories": categories,
        "search": offline_search(categories),  # the server's search keys, precomputed
    }
    leaflet_js, leaflet_css = _leaflet_assets()
    return environment().get_template("map.html").render(
        title=title,
        categories=categories,
        data=data,
        leaflet_js=leaflet_js,
        leaflet_css=leaflet_css,
        map_js=_own_asset("offline_map.js"),
        map_css=_own_asset("offline_map.css"),
        attribution=OSM_ATTRIBUTION,
        attribution_url=OSM_COPYRIGHT_URL,
        changes=[{**c, "field": field_label(c.get("field") or "", locale) if c.get("field") else ""}
                 for c in changes or []],
        changes_since=changes_since,
        minutes=int(max(isochrones["minutes"])) if len(isochrones) else None,
        **template_words(locale),
    )


def inline_basemap(bundle_dir: str | Path, *, limit_bytes: int = INLINE_BASEMAP_BYTES) -> bytes | None:
    """
    The bundle's basemap for the single-file map: every zoom that fits in ``limit_bytes``.

    The closest zooms are dropped first (the browser magnifies the last one kept) until
    the archive fits; None when the bundle has no basemap or not even its first zoom fits.
    """
    from pmtiles.reader import MmapSource, Reader


    found = basemap_archive(bundle_dir)
    if found is None:
        return None
    path = found[0]
    with open(path, "rb") as handle:
        header = Reader(MmapSource(handle)).header()
    if path.stat().st_size <= limit_bytes:
        return path.read_bytes()
    for zoom in range(header["max_zoom"] - 1, header["min_zoom"] - 1, -1):
        data = archive_up_to_zoom(path, zoom)
        if len(data) <= limit_bytes:
            return data
    return None


def write_map(html: str, path: str | Path) -> Path:
    """Write the document atomically (a kill never leaves half a map)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path, "w", encoding="utf-8") as handle:
        handle.write(html)
    return path
