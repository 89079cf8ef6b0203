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

The reachable stretches of edges live in :mod:`learning_map.walking.stretches` and a
click's fused walk in :mod:`learning_map.walking.point_walk`; both are importable from here
as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from scipy import sparse

from learning_map.walking import edge_walk, engine
from learning_map.walking.dense_search import search_dense
from learning_map.walking.point_walk import point_walks
from learning_map.walking.stretches import EdgeIntervals, merge_intervals, reachable_intervals

if TYPE_CHECKING:
    from learning_map.walking.engine import Reach
    from learning_map.walking.network import WalkNetwork
    from learning_map.walking.snapping import SnappedPoints

__all__ = [
    "EdgeIntervals",
    "distances_to_targets",
    "merge_intervals",
    "node_distances",
    "node_distances_with_predecessors",
    "node_reach",
    "point_walks",
    "reachable_intervals",
]


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
    return search_dense(adjacency.indptr, adjacency.indices, adjacency.data, nodes, ways_in,
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
        network, targets, engine.distances_at(dist_m, network.edge_u[edge]),
        engine.distances_at(dist_m, network.edge_v[edge])))
    target_idx, _, direct = edge_walk.same_edge_walks(sources, targets, to_spot=True)
    np.minimum.at(along, target_idx, direct)
    # Within the limit the walk is exact: a way in through an unreached end is longer still.
    return np.where(on & (along <= limit_m), along + targets.access_m, np.inf)
