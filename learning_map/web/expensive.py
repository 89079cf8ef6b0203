"""
Expensive requests get their own small pool, a per-client rate, a time budget and a cache.

A citizen's ``/api/reachable`` costs about 10 ms; a planner answer (figures, gaps, recommend,
scorecard, download) or a long ``/api/walk`` costs from 0.1 s to half a minute. Views marked
:func:`expensive` therefore never run in the request thread:

- **Pool**: they run in ``EXPENSIVE_THREADS`` threads of their own per worker process (at a
  lower CPU priority on Linux, so the citizen's threads win the cores), with at most
  ``EXPENSIVE_QUEUE`` more waiting; beyond that the answer is at once 503 + ``Retry-After``.
  So however many arrive, they hold at most threads + queue request threads, and the rest of
  the request threads keep serving citizens.
- **Rate**: at most ``EXPENSIVE_PER_MINUTE`` computed requests per client address and worker
  in any minute (cached answers are free); over it, 429 + ``Retry-After``.
- **Budget**: a request waits at most ``EXPENSIVE_BUDGET_SECONDS`` (queue and work together);
  then 503 + ``Retry-After``. The work itself goes on and its answer lands in the cache, so
  asking again later gets it at once.
- **Cache**: the last ``EXPENSIVE_CACHE_ENTRIES`` 200 answers per worker, keyed on the path
  and the query (parameters sorted by name; repeated ones keep their order); identical
  requests in progress share one computation. ``X-Cache: hit`` or ``miss`` tells which.

The planner's sign-in check (a ``before_request``) runs before any of this, so a cached
answer is never given to a client the view itself would refuse.
"""

from __future__ import annotations

import logging
import math
import os
import queue
import threading
from collections import OrderedDict
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeoutError
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any

from flask import Response, copy_current_request_context, current_app, jsonify, request

from learning_map.base.i18n import N_
from learning_map.web.admin_auth import FailureLimiter, client_ip
from learning_map.web.config import parse_setting
from learning_map.web.guard import error_body

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Mapping

logger = logging.getLogger(__name__)

GATE_KEY = "learning_map.expensive"
# Linux lets each thread have its own nice value: the pool's threads yield most of the CPU to
# the request threads that answer citizens (at 5, a citizen's thread gets about 3/4 of a core
# it shares with one of them), yet still progress on a machine busy with other work.
POOL_NICE = 5
# What a refused client is told to wait, at most: by then the pool has usually moved on, or
# the answer it was still computing is in the cache.
RETRY_AFTER_S = 10


@dataclass(frozen=True)
class ExpensiveSettings:
    """The five settings (config ``EXPENSIVE_*``, environment ``LEARNING_MAP_EXPENSIVE_*``)."""

    threads: int
    queue: int
    budget_s: float
    per_minute: int
    cache_entries: int


_SETTING_NAMES = {"threads": "EXPENSIVE_THREADS", "queue": "EXPENSIVE_QUEUE",
                  "budget_s": "EXPENSIVE_BUDGET_SECONDS", "per_minute": "EXPENSIVE_PER_MINUTE",
                  "cache_entries": "EXPENSIVE_CACHE_ENTRIES"}


def expensive_settings(config: Mapping[str, Any]) -> ExpensiveSettings:
    """
    Read ``EXPENSIVE_THREADS``, ``_QUEUE``, ``_BUDGET_SECONDS``, ``_PER_MINUTE``, ``_CACHE_ENTRIES``.

    Types, ranges and defaults are those of :data:`learning_map.web.config.SETTINGS`.

    Raises
    ------
    SettingError
        A value does not fit its setting (one sentence naming it).
    """
    return ExpensiveSettings(**{field: parse_setting(name, config.get(name))
                                for field, name in _SETTING_NAMES.items()})


@dataclass(frozen=True)
class _Answer:
    """A computed answer, kept as bytes so that any thread can send it again."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


class ExpensiveGate:
    """One app's pool, queue, rate counter and cache (one per worker process after the fork)."""

    def __init__(self, settings: ExpensiveSettings) -> None:
        self.settings = settings
        # A sliding window: at most per_minute requests per client in any 60 seconds.
        self.limiter = FailureLimiter(settings.per_minute, 60.0)
        self._lock = threading.Lock()
        self._cache: OrderedDict[Hashable, _Answer] = OrderedDict()
        self._running: dict[Hashable, Future] = {}
        self._slots = threading.BoundedSemaphore(settings.threads + settings.queue)
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._pid = -1  # threads start in the process that serves (gunicorn forks after loading)

    @property
    def retry_after_s(self) -> int:
        """Seconds a refused client should wait: :data:`RETRY_AFTER_S`, or the budget when shorter."""
        return max(1, min(RETRY_AFTER_S, math.ceil(self.settings.budget_s)))

    def cached(self, key: Hashable) -> _Answer | None:
        """The cached answer for ``key``, if any (and mark it recently used)."""
        with self._lock:
            answer = self._cache.get(key)
            if answer is not None:
                self._cache.move_to_end(key)
            return answer

    def submit(self, key: Hashable, work: Callable[[], _Answer]) -> Future | None:
        """``work`` in the pool (or the same key's computation in progress); None when full."""
        with self._lock:
            running = self._running.get(key)
            if running is not None:
                return running
            if not self._slots.acquire(blocking=False):
                return None
            future: Future = Future()
            self._running[key] = future
            if self._pid != os.getpid():
                self._pid = os.getpid()
                for _ in range(self.settings.threads):
                    threading.Thread(target=self._serve, daemon=True, name="expensive").start()
        self._jobs.put((key, work, future))
        return future

    def _serve(self) -> None:
        lower_thread_priority()
        while True:
            key, work, future = self._jobs.get()
            try:
                answer = work()
            except BaseException as exc:  # handed to the waiting request, which raises it
                future.set_exception(exc)
            else:
                if answer.status == 200 and self.settings.cache_entries:
                    with self._lock:
                        self._cache[key] = answer
                        self._cache.move_to_end(key)
                        while len(self._cache) > self.settings.cache_entries:
                            self._cache.popitem(last=False)
                future.set_result(answer)
            finally:
                with self._lock:
                    self._running.pop(key, None)
                self._slots.release()


def lower_thread_priority() -> None:
    """Lower the calling thread's priority (and its child processes') by :data:`POOL_NICE` (Linux only)."""
    try:
        thread = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, thread, min(19, os.getpriority(os.PRIO_PROCESS, thread) + POOL_NICE))
    except (AttributeError, OSError):  # not Linux: the pool's bound still holds
        logger.debug("slow work keeps the normal priority")


def init_app(app: Any) -> None:
    """Give ``app`` its gate (settings read once, here, so a bad value fails at start)."""
    app.extensions[GATE_KEY] = ExpensiveGate(expensive_settings(app.config))


def _error(status: int, message: str, retry_after_s: int, **values: Any) -> Response:
    response = jsonify(error_body(status, message, retry_after_s=retry_after_s, **values))
    response.status_code = status
    response.headers["Retry-After"] = str(retry_after_s)
    return response


def _send(answer: _Answer, cache: str) -> Response:
    response = Response(answer.body, status=answer.status, headers=answer.headers)
    response.headers["X-Cache"] = cache
    return response


def request_key() -> tuple[str, tuple[tuple[str, str], ...]]:
    """The request, normalised: path and query sorted by name (a repeated name keeps its order)."""
    return request.path, tuple(sorted(request.args.items(multi=True), key=lambda item: item[0]))


def expensive(view: Callable[..., Any]) -> Callable[..., Response]:
    """Run ``view`` through the app's :class:`ExpensiveGate` (see the module docstring)."""

    @wraps(view)
    def gated(*args: Any, **kwargs: Any) -> Response:
        gate: ExpensiveGate | None = current_app.extensions.get(GATE_KEY)
        if gate is None:
            return view(*args, **kwargs)
        key = request_key()
        answer = gate.cached(key)
        if answer is not None:
            return _send(answer, "hit")
        client = f"ip:{client_ip()}"
        wait_s = gate.limiter.retry_after(client)
        if wait_s:
            return _error(429, N_("Too many planner or walk requests from this address; try again in "
                                  "{retry_after_s} s"), wait_s)
        gate.limiter.fail(client)  # counts every computed request

        @copy_current_request_context
        def work() -> _Answer:
            response = current_app.make_response(view(*args, **kwargs))
            headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
            return _Answer(response.status_code, headers, response.get_data())

        future = gate.submit(key, work)
        if future is None:
            return _error(503, N_("The server is busy with other planner or walk requests; try again in "
                                  "{retry_after_s} s"), gate.retry_after_s)
        try:
            answer = future.result(timeout=gate.settings.budget_s)
        except FutureTimeoutError:
            return _error(503, N_("This request needs more than {budget_s:g} s now; its answer is still "
                                  "being computed: ask again in {retry_after_s} s"), gate.retry_after_s,
                          budget_s=gate.settings.budget_s)
        return _send(answer, "miss")

    return gated
