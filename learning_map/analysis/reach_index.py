"""
Node -> (site, walk) index: which sites lie within the search limit of each node.

Built once per mobility profile (one bounded search from each site), so "which sites are
within N minutes of here" needs no search when N fits the limit: a point's walk to a site
is its way to one of its edge's two ends plus that end's indexed walk (or, on the same
edge, the walk along it). Stored in the build folder as plain ``.npy`` CSR arrays that
worker processes memory-map and share; a bundle without them builds the index in memory.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from learning_map.base.safety import atomic_write
from learning_map.walking import edge_walk
from learning_map.walking.coverage import node_reach

if TYPE_CHECKING:
    from learning_map.analysis.model import CoverageModel
    from learning_map.walking.snapping import SnappedPoints

# reach-<profile>-<part>.npy; the profile's limit and site fingerprint go in reach-<profile>.json.
_PARTS = ("indptr", "site", "walk_m")


def _fingerprint(model: CoverageModel) -> str:
    """What the index depends on: the site rows and where they snapped, and the network size."""
    points = model.site_points
    digest = hashlib.sha256()
    digest.update(np.int64(model.network.node_count).tobytes())
    for array in (points.edge, points.offset_m, points.access_m):
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class ReachIndex:
    """
    Sites within ``limit_m`` of each node, as CSR arrays.

    ``site[indptr[n]:indptr[n + 1]]`` are the site rows within ``limit_m`` of node ``n``
    and ``walk_m`` their walks (metres, the site's access leg included), nearest first.
    """

    limit_m: float
    indptr: npt.NDArray[np.int64]
    site: npt.NDArray[np.int32]
    walk_m: npt.NDArray[np.float64]
    fingerprint: str

    def walks_from(
        self, model: CoverageModel, point: SnappedPoints, budget_m: float, *,
        same_edge: npt.NDArray[np.int64] | None = None,
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """
        Site rows within ``budget_m`` of one snapped point and their walks (sorted by row).

        ``budget_m`` must not exceed :attr:`limit_m`. ``same_edge``: the rows of the sites
        on the point's edge when the caller has them indexed (else found by a scan).
        """
        network = model.network
        edge, offset, access = int(point.edge[0]), float(point.offset_m[0]), float(point.access_m[0])
        u, v = int(network.edge_u[edge]), int(network.edge_v[edge])
        length = float(network.edge_length_m[edge])
        rows, walks = [], []
        for node, way_in in ((u, edge_walk.to_u(access, offset)), (v, edge_walk.to_v(access, offset, length))):
            a, b = self.indptr[node], self.indptr[node + 1]
            rows.append(np.asarray(self.site[a:b], dtype=np.int64))
            walks.append(way_in + np.asarray(self.walk_m[a:b]))
        sites = model.site_points
        same = (np.flatnonzero((sites.edge == edge) & sites.on_network) if same_edge is None
                else np.asarray(same_edge, dtype=np.int64))
        rows.append(same)
        walks.append(edge_walk.between(access, offset, sites.offset_m[same], sites.access_m[same]))
        row, walk = np.concatenate(rows), np.concatenate(walks)
        # The shortest of the ways to each site, then those within the budget.
        order = np.lexsort((walk, row))
        row, walk = row[order], walk[order]
        first = np.ones(len(row), dtype=bool)
        first[1:] = row[1:] != row[:-1]
        row, walk = row[first], walk[first]
        keep = walk <= budget_m
        return row[keep], walk[keep]


def build_reach_index(model: CoverageModel, *, limit_m: float | None = None) -> ReachIndex:
    """One bounded search from each site of ``model``, gathered per node (in memory)."""
    limit = float(model.limit_m if limit_m is None else limit_m)
    points = model.site_points
    nodes, rows, walks = [], [], []
    for row in np.flatnonzero(points.on_network):
        reach = node_reach(model.network, points.subset(np.array([row])), limit_m=limit)
        nodes.append(reach.nodes)
        rows.append(np.full(len(reach), row, dtype=np.int32))
        walks.append(reach.dist_m)
    node = np.concatenate(nodes) if nodes else np.zeros(0, np.int64)
    site = np.concatenate(rows) if rows else np.zeros(0, np.int32)
    walk = np.concatenate(walks) if walks else np.zeros(0)
    order = np.lexsort((walk, node))
    indptr = np.zeros(model.network.node_count + 1, dtype=np.int64)
    np.cumsum(np.bincount(node, minlength=model.network.node_count), out=indptr[1:])
    return ReachIndex(limit, indptr, site[order], walk[order], _fingerprint(model))


def write_reach_index(index: ReachIndex, folder: str | Path, profile: str) -> list[str]:
    """Write an index as ``.npy`` files plus a small JSON header; return the file names."""
    folder = Path(folder)
    names = []
    for part in _PARTS:
        name = f"reach-{profile}-{part}.npy"
        with atomic_write(folder / name, "wb") as handle:
            np.save(handle, getattr(index, part), allow_pickle=False)
        names.append(name)
    header = f"reach-{profile}.json"
    with atomic_write(folder / header, "w", encoding="utf-8") as handle:
        json.dump({"limit_m": index.limit_m, "fingerprint": index.fingerprint}, handle)
    return [*names, header]


def load_reach_index(folder: str | Path, profile: str, model: CoverageModel) -> ReachIndex | None:
    """
    The stored index of ``profile``, memory-mapped (worker processes share its pages).

    None when the build has none or it was made for other sites (a registry year's).
    """
    folder = Path(folder)
    header = folder / f"reach-{profile}.json"
    if not header.is_file() or not all((folder / f"reach-{profile}-{p}.npy").is_file() for p in _PARTS):
        return None
    info = json.loads(header.read_text(encoding="utf-8"))
    if info.get("fingerprint") != _fingerprint(model):
        return None
    parts = {p: np.load(folder / f"reach-{profile}-{p}.npy", mmap_mode="r", allow_pickle=False) for p in _PARTS}
    if len(parts["indptr"]) != model.network.node_count + 1:
        return None
    return ReachIndex(float(info["limit_m"]), parts["indptr"], parts["site"], parts["walk_m"],
                      info["fingerprint"])
