"""
The planner page's city: reporting units, what-if scenarios and the tables it shows.

Every figure comes from :mod:`learning_map.planning` and :class:`~learning_map.analysis.model.CoverageModel`;
this module only keeps the reporting units, applies a browser's list of added and closed
sites to a fresh :class:`~learning_map.planning.scenario.Scenario` (the bundle is never
changed), and shapes the answers as tables and GeoJSON. Scenarios and recommendations are
cached per worker for the last few what-if lists, so the figures, gaps and scorecard of
one state share one set of searches.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import orjson
import pandas as pd
import shapely

from learning_map import settings
from learning_map.base.i18n import N_, gettext
from learning_map.city.categories import ALL_SITES
from learning_map.city.scripts import name_in
from learning_map.city.sites import site_names
from learning_map.errors import LearningMapError, NoMatchError, ParameterError
from learning_map.io.layers import read_layer
from learning_map.planning.gaps import GapReport, find_gaps
from learning_map.planning.maxcover import Recommendation, recommend
from learning_map.planning.scenario import Scenario
from learning_map.planning.standards import (
    CITY_TOTAL,
    Scorecard,
    load_standard,
    row_name,
    scorecard,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable
    from pathlib import Path

    from learning_map.web.service import CityService

# Unit outlines sent to the browser are simplified to this (metres): invisible at city zoom.
UNIT_SIMPLIFY_M = 5.0
# What-if lists and recommendations remembered per worker (each scenario holds a few arrays).
CACHE_SIZE = 16


@dataclass(frozen=True)
class WhatIf:
    """A browser's proposed changes: sites added (lon, lat, category) and site ids closed."""

    adds: tuple[tuple[float, float, str], ...] = ()
    closes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlannerQuery:
    """What the page shows: a category, a walk (minutes at a pace, on a mobility profile) and a what-if."""

    category: str
    minutes: float
    pace: str
    speed_kmh: float
    walk_m: float
    whatif: WhatIf
    profile: str = settings.DEFAULT_PROFILE


class _Recent:
    """A small least-recently-used cache, safe across threads (waitress runs several)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


def _number(value: Any) -> float | None:
    """A finite float, or None (JSON has no NaN or infinity)."""
    number = float(value)
    return number if np.isfinite(number) else None


class PlannerService:
    """
    The planner's view of the loaded city.

    Parameters
    ----------
    city
        The loaded city (bundle, sites, bounds).
    units
        Reporting units (any CRS), or None: the page then shows the city total only.
    field
        The units' name field.
    """

    def __init__(self, city: CityService, units: gpd.GeoDataFrame | None = None,
                 field: str | None = None) -> None:
        self.city = city
        self.field = field
        self.units = None
        if units is not None:
            if field not in units:
                fields = tuple(c for c in units.columns if c != "geometry")
                raise LearningMapError(N_("The reporting units have no field {field!r} (fields: {fields})"),
                                       field=field, fields=fields)
            units = units[[field, "geometry"]].copy()
            units[field] = units[field].astype(str)
            self.units = units.to_crs("EPSG:4326")
        self._scenarios = _Recent(CACHE_SIZE)
        self._picks = _Recent(CACHE_SIZE)

    @classmethod
    def load(cls, city: CityService, units_path: str | Path | None,
             field: str | None) -> PlannerService:
        """Read the reporting units named in the config (``PLANNER_UNITS``, ``PLANNER_UNITS_FIELD``)."""
        if not units_path:
            return cls(city)
        if not field:
            raise LearningMapError(N_("PLANNER_UNITS needs PLANNER_UNITS_FIELD (the units' name field)"))
        return cls(city, read_layer(units_path, what="reporting units"), field)

    @property
    def model(self) -> Any:
        """The city's coverage model as built (never changed by a what-if)."""
        return self.city.bundle.model

    def model_for(self, profile: str) -> Any:
        """The coverage model of a mobility profile (its distances cached per profile by the bundle)."""
        return self.city.bundle.model_for(profile)

    # -- the units layer ---------------------------------------------------------------

    @cached_property
    def units_geojson(self) -> dict[str, Any] | None:
        """Unit outlines (WGS84, simplified by :data:`UNIT_SIMPLIFY_M`) with their names."""
        if self.units is None:
            return None
        crs = self.model.network.crs
        simple = self.units.geometry.to_crs(crs).simplify(UNIT_SIMPLIFY_M).to_crs("EPSG:4326")
        features = [
            {"type": "Feature", "geometry": orjson.loads(shapely.to_geojson(shape)),
             "properties": {"unit": name}}
            for name, shape in zip(self.units[self.field], simple, strict=True)
        ]
        return {"type": "FeatureCollection", "features": features}

    def need_units(self) -> gpd.GeoDataFrame:
        """The units, or a 404 naming the setting that provides them."""
        if self.units is None:
            raise NoMatchError("units", N_("this server has no reporting units; start it with "
                                           "learning-map serve DIR --units FILE:FIELD"))
        return self.units

    # -- what-if ------------------------------------------------------------------------

    def scenario(self, whatif: WhatIf, profile: str = settings.DEFAULT_PROFILE) -> Scenario:
        """The city with the what-if applied: closes first, then adds (as ``learning-map whatif``)."""
        if self.model.demand is None:
            raise NoMatchError("population", N_("this city has no residents (build it with --population)"))
        return self._scenarios.get((whatif, profile), lambda: self._apply(whatif, profile))

    def _apply(self, whatif: WhatIf, profile: str) -> Scenario:
        scenario = Scenario(self.model_for(profile))
        for site_id in whatif.closes:
            ids = scenario.model.sites["site_id"].astype(str).tolist()
            if site_id not in ids:
                raise NoMatchError("close", N_("no site with id {value!r}"), value=site_id)
            scenario = scenario.close_site(ids.index(site_id))
        west, south, east, north = self.city.query_bounds
        for lon, lat, category in whatif.adds:
            if not (west <= lon <= east and south <= lat <= north):
                raise NoMatchError("add", N_("{lon},{lat} is outside this city"), lon=lon, lat=lat)
            try:
                scenario = scenario.add_site(category, lon, lat)
            except ParameterError as exc:
                if exc.parameter != "site":
                    raise
                raise NoMatchError("add", N_("{lon},{lat} is too far from every street of this city"),
                                   lon=lon, lat=lat) from None
        return scenario

    # -- figures ------------------------------------------------------------------------

    def _city_figures(self, model: Any, query: PlannerQuery) -> dict[str, Any]:
        row = model.summary(minutes=[query.minutes], speed_kmh=query.speed_kmh,
                            categories=[query.category]).iloc[0]
        return self._resident_row(row) | {"sites": int(row["sites"])}

    @staticmethod
    def _resident_row(row: Any) -> dict[str, Any]:
        out = {"residents": _number(row["population"]), "residents_covered": _number(row["population_covered"]),
               "residents_share": _number(row["population_share"])}
        if "elderly" in row and pd.notna(row.get("elderly")):
            out |= {"elderly": _number(row["elderly"]), "elderly_covered": _number(row["elderly_covered"]),
                    "elderly_share": _number(row["elderly_share"])}
        else:
            out |= {"elderly": None, "elderly_covered": None, "elderly_share": None}
        return out

    def unit_table(self, model: Any, query: PlannerQuery) -> pd.DataFrame:
        """Residents and elderly within the walk per unit (``CoverageModel.summary_by_unit``)."""
        table = model.summary_by_unit(self.need_units(), self.field, minutes=query.minutes,
                                      speed_kmh=query.speed_kmh, categories=[query.category])
        return table.rename(columns={"population": "residents", "population_covered": "residents_covered",
                                     "population_share": "residents_share"})

    def figures(self, query: PlannerQuery) -> dict[str, Any]:
        """City total before and after the what-if, and per unit after it (when units are set)."""
        scenario = self.scenario(query.whatif, query.profile)
        baseline = self._city_figures(self.model_for(query.profile), query)
        current = self._city_figures(scenario.model, query)
        units = None
        if self.units is not None:
            units = [
                {"unit": str(row["unit"])} | self._resident_row(
                    {"population": row["residents"], "population_covered": row["residents_covered"],
                     "population_share": row["residents_share"], "elderly": row.get("elderly"),
                     "elderly_covered": row.get("elderly_covered"), "elderly_share": row.get("elderly_share")})
                for row in self.unit_table(scenario.model, query).to_dict(orient="records")
            ]
        return {"query": self.describe(query), "baseline": baseline, "city": current, "units": units}

    @staticmethod
    def describe(query: PlannerQuery) -> dict[str, Any]:
        """The query as the API echoes it."""
        return {
            "category": query.category, "minutes": query.minutes, "pace": query.pace,
            "speed_kmh": query.speed_kmh, "walk_m": round(query.walk_m, 1), "profile": query.profile,
            "add": [{"lon": lon, "lat": lat, "category": c} for lon, lat, c in query.whatif.adds],
            "close": list(query.whatif.closes),
        }

    # -- gaps, picks, scorecard -----------------------------------------------------------

    def gaps(self, query: PlannerQuery) -> GapReport:
        """Gap areas of the what-if city (:func:`~learning_map.planning.gaps.find_gaps`)."""
        model = self.scenario(query.whatif, query.profile).model
        return find_gaps(model, query.category, query.walk_m, query.speed_kmh)

    def gaps_geojson(self, query: PlannerQuery, locale: str) -> dict[str, Any]:
        """Gap areas as GeoJSON, largest first, with the uncovered total; the nearest site named in ``locale``."""
        report = self.gaps(query)
        sites = self.scenario(query.whatif, query.profile).model.sites
        features = []
        for row, shape in zip(report.gaps.drop(columns="geometry").to_dict(orient="records"),
                              report.gaps.geometry, strict=True):
            nearest = int(row["nearest_site"]) if "nearest_site" in row else -1
            name = str(row["nearest_site_name"])
            if nearest >= 0 and {"name_zh", "name_en", "category"} <= set(sites.columns):
                record = sites.iloc[nearest].to_dict()
                names, _ = site_names({k: "" if pd.isna(v) else v for k, v in record.items() if k != "geometry"},
                                      name_pt=str(record.get("name_pt") or ""))
                name = name_in(names, locale, fallback=name)
            props = {
                "rank": int(row["rank"]), "residents": _number(row["residents"]),
                "elderly": _number(row["elderly"]), "weight": _number(row["weight"]),
                "area_m2": _number(row["area_m2"]), "nearest_site_name": name,
                "nearest_walk_m": _number(row["nearest_walk_m"]),
                "nearest_minutes": _number(row["nearest_minutes"]),
            }
            features.append({"type": "Feature", "geometry": orjson.loads(shapely.to_geojson(shape)),
                             "properties": props})
        return {"type": "FeatureCollection", "features": features, "query": self.describe(query),
                "weight": report.weight_name, "uncovered": _number(report.uncovered)}

    def picks(self, query: PlannerQuery, k: int) -> Recommendation:
        """The next ``k`` sites for the what-if city (:func:`~learning_map.planning.maxcover.recommend`)."""
        key = (query.category, query.walk_m, query.whatif, query.profile, k)
        return self._picks.get(key, lambda: recommend(self.scenario(query.whatif, query.profile).model,
                                                      query.category, k, query.walk_m))

    def picks_json(self, query: PlannerQuery, k: int) -> dict[str, Any]:
        """Recommended sites, each with the residents it adds and the cumulative share."""
        result = self.picks(query, k)
        rows = [
            {"rank": int(r["rank"]), "lon": round(float(r["lon"]), 6), "lat": round(float(r["lat"]), 6),
             "added": _number(r["added"]), "cumulative": _number(r["cumulative"]),
             "cumulative_share": _number(r["cumulative_share"])}
            for r in result.picks.to_dict(orient="records")
        ]
        return {"query": self.describe(query) | {"k": k}, "weight": result.weight_name,
                "total": _number(result.total), "covered_before": _number(result.covered_before),
                "candidates": result.candidate_count, "picks": rows}

    def scorecard(self, query: PlannerQuery, standard: str, locale: str) -> Scorecard:
        """The scorecard of the what-if city against a built-in standard, its words in ``locale``."""
        model = self.scenario(query.whatif, query.profile).model
        return scorecard(model, load_standard(standard), self.need_units(), self.field, locale=locale)

    def scorecard_json(self, query: PlannerQuery, standard: str, *, locale: str) -> dict[str, Any]:
        """
        The scorecard's checks (pass/fail per unit and rule) as plain rows, worded in ``locale``.

        Each row's ``title`` and ``description`` are its rule's (``rule`` is the rule's id, a
        key); ``city_total`` is the name the city's rows carry.
        """
        card = self.scorecard(query, standard, locale)
        checks = card.checks.astype(object).where(card.checks.notna(), None)
        rows = []
        for row in checks.to_dict(orient="records"):
            rows.append({k: (_number(v) if isinstance(v, float | np.floating) else v) for k, v in row.items()})
        return {"query": self.describe(query) | {"standard": standard},
                "standard": {"name": card.standard.name, "title": card.standard.label(locale)},
                "locale": locale, "city_total": row_name(CITY_TOTAL, locale), "checks": rows}

    # -- downloads ----------------------------------------------------------------------

    def sites_frame(self, query: PlannerQuery, locale: str) -> gpd.GeoDataFrame:
        """Every site of the what-if city (WGS84) with its status: open, closed or proposed."""
        sites = self.model.sites
        unknown = set(query.whatif.closes) - set(sites["site_id"].astype(str))
        if unknown:
            raise NoMatchError("close", N_("no site with id {value!r}"), value=sorted(unknown)[0])
        status = np.where(sites["site_id"].astype(str).isin(query.whatif.closes), "closed", "open")
        frame = sites.assign(status=status)
        if query.whatif.adds:
            lon, lat, category = zip(*query.whatif.adds, strict=True)
            proposed = gpd.GeoDataFrame(
                {"site_id": [f"proposed-{i + 1}" for i in range(len(lon))], "name": gettext("Proposed site", locale=locale),
                 "category": list(category), "status": "proposed"},
                geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
            frame = pd.concat([frame, proposed.to_crs(sites.crs)], ignore_index=True)
        if query.category != ALL_SITES:
            frame = frame[frame["category"] == query.category]
        return gpd.GeoDataFrame(frame, geometry="geometry", crs=sites.crs).to_crs("EPSG:4326")

    def layer(self, name: str, query: PlannerQuery, *, k: int, standard: str, locale: str) -> gpd.GeoDataFrame:
        """
        One table or layer the page shows, as a GeoDataFrame (EPSG:4326; a null geometry for rows without one).

        Its words (the scorecard's rule titles, the city total's row name) are in ``locale``.

        ``figures``: per unit (outlines) plus the city total; ``gaps``; ``picks``;
        ``scorecard``: the checks, on their unit's outline; ``sites``.
        """
        describe = {"category": query.category, "minutes": query.minutes, "pace": query.pace,
                    "profile": query.profile}
        if name == "gaps":
            frame = self.gaps(query).gaps.assign(**describe)
        elif name == "picks":
            result = self.picks(query, k)
            picks = result.picks.drop(columns=["x", "y"]).assign(**describe, weight=result.weight_name)
            frame = gpd.GeoDataFrame(picks, geometry=gpd.points_from_xy(picks["lon"], picks["lat"]),
                                     crs="EPSG:4326")
        elif name == "sites":
            frame = self.sites_frame(query, locale)
        elif name == "scorecard":
            checks = self.scorecard(query, standard, locale).checks.assign(standard=standard)
            frame = self._on_units(checks)
        else:
            model = self.scenario(query.whatif, query.profile).model
            city = pd.DataFrame([{"unit": row_name(CITY_TOTAL, locale)} | self._city_figures(model, query)])
            table = (self.unit_table(model, query)
                     .drop(columns=["category", "minutes", "speed_kmh"], errors="ignore")
                     if self.units is not None else pd.DataFrame(columns=["unit"]))
            frame = self._on_units(pd.concat([table, city.drop(columns="sites")], ignore_index=True)
                                   .assign(**describe))
        frame = frame.drop(columns=[c for c in ("x", "y") if c in frame.columns and name != "picks"])
        return frame

    def _on_units(self, table: pd.DataFrame) -> gpd.GeoDataFrame:
        """``table`` (with a ``unit`` column) with each unit's outline; other rows have none."""
        shapes: dict[str, Any] = {}
        if self.units is not None:
            shapes = dict(zip(self.units[self.field], self.units.geometry, strict=True))
        geometry = [shapes.get(str(u)) for u in table["unit"]]
        return gpd.GeoDataFrame(table.reset_index(drop=True), geometry=geometry, crs="EPSG:4326")
