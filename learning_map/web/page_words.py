"""
The words of a page made on the server (the admin pages): its locale, and gettext bound to it.

A page speaks one locale, chosen in this order: the page's ``?lang=`` (remembered in the
session, so the next page and the status polls keep it), the one remembered, the browser's
``Accept-Language`` (:func:`learning_map.web.locale.request_locale`), else the city's own script
(traditional Chinese where most of its site names are traditional, as the citizen pages decide).
Templates get :func:`template_words`: ``gettext("Registry as of {year}", year=year)``,
``ngettext(...)``, ``format_number(...)``, the page's ``locale`` and ``html_lang``, and the
links of the language switch (:func:`language_links`).
"""

from __future__ import annotations

from typing import Any, NoReturn
from urllib.parse import urlencode

from flask import abort, g, jsonify, request, session, url_for

from learning_map.base import i18n
from learning_map.web.context import city_service
from learning_map.web.locale import city_locale, request_locale

SESSION_KEY = "lang"  # the locale the user chose with ?lang=, kept for the session
_CHOSEN = "page_locale"



def page_locale() -> str:
    """The locale of this request (see the module docstring); a ``?lang=`` naming a locale is remembered."""
    if _CHOSEN in g:
        return g.get(_CHOSEN)
    asked = i18n.negotiate(request.args.get("lang", ""), default=None)
    kept = session.get(SESSION_KEY)
    if asked is not None:
        if kept != asked:
            session[SESSION_KEY] = asked
        chosen = asked
    elif isinstance(kept, str) and kept in i18n.locales():
        chosen = kept
    else:
        chosen = request_locale(default=None) or city_locale(city_service())
    setattr(g, _CHOSEN, chosen)
    return chosen


def gettext(msgid: str, /, **params: Any) -> str:
    """``msgid`` in this page's locale, its ``{name}`` parameters filled in."""
    return i18n.gettext(msgid, locale=page_locale(), **params)


def ngettext(singular: str, plural: str, n: int, /, **params: Any) -> str:
    """The plural form for ``n`` in this page's locale (``{n}`` formatted for it)."""
    return i18n.ngettext(singular, plural, n, locale=page_locale(), **params)




def language_links(page: str | None = None) -> list[dict[str, Any]]:
    """
    The language switch: each locale's own name and this page's address in it.

    ``page`` is the address of what the page shows when the request is not it (a form's
    answer shows an upload's report: its own page); else the request's path and query,
    ``lang`` set, when the request is a GET or its address also answers GET, else the
    registry page.
    """
    current = page_locale()
    rule = request.url_rule
    if page is not None:
        base = page
    elif request.method == "GET" or (rule is not None and "GET" in (rule.methods or ())):
        values = dict(request.view_args or {})
        if request.method == "GET":
            values.update((k, v) for k, v in request.args.items() if k != "lang")
        base = url_for(request.endpoint or "admin.registry_page", **values)
    else:
        base = url_for("admin.registry_page")
    joiner = "&" if "?" in base else "?"
    return [
        {"locale": locale, "tag": i18n.html_lang(locale), "name": i18n.language_name(locale),
         "href": f"{base}{joiner}{urlencode({'lang': i18n.html_lang(locale)})}", "current": locale == current}
        for locale in i18n.locales()
    ]


def template_words() -> dict[str, Any]:
    """What a page template needs for its words (a context processor's answer)."""
    locale = page_locale()
    return {
        "gettext": gettext, "ngettext": ngettext, "locale": locale, "html_lang": i18n.html_lang(locale),
        "format_number": lambda value, digits=None: i18n.format_number(value, locale=locale, digits=digits),
        "language_links": language_links,
    }


def refuse(status: int, msgid: str, /, **params: Any) -> NoReturn:
    """
    Stop the request with ``status`` and the one JSON error shape, its sentence in the page's locale.

    ``msgid`` is an English message id (marked ``N_`` where it is not a literal argument).
    """
    refuse_with(status, gettext(msgid, **params))


def refuse_with(status: int, sentence: str) -> NoReturn:
    """:func:`refuse` with a sentence already said in the page's locale (an error's ``text``)."""
    response = jsonify(error={"parameter": None, "message": sentence})
    response.status_code = status
    abort(response)
