"""``learning-map coverage`` and ``map``: coverage tables and the offline HTML map."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from learning_map import settings
from learning_map.base.i18n import N_, cli_locale, cli_text, gettext
from learning_map.base.units import resolve_speed_kmh
from learning_map.cli.format import (
    category_name,
    cli_line,
    data_label,
    format_table,
    joined,
    load_city,
    one_output,
    parse_minutes,
    product_language,
    read_field_layer,
    registry_year_options,
    units_with_city_total,
)
from learning_map.cli.group import main
from learning_map.errors import ParameterError, no_such_field

if TYPE_CHECKING:
    import pandas as pd

    from learning_map.bundle.core import CityBundle


@main.command()
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--minutes", default=",".join(map(str, settings.WALK_MINUTES)), show_default=True,
              help="Walking minutes, comma-separated.")
@click.option("--speed", default=settings.DEFAULT_PACE, show_default=True,
              help="adult (4.8 km/h), elderly (3.3 km/h) or km/h.")
@click.option("--category", "categories", multiple=True, help="Only these categories (repeatable).")
@click.option("--by", "by", help="Reporting units FILE:FIELD, e.g. zones.geojson:name.")
@click.option("--profile", default=settings.DEFAULT_PROFILE, show_default=True,
              type=click.Choice(settings.PROFILES),
              help="walk, or step-free: no steps and no wheelchair=no ways.")
@click.option("--course-category", "course_categories", multiple=True,
              help="Only sites offering a course of this category (key or label, e.g. calligraphy; "
                   "repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV.")
@registry_year_options
def coverage(
    bundle_dir: Path, minutes: str, speed: str, categories: tuple[str, ...], by: str | None,
    profile: str, course_categories: tuple[str, ...], as_json: bool, as_csv: bool,
    year: int | None = None, database_url: str | None = None,
) -> None:
    """Coverage within walking time, per category."""
    one_output(as_json=as_json, as_csv=as_csv)
    minute_list = parse_minutes(minutes)
    _check_categories(categories)
    speed_kmh = resolve_speed_kmh(speed)
    units_layer, field = None, None
    if by:
        units_layer, field = read_field_layer(by, "--by", "reporting units")
        if field not in units_layer:
            raise no_such_field("--by", field, units_layer.columns)
    bundle = load_city(bundle_dir, year, database_url)
    model = bundle.model_for(profile)
    courses = None
    if course_categories:
        model, courses = courses_model(bundle_dir, model, course_categories, year=year,
                                       database_url=database_url)
    keys = list(categories) or None
    table = model.summary(minutes=minute_list, speed_kmh=speed_kmh, categories=keys)
    units = None
    if units_layer is not None:
        units = model.summary_by_unit_minutes(
            units_layer, field, minutes=minute_list, speed_kmh=speed_kmh, categories=keys
        )
    if as_json:
        _echo_coverage_json(bundle, year, profile, speed_kmh, minute_list, table, units, courses)
    elif as_csv:
        from learning_map.base.tables import csv_text

        tidy = table if units is None else units_with_city_total(table, units)
        click.echo(csv_text(tidy), nl=False)
    else:
        _say_coverage(bundle.name, year, profile, speed_kmh, minute_list, table, units, courses)


def _check_categories(categories: tuple[str, ...]) -> None:
    """Every ``--category`` a category key or ``all``."""
    from learning_map.city.categories import ALL_SITES, CATEGORIES, unknown_category

    for key in categories:
        if key not in CATEGORIES and key != ALL_SITES:
            raise unknown_category("--category", key)


def _echo_coverage_json(bundle: CityBundle, year: int | None, profile: str, speed_kmh: float,
                        minute_list: list[float], table: pd.DataFrame, units: pd.DataFrame | None,
                        courses: dict[str, Any] | None) -> None:
    """The coverage tables as JSON, with the city, the walk and the course filter."""
    payload = {
        "city": bundle.name,
        "registry_year": year,
        "profile": profile,
        "speed_kmh": speed_kmh,
        "minutes": minute_list,
        "network_km": bundle.network.total_length_m / 1000,
        "population": bundle.demand.total if bundle.demand is not None else None,
        "coverage": table.to_dict(orient="records"),
    }
    if courses is not None:
        payload["courses"] = courses
    if units is not None:
        payload["units"] = units.to_dict(orient="records")
    from learning_map.base.figures import json_text

    click.echo(json_text(payload))


def _say_coverage(city: str, year: int | None, profile: str, speed_kmh: float,
                  minute_list: list[float], table: pd.DataFrame, units: pd.DataFrame | None,
                  courses: dict[str, Any] | None) -> None:
    """The coverage tables as text: per category, then per unit at the longest walk."""
    if year is not None and profile == "step-free":
        line = N_("{city}: walking at {speed} km/h, registry as of {year}, step-free")
    elif year is not None:
        line = N_("{city}: walking at {speed} km/h, registry as of {year}")
    elif profile == "step-free":
        line = N_("{city}: walking at {speed} km/h, step-free")
    else:
        line = N_("{city}: walking at {speed} km/h")
    click.echo(cli_text(line, city=city, speed=speed_kmh, year=year))
    if courses is not None:
        labels = [data_label(en, zh) for en, zh in zip(courses["labels_en"], courses["labels_zh"], strict=True)]
        # Translators: {courses} lists course categories, already joined.
        click.echo(cli_line(N_("Sites offering courses of {courses} in {year}: {sites}"),
                            courses=joined(labels), year=courses["year"], sites=courses["sites"]))
    columns = [
        ("name", N_("Category"), ""), ("sites", N_("Sites"), "d"),
        ("minutes", N_("Min"), ".0f"), ("network_share", N_("Network"), ".1%"),
    ]
    if "population_share" in table:
        columns.append(("population_share", N_("Residents"), ".1%"))
    if "elderly_share" in table:
        columns.append(("elderly_share", N_("Elderly"), ".1%"))
    rows = [{**row, "name": category_name(row["category"])} for row in table.to_dict(orient="records")]
    click.echo(format_table(rows, columns))
    if units is not None:
        click.echo("")
        widest = units[units["minutes"] == max(minute_list)]
        click.echo(format_table([{**row, "category": category_name(row["category"])}
                                 for row in widest.to_dict(orient="records")], [
            ("unit", N_("Unit"), ""), ("category", N_("Category"), ""),
            ("population", N_("Residents"), ",.0f"), ("population_share", N_("Covered"), ".1%"),
        ]))


@main.command(name="map")
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path), help="HTML file.")
@click.option("--minutes", default=str(max(settings.WALK_MINUTES)), show_default=True)
@click.option("--speed", default=settings.DEFAULT_PACE, show_default=True)
@click.option("--tiles", default=None, help="Tile URL template; default: the bundle's offline basemap.")
@registry_year_options
@product_language
def map_command(bundle_dir: Path, out_path: Path, minutes: str, speed: str, tiles: str | None,
                year: int | None, database_url: str | None, locale: str | None) -> None:
    """Write an offline HTML map of sites and walking areas."""
    from learning_map.export.html import inline_basemap, map_document, write_map
    from learning_map.export.words import city_name, product_locale

    minute_list = parse_minutes(minutes)
    speed_kmh = resolve_speed_kmh(speed)
    bundle = load_city(bundle_dir, year, database_url)
    isochrones = bundle.model.isochrones(minutes=minute_list, speed_kmh=speed_kmh)
    written_in = product_locale(bundle.sites, locale)
    title = gettext(N_("{city}: {minutes:.0f}-minute learning circle"), locale=written_in,
                    city=city_name(bundle, written_in), minutes=max(minute_list))
    html = map_document(bundle.network, bundle.sites, isochrones, title=title, tiles=tiles,
                        basemap=inline_basemap(bundle.path), locale=written_in)
    write_map(html, out_path)
    click.echo(cli_text(N_("Wrote {file}"), file=out_path))


def courses_model(bundle_dir: Path, model: Any, values: tuple[str, ...], *,
                  year: int | None, database_url: str | None) -> tuple[Any, dict[str, Any]]:
    """
    The coverage model over the sites offering a course of the given categories.

    Courses come from the registry store (the year's, else the latest up to now).

    Returns
    -------
    model, about
        ``about``: the category keys and labels, the course year and how many sites offer them.
    """
    from learning_map.city.courses.catalogue import city_timezone, offering_mask, resolve_categories
    from learning_map.store.catalogue import catalogue_from_store

    catalogue = catalogue_from_store(bundle_dir, year=year, url=database_url,
                                     timezone=city_timezone(model.network.bounds_lonlat()))
    keys = resolve_categories(values, catalogue.taxonomy)
    if not len(catalogue) and year is not None:
        raise ParameterError("--course-category", N_(
            "the registry has no courses for {year}; import them with "
            "'learning-map import DIR courses.csv --courses --year Y'"), year=year)
    if not len(catalogue):
        raise ParameterError("--course-category", N_(
            "the registry has no courses; import them with "
            "'learning-map import DIR courses.csv --courses --year Y'"))
    mask = offering_mask(model.sites["site_id"], catalogue, keys)
    labels_en = [catalogue.taxonomy.label(k, "en") for k in keys]
    labels_zh = [catalogue.taxonomy.label(k, "zh") for k in keys]
    if not mask.any():
        raise ParameterError("--course-category", N_("no site offers a course of {courses} in {year}"),
                             courses=tuple(data_label(en, zh)(cli_locale() or "en")
                                           for en, zh in zip(labels_en, labels_zh, strict=True)),
                             year=catalogue.year)
    about = {"categories": keys, "labels_en": labels_en, "labels_zh": labels_zh,
             "year": catalogue.year, "sites": int(mask.sum())}
    return model.with_sites(model.sites[mask].reset_index(drop=True)), about
