"""Coverage shares, per-unit tables and isochrone polygons over a city's sites."""

from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from learning_map import settings
from learning_map.base.i18n import gettext
from learning_map.base.units import minutes_to_metres
from learning_map.city.categories import ALL_SITES, CATEGORIES, unknown_category
from learning_map.errors import N_, ParameterError, no_such_field
from learning_map.walking.coverage import (
    EdgeIntervals,
    distances_to_targets,
    node_distances,
    reachable_intervals,
)
from learning_map.walking.isochrones import intervals_polygon
from learning_map.walking.snapping import SnappedPoints, points_key, snap_geoseries, snap_points

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from learning_map.city.population import Demand
    from learning_map.walking.network import WalkNetwork

logger = logging.getLogger(__name__)



class CoverageModel:
    """
    Walking coverage of a city's learning sites.

    Sites and residents are snapped once. Each category's node distances come
    from one bounded multi-source search and are cached, so other speeds and
    thresholds within the search bound reuse them.

    Parameters
    ----------
    network
        Walk network.
    sites
        Site table (EPSG:4326) with a ``category`` column.
    demand
        Residents, or None.
    limit_m
        Search bound in metres; default: the longest default walk at the fastest preset.
    demand_points
        ``demand`` already snapped to ``network`` (see :meth:`with_sites`).
    site_points
        ``sites`` already snapped to ``network`` (a what-if that adds or drops one site).
    """

    def __init__(
        self,
        network: WalkNetwork,
        sites: gpd.GeoDataFrame,
        demand: Demand | None = None,
        *,
        limit_m: float | None = None,
        demand_points: SnappedPoints | None = None,
        site_points: SnappedPoints | None = None,
    ) -> None:
        self.network = network
        self.sites = sites
        self.demand = demand
        self.limit_m = limit_m or float(
            minutes_to_metres(max(settings.WALK_MINUTES), max(settings.PACE_KMH.values()))
        )
        self.site_points = (
            site_points if site_points is not None else snap_geoseries(network, sites.geometry)
        )
        if demand_points is None and demand is not None:
            demand_points = snap_points(network, demand.x, demand.y)
        self.demand_points = demand_points
        self._node_dist: dict[str, npt.NDArray[np.float64]] = {}
        self._demand_dist: dict[str, npt.NDArray[np.float64]] = {}
        # (id(units), field) -> (units, labels): tables for several paces and thresholds place
        # each resident in its unit once; the frame is kept so its id cannot be reused.
        self._unit_labels: dict[tuple[int, str], tuple[gpd.GeoDataFrame, npt.NDArray[np.object_]]] = {}

    @staticmethod
    def points_key(network: WalkNetwork, sites: gpd.GeoDataFrame, demand: Demand | None) -> str:
        """The key a stored snapping of these sites and residents on ``network`` is filed under."""
        coordinates = [shapely.get_x(sites.geometry.to_numpy()), shapely.get_y(sites.geometry.to_numpy())]
        if demand is not None:
            coordinates += [demand.x, demand.y]
        return points_key(network, *coordinates)

    def snap_key(self) -> str:
        """The key of this model's snapped sites and residents (see :meth:`points_key`)."""
        return self.points_key(self.network, self.sites, self.demand)

    def with_sites(self, sites: gpd.GeoDataFrame) -> CoverageModel:
        """
        The same city with another set of sites (a what-if), reusing the snapped residents.

        Only the new sites are snapped; distances are searched again on demand.
        """
        return CoverageModel(
            self.network, sites, self.demand, limit_m=self.limit_m,
            demand_points=self.demand_points,
        )

    @property
    def categories(self) -> list[str]:
        """Categories present among the sites, in the standard order."""
        present = set(self.sites["category"])
        return [key for key in CATEGORIES if key in present]

    def report_categories(self, categories: Iterable[str] | None = None) -> list[str]:
        """
        Categories a coverage table lists: ``categories`` as given, or every known one plus ``"all"``.

        Categories without sites are kept, so a table shows that a city has,
        say, no elderly-education site, rather than leaving the row out.
        """
        return list(categories) if categories is not None else [*CATEGORIES, ALL_SITES]

    def site_mask(self, category: str) -> npt.NDArray[np.bool_]:
        """Boolean mask of the sites in ``category`` (``"all"`` for every site)."""
        if category == ALL_SITES:
            return np.ones(len(self.sites), dtype=bool)
        if category not in CATEGORIES:
            raise unknown_category("category", category)
        return (self.sites["category"] == category).to_numpy()

    def sources(self, category: str) -> SnappedPoints:
        """Snapped sites of one category."""
        return self.site_points.subset(self.site_mask(category))

    def ensure_limit(self, max_walk_m: float) -> None:
        """Widen the search bound (dropping cached distances) if ``max_walk_m`` exceeds it."""
        if max_walk_m > self.limit_m:
            self.limit_m = float(max_walk_m)
            self._node_dist.clear()
            self._demand_dist.clear()

    def node_dist(self, category: str) -> npt.NDArray[np.float64]:
        """Node distances (metres) to the nearest site of ``category``; one search, cached."""
        if category not in self._node_dist:
            self._node_dist[category] = node_distances(
                self.network, self.sources(category), limit_m=self.limit_m
            )
        return self._node_dist[category]

    def search_categories(self, categories: Iterable[str]) -> None:
        """
        Search the categories not searched yet, one thread per core.

        The compiled search releases the GIL and keeps one workspace per thread, so on a
        big city the categories' searches run side by side (a city-wide table needs all).
        """
        missing = [key for key in dict.fromkeys(categories) if key not in self._node_dist]
        workers = min(len(missing), os.cpu_count() or 1)
        if workers <= 1:
            for key in missing:
                self.node_dist(key)
            return
        with ThreadPoolExecutor(max_workers=workers) as pool:
            found = pool.map(lambda key: node_distances(self.network, self.sources(key),
                                                        limit_m=self.limit_m), missing)
            for key, dist in zip(missing, found, strict=True):
                self._node_dist[key] = dist

    def seed_distances(
        self,
        category: str,
        node_dist_m: npt.NDArray[np.float64],
        demand_dist_m: npt.NDArray[np.float64] | None,
    ) -> None:
        """
        Set the cached distances of ``category`` (searched to this model's ``limit_m``).

        Lets a what-if (:mod:`learning_map.planning.scenario`) hand over distances it
        updated without a full search.
        """
        self._node_dist[category] = node_dist_m
        if demand_dist_m is not None:
            self._demand_dist[category] = demand_dist_m
        else:
            self._demand_dist.pop(category, None)

    def cached_distances(
        self,
    ) -> dict[str, tuple[npt.NDArray[np.float64], npt.NDArray[np.float64] | None]]:
        """The distances searched so far: category -> (node distances, demand distances or None)."""
        return {key: (node, self._demand_dist.get(key)) for key, node in self._node_dist.items()}

    def demand_dist(self, category: str) -> npt.NDArray[np.float64]:
        """Walk distance (metres) from each demand point to its nearest site of ``category``."""
        if self.demand_points is None:
            raise ParameterError("population", message_id="population.missing")
        if category not in self._demand_dist:
            self._demand_dist[category] = distances_to_targets(
                self.network, self.node_dist(category), self.sources(category), self.demand_points,
                limit_m=self.limit_m,
            )
        return self._demand_dist[category]

    def covered(self, category: str, max_walk_m: float) -> npt.NDArray[np.bool_]:
        """Demand points within ``max_walk_m`` of a ``category`` site (none for a category without sites)."""
        if self.demand_points is not None and not self.site_mask(category).any():
            return np.zeros(len(self.demand_points), dtype=bool)
        return self.demand_dist(category) <= max_walk_m

    def intervals(self, category: str, max_walk_m: float) -> EdgeIntervals:
        """Reachable stretches of edges within ``max_walk_m`` of a ``category`` site."""
        self.ensure_limit(max_walk_m)
        return reachable_intervals(
            self.network, self.node_dist(category), self.sources(category), max_walk_m
        )

    def summary(
        self,
        *,
        minutes: Sequence[float] = settings.WALK_MINUTES,
        speed_kmh: float = settings.PACE_KMH[settings.DEFAULT_PACE],
        categories: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """
        Coverage per category and walking time.

        Parameters
        ----------
        minutes
            Walking-time thresholds.
        speed_kmh
            Walking speed.
        categories
            Categories to report, exactly these; default: every known category
            (those without sites too, with 0 coverage) plus ``"all"``.

        Returns
        -------
        table
            One row per category and threshold: site count, network km and
            share within reach and, with population, residents and elderly
            residents covered and their shares.
        """
        keys = self.report_categories(categories)
        walk_m = minutes_to_metres(np.asarray(minutes, float), speed_kmh)
        self.ensure_limit(float(walk_m.max()))
        self.search_categories([key for key in keys if self.site_mask(key).any()])
        total_km = self.network.total_length_m / 1000
        rows = []
        for key in keys:
            mask = self.site_mask(key)
            label = CATEGORIES[key].label_en if key in CATEGORIES else N_("All learning sites")
            for minute, budget in zip(minutes, walk_m, strict=True):
                covered_km = (
                    self.intervals(key, float(budget)).length_m / 1000 if mask.any() else 0.0
                )
                row = {
                    "category": key,
                    "label_zh": gettext(label, locale="zh_Hans"),
                    "label_en": gettext(label, locale="en"),
                    "sites": int(mask.sum()),
                    "minutes": float(minute),
                    "speed_kmh": speed_kmh,
                    "walk_m": float(budget),
                    "network_km": total_km,
                    "network_covered_km": covered_km,
                    "network_share": covered_km / total_km if total_km else 0.0,
                }
                if self.demand is not None:
                    row |= self._resident_figures(self.covered(key, float(budget)))
                rows.append(row)
        return pd.DataFrame(rows)

    def _resident_figures(
        self, covered: npt.NDArray[np.bool_], weights: npt.NDArray[np.bool_] | None = None
    ) -> dict[str, float]:
        demand = self.demand
        assert demand is not None
        select = np.ones(len(covered), bool) if weights is None else weights
        population = float(demand.population[select].sum())
        population_covered = float(demand.population[select & covered].sum())
        figures = {
            "population": population,
            "population_covered": population_covered,
            "population_share": population_covered / population if population else 0.0,
        }
        if demand.has_elderly:
            elderly = float(demand.elderly[select].sum())
            elderly_covered = float(demand.elderly[select & covered].sum())
            figures |= {
                "elderly": elderly,
                "elderly_covered": elderly_covered,
                "elderly_share": elderly_covered / elderly if elderly else 0.0,
            }
        return figures

    def summary_by_unit(
        self,
        units: gpd.GeoDataFrame,
        field: str,
        *,
        minutes: float = max(settings.WALK_MINUTES),
        speed_kmh: float = settings.PACE_KMH[settings.DEFAULT_PACE],
        categories: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """
        Residents covered per reporting unit (e.g. sub-district) and category.

        Parameters
        ----------
        units
            Polygons with a name field (any CRS).
        field
            Name field.
        minutes, speed_kmh
            Walking time and speed.
        categories
            Categories to report, exactly these; default: every known category
            (those without sites too, with 0 coverage) plus ``"all"``.

        Returns
        -------
        table
            One row per unit and category; residents outside every unit are
            reported under the unit name ``"(outside units)"``.
        """
        if self.demand is None:
            raise ParameterError("units", message_id="population.missing")
        if field not in units:
            raise no_such_field("field", field, units.columns)
        keys = self.report_categories(categories)
        budget = float(minutes_to_metres(minutes, speed_kmh))
        self.ensure_limit(budget)
        label = self.demand_unit_labels(units, field)
        rows = []
        for key in keys:
            covered = self.covered(key, budget)
            for name in pd.unique(label):
                rows.append({
                    "unit": name, "category": key, "minutes": minutes, "speed_kmh": speed_kmh,
                    **self._resident_figures(covered, label == name),
                })
        return pd.DataFrame(rows)

    def demand_unit_labels(self, units: gpd.GeoDataFrame, field: str) -> npt.NDArray[np.object_]:
        """:func:`unit_labels` of this city's residents, computed once per units layer."""
        assert self.demand is not None
        key = (id(units), field)
        cached = self._unit_labels.get(key)
        if cached is None or cached[0] is not units:
            cached = (units, unit_labels(units, field, self.demand, crs=self.network.crs))
            self._unit_labels[key] = cached
        return cached[1]

    def summary_by_unit_minutes(
        self,
        units: gpd.GeoDataFrame,
        field: str,
        *,
        minutes: Sequence[float],
        speed_kmh: float,
        categories: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """:meth:`summary_by_unit` for several thresholds, stacked (one search per category)."""
        keys = list(categories) if categories is not None else None
        return pd.concat([
            self.summary_by_unit(units, field, minutes=m, speed_kmh=speed_kmh, categories=keys)
            for m in minutes
        ], ignore_index=True)

    def isochrones(
        self,
        *,
        minutes: Sequence[float] = settings.WALK_MINUTES,
        speed_kmh: float = settings.PACE_KMH[settings.DEFAULT_PACE],
        categories: Iterable[str] | None = None,
        buffer_m: float = settings.ISOCHRONE_BUFFER_M,
        simplify_m: float = settings.ISOCHRONE_SIMPLIFY_M,
    ) -> gpd.GeoDataFrame:
        """
        Areas within walking time of each category's sites, for display.

        Returns
        -------
        isochrones
            One (Multi)Polygon per category and threshold, EPSG:4326.
        """
        keys = list(categories) if categories is not None else self.categories
        rows, geoms = [], []
        for key in keys:
            for minute in minutes:
                budget = float(minutes_to_metres(minute, speed_kmh))
                shape = intervals_polygon(
                    self.network, self.intervals(key, budget),
                    buffer_m=buffer_m, simplify_m=simplify_m,
                )
                rows.append({"category": key, "minutes": float(minute), "speed_kmh": speed_kmh})
                geoms.append(shape)
        frame = gpd.GeoDataFrame(rows, geometry=geoms, crs=self.network.crs)
        return frame.to_crs("EPSG:4326")


def unit_labels(
    units: gpd.GeoDataFrame, field: str, demand: Demand, *, crs: str
) -> npt.NDArray[np.object_]:
    """Name of the unit each demand point falls in (``"(outside units)"`` if none)."""
    polygons = units.geometry.to_crs(crs).to_numpy()
    tree = shapely.STRtree(polygons)
    point_idx, unit_idx = tree.query(shapely.points(demand.x, demand.y), predicate="within")
    point_idx, first = np.unique(point_idx, return_index=True)
    labels = np.full(len(demand), "(outside units)", dtype=object)
    labels[point_idx] = units[field].astype(str).to_numpy()[unit_idx[first]]
    return labels
