"""The loaded city behind the web app: bundle, point queries and cached layers, in memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import shapely

from learning_map import settings
from learning_map.analysis.query import MAX_QUERY_SNAP_M, PointQueries
from learning_map.analysis.reach_index import load_reach_index
from learning_map.base.i18n import N_
from learning_map.base.units import (
    PACE_ALIASES,
    check_minutes,
    check_profile,
    metres_to_minutes,
    resolve_speed_kmh,
)
from learning_map.bundle.core import CityBundle, basemap_archive, current_build, load_bundle
from learning_map.city.categories import CATEGORIES, unknown_category
from learning_map.city.courses.catalogue import (
    CourseCatalogue,
    CourseFilter,
    city_timezone,
    offering_rows,
)
from learning_map.city.courses.schedule import AUDIENCES, TIMES_OF_DAY, WEEKDAYS
from learning_map.city.hours import HolidayCalendar, city_calendar, moment_at, states_at
from learning_map.city.naming import (
    group_likely_same,
    mostly_traditional,
    one_per_place,
)
from learning_map.city.regions import centre, written_lang
from learning_map.city.search import SearchIndex
from learning_map.city.sites import display_records
from learning_map.errors import ParameterError, check_choice
from learning_map.store.catalogue import catalogue_from_store
from learning_map.store.location import RegistryLocation
from learning_map.web.city_walks import CityWalks
from learning_map.web.limits import (
    MAX_CATEGORY_CHARS,
    MAX_COURSE_CATEGORY_CHARS,
    MAX_COURSE_LIST_CHARS,
)

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path


# A query point may lie this far outside the city's network bounds (degrees, ~2 km).
BOUNDS_MARGIN_DEG = 0.02
# Accepted ``pace`` values (``normal`` and ``adult`` are the same 4.8 km/h).
PACES = tuple(PACE_ALIASES)


@dataclass
class CityService:
    """Everything a request needs, built once at start-up."""

    bundle: CityBundle
    queries: PointQueries
    max_minutes: float = float(settings.MAX_WALK_MINUTES)
    # The registry's courses (of ``year``, else the latest year up to now); empty without a store.
    courses: CourseCatalogue = field(default_factory=CourseCatalogue.empty)
    _basemap: tuple[Path, str] | None = field(default=None, repr=False)
    _profile_queries: dict[str, PointQueries] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, bundle_dir: str | Path, *, max_minutes: float, year: int | None = None,
             registry: RegistryLocation | None = None) -> CityService:
        """
        Load a bundle (with the registry's sites as of ``year``) and index it once.

        The sites of ``year`` and the registry's courses (of ``year``, else the latest year
        up to now) come from the one ``registry`` (default: the bundle folder's
        ``registry.gpkg``, or ``$LEARNING_MAP_DATABASE_URL``); a registry that does not
        exist is never created.
        """
        registry = registry or RegistryLocation.of(bundle_dir)
        bundle = load_bundle(bundle_dir)
        if year is not None:
            # Imported here, not at the top: the build pipeline takes ~0.3 s to load, and only
            # a server that shows a registry year (REGISTRY_YEAR) needs it.
            from learning_map.build.pipeline import city_for_year

            bundle = city_for_year(bundle, int(year), url=registry.url, registry_dir=registry.folder,
                                   schema=registry.schema)
        queries = point_queries(bundle, settings.DEFAULT_PROFILE)
        _ = bundle.network.adjacency, bundle.network.vertex_keys
        courses = catalogue_from_store(registry.folder, year=year, url=registry.url,
                                       schema=registry.schema,
                                       timezone=city_timezone(bundle.network.bounds_lonlat()))
        service = cls(bundle, queries, max_minutes, courses)
        _ = service.search_index  # search keys once, at start-up, not on the first query
        return service

    def queries_for(self, profile: str) -> PointQueries:
        """Point queries of a mobility profile; the step-free index is built on first use."""
        self.check_profile(profile)
        if profile == settings.DEFAULT_PROFILE:
            return self.queries
        if profile not in self._profile_queries:
            self._profile_queries[profile] = point_queries(self.bundle, profile)
        return self._profile_queries[profile]

    @staticmethod
    def check_profile(profile: str) -> str:
        """``walk`` or ``step-free``; anything else is a 400 naming ``profile``."""
        return check_profile(profile)

    @cached_property
    def calendar(self) -> HolidayCalendar:
        """The city's public holidays and time zone (from where the city is)."""
        return city_calendar(*centre(self.bounds))

    def local_time(self, day: str | None = None, clock: str | None = None) -> dt.datetime:
        """
        The moment "open at" asks about, in the city's time zone (naive local time).

        ``day``: ``today`` (default), ``tomorrow`` or a weekday ``mo``..``su`` (the next
        such day, today included); ``clock``: ``HH:MM`` (default: now).
        """
        return moment_at(self.calendar, day, clock)

    def with_open_state(self, features: list[dict], moment: dt.datetime, *,
                        open_only: bool = False, locale: str | None = None) -> list[dict]:
        """
        Each site Feature with its ``open_state`` at ``moment``.

        The state is open / closed / unknown with bilingual labels and the time it changes;
        with ``locale``, also its ``label`` and the opening ``hours`` in words in that locale;
        with ``open_only`` only the sites open then are kept.
        """
        found = states_at((f["properties"].get("opening_hours") for f in features), moment, self.calendar)
        states = {text: state.as_dict(moment, locale) for text, state in found.items()}
        out = []
        for feature in features:
            props = feature["properties"]
            state = states[(props.get("opening_hours") or "").strip()]
            if open_only and state["status"] != "open":
                continue
            out.append({**feature, "properties": {**props, "open_state": state}})
        return out

    @cached_property
    def walks(self) -> CityWalks:
        """The city's humanities walks: suggested from a point, and its curated routes."""
        return CityWalks(self.bundle)

    @cached_property
    def city_names(self) -> dict[str, str]:
        """The city's name per locale (zh-Hans, zh-Hant, en, pt), as its bundle keeps them, for /api/city."""
        return self.bundle.names

    @cached_property
    def _row_of_site(self) -> dict[str, int]:
        return {str(site_id): i for i, site_id in enumerate(self.bundle.sites["site_id"])}

    def site_row(self, site_id: str) -> int | None:
        """Row position of a site id, or None when this city has no such site."""
        return self._row_of_site.get(site_id)

    @cached_property
    def traditional(self) -> bool:
        """True when most of the city's Chinese site names are traditional (Macau, Hong Kong)."""
        return mostly_traditional(self.bundle.sites["name"].astype(str))

    @cached_property
    def search_index(self) -> SearchIndex:
        """Search keys (folded names, pinyin, addresses) of every site, place and street."""
        return SearchIndex.build(display_records(self.bundle.sites), self.bundle.places,
                                 site_group=self.place_group, network=self.bundle.network,
                                 max_snap_m=MAX_QUERY_SNAP_M)

    def search(self, text: str, *, lon: float | None = None, lat: float | None = None,
               pace: str = "normal", limit: int = 20) -> list[dict]:
        """Search results, ranked by walking time from (lon, lat) when given."""
        return self.queries.search(text, self.search_index, lon=lon, lat=lat,
                                   speed_kmh=self.pace_kmh(pace), limit=limit)

    def basemap_archive(self) -> tuple[Path, str] | None:
        """
        The bundle's basemap archive and its SHA-256, or None when it has none.

        Looked up again when the file is gone (a rebuild removed the old build), so
        the page keeps its background without a restart.
        """
        found = self._basemap
        if found is None or not found[0].is_file():
            found = self._basemap = basemap_archive(self.bundle.path)
        return found

    @cached_property
    def site_features(self) -> list[dict]:
        """Every site as a GeoJSON Feature, built once (requests copy and extend them)."""
        features = []
        for record in display_records(self.bundle.sites):
            point = [record.pop("lon"), record.pop("lat")]
            features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": point},
                             "properties": record})
        return features

    def feature_with_walk(self, index: int, walk_m: float, speed_kmh: float) -> dict:
        """A site Feature plus its walking distance and minutes."""
        feature = self.site_features[index]
        props = dict(feature["properties"])
        props["walk_m"] = round(walk_m, 1)
        props["walk_minutes"] = round(float(metres_to_minutes(walk_m, speed_kmh)), 1)
        return {"type": "Feature", "geometry": feature["geometry"], "properties": props}

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) of the city network."""
        return self.bundle.network.bounds_lonlat()

    @cached_property
    def default_lang(self) -> str | None:
        """
        The citizen page's language when the reader has not chosen one.

        The bundle's ``default_lang``, else ``zh-Hant`` for a city centred in Hong Kong, Macau
        or Taiwan, else None (the page then follows the browser's language).
        """
        if self.bundle.meta.get("default_lang"):
            return str(self.bundle.meta["default_lang"])
        return written_lang(*centre(self.bounds))

    @cached_property
    def query_bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) a query point may lie in: the network bounds plus a margin."""
        west, south, east, north = self.bounds
        m = BOUNDS_MARGIN_DEG
        return west - m, south - m, east + m, north + m

    # -- parameter checks: each raises ParameterError naming the parameter -------------

    def check_point(self, lon: float, lat: float, *, names: tuple[str, str] = ("lon", "lat")) -> None:
        """Reject a point far outside the city (the same bounds /openapi.json publishes)."""
        west, south, east, north = self.query_bounds
        if not (west <= lon <= east):
            raise ParameterError(names[0], N_("{value} is outside this city ({low:.4f} to {high:.4f})"),
                                 value=lon, low=west, high=east)
        if not (south <= lat <= north):
            raise ParameterError(names[1], N_("{value} is outside this city ({low:.4f} to {high:.4f})"),
                                 value=lat, low=south, high=north)

    def check_minutes(self, minutes: float) -> float:
        """Walking minutes must be in (0, max_minutes]."""
        return check_minutes(minutes, high_min=self.max_minutes)

    @staticmethod
    def pace_kmh(pace: str) -> float:
        """``normal``/``adult`` or ``elderly``."""
        check_choice("pace", pace, PACES, message_id="pace.not_preset")
        return resolve_speed_kmh(pace)

    @staticmethod
    def check_categories(value: str | None) -> list[str] | None:
        """
        Comma-separated category keys, exactly as /openapi.json's pattern describes.

        Absent or empty means all categories; ``",,,"``, an empty item or an unknown
        key is a ParameterError.
        """
        if not value:
            return None
        if len(value) > MAX_CATEGORY_CHARS:
            raise ParameterError("category", N_("is longer than {limit} characters"), limit=MAX_CATEGORY_CHARS)
        keys = value.split(",")
        if not any(keys):
            raise ParameterError("category", N_("{value!r} names no category"), value=value)
        unknown = [k for k in keys if k not in CATEGORIES]
        if unknown:
            raise unknown_category("category", unknown[0], with_all=False)
        return keys

    def check_course_filter(self, args: dict[str, str]) -> CourseFilter:
        """
        The course filter of a request, exactly as /openapi.json describes it.

        ``course_category``, ``weekday`` and ``time_of_day`` are comma lists, ``audience`` and
        ``enrolling`` single words. Empty or absent means any; a bad value is a
        ParameterError naming its parameter.
        """
        lists = {}
        for name, words, limit in (
            ("course_category", self.courses.taxonomy.keys, MAX_COURSE_CATEGORY_CHARS),
            ("weekday", WEEKDAYS, MAX_COURSE_LIST_CHARS),
            ("time_of_day", TIMES_OF_DAY, MAX_COURSE_LIST_CHARS),
        ):
            value = args.get(name) or ""
            if len(value) > limit:
                raise ParameterError(name, N_("is longer than {limit} characters"), limit=limit)
            items = value.split(",") if value else []
            unknown = [item for item in items if item not in words]
            if unknown:
                raise ParameterError(name, N_("unknown value {value!r} (use: {choices})"), value=unknown[0],
                                     choices=tuple(words))
            lists[name] = tuple(items) or None
        audience = args.get("audience")
        if audience is not None:
            check_choice("audience", audience, AUDIENCES, message_id="audience.unknown")
        enrolling = args.get("enrolling")
        if enrolling is not None and enrolling not in ("true", "false", "1", "0"):
            raise ParameterError("enrolling", N_("{value!r} is not true or false"), value=enrolling)
        return CourseFilter(categories=lists["course_category"], audience=audience,
                            weekdays=lists["weekday"], times_of_day=lists["time_of_day"],
                            enrolling=enrolling in ("true", "1"))

    @staticmethod
    def _with_courses(feature: dict, matches: dict[str, list[dict]] | None) -> dict:
        """The feature with its matching courses (a copy), or as it is without a course filter."""
        if matches is None:
            return feature
        props = {**feature["properties"], "courses": matches.get(str(feature["properties"]["site_id"]), [])}
        return {**feature, "properties": props}

    # -- GeoJSON builders -------------------------------------------------------------

    def sites_geojson(self, categories: list[str] | None, bbox: tuple[float, ...] | None,
                      courses: CourseFilter | None = None) -> dict:
        """Sites filtered by category, bounding box and the courses they offer."""
        sites = self.bundle.sites
        lon, lat = sites.geometry.x.to_numpy(), sites.geometry.y.to_numpy()
        mask = np.ones(len(sites), dtype=bool)
        if categories:
            mask &= sites["category"].isin(categories).to_numpy()
        if bbox:
            west, south, east, north = bbox
            # RFC 7946 5.2: west > east is a box across the antimeridian; south > north holds nothing.
            in_lon = ((lon >= west) & (lon <= east)) if west <= east else ((lon >= west) | (lon <= east))
            mask &= in_lon & (lat >= south) & (lat <= north)
        matches = self.courses.matching_filter(courses)
        if matches is not None:
            mask &= offering_rows(sites["site_id"], matches)
        features = [self._with_courses(self.site_features[i], matches) for i in np.flatnonzero(mask)]
        return {"type": "FeatureCollection", "features": features}

    def reachable_geojson(self, lon: float, lat: float, *, minutes: float, pace: str,
                          categories: list[str] | None, profile: str = settings.DEFAULT_PROFILE,
                          open_day: str | None = None, open_time: str | None = None,
                          open_only: bool = False, courses: CourseFilter | None = None,
                          locale: str | None = None) -> dict:
        """
        Sites within the walk (sorted) plus the isochrone and the nearest site beyond.

        ``locale`` (``zh_Hant``...): the open states' labels and the hours in words in it.

        Each site says whether it is open at ``open_day`` / ``open_time`` (default now, city
        time; see :meth:`local_time`); with ``open_only`` only open sites are listed. ``profile="step-free"`` walks around steps.
        With a course filter only the sites offering a matching course count, each with ``courses``.
        """
        speed = self.pace_kmh(pace)
        moment = self.local_time(open_day, open_time)
        matches = self.courses.matching_filter(courses)
        rows = None
        if matches is not None:  # only the sites offering a matching course count
            rows = np.flatnonzero(offering_rows(self.bundle.sites["site_id"], matches))
        result = self.queries_for(profile).reachable(lon, lat, minutes=minutes, speed_kmh=speed,
                                                     categories=categories, rows=rows)
        features = self.with_open_state(self._one_per_place(result.site_index, result.walk_m, speed),
                                        moment, open_only=open_only, locale=locale)
        features = [self._with_courses(f, matches) for f in features]
        return {
            "type": "FeatureCollection",
            "features": features,
            "query": {"lon": lon, "lat": lat, "minutes": minutes, "pace": pace, "speed_kmh": speed,
                      "categories": categories, "access_m": round(result.access_m, 1),
                      "profile": profile, "at": moment.isoformat(timespec="minutes"),
                      "timezone": self.calendar.timezone, "open_only": open_only},
            "isochrone": {"type": "Feature", "properties": {"minutes": minutes, "pace": pace},
                          "geometry": shapely.geometry.mapping(result.area)
                          if not result.area.is_empty else None},
            "nearest_beyond": self._with_courses(
                self.feature_with_walk(result.nearest_index, result.nearest_walk_m, speed), matches)
            if result.nearest_index is not None else None,
            # A point on a small piece of network not linked to the rest: say so, and from where
            # the nearest site beyond was walked.
            "cut_off": result.cut_off,
            "cut_off_message": result.cut_off_message,
            "connected_at": list(result.connected_at) if result.connected_at else None,
        }

    @cached_property
    def place_group(self) -> np.ndarray:
        """Which sites are likely one place (the registry's folding rule, 150 m)."""
        return group_likely_same(self.bundle.sites)

    def _one_per_place(self, site_index: np.ndarray, walk_m: np.ndarray, speed: float) -> list[dict]:
        """
        One entry per place, nearest first: a site mapped twice is listed once, naming the other.

        The other records' ids go into ``same_as``, so nothing is hidden from the citizen.
        """
        walk_of = dict(zip(map(int, site_index), map(float, walk_m), strict=True))
        features = []
        for kept, others in one_per_place(site_index, self.place_group):
            feature = self.feature_with_walk(kept, walk_of[kept], speed)
            if others:
                feature["properties"]["same_as"] = [self.site_features[i]["properties"]["site_id"]
                                                    for i in others]
            features.append(feature)
        return features

    def route_geojson(self, lon: float, lat: float, site_id: str, *, pace: str,
                      profile: str = settings.DEFAULT_PROFILE) -> dict:
        """Walking route to a site as a GeoJSON LineString Feature (around steps if step-free)."""
        speed = self.pace_kmh(pace)
        route = self.queries_for(profile).route(lon, lat, site_id, speed_kmh=speed)
        return {
            "type": "Feature",
            "geometry": shapely.geometry.mapping(route.line),
            "properties": {
                "site_id": site_id, "name": str(route.site["name"]), "pace": pace, "profile": profile,
                "walk_m": round(route.walk_m, 1),
                "walk_minutes": round(float(metres_to_minutes(route.walk_m, speed)), 1),
            },
        }


def point_queries(bundle: CityBundle, profile: str) -> PointQueries:
    """Point queries of a profile, with the build's stored reach index when it fits the sites."""
    model = bundle.model_for(profile)
    return PointQueries(model, reach_index=load_reach_index(current_build(bundle.path), profile, model))


# Where create_app keeps the loaded city; the blueprints reach it through
# learning_map.web.context.city_service().
EXTENSION_KEY = "learning_map"
