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

from learning_map.base.i18n import N_
from learning_map.city.naming import to_simplified

WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
WEEKDAY_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
WEEKDAY_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TIMES_OF_DAY = ("morning", "afternoon", "evening")
# Start times (minutes after midnight) where the afternoon and the evening begin.
AFTERNOON_FROM_MIN = 12 * 60
EVENING_FROM_MIN = 18 * 60
AUDIENCES = ("all", "elderly", "youth")
# Each audience in Chinese and English; the English is also its message id in the catalogues.
AUDIENCE_LABELS = {"all": ("全年龄", N_("All ages")), "elderly": ("老年人", N_("Older people")),
                   "youth": ("青少年", N_("Young people"))}
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


class ScheduleError(ValueError):
    """A course's time slots, audience or date cannot be read (the reason is the message)."""


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
            msg = f"{part!r} is not a weekday / 无法识别星期"
            raise ScheduleError(msg)
    if not days:
        msg = "no weekday / 缺少星期"
        raise ScheduleError(msg)
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
        msg = "missing time slots / 缺少上课时间"
        raise ScheduleError(msg)
    slots: list[dict[str, str]] = []
    for part in _SLOT_SPLIT.split(_normal(text)):
        if not part:
            continue
        match = _SLOT.match(part)
        if not match:
            msg = f"time slot {part!r} is not like 周二 09:00-11:00 / 上课时间格式应如 周二 09:00-11:00"
            raise ScheduleError(msg)
        h1, m1, h2, m2 = (int(match.group(i)) for i in range(2, 6))
        if not (h1 < 24 and m1 < 60 and (h2, m2) <= (24, 0) and m2 < 60):
            msg = f"time slot {part!r} has an impossible time / 时间无效"
            raise ScheduleError(msg)
        if (h2, m2) <= (h1, m1):
            msg = f"time slot {part!r} ends before it starts / 结束时间早于开始时间"
            raise ScheduleError(msg)
        for day in _day_list(match.group("days")):
            slots.append({"weekday": WEEKDAYS[day], "start": f"{h1:02d}:{m1:02d}",
                          "end": f"{h2:02d}:{m2:02d}"})
    if not slots:
        msg = "missing time slots / 缺少上课时间"
        raise ScheduleError(msg)
    return slots


def time_of_day(start: str) -> str:
    """``morning``, ``afternoon`` or ``evening`` for a slot starting at ``start`` (``HH:MM``)."""
    hours, minutes = (int(part) for part in start.split(":"))
    begins_min = hours * 60 + minutes
    if begins_min < AFTERNOON_FROM_MIN:
        return "morning"
    return "afternoon" if begins_min < EVENING_FROM_MIN else "evening"


def slot_label(slot: dict[str, str], lang: str = "zh") -> str:
    """``周二 09:00-11:00`` or ``Tue 09:00-11:00`` (with an en dash)."""
    names = WEEKDAY_EN if lang == "en" else WEEKDAY_ZH
    return f"{names[WEEKDAYS.index(slot['weekday'])]} {slot['start']}–{slot['end']}"


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
        msg = f"audience {value!r} is not all, elderly or youth (全年龄/老年/青少年) / 对象无法识别"
        raise ScheduleError(msg)
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
    msg = f"{value!r} is not a date (YYYY-MM-DD) / 日期无效"
    raise ScheduleError(msg)


def is_enrolling(start: dt.date | None, end: dt.date | None, today: dt.date) -> bool:
    """
    Whether enrolment is open on ``today``: from ``start`` to ``end``, both days included.

    A window with only an end is open until then, with only a start from then on; a course
    with neither is not counted as enrolling (nobody said it is).
    """
    if start is None and end is None:
        return False
    return (start is None or start <= today) and (end is None or today <= end)
