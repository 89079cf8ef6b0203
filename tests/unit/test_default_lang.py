"""The citizen page's default language from the city: 繁體 in Hong Kong, Macau and Taiwan."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from learning_map.web.service import CityService


def service(bounds: tuple[float, float, float, float], meta: dict | None = None) -> CityService:
    """A CityService over a stand-in bundle: only its meta and network bounds are read."""
    network = SimpleNamespace(bounds_lonlat=lambda: bounds)
    return CityService(SimpleNamespace(meta=meta or {}, network=network), queries=None)


@pytest.mark.parametrize(("bounds", "lang"), [
    ((113.529, 22.110, 113.592, 22.217), "zh-Hant"),  # Macau
    ((114.10, 22.25, 114.25, 22.35), "zh-Hant"),  # Hong Kong
    ((121.45, 24.95, 121.65, 25.15), "zh-Hant"),  # Taipei
    ((121.30, 31.10, 121.60, 31.35), None),  # Shanghai: the browser's language decides
    ((113.75, 22.45, 114.62, 22.86), None),  # Shenzhen, across the border from Hong Kong
    ((113.13, 21.80, 114.32, 22.45), None),  # Zhuhai, across the border from Macau
    ((24.90, 60.15, 25.05, 60.25), None),  # Helsinki
])
def test_default_lang_from_where_the_city_is(bounds, lang):
    assert service(bounds).default_lang == lang


def test_bundle_default_lang_wins():
    assert service((121.3, 31.1, 121.6, 31.35), {"default_lang": "zh-Hant"}).default_lang == "zh-Hant"
    assert service((113.529, 22.11, 113.592, 22.217), {"default_lang": "en"}).default_lang == "en"
