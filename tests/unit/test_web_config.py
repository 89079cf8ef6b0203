"""The settings schema (learning_map/web/config.py): every form parses, every bad value is named."""

from __future__ import annotations

import datetime as dt

import pytest

from learning_map.web import config
from learning_map.web.config import SETTINGS, SettingError, apply_settings, defaults, parse_setting


@pytest.mark.parametrize("raw", [False, 0, "0", "false", "False", "FALSE", "no", "No", "off", "OFF", " off "])
def test_every_usual_spelling_of_false_is_false(raw):
    assert parse_setting("ADMIN_ENABLED", raw) is False
    assert parse_setting("PLANNER_LOGIN", raw) is False


@pytest.mark.parametrize("raw", [True, 1, "1", "true", "True", "yes", "YES", "on", "On"])
def test_every_usual_spelling_of_true_is_true(raw):
    assert parse_setting("SESSION_COOKIE_SECURE", raw) is True


def test_admin_enabled_also_takes_auto():
    for raw in ("", "auto", "AUTO", "null"):
        assert config.BY_NAME["ADMIN_ENABLED"].parse(raw) is None


@pytest.mark.parametrize("raw", ["maybe", "2", 2, "ja", "enabled", 0.5])
def test_a_boolean_that_is_neither_is_refused_with_the_expected_form(raw):
    with pytest.raises(SettingError, match=r"LEARNING_MAP_ADMIN_ENABLED: .* expected true or false .* / "):
        parse_setting("ADMIN_ENABLED", raw)


@pytest.mark.parametrize(("raw", "seconds"), [
    (3600, 3600), ("3600", 3600), ("8h", 28800), ("8H", 28800), ("30m", 1800), ("30min", 1800),
    ("90s", 90), ("1d", 86400), ("1.5h", 5400), (dt.timedelta(hours=2), 7200),
])
def test_durations(raw, seconds):
    assert parse_setting("PERMANENT_SESSION_LIFETIME", raw) == seconds


@pytest.mark.parametrize(("raw", "size"), [
    (10485760, 10485760), ("10485760", 10485760), ("10MiB", 10 * 1024**2), ("10MB", 10_000_000),
    ("10 mb", 10_000_000), ("512KiB", 512 * 1024), ("1G", 1024**3), ("2k", 2048),
])
def test_sizes(raw, size):
    assert parse_setting("MAX_CONTENT_LENGTH", raw) == size


@pytest.mark.parametrize(("name", "raw", "expected"), [
    ("LOGIN_MAX_FAILURES", 0, "whole number from 1 to 1000"),
    ("LOGIN_MAX_FAILURES", "five", "whole number from 1 to 1000"),
    ("LOGIN_MAX_FAILURES", 2.5, "whole number"),
    ("LOGIN_MAX_FAILURES", True, "whole number"),
    ("LOGIN_LOCK_SECONDS", 0, "duration like 3600, 30m, 8h or 7d, from 1 s"),
    ("LOGIN_LOCK_SECONDS", "-5", "duration"),
    ("REPORTS_PER_HOUR", 0, "whole number from 1"),
    ("MAX_CONTENT_LENGTH", "10 potatoes", "size like 10485760, 10MiB or 10MB"),
    ("MAX_CONTENT_LENGTH", "0", "size"),
    ("PERMANENT_SESSION_LIFETIME", "8 hours", "duration like"),
    ("PERMANENT_SESSION_LIFETIME", "0", "duration like"),
    ("MAX_MINUTES", "inf", "a number from 1 to 180"),
    ("SESSION_COOKIE_SAMESITE", "sometimes", "one of Lax, Strict"),
    ("TRUSTED_PROXIES", -1, "whole number from 0 to 10"),
])
def test_bad_values_name_the_variable_and_the_expected_form(name, raw, expected):
    with pytest.raises(SettingError) as caught:
        parse_setting(name, raw)
    message = str(caught.value)
    assert message.startswith(f"LEARNING_MAP_{name}: ")
    assert expected in message
    _, chinese = message.split(" / ")  # one sentence, English / 中文, after the variable's name
    assert chinese.startswith("取值")
    assert caught.value.param == f"LEARNING_MAP_{name}"
    assert "\n" not in message


def test_every_default_fits_its_own_schema_and_names_are_unique():
    assert len({s.name for s in SETTINGS}) == len(SETTINGS)
    values = defaults()
    apply_settings(values)
    assert values == defaults()
    for setting in SETTINGS:
        assert setting.help
        assert setting.name.isupper()


def test_choices_take_any_case_and_give_the_canonical_spelling():
    assert parse_setting("SESSION_COOKIE_SAMESITE", "strict") == "Strict"
    assert parse_setting("EXPORT_PAPER", "a1") == "A1"


def test_the_settings_table_lists_every_setting():
    table = config.settings_table()
    for setting in SETTINGS:
        assert f"`LEARNING_MAP_{setting.name}`" in table
