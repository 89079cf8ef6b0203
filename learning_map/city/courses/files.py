"""
Read a courses file (课程表): a CSV/XLSX, or the 课程/courses sheet of the registry workbook.

One row per course, keyed by the site id of the registry. Every row loads or is rejected
with its line number and reason (unknown site id, unknown category, bad time slot, bad
date ...), as the site registry's rows are; rejected rows keep their original values.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from learning_map.base.i18n import gettext
from learning_map.base.problems import in_cli_language, ngettext, said
from learning_map.base.safety import parse_ascii_float
from learning_map.city.courses.schedule import (
    ScheduleError,
    parse_audience,
    parse_date,
    parse_slots,
)
from learning_map.city.courses.taxonomy import default_taxonomy
from learning_map.city.registry_file import clean_text_cells
from learning_map.errors import N_, InputFileError
from learning_map.io.csv_rows import REPORT_COLUMNS, read_csv_rows

if TYPE_CHECKING:
    from collections.abc import Iterable

    from learning_map.city.courses.taxonomy import Taxonomy

logger = logging.getLogger(__name__)

# Worksheet names of the registry workbook that hold its courses.
COURSE_SHEETS = ("课程", "課程", "courses", "course", "课程表", "課程表")
# Accepted headings (compared case-insensitively, spaces and underscores ignored).
COURSE_COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "site_id": ("site_id", "id", "编号", "站点编号", "场所编号", "編號"),
    "name": ("course_name", "name", "name_zh", "课程名称", "课程", "名称", "課程名稱"),
    "name_en": ("course_name_en", "name_en", "english_name", "英文名称", "课程英文名称"),
    "category": ("category", "course_category", "类别", "课程类别", "分类", "類別"),
    "audience": ("audience", "for", "对象", "招生对象", "适合人群", "對象"),
    "term": ("term", "semester", "学期", "班次", "學期"),
    "enrol_start": ("enrol_start", "enroll_start", "enrolment_start", "报名开始", "报名开始日期", "報名開始"),
    "enrol_end": ("enrol_end", "enroll_end", "enrolment_end", "报名截止", "报名截止日期", "报名结束", "報名截止"),
    "schedule": ("schedule", "time_slots", "slots", "time", "上课时间", "时间", "上課時間"),
    "seats": ("seats", "places", "名额", "招生人数", "名額"),
    "fee": ("fee", "price", "费用", "收费", "學費", "学费", "費用"),
    "enrol_phone": ("enrol_phone", "enroll_phone", "phone", "报名电话", "电话", "報名電話"),
    "enrol_url": ("enrol_url", "enroll_url", "url", "website", "报名网址", "网址", "報名網址"),
}
# Stored course columns, in the store's order (``slots`` is JSON text of the parsed schedule).
COURSE_FIELDS = ("site_id", "name", "name_en", "category", "audience", "term", "enrol_start",
                 "enrol_end", "schedule", "slots", "seats", "fee", "enrol_phone", "enrol_url")
FREE_WORDS = ("免费", "免費", "free", "0", "无", "無")
_ALIAS = {a.casefold().replace(" ", "").replace("_", ""): column
          for column, aliases in COURSE_COLUMN_ALIASES.items() for a in aliases}


@dataclass
class CourseLoad:
    """Good courses (columns :data:`COURSE_FIELDS` plus ``line``) and the rejected rows."""

    courses: pd.DataFrame
    rejected: pd.DataFrame
    source: str

    @property
    def summary(self) -> str:
        """One sentence with the counts, in the command line's language."""
        return self.summary_text()

    def summary_text(self, locale: str | None = None) -> str:
        """The counts in ``locale`` (None: the command line's language)."""
        return ngettext("{source}: {n} course to import, {rejected} rows rejected",
                        "{source}: {n} courses to import, {rejected} rows rejected", len(self.courses),
                        locale=locale, source=self.source, rejected=len(self.rejected))

    def rejected_lines(self, limit: int = 20, locale: str | None = None) -> list[str]:
        """``line 7: unknown category ...`` for the first ``limit`` rejected rows, in ``locale`` (None: the CLI's)."""
        if locale is None:
            return ["  " + in_cli_language(lambda name, i=i: self.rejected_lines(limit, name)[i].strip())
                    for i in range(min(limit, len(self.rejected)) + (len(self.rejected) > limit))]
        lines = ["  " + gettext(N_("line {line}: {reason}"), locale=locale, line=int(r.line),
                                reason=said(r.reason, locale))
                 for r in self.rejected.head(limit).itertuples()]
        if len(self.rejected) > limit:
            more = len(self.rejected) - limit
            lines.append("  " + ngettext("... {n} more row", "... {n} more rows", more, locale=locale))
        return lines


def course_sheet(path: str | Path) -> str | None:
    """The name of the courses sheet of an Excel workbook (课程/courses), or None."""
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True)
    except Exception:  # the registry reader reports an unreadable workbook itself
        return None
    try:
        return next((n for n in workbook.sheetnames if n.strip().casefold() in COURSE_SHEETS), None)
    finally:
        workbook.close()


def _read_rows(path: Path, sheet: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows with ``line`` (as the file numbers them), and the malformed CSV records."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        table, malformed = read_csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        name = sheet if sheet is not None else (course_sheet(path) or 0)
        try:
            table = pd.read_excel(path, sheet_name=name, dtype=object)
        except ValueError as exc:
            raise InputFileError(N_("{file} has no sheet {value!r}"), file=path.name, value=name) from exc
        except Exception as exc:
            raise InputFileError(N_("Cannot read {file} as an Excel workbook: {detail}"), file=path.name,
                                 detail=str(exc)) from exc
        table = table.dropna(how="all")
        table = table.drop(columns=[c for c in REPORT_COLUMNS if c in table])
        table.insert(0, "line", table.index.to_numpy() + 2)  # Excel row: the header is row 1
        malformed = pd.DataFrame(columns=["line", "reason", "raw"])
    else:
        raise InputFileError(N_("{file}: courses are read from CSV or XLSX"), file=path.name)
    return clean_text_cells(table), malformed


def _cell(value: Any) -> str:
    """A cell as stripped text ('' for missing)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a spreadsheet number cell: 30.0 seats, a numeric site id
    return str(value).strip()


def _site_id(raw: dict[str, Any], known: set[str] | None) -> str:
    """The row's site id, which the registry must know (when ``known`` is given)."""
    site_id = _cell(raw.get("site_id"))
    if not site_id:
        raise ScheduleError(N_("missing site id"))
    if known is not None and site_id not in known:
        raise ScheduleError(N_("unknown site id {value!r} (not in the registry)"), value=site_id)
    return site_id


def _category(raw: dict[str, Any], taxonomy: Taxonomy) -> str:
    """The row's category key in ``taxonomy``."""
    category_text = _cell(raw.get("category"))
    category = taxonomy.resolve(category_text)
    if category is None:
        raise ScheduleError(N_("unknown category {value!r} (taxonomy: {source}; e.g. {examples})"),
                            value=category_text, source=taxonomy.source,
                            examples=tuple(c.key for c in list(taxonomy.categories.values())[:5]))
    return category


def _enrolment(raw: dict[str, Any]) -> tuple[Any, Any]:
    """The enrolment start and end dates (either may be None); the end is not before the start."""
    start, end = parse_date(raw.get("enrol_start")), parse_date(raw.get("enrol_end"))
    if start and end and end < start:
        raise ScheduleError(N_("enrolment ends ({end}) before it starts ({start})"), end=end, start=start)
    return start, end


def _seats(raw: dict[str, Any]) -> int | None:
    """The seats, a whole number, or None when the cell is empty."""
    seats_text = _cell(raw.get("seats"))
    if not seats_text:
        return None
    if not seats_text.isascii() or not seats_text.isdigit():
        raise ScheduleError(N_("seats {value!r} is not a whole number"), value=seats_text)
    return int(seats_text)


def _fee(raw: dict[str, Any]) -> float | None:
    """The fee, an amount (0 for 免费/free), or None when the cell is empty."""
    fee_text = _cell(raw.get("fee"))
    if not fee_text:
        return None
    fee = 0.0 if fee_text.casefold() in FREE_WORDS else parse_ascii_float(fee_text)
    if fee is None or fee < 0:
        raise ScheduleError(N_("fee {value!r} is not an amount (a number, or free)"), value=fee_text)
    return fee


def _course(raw: dict[str, Any], taxonomy: Taxonomy, known: set[str] | None) -> dict[str, Any]:
    """One good course row, or ScheduleError with the (first) reason it is rejected."""
    site_id = _site_id(raw, known)
    name = _cell(raw.get("name"))
    if not name:
        raise ScheduleError(N_("missing course name"))
    category = _category(raw, taxonomy)
    slots = parse_slots(_cell(raw.get("schedule")))
    start, end = _enrolment(raw)
    seats = _seats(raw)
    fee = _fee(raw)
    return {
        "site_id": site_id, "name": name, "name_en": _cell(raw.get("name_en")) or None,
        "category": category, "audience": parse_audience(raw.get("audience")),
        "term": _cell(raw.get("term")) or None,
        "enrol_start": start.isoformat() if start else None,
        "enrol_end": end.isoformat() if end else None,
        "schedule": _cell(raw.get("schedule")), "slots": json.dumps(slots, separators=(",", ":")),
        "seats": seats, "fee": fee,
        "enrol_phone": _cell(raw.get("enrol_phone")) or None,
        "enrol_url": _cell(raw.get("enrol_url")) or None,
    }


def read_courses(
    path: str | Path, *, taxonomy: Taxonomy | None = None, site_ids: Iterable[str] | None = None,
    sheet: str | None = None,
) -> CourseLoad:
    """
    Read a courses file.

    Parameters
    ----------
    path
        CSV (the registry reader's encodings and quoting rules) or XLSX (the sheet named
        课程/courses when there is one, else the first).
    taxonomy
        Course categories (default: the built-in taxonomy).
    site_ids
        The registry's site ids: a row naming another id is rejected. None accepts any id.
    sheet
        The worksheet to read from a workbook.

    Returns
    -------
    load
        Good courses (:data:`COURSE_FIELDS` plus ``line``) and rejected rows with ``line``,
        ``reason`` and the original values.
    """
    path = Path(path)
    if not path.is_file():
        raise InputFileError(N_("courses file not found: {path}"), path=str(path))
    taxonomy = taxonomy or default_taxonomy()
    known = {str(i) for i in site_ids} if site_ids is not None else None
    original, malformed = _read_rows(path, sheet)
    mapping: dict[str, str] = {}
    for column in original.columns.drop("line"):
        key = _ALIAS.get(str(column).strip().casefold().replace(" ", "").replace("_", ""))
        if key and key not in mapping.values():
            mapping[column] = key
    for required in ("site_id", "name", "category", "schedule"):
        if required not in mapping.values():
            names = "/".join(COURSE_COLUMN_ALIASES[required][:4])
            raise InputFileError(N_("{file} has no {column} column (expected one of {headings})"), file=path.name,
                                 column=required, headings=names)
    table = original.rename(columns=mapping)
    good: list[dict[str, Any]] = []
    bad_lines: list[int] = []
    reasons: list[ScheduleError] = []
    columns = list(mapping.values())
    for line, *values in table[["line", *columns]].itertuples(index=False, name=None):
        try:
            row = _course(dict(zip(columns, values, strict=True)), taxonomy, known)
        except ScheduleError as exc:
            bad_lines.append(line)
            reasons.append(exc)
            continue
        good.append({**row, "line": line})
    rejected_rows = original.set_index("line", drop=False).loc[bad_lines].reset_index(drop=True)
    rejected_rows.insert(1, "reason", reasons)
    rejected = pd.concat([malformed, rejected_rows], ignore_index=True) if len(malformed) else rejected_rows
    rejected = rejected.sort_values("line", kind="stable").reset_index(drop=True)
    courses = pd.DataFrame(good, columns=[*COURSE_FIELDS, "line"], dtype=object)
    load = CourseLoad(courses, rejected, path.name)
    logger.info(load.summary)
    return load
