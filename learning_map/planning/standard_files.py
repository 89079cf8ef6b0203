"""
Standard files: read a planning standard (TOML) and say its titles in a locale.

A standard is a TOML file with a title and one ``[[rule]]`` per row::

    name = "GB 50180-2018"
    title = "GB 50180-2018 Standard for urban residential area planning and design"

    [[rule]]
    id = "culture-centre-present"  # a key for tables and files; never shown to a reader
    title = "A cultural activity centre in every 15-minute life circle"
    description = "GB 50180-2018, appendix B: ..."
    kind = "presence" | "walking"
    category = "library"          # or subtype = "neighbourhood_model_point"
    level = "unit" | "parent" | "city"
    minutes = 15                  # applied at both paces (adult and elderly) ...
    metres = 1000                 # ... or a distance in metres
    who = "residents" | "elderly" # walking rules: whose share
    count = 1                     # presence rules: sites needed inside a unit
    share = 0.99                  # walking: share of residents; presence: share of units
    source = "..."                # what was checked, and where (not shown)

``title`` and ``description`` are English; a built-in standard's are message ids of the
catalogues (``scripts/catalogues.sh`` extracts them with :func:`extract_messages`), so each
locale reads the standard's own wording (the Chinese text with its clause number). A file of
one's own may give its words per locale beside them: ``title_zh_Hans``, ``title_zh_Hant``,
``title_en``, ``title_pt`` (``title_zh`` for both Chinese scripts), and the same for
``description``; a locale it does not name reads ``title`` as written. A rule without a
title is called by its category's name. ``source_text`` (older files) is read as
``description``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learning_map.base.i18n import BILINGUAL, BILINGUAL_JOIN, N_, cli_locale, gettext
from learning_map.city.categories import ALL_SITES, CATEGORIES, SUBTYPES
from learning_map.errors import InputFileError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import BinaryIO

STANDARDS_DIR = Path(__file__).with_name("standards")
# The keys a file may give its own words under, per locale (``title_zh`` names both scripts).
_OWN_KEYS = {"zh_Hans": ("zh_Hans", "zh"), "zh_Hant": ("zh_Hant", "zh"), "en": ("en",), "pt": ("pt",)}


def _words(raw: dict[str, Any], name: str) -> dict[str, str]:
    """A file's own words for ``name`` per suffix (``title_pt`` -> ``{"pt": ...}``)."""
    prefix = f"{name}_"
    return {key.removeprefix(prefix): str(value) for key, value in raw.items()
            if key.startswith(prefix) and isinstance(value, str) and value.strip()}


def in_locale(locale: str | None, words: Callable[[str], str]) -> str:
    """
    ``words(locale)``; None is the command line's language.

    That is ``LEARNING_MAP_LANG``'s locale; unset, the English and simplified Chinese texts joined by " / "
    (one of them when they are the same).
    """
    locale = locale or cli_locale()
    if locale is None:
        texts = [words(name) for name in BILINGUAL]
        return texts[0] if texts[0] == texts[1] else BILINGUAL_JOIN.join(texts)
    return words(locale)


def _said(text: str, own: dict[str, str], locale: str | None) -> str:
    """``text`` in ``locale``: the file's own words for it, else the catalogue's, else as written."""
    def one(name: str) -> str:
        for key in _OWN_KEYS.get(name, (name,)):
            if key in own:
                return own[key]
        return gettext(text, locale=name) if text else text

    return in_locale(locale, one)


def key_label(key: str, locale: str) -> str:
    """The name of a rule's category or ``subtype:NAME`` in ``locale``."""
    if key.startswith("subtype:"):
        return SUBTYPES[key.removeprefix("subtype:")].label(locale)
    if key == ALL_SITES:
        return gettext("All learning sites", locale=locale)
    return CATEGORIES[key].label(locale)


@dataclass(frozen=True)
class Rule:
    """One row of a standard (see the module docstring)."""

    id: str
    kind: str
    key: str
    level: str
    share: float
    title: str = ""
    description: str = ""
    minutes: float | None = None
    metres: float | None = None
    who: str = "residents"
    count: int = 1
    own_words: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, hash=False)

    def label(self, locale: str | None) -> str:
        """The rule's title in ``locale`` (never its id: the category's name when it has none)."""
        if not self.title and not self.own_words.get("title"):
            return in_locale(locale, lambda name: key_label(self.key, name))
        return _said(self.title, self.own_words.get("title", {}), locale)

    def describe(self, locale: str | None) -> str:
        """The rule's description in ``locale`` (the standard's wording, its clause number kept)."""
        return _said(self.description, self.own_words.get("description", {}), locale)

    @property
    def source_text(self) -> str:
        """The description as written (English for a built-in standard)."""
        return self.description


@dataclass(frozen=True)
class Standard:
    """A named set of rules."""

    name: str
    title: str
    rules: tuple[Rule, ...]
    own_titles: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def label(self, locale: str | None) -> str:
        """The standard's title in ``locale`` (its name when it has none)."""
        return _said(self.title, self.own_titles, locale) or self.name

    @property
    def title_zh(self) -> str:
        """The title in simplified Chinese (for callers that still show two languages)."""
        return self.label("zh_Hans")

    @property
    def title_en(self) -> str:
        """The title in English."""
        return self.label("en")


def builtin_standards() -> list[str]:
    """Names of the built-in standards (file stems)."""
    return sorted(p.stem for p in STANDARDS_DIR.glob("*.toml"))


def _rule(raw: dict[str, Any], where: str) -> Rule:
    def bad(message: str, **values: object) -> InputFileError:
        return InputFileError(message, where=where, **values)

    kind = raw.get("kind")
    if kind not in ("presence", "walking"):
        raise bad(N_("{where}: kind must be presence or walking, not {value!r}"), value=kind)
    key = _rule_key(raw, bad)
    level = raw.get("level", "unit")
    if level not in ("unit", "parent", "city"):
        raise bad(N_("{where}: level must be unit, parent or city, not {value!r}"), value=level)
    share = raw.get("share")
    if not isinstance(share, int | float) or not 0 <= share <= 1:
        raise bad(N_("{where}: share must be a number from 0 to 1"))
    minutes, metres = raw.get("minutes"), raw.get("metres")
    if kind == "walking" and (minutes is None) == (metres is None):
        raise bad(N_("{where}: a walking rule needs exactly one of minutes or metres"))
    for value in (minutes, metres):
        if value is not None and (not isinstance(value, int | float) or value <= 0):
            raise bad(N_("{where}: minutes and metres must be positive numbers"))
    who = raw.get("who", "residents")
    if who not in ("residents", "elderly"):
        raise bad(N_("{where}: who must be residents or elderly, not {value!r}"), value=who)
    description = str(raw.get("description", raw.get("source_text", "")))
    return Rule(
        id=str(raw.get("id", key)), kind=kind, key=key, level=level, share=float(share),
        title=str(raw.get("title", "")), description=description,
        minutes=None if minutes is None else float(minutes),
        metres=None if metres is None else float(metres),
        who=who, count=int(raw.get("count", 1)),
        own_words={"title": _words(raw, "title"), "description": _words(raw, "description")},
    )


def _rule_key(raw: dict[str, Any], bad: Callable[..., InputFileError]) -> str:
    """The rule's category, or ``subtype:NAME``; exactly one of them, and a known one."""
    if ("category" in raw) == ("subtype" in raw):
        raise bad(N_("{where}: give exactly one of category or subtype"))
    if "category" in raw:
        key = str(raw["category"])
        if key not in CATEGORIES and key != ALL_SITES:
            raise bad(N_("{where}: unknown category {value!r}"), value=key)
        return key
    if raw["subtype"] not in SUBTYPES:
        raise bad(N_("{where}: unknown subtype {value!r}"), value=raw["subtype"])
    return f"subtype:{raw['subtype']}"


def load_standard(name_or_path: str | Path) -> Standard:
    """
    Read a built-in standard by name (``gb50180``, ``shanghai``, ...) or a TOML file.

    Raises
    ------
    InputFileError
        For an unknown name, unreadable file or malformed rule.
    """
    path = Path(name_or_path)
    if not path.suffix and (STANDARDS_DIR / f"{name_or_path}.toml").exists():
        path = STANDARDS_DIR / f"{name_or_path}.toml"
    if not path.is_file():
        raise InputFileError(N_("no standard {name!r}; built-in: {names}, or a .toml file"),
                             name=str(name_or_path), names=builtin_standards())
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputFileError(N_("cannot read the standard {file}: {reason}"), file=str(path),
                             reason=str(exc)) from exc
    rules = tuple(_rule(raw, f"{path.name} [[rule]] {i + 1}") for i, raw in enumerate(data.get("rule", [])))
    if not rules:
        raise InputFileError(N_("{file} has no [[rule]]"), file=path.name)
    own = _words(data, "title")
    return Standard(str(data.get("name", path.stem)), str(data.get("title", "")), rules, own)


def extract_messages(fileobj: BinaryIO, keywords: object, comment_tags: object,
                     options: object) -> Iterator[tuple[int, None, str, list[str]]]:
    """
    Babel's extractor for a standard file: its title and each rule's title and description.

    ``babel.cfg`` names it for ``planning/standards/*.toml``, so the built-in standards' words
    are catalogue messages; the translators see the rule's id and its ``source`` note.
    """
    del keywords, comment_tags, options
    data = tomllib.loads(fileobj.read().decode("utf-8"))
    if data.get("title"):
        yield 1, None, str(data["title"]), [f"The title of the planning standard {data.get('name', '')}."]
    for raw in data.get("rule", []):
        note = [f"Rule {raw.get('id', '')} of {data.get('name', '')}. Source: {raw.get('source', '')}"]
        for name in ("title", "description"):
            if raw.get(name):
                yield 1, None, str(raw[name]), note
