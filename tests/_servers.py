"""
Processes the tests start: one way to start them, wait for them and stop them.

Every server or command a test runs in the background goes through :func:`started`. The
process gets its own process group, so stopping it also stops what it forked (gunicorn's
workers); stopping is always SIGTERM, a grace period, then SIGKILL, and its output files are
closed. A process still alive when the session ends (a test killed by pytest itself) is
killed then, so no test's leftovers reach another test as a ResourceWarning under
``filterwarnings = error``.

Waits are deadlines, never counts of tries: on two busy cores a first start of the server
(numba's cache, a city's maps) takes seconds, and a loop of N tries of T seconds measures
the machine, not the code. ``LEARNING_MAP_TEST_READY_SECONDS`` (default 180) is how long a
server may take to answer.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from typing import IO, TYPE_CHECKING, TypeVar

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

T = TypeVar("T")

READY_SECONDS = float(os.environ.get("LEARNING_MAP_TEST_READY_SECONDS", "180"))
# Playwright's waits (selectors, responses) in the browser tests: its 30 s default is short
# for a first basemap on two busy cores.
BROWSER_WAIT_MS = int(os.environ.get("LEARNING_MAP_TEST_BROWSER_WAIT_MS", "90000"))
GRACE_SECONDS = 10.0  # after SIGTERM, before SIGKILL: gunicorn's workers finish a request

_LIVE: set[subprocess.Popen] = set()


def wait_until(check: Callable[[], T | None], *, what: str, deadline_s: float = READY_SECONDS,
               proc: subprocess.Popen | None = None) -> T:
    """
    Call ``check`` until it returns something truthy, and return that.

    Polls with a growing pause (10 ms up to 0.5 s) until ``deadline_s`` seconds have passed,
    then fails the test naming ``what``. With ``proc``, fails at once when that process has
    exited (with its output).
    """
    deadline = time.monotonic() + deadline_s
    pause = 0.01
    while True:
        result = check()
        if result:
            return result
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"{what}: the process exited ({proc.returncode}) first:\n{output_of(proc)}")
        if time.monotonic() > deadline:
            tail = f"\n{output_of(proc)}" if proc is not None else ""
            pytest.fail(f"{what}: not within {deadline_s:.0f} s{tail}")
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


def wait_for_page(page, expression: str, arg: object = None, *,
                  timeout_ms: int = BROWSER_WAIT_MS) -> object:
    """
    Until the JavaScript function ``expression`` (called with ``arg``) is truthy in ``page``.

    Playwright's own ``wait_for_function`` polls by ``eval`` inside the page, and the pages'
    Content-Security-Policy (``script-src 'self'``) forbids that: it passes only when the first
    check is already true, so it fails on a busy machine. Here each check is one
    ``page.evaluate`` from outside, which the policy does not cover.
    """
    from playwright.sync_api import Error  # (only the browser tests have a page to wait for)

    def check() -> object:
        try:
            return page.evaluate(expression, arg)
        except Error as error:  # a navigation under way: the next check asks the new document
            if "context was destroyed" in str(error) or "navigat" in str(error):
                return None
            raise

    return wait_until(check, what=f"the page to satisfy {expression}", deadline_s=timeout_ms / 1000)


def start(args: Sequence[str], *, env: dict[str, str] | None = None, **popen: object) -> subprocess.Popen:
    """
    Start ``args`` in its own process group; stop it with :func:`stop` (or use :func:`started`).

    Unless ``stdout`` is given, its stdout and stderr go to one temporary file (a pipe nobody
    reads would block a chatty server once 64 KB are written); :func:`output_of` reads it.
    """
    if "stdout" not in popen:
        log = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")  # noqa: SIM115 (closed in stop)
        popen.update(stdout=log, stderr=subprocess.STDOUT)
    else:
        log = None
    proc = subprocess.Popen(list(args), env={**os.environ, **(env or {})}, start_new_session=True,
                            **popen)  # type: ignore[call-overload]
    proc._learning_map_log = log  # type: ignore[attr-defined]
    _LIVE.add(proc)
    return proc


def output_of(proc: subprocess.Popen | None) -> str:
    """What a process started by :func:`start` has written so far (its last 20,000 characters)."""
    log: IO[str] | None = getattr(proc, "_learning_map_log", None)
    if log is None or log.closed:
        return ""
    log.flush()
    log.seek(0)
    return log.read()[-20_000:]


def stop(proc: subprocess.Popen, *, grace_s: float = GRACE_SECONDS) -> None:
    """SIGTERM to the process group, SIGKILL after ``grace_s``; reaps it and closes its files."""
    try:
        if proc.poll() is None:
            _signal_group(proc, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=grace_s)
        # Always, also when the leader has exited: a forked worker may outlive it.
        _signal_group(proc, signal.SIGKILL)
        proc.wait()
    finally:
        for handle in (proc.stdin, proc.stdout, proc.stderr, getattr(proc, "_learning_map_log", None)):
            if handle is not None:
                handle.close()
        _LIVE.discard(proc)


def _signal_group(proc: subprocess.Popen, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)  # start_new_session: the group id is the leader's pid


@contextlib.contextmanager
def started(args: Sequence[str], **kwargs: object) -> Iterator[subprocess.Popen]:
    """:func:`start` ``args``; stopped (TERM, then KILL) when the block ends, however it ends."""
    proc = start(args, **kwargs)  # type: ignore[arg-type]
    try:
        yield proc
    finally:
        stop(proc)


def stop_all() -> None:
    """Stop every process still running (called when the session ends)."""
    for proc in list(_LIVE):
        stop(proc, grace_s=2)


def _answers_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return 200 <= response.status < 300
    except urllib.error.HTTPError as error:
        error.close()
        return False
    except OSError:
        return False


def serving(url: str, proc: subprocess.Popen, *, deadline_s: float = READY_SECONDS) -> bool:
    """True once ``url`` answers 2xx; False if ``proc`` exits first; fails the test at the deadline."""

    def state() -> str | None:
        if _answers_ok(url):
            return "ready"
        return "exited" if proc.poll() is not None else None

    return wait_until(state, what=f"{url} answering", deadline_s=deadline_s) == "ready"


def wait_for_http(url: str, *, proc: subprocess.Popen | None = None,
                  deadline_s: float = READY_SECONDS) -> None:
    """Wait until ``url`` answers 2xx, failing at once if ``proc`` exits first."""
    if proc is None:
        wait_until(lambda: _answers_ok(url), what=f"{url} answering", deadline_s=deadline_s)
    elif not serving(url, proc, deadline_s=deadline_s):
        pytest.fail(f"{url}: the process exited ({proc.returncode}) first:\n{output_of(proc)}")
