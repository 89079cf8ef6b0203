"""``learning-map batch``: every city of a country, one Dask task each (全国批量构建)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from learning_map.cli.format import share_needs_population, split_file_field
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
        return f"{head} FAILED 失败 {entry.slug} {entry.name}: {entry.error}"
    figures = entry.headline
    share = figures.get("covered_share_15min")
    reach = (f"{share:.0%} of {entry.residents:,} residents within 15 min / 15分钟覆盖居民 {share:.0%}"
             if share is not None and entry.residents is not None else
             f"{figures.get('network_share_15min', 0):.0%} of streets within 15 min (no population)"
             " / 无人口数据")
    return f"{head} done 完成 {entry.slug} {entry.name}: {entry.seconds:.1f} s, {figures.get('sites', 0)} sites, {reach}"


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
def batch(cities: str, osm_path: Path | None, out_dir: Path, scheduler: str | None, workers: int | None,
          population: str | None, elderly_share: str | None, standard: str) -> None:
    """
    Build every city of CITIES on Dask / 批量构建全国各城市.

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
        click.echo(f"{cities} line {row.line}: {row.reason}", err=True)
    if not jobs:
        msg = f"No city of {cities} can run ({len(rejected)} rows rejected) / 没有可以构建的城市"
        raise InputFileError(msg)
    options = CityOptions(osm_path=osm_path, population_path=population_path,
                          population_column=population_column, elderly_share=elderly_share,
                          standard=standard)

    def finished(entry: CityEntry, count: int, total: int) -> None:
        click.echo(_city_line(entry, count, total))

    outcome = run_batch(jobs, out_dir, options, scheduler=scheduler, workers=workers,
                        on_city=finished, on_start=_started)
    _report(outcome, len(jobs), len(rejected), cities, out_dir)


def _check_options(osm_path: Path | None, scheduler: str | None, workers: int | None,
                   population: str | None, elderly_share: str | None,
                   standard: str) -> tuple[Path | None, str | None]:
    """Every option checked before any city runs; the population file and its column."""
    from learning_map.errors import InputFileError
    from learning_map.planning.standards import load_standard

    if scheduler is not None and workers is not None:
        raise ParameterError("--workers", "sizes the local cluster; a --scheduler has its own workers",
                             "--workers 只用于本地集群，不能与 --scheduler 同用")
    if osm_path is not None and not osm_path.is_file():
        msg = f"No OSM extract {osm_path} / 找不到 OSM 数据文件 {osm_path}"
        raise InputFileError(msg)
    share_needs_population(elderly_share, population)
    load_standard(standard)  # a bad standard stops the batch before any city runs
    population_path, population_column = (
        split_file_field(population, "--population") if population else (None, None))
    if population_path is not None and not population_path.is_file():
        msg = f"Population file not found: {population_path} / 找不到人口数据文件"
        raise InputFileError(msg)
    return population_path, population_column


def _started(dashboard: str | None, to_run: int, skipped: int) -> None:
    click.echo(f"Dask dashboard: {dashboard} / 任务面板" if dashboard else
               "Dask dashboard: install bokeh (pip install 'learning-map[dashboard]') / 未安装面板")
    click.echo(f"Running {to_run} cities, {skipped} already done / 开始构建 {to_run} 个城市，"
               f"{skipped} 个已完成")


def _report(outcome: BatchOutcome, jobs: int, rejected: int, cities: str, out_dir: Path) -> None:
    """What ran, was skipped and failed; a failure (or a rejected row) ends in BatchFailedError."""
    from learning_map.batch import NATIONAL_FILES, OVERVIEW_FILE

    if not outcome.ran and not outcome.failed:
        click.echo(f"All {len(outcome.skipped)} cities already done / 所有城市均已完成")
    click.echo(
        f"{len(outcome.ran)} built, {len(outcome.skipped)} skipped (already done), "
        f"{len(outcome.failed)} failed in {outcome.seconds:.1f} s / 本次构建 {len(outcome.ran)} 个，"
        f"跳过 {len(outcome.skipped)} 个，失败 {len(outcome.failed)} 个"
    )
    click.echo(f"Wrote {', '.join(str(out_dir / n) for n in (*NATIONAL_FILES, OVERVIEW_FILE))} / 已写出全国汇总")
    if outcome.failed or rejected:
        parts_en = ([f"{len(outcome.failed)} of {jobs} cities failed"] if outcome.failed else []) + (
            [f"{rejected} rows of {cities} were not run"] if rejected else [])
        parts_zh = ([f"{len(outcome.failed)} 个城市失败"] if outcome.failed else []) + (
            [f"{rejected} 行未运行"] if rejected else [])
        msg = (f"{' and '.join(parts_en)}; the other cities are done: fix the rest and run the same "
               f"command again to resume / {'，'.join(parts_zh)}；其余城市已完成，修正后重新运行同一命令即可续跑")
        raise BatchFailedError(msg)
