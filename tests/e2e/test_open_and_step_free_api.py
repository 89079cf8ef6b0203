"""/api/reachable and /api/route: open now (city calendar) and the step-free profile, on Macau."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from learning_map.city.hours import load_calendar, state_at

CENTRE = {"lon": 113.5439, "lat": 22.1936}


def test_every_site_says_whether_it_is_open_as_the_calendar_says(client):
    body = client.get("/api/reachable", query_string={**CENTRE, "minutes": 30, "open_day": "mo",
                                                      "open_time": "10:00"}).get_json()
    assert body["query"]["timezone"] == "Asia/Macau"
    moment = dt.datetime.fromisoformat(body["query"]["at"])
    assert moment.weekday() == 0
    assert moment.time() == dt.time(10, 0)
    assert body["features"]
    macau = load_calendar("MO")
    statuses = set()
    for feature in body["features"]:
        props = feature["properties"]
        expected = state_at(props["opening_hours"], moment, macau)
        assert props["open_state"]["status"] == expected.status, props["opening_hours"]
        assert props["open_state"]["zh"]
        assert props["open_state"]["en"]
        statuses.add(expected.status)
    assert "open" in statuses  # Macau's OSM data has opening_hours on some sites

    only = client.get("/api/reachable", query_string={**CENTRE, "minutes": 30, "open_day": "mo",
                                                      "open_time": "10:00", "open_only": "true"}).get_json()
    assert only["features"]
    assert {f["properties"]["open_state"]["status"] for f in only["features"]} == {"open"}
    assert len(only["features"]) < len(body["features"])


def ordinary_weekday() -> str:
    """The code of the next weekday (mo..fr) that is not a Macao holiday, as open_day takes it."""
    from zoneinfo import ZoneInfo

    macau = load_calendar("MO")
    day = dt.datetime.now(ZoneInfo("Asia/Macau")).date()
    while day.weekday() > 4 or day in macau.holidays:
        day += dt.timedelta(days=1)
    return ("mo", "tu", "we", "th", "fr")[day.weekday()]


def test_libraries_open_by_day_and_closed_at_night(client):
    day = ordinary_weekday()
    query = {**CENTRE, "minutes": 30, "category": "library", "open_day": day, "open_only": "1"}
    night = client.get("/api/reachable", query_string={**query, "open_time": "03:00"}).get_json()
    afternoon = client.get("/api/reachable", query_string={**query, "open_time": "15:00"}).get_json()
    assert all(f["properties"]["open_state"]["status"] == "open" for f in night["features"])
    assert len(night["features"]) < len(afternoon["features"])


def staircase_ends(app, count: int = 40) -> list[dict]:
    """Upper ends of Macau's longest staircases, as query points."""
    from learning_map.web.service import EXTENSION_KEY

    network = app.extensions[EXTENSION_KEY].bundle.network
    steps = np.flatnonzero(network.edge_has_steps)
    longest = steps[np.argsort(-network.edge_length_m[steps])][:count]
    lon, lat = network.to_lonlat(network.node_x[network.edge_u[longest]], network.node_y[network.edge_u[longest]])
    return [{"lon": round(float(x), 6), "lat": round(float(y), 6)} for x, y in zip(lon, lat, strict=True)]


def test_step_free_walks_are_never_shorter_and_go_round_the_stairs(app, client):
    longer = 0
    for point in staircase_ends(app):
        walk = client.get("/api/reachable", query_string={**point, "minutes": 20}).get_json()
        step_free = client.get("/api/reachable", query_string={**point, "minutes": 20,
                                                               "profile": "step-free"}).get_json()
        assert step_free["query"]["profile"] == "step-free"
        by_id = {f["properties"]["site_id"]: f["properties"]["walk_m"] for f in walk["features"]}
        for feature in step_free["features"]:
            site = feature["properties"]["site_id"]
            if site in by_id:
                # Never meaningfully shorter: the point and the sites may snap to another
                # (step-free) street nearby, which moves the walk's ends by a few metres.
                assert feature["properties"]["walk_m"] >= by_id[site] - 25.0
                if feature["properties"]["walk_m"] > by_id[site] + 20:
                    longer += 1
                    route = {"from_lon": point["lon"], "from_lat": point["lat"], "site_id": site}
                    route_walk = client.get("/api/route", query_string=route).get_json()
                    route_free = client.get("/api/route", query_string={**route, "profile": "step-free"}).get_json()
                    assert route_free["properties"]["profile"] == "step-free"
                    assert route_free["properties"]["walk_m"] > route_walk["properties"]["walk_m"] + 20
    assert longer >= 3  # real staircases make real detours


@pytest.mark.parametrize(("param", "value"), [
    ("profile", "wheelchair"), ("open_day", "someday"), ("open_time", "25:00"),
    ("open_time", "9:30"), ("open_only", "yes"),
])
def test_bad_values_are_a_400_naming_the_parameter(client, param, value):
    response = client.get("/api/reachable", query_string={**CENTRE, param: value})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["parameter"] == param
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])  # bilingual
