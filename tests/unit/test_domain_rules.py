"""The rules the web layer used to hold, in their own modules: open-at, regions, folding, courses."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from learning_map.city import hours, naming, regions
from learning_map.city.courses.catalogue import CourseCatalogue, CourseFilter, offering_rows
from learning_map.errors import ParameterError

NOW = dt.datetime(2026, 12, 9, 14, 5)  # a Wednesday


@pytest.mark.parametrize(("day", "clock", "expected"), [
    (None, None, NOW),
    ("tomorrow", "09:30", dt.datetime(2026, 12, 10, 9, 30)),
    ("we", "23:59", dt.datetime(2026, 12, 9, 23, 59)),  # today included
    ("MO", None, dt.datetime(2026, 12, 14, 14, 5)),
])
def test_the_open_at_moment(day, clock, expected):
    assert hours.moment_at(hours.NO_CALENDAR, day, clock, now=NOW) == expected


@pytest.mark.parametrize(("day", "clock", "parameter"), [("someday", None, "open_day"),
                                                         ("today", "24:00", "open_time")])
def test_a_bad_open_at_names_its_parameter(day, clock, parameter):
    with pytest.raises(ParameterError) as caught:
        hours.moment_at(hours.NO_CALENDAR, day, clock, now=NOW)
    assert caught.value.parameter == parameter


def test_regions_by_where_the_city_is():
    assert regions.written_lang(113.55, 22.19) == "zh-Hant"  # Macau
    assert regions.written_lang(118.32, 24.44) == "zh-Hant"  # Kinmen
    assert regions.written_lang(121.47, 31.23) is None  # Shanghai
    assert regions.region_at(113.55, 22.19) == ("MO", "Asia/Macau")
    assert regions.region_at(2.35, 48.86) is None
    assert hours.city_calendar(113.55, 22.19).region == "MO"


def test_one_entry_per_place_lists_the_others():
    group = np.array([0, 1, 0, 2, 1])
    assert naming.one_per_place([4, 2, 0, 3, 1], group) == [(4, [1]), (2, [0]), (3, [])]


def test_script_names_and_the_written_norm():
    assert naming.script_names("Macau 澳门") == {"en": "Macau", "zh-Hans": "澳门", "zh-Hant": "澳門"}
    assert naming.script_names("Helsinki") == {"en": "Helsinki"}
    assert naming.mostly_traditional(["澳門圖書館", "學校", "Library"])
    assert not naming.mostly_traditional(["图书馆", "學校", "学校"])


def test_likely_duplicates_within_150_m_only():
    sites = gpd.GeoDataFrame({"site_id": ["a", "b", "c"], "name": ["图书馆", "圖書館", "图书馆"]},
                             geometry=shapely.points([[113.55, 22.19], [113.5505, 22.19], [113.56, 22.19]]),
                             crs="EPSG:4326")
    found = naming.likely_duplicates(sites)
    assert found[["where", "site_id_a", "site_id_b"]].to_numpy().tolist() == [["file", "a", "b"]]


def test_course_matching_without_a_filter_filters_nothing():
    catalogue = CourseCatalogue.empty()
    assert catalogue.matching_filter(None) is None
    assert catalogue.matching_filter(CourseFilter()) is None
    assert catalogue.matching_filter(CourseFilter(audience="elderly")) == {}
    ids = pd.Series(["s1", "s2", 3])
    assert offering_rows(ids, {"s2": [], "3": []}).tolist() == [False, True, True]
