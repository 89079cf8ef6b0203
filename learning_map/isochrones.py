"""Reachable areas for display: the reached stretches of streets, buffered and traced."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import shapely

from learning_map import settings
from learning_map.coverage import EdgeIntervals

if TYPE_CHECKING:
    from learning_map.network import WalkNetwork


def interval_points(
    network: WalkNetwork, intervals: EdgeIntervals, *, step_m: float
) -> npt.NDArray[np.float64]:
    """
    Points along the reachable stretches, at most ``step_m`` apart (network CRS).

    Distances along each edge are turned into coordinates by interpolating
    between the edge's vertices, all in one vectorised pass.

    Returns
    -------
    xy
        (n, 2) array.
    """
    edge, start, end = intervals.edge, intervals.start_m, intervals.end_m
    counts = np.floor((end - start) / step_m).astype(np.int64) + 2
    rep = np.repeat(np.arange(len(edge)), counts)
    k = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    distance = np.minimum(start[rep] + k * step_m, end[rep])
    e = edge[rep]
    key, scale = network.vertex_keys
    after = np.searchsorted(key, e * scale + distance, side="right")
    b = np.clip(after, network.edge_offsets[e] + 1, network.edge_offsets[e + 1] - 1)
    a = b - 1
    along, coords = network.vertex_along_m, network.edge_coords
    frac = np.clip((distance - along[a]) / np.maximum(along[b] - along[a], 1e-12), 0.0, 1.0)
    return coords[a] + frac[:, None] * (coords[b] - coords[a])


def intervals_polygon(
    network: WalkNetwork,
    intervals: EdgeIntervals,
    *,
    buffer_m: float = settings.ISOCHRONE_BUFFER_M,
    simplify_m: float = settings.ISOCHRONE_SIMPLIFY_M,
    cell_m: float = settings.ISOCHRONE_CELL_M,
    min_hole_m2: float = settings.ISOCHRONE_MIN_HOLE_M2,
) -> shapely.Geometry:
    """
    Turn reachable stretches into one display polygon (network CRS).

    The stretches are burnt into a ``cell_m`` grid, dilated by ``buffer_m``
    and traced back to polygons. This is 5-30x faster than a GEOS buffer and
    union of thousands of lines, and close to it in area (within ~10%):
    right for a map, while coverage figures use the exact stretches.

    Parameters
    ----------
    network
        Walk network.
    intervals
        From :func:`~learning_map.coverage.reachable_intervals`.
    buffer_m
        Half-width of the area drawn around each reachable street.
    simplify_m
        Simplification tolerance of the outline.
    cell_m
        Grid cell size.
    min_hole_m2
        Holes smaller than this (block interiors) are filled.

    Returns
    -------
    area
        Polygon or MultiPolygon; empty when nothing is reachable.
    """
    from affine import Affine
    from rasterio import features
    from scipy import ndimage

    keep = (intervals.end_m - intervals.start_m) > 0.01
    if not keep.any():
        return shapely.Polygon()
    dense = interval_points(
        network,
        EdgeIntervals(intervals.edge[keep], intervals.start_m[keep], intervals.end_m[keep]),
        step_m=cell_m,  # gaps between samples are closed by the dilation below
    )
    minx, miny = dense.min(axis=0)
    maxx, maxy = dense.max(axis=0)
    radius = max(round(buffer_m / cell_m), 1)
    pad = radius + 1
    width = int(np.ceil((maxx - minx) / cell_m)) + 2 * pad
    height = int(np.ceil((maxy - miny) / cell_m)) + 2 * pad
    transform = Affine(cell_m, 0.0, minx - pad * cell_m, 0.0, -cell_m, maxy + pad * cell_m)
    # Burn points sampled along the stretches straight into the grid (rasterio's
    # rasterize would serialise every line through Python).
    cols = ((dense[:, 0] - (minx - pad * cell_m)) / cell_m).astype(np.int64)
    rows = (((maxy + pad * cell_m) - dense[:, 1]) / cell_m).astype(np.int64)
    grid = np.zeros((height, width), dtype=np.uint8)
    grid[rows, cols] = 1
    yy, xx = np.mgrid[-radius : radius + 1, -radius : radius + 1]
    grid = ndimage.binary_dilation(grid, structure=(xx**2 + yy**2) <= radius**2).astype("uint8")
    polygons = [
        shapely.geometry.shape(geom)
        for geom, _ in features.shapes(grid, mask=grid.astype(bool), transform=transform)
    ]
    area = polygons[0] if len(polygons) == 1 else shapely.union_all(polygons)
    return shapely.simplify(fill_small_holes(area, min_hole_m2=min_hole_m2), simplify_m)


def fill_small_holes(area: shapely.Geometry, *, min_hole_m2: float) -> shapely.Geometry:
    """
    Drop interior rings smaller than ``min_hole_m2`` (the insides of city blocks).

    A reachable area drawn from streets has a hole in every block; on a map
    the block reads as reached, so only larger holes are kept.
    """
    if area.is_empty or min_hole_m2 <= 0:
        return area
    parts = shapely.get_parts(area)
    # Few parts (islands of reach), so a short loop over them is fine.
    filled = [
        shapely.Polygon(part.exterior, [r for r in part.interiors if shapely.Polygon(r).area >= min_hole_m2])
        for part in parts
    ]
    return filled[0] if len(filled) == 1 else shapely.MultiPolygon(filled)
