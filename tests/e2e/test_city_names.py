"""
Macau's name per locale: from its OSM place=city, kept in the bundle, printed and shown by one function.

Issue 21's print language: "The bundle keeps the city's name per locale (from the OSM place's
``name:*`` tags, or ``build --name`` per locale)". The extract's place=city node (1939592594)
tags name:zh-Hans 澳门, name:zh-Hant 澳門, name:pt Macau and name:en **Macau** (the Macau
government's English is "Macao"; OSM's name:en says Macau, and so does the bundle: ``--name
en=Macao`` is how an office would print Macao).
"""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner

from learning_map.bundle.core import read_meta
from learning_map.cli import main
from learning_map.web import create_app
from tests.script_check import pdf_text

pytestmark = pytest.mark.slow

# What each locale calls Macau, as the extract's place=city names it.
MACAU = {"zh_Hant": "澳門", "zh_Hans": "澳门", "en": "Macau", "pt": "Macau"}
REGISTRY = """编号,名称,类别,经度,纬度
L1,澳門中央圖書館,图书馆,113.5417,22.1917
L2,何東圖書館,图书馆,113.5397,22.1929
"""


@pytest.fixture(scope="module")
def city(macau_bundle, tmp_path_factory):
    """The shared Macau bundle (built with ``--name "Macau 澳门"``), copied, with a 2026 registry."""
    root = tmp_path_factory.mktemp("names")
    out = root / "macau"
    shutil.copytree(macau_bundle, out, ignore=shutil.ignore_patterns("registry.gpkg*", ".build.lock"))
    (root / "r2026.csv").write_text(REGISTRY, encoding="utf-8")
    imported = CliRunner().invoke(main, ["import", str(out), str(root / "r2026.csv"), "--year", "2026"])
    assert imported.exit_code == 0, imported.output
    return out


def test_the_bundle_keeps_macaus_name_per_locale(macau_bundle, macau_pbf):
    from learning_map.city.city_names import city_names, city_place_tags
    from learning_map.io.osm import read_osm

    names = {"zh-Hans": "澳门", "zh-Hant": "澳門", "en": "Macau", "pt": "Macau"}
    # Given "Macau 澳门" (split by script): the place=city is the same city and adds the Portuguese.
    assert read_meta(macau_bundle)["names"] == names
    # Without --name, the extract's place=city alone gives the same.
    tags = city_place_tags(read_osm(macau_pbf).places)
    assert tags["name"] == "澳門 Macau"
    assert city_names(place_tags=tags, bounds=read_meta(macau_bundle)["bounds_lonlat"]) == names


@pytest.mark.parametrize("locale", list(MACAU))
def test_the_exported_map_titles_the_city_in_its_locale(city, tmp_path, locale):
    out = tmp_path / "2026"
    result = CliRunner().invoke(main, ["export", str(city), "--year", "2026", "--out", str(out),
                                       "--no-print", "--lang", locale])
    assert result.exit_code == 0, result.output
    html = (out / "learning-map-2026.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    others = {name for loc, name in MACAU.items() if name != MACAU[locale]}
    assert MACAU[locale] in title, title
    assert not any(other in title for other in others), title


def test_the_poster_prints_the_traditional_name(city, tmp_path):
    out = tmp_path / "2026"
    result = CliRunner().invoke(main, ["export", str(city), "--year", "2026", "--out", str(out),
                                       "--lang", "zh_Hant"])
    assert result.exit_code == 0, result.output
    poster = out / "learning-map-2026.pdf"
    first_lines = pdf_text(poster).strip().splitlines()[:5]
    assert any("澳門" in line for line in first_lines), first_lines
    assert "澳门" not in pdf_text(poster)


def test_web_pages_title_the_city_per_lang(city):
    client = create_app(city).test_client()
    for locale, name in MACAU.items():
        lang = locale.replace("_", "-")
        for path in ("/", "/planner"):
            page = client.get(f"{path}?lang={lang}").get_data(as_text=True)
            title = re.search(r"<title>(.*?)</title>", page).group(1)
            assert title.startswith(f"{name} · "), (path, lang, title)
    assert client.get("/api/city").get_json()["names"] == {
        "zh-Hans": "澳门", "zh-Hant": "澳門", "en": "Macau", "pt": "Macau"}
