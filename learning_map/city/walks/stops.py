"""The stops of humanities walks: sights by theme and rest points, from OSM features."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from learning_map.base.i18n import gettext
from learning_map.city.scripts import SCRIPT_COLUMNS, record_names, region_of_bounds, tag_names
from learning_map.errors import N_, check_choice

if TYPE_CHECKING:
    import geopandas as gpd

# Which OSM sights belong to which theme; learning sites of these categories join them.
THEMES: dict[str, dict[str, Any]] = {
    "history": {"label": N_("History"),
                "tourism": {"museum", "attraction"}, "historic": True,
                "amenity": {"place_of_worship"}, "categories": set()},
    "culture": {"label": N_("Culture"),
                "tourism": {"museum", "gallery", "artwork"}, "historic": False,
                "amenity": {"arts_centre", "theatre", "library", "community_centre"},
                "categories": {"library", "cultural_centre"}},
}
THEME_NAMES = (*THEMES, "all")
ALL_THEMES_LABEL = N_("All themes")


def theme_label(theme: str | None, locale: str) -> str:
    """The name of walk theme ``theme`` (``history``, ``culture``; anything else: all themes) in ``locale``."""
    return gettext(THEMES[theme]["label"] if theme in THEMES else ALL_THEMES_LABEL, locale=locale)
# Sights with a roof and seats: a walker can rest there too.
INDOOR_TOURISM = {"museum", "gallery"}
INDOOR_AMENITY = {"arts_centre", "theatre", "library", "community_centre"}
REST_AMENITY = {"bench", "toilets", "shelter"}
# A stop's names per script, stored at build time (older bundles have none: see stop_names).
STOP_NAME_COLUMNS = (*SCRIPT_COLUMNS.values(), "name_pt")


def stop_names(row: Any) -> dict[str, str]:
    """A stop's (or a stop row's) name in each locale: stored at build time, else by the same rule."""
    def get(column: str) -> str:
        value = row.get(column, "")
        return value if isinstance(value, str) else ""  # missing: "", None or NaN

    return record_names({c: get(c) for c in SCRIPT_COLUMNS.values()}, chinese=get("name"),
                        en=get("name_en"), pt=get("name_pt"))


def _name(tags: dict) -> tuple[str, str]:
    zh = tags.get("name:zh") or tags.get("name:zh-Hant") or tags.get("name") or ""
    en = tags.get("name:en") or tags.get("name:pt") or ""
    return str(zh), str(en)


def stops_from_features(features: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """
    Sights and rest points from OSM features (:func:`learning_map.io.osm.read_osm` ``stops``).

    Returns
    -------
    stops
        EPSG:4326 points with ``name``, ``name_en``, the stored names per script
        (:data:`STOP_NAME_COLUMNS`, :mod:`learning_map.city.scripts`), ``kind`` (``sight`` / ``rest``),
        ``themes`` (comma-separated theme keys), ``indoor`` and ``osm_id``. Unnamed sights
        are left out (a walk names its stops); rest points may be unnamed.
    """
    import geopandas as gpd

    rows = []
    points = features.geometry.representative_point() if len(features) else features.geometry
    region = region_of_bounds(features.total_bounds) if len(features) else None
    for tags, osm_type, osm_id, point in zip(features["tags"], features["osm_type"],
                                             features["osm_id"], points, strict=True):
        zh, en = _name(tags)
        scripts = tag_names(tags, region=region)
        names = {column: scripts[locale] for locale, column in SCRIPT_COLUMNS.items()} | {"name_pt": scripts["pt"]}
        tourism, amenity, historic = tags.get("tourism"), tags.get("amenity"), tags.get("historic")
        themes = [key for key, theme in THEMES.items()
                  if tourism in theme["tourism"] or amenity in theme["amenity"]
                  or (theme["historic"] and historic and historic != "no")]
        if themes and zh:
            rows.append({"name": zh, "name_en": en, "kind": "sight", "themes": ",".join(themes),
                         "indoor": tourism in INDOOR_TOURISM or amenity in INDOOR_AMENITY,
                         "osm_id": f"{osm_type}{osm_id}", **names, "geometry": point})
        elif amenity in REST_AMENITY:
            rows.append({"name": zh, "name_en": en, "kind": "rest", "themes": "",
                         "indoor": amenity == "toilets", "osm_id": f"{osm_type}{osm_id}",
                         **names, "geometry": point})
    columns = ["name", "name_en", "kind", "themes", "indoor", "osm_id", *STOP_NAME_COLUMNS, "geometry"]
    return gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs="EPSG:4326")


def theme_stops(stops: gpd.GeoDataFrame, sites: gpd.GeoDataFrame, theme: str) -> gpd.GeoDataFrame:
    """The sights of ``theme`` (or every sight for ``all``), with the theme's learning sites."""
    import geopandas as gpd

    check_choice("theme", theme, THEME_NAMES, message_id="theme.unknown")
    sights = stops[stops["kind"] == "sight"]
    if theme != "all":
        sights = sights[sights["themes"].str.split(",").map(lambda keys: theme in keys)]
    categories = set().union(*(t["categories"] for t in THEMES.values())) if theme == "all" \
        else THEMES[theme]["categories"]
    learning = sites[sites["category"].isin(categories)]
    extra = gpd.GeoDataFrame({
        "name": learning["name"].astype(str), "name_en": learning.get("name_en", ""),
        **{c: learning.get(c, "") for c in STOP_NAME_COLUMNS},
        "kind": "sight", "themes": theme, "indoor": True,
        "osm_id": learning["site_id"].astype(str), "geometry": learning.geometry.to_crs(4326),
    }, geometry="geometry", crs="EPSG:4326")
    both = pd.concat([sights, extra], ignore_index=True)
    return gpd.GeoDataFrame(both, geometry="geometry", crs="EPSG:4326")
