"""The office's own address file (city/gazetteer.py) and Chinese address parts (city/address_parts.py)."""

from __future__ import annotations

import zipfile

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from learning_map.base.problems import said
from learning_map.city.address_parts import (
    AddressParts,
    address_parts,
    area_parts,
    chinese_number,
    fold_address,
)
from learning_map.city.districts import Districts
from learning_map.city.gazetteer import PLACE_AT, Gazetteer
from learning_map.city.placement import placement_text
from learning_map.city.registry_file import read_registry
from learning_map.errors import InputFileError, LearningMapError

# ------------------------------------------------------------------ address parts


@pytest.mark.parametrize(("text", "value"), [
    ("十八", 18), ("十", 10), ("二十", 20), ("一百二十三", 123), ("一百零五", 105), ("两百", 200),
    ("一千零一", 1001), ("廿三", 23), ("一百二", 120), ("二〇一", 201), ("一二八", 128), ("〇", 0),
    ("路", None), ("", None),
])
def test_chinese_number(text, value):
    assert chinese_number(text) == value


@pytest.mark.parametrize(("text", "expected"), [
    ("上海市黃浦區南京東路一百二十三號２樓",
     AddressParts(city="上海市", district="黄浦区", road="南京东路", number="123", detail="2楼")),
    ("黄浦区南京东路１２３号", AddressParts(district="黄浦区", road="南京东路", number="123")),
    ("長樂路100衖5號", AddressParts(road="长乐路", lane="100", number="5")),  # 衖: the old 弄
    ("长乐路一百弄五号", AddressParts(road="长乐路", lane="100", number="5")),
    ("南京东路十八－二十八號", AddressParts(road="南京东路", number="18", number_to="28")),
    ("福州路 18~28 号", AddressParts(road="福州路", number="18", number_to="28")),
    ("静安区江宁路街道江宁路100弄3支弄5号201室",
     AddressParts(district="静安区", town="江宁路街道", road="江宁路", lane="100/3", number="5", detail="201室")),
    ("广东省广州市天河区天河路100号",
     AddressParts(province="广东省", city="广州市", district="天河区", road="天河路", number="100")),
    ("浦东新区世纪大道100号", AddressParts(district="浦东新区", road="世纪大道", number="100")),
    ("南京东路100弄", AddressParts(road="南京东路", lane="100")),
    ("南京东路100", AddressParts(road="南京东路", number="100")),
    ("四平路9-11", AddressParts(road="四平路", number="9", number_to="11")),  # OSM's addr:housenumber
    ("密云路454弄26-27", AddressParts(road="密云路", lane="454", number="26", number_to="27")),
    ("国康路27A号", AddressParts(road="国康路", number="27a")),
    ("南京东路18甲号", AddressParts(road="南京东路", number="18甲")),
    ("南京东路", AddressParts(road="南京东路")),
    ("", AddressParts()),
    # Names that look like parts are read as names.
    ("北京东路100号", AddressParts(road="北京东路", number="100")),  # not the city 北京
    ("上海黄浦区北京东路2号", AddressParts(city="上海", district="黄浦区", road="北京东路", number="2")),
    ("杨浦区市光路100号", AddressParts(district="杨浦区", road="市光路", number="100")),  # not a city 杨浦区市
    ("新镇路5号", AddressParts(road="新镇路", number="5")),  # not the town 新镇
    ("长宁区镇宁路100号", AddressParts(district="长宁区", road="镇宁路", number="100")),
    ("零陵路二〇一号", AddressParts(road="零陵路", number="201")),
    ("四川北路1号", AddressParts(road="四川北路", number="1")),  # a numeral in a name stays
])
def test_address_parts(text, expected):
    assert address_parts(text) == expected


def test_fold_address_marks_ranges_before_folding_drops_dashes():
    assert fold_address("黃浦區南京東路十八－二十八號") == "黄浦区南京东路18至28号"
    assert fold_address("南京东路１８—２８号") == "南京东路18至28号"


@pytest.mark.parametrize(("text", "parts"), [
    ("黄浦", ("黄浦", "")), ("上海市黃浦區", ("黄浦区", "")), ("浦东新区", ("浦东新区", "")),
    ("南京东路街道", ("", "南京东路街道")), ("三林镇", ("", "三林镇")), ("", ("", "")),
    ("上海市", ("", "")), ("上海", ("", "")),
])
def test_area_parts(text, parts):
    assert area_parts(text) == parts


# ------------------------------------------------------------------ a hand-made address file

HUANGPU = shapely.box(121.46, 31.20, 121.50, 31.25)
JINGAN = shapely.box(121.42, 31.20, 121.46, 31.26)
SONGJIANG = shapely.box(121.20, 31.00, 121.26, 31.06)

# (门牌地址, 所属区, lon, lat): Shanghai-style addresses written as a GIS export writes them.
ADDRESSES = [
    ("上海市黄浦区南京东路100号", "黄浦区", 121.4800, 31.2380),        # 0
    ("上海市黄浦区南京东路102号", "黄浦区", 121.4805, 31.2381),        # 1
    ("上海市黄浦区南京东路123号", "黄浦区", 121.4810, 31.2382),        # 2
    ("上海市黄浦区长乐路100弄5号", "黄浦区", 121.4700, 31.2150),       # 3
    ("上海市黄浦区长乐路100弄7号", "黄浦区", 121.4702, 31.2152),       # 4
    ("上海市黄浦区长乐路200弄5号", "黄浦区", 121.4720, 31.2160),       # 5
    ("上海市黄浦区长乐路5号", "黄浦区", 121.4690, 31.2148),            # 6
    ("上海市黄浦区长乐路300弄", "黄浦区", 121.4730, 31.2165),          # 7: a compound's gate
    ("上海市黄浦区福州路18-28号", "黄浦区", 121.4850, 31.2350),        # 8: one building, 18 to 28
    ("中山路100号", "黄浦区", 121.4900, 31.2300),                      # 9: one road name ...
    ("中山路100号", "松江区", 121.2300, 31.0300),                      # 10: ... in two districts
    ("延安中路88号", "静安区", 121.4500, 31.2250),                     # 11: one address ...
    ("延安中路88号", "静安区", 121.4400, 31.2210),                     # 12: ... at two places (a file's slip)
    ("上海市靜安區江寧路１２號", "", 121.4450, 31.2350),                # 13: traditional, full-width
    ("静安区江宁路20号", "静安区", 121.4460, 31.2360),                 # 14: one address ...
    ("静安区江宁路20号", "静安区", 121.4461, 31.2361),                 # 15: ... at two doors 14 m apart
    ("黄浦区北京东路2号", "黄浦区", 121.4870, 31.2420),                # 16
    ("上海市黄浦区南京东路101号", "黄浦区", np.nan, np.nan),            # 17: no point: left out
    ("静安区江宁路街道康定路10号", "静安区", 121.4470, 31.2370),        # 18: with its sub-district
    ("杨浦区密云路454弄25-32号", "杨浦区", 121.5050, 31.2860),          # 19: a lane's buildings 25 to 32
]


def address_frame(crs="EPSG:4326"):
    frame = gpd.GeoDataFrame(
        {"编号": [f"M{k:03d}" for k in range(len(ADDRESSES))],
         "门牌地址": [a for a, _, _, _ in ADDRESSES], "所属区": [d for _, d, _, _ in ADDRESSES]},
        geometry=[shapely.Point(x, y) if np.isfinite(x) else None for _, _, x, y in ADDRESSES], crs="EPSG:4326")
    return frame.to_crs(crs)


@pytest.fixture(scope="module")
def gazetteer():
    frame = address_frame()
    return Gazetteer.from_frame(pd.DataFrame(frame.drop(columns="geometry")),
                                [x for *_, x, _ in ADDRESSES], [y for *_, y in ADDRESSES], source="addresses")


def at(gazetteer, attempt, k):
    """The attempt is placed at entry ``k`` of ADDRESSES."""
    x, y = ADDRESSES[k][2], ADDRESSES[k][3]
    assert attempt.placed is not None, attempt
    assert (attempt.placed.lon, attempt.placed.lat) == pytest.approx((x, y), abs=1e-6)
    assert attempt.placed.method == "gazetteer"
    return attempt.placed


def test_file_is_indexed_and_rows_without_a_point_counted(gazetteer):
    assert len(gazetteer) == len(ADDRESSES) - 1
    assert gazetteer.skipped == 1
    assert gazetteer.summary_text("en") == "addresses: 19 addresses read; 1 row without an address or a point left out"
    short = Gazetteer.from_frame(pd.DataFrame({"地址": ["南京东路1号", "18号"]}), [121.0, 121.0], [31.0, 31.0],
                                 source="a.csv")
    assert short.summary_text("en") == "a.csv: 2 addresses read; 1 address naming no road"


@pytest.mark.parametrize(("address", "district", "entry", "confidence"), [
    ("南京东路100号", "黄浦区", 0, 1.0),                         # exact, district agrees
    ("南京东路100号", "", 0, 0.95),                              # no district, in its column or its address
    ("黃浦區南京東路一百二十三號", "", 2, 1.0),                    # traditional, Chinese numerals, district in the text
    ("南京东路一百零二号", "黄浦", 1, 1.0),                        # 零; a district without its 区
    ("南京东路１００号２楼２０１室", "上海市黄浦区", 0, 1.0),         # full-width; floor and room left as detail
    ("长乐路100弄5号", "黄浦区", 3, 1.0),                         # 弄 + 号: not 200弄5号, not 5号
    ("長樂路一百弄七號", "黄浦区", 4, 1.0),
    ("长乐路200弄5号", "黄浦区", 5, 1.0),
    ("长乐路5号", "黄浦区", 6, 1.0),
    ("长乐路300弄5号", "黄浦区", 7, 0.85),                         # only the lane's gate is in the file
    ("福州路20号", "黄浦区", 8, 0.9),                              # inside 18-28号
    ("福州路18-28号", "黄浦区", 8, 1.0),
    ("密云路454弄27号", "杨浦区", 19, 0.9),                         # in a lane, odd and even alike
    ("中山路100号", "松江区", 10, 1.0),                            # the district decides
    ("中山路100号", "黄浦区", 9, 1.0),
    ("江宁路12号", "静安区", 13, 1.0),                              # the file writes 靜安區江寧路１２號
    ("江宁路20号", "静安区", 14, 1.0),                              # two doors of one address: one place
    ("北京东路2号", "黄浦区", 16, 1.0),
    ("上海市黄浦区外滩南京东路100号", "", 0, 0.85),                  # the road inside unread text
    ("南京东路100号", "上海市", 0, 0.95),                           # a city is no district
    ("康定路10号", "江宁路街道", 18, 1.0),                           # a sub-district agrees
    ("康定路10号", "静安区", 18, 1.0),
    ("静安区南京西路街道康定路10号", "", 18, 0.85),                  # another sub-district of its district
])
def test_placed(gazetteer, address, district, entry, confidence):
    placed = at(gazetteer, gazetteer.match(address, district), entry)
    assert placed.confidence == pytest.approx(confidence)
    assert placed.matched == ADDRESSES[entry][0]  # the file's own text, for the report


@pytest.mark.parametrize(("address", "district", "suggested", "why"), [
    ("南京东路101号", "黄浦区", [0, 1, 2], "nearest"),      # a missing number: the nearest numbers, never placed
    ("南京东路", "黄浦区", [0, 1, 2], "nearest"),           # no number: the lowest ones
    ("福州路21号", "黄浦区", [8], "nearest"),               # odd: the other side of the road, not in 18-28号
    ("中山路100号", "", [9, 10], "ambiguous"),              # the same road in two districts, and none said
    ("中山路100号", "浦东新区", [9, 10], "low"),            # ... or another one
    ("延安中路88号", "静安区", [11, 12], "ambiguous"),      # one address at two places
    ("南京东路100号", "静安区", [0], "low"),                # another district: a suggestion only
    ("长乐路100弄6号", "黄浦区", [3, 4], "nearest"),        # the lane's nearest numbers
    ("南京东路18甲号", "黄浦区", [0, 1, 2], "nearest"),     # 18甲 is not 18
])
def test_not_placed_with_suggestions(gazetteer, address, district, suggested, why):
    attempt = gazetteer.match(address, district)
    assert attempt.placed is None
    points = {(s.lon, s.lat) for s in attempt.suggestions}
    assert points == {(ADDRESSES[k][2], ADDRESSES[k][3]) for k in suggested}
    assert all(s.matched and s.method == "gazetteer" for s in attempt.suggestions)
    confidence = [s.confidence for s in attempt.suggestions]
    # Ambiguous: good enough, but more than one place; otherwise below the bar.
    assert (min(confidence) >= PLACE_AT) == (why == "ambiguous")
    if why == "nearest":
        assert max(confidence) <= 0.5


@pytest.mark.parametrize("address", ["人民路1号", "", "某某小区", "12345"])
def test_unknown_roads_find_nothing(gazetteer, address):
    attempt = gazetteer.match(address, "黄浦区")
    assert attempt.placed is None
    assert attempt.suggestions == ()


def test_place_answers_one_attempt_per_row(gazetteer):
    rows = pd.DataFrame({"line": [2, 3, 4], "name": ["甲", "乙", "丙"],
                         "address": ["南京东路100号", "人民路1号", "中山路100号"], "district": ["", "", "松江区"]})
    attempts = gazetteer.place(rows)
    assert [a.placed is not None for a in attempts] == [True, False, True]


# ------------------------------------------------------------------ any format, any CRS


def test_from_gis_files_in_projected_and_cgcs2000_crs(tmp_path):
    """The same file as GeoPackage in UTM 51N, GeoJSON in CGCS2000 and a zipped Shapefile: same points."""
    gpkg = tmp_path / "门牌.gpkg"
    address_frame("EPSG:32651").to_file(gpkg, driver="GPKG")
    geojson = tmp_path / "addresses.geojson"
    address_frame("EPSG:4490").to_file(geojson, driver="GeoJSON")
    shp = tmp_path / "addresses.shp"
    address_frame().rename(columns={"门牌地址": "addr", "所属区": "district"}).to_file(shp, encoding="utf-8")
    zipped = tmp_path / "addresses.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        for part in tmp_path.glob("addresses.*"):
            if part.suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
                archive.write(part, part.name)
    for path, field in ((gpkg, None), (geojson, None), (zipped, "addr")):
        gazetteer = Gazetteer.from_file(path, field)
        assert len(gazetteer) == len(ADDRESSES) - 1, path.name
        placed = gazetteer.match("长乐路100弄5号", "黄浦区").placed
        assert (placed.lon, placed.lat) == pytest.approx((121.47, 31.215), abs=1e-6), path.name
        assert gazetteer.match("中山路100号", "松江区").placed.lon == pytest.approx(121.23, abs=1e-6)


def test_from_tables_read_as_wgs84(tmp_path):
    table = pd.DataFrame({"地址": [a for a, *_ in ADDRESSES], "区": [d for _, d, *_ in ADDRESSES],
                          "x": [x for *_, x, _ in ADDRESSES], "y": [y for *_, y in ADDRESSES]})
    csv = tmp_path / "addresses.csv"
    table.to_csv(csv, index=False)
    xlsx = tmp_path / "addresses.xlsx"
    table.rename(columns={"地址": "Standard Address", "x": "经度", "y": "纬度"}).to_excel(xlsx, index=False)
    for path, field in ((csv, None), (xlsx, "Standard Address")):
        gazetteer = Gazetteer.from_file(path, field)
        assert (len(gazetteer), gazetteer.skipped) == (len(ADDRESSES) - 1, 1)
        assert gazetteer.match("南京东路100号", "黄浦区").placed.lat == pytest.approx(31.238)


def test_errors_are_one_sentence(tmp_path):
    csv = tmp_path / "a.csv"
    csv.write_text("名称,x,y\n南京东路100号,121.48,31.238\n", encoding="utf-8")
    with pytest.raises(InputFileError) as found:
        Gazetteer.from_file(csv)
    assert said(found.value, "en") == ("a.csv has no address field it knows (标准地址, 门牌地址, 地址, address); "
                                       "name one of its fields as FILE:FIELD: 名称, x, y")
    with pytest.raises(LearningMapError, match="its fields are: 名称, x, y"):
        Gazetteer.from_file(csv, "门牌")
    (tmp_path / "b.csv").write_text("地址,x,y\n南京东路100号,,\n,121.48,31.238\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="no points with an address"):
        Gazetteer.from_file(tmp_path / "b.csv")
    (tmp_path / "c.csv").write_text("地址,x,y\n南京东路100号,351000,3456000\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="read as WGS84"):
        Gazetteer.from_file(tmp_path / "c.csv")
    (tmp_path / "d.csv").write_text("地址\n南京东路100号\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="longitude and latitude"):
        Gazetteer.from_file(tmp_path / "d.csv")
    (tmp_path / "e.kml").write_text("<kml/>", encoding="utf-8")
    with pytest.raises(InputFileError, match="unsupported address file format"):
        Gazetteer.from_file(tmp_path / "e.kml")


# ------------------------------------------------------------------ end to end through the registry


def test_registry_rows_placed_by_the_address_file(tmp_path):
    gpkg = tmp_path / "门牌.gpkg"
    address_frame("EPSG:32651").to_file(gpkg, driver="GPKG")
    registry = tmp_path / "list.csv"
    registry.write_text(
        "名称,类别,地址,区\n"
        "黄浦区图书馆,图书馆,南京東路１００號,黄浦区\n"           # line 2: exact
        "长乐社区学校,社区学校,长乐路一百弄五号,黄浦\n"            # line 3: 弄 + 号, Chinese numerals
        "中山社区中心,社区中心,中山路100号,\n"                    # line 4: two districts, none said
        "福州学习点,学习点,福州路20号,黄浦区\n"                   # line 5: inside 18-28号
        "南京学习点,学习点,南京东路101号,黄浦区\n"                # line 6: a missing number
        "松江学习点,学习点,中山路100号,松江区\n",                  # line 7: the district decides
        encoding="utf-8")
    districts = Districts(names=("黄浦区", "静安区", "松江区"), polygons=np.array([HUANGPU, JINGAN, SONGJIANG]),
                          source="districts")
    load = read_registry(registry, placers=[Gazetteer.from_file(gpkg)], districts=districts)
    report = load.placement.set_index("line")
    assert report.loc[2, ["method", "matched", "flag"]].tolist() == ["gazetteer", "上海市黄浦区南京东路100号", ""]
    assert report.loc[2, "confidence"] == pytest.approx(1.0)
    assert report.loc[3, "matched"] == "上海市黄浦区长乐路100弄5号"
    assert report.loc[5, "confidence"] == pytest.approx(0.9)
    assert report.loc[7, "matched"] == "中山路100号"
    assert sorted(load.unplaced["line"]) == [4, 6]
    assert len(report.loc[4, "suggestions"]) == 2
    assert [s.matched for s in report.loc[6, "suggestions"]] == ["上海市黄浦区南京东路100号",
                                                                "上海市黄浦区南京东路102号",
                                                                "上海市黄浦区南京东路123号"]
    sites = load.sites.set_index("name")
    assert sites.loc["黄浦区图书馆", "placement"] == placement_text("gazetteer", 1.0, "上海市黄浦区南京东路100号")
    assert sites.loc["黄浦区图书馆", "placement"] == "gazetteer 1.00: 上海市黄浦区南京东路100号"
    assert sites.loc["松江学习点"].geometry.x == pytest.approx(121.23, abs=1e-6)
    assert set(load.rejected["line"]) == {4, 6}


def test_a_placement_outside_the_rows_district_is_flagged(tmp_path):
    """The file's own district field said 黄浦区 for a point the office's polygons put in 静安区."""
    rows = pd.DataFrame({"门牌地址": ["黄浦区南京东路1号"]})
    gazetteer = Gazetteer.from_frame(rows, [121.45], [31.24], source="slip")
    registry = tmp_path / "list.csv"
    registry.write_text("名称,类别,地址,区\n甲,学习点,南京东路1号,黄浦区\n", encoding="utf-8")
    districts = Districts(names=("黄浦区", "静安区"), polygons=np.array([HUANGPU, JINGAN]))
    load = read_registry(registry, placers=[gazetteer], districts=districts)
    assert load.unplaced["line"].tolist() == [2]
    (suggestion,) = load.unplaced["suggestions"].iloc[0]
    assert (suggestion.method, suggestion.flag) == ("gazetteer", "outside-district")


# ------------------------------------------------------------------ a generated city with decoys

_DIGITS = "〇一二三四五六七八九"


def in_chinese(n: int) -> str:
    """1-9999 in Chinese numerals, as offices write them (十八, 一百零五, 一千二百三十)."""
    out, zero = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, unit)
        if digit:
            out += ("零" if zero and out else "") + ("" if unit == 10 and digit == 1 and not out else _DIGITS[digit])
            out += name
            zero = False
        else:
            zero = bool(out)
    return out


def full_width(text: str) -> str:
    return text.translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"})


@pytest.mark.parametrize(("n", "text"), [(18, "十八"), (10, "十"), (105, "一百零五"), (1230, "一千二百三十"),
                                          (2001, "二千零一"), (123, "一百二十三")])
def test_in_chinese_reads_back(n, text):
    assert in_chinese(n) == text
    assert chinese_number(text) == n


def test_generated_city_places_every_written_form_and_nothing_wrongly():
    """
    2,500+ addresses on 150 roads in 6 districts; 20 road names in two districts (decoys).

    600 rows copy an address the ways offices write it (traditional script, Chinese numerals,
    full-width digits, with or without the district); 100 rows give a number the file lacks.
    """
    from learning_map.city.naming import to_traditional

    rng = np.random.default_rng(22)
    districts = ["黄浦区", "静安区", "徐汇区", "长宁区", "杨浦区", "浦东新区"]
    syllables = list("安宁长乐华山淮海延平江西东南北中新民富康泰和定兴国建福寿吉祥光明永嘉")
    names: set[str] = set()
    while len(names) < 130:
        names.add("".join(rng.choice(syllables, rng.integers(2, 4))) + rng.choice(["路", "路", "大道", "街"]))
    roads = [(name, districts[k % 6]) for k, name in enumerate(sorted(names))]
    roads += [(name, districts[(k + 3) % 6]) for k, (name, _) in enumerate(roads[:20])]  # same name elsewhere
    entries = []  # (address, district, road, lane, number, lon, lat)
    for k, (road, district) in enumerate(roads):
        x0, y0 = 121.3 + 0.002 * k, 31.1 + 0.001 * (k % 50)
        for number in range(1, 2 * int(rng.integers(6, 14)), 1):
            lane = int(rng.integers(1, 30)) * 10 if rng.random() < 0.3 else 0
            text = f"上海市{district}{road}" + (f"{lane}弄" if lane else "") + f"{number}号"
            entries.append((text, district, road, lane, number, x0 + 1e-4 * number, y0 + 1e-5 * lane))
    table = pd.DataFrame(entries, columns=["标准地址", "区", "road", "lane", "number", "x", "y"])
    gazetteer = Gazetteer.from_frame(table[["标准地址", "区"]], table["x"], table["y"], source="generated")
    assert len(gazetteer) == len(entries) > 2500
    # Which (road, lane, number) is in two districts: without a district such a row is ambiguous.
    twice = table.groupby(["road", "lane", "number"])["区"].transform("nunique") > 1

    placed = wrong = ambiguous_placed = 0
    for k in rng.choice(len(entries), 600, replace=False):
        text, district, road, lane, number, x, y = entries[k]
        house = (f"{in_chinese(lane)}弄" if lane else "") + f"{in_chinese(number)}号" if rng.random() < 0.4 else \
            (f"{lane}弄" if lane else "") + f"{number}号"
        address = road + house
        column = district if rng.random() < 0.5 else ""
        if rng.random() < 0.3:
            address = district + address
        if rng.random() < 0.3:
            address, column = to_traditional(address), to_traditional(column)
        if rng.random() < 0.3:
            address = full_width(address)
        said_district = bool(column) or address.startswith((district, to_traditional(district)))
        attempt = gazetteer.match(address, column)
        if attempt.placed is None:
            assert twice.iloc[k], (address, column)  # only the decoys ...
            assert not said_district, (address, column)  # ... without a district
            continue
        placed += 1
        if attempt.placed.matched != text or (attempt.placed.lon, attempt.placed.lat) != pytest.approx((x, y)):
            wrong += 1
        ambiguous_placed += bool(twice.iloc[k] and not said_district)
    assert wrong == 0
    assert ambiguous_placed == 0
    assert placed >= 550
    # Numbers the file does not have: never placed, the nearest ones suggested.
    for road, district in roads[:100]:
        attempt = gazetteer.match(f"{road}999号", district)
        assert attempt.placed is None
        assert attempt.suggestions
