"""A site's page (/site/<id>) in headless Chromium at phone size, in 繁體, English and Português."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import urlsplit

import pytest

from tests.e2e import test_browser as citizen_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]
# The citizen page's browser-test fixtures: the Macau server and Debian's Chromium.
bundle, server, browser = citizen_page.bundle, citizen_page.server, citizen_page.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}


@pytest.mark.parametrize(("lang", "heading", "category"),
                         [("zh-Hant", "望廈圖書館", "圖書館"), ("en", "Mong Ha Library", "Library"),
                          ("pt", "Biblioteca de Mong Há", "Biblioteca")])
def test_site_page_renders_on_a_phone_with_no_foreign_requests(browser, server, output_dir, lang, heading,
                                                               category):
    with urllib.request.urlopen(server + "/api/search?q=" + urllib.request.quote("望廈圖書館")) as response:
        site = next(r for r in json.load(response)["results"] if r["kind"] == "site")
    context = browser.new_context(**PHONE, locale={"zh-Hant": "zh-MO", "en": "en-GB", "pt": "pt-PT"}[lang])
    page = context.new_page()
    requests, errors, console = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("response", lambda r: r.status >= 400 and errors.append((r.status, r.url)))
    page.on("console", lambda m: console.append(m.text))
    try:
        page.goto(f"{server}/site/{site['site_id']}")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(output_dir / f"site-{lang}-phone.png"), full_page=True)
        assert page.locator("h1").inner_text() == heading
        assert page.locator(".category").inner_text() == category
        assert page.locator("html").get_attribute("lang") == lang
        # site.js ran under the CSP: the share field holds the page's full address.
        assert page.locator("#share-url").input_value() == f"{server}/site/{site['site_id']}"
        assert page.locator("a.tel").get_attribute("href").startswith("tel:+853")
        assert page.locator("a[data-app]").count() == 3
        # Nothing overflows the phone's width, and the buttons are big enough to tap.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        for box in page.locator("a.button").evaluate_all(
                "els => els.map(e => e.getBoundingClientRect().height)"):
            assert box >= 44
        hosts = {urlsplit(u).netloc for u in requests if not u.startswith("data:")}
        assert hosts == {urlsplit(server).netloc}, hosts
        assert errors == []
        assert not [m for m in console if "Content Security Policy" in m]
    finally:
        context.close()
