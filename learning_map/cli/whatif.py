"""``learning-map whatif``: residents reached before and after adding or closing sites."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from learning_map import settings
from learning_map.base.i18n import N_, cli_text
from learning_map.cli.format import category_name, format_table, load_city, registry_year_options
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
        raise ParameterError("--add", N_("{value!r} is not LON,LAT:CATEGORY, e.g. 113.54,22.19:library"), value=value)
    lon, lat = float(numbers[0] or 0.0), float(numbers[1] or 0.0)
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ParameterError("--add", N_("{value!r}: longitude must be -180..180 and latitude -90..90 "
                                         "(WGS84, longitude first)"), value=value)
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
    """Residents reached before and after adding or closing sites."""
    from learning_map.planning.scenario import Scenario

    minute, speed_kmh, walk_m = walk_options(minutes, speed)
    proposed = [_parse_add(value) for value in adds]
    if not proposed and not closes:
        raise ParameterError("--add", N_("give at least one --add or --close"))
    bundle = load_city(bundle_dir, year, database_url)
    model, source = city_model(bundle, population, elderly_share, profile)
    demand = model.demand
    if demand is None:
        raise ParameterError("--population", N_("this bundle has no residents; build it with --population "
                                                "or give --population here"))
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
    click.echo(cli_text(N_("{city}: within {minutes:g} min at {speed} km/h ({walk_m:.0f} m); {added} added, "
                           "{closed} closed"), city=bundle.name, minutes=minute, speed=speed_kmh, walk_m=walk_m,
                        added=len(proposed), closed=len(closing)))
    say_population(source)
    say_profile(profile)
    columns = [("name", N_("Category"), ""), ("residents_before", N_("Residents before"), ",.0f"),
               ("residents_after", N_("After"), ",.0f"), ("residents_change", N_("Change"), "+,.0f")]
    if demand.has_elderly:
        columns += [("elderly_before", N_("Elderly before"), ",.0f"),
                    ("elderly_after", N_("After"), ",.0f"), ("elderly_change", N_("Change"), "+,.0f")]
    click.echo(format_table([{**row, "name": category_name(row["category"])} for row in rows], columns))


def _closing_and_keys(model: CoverageModel, closes: tuple[str, ...],
                      proposed: list[tuple[float, float, str]]) -> tuple[list[str], list[str]]:
    """The ``--close`` ids checked against the city, and the categories the changes touch (then all)."""
    from learning_map.city.categories import ALL_SITES
    from learning_map.errors import NoMatchError

    ids = model.sites["site_id"].astype(str).tolist() if "site_id" in model.sites else []
    closing: list[str] = []
    for site_id in closes:
        if site_id not in ids:
            raise NoMatchError("--close", N_("unknown site id {value!r}"), value=site_id)
        if site_id in closing:
            raise ParameterError("--close", N_("site {value!r} is given twice"), value=site_id)
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
            raise NoMatchError("--add", N_("{lon},{lat} is more than {limit:g} m from every street of this city"),
                               lon=lon, lat=lat, limit=settings.MAX_SNAP_M) from None
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
