"""
The admin pages (/admin) and citizens' reports (POST /api/reports), on both store backends.

Each test signs in through the real login form and sends the CSRF token the pages hand
out; "nothing changed" is checked with the store's own dump (byte for byte).
"""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from werkzeug.security import generate_password_hash

from learning_map.errors import LearningMapError
from learning_map.store import admin as store_admin
from tests.conftest import IMG_XSS, JINJA_EXPR

SECRET = "test-secret-key-0123456789abcdef"
PASSWORD = "correct horse battery staple"
CHEAP = "pbkdf2:sha256:1000"  # fast hashes for test users; the CLI uses 600,000 rounds
NANJING_EAST, BUND = "310101002000", "310101013000"  # official 12-digit codes (Shanghai, 黄浦区)


def seed_sites() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"site_id": ["A1", "B1"], "name": ["南京东路社区学校", "外滩图书馆"],
         "category": ["community_learning", "library"], "district": [NANJING_EAST, BUND]},
        geometry=shapely.points([[113.54, 22.19], [113.55, 22.195]]), crs="EPSG:4326",
    )


@pytest.fixture
def admin_app(macau_bundle, store_target, tmp_path):
    from learning_map.web import create_app

    store = store_target.open()
    store.import_sites(seed_sites(), year=2024, source="seed.csv")
    store_admin.load_districts(store, {NANJING_EAST: "南京东路街道", BUND: "外滩街道"})
    store_admin.add_user(store, "boss", generate_password_hash(PASSWORD, method=CHEAP), "city_admin", None)
    store_admin.add_user(store, "nj", generate_password_hash(PASSWORD, method=CHEAP),
                         "district_editor", NANJING_EAST)
    app = create_app(macau_bundle, test_config={
        "SECRET_KEY": SECRET, "REGISTRY_DIR": str(store_target.bundle_dir),
        "DATABASE_URL": store_target.url, "DATABASE_SCHEMA": store_target.schema,
        "UPLOAD_DIR": str(tmp_path / "uploads"), "REPORTS_PER_HOUR": 3,
    })
    app.store = store  # the test's own view of the registry
    return app


@pytest.fixture
def web(admin_app):
    return admin_app.test_client()


def dump(store, tmp_path, name: str) -> bytes:
    return store.dump(tmp_path / name).read_bytes()


def token_of(response) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True))
    assert match, response.get_data(as_text=True)[:500]
    return match.group(1)


def login(client, username: str = "boss", password: str = PASSWORD, **kwargs):
    token = token_of(client.get("/admin/login"))
    return client.post("/admin/login", data={"username": username, "password": password,
                                             "csrf_token": token}, **kwargs)


def signed_in(client, username: str = "boss") -> str:
    """Sign in and return the session's CSRF token."""
    response = login(client, username)
    assert response.status_code == 302, response.get_data(as_text=True)
    return token_of(client.get("/admin/registry"))


def session_cookie(response) -> str:
    """The Set-Cookie line of the session (a sign-in also sets the known-device cookie)."""
    [line] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("learning_map_session=")]
    return line


# ------------------------------------------------------------------ enabling and config


def test_no_admin_without_a_secret(client, app, macau_bundle, tmp_path):
    # The default app (no secret): /admin and /api/reports do not exist, and are not documented.
    for path in ("/admin/", "/admin/login", "/admin/registry"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json["error"]["message_id"] == "Not found"
    assert client.post("/api/reports", json={"message": "x"}).status_code == 404
    assert "/api/reports" not in client.get("/openapi.json").json["paths"]
    assert app.config["ADMIN_ENABLED"] is False
    # Asking for admin without a secret (or with a short one) stops create_app with one sentence.
    from learning_map.web import create_app

    for config in ({"ADMIN_ENABLED": True}, {"SECRET_KEY": "short"}):
        with pytest.raises(LearningMapError, match=r"LEARNING_MAP_SECRET_KEY.* / 启用管理页面须设置"):
            create_app(macau_bundle, test_config={**config, "REGISTRY_DIR": str(tmp_path)})
    # A secret with admin turned off: still no admin pages.
    off = create_app(macau_bundle, test_config={"SECRET_KEY": SECRET, "ADMIN_ENABLED": False})
    assert off.test_client().get("/admin/login").status_code == 404


ADMIN_GETS = ["/admin/", "/admin/registry", "/admin/registry?year=2024", "/admin/site/A1",
              "/admin/upload", "/admin/reports"]
ADMIN_POSTS = ["/admin/publish", "/admin/site/A1/edit", "/admin/site/A1/close", "/admin/upload",
               "/admin/reports/1/done", "/admin/logout", "/admin/upload/" + "x" * 43 + "/confirm"]


def test_every_admin_page_needs_a_signed_in_user(web, admin_app, tmp_path):
    before = dump(admin_app.store, tmp_path, "before.jsonl")
    for path in ADMIN_GETS:
        response = web.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == "/admin/login", path
    for path in ADMIN_POSTS:
        response = web.post(path, data={"year": "2025", "name": "hijacked"})
        assert response.status_code == 302, path
        assert response.headers["Location"] == "/admin/login"
    assert dump(admin_app.store, tmp_path, "after.jsonl") == before
    assert store_admin.publications(admin_app.store) == {}
    # The login page itself is served, under the app's strict CSP, with no inline script.
    page = web.get("/admin/login")
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert "<script" not in page.get_data(as_text=True)
    # In the city's own script (Macau: 繁體) when neither the page nor the browser names a language.
    assert '<html lang="zh-Hant">' in page.get_data(as_text=True)
    assert "用戶名稱" in page.get_data(as_text=True)


def test_sign_in_sets_a_hardened_session_cookie_and_sign_out_ends_it(web, admin_app):
    response = login(web)
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/registry"
    cookie = session_cookie(response)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie
    page = web.get("/admin/registry")
    assert page.status_code == 200
    assert "boss" in page.get_data(as_text=True)
    web.post("/admin/logout", data={"csrf_token": token_of(page)})
    assert web.get("/admin/registry").status_code == 302
    admin_app.config["SESSION_COOKIE_SECURE"] = True
    assert "Secure" in session_cookie(login(web))


def test_wrong_password_is_rejected_and_failures_lock_this_user_from_this_client(web, admin_app):
    for _ in range(5):
        response = login(web, password="wrong password!!")
        assert response.status_code == 401
        assert "用戶名稱或密碼錯誤" in response.get_data(as_text=True)
        assert web.get("/admin/registry").status_code == 302
    # The sixth try is refused even with the right password ...
    locked = login(web)
    assert locked.status_code == 429
    assert "分鐘後再試" in locked.get_data(as_text=True)
    assert int(locked.headers["Retry-After"]) > 0
    assert web.get("/admin/registry").status_code == 302
    # ... but only for this user from this address: failures elsewhere never lock the owner out
    # (tests/e2e/test_admin_lockout.py has the back-off, known devices and proxies).
    assert login(admin_app.test_client(), environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 302
    assert login(admin_app.test_client(), "nj").status_code == 302


def test_every_post_needs_the_sessions_csrf_token(web, admin_app, tmp_path):
    # Even sign-in: a form without the token is refused.
    response = web.post("/admin/login", data={"username": "boss", "password": PASSWORD})
    assert response.status_code == 400
    assert "安全權杖" in response.json["error"]["message"]
    token = signed_in(web)
    before = dump(admin_app.store, tmp_path, "before.jsonl")
    for sent in (None, "", "wrong-" + token[6:], token + "x"):
        data = {"year": "2025", "name": "hijacked"} | ({"csrf_token": sent} if sent is not None else {})
        for path in ("/admin/site/A1/edit", "/admin/site/A1/close", "/admin/publish"):
            refused = web.post(path, data=data)
            assert refused.status_code == 400, (path, sent)
    assert dump(admin_app.store, tmp_path, "after.jsonl") == before
    assert store_admin.publications(admin_app.store) == {}
    # With the right token the same edit goes through.
    done = web.post("/admin/site/A1/edit", data={"year": "2025", "name": "新名称", "csrf_token": token})
    assert done.status_code == 302
    assert admin_app.store.history("A1")["new_value"].tolist()[-1] == "新名称"


def test_a_district_editor_edits_only_their_district(web, admin_app, tmp_path):
    token = signed_in(web, "nj")
    registry_page = web.get("/admin/registry?year=2024").get_data(as_text=True)
    assert "南京东路街道" in registry_page
    assert "外滩街道" in registry_page
    # Own district: edit and close write history rows.
    own = web.post("/admin/site/A1/edit", data={"year": "2025", "address": "南京东路 1 号",
                                                "capacity": "40", "csrf_token": token})
    assert own.status_code == 302
    history = admin_app.store.history("A1")
    assert set(history["field"].dropna()) >= {"address", "capacity"}
    assert history["changed_by"].tolist() == [None, "nj", "nj"]  # the import, then the editor
    before = dump(admin_app.store, tmp_path, "before.jsonl")
    # Another district's site: 403 for edit and close; the site page offers no form.
    assert web.post("/admin/site/B1/edit", data={"year": "2025", "name": "x", "csrf_token": token}).status_code == 403
    assert web.post("/admin/site/B1/close", data={"year": "2025", "csrf_token": token}).status_code == 403
    page = web.get("/admin/site/B1").get_data(as_text=True)
    assert "/admin/site/B1/edit" not in page
    assert "只能查看" in page
    # Nor may an editor upload, publish or read the reports queue.
    assert web.get("/admin/upload").status_code == 403
    assert web.post("/admin/publish", data={"year": "2024", "csrf_token": token}).status_code == 403
    assert web.get("/admin/reports").status_code == 403
    assert dump(admin_app.store, tmp_path, "after.jsonl") == before
    # Closing their own site works and is history.
    assert web.post("/admin/site/A1/close", data={"year": "2026", "csrf_token": token}).status_code == 302
    assert "A1" not in set(admin_app.store.sites_as_of(2026)["site_id"])
    assert admin_app.store.history("A1")["action"].tolist()[-1] == "closed"
    assert admin_app.store.history("A1")["changed_by"].tolist()[-1] == "nj"


def test_the_site_page_shows_who_changed_what_escaped(web, admin_app):
    hostile = "<b>alice</b>&" + JINJA_EXPR
    store_admin.add_user(admin_app.store, hostile, generate_password_hash(PASSWORD, method=CHEAP),
                         "city_admin", None)
    token = signed_in(web, hostile)
    response = web.post("/admin/site/B1/edit", data={"year": "2025", "phone": "+853 2800 0000",
                                                     "csrf_token": token})
    assert response.status_code == 302
    assert web.post("/admin/site/B1/close", data={"year": "2026", "csrf_token": token}).status_code == 302
    assert admin_app.store.history("B1")["changed_by"].tolist() == [None, hostile, hostile]
    page = web.get("/admin/site/B1").get_data(as_text=True)
    cells = re.findall(r'<td data-testid="changed-by">(.*?)</td>', page)
    assert cells == ["", html.escape(hostile), html.escape(hostile)]
    assert "<b>alice</b>" not in page
    assert "<th>操作人</th>" in page


def registry_csv() -> bytes:
    rows = [
        "编号,名称,类别,经度,纬度,地址,区",
        f"C1,{IMG_XSS},library,113.5412,22.1912,{JINJA_EXPR},{BUND}",
        "C2,老年学习点,老年大学,113.5421,22.1921,澳门,",
        "C3,缺坐标,library,,22.1,,",             # line 4: no longitude
        "C4,未知类别,spaceport,113.54,22.19,,",   # line 5: unknown category
        "C5,外滩图书馆,library,113.55,22.195,,",  # same name as B1: a likely duplicate
    ]
    return ("\n".join(rows) + "\n").encode("utf-8")


def upload(client, token: str, content: bytes, name: str = "2025年名录.csv", year: str = "2025"):
    return client.post("/admin/upload", data={
        "csrf_token": token, "year": year, "coords": "wgs84",
        "file": (io.BytesIO(content), name),
    }, content_type="multipart/form-data")


def test_an_upload_shows_its_report_and_changes_nothing_until_confirmed(web, admin_app, tmp_path):
    token = signed_in(web)
    web.get("/admin/registry?lang=en")  # English from here on
    before = dump(admin_app.store, tmp_path, "before.jsonl")
    response = upload(web, token, registry_csv())
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    # The report: counts, each rejected row with its line and reason, the likely duplicate.
    assert "3 sites to import (3 new, 0 already registered)," in page
    assert "2 rows rejected." in page
    rejected = re.search(r'data-testid="rejected">(.*?)</table>', page, re.S).group(1)
    assert "<td>4</td>" in rejected
    assert "<td>5</td>" in rejected
    assert "longitude" in rejected.lower() or "经度" in rejected
    assert "category" in rejected.lower() or "类别" in rejected
    assert "缺坐标" in rejected  # each rejected row's original values
    duplicates = re.search(r'data-testid="duplicates">(.*?)</table>', page, re.S).group(1)
    assert "C5" in duplicates
    assert "B1" in duplicates
    # Payloads are text: escaped in the HTML, never markup, never evaluated as a template.
    assert html.escape(IMG_XSS, quote=False) in page
    assert IMG_XSS not in page
    assert JINJA_EXPR in page
    # Nothing changed yet.
    assert dump(admin_app.store, tmp_path, "after-upload.jsonl") == before
    # Another session cannot confirm this upload, even with its own valid CSRF token.
    pending = re.search(r"/admin/upload/([A-Za-z0-9_-]+)/confirm", page).group(1)
    intruder = admin_app.test_client()
    intruder_token = signed_in(intruder)
    assert intruder.post(f"/admin/upload/{pending}/confirm",
                         data={"csrf_token": intruder_token}).status_code == 404
    assert dump(admin_app.store, tmp_path, "after-intruder.jsonl") == before
    # Confirm imports the good rows, once.
    confirmed = web.post(f"/admin/upload/{pending}/confirm", data={"csrf_token": token})
    assert confirmed.status_code == 200
    assert '<th>Added</th><td data-field="added">3</td>' in confirmed.get_data(as_text=True)
    assert {"C1", "C2", "C5"} <= set(admin_app.store.sites_as_of(2025)["site_id"])
    log = admin_app.store.imports()
    assert log["source"].tolist()[-1] == "2025年名录.csv"
    assert log["rejected"].tolist()[-1] == 2
    assert web.post(f"/admin/upload/{pending}/confirm", data={"csrf_token": token}).status_code == 404
    assert not any((tmp_path / "uploads").iterdir())  # the pending copy is gone
    # The registry page shows the hostile name as text.
    listing = web.get("/admin/registry?year=2025").get_data(as_text=True)
    assert html.escape(IMG_XSS, quote=False) in listing
    assert IMG_XSS not in listing


def test_a_discarded_or_unreadable_upload_changes_nothing(web, admin_app, tmp_path):
    token = signed_in(web)
    before = dump(admin_app.store, tmp_path, "before.jsonl")
    page = upload(web, token, registry_csv()).get_data(as_text=True)
    pending = re.search(r"/admin/upload/([A-Za-z0-9_-]+)/discard", page).group(1)
    assert web.post(f"/admin/upload/{pending}/discard", data={"csrf_token": token}).status_code == 302
    assert web.post(f"/admin/upload/{pending}/confirm", data={"csrf_token": token}).status_code == 404
    # A file the reader cannot use: one sentence, nothing pending, nothing imported.
    bad = upload(web, token, "\x00\x01garbage".encode("utf-16-le")[:7] + b"\xff\xfe\x00", name="bad.csv")
    assert bad.status_code == 400
    assert 'data-testid="error"' in bad.get_data(as_text=True)
    wrong_type = upload(web, token, b"MZ...", name="tool.exe")
    assert wrong_type.status_code == 400
    assert dump(admin_app.store, tmp_path, "after.jsonl") == before


def test_an_upload_over_the_size_limit_is_413(web, admin_app, tmp_path):
    token = signed_in(web)
    admin_app.config["MAX_CONTENT_LENGTH"] = 4096
    before = dump(admin_app.store, tmp_path, "before.jsonl")
    response = upload(web, token, b"x" * 10_000)
    assert response.status_code == 413
    assert response.json["error"]["message"].endswith("请求内容过大")
    assert dump(admin_app.store, tmp_path, "after.jsonl") == before


def test_publishing_records_the_year_and_shows_it(web, admin_app):
    token = signed_in(web)
    draft = web.get("/admin/registry?year=2024").get_data(as_text=True)
    assert "草稿" in draft
    assert web.post("/admin/publish", data={"year": "2024", "csrf_token": token}).status_code == 302
    published = store_admin.publications(admin_app.store)
    assert list(published) == [2024]
    assert published[2024]["published_by"] == "boss"
    page = web.get("/admin/registry?year=2024").get_data(as_text=True)
    assert "已發佈" in page
    assert 'data-testid="publish"' not in page
    assert "草稿" in web.get("/admin/registry?year=2025").get_data(as_text=True)
    # Publishing again records nothing new.
    web.post("/admin/publish", data={"year": "2024", "csrf_token": token})
    assert store_admin.publications(admin_app.store)[2024]["published_at"] == published[2024]["published_at"]


def test_a_citizens_report_reaches_the_queue_and_is_marked_done(web, admin_app):
    created = web.post("/api/reports", json={"message": f"地址错了 {IMG_XSS}", "site_id": None,
                                             "contact": "+853 2835 1234"})
    assert created.status_code == 201
    report_id = created.json["id"]
    site_id = str(admin_app.extensions["learning_map"].bundle.sites["site_id"].iloc[0])
    assert web.post("/api/reports", json={"message": "电话已停用", "site_id": site_id},
                    headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}).status_code == 201
    # Refused: other sites, bad bodies; none of these is stored.
    refused = [
        ({"message": "x"}, {"Origin": "https://evil.example"}, 403),
        ({"message": "x"}, {"Sec-Fetch-Site": "cross-site"}, 403),
        ({"message": "x" * 1001}, {}, 400),
        ({"message": "   "}, {}, 400),
        ({"message": "a\x00b"}, {}, 400),
        ({"message": "x", "site_id": "no-such-site"}, {}, 400),
        ({"message": "x", "admin": True}, {}, 400),
        (["x"], {}, 400),
    ]
    for body, headers, status in refused:
        response = web.post("/api/reports", json=body, headers=headers)
        assert response.status_code == status, (body, headers)
        assert "error" in response.json
    assert web.post("/api/reports", data="message=x").status_code == 415
    # The fourth stored report from this address within the hour is refused (limit 3).
    assert web.post("/api/reports", json={"message": "third"}).status_code == 201
    limited = web.post("/api/reports", json={"message": "fourth"})
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    stored = store_admin.reports(admin_app.store)
    assert [r["message"] for r in stored] == ["third", "电话已停用", f"地址错了 {IMG_XSS}"]
    # The queue shows them (as text) and a city admin marks one done.
    token = signed_in(web)
    queue = web.get("/admin/reports").get_data(as_text=True)
    assert html.escape(f"地址错了 {IMG_XSS}", quote=False) in queue
    assert IMG_XSS not in queue
    assert web.post(f"/admin/reports/{report_id}/done", data={"csrf_token": token}).status_code == 302
    done = {r["id"]: r for r in store_admin.reports(admin_app.store)}[report_id]
    assert (done["status"], done["handled_by"]) == ("done", "boss")
    assert f"<td>{report_id}</td>" not in web.get("/admin/reports").get_data(as_text=True)
    assert web.post(f"/admin/reports/{report_id}/done", data={"csrf_token": token}).status_code == 404


def test_the_openapi_document_describes_reports_when_admin_is_on(web, admin_app):
    doc = web.get("/openapi.json").json
    operation = doc["paths"]["/api/reports"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["message"]
    assert schema["properties"]["message"]["maxLength"] == 1000
    assert schema["additionalProperties"] is False
    assert {"201", "400", "403", "413", "415", "429"} <= set(operation["responses"])
    sites = admin_app.extensions["learning_map"].bundle.sites["site_id"]
    assert set(schema["properties"]["site_id"]["enum"]) == {*map(str, sites), None}


# ------------------------------------------------------------------ the command line


def test_user_add_stores_a_hashed_password_and_signs_in(runner, store_target, macau_bundle, tmp_path):
    folder, args = str(store_target.bundle_dir), store_target.cli_args()
    units = tmp_path / "units.geojson"
    units.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [121.48, 31.24]},
         "properties": {"official_control_code_2023": BUND, "official_control_name_2023": "外滩街道"}},
    ]}), encoding="utf-8")
    result = runner.invoke(["user", "districts", folder, str(units), *args])
    assert result.exit_code == 0, result.output
    result = runner.invoke(["user", "add", folder, "boss", "--role", "city_admin", "--password-stdin", *args],
                           input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    result = runner.invoke(["user", "add", folder, "ed", "--role", "district_editor", "--district", "外滩街道",
                            "--password-stdin", *args], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "外滩街道, 310101013000" in result.output
    store = store_target.open()
    boss, editor = store_admin.get_user(store, "boss"), store_admin.get_user(store, "ed")
    assert boss["password_hash"].startswith("pbkdf2:sha256:600000$")
    assert PASSWORD not in boss["password_hash"]
    assert (editor["role"], editor["district"]) == ("district_editor", BUND)  # the code, not the name
    # Mistakes: one sentence, exit 1, nothing added.
    mistakes = [
        (["user", "add", folder, "boss", "--role", "city_admin", "--password-stdin"], PASSWORD, "already exists"),
        (["user", "add", folder, "x", "--role", "district_editor", "--password-stdin"], PASSWORD, "--district"),
        (["user", "add", folder, "y", "--role", "district_editor", "--district", "火星", "--password-stdin"],
         PASSWORD, "unknown district"),
        (["user", "add", folder, "z", "--role", "city_admin", "--password-stdin"], "short", "12 characters"),
        (["user", "add", folder, "bad name", "--role", "city_admin", "--password-stdin"], PASSWORD, "letters"),
    ]
    for command, password, text in mistakes:
        result = runner.invoke([*command, *args], input=password + "\n")
        assert result.exit_code == 1, command
        assert text in result.output
    for name in ("x", "y", "z", "bad name"):
        assert store_admin.get_user(store, name) is None
    # The password is never an option.
    result = runner.invoke(["user", "add", folder, "p", "--role", "city_admin", "--password", PASSWORD])
    assert result.exit_code == 1
    # The user signs in to the admin pages.
    from learning_map.web import create_app

    app = create_app(macau_bundle, test_config={
        "SECRET_KEY": SECRET, "REGISTRY_DIR": folder, "DATABASE_URL": store_target.url,
        "DATABASE_SCHEMA": store_target.schema})
    assert login(app.test_client()).status_code == 302


# ------------------------------------------------------------------ in a real browser


@pytest.mark.browser
@pytest.mark.slow
def test_hostile_upload_shows_as_text_in_chromium(macau_bundle, tmp_path, output_dir):
    """Sign in, upload and confirm in headless Chromium: no dialog, no CSP violation, text shown."""
    from tests.conftest import running_server
    from tests.e2e.test_browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (scripts/test.sh installs it)")
    from playwright.sync_api import sync_playwright

    from learning_map.store import open_store

    folder = tmp_path / "city"
    folder.mkdir()
    with open_store(folder) as store:
        store_admin.add_user(store, "boss", generate_password_hash(PASSWORD, method=CHEAP), "city_admin", None)
    registry_file = tmp_path / "2025.csv"
    registry_file.write_bytes(registry_csv())
    env = {"LEARNING_MAP_SECRET_KEY": SECRET, "LEARNING_MAP_REGISTRY_DIR": str(folder),
           "LEARNING_MAP_UPLOAD_DIR": str(tmp_path / "uploads")}
    with running_server(macau_bundle, "--workers", "1", env=env) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        dialogs, console = [], []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: console.append(m.text))
        page.goto(base + "/admin/registry")
        assert page.url.endswith("/admin/login")
        page.fill("input[name=username]", "boss")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/registry")
        page.goto(base + "/admin/upload")
        page.set_input_files("input[name=file]", str(registry_file))
        page.fill("input[name=year]", "2025")
        page.click("form.stack button[type=submit]")
        page.wait_for_selector("[data-testid=summary]")
        page.screenshot(path=str(output_dir / "report.png"), full_page=True)
        incoming = page.inner_text("[data-testid=incoming]")
        assert IMG_XSS in incoming
        assert JINJA_EXPR in incoming
        assert page.locator("img").count() == 0
        page.click("[data-testid=confirm]")
        page.wait_for_selector("[data-testid=report]")
        page.goto(base + "/admin/registry?year=2025")
        assert IMG_XSS in page.inner_text("[data-testid=sites]")
        page.screenshot(path=str(output_dir / "registry.png"), full_page=True)
        browser.close()
    assert dialogs == []
    assert not [m for m in console if "Content Security Policy" in m]
    with open_store(folder) as store:
        assert "C1" in set(store.sites_as_of(2025)["site_id"])


def test_page_config_says_whether_reports_are_accepted(web, client):
    """The citizen page shows 纠错 only when POST /api/reports exists (admin enabled)."""
    def config(c) -> dict:
        page = c.get("/").get_data(as_text=True)
        match = re.search(r'<script id="lm-config" type="application/json">(.*?)</script>', page)
        return json.loads(match.group(1))

    assert config(web)["reports"] is True
    assert config(client)["reports"] is False
