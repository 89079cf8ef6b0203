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

``auto`` decides from the data (:func:`detect_coordinate_system`): the points are
compared, as given, as GCJ-02 and as BD-09, with the city's sites of the same name (else
with its walk network), and the system whose median distance is clearly the smallest
wins; when none is, the file is refused and ``--coords`` must be given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from learning_map.city.naming import fold_names
from learning_map.errors import check_choice
from learning_map.walking.snapping import snap_lonlat

if TYPE_CHECKING:
    import geopandas as gpd

    from learning_map.walking.network import WalkNetwork

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


# --coords auto uses same-name anchors when at least this many rows have one.
AUTO_MIN_ANCHORS = 3
# A same-name anchor farther than this from every reading is no anchor.
AUTO_ANCHOR_WITHIN_M = 3000.0


@dataclass(frozen=True)
class CoordinateDecision:
    """What ``--coords auto`` decided for a file, and why."""

    system: str
    medians_m: dict[str, float]
    clear: bool
    points: int
    evidence: str = "network"  # or "names": distances to same-name sites of the city

    @property
    def message(self) -> str:
        """One bilingual sentence with the three medians and the rule."""
        medians = ", ".join(f"{k} {v:.0f} m" for k, v in self.medians_m.items())
        if not self.points:
            return "--coords auto: no coordinates to judge, taken as wgs84 / 没有坐标可判断，按 WGS84 处理"
        what = (
            f"median distance of {self.points} rows to the city's site of the same name"
            if self.evidence == "names"
            else f"median distance of {self.points} points to the walk network"
        )
        zh = "与同名站点的中位距离" if self.evidence == "names" else "到步行路网的中位距离"
        if self.clear:
            return (
                f"--coords auto: {self.system} ({what}: {medians}; the smallest is at most "
                f"{AUTO_CLEAR_RATIO:g} x the next and {AUTO_CLEAR_GAP_M:g} m less)"
                f" / 自动判断坐标系为 {self.system}（{zh}：{medians}）"
            )
        choices = "|".join(COORDINATE_SYSTEMS)
        return (
            f"--coords auto cannot tell the coordinate system ({what}: {medians}; none is at most "
            f"{AUTO_CLEAR_RATIO:g} x the next and {AUTO_CLEAR_GAP_M:g} m less): give it with"
            f" --coords {choices} / 无法自动判断坐标系（{zh}：{medians}），请用 --coords {choices} 指定"
        )


def _medians(
    lon: npt.NDArray[np.float64], lat: npt.NDArray[np.float64],
    distance: Callable[[npt.NDArray[np.float64], npt.NDArray[np.float64]], npt.NDArray[np.float64]],
) -> dict[str, float]:
    medians = {}
    for system in COORDINATE_SYSTEMS:
        x, y = to_wgs84(lon, lat, system=system)
        medians[system] = float(np.nanmedian(distance(x, y)))
    return medians


def detect_coordinate_system(
    lon: npt.ArrayLike, lat: npt.ArrayLike, network: WalkNetwork, *,
    names: npt.ArrayLike | None = None, anchors: gpd.GeoDataFrame | None = None,
) -> CoordinateDecision:
    """
    Decide whether coordinates are WGS84, GCJ-02 or BD-09 from where they fall.

    Each reading of the points (as given, converted from GCJ-02, converted from
    BD-09) is measured, and the reading with the smallest median distance wins when
    that median is at most :data:`AUTO_CLEAR_RATIO` times the next smallest and
    :data:`AUTO_CLEAR_GAP_M` less; otherwise nothing is decided (``clear`` is False,
    and :func:`learning_map.city.registry_file.read_registry` refuses the file). The distance is
    to the city's site of the same folded name (``names`` against ``anchors``)
    when at least :data:`AUTO_MIN_ANCHORS` rows have one within
    :data:`AUTO_ANCHOR_WITHIN_M`; otherwise it is the snap distance to the walk
    network (real sites sit beside streets; in a dense city such as Macau a
    500 m shift lands beside another street just as often, so names come first).

    Parameters
    ----------
    lon, lat
        Coordinates as the file gives them (degrees).
    network
        The city's walk network (also gives the metric CRS).
    names
        The rows' names, to compare with ``anchors``.
    anchors
        The city's known sites (``name``, geometry), e.g. its current bundle's.

    Returns
    -------
    decision
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    lon, lat = lon[ok], lat[ok]
    if not len(lon):
        return CoordinateDecision("wgs84", {s: float("nan") for s in COORDINATE_SYSTEMS}, False, 0)
    evidence = "network"
    medians = None
    if names is not None and anchors is not None and len(anchors):
        distance = _anchor_distance(np.asarray(names, dtype=object)[ok], anchors, network)
        found = np.isfinite(np.column_stack([distance(*to_wgs84(lon, lat, system=s))
                                             for s in COORDINATE_SYSTEMS])).all(axis=1)
        if found.sum() >= AUTO_MIN_ANCHORS:
            evidence = "names"
            lon, lat = lon[found], lat[found]
            medians = _medians(lon, lat, distance=_anchor_distance(
                np.asarray(names, dtype=object)[ok][found], anchors, network))
    if medians is None:
        medians = _medians(lon, lat, lambda x, y: snap_lonlat(network, x, y, max_snap_m=np.inf).access_m)
    ranked = sorted(medians, key=medians.__getitem__)
    best, second = medians[ranked[0]], medians[ranked[1]]
    clear = bool(best <= AUTO_CLEAR_RATIO * second and second - best >= AUTO_CLEAR_GAP_M)
    return CoordinateDecision(ranked[0] if clear else "wgs84", medians, clear, len(lon), evidence)


def _anchor_distance(
    names: npt.NDArray[np.object_], anchors: gpd.GeoDataFrame, network: WalkNetwork
) -> Callable[[npt.NDArray[np.float64], npt.NDArray[np.float64]], npt.NDArray[np.float64]]:
    """Distance (m) from each point to the nearest anchor of the same folded name, else NaN."""
    import shapely


    folded = fold_names(names)
    anchor_names = fold_names(anchors["name"])
    ax, ay = network.to_xy(anchors.geometry.x.to_numpy(), anchors.geometry.y.to_numpy())
    anchor_points = shapely.points(ax, ay)
    tree = shapely.STRtree(anchor_points)

    def distance(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        px, py = network.to_xy(x, y)
        points = shapely.points(px, py)
        a, b = tree.query(points, predicate="dwithin", distance=AUTO_ANCHOR_WITHIN_M)
        same = (folded[a] == anchor_names[b]) & (folded[a] != "")
        a, b = a[same], b[same]
        out = np.full(len(points), np.inf)
        np.minimum.at(out, a, shapely.distance(points[a], anchor_points[b]))
        return np.where(np.isfinite(out), out, np.nan)

    return distance
