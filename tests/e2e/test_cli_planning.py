"""``learning-map recommend``, ``gaps`` and ``scorecard`` on the real Macau bundle."""

from __future__ import annotations

import io
import json

import geopandas as gpd
import pandas as pd
import pytest

from tests.conftest import MACAU_ZONES, SHARED_DATA

PARISHES = SHARED_DATA / "macau" / "parishes.gpkg"


def run_json(runner, *args):
    result = runner.invoke(list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_recommend_json_with_exact_gap(runner, macau_bundle):
    report = run_json(runner, "recommend", str(macau_bundle), "--category", "library", "--k", "3",
                      "--minutes", "15", "--speed", "elderly", "--exact", "--json")
    assert report["weight"] == "population"
    assert report["walk_m"] == pytest.approx(825)
    picks = report["picks"]
    assert [p["rank"] for p in picks] == [1, 2, 3]
    added = [p["added"] for p in picks]
    assert added == sorted(added, reverse=True)  # greedy gains never grow
    assert picks[-1]["cumulative"] == pytest.approx(report["covered_before"] + sum(added))
    exact = report["exact"]
    assert exact["optimal"] is True
    assert exact["objective"] >= exact["greedy_total"] == pytest.approx(sum(added))
    assert exact["gap"] == pytest.approx((exact["objective"] - sum(added)) / exact["objective"])
    assert report["candidates"] > 10_000  # every street node


def test_recommend_from_a_candidate_file_to_a_geopackage(runner, macau_bundle, tmp_path):
    candidates = tmp_path / "candidates.geojson"
    gpd.GeoDataFrame(geometry=gpd.points_from_xy([113.5439, 113.5587, 113.80], [22.1987, 22.1552, 22.0]),
                     crs="EPSG:4326").to_file(candidates)
    out = tmp_path / "picks.gpkg"
    result = runner.invoke(["recommend", str(macau_bundle), "--category", "elderly_education", "--k", "5",
                            "--candidates", str(candidates), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 candidate(s) too far" in result.output
    picks = gpd.read_file(out)
    assert 1 <= len(picks) <= 2  # two candidates on the network
    assert set(picks["candidate"]) <= {"0", "1"}
    assert (picks["category"] == "elderly_education").all()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["candidates.geojson", "picks.gpkg"]


def test_gaps_json_and_geopackage(runner, macau_bundle, tmp_path):
    report = run_json(runner, "gaps", str(macau_bundle), "--category", "library", "--minutes", "10",
                      "--json")
    gaps = report["gaps"]
    assert sum(g["weight"] for g in gaps) == pytest.approx(report["uncovered"])
    assert gaps[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    out = tmp_path / "gaps.gpkg"
    result = runner.invoke(["gaps", str(macau_bundle), "--category", "library", "--minutes", "10",
                            "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(gpd.read_file(out)) == len(gaps)


def test_scorecard_csv_with_parents(runner, macau_bundle):
    result = runner.invoke(["scorecard", str(macau_bundle), "--by", f"{MACAU_ZONES}:name_tc",
                            "--parent", f"{PARISHES}:name", "--standard", "national-elderly", "--csv"])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(io.StringIO(result.output))
    assert set(table["rule"]) == {"county-senior-university", "subdistrict-senior-school", "elderly-15min"}
    county = table[table["rule"] == "county-senior-university"]
    # Seven parishes hold census zones (each zone goes to the parish it overlaps most; the Cotai
    # landfill's zones overlap Carmo more), then the city's share of parishes with a site.
    assert len(county) == 7 + 1
    assert county["unit"].iloc[-1] == "全市 / City total"
    assert county["value"].iloc[-1] == pytest.approx(county["pass"].iloc[:-1].mean())
    assert "全市 / City total" in set(table["unit"])


def test_scorecard_figures_add_up_on_macau(runner, macau_bundle):
    report = run_json(runner, "scorecard", str(macau_bundle), "--by", f"{MACAU_ZONES}:name_tc",
                      "--parent", f"{PARISHES}:name", "--standard", "shanghai", "--json")
    figures = pd.DataFrame(report["figures"])
    one = figures[(figures["key"] == "library") & (figures["pace"] == "adult") & (figures["minutes"] == 15)]
    units = one[one["level"] == "unit"]
    parents = one[one["level"] == "parent"]
    city = one[one["level"] == "city"].iloc[0]
    assert city["residents"] == pytest.approx(682_400, rel=1e-6)
    for column in ("residents", "residents_covered", "elderly_covered"):
        assert units[column].sum() == pytest.approx(city[column])
        assert parents[column].sum() == pytest.approx(city[column])
        for _, parent in parents.iterrows():
            assert units.loc[units["parent"] == parent["unit"], column].sum() == pytest.approx(parent[column])


@pytest.mark.parametrize(("args", "message"), [
    (["recommend", "--category", "libraries"], "unknown category"),
    (["recommend", "--category", "library", "--k", "0"], "at least 1"),
    (["recommend", "--category", "library", "--minutes", "5,10"], "one number"),
    (["scorecard", "--by", f"{MACAU_ZONES}:name_tc", "--standard", "nowhere"], "no standard"),
    (["gaps", "--category", "library", "--out", "gaps.shp"], ".gpkg"),
])
def test_planner_mistakes_get_one_bilingual_sentence(runner, macau_bundle, args, message):
    result = runner.invoke([args[0], str(macau_bundle), *args[1:]])
    assert result.exit_code == 1
    assert message in result.output
    assert " / " in result.output
    assert "Traceback" not in result.output


def test_scorecard_text_names_the_standard_and_verdicts(runner, macau_bundle):
    result = runner.invoke(["scorecard", str(macau_bundle), "--by", f"{PARISHES}:name"])
    assert result.exit_code == 0, result.output
    assert "GB 50180-2018" in result.output.splitlines()[0]
    assert "全市 / City total" in result.output
    assert "pass 达标" in result.output or "FAIL 未达标" in result.output
    assert "None" not in result.output
