"""
Benchmark the planner tools on real cities.

1. ``recommend --k 10`` with every network node as a candidate, on Macau (census population)
   and on Malta (no population file: demand is a uniform 200 m grid of points, one "resident"
   each, kept where a street lies within 500 m; said so in the output).
2. Greedy against the exact maximal-covering optimum (HiGHS) on the largest instance that
   HiGHS proves optimal within the time budget (k grows until it does not).
3. What-if: adding one site (one bounded search, merged by minimum) against a full recount.

Run: .venv/bin/python scripts/bench_planning.py [--budget 60]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from learning_map.analysis.model import CoverageModel
from learning_map.base.units import minutes_to_metres
from learning_map.build.pipeline import build_from_files
from learning_map.bundle.core import load_bundle
from learning_map.city.population import Demand
from learning_map.planning.maxcover import recommend
from learning_map.planning.scenario import Scenario

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docs_table import DocsTable, add_option

# What this benchmark measures, by module name (tests/test_docs.py digests their source).
DOCS_MEASURES = ("learning_map.planning", "learning_map.analysis.model", "learning_map.walking.coverage",
                 "learning_map.walking.engine")

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - started


def grid_demand(network, spacing_m=200.0):
    x0, x1 = network.node_x.min(), network.node_x.max()
    y0, y1 = network.node_y.min(), network.node_y.max()
    gx, gy = np.meshgrid(np.arange(x0, x1, spacing_m), np.arange(y0, y1, spacing_m))
    ones = np.ones(gx.size)
    return Demand(network.crs, gx.ravel(), gy.ravel(), ones, ones * np.nan)


def bench_recommend(label, model, category, walk_m, table, k=10):
    result, seconds = timed(recommend, model, category, k, walk_m)
    print(f"{label}: recommend --k {k} {category} within {walk_m:.0f} m, {result.candidate_count:,} "
          f"candidates (every node): {seconds:.2f} s "
          f"(existing {result.seconds['existing']:.2f}, coverage matrix {result.seconds['coverage_matrix']:.2f}, "
          f"greedy {result.seconds['greedy']:.3f}); {result.weight_name} covered "
          f"{result.covered_before / result.total:.1%} -> {result.picks['cumulative_share'].iloc[-1]:.1%}")
    table.row(f"{label}: recommend --k {k} {category}, {walk_m:.0f} m, {result.candidate_count:,} candidates",
              f"{seconds:.2f} s (coverage matrix {result.seconds['coverage_matrix']:.2f} s, greedy "
              f"{result.seconds['greedy']:.3f} s); covered {result.covered_before / result.total:.1%} → "
              f"{result.picks['cumulative_share'].iloc[-1]:.1%}")
    return result


def bench_exact(label, model, category, walk_m, budget_s, table):
    best = None
    for k in (2, 5, 10, 20, 40, 80, 160):
        result = recommend(model, category, k, walk_m, exact=True, time_limit_s=budget_s)
        ex = result.exact
        state = "optimal" if ex.optimal else f"time limit, bound {ex.bound:,.0f}"
        print(f"{label}: k={k}: greedy {result.greedy.total:,.1f}, HiGHS {ex.objective:,.1f} ({state}) "
              f"in {ex.seconds:.1f} s on {ex.columns:,} candidates x {ex.rows:,} demand groups; "
              f"gap {100 * (result.gap or 0):.3f} %"
              + ("" if ex.optimal else f" (at most {100 * (result.gap_bound or 0):.2f} %)"))
        if not ex.optimal:
            if best is None:
                table.row(f"{label}: greedy against the HiGHS optimum",
                          f"no k proved optimal within {budget_s:.0f} s; at k={k} greedy is at most "
                          f"{100 * (result.gap_bound or 0):.2f} % below HiGHS's bound")
            break
        best = (k, result)
    if best:
        k, result = best
        print(f"{label}: largest instance proved optimal within {budget_s:.0f} s: k={k}, "
              f"greedy gap {100 * (result.gap or 0):.3f} %")
        table.row(f"{label}: greedy against the HiGHS optimum",
                  f"largest k proved optimal within {budget_s:.0f} s: {k} ({result.exact.seconds:.1f} s); "
                  f"greedy gap {100 * (result.gap or 0):.3f} %")


def bench_what_if(model, category, table):
    scenario = Scenario(model)
    scenario.field(category)
    scenario.field("all")
    lon, lat = model.network.to_lonlat([np.median(model.network.node_x)], [np.median(model.network.node_y)])
    add_runs = [timed(scenario.add_site, category, float(lon[0]), float(lat[0])) for _ in range(7)]
    added, add_s = add_runs[-1][0], float(np.median([s for _, s in add_runs]))

    def recount():
        fresh = CoverageModel(model.network, added.model.sites, model.demand,
                              limit_m=model.limit_m, demand_points=model.demand_points)
        fresh.demand_dist(category)
        fresh.demand_dist("all")
        return fresh

    full_runs = [timed(recount) for _ in range(7)]
    fresh, full_s = full_runs[-1][0], float(np.median([s for _, s in full_runs]))
    same = np.allclose(fresh.demand_dist(category), added.model.demand_dist(category), equal_nan=True)
    print(f"Macau what-if add one {category} site (median of 7): {1000 * add_s:.1f} ms (one search, "
          f"merged into {category} and all) vs full recount of both {1000 * full_s:.1f} ms "
          f"({full_s / add_s:.1f}x); same distances: {same}")
    table.row(f"Macau what-if: add one {category} site (median of 7)",
              f"{1000 * add_s:.1f} ms against a full recount's {1000 * full_s:.1f} ms ({full_s / add_s:.1f}×); "
              f"same distances: {same}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--budget", type=float, default=60.0, help="HiGHS time budget per solve (s)")
    add_option(parser)
    args = parser.parse_args()
    table = DocsTable("planning", "Planner tools on Macau (census population) and Malta (a uniform 200 m grid "
                      "of demand points, one each, as it has no population file)", ["", "time and result"],
                      measures=DOCS_MEASURES)
    with tempfile.TemporaryDirectory() as tmp:
        macau_dir, malta_dir = Path(tmp) / "macau", Path(tmp) / "malta"
        _, seconds = timed(build_from_files, macau_dir, osm_path=DATA / "macau" / "macau-260220.osm.pbf",
                           population_path=DATA / "macau" / "census2021_zones.geojson",
                           population_column="pop_est", elderly_share="old_per", name="Macau")
        print(f"built Macau in {seconds:.1f} s")
        _, seconds = timed(build_from_files, malta_dir, osm_path=DATA / "malta" / "malta-2018.osm.pbf",
                           name="Malta")
        print(f"built Malta in {seconds:.1f} s")
        macau = load_bundle(macau_dir)
        malta = load_bundle(malta_dir)
        print(f"Macau: {macau.network.node_count:,} nodes, {len(macau.demand):,} demand points; "
              f"Malta: {malta.network.node_count:,} nodes")
        adult_15 = float(minutes_to_metres(15, 4.8))
        elderly_15 = float(minutes_to_metres(15, 3.3))
        bench_recommend("Macau", macau.model, "library", adult_15, table)
        bench_recommend("Macau", macau.model, "elderly_education", elderly_15, table)
        demand = grid_demand(malta.network)
        malta_model = CoverageModel(malta.network, malta.sites, demand)
        on = int(malta_model.demand_points.on_network.sum())
        print(f"Malta has no population file: demand = uniform 200 m grid, {on:,} points within 500 m "
              f"of a street (of {len(demand):,}), weight 1 each")
        bench_recommend("Malta", malta_model, "library", adult_15, table)
        bench_exact("Macau elderly_education 15 min elderly pace", macau.model, "elderly_education",
                    elderly_15, args.budget, table)
        bench_exact("Malta library 15 min adult pace", malta_model, "library", adult_15, args.budget, table)
        bench_what_if(macau.model, "library", table)
    pd.set_option("display.width", 120)
    if args.write_docs:
        table.write()


if __name__ == "__main__":
    main()
