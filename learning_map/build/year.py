"""The built city with the registry's sites as of a year instead of the build's own."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from learning_map import settings
from learning_map.build.writing import reject_far_sites
from learning_map.store.years import sites_for_year

if TYPE_CHECKING:
    from pathlib import Path

    from learning_map.bundle.core import CityBundle

__all__ = ["city_for_year"]

logger = logging.getLogger(__name__)


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
        See :func:`~learning_map.build.writing.build_bundle`.

    Returns
    -------
    bundle
        A new CityBundle; ``meta["registry_year"]`` names the year.
    """
    sites, far = reject_far_sites(
        bundle.network, sites_for_year(registry_dir or bundle.path, year, url=url, schema=schema),
        max_snap_m=max_snap_m,
    )
    if len(far):
        logger.warning("%d registry sites of %d are off this city's network", len(far), year)
    return replace(bundle, sites=sites, meta={**bundle.meta, "registry_year": int(year)})
