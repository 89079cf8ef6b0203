"""
The locale of a request: the page's ``?lang=`` first, then the browser's ``Accept-Language``.

Babel's support module does the work (:mod:`learning_map.base.i18n` loads the catalogues and
negotiates the tags); flask-babel is not used: it would load the same catalogues a second way
and choose the locale with its own rules, while the command line, the exports and the API must
all agree with :func:`learning_map.base.i18n.negotiate`.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from flask import request
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from learning_map.base.i18n import gettext, html_lang, language_name, locales, negotiate, ngettext

if TYPE_CHECKING:
    from learning_map.web.service import CityService

# Each locale's name as its readers write it, for the pages' language links (data, not UI words:
# the same in every locale). A locale not listed here is named by Babel.


def request_locale(default: str | None) -> str | None:
    """
    The shipped locale this request asks for, else ``default`` (a locale, e.g. the city's script).

    ``?lang=zh-Hant`` (or ``zh_Hant``, ``pt-BR``...) wins; then the browser's languages in the
    order of their quality values; a tag naming no shipped locale is skipped.
    """
    return environ_locale(request.environ, default)


def environ_locale(environ: dict[str, Any], default: str | None) -> str | None:
    """:func:`request_locale` of a WSGI ``environ`` (the server's own answers, outside Flask)."""
    query = dict(parse_qsl(environ.get("QUERY_STRING", "")))
    asked = negotiate(query.get("lang", ""), default=None)
    if asked is not None:
        return asked
    accepted = parse_accept_header(environ.get("HTTP_ACCEPT_LANGUAGE"), LanguageAccept)
    found = negotiate([tag for tag, _quality in accepted], default=None)
    return found or default


def city_locale(svc: CityService) -> str:
    """The city's own locale: its bundle's ``default_lang``, else its names' script (traditional or simplified)."""
    return negotiate(svc.default_lang, default=None) or ("zh_Hant" if svc.traditional else "zh_Hans")



def language_links() -> dict[str, str]:
    """Every shipped locale's HTML tag -> its name in its own language, in the configured order."""
    return {html_lang(loc): language_name(loc) for loc in locales()}


def page_words(locale: str) -> dict[str, Any]:
    """
    What a template needs to speak ``locale``: pass as ``render_template(..., **page_words(loc))``.

    ``_("English text {x}", x=...)`` and ``ngettext(singular, plural, n, ...)`` bound to the
    locale (the catalogues, :mod:`learning_map.base.i18n`), ``locale`` and its HTML ``lang``,
    and the ``languages`` to link to. ``pybabel extract`` reads the templates' ``_`` calls.
    """
    return {"_": functools.partial(gettext, locale=locale), "ngettext": functools.partial(ngettext, locale=locale),
            "locale": locale, "lang": html_lang(locale), "languages": language_links()}
