"""Data names per script: the one rule (learning_map.city.scripts), hand-written expected names."""

from __future__ import annotations

import geopandas as gpd
import shapely

from learning_map.city.places import osm_places, street_names, with_names
from learning_map.city.scripts import chinese_pair, is_simplified, is_traditional, tag_names
from learning_map.city.sites import display_records, sites_from_features, with_script_names
from learning_map.city.walks.stops import stop_names, stops_from_features
from learning_map.export.offline_search import offline_search
from tests.opencc_sets import simplified_only, traditional_only

MACAU = (113.54, 22.19)


def features(rows, at=MACAU):
    return gpd.GeoDataFrame(
        {"tags": [r for r in rows], "osm_type": ["node"] * len(rows), "osm_id": range(1, len(rows) + 1)},
        geometry=[shapely.Point(at[0] + i * 1e-3, at[1]) for i in range(len(rows))], crs="EPSG:4326")


def test_character_sets_come_from_opencc_tables():
    assert {"马", "区", "环", "湾"} <= simplified_only()
    assert {"馬", "區", "環", "灣"} <= traditional_only()
    assert not simplified_only() & traditional_only()
    assert is_simplified("澳门")
    assert not is_simplified("澳門")
    assert is_traditional("澳門")
    assert not is_traditional("澳门")
    assert is_simplified("中山")  # shared characters: both
    assert is_traditional("中山")
    assert "里" not in simplified_only()  # 里 is both: 萬里長城 stays as written
    assert is_traditional("萬里長城")
    assert chinese_pair("媽閣斜巷 (萬里長城)") == ("妈阁斜巷 (万里长城)", "媽閣斜巷 (萬里長城)")


def test_a_site_with_name_zh_hans_keeps_it():
    names = tag_names({"name": "下環圖書館", "name:zh-Hans": "下环小图书馆"})
    assert names == {"zh-Hans": "下环小图书馆", "zh-Hant": "下環圖書館", "en": "", "pt": ""}


def test_only_a_traditional_name():
    names = tag_names({"name": "黑沙環圖書館 Biblioteca da Areia Preta", "name:zh": "黑沙環圖書館",
                       "name:pt": "Biblioteca da Areia Preta"}, region="MO")
    assert names == {"zh-Hans": "黑沙环图书馆", "zh-Hant": "黑沙環圖書館", "en": "",
                     "pt": "Biblioteca da Areia Preta"}


def test_only_a_simplified_name_converts_with_hong_kong_forms():
    names = tag_names({"name": "上海图书馆", "name:en": "Shanghai Library"})
    assert names == {"zh-Hans": "上海图书馆", "zh-Hant": "上海圖書館", "en": "Shanghai Library", "pt": ""}
    # s2hk, not s2t: Hong Kong and Macau character forms
    assert chinese_pair("卫生中心") == ("卫生中心", "衞生中心")


def test_a_macau_place_reads_its_own_zh_mo_tag_first():
    tags = {"name": "花地瑪堂區", "name:zh-Hant": "花地瑪堂区域", "name:zh-MO": "花地瑪堂區",
            "name:pt": "Freguesia de Nossa Senhora de Fátima", "place": "suburb"}
    assert tag_names(tags, region="MO")["zh-Hant"] == "花地瑪堂區"
    assert tag_names(tags)["zh-Hant"] == "花地瑪堂区域"  # elsewhere name:zh-Hant comes first
    places = osm_places(features([tags]))
    assert places[0]["names"] == {"zh-Hans": "花地玛堂区", "zh-Hant": "花地瑪堂區", "en": "",
                                  "pt": "Freguesia de Nossa Senhora de Fátima"}


def test_osm_sites_store_their_names_per_script_and_the_api_shows_them():
    sites = sites_from_features(features([
        {"amenity": "library", "name": "下環圖書館", "name:zh-Hans": "下环小图书馆"},
        {"amenity": "library", "name": "紅街市圖書館", "name:pt": "Biblioteca do Mercado Vermelho"},
        {"amenity": "library", "name": "浦东图书馆"},
    ]))
    assert list(sites["name_zh_hans"]) == ["下环小图书馆", "红街市图书馆", "浦东图书馆"]
    assert list(sites["name_zh_hant"]) == ["下環圖書館", "紅街市圖書館", "浦東圖書館"]
    records = display_records(sites)
    assert [r["names"]["zh-Hans"] for r in records] == ["下环小图书馆", "红街市图书馆", "浦东图书馆"]
    assert records[1]["names"]["pt"] == "Biblioteca do Mercado Vermelho"


def test_registry_sites_get_names_at_build_and_old_bundles_convert_when_read():
    sites = gpd.GeoDataFrame({"site_id": ["a", "b"], "name": ["西灣圖書館", "Escola"], "name_zh": ["", ""],
                              "name_en": ["", ""], "category": ["library", "school"]},
                             geometry=[shapely.Point(*MACAU)] * 2, crs="EPSG:4326")
    stored = with_script_names(sites)
    assert list(stored["name_zh_hans"]) == ["西湾图书馆", ""]
    assert list(stored["name_zh_hant"]) == ["西灣圖書館", ""]
    # A bundle without the columns: the same names, converted when read.
    assert display_records(sites)[0]["names"]["zh-Hans"] == "西湾图书馆"
    assert display_records(stored)[0]["names"] == display_records(sites)[0]["names"]


def test_walk_stops_store_names_per_script():
    stops = stops_from_features(features([
        {"tourism": "museum", "name": "澳門博物館", "name:pt": "Museu de Macau", "name:en": "Macao Museum"},
        {"historic": "monument", "name": "妈阁庙"},
    ]))
    assert stop_names(stops.iloc[0]) == {"zh-Hans": "澳门博物馆", "zh-Hant": "澳門博物館",
                                         "en": "Macao Museum", "pt": "Museu de Macau"}
    assert stop_names(stops.iloc[1])["zh-Hant"] == "媽閣廟"
    # A stop of an older bundle (no stored columns): converted by the same rule.
    assert stop_names({"name": "風順堂", "name_en": ""})["zh-Hans"] == "风顺堂"


def test_streets_and_older_places_get_both_scripts():
    assert street_names("新馬路") == {"zh-Hans": "新马路", "zh-Hant": "新馬路", "en": "", "pt": ""}
    assert street_names("Rua Central") == {"zh-Hans": "", "zh-Hant": "", "en": "", "pt": ""}
    old = with_names([{"name": "西灣 Sai Wan", "kind": "place", "lon": 0, "lat": 0}])
    assert old[0]["names"]["zh-Hans"] == "西湾"


def test_exported_map_gets_the_servers_search_keys_and_a_query_table():
    sites = sites_from_features(features([{"amenity": "library", "name": "下環圖書館"}]))
    search = offline_search([{"sites": display_records(sites)}])
    name_key, _, pinyin, initials = search["keys"][0]
    assert "下环图书馆" in name_key
    assert "|tushuguan" in pinyin
    assert initials == "xhtsg"
    # 圖書館 typed on the page folds, character by character, onto the keys' 图书馆.
    assert {"圖": "图", "書": "书", "館": "馆", "環": "环"}.items() <= search["fold"].items()


def test_a_bundle_built_from_sites_with_only_a_name(tmp_path):
    """build_bundle takes sites that carry only ``name`` (no ``name_zh``): Chinese names get both scripts."""
    from learning_map.build.pipeline import build_bundle
    from learning_map.bundle.core import load_bundle
    from learning_map.walking.synthetic import grid_network

    network = grid_network(4, 4, spacing_m=100.0)
    points = gpd.GeoSeries(gpd.points_from_xy([50.0, 150.0], [0.0, 100.0]), crs=network.crs).to_crs(4326)
    sites = gpd.GeoDataFrame({"site_id": ["a", "b"], "name": ["圖書館", "Library"],
                              "category": ["library", "library"]}, geometry=points.values, crs=4326)
    build_bundle(tmp_path / "city", network, sites)
    stored = load_bundle(tmp_path / "city").sites.set_index("site_id")
    assert stored.loc["a", "name_zh_hans"] == "图书馆"
    assert stored.loc["a", "name_zh_hant"] == "圖書館"
    assert stored.loc["b", "name_zh_hans"] == ""
