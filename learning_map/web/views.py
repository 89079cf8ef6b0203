"""Page blueprint: the citizen map (folium map + JavaScript calling the JSON API)."""

from __future__ import annotations

import xstatic.pkg.leaflet as xstatic_leaflet
from flask import Blueprint, current_app, render_template, url_for

from learning_map.categories import CATEGORIES
from learning_map.render import OSM_ATTRIBUTION_HTML, base_map

bp = Blueprint("pages", __name__)
# Leaflet is served from the xstatic-leaflet package installed from PyPI: no CDN.
vendor = Blueprint("vendor", __name__, static_folder=xstatic_leaflet.BASE_DIR,
                   static_url_path="/vendor/leaflet")


@bp.get("/")
def index() -> str:
    """The citizen map page."""
    svc = current_app.extensions["learning_map"]
    fmap = base_map(
        bounds_lonlat=svc.bounds,
        tiles=current_app.config["TILES_URL"],
        tiles_attribution=current_app.config["TILES_ATTRIBUTION"] or OSM_ATTRIBUTION_HTML,
        assets_url=url_for("vendor.static", filename="").rstrip("/"),
    )
    root = fmap.get_root()
    root.render()
    categories = [
        {"key": k, "zh": CATEGORIES[k].label_zh, "en": CATEGORIES[k].label_en,
         "color": CATEGORIES[k].color}
        for k in svc.bundle.model.categories
    ]
    return render_template(
        "index.html",
        map_header=root.header.render(),
        map_html=root.html.render(),
        map_script=root.script.render(),
        map_name=fmap.get_name(),
        city_name=svc.bundle.name,
        categories=categories,
        has_tiles=bool(current_app.config["TILES_URL"]),
        max_minutes=svc.max_minutes,
    )
