"""
The geocoding services offices use (Tianditu, Amap, Baidu) against a local test server.

The bodies the server answers follow each service's documented format:

- Tianditu: http://lbs.tianditu.gov.cn/server/geocodinginterface.html (地理编码API: the example
  answer ``{"msg":"ok","location":{"score":100,"level":"门址","lon":...,"lat":...,"keyWord":...},
  "searchVersion":"6.4.9V","status":"0"}``; status 101: nothing found);
- Amap: https://lbs.amap.com/api/webservice/guide/api/georegeo (the example answer for
  北京市朝阳区阜通东大街6号) and the error codes https://lbs.amap.com/api/webservice/guide/tools/info
  (10001 INVALID_USER_KEY, 10003 DAILY_QUERY_OVER_LIMIT, 10004 ACCESS_TOO_FREQUENT);
- Baidu: https://lbsyun.baidu.com/docs/webapi?title=geocoding/guide/webservice-geocoding-base
  (``{"status":0,"result":{"location":{"lng":...,"lat":...},"precise":1,"confidence":80,
  "comprehension":100,"level":"门址"}}``) and its status codes
  https://lbsyun.baidu.com/faq/details?id=2273&title=2484 (200 APP不存在, 302 天配额超限, 401 并发超限).

Coordinates served are a known WGS84 point taken forward with the project's own transforms
(wgs84_to_gcj02, gcj02_to_bd09), so reading them back measures the conversion. Time is a fake
clock: no test waits for real time.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from learning_map.base.i18n import locales
from learning_map.city.coords import gcj02_to_bd09, wgs84_to_gcj02
from learning_map.city.geocoders import (
    SERVICES,
    AmapGeocoder,
    GeocoderError,
    TiandituGeocoder,
    geocoder_from_env,
)
from learning_map.city.placement import place_rows, placement_text
from learning_map.city.registry_file import read_registry
from learning_map.errors import ParameterError
from learning_map.store.geocode_cache import store_geocode_cache
from tests.geocoder_server import Script, geocoder_server

KEY = "k3y-0ffice-SECRET-1234"
# Known WGS84 points (lon, lat): Shanghai, Hangzhou, Beijing, Shenzhen.
POINTS = [(121.4737010, 31.2303904), (120.1551440, 30.2741500), (116.3974770, 39.9086920), (114.0579450, 22.5430960)]
ADDRESS = "南京东路100号"
DISTRICT = "黄浦区"
FORMATTED = "上海市黄浦区南京东路100号"


class FakeTime:
    """A clock that moves only when slept on; every pause is recorded."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def served(service: str, lon: float, lat: float) -> tuple[float, float]:
    """A WGS84 point as the service would give it (its own system, 6 decimals as the services answer)."""
    if service == "amap":
        lon, lat = (float(v) for v in wgs84_to_gcj02(lon, lat))
    elif service == "baidu":
        lon, lat = (float(v) for v in gcj02_to_bd09(*wgs84_to_gcj02(lon, lat)))
    return round(lon, 6), round(lat, 6)


def tianditu_found(lon: float, lat: float, *, level: str = "门址", score: int = 100, keyword: str = FORMATTED):
    return 200, {"msg": "ok", "location": {"score": score, "level": level, "lon": f"{lon:.6f}", "lat": f"{lat:.6f}",
                                           "keyWord": keyword}, "searchVersion": "6.4.9V", "status": "0"}


TIANDITU_NOTHING = (200, {"msg": "无结果", "searchVersion": "6.4.9V", "status": "101"})


def amap_geocode(lon: float, lat: float, *, level: str = "门牌号", formatted: str = FORMATTED) -> dict:
    return {"formatted_address": formatted, "country": "中国", "province": "上海市", "citycode": "021",
            "city": "上海市", "district": "黄浦区", "township": [], "neighborhood": {"name": [], "type": []},
            "building": {"name": [], "type": []}, "adcode": "310101", "street": "南京东路", "number": "100号",
            "location": f"{lon:.6f},{lat:.6f}", "level": level}


def amap_found(*geocodes: dict):
    return 200, {"status": "1", "info": "OK", "infocode": "10000", "count": str(len(geocodes)),
                 "geocodes": list(geocodes)}


def amap_error(infocode: str, info: str):
    return 200, {"status": "0", "info": info, "infocode": infocode}


AMAP_NOTHING = amap_found()


def baidu_found(lon: float, lat: float, *, precise: int = 1, confidence: int = 80, level: str = "门址"):
    return 200, {"status": 0, "result": {"location": {"lng": lon, "lat": lat}, "precise": precise,
                                         "confidence": confidence, "comprehension": 100, "level": level}}


def baidu_error(status: int, message: str):
    return 200, {"status": status, "message": message}


BAIDU_NOTHING = (200, {"status": 1, "msg": "Internal Service Error:无相关结果", "results": []})
NOTHING = {"tianditu": TIANDITU_NOTHING, "amap": AMAP_NOTHING, "baidu": BAIDU_NOTHING}


def found(service: str, lon: float, lat: float):
    x, y = served(service, lon, lat)
    return {"tianditu": tianditu_found, "amap": lambda a, b: amap_found(amap_geocode(a, b)),
            "baidu": baidu_found}[service](x, y)


def rows(*addresses: str, district: str = DISTRICT) -> pd.DataFrame:
    return pd.DataFrame({"line": range(2, 2 + len(addresses)), "name": [f"学习点{i}" for i in range(len(addresses))],
                         "address": list(addresses), "district": district})


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


@pytest.fixture
def script() -> Script:
    return Script(nothing=dict(NOTHING))


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


def client(service: str, base: str, fake_time: FakeTime, **options):
    return SERVICES[service](key=KEY, url=f"{base}/{service}", clock=fake_time.clock, sleep=fake_time.sleep, **options)


def all_texts(error: Exception) -> list[str]:
    return [str(error), repr(error), *(error.text(locale) for locale in locales())]


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_conversion_error_under_half_a_metre(service, script, fake_time):
    addresses = [f"{ADDRESS}{i}" for i in range(len(POINTS))]
    for text, (lon, lat) in zip(addresses, POINTS, strict=True):
        script.answer(service, DISTRICT + text, found(service, lon, lat))
    with geocoder_server(script) as base:
        attempts = client(service, base, fake_time).place(rows(*addresses))
    for attempt, point in zip(attempts, POINTS, strict=True):
        assert attempt.placed is not None, attempt
        assert attempt.placed.method == service
        assert distance_m((attempt.placed.lon, attempt.placed.lat), point) < 0.5
    assert script.count(service) == len(POINTS)


def test_the_matched_text_is_the_services_formatted_address(script, fake_time):
    script.answer("amap", DISTRICT + ADDRESS, found("amap", *POINTS[0]))
    script.answer("baidu", DISTRICT + ADDRESS, found("baidu", *POINTS[0]))
    script.answer("tianditu", DISTRICT + ADDRESS, found("tianditu", *POINTS[0]))
    with geocoder_server(script) as base:
        amap = client("amap", base, fake_time).place(rows(ADDRESS))[0].placed
        baidu = client("baidu", base, fake_time).place(rows(ADDRESS))[0].placed
        tianditu = client("tianditu", base, fake_time).place(rows(ADDRESS))[0].placed
    assert placement_text(amap.method, amap.confidence, amap.matched) == f"amap 0.90: {FORMATTED}"
    assert tianditu.matched == FORMATTED  # Tianditu's keyWord
    assert baidu.matched == f"{DISTRICT}{ADDRESS} [门址]"  # Baidu returns no formatted address


def test_the_query_is_district_and_address_or_the_name(script, fake_time):
    table = pd.DataFrame({"line": [2, 3, 4], "name": ["静安区图书馆", "x", "y"],
                          "address": ["", "黄浦区南京东路1号", "南京西路2号"], "district": ["静安区", "黄浦区", "静安区"]})
    with geocoder_server(script) as base:
        client("amap", base, fake_time).place(table)
    assert [text for _, text in script.requests] == ["静安区图书馆", "黄浦区南京东路1号", "静安区南京西路2号"]


def test_ambiguous_or_vague_answers_are_suggestions_not_placements(script, fake_time):
    (a, b), (c, d) = served("amap", *POINTS[0]), served("amap", *POINTS[1])
    script.answer("amap", DISTRICT + "两处", amap_found(amap_geocode(a, b), amap_geocode(c, d, formatted="另一处")))
    script.answer("amap", DISTRICT + "一条路", amap_found(amap_geocode(a, b, level="道路", formatted="南京东路")))
    script.answer("baidu", DISTRICT + "模糊", baidu_found(*served("baidu", *POINTS[0]), precise=0, confidence=90))
    script.answer("tianditu", DISTRICT + "区", tianditu_found(*POINTS[0], level="行政区划"))
    with geocoder_server(script) as base:
        amap = client("amap", base, fake_time).place(rows("两处", "一条路"))
        baidu = client("baidu", base, fake_time).place(rows("模糊"))
        tianditu = client("tianditu", base, fake_time).place(rows("区"))
    assert amap[0].placed is None
    assert [s.matched for s in amap[0].suggestions] == [FORMATTED, "另一处"]
    assert amap[1].placed is None
    assert amap[1].suggestions[0].confidence == pytest.approx(0.4)
    assert baidu[0].placed is None
    assert baidu[0].suggestions[0].confidence == pytest.approx(0.7)
    assert tianditu[0].placed is None
    assert tianditu[0].suggestions[0].confidence == pytest.approx(0.2)


@pytest.mark.parametrize(("service", "quota"), [("amap", amap_error("10003", "DAILY_QUERY_OVER_LIMIT")),
                                                ("baidu", baidu_error(302, "天配额超限，限制访问"))])
def test_quota_exhaustion_is_reported_on_every_row_and_nothing_is_lost(service, quota, script, fake_time):
    script.answer(service, DISTRICT + "一号", found(service, *POINTS[0]))
    script.answer(service, DISTRICT + "二号", quota)
    table = rows("一号", "二号", "三号", "四号")
    with geocoder_server(script) as base:
        placements = place_rows(table, [client(service, base, fake_time)])
    assert script.count() == 2  # after the quota answer nothing more is asked
    assert list(placements.frame.index) == list(table.index)  # every row is still there
    assert placements.frame["method"].tolist() == [service, "", "", ""]
    assert sorted(placements.problems) == [1, 2, 3]
    for problems in placements.problems.values():
        assert "daily quota" in problems[0].text("en")


def test_the_published_daily_quota_stops_asking(script, fake_time):
    with geocoder_server(script) as base:
        attempts = client("amap", base, fake_time, per_day=2).place(rows("一", "二", "三"))
    assert script.count() == 2
    assert attempts[0].problem is None
    assert attempts[1].problem is None
    assert "daily quota of 2 requests" in attempts[2].problem.text("en")


@pytest.mark.parametrize(("service", "refusal"), [
    ("amap", amap_error("10001", f"INVALID_USER_KEY key={KEY}")),
    ("baidu", baidu_error(200, f"APP不存在，AK有误请检查再重试 ak={KEY}")),
    ("tianditu", (403, {"msg": f"权限验证失败 tk={KEY}", "status": "403"})),
])
def test_a_refused_key_stops_asking_and_never_shows_the_key(service, refusal, script, fake_time):
    script.answer(service, DISTRICT + "一号", refusal)
    with geocoder_server(script) as base:
        attempts = client(service, base, fake_time).place(rows("一号", "二号"))
    assert script.count() == 1
    for attempt in attempts:
        assert isinstance(attempt.problem, GeocoderError)
        assert "refused the key" in attempt.problem.text("en")
        assert all(KEY not in text for text in all_texts(attempt.problem))
    assert KEY in script.urls[0]  # it was sent, and only there


@pytest.mark.parametrize(("service", "busy"), [
    ("amap", (500, {"status": "0"})), ("amap", amap_error("10004", "ACCESS_TOO_FREQUENT")),
    ("baidu", baidu_error(401, "当前并发量已经超过约定并发配额，限制访问")), ("tianditu", (503, {})),
    ("tianditu", (429, {})),
])
def test_a_transient_failure_is_asked_again_with_back_off(service, busy, script, fake_time):
    script.answer(service, DISTRICT + ADDRESS, busy, busy, found(service, *POINTS[0]))
    with geocoder_server(script) as base:
        geocoder = client(service, base, fake_time)
        attempt = geocoder.place(rows(ADDRESS))[0]
    assert attempt.placed is not None
    assert script.count() == 3
    assert geocoder.waited_s == pytest.approx(1.0 + 2.0)  # exponential: 1 s, then 2 s
    assert [s for s in fake_time.sleeps if s >= 1.0] == [1.0, 2.0]


def test_retries_are_bounded_per_row_and_per_import(script, fake_time):
    script.nothing["amap"] = (502, {})
    with geocoder_server(script) as base:
        geocoder = client("amap", base, fake_time, max_wait_s=10.0)
        attempts = geocoder.place(rows("一", "二", "三"))
    # Row one: 4 tries (waits 1 + 2 + 4 s); row two: 3 tries (waits 1 + 2 s: a third wait of 4 s
    # would pass 10 s, so the import stops asking); row three: not asked.
    assert script.count() == 4 + 3
    assert geocoder.waited_s <= 10.0
    assert all("did not answer" in a.problem.text("en") for a in attempts)
    assert "after 4 tries" in attempts[0].problem.text("en")


def test_every_request_has_a_timeout_and_a_timeout_is_transient(fake_time):
    calls = []

    def get(url: str, timeout_s: float) -> tuple[int, bytes]:
        calls.append(timeout_s)
        if len(calls) == 1:
            raise TimeoutError
        return 200, json.dumps(found("tianditu", *POINTS[0])[1]).encode()

    geocoder = TiandituGeocoder(key=KEY, get=get, clock=fake_time.clock, sleep=fake_time.sleep, timeout_s=7.0)
    assert geocoder.place(rows(ADDRESS))[0].placed is not None
    assert calls == [7.0, 7.0]


def test_requests_are_paced_to_the_published_rate(script, fake_time):
    with geocoder_server(script) as base:
        client("amap", base, fake_time).place(rows("一", "二", "三"))
    assert AmapGeocoder.published_per_second == 3.0
    assert fake_time.sleeps == pytest.approx([1 / 3, 1 / 3])


def test_a_reimport_asks_nothing_again_and_the_cache_holds_no_key(store, script, fake_time):
    table = rows(*(f"{ADDRESS}{i}" for i in range(len(POINTS))), "找不到")
    for i, point in enumerate(POINTS):
        script.answer("tianditu", f"{DISTRICT}{ADDRESS}{i}", found("tianditu", *point))
    cache = store_geocode_cache(store)
    with geocoder_server(script) as base:
        first = client("tianditu", base, fake_time, cache=cache).place(table)
        asked = script.count()
        again = client("tianditu", base, fake_time, cache=cache).place(table)
        assert script.count() == asked == len(table)  # zero requests the second time
    assert [a.placed for a in again] == [a.placed for a in first]
    kept = store.geocode_answers()
    assert len(kept) == len(table)
    assert all(KEY not in json.dumps(row, default=str) for row in kept)
    assert all(row["service"] == "tianditu" for row in kept)


def test_services_whose_terms_forbid_keeping_answers_are_not_cached(store, script, fake_time):
    script.answer("amap", DISTRICT + ADDRESS, found("amap", *POINTS[0]))
    cache = store_geocode_cache(store)
    with geocoder_server(script) as base:
        for _ in range(2):
            assert client("amap", base, fake_time, cache=cache).place(rows(ADDRESS))[0].placed is not None
    assert script.count() == 2
    assert store.geocode_answers() == []


def test_the_same_text_is_asked_once_in_an_import(script, fake_time):
    with geocoder_server(script) as base:
        client("baidu", base, fake_time).place(rows(ADDRESS, ADDRESS, "ＡＢＣ", "ABC"))
    assert script.count() == 2  # folded: full-width letters are the same text


def test_geocoder_from_env():
    assert geocoder_from_env({}) is None
    assert geocoder_from_env({"LEARNING_MAP_GEOCODER": " "}) is None
    geocoder = geocoder_from_env({"LEARNING_MAP_GEOCODER": "Amap", "LEARNING_MAP_GEOCODER_KEY": KEY,
                                  "LEARNING_MAP_GEOCODER_URL": "http://127.0.0.1:9/amap",
                                  "LEARNING_MAP_GEOCODER_PER_DAY": "300000"})
    assert isinstance(geocoder, AmapGeocoder)
    assert (geocoder.url, geocoder.per_day, geocoder.per_second) == ("http://127.0.0.1:9/amap", 300000, 3.0)
    assert KEY not in repr(geocoder)
    with pytest.raises(ParameterError) as unknown:
        geocoder_from_env({"LEARNING_MAP_GEOCODER": "google", "LEARNING_MAP_GEOCODER_KEY": KEY})
    assert unknown.value.param == "LEARNING_MAP_GEOCODER"
    assert "amap" in unknown.value.text("en")
    assert KEY not in str(unknown.value)
    with pytest.raises(ParameterError, match="LEARNING_MAP_GEOCODER_KEY"):
        geocoder_from_env({"LEARNING_MAP_GEOCODER": "baidu"})
    with pytest.raises(ParameterError, match="positive number"):
        geocoder_from_env({"LEARNING_MAP_GEOCODER": "tianditu", "LEARNING_MAP_GEOCODER_KEY": KEY,
                           "LEARNING_MAP_GEOCODER_PER_SECOND": "fast"})
    with pytest.raises(ParameterError, match="http"):
        geocoder_from_env({"LEARNING_MAP_GEOCODER": "tianditu", "LEARNING_MAP_GEOCODER_KEY": KEY,
                           "LEARNING_MAP_GEOCODER_URL": "file:///etc/passwd"})


def test_a_registry_placed_by_a_geocoder_keeps_how_in_the_sites_history(store, script, fake_time, tmp_path):
    registry = tmp_path / "office.csv"
    registry.write_text("名称,类别,地址,区\n"
                        "黄浦区图书馆,图书馆,南京东路100号,黄浦区\n"
                        "外滩社区学校,社区学校,中山东一路1号,黄浦区\n"
                        "豫园学习点,学习点,安仁街1号,黄浦区\n", encoding="utf-8")
    script.answer("amap", "黄浦区南京东路100号", found("amap", *POINTS[0]))
    script.answer("amap", "黄浦区中山东一路1号", amap_error("10003", "DAILY_QUERY_OVER_LIMIT"))
    with geocoder_server(script) as base:
        load = read_registry(registry, placers=[client("amap", base, fake_time)])
    assert load.sites["placement"].tolist() == [f"amap 0.90: {FORMATTED}"]
    assert distance_m((load.sites.geometry.x[0], load.sites.geometry.y[0]), POINTS[0]) < 0.5
    # The two other rows are not lost: rejected, each with the service's reason.
    assert load.rejected["line"].tolist() == [3, 4]
    assert all("daily quota" in str(reason) for reason in load.rejected["reason"])
    assert script.count() == 2
    store.import_sites(load.sites, year=2026, source=registry.name, rejected=len(load.rejected))
    # Next year the office uses Tianditu: the site's history keeps both answers, each with its confidence.
    script.answer("tianditu", "黄浦区南京东路100号", found("tianditu", *POINTS[0]))
    with geocoder_server(script) as base:
        again = read_registry(registry, placers=[client("tianditu", base, fake_time)])
    store.import_sites(again.sites.iloc[:1], year=2027, source=registry.name)
    changed = store.history().query("field == 'placement'")
    assert changed[["action", "old_value", "new_value"]].values.tolist() == [
        ["added", None, f"amap 0.90: {FORMATTED}"],
        ["changed", f"amap 0.90: {FORMATTED}", f"tianditu 0.95: {FORMATTED}"]]


def test_a_key_the_service_echoes_is_neither_kept_nor_shown(store, script, fake_time):
    x, y = served("tianditu", *POINTS[0])
    script.answer("tianditu", DISTRICT + ADDRESS, tianditu_found(x, y, keyword=f"{FORMATTED} tk={KEY}"))
    with geocoder_server(script) as base:
        placed = client("tianditu", base, fake_time, cache=store_geocode_cache(store)).place(rows(ADDRESS))[0].placed
    assert placed.matched == f"{FORMATTED} tk=***"
    assert all(KEY not in json.dumps(row, default=str) for row in store.geocode_answers())
