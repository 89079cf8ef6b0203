"""
Record, then compare bit for bit, every answer that walks along an edge, on a built city.

The walking rule along an edge (a snapped point's way to its edge's ends, two points on one
edge) is used by the click path, the reach index, routes, city-wide coverage, the candidate
matrix and the access scores. A change to where that rule lives must not change one bit of
any answer: record on the old code, compare on the new one (exact equality of the float64
bytes, not a tolerance).

Usage:
  python scripts/edge_walk_answers.py record  BUNDLE OUT.npz [--n 1200]
  python scripts/edge_walk_answers.py compare BUNDLE OLD.npz [--n 1200]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_points import in_town_points


def answers(bundle: Path, n: int) -> dict[str, np.ndarray]:
    """Every answer, by a stable name, as arrays."""
    from learning_map.analysis.query import PointQueries
    from learning_map.base.units import minutes_to_metres
    from learning_map.bundle.core import load_bundle
    from learning_map.errors import NoMatchError
    from learning_map.planning.access import Decay, two_step_fca, walk_matrix
    from learning_map.planning.candidates import Candidates, node_candidates, reach_slack
    from learning_map.walking.coverage import (
        distances_to_targets,
        node_distances,
        point_walks,
        reachable_intervals,
    )
    from learning_map.walking.snapping import snap_lonlat

    city = load_bundle(bundle)
    model = city.model
    network = model.network
    queries = PointQueries(model)
    out: dict[str, np.ndarray] = {}
    points = in_town_points(network, n, seed=7)
    site_ids = model.sites["site_id"].astype(str).to_numpy()
    horizon = float(minutes_to_metres(60, 4.8))
    categories = [c for c in model.categories if model.site_mask(c).any()]
    for i, (lon, lat) in enumerate(points):
        try:
            point = queries.snap(lon, lat)
        except NoMatchError:
            continue
        for budget in (400.0, 1200.0):
            rows, walk, iv = point_walks(network, point, budget, targets=model.site_points,
                                         targets_by_edge=queries._sites_by_edge,
                                         wanted=queries._category_mask(None))
            for key, value in (("rows", rows), ("walk", walk), ("iv_edge", iv.edge),
                               ("iv_start", iv.start_m), ("iv_end", iv.end_m)):
                out[f"pw/{i}/{budget:.0f}/{key}"] = value
            near, walks = queries.reach_index.walks_from(model, point, budget,
                                                         same_edge=queries.sites_on_edges(point.edge[:1]))
            out[f"ri/{i}/{budget:.0f}/rows"], out[f"ri/{i}/{budget:.0f}/walk"] = near, walks
        # Nearest beyond: a tiny walk finds nothing, so the search goes on to the horizon.
        far = queries.reachable(lon, lat, minutes=0.5, speed_kmh=4.8, categories=[categories[i % len(categories)]],
                                area=False)
        out[f"nb/{i}"] = np.array([np.nan if far.nearest_index is None else far.nearest_index,
                                   np.nan if far.nearest_walk_m is None else far.nearest_walk_m])
        out[f"wt/{i}"] = queries.walk_to(lon, lat, model.site_points, limit_m=horizon)
        if len(rows):
            try:
                route = queries.route(lon, lat, site_ids[rows[-1]])
                out[f"rt/{i}/walk"] = np.array([route.walk_m])
                out[f"rt/{i}/line"] = np.asarray(route.line.coords)
            except NoMatchError:
                out[f"rt/{i}/walk"] = np.array([np.inf])
    # City-wide: each category's node and resident distances, stretches and summary.
    for key in [*categories, "all"]:
        sources = model.sources(key)
        dist = node_distances(network, sources, limit_m=model.limit_m)
        out[f"cov/{key}/demand"] = distances_to_targets(network, dist, sources, model.demand_points,
                                                        limit_m=model.limit_m)
        for budget in (600.0, 1200.0):
            iv = reachable_intervals(network, dist, sources, budget)
            out[f"cov/{key}/{budget:.0f}/iv"] = np.concatenate((iv.edge, iv.start_m, iv.end_m))
    table = model.summary(minutes=(5, 10, 15))
    for column in table.columns:
        if pd.api.types.is_numeric_dtype(table[column]):
            out[f"summary/{column}"] = table[column].to_numpy(dtype=np.float64)
    # Candidates: nodes (access 0) and random in-town points (access > 0, on every kind of edge).
    rng = np.random.default_rng(3)
    demand = model.demand_points
    nodes = node_candidates(network)
    xy = in_town_points(network, 3000, seed=11)
    snapped = snap_lonlat(network, xy[:, 0], xy[:, 1])
    keep = np.flatnonzero(snapped.on_network)
    files = Candidates(xy[keep, 0], xy[keep, 1], snapped.subset(keep), np.full(len(keep), -1),
                       np.array([str(k) for k in keep], dtype=object))
    pick = rng.choice(len(nodes), min(3000, len(nodes)), replace=False)
    nodes = Candidates(nodes.x[pick], nodes.y[pick], nodes.points.subset(pick), nodes.node[pick], nodes.label[pick])
    for key in categories[:3]:
        open_demand = np.flatnonzero(~model.covered(key, 1000.0))
        open_points = demand.subset(open_demand)
        for name, cand in (("nodes", nodes), ("files", files)):
            slack = reach_slack(network, open_points, cand, 1000.0)
            out[f"cand/{key}/{name}/indptr"] = slack.indptr.astype(np.int64)
            out[f"cand/{key}/{name}/indices"] = slack.indices.astype(np.int64)
            out[f"cand/{key}/{name}/data"] = slack.data
    # Access: each category's walk matrix and its 2SFCA with one seat per site.
    population = np.asarray(model.demand.population, float)
    for key in categories:
        rows = np.flatnonzero(model.site_mask(key) & model.site_points.on_network)
        walk = walk_matrix(model, rows, 1000.0)
        out[f"acc/{key}/indptr"] = walk.indptr.astype(np.int64)
        out[f"acc/{key}/indices"] = walk.indices.astype(np.int64)
        out[f"acc/{key}/data"] = walk.data
        score, ratio = two_step_fca(walk, np.ones(len(rows)), population, Decay("gaussian", sigma_m=500.0))
        out[f"acc/{key}/score"], out[f"acc/{key}/ratio"] = score, ratio
    return out


def same(a: np.ndarray, b: np.ndarray) -> bool:
    """Bit-identical: same dtype, shape and bytes (so -0.0 and 0.0, or two NaNs, are told apart)."""
    a, b = np.ascontiguousarray(a), np.ascontiguousarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("mode", choices=("record", "compare"))
    parser.add_argument("bundle", type=Path)
    parser.add_argument("file", type=Path)
    parser.add_argument("--n", type=int, default=1200)
    args = parser.parse_args()
    found = answers(args.bundle, args.n)
    values = sum(v.size for v in found.values())
    if args.mode == "record":
        args.file.parent.mkdir(parents=True, exist_ok=True)
        np.savez(args.file, **found)
        print(f"recorded {len(found):,} answers ({values:,} values) to {args.file}")
        return 0
    with np.load(args.file, allow_pickle=False) as old:
        names = set(old.files)
        missing = sorted(names ^ set(found))
        differ = sorted(k for k in names & set(found) if not same(old[k], found[k]))
    print(f"compared {len(found):,} answers ({values:,} values): {len(differ)} differ, {len(missing)} missing")
    for key in (differ + missing)[:20]:
        print(f"  {key}")
    return 1 if differ or missing else 0


if __name__ == "__main__":
    sys.exit(main())
