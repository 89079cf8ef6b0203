"""A city's learning sites as of a year, read from its registry store (never created here)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from learning_map.errors import N_, StoreError
from learning_map.store._common import DATABASE_URL_ENV, STORE_FILE
from learning_map.store.core import open_store

if TYPE_CHECKING:
    import geopandas as gpd


def sites_for_year(
    bundle_dir: str | Path, year: int, *, url: str | None = None, schema: str | None = None
) -> gpd.GeoDataFrame:
    """
    The sites open in ``year``, from ``bundle_dir/registry.gpkg`` or the PostGIS ``url``.

    Parameters
    ----------
    bundle_dir
        Folder of the registry (its ``registry.gpkg`` must exist unless a URL is given):
        the city folder, or a server's ``REGISTRY_DIR``.
    year
        Calendar year.
    url
        PostGIS database; default ``$LEARNING_MAP_DATABASE_URL``.
    schema
        PostgreSQL schema of the registry (default: the URL's search path).

    Returns
    -------
    sites
        EPSG:4326 with the site columns plus ``subtype``, ``district``, ``capacity``,
        ``opened_year`` and ``closed_year``.

    Raises
    ------
    StoreError
        When there is no registry, or it holds no site open in ``year``.
    """
    url = url or os.environ.get(DATABASE_URL_ENV) or None
    if url is None and not (Path(bundle_dir) / STORE_FILE).is_file():
        raise StoreError(N_("{folder} has no registry ({file}); import one first with "
                            "'learning-map import {folder} FILE --year {year}'"),
                         folder=bundle_dir, file=STORE_FILE, year=year)
    with open_store(bundle_dir, url=url, schema=schema) as store:
        sites = store.sites_as_of(year)
        years = store.years()
    if sites.empty:
        if not years:
            raise StoreError(N_("the registry has no site open in {year} (it holds no year yet)"), year=year)
        raise StoreError(N_("the registry has no site open in {year} (years: {choices})"), year=year,
                         choices=tuple(map(str, years)))
    return sites
