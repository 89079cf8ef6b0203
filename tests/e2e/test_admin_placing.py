"""
Rows placed by hand on the admin map (issue 22, point 4), through the real pages and forms.

An upload's rows without coordinates go down the placement chain; those no method placed are
listed on the report with a "place on the map" link. A point saved on the placing page makes
the row ``hand`` on the report, and the confirmed import takes it (``sites.placement`` =
"hand"); nothing changes in the store before. District editors place the rows of their own
district only; only the city admin confirms.
"""

from __future__ import annotations

import json
import re

import pytest
from werkzeug.security import generate_password_hash

from learning_map.store import admin as store_admin
from learning_map.web import upload_jobs
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
