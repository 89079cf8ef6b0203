"""
The admin page's "export year Y": :func:`~learning_map.export.yearly.export_year` in a background thread.

One export runs at a time per city: the job holds an ``flock`` on ``EXPORT_DIR/exports/.lock``
for as long as it runs, so a second start is refused in any thread or worker process of
the server. Its state lives in ``EXPORT_DIR/exports/YEAR.json`` (written atomically at every
step; who started it and when, the step, the error), which every worker reads for the
status endpoint, and which stays as the record of who exported the year. When the export
is done the finished folder is zipped to ``EXPORT_DIR/exports/YEAR.zip`` (a temporary file
renamed into place). A job whose process died shows as failed: its lock is free.

Config: ``EXPORT_DIR`` (default ``BUNDLE_DIR/dist``; the year's files go to
``EXPORT_DIR/YEAR/``), ``EXPORT_PRINT`` (poster and booklet; default on), ``EXPORT_PAPER``,
``EXPORT_TITLE``, ``EXPORT_STANDARD``, ``EXPORT_PUBLISHER``, ``EXPORT_REVIEW_NUMBER``,
``PUBLIC_URL`` (the poster's QR codes), and the reporting units ``PLANNER_UNITS`` /
``PLANNER_UNITS_FIELD`` (per-unit tables and the booklet).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
import time
import zipfile
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from learning_map.base.i18n import gettext, locales
from learning_map.base.safety import atomic_write
from learning_map.errors import N_, LearningMapError
from learning_map.io.layers import read_layer
from learning_map.web.config import registry_location
from learning_map.web.expensive import lower_thread_priority

logger = logging.getLogger(__name__)

JOBS_FOLDER = "exports"
LOCK_FILE = ".lock"
# Each step's key (from export_year's progress, plus our zip) and its label (a message id).
STEP_LABELS = {
    "coverage": N_("Coverage"),
    "data": N_("Data files"),
    "map": N_("Interactive map"),
    "poster": N_("Poster"),
    "booklet": N_("Booklet"),
    "zip": N_("Zip"),
}
STATE_LABELS = {
    "running": N_("Exporting"),
    "done": N_("Done"),
    "failed": N_("Failed"),
}


class ExportBusyError(LearningMapError):
    """Another export of this city is running."""


def export_root(config: Any) -> Path:
    """Where the year folders go: ``EXPORT_DIR``, else ``BUNDLE_DIR/dist``."""
    return Path(config.get("EXPORT_DIR") or Path(config["BUNDLE_DIR"]) / "dist")


def jobs_folder(root: Path) -> Path:
    """The jobs' records, zips and lock, beside the year folders."""
    return root / JOBS_FOLDER


def zip_path(root: Path, year: int) -> Path:
    """The zip of a finished export."""
    return jobs_folder(root) / f"{int(year)}.zip"


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _write_json(path: Path, data: dict[str, Any]) -> None:
    with atomic_write(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True)


def lock_free(path: Path) -> bool:
    """
    True when no job holds the lock file at ``path`` (probed without waiting).

    A job holds its lock while it runs; a "running" status whose lock is free belongs to a
    process that died (the export's and the upload's jobs both ask this).
    """
    if not path.exists():
        return True
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
    return True


def in_every_locale(error: LearningMapError) -> dict[str, str]:
    """
    An error's sentence in every shipped locale, as a job's record keeps it.

    A job ends in one thread and is shown by any request, each in its own page's locale
    (:func:`with_labels` picks one).
    """
    return {locale: error.text(locale) for locale in locales()}


def in_locale(error: Any, locale: str) -> str | None:
    """A recorded error in ``locale`` (a record from before the locales: its one sentence)."""
    if isinstance(error, dict):
        return error.get(locale) or next(iter(error.values()), None)
    return error


def job_status(root: Path, year: int, *, locale: str) -> dict[str, Any] | None:
    """The year's last export (``state`` running, done or failed) in ``locale``, or None when never exported."""
    path = jobs_folder(root) / f"{int(year)}.json"
    try:
        status = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    if status.get("state") == "running" and lock_free(jobs_folder(root) / LOCK_FILE):
        # The process that ran it died (a restart, a kill): it will never finish.
        status.update(state="failed", error=in_every_locale(LearningMapError(
            N_("The export was interrupted (the server stopped); start it again"))))
    return with_labels(status, locale)


def with_labels(
    status: dict[str, Any], locale: str, *, step_labels: dict[str, str] = STEP_LABELS,
    state_labels: dict[str, str] = STATE_LABELS,
) -> dict[str, Any]:
    """The status with each step's and the state's label and the error in ``locale``, for the page and its script."""
    steps = status.get("steps", [])
    current = status.get("step")
    done_upto = steps.index(current) if current in steps else len(steps)
    if status.get("state") == "done":
        done_upto = len(steps)
    rows = []
    for i, key in enumerate(steps):
        if i < done_upto:
            state = "done"
        elif i == done_upto:
            state = "failed" if status.get("state") == "failed" else "current"
        else:
            state = "pending"
        label = gettext(step_labels[key], locale=locale) if key in step_labels else key
        rows.append({"key": key, "label": label, "state": state})
    state_label = status.get("state")
    state_label = gettext(state_labels[state_label], locale=locale) if state_label in state_labels else ""
    return {**status, "error": in_locale(status.get("error"), locale), "step_rows": rows,
            "state_label": state_label}


def past_exports(root: Path, *, locale: str) -> list[dict[str, Any]]:
    """Every year's last export record in ``locale``, newest year first."""
    folder = jobs_folder(root)
    years = sorted((int(p.stem) for p in folder.glob("[0-9][0-9][0-9][0-9].json")), reverse=True) \
        if folder.is_dir() else []
    return [s for s in (job_status(root, y, locale=locale) for y in years) if s is not None]


def _registry_url(config: Any) -> str | None:
    """The PostGIS URL with the configured schema folded in, as ``export --database`` takes it."""
    url = config.get("DATABASE_URL") or None
    schema = config.get("DATABASE_SCHEMA") or None
    if url and schema:
        url += ("&" if "?" in url else "?") + "options=" + quote(f"-csearch_path={schema},public")
    return url


def export_options(config: Any) -> dict[str, Any]:
    """
    The keyword arguments of ``export_year`` from the app's config (read once, at the start).

    Raises
    ------
    LearningMapError
        The registry is in a folder other than the bundle's: the export reads it beside
        the bundle (or from PostGIS).
    """
    location = registry_location(config)
    if not location.url and location.folder != Path(config["BUNDLE_DIR"]).resolve():
        raise LearningMapError(N_("The export reads the registry from the city folder or from PostGIS; "
                                  "{setting} names another folder"), setting="REGISTRY_DIR")
    units = unit_field = None
    if config.get("PLANNER_UNITS") and config.get("PLANNER_UNITS_FIELD"):
        units = read_layer(config["PLANNER_UNITS"], what="reporting units")
        unit_field = config["PLANNER_UNITS_FIELD"]
    printed = config.get("EXPORT_PRINT", True)
    return {
        "units": units, "unit_field": unit_field,
        "standard": (config.get("EXPORT_STANDARD") or None) if units is not None else None,
        "title": config.get("EXPORT_TITLE") or None, "database_url": _registry_url(config),
        "printed": printed not in (False, 0, "0", "false", "no", "off"),
        "paper": config.get("EXPORT_PAPER") or "A3", "base_url": config.get("PUBLIC_URL") or None,
        "publisher": config.get("EXPORT_PUBLISHER") or None,
        "review_number": config.get("EXPORT_REVIEW_NUMBER") or None,
    }


def planned_steps(options: dict[str, Any]) -> list[str]:
    """The steps this export will show, in order."""
    steps = ["coverage", "data", "map"]
    if options["printed"]:
        steps.append("poster")
        if options["units"] is not None:
            steps.append("booklet")
    return [*steps, "zip"]


def _take_lock(root: Path) -> IO[str]:
    """The city's export lock, or ExportBusyError naming the export that holds it."""
    folder = jobs_folder(root)
    folder.mkdir(parents=True, exist_ok=True)
    # Not a with-block: on success the open file (and so the lock) goes to the job's thread.
    handle = open(folder / LOCK_FILE, "a+", encoding="utf-8")  # noqa: SIM115
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        held = handle.read().strip()
        handle.close()
        try:
            running = json.loads(held)
        except ValueError:  # the holder has not written its name yet
            running = {}
        year, by = running.get("year", "?"), running.get("by", "?")
        raise ExportBusyError(N_("An export ({year}, started by {by}) is still running; wait until it is done"),
                              year=year, by=by) from None
    return handle


def start_export(config: Any, year: int, username: str) -> dict[str, Any]:
    """
    Start exporting ``year`` in a background thread; returns the job's first record.

    Raises
    ------
    ExportBusyError
        Another export of this city is running (in this or another worker process).
    LearningMapError
        The config cannot be exported (see :func:`export_options`).
    """
    root = export_root(config)
    lock = _take_lock(root)
    try:
        options = export_options(config)
        status = {"year": int(year), "state": "running", "step": "coverage",
                  "steps": planned_steps(options), "by": username, "started_at": _now(),
                  "finished_at": None, "error": None, "files": None, "zip_bytes": None}
        lock.seek(0)
        lock.truncate()
        lock.write(json.dumps({"year": int(year), "by": username}, ensure_ascii=False))
        lock.flush()
        _write_json(jobs_folder(root) / f"{int(year)}.json", status)
        thread = threading.Thread(target=_run, name=f"export-{year}", daemon=True,
                                  args=(str(config["BUNDLE_DIR"]), root, status, options, lock))
        thread.start()
    except BaseException:
        lock.close()  # closing the file releases the lock
        raise
    logger.info("Export of %d started by %s into %s", year, username, root / str(year))
    return dict(status)


def _run(bundle_dir: str, root: Path, status: dict[str, Any], options: dict[str, Any],
         lock: IO[str]) -> None:
    """The job: export, zip, record; every outcome ends as done or failed (never raises)."""
    # Imported here, not at the top: the export loads the build pipeline (~0.3 s), which a
    # server that never exports does not need.
    from learning_map.export import yearly

    lower_thread_priority()  # minutes of work: citizens' requests go first
    year = status["year"]
    record = jobs_folder(root) / f"{year}.json"

    def step(key: str) -> None:
        status["step"] = key
        _write_json(record, status)

    try:
        with lock:
            try:
                result = yearly.export_year(bundle_dir, year, root / str(year), progress=step,
                                            **options)
                step("zip")
                status["zip_bytes"] = make_zip(root / str(year), zip_path(root, year), year)
                status.update(state="done", files=len(result.files))
            except LearningMapError as exc:
                status.update(state="failed", error=in_every_locale(exc))
            except Exception as exc:  # a thread must record its end, whatever stopped it
                logger.exception("Export of %d failed", year)
                status.update(state="failed", error=in_every_locale(LearningMapError(
                    N_("The export stopped unexpectedly ({error}); see the server log"),
                    error=type(exc).__name__)))
            status["finished_at"] = _now()
            _write_json(record, status)  # written while the lock is held: never "running" and free
    except Exception:  # the record itself could not be written (disk full): only the log knows
        logger.exception("Export of %d could not record its end", year)
    logger.info("Export of %d: %s", year, status["state"])


def make_zip(folder: Path, path: Path, year: int) -> int:
    """
    Zip a finished export folder (the files its manifest lists, and the manifest); returns bytes.

    Entries are ``learning-map-YEAR/NAME`` with the year's fixed date; the zip is written to
    a temporary file beside ``path`` and renamed into place.
    """
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    names = sorted({entry["name"] for entry in manifest["files"]} | {"manifest.json"})
    stamp = (int(year), 1, 1, 0, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path, "wb") as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            info = zipfile.ZipInfo(f"learning-map-{year}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(folder / name, "rb") as source, archive.open(info, "w") as target:
                while chunk := source.read(1 << 20):
                    target.write(chunk)
    return os.path.getsize(path)
