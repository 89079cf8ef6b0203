"""
What-if: add a proposed site or close one, and recount only what changes.

Distances are cached per (category, profile). A profile is a way of moving over a
network ("walk" for now); every pace of one profile shares its distance field,
because a pace only changes the threshold in metres. Adding a site runs exactly one
bounded search from the new site and takes the elementwise minimum with the cached
fields of its category and of "all"; closing a site searches that category (and
"all") again, since a minimum cannot be undone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd

from learning_map.analysis.model import CoverageModel
from learning_map.city.categories import ALL_SITES, CATEGORIES, unknown_category
from learning_map.errors import ParameterError, check_choice
from learning_map.walking.coverage import distances_to_targets, node_distances
from learning_map.walking.snapping import SnappedPoints, snap_lonlat

if TYPE_CHECKING:
    from collections.abc import Mapping

PROFILES: tuple[str, ...] = ("walk",)


@dataclass(frozen=True)
class DistanceField:
    """Walk (metres) to the nearest site of one category, per node and per demand point."""

    node_m: npt.NDArray[np.float64]
    demand_m: npt.NDArray[np.float64] | None


class Scenario:
    """
    A city's sites with proposed changes, and the distances they give.

    Parameters
    ----------
    model
        The city as it is (its cached distances are reused).
    profile
        How people move; only ``"walk"``.
    fields
        Distances already known for this set of sites, keyed by (category, profile).
    """

    def __init__(
        self,
        model: CoverageModel,
        *,
        profile: str = "walk",
        fields: Mapping[tuple[str, str], DistanceField] | None = None,
    ) -> None:
        check_choice("profile", profile, PROFILES, message_id="profile.unknown")
        self.model = model
        self.profile = profile
        self.fields: dict[tuple[str, str], DistanceField] = dict(fields or {})
        self._limit_m = model.limit_m
        for (category, _), known in self.fields.items():
            model.seed_distances(category, known.node_m, known.demand_m)

    def field(self, category: str) -> DistanceField:
        """Distances to ``category``'s sites (searched once, then cached)."""
        key = (category, self.profile)
        if self._limit_m != self.model.limit_m:  # the search bound grew: cached fields are too short
            self.fields.clear()
            self._limit_m = self.model.limit_m
        if key not in self.fields:
            demand = self.model.demand_dist(category) if self.model.demand_points is not None else None
            self.fields[key] = DistanceField(self.model.node_dist(category), demand)
        return self.fields[key]

    def known_fields(self) -> dict[tuple[str, str], DistanceField]:
        """Every distance field searched so far, by the scenario or by its model."""
        if self._limit_m != self.model.limit_m:
            self.fields.clear()
            self._limit_m = self.model.limit_m
        known = {(key, self.profile): DistanceField(node, demand)
                 for key, (node, demand) in self.model.cached_distances().items()}
        return known | self.fields

    def covered(self, category: str, walk_m: float) -> npt.NDArray[np.bool_]:
        """Demand points within ``walk_m`` of a ``category`` site."""
        self.model.ensure_limit(walk_m)
        return self.model.covered(category, walk_m)

    def summary(self, **kwargs: object) -> pd.DataFrame:
        """Coverage table of this scenario (see :meth:`CoverageModel.summary`)."""
        return self.model.summary(**kwargs)  # type: ignore[arg-type]

    def add_site(self, category: str, lon: float, lat: float, *, name: str = "proposed") -> Scenario:
        """
        The scenario with one more site: one bounded search from it, merged by minimum.

        Parameters
        ----------
        category
            Category of the new site.
        lon, lat
            Where it goes, WGS84.
        name
            Its name.

        Returns
        -------
        scenario
        """
        if category not in CATEGORIES:
            raise unknown_category("category", category, with_all=False)
        model = self.model
        keys = (category, ALL_SITES)
        old = {key: self.field(key) for key in keys}
        point = snap_lonlat(model.network, [lon], [lat])
        if not point.on_network.all():
            raise ParameterError("site", message_id="site.off_streets")
        new_node = node_distances(model.network, point, limit_m=model.limit_m)
        new_demand = None
        if model.demand_points is not None:
            new_demand = distances_to_targets(model.network, new_node, point, model.demand_points,
                                              limit_m=model.limit_m)
        row = gpd.GeoDataFrame({"category": [category], "name": [name]},
                               geometry=gpd.points_from_xy([lon], [lat]), crs="EPSG:4326")
        sites = pd.concat([model.sites, row.to_crs(model.sites.crs)], ignore_index=True)
        fields = {k: v for k, v in self.known_fields().items() if k[0] not in keys}
        for key, known in old.items():
            demand = None
            if known.demand_m is not None and new_demand is not None:
                demand = np.minimum(known.demand_m, new_demand)
            fields[(key, self.profile)] = DistanceField(np.minimum(known.node_m, new_node), demand)
        old_points = model.site_points
        points = SnappedPoints(
            np.concatenate((old_points.edge, point.edge)),
            np.concatenate((old_points.offset_m, point.offset_m)),
            np.concatenate((old_points.access_m, point.access_m)),
        )
        return Scenario(self._model_with(sites, points), profile=self.profile, fields=fields)

    def _model_with(self, sites: gpd.GeoDataFrame, points: SnappedPoints) -> CoverageModel:
        """The city with other sites, already snapped; residents stay snapped too."""
        model = self.model
        return CoverageModel(model.network, sites, model.demand, limit_m=model.limit_m,
                             demand_points=model.demand_points, site_points=points)

    def close_site(self, index: int) -> Scenario:
        """
        The scenario without the site at row ``index``: its category and "all" are searched again.

        Parameters
        ----------
        index
            Row position in ``model.sites``.

        Returns
        -------
        scenario
        """
        sites = self.model.sites
        if not 0 <= index < len(sites):
            raise ParameterError("site", message_id="site.no_row", index=index)
        category = str(sites["category"].iloc[index])
        kept = sites.drop(index=sites.index[index]).reset_index(drop=True)
        fields = {k: v for k, v in self.known_fields().items()
                  if k[0] not in (category, ALL_SITES)}
        keep = np.arange(len(sites)) != index
        return Scenario(self._model_with(kept, self.model.site_points.subset(keep)),
                        profile=self.profile, fields=fields)
