"""A click's walk in two compiled calls (coverage.point_walks, isochrones._area_rings) on hand-built graphs."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from learning_map.walking.coverage import (
    EdgeIntervals,
    distances_to_targets,
    node_reach,
    point_walks,
    reachable_intervals,
)
from learning_map.walking.engine import incident_edges
from learning_map.walking.isochrones import _area_rings, _assemble, intervals_polygon
from learning_map.walking.rings import D_COL, D_ROW, simple_outline
from learning_map.walking.snapping import SnappedPoints
from learning_map.walking.synthetic import grid_network, network_from_edges

CRS = "EPSG:32649"


def by_edge(targets: SnappedPoints, edge_count: int) -> tuple[np.ndarray, np.ndarray]:
    """CSR of the target rows on each edge (as PointQueries._sites_by_edge)."""
    rows = np.flatnonzero(targets.on_network)
    order = np.argsort(targets.edge[rows], kind="stable")
    indptr = np.zeros(edge_count + 1, np.int64)
    np.cumsum(np.bincount(targets.edge[rows], minlength=edge_count), out=indptr[1:])
    return indptr, rows[order].astype(np.int64)


def point(edge: int, offset_m: float, access_m: float = 0.0) -> SnappedPoints:
    return SnappedPoints(np.array([edge]), np.array([offset_m]), np.array([access_m]))


def walks(net, at, budget, targets, wanted=None):
    wanted = np.ones(len(targets), bool) if wanted is None else wanted
    return point_walks(net, at, budget, targets=targets, targets_by_edge=by_edge(targets, net.edge_count),
                       wanted=wanted)


@pytest.fixture(scope="module")
def street():
    """Four nodes 100 m apart on a line (x = 0, 100, 200, 300); edges 0-1, 1-2, 2-3."""
    return network_from_edges([(0, 0), (100, 0), (200, 0), (300, 0)], [0, 1, 2], [1, 2, 3], crs=CRS)


@pytest.fixture(scope="module")
def street_sites():
    # Rows: x = 20 (edge 0), x = 180 (edge 1, the click's own edge), x = 250 (edge 2, 5 m off the street).
    return SnappedPoints(np.array([0, 1, 2]), np.array([20.0, 80.0, 50.0]), np.array([0.0, 0.0, 5.0]))


def test_sites_within_the_walk_nearest_first_with_walks_known_by_hand(street, street_sites):
    # The click at x = 130: node 1 is 30 m away, node 2 70 m.
    rows, walk_m, _ = walks(street, point(1, 30.0), 150.0, street_sites)
    # Own edge 80 - 30 = 50 m; x = 20: 30 + 80 = 110 m; x = 250: 70 + 50 + 5 (its access) = 125 m.
    assert rows.tolist() == [1, 0, 2]
    assert walk_m.tolist() == [50.0, 110.0, 125.0]
    rows, walk_m, _ = walks(street, point(1, 30.0), 115.0, street_sites)
    assert rows.tolist() == [1, 0]  # 125 m is beyond a 115 m walk
    wanted = np.array([True, False, True])
    rows, _, _ = walks(street, point(1, 30.0), 150.0, street_sites, wanted)
    assert rows.tolist() == [0, 2]  # only the chosen categories


def test_stretches_known_by_hand(street, street_sites):
    _, _, intervals = walks(street, point(1, 30.0), 150.0, street_sites)
    order = np.argsort(intervals.edge)
    # Node 0 is 130 m away, node 3 170 m (not reached): edge 2 is walked 80 m from x = 200.
    assert intervals.edge[order].tolist() == [0, 1, 2]
    assert intervals.start_m[order].tolist() == [0.0, 0.0, 0.0]
    assert intervals.end_m[order].tolist() == [100.0, 100.0, 80.0]
    assert intervals.length_m == 280.0


def test_equal_walks_keep_row_order_and_a_long_access_leg_reaches_nothing(street):
    sites = SnappedPoints(np.array([2, 0, 2]), np.array([50.0, 50.0, 50.0]), np.array([0.0, 0.0, 0.0]))
    rows, walk_m, _ = walks(street, point(1, 50.0), 200.0, sites)
    # x = 250, 50 and 250: 100 m each way from x = 150; equal walks keep row order (not the
    # order the walk touched their edges).
    assert rows.tolist() == [0, 1, 2]
    assert walk_m.tolist() == [100.0, 100.0, 100.0]
    rows, walk_m, intervals = walks(street, point(1, 50.0, access_m=250.0), 200.0, sites)
    assert len(rows) == 0
    assert len(walk_m) == 0
    assert intervals.length_m == 0.0


def test_a_loop_edge_starts_from_its_one_node():
    # A 400 m loop at node 0 (u == v) and a 100 m street to node 1.
    loop = [(0, 0), (100, 100), (0, 200), (-100, 100), (0, 0)]
    net = network_from_edges([(0, 0), (100, 0)], [0, 0], [0, 1], crs=CRS)
    net.edge_coords = np.concatenate((np.array(loop, float), np.array([(0, 0), (100, 0)], float)))
    net.edge_offsets = np.array([0, 5, 7])
    net.edge_length_m = np.array([shapely.LineString(loop).length, 100.0])
    at = point(0, 100.0)  # 100 m into the loop: node 0 is 100 m back (not the ~466 m forward)
    sites = SnappedPoints(np.array([1]), np.array([60.0]), np.array([0.0]))
    rows, walk_m, _ = walks(net, at, 200.0, sites)
    assert rows.tolist() == [0]
    assert walk_m.tolist() == [160.0]


def test_the_same_answers_as_the_array_functions_on_a_grid():
    """point_walks repeats node_reach + distances_to_targets + reachable_intervals, bit for bit."""
    net = grid_network(15, 15, spacing_m=80.0, crs=CRS)
    rng = np.random.default_rng(4)
    n = 60
    edge = rng.integers(0, net.edge_count, n)
    sites = SnappedPoints(edge, rng.uniform(0, 1, n) * net.edge_length_m[edge], rng.uniform(0, 30, n))
    csr = by_edge(sites, net.edge_count)
    compared = 0
    for _ in range(40):
        e = int(rng.integers(0, net.edge_count))
        at = point(e, float(rng.uniform(0, net.edge_length_m[e])), float(rng.uniform(0, 60)))
        budget = float(rng.choice([50.0, 300.0, 700.0, 5000.0]))
        wanted = rng.uniform(size=n) < 0.7
        rows, walk_m, intervals = point_walks(net, at, budget, targets=sites, targets_by_edge=csr, wanted=wanted)
        reach = node_reach(net, at, limit_m=budget)
        near = np.flatnonzero(wanted)
        touched = np.append(incident_edges(net.node_edges, reach.nodes), at.edge)
        near = near[np.isin(sites.edge[near], touched)]
        walk = distances_to_targets(net, reach, at, sites.subset(near))
        within = np.flatnonzero(walk <= budget)
        order = within[np.argsort(walk[within], kind="stable")]
        assert rows.tolist() == near[order].tolist()
        assert walk_m.tolist() == walk[order].tolist()
        expected = reachable_intervals(net, reach, at, budget)
        sort = np.lexsort((intervals.start_m, intervals.edge))
        assert intervals.edge[sort].tolist() == expected.edge.tolist()
        assert intervals.start_m[sort].tolist() == expected.start_m.tolist()
        assert intervals.end_m[sort].tolist() == expected.end_m.tolist()
        compared += len(rows) > 0
    assert compared > 10  # most clicks found sites, so the order was really compared


def ring_arrays(*rings):
    cols = np.array([c for ring in rings for c, _ in ring], np.int64)
    rows = np.array([r for ring in rings for _, r in ring], np.int64)
    starts = np.cumsum([0] + [len(ring) for ring in rings]).astype(np.int64)
    return cols, rows, starts


def geos_valid(*rings):
    return shapely.is_valid(shapely.Polygon(rings[0], rings[1:]))


SHELL = [(0, 0), (10, 0), (10, 10), (0, 10)]


@pytest.mark.parametrize(("rings", "simple"), [
    ((SHELL,), True),
    ((SHELL, [(2, 2), (2, 4), (4, 4), (4, 2)], [(6, 6), (6, 8), (8, 8)]), True),  # two holes inside
    ((SHELL, [(0, 5), (3, 6), (3, 4)]), False),  # a hole touching the outline at a corner
    ((SHELL, [(2, 2), (2, 4), (4, 4), (4, 2)], [(4, 4), (4, 6), (6, 6), (6, 4)]), False),  # holes touch
    (([(0, 0), (10, 10), (10, 0), (0, 10)],), False),  # a bow tie crosses itself
    (([(0, 0), (10, 0), (10, 10), (10, 5)],), False),  # a side folds back onto the one before
    ((SHELL, [(20, 2), (20, 4), (22, 4)]), False),  # a hole outside the outline
    ((SHELL, [(1, 1), (1, 9), (9, 9), (9, 1)], [(3, 3), (3, 5), (5, 5)]), False),  # a hole in a hole
    (([(0, 0), (10, 0), (5, 0)],), False),  # no area
])
def test_simple_outline_is_exact_and_never_more_lenient_than_geos(rings, simple):
    assert simple_outline(*ring_arrays(*rings)) == simple
    if simple:
        assert geos_valid(*rings)  # what the fast path skips asking GEOS


def test_the_fast_outline_is_the_one_geos_assembly_gives():
    """A grid walk around a 500 m park: one outline with a hole, taken without asking GEOS."""
    net = grid_network(11, 11, spacing_m=100.0, crs=CRS)
    mid_x = (net.node_x[net.edge_u] + net.node_x[net.edge_v]) / 2
    mid_y = (net.node_y[net.edge_u] + net.node_y[net.edge_v]) / 2
    edges = np.flatnonzero(~((abs(mid_x - 500) < 250) & (abs(mid_y - 500) < 250)))
    intervals = EdgeIntervals(edges, np.zeros(len(edges)), net.edge_length_m[edges])
    *_, sx, sy, starts, simple = _area_rings(
        edges, intervals.start_m, intervals.end_m, net.edge_offsets, net.vertex_along_m,
        net.edge_coords, 10.0, 3, 10.0, 1000.0, D_ROW, D_COL)
    assert simple  # the fast path
    rings = shapely.linearrings(sx, sy, indices=np.repeat(np.arange(len(starts) - 1), np.diff(starts)))
    assembled = _assemble(rings[:1], rings[1:])
    assert shapely.is_valid(assembled)
    options = {"buffer_m": 30.0, "cell_m": 10.0, "simplify_m": 10.0, "min_hole_m2": 1000.0}
    area = intervals_polygon(net, intervals, **options)
    assert shapely.get_num_interior_rings(area) == 1  # the park
    assert shapely.to_wkb(area) == shapely.to_wkb(assembled)

    def shift(x, y):
        return x + 1000.0, y * 2.0

    moved = intervals_polygon(net, intervals, **options, transform=shift)
    assert shapely.to_wkb(moved) == shapely.to_wkb(shapely.transform(area, shift, interleaved=False))
