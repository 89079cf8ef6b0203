"""
The engine against an independent networkx Dijkstra on the real Macau extract.

The reference graph is built here from the raw OSM ways: every node, every segment
(unsimplified), sites snapped with geopandas' sjoin_nearest and joined to their
segment's ends. Walking distances to the nearest library must agree within 1 m.
"""

from __future__ import annotations

import geopandas as gpd
import networkx as nx
import numpy as np
import pyproj
import pytest
import shapely

from learning_map.city.sites import read_osm_sites
from learning_map.io.osm import read_walk_ways
from learning_map.walking.coverage import node_distances
from learning_map.walking.network import build_network
from learning_map.walking.snapping import snap_points

pytestmark = pytest.mark.slow


def reference_graph(ways, crs):
    """Unsimplified undirected graph of every OSM segment (metres), and its segments."""
    transformer = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    x, y = transformer.transform(ways.lon, ways.lat)
    way_id = np.repeat(np.arange(ways.way_count), np.diff(np.append(ways.way_start, len(x))))
    a = np.arange(len(x) - 1)
    same_way = (way_id[a] == way_id[a + 1]) & np.isfinite(x[a]) & np.isfinite(x[a + 1])
    a = a[same_way & (ways.node_ref[a] != ways.node_ref[a + 1])]
    b = a + 1
    G = nx.Graph()
    length = np.hypot(x[b] - x[a], y[b] - y[a])
    for i, j, w in zip(ways.node_ref[a], ways.node_ref[b], length, strict=True):
        if not G.has_edge(i, j) or G[i][j]["weight"] > w:
            G.add_edge(int(i), int(j), weight=float(w))
    segments = gpd.GeoDataFrame(
        {"a": ways.node_ref[a], "b": ways.node_ref[b], "length": length},
        geometry=shapely.linestrings(
            np.stack([np.column_stack((x[a], y[a])), np.column_stack((x[b], y[b]))], axis=1)
        ),
        crs=crs,
    )
    return G, segments


def test_distance_to_nearest_library_matches_networkx(macau_pbf):
    ways = read_walk_ways(macau_pbf)
    network = build_network(ways)
    sites = read_osm_sites(macau_pbf)
    libraries = sites[sites["category"] == "library"].to_crs(network.crs)

    G, segments = reference_graph(ways, network.crs)
    main = max(nx.connected_components(G), key=len)
    segments = segments[segments["a"].isin(main)]
    snapped_ref = gpd.sjoin_nearest(libraries[["geometry"]], segments, distance_col="access")
    snapped_ref = snapped_ref[~snapped_ref.index.duplicated()]
    for k, row in enumerate(snapped_ref.itertuples()):
        segment = segments.geometry.loc[row.index_right]
        t = segment.project(row.geometry)
        G.add_edge(("library", k), int(row.a), weight=row.access + t)
        G.add_edge(("library", k), int(row.b), weight=row.access + row.length - t)
    expected = nx.multi_source_dijkstra_path_length(
        G, {("library", k) for k in range(len(snapped_ref))}
    )

    snapped = snap_points(network, libraries.geometry.x.to_numpy(), libraries.geometry.y.to_numpy())
    assert snapped.on_network.all()
    dist = node_distances(network, snapped)

    rng = np.random.default_rng(0)
    in_main = np.flatnonzero(np.isin(network.node_osmid, list(main)))
    sample = rng.choice(in_main, size=300, replace=False)
    ours = dist[sample]
    theirs = np.array([expected[int(network.node_osmid[i])] for i in sample])
    assert np.isfinite(ours).all()
    np.testing.assert_allclose(ours, theirs, atol=1.0)
    assert theirs.max() > 1000  # the sample spans real walks, not just next-door nodes
