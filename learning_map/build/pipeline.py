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
from learning_map.base.schema import OSM_ATTRIBUTION
from learning_map.base.tables import write_csv
from learning_map.build.download import download_place
from learning_map.bundle.basemap import BasemapSource, network_source, write_basemap
from learning_map.bundle.core import (
    BASEMAP_FILE,
    DEMAND_FILE,
    NETWORK_DIR,
    PLACES_FILE,
    REJECTED_FILE,
    SITES_FILE,
    STOPS_FILE,
    BuildWriter,
)
from learning_map.bundle.indexes import write_build_indexes
from learning_map.city.geocode import Geocoder
from learning_map.city.places import osm_places, street_places
from learning_map.city.population import save_demand
from learning_map.city.population_files import clip_population, read_population
from learning_map.city.registry_file import read_registry
from learning_map.city.sites import empty_sites, sites_from_features, with_script_names
from learning_map.city.walks import stops_from_features
from learning_map.errors import InputFileError, NoSitesError, StoreError
from learning_map.io.osm import read_osm
from learning_map.store import open_store
from learning_map.store.imports import plan_from_load
from learning_map.store.years import sites_for_year
from learning_map.walking.network import build_network, save_network
from learning_map.walking.snapping import snap_geoseries

if TYPE_CHECKING:
    from collections.abc import Sequence

    import shapely

    from learning_map.bundle.core import CityBundle
    from learning_map.city.population import Demand
    from learning_map.city.registry_file import RegistryLoad
    from learning_map.walking.network import WalkNetwork

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
    step (:class:`~learning_map.bundle.core.BuildWriter`); the rejected rows go to
    ``rejected_sites.csv`` beside the builds, formula-safe.

    Parameters
    ----------
    out_dir
        Bundle folder (created if needed).
    network
        Walk network.
    sites
        Learning sites (EPSG:4326, :data:`~learning_map.city.sites.SITE_COLUMNS`); those
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
    sites = with_script_names(sites if not sites.empty else empty_sites())
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

        write_csv(all_rejected, out / REJECTED_FILE)
    logger.info("build: done %s", build_path)
    return BuildReport(out, build_path, meta, all_rejected, registry_summary)


def _write_build(
    out: Path, network: WalkNetwork, sites: gpd.GeoDataFrame, demand: Demand | None,
    places: list[dict], meta: dict, basemap: BasemapSource | None = None,
    stops: gpd.GeoDataFrame | None = None,
) -> Path:
    import json


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

            _step(f"write {BASEMAP_FILE}")
            meta["basemap"] = write_basemap(build.path / BASEMAP_FILE, basemap, network.bounds_lonlat())
        if stops is not None and len(stops):
            _step(f"write {STOPS_FILE}")
            stops.to_file(build.path / STOPS_FILE, driver="GeoJSON")
        # After the basemap: its tiles are the build's biggest memory moment, and the indexes
        # keep each profile's edge geometries and spatial tree cached on the network.
        _step("write reach indexes")  # node -> sites within the search limit, per profile

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
        Residents; see :func:`learning_map.city.population_files.read_population`.
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
        :data:`learning_map.bundle.basemap.MAX_ZOOM`); a big city may stop earlier.

    Returns
    -------
    report
    """
    inputs = BuildInputs(
        out_dir=out_dir, osm_path=osm_path, place=place, sites_path=sites_path,
        sites_coordinates=sites_coordinates, add_osm_sites=add_osm_sites,
        population_path=population_path, population_column=population_column,
        elderly_share=elderly_share, name=name, crs=crs, max_snap_m=max_snap_m,
        allow_empty=allow_empty, year=year, database_url=database_url, clip=clip,
        basemap_max_zoom=basemap_max_zoom,
    )
    _check_inputs(inputs)
    steps = tqdm(total=4, disable=not progress, desc="build", unit="step")
    _check_registry_file(inputs)
    osm = _read_osm_input(inputs)
    registry = _read_registry(inputs, osm)
    steps.update(2)
    chosen = _choose_sites(inputs, osm, registry)
    demand = _read_demand(inputs, osm)
    steps.update()
    report = _write_bundle(inputs, osm, chosen, demand)
    steps.update()
    steps.close()
    if registry is not None and registry.coordinate_decision is not None:
        report.coordinate_message = registry.coordinate_decision.message
    return report


@dataclass
class BuildInputs:
    """The keyword arguments of :func:`build_from_files`, in one place for its steps."""

    out_dir: str | Path
    osm_path: str | Path | None
    place: str | None
    sites_path: str | Path | None
    sites_coordinates: str
    add_osm_sites: bool
    population_path: str | Path | None
    population_column: str | None
    elderly_share: str | float | None
    name: str | None
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


@dataclass
class ChosenSites:
    """The sites a build places, the rows rejected on the way, and where they came from."""

    sites: gpd.GeoDataFrame
    source: str
    rejected: pd.DataFrame | None = None
    summary: str | None = None


def _check_inputs(inputs: BuildInputs) -> None:
    """One source of streets, and a clip only for an extract."""
    if (inputs.osm_path is None) == (inputs.place is None):
        msg = "Give exactly one of --osm FILE or --place NAME / 请指定 --osm 或 --place 之一"
        raise InputFileError(msg)
    if inputs.clip is not None and inputs.osm_path is None:
        msg = "--clip and --bbox cut an --osm extract / --clip 和 --bbox 只能与 --osm 一起使用"
        raise InputFileError(msg)


def _check_registry_file(inputs: BuildInputs) -> None:
    """Read the registry once before the OSM extract, so its file errors come first."""
    if inputs.sites_path is not None and inputs.sites_coordinates != "auto":
        read_registry(inputs.sites_path, coordinate_system=inputs.sites_coordinates)


def _read_registry(inputs: BuildInputs, osm: OsmInput) -> RegistryLoad | None:
    """The registry file's sites, geocoded and placed against the extract; None without one."""
    if inputs.sites_path is None:
        return None
    return read_registry(inputs.sites_path, coordinate_system=inputs.sites_coordinates,
                         geocoder=osm.geocoder, network=osm.network, anchors=osm.sites)


def _choose_sites(inputs: BuildInputs, osm: OsmInput, registry: RegistryLoad | None) -> ChosenSites:
    """
    The sites to build: the registry's, the store's for a year, or the extract's.

    A registry file with ids goes through the store; with ``add_osm_sites`` the
    extract's sites stay beside the registry's.
    """
    chosen = ChosenSites(osm.sites, osm.source)
    picked = None
    if registry is not None:
        picked, chosen.rejected, chosen.summary = registry.sites, registry.rejected, registry.summary
        if _has_stable_ids(registry.sites):
            picked, chosen.rejected, chosen.summary = _import_then_read(
                inputs.out_dir, registry, Path(inputs.sites_path), year=inputs.year,
                database_url=inputs.database_url,
            )
    elif inputs.year is not None:

        picked = sites_for_year(inputs.out_dir, inputs.year, url=inputs.database_url)
        chosen.source = f"registry {inputs.year}"
    if picked is not None:
        parts = [picked, osm.sites] if inputs.add_osm_sites else [picked]
        chosen.sites = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs="EPSG:4326")
    if registry is not None and not inputs.add_osm_sites:
        chosen.source = registry.source
    return chosen


def _read_demand(inputs: BuildInputs, osm: OsmInput) -> Demand | None:
    """The residents (cut to the clip, spread over buildings when the extract has them)."""
    if inputs.population_path is None:
        return None

    _step("population")
    population_path = inputs.population_path
    with tempfile.TemporaryDirectory(prefix="learning-map-population-") as scratch:
        if inputs.clip is not None:
            # The city's residents only: a national or city-wide file cut to the boundary.
            population_path = clip_population(population_path, inputs.population_column,
                                              inputs.clip, Path(scratch))
        if population_path is None:
            return None
        return read_population(
            population_path, crs=osm.network.crs, column=inputs.population_column,
            elderly_share=inputs.elderly_share, buildings=osm.buildings, landuse=osm.landuse,
        )


def _write_bundle(inputs: BuildInputs, osm: OsmInput, chosen: ChosenSites,
                  demand: Demand | None) -> BuildReport:
    """Hand everything read to :func:`build_bundle`."""
    return build_bundle(
        inputs.out_dir, osm.network, chosen.sites, demand=demand,
        places=osm.places + street_places(osm.network), rejected=chosen.rejected,
        name=inputs.name, source=chosen.source, max_snap_m=inputs.max_snap_m,
        allow_empty=inputs.allow_empty, registry_summary=chosen.summary,
        basemap=osm.basemap, stops=osm.stops,
    )


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

        sites = empty_sites()
    return sites, plan.rejected, summary


def _read_osm_input(inputs: BuildInputs) -> OsmInput:
    """The walk network and what else the extract holds, or a place's download."""
    osm = _extract_input(inputs) if inputs.osm_path is not None else _download_input(str(inputs.place))
    if osm.basemap is not None and inputs.basemap_max_zoom is not None:
        osm.basemap.max_zoom = inputs.basemap_max_zoom
    return osm


def _extract_input(inputs: BuildInputs) -> OsmInput:
    """Everything a build takes from the OSM extract, read once."""
    _step("walk network")
    addresses = inputs.sites_path is not None
    extract = read_osm(inputs.osm_path, buildings=inputs.population_path is not None,
                       addresses=addresses, basemap=True, stops=True, clip=inputs.clip)
    network = build_network(extract.ways, crs=inputs.crs)
    _step("sites")
    geocoder = None
    if addresses:

        geocoder = Geocoder.from_extract(extract)

    basemap = BasemapSource(extract.basemap, extract.places)

    return OsmInput(
        network=network, sites=sites_from_features(extract.amenities),
        places=osm_places(extract.places), source=extract.source, basemap=basemap,
        buildings=extract.buildings, landuse=extract.landuse, geocoder=geocoder,
        stops=stops_from_features(extract.stops),
    )


def _download_input(place: str) -> OsmInput:
    """A place's walk network and learning sites, downloaded (no places, stops or buildings)."""
    _step("download")
    network, osm_sites = download_place(place)

    return OsmInput(network=network, sites=osm_sites, places=[],
                    source=f"OpenStreetMap: {place}", basemap=network_source(network))


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


    sites, far = reject_far_sites(
        bundle.network, sites_for_year(registry_dir or bundle.path, year, url=url, schema=schema),
        max_snap_m=max_snap_m,
    )
    if len(far):
        logger.warning("%d registry sites of %d are off this city's network", len(far), year)
    return replace(bundle, sites=sites, meta={**bundle.meta, "registry_year": int(year)})
