"""Coverage engine on hand-built graphs where every answer is known by hand."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from learning_map.base.units import metres_to_minutes, minutes_to_metres
from learning_map.walking.coverage import (
    distances_to_targets,
    merge_intervals,
    node_distances,
    node_distances_with_predecessors,
    reachable_intervals,
)
from learning_map.walking.snapping import SnappedPoints, snap_points
from learning_map.walking.synthetic import grid_network, network_from_edges


def pts(edge, offset, access) -> SnappedPoints:
    return SnappedPoints(np.asarray(edge, np.int64), np.asarray(offset, float), np.asarray(access, float))


@pytest.fixture
def line():
    # A(0,0) --100-- B(100,0) --200-- C(300,0);  D(1000,1000)--E(1100,1000) is a separate island.
    xy = [(0, 0), (100, 0), (300, 0), (1000, 1000), (1100, 1000)]
    return network_from_edges(xy, [0, 1, 3], [1, 2, 4])


def test_source_mid_edge_adds_offset_and_access_leg(line):
    dist = node_distances(line, pts([0], [30], [10]))
    np.testing.assert_allclose(dist[:3], [40, 80, 280])


def test_unreachable_component_is_infinite(line):
    dist = node_distances(line, pts([0], [30], [10]))
    assert np.isinf(dist[3:]).all()


def test_limit_stops_search(line):
    dist = node_distances(line, pts([0], [30], [10]), limit_m=100)
    np.testing.assert_allclose(dist[:2], [40, 80])
    assert np.isinf(dist[2])


def test_multiple_sources_take_the_nearest(line):
    dist = node_distances(line, pts([0, 1], [30, 190], [10, 5]))
    # From the second source (on B-C, 10 m before C): C = 5 + 10, B = 5 + 190 but the first gives 80.
    np.testing.assert_allclose(dist[:3], [40, 80, 15])


def test_target_on_the_same_edge_walks_along_it(line):
    sources = pts([1], [100], [0])  # middle of B-C
    dist = node_distances(line, sources)
    targets = pts([1, 1, 0], [150, 20, 50], [7, 0, 3])
    got = distances_to_targets(line, dist, sources, targets)
    # 50 m along the edge + 7 m access; 80 m along; via B: 100 + (100-50) + 3.
    np.testing.assert_allclose(got, [57, 80, 153])


def test_off_network_targets_and_sources_are_ignored(line):
    sources = pts([-1, 0], [0, 0], [np.inf, 0])
    dist = node_distances(line, sources)
    np.testing.assert_allclose(dist[:3], [0, 100, 300], atol=1e-6)
    got = distances_to_targets(line, dist, sources, pts([-1, 2], [0, 50], [np.inf, 1]))
    assert np.isinf(got[0])
    assert np.isinf(got[1])  # the island is unreachable


def test_no_sources_means_nothing_reachable(line):
    assert np.isinf(node_distances(line, pts([], [], []))).all()


def test_partial_edges_count_up_to_where_the_walk_reaches(line):
    sources = pts([0], [30], [10])
    dist = node_distances(line, sources)
    intervals = reachable_intervals(line, dist, sources, 150.0)
    # Budget 150: on A-B all 100 m; on B-C from B 150-80 = 70 m.
    assert intervals.length_m == pytest.approx(170)
    intervals = reachable_intervals(line, dist, sources, 25.0)
    # Only the source's own edge: 15 m each way from offset 30.
    assert intervals.length_m == pytest.approx(30)
    assert intervals.edge.tolist() == [0]
    np.testing.assert_allclose([intervals.start_m[0], intervals.end_m[0]], [15, 45])


def test_edge_reached_from_both_ends_counts_once():
    # Square 0-1-2-3 of 100 m sides; source at node 0: edge 1-2 is reached from both ends.
    xy = [(0, 0), (100, 0), (100, 100), (0, 100)]
    net = network_from_edges(xy, [0, 1, 2, 3], [1, 2, 3, 0])
    sources = pts([0], [0], [0])
    dist = node_distances(net, sources)
    intervals = reachable_intervals(net, dist, sources, 150.0)
    assert intervals.length_m == pytest.approx(100 + 50 + 50 + 100)
    intervals = reachable_intervals(net, dist, sources, 1000.0)
    assert intervals.length_m == pytest.approx(400)


def test_merge_intervals_merges_overlaps_per_edge():
    merged = merge_intervals(
        np.array([2, 0, 0, 0, 2, 2]),
        np.array([0.0, 5, 0, 30, 1, 50]),
        np.array([1.0, 20, 10, 40, 3, 60]),
        scale=100,
    )
    # Touching intervals merge; disjoint ones stay apart; edges never mix.
    assert merged.edge.tolist() == [0, 0, 2, 2]
    np.testing.assert_allclose(merged.start_m, [0, 30, 0, 50])
    np.testing.assert_allclose(merged.end_m, [20, 40, 3, 60])
    assert merged.length_m == pytest.approx(20 + 10 + 3 + 10)


def test_snap_places_points_on_nearest_edge_with_access_leg(line):
    snapped = snap_points(line, [40, 250, 5000], [12, -3, 5000], max_snap_m=100)
    assert snapped.edge.tolist() == [0, 1, -1]
    np.testing.assert_allclose(snapped.offset_m[:2], [40, 150])
    np.testing.assert_allclose(snapped.access_m[:2], [12, 3])
    assert np.isinf(snapped.access_m[2])


def test_parallel_edges_use_the_shorter_one():
    xy = [(0, 0), (100, 0)]
    net = network_from_edges(xy, [0, 0], [1, 1])
    net.edge_length_m[:] = [300, 100]
    dist = node_distances(net, pts([0], [0], [0]))
    assert dist[1] == pytest.approx(100)


def test_predecessors_trace_back_to_the_source(line):
    dist, pred = node_distances_with_predecessors(line, pts([1], [50], [0]))
    assert pred[0] == 1  # A is reached through B
    assert pred[1] == line.node_count  # B hangs off the virtual source
    assert dist[0] == pytest.approx(150)


def test_unit_conversions():
    assert minutes_to_metres(15, 4.8) == pytest.approx(1200)
    assert metres_to_minutes(825, 3.3) == pytest.approx(15)


def test_grid_matches_networkx_multi_source_dijkstra():
    rng = np.random.default_rng(7)
    net = grid_network(30, 20, spacing_m=80)
    net.edge_length_m[:] = rng.uniform(60, 140, net.edge_count)  # irregular weights
    nodes = rng.choice(net.node_count, 6, replace=False)
    # Sources at nodes: offset 0 on an edge that starts there.
    edge_of = np.array([np.flatnonzero(net.edge_u == n)[0] if (net.edge_u == n).any()
                        else np.flatnonzero(net.edge_v == n)[0] for n in nodes])
    at_u = net.edge_u[edge_of] == nodes
    offset = np.where(at_u, 0.0, net.edge_length_m[edge_of])
    dist = node_distances(net, pts(edge_of, offset, np.zeros(6)))
    G = nx.Graph()
    for u, v, w in zip(net.edge_u, net.edge_v, net.edge_length_m, strict=True):
        G.add_edge(int(u), int(v), weight=float(w))
    expected = nx.multi_source_dijkstra_path_length(G, set(nodes.tolist()))
    np.testing.assert_allclose(dist, [expected[i] for i in range(net.node_count)], atol=1e-6)


@pytest.mark.parametrize("n_points", [1, 2, 5])
def test_few_start_nodes_search_equals_the_virtual_source_search(n_points):
    """A clicked point (two start nodes) is searched without copying the matrix: same answer."""
    from scipy.sparse import csgraph

    from learning_map.walking import coverage
    from learning_map.walking.snapping import snap_points
    from learning_map.walking.synthetic import grid_network

    network = grid_network(30, 30, spacing_m=50.0, crs="EPSG:32649")
    rng = np.random.default_rng(n_points)
    points = snap_points(network, rng.uniform(0, 1450, n_points), rng.uniform(0, 1450, n_points))
    fast = coverage.node_distances(network, points, limit_m=600.0)
    graph, source = coverage._with_super_source(network, points)
    slow = csgraph.dijkstra(graph, directed=True, indices=source, limit=600.0)[: network.node_count]
    assert np.array_equal(np.isfinite(fast), np.isfinite(slow))
    reached = np.isfinite(fast)
    assert np.allclose(fast[reached], slow[reached], atol=1e-6)
    assert 0 < reached.sum() < network.node_count


def test_touched_edges_give_the_same_intervals_as_every_edge(monkeypatch):
    """A point query on a big city looks only at edges by reached nodes: same stretches."""
    from learning_map.walking import coverage, stretches
    from learning_map.walking.snapping import snap_points
    from learning_map.walking.synthetic import grid_network

    network = grid_network(60, 60, spacing_m=50.0, crs="EPSG:32649")
    point = snap_points(network, np.array([1234.0]), np.array([777.0]))
    dist = coverage.node_distances(network, point, limit_m=400.0)
    assert np.isfinite(dist).sum() < stretches.TOUCHED_SHARE * network.node_count  # the touched path
    few = coverage.reachable_intervals(network, dist, point, 400.0)
    monkeypatch.setattr(stretches, "TOUCHED_SHARE", -1.0)  # every edge
    every = coverage.reachable_intervals(network, dist, point, 400.0)
    assert np.array_equal(few.edge, every.edge)
    assert np.allclose(few.start_m, every.start_m)
    assert np.allclose(few.end_m, every.end_m)
    assert few.length_m > 0
