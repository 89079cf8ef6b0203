"""
Tianditu (天地图) geocoding: the state map service's address search, answering CGCS2000.

API: ``GET https://api.tianditu.gov.cn/geocoder?ds={"keyWord":"..."}&tk=KEY``, documented at
http://lbs.tianditu.gov.cn/server/geocodinginterface.html (地理编码API). The answer is
``{"status": "0", "msg": "ok", "location": {"lon", "lat", "level", "score", "keyWord"}}``;
status ``101`` means nothing found, ``404`` an error. One answer per request, never a list.

**Coordinates.** Tianditu answers in CGCS2000 (China Geodetic Coordinate System 2000), an
ITRF-based frame like WGS 84: the two agree to a few centimetres (Yang Yuanxi, "Chinese geodetic
coordinate system 2000", Chinese Science Bulletin 54 (2009) 2714-2721; the difference is below
0.1 m at the 2000 epoch and grows by plate motion to well under 1 m by now), far below a
geocoder's own precision (tens of metres). So its points are taken as WGS84 with that stated
tolerance (under 1 m), with no offset applied; unlike Amap and Baidu it adds no GCJ-02 shift.

**Confidence.** ``score`` (0-100, how well the text matched) times the weight of ``level`` (what
was found): a door address (门址) 0.95, a point of interest (兴趣点) 0.9, a place-name address
(地名地址) 0.85, a road (道路) 0.4, an administrative area (行政区划) 0.2, anything else 0.5.
Without a score, the level's weight alone. At 0.8 or more the point is placed, else suggested.

**Rate.** We found no published per-key quota for the geocoder (the platform publishes none we
could read); it is paced at 1 request/s and stopped by the service's own refusals (HTTP 429 is
retried with back-off). ``LEARNING_MAP_GEOCODER_PER_SECOND`` / ``_PER_DAY`` set an office's own.

**Caching.** Allowed: the platform's service terms (服务条款, e.g. as published by its Tianjin
node, https://tianjin.tianditu.gov.cn, "使用条款") set rules of conduct and do not forbid keeping
answers, so answers are kept in the registry store (see docs/office/geocoders.md).
"""

from __future__ import annotations

import json
import urllib.parse
from typing import Any, ClassVar

from learning_map.city.geocoders.client import ROW, Refusal, ServiceGeocoder
from learning_map.errors import N_

# Weight of each level Tianditu names (see the module docstring).
LEVEL_WEIGHT: dict[str, float] = {"门址": 0.95, "兴趣点": 0.9, "地名地址": 0.85, "道路": 0.4, "行政区划": 0.2}
OTHER_LEVEL_WEIGHT = 0.5
FOUND, NOTHING = "0", "101"


class TiandituGeocoder(ServiceGeocoder):
    """The ``tianditu`` step of the placement chain (see the module docstring)."""

    method: ClassVar[str] = "tianditu"
    title: ClassVar[str] = N_("Tianditu")
    default_url: ClassVar[str] = "https://api.tianditu.gov.cn/geocoder"
    system: ClassVar[str] = "wgs84"
    published_per_second: ClassVar[float] = 1.0
    published_per_day: ClassVar[int | None] = None
    cache_allowed: ClassVar[bool] = True

    def request_url(self, query: str) -> str:  # noqa: D102
        ds = json.dumps({"keyWord": query}, ensure_ascii=False)
        return f"{self.url}?{urllib.parse.urlencode({'ds': ds, 'tk': self.key})}"

    def read(self, status: int, body: bytes, query: str) -> dict[str, Any] | Refusal:  # noqa: D102
        data = json.loads(body)
        code = str(data.get("status", ""))
        if code == NOTHING:
            return {"results": []}
        if code != FOUND:
            return Refusal(ROW, f"status {code} {data.get('msg', '')}".strip())
        location = data["location"]
        score = location.get("score")
        return {"results": [{
            "lon": float(location["lon"]), "lat": float(location["lat"]), "level": str(location.get("level") or ""),
            "score": None if score in (None, "") else float(score),
            "matched": str(location.get("keyWord") or query),
        }]}

    def confidence(self, result: dict[str, Any]) -> float:  # noqa: D102
        weight = LEVEL_WEIGHT.get(result.get("level", ""), OTHER_LEVEL_WEIGHT)
        score = result.get("score")
        return weight if score is None else weight * min(max(float(score), 0.0), 100.0) / 100.0
