"""
Tables written for people: CSV and XLSX files a spreadsheet opens without running anything.

Every text cell goes through :func:`~learning_map.base.safety.formula_safe` (CSV) or is
written as a typed string cell (XLSX), so a site name such as
``=HYPERLINK("http://evil", "click")`` is shown, never evaluated. Numbers stay
numbers, rounded by what they measure (:mod:`learning_map.base.figures`). Files are written
atomically: a failed write leaves the old file as it was.
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from learning_map.base.figures import round_frame
from learning_map.base.safety import (
    FORMULA_START,
    SIGN_START,
    atomic_path,
    atomic_write,
    formula_safe,
)

if TYPE_CHECKING:
    import datetime
    from collections.abc import Mapping

# First characters that can make a cell a formula; only such cells need the full check.
_RISKY_FIRST = list(FORMULA_START + SIGN_START)
# Excel: at most 31 characters, none of []:*?/\ and no apostrophe at either end.
SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Column widths in characters (East Asian wide characters count two).
MIN_WIDTH, MAX_WIDTH = 8, 60
_WIDTH_SAMPLE_ROWS = 1000


def _is_text_column(column: pd.Series) -> bool:
    return pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column) or (
        isinstance(column.dtype, pd.CategoricalDtype)
    )


def _guard_column(column: pd.Series) -> pd.Series:
    """``column`` with every text cell passed through :func:`formula_safe`."""
    if not _is_text_column(column):
        return column
    values = column.astype(object)
    try:
        first = values.str[:1]
    except AttributeError:  # no text cells at all (e.g. an object column of numbers)
        return column
    # Vectorised pre-filter: only cells starting with = @ tab CR + - can be formulas.
    risky = first.isin(_RISKY_FIRST).to_numpy(dtype=bool)
    if not risky.any():
        return column
    values = values.copy()
    values.iloc[risky] = values.iloc[risky].map(formula_safe)
    return values


def formula_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """
    A copy of ``frame`` whose text cells and headings a spreadsheet shows as text.

    Parameters
    ----------
    frame
        Any table; its index is not kept.

    Returns
    -------
    safe
        Same shape; numbers unchanged, risky text prefixed with ``'``.
    """
    safe = pd.DataFrame(
        {i: _guard_column(frame.iloc[:, i]) for i in range(frame.shape[1])}, index=frame.index
    )
    safe.columns = [formula_safe(str(c)) for c in frame.columns]
    return safe


def csv_text(frame: pd.DataFrame) -> str:
    """
    ``frame`` as formula-safe CSV text (no BOM, no index), e.g. for printing to stdout.

    Parameters
    ----------
    frame
        Table to print.

    Returns
    -------
    text
    """
    return formula_safe_frame(round_frame(frame)).to_csv(index=False, lineterminator="\n")


def write_csv(frame: pd.DataFrame, path: str | Path, *, bom: bool = True) -> Path:
    """
    Write ``frame`` as a formula-safe CSV file, atomically.

    Parameters
    ----------
    frame
        Table to write (without its index).
    path
        Destination; its folder must exist. An existing file is replaced only
        once the new one is complete.
    bom
        Start the file with a UTF-8 byte-order mark, so Excel shows Chinese text.

    Returns
    -------
    path
    """
    path = Path(path)
    safe = formula_safe_frame(round_frame(frame))
    encoding = "utf-8-sig" if bom else "utf-8"
    with atomic_write(path, "w", encoding=encoding, newline="") as handle:
        safe.to_csv(handle, index=False, lineterminator="\n")
    return path


def sheet_name(name: str, taken: set[str] | None = None) -> str:
    r"""
    A valid, unique Excel sheet name for ``name``.

    Forbidden characters ``[]:*?/\`` become ``_``; apostrophes at either end are
    dropped; the name is cut to 31 characters and made unique (case-insensitively)
    among ``taken`` with a `` (2)``-style suffix.
    """
    clean = _SHEET_FORBIDDEN.sub("_", str(name)).strip().strip("'")
    clean = clean[:SHEET_NAME_MAX] or "Sheet"
    if clean.casefold() == "history":  # reserved by Excel
        clean = f"{clean}_"
    taken_folded = {t.casefold() for t in taken or ()}
    candidate, n = clean, 1
    while candidate.casefold() in taken_folded:
        n += 1
        suffix = f" ({n})"
        candidate = clean[: SHEET_NAME_MAX - len(suffix)] + suffix
    return candidate


def _display_width(value: Any) -> int:
    text = "" if _cell_value(value) is None else str(value)  # pandas' str dtype keeps NaN
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell_value(value: Any) -> Any:
    """A value openpyxl stores as-is: missing values empty, unknown objects as text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (str, bool, int, float, pd.Timestamp)):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return _cell_value(value.item())
    return str(value)


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: str | Path, *,
               fixed_time: datetime.datetime | None = None) -> Path:
    """
    Write tables to an Excel workbook, one sheet each, atomically.

    Text is written as typed string cells, never as formulas; headers are bold
    and frozen; columns are sized to their contents.

    Parameters
    ----------
    sheets
        Sheet name to table; names are made valid with :func:`sheet_name`.
    path
        Destination ``.xlsx``; its folder must exist.
    fixed_time
        Creation and modification time written into the workbook and its zip
        entries; with it, the same tables give a byte-identical file (offices diff
        yearly exports). Default: now.

    Returns
    -------
    path
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    path = Path(path)
    workbook = Workbook()
    workbook.remove(workbook.active)
    if fixed_time is not None:
        workbook.properties.created = workbook.properties.modified = fixed_time
    bold = Font(bold=True)
    taken: set[str] = set()
    for name, frame in sheets.items():
        frame = round_frame(frame)
        title = sheet_name(name, taken)
        taken.add(title)
        sheet = workbook.create_sheet(title)
        header = [str(c) for c in frame.columns]
        _write_cells(sheet, header, frame, bold)
        sheet.freeze_panes = "A2"
        _size_columns(sheet, header, frame)
    if not workbook.sheetnames:
        workbook.create_sheet("Sheet")
    with atomic_path(path) as tmp:
        workbook.save(tmp)
        if fixed_time is not None:
            _fix_zip_times(tmp, fixed_time)
    return path


def _write_cells(sheet: Any, header: list[str], frame: pd.DataFrame, bold: Any) -> None:
    """The header (bold) and the rows; text as typed string cells, never formulas."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # openpyxl stores one Python object per cell, so cells are set one by one here.
    rows = frame.astype(object).itertuples(index=False, name=None)
    for r, row in enumerate([header, *rows], start=1):
        for c, raw in enumerate(row, start=1):
            value = _cell_value(raw)
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula, whatever it starts with
                if value.startswith(FORMULA_START + SIGN_START):
                    cell.quotePrefix = True  # stays text when edited in Excel
            if r == 1:
                cell.font = bold


def _size_columns(sheet: Any, header: list[str], frame: pd.DataFrame) -> None:
    """Each column as wide as its heading and first rows' text, within the limits."""
    from openpyxl.utils import get_column_letter

    sample = frame.head(_WIDTH_SAMPLE_ROWS).astype(str)
    for c, heading in enumerate(header, start=1):
        widest = max([_display_width(heading), *map(_display_width, sample.iloc[:, c - 1])])
        sheet.column_dimensions[get_column_letter(c)].width = min(
            max(widest + 2, MIN_WIDTH), MAX_WIDTH
        )


def _fix_zip_times(path: Path, when: datetime.datetime) -> None:
    """Rewrite a zip file with every entry dated ``when`` (zip keeps local times, no zone)."""
    import zipfile

    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" as it saves
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + when.strftime(
                    "%Y-%m-%dT%H:%M:%SZ").encode(), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, data)
