"""
A local stand-in for the geocoding services (Tianditu, Amap, Baidu): no test needs the internet.

A threaded ``http.server`` on port 0 answers ``/tianditu``, ``/amap`` and ``/baidu`` with
scripted bodies in each service's documented format (the bodies are built in the tests, from the
services' public API documentation), counts every request, and answers ``/ready`` once it
serves. :func:`geocoder_server` starts it, waits for it by readiness and always stops it.
"""

from __future__ import annotations

import contextlib
import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

from tests._servers import wait_for_http

if TYPE_CHECKING:
    from collections.abc import Iterator


@dataclass
class Script:
    """What the server answers: per service and asked text, a list of (HTTP status, JSON body) in turn (the last repeats)."""

    answers: dict[tuple[str, str], list[tuple[int, object]]] = field(default_factory=dict)
    nothing: dict[str, tuple[int, object]] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, service: str, text: str, *bodies: tuple[int, object]) -> None:
        """Answer ``text`` asked of ``service`` with ``bodies``, one per request (the last repeats)."""
        self.answers[service, text] = list(bodies)

    def count(self, service: str | None = None) -> int:
        """Requests received (of ``service``)."""
        with self.lock:
            return sum(1 for s, _ in self.requests if service in (None, s))

    def next(self, service: str, text: str) -> tuple[int, object]:
        with self.lock:
            self.requests.append((service, text))
            queue = self.answers.get((service, text))
            if not queue:
                return self.nothing[service]
            return queue.pop(0) if len(queue) > 1 else queue[0]


def asked_text(service: str, params: dict[str, list[str]]) -> str:
    """The text a request asks, as each service takes it."""
    if service == "tianditu":
        return json.loads(params["ds"][0])["keyWord"]
    return params["address"][0]


def _handler(script: Script) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            service = parsed.path.strip("/")
            if service == "ready":
                self._send(200, {"ready": True})
                return
            script.urls.append(self.path)
            params = urllib.parse.parse_qs(parsed.query)
            status, body = script.next(service, asked_text(service, params))
            self._send(status, body)

        def _send(self, status: int, body: object) -> None:
            data = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:  # quiet
            pass

    return Handler


@contextlib.contextmanager
def geocoder_server(script: Script) -> Iterator[str]:
    """Serve ``script`` on a free port; yields the base URL (``http://127.0.0.1:PORT``); always stopped."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(script))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        wait_for_http(f"{base}/ready")
        yield base
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
