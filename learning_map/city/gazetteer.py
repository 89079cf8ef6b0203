"""
The office's own address file (标准地址库 / 门牌地址): the placement chain's ``gazetteer`` step.

Every Chinese city office keeps the standard addresses of its area in its GIS: one point per
door number, with the address as text. ``import --gazetteer FILE[:ADDRESS_FIELD]`` matches
each registry row's address against it by its parts
(:func:`learning_map.city.address_parts.address_parts`: road, lane 弄, number 号, district 区,
sub-district 街道/镇), so ``黃浦區南京東路一百二十三號`` finds ``上海市黄浦区南京东路123号``.

The score (0-1) of an entry for a row, the product of:

- the house: the same road, lane and number: 1.0 (:data:`SCORES` ``house``); the row's number
  inside the entry's range, or the entry's inside the row's (``18-28号`` holds ``20号``; on a
  road only numbers of the same side, even or odd; in a lane, whose buildings are counted on,
  all): 0.9 (``in-range``); the row's lane with no
  number in the file but the lane itself (``100弄``, a compound's gate): 0.85 (``lane``).
  A different number is never a match: the nearest numbers of the same road and lane are
  suggestions (``nearest``, 0.5);
- the area: the row's district (its district column or its address) and the entry's the same,
  or neither known to differ: 1.0; one of them names none: 0.95 (``no-district``); a
  different district: 0.6 (``other-district``, below the bar: a suggestion only); a
  different sub-district (街道/镇) in the same district: 0.85 (``other-town``);
- the road: found as the row's road: 1.0; found only as the end (3 characters or more) of
  text the parts did not read (``外滩南京东路``): 0.85 (``road-inside``), so such a placement
  is never in the high band: the row's road may be one the file lacks that ends like another.

A row is placed at its best entry when that scores at least :data:`PLACE_AT` (0.8) and no
entry at another place (more than :data:`SAME_PLACE_M` away: a file often has one address at
several doors of one building) scores within :data:`AMBIGUOUS_WITHIN` of it. Otherwise the
best entries are suggestions for placement by hand. The matched address is the file's own
text, shown in the import report.
"""

from __future__ import annotations

import functools
import logging
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pandas as pd
import shapely

from learning_map import settings
from learning_map.base.problems import ngettext, say
from learning_map.base.schema import DISTRICT_COLUMN_ALIASES
from learning_map.city.address_parts import AddressParts, address_parts, area_parts
from learning_map.city.districts import district_keys
from learning_map.city.naming import fold_name
from learning_map.city.placement import Attempt, Candidate
from learning_map.city.registry_file import COLUMN_ALIASES, TABLE_SUFFIXES, read_registry_rows
from learning_map.errors import N_, InputFileError, Term, no_such_field
from learning_map.io import bounds
from learning_map.io.layers import VECTOR_SUFFIXES, read_layer

if TYPE_CHECKING:
    from collections.abc import Iterable

    import geopandas as gpd

logger = logging.getLogger(__name__)

METHOD = "gazetteer"
ADDRESS_FILE = N_("address file")
# Headings an address file's address field goes by, most specific first (compared folded:
# traditional script, case, spaces and underscores do not matter). Chinese GIS layers often name
# fields by their pinyin initials: BZDZ 标准地址, MPDZ 门牌地址, DZ 地址.
ADDRESS_HEADINGS = ("标准地址", "门牌地址", "门牌号地址", "地址全称", "完整地址", "详细地址", "地址", "门牌",
                    "address", "full_address", "addr_full", "std_address", "addr", "bzdz", "mpdz", "dz")
# Headings of a district or a sub-district field beside the address (either may be absent).
TOWN_HEADINGS = ("街道", "街镇", "乡镇", "镇街", "所属街道", "town", "subdistrict", "street_office")
# The parts of a score (see the module's docstring).
SCORES: dict[str, float] = {
    "house": 1.0, "in-range": 0.9, "lane": 0.85, "nearest": 0.5,
    "no-district": 0.95, "other-district": 0.6, "other-town": 0.85, "road-inside": 0.85,
}
PLACE_AT = 0.8
AMBIGUOUS_WITHIN = 0.05
SAME_PLACE_M = 50.0
# A range longer than this many numbers is not spread over its numbers (a typing slip, 1-9999号).
MAX_RANGE = 200
# Fewest characters of a road found at the end of text the parts did not read.
MIN_INSIDE_ROAD = 3
# Nearest numbers offered as suggestions when the row's own number is not in the file.
NEAREST = 3
LIMITS = {"max_bytes": settings.GAZETTEER_MAX_BYTES, "max_unpacked_bytes": settings.GAZETTEER_MAX_UNPACKED_BYTES,
          "max_rows": settings.GAZETTEER_MAX_ROWS, "max_cells": settings.GAZETTEER_MAX_CELLS}
_METRES_PER_DEGREE = 111_320.0  # of latitude; of longitude times cos(latitude)


def _heading(columns: Iterable[Any], headings: Iterable[str]) -> str | None:
    """The first column whose folded heading is one of ``headings`` (in their order), or None."""
    by_key = {}
    for column in columns:
        by_key.setdefault(fold_name(str(column)), column)
    return next((by_key[k] for k in (fold_name(h) for h in headings) if k in by_key), None)


def _same_area(a: str, b: str) -> bool | None:
    """Whether two folded district (or town) names name one area; None when either is empty."""
    if not a or not b:
        return None
    return a == b or not _area_keys(a).isdisjoint(_area_keys(b))


@functools.lru_cache(maxsize=4096)
def _area_keys(text: str) -> frozenset[str]:
    """:func:`~learning_map.city.districts.district_keys` as a set: 黄浦区 and 黄浦 share 黄浦."""
    return frozenset(district_keys(text))


@dataclass(repr=False)
class Gazetteer:
    """
    An office's address file: one point (WGS84) and one address per entry, indexed by road.

    Build one with :meth:`from_file` (or :meth:`from_frame`); it is the ``gazetteer`` step of
    the placement chain (:meth:`place`).

    Parameters
    ----------
    addresses
        Each entry's address as the file writes it (what a placement shows as matched).
    lon, lat
        Each entry's point, WGS84 degrees.
    districts, towns
        Each entry's district and sub-district fields, if the file has them (empty: what its
        address says).
    source
        The file's name, for reports.
    skipped
        Rows of the file left out: no address or no point.
    """

    method: ClassVar[str] = METHOD

    addresses: list[str]
    lon: np.ndarray
    lat: np.ndarray
    districts: list[str] = field(default_factory=list)
    towns: list[str] = field(default_factory=list)
    source: str = ""
    skipped: int = 0

    def __post_init__(self) -> None:
        """Parse every address once and index the entries by road, then by (lane, number)."""
        n = len(self.addresses)
        self.districts = list(self.districts) or [""] * n
        self.towns = list(self.towns) or [""] * n
        self.parts: list[AddressParts] = []
        self.roadless = 0  # addresses with no road to match by (a bare number): counted, logged
        self._houses: dict[str, dict[tuple[str, str], list[int]]] = defaultdict(lambda: defaultdict(list))
        self._ranges: dict[tuple[str, str], list[tuple[int, int, int]]] = defaultdict(list)
        for i, text in enumerate(self.addresses):
            parts = address_parts(text)
            self.parts.append(parts)
            # The file's own district/town field wins over what its address text says.
            self.districts[i] = area_parts(self.districts[i])[0] or parts.district
            # A town field's text is a town even without its suffix (南京东路 for 南京东路街道).
            self.towns[i] = fold_name(self.towns[i]) or parts.town
            if len(parts.road) < 2:
                self.roadless += 1
                continue
            self._houses[parts.road][parts.house].append(i)
            low, high = parts.number_value, _value(parts.number_to)
            if low is not None and high is not None and 0 < high - low <= MAX_RANGE:
                self._ranges[(parts.road, parts.lane)].append((low, high, i))
        self._houses = {road: dict(houses) for road, houses in self._houses.items()}
        logger.info("Address file %s: %d addresses on %d roads", self.source, n, len(self._houses))
        if self.roadless:
            logger.info("Address file %s: %d addresses name no road and are not matched", self.source, self.roadless)

    def __len__(self) -> int:
        """The number of addresses."""
        return len(self.addresses)

    def summary_text(self, locale: str | None = None) -> str:
        """
        What was read, in ``locale`` (None: the command line's).

        ``"门牌.gpkg: 100,000 addresses read; 3 rows without an address or a point left out;
        1 address naming no road"``.
        """
        parts = [ngettext("{source}: {n} address read", "{source}: {n} addresses read", len(self), locale=locale,
                          source=self.source)]
        if self.skipped:
            parts.append(ngettext("{n} row without an address or a point left out",
                                  "{n} rows without an address or a point left out", self.skipped, locale=locale))
        if self.roadless:
            parts.append(ngettext("{n} address naming no road", "{n} addresses naming no road", self.roadless,
                                  locale=locale))
        return say(N_("; "), locale).join(parts)

    def __repr__(self) -> str:
        """The file and its size (not its 100,000 addresses)."""
        return f"Gazetteer({self.source!r}: {len(self)} addresses on {len(self._houses)} roads)"

    # -- reading ------------------------------------------------------------------------------

    @classmethod
    def from_file(cls, path: str | Path, address_field: str | None = None) -> Gazetteer:
        """
        Read an office's address file.

        Parameters
        ----------
        path
            Points with an address text field: a GIS layer (GeoJSON, GeoPackage, Shapefile or a
            zipped one; any CRS, converted to WGS84) or a table (CSV, XLSX) with longitude and
            latitude columns (lon/lat, x/y, 经度/纬度), read as WGS84 degrees. Areas (buildings)
            count by a point inside them.
        address_field
            The field holding the address; None guesses it from :data:`ADDRESS_HEADINGS`
            (标准地址, 门牌地址, 地址, address, ...). A district field
            (:data:`~learning_map.base.schema.DISTRICT_COLUMN_ALIASES`) and a sub-district field
            (:data:`TOWN_HEADINGS`) are used when present.

        Returns
        -------
        gazetteer

        Raises
        ------
        InputFileError
            The file cannot be read, has no such field (the sentence lists its fields), has no
            address field to guess, or has no point with an address.
        """
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix in TABLE_SUFFIXES:
            rows, _, _ = read_registry_rows(path, limits=LIMITS)
            rows = rows.drop(columns="line")
            lon, lat = _table_points(path, rows)
        elif suffix in VECTOR_SUFFIXES:
            bounds.check_file(path, **LIMITS)
            frame = read_layer(path, what=ADDRESS_FILE)
            bounds.check_rows(path.name, len(frame), frame.shape[1], max_rows=LIMITS["max_rows"],
                              max_cells=LIMITS["max_cells"])
            lon, lat = _wgs84_points(frame)
            rows = pd.DataFrame(frame.drop(columns=frame.geometry.name))
        else:
            raise InputFileError(N_("{file}: unsupported address file format; use CSV, XLSX, GeoJSON, GeoPackage "
                                    "or Shapefile"), file=path.name)
        return cls.from_frame(rows, lon, lat, address_field=address_field, source=path.name)

    @classmethod
    def from_frame(
        cls, rows: pd.DataFrame, lon: Any, lat: Any, *, address_field: str | None = None, source: str = "",
    ) -> Gazetteer:
        """
        An address file from its rows and their points (WGS84 degrees; NaN for none).

        Rows without an address or a point are left out and counted in :attr:`skipped`.
        """
        name = source or Term(N_("the address file"))
        columns = list(rows.columns)
        if address_field is not None and address_field not in rows:
            raise no_such_field("gazetteer", address_field, columns, source=name)
        field_name = address_field if address_field is not None else _heading(columns, ADDRESS_HEADINGS)
        if field_name is None:
            raise InputFileError(N_("{file} has no address field it knows ({headings}); name one of its fields "
                                    "as FILE:FIELD: {fields}"), file=name, headings="标准地址, 门牌地址, 地址, address",
                                 fields=", ".join(str(c) for c in columns if c != "geometry"))
        text = rows[field_name].astype("string").fillna("").str.strip()
        lon, lat = np.asarray(lon, float), np.asarray(lat, float)
        keep = (text != "").to_numpy() & np.isfinite(lon) & np.isfinite(lat)
        if not keep.any():
            raise InputFileError(N_("{file} has no points with an address in its field {field}"), file=name,
                                 field=str(field_name))
        district_field = _heading(columns, DISTRICT_COLUMN_ALIASES)
        town_field = _heading(columns, TOWN_HEADINGS)
        skipped = int((~keep).sum())
        if skipped:
            logger.info("%s: %d rows without an address or a point left out", name, skipped)

        def texts(column: Any) -> list[str]:
            if column is None or column == field_name:
                return []
            return rows[column].astype("string").fillna("").str.strip().to_numpy(object)[keep].tolist()

        return cls(addresses=text.to_numpy(object)[keep].tolist(), lon=lon[keep], lat=lat[keep],
                   districts=texts(district_field), towns=texts(town_field), source=str(name), skipped=skipped)

    # -- matching -----------------------------------------------------------------------------

    def place(self, rows: pd.DataFrame) -> list[Attempt]:
        """
        The chain's ``gazetteer`` step: each row's ``address`` (and ``district``) matched by parts.

        Returns one :class:`~learning_map.city.placement.Attempt` per row: placed at a unique
        best entry scoring at least :data:`PLACE_AT`, else the best entries (or the nearest
        numbers of its road) as suggestions; a row without an address or a known road gets none.
        """
        return [self.match(address, district) for address, district in
                zip(rows["address"].tolist(), rows["district"].tolist(), strict=True)]

    def match(self, address: str, district: str = "") -> Attempt:
        """One row: its address and the text of its district column (either may be empty)."""
        parts = address_parts(address or "")
        row_district, row_town = area_parts(district or "")
        row_district, row_town = row_district or parts.district, row_town or parts.town
        road, road_score = self._road(parts)
        if road is None:
            return Attempt()
        scored = [(score * road_score * self._area_score(i, row_district, row_town), i)
                  for score, i in self._houses_for(road, parts)]
        if not scored:
            return Attempt(suggestions=self._nearest(road, parts, road_score, row_district, row_town))
        scored.sort(key=lambda pair: -pair[0])
        best_score, best = scored[0]
        rivals = [(s, i) for s, i in scored[1:] if s >= best_score - AMBIGUOUS_WITHIN
                  and self._apart_m(best, i) > SAME_PLACE_M]
        if best_score >= PLACE_AT and not rivals:
            return Attempt(placed=self._candidate(best, best_score))
        return Attempt(suggestions=tuple(self._candidate(i, s) for s, i in self._distinct(scored)))

    def _road(self, parts: AddressParts) -> tuple[str | None, float]:
        """The row's road as the file knows it, and its score: its own, else the longest known end of its text."""
        if parts.road in self._houses:
            return parts.road, 1.0
        head = parts.province + parts.city + parts.district + parts.town + parts.road
        for start in range(len(head) - MIN_INSIDE_ROAD + 1):
            if head[start:] in self._houses:
                return head[start:], SCORES["road-inside"]
        return None, 0.0

    def _houses_for(self, road: str, parts: AddressParts) -> list[tuple[float, int]]:
        """Entries of ``road`` for the row's house: the same number, a range holding it, or its lane's gate."""
        houses = self._houses[road]
        if not parts.number and not parts.lane:
            return []
        found = [(SCORES["house"], i) for i in houses.get(parts.house, ())]
        if not found and parts.number:
            found = [(SCORES["in-range"], i) for i in self._in_range(road, parts)]
        if not found and parts.lane and parts.number:
            found = [(SCORES["lane"], i) for i in houses.get((parts.lane, ""), ())]
        return found

    def _in_range(self, road: str, parts: AddressParts) -> list[int]:
        """Entries whose range holds the row's number, or whose number the row's range holds (same side)."""
        value = parts.number_value
        if value is None or parts.number != str(value):
            return []  # 18甲号 is its own building, not one of 18-28号
        # A road's doors are odd on one side and even on the other; a lane's are counted on.
        step = 1 if parts.lane else 2
        found = [i for low, high, i in self._ranges.get((road, parts.lane), ())
                 if low <= value <= high and (value - low) % step == 0]
        high = _value(parts.number_to)
        if high is not None and 0 < high - value <= MAX_RANGE:
            houses = self._houses[road]
            for number in range(value + step, high + 1, step):
                found += houses.get((parts.lane, str(number)), [])
        return found

    def _nearest(self, road: str, parts: AddressParts, road_score: float, district: str, town: str,
                 ) -> tuple[Candidate, ...]:
        """The nearest numbers of the row's road and lane (the lowest when it gives none), as suggestions."""
        value = parts.number_value
        entries = [(lane_number, i) for (lane, _), ids in self._houses[road].items() if lane == parts.lane
                   for i in ids if (lane_number := self.parts[i].number_value) is not None]
        entries.sort(key=lambda pair: (abs(pair[0] - value) if value is not None else pair[0], pair[0]))
        kept: list[int] = []
        for _, i in entries:  # nearest first, one per address, until NEAREST (a road may have 1,000)
            if all(self._apart_m(i, j) > SAME_PLACE_M or self._key(i) != self._key(j) for j in kept):
                kept.append(i)
                if len(kept) == NEAREST:
                    break
        return tuple(self._candidate(i, SCORES["nearest"] * road_score * self._area_score(i, district, town))
                     for i in kept)

    def _area_score(self, i: int, district: str, town: str) -> float:
        """How well entry ``i``'s district and town agree with the row's (see the module's docstring)."""
        same_district = _same_area(district, self.districts[i])
        if same_district is False:
            return SCORES["other-district"]
        if _same_area(town, self.towns[i]) is False:
            return SCORES["other-town"]
        if same_district is None and _same_area(town, self.towns[i]) is None:
            return SCORES["no-district"]
        return 1.0

    def _distinct(self, scored: list[tuple[float, int]]) -> list[tuple[float, int]]:
        """Best first, one entry per address (its other doors, within :data:`SAME_PLACE_M`, left out)."""
        kept: list[tuple[float, int]] = []
        for score, i in sorted(scored, key=lambda pair: -pair[0]):
            if all(self._apart_m(i, j) > SAME_PLACE_M or self._key(i) != self._key(j) for _, j in kept):
                kept.append((score, i))
        return kept

    def _key(self, i: int) -> tuple[str, str, str, str]:
        """What makes two entries one address (at two doors, when they are near)."""
        parts = self.parts[i]
        return parts.road, parts.lane, parts.number, parts.number_to

    def _apart_m(self, i: int, j: int) -> float:
        """Metres between two entries (flat-earth: the distances compared are tens of metres)."""
        dx = (self.lon[i] - self.lon[j]) * math.cos(math.radians(self.lat[i])) * _METRES_PER_DEGREE
        dy = (self.lat[i] - self.lat[j]) * _METRES_PER_DEGREE
        return math.hypot(dx, dy)

    def _candidate(self, i: int, score: float) -> Candidate:
        return Candidate(float(self.lon[i]), float(self.lat[i]), round(score, 4), self.addresses[i], METHOD)


def _value(number: str) -> int | None:
    digits = "".join(ch for ch in number if ch.isdigit())
    return int(digits) if digits and number[:1].isdigit() else None


def _wgs84_points(frame: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude of a point on each feature (inside an area), WGS84; NaN for none."""
    geometry = frame.geometry
    if geometry.crs is not None and not geometry.crs.equals("EPSG:4326"):
        geometry = geometry.to_crs("EPSG:4326")
    points = shapely.point_on_surface(geometry.to_numpy())
    there = ~(shapely.is_missing(points) | shapely.is_empty(points))
    lon, lat = np.full(len(points), np.nan), np.full(len(points), np.nan)
    lon[there], lat[there] = shapely.get_x(points[there]), shapely.get_y(points[there])
    return lon, lat


def _table_points(path: Path, rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """A table's longitude and latitude columns (WGS84 degrees): NaN where empty or out of range."""
    lon_field = _heading(rows.columns, COLUMN_ALIASES["lon"])
    lat_field = _heading(rows.columns, COLUMN_ALIASES["lat"])
    if lon_field is None or lat_field is None:
        raise InputFileError(N_("{file} needs longitude and latitude columns ({headings})"), file=path.name,
                             headings="lon/lat, x/y, 经度/纬度")
    lon = np.array(pd.to_numeric(rows[lon_field], errors="coerce"), dtype=float)
    lat = np.array(pd.to_numeric(rows[lat_field], errors="coerce"), dtype=float)
    given = np.isfinite(lon) & np.isfinite(lat)
    inside = given & (np.abs(lon) <= 180) & (np.abs(lat) <= 90)
    if given.any() and not inside.any():
        raise InputFileError(N_("{file}: a table's coordinates are read as WGS84 longitude and latitude, and "
                                "these are not; give the addresses as a GIS layer with its coordinate system"),
                             file=path.name)
    lon[~inside] = np.nan
    lat[~inside] = np.nan
    return lon, lat
