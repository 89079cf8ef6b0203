"""
The checks of a registry's rows: each row gets its first reason, or '' when it is good.

:func:`validate_rows` and :func:`check_capacity` are the rules every row of a registry
file meets (:func:`learning_map.city.registry_file.read_registry` reports each rejected
row with its line and this reason, and loads the good ones).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from learning_map.base.problems import Problem
from learning_map.base.safety import ASCII_FLOAT
from learning_map.base.schema import CAPACITY_COLUMN_ALIASES, SITE_COLUMNS
from learning_map.base.text_rules import FIELD_MAX_CHARS, row_problems, strip_bidi_columns
from learning_map.city.categories import CATEGORIES, CATEGORY_ALIASES
from learning_map.errors import N_, Term

if TYPE_CHECKING:
    from collections.abc import Callable

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
    Return the canonical table and one reason per row (a :class:`Problem`; '' when valid).

    Rows marked in ``to_geocode`` (an address, no coordinates, a geocoder given) are
    not rejected for their missing coordinates.
    """
    reasons = pd.Series("", index=table.index, dtype=object)

    def reject(mask: pd.Series, reason: Problem | pd.Series | Callable[[object], Problem]) -> None:
        """Give the rows of ``mask`` without a reason yet ``reason`` (one, per row, or made from a row's value)."""
        fresh = (mask & (reasons == "")).to_numpy(dtype=bool)
        if not fresh.any():
            return
        if isinstance(reason, Problem):
            reasons.loc[fresh] = [reason] * int(fresh.sum())
        elif isinstance(reason, pd.Series):
            reasons.loc[fresh] = reason[fresh].to_numpy()
        else:
            reasons.loc[fresh] = [reason(i) for i in reasons.index[fresh]]

    # Text was cleaned by the reader (registry_file); a tab in front of "=cmd" is data and stays.
    name = table["name"].astype("string").fillna("")
    reject(name.str.strip() == "", Problem(N_("missing name")))

    if "lon" in table and "lat" in table:
        for axis, limit, label in (("lon", 180, Term(N_("longitude"))), ("lat", 90, Term(N_("latitude")))):
            raw = table[axis].astype("string").str.strip().fillna("")
            number = number_column(table[axis])
            placed = to_geocode if to_geocode is not None else pd.Series(False, index=table.index)
            reject((raw == "") & ~placed, Problem(N_("missing {column}"), column=label))
            reject(number.isna() & ~placed,
                   lambda i, label=label, raw=raw: Problem(N_("{column} {value!r} is not a number"), column=label,
                                                           value=raw[i]))
            reject(number.abs() > limit,
                   lambda i, label=label, raw=raw, limit=limit: Problem(
                       N_("{column} {value} is outside -{limit}..{limit}"), column=label, value=raw[i], limit=limit))
            table[axis] = number
    else:
        empty = table.geometry.isna() | table.geometry.is_empty
        reject(empty, Problem(N_("missing geometry")))

    category_raw = table["category"].astype("string").str.strip().fillna("")
    category = category_raw.str.casefold().map(CATEGORY_ALIASES)
    reject(category_raw == "", Problem(N_("missing category")))
    reject(category.isna(),
           lambda i: Problem(N_("unknown category {value!r} (use one of: {choices})"), value=category_raw[i],
                             choices=tuple(CATEGORIES)))
    table["category"] = category

    site_id = table["site_id"].astype("string").fillna("")
    has_id = site_id.str.strip() != ""
    first_line = table["line"].groupby(site_id).transform("first")
    duplicate = has_id & site_id.duplicated(keep="first")
    reject(duplicate,
           lambda i: Problem(N_("duplicate site id {value!r} (first at line {line})"), value=site_id[i],
                             line=int(first_line[i])))
    table["site_id"] = site_id.where(has_id, "row-" + table["line"].astype(str))
    table["name"] = name
    # Lengths and control characters: the rule every door applies (learning_map.base.text_rules).
    text = list(SITE_TEXT_FIELDS)
    table[text] = strip_bidi_columns(table[text])
    problems = row_problems(table, SITE_TEXT_FIELDS)
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
    reasons.loc[bad] = [Problem(N_("capacity {value!r} is not a whole number of seats"), value=value)
                        for value in text[bad]]
