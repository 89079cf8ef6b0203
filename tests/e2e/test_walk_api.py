"""``GET /api/walk``: a humanities walk (人文行走) from a point in Macau, as the page asks for it."""

from __future__ import annotations

import numpy as np
import pytest

from learning_map import settings
from learning_map.base.units import metres_to_minutes
from learning_map.bundle.core import load_bundle
from learning_map.city.walks import suggest_walk, theme_stops
from learning_map.web.service import EXTENSION_KEY

SENADO_SQUARE = (113.5395, 22.1934)


@pytest.fixture(scope="module")
def walk(app):
    """The 60-minute elderly-pace history walk from Senado Square, asked once."""
    response = app.test_client().get("/api/walk", query_string={
        "lon": SENADO_SQUARE[0], "lat": SENADO_SQUARE[1], "minutes": 60, "pace": "elderly", "theme": "history"})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_walk_is_the_cli_plan_with_a_geojson_line(walk, macau_bundle):
    # The same plan the walks module makes (and `learning-map walks` prints), stop for stop.
    bundle = load_bundle(macau_bundle)
    stops = bundle.stops
    plan = suggest_walk(bundle.network, theme_stops(stops, bundle.sites, "history"), start=SENADO_SQUARE,
                        minutes=60, speed_kmh=settings.PACE_KMH["elderly"], rests=stops[stops["kind"] == "rest"])
    assert [s["id"] for s in walk["stops"]] == [s["id"] for s in plan.stops]
    assert walk["walk_m"] == pytest.approx(plan.walk_m, abs=0.1)
    sights = [s for s in walk["stops"] if s["kind"] == "sight"]
    assert len(sights) >= 10
    assert walk["minutes"]["elderly"] <= 60 + 1e-6
    # Each leg's minutes at both paces, from its metres.
    for stop in walk["stops"]:
        for pace, kmh in settings.PACE_KMH.items():
            assert stop["leg_minutes"][pace] == pytest.approx(float(metres_to_minutes(stop["leg_m"], kmh)), abs=0.06)
    back = walk["last_leg_minutes"]["elderly"]
    assert back == pytest.approx(float(metres_to_minutes(walk["last_leg_m"], 3.3)), abs=0.06)
    # The line: a GeoJSON LineString Feature that starts and ends near the square (a loop).
    line = walk["line"]
    assert line["type"] == "Feature"
    assert line["geometry"]["type"] == "LineString"
    xy = np.array(line["geometry"]["coordinates"])
    assert len(xy) > 20
    for end in (xy[0], xy[-1]):
        assert abs(end[0] - SENADO_SQUARE[0]) < 0.002
        assert abs(end[1] - SENADO_SQUARE[1]) < 0.002
    assert walk["query"]["theme"] == "history"


@pytest.mark.parametrize(("query", "parameter"), [
    ({"lat": 22.19}, "lon"),
    ({"lon": 113.54}, "lat"),
    ({"lon": 113.54, "lat": 22.19, "minutes": 0}, "minutes"),
    ({"lon": 113.54, "lat": 22.19, "minutes": 91}, "minutes"),
    ({"lon": 113.54, "lat": 22.19, "minutes": "1e3"}, "minutes"),
    ({"lon": 113.54, "lat": 22.19, "theme": "food"}, "theme"),
    ({"lon": 113.54, "lat": 22.19, "pace": "run"}, "pace"),
    ({"lon": 120.0, "lat": 22.19}, "lon"),
])
def test_bad_parameters_are_400s_naming_the_parameter(client, query, parameter):
    response = client.get("/api/walk", query_string=query)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["parameter"] == parameter
    assert " / " in error["message"]  # bilingual


def test_a_start_off_the_streets_is_a_404_naming_the_field_not_the_keyword(app, client):
    # suggest_walk names its keyword (start); the API shows the field the point came in (lon).
    _, _, east, north = app.extensions[EXTENSION_KEY].query_bounds
    response = client.get("/api/walk", query_string={"lon": east, "lat": north})
    assert response.status_code == 404
    error = response.get_json()["error"]
    assert error == {"parameter": "lon", "message_id": "start.off_streets", "values": {},
                     "message": "the start or end is more than 2 km from the city's streets / 起点或终点离城市街道超过 2 公里"}
    # The sentence follows the language the request asks for.
    asked = client.get("/api/walk", query_string={"lon": east, "lat": north, "lang": "zh-Hant"}).get_json()
    assert asked["error"]["message"] == "起點或終點離城市街道超過 2 公里"
    browser = client.get("/api/walk", query_string={"lon": east, "lat": north},
                         headers={"Accept-Language": "pt-PT,pt;q=0.9"}).get_json()
    assert browser["error"]["message"] == "o início ou o fim está a mais de 2 km das ruas da cidade"


def test_openapi_documents_the_walk_with_this_citys_bounds(client):
    spec = client.get("/openapi.json").get_json()
    operation = spec["paths"]["/api/walk"]["get"]
    params = {p["name"]: p for p in operation["parameters"]}
    west, south, east, north = spec["info"]["x-city"]["query_bounds"]
    assert (params["lon"]["schema"]["minimum"], params["lon"]["schema"]["maximum"]) == (west, east)
    assert (params["lat"]["schema"]["minimum"], params["lat"]["schema"]["maximum"]) == (south, north)
    assert params["minutes"]["schema"]["maximum"] == 90
    assert params["theme"]["schema"]["enum"] == ["history", "culture", "all"]
    assert set(operation["responses"]) >= {"200", "400", "404"}
