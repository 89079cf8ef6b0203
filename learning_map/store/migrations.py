"""
Numbered schema migrations, applied in order inside one write transaction.

``schema_migrations`` records each applied version with its name and time. Opening a
store applies the versions it lacks, all of them in one transaction: a failed or
killed upgrade leaves the registry at its old version. A registry that records a
version this code does not know was written by a newer learning-map and is refused.

Rules for new migrations: append a :class:`Migration` with the next number, never edit
an applied one, change :func:`~learning_map.store.schema.registry_metadata` to the new
shape, and keep migration 1 creating the version-1 tables (copy their old definition
into it once a later migration alters them).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from learning_map.errors import N_, StoreError
from learning_map.store.admin_schema import DESCRIPTIONS, REPORTS, add_admin_tables
from learning_map.store.schema import (
    COURSES,
    GEOCODE_CACHE,
    GEOMETRY_COLUMN,
    GPKG_APPLICATION_ID,
    GPKG_CORE_DDL,
    GPKG_SRS_ROWS,
    GPKG_USER_VERSION,
    HISTORY,
    HISTORY_ACTIONS,
    IMPORTS,
    MIGRATIONS_TABLE,
    SITES,
    add_sites_table,
    registry_metadata,
)

if TYPE_CHECKING:
    from collections.abc import Callable

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    """One schema change: its number, a short name, and the function that applies it."""

    version: int
    name: str
    apply: Callable[[sa.Connection, sa.MetaData], None]


def _version_1_tables(metadata: sa.MetaData) -> sa.MetaData:
    """
    Imports, sites and ``site_history`` as version 1 created them.

    Imports are unchanged since (copied from ``metadata``); sites lack the ``placement``
    column migration 7 adds; ``site_history`` is its version-1 definition, without the
    ``changed_by`` column migration 4 adds.
    """
    v1 = sa.MetaData()
    metadata.tables[IMPORTS].to_metadata(v1)
    add_sites_table(v1, metadata.tables[SITES].c[GEOMETRY_COLUMN].type, placement=False)
    actions = ", ".join(f"'{a}'" for a in HISTORY_ACTIONS)
    sa.Table(
        HISTORY, v1,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("site_id", sa.Text, sa.ForeignKey(f"{SITES}.site_id"), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("field", sa.Text),
        sa.Column("old_value", sa.Text),
        sa.Column("new_value", sa.Text),
        sa.Column("import_id", sa.Integer, sa.ForeignKey(f"{IMPORTS}.id")),
        sa.Column("at", sa.Text, nullable=False),
        sa.CheckConstraint(f"action IN ({actions})", name="ck_history_action"),
        sqlite_autoincrement=True,
    )
    return v1


def _initial(conn: sa.Connection, metadata: sa.MetaData) -> None:
    """Sites, history and imports; on SQLite also the GeoPackage tables that describe them."""
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        conn.exec_driver_sql(f"PRAGMA application_id = {GPKG_APPLICATION_ID}")
        conn.exec_driver_sql(f"PRAGMA user_version = {GPKG_USER_VERSION}")
        for ddl in GPKG_CORE_DDL:
            conn.exec_driver_sql(ddl)
        conn.execute(
            sa.text(
                "INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, "
                "organization_coordsys_id, definition, description) VALUES (:a, :b, :c, :d, :e, :f)"
            ),
            [dict(zip("abcdef", row, strict=True)) for row in GPKG_SRS_ROWS],
        )
    v1 = _version_1_tables(metadata)
    for name in (IMPORTS, SITES, HISTORY):
        v1.tables[name].create(conn)
    if sqlite:
        contents = sa.text(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
            "VALUES (:t, :d, :t, :desc, :srs)"
        )
        conn.execute(contents, [
            {"t": SITES, "d": "features", "desc": N_("Learning sites by year"), "srs": 4326},
            {"t": HISTORY, "d": "attributes", "desc": N_("Changes to each site"), "srs": None},
            {"t": IMPORTS, "d": "attributes", "desc": N_("Registry imports"), "srs": None},
            {"t": MIGRATIONS_TABLE, "d": "attributes", "desc": N_("Schema versions"), "srs": None},
        ])
        conn.execute(
            sa.text(
                "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, "
                "srs_id, z, m) VALUES (:t, :c, 'POINT', 4326, 0, 0)"
            ),
            {"t": SITES, "c": GEOMETRY_COLUMN},
        )


def _indexes(conn: sa.Connection, metadata: sa.MetaData) -> None:
    """Indexes for "as of year" queries and for a site's history."""
    sites, history = metadata.tables[SITES], metadata.tables[HISTORY]
    sa.Index("ix_sites_years", sites.c.opened_year, sites.c.closed_year).create(conn)
    sa.Index("ix_history_site", history.c.site_id, history.c.id).create(conn)
    sa.Index("ix_history_import", history.c.import_id).create(conn)


def _admin(conn: sa.Connection, metadata: sa.MetaData) -> None:
    """The city office's tables: users, publications, citizens' reports, districts (as of version 3)."""
    v3 = sa.MetaData()
    add_admin_tables(v3, session_version=False, district_area=False)  # as before migrations 6 and 7
    for name in DESCRIPTIONS:
        v3.tables[name].create(conn)
    reports = v3.tables[REPORTS]
    sa.Index("ix_reports_status", reports.c.status, reports.c.id).create(conn)
    if conn.dialect.name == "sqlite":  # attribute tables GDAL and QGIS list, like the others
        conn.execute(
            sa.text("INSERT INTO gpkg_contents (table_name, data_type, identifier, description) "
                    "VALUES (:t, 'attributes', :t, :desc)"),
            [{"t": name, "desc": desc} for name, desc in DESCRIPTIONS.items()],
        )


def _changed_by(conn: sa.Connection, metadata: sa.MetaData) -> None:
    """``site_history.changed_by``: who made an edit, close or merge (NULL for imports and older rows)."""
    conn.execute(sa.text(f"ALTER TABLE {HISTORY} ADD COLUMN changed_by TEXT"))


def _courses(conn: sa.Connection, metadata: sa.MetaData) -> None:
    """Courses (课程) per year and site, with their category, audience, term and time slots."""
    courses = metadata.tables[COURSES]
    courses.create(conn)
    sa.Index("ix_courses_year_site", courses.c.year, courses.c.site_id).create(conn)
    if conn.dialect.name == "sqlite":  # an attribute table GDAL and QGIS list, like the others
        conn.execute(
            sa.text("INSERT INTO gpkg_contents (table_name, data_type, identifier, description) "
                    "VALUES (:t, 'attributes', :t, :desc)"),
            {"t": COURSES, "desc": N_("Courses per year and site")},
        )


def _session_version(conn: sa.Connection, metadata: sa.MetaData) -> None:
    """``users.session_version``: sign-out and a password change end the user's sessions everywhere."""
    conn.execute(sa.text("ALTER TABLE users ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0"))


def _placement(conn: sa.Connection, metadata: sa.MetaData) -> None:
    """``sites.placement`` (how each point was found), ``districts.area`` and ``geocode_cache``."""
    conn.execute(sa.text(f"ALTER TABLE {SITES} ADD COLUMN placement TEXT"))
    conn.execute(sa.text("ALTER TABLE districts ADD COLUMN area TEXT"))
    metadata.tables[GEOCODE_CACHE].create(conn)
    if conn.dialect.name == "sqlite":  # an attribute table GDAL and QGIS list, like the others
        conn.execute(
            sa.text("INSERT INTO gpkg_contents (table_name, data_type, identifier, description) "
                    "VALUES (:t, 'attributes', :t, :desc)"),
            {"t": GEOCODE_CACHE, "desc": N_("Answers of geocoding services")},
        )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial: sites, site_history, imports (+ GeoPackage tables)", _initial),
    Migration(2, "indexes: sites by year, history by site and import", _indexes),
    Migration(3, "admin: users, publications, reports, districts", _admin),
    Migration(4, "site_history.changed_by: who made an edit, close or merge", _changed_by),
    Migration(5, "courses: per year and site, with category, audience, term and time slots", _courses),
    Migration(6, "users.session_version: sign-out and password change end every session", _session_version),
    Migration(7, "sites.placement, districts.area and geocode_cache: how each point was found", _placement),
)
LATEST_VERSION = MIGRATIONS[-1].version


def applied_versions(conn: sa.Connection) -> list[int]:
    """Versions recorded in ``schema_migrations`` (empty for a new database)."""
    if not sa.inspect(conn).has_table(MIGRATIONS_TABLE):
        return []
    return [v for (v,) in conn.execute(
        sa.text(f"SELECT version FROM {MIGRATIONS_TABLE} ORDER BY version")
    )]


def migrate(conn: sa.Connection, *, now: str, where: str) -> list[int]:
    """
    Apply the missing migrations on ``conn``, inside the caller's write transaction.

    Parameters
    ----------
    conn
        A connection in a write transaction (locked against other writers).
    now
        Timestamp recorded for each applied version.
    where
        The registry's location, for messages.

    Returns
    -------
    versions
        The versions applied now (empty when the schema was up to date).
    """
    metadata = registry_metadata(conn.dialect.name)
    done = applied_versions(conn)
    if not done:
        metadata.tables[MIGRATIONS_TABLE].create(conn)
    unknown = sorted(set(done) - {m.version for m in MIGRATIONS})
    if unknown:
        raise StoreError(N_("{where} has schema version {version}, newer than this learning-map knows "
                            "({latest}); upgrade learning-map"), where=where, version=max(unknown),
                         latest=LATEST_VERSION)
    table = metadata.tables[MIGRATIONS_TABLE]
    applied = []
    for migration in MIGRATIONS:
        if migration.version in done:
            continue
        migration.apply(conn, metadata)
        conn.execute(table.insert().values(version=migration.version, name=migration.name,
                                           applied_at=now))
        applied.append(migration.version)
        logger.info("%s: applied schema migration %d (%s)", where, migration.version, migration.name)
    return applied
