"""
Data names per script on Macau: stored at build time, shown in the page's script.

The 简体 basemap once mixed converted and unconverted names (風順堂區, 西灣, 黑沙環 beside
花地玛堂区), and walk stops stayed traditional on the 简体 page. OpenCC's own character tables
(tests/opencc_sets.py) say which characters belong to one script only. Also: the exported
offline map finds 圖書館 when 图书馆 is typed.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from typing import TYPE_CHECKING

import geopandas as gpd
import pytest

from learning_map.bundle.core import current_build, read_meta
from learning_map.city.naming import fold_name
from tests.e2e.basemap_pixels import basemap_labels, wait_for_basemap
from tests.e2e.test_browser import Page, browser, bundle, server  # noqa: F401 (fixtures)
from tests.opencc_sets import simplified_only, traditional_only

if TYPE_CHECKING:
    from pathlib import Path

# The places the issue names, folded (simplified, no spaces): their labels, streets and stops.
NAMED = ("风顺堂", "西湾", "黑沙环")
SENADO_SQUARE = (113.5395, 22.1934)
# Between 風順堂區 and 西灣 on the peninsula's south end.
SOUTH_PENINSULA = (22.1865, 113.5345)


def hans_ok(text: str) -> bool:
    return not any(ch in traditional_only() for ch in text or "")


def hant_ok(text: str) -> bool:
    return not any(ch in simplified_only() for ch in text or "")


def named(text: str) -> bool:
    return any(word in fold_name(text) for word in NAMED)


def basemap_properties(bundle_dir: Path) -> list[dict]:
    """Every feature's properties in every tile of the build's basemap."""
    import mapbox_vector_tile
    from pmtiles.reader import MmapSource, all_tiles

    found = []
    with open(current_build(bundle_dir) / "basemap.pmtiles", "rb") as handle:
        for _, data in all_tiles(MmapSource(handle)):
            for layer in mapbox_vector_tile.decode(gzip.decompress(data)).values():
                found += [f["properties"] for f in layer["features"]]
    return found


def test_bundle_stores_each_name_in_both_scripts(macau_bundle):
    assert read_meta(macau_bundle)["format_version"] >= 3
    build = current_build(macau_bundle)
    labels = [p for p in basemap_properties(macau_bundle) if "name_zh_hans" in p]
    places = json.loads((build / "places.json").read_text(encoding="utf-8"))
    sites = gpd.read_file(build / "sites.geojson")
    stops = gpd.read_file(build / "stops.geojson")
    rows = ([(p.get("name", ""), p["name_zh_hans"], p["name_zh_hant"]) for p in labels]
            + [(p["name"], p["names"]["zh-Hans"], p["names"]["zh-Hant"]) for p in places]
            + list(zip(sites["name"], sites["name_zh_hans"], sites["name_zh_hant"], strict=True))
            + list(zip(stops["name"], stops["name_zh_hans"], stops["name_zh_hant"], strict=True)))
    the_three = [r for r in rows if named(r[0])]
    assert len(the_three) > 20, the_three  # the parishes, their streets and places
    for name, hans, hant in the_three:
        assert hans_ok(hans), (name, hans)
        assert hant_ok(hant), (name, hant)
    # Every simplified name of the city (the data's own mis-tagged ones converted too).
    assert [r for r in rows if not hans_ok(r[1])] == []
    parish = next(p for p in labels if p.get("name:zh") == "風順堂區")
    assert (parish["name_zh_hans"], parish["name_zh_hant"]) == ("风顺堂区", "風順堂區")


def test_api_gives_names_per_script_for_places_and_walk_stops(client):
    for query, hans, hant in (("風順堂區", "风顺堂区", "風順堂區"), ("西灣", "西湾", "西灣"),
                              ("黑沙環", "黑沙环", "黑沙環")):
        results = client.get("/api/search", query_string={"q": query}).get_json()["results"]
        place = next(r for r in results if r["kind"] == "place")
        assert place["names"]["zh-Hans"] == hans, place
        assert place["names"]["zh-Hant"] == hant, place
        assert all(hans_ok(r["names"]["zh-Hans"]) for r in results), results
        assert all(hant_ok(r["names"]["zh-Hant"]) for r in results if named(r["name"])), results
    walk = client.get("/api/walk", query_string={"lon": SENADO_SQUARE[0], "lat": SENADO_SQUARE[1],
                                                 "minutes": 60, "theme": "history"}).get_json()
    sights = [s for s in walk["stops"] if s["kind"] == "sight"]
    assert sights
    assert any(s["names"]["zh-Hans"] != s["name"] for s in sights)  # converted from traditional
    assert all(hans_ok(s["names"]["zh-Hans"]) for s in walk["stops"]), walk["stops"]


@pytest.mark.browser
@pytest.mark.slow
def test_simplified_page_basemap_labels_are_simplified(browser, server, output_dir):  # noqa: F811
    page = Page(browser, server, output_dir, viewport={"width": 390, "height": 844}, device_scale_factor=2)
    try:
        seen = {}
        for lang in ("zh-Hans", "zh-Hant"):
            page.open(f"?lang={lang}")
            page.page.evaluate(f"window.learningMap.setView([{SOUTH_PENINSULA[0]}, {SOUTH_PENINSULA[1]}], 15, "
                               "{animate: false}); 1")
            wait_for_basemap(page.page)
            page.shot(f"citizen-{lang}-390x844")
            seen[lang] = [label["text"] for label in basemap_labels(page.page)]
        assert any(named(text) for text in seen["zh-Hans"]), seen["zh-Hans"]
        assert [t for t in seen["zh-Hans"] if not hans_ok(t)] == []
        assert [t for t in seen["zh-Hant"] if named(t) and not hant_ok(t)] == []
        assert page.errors == []
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.slow
def test_exported_map_finds_traditional_names_typed_in_simplified(bundle, browser, tmp_path, output_dir):  # noqa: F811
    out = tmp_path / "map.html"
    # In 简体 (Macau's own default is 繁體): names the data writes in 繁體 shown simplified.
    subprocess.run([sys.executable, "-m", "learning_map", "map", str(bundle), "--out", str(out), "--lang", "zh-Hans"],
                   check=True, capture_output=True, env={**os.environ, "PYTHONWARNINGS": "error"})
    ctx = browser.new_context(viewport={"width": 1000, "height": 700})
    page = ctx.new_page()
    try:
        page.goto(out.as_uri())
        page.wait_for_selector("body[data-ready='1']")
        hits = {}
        for query in ("图书馆", "圖書館", "tushuguan", "tsg"):
            page.fill("#lm-q", query)
            hits[query] = page.locator("#lm-hits li").all_text_contents()
        page.screenshot(path=str(output_dir / "export-search.png"))
        # Sites the data names in traditional characters (圖書館), shown in the page's simplified.
        sites = page.evaluate("JSON.parse(document.getElementById('lm-data').textContent)"
                              ".categories.flatMap((c) => c.sites)")
        traditional = {s["names"]["zh-Hans"] for s in sites if "圖書館" in s["name"]}
        assert traditional
        assert any(hit.split(" · ")[0] in traditional for hit in hits["图书馆"]), (hits, traditional)
        assert hits["图书馆"] == hits["圖書館"], hits
        assert any(hit.split(" · ")[0] in traditional for hit in hits["tushuguan"]), hits
        assert hits["tsg"], hits
        assert all(hans_ok(hit) for hit in hits["图书馆"]), hits
        page.locator("#lm-hits button").first.click()
        page.wait_for_selector(".lm-popup")
    finally:
        ctx.close()
