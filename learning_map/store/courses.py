"""Courses in the registry store: a year's courses replaced per site, in one transaction."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from learning_map.city.courses.files import COURSE_FIELDS
from learning_map.errors import N_, StoreError
from learning_map.store._common import checked_year, now_text, plain_records, result_frame, say
from learning_map.store.schema import COURSES

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd

logger = logging.getLogger(__name__)


@dataclass
class CourseImportReport:
    """What one courses import did, for one year."""

    year: int
    source: str
    sites: int
    added: int
    removed: int
    rejected: int = 0

    @property
    def summary(self) -> str:
        """What was written, in the command line's language."""
        return self.text()

    def text(self, locale: str | None = None) -> str:
        """What was written, in ``locale`` (None: the command line's language)."""
        return say(N_("Courses of {source} for {year}: {added} courses at {sites} sites "
                      "(replacing {removed}), {rejected} rows rejected"), locale,
                   source=self.source, year=self.year, added=self.added, sites=self.sites,
                   removed=self.removed, rejected=self.rejected)


class CoursesMixin:
    """RegistryStore methods for courses (migration 5)."""

    @property
    def courses_table(self) -> sa.Table:
        """The ``courses`` table."""
        return self._meta.tables[COURSES]

    def import_courses(self, courses: pd.DataFrame, *, year: int, source: str,
                       rejected: int = 0) -> CourseImportReport:
        """
        Replace ``year``'s courses of the sites in ``courses``, in one transaction.

        Sites the file does not mention keep their courses; other years are not touched.
        Importing the same file again gives the same courses.

        Parameters
        ----------
        courses
            Rows from :func:`learning_map.city.courses.files.read_courses` (columns
            :data:`~learning_map.city.courses.files.COURSE_FIELDS`).
        year
            The year the courses are offered in.
        source
            File name, kept with each course.
        rejected
            Rows the reader rejected, for the report.

        Returns
        -------
        report

        Raises
        ------
        StoreError
            A course names a site the registry does not have (nothing is written).
        """
        year = checked_year(year)
        table = self.courses_table
        site_ids = sorted({str(s) for s in courses["site_id"]})
        with self._write() as conn:
            known = {s for (s,) in conn.execute(
                sa.select(self.sites_table.c.site_id).where(self.sites_table.c.site_id.in_(site_ids)))}
            unknown = [s for s in site_ids if s not in known]
            if unknown:
                raise StoreError(N_("courses name sites the registry does not have: {choices}"),
                                 choices=tuple(unknown[:10]))
            removed = conn.execute(
                table.delete().where(table.c.year == year, table.c.site_id.in_(site_ids))
            ).rowcount
            now = now_text()
            rows = [{**row, "year": year, "source": source, "imported_at": now}
                    for row in plain_records(courses, COURSE_FIELDS)]
            if rows:
                conn.execute(table.insert(), rows)
        report = CourseImportReport(year, source, len(site_ids), len(rows), int(removed or 0),
                                    int(rejected))
        logger.info(report.summary.splitlines()[0])
        return report

    def courses(self, year: int | None = None, *, site_ids: Iterable[str] | None = None) -> pd.DataFrame:
        """
        Courses, by year, site and the order they were imported in.

        Parameters
        ----------
        year
            Only this year's courses (default: every year).
        site_ids
            Only these sites' courses.

        Returns
        -------
        courses
            Every column of the table; ``slots`` parsed into a list of
            ``{"weekday", "start", "end"}`` dicts.
        """
        table = self.courses_table
        query = sa.select(*table.c).order_by(table.c.year, table.c.site_id, table.c.id)
        if year is not None:
            query = query.where(table.c.year == checked_year(year))
        if site_ids is not None:
            query = query.where(table.c.site_id.in_([str(s) for s in site_ids]))
        with self._read() as conn:
            frame = result_frame(conn.execute(query))
        frame["slots"] = [json.loads(s) for s in frame["slots"]]
        return frame

    def course_years(self) -> list[int]:
        """Years that have courses, oldest first."""
        table = self.courses_table
        with self._read() as conn:
            return [int(y) for (y,) in conn.execute(sa.select(table.c.year).distinct().order_by(table.c.year))]
