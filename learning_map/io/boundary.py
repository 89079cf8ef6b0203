"""
City boundaries to clip a big extract with: ``FILE[:FIELD=VALUE]`` or ``W,S,E,N``.

A boundary is returned as one WGS84 (EPSG:4326) shapely geometry, the union of the
selected features; :func:`learning_map.io.osm.read_osm` keeps what lies in it.
"""

from __future__ import annotations

import math
from pathlib import Path

import shapely

from learning_map.errors import N_, InputFileError
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
            raise InputFileError(N_("--clip {value!r}: write FILE:FIELD=VALUE, e.g. districts.geojson:name=Huangpu"),
                                 value=spec)
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
        raise InputFileError(N_("No boundary file {path}"), path=str(path))
    frame = read_layer(path, what=N_("boundary"))
    if field is not None:
        if field not in frame.columns:
            raise InputFileError(N_("{file} has no field {field!r} (fields: {fields})"), file=path.name,
                                 field=field, fields=tuple(str(c) for c in frame.columns if c != "geometry"))
        everything = frame
        frame = frame[frame[field].astype(str) == value]
        if frame.empty:
            raise InputFileError(N_("No feature of {file} has {field}={value!r} (e.g. {values})"),
                                 file=path.name, field=field, value=value,
                                 values=tuple(sorted({str(v) for v in everything[field]})[:SHOWN_VALUES]))
    if frame.crs is not None:
        frame = frame.to_crs("EPSG:4326")
    boundary = shapely.make_valid(frame.geometry.union_all())
    if boundary.is_empty or boundary.area == 0:
        raise InputFileError(N_("The boundary in {file} holds no area"), file=path.name)
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
        raise InputFileError(N_("--bbox {value!r}: give W,S,E,N in degrees, e.g. 113.53,22.18,113.56,22.21"),
                             value=text)
    return shapely.box(west, south, east, north)
