"""``learning-map import`` places a list without coordinates, as a Shanghai or Macau office would run it."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from learning_map.bundle.core import current_build
from learning_map.bundle.named_places import NAMED_PLACES_FILE
from learning_map.cli import main
from learning_map.store import open_store
from tests.geocoder_server import Script, geocoder_server

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "shanghai"
needs_shanghai = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/shanghai is absent")
ENGLISH = {"LEARNING_MAP_LANG": "en"}


def run(*args: object, env: dict[str, str] | None = None, exit_code: int = 0) -> str:
    result = CliRunner(env={**ENGLISH, **(env or {})}).invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == exit_code, result.output
    return result.output


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    return path


def report(city: Path) -> dict[int, dict[str, str]]:
    with (city / "placement_report.csv").open(encoding="utf-8-sig") as f:
        return {int(row["line"]): row for row in csv.DictReader(f)}


def placements(city: Path) -> dict[str, str]:
    """How each site's point was found, as the store keeps it (the site's history of ``placement``)."""
    store = open_store(city)
    try:
        with store._engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT site_id, placement FROM sites").all()
        history = store.history()
    finally:
        store.close()
    recorded = history[history["field"] == "placement"]
    assert dict(zip(recorded["site_id"], recorded["new_value"], strict=True)) == dict(rows)  # each one in history
    return dict(rows)


def test_a_macau_list_without_coordinates_is_placed_by_name_against_the_build(macau_bundle, tmp_path):
    city = tmp_path / "macau"
    shutil.copytree(macau_bundle, city)
    names = ["澳門中央圖書館", "下環圖書館", "紅街市圖書館", "新華夜中學 Escola Secundária Nocturna Xin Hua",
             "不存在的學習中心"]
    path = write_rows(tmp_path / "list.csv", ["编号", "名称", "类别", "地址"],
                      [[f"m{i}", name, "图书馆", ""] for i, name in enumerate(names)])
    said = run("import", city, path, "--year", 2026)
    assert "Placed by name in OpenStreetMap: 3 (confidence high 3, medium 0, low 0)" in said
    assert "Not placed: 2 rows" in said
    assert "Line 5 (新華夜中學 Escola Secundária Nocturna Xin Hua): suggestions: " in said  # two campuses
    assert "Line 6 (不存在的學習中心): no suggestion" in said
    rows = report(city)
    assert [rows[k]["method"] for k in range(2, 7)] == ["name", "name", "name", "", ""]
    assert rows[2]["matched"] == "澳門中央圖書館" or rows[2]["matched"].startswith("澳門中央圖書館")
    assert sorted(placements(city)) == ["m0", "m1", "m2"]
    assert placements(city)["m0"].startswith("name 1.00: 澳門中央圖書館")
    with (city / "rejected_import.csv").open(encoding="utf-8-sig") as f:
        assert [row["line"] for row in csv.DictReader(f)] == ["5", "6"]
    # Again: nothing new is asked, nothing changes.
    assert "0 added, 0 changed, 0 reopened, 0 closed, 3 unchanged" in run("import", city, path, "--year", 2026)
    # A build from before format 5 keeps no names: the import says to rebuild, and changes nothing.
    (current_build(city) / NAMED_PLACES_FILE).unlink()
    said = run("import", city, path, "--year", 2026, exit_code=1)
    assert said.startswith("This city was built before names were kept for placing rows; rebuild it")
    assert "list.csv needs longitude and latitude columns" in said
    assert sorted(placements(city)) == ["m0", "m1", "m2"]


GAZETTEER = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "properties": {"标准地址": "上海市杨浦区四平路1239号"},
         "geometry": {"type": "Point", "coordinates": [121.5005, 31.2840]}},
        {"type": "Feature", "properties": {"标准地址": "上海市杨浦区彰武路100弄3号"},
         "geometry": {"type": "Point", "coordinates": [121.5030, 31.2870]}},
    ],
}


@needs_shanghai
def test_a_shanghai_list_goes_down_the_whole_chain(tmp_path):
    city = tmp_path / "shanghai"
    city.mkdir()
    gazetteer = tmp_path / "门牌地址.geojson"
    gazetteer.write_text(json.dumps(GAZETTEER, ensure_ascii=False), encoding="utf-8")
    path = write_rows(tmp_path / "2026年学习点.csv", ["编号", "名称", "类别", "区", "地址", "经度", "纬度"], [
        ["a", "四平路社区学校", "社区学校", "杨浦区", "四平路１２３９號", "", ""],  # the office's address file
        ["b", "同濟大學德文圖書館", "图书馆", "杨浦", "", "", ""],  # not in it: by name, in traditional script
        ["c", "彰武路学习点", "学习点", "杨浦区", "彰武路一百弄三号", "", ""],  # Chinese numerals
        ["d", "控江路学习点", "学习点", "杨浦区", "控江路1号", "", ""],  # the geocoder knows it
        ["e", "外滩学习点", "学习点", "黄浦区", "四平路1239号", "", ""],  # the address is in 杨浦: flagged
        ["f", "虹口学习点", "学习点", "杨浦区", "", "121.4850", "31.2650"],  # given, but in 虹口: kept, flagged
    ])
    script = Script(nothing={"tianditu": (200, {"msg": "无结果", "status": "101"})})
    script.answer("tianditu", "杨浦区控江路1号", (200, {
        "msg": "ok", "status": "0", "searchVersion": "6.4.9V",
        "location": {"score": 100, "level": "门址", "lon": "121.520000", "lat": "31.275000",
                     "keyWord": "上海市杨浦区控江路1号"}}))
    with geocoder_server(script) as base:
        env = {"LEARNING_MAP_GEOCODER": "tianditu", "LEARNING_MAP_GEOCODER_KEY": "k" * 32,
               "LEARNING_MAP_GEOCODER_URL": f"{base}/tianditu", "LEARNING_MAP_GEOCODER_PER_SECOND": "1000"}
        args = ("import", city, path, "--year", 2026, "--osm", SHARED / "yangpu_tongji_siping.osm",
                "--gazetteer", f"{gazetteer}:标准地址", "--districts", f"{SHARED / 'districts.geojson'}:district")
        said = run(*args, env=env)
        asked = script.count()
        assert asked >= 1
        rows = report(city)
        assert {k: rows[k]["method"] for k in rows} == {
            2: "gazetteer", 3: "name", 4: "gazetteer", 5: "tianditu", 6: "", 7: "file"}
        assert rows[2]["matched"] == "上海市杨浦区四平路1239号"
        assert rows[3]["matched"] == "同济大学德文图书馆"
        # The finds in 杨浦 are offered by hand, flagged: the row says 黄浦区.
        assert "gazetteer 0.60 上海市杨浦区四平路1239号 (31.284000, 121.500500) [outside the district the row names]" in (
            rows[6]["suggestions"])
        assert rows[6]["suggestions"].startswith("osm-address 0.90 ")
        assert rows[7]["flag"] == "outside the district the row names"
        assert "Line 7 (虹口学习点): placed outside the district the row names; check it" in said
        assert "Placed by Tianditu geocoder: 1 (confidence high 1, medium 0, low 0)" in said
        # The geocoder's answers are kept where its terms allow (Tianditu): a re-import asks nothing.
        run(*args, env=env)
        assert script.count() == asked
    placement = placements(city)
    assert placement["d"] == "tianditu 1.00: 上海市杨浦区控江路1号" or placement["d"].startswith("tianditu ")
    assert placement["f"] == "file"
    assert "k" * 32 not in (city / "placement_report.csv").read_text(encoding="utf-8-sig")
