"""
An office's district polygons, found by the names its list writes (``--districts FILE:FIELD``).

A registry row names its district the way offices write it: ``黄浦区``, ``黄浦``, ``上海市黄浦区``,
``浦东新区``, ``南京东路街道``, in simplified or traditional script. :meth:`Districts.find` folds
the row's text and the file's names the project's one way
(:func:`learning_map.city.naming.fold_name`) and also compares them without the
administrative suffix (区/新区/县/市/街道/镇/乡); a text that names two features (the same
name in two districts) finds none, and the placement chain then checks nothing against it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from learning_map.city.naming import fold_name
from learning_map.errors import N_, InputFileError, no_such_field
from learning_map.io.layers import read_layer

if TYPE_CHECKING:
    import geopandas as gpd

DISTRICTS_FILE = N_("district boundaries")
# Administrative suffixes a row may write or leave out (longest first; folded, simplified).
_SUFFIX = re.compile(r"(新区|自治县|街道办事处|街道|地区|区|县|市|镇|乡)$")
# A city or province prefix before the district (上海市黄浦区 -> 黄浦区).
_PREFIX = re.compile(r"^.{2,8}?(省|市)(?=.)")


def district_keys(text: str) -> tuple[str, ...]:
    """
    The folded forms a district name may be compared by, most specific first.

    ``"上海市黃浦區"`` gives ``("上海市黄浦区", "黄浦区", "黄浦")``.
    """
    folded = fold_name(text)
    keys = [folded]
    bare = _PREFIX.sub("", folded)
    if bare and bare != folded:
        keys.append(bare)
    for key in list(keys):
        stem = _SUFFIX.sub("", key)
        if len(stem) >= 2 and stem != key:
            keys.append(stem)
    return tuple(dict.fromkeys(k for k in keys if k))


@dataclass(frozen=True)
class Districts:
    """
    District polygons (WGS84) and their names.

    Parameters
    ----------
    names
        One name per polygon, as the file writes it.
    polygons
        Shapely polygons in WGS84, prepared.
    source
        The file's name, for reports.
    """

    names: tuple[str, ...]
    polygons: Any  # numpy array of shapely geometries
    source: str = ""
    codes: tuple[str, ...] = ()  # official codes, found as written (the admin's reporting units)

    @classmethod
    def from_frame(cls, frame: gpd.GeoDataFrame, field: str, *, source: str = "") -> Districts:
        """Districts from a layer with a name ``field`` (any CRS)."""
        if field not in frame:
            raise no_such_field("districts", field, frame.columns, source=source)
        frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
        if frame.crs is not None:
            frame = frame.to_crs("EPSG:4326")
        polygons = frame.geometry.to_numpy()
        shapely.prepare(polygons)
        return cls(names=tuple(str(v).strip() for v in frame[field]), polygons=polygons, source=source)

    @classmethod
    def from_areas(cls, areas: dict[str, tuple[str, str]], *, source: str = "") -> Districts:
        """Districts from the store's reporting units: code to (name, GeoJSON text in WGS84)."""
        polygons = np.array([shapely.from_geojson(area) for _, area in areas.values()], dtype=object)
        shapely.prepare(polygons)
        return cls(names=tuple(name for name, _ in areas.values()), polygons=polygons, source=source,
                   codes=tuple(areas))

    @classmethod
    def from_file(cls, path: str | Path, field: str) -> Districts:
        """Read ``--districts FILE:FIELD`` (GeoJSON, GeoPackage, Shapefile; any CRS)."""
        path = Path(path)
        frame = read_layer(path, what=DISTRICTS_FILE)
        types = set(frame.geom_type.dropna())
        if not types <= {"Polygon", "MultiPolygon"}:
            raise InputFileError(N_("{file}: district boundaries must be polygons, not {kinds}"), file=path.name,
                                 kinds=", ".join(sorted(types)))
        return cls.from_frame(frame, field, source=path.name)

    @functools.cached_property
    def _index(self) -> dict[str, list[int]]:
        """Folded key -> the polygons it names (built once; cached_property works on a frozen dataclass)."""
        index: dict[str, list[int]] = {}
        for k, name in enumerate(self.names):
            code = (self.codes[k],) if k < len(self.codes) else ()
            for key in (*code, *district_keys(name)):
                index.setdefault(key, [])
                if k not in index[key]:
                    index[key].append(k)
        return index

    def find(self, text: str) -> int | None:
        """
        The one polygon ``text`` names, by its most specific key that names exactly one; else None.

        A key naming several polygons (``长宁`` for 长宁区 and a 长宁路街道) is passed over for a
        less specific one only when that one is unique.
        """
        if not text or not str(text).strip():
            return None
        index = self._index
        for key in district_keys(str(text)):
            found = index.get(key, [])
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                return None
        return None

    def polygon(self, text: str) -> Any:
        """The polygon ``text`` names, or None."""
        k = self.find(text)
        return None if k is None else self.polygons[k]

    def contains(self, text: str, point: Any) -> bool | None:
        """Whether ``point`` (WGS84) lies in the district ``text`` names; None when it names none."""
        polygon = self.polygon(text)
        if polygon is None:
            return None
        return bool(shapely.intersects(polygon, point))

    def containing(self, lon: Any, lat: Any) -> np.ndarray:
        """The index of the polygon holding each point (-1 for none)."""
        points = shapely.points(np.asarray(lon, float), np.asarray(lat, float))
        out = np.full(len(points), -1)
        tree = shapely.STRtree(self.polygons)
        pairs = tree.query(points, predicate="intersects")
        out[pairs[0][::-1]] = pairs[1][::-1]  # the first polygon wins where they overlap
        return out

