"""
Issue 20 on Macau: the open states and the opening hours in words come in the page's locale
from the catalogues (/api/reachable, the site page), and a 繁體 citizen page shows them in
繁體 in a real headless Chromium at phone size (screenshots under the test's output folder).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import urllib.request
from pathlib import Path

import pytest

from learning_map.base import i18n
from learning_map.city.hours import hours_text, load_calendar, parse, state_at
from tests._servers import wait_for_page
from tests.conftest import running_server
from tests.e2e.test_browser import CHROMIUM_ARGS
from tests.unit.test_i18n import add_dummy_locale

CENTRE = {"lon": 113.5439, "lat": 22.1936}
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Characters of the open-state and hours messages that simplified Chinese writes differently.
SIMPLIFIED_ONLY = set("关开时间说节众")


def reachable(client, **query) -> dict:
    body = client.get("/api/reachable", query_string={**CENTRE, "minutes": 30, "open_day": "mo",
                                                      "open_time": "21:00", **query})
    assert body.status_code == 200, body.get_data(as_text=True)
    return body.get_json()


@pytest.mark.parametrize(("ask", "locale"), [
    ({"lang": "zh-Hant"}, "zh_Hant"), ({"lang": "zh-Hans"}, "zh_Hans"), ({"lang": "pt"}, "pt"),
    ({"lang": "en"}, "en"), ({"accept": "zh-MO,zh;q=0.8"}, "zh_Hant"), ({"accept": "pt-PT"}, "pt"),
])
def test_open_states_and_hours_come_in_the_asked_locale(client, ask, locale):
    headers = {"Accept-Language": ask["accept"]} if "accept" in ask else {}
    body = client.get("/api/reachable", headers=headers, query_string={
        **CENTRE, "minutes": 30, "open_day": "mo", "open_time": "21:00", **({"lang": ask["lang"]} if "lang" in ask else {})}
    ).get_json()
    moment = dt.datetime.fromisoformat(body["query"]["at"])
    macau = load_calendar("MO")
    assert body["features"]
    for feature in body["features"]:
        props = feature["properties"]
        state = state_at(props["opening_hours"], moment, macau)
        assert props["open_state"]["label"] == state.label(moment, locale)
        assert props["open_state"]["hours"] == hours_text(props["opening_hours"], locale)
        # Older clients' keys stay.
        assert props["open_state"]["zh"] == state.label(moment, "zh_Hans")
        assert props["open_state"]["en"] == state.label(moment, "en")


def test_a_fifth_locale_is_served_by_the_api(client, tmp_path, monkeypatch):
    """The dummy locale of tests/unit/test_i18n.py (a .po and one line) reaches /api/reachable."""
    monkeypatch.setattr(i18n, "CATALOGUES", i18n.Catalogues(add_dummy_locale(tmp_path)))
    body = reachable(client, lang="eo")
    states = [f["properties"]["open_state"] for f in body["features"]]
    assert states
    assert all(state["label"].startswith("[eo] ") for state in states)
    assert all(state["hours"].startswith("[eo] ") or "[eo]" in state["hours"] for state in states)


def test_a_traditional_page_gets_no_simplified_open_state_or_hours_words(client):
    body = reachable(client, lang="zh-Hant")
    words = {f["properties"]["open_state"]["label"] for f in body["features"]}
    words |= {f["properties"]["open_state"]["hours"] for f in body["features"]
              if parse(f["properties"]["opening_hours"]) is not None}
    assert any("關" in w or "開放" in w for w in words), words
    for word in words:
        assert not SIMPLIFIED_ONLY & set(word), word
    # The same page in 简体 says 关/开.
    simplified = reachable(client, lang="zh-Hans")
    assert any("关" in f["properties"]["open_state"]["label"] or "开" in f["properties"]["open_state"]["label"]
               for f in simplified["features"])


def hours_site(client) -> dict:
    """A Macau site whose hours are a rule this project puts in words (Mo-Fr ..., ...)."""
    for feature in client.get("/api/sites").get_json()["features"]:
        text = feature["properties"].get("opening_hours") or ""
        if text and parse(text) is not None and "原文" not in hours_text(text, "zh_Hant"):
            return feature
    pytest.skip("no Macau site with readable opening hours")
    return {}


def test_the_site_page_shows_the_hours_in_words(client):
    site = hours_site(client)["properties"]
    for lang, locale in (("zh-Hant", "zh_Hant"), ("zh-Hans", "zh_Hans"), ("en", "en")):
        html = client.get(f"/site/{site['site_id']}", query_string={"lang": lang}).get_data(as_text=True)
        words = hours_text(site["opening_hours"], locale)
        assert f'<dd class="hours">{words}</dd>' in html, (lang, words)
        assert site["opening_hours"] not in html  # the OSM syntax is not shown


def test_a_site_with_no_hours_says_so(client):
    for feature in client.get("/api/sites").get_json()["features"]:
        if not (feature["properties"].get("opening_hours") or "").strip():
            site_id = feature["properties"]["site_id"]
            break
    else:
        pytest.skip("every Macau site has hours")
    html = client.get(f"/site/{site_id}", query_string={"lang": "zh-Hant"}).get_data(as_text=True)
    assert '<dd class="hours">未提供開放時間</dd>' in html


@pytest.mark.browser
@pytest.mark.slow
def test_the_traditional_citizen_page_shows_traditional_open_states_and_hours(macau_bundle, output_dir):
    """The citizen page in 繁體 at 390x844: the list's open states and hours are 繁體, in words."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    from playwright.sync_api import sync_playwright

    with running_server(macau_bundle) as base, sync_playwright() as p:
        with urllib.request.urlopen(base + "/api/sites") as response:
            sites = json.load(response)["features"]
        site = next(f for f in sites if (f["properties"].get("opening_hours") or "")
                    and parse(f["properties"]["opening_hours"]) is not None
                    and "原文" not in hours_text(f["properties"]["opening_hours"], "zh_Hant"))
        lon, lat = site["geometry"]["coordinates"]
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                      is_mobile=True, has_touch=True, locale="zh-MO")
            page = ctx.new_page()
            page.goto(f"{base}/?lang=zh-Hant")
            page.wait_for_selector("body[data-ready='1']")
            with page.expect_response(lambda r: "/api/reachable" in r.url) as info:
                page.evaluate("""([lat, lon]) => { const m = window.learningMap; m.setView([lat, lon], 16, {animate: false});
                    m.fire('click', {latlng: L.latLng(lat, lon)}); }""", [lat + 0.0003, lon + 0.0004])
            answer = info.value.json()
            assert "lang=zh-Hant" in info.value.url
            page.wait_for_selector("#results li")
            item = page.locator(f"#results li[data-site-id='{site['properties']['site_id']}']")
            item.scroll_into_view_if_needed()
            text = item.inner_text()
            props = next(f["properties"] for f in answer["features"]
                         if f["properties"]["site_id"] == site["properties"]["site_id"])
            assert props["open_state"]["label"] in text
            assert hours_text(site["properties"]["opening_hours"], "zh_Hant") in text
            assert "開放時間" in text
            assert site["properties"]["opening_hours"] not in text  # no raw OSM syntax
            labels = page.locator("#results .open-state").all_inner_texts()
            assert labels
            for label in labels:
                assert not SIMPLIFIED_ONLY & set(label), label
            page.screenshot(path=str(output_dir / "citizen-zh-Hant-390.png"))
            item.screenshot(path=str(output_dir / "citizen-zh-Hant-item.png"))
            # Switching to 简体 asks again: the same site's state now in simplified characters.
            with page.expect_response(lambda r: "/api/reachable" in r.url and "lang=zh-Hans" in r.url):
                page.select_option("#lang", "zh-Hans")
            wait_for_page(page, "(id) => { const li = document.querySelector(`#results li[data-site-id='${id}']`);"
                " return li && li.innerText.includes('开放时间'); }", arg=site["properties"]["site_id"])
            page.screenshot(path=str(output_dir / "citizen-zh-Hans-390.png"))
            # The site page in 繁體: the hours in words, not the OSM syntax.
            page.goto(f"{base}/site/{site['properties']['site_id']}?lang=zh-Hant")
            hours = page.locator("dd.hours")
            assert hours.inner_text() == hours_text(site["properties"]["opening_hours"], "zh_Hant")
            hours.scroll_into_view_if_needed()
            page.screenshot(path=str(output_dir / "site-zh-Hant-390.png"))
            ctx.close()
        finally:
            browser.close()


# Interface elements of the citizen page whose text is the page's words (not data): the static
# words, placeholders and labels, and the words the script writes into the list, route and walk.
INTERFACE_TEXT = """() => {
  const out = [];
  const add = (where, text) => { if (text && text.trim()) out.push([where, text.trim()]); };
  document.querySelectorAll("[data-i18n]").forEach((e) => add(`data-i18n=${e.dataset.i18n}`, e.textContent));
  document.querySelectorAll("[data-i18n-placeholder]").forEach((e) => add("placeholder", e.placeholder));
  document.querySelectorAll("[data-i18n-label]").forEach((e) => add("aria-label", e.getAttribute("aria-label")));
  const selectors = ["#results .walk", "#results .site-meta .details", "#results .open-state", "#results .label",
    "#results .route-button", "#results .details-link", "#results .visually-hidden", "#cats-count",
    "#walk-stops .walk-leg", "#walk-stops .walk-kind", "#walk-stops .walk-end .walk-name", ".here-label",
    "#sheet-handle", ".cat-label"];
  for (const s of selectors) document.querySelectorAll(s).forEach((e) => add(s, e.textContent));
  document.querySelectorAll(".leaflet-control-zoom a").forEach((e) => add("zoom", e.title));
  add("sheet", document.querySelector("#sheet-handle").getAttribute("aria-label"));
  return out;
}"""
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def catalogue_strings(locale: str, source: str = "learning_map/web/frontend/src/") -> dict[str, str]:
    """The front end's messages of one locale: message id -> translation."""
    from babel.messages.pofile import read_po

    path = Path(i18n.__file__).parents[1] / "locale" / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        catalogue = read_po(f)
    return {m.id: m.string for m in catalogue
            if m.id and isinstance(m.id, str) and any(loc[0].startswith(source) for loc in m.locations)}


def assert_portuguese_interface(page, data_names: set[str]) -> list[list[str]]:
    """No CJK character and no English-only word of the catalogues in the interface elements."""
    english, portuguese = catalogue_strings("en"), catalogue_strings("pt")
    english_only = {english[k] for k in english if english[k] != portuguese.get(k)}
    texts = page.evaluate(INTERFACE_TEXT)
    assert texts
    for where, text in texts:
        bare = text
        for name in sorted(data_names, key=len, reverse=True):
            bare = bare.replace(name, "")
        assert not CJK.search(bare), (where, text)
        assert text.rstrip(": ") not in english_only, (where, text)
    return texts


@pytest.mark.browser
@pytest.mark.slow
def test_the_portuguese_citizen_page_reads_in_portuguese(macau_bundle, output_dir):
    """Macau's citizen page with ?lang=pt at 390x844: tap, list, route, site page link and the
    humanities walk read in Portuguese (Portuguese site names first); screenshots of each step."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    from playwright.sync_api import sync_playwright

    pt = catalogue_strings("pt")
    with running_server(macau_bundle) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                      is_mobile=True, has_touch=True, locale="pt-PT")
            page = ctx.new_page()
            page.goto(f"{base}/?lang=pt")
            page.wait_for_selector("body[data-ready='1']")
            assert page.evaluate("document.documentElement.lang") == "pt"
            assert page.title().endswith(" · " + pt["15-minute learning circle"])
            assert page.locator("h1").inner_text() == "Círculo de aprendizagem de 15 minutos"
            assert page.locator("#hint").inner_text() == pt[
                "Click the map to pick a starting point and see the learning sites within walking distance."]
            assert page.locator("#lang").input_value() == "pt"
            page.screenshot(path=str(output_dir / "citizen-pt-390-start.png"))
            # A tap on the map (touch), near the centre of Macau's peninsula.
            page.evaluate("([lat, lon]) => window.learningMap.setView([lat, lon], 16, {animate: false})",
                          [CENTRE["lat"], CENTRE["lon"]])
            box = page.locator("#map").bounding_box()
            with page.expect_response(lambda r: "/api/reachable" in r.url) as info:
                page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 3)
            assert "lang=pt" in info.value.url
            answer = info.value.json()
            assert answer["features"]
            page.wait_for_selector("#results li")
            message = page.locator("#message").inner_text()
            assert message.startswith("Locais de aprendizagem a 15 minutos a pé: "), message
            names = {n for f in answer["features"] for n in (f["properties"]["name"], *f["properties"]["names"].values()) if n}
            # Portuguese names first: a site with a Portuguese name shows it.
            with_pt = next(f["properties"] for f in answer["features"] if f["properties"]["names"].get("pt"))
            item = page.locator(f"#results li[data-site-id='{with_pt['site_id']}']")
            assert item.locator(".site-name strong").inner_text() == with_pt["names"]["pt"]
            assert with_pt["open_state"]["label"] in item.inner_text()
            # The site page link keeps the language.
            assert item.locator(".details-link").get_attribute("href").endswith("?lang=pt")
            assert_portuguese_interface(page, names)
            page.screenshot(path=str(output_dir / "citizen-pt-390-list.png"))
            # The route to that site.
            with page.expect_response(lambda r: "/api/route" in r.url):
                item.locator(".route-button").click()
            wait_for_page(page, "document.body.dataset.state === 'route'")
            assert page.locator("#message").inner_text().startswith("Percurso a pé até «")
            page.screenshot(path=str(output_dir / "citizen-pt-390-route.png"))
            # The humanities walk from the same point.
            with page.expect_response(lambda r: "/api/walk" in r.url) as walk_info:
                page.locator("#walk-button").click()
            plan = walk_info.value.json()
            wait_for_page(page, "document.body.dataset.state === 'walk'")
            walk_message = page.locator("#message").inner_text()
            stops = [s for s in plan["stops"] if s["kind"] == "sight"]
            if stops:
                assert walk_message.startswith("Passeio cultural: "), walk_message
                first = page.locator("#walk-stops .walk-name").first.inner_text()
                expected = stops[0]["names"].get("pt") or stops[0].get("name_en") or stops[0]["name"]
                if plan["stops"][0]["kind"] == "sight":
                    assert first == expected
            else:
                assert walk_message == pt["No humanities sight can be reached and walked back from in this time."]
            walk_names = {n for s in plan["stops"] for n in (s.get("name"), s.get("name_en"), *(s.get("names") or {}).values()) if n}
            assert_portuguese_interface(page, names | walk_names)
            page.screenshot(path=str(output_dir / "citizen-pt-390-walk.png"))
            ctx.close()
        finally:
            browser.close()
