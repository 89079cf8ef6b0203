"""
Scorecards: residents within 5/10/15 minutes per reporting unit, checked against planning standards.

A standard is a TOML file with one ``[[rule]]`` per row::

    kind = "presence" | "walking"
    category = "library"          # or subtype = "neighbourhood_model_point"
    level = "unit" | "parent" | "city"
    minutes = 15                  # applied at both paces (adult and elderly) ...
    metres = 1000                 # ... or a distance in metres
    who = "residents" | "elderly" # walking rules: whose share
    count = 1                     # presence rules: sites needed inside a unit
    share = 0.99                  # walking: share of residents; presence: share of units
    source_text = "..."           # where the value comes from

Built-in standards live in ``learning_map/planning/standards/``. Each lower unit (``--by``)
is assigned to the upper unit (``--parent``) it overlaps most, and upper-unit figures are
sums of their lower units, so every figure adds up exactly.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import shapely

from learning_map import settings
from learning_map.analysis.model import unit_labels
from learning_map.base.units import minutes_to_metres
from learning_map.city.categories import ALL_SITES, CATEGORIES, SUBTYPES
from learning_map.city.population import Demand
from learning_map.errors import InputFileError, ParameterError, no_such_field
from learning_map.walking.coverage import distances_to_targets, node_distances

if TYPE_CHECKING:
    from collections.abc import Callable

    import geopandas as gpd
    import numpy.typing as npt

    from learning_map.analysis.model import CoverageModel

STANDARDS_DIR = Path(__file__).with_name("standards")
CITY_TOTAL = "全市 / City total"
OUTSIDE = "(outside units)"
SCORE_MINUTES: tuple[int, ...] = settings.WALK_MINUTES


@dataclass(frozen=True)
class Rule:
    """One row of a standard (see the module docstring)."""

    id: str
    kind: str
    key: str
    level: str
    share: float
    source_text: str
    minutes: float | None = None
    metres: float | None = None
    who: str = "residents"
    count: int = 1


@dataclass(frozen=True)
class Standard:
    """A named set of rules."""

    name: str
    title_zh: str
    title_en: str
    rules: tuple[Rule, ...]


def builtin_standards() -> list[str]:
    """Names of the built-in standards (file stems)."""
    return sorted(p.stem for p in STANDARDS_DIR.glob("*.toml"))


def _rule(raw: dict[str, Any], where: str) -> Rule:
    def bad(message: str, message_zh: str) -> InputFileError:
        return InputFileError(f"{where}: {message} / {message_zh}")

    kind = raw.get("kind")
    if kind not in ("presence", "walking"):
        msg = f"kind must be presence or walking, not {kind!r}"
        raise bad(msg, "kind 应为 presence 或 walking")
    key = _rule_key(raw, bad)
    level = raw.get("level", "unit")
    if level not in ("unit", "parent", "city"):
        msg = f"level must be unit, parent or city, not {level!r}"
        raise bad(msg, "level 应为 unit、parent 或 city")
    share = raw.get("share")
    if not isinstance(share, int | float) or not 0 <= share <= 1:
        raise bad("share must be a number from 0 to 1", "share 须为 0 到 1 之间的数")
    minutes, metres = raw.get("minutes"), raw.get("metres")
    if kind == "walking" and (minutes is None) == (metres is None):
        raise bad("a walking rule needs exactly one of minutes or metres", "步行规则须给出 minutes 或 metres 之一")
    for value in (minutes, metres):
        if value is not None and (not isinstance(value, int | float) or value <= 0):
            raise bad("minutes and metres must be positive numbers", "minutes 与 metres 须为正数")
    who = raw.get("who", "residents")
    if who not in ("residents", "elderly"):
        msg = f"who must be residents or elderly, not {who!r}"
        raise bad(msg, "who 应为 residents 或 elderly")
    return Rule(
        id=str(raw.get("id", key)), kind=kind, key=key, level=level, share=float(share),
        source_text=str(raw.get("source_text", "")),
        minutes=None if minutes is None else float(minutes),
        metres=None if metres is None else float(metres),
        who=who, count=int(raw.get("count", 1)),
    )


def _rule_key(raw: dict[str, Any], bad: Callable[[str, str], InputFileError]) -> str:
    """The rule's category, or ``subtype:NAME``; exactly one of them, and a known one."""
    if ("category" in raw) == ("subtype" in raw):
        raise bad("give exactly one of category or subtype", "category 与 subtype 须且只须给出一个")
    if "category" in raw:
        key = str(raw["category"])
        if key not in CATEGORIES and key != ALL_SITES:
            msg = f"unknown category {key!r}"
            raise bad(msg, "未知类别")
        return key
    if raw["subtype"] not in SUBTYPES:
        msg = f"unknown subtype {raw['subtype']!r}"
        raise bad(msg, "未知子类型")
    return f"subtype:{raw['subtype']}"


def load_standard(name_or_path: str | Path) -> Standard:
    """
    Read a built-in standard by name (``gb50180``, ``shanghai``, ...) or a TOML file.

    Raises
    ------
    InputFileError
        For an unknown name, unreadable file or malformed rule.
    """
    path = Path(name_or_path)
    if not path.suffix and (STANDARDS_DIR / f"{name_or_path}.toml").exists():
        path = STANDARDS_DIR / f"{name_or_path}.toml"
    if not path.is_file():
        names = ", ".join(builtin_standards())
        msg = f"no standard {str(name_or_path)!r}; built-in: {names}, or a .toml file / 找不到该标准"
        raise InputFileError(msg)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        msg = f"cannot read standard {path}: {exc} / 无法读取标准文件"
        raise InputFileError(msg) from exc
    rules = tuple(_rule(raw, f"{path.name} rule {i + 1}") for i, raw in enumerate(data.get("rule", [])))
    if not rules:
        msg = f"{path.name} has no [[rule]] / 标准文件中没有规则"
        raise InputFileError(msg)
    return Standard(str(data.get("name", path.stem)), str(data.get("title_zh", "")),
                    str(data.get("title_en", "")), rules)


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
    checks = _checks(model, standard, tally, paces)
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
            paces: dict[str, float]) -> pd.DataFrame:
    """One row per rule and unit (per pace for a minutes rule) with its value and verdict."""
    rows: list[dict[str, Any]] = []
    has_parents = any(p is not None for p in tally.parent_of.values())
    for rule in standard.rules:
        level_groups = [g for g in tally.groups if g[0] == rule.level]
        base = {"rule": rule.id, "kind": rule.kind, "key": rule.key, "level": rule.level,
                "required": rule.share, "source_text": rule.source_text}
        if rule.level == "parent" and not has_parents:
            rows.append(base | {"unit": None, "pace": None, "limit": None, "value": None,
                                "pass": None, "note": "needs --parent / 需要 --parent"})
        elif rule.kind == "presence":
            rows += _presence_rows(model, rule, base, level_groups, tally)
        else:
            rows += _walking_rows(rule, base, level_groups, tally, paces)
    return pd.DataFrame(rows)


def _presence_rows(model: CoverageModel, rule: Rule, base: dict[str, Any], level_groups: list,
                   tally: _Tally) -> list[dict[str, Any]]:
    """Sites counted per group against ``rule.count``; below the city, the share of groups that pass."""
    rows = []
    passed = []
    for level, name, members in level_groups:
        count = (int(_site_mask(model, rule.key).sum()) if level == "city"
                 else int(tally.sites_u[rule.key][members].sum()))
        ok = count >= rule.count
        passed.append(ok)
        rows.append(base | {"unit": name, "pace": None, "limit": f"{rule.count} site(s)",
                            "value": float(count), "pass": ok, "note": ""})
    if rule.level != "city":
        share = _share(sum(passed), len(passed))
        rows.append(base | {"unit": CITY_TOTAL, "pace": None,
                            "limit": f"share of {rule.level}s with a site",
                            "value": share, "pass": share >= rule.share, "note": ""})
    return rows


def _walking_rows(rule: Rule, base: dict[str, Any], level_groups: list, tally: _Tally,
                  paces: dict[str, float]) -> list[dict[str, Any]]:
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
            limit = f"{rule.metres:g} m" if rule.metres is not None else f"{rule.minutes:g} min"
            rows.append(base | {
                "unit": name, "pace": None if pace == "metres" else pace, "limit": limit,
                "value": share if total else None, "pass": share >= rule.share if total else None,
                "note": "" if total else "no residents here / 无居民",
            })
    return rows
