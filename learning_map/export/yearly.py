"""
The yearly learning map: one folder of files for the registry as of a year.

``export_year`` writes, for the sites open in a year (read from the registry store):

- ``sites-YEAR.gpkg`` / ``.geojson`` / ``.csv`` (UTF-8 with BOM) / ``.xlsx`` (one sheet per
  category, headers in the export's language); on request also in CGCS2000 (EPSG:4490) and as a Shapefile
  with a GBK ``.cpg``, as Chinese GIS offices expect;
- ``coverage-YEAR.csv`` / ``.xlsx``: residents within 5 / 10 / 15 minutes of each category at
  adult and elderly pace, per reporting unit and for the city, with the change since the
  year before, and the scorecard against a standard when units are given;
- ``changes-YEAR.csv``: sites opened, closed and changed (which field, old and new value);
- ``learning-map-YEAR.html``: the interactive offline map of that year's sites, with the
  bundle's offline basemap inlined;
- ``learning-map-YEAR.pdf`` / ``.png``: the printable poster (A3 or A1, 300 dpi PNG) and,
  with units, ``booklet-YEAR.pdf`` (one A4 page per unit), from
  :mod:`learning_map.export.print`;
- ``data-dictionary-YEAR.csv`` / ``.xlsx``: every file and column, in Chinese and English
  (:mod:`~learning_map.export.dictionary`);
- ``metadata-YEAR.xml``: ISO 19115 metadata encoded as ISO 19139 (:mod:`~learning_map.export.metadata`);
- ``manifest.json``: what was exported, the registry's state and a checksum of every file.

The folder is written beside its destination and switched into place in one step
(:func:`~learning_map.base.safety.atomic_dir`): an interrupted first export leaves no folder,
an interrupted re-export leaves the previous one as it was. Data files carry fixed
timestamps, so the same year and registry give byte-identical files and offices can diff
one year's export against the next.

Everything a person reads (the XLSX headers and sheet names, category and change labels, the
map, poster and booklet) is in ONE language: ``locale=``, else the city's own script
(:func:`~learning_map.export.words.product_locale`). The CSV, GeoJSON and GeoPackage columns
keep their stable keys (``site_id``, ``name``...), so one year's file reads like the next.

The job runs here; reading the two years and comparing them is
:mod:`~learning_map.export.year_compare`, writing the data files, the map and the manifest is
:mod:`~learning_map.export.year_files`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learning_map.base.i18n import N_, gettext
from learning_map.base.safety import atomic_dir
from learning_map.base.tables import write_csv, write_xlsx
from learning_map.export.dictionary import dictionary_names, write_dictionary
from learning_map.export.metadata import metadata_name, write_metadata
from learning_map.export.print.boundaries import STREET_MAP, MapBoundaries
from learning_map.export.print.chromium import check_cjk_font, chromium_path
from learning_map.export.print.paper import check_paper
from learning_map.export.print.qr import check_base_url
from learning_map.export.print.yearly import YEARLY_MAPS, write_print
from learning_map.export.words import product_locale, table_headers
from learning_map.export.year_compare import YearFound, compare_years, read_year, year_scorecard
from learning_map.export.year_files import write_manifest, write_site_files, write_year_map

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import geopandas as gpd
    import pandas as pd

__all__ = ["YearExport", "export_year"]

logger = logging.getLogger(__name__)

# The sheets of the coverage workbook.
COVERAGE_SHEET = N_("Coverage")
SCORECARD_SHEET = N_("Scorecard")


@dataclass
class YearExport:
    """What :func:`export_year` wrote."""

    folder: Path
    year: int
    files: list[str]
    sites: int
    previous_year: int | None
    changes: pd.DataFrame = field(repr=False)
    coverage: pd.DataFrame = field(repr=False)


def export_year(
    bundle_dir: str | Path,
    year: int,
    out_dir: str | Path,
    *,
    units: gpd.GeoDataFrame | None = None,
    unit_field: str | None = None,
    standard: str | None = None,
    title: str | None = None,
    database_url: str | None = None,
    cgcs2000: bool = False,
    shapefile: bool = False,
    printed: bool = True,
    paper: str = "A3",
    base_url: str | None = None,
    publisher: str | None = None,
    review_number: str | None = None,
    progress: Callable[[str], None] | None = None,
    locale: str | None = None,
    boundaries: MapBoundaries = STREET_MAP,
    maps: Sequence[str] = YEARLY_MAPS,
) -> YearExport:
    """
    Export the learning map of ``year`` into ``out_dir``, atomically.

    Parameters
    ----------
    bundle_dir
        A built city with a registry store.
    year
        Calendar year; the registry's sites open in that year are exported.
    out_dir
        Destination folder (e.g. ``dist/2026``); replaced as a whole.
    units, unit_field
        Reporting units (polygons, any CRS) and their name field for per-unit tables.
    standard
        Scorecard standard (built-in name or TOML file); needs ``units``.
    title
        Map title; default from the city's name and the year.
    database_url
        PostGIS registry; default ``DIR/registry.gpkg``.
    cgcs2000, shapefile
        Also write the sites in EPSG:4490, and as a GBK Shapefile.
    printed
        Write the poster (and with ``units`` the booklet); needs Chromium and a CJK font.
    paper
        Poster paper, ``"A3"`` or ``"A1"``.
    base_url
        Public web address for the poster's QR codes (``{base_url}/site/<id>``); None: no QR.
    publisher, review_number
        Printed on the poster and booklet when given (the 审图号 of mainland maps); both are in
        the manifest and the metadata too.
    progress
        Called with each step's key as it starts: ``"coverage"``, ``"data"``, ``"map"``,
        ``"poster"``, ``"booklet"`` (the admin page shows them while it runs).
    locale
        The export's one language (``zh_Hans``, ``zh_Hant``, ``en``, ``pt`` or a tag such as
        ``zh-Hant``); None: the city's script (Macau ``zh_Hant``, Shanghai ``zh_Hans``).
    boundaries
        The administrative boundaries the printed maps draw: none (a street map, 街区图, the
        default: ``units`` group the tables and booklet pages but are not drawn) or exactly
        an office's file (:func:`~learning_map.export.print.boundaries.official_boundaries`).
    maps
        The printed maps to write: ``learning``, ``elderly``, ``walks`` (default all three).

    Returns
    -------
    YearExport
    """
    job = _YearJob(
        bundle_dir=bundle_dir, year=int(year), out_dir=out_dir, units=units, unit_field=unit_field,
        standard=standard, title=title, database_url=database_url, cgcs2000=cgcs2000,
        shapefile=shapefile, printed=printed, paper=paper, base_url=base_url, publisher=publisher,
        review_number=review_number, step=progress or (lambda _key: None), boundaries=boundaries,
        maps=tuple(maps),
    )
    if job.printed:
        _check_printing(job)
    found = read_year(bundle_dir, job.year, database_url=database_url, title=title, locale=locale)
    job.step("coverage")
    compare_years(found, job.year, units, unit_field)
    with atomic_dir(out_dir) as tmp:
        job.step("data")
        written = _write_data(job, found, tmp)
        job.step("map")
        written.append(write_year_map(found.city, tmp / f"learning-map-{job.year}.html", found.title,
                                      bundle_dir, locale=found.locale, changes=found.changes,
                                      previous_year=job.year - 1 if found.previous else None))
        if job.printed:
            written += _write_printed(job, found, tmp)
        written += _write_pack(job, found, tmp, written)
        written.append(write_manifest(found.city, job.year, found.title, found.previous, tmp, written,
                                      locale=found.locale, printed=_printed_record(job)))
    return YearExport(Path(out_dir), job.year, written, len(found.city.sites),
                      found.previous.meta["registry_year"] if found.previous else None,
                      found.changes, found.coverage)


@dataclass
class _YearJob:
    """The arguments of :func:`export_year`, checked, for its steps."""

    bundle_dir: str | Path
    year: int
    out_dir: str | Path
    units: gpd.GeoDataFrame | None
    unit_field: str | None
    standard: str | None
    title: str | None
    database_url: str | None
    cgcs2000: bool
    shapefile: bool
    printed: bool
    paper: str
    base_url: str | None
    publisher: str | None
    review_number: str | None
    step: Callable[[str], None]
    boundaries: MapBoundaries = STREET_MAP
    maps: tuple[str, ...] = YEARLY_MAPS
    font: Any = None


def _printed_record(job: _YearJob) -> dict[str, Any]:
    """What the manifest says of the printed maps: the boundaries drawn, publisher, review number."""
    return {"boundaries": job.boundaries.record(), "publisher": job.publisher,
            "review_number": job.review_number}


def _check_printing(job: _YearJob) -> None:
    """The paper, the QR address, Chromium and a CJK font, before any work."""
    job.paper = check_paper(job.paper)
    job.base_url = check_base_url(job.base_url)
    chromium_path()
    job.font = check_cjk_font()  # before any work: a missing font is one sentence, not a blank poster


def _write_data(job: _YearJob, found: YearFound, tmp: Path) -> list[str]:
    """The site files, the coverage tables (with the scorecard) and the changes; their names."""
    year, when = job.year, found.when
    locale = found.locale
    written = write_site_files(found.city.sites, tmp, year, when=when, locale=locale,
                               cgcs2000=job.cgcs2000, shapefile=job.shapefile)
    stem = f"coverage-{year}"
    sheets = {gettext(COVERAGE_SHEET, locale=locale):
              found.coverage.rename(columns=table_headers(found.coverage.columns, locale))}
    if job.units is not None and job.standard:
        found.scorecard = year_scorecard(found.city, job.units, job.unit_field, job.standard, locale=locale)
        sheets[gettext(SCORECARD_SHEET, locale=locale)] = found.scorecard.rename(
            columns=table_headers(found.scorecard.columns, locale))
    write_csv(found.coverage, tmp / f"{stem}.csv")
    write_xlsx(sheets, tmp / f"{stem}.xlsx", fixed_time=when.replace(tzinfo=None))
    write_csv(found.changes, tmp / f"changes-{year}.csv")
    return [*written, f"{stem}.csv", f"{stem}.xlsx", f"changes-{year}.csv"]


def _write_pack(job: _YearJob, found: YearFound, tmp: Path, written: list[str]) -> list[str]:
    """The data dictionary of every file, then the ISO 19115 metadata; their names (the manifest follows)."""
    metadata = metadata_name(job.year)
    # The dictionary's Chinese is the city's script when the export is in English or Portuguese.
    chinese = found.locale if found.locale.startswith("zh") else product_locale(found.city.sites)
    names = write_dictionary(tmp, job.year, [*written, *dictionary_names(job.year), metadata, "manifest.json"],
                             locale=found.locale, chinese=chinese, when=found.when)
    names.append(write_metadata(found.city, tmp, year=job.year, title=found.title, when=found.when,
                                locale=found.locale, files=[*written, *names, metadata, "manifest.json"],
                                publisher=job.publisher, review_number=job.review_number,
                                cgcs2000=job.cgcs2000,
                                boundary_note=job.boundaries.note(found.locale) if job.printed else None))
    return names


def _write_printed(job: _YearJob, found: YearFound, tmp: Path) -> list[str]:
    """The poster, and with units the booklet; their names."""
    def log(message: str) -> None:
        logger.info(message)
        if message.startswith("poster") and job.units is not None and job.unit_field:
            job.step("booklet")  # write_print logs the poster when it is done

    job.step("poster")
    return write_print(found.city, job.bundle_dir, tmp, year=job.year, title=found.title,
                       paper=job.paper, units=job.units, unit_field=job.unit_field,
                       base_url=job.base_url, publisher=job.publisher,
                       review_number=job.review_number, coverage_rows=found.coverage,
                       changes=found.changes, previous=found.previous, scorecard=found.scorecard,
                       font=job.font, when=found.when, log=log, locale=found.locale,
                       boundaries=job.boundaries, maps=job.maps)
