"""Humanities walks on hand-built streets: the best walks are known by hand or by brute force."""

from __future__ import annotations

import itertools

import geopandas as gpd
import numpy as np
import pytest

from learning_map.city.walks import (
    best_walk_exact,
    best_walk_heuristic,
    stops_from_features,
    suggest_walk,
    tour_length,
)
from learning_map.walking.synthetic import grid_network

CRS = "EPSG:32649"


def brute_force(dist: np.ndarray, budget: float) -> int:
    """Most stops any order can visit within the budget (tries every ordered subset)."""
    best = 0
    n = len(dist)
    for size in range(1, n - 1):
        for order in itertools.permutations(range(2, n), size):
            if tour_length(list(order), dist) <= budget + 1e-9:
                best = max(best, size)
                break
    return best


def line_city() -> np.ndarray:
    """Start and end at 0; sights at 100, 200, 300 m east and one 1,000 m west."""
    positions = np.array([0.0, 0.0, 100.0, 200.0, 300.0, -1000.0])
    return np.abs(positions[:, None] - positions[None, :])


def test_a_loop_takes_the_near_sights_and_leaves_the_far_one():
    dist = line_city()
    order = best_walk_heuristic(dist, 600.0)  # 600 m: out 300 m and back
    assert sorted(order) == [2, 3, 4]
    assert tour_length(order, dist) == pytest.approx(600.0)
    assert best_walk_exact(dist, 600.0) == order
    assert best_walk_heuristic(dist, 599.0) == [2, 3] or sorted(best_walk_heuristic(dist, 599.0)) == [2, 3]


def test_dwell_time_counts_against_the_budget():
    dist = line_city()
    # 600 m of walking plus 3 stops x 50 m of dwell does not fit 700 m; two stops do.
    assert len(best_walk_heuristic(dist, 700.0, dwell_m=50.0)) == 2
    assert len(best_walk_exact(dist, 700.0, dwell_m=50.0)) == 2


@pytest.mark.parametrize("seed", range(12))
def test_heuristic_against_the_exact_optimum_on_random_small_cities(seed):
    rng = np.random.default_rng(seed)
    points = rng.uniform(0, 1000, size=(9, 2))
    points[1] = points[0]  # a loop
    dist = np.abs(points[:, None, :] - points[None, :, :]).sum(axis=2)  # street-grid (L1) walks
    budget = 2000.0
    exact = best_walk_exact(dist, budget)
    assert len(exact) == brute_force(dist, budget)
    assert tour_length(exact, dist) <= budget + 1e-9
    heuristic = best_walk_heuristic(dist, budget)
    assert tour_length(heuristic, dist) <= budget + 1e-9
    assert len(set(heuristic)) == len(heuristic)
    assert len(heuristic) >= len(exact) - 1  # at most one stop short on these cases


def stop_frame(network, xy, names, kinds, indoor=None):
    lon, lat = network.to_lonlat(np.array([p[0] for p in xy], float), np.array([p[1] for p in xy], float))
    return gpd.GeoDataFrame({"name": names, "name_en": "", "kind": kinds, "themes": "history",
                             "indoor": indoor or [False] * len(names), "osm_id": names},
                            geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")


def test_walk_on_a_grid_stays_in_time_and_rests_where_it_can():
    network = grid_network(11, 11, spacing_m=100, crs=CRS)  # 1 km x 1 km of streets
    sights = stop_frame(network, [(400, 0), (800, 0), (800, 400), (400, 400)], ["A", "B", "C", "D"],
                        ["sight"] * 4)
    rests = stop_frame(network, [(600, 0)], ["bench"], ["rest"])
    start = tuple(float(v[0]) for v in network.to_lonlat(np.array([0.0]), np.array([0.0])))
    # 2,400 m at 4.8 km/h = 30 min: the loop 0 -> A -> B -> C -> D -> 0 is 2,400 m exactly.
    plan = suggest_walk(network, sights, start=start, minutes=30, speed_kmh=4.8, rests=rests,
                        rest_every_min=10)  # a rest at least every 800 m
    assert [s["name"] for s in plan.sights] in (["A", "B", "C", "D"], ["D", "C", "B", "A"])
    assert plan.walk_m == pytest.approx(2400.0)
    names = [s["name"] for s in plan.stops]
    assert "bench" in names  # 0 -> A -> B is 800 m; the bench between A and B costs nothing extra
    # Every spell between rests is at most 800 m, or is reported as a gap.
    gaps = {round(gap["spell_m"]) for gap in plan.rest_gaps}
    spell = 0.0
    legs = [*plan.legs_m]
    for k, leg in enumerate(legs):
        spell += leg
        stop = plan.stops[k] if k < len(plan.stops) else None
        if stop is None or stop["kind"] == "rest" or stop["indoor"]:
            assert spell <= 800.0 + 1e-6 or round(spell) in gaps, (spell, gaps)
            spell = 0.0
    assert plan.rest_gaps  # 1,600 m of the loop have no rest point: said, not hidden
    assert all(gap["spell_m"] > 800 for gap in plan.rest_gaps)
    payload = plan.as_dict(paces={"adult": 4.8, "elderly": 3.3})
    assert payload["minutes"]["adult"] == pytest.approx(30.0)
    assert payload["line"]["type"] == "LineString"
    assert all("_node" not in s for s in payload["stops"])


def test_stops_from_osm_tags():
    features = gpd.GeoDataFrame({
        "osm_type": ["n", "n", "n", "w"], "osm_id": [1, 2, 3, 4],
        "tags": [{"historic": "memorial", "name": "林则徐纪念馆"}, {"amenity": "bench"},
                 {"tourism": "artwork"}, {"tourism": "museum", "name": "澳門博物館", "name:en": "Macao Museum"}],
    }, geometry=gpd.points_from_xy([113.54, 113.541, 113.542, 113.543], [22.19] * 4), crs="EPSG:4326")
    stops = stops_from_features(features)
    assert stops["name"].tolist() == ["林则徐纪念馆", "", "澳門博物館"]  # the unnamed artwork is left out
    assert stops["kind"].tolist() == ["sight", "rest", "sight"]
    assert stops["themes"].tolist() == ["history", "", "history,culture"]
    assert stops["indoor"].tolist() == [False, False, True]
