"""
Place by hand the rows of a pending upload that no method placed (issue 22), on the offline map.

The check of an upload (:mod:`.admin_uploads`) lists the rows without a place, each with the
suggestions the methods found. An editor opens a row on the map of the city, clicks its spot (or
moves the crosshair with the keyboard, or types the coordinates, or accepts a suggestion) and
saves: the point is kept in the upload's ``placed.json`` and the check runs again, the
rows placed by hand last in the placement chain, so the report shows the row as ``hand``.
Nothing changes in the registry until a city admin confirms; the import then takes the
hand placements of the check the admin saw.

Who may place what: a city admin, the rows of the upload of their own session (as every
upload page); a district editor, the rows of any pending upload whose district (its code, or
a unit's unique name) is their own. Other rows are not listed and answer 404.
"""

from __future__ import annotations

import math
import secrets
from typing import TYPE_CHECKING, Any

from flask import current_app, flash, g, redirect, render_template, request, session, url_for

from learning_map.errors import N_, LearningMapError
from learning_map.store import admin as store_admin
from learning_map.web import upload_jobs as uploads
from learning_map.web.admin_base import bp
from learning_map.web.admin_uploads import (
    NO_UPLOAD,
    TOKEN,
    pending_upload,
    start_check,
    suggestion_rows,
)
from learning_map.web.context import city_service, registry
from learning_map.web.page_words import gettext, page_locale, refuse, refuse_with
from learning_map.web.views import map_background

if TYPE_CHECKING:
    from pathlib import Path

    from werkzeug.wrappers import Response

CITY_ADMIN = "city_admin"
_NO_ROW = N_("No such row to place in this upload")
# A coordinate as typed or sent: at most this many characters.
_COORD_CHARS = 32
# The map opens this far (degrees, ~200 m) around a lone point it centres on.
_AROUND_DEG = 0.002


def _check_again(folder: Path, meta: dict[str, Any], *, first: Any) -> None:
    """Change the hand placements (``first``, with the job lock held) and check the file again; 409 if busy."""
    config = current_app.config
    try:
        start_check(config, folder, meta, background=not uploads.runs_inline(config, folder / meta["stored_name"]),
                    first=first)
    except (uploads.UploadBusyError, _TooManyError) as exc:  # nothing kept: another placement is being checked
        refuse_with(409, exc.text(page_locale()))


class _TooManyError(LearningMapError):
    """An upload has as many hand placements as its file has rows."""


def _checked(folder: Path, *, running_ok: bool = False) -> dict[str, Any] | None:
    """The finished check of an upload (404 without one; while a job runs, None if ``running_ok``, else 409)."""
    status = uploads.job_status(folder, locale=page_locale())
    if status is not None and status["state"] == "running":
        if running_ok:
            return None
        refuse(409, N_("This upload is still being processed; wait until it is done"))
    checked = uploads.read_json(folder / "check.json")
    if status is None or status["kind"] != "check" or status["state"] != "done" or checked is None:
        refuse(404, NO_UPLOAD)
    return checked


def _upload(token: str, *, running_ok: bool = False) -> tuple[Path, dict[str, Any], Any]:
    """
    The pending upload ``token`` whose rows this user may place: folder, meta and check.

    A city admin reaches only the upload of their session (as every upload page); a district
    editor any pending upload, by its token (the rows they see are then their district's).
    """
    if g.user["role"] == CITY_ADMIN:
        folder, meta = pending_upload(token)
    else:
        if not TOKEN.fullmatch(token):
            refuse(404, NO_UPLOAD)
        folder = uploads.upload_root(current_app.config) / token
        meta = uploads.read_json(folder / uploads.META_FILE)
        if meta is None:
            refuse(404, NO_UPLOAD)
    return folder, meta, _checked(folder, running_ok=running_ok)


def _mine(row: dict[str, Any]) -> bool:
    """Whether this user may place ``row``: a city admin any, an editor those of their own district."""
    if g.user["role"] == CITY_ADMIN:
        return True
    return row.get("district_code") is not None and row["district_code"] == g.user["district"]


def _row(checked: dict[str, Any], line: int) -> dict[str, Any]:
    """Row ``line`` to place (unplaced or placed by hand), if this user may place it; 404 otherwise."""
    for row in checked.get("to_place", []):
        if row["line"] == line and _mine(row):
            return row
    refuse(404, _NO_ROW)


def _back(token: str) -> str:
    """Where a placed row leads back to: the report for the city admin, the district's list for an editor."""
    if g.user["role"] == CITY_ADMIN:
        return url_for("admin.upload_page", token=token)
    return url_for("admin.placing_rows", token=token)


@bp.get("/placing")
def placing_list() -> str:
    """The pending uploads that have rows this user may place (a district editor: rows of their district)."""
    found = []
    root = uploads.upload_root(current_app.config)
    for folder in sorted(root.iterdir()) if root.is_dir() else ():
        if not TOKEN.fullmatch(folder.name) or (g.user["role"] == CITY_ADMIN and not _is_session_upload(folder.name)):
            continue
        status = uploads.read_json(folder / uploads.STATUS_FILE) or {}
        meta = uploads.read_json(folder / uploads.META_FILE)
        checked = uploads.read_json(folder / "check.json") if status.get("kind") == "check" else None
        if meta is None or checked is None or status.get("state") != "done":
            continue
        rows = [row for row in checked.get("to_place", []) if _mine(row)]
        if rows:
            found.append({"token": folder.name, "meta": meta, "unplaced": sum(r["hand"] is None for r in rows),
                          "by_hand": sum(r["hand"] is not None for r in rows)})
    return render_template("admin/placing.html", uploads=found)


def _is_session_upload(token: str) -> bool:
    """Whether ``token`` is this session's pending upload (a city admin's own, as every upload page)."""
    return secrets.compare_digest(token, session.get("upload", ""))


@bp.get("/placing/<token>")
def placing_rows(token: str) -> str:
    """The rows of one pending upload this user may place, each with a link to the map."""
    _, meta, checked = _upload(token, running_ok=True)
    if checked is None:  # a placement's check, in the background: this page shows the rows once it is done
        return render_template("admin/placing_rows.html", meta=meta, token=token, rows=[], running=True)
    rows = [{**row, "suggestions": suggestion_rows(row["suggestions"])}
            for row in checked.get("to_place", []) if _mine(row)]
    return render_template("admin/placing_rows.html", meta=meta, token=token, rows=rows, running=False)


def _focus(row: dict[str, Any]) -> list[float] | None:
    """
    The area the map opens on, [west, south, east, north] (None: the whole city).

    Around the row's point and suggestions, else the registry's sites of its district.
    """
    points = [(s["lon"], s["lat"]) for s in row["suggestions"]]
    if row["hand"] is not None:
        points.append(tuple(row["hand"]))
    if not points and row.get("district_code"):
        sites = registry().all_sites()
        mine = sites[sites["district"] == row["district_code"]]
        points = list(zip(mine.geometry.x.tolist(), mine.geometry.y.tolist(), strict=True))
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return [min(lons) - _AROUND_DEG, min(lats) - _AROUND_DEG, max(lons) + _AROUND_DEG, max(lats) + _AROUND_DEG]


@bp.get("/upload/<token>/place/<int:line>")
def place_row(token: str, line: int) -> str:
    """One row on the offline map: its suggestions numbered, a click (or the crosshair, or typed coordinates) places it."""
    _, meta, checked = _upload(token)
    row = _row(checked, line)
    suggestions = suggestion_rows(row["suggestions"])
    config = {**map_background(city_service()), "focus": _focus(row), "point": row["hand"],
              "suggestions": [{"number": s["number"], "lon": s["lon"], "lat": s["lat"], "matched": s["matched"],
                               "flag": s["flag"]}
                              for s in suggestions]}
    district_name = store_admin.districts(registry()).get(row["district_code"] or "", "")
    return render_template("admin/place.html", meta=meta, token=token, row=row, suggestions=suggestions,
                           map_config=config, back=_back(token), district_name=district_name)


def _coordinate(name: str) -> float:
    """The form's coordinate ``name`` in degrees (400 unless a finite number)."""
    raw = request.form.get(name, "").strip()[:_COORD_CHARS]
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        refuse(400, N_("Give the place as longitude and latitude in degrees (WGS84)"))
    return value


@bp.post("/upload/<token>/place/<int:line>")
def save_place(token: str, line: int) -> Response:
    """Keep the row's point (inside the city's map) and check the upload again; the registry is unchanged."""
    folder, meta, checked = _upload(token)
    _row(checked, line)
    lon, lat = _coordinate("lon"), _coordinate("lat")
    west, south, east, north = city_service().bounds
    if not (west <= lon <= east and south <= lat <= north):
        refuse(400, N_("This point is outside the city's map; place the row inside it"))
    rows_in_file = int(checked["good"]) + int(checked["rejected_count"])

    def keep() -> None:  # with the upload's job lock held: the check that starts next sees the point
        if not uploads.save_hand_point(folder, line, (lon, lat), max_points=rows_in_file):
            raise _TooManyError(N_("This upload already has as many rows placed by hand as its file has rows"))

    _check_again(folder, meta, first=keep)
    lon_text, lat_text = f"{lon:.6f}", f"{lat:.6f}"
    flash(gettext("Line {line} placed at {lon}, {lat}; it is imported when a city admin confirms the upload",
                  line=line, lon=lon_text, lat=lat_text))
    return redirect(_back(token), code=303)


@bp.post("/upload/<token>/place/<int:line>/remove")
def remove_place(token: str, line: int) -> Response:
    """Forget a row's place by hand (it is unplaced again, so not imported) and check the upload again."""
    folder, meta, checked = _upload(token)
    if _row(checked, line)["hand"] is None:
        refuse(404, _NO_ROW)
    _check_again(folder, meta, first=lambda: uploads.drop_hand_point(folder, line))
    flash(gettext("Line {line} has no place again; it is not imported unless placed", line=line))
    return redirect(_back(token), code=303)
