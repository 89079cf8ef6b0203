"""Page blueprint: the citizen map (a static page; app.js builds the Leaflet map and calls the API)."""

from __future__ import annotations

import xstatic.pkg.leaflet as xstatic_leaflet
from flask import Blueprint, current_app, render_template, url_for

from learning_map.categories import CATEGORIES
from learning_map.schema import OSM_ATTRIBUTION, OSM_COPYRIGHT_URL
from learning_map.web.service import city_service

bp = Blueprint("pages", __name__)
# Leaflet is served from the xstatic-leaflet package installed from PyPI: no CDN.
vendor = Blueprint("vendor", __name__, static_folder=xstatic_leaflet.BASE_DIR,
                   static_url_path="/vendor/leaflet")


@bp.get("/")
def index() -> str:
    """
    The citizen map page.

    The template is autoescaped and marks nothing safe: data (the city and category
    names) reaches it as escaped text, and the map's settings only as JSON in a
    non-executed ``<script type="application/json">`` that app.js reads. Attributions are
    text (and an http(s) URL): app.js builds them with the DOM, never as HTML. The minutes
    select is filled by app.js from ``maxMinutes`` and the URL.
    """
    svc = city_service()
    categories = [
        {"key": k, "zh": CATEGORIES[k].label_zh, "en": CATEGORIES[k].label_en,
         "color": CATEGORIES[k].color}
        for k in svc.bundle.model.categories
    ]
    tiles = current_app.config["TILES_URL"]
    config = {
        "bounds": list(svc.bounds),
        "tilesUrl": tiles or None,
        # The offline basemap: the background without tiles, and the fallback when they fail.
        "basemapUrl": url_for("basemap.basemap") if svc.basemap_archive() else None,
        "tilesAttribution": (current_app.config["TILES_ATTRIBUTION"] or None) if tiles else None,
        "osmAttribution": OSM_ATTRIBUTION,
        "osmAttributionUrl": OSM_COPYRIGHT_URL,
        "maxMinutes": svc.max_minutes,
        # POST /api/reports exists only with admin (its queue): the page shows 纠错 only then.
        "reports": bool(current_app.config["ADMIN_ENABLED"]),
    }
    return render_template("index.html", city_name=svc.bundle.name, categories=categories,
                           config=config, osm_attribution=OSM_ATTRIBUTION)
