"""
Load benchmark of the citizen web API, on loopback only.

Starts `learning-map serve` on the Macau bundle (built into a temp folder from
../shared/data/macau if no bundle is given), then fires a bounded number of
/api/reachable requests at random in-town points from this second process and
prints p50/p95/p99 latency, requests per second and the error count.

Usage:
  python scripts/bench_web.py [--bundle DIR] [--requests 2000] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docs_table import DocsTable, add_option

# What this benchmark measures, by module name (tests/test_docs.py digests their source).
DOCS_MEASURES = ("learning_map.web", "learning_map.analysis.query", "learning_map.walking.coverage",
                 "learning_map.walking.isochrones", "learning_map.walking.engine")

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "macau"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_bundle(bundle: Path | None) -> Path:
    if bundle is not None:
        return bundle
    out = Path(tempfile.mkdtemp()) / "macau"
    pbf = SHARED / "macau-260220.osm.pbf"
    if not pbf.is_file():
        sys.exit(f"{pbf} not found; pass --bundle DIR")
    subprocess.run([sys.executable, "-m", "learning_map", "build", "--osm", str(pbf), "--out", str(out)],
                   check=True, stdout=subprocess.DEVNULL)
    return out


def query_points(bundle: Path, n: int) -> np.ndarray:
    """Random points within 50 m of random network nodes (in town, not at sea)."""
    from learning_map.bundle.core import current_build, network_path
    from learning_map.walking.network import load_network

    network = load_network(network_path(current_build(bundle)))
    rng = np.random.default_rng(0)
    pick = rng.integers(0, network.node_count, n)
    x = network.node_x[pick] + rng.uniform(-50, 50, n)
    y = network.node_y[pick] + rng.uniform(-50, 50, n)
    lon, lat = network.to_lonlat(x, y)
    return np.column_stack((lon, lat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bundle", type=Path)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--threads", type=int, default=None, help="server threads per worker")
    parser.add_argument("--workers", type=int, default=None, help="server worker processes")
    add_option(parser)
    args = parser.parse_args()
    bundle = ensure_bundle(args.bundle)
    points = query_points(bundle, args.requests)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "learning_map", "serve", str(bundle), "--port", str(port),
         *(["--threads", str(args.threads)] if args.threads else []),
         *(["--workers", str(args.workers)] if args.workers else [])],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    try:
        deadline = time.time() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/api/city")
                conn.getresponse().read()
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    sys.exit("server did not start")
                time.sleep(0.2)
        latencies = np.zeros(args.requests)
        status = np.zeros(args.requests, dtype=int)
        next_index = iter(range(args.requests))
        lock = threading.Lock()

        def worker() -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while True:
                with lock:
                    i = next(next_index, None)
                if i is None:
                    return
                lon, lat = points[i]
                path = f"/api/reachable?lon={lon:.6f}&lat={lat:.6f}&minutes=15&pace=normal"
                start = time.perf_counter()
                try:
                    conn.request("GET", path)
                    response = conn.getresponse()
                    response.read()
                    status[i] = response.status
                except OSError:
                    status[i] = -1
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                latencies[i] = time.perf_counter() - start

        # Warm-up, then the timed run.
        threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        ms = latencies * 1000
        errors = int((status != 200).sum())
        print(f"{args.requests} requests, {args.concurrency} concurrent, bundle {bundle}")
        print(f"p50 {np.percentile(ms, 50):.1f} ms   p95 {np.percentile(ms, 95):.1f} ms   "
              f"p99 {np.percentile(ms, 99):.1f} ms")
        print(f"{args.requests / elapsed:.0f} requests/s   errors: {errors}")
        if args.write_docs:
            table = DocsTable("web", f"/api/reachable over loopback: Macau, `learning-map serve` "
                              f"(defaults unless the command says), {args.requests:,} requests at random in-town "
                              f"points, {args.concurrency} concurrent from one Python client on the same cores",
                              ["p50 ms", "p95 ms", "p99 ms", "requests/s", "errors"], measures=DOCS_MEASURES)
            table.row(*(f"{np.percentile(ms, q):.1f}" for q in (50, 95, 99)), f"{args.requests / elapsed:,.0f}",
                      errors)
            table.write()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
