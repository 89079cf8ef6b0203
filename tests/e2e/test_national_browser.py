"""
The national page in headless Chromium against `learning-map serve national/` (gunicorn, two
workers, one open city each): pick a city by location, then query reachable sites in it.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from learning_map.build.pipeline import build_bundle
from learning_map.bundle.core import current_build, network_path
from learning_map.bundle.national import CityEntry, write_index
from learning_map.walking.network import load_network
from tests.conftest import SHARED_DATA, built_once, running_server
from tests.e2e.test_browser import browser, bundle  # noqa: F401  (fixtures: Chromium, the Macau bundle)
from tests.e2e.test_national_web import TOWNS, grid_town

pytestmark = [pytest.mark.browser, pytest.mark.slow]
MALTA_PBF = SHARED_DATA / "malta" / "malta-2018.osm.pbf"


@pytest.fixture(scope="module")
def second_city(tmp_path_factory) -> tuple[str, str, Path]:
    """Malta, a second real city, when the shared data is there (built once); else a grid town."""
    if MALTA_PBF.exists():
        from learning_map.build.pipeline import build_from_files

        path = built_once(tmp_path_factory, "malta",
                          lambda out: build_from_files(out, osm_path=MALTA_PBF, name="Malta 马耳他"))
        return "malta", "马耳他 Malta", path
    net, sites = grid_town(*TOWNS["alpha"])
    path = tmp_path_factory.mktemp("grid") / "alpha"
    build_bundle(path, net, sites, name="Grid town")
    return "alpha", "网格镇 Grid town", path


def bounds(bundle_dir: Path) -> list[float]:
    return list(load_network(network_path(current_build(bundle_dir))).bounds_lonlat())


@pytest.fixture(scope="module")
def national(tmp_path_factory, bundle, second_city) -> Path:  # noqa: F811
    """Macau and Malta (linked, as built for the other tests) and a failed city."""
    root = tmp_path_factory.mktemp("national-browser")
    (root / "cities").mkdir()
    (root / "cities" / "macau").symlink_to(Path(bundle).resolve(), target_is_directory=True)
    slug, name, path = second_city
    (root / "cities" / slug).symlink_to(Path(path).resolve(), target_is_directory=True)
    write_index(root, [
        CityEntry("macau", "澳门 Macau", "done", bbox=bounds(bundle), residents=682400,
                  headline={"covered_share_15min": 0.91}),
        CityEntry(slug, name, "done", bbox=bounds(path), residents=None,
                  headline={"covered_share_15min": 0.4, "sites": 200}),
        CityEntry("zhuhai", "珠海 Zhuhai", "failed", bbox=[113.1, 21.9, 113.7, 22.45],
                  error="Clipping found no streets / 裁剪后没有道路"),
    ])
    return root


@pytest.fixture(scope="module")
def server(national):
    with running_server(national, "--workers", "2", "--max-open-cities", "1", ready="/api/cities") as base:
        yield base


def load_bundle_name(bundle_dir: Path) -> str:
    from learning_map.bundle.core import read_meta

    return read_meta(bundle_dir)["name"]


def get_json(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as err:
        return err.code, json.load(err)


def test_served_cities_answer_like_single_ones_across_workers(server, bundle, second_city):  # noqa: F811
    from learning_map.web import create_app

    slug, _, path = second_city
    name = load_bundle_name(path)
    status, sites = get_json(server + "/c/macau/api/sites?category=library")
    assert status == 200
    lon, lat = sites["features"][0]["geometry"]["coordinates"]
    # A fixed moment: the answer's open states and its "at" must not cross a minute boundary
    # between the two requests on a slow machine.
    query = f"lon={lon + 0.0004}&lat={lat + 0.0003}&minutes=15&pace=normal&open_day=tu&open_time=10:00"
    single = create_app(bundle).test_client().get(f"/api/reachable?{query}").get_json()
    # Both workers hold at most one city: alternate cities so each opens and closes them.
    for _ in range(3):
        assert get_json(f"{server}/c/macau/api/reachable?{query}") == (200, single)
        assert get_json(f"{server}/c/{slug}/api/city")[1]["name"] == name
    # /api/locate: the centre of each city's box names that city.
    for city, box in (("macau", bounds(bundle)), (slug, bounds(path))):
        status, found = get_json(f"{server}/api/locate?lon={(box[0] + box[2]) / 2}&lat={(box[1] + box[3]) / 2}")
        assert (status, found["slug"], found["url"]) == (200, city, f"/c/{city}/")
    status, body = get_json(server + "/c/zhuhai/api/city")
    assert status == 404
    assert "Clipping found no streets" in body["error"]["message"]


def test_national_page_to_a_city_to_reachable_sites(server, browser, output_dir):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN",
                                  geolocation={"longitude": 113.5435, "latitude": 22.1935},
                                  permissions=["geolocation"])
    page = context.new_page()
    requests, failed = [], []
    page.on("request", lambda r: requests.append(r.url))
    # A navigation aborts the previous page's basemap range requests still in flight
    # (net::ERR_ABORTED): those are our own doing; any other failure is a fault.
    page.on("requestfailed", lambda r: None if "ERR_ABORTED" in (r.failure or "")
            else failed.append((r.url, r.failure)))
    page.goto(server + "/")
    page.wait_for_selector("#national-map .city-label >> visible=true")
    assert page.locator("[data-testid=cities] .city-row").count() == 3
    assert page.locator(".status-failed").inner_text().count("Clipping found no streets") == 1
    page.wait_for_timeout(300)  # let the map settle before the picture
    page.screenshot(path=str(output_dir / "national.png"), full_page=True)

    # A click where no city is: the page says so, in its language (/api/locate's 404 with ?lang=).
    box = page.locator("#national-map").bounding_box()
    with page.expect_response(lambda r: "/api/locate" in r.url) as info:
        page.mouse.click(box["x"] + 5, box["y"] + box["height"] - 5)
    assert info.value.status == 404
    # A locator waits without evaluating a string in the page (its CSP allows no eval).
    page.locator("#locate-status", has_text="此位置不在任何已收录城市内").wait_for()

    # "Use my location" (the browser says: central Macau) opens Macau's map.
    with page.expect_navigation(url=f"{server}/c/macau/"):
        page.get_by_test_id("locate-me").click()
    page.wait_for_selector("body[data-ready='1']")

    # Back on the overview, a click on the second city's point opens it.
    page.goto(server + "/")
    page.wait_for_selector("#national-map .city-label >> visible=true")
    x, y = page.evaluate("""(b) => { const m = window.learningMap;
        const p = m.latLngToContainerPoint([(b[1] + b[3]) / 2, (b[0] + b[2]) / 2]); return [p.x, p.y]; }""",
                         json.loads(page.locator("#lm-national").text_content())["cities"][1]["bbox"])
    second = json.loads(page.locator("#lm-national").text_content())["cities"][1]["slug"]
    with page.expect_navigation(url=f"{server}/c/{second}/"):
        page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_selector("body[data-ready='1']")

    # In Macau, a click on the map lists the sites within 15 minutes, from Macau's own API.
    page.goto(server + "/c/macau/")
    page.wait_for_selector("body[data-ready='1']")
    lon, lat = 113.5435, 22.1935
    map_box = page.locator("#map").bounding_box()
    x, y = page.evaluate("""([lat, lon]) => { const m = window.learningMap; m.setView([lat, lon], 16, {animate: false});
        const p = m.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }""", [lat, lon])
    with page.expect_response(lambda r: "/api/reachable" in r.url) as info:
        page.mouse.click(map_box["x"] + x, map_box["y"] + y)
    assert urlsplit(info.value.url).path == "/c/macau/api/reachable"
    data = info.value.json()
    assert len(data["features"]) > 0
    page.locator("#results li").nth(len(data["features"]) - 1).wait_for()
    page.wait_for_timeout(300)
    page.screenshot(path=str(output_dir / "macau-under-c.png"))
    with page.expect_navigation(url=f"{server}/"):
        page.get_by_test_id("all-cities").click()  # back to the list of cities

    hosts = {urlsplit(url).hostname for url in requests if urlsplit(url).scheme in ("http", "https")}
    assert hosts == {"127.0.0.1"}, hosts  # no request left the machine
    assert failed == []
    context.close()


def test_national_page_on_a_phone_is_accessible(server, browser, output_dir):  # noqa: F811
    from types import SimpleNamespace

    from tests.e2e.test_citizen_ui import axe_serious

    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.goto(server + "/")
    page.wait_for_selector("#national-map .city-label >> visible=true")
    page.wait_for_timeout(300)
    page.screenshot(path=str(output_dir / "national-phone.png"), full_page=True)
    assert axe_serious(SimpleNamespace(page=page)) == []
    # Nothing wider than the screen: the list and the map fit a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
