"""
Sign-in locks an attacker cannot turn against the owner (learning_map/web/admin_auth.py):
per username and client, exponential back-off, known devices, a trusted proxy count.

Every test runs on a hand-timed clock (no sleeps): ``clock.now`` is moved by hand.
"""

from __future__ import annotations

import re

import pytest
from werkzeug.security import generate_password_hash

from learning_map.store import admin as store_admin
from learning_map.store import open_store
from learning_map.web import admin_auth as auth
from learning_map.web import create_app
from tests.e2e.town import build_town

SECRET = "test-secret-key-0123456789abcdef"
PASSWORD = "correct horse battery staple"
WRONG = "not the password!!"
ATTACKER, OWNER = "203.0.113.66", "198.51.100.7"
LOCK_S = 900


class Clock:
    """A monotonic clock that moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    out = build_town(tmp_path_factory.mktemp("town") / "town")
    with open_store(out) as store:
        for name in ("boss", "nj"):
            store_admin.add_user(store, name, generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"),
                                 "city_admin", None)
    return out


def make_app(town, **config):
    app = create_app(town, test_config={"SECRET_KEY": SECRET, **config})
    app.clock = Clock()
    app.extensions[auth.LIMITS_KEY] = auth.Limits(app.config, clock=app.clock)
    return app


@pytest.fixture
def app(town):
    return make_app(town)


def login(client, username="boss", password=PASSWORD, ip=OWNER, **headers):
    page = client.get("/admin/login", environ_base={"REMOTE_ADDR": ip}, headers=headers)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    return client.post("/admin/login", data={"username": username, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": ip}, headers=headers).status_code


def test_failures_from_an_attacker_never_lock_the_owner_out(app):
    attacker = app.test_client()
    for _ in range(5):
        assert login(attacker, password=WRONG, ip=ATTACKER) == 401
    assert login(attacker, ip=ATTACKER) == 429  # the attacker's own pair is locked, right password or not
    # The owner, from another address, signs in at once (before: the username was locked for all).
    assert login(app.test_client(), ip=OWNER) == 302
    # Another user from the attacker's address is not locked either (4 failures are not a lock).
    assert login(app.test_client(), "nj", ip=ATTACKER) == 302


def test_the_lock_backs_off_exponentially(app):
    attacker = app.test_client()
    for _ in range(5):
        assert login(attacker, password=WRONG, ip=ATTACKER) == 401
    assert login(attacker, password=WRONG, ip=ATTACKER) == 429
    app.clock.now += LOCK_S - 1
    assert login(attacker, password=WRONG, ip=ATTACKER) == 429  # refused tries do not count
    app.clock.now += 2
    assert login(attacker, password=WRONG, ip=ATTACKER) == 401  # one more try after the lock ...
    app.clock.now += 2 * LOCK_S - 1
    assert login(attacker, password=WRONG, ip=ATTACKER) == 429  # ... and the next lock is twice as long
    app.clock.now += 2
    assert login(attacker, password=WRONG, ip=ATTACKER) == 401
    app.clock.now += 4 * LOCK_S - 1
    assert login(attacker, ip=ATTACKER) == 429
    app.clock.now += 2
    assert login(attacker, ip=ATTACKER) == 302


def test_the_longest_lock_is_capped(town):
    app = make_app(town, LOGIN_LOCK_MAX_SECONDS="1h")
    attacker = app.test_client()
    for failure in range(12):
        assert login(attacker, password=WRONG, ip=ATTACKER) == 401, failure
        app.clock.now += 3600 + 1  # the lock never exceeds an hour (15 min * 2^n would)


def test_a_known_device_is_not_blocked_by_failures_from_its_own_address(app):
    # The owner signed in on this browser before: it carries the signed device cookie.
    owner = app.test_client()
    assert login(owner, ip=OWNER) == 302
    assert owner.get_cookie(auth.DEVICE_COOKIE, path="/admin/login") is not None
    owner.post("/admin/logout", data={"csrf_token": re.search(
        r'name="csrf_token" value="([^"]+)"', owner.get("/admin/registry").get_data(as_text=True)).group(1)})
    # An attacker behind the same address (office NAT, or a proxy not configured) fails 60 times.
    for _ in range(60):
        login(app.test_client(), password=WRONG, ip=OWNER)
    assert login(app.test_client(), ip=OWNER) == 429  # a new browser there is locked ...
    assert login(owner, ip=OWNER) == 302  # ... the owner's known browser is not


def test_a_known_devices_own_failures_still_back_off(app):
    owner = app.test_client()
    assert login(owner, ip=OWNER) == 302
    for _ in range(5):
        assert login(owner, password=WRONG, ip=OWNER) == 401
    assert login(owner, ip=OWNER) == 429
    app.clock.now += LOCK_S + 1
    assert login(owner, ip=OWNER) == 302


def test_a_forged_or_foreign_device_cookie_counts_for_nothing(app):
    for _ in range(5):
        login(app.test_client(), password=WRONG, ip=OWNER)
    forged = app.test_client()
    forged.set_cookie(auth.DEVICE_COOKIE, "eyJkIjoiYSIsInUiOlsiYm9zcyJdfQ.forged.sig", path="/admin/login")
    assert login(forged, ip=OWNER) == 429
    # nj's known device is not boss's.
    nj = app.test_client()
    app.clock.now += LOCK_S + 1
    assert login(nj, "nj", ip=ATTACKER) == 302
    for _ in range(5):
        login(app.test_client(), password=WRONG, ip=ATTACKER)
    assert login(nj, "boss", ip=ATTACKER) == 429


def test_a_successful_sign_in_resets_the_clients_counters(app):
    client = app.test_client()
    for _ in range(4):
        assert login(client, password=WRONG, ip=OWNER) == 401
    assert login(client, ip=OWNER) == 302
    other = app.test_client()  # a new browser at the same address: the count starts again
    for _ in range(4):
        assert login(other, password=WRONG, ip=OWNER) == 401
    assert login(other, ip=OWNER) == 302


def test_one_address_guessing_many_usernames_backs_off(town):
    app = make_app(town, LOGIN_CLIENT_MAX_FAILURES=6)
    for number in range(6):
        assert login(app.test_client(), f"guess{number}", WRONG, ip=ATTACKER) == 401
    assert login(app.test_client(), "boss", ip=ATTACKER) == 429
    assert login(app.test_client(), "boss", ip=OWNER) == 302


def test_clients_behind_a_trusted_proxy_are_told_apart(town):
    proxy = "10.0.0.2"
    behind = make_app(town, TRUSTED_PROXIES=1)
    for _ in range(5):
        assert login(behind.test_client(), password=WRONG, ip=proxy, **{"X-Forwarded-For": ATTACKER}) == 401
    assert login(behind.test_client(), ip=proxy, **{"X-Forwarded-For": ATTACKER}) == 429
    assert login(behind.test_client(), ip=proxy, **{"X-Forwarded-For": OWNER}) == 302
    # Without the setting no header is trusted: a forged X-Forwarded-For does not escape a lock.
    direct = make_app(town)
    for _ in range(5):
        login(direct.test_client(), password=WRONG, ip=ATTACKER, **{"X-Forwarded-For": "192.0.2.1"})
    assert login(direct.test_client(), ip=ATTACKER, **{"X-Forwarded-For": "192.0.2.99"}) == 429
