"""
Where to add k sites: maximal covering of the residents not yet within reach.

:func:`greedy_cover` picks sites one at a time with lazy evaluation (CELF): a
candidate's gain only shrinks as sites are picked, so a stale gain is an upper
bound and only the top of the heap is ever re-evaluated. :func:`exact_cover`
solves the maximal-covering integer programme with HiGHS. :func:`recommend`
ties them to a city: existing sites are kept and only residents they leave
uncovered count.

With a capacity (capacitated maximal covering, Current and Storbeck 1988) a new
site serves at most that many residents, who may be split between sites:
:func:`greedy_capacitated` lets each pick serve its nearest unserved residents up
to its capacity, and :func:`exact_capacitated` solves the assignment model with
HiGHS. Existing sites are not capacitated: their residents count as served.
"""

from __future__ import annotations

import heapq
import os
import sys
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import sparse

from learning_map.errors import ParameterError
from learning_map.planning.candidates import (
    Candidates,
    coverage_matrix,
    node_candidates,
    reach_slack,
)

if TYPE_CHECKING:
    from learning_map.analysis.model import CoverageModel


# Above this many (candidate, demand point) pairs the capacitated ILP (one column per
# pair) outgrows HiGHS's time limit on Macau-sized cities: 4.3 million pairs took minutes.
CAPACITATED_EXACT_MAX_PAIRS = 300_000


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


def _merge_identical(cover: sparse.csr_matrix, weight: npt.NDArray[np.float64]) -> tuple[
    sparse.csr_matrix, npt.NDArray[np.float64], npt.NDArray[np.int64], npt.NDArray[np.int64]
]:
    """
    Merge demand points reached by the same candidates, drop duplicate candidates.

    Returns the reduced matrix, merged weights, the original index of each kept
    candidate, and each original candidate's row in the reduced matrix (-1 if none).
    """
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
    merged_weight = merged_weight[useful]
    merged.sort_indices()
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
    warm = None
    if start is not None and len(start):
        chosen = np.unique(row_of[np.asarray(start, dtype=np.int64)])
        chosen = chosen[chosen >= 0]
        x0 = np.zeros(n_x)
        x0[chosen] = 1.0
        y0 = np.zeros(n_y)
        y0[reduced[chosen].indices] = 1.0
        warm = np.concatenate((x0, y0))
    solver = _solve_binary_max(
        highspy, sparse.hstack([x_block, y_block]), np.concatenate((np.zeros(n_x), w)),
        np.concatenate(([float(k)], np.zeros(n_y))), n_x, time_limit_s=time_limit_s, warm=warm,
    )
    status = solver.getModelStatus()
    info = solver.getInfo()
    values = np.asarray(solver.getSolution().col_value)
    picks = keep[np.flatnonzero(values[:n_x] > 0.5)] if len(values) else np.zeros(0, np.int64)
    covered = np.zeros(cover.shape[1], dtype=bool)
    covered[cover[picks].indices] = True
    objective = float(np.asarray(weight, float)[covered].sum())
    optimal = status == highspy.HighsModelStatus.kOptimal
    dual_bound = float(info.mip_dual_bound)
    bound = objective if optimal else (max(objective, dual_bound) if np.isfinite(dual_bound)
                                       else float(w.sum()))
    return ExactResult(
        np.sort(picks).astype(np.int64), objective, bound, optimal,
        solver.modelStatusToString(status), time.perf_counter() - started, n_x, n_y,
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
    indptr, indices, data = slack.indptr, slack.indices, slack.data
    remaining = np.asarray(weight, float).copy()
    reach = np.asarray(slack.astype(bool).astype(float) @ remaining).ravel()
    gains = np.minimum(capacity, reach)
    heap = [(-g, -r, j) for j, (g, r) in enumerate(zip(gains, reach, strict=True)) if g > 0]
    heapq.heapify(heap)
    fresh_at = np.zeros(slack.shape[0], dtype=np.int64)
    picks: list[int] = []
    added: list[float] = []
    served_rows, served_cols, served_vals = [], [], []
    evaluations = slack.shape[0]
    while heap and len(picks) < k:
        neg_gain, _, j = heapq.heappop(heap)
        row = indices[indptr[j]:indptr[j + 1]]
        if fresh_at[j] == len(picks):
            if -neg_gain <= 0:
                break
            # Nearest first (largest slack); ties by demand index.
            order = row[np.lexsort((row, -data[indptr[j]:indptr[j + 1]]))]
            before = np.cumsum(remaining[order]) - remaining[order]
            take = np.clip(capacity - before, 0.0, remaining[order])
            remaining[order] -= take
            used = take > 0
            served_rows.append(np.full(int(used.sum()), len(picks)))
            served_cols.append(order[used])
            served_vals.append(take[used])
            picks.append(j)
            added.append(float(take.sum()))
            continue
        within = float(remaining[row].sum())
        gain = min(capacity, within)
        evaluations += 1
        fresh_at[j] = len(picks)
        if gain > 0:
            heapq.heappush(heap, (-gain, -within, j))
    served = sparse.csr_matrix(
        (np.concatenate(served_vals) if served_vals else np.zeros(0),
         (np.concatenate(served_rows) if served_rows else np.zeros(0, int),
          np.concatenate(served_cols) if served_cols else np.zeros(0, int))),
        shape=(len(picks), slack.shape[1]),
    )
    return GreedyResult(np.asarray(picks, dtype=np.int64), np.asarray(added, float), evaluations), served


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
        Picks and the weight each serves per demand point (from :func:`greedy_capacitated`),
        so the answer is never worse than greedy's.

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
    pair = np.arange(n_y)
    # Rows: 0 budget; 1..n_demand served once; then one capacity row per candidate.
    a = sparse.vstack([
        sparse.hstack([sparse.csr_matrix(np.ones((1, n_x))), sparse.csr_matrix((1, n_y))]),
        sparse.hstack([sparse.csr_matrix((n_demand, n_x)),
                       sparse.csr_matrix((np.ones(n_y), (point, pair)), shape=(n_demand, n_y))]),
        sparse.hstack([sparse.diags(np.full(n_x, -float(capacity))),
                       sparse.csr_matrix((weight[point], (cand, pair)), shape=(n_x, n_y))]),
    ])
    warm = None
    if start is not None and len(start[0]):
        picks0, served0 = start
        x0 = np.zeros(n_x)
        x0[picks0] = 1.0
        served = served0.tocoo()
        share = sparse.csr_matrix((served.data / weight[served.col], (picks0[served.row], served.col)),
                                  shape=(n_x, n_demand))
        warm = np.concatenate((x0, np.minimum(np.asarray(share[cand, point]).ravel(), 1.0)))
    solver = _solve_binary_max(
        highspy, a, np.concatenate((np.zeros(n_x), weight[point])),
        np.concatenate(([float(k)], np.ones(n_demand), np.zeros(n_x))), n_x,
        time_limit_s=time_limit_s, warm=warm,
    )
    status = solver.getModelStatus()
    info = solver.getInfo()
    values = np.asarray(solver.getSolution().col_value)
    picks = np.flatnonzero(values[:n_x] > 0.5) if len(values) else np.zeros(0, np.int64)
    objective = float(weight[point] @ values[n_x:]) if len(values) else 0.0
    optimal = status == highspy.HighsModelStatus.kOptimal
    dual_bound = float(info.mip_dual_bound)
    bound = objective if optimal else (max(objective, dual_bound) if np.isfinite(dual_bound)
                                       else float(weight.sum()))
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


@dataclass
class Recommendation:
    """
    Sites to add, in order, with what each adds.

    Attributes
    ----------
    category
        Category the new sites belong to.
    walk_m
        Walking threshold, metres.
    weight_name
        ``"population"`` or ``"elderly"`` (elderly residents for elderly education).
    total
        All residents (or elderly residents) of the city.
    covered_before
        Those already within ``walk_m`` of an existing site.
    picks
        One row per pick: rank, candidate label, x/y (network CRS), lon/lat, added,
        cumulative covered and its share of ``total``.
    candidate_count
        Candidates considered.
    exact
        The HiGHS optimum, when asked for.
    seconds
        Time per step.
    capacity
        Residents one new site can serve (None: no limit).
    """

    category: str
    walk_m: float
    weight_name: str
    total: float
    covered_before: float
    picks: pd.DataFrame
    candidate_count: int
    greedy: GreedyResult
    exact: ExactResult | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    capacity: float | None = None

    @property
    def gap(self) -> float | None:
        """Greedy's shortfall from the optimum (share of the optimum's added residents)."""
        if self.exact is None or self.exact.objective <= 0:
            return None
        gap = (self.exact.objective - self.greedy.total) / self.exact.objective
        return 0.0 if abs(gap) < 1e-9 else gap

    @property
    def gap_bound(self) -> float | None:
        """Greedy's largest possible shortfall from the optimum, from the solver's bound."""
        if self.exact is None or self.exact.bound <= 0:
            return None
        gap = (self.exact.bound - self.greedy.total) / self.exact.bound
        return max(0.0, gap) if abs(gap) >= 1e-9 else 0.0


def demand_weight(model: CoverageModel, category: str) -> tuple[str, npt.NDArray[np.float64]]:
    """Weight of each demand point: elderly residents for elderly education (when known), else residents."""
    demand = model.demand
    if demand is None or model.demand_points is None:
        raise ParameterError("population", message_id="population.missing")
    if category == "elderly_education" and demand.has_elderly:
        return "elderly", np.asarray(demand.elderly, float)
    return "population", np.asarray(demand.population, float)


def recommend(
    model: CoverageModel,
    category: str,
    k: int,
    walk_m: float,
    *,
    candidates: Candidates | None = None,
    exact: bool = False,
    time_limit_s: float = 60.0,
    capacity: float | None = None,
) -> Recommendation:
    """
    Pick ``k`` new sites that add the most residents within ``walk_m``; existing sites stay.

    Parameters
    ----------
    model
        The city (sites and residents).
    category
        Category of the new sites; residents already within reach of one don't count.
    k
        Number of new sites.
    walk_m
        Walking threshold, metres.
    candidates
        Where sites may go; default: every network node.
    exact
        Also solve the maximal-covering model with HiGHS and report greedy's gap.
    time_limit_s
        HiGHS time limit.
    capacity
        Residents (elderly residents for elderly education) one new site can serve;
        None for no limit (the plain maximal covering).

    Returns
    -------
    recommendation
    """
    if k < 1:
        raise ParameterError("k", message_id="parameter.at_least", low=1)
    if capacity is not None and not capacity > 0:
        raise ParameterError("capacity", message_id="capacity.not_positive")
    weight_name, weight = demand_weight(model, category)
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    model.ensure_limit(walk_m)
    covered = model.covered(category, walk_m)
    seconds["existing"] = time.perf_counter() - t0
    if candidates is None:
        candidates = node_candidates(model.network)
    open_demand = np.flatnonzero(~covered & (weight > 0) & model.demand_points.on_network)
    t0 = time.perf_counter()
    open_points = model.demand_points.subset(open_demand)
    if capacity is None:
        cover = coverage_matrix(model.network, open_points, candidates, walk_m)
    else:
        cover = reach_slack(model.network, open_points, candidates, walk_m)
    seconds["coverage_matrix"] = time.perf_counter() - t0
    w = weight[open_demand]
    t0 = time.perf_counter()
    served = None
    if capacity is None:
        greedy = greedy_cover(cover, w, k)
    else:
        greedy, served = greedy_capacitated(cover, w, k, float(capacity))
    seconds["greedy"] = time.perf_counter() - t0
    total = float(weight.sum())
    before = float(weight[covered].sum())
    lon, lat = model.network.to_lonlat(candidates.x[greedy.picks], candidates.y[greedy.picks])
    cumulative = before + np.cumsum(greedy.gains)
    picks = pd.DataFrame({
        "rank": np.arange(1, len(greedy.picks) + 1),
        "candidate": candidates.label[greedy.picks].astype(str),
        "x": candidates.x[greedy.picks], "y": candidates.y[greedy.picks],
        "lon": lon, "lat": lat,
        "added": greedy.gains,
        "cumulative": cumulative,
        "cumulative_share": cumulative / total if total else np.zeros(len(cumulative)),
    })
    result = Recommendation(category, float(walk_m), weight_name, total, before, picks,
                            len(candidates), greedy, seconds=seconds, capacity=capacity)
    if exact and served is not None:
        if cover.nnz > CAPACITATED_EXACT_MAX_PAIRS:
            raise ParameterError("exact", message_id="exact.too_large", pairs=cover.nnz,
                                 limit=CAPACITATED_EXACT_MAX_PAIRS)
        result.exact = exact_capacitated(cover, w, k, float(capacity or 0.0), time_limit_s=time_limit_s,
                                         start=(greedy.picks, served))
        seconds["exact"] = result.exact.seconds
    elif exact:
        result.exact = exact_cover(cover, w, k, time_limit_s=time_limit_s, start=greedy.picks)
        seconds["exact"] = result.exact.seconds
    return result
