"""
The bounds one registry file must keep: bytes, bytes once unzipped, rows and cells.

They are checked before a reader spends time on the file (the size on disk; a zip's
unpacked sizes, so a zip bomb is never unpacked; an XLSX's rows and cells, counted from
its worksheet XML as it streams and stopped at the bound), and while a CSV's rows are
read, so a hostile file costs at most about the bound's worth of work. Each refusal is
one sentence naming the bound (:class:`~learning_map.errors.FileTooLargeError`).
The bounds themselves are in :mod:`learning_map.settings` (``REGISTRY_MAX_*``).
"""

from __future__ import annotations

import re
import zipfile
from typing import TYPE_CHECKING

from learning_map import settings
from learning_map.errors import N_, FileTooLargeError

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["check_file", "check_rows", "rows_error"]

ZIP_SUFFIXES = (".xlsx", ".xlsm", ".zip")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_CHUNK_BYTES = 1 << 20
# A worksheet's <row> and <c> (cell) start tags, with or without a namespace prefix.
_ROW_OR_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)[\s/>]")


def _mib(n_bytes: int) -> str:
    return f"{n_bytes / (1024 * 1024):.1f}".removesuffix(".0") + " MiB"


def rows_error(name: str, *, max_rows: int = settings.REGISTRY_MAX_ROWS) -> FileTooLargeError:
    """The refusal of a file with more than ``max_rows`` data rows."""
    return FileTooLargeError(N_("{file} has more than {max_rows:,} rows, the most one import takes; "
                                "split it into smaller files"), file=name, max_rows=max_rows)


def _cells_error(name: str, max_cells: int) -> FileTooLargeError:
    return FileTooLargeError(N_("{file} has more than {max_cells:,} cells (rows x columns), the most one "
                                "import takes; remove unused columns or split it"), file=name, max_cells=max_cells)


def check_rows(
    name: str, rows: int, columns: int, *, max_rows: int = settings.REGISTRY_MAX_ROWS,
    max_cells: int = settings.REGISTRY_MAX_CELLS,
) -> None:
    """
    Refuse a table of ``rows`` data rows and ``columns`` columns over the bounds.

    Parameters
    ----------
    name
        The file's name, for the message.
    rows, columns
        The table's size so far (a reader may call this while it reads): data rows, and
        columns; cells are counted with the header row.
    max_rows, max_cells
        The bounds.
    """
    if rows > max_rows:
        raise rows_error(name, max_rows=max_rows)
    if (rows + 1) * columns > max_cells:  # the header row too: a file of one huge header is refused
        raise _cells_error(name, max_cells)


def _check_zip(path: Path, max_unpacked_bytes: int) -> zipfile.ZipFile | None:
    """The open archive when its entries unpack to at most the bound; None when it is no zip."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return None  # not a zip: the reader says what the file is
    # zipfile never returns more than an entry's declared size, so the sum is the most
    # any reader (pandas, openpyxl, GDAL's /vsizip/ aside) can unpack from it.
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > max_unpacked_bytes:
        archive.close()
        raise FileTooLargeError(N_("{file} unpacks to {size}, over the {limit} one import takes"),
                                file=path.name, size=_mib(unpacked), limit=_mib(max_unpacked_bytes))
    return archive


def _check_worksheets(
    archive: zipfile.ZipFile, name: str, *, max_rows: int, max_cells: int
) -> None:
    """Count every worksheet's rows and cells from its XML, stopping at a bound."""
    rows = cells = 0
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        tail = b""
        with archive.open(info) as sheet:
            while chunk := sheet.read(_CHUNK_BYTES):
                text = tail + chunk
                cut = text.rfind(b"<")  # a tag cut by the chunk's end is counted with the next
                if cut <= 0:
                    tail = text[-256:]
                    continue
                for match in _ROW_OR_CELL.finditer(text, 0, cut):
                    if match.group(1) == b"row":
                        rows += 1
                    else:
                        cells += 1
                tail = text[cut:]
                # The header row is row 1 of the first sheet; every other row is data.
                if rows - 1 > max_rows:
                    raise rows_error(name, max_rows=max_rows)
                if cells > max_cells:
                    raise _cells_error(name, max_cells)
            for match in _ROW_OR_CELL.finditer(tail):
                rows, cells = (rows + 1, cells) if match.group(1) == b"row" else (rows, cells + 1)
    if rows - 1 > max_rows:
        raise rows_error(name, max_rows=max_rows)
    if cells > max_cells:
        raise _cells_error(name, max_cells)


def check_file(
    path: Path, *, max_bytes: int = settings.REGISTRY_MAX_BYTES,
    max_unpacked_bytes: int = settings.REGISTRY_MAX_UNPACKED_BYTES,
    max_rows: int = settings.REGISTRY_MAX_ROWS, max_cells: int = settings.REGISTRY_MAX_CELLS,
) -> None:
    """
    Refuse a registry file over the bounds before it is read.

    Parameters
    ----------
    path
        The file.
    max_bytes
        Size on disk.
    max_unpacked_bytes
        For a zip (XLSX, zipped Shapefile): the sum of its entries' unpacked sizes.
    max_rows, max_cells
        For a workbook: data rows and cells of all its worksheets together.

    Raises
    ------
    FileTooLargeError
        Naming the bound.
    """
    size = path.stat().st_size
    if size > max_bytes:
        raise FileTooLargeError(N_("{file} is {size}, over the {limit} one import takes; split it into "
                                   "smaller files"), file=path.name, size=_mib(size), limit=_mib(max_bytes))
    suffix = path.suffix.lower()
    if suffix not in ZIP_SUFFIXES:
        return
    archive = _check_zip(path, max_unpacked_bytes)
    if archive is None:
        return
    with archive:
        if suffix in WORKBOOK_SUFFIXES:
            _check_worksheets(archive, path.name, max_rows=max_rows, max_cells=max_cells)
