"""
The city office's admin pages (``/admin``, 站点名录管理): the yearly registry in the store.

Plain HTML forms: every page is an autoescaped template under ``templates/admin/`` and
every POST carries the session's CSRF token; the only script is the export page's status
poll (a static file; the CSP allows no inline script). City admins see and do everything
(upload, publish, export the yearly map, reports); district editors edit and close the
sites of their own district. Only registered when admin is enabled (see :func:`init_app`).
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)

from learning_map import settings
from learning_map.categories import CATEGORIES, SUBTYPES
from learning_map.coords import check_coordinate_system
from learning_map.errors import LearningMapError, ParameterError, hide_paths
from learning_map.store import admin as store_admin
from learning_map.text_rules import FIELD_MAX_CHARS
from learning_map.web import admin_auth as auth
from learning_map.web import export_jobs as jobs
from learning_map.web import upload_jobs as uploads

if TYPE_CHECKING:
    from werkzeug.wrappers import Response

    from learning_map.store import RegistryStore

bp = Blueprint("admin", __name__, url_prefix="/admin")
STORE_KEY = "registry_store"
UPLOAD_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".geojson", ".json", ".gpkg", ".zip")
REJECTED_SHOWN = 100  # rejected rows shown on the report; all of them are in the download
SITES_SHOWN = 200  # incoming sites shown on the report
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")
_YEAR = re.compile(r"[0-9]{4}")
_COUNT = re.compile(r"[0-9]{1,7}")
EDITABLE = ("name", "name_zh", "name_en", "category", "subtype", "address", "phone",
            "opening_hours", "website", "description", "capacity")
LABELS = {
    "site_id": "编号 / ID", "name": "名称 / Name", "name_zh": "中文名 / Chinese name",
    "name_en": "英文名 / English name", "category": "类别 / Category", "subtype": "子类型 / Subtype",
    "address": "地址 / Address", "phone": "电话 / Phone", "opening_hours": "开放时间 / Opening hours",
    "website": "网址 / Website", "description": "说明 / Description", "capacity": "座位数 / Seats",
    "district": "所属区 / District", "opened_year": "开办年份 / Opened", "closed_year": "关闭年份 / Closed",
}


# --------------------------------------------------------------------------- set-up


def init_app(app: Flask) -> None:
    """Register the admin pages and the citizens' report API; create or upgrade the store now."""
    from learning_map.web import reports

    app.extensions[auth.LIMITS_KEY] = auth.Limits(app.config)
    with open_registry(app.config):
        pass  # applies migration 3 at start, and fails early on a wrong database URL
    uploads.sweep_at_start(app.config)  # folders left by a killed worker or a restart
    app.register_blueprint(bp)
    app.register_blueprint(reports.bp)
    app.teardown_appcontext(_close_store)
    app.jinja_env.globals["csrf_token"] = auth.csrf_token


def open_registry(config: Any) -> RegistryStore:
    """The registry store the config names (:func:`~learning_map.web.config.registry_location`)."""
    from learning_map.web.config import registry_location

    return registry_location(config).open()


def registry() -> RegistryStore:
    """The store for this request, opened on first use and closed when the request ends."""
    if STORE_KEY not in g:
        setattr(g, STORE_KEY, open_registry(current_app.config))
    return g.get(STORE_KEY)


def _close_store(_exc: BaseException | None) -> None:
    store = g.pop(STORE_KEY, None)
    if store is not None:
        store.close()


@bp.before_request
def _require_login() -> Response | None:
    """Every page but sign-in needs a signed-in user; every POST needs the CSRF token."""
    if request.endpoint != "admin.login":
        user = auth.current_user(registry())
        if user is None:
            session.clear()
            return redirect(url_for("admin.login"))
        g.user = user
    if request.method == "POST":
        auth.check_csrf()
    return None


def _plain(value: Any) -> Any:
    """A value for a page: missing values (None, NaN, NA) as "", NumPy numbers as Python's."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return value.item() if hasattr(value, "item") else value


def _city_admin() -> None:
    if g.user["role"] != "city_admin":
        abort(403, description="Only a city admin may do this / 仅市级管理员可执行此操作")


def _may_edit(site: dict[str, Any]) -> bool:
    return g.user["role"] == "city_admin" or (site.get("district") or None) == g.user["district"]


def _year_field(name: str = "year") -> int:
    raw = request.values.get(name, "").strip()
    if not _YEAR.fullmatch(raw):
        abort(400, description=f"{name} must be a year like 2025 / 年份须为四位数字")
    return int(raw)


@bp.context_processor
def _common() -> dict[str, Any]:
    return {"user": g.get("user"), "labels": LABELS, "categories": CATEGORIES, "subtypes": SUBTYPES}


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
        message = (f"Too many failed sign-ins; try again in {minutes} min"
                   f" / 登录失败次数过多，请 {minutes} 分钟后再试")
        page = make_response(render_template("admin/login.html", error=message, username=username), 429)
        page.headers["Retry-After"] = str(wait)
        return page
    user = store_admin.get_user(registry(), username) if username else None
    if not auth.password_matches(user, password):
        counters.login_failed(keys)
        message = "Wrong username or password / 用户名或密码错误"
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
    session.clear()
    return redirect(url_for("admin.login"))


@bp.after_request
def _no_store(response: Response) -> Response:
    """Admin pages hold names, districts and tokens: never kept by a browser or a proxy cache."""
    if "no-store" not in response.headers.get("Cache-Control", ""):
        response.headers["Cache-Control"] = "no-store"
    return response


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
        row = {k: _plain(v) for k, v in row.items()}
        row["district_name"] = names.get(row["district"], row["district"])
        text = " ".join(str(row.get(k, "")) for k in ("site_id", "name", "name_zh", "name_en",
                                                       "address", "district", "district_name"))
        if needle and needle not in text.casefold():
            continue
        row["editable"] = _may_edit(row)
        out.append(row)
    return out


@bp.get("/registry")
def registry_page() -> str:
    """The registry as of a year, with search, the year's state (draft/published) and publish."""
    store = registry()
    years = store.years()
    year = _year_field() if request.args.get("year") else (max(years) if years else time.gmtime().tm_year)
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
    _city_admin()
    year = _year_field()
    if store_admin.publish_year(registry(), year, g.user["username"]):
        flash(f"{year} published / {year} 年名录已发布")
    else:
        flash(f"{year} was already published / {year} 年名录此前已发布")
    return redirect(url_for("admin.registry_page", year=year))


def _site(site_id: str) -> dict[str, Any]:
    sites = registry().all_sites()
    match = sites[sites["site_id"] == site_id]
    if match.empty:
        abort(404, description="No such site / 没有该站点")
    row = match.drop(columns=match.geometry.name).iloc[0].to_dict()
    row = {k: _plain(v) for k, v in row.items()}
    row["lon"], row["lat"] = float(match.geometry.x.iloc[0]), float(match.geometry.y.iloc[0])
    return row


@bp.get("/site/<site_id>")
def site_page(site_id: str) -> str:
    """One site: its fields, its history (with who changed what), and the edit and close forms when allowed."""
    site = _site(site_id)
    history = registry().history(site_id).to_dict(orient="records")
    names = store_admin.districts(registry())
    return render_template("admin/site.html", site=site, history=history, editable=_may_edit(site),
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
                abort(400, description="Seats must be a whole number / 座位数须为整数")
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
    if not _may_edit(site):
        abort(403, description="This site is in another district / 该站点不属于您的区")
    year = _year_field()
    try:
        changed = registry().edit_site(site_id, _edit_fields(site), year, by=g.user["username"])
    except LearningMapError as exc:
        flash(str(exc), "error")
    else:
        flash(f"{len(changed)} fields changed / 已修改 {len(changed)} 个字段")
    return redirect(url_for("admin.site_page", site_id=site_id))


@bp.post("/site/<site_id>/close")
def close_site(site_id: str) -> Response:
    """Close a site from a year on (never deleted)."""
    site = _site(site_id)
    if not _may_edit(site):
        abort(403, description="This site is in another district / 该站点不属于您的区")
    year = _year_field()
    try:
        registry().close_site(site_id, year, by=g.user["username"])
    except LearningMapError as exc:
        flash(str(exc), "error")
    else:
        flash(f"Closed from {year} on / 已记为自 {year} 年起关闭")
    return redirect(url_for("admin.site_page", site_id=site_id))


# --------------------------------------------------------------------------- uploads
# The check and the import run as jobs (learning_map.web.upload_jobs): in the request for a
# small file, in the background for a large one, whose page polls the job's status.


def _pending(token: str) -> tuple[Path, dict[str, Any]]:
    """The pending upload ``token`` of this session (404 for any other)."""
    if not _TOKEN.fullmatch(token) or not secrets.compare_digest(token, session.get("upload", "")):
        abort(404, description="No such upload; upload the file again / 没有该上传文件，请重新上传")
    folder = uploads.upload_root(current_app.config) / token
    meta = uploads.read_json(folder / uploads.META_FILE)
    if meta is None:
        abort(404, description="No such upload; upload the file again / 没有该上传文件，请重新上传")
    return folder, meta


def _drop_pending(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    session.pop("upload", None)


def _plan(folder: Path, meta: dict[str, Any]) -> Any:
    from learning_map.store.imports import prepare_import

    try:
        return prepare_import(folder / meta["stored_name"], coordinate_system=meta["coords"],
                              sheet=meta["sheet"] or None)
    except LearningMapError as exc:
        # The sentence names the file as the user sent it, never the server's folder for it.
        message = hide_paths(str(exc)).replace(meta["stored_name"], meta["original"])
        raise LearningMapError(message) from exc


def _duplicates(plan: Any, known: Any) -> list[dict[str, Any]]:
    """The likely duplicates the CLI import reports too (ImportPlan.find_registry_duplicates), as rows."""
    found = plan.find_registry_duplicates(known)
    return [{k: _plain(v) for k, v in row.items()} for row in found.to_dict(orient="records")]


def _report_rows(rejected: pd.DataFrame) -> list[dict[str, str]]:
    return [
        {"line": str(row.get("line", "")), "reason": str(row.get("reason", "")),
         "original": "; ".join(f"{k}={v}" for k, v in row.items()
                             if k not in ("line", "reason", "raw") and _plain(v) != "")}
        for row in rejected.to_dict(orient="records")
    ]


def _check_work(config: Any, folder: Path, meta: dict[str, Any]) -> Any:
    """The check job: read and validate the file, find likely duplicates, write the report."""
    from learning_map.tables import write_csv

    def work(step: Any) -> dict[str, Any]:
        step("read")
        plan = _plan(folder, meta)
        step("duplicates")
        with open_registry(config) as store:
            known = store.all_sites()
        duplicates = _duplicates(plan, known)
        step("report")
        if len(plan.rejected):  # every rejected row, for the download
            write_csv(plan.rejected, folder / uploads.REJECTED_FILE)
        known_ids = set(known["site_id"])
        new_ids = sum(1 for s in plan.sites["site_id"] if s not in known_ids)
        sites = plan.sites.drop(columns=plan.sites.geometry.name).head(SITES_SHOWN)
        return {
            "sha256": plan.file_sha256, "good": len(plan.sites), "new_ids": new_ids,
            "updated_ids": len(plan.sites) - new_ids, "rejected_count": len(plan.rejected),
            "rejected": _report_rows(plan.rejected.head(REJECTED_SHOWN)), "duplicates": duplicates,
            "sites": [{k: _plain(v) for k, v in row.items()} for row in sites.to_dict(orient="records")],
        }

    return work


def _import_work(config: Any, folder: Path, meta: dict[str, Any], checked: dict[str, Any]) -> Any:
    """The import job: the same file (checked by its SHA-256) into the store."""

    def work(step: Any) -> dict[str, Any]:
        step("read")
        plan = _plan(folder, meta)
        if plan.file_sha256 != checked["sha256"]:
            msg = "The uploaded file changed; upload it again / 上传文件已变化，请重新上传"
            raise LearningMapError(msg)
        step("import")
        with open_registry(config) as store:
            report = store.import_sites(plan.sites, year=meta["year"], source=meta["original"],
                                        file_sha256=plan.file_sha256,
                                        close_missing=meta["close_missing"], rejected=len(plan.rejected))
        return {"summary": report.summary, "missing_summary": report.missing_summary, "year": report.year}

    return work


def _show(folder: Path, token: str, meta: dict[str, Any], status: dict[str, Any]) -> Any:
    """The page for an upload's job: its progress, its error, the report, or the import done."""
    if status["state"] == "running":
        return render_template("admin/upload_progress.html", meta=meta, token=token, status=status)
    if status["state"] == "failed":
        _drop_pending(folder)
        return render_template("admin/upload.html", error=status["error"], this_year=meta["year"]), 400
    result = uploads.read_json(folder / f"{status['kind']}.json")
    if result is None:  # removed under us (discarded in another tab)
        abort(404, description="No such upload; upload the file again / 没有该上传文件，请重新上传")
    if status["kind"] == "import":
        _drop_pending(folder)
        return render_template("admin/imported.html", report=result, meta=meta)
    return render_template("admin/upload_report.html", meta=meta, token=token, shown=REJECTED_SHOWN,
                           download=(folder / uploads.REJECTED_FILE).is_file(),
                           same_site_m=f"{settings.SAME_SITE_WITHIN_M:g}", **result)


@bp.route("/upload", methods=["GET", "POST"])
def upload() -> Any:
    """Upload a registry file: check a server-side copy (in the background when large); change nothing."""
    _city_admin()
    if request.method == "GET":
        return render_template("admin/upload.html", this_year=time.gmtime().tm_year)
    year = _year_field()
    coords = request.form.get("coords", "wgs84")
    try:
        check_coordinate_system(coords)
    except ParameterError as exc:
        abort(400, description=exc.named("coords"))
    sheet = request.form.get("sheet", "").strip()[:100]
    sent = request.files.get("file")
    original = re.sub(r"[\x00-\x1f\x7f]", "", (sent.filename or "") if sent else "").replace("\\", "/")
    original = original.rsplit("/", 1)[-1][:200]
    suffix = Path(original).suffix.lower()
    if sent is None or not original or suffix not in UPLOAD_SUFFIXES:
        message = ("Choose a registry file (CSV, XLSX, GeoJSON, GeoPackage or zipped Shapefile)"
                   " / 请选择名录文件（CSV、XLSX、GeoJSON、GeoPackage 或压缩的 Shapefile）")
        return render_template("admin/upload.html", error=message, this_year=year), 400
    config = current_app.config
    root = uploads.upload_root(config)
    uploads.remove_stale(root)
    old = session.get("upload")
    if old and _TOKEN.fullmatch(old):
        shutil.rmtree(root / old, ignore_errors=True)  # one pending upload per session
    with uploads.new_upload(root) as (token, folder):  # removed again if anything below fails
        meta = {"original": original, "stored_name": "registry" + suffix, "year": year, "coords": coords,
                "sheet": sheet, "close_missing": request.form.get("close_missing") == "on",
                "user": g.user["username"]}
        sent.save(folder / meta["stored_name"])
        uploads.write_json(folder / uploads.META_FILE, meta)
        inline = uploads.runs_inline(config, folder / meta["stored_name"])
        status = uploads.start(folder, "check", _check_work(config, folder, meta),
                               budget_s=uploads.budget_seconds(config), background=not inline,
                               name=original)
    session["upload"] = token
    if not inline:
        return redirect(url_for("admin.upload_page", token=token), code=303)
    return _show(folder, token, meta, status)


@bp.get("/upload/<token>")
def upload_page(token: str) -> Any:
    """A pending upload: its job's progress (polled), or the report, or the import's result."""
    _city_admin()
    folder, meta = _pending(token)
    status = uploads.job_status(folder)
    if status is None:
        abort(404, description="No such upload; upload the file again / 没有该上传文件，请重新上传")
    return _show(folder, token, meta, status)


@bp.get("/upload/<token>/status")
def upload_status(token: str) -> Response:
    """The upload's job as JSON (kind, state, steps, error), polled by the progress page's script."""
    _city_admin()
    folder, _ = _pending(token)
    status = uploads.job_status(folder)
    if status is None:
        abort(404, description="No such upload; upload the file again / 没有该上传文件，请重新上传")
    response = jsonify(status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/upload/<token>/rejected.csv")
def upload_rejected(token: str) -> Response:
    """Every rejected row of the checked file, as the CLI's ``rejected_import.csv``."""
    from learning_map.store.imports import REJECTED_IMPORT_FILE

    _city_admin()
    folder, _ = _pending(token)
    path = folder / uploads.REJECTED_FILE
    if not path.is_file():
        abort(404, description="No rejected rows / 没有被拒绝的行")
    response = send_file(path, mimetype="text/csv", as_attachment=True,
                         download_name=REJECTED_IMPORT_FILE, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/upload/<token>/confirm")
def confirm_upload(token: str) -> Any:
    """Import the pending upload this session checked (the same file, checked by its SHA-256)."""
    _city_admin()
    folder, meta = _pending(token)
    status = uploads.job_status(folder)
    checked = uploads.read_json(folder / "check.json")
    if status is not None and status["state"] == "running":
        abort(409, description="This upload is still being processed; wait until it is done"
                               " / 该上传文件仍在处理中，请稍候")
    if status is None or status["kind"] != "check" or checked is None:
        abort(404, description="No such upload; upload the file again / 没有该上传文件，请重新上传")
    if not checked["good"]:
        _drop_pending(folder)
        flash("No sites to import; the registry is unchanged / 没有可导入的站点，名录未改动", "error")
        return redirect(url_for("admin.upload"))
    config = current_app.config
    inline = uploads.runs_inline(config, folder / meta["stored_name"])
    try:
        status = uploads.start(folder, "import", _import_work(config, folder, meta, checked),
                               budget_s=uploads.budget_seconds(config), background=not inline,
                               name=meta["original"])
    except uploads.UploadBusyError as exc:
        abort(409, description=str(exc))
    if not inline:
        return redirect(url_for("admin.upload_page", token=token), code=303)
    return _show(folder, token, meta, status)


@bp.post("/upload/<token>/discard")
def discard_upload(token: str) -> Response:
    """Drop the pending upload; nothing was imported."""
    folder, _ = _pending(token)
    _drop_pending(folder)
    flash("Upload discarded; the registry is unchanged / 已放弃上传，名录未改动")
    return redirect(url_for("admin.upload"))


# --------------------------------------------------------------------------- reports


@bp.get("/reports")
def reports_page() -> str:
    """Citizens' corrections, open ones first (city admins)."""
    _city_admin()
    status = request.args.get("status", "open")
    if status not in ("open", "done", "all"):
        abort(400, description="status must be open, done or all / 状态须为 open、done 或 all")
    rows = store_admin.reports(registry(), None if status == "all" else status)
    return render_template("admin/reports.html", reports=rows, status=status)


@bp.post("/reports/<int:report_id>/done")
def report_done(report_id: int) -> Response:
    """Mark a report handled, by this user."""
    _city_admin()
    if not store_admin.mark_report_done(registry(), report_id, g.user["username"]):
        abort(404, description="No such open report / 没有该待处理的纠错")
    flash(f"Report {report_id} marked done / 纠错 {report_id} 已处理")
    return redirect(url_for("admin.reports_page"))


# --------------------------------------------------------------------------- yearly export


def _export_page(year: int | None = None, error: str | None = None) -> str:
    store = registry()
    years = store.years()
    if year is None:
        year = _year_field() if request.args.get("year") else (max(years) if years else time.gmtime().tm_year)
    root = jobs.export_root(current_app.config)
    return render_template(
        "admin/export.html", year=year, years=sorted(set(years) | {year}), error=error,
        status=jobs.job_status(root, year), past=jobs.past_exports(root),
        published=store_admin.publications(store), folder=root,
    )


@bp.get("/export")
def export_page() -> str:
    """Export a year's learning map (city admins): the form, that year's last export, past exports."""
    _city_admin()
    return _export_page()


@bp.post("/export")
def start_export() -> Response | tuple[str, int]:
    """Start exporting a year in the background; refused while another export runs."""
    _city_admin()
    year = _year_field()
    try:
        jobs.start_export(current_app.config, year, g.user["username"])
    except jobs.ExportBusyError as exc:
        return _export_page(year, str(exc)), 409
    except LearningMapError as exc:
        return _export_page(year, str(exc)), 400
    flash(f"Export of {year} started / 已开始导出 {year} 年学习地图")
    return redirect(url_for("admin.export_page", year=year))


@bp.get("/export/<int(fixed_digits=4):year>/status")
def export_status(year: int) -> Response:
    """The year's export as JSON (state, steps, error), polled by the export page's script."""
    _city_admin()
    status = jobs.job_status(jobs.export_root(current_app.config), year)
    if status is None:
        abort(404, description="This year has not been exported / 该年份尚未导出")
    response = jsonify(status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/exports/<int(fixed_digits=4):year>.zip")
def export_zip(year: int) -> Response:
    """The finished export of a year as one zip (city admins only)."""
    _city_admin()
    root = jobs.export_root(current_app.config)
    status = jobs.job_status(root, year)
    path = jobs.zip_path(root, year)
    if status is None or status["state"] != "done" or not path.is_file():
        abort(404, description="No finished export of this year / 该年份没有已完成的导出")
    response = send_file(path, mimetype="application/zip", as_attachment=True,
                         download_name=f"learning-map-{year}.zip", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
