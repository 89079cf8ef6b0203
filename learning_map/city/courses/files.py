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

from learning_map.base.safety import parse_ascii_float
from learning_map.city.courses.schedule import (
    ScheduleError,
    parse_audience,
    parse_date,
    parse_slots,
)
from learning_map.city.courses.taxonomy import default_taxonomy
from learning_map.city.registry_file import clean_text_cells
from learning_map.errors import InputFileError
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
        """One bilingual sentence with the counts."""
        return (f"{self.source}: {len(self.courses)} courses to import, {len(self.rejected)} rows rejected"
                f" / 可导入 {len(self.courses)} 门课程，拒绝 {len(self.rejected)} 行")

    def rejected_lines(self, limit: int = 20) -> list[str]:
        """``line 7: unknown category ...`` for the first ``limit`` rejected rows."""
        lines = [f"  line {int(r.line)} / 第 {int(r.line)} 行: {r.reason}"
                 for r in self.rejected.head(limit).itertuples()]
        if len(self.rejected) > limit:
            lines.append(f"  ... {len(self.rejected) - limit} more / 另有 {len(self.rejected) - limit} 行")
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
            msg = f"{path.name} has no sheet {name!r} / 工作簿中没有该工作表"
            raise InputFileError(msg) from exc
        except Exception as exc:
            msg = f"Cannot read {path.name} as an Excel workbook: {exc} / 无法读取 Excel 文件"
            raise InputFileError(msg) from exc
        table = table.dropna(how="all")
        table = table.drop(columns=[c for c in REPORT_COLUMNS if c in table])
        table.insert(0, "line", table.index.to_numpy() + 2)  # Excel row: the header is row 1
        malformed = pd.DataFrame(columns=["line", "reason", "raw"])
    else:
        msg = f"{path.name}: courses are read from CSV or XLSX / 课程表须为 CSV 或 XLSX 文件"
        raise InputFileError(msg)
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
        raise ScheduleError("missing site id / 缺少场所编号")
    if known is not None and site_id not in known:
        msg = f"unknown site id {site_id!r} (not in the registry) / 名录中没有该场所编号"
        raise ScheduleError(msg)
    return site_id


def _category(raw: dict[str, Any], taxonomy: Taxonomy) -> str:
    """The row's category key in ``taxonomy``."""
    category_text = _cell(raw.get("category"))
    category = taxonomy.resolve(category_text)
    if category is None:
        msg = (f"unknown category {category_text!r} (taxonomy: {taxonomy.source}; e.g. "
               f"{', '.join(c.zh for c in list(taxonomy.categories.values())[:5])}) / 课程类别无法识别")
        raise ScheduleError(msg)
    return category


def _enrolment(raw: dict[str, Any]) -> tuple[Any, Any]:
    """The enrolment start and end dates (either may be None); the end is not before the start."""
    start, end = parse_date(raw.get("enrol_start")), parse_date(raw.get("enrol_end"))
    if start and end and end < start:
        msg = f"enrolment ends ({end}) before it starts ({start}) / 报名截止日期早于开始日期"
        raise ScheduleError(msg)
    return start, end


def _seats(raw: dict[str, Any]) -> int | None:
    """The seats, a whole number, or None when the cell is empty."""
    seats_text = _cell(raw.get("seats"))
    if not seats_text:
        return None
    if not seats_text.isascii() or not seats_text.isdigit():
        msg = f"seats {seats_text!r} is not a whole number / 名额不是整数"
        raise ScheduleError(msg)
    return int(seats_text)


def _fee(raw: dict[str, Any]) -> float | None:
    """The fee, an amount (0 for 免费/free), or None when the cell is empty."""
    fee_text = _cell(raw.get("fee"))
    if not fee_text:
        return None
    fee = 0.0 if fee_text.casefold() in FREE_WORDS else parse_ascii_float(fee_text)
    if fee is None or fee < 0:
        msg = f"fee {fee_text!r} is not an amount (a number, or 免费/free) / 费用须为数字或“免费”"
        raise ScheduleError(msg)
    return fee


def _course(raw: dict[str, Any], taxonomy: Taxonomy, known: set[str] | None) -> dict[str, Any]:
    """One good course row, or ScheduleError with the (first) reason it is rejected."""
    site_id = _site_id(raw, known)
    name = _cell(raw.get("name"))
    if not name:
        raise ScheduleError("missing course name / 缺少课程名称")
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
        msg = f"courses file not found: {path} / 找不到课程表文件"
        raise InputFileError(msg)
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
            msg = f"{path.name} has no {required} column (expected one of {names}) / 课程表缺少必需列"
            raise InputFileError(msg)
    table = original.rename(columns=mapping)
    good: list[dict[str, Any]] = []
    bad_lines: list[int] = []
    reasons: list[str] = []
    columns = list(mapping.values())
    for line, *values in table[["line", *columns]].itertuples(index=False, name=None):
        try:
            row = _course(dict(zip(columns, values, strict=True)), taxonomy, known)
        except ScheduleError as exc:
            bad_lines.append(line)
            reasons.append(str(exc))
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
