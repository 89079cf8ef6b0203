"""``learning-map gaps``: areas whose residents are beyond the walk."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from learning_map import settings
from learning_map.base.i18n import N_, cli_text
from learning_map.base.units import resolve_speed_kmh
from learning_map.cli.format import (
    category_term,
    cli_line,
    format_table,
    load_city,
    registry_year_options,
)
from learning_map.cli.group import main
from learning_map.cli.planning import (
    check_category,
    city_model,
    echo_json,
    one_minutes,
    population_options,
    profile_option,
    records,
    say_population,
    say_profile,
    write_gpkg,
)
from learning_map.errors import ParameterError

if TYPE_CHECKING:
    from learning_map.analysis.model import CoverageModel
    from learning_map.planning.gaps import GapReport

NO_SITE = N_("no site of this category")
NO_SITE_ON_FOOT = N_("no site of this category can be walked to")


def gap_rows(report: GapReport, model: CoverageModel) -> list[dict[str, Any]]:
    """
    The gaps as rows people read: a gap with no nearest site says why, in words.

    Its nearest walk (infinite) and site become None, and ``nearest_note`` says whether the
    city has no site of the category at all or none that can be walked to (in the command
    line's language).
    """
    import math

    rows = records(report.gaps)
    note = cli_text(NO_SITE_ON_FOOT if model.site_mask(report.category).any() else NO_SITE)
    for row in rows:
        walk_m = row["nearest_walk_m"]
        found = walk_m is not None and math.isfinite(walk_m)
        row["nearest_note"] = None if found else note
        if not found:
            row.update(nearest_site=None, nearest_site_name=None, nearest_walk_m=None,
                       nearest_minutes=None)
    return rows


def gaps_table(rows: list[dict[str, Any]]) -> str:
    """The text table of ``gap_rows``."""
    shown = [{**row, "nearest": row["nearest_site_name"] or row["nearest_note"]} for row in rows]
    return format_table(shown, [
        ("rank", "#", "d"), ("weight", N_("Ranked"), ",.0f"), ("residents", N_("Residents"), ",.0f"),
        ("area_m2", N_("Area m²"), ",.0f"), ("nearest", N_("Nearest site"), ""),
        ("nearest_minutes", N_("Min"), ".1f"),
    ])



@main.command()
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--category", required=True, help="Category of sites.")
@click.option("--minutes", default=str(max(settings.WALK_MINUTES)), show_default=True)
@click.option("--speed", default=settings.DEFAULT_PACE, show_default=True,
              help="adult (4.8 km/h), elderly (3.3 km/h) or km/h.")
@click.option("--cell", "cell_m", type=float, default=100.0, show_default=True,
              help="Grid cell (metres) that joins uncovered residents into areas.")
@click.option("--top", type=int, default=10, show_default=True, help="Gaps listed in the text table.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON (every gap, outline as GeoJSON).")
@click.option("--out", "out_path", type=click.Path(path_type=Path), default=None,
              help="Write the gap areas to a GeoPackage.")
@click.option("--course-category", "course_categories", multiple=True,
              help="Only sites offering a course of this category (key or label; repeatable).")
@profile_option
@population_options
@registry_year_options
def gaps(bundle_dir: Path, category: str, minutes: str, speed: str, cell_m: float, top: int,
         as_json: bool, out_path: Path | None, population: str | None, elderly_share: str | None,
         year: int | None, database_url: str | None, course_categories: tuple[str, ...] = (),
         profile: str = settings.DEFAULT_PROFILE) -> None:
    """Areas whose residents are beyond the walking threshold."""
    import shapely

    from learning_map.planning.gaps import find_gaps

    category = check_category(category)
    minute = one_minutes(minutes)
    speed_kmh = resolve_speed_kmh(speed)
    if not 10 <= cell_m <= 2000:
        raise ParameterError("--cell", N_("must be from 10 to 2000 metres"))
    bundle = load_city(bundle_dir, year, database_url)
    model, source = city_model(bundle, population, elderly_share, profile)
    if course_categories:
        from learning_map.cli.coverage import courses_model

        model, _ = courses_model(bundle_dir, model, course_categories, year=year,
                                 database_url=database_url)
    report = find_gaps(model, category, minutes=minute, speed_kmh=speed_kmh, cell_m=cell_m)
    if out_path is not None:
        write_gpkg(report.gaps, out_path, "gaps")
    rows = gap_rows(report, model)
    if as_json:
        for row, shape in zip(rows, report.gaps.geometry, strict=True):
            row["geometry"] = json.loads(shapely.to_geojson(shape))
        echo_json({"city": bundle.name, "profile": profile, "category": category, "minutes": minute,
                   "speed_kmh": speed_kmh,
                   "walk_m": report.walk_m, "weight": report.weight_name, "uncovered": report.uncovered,
                   "population": source, "gaps": rows})
        return
    if report.weight_name == "elderly":
        line = N_("{city}: {areas} gap areas, {uncovered:,.0f} elderly residents beyond {minutes:g} min "
                  "at {speed} km/h of {category}")
    else:
        line = N_("{city}: {areas} gap areas, {uncovered:,.0f} residents beyond {minutes:g} min "
                  "at {speed} km/h of {category}")
    click.echo(cli_line(line, city=bundle.name, areas=len(report.gaps), uncovered=report.uncovered,
                        minutes=minute, speed=speed_kmh, category=category_term(category)))
    say_population(source)
    say_profile(profile)
    click.echo(gaps_table(rows[:top]))
    if out_path is not None:
        click.echo(cli_text(N_("Wrote {file}"), file=out_path))
