"""Dump and restore of the whole registry store (JSON lines), portable between backends."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa

from learning_map.base.safety import atomic_write
from learning_map.base.text_rules import text_problem
from learning_map.errors import N_, StoreError
from learning_map.store._common import (
    DUMP_FORMAT,
    DUMP_VERSION,
    READABLE_DUMP_VERSIONS,
    dump_line,
    now_text,
)
from learning_map.store.admin_schema import admin_tables
from learning_map.store.migrations import LATEST_VERSION
from learning_map.store.schema import (
    GEOMETRY_COLUMN,
    SITES,
)

logger = logging.getLogger(__name__)


class DumpMixin:
    """RegistryStore methods that dump and restore every table."""

    def _dump_tables(self) -> tuple[sa.Table, ...]:
        """Every table a dump holds, in restore (foreign key) order."""
        return (self.imports_table, self.sites_table, self.history_table, self.courses_table,
                *admin_tables())

    def dump(self, path: str | Path) -> Path:
        """
        Write the whole registry as a portable JSON-lines file.

        The registry is imports, sites, history (with ``changed_by``), courses and the city
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
                        handle.write(dump_line(SITES, row))
                    continue
                for row in rows[table.name]:
                    handle.write(dump_line(table.name, row))
        return path

    def restore(self, path: str | Path, *, replace: bool = False) -> dict[str, int]:
        """
        Load a :meth:`dump` into this store, in one transaction.

        A dump of format version 3 replaces every table, the courses and the admin tables
        included (users keep their password hashes); a version-2 dump (before courses)
        replaces every table and leaves no courses. A version-1 dump (written before dumps
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
        tables, rows = self._read_dump(path)
        if rows[SITES]:
            points = np.array([r.pop("geom") for r in rows[SITES]], dtype=float).reshape(-1, 2)
            for row, blob in zip(rows[SITES], self.backend.encode(points[:, 0], points[:, 1]), strict=True):
                row[GEOMETRY_COLUMN] = blob
        self._replace_tables(tables, rows, replace=replace)
        return {name: len(r) for name, r in rows.items()}

    def _read_dump(self, path: Path) -> tuple[tuple[sa.Table, ...], dict[str, list[dict[str, Any]]]]:
        """The tables a dump file holds (by its format version) and their rows, checked."""
        try:
            with open(path, encoding="utf-8") as handle:
                header = json.loads(handle.readline() or "{}")
                if header.get("format") != DUMP_FORMAT or header.get("version") not in READABLE_DUMP_VERSIONS:
                    raise StoreError(N_("{file} is not a learning-map registry dump"), file=path.name)
                tables = self._dump_tables()
                if header["version"] < 3:  # written before the courses table
                    tables = tuple(t for t in tables if t is not self.courses_table)
                if header["version"] == 1:
                    tables = tables[:3]
                rows: dict[str, list[dict[str, Any]]] = {table.name: [] for table in tables}
                for number, line in enumerate(handle, start=2):
                    item = json.loads(line)
                    _check_dump_item(path, number, item, rows)
                    rows[item["table"]].append(item["row"])
        except FileNotFoundError as exc:
            raise StoreError(N_("dump file not found: {file}"), file=path) from exc
        except (json.JSONDecodeError, UnicodeDecodeError, AttributeError) as exc:
            raise StoreError(N_("{file} is damaged ({reason})"), file=path.name, reason=exc) from exc
        return tables, rows

    def _replace_tables(self, tables: tuple[sa.Table, ...], rows: dict[str, list[dict[str, Any]]], *,
                        replace: bool) -> None:
        """Empty the store's tables and insert ``rows``, in one write transaction."""
        # Courses belong to the sites being replaced: an older dump (none in it) clears them too.
        clear = tables if self.courses_table in tables else (*tables, self.courses_table)
        with self._write() as conn:
            if not replace:
                held = sum(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one() for t in clear)
                if held:
                    raise StoreError(N_("{where} already holds data; restore with --replace to overwrite it"),
                                     where=self.where)
            for table in reversed(clear):
                conn.execute(table.delete())
            for table in tables:
                if rows[table.name]:
                    conn.execute(table.insert(), rows[table.name])
            self.backend.reset_sequences(conn)
            self.backend.touch(conn, now_text())


def _check_dump_item(path: Path, number: int, item: Any, rows: dict[str, list[dict[str, Any]]]) -> None:
    """A dump line must name one of the dump's tables; a site row obeys the text rule (a dump is a door too)."""
    if item.get("table") not in rows:
        raise StoreError(N_("{file} line {line}: unknown table"), file=path.name, line=number)
    if item["table"] == SITES:
        problem = next(filter(None, (text_problem(k, v) for k, v in item["row"].items())), None)
        if problem:
            raise StoreError(N_("{file} line {line}: {problem}"), file=path.name, line=number, problem=problem)
