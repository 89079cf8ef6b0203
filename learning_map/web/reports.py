"""
``POST /api/reports``: a citizen's correction (a reported mistake) for the admin queue.

JSON ``{"message", "site_id"?, "contact"?}``; 201 with the report's id. Only from this
site's own pages or from non-browser clients (a browser's ``Origin`` must be this host and
``Sec-Fetch-Site`` same-origin), at most ``REPORTS_PER_HOUR`` stored reports per IP and
worker. Registered only when admin is enabled (there is no queue otherwise).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, jsonify, request

from learning_map.base.i18n import N_
from learning_map.errors import ParameterError
from learning_map.store import admin as store_admin
from learning_map.web import admin_auth as auth
from learning_map.web.context import city_service, registry
from learning_map.web.guard import error_body
from learning_map.web.limits import (
    MAX_REPORT_BODY,
    MAX_SITE_ID_CHARS,
    MESSAGE_PATTERN,
    NO_NUL_PATTERN,
)

bp = Blueprint("reports", __name__, url_prefix="/api")
FIELDS = frozenset({"message", "site_id", "contact"})
_MESSAGE = re.compile(MESSAGE_PATTERN)
_NO_NUL = re.compile(NO_NUL_PATTERN)


def same_origin() -> None:
    """Refuse (403) a report a browser sent from another site (the API's and the site page's form)."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        abort(403, description=N_("Reports are accepted from this site's pages only"))
    origin = request.headers.get("Origin")
    if origin is not None:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or parts.netloc != request.host:
            abort(403, description=N_("Reports are accepted from this site's pages only"))


def _text(body: dict, name: str, *, limit: int, pattern: re.Pattern[str], required: bool) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise ParameterError(name, N_("must be text") if value is not None else N_("is required"))
    if len(value) > limit:
        raise ParameterError(name, N_("is longer than {limit} characters"), limit=limit)
    if not pattern.search(value):
        raise ParameterError(name, N_("needs visible text and no NUL characters"))
    return value


@bp.post("/reports")
def create_report() -> tuple[Response, int]:
    """Store a citizen's correction; 201 ``{"id": n}``."""
    same_origin()
    if request.content_length is not None and request.content_length > MAX_REPORT_BODY:
        abort(413)
    if not request.is_json:
        abort(415, description=N_("Send JSON (Content-Type: application/json)"))
    body = request.get_json()
    if not isinstance(body, dict):
        raise ParameterError("body", N_("must be a JSON object"))
    return accept_report(body)


def accept_report(body: dict) -> tuple[Response, int]:
    """
    Check a report's fields and store it (the JSON API and a site page's form both use this).

    Returns 201 ``{"id": n}`` or 429; a bad field raises ParameterError.
    """
    extra = sorted(set(body) - FIELDS)
    if extra:
        raise ParameterError(extra[0], N_("is not a field of a report"))
    message = _text(body, "message", limit=store_admin.MAX_REPORT_CHARS, pattern=_MESSAGE, required=True)
    site_id = _text(body, "site_id", limit=MAX_SITE_ID_CHARS, pattern=_NO_NUL, required=False)
    if site_id is not None and site_id not in site_ids():
        raise ParameterError("site_id", N_("is not a site of this city"))
    contact = _text(body, "contact", limit=store_admin.MAX_CONTACT_CHARS, pattern=_NO_NUL, required=False)
    counter, key = auth.limits().reports, f"ip:{auth.client_ip()}"
    wait = counter.retry_after(key)
    if wait:
        response = jsonify(error_body(429, N_("Too many reports from this address; try again later")))
        response.headers["Retry-After"] = str(wait)
        return response, 429
    report_id = store_admin.add_report(registry(), message, site_id, contact)
    counter.fail(key)  # counts stored reports, not attempts
    return jsonify(id=report_id), 201


def site_ids() -> set[str]:
    """The city's site ids (what the citizen page shows)."""
    return {str(i) for i in city_service().bundle.sites["site_id"]}
