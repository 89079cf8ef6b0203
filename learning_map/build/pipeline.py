"""
Build a city bundle from files, and the build's public names in one place.

:func:`build_from_files` reads an OSM extract (once), a registry and a population file, then calls
:func:`build_bundle`. Its steps live by job: :mod:`~learning_map.build.inputs` (the inputs and
their checks), :mod:`~learning_map.build.reading` (reading them), :mod:`~learning_map.build.writing`
(writing the bundle) and :mod:`~learning_map.build.year` (the year's city from the registry).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tqdm.auto import tqdm

from learning_map import settings
from learning_map.build.inputs import (
    BuildInputs,
    ChosenSites,
    OsmInput,
    check_inputs,
    check_registry_file,
)
from learning_map.build.reading import (
    choose_sites,
    read_demand,
    read_osm_input,
    read_registry_sites,
)
from learning_map.build.writing import BuildReport, build_bundle, reject_far_sites
from learning_map.build.year import city_for_year
from learning_map.city.city_names import city_names, given_names, single_name, unlabelled_name
from learning_map.city.places import street_places

if TYPE_CHECKING:
    from collections.abc import Sequence

    import shapely

    from learning_map.city.population import Demand

__all__ = ["BuildReport", "build_bundle", "build_from_files", "city_for_year", "reject_far_sites"]


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
    name: str | Sequence[str] | None = None,
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
    name
        The city's name: ``LOCALE=NAME`` values (``zh-Hant=澳門``, ``pt=Macau``) and/or one
        bilingual name (``"Macau 澳门"``); the OSM place that names the city gives the other
        locales (:mod:`learning_map.city.city_names`). Default: the OSM place, else the folder name.
    max_snap_m, allow_empty
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
    check_inputs(inputs)
    steps = tqdm(total=4, disable=not progress, desc="build", unit="step")
    check_registry_file(inputs)
    osm = read_osm_input(inputs)
    registry = read_registry_sites(inputs, osm)
    steps.update(2)
    chosen = choose_sites(inputs, osm, registry)
    demand = read_demand(inputs, osm)
    steps.update()
    report = _write_bundle(inputs, osm, chosen, demand)
    steps.update()
    steps.close()
    if registry is not None and registry.coordinate_decision is not None:
        report.coordinate_message = registry.coordinate_decision.message
    return report


def _write_bundle(inputs: BuildInputs, osm: OsmInput, chosen: ChosenSites,
                  demand: Demand | None) -> BuildReport:
    """Hand everything read to :func:`build_bundle`."""
    fallback = Path(inputs.out_dir).resolve().name
    names = city_names(given_names(inputs.name), place_tags=osm.city_tags,
                       bounds=osm.network.bounds_lonlat(), fallback=fallback)
    name = single_name(names, given=unlabelled_name(inputs.name), place_tags=osm.city_tags, fallback=fallback)
    return build_bundle(
        inputs.out_dir, osm.network, chosen.sites, demand=demand,
        places=osm.places + street_places(osm.network), rejected=chosen.rejected,
        name=name, names=names, source=chosen.source, max_snap_m=inputs.max_snap_m,
        allow_empty=inputs.allow_empty, registry_summary=chosen.summary,
        basemap=osm.basemap, stops=osm.stops, named_places=osm.named_places,
    )
