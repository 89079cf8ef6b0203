"""Walk network: OSM ways -> projected, topologically simplified graph as flat arrays."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pyproj
import shapely
from pyproj.aoi import AreaOfInterest
from pyproj.database import query_utm_crs_info
from scipy import sparse
from scipy.sparse import csgraph

from learning_map import settings
from learning_map.errors import BundleError, EmptyExtractError

if TYPE_CHECKING:
    from learning_map.io.osm import WayTable

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
    # One vectorised pass, kept in one function on purpose: every step (pieces, projection,
    # junction splits, lengths, node ids) indexes the arrays of the step before, and split into
    # helpers it would hand a dozen parallel arrays back and forth.
    n_refs = len(ways.node_ref)
    way_of_ref = np.repeat(np.arange(ways.way_count), np.diff(np.append(ways.way_start, n_refs)))
    valid = np.isfinite(ways.lon) & np.isfinite(ways.lat)
    if not valid.any():
        msg = "The extract's ways have no node locations / 道路缺少节点坐标"
        raise EmptyExtractError(msg)
    if crs is None:
        crs = utm_crs_for(float(np.median(ways.lon[valid])), float(np.median(ways.lat[valid])))
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
    x, y = np.asarray(x), np.asarray(y)

    piece_start = np.ones(len(ref), dtype=bool)
    piece_start[1:] = piece[1:] != piece[:-1]
    piece_end = np.ones(len(ref), dtype=bool)
    piece_end[:-1] = piece[1:] != piece[:-1]
    _, ref_inverse, ref_counts = np.unique(ref, return_inverse=True, return_counts=True)
    is_split = piece_start | piece_end | (ref_counts[ref_inverse] > 1)
    split_pos = np.flatnonzero(is_split)
    same_piece = piece[split_pos[1:]] == piece[split_pos[:-1]]
    edge_a = split_pos[:-1][same_piece]
    edge_b = split_pos[1:][same_piece]
    if len(edge_a) == 0:
        msg = "The extract's walkable ways form no network / 可步行道路无法构成路网"
        raise EmptyExtractError(msg)

    seg_len = np.zeros(len(ref))
    seg_len[1:] = np.hypot(np.diff(x), np.diff(y))
    seg_len[piece_start] = 0.0
    cum_len = np.cumsum(seg_len)
    edge_length = cum_len[edge_b] - cum_len[edge_a]

    node_ids, inverse = np.unique(ref[np.concatenate((edge_a, edge_b))], return_inverse=True)
    edge_u = inverse[: len(edge_a)]
    edge_v = inverse[len(edge_a) :]
    node_x = np.empty(len(node_ids))
    node_y = np.empty(len(node_ids))
    node_x[edge_u], node_y[edge_u] = x[edge_a], y[edge_a]
    node_x[edge_v], node_y[edge_v] = x[edge_b], y[edge_b]

    counts = edge_b - edge_a + 1
    offsets = np.concatenate(([0], np.cumsum(counts)))
    coord_index = np.repeat(edge_a - offsets[:-1], counts) + np.arange(offsets[-1])
    tags = ways.tags.reindex(columns=["highway", "wheelchair", "ramp:wheelchair"]).astype("string")
    way_has_steps = (
        ((tags["highway"] == "steps") & (tags["ramp:wheelchair"] != "yes").fillna(True)
         & (tags["wheelchair"] != "yes").fillna(True))
        | (tags["wheelchair"] == "no")
    ).fillna(False).to_numpy(dtype=bool)
    name_tags = ways.tags[["name:zh", "name", "name:en"]].astype("string")
    names = name_tags["name:zh"].fillna(name_tags["name"]).fillna(name_tags["name:en"]).fillna("")
    network = WalkNetwork(
        crs=crs,
        node_x=node_x,
        node_y=node_y,
        node_osmid=node_ids.astype(np.int64),
        edge_u=edge_u.astype(np.int64),
        edge_v=edge_v.astype(np.int64),
        edge_length_m=edge_length,
        edge_coords=np.column_stack((x[coord_index], y[coord_index])),
        edge_offsets=offsets.astype(np.int64),
        edge_name=names.to_numpy(dtype=str)[way_of_ref[edge_a]],
        edge_has_steps=way_has_steps[way_of_ref[edge_a]],
    )
    network = drop_small_components(network, min_length_m=min_component_length_m)
    logger.info(
        "Built walk network: %s nodes, %s edges, %.1f km",
        f"{network.node_count:,}", f"{network.edge_count:,}", network.total_length_m / 1000,
    )
    return network


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


# The arrays of a network folder, one ``.npy`` file each (``crs.npy`` holds the CRS text).
NETWORK_ARRAYS = ("node_x", "node_y", "node_osmid", "edge_u", "edge_v", "edge_length_m",
                  "edge_coords", "edge_offsets", "edge_name", "edge_has_steps")
# The CSR adjacency (WalkNetwork.adjacency), stored too: building it costs ~1 s and a few
# hundred MB of short-lived heap per process on a 1M-node network; mapped, it costs neither.
ADJACENCY_ARRAYS = ("data", "indices", "indptr")


def save_network(network: WalkNetwork, path: str | Path) -> None:
    """
    Write a network: a folder of plain ``.npy`` arrays, or a compressed ``.npz`` file.

    A folder (any path not ending in ``.npz``) is what builds write: its arrays are stored
    uncompressed in the dtypes :class:`WalkNetwork` uses, so :func:`load_network` maps them
    read-only and every worker process shares the same pages of the page cache instead of
    decompressing a private copy. The ``.npz`` form is the older, smaller one.

    Parameters
    ----------
    network
        Walk network.
    path
        Output folder, or ``*.npz`` file.
    """
    path = Path(path)
    arrays = {
        "node_x": np.asarray(network.node_x, dtype=np.float64),
        "node_y": np.asarray(network.node_y, dtype=np.float64),
        "node_osmid": np.asarray(network.node_osmid, dtype=np.int64),
        "edge_length_m": np.asarray(network.edge_length_m, dtype=np.float64),
        "edge_coords": np.asarray(network.edge_coords, dtype=np.float64),
        "edge_offsets": np.asarray(network.edge_offsets, dtype=np.int64),
        "edge_name": network.edge_name.astype(str),
        "edge_has_steps": network.edge_has_steps.astype(bool),
    }
    if path.suffix == ".npz":
        np.savez_compressed(path, crs=np.asarray(network.crs), **arrays,
                            edge_u=network.edge_u.astype(np.int32), edge_v=network.edge_v.astype(np.int32))
        return
    # int64 node ids as the engine uses them: an int32 copy would be widened in every process.
    arrays |= {"edge_u": np.asarray(network.edge_u, dtype=np.int64),
               "edge_v": np.asarray(network.edge_v, dtype=np.int64)}
    path.mkdir(parents=True, exist_ok=True)
    np.save(path / "crs.npy", np.asarray(network.crs), allow_pickle=False)
    for name in NETWORK_ARRAYS:
        np.save(path / f"{name}.npy", np.ascontiguousarray(arrays[name]), allow_pickle=False)
    for name in ADJACENCY_ARRAYS:
        np.save(path / f"adjacency_{name}.npy", getattr(network.adjacency, name), allow_pickle=False)


def _mapped(path: Path) -> np.ndarray:
    """A read-only ndarray view of a memory-mapped ``.npy`` (no copy; ``.base`` is the map)."""
    return np.asarray(np.load(path, mmap_mode="r", allow_pickle=False))


def load_network(path: str | Path) -> WalkNetwork:
    """
    Read a network written by :func:`save_network`.

    A folder is memory-mapped read-only (``np.load(mmap_mode="r")``): loading costs no
    decompression, pages are read when touched and shared by every process that maps them,
    and any attempt to write into the arrays raises instead of silently copying. The arrays
    are plain ndarray views of the mapped pages (their ``.base`` is the ``np.memmap``): the
    memmap subclass adds Python work to every slice and ufunc a point query makes.

    Parameters
    ----------
    path
        Network folder, or ``network.npz`` file.

    Returns
    -------
    network
    """
    path = Path(path)
    if path.is_dir():
        crs = str(np.load(path / "crs.npy", allow_pickle=False))
        arrays = {name: _mapped(path / f"{name}.npy") for name in NETWORK_ARRAYS}
        network = WalkNetwork(crs=crs, **arrays)
        if (path / "adjacency_indptr.npy").is_file():
            csr = {name: _mapped(path / f"adjacency_{name}.npy") for name in ADJACENCY_ARRAYS}
            # Seeds the cached property: scipy's searches read the mapped arrays without copying.
            network.__dict__["adjacency"] = sparse.csr_matrix(
                (csr["data"], csr["indices"], csr["indptr"]),
                shape=(network.node_count, network.node_count), copy=False)
        return network
    if not path.is_file():
        msg = f"No walk network at {path}; run 'learning-map build' first / 请先运行 build"
        raise BundleError(msg)
    with np.load(path, allow_pickle=False) as data:
        return WalkNetwork(
            crs=str(data["crs"]),
            node_x=data["node_x"],
            node_y=data["node_y"],
            node_osmid=data["node_osmid"],
            edge_u=data["edge_u"].astype(np.int64),
            edge_v=data["edge_v"].astype(np.int64),
            edge_length_m=data["edge_length_m"],
            edge_coords=data["edge_coords"],
            edge_offsets=data["edge_offsets"],
            edge_name=data["edge_name"],
            # Bundles built before the step-free profile have no flags: no known steps.
            edge_has_steps=data["edge_has_steps"] if "edge_has_steps" in data else np.zeros(0, bool),
        )
