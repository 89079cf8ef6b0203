"""
The citizen page as a product, in headless Chromium: phone-first bottom sheet, selection on map
and list, axe-core accessibility (0 serious/critical), keyboard-only use, three interface
languages, 200% text and print. axe-core comes from npm (node_modules), never a CDN.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from tests._servers import wait_for_page
from tests.e2e.test_browser import Page, browser, bundle, server, start_point  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True, "reduced_motion": "reduce"}
DESKTOP = {"viewport": {"width": 1280, "height": 800}, "reduced_motion": "reduce"}
CONTROLS = ["#lang", "#search", "#search-form button[type=submit]", "#minutes", "#pace", "#locate",
            "#use-centre"]


def tap_map(tab: Page, lon: float, lat: float) -> dict:
    """Tap (touch) the map at a point, centred there first; the /api/reachable answer."""
    box = tab.page.locator("#map").bounding_box()
    x, y = tab.page.evaluate(
        """([lat, lon]) => { const m = window.learningMap; m.setView([lat, lon], 16, {animate: false});
            const p = m.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }""", [lat, lon])
    with tab.page.expect_response(lambda r: "/api/reachable" in r.url) as info:
        tab.page.touchscreen.tap(box["x"] + x, box["y"] + y)
    tab.page.wait_for_selector("#results li")
    return info.value.json()


def in_viewport(tab: Page, selector: str) -> bool:
    """The element's whole box lies inside the window (no scrolling needed to see it)."""
    return tab.page.locator(selector).first.evaluate(
        """e => { const r = e.getBoundingClientRect();
                  return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth; }""")


def axe_serious(tab: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci)")
    if not tab.page.evaluate("typeof window.axe !== 'undefined'"):
        tab.page.evaluate(AXE.read_text(encoding="utf-8"))  # devtools evaluation: not subject to the CSP
    result = tab.page.evaluate(
        """async () => { const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }""")
    return [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in result if v["impact"] in ("serious", "critical")]


@pytest.fixture
def phone(browser, server, output_dir):  # noqa: F811
    page = Page(browser, server, output_dir, **PHONE)
    yield page
    page.close()


@pytest.fixture
def desk(browser, server, output_dir):  # noqa: F811
    page = Page(browser, server, output_dir, **DESKTOP)
    yield page
    page.close()


def test_phone_tap_opens_the_sheet_with_the_first_result_in_view(phone, start_point):  # noqa: F811
    phone.open()
    viewport = phone.page.locator("meta[name=viewport]").get_attribute("content")
    assert "user-scalable=no" not in viewport.replace(" ", "")
    assert "maximum-scale" not in viewport  # pinch-zoom stays possible
    assert phone.page.locator("meta[name=viewport]").count() == 1
    assert phone.page.locator("body").get_attribute("data-sheet") == "peek"
    assert phone.page.locator("#hint").is_visible()
    for control in ("#search", "#minutes", "#pace", "#cats-toggle"):  # the compact bar shows when peeking
        assert in_viewport(phone, control), control
    phone.shot("phone-peek")
    zoom_before = phone.page.evaluate("window.learningMap.getZoom()")

    body = tap_map(phone, *start_point)
    phone.shot("phone-half")
    assert body["features"]
    assert phone.page.locator("body").get_attribute("data-sheet") == "half"
    assert phone.page.locator("#sheet-handle").get_attribute("aria-expanded") == "true"
    assert in_viewport(phone, "#results li")  # the first result, whole, without scrolling
    assert in_viewport(phone, "#message")
    assert not phone.page.locator("#hint").is_visible()  # the "tap the map" hint is gone
    # Zoomed to the walking area, which is in view above the sheet.
    assert phone.page.evaluate("window.learningMap.getZoom()") > zoom_before
    inside = len(body["features"])
    assert phone.page.locator(".site-marker.in").count() == inside
    assert phone.page.locator(".site-marker.out").count() > 0
    faded = phone.page.locator(".site-marker.out").first.evaluate("e => getComputedStyle(e).opacity")
    assert float(faded) < 0.5
    # Touch targets: every visible button, select and input is at least 44 px high.
    small = phone.page.evaluate(
        """() => [...document.querySelectorAll('button, select, input[type=search], .leaflet-bar a')]
              .filter(e => e.offsetParent !== null)
              .map(e => [e.id || e.className || e.tagName, e.getBoundingClientRect().height])
              .filter(([, h]) => h < 44)""")
    assert small == []

    # The sheet: by button (cycles), by keyboard (arrows) and by dragging its handle.
    phone.page.click("#sheet-handle")
    assert phone.page.locator("body").get_attribute("data-sheet") == "full"
    phone.shot("phone-full")
    phone.page.focus("#sheet-handle")
    phone.page.keyboard.press("ArrowDown")
    assert phone.page.locator("body").get_attribute("data-sheet") == "half"
    phone.page.keyboard.press("ArrowDown")
    assert phone.page.locator("body").get_attribute("data-sheet") == "peek"
    handle = phone.page.locator("#sheet-handle").bounding_box()
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    phone.page.mouse.move(x, y)
    phone.page.mouse.down()
    phone.page.mouse.move(x, 60, steps=8)  # dragged up to the top: full
    phone.page.mouse.up()
    assert phone.page.locator("body").get_attribute("data-sheet") == "full"
    phone.page.focus("#results li .route-button")
    phone.page.keyboard.press("Escape")  # from inside the sheet: back down to peek
    assert phone.page.locator("body").get_attribute("data-sheet") == "peek"
    assert phone.page.evaluate("document.activeElement.id") == "sheet-handle"
    assert phone.errors == []
    assert phone.csp_violations() == []


def test_selected_site_is_highlighted_on_the_map_and_in_the_list(desk, start_point):  # noqa: F811
    desk.open()
    body = desk.click_lonlat(*start_point)
    desk.page.wait_for_selector("#results li")
    assert len(body["features"]) >= 2
    second = desk.page.locator("#results li").nth(1)
    second.locator(".site-name").click()  # list -> map
    site_id = second.get_attribute("data-site-id")
    assert "selected" in second.get_attribute("class")
    assert second.get_attribute("aria-current") == "true"
    assert desk.page.locator(".site-marker.selected").count() == 1
    selected = desk.page.evaluate(
        """() => { let ll = null; window.learningMap.eachLayer(l => {
              if (l.options && l.options.lmSite && l.getElement && l.getElement()
                  && l.getElement().classList.contains('selected')) ll = l.getLatLng(); });
            return ll && [ll.lng, ll.lat]; }""")
    assert selected == pytest.approx(body["features"][1]["geometry"]["coordinates"], abs=1e-6)
    assert site_id == body["features"][1]["properties"]["site_id"]
    desk.shot("selected-from-list")

    # map -> list: click the result marker farthest from any other marker (so it is on top).
    box = desk.page.locator("#map").bounding_box()
    site, x, y = desk.page.evaluate(
        """() => { const m = window.learningMap, all = [];
            m.eachLayer(l => { if (l.options && l.options.lmSite) all.push(l); });
            const pt = (l) => m.latLngToContainerPoint(l.getLatLng());
            const size = m.getSize();
            let best = null, bestD = -1;
            for (const l of all) {
              if (!l.getElement().classList.contains('in')) continue;
              const p = pt(l);
              if (p.x < 40 || p.y < 40 || p.x > size.x - 40 || p.y > size.y - 40) continue;
              const d = Math.min(...all.filter(o => o !== l).map(o => pt(o).distanceTo(p)));
              if (d > bestD) { bestD = d; best = l; }
            }
            const p = pt(best); return [best.options.siteId, p.x, p.y]; }""")
    assert site != site_id
    desk.page.mouse.click(box["x"] + x, box["y"] + y)
    last = {"properties": {"site_id": site}}
    item = desk.page.locator(f"#results li[data-site-id='{last['properties']['site_id']}']")
    assert "selected" in item.get_attribute("class")
    assert desk.page.locator("#results li.selected").count() == 1
    assert item.evaluate("""e => { const r = e.getBoundingClientRect(), p = document.getElementById('panel')
                              .getBoundingClientRect(); return r.top >= p.top && r.top < p.bottom; }""")
    desk.shot("selected-from-map")
    assert desk.errors == []


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_axe_core_finds_no_serious_or_critical_violation(size, browser, server, output_dir, start_point):  # noqa: F811
    tab = Page(browser, server, output_dir, **(PHONE if size == "phone" else DESKTOP))
    try:
        tab.open()
        assert axe_serious(tab) == []  # before a query
        tab.click_lonlat(*start_point)
        tab.page.wait_for_selector("#results li")
        if size == "phone":
            tab.page.click("#cats-toggle")  # the legend opened from the bar
        tab.shot(f"axe-{size}")
        assert axe_serious(tab) == []  # with results, the legend and the sheet open
        for selector in CONTROLS:  # every control has a name a screen reader reads out
            name = tab.page.locator(selector).evaluate(
                "e => e.labels && e.labels.length ? e.labels[0].textContent : (e.getAttribute('aria-label') || e.textContent)")
            assert name.strip(), selector
    finally:
        tab.close()


def test_keyboard_only_reaches_results(desk):
    desk.open()
    # Tab through the page to "search from map centre"; Enter asks from the map's centre.
    for _ in range(40):
        desk.page.keyboard.press("Tab")
        if desk.page.evaluate("document.activeElement.id") == "use-centre":
            break
    assert desk.page.evaluate("document.activeElement.id") == "use-centre"
    desk.shot("keyboard-centre")
    # The map itself pans with the arrow keys before asking.
    desk.page.focus("#map")
    before = desk.page.evaluate("(() => { const c = window.learningMap.getCenter(); return [c.lng, c.lat]; })()")
    desk.page.evaluate("window.__moved = false; window.learningMap.once('moveend', () => { window.__moved = true; })")
    desk.page.keyboard.press("ArrowRight")
    wait_for_page(desk.page, "() => window.__moved")  # the pan's animation has ended
    assert desk.page.evaluate("window.learningMap.getCenter().lng") > before[0]
    panned = desk.page.evaluate("(() => { const c = window.learningMap.getCenter(); return [c.lng, c.lat]; })()")
    with desk.page.expect_response(lambda r: "/api/reachable" in r.url) as info:
        desk.page.keyboard.press("Enter")  # on the focused map: ask from its centre
    assert info.value.status == 200
    assert [info.value.json()["query"]["lon"], info.value.json()["query"]["lat"]] == pytest.approx(panned, abs=1e-5)
    desk.page.focus("#use-centre")
    centre = desk.page.evaluate("(() => { const c = window.learningMap.getCenter(); return [c.lng, c.lat]; })()")
    with desk.page.expect_response(lambda r: "/api/reachable" in r.url) as info:
        desk.page.keyboard.press("Enter")
    answer = info.value.json()
    desk.page.wait_for_selector("body[data-state='results']")
    assert [answer["query"]["lon"], answer["query"]["lat"]] == pytest.approx(centre, abs=1e-5)
    if answer["features"]:
        # Tab on to the first result's name, Space selects it.
        for _ in range(60):
            desk.page.keyboard.press("Tab")
            if desk.page.evaluate("document.activeElement.classList.contains('site-name')"):
                break
        assert desk.page.evaluate("document.activeElement.classList.contains('site-name')")
        desk.page.keyboard.press("Space")
        assert desk.page.locator("#results li.selected").count() == 1
        desk.shot("keyboard-selected")


def test_four_languages_switch_the_interface_and_persist(desk, browser, server, output_dir):  # noqa: F811
    desk.open()
    assert desk.page.locator("html").get_attribute("lang") == "zh-Hant"  # Macau's default
    assert desk.page.locator("h1").inner_text() == "15分鐘學習圈"
    assert desk.page.locator("#search").get_attribute("placeholder") == "搜尋地點或學習場所"
    options = desk.page.eval_on_selector_all("#lang option", "els => els.map(e => [e.value, e.textContent])")
    assert options == [["zh-Hans", "简体中文"], ["zh-Hant", "繁體中文"], ["en", "English"], ["pt", "Português"]]
    expected = {
        "zh-Hans": ("15分钟学习圈", "老年人", "搜索地点或学习场所"),
        "zh-Hant": ("15分鐘學習圈", "長者", "搜尋地點或學習場所"),
        "en": ("15-minute learning circle", "Elderly", "Search a place or learning site"),
        "pt": ("Círculo de aprendizagem de 15 minutos", "Idosos", "Pesquisar um lugar ou local de aprendizagem"),
    }
    for lang, (title, elderly, placeholder) in expected.items():
        desk.page.select_option("#lang", lang)
        assert desk.page.locator("h1").inner_text() == title
        assert desk.page.locator("#pace option[value='elderly']").inner_text() == elderly
        assert desk.page.locator("#search").get_attribute("placeholder") == placeholder
        assert desk.page.locator("html").get_attribute("lang") == lang
        assert desk.query()["lang"] == [lang]
        desk.shot(f"lang-{lang}")
    # Category names follow: 图书馆 / 圖書館 / Library / Biblioteca.
    assert desk.page.locator(".cat-label[data-key='library']").inner_text() == "Biblioteca"
    desk.page.select_option("#lang", "en")
    assert desk.page.locator(".cat-label[data-key='library']").inner_text() == "Library"
    desk.page.select_option("#lang", "zh-Hant")
    assert desk.page.locator(".cat-label[data-key='library']").inner_text() == "圖書館"
    desk.page.select_option("#lang", "zh-Hans")
    assert desk.page.locator(".cat-label[data-key='library']").inner_text() == "图书馆"
    # The choice is remembered: a link without ?lang opens in it (localStorage).
    desk.page.goto(desk.server + "/")
    desk.page.wait_for_selector("body[data-ready='1']")
    assert desk.page.locator("h1").inner_text() == "15分钟学习圈"
    assert desk.query()["lang"] == ["zh-Hans"]
    with urllib.request.urlopen(desk.server + "/api/city") as response:
        assert json.load(response)["default_lang"] == "zh-Hant"


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_text_at_200_percent_keeps_every_control_on_screen(size, browser, server, output_dir, start_point):  # noqa: F811
    tab = Page(browser, server, output_dir, **(PHONE if size == "phone" else DESKTOP))
    try:
        lon, lat = start_point
        tab.open(f"?lon={lon}&lat={lat}")
        base = tab.page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        # Text zoom: the root font doubled (CSSOM, allowed by the CSP); everything is in rem.
        tab.page.evaluate(f"document.documentElement.style.fontSize = '{2 * base}px'")
        assert tab.page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == pytest.approx(2 * base)
        tab.page.wait_for_selector("#results li")
        if size == "phone":
            tab.page.evaluate("document.body.dataset.sheet = 'full'")
        tab.shot(f"text-200-{size}")
        width = tab.page.evaluate("innerWidth")
        assert tab.page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
        for selector in [*CONTROLS, "#results li .route-button"]:
            control = tab.page.locator(selector).first
            control.scroll_into_view_if_needed()
            box = control.bounding_box()
            assert box is not None, selector
            assert box["width"] > 0, selector
            assert box["x"] >= 0, selector
            assert box["x"] + box["width"] <= width + 1, selector
            assert in_viewport(tab, selector), selector
        # Result text wraps inside its card instead of running off the side.
        overflow = tab.page.evaluate(
            """() => [...document.querySelectorAll('#results li')].filter(li => li.scrollWidth > li.clientWidth + 1).length""")
        assert overflow == 0
    finally:
        tab.close()


def test_print_shows_map_and_list_without_controls(desk, start_point):  # noqa: F811
    desk.open()
    desk.click_lonlat(*start_point)
    desk.page.wait_for_selector("#results li")
    desk.page.emulate_media(media="print")
    desk.shot("print")
    assert not desk.page.locator("#search").is_visible()
    assert not desk.page.locator("#use-centre").is_visible()
    assert not desk.page.locator(".route-button").first.is_visible()
    assert desk.page.locator("#results li").first.is_visible()
    assert desk.page.locator("#categories").is_visible()  # the legend is printed
    assert desk.page.locator("#map").is_visible()


NAMES = {"zh-Hans": "测试简体名", "zh-Hant": "測試繁體名", "en": "Test English name", "pt": "Nome de teste"}


def test_site_names_follow_the_chosen_script_with_portuguese_below(desk, start_point):  # noqa: F811
    """API records with `names` (zh-Hans/zh-Hant/en/pt): the list shows the chosen script's name
    and keeps the Portuguese one as a second line (the first record's names are replaced by
    known test names; the second is shown as the API gives it)."""

    def with_names(route):
        answer = route.fetch()
        body = answer.json()
        body["features"][0]["properties"]["names"] = NAMES
        route.fulfill(response=answer, json=body)

    desk.page.route("**/api/reachable?*", with_names)
    lon, lat = start_point
    with desk.page.expect_response(lambda r: "/api/reachable" in r.url) as info:
        desk.open(f"?lon={lon}&lat={lat}&lang=zh-Hans")
    other = info.value.json()["features"][1]["properties"]  # as the API gives it
    first = desk.page.locator("#results li").first
    first.wait_for()
    for lang in ("zh-Hans", "zh-Hant", "en"):
        desk.page.select_option("#lang", lang)
        assert first.locator(".site-name strong").inner_text() == NAMES[lang]
        assert first.locator(".site-alt").inner_text() == NAMES["pt"]
        shown = desk.page.locator("#results li").nth(1).locator(".site-name strong").inner_text()
        assert shown == ((other.get("names") or {}).get(lang) or other["name"])
    desk.shot("names-en")
