"""
The registry store (站点名录数据库): learning sites year by year, with their history.

``open_store(DIR)`` keeps the registry in ``DIR/registry.gpkg``, a GeoPackage that
QGIS and GDAL open as they are; ``open_store(url="postgresql://...")`` (or
``$LEARNING_MAP_DATABASE_URL``) keeps it in PostGIS. Both have the same schema,
migrations and behaviour.
"""

from __future__ import annotations

from learning_map.store.core import (
    DATABASE_URL_ENV,
    STORE_COLUMNS,
    STORE_FILE,
    GpkgBackend,
    ImportReport,
    PostgisBackend,
    RegistryStore,
    open_store,
)
from learning_map.store.migrations import LATEST_VERSION, MIGRATIONS

__all__ = [
    "DATABASE_URL_ENV",
    "LATEST_VERSION",
    "MIGRATIONS",
    "STORE_COLUMNS",
    "STORE_FILE",
    "GpkgBackend",
    "ImportReport",
    "PostgisBackend",
    "RegistryStore",
    "open_store",
]
