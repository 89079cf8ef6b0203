"""Courses from a registry workbook through the store (both backends) to the API, the site page and the planner."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
import pytest

from learning_map.web import create_app
from tests.conftest import IMG_XSS, JINJA_EXPR, JS_LINK, hostile_osm

TODAY = dt.datetime.now(dt.UTC).date()  # the tiny city has no calendar: its time zone is UTC
DAY = dt.timedelta(days=1)
HOSTILE = f"{IMG_XSS} {JINJA_EXPR}"


def workbook(path):
    """The registry workbook: a sites sheet first, then the 课程 sheet (one bad row, line 5)."""
    sites = pd.DataFrame({
        "编号": ["s1", "s2", "s3"], "名称": ["东街学习点", "西街图书馆", "北街文化中心"],
        "类别": ["社区学校", "图书馆", "文化馆"],
        "经度": [113.5405, 113.5414, 113.5432], "纬度": [22.1905, 22.1905, 22.1932],
    })
    courses = pd.DataFrame({
        "编号": ["s1", "s1", "s2", "zz"],
        "课程名称": ["智能手机入门", HOSTILE, "合唱", "无名"],
        "英文名称": ["Smartphone basics", "", "Choir", ""],
        "类别": ["智能手机", "書畫", "音乐", "音乐"],
        "对象": ["老年", "长者", "青少年", ""],
        "学期": ["春季班", "秋季班", "春季班", ""],
        "报名开始": [(TODAY - 5 * DAY).isoformat(), "2020-01-01", "", ""],
        "报名截止": [(TODAY + 5 * DAY).isoformat(), "2020-01-31", "", ""],
        "上课时间": ["周二 09:00-11:00", "周四 14:00-16:00", "周六 10:00-11:00", "周一 09:00-10:00"],
        "名额": ["30", "", "", ""], "费用": ["免费", "80", "", ""],
        "报名电话": ["+853 2835 1234", "", "", ""], "报名网址": ["https://example.org/enrol", JS_LINK, "", ""],
    })
    with pd.ExcelWriter(path) as writer:
        sites.to_excel(writer, sheet_name="站点", index=False)
        courses.to_excel(writer, sheet_name="课程", index=False)
    return path


@pytest.fixture
def course_city(store_target, tmp_path, runner):
    """A tiny grid city whose registry (sites + 课程 sheet) was imported for 2026 on one backend."""
    out = store_target.bundle_dir
    built = runner.invoke(["build", "--osm", str(hostile_osm(tmp_path / "city.osm", tmp_path / "PWNED")),
                           "--out", str(out), "--name", "课程城"])
    assert built.exit_code == 0, built.output
    imported = runner.invoke(["import", str(out), str(workbook(tmp_path / "名录.xlsx")), "--year", "2026",
                              *store_target.cli_args()])
    assert imported.exit_code == 0, imported.output
    url = store_target.cli_args()[1] if store_target.url else None
    app = create_app(out, test_config={"REGISTRY_YEAR": 2026, "DATABASE_URL": url})
    return out, url, app, imported.output


def props(response) -> dict[str, dict]:
    assert response.status_code == 200, response.get_json()
    return {f["properties"]["site_id"]: f["properties"] for f in response.get_json()["features"]}


def test_courses_round_trip_from_the_workbook_to_the_api_and_the_page(course_city):
    out, _, app, output = course_city
    # The import reported the bad course row by line and kept it for fixing.
    assert "line 5: unknown site id 'zz'" in output
    assert "第 5 行" in output
    assert "3 courses at 2 sites" in output
    assert (out / "rejected_courses.csv").is_file()
    client = app.test_client()

    phones = props(client.get("/api/sites?course_category=smartphone_it"))
    assert list(phones) == ["s1"]
    [course] = phones["s1"]["courses"]
    assert (course["name"], course["name_en"], course["enrolling"], course["seats"], course["fee"]) == (
        "智能手机入门", "Smartphone basics", True, 30, 0.0)
    assert course["slots"][0]["weekday"] == "tu"
    assert course["enrol_phone"] == "+853 2835 1234"
    assert list(props(client.get("/api/sites?audience=youth"))) == ["s2"]
    assert list(props(client.get("/api/sites?audience=elderly&weekday=th&time_of_day=afternoon"))) == ["s1"]
    assert list(props(client.get("/api/sites?enrolling=true"))) == ["s1"]
    assert sorted(props(client.get("/api/sites"))) == ["s1", "s2", "s3"]  # no course filter

    near = client.get("/api/reachable?lon=113.5405&lat=22.1905&minutes=15&course_category=music")
    assert list(props(near)) == ["s2"]
    assert [c["name"] for c in props(near)["s2"]["courses"]] == ["合唱"]

    bad = client.get("/api/sites?weekday=monday")
    assert bad.status_code == 400
    assert bad.get_json()["error"]["parameter"] == "weekday"
    bad = client.get("/api/reachable?lon=113.5405&lat=22.1905&enrolling=maybe")
    assert bad.status_code == 400
    assert bad.get_json()["error"]["parameter"] == "enrolling"

    spec = client.get("/openapi.json").get_json()
    parameters = {p["name"]: p for p in spec["paths"]["/api/reachable"]["get"]["parameters"]}
    assert re.fullmatch(parameters["course_category"]["schema"]["pattern"], "smartphone_it,music")
    assert parameters["audience"]["schema"]["enum"] == ["all", "elderly", "youth"]

    page = client.get("/site/s1?lang=zh-Hans").get_data(as_text=True)
    assert "智能手机入门" in page
    assert "智能手机与信息技术" in page
    assert "周二 09:00–11:00" in page
    assert page.count('data-testid="enrolling"') == 1  # only the open course is marked
    assert page.index("智能手机入门") < page.index("&lt;img")  # open for enrolment first
    # Hostile course text stays text: escaped, never markup, never a template, never a link.
    assert "&lt;img src=x onerror=alert(1)&gt; {{7*7}}" in page
    assert "<img src=x" not in page
    assert 'href="javascript:' not in page
    english = client.get("/site/s1?lang=en").get_data(as_text=True)
    assert "Smartphone basics" in english
    assert "Enrolling now" in english
    assert "Free" in english
    assert 'href="tel:+85328351234"' in english
    assert 'href="https://example.org/enrol"' in english
    traditional = client.get("/site/s1?lang=zh-Hant").get_data(as_text=True)
    assert "課程" in traditional
    assert "週二 09:00–11:00" in traditional  # weekdays and audience from the catalogues
    assert '<span class="badge" data-testid="enrolling">報名中</span>' in traditional
    portuguese = client.get("/site/s1?lang=pt").get_data(as_text=True)
    assert "Ter 09:00–11:00" in portuguese
    assert "Inscrições abertas" in portuguese
    assert "Gratuito" in portuguese
    assert "報名中" not in portuguese
    assert 'data-testid="courses"' not in client.get("/site/s3").get_data(as_text=True)


def test_a_courses_file_replaces_the_years_courses_of_its_sites(course_city, runner, store_target, tmp_path):
    out, _, _, _ = course_city
    path = tmp_path / "courses-2026.csv"
    path.write_text("site_id,course_name,category,schedule\n"
                    "s1,太极,体育健身,Wed 07:30-08:30\n"
                    "s1,茶艺,茶艺,周九 10:00-11:00\n", encoding="utf-8")
    result = runner.invoke(["import", str(out), str(path), "--courses", "--year", "2026",
                            *store_target.cli_args()])
    assert result.exit_code == 0, result.output
    assert "line 3: '周九' is not a weekday" in result.output
    assert "第 3 行" in result.output
    assert "1 courses at 1 sites (replacing 2)" in result.output
    store = store_target.open()
    courses = store.courses(2026)
    assert sorted(zip(courses["site_id"], courses["name"], strict=True)) == [("s1", "太极"), ("s2", "合唱")]

    # The planner, per course category: coverage over the sites offering music courses.
    result = runner.invoke(["coverage", str(out), "--course-category", "音乐", "--year", "2026",
                            "--minutes", "5", "--json", *store_target.cli_args()])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["courses"] == {"categories": ["music"], "labels_en": ["Music"], "labels_zh": ["音乐"],
                                  "year": 2026, "sites": 1}
    rows = {row["category"]: row for row in payload["coverage"]}
    assert rows["all"]["sites"] == 1
    assert rows["library"]["sites"] == 1
    full = json.loads(runner.invoke(["coverage", str(out), "--year", "2026", "--minutes", "5", "--json",
                                     *store_target.cli_args()]).output)
    assert {row["category"]: row for row in full["coverage"]}["all"]["sites"] == 3
    # A category nobody offers, or an unknown one: one bilingual sentence, exit 1.
    for value, words in (("摄影", "no site offers a course of Photography in 2026"), ("跳伞", "unknown course category")):
        result = runner.invoke(["coverage", str(out), "--course-category", value, "--year", "2026",
                                *store_target.cli_args()], catch_exceptions=True)
        assert result.exit_code == 1, result.output
        assert words in result.output


@pytest.mark.slow
def test_planner_per_course_category_on_macau(macau_bundle, macau_pbf, tmp_path, runner):
    """coverage, gaps and recommend over the Macau sites offering calligraphy, checked by a recount."""
    import shutil

    from learning_map.bundle.core import load_bundle
    from learning_map.planning.gaps import find_gaps

    city = tmp_path / "macau"
    shutil.copytree(macau_bundle, city)  # the shared bundle stays read-only
    assert runner.invoke(["import", str(city), str(macau_pbf)]).exit_code == 0  # OSM sites, source=osm
    calligraphy = ("osm-n2992379552", "osm-n3377691823")  # 下環圖書館, 望廈圖書館
    courses = tmp_path / "courses.csv"
    courses.write_text("site_id,course_name,category,audience,schedule\n"
                       f"{calligraphy[0]},书法班,书画,老年,周二 09:00-11:00\n"
                       f"{calligraphy[1]},国画,國畫,,周四 14:00-16:00\n"
                       f"{calligraphy[1]},合唱,音乐,,周五 14:00-16:00\n", encoding="utf-8")
    result = runner.invoke(["import", str(city), str(courses), "--courses", "--year", "2026"])
    assert "3 courses at 2 sites" in result.output

    bundle = load_bundle(city)
    chosen = bundle.sites[bundle.sites["site_id"].isin(calligraphy)].reset_index(drop=True)
    assert len(chosen) == 2
    model = bundle.model.with_sites(chosen)
    expected = model.summary(minutes=[15], speed_kmh=3.3).set_index("category")
    payload = json.loads(runner.invoke(["coverage", str(city), "--course-category", "书画", "--minutes", "15",
                                        "--speed", "elderly", "--json"]).output)
    got = {row["category"]: row for row in payload["coverage"]}
    assert got["all"]["sites"] == 2
    assert got["all"]["population_covered"] == pytest.approx(expected.loc["all", "population_covered"])
    assert got["all"]["population_covered"] < 0.5 * bundle.meta["population"]  # far below all 159 sites
    gaps = json.loads(runner.invoke(["gaps", str(city), "--category", "all", "--course-category",
                                     "calligraphy_painting", "--speed", "elderly", "--json"]).output)
    direct = find_gaps(model, "all", 825.0, 3.3)
    assert gaps["uncovered"] == pytest.approx(direct.uncovered)
    # null: no site of the category can be walked to from that gap (nearest_note says so)
    assert {g["nearest_site_name"] for g in gaps["gaps"]} - {None} == set(chosen["name"])
    assert all(g["nearest_note"] for g in gaps["gaps"] if g["nearest_site_name"] is None)
    picks = json.loads(runner.invoke(["recommend", str(city), "--category", "library", "--course-category",
                                      "书画", "--k", "1", "--speed", "elderly", "--json"]).output)
    assert picks["covered_before"] == pytest.approx(got["library"]["population_covered"])


def test_import_takes_a_citys_own_taxonomy(course_city, runner, store_target, tmp_path):
    out = course_city[0]
    path = tmp_path / "c.csv"
    path.write_text("site_id,course_name,category,schedule\ns3,跳伞入门,跳伞,周六 09:00-12:00\n", encoding="utf-8")
    refused = runner.invoke(["import", str(out), str(path), "--courses", "--year", "2026",
                             *store_target.cli_args()], catch_exceptions=True)
    assert refused.exit_code == 1
    assert "unknown category '跳伞'" in refused.output
    assert "no courses to import, the registry is unchanged" in refused.output
    taxonomy = tmp_path / "ours.toml"
    taxonomy.write_text('[[categories]]\nkey = "skydiving"\nzh = "跳伞"\nen = "Skydiving"\n', encoding="utf-8")
    result = runner.invoke(["import", str(out), str(path), "--courses", "--year", "2026",
                            "--taxonomy", str(taxonomy), *store_target.cli_args()])
    assert result.exit_code == 0, result.output
    courses = store_target.open().courses(2026, site_ids=["s3"])
    assert courses["category"].tolist() == ["skydiving"]
