"""
Convert Chinese map coordinates (GCJ-02, BD-09) to WGS84.

Registries copied from Amap/Gaode or Tencent maps hold GCJ-02 coordinates, and
registries from Baidu maps hold BD-09. In mainland China both are offset from
WGS84 by 300-700 m, so a site would land on the wrong street. These are the
published formulas, vectorised; GCJ-02 -> WGS84 is inverted by fixed-point
iteration to better than 1 cm.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

COORDINATE_SYSTEMS = ("wgs84", "gcj02", "bd09")
_A = 6378245.0  # Krasovsky 1940 semi-major axis used by GCJ-02
_EE = 0.00669342162296594323
_X_PI = np.pi * 3000.0 / 180.0


def _outside_china(lon: npt.NDArray[np.float64], lat: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """GCJ-02 applies only inside this box; elsewhere it equals WGS84."""
    return (lon < 72.004) | (lon > 137.8347) | (lat < 0.8293) | (lat > 55.8271)


def wgs84_to_gcj02(
    lon: npt.ArrayLike, lat: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Offset WGS84 lon/lat (degrees) to GCJ-02."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    x, y = lon - 105.0, lat - 35.0
    d_lat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
             + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
             + (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
             + (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0)
    d_lon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
             + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
             + (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
             + (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0)
    rad_lat = np.radians(lat)
    magic = 1.0 - _EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    d_lat = d_lat * 180.0 / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * np.pi)
    d_lon = d_lon * 180.0 / (_A / sqrt_magic * np.cos(rad_lat) * np.pi)
    outside = _outside_china(lon, lat)
    return np.where(outside, lon, lon + d_lon), np.where(outside, lat, lat + d_lat)


def gcj02_to_wgs84(
    lon: npt.ArrayLike, lat: npt.ArrayLike, *, iterations: int = 8
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Invert :func:`wgs84_to_gcj02` by fixed-point iteration (error < 1 cm)."""
    g_lon = np.asarray(lon, dtype=float)
    g_lat = np.asarray(lat, dtype=float)
    w_lon, w_lat = g_lon.copy(), g_lat.copy()
    for _ in range(iterations):
        f_lon, f_lat = wgs84_to_gcj02(w_lon, w_lat)
        w_lon -= f_lon - g_lon
        w_lat -= f_lat - g_lat
    return w_lon, w_lat


def bd09_to_gcj02(
    lon: npt.ArrayLike, lat: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Convert Baidu BD-09 lon/lat to GCJ-02."""
    x = np.asarray(lon, dtype=float) - 0.0065
    y = np.asarray(lat, dtype=float) - 0.006
    z = np.hypot(x, y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta), z * np.sin(theta)


def to_wgs84(
    lon: npt.ArrayLike, lat: npt.ArrayLike, *, system: str
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """
    Convert lon/lat from ``system`` (``wgs84``, ``gcj02`` or ``bd09``) to WGS84.

    Parameters
    ----------
    lon, lat
        Degrees.
    system
        The coordinate system the values are in.

    Returns
    -------
    lon, lat
        WGS84 degrees.
    """
    if system == "wgs84":
        return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if system == "gcj02":
        return gcj02_to_wgs84(lon, lat)
    if system == "bd09":
        return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))
    msg = f"unknown coordinate system {system!r}; use one of {', '.join(COORDINATE_SYSTEMS)}"
    raise ValueError(msg)
