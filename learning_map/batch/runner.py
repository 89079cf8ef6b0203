"""
Run every city of a batch on ``dask.distributed``: one task per city, one writer of the index.

The client submits :func:`~learning_map.batch.tasks.run_city` once per city that is not
already done, and rewrites ``cities.json`` (atomically) after every city that finishes or
fails. A city whose entry is ``done`` and whose bundle loads with its figures is skipped,
so a stopped batch resumes where it stopped.
"""

from __future__ import annotations

import contextlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learning_map.batch.overview import (
    DEFAULT_LOCALE,
    OVERVIEW_FILE,
    overview_html,
    standard_name,
    write_overview,
)
from learning_map.batch.table import national_table, write_national
from learning_map.batch.tasks import CityOptions, city_task, inputs_key, one_line, read_figures
from learning_map.bundle.national import (
    STATUS_DONE,
    STATUS_FAILED,
    STATUS_PENDING,
    CityEntry,
    read_index,
    write_index,
)
from learning_map.errors import N_, BundleError, LearningMapError
from learning_map.planning.standards import load_standard

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from distributed import Client

    from learning_map.batch.cities import CityJob

__all__ = ["BatchBusyError", "BatchOutcome", "run_batch", "write_results"]

logger = logging.getLogger(__name__)

# Held by the one batch writing a national folder (the client is its only writer).
LOCK_FILE = ".batch.lock"


class BatchBusyError(LearningMapError, RuntimeError):
    """Another batch is writing the same national folder."""


@dataclass
class BatchOutcome:
    """
    What a batch did.

    Attributes
    ----------
    entries
        Every city of the index after the run.
    ran, skipped, failed
        Slugs built now, skipped as already done, and failed.
    results
        The figures of every done city (this run's and the skipped ones'), by slug.
    seconds
        Wall time of the run.
    dashboard
        The Dask dashboard address, or None.
    """

    entries: list[CityEntry]
    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: float = 0.0
    dashboard: str | None = None


def _merge(existing: list[CityEntry], jobs: Sequence[CityJob]) -> list[CityEntry]:
    """The index for this run: the jobs in order (keeping known entries), then cities not in it."""
    known = {entry.slug: entry for entry in existing}
    merged = [known.get(job.slug) or CityEntry(job.slug, job.name) for job in jobs]
    wanted = {job.slug for job in jobs}
    return merged + [entry for entry in existing if entry.slug not in wanted]


def _start_client(scheduler: str | None, workers: int | None) -> tuple[Client, Any]:
    """A client of ``scheduler``, or of a new LocalCluster (processes, one thread each)."""
    import os

    from distributed import Client, LocalCluster

    # The scheduler and nannies log every start and stop at INFO; the batch prints its own
    # progress, and -v (root logger at INFO) still shows theirs.
    if logging.getLogger().getEffectiveLevel() > logging.INFO:
        logging.getLogger("distributed").setLevel(logging.WARNING)

    if scheduler is not None:
        return Client(scheduler), None
    # One thread per process: the engine holds the GIL in Python parts and each city's
    # arrays are its own, so processes, not threads, use the cores.
    cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                           processes=True, dashboard_address=":8787" if has_dashboard() else None,
                           silence_logs=logging.WARNING)
    return Client(cluster), cluster


def has_dashboard() -> bool:
    """True when bokeh, which draws the Dask dashboard, is installed (extra ``[dashboard]``)."""
    import importlib.util

    return importlib.util.find_spec("bokeh") is not None


def run_batch(
    jobs: Sequence[CityJob],
    out_root: str | Path,
    options: CityOptions,
    *,
    client: Client | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    on_city: Callable[[CityEntry, int, int], None] | None = None,
    on_start: Callable[[str | None, int, int], None] | None = None,
    locale: str = DEFAULT_LOCALE,
) -> BatchOutcome:
    """
    Build every city not yet done, one Dask task each, and keep ``cities.json`` current.

    Parameters
    ----------
    jobs
        The cities (:func:`~learning_map.batch.cities.read_cities`).
    out_root
        The national folder (created if needed).
    options
        What every city shares (extract, residents, standard).
    client
        A Dask client to use (tests pass one of their LocalCluster); else one is made.
    scheduler
        Address of a running scheduler (``tcp://HOST:8786``); default: a LocalCluster.
    workers
        Worker processes of the LocalCluster (default: one per core).
    on_city
        Called after each city finishes or fails: (entry, cities finished so far, to run).
    on_start
        Called once tasks are submitted: (dashboard address, cities to run, skipped).
    locale
        The language of the overview page and the national workbook's sheet (``zh_Hans``,
        ``zh_Hant``, ``en``, ``pt``).

    Returns
    -------
    outcome
        Also written: ``cities.json`` after every city, then the national table and the
        overview map (:func:`write_results`).

    Raises
    ------
    BatchBusyError
        When another batch holds the folder.
    """
    started = time.perf_counter()
    root = Path(out_root)
    root.mkdir(parents=True, exist_ok=True)
    with _single_writer(root):
        return _run(jobs, root, options, started, client=client, scheduler=scheduler,
                    workers=workers, on_city=on_city, on_start=on_start, locale=locale)


@contextlib.contextmanager
def _single_writer(root: Path) -> Iterator[None]:
    """Hold the national folder's lock: a second batch on it stops with one sentence."""
    import fcntl

    with open(root / LOCK_FILE, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BatchBusyError(N_("Another batch is writing {folder}; wait for it to end"),
                                 folder=root) from None
        yield  # the lock is released when the file closes


def _run(
    jobs: Sequence[CityJob], root: Path, options: CityOptions, started: float, *,
    client: Client | None, scheduler: str | None, workers: int | None,
    on_city: Callable[[CityEntry, int, int], None] | None,
    on_start: Callable[[str | None, int, int], None] | None, locale: str,
) -> BatchOutcome:
    """Sort the cities into done and to run, run those on the cluster, then write the results."""
    try:
        existing = read_index(root)
    except BundleError:
        existing = []
    entries = _merge(existing, jobs)
    outcome = BatchOutcome(entries)
    todo = _cities_to_run(jobs, entries, root, options, outcome)
    write_index(root, entries)
    if todo:
        own_client, own_cluster = client is None, None
        if client is None:
            client, own_cluster = _start_client(scheduler, workers)
        try:
            _run_cities(client, todo, root, options, outcome, on_city=on_city, on_start=on_start,
                        locale=locale)
        finally:
            if own_client:
                client.close()
            if own_cluster is not None:
                own_cluster.close()
    write_results(outcome, root, standard=options.standard, locale=locale)
    outcome.seconds = time.perf_counter() - started
    return outcome


def _cities_to_run(jobs: Sequence[CityJob], entries: list[CityEntry], root: Path,
                   options: CityOptions, outcome: BatchOutcome) -> list[CityJob]:
    """
    The jobs to run now; the others are skipped with their figures read back.

    A done city whose bundle loads with figures of the same inputs is skipped; every other
    job's entry becomes pending. Cities of the index that are not jobs keep their figures.
    """
    todo = []
    for job, entry in zip(jobs, entries, strict=False):
        figures = (read_figures(root, job.slug, inputs_key(job, options))
                   if entry.status == STATUS_DONE else None)
        if figures is not None:
            outcome.skipped.append(job.slug)
            outcome.results[job.slug] = figures
        else:
            entry.status, entry.error = STATUS_PENDING, None
            todo.append(job)
    for entry in entries[len(jobs):]:
        figures = read_figures(root, entry.slug) if entry.status == STATUS_DONE else None
        if figures is not None:
            outcome.results[entry.slug] = figures
    return todo


def _run_cities(
    client: Client, todo: list[CityJob], root: Path, options: CityOptions, outcome: BatchOutcome, *,
    on_city: Callable[[CityEntry, int, int], None] | None,
    on_start: Callable[[str | None, int, int], None] | None, locale: str,
) -> None:
    """Submit one task per city, and record each city (and rewrite the index) as it ends."""
    from distributed import as_completed

    outcome.dashboard = client.dashboard_link if has_dashboard() else None
    by_slug = {entry.slug: entry for entry in outcome.entries}
    futures = {
        client.submit(city_task, job, str(root.resolve()), options, key=f"city-{job.slug}",
                      pure=False): job
        for job in todo
    }
    if on_start is not None:
        on_start(outcome.dashboard, len(todo), len(outcome.skipped))
    for finished, future in enumerate(as_completed(futures), start=1):
        job = futures[future]
        entry = by_slug[job.slug]
        try:
            result = future.result()
        except Exception as exc:
            result = {"error": f"{type(exc).__name__}: {one_line(exc)}"}
        if isinstance(result.get("problem"), LearningMapError):  # said in the overview's language
            result["error"] = one_line(result.pop("problem"), locale)
        _record(job, entry, result, outcome)
        future.release()
        write_index(root, outcome.entries)
        if on_city is not None:
            on_city(entry, finished, len(todo))


def _record(job: CityJob, entry: CityEntry, result: dict[str, Any], outcome: BatchOutcome) -> None:
    """Put one finished city's result (or its error) into its index entry and the outcome."""
    if "error" in result:
        entry.status, entry.error = STATUS_FAILED, result["error"]
        if job.clip is not None:  # placed on the overview map, marked as failed
            entry.bbox = [round(float(v), 6) for v in job.clip.bounds]
        outcome.failed.append(job.slug)
        logger.info("batch: %s failed: %s\n%s", job.slug, entry.error,
                    result.get("traceback", ""))
    else:
        entry.status, entry.error = STATUS_DONE, None
        entry.bbox, entry.residents = result["bbox"], result["residents"]
        entry.headline, entry.seconds = result["headline"], result["seconds"]
        outcome.ran.append(job.slug)
        outcome.results[job.slug] = result


def write_results(outcome: BatchOutcome, out_root: str | Path, *, standard: str,
                  locale: str = DEFAULT_LOCALE) -> list[Path]:
    """
    Write the national table (CSV, XLSX, GeoParquet) and overview map of every done city.

    ``locale`` is the overview page's language and the workbook sheet's.

    Returns
    -------
    paths
    """
    rules = load_standard(standard)
    root = Path(out_root)
    table = national_table(outcome.results[e.slug] for e in outcome.entries if e.slug in outcome.results)
    paths = write_national(table, root, locale=locale)
    html = overview_html(outcome.entries, outcome.results, standard=standard_name(rules, locale),
                         locale=locale)
    paths.append(write_overview(html, root / OVERVIEW_FILE))
    return paths
