"""
The extract's named places, kept in the build so a registry can be placed by name later.

An office imports its list long after the city was built, often on a server without the OSM
extract (the admin upload). The build therefore keeps every named feature of the extract
(:func:`learning_map.city.name_match.named_features`) in ``named_places.geojson``; ``import``
and the admin upload match rows by name against it. Builds before format 5 have no such file:
name matching then says to rebuild the city (:data:`REBUILD_FOR_NAMES`) and the other methods
still run.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import shapely

from learning_map.bundle.core import META_FILE, BundleError, current_build, read_meta
from learning_map.errors import N_
from learning_map.io.layers import read_layer

if TYPE_CHECKING:
    import geopandas as gpd

# GeoJSON, as the build's other layers: read and written with the core install (no pyarrow).
NAMED_PLACES_FILE = "named_places.geojson"
REBUILD_FOR_NAMES = N_("This city was built before names were kept for placing rows; rebuild it "
                       "(learning-map build) to place rows by name")


def write_named_places(path: Path, features: gpd.GeoDataFrame) -> None:
    """Write the named features (WGS84 points) as GeoJSON."""
    features.to_file(path, driver="GeoJSON")


def read_named_places(bundle_dir: str | Path) -> gpd.GeoDataFrame | None:
    """
    The current build's named places, or None (no build yet, or one from before format 5).

    :func:`built_without_names` tells the two apart.

    Parameters
    ----------
    bundle_dir
        The city folder.
    """
    bundle_dir = Path(bundle_dir)
    try:
        build = current_build(bundle_dir)
    except BundleError:
        return None  # a registry folder without a build: nothing to match names against
    path = build / NAMED_PLACES_FILE
    if not path.is_file():
        return None
    features = read_layer(path, what=N_("city bundle"))
    text = [c for c in features.columns if c != features.geometry.name]
    features[text] = features[text].fillna("")
    return features


def built_without_names(bundle_dir: str | Path) -> bool:
    """Whether the city has a build that keeps no named places (older than format 5): say :data:`REBUILD_FOR_NAMES`."""
    try:
        build = current_build(bundle_dir)
    except BundleError:
        return False
    return (build / META_FILE).is_file() and not (build / NAMED_PLACES_FILE).is_file()


def city_area(bundle_dir: str | Path) -> Any:
    """
    The city's area (WGS84) as its build knows it: the box of its walk network; None without a build.

    A row placed outside it is flagged (:mod:`learning_map.city.placement`).
    """
    try:
        meta = read_meta(bundle_dir)
    except BundleError:
        return None
    bounds = meta.get("bounds_lonlat")
    if not isinstance(bounds, list | tuple) or len(bounds) != 4:
        return None
    area = shapely.box(*(float(b) for b in bounds))
    shapely.prepare(area)
    return area
