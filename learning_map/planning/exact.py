"""
Exact maximal covering, plain and capacitated, solved with HiGHS.

The plain model merges demand points reached by the same candidates and drops
duplicate candidates first; the capacitated one (Current and Storbeck 1988) has one
column per (candidate, demand point) pair. Both start from a known answer (greedy's)
when given one, so the answer is never worse than it even when time runs out.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

__all__ = ["CAPACITATED_EXACT_MAX_PAIRS", "ExactResult", "exact_capacitated", "exact_cover"]

# Above this many (candidate, demand point) pairs the capacitated ILP (one column per
# pair) outgrows HiGHS's time limit on Macau-sized cities: 4.3 million pairs took minutes.
CAPACITATED_EXACT_MAX_PAIRS = 300_000


@dataclass(frozen=True)
class ExactResult:
    """
    The maximal-covering optimum from HiGHS (or its best answer within the time limit).

    Attributes
    ----------
    picks
        Candidate indices chosen.
    objective
        Weight covered by ``picks``.
    bound
        Upper bound on the optimum (equals ``objective`` when proven optimal).
    optimal
        True when HiGHS proved optimality.
    status
        HiGHS model status text.
    seconds
        Solve time.
    columns, rows
        Size of the reduced model (identical candidates and demand merged).
    """

    picks: npt.NDArray[np.int64]
    objective: float
    bound: float
    optimal: bool
    status: str
    seconds: float
    columns: int
    rows: int


def _merge_demand(cover: sparse.csr_matrix, weight: npt.NDArray[np.float64]) -> tuple[
    sparse.csr_matrix, npt.NDArray[np.float64]
]:
    """Merge demand points reached by the same candidates (weights summed); drop weightless ones."""
    by_demand = cover.T.tocsr()
    by_demand.sort_indices()
    keys: dict[bytes, int] = {}
    group = np.empty(by_demand.shape[0], dtype=np.int64)
    for i in range(by_demand.shape[0]):
        key = by_demand.indices[by_demand.indptr[i]:by_demand.indptr[i + 1]].tobytes()
        group[i] = keys.setdefault(key, len(keys))
    merged_weight = np.bincount(group, weights=weight, minlength=len(keys))
    reach = sparse.csr_matrix(
        (np.ones(len(group)), (np.arange(len(group)), group)), shape=(len(group), len(keys))
    )
    merged = (cover.astype(float) @ reach).tocsr()
    merged.data[:] = 1.0
    useful = merged_weight > 0
    merged = merged[:, np.flatnonzero(useful)].tocsr()
    merged.sort_indices()
    return merged, merged_weight[useful]


def _merge_identical(cover: sparse.csr_matrix, weight: npt.NDArray[np.float64]) -> tuple[
    sparse.csr_matrix, npt.NDArray[np.float64], npt.NDArray[np.int64], npt.NDArray[np.int64]
]:
    """
    Merge demand points reached by the same candidates, drop duplicate candidates.

    Returns the reduced matrix, merged weights, the original index of each kept
    candidate, and each original candidate's row in the reduced matrix (-1 if none).
    """
    merged, merged_weight = _merge_demand(cover, weight)
    seen: dict[bytes, int] = {}
    keep = []
    row_of = np.full(merged.shape[0], -1, dtype=np.int64)
    for j in range(merged.shape[0]):
        if merged.indptr[j + 1] == merged.indptr[j]:
            continue
        key = merged.indices[merged.indptr[j]:merged.indptr[j + 1]].tobytes()
        if key not in seen:
            seen[key] = len(keep)
            keep.append(j)
        row_of[j] = seen[key]
    keep_idx = np.asarray(keep, dtype=np.int64)
    return merged[keep_idx].tocsr(), merged_weight, keep_idx, row_of


def _cover_start(reduced: sparse.csr_matrix, row_of: npt.NDArray[np.int64],
                 start: npt.NDArray[np.int64] | None) -> npt.NDArray[np.float64] | None:
    """The known answer ``start`` as values of the reduced model's columns (x then y), or None."""
    if start is None or not len(start):
        return None
    n_x, n_y = reduced.shape
    chosen = np.unique(row_of[np.asarray(start, dtype=np.int64)])
    chosen = chosen[chosen >= 0]
    x0 = np.zeros(n_x)
    x0[chosen] = 1.0
    y0 = np.zeros(n_y)
    y0[reduced[chosen].indices] = 1.0
    return np.concatenate((x0, y0))


def exact_cover(
    cover: sparse.csr_matrix,
    weight: npt.NDArray[np.float64],
    k: int,
    *,
    time_limit_s: float = 60.0,
    start: npt.NDArray[np.int64] | None = None,
) -> ExactResult:
    """
    Solve the maximal-covering problem exactly with HiGHS.

    Maximise ``sum w_i y_i`` subject to ``sum x_j <= k`` and ``y_i <= sum_{j covers i} x_j``,
    ``x`` binary, ``0 <= y <= 1``. Demand points reached by the same candidates are
    merged and duplicate candidates dropped first.

    Parameters
    ----------
    cover
        ``(candidates, demand)`` boolean CSR matrix.
    weight
        Weight of each demand point.
    k
        Number of sites.
    time_limit_s
        HiGHS time limit; past it the best answer found and the bound are returned.
    start
        Candidate indices of a known answer (e.g. greedy's) to start from, so the
        answer is never worse than it even when time runs out.

    Returns
    -------
    result
    """
    import highspy

    started = time.perf_counter()
    reduced, w, keep, row_of = _merge_identical(cover, np.asarray(weight, float))
    n_x, n_y = reduced.shape
    if n_x == 0 or n_y == 0:
        return ExactResult(np.zeros(0, np.int64), 0.0, 0.0, True, "empty", 0.0, n_x, n_y)
    # Columns x_j then y_i; row 0 is the budget, row 1 + i links y_i to its candidates.
    x_block = sparse.vstack([sparse.csr_matrix(np.ones((1, n_x))), -reduced.T.tocsr()])
    y_block = sparse.vstack([sparse.csr_matrix((1, n_y)), sparse.identity(n_y, format="csr")])
    solver = _solve_binary_max(
        highspy, sparse.hstack([x_block, y_block]), np.concatenate((np.zeros(n_x), w)),
        np.concatenate(([float(k)], np.zeros(n_y))), n_x, time_limit_s=time_limit_s,
        warm=_cover_start(reduced, row_of, start),
    )
    values = np.asarray(solver.getSolution().col_value)
    picks = keep[np.flatnonzero(values[:n_x] > 0.5)] if len(values) else np.zeros(0, np.int64)
    covered = np.zeros(cover.shape[1], dtype=bool)
    covered[cover[picks].indices] = True
    objective = float(np.asarray(weight, float)[covered].sum())
    return _result(highspy, solver, picks, objective, float(w.sum()), started, n_x, n_y)


def _capacitated_model(cand: npt.NDArray[np.int64], point: npt.NDArray[np.int64],
                       weight: npt.NDArray[np.float64], n_x: int, n_demand: int,
                       capacity: float) -> sparse.spmatrix:
    """The capacitated model's constraint matrix: columns x_j then one y per pair."""
    n_y = len(cand)
    pair = np.arange(n_y)
    # Rows: 0 budget; 1..n_demand served once; then one capacity row per candidate.
    return sparse.vstack([
        sparse.hstack([sparse.csr_matrix(np.ones((1, n_x))), sparse.csr_matrix((1, n_y))]),
        sparse.hstack([sparse.csr_matrix((n_demand, n_x)),
                       sparse.csr_matrix((np.ones(n_y), (point, pair)), shape=(n_demand, n_y))]),
        sparse.hstack([sparse.diags(np.full(n_x, -float(capacity))),
                       sparse.csr_matrix((weight[point], (cand, pair)), shape=(n_x, n_y))]),
    ])


def _capacitated_start(
    start: tuple[npt.NDArray[np.int64], sparse.csr_matrix] | None, cand: npt.NDArray[np.int64],
    point: npt.NDArray[np.int64], weight: npt.NDArray[np.float64], n_x: int, n_demand: int,
) -> npt.NDArray[np.float64] | None:
    """Greedy's picks and service as values of the capacitated model's columns, or None."""
    if start is None or not len(start[0]):
        return None
    picks0, served0 = start
    x0 = np.zeros(n_x)
    x0[picks0] = 1.0
    served = served0.tocoo()
    share = sparse.csr_matrix((served.data / weight[served.col], (picks0[served.row], served.col)),
                              shape=(n_x, n_demand))
    return np.concatenate((x0, np.minimum(np.asarray(share[cand, point]).ravel(), 1.0)))


def exact_capacitated(
    cover: sparse.csr_matrix,
    weight: npt.NDArray[np.float64],
    k: int,
    capacity: float,
    *,
    time_limit_s: float = 60.0,
    start: tuple[npt.NDArray[np.int64], sparse.csr_matrix] | None = None,
) -> ExactResult:
    """
    Solve the capacitated maximal-covering problem with HiGHS.

    Maximise ``sum_ij w_i y_ij`` over the pairs ``(i, j)`` where ``j`` covers ``i``,
    subject to ``sum_j x_j <= k``, ``sum_j y_ij <= 1`` (a resident is served once) and
    ``sum_i w_i y_ij <= capacity x_j`` (a site serves at most its capacity, and only if
    open); ``x`` binary, ``0 <= y <= 1`` (residents of a point may be split between sites).

    Parameters
    ----------
    cover
        ``(candidates, demand)`` boolean (or slack) CSR matrix.
    weight
        Weight of each demand point.
    k
        Number of sites.
    capacity
        Residents one site can serve.
    time_limit_s
        HiGHS time limit.
    start
        Picks and the weight each serves per demand point (from
        :func:`~learning_map.planning.greedy.greedy_capacitated`), so the answer is never
        worse than greedy's.

    Returns
    -------
    result
        ``columns`` and ``rows`` give the model size.
    """
    import highspy

    started = time.perf_counter()
    weight = np.asarray(weight, float)
    pairs = cover.tocoo()
    keep = weight[pairs.col] > 0
    cand, point = pairs.row[keep].astype(np.int64), pairs.col[keep].astype(np.int64)
    n_x, n_y, n_demand = cover.shape[0], len(cand), cover.shape[1]
    if n_x == 0 or n_y == 0:
        return ExactResult(np.zeros(0, np.int64), 0.0, 0.0, True, "empty", 0.0, n_x, n_y)
    solver = _solve_binary_max(
        highspy, _capacitated_model(cand, point, weight, n_x, n_demand, capacity),
        np.concatenate((np.zeros(n_x), weight[point])),
        np.concatenate(([float(k)], np.ones(n_demand), np.zeros(n_x))), n_x,
        time_limit_s=time_limit_s,
        warm=_capacitated_start(start, cand, point, weight, n_x, n_demand),
    )
    values = np.asarray(solver.getSolution().col_value)
    picks = np.flatnonzero(values[:n_x] > 0.5) if len(values) else np.zeros(0, np.int64)
    objective = float(weight[point] @ values[n_x:]) if len(values) else 0.0
    return _result(highspy, solver, picks, objective, float(weight.sum()), started, n_x, n_y)


def _result(highspy: Any, solver: Any, picks: npt.NDArray[np.int64], objective: float,
            no_bound: float, started: float, n_x: int, n_y: int) -> ExactResult:
    """
    The solver's answer as an :class:`ExactResult`.

    The bound is the objective when proven optimal, else HiGHS's dual bound, else
    ``no_bound`` (all the weight) when HiGHS found none.
    """
    status = solver.getModelStatus()
    info = solver.getInfo()
    optimal = status == highspy.HighsModelStatus.kOptimal
    dual_bound = float(info.mip_dual_bound)
    bound = objective if optimal else (max(objective, dual_bound) if np.isfinite(dual_bound)
                                       else no_bound)
    return ExactResult(
        np.sort(picks).astype(np.int64), objective, bound, optimal,
        solver.modelStatusToString(status), time.perf_counter() - started, n_x, n_y,
    )


def _solve_binary_max(
    highspy: Any,
    a: sparse.csc_matrix,
    cost: npt.NDArray[np.float64],
    row_upper: npt.NDArray[np.float64],
    n_binary: int,
    *,
    time_limit_s: float,
    warm: npt.NDArray[np.float64] | None = None,
) -> Any:
    """
    Maximise ``cost @ v`` subject to ``a @ v <= row_upper``, ``0 <= v <= 1``, the first ``n_binary`` integer.

    Returns the HiGHS solver after its run (model status, info and solution on it).
    """
    n_col, n_row = len(cost), len(row_upper)
    a = a.tocsc()
    a.sort_indices()
    lp = highspy.HighsLp()
    lp.num_col_ = n_col
    lp.num_row_ = n_row
    lp.col_cost_ = cost
    lp.col_lower_ = np.zeros(n_col)
    lp.col_upper_ = np.ones(n_col)
    lp.row_lower_ = np.full(n_row, -highspy.kHighsInf)
    lp.row_upper_ = row_upper
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a.indptr
    lp.a_matrix_.index_ = a.indices
    lp.a_matrix_.value_ = a.data
    lp.integrality_ = ([highspy.HighsVarType.kInteger] * n_binary
                       + [highspy.HighsVarType.kContinuous] * (n_col - n_binary))
    solver = _quiet_solver(highspy)
    solver.setOptionValue("time_limit", float(time_limit_s))
    solver.setOptionValue("mip_rel_gap", 0.0)
    solver.passModel(lp)
    if warm is not None:
        solution = highspy.HighsSolution()
        solution.col_value = list(warm)
        solution.value_valid = True
        solver.setSolution(solution)
    solver.run()
    return solver


def _quiet_solver(highspy: Any) -> Any:
    """A HiGHS solver with logging off; its C++ banner goes to /dev/null, not our stdout."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            solver = highspy.Highs()
            solver.setOptionValue("output_flag", False)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    return solver
