"""Coverage shares, per-unit tables and isochrones on a synthetic grid city."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from learning_map.analysis.model import CoverageModel
from learning_map.base.units import resolve_speed_kmh
from learning_map.city.categories import CATEGORIES
from learning_map.city.population import Demand
from learning_map.errors import ParameterError
from learning_map.walking.synthetic import grid_network

CRS = "EPSG:32649"


@pytest.fixture
def city():
    net = grid_network(21, 21, spacing_m=100, crs=CRS)  # 2 km x 2 km
    lon, lat = net.to_lonlat([1000, 0], [1000, 0])
    sites = gpd.GeoDataFrame(
        {"category": ["library", "elderly_education"], "name": ["centre", "corner"]},
        geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326",
    )
    # Two residents blocks: one beside the centre library, one in the far corner (2 km away).
    demand = Demand(CRS, np.array([1000.0, 2000.0]), np.array([1050.0, 2000.0]),
                    np.array([100.0, 50.0]), np.array([10.0, 40.0]))
    return CoverageModel(net, sites, demand)


def test_summary_counts_residents_and_network(city):
    table = city.summary(minutes=[5, 15], speed_kmh=4.8).set_index(["category", "minutes"])
    library_15 = table.loc[("library", 15.0)]
    assert library_15["sites"] == 1
    assert library_15["population_covered"] == 100  # the corner block is 2 km away
    assert library_15["population_share"] == pytest.approx(100 / 150)
    assert library_15["elderly_share"] == pytest.approx(10 / 50)
    # 5 min = 400 m from the centre. Horizontal street k (|k| <= 4 blocks away) is reached
    # for 2 * (400 - 100|k|) m: 3,200 m over all of them, and as much on the vertical streets.
    assert table.loc[("library", 5.0), "network_covered_km"] == pytest.approx(6.4)
    assert table.loc[("all", 15.0), "population_covered"] == 100  # (2000, 2000) is 4 km from (0, 0)
    assert table.loc[("elderly_education", 15.0), "population_covered"] == 0
    assert (table["network_share"] <= 1).all()


def test_slower_pace_never_covers_more(city):
    adult = city.summary(minutes=[15], speed_kmh=resolve_speed_kmh("adult"))
    elderly = city.summary(minutes=[15], speed_kmh=resolve_speed_kmh("elderly"))
    with_sites = (adult["sites"] > 0).to_numpy()
    assert with_sites.sum() == 3  # library, elderly education and all; the rest have none
    assert (elderly["network_share"] < adult["network_share"])[with_sites].all()
    assert (elderly["network_share"] == adult["network_share"])[~with_sites].all()  # both 0
    assert (elderly["population_share"] <= adult["population_share"]).all()


def test_distances_are_searched_once_per_category(city, monkeypatch):
    import learning_map.analysis.model as analysis

    calls = []
    real = analysis.node_distances
    monkeypatch.setattr(analysis, "node_distances", lambda *a, **k: calls.append(1) or real(*a, **k))
    city.summary(minutes=[5, 10, 15], speed_kmh=4.8, categories=["library"])
    city.summary(minutes=[15], speed_kmh=3.3, categories=["library"])
    assert len(calls) == 1


def test_by_unit(city):
    units = gpd.GeoDataFrame({"name": ["west", "east"]},
                             geometry=[shapely.box(-50, -50, 1500, 2050), shapely.box(1500, -50, 2050, 2050)],
                             crs=CRS)
    table = city.summary_by_unit(units, "name", minutes=15, speed_kmh=4.8, categories=["library"])
    rows = table.set_index("unit")
    assert rows.loc["west", "population_share"] == 1.0
    assert rows.loc["east", "population_share"] == 0.0
    with pytest.raises(ParameterError, match="no field"):
        city.summary_by_unit(units, "missing")


def test_isochrones_grow_with_time_and_contain_the_site(city):
    iso = city.isochrones(minutes=[5, 15], speed_kmh=4.8, categories=["library"])
    small, large = iso.to_crs(CRS).geometry
    assert 0 < small.area < large.area
    assert large.contains(shapely.Point(1000, 1000))
    assert small.contains(shapely.Point(1000, 1300))
    assert not small.contains(shapely.Point(1000, 1500))  # 500 m > 400 m walk


def test_speed_presets_and_errors():
    assert resolve_speed_kmh("elderly") == 3.3
    assert resolve_speed_kmh("5") == 5.0
    with pytest.raises(ParameterError, match="number of km/h") as caught:
        resolve_speed_kmh("fast")
    assert caught.value.param == "pace"  # the keyword; the CLI shows --speed, the web pace
    with pytest.raises(ParameterError, match="outside"):
        resolve_speed_kmh(40)


@pytest.fixture
def library_city():
    """A city whose only sites are two libraries, with residents and elderly shares."""
    net = grid_network(11, 11, spacing_m=100, crs=CRS)  # 1 km x 1 km
    lon, lat = net.to_lonlat([500, 0], [500, 0])
    sites = gpd.GeoDataFrame(
        {"category": ["library", "library"], "name": ["centre", "corner"]},
        geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326",
    )
    demand = Demand(CRS, np.array([500.0, 1000.0]), np.array([500.0, 1000.0]),
                    np.array([100.0, 50.0]), np.array([10.0, 40.0]))
    return CoverageModel(net, sites, demand)


def test_categories_without_sites_are_listed_with_zero_coverage(library_city):
    table = library_city.summary(minutes=[5, 15], speed_kmh=4.8)
    assert table["category"].tolist() == [key for key in CATEGORIES for _ in (5, 15)] + ["all"] * 2
    assert library_city.categories == ["library"]  # the categories present stay as they are
    empty = table[~table["category"].isin(["library", "all"])]
    assert len(empty) == 2 * (len(CATEGORIES) - 1)
    assert (empty["sites"] == 0).all()
    for column in ("network_covered_km", "network_share", "population_covered",
                   "population_share", "elderly_covered", "elderly_share"):
        assert (empty[column] == 0.0).all(), column
    assert (empty["population"] == 150).all()  # the denominators are still the city's
    assert (empty["network_km"] == table["network_km"].iloc[0]).all()
    elderly = table.set_index(["category", "minutes"]).loc[("elderly_education", 15.0)]
    assert elderly["label_en"] == "Elderly education"
    assert elderly["label_zh"] == "老年教育"
    library = table.set_index(["category", "minutes"]).loc[("library", 15.0)]
    assert library["sites"] == 2
    assert library["population_share"] == 1.0


def test_explicit_categories_are_listed_exactly(library_city):
    table = library_city.summary(minutes=[15], speed_kmh=4.8,
                                 categories=["elderly_education", "library"])
    assert table["category"].tolist() == ["elderly_education", "library"]
    assert table["sites"].tolist() == [0, 2]
    assert table["elderly_share"].tolist() == [0.0, 1.0]
    with pytest.raises(ParameterError, match="unknown category"):
        library_city.summary(minutes=[15], categories=["swimming"])


def test_by_unit_lists_categories_without_sites(library_city):
    units = gpd.GeoDataFrame({"name": ["west", "east"]},
                             geometry=[shapely.box(-50, -50, 750, 1050), shapely.box(750, -50, 1050, 1050)],
                             crs=CRS)
    table = library_city.summary_by_unit(units, "name", minutes=15, speed_kmh=4.8)
    assert table["category"].unique().tolist() == [*CATEGORIES, "all"]
    rows = table.set_index(["unit", "category"])
    for unit, population in (("west", 100.0), ("east", 50.0)):
        elderly = rows.loc[(unit, "elderly_education")]
        assert elderly["population"] == population
        assert elderly["population_covered"] == 0.0
        assert elderly["population_share"] == 0.0
        assert elderly["elderly_share"] == 0.0
        assert rows.loc[(unit, "library"), "population_share"] == 1.0
    only = library_city.summary_by_unit(units, "name", minutes=15, categories=["college"])
    assert only["category"].tolist() == ["college", "college"]
    assert only["population_share"].tolist() == [0.0, 0.0]


def test_categories_without_sites_need_no_search(library_city, monkeypatch):
    import learning_map.analysis.model as analysis

    searched = []
    real = analysis.node_distances
    monkeypatch.setattr(analysis, "node_distances",
                        lambda net, sources, **k: searched.append(len(sources)) or real(net, sources, **k))
    library_city.summary(minutes=[15], speed_kmh=4.8)
    assert searched == [2, 2]  # library and all, never an empty category


def test_what_if_sites_reuse_snapped_residents(city):
    """A library added at the far corner covers its block; closing it again restores the figures."""
    before = city.summary(minutes=[15], speed_kmh=4.8).set_index("category")
    lon, lat = city.network.to_lonlat([2000], [2000])
    added = gpd.GeoDataFrame(
        {"category": ["library"], "name": ["new corner library"]},
        geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326",
    )
    import pandas as pd

    what_if = city.with_sites(gpd.GeoDataFrame(pd.concat([city.sites, added]), crs="EPSG:4326"))
    assert what_if.demand_points is city.demand_points  # residents are not snapped again
    after = what_if.summary(minutes=[15], speed_kmh=4.8).set_index("category")
    assert after.loc["library", "population_covered"] == 150
    assert before.loc["library", "population_covered"] == 100
    closed = what_if.with_sites(city.sites)
    again = closed.summary(minutes=[15], speed_kmh=4.8).set_index("category")
    assert again["population_covered"].to_dict() == before["population_covered"].to_dict()
