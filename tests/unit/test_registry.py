"""Registry loading: every bad row reported with line and reason, no good row lost."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from learning_map.base.problems import said
from learning_map.base.tables import write_csv
from learning_map.city.registry_file import read_registry
from learning_map.errors import InputFileError, ParameterError

HEADER = "编号,名称,类别,地址,经度,纬度\n"
GOOD = [
    "A1,湖滨社区学校,社区学校,湖滨路1号,120.16,30.25",
    "A9,西湖区图书馆,图书馆,,120.12,30.26",
]
BAD = {
    "A2,,图书馆,x,120.1,30.2": "missing name",
    "A3,老年大学,老年大学,y,abc,30.2": "longitude 'abc' is not a number",
    "A4,Bad Lon,library,z,200,30": "longitude 200 is outside",
    "A5,No lat,library,z,120.2,": "missing latitude",
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
        assert expected in said(row["reason"], "en")
    assert load.rejected["line"].tolist() == list(range(3, 10))
    assert "loaded 2 sites, rejected 7 rows" in load.summary
    assert shapely.equals(load.sites.geometry.iloc[0], shapely.Point(120.16, 30.25))


def test_rejected_rows_keep_original_values_and_reload_after_fixing(tmp_path):
    load = read_registry(write_registry(tmp_path / "sites.csv"))
    report = write_csv(load.rejected, tmp_path / "rejected.csv")
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
    assert said(load.rejected["reason"].iloc[0], "en") == "missing name"


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
    with pytest.raises(InputFileError, match="cannot read the text encoding"):
        read_registry(tmp_path / "latin.csv")


def test_amap_gcj02_registry_is_moved_back_onto_wgs84(tmp_path):
    from learning_map.city.coords import wgs84_to_gcj02

    true_lon, true_lat = 121.4737, 31.2304  # People's Square, Shanghai (WGS84)
    g_lon, g_lat = wgs84_to_gcj02(true_lon, true_lat)
    (tmp_path / "amap.csv").write_text(f"名称,类别,经度,纬度\n人民广场学习点,学习点,{g_lon:.7f},{g_lat:.7f}\n",
                                       encoding="utf-8")
    as_is = read_registry(tmp_path / "amap.csv").sites.geometry.iloc[0]
    converted = read_registry(tmp_path / "amap.csv", coordinate_system="gcj02").sites.geometry.iloc[0]
    assert abs(as_is.x - true_lon) > 0.003  # hundreds of metres off without conversion
    assert converted.x == pytest.approx(true_lon, abs=1e-6)
    assert converted.y == pytest.approx(true_lat, abs=1e-6)
    with pytest.raises(ParameterError, match="unknown coordinate system") as caught:
        read_registry(tmp_path / "amap.csv", coordinate_system="utm50")
    assert caught.value.param == "coordinate_system"


# --- Quotes, encodings, formula guards and numbers (security issue) -------------------------

def load_text(tmp_path, text, *, encoding="utf-8", name="sites.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return read_registry(path)


def loaded(load):
    return list(zip(load.sites["line"], load.sites["name"], strict=True))


def rejected(load):
    return [(line, said(reason, "en")) for line, reason in zip(load.rejected["line"], load.rejected["reason"],
                                                                strict=True)]


def test_single_quoted_word_does_not_become_the_quote_character(tmp_path):
    load = load_text(tmp_path, HEADER
                     + "B1,书法 'Calligraphy' 课程,学习点,'x',113.54,22.19\n"
                     + 'B2,玉林图书馆,图书馆,"玉林街10号, 2楼",113.55,22.19\n'
                     + "B3,'Quoted' Hall,文化馆,y,113.56,22.19\n")
    assert loaded(load) == [(2, "书法 'Calligraphy' 课程"), (3, "玉林图书馆"), (4, "'Quoted' Hall")]
    assert load.sites["address"].tolist() == ["'x'", "玉林街10号, 2楼", "y"]
    assert load.rejected.empty


@pytest.mark.parametrize(("separator", "address"), [(";", "a, b"), ("\t", "c; d, e")])
def test_semicolon_or_tab_only_when_the_header_has_no_comma(tmp_path, separator, address):
    text = HEADER.replace(",", separator) + separator.join(
        ["C1", "Sep Library", "library", address, "113.54", "22.19"]) + "\n"
    load = load_text(tmp_path, text)
    assert loaded(load) == [(2, "Sep Library")]
    assert load.sites["address"].tolist() == [address]


def test_rejected_report_loads_again_after_fixing(tmp_path):
    load = read_registry(write_registry(tmp_path / "sites.csv"))
    assert any("'abc'" in str(reason) for reason in load.rejected["reason"])  # quotes in reasons
    report = write_csv(load.rejected, tmp_path / "rejected_sites.csv")
    assert report.read_bytes().startswith(b"\xef\xbb\xbf")
    # The user fixes A3's longitude in a text editor and loads the whole report again.
    text = report.read_text(encoding="utf-8-sig")
    assert text.count(",abc,") == 1
    report.write_text(text.replace(",abc,", ",120.15,"), encoding="utf-8-sig")
    again = read_registry(report)
    # "Dup" shares its id with a good row of the first file, not with any row of the report.
    assert loaded(again) == [(3, "老年大学"), (6, "Dup")]
    assert again.sites.geometry.iloc[0].x == pytest.approx(120.15)
    assert again.sites["line"].tolist() == [3, 6]  # lines of the report, not the old values
    assert "reason" not in again.sites.columns
    assert "raw" not in again.sites.columns
    # Rows still wrong are rejected again (line numbers are now those of the report).
    assert [(line, reason.split(" / ")[0]) for line, reason in rejected(again)] == [
        (2, "missing name"),
        (4, "longitude 200 is outside -180..180"),
        (5, "missing latitude"),
        (7, "unknown category 'swimming' (use one of: community_learning, elderly_education, "
            "library, cultural_centre, school, college, university)"),
        (8, "missing name"),  # the 7-field row: only its raw text was kept
    ]


def test_rejected_report_made_with_write_csv_reloads_after_editing_a_cell(tmp_path):
    from learning_map.base.tables import write_csv

    load = read_registry(write_registry(tmp_path / "sites.csv"))
    report = write_csv(load.rejected, tmp_path / "report.csv")
    edited = pd.read_csv(report, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    edited.loc[edited["编号"] == "A5", "纬度"] = "30.21"
    write_csv(edited, report)
    again = read_registry(report)
    assert loaded(again) == [(5, "No lat"), (6, "Dup")]
    assert len(again.rejected) == len(BAD) - 2


def test_unterminated_quote_rejects_one_line_and_keeps_the_rest(tmp_path):
    load = load_text(tmp_path, HEADER
                     + "D1,ok one,library,x,113.54,22.19\n"
                     + 'D2,"broken name,library,x,113.55,22.19\n'
                     + "D3,ok three,library,y,113.56,22.19\n"
                     + 'D4,ok four,library,"玉林街10号, 2楼",113.57,22.19\n'
                     + 'D5,"two\nline name",library,z,113.58,22.19\n'
                     + 'D6,"broken again,library,x,113.55,22.19\n'
                     + 'D7,ok seven,library,"quoted, address",113.59,22.19\n'
                     + 'D8,ok eight,library,x,113.6,"22.19\n')
    assert loaded(load) == [(2, "ok one"), (4, "ok three"), (5, "ok four"),
                            (6, "two\nline name"), (9, "ok seven")]
    assert rejected(load) == [
        (3, "unterminated quote opened on line 3"),
        (8, "unterminated quote opened on line 8"),
        (10, "unterminated quote opened on line 10"),
    ]
    assert load.rejected["raw"].tolist()[0] == 'D2,"broken name,library,x,113.55,22.19'


def test_quoted_newlines_keep_physical_line_numbers(tmp_path):
    load = load_text(tmp_path, HEADER
                     + '"E1","first\nsecond\nthird",library,a,113.54,22.19\n'
                     + '"multi\nline id",ok,library,"b\r\nc",113.55,22.19\n'
                     + "E3,,library,d,113.56,22.19\n"
                     + 'E4,"""quoted"" name",library,e,113.57,22.19\n'
                     + "E5,too,many,fields,1,2,3\n")
    # Records start on lines 2 (3 lines), 5 (3 lines: "multi|line id" and "b|c"), 8, 9, 10.
    assert loaded(load) == [(2, "first\nsecond\nthird"), (5, "ok"), (9, '"quoted" name')]
    assert load.sites["site_id"].tolist()[1] == "multi\nline id"
    assert load.sites["address"].tolist()[1] == "b\r\nc"
    assert [(line, reason.split(" / ")[0]) for line, reason in rejected(load)] == [
        (8, "missing name"), (10, "has 7 fields, header has 6"),
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_bom(tmp_path, encoding):
    text = HEADER + "\n".join([GOOD[0], "A2,,图书馆,x,120.1,30.2", GOOD[1]]) + "\n"
    load = load_text(tmp_path, text, encoding=encoding)
    assert loaded(load) == [(2, "湖滨社区学校"), (4, "西湖区图书馆")]
    assert [line for line, _ in rejected(load)] == [3]


@pytest.mark.parametrize("raw", [
    b"\xff\xfe" + "名称,类别,经度,纬度\n".encode("utf-16-le") + b"\x00",  # odd byte count
    b"\xef\xbb\xbfname,category,lon,lat\n\xc3\x28,library,1,2\n",  # BOM, then bad UTF-8
    b"name,category,lon,lat\n\xff\xfe\xfa,library,1,2\n",  # neither UTF-8 nor GB18030
])
def test_undecodable_text_names_the_encoding(tmp_path, raw):
    (tmp_path / "bad.csv").write_bytes(raw)
    with pytest.raises(InputFileError, match=r"encoding.*/ bad.csv：文件编码无法识别"):
        read_registry(tmp_path / "bad.csv")


def test_workbook_saved_as_csv_is_named(tmp_path):
    frame = pd.DataFrame({"name": ["A"], "category": ["library"], "lon": [1.0], "lat": [2.0]})
    frame.to_excel(tmp_path / "book.xlsx", index=False)
    (tmp_path / "book.csv").write_bytes((tmp_path / "book.xlsx").read_bytes())
    with pytest.raises(InputFileError, match="Excel workbook"):
        read_registry(tmp_path / "book.csv")


def test_header_only_and_all_rejected_files_say_nothing_loaded(tmp_path):
    empty = load_text(tmp_path, HEADER, name="header.csv")
    assert empty.is_empty
    assert empty.sites.empty
    assert empty.rejected.empty
    assert empty.summary.startswith("header.csv: no sites loaded")
    assert "未载入任何站点" in empty.summary
    assert "loaded 0" not in empty.summary
    bad = load_text(tmp_path, HEADER + "\n".join(list(BAD)[:3]) + "\n", name="bad.csv")
    assert bad.is_empty
    assert [line for line, _ in rejected(bad)] == [2, 3, 4]
    assert bad.summary.startswith("bad.csv: no sites loaded, all 3 rows rejected")
    good = read_registry(write_registry(tmp_path / "good.csv"))
    assert not good.is_empty


PAYLOADS = [
    '=HYPERLINK("http://evil","click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "\t=cmd",
    "-2+3",
    "+853 2835 1234",
    "书法 'Calligraphy' 课程",
    "'already quoted",
]


def payload_frame():
    return pd.DataFrame({
        "名称": PAYLOADS,
        "类别": ["library"] * len(PAYLOADS),
        "电话": ["+853 2835 1234"] * len(PAYLOADS),
        "经度": [113.54 + i / 1000 for i in range(len(PAYLOADS))],
        "纬度": [22.19] * len(PAYLOADS),
    })


def test_formula_guard_round_trip_through_csv(tmp_path):
    from learning_map.base.tables import write_csv

    path = write_csv(payload_frame(), tmp_path / "sites.csv")
    text = path.read_text(encoding="utf-8-sig")
    assert '\n"\'=HYPERLINK(""http://evil""' in text
    assert "\n'\t=cmd," in text
    assert "\n'-2+3," in text
    load = read_registry(path)
    assert load.sites["name"].tolist() == PAYLOADS  # exactly, tab included, never "=cmd"
    assert load.sites["phone"].tolist() == ["+853 2835 1234"] * len(PAYLOADS)
    assert load.rejected.empty
    # A second round trip changes nothing.
    again = read_registry(write_csv(load.sites.drop(columns="geometry").assign(
        lon=load.sites.geometry.x, lat=load.sites.geometry.y), tmp_path / "again.csv"))
    assert again.sites["name"].tolist() == PAYLOADS


def test_formula_text_round_trip_through_xlsx(tmp_path):
    from learning_map.base.tables import write_xlsx

    path = write_xlsx({"sites": payload_frame()}, tmp_path / "sites.xlsx")
    load = read_registry(path)
    assert load.sites["name"].tolist() == PAYLOADS
    assert load.rejected.empty


def test_text_keeps_tabs_and_loses_only_spaces(tmp_path):
    load = load_text(tmp_path, "名称,类别,经度,纬度,备注\n"
                     + "  spaced name  ,library,113.54,22.19,  '=note\n"
                     + "\ttabbed\t,library,113.54,22.19,''=x\n")
    assert load.sites["name"].tolist() == ["spaced name", "\ttabbed\t"]
    # Exactly one guard in front of a formula character goes; "'=x" is not a formula.
    assert load.sites["备注"].tolist() == ["=note", "''=x"]


@pytest.mark.parametrize("value", ["１１３.５", "١١٣.٥", "113_5435", "nan", "NaN", "inf", "-Infinity",
                                   "1e999", "0x71", "113.5.4", "1,135"])
def test_coordinates_must_be_ascii_numbers(tmp_path, value):
    load = load_text(tmp_path, "名称,类别,经度,纬度\n"
                     + f"ok,library,113.54,22.19\nbad,library,\"{value}\",22.19\n")
    assert loaded(load) == [(2, "ok")]
    assert rejected(load) == [(3, f"longitude {value!r} is not a number")]
    assert said(load.rejected["reason"].iloc[0], "zh_Hant") == f"經度 {value!r} 不是數字"


def test_vectorised_numbers_agree_with_parse_ascii_float():
    from learning_map.base.safety import parse_ascii_float
    from learning_map.city.registry_checks import number_column

    values = ["113.5", " -22.1 ", "+1e3", ".5", "5.", "１１３", "1_0", "nan", "inf", "1e999", "",
              "1.5e", "٣", "\t7\t", "　8　"]
    numbers = number_column(pd.Series(values, dtype=object))
    expected = [parse_ascii_float(v) for v in values]
    assert [None if pd.isna(n) else n for n in numbers] == expected


def test_xlsx_formula_cells_load_as_their_result(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "category", "lon", "lat"])
    sheet.append(["Typed Library", "library", 113.54, 22.19])
    sheet.append(["=\"Formula\"&\" Library\"", "library", "=113.5+0.05", 22.19])
    book.save(tmp_path / "formulas.xlsx")
    load = read_registry(tmp_path / "formulas.xlsx")
    # openpyxl saves no cached results, so the formula row has no values; it is reported.
    assert loaded(load) == [(2, "Typed Library")]
    assert [line for line, _ in rejected(load)] == [3]


@pytest.mark.parametrize(("line", "still_open"), [
    ('a,"b""c",d\n', False),
    ('a,b"c,d\n', False),  # a quote inside an unquoted field is text
    (' "a,b\n', False),  # so is one after a space
    ('a,"b"c,"d\n', True),
    ('"a""\n', True),  # "" is a literal quote, the field goes on
    ('"a"""\n', False),
    ('x;"a;b";c\r\n', False),
])
def test_open_quote_detection_follows_csv_rules(line, still_open):
    import csv

    from learning_map.io.csv_rows import _ends_in_quote

    delimiter = ";" if line.startswith("x;") else ","
    assert _ends_in_quote(line, delimiter, in_quote=False) is still_open
    # csv agrees: an open quote swallows the next line into the same record.
    rows = list(csv.reader([line, "next\n"], delimiter=delimiter))
    assert (len(rows) == 1) is still_open
