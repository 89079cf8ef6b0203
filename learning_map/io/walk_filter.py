"""
Who may walk a way: OpenStreetMap's access rule for someone on foot, one rule for every reader.

``.osm.pbf`` and ``.osm`` extracts (:mod:`learning_map.io.osm`) and ``--place`` downloads
(:mod:`learning_map.build.download`) all select their walkable ways with :func:`walk_filter_mask`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

# Tags the walk filter looks at, plus the names we keep for street search.
WAY_TAG_KEYS = (
    "highway", "area", "access", "foot", "service",
    "sidewalk", "sidewalk:both", "sidewalk:left", "sidewalk:right",
    "name", "name:zh", "name:en",
    "wheelchair", "ramp:wheelchair",  # the step-free profile
)

# Who may walk a way: OpenStreetMap's access rule (https://wiki.openstreetmap.org/wiki/Key:access)
# for someone on foot. The most specific tag that says something decides: ``foot`` over
# ``access``; a way tagged with neither is open unless its highway class is closed to walkers.
# Values separated by ";" open the way when any of them opens it.
#   Open: anyone may walk it (``customers``: the shop's or the library's own visitors are
#   exactly who walks there; ``destination``: to reach a place on it; ``discouraged``: legal).
FOOT_OPEN = frozenset({"yes", "designated", "permissive", "destination", "customers", "official",
                       "discouraged"})
#   Closed: only owners, deliveries, farm or forest work, the army, permit holders or
#   emergencies; ``use_sidepath``: walkers must use the sidewalk mapped beside it.
#   Other values (e.g. ``unknown``) say nothing: the less specific tag decides.
FOOT_CLOSED = frozenset({"no", "private", "delivery", "agricultural", "forestry", "military",
                         "permit", "emergency", "use_sidepath"})
# Highway values that are no way on the ground (planned, being built, gone): closed whatever
# the other tags say.
NOT_A_WAY_HIGHWAYS = frozenset({"abandoned", "construction", "no", "planned", "proposed", "razed"})
# Highway classes closed to walkers unless the way's own ``foot`` tag opens it (a cycle
# track or a motorway with ``foot=yes``); ``access=yes`` alone does not open them.
FOOT_TAG_HIGHWAYS = frozenset({"bus_guideway", "cycleway", "motorway", "motorway_link",
                               "platform", "raceway", "rest_area", "services"})
# Further exclusions kept from osmnx's ``network_type="walk"`` filter (osmnx 2.x): each value
# is a regex that must NOT be found in the tag (missing tags pass). A street whose sidewalk
# is mapped as its own way (``sidewalk=separate``) is walked along that way instead.
WALK_EXCLUDE_PATTERNS: dict[str, str] = {
    "area": "yes",
    "service": "private",
    "sidewalk": "separate",
    "sidewalk:both": "separate",
    "sidewalk:left": "separate",
    "sidewalk:right": "separate",
}


def foot_access(values: pd.Series) -> npt.NDArray[np.int8]:
    """
    What one access tag says to someone on foot: 1 open, -1 closed, 0 nothing (or no tag).

    See :data:`FOOT_OPEN` and :data:`FOOT_CLOSED`.
    """
    codes, uniques = pd.factorize(values.astype("string"))  # a city has few distinct values
    said = np.zeros(len(uniques) + 1, dtype=np.int8)  # the last slot: a missing tag (code -1)
    for i, value in enumerate(uniques):
        parts = {part.strip().lower() for part in str(value).split(";")}
        said[i] = 1 if parts & FOOT_OPEN else -1 if parts & FOOT_CLOSED else 0
    return said[codes]


def walk_filter_mask(tags: pd.DataFrame) -> npt.NDArray[np.bool_]:
    """
    Select the ways a pedestrian may use: OSM's access rule for someone on foot.

    ``foot`` decides where it says something, else ``access`` (:func:`foot_access`); a
    way with neither is open unless its highway class is closed to walkers
    (:data:`FOOT_TAG_HIGHWAYS`, opened only by a ``foot`` tag). Ways that are not on the
    ground (:data:`NOT_A_WAY_HIGHWAYS`), areas, and streets whose sidewalks are mapped on
    their own are left out (:data:`WALK_EXCLUDE_PATTERNS`). The one rule for every reader:
    ``.osm.pbf`` and ``.osm`` extracts and ``--place`` downloads.

    Parameters
    ----------
    tags
        One row per way; columns are OSM keys (missing values are NaN).

    Returns
    -------
    mask
        True where the way is walkable.
    """
    def column(key: str) -> pd.Series:
        return tags[key] if key in tags else pd.Series(pd.NA, index=tags.index, dtype="string")

    highway = column("highway").astype("string")
    keep = highway.notna().to_numpy().copy()
    keep &= ~highway.isin(NOT_A_WAY_HIGHWAYS).to_numpy(dtype=bool)
    for key, pattern in WALK_EXCLUDE_PATTERNS.items():
        if key in tags:
            found = tags[key].astype("string").str.contains(pattern, regex=True, na=False)
            keep &= ~found.to_numpy(dtype=bool)
    foot = foot_access(column("foot"))
    said = np.where(foot != 0, foot, foot_access(column("access")))
    by_foot_tag_only = highway.isin(FOOT_TAG_HIGHWAYS).to_numpy(dtype=bool)
    return keep & np.where(by_foot_tag_only, foot == 1, said >= 0)
