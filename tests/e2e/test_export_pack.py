"""
The review-ready map pack of ``learning-map export`` on Macau (its OpenStreetMap sites as the 2026 registry).

A street map (街区图, the default) draws no administrative boundary and says so; ``--boundaries``
draws exactly the office's features and names their source; the pack carries ISO 19115
metadata (ISO 19139 XML) and a data dictionary of every file and column, both in the manifest.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
from typing import TYPE_CHECKING

import pytest

from tests.conftest import MACAU_PBF, MACAU_ZONES
from tests.iso19115_check import bounding_box, iso19115_problems, xsd_problems
from tests.script_check import pdf_text

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow

PUBLISHER = "教育及青年發展局 <DSEDJ> & Co"
REVIEW_NUMBER = "澳S(2026)001号"
SOURCE = "地圖繪製暨地籍局"
STREET_NOTE = "街區圖：未繪製行政界線"
# The three census zones an office supplies as its boundaries (north of the peninsula).
THREE = ("青洲區", "筷子基區", "荷蘭園區")
TABLES = (".csv", ".xlsx", ".geojson", ".gpkg")

needs_print_tools = pytest.mark.skipif(not shutil.which("pdftotext"),
                                       reason="poppler-utils is not installed (scripts/test.sh installs it)")


@pytest.fixture(scope="module")
def city(tmp_path_factory, macau_bundle, cli):
    """Macau with its OpenStreetMap sites imported as the 2026 registry (a copy of the shared bundle)."""
    out = tmp_path_factory.mktemp("pack") / "macau"
    shutil.copytree(macau_bundle, out, symlinks=True)
    imported = cli.invoke(["import", str(out), str(MACAU_PBF)])
    assert imported.exit_code == 0, imported.stderr
    return out


@pytest.fixture(scope="module")
def cli():
    from click.testing import CliRunner

    from learning_map.cli import main

    class Runner:
        def invoke(self, args):
            return CliRunner().invoke(main, [str(a) for a in args])

    return Runner()


@pytest.fixture(scope="module")
def three_zones(tmp_path_factory) -> Path:
    import geopandas as gpd

    zones = gpd.read_file(MACAU_ZONES)
    path = tmp_path_factory.mktemp("boundaries") / "three.geojson"
    zones[zones["name_tc"].isin(THREE)][["name_tc", "geometry"]].to_file(path, driver="GeoJSON")
    return path


@pytest.fixture(scope="module")
def street(city, cli, tmp_path_factory):
    """The default export: a street map, with every data file the pack can hold."""
    out = tmp_path_factory.mktemp("street") / "2026"
    result = cli.invoke(["export", city, "--year", "2026", "--out", out, "--by", f"{MACAU_ZONES}:name_tc",
                            "--standard", "gb50180", "--cgcs2000", "--shapefile", "--publisher", PUBLISHER,
                            "--review-number", REVIEW_NUMBER])
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def official(city, cli, tmp_path_factory, three_zones):
    out = tmp_path_factory.mktemp("official") / "2026"
    result = cli.invoke(["export", city, "--year", "2026", "--out", out, "--by", f"{MACAU_ZONES}:name_tc",
                            "--boundaries", f"{three_zones}:name_tc", "--boundaries-source", SOURCE])
    assert result.exit_code == 0, result.stderr
    return out


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


# -- street map and official boundaries ----------------------------------------------------------

@needs_print_tools
def test_a_street_map_says_on_every_sheet_that_it_draws_no_boundary(street):
    assert STREET_NOTE in pdf_text(street / "learning-map-2026.pdf")
    booklet = pdf_text(street / "booklet-2026.pdf")
    pages = booklet.count("\f")
    assert pages >= 20  # a page per census zone: the units still make the pages
    assert booklet.count(STREET_NOTE) == pages
    printed = manifest_of(street)["printed"]
    assert printed == {"boundaries": {"mode": "street"}, "publisher": PUBLISHER, "review_number": REVIEW_NUMBER}


def test_a_street_map_draws_no_unit_outline(city):
    import geopandas as gpd

    from learning_map.export.print.booklet import booklet_document
    from learning_map.export.print.poster import poster_document
    from learning_map.export.year_compare import compare_years, read_year

    units = gpd.read_file(MACAU_ZONES)
    found = read_year(city, 2026, database_url=None, title=None)
    compare_years(found, 2026, units, "name_tc")
    poster = poster_document(found.city, city, year=2026, title=found.title, units=units, unit_field="name_tc")
    near = units[units["name_tc"].isin(THREE)]
    booklet = booklet_document(found.city, city, year=2026, title=found.title, units=near, unit_field="name_tc",
                               coverage_rows=found.coverage, changes=found.changes, previous=found.previous)
    for html in (poster.context["html"], booklet):
        assert 'class="boundary"' not in html
        assert 'class="unit-highlight"' not in html
        assert STREET_NOTE in html


def test_official_boundaries_draw_exactly_the_files_features(city, three_zones):
    import geopandas as gpd

    from learning_map.export.print.booklet import booklet_document
    from learning_map.export.print.boundaries import official_boundaries
    from learning_map.export.print.poster import poster_document
    from learning_map.export.year_compare import compare_years, read_year

    units = gpd.read_file(MACAU_ZONES)
    supplied = gpd.read_file(three_zones)
    assert len(supplied) == 3
    boundaries = official_boundaries(supplied, field="name_tc", source=SOURCE, file_name=three_zones.name)
    found = read_year(city, 2026, database_url=None, title=None)
    compare_years(found, 2026, units, "name_tc")
    poster = poster_document(found.city, city, year=2026, title=found.title, units=units, unit_field="name_tc",
                             boundaries=boundaries)
    html = poster.context["html"]
    # Each map of the sheet (the main map, and insets enlarging part of it) draws the file's
    # features and no other: the main map all three.
    maps = html.split('<g clip-path="url(#clip-')[1:]
    assert max(part.count('class="boundary"') for part in maps) == 3
    assert all(part.count('class="boundary"') <= 3 for part in maps)
    assert f"行政界線來源：{SOURCE}" in html
    assert STREET_NOTE not in html
    # The booklet of the same three zones: each page draws its own zone strong, and never a
    # boundary the file does not hold.
    booklet = booklet_document(found.city, city, year=2026, title=found.title, units=supplied,
                               unit_field="name_tc", coverage_rows=found.coverage, changes=found.changes,
                               previous=found.previous, boundaries=boundaries)
    assert booklet.count('class="unit-highlight"') == 3
    pages = booklet.split('class="page"')[1:]
    # (further pages: continued lists, and the sites outside the three zones)
    assert sum('class="unit-highlight"' in page for page in pages) == 3
    assert all(1 <= page.count('class="boundary"') <= 3 for page in pages if 'class="unit-highlight"' in page)
    assert all(page.count('class="boundary"') <= 3 for page in pages)
    # Zones of --by that are not in the file are never drawn strong.
    other = units[~units["name_tc"].isin(THREE)].head(2)
    booklet = booklet_document(found.city, city, year=2026, title=found.title, units=other,
                               unit_field="name_tc", coverage_rows=found.coverage, changes=found.changes,
                               previous=found.previous, boundaries=boundaries)
    assert 'class="unit-highlight"' not in booklet


@needs_print_tools
def test_the_official_sheet_names_its_boundaries_source(official, three_zones):
    assert f"行政界線來源：{SOURCE}" in pdf_text(official / "learning-map-2026.pdf")
    booklet = pdf_text(official / "booklet-2026.pdf")
    assert booklet.count(f"行政界線來源：{SOURCE}") == booklet.count("\f")
    assert STREET_NOTE not in booklet
    printed = manifest_of(official)["printed"]
    assert printed["boundaries"] == {"mode": "official", "source": SOURCE, "features": 3, "field": "name_tc"}


@pytest.mark.parametrize(("make", "args", "expected"), [
    (None, ["--boundaries", "nowhere.geojson"], "nowhere.geojson"),
    ("three", ["--boundaries", "{three}:nope"], "nope"),
    ("points", ["--boundaries", "{points}"], "Point"),
    ("empty", ["--boundaries", "{empty}"], "empty.geojson"),
    (None, ["--mode", "official"], "--boundaries"),
    ("three", ["--mode", "street", "--boundaries", "{three}"], "--boundaries"),
])
def test_a_wrong_boundaries_file_is_one_sentence(city, cli, tmp_path, three_zones, make, args, expected):
    files = {"three": three_zones, "points": tmp_path / "points.geojson", "empty": tmp_path / "empty.geojson"}
    files["points"].write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "A"}, "geometry": {"type": "Point", "coordinates": [113.54, 22.19]}},
    ]}), encoding="utf-8")
    files["empty"].write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    filled = [a.format(**files) for a in args]
    result = cli.invoke(["export", city, "--year", "2026", "--out", tmp_path / "out", "--no-print", *filled])
    assert result.exit_code == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


# -- metadata, data dictionary, manifest ------------------------------------------------------------

def test_the_metadata_is_iso_19139_with_the_packs_files(street):
    document = (street / "metadata-2026.xml").read_bytes()
    assert iso19115_problems(document) == []
    folder = os.environ.get("LEARNING_MAP_ISO19139_XSD")
    if folder:
        pytest.importorskip("xmlschema")
        assert xsd_problems(document, folder) == []
    text = document.decode("utf-8")
    assert "&lt;DSEDJ&gt; &amp; Co" in text  # the publisher, escaped by the XML library
    assert REVIEW_NUMBER in text
    assert "EPSG:4490" in text  # --cgcs2000
    assert STREET_NOTE in text  # the lineage says what the printed maps drew
    listed = {f["name"] for f in manifest_of(street)["files"]} | {"manifest.json"}
    assert set(re.findall(r"<gmd:URL>([^<]+)</gmd:URL>", text)) == listed
    west, south, east, north = bounding_box(document)
    with (street / "sites-2026.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert all(west <= float(r["lon"]) <= east and south <= float(r["lat"]) <= north for r in rows)


def test_the_dictionary_describes_every_column_of_every_file_and_no_other(street):
    import geopandas as gpd
    import openpyxl

    listed = {f["name"] for f in manifest_of(street)["files"]} | {"manifest.json"}
    with (street / "data-dictionary-2026.csv").open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    header, rows = table[0], table[1:]
    assert header[:3] == ["檔案 / File", "工作表 / Sheet", "欄位 / Field"]
    assert header[3:5] == ["說明", "Description"]
    described = {(r[0], r[1], r[2]) for r in rows if r[2]}
    assert {r[0] for r in rows if not r[2]} == listed  # a row for every file
    assert all(r[3] and r[4] for r in rows)  # a description in Chinese and in English

    found = set()
    for name in sorted(listed):
        path = street / name
        if path.suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                found |= {(name, "", c) for c in next(csv.reader(handle))}
        elif path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path, read_only=True)
            for sheet in book.worksheets:
                first = next(sheet.iter_rows(max_row=1, values_only=True))
                found |= {(name, sheet.title, str(c)) for c in first if c is not None}
            book.close()
        elif path.suffix in (".geojson", ".gpkg", ".shp"):
            found |= {(name, "", c) for c in gpd.read_file(path).columns}
    assert {n for n, _, _ in found} >= {n for n in listed if n.endswith(TABLES)}
    assert described == found
    # The workbook holds the same rows.
    book = openpyxl.load_workbook(street / "data-dictionary-2026.xlsx", read_only=True)
    cells = [["" if c is None else str(c) for c in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    assert cells == table


def test_the_manifest_lists_the_metadata_and_the_dictionary_with_their_checksums(street):
    files = {f["name"]: f for f in manifest_of(street)["files"]}
    for name in ("metadata-2026.xml", "data-dictionary-2026.csv", "data-dictionary-2026.xlsx"):
        data = (street / name).read_bytes()
        assert files[name]["sha256"] == hashlib.sha256(data).hexdigest()
        assert files[name]["bytes"] == len(data)
