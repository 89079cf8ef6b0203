"""
The city office's work in the registry store: users, publications, citizens' reports, districts.

:class:`AdminMixin` gives :class:`~learning_map.store.core.RegistryStore` its admin methods;
each write is one locked transaction, like the store's own writes. The tables are defined in
:mod:`learning_map.store.admin_schema` (created by migration 3, ``users.session_version`` by
migration 6). ``registry dump`` and ``restore`` carry them too (:data:`DUMP_ORDER`), users
with their password hashes.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from learning_map.errors import N_, StoreError
from learning_map.store._common import checked_year, now_text
from learning_map.store.admin_schema import (
    DESCRIPTIONS,
    DISTRICTS,
    DUMP_ORDER,
    MAX_CONTACT_CHARS,
    MAX_REPORT_CHARS,
    PUBLICATIONS,
    REPORT_STATUSES,
    REPORTS,
    ROLES,
    USERS,
    add_admin_tables,
    admin_table_map,
    admin_tables,
)

__all__ = [
    "DESCRIPTIONS", "DISTRICTS", "DUMP_ORDER", "MAX_CONTACT_CHARS", "MAX_REPORT_CHARS",
    "PUBLICATIONS", "REPORTS", "REPORT_STATUSES", "ROLES", "USERS", "AdminMixin",
    "add_admin_tables", "add_report", "add_user", "admin_tables", "district_areas", "districts", "end_sessions",
    "get_user", "load_districts", "mark_report_done", "publications", "publish_year", "reports",
    "resolve_district", "set_password",
]


def _rows(result: sa.CursorResult) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in result]


class AdminMixin:
    """RegistryStore methods for the city office's tables."""

    # -- districts

    def load_districts(self, units: dict[str, str], areas: dict[str, str] | None = None) -> int:
        """
        Insert or rename reporting units (official code to name); returns how many were given.

        ``areas``: a unit's polygon as GeoJSON text (WGS84), by code; the admin upload places a
        row naming the unit only inside it.
        """
        table = admin_table_map()[DISTRICTS]
        areas = areas or {}
        with self._write() as conn:
            known = {code for (code,) in conn.execute(sa.select(table.c.code))}
            fresh = [{"code": c, "name": n, "area": areas.get(c)} for c, n in units.items() if c not in known]
            if fresh:
                conn.execute(table.insert(), fresh)
            for code, name in units.items():
                if code in known:
                    conn.execute(table.update().where(table.c.code == code).values(name=name, area=areas.get(code)))
        return len(units)

    def district_areas(self) -> dict[str, tuple[str, str]]:
        """The reporting units that have a polygon: code to (name, GeoJSON text)."""
        table = admin_table_map()[DISTRICTS]
        with self._read() as conn:
            rows = conn.execute(sa.select(table.c.code, table.c.name, table.c.area)
                                .where(table.c.area.is_not(None)).order_by(table.c.code)).all()
        return {code: (name, area) for code, name, area in rows}

    def districts(self) -> dict[str, str]:
        """Every reporting unit, official code to name."""
        table = admin_table_map()[DISTRICTS]
        with self._read() as conn:
            return dict(conn.execute(sa.select(table.c.code, table.c.name).order_by(table.c.code)).all())

    def resolve_district(self, value: str) -> str:
        """
        The official code of a district given by code or by (unique) name.

        Raises
        ------
        StoreError
            No unit or more than one unit has that code or name.
        """
        units = self.districts()
        if value in units:
            return value
        matches = [code for code, name in units.items() if name == value.strip()]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise StoreError(N_("{count} districts are named {value!r}; give the code ({choices})"),
                             count=len(matches), value=value, choices=tuple(matches))
        raise StoreError(N_("unknown district {value!r}; load the reporting units first with "
                            "'learning-map user districts'"), value=value)

    # -- users

    def add_user(self, username: str, password_hash: str, role: str,
                 district: str | None) -> None:
        """Add a user (the password already hashed); a taken username is a StoreError."""
        if role not in ROLES:
            raise StoreError(N_("unknown role {value!r} (use one of: {choices})"), value=role, choices=ROLES)
        if role == "district_editor" and not district:
            raise StoreError(N_("a district editor needs --district"))
        table = admin_table_map()[USERS]
        with self._write() as conn:
            if conn.execute(sa.select(table.c.id).where(table.c.username == username)).first():
                raise StoreError(N_("user {value!r} already exists"), value=username)
            conn.execute(table.insert().values(
                username=username, password_hash=password_hash, role=role,
                district=district if role == "district_editor" else None, created_at=now_text()))

    def get_user(self, username: str) -> dict[str, Any] | None:
        """One user's row (with its password hash), or None."""
        table = admin_table_map()[USERS]
        with self._read() as conn:
            rows = _rows(conn.execute(sa.select(*table.c).where(table.c.username == username)))
        return rows[0] if rows else None

    def end_sessions(self, username: str) -> int:
        """End every session of ``username`` (sign-out): bump its session version; returns the new one."""
        table = admin_table_map()[USERS]
        with self._write() as conn:
            conn.execute(table.update().where(table.c.username == username)
                         .values(session_version=table.c.session_version + 1))
            version = conn.execute(sa.select(table.c.session_version)
                                   .where(table.c.username == username)).scalar()
        if version is None:
            raise StoreError(N_("no user {value!r}"), value=username)
        return int(version)

    def set_password(self, username: str, password_hash: str) -> None:
        """Give ``username`` a new (hashed) password and end all its sessions."""
        table = admin_table_map()[USERS]
        with self._write() as conn:
            result = conn.execute(table.update().where(table.c.username == username).values(
                password_hash=password_hash, session_version=table.c.session_version + 1))
            if result.rowcount != 1:
                raise StoreError(N_("no user {value!r}"), value=username)

    # -- publications

    def publish_year(self, year: int, username: str) -> bool:
        """Record that ``year``'s registry is published; False when it already was."""
        year = checked_year(year)
        table = admin_table_map()[PUBLICATIONS]
        with self._write() as conn:
            if conn.execute(sa.select(table.c.year).where(table.c.year == year)).first():
                return False
            conn.execute(table.insert().values(year=year, published_at=now_text(), published_by=username))
        return True

    def publications(self) -> dict[int, dict[str, Any]]:
        """Published years, each with ``published_at`` and ``published_by``."""
        table = admin_table_map()[PUBLICATIONS]
        with self._read() as conn:
            return {row["year"]: row for row in _rows(conn.execute(sa.select(*table.c).order_by(table.c.year)))}

    # -- reports

    def add_report(self, message: str, site_id: str | None = None,
                   contact: str | None = None) -> int:
        """Store a citizen's correction; returns its id."""
        if not message.strip() or len(message) > MAX_REPORT_CHARS:
            raise StoreError(N_("a report needs 1 to {limit} characters"), limit=MAX_REPORT_CHARS)
        table = admin_table_map()[REPORTS]
        with self._write() as conn:
            key = conn.execute(table.insert().values(
                site_id=site_id or None, message=message, contact=contact or None, created_at=now_text(),
                status="open")).inserted_primary_key[0]
        return int(key)

    def reports(self, status: str | None = None) -> list[dict[str, Any]]:
        """Reports, newest first; only those with ``status`` when given."""
        table = admin_table_map()[REPORTS]
        query = sa.select(*table.c).order_by(table.c.id.desc())
        if status is not None:
            query = query.where(table.c.status == status)
        with self._read() as conn:
            return _rows(conn.execute(query))

    def mark_report_done(self, report_id: int, username: str) -> bool:
        """Mark an open report done by ``username``; False when there is no such open report."""
        table = admin_table_map()[REPORTS]
        with self._write() as conn:
            result = conn.execute(
                table.update().where(table.c.id == report_id, table.c.status == "open")
                .values(status="done", handled_by=username, handled_at=now_text()))
            return result.rowcount == 1


# The module-level names the CLI, the web pages and tests call with the store first:
# ``admin.add_user(store, ...)`` is ``store.add_user(...)``, the same function.
load_districts = AdminMixin.load_districts
district_areas = AdminMixin.district_areas
districts = AdminMixin.districts
resolve_district = AdminMixin.resolve_district
add_user = AdminMixin.add_user
get_user = AdminMixin.get_user
end_sessions = AdminMixin.end_sessions
set_password = AdminMixin.set_password
publish_year = AdminMixin.publish_year
publications = AdminMixin.publications
add_report = AdminMixin.add_report
reports = AdminMixin.reports
mark_report_done = AdminMixin.mark_report_done
