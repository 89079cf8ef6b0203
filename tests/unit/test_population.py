"""Residents from zones (by building floor area or a grid), rasters and points."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from learning_map.city.population import demand_from_zones
from learning_map.city.population_files import read_population
from learning_map.errors import InputFileError

CRS = "EPSG:32649"


def zones():
    return gpd.GeoDataFrame(
        {"pop": [1000.0, 300.0], "old": [0.2, 0.5]},
        geometry=[shapely.box(0, 0, 1000, 1000), shapely.box(1000, 0, 1500, 400)],
        crs=CRS,
    )


def test_zone_population_follows_floor_area_and_totals_are_kept():
    buildings = gpd.GeoDataFrame(
        {"floor_area_m2": [300.0, 100.0]},
        geometry=[shapely.Point(100, 100), shapely.Point(900, 900)],
        crs=CRS,
    )
    z = zones()
    demand = demand_from_zones(z, z["pop"].to_numpy(), z["old"].to_numpy(), buildings=buildings,
                               crs=CRS, grid_m=100)
    # Zone 1: 750 and 250 residents at its two buildings; zone 2 has none, so a 5 x 4 grid.
    np.testing.assert_allclose(demand.population[:2], [750, 250])
    assert len(demand) == 2 + 20
    np.testing.assert_allclose(demand.population[2:], 15)
    assert demand.total == pytest.approx(1300)
    assert np.nansum(demand.elderly) == pytest.approx(1000 * 0.2 + 300 * 0.5)
    assert demand.has_elderly


def test_points_layer_and_percent_share(tmp_path):
    layer = gpd.GeoDataFrame({"n": [10, 20], "old_pct": [10, 50]},
                             geometry=[shapely.Point(113.54, 22.19), shapely.Point(113.55, 22.2)],
                             crs="EPSG:4326")
    layer.to_file(tmp_path / "p.geojson")
    demand = read_population(tmp_path / "p.geojson", crs=CRS, column="n", elderly_share="old_pct")
    np.testing.assert_allclose(demand.population, [10, 20])
    np.testing.assert_allclose(demand.elderly, [1, 10])


def test_raster_cells_become_points(tmp_path):
    import rasterio
    from affine import Affine

    data = np.array([[5, -99999], [0, 7]], dtype="float32")
    with rasterio.open(tmp_path / "pop.tif", "w", driver="GTiff", width=2, height=2, count=1,
                       dtype="float32", crs="EPSG:4326", nodata=-99999,
                       transform=Affine(0.001, 0, 113.5, 0, -0.001, 22.2)) as dst:
        dst.write(data, 1)
    demand = read_population(tmp_path / "pop.tif", crs=CRS, elderly_share=0.1)
    np.testing.assert_allclose(sorted(demand.population), [5, 7])
    np.testing.assert_allclose(sorted(demand.elderly), [0.5, 0.7])


def test_bad_population_inputs(tmp_path):
    z = zones().to_crs("EPSG:4326")
    z.to_file(tmp_path / "z.geojson")
    with pytest.raises(InputFileError, match="no column 'people'"):
        read_population(tmp_path / "z.geojson", crs=CRS, column="people")
    with pytest.raises(InputFileError, match="Name the population column"):
        read_population(tmp_path / "z.geojson", crs=CRS)
    z.assign(pop=[-1, 3]).to_file(tmp_path / "neg.geojson")
    with pytest.raises(InputFileError, match=r"bad in feature\(s\) 1"):
        read_population(tmp_path / "neg.geojson", crs=CRS, column="pop")
    with pytest.raises(InputFileError, match="between 0 and 1"):
        read_population(tmp_path / "z.geojson", crs=CRS, column="pop", elderly_share=3)
    with pytest.raises(InputFileError, match="not found"):
        read_population(tmp_path / "none.tif", crs=CRS)


def test_residents_go_to_homes_not_hotels_or_commercial_land():
    """One zone: a hotel, a residential block, and a ``building=yes`` on commercial land."""
    from learning_map.city.population import building_floor_area, is_not_home

    wgs = "EPSG:4326"

    def square(x0, y0, side):
        return shapely.box(x0, y0, x0 + side, y0 + side)

    footprints = gpd.GeoDataFrame(
        {"tags": [{"building": "yes", "name": "澳門酒店 Hotel Macau", "building:levels": "20"},
                  {"building": "residential", "building:levels": "10"},
                  {"building": "yes", "building:levels": "5"},
                  {"building": "yes", "name": "美居廣場"}]},  # 廣場 is a housing estate here
        geometry=gpd.GeoSeries([square(0, 0, 50), square(200, 0, 40), square(500, 0, 40),
                                square(200, 200, 20)], crs=CRS).to_crs(wgs).to_numpy(),
        crs=wgs,
    )
    landuse = gpd.GeoDataFrame(
        {"tags": [{"landuse": "commercial"}]},
        geometry=gpd.GeoSeries([square(450, -50, 200)], crs=CRS).to_crs(wgs).to_numpy(), crs=wgs,
    )
    assert is_not_home(footprints["tags"][0])
    assert not is_not_home(footprints["tags"][3])
    homes = building_floor_area(footprints, crs=CRS, landuse=landuse)
    np.testing.assert_allclose(homes["floor_area_m2"], [1600 * 10, 400], rtol=1e-3)
    assert list(homes["rank"]) == [1, 2]
    zone = gpd.GeoDataFrame({"pop": [1000.0]}, geometry=[shapely.box(-100, -100, 1000, 1000)], crs=CRS)
    demand = demand_from_zones(zone, zone["pop"].to_numpy(), None, buildings=homes, crs=CRS)
    assert demand.total == pytest.approx(1000)
    np.testing.assert_allclose(demand.population, [1000 * 16000 / 16400, 1000 * 400 / 16400])
    hotel, commercial = shapely.box(0, 0, 50, 50), shapely.box(450, -50, 650, 150)
    assert not shapely.contains_xy(hotel, demand.x, demand.y).any()
    assert not shapely.contains_xy(commercial, demand.x, demand.y).any()
    # Without the land use, the building=yes on commercial land would take residents.
    assert len(building_floor_area(footprints, crs=CRS)) == 3
