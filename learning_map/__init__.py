"""learning-map: 15-minute learning circles on the walking network (15分钟学习圈).

The public API is flat and lazy: ``learning_map.build_from_files`` imports the engine
only when first used, so ``learning-map --help`` answers at once.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from learning_map._version import __version__
from learning_map.base.gdal_env import harden_gdal

# Before any module of ours can import pyogrio or rasterio: GDAL reads GDAL_SKIP once.
harden_gdal()

# name -> module that defines it
_LAZY = {
    "CoverageModel": "analysis.model",
    "resolve_speed_kmh": "base.units",
    "distances_to_targets": "walking.coverage",
    "node_distances": "walking.coverage",
    "reachable_intervals": "walking.coverage",
    "WalkNetwork": "walking.network",
    "build_network": "walking.network",
    "load_network": "walking.network",
    "read_walk_ways": "io.osm",
    "read_osm": "io.osm",
    "CityBundle": "bundle.core",
    "load_bundle": "bundle.core",
    "verify_bundle": "bundle.core",
    "build_bundle": "build.pipeline",
    "build_from_files": "build.pipeline",
    "read_population": "city.population_files",
    "read_registry": "city.registry_file",
    "read_osm_sites": "city.sites",
    "snap_lonlat": "walking.snapping",
    "snap_points": "walking.snapping",
    "open_store": "store",
}

__all__ = [
    "CityBundle",
    "CoverageModel",
    "WalkNetwork",
    "__version__",
    "build_bundle",
    "build_from_files",
    "build_network",
    "distances_to_targets",
    "load_bundle",
    "load_network",
    "node_distances",
    "open_store",
    "reachable_intervals",
    "read_osm",
    "read_osm_sites",
    "read_population",
    "read_registry",
    "read_walk_ways",
    "resolve_speed_kmh",
    "snap_lonlat",
    "snap_points",
    "verify_bundle",
]

if TYPE_CHECKING:
    from learning_map.analysis.model import CoverageModel
    from learning_map.base.units import resolve_speed_kmh
    from learning_map.build.pipeline import build_from_files
    from learning_map.bundle.core import CityBundle, load_bundle, verify_bundle
    from learning_map.city.population_files import read_population
    from learning_map.city.registry_file import read_registry
    from learning_map.city.sites import read_osm_sites
    from learning_map.io.osm import read_osm, read_walk_ways
    from learning_map.store import open_store
    from learning_map.walking.coverage import (
        distances_to_targets,
        node_distances,
        reachable_intervals,
    )
    from learning_map.walking.network import WalkNetwork, build_network, load_network
    from learning_map.walking.snapping import snap_lonlat, snap_points


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'learning_map' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(f"learning_map.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
