"""Rest points along a walk: a bench, toilets or a seat indoors at least every so many minutes."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from learning_map.city.walks.plan import MAX_STOP_SNAP_M, WalkGraph, WalkPlan, nodes_of
from learning_map.city.walks.stops import stop_names
from learning_map.errors import N_

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy.typing as npt

    from learning_map.walking.network import WalkNetwork

# A rest point this far off the way (extra metres) counts as on the way.
ON_THE_WAY_M = 60.0
# The "reason" of a rest gap in the walk's JSON: an English message id the catalogues translate.
NO_REST = N_("no rest point within reach")


@dataclass
class _RestPoints:
    """The rest points near the network: their rows, network nodes and which are taken."""

    rows: gpd.GeoDataFrame | None
    nodes: npt.NDArray[np.int64]
    used: npt.NDArray[np.bool_]


@dataclass
class _Walked:
    """The walk as laid so far: stops and legs out, the spell since the last rest, spare budget."""

    spare: float
    stops: list[dict] = field(default_factory=list)
    legs: list[float] = field(default_factory=list)
    since_rest: float = 0.0
    walked: float = 0.0


def _rest_points(network: WalkNetwork, rests: gpd.GeoDataFrame | None) -> _RestPoints:
    """Rest points within :data:`MAX_STOP_SNAP_M` of the network, none taken yet."""
    if rests is not None and len(rests):
        rest_nodes, rest_gap = nodes_of(network, rests.geometry.x.to_numpy(), rests.geometry.y.to_numpy())
        keep = rest_gap <= MAX_STOP_SNAP_M
        rest_nodes, rests = rest_nodes[keep], rests.iloc[np.flatnonzero(keep)]
    else:
        rest_nodes = np.zeros(0, np.int64)
    return _RestPoints(rests, rest_nodes, np.zeros(len(rest_nodes), dtype=bool))


def _gap(after_m: float, spell_m: float) -> dict:
    """A spell longer than the rest spacing, as ``plan.rest_gaps`` lists it."""
    return {"after_m": round(after_m, 1), "spell_m": round(spell_m, 1), "reason": NO_REST}


def _rest_choices(walk: _Walked, leg: float, from_a: npt.NDArray[np.float64],
                  from_b: npt.NDArray[np.float64], extra: npt.NDArray[np.float64],
                  used: npt.NDArray[np.bool_], rest_m: float) -> npt.NDArray[np.bool_]:
    """Which rest points this leg may pass by (a detour that fits, each rest point once)."""
    fits = (extra <= walk.spare) & np.isfinite(extra) & ~used  # each rest point once
    ok = fits & (walk.since_rest + from_a <= rest_m) & (from_b <= rest_m)
    if walk.since_rest + leg <= rest_m:
        # Not needed yet: rest only where a bench is on the way (a few steps aside)
        # and half the spacing has been walked, so the next spell starts fresh.
        ok &= (extra <= ON_THE_WAY_M) & (walk.since_rest + from_a >= rest_m / 2)
    elif not ok.any():
        # The spell is already too long (no rest in reach earlier): still rest as
        # soon as one lies on the way, so the next spell starts fresh.
        ok = fits & (from_a < leg) & (from_b < leg)
    return ok


def _rest_stop(points: _RestPoints, r: int) -> dict:
    """Rest point ``r`` as a stop of the walk."""
    row = points.rows.iloc[r]
    return {"name": str(row["name"] or ""), "name_en": str(row.get("name_en", "") or ""),
            "names": stop_names(row), "kind": "rest", "id": str(row.get("osm_id", "")),
            "indoor": bool(row["indoor"]), "lon": round(float(row.geometry.x), 6),
            "lat": round(float(row.geometry.y), 6), "_node": int(points.nodes[r])}


def _rest_on_leg(plan: WalkPlan, graph: WalkGraph, points: _RestPoints, walk: _Walked,
                 ends: tuple[int, int], leg: float, rest_m: float) -> float:
    """Rest on the leg ``ends`` at the rest point that lengthens it least; the leg left after."""
    from_a, from_b = graph.to_nodes(ends[0], points.nodes), graph.to_nodes(ends[1], points.nodes)
    extra = from_a + from_b - leg
    ok = _rest_choices(walk, leg, from_a, from_b, extra, points.used, rest_m)
    if not ok.any():
        return leg
    r = int(np.flatnonzero(ok)[np.argmin(extra[ok])])
    points.used[r] = True
    walk.stops.append(_rest_stop(points, r))
    if walk.since_rest + float(from_a[r]) > rest_m + 1e-6:
        plan.rest_gaps.append(_gap(walk.walked, walk.since_rest + float(from_a[r])))
    walk.legs.append(float(from_a[r]))
    walk.walked += float(from_a[r])
    walk.spare -= float(extra[r])
    walk.since_rest = 0.0
    return float(from_b[r])


def _walk_leg(plan: WalkPlan, walk: _Walked, leg: float, target: dict | None, rest_m: float) -> None:
    """Walk one leg to ``target`` (None: the end), noting a spell too long without a rest."""
    if walk.since_rest + leg > rest_m + 1e-6:
        plan.rest_gaps.append(_gap(walk.walked, walk.since_rest + leg))
    walk.legs.append(leg)
    walk.walked += leg
    walk.since_rest += leg
    if target is not None:
        walk.stops.append(target)
        if target.get("indoor"):
            walk.since_rest = 0.0  # a museum or library has seats


def add_rests(plan: WalkPlan, graph: WalkGraph, path: list[int], nodes: npt.NDArray[np.int64],
              dist: npt.NDArray[np.float64], rests: gpd.GeoDataFrame | None, rest_m: float,
              budget_m: float, dwell_m: float, network: WalkNetwork) -> None:
    """
    Put a rest point into each leg where the walk since the last rest would pass ``rest_m``.

    The rest that lengthens the leg least is chosen among those reachable in time; when
    none fits (no data, or the budget), the spell is listed in ``plan.rest_gaps``.
    """
    for k, stop in zip(path[1:-1], plan.stops, strict=True):
        stop["_node"] = int(nodes[k])
    points = _rest_points(network, rests)
    walk = _Walked(spare=budget_m - plan.walk_m - dwell_m * len(plan.stops))
    for i, (a, b) in enumerate(itertools.pairwise(path)):
        leg = float(dist[a, b])
        target = plan.stops[i] if i < len(plan.stops) else None  # the last leg leads to the end
        if walk.since_rest + leg > rest_m / 2 and len(points.nodes):
            leg = _rest_on_leg(plan, graph, points, walk, (a, b), leg, rest_m)
        _walk_leg(plan, walk, leg, target, rest_m)
    plan.stops, plan.legs_m = walk.stops, walk.legs
