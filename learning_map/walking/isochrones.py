"""
Reachable areas for display: the reached stretches of streets, buffered and traced.

The stretches are sampled and burnt into a local grid around what the walk reached,
dilated, and the grid's cell edges are traced back into rings, all in compiled code
(numba): a point query's area costs what the walk touched, not the city.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import shapely
from numba import njit

from learning_map import settings

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


# Directions on the grid's corner lattice as (row step, column step), in turning order:
# east, north, west, south (north is up the map, i.e. one row less).
_D_ROW = np.array([0, -1, 0, 1])
_D_COL = np.array([1, 0, -1, 0])


@njit(cache=True, nogil=True)
def _trace(grid, d_row, d_col):  # pragma: no cover - compiled
    """
    Rings around the set cells of ``grid`` (its border cells must be clear).

    Every cell side between a set and a clear cell becomes a directed edge with the
    set cell on its left, so outer rings run anticlockwise and holes clockwise (on
    the map). Where two set cells touch only at a corner the walk turns left, which
    keeps them apart (4-connected regions, as GDAL's polygonize). Straight runs are
    merged, so only corners are kept. Returns corner (row, col) pairs and ring offsets.

    Such corner-only contacts are first filled with one cell: otherwise a region that
    meets itself there would get a self-touching ring (invalid), and one cell of a
    buffered street is invisible on the map.
    """
    height, width = grid.shape
    changed = True
    while changed:
        changed = False
        for r in range(height - 1):
            for c in range(width - 1):
                a, b = grid[r, c], grid[r, c + 1]
                d, e = grid[r + 1, c], grid[r + 1, c + 1]
                if a == e and b == d and a != b:
                    if a == 0:
                        grid[r, c] = 1
                    else:
                        grid[r, c + 1] = 1
                    changed = True
    cols = width + 1
    out = np.zeros((height + 1) * cols, np.uint8)
    for r in range(height):
        for c in range(width):
            if grid[r, c] == 0:
                continue
            if grid[r + 1, c] == 0:
                out[(r + 1) * cols + c] |= 1  # bottom side, eastward
            if grid[r, c + 1] == 0:
                out[(r + 1) * cols + c + 1] |= 2  # right side, northward
            if grid[r - 1, c] == 0:
                out[r * cols + c + 1] |= 4  # top side, westward
            if grid[r, c - 1] == 0:
                out[r * cols + c] |= 8  # left side, southward
    # Every kept corner starts a boundary edge: sized once, so no array is reassigned in
    # the loops below (numba would then count references on every pass).
    sides = 0
    for vertex in range(len(out)):
        bits = out[vertex]
        while bits:
            sides += bits & 1
            bits >>= 1
    rows_out = np.empty(sides, np.int64)
    cols_out = np.empty(sides, np.int64)
    ring_start = np.zeros(sides + 1, np.int64)
    rings = 0
    n = 0
    for vertex in range(len(out)):
        while out[vertex] != 0:
            d0 = 0
            while not out[vertex] & (1 << d0):
                d0 += 1
            vr, vc = vertex // cols, vertex % cols
            d = d0
            out[vertex] &= ~np.uint8(1 << d)
            first = n
            while True:
                rows_out[n] = vr
                cols_out[n] = vc
                n += 1
                while True:  # go straight until a corner
                    vr += d_row[d]
                    vc += d_col[d]
                    here = vr * cols + vc
                    if out[here] & (1 << d) and not (here == vertex and d == d0):
                        out[here] &= ~np.uint8(1 << d)
                        continue
                    break
                here = vr * cols + vc
                turn = -1
                for t in ((d + 1) % 4, d, (d + 3) % 4):  # left first, then straight, right
                    if (out[here] & (1 << t)) or (here == vertex and t == d0):
                        turn = t
                        break
                if here == vertex and turn == d0:
                    break
                d = turn
                out[here] &= ~np.uint8(1 << d)
            if n - first >= 3:
                rings += 1
                ring_start[rings] = n
            else:
                n = first
    return rows_out[:n], cols_out[:n], ring_start[: rings + 1]


@njit(cache=True, nogil=True)
def _signed_areas(rows, cols, ring_start):  # pragma: no cover - compiled
    """Signed area of each ring in cells (anticlockwise on the map, i.e. row down, positive)."""
    areas = np.zeros(len(ring_start) - 1)
    for k in range(len(ring_start) - 1):
        a, b = ring_start[k], ring_start[k + 1]
        total = 0.0
        for i in range(a, b):
            j = i + 1 if i + 1 < b else a
            # x = col, y = -row: shoelace on (x, y).
            total += cols[i] * (-rows[j]) - cols[j] * (-rows[i])
        areas[k] = total / 2.0
    return areas


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
        float(cell_m), radius, float(simplify_m), float(min_hole_m2), _D_ROW, _D_COL,
    )
    ring_of = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
    if valid:
        # One outline, its rings neither crossing nor touching and its holes inside it
        # (_simple_outline): valid by construction, so no GEOS validity check, no hole
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
    whether those make one valid polygon as they are (:func:`_simple_outline`).
    """
    keep = (end - start) > 0.01  # stretches under a centimetre draw nothing
    dense = _sample(edge[keep], start[keep], end[keep], cell, offsets, along, coords)
    grid, left, top = _raster(dense, cell, radius)  # gaps between samples: closed by the disks
    ring_rows, ring_cols, ring_start = _trace(grid, d_row, d_col)
    areas = _signed_areas(ring_rows, ring_cols, ring_start) * cell * cell
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
    sx, sy, starts = _simplify_rings(x, y, ring_start, chosen, simplify_m)
    # Back to lattice corners (exact: every kept point is one), for exact integer tests.
    cols = np.rint((sx - left) / cell).astype(np.int64)
    rows = np.rint((top - sy) / cell).astype(np.int64)
    valid = len(outer) == 1 and _simple_outline(cols, rows, starts)
    return x, y, ring_start, outer, holes, sx, sy, starts, valid


@njit(cache=True, nogil=True)
def _simple_outline(cols, rows, starts):  # pragma: no cover - compiled
    """
    True when the rings (the first an outer ring, the rest holes) make a valid polygon.

    A sufficient test on the grid's integer corners, so exact: every ring has three or
    more corners and never doubles back, no two sides of any rings meet except
    neighbours at their shared corner, every hole lies inside the outer ring and none
    inside another hole. Then the rings are simple and disjoint, which is what GEOS's
    validity asks of a polygon (a float coordinate moves far less than the least gap
    between lattice sides). False only means "not known": the caller asks GEOS.
    """
    rings = len(starts) - 1
    total = starts[rings]
    nxt = np.empty(total, np.int64)  # the next corner of each corner's ring
    for r in range(rings):
        a, b = starts[r], starts[r + 1]
        if b - a < 3:
            return False
        for i in range(a, b):
            nxt[i] = i + 1 if i + 1 < b else a
    for i in range(total):  # no side folds back onto the one before it
        j = nxt[i]
        k = nxt[j]
        dx1, dy1 = cols[j] - cols[i], rows[j] - rows[i]
        dx2, dy2 = cols[k] - cols[j], rows[k] - rows[j]
        if dx1 * dy2 - dy1 * dx2 == 0 and dx1 * dx2 + dy1 * dy2 <= 0:
            return False
    # Sides sorted by their left end (a counting sort: ends are grid columns, and numba's
    # general sort compiles slowly); each is compared with those starting before its right end.
    low = np.empty(total, np.int64)
    for i in range(total):
        low[i] = min(cols[i], cols[nxt[i]])
    first = np.zeros(cols.max() + 2, np.int64)
    for i in range(total):
        first[low[i] + 1] += 1
    first = np.cumsum(first)
    order = np.empty(total, np.int64)
    for i in range(total):
        order[first[low[i]]] = i
        first[low[i]] += 1
    for p in range(total):
        i = order[p]
        high = max(cols[i], cols[nxt[i]])
        for q in range(p + 1, total):
            j = order[q]
            if low[j] > high:
                break
            if nxt[i] == j or nxt[j] == i:  # neighbours share one corner (checked above)
                continue
            if _sides_meet(cols[i], rows[i], cols[nxt[i]], rows[nxt[i]],
                           cols[j], rows[j], cols[nxt[j]], rows[nxt[j]]):
                return False
    for h in range(1, rings):  # holes inside the outline, none inside another
        first = starts[h]
        if not _inside(cols[first], rows[first], cols, rows, starts[0], starts[1]):
            return False
        for g in range(1, rings):
            if g != h and _inside(cols[first], rows[first], cols, rows, starts[g], starts[g + 1]):
                return False
    return True


@njit(cache=True, nogil=True)
def _turn(ax, ay, bx, by, cx, cy):  # pragma: no cover - compiled
    """Sign of the turn a -> b -> c (0: in line)."""
    cross = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
    return (cross > 0) - (cross < 0)


@njit(cache=True, nogil=True)
def _on_side(ax, ay, bx, by, px, py):  # pragma: no cover - compiled
    """Whether p, in line with side a-b, lies on it."""
    return min(ax, bx) <= px <= max(ax, bx) and min(ay, by) <= py <= max(ay, by)


@njit(cache=True, nogil=True)
def _sides_meet(ax, ay, bx, by, cx, cy, dx, dy):  # pragma: no cover - compiled
    """Whether closed sides a-b and c-d share any point (integer corners: exact)."""
    d1 = _turn(cx, cy, dx, dy, ax, ay)
    d2 = _turn(cx, cy, dx, dy, bx, by)
    d3 = _turn(ax, ay, bx, by, cx, cy)
    d4 = _turn(ax, ay, bx, by, dx, dy)
    if d1 * d2 < 0 and d3 * d4 < 0:
        return True
    return ((d1 == 0 and _on_side(cx, cy, dx, dy, ax, ay)) or (d2 == 0 and _on_side(cx, cy, dx, dy, bx, by))
            or (d3 == 0 and _on_side(ax, ay, bx, by, cx, cy)) or (d4 == 0 and _on_side(ax, ay, bx, by, dx, dy)))


@njit(cache=True, nogil=True)
def _inside(px, py, cols, rows, a, b):  # pragma: no cover - compiled
    """Whether corner p lies inside ring ``a:b`` (even-odd rule; p is on none of its sides)."""
    inside = False
    for i in range(a, b):
        j = i + 1 if i + 1 < b else a
        ay, by = rows[i], rows[j]
        if (ay > py) != (by > py):
            cross = (cols[j] - cols[i]) * (py - ay) - (px - cols[i]) * (by - ay)
            if (cross > 0) == (by > ay):
                inside = not inside
    return inside


def _assemble(shells: npt.NDArray[np.object_], holes: npt.NDArray[np.object_]) -> shapely.Geometry:
    """One (Multi)Polygon from outer rings and hole rings."""
    polygons = shapely.polygons(shells)
    if len(holes) == 0:
        return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(list(polygons))
    return _with_holes(polygons, holes)


@njit(cache=True, nogil=True)
def _simplify_rings(x, y, ring_start, rings, tolerance):  # pragma: no cover - compiled
    """
    Douglas-Peucker on each chosen ring (closed: its first point ends it too).

    Rings that would keep fewer than three points are kept whole. Returns the kept
    points' x, y and ring offsets, in the order of ``rings``.
    """
    out_x = np.empty(len(x))
    out_y = np.empty(len(y))
    out_start = np.zeros(len(rings) + 1, np.int64)
    stack = np.empty((len(x) + 2, 2), np.int64)
    n = 0
    for r in range(len(rings)):
        a, b = ring_start[rings[r]], ring_start[rings[r] + 1]
        count = b - a
        keep = np.zeros(count + 1, np.bool_)
        keep[0] = True
        keep[count] = True
        top = 0
        stack[0, 0], stack[0, 1] = 0, count
        top = 1
        while top > 0:
            top -= 1
            i, j = stack[top, 0], stack[top, 1]
            if j - i < 2:
                continue
            ax, ay = x[a + i], y[a + i]
            bx, by = x[a + j % count], y[a + j % count]
            dx, dy = bx - ax, by - ay
            seg = dx * dx + dy * dy
            worst, at = -1.0, -1
            for k in range(i + 1, j):
                px, py = x[a + k], y[a + k]
                if seg == 0.0:
                    d = np.hypot(px - ax, py - ay)
                else:
                    t = ((px - ax) * dx + (py - ay) * dy) / seg
                    t = min(max(t, 0.0), 1.0)
                    d = np.hypot(px - (ax + t * dx), py - (ay + t * dy))
                if d > worst:
                    worst, at = d, k
            if worst > tolerance:
                keep[at] = True
                stack[top, 0], stack[top, 1] = i, at
                stack[top + 1, 0], stack[top + 1, 1] = at, j
                top += 2
        kept = 0
        for k in range(count):
            if keep[k]:
                kept += 1
        whole = kept < 3
        for k in range(count):
            if whole or keep[k]:
                out_x[n] = x[a + k]
                out_y[n] = y[a + k]
                n += 1
        out_start[r + 1] = n
    return out_x[:n], out_y[:n], out_start


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
