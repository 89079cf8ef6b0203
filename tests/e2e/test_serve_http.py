"""
`learning-map serve` over raw HTTP: error shape, size limits, headers and redirects as a
client sees them from the real gunicorn process (not Flask's test client).
"""

from __future__ import annotations

import json
import socket
from urllib.parse import urlsplit

import pytest

from tests.conftest import running_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(macau_bundle):
    with running_server(macau_bundle) as base:
        yield base


def raw_request(base: str, request_line: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    """Send bytes exactly as given (path as is, any Host); return status, headers, body."""
    url = urlsplit(base)
    head = {"Host": url.netloc, "Connection": "close", **(headers or {})}
    data = request_line + "\r\n" + "".join(f"{k}: {v}\r\n" for k, v in head.items()) + "\r\n"
    with socket.create_connection((url.hostname, url.port), timeout=120) as sock:  # a bound, not a timing check
        sock.sendall(data.encode("latin-1"))
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    raw = b"".join(chunks)
    header_block, _, body = raw.partition(b"\r\n\r\n")
    lines = header_block.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    parsed = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        parsed[name.strip().lower()] = value.strip()
    return status, parsed, body


def assert_json_error(status: int, headers: dict, body: bytes, expected: int) -> dict:
    assert status == expected, body[:300]
    assert headers["content-type"].startswith("application/json")
    error = json.loads(body)["error"]
    assert set(error) == {"parameter", "message", "message_id", "values"}
    assert " / " in error["message"]  # English / 中文
    assert headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in headers["content-security-policy"]
    return error


@pytest.mark.parametrize(
    ("length", "who"),
    [(5000, "app"), (9000, "gunicorn")],  # over the app's 4096 bytes; over gunicorn's 8190 too
)
def test_long_url_is_json_414(server, length, who):
    # Valid but long (an undocumented parameter): over the limit, the only thing wrong is the length.
    status, headers, body = raw_request(server, f"GET /api/search?q=a&padding={'a' * length} HTTP/1.1")
    assert_json_error(status, headers, body, 414)


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Big": "b" * 9000},  # one header over 8 KiB: the app answers
        {"X-Huge": "b" * 20000},  # over gunicorn's own field limit: the worker answers
        {f"X-H{i}": "h" * 7000 for i in range(5)},  # 35 KB in all: the app answers
        {f"X-N{i}": "n" for i in range(150)},  # over gunicorn's 100 fields: the worker answers
    ],
    ids=["one-large", "one-huge", "total", "too-many"],
)
def test_large_headers_are_json_431(server, headers):
    status, got, body = raw_request(server, "GET /api/city HTTP/1.1", headers)
    assert_json_error(status, got, body, 431)


def test_malformed_request_line_is_json_400(server):
    status, headers, body = raw_request(server, "GET /api/city HTTP/9.x")
    assert_json_error(status, headers, body, 400)


def test_405_has_allow_and_404_is_json(server):
    status, headers, body = raw_request(server, "DELETE /api/sites HTTP/1.1")
    assert_json_error(status, headers, body, 405)
    assert "GET" in headers["allow"]
    status, headers, body = raw_request(server, "GET /no/such/page HTTP/1.1")
    assert_json_error(status, headers, body, 404)


@pytest.mark.parametrize("path", ["/static//x", "//evil.example/static/app.js", "/static//evil.example/x",
                                  "/api//sites", "/vendor/leaflet//leaflet.js"])
def test_no_redirect_echoes_a_foreign_host(server, path):
    # curl -sI -H 'Host: evil.example' --path-as-is http://127.0.0.1:PORT/static//x
    status, headers, _ = raw_request(server, f"GET {path} HTTP/1.1", {"Host": "evil.example"})
    location = headers.get("location", "")
    assert "evil.example" not in location
    assert not location.startswith("//")
    assert not 300 <= status < 400 or location.startswith("/")


def test_security_headers_from_the_server(server):
    status, headers, _ = raw_request(server, "GET / HTTP/1.1")
    assert status == 200
    assert headers["content-security-policy"] == (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
        "form-action 'self'")
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["cross-origin-opener-policy"] == "same-origin"


@pytest.mark.parametrize("how", ["--tiles", "LEARNING_MAP_TILES_URL"])
def test_tiles_origin_is_the_only_foreign_source(macau_bundle, how):
    tiles = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
    extra, env = (("--tiles", tiles), None) if how == "--tiles" else ((), {"LEARNING_MAP_TILES_URL": tiles})
    with running_server(macau_bundle, *extra, "--workers", "1", env=env) as base:
        status, headers, body = raw_request(base, "GET / HTTP/1.1")
    assert status == 200
    csp = headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["img-src"] == "'self' data: https://*.tile.openstreetmap.org"
    foreign = [d for name, d in directives.items() if name != "img-src" and "://" in d]
    assert foreign == []
    assert b"tile.openstreetmap.org" in body  # the page's config names the tiles for app.js


def test_threaded_workers_answer_json_too(macau_bundle):
    """`--threads 2` (two request threads per worker): parse errors are JSON as well."""
    with running_server(macau_bundle, "--workers", "1", "--threads", "2") as base:
        status, headers, body = raw_request(base, f"GET /api/search?q={'a' * 9000} HTTP/1.1")
        assert_json_error(status, headers, body, 414)
        status, headers, body = raw_request(base, "GET /api/city HTTP/1.1", {"X-Huge": "b" * 20000})
        assert_json_error(status, headers, body, 431)
        status, _, body = raw_request(base, "GET /api/search?q=biblioteca HTTP/1.1")
        assert status == 200
        assert json.loads(body)["results"]
