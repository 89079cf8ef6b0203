"""
Greedy maximal covering, plain and capacitated, with lazy evaluation (CELF).

A candidate's gain only shrinks as sites are picked, so a stale gain is an upper
bound and only the top of the heap is ever re-evaluated.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

__all__ = ["GreedyResult", "greedy_capacitated", "greedy_cover"]


@dataclass(frozen=True)
class GreedyResult:
    """Picks in order (candidate indices) and the weight each one adds."""

    picks: npt.NDArray[np.int64]
    gains: npt.NDArray[np.float64]
    evaluations: int

    @property
    def total(self) -> float:
        """Weight covered by all picks together."""
        return float(self.gains.sum())


def greedy_cover(cover: sparse.csr_matrix, weight: npt.NDArray[np.float64], k: int) -> GreedyResult:
    """
    Greedy maximal covering with lazy evaluation (CELF).

    Parameters
    ----------
    cover
        ``(candidates, demand)`` boolean CSR matrix.
    weight
        Weight of each demand point (0 for those already covered).
    k
        Number of sites to pick; fewer are returned when no candidate adds anything.

    Returns
    -------
    result
        Ties go to the lowest candidate index.
    """
    indptr, indices = cover.indptr, cover.indices
    gains = np.asarray(cover @ weight, dtype=float).ravel()
    heap = [(-g, j) for j, g in enumerate(gains) if g > 0]
    heapq.heapify(heap)
    covered = np.zeros(cover.shape[1], dtype=bool)
    fresh_at = np.zeros(cover.shape[0], dtype=np.int64)  # round each gain was computed in
    picks: list[int] = []
    added: list[float] = []
    evaluations = cover.shape[0]
    while heap and len(picks) < k:
        neg_gain, j = heapq.heappop(heap)
        if fresh_at[j] == len(picks):
            if -neg_gain <= 0:
                break
            picks.append(j)
            added.append(-neg_gain)
            covered[indices[indptr[j]:indptr[j + 1]]] = True
            continue
        row = indices[indptr[j]:indptr[j + 1]]
        gain = float(weight[row[~covered[row]]].sum())
        evaluations += 1
        fresh_at[j] = len(picks)
        if gain > 0:
            heapq.heappush(heap, (-gain, j))
    return GreedyResult(np.asarray(picks, dtype=np.int64), np.asarray(added, float), evaluations)


def _serve_nearest(
    slack: sparse.csr_matrix, j: int, remaining: npt.NDArray[np.float64], capacity: float
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], float]:
    """
    Let candidate ``j`` serve its nearest unserved residents up to ``capacity``.

    Takes what it serves off ``remaining`` (in place) and returns the demand points
    served, the weight taken at each and the total taken.
    """
    start, end = slack.indptr[j], slack.indptr[j + 1]
    row = slack.indices[start:end]
    # Nearest first (largest slack); ties by demand index.
    order = row[np.lexsort((row, -slack.data[start:end]))]
    before = np.cumsum(remaining[order]) - remaining[order]
    take = np.clip(capacity - before, 0.0, remaining[order])
    remaining[order] -= take
    used = take > 0
    return order[used], take[used], float(take.sum())


def _served_matrix(points: list[npt.NDArray[np.int64]], takes: list[npt.NDArray[np.float64]],
                   n_demand: int) -> sparse.csr_matrix:
    """The weight each pick serves at each demand point, ``(len(points), n_demand)`` CSR."""
    rows = [np.full(len(p), i) for i, p in enumerate(points)]
    return sparse.csr_matrix(
        (np.concatenate(takes) if takes else np.zeros(0),
         (np.concatenate(rows) if rows else np.zeros(0, int),
          np.concatenate(points) if points else np.zeros(0, int))),
        shape=(len(points), n_demand),
    )


def greedy_capacitated(
    slack: sparse.csr_matrix, weight: npt.NDArray[np.float64], k: int, capacity: float
) -> tuple[GreedyResult, sparse.csr_matrix]:
    """
    Greedy capacitated covering with lazy evaluation: each pick serves up to ``capacity``.

    A pick's gain is ``min(capacity, unserved weight within reach)``; once picked it
    serves its nearest unserved residents first until full. Where capacity binds,
    many candidates tie; the one with the most unserved weight within reach wins
    (then the lowest index), so picks go where the most people are still waiting.
    Unserved weight only falls, so a stale (gain, reach) pair is an upper bound and
    CELF applies as in :func:`greedy_cover`.

    Parameters
    ----------
    slack
        ``(candidates, demand)`` CSR matrix from :func:`~learning_map.planning.candidates.reach_slack`
        (larger = nearer).
    weight
        Weight of each demand point.
    k
        Number of sites.
    capacity
        Residents one site can serve.

    Returns
    -------
    result, served
        The picks and gains; and the weight each pick serves at each demand point,
        ``(len(picks), demand)`` CSR.
    """
    slack = slack.tocsr()
    indptr, indices = slack.indptr, slack.indices
    remaining = np.asarray(weight, float).copy()
    reach = np.asarray(slack.astype(bool).astype(float) @ remaining).ravel()
    gains = np.minimum(capacity, reach)
    heap = [(-g, -r, j) for j, (g, r) in enumerate(zip(gains, reach, strict=True)) if g > 0]
    heapq.heapify(heap)
    fresh_at = np.zeros(slack.shape[0], dtype=np.int64)
    picks: list[int] = []
    added: list[float] = []
    served_points: list[npt.NDArray[np.int64]] = []
    served_takes: list[npt.NDArray[np.float64]] = []
    evaluations = slack.shape[0]
    while heap and len(picks) < k:
        neg_gain, _, j = heapq.heappop(heap)
        if fresh_at[j] == len(picks):
            if -neg_gain <= 0:
                break
            points, take, total = _serve_nearest(slack, j, remaining, capacity)
            served_points.append(points)
            served_takes.append(take)
            picks.append(j)
            added.append(total)
            continue
        within = float(remaining[indices[indptr[j]:indptr[j + 1]]].sum())
        gain = min(capacity, within)
        evaluations += 1
        fresh_at[j] = len(picks)
        if gain > 0:
            heapq.heappush(heap, (-gain, -within, j))
    served = _served_matrix(served_points, served_takes, slack.shape[1])
    return GreedyResult(np.asarray(picks, dtype=np.int64), np.asarray(added, float), evaluations), served
