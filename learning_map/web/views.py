"""
Page blueprint: the citizen map and one server-rendered page per site.

The map is a static page (app.js builds the Leaflet map and calls the API); ``/site/<id>``
is each site's permalink (printed QR codes point there).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

import xstatic.pkg.leaflet as xstatic_leaflet
from flask import Blueprint, abort, current_app, render_template, request, url_for

from learning_map.base.i18n import negotiate
from learning_map.base.schema import OSM_ATTRIBUTION, OSM_COPYRIGHT_URL
from learning_map.city.categories import CATEGORIES
from learning_map.city.coords import for_map_apps
from learning_map.city.courses.schedule import WEEKDAYS
from learning_map.city.hours import hours_text
from learning_map.city.naming import to_traditional
from learning_map.errors import ParameterError
from learning_map.web import reports
from learning_map.web.context import city_service
from learning_map.web.service import CityService

if TYPE_CHECKING:
    from learning_map.web.service import CityService

bp = Blueprint("pages", __name__)
# Leaflet is served from the xstatic-leaflet package installed from PyPI: no CDN.
vendor = Blueprint("vendor", __name__, static_folder=xstatic_leaflet.BASE_DIR,
                   static_url_path="/vendor/leaflet")


@bp.get("/")
def index() -> str:
    """
    The citizen map page.

    The template is autoescaped and marks nothing safe: data (the city and category
    names) reaches it as escaped text, and the map's settings only as JSON in a
    non-executed ``<script type="application/json">`` that app.js reads. Attributions are
    text (and an http(s) URL): app.js builds them with the DOM, never as HTML. The minutes
    select is filled by app.js from ``maxMinutes`` and the URL.
    """
    svc = city_service()
    categories = [
        {"key": k, "zh": CATEGORIES[k].label_zh, "en": CATEGORIES[k].label_en,
         "color": CATEGORIES[k].color}
        for k in svc.bundle.model.categories
    ]
    courses = course_choices(svc)
    config = {
        **map_background(svc),
        "maxMinutes": svc.max_minutes,
        # POST /api/reports exists only with admin (its queue): the page shows 纠错 only then.
        "reports": bool(current_app.config["ADMIN_ENABLED"]),
        # The citizen page's course filter: only the categories some course is in.
        "courseCategories": [c["key"] for c in courses],
    }
    return render_template("index.html", city_name=svc.bundle.name, categories=categories,
                           config=config, osm_attribution=OSM_ATTRIBUTION,
                           course_categories=courses, weekdays=WEEKDAYS,
                           national_url=current_app.config.get("NATIONAL_URL"))


def course_choices(svc: CityService) -> list[dict[str, str]]:
    """The course categories offered in this city, with labels in the page's three languages."""
    taxonomy = svc.courses.taxonomy
    return [{"key": key, "zh": taxonomy.label(key, "zh"), "hant": to_traditional(taxonomy.label(key, "zh")),
             "en": taxonomy.label(key, "en")} for key in svc.courses.categories_offered()]


# -- one page per site ------------------------------------------------------------------

SITE_LANGUAGES = ("zh-Hans", "zh-Hant", "en")
# The page's own words in simplified Chinese and English (繁體 is made from the simplified
# text with OpenCC, see page_text); data text comes from the site record.
SITE_TEXT = {
    "zh-Hans": {"category": "类别", "address": "地址", "phone": "电话", "hours": "开放时间",
                "website": "网站", "on_map": "在地图上查看", "open_in": "用导航应用打开",
                "amap": "高德地图", "baidu": "百度地图", "tencent": "腾讯地图", "share": "分享",
                "share_hint": "复制此链接，或用浏览器的分享功能：", "report": "纠错：报告错误信息",
                "updated": "数据更新于", "registry_year": "登记年度", "unnamed": "（未命名）",
                "coords_note": "导航应用使用 GCJ-02 / BD-09 坐标，已自动换算。",
                "title": "15分钟学习圈", "other": "其他语言",
                "courses": "课程", "enrolling": "报名中", "course_category": "课程类别",
                "audience": "对象", "time": "上课时间", "term": "学期", "enrol_window": "报名时间",
                "seats": "名额", "fee": "费用", "free": "免费", "enrol": "报名",
                "courses_year": "年度"},
    "en": {"category": "Category", "address": "Address", "phone": "Phone", "hours": "Opening hours",
           "website": "Website", "on_map": "View on the map", "open_in": "Open in a map app",
           "amap": "Amap", "baidu": "Baidu Maps", "tencent": "Tencent Maps", "share": "Share",
           "share_hint": "Copy this link, or use your browser's share button:",
           "report": "Report a mistake (纠错)", "updated": "Data last updated",
           "registry_year": "registry year", "unnamed": "(unnamed)",
           "coords_note": "Map apps use GCJ-02 / BD-09 coordinates; converted for you.",
           "title": "15-minute learning circle", "other": "Other languages",
           "courses": "Courses", "enrolling": "Enrolling now", "course_category": "Subject",
           "audience": "For", "time": "When", "term": "Term", "enrol_window": "Enrolment",
           "seats": "Places", "fee": "Fee", "free": "Free", "enrol": "How to enrol",
           "courses_year": ""},
}
LANGUAGE_NAMES = {"zh-Hans": "简体中文", "zh-Hant": "繁體中文", "en": "English"}
# Browser language tags that mean traditional characters.
_TRADITIONAL = re.compile(r"^zh-(hant|tw|hk|mo)", re.IGNORECASE)
# A phone number as dialled: an optional leading + and digits; everything else is dropped.
_NOT_DIAL = re.compile(r"[^0-9]")


@functools.cache
def page_text(lang: str) -> dict[str, dict[str, str]]:
    """The site page's words (``site``) and its report form's (``report``) in ``lang``."""
    base = "en" if lang == "en" else "zh-Hans"
    words = {"site": SITE_TEXT[base], "report": REPORT_LABELS[base]}
    if lang == "zh-Hant":
        words = {part: {k: to_traditional(v) for k, v in text.items()} for part, text in words.items()}
    return words


def site_language() -> str:
    """
    Choose the site page's language.

    ``?lang=`` when it is one of :data:`SITE_LANGUAGES`, else the browser's first Chinese or
    English language, else the city's own script (繁體 where its names are traditional).
    """
    asked = request.args.get("lang", "")
    if asked in SITE_LANGUAGES:
        return asked
    for tag, _ in request.accept_languages:
        if _TRADITIONAL.match(tag):
            return "zh-Hant"
        if tag.lower().startswith("zh"):
            return "zh-Hans"
        if tag.lower().startswith("en"):
            return "en"
    return "zh-Hant" if city_service().traditional else "zh-Hans"


def tel_href(phone: str) -> str | None:
    """
    A ``tel:`` link for the first number in ``phone``: ``+`` and digits only, else None.

    ``"+853 2835 1234; 2835 9999"`` gives ``tel:+85328351234``; text with no digits gives None.
    """
    first = re.split(r"[;,/]", phone or "", maxsplit=1)[0].strip()
    digits = _NOT_DIAL.sub("", first)
    if not 3 <= len(digits) <= 20:
        return None
    return "tel:" + ("+" if first.startswith("+") else "") + digits


def web_href(url: str) -> str | None:
    """The site's website when it is an http(s) URL (never ``javascript:`` or other schemes)."""
    url = (url or "").strip()
    return url if re.match(r"^https?://[^\s<>\"']+$", url, re.IGNORECASE) else None


def map_app_links(lon: float, lat: float, name: str) -> dict[str, str]:
    """
    "Open in" links for Amap, Baidu Maps and Tencent Maps, with converted coordinates.

    Amap and Tencent get GCJ-02, Baidu BD-09 (:func:`learning_map.city.coords.for_map_apps`);
    each link also says which system it uses, so the app does not convert again.
    """
    points = for_map_apps(lon, lat)
    g_lon, g_lat = points["gcj02"]
    b_lon, b_lat = points["bd09"]
    amap = urlencode({"position": f"{g_lon},{g_lat}", "name": name, "src": "learning-map",
                      "coordinate": "gaode", "callnative": "1"}, quote_via=quote)
    baidu = urlencode({"location": f"{b_lat},{b_lon}", "title": name, "content": name,
                       "output": "html", "coord_type": "bd09ll", "src": "learning-map"}, quote_via=quote)
    tencent = urlencode({"marker": f"coord:{g_lat},{g_lon};title:{name}", "referer": "learning-map"},
                        quote_via=quote)
    return {"amap": f"https://uri.amap.com/marker?{amap}",
            "baidu": f"https://api.map.baidu.com/marker?{baidu}",
            "tencent": f"https://apis.map.qq.com/uri/v1/marker?{tencent}"}


REPORT_LABELS = {
    "zh-Hans": {"message": "哪里有误？", "contact": "联系方式（可选）", "send": "提交",
                "thanks": "谢谢！您的纠错已提交给管理员。"},
    "en": {"message": "What is wrong?", "contact": "Contact (optional)", "send": "Send",
           "thanks": "Thank you! Your report has gone to the city office."},
}


def _category_label(site: dict, lang: str) -> str:
    """The category in the page's language (traditional characters for zh-Hant)."""
    if lang == "en":
        return site["category_en"]
    return to_traditional(site["category_zh"]) if lang == "zh-Hant" else site["category_zh"]


def course_views(courses: list[dict], lang: str) -> list[dict]:
    """
    A site's courses as the page shows them, in the page's language.

    Text stays data (the template escapes it); the enrolment phone becomes a ``tel:`` link
    and the URL a link only when it is http(s).
    """
    return [course_view(course, lang) for course in courses]


def course_view(course: dict, lang: str) -> dict:
    """One course as the site page shows it (see :func:`course_views`)."""
    return _course_text(course, lang) | _course_enrolment(course)


def _course_text(course: dict, lang: str) -> dict:
    """A course's names, category, audience, times and term in the page's language."""

    def zh(text: str) -> str:
        return to_traditional(text) if lang == "zh-Hant" else text

    en = lang == "en"
    return {
        "name": (course["name_en"] or course["name"]) if en else course["name"],
        "other_name": course["name"] if en and course["name_en"] else "",
        "category": course["category"],
        "category_label": course["category_en"] if en else zh(course["category_zh"]),
        "audience": course["audience_en"] if en else zh(course["audience_zh"]),
        "slots": "; ".join(s["label_en"] if en else zh(s["label_zh"]) for s in course["slots"]),
        "term": course["term"] or "",
    }


def _course_enrolment(course: dict) -> dict:
    """A course's enrolment window, seats and fee, and how to enrol (tel: and http(s) links only)."""
    fee = course["fee"]
    return {
        "window": (f"{course['enrol_start'] or '…'} – {course['enrol_end'] or '…'}"
                   if course["enrol_start"] or course["enrol_end"] else ""),
        "enrolling": course["enrolling"],
        "seats": "" if course["seats"] is None else str(course["seats"]),
        "fee": None if fee is None else ("free" if fee == 0 else f"{fee:g}"),
        "phone": course["enrol_phone"] or "", "tel": tel_href(course["enrol_phone"] or ""),
        "url": web_href(course["enrol_url"] or ""), "url_text": course["enrol_url"] or "",
    }


def _updated(meta: dict) -> str:
    """The bundle's build date (YYYY-MM-DD), from meta.json."""
    return str(meta.get("built", ""))[:10]


@bp.post("/site/<path:site_id>/report")
def site_report(site_id: str) -> tuple[str, int]:
    """
    Take a report from the site page's 纠错 form (works without script).

    The report goes to the admin queue through the same checks as ``POST /api/reports``;
    the page is shown again with the outcome.
    """
    if not current_app.config["ADMIN_ENABLED"] or city_service().site_row(site_id) is None:
        abort(404)
    reports.same_origin()
    body = {"message": request.form.get("message", ""), "site_id": site_id}
    contact = request.form.get("contact", "").strip()
    if contact:
        body["contact"] = contact
    lang = site_language()
    try:
        response, status = reports.accept_report(body)
        message = (page_text(lang)["report"]["thanks"] if status == 201
                   else response.get_json()["error"]["message"])
    except ParameterError as exc:
        status, message = 400, exc.reason
    page = site_page(site_id, report_status=message)
    return (page if isinstance(page, str) else page[0]), (200 if status == 201 else status)


@bp.get("/site/<path:site_id>")
def site_page(site_id: str, *, report_status: str | None = None) -> tuple[str, int] | str:
    """
    Render one site's page.

    Names in each script, category, address, tap-to-call, hours, links to the map and to
    map apps, share and report links, and the data's date.

    Autoescaped and with no inline script (the CSP allows only this origin's files):
    site.js adds the share button where ``navigator.share`` exists. An unknown id is a
    bilingual 404 page.
    """
    svc = city_service()
    lang = site_language()
    row = svc.site_row(site_id)
    if row is None:
        return render_template("site.html", site=None, lang=lang, text=page_text(lang)["site"],
                               city_name=city_name_in(svc, lang), site_id=site_id), 404
    feature = svc.site_features[row]
    site = dict(feature["properties"])
    lon, lat = feature["geometry"]["coordinates"]
    names = site["names"]
    title = names[lang] if lang in names else site["name"]
    other = names["en"] if lang != "en" else names["zh-Hant" if svc.traditional else "zh-Hans"]
    return render_template(
        "site.html", site=site, lang=lang, text=page_text(lang)["site"], title=title,
        other_name=other if other != title else "",
        category=_category_label(site, lang),
        tel=tel_href(site["phone"]), website=web_href(site["website"]),
        apps=map_app_links(lon, lat, names["zh-Hans"] if lang == "zh-Hans" else title),
        map_url=url_for("pages.index") + "?" + urlencode({"site": site["site_id"]}),
        path=url_for("pages.site_page", site_id=site["site_id"]), languages=LANGUAGE_NAMES,
        city_name=city_name_in(svc, lang),
        updated=_updated(svc.bundle.meta), registry_year=current_app.config["REGISTRY_YEAR"],
        reports=bool(current_app.config["ADMIN_ENABLED"]), lon=lon, lat=lat,
        report_labels=page_text(lang)["report"], report_status=report_status,
        courses=course_views(svc.courses.site_courses(site["site_id"]), lang),
        courses_year=svc.courses.year, downloads=bool(current_app.config["SINGLE_CITY_PAGES"]),
        hours=hours_text(site["opening_hours"], negotiate(lang)),
    )


def city_name_in(svc: CityService, lang: str) -> str:
    """The city's name for a page in ``lang``: 澳門 Macau in 繁體, 澳门 Macau in 简体, Macau in English."""
    names = svc.city_names
    if lang == "en" or lang not in names:
        return names["en"]
    return f"{names[lang]} {names['en']}"


def map_background(svc: CityService) -> dict:
    """
    The map settings every page with a map shares: bounds, the background and its credits.

    The offline basemap is the background without tiles, and the fallback when they fail.
    """
    tiles = current_app.config["TILES_URL"]
    return {
        "bounds": list(svc.bounds),
        "tilesUrl": tiles or None,
        "basemapUrl": url_for("basemap.basemap") if svc.basemap_archive() else None,
        "tilesAttribution": (current_app.config["TILES_ATTRIBUTION"] or None) if tiles else None,
        "osmAttribution": OSM_ATTRIBUTION,
        "osmAttributionUrl": OSM_COPYRIGHT_URL,
    }
