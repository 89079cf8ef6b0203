"""
Convert Chinese map coordinates (GCJ-02, BD-09) to WGS84.

Registries copied from Amap/Gaode or Tencent maps hold GCJ-02 coordinates, and
registries from Baidu maps hold BD-09. In mainland China both are offset from
WGS84 by 300-700 m, so a site would land on the wrong street. These are the
published formulas, vectorised; GCJ-02 -> WGS84 and BD-09 -> WGS84 invert the
forward offsets by fixed-point iteration (a round trip is within 1 cm).

The forward offsets also make the "open in Amap / Baidu Maps / Tencent Maps" links of a
site page (:func:`for_map_apps`). Where GCJ-02 applies: officially in mainland China
only, and the formulas' own rectangle (:func:`_outside_china`) covers Hong Kong and
Macau too. For the map apps that is the right answer: Amap's developer FAQ is quoted as
saying its Hong Kong and Macau data are GCJ-02 as well (we could not check Amap's page
itself from here; Tencent uses the same kind of data, and Baidu adds BD-09 on top), so a
WGS84 point of a Macau library is offset before it is handed to them, as in Shanghai. Taiwan and places outside China
fall outside the rectangle or are passed through unchanged by the apps; the links use
the same coordinates either way.

``auto`` decides from the data (:func:`learning_map.city.coords_auto.detect_coordinate_system`): the points are
compared, as given, as GCJ-02 and as BD-09, with the city's sites of the same name (else
with its walk network), and the system whose median distance is clearly the smallest
wins; when none is, the file is refused and ``--coords`` must be given.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from learning_map.errors import check_choice

COORDINATE_SYSTEMS = ("wgs84", "gcj02", "bd09")
AUTO = "auto"
# --coords auto: the winner's median distance must be at most this share of the
# runner-up's ...
AUTO_CLEAR_RATIO = 0.6
# ... and at least this much smaller (metres). A wrong reading is 300-700 m off; in a city
# whose blocks are under ~200 m it still lands beside some street (a random point there is
# within ~50 m of one), so the street-distance medians of every reading are a few tens of
# metres and their ratio is chance (30 Macau sites in GCJ-02 read as WGS84 gave 9 m against
# the true reading's 15 m). Otherwise the file is refused and --coords must be given.
AUTO_CLEAR_GAP_M = 100.0
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


# The iterative inverses stop when a step moves less than this (degrees, ~1 cm) ...
INVERSE_TOLERANCE_DEG = 1e-7
# ... or after this many rounds.
INVERSE_MAX_ROUNDS = 10

Forward = Callable[[npt.NDArray[np.float64], npt.NDArray[np.float64]],
                   tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]]


def _invert(
    forward: Forward, lon: npt.ArrayLike, lat: npt.ArrayLike, *,
    tolerance: float = INVERSE_TOLERANCE_DEG, max_rounds: int = INVERSE_MAX_ROUNDS,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """
    Invert ``forward`` by fixed-point iteration: ``w <- w - (forward(w) - target)``.

    Starts from the target itself and stops when every point moved less than
    ``tolerance`` degrees in the last round, or after ``max_rounds`` rounds.
    """
    t_lon = np.asarray(lon, dtype=float)
    t_lat = np.asarray(lat, dtype=float)
    w_lon, w_lat = t_lon.copy(), t_lat.copy()
    for _ in range(max_rounds):
        f_lon, f_lat = forward(w_lon, w_lat)
        d_lon, d_lat = f_lon - t_lon, f_lat - t_lat
        w_lon = w_lon - d_lon
        w_lat = w_lat - d_lat
        step = np.maximum(np.abs(d_lon), np.abs(d_lat))
        if not np.any(step >= tolerance):  # NaN input never blocks the stop
            break
    return w_lon, w_lat


def gcj02_to_wgs84(
    lon: npt.ArrayLike, lat: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Invert :func:`wgs84_to_gcj02` by fixed-point iteration (< 1e-7 deg or 10 rounds)."""
    return _invert(wgs84_to_gcj02, lon, lat)


def gcj02_to_bd09(
    lon: npt.ArrayLike, lat: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Offset GCJ-02 lon/lat to Baidu BD-09 (unchanged outside China, as GCJ-02)."""
    x = np.asarray(lon, dtype=float)
    y = np.asarray(lat, dtype=float)
    z = np.hypot(x, y) + 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _X_PI)
    outside = _outside_china(x, y)
    return (np.where(outside, x, z * np.cos(theta) + 0.0065),
            np.where(outside, y, z * np.sin(theta) + 0.006))


def for_map_apps(lon: float, lat: float) -> dict[str, tuple[float, float]]:
    """
    A WGS84 point in the coordinates each Chinese map app expects, rounded to 6 decimals.

    Parameters
    ----------
    lon, lat
        WGS84 degrees.

    Returns
    -------
    points
        ``{"gcj02": (lon, lat), "bd09": (lon, lat)}``: GCJ-02 for Amap and Tencent Maps,
        BD-09 for Baidu Maps (see the module docstring for Hong Kong and Macau).
    """
    g_lon, g_lat = wgs84_to_gcj02(lon, lat)
    b_lon, b_lat = gcj02_to_bd09(g_lon, g_lat)
    return {"gcj02": (round(float(g_lon), 6), round(float(g_lat), 6)),
            "bd09": (round(float(b_lon), 6), round(float(b_lat), 6))}


def wgs84_to_bd09(
    lon: npt.ArrayLike, lat: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Offset WGS84 lon/lat to Baidu BD-09."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def bd09_to_wgs84(
    lon: npt.ArrayLike, lat: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Invert :func:`wgs84_to_bd09` by fixed-point iteration (< 1e-7 deg or 10 rounds)."""
    return _invert(wgs84_to_bd09, lon, lat)


def bd09_to_gcj02(
    lon: npt.ArrayLike, lat: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Convert Baidu BD-09 lon/lat to GCJ-02 (inverse of :func:`gcj02_to_bd09`)."""
    return _invert(gcj02_to_bd09, lon, lat)


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
    if check_coordinate_system(system) == "wgs84":
        return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if system == "gcj02":
        return gcj02_to_wgs84(lon, lat)
    return bd09_to_wgs84(lon, lat)


def check_coordinate_system(system: str, *, auto: bool = False) -> str:
    """``system`` when it is one of :data:`COORDINATE_SYSTEMS` (or ``auto`` when allowed), else a ParameterError."""
    check_choice("coordinate_system", system, (*COORDINATE_SYSTEMS, AUTO) if auto else COORDINATE_SYSTEMS,
                 message_id="coordinate_system.unknown")
    return system
