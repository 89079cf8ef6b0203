"""
Sign-in, sessions, CSRF and rate limits for the admin pages.

- **Passwords** are checked with werkzeug's ``check_password_hash``; an unknown user is
  checked against a dummy hash, so both take the same time.
- **Sessions** are Flask's signed cookies (``SECRET_KEY``), ``HttpOnly``, ``SameSite=Lax``,
  ``Secure`` when configured, valid for ``PERMANENT_SESSION_LIFETIME``. The user's role
  and district are read from the store on every request, never from the cookie.
- **CSRF**: one random token per session, in a hidden field of every form, compared with
  :func:`secrets.compare_digest` on every POST (a few lines; no package needed).
- **Rate limits** live in memory, per worker process: failed sign-ins per username and
  per IP (5 failures lock for 15 minutes by default), and citizens' reports per IP. In
  memory because a lock that needs no write keeps working when the store is busy, and
  sign-in guessing is slow anyway (pbkdf2); with W gunicorn workers an attacker gets at
  most W times the limit.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from typing import Any

from flask import abort, current_app, request, session
from werkzeug.security import check_password_hash, generate_password_hash

CSRF_FIELD = "csrf_token"
LIMITS_KEY = "learning_map.admin.limits"


class FailureLimiter:
    """Counts failures per key; ``max_failures`` within ``lock_seconds`` lock the key that long."""

    def __init__(self, max_failures: int, lock_seconds: float) -> None:
        self.max_failures = max_failures
        self.lock_seconds = lock_seconds
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - self.lock_seconds:
            times.popleft()
        return times

    def retry_after(self, key: str) -> int:
        """Seconds until ``key`` may try again (0: not locked)."""
        now = time.monotonic()
        with self._lock:
            times = self._recent(key, now)
            if len(times) < self.max_failures:
                return 0
            return max(1, int(times[-self.max_failures] + self.lock_seconds - now) + 1)

    def fail(self, key: str) -> None:
        """Record one failure."""
        now = time.monotonic()
        with self._lock:
            self._recent(key, now).append(now)
            if len(self._failures) > 100_000:  # forget idle keys rather than grow without end
                for idle in [k for k, v in self._failures.items() if not v]:
                    del self._failures[idle]

    def reset(self, key: str) -> None:
        """Forget ``key``'s failures (after a successful sign-in)."""
        with self._lock:
            self._failures.pop(key, None)


class Limits:
    """The per-worker counters: sign-in failures and citizens' reports."""

    def __init__(self, config: Any) -> None:
        self.logins = FailureLimiter(int(config["LOGIN_MAX_FAILURES"]), float(config["LOGIN_LOCK_SECONDS"]))
        self.reports = FailureLimiter(int(config["REPORTS_PER_HOUR"]), 3600.0)


def limits() -> Limits:
    """The counters of the running app."""
    return current_app.extensions[LIMITS_KEY]


# A hash to check against when the user does not exist: the same work as a real check.
_DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(16), method="pbkdf2:sha256:600000")


def password_matches(user: dict[str, Any] | None, password: str) -> bool:
    """Whether ``password`` is the user's; the same work when there is no such user."""
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(user["password_hash"], password)


def client_ip() -> str:
    """The client's address as the WSGI server saw it (no proxy headers are trusted)."""
    return request.remote_addr or "unknown"


def csrf_token() -> str:
    """The CSRF token of the current session, made on first use."""
    token = session.get(CSRF_FIELD)
    if not token:
        token = session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return token


def check_csrf() -> None:
    """Refuse (400) a POST whose form token is missing or differs from the session's."""
    sent = request.form.get(CSRF_FIELD, "")
    expected = session.get(CSRF_FIELD, "")
    if not sent or not expected or not secrets.compare_digest(sent.encode(), expected.encode()):
        abort(400, description="The form's security token is missing or wrong; reload the page"
                               " / 表单安全令牌缺失或无效，请刷新页面后重试")


def start_session(username: str) -> None:
    """A fresh session for a signed-in user (a new CSRF token; nothing from before survives)."""
    session.clear()
    session.permanent = True
    session["user"] = username
    session[CSRF_FIELD] = secrets.token_urlsafe(32)
