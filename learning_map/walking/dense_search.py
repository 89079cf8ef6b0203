"""
Compiled bounded Dijkstra into one fresh distance array: for city-wide searches (numba).

A coverage table searches every category over the whole city: most nodes are reached, so
the sparse search of :mod:`learning_map.walking.engine` (a kept workspace, a settled list,
a sparse answer) would only add bookkeeping. This one fills a fresh array the size of the
network and returns it, with a 4-ary heap and no decrease-key.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit

__all__ = ["search_dense"]


@njit(cache=True, nogil=True)
def _push4(heap, keys, size, node, key):  # pragma: no cover - compiled
    """Add ``node`` at ``key`` to a 4-ary min-heap of ``size`` entries."""
    # 4 children per entry: half the depth of a binary heap, and the children's keys
    # share a cache line, so a city-wide frontier (~40,000 entries) costs fewer misses.
    i = size
    while i > 0:
        parent = (i - 1) >> 2
        if keys[parent] <= key:
            break
        heap[i] = heap[parent]
        keys[i] = keys[parent]
        i = parent
    heap[i] = node
    keys[i] = key


@njit(cache=True, nogil=True)
def _sift_down4(heap, keys, size, node, key):  # pragma: no cover - compiled
    """Put ``node`` at ``key`` in the root's place of a 4-ary heap of ``size`` entries."""
    i = 0
    while True:
        first = 4 * i + 1
        if first >= size:
            break
        child, child_key = first, keys[first]
        for c in range(first + 1, min(first + 4, size)):
            if keys[c] < child_key:
                child, child_key = c, keys[c]
        if child_key >= key:
            break
        heap[i] = heap[child]
        keys[i] = child_key
        i = child
    heap[i] = node
    keys[i] = key


@njit(cache=True, nogil=True)
def _dijkstra_dense(indptr, indices, weights, start_nodes, start_cost, limit):  # pragma: no cover
    """One search into a fresh distance array (+inf where not reached within ``limit``)."""
    node_count = len(indptr) - 1
    dist = np.full(node_count, np.inf)
    # No decrease-key: an improved node is pushed again and its stale entry skipped when
    # popped (its key is above its distance). Without heap positions to keep in step,
    # each move is half the writes; on a walk network improvements are rare (none on a
    # grid). Each push follows an improving relaxation, so the heap never holds more than
    # edges + starts entries; np.empty commits only the pages the frontier uses. Nodes
    # are kept in the adjacency's own index type (int32 from scipy): half the bytes.
    capacity = len(indices) + len(start_nodes)
    heap = np.empty(capacity, indices.dtype)
    keys = np.empty(capacity, np.float64)
    size = 0
    for k in range(len(start_nodes)):
        node = start_nodes[k]
        cost = start_cost[k]
        if cost > limit or not cost < dist[node]:
            continue
        dist[node] = cost
        _push4(heap, keys, size, node, cost)
        size += 1
    while size > 0:
        node = heap[0]
        here = keys[0]
        size -= 1
        if size > 0:
            _sift_down4(heap, keys, size, heap[size], keys[size])
        if here > dist[node]:  # a stale entry: the node was settled from a shorter one
            continue
        for j in range(indptr[node], indptr[node + 1]):
            other = indices[j]
            cost = here + weights[j]
            # Settled neighbours hold a distance <= here (weights are >= 0): skipped too.
            if cost > limit or not cost < dist[other]:
                continue
            dist[other] = cost
            _push4(heap, keys, size, other, cost)
            size += 1
    return dist


def search_dense(
    indptr: npt.NDArray[np.integer],
    indices: npt.NDArray[np.integer],
    weights: npt.NDArray[np.float64],
    start_nodes: npt.ArrayLike,
    start_cost_m: npt.ArrayLike,
    *,
    limit_m: float = np.inf,
) -> npt.NDArray[np.float64]:
    """
    Bounded multi-source Dijkstra with one distance per node: for city-wide searches.

    The same distances as ``engine.search(...).dense()``, bit for bit, but O(nodes) to set
    up whatever is reached: use :func:`learning_map.walking.engine.search` for a point query
    on a big city.

    Parameters
    ----------
    indptr, indices, weights
        CSR adjacency with non-negative weights (metres).
    start_nodes, start_cost_m
        Start nodes and the cost of entering the network at each (repeats keep the least).
    limit_m
        Nodes farther than this are not reached.

    Returns
    -------
    dist_m
        One distance per node, metres; ``inf`` where not reached.
    """
    return _dijkstra_dense(
        indptr, indices, weights,
        np.ascontiguousarray(start_nodes, dtype=np.int64),
        np.ascontiguousarray(start_cost_m, dtype=np.float64),
        float(limit_m),
    )
