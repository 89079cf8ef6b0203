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
from flask import Flask, Response, current_app, jsonify, request
from flask.json.provider import JSONProvider
from werkzeug.exceptions import HTTPException, RequestHeaderFieldsTooLarge, RequestURITooLarge
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import RequestRedirect

from learning_map.errors import LearningMapError, NoMatchError, ParameterError
from learning_map.web.limits import (
    MAX_HEADER_BYTES,
    MAX_HEADERS_TOTAL_BYTES,
    MAX_URL_BYTES,
    OVERSIZED_URL_CHECK,
    field_for,
)
from learning_map.web.locale import request_locale

# Chinese for the HTTP errors the app answers itself (English comes from Werkzeug).
HTTP_ERRORS_ZH = {
    400: "请求无效", 403: "禁止访问", 404: "未找到", 405: "不允许此请求方法", 413: "请求内容过大",
    414: "网址过长", 417: "无法满足 Expect 请求头", 431: "请求头过大", 500: "服务器内部错误",
    501: "服务器不支持此功能", 503: "服务暂不可用",
}
# A tile URL's origin, as a CSP host-source: scheme, host (a leading "*." for {s}) and port.
_ORIGIN = re.compile(r"https?://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?")


def error_body(status: int, message_en: str, parameter: str | None = None) -> dict[str, Any]:
    """The one JSON error shape: ``{"error": {"parameter", "message"}}``, message "English / 中文"."""
    zh = HTTP_ERRORS_ZH.get(status)
    message = f"{message_en} / {zh}" if zh and " / " not in message_en else message_en
    return {"error": {"parameter": parameter, "message": message}}


def error_locale() -> str | None:
    """
    The locale an error answer speaks: the request's ``?lang=`` or browser language, else None.

    None (a script or a tool that names no language) keeps the sentence "English / 中文".
    """
    return request_locale(default=None)


def error_of(exc: LearningMapError, parameter: str | None = None) -> dict[str, Any]:
    """
    The ``error`` object of an answer for one of our errors: its field, sentence and message id.

    The sentence is in the request's language (:func:`error_locale`); ``message_id`` and
    ``values`` let a client say it in its own words.
    """
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
        msg = f"Tile URL must be http(s)://host/...: {tiles_url!r} / 瓦片地址须为 http(s) 网址"
        raise LearningMapError(msg)
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
        msg = f"The URL is longer than {MAX_URL_BYTES} bytes"
        raise RequestURITooLarge(msg)
    total = 0
    for key, value in environ.items():
        if key.startswith("HTTP_") or key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            size = len(key) + len(str(value).encode("latin-1", "replace"))
            if size > MAX_HEADER_BYTES:
                msg = f"A header is longer than {MAX_HEADER_BYTES} bytes"
                raise RequestHeaderFieldsTooLarge(msg)
            total += size
    if total > MAX_HEADERS_TOTAL_BYTES:
        msg = f"The headers are longer than {MAX_HEADERS_TOTAL_BYTES} bytes"
        raise RequestHeaderFieldsTooLarge(msg)


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
            response = jsonify(error_body(exc.code, "Moved to " + location))
            response.status_code = exc.code
            response.headers["Location"] = location
            return response
        code = exc.code or 500
        # Our own bilingual descriptions ("English / 中文") are shown; Werkzeug's are not.
        own = " / " in (exc.description or "")
        message = exc.description if code in (414, 431) or own else exc.name
        response = jsonify(error_body(code, message))
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
