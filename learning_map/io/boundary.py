"""
City boundaries to clip a big extract with: ``FILE[:FIELD=VALUE]`` or ``W,S,E,N``.

A boundary is returned as one WGS84 (EPSG:4326) shapely geometry, the union of the
selected features; :func:`learning_map.io.osm.read_osm` keeps what lies in it.
"""

from __future__ import annotations

import math
from pathlib import Path

import shapely

from learning_map.errors import InputFileError
from learning_map.io.layers import read_layer

# Shown when a FIELD=VALUE selection matches nothing: enough values to spot a typo.
SHOWN_VALUES = 8


def split_boundary_spec(spec: str) -> tuple[Path, str | None, str | None]:
    """
    Split ``FILE[:FIELD=VALUE]`` into its file, field and value.

    The selection follows the last ``:`` and must hold ``=``, so Windows drive letters
    and colons in folder names stay part of the path.
    """
    head, sep, tail = spec.rpartition(":")
    if sep and "=" in tail and head:
        field, _, value = tail.partition("=")
        if not field or not value:
            msg = (f"--clip {spec!r}: write FILE:FIELD=VALUE, e.g. districts.geojson:name=黄浦区"
                   f" / 边界选择应写作 文件:字段=值")
            raise InputFileError(msg)
        return Path(head), field, value
    return Path(spec), None, None


def read_boundary(spec: str) -> shapely.Geometry:
    """
    Read a clipping boundary from ``FILE[:FIELD=VALUE]`` (GeoJSON, GeoPackage or Shapefile).

    Parameters
    ----------
    spec
        A polygon file, optionally with a ``FIELD=VALUE`` selection of its features.

    Returns
    -------
    boundary
        The union of the (selected) features, WGS84.

    Raises
    ------
    InputFileError
        When the file is missing or unreadable, the field unknown, nothing matches,
        or the features hold no area.
    """
    path, field, value = split_boundary_spec(spec)
    if not path.is_file():
        msg = f"No boundary file {path} / 找不到边界文件 {path}"
        raise InputFileError(msg)
    frame = read_layer(path, what="boundary")
    if field is not None:
        if field not in frame.columns:
            fields = ", ".join(str(c) for c in frame.columns if c != "geometry")
            msg = (f"{path.name} has no field {field!r} (fields: {fields})"
                   f" / 边界文件中没有字段 {field!r}")
            raise InputFileError(msg)
        everything = frame
        frame = frame[frame[field].astype(str) == value]
        if frame.empty:
            values = ", ".join(sorted({str(v) for v in everything[field]})[:SHOWN_VALUES])
            msg = (f"No feature of {path.name} has {field}={value!r} (e.g. {values})"
                   f" / 边界文件中没有 {field}={value} 的区域")
            raise InputFileError(msg)
    if frame.crs is not None:
        frame = frame.to_crs("EPSG:4326")
    boundary = shapely.make_valid(frame.geometry.union_all())
    if boundary.is_empty or boundary.area == 0:
        msg = f"The boundary in {path.name} holds no area / 边界文件中没有面状区域"
        raise InputFileError(msg)
    return boundary


def parse_bbox(text: str) -> shapely.Polygon:
    """
    A WGS84 box from ``W,S,E,N`` degrees.

    Raises
    ------
    InputFileError
        When the text is not four numbers in range with west < east and south < north.
    """
    parts = [p.strip() for p in text.split(",")]
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        west = south = east = north = math.nan
    ok = (
        len(parts) == 4
        and all(math.isfinite(v) for v in (west, south, east, north))
        and -180 <= west < east <= 180
        and -90 <= south < north <= 90
    )
    if not ok:
        msg = (f"--bbox {text!r}: give W,S,E,N in degrees, e.g. 113.53,22.18,113.56,22.21"
               f" / 范围应写作 西,南,东,北（经纬度）")
        raise InputFileError(msg)
    return shapely.box(west, south, east, north)
