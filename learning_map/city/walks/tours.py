"""
The most sights within a walking budget, over a distance matrix (an orienteering problem).

Rows and columns 0 and 1 of the matrix are the start and the end; the others are
candidate stops. :func:`best_walk_heuristic` is cheapest insertion improved by 2-opt
and restarted from the nearest sights; :func:`best_walk_exact` solves small cases
exactly (dynamic programming over subsets) to measure how close the heuristic gets.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import numpy as np

from learning_map.errors import ParameterError

# The exact solver fills a table of 2^n rows (n candidate stops): it takes at most this many.
MAX_EXACT_STOPS = 14

if TYPE_CHECKING:
    import numpy.typing as npt


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
