"""
Where a city is, by lon/lat boxes: its holiday region and time zone, and its written Chinese.

The one place for the boxes: :func:`learning_map.city.hours.city_calendar` picks a calendar
with :func:`region_at`, the citizen page its default language with :func:`written_lang`.
"""

from __future__ import annotations

# (region, time zone, west, south, east, north): where a city's centre picks its calendar.
# The first box that holds the centre wins; a region without a calendar file gets none.
REGION_BOXES = (
    ("MO", "Asia/Macau", 113.52, 22.10, 113.61, 22.22),
    ("HK", "Asia/Hong_Kong", 113.82, 22.13, 114.45, 22.57),
    ("TW", "Asia/Taipei", 119.30, 21.80, 122.10, 25.40),
    ("CN", "Asia/Shanghai", 73.0, 18.0, 135.1, 53.6),
)
# Where Traditional Chinese is the written norm (Hong Kong, Macau, Taiwan), as lon/lat boxes
# (west, south, east, north). Taiwan's box reaches Kinmen and Matsu, which its calendar box
# (REGION_BOXES) leaves to the mainland's time zone rule: the same time zone either way.
TRADITIONAL_REGIONS = ((113.82, 22.13, 114.45, 22.57), (113.52, 22.10, 113.61, 22.22),
                       (118.1, 21.8, 122.1, 26.4))


def _inside(lon: float, lat: float, box: tuple[float, float, float, float]) -> bool:
    west, south, east, north = box
    return west <= lon <= east and south <= lat <= north


def region_at(lon: float, lat: float) -> tuple[str, str] | None:
    """``(region, time zone)`` of the first :data:`REGION_BOXES` box holding (lon, lat), else None."""
    for region, timezone, *box in REGION_BOXES:
        if _inside(lon, lat, tuple(box)):
            return region, timezone
    return None


def written_lang(lon: float, lat: float) -> str | None:
    """``zh-Hant`` where Traditional Chinese is the written norm at (lon, lat), else None."""
    return "zh-Hant" if any(_inside(lon, lat, box) for box in TRADITIONAL_REGIONS) else None


def centre(bounds: tuple[float, float, float, float]) -> tuple[float, float]:
    """The (lon, lat) centre of (west, south, east, north) bounds: where a city is said to be."""
    west, south, east, north = bounds
    return (west + east) / 2, (south + north) / 2
