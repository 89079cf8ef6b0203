"""
The files of a yearly export.

The public site table as CSV, GeoJSON, GeoPackage and XLSX (on request in CGCS2000 and as a GBK
Shapefile), the interactive offline map, and ``manifest.json`` with the registry's state and a
checksum of every file. Data files carry fixed timestamps, so the same year and registry give
byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
import logging
import warnings
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from learning_map import settings
from learning_map._version import __version__
from learning_map.base.i18n import N_, gettext
from learning_map.base.safety import atomic_path, atomic_write
from learning_map.base.schema import OSM_ATTRIBUTION
from learning_map.base.tables import write_csv, write_xlsx
from learning_map.base.units import resolve_speed_kmh
from learning_map.city.categories import CATEGORIES, SUBTYPES
from learning_map.export.html import inline_basemap, map_document, write_map
from learning_map.export.words import field_label
from learning_map.export.year_compare import EXPORT_PACES

if TYPE_CHECKING:
    import datetime
    from pathlib import Path

    from learning_map.bundle.core import CityBundle

__all__ = [
    "CGCS2000", "SHAPEFILE_ENCODING", "SITE_FIELDS", "public_sites", "registry_state",
    "write_manifest", "write_shapefile", "write_site_files", "write_year_map",
]

logger = logging.getLogger(__name__)

CGCS2000 = "EPSG:4490"
# Shapefile text as Chinese desktop GIS reads it by default.
SHAPEFILE_ENCODING = "GBK"

# Public columns of the site files: key (the CSV, GeoJSON and GeoPackage column), Shapefile
# name (<= 10 chars). The XLSX shows each column's header in the export's locale
# (learning_map.export.words.FIELD_HEADERS).
SITE_FIELDS = (
    ("site_id", "site_id"),
    ("name", "name"),
    ("name_zh", "name_zh"),
    ("name_en", "name_en"),
    ("category", "category"),
    ("category_label", "cat_label"),
    ("subtype", "subtype"),
    ("district", "district"),
    ("address", "address"),
    ("phone", "phone"),
    ("opening_hours", "hours"),
    ("website", "website"),
    ("capacity", "capacity"),
    ("opened_year", "opened"),
    ("lon", "lon"),
    ("lat", "lat"),
)
# Translators: the first sheet of the yearly sites workbook: every site, before a sheet per category.
ALL_SHEET = N_("All sites")


# -- sites -------------------------------------------------------------------------------------

def public_sites(sites: gpd.GeoDataFrame, locale: str) -> gpd.GeoDataFrame:
    """
    The sites with the public columns of :data:`SITE_FIELDS`, sorted by id, in EPSG:4326.

    ``category_label`` is the category's name in ``locale``; the names are the data's own.
    """
    frame = sites.to_crs(4326).sort_values("site_id", kind="stable").reset_index(drop=True)
    points = frame.geometry.to_numpy()
    out: dict[str, Any] = {}
    for key, _shp in SITE_FIELDS:
        if key == "category_label":
            out[key] = [CATEGORIES[c].label(locale) if c in CATEGORIES else "" for c in frame["category"]]
        elif key == "lon":
            out[key] = np.round(shapely.get_x(points), 6)
        elif key == "lat":
            out[key] = np.round(shapely.get_y(points), 6)
        elif key in ("capacity", "opened_year"):
            out[key] = pd.to_numeric(frame[key], errors="coerce").astype("Int64") if key in frame \
                else pd.array([pd.NA] * len(frame), dtype="Int64")
        else:
            out[key] = frame[key].fillna("").astype(str) if key in frame else [""] * len(frame)
    return gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(points, crs=4326))


def write_site_files(sites: gpd.GeoDataFrame, folder: Path, year: int, *,
                     when: datetime.datetime, locale: str, cgcs2000: bool = False,
                     shapefile: bool = False) -> list[str]:
    """The year's site files in ``folder`` (category names and XLSX headers in ``locale``); their names."""
    public = public_sites(sites, locale)
    stem = f"sites-{year}"
    table = pd.DataFrame(public.drop(columns="geometry"))
    write_csv(table, folder / f"{stem}.csv")
    _write_geojson(public, folder / f"{stem}.geojson")
    _write_gpkg(public, folder / f"{stem}.gpkg", when=when)
    write_xlsx(_sheets_by_category(table, locale), folder / f"{stem}.xlsx", fixed_time=when.replace(tzinfo=None))
    names = [f"{stem}.csv", f"{stem}.geojson", f"{stem}.gpkg", f"{stem}.xlsx"]
    if cgcs2000:
        _write_gpkg(public.to_crs(CGCS2000), folder / f"{stem}-cgcs2000.gpkg", when=when)
        names.append(f"{stem}-cgcs2000.gpkg")
    if shapefile:
        names += write_shapefile(public, folder / f"{stem}-shp", stem, when=when)
    return names


def _sheets_by_category(table: pd.DataFrame, locale: str) -> dict[str, pd.DataFrame]:
    """Every site, then a sheet per category; sheet names and headers in ``locale``."""
    headers = {key: field_label(key, locale) for key, _ in SITE_FIELDS}
    sheets = {gettext(ALL_SHEET, locale=locale): table.rename(columns=headers)}
    for key, category in CATEGORIES.items():
        rows = table[table["category"] == key]
        if len(rows):
            sheets[category.label(locale)] = rows.rename(columns=headers)
    return sheets


def _write_geojson(public: gpd.GeoDataFrame, path: Path) -> None:
    """GeoJSON written by hand: fixed key order and number format, so re-exports are identical."""
    features = []
    for record in public.drop(columns="geometry").to_dict("records"):
        props = {k: (None if v is pd.NA or (isinstance(v, float) and np.isnan(v)) else
                     (v.item() if hasattr(v, "item") else v)) for k, v in record.items()}
        features.append({"type": "Feature", "properties": props,
                         "geometry": {"type": "Point", "coordinates": [props["lon"], props["lat"]]}})
    collection = {"type": "FeatureCollection", "attribution": OSM_ATTRIBUTION, "features": features}
    with atomic_write(path, "w", encoding="utf-8") as handle:
        json.dump(collection, handle, ensure_ascii=False, separators=(",", ":"))
        handle.write("\n")


def _gdal_date(when: datetime.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _write_gpkg(frame: gpd.GeoDataFrame, path: Path, *, when: datetime.datetime) -> None:
    # GDAL stamps gpkg_contents.last_change with the time of writing unless told otherwise.
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _gdal_date(when)})
    try:
        with atomic_path(path) as tmp:
            frame.to_file(tmp, layer="sites", driver="GPKG", engine="pyogrio")
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})


def write_shapefile(public: gpd.GeoDataFrame, folder: Path, stem: str, *,
                    when: datetime.datetime) -> list[str]:
    """A GBK Shapefile in its own folder; characters GBK lacks become '?' (and are counted)."""
    folder.mkdir()
    renamed = public.rename(columns={key: shp for key, shp in SITE_FIELDS})
    lost = _recode_gbk(renamed)
    if lost:
        logger.warning("%d characters have no GBK code and are '?' in the Shapefile "
                       "(the GeoPackage keeps them)", lost)
    _write_gbk_shapefile(renamed, folder / f"{stem}.shp", when=when)
    return sorted(f"{folder.name}/{p.name}" for p in folder.iterdir())


def _recode_gbk(frame: gpd.GeoDataFrame) -> int:
    """Recode ``frame``'s text columns in place to what GBK can hold; how many characters became '?'."""
    lost = 0
    for column in frame.columns:
        # Text columns are pandas' str dtype (pandas 3) or object: both are recoded here, so
        # GDAL never meets a character GBK lacks (it would cut the text there and warn).
        if column != "geometry" and (pd.api.types.is_string_dtype(frame[column])
                                     or frame[column].dtype == object):
            recoded = [_to_gbk(value) for value in frame[column]]
            lost += sum(n for _, n in recoded)
            frame[column] = pd.Series([text for text, _ in recoded], index=frame.index,
                                      dtype=object)
    return lost


def _write_gbk_shapefile(frame: gpd.GeoDataFrame, path: Path, *, when: datetime.datetime) -> None:
    """Write the recoded ``frame``; GDAL's own 'not converted correctly' warning becomes one log line."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RuntimeWarning)
        frame.to_file(path, driver="ESRI Shapefile", engine="pyogrio",
                      encoding=SHAPEFILE_ENCODING,
                      layer_options={"DBF_DATE_LAST_UPDATE": when.strftime("%Y-%m-%d")})
    for warning in caught:  # GDAL's own recoding still lost something: say it plainly, once
        if "converted correctly" in str(warning.message):
            logger.warning("some characters could not be written in GBK and are cut in the "
                           "Shapefile (the GeoPackage keeps them)")
        else:
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)


def _to_gbk(value: object) -> tuple[object, int]:
    """``value`` with each character GBK lacks as '?', and how many there were (non-text as is)."""
    if not isinstance(value, str):
        return value, 0
    encoded = value.encode(SHAPEFILE_ENCODING, errors="replace")
    return encoded.decode(SHAPEFILE_ENCODING), encoded.count(b"?") - value.count("?")


# -- the map and the manifest --------------------------------------------------------------------

def write_year_map(city: CityBundle, path: Path, title: str, bundle_dir: str | Path, *, locale: str,
                   changes: pd.DataFrame | None = None, previous_year: int | None = None) -> str:
    """The year's interactive offline map in ``locale`` (with the bundle's basemap inlined); its file name."""
    # The 15-minute areas at both paces the learning circle is planned for.
    areas = gpd.GeoDataFrame(pd.concat([
        city.model.isochrones(minutes=[max(settings.WALK_MINUTES)], speed_kmh=resolve_speed_kmh(pace))
        .assign(pace=pace) for pace in EXPORT_PACES], ignore_index=True), crs="EPSG:4326")
    rows = changes.to_dict("records") if changes is not None else []
    write_map(map_document(city.network, city.sites, areas, title=title,
                           basemap=inline_basemap(bundle_dir), changes=rows,
                           changes_since=previous_year, locale=locale), path)
    return path.name


def registry_state(sites: gpd.GeoDataFrame) -> dict[str, Any]:
    """Counts per category and a SHA-256 of the public site table (same sites, same hash, any locale)."""
    public = public_sites(sites, "en")
    text = pd.DataFrame(public.drop(columns="geometry")).to_csv(index=False, lineterminator="\n")
    counts = public["category"].value_counts()
    return {
        "sites": len(public),
        "per_category": {k: int(counts[k]) for k in sorted(counts.index)},
        "per_subtype": {k: int(v) for k, v in sorted(public["subtype"].replace("", pd.NA).dropna()
                                                      .value_counts().items()) if k in SUBTYPES},
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }


def write_manifest(city: CityBundle, year: int, title: str, previous: CityBundle | None,
                   folder: Path, names: list[str], *, locale: str,
                   printed: dict[str, Any] | None = None) -> str:
    """
    ``manifest.json``: what was written (in which locale), with a checksum of each file.

    ``printed`` says how the maps were printed (the boundaries drawn, publisher, review number).
    """
    manifest = _manifest(city, year, title, previous, folder, names) | {"locale": locale}
    if printed is not None:
        manifest["printed"] = printed
    with atomic_write(folder / "manifest.json", "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, ensure_ascii=False, indent=2, sort_keys=True)
        handle.write("\n")
    return "manifest.json"


def _manifest(city: CityBundle, year: int, title: str, previous: CityBundle | None,
              folder: Path, names: list[str]) -> dict[str, Any]:
    """What was written, with a checksum of each file, and the registry's state."""
    files = []
    for name in sorted(names):
        data = (folder / name).read_bytes()
        files.append({"name": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    return {
        "learning_map_version": __version__,
        "city": city.name,
        "year": year,
        "title": title,
        "previous_year": year - 1 if previous is not None else None,
        "registry": registry_state(city.sites),
        "paces_kmh": {p: resolve_speed_kmh(p) for p in EXPORT_PACES},
        "minutes": list(settings.WALK_MINUTES),
        "attribution": OSM_ATTRIBUTION,
        "files": files,
    }
