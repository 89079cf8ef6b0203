"""
The city office's admin pages (``/admin``): the yearly registry in the store.

Plain HTML forms: every page is an autoescaped template under ``templates/admin/`` and
every POST carries the session's CSRF token; the only script is the export page's status
poll (a static file; the CSP allows no inline script). City admins see and do everything
(upload, publish, export the yearly map, reports); district editors edit and close the
sites of their own district. Only registered when admin is enabled (see :func:`init_app`).

This module holds sign-in, the registry and site pages and the reports queue; the upload
pages are in :mod:`.admin_uploads`, the yearly export's in :mod:`.admin_exports`, and the
blueprint with the checks every page shares in :mod:`.admin_base`. Every page speaks one
locale, the admin's choice (:mod:`.page_words`), with its words from the catalogues.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any

from flask import Flask, flash, g, make_response, redirect, render_template, request, url_for

from learning_map.base.text_rules import FIELD_MAX_CHARS
from learning_map.errors import N_, LearningMapError
from learning_map.store import admin as store_admin
from learning_map.web import admin_auth as auth

# admin_exports, admin_uploads and admin_placing add their pages to bp when imported: init_app registers them.
from learning_map.web import admin_exports, admin_placing, admin_uploads, reports  # noqa: F401
from learning_map.web import upload_jobs as uploads
from learning_map.web.admin_base import (
    LABELS,
    bp,
    city_admin_only,
    may_edit,
    plain,
    shown_year,
    year_field,
)
from learning_map.web.context import close_registry_on_teardown, open_registry, registry
from learning_map.web.page_words import gettext, ngettext, page_locale, refuse

if TYPE_CHECKING:
    from werkzeug.wrappers import Response

    from learning_map.store import RegistryStore

_COUNT = re.compile(r"[0-9]{1,7}")
# The history's actions and the fields it names besides the editable ones (message ids).
ACTIONS = {"added": N_("added"), "changed": N_("changed"), "reopened": N_("reopened"), "closed": N_("closed")}
HISTORY_FIELDS = {**LABELS, "geometry": N_("Location"), "merged_from": N_("Merged from"),
                  "merged_into": N_("Merged into"), "placement": N_("How the point was found")}
EDITABLE = ("name", "name_zh", "name_en", "category", "subtype", "address", "phone",
            "opening_hours", "website", "description", "capacity")


# --------------------------------------------------------------------------- set-up


def init_app(app: Flask) -> None:
    """Register the admin pages and the citizens' report API; create or upgrade the store now."""
    app.extensions[auth.LIMITS_KEY] = auth.Limits(app.config)
    with open_registry(app.config):
        pass  # applies migration 3 at start, and fails early on a wrong database URL
    uploads.sweep_at_start(app.config)  # folders left by a killed worker or a restart
    app.register_blueprint(bp)
    app.register_blueprint(reports.bp)
    close_registry_on_teardown(app)
    app.jinja_env.globals["csrf_token"] = auth.csrf_token


# --------------------------------------------------------------------------- sign-in


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | tuple[str, int] | str:
    """Sign in; failures are counted per username and client (:mod:`.admin_auth`)."""
    if request.method == "GET":
        return render_template("admin/login.html")
    username = request.form.get("username", "").strip()[:64]
    password = request.form.get("password", "")
    counters = auth.limits()
    keys = counters.login_keys(username)
    wait = counters.login_wait(keys)
    if wait:
        minutes = (wait + 59) // 60
        message = ngettext("Too many failed sign-ins; try again in {n} minute",
                           "Too many failed sign-ins; try again in {n} minutes", minutes)
        page = make_response(render_template("admin/login.html", error=message, username=username), 429)
        page.headers["Retry-After"] = str(wait)
        return page
    user = store_admin.get_user(registry(), username) if username else None
    if not auth.password_matches(user, password):
        counters.login_failed(keys)
        message = gettext("Wrong username or password")
        return render_template("admin/login.html", error=message, username=username), 401
    counters.login_succeeded(username, keys)
    auth.start_session(user)
    response = redirect(url_for("admin.registry_page"))
    auth.remember_device(response, username)
    return response


@bp.post("/logout")
def logout() -> Response:
    """Sign out: every session of the user ends (its version is bumped) and the cookie is cleared."""
    store_admin.end_sessions(registry(), g.user["username"])
    auth.clear_session()
    return redirect(url_for("admin.login"))


# --------------------------------------------------------------------------- the registry


@bp.get("/")
def home() -> Response:
    """The registry page."""
    return redirect(url_for("admin.registry_page"))


def _sites_rows(store: RegistryStore, year: int, query: str) -> list[dict[str, Any]]:
    sites = store.sites_as_of(year)
    rows = sites.drop(columns=sites.geometry.name).to_dict(orient="records")
    names = store_admin.districts(store)
    needle = query.casefold()
    out = []
    for row in rows:
        row = {k: plain(v) for k, v in row.items()}
        row["district_name"] = names.get(row["district"], row["district"])
        text = " ".join(str(row.get(k, "")) for k in ("site_id", "name", "name_zh", "name_en",
                                                       "address", "district", "district_name"))
        if needle and needle not in text.casefold():
            continue
        row["editable"] = may_edit(row)
        out.append(row)
    return out


@bp.get("/registry")
def registry_page() -> str:
    """The registry as of a year, with search, the year's state (draft/published) and publish."""
    store = registry()
    years = store.years()
    year = shown_year(years)
    query = request.args.get("q", "").strip()[:100]
    published = store_admin.publications(store)
    return render_template(
        "admin/registry.html", year=year, years=sorted(set(years) | {year}), query=query,
        sites=_sites_rows(store, year, query), publication=published.get(year),
        district_name=store_admin.districts(store).get(g.user["district"] or "", ""),
    )


@bp.post("/publish")
def publish() -> Response:
    """Publish a year's registry (city admins): recorded, shown, never undone here."""
    city_admin_only()
    year = year_field()
    if store_admin.publish_year(registry(), year, g.user["username"]):
        flash(gettext("The registry of {year} is published", year=year))
    else:
        flash(gettext("The registry of {year} was already published", year=year))
    return redirect(url_for("admin.registry_page", year=year))


def _site(site_id: str) -> dict[str, Any]:
    sites = registry().all_sites()
    match = sites[sites["site_id"] == site_id]
    if match.empty:
        refuse(404, N_("No such site"))
    row = match.drop(columns=match.geometry.name).iloc[0].to_dict()
    row = {k: plain(v) for k, v in row.items()}
    row["lon"], row["lat"] = float(match.geometry.x.iloc[0]), float(match.geometry.y.iloc[0])
    return row


def _history_row(row: dict[str, Any]) -> dict[str, Any]:
    """A history row with its action and field said in the page's language (unknown ones as stored)."""
    action, field = row.get("action"), row.get("field") or ""
    return {**row, "action_label": gettext(ACTIONS[action]) if action in ACTIONS else action,
            "field_label": gettext(HISTORY_FIELDS[field]) if field in HISTORY_FIELDS else field}


@bp.get("/site/<site_id>")
def site_page(site_id: str) -> str:
    """One site: its fields, its history (with who changed what), and the edit and close forms when allowed."""
    site = _site(site_id)
    history = [_history_row(row) for row in registry().history(site_id).to_dict(orient="records")]
    names = store_admin.districts(registry())
    return render_template("admin/site.html", site=site, history=history, editable=may_edit(site),
                           district_name=names.get(site["district"], site["district"]),
                           this_year=time.gmtime().tm_year, limits=FIELD_MAX_CHARS)


def _edit_fields(site: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name in EDITABLE:
        if name not in request.form:
            continue
        raw = request.form[name].strip()
        if name == "capacity":
            if raw and not _COUNT.fullmatch(raw):
                refuse(400, N_("Seats must be a whole number"))
            value: Any = int(raw) if raw else None
        else:
            value = raw
        if str(value if value is not None else "") != str(site.get(name, "")):
            fields[name] = value
    return fields


@bp.post("/site/<site_id>/edit")
def edit_site(site_id: str) -> Response:
    """Change a site's fields (history rows via the store); editors only in their district."""
    site = _site(site_id)
    if not may_edit(site):
        refuse(403, N_("This site is in another district"))
    year = year_field()
    try:
        changed = registry().edit_site(site_id, _edit_fields(site), year, by=g.user["username"])
    except LearningMapError as exc:
        flash(exc.text(page_locale()), "error")
    else:
        flash(ngettext("{n} field changed", "{n} fields changed", len(changed)))
    return redirect(url_for("admin.site_page", site_id=site_id))


@bp.post("/site/<site_id>/close")
def close_site(site_id: str) -> Response:
    """Close a site from a year on (never deleted)."""
    site = _site(site_id)
    if not may_edit(site):
        refuse(403, N_("This site is in another district"))
    year = year_field()
    try:
        registry().close_site(site_id, year, by=g.user["username"])
    except LearningMapError as exc:
        flash(exc.text(page_locale()), "error")
    else:
        flash(gettext("Closed from {year} on", year=year))
    return redirect(url_for("admin.site_page", site_id=site_id))


# --------------------------------------------------------------------------- reports


@bp.get("/reports")
def reports_page() -> str:
    """Citizens' corrections, open ones first (city admins)."""
    city_admin_only()
    status = request.args.get("status", "open")
    if status not in ("open", "done", "all"):
        refuse(400, N_("status must be open, done or all"))
    rows = store_admin.reports(registry(), None if status == "all" else status)
    return render_template("admin/reports.html", reports=rows, status=status)


@bp.post("/reports/<int:report_id>/done")
def report_done(report_id: int) -> Response:
    """Mark a report handled, by this user."""
    city_admin_only()
    if not store_admin.mark_report_done(registry(), report_id, g.user["username"]):
        refuse(404, N_("No such open report"))
    flash(gettext("Report {id} marked done", id=report_id))
    return redirect(url_for("admin.reports_page"))
