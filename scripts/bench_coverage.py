"""
Benchmark: learning-map's coverage against what a user would otherwise pick.

On the same network and sites, time per run:
  engine  - learning-map: one bounded multi-source Dijkstra per category from edge-snapped
            sites, plus the reached network length (partial edges) per category;
  osmnx   - the osmnx isochrone recipe: nearest node per site, one nx.ego_graph per site;
  pandana - contraction-hierarchy build + set_pois + nearest_pois per category;
  floor   - bare scipy.sparse.csgraph.dijkstra(indices=site nodes, min_only=True, limit).

Usage:
  python scripts/bench_coverage.py macau            # ../shared/data/macau extract
  python scripts/bench_coverage.py malta
  python scripts/bench_coverage.py grid             # synthetic 1,000,000-node grid, 5,000 sites
  python scripts/bench_coverage.py all              # each in its own process (peak memory per city)
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from scipy.sparse import csgraph

from learning_map.coverage import node_distances, reachable_intervals
from learning_map.io.osm import read_walk_ways
from learning_map.network import WalkNetwork, build_network
from learning_map.sites import read_osm_sites
from learning_map.snapping import snap_points
from learning_map.synthetic import grid_network

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
EXTRACTS = {
    "macau": SHARED / "macau" / "macau-260220.osm.pbf",
    "malta": SHARED / "malta" / "malta-2018.osm.pbf",
}
WALK_M = 1200.0  # 15 minutes at 4.8 km/h


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


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


def engine(network, x, y, category) -> dict[str, float]:
    snapped = snap_points(network, x, y)
    covered = {}
    for key in np.unique(category):
        sources = snapped.subset(category == key)
        dist = node_distances(network, sources, limit_m=WALK_M)
        covered[key] = reachable_intervals(network, dist, sources, WALK_M).length_m
    return covered


def nearest_nodes(network, x, y) -> np.ndarray:
    from scipy.spatial import cKDTree

    return cKDTree(np.column_stack((network.node_x, network.node_y))).query(np.column_stack((x, y)))[1]


def floor(network, site_node, category) -> None:
    for key in np.unique(category):
        csgraph.dijkstra(network.adjacency, directed=False, indices=site_node[category == key],
                         limit=WALK_M, min_only=True)


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


def pandana_run(network, x, y, category) -> None:
    import pandana
    import pandas as pd

    net = pandana.Network(
        pd.Series(network.node_x), pd.Series(network.node_y),
        pd.Series(network.edge_u), pd.Series(network.edge_v),
        pd.DataFrame({"length": network.edge_length_m}), twoway=True,
    )
    for key in np.unique(category):
        mask = category == key
        net.set_pois(category=str(key), maxdist=WALK_M, maxitems=1,
                     x_col=pd.Series(x[mask]), y_col=pd.Series(y[mask]))
        net.nearest_pois(WALK_M, str(key), num_pois=1)


def run(name: str, *, skip_osmnx: bool, skip_pandana: bool, repeat: int) -> None:
    t0 = time.perf_counter()
    network, x, y, category = load_city(name)
    load_s = time.perf_counter() - t0
    _ = network.adjacency, network.edge_tree  # built once at bundle load, shared by all runs
    print(f"\n== {name}: {network.node_count:,} nodes, {network.edge_count:,} edges, "
          f"{len(x):,} sites in {len(np.unique(category))} categories (load {load_s:.1f} s)")
    engine_s = best_of(lambda: engine(network, x, y, category), repeat)
    site_node = nearest_nodes(network, x, y)
    floor_s = best_of(lambda: floor(network, site_node, category), repeat)
    print(f"engine (snap + search + partial edges, all categories): {engine_s * 1000:9.1f} ms")
    print(f"bare scipy multi-source Dijkstra (floor):               {floor_s * 1000:9.1f} ms"
          f"   engine/floor = {engine_s / floor_s:.2f}x")
    print(f"peak memory so far (network, engine, floor): {peak_rss_mb():,.0f} MB")
    if not skip_pandana:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pandana_s = best_of(lambda: pandana_run(network, x, y, category), 1)
        print(f"pandana (CH build + nearest_pois):                      {pandana_s * 1000:9.1f} ms"
              f"   pandana/engine = {pandana_s / engine_s:.1f}x")
    if not skip_osmnx:
        G = to_networkx(network)
        osmnx_s = best_of(lambda: osmnx_recipe(G, network, x, y, category), 1)
        print(f"osmnx recipe (ego_graph per site):                      {osmnx_s * 1000:9.1f} ms"
              f"   osmnx/engine = {osmnx_s / engine_s:.0f}x")
    print(f"peak memory of this process (with the other tools): {peak_rss_mb():,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("city", choices=["macau", "malta", "grid", "all"])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-osmnx", action="store_true")
    parser.add_argument("--skip-pandana", action="store_true")
    args = parser.parse_args()
    if args.city == "all":
        for city in ("macau", "malta", "grid"):
            # On the grid pandana's CH build ran over 11 minutes without finishing (regular
            # grids contract badly), and a 1M-node networkx graph is the osmnx recipe's own limit.
            extra = ["--skip-osmnx", "--skip-pandana"] if city == "grid" else []
            subprocess.run([sys.executable, __file__, city, "--repeat", str(args.repeat), *extra],
                           check=True)
        return
    run(args.city, skip_osmnx=args.skip_osmnx, skip_pandana=args.skip_pandana, repeat=args.repeat)


if __name__ == "__main__":
    main()
