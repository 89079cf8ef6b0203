"""
Page blueprint: the citizen map and one server-rendered page per site.

The map is a static page (app.js builds the Leaflet map and calls the API); ``/site/<id>``
is each site's permalink (printed QR codes point there).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

import xstatic.pkg.leaflet as xstatic_leaflet
from flask import Blueprint, abort, current_app, render_template, request, url_for

from learning_map.base.i18n import format_number, gettext
from learning_map.base.schema import OSM_ATTRIBUTION, OSM_COPYRIGHT_URL
from learning_map.city.categories import CATEGORIES
from learning_map.city.coords import for_map_apps
from learning_map.city.courses.schedule import WEEKDAYS, audience_label
from learning_map.city.hours_words import WEEKDAY_WORDS
from learning_map.city.scripts import name_in, to_hant
from learning_map.errors import LearningMapError
from learning_map.export.words import city_name
from learning_map.web import reports
from learning_map.web.context import city_service
from learning_map.web.locale import city_locale, html_lang, page_words, request_locale

if TYPE_CHECKING:
    from learning_map.city.courses.taxonomy import Taxonomy
    from learning_map.web.service import CityService

bp = Blueprint("pages", __name__)
# Leaflet is served from the xstatic-leaflet package installed from PyPI: no CDN.
vendor = Blueprint("vendor", __name__, static_folder=xstatic_leaflet.BASE_DIR,
                   static_url_path="/vendor/leaflet")


@bp.get("/")
def index() -> str:
    """
    The citizen map page.

    Its words are in the request's locale (:func:`site_locale`) for the first paint and
    without script; app.js then applies the reader's chosen language. The template is
    autoescaped and marks nothing safe: data (the city and category
    names) reaches it as escaped text, and the map's settings only as JSON in a
    non-executed ``<script type="application/json">`` that app.js reads. Attributions are
    text (and an http(s) URL): app.js builds them with the DOM, never as HTML. The minutes
    select is filled by app.js from ``maxMinutes`` and the URL.
    """
    svc = city_service()
    locale = site_locale()
    categories = [
        {"key": k, "zh": CATEGORIES[k].label_zh, "en": CATEGORIES[k].label_en,
         "label": CATEGORIES[k].label(locale), "color": CATEGORIES[k].color}
        for k in svc.bundle.model.categories
    ]
    courses = course_choices(svc, locale)
    config = {
        **map_background(svc),
        "maxMinutes": svc.max_minutes,
        # The script of the city's own Chinese names (its name on an English or Portuguese page).
        "cityScript": html_lang("zh_Hant" if svc.traditional else "zh_Hans"),
        # POST /api/reports exists only with admin (its queue): the page offers "report a mistake" only then.
        "reports": bool(current_app.config["ADMIN_ENABLED"]),
        # The citizen page's course filter: only the categories some course is in.
        "courseCategories": [c["key"] for c in courses],
    }
    return render_template("index.html", city_name=city_name_in(svc, locale), categories=categories,
                           config=config, osm_attribution=OSM_ATTRIBUTION,
                           course_categories=courses, weekdays=list(zip(WEEKDAYS, WEEKDAY_WORDS, strict=True)),
                           national_url=current_app.config.get("NATIONAL_URL"), **page_words(locale))


def course_choices(svc: CityService, locale: str) -> list[dict[str, str]]:
    """
    The course categories offered in this city, with their labels.

    In each script (the page's language switch reads them) and ``label`` in ``locale`` (the
    first paint).
    """
    taxonomy = svc.courses.taxonomy
    return [{"key": key, "zh": taxonomy.label(key, "zh_Hans"), "hant": taxonomy.label(key, "zh_Hant"),
             "en": taxonomy.label(key, "en"), "pt": taxonomy.label(key, "pt"), "label": taxonomy.label(key, locale)}
            for key in svc.courses.categories_offered()]


# -- one page per site ------------------------------------------------------------------

# A phone number as dialled: an optional leading + and digits; everything else is dropped.
_NOT_DIAL = re.compile(r"[^0-9]")


def site_locale() -> str:
    """
    The site page's locale (as the citizen page chooses it).

    ``?lang=``, else the browser's ``Accept-Language``
    (:func:`~learning_map.web.locale.request_locale`), else the city's own script.
    """
    return request_locale(city_locale(city_service())) or "zh_Hans"


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


def course_views(courses: list[dict], locale: str, taxonomy: Taxonomy) -> list[dict]:
    """
    A site's courses as the page shows them, in the page's locale.

    Text stays data (the template escapes it); the enrolment phone becomes a ``tel:`` link
    and the URL a link only when it is http(s).
    """
    return [course_view(course, locale, taxonomy) for course in courses]


def course_view(course: dict, locale: str, taxonomy: Taxonomy) -> dict:
    """One course as the site page shows it (see :func:`course_views`)."""
    return _course_text(course, locale, taxonomy) | _course_enrolment(course, locale)


def _course_text(course: dict, locale: str, taxonomy: Taxonomy) -> dict:
    """
    A course's names, category, audience, times and term in the page's locale.

    The names and the category label are data (Chinese and English; traditional converted like any
    data name); the audience and the weekdays are words from the catalogues.
    """
    latin = locale in ("en", "pt")
    slots = [gettext("{weekday} {time}", locale=locale, weekday=gettext(WEEKDAY_WORDS[WEEKDAYS.index(s["weekday"])],
                                                                        locale=locale),
                     time=f"{s['start']}–{s['end']}") for s in course["slots"]]
    return {
        "name": (course["name_en"] or course["name"]) if latin else _script(course["name"], locale),
        "other_name": course["name"] if latin and course["name_en"] else "",
        "category": course["category"],
        "category_label": taxonomy.label(course["category"], locale),
        "audience": audience_label(course["audience"], locale),
        "slots": ("; " if latin else "；").join(slots),
        "term": course["term"] or "",
    }


def _script(text: str, locale: str) -> str:
    """Chinese data text in a Chinese locale's script (as stored names are: OpenCC ``s2hk`` for traditional)."""
    return to_hant(text) if locale == "zh_Hant" else text


def _course_enrolment(course: dict, locale: str) -> dict:
    """A course's enrolment window, seats and fee, and how to enrol (tel: and http(s) links only)."""
    fee = course["fee"]
    return {
        "window": (f"{course['enrol_start'] or '…'} – {course['enrol_end'] or '…'}"
                   if course["enrol_start"] or course["enrol_end"] else ""),
        "enrolling": course["enrolling"],
        "seats": "" if course["seats"] is None else format_number(course["seats"], locale=locale),
        "fee": None if fee is None else (gettext("Free", locale=locale) if fee == 0
                                         else format_number(fee, locale=locale)),
        "phone": course["enrol_phone"] or "", "tel": tel_href(course["enrol_phone"] or ""),
        "url": web_href(course["enrol_url"] or ""), "url_text": course["enrol_url"] or "",
    }


def _updated(meta: dict) -> str:
    """The bundle's build date (YYYY-MM-DD), from meta.json."""
    return str(meta.get("built", ""))[:10]


@bp.post("/site/<path:site_id>/report")
def site_report(site_id: str) -> tuple[str, int]:
    """
    Take a report from the site page's report form (works without script).

    The report goes to the admin queue through the same checks as ``POST /api/reports``;
    the page is shown again with the outcome, in the page's locale.
    """
    if not current_app.config["ADMIN_ENABLED"] or city_service().site_row(site_id) is None:
        abort(404)
    reports.same_origin()
    body = {"message": request.form.get("message", ""), "site_id": site_id}
    contact = request.form.get("contact", "").strip()
    if contact:
        body["contact"] = contact
    locale = site_locale()
    try:
        response, status = reports.accept_report(body)
        message = (gettext("Thank you! Your report has gone to the city office.", locale=locale)
                   if status == 201 else response.get_json()["error"]["message"])
    except LearningMapError as exc:
        status, message = 400, exc.text(locale)
    page = site_page(site_id, report_status=message)
    return (page if isinstance(page, str) else page[0]), (200 if status == 201 else status)


@bp.get("/site/<path:site_id>")
def site_page(site_id: str, *, report_status: str | None = None) -> tuple[str, int] | str:
    """
    Render one site's page, in the request's locale (:func:`site_locale`).

    Names in each script (the page's first), category, address, tap-to-call, whether it is
    open now and its hours in words, links to the map and to map apps, share and report
    links, and the data's date.

    Autoescaped and with no inline script (the CSP allows only this origin's files):
    site.js adds the share button where ``navigator.share`` exists. An unknown id is a
    404 page in the same locale.
    """
    svc = city_service()
    locale = site_locale()
    words = page_words(locale)
    row = svc.site_row(site_id)
    if row is None:
        return render_template("site.html", site=None, city_name=city_name_in(svc, locale), site_id=site_id,
                               **words), 404
    feature = svc.with_open_state([svc.site_features[row]], svc.local_time(), locale=locale)[0]
    site = dict(feature["properties"])
    lon, lat = feature["geometry"]["coordinates"]
    names = site["names"]
    title = name_in(names, locale, fallback=site["name"])
    latin = locale in ("en", "pt")
    other = name_in(names, city_locale(svc)) if latin else names.get("en", "")
    category = CATEGORIES.get(site["category"])
    return render_template(
        "site.html", site=site, title=title,
        other_name=other if other and other not in title else "",
        category=category.label(locale) if category else site["category"],
        tel=tel_href(site["phone"]), website=web_href(site["website"]),
        apps=map_app_links(lon, lat, names["zh-Hans"] if locale == "zh_Hans" else title),
        map_url=url_for("pages.index") + "?" + urlencode({"site": site["site_id"], "lang": words["lang"]}),
        path=url_for("pages.site_page", site_id=site["site_id"]),
        city_name=city_name_in(svc, locale),
        updated=_updated(svc.bundle.meta), registry_year=current_app.config["REGISTRY_YEAR"],
        reports=bool(current_app.config["ADMIN_ENABLED"]), lon=lon, lat=lat, report_status=report_status,
        courses=course_views(svc.courses.site_courses(site["site_id"]), locale, svc.courses.taxonomy),
        courses_year=svc.courses.year, downloads=bool(current_app.config["SINGLE_CITY_PAGES"]),
        open_state=site["open_state"]["label"], hours=site["open_state"]["hours"],
        osm_attribution=OSM_ATTRIBUTION, **words,
    )


def city_name_in(svc: CityService, locale: str) -> str:
    """The city's name for a page in ``locale``: the one name the products print (:func:`city_name`)."""
    return city_name(svc.bundle, locale)


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
