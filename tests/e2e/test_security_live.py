"""
Issue 18's admin and privacy guarantees against a live `learning-map serve` (gunicorn, the
event-loop worker), as an attacker and an owner meet them: requests from different loopback
addresses are different clients.

- An attacker's failed sign-ins never lock the owner out (per username *and* client).
- Sign-out ends the session on the server: a copied cookie is dead afterwards.
- Admin pages and answers that carry a citizen's position are never cached.
- A 40,000-character name in an upload is one rejected row naming the field; the rest loads.
"""

from __future__ import annotations

import http.client
import re
import urllib.parse

import pytest
import requests
from werkzeug.security import generate_password_hash

from learning_map.store import admin as store_admin
from tests.conftest import running_server

PASSWORD = "correct horse battery staple"
SESSION_SECRET = "test-secret-key-0123456789abcdef"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def server(macau_bundle, tmp_path_factory):
    """One worker (its sign-in counters are the server's), admin on, the registry beside it."""
    from learning_map.store import open_store

    city = tmp_path_factory.mktemp("registry")
    with open_store(city) as store:
        store_admin.add_user(store, "boss", generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"),
                             "city_admin", None)
    env = {"LEARNING_MAP_SECRET_KEY": SESSION_SECRET, "LEARNING_MAP_REGISTRY_DIR": str(city),
           "LEARNING_MAP_UPLOAD_DIR": str(tmp_path_factory.mktemp("uploads"))}
    with running_server(macau_bundle, "--workers", "1", env=env) as base:
        yield base


def sign_in_from(base: str, source: str, password: str) -> int:
    """A browser at ``source`` (a 127.x address) signs in as boss: the answer's status."""
    url = urllib.parse.urlsplit(base)

    def request(method: str, path: str, body: str | None = None, cookie: str = "") -> tuple[int, str, str]:
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60, source_address=(source, 0))
        try:
            headers = {"Cookie": cookie} if cookie else {}
            if body is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            cookies = "; ".join(c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or [])
            return response.status, response.read().decode(), cookies
        finally:
            conn.close()

    _, page, cookie = request("GET", "/admin/login")
    form = urllib.parse.urlencode({"username": "boss", "password": password,
                                   "csrf_token": TOKEN.search(page)[1]})
    status, _, _ = request("POST", "/admin/login", form, cookie)
    return status


def signed_in(base: str) -> requests.Session:
    session = requests.Session()
    token = TOKEN.search(session.get(base + "/admin/login", timeout=60).text)[1]
    answer = session.post(base + "/admin/login", data={"username": "boss", "password": PASSWORD,
                                                       "csrf_token": token}, allow_redirects=False, timeout=60)
    assert answer.status_code == 302, answer.text[:300]
    return session


def test_an_attacker_cannot_lock_the_owner_out(server):
    statuses = [sign_in_from(server, "127.0.0.21", "wrong password") for _ in range(7)]
    assert statuses[0] == 401
    assert statuses[-1] == 429  # the attacker's own client is locked
    assert sign_in_from(server, "127.0.0.22", PASSWORD) == 302  # the owner, elsewhere, is not


def test_sign_out_ends_the_session_on_the_server(server):
    session = signed_in(server)
    copied = requests.Session()
    copied.cookies.update(session.cookies)  # a stolen copy of the cookie
    assert copied.get(server + "/admin/upload", allow_redirects=False, timeout=60).status_code == 200
    page = session.get(server + "/admin/upload", timeout=60).text
    out = session.post(server + "/admin/logout", data={"csrf_token": TOKEN.search(page)[1]},
                       allow_redirects=False, timeout=60)
    assert out.status_code in (302, 303)
    again = copied.get(server + "/admin/upload", allow_redirects=False, timeout=60)
    assert again.status_code == 302
    assert "/admin/login" in again.headers["Location"]


def test_admin_pages_and_positions_are_never_cached(server):
    session = signed_in(server)
    assert session.get(server + "/admin/upload", timeout=60).headers["Cache-Control"] == "no-store"
    reachable = requests.get(server + "/api/reachable?lon=113.5435&lat=22.1987&minutes=15", timeout=60)
    assert reachable.status_code == 200
    assert reachable.headers["Cache-Control"] == "no-store"


def test_a_huge_name_is_one_rejected_row_and_the_rest_loads(server):
    session = signed_in(server)
    token = TOKEN.search(session.get(server + "/admin/upload", timeout=60).text)[1]
    rows = ["name,category,lon,lat,id", f"{'长' * 40_000},library,113.5435,22.1987,big",
            "Biblioteca Central,library,113.5440,22.1990,ok1"]
    answer = session.post(server + "/admin/upload", data={"csrf_token": token, "year": "2025",
                                                          "coords": "wgs84"},
                          files={"file": ("名录.csv", "\n".join(rows).encode())}, timeout=120)
    assert answer.status_code == 200, answer.text[:300]
    assert "名稱有 40,000 個字元，超過上限 255" in answer.text  # Macau's admin pages speak 繁體
    assert "Biblioteca Central" in answer.text  # the good row is ready to import
