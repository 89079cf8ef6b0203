"""
Load a city's site registry (CSV, XLSX, GeoJSON, GeoPackage, Shapefile).

Every row either loads or is rejected with its line number and a reason;
nothing is dropped silently. Rejected rows keep their original values so the
user can fix them and load the file again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from learning_map.base.problems import FileProblemError, ngettext, say
from learning_map.base.safety import strip_formula_guard
from learning_map.base.schema import DISTRICT_COLUMN_ALIASES, SITE_COLUMNS
from learning_map.city.coords import (
    AUTO,
    check_coordinate_system,
    to_wgs84,
)
from learning_map.city.coords_auto import detect_coordinate_system
from learning_map.city.placement import (
    FILE,
    Placements,
    Placer,
    flag_points,
    not_placed_reason,
    place_rows,
    placement_text,
)
from learning_map.city.registry_checks import check_capacity, validate_rows
from learning_map.errors import N_, InputFileError
from learning_map.io import bounds
from learning_map.io.csv_rows import REPORT_COLUMNS, read_csv_rows
from learning_map.io.layers import read_layer

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy.typing as npt

logger = logging.getLogger(__name__)

TABLE_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
VECTOR_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".zip")

# Accepted column headings (compared case-insensitively, spaces/underscores ignored).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "site_id": ("site_id", "id", "siteid", "编号", "编码", "站点编号", "代码", "編號"),
    "name": ("name", "site_name", "名称", "站点名称", "机构名称", "名稱", "学习点名称"),
    "name_zh": ("name_zh", "中文名称", "中文名"),
    "name_en": ("name_en", "english_name", "英文名称", "英文名"),
    "category": ("category", "type", "类别", "类型", "分类", "類別", "類型"),
    "address": ("address", "addr", "地址", "详细地址", "地點"),
    "phone": ("phone", "tel", "telephone", "电话", "联系电话", "電話"),
    "opening_hours": ("opening_hours", "hours", "开放时间", "開放時間", "服务时间"),
    "website": ("website", "url", "web", "网址", "網址", "网站"),
    "description": ("description", "courses", "services", "简介", "课程", "服务内容", "說明"),
    "lon": ("lon", "lng", "long", "longitude", "x", "经度", "經度"),
    "lat": ("lat", "latitude", "y", "纬度", "緯度"),
}
_ALIAS_TO_COLUMN = {
    alias.casefold().replace(" ", "").replace("_", ""): column
    for column, aliases in COLUMN_ALIASES.items()
    for alias in aliases
}


@dataclass
class RegistryLoad:
    """Result of loading a registry: good sites, rejected rows, and where rows came from."""

    sites: gpd.GeoDataFrame
    rejected: pd.DataFrame
    source: str
    coordinate_decision: Any = None  # learning_map.city.coords_auto.CoordinateDecision for "auto"
    # How every row with a place was placed, and the rows no method placed, with suggestions:
    # columns line, name, address, district, method ("" unplaced), confidence, matched, flag,
    # suggestions (a list of learning_map.city.placement.Candidate). None for a GIS layer.
    placement: pd.DataFrame | None = None

    @property
    def unplaced(self) -> pd.DataFrame:
        """The rows no method placed (to place by hand), with their suggestions."""
        if self.placement is None:
            return pd.DataFrame(columns=["line", "name", "address", "district", "suggestions"])
        return self.placement[self.placement["method"] == ""]

    @property
    def is_empty(self) -> bool:
        """True when no site loaded (a header-only file, or every row rejected)."""
        return len(self.sites) == 0

    @property
    def summary(self) -> str:
        """One sentence in the command line's language: how many rows loaded and how many were rejected."""
        return self.summary_text()

    def summary_text(self, locale: str | None = None) -> str:
        """How many rows loaded and how many were rejected, in ``locale`` (None: the command line's)."""
        rejected = len(self.rejected)
        if self.is_empty and not rejected:
            return say(N_("{source}: no sites loaded, the file has no data rows"), locale, source=self.source)
        if self.is_empty:
            return ngettext("{source}: no sites loaded, its {n} row rejected",
                            "{source}: no sites loaded, all {n} rows rejected", rejected, locale=locale,
                            source=self.source)
        return ngettext("{source}: loaded {n} site, rejected {rejected} rows",
                        "{source}: loaded {n} sites, rejected {rejected} rows", len(self.sites), locale=locale,
                        source=self.source, rejected=rejected)


def _canonical_columns(columns: pd.Index) -> dict[str, str]:
    """Map original column names to canonical ones where a heading is recognised."""
    mapping: dict[str, str] = {}
    for column in columns:
        key = str(column).strip().casefold().replace(" ", "").replace("_", "")
        canonical = _ALIAS_TO_COLUMN.get(key)
        if canonical and canonical not in mapping.values():
            mapping[column] = canonical
    return mapping


def _read_table(path: Path, limits: dict[str, int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    suffix = path.suffix.lower()
    bounds.check_file(path, **limits)
    row_limits = {k: v for k, v in limits.items() if k in ("max_rows", "max_cells")}
    if suffix in (".csv", ".txt"):
        return read_csv_rows(path, **row_limits)  # checks the rows bounds as it reads
    try:
        table = pd.read_excel(path, dtype=object)
    except Exception as exc:
        raise InputFileError(N_("Cannot read {file} as an Excel workbook: {detail}"), file=path.name,
                             detail=str(exc)) from exc
    table = table.dropna(how="all")
    table = table.drop(columns=[c for c in REPORT_COLUMNS if c in table])
    bounds.check_rows(path.name, len(table), table.shape[1], **row_limits)
    table.insert(0, "line", table.index.to_numpy() + 2)  # Excel row: header is row 1
    return table, pd.DataFrame(columns=["line", "reason", "raw"])


def _read_vector(path: Path) -> gpd.GeoDataFrame:
    bounds.check_file(path)
    frame = read_layer(path, what=N_("registry"))
    bounds.check_rows(path.name, len(frame), frame.shape[1])
    frame = frame.drop(columns=[c for c in REPORT_COLUMNS if c in frame])
    frame.insert(0, "line", np.arange(1, len(frame) + 1))  # feature number
    return frame


def clean_text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    r"""
    Undo what our writers and spreadsheets add to text cells, column by column.

    Ordinary spaces around text are removed (tabs are kept: a defused ``'\t=cmd``
    must not become ``=cmd``), then exactly one ``'`` in front of a formula
    character (:func:`~learning_map.base.safety.strip_formula_guard`). Numbers and
    missing values are left as they are.
    """
    frame = frame.copy()
    for column in frame.columns:
        values = frame[column]
        if not (pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)):
            continue
        values = values.astype(object)
        try:
            stripped = values.str.strip(" ")
        except AttributeError:  # no text cells in this column
            continue
        is_text = stripped.notna().to_numpy(dtype=bool)
        values = values.where(~is_text, stripped)
        guarded = (is_text & stripped.str.startswith("'").fillna(False).to_numpy(dtype=bool))
        if guarded.any():
            values.iloc[guarded] = values.iloc[guarded].map(strip_formula_guard)
        frame[column] = values
    return frame


def read_registry_rows(
    path: Path, *, limits: dict[str, int] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, gpd.GeoSeries | None]:
    """
    A registry file's rows as written: original headings, text cleaned, and ``line``.

    Parameters
    ----------
    path
        CSV, XLSX, GeoJSON, GeoPackage or Shapefile.
    limits
        For a table, other bounds than a registry's (keywords of
        :func:`learning_map.io.bounds.check_file`): an office's address file is larger.

    Returns
    -------
    rows
        One row per record, without geometry; text cells as :func:`clean_text_cells` leaves
        them; ``line`` is the file's line (CSV), row (Excel) or feature number (GIS layer).
    malformed
        The CSV records that could not be parsed (``line``, ``reason``, ``raw``).
    geometry
        A GIS layer's geometry in the file's coordinate system; None for a table.
    """
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        original, malformed = _read_table(path, limits or {})
        geometry = None
    elif suffix in VECTOR_SUFFIXES:
        original = _read_vector(path)
        malformed = pd.DataFrame(columns=["line", "reason", "raw"])
        geometry = original.geometry
        original = pd.DataFrame(original.drop(columns=original.geometry.name))
    else:
        raise InputFileError(N_("{file}: unsupported registry format; use CSV, XLSX, GeoJSON, GeoPackage or "
                                "Shapefile"), file=path.name)
    return clean_text_cells(original), malformed, geometry


def _read_rows(path: Path) -> tuple[pd.DataFrame, pd.DataFrame, gpd.GeoSeries | None]:
    """Rows as text (with ``line``), malformed rows, and the geometry of a GIS layer in WGS84."""
    original, malformed, geometry = read_registry_rows(path)
    return original, malformed, None if geometry is None else geometry.to_crs("EPSG:4326")


def _checked_columns(
    path: Path, original: pd.DataFrame, *, has_geometry: bool, placing: bool = False
) -> dict[str, str]:
    """Original heading -> canonical column; the required ones must be there."""
    mapping = _canonical_columns(original.columns.drop("line"))
    for required in ("name", "category"):
        if required not in mapping.values():
            wanted = "/".join(COLUMN_ALIASES[required][:3] + COLUMN_ALIASES[required][3:5])
            raise InputFileError(N_("{file} has no {column} column (expected one of {headings})"), file=path.name,
                                 column=required, headings=wanted)
    located = {"lon", "lat"} <= set(mapping.values()) or placing
    if not has_geometry and not located:
        raise InputFileError(N_("{file} needs longitude and latitude columns ({headings})"), file=path.name,
                             headings="lon/lat, 经度/纬度")
    return mapping


def _check_arguments(path: Path, coordinate_system: str, network: Any) -> None:
    """The coordinate system is known, the file is there, and ``auto`` has a network."""
    check_coordinate_system(coordinate_system, auto=True)
    if not path.is_file():
        raise InputFileError(N_("Registry file not found: {path}"), path=str(path))
    if coordinate_system == AUTO and network is None:
        raise InputFileError(N_("--coords auto needs the city's walk network: build the city first "
                                "(learning-map build)"))


def _district_column(original: pd.DataFrame) -> str | None:
    """The file's district column (:data:`~learning_map.base.schema.DISTRICT_COLUMN_ALIASES`), if any."""
    keys = {a.casefold().replace(" ", "").replace("_", "") for a in DISTRICT_COLUMN_ALIASES}
    return next((c for c in original.columns if str(c).strip().casefold().replace(" ", "").replace("_", "") in keys),
                None)


def _canonical_table(
    original: pd.DataFrame, mapping: dict[str, str], geometry: gpd.GeoSeries | None, placing: bool
) -> tuple[pd.DataFrame, pd.Series | None]:
    """
    The rows under canonical headings (missing columns empty, ``district`` added), and the rows to place.

    Rows to place have no coordinates and a name or an address (a table read with placement
    methods); None when nothing is placed.
    """
    table = original.rename(columns=mapping)
    for column in (*SITE_COLUMNS, "lon", "lat"):
        if column not in table and (column in SITE_COLUMNS or geometry is None):
            table[column] = ""
    district = _district_column(original)
    table["district"] = original[district].astype("string").fillna("").str.strip() if district else ""
    to_place = None
    if geometry is not None:
        table = gpd.GeoDataFrame(table, geometry=geometry.to_numpy(), crs="EPSG:4326")
    elif placing:
        blank = [table[a].astype("string").str.strip().fillna("") == "" for a in ("lon", "lat")]
        said = [table[a].astype("string").str.strip().fillna("") != "" for a in ("address", "name")]
        to_place = blank[0] & blank[1] & (said[0] | said[1])
    return table, to_place


def _place(
    table: pd.DataFrame, reasons: pd.Series, to_place: pd.Series | None, placers: Sequence[Placer],
    districts: Any, area: Any,
) -> tuple[pd.Series, Placements | None]:
    """Place the valid rows to place by the chain; how each was placed ('' for none) and the placements."""
    method = pd.Series("", index=table.index, dtype=object)
    if to_place is None or not (to_place & (reasons == "")).any():
        return method, None
    rows = to_place & (reasons == "")
    placements = place_rows(table.loc[rows], placers, districts=districts, area=area)
    found = placements.frame
    table.loc[rows, "lon"], table.loc[rows, "lat"] = found["lon"].to_numpy(), found["lat"].to_numpy()
    method.loc[rows] = found["method"].to_numpy()
    for index in found.index[found["method"] == ""]:
        reasons.at[index] = not_placed_reason(placements.problems.get(index, ()))
    logger.info("Placed %d of %d rows without coordinates", int((method != "").sum()), int(rows.sum()))
    return method, placements


def _site_points(table: pd.DataFrame, ok: npt.NDArray[np.bool_], *, has_geometry: bool
                 ) -> npt.NDArray[np.object_]:
    """One point per good row: its coordinates, or a point on its geometry."""
    if not has_geometry:
        return shapely.points(table["lon"].to_numpy(float)[ok], table["lat"].to_numpy(float)[ok])
    return shapely.point_on_surface(table.geometry.to_numpy()[ok])


def _in_wgs84(
    path: Path, points: npt.NDArray[np.object_], given: npt.NDArray[np.bool_], names: npt.NDArray,
    coordinate_system: str, network: Any, anchors: gpd.GeoDataFrame | None,
) -> tuple[npt.NDArray[np.object_], Any]:
    """
    The points in WGS84, and the decision when the system was ``auto``.

    Only the ``given`` points are converted (geocoded points are WGS84 already).
    """
    decision = None
    if coordinate_system == AUTO:
        decision = detect_coordinate_system(
            shapely.get_x(points[given]), shapely.get_y(points[given]), network,
            names=names, anchors=anchors,
        )
        if decision.points and not decision.clear:  # never a guess: the user says which
            raise FileProblemError(N_("{file}: {reason}"), file=path.name, reason=decision.problem)
        coordinate_system = decision.system
        logger.info(decision.message)
    if coordinate_system != "wgs84" and given.any():
        lon, lat = to_wgs84(shapely.get_x(points[given]), shapely.get_y(points[given]),
                            system=coordinate_system)
        points = points.copy()
        points[given] = shapely.points(lon, lat)
        logger.info("Converted %d sites from %s to WGS84", int(given.sum()), coordinate_system)
    return points, decision


def _good_sites(
    original: pd.DataFrame, mapping: dict[str, str], table: pd.DataFrame, ok: npt.NDArray[np.bool_],
    points: npt.NDArray[np.object_], placements: Placements | None, placing: bool,
) -> gpd.GeoDataFrame:
    """The good rows as sites: canonical text, how each was placed, the file's other columns, ``line``, the point."""
    good = table[ok]
    text = good[list(SITE_COLUMNS)].astype("string").fillna("").astype(object)
    text["source"] = "registry"
    text["placement"] = FILE
    if placements is not None:
        found = placements.frame.reindex(good.index)
        placed = (found["method"].fillna("") != "").to_numpy()
        text.loc[placed, "placement"] = [placement_text(m, c, t) for m, c, t in zip(
            found["method"][placed], found["confidence"][placed], found["matched"][placed], strict=True)]
    if placing:
        methods = placements.frame["method"].reindex(good.index).fillna("") if placements is not None else None
        text["geocoded"] = methods.to_numpy() if methods is not None else ""
    # The file's other columns; a column named like a site field (``osm_id``, ``source``: what
    # `registry show --csv` writes) is that field already, and the importer's ``source`` wins.
    extra = [c for c in original.columns if c not in mapping and c != "line" and c not in text.columns
             and c != "placement"]  # how a site was placed is the chain's to say, not the file's
    return gpd.GeoDataFrame(
        pd.concat([text, original.loc[good.index, extra]], axis=1).assign(
            line=good["line"].to_numpy()
        ),
        geometry=points,
        crs="EPSG:4326",
    ).reset_index(drop=True)


def _rejected_rows(original: pd.DataFrame, malformed: pd.DataFrame, reasons: pd.Series,
                   ok: npt.NDArray[np.bool_]) -> pd.DataFrame:
    """Malformed and rejected rows with ``line`` and ``reason``, in file order."""
    rejected_rows = original.loc[~ok].copy()
    rejected_rows.insert(1, "reason", reasons[~ok].to_numpy())
    rejected = pd.concat([malformed, rejected_rows], ignore_index=True)
    return rejected.sort_values("line", kind="stable").reset_index(drop=True)


def read_registry(
    path: str | Path, *, coordinate_system: str = "wgs84", geocoder: Any = None,
    network: Any = None, anchors: gpd.GeoDataFrame | None = None, placers: Sequence[Placer] = (),
    districts: Any = None, area: Any = None,
) -> RegistryLoad:
    """
    Load a registry of learning sites.

    Parameters
    ----------
    path
        CSV (UTF-8 with or without BOM, GB18030, or UTF-16 LE/BE with or
        without BOM; comma-separated with ``"`` quotes, or semicolon/tab when
        the header has no comma), XLSX, GeoJSON, GeoPackage or Shapefile. A
        ``'`` our writers put in front of formula text is removed. Headings may be English or Chinese (名称, 类别, 地址, 经度,
        纬度, 区, ...); without placement methods, tables need longitude/latitude columns.
    coordinate_system
        ``wgs84`` (GPS, OpenStreetMap), ``gcj02`` (Amap/Gaode, Tencent) or
        ``bd09`` (Baidu): the system the coordinates were copied from. They are
        converted to WGS84 so sites sit on the right street. ``auto`` decides from
        the data (:func:`learning_map.city.coords_auto.detect_coordinate_system`, needs ``network``).
    geocoder
        A :class:`learning_map.city.geocode.Geocoder`, the chain's ``osm-address`` step (kept
        for callers that give only it; the same as putting it in ``placers``).
    network, anchors
        For ``auto``: the city's walk network and its known sites (same-name anchors).
    placers
        The placement chain (:mod:`learning_map.city.placement`), in order: rows with a name
        or an address and no coordinates are placed by the first method that finds them
        (column ``geocoded`` says which, ``placement`` how sure) or rejected, with their
        suggestions in :attr:`RegistryLoad.placement`.
    districts, area
        The office's district polygons (:class:`learning_map.city.districts.Districts`) and
        the city's area (WGS84): no row is placed outside either without a flag.

    Returns
    -------
    load
        Good sites (EPSG:4326, :data:`~learning_map.city.sites.SITE_COLUMNS`) and the
        rejected rows with ``line`` and ``reason``.
    """
    path = Path(path)
    placers = (*placers, geocoder) if geocoder is not None else tuple(placers)
    placing = bool(placers)
    _check_arguments(path, coordinate_system, network)
    original, malformed, geometry = _read_rows(path)
    mapping = _checked_columns(path, original, has_geometry=geometry is not None, placing=placing)
    table, to_place = _canonical_table(original, mapping, geometry, placing)
    table, reasons = validate_rows(table, to_place)
    check_capacity(table, reasons)
    method, placements = _place(table, reasons, to_place, placers, districts, area)
    ok = (reasons == "").to_numpy()
    points = _site_points(table, ok, has_geometry=geometry is not None)
    given = (method[ok] == "").to_numpy()  # placed points are WGS84 already
    points, decision = _in_wgs84(path, points, given, table["name"].to_numpy(object)[ok][given],
                                 coordinate_system, network, anchors)
    sites = _good_sites(original, mapping, table, ok, points, placements, placing)
    load = RegistryLoad(sites=sites, rejected=_rejected_rows(original, malformed, reasons, ok),
                        source=path.name, coordinate_decision=decision,
                        placement=_placement_report(table, ok, points, given, placements, districts, area))
    logger.info(load.summary)
    return load


def _placement_report(
    table: pd.DataFrame, ok: npt.NDArray[np.bool_], points: npt.NDArray[np.object_], given: npt.NDArray[np.bool_],
    placements: Placements | None, districts: Any, area: Any,
) -> pd.DataFrame:
    """Every good row and every row the chain could not place: how, how sure, flags, suggestions."""
    columns = ["line", "name", "address", "district"]
    good = table[ok]
    report = good[columns].copy()
    report["method"] = FILE
    report["confidence"] = 1.0
    report["matched"] = ""
    report["flag"] = ""
    report["suggestions"] = [[] for _ in range(len(report))]
    given_index = good.index[given]
    if len(given_index):
        report.loc[given_index, "flag"] = flag_points(shapely.get_x(points[given]), shapely.get_y(points[given]),
                                                      good.loc[given_index, "district"], districts, area)
    if placements is not None:
        found = placements.frame
        tried = table.loc[found.index, columns].copy()
        for column in ("method", "confidence", "matched", "flag"):
            tried[column] = found[column]
        tried["suggestions"] = [placements.suggestions.get(i, []) for i in found.index]
        # Rows the chain tried: placed ones are good rows; unplaced ones were rejected for it.
        report = pd.concat([report.drop(index=found.index, errors="ignore"), tried])
    report["line"] = report["line"].astype(int)
    return report.sort_values("line", kind="stable").reset_index(drop=True)
