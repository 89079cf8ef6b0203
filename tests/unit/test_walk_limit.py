"""A walk searched to a limit is exact within it and unknown (inf) beyond: never overstated."""

from __future__ import annotations

import numpy as np

from learning_map.walking.coverage import distances_to_targets, node_reach
from learning_map.walking.snapping import SnappedPoints
from learning_map.walking.synthetic import network_from_edges

CRS = "EPSG:32649"


def test_a_target_past_the_limit_is_not_found_rather_than_walked_the_long_way():
    # A triangle: S (0, 0), u (100, 0), v 1000 m from both. The target sits on u-v 30 m
    # before v: through u it is 100 + 970 = 1070 m, through v 1000 + 30 = 1030 m (the walk).
    v = (50.0, float(np.sqrt(1000.0**2 - 50.0**2)))
    net = network_from_edges([(0, 0), (100, 0), v], [0, 1, 0], [1, 2, 2], crs=CRS)
    source = SnappedPoints(np.array([0]), np.array([0.0]), np.array([0.0]))  # at S
    target = SnappedPoints(np.array([1]), np.array([970.0]), np.array([0.0]))
    # Searched to 500 m only u is reached: the way in through u (1070 m) is not the walk.
    bounded = distances_to_targets(net, node_reach(net, source, limit_m=500.0), source, target,
                                   limit_m=500.0)
    assert bounded.tolist() == [np.inf]
    # Searched to 1050 m, v is reached too: the walk is exact.
    near = distances_to_targets(net, node_reach(net, source, limit_m=1050.0), source, target,
                                limit_m=1050.0)
    assert near.tolist() == [1030.0]
    whole = distances_to_targets(net, node_reach(net, source), source, target)
    assert whole.tolist() == [1030.0]


def test_a_click_walk_within_its_budget_is_exact_on_the_same_triangle():
    # coverage.point_walks (the click's search) keeps only walks within its budget: there
    # the way in through a reached end is the shortest one (the other end is farther still).
    from learning_map.walking.coverage import point_walks

    v = (50.0, float(np.sqrt(1000.0**2 - 50.0**2)))
    net = network_from_edges([(0, 0), (100, 0), v], [0, 1, 0], [1, 2, 2], crs=CRS)
    source = SnappedPoints(np.array([0]), np.array([0.0]), np.array([0.0]))
    target = SnappedPoints(np.array([1]), np.array([970.0]), np.array([0.0]))
    by_edge = (np.array([0, 0, 1, 1]), np.array([0]))
    for budget, expected in ((500.0, []), (1050.0, [1030.0]), (1100.0, [1030.0])):
        _, walk_m, _ = point_walks(net, source, budget, targets=target, targets_by_edge=by_edge,
                                   wanted=np.ones(1, bool))
        assert walk_m.tolist() == expected
