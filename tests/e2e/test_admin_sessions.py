"""
Sessions end on the server (users.session_version, migration 6), on both store backends,
and pages that hold private data or a citizen's position are never cached.
"""

from __future__ import annotations

import re

import pytest
from werkzeug.security import generate_password_hash

from learning_map.store import admin as store_admin
from learning_map.web import create_app
from tests.e2e.town import build_town, town_library_lonlat

SECRET = "test-secret-key-0123456789abcdef"
PASSWORD = "correct horse battery staple"
SESSION = "learning_map_session"


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    return build_town(tmp_path_factory.mktemp("town") / "town")


@pytest.fixture
def app(town, store_target):
    store = store_target.open()
    store_admin.add_user(store, "boss", generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"),
                         "city_admin", None)
    return create_app(town, test_config={
        "SECRET_KEY": SECRET, "REGISTRY_DIR": str(store_target.bundle_dir), "DATABASE_URL": store_target.url,
        "DATABASE_SCHEMA": store_target.schema, "PLANNER_LOGIN": True})


def token_of(response) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True)).group(1)


def signed_in(app):
    client = app.test_client()
    response = client.post("/admin/login", data={"username": "boss", "password": PASSWORD,
                                                 "csrf_token": token_of(client.get("/admin/login"))})
    assert response.status_code == 302
    assert client.get("/admin/registry").status_code == 200
    return client


def replay(app, cookie: str):
    """A new browser holding a copied session cookie."""
    thief = app.test_client()
    thief.set_cookie(SESSION, cookie)
    return thief


def test_a_session_cookie_is_dead_after_sign_out(app):
    owner = signed_in(app)
    stolen = owner.get_cookie(SESSION).value
    other_browser = signed_in(app)
    assert replay(app, stolen).get("/admin/registry").status_code == 200  # a copy works while signed in
    owner.post("/admin/logout", data={"csrf_token": token_of(owner.get("/admin/registry"))})
    for client in (replay(app, stolen), other_browser):  # sign-out ends every session of the user
        response = client.get("/admin/registry")
        assert response.status_code == 302
        assert response.headers["Location"] == "/admin/login"
        assert client.get("/api/planner/units").status_code == 401  # the planner's login too
        assert client.get("/planner").status_code == 302
    assert signed_in(app).get("/planner").status_code == 200  # signing in again works


def test_a_password_change_ends_every_session(app, store_target, runner):
    owner = signed_in(app)
    result = runner.invoke(["user", "password", str(store_target.bundle_dir), "boss", "--password-stdin",
                            *store_target.cli_args()], input="a brand new passphrase\n")
    assert result.exit_code == 0, result.output
    assert owner.get("/admin/registry").status_code == 302
    client = app.test_client()
    response = client.post("/admin/login", data={"username": "boss", "password": "a brand new passphrase",
                                                 "csrf_token": token_of(client.get("/admin/login"))})
    assert response.status_code == 302
    missing = runner.invoke(["user", "password", str(store_target.bundle_dir), "nobody", "--password-stdin",
                             *store_target.cli_args()], input="a brand new passphrase\n")
    assert missing.exit_code == 1
    assert "no user 'nobody'" in missing.output


def test_admin_pages_and_position_answers_are_never_stored(app):
    owner = signed_in(app)
    for path in ("/admin/login", "/admin/registry", "/admin/site/none", "/admin/upload"):
        assert owner.get(path).headers.get("Cache-Control") == "no-store", path
    lon, lat = town_library_lonlat()
    citizen = app.test_client()
    for path in (f"/api/reachable?lon={lon}&lat={lat}&minutes=5",
                 f"/api/route?from_lon={lon}&from_lat={lat}&site_id=lib",
                 f"/api/search?q=lib&lon={lon}&lat={lat}", f"/api/walk?lon={lon}&lat={lat}&minutes=30",
                 "/api/reachable?lon=1&lat=2"):  # an error answer echoes the position too
        response = citizen.get(path)
        assert response.headers.get("Cache-Control") == "no-store", (path, response.status_code)
