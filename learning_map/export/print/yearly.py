"""The yearly export's printing: the poster (PDF and PNG), the district booklets, the walking map."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from learning_map.export.print.booklet import booklet_document
from learning_map.export.print.boundaries import STREET_MAP, MapBoundaries
from learning_map.export.print.chromium import print_pages
from learning_map.export.print.poster import poster_document
from learning_map.export.print.walk_map import write_walks_map

if TYPE_CHECKING:
    import datetime
    from collections.abc import Callable, Collection
    from pathlib import Path

    import geopandas as gpd
    import pandas as pd

    from learning_map.bundle.core import CityBundle


def write_print(city: CityBundle, bundle_dir: str | Path, folder: Path, *, year: int, title: str,
                paper: str, units: gpd.GeoDataFrame | None, unit_field: str | None,
                base_url: str | None, publisher: str | None, review_number: str | None,
                coverage_rows: pd.DataFrame, changes: pd.DataFrame, previous: CityBundle | None,
                scorecard: pd.DataFrame | None, font: str, when: datetime.datetime | None = None,
                log: Callable[[str], None] | None = None, locale: str | None = None,
                maps: Collection[str] = ("learning", "elderly", "walks"),
                boundaries: MapBoundaries = STREET_MAP) -> list[str]:
    """
    Write ``learning-map-YEAR.pdf``/``.png`` and, with units, ``booklet-YEAR.pdf``; their names.

    Both in ``locale`` (None: the city's script), drawing ``boundaries`` (none by default). With
    ``"walks"`` in ``maps``, also the humanities walking map (:func:`~learning_map.export.print.walk_map.write_walks_map`:
    ``walks-map-YEAR.pdf``/``.png``, or one pair per route).
    """
    started = time.perf_counter()
    poster = poster_document(city, bundle_dir, year=year, title=title, paper=paper, units=units,
                             unit_field=unit_field, base_url=base_url, publisher=publisher,
                             review_number=review_number, font=font, coverage_rows=coverage_rows,
                             locale=locale, boundaries=boundaries)
    names = [f"learning-map-{year}.pdf", f"learning-map-{year}.png"]
    printed = print_pages(poster.context["html"], folder / names[0], paper=paper,
                          png_path=folder / names[1], when=when)
    if log:
        log(f"poster: {printed.pdf_bytes:,} bytes PDF, PNG {printed.png_size}, laid out and printed "
            f"in {time.perf_counter() - started:.1f} s ({printed.seconds:.1f} s in Chromium); "
            f"{poster.dropped} site numbers found no room on the map (the index lists every site)")
    if units is not None and unit_field:
        started = time.perf_counter()
        html = booklet_document(city, bundle_dir, year=year, title=title, units=units,
                                unit_field=unit_field, coverage_rows=coverage_rows, changes=changes,
                                previous=previous, scorecard=scorecard, font=font,
                                publisher=publisher, review_number=review_number, locale=locale,
                                boundaries=boundaries)
        names.append(f"booklet-{year}.pdf")
        booklet = print_pages(html, folder / names[-1], paper="A4", when=when)
        if log:
            log(f"booklet: {booklet.pdf_bytes:,} bytes PDF, laid out and printed in "
                f"{time.perf_counter() - started:.1f} s ({booklet.seconds:.1f} s in Chromium)")
    if "walks" in maps:
        names += write_walks_map(city, bundle_dir, folder, year=year, paper=paper, locale=locale, font=font,
                                 publisher=publisher, review_number=review_number, when=when, log=log)
    return names


__all__ = ["write_print"]
