"""A site's courses in headless Chromium at phone size: hostile course text stays text."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from learning_map.cli import main
from tests.conftest import IMG_XSS, hostile_osm, running_server
from tests.e2e import test_browser as citizen_page
from tests.e2e.test_courses_web import HOSTILE, workbook

pytestmark = [pytest.mark.browser, pytest.mark.slow]
browser = citizen_page.browser  # Debian's Chromium, as the citizen page's tests start it


@pytest.fixture(scope="module")
def course_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("course-browser")
    out = root / "city"
    runner = CliRunner()
    built = runner.invoke(main, ["build", "--osm", str(hostile_osm(root / "city.osm", root / "PWNED")),
                                 "--out", str(out), "--name", "课程城"])
    assert built.exit_code == 0, built.output
    imported = runner.invoke(main, ["import", str(out), str(workbook(root / "名录.xlsx")), "--year", "2026"])
    assert imported.exit_code == 0, imported.output
    with running_server(out, "--year", "2026") as base:
        yield base


def test_site_courses_on_a_phone(browser, course_server, output_dir):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(f"{course_server}/site/s1?lang=zh-Hans")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(output_dir / "site-courses-phone.png"), full_page=True)
        names = page.locator("[data-testid=course-name]").all_inner_texts()
        assert names == ["智能手机入门", HOSTILE]  # open for enrolment first; the payload as text
        assert page.locator("[data-testid=enrolling]").all_inner_texts() == ["报名中"]
        assert page.locator(".courses img").count() == 0
        assert page.locator(".courses a[href^='javascript']").count() == 0
        assert page.locator(".courses a.tel").get_attribute("href") == "tel:+85328351234"
        assert IMG_XSS in page.locator(".courses").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows
        assert dialogs == []
    finally:
        context.close()
