"""The admin doors: text limits on edit and upload, clear upload errors without server paths (issue 18)."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from tests.e2e.test_admin import (  # noqa: F401 - fixtures used by name
    admin_app,
    signed_in,
    upload,
    web,
)


def _site_name(admin_app, site_id: str = "A1") -> str:  # noqa: F811
    sites = admin_app.store.all_sites()
    return str(sites.loc[sites["site_id"] == site_id, "name"].iloc[0])


def test_the_edit_form_refuses_a_40000_character_name(web, admin_app):  # noqa: F811
    token = signed_in(web)
    before = _site_name(admin_app)
    response = web.post("/admin/site/A1/edit", data={"csrf_token": token, "year": "2025",
                                                      "name": "图" * 40_000}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "名稱有 40,000 個字元，超過上限 255" in page  # Macau's admin pages speak 繁體
    assert _site_name(admin_app) == before
    # Control characters are refused too; bidi overrides are removed.
    page = web.post("/admin/site/A1/edit", data={"csrf_token": token, "year": "2025",
                                                 "phone": "123\x07"}, follow_redirects=True).get_data(as_text=True)
    assert "電話含有控制字元 U+0007" in page
    web.post("/admin/site/A1/edit", data={"csrf_token": token, "year": "2025", "name": "新\u202e名称"})
    assert _site_name(admin_app) == "新名称"
    # The form itself says the limits.
    form = web.get("/admin/site/A1").get_data(as_text=True)
    assert 'name="name" value="新名称" maxlength="255"' in form
    assert 'name="website" value="" maxlength="2048"' in form


def test_an_upload_rejects_the_long_row_by_line_and_keeps_the_good_ones(web, admin_app):  # noqa: F811
    token = signed_in(web)
    csv = "编号,名称,类别,经度,纬度\nC1,好站点,library,113.54,22.19\nC2," + "长" * 300 + ",library,113.54,22.19\n"
    page = upload(web, token, csv.encode("utf-8")).get_data(as_text=True)
    assert "<tr><td>3</td><td>名稱有 300 個字元，超過上限 255" in page
    assert "可匯入 1 個站點" in page  # the good row still loads


def test_a_geometry_less_geopackage_upload_is_one_sentence_not_a_500(web, admin_app, tmp_path):  # noqa: F811
    token = signed_in(web)
    path = tmp_path / "table.gpkg"
    pyogrio.write_dataframe(pd.DataFrame({"编号": ["C1"], "名称": ["甲"], "类别": ["library"]}), path,
                            driver="GPKG")
    response = upload(web, token, path.read_bytes(), name="名录.gpkg")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "無法讀取 名录.gpkg（站點名錄）：沒有幾何（是沒有點或面的表格）" in page


def test_upload_errors_never_show_the_servers_folders(web, admin_app, tmp_path):  # noqa: F811
    token = signed_in(web)
    uploads = str(tmp_path / "uploads")
    points = gpd.GeoDataFrame({"name": ["a"]}, geometry=[shapely.Point(113.54, 22.19)], crs="EPSG:4326")
    points.to_file(tmp_path / "ok.gpkg", driver="GPKG")
    broken = (tmp_path / "ok.gpkg").read_bytes()[:4096]  # a GeoPackage cut short
    for content, name in [
        (b"hello, not GeoJSON", "名录.json"),
        (json.dumps({"type": "FeatureCollection", "features": 5}).encode(), "名录.geojson"),
        (broken, "名录.gpkg"),
        (b"PK\x03\x04 not really a zip", "名录.zip"),
        (b"PK\x03\x04 not really a workbook", "名录.xlsx"),
    ]:
        response = upload(web, token, content, name=name)
        assert response.status_code == 400, name
        page = response.get_data(as_text=True)
        assert uploads not in page, name
        assert "/tmp/" not in page, (name, page[-800:])
        assert "learning-map-uploads" not in page, name
        assert name in page or "名录" in page, name


def test_hide_paths_keeps_names_and_urls():
    from learning_map.errors import hide_paths

    text = ("'/tmp/learning-map-uploads/Ab_9-x/registry.json' not recognized; C:\\Users\\me\\a.csv; "
            "1/2 km; see https://example.org/a/b")
    assert hide_paths(text) == "'registry.json' not recognized; a.csv; 1/2 km; see https://example.org/a/b"
