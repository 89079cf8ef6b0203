"""Point queries for citizens: what is within a walk of here, and the route to a site."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from shapely import ops

from learning_map import settings
from learning_map.coverage import (
    distances_to_targets,
    node_distances,
    node_distances_with_predecessors,
    reachable_intervals,
)
from learning_map.errors import NoMatchError, ParameterError
from learning_map.isochrones import intervals_polygon
from learning_map.snapping import SnappedPoints, snap_lonlat
from learning_map.units import metres_to_minutes, minutes_to_metres

if TYPE_CHECKING:
    import geopandas as gpd

    from learning_map.analysis import CoverageModel
    from learning_map.network import WalkNetwork

# A clicked point may be this far from the nearest walkable way (e.g. inside a large block).
MAX_QUERY_SNAP_M = 1000.0
# A point query draws its area on a coarser grid than the printed map: fast enough
# for interactive use, and a 40 m band around streets still reads as "reachable".
QUERY_CELL_M = 25.0
QUERY_BUFFER_M = 40.0
# How far to look for "the nearest site beyond the limit" when nothing is within it.
NEAREST_SEARCH_MINUTES = 60.0


@dataclass
class Reachable:
    """
    Answer to "what can I reach from here".

    Attributes
    ----------
    site_index
        Row positions (in the city's site table) of the sites within the walk, nearest first.
    walk_m
        Their walking distances, metres (access legs included).
    nearest_index, nearest_walk_m
        When nothing is within the walk: the nearest site beyond it (None if none at all).
    area
        Reachable area (WGS84), empty if not requested.
    access_m
        Straight distance from the point to the network.
    """

    site_index: npt.NDArray[np.int64]
    walk_m: npt.NDArray[np.float64]
    nearest_index: int | None
    nearest_walk_m: float | None
    area: shapely.Geometry
    access_m: float

    def table(self, sites: gpd.GeoDataFrame, speed_kmh: float) -> pd.DataFrame:
        """The reachable sites as a table with ``walk_m`` and ``walk_minutes``."""
        table = pd.DataFrame(sites.iloc[self.site_index].drop(columns="geometry"))
        table["walk_m"] = self.walk_m
        table["walk_minutes"] = metres_to_minutes(self.walk_m, speed_kmh)
        return table.reset_index(drop=True)


@dataclass
class Route:
    """A walking route from a point to a site."""

    line: shapely.LineString
    walk_m: float
    site: pd.Series


class PointQueries:
    """
    Fast per-point answers over a loaded city (everything stays in memory).

    Parameters
    ----------
    model
        The city's coverage model (network, snapped sites).
    """

    def __init__(self, model: CoverageModel) -> None:
        self.model = model
        self.network: WalkNetwork = model.network
        self.sites: gpd.GeoDataFrame = model.sites
        self._site_index = pd.Index(self.sites["site_id"].astype(str))
        # Edge lookup by node pair (shortest edge first) for rebuilding routes.
        net = self.network
        order = np.lexsort((net.edge_length_m, np.maximum(net.edge_u, net.edge_v),
                            np.minimum(net.edge_u, net.edge_v)))
        self._pair_key = (np.minimum(net.edge_u, net.edge_v) * net.node_count
                          + np.maximum(net.edge_u, net.edge_v))[order]
        self._pair_edge = order

    def snap(self, lon: float, lat: float) -> SnappedPoints:
        """Snap a WGS84 point; ParameterError if it is far from every walkable way."""
        point = snap_lonlat(self.network, [lon], [lat], max_snap_m=MAX_QUERY_SNAP_M)
        if not point.on_network[0]:
            raise NoMatchError(
                "lon/lat",
                f"the point is more than {MAX_QUERY_SNAP_M:.0f} m from any walkable way in this city"
                f" / 该点{MAX_QUERY_SNAP_M:.0f}米内没有可步行的道路",
            )
        return point

    def reachable(
        self,
        lon: float,
        lat: float,
        *,
        minutes: float = max(settings.WALK_MINUTES),
        speed_kmh: float = settings.PACE_KMH[settings.DEFAULT_PACE],
        categories: list[str] | None = None,
        area: bool = True,
    ) -> Reachable:
        """
        Sites within ``minutes`` of walking from a point, and the reachable area.

        Parameters
        ----------
        lon, lat
            WGS84 degrees.
        minutes
            Walking time.
        speed_kmh
            Walking speed.
        categories
            Only these categories; default all.
        area
            Also build the isochrone polygon.

        Returns
        -------
        reachable
        """
        point = self.snap(lon, lat)
        budget = float(minutes_to_metres(minutes, speed_kmh))
        if categories:
            candidates = np.flatnonzero(self.sites["category"].isin(categories).to_numpy())
        else:
            candidates = np.arange(len(self.sites))
        targets = self.model.site_points.subset(candidates)
        dist = node_distances(self.network, point, limit_m=budget)
        walk = distances_to_targets(self.network, dist, point, targets)
        within = np.flatnonzero(walk <= budget)
        order = within[np.argsort(walk[within], kind="stable")]
        nearest_index = nearest_walk = None
        if len(order) == 0 and len(candidates):
            # Nothing within the walk: search farther once, for the nearest site beyond it.
            horizon = float(minutes_to_metres(NEAREST_SEARCH_MINUTES, speed_kmh))
            far = distances_to_targets(
                self.network, node_distances(self.network, point, limit_m=horizon), point, targets
            )
            if np.isfinite(far).any():
                best = int(np.argmin(far))
                nearest_index, nearest_walk = int(candidates[best]), float(far[best])
        shape = shapely.Polygon()
        if area:
            intervals = reachable_intervals(self.network, dist, point, budget)
            shape = intervals_polygon(self.network, intervals, buffer_m=QUERY_BUFFER_M,
                                      cell_m=QUERY_CELL_M, simplify_m=QUERY_CELL_M)
            shape = shapely.transform(shape, self._to_lonlat, interleaved=False)
        return Reachable(candidates[order], walk[order], nearest_index, nearest_walk, shape,
                         float(point.access_m[0]))

    def _to_lonlat(self, x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> tuple:
        return self.network.transformer_to_wgs84.transform(x, y)

    def site(self, site_id: str) -> int:
        """Row position of a site id; ParameterError if unknown."""
        try:
            return int(self._site_index.get_loc(site_id))
        except KeyError:
            raise NoMatchError("site_id", f"unknown site {site_id!r} / 没有这个场所") from None

    def _edge_between(self, a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        key = np.minimum(a, b) * self.network.node_count + np.maximum(a, b)
        return self._pair_edge[np.searchsorted(self._pair_key, key)]

    def route(
        self,
        lon: float,
        lat: float,
        site_id: str,
        *,
        speed_kmh: float = settings.PACE_KMH[settings.DEFAULT_PACE],
    ) -> Route:
        """
        The shortest walk from a point to a site, as a WGS84 LineString along the network.

        Parameters
        ----------
        lon, lat
            Start, WGS84 degrees.
        site_id
            Target site.
        speed_kmh
            Walking speed (for minutes).

        Returns
        -------
        route
        """
        row = self.site(site_id)
        target = self.model.site_points.subset(np.array([row]))
        if not target.on_network[0]:
            raise NoMatchError("site_id", f"site {site_id!r} is not on the walk network / 该场所不在步行路网上")
        start = self.snap(lon, lat)
        net = self.network
        dist, pred = node_distances_with_predecessors(net, start)
        edge, t = int(target.edge[0]), float(target.offset_m[0])
        u, v, length = int(net.edge_u[edge]), int(net.edge_v[edge]), float(net.edge_length_m[edge])
        options = [dist[u] + t, dist[v] + length - t]
        same_edge = int(start.edge[0]) == edge
        if same_edge:
            # The virtual source adds the start's access leg to dist[]; the direct walk must too.
            options.append(float(start.access_m[0]) + abs(float(start.offset_m[0]) - t))
        best = int(np.argmin(options))
        if not np.isfinite(options[best]):
            raise NoMatchError("site_id", f"site {site_id!r} cannot be reached on foot from here / 从这里无法步行到达该场所")
        site_xy = net.to_xy([self.sites.geometry.x.iloc[row]], [self.sites.geometry.y.iloc[row]])
        start_xy = net.to_xy([lon], [lat])
        geoms = net.edge_geometry
        if best == 2:
            parts = [ops.substring(geoms[edge], float(start.offset_m[0]), t)]
        else:
            end_node = u if best == 0 else v
            nodes = [end_node]
            while pred[nodes[-1]] != net.node_count:  # walk back to the virtual start
                nodes.append(int(pred[nodes[-1]]))
            nodes = np.array(nodes[::-1])
            first = nodes[0]
            s_edge, s_t = int(start.edge[0]), float(start.offset_m[0])
            s_len = float(net.edge_length_m[s_edge])
            parts = [ops.substring(geoms[s_edge], s_t, 0.0 if net.edge_u[s_edge] == first else s_len)]
            if len(nodes) > 1:
                edges = self._edge_between(nodes[:-1], nodes[1:])
                forward = net.edge_u[edges] == nodes[:-1]
                path = geoms[edges]
                path = np.where(forward, path, shapely.reverse(path))
                parts.extend(path)
            parts.append(ops.substring(geoms[edge], 0.0 if best == 0 else length, t))
        coords = [np.column_stack(start_xy)]
        coords += [shapely.get_coordinates(p) for p in parts]
        coords.append(np.column_stack(site_xy))
        xy = np.concatenate(coords)
        keep = np.ones(len(xy), dtype=bool)
        keep[1:] = np.any(np.diff(xy, axis=0) != 0, axis=1)
        xy = xy[keep]
        lon_r, lat_r = net.to_lonlat(xy[:, 0], xy[:, 1])
        walk_m = float(options[best] + target.access_m[0])
        return Route(shapely.LineString(np.column_stack((lon_r, lat_r))), walk_m, self.sites.iloc[row])

    def search(self, text: str, places: list[dict], *, limit: int = 20) -> list[dict]:
        """
        Sites and streets whose names contain ``text`` (case-insensitive).

        Returns
        -------
        results
            Sites first, then places and streets; each with ``kind``, ``name``, ``lon``, ``lat``.
        """
        needle = text.strip().casefold()
        if not needle:
            raise ParameterError("q", "empty search text / 搜索内容为空")
        names = (self.sites["name"].astype(str) + " " + self.sites["name_zh"].astype(str) + " "
                 + self.sites["name_en"].astype(str)).str.casefold()
        hits = self.sites[names.str.contains(needle, regex=False).to_numpy()].head(limit)
        results = [
            {"kind": "site", "site_id": str(r.site_id), "name": str(r.name), "category": str(r.category),
             "lon": float(r.geometry.x), "lat": float(r.geometry.y)}
            for r in hits.itertuples()
        ]
        for place in places:
            if len(results) >= limit:
                break
            if needle in place["name"].casefold():
                results.append(place)
        return results
