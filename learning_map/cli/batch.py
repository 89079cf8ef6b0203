"""``learning-map batch``: every city of a country, one Dask task each."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from learning_map.base.i18n import N_, cli_ntext, cli_text
from learning_map.cli.format import (
    cli_line,
    product_language,
    said,
    share_needs_population,
    split_file_field,
)
from learning_map.cli.group import main
from learning_map.errors import LearningMapError, ParameterError

if TYPE_CHECKING:
    from learning_map.batch.runner import BatchOutcome
    from learning_map.bundle.national import CityEntry


class BatchFailedError(LearningMapError, RuntimeError):
    """Some cities of a batch failed or were not run; the others are done."""


def _city_line(entry: CityEntry, finished: int, total: int) -> str:
    head = f"[{finished}/{total}]"
    if entry.status != "done":
        return cli_text(N_("{head} FAILED {slug} {name}: {error}"), head=head, slug=entry.slug,
                        name=entry.name, error=entry.error)
    figures = entry.headline
    share = figures.get("covered_share_15min")
    if share is not None and entry.residents is not None:
        reach = said(N_("{share:.0%} of {residents:,} residents within 15 min"), share=share,
                     residents=entry.residents)
    else:
        reach = said(N_("{share:.0%} of streets within 15 min (no population)"),
                     share=figures.get("network_share_15min", 0))
    return cli_line(N_("{head} done {slug} {name}: {seconds:.1f} s, {sites} sites, {reach}"), head=head,
                    slug=entry.slug, name=entry.name, seconds=entry.seconds, sites=figures.get("sites", 0),
                    reach=reach)


@main.command()
@click.argument("cities")
@click.option("--osm", "osm_path", type=click.Path(path_type=Path),
              help="Country or province extract (.osm.pbf); a CSV row's osm column overrides it.")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="National folder to write (cities.json + cities/<slug>/).")
@click.option("--scheduler", help="Dask scheduler address (tcp://HOST:8786); default: a local cluster.")
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes of the local cluster (default: one per core).")
@click.option("--population", help="Residents for the whole country, FILE[:COLUMN]; cut to each city.")
@click.option("--elderly-share", help="Column with the elderly share, or one number (0-1).")
@click.option("--standard", default="gb50180", show_default=True,
              help="Built-in standard (gb50180, shanghai, hangzhou, national-elderly) or a .toml file.")
@product_language
def batch(cities: str, osm_path: Path | None, out_dir: Path, scheduler: str | None, workers: int | None,
          population: str | None, elderly_share: str | None, standard: str, locale: str | None) -> None:
    """
    Build every city of CITIES on Dask.

    CITIES is cities.csv (name, optional slug, district, osm, boundary or bbox) or
    boundaries.gpkg:NAME (each feature one city). Re-running skips finished cities.
    """
    from learning_map.base.extras import require_extra

    require_extra("batch", what="learning-map batch")
    from learning_map.batch import CityOptions, read_cities, run_batch
    from learning_map.errors import InputFileError

    population_path, population_column = _check_options(osm_path, scheduler, workers, population,
                                                        elderly_share, standard)
    jobs, rejected = read_cities(cities, default_osm=osm_path is not None)
    for row in rejected.itertuples():
        click.echo(cli_text(N_("{file} line {line}: {reason}"), file=cities, line=row.line, reason=row.reason),
                   err=True)
    if not jobs:
        raise InputFileError(N_("No city of {file} can run (rows rejected: {rejected})"), file=cities,
                             rejected=len(rejected))
    options = CityOptions(osm_path=osm_path, population_path=population_path,
                          population_column=population_column, elderly_share=elderly_share,
                          standard=standard)

    def finished(entry: CityEntry, count: int, total: int) -> None:
        click.echo(_city_line(entry, count, total))

    from learning_map.export.words import (
        product_locale,  # lazy: loads geopandas, not needed for --help
    )

    outcome = run_batch(jobs, out_dir, options, scheduler=scheduler, workers=workers,
                        on_city=finished, on_start=_started,
                        locale=product_locale(None, locale) if locale else "zh_Hans")
    _report(outcome, len(jobs), len(rejected), cities, out_dir)


def _check_options(osm_path: Path | None, scheduler: str | None, workers: int | None,
                   population: str | None, elderly_share: str | None,
                   standard: str) -> tuple[Path | None, str | None]:
    """Every option checked before any city runs; the population file and its column."""
    from learning_map.errors import InputFileError
    from learning_map.planning.standards import load_standard

    if scheduler is not None and workers is not None:
        raise ParameterError("--workers", N_("sizes the local cluster; a --scheduler has its own workers"))
    if osm_path is not None and not osm_path.is_file():
        raise InputFileError(N_("No OSM extract {file}"), file=osm_path)
    share_needs_population(elderly_share, population)
    load_standard(standard)  # a bad standard stops the batch before any city runs
    population_path, population_column = (
        split_file_field(population, "--population") if population else (None, None))
    if population_path is not None and not population_path.is_file():
        raise InputFileError(N_("Population file not found: {file}"), file=population_path)
    return population_path, population_column


def _started(dashboard: str | None, to_run: int, skipped: int) -> None:
    click.echo(cli_text(N_("Dask dashboard: {address}"), address=dashboard) if dashboard else
               cli_text(N_("Dask dashboard: install bokeh (pip install 'learning-map[dashboard]')")))
    click.echo(cli_ntext("Running {n} city, {skipped} already done", "Running {n} cities, {skipped} already done",
                         to_run, skipped=skipped))


def _report(outcome: BatchOutcome, jobs: int, rejected: int, cities: str, out_dir: Path) -> None:
    """What ran, was skipped and failed; a failure (or a rejected row) ends in BatchFailedError."""
    from learning_map.batch import NATIONAL_FILES, OVERVIEW_FILE

    if not outcome.ran and not outcome.failed:
        click.echo(cli_ntext("All {n} city already done", "All {n} cities already done", len(outcome.skipped)))
    click.echo(cli_text(N_("{built} built, {skipped} skipped (already done), {failed} failed in {seconds:.1f} s"),
                        built=len(outcome.ran), skipped=len(outcome.skipped), failed=len(outcome.failed),
                        seconds=outcome.seconds))
    click.echo(cli_text(N_("Wrote {files}"),
                        files=", ".join(str(out_dir / n) for n in (*NATIONAL_FILES, OVERVIEW_FILE))))
    if outcome.failed and rejected:
        raise BatchFailedError(
            N_("{failed} of {jobs} cities failed and {rejected} rows of {file} were not run; the other "
               "cities are done: fix the rest and run the same command again to resume"),
            failed=len(outcome.failed), jobs=jobs, rejected=rejected, file=cities)
    if outcome.failed:
        raise BatchFailedError(
            N_("{failed} of {jobs} cities failed; the other cities are done: fix the rest and run the "
               "same command again to resume"), failed=len(outcome.failed), jobs=jobs)
    if rejected:
        raise BatchFailedError(
            N_("{rejected} rows of {file} were not run; the other cities are done: fix the rest and run "
               "the same command again to resume"), rejected=rejected, file=cities)
