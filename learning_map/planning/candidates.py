"""
Candidate sites and the sparse candidate x demand coverage matrix.

Coverage is searched from the demand side: every demand point sits on an edge, so
its walk to any node goes through one of that edge's two ends. One bounded
Dijkstra per distinct end node (batched, each batch's dense block reduced to its
finite entries at once, so memory stays bounded) gives every demand point its
walk to every node within the threshold, as a sparse matrix. Candidates at nodes
read it directly; candidates elsewhere on an edge combine its two end columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse import csgraph

from learning_map.walking.edge_walk import same_edge_walks, walks_from_ends, walks_to_ends
from learning_map.walking.snapping import SnappedPoints, snap_points

if TYPE_CHECKING:
    import geopandas as gpd

    from learning_map.walking.network import WalkNetwork

# Dense floats one batch of searches may hold at once (8 bytes each: 32 MB).
BATCH_CELLS = 4_000_000


@dataclass(frozen=True)
class Candidates:
    """
    Places where a new site could go.

    Attributes
    ----------
    x, y
        Coordinates in the network CRS (metres).
    points
        The candidates snapped to the network.
    node
        Network node of a node candidate, -1 for a candidate from a file.
    label
        An id to show: ``node:<index>`` or the file's row number.
    """

    x: npt.NDArray[np.float64]
    y: npt.NDArray[np.float64]
    points: SnappedPoints
    node: npt.NDArray[np.int64]
    label: npt.NDArray[np.object_]

    def __len__(self) -> int:
        """Return the number of candidates."""
        return len(self.x)


def node_candidates(network: WalkNetwork) -> Candidates:
    """
    Every network node that ends an edge (islands were dropped when the network was built).

    Returns
    -------
    candidates
        Each node, placed on its first incident edge at that edge's end, access 0.
    """
    n = network.node_count
    edge = np.full(n, -1, dtype=np.int64)
    offset_m = np.zeros(n)
    # Later assignments win: write v ends first, then u ends (offset 0).
    edge[network.edge_v[::-1]] = np.arange(network.edge_count)[::-1]
    offset_m[network.edge_v[::-1]] = network.edge_length_m[::-1]
    at_u = np.zeros(n, dtype=bool)
    at_u[network.edge_u] = True
    first_u = np.full(n, -1, dtype=np.int64)
    first_u[network.edge_u[::-1]] = np.arange(network.edge_count)[::-1]
    edge[at_u] = first_u[at_u]
    offset_m[at_u] = 0.0
    keep = np.flatnonzero(edge >= 0)
    points = SnappedPoints(edge[keep], offset_m[keep], np.zeros(len(keep)))
    return Candidates(
        network.node_x[keep], network.node_y[keep], points, keep.astype(np.int64),
        np.array([f"node:{i}" for i in keep], dtype=object),
    )


def point_candidates(network: WalkNetwork, points: gpd.GeoSeries) -> tuple[Candidates, int]:
    """
    Candidates from a file's points (any CRS); those too far from every street are dropped.

    Returns
    -------
    candidates, dropped
        The candidates on the network, and how many were left out.
    """
    projected = points.to_crs(network.crs)
    x = projected.x.to_numpy()
    y = projected.y.to_numpy()
    snapped = snap_points(network, x, y)
    keep = np.flatnonzero(snapped.on_network)
    return Candidates(
        x[keep], y[keep], snapped.subset(keep), np.full(len(keep), -1, dtype=np.int64),
        np.array([str(i) for i in keep], dtype=object),
    ), int(len(x) - len(keep))


def _bounded_rows(
    network: WalkNetwork, sources: npt.NDArray[np.int64], limit_m: npt.NDArray[np.float64]
) -> sparse.csr_matrix:
    """Walk (metres) from each source node to every node within its own limit, sparse."""
    n = network.node_count
    order = np.argsort(limit_m, kind="stable")
    batch = max(1, BATCH_CELLS // max(n, 1))
    rows, cols, vals = [], [], []
    for start in range(0, len(order), batch):
        pick = order[start:start + batch]
        block = csgraph.dijkstra(
            network.adjacency, directed=False, indices=sources[pick], limit=float(limit_m[pick].max())
        )
        r, c = np.nonzero(block <= limit_m[pick][:, None])
        rows.append(pick[r])
        cols.append(c)
        vals.append(block[r, c])
    matrix = sparse.csr_matrix(
        (np.concatenate(vals) if vals else np.zeros(0),
         (np.concatenate(rows) if rows else np.zeros(0, int),
          np.concatenate(cols) if cols else np.zeros(0, int))),
        shape=(len(sources), n),
    )
    matrix.sort_indices()
    return matrix


def demand_node_slack(
    network: WalkNetwork, demand: SnappedPoints, walk_m: float
) -> sparse.csr_matrix:
    """
    Sparse demand x node matrix of ``walk_m - walk + 1`` for every node within ``walk_m``.

    Stored as slack (always at least 1) so absent entries, read as 0, mean "out of
    reach" and the nearer of two ways is an elementwise maximum.

    Parameters
    ----------
    network
        Walk network.
    demand
        Snapped demand points; off-network ones reach nothing.
    walk_m
        Walking threshold, metres.

    Returns
    -------
    slack
        ``(len(demand), node_count)`` CSR matrix.
    """
    n = network.node_count
    on = np.flatnonzero(demand.on_network)
    edge = demand.edge[on]
    lead_u, lead_v = walks_to_ends(network, demand.subset(on))
    point = np.concatenate((on, on))
    node = np.concatenate((network.edge_u[edge], network.edge_v[edge]))
    lead = np.concatenate((lead_u, lead_v))
    from_u = np.arange(len(point)) < len(on)
    keep = lead <= walk_m
    point, node, lead, from_u = point[keep], node[keep], lead[keep], from_u[keep]
    sources, source_of = np.unique(node, return_inverse=True)
    limit = np.full(len(sources), -np.inf)
    np.maximum.at(limit, source_of, walk_m - lead)
    reach = _bounded_rows(network, sources, limit)
    counts = np.diff(reach.indptr)[source_of]
    first = reach.indptr[source_of]
    pair = np.repeat(np.arange(len(point)), counts)
    pos = np.repeat(first - np.concatenate(([0], np.cumsum(counts)[:-1])), counts) + np.arange(
        counts.sum()
    )
    walk = reach.data[pos] + lead[pair]
    ok = walk <= walk_m
    parts = []
    # The u end and the v end each give at most one entry per (point, node): two
    # matrices without duplicates, merged by an elementwise maximum of slack.
    for side in (from_u, ~from_u):
        sel = ok & side[pair]
        parts.append(sparse.csr_matrix(
            (walk_m - walk[sel] + 1.0, (point[pair[sel]], reach.indices[pos[sel]])),
            shape=(len(demand), n),
        ))
    return parts[0].maximum(parts[1]).tocsr()


def coverage_matrix(
    network: WalkNetwork,
    demand: SnappedPoints,
    candidates: Candidates,
    walk_m: float,
) -> sparse.csr_matrix:
    """
    Which candidate reaches which demand point within ``walk_m``: a sparse boolean matrix.

    Parameters and search as :func:`reach_slack`; returns the ``(len(candidates), len(demand))``
    CSR matrix of booleans.
    """
    cover = (reach_slack(network, demand, candidates, walk_m) >= 1.0).astype(bool)
    cover.eliminate_zeros()
    cover.sort_indices()
    return cover


def reach_slack(
    network: WalkNetwork,
    demand: SnappedPoints,
    candidates: Candidates,
    walk_m: float,
) -> sparse.csr_matrix:
    """
    Sparse candidate x demand matrix of ``walk_m - walk + 1`` for every pair within ``walk_m``.

    The walk itself is ``walk_m + 1 - slack``; stored as slack so a walk of 0 m is
    still an entry (see :func:`demand_node_slack`).

    Parameters
    ----------
    network
        Walk network.
    demand
        Snapped demand points (only those worth covering, for speed).
    candidates
        Candidate sites.
    walk_m
        Walking threshold, metres.

    Returns
    -------
    slack
        ``(len(candidates), len(demand))`` CSR matrix, entries at least 1.
    """
    slack = demand_node_slack(network, demand, walk_m).tocsc()
    at_node = candidates.node >= 0
    pts = candidates.points
    cols = []
    # Node candidates read the matrix directly (their access leg is 0).
    node_part = slack[:, np.where(at_node, candidates.node, 0)]
    node_part = node_part @ sparse.diags(at_node.astype(float))
    cols.append(node_part)
    if (~at_node).any():
        edge = np.where(at_node, 0, pts.edge)
        # From each end of its edge to the candidate's door (its access leg as the base).
        door = walks_from_ends(network, SnappedPoints(edge, pts.offset_m, pts.access_m),
                               pts.access_m, pts.access_m)
        for end, cost in zip((network.edge_u[edge], network.edge_v[edge]), door, strict=True):
            part = slack[:, end].tocsc()
            part.data -= np.repeat(cost, np.diff(part.indptr))
            part.data[part.data < 1.0] = 0.0
            part = part @ sparse.diags((~at_node).astype(float))
            part.eliminate_zeros()
            cols.append(part)
        # A demand point on the same edge as a candidate walks straight along it.
        target_idx, source_idx, direct = same_edge_walks(pts, demand, legs_first=True)
        sel = (direct <= walk_m) & ~at_node[source_idx]
        cols.append(sparse.csc_matrix(
            (walk_m - direct[sel] + 1.0, (target_idx[sel], source_idx[sel])),
            shape=(len(demand), len(candidates)),
        ))
    merged = cols[0]
    for part in cols[1:]:
        merged = merged.maximum(part)
    merged = merged.T.tocsr()
    merged.data[merged.data < 1.0] = 0.0
    merged.eliminate_zeros()
    merged.sort_indices()
    return merged
