"""
The offline maps (`learning-map map` and the export's year map share map.html and
offline_map.js) open from file:// with every category on: every site of the year is on the
map at first, alone or inside a cluster; clusters split as the map zooms in; each category's
walking area is an outline (no fill); the legend shows the symbol system's icons; the folded
search reveals a clustered site; no request leaves the file, and nothing is logged as an error.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from learning_map.city.symbols import category_symbols
from tests._servers import wait_for_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "offline-map"
MALTA_PBF = Path(os.environ.get("LEARNING_MAP_SHARED_DATA", Path(__file__).resolve().parents[2].parent
                                / "shared" / "data")) / "malta" / "malta-2018.osm.pbf"


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    from learning_map.export.print.chromium import CHROMIUM_ARGS, chromium_path

    path = chromium_path()
    if not Path(path).exists():
        pytest.skip("Debian chromium is not installed (scripts/test.sh installs it)")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def saved_map(bundle: Path, out: Path) -> Path:
    subprocess.run([sys.executable, "-m", "learning_map", "map", str(bundle), "--out", str(out)],
                   check=True, capture_output=True, env={**os.environ, "PYTHONWARNINGS": "error"})
    return out


def page_data(html_file: Path) -> dict:
    html = html_file.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script id="lm-data" type="application/json">(.*?)</script>', html,
                                flags=re.DOTALL).group(1))


class Opened:
    """A map file open in Chromium, with its requests and console errors recorded."""

    def __init__(self, chromium, html_file: Path, width: int, height: int):
        self.context = chromium.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.goto(html_file.as_uri())
        wait_for_page(self.page, "() => document.body.dataset.ready === '1'")

    def counts(self) -> dict:
        return self.page.evaluate("() => window.learningSites.counts()")

    def drawn(self) -> dict:
        """What the DOM shows: single site markers, clusters and the sites they hold."""
        return self.page.evaluate("""() => ({
            single: document.querySelectorAll('.leaflet-marker-pane .site-marker').length,
            clusters: document.querySelectorAll('.leaflet-marker-pane .lm-cluster').length,
            inside: Array.from(document.querySelectorAll('.leaflet-marker-pane .lm-cluster'))
                .reduce((n, c) => n + Number(c.dataset.count), 0),
        })""")

    def foreign(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file:", "data:", "blob:", "about:"))]

    def close(self) -> None:
        self.context.close()


def every_site_at_first(opened: Opened, expected: int) -> dict:
    drawn = opened.drawn()
    assert drawn["single"] + drawn["inside"] == expected, drawn
    assert opened.counts() == {"single": drawn["single"], "clustered": drawn["inside"],
                               "clusters": drawn["clusters"]}
    # Every category's layer is on.
    boxes = opened.page.locator(".leaflet-control-layers-overlays input")
    assert boxes.count() > 0
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    return drawn


@pytest.mark.parametrize("viewport", [(390, 844), (1440, 900)])
def test_macau_map_shows_every_site_clustered_and_splits_on_zoom(macau_bundle, chromium, tmp_path, viewport):
    from learning_map.cli.format import load_city

    html_file = saved_map(macau_bundle, tmp_path / "map.html")
    data = page_data(html_file)
    registry = len(load_city(macau_bundle, None, None).sites)
    assert sum(len(c["sites"]) for c in data["categories"]) == registry
    # One outline per category and pace: the largest minutes only.
    assert all(len({a["minutes"] for a in c["areas"]}) == 1 for c in data["categories"])
    OUTPUT.mkdir(parents=True, exist_ok=True)
    opened = Opened(chromium, html_file, *viewport)
    try:
        page = opened.page
        drawn = every_site_at_first(opened, registry)
        assert drawn["clusters"] > 0  # a whole city at once: overlapping sites are clustered
        # The legend starts folded on a phone (open, it hid half the map), open on a desk.
        assert page.evaluate("() => document.getElementById('lm-key').open") == (viewport[0] > 600)
        page.screenshot(path=str(OUTPUT / f"macau-{viewport[0]}x{viewport[1]}.png"))
        # A cluster shows the categories inside it, in the symbol system's colours.
        ring = page.evaluate("""() => {
            const c = document.querySelector('.leaflet-marker-pane .lm-cluster');
            return {categories: c.dataset.categories.split(' '),
                    arcs: Array.from(c.querySelectorAll('circle[data-category]'))
                        .map((a) => [a.dataset.category, a.getAttribute('stroke')])};
        }""")
        symbols = category_symbols()
        assert ring["arcs"], ring
        assert all(symbols[k].color == colour for k, colour in ring["arcs"]), ring
        assert [k for k, _ in ring["arcs"]] == ring["categories"]
        # Walking areas are outlines, never tints.
        fills = page.evaluate("""() => Array.from(document.querySelectorAll('.leaflet-overlay-pane path'))
            .map((p) => p.getAttribute('fill'))""")
        canvas = page.evaluate("() => document.querySelectorAll('.leaflet-overlay-pane canvas').length")
        assert canvas or fills, "the walking areas are drawn"
        assert all(f in (None, "none") for f in fills), fills
        # Clicking the largest cluster zooms in and splits it.
        zoom = page.evaluate("() => window.learningMap.getZoom()")
        biggest = page.evaluate("""() => {
            const all = Array.from(document.querySelectorAll('.leaflet-marker-pane .lm-cluster'));
            all.sort((a, b) => Number(b.dataset.count) - Number(a.dataset.count));
            const box = all[0].getBoundingClientRect();
            return {count: Number(all[0].dataset.count), x: box.x + box.width / 2, y: box.y + box.height / 2};
        }""")
        page.mouse.click(biggest["x"], biggest["y"])
        wait_for_page(page, "(z) => window.learningMap.getZoom() > z", zoom)
        wait_for_page(page, "(n) => !Array.from(document.querySelectorAll('.leaflet-marker-pane .lm-cluster'))"
                            ".some((c) => Number(c.dataset.count) === n)", biggest["count"])
        # At street zoom every site stands alone.
        page.evaluate("() => window.learningMap.setZoom(17, {animate: false})")
        wait_for_page(page, "() => window.learningSites.counts().clusters === 0")
        assert opened.counts()["single"] > 0
        assert opened.foreign() == []
        assert opened.errors == []
    finally:
        opened.close()


def test_macau_legend_and_search_reach_a_clustered_site(macau_bundle, chromium, tmp_path):
    html_file = saved_map(macau_bundle, tmp_path / "map.html")
    opened = Opened(chromium, html_file, 1200, 800)
    try:
        page = opened.page
        legend = page.evaluate("""() => Array.from(document.querySelectorAll('#legend svg[data-category]'))
            .map((s) => [s.dataset.category, s.dataset.shape, s.dataset.fill])""")
        symbols = category_symbols()
        assert len(legend) == 7
        assert all(symbols[k].shape == shape and symbols[k].color == fill for k, shape, fill in legend), legend
        # The server's folding (issue 20): Simplified typed, Traditional stored; the hit is revealed.
        page.fill("#lm-q", "中央图书馆")
        page.click("#lm-hits button")
        page.wait_for_selector(".lm-popup")
        assert "中央圖書館" in page.locator(".lm-popup").inner_text()
        assert page.evaluate("() => window.learningMap.getZoom()") >= 17
        assert opened.foreign() == []
        assert opened.errors == []
    finally:
        opened.close()


@pytest.fixture(scope="module")
def malta_bundle(tmp_path_factory) -> Path:
    if not MALTA_PBF.exists():
        pytest.skip(f"real data not found at {MALTA_PBF}")
    from learning_map.build.pipeline import build_from_files
    from tests.conftest import built_once

    return built_once(tmp_path_factory, "malta", lambda out: build_from_files(out, osm_path=MALTA_PBF, name="Malta"))


def test_malta_saved_map_shows_every_site(malta_bundle, chromium, tmp_path):
    from learning_map.cli.format import load_city

    html_file = saved_map(malta_bundle, tmp_path / "map.html")
    registry = len(load_city(malta_bundle, None, None).sites)
    assert registry > 100
    opened = Opened(chromium, html_file, 1440, 900)
    try:
        every_site_at_first(opened, registry)
        opened.page.screenshot(path=str(OUTPUT / "malta-1440x900.png"))
        assert opened.foreign() == []
        assert opened.errors == []
    finally:
        opened.close()


def test_exports_year_map_shows_every_site_of_the_registry(macau_bundle, chromium, tmp_path):
    """The export's map (`learning-map-YEAR.html`): Macau's every site as the year's registry."""
    import shutil

    from learning_map.cli.format import load_city
    from learning_map.export.year_compare import read_year
    from learning_map.export.year_files import write_year_map

    city_dir = tmp_path / "city"
    shutil.copytree(macau_bundle, city_dir)
    sites = load_city(macau_bundle, None, None).sites
    registry = tmp_path / "registry.csv"
    table = sites[["site_id", "name", "category"]].assign(lon=sites.geometry.x, lat=sites.geometry.y)
    table.to_csv(registry, index=False)
    subprocess.run([sys.executable, "-m", "learning_map", "import", str(city_dir), str(registry), "--year", "2026"],
                   check=True, capture_output=True)
    found = read_year(city_dir, 2026, database_url=None, title=None)
    assert len(found.city.sites) == len(sites)
    html_file = tmp_path / write_year_map(found.city, tmp_path / "learning-map-2026.html", found.title, city_dir,
                                          locale="zh_Hant")
    opened = Opened(chromium, html_file, 1440, 900)
    try:
        every_site_at_first(opened, len(sites))
        assert opened.foreign() == []
        assert opened.errors == []
    finally:
        opened.close()
