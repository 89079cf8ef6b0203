"""
What a course row says about when and for whom: time slots, weekdays, audience, dates.

One rule each, used by the registry reader, the store and the API filters:

- **Time slots**: ``"周二 09:00-11:00; Thu 14:00-16:00"``: slots separated by ``;``
  (or its full-width form, or a line break), each one or more weekdays (周一..周日, 星期一,
  礼拜一, 週一, Mo/Mon/Monday...; lists with ``、 , / &``; ranges ``周一至周五``, ``Mo-Fr``)
  and a time range ``HH:MM-HH:MM`` (also with a tilde, a dash, 至, or full-width colons).
  Each slot becomes
  ``{"weekday": "tu", "start": "09:00", "end": "11:00"}``, one per weekday.
- **Time of day** of a slot, by its start: ``morning`` before 12:00, ``afternoon`` from
  12:00 to before 18:00, ``evening`` from 18:00.
- **Audience**: ``all`` (全年龄, 不限, blank), ``elderly`` (老年, 长者, 乐龄 ...) or ``youth``
  (青少年, 少儿, 儿童 ...).
- **Dates**: ``2026-03-01``, ``2026/3/1``, ``2026.3.1``, ``2026年3月1日`` or a spreadsheet date.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from learning_map.base.i18n import gettext
from learning_map.base.problems import Problem
from learning_map.city.hours_words import WEEKDAY_WORDS
from learning_map.city.naming import to_simplified
from learning_map.errors import N_, Term

WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
TIMES_OF_DAY = ("morning", "afternoon", "evening")
# Start times (minutes after midnight) where the afternoon and the evening begin.
AFTERNOON_FROM_MIN = 12 * 60
EVENING_FROM_MIN = 18 * 60
AUDIENCES = ("all", "elderly", "youth")
# Each audience's name, in the catalogues (audience_label says it in a locale).
AUDIENCE_LABELS = {"all": N_("All ages"), "elderly": N_("Older people"), "youth": N_("Young people")}
# The locale of the API's older ``_zh``/``_en`` label fields.
LABEL_LOCALES = {"zh": "zh_Hans", "en": "en"}
_AUDIENCE_WORDS = {
    "all": ("all", "all ages", "everyone", "全年龄", "全部", "不限", "所有人", "面向全体", "市民", "成人"),
    "elderly": ("elderly", "senior", "seniors", "older people", "老年", "老年人", "长者", "老人", "乐龄",
                "中老年", "退休人员"),
    "youth": ("youth", "young people", "children", "kids", "teen", "teens", "青少年", "少儿", "儿童",
              "学生", "青年", "亲子"),
}

_DAY_WORDS: dict[str, int] = {}
for _index, _code in enumerate(WEEKDAYS):
    _zh = "一二三四五六日"[_index]
    for _prefix in ("周", "週", "星期", "礼拜", "禮拜"):
        _DAY_WORDS[_prefix + _zh] = _index
    _en = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")[_index]
    for _word in (_code, _en, _en[:3], _en[:4] if _index in (1, 3) else _en[:3]):
        _DAY_WORDS[_word] = _index
for _prefix in ("周", "週", "星期", "礼拜", "禮拜"):
    _DAY_WORDS[_prefix + "天"] = 6
    _DAY_WORDS[_prefix + "七"] = 6
_DAY_PATTERN = "|".join(sorted((re.escape(w) for w in _DAY_WORDS), key=len, reverse=True))
_DASH = r"(?:-|–|—|~|～|至|到|to)"
_DAY_RANGE = re.compile(rf"^({_DAY_PATTERN})\s*{_DASH}\s*({_DAY_PATTERN})$")
_DAY_SPLIT = re.compile(r"\s*(?:、|,|，|/|&|和|及|and)\s*")
_TIME = r"([0-9]{1,2})[:：.]([0-9]{2})"
_SLOT = re.compile(rf"^(?P<days>.*?)\s*{_TIME}\s*{_DASH}\s*{_TIME}$")
_SLOT_SPLIT = re.compile(r"\s*(?:;|；|\n|\r)\s*")
# A bare Chinese weekday after a full one, as in 周二、四 or 周一至五.
_BARE_ZH_DAY = re.compile(r"(?<![周週期拜])([一二三四五六日天])")


class ScheduleError(Problem):
    """A course's time slots, audience or date cannot be read (the reason is the message, with its values)."""


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _day_list(text: str) -> list[int]:
    """Weekday indexes (0 = Monday) of ``周二、周四``, ``Mo-Fr``, ``周一至五`` ..."""
    text = text.strip()
    prefix = next((p for p in ("星期", "礼拜", "禮拜", "周", "週") if text.startswith(p)), "周")
    # "周二、四" and "周一至五": a bare numeral after the first day borrows its prefix.
    text = _BARE_ZH_DAY.sub(lambda m: prefix + m.group(1), text)
    days: list[int] = []
    for part in _DAY_SPLIT.split(text):
        if not part:
            continue
        span = _DAY_RANGE.match(part)
        if span:
            first, last = _DAY_WORDS[span.group(1)], _DAY_WORDS[span.group(2)]
            days.extend(range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)])
        elif part in _DAY_WORDS:
            days.append(_DAY_WORDS[part])
        else:
            raise ScheduleError(N_("{value!r} is not a weekday"), value=part)
    if not days:
        raise ScheduleError(N_("no weekday"))
    return list(dict.fromkeys(days))


def parse_slots(text: Any) -> list[dict[str, str]]:
    """
    Time slots of a course, one per weekday, in the order written.

    Parameters
    ----------
    text
        ``"周二 09:00-11:00; Thu 14:00-16:00"`` (see the module docstring).

    Returns
    -------
    slots
        ``[{"weekday": "tu", "start": "09:00", "end": "11:00"}, ...]``.

    Raises
    ------
    ScheduleError
        Blank text, an unknown weekday, a missing or impossible time, or an end not after its start.
    """
    if not isinstance(text, str) or not text.strip():
        raise ScheduleError(N_("missing time slots"))
    slots: list[dict[str, str]] = []
    for part in _SLOT_SPLIT.split(_normal(text)):
        if not part:
            continue
        match = _SLOT.match(part)
        if not match:
            raise ScheduleError(N_("time slot {value!r} is not like {example}"), value=part,
                                example=Term(N_("Tue 09:00-11:00")))
        h1, m1, h2, m2 = (int(match.group(i)) for i in range(2, 6))
        if not (h1 < 24 and m1 < 60 and (h2, m2) <= (24, 0) and m2 < 60):
            raise ScheduleError(N_("time slot {value!r} has an impossible time"), value=part)
        if (h2, m2) <= (h1, m1):
            raise ScheduleError(N_("time slot {value!r} ends before it starts"), value=part)
        for day in _day_list(match.group("days")):
            slots.append({"weekday": WEEKDAYS[day], "start": f"{h1:02d}:{m1:02d}",
                          "end": f"{h2:02d}:{m2:02d}"})
    if not slots:
        raise ScheduleError(N_("missing time slots"))
    return slots


def time_of_day(start: str) -> str:
    """``morning``, ``afternoon`` or ``evening`` for a slot starting at ``start`` (``HH:MM``)."""
    hours, minutes = (int(part) for part in start.split(":"))
    begins_min = hours * 60 + minutes
    if begins_min < AFTERNOON_FROM_MIN:
        return "morning"
    return "afternoon" if begins_min < EVENING_FROM_MIN else "evening"


def slot_label(slot: dict[str, str], lang: str = "zh") -> str:
    """``Tue 09:00-11:00`` (with an en dash) in a locale (``zh_Hant``, ``pt``; ``zh`` and ``en`` as before)."""
    locale = LABEL_LOCALES.get(lang, lang)
    day = gettext(WEEKDAY_WORDS[WEEKDAYS.index(slot["weekday"])], locale=locale)
    return f"{day} {slot['start']}–{slot['end']}"


def audience_label(key: str, lang: str = "zh") -> str:
    """The name of audience ``key`` (``all``, ``elderly``, ``youth``) in a locale (``zh`` and ``en`` as before)."""
    return gettext(AUDIENCE_LABELS[key], locale=LABEL_LOCALES.get(lang, lang))


_AUDIENCE_LOOKUP = {_normal(w): key for key, words in _AUDIENCE_WORDS.items() for w in words}


def parse_audience(value: Any) -> str:
    """``all``, ``elderly`` or ``youth``; blank means all ages."""
    if value is None or (isinstance(value, float) and value != value):
        return "all"
    text = _normal(str(value))
    if not text:
        return "all"

    key = _AUDIENCE_LOOKUP.get(text) or _AUDIENCE_LOOKUP.get(_normal(to_simplified(str(value))))
    if key is None:
        raise ScheduleError(N_("audience {value!r} is not all, elderly or youth"), value=value)
    return key


_DATE = re.compile(r"^([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?$")


def parse_date(value: Any) -> dt.date | None:
    """A date from text or a spreadsheet cell; None for blank."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    text = re.sub(r"[ T]00:00(:00)?$", "", text)  # a date cell written out as text
    match = _DATE.match(text)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise ScheduleError(N_("{value!r} is not a date (YYYY-MM-DD)"), value=value)


def is_enrolling(start: dt.date | None, end: dt.date | None, today: dt.date) -> bool:
    """
    Whether enrolment is open on ``today``: from ``start`` to ``end``, both days included.

    A window with only an end is open until then, with only a start from then on; a course
    with neither is not counted as enrolling (nobody said it is).
    """
    if start is None and end is None:
        return False
    return (start is None or start <= today) and (end is None or today <= end)
