"""Edits to single sites: close, merge, change fields, each with history rows."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from learning_map.city.placement import HAND
from learning_map.errors import N_, StoreError
from learning_map.store._common import (
    MERGED_INTO,
    SAME_POINT_DEG,
    changed_by_value,
    checked_field_value,
    checked_year,
    history_text,
    now_text,
    point_wkt,
)
from learning_map.store.schema import (
    GEOMETRY_COLUMN,
    INT_FIELDS,
    TEXT_FIELDS,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd
    import sqlalchemy as sa


logger = logging.getLogger(__name__)


class EditsMixin:
    """RegistryStore methods that change one site."""

    def _one_site(self, conn: sa.Connection, site_id: str) -> pd.Series:
        frame = self._site_frame(conn, self.sites_table.c.site_id == site_id)
        if frame.empty:
            raise StoreError(N_("no site {value!r} in the registry"), value=site_id)
        return frame.iloc[0]

    def close_site(self, site_id: str, year: int, *, by: str | None = None) -> None:
        """
        Close a site in ``year`` (it is open up to ``year - 1``); it is never deleted.

        Parameters
        ----------
        site_id
            The site.
        year
            First year the site is no longer open.
        by
            Who closes it (the admin pages pass the signed-in username), recorded as
            the history row's ``changed_by``.
        """
        year = checked_year(year)
        table = self.sites_table
        with self._write() as conn:
            site = self._one_site(conn, site_id)
            _refuse_closed(site_id, site, year)
            _refuse_closing_before_opening(site_id, site, year)
            now = now_text()
            conn.execute(table.update().where(table.c.site_id == site_id).values(
                closed_year=year, updated_at=now))
            conn.execute(self.history_table.insert().values(
                site_id=site_id, year=year, action="closed", field="closed_year",
                old_value=history_text(site["closed_year"]), new_value=str(year), at=now,
                changed_by=changed_by_value(by)))
            self.backend.touch(conn, now)

    def merge_sites(self, keep_id: str, other_id: str, year: int, *, by: str | None = None) -> list[str]:
        """
        Merge a likely duplicate into the site to keep, in one transaction.

        ``other_id`` is closed in ``year`` (never deleted) with a history row
        ``action="closed"``, ``field="merged_into"``, ``new_value=keep_id`` (the
        ``site_history`` table's check constraint allows only added, changed, closed
        and reopened, and this change adds no migration); ``keep_id`` takes the
        other's non-empty fields where its own are empty, one ``changed`` row each,
        plus a ``changed`` row ``field="merged_from"``, ``new_value=other_id``.

        Parameters
        ----------
        keep_id
            The site that stays.
        other_id
            The duplicate, closed in ``year``.
        year
            First year the duplicate is no longer open.
        by
            Who merges them, recorded as ``changed_by`` on every history row.

        Returns
        -------
        filled
            Names of the fields ``keep_id`` took from ``other_id``.
        """
        year = checked_year(year)
        if keep_id == other_id:
            raise StoreError(N_("cannot merge site {value!r} into itself"), value=keep_id)
        who = changed_by_value(by)
        table, history = self.sites_table, self.history_table
        with self._write() as conn:
            keep, other = self._one_site(conn, keep_id), self._one_site(conn, other_id)
            _refuse_closed(keep_id, keep, year)
            _refuse_closed(other_id, other, year)
            _refuse_closing_before_opening(other_id, other, year)
            now = now_text()
            filled = {
                name: other[name] for name in (*TEXT_FIELDS, *INT_FIELDS)
                if history_text(keep[name]) in (None, "") and history_text(other[name]) not in (None, "")
            }
            rows = _merge_history(keep, other, filled, year=year, at=now, by=who)
            if filled:
                conn.execute(table.update().where(table.c.site_id == keep_id).values(
                    **filled, updated_at=now))
            conn.execute(table.update().where(table.c.site_id == other_id).values(
                closed_year=year, updated_at=now))
            conn.execute(history.insert(), rows)
            self.backend.touch(conn, now)
        logger.info("merged %s into %s in %d (filled: %s)", other_id, keep_id, year, ", ".join(filled) or "-")
        return list(filled)

    def edit_site(self, site_id: str, fields: Mapping[str, Any], year: int, *,
                  by: str | None = None) -> list[str]:
        """
        Change some fields of one site, with one history row per changed field.

        Parameters
        ----------
        site_id
            The site.
        fields
            Field name to new value: any of ``name``, ``name_zh``, ``name_en``,
            ``category``, ``subtype``, ``address``, ``phone``, ``opening_hours``,
            ``website``, ``description``, ``district``, ``osm_id``, ``capacity``,
            ``opened_year``, or ``geometry`` (a shapely Point or ``(lon, lat)``). A point
            moved by an edit is placed by hand: ``placement`` becomes ``hand`` unless given.
        year
            The year the change takes effect (recorded in the history).
        by
            Who makes the change (the admin pages pass the signed-in username),
            recorded as ``changed_by`` on each history row.

        Returns
        -------
        changed
            Names of the fields that really changed (equal values are skipped).
        """
        year = checked_year(year)
        who = changed_by_value(by)
        allowed = {*TEXT_FIELDS, *INT_FIELDS, "opened_year", "geometry"}
        unknown = sorted(set(fields) - allowed)
        if unknown:
            raise StoreError(N_("cannot edit {fields}; editable fields: {choices}"), fields=tuple(unknown),
                             choices=tuple(sorted(allowed)))
        if "geometry" in fields and "placement" not in fields:
            fields = {**fields, "placement": HAND}  # an editor's point: where a person put it
        table = self.sites_table
        with self._write() as conn:
            site = self._one_site(conn, site_id)
            now = now_text()
            values, notes = self._edited_values(site, fields)
            if set(values) == {"placement"}:
                return []  # the point did not move: how it was placed did not change either
            if not values:
                return []
            if site["closed_year"] is not None and values.get("opened_year", site["opened_year"]) > site["closed_year"]:
                raise StoreError(N_("site {value!r} would open after it closed"), value=site_id)
            conn.execute(table.update().where(table.c.site_id == site_id).values(**values, updated_at=now))
            conn.execute(self.history_table.insert(), [
                {"site_id": site_id, "year": year, "action": "changed", "field": name,
                 "old_value": old, "new_value": new, "import_id": None, "at": now,
                 "changed_by": who}
                for name, old, new in notes
            ])
            self.backend.touch(conn, now)
        return [name for name, _, _ in notes]

    def _edited_values(self, site: pd.Series, fields: Mapping[str, Any]
                       ) -> tuple[dict[str, Any], list[tuple[str, str | None, str | None]]]:
        """
        The column values that really change, and a (field, old, new) history note for each.

        A point moved by less than :data:`SAME_POINT_DEG` and a value equal to the stored one
        are no change.
        """
        values: dict[str, Any] = {}
        notes = []
        for name, raw in fields.items():
            if name == "geometry":
                point = shapely.Point(raw) if not isinstance(raw, shapely.Point) else raw
                x, y = point.x, point.y
                if abs(x - site["x"]) > SAME_POINT_DEG or abs(y - site["y"]) > SAME_POINT_DEG:
                    values[GEOMETRY_COLUMN] = self.backend.encode(np.array([x]), np.array([y]))[0]
                    notes.append(("geometry", point_wkt(site["x"], site["y"]), point_wkt(x, y)))
                continue
            value = checked_field_value(name, raw)
            if value != site[name]:
                values[name] = value
                notes.append((name, history_text(site[name]), history_text(value)))
        return values, notes


def _refuse_closed(site_id: str, site: pd.Series, year: int) -> None:
    """A site closed in ``year`` or before cannot be closed (or merged) again."""
    if site["closed_year"] is not None and site["closed_year"] <= year:
        raise StoreError(N_("site {value!r} is already closed in {year}"), value=site_id,
                         year=site["closed_year"])


def _refuse_closing_before_opening(site_id: str, site: pd.Series, year: int) -> None:
    """A site cannot close before the year it opened."""
    if year < site["opened_year"]:
        raise StoreError(N_("site {value!r} opened in {opened}, after {year}"), value=site_id,
                         opened=site["opened_year"], year=year)


def _merge_history(keep: pd.Series, other: pd.Series, filled: dict[str, Any], *, year: int, at: str,
                   by: str | None) -> list[dict[str, Any]]:
    """
    The history rows of a merge.

    One ``changed`` row per field ``keep`` takes from ``other``, a ``changed`` row
    ``merged_from`` on ``keep``, and the ``closed`` row ``merged_into`` that closes ``other``.
    """
    keep_id, other_id = keep["site_id"], other["site_id"]
    rows = [
        {"site_id": keep_id, "year": year, "action": "changed", "field": name,
         "old_value": history_text(keep[name]), "new_value": history_text(value),
         "import_id": None, "at": at, "changed_by": by}
        for name, value in filled.items()
    ]
    rows.append({"site_id": keep_id, "year": year, "action": "changed", "field": "merged_from",
                 "old_value": None, "new_value": other_id, "import_id": None, "at": at,
                 "changed_by": by})
    rows.append({"site_id": other_id, "year": year, "action": "closed", "field": MERGED_INTO,
                 "old_value": history_text(other["closed_year"]), "new_value": keep_id,
                 "import_id": None, "at": at, "changed_by": by})
    return rows
