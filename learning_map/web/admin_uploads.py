"""
The admin's registry upload (city admins): check a file, show the report, import it.

The check and the import run as jobs (:mod:`.upload_jobs`): in the request for a small
file, in the background for a large one, whose page polls the job's status. Nothing is
imported before the city admin confirms the checked file (the same file, by its SHA-256).

Rows with no coordinates go down the placement chain (:func:`upload_placers`, then the rows
editors placed by hand on the admin map, :mod:`.admin_placing`); the check lists the rows no
method placed, and the import takes the hand placements the confirmed check showed.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import secrets
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import (
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)

from learning_map import settings
from learning_map.base.tables import write_csv
from learning_map.bundle.core import current_build
from learning_map.bundle.named_places import city_area, read_named_places
from learning_map.city.coords import check_coordinate_system
from learning_map.city.districts import Districts
from learning_map.city.geocoders import geocoder_from_env
from learning_map.city.name_match import NameMatcher
from learning_map.city.placement import (
    CONFIDENCE_BANDS,
    FLAG_TEXT,
    HAND,
    METHOD_NAMES,
    HandPlacer,
    placement_counts,
)
from learning_map.errors import N_, BundleError, LearningMapError, ParameterError, hide_paths
from learning_map.store import admin as store_admin
from learning_map.store.geocode_cache import store_geocode_cache
from learning_map.store.imports import REJECTED_IMPORT_FILE, prepare_import
from learning_map.web import upload_jobs as uploads
from learning_map.web.admin_base import (
    bp,
    city_admin_only,
    district_code,
    plain,
    plain_rows,
    year_field,
)
from learning_map.web.context import open_registry
from learning_map.web.export_jobs import in_every_locale, in_locale
from learning_map.web.page_words import gettext, page_locale, refuse, refuse_with

if TYPE_CHECKING:
    import pandas as pd
    from werkzeug.wrappers import Response

UPLOAD_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".geojson", ".json", ".gpkg", ".zip")
REJECTED_SHOWN = 100  # rejected rows shown on the report; all of them are in the download
SITES_SHOWN = 200  # incoming sites shown on the report
UNPLACED_SHOWN = 100  # rows without a place shown on the report
# Rows to place by hand the check keeps for the placing pages (each with its suggestions); once
# these are placed, the next check lists the next ones.
TO_PLACE_KEPT = 2000
TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")
NO_UPLOAD = N_("No such upload; upload the file again")
# How each placement method is named on the report (message ids; an unknown one as it is).
BAND_LABELS = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}


def upload_placers(config: Any, store: Any) -> tuple[list[Any], Any]:
    """
    The placement methods an upload's check runs before the hand placements, and the districts.

    In the chain's order (:data:`learning_map.city.placement.METHODS`): the name in
    OpenStreetMap (the city build's named places), then the geocoding service the server's
    environment configures (``LEARNING_MAP_GEOCODER``; its answers cached in ``store``, which
    must stay open while the rows are placed). The districts are the reporting units that
    have a polygon (``learning-map user districts``): a row naming one is placed inside it.
    The chain always ends with the rows placed by hand (:func:`_plan`).
    """
    areas = tuple(sorted(store_admin.district_areas(store).items()))
    try:
        build = str(current_build(config["BUNDLE_DIR"]))
    except BundleError:
        build = ""
    matcher, districts = _names_and_districts(str(config["BUNDLE_DIR"]), build, areas)
    placers: list[Any] = [] if matcher is None else [matcher]
    service = geocoder_from_env(cache=store_geocode_cache(store))
    if service is not None:
        placers.append(service)
    return placers, districts


@functools.lru_cache(maxsize=1)
def _names_and_districts(bundle_dir: str, build: str, areas: tuple[tuple[str, tuple[str, str]], ...]
                         ) -> tuple[NameMatcher | None, Districts | None]:
    """
    The name matcher of the city's build and the reporting units' districts, built once per build and units.

    Indexing Macau's 11,330 named places takes about a second; every check of an upload
    (and every place an editor saves, which checks again) would pay it. ``build`` (the current
    build's folder) is part of the key, so a new build is read again.
    """
    del build  # only the cache's key
    districts = Districts.from_areas(dict(areas), source="districts") if areas else None
    features = read_named_places(bundle_dir)
    if features is None or not len(features):
        return None, districts
    return NameMatcher(features, districts=districts), districts


class _SaidError(LearningMapError):
    """An error already said in every locale (a reader's sentence, the server's folders cut out)."""

    def __init__(self, texts: dict[str, str]) -> None:
        super().__init__(texts.get("en") or next(iter(texts.values())))
        self.texts = texts

    def text(self, locale: str | None = None) -> str:
        """The sentence in ``locale`` (English for the log and the command line)."""
        return self.texts.get(locale or "en") or self.message


def pending_upload(token: str) -> tuple[Path, dict[str, Any]]:
    """The pending upload ``token`` of this session (404 for any other)."""
    if not TOKEN.fullmatch(token) or not secrets.compare_digest(token, session.get("upload", "")):
        refuse(404, NO_UPLOAD)
    folder = uploads.upload_root(current_app.config) / token
    meta = uploads.read_json(folder / uploads.META_FILE)
    if meta is None:
        refuse(404, NO_UPLOAD)
    return folder, meta


def _drop_pending(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    session.pop("upload", None)


def _plan(config: Any, folder: Path, meta: dict[str, Any], points: dict[int, tuple[float, float]]) -> Any:
    """The file read and checked, its rows without coordinates placed by the chain and ``points`` (by hand)."""
    try:
        with open_registry(config) as store:
            placers, districts = upload_placers(config, store)
            return prepare_import(folder / meta["stored_name"], coordinate_system=meta["coords"],
                                  sheet=meta["sheet"] or None, placers=[*placers, HandPlacer(points)],
                                  districts=districts, area=city_area(config["BUNDLE_DIR"]))
    except LearningMapError as exc:
        # The sentence names the file as the user sent it, never the server's folder for it.
        texts = {locale: hide_paths(text).replace(meta["stored_name"], meta["original"])
                 for locale, text in in_every_locale(exc).items()}
        raise _SaidError(texts) from exc


def _said(value: Any) -> bool:
    """Whether a rejected row's reason is a message with values (an error: ``text(locale)`` says it)."""
    return callable(getattr(value, "text", None))


def _reason(value: Any) -> dict[str, str] | str:
    """A rejected row's reason as the report keeps it: an error in every locale, or its text as given."""
    return in_every_locale(value) if _said(value) else str(plain(value))


def _reason_in(value: Any, locale: str) -> str:
    """A rejected row's reason in ``locale`` (one the reader gave as text: as given)."""
    return value.text(locale) if _said(value) else str(plain(value))


def _report_rows(rejected: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {"line": str(row.get("line", "")), "reason": _reason(row.get("reason", "")),
         "original": "; ".join(f"{k}={v}" for k, v in row.items()
                             if k not in ("line", "reason", "raw") and plain(v) != "")}
        for row in rejected.to_dict(orient="records")
    ]


def _to_place(placement: pd.DataFrame | None, points: dict[int, tuple[float, float]],
              units: dict[str, str]) -> list[dict[str, Any]]:
    """The rows no method placed and those placed by hand: what the placing pages show (the first :data:`TO_PLACE_KEPT`)."""
    if placement is None:
        return []
    rows = placement[placement["method"].isin(["", HAND])].head(TO_PLACE_KEPT)
    return [
        {"line": int(row["line"]), "name": str(plain(row["name"])), "address": str(plain(row["address"])),
         "district": str(plain(row["district"])), "district_code": district_code(str(plain(row["district"])), units),
         "hand": list(points[int(row["line"])]) if row["method"] == HAND else None,
         "suggestions": [candidate.as_json() for candidate in row["suggestions"]]}
        for row in rows.to_dict(orient="records")
    ]


def _check_work(config: Any, folder: Path, meta: dict[str, Any]) -> Any:
    """The check job: read and validate the file, place its rows, find likely duplicates, write the report."""

    def work(step: Any) -> dict[str, Any]:
        step("read")
        points = uploads.hand_points(folder)
        plan = _plan(config, folder, meta, points)
        step("duplicates")
        with open_registry(config) as store:
            known = store.all_sites()
            units = store_admin.districts(store)
        # The likely duplicates the CLI import reports too (ImportPlan.find_registry_duplicates).
        duplicates = plain_rows(plan.find_registry_duplicates(known))
        step("report")
        if len(plan.rejected):  # every rejected row, for the download, in the uploader's language
            rejected = plan.rejected.copy()
            rejected["reason"] = [_reason_in(reason, meta.get("locale", "en")) for reason in rejected["reason"]]
            write_csv(rejected, folder / uploads.REJECTED_FILE)
        known_ids = set(known["site_id"])
        new_ids = sum(1 for s in plan.sites["site_id"] if s not in known_ids)
        sites = plan.sites.drop(columns=plan.sites.geometry.name).head(SITES_SHOWN)
        return {
            "sha256": plan.file_sha256, "good": len(plan.sites), "new_ids": new_ids,
            "updated_ids": len(plan.sites) - new_ids, "rejected_count": len(plan.rejected),
            "rejected": _report_rows(plan.rejected.head(REJECTED_SHOWN)), "duplicates": duplicates,
            "sites": plain_rows(sites),
            # The hand placements this check used: the import takes these, whatever is placed after.
            "hand": {str(line): list(point) for line, point in sorted(points.items())},
            "placement_counts": plain_rows(placement_counts(plan.placement)) if plan.placement is not None else [],
            "unplaced_count": len(plan.placement[plan.placement["method"] == ""]) if plan.placement is not None else 0,
            "to_place": _to_place(plan.placement, points, units),
        }

    return work


def _import_work(config: Any, folder: Path, meta: dict[str, Any], checked: dict[str, Any]) -> Any:
    """The import job: the same file (checked by its SHA-256) into the store."""

    def work(step: Any) -> dict[str, Any]:
        step("read")
        points = {int(line): (point[0], point[1]) for line, point in checked.get("hand", {}).items()}
        plan = _plan(config, folder, meta, points)
        if plan.file_sha256 != checked["sha256"]:
            raise LearningMapError(N_("The uploaded file changed; upload it again"))
        step("import")
        with open_registry(config) as store:
            report = store.import_sites(plan.sites, year=meta["year"], source=meta["original"],
                                        file_sha256=plan.file_sha256,
                                        close_missing=meta["close_missing"], rejected=len(plan.rejected))
        return {key: value for key, value in dataclasses.asdict(report).items() if key != "seconds"}

    return work


def start_check(config: Any, folder: Path, meta: dict[str, Any], *, background: bool,
                first: Any = None) -> dict[str, Any]:
    """
    Start (or run, when not ``background``) the check job of a pending upload; its status in the page's locale.

    ``first``: called with the job's lock held, before the check reads the file
    (:func:`.upload_jobs.start`).
    """
    return uploads.start(folder, "check", _check_work(config, folder, meta), budget_s=uploads.budget_seconds(config),
                         background=background, name=meta["original"], locale=page_locale(), first=first)


def method_label(method: str) -> str:
    """A placement method's name on a page (:data:`~learning_map.city.placement.METHOD_NAMES`), in the page's locale."""
    return gettext(METHOD_NAMES[method]) if method in METHOD_NAMES else method


def suggestion_rows(suggestions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A row's suggestions for a page: numbered from 1, with the method and the flag said in words."""
    return [{**s, "number": i, "method_label": method_label(s["method"]),
             "flag_text": gettext(FLAG_TEXT[s["flag"]]) if s["flag"] in FLAG_TEXT else s["flag"]}
            for i, s in enumerate(suggestions, start=1)]


def _placement_report(result: dict[str, Any]) -> dict[str, Any]:
    """The report's placement part: counts by method and band, the rows to place and those placed by hand."""
    counts = [{**row, "label": method_label(row["method"])} for row in result.get("placement_counts", [])]
    rows = result.get("to_place", [])
    unplaced = [{**row, "suggestions": suggestion_rows(row["suggestions"])} for row in rows if row["hand"] is None]
    return {"counts": counts, "bands": [(name, gettext(BAND_LABELS[name]), f"{floor:g}")
                                        for name, floor in CONFIDENCE_BANDS],
            "unplaced": unplaced[:UNPLACED_SHOWN], "unplaced_count": result.get("unplaced_count", 0),
            "by_hand": [row for row in rows if row["hand"] is not None]}


def _show(folder: Path, token: str, meta: dict[str, Any], status: dict[str, Any]) -> Any:
    """The page for an upload's job: its progress, its error, the report, or the import done."""
    here = url_for("admin.upload_page", token=token)  # the language switch's target, after a POST too
    if status["state"] == "running":
        return render_template("admin/upload_progress.html", meta=meta, token=token, status=status,
                               switch_to=here)
    if status["state"] == "failed":
        _drop_pending(folder)
        return render_template("admin/upload.html", error=status["error"], this_year=meta["year"]), 400
    result = uploads.read_json(folder / f"{status['kind']}.json")
    if result is None:  # removed under us (discarded in another tab)
        refuse(404, NO_UPLOAD)
    if status["kind"] == "import":
        _drop_pending(folder)
        return render_template("admin/imported.html", report=result, meta=meta)
    locale = page_locale()
    result["rejected"] = [{**row, "reason": in_locale(row["reason"], locale)} for row in result["rejected"]]
    return render_template("admin/upload_report.html", meta=meta, token=token, shown=REJECTED_SHOWN, switch_to=here,
                           download=(folder / uploads.REJECTED_FILE).is_file(),
                           same_site_m=f"{settings.SAME_SITE_WITHIN_M:g}", placing=_placement_report(result),
                           **result)


def _sent_name() -> str:
    """The uploaded file's own name: no folders, no control characters, at most 200 characters."""
    sent = request.files.get("file")
    original = re.sub(r"[\x00-\x1f\x7f]", "", (sent.filename or "") if sent else "").replace("\\", "/")
    return original.rsplit("/", 1)[-1][:200]


@bp.route("/upload", methods=["GET", "POST"])
def upload() -> Any:
    """Upload a registry file: check a server-side copy (in the background when large); change nothing."""
    city_admin_only()
    if request.method == "GET":
        return render_template("admin/upload.html", this_year=time.gmtime().tm_year)
    year = year_field()
    coords = request.form.get("coords", "wgs84")
    try:
        check_coordinate_system(coords)
    except ParameterError as exc:
        refuse_with(400, exc.named("coords", page_locale()))
    sheet = request.form.get("sheet", "").strip()[:100]
    sent = request.files.get("file")
    original = _sent_name()
    suffix = Path(original).suffix.lower()
    if sent is None or not original or suffix not in UPLOAD_SUFFIXES:
        message = gettext("Choose a registry file (CSV, XLSX, GeoJSON, GeoPackage or zipped Shapefile)")
        return render_template("admin/upload.html", error=message, this_year=year), 400
    config = current_app.config
    root = uploads.upload_root(config)
    uploads.remove_stale(root)
    old = session.get("upload")
    if old and TOKEN.fullmatch(old):
        shutil.rmtree(root / old, ignore_errors=True)  # one pending upload per session
    with uploads.new_upload(root) as (token, folder):  # removed again if anything below fails
        meta = {"original": original, "stored_name": "registry" + suffix, "year": year, "coords": coords,
                "sheet": sheet, "close_missing": request.form.get("close_missing") == "on",
                "user": g.user["username"], "locale": page_locale()}
        sent.save(folder / meta["stored_name"])
        uploads.write_json(folder / uploads.META_FILE, meta)
        inline = uploads.runs_inline(config, folder / meta["stored_name"])
        status = start_check(config, folder, meta, background=not inline)
    session["upload"] = token
    if not inline:
        return redirect(url_for("admin.upload_page", token=token), code=303)
    return _show(folder, token, meta, status)


@bp.get("/upload/<token>")
def upload_page(token: str) -> Any:
    """A pending upload: its job's progress (polled), or the report, or the import's result."""
    city_admin_only()
    folder, meta = pending_upload(token)
    status = uploads.job_status(folder, locale=page_locale())
    if status is None:
        refuse(404, NO_UPLOAD)
    return _show(folder, token, meta, status)


@bp.get("/upload/<token>/status")
def upload_status(token: str) -> Response:
    """The upload's job as JSON (kind, state, steps, error), polled by the progress page's script."""
    city_admin_only()
    folder, _ = pending_upload(token)
    status = uploads.job_status(folder, locale=page_locale())
    if status is None:
        refuse(404, NO_UPLOAD)
    response = jsonify(status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/upload/<token>/rejected.csv")
def upload_rejected(token: str) -> Response:
    """Every rejected row of the checked file, as the CLI's ``rejected_import.csv``."""
    city_admin_only()
    folder, _ = pending_upload(token)
    path = folder / uploads.REJECTED_FILE
    if not path.is_file():
        refuse(404, N_("No rejected rows"))
    response = send_file(path, mimetype="text/csv", as_attachment=True,
                         download_name=REJECTED_IMPORT_FILE, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/upload/<token>/confirm")
def confirm_upload(token: str) -> Any:
    """Import the pending upload this session checked (the same file, checked by its SHA-256)."""
    city_admin_only()
    folder, meta = pending_upload(token)
    status = uploads.job_status(folder, locale=page_locale())
    checked = uploads.read_json(folder / "check.json")
    if status is not None and status["state"] == "running":
        refuse(409, N_("This upload is still being processed; wait until it is done"))
    if status is None or status["kind"] != "check" or checked is None:
        refuse(404, NO_UPLOAD)
    if not checked["good"]:
        _drop_pending(folder)
        flash(gettext("No sites to import; the registry is unchanged"), "error")
        return redirect(url_for("admin.upload"))
    config = current_app.config
    inline = uploads.runs_inline(config, folder / meta["stored_name"])
    try:
        status = uploads.start(folder, "import", _import_work(config, folder, meta, checked),
                               budget_s=uploads.budget_seconds(config), background=not inline,
                               name=meta["original"], locale=page_locale())
    except uploads.UploadBusyError as exc:
        refuse_with(409, exc.text(page_locale()))
    if not inline:
        return redirect(url_for("admin.upload_page", token=token), code=303)
    return _show(folder, token, meta, status)


@bp.post("/upload/<token>/discard")
def discard_upload(token: str) -> Response:
    """Drop the pending upload; nothing was imported."""
    folder, _ = pending_upload(token)
    _drop_pending(folder)
    flash(gettext("Upload discarded; the registry is unchanged"))
    return redirect(url_for("admin.upload"))
