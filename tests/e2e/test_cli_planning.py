"""``learning-map recommend``, ``gaps`` and ``scorecard`` on the real Macau bundle."""

from __future__ import annotations

import io
import json

import geopandas as gpd
import pandas as pd
import pytest

from tests.conftest import MACAU_DIR, MACAU_ZONES, need_shared

PARISHES = MACAU_DIR / "parishes.gpkg"


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
    assert "1 candidate too far" in result.output
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
    need_shared(PARISHES)
    result = runner.invoke(["scorecard", str(macau_bundle), "--by", f"{MACAU_ZONES}:name_tc",
                            "--parent", f"{PARISHES}:name", "--standard", "national-elderly", "--csv"])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(io.StringIO(result.output))
    assert set(table["rule"]) == {"county-senior-university", "subdistrict-senior-school", "elderly-15min"}
    county = table[table["rule"] == "county-senior-university"]
    # Seven parishes hold census zones (each zone goes to the parish it overlaps most; the Cotai
    # landfill's zones overlap Carmo more), then the city's share of parishes with a site.
    assert len(county) == 7 + 1
    assert county["unit"].iloc[-1] == "City total / 全市合计"
    assert county["value"].iloc[-1] == pytest.approx(county["pass"].iloc[:-1].mean())
    assert "City total / 全市合计" in set(table["unit"])


def test_scorecard_figures_add_up_on_macau(runner, macau_bundle):
    need_shared(PARISHES)
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
    need_shared(PARISHES)
    result = runner.invoke(["scorecard", str(macau_bundle), "--by", f"{PARISHES}:name"])
    assert result.exit_code == 0, result.output
    assert "GB 50180-2018" in result.output.splitlines()[0]
    assert "City total / 全市" in result.output
    assert "pass / 达标" in result.output or "FAIL / 未达标" in result.output
    assert "None" not in result.output


# --- what-if from the CLI ---------------------------------------------------------------------

def _recount(model, sites, category, walk_m):
    """Residents and elderly within ``walk_m`` of ``category`` over ``sites``, searched afresh."""
    other = model.with_sites(sites)
    covered = other.covered(category, walk_m)
    return (float(other.demand.population[covered].sum()), float(other.demand.elderly[covered].sum()))


def test_whatif_add_in_an_uncovered_area_matches_a_full_recount(runner, macau_bundle):
    from learning_map.bundle.core import load_bundle

    pick = run_json(runner, "recommend", str(macau_bundle), "--category", "library", "--k", "1",
                    "--minutes", "5", "--json")["picks"][0]
    assert pick["added"] > 0  # the spot is uncovered now
    report = run_json(runner, "whatif", str(macau_bundle), "--add", f"{pick['lon']!r},{pick['lat']!r}:library",
                      "--minutes", "5", "--json")
    rows = {row["category"]: row for row in report["categories"]}
    assert list(rows) == ["library", "all"]
    model = load_bundle(macau_bundle).model
    new = gpd.GeoDataFrame({"category": ["library"], "name": ["proposed"]},
                           geometry=gpd.points_from_xy([pick["lon"]], [pick["lat"]]), crs="EPSG:4326")
    sites = pd.concat([model.sites, new], ignore_index=True)
    for key in ("library", "all"):
        before = _recount(model, model.sites, key, report["walk_m"])
        after = _recount(model, sites, key, report["walk_m"])
        row = rows[key]
        assert (row["residents_before"], row["elderly_before"]) == pytest.approx(before)
        assert (row["residents_after"], row["elderly_after"]) == pytest.approx(after)
        assert row["residents_change"] == pytest.approx(after[0] - before[0])
    assert rows["library"]["residents_change"] == pytest.approx(pick["added"])
    assert rows["library"]["residents_change"] > 0


def test_whatif_close_then_add_back_restores(runner, macau_bundle):
    from learning_map.bundle.core import load_bundle

    sites = load_bundle(macau_bundle).sites
    site = sites[sites["category"] == "library"].iloc[0]
    closed = run_json(runner, "whatif", str(macau_bundle), "--close", str(site["site_id"]), "--json")
    library = closed["categories"][0]
    assert library["category"] == "library"
    assert library["residents_change"] <= 0
    back = run_json(runner, "whatif", str(macau_bundle), "--close", str(site["site_id"]),
                    "--add", f"{site.geometry.x!r},{site.geometry.y!r}:library", "--json")
    for row in back["categories"]:
        assert row["residents_after"] == pytest.approx(row["residents_before"])
        assert row["elderly_after"] == pytest.approx(row["elderly_before"])
    text = runner.invoke(["whatif", str(macau_bundle), "--close", str(site["site_id"]), "--speed", "elderly"])
    assert text.exit_code == 0, text.output
    assert "Library / 图书馆" in text.output  # the categories by name, in the command line's languages
    assert "All learning sites / 全部学习场所" in text.output


@pytest.mark.parametrize(("args", "message"), [
    (["--close", "no-such-site"], "unknown site id"),
    (["--add", "113.54;22.19:library"], "not LON,LAT:CATEGORY"),
    (["--add", "22.19,213.54:library"], "longitude must be"),
    (["--add", "113.80,22.0:library"], "from every street"),
    (["--add", "113.54,22.19:libraries"], "unknown category"),
    ([], "at least one --add or --close"),
    (["--add", "113.54,22.19:library", "--elderly-share", "0.2"], "goes with --population"),
])
def test_whatif_mistakes_get_one_bilingual_sentence(runner, macau_bundle, args, message):
    result = runner.invoke(["whatif", str(macau_bundle), *args])
    assert result.exit_code == 1
    assert message in result.output
    assert " / " in result.output
    assert "Traceback" not in result.output


# --- projected population ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def projected(tmp_path_factory):
    """The census zones as a projection, and the same with the first zone's residents doubled."""
    folder = tmp_path_factory.mktemp("projected")
    zones = gpd.read_file(MACAU_ZONES)
    same, doubled = folder / "same.geojson", folder / "doubled.geojson"
    zones.to_file(same)
    zones.loc[0, "pop_est"] = zones.loc[0, "pop_est"] * 2
    zones.to_file(doubled)
    return same, doubled, str(zones.loc[0, "name_tc"])


def _school_15(report):
    figures = pd.DataFrame(report["figures"])
    return figures[(figures["key"] == "school") & (figures["pace"] == "adult") & (figures["minutes"] == 15)]


def test_scorecard_with_a_projected_population(runner, macau_bundle, projected):
    same, doubled, zone = projected
    cards = [run_json(runner, "scorecard", str(macau_bundle), "--by", f"{MACAU_ZONES}:name_tc",
                      "--population", f"{path}:pop_est", "--elderly-share", "old_per", "--json")
             for path in (same, doubled)]
    assert cards[0]["population"]["kind"] == "zones"
    assert "grid" in cards[0]["population"]["spread"]
    base, more = (_school_15(card) for card in cards)
    base_zone = base[(base["level"] == "unit") & (base["unit"] == zone)].iloc[0]
    more_zone = more[(more["level"] == "unit") & (more["unit"] == zone)].iloc[0]
    assert base_zone["residents"] > 0
    assert more_zone["residents"] == pytest.approx(2 * base_zone["residents"])
    assert more_zone["residents_covered"] == pytest.approx(2 * base_zone["residents_covered"])
    city_base = base[base["level"] == "city"].iloc[0]
    city_more = more[more["level"] == "city"].iloc[0]
    assert city_more["residents"] - city_base["residents"] == pytest.approx(base_zone["residents"])
    assert city_more["residents_covered"] - city_base["residents_covered"] == pytest.approx(
        base_zone["residents_covered"])
    text = runner.invoke(["scorecard", str(macau_bundle), "--by", f"{MACAU_ZONES}:name_tc",
                          "--population", f"{doubled}:pop_est"])
    assert text.exit_code == 0, text.output
    assert "Residents from doubled.geojson" in text.output


def test_gaps_and_recommend_take_a_projected_population(runner, macau_bundle, projected):
    _, doubled, _ = projected
    total = float(gpd.read_file(doubled)["pop_est"].sum())
    option = ["--population", f"{doubled}:pop_est", "--elderly-share", "old_per"]
    picks = run_json(runner, "recommend", str(macau_bundle), "--category", "library", "--k", "2", *option,
                     "--json")
    assert picks["total"] == pytest.approx(total)
    assert picks["population"]["residents"] == pytest.approx(total)
    holes = run_json(runner, "gaps", str(macau_bundle), "--category", "library", "--minutes", "5", *option,
                     "--json")
    assert holes["population"]["kind"] == "zones"
    assert sum(g["residents"] for g in holes["gaps"]) == pytest.approx(holes["uncovered"])
    result = runner.invoke(["gaps", str(macau_bundle), "--category", "library", "--population",
                            f"{doubled}:no_such_column"])
    assert result.exit_code == 1
    assert "no column" in result.output
