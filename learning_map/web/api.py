"""JSON API blueprint: /api/sites, /api/reachable, /api/route, /api/walk, /api/search, /openapi.json."""

from __future__ import annotations

import math

from flask import Blueprint, Response, current_app, jsonify, request

from learning_map import settings
from learning_map.base.i18n import N_, negotiate
from learning_map.base.safety import parse_ascii_float
from learning_map.errors import ParameterError
from learning_map.web.context import city_service
from learning_map.web.contract import invalid_parameter, openapi_document
from learning_map.web.expensive import expensive
from learning_map.web.limits import MAX_SEARCH_CHARS, OVERSIZED_URL_CHECK, bbox_matches
from learning_map.web.locale import request_locale
from learning_map.web.service import CityService

bp = Blueprint("api", __name__, url_prefix="/api")
# The API's description sits at the site root, where OpenAPI tools look for it.
spec = Blueprint("spec", __name__)


def _refuse_invalid_parameters() -> None:
    """For a URL over the length limit: 400 naming a parameter the contract calls invalid."""
    found = invalid_parameter(openapi_document(city_service()), request.path, request.args)
    if found is not None:
        name, why, values = found
        raise ParameterError(name, why, **values)


# The app's request-size check calls this before its 414 (see contract.OVERSIZED_URL_CHECK).
bp.record_once(lambda state: state.app.extensions.setdefault(OVERSIZED_URL_CHECK,
                                                             _refuse_invalid_parameters))

# Answers computed from (and echoing) where the citizen is: never stored by a browser or proxy.
LOCATION_ENDPOINTS = frozenset({"api.reachable", "api.route", "api.walk", "api.search"})


@bp.after_request
def _no_store_where_people_are(response: Response) -> Response:
    if request.endpoint in LOCATION_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"
    return response


def number(name: str, *, default: float | None = None, low: float = -math.inf,
           high: float = math.inf) -> float:
    """A required (or defaulted) ASCII decimal query parameter within [low, high]."""
    raw = request.args.get(name)
    if raw is None or (raw == "" and default is None):
        if default is None:
            raise ParameterError(name, N_("is required"))
        return default
    value = parse_ascii_float(raw)
    if value is None:
        raise ParameterError(name, N_("{value!r} is not a number (ASCII digits)"), value=raw)
    if not low <= value <= high:
        raise ParameterError(name, N_("{value} is outside {low:g}..{high:g}"), value=raw, low=low, high=high)
    return value


@bp.get("/sites")
def sites() -> Response:
    """
    Sites, optionally filtered by ``category`` (comma list) and ``bbox`` (w,s,e,n).

    Course filters (``course_category``, ``audience``, ``weekday``, ``time_of_day``,
    ``enrolling``) keep the sites offering a matching course, each with ``courses``.
    """
    categories = CityService.check_categories(request.args.get("category"))
    bbox = None
    raw = request.args.get("bbox")
    if raw is not None:
        if not bbox_matches(raw):
            raise ParameterError("bbox", N_("must be four numbers: west,south,east,north"))
        bbox = tuple(parse_ascii_float(part) for part in raw.split(","))
    courses = city_service().check_course_filter(request.args)
    return jsonify(city_service().sites_geojson(categories, bbox, courses))


@bp.get("/reachable")
def reachable() -> Response:
    """Sites reachable on foot within ``minutes`` at ``pace``, with the isochrone."""
    svc = city_service()
    lon = number("lon", low=-180, high=180)
    lat = number("lat", low=-90, high=90)
    svc.check_point(lon, lat)
    minutes = svc.check_minutes(number("minutes", default=15.0))
    pace = request.args.get("pace", "normal")
    svc.pace_kmh(pace)
    categories = CityService.check_categories(request.args.get("category"))
    profile = CityService.check_profile(request.args.get("profile", settings.DEFAULT_PROFILE))
    courses = svc.check_course_filter(request.args)
    return jsonify(svc.reachable_geojson(lon, lat, minutes=minutes, pace=pace, categories=categories,
                                         profile=profile, open_day=request.args.get("open_day"),
                                         open_time=request.args.get("open_time"),
                                         open_only=flag("open_only"), courses=courses,
                                         locale=request_locale(negotiate(svc.default_lang))))


def flag(name: str) -> bool:
    """A true/false query parameter (absent: false)."""
    raw = request.args.get(name, "false")
    if raw not in ("true", "false", "1", "0"):
        raise ParameterError(name, N_("must be true or false"))
    return raw in ("true", "1")


@bp.get("/route")
def route() -> Response:
    """Walking route from a point to a site, along the network."""
    svc = city_service()
    lon = number("from_lon", low=-180, high=180)
    lat = number("from_lat", low=-90, high=90)
    svc.check_point(lon, lat, names=("from_lon", "from_lat"))
    site_id = request.args.get("site_id", "")
    if not site_id:
        raise ParameterError("site_id", N_("is required"))
    pace = request.args.get("pace", "normal")
    svc.pace_kmh(pace)
    profile = CityService.check_profile(request.args.get("profile", settings.DEFAULT_PROFILE))
    return jsonify(svc.route_geojson(lon, lat, site_id, pace=pace, profile=profile))


@bp.get("/walk")
@expensive
def walk() -> Response:
    """
    A suggested humanities walk from (lon, lat) and back within ``minutes`` at ``pace``.

    ``theme``: history (default), culture or all. Stops come in walking order with each leg's
    minutes at adult and elderly pace; ``line`` is the route as a GeoJSON LineString Feature.
    """
    svc = city_service()
    lon = number("lon", low=-180, high=180)
    lat = number("lat", low=-90, high=90)
    svc.check_point(lon, lat)
    minutes = number("minutes", default=60.0)
    pace = request.args.get("pace", "normal")
    return jsonify(svc.walks.suggest(lon, lat, minutes=minutes, pace=pace, speed_kmh=svc.pace_kmh(pace),
                                     theme=request.args.get("theme", "history")))


@bp.get("/walks/curated")
def curated_walks() -> Response:
    """The city's curated humanities routes: id, title, stops, length and minutes at each pace."""
    return jsonify(routes=[
        {"id": w["id"], "title": w["title"], "stops": len(w["stops"]), "walk_m": w["walk_m"],
         "minutes": w["minutes"]} for w in city_service().walks.curated])


@bp.get("/walks/curated/<walk_id>")
def curated_walk(walk_id: str) -> Response:
    """One curated route: stops in order with each leg's minutes, and its line (as /api/walk)."""
    return jsonify(city_service().walks.curated_route(walk_id))


@bp.get("/search")
def search() -> Response:
    """
    Sites, places and streets matching ``q``: either Chinese script, pinyin, initials, addresses.

    With ``lon`` and ``lat`` (both or neither) results are ranked by walking time from there
    at ``pace``.
    """
    text = request.args.get("q", "")
    if len(text) > MAX_SEARCH_CHARS:
        raise ParameterError("q", N_("is longer than {limit} characters"), limit=MAX_SEARCH_CHARS)
    svc = city_service()
    lon = lat = None
    if "lon" in request.args or "lat" in request.args:
        lon = number("lon", low=-180, high=180)
        lat = number("lat", low=-90, high=90)
        svc.check_point(lon, lat)
    pace = request.args.get("pace", "normal")
    return jsonify(results=svc.search(text, lon=lon, lat=lat, pace=pace))


@bp.get("/city")
def city() -> Response:
    """City name, bounds, categories present and attribution."""
    svc = city_service()
    meta = svc.bundle.meta
    return jsonify(name=meta.get("name"), bounds=svc.bounds, attribution=meta.get("attribution"),
                   categories=svc.bundle.model.categories, max_minutes=svc.max_minutes,
                   default_lang=svc.default_lang, names=svc.city_names)


@spec.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3 description of this API, with this city's bounds and limits."""
    document = openapi_document(city_service(), reports=bool(current_app.config["ADMIN_ENABLED"]),
                                planner=bool(current_app.config["SINGLE_CITY_PAGES"]))
    if request.script_root:  # one city of many (/c/<slug>): its paths live under that prefix
        document = {**document, "servers": [{"url": request.script_root}]}
    return jsonify(document)
