"""The sea inside a box, from OSM coastlines (land on the left of each line, water on the right)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import shapely

if TYPE_CHECKING:
    import numpy.typing as npt


def sea_polygons(coastlines: npt.ArrayLike, bounds: tuple[float, float, float, float]) -> list:
    """
    The sea inside ``bounds``, from coastline lines (OSM: land on the left, water on the right).

    The box is cut along the coastlines (a chain that ends inside the box, at a land
    border, is carried on straight to the box's edge); a piece is sea when more points just to the
    right of the coastline fall inside it than points just to the left. Without a
    coastline there is no sea.

    Parameters
    ----------
    coastlines
        Coastline LineStrings, in the same metric CRS as ``bounds``.
    bounds
        (xmin, ymin, xmax, ymax).

    Returns
    -------
    polygons
    """
    lines = shapely.clip_by_rect(np.asarray(coastlines, dtype=object), *bounds)
    lines = shapely.get_parts(lines[~shapely.is_empty(lines)]) if len(lines) else lines
    lines = lines[shapely.get_type_id(lines) == 1] if len(lines) else lines
    if not len(lines):
        return []
    box = shapely.box(*bounds)
    # An extract stops at a land border, where its coastline ends inside the box (Macau's
    # peninsula against Zhuhai): carry each such end on, the way the coast was heading, to
    # the edge of the box, so the land it bounds is cut from the sea.
    reach_m = float(np.hypot(bounds[2] - bounds[0], bounds[3] - bounds[1]))
    extensions = []
    for chain in shapely.get_parts(shapely.line_merge(shapely.union_all(lines))):
        if chain.is_closed:
            continue
        back_m = min(200.0, chain.length / 2)
        for end, before in ((0.0, back_m), (chain.length, chain.length - back_m)):
            tip = np.asarray(chain.interpolate(end).coords[0])
            heading = tip - np.asarray(chain.interpolate(before).coords[0])
            norm = float(np.hypot(*heading))
            if norm > 0 and box.boundary.distance(shapely.Point(tip)) > 1e-6:
                extensions.append(shapely.LineString([tip, tip + heading / norm * reach_m]))
    extended = shapely.clip_by_rect(np.asarray(extensions, dtype=object), *bounds)
    noded = shapely.union_all(np.concatenate([lines, extended, [box.boundary]]))
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    coords, index = shapely.get_coordinates(lines, return_index=True)
    same = index[1:] == index[:-1]
    start, end = coords[:-1][same], coords[1:][same]
    middle = (start + end) / 2
    direction = end - start
    length = np.hypot(direction[:, 0], direction[:, 1])
    ok = length > 0
    # A point 0.5 m to the right of each segment's middle is in the water.
    normal = np.column_stack([direction[ok, 1], -direction[ok, 0]]) / length[ok, None] * 0.5
    right = shapely.points(middle[ok] + normal)
    left = shapely.points(middle[ok] - normal)
    tree = shapely.STRtree(faces)
    votes = np.zeros(len(faces))
    for points, sign in ((right, 1.0), (left, -1.0)):
        _, face = tree.query(points, predicate="within")
        np.add.at(votes, face, sign)
    return list(faces[votes > 0])
