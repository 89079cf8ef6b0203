"""
The geocoding services mainland offices use, as steps of the placement chain (issue 22).

Each is optional and off unless configured (environment variables, read once by
:func:`geocoder_from_env`):

- ``LEARNING_MAP_GEOCODER``: ``tianditu`` (天地图, CGCS2000 taken as WGS84), ``amap`` (高德,
  GCJ-02) or ``baidu`` (百度, BD-09); unset or empty: no geocoder;
- ``LEARNING_MAP_GEOCODER_KEY``: the office's key (never written to any file, log, report,
  cache row or error);
- ``LEARNING_MAP_GEOCODER_URL``: another endpoint (a proxy, a test server);
- ``LEARNING_MAP_GEOCODER_PER_SECOND`` / ``LEARNING_MAP_GEOCODER_PER_DAY``: the office's own
  quota when it has more than the service's published one for a personal key.

The clients: :class:`TiandituGeocoder`, :class:`AmapGeocoder`, :class:`BaiduGeocoder` (what they
share: :mod:`learning_map.city.geocoders.client`). See docs/office/geocoders.md.
"""

from __future__ import annotations

import os
import urllib.parse
from typing import TYPE_CHECKING

from learning_map.city.geocoders.amap import AmapGeocoder
from learning_map.city.geocoders.baidu import BaiduGeocoder
from learning_map.city.geocoders.client import (
    GeocodeCache,
    GeocoderError,
    ServiceGeocoder,
    mask_key,
)
from learning_map.city.geocoders.tianditu import TiandituGeocoder
from learning_map.errors import N_, ParameterError, unknown_choice

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "GEOCODER_ENV", "KEY_ENV", "PER_DAY_ENV", "PER_SECOND_ENV", "SERVICES", "URL_ENV", "AmapGeocoder",
    "BaiduGeocoder", "GeocodeCache", "GeocoderError", "ServiceGeocoder", "TiandituGeocoder", "geocoder_from_env",
    "mask_key",
]

GEOCODER_ENV = "LEARNING_MAP_GEOCODER"
KEY_ENV = "LEARNING_MAP_GEOCODER_KEY"
URL_ENV = "LEARNING_MAP_GEOCODER_URL"
PER_SECOND_ENV = "LEARNING_MAP_GEOCODER_PER_SECOND"
PER_DAY_ENV = "LEARNING_MAP_GEOCODER_PER_DAY"
# The services by their name in LEARNING_MAP_GEOCODER (and in the placement chain's METHODS).
SERVICES: dict[str, type[ServiceGeocoder]] = {
    TiandituGeocoder.method: TiandituGeocoder, AmapGeocoder.method: AmapGeocoder, BaiduGeocoder.method: BaiduGeocoder,
}


def geocoder_from_env(
    environ: Mapping[str, str] = os.environ, *, cache: GeocodeCache | None = None,
) -> ServiceGeocoder | None:
    """
    The geocoder the environment configures, or None when ``LEARNING_MAP_GEOCODER`` is unset.

    Parameters
    ----------
    environ
        The environment (``os.environ``; tests give a dict).
    cache
        Where answers are kept between imports (the registry store's ``geocode_cache``:
        :func:`learning_map.store.geocode_cache.store_geocode_cache`); used only for a service
        whose terms allow it.

    Returns
    -------
    geocoder
        A placement-chain step (:class:`~learning_map.city.placement.Placer`), or None.

    Raises
    ------
    ParameterError
        One sentence: the service's name is unknown, its key is missing, or a quota is not a
        positive number.
    """
    name = (environ.get(GEOCODER_ENV) or "").strip().casefold()
    if not name:
        return None
    if name not in SERVICES:
        raise unknown_choice(GEOCODER_ENV, name, SERVICES, what=N_("geocoder"))
    key = (environ.get(KEY_ENV) or "").strip()
    if not key:
        raise ParameterError(KEY_ENV, N_("{variable} chooses the {service} geocoder, but its key is missing: "
                                         "set {key_variable}"),
                             variable=GEOCODER_ENV, service=name, key_variable=KEY_ENV)
    url = (environ.get(URL_ENV) or "").strip()
    if url and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ParameterError(URL_ENV, message_id="url.not_http")
    return SERVICES[name](key=key, url=url, cache=cache,
                          per_second=_positive(environ, PER_SECOND_ENV, float),
                          per_day=_positive(environ, PER_DAY_ENV, int))


def _positive(environ: Mapping[str, str], variable: str, kind: type[float] | type[int]) -> float | int | None:
    raw = (environ.get(variable) or "").strip()
    if not raw:
        return None
    try:
        value = kind(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ParameterError(variable, N_("must be a positive number, not {value!r}"), value=raw)
    return value
