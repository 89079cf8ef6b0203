"""The loaded city behind the web app: bundle, point queries and cached layers, in memory."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import shapely

from learning_map import settings
from learning_map.bundle import CityBundle, load_bundle
from learning_map.categories import CATEGORIES
from learning_map.errors import ParameterError
from learning_map.export.geojson import network_geojson
from learning_map.query import PointQueries
from learning_map.sites import display_records
from learning_map.units import PACE_ALIASES, metres_to_minutes, resolve_speed_kmh
from learning_map.web.contract import MAX_CATEGORY_CHARS

if TYPE_CHECKING:
    from pathlib import Path

# A query point may lie this far outside the city's network bounds (degrees, ~2 km).
BOUNDS_MARGIN_DEG = 0.02
# Where Traditional Chinese is the written norm (Hong Kong, Macau, Taiwan), as lon/lat boxes
# (west, south, east, north): a city centred in one opens its page in 繁體中文.
TRADITIONAL_REGIONS = ((113.82, 22.13, 114.45, 22.57), (113.52, 22.10, 113.61, 22.22),
                       (118.1, 21.8, 122.1, 26.4))
# Accepted ``pace`` values (``normal`` and ``adult`` are the same 4.8 km/h).
PACES = tuple(PACE_ALIASES)


@dataclass
class CityService:
    """Everything a request needs, built once at start-up."""

    bundle: CityBundle
    queries: PointQueries
    max_minutes: float = float(settings.MAX_WALK_MINUTES)

    @classmethod
    def load(cls, bundle_dir: str | Path, *, max_minutes: float, year: int | None = None,
             database_url: str | None = None) -> CityService:
        """Load a bundle (with the registry's sites as of ``year``) and index it once."""
        bundle = load_bundle(bundle_dir)
        if year is not None:
            from learning_map.build import city_for_year

            bundle = city_for_year(bundle, int(year), url=database_url)
        queries = PointQueries(bundle.model)
        _ = bundle.network.adjacency, bundle.network.vertex_keys
        return cls(bundle, queries, max_minutes)

    @cached_property
    def streets(self) -> dict:
        """The street network as GeoJSON, the offline map background."""
        return network_geojson(self.bundle.network)

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
        west, south, east, north = self.bounds
        lon, lat = (west + east) / 2, (south + north) / 2
        inside = any(w <= lon <= e and s <= lat <= n for w, s, e, n in TRADITIONAL_REGIONS)
        return "zh-Hant" if inside else None

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
            raise ParameterError(names[0], f"{lon} is outside this city ({west:.4f} to {east:.4f})"
                                           " / 该点不在本城市范围内")
        if not (south <= lat <= north):
            raise ParameterError(names[1], f"{lat} is outside this city ({south:.4f} to {north:.4f})"
                                           " / 该点不在本城市范围内")

    def check_minutes(self, minutes: float) -> float:
        """Walking minutes must be in (0, max_minutes]."""
        if not 0 < minutes <= self.max_minutes:
            raise ParameterError("minutes", f"must be more than 0 and at most {self.max_minutes:g}"
                                            f" / 须大于0且不超过{self.max_minutes:g}分钟")
        return minutes

    @staticmethod
    def pace_kmh(pace: str) -> float:
        """``normal``/``adult`` or ``elderly``."""
        if pace not in PACES:
            raise ParameterError("pace", f"{pace!r} is not normal, adult or elderly"
                                         " / 步速须为 normal、adult 或 elderly")
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
            raise ParameterError("category", f"is longer than {MAX_CATEGORY_CHARS} characters"
                                             f" / 超过{MAX_CATEGORY_CHARS}个字符")
        keys = value.split(",")
        if not any(keys):
            raise ParameterError("category", f"{value!r} names no category / 未指定任何类别")
        unknown = [k for k in keys if k not in CATEGORIES]
        if unknown:
            raise ParameterError(
                "category", f"unknown category {unknown[0]!r} (use: {', '.join(CATEGORIES)})"
                            " / 未知类别"
            )
        return keys

    # -- GeoJSON builders -------------------------------------------------------------

    def sites_geojson(self, categories: list[str] | None, bbox: tuple[float, ...] | None) -> dict:
        """Sites filtered by category and bounding box."""
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
        features = [self.site_features[i] for i in np.flatnonzero(mask)]
        return {"type": "FeatureCollection", "features": features}

    def reachable_geojson(self, lon: float, lat: float, *, minutes: float, pace: str,
                          categories: list[str] | None) -> dict:
        """Sites within the walk (sorted) plus the isochrone and the nearest site beyond."""
        speed = self.pace_kmh(pace)
        result = self.queries.reachable(lon, lat, minutes=minutes, speed_kmh=speed,
                                        categories=categories)
        return {
            "type": "FeatureCollection",
            "features": self._one_per_place(result.site_index, result.walk_m, speed),
            "query": {"lon": lon, "lat": lat, "minutes": minutes, "pace": pace, "speed_kmh": speed,
                      "categories": categories, "access_m": round(result.access_m, 1)},
            "isochrone": {"type": "Feature", "properties": {"minutes": minutes, "pace": pace},
                          "geometry": shapely.geometry.mapping(result.area)
                          if not result.area.is_empty else None},
            "nearest_beyond": self.feature_with_walk(result.nearest_index, result.nearest_walk_m, speed)
            if result.nearest_index is not None else None,
        }

    @cached_property
    def place_group(self) -> np.ndarray:
        """Which sites are likely one place (the registry's folding rule, 150 m)."""
        from learning_map.naming import group_likely_same

        return group_likely_same(self.bundle.sites)

    def _one_per_place(self, site_index: np.ndarray, walk_m: np.ndarray, speed: float) -> list[dict]:
        """
        One entry per place, nearest first: a site mapped twice is listed once, naming the other.

        The other records' ids go into ``same_as``, so nothing is hidden from the citizen.
        """
        features: list[dict] = []
        by_group: dict[int, dict] = {}
        for i, w in zip(site_index, walk_m, strict=True):
            group = int(self.place_group[int(i)])
            if group in by_group:
                kept = by_group[group]["properties"]
                kept.setdefault("same_as", []).append(self.site_features[int(i)]["properties"]["site_id"])
                continue
            feature = self.feature_with_walk(int(i), float(w), speed)
            by_group[group] = feature
            features.append(feature)
        return features

    def route_geojson(self, lon: float, lat: float, site_id: str, *, pace: str) -> dict:
        """Walking route to a site as a GeoJSON LineString Feature."""
        speed = self.pace_kmh(pace)
        route = self.queries.route(lon, lat, site_id, speed_kmh=speed)
        return {
            "type": "Feature",
            "geometry": shapely.geometry.mapping(route.line),
            "properties": {
                "site_id": site_id, "name": str(route.site["name"]), "pace": pace,
                "walk_m": round(route.walk_m, 1),
                "walk_minutes": round(float(metres_to_minutes(route.walk_m, speed)), 1),
            },
        }


# Where create_app keeps the loaded city; the blueprints reach it through city_service().
EXTENSION_KEY = "learning_map"


def city_service() -> CityService:
    """The city loaded at start-up (inside a request or app context)."""
    from flask import current_app

    return current_app.extensions[EXTENSION_KEY]
