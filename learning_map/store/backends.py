"""The two backends of the registry store: a GeoPackage file (sqlite3) and PostGIS."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from learning_map.base.extras import require_extra
from learning_map.errors import N_, StoreError
from learning_map.store import geometry
from learning_map.store._common import SCHEMA_NAME
from learning_map.store.admin_schema import REPORTS, USERS
from learning_map.store.schema import (
    COURSES,
    HISTORY,
    IMPORTS,
    SITES,
)

if TYPE_CHECKING:
    from pathlib import Path

    import numpy as np

logger = logging.getLogger(__name__)


class GpkgBackend:
    """A GeoPackage file written with :mod:`sqlite3` (no SpatiaLite needed)."""

    dialect = "sqlite"

    def __init__(self, path: Path, *, lock_timeout: float) -> None:
        self.path = path
        self.lock_timeout = lock_timeout
        self.where = str(path)

    def engine(self) -> sa.Engine:
        """An engine whose transactions start with ``BEGIN`` or ``BEGIN IMMEDIATE``."""
        engine = sa.create_engine(
            f"sqlite:///{self.path}", poolclass=sa.pool.NullPool,
            connect_args={"timeout": self.lock_timeout},
        )

        @sa.event.listens_for(engine, "connect")
        def _connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            dbapi_connection.execute("PRAGMA foreign_keys = ON")

        @sa.event.listens_for(engine, "begin")
        def _begin(conn: sa.Connection) -> None:
            mode = "IMMEDIATE" if conn.get_execution_options().get("write") else "DEFERRED"
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine

    def lock(self, conn: sa.Connection) -> None:
        """Nothing to do: ``BEGIN IMMEDIATE`` already holds the write lock."""

    def check(self, conn: sa.Connection) -> None:
        """Nothing to check: the file is created on first use."""

    def is_lock_timeout(self, exc: sa.exc.DBAPIError) -> bool:
        """Whether ``exc`` means another writer held the lock too long."""
        return "locked" in str(exc.orig) or "busy" in str(exc.orig)

    def encode(self, x: np.ndarray, y: np.ndarray) -> list[bytes]:
        """Points as GeoPackage blobs."""
        return geometry.points_to_gpkg(x, y)

    def decode(self, blobs: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
        """Coordinates of GeoPackage blobs."""
        return geometry.gpkg_to_xy(blobs)

    def touch(self, conn: sa.Connection, now: str) -> None:
        """Record the change time in ``gpkg_contents`` (GDAL and QGIS read it)."""
        conn.execute(
            sa.text("UPDATE gpkg_contents SET last_change = :now WHERE table_name IN (:a, :b, :c)"),
            {"now": now, "a": SITES, "b": HISTORY, "c": IMPORTS},
        )

    def reset_sequences(self, conn: sa.Connection) -> None:
        """Nothing to do: SQLite's AUTOINCREMENT follows explicit ids."""


class PostgisBackend:
    """PostgreSQL with PostGIS, through psycopg 3."""

    dialect = "postgresql"

    def __init__(self, url: str, *, schema: str | None, lock_timeout: float) -> None:
        try:
            parsed = sa.engine.make_url(url)
        except sa.exc.ArgumentError as exc:
            raise StoreError(N_("not a database URL: {value!r} (use postgresql://user@host/db)"),
                             value=url) from exc
        if parsed.get_backend_name() not in ("postgresql", "postgres"):
            raise StoreError(N_("unsupported database URL {value!r}; use postgresql://..."),
                             value=parsed.drivername)
        if schema is not None and not SCHEMA_NAME.fullmatch(schema):
            raise StoreError(N_("invalid schema name {value!r}"), value=schema)

        require_extra("postgis", what="A PostgreSQL registry")
        self.url = parsed.set(drivername="postgresql+psycopg")
        self.schema = schema
        self.lock_timeout = lock_timeout
        place = self.url.render_as_string(hide_password=True)
        self.where = f"{place} (schema {schema})" if schema else place
        self.lock_key = f"learning_map.registry:{schema or 'public'}"

    def engine(self) -> sa.Engine:
        """An engine on ``schema`` (then ``public``, where PostGIS lives)."""
        args: dict[str, Any] = {"connect_timeout": 10}
        if self.schema:
            args["options"] = f"-csearch_path={self.schema},public"
        # A small pool: a new PostgreSQL connection costs more than a small query.
        return sa.create_engine(self.url, pool_size=1, max_overflow=4, pool_pre_ping=True,
                                connect_args=args)

    def lock(self, conn: sa.Connection) -> None:
        """Take the registry's advisory lock until the transaction ends."""
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(self.lock_timeout * 1000)}ms'")
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": self.lock_key})

    def check(self, conn: sa.Connection) -> None:
        """The schema must exist (else PostgreSQL would quietly use ``public``) with PostGIS."""
        if self.schema and conn.execute(sa.text("SELECT current_schema()")).scalar() != self.schema:
            raise StoreError(N_("{where}: schema {value!r} does not exist"), where=self.where, value=self.schema)
        if conn.execute(sa.text("SELECT to_regtype('geometry')")).scalar() is None:
            raise StoreError(N_("{where} has no PostGIS; run CREATE EXTENSION postgis in that database"),
                             where=self.where)

    def is_lock_timeout(self, exc: sa.exc.DBAPIError) -> bool:
        """Whether ``exc`` means another writer held the lock too long (SQLSTATE 55P03)."""
        return getattr(exc.orig, "sqlstate", None) == "55P03"

    def encode(self, x: np.ndarray, y: np.ndarray) -> list[bytes]:
        """Points as WKB (the column type adds SRID 4326)."""
        return geometry.points_to_wkb(x, y)

    def decode(self, blobs: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
        """Coordinates of WKB points."""
        return geometry.wkb_to_xy(blobs)

    def touch(self, conn: sa.Connection, now: str) -> None:
        """Nothing to record."""

    def reset_sequences(self, conn: sa.Connection) -> None:
        """Move each id sequence past the largest id (after a restore with explicit ids)."""
        for table, column in ((IMPORTS, "id"), (SITES, "fid"), (HISTORY, "id"), (USERS, "id"),
                              (REPORTS, "id"), (COURSES, "id")):
            conn.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence(:t, :c), "
                f"COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
            ), {"t": table, "c": column})
