"""
Walking along one edge: how a snapped point joins the network, written once for every caller.

A point snapped onto an edge ``u -> v`` of length ``L`` sits at offset ``t`` from ``u``
with a straight access leg ``a`` (see :class:`~learning_map.walking.snapping.SnappedPoints`).
Its walk reaches the edge's ends at ``a + t`` (to ``u``) and ``a + L - t`` (to ``v``);
a walk that reached ``u`` or ``v`` goes on to the spot over ``t`` or ``L - t``; two points
on one edge walk ``a1 + |t1 - t2| + a2`` without leaving it; and a budget left at an end
or at a spot reaches that many metres along the edge.

Every cost takes a price per metre for each direction of travel: ``forward`` (from ``u``
towards ``v``) and ``backward`` (from ``v`` towards ``u``), for walks whose cost depends
on slope or direction. Left out (None) they are the plain length, and the arithmetic is
then exactly the one the callers used before (no multiplication, same order of float
operations), so answers stay bit-identical.

The small functions (:func:`to_u`, :func:`to_v`, :func:`along`, :func:`between`,
:func:`reach`) work on numpy arrays and on plain floats, and compile inline into numba
code (``register_jitable``): the click's fused compiled walk calls the very same lines as
the city-wide array code. The functions on :class:`SnappedPoints` apply them to many
points at once.

numba keys a cached compiled function (``cache=True``) on its own file only: after changing
a rule here, delete the caches (``find learning_map -name '*.nb[ic]' -delete``) or the
click's cached walk (``point_walk._point_walks``) keeps the old rule until ``point_walk.py``
changes. ``tests/unit/test_engine_point_query.py`` then fails (the click no longer agrees
with the array code), which is how the mismatch shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from numba.extending import register_jitable

if TYPE_CHECKING:
    from learning_map.walking.network import WalkNetwork
    from learning_map.walking.snapping import SnappedPoints

__all__ = [
    "along",
    "between",
    "reach",
    "same_edge_pairs",
    "same_edge_walks",
    "to_u",
    "to_v",
    "walks_from_ends",
    "walks_to_ends",
]

# A price per metre: one value for every edge, one per edge (indexed by edge), or None (1).
PerMetre = float | npt.NDArray[np.float64] | None


@register_jitable
def to_u(base_m, offset_m, per_m=None):  # arrays or floats; compiled inline too
    """``base_m`` plus the stretch between a spot at ``offset_m`` and the edge's ``u`` end."""
    if per_m is None:
        return base_m + offset_m
    return base_m + offset_m * per_m


@register_jitable
def to_v(base_m, offset_m, length_m, per_m=None):
    """``base_m`` plus the stretch between a spot at ``offset_m`` and the ``v`` end (``L - t``)."""
    # (base + L) - t, not base + (L - t): the order every caller used, so the floats match.
    if per_m is None:
        return base_m + length_m - offset_m
    return base_m + length_m * per_m - offset_m * per_m


@register_jitable
def along(base_m, from_m, to_m, forward_per_m=None, backward_per_m=None):
    """``base_m`` plus the walk along one edge from offset ``from_m`` to offset ``to_m``."""
    if forward_per_m is None and backward_per_m is None:
        return base_m + np.abs(to_m - from_m)
    step = to_m - from_m
    ahead = np.maximum(step, 0.0) * (1.0 if forward_per_m is None else forward_per_m)
    back = np.maximum(-step, 0.0) * (1.0 if backward_per_m is None else backward_per_m)
    return base_m + (ahead + back)


@register_jitable
def between(start_access_m, start_m, end_m, end_access_m,
            forward_per_m=None, backward_per_m=None):
    """Walk between two points on one edge: ``a1 + |t1 - t2| + a2`` (start's leg, along, end's leg)."""
    return along(start_access_m, start_m, end_m, forward_per_m, backward_per_m) + end_access_m


@register_jitable
def reach(budget_m, spent_m, per_m=None):
    """Metres along an edge that ``budget_m`` still walks after ``spent_m`` (negative: none)."""
    if per_m is None:
        return budget_m - spent_m
    return (budget_m - spent_m) / per_m


def _at(per_m: PerMetre, edge: npt.NDArray[np.int64]) -> float | npt.NDArray[np.float64] | None:
    """A price per metre for each of ``edge`` (None and single values pass through)."""
    if per_m is None or np.ndim(per_m) == 0:
        return per_m
    return np.asarray(per_m, dtype=np.float64)[edge]


def walks_to_ends(
    network: WalkNetwork,
    points: SnappedPoints,
    *,
    forward_per_m: PerMetre = None,
    backward_per_m: PerMetre = None,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """
    Each point's walk from where it stands to its edge's ``u`` and ``v`` ends (access leg included).

    Parameters
    ----------
    network
        Walk network.
    points
        Snapped points, all on the network.
    forward_per_m, backward_per_m
        Price per metre walked from ``u`` towards ``v`` and back (one value or one per edge);
        default: the plain length.

    Returns
    -------
    to_u_m, to_v_m
        ``a + t`` and ``a + L - t`` (priced by direction: to ``u`` is backward, to ``v`` forward).
    """
    edge = points.edge
    return (to_u(points.access_m, points.offset_m, _at(backward_per_m, edge)),
            to_v(points.access_m, points.offset_m, network.edge_length_m[edge], _at(forward_per_m, edge)))


def walks_from_ends(
    network: WalkNetwork,
    points: SnappedPoints,
    at_u_m: npt.ArrayLike,
    at_v_m: npt.ArrayLike,
    *,
    forward_per_m: PerMetre = None,
    backward_per_m: PerMetre = None,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """
    Walks that reached each point's edge ends (``at_u_m``, ``at_v_m``) carried on to its spot.

    The point's own access leg is not added (a caller takes the shorter way first, or passes
    the legs as ``at_u_m``/``at_v_m`` for "end to door"). Points off the network must be
    masked by the caller (their edge is -1).

    Returns
    -------
    via_u_m, via_v_m
        ``at_u + t`` and ``at_v + L - t`` (from ``u`` forward, from ``v`` backward).
    """
    edge = points.edge
    return (to_u(at_u_m, points.offset_m, _at(forward_per_m, edge)),
            to_v(at_v_m, points.offset_m, network.edge_length_m[edge], _at(backward_per_m, edge)))


def same_edge_pairs(
    sources: SnappedPoints, targets: SnappedPoints
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Index pairs (target, source) of on-network targets and sources on the same edge."""
    on = np.flatnonzero(sources.on_network)
    order = on[np.argsort(sources.edge[on], kind="stable")]
    sorted_edges = sources.edge[order]
    lo = np.searchsorted(sorted_edges, targets.edge, side="left")
    hi = np.searchsorted(sorted_edges, targets.edge, side="right")
    counts = np.where(targets.on_network, hi - lo, 0)
    target_idx = np.repeat(np.arange(len(targets)), counts)
    starts = np.repeat(lo - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    source_idx = order[starts + np.arange(counts.sum())]
    return target_idx, source_idx


def same_edge_walks(
    sources: SnappedPoints,
    targets: SnappedPoints,
    *,
    to_spot: bool = False,
    legs_first: bool = False,
    forward_per_m: PerMetre = None,
    backward_per_m: PerMetre = None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """
    Walks from sources to the targets on their own edge, without leaving it.

    Parameters
    ----------
    sources, targets
        Snapped points; off-network ones pair with nothing.
    to_spot
        Stop at the target's spot on the edge (its access leg not added): for a caller that
        first takes the shorter of this and the way in through an end.
    legs_first
        Add the two access legs before the way along, ``(a_s + a_t) + |t_s - t_t|``: the same
        sum rounded in the order the candidate matrix has always used (its answers stay
        bit-identical).
    forward_per_m, backward_per_m
        Price per metre by direction (one value or one per edge); default: the plain length.

    Returns
    -------
    target_idx, source_idx, walk_m
        One entry per pair on a shared edge: ``a_s + |t_s - t_t| (+ a_t)``.
    """
    target_idx, source_idx = same_edge_pairs(sources, targets)
    edge = targets.edge[target_idx]
    forward, backward = _at(forward_per_m, edge), _at(backward_per_m, edge)
    start_access, start_m = sources.access_m[source_idx], sources.offset_m[source_idx]
    if to_spot:
        walk = along(start_access, start_m, targets.offset_m[target_idx], forward, backward)
    elif legs_first:
        walk = along(start_access + targets.access_m[target_idx], start_m, targets.offset_m[target_idx],
                     forward, backward)
    else:
        walk = between(start_access, start_m, targets.offset_m[target_idx], targets.access_m[target_idx],
                       forward, backward)
    return target_idx, source_idx, walk
