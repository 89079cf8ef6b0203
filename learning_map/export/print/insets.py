"""
The poster map's composition: what the main map frames, where dense clusters get an inset.

An inset is chosen from what the placement step could not do: the site numbers that found no
room on the main map mark the dense clusters (Macau's peninsula); the biggest cluster of them
is drawn again, larger, in a box laid over an empty part of the main map (sea, open country:
no site under it), as near to the cluster as it fits. Pure geometry on page millimetres.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from learning_map.export.print.labels import Box

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

# Inset enlargements tried in turn (largest first) and the largest share of the map box an
# inset may take in each direction.
INSET_ZOOMS = (2.5, 2.0, 1.75, 1.5)
INSET_MAX_SHARE = 0.6
# Numbers without room this close (mm on A3) belong to the same cluster.
CLUSTER_LINK_MM = 14.0
# Sites this close (mm on A3) to a site count as its neighbours, and the neighbour counts from
# which a site is crowded (tried in turn, so a big dense area narrows to its densest core).
CROWD_RADIUS_MM = 7.0
CROWD_NEIGHBOURS = (3, 4, 6, 8, 11, 15)
# A crowd smaller than this is read on the main map (leaders suffice): no inset for it.
INSET_SITES_MIN = 8
# An inset over land hides streets: a position all on land counts as this much further away.
LAND_PENALTY_MM = 150.0


@dataclass(frozen=True)
class Inset:
    """One inset: the page region it enlarges (``source``) and where it is drawn (``box``)."""

    source: Box
    box: Box
    zoom: float
    letter: str


def biggest_cluster(points: np.ndarray, *, k: float) -> np.ndarray:
    """The points of the biggest cluster (points link when closer than ``CLUSTER_LINK_MM``)."""
    n = len(points)
    if not n:
        return points
    labels = np.arange(n)
    d = np.hypot(points[:, None, 0] - points[None, :, 0], points[:, None, 1] - points[None, :, 1])
    linked = d <= CLUSTER_LINK_MM * k
    # Single linkage by repeated min-label propagation (n is at most a few hundred).
    while True:
        spread = np.where(linked, labels[None, :], n).min(axis=1)
        if np.array_equal(spread, labels):
            break
        labels = spread
    return points[labels == np.bincount(labels).argmax()]


def cluster_region(dropped: np.ndarray, *, k: float) -> Box | None:
    """The page region of the biggest cluster of ``dropped`` points (x, y mm), padded."""
    if not len(dropped):
        return None
    points = biggest_cluster(dropped, k=k)
    pad = 4 * k
    return Box(float(points[:, 0].min() - pad), float(points[:, 1].min() - pad),
               float(points[:, 0].max() + pad), float(points[:, 1].max() + pad))


def crowded_points(points: np.ndarray, *, k: float, neighbours: int) -> np.ndarray:
    """
    The points with at least ``neighbours`` others within ``CROWD_RADIUS_MM``: where numbers crowd.

    A number with its symbol takes about 20 mm² on A3; past a handful of sites within a few
    millimetres the numbers hang on leaders that tangle, which is what an inset is for.
    """
    if len(points) < neighbours + 1:
        return np.zeros((0, 2))
    d = np.hypot(points[:, None, 0] - points[None, :, 0], points[:, None, 1] - points[None, :, 1])
    count = (d <= CROWD_RADIUS_MM * k).sum(axis=1) - 1
    return points[count >= neighbours]


def place_inset(region: Box, map_box: Box, *, points: np.ndarray, avoid: Sequence[Box], k: float,
                letter: str, land: Callable[[Box], float] | None = None) -> Inset | None:
    """
    An inset enlarging ``region`` over a part of ``map_box`` with none of ``points`` under it.

    The largest zoom that finds room wins; among the free positions, the one covering the
    least land (``land(box)``: its share of land, so an inset lies on the sea where it can)
    and then the nearest to the region. None when no zoom finds room.
    """
    width, height = region.x1 - region.x0, region.y1 - region.y0
    map_w, map_h = map_box.x1 - map_box.x0, map_box.y1 - map_box.y0
    margin = 2 * k
    step = 3 * k
    grown = Box(region.x0 - margin, region.y0 - margin, region.x1 + margin, region.y1 + margin)
    for zoom in INSET_ZOOMS:
        w, h = width * zoom, height * zoom
        if w > map_w * INSET_MAX_SHARE or h > map_h * INSET_MAX_SHARE:
            continue
        best, best_distance = None, np.inf
        for x0 in np.arange(map_box.x0 + margin, map_box.x1 - margin - w + 1e-6, step):
            for y0 in np.arange(map_box.y0 + margin, map_box.y1 - margin - h + 1e-6, step):
                box = Box(float(x0), float(y0), float(x0 + w), float(y0 + h))
                if box.intersects(grown) or any(box.intersects(b) for b in avoid):
                    continue
                if len(points) and np.any((points[:, 0] > box.x0 - margin) & (points[:, 0] < box.x1 + margin)
                                          & (points[:, 1] > box.y0 - margin) & (points[:, 1] < box.y1 + margin)):
                    continue
                distance = np.hypot((box.x0 + box.x1 - grown.x0 - grown.x1) / 2,
                                    (box.y0 + box.y1 - grown.y0 - grown.y1) / 2)
                if land is not None:
                    distance += LAND_PENALTY_MM * k * land(box)
                if distance < best_distance:
                    best, best_distance = box, distance
        if best is not None:
            return Inset(region, best, zoom, letter)
    return None


def free_corner(map_box: Box, size: tuple[float, float], *, points: np.ndarray, avoid: Sequence[Box],
                k: float) -> Box | None:
    """
    A box of ``size`` (w, h mm) in ``map_box`` with no point nor avoided box under it.

    A corner when one is free, else the free position nearest a corner; None when none is free.
    """
    w, h = size
    margin = 3 * k

    def free(box: Box) -> bool:
        if any(box.intersects(b) for b in avoid):
            return False
        return not (len(points) and np.any((points[:, 0] > box.x0 - margin) & (points[:, 0] < box.x1 + margin)
                                           & (points[:, 1] > box.y0 - margin) & (points[:, 1] < box.y1 + margin)))

    corners = [(map_box.x1 - margin - w, map_box.y1 - margin - h - 16 * k),
               (map_box.x0 + margin, map_box.y0 + margin), (map_box.x1 - margin - w - 18 * k, map_box.y0 + margin),
               (map_box.x0 + margin, map_box.y1 - margin - h), (map_box.x1 - margin - w, map_box.y1 - margin - h)]
    for x0, y0 in corners:
        box = Box(x0, y0, x0 + w, y0 + h)
        if free(box):
            return box
    best, best_distance = None, np.inf
    ends = [(map_box.x0, map_box.y0), (map_box.x1, map_box.y0), (map_box.x0, map_box.y1), (map_box.x1, map_box.y1)]
    for x0 in np.arange(map_box.x0 + margin, map_box.x1 - margin - w + 1e-6, 4 * k):
        for y0 in np.arange(map_box.y0 + margin, map_box.y1 - margin - h + 1e-6, 4 * k):
            box = Box(float(x0), float(y0), float(x0 + w), float(y0 + h))
            distance = min(np.hypot((box.x0 + box.x1) / 2 - x, (box.y0 + box.y1) / 2 - y) for x, y in ends)
            if distance < best_distance and free(box):
                best, best_distance = box, distance
    return best


def land_share(land: np.ndarray, box: Box, *, origin: tuple[float, float], step: float) -> float:
    """The share of land cells (``land``: rows of y, columns of x, ``step`` mm from ``origin``) under ``box``."""
    i0 = max(int((box.y0 - origin[1]) // step), 0)
    i1 = min(int((box.y1 - origin[1]) // step) + 1, land.shape[0])
    j0 = max(int((box.x0 - origin[0]) // step), 0)
    j1 = min(int((box.x1 - origin[0]) // step) + 1, land.shape[1])
    cells = land[i0:i1, j0:j1]
    return float(cells.mean()) if cells.size else 0.0


def trimmed_extent(xy: np.ndarray, *, keep: float = 0.9) -> tuple[float, float, float, float]:
    """The box holding the central ``keep`` share of points (per axis), for framing populated units."""
    lo, hi = (1 - keep) / 2 * 100, (1 + keep) / 2 * 100
    x0, x1 = np.percentile(xy[:, 0], [lo, hi])
    y0, y1 = np.percentile(xy[:, 1], [lo, hi])
    return float(x0), float(y0), float(x1), float(y1)


__all__ = [
    "CLUSTER_LINK_MM",
    "CROWD_NEIGHBOURS",
    "CROWD_RADIUS_MM",
    "INSET_MAX_SHARE",
    "INSET_ZOOMS",
    "Inset",
    "cluster_region",
    "crowded_points",
    "free_corner",
    "place_inset",
    "trimmed_extent",
]
