"""
Baidu (百度) geocoding v3: answers BD-09, converted to WGS84 with the project's own converter.

API: ``GET https://api.map.baidu.com/geocoding/v3/?address=...&output=json&ak=KEY``, documented at
https://lbsyun.baidu.com/docs/webapi?title=geocoding/guide/webservice-geocoding-base (地理编码).
The answer is ``{"status": 0, "result": {"location": {"lng", "lat"}, "precise", "confidence",
"comprehension", "level"}}`` (BD-09 lon/lat); a text it cannot place comes back as status 1
with "无相关结果" (no result). Status codes: https://lbsyun.baidu.com/faq/details?id=2273&title=2484.
Baidu's geocoder returns no formatted address: what was matched is shown as the text asked and
Baidu's level, "上海市黄浦区南京东路100号 [门址]".

**Confidence** from Baidu's own ``confidence`` (0-100, "描述打点绝对精度": 100 means an error under
20 m, 80 under 100 m, 50 under 1 km), divided by 100; an answer Baidu marks imprecise
(``precise`` 0, "模糊打点") counts at most 0.7, so it is only suggested. One answer at 0.8 or more
(within about 100 m, by Baidu's own measure) is placed.

**Rate.** Baidu's published quota for a personal developer: 5,000 geocoding requests a day, 3 a
second (开发者权益, https://lbsyun.baidu.com/solutions/privilege). Status 401/402 (concurrency
over the quota) is retried with back-off, 302/301/4 (daily/permanent quota used up) stop asking.

**Caching.** Not cached: we could not read the clause of Baidu's service terms
(https://lbsyun.baidu.com/index.php?title=open/law) on keeping answers; the terms license use
of its data through its service, so answers are asked again on a re-import until checked.
"""

from __future__ import annotations

import json
import urllib.parse
from typing import Any, ClassVar

from learning_map.city.coords import bd09_to_wgs84
from learning_map.city.geocoders.client import KEY, QUOTA, ROW, TRANSIENT, Refusal, ServiceGeocoder
from learning_map.errors import N_

IMPRECISE_MAX = 0.7
NOTHING_FOUND = "无相关结果"
QUOTA_CODES = frozenset({4, 301, 302})
TRANSIENT_CODES = frozenset({1, 401, 402})
KEY_CODES = frozenset({3, 5, 101, 102, *range(200, 300)})


def refusal_kind(status: int) -> str:
    """What to do about a Baidu status: stop for the day, pause and ask again, fix the key, or skip the row."""
    if status in QUOTA_CODES:
        return QUOTA
    if status in TRANSIENT_CODES:
        return TRANSIENT
    if status in KEY_CODES:
        return KEY
    return ROW


class BaiduGeocoder(ServiceGeocoder):
    """The ``baidu`` step of the placement chain (see the module docstring)."""

    method: ClassVar[str] = "baidu"
    title: ClassVar[str] = N_("Baidu")
    default_url: ClassVar[str] = "https://api.map.baidu.com/geocoding/v3/"
    system: ClassVar[str] = "bd09"
    published_per_second: ClassVar[float] = 3.0
    published_per_day: ClassVar[int | None] = 5000
    cache_allowed: ClassVar[bool] = False

    def request_url(self, query: str) -> str:  # noqa: D102
        return f"{self.url}?{urllib.parse.urlencode({'address': query, 'output': 'json', 'ak': self.key})}"

    def read(self, status: int, body: bytes, query: str) -> dict[str, Any] | Refusal:  # noqa: D102
        data = json.loads(body)
        code = int(data.get("status", -1))
        message = str(data.get("msg") or data.get("message") or "")
        if code == 1 and NOTHING_FOUND in message:
            return {"results": []}
        if code != 0:
            return Refusal(refusal_kind(code), f"status {code} {message}".strip())
        result = data["result"]
        level = str(result.get("level") or "")
        return {"results": [{
            "lon": float(result["location"]["lng"]), "lat": float(result["location"]["lat"]), "level": level,
            "precise": int(result.get("precise", 0)), "confidence": float(result.get("confidence", 0)),
            "comprehension": float(result.get("comprehension", 0)),
            "matched": f"{query} [{level}]" if level else query,
        }]}

    def confidence(self, result: dict[str, Any]) -> float:  # noqa: D102
        score = min(max(float(result.get("confidence", 0)), 0.0), 100.0) / 100.0
        return score if result.get("precise") == 1 else min(score, IMPRECISE_MAX)

    def to_wgs84(self, lon: float, lat: float) -> tuple[float, float]:  # noqa: D102
        x, y = bd09_to_wgs84(lon, lat)
        return float(x), float(y)
