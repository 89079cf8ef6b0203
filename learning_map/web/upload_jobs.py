"""
The admin upload's check and import as jobs: in the request for a small file, in a background thread for a large one.

Each upload has a folder ``UPLOAD_DIR/TOKEN/`` (default ``$TMPDIR/learning-map-uploads``)
holding the file as sent, ``upload.json`` (who, the year, the options), ``status.json``
(the job: ``kind`` check or import, ``state`` running, done or failed, the step, the
error in every locale; written atomically at every step, read by the page's poll from any worker),
``check.json`` and ``rejected.csv`` once checked, ``placed.json`` (the rows placed by hand on
the admin map: ``{line: [lon, lat]}``), and ``import.json`` once imported.
While a job runs it holds an ``flock`` on the folder's ``.lock``, so every worker process
can tell a running job from one whose process died.

A job has a time budget (``UPLOAD_CHECK_SECONDS``), checked at every step; the rows and
cells it reads are bounded by :mod:`learning_map.io.bounds`. Folders are removed on every
exit: a job that fails removes the file at once (its status stays for the page to show),
a folder that fails to be set up is removed by :func:`new_upload`, and :func:`remove_stale`
(at start and before each upload) removes folders older than an hour, folders whose job
died with its process, and folders left half-made by a killed request.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import secrets
import shutil
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from learning_map.base.safety import atomic_write
from learning_map.errors import N_, FileTooLargeError, LearningMapError
from learning_map.web.export_jobs import in_every_locale, lock_free, with_labels

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

logger = logging.getLogger(__name__)

PENDING_SECONDS = 3600  # an upload not confirmed within an hour is removed
UNFINISHED_SECONDS = 600  # a folder with no job after this long was left by a killed request
META_FILE, STATUS_FILE, LOCK_FILE = "upload.json", "status.json", ".lock"
REJECTED_FILE = "rejected.csv"
PLACED_FILE, PLACED_LOCK = "placed.json", ".placed.lock"
STEPS = {"check": ["read", "duplicates", "report"], "import": ["read", "import"]}
# Each step's and state's label (message ids, said by with_labels in the page's locale).
STEP_LABELS = {
    "read": N_("Reading and checking"),
    "duplicates": N_("Finding likely duplicates"),
    "report": N_("Writing the report"),
    "import": N_("Writing the registry"),
}
STATE_LABELS = {"running": N_("Working"), "done": N_("Done"), "failed": N_("Failed")}


class UploadBusyError(LearningMapError):
    """A job of this upload is still running."""


def upload_root(config: Any) -> Path:
    """``UPLOAD_DIR``, else ``$TMPDIR/learning-map-uploads`` (created, owner only)."""
    root = Path(config.get("UPLOAD_DIR") or Path(tempfile.gettempdir()) / "learning-map-uploads")
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


def budget_seconds(config: Any) -> float:
    """The time budget of one job (``UPLOAD_CHECK_SECONDS``)."""
    return float(config["UPLOAD_CHECK_SECONDS"])  # parsed and defaulted by web.config


def runs_inline(config: Any, path: Path) -> bool:
    """
    Whether the file is small enough to check in the request (``UPLOAD_INLINE_BYTES``).

    A zip (XLSX, zipped Shapefile) counts with its unpacked size: a small workbook can
    hold many cells.
    """
    size = path.stat().st_size
    if zipfile.is_zipfile(path):
        with contextlib.suppress(zipfile.BadZipFile, OSError), zipfile.ZipFile(path) as archive:
            size = max(size, sum(info.file_size for info in archive.infolist()))
    return size <= int(config["UPLOAD_INLINE_BYTES"])  # parsed and defaulted by web.config


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` as JSON, atomically."""
    with atomic_write(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1, sort_keys=True, default=str)


def read_json(path: Path) -> dict[str, Any] | None:
    """The JSON file at ``path``, or None when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def hand_points(folder: Path) -> dict[int, tuple[float, float]]:
    """The rows placed by hand on the admin map (``placed.json``), by the file's line number; {} before any."""
    saved = read_json(folder / PLACED_FILE) or {}
    return {int(line): (float(point[0]), float(point[1])) for line, point in saved.items()}


def save_hand_point(folder: Path, line: int, point: tuple[float, float], *, max_points: int) -> bool:
    """
    Keep ``point`` (WGS84 lon, lat) as row ``line``'s place; False when ``max_points`` rows are placed already.

    Two editors may place rows of one upload at once: the read and the write hold a lock, so
    neither loses the other's row. (The placing page writes while it holds the upload's job
    lock too, :func:`start`'s ``first``: no check reads the file half-changed or misses a row.)
    """
    with open(folder / PLACED_LOCK, "a+", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        points = hand_points(folder)
        if line not in points and len(points) >= max_points:
            return False
        points[line] = point
        write_json(folder / PLACED_FILE, {str(k): list(v) for k, v in sorted(points.items())})
    return True


def drop_hand_point(folder: Path, line: int) -> None:
    """Forget row ``line``'s place by hand (the row is unplaced again), under the same lock as :func:`save_hand_point`."""
    with open(folder / PLACED_LOCK, "a+", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        points = hand_points(folder)
        points.pop(line, None)
        write_json(folder / PLACED_FILE, {str(k): list(v) for k, v in sorted(points.items())})


def _interrupted(kind: str) -> dict[str, str]:
    if kind == "import":
        error = LearningMapError(N_("The import was interrupted (the server stopped); upload the file again"))
    else:
        error = LearningMapError(N_("The check was interrupted (the server stopped); upload the file again"))
    return in_every_locale(error)


def job_status(folder: Path, *, locale: str) -> dict[str, Any] | None:
    """The upload's last job (``state`` running, done or failed) with labels in ``locale``, or None before any."""
    status = read_json(folder / STATUS_FILE)
    if status is None:
        return None
    if status.get("state") == "running" and lock_free(folder / LOCK_FILE):
        status.update(state="failed", error=_interrupted(status.get("kind", "check")))
    return with_labels(status, locale, step_labels=STEP_LABELS, state_labels=STATE_LABELS)


def _remove_data(folder: Path) -> None:
    """Remove the uploaded file (and anything made from it); the job's records stay."""
    meta = read_json(folder / META_FILE) or {}
    for name in (meta.get("stored_name"), REJECTED_FILE):
        if name:
            with contextlib.suppress(FileNotFoundError):
                (folder / name).unlink()


def remove_stale(root: Path, *, max_age_s: float = PENDING_SECONDS) -> list[str]:
    """
    Remove what no one will come back for; returns the names of the folders removed.

    Folders older than ``max_age_s``; folders whose job died with its process (their
    file; the status says it was interrupted); folders left with no job for
    :data:`UNFINISHED_SECONDS` (a request killed while it saved the file).
    """
    removed = []
    now = time.time()
    for folder in root.iterdir() if root.is_dir() else ():
        if not folder.is_dir():
            continue
        try:
            age_s = now - folder.stat().st_mtime
        except FileNotFoundError:
            continue
        status = read_json(folder / STATUS_FILE)
        if age_s > max_age_s or (status is None and age_s > UNFINISHED_SECONDS):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
        elif status is not None and status.get("state") == "running" and lock_free(folder / LOCK_FILE):
            _remove_data(folder)
            status.update(state="failed", error=_interrupted(status.get("kind", "check")),
                          finished_at=_now())
            write_json(folder / STATUS_FILE, status)
    if removed:
        logger.info("Removed %d stale uploads from %s", len(removed), root)
    return removed


def sweep_at_start(config: Any) -> None:
    """:func:`remove_stale` when the app starts; a folder it cannot read is logged, not fatal."""
    try:
        remove_stale(upload_root(config))
    except OSError:  # e.g. another user's $TMPDIR/learning-map-uploads: uploads will say so
        logger.warning("Could not clean the upload folder at start", exc_info=True)


@contextlib.contextmanager
def new_upload(root: Path) -> Iterator[tuple[str, Path]]:
    """A fresh folder ``root/TOKEN`` for one upload, removed again if setting it up fails."""
    token = secrets.token_urlsafe(32)
    folder = root / token
    folder.mkdir(mode=0o700)
    try:
        yield token, folder
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _take_lock(folder: Path) -> IO[str]:
    # Not a with-block: on success the open file (and so the lock) goes to the job.
    handle = open(folder / LOCK_FILE, "a+", encoding="utf-8")  # noqa: SIM115
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise UploadBusyError(N_("This upload is still being processed; wait until it is done")) from None
    return handle


def start(
    folder: Path, kind: str, work: Callable[[Callable[[str], None]], dict[str, Any]], *,
    budget_s: float, background: bool, name: str, locale: str, first: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """
    Run ``work`` as this upload's ``kind`` job; returns its status in ``locale`` (final when not in the background).

    Parameters
    ----------
    folder
        The upload's folder.
    kind
        ``check`` or ``import`` (:data:`STEPS`).
    work
        Does the job, calling ``step(KEY)`` as it enters each step; returns the result
        stored as ``KIND.json``. A :class:`~learning_map.errors.LearningMapError` it
        raises is the job's error, shown as it is.
    budget_s
        Time budget in seconds, checked at every step.
    background
        Run in a daemon thread (the caller polls :func:`job_status`).
    name
        The file's name, for the messages.
    locale
        The locale of the status returned (the job records its error in every locale).
    first
        Called once the job's lock is held, before the job starts (what the job must see,
        written where no other job of this upload is reading); what it raises, ``start``
        raises, with nothing started.

    Raises
    ------
    UploadBusyError
        A job of this upload is running.
    """
    lock = _take_lock(folder)
    try:
        if first is not None:
            first()
        (folder / f"{kind}.json").unlink(missing_ok=True)
        status = {"kind": kind, "state": "running", "step": STEPS[kind][0], "steps": STEPS[kind],
                  "started_at": _now(), "finished_at": None, "error": None}
        write_json(folder / STATUS_FILE, status)
        if background:
            thread = threading.Thread(target=_run, name=f"upload-{kind}", daemon=True,
                                      args=(folder, status, work, lock, budget_s, name))
            thread.start()
            return with_labels(status, locale, step_labels=STEP_LABELS, state_labels=STATE_LABELS)
    except BaseException:
        lock.close()  # closing the file releases the lock
        raise
    _run(folder, status, work, lock, budget_s, name)
    return with_labels(status, locale, step_labels=STEP_LABELS, state_labels=STATE_LABELS)


def _over_budget(name: str, kind: str, budget_s: float) -> FileTooLargeError:
    seconds = f"{budget_s:g}"
    if kind == "import":
        return FileTooLargeError(N_("The import of {file} took longer than {seconds} s, the most one upload "
                                    "may take; split the file"), file=name, seconds=seconds)
    return FileTooLargeError(N_("The check of {file} took longer than {seconds} s, the most one upload "
                                "may take; split the file"), file=name, seconds=seconds)


def _run(folder: Path, status: dict[str, Any], work: Callable[[Callable[[str], None]], dict[str, Any]],
         lock: IO[str], budget_s: float, name: str) -> None:
    """The job: every outcome ends as done or failed and the lock is released (never raises)."""
    kind = status["kind"]
    started = time.monotonic()

    def step(key: str) -> None:
        if time.monotonic() - started > budget_s:
            raise _over_budget(name, kind, budget_s)
        status["step"] = key
        write_json(folder / STATUS_FILE, status)

    try:
        with lock:
            try:
                result = work(step)
                if time.monotonic() - started > budget_s:
                    raise _over_budget(name, kind, budget_s)
                write_json(folder / f"{kind}.json", result)
                status["state"] = "done"
            except LearningMapError as exc:
                status.update(state="failed", error=in_every_locale(exc))
            except Exception as exc:  # a job must record its end, whatever stopped it
                logger.exception("Upload %s of %s failed", kind, name)
                status.update(state="failed", error=in_every_locale(LearningMapError(
                    N_("The work on the file stopped unexpectedly ({error}); see the server log"),
                    error=type(exc).__name__)))
            if status["state"] == "failed" or kind == "import":
                _remove_data(folder)  # nothing is kept of a file that failed or is imported
            status["finished_at"] = _now()
            write_json(folder / STATUS_FILE, status)  # while the lock is held: never "running" and free
    except Exception:  # the folder went away (discarded) or the disk is full: only the log knows
        logger.warning("Upload %s of %s could not record its end", kind, name, exc_info=True)
    logger.info("Upload %s of %s: %s", kind, name, status["state"])
