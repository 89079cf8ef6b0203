"""
Registry columns the store keeps beyond :data:`~learning_map.city.sites.SITE_COLUMNS`.

:func:`~learning_map.city.registry_file.read_registry` passes columns it does not know through
under their original headings; here the store's own columns are recognised
(``subtype``/``子类型``/``类型细分``, ``capacity``/``座位数``, ``opened_year``/``开办年份``,
``district``/``区``) and their values checked, one reason per bad row.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from learning_map.base.schema import CAPACITY_COLUMN_ALIASES
from learning_map.base.text_rules import strip_bidi_columns, text_problems
from learning_map.city.categories import CATEGORIES, SUBTYPE_COLUMN_ALIASES, SUBTYPES, subtype_key

EXTRA_COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "subtype": SUBTYPE_COLUMN_ALIASES,
    "capacity": CAPACITY_COLUMN_ALIASES,
    "opened_year": (
        "opened_year", "opened", "year_opened", "open_year", "开办年份", "成立年份", "设立年份",
        "开设年份", "開辦年份", "成立年份",
    ),
    "district": ("district", "区", "区县", "所属区", "行政区", "區", "所屬區"),
}
_ALIAS_TO_EXTRA = {
    alias.casefold().replace(" ", "").replace("_", ""): column
    for column, aliases in EXTRA_COLUMN_ALIASES.items()
    for alias in aliases
}
EXTRA_COLUMNS = tuple(EXTRA_COLUMN_ALIASES)
_WHOLE_NUMBER = re.compile(r"[0-9]+(?:\.0*)?")
MIN_YEAR, MAX_YEAR = 1800, 2200


def rename_extra_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with recognised store columns renamed to their canonical names."""
    mapping: dict[Any, str] = {}
    for column in frame.columns:
        key = str(column).strip().casefold().replace(" ", "").replace("_", "")
        canonical = _ALIAS_TO_EXTRA.get(key)
        if canonical and canonical not in frame.columns and canonical not in mapping.values():
            mapping[column] = canonical
    return frame.rename(columns=mapping)


def _blank(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value) or (
        isinstance(value, str) and value.strip() == ""
    )


def _whole_number(value: Any) -> int | None:
    """A non-negative whole number written in ASCII digits (or stored as one), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (hasattr(value, "is_integer") and hasattr(value, "__float__")):
        number = float(value)
        return int(number) if number.is_integer() and number >= 0 else None
    text = str(value).strip()
    return int(float(text)) if _WHOLE_NUMBER.fullmatch(text) else None


def check_extra_columns(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """
    Parse ``subtype``, ``capacity``, ``opened_year`` and ``district`` and say what is wrong.

    Parameters
    ----------
    frame
        Sites with canonical column names (after :func:`rename_extra_columns`) and a
        ``category`` key column; missing store columns are added empty.

    Returns
    -------
    frame
        A copy with ``subtype`` as a key or None, ``capacity`` and ``opened_year`` as
        int or None, and ``district`` as text or None.
    reasons
        One bilingual reason per row, ``""`` for a good row; a text field too long or
        holding a control character is one (:mod:`learning_map.base.text_rules`).
    """
    frame = strip_bidi_columns(frame)
    reasons = pd.Series("", index=frame.index, dtype=object)
    for column in EXTRA_COLUMNS:
        if column not in frame:
            frame[column] = None
    subtypes, capacities, years, districts = [], [], [], []
    for index, raw_subtype, raw_capacity, raw_year, raw_district, category in zip(
        frame.index, frame["subtype"], frame["capacity"], frame["opened_year"], frame["district"],
        frame["category"], strict=True,
    ):
        (subtype, why_subtype), (capacity, why_capacity), (year, why_year) = (
            _subtype(raw_subtype, category), _capacity(raw_capacity), _opened_year(raw_year))
        why = [w for w in (why_subtype, why_capacity, why_year) if w]
        if why:
            reasons.loc[index] = "; ".join(why)
        subtypes.append(subtype)
        capacities.append(capacity)
        years.append(year)
        districts.append(None if _blank(raw_district) else str(raw_district).strip())
    frame["subtype"] = pd.Series(subtypes, index=frame.index, dtype=object)
    frame["capacity"] = pd.Series(capacities, index=frame.index, dtype=object)
    frame["opened_year"] = pd.Series(years, index=frame.index, dtype=object)
    frame["district"] = pd.Series(districts, index=frame.index, dtype=object)
    text = text_problems(frame)  # lengths and control characters of every text field
    reasons = reasons.where(reasons != "", text)
    return frame, reasons


def _subtype(raw: Any, category: str) -> tuple[str | None, str | None]:
    """A subtype cell as a key of ``category`` (None when blank), and what is wrong with it."""
    if _blank(raw):
        return None, None
    subtype = subtype_key(raw)
    if subtype is None:
        known = ", ".join(s.label_zh for s in SUBTYPES.values())
        return None, f"unknown subtype {str(raw).strip()!r} (use one of: {known}) / 子类型无法识别"
    if SUBTYPES[subtype].category != category:
        owner = CATEGORIES[SUBTYPES[subtype].category]
        return subtype, (f"subtype {SUBTYPES[subtype].label_zh} belongs to {owner.label_en}, not {category}"
                         " / 子类型与类别不符")
    return subtype, None


def _capacity(raw: Any) -> tuple[int | None, str | None]:
    """A capacity cell as whole seats (None when blank), and what is wrong with it."""
    if _blank(raw):
        return None, None
    capacity = _whole_number(raw)
    if capacity is None:
        return None, f"capacity {str(raw).strip()!r} is not a whole number of seats / 座位数不是整数"
    return capacity, None


def _opened_year(raw: Any) -> tuple[int | None, str | None]:
    """An opened-year cell as a year (None when blank or wrong), and what is wrong with it."""
    if _blank(raw):
        return None, None
    year = _whole_number(raw)
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        return None, f"opened_year {str(raw).strip()!r} is not a year / 开办年份无效"
    return year, None
