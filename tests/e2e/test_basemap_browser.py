"""
The offline basemap in a real headless Chromium, on Macau, at phone and desktop sizes: water,
parks, street and place names drawn from the bundle with no request to any other host.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.basemap_pixels import basemap_labels, basemap_pixels, wait_for_basemap
from tests.e2e.test_browser import Page, browser, bundle, server  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CJK = re.compile(r"[\u4e00-\u9fff]")
# A street in the old town of the Macau peninsula (Avenida de Almeida Ribeiro, 新馬路).
OLD_TOWN = (22.1935, 113.5405)


@pytest.mark.parametrize(("size", "viewport"), [("phone", {"width": 390, "height": 844}),
                                                ("desktop", {"width": 1280, "height": 860})])
def test_basemap_draws_water_parks_streets_and_places_offline(browser, server, output_dir, size,  # noqa: F811
                                                               viewport):
    page = Page(browser, server, output_dir, viewport=viewport, device_scale_factor=2 if size == "phone" else 1)
    try:
        page.open()
        wait_for_basemap(page.page)
        page.shot(f"{size}-city")
        pixels = basemap_pixels(page.page)
        assert pixels["total"] > 0
        # Macau is half sea: a good share of the map is water, and its hills and parks are green.
        assert pixels["water"] / pixels["total"] > 0.2, pixels
        green = pixels["park"] + pixels["wood"] + pixels["grass"]
        assert green / pixels["total"] > 0.01, pixels
        assert pixels["park"] > 0, pixels
        places = [label["text"] for label in basemap_labels(page.page) if label["layer"] == "places"]
        assert places
        assert all(CJK.search(text) for text in places), places  # Chinese page, Chinese names

        page.page.evaluate(f"window.learningMap.setView([{OLD_TOWN[0]}, {OLD_TOWN[1]}], 17, {{animate: false}}); 1")
        wait_for_basemap(page.page)
        page.shot(f"{size}-streets")
        streets = [label["text"] for label in basemap_labels(page.page) if label["layer"] == "roads"]
        assert streets
        assert any(CJK.search(text) for text in streets), streets
        assert basemap_pixels(page.page)["major"] > 0  # main roads drawn in their own colour

        page.page.select_option("#lang", "en")  # English names where the data has them
        wait_for_basemap(page.page)
        page.shot(f"{size}-streets-en")
        english = [label["text"] for label in basemap_labels(page.page) if label["layer"] == "roads"]
        assert english
        assert any(not CJK.search(text) for text in english), english

        assert page.failed == []
        assert page.errors == []
        foreign = [u for u in page.requests if not u.startswith(server) and not u.startswith(("data:", "blob:"))]
        assert foreign == []
        assert page.csp_violations() == []
    finally:
        page.close()
