"""``learning-map coverage`` and ``map``: coverage tables and the offline HTML map."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from learning_map import settings
from learning_map.base.units import resolve_speed_kmh
from learning_map.cli.format import (
    format_table,
    load_city,
    one_output,
    parse_minutes,
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
              help="walk, or step-free: no steps and no wheelchair=no ways / 无台阶路线.")
@click.option("--course-category", "course_categories", multiple=True,
              help="Only sites offering a course of this category (key or label, e.g. 书画; "
                   "repeatable) / 仅统计开设该类课程的场所.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV.")
@registry_year_options
def coverage(
    bundle_dir: Path, minutes: str, speed: str, categories: tuple[str, ...], by: str | None,
    profile: str, course_categories: tuple[str, ...], as_json: bool, as_csv: bool,
    year: int | None = None, database_url: str | None = None,
) -> None:
    """Coverage within walking time, per category / 各类学习场所的步行覆盖率."""
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
    as_of = f", registry as of {year} / {year} 年名录" if year is not None else ""
    step_free = ", step-free / 无台阶" if profile == "step-free" else ""
    click.echo(f"{city}: walking at {speed_kmh} km/h / 步行速度 {speed_kmh} 公里/小时{as_of}{step_free}")
    if courses is not None:
        click.echo(f"Sites offering {' or '.join(courses['labels_en'])} courses in {courses['year']}: "
                   f"{courses['sites']} / {courses['year']} 年开设{'或'.join(courses['labels_zh'])}课程的场所："
                   f"{courses['sites']} 处")
    columns = [
        ("label_zh", "类别", ""), ("label_en", "Category", ""), ("sites", "Sites 场所", "d"),
        ("minutes", "Min 分钟", ".0f"), ("network_share", "Network 路网", ".1%"),
    ]
    if "population_share" in table:
        columns.append(("population_share", "Residents 居民", ".1%"))
    if "elderly_share" in table:
        columns.append(("elderly_share", "Elderly 老年人", ".1%"))
    click.echo(format_table(table.to_dict(orient="records"), columns))
    if units is not None:
        click.echo("")
        widest = units[units["minutes"] == max(minute_list)]
        click.echo(format_table(widest.to_dict(orient="records"), [
            ("unit", "Unit 单元", ""), ("category", "Category", ""),
            ("population", "Residents 居民", ",.0f"), ("population_share", "Covered 覆盖", ".1%"),
        ]))


@main.command(name="map")
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path), help="HTML file.")
@click.option("--minutes", default=str(max(settings.WALK_MINUTES)), show_default=True)
@click.option("--speed", default=settings.DEFAULT_PACE, show_default=True)
@click.option("--tiles", default=None, help="Tile URL template; default: the bundle's offline basemap.")
@registry_year_options
def map_command(bundle_dir: Path, out_path: Path, minutes: str, speed: str, tiles: str | None,
                year: int | None, database_url: str | None) -> None:
    """Write an offline HTML map of sites and walking areas / 生成离线地图."""
    from learning_map.export.html import inline_basemap, map_document, write_map

    minute_list = parse_minutes(minutes)
    speed_kmh = resolve_speed_kmh(speed)
    bundle = load_city(bundle_dir, year, database_url)
    isochrones = bundle.model.isochrones(minutes=minute_list, speed_kmh=speed_kmh)
    title = f"{bundle.name}: {max(minute_list):.0f} 分钟步行学习圈 / {max(minute_list):.0f}-minute learning circle"
    html = map_document(bundle.network, bundle.sites, isochrones, title=title, tiles=tiles,
                        basemap=inline_basemap(bundle.path))
    write_map(html, out_path)
    click.echo(f"Wrote {out_path} / 已生成地图")


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
    if not len(catalogue):
        when = f" for {year}" if year is not None else ""
        raise ParameterError(
            "--course-category", f"the registry has no courses{when}; import them with "
            "'learning-map import DIR courses.csv --courses --year Y'", "名录中没有课程，请先导入课程表")
    mask = offering_mask(model.sites["site_id"], catalogue, keys)
    labels_en = [catalogue.taxonomy.label(k, "en") for k in keys]
    labels_zh = [catalogue.taxonomy.label(k, "zh") for k in keys]
    if not mask.any():
        raise ParameterError(
            "--course-category", f"no site offers a {' or '.join(labels_en)} course in {catalogue.year}",
            f"{catalogue.year} 年没有场所开设该类课程")
    about = {"categories": keys, "labels_en": labels_en, "labels_zh": labels_zh,
             "year": catalogue.year, "sites": int(mask.sum())}
    return model.with_sites(model.sites[mask].reset_index(drop=True)), about
