"""
Open now: OSM ``opening_hours`` evaluated with the city's own public-holiday calendar.

The parser (``opening-hours-py``) knows no Macao holidays, and its China calendar lacks the
Spring Festival block and the make-up working days (调休上班). So holidays come from the
project's versioned calendar files (``learning_map/city/calendars/*.toml``), and each day is
evaluated as what it is:

- a public holiday: the ``PH`` rules apply (the token ``PH`` is read as that day's weekday,
  so ``Mo-Fr 09:00-17:00; PH off`` is closed and ``PH 10:00-16:00`` gives its own hours);
  an expression without ``PH`` keeps its weekday hours, as OSM's convention says;
- a make-up working day: the hours of the weekday the calendar says it follows;
- any other day: the expression as written, with no holidays.

A value the parser cannot read is never an error: its state is "unknown" and the text is
shown as it is.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learning_map.base.i18n import gettext
from learning_map.city.hours_words import WEEKDAY_WORDS, hours_in_words
from learning_map.city.naming import to_simplified, to_traditional
from learning_map.city.regions import region_at
from learning_map.errors import ParameterError

if TYPE_CHECKING:
    from collections.abc import Iterable

CALENDAR_DIR = Path(__file__).with_name("calendars")
WEEKDAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_PH = re.compile(r"\bPH\b")
# "Open at": a weekday (the next one, today included) and a 24-hour clock time.
OPEN_WEEKDAYS = tuple(code.lower() for code in WEEKDAY_CODES)
OPEN_TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")
# How far ahead "opens at ..." looks: past the longest holiday block (Spring Festival, 9 days).
LOOKAHEAD_DAYS = 14


@dataclass(frozen=True)
class HolidayCalendar:
    """Public holidays and make-up working days of one region."""

    region: str
    timezone: str
    holidays: dict[dt.date, tuple[str, str]] = field(default_factory=dict)  # (name_zh, name_en)
    workdays: dict[dt.date, int] = field(default_factory=dict)  # weekday index it follows
    years: tuple[int, ...] = ()
    sources: tuple[str, ...] = ()

    def covers(self, day: dt.date) -> bool:
        """Whether the calendar lists ``day``'s year (else holidays are unknown)."""
        return day.year in self.years


NO_CALENDAR = HolidayCalendar(region="", timezone="UTC")


@cache
def load_calendar(region: str) -> HolidayCalendar:
    """
    The calendar of ``region`` ("CN", "MO") from ``learning_map/city/calendars/REGION.toml``.

    Raises
    ------
    KeyError
        When the project keeps no calendar for the region.
    """
    path = CALENDAR_DIR / f"{region.upper()}.toml"
    if not path.is_file():
        raise KeyError(region)
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    holidays: dict[dt.date, tuple[str, str]] = {}
    workdays: dict[dt.date, int] = {}
    for year in raw["years"]:
        for block in year["holidays"]:
            day, last = dt.date.fromisoformat(block["from"]), dt.date.fromisoformat(block["to"])
            while day <= last:
                holidays[day] = (block["name_zh"], block["name_en"])
                day += dt.timedelta(days=1)
        for entry in year["workdays"]:
            workdays[dt.date.fromisoformat(entry["date"])] = WEEKDAY_CODES.index(entry["follows"])
    return HolidayCalendar(
        region=raw["region"], timezone=raw["timezone"], holidays=holidays, workdays=workdays,
        years=tuple(int(y["year"]) for y in raw["years"]),
        sources=tuple(y["source"] for y in raw["years"]),
    )


def city_calendar(lon: float, lat: float) -> HolidayCalendar:
    """
    The holiday calendar and time zone of a city centred at (lon, lat).

    Macao and mainland China have calendar files; Hong Kong and Taiwan get their time
    zone with no holidays; elsewhere UTC with no holidays (open-now then reads times as
    UTC: set the city's own calendar file to change it).
    """
    found = region_at(lon, lat)
    if found is None:
        return NO_CALENDAR
    region, timezone = found
    try:
        return load_calendar(region)
    except KeyError:
        return HolidayCalendar(region=region, timezone=timezone)


def calendars() -> list[str]:
    """Regions with a calendar file."""
    return sorted(p.stem for p in CALENDAR_DIR.glob("*.toml"))


def moment_at(calendar: HolidayCalendar, day: str | None = None, clock: str | None = None, *,
              now: dt.datetime | None = None) -> dt.datetime:
    """
    The moment "open at" asks about, in the calendar's time zone (naive local time).

    Parameters
    ----------
    calendar
        The city's calendar (its time zone says what "now" is).
    day
        ``today`` (default), ``tomorrow`` or a weekday ``mo``..``su`` (the next such day,
        today included); a ParameterError naming ``open_day`` otherwise.
    clock
        ``HH:MM`` (default: now); a ParameterError naming ``open_time`` otherwise.
    now
        The present moment in local time (default: the clock's, to the minute).
    """
    if now is None:
        from zoneinfo import ZoneInfo

        now = dt.datetime.now(ZoneInfo(calendar.timezone)).replace(tzinfo=None, second=0,
                                                                     microsecond=0)
    day = (day or "today").lower()
    if day == "today":
        date = now.date()
    elif day == "tomorrow":
        date = now.date() + dt.timedelta(days=1)
    elif day in OPEN_WEEKDAYS:
        date = now.date() + dt.timedelta(days=(OPEN_WEEKDAYS.index(day) - now.weekday()) % 7)
    else:
        raise ParameterError("open_day", message_id="open_day.unknown", value=day)
    if not clock:
        return dt.datetime.combine(date, now.time())
    if not OPEN_TIME.fullmatch(clock):
        raise ParameterError("open_time", message_id="open_time.bad", value=clock)
    hour, minute = map(int, clock.split(":"))
    return dt.datetime.combine(date, dt.time(hour, minute))


@lru_cache(maxsize=4096)
def _parsed(expression: str) -> Any:
    import opening_hours

    return opening_hours.OpeningHours(expression)


def parse(expression: str | None) -> Any | None:
    """The parsed expression, or None when it is empty or cannot be read."""
    import opening_hours

    text = (expression or "").strip()
    if not text:
        return None
    try:
        return _parsed(text)
    except (opening_hours.ParserError, SyntaxError, ValueError):
        return None


def _day_rule(expression: str, day: dt.date, calendar: HolidayCalendar) -> tuple[str, dt.date]:
    """The expression to evaluate for ``day``, and the date to evaluate it on."""
    if day in calendar.workdays:
        follows = calendar.workdays[day]
        # The nearest ordinary day with that weekday (its hours are what the day follows).
        for offset in sorted(range(-7, 8), key=lambda k: (abs(k), k)):
            proxy = day + dt.timedelta(days=offset)
            if (proxy.weekday() == follows and proxy not in calendar.holidays
                    and proxy not in calendar.workdays):
                return expression, proxy
    if day in calendar.holidays:
        return _PH.sub(WEEKDAY_CODES[day.weekday()], expression), day
    return expression, day


def _open_spans(expression: str, day: dt.date,
                calendar: HolidayCalendar) -> list[tuple[dt.datetime, dt.datetime]] | None:
    """Open intervals of ``day`` (local, naive), or None when the expression is unreadable."""
    import opening_hours

    rule, proxy = _day_rule(expression, day, calendar)
    parsed = parse(rule)
    if parsed is None:
        return None
    start = dt.datetime.combine(proxy, dt.time())
    shift = dt.datetime.combine(day, dt.time()) - start
    spans = []
    for begin, end, state, _comment in parsed.intervals(start, start + dt.timedelta(days=1)):
        if state == opening_hours.State.OPEN:
            spans.append((begin + shift, end + shift))
    return spans


@dataclass(frozen=True)
class OpenState:
    """A site's state at a moment: ``open``, ``closed`` or ``unknown``, with what comes next."""

    status: str
    text: str  # the raw opening_hours value
    until: dt.datetime | None = None  # open until / closed until (local time)
    holiday_zh: str = ""
    holiday_en: str = ""

    def label(self, now: dt.datetime, locale: str) -> str:
        """The short label in ``locale``: 开放中 · 至 17:00, 已關閉 · 明天 10:00 開放, Open until 17:00."""
        when = ""
        if self.until is not None:
            clock = self.until.strftime("%H:%M")
            if self.until.date() == now.date():
                when = clock
            elif self.until.date() == now.date() + dt.timedelta(days=1):
                when = gettext("tomorrow {time}", locale=locale, time=clock)
            else:
                weekday = gettext(WEEKDAY_WORDS[self.until.weekday()], locale=locale)
                # Translators: a weekday and a time (Mon 10:00; 周一 10:00).
                when = gettext("{weekday} {time}", locale=locale, weekday=weekday, time=clock)
        if self.status == "open":
            text = gettext("Open until {time}", locale=locale, time=when) if when else gettext("Open", locale=locale)
        elif self.status == "closed":
            text = (gettext("Closed · opens {time}", locale=locale, time=when) if when
                    else gettext("Closed", locale=locale))
        elif self.text:
            text = gettext("See opening hours", locale=locale)  # hours text that is not a rule
        else:
            text = gettext("No opening hours given", locale=locale)
        # A calendar names its holidays in one Chinese script (Macau's in 繁體): said in the page's.
        holiday = ((to_simplified if locale == "zh_Hans" else to_traditional)(self.holiday_zh)
                   if locale.startswith("zh") and self.holiday_zh else self.holiday_en)
        if holiday:
            # Translators: the state on a public holiday, the holiday's name in brackets.
            text = gettext("{state} ({holiday})", locale=locale, state=text, holiday=holiday)
        return text

    def labels(self, now: dt.datetime) -> dict[str, str]:
        """Short labels in simplified Chinese (``zh``) and English (``en``), as older clients read them."""
        return {"zh": self.label(now, "zh_Hans"), "en": self.label(now, "en")}

    def as_dict(self, now: dt.datetime, locale: str | None = None) -> dict[str, str | None]:
        """
        The state as the API gives it: ``status``, the :meth:`labels` and ``until`` (ISO, minutes).

        With ``locale``, also ``label`` (the state in that locale) and ``hours`` (the opening
        hours in words, :func:`~learning_map.city.hours_words.hours_in_words`).
        """
        out: dict[str, str | None] = {"status": self.status, **self.labels(now),
                                      "until": self.until.isoformat(timespec="minutes") if self.until else None}
        if locale is not None:
            out["label"] = self.label(now, locale)
            out["hours"] = self.hours_words(locale)
        return out

    def hours_words(self, locale: str) -> str:
        """The site's opening hours in words in ``locale`` (see :func:`hours_text`)."""
        return hours_text(self.text, locale)


def hours_text(expression: str | None, locale: str) -> str:
    """
    Opening hours in words in ``locale``: "每天 10:00-20:00", "Daily 10:00-20:00".

    A value the parser cannot read is given as written, labelled as such; no value says so.
    """
    text = (expression or "").strip()
    return hours_in_words(text, locale, readable=not text or parse(text) is not None)


def state_at(expression: str | None, when: dt.datetime, calendar: HolidayCalendar = NO_CALENDAR) -> OpenState:
    """
    Whether a site with ``opening_hours`` = ``expression`` is open at ``when``.

    Parameters
    ----------
    expression
        OSM ``opening_hours`` text (may be empty or unreadable: then ``unknown``).
    when
        The moment, in the city's local time (an aware datetime is converted to the
        calendar's time zone first).
    calendar
        The region's public holidays and make-up working days.

    Returns
    -------
    OpenState
    """
    text = (expression or "").strip()
    local = _local(when, calendar)
    holiday = calendar.holidays.get(local.date(), ("", ""))
    today = _open_spans(text, local.date(), calendar) if text else None
    if today is None:
        return OpenState("unknown", text, holiday_zh=holiday[0], holiday_en=holiday[1])
    for begin, end in today:
        if begin <= local < end:
            return OpenState("open", text, _open_until(text, end, calendar), *holiday)
    for offset in range(LOOKAHEAD_DAYS + 1):
        day = local.date() + dt.timedelta(days=offset)
        spans = today if offset == 0 else _open_spans(text, day, calendar) or []
        for begin, _end in spans:
            if begin > local:
                return OpenState("closed", text, begin, *holiday)
    return OpenState("closed", text, None, *holiday)


def _open_until(text: str, end: dt.datetime, calendar: HolidayCalendar) -> dt.datetime | None:
    """The end of an open spell that may run past midnight; None if it outlasts the look-ahead."""
    limit = end + dt.timedelta(days=LOOKAHEAD_DAYS)
    while end.time() == dt.time():
        if end >= limit:
            return None  # 24/7, or open for weeks: no closing time worth showing
        spans = _open_spans(text, end.date(), calendar) or []
        following = next((e for b, e in spans if b == end), None)
        if following is None:
            break
        end = following
    return end


def _local(when: dt.datetime, calendar: HolidayCalendar) -> dt.datetime:
    if when.tzinfo is None:
        return when
    from zoneinfo import ZoneInfo

    return when.astimezone(ZoneInfo(calendar.timezone)).replace(tzinfo=None)


def states_at(expressions: Iterable[str | None], when: dt.datetime,
              calendar: HolidayCalendar = NO_CALENDAR) -> dict[str, OpenState]:
    """:func:`state_at` of each distinct (stripped) text, evaluated once however many sites share it."""
    states: dict[str, OpenState] = {}
    for text in expressions:
        key = (text or "").strip()
        if key not in states:
            states[key] = state_at(key, when, calendar)
    return states


def open_mask(expressions: list[str], when: dt.datetime,
              calendar: HolidayCalendar = NO_CALENDAR) -> list[str]:
    """:func:`state_at` status of many sites at one moment (``open``/``closed``/``unknown``)."""
    states = states_at(expressions, when, calendar)
    return [states[(text or "").strip()].status for text in expressions]
