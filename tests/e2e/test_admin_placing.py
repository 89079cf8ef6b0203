"""
Rows placed by hand on the admin map (issue 22, point 4), through the real pages and forms.

An upload's rows without coordinates go down the placement chain; those no method placed are
listed on the report with a "place on the map" link. A point saved on the placing page makes
the row ``hand`` on the report, and the confirmed import takes it (``sites.placement`` =
"hand"); nothing changes in the store before. District editors place the rows of their own
district only; only the city admin confirms.
"""

from __future__ import annotations

import fcntl
import json
import re
from pathlib import Path

import pytest
import shapely
from werkzeug.security import generate_password_hash

from learning_map.city.placement import OUTSIDE_DISTRICT, Attempt, Candidate
from learning_map.store import admin as store_admin
from learning_map.web import admin_uploads, upload_jobs
from tests._servers import wait_for_page
from tests.e2e.test_admin import (  # noqa: F401 (fixtures)
    BUND,
    CHEAP,
    NANJING_EAST,
    PASSWORD,
    admin_app,
    dump,
    signed_in,
    token_of,
    upload,
)

# Inside the Macau bundle's map; the bounds are checked against the city's own (svc.bounds).
CLICK = (113.5431234, 22.1934567)


def placing_csv() -> bytes:
    """One row with coordinates, two without: one of the Bund's district (by code), one of 南京东路 (by name)."""
    rows = [
        "编号,名称,类别,经度,纬度,地址,区",
        "P1,有坐标的图书馆,library,113.5412,22.1912,,",
        f"P2,外滩社区学校,community_learning,,,中山东一路1号,{BUND}",   # line 3
        "P3,南京东路老年学校,community_learning,,,南京东路100号,南京东路街道",  # line 4
    ]
    return ("\n".join(rows) + "\n").encode("utf-8")


@pytest.fixture
def web(admin_app):  # noqa: F811
    """The city admin's client, its pages in English."""
    client = admin_app.test_client()
    client.get("/admin/login?lang=en")
    return client


@pytest.fixture
def editor(admin_app):  # noqa: F811
    """The district editor of 南京东路 (NANJING_EAST), signed in, in English; returns (client, CSRF token)."""
    client = admin_app.test_client()
    client.get("/admin/login?lang=en")
    return client, signed_in(client, "nj")


def stored_sites(store, tmp_path) -> dict[str, dict]:
    """The store's site rows as its dump writes them (every column, ``placement`` too), by site id."""
    lines = store.dump(tmp_path / "read-back.jsonl").read_text(encoding="utf-8").splitlines()[1:]
    rows = [json.loads(line) for line in lines]
    return {r["row"]["site_id"]: r["row"] for r in rows if r["table"] == "sites"}


def map_config(page: str) -> dict:
    """The placing page's map settings (the JSON its script reads)."""
    return json.loads(re.search(r'<script id="place-config" type="application/json">(.*?)</script>', page, re.S).group(1))


def pending_token(page: str) -> str:
    return re.search(r"/admin/upload/([A-Za-z0-9_-]+)/discard", page).group(1)


def uploaded(web, admin_app) -> tuple[str, str, str]:  # noqa: F811
    """Sign in as the city admin and upload the file: (CSRF token, pending upload, report page)."""
    token = signed_in(web)
    response = upload(web, token, placing_csv())
    assert response.status_code == 200, response.get_data(as_text=True)[:800]
    page = response.get_data(as_text=True)
    return token, pending_token(page), page


def test_the_report_lists_rows_without_a_place_and_counts_by_method(web, admin_app, tmp_path):  # noqa: F811
    before = dump(admin_app.store, tmp_path, "before.jsonl")
    _, pending, page = uploaded(web, admin_app)
    assert "1 site to import" in page
    assert "2 rows rejected" in page
    counts = re.search(r'<table data-testid="placement-counts">.*?</table>', page, re.S).group(0)
    assert re.search(r'<tr data-method="file"><td>coordinates in the file</td><td>1</td>', counts)
    assert re.search(r'<tr data-method=""><td>not placed</td><td>2</td>', counts)
    unplaced = re.search(r'<table data-testid="unplaced".*?</table>', page, re.S).group(0)
    assert re.findall(r'<tr data-line="(\d+)">', unplaced) == ["3", "4"]
    assert f"/admin/upload/{pending}/place/3" in unplaced
    assert "外滩社区学校" in unplaced
    assert "中山东一路1号" in unplaced
    assert dump(admin_app.store, tmp_path, "after.jsonl") == before


def test_a_row_placed_on_the_map_is_imported_at_that_point_after_confirm(web, admin_app, tmp_path):  # noqa: F811
    token, pending, _ = uploaded(web, admin_app)
    before = dump(admin_app.store, tmp_path, "before.jsonl")
    page = web.get(f"/admin/upload/{pending}/place/3")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    # The map's settings as JSON (no inline script), the offline basemap, and the page's own bundle.
    config = map_config(text)
    assert config["basemapUrl"] == "/basemap.pmtiles"
    assert config["point"] is None
    assert config["suggestions"] == []
    assert "admin-place.js" in text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert re.findall(r"<script(?![^>]*(?:src=|application/json))", text) == []
    # Refused, with one sentence each and nothing kept: a point outside the city, not a number.
    outside = web.post(f"/admin/upload/{pending}/place/3", data={"lon": "121.47", "lat": "31.23", "csrf_token": token})
    assert outside.status_code == 400
    assert outside.json["error"]["message"] == "This point is outside the city's map; place the row inside it"
    for lon in ("east", "nan", "inf", "1" * 40):
        assert web.post(f"/admin/upload/{pending}/place/3",
                        data={"lon": lon, "lat": "22.19", "csrf_token": token}).status_code == 400
    # Without the form's CSRF token: refused as every admin form.
    assert web.post(f"/admin/upload/{pending}/place/3", data={"lon": "113.54", "lat": "22.19"}).status_code == 400
    # A row the file does not have, or one already placed by its coordinates: 404.
    for line in (2, 9):
        assert web.post(f"/admin/upload/{pending}/place/{line}",
                        data={"lon": "113.54", "lat": "22.19", "csrf_token": token}).status_code == 404
    assert upload_jobs.hand_points(tmp_path / "uploads" / pending) == {}
    # Placed: the check runs again and the report shows the row as placed by hand.
    saved = web.post(f"/admin/upload/{pending}/place/3",
                     data={"lon": f"{CLICK[0]}", "lat": f"{CLICK[1]}", "csrf_token": token})
    assert saved.status_code == 303
    assert saved.headers["Location"] == f"/admin/upload/{pending}"
    report = web.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Line 3 placed at 113.543123, 22.193457" in report
    assert "2 sites to import" in report
    assert re.search(r'<tr data-method="hand"><td>placed by hand</td><td>1</td>', report)
    by_hand = re.search(r'<table data-testid="by-hand".*?</table>', report, re.S).group(0)
    assert "外滩社区学校" in by_hand
    assert "113.543123, 22.193457" in by_hand
    assert re.findall(r'<tr data-line="(\d+)">', re.search(r'<table data-testid="unplaced".*?</table>',
                                                           report, re.S).group(0)) == ["4"]
    # The page of a row placed by hand opens on its point.
    again = web.get(f"/admin/upload/{pending}/place/3").get_data(as_text=True)
    assert map_config(again)["point"] == pytest.approx(list(CLICK))
    assert 'data-testid="remove-place"' in again
    assert dump(admin_app.store, tmp_path, "placed.jsonl") == before  # nothing changed before confirm
    # Confirmed: the row is in the store at the point, placed "hand".
    assert web.post(f"/admin/upload/{pending}/confirm", data={"csrf_token": token}).status_code == 200
    sites = stored_sites(admin_app.store, tmp_path)
    assert sites["P2"]["placement"] == "hand"
    assert sites["P2"]["geom"] == pytest.approx(list(CLICK), abs=1e-7)
    assert sites["P1"]["placement"] == "file"
    assert "P3" not in sites  # never placed: rejected, not imported


def test_a_district_editor_places_the_rows_of_their_district_only(web, admin_app, editor, tmp_path):  # noqa: F811
    token, pending, _ = uploaded(web, admin_app)
    client, csrf = editor
    # Reached from the menu: the uploads with rows of their district, then the rows.
    assert "/admin/placing" in client.get("/admin/registry").get_data(as_text=True)
    listing = client.get("/admin/placing").get_data(as_text=True)
    assert f"/admin/placing/{pending}" in listing
    rows = client.get(f"/admin/placing/{pending}").get_data(as_text=True)
    assert re.findall(r'<tr data-line="(\d+)">', rows) == ["4"]  # 南京东路街道, named: their district
    assert "外滩社区学校" not in rows
    # Another district's row: not shown and not placeable.
    assert client.get(f"/admin/upload/{pending}/place/3").status_code == 404
    other = client.post(f"/admin/upload/{pending}/place/3", data={"lon": "113.54", "lat": "22.19", "csrf_token": csrf})
    assert other.status_code == 404
    assert upload_jobs.hand_points(tmp_path / "uploads" / pending) == {}
    # Their own: placed, and back to their list.
    assert client.get(f"/admin/upload/{pending}/place/4").status_code == 200
    saved = client.post(f"/admin/upload/{pending}/place/4",
                        data={"lon": f"{CLICK[0]}", "lat": f"{CLICK[1]}", "csrf_token": csrf})
    assert saved.status_code == 303
    assert saved.headers["Location"] == f"/admin/placing/{pending}"
    assert upload_jobs.hand_points(tmp_path / "uploads" / pending) == {4: CLICK}
    # Only the city admin confirms (and sees the report); the editor's token is not the admin's session's.
    assert client.post(f"/admin/upload/{pending}/confirm", data={"csrf_token": csrf}).status_code == 403
    assert client.get(f"/admin/upload/{pending}").status_code == 403
    report = web.get(f"/admin/upload/{pending}").get_data(as_text=True)
    assert re.search(r'<tr data-method="hand"><td>placed by hand</td><td>1</td>', report)
    assert web.post(f"/admin/upload/{pending}/confirm", data={"csrf_token": token}).status_code == 200
    sites = stored_sites(admin_app.store, tmp_path)
    assert sites["P3"]["placement"] == "hand"
    assert sites["P3"]["geom"] == pytest.approx(list(CLICK), abs=1e-7)


class SuggestingPlacer:
    """A method that places nothing and suggests two points per row (the second outside its district)."""

    method = "name"

    def place(self, rows):
        return [Attempt(suggestions=(Candidate(113.5455, 22.1955, 0.62, f"{name}旧址", "name"),
                                     Candidate(113.5501, 22.1901, 0.55, name, "name", OUTSIDE_DISTRICT)))
                for name in rows["name"]]


def test_a_suggestion_is_accepted_with_its_button(web, admin_app, tmp_path, monkeypatch):  # noqa: F811
    # The chain's methods (upload_placers) run before the hand placements; their suggestions are
    # listed on the report, numbered on the placing page, and one is accepted by its form.
    monkeypatch.setattr(admin_uploads, "upload_placers", lambda config, store: ([SuggestingPlacer()], None))
    token, pending, page = uploaded(web, admin_app)
    unplaced = re.search(r'<table data-testid="unplaced".*?</table>', page, re.S).group(0)
    assert "外滩社区学校旧址 · name in OpenStreetMap · 0.62" in unplaced
    assert "<strong>outside the district the row names</strong>" in unplaced
    place = web.get(f"/admin/upload/{pending}/place/3").get_data(as_text=True)
    assert [s["number"] for s in map_config(place)["suggestions"]] == [1, 2]
    assert map_config(place)["focus"] == pytest.approx([113.5435, 22.1881, 113.5521, 22.1975])
    assert "District: 310101013000 (外滩街道)" in place
    assert 'data-testid="accept-2"' in place
    accepted = web.post(f"/admin/upload/{pending}/place/3", data={"lon": "113.5455", "lat": "22.1955", "csrf_token": token})
    assert accepted.status_code == 303
    report = web.get(f"/admin/upload/{pending}").get_data(as_text=True)
    assert re.search(r'<tr data-method="hand"><td>placed by hand</td><td>1</td>', report)
    assert web.post(f"/admin/upload/{pending}/confirm", data={"csrf_token": token}).status_code == 200
    assert stored_sites(admin_app.store, tmp_path)["P2"]["geom"] == [113.5455, 22.1955]


def test_an_editor_without_rows_of_their_district_sees_none(web, admin_app):  # noqa: F811
    _, pending, _ = uploaded(web, admin_app)
    store_admin.add_user(admin_app.store, "far", generate_password_hash(PASSWORD, method=CHEAP),
                         "district_editor", "999999999999")
    client = admin_app.test_client()
    client.get("/admin/login?lang=en")
    signed_in(client, "far")
    assert 'data-testid="placing-none"' in client.get("/admin/placing").get_data(as_text=True)
    assert 'data-line=' not in client.get(f"/admin/placing/{pending}").get_data(as_text=True)
    for line in (3, 4):
        assert client.get(f"/admin/upload/{pending}/place/{line}").status_code == 404
    assert client.get("/admin/placing/" + "x" * 43).status_code == 404


def test_the_hand_placements_of_an_upload_are_at_most_its_rows(tmp_path):
    assert upload_jobs.save_hand_point(tmp_path, 3, (1.0, 2.0), max_points=2)
    assert upload_jobs.save_hand_point(tmp_path, 4, (1.5, 2.5), max_points=2)
    assert upload_jobs.save_hand_point(tmp_path, 3, (1.1, 2.1), max_points=2)  # moving one is no new row
    assert not upload_jobs.save_hand_point(tmp_path, 5, (1.0, 2.0), max_points=2)
    assert upload_jobs.hand_points(tmp_path) == {3: (1.1, 2.1), 4: (1.5, 2.5)}


def test_a_place_by_hand_can_be_removed_again(web, admin_app, tmp_path):  # noqa: F811
    token, pending, _ = uploaded(web, admin_app)
    form = {"lon": f"{CLICK[0]}", "lat": f"{CLICK[1]}", "csrf_token": token}
    assert web.post(f"/admin/upload/{pending}/place/3/remove", data={"csrf_token": token}).status_code == 404
    assert web.post(f"/admin/upload/{pending}/place/3", data=form).status_code == 303
    removed = web.post(f"/admin/upload/{pending}/place/3/remove", data={"csrf_token": token})
    assert removed.status_code == 303
    report = web.get(removed.headers["Location"]).get_data(as_text=True)
    assert "Line 3 has no place again" in report
    assert 'data-method="hand"' not in report
    assert upload_jobs.hand_points(tmp_path / "uploads" / pending) == {}
    assert web.post(f"/admin/upload/{pending}/confirm", data={"csrf_token": token}).status_code == 200
    assert "P2" not in stored_sites(admin_app.store, tmp_path)


def test_nothing_is_kept_while_a_job_of_the_upload_runs(web, admin_app, editor, tmp_path):  # noqa: F811
    # A check or import running (its lock held): a placement is refused with nothing written, and
    # the editor's list says the file is being checked instead of showing rows of an old check.
    token, pending, _ = uploaded(web, admin_app)
    folder = tmp_path / "uploads" / pending
    status = upload_jobs.read_json(folder / upload_jobs.STATUS_FILE)
    with open(folder / upload_jobs.LOCK_FILE, "a+", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        upload_jobs.write_json(folder / upload_jobs.STATUS_FILE, {**status, "state": "running"})
        busy = web.post(f"/admin/upload/{pending}/place/3", data={"lon": "113.54", "lat": "22.19", "csrf_token": token})
        assert busy.status_code == 409
        assert busy.json["error"]["message"] == "This upload is still being processed; wait until it is done"
        client, _ = editor
        assert 'data-testid="placing-running"' in client.get(f"/admin/placing/{pending}").get_data(as_text=True)
    assert not (folder / upload_jobs.PLACED_FILE).exists()


def test_the_import_takes_the_placements_the_confirmed_check_showed(web, admin_app, tmp_path):  # noqa: F811
    # A point saved without a new check (e.g. while one ran) is not imported by the confirm of the
    # check before it: the admin confirms what the report showed.
    token, pending, _ = uploaded(web, admin_app)
    upload_jobs.save_hand_point(tmp_path / "uploads" / pending, 3, CLICK, max_points=3)
    assert web.post(f"/admin/upload/{pending}/confirm", data={"csrf_token": token}).status_code == 200
    assert "P2" not in set(admin_app.store.all_sites()["site_id"])


def test_the_placing_page_is_said_in_the_page_language(web, admin_app):  # noqa: F811
    _, pending, _ = uploaded(web, admin_app)
    page = web.get(f"/admin/upload/{pending}/place/3?lang=zh_Hant").get_data(as_text=True)
    assert '<html lang="zh-Hant">' in page
    assert "Save this place" not in page
    assert token_of(web.get(f"/admin/upload/{pending}/place/3"))


# ------------------------------------------------------------------ in headless Chromium


def sign_in(browser, base: str, username: str):
    """A fresh browser context signed in as ``username`` (its own cookies), pages in English."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(base + "/admin/login?lang=en")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/registry")
    return page


def map_ready(page) -> None:
    """The placing page's map drawn: Leaflet's map and the offline basemap's first tiles."""
    from tests.e2e.basemap_pixels import wait_for_basemap

    wait_for_page(page, "() => !!window.learningMap")
    wait_for_basemap(page)


def click_map_at(page, lon: float, lat: float) -> None:
    """A mouse click on the map where (lon, lat) is, after centring the map there at zoom 17."""
    box = page.locator("#place-map").bounding_box()
    x, y = page.evaluate("""([lat, lon]) => { const m = window.learningMap; m.setView([lat, lon], 17, {animate: false});
        const p = m.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }""", [lat, lon])
    page.mouse.click(box["x"] + x, box["y"] + y)


@pytest.mark.browser
@pytest.mark.slow
def test_hand_placement_in_chromium(macau_bundle, tmp_path, output_dir):
    """A row placed by a click is imported at that point; an editor places their own district's row by keyboard only."""
    from playwright.sync_api import sync_playwright

    from learning_map.store import open_store
    from tests.conftest import running_server
    from tests.e2e.test_admin import SECRET
    from tests.e2e.test_browser import CHROMIUM, CHROMIUM_ARGS
    from tests.e2e.test_citizen_ui import AXE

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (scripts/test.sh installs it)")
    folder = tmp_path / "city"
    folder.mkdir()
    with open_store(folder) as store:
        store_admin.load_districts(store, {NANJING_EAST: "南京东路街道", BUND: "外滩街道"})
        for name, role, district in (("boss", "city_admin", None), ("nj", "district_editor", NANJING_EAST),
                                     ("bund", "district_editor", BUND)):
            store_admin.add_user(store, name, generate_password_hash(PASSWORD, method=CHEAP), role, district)
    registry_file = tmp_path / "2025.csv"
    registry_file.write_bytes(placing_csv())
    env = {"LEARNING_MAP_SECRET_KEY": SECRET, "LEARNING_MAP_REGISTRY_DIR": str(folder),
           "LEARNING_MAP_UPLOAD_DIR": str(tmp_path / "uploads")}
    console: list[str] = []
    with running_server(macau_bundle, "--workers", "1", env=env) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        boss = sign_in(browser, base, "boss")
        boss.on("console", lambda m: console.append(m.text))
        boss.goto(base + "/admin/upload")
        boss.set_input_files("input[name=file]", str(registry_file))
        boss.fill("input[name=year]", "2025")
        boss.click("form.stack button[type=submit]")
        boss.wait_for_selector("[data-testid=unplaced]")
        boss.screenshot(path=str(output_dir / "report.png"), full_page=True)
        pending = pending_token(boss.content())
        # The city admin: line 3 (the Bund's row) placed by a click on the map.
        boss.click("[data-testid=unplaced] tr[data-line='3'] [data-testid=place-link]")
        boss.wait_for_selector("#place-map")
        map_ready(boss)
        if AXE.exists():
            boss.evaluate(AXE.read_text(encoding="utf-8"))  # devtools evaluation: not subject to the CSP
            violations = boss.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
                .violations.filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id)""")
            assert violations == []
        click_map_at(boss, *CLICK)
        status = boss.inner_text("[data-testid=place-status]")
        assert status.startswith("Placed at 113.54")
        clicked = (float(boss.input_value("#place-lon")), float(boss.input_value("#place-lat")))
        assert clicked == pytest.approx(CLICK, abs=2e-5)  # a pixel at zoom 17 is about 1 m
        boss.screenshot(path=str(output_dir / "place-1440x900.png"))
        boss.click("[data-testid=save-place]")
        boss.wait_for_selector("[data-testid=by-hand]")
        assert "Line 3 placed at" in boss.inner_text("main")
        # A district editor of 南京东路: the Bund's row is not theirs; their own row, by keyboard only.
        nj = sign_in(browser, base, "nj")
        nj.on("console", lambda m: console.append(m.text))
        nj.click("[data-testid=nav-placing]")
        nj.click(f"a[href='/admin/placing/{pending}']")
        nj.wait_for_selector("[data-testid=placing-rows]")
        assert nj.locator("[data-testid=placing-rows] tbody tr").count() == 1
        assert nj.goto(f"{base}/admin/upload/{pending}/place/3").status == 404
        nj.goto(f"{base}/admin/upload/{pending}/place/4")
        map_ready(nj)
        nj.focus("#place-map")
        centre = nj.evaluate("() => { const c = window.learningMap.getCenter(); return [c.lng, c.lat]; }")
        # Leaflet takes the next arrow key once the pan before it has ended (its "moveend").
        for key in ("ArrowRight", "ArrowUp"):
            nj.evaluate("() => { window.moved = false; window.learningMap.once('moveend', () => { window.moved = true; }); }")
            nj.keyboard.press(key)
            wait_for_page(nj, "() => window.moved")
        nj.keyboard.press("Enter")
        placed = (float(nj.input_value("#place-lon")), float(nj.input_value("#place-lat")))
        assert placed[0] > centre[0]  # east and north of where the map opened
        assert placed[1] > centre[1]
        nj.keyboard.press("Tab")  # on to the form: longitude, latitude, "place at the cross", save
        for _ in range(10):
            if nj.evaluate("() => document.activeElement.dataset.testid") == "save-place":
                break
            nj.keyboard.press("Tab")
        nj.keyboard.press("Enter")
        nj.wait_for_url(f"**/admin/placing/{pending}")
        assert "Line 4 placed at" in nj.inner_text("main")
        nj.screenshot(path=str(output_dir / "editor-rows.png"), full_page=True)
        # The Bund's editor: no row of theirs left to place (line 3 is placed by hand, still theirs to move).
        bund = sign_in(browser, base, "bund")
        bund.goto(f"{base}/admin/placing/{pending}")
        assert bund.locator("[data-testid=placing-rows] tbody tr").count() == 1
        assert bund.goto(f"{base}/admin/upload/{pending}/place/4").status == 404
        # Phone width: the map above the form.
        phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                    reduced_motion="reduce", storage_state=boss.context.storage_state()).new_page()
        phone.goto(f"{base}/admin/upload/{pending}/place/3")
        map_ready(phone)
        phone.screenshot(path=str(output_dir / "place-390x844.png"), full_page=True)
        # The city admin confirms: both rows are imported where they were placed.
        boss.goto(f"{base}/admin/upload/{pending}")
        assert boss.locator("[data-testid=by-hand] tbody tr").count() == 2
        boss.screenshot(path=str(output_dir / "report-placed.png"), full_page=True)
        boss.click("[data-testid=confirm]")
        boss.wait_for_selector("[data-testid=report]")
        browser.close()
    assert not [m for m in console if "Content Security Policy" in m]
    with open_store(folder) as store:
        sites = stored_sites(store, tmp_path)
    assert sites["P2"]["placement"] == "hand"
    assert sites["P2"]["geom"] == pytest.approx(list(clicked), abs=1e-7)
    assert sites["P3"]["placement"] == "hand"
    assert sites["P3"]["geom"] == pytest.approx(list(placed), abs=1e-7)


def test_the_upload_places_rows_by_name_from_the_build_and_inside_the_units_districts(web, admin_app, tmp_path):  # noqa: F811
    # The reporting unit 南京东路街道 with its polygon (user districts keeps it): a row naming it is
    # placed only inside it, and Macau's Central Library is not in it.
    nanjing = shapely.box(113.52, 22.10, 113.53, 22.11)
    store_admin.load_districts(admin_app.store, {NANJING_EAST: "南京东路街道", BUND: "外滩街道"},
                               {NANJING_EAST: shapely.to_geojson(nanjing)})
    rows = ["编号,名称,类别,经度,纬度,地址,区",
            "N1,澳門中央圖書館,library,,,,",  # by name, from the city's build
            "N2,澳門中央圖書館,library,,,,南京东路街道"]  # the same name, said to be in a unit it is not in
    token = signed_in(web)
    page = upload(web, token, ("\n".join(rows) + "\n").encode("utf-8")).get_data(as_text=True)
    counts = re.search(r'<table data-testid="placement-counts">.*?</table>', page, re.S).group(0)
    assert re.search(r'<tr data-method="name"><td>name in OpenStreetMap</td><td>1</td>', counts), counts
    unplaced = re.search(r'<table data-testid="unplaced".*?</table>', page, re.S).group(0)
    assert re.findall(r'<tr data-line="(\d+)">', unplaced) == ["3"]
    assert "outside the district the row names" in unplaced  # offered by hand, flagged
