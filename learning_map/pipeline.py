"""Build and load city bundles: load -> network -> sites -> population -> files."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from tqdm.auto import tqdm

from learning_map import settings
from learning_map._version import __version__
from learning_map.bundle import (
    DEMAND_FILE,
    NETWORK_FILE,
    PLACES_FILE,
    REJECTED_FILE,
    SITES_FILE,
    BuildWriter,
    CityBundle,
    load_bundle,
)
from learning_map.errors import InputFileError, NoSitesError, PlaceNotFoundError
from learning_map.network import WalkNetwork, build_network, save_network
from learning_map.osm import read_walk_ways
from learning_map.population import read_population, save_demand
from learning_map.registry import read_registry
from learning_map.sites import empty_sites, read_osm_sites
from learning_map.snapping import snap_geoseries

__all__ = ["BuildReport", "CityBundle", "build_bundle", "load_bundle"]

logger = logging.getLogger(__name__)

OSM_ATTRIBUTION = "© OpenStreetMap contributors (ODbL)"


@dataclass
class BuildReport:
    """What ``build`` made: the bundle folder, its new build, counts and rejected rows."""

    path: Path
    build_path: Path
    meta: dict
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame)
    registry_summary: str | None = None

    @property
    def rejected_path(self) -> Path | None:
        """The rejected-rows CSV (beside the builds), if any rows were rejected."""
        return self.path / REJECTED_FILE if len(self.rejected) else None


def _download_network(place: str) -> tuple[WalkNetwork, gpd.GeoDataFrame]:
    """Download a walk network and learning features by place name with osmnx."""
    import osmnx as ox

    from learning_map.network import network_from_graph
    from learning_map.osm import LEARNING_AMENITIES
    from learning_map.sites import sites_from_features

    try:
        G = ox.graph_from_place(place, network_type="walk", simplify=True, retain_all=True)
        features = ox.features_from_place(place, tags={"amenity": sorted(LEARNING_AMENITIES)})
    except Exception as exc:  # osmnx raises several types for not-found and offline
        msg = f"Could not download {place!r} from OpenStreetMap: {exc} / 无法下载该地点的数据"
        raise PlaceNotFoundError(msg) from exc
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
        {"name": str(name), "kind": "street", "lon": round(float(x), 6), "lat": round(float(y), 6)}
        for name, x, y in zip(longest.index, lon, lat, strict=True)
    ]


PLACE_KINDS = frozenset({
    "city", "town", "suburb", "quarter", "neighbourhood", "village", "hamlet", "square",
    "locality", "island", "islet",
})


def _joined_name(tags: dict[str, str]) -> str:
    """``name`` plus ``name:zh`` / ``name:en`` where the name does not already contain them."""
    name = tags.get("name", "")
    for key in ("name:zh", "name:en"):
        extra = tags.get(key, "")
        if extra and extra not in name:
            name = f"{name} {extra}".strip()
    return name


def osm_places(osm_path: str | Path) -> list[dict]:
    """
    Named OSM places (neighbourhoods, squares, villages...) for search.

    Returns
    -------
    places
        Dicts with ``name`` (name, name:zh and name:en joined), ``kind`` = ``"place"``,
        ``lon`` and ``lat``.
    """
    from learning_map.osm import read_tagged_features

    features = read_tagged_features(osm_path, key="place", values=PLACE_KINDS)
    if features.empty:
        return []
    names = features["tags"].map(_joined_name)
    points = shapely.point_on_surface(features.geometry.to_numpy())
    keep = (names != "").to_numpy()
    return [
        {"name": str(n), "kind": "place", "lon": round(float(p.x), 6), "lat": round(float(p.y), 6)}
        for n, p in zip(names[keep], points[keep], strict=True)
    ]


def _reject_far_sites(
    network: WalkNetwork, sites: gpd.GeoDataFrame, max_snap_m: float
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Split off sites too far from any walkable way to be placed on the network."""
    if sites.empty:
        return sites, pd.DataFrame()
    snapped = snap_geoseries(network, sites.geometry, max_snap_m=max_snap_m)
    far = ~snapped.on_network
    rejected = pd.DataFrame(sites[far].drop(columns="geometry"))
    rejected.insert(0, "reason", f"more than {max_snap_m:.0f} m from any walkable way / 距步行道路过远")
    rejected["lon"] = sites[far].geometry.x.to_numpy()
    rejected["lat"] = sites[far].geometry.y.to_numpy()
    return sites[~far].reset_index(drop=True), rejected


def build_bundle(
    out_dir: str | Path,
    *,
    osm_path: str | Path | None = None,
    place: str | None = None,
    sites_path: str | Path | None = None,
    sites_coordinates: str = "wgs84",
    add_osm_sites: bool = False,
    population_path: str | Path | None = None,
    population_column: str | None = None,
    elderly_share: str | float | None = None,
    name: str | None = None,
    crs: str | None = None,
    max_snap_m: float = settings.MAX_SNAP_M,
    allow_empty: bool = False,
    progress: bool = False,
) -> BuildReport:
    """
    Build a city bundle folder from an OSM extract (or a place download).

    Parameters
    ----------
    out_dir
        Folder to write (created if needed).
    osm_path
        ``.osm.pbf`` / ``.osm`` extract; or give ``place``.
    place
        Place name to download with osmnx (needs network access).
    sites_path
        Site registry (CSV/XLSX/GeoJSON/GPKG/SHP); replaces the OSM-derived sites
        unless ``add_osm_sites``.
    sites_coordinates
        Coordinate system of the registry: ``wgs84``, ``gcj02`` (Amap) or ``bd09`` (Baidu).
    add_osm_sites
        Keep OSM-derived sites beside the registry's.
    population_path, population_column, elderly_share
        Residents; see :func:`learning_map.population.read_population`.
    name
        City name for titles; default: the folder name.
    crs
        Projected CRS; default: local UTM zone.
    max_snap_m
        Sites farther than this from the network are rejected with a reason.
    allow_empty
        Build even when no site is left (otherwise :class:`NoSitesError`).
    progress
        Show a progress bar.

    Returns
    -------
    report
    """
    if (osm_path is None) == (place is None):
        msg = "Give exactly one of --osm FILE or --place NAME / 请指定 --osm 或 --place 之一"
        raise InputFileError(msg)
    out = Path(out_dir)
    steps = tqdm(total=5, disable=not progress, desc="build", unit="step")
    rejected_parts: list[pd.DataFrame] = []
    registry = (
        read_registry(sites_path, coordinate_system=sites_coordinates)
        if sites_path is not None else None
    )
    if osm_path is not None:
        _step(steps, "walk network")
        network = build_network(read_walk_ways(osm_path), crs=crs)
        steps.update()
        _step(steps, "sites")
        osm_sites = read_osm_sites(osm_path)
        source = Path(osm_path).name
    else:
        _step(steps, "download")
        network, osm_sites = _download_network(str(place))
        steps.update()
        source = f"OpenStreetMap: {place}"
    if registry is not None:
        rejected_parts.append(registry.rejected)
        parts = [registry.sites, osm_sites] if add_osm_sites else [registry.sites]
        sites = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs="EPSG:4326")
    else:
        sites = osm_sites
    if sites.empty:
        sites = empty_sites()
    sites, far = _reject_far_sites(network, sites, max_snap_m)
    rejected_parts.append(far)
    rejected = pd.concat([r for r in rejected_parts if len(r)], ignore_index=True) if any(
        len(r) for r in rejected_parts
    ) else pd.DataFrame()
    if sites.empty and not allow_empty:
        where = registry.source if registry is not None else source
        msg = (
            f"No learning sites to build from {where} ({len(rejected)} rows rejected); fix the "
            "input, or pass --allow-empty to build a city with no sites / 没有可用的学习场所，未构建"
        )
        raise NoSitesError(msg)
    steps.update()

    demand = None
    if population_path is not None:
        _step(steps, "population")
        demand = read_population(
            population_path, crs=network.crs, column=population_column,
            elderly_share=elderly_share, osm_path=osm_path,
        )
    places = (osm_places(osm_path) if osm_path is not None else []) + street_places(network)
    steps.update()

    meta = {
        "name": name or out.resolve().name,
        "source": source,
        "attribution": OSM_ATTRIBUTION,
        "built": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "learning_map_version": __version__,
        "crs": network.crs,
        "bounds_lonlat": network.bounds_lonlat(),
        "nodes": network.node_count,
        "edges": network.edge_count,
        "network_km": round(network.total_length_m / 1000, 3),
        "sites": len(sites),
        "sites_by_category": sites["category"].value_counts().to_dict(),
        "rejected_sites": len(rejected),
        "demand_points": 0 if demand is None else len(demand.x),
        "population": demand.total if demand is not None else None,
        "elderly": float(np.nansum(demand.elderly)) if demand is not None and demand.has_elderly else None,
    }
    out.mkdir(parents=True, exist_ok=True)
    with BuildWriter(out) as build:
        _step(steps, f"write {NETWORK_FILE}")
        save_network(network, build.path / NETWORK_FILE)
        _step(steps, f"write {SITES_FILE}")
        sites.to_file(build.path / SITES_FILE, driver="GeoJSON")
        if demand is not None:
            _step(steps, f"write {DEMAND_FILE}")
            save_demand(demand, build.path / DEMAND_FILE)
        _step(steps, f"write {PLACES_FILE}")
        (build.path / PLACES_FILE).write_text(json.dumps(places, ensure_ascii=False), encoding="utf-8")
        _step(steps, "commit")
        build_path = build.commit(meta)
    # The report sits beside the builds, where the user edits it and loads it again with
    # --sites; a later build must not delete the file they are fixing.
    (out / REJECTED_FILE).unlink(missing_ok=True)
    if len(rejected):
        write_rejected_csv(rejected, out / REJECTED_FILE)
    steps.update()
    steps.close()
    logger.info("build: done %s", build_path)
    return BuildReport(
        out, build_path, meta, rejected, registry.summary if registry is not None else None
    )


def _step(steps: tqdm, name: str) -> None:
    """Show and log a build step; tests kill a build at these lines."""
    steps.set_postfix_str(name)
    logger.info("build: %s", name)


def write_rejected_csv(rejected: pd.DataFrame, path: Path) -> None:
    """The rejected rows as a formula-safe CSV that Excel opens (UTF-8 with BOM), atomically."""
    from learning_map.tables import write_csv

    write_csv(rejected, path)
