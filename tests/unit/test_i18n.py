"""
Message catalogues (issue 20): locale negotiation, translated and plural messages, numbers, the
command line's language, opening hours in words per locale, and the catalogues themselves
(every message translated, the committed .mo compiled from the .po as it is now, the .po
holding exactly the messages the code asks for), and that a fifth locale is a .po and one line.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from learning_map.base import i18n
from learning_map.base.i18n import Catalogues, cli_text, format_number, gettext, negotiate
from learning_map.city.courses.taxonomy import extract_messages as extract_taxonomy_messages
from learning_map.city.hours import state_at
from learning_map.city.hours_words import hours_in_words
from learning_map.planning.standard_files import extract_messages as extract_standard_messages

REPO = Path(__file__).resolve().parents[2]
LOCALE_DIR = REPO / "learning_map" / "locale"
SHIPPED = ("zh_Hans", "zh_Hant", "en", "pt")


def po_files() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/messages.po"))


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


# --- negotiation -------------------------------------------------------------------------


def test_the_four_locales_are_shipped_in_order():
    assert i18n.locales() == SHIPPED
    assert {p.parent.parent.name for p in po_files()} == set(SHIPPED)


@pytest.mark.parametrize(("tag", "locale"), [
    ("zh-Hans", "zh_Hans"), ("zh-CN", "zh_Hans"), ("zh-SG", "zh_Hans"), ("zh", "zh_Hans"),
    ("zh-Hans-CN", "zh_Hans"), ("zh_CN", "zh_Hans"), ("zh_Hans", "zh_Hans"),
    ("zh-Hant", "zh_Hant"), ("zh-TW", "zh_Hant"), ("zh-HK", "zh_Hant"), ("zh-MO", "zh_Hant"),
    ("zh-Hant-MO", "zh_Hant"), ("ZH-hk", "zh_Hant"), ("zh_Hant", "zh_Hant"),
    ("pt", "pt"), ("pt-PT", "pt"), ("pt-BR", "pt"), ("pt-AO", "pt"),
    ("en", "en"), ("en-GB", "en"), ("en-US", "en"),
])
def test_language_tags_choose_a_locale(tag, locale):
    assert negotiate(tag) == locale


def test_unknown_tags_fall_back_and_a_list_takes_its_first_known_tag():
    assert negotiate("fr-FR") == "en"
    assert negotiate("fr-FR", default=None) is None
    assert negotiate("") == "en"
    assert negotiate(None, default="zh_Hant") == "zh_Hant"
    assert negotiate(["fr", "de-CH", "zh-MO", "en"]) == "zh_Hant"


# --- messages, numbers, the command line ---------------------------------------------------


def test_a_message_in_each_locale_with_its_parameters():
    assert [gettext("Open until {time}", locale=name, time="17:00") for name in SHIPPED] == [
        "开放中 · 至 17:00", "開放中 · 至 17:00", "Open until 17:00", "Aberto até 17:00"]
    with pytest.raises(KeyError):
        gettext("Open", locale="fr")


def test_numbers_are_formatted_per_locale():
    assert format_number(1234567.5, locale="en") == "1,234,567.5"
    assert format_number(1234567.5, locale="zh_Hant") == "1,234,567.5"
    assert format_number(1234567.5, locale="pt") == "1.234.567,5"
    assert format_number(0.25, locale="pt", digits=2) == "0,25"
    assert format_number(1234, locale="en", digits=0) == "1,234"


def test_the_command_line_is_bilingual_unless_learning_map_lang_says_otherwise():
    assert cli_text("Open", environ={}) == "Open / 开放中"
    # LANG says nothing: only LEARNING_MAP_LANG chooses.
    assert cli_text("Open", environ={"LANG": "pt_PT.UTF-8"}) == "Open / 开放中"
    assert cli_text("Open", environ={"LEARNING_MAP_LANG": "zh-MO"}) == "開放中"
    assert cli_text("Open", environ={"LEARNING_MAP_LANG": "pt"}) == "Aberto"
    assert cli_text("Open until {time}", environ={"LEARNING_MAP_LANG": "en"}, time="9:00") == "Open until 9:00"
    assert cli_text("Open", environ={"LEARNING_MAP_LANG": "klingon"}) == "Open / 开放中"


# --- opening hours in words ------------------------------------------------------------------

HOURS = {
    "Mo-Su 10:00-20:00": ("每天 10:00–20:00", "每天 10:00–20:00", "Daily 10:00–20:00",
                          "Diariamente 10:00–20:00"),
    "Mo-Fr 09:00-18:00; PH off": ("周一至周五 09:00–18:00；节假日休息", "週一至週五 09:00–18:00；公眾假期休息",
                                  "Mon–Fri 09:00–18:00; closed on public holidays",
                                  "Seg–Sex 09:00–18:00; encerrado: feriados"),
    "10:00-20:00": ("每天 10:00–20:00", "每天 10:00–20:00", "Daily 10:00–20:00", "Diariamente 10:00–20:00"),
    "Mo,We,Fr 09:00-12:00, 14:00-18:00": (
        "周一、周三、周五 09:00–12:00、14:00–18:00", "週一、週三、週五 09:00–12:00、14:00–18:00",
        "Mon, Wed, Fri 09:00–12:00, 14:00–18:00", "Seg, Qua, Sex 09:00–12:00, 14:00–18:00"),
    "Mo-Sa 09:00-18:00; Su off": ("周一至周六 09:00–18:00；周日休息", "週一至週六 09:00–18:00；週日休息",
                                  "Mon–Sat 09:00–18:00; closed on Sun", "Seg–Sáb 09:00–18:00; encerrado: Dom"),
    "Tu-Su 10:00-19:00; PH 10:00-17:00": (
        "周二至周日 10:00–19:00；节假日 10:00–17:00", "週二至週日 10:00–19:00；公眾假期 10:00–17:00",
        "Tue–Sun 10:00–19:00; public holidays 10:00–17:00",
        "Ter–Dom 10:00–19:00; feriados 10:00–17:00"),
    # A later rule replaces the days it names; days with the same hours are named together.
    "Mo-Sa 09:30-17:30; Fr 12:30-17:30": (
        "周一至周四、周六 09:30–17:30；周五 12:30–17:30", "週一至週四、週六 09:30–17:30；週五 12:30–17:30",
        "Mon–Thu, Sat 09:30–17:30; Fri 12:30–17:30", "Seg–Qui, Sáb 09:30–17:30; Sex 12:30–17:30"),
    "Su,PH off; Mo-Sa 10:00-18:00": (
        "周一至周六 10:00–18:00；周日、节假日休息", "週一至週六 10:00–18:00；週日、公眾假期休息",
        "Mon–Sat 10:00–18:00; closed on Sun, public holidays", "Seg–Sáb 10:00–18:00; encerrado: Dom, feriados"),
    "Mo-Su 10:00-20:00; PH 10:00-20:00": ("每天 10:00–20:00", "每天 10:00–20:00", "Daily 10:00–20:00",
                                          "Diariamente 10:00–20:00"),
    "24/7": ("全天24小时开放", "全天24小時開放", "Open 24 hours, every day", "Aberto 24 horas, todos os dias"),
    # The parser reads these but they are not a described shape: as given, labelled.
    "sunrise-sunset": ("开放时间（原文）：sunrise-sunset", "開放時間（原文）：sunrise-sunset",
                       "Opening hours as given: sunrise-sunset", "Horário tal como indicado: sunrise-sunset"),
    "": ("未提供开放时间", "未提供開放時間", "No opening hours given", "Horário não indicado"),
}


@pytest.mark.parametrize("expression", list(HOURS))
def test_opening_hours_in_words_per_locale(expression):
    assert tuple(hours_in_words(expression, name) for name in SHIPPED) == HOURS[expression]


def test_unreadable_hours_are_given_as_written_and_the_state_points_to_them():
    now = dt.datetime(2026, 3, 2, 10, 0)
    state = state_at("周一至周五 9:00-17:00", now)
    assert state.status == "unknown"
    assert state.hours_words("zh_Hant") == "開放時間（原文）：周一至周五 9:00-17:00"
    assert state.label(now, "zh_Hant") == "開放時間見說明"
    assert state_at(None, now).label(now, "zh_Hant") == "未提供開放時間"


def test_open_states_per_locale():
    friday_night = dt.datetime(2026, 3, 6, 21, 0)  # a Friday
    closed = state_at("Mo-Fr 10:00-20:00", friday_night)
    assert [closed.label(friday_night, name) for name in SHIPPED] == [
        "已关闭 · 周一 10:00 开放", "已關閉 · 週一 10:00 開放", "Closed · opens Mon 10:00", "Fechado · abre Seg 10:00"]
    thursday_night = dt.datetime(2026, 3, 5, 21, 0)
    assert state_at("Mo-Fr 10:00-20:00", thursday_night).label(thursday_night, "zh_Hant") == "已關閉 · 明天 10:00 開放"
    noon = dt.datetime(2026, 3, 5, 12, 0)
    state = state_at("Mo-Fr 10:00-20:00", noon)
    assert state.as_dict(noon, "pt") == {
        "status": "open", "zh": "开放中 · 至 20:00", "en": "Open until 20:00", "until": "2026-03-05T20:00",
        "label": "Aberto até 20:00", "hours": "Seg–Sex 10:00–20:00"}
    assert "label" not in state.as_dict(noon)  # older callers: zh and en only


# --- the catalogues themselves -----------------------------------------------------------


@pytest.mark.parametrize("po", po_files(), ids=lambda p: p.parent.parent.name)
def test_every_message_is_translated(po):
    catalogue = read_catalogue(po)
    untranslated = [m.id for m in catalogue if m.id and (not all(m.string if isinstance(m.string, tuple)
                                                                  else [m.string]) or m.fuzzy)]
    assert not untranslated, f"{po.relative_to(REPO)}: untranslated or fuzzy: {untranslated}"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("po", po_files(), ids=lambda p: p.parent.parent.name)
def test_a_translation_uses_only_the_parameters_its_message_gives(po):
    # A translation may drop or move a parameter, never name one the code does not pass
    # (str.format would fail when the sentence is shown).
    wrong = []
    for message in read_catalogue(po):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        given = set().union(*(_fields(i) for i in ids)) | ({"n"} if isinstance(message.id, tuple) else set())
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wrong += [(ids[0], s) for s in strings if not _fields(s) <= given]
    assert not wrong, f"{po.relative_to(REPO)}: parameters the message does not give: {wrong}"


@pytest.mark.parametrize("po", po_files(), ids=lambda p: p.parent.parent.name)
def test_the_compiled_catalogue_is_the_po_as_it_is_now(po):
    compiled = io.BytesIO()
    write_mo(compiled, read_catalogue(po))
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"{mo.relative_to(REPO)} is missing: run scripts/catalogues.sh compile"
    assert mo.read_bytes() == compiled.getvalue(), (
        f"{mo.relative_to(REPO)} is older than its .po: run scripts/catalogues.sh compile")


def test_the_catalogues_hold_exactly_the_messages_the_code_asks_for():
    keywords = {"gettext": None, "ngettext": (1, 2), "N_": None, "_": None, "cli_ntext": (1, 2)}
    method_map = [("**.py", "python"), ("web/templates/**.html", "jinja2"), ("web/frontend/src/**.js", "javascript"),
                  ("planning/standards/*.toml", extract_standard_messages), ("export/templates/**.html", "jinja2"),
                  ("city/courses/taxonomy.toml", extract_taxonomy_messages)]
    asked = {message[2] if isinstance(message[2], str) else message[2][0]
             for message in extract_from_dir(REPO / "learning_map", method_map, keywords=keywords)}
    for po in po_files():
        held = {m.id if isinstance(m.id, str) else m.id[0] for m in read_catalogue(po) if m.id}
        assert held == asked, (f"{po.relative_to(REPO)}: missing {sorted(asked - held)}, "
                               f"unused {sorted(held - asked)}: run scripts/catalogues.sh")


def test_babel_cfg_names_the_sources_the_test_above_reads():
    text = (REPO / "babel.cfg").read_text(encoding="utf-8")
    assert "[python: **.py]" in text
    assert "[javascript: web/frontend/src/**.js]" in text
    assert "standard = learning_map.planning.standard_files:extract_messages" in text
    assert "[standard: planning/standards/*.toml]" in text
    assert "[taxonomy: city/courses/taxonomy.toml]" in text
    assert "[jinja2: web/templates/**.html]" in text
    assert "[jinja2: export/templates/**.html]" in text


# --- a fifth locale ------------------------------------------------------------------------


def add_dummy_locale(tmp_path: Path) -> Path:
    """A copy of the locale folder with Esperanto added as docs/developer/i18n.md says: a .po, one line."""
    root = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, root)
    source = read_catalogue(root / "en" / "LC_MESSAGES" / "messages.po")
    catalogue = Catalog(locale="eo", project="learning-map", fuzzy=False)
    for message in source:
        if message.id and message.id != ("{n} site", "{n} sites"):  # added below with its own forms
            string = (tuple(f"[eo] {form}" for form in message.string) if isinstance(message.id, tuple)
                      else f"[eo] {message.string}")
            catalogue.add(message.id, string, locations=message.locations)
    catalogue.add(("{n} site", "{n} sites"), ("{n} ejo", "{n} ejoj"))
    folder = root / "eo" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as f:
        write_po(f, catalogue)
    # The one line of configuration.
    with (root / "locales.toml").open("a", encoding="utf-8") as f:
        f.write('eo = ["eo"]\n')
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "compile", "-d", str(root)],
                   check=True, capture_output=True)
    return root


def test_a_fifth_locale_is_a_po_file_and_one_line(tmp_path):
    """Copy the catalogues, add Esperanto as docs/developer/i18n.md says, and see it served."""
    catalogues = Catalogues(add_dummy_locale(tmp_path))
    assert tuple(catalogues.locales) == (*SHIPPED, "eo")
    assert catalogues.negotiate("eo-XX") == "eo"
    assert catalogues.gettext("Open until {time}", locale="eo", time="17:00") == "[eo] Open until 17:00"
    assert catalogues.ngettext("{n} site", "{n} sites", 1, locale="eo") == "1 ejo"
    assert catalogues.ngettext("{n} site", "{n} sites", 1200, locale="eo") == "1\N{NARROW NO-BREAK SPACE}200 ejoj"
    # The shipped locales are untouched in the copy.
    assert catalogues.gettext("Open", locale="zh_Hant") == "開放中"


# --- no sentence in code -------------------------------------------------------------------

_HAN = r"[\u3400-\u9fff\uf900-\ufaff]"
# "English / 中文" or "中文 / English": a sentence in two languages written into the code.
BILINGUAL = re.compile(rf"[A-Za-z]{{2,}}[^\n]*\s/\s[^\n]*{_HAN}|{_HAN}[^\n]*\s/\s[^\n]*[A-Za-z]{{2,}}")
PACKAGE = REPO / "learning_map"
GENERATED = ("web/frontend/src/messages.js",)
# The front end's own tests feed made-up server answers, as an older server wrote them.
NOT_SHIPPED = ("web/frontend/test/",)


def _python_literals(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module (f-string parts too), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def _markup_lines(path: Path) -> list[tuple[int, str]]:
    """The lines of a script or template, comment lines left out."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(n, line) for n, line in enumerate(lines, 1)
            if not line.lstrip().startswith(("//", "*", "/*", "{#", "<!--"))]


def test_no_sentence_in_two_languages_is_written_into_the_code():
    """Every user-facing word comes from the catalogues: no "English / 中文" literal remains."""
    found = []
    for path in sorted(PACKAGE.rglob("*")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative in GENERATED or relative.startswith(NOT_SHIPPED) or "/static/" in f"/{relative}" \
                or "node_modules" in relative:
            continue
        if path.suffix == ".py":
            texts = _python_literals(path)
        elif path.suffix in (".js", ".mjs", ".html", ".svg"):
            texts = _markup_lines(path)
        else:
            continue
        found += [f"{relative}:{line}: {text.strip()[:80]}" for line, text in texts if BILINGUAL.search(text)]
    assert not found, f"{len(found)} texts in two languages in the code (move them into the catalogues):\n" + \
        "\n".join(found[:60])


def test_a_holiday_is_named_in_the_pages_script():
    """Macau's calendar writes its holidays in 繁體; a 简体 page says them in 简体."""
    from learning_map.city.hours import load_calendar

    new_year = dt.datetime(2025, 1, 29, 10, 0)
    state = state_at("Mo-Su 09:00-18:00; PH off", new_year, load_calendar("MO"))
    assert state.label(new_year, "zh_Hans").endswith("（农历新年）")
    assert state.label(new_year, "zh_Hant").endswith("（農曆新年）")
