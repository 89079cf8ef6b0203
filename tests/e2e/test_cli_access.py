"""``learning-map access`` on Macau: a registry with seats, 2SFCA per zone, and PySAL's answer beside it."""

from __future__ import annotations

import json
import shutil

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from learning_map.bundle.core import current_build
from tests.conftest import MACAU_ZONES
from tests.unit.test_planning_access import pysal_2sfca

YEAR = 2026
ZONES = f"{MACAU_ZONES}:name_tc"


@pytest.fixture(scope="module")
def seated_city(macau_bundle, tmp_path_factory):
    """Macau with a registry for 2026 that gives most sites a seat count (every seventh none, one bad)."""
    from click.testing import CliRunner

    from learning_map.cli import main

    city = tmp_path_factory.mktemp("access") / "macau"
    shutil.copytree(macau_bundle, city)
    sites = gpd.read_file(current_build(city) / "sites.geojson")
    seats = np.random.default_rng(5).integers(20, 400, len(sites)).astype(object)
    seats[::7] = ""
    seats[1] = "lots"  # not a number: the import rejects this row, by line
    registry = pd.DataFrame({"site_id": sites["site_id"], "name": sites["name"],
                             "category": sites["category"], "lon": sites.geometry.x,
                             "lat": sites.geometry.y, "座位数": seats})
    path = city.parent / "registry.csv"
    registry.to_csv(path, index=False)
    result = CliRunner().invoke(main, ["import", str(city), str(path), "--year", str(YEAR)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "1 rejected" in result.output
    return city, registry.drop(index=1)


def run_json(runner, *args):
    result = runner.invoke(list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_access_per_zone_adds_up_to_the_citys_seats(runner, seated_city):
    city, registry = seated_city
    report = run_json(runner, "access", str(city), "--category", "school", "--year", str(YEAR),
                      "--by", ZONES, "--speed", "elderly", "--json")
    schools = registry[registry["category"] == "school"]
    blank = (schools["座位数"] == "").sum()
    assert report["sites"] == {"sites": len(schools), "with_capacity": len(schools) - blank,
                               "without_capacity": blank, "off_network": 0}
    assert blank > 0
    assert report["seats"] == pytest.approx(pd.to_numeric(schools["座位数"], errors="coerce").sum())
    assert report["walk_m"] == pytest.approx(825)
    assert report["decay"] == "gaussian:412.5"
    units = pd.DataFrame(report["units"])
    total = units.iloc[-1]
    assert total["unit"] == "City total / 全市合计"
    zones = units.iloc[:-1]
    assert len(zones) > 20
    # Every seat within reach of someone is held by the residents of some zone.
    assert zones["seats"].sum() == pytest.approx(total["seats"]) == pytest.approx(
        report["seats_reaching_residents"])
    assert zones["seats_elderly"].sum() == pytest.approx(report["seats_reaching_residents"])
    assert zones["population"].sum() == pytest.approx(682_400)
    lived = zones[zones["population"] > 0]
    np.testing.assert_allclose(lived["seats_per_1000"], 1000 * lived["seats"] / lived["population"])
    assert zones["seats_per_1000"].max() > 0
    assert zones["seats_per_1000"].min() >= 0


def test_access_agrees_with_pysal_on_macau(seated_city):
    from learning_map.build.pipeline import city_for_year
    from learning_map.bundle.core import load_bundle
    from learning_map.planning.access import parse_decay, site_capacity, two_step_fca, walk_matrix

    city, _ = seated_city
    model = city_for_year(load_bundle(city), YEAR).model
    walk_m = 825.0
    decay = parse_decay("gaussian", walk_m)
    rows = np.flatnonzero(model.site_mask("library") & np.isfinite(site_capacity(model.sites)))
    walk = walk_matrix(model, rows, walk_m)
    supply = site_capacity(model.sites)[rows]
    from access import weights

    for people in (model.demand.population, model.demand.elderly):
        ours, _ = two_step_fca(walk, supply, people, decay)
        theirs = pysal_2sfca(walk, supply, people, weights.gaussian(decay.sigma_m), walk_m)
        assert np.count_nonzero(theirs) > 5000
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=0)


def test_access_csv_per_zone_and_per_point(runner, seated_city, tmp_path):
    city, _ = seated_city
    out = tmp_path / "access.csv"
    result = runner.invoke(["access", str(city), "--category", "library", "--year", str(YEAR),
                            "--by", ZONES, "--decay", "step:400=1,800=0.5,1200=0.2", "--csv", str(out)])
    assert result.exit_code == 0, result.output
    assert "per 1,000 residents" in result.output
    assert "without a capacity left out / " in result.output
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert table["unit"].iloc[-1] == "City total / 全市合计"
    assert {"seats_per_1000", "seats_per_1000_elderly"} <= set(table.columns)
    points = tmp_path / "points.csv"
    result = runner.invoke(["access", str(city), "--category", "library", "--year", str(YEAR),
                            "--csv", str(points)])
    assert result.exit_code == 0, result.output
    per_point = pd.read_csv(points, encoding="utf-8-sig")
    assert len(per_point) > 5000
    assert per_point["population"].sum() == pytest.approx(682_400)


@pytest.mark.parametrize(("args", "text"), [
    (["--decay", "linear"], "--decay"),
    (["--decay", "step:800=1,400=0.5"], "--decay"),
    (["--minutes", "0"], "--minutes"),
])
def test_access_bad_options_are_one_bilingual_sentence(runner, seated_city, args, text):
    city, _ = seated_city
    result = runner.invoke(["access", str(city), "--category", "library", "--year", str(YEAR), *args])
    assert result.exit_code == 1
    assert text in result.output
    assert " / " in result.output


def test_access_without_any_capacity_says_so(runner, macau_bundle):
    result = runner.invoke(["access", str(macau_bundle), "--category", "library"])
    assert result.exit_code == 1
    assert "has a capacity" in result.output
    assert "座位数" in result.output


def test_recommend_with_a_capacity_on_macau(runner, macau_bundle, tmp_path):
    args = ["recommend", str(macau_bundle), "--category", "elderly_education", "--k", "3",
            "--speed", "elderly", "--json"]
    free = run_json(runner, *args)
    capped = run_json(runner, *args, "--capacity", "250")
    assert free["capacity"] is None
    assert capped["capacity"] == 250
    assert free["picks"][0]["added"] > 250  # the limit binds
    assert [p["added"] for p in capped["picks"]] == pytest.approx([250, 250, 250])
    # A handful of candidates: the capacitated ILP is small and HiGHS proves the optimum.
    candidates = tmp_path / "candidates.geojson"
    lon = [113.5439, 113.5587, 113.5520, 113.5450, 113.5600, 113.5700]
    lat = [22.1987, 22.1552, 22.2050, 22.2100, 22.1900, 22.1600]
    gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326").to_file(candidates)
    exact = run_json(runner, *args, "--capacity", "2000", "--candidates", str(candidates), "--exact")
    assert exact["exact"]["optimal"] is True
    assert exact["exact"]["objective"] >= exact["exact"]["greedy_total"] - 1e-6
    assert all(p["added"] <= 2000 + 1e-9 for p in exact["picks"])
    too_big = runner.invoke([*args, "--capacity", "250", "--exact"])
    assert too_big.exit_code == 1
    assert "--exact" in too_big.output
    assert "fewer candidate sites" in too_big.output
