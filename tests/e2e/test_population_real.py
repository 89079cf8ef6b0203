"""Population inputs on real files: the WorldPop raster of Hong Kong, Macau's census zones."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest

from learning_map.io.osm import read_osm
from learning_map.io.population import read_population
from tests.conftest import MACAU_PBF, MACAU_ZONES, SHARED_DATA, need_shared

HK_RASTER = SHARED_DATA / "hongkong" / "worldpop_2020_100m.tif"


def test_worldpop_raster_keeps_every_resident():
    need_shared(HK_RASTER)
    demand = read_population(HK_RASTER, crs="EPSG:32650", elderly_share=0.2)
    assert demand.total == pytest.approx(7_496_988, rel=1e-6)  # nodata (-99999) cells left out
    assert np.nansum(demand.elderly) == pytest.approx(0.2 * demand.total)
    districts = gpd.read_file(SHARED_DATA / "hongkong" / "districts.gpkg").to_crs("EPSG:32650")
    inside = districts.union_all().contains(gpd.points_from_xy(demand.x, demand.y))
    assert demand.population[inside].sum() / demand.total > 0.95


@pytest.mark.slow
def test_census_zones_spread_by_floor_area_keep_zone_totals():
    need_shared(MACAU_PBF)
    zones = gpd.read_file(MACAU_ZONES)
    demand = read_population(MACAU_ZONES, crs="EPSG:32649", column="pop_est",
                             elderly_share="old_per",
                             buildings=read_osm(MACAU_PBF, buildings=True).buildings)
    assert demand.total == pytest.approx(zones["pop_est"].sum(), rel=1e-9)
    assert np.nansum(demand.elderly) == pytest.approx((zones["pop_est"] * zones["old_per"]).sum(), rel=1e-9)
    # Per zone, the points inside it carry its population (buildings straddling a border aside).
    projected = zones.to_crs("EPSG:32649")
    points = gpd.GeoDataFrame({"pop": demand.population},
                              geometry=gpd.points_from_xy(demand.x, demand.y), crs="EPSG:32649")
    joined = gpd.sjoin(points, projected[["zona", "geometry"]], predicate="within")
    per_zone = joined.groupby("zona")["pop"].sum()
    expected = projected.set_index("zona")["pop_est"]
    assert (per_zone / expected[per_zone.index]).between(0.97, 1.03).mean() > 0.9
    assert len(demand) > 5000  # spread over buildings, not one point per zone
