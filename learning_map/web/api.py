"""JSON API blueprint: /api/sites, /api/reachable, /api/route, /api/search, /openapi.json."""

from __future__ import annotations

import json
import math
from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify, request

from learning_map.errors import ParameterError
from learning_map.web.service import CityService

bp = Blueprint("api", __name__)
OPENAPI_FILE = Path(__file__).with_name("openapi.json")


def service() -> CityService:
    """The city loaded at start-up."""
    return current_app.extensions["learning_map"]


def number(name: str, *, default: float | None = None, low: float = -math.inf,
           high: float = math.inf) -> float:
    """A required (or defaulted) finite number query parameter within [low, high]."""
    raw = request.args.get(name)
    if raw is None or raw.strip() == "":
        if default is None:
            raise ParameterError(name, "is required")
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ParameterError(name, f"{raw!r} is not a number") from None
    if not math.isfinite(value) or not low <= value <= high:
        raise ParameterError(name, f"{raw} is outside {low:g}..{high:g}")
    return value


@bp.get("/api/sites")
def sites() -> Response:
    """Sites, optionally filtered by ``category`` (comma list) and ``bbox`` (w,s,e,n)."""
    categories = CityService.check_categories(request.args.get("category"))
    bbox = None
    if request.args.get("bbox"):
        parts = request.args["bbox"].split(",")
        try:
            bbox = tuple(float(p) for p in parts)
        except ValueError:
            raise ParameterError("bbox", "must be four numbers: west,south,east,north") from None
        if len(bbox) != 4 or bbox[0] > bbox[2] or bbox[1] > bbox[3]:
            raise ParameterError("bbox", "must be four numbers: west,south,east,north")
    return jsonify(service().sites_geojson(categories, bbox))


@bp.get("/api/reachable")
def reachable() -> Response:
    """Sites reachable on foot within ``minutes`` at ``pace``, with the isochrone."""
    svc = service()
    lon = number("lon", low=-180, high=180)
    lat = number("lat", low=-90, high=90)
    svc.check_point(lon, lat)
    minutes = svc.check_minutes(number("minutes", default=15.0))
    pace = request.args.get("pace", "normal")
    svc.pace_kmh(pace)
    categories = CityService.check_categories(request.args.get("category"))
    return jsonify(svc.reachable_geojson(lon, lat, minutes=minutes, pace=pace, categories=categories))


@bp.get("/api/route")
def route() -> Response:
    """Walking route from a point to a site, along the network."""
    svc = service()
    lon = number("from_lon", low=-180, high=180)
    lat = number("from_lat", low=-90, high=90)
    svc.check_point(lon, lat, names=("from_lon", "from_lat"))
    site_id = request.args.get("site_id", "").strip()
    if not site_id:
        raise ParameterError("site_id", "is required")
    pace = request.args.get("pace", "normal")
    return jsonify(svc.route_geojson(lon, lat, site_id, pace=pace))


@bp.get("/api/search")
def search() -> Response:
    """Sites and streets whose name contains ``q`` (Chinese or English)."""
    text = request.args.get("q", "")
    if len(text.strip()) > 100:
        raise ParameterError("q", "is longer than 100 characters")
    svc = service()
    return jsonify(results=svc.queries.search(text, svc.bundle.places))


@bp.get("/api/streets")
def streets() -> Response:
    """The bundle's street network (GeoJSON), drawn as the background when offline."""
    response = jsonify(service().streets)
    response.cache_control.max_age = 3600
    return response


@bp.get("/api/city")
def city() -> Response:
    """City name, bounds, categories present and attribution."""
    svc = service()
    meta = svc.bundle.meta
    return jsonify(name=meta.get("name"), bounds=svc.bounds, attribution=meta.get("attribution"),
                   categories=svc.bundle.model.categories, max_minutes=svc.max_minutes)


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3 description of this API."""
    return jsonify(json.loads(OPENAPI_FILE.read_text(encoding="utf-8")))
