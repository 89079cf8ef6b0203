"""``learning-map export``: the yearly learning map of a city (maps, data files, tables, changes)."""

from __future__ import annotations

from pathlib import Path

import click

from learning_map.base.i18n import N_, cli_text
from learning_map.cli.format import product_language, read_field_layer
from learning_map.cli.group import main
from learning_map.errors import ParameterError


@main.command(name="export")
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--year", type=int, required=True, help="Registry year to export.")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder to write (replaced as a whole), e.g. dist/2026.")
@click.option("--by", "by", default=None, help="Reporting units FILE:FIELD for per-unit tables.")
@click.option("--standard", default=None,
              help="Add a scorecard against this standard (needs --by): gb50180, shanghai, ...")
@click.option("--title", default=None, help="Map title; default from the city and year.")
@click.option("--cgcs2000", is_flag=True, help="Also write the sites in CGCS2000 (EPSG:4490).")
@click.option("--shapefile", is_flag=True, help="Also write the sites as a GBK Shapefile.")
@click.option("--paper", default="A3", show_default=True, help="Poster paper: A3 or A1.")
@click.option("--base-url", default=None, envvar="LEARNING_MAP_PUBLIC_URL", metavar="URL",
              help="Public web map address for the poster's QR codes (default: "
                   "$LEARNING_MAP_PUBLIC_URL; none printed when unset).")
@click.option("--publisher", default=None, help="Publisher printed on the poster.")
@click.option("--review-number", default=None,
              help="Map review number printed on the poster (shentu hao), for mainland publication.")
@click.option("--maps", "maps", default="learning,elderly,walks", show_default=True,
              help="Printed maps to write, comma-separated: learning (every category), elderly "
                   "(the elderly-education map), walks (the humanities walking map).")
@click.option("--no-print", "no_print", is_flag=True,
              help="Skip the poster and booklets (data files and the HTML map only).")
@click.option("--database", "database_url", default=None, metavar="URL",
              help="Registry in PostGIS (default: $LEARNING_MAP_DATABASE_URL, else DIR/registry.gpkg).")
@product_language
def export_command(bundle_dir: Path, year: int, out_dir: Path, by: str | None, standard: str | None,
                   title: str | None, cgcs2000: bool, shapefile: bool, paper: str,
                   base_url: str | None, publisher: str | None, review_number: str | None,
                   maps: str, no_print: bool, database_url: str | None, locale: str | None) -> None:
    """Export the yearly learning map and its data files."""
    from learning_map.export.print.yearly import YEARLY_MAPS
    from learning_map.export.yearly import export_year

    chosen = tuple(dict.fromkeys(m.strip() for m in maps.split(",") if m.strip()))
    unknown = [m for m in chosen if m not in YEARLY_MAPS]
    if unknown or not chosen:
        raise ParameterError("--maps", N_("names no known map: {value!r} (choose from {choices})"),
                             value=maps, choices=", ".join(YEARLY_MAPS))

    if standard and not by:
        raise ParameterError("--standard", N_("needs --by (the units the standard is checked on)"))
    units, field = read_field_layer(by, "--by", "reporting units") if by else (None, None)
    if standard:
        from learning_map.planning.standards import load_standard

        load_standard(standard)  # a wrong name fails here, before any work
    result = export_year(bundle_dir, year, out_dir, units=units, unit_field=field, standard=standard,
                         title=title, database_url=database_url, cgcs2000=cgcs2000,
                         shapefile=shapefile, printed=not no_print, paper=paper,
                         base_url=base_url, publisher=publisher, review_number=review_number,
                         locale=locale, maps=chosen)
    if result.previous_year:
        click.echo(cli_text(N_("Exported {sites} sites of {year}, changes since {previous}: {files} files in {folder}"),
                            sites=result.sites, year=year, previous=result.previous_year,
                            files=len(result.files), folder=result.folder))
    else:
        click.echo(cli_text(N_("Exported {sites} sites of {year}: {files} files in {folder}"),
                            sites=result.sites, year=year, files=len(result.files), folder=result.folder))
    for name in result.files:
        click.echo(f"  {name}")
