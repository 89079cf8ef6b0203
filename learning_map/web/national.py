"""
Many cities from one server: a national page, ``/api/locate`` and each city at ``/c/<slug>/``.

``learning-map serve national/`` serves a national folder (:mod:`learning_map.bundle.national`).
Each city is the ordinary single-city app (:func:`learning_map.web.create_app`) mounted
under ``/c/<slug>``: a WSGI dispatcher in front of the national app sets ``SCRIPT_NAME``, so
the city's pages, API, basemap and static files answer there unchanged and ``url_for``
writes the prefixed paths (the citizen page reads its API base from ``data-base``).

Cities open on their first request, in the worker that gets it, and stay in a per-worker
LRU of at most ``max_open`` cities; the least recently used one is closed (dropped and
garbage-collected) when another opens. Their walk networks are memory-mapped, so workers
that opened the same city share its pages: memory per worker is bounded by ``max_open``
cities, however many the folder holds.
"""

from __future__ import annotations

import functools
import gc
import logging
import re
import threading
from collections import Counter, OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
)
from werkzeug.exceptions import HTTPException, NotFound, ServiceUnavailable

from learning_map.base.i18n import N_, format_number, gettext
from learning_map.base.schema import OSM_ATTRIBUTION
from learning_map.bundle.core import current_build, network_path
from learning_map.bundle.national import (
    INDEX_FILE,
    STATUS_DONE,
    CityEntry,
    city_dir,
    locate,
    read_index,
)
from learning_map.errors import BundleError, LearningMapError, NoMatchError, ParameterError
from learning_map.planning.standards import builtin_standards, load_standard
from learning_map.walking.network import load_network
from learning_map.web import config as web_config
from learning_map.web import create_app, views
from learning_map.web.api import number
from learning_map.web.guard import OrjsonProvider, guard_app, own_error
from learning_map.web.locale import page_words, request_locale

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

logger = logging.getLogger(__name__)

EXTENSION_KEY = "learning_map.bundle.national"
# /c/<slug>/<rest>: the city part of a path (the slug is checked against cities.json).
_CITY_PATH = re.compile(r"^/c/([a-z0-9-]{1,64})(/.*)$")
# Headline figures the national page knows by name (others show their key as given).
HEADLINE_LABELS = {
    "covered_share_15min": N_("Residents within 15 min"),
    "elderly_covered_share_15min": N_("Older residents within 15 min"),
    "covered_share": N_("Residents covered"),
    "sites": N_("Learning sites"),
    "nodes": N_("Network nodes"),
    "pass": N_("Meets the standard"),
    # The keys learning-map batch writes (learning_map.bundle.national.CityEntry.headline).
    "network_share_15min": N_("Streets within 15 min"),
    "standard": N_("Standard"),
    "standard_pass": N_("Meets the standard"),
    "district": N_("District"),
}
# Translators: a city's state on the national page (its build done, failed, still pending).
STATUS_LABELS = {"done": N_("Ready"), "failed": N_("Failed"), "pending": N_("Pending")}
# The national page's language when the reader names none (the many-city servers are mainland ones).
NATIONAL_LOCALE = "zh_Hans"


class CityApps:
    """
    The cities of a national folder, each opened as a single-city app on first use.

    Holds at most ``max_open`` open cities per process (least recently used closed first).
    ``cities.json`` is read again when it changes, so a batch that is still running adds
    cities without a restart.
    """

    def __init__(self, root: str | Path, *, max_open: int, city_config: dict[str, Any]) -> None:
        if max_open < 1:
            raise ParameterError("max_open", message_id="parameter.at_least", low=1)
        self.root = Path(root).resolve()
        self.max_open = max_open
        self.city_config = city_config
        self.opened: Counter[str] = Counter()  # how often each city was opened (logs, tests)
        self._open: OrderedDict[str, Flask] = OrderedDict()
        self._failures: dict[str, str] = {}
        self._lock = threading.RLock()
        self._index: tuple[tuple[int, int, int], dict[str, CityEntry]] | None = None

    def entries(self) -> dict[str, CityEntry]:
        """The cities by slug, from ``cities.json`` (read again when its time stamp changes)."""
        info = (self.root / INDEX_FILE).stat()
        # write_index replaces the file (a new inode), so this changes even within a clock tick.
        stamp = (info.st_ino, info.st_mtime_ns, info.st_size)
        with self._lock:
            if self._index is None or self._index[0] != stamp:
                entries = read_index(self.root)
                for entry in entries:
                    if entry.status == STATUS_DONE and entry.bbox is None:
                        entry.bbox = _bundle_bbox(city_dir(self.root, entry.slug))
                self._index = (stamp, {entry.slug: entry for entry in entries})
            return self._index[1]

    def open_slugs(self) -> list[str]:
        """The cities open in this process, least recently used first."""
        with self._lock:
            return list(self._open)

    def get(self, slug: str) -> Flask | None:
        """
        The app of a servable city (opened now when needed), or None.

        None when the slug is unknown, the city is not ``done`` or its bundle does not
        load; :meth:`unavailable` then says why.
        """
        with self._lock:
            app = self._open.pop(slug, None)
            entry = self.entries().get(slug)
            if entry is None or entry.status != STATUS_DONE:  # also when cities.json changed since
                return None
            if app is None:
                app = self._load(slug)
                if app is None:
                    return None
            self._open[slug] = app  # most recently used last
            return app

    def _load(self, slug: str) -> Flask | None:
        while len(self._open) >= self.max_open:
            closed, _ = self._open.popitem(last=False)
            logger.info("closing city %s (more than %d open)", closed, self.max_open)
            # The app and its service hold reference cycles: collect now, so the closed city's
            # arrays and maps are freed before the next one is loaded.
            gc.collect()
        try:
            app = create_app(city_dir(self.root, slug), test_config=self.city_config)
        except LearningMapError as exc:
            self._failures[slug] = str(exc)
            logger.warning("city %s does not open: %s", slug, exc)
            return None
        self._failures.pop(slug, None)
        self.opened[slug] += 1
        logger.info("opened city %s", slug)
        return app

    def unavailable(self, slug: str) -> HTTPException:
        """The error for a city that :meth:`get` did not open (said in the request's language)."""
        entry = self.entries().get(slug)
        if entry is None:
            return own_error(NotFound, N_("No city {slug!r} on this server"), slug=slug)
        if entry.status != STATUS_DONE:
            if entry.error:
                return own_error(NotFound, N_("The city {name} is not available ({status}: {reason})"),
                                 name=entry.name, status=entry.status, reason=entry.error)
            return own_error(NotFound, N_("The city {name} is not available ({status})"),
                             name=entry.name, status=entry.status)
        return own_error(ServiceUnavailable, N_("The city {name} could not be opened: {reason}"),
                         name=entry.name, reason=self._failures.get(slug, ""))


def _bundle_bbox(bundle_dir: Path) -> list[float] | None:
    """A done city's box from its network when ``cities.json`` has none (None if unreadable)."""
    try:
        return list(load_network(network_path(current_build(bundle_dir))).bounds_lonlat())
    except (BundleError, OSError, ValueError):
        return None


class CityDispatcher:
    """
    WSGI middleware: ``/c/<slug>/...`` goes to that city's app, everything else to the national app.

    The city app sees ``SCRIPT_NAME`` ``/c/<slug>`` and the rest of the path as ``PATH_INFO``.
    A city that cannot be served falls through to the national app, which answers with
    the reason (:func:`city_unavailable`).
    """

    def __init__(self, home: Callable, cities: CityApps) -> None:
        self.home = home
        self.cities = cities

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:  # noqa: D102
        match = _CITY_PATH.match(environ.get("PATH_INFO", ""))
        if match:
            slug, rest = match.groups()
            app = self.cities.get(slug)
            if app is not None:
                environ = {**environ, "SCRIPT_NAME": environ.get("SCRIPT_NAME", "") + f"/c/{slug}",
                           "PATH_INFO": rest}
                return app(environ, start_response)
        return self.home(environ, start_response)


bp = Blueprint("national", __name__)


def cities() -> CityApps:
    """The national folder's cities (inside a request)."""
    return current_app.extensions[EXTENSION_KEY]


def city_url(slug: str) -> str:
    """Where a city's map is served."""
    return f"{request.script_root}/c/{slug}/"


@functools.cache
def standard_title(name: str, locale: str) -> str:
    """A standard's title for a page in ``locale`` (its file name when it is not a built-in one)."""
    if name not in builtin_standards():
        return name
    return load_standard(name).label(locale)


def headline_items(headline: dict[str, Any], locale: str) -> list[dict[str, str]]:
    """A city's headline figures as label/value text for a page in ``locale``."""
    items = []
    for key, value in headline.items():
        if value is None:  # e.g. a share without population, a standard with no rule here
            continue
        label = gettext(HEADLINE_LABELS[key], locale=locale) if key in HEADLINE_LABELS else key
        if key == "standard":
            text = standard_title(str(value), locale)
        elif isinstance(value, bool):
            text = gettext("yes", locale=locale) if value else gettext("no", locale=locale)
        elif isinstance(value, float) and "share" in key and 0 <= value <= 1:
            text = f"{format_number(value * 100, locale=locale, digits=0)}%"
        elif isinstance(value, int):
            text = format_number(value, locale=locale)
        elif isinstance(value, float):
            text = format_number(value, locale=locale, digits=1)
        else:
            text = str(value)
        items.append({"label": label, "value": text})
    return items


def _city_row(entry: CityEntry, locale: str) -> dict[str, Any]:
    done = entry.status == STATUS_DONE
    return {
        "slug": entry.slug, "name": entry.name, "status": entry.status,
        "status_label": gettext(STATUS_LABELS[entry.status], locale=locale) if entry.status in STATUS_LABELS
        else entry.status,
        "residents": None if entry.residents is None else format_number(entry.residents, locale=locale),
        "headline": headline_items(entry.headline or {}, locale), "error": entry.error,
        "url": city_url(entry.slug) if done else None,
    }


@bp.get("/")
def index() -> str:
    """
    The national page: every city with its status and headline figures, and an overview map.

    Autoescaped, nothing marked safe; the map's data reaches national.js only as JSON in a
    non-executed ``<script type="application/json">``.
    """
    locale = request_locale(NATIONAL_LOCALE) or NATIONAL_LOCALE
    entries = list(cities().entries().values())
    rows = [_city_row(entry, locale) for entry in entries]
    config = {
        "cities": [{"slug": e.slug, "name": e.name, "status": e.status, "bbox": e.bbox,
                    "url": city_url(e.slug) if e.status == STATUS_DONE else None} for e in entries],
        "locateUrl": f"{request.script_root}/api/locate",
        "osmAttribution": OSM_ATTRIBUTION,
    }
    done = sum(entry.status == STATUS_DONE for entry in entries)
    return render_template("national.html", rows=rows, config=config, done=done, total=len(entries),
                           **page_words(locale))


@bp.get("/api/cities")
def cities_json() -> Response:
    """Every city of the folder: slug, name, status, bbox, residents, headline, error and URL."""
    return jsonify(cities=[
        {"slug": e.slug, "name": e.name, "status": e.status, "bbox": e.bbox, "residents": e.residents,
         "headline": e.headline, "error": e.error,
         "url": city_url(e.slug) if e.status == STATUS_DONE else None}
        for e in cities().entries().values()])


@bp.get("/api/locate")
def locate_city() -> Response:
    """The city whose box holds ``lon``/``lat``: its slug, name and URL (404 when none)."""
    lon = number("lon", low=-180, high=180)
    lat = number("lat", low=-90, high=90)
    entry = locate(list(cities().entries().values()), lon, lat)
    if entry is None:
        raise NoMatchError("lon", N_("No city on this server covers this point"))
    response = jsonify(slug=entry.slug, name=entry.name, url=city_url(entry.slug), bbox=entry.bbox)
    response.headers["Cache-Control"] = "no-store"  # it answers where the citizen is
    return response


@bp.get("/c/<slug>")
def city_root(slug: str) -> Response:
    """``/c/<slug>`` without its slash: to the city's page (a relative Location, never a host)."""
    if slug not in cities().entries():
        raise cities().unavailable(slug)
    return redirect(city_url(slug), code=308)


@bp.get("/c/<slug>/")
@bp.get("/c/<slug>/<path:rest>")
def city_unavailable(slug: str, rest: str = "") -> Response:
    """A city path the dispatcher did not serve: unknown, not done, or not loadable."""
    raise cities().unavailable(slug)


def create_national_app(root: str | Path, *, max_open_cities: int | None = None,
                        test_config: dict[str, Any] | None = None) -> Flask:
    """
    Create the web app for a national folder (many cities, one set of workers).

    Parameters
    ----------
    root
        National folder with ``cities.json`` and ``cities/<slug>/`` bundles.
    max_open_cities
        Cities kept open per worker process (least recently used closed first); default
        the setting ``MAX_OPEN_CITIES`` (4).
    test_config
        Config overriding the environment (``TILES_URL``, ``TILES_ATTRIBUTION``,
        ``MAX_MINUTES``); cities get the same values. Planner, admin and downloads are
        single-city features: they are off here.

    Raises
    ------
    BundleError
        ``root`` has no readable ``cities.json``.
    SettingError
        A setting the cities could not use: refused here, at start, not at a city's first request.
    """
    app = Flask("learning_map.web")
    app.json = OrjsonProvider(app)
    app.config.from_mapping(web_config.defaults())
    app.config.from_prefixed_env("LEARNING_MAP")
    if test_config:
        app.config.update(test_config)
    web_config.apply_settings(app.config)
    if max_open_cities is None:
        max_open_cities = app.config["MAX_OPEN_CITIES"]
    city_config = {key: app.config[key] for key in ("TILES_URL", "TILES_ATTRIBUTION", "MAX_MINUTES",
                                                    "TRUSTED_PROXIES")}
    # Each city's page links back to this one ("All cities").
    # Planner, admin and downloads are single-city features: not registered at all there.
    city_config |= {"NATIONAL_URL": "/", "SINGLE_CITY_PAGES": False, "ADMIN_ENABLED": False, "SECRET_KEY": None, "PLANNER_UNITS": None,
                    "PLANNER_LOGIN": False, "REGISTRY_YEAR": None, "EXPORT_DIR": None}
    registry = CityApps(root, max_open=max_open_cities, city_config=city_config)
    registry.entries()  # a missing or damaged cities.json fails here, at start
    app.extensions[EXTENSION_KEY] = registry
    app.register_blueprint(bp)
    app.register_blueprint(views.vendor)
    guard_app(app)
    app.wsgi_app = CityDispatcher(app.wsgi_app, registry)  # type: ignore[method-assign]
    return app
