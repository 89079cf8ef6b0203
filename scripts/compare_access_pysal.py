"""
Compare learning-map's 2SFCA access score with PySAL's ``access`` package on Macau.

Both tools get the same input: the walk (metres, over the street network) from every
site to every demand point within the catchment, as found by
:func:`learning_map.planning.access.walk_matrix`, the same seats and the same
residents. PySAL's ``access.fca.two_stage_fca`` (the function its ``Access.two_stage_fca``
calls) then runs on that cost table with its own ``weights.gaussian`` / ``step_fn``.
Macau's OSM sites carry no capacity, so every site gets a seeded random number of
seats (20-400); the agreement does not depend on the values.

Run: .venv/bin/python scripts/compare_access_pysal.py [--bundle DIR]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from access import weights
from access.fca import two_stage_fca as pysal_two_stage_fca

from learning_map.base.units import minutes_to_metres
from learning_map.build.pipeline import build_from_files
from learning_map.bundle.core import load_bundle
from learning_map.planning.access import parse_decay, two_step_fca, walk_matrix

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def pysal_scores(walk, supply, people, decay, max_cost):
    coo = walk.tocoo()
    cost = pd.DataFrame({"origin": coo.col, "dest": coo.row, "cost": coo.data})
    demand = pd.DataFrame({"geoid": np.arange(len(people)), "pop": people})
    sites = pd.DataFrame({"seats": supply}, index=pd.Index(np.arange(len(supply)), name="geoid"))
    fn = None
    if decay.kind == "gaussian":
        fn = weights.gaussian(decay.sigma_m)
    elif decay.kind == "step":
        fn = weights.step_fn(dict(decay.steps))
    out = pysal_two_stage_fca(demand, sites, cost, max_cost=max_cost, demand_index="geoid",
                              demand_name="pop", supply_name="seats", weight_fn=fn)
    return out.reindex(np.arange(len(people))).fillna(0.0).to_numpy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--bundle", type=Path, default=None, help="A built Macau bundle (default: build one).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bundle_dir = args.bundle
        if bundle_dir is None:
            bundle_dir = Path(tmp) / "macau"
            build_from_files(bundle_dir, osm_path=DATA / "macau" / "macau-260220.osm.pbf",
                             population_path=DATA / "macau" / "census2021_zones.geojson",
                             population_column="pop_est", elderly_share="old_per", name="Macau")
        model = load_bundle(bundle_dir).model
        rng = np.random.default_rng(2024)
        capacity = rng.integers(20, 400, len(model.sites)).astype(float)
        demand = model.demand
        rows = []
        for category, minutes, pace_kmh, decay_text in (
            ("library", 15, 3.3, "gaussian"), ("school", 15, 4.8, "step:400=1,800=0.6,1200=0.25"),
            ("community_learning", 10, 3.3, "none"),
        ):
            walk_m = float(minutes_to_metres(minutes, pace_kmh))
            decay = parse_decay(decay_text, walk_m)
            site_rows = np.flatnonzero(model.site_mask(category) & model.site_points.on_network)
            walk = walk_matrix(model, site_rows, walk_m)
            for who, people in (("residents", demand.population), ("elderly", demand.elderly)):
                started = time.perf_counter()
                ours, _ = two_step_fca(walk, capacity[site_rows], people, decay)
                ours_s = time.perf_counter() - started
                started = time.perf_counter()
                theirs = pysal_scores(walk, capacity[site_rows], people, decay, walk_m)
                theirs_s = time.perf_counter() - started
                reached = theirs > 0
                rel = np.abs(ours[reached] - theirs[reached]) / theirs[reached]
                rows.append({
                    "category": category, "walk_m": walk_m, "decay": decay.label, "demand": who,
                    "sites": len(site_rows), "points": len(people), "pairs": walk.nnz,
                    "points_reached": int(reached.sum()),
                    "unreached_both_zero": bool((ours[~reached] == 0).all()),
                    "max_rel_diff": float(rel.max()) if len(rel) else 0.0,
                    "ours_ms": 1000 * ours_s, "pysal_ms": 1000 * theirs_s,
                })
    print(pd.DataFrame(rows).to_string(index=False))


if __name__ == "__main__":
    main()
