"""Walks laid on the network: a suggested walk from a start point, or a curated route."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy.sparse import csgraph

from learning_map.base.units import check_minutes, minutes_to_metres
from learning_map.city.walks.plan import (
    MAX_STOP_SNAP_M,
    WalkGraph,
    WalkPlan,
    nodes_of,
    plan_nodes,
    street_line,
)
from learning_map.city.walks.rests import add_rests
from learning_map.city.walks.stops import stop_names
from learning_map.city.walks.tours import best_walk_heuristic
from learning_map.errors import NoMatchError, ParameterError

# The longest walk the planner takes: four hours (a whole afternoon).
MAX_WALK_MIN = 240.0

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy.typing as npt
    import pandas as pd

    from learning_map.walking.network import WalkNetwork


@dataclass
class _Layout:
    """What turns a visiting order into a plan with its rests (one suggested walk)."""

    network: WalkNetwork
    graph: WalkGraph
    nodes: npt.NDArray[np.int64]  # start, end, then the candidate stops
    dist: npt.NDArray[np.float64]
    records: pd.DataFrame  # the candidate stops, in the order of nodes[2:]
    start: tuple[float, float]
    end: tuple[float, float]
    speed_kmh: float
    budget_m: float
    dwell_m: float
    rest_m: float
    rests: gpd.GeoDataFrame | None

    def stop_record(self, k: int) -> dict:
        """Candidate ``k`` (a matrix index) as a stop of the walk."""
        row = self.records.iloc[k - 2]
        return {"name": str(row["name"]), "name_en": str(row.get("name_en", "") or ""),
                "names": stop_names(row), "kind": "sight", "id": str(row.get("osm_id", "")), "indoor": bool(row.get("indoor", False)),
                "lon": round(float(row.geometry.x), 6), "lat": round(float(row.geometry.y), 6)}

    def plan(self, visit: list[int]) -> WalkPlan:
        """The walk visiting ``visit`` in order, with rests put in."""
        path = [0, *visit, 1]
        legs = [float(self.dist[a, b]) for a, b in itertools.pairwise(path)]
        plan = WalkPlan(self.start, self.end, self.speed_kmh, self.budget_m,
                        [self.stop_record(k) for k in visit], legs)
        add_rests(plan, self.graph, path, self.nodes, self.dist, self.rests, self.rest_m,
                  self.budget_m, self.dwell_m, self.network)
        return plan

    def gap_m(self, plan: WalkPlan) -> float:
        """How far the plan's spells without a rest run past the rest spacing, in all."""
        return sum(gap["spell_m"] - self.rest_m for gap in plan.rest_gaps)


def _end_nodes(network: WalkNetwork, start: tuple[float, float], end: tuple[float, float]
               ) -> npt.NDArray[np.int64]:
    """The network nodes of the start and the end (each within 2 km of a street)."""
    ends, gaps = nodes_of(network, [start[0], end[0]], [start[1], end[1]])
    if (gaps > 2_000).any():
        raise NoMatchError("start", message_id="start.off_streets")
    return ends


def _candidate_stops(network: WalkNetwork, stops: gpd.GeoDataFrame, start_node: int,
                     budget_m: float) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The rows of ``stops`` a walk may visit, and their network nodes."""
    lon, lat = stops.geometry.x.to_numpy(), stops.geometry.y.to_numpy()
    stop_nodes, stop_gap = nodes_of(network, lon, lat) if len(stops) else (np.zeros(0, np.int64), np.zeros(0))
    # Only sights reachable within half the budget from the start can be on a loop.
    reach = csgraph.dijkstra(network.adjacency, directed=True, indices=start_node, limit=budget_m)
    usable = np.flatnonzero((stop_gap <= MAX_STOP_SNAP_M) & (reach[stop_nodes] <= budget_m))
    # One candidate per network node (two sights at one door are one stop's worth of walking).
    _, first = np.unique(stop_nodes[usable], return_index=True)
    usable = usable[np.sort(first)]
    return usable, stop_nodes[usable]


def _trade_sights_for_rests(layout: _Layout, order: list[int]) -> tuple[list[int], WalkPlan]:
    """
    The order and plan once rests come before sights.

    While a spell is too long, give up the sight whose removal saves the most walking (its
    budget may pay for a detour to a bench), as long as that shortens the spells without a rest.
    """
    dist = layout.dist
    plan = layout.plan(order)
    while plan.rest_gaps and len(order) > 1:
        path = [0, *order, 1]
        saving = [dist[path[i - 1], path[i]] + dist[path[i], path[i + 1]] - dist[path[i - 1], path[i + 1]]
                  for i in range(1, len(path) - 1)]
        trial_order = order[:int(np.argmax(saving))] + order[int(np.argmax(saving)) + 1:]
        trial = layout.plan(trial_order)
        rests_in = [sum(s["kind"] == "rest" for s in p.stops) for p in (plan, trial)]
        if rests_in[1] <= rests_in[0] or layout.gap_m(trial) >= layout.gap_m(plan) - 1e-6:
            break  # only trade a sight for a rest that shortens the spells
        order, plan = trial_order, trial
    return order, plan


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
    ends = _end_nodes(network, start, end)
    usable, usable_nodes = _candidate_stops(network, stops, ends[0], budget_m)
    nodes = np.concatenate((ends, usable_nodes))
    graph = WalkGraph(network, nodes, budget_m)
    dist = graph.matrix()
    order = best_walk_heuristic(dist, budget_m, dwell_m=dwell_m)
    layout = _Layout(network, graph, nodes, dist, stops.iloc[usable].reset_index(drop=True),
                     start, end, speed_kmh, budget_m, dwell_m, rest_m, rests)
    order, plan = _trade_sights_for_rests(layout, order)
    plan.line = street_line(network, graph, plan_nodes(plan, nodes, [0, *order, 1]))
    return plan


def curated_walk(network: WalkNetwork, route: pd.DataFrame, *, speed_kmh: float) -> WalkPlan:
    """
    A curated route laid on the network: each leg's walking distance and the line.

    ``route`` holds the ordered stops with ``name``, ``lon``, ``lat`` and optional
    ``name_en``, ``text`` and ``id``.
    """
    if len(route) < 2:
        raise ParameterError("route", message_id="route.too_short")
    nodes, gaps = nodes_of(network, route["lon"].to_numpy(float), route["lat"].to_numpy(float))
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
              "names": stop_names(r), "text": str(r.get("text", "") or ""), "kind": "sight", "id": str(r.get("id", "") or ""),
              "lon": float(r["lon"]), "lat": float(r["lat"]), "indoor": False}
             for r in route.to_dict("records")]
    first, last = stops[0], stops[-1]
    # Every stop with the leg that leads to it (the first: 0 m).
    plan = WalkPlan((first["lon"], first["lat"]), (last["lon"], last["lat"]), speed_kmh,
                    sum(legs), stops, [0.0, *legs])
    graph = WalkGraph(network, nodes, math.inf)
    plan.line = street_line(network, graph, [int(n) for n in nodes])
    return plan
