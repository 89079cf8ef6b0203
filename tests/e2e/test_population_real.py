"""Population inputs on real files: the WorldPop raster of Hong Kong, Macau's census zones."""

from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import osmium
import pytest
import shapely

from learning_map.city.population_files import read_population
from learning_map.io.osm import read_osm
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
    extract = read_osm(MACAU_PBF, buildings=True)
    demand = read_population(MACAU_ZONES, crs="EPSG:32649", column="pop_est",
                             elderly_share="old_per", buildings=extract.buildings,
                             landuse=extract.landuse)
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


# The measuring rule (README "Population (居民)"), read straight from the file, not from read_osm.
HOTEL_OR_CASINO_NAME = re.compile(r"hotel|casino|酒店|娛樂場|娱乐场|賭場", re.IGNORECASE)


def not_home_polygons(path) -> np.ndarray:
    """Areas tagged building=hotel|commercial|office|retail|industrial, tourism=hotel,
    landuse=commercial|retail|industrial, or named as a hotel or casino."""
    wkb, found = osmium.geom.WKBFactory(), []
    for area in osmium.FileProcessor(str(path)).with_areas().with_filter(
        osmium.filter.EntityFilter(osmium.osm.AREA)
    ):
        tags = area.tags
        if (tags.get("building") in {"hotel", "commercial", "office", "retail", "industrial"}
                or tags.get("tourism") == "hotel"
                or tags.get("landuse") in {"commercial", "retail", "industrial"}
                or any(HOTEL_OR_CASINO_NAME.search(t.v) for t in tags
                       if t.k == "name" or t.k.startswith("name:"))):
            try:
                found.append(wkb.create_multipolygon(area))
            except RuntimeError:
                continue
    return shapely.from_wkb(np.asarray(found, dtype=object))


@pytest.mark.slow
def test_macau_residents_live_in_homes_not_hotels_casinos_or_offices():
    need_shared(MACAU_PBF)
    zones = gpd.read_file(MACAU_ZONES)
    extract = read_osm(MACAU_PBF, buildings=True)
    demand = read_population(MACAU_ZONES, crs="EPSG:32649", column="pop_est",
                             buildings=extract.buildings, landuse=extract.landuse)
    avoid = gpd.GeoSeries(not_home_polygons(MACAU_PBF), crs="EPSG:4326").to_crs("EPSG:32649")
    assert len(avoid) > 100
    inside = shapely.contains_xy(avoid.union_all(), demand.x, demand.y)
    # Before this rule 53,343 of 682,400 (7.8%) lay in such polygons; now none do.
    assert demand.population[inside].sum() / demand.total < 0.01
    # Every zone's total is kept exactly: each point belongs to the zone whose residents it carries.
    projected = zones.to_crs("EPSG:32649")
    points = gpd.GeoDataFrame({"pop": demand.population},
                              geometry=gpd.points_from_xy(demand.x, demand.y), crs="EPSG:32649")
    tree = shapely.STRtree(projected.geometry.to_numpy())
    p_idx, z_idx = tree.query(points.geometry.to_numpy(), predicate="within")
    p_idx, first = np.unique(p_idx, return_index=True)
    assert len(p_idx) == len(demand)
    per_zone = np.bincount(z_idx[first], weights=demand.population[p_idx], minlength=len(zones))
    np.testing.assert_allclose(per_zone, zones["pop_est"].to_numpy(), rtol=1e-9, atol=1e-6)
    assert len(demand) > 5000
