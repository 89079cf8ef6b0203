"""
Name folding and the one rule for "likely the same site".

Two sites are *likely the same* when their folded names are equal and they are
at most :data:`~learning_map.settings.SAME_SITE_WITHIN_M` apart. The OSM merge at
build time, the import report and the citizen list's grouping all use this rule.

:func:`fold_name` makes names that differ only in writing compare equal:
traditional Chinese becomes simplified (OpenCC's ``t2s`` data), full-width
characters become half-width (Unicode NFKC), punctuation, symbols of spacing and
white space are removed (full-width brackets, ``·``, ``-``, ...), and case is folded.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import shapely

from learning_map import settings
from learning_map.city.scripts import converter, has_han, to_hant
from learning_map.walking.network import utm_crs_for

if TYPE_CHECKING:
    import geopandas as gpd
    import numpy.typing as npt

# Unicode categories removed by folding: punctuation (P*), separators (Z*) and
# control/format characters (C*), e.g. full-width brackets, "·", "-", ideographic space, BOM.
_DROPPED_CATEGORIES = ("P", "Z", "C")


def _converter() -> Any:
    """OpenCC ``t2s``: the one converter of :mod:`learning_map.city.scripts`."""
    return converter("t2s")


@functools.lru_cache(maxsize=65536)
def fold_name(text: str) -> str:
    """
    Fold a name (or an address) for comparison.

    Parameters
    ----------
    text
        Any text; missing values fold to ``""``.

    Returns
    -------
    folded
        Simplified Chinese, half-width, without punctuation or spaces, case-folded:
        ``"澳門旅遊大學 (氹仔校區)"`` and the same name with full-width brackets both give
        ``"澳门旅游大学氹仔校区"``.
    """
    if not isinstance(text, str) or not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _converter().convert(text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] not in _DROPPED_CATEGORIES)
    return text.casefold()


def fold_names(values: Any) -> npt.NDArray[np.object_]:
    """
    :func:`fold_name` over many values (each distinct value folded once).

    Parameters
    ----------
    values
        Sequence or Series of text (missing values fold to ``""``).

    Returns
    -------
    folded
        Object array of the same length.
    """
    series = pd.Series(values, dtype=object).where(lambda s: s.notna(), "")
    return series.map(lambda v: fold_name(v if isinstance(v, str) else str(v))).to_numpy(object)


def _metric_points(sites: gpd.GeoDataFrame) -> npt.NDArray[np.object_]:
    """Points of ``sites`` in a metric CRS (the local UTM zone)."""
    geometry = sites.geometry
    if geometry.crs is not None and not geometry.crs.equals("EPSG:4326"):
        geometry = geometry.to_crs("EPSG:4326")
    points = shapely.point_on_surface(geometry.to_numpy())
    valid = ~shapely.is_empty(points) & ~shapely.is_missing(points)
    if not valid.any():
        return points
    first = points[np.flatnonzero(valid)[0]]
    import geopandas as gpd

    return gpd.GeoSeries(points, crs="EPSG:4326").to_crs(utm_crs_for(first.x, first.y)).to_numpy()


def _cells(
    points: npt.NDArray[np.object_], codes: npt.NDArray[np.int64], cell_m: float, cap: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """
    Named points as rows of a grid of ``cell_m`` squares: the first ``cap`` of each name in each cell, and the rest.

    Rows are ``i`` (position), ``code`` (folded name's code), ``cx``, ``cy`` (cell); points
    without a name or a location are left out.
    """
    x, y = shapely.get_x(points), shapely.get_y(points)  # NaN for missing or empty points
    keep = (codes >= 0) & np.isfinite(x) & np.isfinite(y)
    table = pd.DataFrame({
        "i": np.flatnonzero(keep), "code": codes[keep],
        "cx": np.floor(x[keep] / cell_m).astype(np.int64), "cy": np.floor(y[keep] / cell_m).astype(np.int64),
    })
    rank = table.groupby(["code", "cx", "cy"], sort=False).cumcount().to_numpy()
    return table[rank < cap], table[rank >= cap]


def _pairs_between(
    left: npt.NDArray[np.object_], left_names: npt.NDArray[np.object_],
    right: npt.NDArray[np.object_], right_names: npt.NDArray[np.object_], within_m: float,
    *, cap: int = settings.SAME_NAME_PER_CELL,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """
    Index pairs (left, right) with equal non-empty folded names within ``within_m``.

    Near-linear: points are binned by (folded name, ``within_m`` grid cell), and only
    the same name in the 3 x 3 cells around a point can be within reach. The first
    ``cap`` points of one name in one cell on either side are compared with everything
    in reach; two points that are both past their cell's ``cap`` are not compared (a
    file with thousands of copies of one name at one spot would otherwise give millions
    of pairs). Each of them still pairs with the first ``cap`` ones of its name nearby,
    so it is reported, and groups built from the pairs stay connected. A real registry
    never has that many sites of one name within ``within_m``: its answer is exact.
    """
    empty = np.zeros(0, dtype=np.int64)
    if len(left) == 0 or len(right) == 0:
        return empty, empty, np.zeros(0)
    names = np.concatenate([left_names, right_names]).astype(object)
    codes = pd.factorize(names)[0]
    codes[names == ""] = -1
    left_first, left_rest = _cells(left, codes[:len(left)], within_m, cap)
    right_first, right_rest = _cells(right, codes[len(left):], within_m, cap)
    left_all = pd.concat([left_first, left_rest])
    found = []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for a_side, b_side in ((left_all, right_first), (left_first, right_rest)):
                if a_side.empty or b_side.empty:
                    continue
                shifted = a_side.assign(cx=a_side["cx"] + dx, cy=a_side["cy"] + dy)
                found.append(shifted.merge(b_side, on=["code", "cx", "cy"], suffixes=("_a", "_b"))
                             [["i_a", "i_b"]].to_numpy(np.int64))
    if not found:
        return empty, empty, np.zeros(0)
    pairs = np.concatenate(found)
    a, b = pairs[:, 0], pairs[:, 1]
    distance_m = shapely.distance(left[a], right[b])
    near = distance_m <= within_m
    return a[near], b[near], distance_m[near]


def likely_same(
    sites: gpd.GeoDataFrame, other: gpd.GeoDataFrame | None = None, *,
    within_m: float = settings.SAME_SITE_WITHIN_M, name_column: str = "name",
) -> pd.DataFrame:
    """
    Pairs of sites that are likely the same place: equal folded names, close together.

    Parameters
    ----------
    sites
        Sites with a name column and point (or polygon) geometry, any CRS.
    other
        Compare ``sites`` with these instead of with themselves.
    within_m
        Largest distance in metres (default: the one project-wide rule).
    name_column
        Column holding the name.

    Returns
    -------
    pairs
        ``left``, ``right`` (positions in ``sites`` and in ``other``, or both in
        ``sites`` with ``left < right``) and ``distance_m``, sorted.
    """
    names = fold_names(sites[name_column])
    if other is None:
        points = _metric_points(sites)
        a, b, d = _pairs_between(points, names, points, names, within_m)
        keep = a < b
        a, b, d = a[keep], b[keep], d[keep]
    else:
        import geopandas as gpd

        both = pd.concat([sites.geometry.to_crs("EPSG:4326"), other.geometry.to_crs("EPSG:4326")])
        points = _metric_points(gpd.GeoDataFrame(geometry=both.to_numpy(), crs="EPSG:4326"))
        a, b, d = _pairs_between(points[:len(sites)], names, points[len(sites):],
                                 fold_names(other[name_column]), within_m)
    pairs = pd.DataFrame({"left": a.astype(np.int64), "right": b.astype(np.int64), "distance_m": d})
    return pairs.sort_values(["left", "right"], kind="stable").reset_index(drop=True)


def group_likely_same(
    sites: gpd.GeoDataFrame, *, within_m: float = settings.SAME_SITE_WITHIN_M,
    name_column: str = "name",
) -> npt.NDArray[np.int64]:
    """
    Group sites that are likely the same place (for the citizen list, one entry per group).

    Sites are grouped transitively by :func:`likely_same`.

    Parameters
    ----------
    sites
        Sites with a name column and geometry.
    within_m
        Largest distance in metres.
    name_column
        Column holding the name.

    Returns
    -------
    group
        One group id per row: ``0, 1, ...`` in order of first appearance; rows of
        one group share an id, a site alike to no other has its own.
    """
    from scipy import sparse
    from scipy.sparse import csgraph

    n = len(sites)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    pairs = likely_same(sites, within_m=within_m, name_column=name_column)
    graph = sparse.coo_matrix(
        (np.ones(len(pairs)), (pairs["left"].to_numpy(), pairs["right"].to_numpy())), shape=(n, n)
    )
    _, labels = csgraph.connected_components(graph, directed=False)
    _, first = np.unique(labels, return_index=True)
    order = np.empty(len(first), dtype=np.int64)
    order[np.argsort(first)] = np.arange(len(first))
    return order[labels]


def one_per_place(rows: Any, group: npt.NDArray[np.int64]) -> list[tuple[int, list[int]]]:
    """
    Fold rows that are one place (the same :func:`group_likely_same` group) into one entry.

    Parameters
    ----------
    rows
        Site rows in the order wanted (nearest first, say).
    group
        The group of every site row (:func:`group_likely_same`).

    Returns
    -------
    entries
        ``(kept, others)`` per place in order of first appearance: the first row of each
        group, and the later rows of the same group (listed, never hidden).
    """
    entries: list[tuple[int, list[int]]] = []
    by_group: dict[int, list[int]] = {}
    for row in rows:
        row = int(row)
        key = int(group[row])
        if key in by_group:
            by_group[key].append(row)
            continue
        by_group[key] = []
        entries.append((row, by_group[key]))
    return entries


# The columns of :func:`likely_duplicates`: ``where`` is ``file`` (both in the file) or
# ``store`` (``a`` in the file, ``b`` registered under another id).
DUPLICATE_COLUMNS = ("where", "site_id_a", "name_a", "site_id_b", "name_b", "distance_m")


def likely_duplicates(sites: Any, existing: Any = None) -> pd.DataFrame:
    """
    Pairs of likely duplicates within ``sites`` and between ``sites`` and ``existing``.

    The one duplicate report of an import, whichever door the file comes through (the
    CLI's ``learning-map import`` and the admin upload): :func:`likely_same` pairs, where a
    pair with the same ``site_id`` on both sides is the same site, not a duplicate.

    Parameters
    ----------
    sites
        Sites of a registry file (``site_id``, ``name``, geometry).
    existing
        Sites already in the store, or None.

    Returns
    -------
    duplicates
        Columns :data:`DUPLICATE_COLUMNS`, distances rounded to 0.1 m.
    """
    frames = []
    if len(sites):
        pairs = likely_same(sites)
        frames.append(_pair_rows("file", sites, pairs, sites))
        if existing is not None and len(existing):
            pairs = likely_same(sites, existing)
            ids_a = sites["site_id"].to_numpy()[pairs["left"].to_numpy()]
            ids_b = existing["site_id"].to_numpy()[pairs["right"].to_numpy()]
            frames.append(_pair_rows("store", sites, pairs[ids_a != ids_b], existing))
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=DUPLICATE_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def _pair_rows(where: str, a: Any, pairs: pd.DataFrame, b: Any) -> pd.DataFrame:
    left, right = pairs["left"].to_numpy(), pairs["right"].to_numpy()
    return pd.DataFrame({
        "where": where,
        "site_id_a": a["site_id"].to_numpy()[left], "name_a": a["name"].to_numpy()[left],
        "site_id_b": b["site_id"].to_numpy()[right], "name_b": b["name"].to_numpy()[right],
        "distance_m": pairs["distance_m"].to_numpy().round(1),
    }, columns=list(DUPLICATE_COLUMNS))


# -- scripts and search keys ------------------------------------------------------------

def to_simplified(text: str) -> str:
    """``text`` in simplified Chinese (OpenCC ``t2s``, the data :func:`fold_name` uses)."""
    return _converter().convert(text) if text else ""


def to_traditional(text: str) -> str:
    """``text`` in traditional Chinese as Hong Kong and Macau write it (OpenCC ``s2hk``)."""
    return to_hant(text)


def split_scripts(text: str) -> tuple[str, str]:
    """
    The Chinese and the Latin parts of a bilingual name: ``"Macau 澳门"`` -> ``("澳门", "Macau")``.

    Either part is empty when the name has none.
    """
    han = "".join(re.findall(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+", text or ""))
    latin = re.sub(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+", " ", text or "")
    return han.strip(), " ".join(latin.split())


def script_names(name: str) -> dict[str, str]:
    """
    A bilingual name per script: ``"Macau 澳门"`` -> en ``Macau``, zh-Hans 澳门, zh-Hant 澳門.

    The Chinese entries are left out when the name has no Chinese part.
    """
    han, latin = split_scripts(name)
    names = {"en": latin or name}
    if han:
        names |= {"zh-Hans": to_simplified(han), "zh-Hant": to_traditional(han)}
    return names


def mostly_traditional(names: Any) -> bool:
    """True when most of the Chinese names among ``names`` are written in traditional characters."""
    chinese = [n for n in names if has_han(n)]
    return sum(to_simplified(n) != n for n in chinese) * 2 > len(chinese)


def strip_accents(text: str) -> str:
    """Latin letters without their accents (``Praça`` -> ``Praca``), for search only."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_fold(text: str) -> str:
    """
    Fold a text into its search key.

    :func:`fold_name` (simplified, no punctuation or spaces, case-folded) without
    accents, so 圖書館, 图书馆 and ``Biblioteca`` match as typed.
    """
    return strip_accents(fold_name(text))


# Letters kept of each syllable's pinyin tail: far beyond any query (the search API takes
# 100 characters), so a typed query finds a name as if its tails were whole.
PINYIN_TAIL_LETTERS = 256


def pinyin_keys(text: str) -> tuple[str, str]:
    """
    Pinyin keys of a text, for search.

    Parameters
    ----------
    text
        Any text (traditional or simplified; non-Chinese runs are kept as they are).

    Returns
    -------
    syllable_starts, initials
        ``syllable_starts`` joins, for every syllable, the pinyin from that syllable to the
        end (at most :data:`PINYIN_TAIL_LETTERS` letters), each after a ``|``
        (``"|tushuguan|shuguan|guan"``), so a typed query matches only from the start of a
        syllable; ``initials`` is each syllable's first letter
        (``"tsg"``). Both are empty when ``text`` has no Chinese character.
    """
    folded = search_fold(text)
    if not has_han(folded):
        return "", ""
    from pypinyin import lazy_pinyin

    # Only the Chinese characters give syllables; Latin runs are searched as text already.
    syllables = lazy_pinyin(folded, errors="ignore")
    joined = "".join(syllables)
    starts = list(itertools.accumulate(map(len, syllables[:-1]), initial=0)) if syllables else []
    # Each tail stops after PINYIN_TAIL_LETTERS letters: the keys grow linearly with the name
    # (every whole tail was quadratic: a 2,000-character name gave 10 M characters).
    tails = [joined[start:start + PINYIN_TAIL_LETTERS] for start in starts]
    return "".join("|" + tail for tail in tails), "".join(s[0] for s in syllables)
