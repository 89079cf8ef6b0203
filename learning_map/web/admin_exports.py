"""
The admin's yearly export (city admins): start it, follow it, download its zip.

The export itself runs in the background (:mod:`.export_jobs`); these pages start it,
show its steps (the page polls its status) and hand out the finished zip.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import (
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    send_file,
    url_for,
)

from learning_map.errors import N_, LearningMapError
from learning_map.store import admin as store_admin
from learning_map.web import export_jobs as jobs
from learning_map.web.admin_base import bp, city_admin_only, shown_year, year_field
from learning_map.web.context import registry
from learning_map.web.page_words import gettext, page_locale, refuse

if TYPE_CHECKING:
    from werkzeug.wrappers import Response


def _export_page(year: int | None = None, error: str | None = None) -> str:
    store = registry()
    years = store.years()
    if year is None:
        year = shown_year(years)
    root = jobs.export_root(current_app.config)
    return render_template(
        "admin/export.html", year=year, years=sorted(set(years) | {year}), error=error,
        status=jobs.job_status(root, year, locale=page_locale()), past=jobs.past_exports(root, locale=page_locale()),
        published=store_admin.publications(store), folder=root,
        switch_to=url_for("admin.export_page", year=year),
    )


@bp.get("/export")
def export_page() -> str:
    """Export a year's learning map (city admins): the form, that year's last export, past exports."""
    city_admin_only()
    return _export_page()


@bp.post("/export")
def start_export() -> Response | tuple[str, int]:
    """Start exporting a year in the background; refused while another export runs."""
    city_admin_only()
    year = year_field()
    try:
        jobs.start_export(current_app.config, year, g.user["username"])
    except jobs.ExportBusyError as exc:
        return _export_page(year, exc.text(page_locale())), 409
    except LearningMapError as exc:
        return _export_page(year, exc.text(page_locale())), 400
    flash(gettext("Export of {year} started", year=year))
    return redirect(url_for("admin.export_page", year=year))


@bp.get("/export/<int(fixed_digits=4):year>/status")
def export_status(year: int) -> Response:
    """The year's export as JSON (state, steps, error), polled by the export page's script."""
    city_admin_only()
    status = jobs.job_status(jobs.export_root(current_app.config), year, locale=page_locale())
    if status is None:
        refuse(404, N_("This year has not been exported"))
    response = jsonify(status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/exports/<int(fixed_digits=4):year>.zip")
def export_zip(year: int) -> Response:
    """The finished export of a year as one zip (city admins only)."""
    city_admin_only()
    root = jobs.export_root(current_app.config)
    status = jobs.job_status(root, year, locale=page_locale())
    path = jobs.zip_path(root, year)
    if status is None or status["state"] != "done" or not path.is_file():
        refuse(404, N_("No finished export of this year"))
    response = send_file(path, mimetype="application/zip", as_attachment=True,
                         download_name=f"learning-map-{year}.zip", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
