"""
Every city of a country on ``dask.distributed``: ``learning-map batch``.

:func:`read_cities` reads the cities (``cities.csv`` or ``boundaries.gpkg:NAME``);
:func:`run_batch` builds each one as a Dask task (:func:`run_city`) into the national
folder of :mod:`learning_map.bundle.national`; :func:`national_table` and :func:`overview_html`
make the national table and overview map from the cities' figures.
"""

from __future__ import annotations

from learning_map.batch.cities import CityJob, make_slug, read_cities
from learning_map.batch.overview import OVERVIEW_FILE, overview_html, write_overview
from learning_map.batch.runner import BatchOutcome, run_batch
from learning_map.batch.table import NATIONAL_FILES, national_table, write_national
from learning_map.batch.tasks import (
    CityOptions,
    city_figures,
    clip_population,
    read_figures,
    run_city,
)

__all__ = [
    "NATIONAL_FILES",
    "OVERVIEW_FILE",
    "BatchOutcome",
    "CityJob",
    "CityOptions",
    "city_figures",
    "clip_population",
    "make_slug",
    "national_table",
    "overview_html",
    "read_cities",
    "read_figures",
    "run_batch",
    "run_city",
    "write_national",
    "write_overview",
]
