"""
What a build from files takes.

Its keyword arguments in one dataclass and their checks, what the OSM extract and the registry
give, and the log line of each build step.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from learning_map.city.city_names import given_names
from learning_map.city.registry_file import read_registry
from learning_map.errors import N_, InputFileError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    import geopandas as gpd
    import pandas as pd
    import shapely

    from learning_map.bundle.basemap import BasemapSource
    from learning_map.walking.network import WalkNetwork

__all__ = ["BuildInputs", "ChosenSites", "OsmInput", "check_inputs", "check_registry_file", "log_step"]

logger = logging.getLogger(__name__)


def log_step(name: str) -> None:
    """Log a build step; tests kill a build right at these lines."""
    logger.info("build: %s", name)


@dataclass
class BuildInputs:
    """The keyword arguments of :func:`~learning_map.build.pipeline.build_from_files`, in one place for its steps."""

    out_dir: str | Path
    osm_path: str | Path | None
    place: str | None
    sites_path: str | Path | None
    sites_coordinates: str
    add_osm_sites: bool
    population_path: str | Path | None
    population_column: str | None
    elderly_share: str | float | None
    name: str | Sequence[str] | None  # build --name, repeated (learning_map.city.city_names)
    crs: str | None
    max_snap_m: float
    allow_empty: bool
    year: int | None
    database_url: str | None
    clip: shapely.Geometry | None
    basemap_max_zoom: int | None


@dataclass
class OsmInput:
    """What the OSM extract (or a place download) gives a build."""

    network: WalkNetwork
    sites: gpd.GeoDataFrame
    places: list[dict]
    source: str
    basemap: BasemapSource | None
    buildings: gpd.GeoDataFrame | None = None
    landuse: gpd.GeoDataFrame | None = None
    geocoder: Any = None
    stops: gpd.GeoDataFrame | None = None
    city_tags: dict[str, str] | None = None  # the OSM place that names the city (city_names)
    named_places: gpd.GeoDataFrame | None = None  # the extract's named features, kept for placing by name


@dataclass
class ChosenSites:
    """The sites a build places, the rows rejected on the way, and where they came from."""

    sites: gpd.GeoDataFrame
    source: str
    rejected: pd.DataFrame | None = None
    summary: str | None = None


def check_inputs(inputs: BuildInputs) -> None:
    """One source of streets, a clip only for an extract, and the city's names in known locales."""
    given_names(inputs.name)  # a mistyped --name locale fails before the extract is read
    if (inputs.osm_path is None) == (inputs.place is None):
        raise InputFileError(N_("Give exactly one of --osm FILE or --place NAME"))
    if inputs.clip is not None and inputs.osm_path is None:
        raise InputFileError(N_("--clip and --bbox cut an --osm extract"))


def check_registry_file(inputs: BuildInputs) -> None:
    """Read the registry once before the OSM extract, so its file errors come first."""
    if inputs.sites_path is not None and inputs.sites_coordinates != "auto":
        read_registry(inputs.sites_path, coordinate_system=inputs.sites_coordinates)
