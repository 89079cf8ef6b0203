"""
A clicked point's walk in one compiled call: the targets within it and the reachable stretches.

The same answers as :func:`~learning_map.walking.coverage.node_reach`, then
:func:`~learning_map.walking.coverage.distances_to_targets` and
:func:`~learning_map.walking.stretches.reachable_intervals`, without the dozen array steps
between them: on a click each of those steps cost more in Python's overhead than in
arithmetic. Each compiled step below repeats, element by element, what those array
functions do for many sources, with the same :mod:`learning_map.walking.edge_walk` rules
compiled in (the same float operations), so the answers are bit-identical.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from numba import njit

from learning_map.walking import edge_walk, engine
from learning_map.walking.stretches import EdgeIntervals, edge_stretches

if TYPE_CHECKING:
    from learning_map.walking.network import WalkNetwork
    from learning_map.walking.snapping import SnappedPoints

__all__ = ["point_walks"]


def point_walks(
    network: WalkNetwork,
    point: SnappedPoints,
    max_walk_m: float,
    *,
    targets: SnappedPoints,
    targets_by_edge: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
    wanted: npt.NDArray[np.bool_],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], EdgeIntervals]:
    """
    One point's walk in one compiled call: the targets within it and the reachable stretches.

    The same answers as :func:`~learning_map.walking.coverage.node_reach` then
    :func:`~learning_map.walking.coverage.distances_to_targets` (for the targets on the
    edges the walk touches) and :func:`~learning_map.walking.stretches.reachable_intervals`
    (tests compare them on hand-built graphs and on Macau).

    Parameters
    ----------
    network
        Walk network.
    point
        One snapped point (the first is used; off the network: nothing is reached).
    max_walk_m
        Walk budget, metres.
    targets
        Snapped targets (e.g. every site of the city).
    targets_by_edge
        CSR ``(indptr, rows)`` of the on-network target rows on each edge.
    wanted
        One flag per target: only these are answered.

    Returns
    -------
    rows, walk_m
        Target rows within ``max_walk_m``, nearest first (ties by row), and their walks (m,
        access legs included).
    intervals
        The reachable stretches, as :func:`~learning_map.walking.stretches.reachable_intervals`
        gives them but with the edges in the order the walk touched them, not sorted (an area
        drawn from them is the same).
    """
    adjacency = network.adjacency
    space = engine.workspace(network.node_count)  # the engine's clean per-thread arrays
    indptr, rows = targets_by_edge
    node_edge_ptr, node_edge = network.node_edges
    found, walk_m, run_edge, run_start, run_end = _point_walks(
        adjacency.indptr, adjacency.indices, adjacency.data,
        network.edge_u, network.edge_v, network.edge_length_m, node_edge_ptr, node_edge,
        int(point.edge[0]), float(point.offset_m[0]), float(point.access_m[0]), float(max_walk_m),
        indptr, rows, targets.edge, targets.offset_m, targets.access_m, wanted,
        space.arrays, engine.marks(network.edge_count),
    )
    order = np.lexsort((found, walk_m))  # nearest first, equal walks by row
    return found[order], walk_m[order], EdgeIntervals(run_edge, run_start, run_end)


@njit(cache=True, nogil=True)
def _point_walks(indptr, indices, weights, edge_u, edge_v, length, node_edge_ptr, node_edge,
                 p_edge, p_offset, p_access, budget, t_ptr, t_rows, t_edge, t_offset, t_access,
                 wanted, space, marks):  # pragma: no cover - compiled
    """Search, touched edges, targets and stretches for one point (see point_walks)."""
    starts, costs = _start_nodes(edge_u, edge_v, length, p_edge, p_offset, p_access)
    nodes, node_dist, _ = engine.search_in(indptr, indices, weights, starts, costs, budget,
                                           np.empty(0, np.int64), space, False)
    dist = space[0]
    for k in range(len(nodes)):  # the workspace holds the reached distances (+inf elsewhere)
        dist[nodes[k]] = node_dist[k]
    edges, own = _touched_edges(node_edge_ptr, node_edge, nodes, marks, p_edge)
    found = _rows_on(edges, t_ptr, t_rows)
    found, walk = _targets_within(found, wanted, t_edge, t_offset, t_access, dist, edge_u, edge_v,
                                  length, p_edge, p_offset, p_access, budget)
    run_edge, run_start, run_end = _stretches(edges, own, dist, edge_u, edge_v, length,
                                              p_edge, p_offset, p_access, budget)
    for k in range(len(nodes)):  # leave the workspace clean for the next search
        dist[nodes[k]] = np.inf
    return found, walk, run_edge, run_start, run_end


@njit(cache=True, nogil=True)
def _start_nodes(edge_u, edge_v, length, p_edge, p_offset, p_access):  # pragma: no cover - compiled
    """The nodes the walk enters the network at and their costs (as coverage's: least per node)."""
    if p_edge < 0:
        return np.empty(0, np.int64), np.empty(0, np.float64)
    u, v = edge_u[p_edge], edge_v[p_edge]
    cost_u = edge_walk.to_u(p_access, p_offset)
    cost_v = edge_walk.to_v(p_access, p_offset, length[p_edge])
    if u == v:
        return np.array([u]), np.array([min(cost_u, cost_v)])
    if u < v:
        return np.array([u, v]), np.array([cost_u, cost_v])
    return np.array([v, u]), np.array([cost_v, cost_u])


@njit(cache=True, nogil=True)
def _touched_edges(node_edge_ptr, node_edge, nodes, marks, p_edge):  # pragma: no cover - compiled
    """
    The edges at reached nodes and the point's own edge, once each; and the own edge's position.

    All within the budget (the search stopped there), in the order the walk touched them (a
    sort would cost more than the rest); a target on any other edge is out of reach.
    """
    edges = engine.gather_marked(node_edge_ptr, node_edge, nodes, marks)
    own = -1
    for i in range(len(edges)):
        if edges[i] == p_edge:
            own = i
    if own < 0 and p_edge >= 0:
        own = len(edges)
        edges = np.concatenate((edges, np.array([p_edge])))
    return edges, own


@njit(cache=True, nogil=True)
def _rows_on(edges, t_ptr, t_rows):  # pragma: no cover - compiled
    """The target rows on ``edges``, edge by edge."""
    count = 0
    for e in edges:
        count += t_ptr[e + 1] - t_ptr[e]
    found = np.empty(count, np.int64)
    m = 0
    for e in edges:
        for j in range(t_ptr[e], t_ptr[e + 1]):
            found[m] = t_rows[j]
            m += 1
    return found


@njit(cache=True, nogil=True)
def _targets_within(found, wanted, t_edge, t_offset, t_access, dist, edge_u, edge_v, length,
                    p_edge, p_offset, p_access, budget):  # pragma: no cover - compiled
    """
    The wanted rows of ``found`` within the budget and their walks, unordered.

    Each walks in from either end of its edge, or along the point's own edge. numpy sorts
    them afterwards (numba's sorts compile slowly).
    """
    walk = np.empty(len(found), np.float64)
    m = 0
    for row in found:
        if not wanted[row]:
            continue
        e = t_edge[row]
        along = min(edge_walk.to_u(dist[edge_u[e]], t_offset[row]),
                    edge_walk.to_v(dist[edge_v[e]], t_offset[row], length[e]))
        if e == p_edge:
            along = min(along, edge_walk.along(p_access, p_offset, t_offset[row]))
        here = along + t_access[row]
        if here <= budget:
            found[m] = row
            walk[m] = here
            m += 1
    return found[:m], walk[:m]


@njit(cache=True, nogil=True)
def _stretches(edges, own, dist, edge_u, edge_v, length, p_edge, p_offset, p_access,
               budget):  # pragma: no cover - compiled
    """
    The merged reachable stretches of the touched edges (as reachable_intervals).

    Each edge from its reached ends, and around the point on its own edge while the access
    leg fits the budget.
    """
    src_ptr = np.zeros(len(edges) + 1, np.int64)
    src_start = np.empty(1, np.float64)
    src_end = np.empty(1, np.float64)
    if p_edge >= 0 and p_access <= budget:
        src_reach = edge_walk.reach(budget, p_access)
        src_start[0] = p_offset - src_reach
        src_end[0] = p_offset + src_reach
        src_ptr[own + 1:] = 1
    dist_u = np.empty(len(edges))
    dist_v = np.empty(len(edges))
    for i in range(len(edges)):
        dist_u[i] = dist[edge_u[edges[i]]]
        dist_v[i] = dist[edge_v[edges[i]]]
    return edge_stretches(edges, length[edges], dist_u, dist_v, budget, src_ptr, src_start, src_end)
