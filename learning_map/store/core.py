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

import logging
import os
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import pandas as pd
import shapely
import sqlalchemy as sa

from learning_map.errors import N_, StoreError
from learning_map.store._common import (
    DATABASE_URL_ENV,
    DEFAULT_LOCK_TIMEOUT,
    STORE_COLUMNS,
    STORE_FILE,
    checked_year,
    now_text,
    result_frame,
)
from learning_map.store.admin import AdminMixin
from learning_map.store.backends import GpkgBackend, PostgisBackend
from learning_map.store.courses import CoursesMixin
from learning_map.store.dump import DumpMixin
from learning_map.store.edits import EditsMixin
from learning_map.store.geocode_cache import GeocodeCacheMixin
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
from learning_map.store.upsert import ImportMixin, ImportReport

if TYPE_CHECKING:
    from collections.abc import Iterator

logger = logging.getLogger(__name__)

__all__ = [
    "DATABASE_URL_ENV", "STORE_COLUMNS", "STORE_FILE", "GpkgBackend", "ImportReport",
    "PostgisBackend", "RegistryStore", "open_store",
]


# --------------------------------------------------------------------------- the store



def _undo_changes(frame: pd.DataFrame, changes: list[Any]) -> pd.DataFrame:
    """``frame`` with each ``(site_id, field, old_value)`` set back, in the order given."""
    row_of = {site_id: i for i, site_id in enumerate(frame["site_id"])}
    for site_id, field, old in changes:
        i = row_of.get(site_id)
        if i is None:
            continue
        if field == "geometry":
            if old:
                point = shapely.from_wkt(old)
                frame.at[i, "x"], frame.at[i, "y"] = point.x, point.y
        elif field in INT_FIELDS:
            frame.at[i, field] = None if old in (None, "") else int(float(old))
        else:
            frame.at[i, field] = old
    return frame

class RegistryStore(ImportMixin, EditsMixin, DumpMixin, CoursesMixin, AdminMixin, GeocodeCacheMixin):
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
                raise StoreError(N_("{where} is busy: another import or edit held it for more than "
                                    "{seconds:g} s; try again when it has finished"),
                                 where=self.where, seconds=self.backend.lock_timeout) from exc
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
        return StoreError(N_("cannot use the registry at {where}: {reason}"), where=self.where, reason=first)

    def _upgrade(self) -> list[int]:
        with self._read() as conn:
            self.backend.check(conn)
            if applied_versions(conn)[-1:] == [LATEST_VERSION]:
                return []
        with self._write() as conn:
            return migrate(conn, now=now_text(), where=self.where)

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
        frame = result_frame(conn.execute(query))
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

        Each site's fields and place are as they were in that year: changes recorded for later
        years are undone, so a year's map printed again later shows that year's registry.

        Parameters
        ----------
        year
            Calendar year.

        Returns
        -------
        sites
            EPSG:4326; :data:`~learning_map.city.sites.SITE_COLUMNS` plus ``subtype``,
            ``district``, ``capacity``, ``opened_year`` and ``closed_year``, in the
            order sites were added.
        """
        year = checked_year(year)
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
            # What changed after this year, newest first: undone in turn, each site's fields end
            # as they were in the year (a 2025 map re-printed in 2027 shows 2025's phone numbers).
            later = conn.execute(
                sa.select(history.c.site_id, history.c.field, history.c.old_value)
                .where(history.c.action == "changed", history.c.year > year,
                       history.c.field.in_((*TEXT_FIELDS, *INT_FIELDS, "geometry")))
                .order_by(history.c.year.desc(), history.c.id.desc())
            ).fetchall()
        if events:
            last = dict(events)  # the latest closing or reopening up to this year, per site
            closed = {site_id for site_id, action in last.items() if action == "closed"}
            frame = frame[~frame["site_id"].isin(closed)]
        return self._as_geodataframe(_undo_changes(frame.reset_index(drop=True), later))

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
            return result_frame(conn.execute(query))

    def imports(self) -> pd.DataFrame:
        """Every import with its file, checksum, year, times and counts, oldest first."""
        table = self.imports_table
        with self._read() as conn:
            return result_frame(conn.execute(sa.select(*table.c).order_by(table.c.id)))

    def years(self) -> list[int]:
        """Every year the registry mentions: imports, openings and closings."""
        s, i = self.sites_table, self.imports_table
        query = sa.union(
            sa.select(i.c.year), sa.select(s.c.opened_year),
            sa.select(s.c.closed_year).where(s.c.closed_year.is_not(None)),
        )
        with self._read() as conn:
            return sorted(int(y) for (y,) in conn.execute(query))


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
        raise StoreError(N_("no registry given: name a city folder or a database URL "
                            "(--database or {variable})"), variable=DATABASE_URL_ENV)
    folder = Path(bundle_dir)
    if not folder.is_dir():
        raise StoreError(N_("city folder not found: {folder}"), folder=folder)
    return RegistryStore(GpkgBackend(folder / STORE_FILE, lock_timeout=lock_timeout))
