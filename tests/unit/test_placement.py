"""The placement chain (learning_map.city.placement): order, honesty, flags, the report, by hand."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from learning_map.city.districts import Districts, district_keys
from learning_map.city.placement import (
    NOT_PLACED,
    OUTSIDE_CITY,
    OUTSIDE_DISTRICT,
    Attempt,
    Candidate,
    HandPlacer,
    band,
    place_rows,
    placement_counts,
    placement_text,
    report_lines,
    report_table,
)
from learning_map.city.registry_file import read_registry

# Two square districts side by side (WGS84), 0.01 degrees (~1 km) wide.
WEST = shapely.box(121.40, 31.20, 121.41, 31.21)
EAST = shapely.box(121.41, 31.20, 121.42, 31.21)


@pytest.fixture
def districts() -> Districts:
    frame = gpd.GeoDataFrame({"district": ["黄浦区", "浦东新区"]}, geometry=[WEST, EAST], crs="EPSG:4326")
    return Districts.from_frame(frame, "district", source="hand")


class Table:
    """A placer that answers from a table by name, and records which rows it was asked about."""

    def __init__(self, method: str, answers: dict[str, Attempt]) -> None:
        self.method = method
        self.answers = answers
        self.asked: list[str] = []

    def place(self, rows: pd.DataFrame) -> list[Attempt]:
        self.asked += rows["name"].tolist()
        return [self.answers.get(name, Attempt()) for name in rows["name"]]


def found(lon: float, lat: float, method: str, confidence: float = 0.95, matched: str = "") -> Attempt:
    return Attempt(placed=Candidate(lon, lat, confidence, matched, method))


def rows(*items: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"line": range(2, 2 + len(items)), "name": [n for n, _ in items],
                         "address": "", "district": [d for _, d in items]})


def test_district_names_are_found_as_offices_write_them(districts):
    assert district_keys("上海市黃浦區") == ("上海市黄浦区", "黄浦区", "上海市黄浦", "黄浦")
    for text in ("黄浦区", "黃浦區", "黄浦", "上海市黄浦区", "上海市黃浦區"):
        assert districts.names[districts.find(text)] == "黄浦区", text
    for text in ("浦东", "浦東新區", "上海市浦东新区"):
        assert districts.names[districts.find(text)] == "浦东新区", text
    assert districts.find("徐汇区") is None
    assert districts.find("") is None
    assert districts.contains("黄浦", shapely.Point(121.405, 31.205)) is True
    assert districts.contains("黄浦", shapely.Point(121.415, 31.205)) is False
    assert districts.contains("徐汇区", shapely.Point(121.415, 31.205)) is None  # unknown: nothing checked
    assert districts.containing([121.405, 121.415, 121.5], [31.205, 31.205, 31.205]).tolist() == [0, 1, -1]


def test_each_row_goes_down_the_chain_until_a_method_places_it(districts):
    first = Table("gazetteer", {"甲": found(121.401, 31.201, "gazetteer", 0.97, "南京东路1号")})
    second = Table("name", {"甲": found(121.402, 31.202, "name"), "乙": found(121.403, 31.203, "name", 0.8)})
    last = HandPlacer({4: (121.404, 31.204)})
    placements = place_rows(rows(("甲", "黄浦区"), ("乙", ""), ("丙", "黄浦"), ("丁", "")), [first, second, last],
                            districts=districts)
    frame = placements.frame
    assert frame["method"].tolist() == ["gazetteer", "name", "hand", ""]
    assert second.asked == ["乙", "丙", "丁"]  # a placed row is asked no further
    assert frame.loc[0, ["lon", "lat"]].tolist() == [121.401, 31.201]
    assert frame.loc[0, "matched"] == "南京东路1号"
    assert placements.placed.tolist() == [True, True, True, False]
    counts = placements.counts().set_index("method")
    assert counts.loc["gazetteer", "high"] == 1
    assert counts.loc["name", "medium"] == 1
    assert counts.loc["", "rows"] == 1  # the unplaced row, counted too


def test_nothing_is_placed_outside_its_district_or_the_city_without_a_flag(districts):
    area = shapely.box(121.40, 31.20, 121.42, 31.21)
    names = Table("name", {
        "甲": found(121.415, 31.205, "name"),  # in 浦东, the row says 黄浦
        "乙": found(121.50, 31.205, "name"),  # outside the city
        "丙": found(121.405, 31.205, "name"),  # in its district
    })
    later = Table("amap", {"甲": found(121.406, 31.206, "amap", 0.92, "黄浦区某路1号")})
    placements = place_rows(rows(("甲", "黄浦区"), ("乙", ""), ("丙", "黄浦区")), [names, later],
                            districts=districts, area=area)
    assert placements.frame["method"].tolist() == ["amap", "", "name"]
    assert later.asked == ["甲", "乙"]  # a flagged candidate is not a placement: the row goes on
    outside = placements.suggestions[1]
    assert [(s.method, s.flag) for s in outside] == [("name", OUTSIDE_CITY)]
    assert 0 not in placements.suggestions  # a placed row keeps no suggestions
    # An editor's click outside the row's district stands, flagged: a person decided it.
    by_hand = place_rows(rows(("甲", "黄浦区")), [HandPlacer({2: (121.415, 31.205)})], districts=districts)
    assert by_hand.frame.loc[0, ["method", "flag"]].tolist() == ["hand", OUTSIDE_DISTRICT]


def test_suggestions_are_kept_best_first_unflagged_before_flagged(districts):
    suggest = Attempt(suggestions=(Candidate(121.405, 31.205, 0.6, "甲一", "name"),
                                   Candidate(121.415, 31.205, 0.9, "甲二", "name"),
                                   Candidate(121.406, 31.206, 0.7, "甲三", "name")))
    placements = place_rows(rows(("甲", "黄浦区")), [Table("name", {"甲": suggest})], districts=districts)
    kept = placements.suggestions[0]
    assert [(s.matched, s.flag) for s in kept] == [("甲三", ""), ("甲一", ""), ("甲二", OUTSIDE_DISTRICT)]


def test_placement_text_bands_and_the_report():
    assert placement_text("name", 0.936, "上海图书馆") == "name 0.94: 上海图书馆"
    assert placement_text("amap", 0.9) == "amap 0.90"
    assert placement_text("file", 1.0, "x") == "file"
    assert placement_text("hand", 1.0) == "hand"
    assert [band(c) for c in (1.0, 0.9, 0.89, 0.75, 0.5)] == ["high", "high", "medium", "medium", "low"]
    frame = pd.DataFrame({"method": ["file", "name", "name", ""], "confidence": [1.0, 0.95, 0.6, None],
                          "flag": ["outside-district", "", "", ""]})
    counts = placement_counts(frame)
    assert counts.to_dict("records") == [
        {"method": "file", "rows": 1, "high": 1, "medium": 0, "low": 0, "flagged": 1},
        {"method": "name", "rows": 2, "high": 1, "medium": 0, "low": 1, "flagged": 0},
        {"method": "", "rows": 1, "high": 0, "medium": 0, "low": 0, "flagged": 0},
    ]


def test_a_registry_without_coordinates_is_placed_reported_and_rejected_honestly(tmp_path, districts):
    path = tmp_path / "list.csv"
    path.write_text(
        "编号,名称,类别,区,地址,经度,纬度\n"
        "a,甲中心,学习点,黄浦区,南京东路1号,,\n"
        "b,乙中心,学习点,浦东,,,\n"
        "c,丙中心,学习点,黄浦区,,121.415,31.205\n"  # given, but in 浦东: kept, flagged
        "d,丁中心,学习点,,,,\n",
        encoding="utf-8",
    )
    names = Table("name", {"甲中心": found(121.405, 31.205, "name", 0.93, "甲中心"),
                           "乙中心": Attempt(suggestions=(Candidate(121.416, 31.206, 0.7, "乙中心（东）", "name"),))})
    load = read_registry(path, placers=[names, HandPlacer({5: (121.407, 31.207)})], districts=districts)
    assert load.sites["site_id"].tolist() == ["a", "c", "d"]
    assert load.sites["placement"].tolist() == ["name 0.93: 甲中心", "file", "hand"]
    assert load.sites["geocoded"].tolist() == ["name", "", "hand"]
    assert load.rejected["line"].tolist() == [3]
    assert load.rejected["reason"].iloc[0].message_id == NOT_PLACED
    report = load.placement.set_index("line")
    assert report.loc[4, "flag"] == OUTSIDE_DISTRICT
    assert report.loc[4, "method"] == "file"
    assert [s.matched for s in load.unplaced["suggestions"].iloc[0]] == ["乙中心（东）"]
    lines = report_lines(load.placement, "en")
    assert lines[0] == "Placed by coordinates in the file: 1 (confidence high 1, medium 0, low 0)"
    assert "Line 4 (丙中心): placed outside the district the row names; check it" in lines
    assert any(line.startswith("Not placed: 1 row; place it by hand") for line in lines)
    assert "Line 3 (乙中心): suggestions: 乙中心（东） (0.70, 31.206000, 121.416000)" in lines
    table = report_table(load.placement, "zh_Hans")
    assert table.loc[table["line"] == 3, "suggestions"].iloc[0] == "name 0.70 乙中心（东） (31.206000, 121.416000)"
    assert table.loc[table["line"] == 4, "flag"].iloc[0] == "不在该行所写的区内"


def test_the_admins_reporting_units_are_districts_by_code_and_by_name():
    areas = {"310101002000": ("南京东路街道", shapely.to_geojson(WEST)),
             "310101013000": ("外滩街道", shapely.to_geojson(EAST))}
    units = Districts.from_areas(areas)
    assert units.find("310101013000") == 1
    assert units.find("南京東路") == 0
    assert units.contains("外滩街道", shapely.Point(121.415, 31.205)) is True
