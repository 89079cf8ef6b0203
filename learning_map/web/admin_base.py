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
from flask import Blueprint, abort, g, redirect, request, session, url_for

from learning_map.city.categories import CATEGORIES, SUBTYPES
from learning_map.web import admin_auth as auth
from learning_map.web.context import registry

if TYPE_CHECKING:
    from werkzeug.wrappers import Response

bp = Blueprint("admin", __name__, url_prefix="/admin")
_YEAR = re.compile(r"[0-9]{4}")
LABELS = {
    "site_id": "编号 / ID", "name": "名称 / Name", "name_zh": "中文名 / Chinese name",
    "name_en": "英文名 / English name", "category": "类别 / Category", "subtype": "子类型 / Subtype",
    "address": "地址 / Address", "phone": "电话 / Phone", "opening_hours": "开放时间 / Opening hours",
    "website": "网址 / Website", "description": "说明 / Description", "capacity": "座位数 / Seats",
    "district": "所属区 / District", "opened_year": "开办年份 / Opened", "closed_year": "关闭年份 / Closed",
}


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


@bp.after_request
def _no_store(response: Response) -> Response:
    """Admin pages hold names, districts and tokens: never kept by a browser or a proxy cache."""
    if "no-store" not in response.headers.get("Cache-Control", ""):
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.context_processor
def _common() -> dict[str, Any]:
    return {"user": g.get("user"), "labels": LABELS, "categories": CATEGORIES, "subtypes": SUBTYPES}


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
        abort(403, description="Only a city admin may do this / 仅市级管理员可执行此操作")


def may_edit(site: dict[str, Any]) -> bool:
    """Whether the signed-in user may edit ``site``: a city admin, or an editor of its district."""
    return g.user["role"] == "city_admin" or (site.get("district") or None) == g.user["district"]


def year_field(name: str = "year") -> int:
    """The four-digit year of the request's field ``name`` (400 otherwise)."""
    raw = request.values.get(name, "").strip()
    if not _YEAR.fullmatch(raw):
        abort(400, description=f"{name} must be a year like 2025 / 年份须为四位数字")
    return int(raw)


def shown_year(years: list[int]) -> int:
    """The year a page shows: ``?year=``, else the registry's latest, else this year."""
    if request.args.get("year"):
        return year_field()
    return max(years) if years else time.gmtime().tm_year
