"""Errors that belong to their layer: the library names its keyword, the CLI its flag, the web its field."""

from __future__ import annotations

import pickle
import string

import click
import pytest
from click.testing import CliRunner

from learning_map.base.i18n import locales
from learning_map.base.units import check_minutes, check_profile, resolve_speed_kmh
from learning_map.city.coords import check_coordinate_system, to_wgs84
from learning_map.city.walks import MAX_WALK_MIN
from learning_map.errors import MESSAGES, N_, InputFileError, ParameterError, render, unknown_choice
from learning_map.export.print.paper import check_paper
from learning_map.export.print.qr import check_base_url
from learning_map.planning.access import parse_decay


def _sample_values(message_id: str) -> dict[str, object]:
    """A value for every field the English template of ``message_id`` uses: numbers where formatted."""
    values: dict[str, object] = {}
    for _, name, spec, _ in string.Formatter().parse(MESSAGES[message_id]):
        if name:
            values[name] = ("a", "b") if name == "choices" else (1.5 if spec else "x")
    return values


@pytest.mark.parametrize("message_id", sorted(MESSAGES))
def test_every_message_renders_in_every_locale_and_bilingual_by_default(message_id, monkeypatch):
    monkeypatch.delenv("LEARNING_MAP_LANG", raising=False)
    values = _sample_values(message_id)
    for locale in locales():
        sentence = render(message_id, values, locale)
        assert " / " not in sentence
        assert "{" not in sentence
    # Without LEARNING_MAP_LANG the command line shows English and 简体 joined.
    assert render(message_id, values).count(" / ") == 1


def test_choices_are_listed_in_each_language(monkeypatch):
    monkeypatch.delenv("LEARNING_MAP_LANG", raising=False)
    error = ParameterError("paper", message_id="paper.unknown", value="A0", choices=("A3", "A1"))
    assert error.reason == "must be one of A3, A1 / 须为 A3、A1 之一"
    assert error.text("zh_Hant") == "須為 A3、A1 之一"
    assert error.text("pt") == "deve ser um de A3, A1"
    assert str(error) == f"paper: {error.reason}"
    assert (error.param, error.parameter, error.message_id) == ("paper", "paper", "paper.unknown")
    assert error.values["value"] == "A0"
    assert error.named("--paper") == f"--paper: {error.reason}"
    monkeypatch.setenv("LEARNING_MAP_LANG", "zh-Hant")
    assert error.named("--paper") == "--paper: 須為 A3、A1 之一"


def test_a_word_inside_a_sentence_is_translated_with_it():
    error = unknown_choice("category", "pool", ["library"], what=N_("category"))
    assert error.text("zh_Hans") == "未知类别 'pool'，可选：library"
    assert error.text("pt").startswith("categoria desconhecida 'pool'")


def test_an_error_keeps_its_message_and_values_through_pickling():
    error = InputFileError(N_("the layer"), message_id=None)
    again = pickle.loads(pickle.dumps(ParameterError("paper", message_id="paper.unknown", value="A0",
                                                     choices=("A3",))))
    assert again.text("en") == "must be one of A3"
    assert (again.param, again.message_id) == ("paper", "paper.unknown")
    assert pickle.loads(pickle.dumps(error)).text("pt") == "a camada"


@pytest.mark.parametrize(("call", "param"), [
    (lambda: resolve_speed_kmh("fast"), "pace"),
    (lambda: resolve_speed_kmh(40), "pace"),
    (lambda: check_profile("bicycle"), "profile"),
    (lambda: check_minutes(0), "minutes"),
    (lambda: check_minutes(MAX_WALK_MIN + 1, high_min=MAX_WALK_MIN), "minutes"),
    (lambda: check_coordinate_system("utm50"), "coordinate_system"),
    (lambda: to_wgs84([113.5], [22.2], system="utm50"), "coordinate_system"),
    (lambda: check_paper("A0"), "paper"),
    (lambda: check_base_url("ftp://example.org"), "base_url"),
    (lambda: parse_decay("linear", 800.0), "decay"),
])
def test_a_library_error_names_the_keyword_not_a_flag(call, param):
    with pytest.raises(ParameterError) as caught:
        call()
    assert caught.value.param == param
    assert caught.value.message_id in MESSAGES
    assert not str(caught.value).startswith("-")


def test_auto_is_a_coordinate_system_only_where_allowed():
    assert check_coordinate_system("auto", auto=True) == "auto"
    with pytest.raises(ParameterError, match="wgs84, gcj02, bd09 /"):
        check_coordinate_system("auto")


def test_the_cli_shows_each_keyword_as_its_flag():
    from learning_map.cli import main
    from learning_map.cli.group import flag_for

    assert flag_for(main.commands["coverage"], "pace") == "--speed"
    assert flag_for(main.commands["access"], "walk_m") == "--minutes"
    assert flag_for(main.commands["access"], "decay") == "--decay"
    assert flag_for(main.commands["build"], "coordinate_system") == "--coords"
    assert flag_for(main.commands["import"], "coordinate_system") == "--coords"
    assert flag_for(main.commands["scorecard"], "field") == "--by"
    assert flag_for(main.commands["scorecard"], "parent_field") == "--parent"
    assert flag_for(main.commands["export"], "base_url") == "--base-url"
    assert flag_for(main.commands["walks"], "start") == "--from"
    assert flag_for(main.commands["walks"], "route") == "--route"
    # A name no option feeds is shown as it is.
    assert flag_for(main.commands["coverage"], "population") == "population"


def test_the_cli_prints_the_flag_of_a_library_error_in_a_subgroup_too():
    from learning_map.cli.group import UserErrorGroup

    @click.group(cls=UserErrorGroup)
    def cli() -> None:
        """A command line like learning-map's."""

    @cli.command()
    @click.option("--speed", default="adult")
    def walk(speed: str) -> None:
        resolve_speed_kmh(speed)

    @cli.group()
    def registry() -> None:
        """A subgroup."""

    @registry.command("load")
    @click.option("--coords", "coordinate_system", default="wgs84")
    def load(coordinate_system: str) -> None:
        check_coordinate_system(coordinate_system)

    runner = CliRunner()
    result = runner.invoke(cli, ["walk", "--speed", "fast"])
    assert result.exit_code == 1
    assert result.output.startswith("error: --speed: 'fast' is not normal, adult, elderly or a number of km/h / ")
    result = runner.invoke(cli, ["registry", "load", "--coords", "utm50"])
    assert result.exit_code == 1
    assert result.output.startswith("error: --coords: unknown coordinate system 'utm50'; use one of: ")
    assert "Traceback" not in result.output


def test_the_web_names_each_keyword_as_its_field():
    from learning_map.web.limits import field_for

    assert field_for("start") == "lon"
    assert field_for("walk_m") == "minutes"
    assert field_for("profile") == "profile"


def test_no_module_outside_the_cli_names_a_flag():
    """A library (or web) error names a keyword; only learning_map/cli/ spells flags (--minutes)."""
    import ast
    from pathlib import Path

    import learning_map

    makers = {"ParameterError", "NoMatchError", "SettingError", "no_such_field", "unknown_choice",
              "unknown_category", "check_choice"}
    package = Path(learning_map.__file__).parent
    flags = []
    for path in sorted(package.rglob("*.py")):
        if "cli" in path.relative_to(package).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in makers
                    and node.args and isinstance(node.args[0], ast.Constant)
                    and str(node.args[0].value).startswith("-")):
                flags.append(f"{path.relative_to(package)}:{node.lineno}")
    assert flags == []
