"""
The checks of a registry's rows: each row gets its first reason, or '' when it is good.

:func:`validate_rows` and :func:`check_capacity` are the rules every row of a registry
file meets (:func:`learning_map.city.registry_file.read_registry` reports each rejected
row with its line and this reason, and loads the good ones).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from learning_map.base.safety import ASCII_FLOAT
from learning_map.base.schema import CAPACITY_COLUMN_ALIASES, SITE_COLUMNS
from learning_map.base.text_rules import FIELD_MAX_CHARS, strip_bidi_columns, text_problems
from learning_map.city.categories import CATEGORIES, CATEGORY_ALIASES

SITE_TEXT_FIELDS = tuple(c for c in SITE_COLUMNS if c in FIELD_MAX_CHARS)


def number_column(values: pd.Series) -> pd.Series:
    """
    :func:`~learning_map.base.safety.parse_ascii_float` over a column, vectorised.

    Only ASCII decimal numbers parse; full-width or Arabic-Indic digits,
    underscores, NaN and infinity become missing.
    """
    text = values.astype("string").str.strip()
    ascii_number = text.str.fullmatch(ASCII_FLOAT).fillna(False).to_numpy(dtype=bool)
    number = text.astype(object).where(ascii_number, None).astype(float)  # float(), as the parser
    return number.where(np.isfinite(number))


def validate_rows(
    table: pd.DataFrame, to_geocode: pd.Series | None = None
) -> tuple[pd.DataFrame, pd.Series]:
    """
    Return the canonical table and one reason string per row ('' when valid).

    Rows marked in ``to_geocode`` (an address, no coordinates, a geocoder given) are
    not rejected for their missing coordinates.
    """
    reasons = pd.Series("", index=table.index, dtype=object)

    def reject(mask: pd.Series, text: pd.Series | str) -> None:
        fresh = mask & (reasons == "")
        reasons.loc[fresh] = text if isinstance(text, str) else text[fresh]

    # Text was cleaned by the reader (registry_file); a tab in front of "=cmd" is data and stays.
    name = table["name"].astype("string").fillna("")
    reject(name.str.strip() == "", "missing name / 缺少名称")

    if "lon" in table and "lat" in table:
        for axis, limit, zh in (("lon", 180, "经度"), ("lat", 90, "纬度")):
            raw = table[axis].astype("string").str.strip().fillna("")
            number = number_column(table[axis])
            placed = to_geocode if to_geocode is not None else pd.Series(False, index=table.index)
            reject((raw == "") & ~placed, f"missing {axis} / 缺少{zh}")
            reject(number.isna() & ~placed, f"{axis} " + raw.map(repr) + f" is not a number / {zh}不是数字")
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
    # Lengths and control characters: the rule every door applies (learning_map.base.text_rules).
    text = list(SITE_TEXT_FIELDS)
    table[text] = strip_bidi_columns(table[text])
    problems = text_problems(table, SITE_TEXT_FIELDS)
    reject(problems != "", problems)
    return table, reasons


CAPACITY_KEYS = {a.casefold().replace(" ", "").replace("_", "") for a in CAPACITY_COLUMN_ALIASES}
WHOLE_NUMBER = r"[0-9]+(?:\.0*)?"


def check_capacity(table: pd.DataFrame, reasons: pd.Series) -> None:
    """
    Reject rows whose capacity (seats or classes) is given but is not a whole number.

    The column keeps its own heading (``座位数`` ...); it is only checked here, so a
    registry read without the store reports a bad value by line as the store would.
    """
    column = next((c for c in table.columns
                   if str(c).strip().casefold().replace(" ", "").replace("_", "") in CAPACITY_KEYS), None)
    if column is None:
        return
    text = table[column].astype("string").str.strip().fillna("")
    bad = (text != "") & ~text.str.fullmatch(WHOLE_NUMBER).fillna(False) & (reasons == "")
    reasons.loc[bad] = ("capacity " + text[bad].map(repr)
                        + " is not a whole number of seats / 座位数不是整数")
