"""
Coverage gaps: residents beyond the walking threshold, grouped into contiguous areas.

Uncovered demand points are put on a square grid; occupied cells that touch (sides
or corners) form one gap area, outlined by the union of its cells. Each gap gets
its residents (and elderly residents), area, and the existing site nearest on foot
to any of its residents, with that walk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import shapely
from scipy import sparse
from scipy.sparse import csgraph

from learning_map import settings
from learning_map.base.units import metres_to_minutes, walk_limit_m
from learning_map.planning.maxcover import demand_weight
from learning_map.walking.coverage import distances_to_targets, node_distances

if TYPE_CHECKING:
    import numpy.typing as npt

    from learning_map.analysis.model import CoverageModel

GAP_CELL_M = 100.0


@dataclass
class GapReport:
    """
    Gap areas of one category, largest first.

    Attributes
    ----------
    gaps
        One row per gap (EPSG:4326): rank, residents, elderly, weight (the ranked
        figure), area_m2, points, nearest_site (row in the site table, -1 if none),
        nearest_site_name, nearest_walk_m, nearest_minutes, geometry.
    uncovered
        Residents (or elderly residents, see ``weight_name``) beyond the threshold.
    weight_name
        ``"population"`` or ``"elderly"``.
    """

    category: str
    walk_m: float
    speed_kmh: float
    weight_name: str
    uncovered: float
    gaps: gpd.GeoDataFrame


def _cell_components(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], cell_m: float
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Grid cell of each point, and the gap (8-connected component) of each cell."""
    ix = np.floor(x / cell_m).astype(np.int64)
    iy = np.floor(y / cell_m).astype(np.int64)
    ix0, iy0 = ix.min(initial=0), iy.min(initial=0)
    span = int(iy.max(initial=0) - iy0) + 3
    keys = (ix - ix0 + 1) * span + (iy - iy0 + 1)
    cells, cell_of_point = np.unique(keys, return_inverse=True)
    rows, cols = [], []
    for dx, dy in ((1, 0), (0, 1), (1, 1), (1, -1)):
        target = cells + dx * span + dy
        pos = np.searchsorted(cells, target)
        hit = pos < len(cells)
        hit[hit] = cells[pos[hit]] == target[hit]
        rows.append(np.flatnonzero(hit))
        cols.append(pos[hit])
    r, c = np.concatenate(rows), np.concatenate(cols)
    graph = sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(cells), len(cells)))
    _, component = csgraph.connected_components(graph, directed=False)
    cell_x = cells // span - 1 + ix0
    cell_y = cells % span - 1 + iy0
    return cell_of_point, component, cell_x, cell_y


def find_gaps(
    model: CoverageModel,
    category: str,
    walk_m: float | None = None,
    speed_kmh: float = settings.PACE_KMH[settings.DEFAULT_PACE],
    *,
    minutes: float | None = None,
    cell_m: float = GAP_CELL_M,
) -> GapReport:
    """
    Contiguous areas whose residents are beyond ``walk_m`` of every ``category`` site.

    Parameters
    ----------
    model
        The city.
    category
        Category of sites.
    walk_m
        Walking threshold, metres; or give ``minutes`` instead.
    speed_kmh
        Pace used to express walks in minutes (and to convert ``minutes``).
    minutes
        Walking threshold as minutes at ``speed_kmh``
        (:func:`~learning_map.base.units.walk_limit_m`).
    cell_m
        Grid cell size; cells touching at a side or corner join one gap.

    Returns
    -------
    report
    """
    walk_m = walk_limit_m(walk_m, minutes=minutes, speed_kmh=speed_kmh)
    weight_name, weight = demand_weight(model, category)
    demand = model.demand
    points = model.demand_points
    assert demand is not None
    assert points is not None
    model.ensure_limit(walk_m)
    out = np.flatnonzero(~model.covered(category, walk_m) & (demand.population > 0))
    empty = gpd.GeoDataFrame(
        {"rank": [], "residents": [], "elderly": [], "weight": [], "area_m2": [], "points": [],
         "nearest_site": [], "nearest_site_name": [], "nearest_walk_m": [], "nearest_minutes": []},
        geometry=[], crs="EPSG:4326",
    )
    if len(out) == 0:
        return GapReport(category, walk_m, speed_kmh, weight_name, 0.0, empty)
    cell_of_point, component, cell_x, cell_y = _cell_components(demand.x[out], demand.y[out], cell_m)
    gap_of_point = component[cell_of_point]
    n_gaps = int(component.max()) + 1
    boxes = shapely.box(cell_x * cell_m, cell_y * cell_m, (cell_x + 1) * cell_m, (cell_y + 1) * cell_m)
    outlines = [shapely.union_all(boxes[component == g]) for g in range(n_gaps)]
    residents = np.bincount(gap_of_point, weights=demand.population[out], minlength=n_gaps)
    elderly = (np.bincount(gap_of_point, weights=demand.elderly[out], minlength=n_gaps)
               if demand.has_elderly else np.full(n_gaps, np.nan))
    ranked = np.bincount(gap_of_point, weights=weight[out], minlength=n_gaps)
    nearest_m, nearest_site = _nearest_sites(model, category, out, gap_of_point, n_gaps)
    names = model.sites["name"].astype(str).to_numpy() if "name" in model.sites else None
    frame = gpd.GeoDataFrame({
        "residents": residents,
        "elderly": elderly,
        "weight": ranked,
        "area_m2": shapely.area(np.asarray(outlines, dtype=object)),
        "points": np.bincount(gap_of_point, minlength=n_gaps),
        "nearest_site": nearest_site,
        "nearest_site_name": [names[i] if names is not None and i >= 0 else "" for i in nearest_site],
        "nearest_walk_m": nearest_m,
        "nearest_minutes": metres_to_minutes(nearest_m, speed_kmh),
    }, geometry=outlines, crs=model.network.crs)
    frame = frame.sort_values(["weight", "residents"], ascending=False, kind="stable")
    frame.insert(0, "rank", np.arange(1, n_gaps + 1))
    frame = frame.reset_index(drop=True).to_crs("EPSG:4326")
    return GapReport(category, walk_m, speed_kmh, weight_name, float(weight[out].sum()), frame)


def _nearest_sites(
    model: CoverageModel,
    category: str,
    out: npt.NDArray[np.int64],
    gap_of_point: npt.NDArray[np.int64],
    n_gaps: int,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Shortest walk from each gap to a site, and which site (one unbounded search, one per gap)."""
    mask = model.site_mask(category)
    site_rows = np.flatnonzero(mask)
    nearest_m = np.full(n_gaps, np.inf)
    nearest_site = np.full(n_gaps, -1, dtype=np.int64)
    if len(site_rows) == 0:
        return nearest_m, nearest_site
    sources = model.sources(category)
    targets = model.demand_points.subset(out)  # type: ignore[union-attr]
    walk = distances_to_targets(model.network, node_distances(model.network, sources), sources, targets)
    order = np.lexsort((walk, gap_of_point))
    first = order[np.searchsorted(gap_of_point[order], np.arange(n_gaps))]
    nearest_m = walk[first]
    for g in np.flatnonzero(np.isfinite(nearest_m)):
        # Which site: one search from the gap's nearest resident, bounded by that walk.
        start = targets.subset(np.array([first[g]]))
        back = node_distances(model.network, start, limit_m=float(nearest_m[g]) + 1.0)
        to_sites = distances_to_targets(model.network, back, start, sources)
        nearest_site[g] = site_rows[int(np.argmin(to_sites))]
    return nearest_m, nearest_site
