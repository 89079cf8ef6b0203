"""The one reader of GIS layers: any read failure becomes one bilingual :class:`InputFileError`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from learning_map.errors import InputFileError

if TYPE_CHECKING:
    import geopandas as gpd


def read_layer(path: str | Path, *, what: str = "GIS layer", **kwargs: Any) -> gpd.GeoDataFrame:
    """
    Read a vector layer (GeoJSON, GeoPackage, Shapefile, ...) with pyogrio.

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
        When the file is missing, unreadable or not a vector layer.
    """
    import geopandas as gpd
    import pyogrio

    path = Path(path)
    if not path.is_file():
        msg = f"{what} file not found: {path} / 找不到该文件"
        raise InputFileError(msg)
    try:
        frame = gpd.read_file(path, **kwargs)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        msg = f"Cannot read {path.name} ({what}): {reason} / 无法读取该地理数据文件"
        raise InputFileError(msg) from None
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    return frame
