"""
Which administrative boundaries a printed map draws: none (a 街区图), or exactly an office's file.

A map published in mainland China that shows administrative boundaries must draw them as the
standard map of the authorities does and pass map review (地图管理条例, 地图审核管理规定); a
simple street map that shows no boundary (街区图) is exempt. Reporting units such as census
zones are not administrative boundaries, so the printed products draw boundaries in exactly
two ways:

- **street mode** (``street``, the default): no boundary at all; only streets, water, places
  and sites. Reporting units (``--by``) still group the tables and the booklet's pages, they
  are not drawn; the sheet says so (街区图, "no administrative boundaries drawn").
- **official mode** (``official``): exactly the features of the file the office supplies, each
  one outline, named by its field when one is given; the sheet says where they come from
  (行政界线来源, "boundaries from").

The poster and the booklet take a :class:`MapBoundaries` and pass :meth:`MapBoundaries.in_crs`
to :func:`~learning_map.export.print.maps.draw_map` as its units (a product that draws no
units, as the walk card, has nothing to switch).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from learning_map.base.i18n import N_, gettext
from learning_map.errors import InputFileError, Term

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["MAP_MODES", "OFFICIAL", "STREET", "STREET_MAP", "MapBoundaries", "official_boundaries"]

STREET = "street"
OFFICIAL = "official"
MAP_MODES = (STREET, OFFICIAL)
# Translators: printed on a street map (街区图) that draws no administrative boundary, the kind
# of map exempt from map review in mainland China.
STREET_NOTE = N_("Street map: no administrative boundaries drawn")
# Translators: printed on a map whose administrative boundaries come from a file an office supplied.
OFFICIAL_NOTE = N_("Administrative boundaries from: {source}")
# What a boundary file is called in its errors.
BOUNDARIES_FILE = N_("administrative boundaries")
# The geometries a boundary can be: areas, or lines as some standard maps give them.
_BOUNDARY_TYPES = frozenset({"Polygon", "MultiPolygon", "LineString", "MultiLineString"})


@dataclass(frozen=True)
class MapBoundaries:
    """
    The boundaries a printed map draws.

    Parameters
    ----------
    features
        The office's boundary features (any CRS), every one drawn; None: street mode, none drawn.
    field
        The field whose values name the features on the map; None: outlines without names.
    source
        Where the features come from (the file's name, or its publisher), printed on the sheet.
    """

    features: gpd.GeoDataFrame | None = None
    field: str | None = None
    source: str = ""

    @property
    def mode(self) -> str:
        """``"street"`` or ``"official"``."""
        return STREET if self.features is None else OFFICIAL

    def in_crs(self, crs: Any) -> tuple[gpd.GeoDataFrame | None, str | None]:
        """The features to draw in the map's ``crs`` and their name field; (None, None) in street mode."""
        if self.features is None:
            return None, None
        return self.features.to_crs(crs), self.field

    def outlines(self, geometry: Any, crs: Any) -> bool:
        """Whether ``geometry`` (in ``crs``) is one of the features, so a booklet may draw it strong."""
        if self.features is None or geometry is None:
            return False
        return bool(self.features.to_crs(crs).geometry.geom_equals_exact(geometry, 0.01).any())

    def note(self, locale: str) -> str:
        """The sheet's line on boundaries, in ``locale``."""
        if self.features is None:
            return gettext(STREET_NOTE, locale=locale)
        return gettext(OFFICIAL_NOTE, locale=locale, source=self.source)

    def record(self) -> dict[str, Any]:
        """What the manifest and the metadata say of the boundaries."""
        if self.features is None:
            return {"mode": STREET}
        return {"mode": OFFICIAL, "source": self.source, "features": len(self.features),
                "field": self.field}


STREET_MAP = MapBoundaries()


def official_boundaries(features: gpd.GeoDataFrame, *, field: str | None, source: str,
                        file_name: str) -> MapBoundaries:
    """
    An office's boundary file checked for drawing: every feature an area or a line.

    A feature without geometry, or a point, would be a boundary the sheet claims and does not
    draw, so the file is refused whole (one sentence naming the file), never thinned.

    Raises
    ------
    InputFileError
        When the file has no features, or a feature that is not an area or a line.
    """
    if not len(features):
        raise InputFileError(N_("{file} ({what}) has no features"), file=file_name,
                             what=Term(BOUNDARIES_FILE))
    geometries = features.geometry
    empty = int((geometries.isna() | geometries.is_empty).sum())
    if empty:
        raise InputFileError(N_("{file} ({what}): features without geometry: {n}"), file=file_name,
                             what=Term(BOUNDARIES_FILE), n=empty)
    kinds = sorted(set(geometries.geom_type) - _BOUNDARY_TYPES)
    if kinds:
        raise InputFileError(N_("{file} ({what}) holds {kinds}, not areas or lines"), file=file_name,
                             what=Term(BOUNDARIES_FILE), kinds=", ".join(kinds))
    return MapBoundaries(features.reset_index(drop=True), field, source or file_name)
