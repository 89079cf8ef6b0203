"""
One server for many cities: the national page, /api/locate, cities at /c/<slug>/ and the
per-worker LRU of open cities, on a national folder of small synthetic cities.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import re
import weakref

import geopandas as gpd
import numpy as np
import pytest

from learning_map.build.pipeline import build_bundle
from learning_map.bundle.national import CityEntry, city_dir, locate, write_index
from learning_map.walking.synthetic import grid_network
from learning_map.web import create_app
from learning_map.web.national import EXTENSION_KEY, create_national_app
from learning_map.web.service import EXTENSION_KEY as CITY_KEY
from tests.conftest import is_mapped
from tests.script_check import assert_one_script

CRS = "EPSG:32649"  # UTM 49N: Guangdong
# Three grid towns 2 km square, 50 km apart along a line (x, y of their south-west corner).
TOWNS = {"alpha": (700_000.0, 2_500_000.0), "beta": (750_000.0, 2_500_000.0),
         "gamma": (800_000.0, 2_500_000.0)}


def grid_town(x0: float, y0: float):
    """A 21 x 21 street grid (100 m blocks) at (x0, y0), with a library in the middle."""
    grid = grid_network(21, 21, spacing_m=100, crs=CRS)
    net = dataclasses.replace(grid, node_x=grid.node_x + x0, node_y=grid.node_y + y0,
                              edge_coords=grid.edge_coords + np.array([x0, y0]))
    lon, lat = net.to_lonlat([x0 + 1000.0, x0], [y0 + 1000.0, y0])
    sites = gpd.GeoDataFrame({"site_id": ["lib-1", "old-1"], "category": ["library", "elderly_education"],
                              "name": ["中心图书馆", "角落老年大学"]},
                             geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    return net, sites


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    """A national folder: three done towns (one without a bbox in cities.json) and a failed one."""
    root = tmp_path_factory.mktemp("national")
    entries = []
    for slug, (x0, y0) in TOWNS.items():
        net, sites = grid_town(x0, y0)
        build_bundle(city_dir(root, slug), net, sites, name=f"Town {slug}")
        bbox = list(net.bounds_lonlat()) if slug != "gamma" else None  # gamma: read from its network
        entries.append(CityEntry(slug=slug, name=f"{slug.title()} 镇", status="done", bbox=bbox,
                                 residents=12345 if slug == "alpha" else None,
                                 headline={"covered_share_15min": 0.834, "sites": 2}))
    entries.append(CityEntry(slug="broken", name="Broken 坏城", status="failed", bbox=[112.0, 22.0, 112.1, 22.1],
                             error="No learning sites in the extract / 没有学习场所"))
    write_index(root, entries)
    return root


@pytest.fixture(scope="module")
def app(national):
    return create_national_app(national, max_open_cities=4)


@pytest.fixture
def client(app):
    return app.test_client()


def town_centre(slug: str) -> tuple[float, float]:
    net, _ = grid_town(*TOWNS[slug])
    lon, lat = net.to_lonlat([TOWNS[slug][0] + 1020.0], [TOWNS[slug][1] + 1010.0])
    return float(lon[0]), float(lat[0])


def test_national_page_lists_cities_with_figures_and_errors(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for slug in TOWNS:
        assert f'href="/c/{slug}/"' in page
    assert "Alpha 镇" in page
    assert "12,345" in page
    assert "83%" in page
    assert "15分钟步行覆盖率" in page  # the national page's default language: 简体
    assert "Residents within 15 min" not in page
    english = client.get("/?lang=en").get_data(as_text=True)
    assert "Residents within 15 min" in english
    assert "15分钟步行覆盖率" not in english
    # A failed city is listed with its reason, never linked.
    assert "Broken 坏城" in page
    assert "No learning sites in the extract" in page
    assert "/c/broken/" not in page
    config = json.loads(re.search(r'<script id="lm-national" type="application/json">(.*?)</script>',
                                  page, re.S).group(1))
    assert [c["slug"] for c in config["cities"]] == ["alpha", "beta", "gamma", "broken"]
    gamma = config["cities"][2]
    assert gamma["bbox"] is not None
    assert gamma["bbox"][0] < town_centre("gamma")[0] < gamma["bbox"][2]
    assert config["cities"][3]["url"] is None
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert client.get("/static/national.js").status_code == 200
    assert client.get("/api/cities").get_json()["cities"][0]["url"] == "/c/alpha/"


@pytest.mark.parametrize(("lang", "locale", "heading"), [
    ("zh-Hans", "zh_Hans", "选择城市"), ("zh-Hant", "zh_Hant", "選擇城市"), ("en", "en", "Choose a city"),
    ("pt", "pt", "Escolha uma cidade")])
def test_the_national_page_reads_in_one_language(client, lang, locale, heading):
    page = client.get("/", query_string={"lang": lang}).get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    assert f'<h2 id="map-heading">{heading}</h2>' in page
    names = [c["name"] for c in client.get("/api/cities").get_json()["cities"]]
    errors = [c["error"] or "" for c in client.get("/api/cities").get_json()["cities"]]
    assert_one_script(page, locale, {*names, *errors})
    # The other three languages are offered.
    assert re.findall(r'<a lang="([^"]+)" hreflang', page) == [t for t in ("zh-Hans", "zh-Hant", "en", "pt")
                                                               if t != lang]


def test_each_city_is_served_under_its_prefix(client):
    page = client.get("/c/beta/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-base="/c/beta"' in html  # where app.js asks its API
    assert 'href="/" data-testid="all-cities"' in html  # back to the list of cities
    assert 'src="/c/beta/static/app.js"' in html
    assert client.get("/c/beta/static/app.js").status_code == 200
    spec = client.get("/c/beta/openapi.json").get_json()
    assert spec["servers"] == [{"url": "/c/beta"}]  # its /api/... paths are under the city's prefix
    assert "/api/reachable" in spec["paths"]
    assert client.get("/c/beta/api/city").get_json()["name"] == "Town beta"
    assert client.get("/c/alpha/api/city").get_json()["name"] == "Town alpha"
    site_id = client.get("/c/beta/api/sites").get_json()["features"][0]["properties"]["site_id"]
    site_page = client.get(f"/c/beta/site/{site_id}").get_data(as_text=True)
    assert 'href="/c/beta/?lang=' in site_page
    assert 'href="/c/beta/?site=' in site_page
    moved = client.get("/c/beta")
    assert moved.status_code == 308
    assert moved.headers["Location"] == "/c/beta/"


def test_reachable_under_prefix_equals_the_single_city_answer(client, national):
    lon, lat = town_centre("alpha")
    query = f"lon={lon}&lat={lat}&minutes=10&pace=elderly"
    many = client.get(f"/c/alpha/api/reachable?{query}")
    single = create_app(city_dir(national, "alpha")).test_client().get(f"/api/reachable?{query}")
    assert many.status_code == single.status_code == 200
    assert many.get_json() == single.get_json()
    assert [f["properties"]["name"] for f in many.get_json()["features"]] == ["中心图书馆"]


def test_locate_names_the_city_holding_a_point(client):
    for slug in TOWNS:
        lon, lat = town_centre(slug)
        answer = client.get(f"/api/locate?lon={lon}&lat={lat}")
        assert answer.status_code == 200
        assert answer.get_json()["slug"] == slug
        assert answer.get_json()["url"] == f"/c/{slug}/"
    # In the failed city's box, and at sea: no city (bilingual 404 in the API's error shape).
    for lon, lat in ((112.05, 22.05), (120.0, 10.0)):
        missing = client.get(f"/api/locate?lon={lon}&lat={lat}")
        assert missing.status_code == 404
        message = missing.get_json()["error"]["message"]
        assert "No city on this server" in message
        assert "不在任何" in message
    bad = client.get("/api/locate?lon=１１３&lat=22")
    assert bad.status_code == 400
    assert bad.get_json()["error"]["parameter"] == "lon"


def test_locate_prefers_the_smallest_box_holding_the_point():
    big = CityEntry("city", "City", "done", bbox=[113.0, 22.0, 114.0, 23.0])
    district = CityEntry("district", "District", "done", bbox=[113.4, 22.4, 113.6, 22.6])
    pending = CityEntry("new", "New", "pending", bbox=[113.45, 22.45, 113.55, 22.55])
    assert locate([big, district, pending], 113.5, 22.5) is district
    assert locate([big, district, pending], 113.1, 22.1) is big
    assert locate([big, district], 115.0, 22.5) is None


def test_unknown_and_failed_cities_are_bilingual_404s(client):
    unknown = client.get("/c/atlantis/")
    assert unknown.status_code == 404
    assert "No city 'atlantis'" in unknown.get_json()["error"]["message"]
    assert "没有这个城市" in unknown.get_json()["error"]["message"]
    failed = client.get("/c/broken/api/city")
    assert failed.status_code == 404
    message = failed.get_json()["error"]["message"]
    assert "failed" in message
    assert "No learning sites in the extract" in message
    assert "暂不可用" in message
    assert client.get("/c/Bad_Slug/").status_code == 404


def test_open_cities_are_bounded_least_recently_used_closed_first(national):
    app = create_national_app(national, max_open_cities=2)
    client = app.test_client()
    registry = app.extensions[EXTENSION_KEY]
    assert registry.open_slugs() == []  # nothing opens before it is asked for
    assert client.get("/c/alpha/api/city").status_code == 200
    alpha_service = weakref.ref(registry._open["alpha"].extensions[CITY_KEY])
    assert client.get("/c/beta/api/city").status_code == 200
    assert client.get("/c/alpha/api/city").status_code == 200  # alpha is now the most recent
    assert registry.open_slugs() == ["beta", "alpha"]
    assert client.get("/c/gamma/api/city").status_code == 200
    assert registry.open_slugs() == ["alpha", "gamma"]  # beta, least recently used, closed
    assert client.get("/c/beta/api/city").get_json()["name"] == "Town beta"  # opened again
    assert registry.open_slugs() == ["gamma", "beta"]
    gc.collect()
    assert alpha_service() is None  # a closed city's service and arrays are freed
    assert registry.opened == {"alpha": 1, "beta": 2, "gamma": 1}


def test_planner_and_downloads_are_off_under_a_national_server(client):
    """The README's promise: planner, its API and downloads are single-city only (JSON 404s there)."""
    lon, lat = town_centre("alpha")
    for path in ("/c/alpha/planner", "/c/alpha/api/planner/units", "/c/alpha/api/planner/figures",
                 "/c/alpha/api/planner/gaps?category=library",
                 f"/c/alpha/api/planner/recommend?category=library&k=1&add={lon},{lat}:library",
                 "/c/alpha/api/planner/scorecard", "/c/alpha/api/planner/download?layer=sites",
                 "/c/alpha/downloads", "/c/alpha/downloads/2025/manifest.json"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.is_json, path
        assert "未找到" in response.get_json()["error"]["message"]
    spec = client.get("/c/alpha/openapi.json").get_json()
    assert not [p for p in spec["paths"] if p.startswith("/api/planner/")]
    site_id = client.get("/c/alpha/api/sites").get_json()["features"][0]["properties"]["site_id"]
    site_page = client.get(f"/c/alpha/site/{site_id}")
    assert site_page.status_code == 200
    assert "/downloads" not in site_page.get_data(as_text=True)


def test_serve_refuses_single_city_options_on_a_national_folder(runner, national):
    result = runner.invoke(["serve", str(national), "--units", "zones.geojson:name"])
    assert result.exit_code == 1
    assert "--units" in result.output
    assert "全国" in result.output
    result = runner.invoke(["serve", str(city_dir(national, "alpha")), "--max-open-cities", "2"])
    assert result.exit_code == 1
    assert "national folder" in result.output


def test_mapped_arrays_are_shared_not_copied(client):
    """A city's network stays memory-mapped in the server: start-up writes into none of it."""
    client.get("/c/alpha/api/city")
    registry = client.application.extensions[EXTENSION_KEY]
    network = registry._open["alpha"].extensions[CITY_KEY].bundle.network
    assert is_mapped(network.edge_coords)
    assert not network.edge_coords.flags.writeable


def test_a_city_marked_failed_after_opening_is_closed(national, tmp_path):
    """cities.json is read again when it changes: a city no longer done stops being served."""
    import shutil

    from learning_map.bundle.national import read_index

    root = tmp_path / "national"
    shutil.copytree(national, root, symlinks=True)
    app = create_national_app(root, max_open_cities=2)
    client = app.test_client()
    assert client.get("/c/alpha/api/city").status_code == 200
    entries = read_index(root)
    entries[0].status, entries[0].error = "failed", "Rebuilding / 正在重建"
    write_index(root, entries)
    registry = app.extensions[EXTENSION_KEY]
    answer = client.get("/c/alpha/api/city")
    assert answer.status_code == 404
    assert "Rebuilding" in answer.get_json()["error"]["message"]
    assert registry.open_slugs() == []


def test_planner_and_downloads_are_off_under_a_live_national_server(national):
    """The same through `learning-map serve national/` (gunicorn), as the README promises."""
    import requests

    from tests.conftest import running_server

    with running_server(national, "--workers", "1", ready="/api/cities") as base:
        for path in ("/c/alpha/planner", "/c/alpha/api/planner/figures", "/c/alpha/downloads"):
            response = requests.get(base + path, timeout=60)
            assert response.status_code == 404, path
            assert response.headers["content-type"].startswith("application/json"), path
        assert requests.get(base + "/c/alpha/api/sites", timeout=60).status_code == 200


@pytest.mark.parametrize("locale", ["zh_Hans", "zh_Hant", "en", "pt"])
def test_a_standards_title_is_in_the_pages_language(locale):
    from learning_map.web.national import standard_title
    from tests.script_check import foreign_characters

    title = standard_title("gb50180", locale)
    assert title.startswith("GB 50180-2018")
    assert foreign_characters(title, locale) == [], title
