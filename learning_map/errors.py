"""Exceptions raised by learning-map for problems a user can fix."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

# An absolute path (POSIX or Windows) of two or more parts, not inside a URL: the folders go.
_PATH = re.compile(r"(?<![\w:/\\])(?:[A-Za-z]:)?(?:[/\\][^/\\\s'\"<>:|]+)+[/\\]([^/\\\s'\"<>:|]+)")


def hide_paths(text: str) -> str:
    """
    ``text`` with every absolute file path cut to its file name.

    Messages from GDAL, pandas or the OS name files by their full path; shown to a web
    user that would reveal the server's folders (an upload's temporary folder).
    """
    return _PATH.sub(r"\1", text)


class LearningMapError(Exception):
    """Base class: a problem with the user's input, reported as one sentence."""


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


class ParameterError(LearningMapError, ValueError):
    """An option value is out of range or unknown."""

    def __init__(self, parameter: str, message: str, message_zh: str | None = None) -> None:
        # Every user-facing sentence is bilingual: a message without its own Chinese half
        # gets a generic one naming the parameter.
        if " / " not in message:
            message = f"{message} / {message_zh or f'参数 {parameter} 的值无效'}"
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.reason = message


class NoSitesError(LearningMapError, ValueError):
    """A build would produce a city with no learning sites."""


class NoMatchError(ParameterError):
    """A well-formed value that names nothing here: an unknown site, a point off every street."""


class StoreError(LearningMapError, ValueError):
    """The registry store cannot do what was asked (missing site, locked, wrong database URL)."""


# Lists longer than this are cut with "…" in a message (a layer may have hundreds of fields).
MAX_LISTED_CHOICES = 40


def _listed(choices: Iterable[object]) -> str:
    names = [str(c) for c in choices]
    more = ", …" if len(names) > MAX_LISTED_CHOICES else ""
    return ", ".join(names[:MAX_LISTED_CHOICES]) + more


def unknown_choice(parameter: str, value: object, choices: Iterable[object], *, what: str,
                   what_zh: str) -> ParameterError:
    """One bilingual sentence for a value that names nothing: it lists what may be given."""
    listed = _listed(choices)
    return ParameterError(parameter, f"unknown {what} {value!r}; use one of: {listed}",
                          f"未知{what_zh} {value!r}，可选：{listed}")


def no_such_field(parameter: str, field: object, columns: Iterable[object], *,
                  source: str = "the layer") -> ParameterError:
    """One bilingual sentence for a FILE:FIELD whose field is not in the file: it lists the fields."""
    listed = _listed(c for c in columns if c != "geometry")
    return ParameterError(parameter, f"{source} has no field {field!r}; its fields are: {listed}",
                          f"文件中没有字段 {field!r}，可用字段：{listed}")
