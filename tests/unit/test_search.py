"""Search keys (script folding, pinyin, initials), the search index, and cut-off points."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pyproj
import pytest

from learning_map.analysis.model import CoverageModel
from learning_map.analysis.query import PointQueries
from learning_map.city.naming import pinyin_keys, search_fold, to_simplified, to_traditional
from learning_map.city.search import ADDRESS, SearchIndex
from learning_map.city.sites import display_records, site_names, unnamed_label
from learning_map.walking.synthetic import network_from_edges

TO_LONLAT = pyproj.Transformer.from_crs("EPSG:3857", "EPSG:4326", always_xy=True)


def test_scripts_fold_alike_and_pinyin_starts_at_a_syllable():
    assert search_fold("圖書館") == search_fold("图书馆") == "图书馆"
    assert search_fold("Praça do Tap Seac") == "pracadotapseac"
    assert to_simplified("澳門中央圖書館") == "澳门中央图书馆"
    assert to_traditional("澳门中央图书馆") == "澳門中央圖書館"
    full, initials = pinyin_keys("澳門中央圖書館 Biblioteca Central")
    assert "|tushuguan" in full
    assert "|shuguan" in full
    assert "|ushuguan" not in full  # not from inside a syllable
    assert initials == "amzytsg"  # the Latin part gives no syllables
    assert pinyin_keys("Biblioteca") == ("", "")


def _record(site_id, name, *, address="", lon=113.54, lat=22.19, category="library", name_zh=""):
    return {"site_id": site_id, "name": name, "name_zh": name_zh, "name_en": "", "category": category,
            "address": address, "lon": lon, "lat": lat}


@pytest.fixture
def index():
    records = [
        _record("lib", "澳門中央圖書館 Biblioteca Central de Macau"),
        _record("lib-twice", "澳门 中央图书馆"),  # the same library mapped twice (one place)
        _record("school", "聖若瑟教區中學", address="圖書館北街 12號", category="school"),
        _record("club", "Tushu Club"),  # Latin text that looks like pinyin
    ]
    streets = [{"name": "圖書館北街 Rua Norte da Biblioteca", "kind": "street", "lon": 113.55, "lat": 22.2}]
    return SearchIndex.build(records, streets, site_group=[0, 0, 1, 2])


@pytest.mark.parametrize("query", ["图书馆", "圖書館", "tushuguan", "tsg", "TuShuGuan", "tu shu guan"])
def test_simplified_traditional_pinyin_and_initials_find_the_same_library(index, query):
    rows, match_class = index.match(query)
    order = index.order(rows, match_class)
    results = index.results(rows[order], limit=10)
    first = results[0]
    # One entry for the library mapped twice, naming the other record.
    assert {first["site_id"], *first["same_as"]} == {"lib", "lib-twice"}
    assert len(first["same_as"]) == 1
    assert sum(r.get("site_id") in ("lib", "lib-twice") for r in results) == 1


def test_address_matches_come_after_names_and_one_letter_is_no_pinyin(index):
    rows, match_class = index.match("圖書館北街")
    results = index.results(rows[index.order(rows, match_class)], limit=10)
    assert [r["kind"] for r in results] == ["street", "site"]  # the street by name, the school by address
    assert results[1]["site_id"] == "school"
    assert match_class[list(rows).index(2)] == ADDRESS
    rows, _ = index.match("z")
    assert 0 not in rows  # one letter is not pinyin (中 = zhong) ...
    rows, _ = index.match("zy")
    assert 0 in rows  # ... two initials are (中央)
    rows, _ = index.match("tushu")
    assert {0, 3} <= set(rows)  # ... but "tushu" is, and the Latin "Tushu Club" matches as text


def test_unnamed_sites_get_a_placeholder_per_language():
    names, unnamed = site_names({"name": unnamed_label("library"), "name_zh": "", "name_en": "",
                                 "category": "library"})
    assert unnamed
    assert names == {"zh-Hans": "图书馆", "zh-Hant": "圖書館", "en": "Library", "pt": "Biblioteca"}
    names, unnamed = site_names({"name": "", "name_zh": "", "name_en": "", "category": "library"})
    assert unnamed
    assert names["en"] == "Library"
    names, unnamed = site_names({"name": "Kallion kirjasto", "name_zh": "", "name_en": "",
                                 "category": "library"})
    assert not unnamed
    assert names["en"] == names["zh-Hans"] == "Kallion kirjasto"  # never a Chinese label for a named site


def test_macau_style_names_give_each_script_and_keep_the_portuguese():
    names, unnamed = site_names({"name": "下環圖書館 Biblioteca de S. Lourenço", "name_zh": "下環圖書館",
                                 "name_en": "", "category": "library"})
    assert not unnamed
    assert names == {"zh-Hans": "下环图书馆", "zh-Hant": "下環圖書館",
                     "en": "Biblioteca de S. Lourenço", "pt": "Biblioteca de S. Lourenço"}
    names, _ = site_names({"name": "望廈圖書館 Biblioteca de Mong Há", "name_zh": "望廈圖書館",
                           "name_en": "Mong Ha Library", "category": "library"})
    assert names["en"] == "Mong Ha Library"
    assert names["pt"] == "Biblioteca de Mong Há"


# -- a point cut off from the main network ----------------------------------------------


def _lonlat(x, y):
    lon, lat = TO_LONLAT.transform(x, y)
    return float(lon), float(lat)


@pytest.fixture(scope="module")
def island_city():
    """
    A 1 km street (x = 0..1000 m, y = 0) with a library at its east end, and a 100 m
    footpath 300 m north of it (y = 300) that links to nothing: a network island.
    """
    xs = np.arange(0, 1001, 100.0)
    node_xy = np.vstack([np.column_stack((xs, np.zeros_like(xs))), [[0.0, 300.0], [100.0, 300.0]]])
    main = len(xs)
    u = np.concatenate((np.arange(main - 1), [main]))
    v = np.concatenate((np.arange(1, main), [main + 1]))
    network = network_from_edges(node_xy, u, v, crs="EPSG:3857")
    lon, lat = _lonlat(1000.0, 0.0)
    sites = gpd.GeoDataFrame({"site_id": ["lib"], "name": ["East Library"], "category": ["library"]},
                             geometry=gpd.points_from_xy([lon], [lat]), crs="EPSG:4326")
    return PointQueries(CoverageModel(network, sites))


def test_an_island_point_is_cut_off_and_names_the_nearest_site_walked_from_the_main_network(island_city):
    lon, lat = _lonlat(50.0, 310.0)  # 10 m from the footpath island
    result = island_city.reachable(lon, lat, minutes=1, speed_kmh=4.8, area=False)
    assert len(result.site_index) == 0
    assert result.cut_off
    assert result.nearest_index == 0
    # From the nearest main-network point (50, 0): 950 m along the street; the 300 m gap is not walked.
    assert result.nearest_walk_m == pytest.approx(950.0, abs=1.0)
    assert result.gap_m == pytest.approx(310.0, abs=1.0)
    assert result.connected_at == pytest.approx(_lonlat(50.0, 0.0), abs=1e-6)
    assert "cut off" in result.cut_off_message
    assert "不相连" in result.cut_off_message


def test_a_point_on_the_main_network_is_not_cut_off(island_city):
    lon, lat = _lonlat(500.0, 10.0)
    result = island_city.reachable(lon, lat, minutes=1, speed_kmh=4.8, area=False)
    assert not result.cut_off
    assert result.cut_off_message is None
    assert result.nearest_walk_m == pytest.approx(510.0, abs=1.0)


def test_search_ranks_by_walking_time_from_the_point(island_city):
    west, east = _lonlat(100.0, 0.0), _lonlat(900.0, 0.0)
    records = [dict(r, kind="site") for r in display_records(island_city.sites)]
    records = [
        {**records[0], "site_id": "far", "name": "West Library", "lon": west[0], "lat": west[1]},
        {**records[0], "site_id": "near", "name": "East Library", "lon": east[0], "lat": east[1]},
    ]
    index = SearchIndex.build(records, [], network=island_city.network)
    from_east = island_city.search("library", index, lon=_lonlat(1000.0, 5.0)[0], lat=_lonlat(1000.0, 5.0)[1])
    assert [r["site_id"] for r in from_east] == ["near", "far"]
    assert from_east[0]["walk_m"] == pytest.approx(105.0, abs=1.0)
    from_west = island_city.search("library", index, lon=_lonlat(0.0, 5.0)[0], lat=_lonlat(0.0, 5.0)[1])
    assert [r["site_id"] for r in from_west] == ["far", "near"]
    assert from_west[0]["walk_minutes"] == pytest.approx(105.0 / 80.0, abs=0.05)  # 4.8 km/h = 80 m/min
