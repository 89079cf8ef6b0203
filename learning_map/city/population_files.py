"""Read residents from files: census zones, point counts or a population raster (GeoTIFF)."""

from __future__ import annotations

import contextlib
import logging
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from learning_map.city.population import Demand, building_floor_area, demand_from_zones
from learning_map.errors import N_, InputFileError
from learning_map.io.layers import RASTER_SUFFIXES, open_raster, read_layer

logger = logging.getLogger(__name__)



def _numeric_column(frame: pd.DataFrame, column: str, path: Path) -> npt.NDArray[np.float64]:
    if column not in frame:
        available = tuple(map(str, frame.columns.drop(frame.geometry.name, errors="ignore")))
        raise InputFileError(N_("{file} has no column {column!r} (columns: {columns})"), file=path.name,
                             column=column, columns=available)
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = np.flatnonzero(values.isna().to_numpy() | (values < 0).to_numpy())
    if len(bad):
        raise InputFileError(N_("{file}: column {column!r} must be a non-negative number; bad in feature(s) "
                                "{features}"), file=path.name, column=column,
                             features=tuple(str(i + 1) for i in bad[:10]))
    return values.to_numpy(dtype=float)


def _share_column(frame: pd.DataFrame, column: str, path: Path) -> npt.NDArray[np.float64]:
    share = _numeric_column(frame, column, path)
    if share.max(initial=0) > 1:
        if share.max() > 100:
            raise InputFileError(N_("{file}: elderly share {column!r} must be 0-1 or 0-100 (%)"), file=path.name,
                                 column=column)
        logger.info("Reading %s as a percentage", column)
        share = share / 100.0
    return share


def demand_from_raster(
    path: str | Path, *, crs: str, elderly_share: float | None = None
) -> Demand:
    """
    Turn a population raster (e.g. WorldPop GeoTIFF) into one point per populated cell.

    Parameters
    ----------
    path
        GeoTIFF with residents per cell.
    crs
        Projected CRS of the output.
    elderly_share
        A single elderly share for all cells, or None.

    Returns
    -------
    demand
    """
    from rasterio.transform import xy

    with open_raster(path, what=N_("population")) as src:
        band = src.read(1, masked=True)
        transform, raster_crs = src.transform, src.crs
    values = band.filled(0).astype(float)
    rows, cols = np.nonzero(values > 0)
    cx, cy = xy(transform, rows, cols)
    points = gpd.GeoSeries(
        shapely.points(np.asarray(cx), np.asarray(cy)), crs=raster_crs or "EPSG:4326"
    ).to_crs(crs)
    people = values[rows, cols]
    share = np.nan if elderly_share is None else elderly_share
    return Demand(crs, points.x.to_numpy(), points.y.to_numpy(), people, people * share)


def _constant_share(elderly_share: str | float | None) -> float | None:
    """The elderly share when it is one number for all residents (0-1), else None (a column)."""
    constant_share = None
    if elderly_share is not None:
        with contextlib.suppress(ValueError):
            constant_share = float(elderly_share)
        if constant_share is not None and not 0 <= constant_share <= 1:
            raise InputFileError(N_("elderly share {value} must be between 0 and 1"), value=elderly_share)
    return constant_share


def _point_demand(layer: gpd.GeoDataFrame, population: npt.NDArray[np.float64],
                  share: npt.NDArray[np.float64] | None, crs: str) -> Demand:
    """Residents counted at points: each point as it is."""
    pts = layer.geometry.to_crs(crs)
    pts = shapely.point_on_surface(pts.to_numpy())
    share_values = share if share is not None else np.full(len(layer), np.nan)
    return Demand(
        crs, shapely.get_x(pts), shapely.get_y(pts), population, population * share_values
    )


def read_population(
    path: str | Path,
    *,
    crs: str,
    column: str | None = None,
    elderly_share: str | float | None = None,
    buildings: gpd.GeoDataFrame | None = None,
    landuse: gpd.GeoDataFrame | None = None,
) -> Demand:
    """
    Read residents from zones, a raster or points.

    Parameters
    ----------
    path
        Polygon layer with a population column (spread by building floor area
        where ``buildings`` exist), GeoTIFF raster, or point layer with a count column.
    crs
        Projected CRS of the output.
    column
        Population column of a vector layer.
    elderly_share
        Column with the elderly share (0-1 or %), or one number for all residents.
    buildings
        Building footprints (from :func:`learning_map.io.osm.read_osm` with
        ``buildings=True``), for spreading zone population where people live.
    landuse
        Land-use areas from the same read (``OsmExtract.landuse``): homes are
        looked for in residential land and not in commercial, retail or industrial land.

    Returns
    -------
    demand
    """
    path = Path(path)
    if not path.is_file():
        raise InputFileError(N_("Population file not found: {path}"), path=str(path))
    constant_share = _constant_share(elderly_share)
    if path.suffix.lower() in RASTER_SUFFIXES:
        return demand_from_raster(path, crs=crs, elderly_share=constant_share)
    layer = read_layer(path, what=N_("population"))
    if column is None:
        raise InputFileError(N_("Name the population column: --population {file}:COLUMN"), file=path.name)
    population = _numeric_column(layer, column, path)
    if constant_share is not None:
        share = np.full(len(layer), constant_share)
    elif elderly_share is not None:
        share = _share_column(layer, str(elderly_share), path)
    else:
        share = None
    if layer.geom_type.isin(["Point", "MultiPoint"]).all():
        return _point_demand(layer, population, share, crs)
    floor_area = (
        building_floor_area(buildings, crs=crs, landuse=landuse) if buildings is not None else None
    )
    return demand_from_zones(layer, population, share, buildings=floor_area, crs=crs)


def _clip_raster(path: Path, area: shapely.Geometry, out: Path) -> Path:
    """The raster cropped to ``area`` (cells outside it filled), written to ``out``."""
    import rasterio
    import rasterio.mask

    with open_raster(path, what=N_("population")) as src:
        shape = gpd.GeoSeries([area], crs="EPSG:4326").to_crs(src.crs or "EPSG:4326")
        with warnings.catch_warnings():
            # rasterio 1.4's mask multiplies Affine matrices with `*`, which affine 3
            # flags as pending deprecation; the result is the same.
            warnings.simplefilter("ignore", PendingDeprecationWarning)
            data, transform = rasterio.mask.mask(src, list(shape), crop=True, filled=True)
        profile = src.profile | {"height": data.shape[1], "width": data.shape[2],
                                 "transform": transform}
    with rasterio.open(out, "w", **profile) as dst:
        dst.write(data)
    return out


def _clip_vector(frame: gpd.GeoDataFrame, column: str | None, area: shapely.Geometry) -> gpd.GeoDataFrame:
    """Points inside ``area``; zones cut to it, ``column`` scaled by the share of area inside."""
    local = gpd.GeoSeries([area], crs="EPSG:4326").estimate_utm_crs()
    metric = frame.to_crs(local)
    cut = gpd.GeoSeries([area], crs="EPSG:4326").to_crs(local).iloc[0]
    if metric.geom_type.isin(["Point", "MultiPoint"]).all():
        return frame[metric.intersects(cut).to_numpy()]
    inside = shapely.intersection(metric.geometry.to_numpy(), cut)
    whole = shapely.area(metric.geometry.to_numpy())
    share = np.divide(shapely.area(inside), whole, out=np.zeros(len(whole)), where=whole > 0)
    kept = frame.copy()
    if column is not None and column in kept:
        kept[column] = pd.to_numeric(kept[column], errors="coerce") * share
    kept = kept.set_geometry(gpd.GeoSeries(inside, crs=local).to_crs(frame.crs).to_numpy())
    return kept[share > 0]


def clip_population(path: str | Path, column: str | None, area: shapely.Geometry,
                    out_dir: Path) -> Path | None:
    """
    The residents of a national population file that live inside ``area``.

    Zones are cut to the area and their counts scaled by the share of the zone's area
    inside (areal weighting: where inside a zone people live is known only later, from
    the city's buildings); points are kept when inside; a raster is cropped to the area.

    Parameters
    ----------
    path
        Zones or points with ``column``, or a GeoTIFF.
    column
        Population column of a vector layer.
    area
        WGS84 city area.
    out_dir
        Folder for the cut file.

    Returns
    -------
    path
        The cut file (GeoPackage or GeoTIFF) in ``out_dir``; None when no zone or point of
        the file lies in the area (the city is built without residents).
    """
    path = Path(path)
    if path.suffix.lower() in RASTER_SUFFIXES:
        return _clip_raster(path, area, out_dir / "population.tif")
    kept = _clip_vector(read_layer(path, what=N_("population")), column, area)
    if kept.empty:
        return None
    out = out_dir / "population.gpkg"
    kept.to_file(out, driver="GPKG")
    return out
