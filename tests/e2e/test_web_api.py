"""JSON API and page, with Flask's test client, on the real Macau bundle."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from learning_map.build.pipeline import build_from_files
from learning_map.errors import LearningMapError
from learning_map.web import create_app
from learning_map.web.service import EXTENSION_KEY

pytestmark = pytest.mark.slow
CENTRE = {"lon": "113.5439", "lat": "22.1936"}  # Largo do Senado area


def test_page_uses_only_local_assets(client):
    html = client.get("/").get_data(as_text=True)
    assert "cdn.jsdelivr" not in html
    assert "code.jquery.com" not in html
    assert "bootstrapcdn" not in html
    assert "/vendor/leaflet/leaflet.js" in html
    assert "/static/app.js" in html
    assert "15分鐘學習圈" in html  # Macau: 繁體 when the browser names no language
    assert "15分钟学习圈" in client.get("/?lang=zh-Hans").get_data(as_text=True)
    assert "OpenStreetMap" in html
    assert client.get("/vendor/leaflet/leaflet.js").status_code == 200
    assert client.get("/vendor/leaflet/images/layers.png").status_code == 200


def test_sites_filters(client):
    all_sites = client.get("/api/sites").get_json()
    # 169 OSM features less 5 care homes; 2 schools and 1 university mapped twice (same folded
    # name within 150 m); 2 universities' main campuses are tagged ways of their relations
    assert len(all_sites["features"]) == 159
    libraries = client.get("/api/sites?category=library").get_json()["features"]
    assert len(libraries) == 20
    assert {f["properties"]["category"] for f in libraries} == {"library"}
    boxed = client.get("/api/sites?bbox=113.53,22.18,113.56,22.20").get_json()["features"]
    assert 0 < len(boxed) < 159
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
    # Not a straight line: it bends along the streets and is longer than the beeline.
    ends = gpd.GeoSeries(shapely.points(route["geometry"]["coordinates"][::len(line.coords) - 1]),
                         crs=4326).to_crs(32649)
    assert len(line.coords) > 2
    assert line.length > 1.05 * ends.iloc[0].distance(ends.iloc[-1])


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
        ("/api/route", {"from_lon": CENTRE["lon"], "from_lat": CENTRE["lat"]}, "site_id"),
        ("/api/route", {"from_lon": "x", "from_lat": CENTRE["lat"], "site_id": "a"}, "from_lon"),
        ("/api/search", {"q": ""}, "q"),
        ("/api/sites", {"bbox": "1,2,3"}, "bbox"),
        ("/api/sites", {"category": "zoo"}, "category"),
        ("/api/sites", {"category": ",,,"}, "category"),
        ("/api/sites", {"category": "library,"}, "category"),
        ("/api/sites", {"category": ",".join(["library"] * 30)}, "category"),  # over 200 characters
        ("/api/reachable", {**CENTRE, "category": ",,,"}, "category"),
        ("/api/reachable", {**CENTRE, "minutes": "0"}, "minutes"),
        ("/api/reachable", {**CENTRE, "minutes": "inf"}, "minutes"),
        ("/api/reachable", {**CENTRE, "minutes": ""}, "minutes"),
        ("/api/reachable", {"lon": "１１３.５４３９", "lat": CENTRE["lat"]}, "lon"),  # full-width
        ("/api/reachable", {"lon": CENTRE["lon"], "lat": "٢٢.١٩٣٦"}, "lat"),  # Arabic-Indic
        ("/api/reachable", {"lon": "113_5439", "lat": CENTRE["lat"]}, "lon"),
        ("/api/reachable", {**CENTRE, "minutes": "1_0"}, "minutes"),
        ("/api/route", {"from_lon": "NaN", "from_lat": CENTRE["lat"], "site_id": "a"}, "from_lon"),
        ("/api/route", {**{"from_lon": CENTRE["lon"], "from_lat": CENTRE["lat"]}, "site_id": "a",
                        "pace": "run"}, "pace"),
        ("/api/sites", {"bbox": "nan,22,113.6,22.2"}, "bbox"),
        ("/api/sites", {"bbox": "113.5,22,Infinity,22.2"}, "bbox"),
        ("/api/sites", {"bbox": "113.5,22,113.6,22.2,1"}, "bbox"),
        ("/api/sites", {"bbox": "１１３,22,113.6,22.2"}, "bbox"),
        ("/api/sites", {"bbox": ""}, "bbox"),
        ("/api/search", {"q": "   "}, "q"),
        ("/api/search", {"q": "x" * 101}, "q"),
    ],
)
def test_bad_parameters_get_400_naming_the_parameter(client, path, params, parameter):
    response = client.get(path, query_string=params)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["parameter"] == parameter
    assert error["message"]
    assert " / " in error["message"]  # English / 中文
    assert "-inf" not in error["message"]  # not "nan is outside -inf..inf"


def test_unknown_site_is_a_404_naming_the_parameter(client):
    response = client.get("/api/route", query_string={"from_lon": CENTRE["lon"], "from_lat": CENTRE["lat"],
                                                      "site_id": "nope"})
    assert response.status_code == 404
    assert response.get_json()["error"]["parameter"] == "site_id"
    assert response.get_json()["error"]["message"] == "unknown site 'nope' / 没有场所 'nope'"


def test_point_in_the_sea_inside_bounds_is_a_clear_404(client):
    """Well-formed and inside the published bounds, but no street near it: 404, not 400."""
    response = client.get("/api/reachable", query_string={"lon": "113.611", "lat": "22.15"})
    assert response.status_code == 404
    error = response.get_json()["error"]
    assert error["parameter"] == "lon/lat"
    assert "walkable way" in error["message"]


def test_bbox_uses_rfc7946_semantics(client):
    everything = client.get("/api/sites").get_json()["features"]
    # west > east crosses the antimeridian: a box from 113.56 east round to 113.53 holds the rest.
    inside = client.get("/api/sites?bbox=113.53,-90,113.56,90").get_json()["features"]
    outside = client.get("/api/sites?bbox=113.56,-90,113.53,90").get_json()["features"]
    assert 0 < len(inside) < len(everything)
    ids = {f["properties"]["site_id"] for f in inside} | {f["properties"]["site_id"] for f in outside}
    assert len(ids) == len(everything)
    assert client.get("/api/sites?bbox=113.5,22.3,113.6,22.1").get_json()["features"] == []
    assert client.get("/api/sites?category=").status_code == 200  # empty: every category


def test_openapi_lists_every_endpoint(client):
    from openapi_spec_validator import validate

    spec = client.get("/openapi.json").get_json()
    validate(spec)  # a valid OpenAPI 3 document
    assert spec["openapi"].startswith("3.")
    assert {"/api/sites", "/api/reachable", "/api/route", "/api/search"} <= set(spec["paths"])


def _param(spec, path, name):
    return next(p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == name)["schema"]


def test_openapi_describes_what_the_server_accepts(app, client):
    from openapi_spec_validator import validate

    from learning_map.web.limits import BBOX_PATTERN, CATEGORY_PATTERN

    spec = client.get("/openapi.json").get_json()
    validate(spec)
    svc = app.extensions[EXTENSION_KEY]
    west, south, east, north = svc.query_bounds
    assert svc.bounds[0] - west == pytest.approx(0.02)  # the margin the service allows
    for path, lon_name, lat_name in (("/api/reachable", "lon", "lat"),
                                     ("/api/route", "from_lon", "from_lat")):
        assert _param(spec, path, lon_name) | {} == {"type": "number", "minimum": west, "maximum": east}
        assert _param(spec, path, lat_name) == {"type": "number", "minimum": south, "maximum": north}
    minutes = _param(spec, "/api/reachable", "minutes")
    assert minutes == {"type": "number", "minimum": 0, "exclusiveMinimum": True, "maximum": 60}
    assert _param(spec, "/api/search", "q")["maxLength"] == 100
    assert _param(spec, "/api/sites", "bbox")["pattern"] == BBOX_PATTERN
    assert _param(spec, "/api/sites", "category")["pattern"] == CATEGORY_PATTERN
    assert _param(spec, "/api/reachable", "pace")["enum"] == ["normal", "adult", "elderly"]
    for path, item in spec["paths"].items():
        responses = item["get"]["responses"]
        assert {"405", "414", "431"} <= set(responses), path
    # The published edges are the server's: just inside is not a 400, just outside is.
    edge = {"lon": repr(west), "lat": CENTRE["lat"]}
    assert client.get("/api/reachable", query_string=edge).status_code != 400
    beyond = {"lon": repr(west - 1e-6), "lat": CENTRE["lat"]}
    response = client.get("/api/reachable", query_string=beyond)
    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == "lon"
    assert client.get("/api/reachable", query_string={**CENTRE, "minutes": "60"}).status_code == 200
    assert client.get("/api/reachable", query_string={**CENTRE, "minutes": "60.001"}).status_code == 400


def test_openapi_follows_max_minutes(macau_bundle):
    client = create_app(macau_bundle, test_config={"MAX_MINUTES": 30}).test_client()
    assert _param(client.get("/openapi.json").get_json(), "/api/reachable", "minutes")["maximum"] == 30
    assert client.get("/api/reachable", query_string={**CENTRE, "minutes": "31"}).status_code == 400


def _is_error_shape(response, status):
    assert response.status_code == status
    assert response.content_type == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"parameter", "message", "message_id", "values"}
    assert " / " in body["error"]["message"]  # a client naming no language: English / 中文
    return body["error"]


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_405_is_json_with_allow(client, method):
    response = client.open("/api/sites", method=method)
    _is_error_shape(response, 405)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD", "OPTIONS"}


def test_404_and_500_are_json(macau_bundle):
    app = create_app(macau_bundle)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    client = app.test_client()
    _is_error_shape(client.get("/nowhere"), 404)
    _is_error_shape(client.get("/static/nothing.js"), 404)
    error = _is_error_shape(client.get("/boom"), 500)
    assert "secret detail" not in error["message"]


def test_long_url_and_large_headers_are_json_414_431(client):
    # A request the contract calls valid but too long (an invalid parameter would be a 400).
    error = _is_error_shape(client.get("/api/search?q=a&padding=" + "a" * 4100), 414)
    assert error["parameter"] is None
    assert client.get("/api/search?q=" + "a" * 90).status_code == 200
    _is_error_shape(client.get("/api/city", headers={"X-Big": "b" * 9000}), 431)
    many = {f"X-H{i}": "h" * 7000 for i in range(5)}  # each under 8 KiB, 35 KB in all
    _is_error_shape(client.get("/api/city", headers=many), 431)
    assert client.get("/api/city", headers={"X-Ok": "o" * 7000}).status_code == 200


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")


@pytest.mark.parametrize("path", ["/", "/api/sites", "/static/app.js", "/vendor/leaflet/leaflet.js",
                                  "/openapi.json", "/nowhere", "/api/reachable?lon=x"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    assert response.headers["Content-Security-Policy"] == CSP
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value


def test_csp_names_the_tile_origin_and_nothing_else(macau_bundle, monkeypatch):
    tiles = "https://{s}.tile.example.org/{z}/{x}/{y}.png"
    client = create_app(macau_bundle, test_config={"TILES_URL": tiles}).test_client()
    csp = client.get("/").headers["Content-Security-Policy"]
    assert csp == CSP.replace("img-src 'self' data:", "img-src 'self' data: https://*.tile.example.org")
    monkeypatch.setenv("LEARNING_MAP_TILES_URL", "https://tiles.example.com:8443/{z}/{x}/{y}.png")
    csp = create_app(macau_bundle).test_client().get("/api/city").headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://tiles.example.com:8443;" in csp
    assert csp.count("example") == 1
    with pytest.raises(LearningMapError):
        create_app(macau_bundle, test_config={"TILES_URL": "https://x.org; script-src *"})


@pytest.mark.parametrize("path", ["/static//x", "/static//evil.example/x", "//api/sites", "/api//sites",
                                  "/vendor/leaflet//leaflet.js"])
def test_no_redirect_names_a_foreign_host(client, path):
    response = client.get(path, headers={"Host": "evil.example"})
    location = response.headers.get("Location", "")
    assert "evil.example" not in location
    assert not location.startswith("//")
    assert response.status_code in (200, 404)
    assert response.content_type == "application/json" or response.status_code == 200


def test_page_has_no_inline_code_or_style_and_config_is_json(client):
    import re

    from learning_map.web import views

    template = (Path(views.__file__).parent / "templates" / "index.html").read_text(encoding="utf-8")
    assert "|safe" not in template.replace(" ", "")
    assert "autoescape false" not in template
    html = client.get("/").get_data(as_text=True)
    assert "style=" not in html
    assert "<style" not in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    for attrs, body in scripts:
        if body.strip():
            assert 'type="application/json"' in attrs  # data, never executed
        else:
            assert "src=" in attrs
    config = json.loads(next(b for a, b in scripts if 'id="lm-config"' in a))
    assert config["tilesUrl"] is None
    assert len(config["bounds"]) == 4
    assert "OpenStreetMap" in config["osmAttribution"]
    assert "folium" not in html


def test_site_names_are_never_html(tmp_path, macau_pbf):
    """A site named like an XSS payload stays text: JSON carries it verbatim, the page escapes."""

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
    json.dumps(body, allow_nan=False)  # raises on NaN or Infinity


def test_search_finds_osm_places(client):
    results = client.get("/api/search?q=Taipa Old Village").get_json()["results"]
    assert any(r["kind"] == "place" and "氹仔舊城區" in r["name"] for r in results)


def test_a_place_mapped_twice_is_listed_once(macau_pbf, tmp_path):
    """Two records of one library (traditional and simplified names, 40 m apart): one entry."""
    registry = tmp_path / "twice.csv"
    registry.write_text(
        "name,category,lon,lat\n"
        "澳門中央圖書館,library,113.5417,22.1917\n"
        "澳门 中央图书馆,library,113.5421,22.1917\n"
        "何東圖書館,library,113.5397,22.1929\n",
        encoding="utf-8",
    )
    out = tmp_path / "twice"
    build_from_files(out, osm_path=macau_pbf, sites_path=registry)
    client = create_app(out).test_client()
    body = client.get("/api/reachable", query_string={"lon": 113.5419, "lat": 22.1919,
                                                      "minutes": 15}).get_json()
    names = [f["properties"]["name"] for f in body["features"]]
    assert len(names) == 2  # three records, two places
    assert "何東圖書館" in names
    first = body["features"][0]["properties"]
    assert first["name"] in {"澳門中央圖書館", "澳门 中央图书馆"}
    assert len(first["same_as"]) == 1  # the other record is named, not hidden


def test_city_name_per_script_for_the_header(client):
    names = client.get("/api/city").get_json()["names"]
    assert names == {"en": "Macau", "zh-Hans": "澳门", "zh-Hant": "澳門", "pt": "Macau"}
