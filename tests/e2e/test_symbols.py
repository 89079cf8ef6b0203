"""
One symbol system in every product (issue 21): the legends of the citizen map, the planner,
the offline HTML map, the poster and the booklet, rendered in Chromium, give each category
the shape and colour of learning_map/city/symbols.toml, so the same category looks the same
everywhere; and the seven categories' shapes differ, which a greyscale print relies on.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from learning_map.city.categories import CATEGORIES
from learning_map.city.symbols import category_symbols
from tests._servers import wait_for_page
from tests.conftest import MACAU_ZONES, running_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# One site of each category, in central Macau (the poster's and booklet's registry).
REGISTRY = """site_id,name,category,lon,lat
S1,社區學習中心,community_learning,113.5430,22.1930
S2,長者學苑,elderly_education,113.5500,22.2000
S3,澳門中央圖書館,library,113.5417,22.1917
S4,文化中心,cultural_centre,113.5470,22.1880
S5,中學,school,113.5560,22.2060
S6,學院,college,113.5450,22.1990
S7,大學,university,113.5400,22.2030
"""
# The poster's and booklet's HTML of a city's registry year: python -c PRINT_LEGENDS CITY ZONES OUT.
PRINT_LEGENDS = """
import sys
from pathlib import Path

import geopandas as gpd

from learning_map.export.print.booklet import booklet_document
from learning_map.export.print.poster import poster_document
from learning_map.export.year_compare import compare_years, read_year

city, zones, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
units = gpd.read_file(zones).head(2)
year = read_year(city, 2026, database_url=None, title=None)
compare_years(year, 2026, units, "name_tc")
poster = poster_document(year.city, city, year=2026, title=year.title, units=units, unit_field="name_tc",
                         coverage_rows=year.coverage)
booklet = booklet_document(year.city, city, year=2026, title=year.title, units=units, unit_field="name_tc",
                           coverage_rows=year.coverage, changes=year.changes, previous=year.previous)
(out / "poster.html").write_text(poster.context["html"], encoding="utf-8")
(out / "booklet.html").write_text(booklet, encoding="utf-8")
"""
# Each legend symbol: its category, shape and fill, read from the rendered page.
READ_LEGEND = """(selector) => Array.from(document.querySelectorAll(selector)).map((node) => ({
    category: node.dataset.category, shape: node.dataset.shape,
    fill: (node.dataset.fill || node.getAttribute('fill') || '').toUpperCase()}))"""


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    from learning_map.export.print.chromium import CHROMIUM_ARGS, chromium_path

    if not Path(chromium_path()).exists():
        pytest.skip("Debian chromium is not installed (scripts/test.sh installs it)")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def legends(macau_bundle, chromium, tmp_path_factory) -> dict[str, list[dict]]:
    """Every product's legend symbols, as rendered."""
    root = tmp_path_factory.mktemp("symbols")
    found: dict[str, list[dict]] = {}
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        with running_server(macau_bundle) as base:
            page.goto(base + "/?lang=zh_Hant")
            wait_for_page(page, "() => document.querySelectorAll('#categories svg[data-category]').length > 0")
            found["citizen map"] = page.evaluate(READ_LEGEND, "#categories .cat svg[data-category]")
            page.goto(base + "/planner?lang=zh_Hant")
            wait_for_page(page, "() => document.querySelectorAll('.legend svg[data-category]').length > 0")
            found["planner"] = page.evaluate(READ_LEGEND, ".legend svg[data-category]")
        offline = root / "map.html"
        subprocess.run([sys.executable, "-m", "learning_map", "map", str(macau_bundle), "--out", str(offline)],
                       check=True, capture_output=True, env={**os.environ, "PYTHONWARNINGS": "error"})
        page.goto(offline.as_uri())
        wait_for_page(page, "() => document.body.dataset.ready === '1'")
        found["offline map"] = page.evaluate(READ_LEGEND, "#legend svg[data-category]")
        # The poster and the booklet from a registry year with one site of each category.
        city = root / "city"
        shutil.copytree(macau_bundle, city)
        (root / "registry.csv").write_text(REGISTRY, encoding="utf-8")
        subprocess.run([sys.executable, "-m", "learning_map", "import", str(city), str(root / "registry.csv"),
                        "--year", "2026"], check=True, capture_output=True)
        # (laid out in their own process: they measure in Chromium through Playwright's sync
        # API, which cannot run inside this module's Playwright)
        subprocess.run([sys.executable, "-c", PRINT_LEGENDS, str(city), str(MACAU_ZONES), str(root)],
                       check=True, capture_output=True)
        for name, selector in (("poster", "g.legend path[data-category]"), ("booklet", "path[data-category]")):
            page.set_content((root / f"{name}.html").read_text(encoding="utf-8"))
            found[name] = page.evaluate(READ_LEGEND, selector)
    finally:
        page.close()
    assert errors == []
    return found


def test_every_product_draws_each_category_with_its_one_symbol(legends):
    symbols = category_symbols()
    for product, items in legends.items():
        assert items, f"{product}: no legend symbol found"
        for item in items:
            symbol = symbols[item["category"]]
            assert (item["shape"], item["fill"]) == (symbol.shape, symbol.color.upper()), (product, item)
    # The same category, the same symbol, across products.
    seen = {}
    for items in legends.values():
        for item in items:
            seen.setdefault(item["category"], set()).add((item["shape"], item["fill"]))
    assert all(len(v) == 1 for v in seen.values()), seen


def test_each_legend_shows_all_seven_categories_by_shape_alone(legends):
    """Every product here has sites of every category; its legend tells them apart by shape."""
    for product, items in legends.items():
        categories = [item["category"] for item in items]
        # The booklet repeats its legend on each unit's page.
        assert set(categories) == set(CATEGORIES), (product, categories)
        shapes = {item["category"]: item["shape"] for item in items}
        assert len(set(shapes.values())) == len(CATEGORIES), (product, shapes)
