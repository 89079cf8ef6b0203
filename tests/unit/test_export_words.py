"""One language per exported product: the locale rule and the words of learning_map.export.words."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from learning_map.errors import ParameterError
from learning_map.export.words import (
    change_action,
    city_name,
    default_title,
    field_label,
    html_lang,
    product_locale,
    second_site_names,
    site_display_names,
    table_headers,
)


def sites(*names: str) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"site_id": [f"S{i}" for i in range(len(names))], "name": list(names),
                             "category": ["library"] * len(names)},
                            geometry=[shapely.Point(113.54, 22.19)] * len(names), crs=4326)


def test_a_product_is_in_the_citys_script_unless_asked():
    macau = sites("澳門中央圖書館", "何東圖書館", "新社區學校")
    shanghai = sites("上海图书馆", "长宁区图书馆")
    assert product_locale(macau) == "zh_Hant"
    assert product_locale(shanghai) == "zh_Hans"
    assert product_locale(None) == "zh_Hans"
    assert product_locale(macau, "pt-PT") == "pt"
    assert product_locale(shanghai, "zh-Hant") == "zh_Hant"
    assert product_locale(macau, "en") == "en"
    with pytest.raises(ParameterError) as caught:
        product_locale(macau, "xx")
    assert caught.value.param == "locale"
    assert "xx" in caught.value.text("en")


def test_site_names_are_the_ones_stored_for_the_products_script():
    frame = sites("澳門中央圖書館")
    assert site_display_names(frame, "zh_Hant") == ["澳門中央圖書館"]
    assert site_display_names(frame, "zh_Hans") == ["澳门中央图书馆"]
    # No English name in the data: the name as it is (data, declared original).
    assert site_display_names(frame, "en") == ["澳門中央圖書館"]


@pytest.mark.parametrize(("locale", "title"), [
    ("zh_Hant", "澳門 2026 終身學習地圖"),
    ("zh_Hans", "澳门 2026 终身学习地图"),
    ("en", "Macau lifelong learning map 2026"),
    ("pt", "Mapa de aprendizagem ao longo da vida de Macau 2026"),
])
def test_the_default_title_is_in_one_language(locale, title):
    assert default_title("Macau 澳门", 2026, locale) == title
    assert " / " not in default_title("Macau 澳门", 2026, locale)


def test_city_name_change_and_field_words_per_locale():
    assert city_name("Macau 澳门", "zh_Hant") == "澳門"
    assert city_name("Macau 澳门", "pt") == "Macau"
    assert change_action("closed", "zh_Hant") == "已關閉"
    assert change_action("added", "pt") == "Aberto"
    assert field_label("phone", "zh_Hant") == "電話"
    assert field_label("phone", "zh_Hans") == "电话"
    assert field_label("unknown_field", "en") == "unknown_field"
    assert table_headers(["unit", "label", "other"], "zh_Hant") == {"unit": "統計單元", "label": "類別"}
    assert html_lang("zh_Hant") == "zh-Hant"


def test_printed_basemap_names_follow_the_product():
    from learning_map.bundle.tiles import display_name
    from learning_map.export.words import basemap_script

    macau = sites("澳門中央圖書館")
    props = {"name": "氹仔 Taipa", "name_zh_hans": "氹仔", "name_zh_hant": "氹仔", "name:pt": "Taipa"}
    street = {"name": "新馬路", "name_zh_hans": "新马路", "name_zh_hant": "新馬路"}
    assert basemap_script("zh_Hans", macau) == "zh-Hans"
    assert basemap_script("pt", macau) == "pt zh-Hant"
    assert display_name(props, basemap_script("pt", macau)) == "Taipa"
    assert display_name(street, basemap_script("pt", macau)) == "新馬路"  # no Portuguese name: Macau's own
    assert display_name(street, basemap_script("zh_Hans", macau)) == "新马路"
    assert display_name(street, basemap_script("en", sites("上海图书馆"))) == "新马路"


def test_a_chinese_product_prints_the_portuguese_or_english_name_beneath():
    sites = gpd.GeoDataFrame(
        {"name": ["何東圖書館", "图书馆X", "澳門中央圖書館"], "name_zh": ["何東圖書館", "图书馆X", "澳門中央圖書館"],
         "name_pt": ["Biblioteca Sir Robert Ho Tung", "", ""], "name_en": ["Sir Robert Ho Tung Library", "X Library", ""],
         "category": ["library"] * 3, "site_id": ["a", "b", "c"]},
        geometry=[shapely.Point(113.54, 22.19)] * 3, crs=4326)
    # Portuguese first (Macau's way), else the registry's English name, else nothing.
    assert second_site_names(sites, "zh_Hant") == ["Biblioteca Sir Robert Ho Tung", "X Library", ""]
    assert second_site_names(sites, "zh_Hans") == ["Biblioteca Sir Robert Ho Tung", "X Library", ""]
    # An English or Portuguese product prints one name.
    assert second_site_names(sites, "en") == ["", "", ""]
    assert second_site_names(sites.iloc[:0], "zh_Hant") == []
