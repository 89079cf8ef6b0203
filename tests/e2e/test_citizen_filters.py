"""
The citizen page's course filter, "open at" controls and humanities-walk button, in headless
Chromium: the list is exactly what the API answers, the controls change the request (and the
link), and the walk draws its line and numbered stops with no request leaving the server.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

from tests._servers import wait_for_page
from tests.e2e.test_browser import Page, browser, bundle, server, start_point  # noqa: F401 (fixtures)
from tests.e2e.test_citizen_ui import tap_map
from tests.e2e.test_courses_browser import course_server  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
DESKTOP = {"viewport": {"width": 1280, "height": 860}, "reduced_motion": "reduce"}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True, "reduced_motion": "reduce"}
# A point in the course city's grid, within 15 minutes of its three sites.
COURSE_POINT = (113.5412, 22.1912)


def api(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path) as response:
        return json.load(response)


def listed(tab: Page) -> list[str]:
    return tab.page.locator("#results > li").evaluate_all("items => items.map(li => li.dataset.siteId)")


def js_number(value: float) -> str:
    """A number as JavaScript prints it (4.0 -> "4")."""
    return str(int(value)) if float(value).is_integer() else str(value)


def walk_line_points(tab: Page) -> list[int]:
    """The number of points of each walk line drawn on the map."""
    return tab.page.evaluate(
        """() => { const out = []; window.learningMap.eachLayer((l) => {
             if (l instanceof L.Polyline && l.options.lmWalk) out.push(l.getLatLngs().length); });
           return out; }""")


def params(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_course_filter_narrows_the_list_exactly_as_the_api_says(browser, course_server, output_dir):  # noqa: F811
    tab = Page(browser, course_server, output_dir, **DESKTOP)
    try:
        lon, lat = COURSE_POINT
        with tab.page.expect_response(lambda r: "/api/reachable" in r.url):
            tab.open(f"?lon={lon}&lat={lat}&minutes=15&lang=zh-Hans")
        tab.page.wait_for_selector("#results > li")
        everything = listed(tab)
        assert len(everything) >= 2
        # The offered categories only (智能手机, 书画, 音乐), labelled from the taxonomy.
        offered = tab.page.locator("#course-category option").evaluate_all("o => o.map(x => x.value)")
        assert offered[0] == ""
        assert set(offered[1:]) == {"smartphone_it", "calligraphy_painting", "music"}
        # Folded until opened, so the panel stays short.
        assert tab.page.locator("#course-category").is_hidden()
        tab.page.click("#course-filter summary")

        with tab.page.expect_response(lambda r: "/api/reachable" in r.url) as info:
            tab.page.select_option("#course-category", "smartphone_it")
        sent = params(info.value.url)
        assert sent["course_category"] == "smartphone_it"
        answer = info.value.json()
        wait_for_page(tab.page, "document.querySelectorAll('#results > li').length === 1")
        # The list is the API's answer, and the API's answer is the course filter's.
        assert listed(tab) == [f["properties"]["site_id"] for f in answer["features"]] == ["s1"]
        direct = api(course_server, f"/api/reachable?lon={lon}&lat={lat}&minutes=15&course_category=smartphone_it")
        assert [f["properties"]["site_id"] for f in direct["features"]] == ["s1"]
        # The matching course under the site, with its slot and "enrolling now".
        course = tab.page.locator("#results > li .course")
        assert course.count() == 1
        assert course.locator(".course-name").inner_text() == "智能手机入门"
        assert "周二" in course.inner_text()
        assert course.locator(".course-enrolling").inner_text() == "报名中"
        assert params(tab.page.url)["course"] == "smartphone_it"
        tab.shot("course-filter")

        # Audience "young people": no smartphone course for them; the message says so.
        with tab.page.expect_response(lambda r: "/api/reachable" in r.url) as info:
            tab.page.select_option("#audience", "youth")
        assert params(info.value.url)["audience"] == "youth"
        assert info.value.json()["features"] == []
        wait_for_page(tab.page, "document.querySelectorAll('#results > li').length === 0")
        assert "课程" in tab.page.locator("#message").inner_text()

        # Music on Saturdays for young people: the west-street library (s2), as the API says.
        with tab.page.expect_response(lambda r: "/api/reachable" in r.url) as info:
            tab.page.select_option("#course-category", "music")
        with tab.page.expect_response(lambda r: "/api/reachable" in r.url) as info:
            tab.page.select_option("#weekday", "sa")
        assert params(info.value.url)["weekday"] == "sa"
        wait_for_page(tab.page, "document.querySelectorAll('#results > li').length === 1")
        assert listed(tab) == [f["properties"]["site_id"] for f in info.value.json()["features"]] == ["s2"]
        # The link restores the filter.
        query = params(tab.page.url)
        assert (query["course"], query["audience"], query["weekday"]) == ("music", "youth", "sa")
        assert tab.errors == []
    finally:
        tab.close()


def test_open_at_changes_the_request_and_now_resets_it(browser, course_server, output_dir):  # noqa: F811
    tab = Page(browser, course_server, output_dir, **DESKTOP)
    try:
        lon, lat = COURSE_POINT
        with tab.page.expect_response(lambda r: "/api/reachable" in r.url) as info:
            tab.open(f"?lon={lon}&lat={lat}&minutes=15&lang=en")
        assert "open_day" not in params(info.value.url)
        assert tab.page.locator("#open-now").is_disabled()
        tab.page.click("#open-at summary")

        with tab.page.expect_response(lambda r: "/api/reachable" in r.url) as info:
            tab.page.select_option("#open-day", "tomorrow")
        assert params(info.value.url)["open_day"] == "tomorrow"
        with tab.page.expect_response(lambda r: "/api/reachable" in r.url) as info:
            tab.page.fill("#open-time", "09:30")
        sent = params(info.value.url)
        assert (sent["open_day"], sent["open_time"]) == ("tomorrow", "09:30")
        moment = dt.datetime.fromisoformat(info.value.json()["query"]["at"])
        assert moment.time() == dt.time(9, 30)
        today = dt.datetime.now(dt.UTC).date()  # the grid city's time zone is UTC
        assert moment.date() in (today + dt.timedelta(days=1), today + dt.timedelta(days=2))
        query = params(tab.page.url)
        assert (query["day"], query["at"]) == ("tomorrow", "09:30")
        tab.shot("open-at")

        # "Now" clears both: the request asks about the present again.
        with tab.page.expect_response(lambda r: "/api/reachable" in r.url) as info:
            tab.page.click("#open-now")
        sent = params(info.value.url)
        assert "open_day" not in sent
        assert "open_time" not in sent
        assert "day" not in params(tab.page.url)

        # A link with "open at" restores the controls and asks about that moment.
        with tab.page.expect_response(lambda r: "/api/reachable" in r.url) as info:
            tab.open(f"?lon={lon}&lat={lat}&minutes=15&lang=en&day=sa&at=18:00")
        sent = params(info.value.url)
        assert (sent["open_day"], sent["open_time"]) == ("sa", "18:00")
        assert tab.page.locator("#open-day").is_visible()  # a link with "open at" unfolds it
        assert tab.page.locator("#open-day").input_value() == "sa"
        assert tab.page.locator("#open-time").input_value() == "18:00"
        assert tab.errors == []
    finally:
        tab.close()


def test_walk_button_draws_the_route_and_numbered_stops_offline(browser, server, start_point, output_dir):  # noqa: F811
    tab = Page(browser, server, output_dir, **PHONE)
    try:
        tab.open("?lang=zh-Hant")
        lon, lat = start_point
        assert tab.page.locator("#walk-button").is_hidden()  # no point yet: nothing to walk from
        tap_map(tab, lon, lat)
        assert tab.page.locator("#walk-button").is_visible()  # on the map, above the sheet
        assert tab.page.locator("#walk-button").inner_text() == "人文行走"
        assert tab.page.locator("#walk-button").bounding_box()["height"] >= 44
        with tab.page.expect_response(lambda r: "/api/walk?" in r.url) as info:
            tab.page.click("#walk-button")
        sent = params(info.value.url)
        assert (sent["theme"], sent["minutes"]) == ("history", "60")
        plan = info.value.json()
        tab.page.wait_for_selector("#walk-stops > li")
        stops = plan["stops"]
        assert stops
        # The line (every point of the API's line) and one numbered marker per stop on the map.
        assert walk_line_points(tab) == [len(plan["line"]["geometry"]["coordinates"])]
        assert tab.count_layers("lmWalkStop") == len(stops)
        numbers = tab.page.locator(".walk-stop-icon.walk-sight span").all_inner_texts()
        assert numbers == [str(i) for i in range(1, sum(s["kind"] == "sight" for s in stops) + 1)]
        # The list: every stop in walking order, with its leg's minutes at both paces, then the way back.
        items = tab.page.locator("#walk-stops > li")
        assert items.count() == len(stops) + (1 if plan["last_leg_m"] > 0 else 0)
        first = items.first.inner_text()
        assert stops[0]["name"] in first
        leg = stops[0]["leg_minutes"]
        assert f"步行 {js_number(leg['adult'])} 分鐘（長者 {js_number(leg['elderly'])} 分鐘）" in first
        assert tab.page.locator("#results").is_hidden()
        assert "人文行走" in tab.page.locator("#message").inner_text()
        tab.shot("walk-phone")
        shared = tab.page.url  # the link carries the walk (the route card's QR code is such a link)
        assert (params(shared)["walk"], params(shared)["walk_minutes"]) == ("history", "60")
        tab.page.click("#sheet-handle")
        tab.shot("walk-phone-full")
        # Nothing left the server: no tiles, no CDN, no geocoder.
        foreign = [u for u in tab.requests if not u.startswith(server) and not u.startswith("data:")]
        assert foreign == []
        assert tab.failed == []
        assert tab.errors == []
        assert tab.csp_violations() == []

        # Back to the learning sites: the walk goes from the map and the list returns.
        tab.page.click("#walk-close")
        assert tab.count_layers("lmWalkStop") == 0
        assert walk_line_points(tab) == []
        assert tab.page.locator("#results").is_visible()
        assert tab.page.locator("#walk-bar").is_hidden()
        assert "walk" not in params(tab.page.url)

        # Opening the shared link draws the same walk.
        with tab.page.expect_response(lambda r: "/api/walk?" in r.url) as info:
            tab.page.goto(shared)
        tab.page.wait_for_selector("#walk-stops > li")
        assert [s["id"] for s in info.value.json()["stops"]] == [s["id"] for s in stops]
        assert tab.count_layers("lmWalkStop") == len(stops)
    finally:
        tab.close()
