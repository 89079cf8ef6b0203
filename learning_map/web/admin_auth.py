"""
Sign-in, sessions, CSRF and rate limits for the admin pages.

- **Passwords** are checked with werkzeug's ``check_password_hash``; an unknown user is
  checked against a dummy hash, so both take the same time.
- **Sessions** are Flask's signed cookies (``SECRET_KEY``), ``HttpOnly``, ``SameSite=Lax``,
  ``Secure`` when configured, valid for ``PERMANENT_SESSION_LIFETIME``. The user's role
  and district are read from the store on every request, never from the cookie; the
  cookie carries the user's session version, which sign-out and a password change bump, so
  an older cookie no longer signs anyone in (:func:`current_user`).
- **CSRF**: one random token per session, in a hidden field of every form, compared with
  :func:`secrets.compare_digest` on every POST (a few lines; no package needed).
- **Sign-in locks** that an attacker cannot turn against the owner: failures count per
  username *and client*, so failures from elsewhere never lock the owner out.
  ``LOGIN_MAX_FAILURES`` failures lock that pair for ``LOGIN_LOCK_SECONDS``, and each
  further failure after a lock doubles it (up to ``LOGIN_LOCK_MAX_SECONDS``). A client is
  a **known device** when it carries the signed, long-lived device cookie set at an
  earlier successful sign-in of that user: its tries count on their own key, whatever the
  failures from other clients (a shared office address or proxy included). Otherwise the
  client is its address (``request.remote_addr``, through ``TRUSTED_PROXIES`` proxies);
  one address also gets ``LOGIN_CLIENT_MAX_FAILURES`` failures over all usernames before
  its own back-off. A successful sign-in resets that client's counters.
- **Counters** live in memory, per worker process, on an injectable clock: in memory
  because a lock that needs no write keeps working when the store is busy, and sign-in
  guessing is slow anyway (pbkdf2); with W gunicorn workers an attacker gets at most W
  times the limit. Citizens' reports are counted per address and hour the same way.
"""

from __future__ import annotations

import math
import secrets
import threading
import time
from collections import deque
from typing import TYPE_CHECKING, Any

from flask import current_app, request, session, url_for
from itsdangerous import BadData, URLSafeTimedSerializer
from werkzeug.security import check_password_hash, generate_password_hash

from learning_map.errors import N_
from learning_map.store import admin as store_admin
from learning_map.web.page_words import SESSION_KEY as LANGUAGE_KEY
from learning_map.web.page_words import refuse

if TYPE_CHECKING:
    from collections.abc import Callable

    from werkzeug.wrappers import Response

    from learning_map.store import RegistryStore

CSRF_FIELD = "csrf_token"
LIMITS_KEY = "learning_map.admin.limits"
DEVICE_COOKIE = "learning_map_device"
DEVICE_SALT = "learning-map.known-device"
MAX_DEVICE_USERS = 8  # users remembered per browser (a shared office computer)
MAX_KEYS = 100_000  # counters kept before idle ones are dropped


class FailureLimiter:
    """Counts failures per key; ``max_failures`` within ``lock_seconds`` lock the key that long."""

    def __init__(self, max_failures: int, lock_seconds: float, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = max_failures
        self.lock_seconds = lock_seconds
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - self.lock_seconds:
            times.popleft()
        return times

    def retry_after(self, key: str) -> int:
        """Seconds until ``key`` may try again (0: not locked)."""
        now = self.clock()
        with self._lock:
            times = self._recent(key, now)
            if len(times) < self.max_failures:
                return 0
            return max(1, math.ceil(times[-self.max_failures] + self.lock_seconds - now))

    def fail(self, key: str) -> None:
        """Record one failure."""
        now = self.clock()
        with self._lock:
            self._recent(key, now).append(now)
            if len(self._failures) > MAX_KEYS:  # forget idle keys rather than grow without end
                for idle in [k for k, v in self._failures.items() if not v]:
                    del self._failures[idle]

    def reset(self, key: str) -> None:
        """Forget ``key``'s failures."""
        with self._lock:
            self._failures.pop(key, None)


class BackoffLimiter:
    """
    Exponential back-off per key.

    ``max_failures`` failures lock the key for ``lock_seconds`` from the last one; every
    failure after that (the key may try once more when a lock ends) doubles the lock, up
    to ``max_lock_seconds``. A key with no failure for its lock plus ``lock_seconds`` is
    forgotten, as is one :meth:`reset` (a successful sign-in).
    """

    def __init__(self, max_failures: int, lock_seconds: float, max_lock_seconds: float, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = max_failures
        self.lock_seconds = lock_seconds
        self.max_lock_seconds = max(lock_seconds, max_lock_seconds)
        self.clock = clock
        self._entries: dict[str, tuple[int, float]] = {}  # key: (failures, time of the last)
        self._lock = threading.Lock()

    def _lock_s(self, failures: int) -> float:
        over = failures - self.max_failures
        if over < 0:
            return 0.0
        return min(self.lock_seconds * 2.0 ** min(over, 64), self.max_lock_seconds)

    def _entry(self, key: str, now: float) -> tuple[int, float]:
        failures, last = self._entries.get(key, (0, now))
        if failures and now >= last + self._lock_s(failures) + self.lock_seconds:
            self._entries.pop(key, None)  # quiet long enough: forgotten
            return 0, now
        return failures, last

    def retry_after(self, key: str) -> int:
        """Seconds until ``key`` may try again (0: not locked)."""
        now = self.clock()
        with self._lock:
            failures, last = self._entry(key, now)
            wait = last + self._lock_s(failures) - now
            return max(1, math.ceil(wait)) if wait > 0 else 0

    def fail(self, key: str) -> None:
        """Record one failure."""
        now = self.clock()
        with self._lock:
            failures, _ = self._entry(key, now)
            self._entries[key] = (failures + 1, now)
            if len(self._entries) > MAX_KEYS:  # forget expired keys rather than grow without end
                for old in list(self._entries):
                    self._entry(old, now)

    def reset(self, key: str) -> None:
        """Forget ``key``'s failures."""
        with self._lock:
            self._entries.pop(key, None)


class Limits:
    """The per-worker counters: sign-in failures (per user and client, per client) and reports."""

    def __init__(self, config: Any, *, clock: Callable[[], float] = time.monotonic) -> None:
        lock_s, max_lock_s = config["LOGIN_LOCK_SECONDS"], config["LOGIN_LOCK_MAX_SECONDS"]
        self.logins = BackoffLimiter(config["LOGIN_MAX_FAILURES"], lock_s, max_lock_s, clock=clock)
        self.clients = BackoffLimiter(config["LOGIN_CLIENT_MAX_FAILURES"], lock_s, max_lock_s, clock=clock)
        self.reports = FailureLimiter(config["REPORTS_PER_HOUR"], 3600.0, clock=clock)

    def login_keys(self, username: str) -> list[tuple[BackoffLimiter, str]]:
        """
        The counters a sign-in as ``username`` from this request is judged on.

        A known device of the user: its own key only. Any other client: the pair
        (username, address) and the address over all usernames.
        """
        user = username.casefold()
        device = known_device(username)
        if device:
            return [(self.logins, f"user:{user}|device:{device}")]
        ip = client_ip()
        return [(self.logins, f"user:{user}|ip:{ip}"), (self.clients, f"ip:{ip}")]

    @staticmethod
    def login_wait(keys: list[tuple[BackoffLimiter, str]]) -> int:
        """Seconds until a sign-in on ``keys`` may be tried (0: now)."""
        return max(limiter.retry_after(key) for limiter, key in keys)

    @staticmethod
    def login_failed(keys: list[tuple[BackoffLimiter, str]]) -> None:
        """Count a failed sign-in on every key."""
        for limiter, key in keys:
            limiter.fail(key)

    def login_succeeded(self, username: str, keys: list[tuple[BackoffLimiter, str]]) -> None:
        """Reset this client's counters (never another client's: that would unlock an attacker)."""
        ip = client_ip()
        for limiter, key in [*keys, (self.logins, f"user:{username.casefold()}|ip:{ip}"),
                             (self.clients, f"ip:{ip}")]:
            limiter.reset(key)


def limits() -> Limits:
    """The counters of the running app."""
    return current_app.extensions[LIMITS_KEY]


# --------------------------------------------------------------------------- known devices


def _device_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=DEVICE_SALT)


def _device_cookie() -> dict[str, Any] | None:
    """The signed device cookie of this request (None when absent, forged or expired)."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw or len(raw) > 4096:
        return None
    try:
        value = _device_serializer().loads(raw, max_age=current_app.config["LOGIN_DEVICE_LIFETIME"])
    except BadData:
        return None
    if (not isinstance(value, dict) or not isinstance(value.get("d"), str)
            or not isinstance(value.get("u"), list)):
        return None
    return value


def known_device(username: str) -> str | None:
    """The device id of this browser when ``username`` signed in on it before (its signed cookie)."""
    value = _device_cookie()
    if value is None or username.casefold() not in value["u"]:
        return None
    return value["d"]


def remember_device(response: Response, username: str) -> None:
    """Make this browser a known device of ``username`` (after a successful sign-in)."""
    value = _device_cookie() or {"d": secrets.token_urlsafe(16), "u": []}
    user = username.casefold()
    users = [user, *(u for u in value["u"] if u != user)][:MAX_DEVICE_USERS]
    config = current_app.config
    response.set_cookie(
        DEVICE_COOKIE, _device_serializer().dumps({"d": value["d"], "u": users}),
        max_age=config["LOGIN_DEVICE_LIFETIME"], path=url_for("admin.login"), httponly=True,
        secure=config["SESSION_COOKIE_SECURE"], samesite="Strict",
    )


# A hash to check against when the user does not exist: the same work as a real check.
_DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(16), method="pbkdf2:sha256:600000")


def password_matches(user: dict[str, Any] | None, password: str) -> bool:
    """Whether ``password`` is the user's; the same work when there is no such user."""
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(user["password_hash"], password)


def client_ip() -> str:
    """
    The client's address: the peer's, or the one ``TRUSTED_PROXIES`` proxies reported.

    ProxyFix (:func:`learning_map.web.guard.guard_app`) sets ``remote_addr`` from the last
    ``TRUSTED_PROXIES`` entries of ``X-Forwarded-For``; with 0 (default) no header is trusted.
    """
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
        refuse(400, N_("The form's security token is missing or wrong; reload the page"))


SESSION_VERSION = "sv"


def clear_session() -> None:
    """Forget everything in the session but the language the user chose (:mod:`.page_words`)."""
    language = session.get(LANGUAGE_KEY)
    session.clear()
    if isinstance(language, str):
        session[LANGUAGE_KEY] = language


def start_session(user: dict[str, Any]) -> None:
    """A fresh session for a signed-in user (a new CSRF token; nothing from before survives but the language)."""
    clear_session()
    session.permanent = True
    session["user"] = user["username"]
    session[SESSION_VERSION] = int(user["session_version"])
    session[CSRF_FIELD] = secrets.token_urlsafe(32)


def current_user(store: RegistryStore) -> dict[str, Any] | None:
    """
    The signed-in user of this request, read from the store; None without a valid session.

    A cookie whose session version is not the user's (the user signed out, or the password
    changed, since it was issued) signs nobody in, even though its signature is good.
    """
    username = session.get("user")
    if not isinstance(username, str) or not username:
        return None
    user = store_admin.get_user(store, username)
    if user is None or session.get(SESSION_VERSION) != user["session_version"]:
        return None
    return user
