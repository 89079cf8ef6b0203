"""
What is wrong with a row or a value, kept as its message and values and said in a locale when shown.

A reader that rejects rows keeps one :class:`Problem` per row (in the ``reason`` column of its
rejected table), so the web page says it in the page's language and the command line in its
own; ``str()`` is the command line's sentence (two languages when unset), as a CSV of rejected rows holds.
An error about a row (:class:`RowError`, "line 12: missing name") holds its reason as a value
and says both in the same locale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from learning_map.errors import N_, InputFileError, LearningMapError

if TYPE_CHECKING:
    from collections.abc import Callable


class NestedError(LearningMapError):
    """An error some of whose values are errors themselves (each said in the same locale, as every error's are)."""


class Problem(NestedError, ValueError):  # noqa: N818 - a reason kept with a row, seldom raised
    """
    The reason a row or a value is refused: ``Problem(N_("missing {field}"), field=Term(N_("name")))``.

    Not raised to the user on its own; it is kept with the row (or wrapped in a
    :class:`RowError`) and said where it is shown.
    """


class FileProblemError(NestedError, InputFileError):
    """An input file refused with a reason that is a :class:`Problem` (or another error)."""


class RowError(FileProblemError):
    """A file refused for one of its rows: "FILE, line 12: reason" (the reason a :class:`Problem`)."""

    def __init__(self, file: str, line: int, reason: LearningMapError | str, **values: Any) -> None:
        super().__init__(N_("{file}, line {line}: {reason}"), file=file, line=line, reason=reason, **values)


def said(reason: object, locale: str | None = None) -> str:
    """A reason kept with a row (a :class:`Problem`, or older text) in ``locale`` (None: the command line's)."""
    if isinstance(reason, LearningMapError):
        return reason.text(locale)
    return "" if reason is None else str(reason)


def in_cli_language(make: Callable[[str], str]) -> str:
    """``make(locale)`` in the command line's language: ``LEARNING_MAP_LANG``'s, or unset two joined."""
    # lazy: Babel loads only when a sentence is said
    from learning_map.base import i18n

    chosen = i18n.cli_locale()
    if chosen is not None:
        return make(chosen)
    texts = [make(name) for name in i18n.BILINGUAL]
    return texts[0] if texts[0] == texts[1] else i18n.BILINGUAL_JOIN.join(texts)


def say(msgid: str, locale: str | None = None, /, **params: object) -> str:
    """``msgid`` in ``locale``, or in the command line's language when ``locale`` is None."""
    # lazy: Babel loads only when a sentence is said
    from learning_map.base import i18n

    if locale is None:
        return i18n.cli_text(msgid, **params)
    return i18n.gettext(msgid, locale=locale, **params)


def ngettext(singular: str, plural: str, n: int, /, *, locale: str | None, **params: object) -> str:
    """:func:`learning_map.base.i18n.ngettext`, or the command line's form when ``locale`` is None (``{n}`` is ``n``)."""
    # lazy: Babel loads only when a sentence is said
    from learning_map.base import i18n

    if locale is None:
        return i18n.cli_ntext(singular, plural, n, **params)
    return i18n.ngettext(singular, plural, n, locale=locale, **params)
