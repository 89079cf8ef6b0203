"""
Writing a city bundle from data.

The sites placed on the network (the far ones rejected with a reason), ``meta.json``, the
bundle's files in one atomic build, and the rejected-rows report.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from learning_map import settings
from learning_map._version import __version__
from learning_map.base.problems import Problem
from learning_map.base.schema import OSM_ATTRIBUTION
from learning_map.base.tables import write_csv
from learning_map.build.inputs import log_step
from learning_map.bundle.basemap import write_basemap
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
from learning_map.bundle.named_places import NAMED_PLACES_FILE, write_named_places
from learning_map.city.city_names import city_names
from learning_map.city.population import save_demand
from learning_map.city.sites import empty_sites, with_script_names
from learning_map.errors import N_, NoSitesError, Term
from learning_map.walking.network import save_network
from learning_map.walking.snapping import snap_geoseries

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import geopandas as gpd

    from learning_map.bundle.basemap import BasemapSource
    from learning_map.city.population import Demand
    from learning_map.walking.network import WalkNetwork

__all__ = ["BuildReport", "build_bundle", "reject_far_sites"]

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
    rejected.insert(0, "reason", [Problem(N_("more than {limit:.0f} m from any walkable way"), limit=max_snap_m)]
                    * len(rejected))
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
    names: Mapping[str, str] | None = None,
    source: str = "",
    max_snap_m: float = settings.MAX_SNAP_M,
    allow_empty: bool = False,
    registry_summary: str | None = None,
    basemap: BasemapSource | None = None,
    stops: gpd.GeoDataFrame | None = None,
    named_places: gpd.GeoDataFrame | None = None,
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
        City name as written (``"Macau 澳门"``); default: the folder name.
    names
        The city's name per locale (:func:`learning_map.city.city_names.city_names`); default:
        ``name`` split by script.
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
    stops
        Sights and rest points of humanities walks.
    named_places
        The extract's named features (:func:`learning_map.city.name_match.named_features`),
        kept so a registry imported later is placed by name; None: none kept.

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
        raise NoSitesError(N_("No learning sites to build from {source} ({rejected} rows rejected); fix the "
                              "input, or pass --allow-empty to build a city with no sites"),
                           source=source or Term(N_("the input")), rejected=len(all_rejected))
    name = name or out.resolve().name
    # A name handed in directly is a name, never parsed as ``LOCALE=NAME`` (that is --name's).
    names = dict(names) if names is not None else city_names(fallback=name)
    meta = _bundle_meta(name, names, source, network, sites, demand, len(all_rejected))
    out.mkdir(parents=True, exist_ok=True)
    build_path = _write_build(out, network, sites, demand, list(places), meta, basemap, stops, named_places)
    _write_rejected(out, all_rejected)
    logger.info("build: done %s", build_path)
    return BuildReport(out, build_path, meta, all_rejected, registry_summary)


def _bundle_meta(name: str, names: dict[str, str], source: str, network: WalkNetwork, sites: gpd.GeoDataFrame,
                 demand: Demand | None, rejected: int) -> dict:
    """``meta.json`` of a new build (the basemap adds its own entry while it is written)."""
    return {
        "name": name,
        "names": names,
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
        "rejected_sites": rejected,
        "demand_points": 0 if demand is None else len(demand.x),
        "population": demand.total if demand is not None else None,
        "elderly": float(np.nansum(demand.elderly)) if demand is not None and demand.has_elderly else None,
    }


def _write_rejected(out: Path, rejected: pd.DataFrame) -> None:
    """The rejected rows beside the builds (formula-safe), or no report when none were rejected."""
    # The report sits beside the builds, where the user edits it and loads it again with
    # --sites; a later build must not delete the file they are fixing.
    (out / REJECTED_FILE).unlink(missing_ok=True)
    if len(rejected):
        write_csv(rejected, out / REJECTED_FILE)


def _write_build(
    out: Path, network: WalkNetwork, sites: gpd.GeoDataFrame, demand: Demand | None,
    places: list[dict], meta: dict, basemap: BasemapSource | None = None,
    stops: gpd.GeoDataFrame | None = None,
    named_places: gpd.GeoDataFrame | None = None,
) -> Path:
    """Write every file of one build beside the current one, then switch it into place."""
    with BuildWriter(out) as build:
        log_step(f"write {NETWORK_DIR}/")
        save_network(network, build.path / NETWORK_DIR)
        log_step(f"write {SITES_FILE}")
        sites.to_file(build.path / SITES_FILE, driver="GeoJSON")
        if demand is not None:
            log_step(f"write {DEMAND_FILE}")
            save_demand(demand, build.path / DEMAND_FILE)
        log_step(f"write {PLACES_FILE}")
        (build.path / PLACES_FILE).write_text(json.dumps(places, ensure_ascii=False), encoding="utf-8")
        if basemap is not None:
            log_step(f"write {BASEMAP_FILE}")
            meta["basemap"] = write_basemap(build.path / BASEMAP_FILE, basemap, network.bounds_lonlat())
        if stops is not None and len(stops):
            log_step(f"write {STOPS_FILE}")
            stops.to_file(build.path / STOPS_FILE, driver="GeoJSON")
        if named_places is not None:
            log_step(f"write {NAMED_PLACES_FILE}")
            write_named_places(build.path / NAMED_PLACES_FILE, named_places)
        # After the basemap: its tiles are the build's biggest memory moment, and the indexes
        # keep each profile's edge geometries and spatial tree cached on the network.
        log_step("write reach indexes")  # node -> sites within the search limit, per profile
        write_build_indexes(build.path, network, demand)
        log_step("commit")
        return build.commit(meta)
