"""Folium maps that work offline: Leaflet comes from the xstatic-leaflet package, not a CDN."""

from __future__ import annotations

import base64
import html
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import folium
import geopandas as gpd
import shapely
import xstatic.pkg.leaflet as xstatic_leaflet
from branca.element import Element, MacroElement
from jinja2 import Template

from learning_map.categories import CATEGORIES

if TYPE_CHECKING:
    from learning_map.network import WalkNetwork

LEAFLET_DIR = Path(xstatic_leaflet.BASE_DIR)
OSM_ATTRIBUTION_HTML = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'


@cache
def _inline_leaflet() -> tuple[str, str]:
    """Leaflet's JS and CSS, with the CSS images embedded as data URIs."""
    js = (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")

    def embed(match: re.Match[str]) -> str:
        image = LEAFLET_DIR / match.group(1)
        data = base64.b64encode(image.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return js, re.sub(r"url\((images/[^)]+\.png)\)", embed, css)


def base_map(
    *,
    bounds_lonlat: tuple[float, float, float, float],
    tiles: str | None = None,
    tiles_attribution: str = OSM_ATTRIBUTION_HTML,
    assets_url: str | None = None,
) -> folium.Map:
    """
    A folium Map whose Leaflet assets are inlined or served locally, never from a CDN.

    Parameters
    ----------
    bounds_lonlat
        (west, south, east, north) to fit.
    tiles
        Tile URL template (e.g. ``https://tile.openstreetmap.org/{z}/{x}/{y}.png``);
        None draws no tiles (callers add the street network instead).
    tiles_attribution
        Attribution HTML for the tiles.
    assets_url
        URL folder serving ``leaflet.js`` and ``leaflet.css``; None inlines them
        so a saved HTML file opens with no network at all.

    Returns
    -------
    map
    """
    west, south, east, north = bounds_lonlat
    fmap = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        tiles=None,
        control_scale=True,
        prefer_canvas=True,
    )
    # Replace folium's CDN links (Leaflet, jQuery, Bootstrap, awesome-markers): we use only Leaflet.
    fmap.default_js = []
    fmap.default_css = []
    header = fmap.get_root().header
    if assets_url is None:
        js, css = _inline_leaflet()
        header.add_child(Element(f"<style>{css}</style>"), name="leaflet_css")
        header.add_child(Element(f"<script>{js}</script>"), name="leaflet_js")
    else:
        base = assets_url.rstrip("/")
        header.add_child(Element(f'<link rel="stylesheet" href="{base}/leaflet.css"/>'), name="leaflet_css")
        header.add_child(Element(f'<script src="{base}/leaflet.js"></script>'), name="leaflet_js")
    if tiles:
        folium.TileLayer(tiles=tiles, attr=tiles_attribution, name="tiles").add_to(fmap)
    fmap.fit_bounds([[south, west], [north, east]])
    return fmap


def network_lines_lonlat(network: WalkNetwork, *, simplify_m: float = 2.0) -> gpd.GeoSeries:
    """The street network as simplified WGS84 lines, for drawing as a background."""
    lines = shapely.simplify(network.edge_geometry, simplify_m)
    return gpd.GeoSeries(lines, crs=network.crs).to_crs("EPSG:4326")


def network_geojson(network: WalkNetwork, *, simplify_m: float = 2.0) -> dict:
    """The street network as one compact GeoJSON MultiLineString (6-decimal coordinates)."""
    lines = network_lines_lonlat(network, simplify_m=simplify_m).to_numpy()
    merged = shapely.set_precision(shapely.multilinestrings(lines), 1e-6)
    return {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(merged)}


def _site_properties(sites: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Escaped display fields: every text from data files is HTML-escaped here."""
    shown = ["name", "category", "address", "phone", "opening_hours", "website"]
    out = gpd.GeoDataFrame(
        {c: sites[c].astype(str).map(html.escape) for c in shown}, geometry=sites.geometry
    )
    out["category_label"] = sites["category"].map(
        lambda k: html.escape(f"{CATEGORIES[k].label_zh} / {CATEGORIES[k].label_en}")
    )
    return out


def add_legend(fmap: folium.Map, categories: list[str], *, title: str) -> None:
    """Add a bilingual category legend to the bottom-left of the map."""
    items = "".join(
        f'<div><span style="display:inline-block;width:14px;height:14px;border-radius:7px;'
        f'background:{CATEGORIES[k].color};margin-right:6px"></span>'
        f"{CATEGORIES[k].label_zh} / {CATEGORIES[k].label_en}</div>"
        for k in categories
    )
    legend = (
        '<div id="legend" style="position:fixed;bottom:24px;left:12px;z-index:9999;'
        "background:white;padding:8px 12px;border-radius:6px;font:16px/1.5 sans-serif;"
        f'box-shadow:0 1px 4px rgba(0,0,0,.3)"><b>{html.escape(title)}</b>{items}</div>'
    )
    fmap.get_root().html.add_child(Element(legend))


def coverage_map(
    network: WalkNetwork,
    sites: gpd.GeoDataFrame,
    isochrones: gpd.GeoDataFrame,
    *,
    title: str,
    tiles: str | None = None,
    assets_url: str | None = None,
) -> folium.Map:
    """
    Map of learning sites and their walking-time areas.

    Parameters
    ----------
    network
        Walk network, drawn as the background when there are no tiles.
    sites
        Sites (EPSG:4326) with the standard columns.
    isochrones
        From :meth:`~learning_map.analysis.CoverageModel.isochrones` (EPSG:4326).
    title
        Shown in the legend.
    tiles, assets_url
        See :func:`base_map`.

    Returns
    -------
    map
    """
    fmap = base_map(bounds_lonlat=network.bounds_lonlat(), tiles=tiles, assets_url=assets_url)
    if not tiles:
        folium.GeoJson(
            network_geojson(network), name="streets / 街道",
            style_function=lambda _: {"color": "#9a9a9a", "weight": 1, "opacity": 0.8},
        ).add_to(fmap)
    categories = [k for k in CATEGORIES if k in set(sites["category"])]
    for key in categories:
        category = CATEGORIES[key]
        # One category's areas at a time read clearly; the others are in the layer control.
        layer = folium.FeatureGroup(
            name=f"{category.label_zh} / {category.label_en}", show=key == categories[0]
        )
        areas = isochrones[(isochrones["category"] == key) & ~isochrones.is_empty]
        for _, row in areas.sort_values("minutes", ascending=False).iterrows():
            folium.GeoJson(
                shapely.geometry.mapping(row.geometry),
                style_function=lambda _, c=category.color: {
                    "color": c, "weight": 1, "fillColor": c, "fillOpacity": 0.15,
                },
                tooltip=f"{row['minutes']:.0f} 分钟步行 / min walk",
            ).add_to(layer)
        props = _site_properties(sites[sites["category"] == key])
        folium.GeoJson(
            props.to_json(),
            marker=folium.CircleMarker(radius=7, fill=True, fill_opacity=0.9, weight=2),
            style_function=lambda _, c=category.color: {"color": "white", "fillColor": c},
            tooltip=folium.GeoJsonTooltip(
                fields=["name", "category_label", "address"],
                aliases=["名称 Name", "类别 Category", "地址 Address"],
            ),
        ).add_to(layer)
        layer.add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    add_legend(fmap, categories, title=title)
    add_attribution(fmap)
    return fmap


class _Attribution(MacroElement):
    """Adds the OSM attribution to Leaflet's control; renders after its parent map exists."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.html|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, html_text: str) -> None:
        super().__init__()
        self.html = html_text


def add_attribution(fmap: folium.Map) -> None:
    """Show the OpenStreetMap attribution in Leaflet's own control (with or without tiles)."""
    fmap.add_child(_Attribution(OSM_ATTRIBUTION_HTML))

