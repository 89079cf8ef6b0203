"""
Find a registry row's place by its name among the extract's named features (the chain's ``name`` step).

Mainland China's OpenStreetMap has almost no addresses, but its libraries, schools and
community centres are often there by *name*. :func:`named_features` takes every named place,
building, amenity, office... of an extract (one WGS84 point each, closed ones left out), and
:class:`NameMatcher` places a row at the one feature its name matches.

Names are compared by their *forms* (:func:`name_forms`):

1. folded the project's one way (:func:`learning_map.city.naming.fold_name`: simplified and
   traditional script, full-width forms, punctuation, case);
2. rewritten by :data:`VARIANTS`, the ways offices and mappers write one place differently
   (区少儿图书馆 / 少年儿童图书馆, 社区学校 / 社区学院 / 成人学校, 街道 / 镇, 分馆, 总馆, 2 / 二);
3. a leading city (``上海市``) dropped and a leading district written as its stem
   (``上海市黄浦区`` / ``黄浦区`` -> ``黄浦``): the *primary* form; the primary form without
   that district stem is the *bare* form (kept only when :data:`MIN_BARE_CHARS` long, so
   ``黄浦区图书馆`` never becomes a bare ``图书馆``).

The score of a row against a feature is the best over the feature's names (``name``,
``name:zh``...) of :func:`written_score`: the names compared whole, or script by script (a
Chinese-only row with the Chinese part of a bilingual name; two bilingual names must agree in
both parts). Two forms score (in this order, the first that holds):

- ``1.00``: the folded names are equal;
- ``0.95`` (:data:`SCORE_VARIANT`): the primary forms are equal (a variant or a prefix differs);
- ``0.90``: one side's bare form equals the other's primary form (one writes the district,
  the other does not);
- ``0.90 * Dice(primary forms)`` (:data:`FUZZY_WEIGHT`), Dice being the share of character
  bigrams two texts have in common, ``2|A∩B| / (|A| + |B|)``; a fuzzy match stays below an
  equal one, and since the threshold is :data:`ACCEPT_SCORE` (0.85) it places only names
  that differ by about one character in twenty (near-identical short names, 南京东路社区学校 /
  南京西路社区学校, are never placed).

A row is placed only at a **unique** best match: its score reaches :data:`ACCEPT_SCORE`, it
lies inside the district the row names (its ``district`` text, or a district its name starts
with; the whole city when there is none, the file has no such district, or no district file is
given), and no other candidate of the district comes within :data:`UNIQUE_MARGIN` of it. A
feature of the same folded name (or the same score) within
:data:`~learning_map.settings.SAME_SITE_WITHIN_M` of the best is the same place (a library's
node and its building), not a rival. Otherwise the row gets suggestions (best first, at most
:data:`MAX_NAME_SUGGESTIONS`, the same name in another district among them) and goes on down
the chain.

Candidates come from an inverted index of character bigrams (:class:`NameMatcher`), so a row
is scored against the few features sharing its rarest bigrams, never against the whole city.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from learning_map.city.districts import district_keys
from learning_map.city.naming import fold_name, split_scripts
from learning_map.city.placement import Attempt, Candidate
from learning_map.io.osm_rules import LIFECYCLE_PREFIXES, NAMED_KIND_KEYS
from learning_map.settings import SAME_SITE_WITHIN_M

if TYPE_CHECKING:
    import numpy.typing as npt

    from learning_map.city.districts import Districts
    from learning_map.io.osm import OsmExtract

# The columns of named_features (besides the point geometry), and the OSM tag of each name.
NAME_COLUMNS = {"name": "name", "name_zh": "name:zh", "name_zh_hans": "name:zh-Hans",
                "name_zh_hant": "name:zh-Hant", "name_en": "name:en", "name_pt": "name:pt"}
FEATURE_COLUMNS = (*NAME_COLUMNS, "kind", "osm_type", "osm_id")

# How a closed place is told apart (it is no feature to place on): OSM's lifecycle prefixes on
# any key (``disused:amenity=library``, ``was:name``; a closed library's building often keeps
# its name), ``disused=yes`` / ``abandoned=yes``, or opening hours that say closed.
CLOSED_HOURS = frozenset({"closed", "off"})

# The ways one place is written differently, applied in order to folded text (simplified,
# half-width, no punctuation) on both sides: (pattern, replacement, why).
VARIANTS: tuple[tuple[str, str, str], ...] = (
    ("少年儿童图书馆", "少儿图书馆",
     "a district's children's library is written in full or short (区少年儿童图书馆, 区少儿图书馆)"),
    ("社区学院|社区学校|社区教育学校|社区教育中心|成人教育中心|成人文化技术学校|成人学校", "社区学校",
     "one community school under the names of its years and districts (Shanghai's 社区学校 "
     "became 社区学院 in several districts; older lists say 成人学校)"),
    ("文化活动中心|文化中心", "文化活动中心", "社区文化活动中心 is often shortened to 社区文化中心"),
    ("街道办事处|街道", "", "a sub-district's name is written with or without 街道 (南京东路街道社区学校)"),
    ("镇(?=社区|文化|图书馆|成人|老年|市民|学校)", "",
     "likewise 镇 before the institution it runs (朱家角镇图书馆, 朱家角图书馆)"),
    ("(总馆|主馆|本部|校本部)$", "", "the main site is the place itself: 浦东图书馆(总馆) is 浦东图书馆"),
    ("分馆", "馆", "a branch is written 东馆 or 东分馆 (上海图书馆东馆)"),
)
_VARIANTS = tuple((re.compile(pattern), replacement) for pattern, replacement, _ in VARIANTS)
# A leading city: 上海市 (the rest must stay 4 characters long: 上海市图书馆 keeps its city).
_CITY_PREFIX = re.compile(r"^[^市]{2,3}市(?=.{4})")
_NUMBER = re.compile(r"\d{1,2}(?!\d)")
_DIGITS = "〇一二三四五六七八九"
# Place kinds whose names are districts a row's name may start with (when no district file is given).
DISTRICT_PLACE_KINDS = frozenset({"place=county", "place=district", "place=city_district", "place=borough",
                                  "place=suburb", "place=town"})

SCORE_EXACT = 1.0
SCORE_VARIANT = 0.95
BARE_PENALTY = 0.05
FUZZY_WEIGHT = 0.9
# Placed only at or above this score, and only a clear winner: no rival within the margin.
ACCEPT_SCORE = 0.85
UNIQUE_MARGIN = 0.05
# Suggestions: scores from this floor, at most this many.
SUGGEST_SCORE = 0.5
MAX_NAME_SUGGESTIONS = 3
# A bare form (no district) must keep this many characters to be compared at all.
MIN_BARE_CHARS = 4
# Candidates scored per row: the features sharing most bigrams with it.
CANDIDATES_PER_ROW = 64
# A bigram in more names than this share of them (学校, 中心) does not pick candidates alone.
COMMON_BIGRAM_SHARE = 0.05


def is_closed(tags: dict[str, str]) -> bool:
    """Whether OSM says a feature has closed (see :data:`CLOSED_HOURS` and the lifecycle prefixes)."""
    if tags.get("disused") == "yes" or tags.get("abandoned") == "yes":
        return True
    if str(tags.get("opening_hours", "")).strip().casefold() in CLOSED_HOURS:
        return True
    return any(":" in key and key.split(":", 1)[0] in LIFECYCLE_PREFIXES for key in tags)


def _kind(tags: dict[str, str]) -> str:
    for key in NAMED_KIND_KEYS:
        if tags.get(key):
            return f"{key}={tags[key]}"
    return ""


def named_features(extract: OsmExtract) -> gpd.GeoDataFrame:
    """
    One WGS84 point per named OSM feature an extract holds, closed ones left out.

    Parameters
    ----------
    extract
        Read with ``read_osm(path, addresses=True)``: its ``named`` features (every named
        place, building, amenity, office...). An extract without them gives its learning
        amenities, places and named buildings.

    Returns
    -------
    features
        Columns :data:`FEATURE_COLUMNS` (names ``""`` when absent, ``kind`` such as
        ``"amenity=library"``) and point geometry, one row per OSM object.
    """
    named = getattr(extract, "named", None)
    frames = [named] if named is not None else [extract.amenities, extract.places, extract.addresses]
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return empty_features()
    frame = pd.concat(frames, ignore_index=True).drop_duplicates(["osm_type", "osm_id"])
    keep = frame["tags"].map(lambda t: bool(t.get("name")) and not is_closed(t)).to_numpy(bool)
    frame = frame[keep]
    points = shapely.point_on_surface(frame.geometry.to_numpy())
    located = ~shapely.is_empty(points) & ~shapely.is_missing(points)
    frame, points = frame[located], points[located]
    columns: dict[str, Any] = {column: [str(t.get(tag, "")).strip() for t in frame["tags"]]
                               for column, tag in NAME_COLUMNS.items()}
    columns["kind"] = [_kind(t) for t in frame["tags"]]
    columns["osm_type"] = frame["osm_type"].astype(str).to_list()
    columns["osm_id"] = frame["osm_id"].to_numpy(np.int64)
    return gpd.GeoDataFrame(columns, geometry=points, crs="EPSG:4326").reset_index(drop=True)


def empty_features() -> gpd.GeoDataFrame:
    """A features frame without rows (the columns of :func:`named_features`)."""
    columns: dict[str, Any] = {column: pd.Series(dtype=object) for column in FEATURE_COLUMNS}
    columns["osm_id"] = pd.Series(dtype=np.int64)
    return gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326")


# -- forms and scores -------------------------------------------------------------------------

def _chinese_number(match: re.Match[str]) -> str:
    """1-99 in Chinese numerals as names write them (``12`` -> 十二, ``20`` -> 二十)."""
    value = int(match.group())
    if value < 10:
        return _DIGITS[value]
    tens, ones = divmod(value, 10)
    return (_DIGITS[tens] if tens > 1 else "") + "十" + (_DIGITS[ones] if ones else "")


def variant_form(folded: str) -> str:
    """A folded name rewritten by :data:`VARIANTS`, with numbers up to 99 in Chinese numerals."""
    text = _NUMBER.sub(_chinese_number, folded)
    for pattern, replacement in _VARIANTS:
        text = pattern.sub(replacement, text)
    return text


@dataclass(frozen=True)
class DistrictPrefixes:
    """The district names a place's name may start with, longest first, each with its stem."""

    keys: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_names(cls, names: Any) -> DistrictPrefixes:
        """Prefixes from district names: ``上海市黄浦区`` gives 上海市黄浦区, 黄浦区 and 黄浦, each with the stem 黄浦."""
        pairs: dict[str, str] = {}
        for name in names:
            keys = district_keys(str(name))
            if not keys:
                continue
            stem = keys[-1]
            for key in keys:
                pairs.setdefault(variant_form(key), variant_form(stem))
        return cls(tuple(sorted(pairs.items(), key=lambda kv: -len(kv[0]))))

    def split(self, text: str) -> tuple[str, str]:
        """``(stem, rest)`` of a form starting with a district name (the rest at least 2 long); else ``("", text)``."""
        for key, stem in self.keys:
            if len(key) >= 2 and text.startswith(key) and len(text) - len(key) >= 2:
                return stem, text[len(key):]
        return "", text


def name_forms(name: str, prefixes: DistrictPrefixes) -> tuple[str, str, str]:
    """
    ``(folded, primary, bare)`` forms of a name (see the module's docstring); ``bare`` may be ``""``.

    ``"上海市黃浦區少年兒童圖書館"`` gives ``("上海市黄浦区少年儿童图书馆", "黄浦少儿图书馆", "少儿图书馆")``.
    """
    folded = fold_name(name)
    form = variant_form(folded)
    form = _CITY_PREFIX.sub("", form)
    stem, rest = prefixes.split(form)
    primary = stem + rest if stem else form
    bare = rest if stem and len(rest) >= MIN_BARE_CHARS else ""
    return folded, primary, bare


def bigrams(text: str) -> Counter[str]:
    """Character bigrams of a text (a one-character text is its own bigram)."""
    if len(text) < 2:
        return Counter([text]) if text else Counter()
    return Counter(text[k:k + 2] for k in range(len(text) - 1))


def dice(a: str, b: str) -> float:
    """Dice similarity of two texts' bigram multisets: ``2|A∩B| / (|A| + |B|)``, 0-1."""
    if a == b:
        return 1.0 if a else 0.0
    left, right = bigrams(a), bigrams(b)
    total = sum(left.values()) + sum(right.values())
    return 2 * sum((left & right).values()) / total if total else 0.0


Forms = tuple[str, str, str]
# A name as compared: its forms whole, and those of its Chinese and its Latin part (None when
# it has none; a name in one script is its own part).
Written = tuple[Forms, "Forms | None", "Forms | None"]


def written_forms(name: str, prefixes: DistrictPrefixes) -> Written | None:
    """A name's forms whole and per script (None for a name that folds to nothing)."""
    whole = name_forms(name, prefixes)
    if not whole[1]:
        return None
    han, latin = split_scripts(name)
    parts = [name_forms(part, prefixes) if part else None for part in (han, latin)]
    return whole, *(p if p is not None and p[1] else None for p in parts)


def written_score(row: Written, feature: Written) -> float:
    """
    The score of a row's name against a feature's name: whole, or script by script.

    A name in one script is compared with the other's part in that script (``澳門浸信中學``
    with ``澳門浸信中學 Macau Baptist College``); two bilingual names must agree in both
    parts (the lower score counts), so a shared Portuguese name does not make 新華夜中學 and
    新華學校 one place.
    """
    score = form_score(row[0], feature[0])
    both = [(r, f) for r, f in zip(row[1:], feature[1:], strict=True) if r is not None and f is not None]
    bilingual = all(part is not None for part in (*row[1:], *feature[1:]))
    if both:
        parts = [form_score(r, f) for r, f in both]
        score = max(score, min(parts) if bilingual else max(parts))
    return score


def form_score(row: Forms, feature: Forms) -> float:
    """The score of a row's forms against one feature name's forms (module docstring)."""
    if row[0] and row[0] == feature[0]:
        return SCORE_EXACT
    if row[1] and row[1] == feature[1]:
        return SCORE_VARIANT
    if (row[2] and row[2] == feature[1]) or (feature[2] and feature[2] == row[1]):
        return SCORE_VARIANT - BARE_PENALTY
    return FUZZY_WEIGHT * dice(row[1], feature[1])


def _keys(name: Written) -> set[str]:
    """The primary and bare forms of a name, whole and per script: what the index holds."""
    return {key for forms in name if forms is not None for key in forms[1:] if key}


# -- the matcher ------------------------------------------------------------------------------

class NameMatcher:
    """
    The chain's ``name`` step: registry rows placed at the one named feature their name matches.

    Parameters
    ----------
    features
        :func:`named_features` (or any frame with :data:`NAME_COLUMNS` and point geometry).
    districts
        The office's district polygons: a row naming one is placed only inside it (None:
        the whole city).
    """

    method: ClassVar[str] = "name"

    def __init__(self, features: gpd.GeoDataFrame, *, districts: Districts | None = None) -> None:
        frame = features.to_crs("EPSG:4326") if features.crs is not None else features
        frame = frame.reset_index(drop=True)
        self.features = frame
        self.districts = districts
        points = frame.geometry.to_numpy()
        self.lon = np.asarray(shapely.get_x(points), float)
        self.lat = np.asarray(shapely.get_y(points), float)
        self.district_of = (districts.containing(self.lon, self.lat) if districts is not None and len(frame)
                            else np.full(len(frame), -1))
        names = list(districts.names) if districts is not None else []
        if "kind" in frame:
            names += frame.loc[frame["kind"].isin(DISTRICT_PLACE_KINDS), "name"].tolist()
        self.prefixes = DistrictPrefixes.from_names(names)
        self._index_names(frame)

    @classmethod
    def from_extract(cls, extract: OsmExtract, *, districts: Districts | None = None) -> NameMatcher:
        """A matcher over an extract read with ``read_osm(path, addresses=True)``."""
        return cls(named_features(extract), districts=districts)

    def _index_names(self, frame: gpd.GeoDataFrame) -> None:
        """
        Every name of every feature as forms, and the bigram -> names index of their primary and bare forms.

        A bilingual name (``澳門浸信中學 Macau Baptist College``) is indexed whole and by each
        script's part (:func:`written_forms`).
        """
        owner: list[int] = []
        forms: list[Written] = []
        written: list[str] = []
        for column in NAME_COLUMNS:
            if column not in frame:
                continue
            for k, text in enumerate(frame[column].tolist()):
                found = written_forms(text, self.prefixes) if isinstance(text, str) and text.strip() else None
                if found is not None:
                    owner.append(k)
                    forms.append(found)
                    written.append(text)
        self.name_owner = np.asarray(owner, dtype=np.int64)
        self.name_forms = forms
        self.name_text = written
        postings: dict[str, list[int]] = {}
        self.exact: dict[str, list[int]] = {}
        for n, name in enumerate(forms):
            for key in _keys(name):
                self.exact.setdefault(key, []).append(n)
                for gram in bigrams(key):
                    postings.setdefault(gram, []).append(n)
        self.postings = {gram: np.unique(np.asarray(ids, dtype=np.int64)) for gram, ids in postings.items()}
        self.common_postings = max(50, int(COMMON_BIGRAM_SHARE * len(forms)))

    def _candidate_names(self, row: Written) -> npt.NDArray[np.int64]:
        """Names sharing the most bigrams with the row's forms (rare bigrams first), plus exact form hits."""
        keys = _keys(row)
        exact = [n for key in keys for n in self.exact.get(key, ())]
        grams = {g for key in keys for g in bigrams(key)}
        lists = [self.postings[g] for g in grams if g in self.postings]
        rare = [p for p in lists if len(p) <= self.common_postings] or lists
        if not rare:
            return np.asarray(sorted(set(exact)), dtype=np.int64)
        ids, counts = np.unique(np.concatenate(rare), return_counts=True)
        if len(ids) > CANDIDATES_PER_ROW:
            ids = ids[np.argsort(-counts, kind="stable")[:CANDIDATES_PER_ROW]]
        return np.unique(np.concatenate([ids, np.asarray(exact, dtype=np.int64)]))

    def scores(self, name: str) -> dict[int, tuple[float, int]]:
        """Feature position -> (best score, the name that gave it) for the candidates of ``name``."""
        row = written_forms(name, self.prefixes)
        best: dict[int, tuple[float, int]] = {}
        if row is None:
            return best
        for n in self._candidate_names(row).tolist():
            score = written_score(row, self.name_forms[n])
            k = int(self.name_owner[n])
            if score > best.get(k, (-1.0, -1))[0]:
                best[k] = (score, n)
        return best

    def row_district(self, name: str, district: str) -> int | None:
        """The district polygon a row names: its district text, else a district its name starts with."""
        if self.districts is None:
            return None
        found = self.districts.find(district) if district else None
        if found is None and not district:
            stem, _ = self.prefixes.split(_CITY_PREFIX.sub("", variant_form(fold_name(name))))
            found = self.districts.find(stem) if stem else None
        return found

    def place(self, rows: pd.DataFrame) -> list[Attempt]:
        """One attempt per row (columns ``name`` and ``district`` read): a unique match, or suggestions."""
        names = rows["name"].tolist() if "name" in rows else [""] * len(rows)
        district_texts = rows["district"].tolist() if "district" in rows else [""] * len(rows)
        return [self.place_one(str(n or ""), str(d or "")) for n, d in zip(names, district_texts, strict=True)]

    def place_one(self, name: str, district: str = "") -> Attempt:
        """Place one name (module docstring: the score, the district, the unique best)."""
        if not name.strip() or not len(self.features):
            return Attempt()
        scored = self.scores(name)
        found = sorted(((s, k, n) for k, (s, n) in scored.items() if s >= SUGGEST_SCORE),
                       key=lambda t: (-t[0], t[1]))
        if not found:
            return Attempt()
        where = self.row_district(name, district)
        inside = [t for t in found if where is None or self.district_of[t[1]] == where]
        if inside and inside[0][0] >= ACCEPT_SCORE:
            best_score, best, best_name = inside[0]
            rivals = [t for t in inside[1:] if not self._same_place(inside[0], t)]
            if not rivals or rivals[0][0] <= best_score - UNIQUE_MARGIN + 1e-9:
                return Attempt(placed=self._candidate(best_score, best, best_name))
        shown: list[tuple[float, int, int]] = []
        for t in found:  # one suggestion per place: a node and its building are one
            if len(shown) < MAX_NAME_SUGGESTIONS and not any(self._same_place(s, t) for s in shown):
                shown.append(t)
        return Attempt(suggestions=tuple(self._candidate(s, k, n) for s, k, n in shown))

    def _same_place(self, best: tuple[float, int, int], other: tuple[float, int, int]) -> bool:
        """
        Whether a rival is the best match's place mapped again (a library's node and its building).

        The project's rule (equal folded names within SAME_SITE_WITHIN_M), or an equal score
        within that distance (``濠江中學`` on a building and ``濠江中學 Escola Hou Kong`` on its node).
        """
        (score, k, n), (other_score, other_k, other_n) = best, other
        alike = self.name_forms[n][0][0] == self.name_forms[other_n][0][0] or abs(score - other_score) < 1e-9
        if not alike:
            return False
        dx = math.radians(self.lon[other_k] - self.lon[k]) * math.cos(math.radians(self.lat[k]))
        dy = math.radians(self.lat[other_k] - self.lat[k])
        return 6_371_000.0 * math.hypot(dx, dy) <= SAME_SITE_WITHIN_M

    def _candidate(self, score: float, k: int, n: int) -> Candidate:
        return Candidate(float(self.lon[k]), float(self.lat[k]), round(float(score), 4), self.name_text[n],
                         self.method)
