"""
Issue 20, point 6: every page, answer and product in each locale reads in one script.

Macau in all four locales (繁體 is its own script), a Shanghai build in 简体 and English: the
citizen page after a tap (list, route), the site page, the planner and the downloads page, as a
user sees them in a real headless Chromium at phone size (screenshots under test-output/). A
``zh_Hant`` text may hold no simplified-only character, a ``zh_Hans`` text no traditional-only
one, ``en`` and ``pt`` no Chinese, outside data shown as registered (addresses, descriptions;
on English and Portuguese pages the Chinese names too) and elements that declare their own
``lang`` (a language's name in itself). The other products have their own checks with the same
rule (:mod:`tests.script_check`): the admin pages (test_admin_locales.py), the national page,
the command line (test_cli_languages.py), the poster, booklet, route card and exported map
(test_export_year.py, test_walk_card.py), the API (test_public_pages_i18n.py).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.request
from typing import TYPE_CHECKING

import pytest

from tests.conftest import SHARED_DATA, built_once, need_shared, running_server
from tests.e2e.test_browser import browser  # noqa: F401 (the module's Chromium, a fixture)
from tests.script_check import foreign

if TYPE_CHECKING:
    from pathlib import Path

LOCALES = ("zh_Hans", "zh_Hant", "en", "pt")
TAG = {"zh_Hans": "zh-Hans", "zh_Hant": "zh-Hant", "en": "en", "pt": "pt"}
SHANGHAI_OSM = SHARED_DATA / "shanghai" / "yangpu_tongji_siping.osm"
# Fields of a site shown as registered (not converted per script), and its names in every script.
AS_REGISTERED = ("address", "description", "opening_hours", "phone", "website")

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The page's own text: scripts, styles and elements that declare another language are left out.
PAGE_TEXT = """(lang) => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('script, style, noscript, template').forEach((e) => e.remove());
  copy.querySelectorAll('[lang]').forEach((e) => { if (e.getAttribute('lang') !== lang) e.remove(); });
  const attrs = [];
  copy.querySelectorAll('[placeholder], [aria-label], [title], [alt]').forEach((e) => {
    for (const a of ['placeholder', 'aria-label', 'title', 'alt']) if (e.getAttribute(a)) attrs.push(e.getAttribute(a));
  });
  return [document.title, copy.textContent, ...attrs].join('\\n');
}"""


@pytest.fixture(scope="module")
def shanghai_bundle(tmp_path_factory) -> Path:
    need_shared(SHANGHAI_OSM)
    from learning_map.build.pipeline import build_from_files

    return built_once(tmp_path_factory, "shanghai-yangpu",
                      lambda out: build_from_files(out, osm_path=SHANGHAI_OSM, name="上海 杨浦"))


def data_strings(base: str, locale: str) -> set[str]:
    """What the city's sites show as registered; for English and Portuguese, their names too."""
    with urllib.request.urlopen(base + "/api/sites") as response:
        sites = json.load(response)["features"]
    found: set[str] = set()
    for feature in sites:
        props = feature["properties"]
        found |= {str(props.get(key) or "") for key in AS_REGISTERED}
        found |= {part for key in ("address", "description") for part in str(props.get(key) or "").split()
                  if len(part) > 1}
        if locale in ("en", "pt"):
            found |= {str(v) for v in (props.get("names") or {}).values()}
            found |= {str(props.get(key) or "") for key in ("name", "name_zh", "name_en")}
    if locale in ("en", "pt"):
        # The city's name as the office gave it: a city named only in Chinese keeps its Chinese name.
        with urllib.request.urlopen(base + "/api/city") as response:
            city = json.load(response)
        given = [city.get("name") or "", *(city.get("names") or {}).values()]
        found |= {part for name in given for part in str(name).split()}
    return {s for s in found if s}


def page_text(chromium, url: str, locale: str, output_dir: Path, name: str, *, ready: str | None = None,
              tap: tuple[float, float] | None = None) -> str:
    ctx = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                               locale=TAG[locale])
    try:
        page = ctx.new_page()
        page.goto(url)
        if ready:
            page.wait_for_selector(ready)
        page.wait_for_load_state("networkidle")  # every answer the page asked for has come
        if tap is not None:
            lon, lat = tap
            with page.expect_response(lambda r: "/api/reachable" in r.url):
                page.evaluate("""([lat, lon]) => { const m = window.learningMap; m.setView([lat, lon], 16, {animate: false});
                    m.fire('click', {latlng: L.latLng(lat, lon)}); }""", [lat, lon])
            page.wait_for_selector("#results li")
            button = page.locator("#results .route-button").first
            if button.count():
                with page.expect_response(lambda r: "/api/route" in r.url):
                    button.click()
        page.screenshot(path=str(output_dir / f"{name}-{locale}.png"))
        return page.evaluate(PAGE_TEXT, page.evaluate("document.documentElement.lang"))
    finally:
        ctx.close()


def check_city(chromium, bundle: Path, locales: tuple[str, ...], tap: tuple[float, float], output_dir: Path) -> None:
    problems = []
    with running_server(bundle) as base:
        with urllib.request.urlopen(base + "/api/sites") as response:
            site_id = json.load(response)["features"][0]["properties"]["site_id"]
        for locale in locales:
            original = data_strings(base, locale)
            lang = TAG[locale]
            pages = {
                "citizen": page_text(chromium, f"{base}/?lang={lang}", locale, output_dir, "citizen",
                                     ready="body[data-ready='1']", tap=tap),
                "site": page_text(chromium, f"{base}/site/{site_id}?lang={lang}", locale, output_dir, "site"),
                "planner": page_text(chromium, f"{base}/planner?lang={lang}", locale, output_dir, "planner"),
                "downloads": page_text(chromium, f"{base}/downloads?lang={lang}", locale, output_dir, "downloads"),
            }
            problems += [f"{bundle.name} {name} page ({locale}): {found[:6]}" for name, text in pages.items()
                         if (found := foreign(text, locale, original=original))]
    assert not problems, "pages with text of another script:\n" + "\n".join(problems)


def test_macau_pages_read_in_one_script_in_every_locale(browser, macau_bundle, output_dir):  # noqa: F811
    check_city(browser, macau_bundle, LOCALES, (113.5439, 22.1936), output_dir)


def test_a_shanghai_build_reads_in_simplified_chinese(browser, shanghai_bundle, output_dir):  # noqa: F811
    check_city(browser, shanghai_bundle, ("zh_Hans", "en"), (121.50, 31.29), output_dir)


def test_a_shanghai_year_export_prints_in_simplified_chinese(shanghai_bundle, tmp_path):
    """The poster and the booklet of a Shanghai year, as an office exports them: 简体 (its script) by default."""
    from tests.script_check import html_data, pdf_text, script_slips

    units = SHARED_DATA / "shanghai" / "subdistricts_8_central_districts.geojson"
    city = tmp_path / "city"
    shutil.copytree(shanghai_bundle, city, symlinks=True)  # the shared build stays as it is
    # As an office runs them: two commands (in their own process: this module's browser holds
    # Playwright's event loop, and the export prints with Playwright too).
    for args in (["import", str(city), str(SHANGHAI_OSM), "--year", "2026"],
                 ["export", str(city), "--year", "2026", "--out", str(tmp_path / "out"), "--by", f"{units}:osm_name"]):
        done = subprocess.run([sys.executable, "-m", "learning_map", *args], capture_output=True, text=True,
                              timeout=900, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
    out = tmp_path / "out"
    html = (out / "learning-map-2026.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in html
    for pdf in ("learning-map-2026.pdf", "booklet-2026.pdf"):
        text = pdf_text(out / pdf)
        assert any("\u4e00" <= c <= "\u9fff" for c in text), pdf  # it says something in Chinese
        assert script_slips(text, "zh_Hans", [], html_data(html)) == [], pdf


def test_a_by_field_the_file_lacks_is_one_sentence(runner, shanghai_bundle, tmp_path):
    units = SHARED_DATA / "shanghai" / "subdistricts_8_central_districts.geojson"
    result = runner.invoke(["export", str(shanghai_bundle), "--year", "2026", "--out", str(tmp_path / "out"),
                            "--by", f"{units}:name"])
    assert result.exit_code == 1
    assert "--by: subdistricts_8_central_districts.geojson has no field 'name'" in result.output
    assert "Traceback" not in result.output
