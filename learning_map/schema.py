"""Shared names: site columns, attribution text and the OSM copyright link."""

from __future__ import annotations

# The fields of a learning site, in display order.
SITE_COLUMNS = (
    "site_id", "name", "name_zh", "name_en", "category", "address", "phone", "opening_hours",
    "website", "description", "source", "osm_id",
)
OSM_ATTRIBUTION = "© OpenStreetMap contributors (ODbL)"
OSM_COPYRIGHT_URL = "https://www.openstreetmap.org/copyright"
