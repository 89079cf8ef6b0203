"""Folium maps that work offline: Leaflet comes from the xstatic-leaflet package, not a CDN."""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import folium
import geopandas as gpd
import shapely
import xstatic.pkg.leaflet as xstatic_leaflet
from branca.element import Element

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
