"""
The planner page (``/planner``) and its JSON API (``/api/planner/...``): thin shells over planning/.

Each request carries the whole what-if (``add=LON,LAT:CATEGORY`` and ``close=SITE_ID``, both
repeatable), so any worker can answer it and nothing on the server changes. Bad parameters
are a 400 naming the parameter; a well-formed value that names nothing here (an unknown
site id, a proposed site off every street) is a 404.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
)

from learning_map import settings
from learning_map.base.i18n import N_, gettext, language_name, locales, negotiate
from learning_map.base.safety import atomic_path, parse_ascii_float
from learning_map.base.schema import OSM_ATTRIBUTION
from learning_map.base.tables import csv_text
from learning_map.base.units import minutes_to_metres, resolve_speed_kmh
from learning_map.city.categories import CATEGORIES
from learning_map.errors import LearningMapError, ParameterError
from learning_map.export.words import city_name
from learning_map.planning.standards import builtin_standards, load_standard
from learning_map.web.admin_auth import current_user
from learning_map.web.context import city_service, registry
from learning_map.web.expensive import expensive
from learning_map.web.guard import error_of
from learning_map.web.limits import (
    ADD_PATTERN,
    DEFAULT_K,
    DEFAULT_STANDARD,
    FORMATS,
    LAYERS,
    MAX_ADDS,
    MAX_K,
    PLANNER_MINUTES,
    PLANNER_PACES,
    category_keys,
    max_closes,
)
from learning_map.web.locale import request_locale
from learning_map.web.planner_service import PlannerQuery, PlannerService, WhatIf
from learning_map.web.views import map_background

if TYPE_CHECKING:
    from flask import Flask

bp = Blueprint("planner", __name__)
api = Blueprint("planner_api", __name__, url_prefix="/api/planner")

PLANNER_KEY = "learning_map.planner"
MAX_CLOSES_KEY = "learning_map.planner.max_closes"
_ADD_RE = re.compile(ADD_PATTERN)
GPKG_MEDIA_TYPE = "application/geopackage+sqlite3"


def init_app(app: Flask) -> None:
    """Load the reporting units once (a bad file fails at start) and register the blueprints."""
    if app.config["PLANNER_LOGIN"] and not app.config["ADMIN_ENABLED"]:
        raise LearningMapError(N_("The planner login needs the admin pages: set LEARNING_MAP_SECRET_KEY"))
    with app.app_context():
        app.extensions[PLANNER_KEY] = PlannerService.load(
            city_service(), app.config["PLANNER_UNITS"], app.config["PLANNER_UNITS_FIELD"])
        app.extensions[MAX_CLOSES_KEY] = max_closes(city_service().bundle.sites["site_id"])
    app.register_blueprint(bp)
    app.register_blueprint(api)


def planner() -> PlannerService:
    """The planner's city, loaded at start-up."""
    return current_app.extensions[PLANNER_KEY]


def _signed_in() -> bool:
    """Whether the request comes from a signed-in user of the registry (the admin sign-in)."""
    return current_user(registry()) is not None


@bp.before_request
def _page_login() -> Response | None:
    if current_app.config["PLANNER_LOGIN"] and not _signed_in():
        return redirect("/admin/login")
    return None


@api.before_request
def _api_login() -> tuple[Response, int] | None:
    if current_app.config["PLANNER_LOGIN"] and not _signed_in():
        return jsonify(error=error_of(LearningMapError(N_("Sign in first (/admin/login)")))), 401
    return None


# --------------------------------------------------------------------------- parameters


def _choice(name: str, choices: tuple[str, ...] | list[str], default: str) -> str:
    value = request.args.get(name, default)
    if value not in choices:
        raise ParameterError(name, N_("{value!r} is not one of {choices}"), value=value, choices=tuple(choices))
    return value


def _whole(name: str, low: int, high: int, default: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    value = parse_ascii_float(raw)
    if value is None or not value.is_integer() or not low <= value <= high:
        raise ParameterError(name, N_("{value!r} must be a whole number from {low} to {high}"),
                             value=raw, low=low, high=high)
    return int(value)


def _whatif() -> WhatIf:
    adds = request.args.getlist("add")
    closes = request.args.getlist("close")
    if len(adds) > MAX_ADDS:
        raise ParameterError("add", N_("at most {n} proposed sites"), n=MAX_ADDS)
    limit = current_app.extensions[MAX_CLOSES_KEY]
    if len(closes) > limit:
        raise ParameterError("close", N_("at most {n} closed sites"), n=limit)
    parsed = []
    for value in adds:
        if not _ADD_RE.fullmatch(value):
            raise ParameterError("add", N_("{value!r} is not LON,LAT:CATEGORY, e.g. 113.54,22.19:library"),
                                 value=value[:80])
        where, _, category = value.rpartition(":")
        lon, lat = (float(part) for part in where.split(","))
        parsed.append((lon, lat, category))
    if len(set(closes)) != len(closes):
        raise ParameterError("close", N_("a site is given twice"))
    if any(not c for c in closes):
        raise ParameterError("close", N_("a site id is empty"))
    return WhatIf(tuple(parsed), tuple(closes))


def _query() -> PlannerQuery:
    category = _choice("category", category_keys(), "all")
    minutes = request.args.get("minutes", "15")
    value = parse_ascii_float(minutes)
    if value not in PLANNER_MINUTES:
        raise ParameterError("minutes", N_("{value!r} is not one of {choices}"), value=minutes,
                             choices=tuple(f"{m:g}" for m in PLANNER_MINUTES))
    pace = _choice("pace", PLANNER_PACES, "adult")
    speed = resolve_speed_kmh(pace)
    walk_m = float(minutes_to_metres(float(value), speed))
    profile = _choice("profile", settings.PROFILES, settings.DEFAULT_PROFILE)
    return PlannerQuery(category, float(value), pace, speed, walk_m, _whatif(), profile)


def _standard() -> str:
    return _choice("standard", builtin_standards(), DEFAULT_STANDARD)


# --------------------------------------------------------------------------- the page


@bp.get("/planner")
def page() -> str:
    """
    The planner page: an autoescaped template; settings reach it only as JSON.

    The Leaflet map, the choropleth (Leaflet GeoJSON, not folium) and every table are built
    by ``static/planner.js`` from the API's JSON with ``textContent``.
    """
    svc = planner()
    city = svc.city
    locale = page_locale()
    categories = [{"key": k, "labels": {name: CATEGORIES[k].label(name) for name in locales()},
                   "color": CATEGORIES[k].color} for k in CATEGORIES]
    standards = [{"key": name, "labels": {loc: standard.label(loc) for loc in locales()}}
                 for name, standard in ((name, load_standard(name)) for name in builtin_standards())]
    config = {
        **map_background(city),
        "categories": categories,
        "standards": standards,
        "minutes": list(PLANNER_MINUTES),
        "hasUnits": svc.units is not None,
        "hasElderly": bool(svc.model.demand is not None and svc.model.demand.has_elderly),
        "maxAdds": MAX_ADDS,
        "maxCloses": current_app.extensions[MAX_CLOSES_KEY],
        "maxK": MAX_K,
        "lang": locale,
        "cityNames": {name: planner_city_name(name) for name in locales()},
        "locales": list(locales()),
    }
    return render_template("planner.html", city_name=planner_city_name(locale), config=config, locale=locale,
                           languages=[(name, language_name(name)) for name in locales()],
                           lang_tag=locale.replace("_", "-"), osm_attribution=OSM_ATTRIBUTION,
                           title=gettext("Learning-circle planner", locale=locale))


def planner_city_name(locale: str) -> str:
    """The planner's city in ``locale``: the one name the products print (:func:`city_name`)."""
    return city_name(planner().city.bundle, locale)


def page_locale() -> str:
    """
    The planner's locale: ``?lang=`` or the browser's language, else the city's own script.

    The city's script is its bundle's ``default_lang`` (``zh-Hant`` in Macau), else traditional
    Chinese where most of its site names are traditional, else simplified Chinese.
    """
    city = planner().city
    default = negotiate(city.default_lang, default=None) or ("zh_Hant" if city.traditional else "zh_Hans")
    return request_locale(default) or default


# --------------------------------------------------------------------------- the API


@api.get("/units")
def units() -> Response:
    """Reporting-unit outlines (GeoJSON); 404 when the server has none."""
    svc = planner()
    svc.need_units()
    response = jsonify(svc.units_geojson)
    response.cache_control.max_age = 3600
    return response


@api.get("/figures")
@expensive
def figures() -> Response:
    """Residents (and elderly) within the walk: city total before and after the what-if, per unit."""
    return jsonify(planner().figures(_query()))


@api.get("/gaps")
@expensive
def gaps() -> Response:
    """Gap areas beyond the walk (GeoJSON), largest first."""
    return jsonify(planner().gaps_geojson(_query(), page_locale()))


@api.get("/recommend")
@expensive
def recommend() -> Response:
    """The next ``k`` sites that add the most residents, with what each adds."""
    query = _query()
    return jsonify(planner().picks_json(query, _whole("k", 1, MAX_K, DEFAULT_K)))


@api.get("/scorecard")
@expensive
def scorecard() -> Response:
    """Pass/fail per unit and rule of a built-in standard; 404 without reporting units."""
    query = _query()
    return jsonify(planner().scorecard_json(query, _standard(), locale=page_locale()))


@api.get("/download")
@expensive
def download() -> Response:
    """
    One table or layer of the page as CSV (formula-safe, with a BOM for Excel) or GeoPackage.

    The GeoPackage is written to a temporary file with :func:`~learning_map.base.safety.atomic_path`
    and sent; nothing is kept on the server.
    """
    layer = _choice("layer", LAYERS, "figures")
    fmt = _choice("format", FORMATS, "csv")
    query = _query()
    k = _whole("k", 1, MAX_K, DEFAULT_K)
    standard = _standard()
    frame = planner().layer(layer, query, k=k, standard=standard, locale=page_locale())
    name = f"planner-{layer}-{query.category}-{query.minutes:g}min-{query.pace}"
    if fmt == "csv":
        # Outlines and points go in the GeoPackage; the CSV keeps the figures (picks keep lon/lat).
        table = frame.drop(columns="geometry")
        body = ("\ufeff" + csv_text(table)).encode("utf-8")
        response = Response(body, mimetype="text/csv")
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
    else:
        body = _geopackage(frame, layer)
        response = Response(body, mimetype=GPKG_MEDIA_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _geopackage(frame: Any, layer: str) -> bytes:
    """The frame as a GeoPackage file's bytes, written atomically in a private temporary folder."""
    frame = gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")
    with tempfile.TemporaryDirectory(prefix="learning-map-planner-") as folder:
        path = Path(folder) / f"{layer}.gpkg"
        with atomic_path(path) as tmp:
            frame.to_file(tmp, layer=layer, driver="GPKG")
        return path.read_bytes()
