"""
Amap (高德) geocoding v3: answers GCJ-02, converted to WGS84 with the project's own converter.

API: ``GET https://restapi.amap.com/v3/geocode/geo?address=...&key=KEY&output=JSON``, documented
at https://lbs.amap.com/api/webservice/guide/api/georegeo (地理/逆地理编码). The answer is
``{"status": "1", "info": "OK", "infocode": "10000", "count": "N", "geocodes": [...]}``, each
geocode with ``formatted_address`` (shown as what was matched), ``location`` ("lon,lat",
GCJ-02) and ``level``. ``status "0"`` carries an ``infocode`` (error codes:
https://lbs.amap.com/api/webservice/guide/tools/info).

**Confidence** from ``level`` (the levels listed in Amap's notice of 2023-12-07,
https://lbs.amap.com/news/geocoder_api): a house number or finer (门牌号, 门址, 单元号, 楼层,
房间) 0.9, a point of interest or housing estate (兴趣点, 住宅区) 0.85, a metro/bus stop 0.8, a
crossing 0.6, a village or lane 0.5, a road or business area 0.4, a development zone or town 0.3,
a district 0.2, a city or province 0.1, unknown (未知, 未确认级别的POI) 0.3. One answer at 0.8 or
more is placed; several answers (``count`` > 1) or a vaguer level are suggestions.

**Rate.** Amap's published quota for a personal developer's key: 5,000 geocoding requests a day
(流量限制说明, https://lbs.amap.com/api/webservice/guide/tools/flowlevel); the page refers to the
console for the per-second figure, so requests are paced at 3/s, Baidu's published figure for
the same tier. An office with an enterprise quota sets ``LEARNING_MAP_GEOCODER_PER_DAY`` /
``_PER_SECOND``.

**Caching.** Not cached: we could not read the clause of Amap's service terms
(https://lbs.amap.com/home/terms) on keeping answers, and the terms are a licence to use its data
through its service; answers are asked again on a re-import until the terms are checked.
"""

from __future__ import annotations

import json
import urllib.parse
from typing import Any, ClassVar

from learning_map.city.coords import gcj02_to_wgs84
from learning_map.city.geocoders.client import KEY, QUOTA, ROW, TRANSIENT, Refusal, ServiceGeocoder
from learning_map.errors import N_

LEVEL_CONFIDENCE: dict[str, float] = {
    "门牌号": 0.9, "门址": 0.9, "单元号": 0.9, "楼层": 0.9, "房间": 0.9,
    "兴趣点": 0.85, "住宅区": 0.85, "公交地铁站点": 0.8,
    "道路交叉路口": 0.6, "村庄": 0.5, "小巷": 0.5, "道路": 0.4, "热点商圈": 0.4,
    "开发区": 0.3, "乡镇": 0.3, "区县": 0.2, "市": 0.1, "省": 0.1, "国家": 0.0,
}
OTHER_LEVEL_CONFIDENCE = 0.3
# infocodes by what to do (https://lbs.amap.com/api/webservice/guide/tools/info); other 1xxxx
# codes are about the key, 2xxxx about the request's parameters, 3xxxx the service's own faults.
QUOTA_CODES = frozenset({"10003", "10010", "10044", "10045"})
TRANSIENT_CODES = frozenset({"10004", "10014", "10015", "10016", "10017", "10019", "10020", "10021", "10029"})
OK = "1"


def refusal_kind(infocode: str) -> str:
    """What to do about an infocode: stop for the day, pause and ask again, fix the key, or skip the row."""
    if infocode in QUOTA_CODES:
        return QUOTA
    if infocode in TRANSIENT_CODES or infocode.startswith("3"):
        return TRANSIENT
    if infocode.startswith("1"):
        return KEY
    return ROW


class AmapGeocoder(ServiceGeocoder):
    """The ``amap`` step of the placement chain (see the module docstring)."""

    method: ClassVar[str] = "amap"
    title: ClassVar[str] = N_("Amap")
    default_url: ClassVar[str] = "https://restapi.amap.com/v3/geocode/geo"
    system: ClassVar[str] = "gcj02"
    published_per_second: ClassVar[float] = 3.0
    published_per_day: ClassVar[int | None] = 5000
    cache_allowed: ClassVar[bool] = False

    def request_url(self, query: str) -> str:  # noqa: D102
        return f"{self.url}?{urllib.parse.urlencode({'address': query, 'key': self.key, 'output': 'JSON'})}"

    def read(self, status: int, body: bytes, query: str) -> dict[str, Any] | Refusal:  # noqa: D102
        data = json.loads(body)
        if str(data.get("status")) != OK:
            infocode = str(data.get("infocode", ""))
            return Refusal(refusal_kind(infocode), f"{infocode} {data.get('info', '')}".strip())
        results = []
        for geocode in data.get("geocodes") or []:
            lon, lat = (float(v) for v in str(geocode["location"]).split(","))
            address = geocode.get("formatted_address")
            results.append({"lon": lon, "lat": lat, "level": str(geocode.get("level") or ""),
                            "matched": address if isinstance(address, str) else ""})
        return {"results": results}

    def confidence(self, result: dict[str, Any]) -> float:  # noqa: D102
        return LEVEL_CONFIDENCE.get(result.get("level", ""), OTHER_LEVEL_CONFIDENCE)

    def to_wgs84(self, lon: float, lat: float) -> tuple[float, float]:  # noqa: D102
        x, y = gcj02_to_wgs84(lon, lat)
        return float(x), float(y)
