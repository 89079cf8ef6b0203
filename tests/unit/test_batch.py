"""The batch's pieces without Dask: city lists, slugs, cut population, figures, overview page."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from learning_map.analysis.model import CoverageModel
from learning_map.batch.cities import make_slug, read_cities, unique_slug
from learning_map.batch.overview import overview_html
from learning_map.batch.table import national_table
from learning_map.batch.tasks import city_figures, clip_population, one_line
from learning_map.bundle.national import CityEntry, check_slug
from learning_map.errors import InputFileError
from learning_map.walking.synthetic import grid_network
from tests.conftest import IMG_XSS, JINJA_EXPR, SCRIPT_XSS
from tests.opencc_sets import simplified_only, traditional_only
from tests.unit import test_analysis

CRS = "EPSG:32649"
# The 2 km grid city: 100 residents 50 m from its centre library, 50 in the far corner.
city = test_analysis.city


@pytest.mark.parametrize(("name", "slug"), [
    ("黄浦区", "huangpuqu"),
    ("聖方濟各堂區 São Francisco Xavier", "shengfangjigetangqu-sao-francisco-xavier"),
    ("São Lázaro", "sao-lazaro"),
    ("浦东新区(Pudong)", "pudongxinqu-pudong"),
    ("!!!", "city"),
])
def test_slugs_are_ascii_pinyin(name, slug):
    assert make_slug(name) == slug
    assert check_slug(make_slug(name)) == slug


def test_long_and_repeated_slugs_stay_valid_and_unique():
    taken: set[str] = set()
    long = make_slug("A" * 80)
    first, second = unique_slug(long, taken), unique_slug(long, taken)
    assert first != second
    assert second.endswith("-2")
    assert all(check_slug(s) and len(s) <= 64 for s in (first, second))


def _squares(tmp_path):
    """Two 1 km squares side by side near Shanghai (UTM 51N), 1000 and 3000 residents."""
    utm = "EPSG:32651"
    x0, y0 = 350_000, 3_460_000
    zones = gpd.GeoDataFrame(
        {"name": ["west", "east"], "pop": [1000.0, 3000.0], "old": [0.1, 0.3]},
        geometry=[shapely.box(x0, y0, x0 + 1000, y0 + 1000), shapely.box(x0 + 1000, y0, x0 + 2000, y0 + 1000)],
        crs=utm,
    ).to_crs("EPSG:4326")
    path = tmp_path / "zones.gpkg"
    zones.to_file(path)
    # The west half of the west square and nothing of the east one.
    half = gpd.GeoSeries([shapely.box(x0, y0, x0 + 500, y0 + 1000)], crs=utm).to_crs("EPSG:4326").iloc[0]
    return path, half, zones


def test_cities_csv_reports_bad_rows_and_runs_good_ones(tmp_path):
    _path, _, _ = _squares(tmp_path)
    (tmp_path / "here.osm").write_text("<osm/>", encoding="utf-8")
    csv = tmp_path / "cities.csv"
    csv.write_text(
        "name,slug,district,osm,boundary,bbox\n"
        "黄浦区,,上海市,,,\"121.46,31.21,121.51,31.24\"\n"       # line 2: good, pinyin slug
        ",,,,,\n"                                                # line 3: blank: skipped
        ",x,,,,\n"                                               # line 4: no name
        "Box,,,,,\"1,2,3\"\n"                                    # line 5: bad bbox
        "Both,,,,zones.gpkg,\"1,2,3,4\"\n"                       # line 6: boundary and bbox
        "Own extract,,,here.osm,zones.gpkg:name=west,\n"         # line 7: good, relative paths
        "Missing,,,gone.osm,,\n"                                 # line 8: extract not found
        "Reserved,huangpuqu-2,,,,\n"                             # line 9: good, given slug
        "黄浦区,,,,,\n"                                           # line 10: same name: next free slug
        "Again,huangpuqu-2,,,,\n"                                # line 11: slug used twice
        "Bad slug,Not OK,,,,\n",                                 # line 12: unsafe slug
        encoding="utf-8",
    )
    jobs, rejected = read_cities(str(csv))
    assert [(j.line, j.slug) for j in jobs] == [
        (2, "huangpuqu"), (7, "own-extract"), (9, "huangpuqu-2"), (10, "huangpuqu-3")]
    assert jobs[0].district == "上海市"
    assert jobs[0].clip.bounds == pytest.approx((121.46, 31.21, 121.51, 31.24))
    assert jobs[1].osm_path == tmp_path / "here.osm"
    assert jobs[1].clip.area == pytest.approx(_squares(tmp_path)[2].geometry[0].area)
    assert jobs[2].clip is None
    assert jobs[2].osm_path is None
    reasons = {line: reason.text("en") for line, reason in zip(rejected["line"], rejected["reason"], strict=True)}
    assert sorted(reasons) == [4, 5, 6, 8, 11, 12]
    assert "no name" in reasons[4]
    assert "W,S,E,N" in reasons[5]
    assert "not both" in reasons[6]
    assert "gone.osm" in reasons[8]
    assert "used twice" in reasons[11]
    assert "slug" in reasons[12]
    # Each reason is a message with its values, said in any locale (a web page's, the CLI's).
    no_name = rejected["reason"][rejected["line"] == 4].iloc[0]
    assert no_name.text("zh_Hant") == "缺少城市名稱"
    assert no_name.text("pt") == "sem nome"
    assert " / " in str(no_name)  # the command line, LEARNING_MAP_LANG unset: English / 简体


def test_rows_without_an_extract_are_rejected_when_there_is_no_osm_option(tmp_path):
    csv = tmp_path / "cities.csv"
    csv.write_text("name\nA\n", encoding="utf-8")
    jobs, rejected = read_cities(str(csv), default_osm=False)
    assert jobs == []
    assert "--osm" in rejected["reason"][0].text("en")


def test_boundary_layer_gives_one_city_per_feature(tmp_path):
    path = tmp_path / "b.gpkg"
    gpd.GeoDataFrame(
        {"name": ["嘉模", None, "嘉模", "Flat"]},
        geometry=[shapely.box(0, 0, 1, 1), shapely.box(1, 1, 2, 2), shapely.box(2, 2, 3, 3),
                  shapely.LineString([(0, 0), (1, 1)]).buffer(0)],
        crs="EPSG:4326",
    ).to_file(path)
    jobs, rejected = read_cities(f"{path}:name")
    assert [(j.slug, j.line) for j in jobs] == [("jiamo", 1), ("jiamo-2", 3)]
    assert list(rejected["line"]) == [2, 4]
    with pytest.raises(InputFileError, match="no field 'nom'"):
        read_cities(f"{path}:nom")
    with pytest.raises(InputFileError, match="No cities file"):
        read_cities(str(tmp_path / "none.csv"))


def test_population_is_cut_to_the_city_by_area_share(tmp_path):
    path, half, _ = _squares(tmp_path)
    cut = clip_population(path, "pop", half, tmp_path)
    kept = gpd.read_file(cut)
    assert list(kept["name"]) == ["west"]
    assert kept["pop"].sum() == pytest.approx(500, rel=1e-3)  # half the west square
    assert kept["old"].tolist() == [0.1]  # a share stays a share
    far = shapely.box(0, 0, 0.01, 0.01)
    assert clip_population(path, "pop", far, tmp_path) is None


def test_population_points_are_kept_inside_only(tmp_path):
    path = tmp_path / "points.geojson"
    gpd.GeoDataFrame({"n": [5.0, 7.0]}, geometry=gpd.points_from_xy([0.5, 3], [0.5, 3]),
                     crs="EPSG:4326").to_file(path)
    kept = gpd.read_file(clip_population(path, "n", shapely.box(0, 0, 1, 1), tmp_path))
    assert kept["n"].tolist() == [5.0]


def test_city_figures_give_shares_at_both_paces_and_verdicts(city):
    checks = pd.DataFrame([
        {"unit": "Grid", "key": "library", "pass": True},
        {"unit": "Grid", "key": "library", "pass": True},
        {"unit": "Grid", "key": "school", "pass": False},
        {"unit": "Grid", "key": "museum", "pass": None},
        {"unit": "Elsewhere", "key": "elderly_education", "pass": False},
    ])
    rows = {r["category"]: r for r in city_figures(city, checks=checks, unit="Grid")}
    library = rows["library"]
    assert library["sites"] == 1
    assert library["residents"] == 150
    assert library["residents_covered"] == 100
    for pace in ("adult", "elderly"):
        for minute in (5, 10, 15):
            # 50 m away is within 5 min even at 3.3 km/h (275 m); the corner is 2 km away.
            assert library[f"share_{minute}min_{pace}"] == pytest.approx(100 / 150)
    assert library["network_share_5min_elderly"] < library["network_share_5min_adult"]
    assert rows["elderly_education"]["share_15min_adult"] == 0  # 2,050 m and 4 km from (0, 0)
    assert library["pass"] is True
    assert rows["school"]["pass"] is False
    assert rows["elderly_education"]["pass"] is None  # its only check is another unit's
    assert rows["all"]["pass"] is False  # every rule of the city: the school one fails


def test_city_figures_without_residents_keep_network_shares():
    net = grid_network(5, 5, spacing_m=100, crs=CRS)
    lon, lat = net.to_lonlat([200], [200])
    sites = gpd.GeoDataFrame({"category": ["library"], "name": ["x"]},
                             geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    rows = {r["category"]: r for r in city_figures(CoverageModel(net, sites))}
    assert rows["library"]["residents"] is None
    assert rows["library"]["share_15min_adult"] is None
    assert rows["library"]["network_share_15min_adult"] == pytest.approx(1.0)
    assert rows["library"]["pass"] is None


def _result(slug, name, rows, area):
    return {"slug": slug, "name": name, "district": "<b>区</b>", "rows": rows,
            "headline": {"standard": "gb50180"}, "boundary_wkt": shapely.to_wkt(area)}


def test_overview_shows_hostile_names_as_text_and_marks_failed_cities(city):
    rows = city_figures(city)
    hostile = f"{JINJA_EXPR}{IMG_XSS}{SCRIPT_XSS}"
    entries = [CityEntry("a", hostile, "done"), CityEntry("b", "Broken", "failed", bbox=[3, 3, 4, 4],
                                                          error=f"no ways {IMG_XSS}")]
    results = {"a": _result("a", hostile, rows, shapely.box(0, 0, 1, 1))}
    html = overview_html(entries, results)
    assert "<img" not in html
    assert "<script" not in html
    assert "{{7*7}}&lt;img" in html
    assert "49" not in html.split("<svg")[1].split("</svg>")[0]
    assert "构建失败：no ways &lt;img" in html  # zh_Hans by default
    assert 'class="failed"' in html
    assert "67%" in html  # the city's 15-minute share of residents, in the table


@pytest.mark.parametrize("locale", ["zh_Hans", "zh_Hant", "en", "pt"])
def test_overview_speaks_one_locale_in_one_script(city, locale):
    rows = city_figures(city)
    entries = [CityEntry("a", "黄浦区", "done"), CityEntry("b", "風順堂區", "failed", bbox=[3, 3, 4, 4],
                                                         error="no ways"), CityEntry("c", "Coloane", "pending")]
    results = {"a": _result("a", "黄浦区", rows, shapely.box(0, 0, 1, 1))}
    html = overview_html(entries, results, locale=locale)
    words = {
        "zh_Hans": ("15 分钟学习圈 全国概览", "黄浦区", "风顺堂区", "构建失败：no ways", "待建", "已完成城市：1 / 3"),
        "zh_Hant": ("15 分鐘學習圈 全國概覽", "黃浦區", "風順堂區", "建立失敗：no ways", "待建立", "已完成城市：1 / 3"),
        "en": ("15-minute learning circles: national overview", "黄浦区", "風順堂區", "Build failed: no ways",
               "Not built yet", "Cities done: 1 of 3"),
        "pt": ("Círculos de aprendizagem de 15 minutos: panorama nacional", "黄浦区", "風順堂區",
               "A construção falhou: no ways", "Ainda não construída", "Cidades concluídas: 1 de 3"),
    }[locale]
    for word in words:
        assert word in html
    assert f'<html lang="{locale.replace("_", "-")}">' in html
    if locale == "zh_Hant":
        assert not set(html) & simplified_only()
    elif locale == "zh_Hans":
        assert not set(html) & traditional_only()
    else:  # no Chinese but the cities' own names (data)
        text = html.replace("黄浦区", "").replace("風順堂區", "").replace("<b>区</b>", "")
        assert not any("\u4e00" <= c <= "\u9fff" for c in text.replace("&lt;b&gt;区&lt;/b&gt;", ""))
    if locale == "pt":
        assert "67 %" in html  # the 15-minute share, as Portuguese writes a percentage


def test_national_table_has_one_row_per_city_and_category(city):
    rows = city_figures(city)
    table = national_table([_result("a", "A", rows, shapely.box(0, 0, 1, 1)),
                            _result("b", "B", rows, shapely.box(1, 1, 2, 2))])
    assert len(table) == 2 * len(rows)
    assert table.crs.to_epsg() == 4326
    assert {"city", "district", "category", "residents", "residents_covered", "share_5min_adult",
            "share_15min_elderly", "pass"} <= set(table.columns)
    assert table.loc[table["city"] == "B", "geometry"].iloc[0].bounds == (1, 1, 2, 2)


def test_national_files_are_formula_safe_and_reopen(city, tmp_path):
    from openpyxl import load_workbook

    from learning_map.batch.table import write_national

    evil = "=HYPERLINK(\"http://x\",\"y\")"
    table = national_table([_result("a", evil, city_figures(city), shapely.box(0, 0, 1, 1))])
    write_national(table, tmp_path)
    csv = pd.read_csv(tmp_path / "national.csv", encoding="utf-8-sig")
    assert csv["city"].iloc[0] == "'" + evil
    assert load_workbook(tmp_path / "national.xlsx").active["A2"].data_type == "s"
    geo = gpd.read_parquet(tmp_path / "national.parquet")
    assert geo["city"].iloc[0] == evil  # data, not a spreadsheet: kept as it is
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind


@pytest.mark.parametrize(("extra", "words"), [
    (["--standard", "nope"], "nope"),
    (["--osm", "missing.osm.pbf"], "No OSM extract"),
    (["--workers", "0"], "--workers"),
    (["--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"], "--scheduler"),
    (["--elderly-share", "0.2"], "--population"),
    (["--population", "missing.geojson:pop"], "Population file not found"),
])
def test_cli_refuses_bad_options_before_any_city_runs(runner, tmp_path, extra, words):
    csv = tmp_path / "cities.csv"
    csv.write_text("name,bbox\nA,\"1,1,2,2\"\n", encoding="utf-8")
    (tmp_path / "x.osm").write_text("<osm/>", encoding="utf-8")
    args = ["batch", str(csv), "--out", str(tmp_path / "out"), "--osm", str(tmp_path / "x.osm"), *extra]
    result = runner.invoke(args)
    assert result.exit_code == 1
    assert words in result.output
    assert " / " in result.output  # one bilingual sentence
    assert not (tmp_path / "out").exists()


def test_cli_stops_when_no_row_can_run(runner, tmp_path):
    csv = tmp_path / "cities.csv"
    csv.write_text("name,bbox\n,\nB,\"9,9\"\n", encoding="utf-8")
    result = runner.invoke(["batch", str(csv), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "line 3" in result.output
    assert "No city of" in result.output
    assert "没有可以构建的城市" in result.output


def test_a_second_batch_on_the_same_folder_stops(tmp_path):
    import fcntl

    from learning_map.batch import CityOptions, run_batch
    from learning_map.batch.runner import LOCK_FILE, BatchBusyError

    out = tmp_path / "national"
    out.mkdir()
    with open(out / LOCK_FILE, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a batch already running here
        with pytest.raises(BatchBusyError, match="Another batch is writing"):
            run_batch([], out, CityOptions(), scheduler="tcp://127.0.0.1:1")
    assert not (out / "cities.json").exists()


def test_population_raster_is_cropped_to_the_city(tmp_path):
    import rasterio
    from affine import Affine

    path = tmp_path / "people.tif"
    with rasterio.open(path, "w", driver="GTiff", width=4, height=4, count=1, dtype="float32",
                       crs="EPSG:4326", transform=Affine(1, 0, 0, 0, -1, 4), nodata=-1) as dst:
        dst.write(np.full((1, 4, 4), 10, dtype="float32"))
    west_half = shapely.box(0, 0, 2, 4)
    with rasterio.open(clip_population(path, None, west_half, tmp_path)) as src:
        band = src.read(1, masked=True)
    assert band.sum() == 80  # 8 cells of 10 residents


@pytest.mark.parametrize(("locale", "sheet", "words"), [
    ("zh_Hant", "全國", ("城市", "上級", "15 分鐘內可達居民比例（成人步速）", "全部類別", "圖書館", "黃浦區")),
    ("pt", "Nacional", ("Cidade", "Pertence a", "Percentagem de residentes a 15 min (ritmo adulto)",
                        "Biblioteca", "黄浦区")),
])
def test_national_workbook_reads_in_one_locale(city, tmp_path, locale, sheet, words):
    from openpyxl import load_workbook

    from learning_map.batch.table import write_national

    table = national_table([_result("a", "黄浦区", city_figures(city), shapely.box(0, 0, 1, 1))])
    write_national(table, tmp_path, locale=locale)
    book = load_workbook(tmp_path / "national.xlsx")
    assert book.sheetnames == [sheet]
    cells = {str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None}
    for word in words:
        assert any(word in cell for cell in cells), word
    text = "".join(cells)
    if locale == "zh_Hant":
        assert not set(text) & simplified_only()
    else:  # no Chinese but the city's own name (data)
        assert not any("\u4e00" <= c <= "\u9fff" for c in text.replace("黄浦区", "").replace("<b>区</b>", ""))
    csv = pd.read_csv(tmp_path / "national.csv", encoding="utf-8-sig")
    assert {"city", "label_zh", "label_en", "share_15min_adult"} <= set(csv.columns)  # for programs


def test_a_failed_city_is_said_in_the_overview_language():
    error = InputFileError("no OSM extract for this city")
    assert one_line(error, "zh_Hant") == "該城市沒有 OSM 資料檔案"
    assert one_line(error, "pt") == "não há extrato OSM para esta cidade"
    assert one_line(ValueError("plain\nsecond line")) == "plain"
