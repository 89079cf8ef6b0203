"""``learning-map export``: the yearly learning map's files, run as a city office runs it."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
import zipfile
from typing import TYPE_CHECKING

import pytest

from tests import _servers
from tests._servers import wait_for_page
from tests.conftest import MACAU_ZONES
from tests.script_check import html_data, pdf_text, script_slips

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow

# 2025: three sites. 2026: L2 closed, C1 added, L1's phone changed; a hostile name stays text.
REGISTRY_2025 = """编号,名称,类别,经度,纬度,电话,地址
L1,澳門中央圖書館,图书馆,113.5417,22.1917,+853 2856 7576,塔石廣場
L2,何東圖書館,图书馆,113.5397,22.1929,,崗頂前地3號
E1,"=HYPERLINK(""http://evil"",""click"")",老年大学,113.5500,22.2000,,
"""
REGISTRY_2026 = """编号,名称,类别,经度,纬度,电话,地址
L1,澳門中央圖書館,图书馆,113.5417,22.1917,+853 2800 0000,塔石廣場
E1,"=HYPERLINK(""http://evil"",""click"")",老年大学,113.5500,22.2000,,
C1,新社區學校,社区学校,113.5560,22.2060,,
"""
BASE_URL = "https://learning.example.mo/map"
PUBLISHER = "澳門教育及青年發展局"
REVIEW_NUMBER = "澳S(2026)001号"
DATA_FILES = ("sites-2026.csv", "sites-2026.geojson", "sites-2026.gpkg", "sites-2026.xlsx",
              "sites-2026-cgcs2000.gpkg", "coverage-2026.csv", "coverage-2026.xlsx",
              "changes-2026.csv", "manifest.json")


@pytest.fixture(scope="module")
def city(tmp_path_factory, macau_pbf):
    from click.testing import CliRunner

    from learning_map.cli import main

    root = tmp_path_factory.mktemp("export")
    (root / "r2025.csv").write_text(REGISTRY_2025, encoding="utf-8")
    (root / "r2026.csv").write_text(REGISTRY_2026, encoding="utf-8")
    out = root / "city"
    runner = CliRunner()
    built = runner.invoke(main, [
        "build", "--osm", str(macau_pbf), "--population", f"{MACAU_ZONES}:pop_est",
        "--elderly-share", "old_per", "--sites", str(root / "r2025.csv"), "--year", "2025",
        "--out", str(out)])
    assert built.exit_code == 0, built.stderr
    imported = runner.invoke(main, ["import", str(out), str(root / "r2026.csv"), "--year", "2026",
                                    "--close-missing"])
    assert imported.exit_code == 0, imported.stderr
    return out


def export_args(city: Path, out: Path) -> list[str]:
    return ["export", str(city), "--year", "2026", "--out", str(out), "--by", f"{MACAU_ZONES}:name_tc",
            "--standard", "gb50180", "--cgcs2000", "--shapefile", "--base-url", BASE_URL,
            "--publisher", PUBLISHER, "--review-number", REVIEW_NUMBER]


@pytest.fixture(scope="module")
def exported(city, tmp_path_factory):
    from click.testing import CliRunner

    from learning_map.cli import main

    out = tmp_path_factory.mktemp("dist") / "2026"
    result = CliRunner().invoke(main, export_args(city, out))
    assert result.exit_code == 0, result.stderr
    assert "Exported 3 sites of 2026, changes since 2025" in result.stdout
    return out


def test_every_file_is_there_and_the_manifest_checks_them(exported):
    import hashlib

    for name in (*DATA_FILES, "learning-map-2026.html", "learning-map-2026.pdf",
                 "learning-map-2026.png", "booklet-2026.pdf"):
        assert (exported / name).is_file(), name
    manifest = json.loads((exported / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["year"] == 2026
    assert manifest["previous_year"] == 2025
    assert manifest["registry"]["sites"] == 3
    assert manifest["registry"]["per_category"] == {
        "community_learning": 1, "elderly_education": 1, "library": 1}
    listed = {f["name"]: f for f in manifest["files"]}
    assert "sites-2026-shp/sites-2026.cpg" in listed
    for name, entry in listed.items():
        data = (exported / name).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    # Nothing but the export in the folder, and no temporary folder left beside it.
    on_disk = {str(p.relative_to(exported)) for p in exported.rglob("*") if p.is_file()}
    assert on_disk == set(listed) | {"manifest.json"}
    assert [p.name for p in exported.parent.iterdir()] == ["2026"]


def test_site_files_hold_the_years_sites(exported):
    import geopandas as gpd
    import openpyxl

    gpkg = gpd.read_file(exported / "sites-2026.gpkg")
    assert sorted(gpkg["site_id"]) == ["C1", "E1", "L1"]  # L2 closed in 2026
    assert gpkg.crs.to_epsg() == 4326
    assert gpd.read_file(exported / "sites-2026-cgcs2000.gpkg").crs.to_epsg() == 4490
    geojson = gpd.read_file(exported / "sites-2026.geojson")
    assert sorted(geojson["site_id"]) == ["C1", "E1", "L1"]
    shp = gpd.read_file(exported / "sites-2026-shp" / "sites-2026.shp")
    assert "澳門中央圖書館" in set(shp["name"])  # GBK read back through the .cpg
    assert (exported / "sites-2026-shp" / "sites-2026.cpg").read_text().strip().upper() == "GBK"

    # Macau's export is in 繁體 (the city's script): sheet names and headers too.
    book = openpyxl.load_workbook(exported / "sites-2026.xlsx")
    assert book.sheetnames[0] == "全部場所"
    assert {"圖書館", "長者教育"} <= set(book.sheetnames)
    sheet = book["全部場所"]
    headers = [c.value for c in sheet[1]]
    assert "名稱" in headers
    assert "電話" in headers
    assert "類別" in headers
    assert sheet.freeze_panes == "A2"
    names = [row[headers.index("名稱")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '=HYPERLINK("http://evil","click")' in names  # text, stored as a string cell
    assert all(c.data_type == "s" for c in sheet["B"][1:])

    text = (exported / "sites-2026.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel shows Chinese
    rows = list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))
    assert [r["site_id"] for r in rows] == ["C1", "E1", "L1"]
    assert next(r for r in rows if r["site_id"] == "E1")["name"].startswith("'=HYPERLINK")
    assert next(r for r in rows if r["site_id"] == "L1")["phone"] == "+853 2800 0000"


def test_changes_name_what_opened_closed_and_changed(exported):
    rows = list(csv.DictReader(io.StringIO((exported / "changes-2026.csv").read_text(encoding="utf-8-sig"))))
    got = [(r["action"], r["site_id"], r["field"], r["old_value"], r["new_value"]) for r in rows]
    assert got == [
        ("added", "C1", "", "", ""),
        ("closed", "L2", "", "", ""),
        ("changed", "L1", "phone", "+853 2856 7576", "+853 2800 0000"),
    ]
    assert rows[1]["name"] == "何東圖書館"
    assert rows[1]["action_label"] == "已關閉"  # in the export's language (Macau: 繁體)


def test_coverage_table_has_units_paces_and_the_change_since_last_year(exported):
    import pandas as pd

    table = pd.read_csv(exported / "coverage-2026.csv", encoding="utf-8-sig")
    assert set(table["pace"]) == {"adult", "elderly"}
    assert set(table["minutes"]) == {5.0, 10.0, 15.0}
    city = table[(table["unit"] == "全市")]
    units = table[(table["unit"] != "全市")]
    assert set(table["label"]) >= {"圖書館", "全部學習場所"}
    assert units["unit"].nunique() >= 20  # Macau's census zones
    # Per-unit residents add up to the city's, for every category, pace and threshold.
    for (category, pace, minutes), part in units.groupby(["category", "pace", "minutes"]):
        whole = city[(city["category"] == category) & (city["pace"] == pace)
                     & (city["minutes"] == minutes)]
        assert part["population_covered"].sum() == pytest.approx(whole["population_covered"].iloc[0], abs=1)
    # Closing one of two libraries cannot raise library coverage; a new community school adds.
    library = city[(city["category"] == "library") & (city["minutes"] == 15)]
    assert (library["population_share_change_pp"] <= 0).all()
    assert (library["sites_previous"] == 2).all()
    assert (library["sites"] == 1).all()
    school = city[(city["category"] == "community_learning") & (city["minutes"] == 15)]
    assert (school["population_share_change_pp"] > 0).all()
    assert (school["population_share_previous"] == 0).all()

    import openpyxl

    book = openpyxl.load_workbook(exported / "coverage-2026.xlsx")
    assert book.sheetnames == ["覆蓋", "達標情況"]
    assert [c.value for c in book["覆蓋"][1]][:3] == ["統計單元", "類別代碼", "類別"]


def test_re_export_is_byte_identical(city, exported, tmp_path, runner):
    again = tmp_path / "2026"
    # The data files, not the print (PDFs carry their creation date), are what offices diff.
    result = runner.invoke([*export_args(city, again), "--no-print"])
    assert result.exit_code == 0, result.stderr
    data = [n for n in DATA_FILES if n != "manifest.json"]  # it lists the print files too
    for name in (*data, "sites-2026-shp/sites-2026.dbf", "sites-2026-shp/sites-2026.shp"):
        assert (again / name).read_bytes() == (exported / name).read_bytes(), name
    listed = {f["name"]: f["sha256"] for f in json.loads((again / "manifest.json").read_text())["files"]}
    first = {f["name"]: f["sha256"] for f in json.loads((exported / "manifest.json").read_text())["files"]}
    # The dictionary and the metadata describe every file, the print files too: they differ.
    described = ("data-dictionary-2026.csv", "data-dictionary-2026.xlsx", "metadata-2026.xml")
    assert {n: h for n, h in listed.items() if n not in described} == {
        n: h for n, h in first.items() if not n.endswith((".pdf", ".png")) and n not in described}
    with zipfile.ZipFile(again / "sites-2026.xlsx") as book:
        assert {info.date_time for info in book.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def _kill_when_started(args: list[str], out: Path) -> None:
    """Run the export as a user would and SIGKILL it once it has written into its temporary folder."""
    with _servers.started([sys.executable, "-m", "learning_map", *args]) as proc:
        deadline = time.monotonic() + _servers.READY_SECONDS
        while time.monotonic() < deadline and proc.poll() is None:
            if any(any(t.iterdir()) for t in out.parent.glob(f".{out.name}.*.tmp")):
                proc.send_signal(signal.SIGKILL)  # the export alone, as a crash would: not its Chromium
                break
            time.sleep(0.005)  # a tight look: the export may finish soon after it starts writing
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the export finished before it could be killed"


def test_killed_export_leaves_nothing_then_leaves_the_previous_export(city, tmp_path, runner):
    out = tmp_path / "dist" / "2026"
    out.parent.mkdir()
    args = ["export", str(city), "--year", "2026", "--out", str(out), "--no-print"]
    _kill_when_started(args, out)
    assert not out.exists()  # a first export killed mid-way leaves no folder

    first = runner.invoke(args)
    assert first.exit_code == 0, first.stderr
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    _kill_when_started(args, out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert list(out.parent.glob(".2026.*.tmp"))  # the killed run's litter ...
    assert runner.invoke(args).exit_code == 0
    assert [p.name for p in out.parent.iterdir()] == ["2026"]  # ... cleared by the next export
    assert os.listdir(out)


@pytest.mark.parametrize(("args", "expected"), [
    (["--standard", "gb50180"], "--standard"),
    (["--by", "nowhere.geojson:name"], "nowhere.geojson"),
    (["--year", "1999"], "1999"),
    (["--paper", "A0"], "--paper"),
    (["--base-url", "ftp://example.org"], "--base-url"),
])
def test_user_mistakes_give_one_bilingual_sentence(city, tmp_path, runner, args, expected):
    base = ["export", str(city), "--out", str(tmp_path / "out")]
    if "--year" not in args:
        base += ["--year", "2026"]
    result = runner.invoke([*base, *args])
    assert result.exit_code == 1
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.stderr)
    assert not (tmp_path / "out").exists()


# -- the printed poster and booklet ------------------------------------------------------------

needs_print_tools = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdftotext", "pdftoppm", "zbarimg")),
    reason="poppler-utils and zbar-tools are not installed (scripts/test.sh installs them)")


@needs_print_tools
def test_poster_is_one_a3_page_with_selectable_chinese_and_a_300_dpi_png(exported, tmp_path):
    from learning_map.export.print.chromium import png_size

    pdf = exported / "learning-map-2026.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, flags=re.MULTILINE)
    assert "(A3)" in info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "澳門中央圖書館" in text  # a site's Chinese name, as text (not outlines)
    assert "新社區學校" in text
    assert "何東圖書館" not in text  # closed in 2026
    assert PUBLISHER in text
    assert "審圖號" in text or "审图号" in text
    assert "OpenStreetMap" in text
    assert '=HYPERLINK("http://evil","click")' in text  # data is printed as text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows
    # Every font embedded, with a ToUnicode map (what makes the text selectable). Chromium
    # embeds Noto CJK's CFF outlines as vector Type 3 glyphs.
    assert all(row[-5] == "yes" and row[-3] == "yes" for row in rows)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-singlefile", str(pdf), str(tmp_path / "page")],
                   check=True)
    width, height = png_size((tmp_path / "page.png").read_bytes())
    assert (width, height in (661, 662)) == (468, True)  # A3 at 40 dpi (poppler rounds up)
    png = (exported / "learning-map-2026.png").read_bytes()
    assert png_size(png) == (3508, 4961)  # A3 at 300 dpi
    assert b"pHYs" + struct.pack(">IIB", 11811, 11811, 1) in png  # 300 dpi in pixels per metre


@needs_print_tools
def test_qr_codes_decode_to_each_sites_public_page(exported):
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(exported / "learning-map-2026.png")],
                             capture_output=True, text=True, check=True).stdout.split()
    assert sorted(decoded) == [f"{BASE_URL}/site/{i}" for i in ("C1", "E1", "L1")]


@needs_print_tools
def test_booklet_has_a_page_per_unit_with_its_sites_and_changes(exported):
    import geopandas as gpd

    units = gpd.read_file(MACAU_ZONES)
    booklet = exported / "booklet-2026.pdf"
    info = subprocess.run(["pdfinfo", str(booklet)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)$", info, flags=re.MULTILINE).group(1))
    assert pages == int((~units.geometry.is_empty).sum())
    texts = []
    for page in range(1, pages + 1):
        texts.append(subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(booklet), "-"],
                                    capture_output=True, text=True, check=True).stdout)
    # The unit holding the central library: its name, the library and last year's phone change.
    library = gpd.GeoSeries.from_xy([113.5417], [22.1917], crs=4326).to_crs(units.crs).iloc[0]
    name = units[units.contains(library)]["name_tc"].iloc[0]
    page = next(t for t in texts if t.lstrip().startswith(name))
    assert "澳門中央圖書館" in page
    assert "+853 2800 0000" in page
    assert "自 2025 年以來" in page
    assert "變更電話" in page
    assert all("15 分鐘步行覆蓋的居民" in t for t in texts)
    # The standard's checks in the booklet's language too (they read "at least 1 site / 至少…").
    assert not re.search(r"at least|site\(s\)", " ".join(texts))


def test_poster_labels_do_not_overlap_and_no_qr_without_a_base_url(city):
    import geopandas as gpd

    from learning_map.build.pipeline import city_for_year
    from learning_map.bundle.core import load_bundle
    from learning_map.export.print.poster import poster_document

    now = city_for_year(load_bundle(city), 2026)
    units = gpd.read_file(MACAU_ZONES)
    poster = poster_document(now, city, year=2026, title="澳門 2026", units=units,
                             unit_field="name_tc")
    boxes = [c.box for c in poster.labels]
    assert len(boxes) >= 10  # site numbers, unit names and street names
    assert poster.dropped == 0  # three sites: every number is on the map
    for i, a in enumerate(boxes):
        assert not any(a.intersects(b) for b in boxes[i + 1:]), a
    html = poster.context["html"]
    # The boxes hold the text as Chromium sets it in the CJK font: each label's real advance
    # width (SVG units are mm) fits its box, so disjoint boxes mean text that does not overlap.
    widths = _rendered_label_widths(html)
    labels = poster.context["map"].labels
    assert len(widths) == len(labels)
    for label, width, box in zip(labels, widths, boxes, strict=True):
        along = box.x1 - box.x0 if not label["angle"] else None
        if along is not None:
            assert width <= along + 0.05, label["text"]
    assert 'class="qr"' not in html
    assert "Scan" not in html
    assert "审图号" not in html  # printed only when given
    assert "審圖號" not in html


def _rendered_label_widths(html: str) -> list[float]:
    from playwright.sync_api import sync_playwright

    from learning_map.export.print.chromium import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_content(html)
            page.evaluate("document.fonts.ready.then(() => true)")
            return page.evaluate("[...document.querySelectorAll('text.label')]"
                                 ".map(t => t.getBBox().width)")
        finally:
            browser.close()


def test_no_cjk_font_is_one_sentence_and_exit_1(city, tmp_path, runner):
    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    out = tmp_path / "2026"
    result = runner.invoke(["export", str(city), "--year", "2026", "--out", str(out)],
                           env={"FONTCONFIG_FILE": str(empty)})
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "fonts-noto-cjk" in lines[0]
    assert "中文字体" in lines[0]
    assert not out.exists()


@pytest.mark.browser
def test_html_map_opens_from_file_with_the_offline_basemap_and_no_other_host(exported):
    from playwright.sync_api import sync_playwright

    from learning_map.export.print.chromium import CHROMIUM_ARGS, chromium_path

    page_file = exported / "learning-map-2026.html"
    html = page_file.read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script id="lm-data" type="application/json">(.*?)</script>', html,
                                flags=re.DOTALL).group(1))
    assert data["basemap"]  # the bundle's basemap, inlined
    requests, errors = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_file.as_uri())
            page.wait_for_selector(".leaflet-container")
            wait_for_page(page, "document.querySelectorAll('canvas').length > 0")
            page.wait_for_timeout(500)
            # The search box finds a site by name and opens its details.
            page.fill("#lm-q", "中央圖書館")
            page.click("#lm-hits button")
            page.wait_for_selector(".lm-popup")
            popup = page.locator(".lm-popup").inner_text()
            # What changed since last year, listed as text.
            changes = page.locator("#lm-changes").text_content()
        finally:
            browser.close()
    # Macau's map is in 繁體 (its interface, its site names and its changes).
    assert "澳門中央圖書館" in popup
    assert "自 2025 年以來" in changes
    assert "何東圖書館" in changes  # closed in 2026
    assert "+853 2800 0000" in changes  # L1's new phone
    paces = {a["pace"] for c in data["categories"] for a in c["areas"]}
    assert paces == {"adult", "elderly"}  # the 15-minute areas at both paces
    assert not errors
    foreign = [u for u in requests if not u.startswith(("file:", "data:", "blob:", "about:"))]
    assert foreign == []
    assert requests[0] == page_file.as_uri()


# -- one language per product (issue 20) ---------------------------------------------------------

LOCALES = ("zh_Hant", "zh_Hans", "en", "pt")


def test_script_slips_finds_the_other_script_outside_data():
    assert script_slips("圖例 圖書館", "zh_Hant", []) == []
    assert script_slips("图例 圖書館", "zh_Hant", []) == ["图"]
    assert script_slips("圖例", "zh_Hans", []) == ["圖"]
    assert script_slips("Legend 澳門中央圖書館", "en", ["澳門中央圖書館"]) == []
    assert script_slips("Legenda 图例", "pt", []) == ["图例"]


@pytest.fixture(scope="module")
def near_units():
    """The census zones around the three sites: a short booklet."""
    import geopandas as gpd

    units = gpd.read_file(MACAU_ZONES)
    metric = units.to_crs(units.estimate_utm_crs())
    sites = gpd.GeoSeries.from_xy([113.5417, 113.5500, 113.5560], [22.1917, 22.2000, 22.2060],
                                  crs=4326).to_crs(metric.crs)
    near = metric.intersects(sites.buffer(300).union_all()).to_numpy()
    return units[near].reset_index(drop=True)


@needs_print_tools
@pytest.mark.parametrize("locale", LOCALES)
def test_poster_and_booklet_read_in_one_script(city, near_units, locale, tmp_path, output_dir):
    from learning_map.city.sites import display_records
    from learning_map.export.print.booklet import booklet_document
    from learning_map.export.print.chromium import check_cjk_font, print_pages
    from learning_map.export.print.poster import poster_document
    from learning_map.export.year_compare import compare_years, read_year, year_scorecard

    found = read_year(city, 2026, database_url=None, title=None, locale=locale)
    compare_years(found, 2026, near_units, "name_tc")
    font = check_cjk_font()
    poster = poster_document(found.city, city, year=2026, title=found.title, units=near_units,
                             unit_field="name_tc", publisher="DSEDJ", coverage_rows=found.coverage,
                             font=font, locale=locale)
    booklet = booklet_document(found.city, city, year=2026, title=found.title, units=near_units,
                               unit_field="name_tc", coverage_rows=found.coverage,
                               changes=found.changes, previous=found.previous, font=font,
                               locale=locale,
                               scorecard=year_scorecard(found.city, near_units, "name_tc", "gb50180", locale=locale))
    key = locale.replace("_", "-")
    names = [r["names"][key] for r in display_records(found.city.sites.to_crs(4326))]
    closed = list(found.changes["name"])  # a closed site is named in the change list only
    data = [*names, *closed, *near_units["name_tc"], *found.city.sites["address"].fillna(""),
            *found.city.sites["phone"].fillna("")]
    for name, html in (("poster", poster.context["html"]), ("booklet", booklet)):
        assert f'<html lang="{key}">' in html
        pdf = tmp_path / f"{name}.pdf"
        print_pages(html, pdf, paper="A3" if name == "poster" else "A4")
        shutil.copy(pdf, output_dir / f"{name}-{locale}.pdf")
        text = pdf_text(pdf)
        assert script_slips(text, locale, data, html_data(html)) == [], name
        flat = re.sub(r"\s+", "", text)
        # Every site is named in the product's script (its stored name).
        assert all(re.sub(r"\s+", "", n) in flat for n in names), name
    if locale == "zh_Hant":
        assert "澳門中央圖書館" in pdf_text(tmp_path / "poster.pdf")
        assert "圖例" in pdf_text(tmp_path / "poster.pdf")
    if locale == "zh_Hans":
        assert "澳门中央图书馆" in pdf_text(tmp_path / "poster.pdf")
    if locale == "en":
        assert "Legend" in pdf_text(tmp_path / "poster.pdf")
    if locale == "pt":
        assert "Legenda" in pdf_text(tmp_path / "poster.pdf")


def test_exported_map_reads_in_the_citys_script(exported):
    from tests.opencc_sets import simplified_only

    html = (exported / "learning-map-2026.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant">' in html
    data = json.loads(re.search(r'<script id="lm-data" type="application/json">(.*?)</script>', html,
                                flags=re.DOTALL).group(1))
    assert data["lang"] == "zh-Hant"
    # The page's own words (outside its scripts and styles): 繁體 only, no English pair.
    words = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.DOTALL)
    words = re.sub(r"<[^>]+>", " ", words)
    assert not {c for c in words if c in simplified_only()}
    assert "圖例" in words
    assert "Legend" not in words
    assert " / " not in re.sub(r"\d+ / \d+", "", words)
    labels = [c["label"] for c in data["categories"]]
    assert "圖書館" in labels


@pytest.mark.parametrize("locale", ["en", "pt", "zh_Hans"])
def test_offline_map_in_another_language(city, locale):
    import geopandas as gpd
    import pandas as pd

    from learning_map.build.pipeline import city_for_year
    from learning_map.bundle.core import load_bundle
    from learning_map.export.html import map_document

    now = city_for_year(load_bundle(city), 2026)
    areas = gpd.GeoDataFrame(pd.DataFrame({"category": [], "minutes": [], "pace": []}), geometry=[],
                             crs="EPSG:4326")
    html = map_document(now.network, now.sites, areas, title="T", locale=locale,
                        changes=[{"action": "closed", "action_label": "x", "name": "何東圖書館"}],
                        changes_since=2025)
    key = locale.replace("_", "-")
    assert f'<html lang="{key}">' in html
    words = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.DOTALL)
    words = re.sub(r"<[^>]+>", " ", words)
    assert script_slips(words, locale, ["何東圖書館"]) == []
    assert {"en": "Legend", "pt": "Legenda", "zh_Hans": "图例"}[locale] in words
