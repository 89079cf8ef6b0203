"""``learning-map scorecard`` and ``access``: per-unit scores against a standard, seats within a walk."""

from __future__ import annotations

from pathlib import Path

import click

from learning_map import settings
from learning_map.base.i18n import N_, cli_ntext, cli_text
from learning_map.cli.format import (
    CITY_TOTAL_UNIT,
    category_term,
    cli_line,
    data_label,
    format_table,
    load_city,
    one_output,
    read_field_layer,
    registry_year_options,
)
from learning_map.cli.group import main
from learning_map.cli.planning import (
    check_category,
    city_model,
    echo_json,
    population_options,
    profile_option,
    records,
    say_population,
    say_profile,
    walk_options,
)


@main.command()
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--by", "by", required=True, help="Reporting units FILE:FIELD.")
@click.option("--parent", "parent", default=None, help="Upper units FILE:FIELD (e.g. districts).")
@click.option("--standard", default="gb50180", show_default=True,
              help="Built-in standard (gb50180, shanghai, hangzhou, national-elderly) or a .toml file.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON (figures and checks).")
@click.option("--csv", "as_csv", is_flag=True, help="The checks as CSV.")
@profile_option
@population_options
@registry_year_options
def scorecard(bundle_dir: Path, by: str, parent: str | None, standard: str, as_json: bool,
              as_csv: bool, population: str | None, elderly_share: str | None,
              year: int | None, database_url: str | None, profile: str = settings.DEFAULT_PROFILE) -> None:
    """Per-unit scorecard against a planning standard."""
    from learning_map.planning.standards import load_standard
    from learning_map.planning.standards import scorecard as make_scorecard

    one_output(as_json=as_json, as_csv=as_csv)
    rules = load_standard(standard)
    units, field = read_field_layer(by, "--by", "reporting units")
    parents, parent_field = read_field_layer(parent, "--parent", "upper units") if parent else (None, None)
    bundle = load_city(bundle_dir, year, database_url)
    model, source = city_model(bundle, population, elderly_share, profile)
    card = make_scorecard(model, rules, units, field, parents=parents, parent_field=parent_field)
    if as_json:
        echo_json({"city": bundle.name, "profile": profile, "standard": rules.name, "title_zh": rules.title_zh,
               "title_en": rules.title_en, "population": source, "figures": records(card.figures),
               "checks": records(card.checks)})
        return
    if as_csv:
        from learning_map.base.tables import csv_text

        click.echo(csv_text(card.checks), nl=False)
        return
    click.echo(cli_line("{city}: {name} {title}", city=bundle.name, name=rules.name,
                        title=data_label(rules.title_en or rules.title_zh, rules.title_zh or rules.title_en)))
    say_population(source)
    say_profile(profile)
    rows = records(card.checks)
    verdicts = {True: cli_text(N_("pass")), False: cli_text(N_("FAIL"))}
    for row in rows:
        row["pace"] = row["pace"] or ""
        row["unit"] = unit_name(row["unit"])
        row["verdict"] = verdicts.get(row["pass"]) or cli_text(N_("n/a"))
    click.echo(format_table(rows, [
        ("rule", N_("Rule"), ""), ("unit", N_("Unit"), ""), ("pace", N_("Pace"), ""),
        ("limit", N_("Limit"), ""), ("value", N_("Value"), ".3g"), ("required", N_("Required"), ".3g"),
        ("verdict", N_("Verdict"), ""),
    ]))


def unit_name(unit: object) -> object:
    """A unit of a planning table as shown: the city total and "outside units" in words, a unit's own name as given."""
    from learning_map.planning.standards import CITY_TOTAL, OUTSIDE

    if unit == CITY_TOTAL:
        return cli_text(CITY_TOTAL_UNIT)
    # Translators: the row of residents who are in none of the reporting units.
    return cli_text(N_("(outside units)")) if unit == OUTSIDE else unit


@main.command()
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--category", required=True, help="Category of sites (or all).")
@click.option("--by", "by", default=None, help="Reporting units FILE:FIELD.")
@click.option("--minutes", default=str(max(settings.WALK_MINUTES)), show_default=True,
              help="Catchment: walking minutes.")
@click.option("--speed", default=settings.DEFAULT_PACE, show_default=True,
              help="adult (4.8 km/h), elderly (3.3 km/h) or km/h.")
@click.option("--decay", default="gaussian", show_default=True,
              help="Distance decay in metres: gaussian (sigma = half the catchment), gaussian:SIGMA_M, "
                   "step:M=W,M=W,... or none.")
@click.option("--csv", "csv_path", type=click.Path(path_type=Path), default=None,
              help="Write the per-unit table (with --by), else one row per demand point, as CSV.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON.")
@profile_option
@population_options
@registry_year_options
def access(bundle_dir: Path, category: str, by: str | None, minutes: str, speed: str, decay: str,
           csv_path: Path | None, as_json: bool, population: str | None, elderly_share: str | None,
           year: int | None, database_url: str | None, profile: str = settings.DEFAULT_PROFILE) -> None:
    """Seats per 1,000 residents within a walk (2SFCA, distance decay)."""
    from learning_map.errors import NoMatchError
    from learning_map.planning.access import access_scores, parse_decay

    category = check_category(category)
    minute, speed_kmh, walk_m = walk_options(minutes, speed)
    decay_fn = parse_decay(decay, walk_m)
    units, field = read_field_layer(by, "--by", "reporting units") if by else (None, None)
    bundle = load_city(bundle_dir, year, database_url)
    model, source = city_model(bundle, population, elderly_share, profile)
    report = access_scores(model, category, walk_m, decay=decay_fn, units=units, field=field)
    if report.sites_with_capacity == 0:
        raise NoMatchError("--category", N_("none of the {count} sites of {category} has a capacity on the "
                                            "network; give seats in the registry's capacity column and import it"),
                           count=report.sites, category=category_term(category))
    counts = {"sites": report.sites, "with_capacity": report.sites_with_capacity,
              "without_capacity": report.sites_without_capacity, "off_network": report.sites_off_network}
    if csv_path is not None:
        from learning_map.base.tables import write_csv

        write_csv(report.units if report.units is not None else report.points, csv_path)
    if as_json:
        echo_json({"city": bundle.name, "profile": profile, "category": category, "minutes": minute,
               "speed_kmh": speed_kmh,
               "walk_m": walk_m, "decay": report.decay.label, "method": "2SFCA (decay in both steps)",
               "sites": counts, "seats": report.seats, "seats_reaching_residents": report.seats_reaching,
               "city_total": {k: None if v != v else v for k, v in report.city.items()},  # NaN: no elderly
               "population": source,
               "units": records(report.units) if report.units is not None else None})
        return
    click.echo(cli_line(N_("{city}: {category}, {minutes:g} min at {speed} km/h ({walk_m:.0f} m), decay {decay}; "
                           "seats within reach (2SFCA)"), city=bundle.name, category=category_term(category),
                        minutes=minute, speed=speed_kmh, walk_m=walk_m, decay=report.decay.label))
    say_population(source)
    say_profile(profile)
    click.echo(cli_ntext("{counted} of {n} site counted; {without} without a capacity left out",
                         "{counted} of {n} sites counted; {without} without a capacity left out", report.sites,
                         counted=report.sites_with_capacity, without=report.sites_without_capacity))
    if report.sites_off_network:
        click.echo(cli_ntext("{n} site off the street network left out",
                             "{n} sites off the street network left out", report.sites_off_network))
    city = report.city
    elderly = city["seats_per_1000_elderly"]
    figures = {"seats": report.seats, "reaching": report.seats_reaching, "per_1000": city["seats_per_1000"],
               "elderly": elderly}
    if elderly == elderly:  # NaN: no elderly residents
        click.echo(cli_text(N_("Seats {seats:,.0f} ({reaching:,.0f} within reach of residents); {per_1000:.2f} per "
                               "1,000 residents, {elderly:.2f} per 1,000 elderly"), **figures))
    else:
        click.echo(cli_text(N_("Seats {seats:,.0f} ({reaching:,.0f} within reach of residents); {per_1000:.2f} per "
                               "1,000 residents"), **figures))
    if report.units is not None:
        click.echo(format_table([{**row, "unit": unit_name(row["unit"])} for row in records(report.units)], [
            ("unit", N_("Unit"), ""), ("population", N_("Residents"), ",.0f"),
            ("seats_per_1000", N_("Seats/1,000"), ".2f"), ("elderly", N_("Elderly"), ",.0f"),
            ("seats_per_1000_elderly", N_("Seats/1,000 elderly"), ".2f"),
        ]))
    if csv_path is not None:
        click.echo(cli_text(N_("Wrote {file}"), file=csv_path))
