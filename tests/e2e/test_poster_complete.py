"""
The poster holds its content: every open site of the year is in the index and numbered on the map.

Read back from the PDFs with pdftotext (the index: each site's number and name; the map: its
number as a word on the front) and from the laid-out map's labels, for Macau (A3 through the
command line with every map, and A1), Malta, and a generated city of 600 sites.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
from typing import TYPE_CHECKING

import numpy as np
import pytest

from tests.conftest import MACAU_ZONES, SHARED_DATA, built_once, need_shared
from tests.script_check import pdf_text

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdftotext", "pdfinfo")),
    reason="poppler-utils is not installed (scripts/test.sh installs it)")]

MALTA = SHARED_DATA / "malta" / "malta-2018.osm.pbf"


def squeezed(text: str) -> str:
    """Text without white space or hyphens (pdftotext breaks long names over lines and drops a hyphen at a line's end)."""
    return re.sub(r"[\s\-\u2010]+", "", text)


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)$", info, flags=re.MULTILINE).group(1))


def map_words(pdf: Path, last_page: int = 1) -> set[str]:
    """The words pdftotext finds on the map pages (the front, then detail pages; each SVG text is a word)."""
    out = subprocess.run(["pdftotext", "-f", "1", "-l", str(last_page), "-bbox", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return set(re.findall(r"<word [^>]*>([^<]*)</word>", out))


def expected_index(sites, poster) -> list[tuple[int, str]]:
    """(number, name) of every site as the poster numbered them."""
    entries = [(e["number"], e["name"]) for page in poster.context["index_pages"] for column in page["columns"]
               for block in column["blocks"] if (e := block["entry"]) is not None]
    return sorted(entries)


def check_complete(poster, pdf: Path, sites) -> None:
    """Every site once in the index (number and name, read from the PDF) and numbered on the map."""
    count = len(sites)
    entries = expected_index(sites, poster)
    # The index holds exactly the sites, numbered 1..n, each under its own name.
    assert [n for n, _ in entries] == list(range(1, count + 1))
    assert sorted(name for _, name in entries) == sorted(poster_names(poster))
    text = squeezed(pdf_text(pdf))
    for number, name in entries:
        assert f"{number}{squeezed(name)}" in text, (number, name)
    # On the map: each number is a label of the main map, of an inset or of a detail page.
    parts = [*poster.context["insets"], *poster.context["details"]]
    maps = [poster.context["map"], *(part["map"] for part in parts)]
    labelled = [int(label["text"].split()[0]) for m in maps for label in m.labels if label["class"] == "site"]
    assert sorted(set(labelled)) == list(range(1, count + 1))
    words = map_words(pdf, 1 + len(poster.context["details"]))
    assert {str(n) for n in range(1, count + 1)} <= words
    # Index type never under the minimum for the paper.
    assert poster.index_pt >= {"A3": 8, "A1": 10}[poster.context["paper"]]


def poster_names(poster) -> list[str]:
    return [e["name"] for page in poster.context["index_pages"] for column in page["columns"]
            for block in column["blocks"] if (e := block["entry"]) is not None]


def print_poster(city, bundle: Path, out: Path, *, paper: str = "A3", kind: str = "learning", units=None,
                 unit_field=None, coverage_rows=None):
    from learning_map.export.print.chromium import check_cjk_font, print_pages
    from learning_map.export.print.poster import poster_document

    poster = poster_document(city, bundle, year=2026, title=None if kind == "elderly" else "Learning map 2026",
                             paper=paper, units=units, unit_field=unit_field, kind=kind,
                             font=check_cjk_font(), coverage_rows=coverage_rows)
    print_pages(poster.context["html"], out, paper=paper)
    return poster


# -- Macau: the README's export, every map -----------------------------------------------------

@pytest.fixture(scope="module")
def macau_year(tmp_path_factory, macau_bundle, macau_pbf):
    """The Macau demo with the extract's sites imported into the registry for 2026."""
    from click.testing import CliRunner

    from learning_map.cli import main

    out = tmp_path_factory.mktemp("macau-year") / "macau"
    shutil.copytree(macau_bundle, out)
    imported = CliRunner().invoke(main, ["import", str(out), str(macau_pbf), "--year", "2026"])
    assert imported.exit_code == 0, imported.stderr
    return out


@pytest.fixture(scope="module")
def macau_export(macau_year, tmp_path_factory):
    from click.testing import CliRunner

    from learning_map.cli import main

    out = tmp_path_factory.mktemp("macau-dist") / "2026"
    result = CliRunner().invoke(main, [
        "export", str(macau_year), "--year", "2026", "--out", str(out), "--by", f"{MACAU_ZONES}:name_tc",
        "--standard", "gb50180", "--maps", "learning,elderly", "--review-number", "澳S(2026)001号"])
    assert result.exit_code == 0, result.stderr
    return out


def test_macau_export_writes_both_maps_and_lists_every_site(macau_year, macau_export):
    import geopandas as gpd

    from learning_map.build.pipeline import city_for_year
    from learning_map.bundle.core import load_bundle

    manifest = json.loads((macau_export / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["name"] for f in manifest["files"]}
    assert {"learning-map-2026.pdf", "learning-map-2026.png", "elderly-map-2026.pdf",
            "elderly-map-2026.png"} <= listed
    city = city_for_year(load_bundle(macau_year), 2026)
    sites = city.sites
    assert len(sites) > 150
    pdf = macau_export / "learning-map-2026.pdf"
    text = squeezed(pdf_text(pdf))
    # Every site's name in the index, with the poster's numbering (categories, north to south).
    from learning_map.export.print.maps import number_sites
    from learning_map.export.words import site_display_names

    numbered = number_sites(sites.to_crs(city.network.crs))
    names = site_display_names(numbered, "zh_Hant")
    for number, name in zip(numbered["number"], names, strict=True):
        assert f"{number}{squeezed(name)}" in text, (number, name)
    assert {str(n) for n in range(1, len(sites) + 1)} <= map_words(pdf)
    assert "審圖號：澳S(2026)001号" in pdf_text(pdf).replace(" ", "")
    # The elderly-education map: its own title and exactly the elderly-education sites.
    elderly = gpd.GeoDataFrame(sites[sites["category"] == "elderly_education"])
    epdf = macau_export / "elderly-map-2026.pdf"
    etext = pdf_text(epdf)
    assert "長者教育地圖" in etext
    assert re.search(r"場所索引（(\d+)\s*處）", etext).group(1) == str(len(elderly))
    for name in site_display_names(elderly, "zh_Hant"):
        assert squeezed(name) in squeezed(etext), name
    assert {str(n) for n in range(1, len(elderly) + 1)} <= map_words(epdf)


def test_macau_a3_and_a1_posters_hold_every_site(macau_year, tmp_path):
    import geopandas as gpd

    from learning_map.build.pipeline import city_for_year
    from learning_map.bundle.core import load_bundle

    city = city_for_year(load_bundle(macau_year), 2026)
    units = gpd.read_file(MACAU_ZONES)
    for paper in ("A3", "A1"):
        pdf = tmp_path / f"macau-{paper}.pdf"
        poster = print_poster(city, macau_year, pdf, paper=paper, units=units, unit_field="name_tc")
        check_complete(poster, pdf, city.sites)
        assert pages(pdf) == poster.pages
    # The peninsula is too dense for the whole-city scale: an inset enlarges it.
    assert poster.insets >= 1


def test_macau_elderly_map_holds_every_elderly_site(macau_year, tmp_path):
    from learning_map.build.pipeline import city_for_year
    from learning_map.bundle.core import load_bundle

    city = city_for_year(load_bundle(macau_year), 2026)
    pdf = tmp_path / "elderly.pdf"
    poster = print_poster(city, macau_year, pdf, kind="elderly")
    elderly = city.sites[city.sites["category"] == "elderly_education"]
    check_complete(poster, pdf, elderly)
    symbols = poster.context["map"].symbols
    assert {s["number"] for s in symbols} == set(range(1, len(elderly) + 1))  # no other category drawn


# -- Malta ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def malta(tmp_path_factory):
    need_shared(MALTA)
    from learning_map.build.pipeline import build_from_files

    return built_once(tmp_path_factory, "malta", lambda out: build_from_files(out, osm_path=MALTA, name="Malta"))


def test_malta_poster_holds_every_site(malta, tmp_path):
    from learning_map.bundle.core import load_bundle

    city = load_bundle(malta)
    pdf = tmp_path / "malta.pdf"
    poster = print_poster(city, malta, pdf)
    assert len(city.sites) > 100
    check_complete(poster, pdf, city.sites)


# -- A generated city of 600 sites --------------------------------------------------------------

def build_600(out: Path) -> Path:
    """A 30 x 30 grid of 120 m blocks with 600 sites of every category, clustered as cities are."""
    import geopandas as gpd

    from learning_map.build.pipeline import build_bundle
    from learning_map.city.categories import CATEGORIES, SUBTYPES
    from learning_map.walking.synthetic import grid_network

    x0, y0 = 700_000.0, 2_500_000.0
    grid = grid_network(30, 30, spacing_m=120, crs="EPSG:32649")
    net = dataclasses.replace(grid, node_x=grid.node_x + x0, node_y=grid.node_y + y0,
                              edge_coords=grid.edge_coords + np.array([x0, y0]))
    rng = np.random.default_rng(21)
    # Two thirds spread over the city, one third in a dense centre (as an old town is).
    spread = rng.uniform(0, 3480, size=(400, 2))
    centre = rng.normal(1700, 260, size=(200, 2)).clip(0, 3480)
    xy = np.vstack([spread, centre]) + np.array([x0, y0])
    keys = list(CATEGORIES)
    lon, lat = net.to_lonlat(xy[:, 0], xy[:, 1])
    names = [f"{'第' + str(i + 1) + '号'}{['社区学校', '长者学苑', '图书馆', '文化中心', '中学', '学院', '大学'][i % 7]}"
             for i in range(600)]
    categories = [keys[i % len(keys)] for i in range(600)]
    # Elderly-education sites of every subtype (Shanghai's three learning points, senior universities and schools).
    kinds = list(SUBTYPES)
    subtypes = [kinds[i % len(kinds)] if c == "elderly_education" else None for i, c in enumerate(categories)]
    sites = gpd.GeoDataFrame({"site_id": [f"S{i:03d}" for i in range(600)], "category": categories,
                              "subtype": subtypes, "name": names},
                             geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    build_bundle(out, net, sites, name="Gridtown 格城")
    return out


def test_a_600_site_city_poster_holds_every_site(tmp_path_factory, tmp_path):
    from learning_map.bundle.core import load_bundle

    bundle = built_once(tmp_path_factory, "grid600s", build_600)
    city = load_bundle(bundle)
    assert len(city.sites) == 600
    pdf = tmp_path / "grid600.pdf"
    poster = print_poster(city, bundle, pdf)
    check_complete(poster, pdf, city.sites)
    assert poster.pages >= 2  # 600 entries at 8 pt or more need the back of the sheet


def test_a_600_site_city_elderly_map_draws_each_subtype_by_its_symbol(tmp_path_factory, tmp_path):
    from learning_map.bundle.core import load_bundle
    from learning_map.city.categories import SUBTYPES
    from learning_map.city.symbols import subtype_symbols, symbol_of
    from learning_map.export.print.svg import symbol_path

    bundle = built_once(tmp_path_factory, "grid600s", build_600)
    city = load_bundle(bundle)
    elderly = city.sites[city.sites["category"] == "elderly_education"]
    assert set(elderly["subtype"]) == set(SUBTYPES)
    pdf = tmp_path / "grid600-elderly.pdf"
    poster = print_poster(city, bundle, pdf, kind="elderly")
    check_complete(poster, pdf, elderly)
    legend = poster.context["legend_items"]
    assert [row["key"] for row in legend] == list(subtype_symbols())  # the symbol system's order
    assert sum(row["count"] for row in legend) == len(elderly)
    for row in legend:
        symbol = symbol_of("elderly_education", row["key"])
        assert row["color"] == symbol.color
        assert row["d"] == symbol_path(symbol.shape, 2.0, 2.0, 4 * 0.32)
    text = squeezed(pdf_text(pdf))
    for key in SUBTYPES:
        assert squeezed(SUBTYPES[key].label("zh_Hans")) in text
