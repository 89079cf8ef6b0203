"""
Translated words: the one way to get a user-facing string in a locale.

The messages live in gettext catalogues, ``learning_map/locale/<locale>/LC_MESSAGES/messages.po``
(compiled to ``messages.mo`` beside it by ``scripts/catalogues.sh``); the shipped locales and the
language tags that choose each are listed in ``learning_map/locale/locales.toml``, one line per
locale. Code marks a message by calling :func:`gettext` or :func:`ngettext` with the English
text as the message id (``pybabel extract`` finds the calls), or :func:`N_` where the text is
only named and translated later::

    gettext("Open until {time}", locale="zh_Hant", time="17:00")   # "開放中 · 至 17:00"

Parameters are filled in after translation with :meth:`str.format`, so a translation may move
them. :func:`cli_text` is the command line's: ``LEARNING_MAP_LANG`` alone chooses its language
(``LANG`` is almost always set and says nothing about the user's wish); unset, a line is English
and simplified Chinese joined by " / ".
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

if TYPE_CHECKING:
    from collections.abc import Iterable

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DEFAULT_LOCALE = "en"
# The bilingual command line (LEARNING_MAP_LANG unset): these two, joined by BILINGUAL_JOIN.
BILINGUAL = ("en", "zh_Hans")
BILINGUAL_JOIN = " / "
LANG_VARIABLE = "LEARNING_MAP_LANG"
DOMAIN = "messages"


def N_(msgid: str) -> str:  # noqa: N802 - gettext's own name for "mark, translate later"
    """Mark ``msgid`` for extraction without translating it (translate it later with :func:`gettext`)."""
    return msgid


def _tag_key(tag: str) -> str:
    return tag.strip().replace("_", "-").lower()


@dataclass
class Catalogues:
    """
    The locales of one ``locale`` folder (its ``locales.toml`` and compiled catalogues).

    The package uses :data:`CATALOGUES` (``learning_map/locale``); a test may open a copy.
    """

    root: Path = LOCALE_DIR
    _loaded: dict[str, NullTranslations] = field(default_factory=dict, repr=False)

    @cached_property
    def locales(self) -> dict[str, tuple[str, ...]]:
        """Each locale's folder name and the language tags that choose it, in the file's order."""
        raw = tomllib.loads((self.root / "locales.toml").read_text(encoding="utf-8"))
        return {name: tuple(tags) for name, tags in raw.items()}

    @cached_property
    def _by_tag(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for name, tags in self.locales.items():
            for tag in (name, *tags):
                found.setdefault(_tag_key(tag), name)
        return found

    def negotiate(self, tags: str | Iterable[str] | None, default: str | None = DEFAULT_LOCALE) -> str | None:
        """
        The locale for the first of ``tags`` (BCP 47 or ``zh_Hant``) that names one, else ``default``.

        A tag chooses a locale when it, or its start cut at a hyphen, is one of the locale's
        tags: ``zh-Hant-MO`` and ``zh-HK`` choose ``zh_Hant``, ``pt-BR`` and ``pt-AO`` ``pt``,
        ``en-GB`` ``en``, ``zh-CN`` and plain ``zh`` ``zh_Hans``.
        """
        if tags is None:
            return default
        for tag in [tags] if isinstance(tags, str) else tags:
            parts = _tag_key(tag or "").split("-")
            while parts and parts[0]:
                name = self._by_tag.get("-".join(parts))
                if name is not None:
                    return name
                parts.pop()
        return default

    def translations(self, locale: str) -> NullTranslations:
        """The compiled catalogue of ``locale`` (a KeyError for a locale not in ``locales.toml``)."""
        if locale not in self.locales:
            raise KeyError(locale)
        if locale not in self._loaded:
            self._loaded[locale] = Translations.load(self.root, [locale], DOMAIN)
        return self._loaded[locale]

    def gettext(self, msgid: str, /, *, locale: str, **params: object) -> str:
        """``msgid`` in ``locale``, its ``{name}`` parameters filled in."""
        text = self.translations(locale).ugettext(msgid)
        return text.format(**params) if params else text

    def ngettext(self, singular: str, plural: str, n: int, /, *, locale: str, **params: object) -> str:
        """The form of ``singular``/``plural`` for ``n`` in ``locale``; ``{n}`` is ``n`` formatted for it."""
        text = self.translations(locale).ungettext(singular, plural, n)
        return text.format(n=format_number(n, locale=locale), **params)


CATALOGUES = Catalogues()


def locales() -> tuple[str, ...]:
    """The shipped locales (``zh_Hans``, ``zh_Hant``, ``en``, ``pt``, ...)."""
    return tuple(CATALOGUES.locales)


def negotiate(tags: str | Iterable[str] | None, default: str | None = DEFAULT_LOCALE) -> str | None:
    """The shipped locale a language tag (or the first of several) chooses: see :meth:`Catalogues.negotiate`."""
    return CATALOGUES.negotiate(tags, default)


def gettext(msgid: str, /, *, locale: str, **params: object) -> str:
    """``msgid`` translated into ``locale``, with its ``{name}`` parameters filled in."""
    return CATALOGUES.gettext(msgid, locale=locale, **params)


def ngettext(singular: str, plural: str, n: int, /, *, locale: str, **params: object) -> str:
    """The plural form for ``n`` in ``locale`` (``{n}`` formatted with the locale's digits and grouping)."""
    return CATALOGUES.ngettext(singular, plural, n, locale=locale, **params)


# The two Chinese scripts as their readers name them in a language choice (CLDR says "中文 (简体)").
_OWN_NAMES = {"zh_Hans": "简体中文", "zh_Hant": "繁體中文"}


def html_lang(locale: str) -> str:
    """The BCP 47 tag of a locale, for ``<html lang>`` and ``?lang=`` (``zh_Hant`` -> ``zh-Hant``)."""
    return locale.replace("_", "-")


def language_name(locale: str) -> str:
    """A locale's name in its own language, for a language choice: 简体中文, 繁體中文, English, Português."""
    if locale in _OWN_NAMES:
        return _OWN_NAMES[locale]
    try:
        name = Locale.parse(locale).get_display_name(locale) or locale
    except (UnknownLocaleError, ValueError):
        return locale
    return name[:1].upper() + name[1:]


def format_number(value: float, *, locale: str, digits: int | None = None) -> str:
    """``value`` with the locale's grouping and decimal sign (1,234.5 in English, 1 234,5 in Portuguese)."""
    try:
        babel_locale = Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        babel_locale = Locale.parse(DEFAULT_LOCALE)
    if digits is None:
        return format_decimal(value, locale=babel_locale)
    return format_decimal(value, format=f"#,##0.{'0' * digits}" if digits else "#,##0", locale=babel_locale)


def cli_locale(environ: dict[str, str] | None = None) -> str | None:
    """The command line's locale from ``LEARNING_MAP_LANG`` (not ``LANG``), or None: bilingual."""
    value = (os.environ if environ is None else environ).get(LANG_VARIABLE, "").strip()
    return negotiate(value, default=None) if value else None


def cli_text(msgid: str, /, *, environ: dict[str, str] | None = None, **params: object) -> str:
    """
    A command-line message: in ``LEARNING_MAP_LANG``'s locale, or, unset, "English / 中文".

    An unknown ``LEARNING_MAP_LANG`` is read as unset (bilingual).
    """
    locale = cli_locale(environ)
    if locale is not None:
        return gettext(msgid, locale=locale, **params)
    texts = [gettext(msgid, locale=name, **params) for name in BILINGUAL]
    return texts[0] if texts[0] == texts[1] else BILINGUAL_JOIN.join(texts)


def cli_ntext(singular: str, plural: str, n: int, /, *, environ: dict[str, str] | None = None,
              **params: object) -> str:
    """:func:`cli_text` for a message with plural forms."""
    locale = cli_locale(environ)
    if locale is not None:
        return ngettext(singular, plural, n, locale=locale, **params)
    texts = [ngettext(singular, plural, n, locale=name, **params) for name in BILINGUAL]
    return texts[0] if texts[0] == texts[1] else BILINGUAL_JOIN.join(texts)
