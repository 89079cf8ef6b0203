"""
Access, not only coverage: seats per resident by the two-step floating catchment (2SFCA).

Step 1: each site's seats are shared by the residents within its catchment, each
counted with the weight of its walk: ``R_j = S_j / sum_i w(d_ij) P_i``.
Step 2: a resident's access is the sum of the shares of the sites within reach,
weighted again: ``A_i = sum_j w(d_ij) R_j`` (seats per resident; we report them per
1,000). With the weight in both steps this is the "enhanced" 2SFCA of Luo and Qi
(2009), and it is exactly what PySAL's ``access.fca.two_stage_fca`` computes (there
the weight function is ``weight_fn`` and the catchment ``max_cost``, both inclusive).

``d_ij`` is the walk over the street network (access legs included), searched from
the demand side with the recommend tool's bounded searches, never a straight line.
The elderly figure is a second 2SFCA with elderly residents as the demand, so the
seats are shared among elderly residents only.

Since ``sum_i P_i A_i = sum_j S_j`` over the sites that reach anyone, the seats a
unit's residents hold (``sum P_i A_i`` over its points) add up to the city's seats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import sparse
from scipy.sparse import csgraph

from learning_map.analysis.model import unit_labels
from learning_map.base.schema import CAPACITY_COLUMN_ALIASES
from learning_map.city.categories import ALL_SITES
from learning_map.errors import ParameterError, no_such_field
from learning_map.planning.candidates import BATCH_CELLS
from learning_map.planning.standards import CITY_TOTAL, row_name
from learning_map.walking.edge_walk import same_edge_walks, walks_from_ends, walks_to_ends

if TYPE_CHECKING:
    import geopandas as gpd

    from learning_map.analysis.model import CoverageModel
    from learning_map.walking.network import WalkNetwork
    from learning_map.walking.snapping import SnappedPoints

DECAY_KINDS = ("gaussian", "step", "none")
PER = 1000.0  # figures are seats per 1,000 residents


@dataclass(frozen=True)
class Decay:
    """
    How much a site counts for a resident at a given walk (1 at the door).

    Attributes
    ----------
    kind
        ``"gaussian"``: ``exp(-d^2 / (2 sigma^2))`` (PySAL's ``weights.gaussian``);
        ``"step"``: the weight of the first step whose limit is at least ``d``
        (PySAL's ``weights.step_fn``); ``"none"``: 1 (the original 2SFCA).
        Every kind is 0 beyond the catchment.
    sigma_m
        Gaussian width, metres.
    steps
        ``(limit_m, weight)`` pairs, ascending limits.
    """

    kind: str
    sigma_m: float = 0.0
    steps: tuple[tuple[float, float], ...] = ()

    def weights(self, walk_m: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Weight of each walk (metres)."""
        walk_m = np.asarray(walk_m, float)
        if self.kind == "gaussian":
            return np.exp(-walk_m * walk_m / (2.0 * self.sigma_m**2))
        if self.kind == "step":
            limits = np.array([limit for limit, _ in self.steps])
            values = np.append([w for _, w in self.steps], 0.0)
            return values[np.searchsorted(limits, walk_m, side="left")]
        return np.ones_like(walk_m)

    @property
    def label(self) -> str:
        """The decay as the command line writes it."""
        if self.kind == "gaussian":
            return f"gaussian:{self.sigma_m:g}"
        if self.kind == "step":
            return "step:" + ",".join(f"{limit:g}={w:g}" for limit, w in self.steps)
        return "none"


def parse_decay(text: str, walk_m: float) -> Decay:
    """
    Read ``--decay``: ``gaussian[:SIGMA_M]``, ``step:M=W,M=W,...`` or ``none``.

    A bare ``gaussian`` takes sigma as half the catchment, so a site at the edge of
    the catchment counts ``exp(-2)``, about 0.14.

    Parameters
    ----------
    text
        The option's value; metres throughout.
    walk_m
        Catchment, metres.

    Returns
    -------
    decay
    """
    kind, _, rest = text.strip().partition(":")
    kind = kind.strip().lower()
    if kind == "none" and not rest:
        return Decay("none")
    if kind == "gaussian":
        if not rest:
            return Decay("gaussian", sigma_m=walk_m / 2.0)
        sigma = _positive(rest)
        if sigma is None:
            raise ParameterError("decay", message_id="decay.bad_sigma", value=rest)
        return Decay("gaussian", sigma_m=sigma)
    if kind == "step" and rest:
        steps = []
        for part in rest.split(","):
            limit_text, eq, weight_text = part.partition("=")
            limit, weight = _positive(limit_text), _positive(weight_text, allow_zero=True)
            if not eq or limit is None or weight is None or weight > 1:
                raise ParameterError("decay", message_id="decay.bad_step", value=part)
            steps.append((limit, weight))
        limits = [limit for limit, _ in steps]
        if limits != sorted(set(limits)):
            raise ParameterError("decay", message_id="decay.steps_not_rising")
        return Decay("step", steps=tuple(steps))
    raise ParameterError("decay", message_id="decay.unknown", value=text)


_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")


def _positive(text: str, *, allow_zero: bool = False) -> float | None:
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if value > 0 or (allow_zero and value == 0) else None


def _heading(name: object) -> str:
    return str(name).strip().casefold().replace(" ", "").replace("_", "")


def site_capacity(sites: gpd.GeoDataFrame) -> npt.NDArray[np.float64]:
    """
    Seats (or classes) of each site, NaN where the registry gives none.

    The store keeps ``capacity`` as a checked whole number; a registry read without
    the store passes its own heading through (``座位数`` ...), so those are read too.
    Only ASCII decimal numbers of at least 0 count.
    """
    keys = {_heading(alias) for alias in CAPACITY_COLUMN_ALIASES}
    # The store's canonical name first, then a registry's own heading.
    column = "capacity" if "capacity" in sites.columns else next(
        (c for c in sites.columns if _heading(c) in keys), None)
    if column is None:
        return np.full(len(sites), np.nan)
    text = sites[column].astype("string").str.strip()
    ok = text.str.fullmatch(_NUMBER.pattern).fillna(False).to_numpy(dtype=bool)
    values = np.full(len(sites), np.nan)
    values[ok] = text[ok].astype(float).to_numpy()
    return values


def walk_matrix(model: CoverageModel, site_rows: npt.NDArray[np.int64], walk_m: float) -> sparse.csr_matrix:
    """
    Walk (metres) from each chosen site to each demand point within ``walk_m``, sparse.

    Sites are few next to residents, so the search runs from the sites: each site gets
    a virtual node joined to its edge's two ends (access leg + the way along the edge),
    and one bounded Dijkstra per site (batched, each dense block cut to its entries
    within reach) gives its walk to every node. A demand point then walks in from the
    nearer end of its edge, or straight along the edge when it shares one with the site.

    Parameters
    ----------
    model
        The city; its snapped sites and residents are used.
    site_rows
        Row positions of the sites (on the network).
    walk_m
        Catchment, metres.

    Returns
    -------
    walk
        ``(len(site_rows), demand points)`` CSR matrix; every stored entry is a walk,
        0 m included.
    """
    network, demand = model.network, model.demand_points
    sites = model.site_points.subset(np.asarray(site_rows, dtype=np.int64))
    n_sites, n_demand = len(sites), len(demand)
    if n_sites == 0:
        return sparse.csr_matrix((0, n_demand))
    # Slack = walk_m + 1 - walk (at least 1) so a walk of 0 m is still an entry.
    node_slack = _site_node_slack(network, sites, walk_m).tocsc()
    on = demand.on_network
    edge = np.where(on, demand.edge, 0)
    parts = []
    # From each end of its edge to the resident's spot, then its access leg (off-network
    # residents have an infinite leg: their costs stay inf, then masked).
    for end, along in zip((network.edge_u[edge], network.edge_v[edge]),
                          walks_from_ends(network, demand, 0.0, 0.0), strict=True):
        part = node_slack[:, end].tocsc()
        part.data -= np.repeat(along + demand.access_m, np.diff(part.indptr))
        part.data[part.data < 1.0] = 0.0
        part = part @ sparse.diags(on.astype(float))
        part.eliminate_zeros()
        parts.append(part)
    demand_idx, site_idx, direct = same_edge_walks(sites, demand)
    near = direct <= walk_m
    parts.append(sparse.csc_matrix((walk_m + 1.0 - direct[near], (site_idx[near], demand_idx[near])),
                                   shape=(n_sites, n_demand)))
    slack = parts[0].maximum(parts[1]).maximum(parts[2]).tocsr()
    slack.sort_indices()
    walk = slack.copy()
    walk.data = np.maximum(walk_m + 1.0 - slack.data, 0.0)
    return walk


def _site_node_slack(network: WalkNetwork, sites: SnappedPoints, walk_m: float) -> sparse.csr_matrix:
    """``(sites, nodes)`` CSR of ``walk_m + 1 - walk`` for every node within ``walk_m`` of each site."""
    n, n_sites = network.node_count, len(sites)
    virtual = n + np.arange(n_sites)
    ends = np.concatenate((network.edge_u[sites.edge], network.edge_v[sites.edge]))
    # Zero-length legs would vanish from a sparse matrix: keep them just above 0.
    legs = np.maximum(np.concatenate(walks_to_ends(network, sites)), 1e-9)
    graph = _with_site_legs(network.adjacency.tocoo(), np.tile(virtual, 2), ends, legs, n + n_sites)
    batch = max(1, BATCH_CELLS // max(n + n_sites, 1))
    rows, cols, vals = [], [], []
    for start in range(0, n_sites, batch):
        pick = np.arange(start, min(start + batch, n_sites))
        block = csgraph.dijkstra(graph, directed=True, indices=virtual[pick], limit=walk_m)[:, :n]
        r, c = np.nonzero(block <= walk_m)
        rows.append(pick[r])
        cols.append(c)
        vals.append(walk_m + 1.0 - block[r, c])
    return sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                             shape=(n_sites, n))


def _with_site_legs(
    adjacency: sparse.coo_matrix, rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64],
    legs: npt.NDArray[np.float64], size: int,
) -> sparse.csr_matrix:
    """The graph with each site's legs added; of two legs to one node (a loop edge) the shorter stays."""
    key = rows * size + cols
    order = np.lexsort((legs, key))
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[order][1:] != key[order][:-1]
    keep = order[first]
    return sparse.csr_matrix(
        (np.concatenate((adjacency.data, legs[keep])),
         (np.concatenate((adjacency.row, rows[keep])), np.concatenate((adjacency.col, cols[keep])))),
        shape=(size, size),
    )


def two_step_fca(
    walk: sparse.csr_matrix,
    supply: npt.NDArray[np.float64],
    demand: npt.NDArray[np.float64],
    decay: Decay,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """
    The 2SFCA score on a given walk matrix.

    Parameters
    ----------
    walk
        ``(sites, demand points)`` sparse walks within the catchment (stored entries only).
    supply
        Seats per site.
    demand
        Residents per demand point.
    decay
        Distance decay, applied in both steps.

    Returns
    -------
    access, ratio
        Seats per resident at each demand point (0 where no site reaches), and each
        site's seats per weighted resident (0 where nobody is in its catchment).
    """
    weight = walk.tocsr(copy=True)
    weight.data = decay.weights(weight.data)
    weight.eliminate_zeros()
    weighted_demand = np.asarray(weight @ np.asarray(demand, float)).ravel()
    ratio = np.divide(np.asarray(supply, float), weighted_demand,
                      out=np.zeros(len(supply)), where=weighted_demand > 0)
    access = np.asarray(weight.T @ ratio).ravel()
    return access, ratio


@dataclass
class AccessReport:
    """
    Seats per 1,000 residents (and elderly residents) by 2SFCA, per demand point and unit.

    Attributes
    ----------
    category
        Category of the sites.
    walk_m
        Catchment, metres.
    decay
        Distance decay.
    sites
        Sites of the category.
    sites_with_capacity
        Those counted: a capacity and on the network.
    sites_without_capacity
        Left out: no capacity in the registry.
    sites_off_network
        Left out: a capacity but too far from every street.
    seats
        Seats of the counted sites.
    seats_reaching
        Seats of counted sites with at least one resident in their catchment.
    points
        One row per demand point: x, y (network CRS), lon, lat, population, elderly,
        seats_per_1000, seats_per_1000_elderly (NaN without elderly figures).
    units
        One row per reporting unit (or None): population, elderly, seats held by
        its residents, seats per 1,000 residents and per 1,000 elderly residents;
        the last row is the city total.
    """

    category: str
    walk_m: float
    decay: Decay
    sites: int
    sites_with_capacity: int
    sites_without_capacity: int
    sites_off_network: int
    seats: float
    seats_reaching: float
    points: pd.DataFrame
    units: pd.DataFrame | None = None

    @property
    def city(self) -> dict[str, float]:
        """City-wide seats per 1,000 residents and per 1,000 elderly residents (within reach)."""
        return _unit_row(self.points, np.ones(len(self.points), dtype=bool))


def _unit_row(points: pd.DataFrame, select: npt.NDArray[np.bool_]) -> dict[str, float]:
    population = float(points["population"][select].sum())
    seats = float((points["population"] * points["seats_per_1000"])[select].sum() / PER)
    row = {"population": population, "seats": seats,
           "seats_per_1000": PER * seats / population if population else 0.0}
    elderly = points["elderly"][select]
    if elderly.notna().all():
        total = float(elderly.sum())
        held = float((elderly * points["seats_per_1000_elderly"])[select].sum() / PER)
        row |= {"elderly": total, "seats_elderly": held,
                "seats_per_1000_elderly": PER * held / total if total else 0.0}
    else:
        row |= {"elderly": np.nan, "seats_elderly": np.nan, "seats_per_1000_elderly": np.nan}
    return row


def access_scores(
    model: CoverageModel,
    category: str,
    walk_m: float,
    *,
    decay: Decay | None = None,
    units: gpd.GeoDataFrame | None = None,
    field: str | None = None,
) -> AccessReport:
    """
    Seats per 1,000 residents and per 1,000 elderly residents within a walk, by 2SFCA.

    Parameters
    ----------
    model
        The city (sites with a capacity column, and residents).
    category
        Category of the sites, or ``"all"``.
    walk_m
        Catchment, metres of walk on the network.
    decay
        Distance decay; default: gaussian with sigma half the catchment.
    units, field
        Reporting units and their name field, for the per-unit table.

    Returns
    -------
    report
    """
    demand = model.demand
    if demand is None or model.demand_points is None:
        raise ParameterError("population", message_id="population.missing")
    if walk_m <= 0:
        raise ParameterError("walk_m", message_id="walk_m.not_positive")
    decay = decay or Decay("gaussian", sigma_m=walk_m / 2.0)
    in_category = model.site_mask(category) if category != ALL_SITES else np.ones(len(model.sites), bool)
    capacity = site_capacity(model.sites)
    has_capacity = in_category & np.isfinite(capacity)
    on_network = model.site_points.on_network
    rows = np.flatnonzero(has_capacity & on_network)
    supply = capacity[rows]
    walk = walk_matrix(model, rows, walk_m)
    population = np.asarray(demand.population, float)
    access, _ = two_step_fca(walk, supply, population, decay)
    if demand.has_elderly:
        elderly = np.asarray(demand.elderly, float)
        access_elderly, _ = two_step_fca(walk, supply, elderly, decay)
    else:
        elderly = np.full(len(demand), np.nan)
        access_elderly = np.full(len(demand), np.nan)
    lon, lat = model.network.to_lonlat(demand.x, demand.y)
    points = pd.DataFrame({
        "x": demand.x, "y": demand.y, "lon": lon, "lat": lat,
        "population": population, "elderly": elderly,
        "seats_per_1000": PER * access, "seats_per_1000_elderly": PER * access_elderly,
    })
    reaching = np.diff(walk.tocsr().indptr) > 0
    report = AccessReport(
        category=category, walk_m=float(walk_m), decay=decay, sites=int(in_category.sum()),
        sites_with_capacity=len(rows), sites_without_capacity=int((in_category & ~np.isfinite(capacity)).sum()),
        sites_off_network=int((has_capacity & ~on_network).sum()),
        seats=float(supply.sum()), seats_reaching=float(supply[reaching].sum()), points=points,
    )
    if units is not None and field is not None:
        if field not in units:
            raise no_such_field("field", field, units.columns)
        label = unit_labels(units, field, demand, crs=model.network.crs)
        table = [{"unit": name, **_unit_row(points, label == name)} for name in pd.unique(label)]
        table.sort(key=lambda row: str(row["unit"]))
        table.append({"unit": row_name(CITY_TOTAL, None), **report.city})
        report.units = pd.DataFrame(table)
    return report
