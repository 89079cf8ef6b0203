"""Learning sites derived from OpenStreetMap tags."""

from __future__ import annotations

import logging
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from learning_map.categories import CATEGORIES, ELDERLY_NAME_PATTERN
from learning_map.schema import SITE_COLUMNS

logger = logging.getLogger(__name__)


# Two OSM features of one category and name closer than this are one place.
DUPLICATE_WITHIN_M = 100.0

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


def categorise_osm(tags: pd.Series) -> pd.Series:
    """
    Map OSM tag dicts to learning categories.

    Parameters
    ----------
    tags
        One dict of OSM tags per feature.

    Returns
    -------
    category
        Category key, or missing (NA) for features that are not learning
        sites (e.g. a social facility that is not for seniors).
    """
    amenity = _tag(tags, "amenity")
    names = _tag(tags, "name") + " " + _tag(tags, "name:zh") + " " + _tag(tags, "name:en")
    elderly_name = names.str.contains(ELDERLY_NAME_PATTERN, na=False)
    for_senior = _tag(tags, "social_facility:for").str.contains("senior", na=False)
    category = amenity.map(_DIRECT_CATEGORY)
    elderly = (
        ((amenity == "social_facility") & (for_senior | elderly_name))
        | (amenity.isin(["community_centre", "college", "university"]) & elderly_name)
    )
    return category.where(~elderly, "elderly_education")


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
    category = categorise_osm(tags)
    keep = category.notna().to_numpy()
    features, tags, category = features[keep], tags[keep], category[keep]
    osm_ref = features["osm_type"].str[0] + features["osm_id"].astype(str)
    name = _tag(tags, "name", "name:zh", "name:en", "name:pt")
    sites = gpd.GeoDataFrame(
        {
            "site_id": "osm-" + osm_ref,
            "name": name,
            "name_zh": _tag(tags, "name:zh", "name:zh-Hans", "name:zh-Hant"),
            "name_en": _tag(tags, "name:en"),
            "category": category,
            "address": _address(tags),
            "phone": _tag(tags, "phone", "contact:phone"),
            "opening_hours": _tag(tags, "opening_hours"),
            "website": _tag(tags, "website", "contact:website", "url"),
            "description": _tag(tags, "description", "operator"),
            "source": "osm",
            "osm_id": osm_ref,
        },
        geometry=shapely.point_on_surface(features.geometry.to_numpy()),
        crs="EPSG:4326",
    )
    sites = merge_duplicate_sites(sites)
    # An unnamed site is still a site; label it with its category so lists stay readable.
    unnamed = sites["name"] == ""
    sites.loc[unnamed, "name"] = sites.loc[unnamed, "category"].map(
        lambda key: f"{CATEGORIES[key].label_zh} ({CATEGORIES[key].label_en})"
    )
    return sites.reset_index(drop=True)


def merge_duplicate_sites(
    sites: gpd.GeoDataFrame, *, within_m: float = DUPLICATE_WITHIN_M
) -> gpd.GeoDataFrame:
    """
    Merge OSM features that map one place twice (e.g. a node and its building).

    Features of the same category with the same (case-folded) name less than
    ``within_m`` apart become one site: the first one's geometry and id, with
    empty fields filled from the others. Unnamed features are never merged.

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
    named = np.flatnonzero((sites["name"] != "").to_numpy())
    if len(named) < 2:
        return sites
    from scipy import sparse
    from scipy.sparse import csgraph

    from learning_map.network import utm_crs_for

    centre = sites.geometry.iloc[named[0]]
    points = sites.geometry.iloc[named].to_crs(utm_crs_for(centre.x, centre.y)).to_numpy()
    a, b = shapely.STRtree(points).query(points, predicate="dwithin", distance=within_m)
    key = (sites["category"] + "|" + sites["name"].str.casefold()).to_numpy()[named]
    same = (a < b) & (key[a] == key[b])
    n = len(sites)
    pairs = sparse.coo_matrix((np.ones(same.sum()), (named[a[same]], named[b[same]])), shape=(n, n))
    _, place = csgraph.connected_components(pairs, directed=False)
    if len(np.unique(place)) == n:
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
    from learning_map.io.osm import read_osm

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
        ``color``, and ``lon``/``lat`` rounded to 6 decimals (about 0.1 m).
    """
    import shapely

    points = sites.geometry.to_numpy()
    lon = np.round(shapely.get_x(points), 6).tolist()
    lat = np.round(shapely.get_y(points), 6).tolist()
    columns = {
        f: sites[f].map(_display_text).tolist() if f in sites else [""] * len(sites)
        for f in DISPLAY_FIELDS
    }
    categories = [CATEGORIES.get(key) for key in columns["category"]]
    return [
        {
            **{f: columns[f][i] for f in DISPLAY_FIELDS},
            "category_zh": category.label_zh if category else "",
            "category_en": category.label_en if category else "",
            "color": category.color if category else "#555555",
            "lon": lon[i],
            "lat": lat[i],
        }
        for i, category in enumerate(categories)
    ]
