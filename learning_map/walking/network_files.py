"""A walk network on disk: a folder of plain ``.npy`` arrays (memory-mapped when read), or an ``.npz``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy import sparse

from learning_map.errors import N_, BundleError
from learning_map.walking.graph import WalkNetwork

__all__ = ["ADJACENCY_ARRAYS", "NETWORK_ARRAYS", "load_network", "save_network"]


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
        raise BundleError(N_("No walk network at {path}; run 'learning-map build' first"), path=str(path))
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
