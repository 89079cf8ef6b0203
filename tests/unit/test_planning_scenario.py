"""What-if scenarios: add a site with one search, close a site by recounting."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from learning_map.analysis.model import CoverageModel
from learning_map.city.population import Demand
from learning_map.walking.synthetic import grid_network

CRS = "EPSG:32649"


@pytest.fixture
def city():
    rng = np.random.default_rng(11)
    net = grid_network(21, 21, spacing_m=100, crs=CRS)  # 2 km x 2 km
    xy = [(300, 300), (1500, 400), (1000, 1700), (200, 1800)]
    lon, lat = net.to_lonlat([p[0] for p in xy], [p[1] for p in xy])
    sites = gpd.GeoDataFrame(
        {"category": ["library", "library", "elderly_education", "school"],
         "name": ["a", "b", "c", "d"]},
        geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326",
    )
    n = 400
    pop = rng.integers(10, 200, n).astype(float)
    demand = Demand(CRS, rng.uniform(0, 2000, n), rng.uniform(0, 2000, n), pop, pop * 0.2)
    return CoverageModel(net, sites, demand)


def figures(scenario, speed_kmh=4.8):
    return scenario.summary(minutes=[5, 10, 15], speed_kmh=speed_kmh)


def test_add_site_runs_exactly_one_search(city, monkeypatch):
    import learning_map.analysis.model as analysis
    import learning_map.planning.scenario as scenario_module
    from learning_map.planning.scenario import Scenario

    base = Scenario(city)
    figures(base)
    calls = []
    for module in (analysis, scenario_module):
        real = module.node_distances
        monkeypatch.setattr(module, "node_distances",
                            lambda *a, _real=real, **k: calls.append(1) or _real(*a, **k))
    lon, lat = city.network.to_lonlat([1800], [1800])
    added = base.add_site("library", float(lon[0]), float(lat[0]))
    after = figures(added)
    figures(added, speed_kmh=3.3)  # paces share one distance field
    assert len(calls) == 1
    # The merged fields give what a full recount with the new site gives.
    recount = CoverageModel(city.network, added.model.sites, city.demand)
    pd.testing.assert_frame_equal(after, recount.summary(minutes=[5, 10, 15], speed_kmh=4.8),
                                  check_exact=False, rtol=1e-12)
    before = figures(base).set_index(["category", "minutes"])
    now = after.set_index(["category", "minutes"])
    assert now.loc[("library", 15.0), "population_covered"] > before.loc[("library", 15.0), "population_covered"]
    assert now.loc[("school", 15.0), "population_covered"] == before.loc[("school", 15.0), "population_covered"]


def test_add_then_close_restores_figures_exactly(city):
    from learning_map.planning.scenario import Scenario

    base = Scenario(city)
    expected = figures(base)
    lon, lat = city.network.to_lonlat([1700], [1200])
    added = base.add_site("elderly_education", float(lon[0]), float(lat[0]))
    assert not figures(added).equals(expected)
    restored = added.close_site(len(added.model.sites) - 1)
    pd.testing.assert_frame_equal(figures(restored), expected, check_exact=True)


def test_closing_a_site_never_increases_coverage(city):
    from learning_map.planning.scenario import Scenario

    base = Scenario(city)
    expected = figures(base)
    for index in range(len(city.sites)):
        closed = figures(base.close_site(index))
        assert (closed["population_covered"] <= expected["population_covered"]).all()
        assert (closed["network_covered_km"] <= expected["network_covered_km"] + 1e-9).all()
        category = city.sites["category"].iloc[index]
        mine = (closed["category"] == category) & (closed["minutes"] == 15)
        assert (closed.loc[mine, "population_covered"] < expected.loc[mine, "population_covered"]).all()
