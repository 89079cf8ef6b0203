"""
The city's name per locale: decided at build (OSM place or ``--name``), kept in the bundle, shown by one function.

Issue 21: "The bundle keeps the city's name per locale (from the OSM place's ``name:*`` tags, or
``build --name`` per locale)". A hand-made city whose place=city node carries ``name:*`` tags.
"""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pytest
from click.testing import CliRunner

from learning_map.build.pipeline import build_from_files
from learning_map.bundle.core import (
    FORMAT_VERSION,
    META_FILE,
    current_build,
    load_bundle,
    read_meta,
)
from learning_map.city.city_names import (
    city_names,
    city_place_tags,
    given_names,
    names_from_text,
    single_name,
)
from learning_map.cli import main
from learning_map.errors import ParameterError
from learning_map.export.words import city_name, default_title
from learning_map.web import create_app
from tests.hand_osm import HandOsm

# The extract's own place=city of Macau (node 1939592594 of macau-260220.osm.pbf, trimmed).
MACAU_PLACE = {"place": "city", "name": "澳門 Macau", "name:en": "Macau", "name:pt": "Macau",
               "name:zh": "澳門", "name:zh-Hans": "澳门", "name:zh-Hant": "澳門", "name:fr": "Macao"}
MACAU_BOUNDS = (113.53, 22.11, 113.60, 22.21)
# A hand city's place: only its traditional Chinese name, and a Portuguese and an English one.
HAND_PLACE = {"place": "city", "name": "海灣城 Baía", "name:zh": "海灣城", "name:pt": "Cidade da Baía",
              "name:en": "Bay City"}


def hand_city(tmp_path, *places: dict[str, str]):
    """A street, a library and ``places`` (tag dicts) as nodes along it; the OSM file's path."""
    osm = HandOsm()
    osm.way([osm.node(x, 0) for x in range(0, 1001, 100)], {"highway": "residential", "name": "Main Street"})
    osm.node(500, 20, amenity="library", name="海灣圖書館 Bay Library")
    for i, tags in enumerate(places):
        osm.node(300 + 100 * i, 50, **tags)
    return osm.write(tmp_path / "bay.osm")


# -- the rule -------------------------------------------------------------------------------

def test_a_name_given_without_a_locale_is_split_by_script_as_before():
    assert names_from_text("Macau 澳门") == {"zh-Hans": "澳门", "zh-Hant": "澳門", "en": "Macau", "pt": ""}
    assert names_from_text("黄浦区") == {"zh-Hans": "黄浦区", "zh-Hant": "黃浦區", "en": "", "pt": ""}
    assert given_names(["Macau 澳门"]) == {"zh-Hans": "澳门", "zh-Hant": "澳門", "en": "Macau"}


def test_names_given_per_locale_win_and_a_chinese_name_comes_in_both_scripts():
    given = given_names(["Macau 澳门", "zh_hant=澳門特別行政區", "en=Macao", "PT = Macau"])
    assert given == {"zh-Hans": "澳门", "zh-Hant": "澳門特別行政區", "en": "Macao", "pt": "Macau"}
    # zh-Hant given alone: zh-Hans converted from it (the one rule), never left to a page.
    names = city_names(given_names(["zh-Hant=澳門特別行政區", "en=Macao"]))
    assert names == {"zh-Hans": "澳门特别行政区", "zh-Hant": "澳門特別行政區", "en": "Macao", "pt": ""}
    assert given_names(["zh=黄浦区"]) == {"zh-Hans": "黄浦区", "zh-Hant": "黃浦區"}


def test_an_unknown_locale_is_refused_in_one_sentence():
    with pytest.raises(ParameterError, match=r"fr=Macao: .*zh-Hans, zh-Hant, en, pt"):
        given_names(["fr=Macao"])


def test_the_osm_place_names_the_city_in_every_locale():
    names = city_names(place_tags=MACAU_PLACE, bounds=MACAU_BOUNDS)
    assert names == {"zh-Hans": "澳门", "zh-Hant": "澳門", "en": "Macau", "pt": "Macau"}
    assert single_name(names, place_tags=MACAU_PLACE) == "澳門 Macau"
    # Per-locale --name wins in its locale; the place fills the others (it is the same city).
    names = city_names(given_names(["en=Macao"]), place_tags=MACAU_PLACE, bounds=MACAU_BOUNDS)
    assert names == {"zh-Hans": "澳门", "zh-Hant": "澳門", "en": "Macao", "pt": "Macau"}


def test_another_city_of_the_extract_never_fills_the_given_name():
    valletta = {"place": "city", "name": "Valletta", "name:zh": "瓦萊塔"}
    assert city_names(given_names("Malta"), place_tags=valletta) == {
        "zh-Hans": "", "zh-Hant": "", "en": "Malta", "pt": ""}


def test_the_city_place_is_the_one_city_else_the_one_town():
    def places(*kinds):
        return gpd.GeoDataFrame({"tags": [{"place": k, "name": f"{k} {i}"} for i, k in enumerate(kinds)]},
                                geometry=gpd.points_from_xy([0] * len(kinds), [0] * len(kinds)), crs="EPSG:4326")

    assert city_place_tags(places("town", "city", "village"))["name"] == "city 1"
    assert city_place_tags(places("town", "village"))["name"] == "town 0"
    # Malta: Valletta and Victoria are both cities; neither names the island.
    assert city_place_tags(places("city", "city", "town")) is None
    assert city_place_tags(places("village")) is None


# -- the bundle -----------------------------------------------------------------------------

def test_the_bundle_keeps_the_osm_place_names(tmp_path):
    build_from_files(tmp_path / "city", osm_path=hand_city(tmp_path, HAND_PLACE, {"place": "village", "name": "村"}))
    bundle = load_bundle(tmp_path / "city")
    assert bundle.meta["format_version"] == FORMAT_VERSION == 5
    assert bundle.names == {"zh-Hans": "海湾城", "zh-Hant": "海灣城", "en": "Bay City", "pt": "Cidade da Baía"}
    assert bundle.name == "海灣城 Baía"
    assert [city_name(bundle, loc) for loc in ("zh_Hant", "zh_Hans", "en", "pt")] == [
        "海灣城", "海湾城", "Bay City", "Cidade da Baía"]
    assert default_title(bundle, 2026, "pt") == "Mapa de aprendizagem ao longo da vida de Cidade da Baía 2026"


def test_build_name_per_locale_overrides_the_place(tmp_path):
    osm_path = hand_city(tmp_path, HAND_PLACE)
    result = CliRunner().invoke(main, ["build", "--osm", str(osm_path), "--out", str(tmp_path / "city"),
                                       "--name", "zh-Hant=海灣市", "--name", "en=Bay City"])
    assert result.exit_code == 0, result.output
    names = read_meta(tmp_path / "city")["names"]
    # Given: zh-Hant (zh-Hans converted from it) and en; pt from the place, the same city (Bay City).
    assert names == {"zh-Hans": "海湾市", "zh-Hant": "海灣市", "en": "Bay City", "pt": "Cidade da Baía"}
    # The old single --name still works, split by script.
    build_from_files(tmp_path / "old", osm_path=osm_path, name="Bay City 海灣城")
    assert load_bundle(tmp_path / "old").names == {
        "zh-Hans": "海湾城", "zh-Hant": "海灣城", "en": "Bay City", "pt": "Cidade da Baía"}


def test_a_mistyped_locale_fails_before_the_extract_is_read(tmp_path):
    result = CliRunner().invoke(main, ["build", "--osm", str(tmp_path / "missing.osm"), "--out",
                                       str(tmp_path / "city"), "--name", "fr=Baie"])
    assert result.exit_code != 0
    assert "--name: fr=Baie" in result.output
    assert not (tmp_path / "city").exists()


def test_a_bundle_of_format_3_is_read_with_its_one_name_split_by_script(tmp_path):
    """Older builds load (as format 3's names did): their one name is split by script, as before."""
    build_from_files(tmp_path / "city", osm_path=hand_city(tmp_path), name="Macau 澳门")
    meta_path = current_build(tmp_path / "city") / META_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    del meta["names"]
    meta["format_version"] = 3
    meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    bundle = load_bundle(tmp_path / "city")
    assert bundle.names == {"zh-Hans": "澳门", "zh-Hant": "澳門", "en": "Macau", "pt": ""}
    assert [city_name(bundle, loc) for loc in ("zh_Hant", "zh_Hans", "en", "pt")] == [
        "澳門", "澳门", "Macau", "Macau"]


def test_an_extract_without_a_city_and_no_name_keeps_the_folder_name(tmp_path):
    build_from_files(tmp_path / "harbour", osm_path=hand_city(tmp_path))
    assert load_bundle(tmp_path / "harbour").names == {"zh-Hans": "", "zh-Hant": "", "en": "harbour", "pt": ""}


# -- the one function, on pages -------------------------------------------------------------

def test_city_name_takes_a_bundle_its_names_or_one_name():
    names = {"zh-Hans": "黄浦区", "zh-Hant": "黃浦區", "en": "", "pt": ""}
    assert city_name(names, "zh_Hant") == "黃浦區"
    assert city_name("Macau 澳门", "zh-Hant") == "澳門"
    assert city_name("Macau 澳门", "pt") == "Macau"  # no Portuguese name: the English one
    assert city_name("黄浦区", "en") == "黄浦区"  # no English name: as written


def test_web_pages_name_the_city_in_the_page_language(tmp_path):
    build_from_files(tmp_path / "city", osm_path=hand_city(tmp_path, HAND_PLACE))
    client = create_app(tmp_path / "city").test_client()
    expected = {"zh-Hant": "海灣城", "zh-Hans": "海湾城", "en": "Bay City", "pt": "Cidade da Baía"}
    for lang, name in expected.items():
        page = client.get(f"/?lang={lang}").get_data(as_text=True)
        title = re.search(r"<title>(.*?)</title>", page).group(1)
        assert title.startswith(f"{name} · "), (lang, title)
        assert re.search(r'id="city-name">([^<]*)<', page).group(1) == name
    assert client.get("/api/city").get_json()["names"] == {
        "zh-Hans": "海湾城", "zh-Hant": "海灣城", "en": "Bay City", "pt": "Cidade da Baía"}
