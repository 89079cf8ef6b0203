"""
Every answer that walks along an edge, on small random cities: the bit-identity reference.

``tests/edge_walk_answers.json`` holds a SHA-256 of each answer's bytes as the code computed
them before the walking rule moved into :mod:`learning_map.walking.edge_walk` (commit 562b98d); the
test compares today's answers with them byte for byte. Only public functions that existed
then are called, so the file can be recorded again from any older checkout (run it from
outside the repository, so that the old package is the one imported):

    PYTHONPATH=<old checkout> python <repo>/tests/edge_walk_cases.py <repo>/tests/edge_walk_answers.json
"""

from __future__ import annotations

import hashlib
import json
import sys
from types import SimpleNamespace

import numpy as np

SEEDS = (0, 1, 2)


def city(seed: int) -> SimpleNamespace:
    """A jittered 10 x 10 street grid with diagonals (edges of every length), sites, residents, candidates."""
    from learning_map.walking.snapping import SnappedPoints
    from learning_map.walking.synthetic import network_from_edges

    rng = np.random.default_rng(seed)
    side = 10
    x, y = np.meshgrid(np.arange(side) * 90.0, np.arange(side) * 90.0)
    xy = np.column_stack((x.ravel(), y.ravel())) + rng.uniform(-30, 30, (side * side, 2))
    node = np.arange(side * side).reshape(side, side)
    u = np.concatenate((node[:, :-1].ravel(), node[:-1, :].ravel(), node[:-1, :-1].ravel()))
    v = np.concatenate((node[:, 1:].ravel(), node[1:, :].ravel(), node[1:, 1:].ravel()))
    keep = rng.random(len(u)) < 0.8  # some streets missing: detours, dead ends
    network = network_from_edges(xy, u[keep], v[keep])

    def points(n: int, off_network: float = 0.0) -> SnappedPoints:
        edge = rng.integers(0, network.edge_count, n)
        offset = rng.uniform(0, 1, n) * network.edge_length_m[edge]
        offset[rng.random(n) < 0.1] = 0.0  # some at an end
        access = rng.uniform(0, 40, n)
        off = rng.random(n) < off_network
        edge[off], access[off] = -1, np.inf
        return SnappedPoints(edge, offset, access)

    sites = points(30)
    demand = points(400, off_network=0.05)
    # A few residents on the sites' own edges, so the walk along one edge is exercised.
    demand = SnappedPoints(np.concatenate((demand.edge, sites.edge[:10])),
                           np.concatenate((demand.offset_m, rng.uniform(0, 1, 10) * network.edge_length_m[sites.edge[:10]])),
                           np.concatenate((demand.access_m, rng.uniform(0, 20, 10))))
    clicks = points(40)
    return SimpleNamespace(network=network, site_points=sites, demand_points=demand, clicks=clicks,
                           files=points(40), limit_m=700.0)


def answers() -> dict[str, np.ndarray]:
    """The answers of every seed's city, by a stable name."""
    from learning_map.analysis.reach_index import build_reach_index
    from learning_map.planning.access import walk_matrix
    from learning_map.planning.candidates import Candidates, node_candidates, reach_slack
    from learning_map.walking.coverage import (
        distances_to_targets,
        node_distances,
        node_reach,
        point_walks,
        reachable_intervals,
    )

    out: dict[str, np.ndarray] = {}
    for seed in SEEDS:
        c = city(seed)
        net, sites, demand = c.network, c.site_points, c.demand_points
        dense = node_distances(net, sites, limit_m=c.limit_m)
        sparse_reach = node_reach(net, sites, limit_m=c.limit_m)
        out[f"{seed}/node"] = dense
        out[f"{seed}/demand"] = distances_to_targets(net, dense, sites, demand, limit_m=c.limit_m)
        out[f"{seed}/demand_sparse"] = distances_to_targets(net, sparse_reach, sites, demand, limit_m=c.limit_m)
        for budget in (250.0, 600.0):
            for name, dist in (("dense", dense), ("sparse", sparse_reach)):
                iv = reachable_intervals(net, dist, sites, budget)
                out[f"{seed}/iv/{name}/{budget:.0f}"] = np.concatenate((iv.edge, iv.start_m, iv.end_m))
        rows = np.flatnonzero(sites.on_network)
        order = np.argsort(sites.edge[rows], kind="stable")
        indptr = np.zeros(net.edge_count + 1, np.int64)
        np.cumsum(np.bincount(sites.edge[rows], minlength=net.edge_count), out=indptr[1:])
        by_edge = (indptr, rows[order].astype(np.int64))
        index = build_reach_index(c)
        for i in range(len(c.clicks)):
            click = c.clicks.subset(np.array([i]))
            found, walk, iv = point_walks(net, click, 400.0, targets=sites, targets_by_edge=by_edge,
                                          wanted=np.ones(len(sites), bool))
            out[f"{seed}/click/{i}"] = np.concatenate((found, walk, iv.edge, iv.start_m, iv.end_m))
            near, walks = index.walks_from(c, click, 400.0)
            out[f"{seed}/index/{i}"] = np.concatenate((near, walks))
        nodes = node_candidates(net)
        files = Candidates(np.zeros(len(c.files)), np.zeros(len(c.files)), c.files, np.full(len(c.files), -1),
                           np.array([str(i) for i in range(len(c.files))], dtype=object))
        for name, candidates in (("nodes", nodes), ("files", files)):
            slack = reach_slack(net, demand, candidates, 450.0)
            out[f"{seed}/slack/{name}"] = np.concatenate((slack.indptr, slack.indices, slack.data))
        walk = walk_matrix(c, rows, 450.0)
        out[f"{seed}/access"] = np.concatenate((walk.indptr, walk.indices, walk.data))
    return out


def digest(value: np.ndarray) -> str:
    """SHA-256 of an answer's dtype, shape and bytes: equal only when bit-identical."""
    value = np.ascontiguousarray(value)
    return hashlib.sha256(f"{value.dtype.str}{value.shape}".encode() + value.tobytes()).hexdigest()


if __name__ == "__main__":
    import learning_map

    found = answers()
    with open(sys.argv[1], "w", encoding="utf-8") as handle:
        json.dump({key: digest(value) for key, value in found.items()}, handle, indent=0, sort_keys=True)
    print(f"recorded {len(found)} answers ({sum(v.size for v in found.values()):,} values) from"
          f" {learning_map.__file__} to {sys.argv[1]}")
