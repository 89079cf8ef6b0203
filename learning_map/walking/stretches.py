"""
Reachable stretches of edges: the parts of streets within a walk of the nearest source.

Given the search's node distances (:mod:`learning_map.walking.coverage`), each edge is
reached from either end as far as the budget left there goes, and around each source on
it (the walking rule along an edge lives in :mod:`learning_map.walking.edge_walk`); the
stretches of one edge are merged so each metre counts once. One compiled pass does it,
over the edges at reached nodes (a point query) or over every edge (a city-wide table).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from numba import njit

from learning_map.walking import edge_walk, engine
from learning_map.walking.engine import Reach

if TYPE_CHECKING:
    from learning_map.walking.network import WalkNetwork
    from learning_map.walking.snapping import SnappedPoints

__all__ = ["TOUCHED_SHARE", "EdgeIntervals", "edge_stretches", "merge_intervals", "reachable_intervals"]


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
        Node distances from :func:`~learning_map.walking.coverage.node_distances`, searched
        to at least ``max_walk_m``, or their sparse :func:`~learning_map.walking.coverage.node_reach`
        (only the edges at reached nodes are looked at).
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
    ends = engine.distances_at(dist_m, np.concatenate((network.edge_u[edges], network.edge_v[edges])))
    run_edge, run_start, run_end = edge_stretches(
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
def edge_stretches(edges, length, dist_u, dist_v, budget, src_ptr, src_start, src_end):  # pragma: no cover
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
    :func:`edge_stretches` over every edge, reading the network's arrays in place.

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
