"""Open now: opening_hours with the project's holiday calendars (hand-checked cases)."""

from __future__ import annotations

import datetime as dt

import pytest

from learning_map.city.hours import calendars, load_calendar, open_mask, state_at

WEEKDAYS = "Mo-Fr 09:00-17:00; PH off"
CN, MO = load_calendar("CN"), load_calendar("MO")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_calendars_are_read_with_every_day_of_each_block():
    assert calendars() == ["CN", "MO"]
    spring = [d for d, (zh, _en) in CN.holidays.items() if zh == "春节" and d.year == 2026]
    assert (min(spring), max(spring), len(spring)) == (dt.date(2026, 2, 15), dt.date(2026, 2, 23), 9)
    assert dt.date(2026, 2, 14) in CN.workdays  # 2 月 14 日 (周六) 上班
    assert not MO.workdays  # Macao has no make-up working days
    assert CN.timezone == "Asia/Shanghai"
    assert MO.timezone == "Asia/Macau"
    assert CN.covers(dt.date(2026, 5, 1))
    assert not CN.covers(dt.date(2031, 5, 1))


def test_ordinary_weekday_is_open_until_closing_time():
    state = state_at(WEEKDAYS, at("2026-03-02 10:00"), CN)  # a Monday
    assert state.status == "open"
    assert state.until == at("2026-03-02 17:00")
    assert state.labels(at("2026-03-02 10:00")) == {"zh": "开放中 · 至 17:00", "en": "Open until 17:00"}


def test_spring_festival_is_closed_and_says_when_it_opens_again():
    now = at("2026-02-16 10:00")  # Monday in the 2026 Spring Festival block (Feb 15-23)
    state = state_at(WEEKDAYS, now, CN)
    assert state.status == "closed"
    assert state.until == at("2026-02-24 09:00")  # the Tuesday after the block
    assert state.holiday_zh == "春节"
    labels = state.labels(now)
    assert labels["zh"] == "已关闭 · 周二 09:00 开放（春节）"
    assert labels["en"] == "Closed · opens Tue 09:00 (Spring Festival)"


def test_the_parsers_own_china_calendar_misses_the_spring_festival_block():
    # Why the project keeps its own calendars: the same moment is "open" by country="CN".
    import opening_hours

    assert opening_hours.OpeningHours(WEEKDAYS, country="CN").is_open(at("2026-02-16 10:00"))


def test_make_up_working_days_follow_the_weekday_the_calendar_names():
    # Saturday 14 Feb 2026 is a working day before the block: Monday's hours.
    assert state_at(WEEKDAYS, at("2026-02-14 10:00"), CN).status == "open"
    # Saturday 28 Feb 2026 is a working day after the block: Friday's (short) hours.
    split = "Mo-Th 09:00-17:00; Fr 09:00-12:00; PH off"
    assert state_at(split, at("2026-02-28 11:00"), CN).status == "open"
    assert state_at(split, at("2026-02-28 14:00"), CN).status == "closed"
    # Without the calendar it is an ordinary Saturday.
    assert state_at(WEEKDAYS, at("2026-02-14 10:00")).status == "closed"


def test_public_holiday_rules_give_their_own_hours_and_no_ph_rule_keeps_weekday_hours():
    national_day = at("2026-10-01 11:00")  # Thursday
    assert state_at("Mo-Fr 09:00-17:00; PH 10:00-12:00", national_day, CN).until == at("2026-10-01 12:00")
    assert state_at("Mo-Fr 09:00-17:00", national_day, CN).status == "open"  # OSM: no PH, no change
    assert state_at(WEEKDAYS, national_day, CN).status == "closed"


def test_macao_compensatory_days_are_holidays_there_only():
    easter_monday = at("2026-04-06 10:00")  # 復活節前日的補假
    assert state_at(WEEKDAYS, easter_monday, MO).status == "closed"
    assert state_at(WEEKDAYS, easter_monday, CN).status == "closed"  # 清明节 block in the mainland
    assert state_at(WEEKDAYS, at("2026-12-08 10:00"), MO).status == "closed"  # 聖母無原罪瞻禮
    assert state_at(WEEKDAYS, at("2026-12-08 10:00"), CN).status == "open"


def test_open_past_midnight_and_round_the_clock():
    late = state_at("Fr 20:00-02:00", at("2026-03-06 23:00"))  # a Friday night
    assert late.status == "open"
    assert late.until == at("2026-03-07 02:00")
    always = state_at("24/7", at("2026-03-06 23:00"))
    assert always.status == "open"
    assert always.until is None
    assert always.labels(at("2026-03-06 23:00"))["en"] == "Open"


@pytest.mark.parametrize("text", ["周一至周五 9:00-17:00", "Mo-Fr 9-5 ok?", "", None])
def test_unreadable_values_are_unknown_and_kept_as_text(text):
    state = state_at(text, at("2026-03-02 10:00"), CN)
    assert state.status == "unknown"
    assert state.text == (text or "")
    # Hours text that is not a rule points to the text; no hours at all says so (issue 20).
    expected = "See opening hours" if text else "No opening hours given"
    assert state.labels(at("2026-03-02 10:00"))["en"] == expected


def test_aware_moments_are_read_in_the_citys_time_zone():
    utc = dt.datetime(2026, 3, 2, 8, 30, tzinfo=dt.UTC)  # 16:30 in Macao
    assert state_at(WEEKDAYS, utc, MO).status == "open"
    assert state_at(WEEKDAYS, utc + dt.timedelta(hours=1), MO).status == "closed"


def test_many_sites_at_one_moment():
    statuses = open_mask([WEEKDAYS, "Sa-Su 10:00-18:00", "bad value", WEEKDAYS], at("2026-03-02 10:00"), CN)
    assert statuses == ["open", "closed", "unknown", "open"]
