"""
A registry-store import run in its own process, for the kill and concurrency tests.

    python -m tests.store_worker (--bundle DIR | --url URL --schema NAME) --rows N --prefix P --year Y

Builds N generated sites (ids P-0 .. P-(N-1), spread over Macau), imports them and
prints the report as JSON. Logs go to stderr line by line, so a parent process can act
on "transaction started".
"""

from __future__ import annotations

import argparse
import json
import logging
import sys

import geopandas as gpd
import numpy as np
import shapely

from learning_map.store import open_store

CATEGORIES = ("library", "community_learning", "elderly_education", "school", "cultural_centre")


def generated_sites(rows: int, prefix: str, seed: int = 0) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle")
    parser.add_argument("--url")
    parser.add_argument("--schema")
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--year", type=int, required=True)
    args = parser.parse_args()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(created).6f %(name)s: %(message)s"))
    logging.getLogger("learning_map").addHandler(handler)
    logging.getLogger("learning_map").setLevel(logging.INFO)
    sites = generated_sites(args.rows, args.prefix)
    store = open_store(args.bundle, url=args.url, schema=args.schema, lock_timeout=120)
    try:
        report = store.import_sites(sites, year=args.year, source=f"{args.prefix}.csv")
    finally:
        store.close()
    print(json.dumps({"import_id": report.import_id, "added": report.added, "changed": report.changed}))


if __name__ == "__main__":
    main()
