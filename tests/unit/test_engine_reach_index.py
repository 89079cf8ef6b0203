"""Node -> sites index (learning_map.analysis.reach_index) on a hand-built street with known walks."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest

from learning_map.analysis.model import CoverageModel
from learning_map.analysis.query import PointQueries
from learning_map.analysis.reach_index import build_reach_index, load_reach_index, write_reach_index
from learning_map.walking.synthetic import network_from_edges


@pytest.fixture
def street():
    # A(0) --100-- B(1) --200-- C(2) --300-- D(3) along x, in UTM 49N; sites 10 m off the street.
    x0, y0 = 500_000.0, 2_500_000.0
    net = network_from_edges([(x0, y0), (x0 + 100, y0), (x0 + 300, y0), (x0 + 600, y0)],
                             [0, 1, 2], [1, 2, 3], crs="EPSG:32649")
    sx, sy = np.array([x0 + 50, x0 + 250, x0 + 600]), np.array([y0 + 10, y0 + 10, y0 - 10])
    lon, lat = net.to_lonlat(sx, sy)
    sites = gpd.GeoDataFrame({"site_id": ["s0", "s1", "s2"], "name": ["a", "b", "c"],
                              "category": ["library", "school", "library"]},
                             geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    return CoverageModel(net, sites, limit_m=400.0)


def test_index_lists_sites_within_the_limit_with_their_walks(street):
    index = build_reach_index(street)
    row = slice(index.indptr[1], index.indptr[2])  # node B
    got = dict(zip(index.site[row].tolist(), index.walk_m[row].tolist(), strict=True))
    # From B: s0 50 m back along A-B + 10 m off; s1 150 m along B-C + 10; s2 500 + 10 > 400.
    assert got == pytest.approx({0: 60.0, 1: 160.0})


def test_point_answer_from_the_index_equals_the_search(street):
    queries = PointQueries(street)
    lon, lat = street.network.to_lonlat(np.array([500_000.0 + 200]), np.array([2_500_000.0 + 5]))
    fast = queries.reachable(float(lon[0]), float(lat[0]), minutes=4, speed_kmh=4.8, area=False)
    assert "reach_index" in queries.__dict__  # answered from the index
    slow = queries.reachable(float(lon[0]), float(lat[0]), minutes=4, speed_kmh=4.8, area=True)
    # 320 m budget from x=200 (5 m off): s1 on the same edge 50 + 5 + 10; s0 150 + 5 + 10.
    assert fast.site_index.tolist() == slow.site_index.tolist() == [1, 0]
    np.testing.assert_allclose(fast.walk_m, [65.0, 165.0])
    np.testing.assert_allclose(fast.walk_m, slow.walk_m)
    libraries = queries.reachable(float(lon[0]), float(lat[0]), minutes=4, speed_kmh=4.8,
                                  categories=["library"], area=False)
    assert libraries.site_index.tolist() == [0]


def test_walk_beyond_the_index_limit_falls_back_to_a_search(street):
    queries = PointQueries(street)
    lon, lat = street.network.to_lonlat(np.array([500_000.0]), np.array([2_500_000.0]))
    far = queries.reachable(float(lon[0]), float(lat[0]), minutes=10, speed_kmh=4.8, area=False)
    assert far.site_index.tolist() == [0, 1, 2]  # s2 at 610 m: beyond the 400 m index
    np.testing.assert_allclose(far.walk_m, [60.0, 260.0, 610.0])


def test_stored_index_is_memory_mapped_and_refused_for_other_sites(street, tmp_path):
    names = write_reach_index(build_reach_index(street), tmp_path, "walk")
    assert sorted(names) == ["reach-walk-indptr.npy", "reach-walk-site.npy", "reach-walk-walk_m.npy",
                             "reach-walk.json"]
    loaded = load_reach_index(tmp_path, "walk", street)
    assert isinstance(loaded.walk_m, np.memmap)
    other = street.with_sites(street.sites.iloc[:2])
    assert load_reach_index(tmp_path, "walk", other) is None  # built for three sites, not two
    assert load_reach_index(tmp_path, "step-free", street) is None  # none stored
