"""
Residents as demand points, and how zone totals are spread over where people live.

Zone population is spread over the zone's buildings by floor area (from the
OSM extract) and uniformly over a grid where a zone has no buildings, so the
zone totals are kept exactly. Reading population files is in
:mod:`learning_map.io.population`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from learning_map import settings

logger = logging.getLogger(__name__)

# Building types that house no residents; all other buildings share zone population.
NON_RESIDENTIAL_BUILDINGS = frozenset({
    "industrial", "warehouse", "garage", "garages", "roof", "shed", "church", "temple",
    "chapel", "cathedral", "mosque", "shrine", "school", "university", "college",
    "kindergarten", "hospital", "parking", "train_station", "transportation", "hangar",
    "greenhouse", "construction", "ruins", "service", "carport", "kiosk", "toilets",
    "stadium", "sports_hall", "grandstand", "bridge", "power", "water_tower", "bunker",
})


@dataclass
class Demand:
    """
    Residents as weighted points in the network CRS.

    Attributes
    ----------
    x, y
        Metres in ``crs``.
    population
        Residents at each point.
    elderly
        Elderly residents at each point (NaN where unknown).
    """

    crs: str
    x: npt.NDArray[np.float64]
    y: npt.NDArray[np.float64]
    population: npt.NDArray[np.float64]
    elderly: npt.NDArray[np.float64]

    def __len__(self) -> int:
        """Return the number of demand points."""
        return len(self.x)

    @property
    def has_elderly(self) -> bool:
        """True when elderly counts are known."""
        return bool(len(self.elderly)) and bool(np.isfinite(self.elderly).all())

    @property
    def total(self) -> float:
        """Total residents."""
        return float(self.population.sum())


def save_demand(demand: Demand, path: str | Path) -> None:
    """Write demand points to ``.npz``."""
    np.savez_compressed(
        path, crs=np.asarray(demand.crs), x=demand.x, y=demand.y,
        population=demand.population, elderly=demand.elderly,
    )


def load_demand(path: str | Path) -> Demand | None:
    """Read demand points written by :func:`save_demand`; None if the file is absent."""
    path = Path(path)
    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as data:
        return Demand(str(data["crs"]), data["x"], data["y"], data["population"], data["elderly"])


def building_floor_area(footprints: gpd.GeoDataFrame, *, crs: str) -> gpd.GeoDataFrame:
    """
    Residential-capable buildings with their floor area.

    Parameters
    ----------
    footprints
        Building features from :func:`learning_map.io.osm.read_osm` (``tags`` dicts,
        EPSG:4326 polygons).
    crs
        Projected CRS for areas.

    Returns
    -------
    buildings
        Points on each footprint (``crs``) with ``floor_area_m2`` =
        footprint area x ``building:levels`` (default
        :data:`~learning_map.settings.BUILDING_DEFAULT_LEVELS`).
    """
    polygons = footprints[footprints.geom_type.isin(["Polygon", "MultiPolygon"])]
    kind = polygons["tags"].map(lambda t: t.get("building", "yes"))
    polygons = polygons[~kind.isin(NON_RESIDENTIAL_BUILDINGS).to_numpy()]
    levels = pd.to_numeric(
        polygons["tags"].map(lambda t: t.get("building:levels")), errors="coerce"
    )
    levels = levels.where(levels > 0, settings.BUILDING_DEFAULT_LEVELS).fillna(
        settings.BUILDING_DEFAULT_LEVELS
    )
    projected = polygons.geometry.to_crs(crs)
    return gpd.GeoDataFrame(
        {"floor_area_m2": shapely.area(projected.to_numpy()) * levels.to_numpy()},
        geometry=shapely.point_on_surface(projected.to_numpy()),
        crs=crs,
    )


def _grid_points(polygons: npt.NDArray[np.object_], spacing_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Regular grid points inside each polygon (at least its representative point)."""
    xs, ys, owner = [], [], []
    bounds = shapely.bounds(polygons)
    # One small grid per zone without buildings; only such zones reach here.
    for i, (minx, miny, maxx, maxy) in enumerate(bounds):
        gx, gy = np.meshgrid(
            np.arange(minx + spacing_m / 2, maxx, spacing_m),
            np.arange(miny + spacing_m / 2, maxy, spacing_m),
        )
        inside = shapely.contains_xy(polygons[i], gx.ravel(), gy.ravel())
        px, py = gx.ravel()[inside], gy.ravel()[inside]
        if len(px) == 0:
            point = shapely.point_on_surface(polygons[i])
            px, py = np.array([point.x]), np.array([point.y])
        xs.append(px)
        ys.append(py)
        owner.append(np.full(len(px), i))
    if not xs:
        return np.zeros((0, 2)), np.zeros(0, dtype=np.int64)
    return np.column_stack((np.concatenate(xs), np.concatenate(ys))), np.concatenate(owner)


def demand_from_zones(
    zones: gpd.GeoDataFrame,
    population: npt.NDArray[np.float64],
    elderly_share: npt.NDArray[np.float64] | None,
    *,
    buildings: gpd.GeoDataFrame | None,
    crs: str,
    grid_m: float = settings.UNIFORM_GRID_M,
) -> Demand:
    """
    Spread zone population over buildings by floor area, else over a grid.

    Parameters
    ----------
    zones
        Zone polygons (any CRS).
    population
        Residents per zone.
    elderly_share
        Share of elderly residents per zone (0-1), or None.
    buildings
        From :func:`building_floor_area`, or None to spread uniformly.
    crs
        Projected CRS of the output.
    grid_m
        Grid spacing for zones without buildings.

    Returns
    -------
    demand
    """
    polygons = zones.geometry.to_crs(crs).to_numpy()
    share = elderly_share if elderly_share is not None else np.full(len(zones), np.nan)
    xs, ys, pop, zone_of = [], [], [], []
    with_buildings = np.zeros(len(zones), dtype=bool)
    if buildings is not None and len(buildings):
        tree = shapely.STRtree(polygons)
        b_idx, z_idx = tree.query(buildings.geometry.to_numpy(), predicate="within")
        # A building on a zone border counts once, in the first zone found.
        b_idx, first = np.unique(b_idx, return_index=True)
        z_idx = z_idx[first]
        area = buildings["floor_area_m2"].to_numpy()[b_idx]
        zone_area = np.bincount(z_idx, weights=area, minlength=len(zones))
        with_buildings = zone_area > 0
        keep = with_buildings[z_idx]
        b_idx, z_idx, area = b_idx[keep], z_idx[keep], area[keep]
        pts = shapely.get_coordinates(buildings.geometry.to_numpy()[b_idx])
        xs.append(pts[:, 0])
        ys.append(pts[:, 1])
        pop.append(population[z_idx] * area / zone_area[z_idx])
        zone_of.append(z_idx)
    grid, owner = _grid_points(polygons[~with_buildings], grid_m)
    owner = np.flatnonzero(~with_buildings)[owner]
    per_zone = np.bincount(owner, minlength=len(zones))
    xs.append(grid[:, 0])
    ys.append(grid[:, 1])
    pop.append(population[owner] / np.maximum(per_zone[owner], 1))
    zone_of.append(owner)
    zone_of_all = np.concatenate(zone_of)
    people = np.concatenate(pop)
    logger.info(
        "Spread %s residents of %d zones over %s points (%d zones by building floor area)",
        f"{people.sum():,.0f}", len(zones), f"{len(people):,}", int(with_buildings.sum()),
    )
    return Demand(crs, np.concatenate(xs), np.concatenate(ys), people, people * share[zone_of_all])
