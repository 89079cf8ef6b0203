"""
Opening hours in words, per locale: ``Mo-Su 10:00-20:00`` reads "每天 10:00-20:00" or "Daily 10:00-20:00".

The common shapes of OSM ``opening_hours`` are described: rules separated by ``;``, each an
optional day selector (weekdays, ranges, lists, ``PH``) followed by times (``09:00-12:00,14:00-18:00``)
or ``off``/``closed``, and ``24/7``. Anything else that the parser reads (months, sunrise,
comments) and anything it cannot read is shown as written, labelled as such; a site with no hours
says so. Every word comes from the catalogues (:mod:`learning_map.base.i18n`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from learning_map.base.i18n import N_, gettext

WEEKDAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
# The short weekday names, in the catalogues (Mon -> 周一, 週一, Seg).
WEEKDAY_WORDS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
_TIME = r"(?:[01][0-9]|2[0-4]):[0-5][0-9]"
_SPAN = re.compile(rf"({_TIME})-({_TIME})")
_TIMES = re.compile(rf"{_TIME}-{_TIME}(?:,{_TIME}-{_TIME})*")
_DAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su|PH)"
_DAYS = re.compile(rf"{_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*")
_CLOSED = frozenset({"off", "closed"})


@dataclass(frozen=True)
class Rule:
    """One rule: the weekdays (0 = Monday) it covers, whether it covers public holidays, its spans."""

    weekdays: tuple[int, ...]
    holidays: bool
    spans: tuple[tuple[str, str], ...]  # () = closed


def read_rules(expression: str) -> list[Rule] | None:
    """The rules of ``expression`` when it has one of the described shapes, else None (``24/7``: one all-day rule)."""
    text = expression.strip()
    if text == "24/7":
        return [Rule(tuple(range(7)), holidays=False, spans=(("00:00", "24:00"),))]
    rules = []
    for part in text.split(";"):
        rule = _read_rule(re.sub(r"\s*,\s*", ",", part.strip()))
        if rule is None:
            return None
        rules.append(rule)
    return _merged(rules) or None


def _merged(rules: list[Rule]) -> list[Rule]:
    """
    The rules as each day ends up, days with the same hours named together.

    A later rule replaces the hours of the days it names (OSM's reading); the groups run
    Monday first; public holidays join the days with their hours, or come last.
    """
    days: dict[int, tuple[tuple[str, str], ...]] = {}
    holidays: tuple[tuple[str, str], ...] | None = None
    for rule in rules:
        for day in rule.weekdays:
            days[day] = rule.spans
        if rule.holidays:
            holidays = rule.spans
    groups: dict[tuple[tuple[str, str], ...], list[int]] = {}
    for day in sorted(days):
        groups.setdefault(days[day], []).append(day)
    merged = [Rule(tuple(group), holidays=spans == holidays, spans=spans) for spans, group in groups.items()]
    if holidays is not None and holidays not in groups:
        merged.append(Rule((), holidays=True, spans=holidays))
    return merged


def _read_rule(part: str) -> Rule | None:
    words = part.split()
    if not words:
        return None
    weekdays: tuple[int, ...] = tuple(range(7))
    holidays = False
    if _DAYS.fullmatch(words[0]):
        weekdays, holidays = _read_days(words[0])
        words = words[1:]
    if len(words) != 1:
        return None
    if words[0].lower() in _CLOSED:
        return Rule(weekdays, holidays, ())
    if not _TIMES.fullmatch(words[0]):
        return None
    return Rule(weekdays, holidays, tuple(_SPAN.findall(words[0])))


def _read_days(selector: str) -> tuple[tuple[int, ...], bool]:
    days: list[int] = []
    holidays = False
    for item in selector.split(","):
        if item == "PH":
            holidays = True
            continue
        first, _, last = item.partition("-")
        start, end = WEEKDAY_CODES.index(first), WEEKDAY_CODES.index(last or first)
        days.extend((start + k) % 7 for k in range((end - start) % 7 + 1))
    return tuple(dict.fromkeys(days)), holidays


def _runs(weekdays: tuple[int, ...]) -> list[tuple[int, int]]:
    """Consecutive weekdays as (first, last) runs, Monday first."""
    runs: list[tuple[int, int]] = []
    for day in sorted(weekdays):
        if runs and runs[-1][1] == day - 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _join(items: list[str], locale: str) -> str:
    text = items[0]
    for item in items[1:]:
        # Translators: a list of weekdays or of time spans ("Mon, Wed"; 周一、周三).
        text = gettext("{items}, {item}", locale=locale, items=text, item=item)
    return text


def _days_words(rule: Rule, locale: str) -> str:
    parts = []
    for first, last in _runs(rule.weekdays):
        one = gettext(WEEKDAY_WORDS[first], locale=locale)
        if first == last:
            parts.append(one)
        elif last == first + 1:
            parts.extend([one, gettext(WEEKDAY_WORDS[last], locale=locale)])
        else:
            # Translators: a range of weekdays (Mon-Fri with an en dash; 周一至周五).
            parts.append(gettext("{first}–{last}", locale=locale, first=one,
                                 last=gettext(WEEKDAY_WORDS[last], locale=locale)))
    if rule.holidays:
        parts.append(gettext("public holidays", locale=locale))
    return _join(parts, locale)


def _rule_words(rule: Rule, locale: str) -> str:
    if rule.spans == (("00:00", "24:00"),) and len(rule.weekdays) == 7:
        return gettext("open 24 hours, every day", locale=locale)
    every_day = len(rule.weekdays) == 7  # every day includes the public holidays
    days = gettext("daily", locale=locale) if every_day else _days_words(rule, locale)
    if not rule.spans:
        return gettext("closed on {days}", locale=locale, days=days)
    times = _join([f"{begin}–{end}" for begin, end in rule.spans], locale)
    if not rule.weekdays and not rule.holidays:
        return times
    # Translators: the days of a rule and its hours (Daily 10:00-20:00; 每天 10:00-20:00).
    return gettext("{days} {times}", locale=locale, days=days, times=times)


def hours_in_words(expression: str | None, locale: str, *, readable: bool = True) -> str:
    """
    ``expression`` (OSM ``opening_hours``) in words in ``locale``.

    Parameters
    ----------
    expression
        The site's hours text; empty or None says there are none.
    locale
        A shipped locale (``zh_Hans``, ``zh_Hant``, ``en``, ``pt``).
    readable
        Whether the opening-hours parser reads it; an unreadable text, or one in a shape this
        module does not describe, is given as written with a label saying so.
    """
    text = (expression or "").strip()
    if not text:
        return gettext("No opening hours given", locale=locale)
    rules = read_rules(text) if readable else None
    if rules is None:
        return gettext("Opening hours as given: {text}", locale=locale, text=text)
    # Translators: joins the rules of one site's hours (Mon-Fri 09:00-18:00; closed on public holidays).
    words = gettext("; ", locale=locale).join(_rule_words(rule, locale) for rule in rules)
    return words[:1].upper() + words[1:]
