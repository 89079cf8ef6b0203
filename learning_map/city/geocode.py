"""
An offline geocoder built from an OSM extract's own addresses.

Registry rows that give an address and no coordinates (common in official Excel lists)
are placed by matching the address against the extract: ``addr:full``, ``addr:street``
+ ``addr:housenumber`` (or ``addr:place`` + number) of nodes and building areas, named
buildings and named places. Addresses and OSM text are compared folded
(:func:`learning_map.city.naming.fold_name`), so traditional/simplified Chinese,
full-width digits and spacing do not matter. The matches, in order:

1. ``exact``: the folded address equals a folded OSM address (street + number, with or
   without the city, Chinese or Portuguese/English half of a bilingual street) or name;
2. ``street+number``: the address contains a known street (the longest one found) and
   one of its numbers is a house number of that street;
3. ``name``: a named building or place whose folded name contains the folded address,
   or is contained in it (the longest such name, at least 3 characters).

What matches none of them is not placed: the row goes on down the placement chain
(:mod:`learning_map.city.placement`) and, placed by nothing, is rejected; nothing is guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import shapely

from learning_map.city.naming import fold_name
from learning_map.city.placement import Attempt, Candidate

if TYPE_CHECKING:
    import numpy.typing as npt
    import pandas as pd

    from learning_map.io.osm import OsmExtract

ADDRESS_KEYS = ("addr:street", "addr:housenumber", "addr:full", "addr:place")
NAME_KEYS = ("name", "name:zh", "name:zh-Hant", "name:zh-Hans", "name:en", "name:pt")
MIN_NAME_LENGTH = 3
_NUMBER = re.compile(r"\d+[A-Za-z]?")
_LATIN = re.compile(r"[A-Za-z]")


def _numbers(text: str) -> list[str]:
    """House-number tokens of a text (``"18-28號"`` gives ``["18", "28"]``), folded."""
    return [m.casefold() for m in _NUMBER.findall(unicodedata.normalize("NFKC", text or ""))]


def _halves(street: str) -> list[str]:
    """A bilingual street ``"排角路 Rua do Pai Kok"`` as itself and its two halves."""
    parts = [street]
    latin = _LATIN.search(street)
    if latin and latin.start() > 0:
        parts += [street[:latin.start()], street[latin.start():]]
    return [p for p in (fold_name(p) for p in parts) if p]


@dataclass
class Geocoder:
    """
    Addresses and names of one OSM extract, folded, with their points (WGS84).

    Build one with :meth:`from_extract`; place addresses with :meth:`geocode`, or registry rows
    as the ``osm-address`` step of the placement chain with :meth:`place`.
    """

    method: ClassVar[str] = "osm-address"
    # The confidence each way of finding gives in the placement chain: an exact address, a
    # house number on a named street, and an address that contains a building's name.
    CONFIDENCE: ClassVar[dict[str, float]] = {"exact": 0.95, "street+number": 0.9, "name": 0.75}

    exact: dict[str, tuple[float, float]] = field(default_factory=dict)
    streets: dict[str, dict[str, tuple[float, float]]] = field(default_factory=dict)
    names: dict[str, tuple[float, float]] = field(default_factory=dict)

    @classmethod
    def from_extract(cls, extract: OsmExtract) -> Geocoder:
        """
        Index an extract read with ``read_osm(path, addresses=True)``.

        Parameters
        ----------
        extract
            Its ``addresses`` (features with ``addr:*`` tags, named buildings) and
            ``places``.

        Returns
        -------
        geocoder
        """
        geocoder = cls()
        frames = [f for f in (extract.addresses, extract.places) if f is not None and len(f)]
        for frame in frames:
            points = shapely.point_on_surface(frame.geometry.to_numpy())
            for tags, point in zip(frame["tags"], points, strict=True):
                if point is None or shapely.is_empty(point):
                    continue
                geocoder.add(tags, (float(point.x), float(point.y)))
        return geocoder

    def add(self, tags: dict[str, str], where: tuple[float, float]) -> None:
        """Index one feature's address and names (the first feature of a key wins)."""
        street = tags.get("addr:street") or tags.get("addr:place") or ""
        number = tags.get("addr:housenumber", "")
        city = fold_name(tags.get("addr:city", ""))
        if tags.get("addr:full"):
            self.exact.setdefault(fold_name(tags["addr:full"]), where)
        if street:
            for half in _halves(street):
                numbers = _numbers(number)
                slot = self.streets.setdefault(half, {})
                for token in numbers[:1]:
                    slot.setdefault(token, where)
                if number:
                    folded_number = fold_name(number)
                    for key in (half + folded_number, folded_number + half):
                        self.exact.setdefault(key, where)
                        if city:
                            self.exact.setdefault(city + key, where)
        for key in NAME_KEYS:
            name = tags.get(key, "")
            for half in _halves(name) if name else ():
                if len(half) >= MIN_NAME_LENGTH:
                    self.names.setdefault(half, where)

    def geocode(
        self, addresses: Any
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.object_]]:
        """
        Place addresses.

        Parameters
        ----------
        addresses
            Sequence of address texts.

        Returns
        -------
        lon, lat, method
            WGS84 degrees (NaN where not found) and how each was found:
            ``exact``, ``street+number``, ``name`` or ``""`` (not found).
        """
        texts = ["" if not isinstance(a, str) else a for a in list(addresses)]
        lon = np.full(len(texts), np.nan)
        lat = np.full(len(texts), np.nan)
        method = np.full(len(texts), "", dtype=object)
        streets = sorted(self.streets, key=len, reverse=True)
        names = sorted(self.names, key=len, reverse=True)
        for k, text in enumerate(texts):
            found = self._one(text, streets, names)
            if found is not None:
                (lon[k], lat[k]), method[k] = found
        return lon, lat, method

    def _one(
        self, text: str, streets: list[str], names: list[str]
    ) -> tuple[tuple[float, float], str] | None:
        folded = fold_name(text)
        if not folded:
            return None
        if folded in self.exact:
            return self.exact[folded], "exact"
        if folded in self.names:
            return self.names[folded], "exact"
        numbers = _numbers(text)
        for street in streets:
            if street in folded and len(street) >= 2:
                slot = self.streets[street]
                for token in numbers:
                    if token in slot:
                        return slot[token], "street+number"
                break  # the longest street named decides; its number is unknown
        for name in names:
            if name in folded or (len(folded) >= MIN_NAME_LENGTH and folded in name):
                return self.names[name], "name"
        return None

    def place(self, rows: pd.DataFrame) -> list[Attempt]:
        """The chain's ``osm-address`` step: each row's ``address`` placed (rows without one: none)."""
        lon, lat, how = self.geocode(rows["address"].tolist())
        return [Attempt(placed=Candidate(float(x), float(y), self.CONFIDENCE[h], h, self.method)) if h else Attempt()
                for x, y, h in zip(lon, lat, how, strict=True)]
