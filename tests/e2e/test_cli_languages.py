"""The command line in each language LEARNING_MAP_LANG names: one script a run, its words from the catalogues."""

from __future__ import annotations

import json
import re

import pytest

from learning_map.bundle.core import load_bundle
from tests.opencc_sets import simplified_only

pytestmark = pytest.mark.slow

CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


def said(runner, monkeypatch, lang: str | None, *args: str) -> str:
    """The output of ``learning-map ARGS`` with LEARNING_MAP_LANG=lang (None: unset)."""
    if lang is None:
        monkeypatch.delenv("LEARNING_MAP_LANG", raising=False)
    else:
        monkeypatch.setenv("LEARNING_MAP_LANG", lang)
    result = runner.invoke(list(args))
    assert result.exit_code == 0, result.output
    return result.output


def interface(text: str, *data: str) -> str:
    """``text`` without the data names it shows (the city's name as built): its interface words only."""
    for name in data:
        text = text.replace(name, "")
    return text


@pytest.fixture(scope="module")
def commands(macau_bundle) -> list[list[str]]:
    city = str(macau_bundle)
    return [["coverage", city, "--minutes", "5,15"],
            ["recommend", city, "--category", "library", "--k", "2"]]


@pytest.fixture(scope="module")
def city_name(macau_bundle) -> str:
    return load_bundle(macau_bundle).name


def test_zh_hant_has_no_simplified_character(runner, monkeypatch, commands, city_name):
    for args in commands:
        text = interface(said(runner, monkeypatch, "zh-Hant", *args), city_name)
        wrong = sorted({ch for ch in text if ch in simplified_only()})
        assert not wrong, f"{args[0]}: simplified characters {wrong} in\n{text}"
        assert "類別" in text or "居民" in text, text  # the headings are Chinese
        assert " / " not in text.replace("Seats/1,000", "")  # one language


def test_portuguese_has_no_chinese_outside_the_data(runner, monkeypatch, commands, city_name):
    coverage = interface(said(runner, monkeypatch, "pt", *commands[0]), city_name)
    assert not CJK.search(coverage), coverage
    assert "Categoria" in coverage
    assert "Biblioteca" in coverage  # the category names in Portuguese
    assert "a pé a 4.8 km/h" in coverage  # the numbers stay machine-readable
    recommend = interface(said(runner, monkeypatch, "pt", *commands[1]), city_name)
    assert not CJK.search(recommend), recommend
    assert "residentes abrangidos agora" in recommend


def test_english_has_no_chinese_outside_the_data(runner, monkeypatch, commands, city_name):
    for args in commands:
        text = interface(said(runner, monkeypatch, "en", *args), city_name)
        assert not CJK.search(text), text


def test_unset_is_english_and_simplified_chinese(runner, monkeypatch, commands, city_name):
    coverage = said(runner, monkeypatch, None, *commands[0])
    first = coverage.splitlines()[0]
    assert f"{city_name}: walking at 4.8 km/h / {city_name}：步行速度 4.8 公里/小时" == first
    assert "Category / 类别" in coverage
    assert "Library / 图书馆" in coverage
    words = interface(coverage, city_name)
    assert not any(ch in words for ch in "類別區書館長")  # the Chinese half is simplified


@pytest.mark.parametrize(("lang", "line"), [
    ("zh-Hant", "錯誤：--minutes: 'x' 應為以逗號分隔的數字"),
    ("zh-Hans", "错误：--minutes: 'x' 应为以逗号分隔的数字"),
    ("pt", "erro: --minutes: 'x' não é uma lista de números"),
    ("en", "error: --minutes: 'x' is not a list of numbers"),
    (None, "error: --minutes: 'x' is not a list of numbers / 'x' 应为以逗号分隔的数字"),
])
def test_a_mistake_is_said_in_the_chosen_language(runner, monkeypatch, tmp_path, lang, line):
    if lang is None:
        monkeypatch.delenv("LEARNING_MAP_LANG", raising=False)
    else:
        monkeypatch.setenv("LEARNING_MAP_LANG", lang)
    result = runner.invoke(["coverage", str(tmp_path), "--minutes", "x"])
    assert result.exit_code == 1
    assert result.output.strip() == line


def test_walk_stops_are_named_in_the_chosen_script(runner, monkeypatch, macau_bundle, city_name):
    args = ["walks", str(macau_bundle), "--from", "113.5395,22.1934", "--minutes", "30"]
    monkeypatch.setenv("LEARNING_MAP_LANG", "pt")
    first = json.loads(runner.invoke([*args, "--json"]).output)["stops"][0]
    portuguese = said(runner, monkeypatch, "pt", *args)
    assert first["names"]["pt"] in portuguese
    assert "Paragem" in portuguese
    simplified = said(runner, monkeypatch, "zh-Hans", *args)
    assert first["names"]["zh-Hans"] in simplified
    traditional = interface(said(runner, monkeypatch, "zh-Hant", *args), city_name)
    assert not {ch for ch in traditional if ch in simplified_only()}, traditional


@pytest.mark.parametrize(("lang", "html_lang"), [(None, "zh-Hant"), ("pt", "pt"), ("zh-Hans", "zh-Hans")])
def test_a_written_map_speaks_lang_not_the_command_lines_language(runner, monkeypatch, macau_bundle, tmp_path,
                                                                    lang, html_lang):
    """--lang chooses what the map is written in (default: Macau's 繁體); LEARNING_MAP_LANG only the messages."""
    monkeypatch.setenv("LEARNING_MAP_LANG", "en")
    out = tmp_path / "map.html"
    result = runner.invoke(["map", str(macau_bundle), "--out", str(out), *(["--lang", lang] if lang else [])])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Wrote ")
    assert f'<html lang="{html_lang}">' in out.read_text(encoding="utf-8")


def test_an_unknown_product_language_names_the_flag(runner, monkeypatch, macau_bundle, tmp_path):
    monkeypatch.setenv("LEARNING_MAP_LANG", "pt")
    result = runner.invoke(["map", str(macau_bundle), "--out", str(tmp_path / "m.html"), "--lang", "xx"])
    assert result.exit_code == 1
    assert result.output.startswith("erro: --lang: ")
