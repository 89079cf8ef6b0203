"""
A city's courses of one year in memory, and the one rule for "a course matches the filter".

A course matches a :class:`CourseFilter` when its category is one of ``categories``, it is
open to ``audience`` (a course for all ages is open to everyone; ``audience="all"`` asks
for all-age courses only), one of its time slots falls on one of ``weekdays`` *and* in one
of ``times_of_day`` (the same slot: "Tuesday morning" is a Tuesday slot that starts in the
morning), and, with ``enrolling``, enrolment is open on the given day.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from learning_map.city.courses.schedule import (
    audience_label,
    is_enrolling,
    slot_label,
    time_of_day,
)
from learning_map.city.courses.taxonomy import Taxonomy, default_taxonomy
from learning_map.city.hours import city_calendar
from learning_map.city.regions import centre
from learning_map.errors import ParameterError

if TYPE_CHECKING:
    from collections.abc import Iterable

    import numpy.typing as npt

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CourseFilter:
    """What a citizen asks for; None (or empty) means any."""

    categories: tuple[str, ...] | None = None
    audience: str | None = None
    weekdays: tuple[str, ...] | None = None
    times_of_day: tuple[str, ...] | None = None
    enrolling: bool = False

    @property
    def active(self) -> bool:
        """Whether any course filter is set (else sites are not filtered by courses)."""
        return bool(self.categories or self.audience or self.weekdays or self.times_of_day
                    or self.enrolling)


def city_timezone(bounds: tuple[float, float, float, float]) -> str:
    """
    The city's time zone, by the rule the open-now answers use (one rule, one place).

    :func:`learning_map.city.hours.city_calendar` at the centre of ``bounds`` (west, south, east,
    north in degrees): the time zone of the city's holiday calendar (Asia/Macau,
    Asia/Shanghai ...), UTC where the project keeps none.
    """
    return city_calendar(*centre(bounds)).timezone


def local_today(timezone: str) -> dt.date:
    """Today's date in ``timezone``."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(timezone)).date()


class CourseCatalogue:
    """
    The courses of one year, grouped by site, with the taxonomy for their labels.

    A city's catalogue from its registry store: :func:`learning_map.store.catalogue.catalogue_from_store`.

    Parameters
    ----------
    courses
        Rows as :meth:`learning_map.store.RegistryStore.courses` returns them (``slots``
        parsed).
    taxonomy
        For the categories' labels (default: the built-in taxonomy).
    year
        The year the courses are offered in (None when there are none).
    timezone
        The city's time zone: "enrolling" is judged on today's date there.
    """

    def __init__(self, courses: pd.DataFrame, *, taxonomy: Taxonomy | None = None,
                 year: int | None = None, timezone: str = "UTC") -> None:
        self.taxonomy = taxonomy or default_taxonomy()
        self.year = year
        self.timezone = timezone
        # Everything but "enrolling" is worked out once here, so a request only filters and copies.
        self.by_site: dict[str, list[_Offer]] = {}
        for row in courses.to_dict(orient="records"):
            self.by_site.setdefault(str(row["site_id"]), []).append(self._offer(row))

    @classmethod
    def empty(cls, *, taxonomy: Taxonomy | None = None, timezone: str = "UTC") -> CourseCatalogue:
        """A city without courses."""
        return cls(pd.DataFrame(columns=["site_id"]), taxonomy=taxonomy, timezone=timezone)

    def categories_offered(self) -> list[str]:
        """The course categories at least one course is in, in the taxonomy's order."""
        offered = {offer.category for offers in self.by_site.values() for offer in offers}
        return [key for key in self.taxonomy.keys if key in offered]

    def __len__(self) -> int:  # noqa: D105
        return sum(len(c) for c in self.by_site.values())

    def today(self) -> dt.date:
        """Today in the city's time zone."""
        return local_today(self.timezone)

    @staticmethod
    def _matches(offer: _Offer, wanted: CourseFilter, today: dt.date) -> bool:
        """Whether one course matches the filter (see the module docstring)."""
        if wanted.categories and offer.category not in wanted.categories:
            return False
        if wanted.audience and offer.audience not in (wanted.audience, "all"):
            return False
        if wanted.enrolling and not is_enrolling(offer.start, offer.end, today):
            return False
        if wanted.weekdays or wanted.times_of_day:
            return any(
                (not wanted.weekdays or weekday in wanted.weekdays)
                and (not wanted.times_of_day or part in wanted.times_of_day)
                for weekday, part in offer.slots
            )
        return True

    @staticmethod
    def _shown(offer: _Offer, today: dt.date) -> dict[str, Any]:
        record = dict(offer.record)
        record["enrolling"] = is_enrolling(offer.start, offer.end, today)
        return record

    def matching(self, wanted: CourseFilter, *, today: dt.date | None = None,
                 site_ids: Iterable[str] | None = None) -> dict[str, list[dict[str, Any]]]:
        """
        Site id to its matching courses (as :meth:`record`), for sites with at least one.

        Parameters
        ----------
        wanted
            The filter.
        today
            The day "enrolling" is judged on (default: today in the city's time zone).
        site_ids
            Only these sites.
        """
        today = today or self.today()
        sites = self.by_site if site_ids is None else {s: self.by_site.get(s, []) for s in site_ids}
        out = {}
        for site_id, offers in sites.items():
            found = [self._shown(o, today) for o in offers if self._matches(o, wanted, today)]
            if found:
                out[site_id] = found
        return out

    def matching_filter(self, wanted: CourseFilter | None) -> dict[str, list[dict[str, Any]]] | None:
        """:meth:`matching` for ``wanted``, or None when no course filter is set (sites are then not filtered)."""
        if wanted is None or not wanted.active:
            return None
        return self.matching(wanted)

    def site_courses(self, site_id: str, *, today: dt.date | None = None) -> list[dict[str, Any]]:
        """Every course of one site (as :meth:`record`), those open for enrolment first."""
        today = today or self.today()
        records = [self._shown(o, today) for o in self.by_site.get(str(site_id), [])]
        return sorted(records, key=lambda r: not r["enrolling"])

    def record(self, course: dict[str, Any], today: dt.date) -> dict[str, Any]:
        """One course (a store row) as the API and the pages show it: plain JSON values, labels in zh and en."""
        return self._shown(self._offer(course), today)

    def _offer(self, course: dict[str, Any]) -> _Offer:
        category = course["category"]
        record = {
            "name": course["name"], "name_en": _plain(course.get("name_en")),
            "category": category, "category_zh": self.taxonomy.label(category, "zh"),
            "category_en": self.taxonomy.label(category, "en"),
            "audience": course["audience"], "audience_zh": audience_label(course["audience"], "zh"),
            "audience_en": audience_label(course["audience"], "en"),
            "term": _plain(course.get("term")),
            "enrol_start": _plain(course.get("enrol_start")), "enrol_end": _plain(course.get("enrol_end")),
            "enrolling": None,  # set per request: it depends on the day
            "schedule": course["schedule"],
            "slots": [{**slot, "time_of_day": time_of_day(slot["start"]),
                       "label_zh": slot_label(slot, "zh"), "label_en": slot_label(slot, "en")}
                      for slot in course["slots"]],
            "seats": None if _plain(course.get("seats")) is None else int(course["seats"]),
            "fee": None if _plain(course.get("fee")) is None else float(course["fee"]),
            "enrol_phone": _plain(course.get("enrol_phone")),
            "enrol_url": _plain(course.get("enrol_url")),
        }
        return _Offer(record, category, course["audience"], _date(course.get("enrol_start")),
                      _date(course.get("enrol_end")),
                      tuple((slot["weekday"], slot["time_of_day"]) for slot in record["slots"]))


@dataclass(frozen=True)
class _Offer:
    """One course, prepared once: its record without ``enrolling``, and what filters look at."""

    record: dict[str, Any]
    category: str
    audience: str
    start: dt.date | None
    end: dt.date | None
    slots: tuple[tuple[str, str], ...]  # (weekday, time of day) of each slot


def _plain(value: Any) -> Any:
    """None for missing values (None, NaN, NA), the value otherwise."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value


def _date(value: Any) -> dt.date | None:
    value = _plain(value)
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def offering_mask(site_ids: Iterable[str], catalogue: CourseCatalogue,
                  categories: Iterable[str]) -> npt.NDArray[np.bool_]:
    """Which sites (by id, in order) offer at least one course in ``categories`` (keys)."""
    wanted = CourseFilter(categories=tuple(categories))
    offered = catalogue.matching(wanted, today=dt.date(2000, 1, 1))  # no date filter: any day
    return np.array([str(s) in offered for s in site_ids], dtype=bool)


def offering_rows(site_ids: Any, matches: dict[str, list[dict[str, Any]]]) -> npt.NDArray[np.bool_]:
    """Which sites (a Series of ids, in order) have a course in ``matches`` (:meth:`CourseCatalogue.matching`)."""
    return site_ids.astype(str).isin(matches).to_numpy()


def resolve_categories(values: Iterable[str], taxonomy: Taxonomy, *,
                       parameter: str = "--course-category") -> list[str]:
    """Course category keys from keys or labels (书画, 書畫, Calligraphy & painting); ParameterError else."""
    keys = []
    for value in values:
        key = taxonomy.resolve(value)
        if key is None:
            shown = ", ".join(f"{c.key} ({c.zh})" for c in taxonomy.categories.values())
            raise ParameterError(parameter, message_id="course_category.unknown", value=value, choices=shown)
        keys.append(key)
    return keys
