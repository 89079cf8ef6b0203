"""
The data dictionary of a yearly export: every file, and every column of its tables, in Chinese and English.

Offices that take the export into their own systems need to know what each column holds, in
what unit, as the global-indicators project ships a data dictionary with its city reports.
``data-dictionary-YEAR.csv`` and ``.xlsx`` list, for every file of the export, one row for the
file and one row per column of each of its tables (each sheet of a workbook): the column as it
appears in the file (a CSV, GeoJSON or GeoPackage column keeps its stable key, a workbook's
header is in the export's language), what it holds (说明 in the city's Chinese script and
English), its type and its unit.

The columns are read back from the files as written, so the dictionary lists exactly the
columns that exist; what each one means comes from ONE table, :data:`COLUMNS` (the headers of
:mod:`learning_map.export.words` where they say enough). A column without an entry there is a
programming error and stops the export (:class:`UndescribedColumnError`), never a blank row.
Text reaches the files through :func:`~learning_map.base.tables.write_csv` and
:func:`~learning_map.base.tables.write_xlsx`, which keep every cell formula-safe.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from learning_map.base.i18n import BILINGUAL_JOIN, N_, gettext
from learning_map.base.tables import sheet_name, write_csv, write_xlsx
from learning_map.export.words import FIELD_HEADERS, TABLE_HEADERS, field_label, table_headers
from learning_map.export.year_files import SITE_FIELDS

if TYPE_CHECKING:
    import datetime
    from pathlib import Path

__all__ = [
    "COLUMNS", "DICTIONARY_COLUMNS", "Column", "UndescribedColumnError", "dictionary_names",
    "dictionary_rows", "file_columns", "write_dictionary",
]

# Types (the ``data_type`` column).
TEXT, INTEGER, DECIMAL, BOOLEAN, POINT = N_("text"), N_("integer"), N_("decimal"), N_("true or false"), N_("point")
# Units (the ``unit_of_measure`` column).
DEGREES, RESIDENTS, SHARE = N_("degrees (WGS84)"), N_("residents"), N_("share (0 to 1)")
MINUTES, KMH, POINTS = N_("minutes"), "km/h", N_("percentage points")
SEATS, SITES, YEAR = N_("seats"), N_("sites"), N_("year")


@dataclass(frozen=True)
class Column:
    """What a column holds: its description (None: its header says it), type and unit."""

    description: str | None
    data_type: str
    unit: str | None = None


# Every column of every exported table, by its key: the one place they are described.
COLUMNS: dict[str, Column] = {
    # The site files (SITE_FIELDS of learning_map.export.year_files).
    "site_id": Column(N_("The site's identifier in the registry, the same from year to year"), TEXT),
    "name": Column(N_("The site's name as the registry gives it"), TEXT),
    "name_zh": Column(None, TEXT),
    "name_en": Column(None, TEXT),
    "category": Column(N_("The category's code (library, school, elderly_education...; all: every category)"),
                       TEXT),
    "category_label": Column(N_("The category's name in the export's language"), TEXT),
    "subtype": Column(N_("The kind of elderly learning point, where the registry gives one"), TEXT),
    "district": Column(None, TEXT),
    "address": Column(None, TEXT),
    "phone": Column(None, TEXT),
    "opening_hours": Column(N_("Opening hours, in OpenStreetMap's opening_hours form"), TEXT),
    "website": Column(None, TEXT),
    "capacity": Column(N_("Seats or places, where the registry gives them"), INTEGER, SEATS),
    "opened_year": Column(None, INTEGER, YEAR),
    "lon": Column(None, DECIMAL, DEGREES),
    "lat": Column(None, DECIMAL, DEGREES),
    "geometry": Column(N_("The site's location as a point, in the file's coordinate system"), POINT),
    # The coverage table.
    "unit": Column(N_("The reporting unit, or the whole city"), TEXT),
    "label": Column(N_("The category's name in the export's language (every category together: all learning sites)"),
                    TEXT),
    "pace": Column(N_("The walking pace: adult or elderly"), TEXT),
    "speed_kmh": Column(None, DECIMAL, KMH),
    "minutes": Column(N_("The walking time the row counts residents within"), DECIMAL, MINUTES),
    "sites": Column(N_("Sites of the category in the year"), INTEGER, SITES),
    "population": Column(N_("Residents of the unit"), DECIMAL, RESIDENTS),
    "population_covered": Column(N_("Residents within the walking time of a site of the category"),
                                 DECIMAL, RESIDENTS),
    "population_share": Column(None, DECIMAL, SHARE),
    "elderly": Column(N_("Elderly residents of the unit"), DECIMAL, RESIDENTS),
    "elderly_covered": Column(N_("Elderly residents within the walking time of a site of the category"),
                              DECIMAL, RESIDENTS),
    "elderly_share": Column(None, DECIMAL, SHARE),
    "population_share_previous": Column(None, DECIMAL, SHARE),
    "elderly_share_previous": Column(None, DECIMAL, SHARE),
    "sites_previous": Column(None, INTEGER, SITES),
    "population_share_change_pp": Column(None, DECIMAL, POINTS),
    "elderly_share_change_pp": Column(None, DECIMAL, POINTS),
    # The scorecard (a sheet of the coverage workbook).
    "rule": Column(N_("The rule's identifier in the standard"), TEXT),
    "title": Column(N_("The rule's title"), TEXT),
    "description": Column(N_("What the rule asks"), TEXT),
    "kind": Column(N_("The kind of check: coverage (a share of residents) or presence (a count of sites)"),
                   TEXT),
    "key": Column(N_("The category the rule checks"), TEXT),
    "level": Column(N_("The level the rule applies at (the standard's own word)"), TEXT),
    "count": Column(N_("Sites counted for a presence check"), INTEGER, SITES),
    "required": Column(N_("Sites a presence check requires"), INTEGER, SITES),
    "limit": Column(N_("The rule's walking time or share, as the standard states it"), TEXT),
    "value": Column(N_("The unit's value: a share (0 to 1) for coverage, a count for presence"), DECIMAL),
    "pass": Column(N_("Whether the unit meets the rule (empty: not checked)"), BOOLEAN),
    "note": Column(None, TEXT),
    # The changes.
    "action": Column(N_("What happened to the site: added, changed, closed or reopened"), TEXT),
    "action_label": Column(N_("What happened, in the export's language"), TEXT),
    "field": Column(N_("The field that changed (for changed sites)"), TEXT),
    "old_value": Column(N_("The field's value the year before"), TEXT),
    "new_value": Column(N_("The field's value this year"), TEXT),
    # This dictionary.
    "file": Column(N_("The file, by its path in the export folder"), TEXT),
    "sheet": Column(N_("The workbook's sheet (empty for other files)"), TEXT),
    "column": Column(N_("The column as it appears in the file (empty: the row describes the file)"), TEXT),
    "description_zh": Column(N_("What the file or column holds, in Chinese"), TEXT),
    "description_en": Column(N_("What the file or column holds, in English"), TEXT),
    "data_type": Column(N_("The column's type, or the file's format"), TEXT),
    "unit_of_measure": Column(N_("The column's unit"), TEXT),
}
# The dictionary's own columns and their headers.
DICTIONARY_COLUMNS = {
    "file": N_("File"), "sheet": N_("Sheet"), "column": N_("Field"), "description_zh": N_("Description"),
    "description_en": N_("Description"), "data_type": N_("Data type"), "unit_of_measure": N_("Unit of measure"),
}
# Translators: the sheet of the data dictionary workbook.
DICTIONARY_SHEET = N_("Data dictionary")
# Each file of an export by its name (YEAR stands for the year), and what it is.
FILES = (
    (r"sites-YEAR\.(csv|geojson|gpkg|xlsx)", N_("The learning sites open in the year")),
    (r"sites-YEAR-cgcs2000\.gpkg", N_("The learning sites open in the year, in CGCS2000 (EPSG:4490)")),
    (r"sites-YEAR-shp/.*", N_("The learning sites as an ESRI Shapefile with GBK text, for desktop GIS")),
    (r"coverage-YEAR\.(csv|xlsx)", N_("Residents within a 5, 10 and 15-minute walk of each category at adult "
                                      "and elderly pace, per reporting unit and for the city")),
    (r"changes-YEAR\.csv", N_("Sites opened, closed and changed since the year before")),
    (r"learning-map-YEAR\.html", N_("The interactive map of the year, used without a network")),
    (r"learning-map-YEAR\.pdf", N_("The printed poster")),
    (r"learning-map-YEAR\.png", N_("The printed poster as an image (300 dpi)")),
    (r"booklet-YEAR\.pdf", N_("The district booklet: a page per reporting unit")),
    (r"metadata-YEAR\.xml", N_("The export's metadata (ISO 19115, encoded as ISO 19139)")),
    (r"data-dictionary-YEAR\.(csv|xlsx)", N_("This data dictionary: every file and column of the export")),
    (r"manifest\.json", N_("What was exported, the registry's state and a checksum of every file")),
)
# A file added to the export that FILES does not name yet is still listed, by its format.
ANY_FILE = N_("A file of the export")
FORMATS = {"csv": "CSV", "xlsx": "XLSX", "geojson": "GeoJSON", "gpkg": "GeoPackage", "shp": "ESRI Shapefile",
           "shx": "ESRI Shapefile", "dbf": "ESRI Shapefile", "prj": "ESRI Shapefile",
           "cpg": "ESRI Shapefile", "html": "HTML", "pdf": "PDF", "png": "PNG", "json": "JSON", "xml": "XML"}
# Files whose columns are read back: tables and layers.
TABULAR = ("csv", "xlsx", "geojson", "gpkg", "shp")


class UndescribedColumnError(RuntimeError):
    """An exported column has no entry in :data:`COLUMNS` (a programming error, not the user's)."""


def dictionary_names(year: int) -> list[str]:
    """The dictionary's files in the export folder."""
    return [f"data-dictionary-{year}.csv", f"data-dictionary-{year}.xlsx"]


def write_dictionary(folder: Path, year: int, names: list[str], *, locale: str, chinese: str,
                     when: datetime.datetime) -> list[str]:
    """
    Write the data dictionary of the files ``names`` in ``folder``; its file names.

    Parameters
    ----------
    folder
        The export folder; the tables among ``names`` are read back from it.
    year
        The export's year.
    names
        Every file of the export, the dictionary's own and those written after it included.
    locale
        The export's language: the language of the workbooks' headers it reads back.
    chinese
        The Chinese script of the descriptions (``zh_Hant`` for Macau, ``zh_Hans``).
    when
        The export's fixed timestamp (the workbook's dates, for byte-identical re-exports).
    """
    csv_name, xlsx_name = dictionary_names(year)
    table = dictionary_rows(folder, year, names, locale=locale, chinese=chinese)
    headers = dictionary_headers(chinese)
    shown = table.rename(columns=headers)
    write_csv(shown, folder / csv_name)
    write_xlsx({gettext(DICTIONARY_SHEET, locale=chinese): shown}, folder / xlsx_name,
               fixed_time=when.replace(tzinfo=None))
    return [csv_name, xlsx_name]


def dictionary_headers(chinese: str) -> dict[str, str]:
    """The dictionary's headers: Chinese and English together, the descriptions one language each."""
    out = {}
    for key, msgid in DICTIONARY_COLUMNS.items():
        zh, en = gettext(msgid, locale=chinese), gettext(msgid, locale="en")
        out[key] = zh if key == "description_zh" else en if key == "description_en" else f"{zh}{BILINGUAL_JOIN}{en}"
    return out


def dictionary_rows(folder: Path, year: int, names: list[str], *, locale: str, chinese: str) -> pd.DataFrame:
    """One row per file, then one per column of each of its tables (read back from ``folder``)."""
    csv_name, xlsx_name = dictionary_names(year)
    rows: list[dict[str, str]] = []
    for name in sorted(names):
        suffix = name.rsplit(".", 1)[-1].lower()
        rows.append({"file": name, "sheet": "", "column": "",
                     **_described(file_description(name, year), chinese),
                     "data_type": FORMATS.get(suffix, suffix.upper()), "unit_of_measure": ""})
        if name in (csv_name, xlsx_name):
            sheet = sheet_name(gettext(DICTIONARY_SHEET, locale=chinese)) if name == xlsx_name else ""
            tables = [(sheet, list(dictionary_headers(chinese).values()))]
        elif suffix in TABULAR and (folder / name).is_file():
            tables = file_columns(folder / name)
        else:
            continue
        inverse = _header_keys(name, locale, chinese)
        for sheet, headers in tables:
            for header in headers:
                key = inverse.get(header, header)
                if key not in COLUMNS:
                    msg = f"{name}: column {header!r} has no entry in learning_map.export.dictionary.COLUMNS"
                    raise UndescribedColumnError(msg)
                column = COLUMNS[key]
                rows.append({"file": name, "sheet": sheet, "column": header,
                             **_described(_description(key), chinese),
                             "data_type": _both(column.data_type, chinese),
                             "unit_of_measure": _both(column.unit, chinese) if column.unit else ""})
    return pd.DataFrame(rows, columns=list(DICTIONARY_COLUMNS))


def file_description(name: str, year: int) -> str:
    """What an exported file is (a message id)."""
    for pattern, msgid in FILES:
        if re.fullmatch(pattern.replace("YEAR", str(year)), name):
            return msgid
    return ANY_FILE


def file_columns(path: Path) -> list[tuple[str, list[str]]]:
    """The column headers of a table or layer as written: (sheet, headers) per sheet or layer."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [("", next(csv.reader(handle), []))]
    if suffix == ".xlsx":
        from openpyxl import (
            load_workbook,  # lazy: openpyxl is slow to import and only tables need it
        )

        book = load_workbook(path, read_only=True)
        try:
            return [(sheet.title, [str(c) for c in next(sheet.iter_rows(max_row=1, values_only=True), ())
                                   if c is not None]) for sheet in book.worksheets]
        finally:
            book.close()
    if suffix == ".geojson":
        collection = json.loads(path.read_text(encoding="utf-8"))
        keys = dict.fromkeys(k for f in collection.get("features", []) for k in f.get("properties") or {})
        return [("", [*keys, "geometry"])]
    import pyogrio  # lazy: GDAL only for the GeoPackage and Shapefile layers

    layers = [str(row[0]) for row in pyogrio.list_layers(path)]
    out = []
    for layer in layers:
        info = pyogrio.read_info(path, layer=layer)
        fields = [str(f) for f in info["fields"]]
        out.append(("" if len(layers) == 1 else layer, [*fields, *(["geometry"] if info["geometry_type"] else [])]))
    return out


def _header_keys(name: str, locale: str, chinese: str) -> dict[str, str]:
    """A file's headers back to their keys: the workbooks' headers are in the export's language."""
    if name.startswith("data-dictionary-"):
        return {header: key for key, header in dictionary_headers(chinese).items()}
    if name.startswith("sites-"):
        inverse = {field_label(key, locale): key for key in FIELD_HEADERS}
        inverse |= {shp: key for key, shp in SITE_FIELDS}
        return inverse
    return {header: key for key, header in table_headers(TABLE_HEADERS, locale).items()}


def _description(key: str) -> str:
    """A column's description: its own, else its header in :mod:`~learning_map.export.words`."""
    described = COLUMNS[key].description
    if described:
        return described
    return FIELD_HEADERS.get(key) or TABLE_HEADERS[key]


def _described(msgid: str, chinese: str) -> dict[str, str]:
    return {"description_zh": gettext(msgid, locale=chinese), "description_en": gettext(msgid, locale="en")}


def _both(msgid: str, chinese: str) -> str:
    """A type or unit in Chinese and English (one text when they are the same, as ``km/h``)."""
    zh, en = gettext(msgid, locale=chinese), gettext(msgid, locale="en")
    return zh if zh == en else f"{zh}{BILINGUAL_JOIN}{en}"
