"""Registry loading: every bad row reported with line and reason, no good row lost."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from learning_map.errors import InputFileError
from learning_map.registry import read_registry

HEADER = "编号,名称,类别,地址,经度,纬度\n"
GOOD = [
    "A1,湖滨社区学校,社区学校,湖滨路1号,120.16,30.25",
    "A9,西湖区图书馆,图书馆,,120.12,30.26",
]
BAD = {
    "A2,,图书馆,x,120.1,30.2": "missing name",
    "A3,老年大学,老年大学,y,abc,30.2": "lon 'abc' is not a number",
    "A4,Bad Lon,library,z,200,30": "lon 200 is outside",
    "A5,No lat,library,z,120.2,": "missing lat",
    "A1,Dup,library,z,120,30": "duplicate site id 'A1' (first at line 2)",
    "A6,Pool,swimming,z,120,30": "unknown category 'swimming'",
    "A7,too,many,fields,1,2,3": "has 7 fields",
}


def write_registry(path, encoding="utf-8"):
    lines = [GOOD[0], *BAD, GOOD[1]]
    path.write_bytes((HEADER + "\n".join(lines) + "\n").encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_bad_rows_reported_good_rows_kept(tmp_path, encoding):
    load = read_registry(write_registry(tmp_path / "sites.csv", encoding))
    assert load.sites["name"].tolist() == ["湖滨社区学校", "西湖区图书馆"]
    assert load.sites["category"].tolist() == ["community_learning", "library"]
    assert load.sites["line"].tolist() == [2, 10]
    assert len(load.rejected) == len(BAD)
    for (_, expected), (_, row) in zip(BAD.items(), load.rejected.iterrows(), strict=True):
        assert expected in row["reason"]
    assert load.rejected["line"].tolist() == list(range(3, 10))
    assert "loaded 2 sites, rejected 7 rows" in load.summary
    assert shapely.equals(load.sites.geometry.iloc[0], shapely.Point(120.16, 30.25))


def test_rejected_rows_keep_original_values_and_reload_after_fixing(tmp_path):
    load = read_registry(write_registry(tmp_path / "sites.csv"))
    report = load.write_rejected(tmp_path / "rejected.csv")
    fixed = pd.read_csv(report, dtype=str, encoding="utf-8-sig")
    assert fixed.loc[fixed["编号"] == "A3", "经度"].item() == "abc"  # not coerced, not lost
    fixed = fixed[fixed["编号"] == "A3"].drop(columns=["raw"])
    fixed["经度"] = "120.15"
    fixed.to_csv(tmp_path / "fixed.csv", index=False)
    again = read_registry(tmp_path / "fixed.csv")
    assert again.sites["name"].tolist() == ["老年大学"]
    assert again.sites["category"].tolist() == ["elderly_education"]
    assert again.rejected.empty


def test_xlsx_with_english_headers(tmp_path):
    frame = pd.DataFrame({
        "Name": ["Central Library", "", "Elder School"],
        "Category": ["Library", "library", "elderly education"],
        "Longitude": [113.54, 113.55, "x"],
        "Latitude": [22.19, 22.2, 22.2],
        "Phone": ["123", "", ""],
    })
    frame.to_excel(tmp_path / "sites.xlsx", index=False)
    load = read_registry(tmp_path / "sites.xlsx")
    assert load.sites["name"].tolist() == ["Central Library"]
    assert load.sites["phone"].tolist() == ["123"]
    assert load.rejected["line"].tolist() == [3, 4]  # Excel rows: header is row 1
    assert "missing name" in load.rejected["reason"].iloc[0]


@pytest.mark.parametrize(("suffix", "driver"), [(".geojson", "GeoJSON"), (".gpkg", "GPKG"),
                                                (".shp", "ESRI Shapefile")])
def test_gis_layers_in_other_crs_and_polygons(tmp_path, suffix, driver):
    layer = gpd.GeoDataFrame(
        {"name": ["A", "B", "C"], "type": ["library", "文化馆", "??"]},
        geometry=[shapely.Point(113.54, 22.19),
                  # A Shapefile holds one geometry type; other formats get a polygon here.
                  shapely.Point(113.55, 22.2) if driver == "ESRI Shapefile"
                  else shapely.Point(113.55, 22.2).buffer(0.001),
                  shapely.Point(113.56, 22.2)],
        crs="EPSG:4326",
    ).to_crs("EPSG:32649")
    path = tmp_path / f"sites{suffix}"
    layer.to_file(path, driver=driver)
    load = read_registry(path)
    assert load.sites["category"].tolist() == ["library", "cultural_centre"]
    assert load.sites.crs.to_epsg() == 4326
    assert load.sites.geometry.iloc[0].x == pytest.approx(113.54, abs=1e-6)
    assert load.sites.geometry.iloc[1].geom_type == "Point"
    assert load.rejected["line"].tolist() == [3]


def test_bad_files_give_one_clear_error(tmp_path):
    with pytest.raises(InputFileError, match="not found"):
        read_registry(tmp_path / "nope.csv")
    (tmp_path / "sites.pdf").write_text("x")
    with pytest.raises(InputFileError, match="unsupported registry format"):
        read_registry(tmp_path / "sites.pdf")
    (tmp_path / "nocat.csv").write_text("name,lon,lat\nA,1,2\n")
    with pytest.raises(InputFileError, match="no category column"):
        read_registry(tmp_path / "nocat.csv")
    (tmp_path / "nocoords.csv").write_text("name,category\nA,library\n")
    with pytest.raises(InputFileError, match="longitude and latitude"):
        read_registry(tmp_path / "nocoords.csv")
    (tmp_path / "broken.geojson").write_text("{not json")
    with pytest.raises(InputFileError, match="Cannot read"):
        read_registry(tmp_path / "broken.geojson")
    (tmp_path / "latin.csv").write_bytes(b"name,category,lon,lat\n\xff\xfe\xfa,library,1,2\n")
    with pytest.raises(InputFileError):
        read_registry(tmp_path / "latin.csv")


def test_amap_gcj02_registry_is_moved_back_onto_wgs84(tmp_path):
    from learning_map.coords import wgs84_to_gcj02

    true_lon, true_lat = 121.4737, 31.2304  # People's Square, Shanghai (WGS84)
    g_lon, g_lat = wgs84_to_gcj02(true_lon, true_lat)
    (tmp_path / "amap.csv").write_text(f"名称,类别,经度,纬度\n人民广场学习点,学习点,{g_lon:.7f},{g_lat:.7f}\n",
                                       encoding="utf-8")
    as_is = read_registry(tmp_path / "amap.csv").sites.geometry.iloc[0]
    converted = read_registry(tmp_path / "amap.csv", coordinate_system="gcj02").sites.geometry.iloc[0]
    assert abs(as_is.x - true_lon) > 0.003  # hundreds of metres off without conversion
    assert converted.x == pytest.approx(true_lon, abs=1e-6)
    assert converted.y == pytest.approx(true_lat, abs=1e-6)
    with pytest.raises(InputFileError, match="unknown coordinate system"):
        read_registry(tmp_path / "amap.csv", coordinate_system="utm50")
