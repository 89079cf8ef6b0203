"""
The API's contract: the OpenAPI document and the check of a request against it.

The server checks parameters with the same patterns and bounds (:mod:`.limits`) this
module publishes in ``/openapi.json``, so a request the document calls valid is never
refused as malformed (400), and one it calls invalid always is.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learning_map.base.i18n import N_
from learning_map.base.safety import parse_ascii_float
from learning_map.planning.standards import builtin_standards
from learning_map.store.admin import MAX_CONTACT_CHARS, MAX_REPORT_CHARS
from learning_map.web.limits import (
    ADD_PATTERN,
    BBOX_PATTERN,
    CATEGORY_PATTERN,
    MAX_ADDS,
    MAX_CATEGORY_CHARS,
    MAX_COURSE_CATEGORY_CHARS,
    MAX_COURSE_LIST_CHARS,
    MAX_SEARCH_CHARS,
    MAX_SITE_ID_CHARS,
    MAX_WALK_PLAN_MINUTES,
    MESSAGE_PATTERN,
    NO_NUL_PATTERN,
    SEARCH_PATTERN,
    TIME_OF_DAY_PATTERN,
    WEEKDAY_PATTERN,
    category_keys,
    comma_list_pattern,
    max_closes,
)

if TYPE_CHECKING:
    from learning_map.web.service import CityService

OPENAPI_FILE = Path(__file__).with_name("openapi.json")


# Why a value breaks the contract: a catalogue message (marked N_) and its values.
Why = tuple[str, dict[str, Any]]


def _invalid_number(value: str, schema: dict[str, Any]) -> Why | None:
    """Why ``value`` breaks a number or integer ``schema``; or None."""
    integer = schema.get("type") == "integer"
    number = parse_ascii_float(value)
    if number is None or (integer and not number.is_integer()):
        return (N_("is not a whole number") if integer else N_("is not a number")), {}
    if "minimum" in schema and number < schema["minimum"]:
        return N_("is below {low:g}"), {"low": schema["minimum"]}
    if "maximum" in schema and number > schema["maximum"]:
        return N_("is above {high:g}"), {"high": schema["maximum"]}
    if "enum" in schema and number not in schema["enum"]:
        return N_("is not one of the allowed values"), {}
    return None


def _invalid_value(value: str, schema: dict[str, Any]) -> Why | None:
    """Why ``value`` breaks ``schema`` (a string, number or integer schema); or None."""
    kind = schema.get("type", "string")
    if kind in ("number", "integer"):
        return _invalid_number(value, schema)
    if kind != "string":
        return None
    if len(value) > schema.get("maxLength", len(value)):
        return N_("is longer than {limit} characters"), {"limit": schema["maxLength"]}
    if len(value) < schema.get("minLength", 0):
        return N_("is shorter than {limit} characters"), {"limit": schema["minLength"]}
    if "enum" in schema and value not in schema["enum"]:
        return N_("is not one of the allowed values"), {}
    if "pattern" in schema and re.search(schema["pattern"], value) is None:
        return N_("does not have the documented form (see /openapi.json)"), {}
    return None


def invalid_parameter(document: dict[str, Any], path: str, args: Any) -> tuple[str, str, dict[str, Any]] | None:
    """
    The first query parameter of a GET the contract calls invalid, and why (a message and its values); else None.

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
                return parameter["name"], N_("has more than {limit} values"), {"limit": schema["maxItems"]}
            if schema.get("uniqueItems") and len(set(values)) < len(values):
                return parameter["name"], N_("has a value twice"), {}
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
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    refused = {"description": "Refused: a browser request from another site", "content": error}
    return {"post": {
        "summary": "Report a mistake for the city office's queue",
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


def _city_bounds(doc: dict[str, Any], svc: CityService) -> None:
    """Every longitude and latitude within this city's query bounds; its walk and walk-plan maxima."""
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


def _site_filters(doc: dict[str, Any], svc: CityService) -> None:
    """The category and course filters of /api/sites and /api/reachable, with this city's course keys."""
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
    _parameter(doc["paths"]["/api/sites"]["get"], "bbox")["schema"]["pattern"] = BBOX_PATTERN
    q = _parameter(doc["paths"]["/api/search"]["get"], "q")["schema"]
    q |= {"minLength": 1, "maxLength": MAX_SEARCH_CHARS, "pattern": SEARCH_PATTERN}


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
    _city_bounds(doc, svc)
    _site_filters(doc, svc)
    # The city's curated route ids (any other id is a 404); a city without routes documents
    # the list only, since no route could be asked for.
    route_ids = [w["id"] for w in svc.walks.curated]
    if route_ids:
        curated = doc["paths"]["/api/walks/curated/{walk_id}"]["get"]
        _parameter(curated, "walk_id")["schema"]["enum"] = route_ids
    else:
        doc["paths"].pop("/api/walks/curated/{walk_id}", None)
    site_ids = [str(i) for i in svc.bundle.sites["site_id"]]
    if planner:
        _planner_parameters(doc, site_ids)
    else:
        doc["paths"] = {p: item for p, item in doc["paths"].items() if not p.startswith("/api/planner/")}
    if reports:
        doc["paths"]["/api/reports"] = reports_operation(site_ids)
    doc["info"]["x-city"] = {"name": svc.bundle.name, "bounds": list(svc.bounds),
                             "query_bounds": list(svc.query_bounds)}
    return doc
