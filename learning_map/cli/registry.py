"""``learning-map import`` and ``registry dump | restore | show``: the city's registry store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from learning_map.base.i18n import N_, cli_locale, cli_ntext, cli_text
from learning_map.city.coords import AUTO, COORDINATE_SYSTEMS
from learning_map.cli.format import category_name, format_table, subtype_name
from learning_map.cli.group import main
from learning_map.errors import ParameterError


def store_option(function: Any) -> Any:
    """``--database``: the registry in PostGIS instead of the bundle's GeoPackage."""
    return click.option(
        "--database", "database_url", default=None, metavar="URL",
        help="PostGIS database postgresql://... (default: $LEARNING_MAP_DATABASE_URL, "
             "else DIR/registry.gpkg).",
    )(function)


def open_registry_store(bundle_dir: Path, database_url: str | None) -> Any:
    """The registry store of a city: PostGIS at ``database_url``, else the bundle's GeoPackage."""
    from learning_map.store import open_store

    return open_store(bundle_dir, url=database_url)


@main.command(name="import")
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.argument("registry_file", type=click.Path(path_type=Path))
@click.option("--year", type=int, default=None, help="Year the registry describes (default: this year).")
@click.option("--coords", "coordinate_system", default="wgs84", show_default=True,
              type=click.Choice([*COORDINATE_SYSTEMS, AUTO]),
              help="Coordinate system of the file: gcj02 = Amap/Gaode/Tencent, bd09 = Baidu, "
                   "auto = decide from the data (needs a built city).")
@click.option("--sheet", default=None, help="Worksheet to read from an Excel workbook.")
@click.option("--close-missing", is_flag=True,
              help="Close the sites open last year that this file no longer lists.")
@click.option("--osm", "osm_path", type=click.Path(path_type=Path), default=None,
              help="OSM extract whose addresses and named places place rows that have no coordinates "
                   "(default for names: the city's build).")
@click.option("--gazetteer", "gazetteer_spec", default=None, metavar="FILE[:ADDRESS_FIELD]",
              help="The office's own address file (points with an address field, any format and CRS): "
                   "rows without coordinates are placed by their address first.")
@click.option("--districts", "districts_spec", default=None, metavar="FILE:FIELD",
              help="District polygons and their name field: a row naming a district is placed only inside it.")
@click.option("--courses", "courses_only", is_flag=True,
              help="REGISTRY_FILE is a courses file (keyed by site id): replace the year's "
                   "courses of the sites it lists.")
@click.option("--taxonomy", "taxonomy_path", type=click.Path(path_type=Path), default=None,
              help="Course categories (TOML) instead of DIR/course_taxonomy.toml or the built-in ones.")
@store_option
def import_registry(
    bundle_dir: Path, registry_file: Path, year: int | None, coordinate_system: str,
    sheet: str | None, close_missing: bool, osm_path: Path | None, gazetteer_spec: str | None,
    districts_spec: str | None, courses_only: bool, taxonomy_path: Path | None, database_url: str | None,
) -> None:
    """
    Import a yearly registry file, or an OSM extract's sites, into the registry.

    REGISTRY_FILE is CSV, XLSX, GeoJSON, GeoPackage or Shapefile; an ``.osm.pbf``/``.osm``
    extract adds its learning sites with ``source=osm`` for the year in its header. A
    workbook's courses sheet is imported as the year's courses after its sites;
    ``--courses`` imports a courses file on its own.

    Rows without coordinates are placed, in this order, by the office's address file
    (``--gazetteer``), the extract's addresses (``--osm``), their name in OpenStreetMap, and a
    geocoding service when LEARNING_MAP_GEOCODER is set (tianditu, amap or baidu, the key in
    LEARNING_MAP_GEOCODER_KEY); the rest are listed with suggestions, to be placed by hand on the
    admin map.
    """
    import datetime

    from learning_map.city.courses.files import course_sheet
    from learning_map.city.courses.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(taxonomy_path, city_dir=bundle_dir)
    if courses_only:
        if not bundle_dir.is_dir():
            raise ParameterError("BUNDLE_DIR", N_("city folder not found: {folder}"), folder=bundle_dir)
        _import_courses(bundle_dir, registry_file, year or datetime.date.today().year,
                        taxonomy=taxonomy, sheet=sheet, database_url=database_url)
        return

    from learning_map.errors import StoreError
    from learning_map.store.imports import (
        is_osm_extract,
    )

    if not bundle_dir.is_dir():
        raise StoreError(N_("city folder not found: {folder}"), folder=bundle_dir)
    plan, year = _plan_import(bundle_dir, registry_file, year, coordinate_system, sheet,
                              Placing(osm_path, gazetteer_spec, districts_spec, database_url))
    good, rejected = plan.sites, plan.rejected
    _report_placement(bundle_dir, plan.placement)
    _report_rejected(bundle_dir, plan.source, len(good), rejected)
    if good.empty:
        raise StoreError(N_("{source}: no sites to import, the registry is unchanged"), source=plan.source)
    store = open_registry_store(bundle_dir, database_url)
    try:
        plan.find_registry_duplicates(store.all_sites())
        for line in plan.duplicate_lines():
            click.echo(line)
        report = store.import_sites(good, year=year, source=plan.source, file_sha256=plan.file_sha256,
                                    close_missing=close_missing, rejected=len(rejected))
    finally:
        store.close()
    click.echo(report.summary)
    if report.missing_summary:
        click.echo(report.missing_summary)
    courses_sheet = None if is_osm_extract(registry_file) else course_sheet(registry_file)
    if courses_sheet is not None:
        _import_courses(bundle_dir, registry_file, year, taxonomy=taxonomy, sheet=courses_sheet,
                        database_url=database_url)
    click.echo(cli_text(N_("Registry: {where}"), where=store.where))


@dataclass(frozen=True)
class Placing:
    """How ``import`` places rows without coordinates: the options that say so."""

    osm_path: Path | None = None
    gazetteer_spec: str | None = None
    districts_spec: str | None = None
    database_url: str | None = None


def _plan_import(bundle_dir: Path, registry_file: Path, year: int | None, coordinate_system: str,
                 sheet: str | None, placing: Placing) -> tuple[Any, int]:
    """The rows to import (read and checked, nothing written) and the year they are for."""
    import contextlib
    import datetime

    from learning_map.store.imports import is_osm_extract, prepare_import, prepare_osm_import

    if is_osm_extract(registry_file):
        # The extract's learning sites enter the registry as source=osm, for its own year.
        plan, extract_year = prepare_osm_import(registry_file)
        year = year if year is not None else extract_year
    else:
        network, anchors = (
            _city_network(bundle_dir) if coordinate_system == "auto" else (None, None)
        )
        with contextlib.ExitStack() as stack:
            placers, districts, area = _placers(bundle_dir, placing, stack)
            plan = prepare_import(registry_file, coordinate_system=coordinate_system, sheet=sheet,
                                  network=network, anchors=anchors, placers=placers, districts=districts,
                                  area=area)
        if plan.coordinate_decision is not None:
            click.echo(plan.coordinate_decision.message)
    return plan, year if year is not None else datetime.date.today().year


def _placers(bundle_dir: Path, placing: Placing, stack: Any) -> tuple[list[Any], Any, Any]:
    """
    The placement chain of ``import`` in its order, the districts and the city's area.

    The office's address file, the extract's addresses, names (the extract's, else the
    city's build index), then the configured geocoding service (its answers cached in the
    registry store, which ``stack`` closes).
    """
    from learning_map.bundle.named_places import (
        REBUILD_FOR_NAMES,
        built_without_names,
        city_area,
        read_named_places,
    )
    from learning_map.city.districts import Districts
    from learning_map.city.geocoders import geocoder_from_env
    from learning_map.city.name_match import NameMatcher, named_features
    from learning_map.cli.format import file_and_field, split_file_field

    districts = None
    if placing.districts_spec:
        path, field = file_and_field(placing.districts_spec, "--districts", example="districts.geojson:district")
        districts = Districts.from_file(path, field)
    placers: list[Any] = []
    if placing.gazetteer_spec:
        from learning_map.city.gazetteer import Gazetteer

        path, field = split_file_field(placing.gazetteer_spec, "--gazetteer")
        gazetteer = Gazetteer.from_file(path, field)
        click.echo(gazetteer.summary_text())
        placers.append(gazetteer)
    if placing.osm_path is not None:  # the offline geocoder: the extract's own addresses and names
        from learning_map.city.geocode import Geocoder
        from learning_map.io.osm import read_osm

        extract = read_osm(placing.osm_path, addresses=True)
        placers.append(Geocoder.from_extract(extract))
        features = named_features(extract)
    else:
        features = read_named_places(bundle_dir)
        if features is None and built_without_names(bundle_dir):
            click.echo(cli_text(REBUILD_FOR_NAMES))
    if features is not None and len(features):
        placers.append(NameMatcher(features, districts=districts))
    service = geocoder_from_env(cache=_geocode_cache(bundle_dir, placing.database_url, stack))
    if service is not None:
        placers.append(service)
    return placers, districts, city_area(bundle_dir)


def _geocode_cache(bundle_dir: Path, database_url: str | None, stack: Any) -> Any:
    """The registry store's cache of geocoding answers (opened only when a service is configured)."""
    import os

    if not os.environ.get("LEARNING_MAP_GEOCODER"):
        return None
    from learning_map.store.geocode_cache import store_geocode_cache

    store = open_registry_store(bundle_dir, database_url)
    stack.callback(store.close)
    return store_geocode_cache(store)


def _report_placement(bundle_dir: Path, report: Any) -> None:
    """Say how rows were placed (per method, with confidence bands) and write the full report beside the city."""
    from learning_map.base.tables import write_csv
    from learning_map.city.placement import report_lines, report_table

    path = bundle_dir / PLACEMENT_REPORT_FILE
    if report is None or not len(report) or ((report["method"] == "file").all() and (report["flag"] == "").all()):
        path.unlink(missing_ok=True)  # nothing placed by a method: an earlier report would mislead
        return
    for line in report_lines(report):
        click.echo(line)
    write_csv(report_table(report, cli_locale()), path)
    click.echo(cli_text(N_("How every row was placed, with suggestions for the others: {file}"), file=path))


def _report_rejected(bundle_dir: Path, source: str, good: int, rejected: Any) -> None:
    """Write the rejected rows beside the city (or remove an old file) and say how many."""
    from learning_map.base.tables import write_csv
    from learning_map.store.imports import REJECTED_IMPORT_FILE

    rejected_path = bundle_dir / REJECTED_IMPORT_FILE
    if len(rejected):
        write_csv(rejected, rejected_path)
    elif rejected_path.exists():
        rejected_path.unlink()  # from an earlier import; nothing is rejected now
    click.echo(cli_text(N_("{source}: {good} sites to import, {rejected} rows rejected"), source=source,
                        good=good, rejected=len(rejected)))
    if len(rejected):
        click.echo(cli_text(N_("Rejected rows with line numbers and reasons: {file}; fix them and import again"),
                            file=rejected_path))


REJECTED_COURSES_FILE = "rejected_courses.csv"
PLACEMENT_REPORT_FILE = "placement_report.csv"


def _import_courses(bundle_dir: Path, path: Path, year: int, *, taxonomy: Any, sheet: str | None,
                    database_url: str | None) -> None:
    """Read a courses file (or sheet), report its bad rows by line, replace the year's courses."""
    from learning_map.base.tables import write_csv
    from learning_map.city.courses.files import read_courses
    from learning_map.errors import StoreError

    store = open_registry_store(bundle_dir, database_url)
    try:
        known = store.all_sites()["site_id"].tolist()
        load = read_courses(path, taxonomy=taxonomy, site_ids=known, sheet=sheet)
        click.echo(load.summary + (f" [{sheet}]" if sheet else ""))
        rejected_path = bundle_dir / REJECTED_COURSES_FILE
        if len(load.rejected):
            write_csv(load.rejected, rejected_path)
            for line in load.rejected_lines():
                click.echo(line)
            click.echo(cli_text(N_("Rejected rows with line numbers and reasons: {file}; fix them and import again"),
                                file=rejected_path))
        elif rejected_path.exists():
            rejected_path.unlink()  # from an earlier import; nothing is rejected now
        if load.courses.empty:
            raise StoreError(N_("{source}: no courses to import, the registry is unchanged"), source=load.source)
        report = store.import_courses(load.courses, year=year, source=load.source,
                                      rejected=len(load.rejected))
    finally:
        store.close()
    click.echo(report.summary)


def _city_network(bundle_dir: Path) -> tuple[Any, Any]:
    """The walk network and sites of the city's current build, for --coords auto."""
    from learning_map.bundle.core import CURRENT_FILE, load_bundle

    if not (bundle_dir / CURRENT_FILE).is_file():
        raise ParameterError("--coords", N_("auto needs a built city in {folder} (run learning-map build first)"),
                             folder=bundle_dir)
    bundle = load_bundle(bundle_dir)
    return bundle.network, bundle.sites


@main.command(name="merge")
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.argument("keep_id")
@click.argument("other_id")
@click.option("--year", type=int, required=True, help="First year OTHER_ID is no longer open.")
@store_option
def merge(bundle_dir: Path, keep_id: str, other_id: str, year: int, database_url: str | None) -> None:
    """Merge a duplicate site into the one to keep."""
    store = open_registry_store(bundle_dir, database_url)
    try:
        import getpass

        # Who: the account that ran the command (the admin pages record the signed-in user).
        filled = store.merge_sites(keep_id, other_id, year, by=f"cli:{getpass.getuser()}")
    finally:
        store.close()
    if filled:
        click.echo(cli_text(N_("Merged {other} into {keep}: {other} closed in {year}; {keep} took {fields}"),
                            other=other_id, keep=keep_id, year=year, fields=", ".join(filled)))
    else:
        click.echo(cli_text(N_("Merged {other} into {keep}: {other} closed in {year}; {keep} took nothing"),
                            other=other_id, keep=keep_id, year=year))


@main.group()
def registry() -> None:
    """The city's registry store: dump, restore, show a year."""


@registry.command(name="dump")
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.argument("out_path", type=click.Path(path_type=Path))
@store_option
def registry_dump(bundle_dir: Path, out_path: Path, database_url: str | None) -> None:
    """Write the whole registry to a portable dump file (JSON lines)."""
    store = open_registry_store(bundle_dir, database_url)
    try:
        if not out_path.parent.is_dir():
            raise ParameterError("OUT", N_("folder not found: {folder}"), folder=out_path.parent)
        store.dump(out_path)
        sites, history = len(store.all_sites()), len(store.history())
    finally:
        store.close()
    click.echo(cli_text(N_("Wrote {file}: {sites} sites, {history} history rows"), file=out_path, sites=sites,
                        history=history))


@registry.command(name="restore")
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.argument("in_path", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Overwrite a registry that already holds data.")
@store_option
def registry_restore(bundle_dir: Path, in_path: Path, replace: bool, database_url: str | None) -> None:
    """Load a dump into the registry store, in one transaction."""
    store = open_registry_store(bundle_dir, database_url)
    try:
        counts = store.restore(in_path, replace=replace)
    finally:
        store.close()
    click.echo(cli_text(N_("Restored {sites} sites, {history} history rows and {imports} imports into {where}"),
                        sites=counts["sites"], history=counts["site_history"], imports=counts["imports"],
                        where=store.where))


@registry.command(name="show")
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--year", type=int, required=True, help="Show the sites open in this year.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with every column and lon/lat.")
@store_option
def registry_show(bundle_dir: Path, year: int, as_csv: bool, database_url: str | None) -> None:
    """List the sites open in a year."""
    store = open_registry_store(bundle_dir, database_url)
    try:
        sites = store.sites_as_of(year)
    finally:
        store.close()
    if as_csv:
        from learning_map.base.tables import csv_text

        table = sites.drop(columns=sites.geometry.name).assign(
            lon=sites.geometry.x.to_numpy(), lat=sites.geometry.y.to_numpy()
        )
        click.echo(csv_text(table), nl=False)
        return
    click.echo(cli_ntext("{n} site open in {year}", "{n} sites open in {year}", len(sites), year=year))
    rows = [
        {
            "site_id": row.site_id, "name": row.name,
            "category": category_name(row.category),
            "subtype": subtype_name(row.subtype) if isinstance(row.subtype, str) else row.subtype,
            "opened_year": row.opened_year,
            "closed_year": "" if pd_isna(row.closed_year) else row.closed_year,
        }
        for row in sites.itertuples()
    ]
    click.echo(format_table(rows, [
        ("site_id", N_("ID"), ""), ("name", N_("Name"), ""), ("category", N_("Category"), ""),
        ("subtype", N_("Subtype"), ""), ("opened_year", N_("Year opened"), ""),
        ("closed_year", N_("Closes"), ""),
    ]))


def pd_isna(value: Any) -> bool:
    """Whether ``value`` is a missing value (None, NaN, NA)."""
    import pandas as pd

    return bool(pd.isna(value))
