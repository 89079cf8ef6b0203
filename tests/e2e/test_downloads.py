"""
The admin page's "export year Y" and the public /downloads page, run the way a city office does.

A copy of the Macau bundle gets a two-year registry (2025, 2026; a hostile site name); the
admin exports 2026 from the admin page (no poster: ``EXPORT_PRINT`` off keeps it fast), polls
its status, downloads the zip; once 2026 is published, /downloads lists its files and serves
each one byte for byte as its manifest says.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from werkzeug.security import generate_password_hash

from learning_map.errors import LearningMapError
from learning_map.store import admin as store_admin
from tests import _servers
from tests.conftest import IMG_XSS, JINJA_EXPR

pytestmark = pytest.mark.slow

SECRET = "test-secret-key-0123456789abcdef"
PASSWORD = "correct horse battery staple"
CHEAP = "pbkdf2:sha256:1000"
HOSTILE_TITLE = f"澳門 {IMG_XSS} {JINJA_EXPR} 学习地图"
# 2025: three sites; 2026: L2 closed, C1 added; E1's name is hostile (a formula and HTML).
REGISTRY_2025 = f"""编号,名称,类别,经度,纬度,电话,地址
L1,澳門中央圖書館,图书馆,113.5417,22.1917,+853 2856 7576,塔石廣場
L2,何東圖書館,图书馆,113.5397,22.1929,,崗頂前地3號
E1,"=HYPERLINK(""http://evil"",""click""){IMG_XSS}",老年大学,113.5500,22.2000,,
"""
REGISTRY_2026 = f"""编号,名称,类别,经度,纬度,电话,地址
L1,澳門中央圖書館,图书馆,113.5417,22.1917,+853 2800 0000,塔石廣場
E1,"=HYPERLINK(""http://evil"",""click""){IMG_XSS}",老年大学,113.5500,22.2000,,
C1,新社區學校,社区学校,113.5560,22.2060,,
"""


@pytest.fixture(scope="module")
def city(tmp_path_factory, macau_bundle):
    """Macau with a two-year registry of its own (the shared bundle stays read-only)."""
    from click.testing import CliRunner

    from learning_map.cli import main
    from learning_map.store import open_store

    root = tmp_path_factory.mktemp("downloads")
    out = root / "city"
    shutil.copytree(macau_bundle, out, symlinks=True)
    runner = CliRunner()
    for year, text in ((2025, REGISTRY_2025), (2026, REGISTRY_2026)):
        (root / f"r{year}.csv").write_text(text, encoding="utf-8")
        args = ["import", str(out), str(root / f"r{year}.csv"), "--year", str(year)]
        done = runner.invoke(main, args + (["--close-missing"] if year == 2026 else []))
        assert done.exit_code == 0, done.output
    with open_store(out) as store:
        store_admin.add_user(store, "boss", generate_password_hash(PASSWORD, method=CHEAP), "city_admin", None)
        store_admin.load_districts(store, {"820000": "澳門"})
        store_admin.add_user(store, "editor", generate_password_hash(PASSWORD, method=CHEAP),
                             "district_editor", "820000")
    return out


@pytest.fixture(scope="module")
def admin_app(city, tmp_path_factory):
    from learning_map.web import create_app

    return create_app(city, test_config={
        "SECRET_KEY": SECRET, "EXPORT_PRINT": False, "EXPORT_TITLE": HOSTILE_TITLE,
        "EXPORT_DIR": str(tmp_path_factory.mktemp("dist")),
    })


def token_of(response) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True))
    assert match, response.get_data(as_text=True)[:500]
    return match.group(1)


def signed_in(client, username: str = "boss") -> str:
    """Sign in through the form; returns the session's CSRF token."""
    token = token_of(client.get("/admin/login"))
    response = client.post("/admin/login", data={"username": username, "password": PASSWORD,
                                                 "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    return token_of(client.get("/admin/registry"))


def wait_until_finished(client, year: int) -> dict:
    """Poll the status endpoint as the page's script does, until the job is done or failed."""
    def finished() -> dict | None:
        status = client.get(f"/admin/export/{year}/status").json
        return status if status["state"] != "running" else None

    return _servers.wait_until(finished, what=f"the export of {year} finishing", deadline_s=600)


@pytest.fixture(scope="module")
def exported(admin_app):
    """2026 exported from the admin page; (status, manifest, export folder)."""
    web = admin_app.test_client()
    token = signed_in(web)
    started = web.post("/admin/export", data={"year": "2026", "csrf_token": token})
    assert started.status_code == 302, started.get_data(as_text=True)
    assert started.headers["Location"] == "/admin/export?year=2026"
    status = wait_until_finished(web, 2026)
    folder = Path(admin_app.config["EXPORT_DIR"]) / "2026"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return status, manifest, folder


def test_admin_exports_a_year_in_the_background_and_offers_the_zip(admin_app, exported):
    status, manifest, folder = exported
    assert status["state"] == "done", status
    assert status["error"] is None
    assert status["by"] == "boss"
    assert status["started_at"] <= status["finished_at"]
    # No poster with EXPORT_PRINT off: the steps are the data, the map and the zip, all done.
    assert [r["key"] for r in status["step_rows"]] == ["coverage", "data", "map", "zip"]
    assert {r["state"] for r in status["step_rows"]} == {"done"}
    assert manifest["year"] == 2026
    assert manifest["title"] == HOSTILE_TITLE
    assert {f["name"] for f in manifest["files"]} >= {"sites-2026.csv", "sites-2026.gpkg",
                                                      "learning-map-2026.html", "changes-2026.csv"}
    # The record of who exported stays beside the export.
    record = json.loads((folder.parent / "exports" / "2026.json").read_text(encoding="utf-8"))
    assert (record["by"], record["state"]) == ("boss", "done")

    web = admin_app.test_client()
    signed_in(web)
    page = web.get("/admin/export?year=2026").get_data(as_text=True)
    assert 'data-testid="export-zip" hidden' not in page
    assert 'href="/admin/exports/2026.zip"' in page
    assert "已完成 / Done" in page
    assert 'src="/static/admin-export.js"' in page
    response = web.get("/admin/exports/2026.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "no-store" in response.headers["Cache-Control"]
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = archive.namelist()
        expected = {f["name"]: f["sha256"] for f in manifest["files"]}
        assert sorted(names) == sorted(f"learning-map-2026/{n}" for n in [*expected, "manifest.json"])
        for name, sha in expected.items():
            assert hashlib.sha256(archive.read(f"learning-map-2026/{name}")).hexdigest() == sha, name
        assert json.loads(archive.read("learning-map-2026/manifest.json")) == manifest
        # The hostile name is data in the CSV: formula-guarded text.
        csv_text = archive.read("learning-map-2026/sites-2026.csv").decode("utf-8-sig")
        assert "'=HYPERLINK" in csv_text
    # The zip was renamed into place: no temporary file is left beside it.
    assert sorted(p.name for p in (folder.parent / "exports").iterdir()) == [".lock", "2026.json",
                                                                             "2026.zip"]


def test_export_year_reports_each_step_as_it_starts(city, tmp_path):
    from learning_map.export.yearly import export_year

    seen: list[str] = []
    export_year(city, 2026, tmp_path / "2026", printed=False, progress=seen.append)
    assert seen == ["coverage", "data", "map"]


def test_only_a_signed_in_city_admin_may_export(admin_app, exported):
    before = sorted(p.name for p in Path(admin_app.config["EXPORT_DIR"]).rglob("*"))
    anonymous = admin_app.test_client()
    for path in ("/admin/export", "/admin/export/2026/status", "/admin/exports/2026.zip"):
        response = anonymous.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == "/admin/login"
    assert anonymous.post("/admin/export", data={"year": "2025"}).status_code == 302
    editor = admin_app.test_client()
    token = signed_in(editor, "editor")
    for path in ("/admin/export", "/admin/export/2026/status", "/admin/exports/2026.zip"):
        response = editor.get(path)
        assert response.status_code == 403, path
        assert "仅市级管理员" in response.json["error"]["message"]
    assert editor.post("/admin/export", data={"year": "2025", "csrf_token": token}).status_code == 403
    # A city admin's POST without the CSRF token is refused too.
    boss = admin_app.test_client()
    signed_in(boss)
    assert boss.post("/admin/export", data={"year": "2025"}).status_code == 400
    assert sorted(p.name for p in Path(admin_app.config["EXPORT_DIR"]).rglob("*")) == before


def test_a_second_export_is_refused_while_one_runs_and_failures_are_one_sentence(
        admin_app, exported, monkeypatch):
    from learning_map.export import yearly

    gate, entered = threading.Event(), threading.Event()

    def held_export(bundle_dir, year, out_dir, *, progress, **_options):
        progress("coverage")
        entered.set()
        gate.wait(60)
        msg = "stopped by the test / 测试中止"
        raise LearningMapError(msg)

    monkeypatch.setattr(yearly, "export_year", held_export)
    web = admin_app.test_client()
    token = signed_in(web)
    assert web.post("/admin/export", data={"year": "2024", "csrf_token": token}).status_code == 302
    assert entered.wait(60)
    try:
        second = web.post("/admin/export", data={"year": "2026", "csrf_token": token})
        assert second.status_code == 409
        page = second.get_data(as_text=True)
        assert "An export (2024, started by boss) is still running" in page
        assert "仍在进行" in page
        assert web.get("/admin/export/2024/status").json["state"] == "running"
        running = web.get("/admin/export?year=2024").get_data(as_text=True)
        assert 'data-state="running"' in running
        assert '<li data-step="coverage" class="current">' in running
    finally:
        gate.set()
    failed = wait_until_finished(web, 2024)
    assert failed["state"] == "failed"
    assert failed["error"] == "stopped by the test / 测试中止"
    assert [r["state"] for r in failed["step_rows"]] == ["failed", "pending", "pending", "pending"]
    assert web.get("/admin/exports/2024.zip").status_code == 404
    # The 2026 export was not touched by the refused start.
    assert web.get("/admin/export/2026/status").json["state"] == "done"

    # A real failure (no site open in 1999): one bilingual sentence, and no folder left behind.
    monkeypatch.undo()
    assert web.post("/admin/export", data={"year": "1999", "csrf_token": token}).status_code == 302
    failed = wait_until_finished(web, 1999)
    assert failed["state"] == "failed"
    assert "no site open in 1999" in failed["error"]
    assert "名录中没有 1999 年开放的站点" in failed["error"]
    assert not (Path(admin_app.config["EXPORT_DIR"]) / "1999").exists()
    page = web.get("/admin/export?year=1999").get_data(as_text=True)
    assert "no site open in 1999" in page


def test_an_export_whose_server_died_shows_as_failed_and_frees_the_city(admin_app, exported):
    from learning_map.web import export_jobs as jobs

    root = Path(admin_app.config["EXPORT_DIR"])
    # A record left "running" by a killed server: nobody holds the lock any more.
    record = {"year": 2023, "state": "running", "step": "data", "steps": ["coverage", "data", "map", "zip"],
              "by": "boss", "started_at": "2026-01-01T00:00:00Z", "finished_at": None, "error": None}
    (root / "exports" / "2023.json").write_text(json.dumps(record), encoding="utf-8")
    try:
        status = jobs.job_status(root, 2023)
        assert status["state"] == "failed"
        assert "interrupted" in status["error"]
        assert "导出被中断" in status["error"]
        assert [r["state"] for r in status["step_rows"]] == ["done", "failed", "pending", "pending"]
    finally:
        (root / "exports" / "2023.json").unlink()


def test_downloads_list_only_a_published_year_and_serve_each_file_as_its_manifest_says(
        admin_app, exported, city):
    from learning_map.store import open_store

    _status, manifest, _folder = exported
    public = admin_app.test_client()
    # Nothing published: a friendly page, and not one file of the (unpublished) 2026 export.
    nothing = public.get("/downloads")
    assert nothing.status_code == 200
    assert "暂无可下载的文件 / Nothing to download yet" in nothing.get_data(as_text=True)
    assert public.get("/downloads/2026/sites-2026.csv").status_code == 404
    with open_store(city) as store:
        store_admin.publish_year(store, 2025, "boss")  # published, but never exported
    assert "Nothing to download yet" in public.get("/downloads").get_data(as_text=True)
    web = admin_app.test_client()
    token = signed_in(web)
    assert web.post("/admin/publish", data={"year": "2026", "csrf_token": token}).status_code == 302

    page = public.get("/downloads")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert "<script" not in text
    # The hostile title is text: escaped HTML, Jinja syntax shown as written.
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert IMG_XSS not in text
    assert JINJA_EXPR in text
    listed = re.findall(r'<li data-testid="file" data-name="([^"]+)">', text)
    assert sorted(listed) == sorted([f["name"] for f in manifest["files"]] + ["manifest.json"])
    links = {href.removeprefix("/downloads/2026/"): href
             for href in re.findall(r'<a class="file" href="(/downloads/2026/[^"]+)">', text)}
    assert sorted(links) == sorted(listed)
    for entry in manifest["files"]:
        name, sha = entry["name"], entry["sha256"]
        assert sha in text
        response = public.get(links[name])
        assert response.status_code == 200, name
        assert hashlib.sha256(response.data).hexdigest() == sha, name
        assert len(response.data) == entry["bytes"]
        assert response.headers["ETag"] == f'"{sha}"'
        assert "max-age=600" in response.headers["Cache-Control"]
        assert response.headers["Content-Disposition"].startswith("attachment"), name
        # The browser may ask again with the ETag: nothing is sent twice.
        again = public.get(links[name], headers={"If-None-Match": f'"{sha}"'})
        assert again.status_code == 304
    types = {name: public.get(f"/downloads/2026/{name}").headers["Content-Type"] for name in (
        "sites-2026.csv", "sites-2026.geojson", "sites-2026.gpkg", "sites-2026.xlsx",
        "learning-map-2026.html", "manifest.json")}
    assert types == {
        "sites-2026.csv": "text/csv; charset=utf-8", "sites-2026.geojson": "application/geo+json",
        "sites-2026.gpkg": "application/geopackage+sqlite3",
        "sites-2026.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "learning-map-2026.html": "text/html; charset=utf-8", "manifest.json": "application/json"}
    assert public.get("/downloads/2026/manifest.json").json == manifest
    # The published year without an export serves nothing.
    assert public.get("/downloads/2025/manifest.json").status_code == 404


TRAVERSALS = [
    "/downloads/2026/../2026/manifest.json", "/downloads/2026/..%2F..%2Fregistry.gpkg",
    "/downloads/2026/%2e%2e/%2e%2e/registry.gpkg", "/downloads/2026/%2e%2e%2fexports%2f2026.zip",
    "/downloads/2026//etc/passwd", "/downloads/2026/%2Fetc%2Fpasswd", "/downloads/2026/secret.txt",
    "/downloads/2026/sites-2026-shp/../../../registry.gpkg", "/downloads/2026/SITES-2026.CSV",
    "/downloads/2026/sites-2026.csv/", "/downloads/2026/./sites-2026.csv", "/downloads/..%2F2026/manifest.json",
    "/downloads/02026/manifest.json", "/downloads/2024/manifest.json", "/downloads/2026/sites-2026.csv%00.txt",
]


def test_downloads_refuse_every_path_outside_the_manifest(admin_app, exported, city):
    from learning_map.store import open_store

    with open_store(city) as store:
        store_admin.publish_year(store, 2026, "boss")  # already published by the test above, or now
    _status, _manifest, folder = exported
    (folder / "secret.txt").write_text("not listed", encoding="utf-8")  # in the folder, not in the manifest
    try:
        public = admin_app.test_client()
        assert public.get("/downloads/2026/sites-2026.csv").status_code == 200
        for path in TRAVERSALS:
            response = public.get(path)
            assert response.status_code == 404, path
            assert b"not listed" not in response.data
            assert response.json["error"]["message"].startswith(("No such file", "Not Found")), path
    finally:
        (folder / "secret.txt").unlink()


def test_admin_export_in_chromium_polls_to_done_then_downloads_lists_it(city, tmp_path, output_dir):
    """The export page in headless Chromium: start, watch the steps, get the zip; then /downloads."""
    from tests.conftest import running_server
    from tests.e2e.test_browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (scripts/test.sh installs it)")
    from playwright.sync_api import sync_playwright

    from learning_map.store import open_store

    with open_store(city) as store:
        store_admin.publish_year(store, 2026, "boss")  # (False when a test above published it)
    dist = tmp_path / "dist"
    env = {"LEARNING_MAP_SECRET_KEY": SECRET, "LEARNING_MAP_EXPORT_DIR": str(dist),
           "LEARNING_MAP_EXPORT_PRINT": "false", "LEARNING_MAP_EXPORT_TITLE": HOSTILE_TITLE}
    with running_server(city, "--workers", "1", env=env) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        console, dialogs = [], []
        page.on("console", lambda m: console.append(m.text))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(base + "/admin/login")
        page.fill("input[name=username]", "boss")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/registry")
        page.click("nav >> text=导出 / Export")
        page.wait_for_url("**/admin/export")
        page.select_option("select[name=year]", "2026")
        page.click("[data-testid=export-start]")
        page.wait_for_url("**/admin/export?year=2026")
        # The script polls and shows the zip link when the job is done (no reload).
        page.wait_for_selector("[data-testid=export-zip]:not([hidden])", timeout=600_000)
        assert page.inner_text("[data-testid=export-state]") == "已完成 / Done"
        assert page.locator(".steps li.done").count() == 4
        assert page.locator("[data-testid=export-failure]").is_hidden()
        row = page.locator("tr[data-year='2026']")
        assert row.locator("[data-field=state]").inner_text() == "已完成 / Done"
        assert row.locator("[data-field=zip] a").get_attribute("href") == "/admin/exports/2026.zip"
        page.screenshot(path=str(output_dir / "admin-export.png"), full_page=True)
        with page.expect_download() as download:
            page.click("a.download")
        saved = download.value.path()
        with zipfile.ZipFile(saved) as archive:
            assert "learning-map-2026/manifest.json" in archive.namelist()
        page.goto(base + "/downloads")
        page.screenshot(path=str(output_dir / "downloads.png"), full_page=True)
        title = page.inner_text("[data-testid=downloads-title]")
        assert title == HOSTILE_TITLE  # the hostile title shows as the text it is
        assert page.locator("img").count() == 0
        assert page.locator("[data-testid=file]").count() >= 9
        browser.close()
    assert dialogs == []
    assert not [m for m in console if "Content Security Policy" in m]
