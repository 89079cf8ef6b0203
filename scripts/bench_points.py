"""
Benchmark: point queries (what a click on the citizen map costs), compute and HTTP.

compute  PointQueries.reachable (sites + isochrone, as /api/reachable), reachable without the
         area, route and walk_to, on N warm random in-town points: best, median and p95 ms.
         Cities: macau (data/macau, built into a temp folder) and grid (a synthetic
         1000 x 1000 = 1,000,000-node street grid with 5,000 sites).
http     /api/reachable under Debian's `wrk` (a compiled load generator, so the client does
         not eat the server's CPU) against `learning-map serve` (gunicorn, 2 sync workers),
         8 concurrent connections, random in-town points from a Lua script: req/s and p95.
         Install wrk with `apt-get install -y wrk`.

Run "before" figures by pointing PYTHONPATH at an older checkout of the package.

Usage:
  python scripts/bench_points.py compute macau [--n 300]
  python scripts/bench_points.py compute grid [--n 300]
  python scripts/bench_points.py http [--bundle DIR] [--seconds 20] [--connections 8] [--workers 2]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docs_table import DocsTable, add_option

# What this benchmark measures, by module name (tests/test_docs.py digests their source).
DOCS_MEASURES = ("learning_map.analysis.query", "learning_map.walking.coverage", "learning_map.walking.isochrones",
                 "learning_map.analysis.reach_index", "learning_map.walking.engine", "learning_map.walking.snapping")

REPO = Path(__file__).resolve().parents[1]
MACAU_PBF = REPO / "data" / "macau" / "macau-260220.osm.pbf"


def machine() -> str:
    cpu = "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"


def macau_bundle(bundle: Path | None) -> Path:
    if bundle is not None:
        return bundle
    out = Path(tempfile.mkdtemp()) / "macau"
    subprocess.run([sys.executable, "-m", "learning_map", "build", "--osm", str(MACAU_PBF), "--out", str(out)],
                   check=True, stdout=subprocess.DEVNULL)
    return out


def grid_model():
    """A 1,000,000-node grid (80 m blocks) in UTM 49N near Guangzhou, with 5,000 sites."""
    import geopandas as gpd

    from learning_map.analysis.model import CoverageModel
    from learning_map.walking.synthetic import grid_network

    network = grid_network(1000, 1000, spacing_m=80.0, crs="EPSG:32649")
    network.node_x += 500_000.0
    network.node_y += 2_500_000.0
    network.edge_coords += (500_000.0, 2_500_000.0)
    rng = np.random.default_rng(42)
    n = 5000
    x = 500_000.0 + rng.uniform(0, 999 * 80.0, n)
    y = 2_500_000.0 + rng.uniform(0, 999 * 80.0, n)
    lon, lat = network.to_lonlat(x, y)
    sites = gpd.GeoDataFrame(
        {"site_id": [f"s{i}" for i in range(n)], "name": [f"Site {i}" for i in range(n)],
         "category": rng.choice(["library", "community_learning", "elderly_education", "school"], n)},
        geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326",
    )
    return CoverageModel(network, sites)


def in_town_points(network, n: int, seed: int = 0) -> np.ndarray:
    """Random WGS84 points within 50 m of random nodes (in town, not at sea)."""
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, network.node_count, n)
    x = network.node_x[pick] + rng.uniform(-50, 50, n)
    y = network.node_y[pick] + rng.uniform(-50, 50, n)
    lon, lat = network.to_lonlat(x, y)
    return np.column_stack((lon, lat))


def figures(fn, points: np.ndarray) -> tuple[float, float, float, float, float]:
    """
    (best, median, p95) wall-clock ms and (median, p95) CPU ms of this thread, after warming up.

    On a machine shared with other jobs the wall clock includes waiting for a core; the
    thread's CPU time does not, so both are printed.
    """
    for lon, lat in points[:10]:
        fn(lon, lat)
    wall, cpu = [], []
    for lon, lat in points:
        start, start_cpu = time.perf_counter(), time.thread_time()
        fn(lon, lat)
        cpu.append(time.thread_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    ms, cpu_ms = np.asarray(wall) * 1000, np.asarray(cpu) * 1000
    return (float(ms.min()), float(statistics.median(ms)), float(np.percentile(ms, 95)),
            float(statistics.median(cpu_ms)), float(np.percentile(cpu_ms, 95)))


def compute(city_name: str, n: int, bundle: Path | None, *, write_docs: bool = False) -> None:
    from learning_map.analysis.query import PointQueries
    from learning_map.base.units import minutes_to_metres
    from learning_map.errors import NoMatchError

    started = time.perf_counter()
    city = None
    if city_name == "grid":
        model = grid_model()
    else:
        from learning_map.bundle.core import load_bundle

        city = load_bundle(macau_bundle(bundle))
        model = city.model
    queries = PointQueries(model)
    if city is not None and hasattr(queries, "_sites_by_edge"):
        from learning_map.web.service import point_queries

        queries = point_queries(city, "walk")  # with the build's stored index, as the server
    network = model.network
    _ = network.adjacency, network.vertex_keys, network.node_edges
    print(f"{city_name}: {network.node_count:,} nodes, {network.edge_count:,} edges, {len(model.sites):,} sites;"
          f" loaded in {time.perf_counter() - started:.1f} s")
    print(f"machine: {machine()}")
    table = DocsTable(f"points-{city_name}", f"Point queries (a click), {city_name}: {network.node_count:,} nodes, "
                      f"{len(model.sites):,} sites; {n} random in-town points, 15 minutes at 4.8 km/h",
                      ["", "wall best ms", "wall median ms", "wall p95 ms", "CPU median ms", "CPU p95 ms"],
                      measures=DOCS_MEASURES)
    if hasattr(queries, "_sites_by_edge"):  # this version: the reach index (stored or built here)
        start = time.perf_counter()
        index = queries.reach_index
        print(f"reach index: {len(index.site):,} (node, site) pairs within {index.limit_m:.0f} m,"
              f" {'memory-mapped from the build' if isinstance(index.site, np.memmap) else 'built in memory'}"
              f" in {time.perf_counter() - start:.2f} s")
    points = in_town_points(network, n)
    site_ids = model.sites["site_id"].astype(str).to_numpy()
    near = {}

    def reachable(lon, lat):
        near[(lon, lat)] = queries.reachable(lon, lat, minutes=15, speed_kmh=4.8)

    def sites_only(lon, lat):
        queries.reachable(lon, lat, minutes=15, speed_kmh=4.8, area=False)

    def route(lon, lat):
        found = near.get((lon, lat))
        if found is None or not len(found.site_index):
            return  # no site within 15 minutes: counted as a no-op (see the printed count)
        with contextlib.suppress(NoMatchError):  # an unreachable site is a fair answer too
            queries.route(lon, lat, site_ids[found.site_index[-1]])

    targets = model.site_points
    horizon = float(minutes_to_metres(15, 4.8))

    def walk_to(lon, lat):
        queries.walk_to(lon, lat, targets, limit_m=horizon)

    for label, fn in (("reachable + area (the API)", reachable), ("sites only (reach index)", sites_only),
                      ("route to the farthest site", route), ("walk_to all sites, 15 min", walk_to)):
        best, median, p95, cpu_median, cpu_p95 = figures(fn, points)
        if fn is route:
            label = f"{label} ({sum(len(r.site_index) > 0 for r in near.values())} pts)"
        print(f"  {label:30s} wall: best {best:6.3f} median {median:6.3f} p95 {p95:6.3f} ms;"
              f"  CPU: median {cpu_median:6.3f} p95 {cpu_p95:6.3f} ms  ({len(points)} points)")
        table.row(label, *(f"{v:.3f}" for v in (best, median, p95, cpu_median, cpu_p95)))
    if write_docs:
        table.write()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


LUA = """
-- Random in-town points for /api/reachable, read from a file of "lon lat" lines.
local points = {}
for line in io.lines("%(points)s") do
  local lon, lat = line:match("([^ ]+) ([^ ]+)")
  points[#points + 1] = {lon, lat}
end
math.randomseed(%(seed)d)
request = function()
  local p = points[math.random(#points)]
  return wrk.format("GET", "/api/reachable?lon=" .. p[1] .. "&lat=" .. p[2] .. "&minutes=15&pace=normal")
end
done = function(summary, latency, requests)
  io.write(string.format("LM p50_ms %%.2f p95_ms %%.2f p99_ms %%.2f requests %%d errors %%d seconds %%.2f\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout, summary.duration / 1e6))
end
"""


def process_tree_cpu_s(root: int) -> float:
    """User + system CPU seconds of a process and all its descendants (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    parent, cpu = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += cpu.get(pid, 0.0)
        todo.extend(child for child, up in parent.items() if up == pid)
    return total


def http_bench(bundle: Path | None, seconds: int, connections: int, workers: int, repeat: int,
               *, write_docs: bool = False) -> None:
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk not found: install it with `apt-get install -y wrk` (Debian's compiled load generator)")
    bundle = macau_bundle(bundle)
    from learning_map.bundle.core import load_bundle

    network = load_bundle(bundle).network
    work = Path(tempfile.mkdtemp())
    points_file = work / "points.txt"
    points_file.write_text("".join(f"{lon:.6f} {lat:.6f}\n" for lon, lat in in_town_points(network, 5000)))
    script = work / "reachable.lua"
    script.write_text(LUA % {"points": points_file, "seed": 7})
    # The framework's own ceiling: the same server answering a request that does no work
    # (a 404 JSON error from Flask), so the figures show what is left for the query.
    ceiling = work / "ceiling.lua"
    ceiling.write_text((LUA % {"points": points_file, "seed": 7}).replace(
        '"/api/reachable?lon=" .. p[1] .. "&lat=" .. p[2] .. "&minutes=15&pace=normal"',
        '"/api/no-such-endpoint"'))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "learning_map", "serve", str(bundle.resolve()), "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONWARNINGS": "ignore"},
        cwd=work,  # not the repo: `-m learning_map` would import the checkout ahead of PYTHONPATH
    )
    try:
        deadline = time.time() + 120
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/api/city")
                conn.getresponse().read()
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    sys.exit("server did not start")
                time.sleep(0.3)
        url = f"http://127.0.0.1:{port}"
        # Warm-up: every worker compiles/loads what it needs before the timed runs.
        subprocess.run([wrk, "-t2", f"-c{connections}", "-d3s", "-s", str(script), url],
                       check=True, capture_output=True)
        print(f"machine: {machine()}; gunicorn {workers} sync workers; wrk -t2 -c{connections} -d{seconds}s")
        table = DocsTable("points-http", f"/api/reachable over HTTP: Macau, gunicorn {workers} sync workers, "
                          f"wrk -t2 -c{connections}, {seconds}-second runs",
                          ["", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "server CPU ms/request"],
                          measures=DOCS_MEASURES)
        for _ in range(repeat):
            cpu_before = process_tree_cpu_s(server.pid)
            out = subprocess.run([wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url],
                                 check=True, capture_output=True, text=True).stdout
            line = next(row for row in out.splitlines() if row.startswith("LM "))
            values = dict(zip(line.split()[1::2], line.split()[2::2], strict=True))
            rate = int(values["requests"]) / float(values["seconds"])
            # The server's own CPU per request: what 2 dedicated cores would allow, whatever
            # else the machine is running.
            cpu_ms = (process_tree_cpu_s(server.pid) - cpu_before) * 1000 / int(values["requests"])
            print(f"  /api/reachable: {rate:7.0f} req/s   p50 {values['p50_ms']} ms   p95 {values['p95_ms']} ms"
                  f"   p99 {values['p99_ms']} ms   errors {values['errors']}   server CPU {cpu_ms:.2f} ms/request"
                  f" (<= {workers * 1000 / cpu_ms:.0f} req/s on {workers} free cores)   (load {os.getloadavg()[0]:.1f})")
            table.row("/api/reachable", f"{rate:,.0f}", values["p50_ms"], values["p95_ms"], values["p99_ms"],
                      values["errors"], f"{cpu_ms:.2f}")
        cpu_before = process_tree_cpu_s(server.pid)
        out = subprocess.run([wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(ceiling), url],
                             capture_output=True, text=True).stdout
        line = next(row for row in out.splitlines() if row.startswith("LM "))
        values = dict(zip(line.split()[1::2], line.split()[2::2], strict=True))
        rate = int(values["requests"]) / float(values["seconds"])
        cpu_ms = (process_tree_cpu_s(server.pid) - cpu_before) * 1000 / int(values["requests"])
        print(f"  framework ceiling (a JSON 404, no work): {rate:7.0f} req/s   p50 {values['p50_ms']} ms"
              f"   p95 {values['p95_ms']} ms   server CPU {cpu_ms:.2f} ms/request")
        table.row("a JSON 404 (the framework's ceiling)", f"{rate:,.0f}", values["p50_ms"], values["p95_ms"],
                  values["p99_ms"], values["errors"], f"{cpu_ms:.2f}")
        if write_docs:
            table.write()
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    c = sub.add_parser("compute")
    c.add_argument("city", choices=("macau", "grid"))
    c.add_argument("--n", type=int, default=300)
    c.add_argument("--bundle", type=Path)
    h = sub.add_parser("http")
    h.add_argument("--bundle", type=Path)
    h.add_argument("--seconds", type=int, default=20)
    h.add_argument("--connections", type=int, default=8)
    h.add_argument("--workers", type=int, default=2)
    h.add_argument("--repeat", type=int, default=3)
    for mode in (c, h):
        add_option(mode)
    args = parser.parse_args()
    if args.mode == "compute":
        compute(args.city, args.n, args.bundle, write_docs=args.write_docs)
    else:
        http_bench(args.bundle, args.seconds, args.connections, args.workers, args.repeat,
                   write_docs=args.write_docs)


if __name__ == "__main__":
    main()
