"""One name folding and one distance for "likely the same site"; merge; elderly rule; coords; geocoder."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from learning_map.base.problems import said
from learning_map.city.coords import (
    bd09_to_wgs84,
    gcj02_to_wgs84,
    to_wgs84,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)
from learning_map.city.coords_auto import detect_coordinate_system
from learning_map.city.naming import fold_name, group_likely_same, likely_same
from learning_map.city.sites import classify_osm, merge_duplicate_sites
from learning_map.errors import InputFileError, StoreError
from learning_map.settings import SAME_SITE_WITHIN_M
from learning_map.store._common import MERGED_INTO
from learning_map.store.imports import likely_duplicates
from tests.unit.test_store import sites as make_sites

# ------------------------------------------------------------------ folding and the rule


@pytest.mark.parametrize(("text", "folded"), [
    ("圖書館", "图书馆"),
    ("澳門", "澳门"),
    ("澳門旅遊大學 (氹仔校區)", "澳门旅游大学氹仔校区"),
    ("澳门旅游大学\uff08氹仔校区\uff09", "澳门旅游大学氹仔校区"),
    ("ＡＢＣ\u3000１２３ 號", "abc123号"),
    ("Tung·Sin-Tong  Centre", "tungsintongcentre"),
    ("", ""),
])
def test_fold_name(text, folded):
    assert fold_name(text) == folded


def _metres_east(lon0: float, lat0: float, metres: float) -> float:
    return lon0 + metres / (111_320 * np.cos(np.radians(lat0)))


def test_likely_same_is_equal_folded_names_within_the_one_distance():
    assert SAME_SITE_WITHIN_M == 150.0
    lon0, lat0 = 113.55, 22.19
    frame = gpd.GeoDataFrame(
        {"name": ["澳門圖書館", "澳门图书馆", "澳门图书馆", "其他", "", ""]},
        geometry=shapely.points(
            [lon0, _metres_east(lon0, lat0, 140), _metres_east(lon0, lat0, 400), lon0, lon0, lon0],
            [lat0] * 6,
        ),
        crs="EPSG:4326",
    )
    pairs = likely_same(frame)
    assert pairs[["left", "right"]].to_numpy().tolist() == [[0, 1]]  # 140 m yes, 400 m no, unnamed never
    assert pairs["distance_m"].iloc[0] == pytest.approx(140, abs=1)
    groups = group_likely_same(frame)
    assert groups.tolist() == [0, 0, 1, 2, 3, 4]


def test_osm_merge_uses_the_rule():
    lon0, lat0 = 113.55, 22.19
    frame = gpd.GeoDataFrame(
        {"site_id": ["osm-n1", "osm-w2", "osm-n3"], "name": ["澳門旅遊大學 (氹仔校區)", "澳门旅游大学氹仔校区", "澳门旅游大学氹仔校区"],
         "category": ["university"] * 3, "phone": ["", "2856", ""]},
        geometry=shapely.points([lon0, _metres_east(lon0, lat0, 145), _metres_east(lon0, lat0, 700)],
                                [lat0] * 3),
        crs="EPSG:4326",
    )
    merged = merge_duplicate_sites(frame)
    assert merged["site_id"].tolist() == ["osm-n1", "osm-n3"]
    assert merged["phone"].tolist() == ["2856", ""]


def test_import_reports_duplicates_in_the_file_and_with_the_store():
    incoming = make_sites(("s1", "長者學苑", "elderly_education", 113.5500, 22.2000),
                          ("s2", "长者学苑", "elderly_education", 113.5505, 22.2001),
                          ("s3", "澳門中央圖書館", "library", 113.5431, 22.1910))
    existing = make_sites(("old", "澳门中央图书馆", "library", 113.5430, 22.1910),
                          ("s3", "澳门中央图书馆", "library", 113.5430, 22.1910))
    found = likely_duplicates(incoming, existing)
    rows = [(r.where, r.site_id_a, r.site_id_b) for r in found.itertuples()]
    assert rows == [("file", "s1", "s2"), ("store", "s3", "old")]  # same id is the same site
    assert (found["distance_m"] < SAME_SITE_WITHIN_M).all()
    assert set(found.columns) >= {"name_a", "name_b"}


# ------------------------------------------------------------------ merging in the store


def test_merge_sites_closes_the_other_and_fills_empty_fields(store):
    store.import_sites(make_sites(
        ("keep", "长者学苑", "elderly_education", 113.5500, 22.2000),
        ("dup", "長者學苑", "elderly_education", 113.5501, 22.2000),
        phone=["", "2888 0000"], address=["新马路 1 号", "新馬路1號"],
    ), year=2023, source="a.csv")
    filled = store.merge_sites("keep", "dup", 2024)
    assert filled == ["phone"]
    assert sorted(store.sites_as_of(2024)["site_id"]) == ["keep"]
    assert sorted(store.sites_as_of(2023)["site_id"]) == ["dup", "keep"]
    keep = store.sites_as_of(2024).set_index("site_id").loc["keep"]
    assert keep["phone"] == "2888 0000"
    assert keep["address"] == "新马路 1 号"
    history = store.history()
    closing = history[(history["site_id"] == "dup") & (history["year"] == 2024)]
    assert closing[["action", "field", "new_value"]].to_numpy().tolist() == [["closed", MERGED_INTO, "keep"]]
    kept = history[(history["site_id"] == "keep") & (history["year"] == 2024)]
    assert kept[["action", "field", "new_value"]].to_numpy().tolist() == [
        ["changed", "phone", "2888 0000"], ["changed", "merged_from", "dup"]]
    with pytest.raises(StoreError, match="already closed"):
        store.merge_sites("keep", "dup", 2025)
    with pytest.raises(StoreError, match="itself"):
        store.merge_sites("keep", "keep", 2025)
    with pytest.raises(StoreError, match="no site"):
        store.merge_sites("keep", "nope", 2025)
    assert len(store.history()) == len(history)  # refused merges change nothing


# ------------------------------------------------------------------ elderly rule


def test_elderly_centres_count_and_care_homes_do_not():
    tags = pd.Series([
        {"amenity": "social_facility", "social_facility": "nursing_home", "social_facility:for": "senior",
         "name": "恩暉長者綜合服務中心"},                        # centre name wins over the tag
        {"amenity": "community_centre", "name": "同善堂長者活動中心"},
        {"amenity": "social_facility", "name:en": "Senior Centre"},
        {"amenity": "community_centre", "name": "耆英會"},
        {"amenity": "social_facility", "social_facility": "nursing_home", "social_facility:for": "senior",
         "name": "悅暉護養院"},
        {"amenity": "social_facility", "social_facility": "group_home", "social_facility:for": "senior",
         "name": "聖方濟各安老院"},
        {"amenity": "social_facility", "social_facility": "nursing_home", "social_facility:for": "senior"},
        {"amenity": "social_facility", "name:en": "Sunshine Nursing Home for the elderly"},
        {"amenity": "community_centre", "name": "下環活動中心"},   # not for the elderly
    ])
    category, subtype = classify_osm(tags)
    assert category.fillna("-").tolist() == ["elderly_education"] * 4 + ["-"] * 4 + ["community_learning"]
    assert subtype.tolist()[:4] == ["social_learning_point"] * 4


def test_macau_elderly_sites(macau_pbf):
    from learning_map.city.categories import CARE_HOME_NAME_PATTERN
    from learning_map.city.naming import fold_names
    from learning_map.city.sites import read_osm_sites

    sites = read_osm_sites(macau_pbf)
    elderly = sites[sites["category"] == "elderly_education"]
    listing = "\n".join(f"{r.site_id} {r.name} [{r.subtype}]" for r in elderly.itertuples())
    assert not pd.Series(fold_names(elderly["name"])).str.contains(CARE_HOME_NAME_PATTERN).any(), listing
    # 13 under the old rule, of which 5 care homes (2 護養院, 3 安老院); 8 centres now.
    assert len(elderly) == 8, listing
    assert (elderly["subtype"] == "social_learning_point").all(), listing


# ------------------------------------------------------------------ coordinates


def test_iterative_inverses_round_trip_across_china():
    rng = np.random.default_rng(42)
    lon, lat = rng.uniform(73.7, 134.8, 5000), rng.uniform(18.2, 53.5, 5000)
    for forward, inverse in ((wgs84_to_gcj02, gcj02_to_wgs84), (wgs84_to_bd09, bd09_to_wgs84)):
        shifted = forward(lon, lat)
        assert np.hypot(shifted[0] - lon, shifted[1] - lat).min() > 1e-4  # really moved
        back_lon, back_lat = inverse(*shifted)
        metres = np.hypot((back_lon - lon) * 111_320 * np.cos(np.radians(lat)), (back_lat - lat) * 110_574)
        assert metres.max() < 0.5
    assert to_wgs84(lon[:3], lat[:3], system="bd09")[0] == pytest.approx(bd09_to_wgs84(lon[:3], lat[:3])[0])


def test_points_outside_china_pass_through():
    lon, lat = np.array([2.35, -74.0, 151.2, 24.9]), np.array([48.85, 40.7, -33.9, 60.2])
    for function in (wgs84_to_gcj02, gcj02_to_wgs84, wgs84_to_bd09, bd09_to_wgs84):
        out_lon, out_lat = function(lon, lat)
        assert np.array_equal(out_lon, lon)
        assert np.array_equal(out_lat, lat)


@pytest.fixture(scope="module")
def macau_city(macau_pbf):
    from learning_map.city.sites import sites_from_features
    from learning_map.io.osm import read_osm
    from learning_map.walking.network import build_network

    extract = read_osm(macau_pbf, addresses=True)
    return extract, build_network(extract.ways), sites_from_features(extract.amenities)


def test_coords_auto_detects_each_system_on_real_macau_sites(macau_city):
    _, network, sites = macau_city
    lon, lat = sites.geometry.x.to_numpy(), sites.geometry.y.to_numpy()
    registry = sites.iloc[::3]  # a third of the sites, as a registry file would list them
    anchors = sites.iloc[1::2]  # the city's bundle knows other (overlapping) sites
    k = np.arange(len(sites))[::3]
    for system, (x, y) in {"wgs84": (lon, lat), "gcj02": wgs84_to_gcj02(lon, lat),
                           "bd09": wgs84_to_bd09(lon, lat)}.items():
        decision = detect_coordinate_system(x[k], y[k], network, names=registry["name"], anchors=anchors)
        assert decision.clear, decision.message
        assert decision.system == system, decision.message
        assert decision.evidence == "names"
        assert all(f"{s} " in decision.message for s in ("wgs84", "gcj02", "bd09"))
    # Without names: the snap-to-network medians (in dense Macau they do not tell GCJ-02
    # apart), so nothing is decided and the file would be refused.
    decision = detect_coordinate_system(lon, lat, network)
    assert decision.evidence == "network", decision.message
    assert not decision.clear, decision.message


# ------------------------------------------------------------------ geocoder


def test_geocoder_match_rate_on_macau_addresses(macau_city):
    import opencc

    from learning_map.city.geocode import Geocoder

    extract, _, sites = macau_city
    geocoder = Geocoder.from_extract(extract)
    addressed = extract.addresses[extract.addresses["tags"].map(
        lambda t: "addr:street" in t and "addr:housenumber" in t)]
    pick = np.random.default_rng(7).choice(len(addressed), 200, replace=False)
    full_width = str.maketrans("0123456789", "０１２３４５６７８９")
    to_simplified = opencc.OpenCC("t2s")
    texts, truth = [], []
    for n, i in enumerate(pick):
        tags = addressed["tags"].iloc[i]
        street, number = tags["addr:street"], tags["addr:housenumber"]
        text = [f"{street} {number}".translate(full_width), to_simplified.convert(f"{street}{number}號"),
                "  澳門 " + street.replace(" ", "  ") + "  " + number + " 號",
                street.split(" ")[0] + number.translate(full_width) + "号"][n % 4]
        texts.append(text)
        truth.append(shapely.point_on_surface(addressed.geometry.iloc[i]))
    lon, lat, method = geocoder.geocode(texts)
    found = np.isfinite(lon)
    metres = shapely.distance(
        gpd.GeoSeries(shapely.points(np.where(found, lon, 0), np.where(found, lat, 0)), crs=4326).to_crs(32649).to_numpy(),
        gpd.GeoSeries(truth, crs=4326).to_crs(32649).to_numpy(),
    )
    right = found & (metres < 100)
    report = f"found {found.mean():.1%}, right within 100 m {right.mean():.1%}, methods {pd.Series(method).value_counts().to_dict()}"
    assert found.mean() >= 0.95, report
    assert right.mean() >= 0.95, report
    assert set(method[found]) <= {"exact", "street+number", "name"}
    # The addresses of the OSM learning sites themselves.
    with_address = sites[sites["address"] != ""]
    _, _, site_method = geocoder.geocode(with_address["address"])
    assert (site_method != "").mean() >= 0.8, f"{len(with_address)} sites, {(site_method != '').mean():.0%}"
    assert geocoder.geocode(["不存在的街道 999 號"])[2].tolist() == [""]


def test_registry_rows_with_only_an_address_are_geocoded_or_rejected(macau_city, tmp_path):
    from learning_map.city.geocode import Geocoder
    from learning_map.city.placement import NOT_PLACED
    from learning_map.city.registry_file import read_registry

    geocoder = Geocoder.from_extract(macau_city[0])
    path = tmp_path / "list.csv"
    path.write_text(
        "编号,名称,类别,地址,经度,纬度\n"
        "a,甲中心,学习点,排角路１８號,,\n"
        "b,乙中心,学习点,月球大道 1 號,,\n"
        "c,丙中心,学习点,,113.55,22.19\n"
        "d,丁中心,学习点,,,\n",
        encoding="utf-8",
    )
    load = read_registry(path, geocoder=geocoder)
    assert load.sites["site_id"].tolist() == ["a", "c"]
    assert load.sites["geocoded"].tolist() == ["osm-address", ""]
    assert load.sites.geometry.x.iloc[0] == pytest.approx(113.54, abs=0.03)
    reasons = dict(zip(load.rejected["line"].astype(int), load.rejected["reason"], strict=True))
    # A row with a name and no address goes down the chain too, and is not placed either.
    assert {line: reason.message_id for line, reason in reasons.items()} == {3: NOT_PLACED, 5: NOT_PLACED}
    assert said(reasons[3], "en").startswith("no place found for this row")
    assert load.sites["placement"].tolist() == ["osm-address 0.90: street+number", "file"]
    # Without a geocoder, a table still needs lon/lat columns, as before.
    (tmp_path / "x.csv").write_text("名称,类别,地址\n甲,学习点,排角路18號\n", encoding="utf-8")
    assert read_registry(tmp_path / "x.csv", geocoder=geocoder).sites["geocoded"].tolist() == ["osm-address"]
    with pytest.raises(InputFileError, match="longitude"):
        read_registry(tmp_path / "x.csv")
