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

One module per job: ``stops`` (sights and rest points by theme), ``tours`` (the solvers
over a distance matrix), ``plan`` (the plan, distances and line on the network),
``rests`` (rest points along the way) and ``routes`` (the suggested and curated walks).
"""

from __future__ import annotations

from learning_map.city.walks.plan import MAX_STOP_SNAP_M, WalkGraph, WalkPlan
from learning_map.city.walks.rests import ON_THE_WAY_M
from learning_map.city.walks.routes import MAX_WALK_MIN, curated_walk, suggest_walk
from learning_map.city.walks.stops import (
    INDOOR_AMENITY,
    INDOOR_TOURISM,
    REST_AMENITY,
    THEME_NAMES,
    THEMES,
    stops_from_features,
    theme_label,
    theme_stops,
)
from learning_map.city.walks.tours import (
    MAX_EXACT_STOPS,
    best_walk_exact,
    best_walk_heuristic,
    tour_length,
)

__all__ = [
    "INDOOR_AMENITY",
    "INDOOR_TOURISM",
    "MAX_EXACT_STOPS",
    "MAX_STOP_SNAP_M",
    "MAX_WALK_MIN",
    "ON_THE_WAY_M",
    "REST_AMENITY",
    "THEMES",
    "THEME_NAMES",
    "WalkGraph",
    "WalkPlan",
    "best_walk_exact",
    "best_walk_heuristic",
    "curated_walk",
    "stops_from_features",
    "suggest_walk",
    "theme_label",
    "theme_stops",
    "tour_length",
]
