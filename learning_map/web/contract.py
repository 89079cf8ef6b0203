"""
The API's contract: query parameter rules, request size limits and the OpenAPI document.

The server checks parameters with the same patterns and bounds this module publishes
in ``/openapi.json``, so a request the document calls valid is never refused as
malformed (400), and one it calls invalid always is.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learning_map.categories import CATEGORIES
from learning_map.courses.schedule import TIMES_OF_DAY, WEEKDAYS

if TYPE_CHECKING:
    from learning_map.web.service import CityService

OPENAPI_FILE = Path(__file__).with_name("openapi.json")

# Request size limits, enforced by the app (JSON 414/431) below gunicorn's own hard limits.
MAX_URL_BYTES = 4096
MAX_HEADER_BYTES = 8192
MAX_HEADERS_TOTAL_BYTES = 32768
MAX_SEARCH_CHARS = 100
# The longest humanities walk /api/walk plans: an hour and a half (a few seconds of search
# on Macau at normal pace with every theme; each request holds a worker that long).
MAX_WALK_PLAN_MINUTES = 90.0
# Every key once, with commas, is under 100 characters; repeats are allowed up to this.
MAX_CATEGORY_CHARS = 200

# One ASCII decimal number: up to 3 integer digits (degrees), no exponent, so always finite.
_DEGREES = r"-?[0-9]{1,3}(\.[0-9]{1,15})?"
BBOX_PATTERN = rf"^{_DEGREES}(,{_DEGREES}){{3}}$"
_CATEGORY_KEYS = "|".join(re.escape(k) for k in CATEGORIES)
# Empty means every category; otherwise category keys joined by commas, no spaces.
CATEGORY_PATTERN = rf"^$|^({_CATEGORY_KEYS})(,({_CATEGORY_KEYS}))*$"
# Course filters: comma lists of fixed words (repeats allowed up to the length limit).
MAX_COURSE_CATEGORY_CHARS = 1000
MAX_COURSE_LIST_CHARS = 100


def comma_list_pattern(words: list[str] | tuple[str, ...]) -> str:
    """Empty, or ``words`` joined by commas (no spaces), as an OpenAPI pattern."""
    alternatives = "|".join(re.escape(w) for w in words)
    return rf"^$|^({alternatives})(,({alternatives}))*$"


WEEKDAY_PATTERN = comma_list_pattern(WEEKDAYS)
TIME_OF_DAY_PATTERN = comma_list_pattern(TIMES_OF_DAY)
# Search text needs one character that is not white space. White space is what Python's
# str.isspace() says (what the search's strip() removes), spelled out so the published pattern
# means the same in every regex dialect: ECMAScript's \s lacks U+001C-U+001F and U+0085 and has
# U+FEFF, so "\S" let a client send "\u0085" that the server then refused.
WHITE_SPACE_CLASS = (r"\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029"
                     r"\u202f\u205f\u3000")
SEARCH_PATTERN = rf"[^{WHITE_SPACE_CLASS}]"
# Set by the API: called for a URL over MAX_URL_BYTES, it answers 400 for a parameter the
# contract calls invalid before the 414 (which is then only for requests it calls valid).
OVERSIZED_URL_CHECK = "learning_map.contract.oversized_url_check"

# Library keyword arguments whose query or JSON field has another name: keyword -> field.
# Most fields are named as the keyword they feed (profile, minutes, category), so need no entry.
FIELD_OF_KEYWORD = {"start": "lon", "walk_m": "minutes", "speed_kmh": "pace", "site_ids": "close"}


def field_for(param: str) -> str:
    """The query or JSON field that feeds library keyword ``param`` (``walk_m`` -> ``minutes``)."""
    return FIELD_OF_KEYWORD.get(param, param)


_BBOX_RE = re.compile(rf"{_DEGREES}(,{_DEGREES}){{3}}")


def bbox_matches(text: str) -> bool:
    """True when ``text`` is four ASCII numbers joined by commas (:data:`BBOX_PATTERN`)."""
    return _BBOX_RE.fullmatch(text) is not None


def _invalid_value(value: str, schema: dict[str, Any]) -> tuple[str, str] | None:
    """Why ``value`` breaks ``schema`` (a string, number or integer schema), in English and Chinese; or None."""
    kind = schema.get("type", "string")
    if kind in ("number", "integer"):
        from learning_map.safety import parse_ascii_float

        number = parse_ascii_float(value)
        if number is None or (kind == "integer" and not number.is_integer()):
            return (f"is not {'a whole number' if kind == 'integer' else 'a number'}",
                    "不是整数" if kind == "integer" else "不是数字")
        if "minimum" in schema and number < schema["minimum"]:
            return f"is below {schema['minimum']:g}", f"小于 {schema['minimum']:g}"
        if "maximum" in schema and number > schema["maximum"]:
            return f"is above {schema['maximum']:g}", f"大于 {schema['maximum']:g}"
        if "enum" in schema and number not in schema["enum"]:
            return "is not one of the allowed values", "不是允许的取值"
        return None
    if kind != "string":
        return None
    if len(value) > schema.get("maxLength", len(value)):
        return f"is longer than {schema['maxLength']} characters", f"超过{schema['maxLength']}个字符"
    if len(value) < schema.get("minLength", 0):
        return f"is shorter than {schema['minLength']} characters", f"少于{schema['minLength']}个字符"
    if "enum" in schema and value not in schema["enum"]:
        return "is not one of the allowed values", "不是允许的取值"
    if "pattern" in schema and re.search(schema["pattern"], value) is None:
        return "does not have the documented form (see /openapi.json)", "格式不符合接口说明"
    return None


def invalid_parameter(document: dict[str, Any], path: str, args: Any) -> tuple[str, str, str] | None:
    """
    The first query parameter of a GET the contract calls invalid, and why (English, Chinese); None when all are valid.

    Parameters
    ----------
    document
        From :func:`openapi_document`.
    path
        The request's path within the city (``/api/sites``).
    args
        The query parameters (a ``MultiDict``); undocumented ones are ignored, as the API does.
    """
    operation = document["paths"].get(path, {}).get("get")
    for parameter in (operation or {}).get("parameters", []):
        values = args.getlist(parameter["name"]) if parameter.get("in") == "query" else []
        if not values:
            continue
        schema = parameter["schema"]
        if schema.get("type") == "array":
            if len(values) > schema.get("maxItems", len(values)):
                return (parameter["name"], f"has more than {schema['maxItems']} values",
                        f"取值超过 {schema['maxItems']} 个")
            if schema.get("uniqueItems") and len(set(values)) < len(values):
                return parameter["name"], "has a value twice", "有重复的取值"
            schema = schema["items"]
        for value in values[:1] if parameter["schema"].get("type") != "array" else values:
            why = _invalid_value(value, schema)
            if why is not None:
                return parameter["name"], *why
    return None


@cache
def _base_document() -> dict[str, Any]:
    return json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))


def _parameter(operation: dict[str, Any], name: str) -> dict[str, Any]:
    return next(p for p in operation["parameters"] if p["name"] == name)


def reports_operation(site_ids: list[str]) -> dict[str, Any]:
    """``POST /api/reports``: a citizen's correction, with the exact limits the server checks."""
    from learning_map.store.admin import MAX_CONTACT_CHARS, MAX_REPORT_CHARS
    from learning_map.web.reports import MAX_SITE_ID_CHARS, MESSAGE_PATTERN, NO_NUL_PATTERN

    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    refused = {"description": "Refused: a browser request from another site", "content": error}
    return {"post": {
        "summary": "Report a mistake (纠错) for the city office's queue",
        "operationId": "report",
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "additionalProperties": False, "required": ["message"],
            "properties": {
                "message": {"type": "string", "minLength": 1, "maxLength": MAX_REPORT_CHARS,
                            "pattern": MESSAGE_PATTERN,
                            "description": "What is wrong; visible text, no NUL characters"},
                "site_id": {"type": "string", "nullable": True, "enum": [*site_ids, None],
                            "maxLength": MAX_SITE_ID_CHARS, "description": "The site, if any"},
                "contact": {"type": "string", "nullable": True, "maxLength": MAX_CONTACT_CHARS,
                            "pattern": NO_NUL_PATTERN, "description": "Phone or e-mail, optional"},
            },
        }}}},
        "responses": {
            "201": {"description": "Stored; the report's id", "content": {"application/json": {"schema": {
                "type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}}}},
            "400": {"$ref": "#/components/responses/BadParameter"},
            "403": refused,
            "405": {"$ref": "#/components/responses/MethodNotAllowed"},
            "413": {"description": "The body is over 8 KiB", "content": error},
            "414": {"$ref": "#/components/responses/UriTooLong"},
            "415": {"description": "The body is not JSON", "content": error},
            "429": {"description": "Too many reports from this address",
                    "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "string"}}},
                    "content": error},
            "431": {"$ref": "#/components/responses/HeadersTooLarge"},
            "500": {"$ref": "#/components/responses/ServerError"},
        },
    }}


def _planner_parameters(doc: dict[str, Any], site_ids: list[str]) -> None:
    """The planner API's exact choices: categories, the add pattern, this city's site ids, standards."""
    from learning_map.planning.standards import builtin_standards
    from learning_map.web.planner import ADD_PATTERN, MAX_ADDS, max_closes
    from learning_map.web.planner_service import category_keys

    for path, item in doc["paths"].items():
        if not path.startswith("/api/planner/"):
            continue
        for parameter in item["get"]["parameters"]:
            schema = parameter["schema"]
            if parameter["name"] == "category":
                schema["enum"] = category_keys()
            elif parameter["name"] == "add":
                schema["items"] |= {"pattern": ADD_PATTERN}
                schema["maxItems"] = MAX_ADDS
            elif parameter["name"] == "close":
                schema["items"]["enum"] = site_ids
                schema["maxItems"] = max_closes(site_ids)
            elif parameter["name"] == "standard":
                schema["enum"] = builtin_standards()


def openapi_document(svc: CityService, *, reports: bool = False, planner: bool = True) -> dict[str, Any]:
    """
    The OpenAPI 3 document for this app: ``openapi.json`` with this city's numbers.

    Parameters
    ----------
    svc
        The loaded city: its query bounds (network bounds plus the allowed margin)
        become ``minimum``/``maximum`` of every longitude and latitude, and its
        maximum walk the ``maximum`` of ``minutes``.
    reports
        Whether ``POST /api/reports`` is served (admin enabled).
    planner
        Whether ``/api/planner/...`` is served (not for a city of a national server).

    Returns
    -------
    document
        A fresh dict (callers may change it).
    """
    doc = copy.deepcopy(_base_document())
    west, south, east, north = svc.query_bounds
    reachable = doc["paths"]["/api/reachable"]["get"]
    route = doc["paths"]["/api/route"]["get"]
    walk = doc["paths"]["/api/walk"]["get"]
    for operation, lon_name, lat_name in ((reachable, "lon", "lat"), (route, "from_lon", "from_lat"),
                                          (walk, "lon", "lat")):
        _parameter(operation, lon_name)["schema"] |= {"minimum": west, "maximum": east}
        _parameter(operation, lat_name)["schema"] |= {"minimum": south, "maximum": north}
    # /api/search takes lon and lat together: one form-exploded object parameter.
    point = _parameter(doc["paths"]["/api/search"]["get"], "point")["schema"]["properties"]
    point["lon"] |= {"minimum": west, "maximum": east}
    point["lat"] |= {"minimum": south, "maximum": north}
    # The site ids this city has: any other id is a 404, never a 400.
    _parameter(route, "site_id")["schema"]["enum"] = [str(i) for i in svc.bundle.sites["site_id"]]
    minutes = _parameter(reachable, "minutes")
    minutes["schema"]["maximum"] = svc.max_minutes
    minutes["description"] = f"Walking minutes, more than 0 and at most {svc.max_minutes:g} (default 15)"
    _parameter(walk, "minutes")["schema"]["maximum"] = MAX_WALK_PLAN_MINUTES
    for path in ("/api/sites", "/api/reachable"):
        category = _parameter(doc["paths"][path]["get"], "category")["schema"]
        category |= {"pattern": CATEGORY_PATTERN, "maxLength": MAX_CATEGORY_CHARS}
        course_keys = svc.courses.taxonomy.keys
        operation = doc["paths"][path]["get"]
        _parameter(operation, "course_category")["schema"] |= {
            "pattern": comma_list_pattern(course_keys), "maxLength": MAX_COURSE_CATEGORY_CHARS}
        _parameter(operation, "course_category")["description"] = (
            "Only sites offering a course in one of these course categories: comma-separated keys, "
            f"no spaces; empty or absent: any. Keys: {', '.join(course_keys)}")
        _parameter(operation, "weekday")["schema"] |= {"pattern": WEEKDAY_PATTERN,
                                                      "maxLength": MAX_COURSE_LIST_CHARS}
        _parameter(operation, "time_of_day")["schema"] |= {"pattern": TIME_OF_DAY_PATTERN,
                                                          "maxLength": MAX_COURSE_LIST_CHARS}
    # The city's curated route ids (any other id is a 404); a city without routes documents
    # the list only, since no route could be asked for.
    route_ids = [w["id"] for w in svc.curated_walks]
    if route_ids:
        curated = doc["paths"]["/api/walks/curated/{walk_id}"]["get"]
        _parameter(curated, "walk_id")["schema"]["enum"] = route_ids
    else:
        doc["paths"].pop("/api/walks/curated/{walk_id}", None)
    _parameter(doc["paths"]["/api/sites"]["get"], "bbox")["schema"]["pattern"] = BBOX_PATTERN
    q = _parameter(doc["paths"]["/api/search"]["get"], "q")["schema"]
    q |= {"minLength": 1, "maxLength": MAX_SEARCH_CHARS, "pattern": SEARCH_PATTERN}
    if planner:
        _planner_parameters(doc, [str(i) for i in svc.bundle.sites["site_id"]])
    else:
        doc["paths"] = {p: item for p, item in doc["paths"].items() if not p.startswith("/api/planner/")}
    if reports:
        doc["paths"]["/api/reports"] = reports_operation([str(i) for i in svc.bundle.sites["site_id"]])
    doc["info"]["x-city"] = {"name": svc.bundle.name, "bounds": list(svc.bounds),
                             "query_bounds": [west, south, east, north]}
    return doc
