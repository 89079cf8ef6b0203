"""
The registry schema, one definition for both backends (SQLAlchemy Core).

Only the geometry column's type differs by dialect: ``POINT`` holding GeoPackage
blobs in SQLite, ``geometry(Point, 4326)`` in PostGIS. Tables are created and
changed only by the numbered migrations in :mod:`learning_map.store.migrations`.

``sites.fid`` is the integer primary key a GeoPackage feature table must have
(GDAL and QGIS use it as the feature id); ``site_id`` is the stable id that imports
upsert by: unique, never null, never reused, and what history rows refer to.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import UserDefinedType

SITES = "sites"
HISTORY = "site_history"
IMPORTS = "imports"
COURSES = "courses"
GEOCODE_CACHE = "geocode_cache"
MIGRATIONS_TABLE = "schema_migrations"
GEOMETRY_COLUMN = "geom"

# Text fields of a site that an import compares and history records.
TEXT_FIELDS = (
    "name", "name_zh", "name_en", "category", "subtype", "address", "phone",
    "opening_hours", "website", "description", "district", "osm_id", "placement",
)
# sites.placement (migration 7): how the site's point was found, as
# :func:`learning_map.city.placement.placement_text` writes it ("name 0.94: 上海图书馆",
# "gazetteer 0.88: 南京东路100号", "amap 0.90", "file", "hand"); history records each change.
INT_FIELDS = ("capacity",)
HISTORY_ACTIONS = ("added", "changed", "closed", "reopened")
# site_history.changed_by (migration 4): the user (``by=``, on the admin pages the signed-in
# username) of an edit, close or merge; NULL for rows an import wrote (``import_id`` says
# which import) and for rows written before migration 4.
IMPORT_COUNTS = ("added", "changed", "closed", "reopened", "unchanged", "rejected", "missing")


class GpkgPoint(UserDefinedType):
    """A GeoPackage ``POINT`` column: values are GeoPackage blobs (bytes)."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        """Column type as GeoPackage requires it: the geometry type name."""
        return "POINT"


class PostgisPoint(UserDefinedType):
    """A PostGIS ``geometry(Point, 4326)`` column: values go in and come out as WKB bytes."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        """PostGIS point type in WGS84."""
        return "geometry(Point, 4326)"

    def bind_expression(self, bindvalue: Any) -> Any:
        """WKB bytes become a geometry in SRID 4326."""
        return sa.func.ST_GeomFromWKB(bindvalue, 4326, type_=self)

    def column_expression(self, column: Any) -> Any:
        """Read as WKB bytes."""
        return sa.func.ST_AsBinary(column, type_=sa.LargeBinary())


def registry_metadata(dialect: str) -> sa.MetaData:
    """
    The registry's tables for a dialect (``sqlite`` or ``postgresql``).

    Parameters
    ----------
    dialect
        SQLAlchemy dialect name.

    Returns
    -------
    metadata
        ``sites``, ``site_history``, ``imports`` and ``schema_migrations``.
    """
    point = PostgisPoint() if dialect == "postgresql" else GpkgPoint()
    metadata = sa.MetaData()
    sa.Table(
        MIGRATIONS_TABLE, metadata,
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("applied_at", sa.Text, nullable=False),
    )
    _add_imports_table(metadata)
    add_sites_table(metadata, point)
    _add_history_table(metadata)
    add_courses_table(metadata)
    add_geocode_cache_table(metadata)
    return metadata


def _add_imports_table(metadata: sa.MetaData) -> sa.Table:
    """``imports``: one row per import, with its file, checksum, year, times and counts."""
    return sa.Table(
        IMPORTS, metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("sha256", sa.Text),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("started_at", sa.Text, nullable=False),
        sa.Column("finished_at", sa.Text),
        *(sa.Column(count, sa.Integer, nullable=False, server_default="0") for count in IMPORT_COUNTS),
        sqlite_autoincrement=True,
    )


def add_sites_table(metadata: sa.MetaData, point: sa.types.TypeEngine, *, placement: bool = True) -> sa.Table:
    """
    ``sites``: one row per site ever registered, its point in the dialect's ``point`` type.

    ``placement=False``: the table as migration 1 created it (migration 7 adds ``placement``).
    """
    texts = tuple(f for f in TEXT_FIELDS if f != "placement")
    added = (sa.Column("placement", sa.Text),) if placement else ()  # last, where ALTER TABLE puts it
    return sa.Table(
        SITES, metadata,
        sa.Column("fid", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("site_id", sa.Text, nullable=False, unique=True),
        *(sa.Column(f, sa.Text, nullable=f not in ("name", "category")) for f in texts),
        sa.Column("capacity", sa.Integer),
        sa.Column("opened_year", sa.Integer, nullable=False),
        sa.Column("closed_year", sa.Integer),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column(GEOMETRY_COLUMN, point, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        *added,
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="ck_sites_capacity"),
        sa.CheckConstraint(
            "closed_year IS NULL OR closed_year >= opened_year", name="ck_sites_closed_after_opened"
        ),
        sqlite_autoincrement=True,
    )


def _add_history_table(metadata: sa.MetaData) -> sa.Table:
    """``site_history``: one row per change to a site, as the latest migration leaves it."""
    actions = ", ".join(f"'{a}'" for a in HISTORY_ACTIONS)
    return sa.Table(
        HISTORY, metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("site_id", sa.Text, sa.ForeignKey(f"{SITES}.site_id"), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("field", sa.Text),
        sa.Column("old_value", sa.Text),
        sa.Column("new_value", sa.Text),
        sa.Column("import_id", sa.Integer, sa.ForeignKey(f"{IMPORTS}.id")),
        sa.Column("at", sa.Text, nullable=False),
        # Migration 4 (added last, as ALTER TABLE puts it): who made an edit, close or merge.
        sa.Column("changed_by", sa.Text),
        sa.CheckConstraint(f"action IN ({actions})", name="ck_history_action"),
        sqlite_autoincrement=True,
    )


# Migration 5: courses (课程) per year and site; see learning_map.city.courses.files for the columns.
# Written out, not taken from courses.schedule.AUDIENCES: a migration's CHECK must not change
# when the live list does (a new audience is a new migration).
COURSE_AUDIENCES = ("all", "elderly", "youth")


def add_courses_table(metadata: sa.MetaData) -> sa.Table:
    """
    The ``courses`` table: one row per course a site offers in a year.

    Dates are ISO text (``YYYY-MM-DD``) and ``slots`` is JSON text of the parsed time
    slots, so both backends hold (and dump) exactly the same values. ``fee`` is in the
    city's currency (0 = free); ``seats`` a whole number.
    """
    audiences = ", ".join(f"'{a}'" for a in COURSE_AUDIENCES)
    return sa.Table(
        COURSES, metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("site_id", sa.Text, sa.ForeignKey(f"{SITES}.site_id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_en", sa.Text),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("audience", sa.Text, nullable=False),
        sa.Column("term", sa.Text),
        sa.Column("enrol_start", sa.Text),
        sa.Column("enrol_end", sa.Text),
        sa.Column("schedule", sa.Text, nullable=False),
        sa.Column("slots", sa.Text, nullable=False),
        sa.Column("seats", sa.Integer),
        sa.Column("fee", sa.Float),
        sa.Column("enrol_phone", sa.Text),
        sa.Column("enrol_url", sa.Text),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("imported_at", sa.Text, nullable=False),
        sa.CheckConstraint(f"audience IN ({audiences})", name="ck_courses_audience"),
        sa.CheckConstraint("seats IS NULL OR seats >= 0", name="ck_courses_seats"),
        sa.CheckConstraint("fee IS NULL OR fee >= 0", name="ck_courses_fee"),
        sqlite_autoincrement=True,
    )


def add_geocode_cache_table(metadata: sa.MetaData) -> sa.Table:
    """
    ``geocode_cache`` (migration 7): a geocoding service's answers, kept where its terms allow.

    One row per service and query (the folded text asked); ``answer`` is the service's
    parsed answer as JSON text, so a re-import asks nothing again.
    """
    return sa.Table(
        GEOCODE_CACHE, metadata,
        sa.Column("service", sa.Text, primary_key=True),
        sa.Column("query", sa.Text, primary_key=True),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("fetched_at", sa.Text, nullable=False),
    )


# The tables GeoPackage requires (OGC 12-128r18, annex C), for the SQLite backend only.
GPKG_CORE_DDL = (
    """CREATE TABLE gpkg_spatial_ref_sys (
        srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
        organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
        definition TEXT NOT NULL, description TEXT)""",
    """CREATE TABLE gpkg_contents (
        table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
        description TEXT DEFAULT '',
        last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
        CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))""",
    """CREATE TABLE gpkg_geometry_columns (
        table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
        srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
        CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
        CONSTRAINT uk_gc_table_name UNIQUE (table_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
        CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))""",
)
WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)
GPKG_SRS_ROWS = (
    ("Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system"),
    ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"),
    ("WGS 84 geodetic", 4326, "EPSG", 4326, WGS84_WKT, "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"),
)
# "GPKG" in ASCII, and GeoPackage 1.3.0.
GPKG_APPLICATION_ID = 0x47504B47
GPKG_USER_VERSION = 10300
