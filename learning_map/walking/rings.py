"""
Rings on a grid's corner lattice: traced from set cells, measured, simplified and checked.

:mod:`learning_map.walking.isochrones` burns the reached streets into a grid; here the grid's
cell sides between set and clear cells are walked into rings (outer rings anticlockwise,
holes clockwise), their signed areas taken, each simplified (Douglas-Peucker), and an exact
integer test tells whether the simplified rings still make one valid polygon, so GEOS is
asked only when they may not. All compiled (numba).
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["D_COL", "D_ROW", "signed_areas", "simple_outline", "simplify_rings", "trace"]

# Directions on the grid's corner lattice as (row step, column step), in turning order:
# east, north, west, south (north is up the map, i.e. one row less).
D_ROW = np.array([0, -1, 0, 1])
D_COL = np.array([1, 0, -1, 0])


@njit(cache=True, nogil=True)
def trace(grid, d_row, d_col):  # pragma: no cover - compiled
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
    _fill_corner_contacts(grid)
    cols = grid.shape[1] + 1
    out = _boundary_sides(grid)
    # Every kept corner starts a boundary edge: sized once, so no array is reassigned in
    # the loops below (numba would then count references on every pass).
    sides = _count_sides(out)
    rows_out = np.empty(sides, np.int64)
    cols_out = np.empty(sides, np.int64)
    ring_start = np.zeros(sides + 1, np.int64)
    rings = 0
    n = 0
    for vertex in range(len(out)):
        while out[vertex] != 0:
            first = n
            n = _walk_ring(out, cols, vertex, d_row, d_col, rows_out, cols_out, n)
            if n - first >= 3:
                rings += 1
                ring_start[rings] = n
            else:
                n = first
    return rows_out[:n], cols_out[:n], ring_start[: rings + 1]


@njit(cache=True, nogil=True)
def _fill_corner_contacts(grid):  # pragma: no cover - compiled
    """Fill one cell wherever two set cells touch only at a corner, until none do."""
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


@njit(cache=True, nogil=True)
def _boundary_sides(grid):  # pragma: no cover - compiled
    """
    The cell sides between set and clear cells, one direction bit each at their start corner.

    Corners are numbered ``row * (width + 1) + col``; bit ``d`` is a side leaving the corner
    in direction ``d`` (as :data:`D_ROW`, :data:`D_COL`) with the set cell on its left.
    """
    height, width = grid.shape
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
    return out


@njit(cache=True, nogil=True)
def _count_sides(out):  # pragma: no cover - compiled
    """The number of direction bits set over all corners."""
    sides = 0
    for vertex in range(len(out)):
        bits = out[vertex]
        while bits:
            sides += bits & 1
            bits >>= 1
    return sides


@njit(cache=True, nogil=True)
def _walk_ring(out, cols, vertex, d_row, d_col, rows_out, cols_out, n):  # pragma: no cover - compiled
    """
    Follow one ring from a side leaving ``vertex``, clearing its sides as it goes.

    Its corners are written at ``rows_out[n:]``, ``cols_out[n:]``; returns the new count.
    """
    d0 = 0
    while not out[vertex] & (1 << d0):
        d0 += 1
    vr, vc = vertex // cols, vertex % cols
    d = d0
    out[vertex] &= ~np.uint8(1 << d)
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
        turn = _next_direction(out, here, d, vertex, d0)
        if here == vertex and turn == d0:
            return n
        d = turn
        out[here] &= ~np.uint8(1 << d)


@njit(cache=True, nogil=True)
def _next_direction(out, here, d, vertex, d0):  # pragma: no cover - compiled
    """The side to leave corner ``here`` by, heading ``d``: left first, then straight, right."""
    for t in ((d + 1) % 4, d, (d + 3) % 4):
        if (out[here] & (1 << t)) or (here == vertex and t == d0):
            return t
    return -1


@njit(cache=True, nogil=True)
def signed_areas(rows, cols, ring_start):  # pragma: no cover - compiled
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


@njit(cache=True, nogil=True)
def simplify_rings(x, y, ring_start, rings, tolerance):  # pragma: no cover - compiled
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


@njit(cache=True, nogil=True)
def simple_outline(cols, rows, starts):  # pragma: no cover - compiled
    """
    True when the rings (the first an outer ring, the rest holes) make a valid polygon.

    A sufficient test on the grid's integer corners, so exact: every ring has three or
    more corners and never doubles back, no two sides of any rings meet except
    neighbours at their shared corner, every hole lies inside the outer ring and none
    inside another hole. Then the rings are simple and disjoint, which is what GEOS's
    validity asks of a polygon (a float coordinate moves far less than the least gap
    between lattice sides). False only means "not known": the caller asks GEOS.
    """
    for r in range(len(starts) - 1):
        if starts[r + 1] - starts[r] < 3:
            return False
    nxt = _next_corners(starts)
    return (not _folds_back(cols, rows, nxt) and not _sides_cross(cols, rows, nxt)
            and _holes_placed(cols, rows, starts))


@njit(cache=True, nogil=True)
def _next_corners(starts):  # pragma: no cover - compiled
    """The next corner of each corner's ring (the last corner's is the ring's first)."""
    nxt = np.empty(starts[len(starts) - 1], np.int64)
    for r in range(len(starts) - 1):
        a, b = starts[r], starts[r + 1]
        for i in range(a, b):
            nxt[i] = i + 1 if i + 1 < b else a
    return nxt


@njit(cache=True, nogil=True)
def _folds_back(cols, rows, nxt):  # pragma: no cover - compiled
    """Whether any side folds back onto the one before it."""
    for i in range(len(nxt)):
        j = nxt[i]
        k = nxt[j]
        dx1, dy1 = cols[j] - cols[i], rows[j] - rows[i]
        dx2, dy2 = cols[k] - cols[j], rows[k] - rows[j]
        if dx1 * dy2 - dy1 * dx2 == 0 and dx1 * dx2 + dy1 * dy2 <= 0:
            return True
    return False


@njit(cache=True, nogil=True)
def _sides_cross(cols, rows, nxt):  # pragma: no cover - compiled
    """Whether two sides that are not neighbours in a ring share any point."""
    low, order = _by_left_end(cols, nxt)
    total = len(nxt)
    for p in range(total):
        i = order[p]
        high = max(cols[i], cols[nxt[i]])
        for q in range(p + 1, total):  # the sides starting before its right end
            j = order[q]
            if low[j] > high:
                break
            if nxt[i] == j or nxt[j] == i:  # neighbours share one corner (checked apart)
                continue
            if _sides_meet(cols[i], rows[i], cols[nxt[i]], rows[nxt[i]],
                           cols[j], rows[j], cols[nxt[j]], rows[nxt[j]]):
                return True
    return False


@njit(cache=True, nogil=True)
def _by_left_end(cols, nxt):  # pragma: no cover - compiled
    """
    Each side's left end (column) and the sides in order of it.

    A counting sort: ends are grid columns, and numba's general sort compiles slowly.
    """
    total = len(nxt)
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
    return low, order


@njit(cache=True, nogil=True)
def _holes_placed(cols, rows, starts):  # pragma: no cover - compiled
    """Whether every hole (ring 1 on) lies inside the outer ring (ring 0) and none inside another."""
    rings = len(starts) - 1
    for h in range(1, rings):
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
