"""The duplicate search ("likely the same site") is near-linear and exact on real registries."""

from __future__ import annotations

import itertools
import tracemalloc

import geopandas as gpd
import numpy as np
import pytest
import shapely

from learning_map.city.naming import fold_names, group_likely_same, likely_same
from learning_map.settings import SAME_NAME_PER_CELL, SAME_SITE_WITHIN_M
from learning_map.store.imports import likely_duplicates

LON0, LAT0 = 113.55, 22.19
M_PER_DEG_LAT = 111_320.0


def frame(names, east_m, north_m, ids=None) -> gpd.GeoDataFrame:
    lon = LON0 + np.asarray(east_m, float) / (M_PER_DEG_LAT * np.cos(np.radians(LAT0)))
    lat = LAT0 + np.asarray(north_m, float) / M_PER_DEG_LAT
    data = {"name": list(names)}
    data["site_id"] = list(ids) if ids is not None else [f"s{i}" for i in range(len(data["name"]))]
    return gpd.GeoDataFrame(data, geometry=shapely.points(lon, lat), crs="EPSG:4326")


def brute_force(sites: gpd.GeoDataFrame, within_m: float = SAME_SITE_WITHIN_M) -> list[tuple[int, int]]:
    """Every pair, compared one by one (the rule as written)."""
    from learning_map.city.naming import _metric_points

    points, names = _metric_points(sites), fold_names(sites["name"])
    return [(a, b) for a, b in itertools.combinations(range(len(sites)), 2)
            if names[a] and names[a] == names[b] and shapely.distance(points[a], points[b]) <= within_m]


def test_hand_case_pairs_across_cell_edges_and_not_past_the_distance():
    # Grid cells are SAME_SITE_WITHIN_M wide: pairs straddle cell edges in both axes and
    # diagonally; 149 m is in, 153 m out; unnamed never; another name never.
    names = ["社区学校", "社區學校", "社区学校", "社区学校", "图书馆", "", "", "社区学校"]
    east = [0, 149.0, 0, 105, 0, 0, 0, 900]
    north = [0, 0, 153, 105, 0, 0, 0, 900]
    sites = frame(names, east, north)
    pairs = likely_same(sites)
    assert pairs[["left", "right"]].to_numpy().tolist() == [[0, 1], [0, 3], [1, 3], [2, 3]]
    assert pairs[["left", "right"]].to_numpy().tolist() == [list(p) for p in brute_force(sites)]
    assert pairs["distance_m"].iloc[0] == pytest.approx(149.0, abs=0.5)


def test_same_answers_as_comparing_every_pair_on_a_realistic_registry():
    # 1,500 sites over 6 km with chain names (20 names, repeated) and a few same-spot copies.
    rng = np.random.default_rng(7)
    n = 1500
    names = [f"社区学习点{int(k)}" for k in rng.integers(0, 20, n)]
    east, north = rng.uniform(0, 6000, n), rng.uniform(0, 6000, n)
    east[:30], north[:30] = east[30:60], north[30:60]  # 30 sites mapped twice
    names[:30] = names[30:60]
    sites = frame(names, east, north)
    pairs = likely_same(sites)
    assert len(pairs) > 30
    assert [tuple(p) for p in pairs[["left", "right"]].to_numpy().tolist()] == brute_force(sites)
    # File against store: the same pairs as the file compared with a copy of itself.
    other = likely_same(sites, sites)
    expected = {(a, b) for a, b in brute_force(sites)} | {(b, a) for a, b in brute_force(sites)} \
        | {(i, i) for i in range(n)}
    assert set(map(tuple, other[["left", "right"]].to_numpy().tolist())) == expected


def test_thousands_of_one_name_at_one_point_give_linear_pairs():
    # Today's search gave every pair: n (n - 1) / 2 = 4.5 M for 3,000 copies.
    n = 3000
    sites = frame(["图书馆"] * n, np.zeros(n), np.zeros(n))
    pairs = likely_same(sites)
    cap = SAME_NAME_PER_CELL
    assert len(pairs) == cap * (cap - 1) // 2 + (n - cap) * cap
    # Every copy is still reported, and all of them form one group.
    assert set(pairs["left"]) | set(pairs["right"]) == set(range(n))
    assert (group_likely_same(sites) == 0).all()
    # The import report: every copy found in the file; each against the store is bounded too.
    report = likely_duplicates(sites.iloc[:1000], sites.iloc[1000:].assign(site_id=lambda f: "x" + f["site_id"]))
    assert set(report.loc[report["where"] == "store", "site_id_a"]) == set(sites["site_id"].iloc[:1000])
    # Within the file as above; against the store each copy meets the first ones across.
    in_file = cap * (cap - 1) // 2 + (1000 - cap) * cap
    assert len(report) == in_file + 1000 * cap + cap * (2000 - cap)


def test_thousands_of_distinct_names_at_one_point_use_little_memory():
    # Today's spatial-first search builds every pair of points before comparing names
    # (n^2 = 16 M index pairs here, 256 MB); by name first, nothing is paired.
    n = 4000
    sites = frame([f"站点{i}" for i in range(n)], np.zeros(n), np.zeros(n))
    fold_names(sites["name"])  # warm the folding cache (not the search)
    tracemalloc.start()
    try:
        pairs = likely_same(sites)
        _, peak_bytes = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert pairs.empty
    assert peak_bytes < 32 * 1024 * 1024, peak_bytes
