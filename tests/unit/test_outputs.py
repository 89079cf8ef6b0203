"""What the CLI writes for people: rounded figures, gaps without a site, mistakes that list the choices."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest
import shapely

from learning_map.analysis.model import CoverageModel
from learning_map.base.figures import json_text, round_frame, round_payload
from learning_map.base.i18n import cli_text
from learning_map.base.tables import csv_text, write_csv, write_xlsx
from learning_map.city.categories import CATEGORIES
from learning_map.city.population import Demand
from learning_map.cli.gaps import NO_SITE, NO_SITE_ON_FOOT, gap_rows, gaps_table
from learning_map.planning.gaps import find_gaps
from learning_map.walking.synthetic import grid_network

CRS = "EPSG:32649"
NOISY = pd.DataFrame({
    "category": ["library"], "walk_m": [32000.000000000022], "network_km": [778.1005225760226],
    "population": [682400.0000000002], "population_share": [0.489148742038378],
    "nearest_minutes": [86.94999999999999], "lon": [113.54312345678901], "other": [0.1 + 0.2],
    "sites": [20],
})


def test_csv_and_json_figures_are_rounded_by_their_unit(tmp_path):
    text = csv_text(NOISY)
    assert text.splitlines()[1] == "library,32000.0,778.100523,682400.0,0.489148742038,86.95,113.5431235,0.3,20"
    write_csv(NOISY, tmp_path / "t.csv")
    assert "32000.000000000022" not in (tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    write_xlsx({"t": NOISY}, tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert [c.value for c in sheet[2]][1:4] == [32000.0, 778.100523, 682400.0]
    payload = json.loads(json_text({"coverage": NOISY.to_dict(orient="records"), "walk_m": np.float64(32000.000000000022)}))
    assert payload["walk_m"] == 32000.0
    assert payload["coverage"][0]["population"] == 682400.0
    assert "000000" not in json_text(payload)


def test_rounding_keeps_what_matters():
    frame = round_frame(pd.DataFrame({"residents": [np.nan, 1.25], "x": [1e-9 + 1e-25, -0.0]}))
    assert frame["residents"][1] == 1.25
    assert np.isnan(frame["residents"][0])
    assert frame["x"].tolist() == [1e-9, 0.0]
    assert round_payload({"nearest_walk_m": float("inf"), "v": [np.float32(0.5), np.int64(3)]}) == {
        "nearest_walk_m": None, "v": [0.5, 3]}


@pytest.fixture
def city():
    """A 1 km grid with one library, and residents in one corner, out of its reach."""
    net = grid_network(11, 11, spacing_m=100, crs=CRS)
    lon, lat = net.to_lonlat([0], [0])
    sites = gpd.GeoDataFrame({"category": ["library"], "name": ["west"]},
                             geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    demand = Demand(CRS, np.array([950.0]), np.array([950.0]), np.array([100.0]), np.array([10.0]))
    return CoverageModel(net, sites, demand)


def test_gaps_without_a_site_of_the_category_say_so(city):
    report = find_gaps(city, "university", 600.0, 4.8)
    rows = gap_rows(report, city)
    assert [row["nearest_note"] for row in rows] == [cli_text(NO_SITE)]
    table = gaps_table(rows)
    assert "inf" not in table
    assert cli_text(NO_SITE) in table
    data = json.loads(json_text({"gaps": rows}))
    assert data["gaps"][0]["nearest_minutes"] is None
    assert data["gaps"][0]["nearest_site_name"] is None


def test_gaps_whose_site_cannot_be_walked_to_say_so(city):
    # The only library 5 km off the street grid: it snaps to no street.
    lon, lat = city.network.to_lonlat([5000.0], [5000.0])
    sites = gpd.GeoDataFrame({"category": ["library"], "name": ["far"]},
                             geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    model = CoverageModel(city.network, sites, city.demand)
    rows = gap_rows(find_gaps(model, "library", 600.0, 4.8), model)
    if rows[0]["nearest_note"] is None:
        pytest.skip("the far site snapped onto the grid: it can be walked to")
    assert rows[0]["nearest_note"] == cli_text(NO_SITE_ON_FOOT)


def test_unknown_category_lists_the_categories(runner, tmp_path):
    for command in ("coverage", "gaps"):
        result = runner.invoke([command, str(tmp_path), "--category", "libary"])
        assert result.exit_code == 1, result.output
        line = result.output.strip()
        assert "'libary'" in line
        assert all(key in line for key in CATEGORIES)
        assert " / " in line  # English / 中文
        assert len(line.splitlines()) == 1


def test_unknown_field_lists_the_fields_of_the_file(runner, tmp_path):
    zones = tmp_path / "zones.geojson"
    gpd.GeoDataFrame({"name_tc": ["A"], "pop_est": [10]}, geometry=[shapely.box(0, 0, 1, 1)],
                     crs="EPSG:4326").to_file(zones)
    result = runner.invoke(["coverage", str(tmp_path), "--by", f"{zones}:nom"])
    assert result.exit_code == 1, result.output
    assert "no field 'nom'; its fields are: name_tc, pop_est / " in result.output
    assert "geometry" not in result.output


def test_gbk_shapefile_loses_no_text_silently_and_gdal_does_not_warn(tmp_path, caplog):
    import datetime

    from learning_map.export.year_files import write_shapefile

    sites = gpd.GeoDataFrame({"name": ["澳門 😀 圖書館", "plain", None]},
                             geometry=[shapely.Point(113.5, 22.2)] * 3, crs="EPSG:4326")
    assert pd.api.types.is_string_dtype(sites["name"])  # pandas' str dtype, not object
    # filterwarnings=error: pyogrio's raw "UTF-8 to GBK" RuntimeWarning would fail here.
    write_shapefile(sites, tmp_path / "shp", "sites", when=datetime.datetime(2026, 1, 1))
    back = gpd.read_file(tmp_path / "shp" / "sites.shp", encoding="GBK")
    assert back["name"].tolist()[:2] == ["澳門 ? 圖書館", "plain"]  # cut at nothing, one '?'
    assert "1 characters have no GBK code" in caplog.text
