"""The street network as compact WGS84 GeoJSON, for drawing as a map background."""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd
import shapely

if TYPE_CHECKING:
    from learning_map.network import WalkNetwork


def network_lines_lonlat(network: WalkNetwork, *, simplify_m: float = 2.0) -> gpd.GeoSeries:
    """The street network as simplified WGS84 lines."""
    lines = shapely.simplify(network.edge_geometry, simplify_m)
    return gpd.GeoSeries(lines, crs=network.crs).to_crs("EPSG:4326")


def network_geojson(network: WalkNetwork, *, simplify_m: float = 2.0) -> dict:
    """The street network as one GeoJSON MultiLineString Feature (6-decimal coordinates)."""
    lines = network_lines_lonlat(network, simplify_m=simplify_m).to_numpy()
    merged = shapely.set_precision(shapely.multilinestrings(lines), 1e-6)
    return {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(merged)}
