"""
Walk network: OSM ways -> projected, topologically simplified graph as flat arrays.

:func:`build_network` runs the steps (way pieces, projection, junction splits, edges,
nodes, edge tags) over the ways' arrays. The network itself (:class:`WalkNetwork`) lives in
:mod:`learning_map.walking.graph` and its files in :mod:`learning_map.walking.network_files`;
both are importable from here as before.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pyproj
from pyproj.aoi import AreaOfInterest
from pyproj.database import query_utm_crs_info

from learning_map import settings
from learning_map.errors import N_, EmptyExtractError
from learning_map.walking.graph import WalkNetwork, drop_small_components, select_edges
from learning_map.walking.network_files import (
    ADJACENCY_ARRAYS,
    NETWORK_ARRAYS,
    load_network,
    save_network,
)

if TYPE_CHECKING:
    import pandas as pd

    from learning_map.io.osm import WayTable

__all__ = [
    "ADJACENCY_ARRAYS",
    "NETWORK_ARRAYS",
    "WalkNetwork",
    "build_network",
    "drop_small_components",
    "load_network",
    "save_network",
    "select_edges",
    "utm_crs_for",
]

logger = logging.getLogger(__name__)


def utm_crs_for(lon: float, lat: float) -> str:
    """
    Return the UTM CRS (as ``"EPSG:nnnnn"``) containing a WGS84 point.

    Parameters
    ----------
    lon, lat
        Degrees, WGS84.

    Returns
    -------
    crs
    """
    info = query_utm_crs_info(
        datum_name="WGS 84", area_of_interest=AreaOfInterest(lon, lat, lon, lat)
    )
    return f"EPSG:{info[0].code}"


def build_network(
    ways: WayTable,
    *,
    crs: str | None = None,
    min_component_length_m: float = settings.MIN_COMPONENT_LENGTH_M,
) -> WalkNetwork:
    """
    Build a projected, topologically simplified walk network from OSM ways.

    Ways are split at every node shared with another way (or met twice) and at
    their ends; the node chains in between become edge geometries.

    Parameters
    ----------
    ways
        Walkable ways from :func:`learning_map.io.osm.read_osm`.
    crs
        Projected CRS to work in; default: the UTM zone of the data's centre.
    min_component_length_m
        Connected islands shorter than this in total (metres) are dropped.

    Returns
    -------
    network
    """
    valid = _located(ways)
    if crs is None:
        crs = utm_crs_for(float(np.median(ways.lon[valid])), float(np.median(ways.lat[valid])))
    chains = _chains(ways, valid, crs)
    edge_a, edge_b = _edge_ends(chains)
    network = _network(ways, chains, edge_a, edge_b, crs)
    network = drop_small_components(network, min_length_m=min_component_length_m)
    logger.info(
        "Built walk network: %s nodes, %s edges, %.1f km",
        f"{network.node_count:,}", f"{network.edge_count:,}", network.total_length_m / 1000,
    )
    return network


@dataclass(frozen=True)
class _Chains:
    """
    The ways' node chains, one entry per located node reference, in way order.

    A piece is a way, cut wherever a node location is missing; a node repeated straight
    after itself (a zero-length segment) is dropped.
    """

    ref: npt.NDArray[np.int64]  # OSM node id
    piece: npt.NDArray[np.int64]  # piece number, non-decreasing
    way: npt.NDArray[np.int64]  # row of the way in the table
    x: npt.NDArray[np.float64]  # projected, metres
    y: npt.NDArray[np.float64]
    piece_start: npt.NDArray[np.bool_]  # first entry of its piece


def _located(ways: WayTable) -> npt.NDArray[np.bool_]:
    """One flag per node reference: its location is known. EmptyExtractError when none is."""
    valid = np.isfinite(ways.lon) & np.isfinite(ways.lat)
    if not valid.any():
        raise EmptyExtractError(N_("The extract's ways have no node locations"))
    return valid


def _chains(ways: WayTable, valid: npt.NDArray[np.bool_], crs: str) -> _Chains:
    """The located node references cut into pieces and projected to ``crs``."""
    n_refs = len(ways.node_ref)
    way_of_ref = np.repeat(np.arange(ways.way_count), np.diff(np.append(ways.way_start, n_refs)))
    # A way piece ends at the way's end and wherever a node location is missing.
    new_piece = np.zeros(n_refs, dtype=bool)
    new_piece[ways.way_start] = True
    new_piece[1:] |= ~valid[:-1]
    piece = np.cumsum(new_piece)[valid]
    ref = ways.node_ref[valid]
    way_of_ref = way_of_ref[valid]
    # Drop a node repeated straight after itself (zero-length segment).
    repeat = np.zeros(len(ref), dtype=bool)
    repeat[1:] = (ref[1:] == ref[:-1]) & (piece[1:] == piece[:-1])
    ref, piece, way_of_ref = ref[~repeat], piece[~repeat], way_of_ref[~repeat]
    transformer = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    x, y = transformer.transform(ways.lon[valid][~repeat], ways.lat[valid][~repeat])
    piece_start = np.ones(len(ref), dtype=bool)
    piece_start[1:] = piece[1:] != piece[:-1]
    return _Chains(ref, piece, way_of_ref, np.asarray(x), np.asarray(y), piece_start)


def _edge_ends(chains: _Chains) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """
    Each edge's first and last entry in the chains.

    A chain is split at its piece's ends and at every node shared with another way (or met
    twice); EmptyExtractError when no edge is left.
    """
    ref, piece = chains.ref, chains.piece
    piece_end = np.ones(len(ref), dtype=bool)
    piece_end[:-1] = piece[1:] != piece[:-1]
    _, ref_inverse, ref_counts = np.unique(ref, return_inverse=True, return_counts=True)
    is_split = chains.piece_start | piece_end | (ref_counts[ref_inverse] > 1)
    split_pos = np.flatnonzero(is_split)
    same_piece = piece[split_pos[1:]] == piece[split_pos[:-1]]
    edge_a = split_pos[:-1][same_piece]
    edge_b = split_pos[1:][same_piece]
    if len(edge_a) == 0:
        raise EmptyExtractError(N_("The extract's walkable ways form no network"))
    return edge_a, edge_b


def _network(ways: WayTable, chains: _Chains, edge_a: npt.NDArray[np.int64],
             edge_b: npt.NDArray[np.int64], crs: str) -> WalkNetwork:
    """The network of the edges ``edge_a[i] -> edge_b[i]`` along the chains, with its nodes and tags."""
    x, y = chains.x, chains.y
    seg_len = np.zeros(len(chains.ref))
    seg_len[1:] = np.hypot(np.diff(x), np.diff(y))
    seg_len[chains.piece_start] = 0.0
    cum_len = np.cumsum(seg_len)
    node_ids, inverse = np.unique(chains.ref[np.concatenate((edge_a, edge_b))], return_inverse=True)
    edge_u = inverse[: len(edge_a)]
    edge_v = inverse[len(edge_a) :]
    node_x = np.empty(len(node_ids))
    node_y = np.empty(len(node_ids))
    node_x[edge_u], node_y[edge_u] = x[edge_a], y[edge_a]
    node_x[edge_v], node_y[edge_v] = x[edge_b], y[edge_b]
    counts = edge_b - edge_a + 1
    offsets = np.concatenate(([0], np.cumsum(counts)))
    coord_index = np.repeat(edge_a - offsets[:-1], counts) + np.arange(offsets[-1])
    edge_way = chains.way[edge_a]
    return WalkNetwork(
        crs=crs,
        node_x=node_x,
        node_y=node_y,
        node_osmid=node_ids.astype(np.int64),
        edge_u=edge_u.astype(np.int64),
        edge_v=edge_v.astype(np.int64),
        edge_length_m=cum_len[edge_b] - cum_len[edge_a],
        edge_coords=np.column_stack((x[coord_index], y[coord_index])),
        edge_offsets=offsets.astype(np.int64),
        edge_name=_way_names(ways.tags)[edge_way],
        edge_has_steps=_way_has_steps(ways.tags)[edge_way],
    )


def _way_has_steps(tags: pd.DataFrame) -> npt.NDArray[np.bool_]:
    """One flag per way: a wheelchair cannot pass (steps without a ramp, or wheelchair=no)."""
    tags = tags.reindex(columns=["highway", "wheelchair", "ramp:wheelchair"]).astype("string")
    return (
        ((tags["highway"] == "steps") & (tags["ramp:wheelchair"] != "yes").fillna(True)
         & (tags["wheelchair"] != "yes").fillna(True))
        | (tags["wheelchair"] == "no")
    ).fillna(False).to_numpy(dtype=bool)


def _way_names(tags: pd.DataFrame) -> npt.NDArray[np.str_]:
    """One street name per way: Chinese, else the plain name, else English, else empty."""
    name_tags = tags[["name:zh", "name", "name:en"]].astype("string")
    names = name_tags["name:zh"].fillna(name_tags["name"]).fillna(name_tags["name:en"]).fillna("")
    return names.to_numpy(dtype=str)
