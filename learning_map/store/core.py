"""
The registry store: learning sites year by year, in a GeoPackage file or in PostGIS.

One data-access layer (SQLAlchemy Core) over one schema
(:mod:`learning_map.store.schema`); the two backends differ only in how they open,
lock and encode points (:class:`GpkgBackend`, :class:`PostgisBackend`).

Guarantees
----------
- Every write (an import, an edit, a close, a restore, a schema upgrade) is one
  transaction: it commits whole or not at all, also when the process is killed.
- Writers take the store's write lock first (SQLite ``BEGIN IMMEDIATE``, PostgreSQL a
  transaction-level advisory lock), so a second writer waits up to ``lock_timeout``
  seconds and then fails with one sentence; readers never wait for the lock.
- Sites are never deleted: a site that leaves the registry gets a ``closed_year``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import sqlalchemy as sa

from learning_map.categories import CATEGORIES, CATEGORY_ALIASES, SUBTYPES, subtype_key
from learning_map.errors import StoreError
from learning_map.safety import atomic_write
from learning_map.sites import SITE_COLUMNS
from learning_map.store import geometry
from learning_map.store.admin import REPORTS, USERS, admin_tables
from learning_map.store.columns import check_extra_columns, rename_extra_columns
from learning_map.store.migrations import LATEST_VERSION, applied_versions, migrate
from learning_map.store.schema import (
    GEOMETRY_COLUMN,
    HISTORY,
    IMPORTS,
    INT_FIELDS,
    SITES,
    TEXT_FIELDS,
    registry_metadata,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

logger = logging.getLogger(__name__)

STORE_FILE = "registry.gpkg"
DATABASE_URL_ENV = "LEARNING_MAP_DATABASE_URL"
DEFAULT_LOCK_TIMEOUT = 30.0
DUMP_FORMAT = "learning-map-registry-dump"
# Version 2 added the admin tables and site_history.changed_by; version 1 dumps still restore.
DUMP_VERSION = 2
READABLE_DUMP_VERSIONS = (1, 2)
# site_history.field of the row that closes a site merged into another (new_value: its id).
MERGED_INTO = "merged_into"
# Points closer than this (degrees, about 1 cm) are the same place: no "changed" row.
SAME_POINT_DEG = 1e-7
# Columns of sites_as_of, after the geometry-free SITE_COLUMNS.
STORE_COLUMNS = (*SITE_COLUMNS, "subtype", "district", "capacity", "opened_year", "closed_year")
_SCHEMA_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _text(value: Any) -> str | None:
    """Text as stored: None for missing or blank."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    text = str(value)
    return text if text.strip() else None


def _as_text(value: Any) -> str | None:
    """A history value: text, or None."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return str(value)


def _point_text(x: float, y: float) -> str:
    return f"POINT ({x:.7f} {y:.7f})"


# --------------------------------------------------------------------------- backends


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
            msg = f"not a database URL: {url!r} (use postgresql://user@host/db) / 数据库地址格式错误"
            raise StoreError(msg) from exc
        if parsed.get_backend_name() not in ("postgresql", "postgres"):
            msg = f"unsupported database URL {parsed.drivername!r}; use postgresql://... / 仅支持 PostgreSQL 数据库地址"
            raise StoreError(msg)
        if schema is not None and not _SCHEMA_NAME.fullmatch(schema):
            msg = f"invalid schema name {schema!r} / 数据库模式名称无效"
            raise StoreError(msg)
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
            msg = f"{self.where}: schema {self.schema!r} does not exist / 数据库模式不存在"
            raise StoreError(msg)
        if conn.execute(sa.text("SELECT to_regtype('geometry')")).scalar() is None:
            msg = (
                f"{self.where} has no PostGIS; run CREATE EXTENSION postgis in that database"
                " / 数据库未安装 PostGIS 扩展"
            )
            raise StoreError(msg)

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
                              (REPORTS, "id")):
            conn.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence(:t, :c), "
                f"COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
            ), {"t": table, "c": column})


# --------------------------------------------------------------------------- reports


@dataclass
class ImportReport:
    """What one import did; ``missing`` lists ids open the year before but not in the file."""

    import_id: int
    year: int
    source: str
    added: int = 0
    changed: int = 0
    closed: int = 0
    reopened: int = 0
    unchanged: int = 0
    rejected: int = 0
    missing: list[str] = field(default_factory=list)
    closed_missing: bool = False
    seconds: float = 0.0

    @property
    def summary(self) -> str:
        """Two lines, English then Chinese, with every count."""
        en = (
            f"Import #{self.import_id} of {self.source} for {self.year}: {self.added} added, "
            f"{self.changed} changed, {self.reopened} reopened, {self.closed} closed, "
            f"{self.unchanged} unchanged, {self.rejected} rejected"
        )
        zh = (
            f"{self.year} 年导入 #{self.import_id}（{self.source}）：新增 {self.added}，变更 {self.changed}，"
            f"恢复 {self.reopened}，关闭 {self.closed}，未变 {self.unchanged}，拒绝 {self.rejected}"
        )
        return f"{en}\n{zh}"

    @property
    def missing_summary(self) -> str | None:
        """A sentence on the sites missing from the file, or None when none are."""
        if not self.missing:
            return None
        shown = ", ".join(self.missing[:20]) + (" ..." if len(self.missing) > 20 else "")
        if self.closed_missing:
            return (
                f"{len(self.missing)} sites open in {self.year - 1} are not in this file and are "
                f"closed in {self.year}: {shown} / 本文件缺少 {len(self.missing)} 个上一年开放的站点，已记为 {self.year} 年关闭"
            )
        return (
            f"{len(self.missing)} sites open in {self.year - 1} are not in this file: {shown}; "
            f"import with --close-missing to close them / 本文件缺少 {len(self.missing)} 个上一年开放的站点，"
            "如已停办请加 --close-missing 重新导入"
        )


# --------------------------------------------------------------------------- the store


class RegistryStore:
    """
    The registry of learning sites, year by year. Open one with :func:`open_store`.

    Sites are upserted by ``site_id``; every change is one ``site_history`` row per
    field; a site is open in year Y when ``opened_year <= Y`` and it has no
    ``closed_year`` or ``closed_year > Y``.
    """

    def __init__(self, backend: GpkgBackend | PostgisBackend) -> None:
        self.backend = backend
        self.where = backend.where
        self._engine = backend.engine()
        self._meta = registry_metadata(backend.dialect)
        self.sites_table = self._meta.tables[SITES]
        self.history_table = self._meta.tables[HISTORY]
        self.imports_table = self._meta.tables[IMPORTS]
        try:
            self.applied_migrations = self._upgrade()
        except BaseException:
            self._engine.dispose()  # a refused store keeps no connection open
            raise

    # -- connections

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        """One write transaction holding the store's lock; commits on success."""
        try:
            with self._engine.connect() as conn:
                conn = conn.execution_options(write=True)
                with conn.begin():
                    self.backend.lock(conn)
                    yield conn
        except sa.exc.OperationalError as exc:
            if self.backend.is_lock_timeout(exc):
                msg = (
                    f"{self.where} is busy: another import or edit held it for more than "
                    f"{self.backend.lock_timeout:g} s; try again when it has finished / 名录正被另一个导入或编辑占用，请稍后重试"
                )
                raise StoreError(msg) from exc
            raise self._unreachable(exc) from exc

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        try:
            with self._engine.connect() as conn, conn.begin():
                yield conn
        except sa.exc.OperationalError as exc:
            raise self._unreachable(exc) from exc

    def _unreachable(self, exc: sa.exc.OperationalError) -> StoreError:
        first = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        msg = f"cannot use the registry at {self.where}: {first} / 无法打开站点名录数据库"
        return StoreError(msg)

    def _upgrade(self) -> list[int]:
        with self._read() as conn:
            self.backend.check(conn)
            if applied_versions(conn)[-1:] == [LATEST_VERSION]:
                return []
        with self._write() as conn:
            return migrate(conn, now=_now(), where=self.where)

    def close(self) -> None:
        """Release the engine (the store holds no connection between calls)."""
        self._engine.dispose()

    def __enter__(self) -> RegistryStore:  # noqa: D105
        return self

    def __exit__(self, *exc_info: object) -> None:  # noqa: D105
        self.close()

    def schema_versions(self) -> list[int]:
        """Versions recorded in ``schema_migrations``."""
        with self._read() as conn:
            return applied_versions(conn)

    # -- reading

    def _site_frame(self, conn: sa.Connection, where: Any = None) -> pd.DataFrame:
        """Sites (all columns, ``x``/``y`` instead of the geometry) ordered by fid."""
        table = self.sites_table
        query = sa.select(*table.c).order_by(table.c.fid)
        if where is not None:
            query = query.where(where)
        frame = _frame(conn.execute(query))
        x, y = self.backend.decode(frame.pop(GEOMETRY_COLUMN).tolist())
        frame["x"], frame["y"] = x, y
        return frame

    def _as_geodataframe(self, frame: pd.DataFrame) -> gpd.GeoDataFrame:
        out = pd.DataFrame(index=frame.index)
        for column in STORE_COLUMNS:
            if column in ("capacity", "opened_year", "closed_year"):
                out[column] = pd.array(frame[column].tolist(), dtype="Int64")
            elif column in frame:
                out[column] = frame[column].fillna("").astype(object)
            else:
                out[column] = ""
        return gpd.GeoDataFrame(
            out.reset_index(drop=True),
            geometry=shapely.points(frame["x"].to_numpy(float), frame["y"].to_numpy(float)),
            crs="EPSG:4326",
        )

    def sites_as_of(self, year: int) -> gpd.GeoDataFrame:
        """
        The sites open in ``year``: ``opened_year <= year`` and not closed by then.

        Parameters
        ----------
        year
            Calendar year.

        Returns
        -------
        sites
            EPSG:4326; :data:`~learning_map.sites.SITE_COLUMNS` plus ``subtype``,
            ``district``, ``capacity``, ``opened_year`` and ``closed_year``, in the
            order sites were added.
        """
        year = _year(year)
        table, history = self.sites_table, self.history_table
        # A site that closed and reopened has one row; its closed years are in its history.
        reopened = sa.select(history.c.site_id).where(history.c.action == "reopened")
        with self._read() as conn:
            frame = self._site_frame(conn, sa.and_(
                table.c.opened_year <= year,
                sa.or_(table.c.closed_year.is_(None), table.c.closed_year > year,
                       table.c.site_id.in_(reopened)),
            ))
            events = conn.execute(
                sa.select(history.c.site_id, history.c.action)
                .where(history.c.action.in_(("closed", "reopened")), history.c.year <= year,
                       history.c.site_id.in_(reopened))
                .order_by(history.c.year, history.c.id)
            ).fetchall()
        if events:
            last = dict(events)  # the latest closing or reopening up to this year, per site
            closed = {site_id for site_id, action in last.items() if action == "closed"}
            frame = frame[~frame["site_id"].isin(closed)]
        return self._as_geodataframe(frame)

    def all_sites(self) -> gpd.GeoDataFrame:
        """Every site ever registered, open or closed."""
        with self._read() as conn:
            return self._as_geodataframe(self._site_frame(conn))

    def history(self, site_id: str | None = None) -> pd.DataFrame:
        """
        The change history, oldest first.

        Parameters
        ----------
        site_id
            Only this site's rows.

        Returns
        -------
        history
            ``id``, ``site_id``, ``year``, ``action`` (added/changed/closed/reopened),
            ``field``, ``old_value``, ``new_value``, ``import_id``, ``at``, and
            ``changed_by``: who made an edit, close or merge (``by=``; on the admin
            pages the signed-in username), None for rows an import wrote.
        """
        table = self.history_table
        query = sa.select(*table.c).order_by(table.c.id)
        if site_id is not None:
            query = query.where(table.c.site_id == site_id)
        with self._read() as conn:
            return _frame(conn.execute(query))

    def imports(self) -> pd.DataFrame:
        """Every import with its file, checksum, year, times and counts, oldest first."""
        table = self.imports_table
        with self._read() as conn:
            return _frame(conn.execute(sa.select(*table.c).order_by(table.c.id)))

    def years(self) -> list[int]:
        """Every year the registry mentions: imports, openings and closings."""
        s, i = self.sites_table, self.imports_table
        query = sa.union(
            sa.select(i.c.year), sa.select(s.c.opened_year),
            sa.select(s.c.closed_year).where(s.c.closed_year.is_not(None)),
        )
        with self._read() as conn:
            return sorted(int(y) for (y,) in conn.execute(query))

    # -- importing

    def import_sites(
        self, sites: gpd.GeoDataFrame, *, year: int, source: str, file_sha256: str | None = None,
        close_missing: bool = False, rejected: int = 0,
    ) -> ImportReport:
        """
        Upsert a year's registry by ``site_id``, in one transaction.

        New ids are added (``opened_year`` = ``year`` unless the row gives one);
        changed rows are updated, with one history row per changed field; a closed
        site that is back is reopened. Ids open in ``year - 1`` that are missing from
        ``sites`` are reported and, with ``close_missing``, closed in ``year`` (never
        deleted). Unchanged rows are not touched. Importing the same file again
        changes nothing.

        Parameters
        ----------
        sites
            Sites with ``site_id``, ``name``, ``category`` and point geometry, and
            optionally the other :data:`~learning_map.sites.SITE_COLUMNS`,
            ``subtype``, ``capacity``, ``opened_year`` and ``district`` (Chinese
            headings such as 子类型 are recognised).
        year
            The year this registry describes.
        source
            Registry file name (or ``osm``), kept on the sites it adds or changes.
        file_sha256
            Checksum of the file, recorded with the import.
        close_missing
            Close the sites missing from ``sites``.
        rejected
            Number of rows the reader rejected, recorded with the import.

        Returns
        -------
        report
        """
        year = _year(year)
        started = time.perf_counter()
        incoming = self._incoming(sites)
        x_new, y_new = incoming.pop("x").to_numpy(float), incoming.pop("y").to_numpy(float)
        t_sites, t_history, t_imports = self.sites_table, self.history_table, self.imports_table
        with self._write() as conn:
            now = _now()
            import_id = conn.execute(
                t_imports.insert().values(source=source, sha256=file_sha256, year=year, started_at=now,
                                          rejected=int(rejected))
            ).inserted_primary_key[0]
            logger.info("import #%s into %s: transaction started (%d rows)", import_id, self.where, len(incoming))
            report = ImportReport(import_id=int(import_id), year=year, source=source,
                                  rejected=int(rejected), closed_missing=close_missing)
            old = self._site_frame(conn).set_index("site_id", drop=False)
            history: list[dict[str, Any]] = []

            def note(site_id: str, action: str, name: str | None = None, old_value: Any = None,
                     new_value: Any = None) -> None:
                history.append({
                    "site_id": site_id, "year": year, "action": action, "field": name,
                    "old_value": _as_text(old_value), "new_value": _as_text(new_value),
                    "import_id": import_id, "at": now,
                })

            known = incoming.index.isin(old.index)
            # New sites.
            fresh = incoming[~known]
            if len(fresh):
                blobs = self.backend.encode(x_new[~known], y_new[~known])
                rows = _records(fresh, (*TEXT_FIELDS, *INT_FIELDS, "opened_year"))
                for site_id, record, blob in zip(fresh.index, rows, blobs, strict=True):
                    opened = record["opened_year"]
                    record.update(site_id=site_id, opened_year=year if opened is None else opened,
                                  closed_year=None, source=source, updated_at=now)
                    record[GEOMETRY_COLUMN] = blob
                    note(site_id, "added")
                conn.execute(t_sites.insert(), rows)
                report.added = len(rows)
            # Sites already registered: compare field by field.
            same = incoming[known]
            if len(same):
                before = old.loc[same.index]
                changed = np.zeros(len(same), dtype=bool)
                for name in (*TEXT_FIELDS, *INT_FIELDS):
                    a, b = same[name], before[name]
                    differ = ~((a.isna() & b.isna()) | (a == b)).to_numpy(dtype=bool)
                    for site_id in same.index[differ]:
                        note(site_id, "changed", name, before.at[site_id, name], same.at[site_id, name])
                    changed |= differ
                xs, ys = x_new[known], y_new[known]
                bx, by = before["x"].to_numpy(float), before["y"].to_numpy(float)
                moved = (np.abs(xs - bx) > SAME_POINT_DEG) | (np.abs(ys - by) > SAME_POINT_DEG)
                for k in np.flatnonzero(moved):
                    note(same.index[k], "changed", "geometry", _point_text(bx[k], by[k]),
                         _point_text(xs[k], ys[k]))
                changed |= moved
                # Opening year: as the file says, or earlier when the site shows up earlier.
                wanted = [_none(v) for v in same["opened_year"].tolist()]
                opened = before["opened_year"].to_numpy(dtype=object).copy()
                for k, site_id in enumerate(same.index):
                    target = wanted[k]
                    if target is None and opened[k] > year:
                        target = year
                    if target is not None and target != opened[k]:
                        note(site_id, "changed", "opened_year", opened[k], target)
                        opened[k] = target
                        changed[k] = True
                # A closed site that is listed again is reopened.
                closed_year = before["closed_year"].to_numpy(dtype=object).copy()
                reopened = np.array([c is not None and c <= year for c in closed_year], dtype=bool)
                for k in np.flatnonzero(reopened):
                    note(same.index[k], "reopened", "closed_year", closed_year[k], None)
                    closed_year[k] = None
                touched = changed | reopened
                report.changed = int(changed.sum())
                report.reopened = int((reopened & ~changed).sum())
                report.unchanged = int((~touched).sum())
                if touched.any():
                    blobs = self.backend.encode(xs[touched], ys[touched])
                    params = []
                    fields = (*TEXT_FIELDS, *INT_FIELDS)
                    values = _records(same.iloc[np.flatnonzero(touched)], fields)
                    for k, row, blob in zip(np.flatnonzero(touched), values, blobs, strict=True):
                        record = {f"p_{f}": row[f] for f in fields}
                        record.update(
                            p_site_id=same.index[k], p_opened_year=opened[k],
                            p_closed_year=closed_year[k], p_source=source, p_updated_at=now,
                            p_geom=blob,
                        )
                        params.append(record)
                    columns = (*TEXT_FIELDS, *INT_FIELDS, "opened_year", "closed_year", "source",
                               "updated_at")
                    update = (
                        t_sites.update()
                        .where(t_sites.c.site_id == sa.bindparam("p_site_id"))
                        .values({
                            **{c: sa.bindparam(f"p_{c}") for c in columns},
                            GEOMETRY_COLUMN: sa.bindparam("p_geom", type_=t_sites.c.geom.type),
                        })
                    )
                    conn.execute(update, params)
            # Sites open last year and missing from this file.
            last_year = year - 1
            opened_at = pd.to_numeric(old["opened_year"]).to_numpy(float)
            closed_at = pd.to_numeric(old["closed_year"]).to_numpy(float)  # NaN: open
            was_open = (opened_at <= last_year) & ~(closed_at <= last_year)
            absent = was_open & ~old.index.isin(incoming.index)
            missing = old[absent]
            report.missing = missing.index.tolist()
            if close_missing and len(missing):
                to_close = missing[~(closed_at[absent] <= year)]
                for site_id, prior in zip(to_close.index, to_close["closed_year"], strict=True):
                    note(site_id, "closed", "closed_year", prior, year)
                if len(to_close):
                    conn.execute(
                        t_sites.update()
                        .where(t_sites.c.site_id == sa.bindparam("p_site_id"))
                        .values(closed_year=year, updated_at=now),
                        [{"p_site_id": s} for s in to_close.index],
                    )
                report.closed = len(to_close)
            if history:
                conn.execute(t_history.insert(), history)
            self.backend.touch(conn, now)
            conn.execute(
                t_imports.update().where(t_imports.c.id == import_id).values(
                    finished_at=_now(), added=report.added, changed=report.changed,
                    closed=report.closed, reopened=report.reopened, unchanged=report.unchanged,
                    missing=len(report.missing),
                )
            )
            logger.info("import #%s: committing", import_id)
        report.seconds = time.perf_counter() - started
        logger.info("import #%s committed in %.2f s", import_id, report.seconds)
        return report

    def _incoming(self, sites: gpd.GeoDataFrame) -> pd.DataFrame:
        """Normalise and check an import: one row per site id, text as stored, x/y in WGS84."""
        if not isinstance(sites, gpd.GeoDataFrame):
            msg = "sites must be a GeoDataFrame with point geometry / 站点数据须为带点坐标的 GeoDataFrame"
            raise StoreError(msg)
        for required in ("site_id", "name", "category"):
            if required not in sites:
                msg = f"the sites have no {required} column / 站点数据缺少 {required} 列"
                raise StoreError(msg)
        if sites.crs is not None and not sites.crs.equals("EPSG:4326"):
            sites = sites.to_crs("EPSG:4326")
        geoms = sites.geometry.to_numpy()
        bad_geometry = ~(shapely.get_type_id(geoms) == 0) | shapely.is_empty(geoms)
        if bad_geometry.any():
            first = sites["site_id"].iloc[int(np.flatnonzero(bad_geometry)[0])]
            msg = f"site {first!r} has no point geometry / 站点 {first!r} 缺少点坐标"
            raise StoreError(msg)
        frame = rename_extra_columns(pd.DataFrame(sites.drop(columns=sites.geometry.name)))
        frame["category"] = [
            v if v in CATEGORIES else CATEGORY_ALIASES.get(str(v).strip().casefold(), v)
            for v in frame["category"]
        ]
        frame, reasons = check_extra_columns(frame)
        unknown = ~frame["category"].isin(list(CATEGORIES))
        site_ids = frame["site_id"].map(_text)
        problems = [
            (site_ids.isna(), "a site has no site_id / 有站点缺少编号"),
            (site_ids.duplicated() & site_ids.notna(), "site_id {} appears twice / 站点编号重复"),
            (frame["name"].map(_text).isna(), "site {} has no name / 站点缺少名称"),
            (unknown, "site {} has an unknown category / 站点类别无法识别"),
            (reasons != "", "site {}: {} / 站点数据有误"),
        ]
        for mask, text in problems:
            mask = mask.to_numpy(dtype=bool)
            if mask.any():
                k = int(np.flatnonzero(mask)[0])
                msg = text.format(repr(site_ids.iloc[k]), reasons.iloc[k].split(" / ")[0])
                raise StoreError(msg)
        out = pd.DataFrame(index=pd.Index(site_ids.tolist(), name="site_id"))
        for name in TEXT_FIELDS:
            values = frame[name] if name in frame else pd.Series(None, index=frame.index)
            out[name] = pd.Series([_text(v) for v in values], index=out.index, dtype=object)
        for name in (*INT_FIELDS, "opened_year"):
            out[name] = pd.Series(frame[name].tolist(), index=out.index, dtype=object)
        out["x"], out["y"] = shapely.get_x(geoms), shapely.get_y(geoms)
        return out

    # -- editing

    def _one_site(self, conn: sa.Connection, site_id: str) -> pd.Series:
        frame = self._site_frame(conn, self.sites_table.c.site_id == site_id)
        if frame.empty:
            msg = f"no site {site_id!r} in the registry / 名录中没有编号为 {site_id!r} 的站点"
            raise StoreError(msg)
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
        year = _year(year)
        table = self.sites_table
        with self._write() as conn:
            site = self._one_site(conn, site_id)
            if site["closed_year"] is not None and site["closed_year"] <= year:
                msg = f"site {site_id!r} is already closed in {site['closed_year']} / 该站点已于 {site['closed_year']} 年关闭"
                raise StoreError(msg)
            if year < site["opened_year"]:
                msg = f"site {site_id!r} opened in {site['opened_year']}, after {year} / 关闭年份早于开办年份"
                raise StoreError(msg)
            now = _now()
            conn.execute(table.update().where(table.c.site_id == site_id).values(
                closed_year=year, updated_at=now))
            conn.execute(self.history_table.insert().values(
                site_id=site_id, year=year, action="closed", field="closed_year",
                old_value=_as_text(site["closed_year"]), new_value=str(year), at=now,
                changed_by=_by(by)))
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
        year = _year(year)
        if keep_id == other_id:
            msg = f"cannot merge site {keep_id!r} into itself / 不能把站点合并到它自己"
            raise StoreError(msg)
        who = _by(by)
        table, history = self.sites_table, self.history_table
        with self._write() as conn:
            keep, other = self._one_site(conn, keep_id), self._one_site(conn, other_id)
            for site_id, site in ((keep_id, keep), (other_id, other)):
                if site["closed_year"] is not None and site["closed_year"] <= year:
                    msg = (f"site {site_id!r} is already closed in {site['closed_year']} "
                           f"/ 该站点已于 {site['closed_year']} 年关闭")
                    raise StoreError(msg)
            if year < other["opened_year"]:
                msg = f"site {other_id!r} opened in {other['opened_year']}, after {year} / 关闭年份早于开办年份"
                raise StoreError(msg)
            now = _now()
            filled = {
                name: other[name] for name in (*TEXT_FIELDS, *INT_FIELDS)
                if _as_text(keep[name]) in (None, "") and _as_text(other[name]) not in (None, "")
            }
            rows = [
                {"site_id": keep_id, "year": year, "action": "changed", "field": name,
                 "old_value": _as_text(keep[name]), "new_value": _as_text(value),
                 "import_id": None, "at": now, "changed_by": who}
                for name, value in filled.items()
            ]
            rows.append({"site_id": keep_id, "year": year, "action": "changed", "field": "merged_from",
                         "old_value": None, "new_value": other_id, "import_id": None, "at": now,
                         "changed_by": who})
            rows.append({"site_id": other_id, "year": year, "action": "closed", "field": MERGED_INTO,
                         "old_value": _as_text(other["closed_year"]), "new_value": keep_id,
                         "import_id": None, "at": now, "changed_by": who})
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
            ``opened_year``, or ``geometry`` (a shapely Point or ``(lon, lat)``).
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
        year = _year(year)
        who = _by(by)
        allowed = {*TEXT_FIELDS, *INT_FIELDS, "opened_year", "geometry"}
        unknown = sorted(set(fields) - allowed)
        if unknown:
            msg = f"cannot edit {', '.join(unknown)}; editable fields: {', '.join(sorted(allowed))} / 字段不可编辑"
            raise StoreError(msg)
        table = self.sites_table
        with self._write() as conn:
            site = self._one_site(conn, site_id)
            values: dict[str, Any] = {}
            now = _now()
            notes = []
            for name, raw in fields.items():
                if name == "geometry":
                    point = shapely.Point(raw) if not isinstance(raw, shapely.Point) else raw
                    x, y = point.x, point.y
                    if abs(x - site["x"]) > SAME_POINT_DEG or abs(y - site["y"]) > SAME_POINT_DEG:
                        values[GEOMETRY_COLUMN] = self.backend.encode(np.array([x]), np.array([y]))[0]
                        notes.append(("geometry", _point_text(site["x"], site["y"]), _point_text(x, y)))
                    continue
                value = _edit_value(name, raw)
                if value != site[name]:
                    values[name] = value
                    notes.append((name, _as_text(site[name]), _as_text(value)))
            if not values:
                return []
            if site["closed_year"] is not None and values.get("opened_year", site["opened_year"]) > site["closed_year"]:
                msg = f"site {site_id!r} would open after it closed / 开办年份不能晚于关闭年份"
                raise StoreError(msg)
            conn.execute(table.update().where(table.c.site_id == site_id).values(**values, updated_at=now))
            conn.execute(self.history_table.insert(), [
                {"site_id": site_id, "year": year, "action": "changed", "field": name,
                 "old_value": old, "new_value": new, "import_id": None, "at": now,
                 "changed_by": who}
                for name, old, new in notes
            ])
            self.backend.touch(conn, now)
        return [name for name, _, _ in notes]

    # -- dump and restore

    def _dump_tables(self) -> tuple[sa.Table, ...]:
        """Every table a dump holds, in restore (foreign key) order."""
        return (self.imports_table, self.sites_table, self.history_table, *admin_tables())

    def dump(self, path: str | Path) -> Path:
        """
        Write the whole registry as a portable JSON-lines file.

        The registry is imports, sites, history (with ``changed_by``) and the city
        office's tables: districts, users (with their password hashes, never the
        passwords), publications and reports. The first line names the format and
        schema version; then one object per row, ``{"table": ..., "row": {...}}``,
        table by table in that order and each in primary-key order, with each point
        as ``[lon, lat]``. The file is written atomically and is the same for the
        same registry on either backend, so :meth:`restore` moves a registry between
        them.

        Parameters
        ----------
        path
            Destination; its folder must exist.

        Returns
        -------
        path
        """
        path = Path(path)
        rows: dict[str, list[dict[str, Any]]] = {}
        with self._read() as conn:
            for table in self._dump_tables():
                if table is self.sites_table:
                    sites = self._site_frame(conn)
                    continue
                query = sa.select(*table.c).order_by(*table.primary_key.columns)
                rows[table.name] = [dict(r._mapping) for r in conn.execute(query)]
        with atomic_write(path, "w", encoding="utf-8", newline="\n") as handle:
            header = {"format": DUMP_FORMAT, "version": DUMP_VERSION, "schema_version": LATEST_VERSION}
            handle.write(json.dumps(header, sort_keys=True) + "\n")
            for table in self._dump_tables():
                if table is self.sites_table:
                    for row in sites.to_dict(orient="records"):
                        x, y = row.pop("x"), row.pop("y")
                        row["geom"] = [float(x), float(y)]
                        handle.write(_dump_line(SITES, row))
                    continue
                for row in rows[table.name]:
                    handle.write(_dump_line(table.name, row))
        return path

    def restore(self, path: str | Path, *, replace: bool = False) -> dict[str, int]:
        """
        Load a :meth:`dump` into this store, in one transaction.

        A dump of format version 2 replaces every table, the admin tables included
        (users keep their password hashes). A version-1 dump (written before dumps
        held the admin tables) replaces imports, sites and history and leaves the
        admin tables as they are; its history rows get no ``changed_by``.

        Parameters
        ----------
        path
            A dump file.
        replace
            Replace a registry that already holds data; without it a non-empty
            registry is refused, so nothing is overwritten by mistake.

        Returns
        -------
        counts
            Rows restored per table.
        """
        path = Path(path)
        try:
            with open(path, encoding="utf-8") as handle:
                header = json.loads(handle.readline() or "{}")
                if header.get("format") != DUMP_FORMAT or header.get("version") not in READABLE_DUMP_VERSIONS:
                    msg = f"{path.name} is not a learning-map registry dump / 该文件不是站点名录备份"
                    raise StoreError(msg)
                tables = self._dump_tables()
                if header["version"] == 1:
                    tables = tables[:3]
                rows: dict[str, list[dict[str, Any]]] = {table.name: [] for table in tables}
                for number, line in enumerate(handle, start=2):
                    item = json.loads(line)
                    if item.get("table") not in rows:
                        msg = f"{path.name} line {number}: unknown table / 备份文件第 {number} 行无法识别"
                        raise StoreError(msg)
                    rows[item["table"]].append(item["row"])
        except FileNotFoundError as exc:
            msg = f"dump file not found: {path} / 找不到备份文件"
            raise StoreError(msg) from exc
        except (json.JSONDecodeError, UnicodeDecodeError, AttributeError) as exc:
            msg = f"{path.name} is damaged ({exc}) / 备份文件已损坏"
            raise StoreError(msg) from exc
        if rows[SITES]:
            points = np.array([r.pop("geom") for r in rows[SITES]], dtype=float).reshape(-1, 2)
            for row, blob in zip(rows[SITES], self.backend.encode(points[:, 0], points[:, 1]), strict=True):
                row[GEOMETRY_COLUMN] = blob
        with self._write() as conn:
            if not replace:
                held = sum(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one() for t in tables)
                if held:
                    msg = (
                        f"{self.where} already holds data; restore with --replace to overwrite it"
                        " / 名录已有数据，如要覆盖请加 --replace"
                    )
                    raise StoreError(msg)
            for table in reversed(tables):
                conn.execute(table.delete())
            for table in tables:
                if rows[table.name]:
                    conn.execute(table.insert(), rows[table.name])
            self.backend.reset_sequences(conn)
            self.backend.touch(conn, _now())
        return {name: len(r) for name, r in rows.items()}


def _frame(result: sa.CursorResult) -> pd.DataFrame:
    """A query result as a DataFrame of object columns (None stays None), built column-wise."""
    keys = list(result.keys())
    rows = result.fetchall()
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(keys)
    return pd.DataFrame(
        {key: pd.Series(values, dtype=object) for key, values in zip(keys, columns, strict=True)},
        columns=keys,
    )


def _none(value: Any) -> Any:
    """None for pandas' missing values (NaN, NA), the value otherwise."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value


def _records(frame: pd.DataFrame, columns: Iterable[str]) -> list[dict[str, Any]]:
    """Rows of ``frame`` as dicts of plain values, missing values as None."""
    columns = list(columns)
    lists = [[_none(v) for v in frame[c].tolist()] for c in columns]
    return [dict(zip(columns, values, strict=True)) for values in zip(*lists, strict=True)]


def _dump_line(table: str, row: dict[str, Any]) -> str:
    clean = {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
    return json.dumps({"table": table, "row": clean}, ensure_ascii=False, sort_keys=True) + "\n"


def _by(value: str | None) -> str | None:
    """A ``changed_by`` value: the username as given, None for none or blank."""
    if value is None:
        return None
    if not isinstance(value, str):
        msg = f"by must be a username, got {value!r} / 修改人须为用户名"
        raise StoreError(msg)
    return value if value.strip() else None


def _year(value: Any) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError) as exc:
        msg = f"year {value!r} is not a whole number / 年份须为整数"
        raise StoreError(msg) from exc
    if not 1800 <= year <= 2200 or year != value:
        msg = f"year {value!r} is not a plausible year / 年份无效"
        raise StoreError(msg)
    return year


def _edit_value(name: str, raw: Any) -> Any:
    """A field value as stored, checked like an imported one."""
    if name in (*INT_FIELDS, "opened_year"):
        if raw is None and name != "opened_year":
            return None
        if isinstance(raw, bool) or not isinstance(raw, (int, np.integer)) or raw < 0:
            msg = f"{name} must be a whole number, got {raw!r} / {name} 须为整数"
            raise StoreError(msg)
        return _year(raw) if name == "opened_year" else int(raw)
    if name == "category":
        key = raw if raw in CATEGORIES else CATEGORY_ALIASES.get(str(raw).strip().casefold())
        if key is None:
            msg = f"unknown category {raw!r} (use one of: {', '.join(CATEGORIES)}) / 类别无法识别"
            raise StoreError(msg)
        return key
    if name == "subtype":
        if _text(raw) is None:
            return None
        key = subtype_key(raw)
        if key is None:
            known = ", ".join(s.label_zh for s in SUBTYPES.values())
            msg = f"unknown subtype {raw!r} (use one of: {known}) / 子类型无法识别"
            raise StoreError(msg)
        return key
    value = _text(raw)
    if name == "name" and value is None:
        msg = "a site needs a name / 站点须有名称"
        raise StoreError(msg)
    return value


def open_store(
    bundle_dir: str | Path | None = None, *, url: str | None = None, schema: str | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> RegistryStore:
    """
    Open (and create or upgrade) a city's registry store.

    Parameters
    ----------
    bundle_dir
        City bundle folder: the store is ``bundle_dir/registry.gpkg`` (a GeoPackage
        beside ``builds/`` that builds never replace). Used when no URL is given.
    url
        ``postgresql://user:password@host:port/database`` for PostGIS; default
        ``$LEARNING_MAP_DATABASE_URL``. The database needs the ``postgis`` extension.
    schema
        PostgreSQL schema to keep the tables in (default: the user's search path).
    lock_timeout
        Seconds a write waits for another writer before giving up.

    Returns
    -------
    store
    """
    url = url or os.environ.get(DATABASE_URL_ENV) or None
    if url:
        return RegistryStore(PostgisBackend(url, schema=schema, lock_timeout=lock_timeout))
    if bundle_dir is None:
        msg = (
            "no registry given: name a city folder or a database URL "
            f"(--database or {DATABASE_URL_ENV}) / 未指定名录位置"
        )
        raise StoreError(msg)
    folder = Path(bundle_dir)
    if not folder.is_dir():
        msg = f"city folder not found: {folder} / 找不到城市数据包文件夹"
        raise StoreError(msg)
    return RegistryStore(GpkgBackend(folder / STORE_FILE, lock_timeout=lock_timeout))

