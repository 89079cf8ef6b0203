"""
Walking coverage: one multi-source shortest-path search per set of sources.

Sources (sites) and targets (residents, clicked points) sit part-way along
edges. Each source edge's two ends start the search with costs
``access + offset`` and ``access + (length - offset)`` (the walking rule along an
edge lives in :mod:`learning_map.walking.edge_walk`), so one bounded
multi-source Dijkstra (:mod:`learning_map.walking.engine`) gives every node its walk to
the nearest source. Targets and partly reached edges are then resolved with
array maths, including the walk along an edge that holds both a source and a
target. Point queries keep the search's answer sparse (:class:`Reach`): their
work grows with what a walk reaches, not with the city.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from numba import njit
from scipy import sparse

from learning_map.walking import edge_walk, engine
from learning_map.walking.engine import Reach

if TYPE_CHECKING:
    from learning_map.walking.network import WalkNetwork
    from learning_map.walking.snapping import SnappedPoints


def _start_nodes(
    network: WalkNetwork, sources: SnappedPoints
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """The nodes the sources' walks enter the network at, each with its shortest way in (m)."""
    points = sources.subset(sources.on_network)
    targets = np.concatenate((network.edge_u[points.edge], network.edge_v[points.edge]))
    weights = np.concatenate(edge_walk.walks_to_ends(network, points))
    # Several sources may reach the same node: keep the shortest (csr would sum them).
    order = np.lexsort((weights, targets))
    targets, weights = targets[order], weights[order]
    first = np.ones(len(targets), dtype=bool)
    first[1:] = targets[1:] != targets[:-1]
    return targets[first], weights[first]


def _with_super_source(
    network: WalkNetwork, sources: SnappedPoints
) -> tuple[sparse.csr_matrix, int]:
    """
    Append a virtual source row to the adjacency matrix; return it and its index.

    The engine does not need it (it starts from many nodes at once); it is kept as the
    plain-scipy reference for tests and benchmarks.
    """
    adjacency = network.adjacency
    n = network.node_count
    reached, ways_in = _start_nodes(network, sources)
    best = np.full(n, np.inf)
    best[reached] = ways_in
    indptr = np.append(adjacency.indptr, adjacency.nnz + len(reached))
    indices = np.concatenate((adjacency.indices, reached))
    data = np.concatenate((adjacency.data, np.maximum(best[reached], 1e-9)))
    graph = sparse.csr_matrix((data, indices, indptr), shape=(n + 1, n + 1))
    return graph, n


def node_reach(
    network: WalkNetwork,
    sources: SnappedPoints,
    *,
    limit_m: float = np.inf,
    predecessors: bool = False,
    stop_at: npt.ArrayLike | None = None,
) -> Reach:
    """
    The nodes within ``limit_m`` of the nearest source and their walks, sparse (one search).

    Parameters
    ----------
    network
        Walk network.
    sources
        Snapped sources (sites, or one clicked point); off-network ones are ignored.
    limit_m
        Stop searching beyond this distance.
    predecessors
        Also keep the previous node on each shortest way (-1 at a first node).
    stop_at
        Stop once these nodes are settled (a route to one edge's ends).

    Returns
    -------
    reach
        Reached nodes, nearest first, with their distances (metres).
    """
    adjacency = network.adjacency
    nodes, ways_in = _start_nodes(network, sources)  # empty without on-network sources
    return engine.search(adjacency.indptr, adjacency.indices, adjacency.data, nodes, ways_in,
                         limit_m=limit_m, predecessors=predecessors, stop_at=stop_at)


def node_distances(
    network: WalkNetwork, sources: SnappedPoints, *, limit_m: float = np.inf
) -> npt.NDArray[np.float64]:
    """
    Walk distance from every node to the nearest source, in one search.

    Parameters
    ----------
    network
        Walk network.
    sources
        Snapped sources (sites, or one clicked point); off-network ones are ignored.
    limit_m
        Stop searching beyond this distance; farther nodes get ``inf``.

    Returns
    -------
    dist_m
        One value per node, metres.
    """
    nodes, ways_in = _start_nodes(network, sources)  # empty without on-network sources
    adjacency = network.adjacency
    # A dense answer anyway: the dense search skips the sparse one's bookkeeping.
    return engine.search_dense(adjacency.indptr, adjacency.indices, adjacency.data, nodes, ways_in,
                               limit_m=limit_m)


def node_distances_with_predecessors(
    network: WalkNetwork, sources: SnappedPoints, *, limit_m: float = np.inf
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int32]]:
    """
    Like :func:`node_distances`, also returning the shortest-path tree.

    Returns
    -------
    dist_m, predecessors
        ``predecessors[i]`` is the previous node on the way from the source
        (``network.node_count``, a virtual source, for a first node; -9999
        where unreached).
    """
    reach = node_reach(network, sources, limit_m=limit_m, predecessors=True)
    return reach.dense(), reach.dense_pred(start=network.node_count)


def _at(dist_m: npt.NDArray[np.float64] | Reach, nodes: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Distances at ``nodes`` from a dense array or a sparse :class:`Reach`."""
    return dist_m.at(nodes) if isinstance(dist_m, Reach) else dist_m[nodes]


def distances_to_targets(
    network: WalkNetwork,
    dist_m: npt.NDArray[np.float64] | Reach,
    sources: SnappedPoints,
    targets: SnappedPoints,
    *,
    limit_m: float = np.inf,
) -> npt.NDArray[np.float64]:
    """
    Walk distance from the nearest source to each target, access legs included.

    Parameters
    ----------
    network
        Walk network.
    dist_m
        Node distances from :func:`node_distances` for ``sources``, or their sparse
        :func:`node_reach`.
    sources
        The same sources.
    targets
        Snapped targets (e.g. residents); off-network ones get ``inf``.
    limit_m
        The limit the search for ``dist_m`` stopped at. A walk along the network above it
        is ``inf`` (not found): with only one end of a target's edge reached, the way in
        from that end is not the shortest one when the unreached end leads in sooner.

    Returns
    -------
    dist_m
        One value per target, metres.
    """
    on = targets.on_network
    edge = np.where(on, targets.edge, 0)
    # Off-network targets walk nowhere (masked below): their edge -1 only reads a length.
    along = np.minimum(*edge_walk.walks_from_ends(
        network, targets, _at(dist_m, network.edge_u[edge]), _at(dist_m, network.edge_v[edge])))
    target_idx, _, direct = edge_walk.same_edge_walks(sources, targets, to_spot=True)
    np.minimum.at(along, target_idx, direct)
    # Within the limit the walk is exact: a way in through an unreached end is longer still.
    return np.where(on & (along <= limit_m), along + targets.access_m, np.inf)


@dataclass(frozen=True)
class EdgeIntervals:
    """Reachable stretches of edges: edge index and from/to distance along it (metres)."""

    edge: npt.NDArray[np.int64]
    start_m: npt.NDArray[np.float64]
    end_m: npt.NDArray[np.float64]

    @property
    def length_m(self) -> float:
        """Total reachable length, metres."""
        return float((self.end_m - self.start_m).sum())


def reachable_intervals(
    network: WalkNetwork,
    dist_m: npt.NDArray[np.float64] | Reach,
    sources: SnappedPoints,
    max_walk_m: float,
) -> EdgeIntervals:
    """
    The parts of edges within ``max_walk_m`` of the nearest source.

    An edge is reached from either end (as far as the remaining budget goes)
    and, where a source sits on it, both ways from that source; overlapping
    stretches are merged so each metre counts once.

    Parameters
    ----------
    network
        Walk network.
    dist_m
        Node distances from :func:`node_distances`, searched to at least ``max_walk_m``,
        or their sparse :func:`node_reach` (only the edges at reached nodes are looked at).
    sources
        The same sources.
    max_walk_m
        Walk budget, metres.

    Returns
    -------
    intervals
        Disjoint, sorted stretches.
    """
    length = network.edge_length_m
    on = np.flatnonzero(sources.on_network & (sources.access_m <= max_walk_m))
    src_edge = sources.edge[on]
    # The edges at reached nodes and the sources' own edges, once each and ascending.
    edges = _touched_edges(network, dist_m, max_walk_m)
    if edges is None:  # most of the city: one pass over every edge, no index arrays
        order = np.argsort(src_edge, kind="stable")
        run_edge, run_start, run_end = _all_edge_stretches(
            network.edge_u, network.edge_v, length, dist_m, float(max_walk_m), src_edge[order],
            *_source_spans(sources, on[order], max_walk_m),
        )
        return EdgeIntervals(run_edge, run_start, run_end)
    edges = np.sort(engine.distinct(np.concatenate((edges, src_edge)), size=network.edge_count))
    # The sources' own stretches, grouped by edge (CSR over ``edges``) for the compiled merge.
    order = np.argsort(src_edge, kind="stable")
    src_pos = np.searchsorted(edges, src_edge[order])
    src_ptr = np.zeros(len(edges) + 1, dtype=np.int64)
    np.cumsum(np.bincount(src_pos, minlength=len(edges)), out=src_ptr[1:])
    ends = _at(dist_m, np.concatenate((network.edge_u[edges], network.edge_v[edges])))  # one lookup
    run_edge, run_start, run_end = _edge_stretches(
        edges, length[edges], ends[: len(edges)], ends[len(edges):],
        float(max_walk_m), src_ptr, *_source_spans(sources, on[order], max_walk_m),
    )
    return EdgeIntervals(run_edge, run_start, run_end)


def _source_spans(
    sources: SnappedPoints, index: npt.NDArray[np.int64], max_walk_m: float
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Start and end (m along its edge, unclipped) of the stretch each source walks to."""
    reach = edge_walk.reach(max_walk_m, sources.access_m[index])
    offset = sources.offset_m[index]
    return offset - reach, offset + reach


@njit(cache=True, nogil=True)
def _edge_stretches(edges, length, dist_u, dist_v, budget, src_ptr, src_start, src_end):  # pragma: no cover
    """
    Merged reachable stretches of each edge (ascending edges), in one compiled pass.

    An edge is reached from ``u`` over ``[0, budget - dist_u]``, from ``v`` over
    ``[length - (budget - dist_v), length]`` and around each source on it; all clipped to
    the edge, sorted by start and merged where they overlap or touch (as merge_intervals).
    """
    total = 2 * len(edges) + len(src_start)
    out_edge = np.empty(total, np.int64)
    out_start = np.empty(total)
    out_end = np.empty(total)
    starts = np.empty(2 + len(src_start))
    ends = np.empty(2 + len(src_start))
    n = 0
    for i in range(len(edges)):
        n = _merge_edge(edges[i], length[i], dist_u[i], dist_v[i], budget, src_start, src_end,
                        src_ptr[i], src_ptr[i + 1], starts, ends, out_edge, out_start, out_end, n)
    return out_edge[:n], out_start[:n], out_end[:n]


@njit(cache=True, nogil=True)
def _all_edge_stretches(edge_u, edge_v, length, dist, budget, src_edge, src_start, src_end):  # pragma: no cover
    """
    :func:`_edge_stretches` over every edge, reading the network's arrays in place.

    For a city-wide search, where gathering the touched edges, their lengths and their
    ends' distances would copy arrays the size of the city; ``src_edge`` is ascending.
    """
    # Room for one run per two edges, grown when short: sized for the worst case (two
    # runs an edge) the output would be 3 x 32 MB on a 2M-edge city, which malloc maps
    # fresh on every call, and each page written then costs a fault (~40 % of this pass).
    capacity = len(length) // 2 + len(src_start) + 2
    out_edge = np.empty(capacity, np.int64)
    out_start = np.empty(capacity)
    out_end = np.empty(capacity)
    starts = np.empty(2 + len(src_start))
    ends = np.empty(2 + len(src_start))
    n = i = k = 0
    while True:
        n, i, k = _fill_stretches(edge_u, edge_v, length, dist, budget, src_edge, src_start,
                                  src_end, starts, ends, out_edge, out_start, out_end, n, i, k)
        if i == len(length):
            return out_edge[:n], out_start[:n], out_end[:n]
        capacity = 2 * capacity + len(src_start)
        out_edge = _grown(out_edge, n, capacity)
        out_start = _grown(out_start, n, capacity)
        out_end = _grown(out_end, n, capacity)


@njit(cache=True, nogil=True)
def _fill_stretches(edge_u, edge_v, length, dist, budget, src_edge, src_start, src_end,
                    starts, ends, out_edge, out_start, out_end, n, start, k):  # pragma: no cover
    """Merged stretches from edge ``start`` on at ``out_*[n:]``, until out of room: (n, next edge, k)."""
    # The output arrays are never swapped inside this loop: numba then keeps no reference
    # counts in it (swapping them in place made the pass ~8x slower).
    for i in range(start, len(length)):
        first = k  # the sources on edge i: src_edge[first:k] (ascending)
        while k < len(src_edge) and src_edge[k] == i:
            k += 1
        du, dv = dist[edge_u[i]], dist[edge_v[i]]
        if du > budget and dv > budget and first == k:  # not reached: most of a big city
            continue
        if n + 2 + k - first > len(out_edge):
            return n, i, first
        n = _merge_edge(i, length[i], du, dv, budget, src_start, src_end, first, k,
                        starts, ends, out_edge, out_start, out_end, n)
    return n, len(length), k


@njit(cache=True, nogil=True)
def _grown(values, count, capacity):  # pragma: no cover - compiled
    """A ``capacity``-long copy of ``values`` holding its first ``count`` items."""
    out = np.empty(capacity, values.dtype)
    out[:count] = values[:count]
    return out


@njit(cache=True, nogil=True, inline="always")
def _merge_edge(edge, span, dist_u, dist_v, budget, src_start, src_end, src_first, src_stop,
                starts, ends, out_edge, out_start, out_end, n):  # pragma: no cover - compiled
    """Append ``edge``'s merged reachable stretches at ``out_*[n:]``; return the new count."""
    size = 0
    left = edge_walk.reach(budget, dist_u)
    if left >= 0:
        starts[size] = 0.0
        ends[size] = min(max(left, 0.0), span)
        size += 1
    right = edge_walk.reach(budget, dist_v)
    if right >= 0:
        starts[size] = min(max(span - right, 0.0), span)
        ends[size] = span
        size += 1
    for k in range(src_first, src_stop):
        starts[size] = min(max(src_start[k], 0.0), span)
        ends[size] = min(max(src_end[k], 0.0), span)
        size += 1
    # Few stretches per edge: insertion sort by start (then end), then one merge sweep.
    for a in range(1, size):
        s, e = starts[a], ends[a]
        b = a - 1
        while b >= 0 and (starts[b] > s or (starts[b] == s and ends[b] > e)):
            starts[b + 1] = starts[b]
            ends[b + 1] = ends[b]
            b -= 1
        starts[b + 1] = s
        ends[b + 1] = e
    a = 0
    while a < size:
        run_start, run_end = starts[a], ends[a]
        a += 1
        while a < size and starts[a] <= run_end:
            run_end = max(run_end, ends[a])
            a += 1
        out_edge[n] = edge
        out_start[n] = run_start
        out_end[n] = run_end
        n += 1
    return n


# Below this share of nodes reached, only the edges at reached nodes are looked at (a point
# query on a big city); above it, every edge at once is cheaper than gathering them.
TOUCHED_SHARE = 0.125


def _touched_edges(network: WalkNetwork, dist_m: npt.NDArray[np.float64] | Reach,
                   max_walk_m: float) -> npt.NDArray[np.int64] | None:
    """Edges with an end within ``max_walk_m``, unsorted; None (every edge) when most of the city is reached."""
    if isinstance(dist_m, Reach):
        return engine.incident_edges(network.node_edges, dist_m.nodes[dist_m.dist_m <= max_walk_m])
    within = dist_m <= max_walk_m
    # Counted first: a city-wide search never builds the index of its reached nodes.
    if np.count_nonzero(within) > TOUCHED_SHARE * network.node_count:
        return None
    return engine.incident_edges(network.node_edges, np.flatnonzero(within))


def merge_intervals(
    edge: npt.NDArray[np.int64],
    start: npt.NDArray[np.float64],
    end: npt.NDArray[np.float64],
    *,
    scale: float,
) -> EdgeIntervals:
    """
    Merge overlapping intervals that lie on the same edge.

    Parameters
    ----------
    edge, start, end
        Intervals; ``start <= end`` and both lie in ``[0, scale)``.
    scale
        Larger than every edge length; puts edges on separate stretches of one line.

    Returns
    -------
    intervals
    """
    if len(edge) == 0:
        return EdgeIntervals(edge.astype(np.int64), start, end)
    # Lay each edge on its own stretch of one number line, then a single sort
    # and running maximum merge every edge's intervals at once.
    base = edge.astype(np.float64) * scale
    order = np.lexsort((start, edge))
    s = start[order] + base[order]
    e = end[order] + base[order]
    running_end = np.maximum.accumulate(e)
    new_run = np.ones(len(s), dtype=bool)
    new_run[1:] = s[1:] > running_end[:-1]
    run_first = np.flatnonzero(new_run)
    run_last = np.append(run_first[1:] - 1, len(s) - 1)
    run_edge = edge[order][run_first]
    run_base = run_edge.astype(np.float64) * scale
    return EdgeIntervals(
        run_edge.astype(np.int64), s[run_first] - run_base, running_end[run_last] - run_base
    )


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

    The same answers as :func:`node_reach` then :func:`distances_to_targets` (for the
    targets on the edges the walk touches) and :func:`reachable_intervals` (tests compare
    them on hand-built graphs and on Macau), without the dozen array steps between them:
    on a click, each of those steps cost more in Python's overhead than in arithmetic.

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
        The reachable stretches, as :func:`reachable_intervals` gives them but with the edges
        in the order the walk touched them, not sorted (an area drawn from them is the same).
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
    """
    Search, touched edges, targets and stretches for one point (see point_walks).

    Each step repeats, element by element, what the array functions above do for many
    sources, with the same :mod:`learning_map.walking.edge_walk` rules compiled in (the same float
    operations), so the answers are bit-identical.
    """
    # The walk enters the network at its edge's two ends (as _start_nodes: least cost per node).
    starts = np.empty(0, np.int64)
    costs = np.empty(0, np.float64)
    if p_edge >= 0:
        u, v = edge_u[p_edge], edge_v[p_edge]
        cost_u = edge_walk.to_u(p_access, p_offset)
        cost_v = edge_walk.to_v(p_access, p_offset, length[p_edge])
        if u == v:
            starts, costs = np.array([u]), np.array([min(cost_u, cost_v)])
        elif u < v:
            starts, costs = np.array([u, v]), np.array([cost_u, cost_v])
        else:
            starts, costs = np.array([v, u]), np.array([cost_v, cost_u])
    nodes, node_dist, _ = engine.search_in(indptr, indices, weights, starts, costs, budget,
                                           np.empty(0, np.int64), space, False)
    dist = space[0]
    for k in range(len(nodes)):  # the workspace holds the reached distances (+inf elsewhere)
        dist[nodes[k]] = node_dist[k]
    # The edges at reached nodes (all within the budget: the search stopped there) and the
    # point's own edge, once each, in the order the walk touched them (a sort would cost more
    # than the rest); a target on any other edge is out of reach.
    edges = engine.gather_marked(node_edge_ptr, node_edge, nodes, marks)
    own = -1  # position of the point's own edge among them
    for i in range(len(edges)):
        if edges[i] == p_edge:
            own = i
    if own < 0 and p_edge >= 0:
        own = len(edges)
        edges = np.concatenate((edges, np.array([p_edge])))
    # Targets on those edges, by row: walk in from either end, or along the point's own edge.
    count = 0
    for e in edges:
        count += t_ptr[e + 1] - t_ptr[e]
    found = np.empty(count, np.int64)
    walk = np.empty(count, np.float64)
    m = 0
    for e in edges:
        for j in range(t_ptr[e], t_ptr[e + 1]):
            found[m] = t_rows[j]
            m += 1
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
    found, walk = found[:m], walk[:m]  # unordered: numpy sorts them (numba's sorts compile slowly)
    # Stretches: each touched edge from its reached ends, and around the point on its own
    # edge while the access leg fits the budget (as reachable_intervals).
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
    run_edge, run_start, run_end = _edge_stretches(edges, length[edges], dist_u, dist_v, budget,
                                                   src_ptr, src_start, src_end)
    for k in range(len(nodes)):  # leave the workspace clean for the next search
        dist[nodes[k]] = np.inf
    return found, walk, run_edge, run_start, run_end
