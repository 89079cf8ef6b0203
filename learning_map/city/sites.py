"""Learning sites derived from OpenStreetMap tags."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from learning_map.base.schema import SITE_COLUMNS
from learning_map.city.categories import (
    CARE_HOME_NAME_PATTERN,
    CARE_HOME_TAGS,
    CATEGORIES,
    ELDERLY_CENTRE_NAME_PATTERN,
    ELDERLY_CENTRE_SUBTYPE,
    ELDERLY_CENTRE_TAGS,
    ELDERLY_NAME_PATTERN,
)
from learning_map.city.naming import fold_names, has_han, likely_same
from learning_map.city.scripts import SCRIPT_COLUMNS, region_of_bounds, stored_pair, tag_names
from learning_map.io.osm import read_osm
from learning_map.settings import SAME_SITE_WITHIN_M

logger = logging.getLogger(__name__)


# Kept for callers of the old name: the one "likely the same site" distance.
DUPLICATE_WITHIN_M = SAME_SITE_WITHIN_M

_DIRECT_CATEGORY = {
    "library": "library",
    "community_centre": "community_learning",
    "arts_centre": "cultural_centre",
    "school": "school",
    "college": "college",
    "university": "university",
}


def _tag(tags: pd.Series, *keys: str) -> pd.Series:
    """First non-empty value among ``keys`` in each row's tag dict ('' if none)."""
    out = pd.Series("", index=tags.index, dtype=object)
    for key in reversed(keys):
        values = tags.map(lambda t, k=key: t.get(k, ""))
        out = out.where(values == "", values)
    return out


def _address(tags: pd.Series) -> pd.Series:
    full = _tag(tags, "addr:full")
    street = _tag(tags, "addr:street") + " " + _tag(tags, "addr:housenumber")
    composed = (_tag(tags, "addr:city") + " " + street).str.strip()
    return full.where(full != "", composed)


def _tag_in(tags: pd.Series, table: dict[str, frozenset[str]]) -> pd.Series:
    """True where any ``key=value`` of ``table`` is among a feature's tags."""
    found = pd.Series(False, index=tags.index)
    for key, values in table.items():
        found |= _tag(tags, key).isin(values)
    return found


def classify_osm(tags: pd.Series) -> tuple[pd.Series, pd.Series]:
    """
    Map OSM tag dicts to learning categories and subtypes.

    The elderly rule (vocabulary in :mod:`learning_map.city.categories`): a feature
    serving older people (an elderly name or ``social_facility:for=senior``) whose
    folded name or tags mark a day, activity or community service centre is
    ``elderly_education`` with subtype ``social_learning_point``; residential care
    (a care-home name, or a care-home ``social_facility`` tag without a centre
    name) is not a learning site; other social facilities for seniors, and
    community centres, colleges and universities with an elderly name, are
    ``elderly_education`` without a subtype.

    Parameters
    ----------
    tags
        One dict of OSM tags per feature.

    Returns
    -------
    category, subtype
        Category key or NA (not a learning site); subtype key or ``""``.
    """
    amenity = _tag(tags, "amenity")
    names = _tag(tags, "name") + " " + _tag(tags, "name:zh") + " " + _tag(tags, "name:en")
    folded = pd.Series(fold_names(names + " " + _tag(tags, "name:pt")), index=tags.index)
    elderly_name = names.str.contains(ELDERLY_NAME_PATTERN, na=False) | folded.str.contains(
        ELDERLY_NAME_PATTERN, na=False
    )
    for_senior = _tag(tags, "social_facility:for").str.contains("senior", na=False)
    category = amenity.map(_DIRECT_CATEGORY)
    serves_elderly = for_senior | elderly_name
    candidate = amenity.isin(["social_facility", "community_centre"])
    centre_name = folded.str.contains(ELDERLY_CENTRE_NAME_PATTERN, na=False)
    centre = candidate & serves_elderly & (centre_name | _tag_in(tags, ELDERLY_CENTRE_TAGS))
    care_home = candidate & (
        folded.str.contains(CARE_HOME_NAME_PATTERN, na=False)
        | (_tag_in(tags, CARE_HOME_TAGS) & ~centre_name)
    )
    elderly = (
        ((amenity == "social_facility") & serves_elderly)
        | (amenity.isin(["community_centre", "college", "university"]) & elderly_name)
        | centre
    ) & ~care_home
    category = category.where(~elderly, "elderly_education").where(~care_home, None)
    subtype = pd.Series("", index=tags.index, dtype=object).where(
        ~(centre & ~care_home), ELDERLY_CENTRE_SUBTYPE
    )
    return category, subtype


def categorise_osm(tags: pd.Series) -> pd.Series:
    """
    Map OSM tag dicts to learning categories (see :func:`classify_osm`).

    Parameters
    ----------
    tags
        One dict of OSM tags per feature.

    Returns
    -------
    category
        Category key, or missing (NA) for features that are not learning
        sites (e.g. a social facility that is not for seniors, a care home).
    """
    return classify_osm(tags)[0]


def sites_from_features(features: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """
    Turn raw OSM features into learning sites.

    Parameters
    ----------
    features
        Learning amenities from :func:`learning_map.io.osm.read_osm` (EPSG:4326).

    Returns
    -------
    sites
        Columns :data:`SITE_COLUMNS`; polygons become a point on their surface
        (inside the building, unlike a centroid).
    """
    tags = features["tags"]
    category, subtype = classify_osm(tags)
    keep = category.notna().to_numpy()
    features, tags = features[keep], tags[keep]
    category, subtype = category[keep], subtype[keep]
    if features.empty:  # an extract without learning places (e.g. a street-only export)
        return empty_sites()
    into = relation_part_of(features, category.to_numpy())
    osm_ref = features["osm_type"].str[0] + features["osm_id"].astype(str)
    name = _tag(tags, "name", "name:zh", "name:en", "name:pt")
    region = region_of_bounds(features.total_bounds)
    scripts = [tag_names(t, region=region) for t in tags]
    sites = gpd.GeoDataFrame(
        {
            "site_id": "osm-" + osm_ref,
            "name": name,
            "name_zh": _tag(tags, "name:zh", "name:zh-Hans", "name:zh-Hant"),
            "name_en": _tag(tags, "name:en"),
            "category": category,
            "subtype": subtype,
            "address": _address(tags),
            "phone": _tag(tags, "phone", "contact:phone"),
            "opening_hours": _tag(tags, "opening_hours"),
            "website": _tag(tags, "website", "contact:website", "url"),
            "description": _tag(tags, "description", "operator"),
            "source": "osm",
            "osm_id": osm_ref,
            **{column: [n[locale] for n in scripts] for locale, column in SCRIPT_COLUMNS.items()},
            "name_pt": [n["pt"] for n in scripts],
        },
        geometry=shapely.point_on_surface(features.geometry.to_numpy()),
        crs="EPSG:4326",
    )
    sites = _merge_into_relations(sites, into)
    sites = merge_duplicate_sites(sites)
    # An unnamed site is still a site; label it with its category so lists stay readable.
    unnamed = sites["name"] == ""
    sites.loc[unnamed, "name"] = sites.loc[unnamed, "category"].map(unnamed_label)
    return sites.reset_index(drop=True)


def relation_part_of(features: gpd.GeoDataFrame, category: npt.NDArray[np.object_]) -> npt.NDArray[np.int64]:
    """
    For each feature, the row of the relation site it only repeats, else -1 (one place, one site).

    A multipolygon relation (a university) whose outer member way (a campus) is tagged as
    well maps that place twice: a way is the same site as a relation of the same category
    when its outline is one of the relation's outer rings and the relation's point (as
    sites are placed, :func:`shapely.point_on_surface`) lies in it. A member way elsewhere
    (the university's other campus) is another place and stays a site of its own.
    """
    into = np.full(len(features), -1, dtype=np.int64)
    kind = features["osm_type"].to_numpy()
    geoms = features.geometry.to_numpy()
    ways = np.flatnonzero((kind == "way") & np.isin(shapely.get_type_id(geoms), (3, 6)))
    relations = np.flatnonzero(kind == "relation")
    if not len(ways) or not len(relations):
        return into
    points = shapely.point_on_surface(geoms[relations])
    at_relation, at_way = shapely.STRtree(geoms[ways]).query(points, predicate="intersects")
    for r, w in zip(relations[at_relation], ways[at_way], strict=True):
        if category[r] != category[w] or into[w] >= 0:
            continue
        shells = shapely.polygons(shapely.get_exterior_ring(shapely.get_parts(geoms[r])))
        shell = shapely.polygons(shapely.get_exterior_ring(shapely.get_parts(geoms[w])))
        if len(shell) == 1 and shapely.equals(shells, shell[0]).any():
            into[w] = r
    return into


def _merge_into_relations(sites: gpd.GeoDataFrame, into: npt.NDArray[np.int64]) -> gpd.GeoDataFrame:
    """Drop the ways that repeat a relation site (:func:`relation_part_of`); their details fill its gaps."""
    parts = np.flatnonzero(into >= 0)
    if not len(parts):
        return sites
    sites = sites.copy()
    # The relation's own names stay (a way's name is its part's: "... Campus de Mong-Há").
    for column in ("address", "phone", "opening_hours", "website", "description"):
        values = sites[column].to_numpy(dtype=object, copy=True)
        for way, relation in zip(parts, into[parts], strict=True):
            if values[relation] == "" and values[way] != "":
                values[relation] = values[way]
        sites[column] = values
    logger.info("Merged %d OSM ways into the relation site they are a part of", len(parts))
    return sites.drop(index=sites.index[parts]).reset_index(drop=True)


def unnamed_label(category: str) -> str:
    """
    The stored name of a site the data leaves unnamed: ``"图书馆 (Library)"``.

    :func:`display_records` recognises it (or an empty name) and marks the site
    ``unnamed``, with a placeholder per language in ``names``.
    """
    entry = CATEGORIES.get(category)
    return f"{entry.label_zh} ({entry.label_en})" if entry else ""


def merge_duplicate_sites(
    sites: gpd.GeoDataFrame, *, within_m: float = SAME_SITE_WITHIN_M
) -> gpd.GeoDataFrame:
    """
    Merge OSM features that map one place twice (e.g. a node and its building).

    Features of one category that are likely the same site
    (:func:`learning_map.city.naming.likely_same`: equal folded names at most ``within_m``
    apart) become one site: the first one's geometry and id, with empty fields
    filled from the others. Unnamed features, and features of different
    categories (a site has one category), are never merged.

    Parameters
    ----------
    sites
        Sites from :func:`sites_from_features` (EPSG:4326), before labelling unnamed ones.
    within_m
        Largest distance between two features of one place.

    Returns
    -------
    sites
    """
    from scipy import sparse
    from scipy.sparse import csgraph


    n = len(sites)
    if n < 2:
        return sites
    pairs = likely_same(sites, within_m=within_m)
    category = sites["category"].to_numpy()
    left, right = pairs["left"].to_numpy(), pairs["right"].to_numpy()
    same = category[left] == category[right]  # one site has one category: never merged across
    graph = sparse.coo_matrix((np.ones(same.sum()), (left[same], right[same])), shape=(n, n))
    _, place = csgraph.connected_components(graph, directed=False)
    if place.max() + 1 == n:
        return sites
    text = sites.drop(columns="geometry").replace("", pd.NA)
    merged = text.groupby(place, sort=False).first().fillna("")
    first = pd.Series(np.arange(n)).groupby(place, sort=False).first().to_numpy()
    logger.info("Merged %d OSM features that map the same site twice", n - len(first))
    return gpd.GeoDataFrame(
        merged.reset_index(drop=True), geometry=sites.geometry.to_numpy()[first], crs=sites.crs
    )


def read_osm_sites(path: str | Path) -> gpd.GeoDataFrame:
    """
    Read the learning sites of an OSM extract.

    Parameters
    ----------
    path
        ``.osm.pbf`` or ``.osm`` file.

    Returns
    -------
    sites
        See :func:`sites_from_features`.
    """
    sites = sites_from_features(read_osm(path).amenities)
    logger.info(
        "Found %d learning sites in %s: %s",
        len(sites), Path(path).name, sites["category"].value_counts().to_dict(),
    )
    return sites


def empty_sites() -> gpd.GeoDataFrame:
    """Return an empty site table with the standard columns."""
    return gpd.GeoDataFrame(
        {c: pd.Series(dtype=object) for c in SITE_COLUMNS}, geometry=[], crs="EPSG:4326"
    )


# What a citizen sees of a site, on the served page and in every exported map.
DISPLAY_FIELDS = ("site_id", "name", "name_zh", "name_en", "category", "address", "phone",
                  "opening_hours", "website", "description")


def _display_text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)


# A Macau-style name: Chinese first, then the Portuguese (Latin letters) after a space.
_CHINESE_THEN_LATIN = re.compile(r"^[^A-Za-z]*[\u3400-\u9fff][^A-Za-z]*?\s+([A-Za-z].*)$")


def _latin_rest(name: str) -> str:
    """The Latin part of ``"下環圖書館 Biblioteca de S. Lourenço"``, else ``""``."""
    found = _CHINESE_THEN_LATIN.match(name)
    return found.group(1).strip() if found and not has_han(found.group(1)) else ""


def site_names(record: dict, *, name_pt: str = "") -> tuple[dict[str, str], bool]:
    """
    A site's name in each script the citizen page offers, and whether the data names it.

    The one rule for ``names`` (used by :func:`display_records`): ``zh-Hans`` and
    ``zh-Hant`` are the names stored at build time (``name_zh_hans``, ``name_zh_hant``:
    :mod:`learning_map.city.scripts`), else the Chinese name (``name_zh``, else ``name`` when
    it is Chinese) by the same rule; ``en`` is ``name_en``; ``pt`` is ``name_pt``, else the Latin part
    of a Macau-style ``"中文 Português"`` name when it is not the English one. A language
    the data has no name for shows ``name`` (English: the Portuguese name first), so no
    entry is ever empty. An unnamed site
    (empty name, or the :func:`unnamed_label` placeholder) gets its category in each
    language: ``图书馆`` / ``圖書館`` / ``Library`` / ``Biblioteca`` (the catalogues).

    Parameters
    ----------
    record
        ``name``, ``name_zh``, ``name_en`` and ``category`` as text; ``name_zh_hans`` and
        ``name_zh_hant`` where the bundle stores them.
    name_pt
        The Portuguese name where the data has one.

    Returns
    -------
    names, unnamed
        ``{"zh-Hans", "zh-Hant", "en", "pt"}`` and True for an unnamed site.
    """
    name, category = record["name"], CATEGORIES.get(record["category"])
    if category is not None and name in ("", unnamed_label(record["category"])):
        return {code: category.label(code.replace("-", "_")) for code in ("zh-Hans", "zh-Hant", "en", "pt")}, True
    chinese = record["name_zh"] or (name if has_han(name) else "")
    hans, hant = stored_pair(record, chinese)
    english = record["name_en"]
    portuguese = name_pt or _latin_rest(name)
    if portuguese == english:
        portuguese = ""
    return {
        "zh-Hans": hans or name,
        "zh-Hant": hant or name,
        "en": english or portuguese or name,
        "pt": portuguese or name,
    }, False


def with_script_names(sites: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """
    ``sites`` with their Chinese name stored in each script (``name_zh_hans``, ``name_zh_hant``).

    Names an OSM build already took from the tags stay; the others (a registry's sites) are
    the Chinese name (``name_zh``, else ``name`` when Chinese) by the one rule of
    :mod:`learning_map.city.scripts`, converted here, once, at build time.
    """
    sites = sites.copy()
    for column in (*SCRIPT_COLUMNS.values(), "name_pt"):
        sites[column] = sites[column].fillna("").astype(str) if column in sites else ""
    # A bundle built from data (build_bundle) may give only ``name``: a missing column is empty.
    wanted = ["name", "name_zh", *SCRIPT_COLUMNS.values()]
    records = (pd.DataFrame(sites).reindex(columns=wanted, fill_value="").fillna("").astype(str)
               .to_dict("records"))
    pairs = [stored_pair(r, r["name_zh"] or (r["name"] if has_han(r["name"]) else "")) for r in records]
    sites["name_zh_hans"] = [p[0] for p in pairs]
    sites["name_zh_hant"] = [p[1] for p in pairs]
    return sites


def display_records(sites: gpd.GeoDataFrame) -> list[dict]:
    """
    Each site as plain text for display: its fields, category labels and colour, lon/lat.

    The one site -> display record rule: the web API and the exported maps both use it.
    Text stays text (never HTML); missing values are empty strings.

    Parameters
    ----------
    sites
        Sites in EPSG:4326.

    Returns
    -------
    records
        One dict per site with :data:`DISPLAY_FIELDS`, ``category_zh``, ``category_en``,
        ``color``, ``names`` and ``unnamed`` (:func:`site_names`; ``name`` stays as
        stored), and ``lon``/``lat`` rounded to 6 decimals (about 0.1 m).
    """
    import shapely

    points = sites.geometry.to_numpy()
    lon = np.round(shapely.get_x(points), 6).tolist()
    lat = np.round(shapely.get_y(points), 6).tolist()
    columns = {
        f: sites[f].map(_display_text).tolist() if f in sites else [""] * len(sites)
        for f in DISPLAY_FIELDS
    }
    stored = {c: sites[c].map(_display_text).tolist() if c in sites else [""] * len(sites)
              for c in ("name_pt", *SCRIPT_COLUMNS.values())}
    categories = [CATEGORIES.get(key) for key in columns["category"]]
    records = []
    for i, category in enumerate(categories):
        record = {f: columns[f][i] for f in DISPLAY_FIELDS}
        scripts = {c: stored[c][i] for c in SCRIPT_COLUMNS.values()}
        names, unnamed = site_names(record | scripts, name_pt=stored["name_pt"][i])
        records.append({
            **record,
            "names": names,
            "unnamed": unnamed,
            "category_zh": category.label_zh if category else "",
            "category_en": category.label_en if category else "",
            "color": category.color if category else "#555555",
            "lon": lon[i],
            "lat": lat[i],
        })
    return records
