"""
Scorecards: residents within 5/10/15 minutes per reporting unit, checked against planning standards.

A standard is a TOML file with one ``[[rule]]`` per row, read by
:mod:`~learning_map.planning.standard_files` (which also says its titles in each locale).
Built-in standards live in ``learning_map/planning/standards/``. Each lower unit (``--by``)
is assigned to the upper unit (``--parent``) it overlaps most, and upper-unit figures are
sums of their lower units, so every figure adds up exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import shapely

from learning_map import settings
from learning_map.analysis.model import unit_labels
from learning_map.base.i18n import N_, format_number, gettext, ngettext
from learning_map.base.units import minutes_to_metres
from learning_map.city.population import Demand
from learning_map.errors import ParameterError, no_such_field
from learning_map.planning.standard_files import (
    STANDARDS_DIR,
    Rule,
    Standard,
    builtin_standards,
    in_locale,
    load_standard,
)
from learning_map.walking.coverage import distances_to_targets, node_distances

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy.typing as npt

    from learning_map.analysis.model import CoverageModel

__all__ = ["CITY_TOTAL", "OUTSIDE", "STANDARDS_DIR", "Rule", "Scorecard", "Standard", "assign_parents",
           "builtin_standards", "load_standard", "row_name", "say", "scorecard"]

# The city total's and the residents outside every unit's row names (said in the scorecard's locale).
CITY_TOTAL = N_("City total")
OUTSIDE = N_("(outside units)")
SCORE_MINUTES: tuple[int, ...] = settings.WALK_MINUTES


def say(locale: str | None, msgid: str, **params: object) -> str:
    """``msgid`` (a message marked with ``N_``) in ``locale``; None: the command line's language."""
    return in_locale(locale, lambda name: gettext(msgid, locale=name, **params))


def row_name(name: str, locale: str | None) -> str:
    """A unit's name as a table shows it: :data:`CITY_TOTAL` and :data:`OUTSIDE` said in ``locale``."""
    return say(locale, name) if name in (CITY_TOTAL, OUTSIDE) else name


@dataclass
class Scorecard:
    """
    Figures and checks per unit.

    Attributes
    ----------
    figures
        One row per unit (lower units, then parents, then the city total), key
        (category or ``subtype:...``), pace and minutes: residents and elderly,
        covered and shares; ``sites`` counts the key's sites inside the unit.
    checks
        One row per unit and rule (twice for a minutes rule: adult and elderly
        pace): value, required share and pass.
    """

    standard: Standard
    figures: pd.DataFrame
    checks: pd.DataFrame


def assign_parents(
    units: gpd.GeoDataFrame, field: str, parents: gpd.GeoDataFrame, parent_field: str, *, crs: str
) -> dict[str, str]:
    """Each lower unit's name -> the name of the upper unit it overlaps most."""
    lower = units.geometry.to_crs(crs).to_numpy()
    upper = parents.geometry.to_crs(crs).to_numpy()
    names = parents[parent_field].astype(str).to_numpy()
    overlap = shapely.area(shapely.intersection(lower[:, None], upper[None, :]))
    best = np.argmax(overlap, axis=1)
    return {
        str(name): (names[b] if overlap[i, b] > 0 else OUTSIDE)
        for i, (name, b) in enumerate(zip(units[field].astype(str), best, strict=True))
    }


def _site_mask(model: CoverageModel, key: str) -> npt.NDArray[np.bool_]:
    if key.startswith("subtype:"):
        if "subtype" not in model.sites:
            return np.zeros(len(model.sites), dtype=bool)
        return (model.sites["subtype"].astype(str) == key.removeprefix("subtype:")).to_numpy()
    return model.site_mask(key)


def _walks(model: CoverageModel, key: str) -> npt.NDArray[np.float64]:
    """Walk from each demand point to the nearest site of ``key`` (inf beyond the search bound)."""
    mask = _site_mask(model, key)
    if not mask.any():
        return np.full(len(model.demand_points), np.inf)  # type: ignore[arg-type]
    if not key.startswith("subtype:"):
        return model.demand_dist(key)
    sources = model.site_points.subset(mask)
    dist = node_distances(model.network, sources, limit_m=model.limit_m)
    return distances_to_targets(model.network, dist, sources, model.demand_points,  # type: ignore[arg-type]
                                limit_m=model.limit_m)


def scorecard(
    model: CoverageModel,
    standard: Standard,
    units: gpd.GeoDataFrame,
    field: str,
    *,
    parents: gpd.GeoDataFrame | None = None,
    parent_field: str | None = None,
    locale: str | None = None,
) -> Scorecard:
    """
    Residents within 5/10/15 minutes (adult and elderly pace) per unit, and each rule's verdict.

    Parameters
    ----------
    model
        The city, with population.
    standard
        Rules to check.
    units, field
        Reporting units and their name field.
    parents, parent_field
        Optional upper units; each lower unit belongs to the one it overlaps most.
    locale
        The language of the words in the tables (each check's rule ``title`` and
        ``description``, ``limit`` and ``note``, and the city total's row name); None: the
        command line's. The rule's id stays in ``rule``, as a key.

    Returns
    -------
    scorecard
    """
    demand = _checked_demand(model, units, field, parents, parent_field)
    label = unit_labels(units, field, demand, crs=model.network.crs)
    unit_names, parent_of = _units_and_parents(model, units, field, parents, parent_field, label)
    # Sites per lower unit (points inside its polygon), for presence rules.
    site_unit = unit_labels(units, field, _site_points(model), crs=model.network.crs)
    keys = list(dict.fromkeys(rule.key for rule in standard.rules))
    paces = {name: settings.PACE_KMH[name] for name in ("adult", "elderly")}
    model.ensure_limit(max(_budgets(standard, paces)))
    tally = _tally(model, demand, keys, unit_names, parent_of, label, site_unit)
    figures = _figures(model, keys, tally, paces)
    checks = _checks(model, standard, tally, paces, locale)
    for frame in (figures, checks):
        for column in ("unit", "parent"):
            if column in frame:
                frame[column] = frame[column].map(lambda v: row_name(v, locale) if isinstance(v, str) else v)
    return Scorecard(standard, figures, checks)


def _checked_demand(model: CoverageModel, units: gpd.GeoDataFrame, field: str,
                    parents: gpd.GeoDataFrame | None, parent_field: str | None) -> Demand:
    """The city's residents, once the bundle has them and the unit fields exist."""
    demand = model.demand
    if demand is None or model.demand_points is None:
        raise ParameterError("units", message_id="population.missing")
    for name, frame, col in (("field", units, field), ("parent_field", parents, parent_field)):
        if frame is not None and col not in frame:
            raise no_such_field(name, col, frame.columns)
    return demand


def _units_and_parents(
    model: CoverageModel, units: gpd.GeoDataFrame, field: str, parents: gpd.GeoDataFrame | None,
    parent_field: str | None, label: npt.NDArray[Any],
) -> tuple[list[str], dict[str, str | None]]:
    """The lower units' names (with :data:`OUTSIDE` when residents fall outside all) and each one's parent."""
    unit_names = [*pd.unique(units[field].astype(str))]
    if (label == OUTSIDE).any():
        unit_names.append(OUTSIDE)
    parent_of: dict[str, str | None] = {name: None for name in unit_names}
    if parents is not None and parent_field is not None:
        parent_of |= assign_parents(units, field, parents, parent_field, crs=model.network.crs)
        if OUTSIDE in unit_names:
            parent_of[OUTSIDE] = OUTSIDE
    return unit_names, parent_of


def _budgets(standard: Standard, paces: dict[str, float]) -> list[float]:
    """Every walk in metres the scorecard asks about (to extend the model's search bound once)."""
    budgets = [float(minutes_to_metres(m, s)) for m in SCORE_MINUTES for s in paces.values()]
    budgets += [r.metres for r in standard.rules if r.metres is not None]
    budgets += [float(minutes_to_metres(r.minutes, s)) for r in standard.rules
                if r.minutes is not None for s in paces.values()]
    return budgets


@dataclass
class _Tally:
    """Residents, elderly and sites per lower unit, the walks per key, and the unit groups."""

    point_unit: npt.NDArray[np.int64]
    n_units: int
    population: npt.NDArray[np.float64]
    elderly: npt.NDArray[np.float64]
    residents_u: npt.NDArray[np.float64]
    elderly_u: npt.NDArray[np.float64]
    walks: dict[str, npt.NDArray[np.float64]]
    sites_u: dict[str, npt.NDArray[np.int64]]
    groups: list[tuple[str, str, npt.NDArray[np.int64]]]
    parent_of: dict[str, str | None]

    def per_unit(self, values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Sum per-point ``values`` per lower unit."""
        return np.bincount(self.point_unit, weights=values, minlength=self.n_units)


def _tally(model: CoverageModel, demand: Demand, keys: list[str], unit_names: list[str],
           parent_of: dict[str, str | None], label: npt.NDArray[Any],
           site_unit: npt.NDArray[Any]) -> _Tally:
    """Count residents, elderly and sites per lower unit, and walk to each key's sites."""
    unit_idx = {name: i for i, name in enumerate(unit_names)}
    point_unit = np.array([unit_idx[name] for name in label], dtype=np.int64)
    n_units = len(unit_names)
    elderly = demand.elderly if demand.has_elderly else np.zeros(len(demand))
    residents_u = np.bincount(point_unit, weights=demand.population, minlength=n_units)
    elderly_u = np.bincount(point_unit, weights=elderly, minlength=n_units)
    walks = {key: _walks(model, key) for key in keys}
    sites_u = {key: np.array([int((_site_mask(model, key) & (site_unit == name)).sum())
                              for name in unit_names]) for key in keys}
    return _Tally(point_unit, n_units, demand.population, elderly, residents_u, elderly_u, walks,
                  sites_u, _groups(unit_names, parent_of), parent_of)


def _figures(model: CoverageModel, keys: list[str], tally: _Tally,
             paces: dict[str, float]) -> pd.DataFrame:
    """One row per group, key, pace and minutes of :data:`SCORE_MINUTES`."""
    rows = []
    for key in keys:
        settings_list = [(pace, m, float(minutes_to_metres(m, speed)))
                         for m in SCORE_MINUTES for pace, speed in paces.items()]
        for pace, minutes, walk_m in settings_list:
            within = tally.walks[key] <= walk_m
            res_c = tally.per_unit(tally.population * within)
            eld_c = tally.per_unit(tally.elderly * within)
            for level, name, members in tally.groups:
                rows.append(_figure_row(level, name, tally.parent_of.get(name), key, pace, minutes,
                                        walk_m, tally.residents_u, tally.elderly_u, res_c, eld_c,
                                        tally.sites_u[key], members,
                                        int(_site_mask(model, key).sum())))
    return pd.DataFrame(rows)


def _site_points(model: CoverageModel) -> Demand:
    """Sites as points in the network CRS, to place them in units with :func:`unit_labels`."""
    projected = model.sites.geometry.to_crs(model.network.crs)
    zeros = np.zeros(len(projected))
    return Demand(model.network.crs, projected.x.to_numpy(), projected.y.to_numpy(), zeros, zeros)


def _groups(
    unit_names: list[str], parent_of: dict[str, str | None]
) -> list[tuple[str, str, npt.NDArray[np.int64]]]:
    """(level, name, member unit indices): each unit, each parent, then the city."""
    groups = [("unit", name, np.array([i])) for i, name in enumerate(unit_names)]
    parent_names = [p for p in dict.fromkeys(parent_of.values()) if p is not None]
    for parent in parent_names:
        members = np.array([i for i, n in enumerate(unit_names) if parent_of.get(n) == parent],
                           dtype=np.int64)
        groups.append(("parent", parent, members))
    groups.append(("city", CITY_TOTAL, np.arange(len(unit_names))))
    return groups


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def _figure_row(level: str, name: str, parent: str | None, key: str, pace: str, minutes: float,
                walk_m: float, residents_u: Any, elderly_u: Any, res_c: Any, eld_c: Any,
                sites_u: Any, members: Any, city_sites: int) -> dict[str, Any]:
    residents, elderly = float(residents_u[members].sum()), float(elderly_u[members].sum())
    covered, elderly_covered = float(res_c[members].sum()), float(eld_c[members].sum())
    return {
        "level": level, "unit": name, "parent": parent if level == "unit" else None,
        "key": key, "pace": pace, "minutes": float(minutes), "walk_m": walk_m,
        "sites": city_sites if level == "city" else int(sites_u[members].sum()),
        "residents": residents, "residents_covered": covered,
        "residents_share": _share(covered, residents),
        "elderly": elderly, "elderly_covered": elderly_covered,
        "elderly_share": _share(elderly_covered, elderly),
    }


def _checks(model: CoverageModel, standard: Standard, tally: _Tally,
            paces: dict[str, float], locale: str | None) -> pd.DataFrame:
    """One row per rule and unit (per pace for a minutes rule) with its value and verdict."""
    rows: list[dict[str, Any]] = []
    has_parents = any(p is not None for p in tally.parent_of.values())
    for rule in standard.rules:
        level_groups = [g for g in tally.groups if g[0] == rule.level]
        base = {"rule": rule.id, "title": rule.label(locale), "description": rule.describe(locale),
                "kind": rule.kind, "key": rule.key, "level": rule.level, "count": rule.count,
                "required": rule.share}
        if rule.level == "parent" and not has_parents:
            rows.append(base | {"unit": None, "pace": None, "limit": None, "value": None, "pass": None,
                                "note": say(locale, N_("needs upper units (--parent)"))})
        elif rule.kind == "presence":
            rows += _presence_rows(model, rule, base, level_groups, tally, locale)
        else:
            rows += _walking_rows(rule, base, level_groups, tally, paces, locale)
    return pd.DataFrame(rows)


def _presence_rows(model: CoverageModel, rule: Rule, base: dict[str, Any], level_groups: list,
                   tally: _Tally, locale: str | None) -> list[dict[str, Any]]:
    """Sites counted per group against ``rule.count``; below the city, the share of groups that pass."""
    rows = []
    passed = []
    for level, name, members in level_groups:
        count = (int(_site_mask(model, rule.key).sum()) if level == "city"
                 else int(tally.sites_u[rule.key][members].sum()))
        ok = count >= rule.count
        passed.append(ok)
        limit = in_locale(locale, lambda name: ngettext("at least {n} site", "at least {n} sites", rule.count,
                                                  locale=name))
        rows.append(base | {"unit": name, "pace": None, "limit": limit,
                            "value": float(count), "pass": ok, "note": ""})
    if rule.level != "city":
        share = _share(sum(passed), len(passed))
        rows.append(base | {"unit": CITY_TOTAL, "pace": None,
                            "limit": say(locale, _SHARE_OF[rule.level]),
                            "value": share, "pass": share >= rule.share, "note": ""})
    return rows


_SHARE_OF = {"unit": N_("share of units that pass"), "parent": N_("share of upper units that pass")}


def _walking_rows(rule: Rule, base: dict[str, Any], level_groups: list, tally: _Tally,
                  paces: dict[str, float], locale: str | None) -> list[dict[str, Any]]:
    """The share of residents (or elderly) within the rule's walk, per group and for the city."""
    rows = []
    weight = tally.population if rule.who == "residents" else tally.elderly
    whole = tally.residents_u if rule.who == "residents" else tally.elderly_u
    limits = ([("metres", rule.metres)] if rule.metres is not None else
              [(pace, float(minutes_to_metres(rule.minutes, speed))) for pace, speed in paces.items()])
    for pace, walk_m in limits:
        part = tally.per_unit(weight * (tally.walks[rule.key] <= walk_m))
        targets = level_groups if rule.level == "city" else [*level_groups, tally.groups[-1]]
        for _, name, members in targets:
            total = float(whole[members].sum())
            share = _share(float(part[members].sum()), total)
            limit = in_locale(locale, lambda name: (
                gettext("{metres} m", locale=name, metres=format_number(rule.metres, locale=name))
                if rule.metres is not None else
                gettext("{minutes} min", locale=name, minutes=format_number(rule.minutes, locale=name))))
            rows.append(base | {
                "unit": name, "pace": None if pace == "metres" else pace, "limit": limit,
                "value": share if total else None, "pass": share >= rule.share if total else None,
                "note": "" if total else say(locale, N_("no residents here")),
            })
    return rows
