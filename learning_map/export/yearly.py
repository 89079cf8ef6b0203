"""
The yearly learning map: one folder of files for the registry as of a year.

``export_year`` writes, for the sites open in a year (read from the registry store):

- ``sites-YEAR.gpkg`` / ``.geojson`` / ``.csv`` (UTF-8 with BOM) / ``.xlsx`` (one sheet per
  category, Chinese headers); on request also in CGCS2000 (EPSG:4490) and as a Shapefile
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
- ``manifest.json``: what was exported, the registry's state and a checksum of every file.

The folder is written beside its destination and switched into place in one step
(:func:`~learning_map.base.safety.atomic_dir`): an interrupted first export leaves no folder,
an interrupted re-export leaves the previous one as it was. Data files carry fixed
timestamps, so the same year and registry give byte-identical files and offices can diff
one year's export against the next.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from learning_map import settings
from learning_map._version import __version__
from learning_map.base.safety import atomic_dir, atomic_path, atomic_write
from learning_map.base.schema import OSM_ATTRIBUTION
from learning_map.base.tables import write_csv, write_xlsx
from learning_map.base.units import resolve_speed_kmh
from learning_map.build.pipeline import city_for_year
from learning_map.bundle.core import load_bundle
from learning_map.city.categories import CATEGORIES, SUBTYPES
from learning_map.errors import StoreError
from learning_map.export.html import inline_basemap, map_document, write_map
from learning_map.export.print.chromium import check_cjk_font, chromium_path
from learning_map.export.print.paper import check_paper
from learning_map.export.print.qr import check_base_url
from learning_map.export.print.yearly import write_print
from learning_map.planning.standards import load_standard, scorecard
from learning_map.store.core import open_store

if TYPE_CHECKING:
    from collections.abc import Callable

    import geopandas as gpd

    from learning_map.bundle.core import CityBundle

logger = logging.getLogger(__name__)

# Paces every coverage table reports (the two a 15-minute learning circle is planned for).
EXPORT_PACES = ("adult", "elderly")
CGCS2000 = "EPSG:4490"
# Shapefile text as Chinese desktop GIS reads it by default.
SHAPEFILE_ENCODING = "GBK"
CITY_UNIT = "全市 City"

# Public columns of the site files: key, Chinese header (XLSX), Shapefile name (<= 10 chars).
SITE_FIELDS = (
    ("site_id", "编号", "site_id"),
    ("name", "名称", "name"),
    ("name_zh", "中文名称", "name_zh"),
    ("name_en", "英文名称", "name_en"),
    ("category", "类别代码", "category"),
    ("category_zh", "类别", "cat_zh"),
    ("category_en", "Category", "cat_en"),
    ("subtype", "子类", "subtype"),
    ("district", "所属街道", "district"),
    ("address", "地址", "address"),
    ("phone", "电话", "phone"),
    ("opening_hours", "开放时间", "hours"),
    ("website", "网址", "website"),
    ("capacity", "容量（座位）", "capacity"),
    ("opened_year", "开放年份", "opened"),
    ("lon", "经度", "lon"),
    ("lat", "纬度", "lat"),
)
CHANGE_ACTIONS_ZH = {"added": "新开", "changed": "变更", "closed": "关闭", "reopened": "重开"}


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


def fixed_time(year: int) -> datetime.datetime:
    """The timestamp written into the year's files: the same on every re-export."""
    return datetime.datetime(int(year), 1, 1, tzinfo=datetime.UTC)


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
        Printed on the poster and booklet when given (the 审图号 of mainland maps).
    progress
        Called with each step's key as it starts: ``"coverage"``, ``"data"``, ``"map"``,
        ``"poster"``, ``"booklet"`` (the admin page shows them while it runs).

    Returns
    -------
    YearExport
    """
    job = _YearJob(
        bundle_dir=bundle_dir, year=int(year), out_dir=out_dir, units=units, unit_field=unit_field,
        standard=standard, title=title, database_url=database_url, cgcs2000=cgcs2000,
        shapefile=shapefile, printed=printed, paper=paper, base_url=base_url, publisher=publisher,
        review_number=review_number, step=progress or (lambda _key: None),
    )
    if job.printed:
        _check_printing(job)
    found = _read_year(job)
    job.step("coverage")
    _compare_years(job, found)
    with atomic_dir(out_dir) as tmp:
        job.step("data")
        written = _write_data(job, found, tmp)
        job.step("map")
        written.append(_write_map(found.city, tmp / f"learning-map-{job.year}.html", found.title,
                                  bundle_dir, changes=found.changes,
                                  previous_year=job.year - 1 if found.previous else None))
        if job.printed:
            written += _write_printed(job, found, tmp)
        written.append(_write_manifest(job, found, tmp, written))
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
    font: Any = None


@dataclass
class _YearFound:
    """What one export reads and computes before it writes."""

    city: CityBundle
    previous: CityBundle | None
    history: pd.DataFrame
    title: str
    when: datetime.datetime
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)
    coverage: pd.DataFrame = field(default_factory=pd.DataFrame)
    scorecard: pd.DataFrame | None = None


def _check_printing(job: _YearJob) -> None:
    """The paper, the QR address, Chromium and a CJK font, before any work."""
    job.paper = check_paper(job.paper)
    job.base_url = check_base_url(job.base_url)
    chromium_path()
    job.font = check_cjk_font()  # before any work: a missing font is one sentence, not a blank poster


def _read_year(job: _YearJob) -> _YearFound:
    """The city as of the year and the year before, and the registry's history."""
    base = load_bundle(job.bundle_dir)
    city = city_for_year(base, job.year, url=job.database_url)
    return _YearFound(
        city=city, previous=_previous_city(base, job.year, job.database_url),
        history=_history(job.bundle_dir, job.database_url),
        title=job.title or default_title(city.name, job.year), when=fixed_time(job.year),
    )


def _compare_years(job: _YearJob, found: _YearFound) -> None:
    """The year's changes, its coverage (beside the year before's) and the scorecard."""
    previous = found.previous
    found.changes = site_changes(found.history, found.city.sites,
                                 previous.sites if previous else None, job.year)
    found.coverage = coverage_table(found.city, job.units, job.unit_field)
    if previous is not None:
        found.coverage = with_previous(found.coverage,
                                       coverage_table(previous, job.units, job.unit_field))


def _write_data(job: _YearJob, found: _YearFound, tmp: Path) -> list[str]:
    """The site files, the coverage tables (with the scorecard) and the changes; their names."""
    year, when = job.year, found.when
    written = write_site_files(found.city.sites, tmp, year, when=when, cgcs2000=job.cgcs2000,
                               shapefile=job.shapefile)
    stem = f"coverage-{year}"
    sheets = {"覆盖 Coverage": found.coverage}
    if job.units is not None and job.standard:
        found.scorecard = _scorecard(found.city, job.units, job.unit_field, job.standard)
        sheets["达标 Scorecard"] = found.scorecard
    write_csv(found.coverage, tmp / f"{stem}.csv")
    write_xlsx(sheets, tmp / f"{stem}.xlsx", fixed_time=when.replace(tzinfo=None))
    write_csv(found.changes, tmp / f"changes-{year}.csv")
    return [*written, f"{stem}.csv", f"{stem}.xlsx", f"changes-{year}.csv"]


def _write_printed(job: _YearJob, found: _YearFound, tmp: Path) -> list[str]:
    """The poster, and with units the booklet; their names."""

    def log(message: str) -> None:
        logger.info(message)
        if message.startswith("poster:") and job.units is not None and job.unit_field:
            job.step("booklet")  # write_print logs the poster when it is done

    job.step("poster")
    return write_print(found.city, job.bundle_dir, tmp, year=job.year, title=found.title,
                       paper=job.paper, units=job.units, unit_field=job.unit_field,
                       base_url=job.base_url, publisher=job.publisher,
                       review_number=job.review_number, coverage_rows=found.coverage,
                       changes=found.changes, previous=found.previous, scorecard=found.scorecard,
                       font=job.font, when=found.when, log=log)


def _write_manifest(job: _YearJob, found: _YearFound, tmp: Path, written: list[str]) -> str:
    """``manifest.json``: what was written, with a checksum of each file."""
    manifest = _manifest(found.city, job.year, found.title, found.previous, tmp, written)
    with atomic_write(tmp / "manifest.json", "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, ensure_ascii=False, indent=2, sort_keys=True)
        handle.write("\n")
    return "manifest.json"


def default_title(city_name: str, year: int) -> str:
    """The map's title when none is given, in Chinese and English."""
    return f"{city_name} {year} 终身学习地图 / Lifelong Learning Map {year}"


def _previous_city(base: CityBundle, year: int, database_url: str | None) -> CityBundle | None:
    """The city as of the year before, or None when the registry has no site then."""
    try:
        return city_for_year(base, year - 1, url=database_url)
    except StoreError:
        return None


def _history(bundle_dir: str | Path, database_url: str | None) -> pd.DataFrame:

    with open_store(bundle_dir, url=database_url) as store:
        return store.history()


# -- sites -------------------------------------------------------------------------------------

def public_sites(sites: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The sites with the public columns of :data:`SITE_FIELDS`, sorted by id, in EPSG:4326."""
    import geopandas as gpd
    import shapely

    frame = sites.to_crs(4326).sort_values("site_id", kind="stable").reset_index(drop=True)
    points = frame.geometry.to_numpy()
    out: dict[str, Any] = {}
    for key, _zh, _shp in SITE_FIELDS:
        if key == "category_zh":
            out[key] = [CATEGORIES[c].label_zh if c in CATEGORIES else "" for c in frame["category"]]
        elif key == "category_en":
            out[key] = [CATEGORIES[c].label_en if c in CATEGORIES else "" for c in frame["category"]]
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
                     when: datetime.datetime, cgcs2000: bool = False,
                     shapefile: bool = False) -> list[str]:
    """The year's site files in ``folder``; returns their names."""
    public = public_sites(sites)
    stem = f"sites-{year}"
    table = pd.DataFrame(public.drop(columns="geometry"))
    write_csv(table, folder / f"{stem}.csv")
    _write_geojson(public, folder / f"{stem}.geojson")
    _write_gpkg(public, folder / f"{stem}.gpkg", when=when)
    write_xlsx(_sheets_by_category(table), folder / f"{stem}.xlsx", fixed_time=when.replace(tzinfo=None))
    names = [f"{stem}.csv", f"{stem}.geojson", f"{stem}.gpkg", f"{stem}.xlsx"]
    if cgcs2000:
        _write_gpkg(public.to_crs(CGCS2000), folder / f"{stem}-cgcs2000.gpkg", when=when)
        names.append(f"{stem}-cgcs2000.gpkg")
    if shapefile:
        names += _write_shapefile(public, folder / f"{stem}-shp", stem, when=when)
    return names


def _sheets_by_category(table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    headers = {key: zh for key, zh, _ in SITE_FIELDS}
    sheets = {"全部 All": table.rename(columns=headers)}
    for key, category in CATEGORIES.items():
        rows = table[table["category"] == key]
        if len(rows):
            sheets[category.label_zh] = rows.rename(columns=headers)
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
    import pyogrio


    # GDAL stamps gpkg_contents.last_change with the time of writing unless told otherwise.
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _gdal_date(when)})
    try:
        with atomic_path(path) as tmp:
            frame.to_file(tmp, layer="sites", driver="GPKG", engine="pyogrio")
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})


def _write_shapefile(public: gpd.GeoDataFrame, folder: Path, stem: str, *,
                     when: datetime.datetime) -> list[str]:
    """A GBK Shapefile in its own folder; characters GBK lacks become '?' (and are counted)."""
    import warnings

    folder.mkdir()
    renamed = public.rename(columns={key: shp for key, _zh, shp in SITE_FIELDS})
    lost = 0
    for column in renamed.columns:
        # Text columns are pandas' str dtype (pandas 3) or object: both are recoded here, so
        # GDAL never meets a character GBK lacks (it would cut the text there and warn).
        if column != "geometry" and (pd.api.types.is_string_dtype(renamed[column])
                                     or renamed[column].dtype == object):
            recoded = [_to_gbk(value) for value in renamed[column]]
            lost += sum(n for _, n in recoded)
            renamed[column] = pd.Series([text for text, _ in recoded], index=renamed.index,
                                        dtype=object)
    if lost:
        logger.warning("%d characters have no GBK code and are '?' in the Shapefile "
                       "(the GeoPackage keeps them) / %d 个字符无 GBK 编码", lost, lost)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RuntimeWarning)
        renamed.to_file(folder / f"{stem}.shp", driver="ESRI Shapefile", engine="pyogrio",
                        encoding=SHAPEFILE_ENCODING,
                        layer_options={"DBF_DATE_LAST_UPDATE": when.strftime("%Y-%m-%d")})
    for warning in caught:  # GDAL's own recoding still lost something: say it plainly, once
        if "converted correctly" in str(warning.message):
            logger.warning("some characters could not be written in GBK and are cut in the "
                           "Shapefile (the GeoPackage keeps them) / 部分字符无法以 GBK 写出")
        else:
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    return sorted(f"{folder.name}/{p.name}" for p in folder.iterdir())


def _to_gbk(value: object) -> tuple[object, int]:
    """``value`` with each character GBK lacks as '?', and how many there were (non-text as is)."""
    if not isinstance(value, str):
        return value, 0
    encoded = value.encode(SHAPEFILE_ENCODING, errors="replace")
    return encoded.decode(SHAPEFILE_ENCODING), encoded.count(b"?") - value.count("?")


# -- coverage ----------------------------------------------------------------------------------

def coverage_table(city: CityBundle, units: gpd.GeoDataFrame | None,
                   unit_field: str | None) -> pd.DataFrame:
    """Residents within 5/10/15 minutes of each category, per unit and for the city, both paces."""
    model = city.model
    frames = []
    for pace in EXPORT_PACES:
        speed_kmh = resolve_speed_kmh(pace)
        city_rows = model.summary(minutes=settings.WALK_MINUTES, speed_kmh=speed_kmh)
        city_rows = city_rows.assign(unit=CITY_UNIT)
        parts = [city_rows]
        if units is not None and model.demand is not None:
            parts.append(model.summary_by_unit_minutes(units, unit_field, minutes=settings.WALK_MINUTES,
                                                       speed_kmh=speed_kmh))
        frame = pd.concat(parts, ignore_index=True).assign(pace=pace)
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    table["label_zh"] = [CATEGORIES[c].label_zh if c in CATEGORIES else "全部学习场所"
                         for c in table["category"]]
    table["label_en"] = [CATEGORIES[c].label_en if c in CATEGORIES else "All learning sites"
                         for c in table["category"]]
    columns = ["unit", "category", "label_zh", "label_en", "pace", "speed_kmh", "minutes", "sites",
               "population", "population_covered", "population_share", "elderly", "elderly_covered",
               "elderly_share"]
    table = table[[c for c in columns if c in table]]
    return table.round({"population_share": 4, "elderly_share": 4, "population": 1,
                        "population_covered": 1, "elderly": 1, "elderly_covered": 1})


def with_previous(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """``now`` with last year's shares beside it and the change in percentage points."""
    keys = ["unit", "category", "pace", "minutes"]
    share_columns = [c for c in ("population_share", "elderly_share", "sites") if c in before]
    prev = before[keys + share_columns].rename(columns={c: f"{c}_previous" for c in share_columns})
    out = now.merge(prev, on=keys, how="left")
    for column in ("population_share", "elderly_share"):
        if column in out and f"{column}_previous" in out:
            out[f"{column}_change_pp"] = ((out[column] - out[f"{column}_previous"]) * 100).round(2)
    return out


def _scorecard(city: CityBundle, units: gpd.GeoDataFrame, unit_field: str | None,
               standard: str) -> pd.DataFrame:

    return scorecard(city.model, load_standard(standard), units, unit_field).checks


# -- changes -----------------------------------------------------------------------------------

def site_changes(history: pd.DataFrame, sites: gpd.GeoDataFrame,
                 previous: gpd.GeoDataFrame | None, year: int) -> pd.DataFrame:
    """
    The registry's changes in ``year``, named and categorised.

    One row per opened, closed or reopened site and per changed field (with its old
    and new value), in that order.
    """
    columns = ["action", "action_zh", "site_id", "name", "category", "field", "old_value",
               "new_value"]
    rows = history[history["year"] == year] if len(history) else history
    names = {}
    for frame in (previous, sites):
        if frame is not None:
            names.update(zip(frame["site_id"], zip(frame["name"], frame["category"], strict=True),
                             strict=True))
    out = []
    for row in rows.itertuples(index=False):
        name, category = names.get(row.site_id, ("", ""))
        out.append({
            "action": row.action, "action_zh": CHANGE_ACTIONS_ZH.get(row.action, row.action),
            "site_id": row.site_id, "name": name, "category": category,
            "field": "" if row.action != "changed" else (row.field or ""),
            "old_value": "" if row.action != "changed" else _text(row.old_value),
            "new_value": "" if row.action != "changed" else _text(row.new_value),
        })
    frame = pd.DataFrame(out, columns=columns)
    order = {a: i for i, a in enumerate(("added", "reopened", "closed", "changed"))}
    frame["_order"] = frame["action"].map(order).fillna(len(order))
    return (frame.sort_values(["_order", "site_id", "field"], kind="stable")
            .drop(columns="_order").drop_duplicates().reset_index(drop=True))


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


# -- the map and the manifest --------------------------------------------------------------------

def _write_map(city: CityBundle, path: Path, title: str, bundle_dir: str | Path, *,
               changes: pd.DataFrame | None = None, previous_year: int | None = None) -> str:
    import geopandas as gpd


    # The 15-minute areas at both paces the learning circle is planned for.
    areas = gpd.GeoDataFrame(pd.concat([
        city.model.isochrones(minutes=[max(settings.WALK_MINUTES)], speed_kmh=resolve_speed_kmh(pace))
        .assign(pace=pace) for pace in EXPORT_PACES], ignore_index=True), crs="EPSG:4326")
    rows = changes.to_dict("records") if changes is not None else []
    write_map(map_document(city.network, city.sites, areas, title=title,
                           basemap=inline_basemap(bundle_dir), changes=rows,
                           changes_since=previous_year), path)
    return path.name


def registry_state(sites: gpd.GeoDataFrame) -> dict[str, Any]:
    """Counts per category and a SHA-256 of the public site table (same sites, same hash)."""
    public = public_sites(sites)
    text = pd.DataFrame(public.drop(columns="geometry")).to_csv(index=False, lineterminator="\n")
    counts = public["category"].value_counts()
    return {
        "sites": len(public),
        "per_category": {k: int(counts[k]) for k in sorted(counts.index)},
        "per_subtype": {k: int(v) for k, v in sorted(public["subtype"].replace("", pd.NA).dropna()
                                                      .value_counts().items()) if k in SUBTYPES},
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }


def _manifest(city: CityBundle, year: int, title: str, previous: CityBundle | None,
              folder: Path, names: list[str]) -> dict[str, Any]:

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
