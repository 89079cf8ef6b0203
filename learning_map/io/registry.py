"""
Load a city's site registry (CSV, XLSX, GeoJSON, GeoPackage, Shapefile).

Every row either loads or is rejected with its line number and a reason;
nothing is dropped silently. Rejected rows keep their original values so the
user can fix them and load the file again.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from learning_map.categories import CATEGORIES, CATEGORY_ALIASES
from learning_map.coords import COORDINATE_SYSTEMS, to_wgs84
from learning_map.errors import InputFileError
from learning_map.safety import ASCII_FLOAT, strip_formula_guard
from learning_map.schema import SITE_COLUMNS

if TYPE_CHECKING:
    from collections.abc import Iterator

logger = logging.getLogger(__name__)

TABLE_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
VECTOR_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".zip")
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

# Accepted column headings (compared case-insensitively, spaces/underscores ignored).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "site_id": ("site_id", "id", "siteid", "编号", "编码", "站点编号", "代码", "編號"),
    "name": ("name", "site_name", "名称", "站点名称", "机构名称", "名稱", "学习点名称"),
    "name_zh": ("name_zh", "中文名称", "中文名"),
    "name_en": ("name_en", "english_name", "英文名称", "英文名"),
    "category": ("category", "type", "类别", "类型", "分类", "類別", "類型"),
    "address": ("address", "addr", "地址", "详细地址", "地點"),
    "phone": ("phone", "tel", "telephone", "电话", "联系电话", "電話"),
    "opening_hours": ("opening_hours", "hours", "开放时间", "開放時間", "服务时间"),
    "website": ("website", "url", "web", "网址", "網址", "网站"),
    "description": ("description", "courses", "services", "简介", "课程", "服务内容", "說明"),
    "lon": ("lon", "lng", "long", "longitude", "x", "经度", "經度"),
    "lat": ("lat", "latitude", "y", "纬度", "緯度"),
}
_ALIAS_TO_COLUMN = {
    alias.casefold().replace(" ", "").replace("_", ""): column
    for column, aliases in COLUMN_ALIASES.items()
    for alias in aliases
}


@dataclass
class RegistryLoad:
    """Result of loading a registry: good sites, rejected rows, and where rows came from."""

    sites: gpd.GeoDataFrame
    rejected: pd.DataFrame
    source: str

    @property
    def is_empty(self) -> bool:
        """True when no site loaded (a header-only file, or every row rejected)."""
        return len(self.sites) == 0

    @property
    def summary(self) -> str:
        """One bilingual sentence: how many rows loaded and how many were rejected."""
        rejected = len(self.rejected)
        if self.is_empty and rejected:
            return (
                f"{self.source}: no sites loaded, all {rejected} rows rejected"
                f" / 未载入任何站点，{rejected} 行全部被拒绝"
            )
        if self.is_empty:
            return f"{self.source}: no sites loaded, the file has no data rows / 未载入任何站点，文件中没有数据行"
        return (
            f"{self.source}: loaded {len(self.sites)} sites, rejected {rejected} rows"
            f" / 已载入 {len(self.sites)} 个站点，拒绝 {rejected} 行"
        )


def _canonical_columns(columns: pd.Index) -> dict[str, str]:
    """Map original column names to canonical ones where a heading is recognised."""
    mapping: dict[str, str] = {}
    for column in columns:
        key = str(column).strip().casefold().replace(" ", "").replace("_", "")
        canonical = _ALIAS_TO_COLUMN.get(key)
        if canonical and canonical not in mapping.values():
            mapping[column] = canonical
    return mapping


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
        msg = f"{path.name} is an Excel workbook, not CSV text; rename it to .xlsx / 该文件是 Excel 工作簿，请改用 .xlsx 扩展名"
        raise InputFileError(msg)
    encodings = next((e for bom, e in _BOM_ENCODINGS if raw.startswith(bom)), None)
    if encodings is None:
        utf16 = _utf16_without_bom(raw)
        encodings = (utf16,) if utf16 else ("utf-8", "gb18030")
    for encoding in encodings:
        try:
            return raw.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError:
            continue
    msg = (
        f"{path.name}: cannot read the text encoding ({' or '.join(encodings)} failed); save it as "
        "UTF-8 CSV / 文件编码无法识别，请另存为 UTF-8 编码的 CSV"
    )
    raise InputFileError(msg)


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


def _parse_record(lines: list[str], delimiter: str) -> list[str] | str:
    """Fields of one record made of ``lines`` (quoted newlines included), or why it cannot be read."""
    try:
        return next(csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True), [])
    except csv.Error as exc:
        return f"cannot be read as CSV ({exc}) / 无法解析此行"


def _records(
    lines: list[str], delimiter: str, *, width: int | None = None, start: int = 0
) -> Iterator[tuple[int, int, list[str] | str]]:
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
        return not isinstance(fields, str) and len(fields) == width

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
                    and (isinstance(joined, str) or len(joined) != width)
                    and complete_row(lines[end])
                )
                break
            if not closed:
                yield i, i + 1, f"unterminated quote opened on line {i + 1} / 引号未闭合"
                i += 1
                continue
        yield i, end + 1, _parse_record(lines[i : end + 1], delimiter)
        i = end + 1


def _read_csv(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """
    Read a CSV record by record so each row keeps the physical line it starts on.

    Fields are comma-separated and quoted with ``"``; semicolons or tabs are used
    only when the header line has no comma but has them. The quote character is
    never guessed: a word in single quotes is text.
    """
    text = _decode(path.read_bytes(), path)
    lines = io.StringIO(text, newline="").readlines()
    blank = [not line.strip() for line in lines]
    if all(blank):
        msg = f"{path.name} is empty / 文件为空"
        raise InputFileError(msg)
    first = blank.index(False)
    delimiter = _delimiter(lines[first])
    _, body_start, fields = next(_records(lines, delimiter, start=first))
    if isinstance(fields, str):
        msg = f"{path.name}: the header (line {first + 1}) cannot be read: {fields}"
        raise InputFileError(msg)
    header = [h.strip() for h in fields]
    # One pass over the records (the file boundary); validation below is vectorised.
    good, starts, bad = [], [], []
    for i, end, row in _records(lines, delimiter, width=len(header), start=body_start):
        raw = "".join(lines[i:end]).rstrip("\r\n")
        if isinstance(row, str):
            bad.append({"line": i + 1, "reason": row, "raw": raw})
        elif not any(cell.strip() for cell in row):
            continue  # blank line: nothing to load, nothing lost
        elif len(row) != len(header):
            bad.append({
                "line": i + 1,
                "reason": f"has {len(row)} fields, header has {len(header)} / 列数不符",
                "raw": raw,
            })
        else:
            good.append(row)
            starts.append(i + 1)
    table = pd.DataFrame(good, columns=header, dtype=object)
    table = table.drop(columns=[c for c in REPORT_COLUMNS if c in table])
    table.insert(0, "line", starts)
    return table, pd.DataFrame(bad, columns=["line", "reason", "raw"])


def _read_table(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return _read_csv(path)
    try:
        table = pd.read_excel(path, dtype=object)
    except Exception as exc:
        msg = f"Cannot read {path.name} as an Excel workbook: {exc} / 无法读取 Excel 文件"
        raise InputFileError(msg) from exc
    table = table.dropna(how="all")
    table = table.drop(columns=[c for c in REPORT_COLUMNS if c in table])
    table.insert(0, "line", table.index.to_numpy() + 2)  # Excel row: header is row 1
    return table, pd.DataFrame(columns=["line", "reason", "raw"])


def _read_vector(path: Path) -> gpd.GeoDataFrame:
    try:
        frame = gpd.read_file(path)
    except Exception as exc:
        msg = f"Cannot read {path.name} as a GIS layer: {exc} / 无法读取地理数据文件"
        raise InputFileError(msg) from exc
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    frame = frame.drop(columns=[c for c in REPORT_COLUMNS if c in frame])
    frame.insert(0, "line", np.arange(1, len(frame) + 1))  # feature number
    return frame


def _clean_text(frame: pd.DataFrame) -> pd.DataFrame:
    r"""
    Undo what our writers and spreadsheets add to text cells, column by column.

    Ordinary spaces around text are removed (tabs are kept: a defused ``'\t=cmd``
    must not become ``=cmd``), then exactly one ``'`` in front of a formula
    character (:func:`~learning_map.safety.strip_formula_guard`). Numbers and
    missing values are left as they are.
    """
    frame = frame.copy()
    for column in frame.columns:
        values = frame[column]
        if not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
            continue
        values = values.astype(object)
        try:
            stripped = values.str.strip(" ")
        except AttributeError:  # no text cells in this column
            continue
        is_text = stripped.notna().to_numpy(dtype=bool)
        values = values.where(~is_text, stripped)
        guarded = (is_text & stripped.str.startswith("'").fillna(False).to_numpy(dtype=bool))
        if guarded.any():
            values.iloc[guarded] = values.iloc[guarded].map(strip_formula_guard)
        frame[column] = values
    return frame


def _number(values: pd.Series) -> pd.Series:
    """
    :func:`~learning_map.safety.parse_ascii_float` over a column, vectorised.

    Only ASCII decimal numbers parse; full-width or Arabic-Indic digits,
    underscores, NaN and infinity become missing.
    """
    text = values.astype("string").str.strip()
    ascii_number = text.str.fullmatch(ASCII_FLOAT).fillna(False).to_numpy(dtype=bool)
    number = text.astype(object).where(ascii_number, None).astype(float)  # float(), as the parser
    return number.where(np.isfinite(number))


def _validate(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Return the canonical table and one reason string per row ('' when valid)."""
    reasons = pd.Series("", index=table.index, dtype=object)

    def reject(mask: pd.Series, text: pd.Series | str) -> None:
        fresh = mask & (reasons == "")
        reasons.loc[fresh] = text if isinstance(text, str) else text[fresh]

    # Text was cleaned by _clean_text; a tab in front of "=cmd" is data and stays.
    name = table["name"].astype("string").fillna("")
    reject(name.str.strip() == "", "missing name / 缺少名称")

    if "lon" in table and "lat" in table:
        for axis, limit, zh in (("lon", 180, "经度"), ("lat", 90, "纬度")):
            raw = table[axis].astype("string").str.strip().fillna("")
            number = _number(table[axis])
            reject(raw == "", f"missing {axis} / 缺少{zh}")
            reject(number.isna(), f"{axis} " + raw.map(repr) + f" is not a number / {zh}不是数字")
            reject(
                number.abs() > limit,
                f"{axis} " + raw + f" is outside -{limit}..{limit} / {zh}超出范围",
            )
            table[axis] = number
    else:
        empty = table.geometry.isna() | table.geometry.is_empty
        reject(empty, "missing geometry / 缺少坐标")

    category_raw = table["category"].astype("string").str.strip().fillna("")
    category = category_raw.str.casefold().map(CATEGORY_ALIASES)
    reject(category_raw == "", "missing category / 缺少类别")
    known = ", ".join(CATEGORIES)
    reject(
        category.isna(),
        "unknown category " + category_raw.map(repr) + f" (use one of: {known}) / 类别无法识别",
    )
    table["category"] = category

    site_id = table["site_id"].astype("string").fillna("")
    has_id = site_id.str.strip() != ""
    first_line = table["line"].groupby(site_id).transform("first")
    duplicate = has_id & site_id.duplicated(keep="first")
    reject(
        duplicate,
        "duplicate site id " + site_id.map(repr) + " (first at line "
        + first_line.astype(str) + ") / 编号重复",
    )
    table["site_id"] = site_id.where(has_id, "row-" + table["line"].astype(str))
    table["name"] = name
    return table, reasons


def read_registry(path: str | Path, *, coordinate_system: str = "wgs84") -> RegistryLoad:
    """
    Load a registry of learning sites.

    Parameters
    ----------
    path
        CSV (UTF-8 with or without BOM, GB18030, or UTF-16 LE/BE with or
        without BOM; comma-separated with ``"`` quotes, or semicolon/tab when
        the header has no comma), XLSX, GeoJSON, GeoPackage or Shapefile. A
        ``'`` our writers put in front of formula text is removed. Headings may be English or Chinese (名称, 类别, 地址, 经度,
        纬度, ...); tables need longitude/latitude columns.
    coordinate_system
        ``wgs84`` (GPS, OpenStreetMap), ``gcj02`` (Amap/Gaode, Tencent) or
        ``bd09`` (Baidu): the system the coordinates were copied from. They are
        converted to WGS84 so sites sit on the right street.

    Returns
    -------
    load
        Good sites (EPSG:4326, :data:`~learning_map.sites.SITE_COLUMNS`) and the
        rejected rows with ``line`` and ``reason``.
    """
    path = Path(path)
    if coordinate_system not in COORDINATE_SYSTEMS:
        msg = f"unknown coordinate system {coordinate_system!r}; use {', '.join(COORDINATE_SYSTEMS)} / 坐标系无法识别"
        raise InputFileError(msg)
    if not path.is_file():
        msg = f"Registry file not found: {path} / 找不到站点名录文件"
        raise InputFileError(msg)
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        original, malformed = _read_table(path)
        geometry = None
    elif suffix in VECTOR_SUFFIXES:
        original = _read_vector(path)
        malformed = pd.DataFrame(columns=["line", "reason", "raw"])
        geometry = original.geometry.to_crs("EPSG:4326")
        original = pd.DataFrame(original.drop(columns=original.geometry.name))
    else:
        msg = (
            f"{path.name}: unsupported registry format; use CSV, XLSX, GeoJSON, "
            "GeoPackage or Shapefile / 不支持的文件格式"
        )
        raise InputFileError(msg)
    original = _clean_text(original)

    mapping = _canonical_columns(original.columns.drop("line"))
    for required in ("name", "category"):
        if required not in mapping.values():
            wanted = "/".join(COLUMN_ALIASES[required][:3] + COLUMN_ALIASES[required][3:5])
            msg = f"{path.name} has no {required} column (expected one of {wanted}) / 缺少必需列"
            raise InputFileError(msg)
    if geometry is None and not {"lon", "lat"} <= set(mapping.values()):
        msg = f"{path.name} needs longitude and latitude columns (lon/lat or 经度/纬度) / 缺少经纬度列"
        raise InputFileError(msg)

    table = original.rename(columns=mapping)
    for column in SITE_COLUMNS:
        if column not in table:
            table[column] = ""
    if geometry is not None:
        table = gpd.GeoDataFrame(table, geometry=geometry.to_numpy(), crs="EPSG:4326")
    table, reasons = _validate(table)

    ok = (reasons == "").to_numpy()
    if geometry is None:
        points = shapely.points(table["lon"].to_numpy(float)[ok], table["lat"].to_numpy(float)[ok])
    else:
        points = shapely.point_on_surface(table.geometry.to_numpy()[ok])
    if coordinate_system != "wgs84":
        lon, lat = to_wgs84(shapely.get_x(points), shapely.get_y(points), system=coordinate_system)
        points = shapely.points(lon, lat)
        logger.info("Converted %d sites from %s to WGS84", len(points), coordinate_system)
    good = table[ok]
    text = good[list(SITE_COLUMNS)].astype("string").fillna("").astype(object)
    text["source"] = "registry"
    extra = [c for c in original.columns if c not in mapping and c != "line"]
    sites = gpd.GeoDataFrame(
        pd.concat([text, original.loc[good.index, extra]], axis=1).assign(
            line=good["line"].to_numpy()
        ),
        geometry=points,
        crs="EPSG:4326",
    ).reset_index(drop=True)

    rejected_rows = original.loc[~ok].copy()
    rejected_rows.insert(1, "reason", reasons[~ok].to_numpy())
    rejected = pd.concat([malformed, rejected_rows], ignore_index=True)
    rejected = rejected.sort_values("line", kind="stable").reset_index(drop=True)
    load = RegistryLoad(sites=sites, rejected=rejected, source=path.name)
    logger.info(load.summary)
    return load
