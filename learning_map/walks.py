"""
Humanities walks (人文行走): routes on foot that link learning points and sights.

Two kinds:

- **curated** routes, an ordered list of stops from a file (a theme and a text per stop):
  :func:`curated_walk` lays them on the walking network with each leg's minutes;
- **suggested** routes, :func:`suggest_walk`: from a start point (a loop, or to an end
  point), visit as many sights of a theme as fit in the time, with a place to rest at
  least every ``rest_every_min`` minutes where the data has one.

Suggesting is an orienteering problem (NP-hard). The heuristic is cheapest insertion
(each step adds the sight that lengthens the walk least), improved by 2-opt after each
insertion and restarted from each of the nearest sights; :func:`best_walk_exact` solves
small cases exactly (dynamic programming over subsets) to measure how close it gets.
Distances are walking distances on the network (one bounded search per candidate), never
straight lines; points are walked from their nearest network node.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy.sparse import csgraph

from learning_map.errors import NoMatchError, ParameterError, check_choice
from learning_map.units import check_minutes, metres_to_minutes, minutes_to_metres

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy.typing as npt
    import shapely

    from learning_map.network import WalkNetwork

# Which OSM sights belong to which theme; learning sites of these categories join them.
THEMES: dict[str, dict[str, Any]] = {
    "history": {"zh": "历史", "en": "History",
                "tourism": {"museum", "attraction"}, "historic": True,
                "amenity": {"place_of_worship"}, "categories": set()},
    "culture": {"zh": "文化", "en": "Culture",
                "tourism": {"museum", "gallery", "artwork"}, "historic": False,
                "amenity": {"arts_centre", "theatre", "library", "community_centre"},
                "categories": {"library", "cultural_centre"}},
}
THEME_NAMES = (*THEMES, "all")
# Sights with a roof and seats: a walker can rest there too.
INDOOR_TOURISM = {"museum", "gallery"}
INDOOR_AMENITY = {"arts_centre", "theatre", "library", "community_centre"}
REST_AMENITY = {"bench", "toilets", "shelter"}
# The longest walk the planner takes: four hours (a whole afternoon).
MAX_WALK_MIN = 240.0
# The exact solver fills a table of 2^n rows (n candidate stops): it takes at most this many.
MAX_EXACT_STOPS = 14
# A stop farther than this from the network is not walkable from it.
MAX_STOP_SNAP_M = 150.0
# A rest point this far off the way (extra metres) counts as on the way.
ON_THE_WAY_M = 60.0


def _name(tags: dict) -> tuple[str, str]:
    zh = tags.get("name:zh") or tags.get("name:zh-Hant") or tags.get("name") or ""
    en = tags.get("name:en") or tags.get("name:pt") or ""
    return str(zh), str(en)


def stops_from_features(features: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """
    Sights and rest points from OSM features (:func:`learning_map.io.osm.read_osm` ``stops``).

    Returns
    -------
    stops
        EPSG:4326 points with ``name``, ``name_en``, ``kind`` (``sight`` / ``rest``),
        ``themes`` (comma-separated theme keys), ``indoor`` and ``osm_id``. Unnamed sights
        are left out (a walk names its stops); rest points may be unnamed.
    """
    import geopandas as gpd

    rows = []
    points = features.geometry.representative_point() if len(features) else features.geometry
    for tags, osm_type, osm_id, point in zip(features["tags"], features["osm_type"],
                                             features["osm_id"], points, strict=True):
        zh, en = _name(tags)
        tourism, amenity, historic = tags.get("tourism"), tags.get("amenity"), tags.get("historic")
        themes = [key for key, theme in THEMES.items()
                  if tourism in theme["tourism"] or amenity in theme["amenity"]
                  or (theme["historic"] and historic and historic != "no")]
        if themes and zh:
            rows.append({"name": zh, "name_en": en, "kind": "sight", "themes": ",".join(themes),
                         "indoor": tourism in INDOOR_TOURISM or amenity in INDOOR_AMENITY,
                         "osm_id": f"{osm_type}{osm_id}", "geometry": point})
        elif amenity in REST_AMENITY:
            rows.append({"name": zh, "name_en": en, "kind": "rest", "themes": "",
                         "indoor": amenity == "toilets", "osm_id": f"{osm_type}{osm_id}",
                         "geometry": point})
    columns = ["name", "name_en", "kind", "themes", "indoor", "osm_id", "geometry"]
    return gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")


def theme_stops(stops: gpd.GeoDataFrame, sites: gpd.GeoDataFrame, theme: str) -> gpd.GeoDataFrame:
    """The sights of ``theme`` (or every sight for ``all``), with the theme's learning sites."""
    import geopandas as gpd

    check_choice("theme", theme, THEME_NAMES, message_id="theme.unknown")
    sights = stops[stops["kind"] == "sight"]
    if theme != "all":
        sights = sights[sights["themes"].str.split(",").map(lambda keys: theme in keys)]
    categories = set().union(*(t["categories"] for t in THEMES.values())) if theme == "all" \
        else THEMES[theme]["categories"]
    learning = sites[sites["category"].isin(categories)]
    extra = gpd.GeoDataFrame({
        "name": learning["name"].astype(str), "name_en": learning.get("name_en", ""),
        "kind": "sight", "themes": theme, "indoor": True,
        "osm_id": learning["site_id"].astype(str), "geometry": learning.geometry.to_crs(4326),
    }, geometry="geometry", crs="EPSG:4326")
    both = pd.concat([sights, extra], ignore_index=True)
    return gpd.GeoDataFrame(both, geometry="geometry", crs="EPSG:4326")


# -- the route model -----------------------------------------------------------------------------

@dataclass
class WalkPlan:
    """A walk: stops in order, legs, rests and its line."""

    start: tuple[float, float]
    end: tuple[float, float]
    speed_kmh: float
    budget_m: float
    stops: list[dict]  # in walking order; rests have kind "rest"
    legs_m: list[float]  # start -> stop 1 -> ... -> end
    rest_gaps: list[dict] = field(default_factory=list)  # spells longer than the rest spacing
    line: shapely.LineString | None = None

    @property
    def walk_m(self) -> float:
        """Total walking distance."""
        return float(sum(self.legs_m))

    @property
    def sights(self) -> list[dict]:
        """The sights visited (rests left out)."""
        return [s for s in self.stops if s["kind"] == "sight"]

    def as_dict(self, *, paces: dict[str, float]) -> dict[str, Any]:
        """JSON-ready: stops with each leg's minutes at every pace in ``paces``, and the line."""
        import shapely

        out_stops = []
        walked = 0.0
        for stop, leg in zip(self.stops, self.legs_m, strict=False):
            walked += leg
            public = {k: v for k, v in stop.items() if not k.startswith("_")}
            out_stops.append({**public, "leg_m": round(leg, 1), "walked_m": round(walked, 1),
                              "leg_minutes": {p: round(float(metres_to_minutes(leg, v)), 1)
                                              for p, v in paces.items()}})
        return {
            "start": list(self.start), "end": list(self.end), "speed_kmh": self.speed_kmh,
            "budget_m": round(self.budget_m, 1), "walk_m": round(self.walk_m, 1),
            "minutes": {p: round(float(metres_to_minutes(self.walk_m, v)), 1) for p, v in paces.items()},
            "last_leg_m": round(self.legs_m[-1], 1) if len(self.legs_m) > len(self.stops) else 0.0,
            # The way back to the start (or on to the end), at every pace too.
            "last_leg_minutes": {p: round(float(metres_to_minutes(self.legs_m[-1], v)), 1)
                                 if len(self.legs_m) > len(self.stops) else 0.0 for p, v in paces.items()},
            "stops": out_stops, "rest_gaps": self.rest_gaps,
            "line": shapely.geometry.mapping(self.line) if self.line is not None else None,
        }


class WalkGraph:
    """Walking distances among a start, an end and candidate stops, from bounded searches."""

    def __init__(self, network: WalkNetwork, nodes: npt.NDArray[np.int64], limit_m: float) -> None:
        self.network = network
        self.nodes = np.asarray(nodes, dtype=np.int64)
        self.limit_m = limit_m
        unique, self._row = np.unique(self.nodes, return_inverse=True)
        self._dist = csgraph.dijkstra(network.adjacency, directed=True, indices=unique, limit=limit_m)

    def matrix(self) -> npt.NDArray[np.float64]:
        """Distance between every pair of the given nodes (inf beyond the limit)."""
        return self._dist[self._row][:, self.nodes]

    def to_nodes(self, i: int, targets: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """Distances from given node ``i`` to arbitrary network nodes."""
        return self._dist[self._row[i]][targets]


def tour_length(order: list[int], dist: npt.NDArray[np.float64]) -> float:
    """Length of start (0) -> order -> end (1) over the distance matrix."""
    path = [0, *order, 1]
    return float(sum(dist[a, b] for a, b in itertools.pairwise(path)))


def _two_opt(order: list[int], dist: npt.NDArray[np.float64]) -> list[int]:
    """Shorten a tour by reversing segments while it helps (start and end stay)."""
    best = list(order)
    improved = True
    while improved:
        improved = False
        path = [0, *best, 1]
        for i in range(1, len(path) - 2):
            for j in range(i + 1, len(path) - 1):
                a, b, c, d = path[i - 1], path[i], path[j], path[j + 1]
                if dist[a, c] + dist[b, d] < dist[a, b] + dist[c, d] - 1e-9:
                    path[i:j + 1] = path[i:j + 1][::-1]
                    improved = True
        best = path[1:-1]
    return best


def _insert_greedy(order: list[int], candidates: list[int], dist: npt.NDArray[np.float64],
                   budget_m: float, dwell_m: float) -> list[int]:
    """Cheapest insertion until nothing more fits in the budget, with 2-opt after each."""
    order = list(order)
    left = [c for c in candidates if c not in order]
    while left:
        path = [0, *order, 1]
        length = tour_length(order, dist) + dwell_m * len(order)
        best = None
        for c in left:
            added = np.array([dist[a, c] + dist[c, b] - dist[a, b] for a, b in itertools.pairwise(path)])
            k = int(np.argmin(added))
            cost = added[k] + dwell_m
            if length + cost <= budget_m and (best is None or cost < best[0]):
                best = (cost, c, k)
        if best is None:
            break
        _cost, c, k = best
        order.insert(k, c)
        left.remove(c)
        order = _two_opt(order, dist)
    return order


def best_walk_heuristic(dist: npt.NDArray[np.float64], budget_m: float, *, dwell_m: float = 0.0,
                        restarts: int = 8) -> list[int]:
    """
    Most stops within the budget (heuristic), over a matrix whose rows 0/1 are start/end.

    Returns the visiting order (indices >= 2). Restarts seed the tour with each of the
    ``restarts`` sights nearest the start; the best tour (most stops, then shortest) wins.
    """
    candidates = [c for c in range(2, len(dist)) if np.isfinite(dist[0, c]) and np.isfinite(dist[c, 1])]
    if not candidates:
        return []
    seeds = [None, *sorted(candidates, key=lambda c: dist[0, c] + dist[c, 1])[:restarts]]
    best: list[int] = []
    for seed in seeds:
        start = [] if seed is None else [seed]
        if seed is not None and tour_length(start, dist) + dwell_m > budget_m:
            continue
        order = _insert_greedy(start, candidates, dist, budget_m, dwell_m)
        if (len(order), -tour_length(order, dist)) > (len(best), -tour_length(best, dist)):
            best = order
    return best


def best_walk_exact(dist: npt.NDArray[np.float64], budget_m: float, *, dwell_m: float = 0.0) -> list[int]:
    """
    The most stops within the budget, exactly (dynamic programming over subsets).

    For small cases only (at most 14 candidates): checks the heuristic.
    """
    n = len(dist) - 2
    if n > MAX_EXACT_STOPS:
        raise ParameterError("candidates", message_id="candidates.too_many", high=MAX_EXACT_STOPS)
    full = 1 << n
    cost = np.full((full, n), np.inf)
    parent = np.full((full, n), -1, dtype=np.int64)
    for j in range(n):
        cost[1 << j, j] = dist[0, j + 2] + dwell_m
    for mask in range(1, full):
        for j in range(n):
            if not mask >> j & 1 or not np.isfinite(cost[mask, j]):
                continue
            for k in range(n):
                if mask >> k & 1:
                    continue
                value = cost[mask, j] + dist[j + 2, k + 2] + dwell_m
                nxt = mask | 1 << k
                if value < cost[nxt, k]:
                    cost[nxt, k], parent[nxt, k] = value, j
    best_mask, best_last, best_key = 0, -1, (0, 0.0)
    for mask in range(1, full):
        for j in range(n):
            total = cost[mask, j] + dist[j + 2, 1]
            if total <= budget_m + 1e-9:
                key = (bin(mask).count("1"), -total)
                if key > best_key:
                    best_mask, best_last, best_key = mask, j, key
    order, mask, j = [], best_mask, best_last
    while j >= 0:
        order.append(j + 2)
        mask, j = mask & ~(1 << j), parent[mask, j]
    return order[::-1]


# -- on the network -----------------------------------------------------------------------------

def _nodes_of(network: WalkNetwork, lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[npt.NDArray, npt.NDArray]:
    """Nearest network node of each point and the straight distance to it (metres)."""
    from scipy.spatial import cKDTree

    x, y = network.to_xy(np.atleast_1d(lon), np.atleast_1d(lat))
    tree = cKDTree(np.column_stack((network.node_x, network.node_y)))
    gap, node = tree.query(np.column_stack((x, y)))
    return node.astype(np.int64), gap


def suggest_walk(
    network: WalkNetwork,
    stops: gpd.GeoDataFrame,
    *,
    start: tuple[float, float],
    minutes: float,
    speed_kmh: float,
    end: tuple[float, float] | None = None,
    rests: gpd.GeoDataFrame | None = None,
    rest_every_min: float = 15.0,
    dwell_min: float = 0.0,
) -> WalkPlan:
    """
    A walk from ``start`` (back to it, or to ``end``) visiting as many ``stops`` as fit.

    Parameters
    ----------
    network
        Walk network.
    stops
        Sights to choose from (EPSG:4326 points with ``name``; e.g. :func:`theme_stops`).
    start, end
        (lon, lat); without ``end`` the walk is a loop.
    minutes, speed_kmh
        The time the walk may take (walking plus ``dwell_min`` at each sight) and the pace.
    rests
        Rest points (benches, toilets, shelters); indoor sights count as rests too.
    rest_every_min
        Longest walk between two rests, in minutes at ``speed_kmh``, where the data allows.
    dwell_min
        Minutes spent at each sight.

    Returns
    -------
    WalkPlan
    """
    check_minutes(minutes, high_min=MAX_WALK_MIN)
    budget_m = float(minutes_to_metres(minutes, speed_kmh))
    dwell_m = float(minutes_to_metres(dwell_min, speed_kmh))
    rest_m = float(minutes_to_metres(rest_every_min, speed_kmh))
    end = end or start
    ends, gaps = _nodes_of(network, [start[0], end[0]], [start[1], end[1]])
    if (gaps > 2_000).any():
        raise NoMatchError("start", message_id="start.off_streets")
    lon, lat = stops.geometry.x.to_numpy(), stops.geometry.y.to_numpy()
    stop_nodes, stop_gap = _nodes_of(network, lon, lat) if len(stops) else (np.zeros(0, np.int64), np.zeros(0))
    # Only sights reachable within half the budget from the start can be on a loop.
    reach = csgraph.dijkstra(network.adjacency, directed=True, indices=ends[0], limit=budget_m)
    usable = np.flatnonzero((stop_gap <= MAX_STOP_SNAP_M) & (reach[stop_nodes] <= budget_m))
    # One candidate per network node (two sights at one door are one stop's worth of walking).
    _, first = np.unique(stop_nodes[usable], return_index=True)
    usable = usable[np.sort(first)]
    nodes = np.concatenate((ends, stop_nodes[usable]))
    graph = WalkGraph(network, nodes, budget_m)
    dist = graph.matrix()
    order = best_walk_heuristic(dist, budget_m, dwell_m=dwell_m)
    records = stops.iloc[usable].reset_index(drop=True)

    def stop_record(k: int) -> dict:
        row = records.iloc[k - 2]
        return {"name": str(row["name"]), "name_en": str(row.get("name_en", "") or ""),
                "kind": "sight", "id": str(row.get("osm_id", "")), "indoor": bool(row.get("indoor", False)),
                "lon": round(float(row.geometry.x), 6), "lat": round(float(row.geometry.y), 6)}

    def plan_for(visit: list[int]) -> WalkPlan:
        path = [0, *visit, 1]
        legs = [float(dist[a, b]) for a, b in itertools.pairwise(path)]
        plan = WalkPlan(start, end, speed_kmh, budget_m, [stop_record(k) for k in visit], legs)
        _add_rests(plan, graph, path, nodes, dist, rests, rest_m, budget_m, dwell_m, network)
        return plan

    def gap_m(plan: WalkPlan) -> float:
        return sum(gap["spell_m"] - rest_m for gap in plan.rest_gaps)

    plan = plan_for(order)
    # Rests come before sights: while a spell is too long, give up the sight whose removal
    # saves the most walking (its budget may pay for a detour to a bench), as long as that
    # shortens the spells without a rest.
    while plan.rest_gaps and len(order) > 1:
        path = [0, *order, 1]
        saving = [dist[path[i - 1], path[i]] + dist[path[i], path[i + 1]] - dist[path[i - 1], path[i + 1]]
                  for i in range(1, len(path) - 1)]
        trial_order = order[:int(np.argmax(saving))] + order[int(np.argmax(saving)) + 1:]
        trial = plan_for(trial_order)
        rests_in = [sum(s["kind"] == "rest" for s in p.stops) for p in (plan, trial)]
        if rests_in[1] <= rests_in[0] or gap_m(trial) >= gap_m(plan) - 1e-6:
            break  # only trade a sight for a rest that shortens the spells
        order, plan = trial_order, trial
    plan.line = _line(network, graph, _plan_nodes(plan, nodes, [0, *order, 1]))
    return plan


def _plan_nodes(plan: WalkPlan, nodes: npt.NDArray[np.int64], path: list[int]) -> list[int]:
    """Network nodes of start, every stop (rests included) and end, in walking order."""
    out = [int(nodes[path[0]])]
    for stop in plan.stops:
        out.append(int(stop["_node"]) if "_node" in stop else -1)
    out.append(int(nodes[path[-1]]))
    return out


def _add_rests(plan: WalkPlan, graph: WalkGraph, path: list[int], nodes: npt.NDArray[np.int64],
               dist: npt.NDArray[np.float64], rests: gpd.GeoDataFrame | None, rest_m: float,
               budget_m: float, dwell_m: float, network: WalkNetwork) -> None:
    """
    Put a rest point into each leg where the walk since the last rest would pass ``rest_m``.

    The rest that lengthens the leg least is chosen among those reachable in time; when
    none fits (no data, or the budget), the spell is listed in ``plan.rest_gaps``.
    """
    for k, stop in zip(path[1:-1], plan.stops, strict=True):
        stop["_node"] = int(nodes[k])
    if rests is not None and len(rests):
        rest_nodes, rest_gap = _nodes_of(network, rests.geometry.x.to_numpy(), rests.geometry.y.to_numpy())
        keep = rest_gap <= MAX_STOP_SNAP_M
        rest_nodes, rests = rest_nodes[keep], rests.iloc[np.flatnonzero(keep)]
    else:
        rest_nodes = np.zeros(0, np.int64)
    used_rest = np.zeros(len(rest_nodes), dtype=bool)
    stops_out: list[dict] = []
    legs_out: list[float] = []
    since_rest = walked = 0.0
    spare = budget_m - plan.walk_m - dwell_m * len(plan.stops)
    for i, (a, b) in enumerate(itertools.pairwise(path)):
        leg = float(dist[a, b])
        target = plan.stops[i] if i < len(plan.stops) else None  # the last leg leads to the end
        if since_rest + leg > rest_m / 2 and len(rest_nodes):
            from_a, from_b = graph.to_nodes(a, rest_nodes), graph.to_nodes(b, rest_nodes)
            extra = from_a + from_b - leg
            fits = (extra <= spare) & np.isfinite(extra) & ~used_rest  # each rest point once
            ok = fits & (since_rest + from_a <= rest_m) & (from_b <= rest_m)
            if since_rest + leg <= rest_m:
                # Not needed yet: rest only where a bench is on the way (a few steps aside)
                # and half the spacing has been walked, so the next spell starts fresh.
                ok &= (extra <= ON_THE_WAY_M) & (since_rest + from_a >= rest_m / 2)
            elif not ok.any():
                # The spell is already too long (no rest in reach earlier): still rest as
                # soon as one lies on the way, so the next spell starts fresh.
                ok = fits & (from_a < leg) & (from_b < leg)
            if ok.any():
                r = int(np.flatnonzero(ok)[np.argmin(extra[ok])])
                used_rest[r] = True
                row = rests.iloc[r]
                stops_out.append({"name": str(row["name"] or ""), "name_en": str(row.get("name_en", "") or ""),
                                  "kind": "rest", "id": str(row.get("osm_id", "")),
                                  "indoor": bool(row["indoor"]), "lon": round(float(row.geometry.x), 6),
                                  "lat": round(float(row.geometry.y), 6), "_node": int(rest_nodes[r])})
                if since_rest + float(from_a[r]) > rest_m + 1e-6:
                    plan.rest_gaps.append({"after_m": round(walked, 1),
                                           "spell_m": round(since_rest + float(from_a[r]), 1),
                                           "reason": "no rest point within reach / 附近没有可休息的地方"})
                legs_out.append(float(from_a[r]))
                walked += float(from_a[r])
                spare -= float(extra[r])
                leg, since_rest = float(from_b[r]), 0.0
        if since_rest + leg > rest_m + 1e-6:
            plan.rest_gaps.append({"after_m": round(walked, 1), "spell_m": round(since_rest + leg, 1),
                                   "reason": "no rest point within reach / 附近没有可休息的地方"})
        legs_out.append(leg)
        walked += leg
        since_rest += leg
        if target is not None:
            stops_out.append(target)
            if target.get("indoor"):
                since_rest = 0.0  # a museum or library has seats
    plan.stops, plan.legs_m = stops_out, legs_out


def _line(network: WalkNetwork, graph: WalkGraph, plan_nodes: list[int]) -> shapely.LineString:
    """The walk's line along the streets, leg by leg."""
    import shapely

    pieces = []
    for a, b in itertools.pairwise(plan_nodes):
        if a == b:
            continue
        dist, pred = csgraph.dijkstra(network.adjacency, directed=True, indices=a,
                                      return_predecessors=True, limit=graph.limit_m)
        if not np.isfinite(dist[b]):
            continue
        nodes = [b]
        while nodes[-1] != a:
            nodes.append(int(pred[nodes[-1]]))
        line = network.path_line(np.asarray(nodes[::-1]))
        if not line.is_empty:
            pieces.append(shapely.get_coordinates(line))
    if not pieces:
        return shapely.LineString()
    xy = np.concatenate(pieces)
    lon, lat = network.to_lonlat(xy[:, 0], xy[:, 1])
    return shapely.LineString(np.column_stack((lon, lat)))


def curated_walk(network: WalkNetwork, route: pd.DataFrame, *, speed_kmh: float) -> WalkPlan:
    """
    A curated route laid on the network: each leg's walking distance and the line.

    ``route`` holds the ordered stops with ``name``, ``lon``, ``lat`` and optional
    ``name_en``, ``text`` and ``id``.
    """
    if len(route) < 2:
        raise ParameterError("route", message_id="route.too_short")
    nodes, gaps = _nodes_of(network, route["lon"].to_numpy(float), route["lat"].to_numpy(float))
    far = np.flatnonzero(gaps > 2_000)
    if len(far):
        raise NoMatchError("route", message_id="route.stop_off_streets", stop=int(far[0]) + 1)
    dist = csgraph.dijkstra(network.adjacency, directed=True, indices=np.unique(nodes))
    row = {n: i for i, n in enumerate(np.unique(nodes))}
    legs = [float(dist[row[a], b]) for a, b in itertools.pairwise(nodes)]
    broken = [i for i, leg in enumerate(legs) if not math.isfinite(leg)]
    if broken:
        raise NoMatchError("route", message_id="route.no_walk", stop=broken[0] + 1, next_stop=broken[0] + 2)
    stops = [{"name": str(r.get("name", "")), "name_en": str(r.get("name_en", "") or ""),
              "text": str(r.get("text", "") or ""), "kind": "sight", "id": str(r.get("id", "") or ""),
              "lon": float(r["lon"]), "lat": float(r["lat"]), "indoor": False}
             for r in route.to_dict("records")]
    first, last = stops[0], stops[-1]
    # Every stop with the leg that leads to it (the first: 0 m).
    plan = WalkPlan((first["lon"], first["lat"]), (last["lon"], last["lat"]), speed_kmh,
                    sum(legs), stops, [0.0, *legs])
    graph = WalkGraph(network, nodes, math.inf)
    plan.line = _line(network, graph, [int(n) for n in nodes])
    return plan
