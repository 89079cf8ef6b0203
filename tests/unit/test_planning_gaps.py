"""Coverage gaps: contiguous areas of residents beyond the threshold."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest

from learning_map.analysis.model import CoverageModel
from learning_map.city.population import Demand
from learning_map.planning.gaps import find_gaps
from learning_map.walking.synthetic import grid_network

CRS = "EPSG:32649"


@pytest.fixture
def city():
    net = grid_network(21, 21, spacing_m=100, crs=CRS)  # 2 km x 2 km
    lon, lat = net.to_lonlat([100, 1000], [100, 100])
    sites = gpd.GeoDataFrame({"category": ["library", "library"], "name": ["west", "east"]},
                             geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    # A covered block near the west library, and two separate blocks far away:
    # one 2x2 cells at the north-east corner (4 points), one single cell at the north-west.
    x = [120, 1850, 1950, 1850, 1950, 150]
    y = [120, 1850, 1850, 1950, 1950, 1950]
    pop = [500, 10, 20, 30, 40, 70]
    demand = Demand(CRS, np.array(x, float), np.array(y, float), np.array(pop, float),
                    np.array(pop, float) / 10)
    return CoverageModel(net, sites, demand)


def test_gaps_group_uncovered_residents(city):
    report = find_gaps(city, "library", 600.0, 4.8)
    gaps = report.gaps
    assert report.uncovered == 170
    assert gaps["residents"].sum() == pytest.approx(report.uncovered)
    assert gaps["residents"].tolist() == [100, 70]  # ranked by residents
    assert gaps["points"].tolist() == [4, 1]
    assert gaps.to_crs(CRS).area.round().tolist() == [40_000, 10_000]
    assert gaps["area_m2"].round().tolist() == [40_000, 10_000]
    # North-west block (150, 1950): 50 m from every street around it; from the west library
    # at the node (100, 100): 1850 m up the x = 100 street, then the 50 m access leg.
    nw = gaps.iloc[1]
    assert nw["nearest_site_name"] == "west"
    assert nw["nearest_walk_m"] == pytest.approx(1850 + 50)
    assert nw["nearest_minutes"] == pytest.approx(1900 / 80)
    ne = gaps.iloc[0]
    # (1850, 1850) from the east library at (1000, 100): 800 + 1750 m, plus 50 m access.
    assert ne["nearest_site_name"] == "east"
    assert ne["nearest_walk_m"] == pytest.approx(800 + 1750 + 50)


def test_elderly_education_gaps_rank_by_elderly(city):
    demand = city.demand
    elderly = np.array([0, 1, 1, 1, 1, 50], float)
    model = CoverageModel(city.network, city.sites,
                          Demand(CRS, demand.x, demand.y, demand.population, elderly))
    report = find_gaps(model, "elderly_education", 600.0, 3.3)
    assert report.weight_name == "elderly"
    assert report.uncovered == elderly.sum()  # no elderly-education site at all
    assert report.gaps["weight"].sum() == pytest.approx(report.uncovered)
    assert report.gaps["residents"].sum() == demand.population.sum()
    assert report.gaps["weight"].iloc[0] == 50  # the north-west block, by elderly
    assert (report.gaps["nearest_site"] == -1).all()
