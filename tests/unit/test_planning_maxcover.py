"""Recommend new sites: coverage matrix, greedy (CELF) and the exact HiGHS optimum."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest

from learning_map.analysis.model import CoverageModel
from learning_map.city.population import Demand
from learning_map.errors import ParameterError
from learning_map.planning.candidates import (
    coverage_matrix,
    node_candidates,
    point_candidates,
)
from learning_map.planning.maxcover import exact_cover, greedy_cover, recommend
from learning_map.walking.coverage import distances_to_targets, node_distances
from learning_map.walking.snapping import snap_points
from learning_map.walking.synthetic import grid_network, network_from_edges

CRS = "EPSG:32649"


def sites_at(net, xy, categories):
    lon, lat = net.to_lonlat([p[0] for p in xy], [p[1] for p in xy])
    return gpd.GeoDataFrame({"category": categories, "name": [f"s{i}" for i in range(len(xy))]},
                            geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")


def demand_at(xy, population, elderly=None):
    xy = np.asarray(xy, float)
    population = np.asarray(population, float)
    elderly = population / 10 if elderly is None else np.asarray(elderly, float)
    return Demand(CRS, xy[:, 0], xy[:, 1], population, elderly)


def test_coverage_matrix_matches_one_search_per_candidate():
    rng = np.random.default_rng(7)
    net = grid_network(8, 8, spacing_m=100, crs=CRS)
    demand = snap_points(net, rng.uniform(-20, 720, 60), rng.uniform(-20, 720, 60))
    xy = rng.uniform(0, 700, (15, 2))
    lon, lat = net.to_lonlat(xy[:, 0], xy[:, 1])
    points, dropped = point_candidates(net, gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs="EPSG:4326"))
    assert dropped == 0
    walk_m = 260.0
    for candidates in (node_candidates(net), points):
        cover = coverage_matrix(net, demand, candidates, walk_m).toarray()
        brute = np.zeros_like(cover)
        for j in range(len(candidates)):
            one = candidates.points.subset(np.array([j]))
            dist = node_distances(net, one, limit_m=walk_m)
            brute[j] = distances_to_targets(net, dist, one, demand) <= walk_m
        assert brute.any()
        assert not brute.all()
        np.testing.assert_array_equal(cover, brute)


@pytest.fixture
def cluster_city():
    """Three resident clusters on a 1 km grid; the only library is far from all of them."""
    net = grid_network(11, 11, spacing_m=100, crs=CRS)
    demand = demand_at([(100, 100), (800, 800), (800, 100)], [500, 300, 50])
    sites = sites_at(net, [(0, 1000)], ["library"])
    return CoverageModel(net, sites, demand)


def test_best_sites_on_known_clusters(cluster_city):
    result = recommend(cluster_city, "library", 2, 150.0, exact=True)
    assert result.picks["added"].tolist() == [500, 300]
    assert result.picks["cumulative_share"].tolist() == pytest.approx([500 / 850, 800 / 850])
    for (_, pick), (cx, cy) in zip(result.picks.iterrows(), [(100, 100), (800, 800)], strict=True):
        assert abs(pick.x - cx) + abs(pick.y - cy) <= 150
    assert result.exact.optimal
    assert result.exact.objective == result.greedy.total == 800
    assert result.gap == 0


def test_existing_sites_are_kept(cluster_city):
    near_b = sites_at(cluster_city.network, [(0, 1000), (800, 850)], ["library", "library"])
    model = cluster_city.with_sites(near_b)
    result = recommend(model, "library", 2, 150.0)
    assert result.covered_before == 300
    assert result.picks["added"].tolist() == [500, 50]
    assert result.picks["cumulative"].iloc[-1] == 850
    # Nothing more to add: a third site is not proposed.
    assert len(recommend(model, "library", 5, 150.0).picks) == 2


def test_elderly_education_weighs_elderly(cluster_city):
    model = CoverageModel(cluster_city.network, cluster_city.sites,
                          demand_at([(100, 100), (800, 800)], [500, 100], [10, 60]))
    result = recommend(model, "elderly_education", 1, 150.0)
    assert result.weight_name == "elderly"
    assert result.picks["added"].tolist() == [60]


def line_city():
    """
    Residents p=2, q=3, r=3, s=2 at x = 0, 1000, 2000, 3000 on a straight street; candidates at
    500 (covers p, q), 2500 (r, s) and 1500 (q, r) with a 600 m walk. Greedy takes the middle
    (6) and then one end (+2) = 8; the optimum takes both ends = 10: greedy is 20 % short.
    """
    xs = np.arange(0, 3001, 250.0)
    net = network_from_edges(np.column_stack((xs, np.zeros_like(xs))),
                             np.arange(len(xs) - 1), np.arange(1, len(xs)), crs=CRS)
    demand = demand_at([(0, 0), (1000, 0), (2000, 0), (3000, 0)], [2, 3, 3, 2])
    model = CoverageModel(net, sites_at(net, [(0, 0)], ["school"]), demand)
    lon, lat = net.to_lonlat([500, 2500, 1500], [0, 0, 0])
    candidates, _ = point_candidates(net, gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs="EPSG:4326"))
    return model, candidates


def test_greedy_gap_on_a_case_where_greedy_is_suboptimal():
    model, candidates = line_city()
    result = recommend(model, "library", 2, 600.0, candidates=candidates, exact=True)
    assert result.picks["candidate"].tolist() == ["2", "0"]
    assert result.greedy.total == 8
    assert result.exact.optimal
    assert result.exact.objective == 10
    assert sorted(result.exact.picks.tolist()) == [0, 1]
    assert result.gap == pytest.approx(0.2)


def test_greedy_equals_brute_force_on_small_random_instances():
    from itertools import combinations

    from scipy import sparse

    rng = np.random.default_rng(3)
    for _ in range(20):
        cover = sparse.csr_matrix(rng.random((7, 12)) < 0.3)
        weight = rng.integers(1, 9, 12).astype(float)
        best = max(weight[np.asarray(cover[list(c)].sum(axis=0)).ravel() > 0].sum()
                   for c in combinations(range(7), 2))
        exact = exact_cover(cover, weight, 2)
        assert exact.objective == best
        greedy = greedy_cover(cover, weight, 2)
        assert greedy.total <= best
        # Lazy evaluation returns what plain greedy does.
        covered = np.zeros(12, bool)
        for j in greedy.picks:
            gains = [weight[cover[i].indices[~covered[cover[i].indices]]].sum() for i in range(7)]
            assert gains[j] == max(gains)
            covered[cover[j].indices] = True


def test_a_walk_in_minutes_is_the_same_walk_in_metres(cluster_city):
    """Minutes at a pace convert in the library (units.walk_limit_m), as coverage does."""
    from learning_map.base.units import minutes_to_metres
    from learning_map.planning.gaps import find_gaps

    walk_m = float(minutes_to_metres(2.0, 4.5))
    by_metres = recommend(cluster_city, "library", 2, walk_m)
    by_minutes = recommend(cluster_city, "library", 2, minutes=2.0, speed_kmh=4.5)
    assert by_minutes.walk_m == by_metres.walk_m == walk_m
    assert by_minutes.picks.equals(by_metres.picks)
    gaps = find_gaps(cluster_city, "library", minutes=2.0, speed_kmh=4.5)
    assert gaps.walk_m == walk_m
    assert gaps.gaps.equals(find_gaps(cluster_city, "library", walk_m, 4.5).gaps)
    with pytest.raises(TypeError):
        recommend(cluster_city, "library", 2, walk_m, minutes=2.0)


@pytest.mark.parametrize(("k", "capacity", "param"), [(0, None, "k"), (1, 0.0, "capacity"),
                                                      (1, float("nan"), "capacity")])
def test_one_check_for_the_number_of_sites_and_their_capacity(k, capacity, param):
    from learning_map.planning.maxcover import check_sites_to_add

    with pytest.raises(ParameterError) as raised:
        check_sites_to_add(k, capacity)
    assert raised.value.param == param
