"""
Deciding a file's coordinate system from its data (``--coords auto``).

The points are tried as WGS84, GCJ-02 and BD-09 against the city's streets (how far each
reading lies from the network) and, where names match, against named places of the extract.
Kept apart from :mod:`learning_map.city.coords` (plain conversions, numpy only), so the CLI
can list the coordinate systems without loading the street network.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from learning_map.base.problems import Problem
from learning_map.city.coords import (
    AUTO_CLEAR_GAP_M,
    AUTO_CLEAR_RATIO,
    COORDINATE_SYSTEMS,
    to_wgs84,
)
from learning_map.city.naming import fold_names
from learning_map.errors import N_
from learning_map.walking.snapping import snap_lonlat

if TYPE_CHECKING:
    from collections.abc import Callable

    import geopandas as gpd

    from learning_map.walking.network import WalkNetwork


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
    def problem(self) -> Problem:
        """The decision as a sentence with its values (the three medians and the rule), said in a locale when shown."""
        if not self.points:
            return Problem(N_("--coords auto: no coordinates to judge, taken as wgs84"))
        values = {"system": self.system, "points": self.points, "ratio": AUTO_CLEAR_RATIO,
                  "gap_m": AUTO_CLEAR_GAP_M, "choices": "|".join(COORDINATE_SYSTEMS),
                  "medians": tuple(f"{k} {v:.0f} m" for k, v in self.medians_m.items())}
        if self.clear and self.evidence == "names":
            return Problem(N_("--coords auto: {system} (median distance of {points} rows to the city's site of the "
                              "same name: {medians}; the smallest is at most {ratio:g} x the next and {gap_m:g} m "
                              "less)"), **values)
        if self.clear:
            return Problem(N_("--coords auto: {system} (median distance of {points} points to the walk network: "
                              "{medians}; the smallest is at most {ratio:g} x the next and {gap_m:g} m less)"),
                           **values)
        if self.evidence == "names":
            return Problem(N_("--coords auto cannot tell the coordinate system (median distance of {points} rows "
                              "to the city's site of the same name: {medians}; none is at most {ratio:g} x the "
                              "next and {gap_m:g} m less): give it with --coords {choices}"), **values)
        return Problem(N_("--coords auto cannot tell the coordinate system (median distance of {points} points "
                          "to the walk network: {medians}; none is at most {ratio:g} x the next and {gap_m:g} m "
                          "less): give it with --coords {choices}"), **values)

    @property
    def message(self) -> str:
        """:attr:`problem` in the command line's language."""
        return str(self.problem)


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
