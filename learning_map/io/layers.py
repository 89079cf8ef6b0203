"""
The one door of GIS files into GDAL: each file is checked before GDAL sees it.

GDAL chooses a driver by a file's content, whatever its name, and some drivers follow
what a file names: an OGR VRT (``<OGRVRTDataSource>``) inside a ``.json`` reads
``/etc/passwd`` or runs SQL on another database, ``/vsicurl/`` and a GeoJSON ``crs`` link
make the server send requests. So a GIS file is opened only when it is one of the
formats we take, checked here in Python first: GeoJSON (parsed: an object of a GeoJSON
type, any ``crs`` a plain EPSG/OGC name), GeoPackage (its SQLite schema: feature tables
are real tables, no views, no virtual tables but the spatial index, no columns computed on
read), ESRI Shapefile (the ``.shp``/``.shx`` signature; a ``.zip`` is unpacked here, never
through ``/vsizip/``) and GeoTIFF rasters (the TIFF signature). GDAL's own options
(:mod:`learning_map.base.gdal_env`) are the second lock. Any failure is one
:class:`InputFileError` that names the file, never the folder it sits in.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learning_map.base.problems import FileProblemError, Problem
from learning_map.errors import N_, InputFileError, Term, hide_paths

if TYPE_CHECKING:
    from collections.abc import Iterator

    import geopandas as gpd

GEOJSON_SUFFIXES = (".geojson", ".json")
GEOPACKAGE_SUFFIXES = (".gpkg",)
SHAPEFILE_SUFFIXES = (".shp", ".zip")
VECTOR_SUFFIXES = (*GEOJSON_SUFFIXES, *GEOPACKAGE_SUFFIXES, *SHAPEFILE_SUFFIXES)
RASTER_SUFFIXES = (".tif", ".tiff")
VECTOR_FORMATS = "GeoJSON, GeoPackage or ESRI Shapefile (.shp or zipped)"

# Markers of GDAL datasets that point at other files or URLs; no GIS file of ours holds them.
_POINTER_MARKERS = re.compile(
    rb"<\s*(?:OGRVRTDataSource|VRTDataset|GDAL_WMS|GDAL_WMTS|WCS_GDAL|GDALTileIndexDataset|MRF_META)"
    rb"|/vsi[a-z0-9_]+/", re.IGNORECASE)
_MARKER_SCAN_BYTES = 1 << 20  # GDAL identifies a format from the first kilobytes
GEOJSON_TYPES = frozenset({
    "FeatureCollection", "Feature", "Point", "MultiPoint", "LineString", "MultiLineString",
    "Polygon", "MultiPolygon", "GeometryCollection",
})
# A GeoJSON "crs" GDAL resolves without files or network: an EPSG code or an OGC URN.
_SAFE_CRS_NAME = re.compile(r"(?:urn:ogc:def:crs:[A-Za-z0-9.]+:[A-Za-z0-9.]*:[A-Za-z0-9.]+|EPSG:[0-9]{1,6})")
# JSON-FG names a CRS by its OGC URI, which GDAL reads without fetching it.
_OPENGIS_CRS = re.compile(r"https?://www\.opengis\.net/def/crs/[A-Za-z0-9]+/[0-9.]+/[A-Za-z0-9]+")
_TIFF_SIGNATURES = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
_SHAPE_SIGNATURE = b"\x00\x00\x27\x0a"  # big-endian file code 9994 of .shp and .shx
_SQLITE_SIGNATURE = b"SQLite format 3\x00"
_VIRTUAL = re.compile(r"\s*CREATE\s+VIRTUAL\s+TABLE", re.IGNORECASE)
_RTREE = re.compile(r"\bUSING\s+rtree\s*\(", re.IGNORECASE)  # GeoPackage's own spatial index
# Parts of a zipped Shapefile we unpack; anything else in the archive is left out.
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
MAX_ZIP_MEMBERS = 64
MAX_UNZIPPED_BYTES = 2 << 30  # 2 GiB: far above any city's boundaries or zones


def _refuse(path: Path, what: str, reason: str, **values: object) -> InputFileError:
    """The refusal of ``path``: ``reason`` (marked ``N_``, with its values) said after the file and its use."""
    return FileProblemError(N_("Cannot read {file} ({what}): {reason}"), file=path.name, what=Term(what),
                            reason=Problem(reason, **values))


def _check_markers(path: Path, what: str, shown: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(_MARKER_SCAN_BYTES)
    if _POINTER_MARKERS.search(head):
        raise _refuse(shown, what, N_("refers to other files or network addresses (VRT or /vsi paths), "
                                      "which are not read"))


def _small_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """
    ``object_pairs_hook`` keeping only what the ``crs`` check needs, so memory stays low.

    Every ``crs``/``coordRefSys`` member is checked where it appears (duplicated keys
    too: GDAL takes the last). An object comes back whole only when it is small and flat
    (a CRS and its properties); others keep just their ``type``.
    """
    for key, value in pairs:
        # GDAL reads a "crs" object (a "link" or "url" one by HTTP); a "crs" text is just a
        # property. JSON-FG's "coordRefSys" may be text or an object with a link.
        checked = (key == "crs" and isinstance(value, dict)) or (key == "coordRefSys" and value is not None)
        if checked and not _safe_crs(value):
            raise _UnsafeCrsError
    if len(pairs) <= 3 and all(isinstance(v, (str, dict)) or v is None for _, v in pairs):
        return dict(pairs)
    kind = next((v for k, v in reversed(pairs) if k == "type" and isinstance(v, str)), None)
    return {"type": kind}


class _UnsafeCrsError(ValueError):
    pass


def _safe_crs(value: Any) -> bool:
    if isinstance(value, str):
        return bool(_SAFE_CRS_NAME.fullmatch(value) or _OPENGIS_CRS.fullmatch(value))
    if not isinstance(value, dict) or value.get("type") != "name" or set(value) != {"type", "properties"}:
        return False
    properties = value["properties"]
    return (isinstance(properties, dict) and set(properties) == {"name"}
            and isinstance(properties["name"], str) and bool(_SAFE_CRS_NAME.fullmatch(properties["name"])))


def _check_geojson(path: Path, what: str) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    try:
        root = json.loads(text, object_pairs_hook=_small_object, parse_float=lambda _: 0.0,
                          parse_int=lambda _: 0)
    except _UnsafeCrsError:
        raise _refuse(path, what, N_('has a "crs" that is not an EPSG code or OGC name (links are not '
                                     "followed)")) from None
    except (ValueError, RecursionError):
        raise _refuse(path, what, N_("is not valid GeoJSON (JSON text)")) from None
    if not isinstance(root, dict) or root.get("type") not in GEOJSON_TYPES:
        raise _refuse(path, what, N_("is not GeoJSON: its top level must be a FeatureCollection, "
                                     "Feature or geometry"))


def _geopackage_schema(path: Path, not_gpkg: InputFileError) -> tuple[list, set[str], list[str], list[str]]:
    """
    The file's schema rows, tables, listed layers and tables with computed columns.

    Read-only and immutable: this look never writes, journals or runs schema code.
    """
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        raise not_gpkg from None
    try:
        connection.execute("PRAGMA trusted_schema = OFF")
        schema = connection.execute("SELECT type, name, coalesce(sql, '') FROM sqlite_master").fetchall()
        tables = {name for kind, name, _ in schema if kind == "table"}
        if "gpkg_contents" not in tables:
            raise not_gpkg
        layers = [row[0] for row in connection.execute(
            "SELECT table_name FROM gpkg_contents WHERE data_type IN ('features', 'attributes')")]
        # GDAL may list tables missing from gpkg_contents too: every table is looked at.
        plain = [name for kind, name, sql in schema if kind == "table" and not _VIRTUAL.match(sql)]
        computed = [name for name in plain if any(  # hidden == 2: a column computed on each read
            column[-1] == 2 for column in connection.execute(
                'SELECT * FROM pragma_table_xinfo(?)', (name,)))]
    except sqlite3.Error:
        raise not_gpkg from None
    finally:
        connection.close()
    return schema, tables, layers, computed


def _check_geopackage(path: Path, what: str) -> None:
    with path.open("rb") as handle:
        if handle.read(16) != _SQLITE_SIGNATURE:
            raise _refuse(path, what, N_("is not a GeoPackage (SQLite) file"))
    not_gpkg = _refuse(path, what, N_("is not a readable GeoPackage"))
    schema, tables, layers, computed = _geopackage_schema(path, not_gpkg)
    views = [name for kind, name, _ in schema if kind == "view"]
    virtual = [name for kind, name, sql in schema if kind == "table" and _VIRTUAL.match(sql)
               and not _RTREE.search(sql)]
    missing = [name for name in layers if name not in tables]
    if views or virtual or computed or missing:
        raise _refuse(path, what, N_("holds views, virtual tables or computed columns; only plain "
                                     "feature tables are read"))


def _check_shapefile(path: Path, what: str, shown: Path) -> None:
    for part in (path, path.with_suffix(".shx"), path.with_suffix(".SHX")):
        if part.is_file():
            with part.open("rb") as handle:
                if handle.read(4) != _SHAPE_SIGNATURE:
                    raise _refuse(shown, what, N_("is not an ESRI Shapefile"))


@contextlib.contextmanager
def _unzipped_shapefile(path: Path, what: str) -> Iterator[Path]:
    """The one Shapefile of a zip, unpacked (its parts only, by base name) into a temp folder."""
    bad = _refuse(path, what, N_("must be a zip holding one Shapefile (.shp with its .shx, .dbf, .prj)"))
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise bad from None
    with archive, tempfile.TemporaryDirectory(prefix="learning-map-shp-") as folder:
        members = [m for m in archive.infolist() if not m.is_dir()
                   and not m.filename.startswith("__MACOSX/") and not Path(m.filename).name.startswith(".")]
        parts = [m for m in members if Path(m.filename).suffix.lower() in SHAPEFILE_PARTS]
        shp = [m for m in parts if Path(m.filename).suffix.lower() == ".shp"]
        if len(shp) != 1 or len(members) > MAX_ZIP_MEMBERS:
            raise bad
        stem = Path(shp[0].filename).stem
        budget = MAX_UNZIPPED_BYTES
        for member in parts:
            if Path(member.filename).stem != stem:
                continue
            target = Path(folder) / ("layer" + Path(member.filename).suffix.lower())
            with archive.open(member) as source, target.open("wb") as sink:
                while chunk := source.read(1 << 20):  # count what comes out, not the header's claim
                    budget -= len(chunk)
                    if budget < 0:
                        raise bad
                    sink.write(chunk)
        yield Path(folder) / "layer.shp"


@contextlib.contextmanager
def checked_gis_file(path: str | Path, *, what: str, raster: bool = False) -> Iterator[Path]:
    """
    A GIS file that GDAL may open: checked by its format's signature and content.

    Parameters
    ----------
    path
        GeoJSON, GeoPackage, Shapefile (``.shp``, or a ``.zip`` holding one) or, with
        ``raster``, a GeoTIFF.
    what
        What the file is for, named in the error (e.g. ``"reporting units"``).
    raster
        Take GeoTIFF rasters instead of vector layers.

    Yields
    ------
    path
        The absolute path to give GDAL (a zip's Shapefile unpacked in a temporary folder,
        removed afterwards).

    Raises
    ------
    InputFileError
        When the file is missing, of another format, or refers to other files or URLs.
    """
    path = Path(path)
    if not path.is_file():
        raise InputFileError(N_("file not found ({what}): {path}"), what=Term(what), path=str(path))
    suffix = path.suffix.lower()
    accepted = RASTER_SUFFIXES if raster else VECTOR_SUFFIXES
    if suffix not in accepted:
        if raster:
            raise _refuse(path, what, N_("unsupported format; use GeoTIFF (.tif)"))
        raise _refuse(path, what, N_("unsupported format; use GeoJSON, GeoPackage or ESRI Shapefile (.shp or zipped)"))
    resolved = path.resolve()
    if suffix == ".zip":
        with _unzipped_shapefile(resolved, what) as shp:
            _check_markers(shp, what, path)
            _check_shapefile(shp, what, path)
            yield shp
        return
    _check_markers(resolved, what, path)
    if suffix in RASTER_SUFFIXES:
        with resolved.open("rb") as handle:
            if handle.read(4) not in _TIFF_SIGNATURES:
                raise _refuse(path, what, N_("is not a GeoTIFF"))
    elif suffix in GEOJSON_SUFFIXES:
        _check_geojson(resolved, what)
    elif suffix in GEOPACKAGE_SUFFIXES:
        _check_geopackage(resolved, what)
    else:
        _check_shapefile(resolved, what, path)
    yield resolved


def read_layer(path: str | Path, *, what: str = N_("GIS layer"), **kwargs: Any) -> gpd.GeoDataFrame:
    """
    Read a vector layer (GeoJSON, GeoPackage, Shapefile) checked by :func:`checked_gis_file`.

    Parameters
    ----------
    path
        File to read.
    what
        What the file is for, named in the error (e.g. ``"reporting units"``).
    **kwargs
        Passed to :func:`geopandas.read_file` (``layer``, ``columns``...).

    Returns
    -------
    frame
        With its CRS; a layer without one is taken as WGS84 (EPSG:4326).

    Raises
    ------
    InputFileError
        When the file is missing, unreadable, not a vector layer or has no geometry.
    """
    import geopandas as gpd
    import pyogrio

    path = Path(path)
    with checked_gis_file(path, what=what) as safe:
        try:
            frame = gpd.read_file(safe, **kwargs)
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError, ValueError) as exc:
            reason = hide_paths(str(exc).splitlines()[0]) if str(exc) else type(exc).__name__
            raise InputFileError(N_("Cannot read {file} ({what}): {reason}"), file=path.name, what=Term(what),
                                 reason=reason) from None
    if not isinstance(frame, gpd.GeoDataFrame):
        raise _refuse(path, what, N_("has no geometry (a table without points or areas)"))
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    return frame


@contextlib.contextmanager
def open_raster(path: str | Path, *, what: str = N_("raster")) -> Iterator[Any]:
    """
    A GeoTIFF opened with rasterio after :func:`checked_gis_file` (rasterio opens VRT XML too).

    Yields
    ------
    dataset
        The open ``rasterio`` dataset.
    """
    import rasterio

    path = Path(path)
    with checked_gis_file(path, what=what, raster=True) as safe:
        try:
            dataset = rasterio.open(safe)
        except rasterio.errors.RasterioIOError as exc:
            raise InputFileError(N_("Cannot read {file} as a raster: {detail}"), file=path.name,
                                 detail=hide_paths(str(exc))) from None
        with dataset:
            yield dataset
