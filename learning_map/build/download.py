"""Download a walk network and learning features by place name through osmnx (needs network)."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from learning_map import settings
from learning_map.city.sites import sites_from_features
from learning_map.errors import N_, PlaceNotFoundError
from learning_map.io.osm import (
    LEARNING_AMENITIES,
    NOT_A_WAY_HIGHWAYS,
    WAY_TAG_KEYS,
    walk_filter_mask,
)
from learning_map.walking.network import WalkNetwork, drop_small_components, utm_crs_for

if TYPE_CHECKING:
    from collections.abc import Iterator

# What osmnx downloads for a place: every highway on the ground. Who may walk it is decided
# afterwards by the extracts' own rule (walk_filter_mask), not by osmnx's "walk" filter, which
# drops ``access=private`` ways that ``foot=yes`` opens and keeps ``access=no`` ones.
PLACE_WAY_FILTER = f'["highway"]["highway"!~"^({"|".join(sorted(NOT_A_WAY_HIGHWAYS))})$"]'


@contextlib.contextmanager
def way_tags() -> Iterator[None]:
    """While inside, osmnx keeps on each edge the way tags the walk filter reads."""
    import osmnx as ox

    kept = ox.settings.useful_tags_way
    ox.settings.useful_tags_way = list(dict.fromkeys((*kept, *WAY_TAG_KEYS)))
    try:
        yield
    finally:
        ox.settings.useful_tags_way = kept


def walkable_graph(G: object) -> object:
    """
    An unsimplified osmnx graph (made inside :func:`way_tags`) cut to its walkable ways, simplified.

    The same rule as an extract's (:func:`learning_map.io.osm.walk_filter_mask`).
    """
    import osmnx as ox

    edges = list(G.edges(keys=True, data=True))  # type: ignore[attr-defined]
    tags = pd.DataFrame([data for *_, data in edges], columns=list(WAY_TAG_KEYS))
    closed = ~walk_filter_mask(tags)
    G = G.copy()  # type: ignore[attr-defined]
    G.remove_edges_from([(u, v, k) for (u, v, k, _), drop in zip(edges, closed, strict=True) if drop])
    G.remove_nodes_from([n for n, degree in G.degree() if degree == 0])
    return ox.simplify_graph(G)


def download_place(place: str) -> tuple[WalkNetwork, gpd.GeoDataFrame]:
    """Download a walk network and learning features by place name with osmnx."""
    import osmnx as ox


    try:
        with way_tags():  # every highway on the ground, with the tags the walk rule reads
            G = ox.graph_from_place(place, network_type="walk", custom_filter=PLACE_WAY_FILTER,
                                    simplify=False, retain_all=True)
        features = ox.features_from_place(place, tags={"amenity": sorted(LEARNING_AMENITIES)})
    except Exception as exc:  # osmnx raises several types for not-found and offline
        raise PlaceNotFoundError(N_("Could not download {place!r} from OpenStreetMap: {detail}"), place=place,
                                 detail=str(exc)) from exc
    G = walkable_graph(G)
    features = features.reset_index()
    tag_columns = [c for c in features.columns if c not in ("element", "id", "geometry")]
    raw = gpd.GeoDataFrame(
        {
            "osm_type": features["element"],
            "osm_id": features["id"].astype(np.int64),
            "tags": features[tag_columns].apply(lambda r: r.dropna().to_dict(), axis=1),
        },
        geometry=features.geometry.to_numpy(),
        crs=features.crs,
    )
    return network_from_graph(G), sites_from_features(raw)


def network_from_graph(
    G: object,
    *,
    crs: str | None = None,
    min_component_length_m: float = settings.MIN_COMPONENT_LENGTH_M,
) -> WalkNetwork:
    """
    Convert an osmnx MultiDiGraph (unprojected, as downloaded) to a WalkNetwork.

    Parameters
    ----------
    G
        osmnx graph in EPSG:4326, e.g. from ``ox.graph_from_place(..., network_type="walk")``.
    crs
        Projected CRS; default: the UTM zone of the graph's centre.
    min_component_length_m
        Connected islands shorter than this in total (metres) are dropped.

    Returns
    -------
    network
    """
    import osmnx as ox

    # Walking ignores direction: osmnx merges each street's two directed edges into one.
    nodes, edges = ox.graph_to_gdfs(ox.convert.to_undirected(G))
    node_pos = pd.Series(np.arange(len(nodes)), index=nodes.index)
    if crs is None:
        crs = utm_crs_for(float(nodes["x"].median()), float(nodes["y"].median()))
    edges = edges.reset_index().to_crs(crs)
    nodes_proj = nodes.to_crs(crs)
    edge_u = node_pos[edges["u"]].to_numpy(dtype=np.int64)
    edge_v = node_pos[edges["v"]].to_numpy(dtype=np.int64)
    geoms = edges.geometry.to_numpy()
    # Orient every geometry from u to v (an undirected edge may be stored either way).
    node_xy = shapely.get_coordinates(nodes_proj.geometry.to_numpy())
    first = shapely.get_coordinates(shapely.get_point(geoms, 0))
    flip = np.hypot(*(first - node_xy[edge_u]).T) > np.hypot(*(first - node_xy[edge_v]).T)
    geoms = np.where(flip, shapely.reverse(geoms), geoms)
    coords, line_index = shapely.get_coordinates(geoms, return_index=True)
    counts = np.bincount(line_index, minlength=len(geoms))
    names = edges["name"].astype(str).where(edges["name"].notna(), "") if "name" in edges else None
    network = WalkNetwork(
        crs=crs,
        node_x=nodes_proj.geometry.x.to_numpy(),
        node_y=nodes_proj.geometry.y.to_numpy(),
        node_osmid=nodes.index.to_numpy(dtype=np.int64),
        edge_u=edge_u,
        edge_v=edge_v,
        edge_length_m=shapely.length(geoms),
        edge_coords=coords,
        edge_offsets=np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
        edge_name=names.to_numpy(dtype=str) if names is not None else np.full(len(geoms), ""),
    )
    return drop_small_components(network, min_length_m=min_component_length_m)
