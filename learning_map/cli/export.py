"""``learning-map export``: the yearly learning map of a city (maps, data files, tables, changes)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from learning_map.base.i18n import N_, cli_text
from learning_map.cli.format import product_language, read_field_layer, split_file_field
from learning_map.cli.group import main
from learning_map.errors import ParameterError, no_such_field

if TYPE_CHECKING:
    from learning_map.export.print.boundaries import MapBoundaries


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
# The review-ready map pack (中国 map publication): which administrative boundaries are drawn.
@click.option("--mode", "map_mode", type=click.Choice(["street", "official"]), default=None,
              help="street: a street map (街区图) drawing no administrative boundary (the default "
                   "without --boundaries); official: boundaries only from --boundaries.")
@click.option("--boundaries", "boundaries_file", default=None, metavar="FILE[:FIELD]",
              help="Administrative boundaries supplied by the office (implies --mode official): "
                   "exactly its features are drawn, named by FIELD when given.")
@click.option("--boundaries-source", default=None, metavar="TEXT",
              help="Who supplied the boundaries, printed on the sheet (default: the file's name).")
@click.option("--no-print", "no_print", is_flag=True,
              help="Skip the poster and booklets (data files and the HTML map only).")
@click.option("--database", "database_url", default=None, metavar="URL",
              help="Registry in PostGIS (default: $LEARNING_MAP_DATABASE_URL, else DIR/registry.gpkg).")
@product_language
def export_command(bundle_dir: Path, year: int, out_dir: Path, by: str | None, standard: str | None,
                   title: str | None, cgcs2000: bool, shapefile: bool, paper: str,
                   base_url: str | None, publisher: str | None, review_number: str | None,
                   maps: str, map_mode: str | None, boundaries_file: str | None,
                   boundaries_source: str | None, no_print: bool, database_url: str | None,
                   locale: str | None) -> None:
    """
    Export the yearly learning map and its data files.

    The printed maps draw no administrative boundary (a street map, 街区图) unless
    --boundaries gives the office's own; --by units group the tables and booklet pages.
    """
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
    boundaries = _boundaries(map_mode, boundaries_file, boundaries_source)
    if standard:
        from learning_map.planning.standards import load_standard

        load_standard(standard)  # a wrong name fails here, before any work
    result = export_year(bundle_dir, year, out_dir, units=units, unit_field=field, standard=standard,
                         title=title, database_url=database_url, cgcs2000=cgcs2000,
                         shapefile=shapefile, printed=not no_print, paper=paper,
                         base_url=base_url, publisher=publisher, review_number=review_number,
                         locale=locale, boundaries=boundaries, maps=chosen)
    if result.previous_year:
        click.echo(cli_text(N_("Exported {sites} sites of {year}, changes since {previous}: {files} files in {folder}"),
                            sites=result.sites, year=year, previous=result.previous_year,
                            files=len(result.files), folder=result.folder))
    else:
        click.echo(cli_text(N_("Exported {sites} sites of {year}: {files} files in {folder}"),
                            sites=result.sites, year=year, files=len(result.files), folder=result.folder))
    for name in result.files:
        click.echo(f"  {name}")


def _boundaries(mode: str | None, value: str | None, source: str | None) -> MapBoundaries:
    """``--mode`` and ``--boundaries FILE[:FIELD]``: none drawn, or the office's file checked."""
    from learning_map.export.print.boundaries import (
        BOUNDARIES_FILE,
        STREET_MAP,
        official_boundaries,
    )
    from learning_map.io.layers import read_layer

    if value is None:
        if mode == "official":
            raise ParameterError("--mode", N_("official needs --boundaries FILE (the office's boundaries)"))
        return STREET_MAP
    if mode == "street":
        raise ParameterError("--boundaries", N_("draws boundaries; a street map (--mode street) draws none"))
    path, field = split_file_field(value, "--boundaries")
    layer = read_layer(path, what=BOUNDARIES_FILE)
    if field is not None and field not in layer.columns:
        raise no_such_field("--boundaries", field, layer.columns, source=path.name)
    return official_boundaries(layer, field=field, source=source or path.name, file_name=path.name)
