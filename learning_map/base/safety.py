"""
Rules that keep data from becoming code and files from being half-written.

Every file the project writes goes through :func:`atomic_write`; every text cell
that reaches a CSV or XLSX goes through :func:`formula_safe`; every number typed by
a user or read from a registry goes through :func:`parse_ascii_float`.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

# A spreadsheet evaluates a cell that starts with one of these as a formula
# (OWASP "CSV injection"); tab and CR are stripped by some importers, exposing what follows.
FORMULA_START = ("=", "@", "\t", "\r")
SIGN_START = ("+", "-")
# "+853 2835 1234", "-12.5", "(0)21-6543 2100": a sign followed only by a number or a phone
# number is data, not a formula, and stays readable.
_NUMBER_OR_PHONE = re.compile(r"[+-][0-9 ()\-.]*[0-9][0-9 ()\-.]*")
# ASCII digits only: float() also takes full-width and Arabic-Indic digits and "113_5435".
ASCII_FLOAT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def needs_formula_guard(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as a formula."""
    if not text:
        return False
    if text.startswith(FORMULA_START):
        return True
    return text.startswith(SIGN_START) and _NUMBER_OR_PHONE.fullmatch(text) is None


def formula_safe(value: Any) -> Any:
    """
    A cell value a spreadsheet shows as text, never runs.

    Text that starts with ``=``, ``@``, tab or CR, or with ``+``/``-`` followed by
    anything but a number or phone number, gets a leading ``'``; other values
    (numbers, dates, plain text) are returned unchanged.
    """
    if isinstance(value, str) and needs_formula_guard(value):
        return "'" + value
    return value


def strip_formula_guard(text: str) -> str:
    """Undo :func:`formula_safe`: remove exactly one ``'`` in front of a formula character."""
    if text.startswith("'") and needs_formula_guard(text[1:]):
        return text[1:]
    return text


def parse_ascii_float(text: str) -> float | None:
    """
    A decimal number written with ASCII digits, or None.

    Surrounding spaces are ignored; NaN, infinity, underscores, full-width and
    other non-ASCII digits are not numbers here.
    """
    stripped = text.strip()
    if ASCII_FLOAT.fullmatch(stripped) is None:
        return None
    value = float(stripped)
    return value if value not in (float("inf"), float("-inf")) else None


def _default_mode(base: int = 0o666) -> int:
    """What ``open()`` (``base`` 0o666) or ``mkdir`` (0o777) would give: ``base`` less the umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return base & ~umask


def fsync_dir(path: str | Path) -> None:
    """Flush a folder's entries (a rename) to disk where the platform allows it."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "wb", **open_kwargs: Any) -> Iterator[Any]:
    """
    Open a temporary file beside ``path``; on success, flush it and rename it over ``path``.

    A crash or kill at any moment leaves either the old file or the new one, never
    a mix. On an exception the temporary file is removed and ``path`` is untouched.

    Parameters
    ----------
    path
        Final file path; its folder must exist.
    mode
        ``"wb"`` or ``"w"``.
    **open_kwargs
        Passed to :func:`open` (``encoding``, ``newline``).
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(tmp_name, _default_mode())
    try:
        with os.fdopen(fd, mode, **open_kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    fsync_dir(path.parent)


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """
    A temporary path beside ``path`` for writers that take a file name (pyogrio, numpy).

    On success the temporary file is flushed and renamed over ``path``; on an
    exception it is removed and ``path`` is untouched.
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # some writers refuse to overwrite; they create it again
    try:
        yield tmp
        os.chmod(tmp, _default_mode())
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


# renameat2(2) flag: swap two existing paths in one step (Linux 3.15+, glibc 2.28+).
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap folders ``a`` and ``b`` atomically; False where the platform cannot."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


@contextlib.contextmanager
def atomic_dir(path: str | Path) -> Iterator[Path]:
    """
    A temporary folder beside ``path``, switched into place in one step on success.

    A first write is one ``rename``. A rewrite swaps the new folder with the old one
    in one ``renameat2(RENAME_EXCHANGE)`` and then removes the old one, so a kill at
    any moment leaves either the complete old folder or the complete new one at
    ``path`` (a leftover ``.path.*.tmp`` folder beside it is only litter). Where the
    swap is not available, the old folder is moved aside first and put back if the
    switch fails. On an exception the temporary folder is removed and ``path`` is
    untouched.
    """
    import shutil

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{path.name}.*.tmp"):  # litter of a killed run
        shutil.rmtree(stale, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    os.chmod(tmp, _default_mode(0o777))  # mkdtemp gives 0o700; a folder as mkdir would make it
    try:
        yield tmp
        fsync_dir(tmp)
        if not path.exists():
            os.rename(tmp, path)
        elif _exchange(tmp, path):
            shutil.rmtree(tmp)  # now holds the old folder
        else:
            aside = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
            os.rmdir(aside)
            os.rename(path, aside)
            try:
                os.rename(tmp, path)
            except BaseException:
                os.rename(aside, path)
                raise
            shutil.rmtree(aside)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    fsync_dir(path.parent)
