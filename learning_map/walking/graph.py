"""
The walk network as flat arrays: the :class:`WalkNetwork` and what is derived from them.

Its indexes (edges at each node, node pairs, vertex distances, the spatial index and the
CSR adjacency the searches read) are built on first use and kept; a subset of its edges is
a network of its own (:func:`select_edges`: the step-free profile, the islands kept). It is
built from OSM ways by :mod:`learning_map.walking.network` and stored by
:mod:`learning_map.walking.network_files`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt
import pyproj
import shapely
from scipy import sparse
from scipy.sparse import csgraph

__all__ = ["WalkNetwork", "drop_small_components", "select_edges"]

logger = logging.getLogger(__name__)


@dataclass
class WalkNetwork:
    """
    An undirected walk network in a projected metric CRS.

    Nodes are OSM junctions and way ends; each edge keeps its full geometry.
    Arrays are contiguous integer-indexed (OSM ids only at the boundary).
    """

    crs: str
    node_x: npt.NDArray[np.float64]
    node_y: npt.NDArray[np.float64]
    node_osmid: npt.NDArray[np.int64]
    edge_u: npt.NDArray[np.int64]
    edge_v: npt.NDArray[np.int64]
    edge_length_m: npt.NDArray[np.float64]
    edge_coords: npt.NDArray[np.float64]
    edge_offsets: npt.NDArray[np.int64]
    edge_name: npt.NDArray[np.str_] = field(default_factory=lambda: np.zeros(0, dtype=str))
    # True where a wheelchair cannot pass (steps without a ramp, wheelchair=no); empty: none.
    edge_has_steps: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, dtype=bool))

    @property
    def node_count(self) -> int:
        """Number of nodes."""
        return len(self.node_x)

    @property
    def edge_count(self) -> int:
        """Number of edges."""
        return len(self.edge_u)

    @property
    def step_free_edges(self) -> npt.NDArray[np.bool_]:
        """One boolean per edge: passable without steps (all of them when nothing is known)."""
        if len(self.edge_has_steps) != self.edge_count:
            return np.ones(self.edge_count, dtype=bool)
        return ~self.edge_has_steps

    @cached_property
    def node_edges(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """CSR of the edges at each node: ``incident[indptr[i]:indptr[i + 1]]`` are node i's."""
        ends = np.concatenate((self.edge_u, self.edge_v))
        edges = np.tile(np.arange(self.edge_count, dtype=np.int64), 2)
        order = np.argsort(ends, kind="stable")
        indptr = np.zeros(self.node_count + 1, dtype=np.int64)
        np.cumsum(np.bincount(ends, minlength=self.node_count), out=indptr[1:])
        return indptr, edges[order]

    @cached_property
    def edge_pairs(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Sorted node-pair keys and their edges (shortest parallel edge first)."""
        low, high = np.minimum(self.edge_u, self.edge_v), np.maximum(self.edge_u, self.edge_v)
        order = np.lexsort((self.edge_length_m, high, low))
        return (low * self.node_count + high)[order], order

    def edge_between(self, a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """The (shortest) edge joining nodes ``a[i]`` and ``b[i]``, for node paths from a search."""
        keys, edges = self.edge_pairs
        key = np.minimum(a, b) * self.node_count + np.maximum(a, b)
        return edges[np.searchsorted(keys, key)]

    def path_line(self, nodes: npt.NDArray[np.int64]) -> shapely.LineString:
        """The street geometry along a node path (each edge in walking direction)."""
        nodes = np.asarray(nodes, dtype=np.int64)
        if len(nodes) < 2:
            return shapely.LineString()
        edges = self.edge_between(nodes[:-1], nodes[1:])
        pieces = self.edge_geometry[edges]
        pieces = np.where(self.edge_u[edges] == nodes[:-1], pieces, shapely.reverse(pieces))
        xy = np.concatenate([shapely.get_coordinates(p) for p in pieces])
        keep = np.ones(len(xy), dtype=bool)
        keep[1:] = np.any(np.diff(xy, axis=0) != 0, axis=1)
        return shapely.LineString(xy[keep])

    @cached_property
    def step_free(self) -> WalkNetwork:
        """
        The network a wheelchair user or a frail walker can use: no steps, no wheelchair=no.

        Walks on it go around staircases. Residents and sites snap to its nearest edge.
        """
        mask = self.step_free_edges
        return self if mask.all() else select_edges(self, mask)

    def for_profile(self, profile: str) -> WalkNetwork:
        """The network of a mobility profile (see :data:`learning_map.settings.PROFILES`)."""
        return self.step_free if profile == "step-free" else self

    @cached_property
    def edge_geometry(self) -> npt.NDArray[np.object_]:
        """Edge LineStrings (projected CRS), oriented from ``edge_u`` to ``edge_v``."""
        counts = np.diff(self.edge_offsets)
        line_index = np.repeat(np.arange(self.edge_count), counts)
        return shapely.linestrings(self.edge_coords, indices=line_index)

    @cached_property
    def vertex_along_m(self) -> npt.NDArray[np.float64]:
        """Distance of each edge vertex from its edge's ``u`` end (aligned with ``edge_coords``)."""
        seg = np.zeros(len(self.edge_coords))
        seg[1:] = np.hypot(*np.diff(self.edge_coords, axis=0).T)
        seg[self.edge_offsets[:-1]] = 0.0
        along = np.cumsum(seg)
        return along - np.repeat(along[self.edge_offsets[:-1]], np.diff(self.edge_offsets))

    @cached_property
    def vertex_keys(self) -> tuple[npt.NDArray[np.float64], float]:
        """Sorted keys ``edge * scale + distance along it`` of every vertex, and ``scale``."""
        scale = float(self.edge_length_m.max(initial=0.0)) + 1.0
        edge_of_vertex = np.repeat(np.arange(self.edge_count), np.diff(self.edge_offsets))
        return edge_of_vertex * scale + self.vertex_along_m, scale

    @cached_property
    def edge_tree(self) -> shapely.STRtree:
        """Spatial index over the edges, for snapping points."""
        return shapely.STRtree(self.edge_geometry)

    @cached_property
    def adjacency(self) -> sparse.csr_matrix:
        """
        Symmetric CSR matrix of the shortest edge between each node pair (metres).

        Parallel edges keep only the shortest; self-loops never shorten a path
        and are left out. Weights are at least 1e-9 m so no edge is read as absent.
        """
        u = np.concatenate((self.edge_u, self.edge_v))
        v = np.concatenate((self.edge_v, self.edge_u))
        w = np.concatenate((self.edge_length_m, self.edge_length_m))
        keep = u != v
        u, v, w = u[keep], v[keep], w[keep]
        order = np.lexsort((w, v, u))
        u, v, w = u[order], v[order], w[order]
        first = np.ones(len(u), dtype=bool)
        first[1:] = (u[1:] != u[:-1]) | (v[1:] != v[:-1])
        n = self.node_count
        return sparse.csr_matrix(
            (np.maximum(w[first], 1e-9), (u[first], v[first])), shape=(n, n)
        )

    @cached_property
    def transformer_to_wgs84(self) -> pyproj.Transformer:
        """Transformer from the network CRS to WGS84 lon/lat."""
        return pyproj.Transformer.from_crs(self.crs, "EPSG:4326", always_xy=True)

    @cached_property
    def transformer_from_wgs84(self) -> pyproj.Transformer:
        """Transformer from WGS84 lon/lat to the network CRS."""
        return pyproj.Transformer.from_crs("EPSG:4326", self.crs, always_xy=True)

    def to_xy(
        self, lon: npt.ArrayLike, lat: npt.ArrayLike
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Project WGS84 lon/lat arrays to the network CRS (metres)."""
        x, y = self.transformer_from_wgs84.transform(np.asarray(lon, float), np.asarray(lat, float))
        return np.asarray(x, float), np.asarray(y, float)

    def to_lonlat(
        self, x: npt.ArrayLike, y: npt.ArrayLike
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Project network-CRS arrays (metres) to WGS84 lon/lat."""
        lon, lat = self.transformer_to_wgs84.transform(np.asarray(x, float), np.asarray(y, float))
        return np.asarray(lon, float), np.asarray(lat, float)

    def bounds_lonlat(self) -> tuple[float, float, float, float]:
        """Return (west, south, east, north) of the network in WGS84."""
        lon, lat = self.to_lonlat(self.node_x, self.node_y)
        return float(lon.min()), float(lat.min()), float(lon.max()), float(lat.max())

    @property
    def total_length_m(self) -> float:
        """Total length of all edges in metres."""
        return float(self.edge_length_m.sum())


def select_edges(network: WalkNetwork, edge_mask: npt.NDArray[np.bool_]) -> WalkNetwork:
    """
    Keep the edges where ``edge_mask`` is True and the nodes they use.

    Parameters
    ----------
    network
        Walk network.
    edge_mask
        One boolean per edge.

    Returns
    -------
    network
    """
    used = np.zeros(network.node_count, dtype=bool)
    used[network.edge_u[edge_mask]] = True
    used[network.edge_v[edge_mask]] = True
    new_index = np.cumsum(used) - 1
    counts = np.diff(network.edge_offsets)[edge_mask]
    coord_mask = np.repeat(edge_mask, np.diff(network.edge_offsets))
    return WalkNetwork(
        crs=network.crs,
        node_x=network.node_x[used],
        node_y=network.node_y[used],
        node_osmid=network.node_osmid[used],
        edge_u=new_index[network.edge_u[edge_mask]],
        edge_v=new_index[network.edge_v[edge_mask]],
        edge_length_m=network.edge_length_m[edge_mask],
        edge_coords=network.edge_coords[coord_mask],
        edge_offsets=np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
        edge_name=network.edge_name[edge_mask] if len(network.edge_name) else network.edge_name,
        edge_has_steps=(network.edge_has_steps[edge_mask] if len(network.edge_has_steps)
                        else network.edge_has_steps),
    )


def drop_small_components(network: WalkNetwork, *, min_length_m: float) -> WalkNetwork:
    """
    Drop connected islands whose ways are shorter than ``min_length_m`` in total.

    See :data:`learning_map.settings.MIN_COMPONENT_LENGTH_M` for why length decides.

    Parameters
    ----------
    network
        Walk network.
    min_length_m
        Smallest total length (metres) of an island that is kept.

    Returns
    -------
    network
    """
    _, labels = csgraph.connected_components(network.adjacency, directed=False)
    length_m = np.bincount(labels[network.edge_u], weights=network.edge_length_m,
                           minlength=labels.max() + 1 if len(labels) else 0)
    keep_node = length_m[labels] >= min_length_m
    if keep_node.all():
        return network
    if not keep_node.any():  # a tiny extract: keep its longest island rather than nothing
        keep_node = labels == np.argmax(length_m)
    dropped = int((~keep_node).sum())
    logger.info("Dropped %s nodes on islands shorter than %.0f m", f"{dropped:,}", min_length_m)
    return select_edges(network, keep_node[network.edge_u])
