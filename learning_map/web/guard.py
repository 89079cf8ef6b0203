"""
Security headers, request size limits and the one JSON error shape, on every response.

:func:`guard_app` wraps the app of one city (:func:`learning_map.web.create_app`) and the
national server's (:mod:`.national`) alike; :mod:`.serve` answers the server's own errors
with the same :func:`error_body` and :func:`security_headers`.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import orjson
from flask import Flask, Response, current_app, has_request_context, jsonify, request
from flask.json.provider import JSONProvider
from werkzeug.exceptions import HTTPException, RequestHeaderFieldsTooLarge, RequestURITooLarge
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import RequestRedirect

from learning_map.base.i18n import N_
from learning_map.errors import LearningMapError, NoMatchError, ParameterError
from learning_map.web.limits import (
    MAX_HEADER_BYTES,
    MAX_HEADERS_TOTAL_BYTES,
    MAX_URL_BYTES,
    OVERSIZED_URL_CHECK,
    field_for,
)
from learning_map.web.locale import request_locale

# The sentence of each HTTP error the app answers itself (Werkzeug's own English is not shown).
HTTP_ERRORS = {
    400: N_("Bad request"), 403: N_("Forbidden"), 404: N_("Not found"), 405: N_("Method not allowed"),
    408: N_("The request body did not arrive in time"), 413: N_("The request body is too large"),
    414: N_("The URL is too long"), 417: N_("The Expect header cannot be met"),
    431: N_("The request headers are too large"), 429: N_("Too many requests"),
    500: N_("Internal server error"), 501: N_("Not implemented"), 503: N_("Service unavailable"),
}
# A tile URL's origin, as a CSP host-source: scheme, host (a leading "*." for {s}) and port.
_ORIGIN = re.compile(r"https?://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?")
_NO_LOCALE = object()


def error_body(status: int, message: str | None = None, parameter: str | None = None, /, *,
               locale: str | object | None = _NO_LOCALE, **values: Any) -> dict[str, Any]:
    """
    The one JSON error shape: ``{"error": {"parameter", "message", "message_id", "values"}}``.

    ``message`` is an English sentence marked ``N_`` (a catalogue message id) with its
    ``values``; without one, the status's own sentence (:data:`HTTP_ERRORS`). It is said in
    ``locale``, by default the request's (:func:`error_locale`; outside a request, and for a
    client that names no language, the command line's: English and simplified Chinese joined).
    """
    if locale is _NO_LOCALE:
        locale = error_locale() if has_request_context() else None
    error = LearningMapError(message or HTTP_ERRORS.get(status, N_("Error")), **values)
    return {"error": error_of(error, parameter, locale=locale)}


def error_locale() -> str | None:
    """
    The locale an error answer speaks: the request's ``?lang=`` or browser language, else None.

    None (a script or a tool that names no language) keeps the sentence in English and simplified
    Chinese, joined (:meth:`learning_map.errors.LearningMapError.text`).
    """
    return request_locale(default=None)


def error_of(exc: LearningMapError, parameter: str | None = None, *,
             locale: str | object | None = _NO_LOCALE) -> dict[str, Any]:
    """
    The ``error`` object of an answer for one of our errors: its field, sentence and message id.

    The sentence is in ``locale``, by default the request's language (:func:`error_locale`);
    ``message_id`` and ``values`` let a client say it in its own words.
    """
    if locale is _NO_LOCALE:
        locale = error_locale()
    values = {key: [str(v) for v in value] if isinstance(value, (tuple, list)) else
              value.text(locale) if isinstance(value, LearningMapError) else
              value if isinstance(value, (int, float)) else str(value) for key, value in exc.values.items()}
    return {"parameter": parameter, "message": exc.text(locale), "message_id": exc.message_id,
            "values": values}


def tile_origin(tiles_url: str) -> str:
    """
    The origin of a Leaflet tile URL template, for the page's Content-Security-Policy.

    ``https://{s}.tile.example.org/{z}/{x}/{y}.png`` gives ``https://*.tile.example.org``
    (a ``{s}`` subdomain becomes a wildcard label).

    Raises
    ------
    LearningMapError
        The URL is not http(s) or its host is not a plain host name.
    """
    parts = urlsplit(tiles_url.strip())
    host, _, rest = parts.netloc.rpartition("@")[2].partition(":")
    labels = host.split(".")
    if labels and "{" in labels[0]:
        labels[0] = "*"
    origin = f"{parts.scheme.lower()}://{'.'.join(labels)}" + (f":{rest}" if rest else "")
    if parts.scheme.lower() not in ("http", "https") or not _ORIGIN.fullmatch(origin):
        raise LearningMapError(N_("Tile URL must be http(s)://host/...: {url!r}"), url=tiles_url)
    return origin


def content_security_policy(tiles_url: str | None) -> str:
    """The page's CSP: only this origin, plus the tile server's origin for images when set."""
    img = "img-src 'self' data:" + (f" {tile_origin(tiles_url)}" if tiles_url else "")
    return "; ".join([
        "default-src 'self'", "script-src 'self'", "style-src 'self'", img,
        "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
        "form-action 'self'",
    ])


def security_headers(tiles_url: str | None) -> dict[str, str]:
    """
    Headers sent with every response.

    ``Referrer-Policy: strict-origin-when-cross-origin`` rather than ``no-referrer``:
    OpenStreetMap's tile policy requires a Referer from web pages, and this policy
    sends a tile server only our origin, never the page's path or query (which holds
    the citizen's position).
    """
    return {
        "Content-Security-Policy": content_security_policy(tiles_url),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def _check_request_size() -> None:
    """414 for a URL over :data:`MAX_URL_BYTES`; 431 for a header or all headers too large."""
    environ = request.environ
    uri = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if uri is None:
        query = environ.get("QUERY_STRING", "")
        uri = environ.get("PATH_INFO", "") + ("?" + query if query else "")
    if len(uri.encode("latin-1", "replace")) > MAX_URL_BYTES:
        refuse_invalid = current_app.extensions.get(OVERSIZED_URL_CHECK)
        if refuse_invalid is not None:
            refuse_invalid()  # 400 for a parameter the contract calls invalid, as for a short URL
        raise own_error(RequestURITooLarge, N_("The URL is longer than {limit} bytes"), limit=MAX_URL_BYTES)
    total = 0
    for key, value in environ.items():
        if key.startswith("HTTP_") or key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            size = len(key) + len(str(value).encode("latin-1", "replace"))
            if size > MAX_HEADER_BYTES:
                raise own_error(RequestHeaderFieldsTooLarge, N_("A header is longer than {limit} bytes"),
                           limit=MAX_HEADER_BYTES)
            total += size
    if total > MAX_HEADERS_TOTAL_BYTES:
        raise own_error(RequestHeaderFieldsTooLarge, N_("The headers are longer than {limit} bytes"),
                   limit=MAX_HEADERS_TOTAL_BYTES)


def own_error(kind: type[HTTPException], message: str, **values: Any) -> HTTPException:
    """
    An HTTP error of ours: its description a catalogue message (marked ``N_``) with its ``values``.

    ``abort(403, description=N_("..."))`` is one too, without values; the error handler says
    it in the request's language.
    """
    exc = kind(message)
    exc.values = values  # type: ignore[attr-defined]
    return exc


class OrjsonProvider(JSONProvider):
    """Compact, fast JSON (orjson); NumPy numbers serialise directly."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:  # noqa: D102
        return orjson.dumps(obj, option=orjson.OPT_SERIALIZE_NUMPY).decode()

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:  # noqa: D102
        return orjson.loads(s)


def _register_error_handlers(app: Flask) -> None:
    """Every error, ours and Werkzeug's, as the one JSON shape of /openapi.json."""

    @app.errorhandler(NoMatchError)
    def no_match(exc: NoMatchError):
        return jsonify(error=error_of(exc, field_for(exc.param))), 404

    @app.errorhandler(ParameterError)
    def bad_parameter(exc: ParameterError):
        return jsonify(error=error_of(exc, field_for(exc.param))), 400

    @app.errorhandler(LearningMapError)
    def bad_request(exc: LearningMapError):
        return jsonify(error=error_of(exc)), 400

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if isinstance(exc, RequestRedirect):
            # Never echo the Host header: a relative Location with one leading slash.
            target = urlsplit(exc.new_url)
            location = "/" + target.path.lstrip("/") + (f"?{target.query}" if target.query else "")
            response = jsonify(error_body(exc.code, N_("Moved to {location}"), location=location))
            response.status_code = exc.code
            response.headers["Location"] = location
            return response
        code = exc.code or 500
        # Our own descriptions (catalogue messages, set on the instance) are said; Werkzeug's are not.
        own = vars(exc).get("description")
        response = jsonify(error_body(code, own, **getattr(exc, "values", {})))
        response.status_code = code
        # Keep Werkzeug's own headers (Allow on a 405, Retry-After), not its HTML content type.
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response


def guard_app(app: Flask) -> None:
    """Security headers, request size limits and the one JSON error shape, on every response."""
    headers = security_headers(app.config["TILES_URL"])  # a bad tile URL fails here, at start
    if app.config.get("TRUSTED_PROXIES"):
        # The client's address from X-Forwarded-For, as that many proxies in front report it
        # (rate limits, sign-in locks); never trusted without the setting.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"])  # type: ignore[method-assign]
    # "//x" is a path, not a redirect to another host: no merge-slashes redirects at all.
    app.url_map.merge_slashes = False
    app.before_request(_check_request_size)

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        response.headers.update(headers)
        return response

    _register_error_handlers(app)
