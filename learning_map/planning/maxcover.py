"""
Where to add k sites: maximal covering of the residents not yet within reach.

:func:`~learning_map.planning.greedy.greedy_cover` picks sites one at a time with lazy
evaluation (CELF); :func:`~learning_map.planning.exact.exact_cover` solves the
maximal-covering integer programme with HiGHS. :func:`recommend` ties them to a city:
existing sites are kept and only residents they leave uncovered count.

With a capacity (capacitated maximal covering, Current and Storbeck 1988) a new
site serves at most that many residents, who may be split between sites:
:func:`~learning_map.planning.greedy.greedy_capacitated` lets each pick serve its
nearest unserved residents up to its capacity, and
:func:`~learning_map.planning.exact.exact_capacitated` solves the assignment model with
HiGHS. Existing sites are not capacitated: their residents count as served.

The solvers live in :mod:`~learning_map.planning.greedy` and
:mod:`~learning_map.planning.exact`; their names are re-exported here, where callers
have always found them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from learning_map import settings
from learning_map.base.units import walk_limit_m
from learning_map.errors import ParameterError
from learning_map.planning.candidates import (
    Candidates,
    coverage_matrix,
    node_candidates,
    reach_slack,
)
from learning_map.planning.exact import (
    CAPACITATED_EXACT_MAX_PAIRS,
    ExactResult,
    exact_capacitated,
    exact_cover,
)
from learning_map.planning.greedy import GreedyResult, greedy_capacitated, greedy_cover

if TYPE_CHECKING:
    from scipy import sparse

    from learning_map.analysis.model import CoverageModel


__all__ = [
    "CAPACITATED_EXACT_MAX_PAIRS",
    "ExactResult",
    "GreedyResult",
    "Recommendation",
    "check_sites_to_add",
    "demand_weight",
    "exact_capacitated",
    "exact_cover",
    "greedy_capacitated",
    "greedy_cover",
    "recommend",
]


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


def check_sites_to_add(k: int, capacity: float | None = None) -> None:
    """
    Check the number of new sites and their capacity (the one check every door calls).

    Raises
    ------
    ParameterError
        When ``k`` is below 1 or ``capacity`` is given and not a positive number.
    """
    if k < 1:
        raise ParameterError("k", message_id="parameter.at_least", low=1)
    if capacity is not None and not capacity > 0:
        raise ParameterError("capacity", message_id="capacity.not_positive")


def recommend(
    model: CoverageModel,
    category: str,
    k: int,
    walk_m: float | None = None,
    *,
    minutes: float | None = None,
    speed_kmh: float = settings.PACE_KMH[settings.DEFAULT_PACE],
    candidates: Candidates | None = None,
    exact: bool = False,
    time_limit_s: float = 60.0,
    capacity: float | None = None,
) -> Recommendation:
    """
    Pick ``k`` new sites that add the most residents within the walk; existing sites stay.

    Parameters
    ----------
    model
        The city (sites and residents).
    category
        Category of the new sites; residents already within reach of one don't count.
    k
        Number of new sites.
    walk_m
        Walking threshold, metres; or give ``minutes`` instead.
    minutes, speed_kmh
        Walking threshold as minutes at a pace (km/h), converted as coverage does
        (:func:`~learning_map.base.units.walk_limit_m`).
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
    check_sites_to_add(k, capacity)
    walk_m = walk_limit_m(walk_m, minutes=minutes, speed_kmh=speed_kmh)
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
    result = Recommendation(category, float(walk_m), weight_name, total, before,
                            _picks_table(model, candidates, greedy, before, total),
                            len(candidates), greedy, seconds=seconds, capacity=capacity)
    if exact:
        result.exact = _solve_exactly(cover, w, k, capacity, greedy, served, time_limit_s)
        seconds["exact"] = result.exact.seconds
    return result


def _picks_table(model: CoverageModel, candidates: Candidates, greedy: GreedyResult,
                 before: float, total: float) -> pd.DataFrame:
    """One row per pick: rank, candidate, x/y, lon/lat, added, cumulative and its share of ``total``."""
    lon, lat = model.network.to_lonlat(candidates.x[greedy.picks], candidates.y[greedy.picks])
    cumulative = before + np.cumsum(greedy.gains)
    return pd.DataFrame({
        "rank": np.arange(1, len(greedy.picks) + 1),
        "candidate": candidates.label[greedy.picks].astype(str),
        "x": candidates.x[greedy.picks], "y": candidates.y[greedy.picks],
        "lon": lon, "lat": lat,
        "added": greedy.gains,
        "cumulative": cumulative,
        "cumulative_share": cumulative / total if total else np.zeros(len(cumulative)),
    })


def _solve_exactly(cover: sparse.csr_matrix, w: npt.NDArray[np.float64], k: int,
                   capacity: float | None, greedy: GreedyResult, served: sparse.csr_matrix | None,
                   time_limit_s: float) -> ExactResult:
    """The HiGHS optimum, started from greedy's answer; the capacitated model only while it stays small."""
    if served is None:
        return exact_cover(cover, w, k, time_limit_s=time_limit_s, start=greedy.picks)
    if cover.nnz > CAPACITATED_EXACT_MAX_PAIRS:
        raise ParameterError("exact", message_id="exact.too_large", pairs=cover.nnz,
                             limit=CAPACITATED_EXACT_MAX_PAIRS)
    return exact_capacitated(cover, w, k, float(capacity or 0.0), time_limit_s=time_limit_s,
                             start=(greedy.picks, served))
