"""Hand-built walk networks, from an edge list or a regular grid: for tests and benchmarks."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from learning_map.network import WalkNetwork


def network_from_edges(
    node_xy: npt.ArrayLike,
    edge_u: npt.ArrayLike,
    edge_v: npt.ArrayLike,
    *,
    crs: str = "EPSG:3857",
    edge_name: npt.ArrayLike | None = None,
    edge_has_steps: npt.ArrayLike | None = None,
) -> WalkNetwork:
    """
    Build a network of straight edges between given nodes (tests, synthetic grids).

    Parameters
    ----------
    node_xy
        (n, 2) node coordinates in metres.
    edge_u, edge_v
        Node indices of each edge's ends.
    crs
        CRS of ``node_xy``.
    edge_name
        Optional street name per edge.
    edge_has_steps
        Optional flag per edge: a staircase (closed to the step-free profile).

    Returns
    -------
    network
    """
    node_xy = np.asarray(node_xy, dtype=np.float64)
    u = np.asarray(edge_u, dtype=np.int64)
    v = np.asarray(edge_v, dtype=np.int64)
    coords = np.empty((2 * len(u), 2))
    coords[0::2] = node_xy[u]
    coords[1::2] = node_xy[v]
    names = np.asarray(edge_name, dtype=str) if edge_name is not None else np.full(len(u), "")
    return WalkNetwork(
        crs=crs,
        node_x=node_xy[:, 0].copy(),
        node_y=node_xy[:, 1].copy(),
        node_osmid=np.arange(len(node_xy), dtype=np.int64),
        edge_u=u,
        edge_v=v,
        edge_length_m=np.hypot(*(node_xy[u] - node_xy[v]).T),
        edge_coords=coords,
        edge_offsets=np.arange(0, 2 * len(u) + 1, 2, dtype=np.int64),
        edge_name=names,
        edge_has_steps=(np.asarray(edge_has_steps, dtype=bool) if edge_has_steps is not None
                        else np.zeros(0, dtype=bool)),
    )


def grid_network(
    columns: int, rows: int, *, spacing_m: float = 100.0, crs: str = "EPSG:3857"
) -> WalkNetwork:
    """
    A square street grid of ``columns`` x ``rows`` nodes (tests and benchmarks).

    Returns
    -------
    network
    """
    ix, iy = np.meshgrid(np.arange(columns), np.arange(rows))
    node_xy = np.column_stack((ix.ravel() * spacing_m, iy.ravel() * spacing_m))
    index = np.arange(columns * rows).reshape(rows, columns)
    u = np.concatenate((index[:, :-1].ravel(), index[:-1, :].ravel()))
    v = np.concatenate((index[:, 1:].ravel(), index[1:, :].ravel()))
    return network_from_edges(node_xy, u, v, crs=crs)
