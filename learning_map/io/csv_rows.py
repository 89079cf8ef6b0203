"""
CSV text to rows, each with the physical line it starts on.

Registries come from many tools: UTF-8 with or without BOM, GB18030, UTF-16; commas
(semicolons or tabs only when the header proves it); ``"`` quotes only. A quote left
open rejects just the line that opened it, and the rows after it still load.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
from typing import TYPE_CHECKING

import pandas as pd

from learning_map import settings
from learning_map.base.problems import FileProblemError, Problem
from learning_map.errors import N_, InputFileError
from learning_map.io.bounds import check_rows

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

# Columns our rejected-rows report adds; dropped when a fixed report is loaded again.
REPORT_COLUMNS = ("line", "reason", "raw")
# A quoted field spanning more physical lines than this is taken as an unterminated quote.
MAX_QUOTED_LINES = 50
# A byte-order mark names the encoding; the utf-16 codec reads the BOM's byte order.
_BOM_ENCODINGS = (
    (codecs.BOM_UTF8, ("utf-8-sig",)),
    (codecs.BOM_UTF16_LE, ("utf-16",)),
    (codecs.BOM_UTF16_BE, ("utf-16",)),
)


def _utf16_without_bom(raw: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when NUL bytes fill one byte position of ASCII text."""
    sample = raw[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    # ASCII characters (digits, commas, line ends) in UTF-16 have one NUL byte each;
    # UTF-8 and GB18030 text has none.
    if max(even, odd) < 2 or min(even, odd) * 10 > max(even, odd):
        return None
    return "utf-16-le" if odd > even else "utf-16-be"


def _decode(raw: bytes, path: Path) -> str:
    """Decode a text table: UTF-8 (with or without BOM), UTF-16 (LE/BE, BOM or not), GB18030."""
    if raw.startswith(b"PK\x03\x04"):
        raise InputFileError(N_("{file} is an Excel workbook, not CSV text; rename it to .xlsx"), file=path.name)
    encodings = next((e for bom, e in _BOM_ENCODINGS if raw.startswith(bom)), None)
    if encodings is None:
        utf16 = _utf16_without_bom(raw)
        encodings = (utf16,) if utf16 else ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return raw.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError:
            continue
    raise InputFileError(N_("{file}: cannot read the text encoding ({encodings} failed); save it as UTF-8 CSV"),
                         file=path.name, encodings=encodings)


def _delimiter(header_line: str) -> str:
    """Comma, unless the header has no comma but semicolons or tabs (the file proves otherwise)."""
    if "," in header_line:
        return ","
    semicolons, tabs = header_line.count(";"), header_line.count("\t")
    if semicolons or tabs:
        return ";" if semicolons >= tabs else "\t"
    return ","


@functools.cache
def _closed_line(delimiter: str) -> re.Pattern[str]:
    """A whole line of fields that are unquoted, or quoted and closed (csv's rules)."""
    d = re.escape(delimiter)
    field = rf'(?:"(?:[^"]|"")*"(?:[^"{d}\r\n][^{d}\r\n]*)?|[^"{d}\r\n][^{d}\r\n]*|)'
    return re.compile(rf"{field}(?:{d}{field})*(?:\r\n|\r|\n)?")


def _ends_in_quote(line: str, delimiter: str, *, in_quote: bool) -> bool:
    """
    Whether a ``"``-quoted field is still open at the end of ``line``.

    Follows :mod:`csv`'s rules: a quote opens a field only at its start, ``""``
    inside a quoted field is a literal quote, and a quote elsewhere is text.
    """
    if '"' not in line:
        return in_quote
    if not in_quote and _closed_line(delimiter).fullmatch(line):
        return False  # fast path: every field plain or quoted and closed
    start, plain, quoted, quote_in_quoted = range(4)
    state = quoted if in_quote else start
    for char in line:
        if state == quoted:
            if char == '"':
                state = quote_in_quoted
        elif state == quote_in_quoted:
            state = quoted if char == '"' else start if char in (delimiter, "\r", "\n") else plain
        elif char in (delimiter, "\r", "\n"):
            state = start
        elif state == start and char == '"':
            state = quoted
        else:
            state = plain
    return state == quoted


def _parse_record(lines: list[str], delimiter: str) -> list[str] | Problem:
    """Fields of one record made of ``lines`` (quoted newlines included), or why it cannot be read."""
    try:
        return next(csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True), [])
    except csv.Error as exc:
        return Problem(N_("cannot be read as CSV ({detail})"), detail=str(exc))


def _records(
    lines: list[str], delimiter: str, *, width: int | None = None, start: int = 0
) -> Iterator[tuple[int, int, list[str] | Problem]]:
    """
    Split CSV lines into records, each with the physical lines it spans.

    Yields ``(first, end, fields)``: the record is ``lines[first:end]`` and
    starts on line ``first + 1``. For a line whose quote never closes, ``fields``
    is the reason instead and ``end == first + 1``: such a quote would swallow
    the rows after it, so only that line is rejected and reading resumes on the
    next one. A quote counts as unterminated when the file ends (or
    :data:`MAX_QUOTED_LINES` pass) first, when a line inside it reads as a
    complete row of its own, or when the record it closes has the wrong number
    of fields while its last line is a complete row.

    Parameters
    ----------
    lines
        Physical lines with their line ends.
    delimiter
        Field separator.
    width
        Number of header fields, once known.
    start
        Index of the first line to read.
    """

    def complete_row(line: str) -> bool:
        if width is None or _ends_in_quote(line, delimiter, in_quote=False):
            return False
        fields = _parse_record([line], delimiter)
        return not isinstance(fields, Problem) and len(fields) == width

    i = start
    while i < len(lines):
        end = i
        if _ends_in_quote(lines[i], delimiter, in_quote=False):
            closed = False
            while end + 1 < len(lines) and end - i < MAX_QUOTED_LINES:
                end += 1
                if _ends_in_quote(lines[end], delimiter, in_quote=True):
                    if complete_row(lines[end]):
                        break  # a row of its own inside the "quoted" text
                    continue
                joined = _parse_record(lines[i : end + 1], delimiter)
                closed = not (
                    width is not None
                    and (isinstance(joined, Problem) or len(joined) != width)
                    and complete_row(lines[end])
                )
                break
            if not closed:
                yield i, i + 1, Problem(N_("unterminated quote opened on line {line}"), line=i + 1)
                i += 1
                continue
        yield i, end + 1, _parse_record(lines[i : end + 1], delimiter)
        i = end + 1


def read_csv_rows(
    path: Path, *, max_rows: int = settings.REGISTRY_MAX_ROWS, max_cells: int = settings.REGISTRY_MAX_CELLS,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """
    Read a CSV record by record so each row keeps the physical line it starts on.

    Stops with :class:`~learning_map.errors.FileTooLargeError` once the rows or cells
    are over the bounds (:func:`learning_map.io.bounds.check_rows`; a registry's unless
    ``max_rows``/``max_cells`` say otherwise).

    Fields are comma-separated and quoted with ``"``; semicolons or tabs are used
    only when the header line has no comma but has them. The quote character is
    never guessed: a word in single quotes is text.
    """
    text = _decode(path.read_bytes(), path)
    lines = io.StringIO(text, newline="").readlines()
    blank = [not line.strip() for line in lines]
    if all(blank):
        raise InputFileError(N_("{file} is empty"), file=path.name)
    first = blank.index(False)
    delimiter = _delimiter(lines[first])
    _, body_start, fields = next(_records(lines, delimiter, start=first))
    if isinstance(fields, Problem):
        raise FileProblemError(N_("{file}: the header (line {line}) cannot be read: {reason}"),
                               file=path.name, line=first + 1, reason=fields)
    header = [h.strip() for h in fields]
    # One pass over the records (the file boundary); validation below is vectorised.
    good, starts, bad = [], [], []
    for i, end, row in _records(lines, delimiter, width=len(header), start=body_start):
        if (len(good) + len(bad)) % 1024 == 0:  # stop early on a file over the bounds
            check_rows(path.name, len(good) + len(bad), len(header), max_rows=max_rows, max_cells=max_cells)
        raw = "".join(lines[i:end]).rstrip("\r\n")
        if isinstance(row, Problem):
            bad.append({"line": i + 1, "reason": row, "raw": raw})
        elif not any(cell.strip() for cell in row):
            continue  # blank line: nothing to load, nothing lost
        elif len(row) != len(header):
            bad.append({
                "line": i + 1,
                "reason": Problem(N_("has {fields} fields, header has {header}"), fields=len(row),
                                  header=len(header)),
                "raw": raw,
            })
        else:
            good.append(row)
            starts.append(i + 1)
    check_rows(path.name, len(good) + len(bad), len(header), max_rows=max_rows, max_cells=max_cells)
    table = pd.DataFrame(good, columns=header, dtype=object)
    table = table.drop(columns=[c for c in REPORT_COLUMNS if c in table])
    table.insert(0, "line", starts)
    return table, pd.DataFrame(bad, columns=["line", "reason", "raw"])
