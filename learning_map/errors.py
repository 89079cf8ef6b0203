"""Exceptions raised by learning-map for problems a user can fix."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

# An absolute path (POSIX or Windows) of two or more parts, not inside a URL: the folders go.
_PATH = re.compile(r"(?<![\w:/\\])(?:[A-Za-z]:)?(?:[/\\][^/\\\s'\"<>:|]+)+[/\\]([^/\\\s'\"<>:|]+)")


def hide_paths(text: str) -> str:
    """
    ``text`` with every absolute file path cut to its file name.

    Messages from GDAL, pandas or the OS name files by their full path; shown to a web
    user that would reveal the server's folders (an upload's temporary folder).
    """
    return _PATH.sub(r"\1", text)


def N_(msgid: str) -> str:  # noqa: N802 - gettext's own name for "mark, translate later"
    """Mark ``msgid`` for the catalogues (``pybabel extract``); it is translated when shown."""
    return msgid


class Term(str):
    """
    A value of an error that is itself a word to translate (``Term(N_("category"))``).

    An error's other values (a file name, a number, what the user typed) are shown as given.
    """

    __slots__ = ()


# Lists longer than this are cut with "…" in a message (a layer may have hundreds of fields).
MAX_LISTED_CHOICES = 40


def _shown(value: object, locale: str, translate: Callable[..., str]) -> object:
    """A value as the sentence in ``locale`` shows it: terms translated, lists joined in its way."""
    if isinstance(value, Term):
        return translate(str(value), locale=locale)
    if isinstance(value, LearningMapError):  # a reason inside a sentence: said in the same locale
        return value.text(locale)
    if isinstance(value, (tuple, list, frozenset, set)):
        names = [str(_shown(v, locale, translate)) for v in value]
        # Translators: joins the items of a list inside a sentence ("A3, A1"; 、 in Chinese).
        separator = translate(N_(", "), locale=locale)
        more = f"{separator}…" if len(names) > MAX_LISTED_CHOICES else ""
        return separator.join(names[:MAX_LISTED_CHOICES]) + more
    return value


class LearningMapError(Exception):
    """
    Base class: a problem with the user's input, reported as one sentence.

    Raised with the sentence's English text as its message id, marked for the catalogues, and
    its values: ``InputFileError(N_("{file} has no rows"), file=name)``. The sentence is made
    in a locale when it is shown (:meth:`text`): in the web page's language, or the command
    line's (``LEARNING_MAP_LANG``; unset, "English / 中文"). ``message_id`` names a sentence of
    :data:`MESSAGES` instead of giving its text.
    """

    def __init__(self, message: str | None = None, /, *, message_id: str | None = None,
                 **values: Any) -> None:
        if message_id is not None:
            message = MESSAGES[message_id]
        if message is None:
            msg = "an error needs its message or a message_id"
            raise TypeError(msg)
        self.message = message
        self.message_id = message_id or message
        self.values = values
        super().__init__(message)

    def text(self, locale: str | None = None) -> str:
        """The sentence in ``locale``; None: the command line's language (see :func:`learning_map.base.i18n.cli_text`)."""
        # lazy: Babel loads only when an error is shown (the command line starts without it)
        from learning_map.base import i18n

        def one(name: str) -> str:
            shown = {key: _shown(value, name, i18n.gettext) for key, value in self.values.items()}
            text = i18n.gettext(self.message, locale=name)
            return text.format(**shown) if shown else text

        if locale is not None:
            return one(locale)
        chosen = i18n.cli_locale()
        if chosen is not None:
            return one(chosen)
        texts = [one(name) for name in i18n.BILINGUAL]
        return texts[0] if texts[0] == texts[1] else i18n.BILINGUAL_JOIN.join(texts)

    @property
    def reason(self) -> str:
        """The sentence in the command line's language (:meth:`text` with no locale)."""
        return self.text()

    def __str__(self) -> str:
        """The sentence in the command line's language."""
        return self.text()

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle the message and its values (keywords, which Exception's own pickling loses; Dask sends errors back)."""
        return (_rebuilt, (type(self), self.args, self.__dict__))


def _rebuilt(cls: type[LearningMapError], args: tuple[Any, ...], state: dict[str, Any]) -> LearningMapError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class InputFileError(LearningMapError, ValueError):
    """An input file is missing, unreadable or in a format we cannot read."""


class FileTooLargeError(InputFileError):
    """An input file is over one of the bounds a single read takes (bytes, rows, cells, time)."""


class EmptyExtractError(LearningMapError, ValueError):
    """The OSM extract holds no walkable ways (or no usable features)."""


class BundleError(LearningMapError, ValueError):
    """A city bundle directory is missing or incomplete."""


class PlaceNotFoundError(LearningMapError, ValueError):
    """A place name could not be geocoded or downloaded."""


# Sentences that several places raise, by a short id: message id -> English text (the gettext
# message id; the translations are in the catalogues). ``{choices}`` is a list, joined in the
# locale's way; a ``Term`` value is translated too.
MESSAGES: dict[str, str] = {
    "parameter.at_least": N_("must be at least {low}"),
    "parameter.unknown_choice": N_("unknown {what} {value!r}; use one of: {choices}"),
    "parameter.no_such_field": N_("{source} has no field {field!r}; its fields are: {choices}"),
    "point.off_streets": N_("the point is more than {limit_m:.0f} m from any walkable way in this city"),
    "site_id.unknown": N_("unknown site {value!r}"),
    "site_id.off_network": N_("site {value!r} is not on the walk network"),
    "site_id.unreachable": N_("site {value!r} cannot be reached on foot from here"),
    "site.off_streets": N_("the proposed site is too far from every street"),
    "site.no_row": N_("no site at row {index}"),
    "q.empty": N_("empty search text"),
    "open_day.unknown": N_("must be today, tomorrow or mo, tu, we, th, fr, sa, su"),
    "open_time.bad": N_("must be HH:MM, e.g. 09:30"),
    "candidates.too_many": N_("the exact solver takes at most {high} stops"),
    "course_category.unknown": N_("unknown course category {value!r}; use one of {choices}"),
    "city.bad_slug": N_("{value!r} is not a city slug (a-z, 0-9, -)"),
    "pace.not_preset": N_("{value!r} is not {choices}"),
    "audience.unknown": N_("{value!r} is not {choices}"),
    "minutes.out_of_range": N_("must be more than 0 and at most {high:g}"),
    "pace.unknown": N_("{value!r} is not {choices} or a number of km/h"),
    "pace.out_of_range": N_("{value} km/h is outside {low}-{high:g} km/h"),
    "coordinate_system.unknown": N_("unknown coordinate system {value!r}; use one of: {choices}"),
    "profile.unknown": N_("must be one of {choices}"),
    "theme.unknown": N_("must be one of {choices}"),
    "paper.unknown": N_("must be one of {choices}"),
    "population.missing": N_("needs residents in the city bundle: build it with population data"),
    "exact.too_large": N_("the capacitated model has {pairs:,} site-resident pairs, more than {limit:,} HiGHS can solve in reasonable time; give fewer candidate sites or leave out the exact solver"),
    "capacity.not_positive": N_("must be a positive number of residents per site"),
    "walk_m.not_positive": N_("the catchment must be longer than 0 m"),
    "decay.bad_sigma": N_("gaussian sigma {value!r} must be a positive number of metres"),
    "decay.bad_step": N_("step {value!r} is not METRES=WEIGHT (weight 0-1), e.g. step:300=1,600=0.6,1000=0.2"),
    "decay.steps_not_rising": N_("step limits must rise"),
    "decay.unknown": N_("{value!r}: use gaussian, gaussian:SIGMA_M, step:M=W,... or none"),
    "route.too_short": N_("a route needs at least two stops"),
    "route.stop_off_streets": N_("stop {stop} is more than 2 km from the streets"),
    "route.no_walk": N_("no walk joins stop {stop} and {next_stop}"),
    "start.off_streets": N_("the start or end is more than 2 km from the city's streets"),
    "url.not_http": N_("must be an http:// or https:// address"),
    "sheet.not_workbook": N_("{file} is not an Excel workbook"),
    "sheet.missing": N_("{file} has no sheet {value!r} (sheets: {choices})"),
    "host.unknown": N_("{value!r} is not a known host name or address"),
    "host.cannot_listen": N_("cannot listen on {host}:{port} ({reason})"),
    "port.in_use": N_("port {port} on {host} is in use by another program; stop it or choose another port"),
    "port.needs_root": N_("port {port} needs administrator rights; choose one above 1023"),
}


def render(message_id: str, values: dict[str, Any], locale: str | None = None) -> str:
    """The sentence of ``message_id`` (a key of :data:`MESSAGES`) in ``locale`` (None: the command line's)."""
    return LearningMapError(message_id=message_id, **values).text(locale)


class ParameterError(LearningMapError, ValueError):
    """
    An option value is out of range or unknown.

    ``param`` names what the caller gave: a library function raises with its keyword
    argument (``walk_m``, ``profile``), and the CLI shows it as its flag (``--minutes``), the
    web API as its query or JSON field (:func:`learning_map.cli.group.flag_for`,
    :func:`learning_map.web.limits.field_for`). The sentence is a ``message_id`` of
    :data:`MESSAGES` or an English message id marked ``N_``, with its values.
    """

    def __init__(self, param: str, message: str | None = None, /, *, message_id: str | None = None,
                 **values: Any) -> None:
        super().__init__(message, message_id=message_id, **values)
        self.param = param

    def __str__(self) -> str:
        """"PARAM: sentence" in the command line's language."""
        return f"{self.param}: {self.text()}"

    @property
    def parameter(self) -> str:
        """The older name of :attr:`param`."""
        return self.param

    def named(self, name: str, locale: str | None = None) -> str:
        """The error as "NAME: sentence", the parameter shown as ``name`` (a flag, a field)."""
        return f"{name}: {self.text(locale)}"


class NoSitesError(LearningMapError, ValueError):
    """A build would produce a city with no learning sites."""


class NoMatchError(ParameterError):
    """A well-formed value that names nothing here: an unknown site, a point off every street."""


class StoreError(LearningMapError, ValueError):
    """The registry store cannot do what was asked (missing site, locked, wrong database URL)."""


def unknown_choice(parameter: str, value: object, choices: Iterable[object], *, what: str) -> ParameterError:
    """The sentence for a value that names nothing: it lists what may be given (``what`` marked ``N_``)."""
    return ParameterError(parameter, message_id="parameter.unknown_choice", value=value,
                          choices=tuple(choices), what=Term(what))


def no_such_field(parameter: str, field: object, columns: Iterable[object], *,
                  source: str = N_("the layer")) -> ParameterError:
    """The sentence for a FILE:FIELD whose field is not in the file: it lists the fields."""
    return ParameterError(parameter, message_id="parameter.no_such_field", field=field, source=Term(source),
                          choices=tuple(c for c in columns if c != "geometry"))


def check_choice(param: str, value: object, choices: Iterable[object], *, message_id: str) -> None:
    """Raise ``message_id`` for ``param`` unless ``value`` is one of ``choices``."""
    choices = tuple(choices)
    if value not in choices:
        raise ParameterError(param, message_id=message_id, value=value, choices=choices)
