"""
Registry-store figures: import time and peak memory for a 100,000-row registry, and
"as of year" query time on a Macau-sized registry (170 sites) and on 100,000 rows.

    python scripts/bench_store.py [--rows 100000] [--database postgresql://...]

Runs each backend in a child process of its own, so peak memory (ru_maxrss) belongs to
that backend alone. PostGIS runs when --database or LEARNING_MAP_TEST_DATABASE_URL is
set (scripts/pg_test_cluster.sh starts a throwaway cluster); it uses a new schema and
drops it afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docs_table import DocsTable, add_option

# What this benchmark measures, by module name (tests/test_docs.py digests their source).
DOCS_MEASURES = ("learning_map.store",)

CATEGORIES = ("library", "community_learning", "elderly_education", "school", "cultural_centre")


def generated(rows: int, prefix: str = "s"):
    import geopandas as gpd
    import numpy as np
    import shapely

    rng = np.random.default_rng(1)
    ids = np.char.add(f"{prefix}-", np.arange(rows).astype(str))
    return gpd.GeoDataFrame(
        {
            "site_id": ids,
            "name": np.char.add("学习点 ", ids),
            "category": np.asarray(CATEGORIES)[np.arange(rows) % len(CATEGORIES)],
            "address": np.char.add("澳门 路 ", np.arange(rows).astype(str)),
            "phone": "+853 2835 1234",
        },
        geometry=shapely.points(rng.uniform(113.52, 113.59, rows), rng.uniform(22.11, 22.21, rows)),
        crs="EPSG:4326",
    )


def _pg(url: str, sql: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1),
                              poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        conn.exec_driver_sql(sql)
    engine.dispose()


def query_ms(store, year: int, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        frame = store.sites_as_of(year)
        times.append((time.perf_counter() - start) * 1000)
    assert len(frame) > 0
    return statistics.median(times)


def one(backend: str, rows: int, url: str | None) -> dict:
    from learning_map.store import open_store

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as folder:
        if backend == "postgis":
            _pg(url, f"CREATE SCHEMA {schema}")

        def fresh():
            if backend == "postgis":
                _pg(url, f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")
                return open_store(url=url, schema=schema)
            path = os.path.join(folder, "registry.gpkg")
            if os.path.exists(path):
                os.remove(path)
            return open_store(folder)

        try:
            macau = fresh()
            macau.import_sites(generated(170, "m"), year=2024, source="macau.csv")
            macau_ms = query_ms(macau, 2024, 50)
            macau.close()

            sites = generated(rows)
            store = fresh()
            base_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            start = time.perf_counter()
            report = store.import_sites(sites, year=2024, source="big.csv")
            import_s = time.perf_counter() - start
            peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            assert report.added == rows
            start = time.perf_counter()
            again = store.import_sites(sites, year=2024, source="big.csv")
            reimport_s = time.perf_counter() - start
            assert again.unchanged == rows
            big_ms = query_ms(store, 2024, 5)
            store.close()
        finally:
            if backend == "postgis":
                _pg(url, f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    return {
        "backend": backend, "rows": rows, "import_s": import_s, "reimport_unchanged_s": reimport_s,
        "peak_rss_mb": peak_kb / 1024, "import_rss_growth_mb": (peak_kb - base_kb) / 1024,
        "as_of_170_ms": macau_ms, "as_of_rows_ms": big_ms,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database", default=os.environ.get("LEARNING_MAP_TEST_DATABASE_URL"))
    parser.add_argument("--one", choices=["gpkg", "postgis"], help=argparse.SUPPRESS)
    add_option(parser)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.rows, args.database)))
        return
    backends = ["gpkg"] + (["postgis"] if args.database else [])
    if not args.database:
        print("PostGIS skipped: no --database or LEARNING_MAP_TEST_DATABASE_URL", file=sys.stderr)
    print(f"{'backend':8} {'rows':>8} {'import':>9} {'re-import':>10} {'peak RSS':>9} "
          f"{'growth':>8} {'as-of 170':>10} {'as-of rows':>11}")
    table = DocsTable("store", f"Registry store: importing {args.rows:,} generated sites, importing them again "
                      "unchanged, and the sites open in a year on 170 rows and on all of them (medians)",
                      ["backend", "rows", "import s", "re-import s", "peak RSS MB", "RSS growth MB",
                       "as-of, 170 rows, ms", f"as-of, {args.rows:,} rows, ms"], measures=DOCS_MEASURES)
    if not args.database:
        table.note("PostGIS not run (no --database or LEARNING_MAP_TEST_DATABASE_URL).")
    for backend in backends:
        command = [sys.executable, __file__, "--one", backend, "--rows", str(args.rows)]
        if args.database:
            command += ["--database", args.database]
        result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        print(f"{backend:8} {result['rows']:>8,} {result['import_s']:>8.2f}s "
              f"{result['reimport_unchanged_s']:>9.2f}s {result['peak_rss_mb']:>7.0f}MB "
              f"{result['import_rss_growth_mb']:>6.0f}MB {result['as_of_170_ms']:>8.2f}ms "
              f"{result['as_of_rows_ms']:>9.1f}ms")
        table.row(backend, f"{result['rows']:,}", f"{result['import_s']:.2f}", f"{result['reimport_unchanged_s']:.2f}",
                  f"{result['peak_rss_mb']:,.0f}", f"{result['import_rss_growth_mb']:,.0f}",
                  f"{result['as_of_170_ms']:.2f}", f"{result['as_of_rows_ms']:.1f}")
    if args.write_docs:
        table.write()


if __name__ == "__main__":
    main()
