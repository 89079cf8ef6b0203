"""Shared pieces of the registry store: constants, text and year helpers, row conversions."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from learning_map.base.i18n import cli_text, gettext
from learning_map.base.text_rules import strip_bidi, text_problem
from learning_map.city.categories import CATEGORIES, CATEGORY_ALIASES, subtype_key
from learning_map.city.sites import SITE_COLUMNS
from learning_map.errors import N_, StoreError
from learning_map.store.columns import subtype_choices
from learning_map.store.schema import (
    INT_FIELDS,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    import sqlalchemy as sa

logger = logging.getLogger(__name__)

STORE_FILE = "registry.gpkg"
DATABASE_URL_ENV = "LEARNING_MAP_DATABASE_URL"
DEFAULT_LOCK_TIMEOUT = 30.0
DUMP_FORMAT = "learning-map-registry-dump"
# Version 2 added the admin tables and site_history.changed_by, version 3 the courses;
# older dumps still restore.
DUMP_VERSION = 3
READABLE_DUMP_VERSIONS = (1, 2, 3)
# site_history.field of the row that closes a site merged into another (new_value: its id).
MERGED_INTO = "merged_into"
# Points closer than this (degrees, about 1 cm) are the same place: no "changed" row.
SAME_POINT_DEG = 1e-7
# Columns of sites_as_of, after the geometry-free SITE_COLUMNS.
STORE_COLUMNS = (*SITE_COLUMNS, "subtype", "district", "capacity", "opened_year", "closed_year")
# A PostgreSQL schema name the store accepts: a plain identifier (it goes into the search path as it is).
SCHEMA_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def say(msgid: str, locale: str | None = None, /, **params: object) -> str:
    """``msgid`` (marked ``N_``) in ``locale``; None: the command line's language (:func:`cli_text`)."""
    if locale is None:
        return cli_text(msgid, **params)
    return gettext(msgid, locale=locale, **params)


def now_text() -> str:
    """The time now as the store records it: UTC, ISO 8601 to the microsecond, ``Z``."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def none_if_missing(value: Any) -> Any:
    """None for pandas' missing values (NaN, NA), the value otherwise."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value


def history_text(value: Any) -> str | None:
    """A history value: text, or None."""
    value = none_if_missing(value)
    return None if value is None else str(value)


def stored_text(value: Any) -> str | None:
    """Text as stored: None for missing or blank."""
    text = history_text(value)
    return text if text is not None and text.strip() else None


def point_wkt(x: float, y: float) -> str:
    """A point as history records a moved site's place (WKT, 7 decimals)."""
    return f"POINT ({x:.7f} {y:.7f})"


def result_frame(result: sa.CursorResult) -> pd.DataFrame:
    """A query result as a DataFrame of object columns (None stays None), built column-wise."""
    keys = list(result.keys())
    rows = result.fetchall()
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(keys)
    return pd.DataFrame(
        {key: pd.Series(values, dtype=object) for key, values in zip(keys, columns, strict=True)},
        columns=keys,
    )


def plain_records(frame: pd.DataFrame, columns: Iterable[str]) -> list[dict[str, Any]]:
    """Rows of ``frame`` as dicts of plain values, missing values as None."""
    columns = list(columns)
    lists = [[none_if_missing(v) for v in frame[c].tolist()] for c in columns]
    return [dict(zip(columns, values, strict=True)) for values in zip(*lists, strict=True)]


def dump_line(table: str, row: dict[str, Any]) -> str:
    """One row of a dump file: ``{"table": ..., "row": {...}}`` and a newline."""
    clean = {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
    return json.dumps({"table": table, "row": clean}, ensure_ascii=False, sort_keys=True) + "\n"


def changed_by_value(value: str | None) -> str | None:
    """A ``changed_by`` value: the username as given, None for none or blank."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise StoreError(N_("by must be a username, got {value!r}"), value=value)
    return value if value.strip() else None


def checked_year(value: Any) -> int:
    """``value`` as a year: a whole number from 1800 to 2200, else a StoreError."""
    try:
        year = int(value)
    except (TypeError, ValueError) as exc:
        raise StoreError(N_("year {value!r} is not a whole number"), value=value) from exc
    if not 1800 <= year <= 2200 or year != value:
        raise StoreError(N_("year {value!r} is not a plausible year"), value=value)
    return year


def checked_field_value(name: str, raw: Any) -> Any:
    """A field value as stored, checked like an imported one."""
    if name in (*INT_FIELDS, "opened_year"):
        if raw is None and name != "opened_year":
            return None
        if isinstance(raw, bool) or not isinstance(raw, (int, np.integer)) or raw < 0:
            raise StoreError(N_("{name} must be a whole number, got {value!r}"), name=name, value=raw)
        return checked_year(raw) if name == "opened_year" else int(raw)
    if name == "category":
        key = raw if raw in CATEGORIES else CATEGORY_ALIASES.get(str(raw).strip().casefold())
        if key is None:
            raise StoreError(N_("unknown category {value!r} (use one of: {choices})"), value=raw,
                             choices=tuple(CATEGORIES))
        return key
    if name == "subtype":
        if stored_text(raw) is None:
            return None
        key = subtype_key(raw)
        if key is None:
            raise StoreError(N_("unknown subtype {value!r} (use one of: {choices})"), value=raw,
                             choices=subtype_choices())
        return key
    value = stored_text(strip_bidi(raw) if isinstance(raw, str) else raw)
    if name == "name" and value is None:
        raise StoreError(N_("a site needs a name"))
    problem = text_problem(name, value)
    if problem is not None:
        raise StoreError(problem.message, **problem.values)
    return value
