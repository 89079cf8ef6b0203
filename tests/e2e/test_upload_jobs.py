"""
Admin uploads with bounds: a large file is checked (and imported) as a background job the page
polls; bounds and the time budget end a job with one sentence; rejected rows are capped on the
page with a download of all; upload folders are removed on every exit.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import time
import zipfile

import pytest

from learning_map.web import upload_jobs
from tests.e2e.test_admin import admin_app, dump, signed_in, upload  # noqa: F401 (fixtures)

POLL_DEADLINE_S = 300  # generous: the machine may be busy; the job itself takes seconds


@pytest.fixture
def web(admin_app):  # noqa: F811
    """A client whose pages are in English (chosen once; the session keeps it)."""
    client = admin_app.test_client()
    client.get("/admin/login?lang=en")
    return client


def big_csv(rows: int, *, bad_every: int = 2) -> bytes:
    """``rows`` sites; every ``bad_every``-th has an unknown category (rejected)."""
    lines = ["编号,名称,类别,经度,纬度"]
    for i in range(rows):
        category = "spaceport" if i % bad_every == 0 else "library"
        lines.append(f"U{i},学习点{i},{category},{113.54 + (i % 100) * 1e-4:.4f},{22.19 + (i // 100) * 1e-4:.4f}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def small_csv(good: int, bad: int) -> bytes:
    lines = ["编号,名称,类别,经度,纬度"]
    lines += [f"G{i},好站点{i},library,113.54,22.19" for i in range(good)]
    lines += [f"B{i},坏站点{i},spaceport,113.54,22.19" for i in range(bad)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def upload_in_memory(client, token: str, content: bytes, name: str):
    """The upload, its multipart body built in memory (the test client would spool a body over
    500 KB to a temporary file it never closes: a ResourceWarning, an error here)."""
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    boundary, body = encode_multipart({
        "csrf_token": token, "year": "2025", "coords": "wgs84",
        "file": FileStorage(io.BytesIO(content), filename=name),
    })
    return client.post("/admin/upload", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def folders(admin_app):  # noqa: F811
    root = upload_jobs.upload_root(admin_app.config)
    return sorted(p.name for p in root.iterdir())


def follow(web, response, *, hold=None):
    """
    A background job: 303 to its page; poll its status until it ends; the page then.

    With ``hold`` (an Event the job waits on before it reads the file), the page is first
    seen while the job runs, then the job is let go.
    """
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    page_url = response.headers["Location"]
    token = page_url.rstrip("/").rsplit("/", 1)[-1]
    progress = None
    if hold is not None:
        running = web.get(page_url)
        assert running.status_code == 200
        progress = running.get_data(as_text=True)
        assert web.get(f"/admin/upload/{token}/status").json["state"] == "running"
        hold.set()
    deadline = time.monotonic() + POLL_DEADLINE_S
    while True:
        status = web.get(f"/admin/upload/{token}/status")
        assert status.status_code == 200
        assert status.headers["Cache-Control"] == "no-store"
        body = status.json
        assert [r["key"] for r in body["step_rows"]] == body["steps"]
        if body["state"] != "running":
            break
        assert time.monotonic() < deadline, body
        time.sleep(0.1)
    return token, progress, body, web.get(page_url)


@pytest.fixture
def hold(monkeypatch):
    """An Event every upload job waits on before it reads its file."""
    import threading

    from learning_map.web import admin_uploads

    event = threading.Event()
    real_plan = admin_uploads._plan

    def held_plan(*args, **kwargs):
        assert event.wait(POLL_DEADLINE_S)
        return real_plan(*args, **kwargs)

    monkeypatch.setattr(admin_uploads, "_plan", held_plan)
    return event


def test_a_large_upload_is_checked_and_imported_in_the_background(web, admin_app, tmp_path, hold):  # noqa: F811
    token = signed_in(web)
    before = dump(admin_app.store, tmp_path, "before.jsonl")
    content = big_csv(30_000)  # 1.2 MB, 15,000 rows rejected
    assert len(content) > 1_000_000
    started = upload_in_memory(web, token, content, name="big.csv")
    pending, progress, status, page = follow(web, started, hold=hold)
    # While it ran: the progress page with its steps and the polling script.
    assert 'data-testid="upload-steps"' in progress
    assert 'data-state="running"' in progress
    assert "admin-upload.js" in progress
    assert status["state"] == "done"
    assert status["kind"] == "check"
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "15,000 sites to import (15,000 new, 0 already registered)," in text
    assert "15,000 rows rejected." in text
    # Rejected rows: the first 100 on the page, a count of the rest, a download of all.
    shown = re.search(r'data-testid="rejected">(.*?)</table>', text, re.S).group(1)
    assert shown.count("<tr>") == 1 + 100  # header + rows
    assert "14,900 more rows not shown" in text
    download = web.get(f"/admin/upload/{pending}/rejected.csv")
    assert download.status_code == 200
    assert download.headers["Cache-Control"] == "private, no-store"
    assert "attachment" in download.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 15_000
    assert {r["reason"] for r in rows} == {rows[0]["reason"]}
    assert dump(admin_app.store, tmp_path, "after-check.jsonl") == before  # nothing changed yet
    # Confirm: the import runs in the background too, then the page shows what it did.
    hold.clear()
    confirmed = web.post(f"/admin/upload/{pending}/confirm", data={"csrf_token": token})
    _, progress, status, page = follow(web, confirmed, hold=hold)
    assert "Importing: " in progress
    assert status["kind"] == "import"
    assert status["state"] == "done"
    assert '<td data-field="added">15,000</td>' in page.get_data(as_text=True)
    assert len(admin_app.store.sites_as_of(2025)) >= 15_000
    assert folders(admin_app) == []  # shown once, then removed
    assert web.get(f"/admin/upload/{pending}").status_code == 404


def test_a_small_upload_caps_rejected_rows_too(web, admin_app):  # noqa: F811
    token = signed_in(web)
    response = upload(web, token, small_csv(good=3, bad=150))
    assert response.status_code == 200  # small: checked in the request
    text = response.get_data(as_text=True)
    assert "150 rows rejected." in text
    shown = re.search(r'data-testid="rejected">(.*?)</table>', text, re.S).group(1)
    assert shown.count("<tr>") == 1 + 100
    assert "50 more rows not shown" in text
    pending = re.search(r"/admin/upload/([A-Za-z0-9_-]+)/rejected\.csv", text).group(1)
    body = web.get(f"/admin/upload/{pending}/rejected.csv").get_data(as_text=True)
    assert len(list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))) == 150
    # Another session cannot download it.
    other = web.application.test_client()
    signed_in(other)
    assert other.get(f"/admin/upload/{pending}/rejected.csv").status_code == 404


def million_cell_xlsx() -> bytes:
    cell = '<c t="inlineStr"><is><t>x</t></is></c>'
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData>' + ("<row>" + cell * 20 + "</row>") * 50_000
             + "</sheetData></worksheet>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def test_a_million_cell_workbook_ends_its_job_with_the_bound_named(web, admin_app):  # noqa: F811
    token = signed_in(web)
    content = million_cell_xlsx()
    assert len(content) < 300_000  # small on the wire, huge unpacked: a background job
    pending, _, status, page = follow(web, upload(web, token, content, name="cells.xlsx"))
    assert status["state"] == "failed"
    assert "more than 500,000 cells" in status["error"]
    assert page.status_code == 400
    assert "500,000" in page.get_data(as_text=True)
    assert folders(admin_app) == []  # a failed upload keeps nothing
    assert web.get(f"/admin/upload/{pending}/status").status_code == 404


def test_the_time_budget_ends_a_job_with_one_sentence(web, admin_app):  # noqa: F811
    admin_app.config["UPLOAD_CHECK_SECONDS"] = 1e-9
    admin_app.config["UPLOAD_INLINE_BYTES"] = 0  # even a small file in the background
    token = signed_in(web)
    _, _, status, page = follow(web, upload(web, token, small_csv(good=3, bad=1)))
    assert status["state"] == "failed"
    assert re.fullmatch(r"The check of .+ took longer than 1e-09 s, the most one upload may take; split the file",
                        status["error"])
    assert page.status_code == 400
    assert folders(admin_app) == []


def test_folders_are_removed_on_every_exit(web, admin_app, monkeypatch):  # noqa: F811
    from learning_map.web import create_app

    root = upload_jobs.upload_root(admin_app.config)
    # Left by a killed worker: a folder an hour old, one half-made (no job) ten minutes old,
    # and one whose job died with its process (running, but nobody holds its lock).
    old = root / ("o" * 43)
    half = root / ("h" * 43)
    dead = root / ("d" * 43)
    fresh = root / ("f" * 43)
    for folder in (old, half, dead, fresh):
        folder.mkdir()
        (folder / "registry.csv").write_bytes(b"x")
    upload_jobs.write_json(dead / upload_jobs.META_FILE, {"stored_name": "registry.csv"})
    upload_jobs.write_json(dead / upload_jobs.STATUS_FILE, {"kind": "check", "state": "running",
                                                            "step": "read", "steps": ["read"]})
    upload_jobs.write_json(fresh / upload_jobs.STATUS_FILE, {"kind": "check", "state": "done",
                                                             "step": "read", "steps": ["read"]})
    hour_ago = time.time() - upload_jobs.PENDING_SECONDS - 5
    os.utime(old, (hour_ago, hour_ago))
    minutes_ago = time.time() - upload_jobs.UNFINISHED_SECONDS - 5
    os.utime(half, (minutes_ago, minutes_ago))
    # At start (a restart after the kill):
    create_app(admin_app.config["BUNDLE_DIR"], test_config=dict(admin_app.config))
    assert folders(admin_app) == sorted([dead.name, fresh.name])
    assert not (dead / "registry.csv").exists()  # the dead job's file is gone...
    status = json.loads((dead / upload_jobs.STATUS_FILE).read_text(encoding="utf-8"))
    assert status["state"] == "failed"  # ...and its page says so
    assert "interrupted" in status["error"]["en"]  # recorded in every locale
    assert "中斷" in status["error"]["zh_Hant"]
    assert (fresh / "registry.csv").exists()  # a pending upload stays
    for folder in (dead, fresh):
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
    # A request that fails while setting up its upload (here: the job cannot start) leaves nothing.
    token = signed_in(web)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(upload_jobs, "start", broken)
    assert upload(web, token, small_csv(good=1, bad=0)).status_code == 500
    assert folders(admin_app) == []
    monkeypatch.undo()
    # A file the reader refuses leaves nothing either; a discarded one neither.
    assert upload(web, token, b"\xff\xfe\x00garbage", name="bad.csv").status_code == 400
    assert folders(admin_app) == []
    page = upload(web, token, small_csv(good=1, bad=0)).get_data(as_text=True)
    pending = re.search(r"/admin/upload/([A-Za-z0-9_-]+)/discard", page).group(1)
    assert web.post(f"/admin/upload/{pending}/discard", data={"csrf_token": token}).status_code == 302
    assert folders(admin_app) == []


@pytest.mark.browser
@pytest.mark.slow
def test_the_progress_page_polls_until_the_report_in_chromium(macau_bundle, tmp_path, output_dir):
    """A background check in headless Chromium: the progress page's script reloads into the report."""
    from pathlib import Path

    from werkzeug.security import generate_password_hash

    from learning_map.store import admin as store_admin
    from learning_map.store import open_store
    from tests.conftest import running_server
    from tests.e2e.test_admin import CHEAP, PASSWORD, SECRET
    from tests.e2e.test_browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (scripts/test.sh installs it)")
    from playwright.sync_api import sync_playwright

    folder = tmp_path / "city"
    folder.mkdir()
    with open_store(folder) as store:
        store_admin.add_user(store, "boss", generate_password_hash(PASSWORD, method=CHEAP), "city_admin", None)
    registry_file = tmp_path / "big.csv"
    registry_file.write_bytes(big_csv(20_000))
    env = {"LEARNING_MAP_SECRET_KEY": SECRET, "LEARNING_MAP_REGISTRY_DIR": str(folder),
           "LEARNING_MAP_UPLOAD_DIR": str(tmp_path / "uploads")}
    with running_server(macau_bundle, "--workers", "1", env=env) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        console = []
        page.on("console", lambda m: console.append(m.text))
        page.goto(base + "/admin/login")
        page.fill("input[name=username]", "boss")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/registry")
        page.goto(base + "/admin/upload")
        page.set_input_files("input[name=file]", str(registry_file))
        page.fill("input[name=year]", "2025")
        page.click("form.stack button[type=submit]")
        page.wait_for_url(re.compile(r".*/admin/upload/[A-Za-z0-9_-]+$"))
        # The progress page (or, on a fast machine, already the report), then the report.
        page.wait_for_selector("[data-testid=summary]", timeout=POLL_DEADLINE_S * 1000)
        assert "10,000 rows rejected" in page.inner_text("[data-testid=summary]")
        assert page.locator("[data-testid=rejected] tbody tr").count() == 100
        assert page.locator("[data-testid=rejected-download]").count() == 1
        page.screenshot(path=str(output_dir / "report.png"), full_page=True)
        browser.close()
    assert not [m for m in console if "Content Security Policy" in m]
