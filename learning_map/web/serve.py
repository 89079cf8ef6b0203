"""
Serve the app with gunicorn (one process per core) or, where gunicorn does not run, waitress.

**Slow clients cost a greenlet, never a thread.** Each gunicorn worker is gevent's event
loop *without monkey-patching*: the loop accepts connections, reads request lines, headers
and bodies, and writes answers, cooperatively, so a client that sends one header line every
few seconds (slowloris) or reads its answer slowly holds only a cheap greenlet. Only a
complete request is handed to a bounded pool of real threads (``--threads``), which runs the
app untouched: numba's ``nogil`` engine, psycopg and the standard library see ordinary
threads, exactly as under gunicorn's sync or gthread workers, because nothing is patched.
(Sync workers block on a slow client until the timeout; gthread hands a connection to a
thread before its request has arrived, so a few slow clients still take every thread.)

Bounds (constants below): a request's line and headers must arrive within
:data:`HEADER_SECONDS` of the connection (or of the previous answer, keep-alive); no read
or write may wait longer than :data:`IDLE_SECONDS` for the client; a body is buffered
(at most the app's ``MAX_CONTENT_LENGTH``) before the app sees it; at most
:data:`WORKER_CONNECTIONS` connections per worker; on stop, requests in progress get
:data:`GRACEFUL_SECONDS`.

Gunicorn answers a request it cannot parse (a request line or header over its limits, a
malformed line) itself, before the app sees it, with an HTML page. Our workers answer
those in the API's JSON error shape instead, with the same security headers as the app.
"""

from __future__ import annotations

import errno
import io
import os
import socket
import sys
import tempfile
from typing import TYPE_CHECKING, Any

import orjson

from learning_map.errors import ParameterError
from learning_map.web.guard import HTTP_ERRORS, error_body, security_headers
from learning_map.web.limits import MAX_HEADER_BYTES
from learning_map.web.locale import environ_locale

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from flask import Flask

# Gunicorn's own hard limits: above the app's (4096-byte URL, 8 KiB header, 32 KiB in all),
# so requests between the two reach the app, which answers them with its JSON 414/431.
GUNICORN_LIMIT_REQUEST_LINE = 8190  # gunicorn's maximum
GUNICORN_LIMIT_REQUEST_FIELD_SIZE = 2 * MAX_HEADER_BYTES
GUNICORN_LIMIT_REQUEST_FIELDS = 100
# A request's line and headers must arrive within this many seconds (gunicorn's keep-alive
# deadline, which its async workers apply to every request, the first one included).
HEADER_SECONDS = 5
# No single read from or write to a client may wait longer (gunicorn's --timeout; it is also
# the worker's heartbeat, which the event loop keeps beating while threads do the work).
IDLE_SECONDS = 30
GRACEFUL_SECONDS = 30
WORKER_CONNECTIONS = 1000
SWITCH_INTERVAL_S = 0.001
# A body is kept in memory up to this size, then in a temporary file.
BODY_IN_MEMORY_BYTES = 1024 * 1024
DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024


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
    body = orjson.dumps(error_body(code, None if code in HTTP_ERRORS else reason or "Error", locale=None))
    lines = [f"HTTP/1.1 {code} {reason}", "Connection: close",
             "Content-Type: application/json", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _json_error_worker(base: type, error_headers: dict[str, str]) -> type:
    """A gunicorn worker class whose parse errors are answered as JSON with ``error_headers``."""

    class JsonErrorWorker(base):  # type: ignore[misc, valid-type]
        def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
            # gunicorn is imported only where it runs: Windows has waitress instead (run_server).
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


def _max_body_bytes(app: Any) -> int:
    """The largest body the app accepts (its ``MAX_CONTENT_LENGTH``), read once at start."""
    config = getattr(app, "config", None) or {}
    try:
        return int(config.get("MAX_CONTENT_LENGTH") or DEFAULT_MAX_BODY_BYTES)
    except (TypeError, ValueError):
        return DEFAULT_MAX_BODY_BYTES


class ThreadedApp:
    """
    WSGI wrapper run by the event loop: buffer the body, then run ``app`` in a real thread.

    The body is read here, cooperatively, because the client's socket belongs to the event
    loop: the app's thread must never read it.
    """

    def __init__(self, app: Callable, pool: Any, *, max_body_bytes: int, error_headers: dict[str, str]) -> None:
        self.app = app
        self.pool = pool
        self.max_body_bytes = max_body_bytes
        self.error_headers = error_headers

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:  # noqa: D102
        declared = environ.get("CONTENT_LENGTH")
        if declared and declared.isdigit() and int(declared) > self.max_body_bytes:
            # The app answers 413 from the header alone; its body is never read.
            environ["wsgi.input"] = io.BytesIO()
        elif declared or environ.get("HTTP_TRANSFER_ENCODING"):
            body = tempfile.SpooledTemporaryFile(max_size=BODY_IN_MEMORY_BYTES)  # noqa: SIM115
            try:
                self._read_body(environ["wsgi.input"], body)
            except _BodyTooLargeError:
                body.close()
                return self._error(start_response, "413 Content Too Large", environ)
            except OSError:
                body.close()
                return self._error(start_response, "408 Request Timeout", environ)
            environ["wsgi.input"] = body
            environ["CONTENT_LENGTH"] = str(_size(body))
            environ.pop("HTTP_TRANSFER_ENCODING", None)
            try:  # the app has read what it wanted of the body when it returns its answer
                return self.pool.spawn(self.app, environ, start_response).get()
            finally:
                body.close()
        return self.pool.spawn(self.app, environ, start_response).get()

    def _read_body(self, source: Any, target: Any) -> None:
        total = 0
        while chunk := source.read(64 * 1024):
            total += len(chunk)
            if total > self.max_body_bytes:
                raise _BodyTooLargeError
            target.write(chunk)

    def _error(self, start_response: Callable, status_line: str, environ: dict[str, Any]) -> list[bytes]:
        """The status's own sentence (:data:`~learning_map.web.guard.HTTP_ERRORS`) in the client's language."""
        code = status_line.partition(" ")[0]
        body = orjson.dumps(error_body(int(code), locale=environ_locale(environ, default=None)))
        start_response(status_line, [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                                     ("Connection", "close"), *self.error_headers.items()])
        return [body]


class _BodyTooLargeError(Exception):
    """The body is longer than the app accepts."""


def _size(body: Any) -> int:
    """The length of a seekable file, leaving it at its start."""
    size = body.seek(0, 2)
    body.seek(0)
    return size


def _threaded_gevent_worker(error_headers: dict[str, str]) -> type:
    """Gunicorn's gevent worker, unpatched, running the app in a pool of ``--threads`` real threads."""
    # gunicorn and gevent are imported only where they run: Windows has waitress instead (run_server).
    import gevent.socket
    from gevent.threadpool import ThreadPool
    from gunicorn.workers.ggevent import GeventWorker

    class ThreadedGeventWorker(GeventWorker):
        def patch(self) -> None:
            # No monkey-patching (the app's threads stay real threads); only the listening
            # sockets become gevent's, as GeventWorker.patch does after patch_all.
            self.sockets = [gevent.socket.socket(s.FAMILY, socket.SOCK_STREAM, fileno=s.sock.detach())
                            for s in self.sockets]

        def load_wsgi(self) -> None:
            # A thread that wants the GIL gets it within 1 ms (CPython's default is 5 ms), so a
            # citizen's request is not held up by a planner computation in the same process.
            sys.setswitchinterval(SWITCH_INTERVAL_S)
            super().load_wsgi()
            self.wsgi = ThreadedApp(self.wsgi, ThreadPool(self.cfg.threads),
                                    max_body_bytes=_max_body_bytes(self.wsgi),
                                    error_headers=error_headers)

        def run(self) -> None:
            super().run()
            # Stopped and every request answered. Leave at once: the interpreter's clean-up
            # would free the whole city object by object, touching (so copying) the pages the
            # workers share with the master, which took seconds.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)

        def handle(self, listener: Any, client: Any, addr: Any) -> None:
            # Every read and write waits at most IDLE_SECONDS (GeventWorker would wait forever).
            client.settimeout(self.cfg.timeout)
            super(GeventWorker, self).handle(listener, client, addr)

    return ThreadedGeventWorker


def check_address_free(host: str, port: int) -> None:
    """
    Bind ``host:port`` as gunicorn will (``SO_REUSEADDR``) and let go, before "started" is printed.

    Raises
    ------
    ParameterError
        The port is taken, needs root, or the host is not an address of this machine.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise ParameterError("host", message_id="host.unknown", value=host) from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ParameterError("port", message_id="port.in_use", port=port, host=host) from None
            if exc.errno == errno.EACCES:
                raise ParameterError("port", message_id="port.needs_root", port=port) from None
            raise ParameterError("host", message_id="host.cannot_listen", host=host, port=port,
                                 reason=exc.strerror) from None


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
        Threads per worker that run the app; requests beyond them wait in the event loop.
    """
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError:  # Windows: waitress, one process (it too buffers requests before a thread)
        import waitress

        waitress.serve(app, host=host, port=port, threads=threads, ident="learning-map")
        return

    error_headers = security_headers(app.config["TILES_URL"])
    worker_class = _json_error_worker(_threaded_gevent_worker(error_headers), error_headers)

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", worker_class)
            self.cfg.set("worker_connections", WORKER_CONNECTIONS)
            self.cfg.set("keepalive", HEADER_SECONDS)
            self.cfg.set("timeout", IDLE_SECONDS)
            self.cfg.set("graceful_timeout", GRACEFUL_SECONDS)
            self.cfg.set("limit_request_line", GUNICORN_LIMIT_REQUEST_LINE)
            self.cfg.set("limit_request_field_size", GUNICORN_LIMIT_REQUEST_FIELD_SIZE)
            self.cfg.set("limit_request_fields", GUNICORN_LIMIT_REQUEST_FIELDS)
            self.cfg.set("accesslog", None)
            self.cfg.set("loglevel", "warning")

        def load(self) -> object:
            return app

    Server().run()
