"""Imports into the registry store: upsert by site id, history rows, one transaction."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import sqlalchemy as sa

from learning_map.base.i18n import BILINGUAL, BILINGUAL_JOIN, cli_locale
from learning_map.city.categories import CATEGORIES, CATEGORY_ALIASES
from learning_map.errors import N_, StoreError
from learning_map.store._common import (
    SAME_POINT_DEG,
    checked_year,
    history_text,
    none_if_missing,
    now_text,
    plain_records,
    point_wkt,
    say,
    stored_text,
)
from learning_map.store.columns import check_extra_columns, reason_text, rename_extra_columns
from learning_map.store.schema import (
    GEOMETRY_COLUMN,
    INT_FIELDS,
    TEXT_FIELDS,
)

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------- reports


class SiteRowError(StoreError):
    """A site the store refuses; its ``reason`` (a :class:`~learning_map.store.columns.Reason`) is said in the sentence's locale."""

    def text(self, locale: str | None = None) -> str:
        """The sentence in ``locale``; None: the command line's language."""
        if locale is None:
            locale = cli_locale()
            if locale is None:
                texts = [self.text(name) for name in BILINGUAL]
                return texts[0] if texts[0] == texts[1] else BILINGUAL_JOIN.join(texts)
        values = {**self.values, "reason": reason_text(self.values.get("reason"), locale)}
        return StoreError(self.message, **values).text(locale)


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
        """Every count, in the command line's language (:meth:`summary_text`)."""
        return self.summary_text()

    def summary_text(self, locale: str | None = None) -> str:
        """Every count in one sentence, in ``locale`` (None: the command line's language)."""
        return say(N_("Import #{import_id} of {source} for {year}: {added} added, {changed} changed, "
                      "{reopened} reopened, {closed} closed, {unchanged} unchanged, {rejected} rejected"),
                   locale, import_id=self.import_id, source=self.source, year=self.year, added=self.added,
                   changed=self.changed, reopened=self.reopened, closed=self.closed,
                   unchanged=self.unchanged, rejected=self.rejected)

    @property
    def missing_summary(self) -> str | None:
        """A sentence on the sites missing from the file (command line's language), or None when none are."""
        return self.missing_text()

    def missing_text(self, locale: str | None = None) -> str | None:
        """The sites missing from the file in ``locale`` (None: the command line's language), or None."""
        if not self.missing:
            return None
        shown = ", ".join(self.missing[:20]) + (" ..." if len(self.missing) > 20 else "")
        if self.closed_missing:
            return say(N_("Sites open in {previous} that are not in this file, closed in {year} ({count}): {ids}"),
                       locale, previous=self.year - 1, year=self.year, count=len(self.missing), ids=shown)
        return say(N_("Sites open in {previous} that are not in this file ({count}): {ids}; "
                      "import with --close-missing to close them"),
                   locale, previous=self.year - 1, count=len(self.missing), ids=shown)



@dataclass
class _ImportRun:
    """One import in its transaction: its id and time, and the history rows it writes."""

    import_id: int
    year: int
    source: str
    now: Any
    history: list[dict[str, Any]] = field(default_factory=list)

    def note(self, site_id: str, action: str, name: str | None = None, old_value: Any = None,
             new_value: Any = None) -> None:
        """One history row: what happened to a site (and to which field)."""
        self.history.append({
            "site_id": site_id, "year": self.year, "action": action, "field": name,
            "old_value": history_text(old_value), "new_value": history_text(new_value),
            "import_id": self.import_id, "at": self.now,
        })


def _field_changes(run: _ImportRun, same: pd.DataFrame, before: pd.DataFrame,
                   xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Which registered sites differ in a field or moved; one history row per change."""
    changed = np.zeros(len(same), dtype=bool)
    for name in (*TEXT_FIELDS, *INT_FIELDS):
        a, b = same[name], before[name]
        differ = ~((a.isna() & b.isna()) | (a == b)).to_numpy(dtype=bool)
        for site_id in same.index[differ]:
            run.note(site_id, "changed", name, before.at[site_id, name], same.at[site_id, name])
        changed |= differ
    bx, by = before["x"].to_numpy(float), before["y"].to_numpy(float)
    moved = (np.abs(xs - bx) > SAME_POINT_DEG) | (np.abs(ys - by) > SAME_POINT_DEG)
    for k in np.flatnonzero(moved):
        run.note(same.index[k], "changed", "geometry", point_wkt(bx[k], by[k]),
                 point_wkt(xs[k], ys[k]))
    return changed | moved


def _opening_years(run: _ImportRun, same: pd.DataFrame,
                   before: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """
    The opening years after this import, and which changed.

    As the file says, or earlier when the site shows up earlier.
    """
    wanted = [none_if_missing(v) for v in same["opened_year"].tolist()]
    opened = before["opened_year"].to_numpy(dtype=object).copy()
    changed = np.zeros(len(same), dtype=bool)
    for k, site_id in enumerate(same.index):
        target = wanted[k]
        if target is None and opened[k] > run.year:
            target = run.year
        if target is not None and target != opened[k]:
            run.note(site_id, "changed", "opened_year", opened[k], target)
            opened[k] = target
            changed[k] = True
    return opened, changed


def _reopenings(run: _ImportRun, same: pd.DataFrame,
                before: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The closing years after this import, and which sites reopen: closed, but listed again."""
    closed_year = before["closed_year"].to_numpy(dtype=object).copy()
    reopened = np.array([c is not None and c <= run.year for c in closed_year], dtype=bool)
    for k in np.flatnonzero(reopened):
        run.note(same.index[k], "reopened", "closed_year", closed_year[k], None)
        closed_year[k] = None
    return closed_year, reopened


class ImportMixin:
    """RegistryStore methods that import a year's registry."""

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
            optionally the other :data:`~learning_map.city.sites.SITE_COLUMNS`,
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
        year = checked_year(year)
        started = time.perf_counter()
        incoming = self._incoming(sites)
        x_new, y_new = incoming.pop("x").to_numpy(float), incoming.pop("y").to_numpy(float)
        with self._write() as conn:
            run = self._start_import(conn, year=year, source=source, file_sha256=file_sha256,
                                     rejected=rejected, rows=len(incoming))
            report = ImportReport(import_id=run.import_id, year=year, source=source,
                                  rejected=int(rejected), closed_missing=close_missing)
            old = self._site_frame(conn).set_index("site_id", drop=False)
            known = incoming.index.isin(old.index)
            report.added = self._add_sites(conn, run, incoming[~known], x_new[~known], y_new[~known])
            self._update_sites(conn, run, incoming[known], old, x_new[known], y_new[known], report)
            self._close_missing(conn, run, old, incoming, report)
            self._finish_import(conn, run, report)
        report.seconds = time.perf_counter() - started
        logger.info("import #%s committed in %.2f s", run.import_id, report.seconds)
        return report

    def _start_import(self, conn: sa.Connection, *, year: int, source: str, file_sha256: str | None,
                      rejected: int, rows: int) -> _ImportRun:
        """The import's row, opened at the start of the transaction."""
        now = now_text()
        import_id = conn.execute(
            self.imports_table.insert().values(source=source, sha256=file_sha256, year=year,
                                               started_at=now, rejected=int(rejected))
        ).inserted_primary_key[0]
        logger.info("import #%s into %s: transaction started (%d rows)", import_id, self.where, rows)
        return _ImportRun(import_id=int(import_id), year=year, source=source, now=now)

    def _add_sites(self, conn: sa.Connection, run: _ImportRun, fresh: pd.DataFrame,
                   xs: np.ndarray, ys: np.ndarray) -> int:
        """Insert the new sites (opened this year unless the row says); the number added."""
        if not len(fresh):
            return 0
        blobs = self.backend.encode(xs, ys)
        rows = plain_records(fresh, (*TEXT_FIELDS, *INT_FIELDS, "opened_year"))
        for site_id, record, blob in zip(fresh.index, rows, blobs, strict=True):
            opened = record["opened_year"]
            record.update(site_id=site_id, opened_year=run.year if opened is None else opened,
                          closed_year=None, source=run.source, updated_at=run.now)
            record[GEOMETRY_COLUMN] = blob
            # How the new point was found stays in the history from the start (later changes too).
            placed = record.get("placement")
            run.note(site_id, "added", "placement" if placed else None, None, placed)
        conn.execute(self.sites_table.insert(), rows)
        return len(rows)

    def _update_sites(self, conn: sa.Connection, run: _ImportRun, same: pd.DataFrame,
                      old: pd.DataFrame, xs: np.ndarray, ys: np.ndarray,
                      report: ImportReport) -> None:
        """Compare the sites already registered field by field; write those that changed."""
        if not len(same):
            return
        before = old.loc[same.index]
        changed = _field_changes(run, same, before, xs, ys)
        opened, new_opening = _opening_years(run, same, before)
        changed |= new_opening
        closed_year, reopened = _reopenings(run, same, before)
        touched = changed | reopened
        report.changed = int(changed.sum())
        report.reopened = int((reopened & ~changed).sum())
        report.unchanged = int((~touched).sum())
        if touched.any():
            self._write_changes(conn, run, same, xs, ys, touched, opened, closed_year)

    def _write_changes(self, conn: sa.Connection, run: _ImportRun, same: pd.DataFrame,
                       xs: np.ndarray, ys: np.ndarray, touched: np.ndarray, opened: np.ndarray,
                       closed_year: np.ndarray) -> None:
        """Update the ``touched`` rows of ``same`` in one statement."""
        t_sites = self.sites_table
        blobs = self.backend.encode(xs[touched], ys[touched])
        params = []
        fields = (*TEXT_FIELDS, *INT_FIELDS)
        values = plain_records(same.iloc[np.flatnonzero(touched)], fields)
        for k, row, blob in zip(np.flatnonzero(touched), values, blobs, strict=True):
            record = {f"p_{f}": row[f] for f in fields}
            record.update(
                p_site_id=same.index[k], p_opened_year=opened[k], p_closed_year=closed_year[k],
                p_source=run.source, p_updated_at=run.now, p_geom=blob,
            )
            params.append(record)
        columns = (*fields, "opened_year", "closed_year", "source", "updated_at")
        update = (
            t_sites.update()
            .where(t_sites.c.site_id == sa.bindparam("p_site_id"))
            .values({
                **{c: sa.bindparam(f"p_{c}") for c in columns},
                GEOMETRY_COLUMN: sa.bindparam("p_geom", type_=t_sites.c.geom.type),
            })
        )
        conn.execute(update, params)

    def _close_missing(self, conn: sa.Connection, run: _ImportRun, old: pd.DataFrame,
                       incoming: pd.DataFrame, report: ImportReport) -> None:
        """Report the sites open last year and missing from this file; close them if asked."""
        year = run.year
        last_year = year - 1
        opened_at = pd.to_numeric(old["opened_year"]).to_numpy(float)
        closed_at = pd.to_numeric(old["closed_year"]).to_numpy(float)  # NaN: open
        was_open = (opened_at <= last_year) & ~(closed_at <= last_year)
        absent = was_open & ~old.index.isin(incoming.index)
        missing = old[absent]
        report.missing = missing.index.tolist()
        if not (report.closed_missing and len(missing)):
            return
        to_close = missing[~(closed_at[absent] <= year)]
        for site_id, prior in zip(to_close.index, to_close["closed_year"], strict=True):
            run.note(site_id, "closed", "closed_year", prior, year)
        if len(to_close):
            t_sites = self.sites_table
            conn.execute(
                t_sites.update()
                .where(t_sites.c.site_id == sa.bindparam("p_site_id"))
                .values(closed_year=year, updated_at=run.now),
                [{"p_site_id": s} for s in to_close.index],
            )
        report.closed = len(to_close)

    def _finish_import(self, conn: sa.Connection, run: _ImportRun, report: ImportReport) -> None:
        """Write the history rows and the import's counts; the transaction commits after."""
        if run.history:
            conn.execute(self.history_table.insert(), run.history)
        self.backend.touch(conn, run.now)
        conn.execute(
            self.imports_table.update().where(self.imports_table.c.id == run.import_id).values(
                finished_at=now_text(), added=report.added, changed=report.changed,
                closed=report.closed, reopened=report.reopened, unchanged=report.unchanged,
                missing=len(report.missing),
            )
        )
        logger.info("import #%s: committing", run.import_id)

    def _incoming(self, sites: gpd.GeoDataFrame) -> pd.DataFrame:
        """Normalise and check an import: one row per site id, text as stored, x/y in WGS84."""
        if not isinstance(sites, gpd.GeoDataFrame):
            raise StoreError(N_("sites must be a GeoDataFrame with point geometry"))
        for required in ("site_id", "name", "category"):
            if required not in sites:
                raise StoreError(N_("the sites have no {column} column"), column=required)
        if sites.crs is not None and not sites.crs.equals("EPSG:4326"):
            sites = sites.to_crs("EPSG:4326")
        geoms = sites.geometry.to_numpy()
        bad_geometry = ~(shapely.get_type_id(geoms) == 0) | shapely.is_empty(geoms)
        if bad_geometry.any():
            first = sites["site_id"].iloc[int(np.flatnonzero(bad_geometry)[0])]
            raise StoreError(N_("site {value!r} has no point geometry"), value=first)
        frame = rename_extra_columns(pd.DataFrame(sites.drop(columns=sites.geometry.name)))
        frame["category"] = [
            v if v in CATEGORIES else CATEGORY_ALIASES.get(str(v).strip().casefold(), v)
            for v in frame["category"]
        ]
        frame, reasons = check_extra_columns(frame)
        unknown = ~frame["category"].isin(list(CATEGORIES))
        site_ids = frame["site_id"].map(stored_text)
        problems = [
            (site_ids.isna(), N_("a site has no site_id")),
            (site_ids.duplicated() & site_ids.notna(), N_("site_id {value!r} appears twice")),
            (frame["name"].map(stored_text).isna(), N_("site {value!r} has no name")),
            (unknown, N_("site {value!r} has an unknown category")),
            (reasons != "", N_("site {value!r}: {reason}")),
        ]
        for mask, text in problems:
            mask = mask.to_numpy(dtype=bool)
            if mask.any():
                k = int(np.flatnonzero(mask)[0])
                raise SiteRowError(text, value=site_ids.iloc[k], reason=reasons.iloc[k])
        out = pd.DataFrame(index=pd.Index(site_ids.tolist(), name="site_id"))
        for name in TEXT_FIELDS:
            values = frame[name] if name in frame else pd.Series(None, index=frame.index)
            out[name] = pd.Series([stored_text(v) for v in values], index=out.index, dtype=object)
        for name in (*INT_FIELDS, "opened_year"):
            out[name] = pd.Series(frame[name].tolist(), index=out.index, dtype=object)
        out["x"], out["y"] = shapely.get_x(geoms), shapely.get_y(geoms)
        return out
