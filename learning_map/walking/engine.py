"""
Compiled bounded Dijkstra over a network's CSR arrays (numba).

scipy's ``csgraph.dijkstra`` allocates and initialises arrays the size of the
whole network for every search, so a point query on a big city pays for every
node. Here each thread keeps one workspace per network size (distances held
at +inf, heap positions at -1) and each search resets only the nodes it
touched: a query costs O(reached log reached), whatever the city's size.

Searches start from several nodes at once, each with its own start cost (the
walk in from a point part-way along an edge), so no virtual source row and no
copy of the matrix is needed. The answer is sparse: the reached nodes in the
order they were settled (nearest first), their distances and optionally the
previous node on the way (-1 at a start node).

City-wide callers (a coverage table searches every category over the whole city)
use :func:`learning_map.walking.dense_search.search_dense` instead: it fills one fresh
distance array, so there is no workspace to clean, no settled list and no sparse-to-dense copy.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numba import njit

__all__ = ["Reach", "Workspace", "distances_at", "distinct", "gather_distinct", "gather_marked",
           "incident_edges", "marks", "search", "search_in", "workspace"]

# Heap position markers in the workspace: never pushed / already settled.
_FREE = -1
_DONE = -2


@njit(cache=True, nogil=True)
def _sift_up(heap, keys, pos, i, node, key):  # pragma: no cover - compiled
    # Keys live beside the nodes in the heap: comparisons read one contiguous array
    # instead of jumping through dist[] (2x fewer cache misses on a big frontier).
    while i > 0:
        parent = (i - 1) >> 1
        if keys[parent] <= key:
            break
        up = heap[parent]
        heap[i] = up
        keys[i] = keys[parent]
        pos[up] = i
        i = parent
    heap[i] = node
    keys[i] = key
    pos[node] = i


@njit(cache=True, nogil=True)
def _sift_down(heap, keys, pos, size, node, key):  # pragma: no cover - compiled
    i = 0
    while True:
        child = 2 * i + 1
        if child >= size:
            break
        if child + 1 < size and keys[child + 1] < keys[child]:
            child += 1
        if keys[child] >= key:
            break
        down = heap[child]
        heap[i] = down
        keys[i] = keys[child]
        pos[down] = i
        i = child
    heap[i] = node
    keys[i] = key
    pos[node] = i


# The compiled kernel every point query runs, kept whole on purpose (over the ~60-line aim):
# its start, settle-and-relax and clean-up loops share the heap's size and the settled count,
# and a click's search is the hot loop where a call per step or per relaxed edge would show.
@njit(cache=True, nogil=True)
def _dijkstra(indptr, indices, weights, start_nodes, start_cost, limit, stop_nodes,
              dist, pos, pred, heap, keys, settled, with_pred):  # pragma: no cover - compiled
    """Run one search in a clean workspace; return (nodes, dist, pred) and clean it again."""
    size = 0
    for k in range(len(start_nodes)):
        node = start_nodes[k]
        cost = start_cost[k]
        if cost > limit or not cost < dist[node]:
            continue
        dist[node] = cost
        pred[node] = -1
        if pos[node] == _FREE:
            size += 1
            _sift_up(heap, keys, pos, size - 1, node, cost)
        else:
            _sift_up(heap, keys, pos, pos[node], node, cost)
    to_stop = len(stop_nodes)
    count = 0
    while size > 0:
        node = heap[0]
        size -= 1
        if size > 0:
            _sift_down(heap, keys, pos, size, heap[size], keys[size])
        pos[node] = _DONE
        settled[count] = node
        count += 1
        if to_stop > 0:
            for s in range(len(stop_nodes)):
                if stop_nodes[s] == node:
                    to_stop -= 1
            if to_stop == 0:
                break
        here = dist[node]
        for j in range(indptr[node], indptr[node + 1]):
            other = indices[j]
            cost = here + weights[j]
            # A settled neighbour already holds a distance <= here (weights are >= 0), so
            # this test also skips it, without reading its heap position.
            if cost > limit or not cost < dist[other]:
                continue
            dist[other] = cost
            if with_pred:
                pred[other] = node
            at = pos[other]
            if at == _FREE:
                size += 1
                _sift_up(heap, keys, pos, size - 1, other, cost)
            else:
                _sift_up(heap, keys, pos, at, other, cost)
    out_nodes = np.empty(count, np.int64)
    out_dist = np.empty(count, np.float64)
    out_pred = np.empty(count if with_pred else 0, np.int64)
    for k in range(count):
        node = settled[k]
        out_nodes[k] = node
        out_dist[k] = dist[node]
        if with_pred:
            out_pred[k] = pred[node]
        dist[node] = np.inf
        pos[node] = _FREE
    # An early stop leaves nodes on the heap with tentative distances: clean them too.
    for k in range(size):
        node = heap[k]
        dist[node] = np.inf
        pos[node] = _FREE
    return out_nodes, out_dist, out_pred


@njit(cache=True, nogil=True)
def search_in(indptr, indices, weights, start_nodes, start_cost, limit, stop_nodes, space,
              with_pred):  # pragma: no cover - compiled
    """
    One bounded search in a clean workspace, for other compiled code (e.g. a click's fused walk).

    ``space`` is :attr:`Workspace.arrays` of this thread's :func:`workspace`; the arguments
    are those of :func:`search` as arrays (``stop_nodes`` distinct, empty for none). Returns
    ``(nodes, dist, pred)`` as :class:`Reach` holds them and leaves the workspace clean.
    """
    dist, pos, pred, heap, keys, settled = space
    return _dijkstra(indptr, indices, weights, start_nodes, start_cost, limit, stop_nodes,
                     dist, pos, pred, heap, keys, settled, with_pred)


@njit(cache=True, nogil=True)
def _lookup(nodes, node_dist, query, dist):  # pragma: no cover - compiled
    """Distances at ``query`` nodes (+inf where not reached), through the clean workspace."""
    for k in range(len(nodes)):
        dist[nodes[k]] = node_dist[k]
    out = np.empty(len(query), np.float64)
    for k in range(len(query)):
        out[k] = dist[query[k]]
    for k in range(len(nodes)):
        dist[nodes[k]] = np.inf
    return out


@njit(cache=True, nogil=True)
def _path(nodes, pred, target, where):  # pragma: no cover - compiled
    """Node path to ``target`` by following ``pred``, through the clean workspace's ``pos``."""
    for k in range(len(nodes)):
        where[nodes[k]] = k
    count = 0
    current = target
    while current >= 0 and where[current] >= 0:
        count += 1
        current = pred[where[current]]
    out = np.empty(count, np.int64)
    current = target
    for k in range(count - 1, -1, -1):
        out[k] = current
        current = pred[where[current]]
    for k in range(len(nodes)):
        where[nodes[k]] = -1
    return out


@njit(cache=True, nogil=True)
def gather_marked(indptr, items, nodes, seen):  # pragma: no cover - compiled
    """
    Distinct ``items[indptr[n]:indptr[n + 1]]`` over ``nodes``, in first-seen order (compiled).

    ``seen``: all-False flags, one per possible item (see :func:`marks`); left all-False.
    Callable from other numba code; Python callers use :func:`gather_distinct`.
    """
    total = 0
    for node in nodes:
        total += indptr[node + 1] - indptr[node]
    out = np.empty(total, items.dtype)
    k = 0
    for node in nodes:
        for j in range(indptr[node], indptr[node + 1]):
            item = items[j]
            if not seen[item]:
                seen[item] = True
                out[k] = item
                k += 1
    for i in range(k):  # leave the marks clean for the next call
        seen[out[i]] = False
    return out[:k]


class Workspace:
    """
    One thread's search arrays for networks of one size, kept clean between searches.

    Get it from :func:`workspace`; compiled callers pass :attr:`arrays` to :func:`search_in`.
    """

    def __init__(self, node_count: int) -> None:
        self.dist = np.full(node_count, np.inf)
        self.pos = np.full(node_count, _FREE, dtype=np.int32)  # int32: half the cache footprint
        self.pred = np.full(node_count, -1, dtype=np.int64)
        self.heap = np.empty(node_count, dtype=np.int32)
        self.keys = np.empty(node_count, dtype=np.float64)
        self.settled = np.empty(node_count, dtype=np.int64)

    @property
    def arrays(self) -> tuple[npt.NDArray, ...]:
        """``(dist, pos, pred, heap, keys, settled)``, in the order :func:`search_in` reads them."""
        return self.dist, self.pos, self.pred, self.heap, self.keys, self.settled


_local = threading.local()
# Workspaces kept per thread: one per network size in use (two profiles, a few cities).
_MAX_WORKSPACES = 4


def workspace(node_count: int) -> Workspace:
    """Return this thread's clean workspace for networks of ``node_count`` nodes (kept for reuse)."""
    spaces: dict[int, Workspace] | None = getattr(_local, "spaces", None)
    if spaces is None:
        spaces = _local.spaces = {}
    space = spaces.get(node_count)
    if space is None:
        if len(spaces) >= _MAX_WORKSPACES:
            spaces.pop(next(iter(spaces)))
        space = spaces[node_count] = Workspace(node_count)
    return space


@dataclass(frozen=True)
class Reach:
    """
    The nodes one search reached, nearest first.

    Attributes
    ----------
    nodes
        Reached node indices, in the order they were settled (non-decreasing distance).
    dist_m
        Their distances from the nearest start, metres (start cost included).
    pred
        Previous node on the shortest way to each (-1 at a start node); empty unless asked for.
    node_count
        Size of the network searched.
    """

    nodes: npt.NDArray[np.int64]
    dist_m: npt.NDArray[np.float64]
    pred: npt.NDArray[np.int64]
    node_count: int

    def __len__(self) -> int:  # noqa: D105
        return len(self.nodes)

    def dense(self) -> npt.NDArray[np.float64]:
        """One distance per network node, ``inf`` where not reached (O(nodes); see search_dense)."""
        out = np.full(self.node_count, np.inf)
        out[self.nodes] = self.dist_m
        return out

    def dense_pred(self, *, start: int, unreached: int = -9999) -> npt.NDArray[np.int32]:
        """Predecessor per node: ``start`` at a start node, ``unreached`` where not reached."""
        out = np.full(self.node_count, unreached, dtype=np.int32)
        out[self.nodes] = np.where(self.pred < 0, start, self.pred)
        return out

    def at(self, nodes: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Distances at any nodes, ``inf`` where not reached: O(reached + len(nodes))."""
        query = np.ascontiguousarray(nodes, dtype=np.int64)
        return _lookup(self.nodes, self.dist_m, query, workspace(self.node_count).dist)

    def path_to(self, node: int) -> npt.NDArray[np.int64]:
        """Node path from a start node to ``node`` (needs ``pred``; empty if not reached)."""
        if len(self.pred) != len(self.nodes):
            msg = "path_to needs a search run with predecessors=True"
            raise ValueError(msg)
        return _path(self.nodes, self.pred, int(node), workspace(self.node_count).pos)


def distances_at(dist_m: npt.NDArray[np.float64] | Reach, nodes: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Distances at ``nodes`` from a dense array (one per node) or a sparse :class:`Reach`."""
    return dist_m.at(nodes) if isinstance(dist_m, Reach) else dist_m[nodes]


def search(
    indptr: npt.NDArray[np.integer],
    indices: npt.NDArray[np.integer],
    weights: npt.NDArray[np.float64],
    start_nodes: npt.ArrayLike,
    start_cost_m: npt.ArrayLike,
    *,
    limit_m: float = np.inf,
    predecessors: bool = False,
    stop_at: npt.ArrayLike | None = None,
) -> Reach:
    """
    Bounded multi-source Dijkstra over CSR arrays (e.g. ``network.adjacency``'s).

    Parameters
    ----------
    indptr, indices, weights
        CSR adjacency with non-negative weights (metres).
    start_nodes, start_cost_m
        Start nodes and the cost of entering the network at each (repeats keep the least).
    limit_m
        Nodes farther than this are not reached.
    predecessors
        Also return the previous node on each shortest way.
    stop_at
        Stop as soon as all of these nodes are settled (a route to one edge's ends);
        only nodes settled by then are returned.

    Returns
    -------
    reach
        The reached nodes (sparse), nearest first.
    """
    node_count = len(indptr) - 1
    space = workspace(node_count)
    stop = np.zeros(0, np.int64) if stop_at is None else np.unique(np.asarray(stop_at, np.int64))
    nodes, dist, pred = _dijkstra(
        indptr, indices, weights,
        np.ascontiguousarray(start_nodes, dtype=np.int64),
        np.ascontiguousarray(start_cost_m, dtype=np.float64),
        float(limit_m), stop, space.dist, space.pos, space.pred, space.heap, space.keys,
        space.settled,
        predecessors,
    )
    return Reach(nodes, dist, pred, node_count)


def marks(size: int) -> npt.NDArray[np.bool_]:
    """All-False flags of one size, one set per thread (for de-duplicating without a sort)."""
    cache: dict[int, npt.NDArray[np.bool_]] | None = getattr(_local, "marks", None)
    if cache is None:
        cache = _local.marks = {}
    flags = cache.get(size)
    if flags is None:
        if len(cache) >= 2 * _MAX_WORKSPACES:
            cache.pop(next(iter(cache)))
        flags = cache[size] = np.zeros(size, dtype=np.bool_)
    return flags


def gather_distinct(
    csr: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
    keys: npt.ArrayLike,
    *,
    size: int,
) -> npt.NDArray[np.int64]:
    """
    Distinct items of the CSR rows ``keys`` (``items[indptr[k]:indptr[k + 1]]``), unsorted.

    ``size`` bounds the item values (e.g. the edge count). O(items gathered), no sort.
    """
    indptr, items = csr
    return gather_marked(indptr, items, np.ascontiguousarray(keys, dtype=np.int64), marks(size))


def distinct(values: npt.ArrayLike, *, size: int) -> npt.NDArray[np.int64]:
    """Distinct ``values`` (all below ``size``) in first-seen order: O(len(values)), no sort."""
    values = np.ascontiguousarray(values, dtype=np.int64)
    return gather_marked(np.array([0, len(values)], np.int64), values, np.zeros(1, np.int64), marks(size))


def incident_edges(
    node_edges: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
    nodes: npt.NDArray[np.int64],
) -> npt.NDArray[np.int64]:
    """Distinct edges at any of ``nodes``, unsorted (``node_edges`` as in WalkNetwork.node_edges)."""
    return gather_distinct(node_edges, nodes, size=len(node_edges[1]))
