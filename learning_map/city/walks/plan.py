"""A walk on the network: the plan (stops, legs, line), walking distances and the street line."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.sparse import csgraph

from learning_map.base.units import metres_to_minutes

if TYPE_CHECKING:
    import numpy.typing as npt
    import shapely

    from learning_map.walking.network import WalkNetwork

# A stop farther than this from the network is not walkable from it.
MAX_STOP_SNAP_M = 150.0


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


def nodes_of(network: WalkNetwork, lon: npt.ArrayLike, lat: npt.ArrayLike) -> tuple[npt.NDArray, npt.NDArray]:
    """Nearest network node of each point and the straight distance to it (metres)."""
    from scipy.spatial import cKDTree

    x, y = network.to_xy(np.atleast_1d(lon), np.atleast_1d(lat))
    tree = cKDTree(np.column_stack((network.node_x, network.node_y)))
    gap, node = tree.query(np.column_stack((x, y)))
    return node.astype(np.int64), gap


def plan_nodes(plan: WalkPlan, nodes: npt.NDArray[np.int64], path: list[int]) -> list[int]:
    """Network nodes of start, every stop (rests included) and end, in walking order."""
    out = [int(nodes[path[0]])]
    for stop in plan.stops:
        out.append(int(stop["_node"]) if "_node" in stop else -1)
    out.append(int(nodes[path[-1]]))
    return out


def street_line(network: WalkNetwork, graph: WalkGraph, plan_nodes: list[int]) -> shapely.LineString:
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
