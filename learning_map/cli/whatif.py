"""``learning-map whatif``: residents reached before and after adding or closing sites (增减场所的影响)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from learning_map import settings
from learning_map.cli.format import format_table, load_city, registry_year_options
from learning_map.cli.group import main
from learning_map.cli.planning import (
    city_model,
    echo_json,
    population_options,
    profile_option,
    say_population,
    say_profile,
    walk_options,
)
from learning_map.errors import ParameterError

if TYPE_CHECKING:
    from learning_map.analysis.model import CoverageModel
    from learning_map.city.population import Demand
    from learning_map.planning.scenario import Scenario


def _parse_add(value: str) -> tuple[float, float, str]:
    from learning_map.base.safety import parse_ascii_float
    from learning_map.city.categories import CATEGORIES, unknown_category

    where, sep, category = value.rpartition(":")
    parts = where.split(",")
    numbers = [parse_ascii_float(p) for p in parts] if sep and len(parts) == 2 else []
    if len(numbers) != 2 or any(n is None for n in numbers):
        raise ParameterError("--add", f"{value!r} is not LON,LAT:CATEGORY, e.g. 113.54,22.19:library",
                             "格式应为 经度,纬度:类别")
    lon, lat = float(numbers[0] or 0.0), float(numbers[1] or 0.0)
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ParameterError("--add", f"{value!r}: longitude must be -180..180 and latitude -90..90 "
                             "(WGS84, longitude first)", "经纬度超出范围（WGS84，经度在前）")
    if category not in CATEGORIES:
        raise unknown_category("--add", category, with_all=False)
    return lon, lat, category


@main.command()
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--add", "adds", multiple=True, metavar="LON,LAT:CATEGORY",
              help="A proposed site, WGS84 (repeatable).")
@click.option("--close", "closes", multiple=True, metavar="SITE_ID", help="A site to close (repeatable).")
@click.option("--minutes", default=str(max(settings.WALK_MINUTES)), show_default=True)
@click.option("--speed", default=settings.DEFAULT_PACE, show_default=True,
              help="adult (4.8 km/h), elderly (3.3 km/h) or km/h.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON.")
@profile_option
@population_options
@registry_year_options
def whatif(bundle_dir: Path, adds: tuple[str, ...], closes: tuple[str, ...], minutes: str, speed: str,
           as_json: bool, population: str | None, elderly_share: str | None, year: int | None,
           database_url: str | None, profile: str = settings.DEFAULT_PROFILE) -> None:
    """Residents reached before and after adding or closing sites / 增减场所的影响."""
    from learning_map.planning.scenario import Scenario

    minute, speed_kmh, walk_m = walk_options(minutes, speed)
    proposed = [_parse_add(value) for value in adds]
    if not proposed and not closes:
        raise ParameterError("--add", "give at least one --add or --close", "请至少给出一个 --add 或 --close")
    bundle = load_city(bundle_dir, year, database_url)
    model, source = city_model(bundle, population, elderly_share, profile)
    demand = model.demand
    if demand is None:
        raise ParameterError("--population", "this bundle has no residents; build it with --population "
                             "or give --population here", "数据包没有人口数据")
    closing, keys = _closing_and_keys(model, closes, proposed)
    scenario = Scenario(model)
    scenario.model.ensure_limit(walk_m)
    before = _figures(scenario, keys, walk_m, demand)
    after = _figures(_changed(scenario, closing, proposed), keys, walk_m, demand)
    rows = _compare(keys, before, after)
    if as_json:
        echo_json({"city": bundle.name, "profile": profile, "minutes": minute, "speed_kmh": speed_kmh,
                   "walk_m": walk_m,
                   "added": [{"lon": lon, "lat": lat, "category": c} for lon, lat, c in proposed],
                   "closed": closing, "totals": _totals(demand), "population": source,
                   "categories": rows})
        return
    click.echo(f"{bundle.name}: within {minute:g} min at {speed_kmh} km/h ({walk_m:.0f} m); "
               f"{len(proposed)} added, {len(closing)} closed / 增减场所前后对比")
    say_population(source)
    say_profile(profile)
    columns = [("category", "Category 类别", ""), ("residents_before", "Residents before 之前", ",.0f"),
               ("residents_after", "After 之后", ",.0f"), ("residents_change", "Change 变化", "+,.0f")]
    if demand.has_elderly:
        columns += [("elderly_before", "Elderly before 老年之前", ",.0f"),
                    ("elderly_after", "After 之后", ",.0f"), ("elderly_change", "Change 变化", "+,.0f")]
    click.echo(format_table(rows, columns))


def _closing_and_keys(model: CoverageModel, closes: tuple[str, ...],
                      proposed: list[tuple[float, float, str]]) -> tuple[list[str], list[str]]:
    """The ``--close`` ids checked against the city, and the categories the changes touch (then all)."""
    from learning_map.city.categories import ALL_SITES
    from learning_map.errors import NoMatchError

    ids = model.sites["site_id"].astype(str).tolist() if "site_id" in model.sites else []
    closing: list[str] = []
    for site_id in closes:
        if site_id not in ids:
            raise NoMatchError("--close", f"unknown site id {site_id!r}", "没有这个场所编号")
        if site_id in closing:
            raise ParameterError("--close", f"site {site_id!r} is given twice", "同一场所重复给出")
        closing.append(site_id)
    touched = [str(model.sites["category"].iloc[ids.index(i)]) for i in closing]
    touched += [category for _, _, category in proposed]
    return closing, [*dict.fromkeys(touched), ALL_SITES]


def _figures(scenario: Scenario, keys: list[str], walk_m: float,
             demand: Demand) -> dict[str, dict[str, float]]:
    """Residents (and elderly residents) within ``walk_m`` of each category in ``keys``."""
    out = {}
    for key in keys:
        covered = scenario.covered(key, walk_m)
        row = {"residents": float(demand.population[covered].sum())}
        if demand.has_elderly:
            row["elderly"] = float(demand.elderly[covered].sum())
        out[key] = row
    return out


def _changed(scenario: Scenario, closing: list[str],
             proposed: list[tuple[float, float, str]]) -> Scenario:
    """The scenario with the closed sites gone and the proposed ones added."""
    from learning_map.errors import NoMatchError

    for site_id in closing:
        row = scenario.model.sites["site_id"].astype(str).tolist().index(site_id)
        scenario = scenario.close_site(row)
    for lon, lat, category in proposed:
        try:
            scenario = scenario.add_site(category, lon, lat)
        except ParameterError as exc:
            if exc.parameter != "site":
                raise
            raise NoMatchError("--add", f"{lon},{lat} is more than {settings.MAX_SNAP_M:g} m from every "
                               "street of this city", "拟建场所离道路太远") from None
    return scenario


def _compare(keys: list[str], before: dict[str, dict[str, float]],
             after: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    """One row per category: each figure before, after and its change."""
    rows = []
    for key in keys:
        row: dict[str, Any] = {"category": key}
        for who in before[key]:
            row[f"{who}_before"] = before[key][who]
            row[f"{who}_after"] = after[key][who]
            row[f"{who}_change"] = after[key][who] - before[key][who]
        rows.append(row)
    return rows


def _totals(demand: Demand) -> dict[str, float]:
    """All residents (and elderly residents) of the city."""
    import numpy as np

    totals = {"residents": demand.total}
    if demand.has_elderly:
        totals["elderly"] = float(np.nansum(demand.elderly))
    return totals
