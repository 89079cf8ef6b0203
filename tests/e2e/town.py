"""A tiny synthetic city for tests of the web app's set-up: every page answers, in seconds."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np

from learning_map.build.pipeline import build_bundle
from learning_map.walking.synthetic import grid_network

if TYPE_CHECKING:
    from pathlib import Path

X0, Y0 = 700_000.0, 2_500_000.0  # UTM 49N (Guangdong)


def town_library_lonlat() -> tuple[float, float]:
    """Where the town's one library is (WGS84), in the middle of its grid."""
    lon, lat = grid_network(2, 2, spacing_m=100, crs="EPSG:32649").to_lonlat([X0 + 250.0], [Y0 + 250.0])
    return float(lon[0]), float(lat[0])


def build_town(out: Path) -> Path:
    """A 6 x 6 street grid (100 m blocks) with one library, built into ``out``."""
    grid = grid_network(6, 6, spacing_m=100, crs="EPSG:32649")
    net = dataclasses.replace(grid, node_x=grid.node_x + X0, node_y=grid.node_y + Y0,
                              edge_coords=grid.edge_coords + np.array([X0, Y0]))
    lon, lat = town_library_lonlat()
    sites = gpd.GeoDataFrame({"site_id": ["lib"], "category": ["library"], "name": ["图书馆"]},
                             geometry=gpd.points_from_xy([lon], [lat]), crs="EPSG:4326")
    build_bundle(out, net, sites, name="Town")
    return out
