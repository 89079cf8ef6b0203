"""Point queries for citizens: what is within a walk of here, and the route to a site."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from scipy.sparse import csgraph

from learning_map import settings
from learning_map.analysis.reach_index import ReachIndex, build_reach_index
from learning_map.analysis.routes import Route, route_line, ways_to_site
from learning_map.base.problems import say
from learning_map.base.units import metres_to_minutes, minutes_to_metres
from learning_map.errors import N_, NoMatchError, ParameterError
from learning_map.walking.coverage import distances_to_targets, node_reach, point_walks
from learning_map.walking.engine import gather_distinct
from learning_map.walking.isochrones import intervals_polygon
from learning_map.walking.snapping import SnappedPoints, snap_lonlat

if TYPE_CHECKING:
    import geopandas as gpd

    from learning_map.analysis.model import CoverageModel
    from learning_map.city.search import SearchIndex
    from learning_map.walking.network import WalkNetwork

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
    cut_off
        The point lies on a small piece of network not connected to the city's main one
        (e.g. a campus or a pier mapped without its links): the walk within the limit
        stays on that piece, and the nearest site beyond is walked from ``connected_at``.
    connected_at
        When cut off: WGS84 (lon, lat) of the nearest point of the main network.
    gap_m
        When cut off: straight distance from the point to ``connected_at``, metres
        (not counted in ``nearest_walk_m``).
    """

    site_index: npt.NDArray[np.int64]
    walk_m: npt.NDArray[np.float64]
    nearest_index: int | None
    nearest_walk_m: float | None
    area: shapely.Geometry
    access_m: float
    cut_off: bool = False
    connected_at: tuple[float, float] | None = None
    gap_m: float = 0.0

    @property
    def cut_off_message(self) -> str | None:
        """:meth:`cut_off_text` in the command line's language."""
        return self.cut_off_text()

    def cut_off_text(self, locale: str | None = None) -> str | None:
        """One sentence in ``locale`` (None: the command line's) when the point is cut off from the main network."""
        if not self.cut_off:
            return None
        return say(N_("This point is cut off from the city's street network; walks beyond its own streets start "
                      "from the nearest connected street, {gap_m:.0f} m away"), locale, gap_m=self.gap_m)

    def table(self, sites: gpd.GeoDataFrame, speed_kmh: float) -> pd.DataFrame:
        """The reachable sites as a table with ``walk_m`` and ``walk_minutes``."""
        table = pd.DataFrame(sites.iloc[self.site_index].drop(columns="geometry"))
        table["walk_m"] = self.walk_m
        table["walk_minutes"] = metres_to_minutes(self.walk_m, speed_kmh)
        return table.reset_index(drop=True)


class PointQueries:
    """
    Fast per-point answers over a loaded city (everything stays in memory).

    Parameters
    ----------
    model
        The city's coverage model (network, snapped sites).
    reach_index
        The build's node -> sites index for this model (see :mod:`learning_map.analysis.reach_index`);
        without one it is built in memory the first time it is needed.
    """

    def __init__(self, model: CoverageModel, *, reach_index: ReachIndex | None = None) -> None:
        self.model = model
        if reach_index is not None:
            self.reach_index = reach_index  # the build's stored index (else built on first use)
        self.network: WalkNetwork = model.network
        self.sites: gpd.GeoDataFrame = model.sites
        self._site_index = pd.Index(self.sites["site_id"].astype(str))
        net = self.network
        _ = net.edge_pairs  # the edge lookup for rebuilding routes, built at start-up
        # Connected pieces of the network, once: a point on a small one is "cut off".
        _, labels = csgraph.connected_components(net.adjacency, directed=False)
        self._edge_component = labels[net.edge_u] if net.edge_count else np.zeros(0, np.int64)
        self._main_component = int(np.argmax(np.bincount(labels))) if len(labels) else 0
        if net.edge_count:
            self._warm_up()

    def _warm_up(self) -> None:
        """Load the compiled search and area code now (before server workers fork), not on a click."""
        start = SnappedPoints(np.zeros(1, np.int64), np.zeros(1), np.zeros(1))
        _, _, intervals = point_walks(self.network, start, 1.0, targets=self.model.site_points,
                                      targets_by_edge=self._sites_by_edge,
                                      wanted=self._category_mask(None))
        intervals_polygon(self.network, intervals, buffer_m=QUERY_BUFFER_M, cell_m=QUERY_CELL_M,
                          simplify_m=QUERY_CELL_M, transform=self._to_lonlat)
        node_reach(self.network, start, limit_m=1.0).at(np.zeros(1, np.int64))

    @cached_property
    def _main_edges(self) -> tuple[npt.NDArray[np.int64], shapely.STRtree]:
        """Edges of the largest connected piece and their spatial index (built on first use)."""
        edges = np.flatnonzero(self._edge_component == self._main_component)
        return edges, shapely.STRtree(self.network.edge_geometry[edges])

    @cached_property
    def reach_index(self) -> ReachIndex:
        """Node -> sites within the model's search limit (built here when the build has none)."""
        return build_reach_index(self.model)

    @cached_property
    def _sites_by_edge(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """CSR of the site rows on each edge (off-network sites on none): a walk finds its sites."""
        points = self.model.site_points
        rows = np.flatnonzero(points.on_network)
        edges = points.edge[rows]
        order = np.argsort(edges, kind="stable")
        indptr = np.zeros(self.network.edge_count + 1, dtype=np.int64)
        np.cumsum(np.bincount(edges, minlength=self.network.edge_count), out=indptr[1:])
        return indptr, rows[order].astype(np.int64)

    def sites_on_edges(self, edges: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Row positions of the sites on any of ``edges``, ascending."""
        return np.sort(gather_distinct(self._sites_by_edge, edges, size=len(self.sites)))

    def _category_mask(self, categories: list[str] | None) -> npt.NDArray[np.bool_]:
        """One flag per site row: in one of ``categories`` (all when None), cached per choice."""
        key = tuple(sorted(categories)) if categories else ()
        masks = self.__dict__.setdefault("_category_masks", {})
        if key not in masks:
            masks[key] = (self.sites["category"].isin(categories).to_numpy() if categories
                          else np.ones(len(self.sites), dtype=bool))
        return masks[key]

    def is_cut_off(self, point: SnappedPoints) -> bool:
        """True when a snapped point lies on a piece other than the largest connected one."""
        return bool(self._edge_component[int(point.edge[0])] != self._main_component)

    def connected_start(self, lon: float, lat: float) -> SnappedPoints:
        """A WGS84 point snapped onto the largest connected piece of the network (no distance limit)."""
        edges, tree = self._main_edges
        x, y = self.network.to_xy([lon], [lat])
        point = shapely.points(np.asarray(x, float), np.asarray(y, float))
        (_, found), dist = tree.query_nearest(point, return_distance=True, all_matches=False)
        edge = edges[found[:1]]
        offset = shapely.line_locate_point(self.network.edge_geometry[edge], point)
        return SnappedPoints(edge.astype(np.int64), np.asarray(offset, float), np.asarray(dist[:1], float))

    def walk_to(self, lon: float, lat: float, targets: SnappedPoints, *,
                limit_m: float = np.inf) -> npt.NDArray[np.float64]:
        """
        Walking distance (m) from a WGS84 point to each target, never overstated.

        Exact, or ``inf`` where unreachable or not found within ``limit_m`` along the network.

        A point cut off from the main network walks from the nearest main-network point as
        well (whichever is shorter; the straight gap is not counted).
        """
        point = self.snap(lon, lat)
        walk = self._walks_from(point, targets, limit_m)
        if self.is_cut_off(point):
            start = self.connected_start(lon, lat)
            start = SnappedPoints(start.edge, start.offset_m, np.zeros(1))
            walk = np.minimum(walk, self._walks_from(start, targets, limit_m))
        return walk

    def _walks_from(self, start: SnappedPoints, targets: SnappedPoints,
                    limit_m: float) -> npt.NDArray[np.float64]:
        """Exact walks from a snapped start within ``limit_m`` (and up to one edge past it), else inf."""
        net = self.network
        walk = distances_to_targets(net, node_reach(net, start, limit_m=limit_m), start, targets)
        # Past the limit a target whose edge has one end reached gets the way in from that
        # end, which may be longer than the way in from the other, unreached end; but it is
        # a bound: one search to it settles both ends of those edges (one edge past the limit).
        along = walk - targets.access_m
        over = np.isfinite(along) & (along > limit_m)
        if over.any():
            limit_m = float(along[over].max())
            walk = distances_to_targets(net, node_reach(net, start, limit_m=limit_m), start, targets,
                                        limit_m=limit_m)
        return walk

    def snap(self, lon: float, lat: float) -> SnappedPoints:
        """Snap a WGS84 point; ParameterError if it is far from every walkable way."""
        point = snap_lonlat(self.network, [lon], [lat], max_snap_m=MAX_QUERY_SNAP_M)
        if not point.on_network[0]:
            raise NoMatchError("lon/lat", message_id="point.off_streets", limit_m=MAX_QUERY_SNAP_M)
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
        rows: npt.NDArray[np.int64] | None = None,
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
        rows
            Only the sites at these row positions (e.g. those offering a matching course).

        Returns
        -------
        reachable
        """
        point = self.snap(lon, lat)
        budget = float(minutes_to_metres(minutes, speed_kmh))
        wanted = self._category_mask(categories)
        if rows is not None:
            wanted = wanted & np.isin(np.arange(len(self.sites)), rows)
        intervals = None
        if not area and budget <= self.reach_index.limit_m:
            # No area to draw and the walk fits the index: its two edge ends answer, no search.
            near, walk = self.reach_index.walks_from(self.model, point, budget,
                                                     same_edge=self.sites_on_edges(point.edge[:1]))
            keep = wanted[near]
            near, walk = near[keep], walk[keep]
            within = np.flatnonzero(walk <= budget)
            order = within[np.argsort(walk[within], kind="stable")]
            walk, order = walk[order], near[order]
        else:
            # One compiled pass: the search, the sites on the edges it touches (the work
            # follows the walk, not the number of sites or nodes in the city) and the stretches.
            order, walk, intervals = point_walks(self.network, point, budget,
                                                 targets=self.model.site_points,
                                                 targets_by_edge=self._sites_by_edge, wanted=wanted)
        nearest_index = nearest_walk = None
        cut_off = self.is_cut_off(point)
        connected_at, gap_m = None, 0.0
        if cut_off:
            start = self.connected_start(lon, lat)
            gap_m = float(start.access_m[0])
            xy = shapely.line_interpolate_point(self.network.edge_geometry[int(start.edge[0])],
                                                float(start.offset_m[0]))
            c_lon, c_lat = self._to_lonlat(np.array([xy.x]), np.array([xy.y]))
            connected_at = (round(float(c_lon[0]), 6), round(float(c_lat[0]), 6))
        candidates = np.flatnonzero(wanted) if len(order) == 0 else None  # O(sites): only when needed
        if candidates is not None and len(candidates):
            # Nothing within the walk: search farther once, for the nearest site beyond it;
            # if none lies within the horizon either, search the whole network.
            targets = self.model.site_points.subset(candidates)
            horizon = float(minutes_to_metres(NEAREST_SEARCH_MINUTES, speed_kmh))
            far = self.walk_to(lon, lat, targets, limit_m=horizon)
            if not np.isfinite(far).any():
                far = self.walk_to(lon, lat, targets)
            if np.isfinite(far).any():
                best = int(np.argmin(far))
                nearest_index, nearest_walk = int(candidates[best]), float(far[best])
        if intervals is not None and area:
            shape = intervals_polygon(self.network, intervals, buffer_m=QUERY_BUFFER_M,
                                      cell_m=QUERY_CELL_M, simplify_m=QUERY_CELL_M,
                                      transform=self._to_lonlat)
        else:
            shape = shapely.Polygon()
        return Reachable(order, walk, nearest_index, nearest_walk, shape,
                         float(point.access_m[0]), cut_off, connected_at, gap_m)

    def _to_lonlat(self, x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> tuple:
        return self.network.transformer_to_wgs84.transform(x, y)

    def site(self, site_id: str) -> int:
        """Row position of a site id; ParameterError if unknown."""
        try:
            return int(self._site_index.get_loc(site_id))
        except KeyError:
            raise NoMatchError("site_id", message_id="site_id.unknown", value=site_id) from None

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
            raise NoMatchError("site_id", message_id="site_id.off_network", value=site_id)
        start = self.snap(lon, lat)
        net = self.network
        edge = int(target.edge[0])
        # The search stops once both ends of the site's edge are settled.
        reach = node_reach(net, start, predecessors=True, stop_at=[int(net.edge_u[edge]), int(net.edge_v[edge])])
        options = ways_to_site(net, reach, start, target)
        best = int(np.argmin(options))
        if not np.isfinite(options[best]):
            raise NoMatchError("site_id", message_id="site_id.unreachable", value=site_id)
        site_xy = net.to_xy([self.sites.geometry.x.iloc[row]], [self.sites.geometry.y.iloc[row]])
        line = route_line(net, reach, start, target, best, net.to_xy([lon], [lat]), site_xy)
        return Route(line, float(options[best] + target.access_m[0]), self.sites.iloc[row])

    def search(
        self,
        text: str,
        index: SearchIndex,
        *,
        lon: float | None = None,
        lat: float | None = None,
        speed_kmh: float = settings.PACE_KMH[settings.DEFAULT_PACE],
        limit: int = 20,
    ) -> list[dict]:
        """
        Sites, places and streets matching ``text`` (see :mod:`learning_map.city.search`).

        Parameters
        ----------
        text
            What the user typed: Chinese in either script, pinyin, initials, Latin text.
        index
            The city's search index (built once at load).
        lon, lat
            The current point (WGS84); when given, results are ranked by walking time from
            it and carry ``walk_m`` / ``walk_minutes`` (``None`` when not found within
            :data:`NEAREST_SEARCH_MINUTES` of walking, or unreachable; a result whose street
            that walk reaches is walked exactly even a little beyond it).
        speed_kmh
            Walking speed for the minutes.
        limit
            At most this many results (near-duplicates of one place count once).

        Returns
        -------
        results
            Dicts with ``kind`` (``site``, ``place``, ``street``), ``name``, ``lon``, ``lat``;
            sites carry their display record (``site_id``, ``names``, ``category``, ...).
        """
        if not text.strip():  # the contract's rule (a visible character); punctuation alone finds nothing
            raise ParameterError("q", message_id="q.empty")
        rows, match_class = index.match(text)
        walk = None
        if lon is not None and lat is not None and len(rows):
            targets = index.snapped.subset(rows) if index.snapped is not None else snap_lonlat(
                self.network, index.lon[rows], index.lat[rows], max_snap_m=MAX_QUERY_SNAP_M)
            try:  # bounded like "nearest beyond": farther results are listed last, unranked
                walk = self.walk_to(lon, lat, targets,
                                    limit_m=float(minutes_to_metres(NEAREST_SEARCH_MINUTES, speed_kmh)))
            except NoMatchError:
                walk = np.full(len(rows), np.inf)  # far from every street: nothing is walkable
        order = index.order(rows, match_class, walk)
        return index.results(rows[order], limit=limit, walk_m=None if walk is None else walk[order],
                             speed_kmh=speed_kmh)
