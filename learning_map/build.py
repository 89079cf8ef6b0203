"""
Build a city bundle from data, or from files.

:func:`build_bundle` takes a network, sites and residents; :func:`build_from_files`
reads an OSM extract (once), a registry and a population file, then calls it.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from learning_map import settings
from learning_map._version import __version__
from learning_map.bundle import (
    BASEMAP_FILE,
    DEMAND_FILE,
    NETWORK_DIR,
    PLACES_FILE,
    REJECTED_FILE,
    SITES_FILE,
    STOPS_FILE,
    BuildWriter,
)
from learning_map.errors import InputFileError, NoSitesError, StoreError
from learning_map.schema import OSM_ATTRIBUTION
from learning_map.sites import empty_sites
from learning_map.snapping import snap_geoseries

if TYPE_CHECKING:
    from collections.abc import Sequence

    import shapely

    from learning_map.bundle import CityBundle
    from learning_map.export.basemap import BasemapSource
    from learning_map.io.registry import RegistryLoad
    from learning_map.network import WalkNetwork
    from learning_map.population import Demand

__all__ = ["BuildReport", "build_bundle", "build_from_files"]

logger = logging.getLogger(__name__)


@dataclass
class BuildReport:
    """What a build made: the bundle folder, its new build, counts and rejected rows."""

    path: Path
    build_path: Path
    meta: dict
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame)
    registry_summary: str | None = None
    coordinate_message: str | None = None  # what --coords auto decided, and why

    @property
    def rejected_path(self) -> Path | None:
        """The rejected-rows CSV (beside the builds), if any rows were rejected."""
        return self.path / REJECTED_FILE if len(self.rejected) else None


def _step(name: str) -> None:
    """Log a build step; tests kill a build right at these lines."""
    logger.info("build: %s", name)


def reject_far_sites(
    network: WalkNetwork, sites: gpd.GeoDataFrame, *, max_snap_m: float = settings.MAX_SNAP_M
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """
    Split off sites too far from any walkable way to be placed on the network.

    Returns
    -------
    kept, rejected
        The sites that stay, and the others with a ``reason`` and ``lon``/``lat``.
    """
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
    network: WalkNetwork,
    sites: gpd.GeoDataFrame,
    *,
    demand: Demand | None = None,
    places: Sequence[dict] = (),
    rejected: pd.DataFrame | None = None,
    name: str | None = None,
    source: str = "",
    max_snap_m: float = settings.MAX_SNAP_M,
    allow_empty: bool = False,
    registry_summary: str | None = None,
    basemap: BasemapSource | None = None,
    stops: gpd.GeoDataFrame | None = None,
) -> BuildReport:
    """
    Write a city bundle from data: a network, sites and (optionally) residents.

    The new build is written beside the current one and switched into place in one
    step (:class:`~learning_map.bundle.BuildWriter`); the rejected rows go to
    ``rejected_sites.csv`` beside the builds, formula-safe.

    Parameters
    ----------
    out_dir
        Bundle folder (created if needed).
    network
        Walk network.
    sites
        Learning sites (EPSG:4326, :data:`~learning_map.sites.SITE_COLUMNS`); those
        farther than ``max_snap_m`` from the network are rejected with a reason.
    demand
        Residents, or None.
    places
        Search entries (``name``, ``kind``, ``lon``, ``lat``).
    rejected
        Rows already rejected upstream (a registry's bad rows), reported with these.
    name
        City name for titles; default: the folder name.
    source
        Where the data came from (recorded in ``meta.json``).
    max_snap_m
        See above.
    allow_empty
        Build even when no site is left (otherwise :class:`NoSitesError`).
    registry_summary
        The registry reader's one-line summary, passed through to the report.
    basemap
        Features of the OSM extract for the offline basemap (``basemap.pmtiles``),
        or None for a bundle without one.

    Returns
    -------
    report
    """
    out = Path(out_dir)
    sites = sites if not sites.empty else empty_sites()
    sites, far = reject_far_sites(network, sites, max_snap_m=max_snap_m)
    parts = [r for r in (rejected, far) if r is not None and len(r)]
    all_rejected = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if sites.empty and not allow_empty:
        msg = (
            f"No learning sites to build from {source or 'the input'} ({len(all_rejected)} rows "
            "rejected); fix the input, or pass --allow-empty to build a city with no sites "
            "/ 没有可用的学习场所，未构建"
        )
        raise NoSitesError(msg)
    meta = {
        "name": name or out.resolve().name,
        "source": source,
        "attribution": OSM_ATTRIBUTION,
        "built": datetime.now(UTC).isoformat(timespec="seconds"),
        "learning_map_version": __version__,
        "crs": network.crs,
        "bounds_lonlat": network.bounds_lonlat(),
        "nodes": network.node_count,
        "edges": network.edge_count,
        "network_km": round(network.total_length_m / 1000, 3),
        "sites": len(sites),
        "sites_by_category": sites["category"].value_counts().to_dict(),
        "rejected_sites": len(all_rejected),
        "demand_points": 0 if demand is None else len(demand.x),
        "population": demand.total if demand is not None else None,
        "elderly": float(np.nansum(demand.elderly)) if demand is not None and demand.has_elderly else None,
    }
    out.mkdir(parents=True, exist_ok=True)
    build_path = _write_build(out, network, sites, demand, list(places), meta, basemap, stops)
    # The report sits beside the builds, where the user edits it and loads it again with
    # --sites; a later build must not delete the file they are fixing.
    (out / REJECTED_FILE).unlink(missing_ok=True)
    if len(all_rejected):
        from learning_map.tables import write_csv

        write_csv(all_rejected, out / REJECTED_FILE)
    logger.info("build: done %s", build_path)
    return BuildReport(out, build_path, meta, all_rejected, registry_summary)


def _write_build(
    out: Path, network: WalkNetwork, sites: gpd.GeoDataFrame, demand: Demand | None,
    places: list[dict], meta: dict, basemap: BasemapSource | None = None,
    stops: gpd.GeoDataFrame | None = None,
) -> Path:
    import json

    from learning_map.network import save_network
    from learning_map.population import save_demand

    with BuildWriter(out) as build:
        _step(f"write {NETWORK_DIR}/")
        save_network(network, build.path / NETWORK_DIR)
        _step(f"write {SITES_FILE}")
        sites.to_file(build.path / SITES_FILE, driver="GeoJSON")
        if demand is not None:
            _step(f"write {DEMAND_FILE}")
            save_demand(demand, build.path / DEMAND_FILE)
        _step(f"write {PLACES_FILE}")
        (build.path / PLACES_FILE).write_text(json.dumps(places, ensure_ascii=False), encoding="utf-8")
        if basemap is not None:
            from learning_map.export.basemap import write_basemap

            _step(f"write {BASEMAP_FILE}")
            meta["basemap"] = write_basemap(build.path / BASEMAP_FILE, basemap, network.bounds_lonlat())
        if stops is not None and len(stops):
            _step(f"write {STOPS_FILE}")
            stops.to_file(build.path / STOPS_FILE, driver="GeoJSON")
        # After the basemap: its tiles are the build's biggest memory moment, and the indexes
        # keep each profile's edge geometries and spatial tree cached on the network.
        _step("write reach indexes")  # node -> sites within the search limit, per profile
        from learning_map.reach_index import write_build_indexes

        write_build_indexes(build.path, network, demand)
        _step("commit")
        return build.commit(meta)


def build_from_files(
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
    year: int | None = None,
    database_url: str | None = None,
    progress: bool = False,
    clip: shapely.Geometry | None = None,
    basemap_max_zoom: int | None = None,
) -> BuildReport:
    """
    Build a city bundle from an OSM extract (read once) or a place download.

    Sites come from the OSM extract; or from ``sites_path``; or from the city's
    registry store as of ``year``. A registry file whose rows carry stable ids is
    imported into the store first (for ``year``, default this year; sites the file
    no longer lists are closed, never deleted), then built from the store, so
    ``build --sites FILE`` keeps the registry's history. A file without an id column
    is built from directly and not recorded.

    Parameters
    ----------
    out_dir
        Bundle folder to write (created if needed).
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
        Residents; see :func:`learning_map.io.population.read_population`.
    name, max_snap_m, allow_empty
        See :func:`build_bundle`.
    year
        Registry year to build (see above).
    database_url
        PostGIS registry; default ``$LEARNING_MAP_DATABASE_URL``, else
        ``out_dir/registry.gpkg``.
    crs
        Projected CRS; default: local UTM zone.
    progress
        Show a progress bar.
    clip
        WGS84 area to cut the city from a bigger extract (see :mod:`learning_map.io.boundary`);
        only with ``osm_path``.
    basemap_max_zoom
        Closest zoom of the basemap's tiles (default
        :data:`learning_map.export.basemap.MAX_ZOOM`); a big city may stop earlier.

    Returns
    -------
    report
    """
    from learning_map.io.registry import read_registry
    from learning_map.places import street_places

    if (osm_path is None) == (place is None):
        msg = "Give exactly one of --osm FILE or --place NAME / 请指定 --osm 或 --place 之一"
        raise InputFileError(msg)
    if clip is not None and osm_path is None:
        msg = "--clip and --bbox cut an --osm extract / --clip 和 --bbox 只能与 --osm 一起使用"
        raise InputFileError(msg)
    steps = tqdm(total=4, disable=not progress, desc="build", unit="step")
    if sites_path is not None and sites_coordinates != "auto":
        read_registry(sites_path, coordinate_system=sites_coordinates)  # file errors first
    osm = _read_osm_input(osm_path, place, crs=crs, buildings=population_path is not None,
                          addresses=sites_path is not None, clip=clip)
    network, osm_sites, places, (buildings, landuse), source, geocoder, basemap, stops = osm
    if basemap is not None and basemap_max_zoom is not None:
        basemap.max_zoom = basemap_max_zoom
    registry = (
        read_registry(sites_path, coordinate_system=sites_coordinates, geocoder=geocoder,
                      network=network, anchors=osm_sites)
        if sites_path is not None else None
    )
    steps.update(2)
    rejected = registry.rejected if registry is not None else None
    summary = registry.summary if registry is not None else None
    chosen = registry.sites if registry is not None else None
    if registry is not None and _has_stable_ids(registry.sites):
        chosen, rejected, summary = _import_then_read(
            out_dir, registry, Path(sites_path), year=year, database_url=database_url,
        )
    elif year is not None:
        from learning_map.store.years import sites_for_year

        chosen = sites_for_year(out_dir, year, url=database_url)
        source = f"registry {year}"
    if chosen is not None:
        parts = [chosen, osm_sites] if add_osm_sites else [chosen]
        sites = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs="EPSG:4326")
    else:
        sites = osm_sites
    demand = None
    if population_path is not None:
        from learning_map.io.population import clip_population, read_population

        _step("population")
        with tempfile.TemporaryDirectory(prefix="learning-map-population-") as scratch:
            if clip is not None:
                # The city's residents only: a national or city-wide file cut to the boundary.
                population_path = clip_population(population_path, population_column, clip,
                                                  Path(scratch))
            if population_path is not None:
                demand = read_population(
                    population_path, crs=network.crs, column=population_column,
                    elderly_share=elderly_share, buildings=buildings, landuse=landuse,
                )
    steps.update()
    report = build_bundle(
        out_dir, network, sites, demand=demand, places=places + street_places(network),
        rejected=rejected, name=name,
        source=registry.source if registry is not None and not add_osm_sites else source,
        max_snap_m=max_snap_m, allow_empty=allow_empty, registry_summary=summary,
        basemap=basemap, stops=stops,
    )
    steps.update()
    steps.close()
    if registry is not None and registry.coordinate_decision is not None:
        report.coordinate_message = registry.coordinate_decision.message
    return report


def _has_stable_ids(sites: gpd.GeoDataFrame) -> bool:
    """True when the registry gave ids (not the reader's ``row-N`` stand-ins)."""
    if sites.empty:
        return False
    generated = sites["site_id"] == "row-" + sites["line"].astype(str)
    return not bool(generated.all())


def _import_then_read(
    out_dir: str | Path, registry: RegistryLoad, sites_path: Path, *, year: int | None,
    database_url: str | None,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame, str]:
    """Import the registry just read into the city's store for ``year``, then read that year back."""
    import datetime

    from learning_map.store import open_store
    from learning_map.store.imports import plan_from_load
    from learning_map.store.years import sites_for_year

    year = year if year is not None else datetime.date.today().year
    plan = plan_from_load(registry, sites_path)  # the rows already read: no second parse
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    _step(f"registry import {year}")
    if not plan.sites.empty:
        with open_store(out_dir, url=database_url) as store:
            report = store.import_sites(
                plan.sites, year=year, source=plan.source, file_sha256=plan.file_sha256,
                close_missing=True, rejected=len(plan.rejected),
            )
        summary = f"{report.summary}\n{plan.source}: registry year {year} / 名录年份 {year}"
    else:
        summary = f"{plan.source}: no sites to import / 没有可导入的站点"
    try:
        sites = sites_for_year(out_dir, year, url=database_url)
    except StoreError:  # nothing open that year: the build says so, with the rejected rows
        from learning_map.sites import empty_sites

        sites = empty_sites()
    return sites, plan.rejected, summary


def _read_osm_input(
    osm_path: str | Path | None, place: str | None, *, crs: str | None, buildings: bool,
    addresses: bool = False, clip: shapely.Geometry | None = None,
) -> tuple[WalkNetwork, gpd.GeoDataFrame, list[dict],
           tuple[gpd.GeoDataFrame | None, gpd.GeoDataFrame | None], str, Any,
           BasemapSource | None, gpd.GeoDataFrame | None]:
    """Network, OSM sites, places, (buildings, land use), source, geocoder, basemap, walk stops."""
    from learning_map.network import build_network
    from learning_map.places import osm_places
    from learning_map.sites import sites_from_features

    if osm_path is not None:
        from learning_map.io.osm import read_osm

        _step("walk network")
        extract = read_osm(osm_path, buildings=buildings, addresses=addresses, basemap=True,
                           stops=True, clip=clip)
        network = build_network(extract.ways, crs=crs)
        _step("sites")
        geocoder = None
        if addresses:
            from learning_map.io.geocode import Geocoder

            geocoder = Geocoder.from_extract(extract)
        from learning_map.export.basemap import BasemapSource

        basemap = BasemapSource(extract.basemap, extract.places)
        from learning_map.walks import stops_from_features

        return (network, sites_from_features(extract.amenities), osm_places(extract.places),
                (extract.buildings, extract.landuse), extract.source, geocoder, basemap,
                stops_from_features(extract.stops))
    from learning_map.io.download import download_place

    _step("download")
    network, osm_sites = download_place(str(place))
    from learning_map.export.basemap import network_source

    return (network, osm_sites, [], (None, None), f"OpenStreetMap: {place}", None,
            network_source(network), None)


def city_for_year(
    bundle: CityBundle, year: int, *, url: str | None = None, registry_dir: str | Path | None = None,
    schema: str | None = None, max_snap_m: float = settings.MAX_SNAP_M,
) -> CityBundle:
    """
    The built city with the registry's sites as of ``year`` instead of the build's own.

    The network and residents are the bundle's; sites farther than ``max_snap_m``
    from the network are left out (and logged), as a build would reject them.

    Parameters
    ----------
    bundle
        A loaded city bundle.
    year
        Calendar year of the registry view.
    url
        PostGIS database of the registry; default: ``registry.gpkg`` in ``registry_dir``.
    registry_dir
        Folder of ``registry.gpkg`` (default: the bundle's folder).
    schema
        PostgreSQL schema of the registry (with ``url``).
    max_snap_m
        See :func:`build_bundle`.

    Returns
    -------
    bundle
        A new CityBundle; ``meta["registry_year"]`` names the year.
    """
    from dataclasses import replace

    from learning_map.store.years import sites_for_year

    sites, far = reject_far_sites(
        bundle.network, sites_for_year(registry_dir or bundle.path, year, url=url, schema=schema),
        max_snap_m=max_snap_m,
    )
    if len(far):
        logger.warning("%d registry sites of %d are off this city's network", len(far), year)
    return replace(bundle, sites=sites, meta={**bundle.meta, "registry_year": int(year)})
