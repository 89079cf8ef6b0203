"""
Memory and start time of `learning-map serve` on a 1M-node grid city, on loopback only.

Builds a 1000 x 1000 street grid (learning_map.walking.synthetic, 100 m blocks, ~2M edges) with
200 sites into a temp folder, once with the memory-mapped network (network/ of .npy files,
what builds write) and once converted to the older compressed network.npz. For each it starts
`learning-map serve --workers 2`, times until /api/city answers, sends a few /api/reachable
queries to every worker, and prints the RSS and PSS (/proc/PID/smaps_rollup) of the master
and of each worker. Then the same city served from a national folder (opened lazily in each
worker on its first request, --max-open-cities 1).

With --cities N: N distinct grid cities of --city-side nodes a side in one national folder,
every city asked in turn, served with --max-open-cities 2 and then N: memory per worker
follows the bound, not the number of cities.

Usage:
  python scripts/bench_serve_memory.py [--side 1000] [--keep DIR]
  python scripts/bench_serve_memory.py --cities 12 --city-side 300 [--keep DIR]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import geopandas as gpd
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docs_table import DocsTable, add_option

# What this benchmark measures, by module name (tests/test_docs.py digests their source).
DOCS_MEASURES = ("learning_map.web", "learning_map.bundle.core", "learning_map.walking.network", "learning_map.bundle.national")

CRS = "EPSG:32649"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_grid_city(out: Path, side: int, *, x0: float = 600_000.0, y0: float = 2_400_000.0) -> None:
    import dataclasses

    from learning_map.build.pipeline import build_bundle
    from learning_map.walking.synthetic import grid_network

    grid = grid_network(side, side, spacing_m=100, crs=CRS)
    net = dataclasses.replace(grid, node_x=grid.node_x + x0, node_y=grid.node_y + y0,
                              edge_coords=grid.edge_coords + np.array([x0, y0]))
    rng = np.random.default_rng(0)
    pick = rng.integers(0, net.node_count, 200)
    lon, lat = net.to_lonlat(net.node_x[pick] + 20, net.node_y[pick])
    cats = np.array(["library", "community_school", "elderly_education", "school"])[np.arange(200) % 4]
    sites = gpd.GeoDataFrame({"site_id": [f"s{i}" for i in range(200)], "category": cats,
                              "name": [f"Site {i}" for i in range(200)]},
                             geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    build_bundle(out, net, sites, name=f"Grid {side}x{side}")


def to_npz(src: Path, dst: Path) -> None:
    """A copy of the bundle as builds before memory-mapping wrote it (network.npz)."""
    from learning_map.bundle.core import (
        META_FILE,
        NETWORK_DIR,
        NETWORK_FILE,
        current_build,
        sha256_file,
    )
    from learning_map.walking.network import load_network, save_network

    shutil.copytree(src, dst)
    build = current_build(dst)
    save_network(load_network(build / NETWORK_DIR), build / NETWORK_FILE)
    shutil.rmtree(build / NETWORK_DIR)
    meta = json.loads((build / META_FILE).read_text(encoding="utf-8"))
    meta["files"] = {k: v for k, v in meta["files"].items() if not k.startswith(f"{NETWORK_DIR}/")}
    meta["files"][NETWORK_FILE] = {"bytes": (build / NETWORK_FILE).stat().st_size,
                                   "sha256": sha256_file(build / NETWORK_FILE)}
    (build / META_FILE).write_text(json.dumps(meta), encoding="utf-8")


def smaps(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of a process in MiB."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, value = line.split(":", 1)
        values[key] = int(value.split()[0]) / 1024
    return values["Rss"], values["Pss"]


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status


def measure(target: Path, label: str, prefix: str, extra: list[str], points: np.ndarray,
            table: DocsTable) -> None:
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "learning_map", "serve", str(target), "--port", str(port), "--workers", "2", *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    try:
        while True:
            try:
                if get(port, "/" if prefix else "/api/city") == 200:
                    break
            except OSError:
                if server.poll() is not None:
                    sys.exit("server did not start")
                time.sleep(0.1)
        ready = time.perf_counter() - started
        first = time.perf_counter()
        get(port, f"{prefix}/api/city")
        first_city = time.perf_counter() - first
        # Four at a time on separate connections: both workers answer (and open the city).
        with ThreadPoolExecutor(4) as pool:
            codes = list(pool.map(
                lambda p: get(port, f"{prefix}/api/reachable?lon={p[0]:.6f}&lat={p[1]:.6f}&minutes=15"),
                points))
        assert codes == [200] * len(points), codes
        workers = children(server.pid)
        rows = [("master", *smaps(server.pid))] + [(f"worker {i + 1}", *smaps(p)) for i, p in enumerate(workers)]
        print(f"\n{label}: ready in {ready:.1f} s; first {prefix or ''}/api/city {first_city * 1000:.0f} ms")
        for name, rss, pss in rows:
            print(f"  {name:9s} RSS {rss:7.0f} MiB   PSS {pss:7.0f} MiB")
        print(f"  total PSS {sum(r[2] for r in rows):.0f} MiB")
        table.row(label, f"{ready:.1f}", f"{first_city * 1000:.0f}", *(f"{rss:,.0f} / {pss:,.0f}" for _, rss, pss in rows[:3]),
                  f"{sum(r[2] for r in rows):,.0f}")
    finally:
        server.terminate()
        server.wait(timeout=30)


def many_cities(root: Path, count: int, side: int, table: DocsTable) -> None:
    """Serve ``count`` cities with a bound of 2 open cities per worker, then with no bound."""
    from learning_map.bundle.national import CityEntry, city_dir, write_index

    national = root / f"national-{count}x{side}"
    if not (national / "cities.json").exists():
        entries = []
        for i in range(count):
            slug = f"city-{i:02d}"
            build_grid_city(city_dir(national, slug), side, x0=300_000.0 + 60_000.0 * (i % 8),
                            y0=2_300_000.0 + 60_000.0 * (i // 8))
            entries.append(CityEntry(slug, f"City {i}", "done"))
        write_index(national, entries)
    slugs = [f"city-{i:02d}" for i in range(count)]
    for bound in (2, count):
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "learning_map", "serve", str(national), "--port", str(port),
             "--workers", "2", "--max-open-cities", str(bound)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONWARNINGS": "ignore"})
        try:
            while True:
                try:
                    if get(port, "/") == 200:
                        break
                except OSError:
                    time.sleep(0.1)
            started = time.perf_counter()
            # Every city twice, two at a time: both workers see (and open) most of them.
            with ThreadPoolExecutor(2) as pool:
                codes = list(pool.map(lambda slug, port=port: get(port, f"/c/{slug}/api/city"), slugs * 2))
            assert codes == [200] * len(codes), codes
            elapsed = time.perf_counter() - started
            workers = children(server.pid)
            print(f"\n{count} cities of {side}x{side} nodes, --max-open-cities {bound}: "
                  f"{2 * count} city requests in {elapsed:.1f} s")
            sizes = [smaps(pid) for pid in workers]
            for i, (rss, pss) in enumerate(sizes):
                print(f"  worker {i + 1}  RSS {rss:7.0f} MiB   PSS {pss:7.0f} MiB")
            table.row(bound, f"{elapsed:.1f}", *(f"{rss:,.0f} / {pss:,.0f}" for rss, pss in sizes[:2]))
        finally:
            server.terminate()
            server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--side", type=int, default=1000, help="grid side (nodes): 1000 gives 1M nodes")
    parser.add_argument("--keep", type=Path, default=None, help="build here and keep (reused when present)")
    parser.add_argument("--cities", type=int, default=0, help="many-cities run: this many cities")
    parser.add_argument("--city-side", type=int, default=300, help="many-cities run: grid side of each")
    add_option(parser)
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp())
    if args.cities:
        table = DocsTable("serve-memory-cities", f"`learning-map serve --workers 2` on a national folder of "
                          f"{args.cities} grid cities of {args.city_side}×{args.city_side} nodes, every city asked "
                          "twice", ["`--max-open-cities`", "2 × cities requests, s", "worker 1 RSS / PSS MiB",
                                    "worker 2 RSS / PSS MiB"], measures=DOCS_MEASURES)
        many_cities(root, args.cities, args.city_side, table)
        if args.write_docs:
            table.write()
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
        return
    mapped, packed, national = root / "grid-mmap", root / "grid-npz", root / "national"
    if not (mapped / "CURRENT").exists():
        t = time.perf_counter()
        build_grid_city(mapped, args.side)
        print(f"built {args.side}x{args.side} grid in {time.perf_counter() - t:.0f} s")
    if not (packed / "CURRENT").exists():
        to_npz(mapped, packed)
    if not national.exists():
        from learning_map.bundle.national import CityEntry, write_index

        (national / "cities").mkdir(parents=True)
        (national / "cities" / "grid").symlink_to(mapped.resolve(), target_is_directory=True)
        write_index(national, [CityEntry("grid", "Grid 1M", "done")])
    from learning_map.bundle.core import current_build, network_path
    from learning_map.walking.network import load_network

    net = load_network(network_path(current_build(mapped)))
    rng = np.random.default_rng(1)
    pick = rng.integers(0, net.node_count, 16)
    points = np.column_stack(net.to_lonlat(net.node_x[pick] + 30, net.node_y[pick] + 10))
    print(f"{net.node_count:,} nodes, {net.edge_count:,} edges")
    table = DocsTable("serve-memory", f"`learning-map serve --workers 2` on a {args.side}×{args.side} grid city "
                      f"({net.node_count:,} nodes, {net.edge_count:,} edges, 200 sites): start and memory after "
                      f"{len(points)} /api/reachable queries", ["network served as", "ready s", "first /api/city ms",
                      "master RSS / PSS MiB", "worker 1 RSS / PSS MiB", "worker 2 RSS / PSS MiB", "total PSS MiB"],
                      measures=DOCS_MEASURES)
    measure(packed, "network.npz (older format)", "", [], points, table)
    measure(mapped, "network/ memory-mapped", "", [], points, table)
    measure(national, "national folder, city opened in each worker", "/c/grid", ["--max-open-cities", "1"], points,
            table)
    if args.write_docs:
        table.write()
    if args.keep is None:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
