"""
The city as of a year beside the year before.

Reading both from the registry store (with its history), then comparing them: the sites
opened, closed and changed, the residents within 5 / 10 / 15 minutes per unit and for the city
at both paces with last year's shares beside them, and the scorecard against a standard.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from learning_map import settings
from learning_map.base.i18n import gettext
from learning_map.base.units import resolve_speed_kmh
from learning_map.build.pipeline import city_for_year
from learning_map.bundle.core import load_bundle
from learning_map.city.categories import CATEGORIES
from learning_map.errors import StoreError
from learning_map.export.words import (
    ALL_SITES,
    WHOLE_CITY,
    change_action,
    default_title,
    product_locale,
    site_display_names,
)
from learning_map.planning.standards import load_standard, scorecard
from learning_map.store.core import open_store

if TYPE_CHECKING:
    from pathlib import Path

    import geopandas as gpd

    from learning_map.bundle.core import CityBundle

__all__ = [
    "EXPORT_PACES", "YearFound", "compare_years", "coverage_table", "fixed_time", "read_year",
    "site_changes", "with_previous", "year_scorecard",
]

# Paces every coverage table reports (the two a 15-minute learning circle is planned for).
EXPORT_PACES = ("adult", "elderly")


@dataclass
class YearFound:
    """What one export reads and computes before it writes."""

    city: CityBundle
    previous: CityBundle | None
    history: pd.DataFrame
    title: str
    when: datetime.datetime
    locale: str
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)
    coverage: pd.DataFrame = field(default_factory=pd.DataFrame)
    scorecard: pd.DataFrame | None = None


def fixed_time(year: int) -> datetime.datetime:
    """The timestamp written into the year's files: the same on every re-export."""
    return datetime.datetime(int(year), 1, 1, tzinfo=datetime.UTC)


def read_year(bundle_dir: str | Path, year: int, *, database_url: str | None,
              title: str | None, locale: str | None = None) -> YearFound:
    """
    The city as of the year and the year before, and the registry's history.

    ``locale`` is the export's one language (None: the city's script,
    :func:`~learning_map.export.words.product_locale`).
    """
    base = load_bundle(bundle_dir)
    city = city_for_year(base, year, url=database_url)
    locale = product_locale(city.sites, locale)
    return YearFound(
        city=city, previous=_previous_city(base, year, database_url),
        history=_history(bundle_dir, database_url),
        title=title or default_title(city, year, locale), when=fixed_time(year), locale=locale,
    )


def compare_years(found: YearFound, year: int, units: gpd.GeoDataFrame | None,
                  unit_field: str | None) -> None:
    """The year's changes, and its coverage beside the year before's, into ``found``."""
    previous = found.previous
    found.changes = site_changes(found.history, found.city.sites,
                                 previous.sites if previous else None, year, locale=found.locale)
    found.coverage = coverage_table(found.city, units, unit_field, locale=found.locale)
    if previous is not None:
        found.coverage = with_previous(found.coverage,
                                       coverage_table(previous, units, unit_field, locale=found.locale))


def _previous_city(base: CityBundle, year: int, database_url: str | None) -> CityBundle | None:
    """The city as of the year before, or None when the registry has no site then."""
    try:
        return city_for_year(base, year - 1, url=database_url)
    except StoreError:
        return None


def _history(bundle_dir: str | Path, database_url: str | None) -> pd.DataFrame:
    """Every change the registry recorded."""
    with open_store(bundle_dir, url=database_url) as store:
        return store.history()


# -- coverage ----------------------------------------------------------------------------------

def coverage_table(city: CityBundle, units: gpd.GeoDataFrame | None,
                   unit_field: str | None, *, locale: str) -> pd.DataFrame:
    """
    Residents within 5/10/15 minutes of each category, per unit and for the city, both paces.

    The city's own rows are the unit "Whole city" and each row's ``label`` its category, in
    ``locale``.
    """
    model = city.model
    frames = []
    for pace in EXPORT_PACES:
        speed_kmh = resolve_speed_kmh(pace)
        city_rows = model.summary(minutes=settings.WALK_MINUTES, speed_kmh=speed_kmh)
        city_rows = city_rows.assign(unit=gettext(WHOLE_CITY, locale=locale))
        parts = [city_rows]
        if units is not None and model.demand is not None:
            parts.append(model.summary_by_unit_minutes(units, unit_field, minutes=settings.WALK_MINUTES,
                                                       speed_kmh=speed_kmh))
        frame = pd.concat(parts, ignore_index=True).assign(pace=pace)
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    table["label"] = [CATEGORIES[c].label(locale) if c in CATEGORIES else gettext(ALL_SITES, locale=locale)
                      for c in table["category"]]
    columns = ["unit", "category", "label", "pace", "speed_kmh", "minutes", "sites",
               "population", "population_covered", "population_share", "elderly", "elderly_covered",
               "elderly_share"]
    table = table[[c for c in columns if c in table]]
    return table.round({"population_share": 4, "elderly_share": 4, "population": 1,
                        "population_covered": 1, "elderly": 1, "elderly_covered": 1})


def with_previous(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """``now`` with last year's shares beside it and the change in percentage points."""
    keys = ["unit", "category", "pace", "minutes"]
    share_columns = [c for c in ("population_share", "elderly_share", "sites") if c in before]
    prev = before[keys + share_columns].rename(columns={c: f"{c}_previous" for c in share_columns})
    out = now.merge(prev, on=keys, how="left")
    for column in ("population_share", "elderly_share"):
        if column in out and f"{column}_previous" in out:
            out[f"{column}_change_pp"] = ((out[column] - out[f"{column}_previous"]) * 100).round(2)
    return out


def year_scorecard(city: CityBundle, units: gpd.GeoDataFrame, unit_field: str | None,
                   standard: str, *, locale: str) -> pd.DataFrame:
    """The checks of the city's units against a standard (built-in name or TOML file), in ``locale``."""
    return scorecard(city.model, load_standard(standard), units, unit_field, locale=locale).checks


# -- changes -----------------------------------------------------------------------------------

def site_changes(history: pd.DataFrame, sites: gpd.GeoDataFrame,
                 previous: gpd.GeoDataFrame | None, year: int, *, locale: str) -> pd.DataFrame:
    """
    The registry's changes in ``year``, named and categorised.

    One row per opened, closed or reopened site and per changed field (with its old
    and new value), in that order. ``action_label`` says the action and ``name`` is the site's
    name, both in ``locale`` (the name stored for its script).
    """
    columns = ["action", "action_label", "site_id", "name", "category", "field", "old_value",
               "new_value"]
    rows = history[history["year"] == year] if len(history) else history
    if len(rows):  # how a point was found is the office's record, not a change the public reads
        rows = rows[~((rows["action"] == "changed") & (rows["field"] == "placement"))]
    names = {}
    for frame in (previous, sites):
        if frame is not None:
            names.update(zip(frame["site_id"], zip(site_display_names(frame, locale), frame["category"],
                                                   strict=True), strict=True))
    out = []
    for row in rows.itertuples(index=False):
        name, category = names.get(row.site_id, ("", ""))
        out.append({
            "action": row.action, "action_label": change_action(row.action, locale),
            "site_id": row.site_id, "name": name, "category": category,
            "field": "" if row.action != "changed" else (row.field or ""),
            "old_value": "" if row.action != "changed" else _text(row.old_value),
            "new_value": "" if row.action != "changed" else _text(row.new_value),
        })
    frame = pd.DataFrame(out, columns=columns)
    order = {a: i for i, a in enumerate(("added", "reopened", "closed", "changed"))}
    frame["_order"] = frame["action"].map(order).fillna(len(order))
    return (frame.sort_values(["_order", "site_id", "field"], kind="stable")
            .drop(columns="_order").drop_duplicates().reset_index(drop=True))


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
