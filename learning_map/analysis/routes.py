"""
A walking route from a snapped point to a site: the shortest of its ways and its line.

The site is reached through either end of its edge or, when the start shares that edge,
along it (the rule lives in :mod:`learning_map.walking.edge_walk`); the line follows the
search's shortest-path tree from the start's edge to the site's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import shapely
from shapely import ops

from learning_map.walking import edge_walk

if TYPE_CHECKING:
    import numpy.typing as npt
    import pandas as pd

    from learning_map.walking.engine import Reach
    from learning_map.walking.network import WalkNetwork
    from learning_map.walking.snapping import SnappedPoints

__all__ = ["Route", "route_line", "ways_to_site"]


@dataclass
class Route:
    """A walking route from a point to a site."""

    line: shapely.LineString
    walk_m: float
    site: pd.Series


def ways_to_site(network: WalkNetwork, reach: Reach, start: SnappedPoints,
                 target: SnappedPoints) -> list[float]:
    """
    The walks (m, without the site's access leg) to the site's spot on its edge.

    Through the edge's ``u`` end, through its ``v`` end and, when the start lies on the same
    edge, along it; ``reach`` is the search from ``start`` (it settled both ends).
    """
    edge, t = int(target.edge[0]), float(target.offset_m[0])
    u, v, length = int(network.edge_u[edge]), int(network.edge_v[edge]), float(network.edge_length_m[edge])
    dist_u, dist_v = reach.at([u, v])
    options = [edge_walk.to_u(dist_u, t), edge_walk.to_v(dist_v, t, length)]
    if int(start.edge[0]) == edge:
        # The search's distances include the start's access leg; the direct walk must too.
        options.append(edge_walk.along(float(start.access_m[0]), float(start.offset_m[0]), t))
    return options


def route_line(network: WalkNetwork, reach: Reach, start: SnappedPoints, target: SnappedPoints,
               best: int, start_xy: tuple, site_xy: tuple) -> shapely.LineString:
    """
    The route's WGS84 line: from the start, along the streets, to the site.

    ``best`` is the chosen way of :func:`ways_to_site` (0: through ``u``, 1: through ``v``,
    2: along the shared edge); ``start_xy`` and ``site_xy`` are the two ends (network CRS).
    """
    xy = np.concatenate([np.column_stack(start_xy)]
                        + [shapely.get_coordinates(p) for p in _street_parts(network, reach, start, target, best)]
                        + [np.column_stack(site_xy)])
    keep = np.ones(len(xy), dtype=bool)
    keep[1:] = np.any(np.diff(xy, axis=0) != 0, axis=1)
    xy = xy[keep]
    lon, lat = network.to_lonlat(xy[:, 0], xy[:, 1])
    return shapely.LineString(np.column_stack((lon, lat)))


def _street_parts(network: WalkNetwork, reach: Reach, start: SnappedPoints, target: SnappedPoints,
                  best: int) -> list:
    """The pieces of street geometry walked, in order (each in walking direction)."""
    geoms = network.edge_geometry
    edge, t = int(target.edge[0]), float(target.offset_m[0])
    s_edge, s_t = int(start.edge[0]), float(start.offset_m[0])
    if best == 2:
        return [ops.substring(geoms[edge], s_t, t)]
    u, v = int(network.edge_u[edge]), int(network.edge_v[edge])
    nodes = reach.path_to(u if best == 0 else v)  # from a first node of the start's edge
    s_len = float(network.edge_length_m[s_edge])
    parts = [ops.substring(geoms[s_edge], s_t, 0.0 if network.edge_u[s_edge] == nodes[0] else s_len)]
    if len(nodes) > 1:
        parts.extend(_path_geometry(network, nodes))
    length = float(network.edge_length_m[edge])
    parts.append(ops.substring(geoms[edge], 0.0 if best == 0 else length, t))
    return parts


def _path_geometry(network: WalkNetwork, nodes: npt.NDArray[np.int64]) -> npt.NDArray[np.object_]:
    """The edges along a node path, each oriented in walking direction."""
    edges = network.edge_between(nodes[:-1], nodes[1:])
    forward = network.edge_u[edges] == nodes[:-1]
    path = network.edge_geometry[edges]
    return np.where(forward, path, shapely.reverse(path))
