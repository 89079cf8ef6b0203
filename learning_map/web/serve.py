"""
Serve the app with gunicorn (one process per core) or, where gunicorn does not run, waitress.

Gunicorn answers a request it cannot parse (a request line or header over its limits, a
malformed line) itself, before the app sees it, with an HTML page. Our workers answer
those in the API's JSON error shape instead, with the same security headers as the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from learning_map.web import error_body, security_headers
from learning_map.web.contract import MAX_HEADER_BYTES

if TYPE_CHECKING:
    import socket

    from flask import Flask

# Gunicorn's own hard limits: above the app's (4096-byte URL, 8 KiB header, 32 KiB in all),
# so requests between the two reach the app, which answers them with its JSON 414/431.
GUNICORN_LIMIT_REQUEST_LINE = 8190  # gunicorn's maximum
GUNICORN_LIMIT_REQUEST_FIELD_SIZE = 2 * MAX_HEADER_BYTES
GUNICORN_LIMIT_REQUEST_FIELDS = 100


class _CapturedSocket:
    """Stands in for the client socket while gunicorn writes its HTML error; keeps the bytes."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self.data = b""

    def sendall(self, data: bytes) -> None:
        self.data += data

    def send(self, data: bytes) -> int:
        self.data += data
        return len(data)

    def gettimeout(self) -> float | None:
        return 0.0  # gunicorn then writes straight to sendall

    def setblocking(self, flag: bool) -> None:
        """Ignore: nothing is sent until the JSON answer."""

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def json_error_response(status_line: str, headers: dict[str, str]) -> bytes:
    """
    A complete HTTP/1.1 error response in the API's JSON shape.

    Parameters
    ----------
    status_line
        ``"414 URI Too Long"``.
    headers
        Extra headers (the security headers).
    """
    code_text, _, reason = status_line.partition(" ")
    code = int(code_text)
    body = orjson.dumps(error_body(code, reason or "Error"))
    lines = [f"HTTP/1.1 {code} {reason}", "Connection: close",
             "Content-Type: application/json", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _json_error_worker(base: type, error_headers: dict[str, str]) -> type:
    """A gunicorn worker class whose parse errors are answered as JSON with ``error_headers``."""

    class JsonErrorWorker(base):  # type: ignore[misc, valid-type]
        def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
            from gunicorn import util

            # Gunicorn picks the status (414, 431, 400, 500, ...) and logs; we keep that and
            # replace its HTML page by our JSON body.
            captured = _CapturedSocket(client)
            super().handle_error(req, captured, addr, exc)
            first = captured.data.split(b"\r\n", 1)[0].decode("latin-1")
            status_line = first.partition(" ")[2] or "500 Internal Server Error"
            try:
                util.write_nonblock(client, json_error_response(status_line, error_headers))
            except Exception:  # the client may be gone; gunicorn ignores it too
                self.log.debug("Failed to send error message.")

    JsonErrorWorker.__name__ = f"Json{base.__name__}"
    return JsonErrorWorker


def run_server(app: Flask, *, host: str, port: int, workers: int, threads: int) -> None:
    """
    Serve ``app`` until stopped: gunicorn with ``workers`` processes, or waitress.

    Parameters
    ----------
    app
        From :func:`learning_map.web.create_app`, loaded once before the workers fork
        (they share its arrays copy-on-write).
    host, port
        Address to listen on.
    workers
        Gunicorn worker processes (waitress runs one).
    threads
        Threads per worker: 1 gives sync workers (best for this CPU-bound work),
        more gives gthread workers.
    """
    try:
        from gunicorn.app.base import BaseApplication
        from gunicorn.workers.gthread import ThreadWorker
        from gunicorn.workers.sync import SyncWorker
    except ImportError:  # Windows: waitress, one process
        import waitress

        waitress.serve(app, host=host, port=port, threads=threads, ident="learning-map")
        return

    worker_class = _json_error_worker(ThreadWorker if threads > 1 else SyncWorker,
                                      security_headers(app.config["TILES_URL"]))

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", worker_class)
            self.cfg.set("limit_request_line", GUNICORN_LIMIT_REQUEST_LINE)
            self.cfg.set("limit_request_field_size", GUNICORN_LIMIT_REQUEST_FIELD_SIZE)
            self.cfg.set("limit_request_fields", GUNICORN_LIMIT_REQUEST_FIELDS)
            self.cfg.set("accesslog", None)
            self.cfg.set("loglevel", "warning")

        def load(self) -> object:
            return app

    Server().run()
