"""A city's course catalogue of one year, read from its registry store (never created here)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from learning_map.city.courses.catalogue import CourseCatalogue, local_today
from learning_map.city.courses.taxonomy import load_taxonomy
from learning_map.store._common import DATABASE_URL_ENV, STORE_FILE
from learning_map.store.core import open_store
from learning_map.store.location import postgis_registry_exists

if TYPE_CHECKING:
    import datetime as dt


def catalogue_from_store(bundle_dir: str | Path, *, year: int | None = None, url: str | None = None,
                         schema: str | None = None, timezone: str = "UTC",
                         today: dt.date | None = None) -> CourseCatalogue:
    """
    The city's courses from its registry store, never creating a store.

    Parameters
    ----------
    bundle_dir
        City folder (``registry.gpkg``, ``course_taxonomy.toml``).
    year
        The courses of this year; default: the latest year with courses up to this
        year (else the earliest after it).
    url
        PostGIS registry; default ``$LEARNING_MAP_DATABASE_URL``, else the GeoPackage.
    schema
        PostgreSQL schema of the registry (default: the URL's search path).
    timezone
        The city's time zone.
    today
        For the default year (default: today in ``timezone``).

    Returns
    -------
    catalogue
        Empty (with the city's taxonomy) when there is no registry or no course.
    """
    taxonomy = load_taxonomy(city_dir=bundle_dir)
    url = url or os.environ.get(DATABASE_URL_ENV) or None
    exists = postgis_registry_exists(url, schema) if url else (Path(bundle_dir) / STORE_FILE).is_file()
    if not exists:  # opening would create (or migrate) a registry: a reader never does
        return CourseCatalogue.empty(taxonomy=taxonomy, timezone=timezone)
    with open_store(bundle_dir, url=url, schema=schema) as store:
        if year is None:
            years = store.course_years()
            if not years:
                return CourseCatalogue.empty(taxonomy=taxonomy, timezone=timezone)
            this_year = (today or local_today(timezone)).year
            past = [y for y in years if y <= this_year]
            year = past[-1] if past else years[0]
        courses = store.courses(year)
    return CourseCatalogue(courses, taxonomy=taxonomy, year=year, timezone=timezone)
