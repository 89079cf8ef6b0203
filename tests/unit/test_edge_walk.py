"""The walking rule along an edge (learning_map.walking.edge_walk): by hand, by direction, compiled, and unchanged."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from numba import njit

from learning_map.walking import edge_walk, engine
from learning_map.walking.snapping import SnappedPoints
from learning_map.walking.synthetic import network_from_edges
from tests.edge_walk_cases import answers, digest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def street():
    """Nodes at x = 0, 100, 250: edge 0 (100 m), edge 1 (150 m)."""
    return network_from_edges([(0, 0), (100, 0), (250, 0)], [0, 1], [1, 2])


def pts(edge, offset, access) -> SnappedPoints:
    return SnappedPoints(np.asarray(edge, np.int64), np.asarray(offset, float), np.asarray(access, float))


def test_answers_are_bit_identical_to_those_before_the_rule_moved():
    # Recorded from commit 562b98d (the rule written out in each module); see tests/edge_walk_cases.py.
    before = json.loads((REPO / "tests" / "edge_walk_answers.json").read_text(encoding="utf-8"))
    now = {key: digest(value) for key, value in answers().items()}
    assert sorted(now) == sorted(before)
    differ = [key for key in before if now[key] != before[key]]
    assert not differ, f"{len(differ)} of {len(before)} answers changed: {differ[:10]}"


def test_plain_lengths_known_by_hand(street):
    points = pts([0, 1], [30.0, 150.0], [5.0, 0.0])
    to_u, to_v = edge_walk.walks_to_ends(street, points)
    assert to_u.tolist() == [35.0, 150.0]  # a + t
    assert to_v.tolist() == [75.0, 0.0]  # a + L - t
    via_u, via_v = edge_walk.walks_from_ends(street, points, np.array([10.0, 1.0]), np.array([20.0, 2.0]))
    assert via_u.tolist() == [40.0, 151.0]  # reached u, then t along
    assert via_v.tolist() == [90.0, 2.0]  # reached v, then L - t along
    assert edge_walk.between(5.0, 30.0, 80.0, 7.0) == 62.0  # a1 + |t1 - t2| + a2
    assert edge_walk.reach(100.0, 35.0) == 65.0


def test_same_edge_walks_pair_points_on_one_edge_only(street):
    sources = pts([0, 1, -1], [30.0, 20.0, 0.0], [5.0, 1.0, np.inf])
    targets = pts([0, 0, 1, -1], [80.0, 10.0, 140.0, 0.0], [7.0, 0.0, 2.0, np.inf])
    target_idx, source_idx, walk = edge_walk.same_edge_walks(sources, targets)
    assert target_idx.tolist() == [0, 1, 2]
    assert source_idx.tolist() == [0, 0, 1]
    assert walk.tolist() == [62.0, 25.0, 123.0]
    _, _, spot = edge_walk.same_edge_walks(sources, targets, to_spot=True)
    assert spot.tolist() == [55.0, 25.0, 121.0]  # the target's access leg left out
    _, _, legs_first = edge_walk.same_edge_walks(sources, targets, legs_first=True)
    assert legs_first.tolist() == walk.tolist()  # the same sum, added in another order


def test_prices_by_direction_of_travel(street):
    # Uphill from u to v: 2 per metre forward, 0.5 backward (a later slope rule's shape).
    points = pts([0], [30.0], [5.0])
    to_u, to_v = edge_walk.walks_to_ends(street, points, forward_per_m=2.0, backward_per_m=0.5)
    assert (to_u[0], to_v[0]) == (5.0 + 30 * 0.5, 5.0 + 70 * 2.0)  # leaving: to u is backward
    via_u, via_v = edge_walk.walks_from_ends(street, points, 10.0, 20.0, forward_per_m=2.0, backward_per_m=0.5)
    assert (via_u[0], via_v[0]) == (10.0 + 30 * 2.0, 20.0 + 70 * 0.5)  # arriving: from u is forward
    assert edge_walk.along(0.0, 30.0, 80.0, 2.0, 0.5) == 100.0  # towards v
    assert edge_walk.along(0.0, 80.0, 30.0, 2.0, 0.5) == 25.0  # towards u
    assert edge_walk.reach(100.0, 20.0, 2.0) == 40.0
    # One price per edge, read at each point's edge.
    both = pts([0, 1], [30.0, 50.0], [0.0, 0.0])
    to_u, to_v = edge_walk.walks_to_ends(street, both, forward_per_m=np.array([1.0, 3.0]),
                                         backward_per_m=np.array([1.0, 0.5]))
    assert to_u.tolist() == [30.0, 25.0]
    assert to_v.tolist() == [70.0, 300.0]
    sources, targets = pts([1], [50.0], [1.0]), pts([1, 1], [100.0, 10.0], [2.0, 3.0])
    _, _, walk = edge_walk.same_edge_walks(sources, targets, forward_per_m=np.array([1.0, 3.0]),
                                           backward_per_m=np.array([1.0, 0.5]))
    assert walk.tolist() == [1.0 + 150.0 + 2.0, 1.0 + 20.0 + 3.0]


# Not cached: numba's cache of a compiled caller is keyed on the caller's own file, so a cached
# twin would not see a change to edge_walk.py (see the module's docstring).
@njit(cache=False)
def _compiled(access, offset, length, other, budget, forward, backward):  # pragma: no cover - compiled
    n = len(access)
    out = np.empty((11, n))
    for i in range(n):
        out[0, i] = edge_walk.to_u(access[i], offset[i])
        out[1, i] = edge_walk.to_v(access[i], offset[i], length[i])
        out[2, i] = edge_walk.along(access[i], offset[i], other[i])
        out[3, i] = edge_walk.between(access[i], offset[i], other[i], budget[i])
        out[4, i] = edge_walk.reach(budget[i], access[i])
        out[5, i] = edge_walk.to_u(access[i], offset[i], backward)
        out[6, i] = edge_walk.to_v(access[i], offset[i], length[i], forward)
        out[7, i] = edge_walk.along(access[i], offset[i], other[i], forward, backward)
        out[8, i] = edge_walk.between(access[i], offset[i], other[i], budget[i], forward, backward)
        out[9, i] = edge_walk.reach(budget[i], access[i], forward)
        out[10, i] = edge_walk.along(access[i], offset[i], other[i], forward)  # backward: plain length
    return out


def test_compiled_twins_give_the_array_answers_bit_for_bit():
    rng = np.random.default_rng(5)
    n = 2000
    length = rng.uniform(0.1, 400, n)
    offset, other = rng.uniform(0, 1, n) * length, rng.uniform(0, 1, n) * length
    access, budget = rng.uniform(0, 50, n), rng.uniform(0, 1500, n)
    forward, backward = 1.37, 0.81
    arrays = np.array([
        edge_walk.to_u(access, offset), edge_walk.to_v(access, offset, length),
        edge_walk.along(access, offset, other), edge_walk.between(access, offset, other, budget),
        edge_walk.reach(budget, access), edge_walk.to_u(access, offset, backward),
        edge_walk.to_v(access, offset, length, forward), edge_walk.along(access, offset, other, forward, backward),
        edge_walk.between(access, offset, other, budget, forward, backward), edge_walk.reach(budget, access, forward),
        edge_walk.along(access, offset, other, forward),
    ])
    compiled = _compiled(access, offset, length, other, budget, forward, backward)
    assert compiled.tobytes() == arrays.tobytes()
    # With no prices the rule is the plain arithmetic, in the callers' order of operations.
    assert np.array_equal(arrays[1], access + length - offset)
    assert np.array_equal(arrays[3], access + np.abs(other - offset) + budget)


def test_engine_entry_point_for_compiled_callers_equals_search_and_leaves_the_workspace_clean(street):
    adjacency = street.adjacency
    space = engine.workspace(street.node_count)
    nodes, dist, _ = engine.search_in(adjacency.indptr, adjacency.indices, adjacency.data,
                                      np.array([1]), np.array([5.0]), np.inf, np.zeros(0, np.int64),
                                      space.arrays, False)
    reach = engine.search(adjacency.indptr, adjacency.indices, adjacency.data, [1], [5.0])
    assert nodes.tolist() == reach.nodes.tolist()
    assert dist.tolist() == reach.dist_m.tolist()
    assert np.isinf(space.dist).all()
    assert (space.pos == -1).all()
    flags = engine.marks(5)
    found = engine.gather_marked(np.array([0, 2, 3]), np.array([4, 1, 4]), np.array([0, 1]), flags)
    assert found.tolist() == [4, 1]
    assert not flags.any()


def test_no_module_reaches_into_the_engine_or_the_edge_rule_by_private_names():
    private_use = re.compile(r"\b(?:engine|coverage|edge_walk)\._[a-z]\w*|"
                             r"from learning_map\.(?:engine|coverage|edge_walk) import [^\n]*\b_[a-z]")
    found = []
    for path in sorted((REPO / "learning_map").rglob("*.py")):
        if path.name in ("engine.py", "edge_walk.py"):
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(REPO)}: {m.group(0)}" for m in private_use.finditer(text)]
    assert not found
