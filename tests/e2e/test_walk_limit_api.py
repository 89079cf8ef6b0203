"""
Walks just past the "nearest beyond" search limit are the true walk in every answer.

A hand-built city: a main street east from the click, a 1,550 m loop leaving it 4,000 m
away and rejoining it 4,900 m away, and a library on the loop 30 m before it rejoins. The
60-minute search (4,800 m at adult pace) reaches the loop's first end only: through it the
library is 4,000 + 1,520 m away, but the walk is 4,900 + 30 m through the far end.
"""

from __future__ import annotations

import pytest

from learning_map.build.pipeline import build_from_files
from learning_map.web import create_app
from tests.hand_osm import HandOsm, lonlat

LIBRARY = "环路图书馆 Loop Library"
# Main street to the far end (4,900 m), then up the loop's last leg to the library (30 m),
# plus the library's 5 m access leg.
TRUE_WALK_M = 4900.0 + 30.0 + 5.0


@pytest.fixture(scope="module")
def loop_city(tmp_path_factory):
    folder = tmp_path_factory.mktemp("loop-city")
    osm = HandOsm()
    near = osm.node(4000, 0)
    far = osm.node(4900, 0)
    start = osm.node(-100, 0)
    osm.way([start, osm.node(0, 0), near, far, osm.node(5000, 0)],
            {"highway": "residential", "name": "Main Street"})
    osm.line([(4000, 0), (4000, 325), (4900, 325), (4900, 0)], {"highway": "residential", "name": "Loop"},
             ends=(near, far))
    osm.node(4905, 30, amenity="library", name=LIBRARY)
    build_from_files(folder / "city", osm_path=osm.write(folder / "loop.osm"), name="Loop")
    return folder / "city"


def test_nearest_beyond_search_and_route_agree_on_the_true_walk(loop_city):
    client = create_app(loop_city).test_client()
    lon, lat = lonlat(0, 0)
    reach = client.get("/api/reachable", query_string={"lon": lon, "lat": lat, "minutes": 15}).get_json()
    assert reach["features"] == []
    beyond = reach["nearest_beyond"]["properties"]
    route = client.get("/api/route", query_string={"from_lon": lon, "from_lat": lat,
                                                   "site_id": beyond["site_id"]}).get_json()["properties"]
    found = client.get("/api/search", query_string={"q": "Loop Library", "lon": lon,
                                                     "lat": lat}).get_json()
    site = next(r for r in found["results"] if r["kind"] == "site")
    assert beyond["walk_m"] == route["walk_m"] == site["walk_m"]
    # The true walk (within the hand city's few metres of map projection), not 4,000 + 1,520 m.
    assert route["walk_m"] == pytest.approx(TRUE_WALK_M, rel=0.01)
