"""
Reachable areas for display: the reached stretches of streets, buffered and traced.

The stretches are sampled and burnt into a local grid around what the walk reached,
dilated, and the grid's cell edges are traced back into rings
(:mod:`learning_map.walking.rings`), all in compiled code (numba): a point query's area
costs what the walk touched, not the city.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import shapely
from numba import njit

from learning_map import settings
from learning_map.walking.rings import (
    D_COL,
    D_ROW,
    signed_areas,
    simple_outline,
    simplify_rings,
    trace,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from learning_map.walking.coverage import EdgeIntervals
    from learning_map.walking.network import WalkNetwork


@njit(cache=True, nogil=True)
def _sample(edge, start, end, step, offsets, along, coords):  # pragma: no cover - compiled
    """Points every ``step`` along each stretch, both ends included (see interval_points)."""
    total = 0
    for i in range(len(edge)):
        total += int(np.floor((end[i] - start[i]) / step)) + 2
    out = np.empty((total, 2))
    k = 0
    for i in range(len(edge)):
        e = edge[i]
        first, last = offsets[e], offsets[e + 1] - 1
        b = first + 1
        for j in range(int(np.floor((end[i] - start[i]) / step)) + 2):
            d = min(start[i] + j * step, end[i])
            while b < last and along[b] <= d:  # distances only grow along one stretch
                b += 1
            a = b - 1
            gap = along[b] - along[a]
            frac = (d - along[a]) / gap if gap > 1e-12 else 0.0
            frac = min(max(frac, 0.0), 1.0)
            out[k, 0] = coords[a, 0] + frac * (coords[b, 0] - coords[a, 0])
            out[k, 1] = coords[a, 1] + frac * (coords[b, 1] - coords[a, 1])
            k += 1
    return out


def interval_points(
    network: WalkNetwork, intervals: EdgeIntervals, *, step_m: float
) -> npt.NDArray[np.float64]:
    """
    Points along the reachable stretches, at most ``step_m`` apart (network CRS).

    Distances along each edge are turned into coordinates by interpolating
    between the edge's vertices (compiled, one pass over the stretches).

    Returns
    -------
    xy
        (n, 2) array.
    """
    return _sample(intervals.edge.astype(np.int64), intervals.start_m, intervals.end_m, float(step_m),
                   network.edge_offsets, network.vertex_along_m, network.edge_coords)


@njit(cache=True, nogil=True)
def _raster(points, cell, radius):  # pragma: no cover - compiled
    """
    A grid around the points with a disk of ``radius`` cells set at each point's cell.

    The same as burning the points and dilating by a disk, in one pass. Returns the grid
    and the map position of its top-left corner; the border cells stay clear.
    """
    minx, miny = points[0, 0], points[0, 1]
    maxx, maxy = minx, miny
    for k in range(1, len(points)):
        minx, maxx = min(minx, points[k, 0]), max(maxx, points[k, 0])
        miny, maxy = min(miny, points[k, 1]), max(maxy, points[k, 1])
    pad = radius + 2  # the disks stay off the border cells, which the tracer reads past
    width = int(np.ceil((maxx - minx) / cell)) + 2 * pad
    height = int(np.ceil((maxy - miny) / cell)) + 2 * pad
    left, top = minx - pad * cell, maxy + pad * cell
    # The disk as one run of cells per row (half-widths), so drawing it is plain stores.
    half = np.zeros(2 * radius + 1, np.int64)
    for dr in range(-radius, radius + 1):
        while (half[dr + radius] + 1) ** 2 + dr * dr <= radius * radius:
            half[dr + radius] += 1
    flat = np.zeros(height * width, np.uint8)  # bit 1: in a disk; bit 2: a disk's centre
    for k in range(len(points)):
        col = int((points[k, 0] - left) / cell)
        row = int((top - points[k, 1]) / cell)
        if flat[row * width + col] & 2:  # this cell's disk is drawn already
            continue
        for dr in range(-radius, radius + 1):
            base = (row + dr) * width + col
            for i in range(base - half[dr + radius], base + half[dr + radius] + 1):
                flat[i] |= 1
        flat[row * width + col] |= 2
    grid = np.empty((height, width), np.uint8)
    for r in range(height):
        for c in range(width):
            grid[r, c] = 1 if flat[r * width + c] else 0
    return grid, left, top


def intervals_polygon(
    network: WalkNetwork,
    intervals: EdgeIntervals,
    *,
    buffer_m: float = settings.ISOCHRONE_BUFFER_M,
    simplify_m: float = settings.ISOCHRONE_SIMPLIFY_M,
    cell_m: float = settings.ISOCHRONE_CELL_M,
    min_hole_m2: float = settings.ISOCHRONE_MIN_HOLE_M2,
    transform: Callable[[npt.NDArray[np.float64], npt.NDArray[np.float64]], tuple] | None = None,
) -> shapely.Geometry:
    """
    Turn reachable stretches into one display polygon (network CRS, or ``transform``'s).

    The stretches are burnt into a ``cell_m`` grid, dilated by ``buffer_m``
    and traced back to polygons (cell edges, 4-connected). This is far faster
    than a GEOS buffer and union of thousands of lines, and close to it in area
    (within ~10%): right for a map, while coverage figures use the exact stretches.

    Parameters
    ----------
    network
        Walk network.
    intervals
        From :func:`~learning_map.walking.coverage.reachable_intervals`.
    buffer_m
        Half-width of the area drawn around each reachable street.
    simplify_m
        Simplification tolerance of the outline.
    cell_m
        Grid cell size.
    min_hole_m2
        Holes smaller than this (block interiors) are filled.
    transform
        ``(x, y) -> (x', y')`` on coordinate arrays (e.g. to WGS84 lon/lat), applied to
        the finished outline: the same as ``shapely.transform(area, transform,
        interleaved=False)``, in one call on the ring coordinates.

    Returns
    -------
    area
        Polygon or MultiPolygon; empty when nothing is reachable.
    """
    if not ((intervals.end_m - intervals.start_m) > 0.01).any():
        return shapely.Polygon()
    radius = max(round(buffer_m / cell_m), 1)
    x, y, ring_start, outer, holes, sx, sy, starts, valid = _area_rings(
        intervals.edge.astype(np.int64), intervals.start_m, intervals.end_m,
        network.edge_offsets, network.vertex_along_m, network.edge_coords,
        float(cell_m), radius, float(simplify_m), float(min_hole_m2), D_ROW, D_COL,
    )
    ring_of = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
    if valid:
        # One outline, its rings neither crossing nor touching and its holes inside it
        # (rings.simple_outline): valid by construction, so no GEOS validity check, no hole
        # placement, and the coordinates are transformed before any geometry is made.
        if transform is not None:
            sx, sy = transform(sx, sy)
        rings = shapely.linearrings(sx, sy, indices=ring_of)
        return shapely.polygons(rings[0], holes=rings[1:] if len(rings) > 1 else None)
    rings = shapely.linearrings(sx, sy, indices=ring_of)
    area = _assemble(rings[: len(outer)], rings[len(outer):])
    if not shapely.is_valid(area):  # the simplification broke a ring: let GEOS simplify instead
        raw = shapely.linearrings(x, y, indices=np.repeat(np.arange(len(ring_start) - 1), np.diff(ring_start)))
        area = shapely.simplify(_assemble(raw[outer], raw[holes]), simplify_m)
    return area if transform is None else shapely.transform(area, transform, interleaved=False)


@njit(cache=True, nogil=True)
def _area_rings(edge, start, end, offsets, along, coords, cell, radius, simplify_m, min_hole_m2,
                d_row, d_col):  # pragma: no cover - compiled
    """
    Sample, raster, trace and simplify in one compiled call (see intervals_polygon).

    Returns the traced rings (``x``, ``y``, ``ring_start``), the outer and kept hole ring
    numbers, the simplified chosen rings (outer first: ``sx``, ``sy``, ``starts``) and
    whether those make one valid polygon as they are (:func:`~learning_map.walking.rings.simple_outline`).
    """
    keep = (end - start) > 0.01  # stretches under a centimetre draw nothing
    dense = _sample(edge[keep], start[keep], end[keep], cell, offsets, along, coords)
    grid, left, top = _raster(dense, cell, radius)  # gaps between samples: closed by the disks
    ring_rows, ring_cols, ring_start = trace(grid, d_row, d_col)
    areas = signed_areas(ring_rows, ring_cols, ring_start) * cell * cell
    x = left + ring_cols * cell
    y = top - ring_rows * cell
    outer = np.flatnonzero(areas > 0)
    # Holes smaller than min_hole_m2 are block interiors: dropped before any geometry work.
    if min_hole_m2 > 0:
        holes = np.flatnonzero((areas < 0) & (-areas >= min_hole_m2))
    else:
        holes = np.flatnonzero(areas < 0)
    # Each ring simplified here; GEOS (topology-preserving) only if that broke one.
    chosen = np.concatenate((outer, holes))
    sx, sy, starts = simplify_rings(x, y, ring_start, chosen, simplify_m)
    # Back to lattice corners (exact: every kept point is one), for exact integer tests.
    cols = np.rint((sx - left) / cell).astype(np.int64)
    rows = np.rint((top - sy) / cell).astype(np.int64)
    valid = len(outer) == 1 and simple_outline(cols, rows, starts)
    return x, y, ring_start, outer, holes, sx, sy, starts, valid


def _assemble(shells: npt.NDArray[np.object_], holes: npt.NDArray[np.object_]) -> shapely.Geometry:
    """One (Multi)Polygon from outer rings and hole rings."""
    polygons = shapely.polygons(shells)
    if len(holes) == 0:
        return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(list(polygons))
    return _with_holes(polygons, holes)


def _with_holes(shells: npt.NDArray[np.object_], holes: npt.NDArray[np.object_]) -> shapely.Geometry:
    """Put each hole in the smallest shell around it (an island in a hole lies inside it)."""
    inside: dict[int, list] = {}
    shell_area = shapely.area(shells)
    first = shapely.points(shapely.get_coordinates(holes)[np.r_[0, np.cumsum(shapely.get_num_coordinates(holes))[:-1]]])
    tree = shapely.STRtree(shells)
    hole_idx, shell_idx = tree.query(first, predicate="covered_by")
    order = np.lexsort((shell_area[shell_idx], hole_idx))
    taken = set()
    for h, k in zip(hole_idx[order], shell_idx[order], strict=True):
        if h not in taken:
            taken.add(h)
            inside.setdefault(int(k), []).append(holes[h])
    parts = [shapely.Polygon(shapely.get_exterior_ring(shell), inside.get(k, []))
             for k, shell in enumerate(shells)]
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


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
