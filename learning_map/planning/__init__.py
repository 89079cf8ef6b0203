"""
Planner tools: where to add sites, what-if scenarios, coverage gaps, scorecards.

- :mod:`~learning_map.planning.candidates` and :mod:`~learning_map.planning.maxcover`:
  pick new sites that cover the most residents not yet covered (greedy with lazy
  evaluation, and an exact maximal-covering model solved with HiGHS).
- :mod:`~learning_map.planning.scenario`: add or close a site and recount cheaply.
- :mod:`~learning_map.planning.gaps`: contiguous areas beyond the walking threshold.
- :mod:`~learning_map.planning.standards`: per-unit scorecards against planning standards.
- :mod:`~learning_map.planning.access`: seats per 1,000 residents by two-step floating catchment.
"""

from __future__ import annotations
