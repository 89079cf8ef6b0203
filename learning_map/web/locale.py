"""
The locale of a request: the page's ``?lang=`` first, then the browser's ``Accept-Language``.

Babel's support module does the work (:mod:`learning_map.base.i18n` loads the catalogues and
negotiates the tags); flask-babel is not used: it would load the same catalogues a second way
and choose the locale with its own rules, while the command line, the exports and the API must
all agree with :func:`learning_map.base.i18n.negotiate`.
"""

from __future__ import annotations

from flask import request

from learning_map.base.i18n import negotiate


def request_locale(default: str | None) -> str | None:
    """
    The shipped locale this request asks for, else ``default`` (a locale, e.g. the city's script).

    ``?lang=zh-Hant`` (or ``zh_Hant``, ``pt-BR``...) wins; then the browser's languages in the
    order of their quality values; a tag naming no shipped locale is skipped.
    """
    asked = negotiate(request.args.get("lang", ""), default=None)
    if asked is not None:
        return asked
    found = negotiate([tag for tag, _quality in request.accept_languages], default=None)
    return found or default
