"""
The citizen page in a real headless Chromium (Debian's /usr/bin/chromium via Playwright),
against `learning-map serve` on localhost: the Macau bundle, or the demo city without shared/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import shapely

from tests import _servers
from tests._servers import wait_for_page
from tests.conftest import MACAU_PBF, running_server
from tests.e2e.basemap_pixels import basemap_pixels, wait_for_basemap

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def bundle(request, tmp_path_factory) -> Path:
    if MACAU_PBF.exists():
        return request.getfixturevalue("macau_bundle")
    from learning_map.build.demo import ensure_demo_bundle

    return ensure_demo_bundle(tmp_path_factory.mktemp("demo") / "demo", city="macau")


@pytest.fixture(scope="module")
def server(bundle):
    with running_server(bundle) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (scripts/test.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def start_point(server) -> tuple[float, float]:
    """A point in town: just beside the city's first library."""
    with urllib.request.urlopen(server + "/api/sites?category=library") as response:
        site = json.load(response)["features"][0]
    lon, lat = site["geometry"]["coordinates"]
    return lon + 0.0004, lat + 0.0003


class Page:
    """A browser tab that records every request, failure and HTTP error."""

    def __init__(self, browser, server, output_dir, **context):
        self.ctx = browser.new_context(**context)
        self.ctx.set_default_timeout(_servers.BROWSER_WAIT_MS)
        self.page = self.ctx.new_page()
        self.requests, self.failed, self.errors = [], [], []
        self.console, self.dialogs = [], []
        # Every Content-Security-Policy violation the page reports, from its first script on.
        self.page.add_init_script(
            "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => "
            "window.__csp.push([e.violatedDirective, e.blockedURI, e.sample].join(' ')));")
        self.page.on("console", lambda m: self.console.append(m.text))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: self.requests.append(r.url))
        # A fetch the page itself cancels (tiles of a view it left, a basemap it redraws in
        # another language) is not a failure; anything else (refused, blocked, reset) is.
        self.page.on("requestfailed", lambda r: r.failure == "net::ERR_ABORTED" or self.failed.append(r.url))
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append((r.status, r.url)))
        self.server, self.out = server, output_dir

    def open(self, query: str = "") -> None:
        self.page.goto(self.server + "/" + query)
        self.page.wait_for_selector("body[data-ready='1']")

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(self.out / f"{name}.png"))

    def click_at(self, lon: float, lat: float) -> None:
        """Click the map at a point (centred there first, so it is on screen)."""
        box = self.page.locator("#map").bounding_box()
        x, y = self.page.evaluate(
            """([lat, lon]) => { const m = window.learningMap; m.setView([lat, lon], 16, {animate: false});
                const p = m.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }""", [lat, lon])
        self.page.mouse.click(box["x"] + x, box["y"] + y)

    def click_lonlat(self, lon: float, lat: float):
        with self.page.expect_response(lambda r: "/api/reachable" in r.url) as info:
            self.click_at(lon, lat)
        return info.value.json()

    def count_layers(self, option: str) -> int:
        """Leaflet layers on the map whose options have this key set (lmSite: site markers)."""
        return self.page.evaluate(
            """(key) => { let n = 0; window.learningMap.eachLayer((l) => { if (l.options && l.options[key]) n++; });
                return n; }""", option)

    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.page.url).query, keep_blank_values=True)

    def csp_violations(self) -> list[str]:
        """Violations seen by the page's listener plus Chromium's console reports."""
        seen = self.page.evaluate("window.__csp || []")
        return seen + [m for m in self.console if "Content Security Policy" in m]

    def close(self) -> None:
        self.ctx.close()


@pytest.fixture
def tab(browser, server, output_dir):
    page = Page(browser, server, output_dir, viewport={"width": 1280, "height": 860})
    yield page
    page.close()


def test_page_loads_offline_with_no_failed_or_foreign_requests(tab, server):
    tab.open()
    tab.page.wait_for_load_state("networkidle")  # basemap and sites arrived: no request for 500 ms
    tab.shot("loaded")
    assert tab.failed == []
    assert tab.errors == []
    foreign = [u for u in tab.requests if not u.startswith(server) and not u.startswith("data:")]
    assert foreign == []
    assert any("/vendor/leaflet/leaflet.js" in u for u in tab.requests)
    assert any("/basemap.pmtiles" in u for u in tab.requests)  # offline basemap read


def test_click_lists_sites_pace_shrinks_area_route_and_language(tab, start_point):
    tab.open()
    body = tab.click_lonlat(*start_point)
    tab.page.wait_for_selector("#results li")
    tab.shot("clicked")
    items = tab.page.locator("#results li")
    assert items.count() == len(body["features"]) > 0
    assert "分鐘" in items.first.inner_text()  # Macau opens in Traditional Chinese
    assert "米" in items.first.inner_text()
    normal_area = shapely.geometry.shape(body["isochrone"]["geometry"]).area

    with tab.page.expect_response(lambda r: "/api/reachable" in r.url and "pace=elderly" in r.url) as info:
        tab.page.select_option("#pace", "elderly")
    elderly = info.value.json()
    tab.page.wait_for_timeout(300)
    tab.shot("elderly")
    assert shapely.geometry.shape(elderly["isochrone"]["geometry"]).area < normal_area
    assert tab.page.locator("#results li").count() == len(elderly["features"])

    with tab.page.expect_response(lambda r: "/api/route" in r.url) as info:
        tab.page.locator("#results li .route-button").first.click()
    route = info.value.json()
    tab.page.wait_for_selector("body[data-state='route']")
    tab.shot("route")
    assert route["geometry"]["type"] == "LineString"
    assert len(route["geometry"]["coordinates"]) >= 2
    assert str(route["properties"]["walk_minutes"]) in tab.page.locator("#message").inner_text()

    assert tab.page.locator("h1").inner_text() == "15分鐘學習圈"
    assert tab.page.locator("#lang").input_value() == "zh-Hant"
    message = tab.page.locator("#message").inner_text()
    tab.page.select_option("#lang", "en")
    tab.shot("english")
    assert tab.page.locator("h1").inner_text() == "15-minute learning circle"
    assert tab.page.locator("#lang").input_value() == "en"
    # The route message stays (in English), not replaced by the list's count.
    assert f"about {route['properties']['walk_minutes']} min" in tab.page.locator("#message").inner_text()
    assert message != tab.page.locator("#message").inner_text()
    assert tab.page.locator("#pace option[value='elderly']").inner_text() == "Elderly"
    assert "min walk" in tab.page.locator("#results li").first.inner_text()
    assert tab.errors == []
    assert tab.failed == []


def test_strict_csp_holds_while_the_page_is_used(tab, server, start_point):
    """Click, pace, route, language and search under the served CSP: not one violation."""
    response = tab.page.goto(server + "/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp
    assert "style-src 'self';" in csp
    assert "unsafe-inline" not in csp
    tab.page.wait_for_selector("body[data-ready='1']")
    tab.click_lonlat(*start_point)
    tab.page.wait_for_selector("#results li")
    with tab.page.expect_response(lambda r: "/api/reachable" in r.url):
        tab.page.select_option("#pace", "elderly")
    with tab.page.expect_response(lambda r: "/api/route" in r.url):
        tab.page.locator("#results li .route-button").first.click()
    tab.page.wait_for_selector("body[data-state='route']")
    tab.page.select_option("#lang", "en")
    tab.page.fill("#search", "Biblioteca")
    tab.page.click("#search-form button[type=submit]")
    tab.page.wait_for_selector("#search-results li button")
    with tab.page.expect_response(lambda r: "/api/reachable" in r.url):
        tab.page.locator("#search-results li button").first.click()
    tab.page.locator("#map").hover()
    tab.page.mouse.wheel(0, -300)  # zoom: Leaflet moves panes through element.style
    tab.page.wait_for_timeout(500)
    tab.shot("csp-used")
    # The category icons are SVG built by the DOM (fill attributes, no style attributes).
    fill = tab.page.locator("#categories .cat-icon path").first.evaluate("e => getComputedStyle(e).fill")
    assert fill not in ("", "none", "rgba(0, 0, 0, 0)")
    assert tab.page.locator(".leaflet-control-scale").count() == 1
    assert "OpenStreetMap" in tab.page.locator(".leaflet-control-attribution").inner_text()
    assert tab.csp_violations() == []
    assert tab.errors == []
    # The listener works: an inline script is reported (and blocked).
    tab.page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
                      " document.body.append(s); }")
    wait_for_page(tab.page, "() => window.__csp.some((v) => v.startsWith('script-src'))")
    assert tab.page.evaluate("window.__ran") is None
    assert any("script-src" in v for v in tab.csp_violations())
    # Tests wait on this page for something that becomes true later (wait_for_page polls from
    # outside: Playwright's wait_for_function would poll by eval, which the policy blocks).
    tab.page.evaluate("() => { setTimeout(() => { window.__later = 'yes'; }, 300); }")
    assert wait_for_page(tab.page, "() => window.__later") == "yes"


def test_shared_url_restores_the_view(tab, browser, server, output_dir, start_point):
    tab.open()
    tab.click_lonlat(*start_point)
    tab.page.select_option("#minutes", "10")
    tab.page.select_option("#lang", "en")
    wait_for_page(tab.page, "() => /minutes=10/.test(location.search) && /lang=en/.test(location.search)")
    shared = tab.page.url
    assert "minutes=10" in shared
    assert "lang=en" in shared
    assert "lon=" in shared
    other = Page(browser, server, output_dir, viewport={"width": 1280, "height": 860})
    try:
        with other.page.expect_response(lambda r: "/api/reachable" in r.url) as info:
            other.page.goto(shared)
        restored = info.value.json()
        other.page.wait_for_selector("#results li")
        other.shot("restored")
        assert restored["query"]["minutes"] == 10
        assert other.page.locator("#minutes").input_value() == "10"
        assert other.page.locator("h1").inner_text() == "15-minute learning circle"
    finally:
        other.close()


def test_nothing_reachable_message_and_phone_layout(browser, server, output_dir, start_point):
    phone = Page(browser, server, output_dir, viewport={"width": 390, "height": 844},
                 device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        lon, lat = start_point
        # A category with no site within 5 minutes of this point, chosen from the API itself.
        with urllib.request.urlopen(server + "/api/city") as response:
            categories = json.load(response)["categories"]
        empty = next(
            c for c in categories
            if not json.load(urllib.request.urlopen(
                f"{server}/api/reachable?lon={lon}&lat={lat}&minutes=5&category={c}"))["features"]
        )
        with phone.page.expect_response(lambda r: "/api/reachable" in r.url) as info:
            phone.page.goto(f"{server}/?lon={lon}&lat={lat}&minutes=5&cats={empty}&lang=en")
        body = info.value.json()
        assert body["features"] == []
        assert body["nearest_beyond"] is not None
        phone.page.wait_for_selector("body[data-state='results']")
        phone.shot("phone")
        message = phone.page.locator("#message").inner_text()
        assert "No learning site within a 5-minute walk" in message
        near = body["nearest_beyond"]["properties"]
        assert ((near.get("names") or {}).get("en") or near["name"]) in message
        # Phone first: the map fills the screen under the header, the results sheet rises from
        # the bottom edge over it, opened to half with the message in view.
        panel = phone.page.locator("#panel").bounding_box()
        mapbox = phone.page.locator("#map-wrap").bounding_box()
        header = phone.page.locator("#topbar").bounding_box()
        assert panel["width"] == pytest.approx(390, abs=2)
        assert panel["y"] + panel["height"] == pytest.approx(844, abs=2)
        assert mapbox["y"] == pytest.approx(header["y"] + header["height"], abs=2)
        assert mapbox["y"] + mapbox["height"] > panel["y"] + 40  # the sheet lies over the map
        assert phone.page.locator("body").get_attribute("data-sheet") == "half"
        assert phone.page.locator("#message").bounding_box()["y"] + 20 < 844
        font = phone.page.evaluate("getComputedStyle(document.body).fontSize")
        assert float(font.rstrip("px")) >= 18
    finally:
        phone.close()


def test_locate_me_and_search_box(browser, server, output_dir, start_point):
    lon, lat = start_point
    page = Page(browser, server, output_dir, viewport={"width": 1280, "height": 860},
                geolocation={"longitude": lon, "latitude": lat}, permissions=["geolocation"])
    try:
        page.open()
        with page.page.expect_response(lambda r: "/api/reachable" in r.url) as info:
            page.page.click("#locate")
        located = info.value.json()
        assert located["query"]["lon"] == pytest.approx(lon, abs=1e-6)
        page.page.wait_for_selector("#results li")
        with urllib.request.urlopen(server + "/api/sites?category=library") as response:
            name = json.load(response)["features"][0]["properties"]["name"]
        page.page.fill("#search", name.split()[0])
        page.page.click("#search-form button[type=submit]")
        page.page.wait_for_selector("#search-results li button")
        page.shot("search")
        with page.page.expect_response(lambda r: "/api/reachable" in r.url) as info:
            page.page.locator("#search-results li button").first.click()
        found = info.value.json()
        names = [f["properties"]["name"] for f in found["features"]]
        assert name in names  # standing at the site, it is within the walk
        assert page.failed == []
        assert page.errors == []
    finally:
        page.close()


def test_unreachable_tiles_fall_back_to_the_street_network(bundle, browser, output_dir):
    """Online tiles that fail: the page draws the bundle's offline basemap instead."""
    dead_tiles = "http://127.0.0.1:9/{z}/{x}/{y}.png"  # nothing listens on port 9
    with running_server(bundle, "--tiles", dead_tiles) as base:
        page = Page(browser, base, output_dir, viewport={"width": 1000, "height": 700})
        try:
            with page.page.expect_response(lambda r: "/basemap.pmtiles" in r.url):
                page.open()
            wait_for_basemap(page.page)
            page.shot("tiles-down")
            assert basemap_pixels(page.page)["water"] > 0  # the fallback is drawn, not only fetched
            assert any("127.0.0.1:9/" in u for u in page.requests)  # tiles were tried
            assert "OpenStreetMap" in page.page.locator(".leaflet-control-attribution").inner_text()
            assert page.csp_violations() == []  # the tile origin is in img-src
        finally:
            page.close()


def test_saved_map_file_renders_offline(bundle, browser, tmp_path, output_dir):
    """`learning-map map` output opens from disk with no request beyond the file itself."""
    out = tmp_path / "map.html"
    subprocess.run([sys.executable, "-m", "learning_map", "map", str(bundle), "--out", str(out)],
                   check=True, capture_output=True, env={**os.environ, "PYTHONWARNINGS": "error"})
    ctx = browser.new_context(viewport={"width": 1000, "height": 700})
    page = ctx.new_page()
    requests, failed = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failed.append(r.url))
    try:
        page.goto(out.as_uri())
        page.wait_for_selector(".leaflet-container")
        wait_for_basemap(page)  # inlined in the file
        page.screenshot(path=str(output_dir / "saved-map.png"))
        pixels = basemap_pixels(page)
        assert pixels["water"] > 0
        assert pixels["park"] > 0
        assert failed == []
        assert all(u.startswith(("file://", "data:")) for u in requests), requests
        assert page.locator("#legend").is_visible()
        assert page.evaluate("typeof L") == "object"
        assert page.evaluate("L.version") == "1.9.3"
        # The shared modules: the attribution link and layer names are built from text.
        link = page.locator(".leaflet-control-attribution a")
        assert link.get_attribute("href") == "https://www.openstreetmap.org/copyright"
        assert "OpenStreetMap" in link.inner_text()
        labels = page.locator(".leaflet-control-layers-overlays label").all_text_contents()
        # One language (the city's script), never "中文 / English".
        assert any(label.strip() in ("图书馆", "圖書館") for label in labels), labels
        assert not any(" / " in label for label in labels), labels
        assert page.locator(".leaflet-control-layers-overlays label b, "
                            ".leaflet-control-layers-overlays label img").count() == 0
    finally:
        ctx.close()


def test_hostile_registry_text_stays_text(browser, tmp_path, output_dir, macau_pbf):
    """Template, script and URL payloads in a registry and city name: the API returns them
    verbatim, the page shows them as text, nothing runs (no dialog, no file written)."""
    import csv

    from learning_map.build.pipeline import build_from_files

    marker = tmp_path / "MARKER"
    ssti = ("{% set o = cycler.__init__.__globals__.os %}"
            f"{{{{ o.popen('touch {marker}').read() }}}}")
    img, close_tag, curly = "<img src=x onerror=alert(1)>", '"><script>alert(1)</script>', "{{7*7}}"
    rows = [  # central Macau, beside Largo do Senado, each within a few metres of a street
        (curly, "library", curly, "javascript:alert(1)", 113.5439, 22.1936),
        (ssti, "community school", ssti, "https://example.org/{{7*7}}", 113.5441, 22.1938),
        (img, "library", img, "javascript:alert(1)", 113.5437, 22.1934),
        (close_tag, "community school", close_tag, "JaVaScRiPt:alert(1)", 113.5443, 22.1935),
    ]
    registry = tmp_path / "hostile.csv"
    with registry.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["name", "category", "address", "website", "lon", "lat"])
        writer.writerows(rows)
    city = "<b>{{7*7}}</b>"
    bundle = tmp_path / "hostile"
    build_from_files(bundle, osm_path=macau_pbf, sites_path=registry, name=city)
    names = {r[0] for r in rows}

    with running_server(bundle, "--workers", "1") as base:
        with urllib.request.urlopen(base + "/api/sites") as response:
            sites = json.load(response)["features"]
        by_name = {f["properties"]["name"]: f["properties"] for f in sites}
        assert names <= set(by_name)  # verbatim, not escaped, not evaluated
        assert by_name[img]["address"] == img
        assert by_name[curly]["website"] == "javascript:alert(1)"
        with urllib.request.urlopen(base + "/api/city") as response:
            assert json.load(response)["name"] == city
        with urllib.request.urlopen(base + "/") as response:
            html = response.read().decode()
        assert "&lt;b&gt;{{7*7}}&lt;/b&gt;" in html  # escaped and never rendered as a template
        assert "<b>" not in html

        page = Page(browser, base, output_dir, viewport={"width": 1280, "height": 860})
        try:
            page.open()
            assert page.page.title().startswith(city)
            assert page.page.locator(".city").text_content() == city
            body = page.click_lonlat(113.5439, 22.1936)
            page.page.wait_for_selector("#results li")
            page.page.wait_for_timeout(300)
            page.shot("hostile-results")
            assert names <= {f["properties"]["name"] for f in body["features"]}
            text = page.page.locator("#results").text_content()
            for payload in (curly, img, close_tag, ssti):
                assert payload in text
            assert page.page.locator("#results img, #results script, #results b").count() == 0
            hrefs = page.page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
            assert not [h for h in hrefs if not h.startswith(("http://", "https://", "/", "#"))]
            result_links = page.page.eval_on_selector_all("#results a", "els => els.map(e => e.href)")
            # The website (http(s) only) and the sites' own pages on this server, nothing else.
            outside = [h for h in result_links if "/site/" not in h]
            assert outside == ["https://example.org/%7B%7B7*7%7D%7D"]
            assert all(h.startswith(page.server + "/site/") for h in result_links if "/site/" in h)
            assert len(result_links) > len(outside)
            assert "javascript:alert(1)" in text  # shown, as text only
            with page.page.expect_response(lambda r: "/api/search" in r.url):
                page.page.fill("#search", curly)
                page.page.click("#search-form button[type=submit]")
            page.page.wait_for_selector("#search-results li button")
            assert curly in page.page.locator("#search-results").text_content()
            page.page.locator("#results li").first.hover()
            page.page.wait_for_timeout(300)
            page.shot("hostile-search")
            assert page.dialogs == []
            assert page.csp_violations() == []
            assert page.errors == []
        finally:
            page.close()
    assert not marker.exists()


# -- the front end's request handling and URL state -------------------------------------------

def hold_first(page, pattern: str) -> list:
    """Hold the first request matching pattern (the test releases it); let the others through."""
    held = []

    def handle(route):
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route(pattern, handle)
    return held


def wait_held(page, held) -> None:
    """Until the page has made the request ``hold_first`` holds (route handlers run while it waits)."""
    deadline = time.monotonic() + 60
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(20)
    assert held, "the request was never made"


def settled(page) -> None:
    """Until the page has handled what it received: two animation frames, then a task."""
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame("
                  "() => setTimeout(r, 0))))")


def release(page, held) -> dict:
    """Answer a held request late with the server's real answer; return that answer's JSON."""
    from playwright.sync_api import Error as PlaywrightError

    wait_held(page, held)
    answer = held[0].fetch()
    body = answer.json()
    try:
        held[0].fulfill(response=answer)
    except PlaywrightError:  # the page aborted it already: nothing can arrive
        pass
    else:
        response = held[0].request.response()
        if response is not None:
            response.finished()  # its body reached the page...
    settled(page)  # ...and the page's handlers have run: a stale answer would be drawn by now
    return body


@pytest.fixture(scope="module")
def far_point(server, start_point) -> tuple[float, float]:
    """Beside the site farthest from the start point: a different set of reachable sites."""
    with urllib.request.urlopen(server + "/api/sites") as response:
        sites = json.load(response)["features"]
    lon0, lat0 = start_point
    lon, lat = max((f["geometry"]["coordinates"] for f in sites),
                   key=lambda c: (c[0] - lon0) ** 2 + (c[1] - lat0) ** 2)
    return lon + 0.0002, lat + 0.0002


def test_slow_older_reachable_answer_does_not_overwrite_a_newer_one(tab, start_point, far_point):
    tab.open()
    held = hold_first(tab.page, "**/api/reachable?*")
    tab.click_at(*start_point)  # its answer is held back...
    wait_held(tab.page, held)
    newer = tab.click_lonlat(*far_point)  # ...while the newer question is answered at once
    tab.page.wait_for_selector("body[data-state='results']")
    older = release(tab.page, held)  # then the older answer arrives, last
    tab.shot("newer-wins")
    older_ids = [f["properties"]["site_id"] for f in older["features"]]
    newer_ids = [f["properties"]["site_id"] for f in newer["features"]]
    assert older_ids != newer_ids  # the two answers can be told apart on the page
    shown = tab.page.eval_on_selector_all("#results li", "els => els.map(e => e.dataset.siteId)")
    assert shown == [str(i) for i in newer_ids]
    assert f"{len(newer_ids)}" in tab.page.locator("#message").inner_text() or not newer_ids
    assert float(tab.query()["lon"][0]) == pytest.approx(far_point[0], abs=1e-3)
    assert tab.count_layers("lmHere") == 1  # one "you are here" marker, at the newer point
    here = tab.page.evaluate("""() => { let p = null; window.learningMap.eachLayer((l) => {
        if (l.options && l.options.lmHere) p = l.getLatLng(); }); return [p.lng, p.lat]; }""")
    assert here == pytest.approx(list(far_point), abs=1e-4)


def test_two_fast_category_clicks_leave_one_set_of_markers(tab, server):
    with urllib.request.urlopen(server + "/api/sites") as response:
        total = len(json.load(response)["features"])
    tab.open()
    wait_for_page(tab.page, "(n) => { let c = 0; window.learningMap.eachLayer((l) => "
                               "{ if (l.options && l.options.lmSite) c++; }); return c === n; }",
                               arg=total)
    held = hold_first(tab.page, "**/api/sites?*")
    box = tab.page.locator("#categories .cat input").first
    box.click()  # untick: this drawing's answer is held back...
    # (wait until it is held: a second click before that could abort it unseen, and the
    # route would then hold the second request instead)
    wait_held(tab.page, held)
    with tab.page.expect_response(lambda r: "/api/sites" in r.url) as fresh:
        box.click()  # ...tick again: this one is answered at once
    fresh.value.finished()
    settled(tab.page)
    older = release(tab.page, held)
    tab.shot("one-set-of-markers")
    assert 0 < len(older["features"]) < total  # the older answer would have added markers
    assert box.is_checked()
    assert tab.count_layers("lmSite") == total


def test_invalid_url_values_are_corrected_and_never_sent(tab, start_point):
    tab.open("?minutes=7&lon=abc&lat=22.19&site=1&pace=fast")
    tab.page.wait_for_load_state("networkidle")  # whatever the page asks for, it has asked
    assert tab.page.locator("#minutes").input_value() == "7"  # a valid value the select lacked
    options = tab.page.eval_on_selector_all("#minutes option", "els => els.map(e => e.value)")
    assert options == ["5", "7", "10", "15"]
    assert tab.page.locator("#pace").input_value() == "normal"
    assert not [u for u in tab.requests if "NaN" in u or "/api/reachable" in u]
    query = tab.query()
    assert query["minutes"] == ["7"]
    assert query["pace"] == ["normal"]
    assert "lon" not in query
    assert "lat" not in query
    assert "site" not in query
    assert tab.errors == []

    lon, lat = start_point
    with tab.page.expect_request(lambda r: "/api/reachable" in r.url) as info:
        tab.open(f"?minutes=999&lon={lon}&lat={lat}")
    sent = parse_qs(urlsplit(info.value.url).query)
    assert sent["minutes"] == ["15"]  # an invalid value falls back to 15...
    assert tab.page.locator("#minutes").input_value() == "15"
    assert tab.query()["minutes"] == ["15"]  # ...and the URL is corrected
    options = tab.page.eval_on_selector_all("#minutes option", "els => els.map(e => e.value)")
    assert options == ["5", "10", "15"]
    tab.page.wait_for_selector("body[data-state='results']")
    assert tab.errors == []


def test_minute_choices_follow_the_servers_maximum(bundle, browser, output_dir, start_point):
    lon, lat = start_point
    with running_server(bundle, env={"LEARNING_MAP_MAX_MINUTES": "10"}) as base:
        page = Page(browser, base, output_dir, viewport={"width": 1000, "height": 700})
        try:
            with page.page.expect_response(lambda r: "/api/reachable" in r.url) as info:
                page.open(f"?minutes=15&lon={lon}&lat={lat}")
            assert info.value.status == 200
            assert info.value.json()["query"]["minutes"] == 10
            options = page.page.eval_on_selector_all("#minutes option", "els => els.map(e => e.value)")
            assert options == ["5", "10"]
            assert page.page.locator("#minutes").input_value() == "10"
            assert page.query()["minutes"] == ["10"]
            assert page.errors == []
        finally:
            page.close()


# -- citizens' corrections (纠错) -------------------------------------------------------------

def test_report_a_mistake_reaches_the_admin_queue(bundle, browser, output_dir, start_point, tmp_path,
                                                  monkeypatch):
    """Open a site's 纠错 form, send a hostile message: thanks shown, text stays text, report stored."""
    from learning_map.store import admin as store_admin
    from learning_map.store import open_store
    from tests.conftest import IMG_XSS

    monkeypatch.delenv("LEARNING_MAP_DATABASE_URL", raising=False)
    folder = tmp_path / "city"
    folder.mkdir()
    open_store(folder).close()
    env = {"LEARNING_MAP_SECRET_KEY": "browser-test-secret-0123456789", "LEARNING_MAP_REGISTRY_DIR": str(folder),
           "LEARNING_MAP_UPLOAD_DIR": str(tmp_path / "uploads"), "LEARNING_MAP_REPORTS_PER_HOUR": "1"}
    with running_server(bundle, "--workers", "1", env=env) as base:
        page = Page(browser, base, output_dir, viewport={"width": 1280, "height": 860})
        try:
            page.open("?lang=zh-Hans")  # the strings below are Simplified; Macau opens in Traditional
            page.click_lonlat(*start_point)
            page.page.wait_for_selector("#results li")
            first = page.page.locator("#results li").first
            site_id = first.get_attribute("data-site-id")
            name = first.locator("strong").inner_text()
            opener = first.locator(".report-button")
            assert opener.inner_text() == "纠错"
            assert opener.get_attribute("aria-expanded") == "false"
            assert opener.get_attribute("aria-label") == f"纠错：{name}"
            opener.focus()
            page.page.keyboard.press("Enter")  # opens with the keyboard, focus in the message box
            form = first.locator("form.report-form")
            assert form.is_visible()
            assert opener.get_attribute("aria-expanded") == "true"
            assert page.page.evaluate("document.activeElement.name") == "message"
            # Every control is labelled, and every button is a 44 px touch target.
            assert first.get_by_label("哪里有误？").count() == 1
            assert first.get_by_label("联系方式（可选）").count() == 1
            for button in (opener, form.locator(".report-send"), form.locator(".report-cancel")):
                box = button.bounding_box()
                assert box["height"] >= 44
                assert box["width"] >= 44

            page.page.keyboard.press("Escape")  # Escape closes and gives focus back
            assert not form.is_visible()
            assert page.page.evaluate("document.activeElement.classList.contains('report-button')")
            opener.click()
            form.locator(".report-send").click()  # empty: refused on the page, nothing sent
            assert first.locator(".report-status").inner_text() == "请填写纠错内容。"
            assert not [u for u in page.requests if "/api/reports" in u]

            page.page.keyboard.type(IMG_XSS)  # focus stayed in the message box
            page.page.keyboard.press("Tab")
            page.page.keyboard.type(IMG_XSS + "@example.org")  # the contact field
            with page.page.expect_response(lambda r: "/api/reports" in r.url) as info:
                page.page.keyboard.press("Tab")  # to the send button
                page.page.keyboard.press("Enter")
            assert info.value.status == 201
            report_id = info.value.json()["id"]
            status = first.locator(".report-status")
            status.filter(has_text="谢谢，已提交").wait_for()
            assert not form.is_visible()
            page.shot("report-sent")

            # A second report (one per hour here): the server's refusal is shown, as text.
            second = page.page.locator("#results li").nth(1) if page.page.locator("#results li").count() > 1 \
                else first
            second.locator(".report-button").click()
            second.locator("textarea").fill("第二条")
            with page.page.expect_response(lambda r: "/api/reports" in r.url) as info:
                second.locator(".report-send").click()
            assert info.value.status == 429
            second.locator(".report-status").filter(has_text="提交过于频繁").wait_for()
            assert second.locator(".report-status").inner_text().startswith("出错了：")
            assert second.locator("form.report-form").is_visible()  # kept, to try again later
            page.shot("report-refused")

            assert page.page.locator("#results img").count() == 0
            assert page.dialogs == []
            assert page.csp_violations() == []
            assert [e for e in page.errors if "/api/reports" not in e[1]] == []
        finally:
            page.close()
    with open_store(folder) as store:
        reports = store_admin.reports(store)
    assert [(r["id"], r["message"], r["site_id"], r["contact"], r["status"]) for r in reports] == [
        (report_id, IMG_XSS, site_id, IMG_XSS + "@example.org", "open")]


def test_no_report_button_without_admin(tab, start_point):
    tab.open()
    assert json.loads(tab.page.locator("#lm-config").text_content())["reports"] is False
    tab.click_lonlat(*start_point)
    tab.page.wait_for_selector("#results li .route-button")
    assert tab.page.locator("#results li").count() > 0
    assert tab.page.locator(".report-button, .report-form").count() == 0


def test_step_free_open_now_details_link_and_site_focus(tab, start_point):
    tab.open("?lang=en")
    body = tab.click_lonlat(*start_point)
    tab.page.wait_for_selector("#results li")
    first = tab.page.locator("#results li").first
    # Each result says whether it is open now, and links to its own page on this server.
    states = {f["properties"]["open_state"]["status"] for f in body["features"]}
    assert states <= {"open", "closed", "unknown"}
    labelled = [f for f in body["features"] if f["properties"]["open_state"]["status"] != "unknown"]
    if labelled:
        assert tab.page.locator("#results .open-state").count() >= 1
    link = first.locator("a.details-link")
    assert link.get_attribute("href").startswith("/site/")
    # The step-free switch asks again with profile=step-free, and the URL keeps it.
    with tab.page.expect_response(lambda r: "/api/reachable" in r.url and "profile=step-free" in r.url) as info:
        tab.page.check("#step-free")
    assert info.value.json()["query"]["profile"] == "step-free"
    assert tab.query()["profile"] == ["step-free"]
    # Open now only: every listed site is open.
    with tab.page.expect_response(lambda r: "/api/reachable" in r.url and "open_only=true" in r.url) as info:
        tab.page.check("#open-only")
    assert all(f["properties"]["open_state"]["status"] == "open" for f in info.value.json()["features"])
    tab.shot("step-free-open-now")
    # A site page's "view on the map" link (/?site=<id>) centres the map on that site.
    site = body["features"][0]
    tab.open(f"?site={site['properties']['site_id']}&lang=en")
    wait_for_page(tab.page, "() => window.learningMap.getZoom() >= 17")
    centre = tab.page.evaluate("() => { const c = window.learningMap.getCenter(); return [c.lng, c.lat]; }")
    lon, lat = site["geometry"]["coordinates"]
    assert abs(centre[0] - lon) < 1e-4
    assert abs(centre[1] - lat) < 1e-4
    assert tab.errors == []  # (tile requests cut short by the second navigation are not errors)
