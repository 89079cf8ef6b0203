"""
Hostile and busy clients for the serve load tests: a slowloris and timed citizen requests.

Every client here talks to 127.0.0.1 only, is bounded in connections and time, and stops by
itself.
"""

from __future__ import annotations

import http.client
import socket
import statistics
import threading
import time
from urllib.parse import urlsplit

# Where a citizen asks what is within 15 minutes (central Macau, on the street network).
REACHABLE = "/api/reachable?lon=113.5439&lat=22.1987&minutes=30"


def get(base: str, path: str, *, timeout_s: float = 60.0, source: str = "127.0.0.1") -> tuple[int, dict, bytes]:
    """One GET on a new connection from ``source`` (any 127.x address): status, headers, body."""
    url = urlsplit(base)
    assert url.hostname == "127.0.0.1"
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout_s, source_address=(source, 0))
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def latencies_s(base: str, path: str = REACHABLE, *, n: int = 15, every_s: float = 0.5,
                timeout_s: float = 60.0) -> list[float]:
    """
    Start a GET every ``every_s`` seconds, ``n`` in all, each on its own connection and thread,
    whatever the earlier ones are doing (open loop: a stuck request does not delay the next
    one's start); return each one's time, a failed or timed-out one counting as ``timeout_s``.
    """
    times = [timeout_s] * n

    def one(i: int) -> None:
        start = time.perf_counter()
        try:
            status, _, _ = get(base, path, timeout_s=timeout_s)
        except OSError:
            return
        if status == 200:
            times[i] = time.perf_counter() - start

    threads = []
    for i in range(n):
        thread = threading.Thread(target=one, args=(i,), daemon=True)
        thread.start()
        threads.append(thread)
        time.sleep(every_s)
    for thread in threads:
        thread.join(timeout_s + 5)
    return times


def median_latency_s(base: str, path: str = REACHABLE, **kwargs: float) -> float:
    """The median of :func:`latencies_s`."""
    return statistics.median(latencies_s(base, path, **kwargs))


class Slowloris:
    """
    ``connections`` connections that each send a request line, then one header line every
    ``every_s`` seconds and never finish; a connection the server closes is opened again.

    Runs in a thread for at most ``for_s`` seconds (or until the ``with`` block ends).
    """

    def __init__(self, base: str, *, connections: int = 50, every_s: float = 2.0, for_s: float = 60.0) -> None:
        url = urlsplit(base)
        assert url.hostname == "127.0.0.1"
        self.address = (url.hostname, url.port)
        self.connections = connections
        self.every_s = every_s
        self.for_s = for_s
        self.lines_sent = 0
        self.opened = 0
        self.open_now = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Slowloris:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _open(self) -> socket.socket | None:
        try:
            sock = socket.create_connection(self.address, timeout=2)
            sock.sendall(b"GET /api/city HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        except OSError:
            return None
        self.opened += 1
        return sock

    def _run(self) -> None:
        deadline = time.monotonic() + self.for_s
        socks: list[socket.socket] = []
        try:
            while not self._stop.is_set() and time.monotonic() < deadline:
                while len(socks) < self.connections and not self._stop.is_set():
                    sock = self._open()
                    if sock is None:
                        break
                    socks.append(sock)
                self.open_now = len(socks)
                self._stop.wait(self.every_s)
                for sock in list(socks):
                    try:
                        sock.sendall(b"X-Slow-%d: 1\r\n" % self.lines_sent)
                        self.lines_sent += 1
                    except OSError:  # the server closed it: open another
                        sock.close()
                        socks.remove(sock)
        finally:
            for sock in socks:
                sock.close()
