"""
Where a city's registry is: ``registry.gpkg`` in a folder, or a PostGIS database and schema.

The one rule, used by every reader and writer of a server (the citizen map with ``--year``,
its courses, the admin pages, ``/downloads``): PostGIS when a database URL is given (or
``$LEARNING_MAP_DATABASE_URL`` is set), else ``registry.gpkg`` in the registry folder, which
defaults to the bundle folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from learning_map.errors import N_, StoreError
from learning_map.store._common import DATABASE_URL_ENV, STORE_FILE
from learning_map.store.backends import PostgisBackend
from learning_map.store.core import open_store
from learning_map.store.schema import MIGRATIONS_TABLE

if TYPE_CHECKING:
    from learning_map.store.core import RegistryStore


@dataclass(frozen=True)
class RegistryLocation:
    """A registry's place: ``folder/registry.gpkg``, or PostGIS ``url`` (with ``schema``) when set."""

    folder: Path
    url: str | None = None
    schema: str | None = None

    @classmethod
    def of(cls, bundle_dir: str | Path, *, registry_dir: str | Path | None = None,
           url: str | None = None, schema: str | None = None) -> RegistryLocation:
        """
        The registry of a city bundle.

        Parameters
        ----------
        bundle_dir
            City bundle folder: the registry folder when ``registry_dir`` is not given.
        registry_dir
            Folder of ``registry.gpkg`` when it is not the bundle's.
        url, schema
            PostGIS database (default ``$LEARNING_MAP_DATABASE_URL``) and schema; when a URL
            is set, it wins over the folder.
        """
        url = url or os.environ.get(DATABASE_URL_ENV) or None
        return cls(Path(registry_dir or bundle_dir).resolve(), url, schema or None)

    @property
    def gpkg(self) -> Path:
        """The GeoPackage file (used only when there is no URL)."""
        return self.folder / STORE_FILE

    def exists(self) -> bool:
        """Whether the registry is there already (opening one that is not would create it)."""
        if self.url:
            return postgis_registry_exists(self.url, self.schema)
        return self.gpkg.is_file()

    def open(self, **kwargs: Any) -> RegistryStore:
        """Open (and create or upgrade) the registry; ``kwargs`` go to :func:`open_store`."""
        return open_store(self.folder, url=self.url, schema=self.schema, **kwargs)


def postgis_registry_exists(url: str, schema: str | None) -> bool:
    """Whether the PostGIS database (and schema) already holds a registry."""
    backend = PostgisBackend(url, schema=schema, lock_timeout=1.0)
    engine = backend.engine()
    try:
        with engine.connect() as conn:
            # In the schema open_store would use (the first of the search path), not in public.
            name = conn.execute(sa.text("SELECT to_regclass(quote_ident(current_schema()) || '.' || :t)"),
                                {"t": MIGRATIONS_TABLE}).scalar()
            return name is not None
    except sa.exc.OperationalError as exc:
        raise StoreError(N_("cannot use the registry at {where}"), where=backend.where) from exc
    finally:
        engine.dispose()
