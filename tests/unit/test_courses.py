"""Courses: time slots, the taxonomy as data, the courses reader, the store, and the filters."""

from __future__ import annotations

import datetime as dt
import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from learning_map.base.problems import said
from learning_map.city.courses.catalogue import CourseCatalogue, CourseFilter, offering_mask
from learning_map.city.courses.files import read_courses
from learning_map.city.courses.schedule import (
    ScheduleError,
    is_enrolling,
    parse_audience,
    parse_date,
    parse_slots,
    time_of_day,
)
from learning_map.city.courses.taxonomy import CITY_TAXONOMY_FILE, default_taxonomy, load_taxonomy
from learning_map.errors import InputFileError, ParameterError, StoreError
from learning_map.store.catalogue import catalogue_from_store
from tests.old_store import add_old_site

TODAY = dt.date(2026, 3, 10)

# ------------------------------------------------------------------ time slots, audience, dates


def test_time_slots_are_parsed_into_one_slot_per_weekday():
    assert parse_slots("周二 09:00-11:00; Thu 14:00-16:00") == [
        {"weekday": "tu", "start": "09:00", "end": "11:00"},
        {"weekday": "th", "start": "14:00", "end": "16:00"},
    ]
    assert [s["weekday"] for s in parse_slots("周一至五 18:30-20:00")] == ["mo", "tu", "we", "th", "fr"]
    assert [s["weekday"] for s in parse_slots("Mo-Fr 08:00-09:00")] == ["mo", "tu", "we", "th", "fr"]
    assert [s["weekday"] for s in parse_slots("周二、四 9:00～10:30")] == ["tu", "th"]
    assert parse_slots("星期六 14：00—16：00；週日 10:00-11:00") == [
        {"weekday": "sa", "start": "14:00", "end": "16:00"},
        {"weekday": "su", "start": "10:00", "end": "11:00"},
    ]
    assert parse_slots("Sat/Sun 19:00 to 21:00")[1] == {"weekday": "su", "start": "19:00", "end": "21:00"}


@pytest.mark.parametrize(("text", "reason"), [
    ("", "missing time slots"),
    ("周八 09:00-10:00", "is not a weekday"),
    ("周二 上午", "is not like Tue 09:00-11:00 / .* 格式应如 周二 09:00-11:00"),
    ("周二 25:00-26:00", "impossible time"),
    ("周二 11:00-09:00", "ends before it starts"),
    ("09:00-10:00", "no weekday"),
])
def test_bad_time_slots_say_why(text, reason):
    with pytest.raises(ScheduleError, match=reason):
        parse_slots(text)


def test_time_of_day_boundaries():
    assert [time_of_day(t) for t in ("06:00", "11:59", "12:00", "17:59", "18:00", "23:00")] == [
        "morning", "morning", "afternoon", "afternoon", "evening", "evening"]


def test_audience_and_dates():
    assert [parse_audience(v) for v in ("", None, "全年龄", "老年", "長者", "elderly", "青少年", "Youth")] == [
        "all", "all", "all", "elderly", "elderly", "elderly", "youth", "youth"]
    with pytest.raises(ScheduleError, match="audience"):
        parse_audience("宠物")
    assert parse_date("2026/3/1") == parse_date("2026年3月1日") == parse_date("2026-03-01") == dt.date(2026, 3, 1)
    assert parse_date(dt.datetime(2026, 3, 1, 0, 0)) == dt.date(2026, 3, 1)  # an Excel date cell
    assert parse_date("") is None
    with pytest.raises(ScheduleError, match="not a date"):
        parse_date("2026-02-30")
    day = dt.date(2026, 3, 1)
    assert is_enrolling(day, day, day)
    assert not is_enrolling(day, day, day + dt.timedelta(days=1))
    assert is_enrolling(None, day, day)
    assert is_enrolling(day, None, day + dt.timedelta(days=99))
    assert not is_enrolling(None, None, day)  # nobody said enrolment is open


# ------------------------------------------------------------------ taxonomy as data


def test_builtin_taxonomy_reads_chinese_traditional_english_and_keys():
    taxonomy = default_taxonomy()
    assert 24 <= len(taxonomy.keys) <= 30
    assert {"calligraphy_painting", "smartphone_it", "senior_safety", "volunteering"} <= set(taxonomy.keys)
    for written in ("书画", "書畫", "Calligraphy & painting", "calligraphy_painting", "书法", " 國畫 "):
        assert taxonomy.resolve(written) == "calligraphy_painting", written
    assert taxonomy.resolve("智能手机") == taxonomy.resolve("智能手機與信息技術") == "smartphone_it"
    assert taxonomy.resolve("跳伞") is None
    assert taxonomy.label("tea", "zh") == "茶艺"
    assert taxonomy.label("tea", "en") == "Tea culture"


CITY_TAXONOMY = """
[[categories]]
key = "skydiving"
zh = "跳伞"
en = "Skydiving"
aliases = ["高空跳伞"]

[[categories]]
key = "music"
zh = "音乐"
en = "Music"
"""


def test_a_city_replaces_the_taxonomy_with_its_own_file(tmp_path):
    (tmp_path / CITY_TAXONOMY_FILE).write_text(CITY_TAXONOMY, encoding="utf-8")
    taxonomy = load_taxonomy(city_dir=tmp_path)
    assert taxonomy.keys == ["skydiving", "music"]
    courses = tmp_path / "courses.csv"
    courses.write_text(
        "编号,课程名称,类别,上课时间\n"
        "a,跳伞入门,高空跳伞,周六 09:00-12:00\n"
        "a,书法,书画,周二 09:00-11:00\n", encoding="utf-8")
    load = read_courses(courses, taxonomy=taxonomy)
    assert load.courses["category"].tolist() == ["skydiving"]
    assert load.rejected["line"].tolist() == [3]
    assert "unknown category '书画'" in said(load.rejected["reason"].iloc[0], "en")
    # The built-in taxonomy reads the same file the other way round.
    load = read_courses(courses)
    assert load.courses["category"].tolist() == ["calligraphy_painting"]
    assert load.rejected["line"].tolist() == [2]
    # --taxonomy FILE wins over the city's file.
    other = tmp_path / "other.toml"
    other.write_text(CITY_TAXONOMY.replace("skydiving", "parachute"), encoding="utf-8")
    assert load_taxonomy(other, city_dir=tmp_path).keys == ["parachute", "music"]


@pytest.mark.parametrize(("text", "reason"), [
    ("x = 1", "no \\[\\[categories\\]\\]"),
    ('[[categories]]\nkey = "Bad Key"\nzh = "a"\nen = "b"', "invalid key"),
    ('[[categories]]\nkey = "a"\nzh = "甲"\nen = "A"\n[[categories]]\nkey = "b"\nzh = "乙"\nen = "A"', "names both"),
    ("not toml [", "not a TOML"),
])
def test_bad_taxonomy_files_are_refused(tmp_path, text, reason):
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError, match=reason):
        load_taxonomy(path)


# ------------------------------------------------------------------ the courses reader

COURSES_CSV = (
    "编号,课程名称,英文名称,类别,对象,学期,报名开始,报名截止,上课时间,名额,费用,报名电话,报名网址\n"
    'a,智能手机入门,Smartphone basics,智能手机,老年,2026春季班,2026-02-01,2026-03-31,"周二 09:00-11:00; Thu 14:00-16:00",30,免费,+853 2835 1234,https://example.org/enrol\n'
    "a,书法,,書畫,全年龄,秋季班,2026/9/1,2026年9月20日,周一至周五 18:30-20:00,,120,,\n"
    "b,坏时间,,音乐,,,,,周八 09:00-10:00,,,,\n"
    "zz,未知场所,,音乐,,,,,周一 09:00-10:00,,,,\n"
    "a,未知类别,,跳伞,,,,,周一 09:00-10:00,,,,\n"
    "a,坏日期,,音乐,,,2026-02-30,,周一 09:00-10:00,,,,\n"
    "a,倒着的报名,,音乐,,,2026-03-01,2026-02-01,周一 09:00-10:00,,,,\n"
    "a,坏名额,,音乐,,,,,周一 09:00-10:00,三十,,,\n"
    "a,坏费用,,音乐,,,,,周一 09:00-10:00,,=1+1,,\n"
    "b,,,音乐,,,,,周一 09:00-10:00,,,,\n"
    "b,对象不明,,音乐,宠物,,,,周一 09:00-10:00,,,,\n"
)


def test_bad_course_rows_are_reported_by_line_and_good_rows_load(tmp_path):
    path = tmp_path / "courses.csv"
    path.write_text(COURSES_CSV, encoding="utf-8")
    load = read_courses(path, site_ids=["a", "b"])
    assert load.courses["name"].tolist() == ["智能手机入门", "书法"]
    assert load.courses["line"].tolist() == [2, 3]
    first = load.courses.iloc[0]
    assert (first["category"], first["audience"], first["seats"], first["fee"]) == ("smartphone_it", "elderly", 30, 0.0)
    assert json.loads(first["slots"])[1] == {"weekday": "th", "start": "14:00", "end": "16:00"}
    assert load.courses.iloc[1]["enrol_end"] == "2026-09-20"
    reasons = {line: said(reason, "en") for line, reason in zip(load.rejected["line"], load.rejected["reason"],
                                                                strict=True)}
    assert sorted(reasons) == list(range(4, 13))
    expected = {4: "is not a weekday", 5: "unknown site id 'zz'", 6: "unknown category '跳伞'",
                7: "is not a date", 8: "enrolment ends", 9: "seats '三十'", 10: "fee '=1+1'",
                11: "missing course name", 12: "audience '宠物'"}
    for line, words in expected.items():
        assert words in reasons[line], (line, reasons[line])
    # Rejected rows keep what the file had, to fix and load again.
    assert load.rejected.set_index("line").loc[5, "课程名称"] == "未知场所"
    assert load.rejected_lines()[0] == "  line 4: '周八' is not a weekday / 第 4 行：无法识别星期 '周八'"
    assert load.rejected_lines(locale="pt")[0] == "  linha 4: '周八' não é um dia da semana"


def test_courses_sheet_of_the_registry_workbook_keeps_excel_row_numbers(tmp_path):
    from learning_map.city.courses.files import course_sheet

    path = tmp_path / "名录.xlsx"
    sites = pd.DataFrame({"编号": ["a"], "名称": ["图书馆"], "类别": ["图书馆"], "经度": [113.54], "纬度": [22.19]})
    courses = pd.DataFrame({"编号": ["a", "a"], "课程名称": ["合唱", "坏"], "类别": ["音乐", "音乐"],
                            "上课时间": ["周三 15:00-16:30", "周三"],
                            "报名截止": [dt.datetime(2026, 4, 1), None]})
    with pd.ExcelWriter(path) as writer:
        sites.to_excel(writer, sheet_name="站点", index=False)
        courses.to_excel(writer, sheet_name="课程", index=False)
    assert course_sheet(path) == "课程"
    load = read_courses(path)
    assert load.courses["name"].tolist() == ["合唱"]
    assert load.courses["enrol_end"].tolist() == ["2026-04-01"]
    assert load.rejected["line"].tolist() == [3]


def test_a_courses_file_without_required_columns_is_refused(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("编号,课程名称,类别\na,合唱,音乐\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="no schedule column"):
        read_courses(path)


# ------------------------------------------------------------------ the registry store (both backends)


def sites(*ids: str) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"site_id": list(ids), "name": [f"站点{i}" for i in ids], "category": ["library"] * len(ids)},
        geometry=shapely.points(np.linspace(113.54, 113.55, len(ids)), [22.19] * len(ids)), crs="EPSG:4326",
    )


def course_rows(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """Courses from (site_id, name, category key) with a Tuesday-morning slot."""
    from learning_map.city.courses.files import COURSE_FIELDS

    records = [{"site_id": s, "name": n, "name_en": None, "category": c, "audience": "all", "term": None,
                "enrol_start": None, "enrol_end": None, "schedule": "周二 09:00-11:00",
                "slots": json.dumps(parse_slots("周二 09:00-11:00")), "seats": None, "fee": None,
                "enrol_phone": None, "enrol_url": None} for s, n, c in rows]
    return pd.DataFrame(records, columns=list(COURSE_FIELDS), dtype=object)


def names(store, year, site_id=None) -> list[str]:
    frame = store.courses(year, site_ids=[site_id] if site_id else None)
    return frame["name"].tolist()


def test_a_years_courses_are_replaced_per_site_atomically(store_target):
    store = store_target.open()
    store.import_sites(sites("a", "b"), year=2026, source="r.csv")
    first = store.import_courses(course_rows(("a", "合唱", "music"), ("a", "书法", "calligraphy_painting"),
                                             ("b", "太极", "sports")), year=2026, source="c1.csv")
    assert (first.sites, first.added, first.removed) == (2, 3, 0)
    store.import_courses(course_rows(("a", "旧课", "music")), year=2025, source="old.csv")
    # Re-import of 2026 for site a only: a's 2026 courses replaced, b's and 2025's kept.
    again = store.import_courses(course_rows(("a", "手机", "smartphone_it")), year=2026, source="c2.csv")
    assert (again.sites, again.added, again.removed) == (1, 1, 2)
    assert names(store, 2026) == ["手机", "太极"]
    assert names(store, 2025) == ["旧课"]
    assert store.course_years() == [2025, 2026]
    assert store.courses(2026)["slots"].iloc[0] == [{"weekday": "tu", "start": "09:00", "end": "11:00"}]
    # A course naming a site the registry lacks: refused whole, nothing changes.
    with pytest.raises(StoreError, match="zz"):
        store.import_courses(course_rows(("a", "新", "music"), ("zz", "x", "music")), year=2026, source="bad.csv")
    assert names(store, 2026) == ["手机", "太极"]


def test_dump_and_restore_carry_the_courses(store_target, tmp_path):
    store = store_target.open()
    store.import_sites(sites("a", "b"), year=2026, source="r.csv")
    store.import_courses(course_rows(("a", "合唱", "music"), ("b", "太极", "sports")), year=2026, source="c.csv")
    dump = store.dump(tmp_path / "registry.jsonl")
    lines = [json.loads(line) for line in dump.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["version"] == 3
    assert [line["row"]["name"] for line in lines if line.get("table") == "courses"] == ["合唱", "太极"]
    store.import_courses(course_rows(("a", "变了", "music")), year=2026, source="c2.csv")
    counts = store.restore(dump, replace=True)
    assert counts["courses"] == 2
    assert names(store, 2026) == ["合唱", "太极"]
    assert store.dump(tmp_path / "again.jsonl").read_bytes() == dump.read_bytes()
    # A dump written before courses (version 2) restores and leaves no courses of the old sites.
    old = [dict(lines[0], version=2)] + [line for line in lines[1:] if line["table"] != "courses"]
    v2 = tmp_path / "v2.jsonl"
    v2.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in old), encoding="utf-8")
    assert "courses" not in store.restore(v2, replace=True)
    assert store.courses().empty
    assert sorted(store.all_sites()["site_id"]) == ["a", "b"]


def test_migration_5_upgrades_a_version_4_store(store_target, monkeypatch):
    import sqlalchemy as sa

    import learning_map.store.migrations as migrations

    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:4])
        old = store_target.open()
        assert old.schema_versions() == [1, 2, 3, 4]
        add_old_site(old, "a", "甲", "library", 2025, 113.54, 22.19)
        with old._read() as conn:
            assert not sa.inspect(conn).has_table("courses")
        old.close()
    store = store_target.open()
    assert store.applied_migrations[0] == 5  # and any later ones
    assert store.schema_versions()[:5] == [1, 2, 3, 4, 5]
    assert sorted(store.sites_as_of(2025)["site_id"]) == ["a"]  # data kept
    assert store.courses().empty
    store.import_courses(course_rows(("a", "合唱", "music")), year=2025, source="c.csv")
    assert names(store, 2025) == ["合唱"]


# ------------------------------------------------------------------ filters on a hand-made city


@pytest.fixture(scope="module")
def city():
    """
    A 5 x 5 grid of 100 m blocks; sites at (0,0) A, (100,0) B, (200,0) D and (400,400) C.

    A: smartphone class for the elderly, Tuesday 09:00, enrolling on TODAY.
    B: calligraphy for all ages, Thursday 14:00, enrolment closed.
    C: smartphone class for youth, Tuesday 19:00, enrolment from TODAY on.
    D: no course.
    """
    from learning_map.analysis.query import PointQueries
    from learning_map.base.schema import SITE_COLUMNS
    from learning_map.bundle.core import CityBundle
    from learning_map.walking.synthetic import grid_network
    from learning_map.web.service import CityService

    network = grid_network(5, 5, spacing_m=100.0)
    x, y = np.array([0.0, 100.0, 200.0, 400.0]), np.array([0.0, 0.0, 0.0, 400.0])
    lon, lat = network.transformer_to_wgs84.transform(x, y)
    frame = {c: [""] * 4 for c in SITE_COLUMNS}
    frame.update(site_id=["A", "B", "D", "C"], name=["甲", "乙", "丁", "丙"], category=["library"] * 4)
    site_table = gpd.GeoDataFrame(frame, geometry=shapely.points(lon, lat), crs="EPSG:4326")
    bundle = CityBundle(path=None, meta={"name": "grid"}, network=network, sites=site_table, demand=None,
                        places=[])

    def course(site_id, name, category, audience, schedule, start, end):
        return {"site_id": site_id, "name": name, "name_en": None, "category": category,
                "audience": audience, "term": "春季班", "enrol_start": start, "enrol_end": end,
                "schedule": schedule, "slots": parse_slots(schedule), "seats": 20, "fee": 0.0,
                "enrol_phone": None, "enrol_url": None}

    day = dt.timedelta(days=1)
    courses = pd.DataFrame([
        course("A", "手机入门", "smartphone_it", "elderly", "周二 09:00-11:00",
               (TODAY - day).isoformat(), (TODAY + day).isoformat()),
        course("B", "书法", "calligraphy_painting", "all", "周四 14:00-16:00", "2026-01-01", "2026-01-31"),
        course("C", "手机摄影", "smartphone_it", "youth", "周二 19:00-21:00", TODAY.isoformat(), None),
    ])
    catalogue = CourseCatalogue(courses, year=2026)
    catalogue.today = lambda: TODAY  # the city's "today", fixed for the test
    return CityService(bundle, PointQueries(bundle.model), 60.0, catalogue)


def found(svc, **args) -> list[str]:
    wanted = svc.check_course_filter(args)
    return sorted(f["properties"]["site_id"] for f in svc.sites_geojson(None, None, wanted)["features"])


def test_course_filters_give_exactly_the_right_sites(city):
    assert found(city) == ["A", "B", "C", "D"]  # no course filter: every site, as before
    assert found(city, course_category="smartphone_it") == ["A", "C"]
    assert found(city, course_category="smartphone_it", audience="elderly") == ["A"]
    assert found(city, audience="elderly") == ["A", "B"]  # B's course is for all ages
    assert found(city, audience="all") == ["B"]
    assert found(city, audience="youth") == ["B", "C"]
    assert found(city, weekday="tu") == ["A", "C"]
    assert found(city, weekday="tu", time_of_day="evening") == ["C"]
    assert found(city, weekday="th,fr", time_of_day="afternoon") == ["B"]
    assert found(city, weekday="th", time_of_day="morning") == []  # same slot must match both
    assert found(city, time_of_day="morning,evening") == ["A", "C"]
    assert found(city, enrolling="true") == ["A", "C"]
    assert found(city, enrolling="false") == ["A", "B", "C", "D"]
    assert found(city, course_category="calligraphy_painting", enrolling="true") == []


def test_each_site_lists_its_matching_courses(city):
    wanted = city.check_course_filter({"audience": "elderly"})
    features = {f["properties"]["site_id"]: f["properties"]
                for f in city.sites_geojson(None, None, wanted)["features"]}
    assert [c["name"] for c in features["A"]["courses"]] == ["手机入门"]
    course = features["A"]["courses"][0]
    assert course["enrolling"] is True
    assert course["category_zh"] == "智能手机与信息技术"
    assert course["slots"] == [{"weekday": "tu", "start": "09:00", "end": "11:00", "time_of_day": "morning",
                                "label_zh": "周二 09:00–11:00", "label_en": "Tue 09:00–11:00"}]
    assert features["B"]["courses"][0]["enrolling"] is False
    # Without a course filter the records are unchanged (no courses key).
    assert "courses" not in city.sites_geojson(None, None, None)["features"][0]["properties"]


def test_reachable_counts_only_sites_with_a_matching_course(city):
    lon, lat = city.bundle.sites.geometry.x.iloc[0], city.bundle.sites.geometry.y.iloc[0]
    everything = city.reachable_geojson(lon, lat, minutes=5, pace="normal", categories=None)
    assert [f["properties"]["site_id"] for f in everything["features"]] == ["A", "B", "D"]  # 400 m
    phones = city.reachable_geojson(lon, lat, minutes=5, pace="normal", categories=None,
                                    courses=city.check_course_filter({"course_category": "smartphone_it"}))
    assert [f["properties"]["site_id"] for f in phones["features"]] == ["A"]
    assert phones["features"][0]["properties"]["courses"][0]["name"] == "手机入门"
    evening = city.reachable_geojson(lon, lat, minutes=5, pace="normal", categories=None,
                                     courses=city.check_course_filter({"weekday": "tu", "time_of_day": "evening"}))
    assert evening["features"] == []
    beyond = evening["nearest_beyond"]["properties"]
    assert beyond["site_id"] == "C"
    assert beyond["walk_m"] == pytest.approx(800.0)
    assert [c["name"] for c in beyond["courses"]] == ["手机摄影"]


@pytest.mark.parametrize(("args", "parameter"), [
    ({"course_category": "skydiving"}, "course_category"),
    ({"course_category": "music,"}, "course_category"),
    ({"audience": "pets"}, "audience"),
    ({"weekday": "monday"}, "weekday"),
    ({"weekday": "mo,,tu"}, "weekday"),
    ({"time_of_day": "night"}, "time_of_day"),
    ({"enrolling": "yes"}, "enrolling"),
    ({"weekday": "mo," * 40}, "weekday"),
])
def test_invalid_filter_values_name_their_parameter(city, args, parameter):
    with pytest.raises(ParameterError) as caught:
        city.check_course_filter(args)
    assert caught.value.parameter == parameter
    assert " / " in caught.value.reason  # bilingual


def test_offering_mask_for_the_planner(city):
    mask = offering_mask(city.bundle.sites["site_id"], city.courses, ["smartphone_it"])
    assert mask.tolist() == [True, False, False, True]
    assert CourseFilter().active is False


def test_reading_courses_never_creates_a_registry(store_target):
    import sqlalchemy as sa

    catalogue = catalogue_from_store(store_target.bundle_dir, url=store_target.url,
                                     schema=store_target.schema)
    assert len(catalogue) == 0
    assert catalogue.year is None
    if store_target.url is None:
        assert list(store_target.bundle_dir.iterdir()) == []  # no registry.gpkg appeared
        return
    engine = sa.create_engine(store_target.url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as conn:
            tables = conn.execute(sa.text("SELECT count(*) FROM information_schema.tables "
                                          "WHERE table_schema IN (:s, 'public') AND table_name = 'sites'"),
                                  {"s": store_target.schema}).scalar()
    finally:
        engine.dispose()
    assert tables == 0


def test_enrolling_is_judged_on_today_in_the_citys_time_zone():
    from learning_map.city.courses.catalogue import city_timezone, local_today

    assert city_timezone((113.52, 22.10, 113.60, 22.22)) == "Asia/Macau"
    assert city_timezone((121.40, 31.15, 121.55, 31.30)) == "Asia/Shanghai"
    assert city_timezone((14.40, 35.80, 14.60, 35.95)) == "UTC"  # Malta: no calendar kept
    # UTC+14 and UTC-11 are always 1 or 2 dates apart: a window opening "today" in the first
    # has not opened yet in the second.
    ahead = local_today("Pacific/Kiritimati")
    courses = pd.DataFrame([{"site_id": "A", "name": "茶艺", "name_en": None, "category": "tea",
                             "audience": "all", "term": None, "enrol_start": ahead.isoformat(),
                             "enrol_end": (ahead + dt.timedelta(days=1)).isoformat(),  # a midnight passing
                             "schedule": "周一 09:00-10:00",
                             "slots": parse_slots("周一 09:00-10:00"), "seats": None, "fee": None,
                             "enrol_phone": None, "enrol_url": None}])
    wanted = CourseFilter(enrolling=True)
    assert list(CourseCatalogue(courses, timezone="Pacific/Kiritimati").matching(wanted)) == ["A"]
    assert CourseCatalogue(courses, timezone="Pacific/Pago_Pago").matching(wanted) == {}


def test_the_server_takes_the_latest_course_year_up_to_now(store_target):
    store = store_target.open()
    store.import_sites(sites("a"), year=2024, source="r.csv")
    for year, name in ((2024, "旧"), (2025, "今"), (2030, "将来")):
        store.import_courses(course_rows(("a", name, "music")), year=year, source=f"{year}.csv")

    def catalogue(**kwargs):
        return catalogue_from_store(store_target.bundle_dir, url=store_target.url,
                                    schema=store_target.schema, **kwargs)

    latest = catalogue(today=dt.date(2026, 5, 1))
    assert latest.year == 2025
    assert [c["name"] for c in latest.site_courses("a")] == ["今"]
    assert catalogue(today=dt.date(2020, 1, 1)).year == 2024  # none yet: the earliest
    assert catalogue(year=2030).site_courses("a")[0]["name"] == "将来"


def test_course_category_labels_come_in_every_locale():
    """Built-in labels are catalogue messages; a city's own category keeps its own words."""
    from learning_map.city.courses.taxonomy import default_taxonomy, taxonomy_from_text

    builtin = default_taxonomy()
    assert [builtin.label("smartphone_it", loc) for loc in ("zh_Hans", "zh_Hant", "en", "pt")] == [
        "智能手机与信息技术", "智能手機與資訊科技", "Smartphones & IT", "Telemóveis e informática"]
    assert builtin.label("music", "zh") == "音乐"  # the label as written (older callers)
    own = taxonomy_from_text('[[categories]]\nkey = "kites"\nzh = "风筝制作"\nen = "Kite making"\n', source="city")
    assert [own.label("kites", loc) for loc in ("zh_Hans", "zh_Hant", "en", "pt")] == [
        "风筝制作", "風箏製作", "Kite making", "Kite making"]
