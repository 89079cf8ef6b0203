"""
Walkable ways as flat arrays: the table both OSM readers fill, and how it is cut.

:mod:`learning_map.io.pbf` (the numpy reader) and :mod:`learning_map.io.osm` (pyosmium)
both return a :class:`WayTable`; it lives here so neither reader imports the other's module
for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import shapely

from learning_map.errors import N_, InputFileError

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd


@dataclass
class WayTable:
    """Walkable OSM ways as flat arrays (one row per way node) plus a tag table per way."""

    node_ref: npt.NDArray[np.int64]
    lon: npt.NDArray[np.float64]
    lat: npt.NDArray[np.float64]
    way_start: npt.NDArray[np.int64]
    tags: pd.DataFrame

    @property
    def way_count(self) -> int:
        """Number of ways in the table."""
        return len(self.tags)

    def node_counts(self) -> npt.NDArray[np.int64]:
        """Number of node rows of each way."""
        return np.diff(np.append(self.way_start, len(self.node_ref)))


def way_starts(counts: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The first row of each way in the flat node arrays, from the ways' node counts."""
    if not len(counts):
        return np.zeros(0, dtype=np.int64)
    return np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)


def select_ways(table: WayTable, mask: npt.NDArray[np.bool_]) -> WayTable:
    """
    Keep only the ways where ``mask`` is True.

    Parameters
    ----------
    table
        Way table.
    mask
        One boolean per way.

    Returns
    -------
    table
    """
    counts = table.node_counts()
    node_mask = np.repeat(mask, counts)
    return WayTable(
        node_ref=table.node_ref[node_mask],
        lon=table.lon[node_mask],
        lat=table.lat[node_mask],
        way_start=way_starts(counts[mask]),
        tags=table.tags[mask],
    )


def clip_ways(table: WayTable, clip: shapely.Geometry) -> WayTable:
    """
    Keep the ways with at least one node inside ``clip`` (WGS84).

    Whole ways are kept, so a street that crosses the boundary can be walked to its end.
    """
    if table.way_count == 0:
        return table
    shapely.prepare(clip)
    located = np.isfinite(table.lon)
    inside = np.zeros(len(table.node_ref), dtype=bool)
    inside[located] = shapely.contains_xy(clip, table.lon[located], table.lat[located])
    # One "any node inside" per way, in one pass over the flat node arrays.
    per_way = np.add.reduceat(inside.astype(np.int64), table.way_start) > 0
    return select_ways(table, per_way)


def osm_read_error(path: Path, exc: Exception) -> InputFileError:
    """
    The one sentence for an OSM file that neither reader can parse.

    Pyosmium reports an unreadable or malformed file as RuntimeError; the numpy reader
    meets OSError, zlib, struct or protobuf errors.
    """
    return InputFileError(N_("Cannot read {file} as OSM data: {detail}"), file=path.name, detail=str(exc))
