"""GCJ-02 / BD-09 to WGS84."""

from __future__ import annotations

import numpy as np
import pyproj
import pytest

from learning_map.city.coords import (
    bd09_to_gcj02,
    for_map_apps,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    to_wgs84,
    wgs84_to_gcj02,
)

GEOD = pyproj.Geod(ellps="WGS84")
CITIES = np.array([[121.4737, 31.2304], [120.1551, 30.2741], [116.3975, 39.9087], [113.5439, 22.1936]])


def metres(lon1, lat1, lon2, lat2):
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


def test_gcj02_offset_in_china_is_hundreds_of_metres():
    lon, lat = wgs84_to_gcj02(CITIES[:, 0], CITIES[:, 1])
    offset = metres(CITIES[:, 0], CITIES[:, 1], lon, lat)
    assert ((offset > 100) & (offset < 800)).all()


def test_round_trip_is_centimetre_exact():
    g_lon, g_lat = wgs84_to_gcj02(CITIES[:, 0], CITIES[:, 1])
    w_lon, w_lat = gcj02_to_wgs84(g_lon, g_lat)
    assert metres(CITIES[:, 0], CITIES[:, 1], w_lon, w_lat).max() < 0.01


def test_no_offset_outside_china():
    lon, lat = wgs84_to_gcj02([24.94, -0.12], [60.17, 51.5])  # Helsinki, London
    np.testing.assert_array_equal(lon, [24.94, -0.12])
    np.testing.assert_array_equal(lat, [60.17, 51.5])


def test_bd09_is_gcj02_plus_its_own_shift():
    g_lon, g_lat = wgs84_to_gcj02(CITIES[:, 0], CITIES[:, 1])
    # The published forward BD-09 formula, written out here independently of the module.
    x_pi = np.pi * 3000.0 / 180.0
    z = np.hypot(g_lon, g_lat) + 0.00002 * np.sin(g_lat * x_pi)
    theta = np.arctan2(g_lat, g_lon) + 0.000003 * np.cos(g_lon * x_pi)
    b_lon, b_lat = z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006
    back_lon, back_lat = bd09_to_gcj02(b_lon, b_lat)
    assert metres(g_lon, g_lat, back_lon, back_lat).max() < 1.0
    w_lon, w_lat = to_wgs84(b_lon, b_lat, system="bd09")
    assert metres(CITIES[:, 0], CITIES[:, 1], w_lon, w_lat).max() < 1.0
    with pytest.raises(ValueError, match="unknown coordinate system"):
        to_wgs84([0], [0], system="utm")


# Published reference pairs: the examples of the widely used coordtransform package
# (wandergis/coordtransform README, input 116.404, 39.915 in Beijing).
REFERENCE = {
    "wgs84togcj02": ((116.404, 39.915), (116.41024449916938, 39.91640428150164)),
    "gcj02tobd09": ((116.404, 39.915), (116.41036949371029, 39.92133699351021)),
    "bd09togcj02": ((116.404, 39.915), (116.39762729119315, 39.90865673957631)),
}


def test_forward_offsets_match_the_published_reference_pairs():
    (lon, lat), expected = REFERENCE["wgs84togcj02"]
    np.testing.assert_allclose(wgs84_to_gcj02(lon, lat), expected, rtol=0, atol=1e-9)
    (lon, lat), expected = REFERENCE["gcj02tobd09"]
    np.testing.assert_allclose(gcj02_to_bd09(lon, lat), expected, rtol=0, atol=1e-9)


def test_bd09_inverse_agrees_with_the_published_closed_form():
    (lon, lat), expected = REFERENCE["bd09togcj02"]
    # The closed form is itself approximate; the iterative inverse agrees within 1 m.
    got = bd09_to_gcj02(lon, lat)
    assert metres(got[0], got[1], *expected) < 1.0


def test_map_app_coordinates_in_macau_are_offset():
    points = for_map_apps(113.5439, 22.1936)  # Largo do Senado: GCJ-02 applies (Amap's HK/Macau rule)
    g_lon, g_lat = points["gcj02"]
    assert 100 < metres(113.5439, 22.1936, g_lon, g_lat) < 800
    expected_bd = gcj02_to_bd09(*wgs84_to_gcj02(113.5439, 22.1936))
    assert points["bd09"] == pytest.approx((float(expected_bd[0]), float(expected_bd[1])), abs=1e-6)
    assert for_map_apps(24.94, 60.17)["gcj02"] == (24.94, 60.17)  # Helsinki: no offset
