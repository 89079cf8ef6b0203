"""``learning-map build`` and ``verify``: write a city bundle, check one."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from learning_map.base.i18n import N_, cli_text
from learning_map.city.coords import AUTO, COORDINATE_SYSTEMS
from learning_map.cli.format import registry_year_options, split_file_field
from learning_map.cli.group import main


@main.command()
@click.option("--osm", "osm_path", type=click.Path(path_type=Path), help="OSM extract (.osm.pbf or .osm).")
@click.option("--place", help='Place to download with osmnx, e.g. "Huangpu District, Shanghai" (needs network).')
@click.option("--sites", "sites_path", type=click.Path(path_type=Path), help="Site registry file.")
@click.option("--coords", "--sites-coords", "sites_coordinates", default="wgs84", show_default=True,
              type=click.Choice([*COORDINATE_SYSTEMS, AUTO]),
              help="Coordinate system of the registry: gcj02 = Amap/Gaode/Tencent, bd09 = Baidu, "
                   "auto = decide from the data.")
@click.option("--add-osm-sites", is_flag=True, help="Keep OSM-derived sites beside the registry.")
@click.option("--population", "population", help="Residents: FILE[:COLUMN] (zones, points or GeoTIFF).")
@click.option("--elderly-share", help="Column with the elderly share, or one number (0-1).")
@click.option("--name", "name", multiple=True, metavar="[LOCALE=]NAME",
              help="The city's name in a locale (zh-Hans, zh-Hant, en, pt; zh = either script), "
                   "repeatable: --name zh-Hant=澳門 --name pt=Macau; or one bilingual name "
                   "(\"Macau 澳门\"). Default: the extract's OSM place=city.")
@click.option("--crs", help="Projected CRS (default: local UTM zone).")
@click.option("--allow-empty", is_flag=True, help="Build even when no learning site is left.")
@click.option("--clip", "clip_spec", metavar="FILE[:FIELD=VALUE]",
              help="Cut the city from a bigger extract: a boundary file, optionally one feature "
                   "of it (e.g. districts.geojson:name=Huangpu).")
@click.option("--bbox", metavar="W,S,E,N", help="Cut the city from a bigger extract: a WGS84 box.")
@click.option("--basemap-max-zoom", type=click.IntRange(10, 15), metavar="ZOOM",
              help="Closest zoom of the offline basemap's tiles (10-15, default 15); "
                   "a big city may stop at 13 or 14.")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="Bundle folder to write.")
@registry_year_options
def build(
    osm_path: Path | None, place: str | None, sites_path: Path | None, sites_coordinates: str,
    add_osm_sites: bool,
    population: str | None, elderly_share: str | None, name: tuple[str, ...], crs: str | None,
    allow_empty: bool, clip_spec: str | None, bbox: str | None, basemap_max_zoom: int | None,
    out_dir: Path,
    year: int | None, database_url: str | None,
) -> None:
    """Build a city bundle: walk network, learning sites, residents."""
    from learning_map.build.pipeline import build_from_files
    from learning_map.errors import InputFileError
    from learning_map.io.boundary import parse_bbox, read_boundary

    if clip_spec and bbox:
        raise InputFileError(N_("Give --clip or --bbox, not both"))
    clip = read_boundary(clip_spec) if clip_spec else parse_bbox(bbox) if bbox else None

    population_path, population_column = (
        split_file_field(population, "--population") if population else (None, None)
    )
    report = build_from_files(
        out_dir, osm_path=osm_path, place=place, sites_path=sites_path,
        sites_coordinates=sites_coordinates, add_osm_sites=add_osm_sites, population_path=population_path,
        population_column=population_column, elderly_share=elderly_share, name=name or None, crs=crs,
        allow_empty=allow_empty, year=year, database_url=database_url,
        progress=sys.stderr.isatty(), clip=clip, basemap_max_zoom=basemap_max_zoom,
    )
    meta = report.meta
    if report.coordinate_message:
        click.echo(report.coordinate_message)
    if report.registry_summary:
        click.echo(report.registry_summary)
    figures = {"path": report.path, "nodes": meta["nodes"], "edges": meta["edges"],
               "km": meta["network_km"], "sites": meta["sites"]}
    if meta["population"]:
        click.echo(cli_text(N_("Built {path}: {nodes:,} nodes, {edges:,} edges, {km:,.1f} km of walkable ways, "
                               "{sites} sites, {residents:,.0f} residents"), residents=meta["population"],
                            **figures))
    else:
        click.echo(cli_text(N_("Built {path}: {nodes:,} nodes, {edges:,} edges, {km:,.1f} km of walkable ways, "
                               "{sites} sites"), **figures))
    if report.rejected_path is not None:
        click.echo(cli_text(N_("Rejected {count} sites; fix them in {file} and load it again with --sites"),
                            count=len(report.rejected), file=report.rejected_path), err=True)


@main.command()
@click.argument("bundle_dir", type=click.Path(path_type=Path))
def verify(bundle_dir: Path) -> None:
    """Check every file of a city bundle against its checksums."""
    from learning_map.bundle.core import verify_bundle

    summary = verify_bundle(bundle_dir)
    click.echo(cli_text(N_("OK {folder}: build {build}, {files} files, {bytes:,} bytes match their SHA-256"),
                        folder=bundle_dir, build=summary["build"], files=summary["files"], bytes=summary["bytes"]))
