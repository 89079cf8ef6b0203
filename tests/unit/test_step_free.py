"""The step-free profile: walks go around staircases (hand-built graph, answers known by hand)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest

from learning_map.analysis.model import CoverageModel
from learning_map.base.units import minutes_to_metres
from learning_map.city.population import Demand
from learning_map.walking.synthetic import network_from_edges

CRS = "EPSG:32649"


@pytest.fixture
def hill():
    """A (0,0) to B (200,0) by 200 m of steps, or round by C (0,300) and D (200,300): 800 m."""
    xy = np.array([[0, 0], [200, 0], [0, 300], [200, 300]], float)
    network = network_from_edges(xy, [0, 0, 2, 3], [1, 2, 3, 1], crs=CRS,
                                 edge_has_steps=[True, False, False, False])
    lon, lat = network.to_lonlat([200.0], [0.0])
    sites = gpd.GeoDataFrame({"category": ["library"], "name": ["B"]},
                             geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    demand = Demand(CRS, np.array([0.0]), np.array([0.0]), np.array([100.0]), np.array([30.0]))
    return network, sites, demand


def test_step_free_network_drops_the_staircase_only(hill):
    network, _sites, _demand = hill
    assert network.step_free_edges.tolist() == [False, True, True, True]
    assert network.step_free.edge_count == 3
    assert network.for_profile("walk") is network
    assert network.step_free.total_length_m == pytest.approx(800.0)


def test_walks_go_around_the_stairs(hill):
    network, sites, demand = hill
    walk = CoverageModel(network, sites, demand)
    step_free = CoverageModel(network.step_free, sites, demand)
    assert walk.demand_dist("library")[0] == pytest.approx(200.0)
    assert step_free.demand_dist("library")[0] == pytest.approx(800.0)
    # 5 minutes at 4.8 km/h is 400 m: reached by the stairs, not around them.
    budget = float(minutes_to_metres(5, 4.8))
    assert walk.covered("library", budget).tolist() == [True]
    assert step_free.covered("library", budget).tolist() == [False]


def test_a_network_without_step_flags_is_all_step_free():
    network = network_from_edges(np.array([[0, 0], [100, 0]], float), [0], [1], crs=CRS)
    assert network.step_free is network
