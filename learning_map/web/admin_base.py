"""
The admin pages' blueprint and what every admin page shares: sign-in check, roles, fields.

:mod:`.admin` (sign-in, the registry, reports), :mod:`.admin_uploads` and
:mod:`.admin_exports` add their pages to the one :data:`bp`, so every endpoint keeps its
``admin.`` name.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any

import pandas as pd
from flask import Blueprint, g, redirect, request, url_for

from learning_map.city.categories import CATEGORIES, SUBTYPES
from learning_map.errors import N_
from learning_map.web import admin_auth as auth
from learning_map.web.context import registry
from learning_map.web.page_words import refuse, template_words

if TYPE_CHECKING:
    from werkzeug.wrappers import Response

bp = Blueprint("admin", __name__, url_prefix="/admin")
_YEAR = re.compile(r"[0-9]{4}")
# Each field's label (the message id; said in the page's locale by :func:`_common`).
LABELS = {
    "site_id": N_("ID"), "name": N_("Name"), "name_zh": N_("Name (Chinese)"),
    "name_en": N_("Name (English)"), "category": N_("Category"), "subtype": N_("Subtype"),
    "address": N_("Address"), "phone": N_("Phone"), "opening_hours": N_("Opening hours"),
    "website": N_("Website"), "description": N_("Description"), "capacity": N_("Seats"),
    "district": N_("District"), "opened_year": N_("Year opened"), "closed_year": N_("Year closed"),
}


@bp.before_request
def _require_login() -> Response | None:
    """Every page but sign-in needs a signed-in user; every POST needs the CSRF token."""
    if request.endpoint != "admin.login":
        user = auth.current_user(registry())
        if user is None:
            auth.clear_session()
            return redirect(url_for("admin.login"))
        g.user = user
    if request.method == "POST":
        auth.check_csrf()
    return None


@bp.after_request
def _no_store(response: Response) -> Response:
    """Admin pages hold names, districts and tokens: never kept by a browser or a proxy cache."""
    if "no-store" not in response.headers.get("Cache-Control", ""):
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.context_processor
def _common() -> dict[str, Any]:
    """Every admin page's user, words (bound to the page's locale) and field labels."""
    words = template_words()
    return {"user": g.get("user"), "categories": CATEGORIES, "subtypes": SUBTYPES, **words,
            "labels": {key: words["gettext"](label) for key, label in LABELS.items()}}


def plain(value: Any) -> Any:
    """A value for a page: missing values (None, NaN, NA) as "", NumPy numbers as Python's."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return value.item() if hasattr(value, "item") else value


def plain_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A table's rows for a page, each value :func:`plain`."""
    return [{k: plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def city_admin_only() -> None:
    """403 unless the signed-in user is a city admin."""
    if g.user["role"] != "city_admin":
        refuse(403, N_("Only a city admin may do this"))


def may_edit(site: dict[str, Any]) -> bool:
    """Whether the signed-in user may edit ``site``: a city admin, or an editor of its district."""
    return g.user["role"] == "city_admin" or (site.get("district") or None) == g.user["district"]


def district_code(text: str, units: dict[str, str]) -> str | None:
    """
    The official code a row's district text names: the code itself or a unit's unique name; None otherwise.

    The rules of :meth:`learning_map.store.admin.resolve_district`, without its error: a row
    whose district names no unit (or several) belongs to no editor's district.
    """
    text = text.strip()
    if text in units:
        return text
    matches = [code for code, name in units.items() if name == text]
    return matches[0] if len(matches) == 1 else None


def year_field(name: str = "year") -> int:
    """The four-digit year of the request's field ``name`` (400 otherwise)."""
    raw = request.values.get(name, "").strip()
    if not _YEAR.fullmatch(raw):
        refuse(400, N_("{name} must be a year like 2025"), name=name)
    return int(raw)


def shown_year(years: list[int]) -> int:
    """The year a page shows: ``?year=``, else the registry's latest, else this year."""
    if request.args.get("year"):
        return year_field()
    return max(years) if years else time.gmtime().tm_year
