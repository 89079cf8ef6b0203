"""
The city office's tables in the registry store: their names, limits and one definition.

Users, publications, citizens' reports and districts, the same on both backends. Migration 3
(:mod:`learning_map.store.migrations`) creates them, migration 6 adds
``users.session_version``; :mod:`learning_map.store.admin` reads and writes them. This module
imports nothing else of the store, so the migrations, the backends and the dump can use it.
"""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa

from learning_map.errors import N_

USERS = "users"
PUBLICATIONS = "publications"
REPORTS = "reports"
DISTRICTS = "districts"
ROLES = ("city_admin", "district_editor")
REPORT_STATUSES = ("open", "done")
MAX_REPORT_CHARS = 1000
MAX_CONTACT_CHARS = 200
# The descriptions GeoPackage readers show for the admin tables: marked for the catalogues, and
# written into the file in English (a GeoPackage has one description per table, for every reader).
DESCRIPTIONS = {
    USERS: N_("Admin users"),
    PUBLICATIONS: N_("Published registry years"),
    REPORTS: N_("Citizens' corrections"),
    DISTRICTS: N_("Reporting units by official code"),
}
# The admin tables in a dump, in this order (none has a foreign key).
DUMP_ORDER = (DISTRICTS, USERS, PUBLICATIONS, REPORTS)


def add_admin_tables(metadata: sa.MetaData, *, session_version: bool = True, district_area: bool = True) -> None:
    """
    Add the admin tables (users, publications, reports, districts) to ``metadata``.

    ``session_version=False``: ``users`` as migration 3 created it, before migration 6 added
    ``session_version``; ``district_area=False``: ``districts`` before migration 7 added ``area``
    (the unit's polygon as GeoJSON text, WGS84, so the admin upload places rows inside it).
    """
    roles = ", ".join(f"'{r}'" for r in ROLES)
    statuses = ", ".join(f"'{s}'" for s in REPORT_STATUSES)
    sa.Table(
        DISTRICTS, metadata,
        sa.Column("code", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        *([sa.Column("area", sa.Text)] if district_area else []),
    )
    sa.Table(
        USERS, metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.Text, nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("district", sa.Text),  # an official code (districts.code) for district editors
        sa.Column("created_at", sa.Text, nullable=False),
        # Migration 6 (added last, as ALTER TABLE puts it): bumped by sign-out and a password
        # change; a session cookie holding an older version signs nobody in.
        *([sa.Column("session_version", sa.Integer, nullable=False, server_default="0")]
          if session_version else []),
        sa.CheckConstraint(f"role IN ({roles})", name="ck_users_role"),
        sa.CheckConstraint("role = 'city_admin' OR district IS NOT NULL", name="ck_users_district"),
        sqlite_autoincrement=True,
    )
    sa.Table(
        PUBLICATIONS, metadata,
        sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("published_at", sa.Text, nullable=False),
        sa.Column("published_by", sa.Text, nullable=False),
    )
    sa.Table(
        REPORTS, metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("site_id", sa.Text),  # a bundle site id; not a foreign key (may not be in the store)
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("contact", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False, server_default="open"),
        sa.Column("handled_by", sa.Text),
        sa.Column("handled_at", sa.Text),
        sa.CheckConstraint(f"status IN ({statuses})", name="ck_reports_status"),
        sqlite_autoincrement=True,
    )


@cache
def admin_table_map() -> dict[str, sa.Table]:
    """The admin tables by name, as the latest migration leaves them (built once)."""
    metadata = sa.MetaData()
    add_admin_tables(metadata)
    return metadata.tables


def admin_tables() -> tuple[sa.Table, ...]:
    """The admin tables in :data:`DUMP_ORDER` (the same definition on both backends)."""
    tables = admin_table_map()
    return tuple(tables[name] for name in DUMP_ORDER)
