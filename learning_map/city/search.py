"""
Search that Chinese users expect: one index of sites, places and streets, built once.

A query matches a name written in either script (圖書館 and 图书馆 fold alike, the
registry's :func:`~learning_map.city.naming.fold_name` rule), its pinyin from the start of
a syllable (``tushuguan``) or its initials (``tsg``), and a site's address. Every key
is computed once when the city loads; a query is a few vectorised string scans.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from learning_map.base.units import metres_to_minutes
from learning_map.city.naming import pinyin_keys, search_fold
from learning_map.city.places import with_names
from learning_map.walking.snapping import snap_lonlat

if TYPE_CHECKING:
    import numpy.typing as npt

    from learning_map.walking.network import WalkNetwork
    from learning_map.walking.snapping import SnappedPoints

# Match classes, best first: the whole name, the start of the name, inside the name,
# pinyin or initials, the address only.
EXACT, PREFIX, INSIDE, PINYIN, ADDRESS = range(5)
KIND_ORDER = {"site": 0, "place": 1, "street": 2}
# Pinyin and initials need at least this many letters (one letter matches everything).
MIN_PINYIN_LETTERS = 2


def record_keys(record: dict) -> tuple[str, str, str, str]:
    """
    The search keys of one site, place or street: the one rule the server and the exported map use.

    Parameters
    ----------
    record
        ``name``, ``name_zh``, ``name_en``, ``names`` (per locale) and ``address``, any missing.

    Returns
    -------
    name_key, address_key, pinyin, initials
        :func:`~learning_map.city.naming.search_fold` of all its names joined and of its
        address; :func:`~learning_map.city.naming.pinyin_keys` of its Chinese name.
    """
    names = " ".join(filter(None, (record.get("name", ""), record.get("name_zh", ""),
                                   record.get("name_en", ""), *(record.get("names") or {}).values())))
    pinyin, initials = pinyin_keys(record.get("name_zh") or record.get("name", ""))
    return search_fold(names), search_fold(record.get("address", "")), pinyin, initials


@dataclass
class SearchIndex:
    """
    Search keys of every site, place and street (one row each), computed at load.

    Attributes
    ----------
    records
        The result dict of each row (sites: their display record with ``kind="site"``).
    kind_rank
        0 site, 1 place, 2 street.
    group
        Sites likely the same place share a group (listed once); others have their own.
    name_key, address_key, pinyin, initials
        :func:`~learning_map.city.naming.search_fold` of the names and of the address, and
        :func:`~learning_map.city.naming.pinyin_keys` of the names.
    lon, lat
        WGS84 degrees.
    """

    records: list[dict]
    kind_rank: npt.NDArray[np.int64]
    group: npt.NDArray[np.int64]
    name_key: pd.Series
    address_key: pd.Series
    pinyin: pd.Series
    initials: pd.Series
    lon: npt.NDArray[np.float64]
    lat: npt.NDArray[np.float64]
    snapped: SnappedPoints | None = None

    @classmethod
    def build(cls, site_records: list[dict], places: list[dict], *,
              site_group: npt.ArrayLike | None = None, network: WalkNetwork | None = None,
              max_snap_m: float = 1000.0) -> SearchIndex:
        """
        Index display records of sites (with ``lon``/``lat``) and search places.

        Parameters
        ----------
        site_records
            :func:`learning_map.city.sites.display_records` of the city's sites.
        places
            Streets and places (``name``, ``kind``, ``lon``, ``lat``) from the bundle.
        site_group
            One group id per site (:func:`learning_map.city.naming.group_likely_same`).
        network
            The city's walk network: every row is snapped to it once, for walking times.
        max_snap_m
            Rows farther than this from every walkable way get no walking time.
        """
        records = [{"kind": "site", **r} for r in site_records] + with_names(list(places))
        n_sites = len(site_records)
        keys = [record_keys(r) for r in records]
        groups = np.asarray(site_group if site_group is not None else np.arange(n_sites), dtype=np.int64)
        lon = np.array([float(r["lon"]) for r in records])
        lat = np.array([float(r["lat"]) for r in records])
        snapped = None
        if network is not None:

            snapped = snap_lonlat(network, lon, lat, max_snap_m=max_snap_m)
        return cls(
            records=records,
            kind_rank=np.array([KIND_ORDER.get(r.get("kind", ""), 3) for r in records], dtype=np.int64),
            group=np.concatenate((groups, groups.max(initial=-1) + 1 + np.arange(len(places)))),
            name_key=pd.Series([k[0] for k in keys], dtype=object),
            address_key=pd.Series([k[1] for k in keys], dtype=object),
            pinyin=pd.Series([k[2] for k in keys], dtype=object),
            initials=pd.Series([k[3] for k in keys], dtype=object),
            lon=lon,
            lat=lat,
            snapped=snapped,
        )

    def __len__(self) -> int:
        """Number of indexed rows."""
        return len(self.records)

    def match(self, text: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """
        Rows matching ``text`` and how well (:data:`EXACT` ... :data:`ADDRESS`).

        Returns
        -------
        rows, match_class
            Unordered; empty when nothing matches or ``text`` folds to nothing.
        """
        needle = search_fold(text)
        cls_ = np.full(len(self), ADDRESS + 1, dtype=np.int64)
        if not needle:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        letters = needle.isascii() and needle.isalpha() and len(needle) >= MIN_PINYIN_LETTERS
        if letters:
            phonetic = (self.pinyin.str.contains("|" + needle, regex=False)
                        | self.initials.str.contains(needle, regex=False)).to_numpy()
            cls_[phonetic] = PINYIN
        cls_[self.address_key.str.contains(needle, regex=False).to_numpy() & (cls_ > ADDRESS)] = ADDRESS
        cls_[self.name_key.str.contains(needle, regex=False).to_numpy()] = INSIDE
        cls_[self.name_key.str.startswith(needle).to_numpy()] = PREFIX
        cls_[(self.name_key == needle).to_numpy()] = EXACT
        rows = np.flatnonzero(cls_ <= ADDRESS)
        return rows, cls_[rows]

    def order(self, rows: npt.NDArray[np.int64], match_class: npt.NDArray[np.int64],
              walk_m: npt.NDArray[np.float64] | None = None) -> npt.NDArray[np.int64]:
        """
        Positions into ``rows``, best first.

        Matches of the name (in either script, pinyin or initials) come before matches of
        the address only, and sites before places before streets. Then, with walking
        distances (a current point), the shortest walk first (unreachable last);
        without, the best match class, then the shorter name.
        """
        name_len = np.array([len(self.records[r].get("name", "")) for r in rows], dtype=np.int64)
        kind = self.kind_rank[rows]
        address_only = (match_class == ADDRESS).astype(np.int64)
        if walk_m is None:
            return np.lexsort((name_len, match_class, kind, address_only))
        walk = np.where(np.isfinite(walk_m), walk_m, np.inf)
        return np.lexsort((name_len, match_class, walk, kind, address_only))

    def results(self, rows: npt.NDArray[np.int64], *, limit: int,
                walk_m: npt.NDArray[np.float64] | None = None,
                speed_kmh: float | None = None) -> list[dict]:
        """
        The result dicts of ``rows`` (already ordered), one per place, at most ``limit``.

        A site likely the same as a better-ranked one is not listed again: its id goes
        into the first one's ``same_as``. With ``walk_m`` each result gains ``walk_m`` and
        ``walk_minutes`` (``null`` when it cannot be reached on foot).
        """
        out: list[dict] = []
        kept: dict[int, dict] = {}
        for k, row in enumerate(rows):
            record = self.records[row]
            group = int(self.group[row])
            if group in kept:
                if record.get("site_id"):
                    kept[group].setdefault("same_as", []).append(record["site_id"])
                continue
            if len(out) >= limit:
                continue  # still collect same_as of the listed ones
            result = dict(record)
            if walk_m is not None:
                finite = bool(np.isfinite(walk_m[k]))
                result["walk_m"] = round(float(walk_m[k]), 1) if finite else None
                result["walk_minutes"] = (round(float(metres_to_minutes(walk_m[k], speed_kmh)), 1)
                                          if finite else None)
            kept[group] = result
            out.append(result)
        return out
