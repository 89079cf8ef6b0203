"""Humanities walks in Macau's historic centre, run as a user runs them (learning-map walks)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from learning_map.base.units import minutes_to_metres
from learning_map.bundle.core import load_bundle
from learning_map.city.walks import WalkGraph, best_walk_exact, best_walk_heuristic, theme_stops

SENADO_SQUARE = "113.5395,22.1934"
ROUTE = """名称,经度,纬度,说明
議事亭前地,113.5395,22.1934,澳門歷史城區的中心
大三巴牌坊,113.5409,22.1974,聖保祿學院天主之母教堂遺址
媽閣廟,113.5299,22.1862,澳門最古老的廟宇之一
"""


def walk(runner, macau_bundle, *args):
    result = runner.invoke(["walks", str(macau_bundle), "--json", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_history_walk_fits_its_hour_visits_distinct_sights_and_rests(runner, macau_bundle):
    plan = walk(runner, macau_bundle, "--from", SENADO_SQUARE, "--minutes", "60", "--speed", "elderly",
                "--theme", "history")
    assert plan["minutes"]["elderly"] <= 60.0 + 1e-6
    sights = [s for s in plan["stops"] if s["kind"] == "sight"]
    assert len(sights) >= 10  # Macau's historic centre is dense with temples, churches, museums
    ids = [s["id"] for s in plan["stops"]]
    assert len(ids) == len(set(ids))
    assert any("大三巴" in s["name"] or "聖保祿" in s["name"] for s in sights)
    # Rest spacing: 15 minutes at elderly pace is 825 m; every longer spell is reported.
    rest_m = float(minutes_to_metres(15, 3.3))
    spell, reported = 0.0, {round(g["spell_m"]) for g in plan["rest_gaps"]}
    for stop in plan["stops"]:
        spell += stop["leg_m"]
        if stop["kind"] == "rest" or stop["indoor"]:
            assert spell <= rest_m + 1e-6 or round(spell) in reported
            spell = 0.0
    assert any(s["kind"] == "rest" for s in plan["stops"])
    assert sum(s["leg_m"] for s in plan["stops"]) + plan["last_leg_m"] == pytest.approx(plan["walk_m"], abs=1)
    line = np.array(plan["line"]["coordinates"])
    assert line[:, 0].min() > 113.5
    assert line[:, 1].max() < 22.25


def test_heuristic_is_near_the_optimum_on_small_macau_cases(macau_bundle):
    bundle = load_bundle(macau_bundle)
    sights = theme_stops(bundle.stops, bundle.sites, "history")
    network = bundle.network
    x, y = network.to_xy(sights.geometry.x.to_numpy(), sights.geometry.y.to_numpy())
    sx, sy = network.to_xy(np.array([113.5395]), np.array([22.1934]))
    order = np.argsort(np.hypot(x - sx[0], y - sy[0]))
    from scipy.spatial import cKDTree

    tree = cKDTree(np.column_stack((network.node_x, network.node_y)))
    start = int(tree.query([sx[0], sy[0]])[1])
    gaps = []
    for first in (0, 10, 20):
        pick = order[first:first + 10]
        nodes = np.concatenate(([start, start], tree.query(np.column_stack((x[pick], y[pick])))[1]))
        nodes = np.unique(nodes[2:], return_index=True)
        candidates = np.concatenate(([start, start], nodes[0]))
        dist = WalkGraph(network, candidates, 5_000.0).matrix()
        budget = 1_500.0
        exact = best_walk_exact(dist, budget)
        heuristic = best_walk_heuristic(dist, budget)
        gaps.append(len(exact) - len(heuristic))
    assert max(gaps) <= 1
    assert sum(gaps) <= 1


def test_curated_route_has_each_legs_minutes_at_both_paces(runner, macau_bundle, tmp_path):
    route = tmp_path / "route.csv"
    route.write_text(ROUTE, encoding="utf-8")
    plan = walk(runner, macau_bundle, "--route", str(route))
    assert [s["name"] for s in plan["stops"]] == ["議事亭前地", "大三巴牌坊", "媽閣廟"]
    assert plan["stops"][0]["leg_m"] == 0
    legs = [s["leg_m"] for s in plan["stops"]]
    assert 300 < legs[1] < 900  # Senado Square to the Ruins of St Paul's: about 500 m of lanes
    assert sum(legs) == pytest.approx(plan["walk_m"], abs=1)
    for stop in plan["stops"][1:]:
        assert stop["leg_minutes"]["elderly"] == pytest.approx(stop["leg_minutes"]["adult"] * 4.8 / 3.3, abs=0.11)
    assert plan["stops"][1]["text"] == "聖保祿學院天主之母教堂遺址"


@pytest.mark.parametrize(("args", "expected"), [
    ([], "--from"),
    (["--from", "113.54"], "--from"),
    (["--from", SENADO_SQUARE, "--theme", "food"], "--theme"),
    (["--from", "0,0"], "--from"),
])
def test_user_mistakes_are_one_bilingual_sentence(runner, macau_bundle, args, expected):
    result = runner.invoke(["walks", str(macau_bundle), *args])
    assert result.exit_code == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.stderr)


def test_a_bad_route_row_names_its_line(runner, macau_bundle, tmp_path):
    route = tmp_path / "bad.csv"
    route.write_text(ROUTE.replace("113.5409", "東經113"), encoding="utf-8")
    result = runner.invoke(["walks", str(macau_bundle), "--route", str(route)])
    assert result.exit_code == 1
    assert "line 3" in result.stderr
