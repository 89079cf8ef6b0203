"""Shared names: site columns, attribution text and the OSM copyright link."""

from __future__ import annotations

# The fields of a learning site, in display order.
SITE_COLUMNS = (
    "site_id", "name", "name_zh", "name_en", "category", "address", "phone", "opening_hours",
    "website", "description", "source", "osm_id",
)
# Headings a registry may give a site's capacity (seats or classes) under; compared case- and
# space-insensitively. The store keeps it as ``capacity``; the access score reads it.
CAPACITY_COLUMN_ALIASES = ("capacity", "seats", "容量", "座位数", "学位数", "容纳人数", "座位", "座位數")
# Headings a registry may give a site's district (区) under; the store keeps it as ``district``
# and the placement chain places a row only inside it (learning_map.city.placement).
DISTRICT_COLUMN_ALIASES = ("district", "区", "区县", "所属区", "行政区", "區", "所屬區", "所在区", "辖区")
OSM_ATTRIBUTION = "© OpenStreetMap contributors (ODbL)"
OSM_COPYRIGHT_URL = "https://www.openstreetmap.org/copyright"
