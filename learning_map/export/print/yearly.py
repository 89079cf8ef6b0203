"""The yearly export's printing: the poster (PDF and PNG), the district booklets, the walking map."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from learning_map.export.print.booklet import booklet_document
from learning_map.export.print.boundaries import STREET_MAP, MapBoundaries
from learning_map.export.print.chromium import print_pages
from learning_map.export.print.poster import poster_document
from learning_map.export.print.walk_map import write_walks_map

# The year's maps, as Shanghai publishes them: the learning map, the elderly-education map and
# the humanities walking map.
YEARLY_MAPS = ("learning", "elderly", "walks")

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
                maps: Collection[str] = YEARLY_MAPS,
                boundaries: MapBoundaries = STREET_MAP) -> list[str]:
    """
    Write the year's maps and, with units, ``booklet-YEAR.pdf``; their names.

    ``maps`` chooses among the three maps a city publishes each year: ``learning`` (every
    category: ``learning-map-YEAR.pdf``/``.png``), ``elderly`` (the elderly-education map:
    ``elderly-map-YEAR.pdf``/``.png``) and ``walks`` (the humanities walking map). All in
    ``locale`` (None: the city's script), drawing ``boundaries`` (none by default: a street map).
    """
    names: list[str] = []
    poster_args = {"paper": paper, "units": units, "unit_field": unit_field, "base_url": base_url,
                   "publisher": publisher, "review_number": review_number, "font": font,
                   "coverage_rows": coverage_rows, "locale": locale, "when": when,
                   "boundaries": boundaries}
    if "learning" in maps:
        names += _write_poster(city, bundle_dir, folder, stem=f"learning-map-{year}", year=year,
                               title=title, kind="learning", log=log, **poster_args)
    if "elderly" in maps and (city.sites["category"] == "elderly_education").any():
        names += _write_poster(city, bundle_dir, folder, stem=f"elderly-map-{year}", year=year,
                               title=None, kind="elderly", log=log, **poster_args)
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


def _write_poster(city: CityBundle, bundle_dir: str | Path, folder: Path, *, stem: str, year: int,
                  title: str | None, kind: str, paper: str, when: datetime.datetime | None,
                  log: Callable[[str], None] | None, **args: Any) -> list[str]:
    """One poster map as ``STEM.pdf`` (every page) and ``STEM.png`` (the front); their names."""
    started = time.perf_counter()
    poster = poster_document(city, bundle_dir, year=year, title=title, paper=paper, kind=kind,
                             when=when, **args)
    names = [f"{stem}.pdf", f"{stem}.png"]
    printed = print_pages(poster.context["html"], folder / names[0], paper=paper,
                          png_path=folder / names[1], when=when)
    if log:
        extra = "".join(f"; {note}" for note in poster.notes)
        log(f"poster ({kind}): {printed.pdf_bytes:,} bytes PDF, {poster.pages} page(s), PNG "
            f"{printed.png_size}, laid out and printed in {time.perf_counter() - started:.1f} s "
            f"({printed.seconds:.1f} s in Chromium); every site in the index at {poster.index_pt:g} pt "
            f"and numbered on the map ({poster.insets} inset(s)){extra}")
    return names


__all__ = ["YEARLY_MAPS", "write_print"]
