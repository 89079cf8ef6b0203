"""JSON API and page, with Flask's test client, on the real Macau bundle."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
import shapely

from learning_map.web import create_app

pytestmark = pytest.mark.slow
CENTRE = {"lon": "113.5439", "lat": "22.1936"}  # Largo do Senado area


@pytest.fixture(scope="module")
def app(macau_bundle):
    return create_app(macau_bundle)


@pytest.fixture
def client(app):
    return app.test_client()


def test_page_uses_only_local_assets(client):
    html = client.get("/").get_data(as_text=True)
    assert "cdn.jsdelivr" not in html
    assert "code.jquery.com" not in html
    assert "bootstrapcdn" not in html
    assert "/vendor/leaflet/leaflet.js" in html
    assert "/static/app.js" in html
    assert "15分钟学习圈" in html
    assert "OpenStreetMap" in html
    assert client.get("/vendor/leaflet/leaflet.js").status_code == 200
    assert client.get("/vendor/leaflet/images/layers.png").status_code == 200


def test_sites_filters(client):
    all_sites = client.get("/api/sites").get_json()
    assert len(all_sites["features"]) == 167  # 169 OSM features, 2 schools mapped twice
    libraries = client.get("/api/sites?category=library").get_json()["features"]
    assert len(libraries) == 20
    assert {f["properties"]["category"] for f in libraries} == {"library"}
    boxed = client.get("/api/sites?bbox=113.53,22.18,113.56,22.20").get_json()["features"]
    assert 0 < len(boxed) < 167
    assert all(113.53 <= f["geometry"]["coordinates"][0] <= 113.56 for f in boxed)


def test_reachable_sorted_with_isochrone(client):
    body = client.get("/api/reachable", query_string={**CENTRE, "minutes": 10}).get_json()
    minutes = [f["properties"]["walk_minutes"] for f in body["features"]]
    assert minutes == sorted(minutes)
    assert len(minutes) > 0
    assert max(minutes) <= 10
    first = body["features"][0]["properties"]
    assert first["walk_m"] > 0
    assert first["category_zh"]
    assert first["category_en"]
    area = shapely.geometry.shape(body["isochrone"]["geometry"])
    assert area.contains(shapely.Point(113.5439, 22.1936))
    elderly = client.get("/api/reachable", query_string={**CENTRE, "minutes": 10, "pace": "elderly"}).get_json()
    area_elderly = shapely.geometry.shape(elderly["isochrone"]["geometry"])
    assert area_elderly.area < area.area
    assert len(elderly["features"]) <= len(body["features"])
    only = client.get("/api/reachable", query_string={**CENTRE, "category": "library"}).get_json()
    assert {f["properties"]["category"] for f in only["features"]} == {"library"}


def test_nothing_reachable_names_the_nearest_site_beyond(client):
    body = client.get("/api/reachable", query_string={**CENTRE, "minutes": 1,
                                                      "category": "university"}).get_json()
    assert body["features"] == []
    nearest = body["nearest_beyond"]["properties"]
    assert nearest["category"] == "university"
    assert nearest["walk_minutes"] > 1


def test_route_follows_the_network(client):
    reach = client.get("/api/reachable", query_string={**CENTRE, "minutes": 15}).get_json()
    target = reach["features"][-1]["properties"]
    route = client.get("/api/route", query_string={"from_lon": CENTRE["lon"], "from_lat": CENTRE["lat"],
                                                   "site_id": target["site_id"]}).get_json()
    assert route["geometry"]["type"] == "LineString"
    assert route["properties"]["walk_minutes"] == pytest.approx(target["walk_minutes"], abs=0.15)
    line = gpd.GeoSeries([shapely.geometry.shape(route["geometry"])], crs=4326).to_crs(32649).iloc[0]
    # Along streets: the drawn line is as long as the walk (access legs included).
    assert line.length == pytest.approx(route["properties"]["walk_m"], rel=0.02)
    straight = shapely.Point(route["geometry"]["coordinates"][0]).distance(
        shapely.Point(route["geometry"]["coordinates"][-1]))
    assert straight > 0


def test_search_sites_and_streets(client):
    sites = client.get("/api/search?q=圖書館").get_json()["results"]
    assert sites
    assert all(r["kind"] == "site" for r in sites[:3])
    assert "圖書館" in sites[0]["name"]
    english = client.get("/api/search?q=biblioteca").get_json()["results"]
    assert english
    assert english[0]["kind"] == "site"
    streets = client.get("/api/search?q=avenida da").get_json()["results"]
    assert any(r["kind"] == "street" for r in streets)


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/api/reachable", {"lon": "abc", "lat": "22.19"}, "lon"),
        ("/api/reachable", {"lat": "22.19"}, "lon"),
        ("/api/reachable", {"lon": "113.54", "lat": "95"}, "lat"),
        ("/api/reachable", {"lon": "116.4", "lat": "39.9"}, "lon"),  # Beijing: far outside Macau
        ("/api/reachable", {**CENTRE, "minutes": "500"}, "minutes"),
        ("/api/reachable", {**CENTRE, "minutes": "nan"}, "minutes"),
        ("/api/reachable", {**CENTRE, "pace": "run"}, "pace"),
        ("/api/reachable", {**CENTRE, "category": "zoo"}, "category"),
        ("/api/route", {"from_lon": CENTRE["lon"], "from_lat": CENTRE["lat"], "site_id": "nope"}, "site_id"),
        ("/api/route", {"from_lon": CENTRE["lon"], "from_lat": CENTRE["lat"]}, "site_id"),
        ("/api/route", {"from_lon": "x", "from_lat": CENTRE["lat"], "site_id": "a"}, "from_lon"),
        ("/api/search", {"q": ""}, "q"),
        ("/api/sites", {"bbox": "1,2,3"}, "bbox"),
        ("/api/sites", {"category": "zoo"}, "category"),
    ],
)
def test_bad_parameters_get_400_naming_the_parameter(client, path, params, parameter):
    response = client.get(path, query_string=params)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["parameter"] == parameter
    assert error["message"]


def test_point_in_the_sea_inside_bounds_is_a_clear_400(client):
    response = client.get("/api/reachable", query_string={"lon": "113.611", "lat": "22.15"})
    assert response.status_code == 400
    assert "walkable way" in response.get_json()["error"]["message"]


def test_openapi_lists_every_endpoint(client):
    from openapi_spec_validator import validate

    spec = client.get("/openapi.json").get_json()
    validate(spec)  # a valid OpenAPI 3 document
    assert spec["openapi"].startswith("3.")
    assert {"/api/sites", "/api/reachable", "/api/route", "/api/search"} <= set(spec["paths"])


def test_site_names_are_never_html(tmp_path, macau_pbf):
    """A site named like an XSS payload stays text: JSON carries it verbatim, the page escapes."""
    from learning_map.build import build_from_files

    registry = tmp_path / "evil.csv"
    registry.write_text("name,category,lon,lat\n<img src=x onerror=alert(1)>,library,113.5439,22.1936\n",
                        encoding="utf-8")
    out = tmp_path / "evil"
    build_from_files(out, osm_path=macau_pbf, sites_path=registry, name="<script>alert(2)</script>")
    client = create_app(out).test_client()
    html = client.get("/").get_data(as_text=True)
    assert "<script>alert(2)</script>" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    body = client.get("/api/reachable", query_string=CENTRE).get_json()
    assert body["features"][0]["properties"]["name"] == "<img src=x onerror=alert(1)>"
    assert "application/json" in client.get("/api/sites").content_type
    # The front end only ever assigns data through textContent.
    script = client.get("/static/app.js").get_data(as_text=True)
    assert "innerHTML" not in script
    json.dumps(body)  # serialisable, no NaN


def test_search_finds_osm_places(client):
    results = client.get("/api/search?q=Taipa Old Village").get_json()["results"]
    assert any(r["kind"] == "place" and "氹仔舊城區" in r["name"] for r in results)
