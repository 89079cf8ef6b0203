"""Snap points onto the nearest walk-network edge (not node) with their access leg."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import shapely

from learning_map import settings
from learning_map.base.safety import atomic_write

if TYPE_CHECKING:
    import geopandas as gpd

    from learning_map.walking.network import WalkNetwork


@dataclass(frozen=True)
class SnappedPoints:
    """
    Points placed on their nearest edge.

    Attributes
    ----------
    edge
        Edge index, or -1 where no edge lies within ``max_snap_m``.
    offset_m
        Distance along the edge from its ``u`` end to the snapped spot.
    access_m
        Straight distance from the point to the snapped spot (the access leg).
    """

    edge: npt.NDArray[np.int64]
    offset_m: npt.NDArray[np.float64]
    access_m: npt.NDArray[np.float64]

    def __len__(self) -> int:
        """Return the number of points."""
        return len(self.edge)

    @property
    def on_network(self) -> npt.NDArray[np.bool_]:
        """True where the point was placed on an edge."""
        return self.edge >= 0

    def subset(self, mask: npt.NDArray[np.bool_] | npt.NDArray[np.int64]) -> SnappedPoints:
        """Return the points selected by a boolean mask or index array."""
        return SnappedPoints(self.edge[mask], self.offset_m[mask], self.access_m[mask])



def snap_points(
    network: WalkNetwork,
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    *,
    max_snap_m: float = settings.MAX_SNAP_M,
) -> SnappedPoints:
    """
    Snap projected points to their nearest edge.

    Parameters
    ----------
    network
        Walk network.
    x, y
        Point coordinates in the network CRS (metres).
    max_snap_m
        Points farther than this from every edge get ``edge = -1``.

    Returns
    -------
    snapped
    """
    points = shapely.points(np.asarray(x, float), np.asarray(y, float))
    n = len(points)
    edge = np.full(n, -1, dtype=np.int64)
    offset = np.zeros(n)
    access = np.full(n, np.inf)
    if n == 0:
        return SnappedPoints(edge, offset, access)
    (point_idx, edge_idx), dist = network.edge_tree.query_nearest(
        points, max_distance=max_snap_m, return_distance=True, all_matches=False
    )
    edge[point_idx] = edge_idx
    access[point_idx] = dist
    offset[point_idx] = shapely.line_locate_point(
        network.edge_geometry[edge_idx], points[point_idx]
    )
    return SnappedPoints(edge, offset, access)


def snap_lonlat(
    network: WalkNetwork,
    lon: npt.ArrayLike,
    lat: npt.ArrayLike,
    *,
    max_snap_m: float = settings.MAX_SNAP_M,
) -> SnappedPoints:
    """Snap WGS84 lon/lat points; see :func:`snap_points`."""
    x, y = network.to_xy(lon, lat)
    return snap_points(network, x, y, max_snap_m=max_snap_m)


def snap_geoseries(
    network: WalkNetwork, points: gpd.GeoSeries, *, max_snap_m: float = settings.MAX_SNAP_M
) -> SnappedPoints:
    """Snap point geometries in any CRS (e.g. sites in EPSG:4326); see :func:`snap_points`."""
    projected = points.to_crs(network.crs)
    return snap_points(network, projected.x.to_numpy(), projected.y.to_numpy(), max_snap_m=max_snap_m)


def points_key(network: WalkNetwork, *coordinates: npt.ArrayLike) -> str:
    """
    What a stored snapping depends on: the network's size and extent and the points' coordinates.

    A build stores its sites and residents already snapped (see :func:`save_snapped`); a
    bundle whose sites were swapped (a registry year) gets another key and snaps again.
    """
    digest = hashlib.sha256()
    digest.update(np.array([network.node_count, network.edge_count], np.int64).tobytes())
    digest.update(np.asarray(network.total_length_m, np.float64).tobytes())
    for array in coordinates:
        digest.update(np.ascontiguousarray(np.asarray(array, np.float64)).tobytes())
    return digest.hexdigest()


def save_snapped(path: str | Path, key: str, points: dict[str, SnappedPoints]) -> None:
    """Write named snapped point sets under ``key`` to one uncompressed ``.npz``."""
    arrays: dict[str, npt.NDArray] = {"key": np.asarray(key)}
    for name, snapped in points.items():
        arrays[f"{name}_edge"] = snapped.edge
        arrays[f"{name}_offset_m"] = snapped.offset_m
        arrays[f"{name}_access_m"] = snapped.access_m
    with atomic_write(path) as handle:
        np.savez(handle, **arrays)


def load_snapped(path: str | Path, key: str, names: tuple[str, ...]) -> dict[str, SnappedPoints] | None:
    """The point sets stored by :func:`save_snapped` if ``key`` matches, else None."""
    path = Path(path)
    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as data:
        if str(data["key"]) != key or not all(f"{n}_edge" in data for n in names):
            return None
        return {n: SnappedPoints(data[f"{n}_edge"], data[f"{n}_offset_m"], data[f"{n}_access_m"])
                for n in names}
