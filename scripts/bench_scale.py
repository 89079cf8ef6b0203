"""
Benchmark: a Shanghai-sized city (about 2 M simplified walk nodes, 10,000 sites) on one machine.

Generates (once, cached under tmp/cache/) a perturbed street grid as an .osm.pbf with learning
sites of the seven categories and a population file of zones (learning_map.walking.synthetic), then
times what a city office runs, each step in its own process with its peak memory:

  read      - walkable ways: node refs/s of learning_map.io.pbf (numpy) against the old
              pyosmium loop (one Python object per node ref), on Malta and on the big file;
  build     - `learning-map build` wall and CPU time, peak RSS; the basemap tiles are timed
              on their own (meta.json) and capped with --basemap-max-zoom;
  coverage  - CoverageModel.summary of the 7 categories (15 min) after loading the bundle,
              and `learning-map coverage` end to end;
  serve     - `learning-map serve --workers 2`: seconds until /api/city answers, and RSS/PSS of
              each worker before and after a few /api/reachable queries;
  clipped   - `build --bbox` of a tenth of the area from the same file: peak RSS against the
              whole build (node locations held only around the clip).

The machine is shared: wall times swing with the load; CPU seconds (user+sys) are steadier.

Usage:
  python scripts/bench_scale.py                           # 2,000,000 junctions, 10,000 sites
  python scripts/bench_scale.py --junctions 200000 --sites 1000
  python scripts/bench_scale.py --skip read,clipped       # steps to leave out
  python scripts/bench_scale.py --serve-env LEARNING_MAP_MMAP=1   # hook: try a serve setting
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docs_table import DocsTable, add_option

# What this benchmark measures, by module name (tests/test_docs.py digests their source).
DOCS_MEASURES = ("learning_map.io.pbf", "learning_map.build.pipeline", "learning_map.walking.network", "learning_map.bundle.core",
                 "learning_map.analysis.model", "learning_map.walking.coverage", "learning_map.bundle.basemap")

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "tmp" / "cache"
WORK = ROOT / "tmp" / "bench_scale"
MALTA = ROOT.parent / "shared" / "data" / "malta" / "malta-2018.osm.pbf"
STEPS = ("read", "build", "coverage", "serve", "clipped")


def generate(junctions: int, sites: int, *, seed: int = 0, cache: Path = CACHE) -> tuple[Path, Path, dict]:
    """The cached city: PBF, population zones and the generator's counts (made once)."""
    from learning_map.walking.synthetic import street_grid_osm, zone_population_geojson

    stem = f"grid-{junctions}-{sites}-s{seed}"
    pbf, zones, counts_file = (cache / f"{stem}.osm.pbf", cache / f"{stem}-zones.geojson",
                               cache / f"{stem}.json")
    if not counts_file.exists():
        cache.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        partial = pbf.with_name(pbf.name + ".part.osm.pbf")
        counts = street_grid_osm(partial, junctions=junctions, sites=sites, seed=seed)
        os.replace(partial, pbf)  # a killed run leaves no half file in the cache
        zone_population_geojson(zones, counts["bbox"], seed=seed)
        counts["generate_s"] = round(time.perf_counter() - started, 1)
        counts_file.write_text(json.dumps(counts))
    return pbf, zones, json.loads(counts_file.read_text())


def timed(cmd: list[str], *, env: dict | None = None) -> dict:
    """Run a command under GNU time: wall and CPU seconds, peak RSS (MB), its output."""
    marker = "@@time"
    full = ["/usr/bin/time", "-f", f"{marker} %e %U %S %M", *cmd]
    done = subprocess.run(full, capture_output=True, text=True, env={**os.environ, **(env or {})},
                          check=False)
    line = next(text for text in done.stderr.splitlines() if text.startswith(marker))
    wall, user, system, peak_kb = line.split()[1:]
    if done.returncode:
        sys.stderr.write(done.stderr)
        msg = f"{' '.join(cmd)} failed ({done.returncode})"
        raise RuntimeError(msg)
    return {"wall_s": float(wall), "cpu_s": round(float(user) + float(system), 1),
            "peak_mb": round(int(peak_kb) / 1024), "stdout": done.stdout}


PY = [sys.executable, "-c"]
READ_CODE = """
import json, sys, time
import osmium
from learning_map.io.osm import WAY_TAG_KEYS
from learning_map.io.osm_pass import WayList
from learning_map.io.pbf import read_highways
path, old = sys.argv[1], sys.argv[2] == "1"
started, cpu = time.perf_counter(), time.process_time()
new = read_highways(path, tag_keys=WAY_TAG_KEYS)
out = {"refs": len(new.node_ref), "new_s": time.perf_counter() - started,
       "new_cpu_s": time.process_time() - cpu}
if old:  # what read_osm did before: pyosmium's location cache and a Python loop per node ref
    started, cpu = time.perf_counter(), time.process_time()
    ways = WayList()
    for obj in (osmium.FileProcessor(path, osmium.osm.ALL).with_locations()
                .with_filter(osmium.filter.KeyFilter("highway"))):
        if obj.is_way() and "highway" in obj.tags:
            ways.add(obj)
    out.update(old_s=time.perf_counter() - started, old_cpu_s=time.process_time() - cpu)
print(json.dumps(out))
"""
COVERAGE_CODE = """
import json, sys, time
from learning_map.bundle.core import load_bundle
started = time.perf_counter()
bundle = load_bundle(sys.argv[1])
loaded = time.perf_counter() - started
started = time.perf_counter()
model = bundle.model_for("walk")
model_s = time.perf_counter() - started
runs = []
for _ in range(3):
    started = time.perf_counter()
    table = model.summary(minutes=[15], speed_kmh=4.8)
    runs.append(time.perf_counter() - started)
print(json.dumps({"load_s": loaded, "model_s": model_s, "first_s": runs[0], "best_s": min(runs),
                  "categories": int(table["category"].nunique()),
                  "nodes": bundle.network.node_count, "edges": bundle.network.edge_count,
                  "sites": len(bundle.sites)}))
"""


def read_rates(pbf: Path, *, old_on_big: bool) -> dict:
    """Walkable-way reading speed (node refs/s), new and old, on Malta and the big file."""
    result = {}
    for name, path, old in (("malta", MALTA, True), ("big", pbf, old_on_big)):
        if not path.exists():
            continue
        run = timed([*PY, READ_CODE, str(path), "1" if old else "0"])
        data = json.loads(run["stdout"])
        data["new_peak_mb_with_old"] = run["peak_mb"]
        result[name] = data
    return result


def build(pbf: Path, zones: Path, out: Path, *, max_zoom: int, bbox: str | None = None) -> dict:
    """One `learning-map build` with residents; the basemap's own seconds from meta.json."""
    cmd = [sys.executable, "-m", "learning_map", "build", "--osm", str(pbf),
           "--population", f"{zones}:pop_est", "--elderly-share", "old_per",
           "--basemap-max-zoom", str(max_zoom), "--out", str(out)]
    if bbox:
        cmd += ["--bbox", bbox]
    run = timed(cmd)
    current = (out / "CURRENT").read_text().strip()
    meta = json.loads((out / "builds" / current / "meta.json").read_text())
    basemap = meta.get("basemap") or {}
    return {**{k: run[k] for k in ("wall_s", "cpu_s", "peak_mb")},
            "nodes": meta.get("nodes"), "edges": meta.get("edges"), "sites": meta.get("sites"),
            "basemap_s": basemap.get("seconds"), "basemap_tiles": basemap.get("tiles"),
            "basemap_mb": round((basemap.get("bytes") or 0) / 1e6, 1)}


def coverage(city: Path) -> dict:
    """Coverage of the seven categories: in-process (after loading) and the CLI end to end."""
    data = json.loads(timed([*PY, COVERAGE_CODE, str(city)])["stdout"])
    cli = timed([sys.executable, "-m", "learning_map", "coverage", str(city), "--minutes", "15"])
    data.update(cli_wall_s=cli["wall_s"], cli_peak_mb=cli["peak_mb"])
    return data


def _memory_mb(pid: int) -> tuple[float, float]:
    """RSS and PSS (MB) of one process, from /proc (PSS shares shared pages fairly)."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        parts = line.split()
        if parts[0] in ("Rss:", "Pss:"):
            values[parts[0]] = int(parts[1]) / 1024
    return round(values["Rss:"]), round(values["Pss:"])


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def serve(city: Path, centre: tuple[float, float], *, env: dict, port: int = 8765,
          timeout_s: float = 300) -> dict:
    """Start time of a 2-worker server, and its workers' memory before and after queries."""
    cmd = [sys.executable, "-m", "learning_map", "serve", str(city), "--port", str(port),
           "--workers", "2"]
    started = time.perf_counter()
    server = subprocess.Popen(cmd, env={**os.environ, **env}, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            if server.poll() is not None:
                msg = f"serve exited with {server.returncode}"
                raise RuntimeError(msg)
            try:
                with urllib.request.urlopen(f"{base}/api/city", timeout=5) as reply:
                    reply.read()
                break
            except OSError:
                if time.perf_counter() - started > timeout_s:
                    raise
                time.sleep(0.2)
        # gunicorn forks its workers one after the other: the first may answer before the
        # second exists. The server is up when both are.
        workers = _children(server.pid)
        while len(workers) < 2 and time.perf_counter() - started < timeout_s:
            time.sleep(0.05)
            workers = _children(server.pid)
        start_s = time.perf_counter() - started
        before = [_memory_mb(pid) for pid in workers]
        query_ms = []
        lon, lat = centre
        for k in range(20):  # spread over both workers
            url = f"{base}/api/reachable?lon={lon + 0.01 * (k % 5):.5f}&lat={lat + 0.01 * (k // 5):.5f}"
            t = time.perf_counter()
            with urllib.request.urlopen(url, timeout=120) as reply:
                reply.read()
            query_ms.append((time.perf_counter() - t) * 1000)
        after = [_memory_mb(pid) for pid in workers]
        master = _memory_mb(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    return {"start_s": round(start_s, 1), "workers": len(workers), "master_rss_pss_mb": master,
            "worker_rss_pss_mb_before": before, "worker_rss_pss_mb_after": after,
            "query_ms_median": round(sorted(query_ms)[len(query_ms) // 2], 1)}


def tenth_bbox(bbox: tuple[float, float, float, float]) -> str:
    """The central box of a tenth of the area."""
    west, south, east, north = bbox
    side = 0.1 ** 0.5
    cx, cy, w, h = (west + east) / 2, (south + north) / 2, (east - west) * side, (north - south) * side
    return f"{cx - w / 2:.6f},{cy - h / 2:.6f},{cx + w / 2:.6f},{cy + h / 2:.6f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--junctions", type=int, default=2_000_000)
    parser.add_argument("--sites", type=int, default=10_000)
    parser.add_argument("--basemap-max-zoom", type=int, default=13)
    parser.add_argument("--cache", type=Path, default=CACHE, help="generated cities (kept)")
    parser.add_argument("--work", type=Path, default=WORK, help="bundles and results")
    parser.add_argument("--port", type=int, default=8765, help="port of the measured server")
    parser.add_argument("--skip", default="", help=f"comma-separated steps of {', '.join(STEPS)}")
    parser.add_argument("--old-read-on-big", action="store_true",
                        help="also time the old pyosmium loop on the big file (slow)")
    # Hook for the memory-mapped bundle work: pass its switch to the server's environment.
    parser.add_argument("--serve-env", action="append", default=[], metavar="KEY=VALUE")
    add_option(parser)
    args = parser.parse_args()
    table = DocsTable("scale", f"A generated city of {args.junctions:,} junctions and {args.sites:,} sites "
                      f"(learning_map.walking.synthetic; basemap to zoom {args.basemap_max_zoom}), each step in its "
                      "own process", ["step", "figures"], measures=DOCS_MEASURES)
    skip = {s for s in args.skip.split(",") if s}
    pbf, zones, counts = generate(args.junctions, args.sites, cache=args.cache)
    print(f"city: {pbf.name} ({pbf.stat().st_size / 1e6:.0f} MB), {counts['nodes']:,} OSM nodes, "
          f"{counts['ways']:,} ways, {counts['sites']:,} sites, {counts['side_m'] / 1000:.0f} km square",
          flush=True)
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"city": counts}
    if "read" not in skip:
        results["read"] = read_rates(pbf, old_on_big=args.old_read_on_big)
        print("read", json.dumps(results["read"]), flush=True)
    city = work / f"city-{args.junctions}"
    if "build" not in skip:
        results["build"] = build(pbf, zones, city, max_zoom=args.basemap_max_zoom)
        print("build", json.dumps(results["build"]), flush=True)
    if "coverage" not in skip:
        results["coverage"] = coverage(city)
        print("coverage", json.dumps(results["coverage"]), flush=True)
    if "serve" not in skip:
        env = dict(item.split("=", 1) for item in args.serve_env)
        west, south, east, north = counts["bbox"]
        results["serve"] = serve(city, ((west + east) / 2, (south + north) / 2), env=env,
                                 port=args.port)
        print("serve", json.dumps(results["serve"]), flush=True)
    if "clipped" not in skip:
        box = tenth_bbox(counts["bbox"])
        results["clipped"] = {"bbox": box, **build(pbf, zones, work / f"clip-{args.junctions}",
                                                   max_zoom=args.basemap_max_zoom, bbox=box)}
        print("clipped", json.dumps(results["clipped"]), flush=True)
    (work / f"results-{args.junctions}.json").write_text(json.dumps(results, indent=2))
    for line in print_table(results):
        table.row(*line.split(": ", 1))
    if args.write_docs:
        table.write()


def print_table(results: dict) -> list[str]:
    """The figures, one per line."""
    rows = []
    for name, data in results.get("read", {}).items():
        rate = data["refs"] / data["new_cpu_s"] / 1e6
        line = f"read ways {name}: {data['refs']:,} refs, new {data['new_s']:.2f} s ({rate:.1f} M refs/s CPU)"
        if "old_s" in data:
            line += f", old {data['old_s']:.2f} s ({data['refs'] / data['old_cpu_s'] / 1e6:.2f} M refs/s CPU)"
        rows.append(line)
    for step in ("build", "clipped"):
        if step in results:
            b = results[step]
            rows.append(f"{step}: {b['wall_s']:.0f} s wall, {b['cpu_s']:.0f} s CPU, peak {b['peak_mb']:,} MB;"
                        f" {b['nodes']:,} nodes, {b['edges']:,} edges, {b['sites']:,} sites;"
                        f" basemap {b['basemap_s']} s, {b['basemap_tiles']:,} tiles, {b['basemap_mb']} MB")
    if "coverage" in results:
        c = results["coverage"]
        rows.append(f"coverage 7 categories: first {c['first_s']:.2f} s, best {c['best_s']:.2f} s"
                    f" (bundle load {c['load_s']:.1f} s, model {c['model_s']:.1f} s); CLI {c['cli_wall_s']:.1f} s, peak {c['cli_peak_mb']:,} MB")
    if "serve" in results:
        s = results["serve"]
        rows.append(f"serve: up in {s['start_s']} s, {s['workers']} workers RSS/PSS MB before"
                    f" {s['worker_rss_pss_mb_before']}, after queries {s['worker_rss_pss_mb_after']},"
                    f" master {s['master_rss_pss_mb']}; /api/reachable median {s['query_ms_median']} ms")
    print("\n".join(rows))
    return rows


if __name__ == "__main__":
    main()
