"""
Benchmark: learning-map's coverage against what a user would otherwise pick.

On the same network and sites, each peer in its fairest configuration (imports and one-off
set-up outside the timed region and reported on their own; best and median of N warm runs;
the engine, its search alone, the previous engine and the floor take their runs in turn):
  engine    - learning-map: one bounded multi-source Dijkstra per category from edge-snapped
              sites (snapped once, timed apart; learning_map.walking.engine, numba), plus the reached network length (partial
              edges) per category; also its searches alone, and the previous scipy search
              from a virtual source row;
  floor     - bare scipy.sparse.csgraph.dijkstra(directed=True on the symmetric matrix: the same
              answer as directed=False, 30-50% faster), indices=site nodes, min_only, limit;
  networkx  - what a networkx user writes: one multi_source_dijkstra_path_length per category;
  cityseer  - layers.compute_accessibilities (Rust core): nearest site of each category from
              every node within the limit, one call for all categories; graph set-up apart;
  pandana   - set_pois + nearest_pois per category; the contraction-hierarchy build apart,
              with the OpenMP thread count stated (OMP_NUM_THREADS);
  osmnx     - the osmnx notebook isochrone recipe: nearest node per site, one ego_graph per site.

Peers: pandana and networkx/osmnx come with requirements-dev.txt; cityseer with
`.venv/bin/pip install -r requirements-bench.txt`. A peer that cannot be imported is skipped
with the reason printed; the others still run.

Usage:
  python scripts/bench_coverage.py macau            # the Macau extract (data/macau/)
  python scripts/bench_coverage.py malta
  python scripts/bench_coverage.py grid             # synthetic 1,000,000-node grid, 5,000 sites
  python scripts/bench_coverage.py all              # each in its own process (peak memory per city)
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from scipy.sparse import csgraph

from learning_map.city.sites import read_osm_sites
from learning_map.io.osm import read_walk_ways
from learning_map.walking.coverage import _with_super_source, node_distances, reachable_intervals
from learning_map.walking.network import WalkNetwork, build_network
from learning_map.walking.snapping import snap_points
from learning_map.walking.synthetic import grid_network

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docs_table import DocsTable, add_option

# What this benchmark measures, by module name (tests/test_docs.py digests their source).
DOCS_MEASURES = ("learning_map.walking.engine", "learning_map.walking.coverage", "learning_map.walking.snapping",
                 "learning_map.walking.network")

os.environ.setdefault("CITYSEER_QUIET_MODE", "1")  # no progress bars in the printed figures
REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LEARNING_MAP_SHARED_DATA", REPO.parent / "shared" / "data"))
EXTRACTS = {
    "macau": REPO / "data" / "macau" / "macau-260220.osm.pbf",  # shipped with the repository
    "malta": SHARED / "malta" / "malta-2018.osm.pbf",
}
WALK_M = 1200.0  # 15 minutes at 4.8 km/h
PEERS = ("networkx", "cityseer", "pandana", "osmnx")
PEER_INSTALL = {"cityseer": "pip install -r requirements-bench.txt"}  # else requirements-dev.txt


def unavailable_peers(skip: set[str]) -> dict[str, str]:
    """Why each peer not skipped cannot run here (it does not import), by peer."""
    reasons = {}
    for peer in PEERS:
        if peer in skip:
            continue
        try:
            importlib.import_module(peer)  # also keeps the import out of the timed region
        except ImportError as error:
            how = PEER_INSTALL.get(peer, "pip install -r requirements-dev.txt")
            reasons[peer] = f"{error} (install: {how})"
    return reasons


def timed(fn, repeat: int) -> tuple[float, float]:
    """(best, median) seconds of ``repeat`` runs after one warm-up run."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def timed_together(fns: dict[str, object], repeat: int) -> dict[str, tuple[float, float]]:
    """
    (best, median) seconds of each function, their runs taken in turn after one warm-up each.

    Interleaved, so a ratio between them compares runs made under the same load (on a
    shared machine another process can slow one block of runs and not the next).
    """
    for fn in fns.values():
        fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: (min(t), statistics.median(t)) for name, t in times.items()}


def once(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"load average {os.getloadavg()[0]:.1f}")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_city(name: str) -> tuple[WalkNetwork, np.ndarray, np.ndarray, np.ndarray]:
    """Network plus site x, y (network CRS) and category labels."""
    if name == "grid":
        network = grid_network(1000, 1000, spacing_m=80.0)
        rng = np.random.default_rng(42)
        n_sites = 5000
        x = rng.uniform(0, 999 * 80.0, n_sites)
        y = rng.uniform(0, 999 * 80.0, n_sites)
        category = rng.choice(["library", "community_learning", "elderly_education", "school"], n_sites)
        return network, x, y, category
    path = EXTRACTS[name]
    if not path.is_file():
        sys.exit(f"{path} not found: the shared/data folder must sit beside the repo")
    network = build_network(read_walk_ways(path))
    sites = read_osm_sites(path)
    xy = sites.geometry.to_crs(network.crs)
    return network, xy.x.to_numpy(), xy.y.to_numpy(), sites["category"].to_numpy()


def engine(network, snapped, category) -> dict[str, float]:
    covered = {}
    for key in np.unique(category):
        sources = snapped.subset(category == key)
        dist = node_distances(network, sources, limit_m=WALK_M)
        covered[key] = reachable_intervals(network, dist, sources, WALK_M).length_m
    return covered


def engine_search(network, snapped, category) -> None:
    """The engine's searches alone (sites snapped beforehand): what the floor column does."""
    for key in np.unique(category):
        node_distances(network, snapped.subset(category == key), limit_m=WALK_M)


def scipy_super_source(network, snapped, category) -> None:
    """The previous engine: scipy's Dijkstra from a virtual source row (a copy of the matrix)."""
    for key in np.unique(category):
        graph, source = _with_super_source(network, snapped.subset(category == key))
        csgraph.dijkstra(graph, directed=True, indices=source, limit=WALK_M)


def nearest_nodes(network, x, y) -> np.ndarray:
    from scipy.spatial import cKDTree

    return cKDTree(np.column_stack((network.node_x, network.node_y))).query(np.column_stack((x, y)))[1]


def floor(network, site_node, category) -> None:
    # The matrix holds both directions of every edge, so directed=True is the same search
    # without scipy symmetrising it on every call.
    for key in np.unique(category):
        csgraph.dijkstra(network.adjacency, directed=True, indices=site_node[category == key],
                         limit=WALK_M, min_only=True)


def networkx_run(G, site_node, category) -> dict[str, int]:
    import networkx as nx

    reached = {}
    for key in np.unique(category):
        sources = {int(n) for n in site_node[category == key]}
        reached[key] = len(nx.multi_source_dijkstra_path_length(G, sources, cutoff=WALK_M,
                                                                 weight="length"))
    return reached


def to_cityseer(network):
    """cityseer's nodes GeoDataFrame and Rust NetworkStructure, from the same edges and geometry."""
    import networkx as nx
    import shapely
    from cityseer.tools import io as cityseer_io

    G = nx.MultiGraph()
    G.graph["crs"] = network.crs
    G.add_nodes_from((str(i), {"x": float(px), "y": float(py)})  # cityseer wants string keys
                     for i, (px, py) in enumerate(zip(network.node_x, network.node_y, strict=True)))
    for u, v, geom in zip(network.edge_u, network.edge_v, network.edge_geometry, strict=True):
        if u != v and shapely.length(geom) > 0:
            G.add_edge(str(u), str(v), geom=geom)
    nodes_gdf, _edges_gdf, structure = cityseer_io.network_structure_from_nx(G)
    return nodes_gdf, structure


def cityseer_run(nodes_gdf, structure, x, y, category, crs) -> None:
    import geopandas as gpd
    from cityseer.metrics import layers

    data = gpd.GeoDataFrame({"category": category}, geometry=gpd.points_from_xy(x, y), crs=crs)
    layers.compute_accessibilities(
        data, landuse_column_label="category", accessibility_keys=[str(k) for k in np.unique(category)],
        nodes_gdf=nodes_gdf, network_structure=structure, distances=[int(WALK_M)], decay_fn="1",
    )


def osmnx_recipe(G, network, x, y, category) -> dict[str, int]:
    import networkx as nx
    import osmnx as ox

    site_node = ox.distance.nearest_nodes(G, x, y)
    reached = {}
    for key in np.unique(category):
        nodes = set()
        for node in site_node[category == key]:
            nodes.update(nx.ego_graph(G, node, radius=WALK_M, distance="length").nodes)
        reached[key] = len(nodes)
    return reached


def to_networkx(network):
    import networkx as nx

    G = nx.MultiGraph()
    G.graph["crs"] = network.crs
    G.add_nodes_from(
        (int(i), {"x": float(px), "y": float(py)})
        for i, (px, py) in enumerate(zip(network.node_x, network.node_y, strict=True))
    )
    G.add_edges_from(
        (int(u), int(v), {"length": float(w)})
        for u, v, w in zip(network.edge_u, network.edge_v, network.edge_length_m, strict=True)
    )
    return G


def pandana_network(network):
    import pandana
    import pandas as pd

    return pandana.Network(
        pd.Series(network.node_x), pd.Series(network.node_y),
        pd.Series(network.edge_u), pd.Series(network.edge_v),
        pd.DataFrame({"length": network.edge_length_m}), twoway=True,
    )


def pandana_run(net, x, y, category) -> None:
    import pandas as pd

    for key in np.unique(category):
        mask = category == key
        net.set_pois(category=str(key), maxdist=WALK_M, maxitems=1,
                     x_col=pd.Series(x[mask]), y_col=pd.Series(y[mask]))
        net.nearest_pois(WALK_M, str(key), num_pois=1)


def row(label: str, best_s: float, median_s: float, engine_best_s: float | None = None,
        table: DocsTable | None = None) -> None:
    ratio = f"   {best_s / engine_best_s:7.1f}x the engine" if engine_best_s else ""
    print(f"{label:<46} best {best_s * 1000:9.1f} ms  median {median_s * 1000:9.1f} ms{ratio}")
    if table is not None:
        table.row(label, f"{best_s * 1000:,.1f}", f"{median_s * 1000:,.1f}",
                  f"{best_s / engine_best_s:,.1f}×" if engine_best_s else "")


def run(name: str, *, skip: set[str], repeat: int, write_docs: bool = False) -> None:
    t0 = time.perf_counter()
    network, x, y, category = load_city(name)
    load_s = time.perf_counter() - t0
    _ = network.adjacency, network.edge_tree  # built once at bundle load, shared by all runs
    print(f"\n== {name}: {network.node_count:,} nodes, {network.edge_count:,} edges, "
          f"{len(x):,} sites in {len(np.unique(category))} categories (load {load_s:.1f} s)")
    print(f"   machine: {machine()}")
    table = DocsTable(f"coverage-{name}", f"Coverage of every category, {name}: "
                      f"{network.node_count:,} nodes, {len(x):,} sites, {len(np.unique(category))} categories, "
                      f"{WALK_M:.0f} m (best and median of {repeat} runs)",
                      ["", "best ms", "median ms", "vs engine"], measures=DOCS_MEASURES)
    unavailable = unavailable_peers(skip)
    for peer, reason in unavailable.items():
        print(f"   {peer}: skipped, {reason}")
        table.note(f"{peer}: not run here ({reason.split(' (install')[0]}).")
    skip = skip | set(unavailable)
    slow_repeat = max(1, min(repeat, 3))  # for peers that take seconds per run
    # Like the floor's nearest nodes, snapping the sites is one-off set-up (done once per
    # city at load): timed on its own.
    snap_s = once(lambda: snap_points(network, x, y))
    snapped = snap_points(network, x, y)
    site_node = nearest_nodes(network, x, y)
    found = timed_together({
        "engine": lambda: engine(network, snapped, category),
        "floor": lambda: floor(network, site_node, category),
        "search": lambda: engine_search(network, snapped, category),
        "super": lambda: scipy_super_source(network, snapped, category),
    }, repeat)
    (engine_best, engine_median), (floor_best, floor_median) = found["engine"], found["floor"]
    (search_best, search_median), (super_best, super_median) = found["search"], found["super"]
    print(f"   set-up: snapping the sites to edges {snap_s * 1000:.1f} ms (once per city)")
    row("engine (search + partial edges)", engine_best, engine_median, table=table)
    row("engine search only (numba, sites snapped)", search_best, search_median, table=table)
    row("scipy from a virtual source (previous engine)", super_best, super_median, table=table)
    row("bare scipy multi-source Dijkstra (floor)", floor_best, floor_median, table=table)
    table.note(f"Engine / floor: {engine_best / floor_best:.2f}× (best), {engine_median / floor_median:.2f}× "
               f"(median); search alone / floor: {search_best / floor_best:.2f}× (best). Snapping the sites "
               f"(once per city): {snap_s * 1000:.1f} ms.")
    print(f"   engine/floor = {engine_best / floor_best:.2f}x (best), "
          f"{engine_median / floor_median:.2f}x (median); search alone/floor = "
          f"{search_best / floor_best:.2f}x (best), {search_median / floor_median:.2f}x (median)")
    print(f"   peak memory so far (network, engine, floor): {peak_rss_mb():,.0f} MB")
    if "networkx" not in skip or "osmnx" not in skip:
        import networkx  # noqa: F401  (import outside the timed region)

        G = to_networkx(network)
    if "networkx" not in skip:
        best, median = timed(lambda: networkx_run(G, site_node, category), slow_repeat)
        row("networkx multi_source_dijkstra per category", best, median, engine_best, table)
    if "cityseer" not in skip:
        import warnings

        import cityseer  # noqa: F401

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            setup_s = once(lambda: to_cityseer(network))
            nodes_gdf, structure = to_cityseer(network)
            best, median = timed(lambda: cityseer_run(nodes_gdf, structure, x, y, category, network.crs),
                                 slow_repeat)
        print(f"   cityseer graph set-up (networkx -> NetworkStructure): {setup_s * 1000:.0f} ms")
        table.note(f"cityseer's graph set-up (networkx to NetworkStructure): {setup_s * 1000:,.0f} ms.")
        row("cityseer compute_accessibilities", best, median, engine_best, table)
    if "pandana" not in skip:
        import warnings

        import pandana  # noqa: F401

        threads = os.environ.get("OMP_NUM_THREADS", "unset (OpenMP default: every core)")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ch_s = [once(lambda: pandana_network(network)) for _ in range(slow_repeat)]
            net = pandana_network(network)
            best, median = timed(lambda: pandana_run(net, x, y, category), slow_repeat)
        print(f"   pandana CH build (OMP_NUM_THREADS={threads}): best {min(ch_s) * 1000:.0f} ms, "
              f"median {statistics.median(ch_s) * 1000:.0f} ms (once per network)")
        row("pandana set_pois + nearest_pois", best, median, engine_best, table)
        print(f"   pandana with its CH build in each run: {(min(ch_s) + best) / engine_best:.1f}x the engine")
        table.note(f"pandana's contraction-hierarchy build (OMP_NUM_THREADS={threads}): "
                   f"{min(ch_s) * 1000:,.0f} ms, once per network.")
    if "osmnx" not in skip:
        import osmnx  # noqa: F401

        best, median = timed(lambda: osmnx_recipe(G, network, x, y, category), slow_repeat)
        row("osmnx recipe (ego_graph per site)", best, median, engine_best, table)
    print(f"   peak memory of this process (with the other tools): {peak_rss_mb():,.0f} MB")
    table.note(f"Peak memory of the process (network, engine, floor, peers): {peak_rss_mb():,.0f} MB.")
    if write_docs:
        table.write()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("city", choices=["macau", "malta", "grid", "all"])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip", action="append", default=[], choices=PEERS,
                        help="leave a peer out (repeatable)")
    add_option(parser)
    args = parser.parse_args()
    if args.city == "all":
        for city in ("macau", "malta", "grid"):
            # On the grid pandana's CH build ran over 11 minutes without finishing (regular
            # grids contract badly), and 1M-node networkx graphs (networkx, osmnx, cityseer's
            # set-up) are those tools' own limit.
            extra = [a for peer in PEERS for a in ("--skip", peer)] if city == "grid" else []
            extra += [a for peer in args.skip for a in ("--skip", peer)]
            extra += ["--write-docs"] if args.write_docs else []
            subprocess.run([sys.executable, __file__, city, "--repeat", str(args.repeat), *extra],
                           check=True)
        return
    run(args.city, skip=set(args.skip), repeat=args.repeat, write_docs=args.write_docs)


if __name__ == "__main__":
    main()
