"""
Point geometry as stored by each backend: GeoPackage binary blobs and PostGIS WKB.

A GeoPackage geometry blob (OGC 12-128r18, section 2.1.3) is a header followed by
standard WKB::

    'G' 'P'  version (0)  flags  srs_id (int32)  [envelope]  WKB

The flags byte holds the byte order of the header (bit 0: 1 = little-endian), the
envelope type (bits 1-3: 0 none, 1 xy, 2 xyz, 3 xym, 4 xyzm) and the empty-geometry
bit (bit 4). Points are written as GDAL writes them: little-endian, no envelope (a
point's envelope is the point itself), SRS 4326. Reading accepts any envelope type
and either byte order. Encoding and decoding are vectorised with shapely.
"""

from __future__ import annotations

import struct

import numpy as np
import shapely

from learning_map.errors import N_, StoreError

GPKG_MAGIC = b"GP"
WGS84_SRS_ID = 4326
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
_FLAG_LITTLE_ENDIAN = 0b0000_0001
_FLAG_EMPTY = 0b0001_0000


def gpkg_header(srs_id: int = WGS84_SRS_ID, *, envelope_type: int = 0, empty: bool = False) -> bytes:
    """
    The 8-byte GeoPackage blob header (little-endian, given envelope type).

    Parameters
    ----------
    srs_id
        ``gpkg_spatial_ref_sys.srs_id`` of the geometry.
    envelope_type
        0 (none) to 4 (xyzm); the caller appends the envelope.
    empty
        Set the empty-geometry flag.

    Returns
    -------
    header
    """
    flags = _FLAG_LITTLE_ENDIAN | (envelope_type << 1) | (_FLAG_EMPTY if empty else 0)
    return GPKG_MAGIC + bytes([0, flags]) + struct.pack("<i", srs_id)


_POINT_HEADER = gpkg_header()


def points_to_wkb(x: np.ndarray, y: np.ndarray) -> list[bytes]:
    """Little-endian 2D WKB of points ``(x, y)``, one ``bytes`` each."""
    return list(shapely.to_wkb(shapely.points(x, y), byte_order=1, output_dimension=2))


def points_to_gpkg(x: np.ndarray, y: np.ndarray) -> list[bytes]:
    """GeoPackage blobs (SRS 4326, no envelope) of points ``(x, y)``."""
    return [_POINT_HEADER + wkb for wkb in points_to_wkb(x, y)]


def _strip_header(blob: bytes) -> bytes:
    if blob[:2] != GPKG_MAGIC or blob[2] != 0:
        raise StoreError(N_("a geometry in the registry is not a GeoPackage blob"))
    flags = blob[3]
    envelope = _ENVELOPE_BYTES.get((flags >> 1) & 0b111)
    if envelope is None:
        raise StoreError(N_("a geometry in the registry has an unknown envelope type"))
    return blob[8 + envelope :]


def gpkg_to_xy(blobs: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates of GeoPackage point blobs (empty points give NaN)."""
    return wkb_to_xy([_strip_header(bytes(b)) for b in blobs])


def wkb_to_xy(wkbs: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates of WKB points."""
    if not len(wkbs):
        return np.empty(0), np.empty(0)
    points = shapely.from_wkb(np.asarray([bytes(w) for w in wkbs], dtype=object))
    return shapely.get_x(points), shapely.get_y(points)
