"""The chain's ``name`` step (learning_map.city.name_match): hand-checkable forms, real Shanghai names, a generated city, Macau."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from learning_map.city.districts import Districts
from learning_map.city.name_match import (
    ACCEPT_SCORE,
    FEATURE_COLUMNS,
    DistrictPrefixes,
    NameMatcher,
    dice,
    is_closed,
    name_forms,
    named_features,
)
from learning_map.city.registry_file import read_registry
from learning_map.io.osm import read_osm
from tests.conftest import SHARED_DATA, need_shared
from tests.hand_osm import HandOsm, lonlat
from tests.name_city import generate

if TYPE_CHECKING:
    from pathlib import Path

SHANGHAI = SHARED_DATA / "shanghai"


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance (m) between two WGS84 points a few km apart."""
    dx = math.radians(a[0] - b[0]) * math.cos(math.radians(a[1]))
    return 6_371_000.0 * math.hypot(dx, math.radians(a[1] - b[1]))


def features(*rows: tuple[str, float, float]) -> gpd.GeoDataFrame:
    """A features frame of (name, x_m, y_m) rows, as named_features gives."""
    points = [shapely.Point(lonlat(x, y)) for _, x, y in rows]
    frame = {column: [""] * len(rows) for column in FEATURE_COLUMNS}
    frame["name"] = [name for name, _, _ in rows]
    frame["kind"] = ["amenity=library"] * len(rows)
    frame["osm_type"] = ["node"] * len(rows)
    frame["osm_id"] = list(range(1, len(rows) + 1))
    return gpd.GeoDataFrame(frame, geometry=points, crs="EPSG:4326")


def two_districts() -> Districts:
    """东湖区 west of x = 2 km, 西山区 east of it (4 km tall)."""
    west = shapely.Polygon([lonlat(x, y) for x, y in ((0, 0), (2000, 0), (2000, 4000), (0, 4000))])
    east = shapely.Polygon([lonlat(x, y) for x, y in ((2000, 0), (4000, 0), (4000, 4000), (2000, 4000))])
    return Districts.from_frame(gpd.GeoDataFrame({"district": ["东湖区", "西山区"]}, geometry=[west, east],
                                                 crs="EPSG:4326"), "district")


# -- forms and scores, by hand --------------------------------------------------------------

def test_forms_fold_prefixes_and_variants() -> None:
    prefixes = DistrictPrefixes.from_names(["黄浦区"])
    assert name_forms("上海市黃浦區少年兒童圖書館", prefixes) == ("上海市黄浦区少年儿童图书馆", "黄浦少儿图书馆", "少儿图书馆")
    # Full-width digits fold to half-width, then numbers to Chinese numerals.
    assert name_forms("曲阳第２中学", prefixes)[1] == "曲阳第二中学"
    # 社区学院 / 成人学校 are the community school; 街道 is left out; (总馆) is the place itself.
    assert name_forms("南京东路街道社区学院", prefixes)[1] == name_forms("南京东路社区学校", prefixes)[1]
    assert name_forms("黄浦区成人学校", prefixes)[1] == "黄浦社区学校"
    assert name_forms("浦东图书馆（总馆）", prefixes)[1] == "浦东图书馆"
    assert name_forms("上海图书馆东分馆", prefixes)[1] == "上海图书馆东馆"
    # A bare form too short to mean a place is not kept: 黄浦区图书馆 never becomes 图书馆.
    assert name_forms("黄浦区图书馆", prefixes) == ("黄浦区图书馆", "黄浦图书馆", "")
    # The city stays when the rest would be too short (上海市图书馆), goes otherwise.
    assert name_forms("上海市图书馆", prefixes)[1] == "上海市图书馆"
    assert name_forms("上海市曲阳第二中学", prefixes)[1] == "曲阳第二中学"


def test_dice_by_hand() -> None:
    # 南京东路社区学校 / 南京西路社区学校: 7 bigrams each, 5 shared -> 10/14.
    assert dice("南京东路社区学校", "南京西路社区学校") == pytest.approx(10 / 14)
    assert dice("图书馆", "图书馆") == 1.0
    assert dice("", "图书馆") == 0.0


def test_closed_features() -> None:
    assert is_closed({"disused:amenity": "library", "building": "yes", "name": "x"})
    assert is_closed({"amenity": "library", "opening_hours": "closed"})
    assert is_closed({"amenity": "school", "disused": "yes"})
    assert not is_closed({"amenity": "library", "opening_hours": "Mo-Fr 09:00-17:00"})


# -- the matcher's decisions, by hand ------------------------------------------------------

def test_exact_variant_and_prefix_are_placed() -> None:
    matcher = NameMatcher(features(("东湖区图书馆", 500, 500), ("安平社区学校", 1000, 1000),
                                   ("康宁图书馆", 3000, 500)), districts=two_districts())
    attempts = matcher.place(pd.DataFrame({
        "name": ["上海市東湖區圖書館", "安平街道社区学院", "康宁图书馆（总馆）"],
        "district": ["", "东湖区", "西山"]}))
    placed = [a.placed for a in attempts]
    assert [p.matched for p in placed] == ["东湖区图书馆", "安平社区学校", "康宁图书馆"]
    # Folded-equal after the city prefix and district stem: 0.95; variants: 0.95.
    assert [p.confidence for p in placed] == [0.95, 0.95, 0.95]
    assert metres((placed[0].lon, placed[0].lat), lonlat(500, 500)) < 1


def test_same_name_in_another_district_is_only_suggested() -> None:
    matcher = NameMatcher(features(("安平图书馆", 500, 500)), districts=two_districts())
    attempt = matcher.place_one("安平图书馆", "西山区")
    assert attempt.placed is None
    assert [s.matched for s in attempt.suggestions] == ["安平图书馆"]


def test_two_of_one_name_without_district_go_to_hand() -> None:
    matcher = NameMatcher(features(("安平图书馆", 500, 500), ("安平图书馆", 3000, 500)), districts=two_districts())
    assert matcher.place_one("安平图书馆").placed is None
    assert len(matcher.place_one("安平图书馆").suggestions) == 2
    # Naming the district decides it.
    assert matcher.place_one("安平图书馆", "西山区").placed.lon == pytest.approx(lonlat(3000, 500)[0])


def test_node_and_building_of_one_place_are_one_place() -> None:
    matcher = NameMatcher(features(("安平图书馆", 500, 500), ("安平图书馆", 520, 500)))
    assert matcher.place_one("安平图书馆").placed is not None


def test_near_identical_names_are_not_placed() -> None:
    matcher = NameMatcher(features(("南京西路社区学校", 500, 500)))
    attempt = matcher.place_one("南京东路社区学校")
    assert attempt.placed is None
    assert attempt.suggestions[0].confidence == pytest.approx(0.9 * 10 / 14, abs=1e-3)
    assert attempt.suggestions[0].confidence < ACCEPT_SCORE


def test_exact_name_beats_a_variant_of_it() -> None:
    # 1.00 against 0.95: a clear enough winner (UNIQUE_MARGIN); two variants (0.95, 0.95) are not.
    matcher = NameMatcher(features(("安平社区学校", 500, 500), ("安平社区学院", 1500, 500)))
    assert matcher.place_one("安平社区学校").placed.matched == "安平社区学校"
    assert matcher.place_one("安平成人学校").placed is None


def test_named_features_reads_names_kinds_and_leaves_closed_out(tmp_path: Path) -> None:
    osm = HandOsm()
    osm.line([(0, 0), (500, 0)], {"highway": "footway"})
    osm.node(100, 50, **{"name": "安平图书馆", "name:zh-Hant": "安平圖書館", "amenity": "library"})
    osm.node(400, 50, **{"name": "安平图书馆", "amenity": "library", "opening_hours": "closed"})
    refs = [osm.node(x, y) for x, y in ((200, 100), (230, 100), (230, 130), (200, 130))]
    osm.way([*refs, refs[0]], {"building": "yes", "name": "旧图书馆", "disused:amenity": "library"})
    osm.node(300, 50, **{"name": "康宁街道办事处", "office": "government"})
    osm.node(300, 80, **{"name": "无名商店"})  # a name, but nothing it is: not a feature
    frame = named_features(read_osm(osm.write(tmp_path / "hand.osm"), addresses=True))
    assert list(frame.columns) == [*FEATURE_COLUMNS, "geometry"]
    assert frame["name"].tolist() == ["安平图书馆", "康宁街道办事处"]
    assert frame["name_zh_hant"].tolist() == ["安平圖書館", ""]
    assert frame["kind"].tolist() == ["amenity=library", "office=government"]


# -- real Shanghai names, written as offices write them -------------------------------------

# (as an office writes it, its district, the OSM object it is): the learning places of the two
# Shanghai extracts (district prefixes, 分馆/总馆, full-width digits, traditional script).
SHANGHAI_ROWS = (
    ("上海市杨浦区同济大学图书馆", "杨浦区", "relation", 19896868),
    ("同濟大學德文圖書館", "杨浦", "node", 4279565297),
    ("上海市曲阳第２中学", "虹口区", "way", 1068911079),
    ("曲陽第四小學", "虹口区", "way", 1093112842),
    ("上海市南湖职校第２分校", "虹口", "way", 1093112848),
    ("民办沪东外国语学校", "杨浦区", "way", 1367326107),
    ("楊浦區同濟大學設計創意學院", "", "way", 527987473),
    ("同济大学东校区", "杨浦区", "way", 871639330),
    ("同济大学", "上海市杨浦区", "relation", 18788116),
    ("上大附中", "宝山区", "node", 4903350921),
    ("上海大学附属中学", "寶山區", "way", 447951684),
    ("上海大學(寶山校區南區)", "宝山区", "way", 447951683),
    ("上海大学（宝山校区东区）", "宝山区", "relation", 13058054),
    ("上海大学新世纪大学生村", "宝山", "way", 695946940),
    ("宝山区上海大学本部图书馆", "", "way", 978588312),
    ("钱伟长图书馆（总馆）", "宝山区", "way", 978588320),
)


@pytest.fixture(scope="module")
def shanghai_features() -> gpd.GeoDataFrame:
    need_shared(SHANGHAI / "districts.geojson")
    frames = [named_features(read_osm(SHANGHAI / name, addresses=True))
              for name in ("yangpu_tongji_siping.osm", "baoshan_shu_campus.osm")]
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")


def _placed_at(features_frame: gpd.GeoDataFrame, attempt: object) -> tuple[str, int] | None:
    placed = attempt.placed
    if placed is None:
        return None
    near = shapely.distance(features_frame.geometry.to_numpy(), shapely.Point(placed.lon, placed.lat))
    k = int(near.argmin())
    return str(features_frame["osm_type"].iloc[k]), int(features_frame["osm_id"].iloc[k])


def test_shanghai_names_as_offices_write_them(shanghai_features: gpd.GeoDataFrame) -> None:
    districts = Districts.from_file(SHANGHAI / "districts.geojson", "district")
    matcher = NameMatcher(shanghai_features, districts=districts)
    rows = pd.DataFrame([{"name": n, "district": d} for n, d, _, _ in SHANGHAI_ROWS])
    found = [_placed_at(shanghai_features, a) for a in matcher.place(rows)]
    assert found == [(t, i) for _, _, t, i in SHANGHAI_ROWS]
    # In the wrong district, or a name that is not there: suggestions only.
    assert matcher.place_one("上海大学附属中学", "杨浦区").placed is None
    assert matcher.place_one("上海大学图书馆", "宝山区").placed is None
    assert matcher.place_one("上海大学图书馆", "宝山区").suggestions


def test_shanghai_names_by_subdistrict(shanghai_features: gpd.GeoDataFrame) -> None:
    path = SHANGHAI / "subdistricts_8_central_districts.geojson"
    need_shared(path)
    subdistricts = Districts.from_file(path, "official_control_name_2023")
    matcher = NameMatcher(shanghai_features, districts=subdistricts)
    rows = pd.DataFrame({"name": ["同济大学图书馆", "曲阳第四小学", "曲阳第四小学"],
                         "district": ["四平路街道", "曲阳路街道", "四平路街道"]})
    found = [_placed_at(shanghai_features, a) for a in matcher.place(rows)]
    assert found == [("relation", 19896868), ("way", 1093112842), None]


# -- the generated city ---------------------------------------------------------------------

def score_city(city: object, attempts: list) -> dict[str, int]:
    """Rows placed within 100 m of their answer, wrongly placed, and sent to hand placement."""
    counts = {"placed": 0, "wrong": 0, "hand": 0, "hand_with_answer": 0}
    for attempt, answer in zip(attempts, city.answers, strict=True):
        if attempt.placed is None:
            counts["hand"] += 1
            counts["hand_with_answer"] += answer is not None
        elif answer is not None and metres((attempt.placed.lon, attempt.placed.lat), answer) <= 100:
            counts["placed"] += 1
        else:
            counts["wrong"] += 1
    return counts


def test_generated_city_with_decoys(tmp_path: Path) -> None:
    city = generate(tmp_path)
    matcher = NameMatcher.from_extract(read_osm(city.osm_path, addresses=True),
                                       districts=Districts.from_frame(city.districts, "district"))
    counts = score_city(city, matcher.place(pd.DataFrame(city.rows)))
    # 540 rows: 45 must go to hand (30 places missing from OSM, 15 names in two districts with
    # no district given); docs/office/placing.md reports these figures.
    assert len(city.rows) == 540
    assert counts["wrong"] < 0.01 * len(city.rows)
    assert counts == {"placed": 495, "wrong": 0, "hand": 45, "hand_with_answer": 0}


# -- Macau without addresses -----------------------------------------------------------------

@pytest.mark.parametrize(("written", "placed"), [("bilingual", 143), ("chinese", 149)])
def test_macau_demo_sites_by_name_alone(macau_pbf: Path, written: str, placed: int) -> None:
    from learning_map.city.naming import split_scripts
    from learning_map.city.sites import sites_from_features

    extract = read_osm(macau_pbf, addresses=True)
    sites = sites_from_features(extract.amenities)
    names = sites["name"].fillna("")
    if written == "chinese":  # as a mainland office writes them: the Chinese part only
        names = names.map(lambda name: split_scripts(name)[0] or name)
    matcher = NameMatcher.from_extract(extract)
    attempts = matcher.place(pd.DataFrame({"name": names}))
    points = shapely.point_on_surface(sites.geometry.to_numpy())
    city = type("City", (), {"answers": [(p.x, p.y) for p in points]})
    counts = score_city(city, attempts)
    # Every placed site is within 100 m of itself; the rest are names several campuses share
    # (澳門坊眾學校, 澳門城市大學...) and placeholder names (中小学 (School)): by hand.
    assert len(sites) == 159
    assert counts == {"placed": placed, "wrong": 0, "hand": 159 - placed, "hand_with_answer": 159 - placed}


# -- end to end through read_registry -------------------------------------------------------

def test_read_registry_places_rows_by_name(tmp_path: Path) -> None:
    matcher = NameMatcher(features(("东湖区图书馆", 500, 500), ("安平图书馆", 1000, 1000),
                                   ("安平图书馆", 3000, 1000)), districts=two_districts())
    path = tmp_path / "registry.csv"
    path.write_text("名称,类别,区,地址\n"
                    "上海市东湖区图书馆,library,东湖区,\n"
                    "安平图书馆,library,西山区,\n"
                    "安平图书馆,library,,\n", encoding="utf-8")
    load = read_registry(path, placers=[matcher], districts=two_districts())
    placement = load.placement
    assert placement["method"].tolist() == ["name", "name", ""]
    assert placement["matched"].tolist()[:2] == ["东湖区图书馆", "安平图书馆"]
    assert placement["confidence"].tolist()[:2] == [0.95, 1.0]
    assert len(load.sites) == 2
    assert len(load.unplaced) == 1
    assert len(load.unplaced["suggestions"].iloc[0]) == 2


@pytest.mark.slow
def test_thousand_rows_against_fifty_thousand_features(tmp_path: Path) -> None:
    # The scale docs/office/placing.md times: each row is scored against the few features sharing
    # its rarest bigrams (no timing assert here: the machine is shared).
    city = generate(tmp_path, places=1000, background=49000)
    matcher = NameMatcher.from_extract(read_osm(city.osm_path, addresses=True),
                                       districts=Districts.from_frame(city.districts, "district"))
    assert len(matcher.features) > 50_000
    counts = score_city(city, matcher.place(pd.DataFrame(city.rows)))
    assert counts["wrong"] < 0.01 * len(city.rows)
    assert counts["hand_with_answer"] == 0
