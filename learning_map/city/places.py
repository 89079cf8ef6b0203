"""Search lists: named streets of the network and named OSM places, as WGS84 points."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import shapely

from learning_map.city.naming import split_scripts
from learning_map.city.scripts import chinese_pair, has_han, region_of_bounds, tag_names

if TYPE_CHECKING:
    import geopandas as gpd

    from learning_map.walking.network import WalkNetwork


def street_places(network: WalkNetwork) -> list[dict]:
    """
    Named streets for search: one entry per name at the middle of its longest edge.

    Returns
    -------
    places
        Dicts with ``name``, ``kind`` = ``"street"``, ``lon`` and ``lat``.
    """
    names = pd.Series(network.edge_name)
    named = names != ""
    if not named.any():
        return []
    lengths = pd.Series(network.edge_length_m)[named]
    longest = lengths.groupby(names[named]).idxmax()
    mid = shapely.line_interpolate_point(
        network.edge_geometry[longest.to_numpy()], 0.5, normalized=True
    )
    lon, lat = network.to_lonlat(shapely.get_x(mid), shapely.get_y(mid))
    return [
        {"name": str(name), "names": street_names(str(name)), "kind": "street",
         "lon": round(float(x), 6), "lat": round(float(y), 6)}
        for name, x, y in zip(longest.index, lon, lat, strict=True)
    ]


def with_names(places: list[dict]) -> list[dict]:
    """
    Search entries with ``names``: those of a bundle built before names were stored get them now.

    The fallback converts the Chinese part of ``name`` by the same rule
    (:func:`learning_map.city.scripts.chinese_pair`).
    """
    return [p if isinstance(p.get("names"), dict) else
            {**p, "names": street_names(split_scripts(str(p.get("name", "")))[0])} for p in places]


def street_names(name: str) -> dict[str, str]:
    """A street's name per locale: its Chinese name in both scripts (:mod:`learning_map.city.scripts`)."""
    hans, hant = chinese_pair(name if has_han(name) else "")
    return {"zh-Hans": hans, "zh-Hant": hant, "en": "", "pt": ""}


def _joined_name(tags: dict[str, str]) -> str:
    """``name`` plus ``name:zh`` / ``name:en`` where the name does not already contain them."""
    name = tags.get("name", "")
    for key in ("name:zh", "name:en"):
        extra = tags.get(key, "")
        if extra and extra not in name:
            name = f"{name} {extra}".strip()
    return name


def osm_places(features: gpd.GeoDataFrame) -> list[dict]:
    """
    Named OSM places (neighbourhoods, squares, villages...) for search.

    Parameters
    ----------
    features
        Place features from :func:`learning_map.io.osm.read_osm`.

    Returns
    -------
    places
        Dicts with ``name`` (name, name:zh and name:en joined), ``names`` (per locale:
        :func:`learning_map.city.scripts.tag_names`), ``kind`` = ``"place"``, ``lon`` and ``lat``.
    """
    if features.empty:
        return []
    names = features["tags"].map(_joined_name)
    points = shapely.point_on_surface(features.geometry.to_numpy())
    keep = (names != "").to_numpy()
    region = region_of_bounds(features.total_bounds)
    return [
        {"name": str(n), "names": tag_names(t, region=region), "kind": "place",
         "lon": round(float(p.x), 6), "lat": round(float(p.y), 6)}
        for n, t, p in zip(names[keep], features["tags"][keep], points[keep], strict=True)
    ]
