"""Exceptions raised by learning-map for problems a user can fix."""

from __future__ import annotations


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
