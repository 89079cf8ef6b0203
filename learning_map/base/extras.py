"""
The optional parts of learning-map: which extra installs each, and one sentence when it is missing.

``pip install learning-map`` builds cities and computes coverage, walks and plans; the web
app, the printed poster, a PostgreSQL registry and the national batch each need an extra
(``pip install "learning-map[serve]"``). A command that needs one checks it first with
:func:`require_extra`, so a missing package is one sentence (in the reader's language), not a traceback.
"""

from __future__ import annotations

import importlib.util

from learning_map.errors import N_, LearningMapError, Term

# The modules each extra must provide on every platform (gunicorn and gevent are only
# installed where gunicorn runs; without them the app is served by waitress).
EXTRA_MODULES = {
    "serve": ("flask", "werkzeug", "orjson", "waitress"),
    "print": ("playwright", "qrcode"),
    "postgis": ("psycopg",),
    "batch": ("dask", "distributed", "pyarrow"),
    "dashboard": ("bokeh",),
}


class MissingExtraError(LearningMapError, ImportError):
    """A command needs a package of an extra that is not installed."""


def missing_modules(extra: str) -> list[str]:
    """The modules of ``extra`` that cannot be imported here (found without importing them)."""
    return [name for name in EXTRA_MODULES[extra] if importlib.util.find_spec(name) is None]


def require_extra(extra: str, *, what: str) -> None:
    """
    Check that the packages of ``extra`` are installed.

    Parameters
    ----------
    extra
        A key of :data:`EXTRA_MODULES`.
    what
        What needs them, for the sentence (``"learning-map serve"``).

    Raises
    ------
    MissingExtraError
        Naming the missing package and the command that installs it.
    """
    missing = missing_modules(extra)
    if missing:
        raise MissingExtraError(N_("{what} needs {names}, which is not installed: {install}"), what=Term(what),
                                names=tuple(missing), install=f'pip install "learning-map[{extra}]"')
