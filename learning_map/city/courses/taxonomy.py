"""Course categories as data: the built-in taxonomy, a city's own file, and label lookup."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from learning_map.base.i18n import gettext, negotiate
from learning_map.city.naming import fold_name, to_traditional
from learning_map.errors import N_, InputFileError

if TYPE_CHECKING:
    from collections.abc import Iterator

DEFAULT_TAXONOMY_FILE = Path(__file__).with_name("taxonomy.toml")
# A city folder holding this file uses it instead of the built-in taxonomy.
CITY_TAXONOMY_FILE = "course_taxonomy.toml"
# Keys go into URLs and the OpenAPI pattern: lower-case ASCII words joined by "_".
_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")


@dataclass(frozen=True)
class CourseCategory:
    """One course category: a stable key, its Chinese and English labels, other spellings."""

    key: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    """
    The course categories a city uses, in their listed order.

    :meth:`resolve` takes what a registry file writes (the key, either label in either
    Chinese script, an alias; case, width, spaces and punctuation ignored) to the key.
    """

    categories: dict[str, CourseCategory]
    source: str = "built-in"
    _lookup: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def keys(self) -> list[str]:
        """Category keys in the file's order."""
        return list(self.categories)

    def resolve(self, value: object) -> str | None:
        """The key of the category ``value`` names, or None when it names none."""
        if not isinstance(value, str):
            return None
        if value in self.categories:
            return value
        return self._lookup.get(fold_name(value))

    def label(self, key: str, lang: str = "zh") -> str:
        """
        The category's label in ``lang``: a locale (``zh_Hant``, ``pt``...), or ``zh`` / ``en`` as written.

        A built-in category's English label is a catalogue message, said in the locale; a
        city's own category the catalogues do not hold shows its own Chinese (in the locale's
        script) on a Chinese page and its English otherwise. The key itself for a key this
        taxonomy lacks.
        """
        category = self.categories.get(key)
        if category is None:
            return key
        if lang == "zh":
            return category.zh
        locale = negotiate(lang, default=None) or "en"
        said = gettext(category.en, locale=locale)
        if said != category.en or locale in ("en", "pt"):
            return said
        return to_traditional(category.zh) if locale == "zh_Hant" else category.zh


def _entries(text: str, source: str) -> list:
    """The ``[[categories]]`` of TOML text (at least one)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputFileError(N_("{source}: not a TOML course taxonomy ({detail})"), source=source,
                             detail=str(exc)) from exc
    entries = raw.get("categories")
    if not isinstance(entries, list) or not entries:
        raise InputFileError(N_("{source}: no [[categories]]"), source=source)
    return entries


def _category(number: int, entry: Any, taken: dict[str, CourseCategory], source: str
              ) -> tuple[CourseCategory, tuple[str, ...]]:
    """Category ``number`` of the file (its key not ``taken``), and every spelling that names it."""
    key, zh, en = (entry.get(k) if isinstance(entry, dict) else None for k in ("key", "zh", "en"))
    aliases = entry.get("aliases", []) if isinstance(entry, dict) else []
    if not (isinstance(key, str) and _KEY.fullmatch(key)) or key in taken:
        raise InputFileError(N_("{source}: category {number} has a missing, repeated or invalid key {key!r} "
                                "(lower-case letters, digits, _)"), source=source, number=number, key=key)
    if not (isinstance(zh, str) and zh.strip() and isinstance(en, str) and en.strip()):
        raise InputFileError(N_("{source}: category {key!r} needs zh and en labels"), source=source, key=key)
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise InputFileError(N_("{source}: aliases of {key!r} must be a list of text"), source=source, key=key)
    return CourseCategory(key, zh.strip(), en.strip(), tuple(aliases)), (key, zh, en, *aliases)


def _add_spellings(lookup: dict[str, str], key: str, spellings: tuple[str, ...], source: str) -> None:
    """Fold each spelling into ``lookup`` -> ``key``; one spelling may not name two categories."""
    for spelling in spellings:
        folded = fold_name(spelling)
        if folded and lookup.setdefault(folded, key) != key:
            raise InputFileError(N_("{source}: {spelling!r} names both {first!r} and {key!r}"), source=source,
                                 spelling=spelling, first=lookup[folded], key=key)


def taxonomy_from_text(text: str, *, source: str) -> Taxonomy:
    """
    Read a taxonomy from TOML text (see ``learning_map/city/courses/taxonomy.toml``).

    Raises
    ------
    InputFileError
        Not TOML, no categories, a bad or repeated key, a missing label, or one
        spelling given to two categories.
    """
    categories: dict[str, CourseCategory] = {}
    lookup: dict[str, str] = {}
    for number, entry in enumerate(_entries(text, source), start=1):
        category, spellings = _category(number, entry, categories, source)
        categories[category.key] = category
        _add_spellings(lookup, category.key, spellings, source)
    return Taxonomy(categories, source, lookup)


@cache
def default_taxonomy() -> Taxonomy:
    """The built-in taxonomy (about 25 lifelong-learning categories)."""
    return taxonomy_from_text(DEFAULT_TAXONOMY_FILE.read_text(encoding="utf-8"), source="built-in")


def load_taxonomy(path: str | Path | None = None, *, city_dir: str | Path | None = None) -> Taxonomy:
    """
    The taxonomy to use: ``path`` when given, else the city folder's own file, else the built-in.

    Parameters
    ----------
    path
        A TOML taxonomy file (``--taxonomy FILE``).
    city_dir
        The city folder; its ``course_taxonomy.toml`` replaces the built-in taxonomy.

    Returns
    -------
    taxonomy
    """
    if path is None and city_dir is not None and (Path(city_dir) / CITY_TAXONOMY_FILE).is_file():
        path = Path(city_dir) / CITY_TAXONOMY_FILE
    if path is None:
        return default_taxonomy()
    path = Path(path)
    if not path.is_file():
        raise InputFileError(N_("course taxonomy not found: {path}"), path=str(path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(N_("{file}: save the course taxonomy as UTF-8"), file=path.name) from exc
    return taxonomy_from_text(text, source=path.name)


def extract_messages(fileobj: BinaryIO, keywords: object, comment_tags: object,
                     options: object) -> Iterator[tuple[int, None, str, list[str]]]:
    """
    Babel's extractor for the built-in course taxonomy: each category's English label.

    ``babel.cfg`` names it for ``city/courses/taxonomy.toml``, so the labels are catalogue
    messages; the translators see the category's Chinese label.
    """
    del keywords, comment_tags, options
    for raw in tomllib.loads(fileobj.read().decode("utf-8")).get("categories", []):
        if raw.get("en"):
            yield 1, None, str(raw["en"]), [f"A course category; in Chinese: {raw.get('zh', '')}."]
