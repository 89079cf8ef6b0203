"""
Residents as demand points, and how zone totals are spread over where people live.

Zone population is spread by floor area over the buildings where people live
(from the OSM extract; see :func:`building_floor_area` for the rule) and
uniformly over a grid where a zone has no such building, so the zone totals are
kept exactly. Reading population files is in
:mod:`learning_map.city.population_files`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from learning_map import settings

logger = logging.getLogger(__name__)

# Building types that house no residents; all other buildings may share zone population.
NON_RESIDENTIAL_BUILDINGS = frozenset({
    "industrial", "warehouse", "garage", "garages", "roof", "shed", "church", "temple",
    "chapel", "cathedral", "mosque", "shrine", "school", "university", "college",
    "kindergarten", "hospital", "parking", "train_station", "transportation", "hangar",
    "greenhouse", "construction", "ruins", "service", "carport", "kiosk", "toilets",
    "stadium", "sports_hall", "grandstand", "bridge", "power", "water_tower", "bunker",
    "hotel", "commercial", "office", "retail", "supermarket", "storage_tank", "stable",
    "public", "civic", "government", "fire_station", "factory", "manufacture",
})
# Building types that are homes: these come first when a zone's residents are spread.
RESIDENTIAL_BUILDINGS = frozenset({
    "residential", "apartments", "house", "detached", "semidetached_house", "terrace",
    "dormitory", "bungalow", "cabin", "farm", "houseboat", "static_caravan", "hut",
})
# Land uses where people live, and where they do not (``landuse=*`` areas).
RESIDENTIAL_LANDUSE = frozenset({"residential"})
NON_RESIDENTIAL_LANDUSE = frozenset({"commercial", "retail", "industrial"})
# Tags (besides ``building``) that mark a building or its grounds as no home.
NOT_HOME_TAGS: dict[str, frozenset[str] | None] = {
    "tourism": frozenset({"hotel", "hostel", "motel", "guest_house", "apartment"}),
    "amenity": frozenset({"casino", "marketplace", "bank", "cinema", "theatre",
                          "conference_centre", "exhibition_centre", "townhall", "courthouse",
                          "police", "fire_station", "hospital", "clinic", "place_of_worship"}),
    "shop": frozenset({"mall", "department_store", "supermarket"}),
    "office": None,  # any value
    "landuse": frozenset(NON_RESIDENTIAL_LANDUSE),
}
# Words in ``name`` or any ``name:*`` (Chinese, Portuguese, English) that mark a hotel,
# casino, mall, office or industrial building. The one list of such words: change it here.
# Left out on purpose: 廣場/广场 ("plaza") names many Macau housing estates (美居廣場,
# 建興龍廣場), and 大廈/Edifício ("building") is used for homes and offices alike.
NOT_HOME_NAME_WORDS = (
    # hotels and inns
    "酒店", "賓館", "宾馆", "旅館", "旅馆", "Hotel", "Pousada", "Hostel",
    # casinos
    "娛樂場", "娱乐场", "賭場", "赌场", "Casino",
    # malls and shops
    "商場", "商场", "購物中心", "购物中心", "百貨", "百货", "Mall", "Shopping",
    "Centro Comercial", "Department Store",
    # offices and trade
    "商業中心", "商业中心", "商業大廈", "商业大厦", "寫字樓", "写字楼", "Commercial Centre",
    "Business Centre", "Business Center", "Office Tower",
    # industry and conventions
    "工業大廈", "工业大厦", "工業中心", "工业中心", "Edifício Industrial", "Centro Industrial",
    "Industrial Building", "會展中心", "会展中心", "Convention",
)
_NOT_HOME_NAME = re.compile(
    "|".join(
        rf"\b{re.escape(w)}\b" if w[0].isascii() else re.escape(w) for w in NOT_HOME_NAME_WORDS
    ),
    re.IGNORECASE,
)


def is_not_home(tags: dict[str, str]) -> bool:
    """
    True when tags say nobody lives here.

    That is a non-residential ``building`` type, a hotel, casino, mall or office tag
    (:data:`NOT_HOME_TAGS`), or a name with one of :data:`NOT_HOME_NAME_WORDS`.
    """
    if tags.get("building", "yes") in NON_RESIDENTIAL_BUILDINGS:
        return True
    for key, values in NOT_HOME_TAGS.items():
        value = tags.get(key)
        if value is not None and (values is None or value in values):
            return True
    return any(
        (key == "name" or key.startswith("name:")) and _NOT_HOME_NAME.search(value)
        for key, value in tags.items()
    )


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


def _within_land(
    points: npt.NDArray[np.object_], land: gpd.GeoDataFrame | None, kinds: frozenset[str]
) -> npt.NDArray[np.bool_]:
    """True for each point (EPSG:4326) inside a land area whose tags say one of ``kinds``."""
    inside = np.zeros(len(points), dtype=bool)
    if land is None or not len(land):
        return inside
    chosen = land[land["tags"].map(lambda t: t.get("landuse") in kinds).to_numpy()]
    if not len(chosen):
        return inside
    hit, _ = shapely.STRtree(chosen.geometry.to_numpy()).query(points, predicate="within")
    inside[hit] = True
    return inside


def _not_home_ground(points: npt.NDArray[np.object_], land: gpd.GeoDataFrame | None) -> npt.NDArray[np.bool_]:
    """True for each point inside commercial, retail or industrial land, or hotel or casino grounds."""
    inside = np.zeros(len(points), dtype=bool)
    if land is None or not len(land):
        return inside
    chosen = land[land["tags"].map(is_not_home).to_numpy()]
    if len(chosen):
        hit, _ = shapely.STRtree(chosen.geometry.to_numpy()).query(points, predicate="within")
        inside[hit] = True
    return inside


def building_floor_area(
    footprints: gpd.GeoDataFrame, *, crs: str, landuse: gpd.GeoDataFrame | None = None
) -> gpd.GeoDataFrame:
    """
    The buildings where people live, with their floor area, homes first.

    The rule: a building is left out when :func:`is_not_home` says so (a
    non-residential type, a hotel, casino, mall or office tag, or such a word in
    its name), and so is any building drawn inside such a building. Of the rest,
    residential building types (:data:`RESIDENTIAL_BUILDINGS`) and any building
    inside ``landuse=residential`` are homes (``rank`` 1) wherever they stand; other
    buildings (mostly ``building=yes``) count (``rank`` 2) only outside
    commercial, retail and industrial land and hotel or casino grounds.
    :func:`demand_from_zones` spreads a zone's residents over both ranks by floor
    area (homes only, when tried on Macau, put 682,400 residents on 1,672 points,
    so ``rank`` is for reading, not weighting), and over a grid where a zone has none.

    Parameters
    ----------
    footprints
        Building features from :func:`learning_map.io.osm.read_osm` (``tags`` dicts,
        EPSG:4326 polygons).
    crs
        Projected CRS for areas.
    landuse
        Land-use areas from the same read (``OsmExtract.landuse``), or None.

    Returns
    -------
    buildings
        Points on each footprint (``crs``) with ``floor_area_m2`` =
        footprint area x ``building:levels`` (default
        :data:`~learning_map.settings.BUILDING_DEFAULT_LEVELS`) and ``rank``.
    """
    polygons = footprints[footprints.geom_type.isin(["Polygon", "MultiPolygon"])]
    not_home = polygons["tags"].map(is_not_home).to_numpy(dtype=bool)
    # Hotels, malls and offices are grounds too: a building drawn inside one is no home.
    grounds = gpd.GeoDataFrame(
        pd.concat([landuse, polygons[not_home]], ignore_index=True)
        if landuse is not None else polygons[not_home], crs="EPSG:4326",
    )
    polygons = polygons[~not_home]
    anchor = shapely.point_on_surface(polygons.geometry.to_numpy())
    kind = polygons["tags"].map(lambda t: t.get("building", "yes")).to_numpy()
    home = np.isin(kind, list(RESIDENTIAL_BUILDINGS)) | _within_land(anchor, landuse, RESIDENTIAL_LANDUSE)
    rank = np.where(home, 1, 2)
    keep = ~_not_home_ground(anchor, grounds) & (home | ~_not_home_ground(anchor, landuse))
    polygons, rank = polygons[keep], rank[keep]
    levels = pd.to_numeric(
        polygons["tags"].map(lambda t: t.get("building:levels")), errors="coerce"
    )
    levels = levels.where(levels > 0, settings.BUILDING_DEFAULT_LEVELS).fillna(
        settings.BUILDING_DEFAULT_LEVELS
    )
    projected = polygons.geometry.to_crs(crs)
    return gpd.GeoDataFrame(
        {"floor_area_m2": shapely.area(projected.to_numpy()) * levels.to_numpy(), "rank": rank},
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


def _building_demand(
    polygons: npt.NDArray[np.object_], population: npt.NDArray[np.float64], buildings: gpd.GeoDataFrame,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """
    Zone residents spread over the zone's buildings by floor area.

    Returns which zones have buildings, the buildings' points, their residents and zones.
    """
    tree = shapely.STRtree(polygons)
    b_idx, z_idx = tree.query(buildings.geometry.to_numpy(), predicate="within")
    # A building on a zone border counts once, in the first zone found.
    b_idx, first = np.unique(b_idx, return_index=True)
    z_idx = z_idx[first]
    area = buildings["floor_area_m2"].to_numpy()[b_idx]
    zone_area = np.bincount(z_idx, weights=area, minlength=len(polygons))
    with_buildings = zone_area > 0
    keep = with_buildings[z_idx]
    b_idx, z_idx, area = b_idx[keep], z_idx[keep], area[keep]
    pts = shapely.get_coordinates(buildings.geometry.to_numpy()[b_idx])
    return with_buildings, pts, population[z_idx] * area / zone_area[z_idx], z_idx


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
        with_buildings, points, people, owner = _building_demand(polygons, population, buildings)
        xs.append(points[:, 0])
        ys.append(points[:, 1])
        pop.append(people)
        zone_of.append(owner)
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
