"""
Reading a build's inputs.

The OSM extract (once) or a place download, the registry file (through the store when its rows
carry ids), the store's sites for a year, and the residents.
"""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from learning_map.base.i18n import cli_text
from learning_map.build.download import download_place
from learning_map.build.inputs import BuildInputs, ChosenSites, OsmInput, log_step
from learning_map.bundle.basemap import BasemapSource, network_source
from learning_map.city.city_names import city_place_tags
from learning_map.city.geocode import Geocoder
from learning_map.city.name_match import NameMatcher, named_features
from learning_map.city.places import osm_places
from learning_map.city.population_files import clip_population, read_population
from learning_map.city.registry_file import read_registry
from learning_map.city.sites import empty_sites, sites_from_features
from learning_map.city.walks import stops_from_features
from learning_map.errors import N_, StoreError
from learning_map.io.osm import read_osm
from learning_map.store import open_store
from learning_map.store.imports import plan_from_load
from learning_map.store.years import sites_for_year
from learning_map.walking.network import build_network

if TYPE_CHECKING:
    from learning_map.city.population import Demand
    from learning_map.city.registry_file import RegistryLoad

__all__ = ["choose_sites", "read_demand", "read_osm_input", "read_registry_sites"]


def read_osm_input(inputs: BuildInputs) -> OsmInput:
    """The walk network and what else the extract holds, or a place's download."""
    osm = _extract_input(inputs) if inputs.osm_path is not None else _download_input(str(inputs.place))
    if osm.basemap is not None and inputs.basemap_max_zoom is not None:
        osm.basemap.max_zoom = inputs.basemap_max_zoom
    return osm


def _extract_input(inputs: BuildInputs) -> OsmInput:
    """Everything a build takes from the OSM extract, read once."""
    log_step("walk network")
    # Addresses and named places always: the build keeps the named places so a registry
    # imported later is placed by name (learning_map.bundle.named_places).
    extract = read_osm(inputs.osm_path, buildings=inputs.population_path is not None,
                       addresses=True, basemap=True, stops=True, clip=inputs.clip)
    network = build_network(extract.ways, crs=inputs.crs)
    log_step("sites")
    geocoder = Geocoder.from_extract(extract) if inputs.sites_path is not None else None
    basemap = BasemapSource(extract.basemap, extract.places)
    return OsmInput(
        network=network, sites=sites_from_features(extract.amenities),
        places=osm_places(extract.places), source=extract.source, basemap=basemap,
        buildings=extract.buildings, landuse=extract.landuse, geocoder=geocoder,
        stops=stops_from_features(extract.stops), city_tags=city_place_tags(extract.places),
        named_places=named_features(extract),
    )


def _download_input(place: str) -> OsmInput:
    """A place's walk network and learning sites, downloaded (no places, stops or buildings)."""
    log_step("download")
    network, osm_sites = download_place(place)
    return OsmInput(network=network, sites=osm_sites, places=[],
                    source=f"OpenStreetMap: {place}", basemap=network_source(network))


def read_registry_sites(inputs: BuildInputs, osm: OsmInput) -> RegistryLoad | None:
    """The registry file's sites, geocoded and placed against the extract; None without one."""
    if inputs.sites_path is None:
        return None
    placers = [] if osm.geocoder is None else [osm.geocoder]
    if osm.named_places is not None and len(osm.named_places):
        placers.append(NameMatcher(osm.named_places))
    return read_registry(inputs.sites_path, coordinate_system=inputs.sites_coordinates,
                         placers=placers, network=osm.network, anchors=osm.sites)


def choose_sites(inputs: BuildInputs, osm: OsmInput, registry: RegistryLoad | None) -> ChosenSites:
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
    year = year if year is not None else datetime.date.today().year
    plan = plan_from_load(registry, sites_path)  # the rows already read: no second parse
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    log_step(f"registry import {year}")
    if not plan.sites.empty:
        with open_store(out_dir, url=database_url) as store:
            report = store.import_sites(
                plan.sites, year=year, source=plan.source, file_sha256=plan.file_sha256,
                close_missing=True, rejected=len(plan.rejected),
            )
        summary = f"{report.summary}\n" + cli_text(N_("{source}: registry year {year}"), source=plan.source,
                                                    year=year)
    else:
        summary = cli_text(N_("{source}: no sites to import"), source=plan.source)
    try:
        sites = sites_for_year(out_dir, year, url=database_url)
    except StoreError:  # nothing open that year: the build says so, with the rejected rows
        sites = empty_sites()
    return sites, plan.rejected, summary


def read_demand(inputs: BuildInputs, osm: OsmInput) -> Demand | None:
    """The residents (cut to the clip, spread over buildings when the extract has them)."""
    if inputs.population_path is None:
        return None
    log_step("population")
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
