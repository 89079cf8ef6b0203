"""Compiled bounded Dijkstra (learning_map.walking.engine) on hand-built graphs and against scipy."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from scipy import sparse
from scipy.sparse import csgraph

from learning_map.walking import engine
from learning_map.walking.coverage import node_reach, reachable_intervals
from learning_map.walking.dense_search import search_dense
from learning_map.walking.snapping import SnappedPoints
from learning_map.walking.synthetic import grid_network, network_from_edges


def csr(net):
    a = net.adjacency
    return a.indptr, a.indices, a.data


@pytest.fixture
def line():
    # A(0) --100-- B(1) --200-- C(2) --50-- D(3);  E(4)--F(5) an island.
    xy = [(0, 0), (100, 0), (300, 0), (350, 0), (1000, 1000), (1100, 1000)]
    return network_from_edges(xy, [0, 1, 2, 4], [1, 2, 3, 5])


def test_single_start_settles_nearest_first(line):
    reach = engine.search(*csr(line), [1], [0.0])
    assert reach.nodes.tolist() == [1, 0, 2, 3]
    np.testing.assert_allclose(reach.dist_m, [0, 100, 200, 250])


def test_limit_keeps_only_nodes_within_it(line):
    reach = engine.search(*csr(line), [1], [0.0], limit_m=200.0)
    assert sorted(reach.nodes.tolist()) == [0, 1, 2]  # C at exactly 200 m counts
    assert np.isinf(reach.dense()[[3, 4, 5]]).all()


def test_start_costs_and_repeats_keep_the_least(line):
    # A clicked point 30 m from B on B-C, 10 m off the street: B costs 40, C 180.
    reach = engine.search(*csr(line), [1, 2, 2], [40.0, 180.0, 500.0])
    np.testing.assert_allclose(reach.dense()[:4], [140, 40, 180, 230])


def test_start_beyond_the_limit_is_skipped(line):
    reach = engine.search(*csr(line), [0, 3], [10.0, 999.0], limit_m=150.0)
    assert sorted(reach.nodes.tolist()) == [0, 1]


def test_predecessors_and_path(line):
    reach = engine.search(*csr(line), [0], [0.0], predecessors=True)
    assert reach.path_to(3).tolist() == [0, 1, 2, 3]
    pred = reach.dense_pred(start=line.node_count)
    assert pred.tolist() == [line.node_count, 0, 1, 2, -9999, -9999]
    assert len(reach.path_to(5)) == 0


def test_stop_at_returns_only_settled_nodes_and_leaves_the_workspace_clean(line):
    reach = engine.search(*csr(line), [0], [0.0], stop_at=[1])
    assert reach.nodes.tolist() == [0, 1]
    # The next search must not see the first one's leftovers (B-C was on the heap at 300).
    again = engine.search(*csr(line), [3], [0.0])
    np.testing.assert_allclose(again.dense()[:4], [350, 250, 50, 0])


def test_at_looks_up_reached_and_unreached_nodes(line):
    reach = engine.search(*csr(line), [1], [0.0], limit_m=150.0)
    np.testing.assert_allclose(reach.at([0, 1, 2, 5]), [100, 0, np.inf, np.inf])
    # at() borrows the workspace: it must stay clean for the next search.
    np.testing.assert_allclose(engine.search(*csr(line), [3], [0.0]).dense()[:4], [350, 250, 50, 0])


def test_no_start_reaches_nothing(line):
    reach = engine.search(*csr(line), [], [])
    assert len(reach) == 0
    assert np.isinf(reach.dense()).all()


def test_incident_edges_of_reached_nodes(line):
    assert sorted(engine.incident_edges(line.node_edges, np.array([1, 2])).tolist()) == [0, 1, 2]
    # Asked twice over the same nodes, each edge still comes once.
    assert sorted(engine.incident_edges(line.node_edges, np.array([1, 2, 1])).tolist()) == [0, 1, 2]


def test_point_query_work_stays_local_on_a_big_grid():
    """A point on a 200x200 grid reaches only its neighbourhood; the answer is sparse."""
    net = grid_network(200, 200, spacing_m=100.0)
    point = SnappedPoints(np.array([0]), np.array([50.0]), np.array([0.0]))  # mid first edge
    reach = node_reach(net, point, limit_m=250.0)
    assert 0 < len(reach) < 20
    assert reach.dist_m.min() == pytest.approx(50.0)
    intervals = reachable_intervals(net, reach, point, 250.0)
    dense = reachable_intervals(net, reach.dense(), point, 250.0)
    assert np.array_equal(intervals.edge, dense.edge)
    np.testing.assert_allclose(intervals.end_m, dense.end_m)


@pytest.mark.parametrize("seed", range(6))
def test_same_distances_as_scipy_on_random_graphs(seed):
    """Property: integer weights make every sum exact, so distances must be identical."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 300))
    m = int(rng.integers(n, 4 * n))
    u, v = rng.integers(0, n, m), rng.integers(0, n, m)
    w = rng.integers(1, 50, m).astype(float)
    matrix = sparse.coo_matrix((np.r_[w, w], (np.r_[u, v], np.r_[v, u])), shape=(n, n)).tocsr()
    matrix.sum_duplicates()  # scipy sums parallel edges: compare on the summed matrix
    starts = rng.choice(n, int(rng.integers(1, 5)), replace=False)
    limit = float(rng.choice([np.inf, 40.0, 75.0]))
    reach = engine.search(matrix.indptr, matrix.indices, matrix.data, starts, np.zeros(len(starts)),
                          limit_m=limit, predecessors=True)
    expected = csgraph.dijkstra(matrix, directed=True, indices=starts, limit=limit, min_only=True)
    assert np.array_equal(reach.dense(), expected)
    assert np.all(np.diff(reach.dist_m) >= 0)  # settled nearest first
    # Each predecessor link is a real edge whose weight closes the distance exactly.
    has = reach.pred >= 0
    links = np.asarray(matrix[reach.pred[has], reach.nodes[has]]).ravel()
    assert np.array_equal(reach.dense()[reach.pred[has]] + links, reach.dist_m[has])


def test_threads_each_get_their_own_workspace():
    net = grid_network(40, 40, spacing_m=10.0)
    indptr, indices, data = csr(net)
    expected = {s: csgraph.dijkstra(net.adjacency, directed=True, indices=s, limit=120.0)
                for s in range(0, 1600, 97)}
    failures = []

    def work():
        for _ in range(20):
            for s, want in expected.items():
                got = engine.search(indptr, indices, data, [s], [0.0], limit_m=120.0).dense()
                if not np.array_equal(got, want):
                    failures.append(s)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def _stretches_by_merge(net, dist, sources, budget):
    """The reference: every stretch listed, then merged per edge with merge_intervals."""
    from learning_map.walking.coverage import merge_intervals

    length = net.edge_length_m
    edges = np.arange(net.edge_count)
    left, right = budget - dist[net.edge_u], budget - dist[net.edge_v]
    on = np.flatnonzero(sources.on_network & (sources.access_m <= budget))
    reach = budget - sources.access_m[on]
    edge = np.concatenate((edges[left >= 0], edges[right >= 0], sources.edge[on]))
    start = np.concatenate((np.zeros((left >= 0).sum()), (length - right)[right >= 0],
                            sources.offset_m[on] - reach))
    end = np.concatenate((left[left >= 0], length[right >= 0], sources.offset_m[on] + reach))
    start, end = np.clip(start, 0, length[edge]), np.clip(end, 0, length[edge])
    return merge_intervals(edge, start, end, scale=float(length.max()) + 1.0)


@pytest.mark.parametrize("seed", range(4))
def test_compiled_stretches_equal_the_merged_list(seed):
    rng = np.random.default_rng(seed)
    net = grid_network(25, 25, spacing_m=60.0)
    net.edge_length_m[:] = rng.uniform(20, 120, net.edge_count)
    n = int(rng.integers(1, 30))
    sources = SnappedPoints(rng.integers(0, net.edge_count, n), np.zeros(n), rng.uniform(0, 50, n))
    sources.offset_m[:] = rng.uniform(0, 1, n) * net.edge_length_m[sources.edge]
    budget = float(rng.uniform(50, 400))
    reach = node_reach(net, sources, limit_m=budget)
    want = _stretches_by_merge(net, reach.dense(), sources, budget)
    for dist in (reach, reach.dense()):
        got = reachable_intervals(net, dist, sources, budget)
        assert np.array_equal(got.edge, want.edge)
        np.testing.assert_allclose(got.start_m, want.start_m, atol=1e-6)
        np.testing.assert_allclose(got.end_m, want.end_m, atol=1e-6)


def test_dense_search_on_a_hand_built_graph(line):
    dist = search_dense(*csr(line), [1, 2, 2], [40.0, 180.0, 500.0])
    assert dist.tolist() == [140.0, 40.0, 180.0, 230.0, np.inf, np.inf]
    bounded = search_dense(*csr(line), [1], [0.0], limit_m=200.0)
    assert bounded.tolist() == [100.0, 0.0, 200.0, np.inf, np.inf, np.inf]  # 200 m counts
    assert np.isinf(search_dense(*csr(line), [], [])).all()


def test_dense_search_skips_an_entry_a_shorter_way_replaced():
    # A(0) reaches B(1) directly at 10 m, then by C(2) at 1 + 2 = 3 m: B is pushed again at
    # 3 m (no decrease-key), D(3) follows from it, and B's stale 10 m entry changes nothing.
    u, v, w = [0, 0, 2, 1], [1, 2, 1, 3], [10.0, 1.0, 2.0, 5.0]
    a = sparse.coo_matrix((w * 2, (u + v, v + u)), shape=(4, 4)).tocsr()
    dist = search_dense(a.indptr, a.indices, a.data, [0], [0.0])
    assert dist.tolist() == [0.0, 3.0, 1.0, 8.0]


@pytest.mark.parametrize("seed", range(8))
def test_dense_search_equals_scipy_and_the_sparse_search_on_random_graphs(seed):
    """Property: the same distances bit for bit, stale heap entries and parallel edges included."""
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(5, 400))
    m = int(rng.integers(n, 5 * n))
    u, v = rng.integers(0, n, m), rng.integers(0, n, m)
    w = rng.integers(0, 60, m).astype(float)  # zero-length edges too
    matrix = sparse.coo_matrix((np.r_[w, w], (np.r_[u, v], np.r_[v, u])), shape=(n, n)).tocsr()
    matrix.sum_duplicates()
    starts = rng.choice(n, int(rng.integers(1, 6)), replace=False)
    limit = float(rng.choice([np.inf, 40.0, 95.0]))
    dense = search_dense(matrix.indptr, matrix.indices, matrix.data, starts,
                                np.zeros(len(starts)), limit_m=limit)
    expected = csgraph.dijkstra(matrix, directed=True, indices=starts, limit=limit, min_only=True)
    assert np.array_equal(dense, expected)
    # With fractional start costs (sites part-way along edges) it matches the sparse search.
    cost = rng.uniform(0, 30, len(starts))
    sparse_dist = engine.search(matrix.indptr, matrix.indices, matrix.data, starts, cost,
                                limit_m=limit).dense()
    assert np.array_equal(search_dense(matrix.indptr, matrix.indices, matrix.data, starts, cost,
                                              limit_m=limit), sparse_dist)


def test_city_wide_distances_equal_the_sparse_search_on_a_grid():
    """node_distances (dense search) and node_reach (sparse) agree exactly on a real-size case."""
    net = grid_network(60, 60, spacing_m=80.0)
    rng = np.random.default_rng(7)
    n = 40
    sources = SnappedPoints(rng.integers(0, net.edge_count, n), rng.uniform(0, 40, n), rng.uniform(0, 80, n))
    from learning_map.walking.coverage import node_distances

    dist = node_distances(net, sources, limit_m=1200.0)
    assert np.array_equal(dist, node_reach(net, sources, limit_m=1200.0).dense())
    assert 0.125 * net.node_count < np.isfinite(dist).sum() < net.node_count  # city-wide, bounded


@pytest.mark.parametrize("seed", range(4))
def test_every_edge_pass_equals_the_touched_edges_and_the_merged_list(seed, monkeypatch):
    """The all-edges pass (city-wide) and the touched-edges pass give the reference stretches."""
    from learning_map.walking import stretches

    rng = np.random.default_rng(50 + seed)
    net = grid_network(20, 20, spacing_m=60.0)
    net.edge_length_m[:] = rng.uniform(20, 120, net.edge_count)
    n = int(rng.integers(2, 40))
    edge = rng.integers(0, net.edge_count, n)
    edge[:2] = [net.edge_count - 1, net.edge_count - 1]  # two on the last edge, sorted last
    sources = SnappedPoints(edge, rng.uniform(0, 1, n) * net.edge_length_m[edge], rng.uniform(0, 300, n))
    budget = float(rng.uniform(50, 400))
    dist = node_reach(net, sources, limit_m=budget).dense()
    want = _stretches_by_merge(net, dist, sources, budget)
    got = {}
    for name, share in (("every", -1.0), ("touched", 2.0)):
        monkeypatch.setattr(stretches, "TOUCHED_SHARE", share)
        assert (stretches._touched_edges(net, dist, budget) is None) == (name == "every")
        got[name] = reachable_intervals(net, dist, sources, budget)
    for found in got.values():
        assert np.array_equal(found.edge, want.edge)
        np.testing.assert_allclose(found.start_m, want.start_m, atol=1e-6)
        np.testing.assert_allclose(found.end_m, want.end_m, atol=1e-6)
    assert got["every"].length_m > 0


def test_every_edge_pass_grows_its_output_when_each_edge_has_two_stretches():
    """A source at the start of each 100 m edge, 30 m budget: two runs an edge, past the first room."""
    from learning_map.walking import coverage, stretches

    count = 40
    net = network_from_edges([(100.0 * i, 0.0) for i in range(count + 1)], range(count), range(1, count + 1))
    sources = SnappedPoints(np.arange(count), np.zeros(count), np.zeros(count))
    dist = coverage.node_distances(net, sources, limit_m=30.0)
    assert stretches._touched_edges(net, dist, 30.0) is None  # the every-edge pass
    got = reachable_intervals(net, dist, sources, 30.0)
    want = _stretches_by_merge(net, dist, sources, 30.0)
    assert len(got.edge) == 2 * count - 1 > count // 2 + count + 2  # more than the first room
    assert np.array_equal(got.edge, want.edge)
    np.testing.assert_allclose(got.start_m, want.start_m)
    np.testing.assert_allclose(got.end_m, want.end_m)
    assert got.length_m == pytest.approx(60.0 * count - 30.0)


def test_city_wide_distances_with_only_off_network_sources_reach_nothing(line):
    from learning_map.walking.coverage import node_distances

    off = SnappedPoints(np.array([-1, -1]), np.zeros(2), np.full(2, np.inf))
    dist = node_distances(line, off, limit_m=500.0)
    assert dist.shape == (line.node_count,)
    assert np.isinf(dist).all()
