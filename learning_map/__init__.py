"""learning-map: 15-minute learning circles on the walking network (15分钟学习圈)."""

from __future__ import annotations

__version__ = "0.1.0"

from learning_map.analysis import CoverageModel, resolve_speed_kmh
from learning_map.coverage import distances_to_targets, node_distances, reachable_intervals
from learning_map.network import WalkNetwork, build_network, load_network
from learning_map.osm import read_walk_ways
from learning_map.pipeline import CityBundle, build_bundle, load_bundle
from learning_map.population import read_population
from learning_map.registry import read_registry
from learning_map.sites import read_osm_sites
from learning_map.snapping import snap_lonlat, snap_points

__all__ = [
    "CityBundle",
    "CoverageModel",
    "WalkNetwork",
    "__version__",
    "build_bundle",
    "build_network",
    "distances_to_targets",
    "load_bundle",
    "load_network",
    "node_distances",
    "reachable_intervals",
    "read_osm_sites",
    "read_population",
    "read_registry",
    "read_walk_ways",
    "resolve_speed_kmh",
    "snap_lonlat",
    "snap_points",
]
