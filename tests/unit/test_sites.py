"""OSM tags -> learning categories; polygons -> points inside them."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from learning_map.city.sites import categorise_osm, sites_from_features


def test_categories_from_tags():
    tags = pd.Series([
        {"amenity": "library"},
        {"amenity": "community_centre", "name": "湖滨社区中心"},
        {"amenity": "community_centre", "name": "同善堂長者活動中心"},
        {"amenity": "social_facility", "social_facility:for": "senior"},
        {"amenity": "social_facility", "social_facility:for": "homeless"},
        {"amenity": "social_facility", "name:en": "Senior Citizens Centre"},
        {"amenity": "arts_centre"},
        {"amenity": "school"},
        {"amenity": "college"},
        {"amenity": "university", "name": "上海老年大学"},
        {"amenity": "university"},
    ])
    assert categorise_osm(tags).fillna("-").tolist() == [
        "library", "community_learning", "elderly_education", "elderly_education", "-",
        "elderly_education", "cultural_centre", "school", "college", "elderly_education",
        "university",
    ]


def test_building_polygon_becomes_a_point_inside_it():
    # An L-shaped building whose centroid lies outside the footprint.
    l_shape = shapely.Polygon([(0, 0), (10, 0), (10, 1), (1, 1), (1, 10), (0, 10)])
    assert not l_shape.contains(l_shape.centroid)
    features = gpd.GeoDataFrame(
        {
            "osm_type": ["way", "node"],
            "osm_id": [42, 7],
            "tags": [
                {"amenity": "library", "name": "L 图书馆", "name:en": "L Library",
                 "addr:street": "新馬路", "addr:housenumber": "5", "phone": "+853 1",
                 "opening_hours": "Mo-Fr 09:00-18:00", "website": "https://lib.example"},
                {"amenity": "school"},
            ],
        },
        geometry=[shapely.MultiPolygon([l_shape]), shapely.Point(3, 3)],
        crs="EPSG:4326",
    )
    sites = sites_from_features(features)
    assert l_shape.contains(sites.geometry.iloc[0])
    first = sites.iloc[0]
    assert (first.site_id, first.osm_id, first.name_en) == ("osm-w42", "w42", "L Library")
    assert first.address == "新馬路 5"
    assert first.opening_hours == "Mo-Fr 09:00-18:00"
    assert sites.iloc[1]["name"].startswith("中小学")  # unnamed sites get their category label


def test_a_place_mapped_twice_becomes_one_site():
    building = shapely.Point(24.9440, 60.1702).buffer(0.0002)
    features = gpd.GeoDataFrame(
        {
            "osm_type": ["node", "way", "node", "node"],
            "osm_id": [1, 2, 3, 4],
            "tags": [
                {"amenity": "library", "name": "Kansalliskirjasto", "phone": "+358 1"},
                {"amenity": "library", "name": "kansalliskirjasto", "website": "https://kansalliskirjasto.fi"},
                {"amenity": "library", "name": "Kansalliskirjasto"},  # same name, 1 km away
                {"amenity": "school", "name": "Kansalliskirjasto"},  # same spot, other category
            ],
        },
        geometry=[shapely.Point(24.9441, 60.1703), shapely.MultiPolygon([building]),
                  shapely.Point(24.9620, 60.1702), shapely.Point(24.9441, 60.1703)],
        crs="EPSG:4326",
    )
    sites = sites_from_features(features)
    assert sites["osm_id"].tolist() == ["n1", "n3", "n4"]
    merged = sites.iloc[0]
    assert (merged.phone, merged.website) == ("+358 1", "https://kansalliskirjasto.fi")


def test_an_extract_without_learning_places_gives_an_empty_site_table():
    from learning_map.city.sites import SITE_COLUMNS

    features = gpd.GeoDataFrame(
        {"osm_type": ["node"], "osm_id": [1], "tags": [{"amenity": "bench"}]},
        geometry=[shapely.Point(121.45, 31.23)], crs="EPSG:4326",
    )
    for frame in (features, features.iloc[:0]):
        sites = sites_from_features(frame)
        assert sites.empty
        assert list(sites.columns[: len(SITE_COLUMNS)]) == list(SITE_COLUMNS)
