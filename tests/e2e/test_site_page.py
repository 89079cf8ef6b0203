"""/site/<id> pages, search and cut-off points on a real city (Flask test client)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest
from scipy.sparse import csgraph

from learning_map.build.pipeline import build_from_files
from learning_map.city.coords import for_map_apps
from learning_map.store import admin as store_admin
from learning_map.web import create_app
from learning_map.web.service import EXTENSION_KEY
from tests.conftest import IMG_XSS, JINJA_EXPR, JS_LINK, SCRIPT_XSS, hostile_osm, hostile_registry

pytestmark = pytest.mark.slow
SECRET = "site-page-test-secret-0123456789"
CENTRE = {"lon": "113.5439", "lat": "22.1936"}  # Largo do Senado


class Links(HTMLParser):
    """Every element's attributes, to read hrefs as a browser would (entities decoded)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parsed(html: str) -> list[tuple[str, dict]]:
    links = Links()
    links.feed(html)
    return links.tags


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-site")
    marker = root / "PWNED"
    out = root / "city"
    build_from_files(out, osm_path=hostile_osm(root / "city.osm", marker),
                     sites_path=hostile_registry(root / "registry.csv", marker), name=JINJA_EXPR)
    app = create_app(out, test_config={"SECRET_KEY": SECRET, "REGISTRY_DIR": str(out)})
    app.marker = marker
    return app


def test_site_pages_show_hostile_text_as_text(hostile_app):
    client = hostile_app.test_client()
    sites = hostile_app.extensions[EXTENSION_KEY].bundle.sites
    assert len(sites) >= 3
    pages = {}
    for site_id, name in zip(sites["site_id"], sites["name"], strict=True):
        response = client.get(f"/site/{site_id}?lang=en")
        assert response.status_code == 200
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        pages[name] = response.get_data(as_text=True)
    assert not hostile_app.marker.exists(), "a site name ran a shell command"
    for html in pages.values():
        assert IMG_XSS not in html
        assert "<script>alert(1)" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script at all
        tags = parsed(html)
        assert not any(k.startswith("on") for _, a in tags for k in a)  # no event-handler attributes
        assert {tag for tag, _ in tags}.isdisjoint({"img", "iframe", "object", "b"})
        hrefs = [a.get("href", "") for tag, a in tags if tag == "a"]
        assert not any(h.lower().startswith("javascript:") for h in hrefs)
    library = pages[JINJA_EXPR + " 图书馆"]
    assert "{{7*7}} 图书馆" in library  # shown literally, never evaluated (no "49")
    assert "&lt;img src=x onerror=alert(1)&gt;" in library  # its address, escaped
    assert JS_LINK in library  # the website is shown as text, not linked
    tags = parsed(library)
    assert ("a", {"class": "tel", "href": "tel:+85328351234", "data-testid": "tel"}) in tags
    og = {a["property"]: a["content"] for tag, a in tags if tag == "meta" and "property" in a}
    assert og["og:title"] == JINJA_EXPR + " 图书馆"
    assert og["og:description"].endswith(IMG_XSS + " · " + JINJA_EXPR)  # attribute text, decoded
    hostile_phone = pages['=HYPERLINK("http://evil","click")']
    assert "tel:" not in hostile_phone  # "+cmd|' /C calc'!A0" has no number to dial
    assert "+cmd|&#39; /C calc&#39;!A0" in hostile_phone
    assert SCRIPT_XSS not in pages[next(n for n in pages if n.startswith("{% set"))]


@pytest.mark.parametrize(("lang", "title"), [("zh-Hans", "没有这个场所"), ("zh-Hant", "沒有這個場所"),
                                           ("en", "No such site"), ("pt", "Local inexistente")])
def test_unknown_site_is_a_404_page_in_one_language(hostile_app, lang, title):
    client = hostile_app.test_client()
    response = client.get("/site/" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E", query_string={"lang": lang})
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert f"<h1 data-testid=\"site-name\">{title}</h1>" in html
    others = {"没有这个场所", "沒有這個場所", "No such site", "Local inexistente"} - {title}
    assert not any(other in html for other in others)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_the_report_form_lands_in_the_admin_queue(hostile_app):
    client = hostile_app.test_client()
    site_id = str(hostile_app.extensions[EXTENSION_KEY].bundle.sites["site_id"].iloc[0])
    page = client.get(f"/site/{site_id}?lang=zh-Hans").get_data(as_text=True)
    form = next(a for tag, a in parsed(page) if tag == "form")
    assert form["action"] == f"/site/{site_id}/report?lang=zh-Hans"  # the answer is in the page's language
    assert form["method"] == "post"
    done = client.post(form["action"], data={"message": "电话已停用 " + IMG_XSS})
    assert done.status_code == 200
    assert "谢谢！您的纠错已提交给管理员。" in done.get_data(as_text=True)
    empty = client.post(form["action"], data={"message": "   "})
    assert empty.status_code == 400
    assert "须含可见文字" in empty.get_data(as_text=True)
    refused = client.post(form["action"], data={"message": "x"}, headers={"Origin": "https://evil.example"})
    assert refused.status_code == 403
    from learning_map.store import open_store

    store = open_store(hostile_app.config["REGISTRY_DIR"])
    try:
        stored = store_admin.reports(store)
    finally:
        store.close()
    assert [(r["message"], r["site_id"]) for r in stored] == [("电话已停用 " + IMG_XSS, site_id)]


# -- on Macau ------------------------------------------------------------------------------


def test_site_page_links_map_apps_with_converted_coordinates(client, app):
    svc = app.extensions[EXTENSION_KEY]
    row = int(np.flatnonzero(svc.bundle.sites["name"].str.startswith("望廈圖書館").to_numpy())[0])
    feature = svc.site_features[row]
    lon, lat = feature["geometry"]["coordinates"]
    site_id = feature["properties"]["site_id"]
    assert site_id.startswith("osm-")  # the OSM id: stable across builds
    html = client.get(f"/site/{site_id}", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert "<h1 data-testid=\"site-name\">Mong Ha Library</h1>" in html
    assert "望廈圖書館" in html
    assert "Biblioteca de Mong Há" in html
    links = {a["data-app"]: a["href"] for tag, a in parsed(html) if tag == "a" and "data-app" in a}
    points = for_map_apps(lon, lat)
    amap = parse_qs(urlsplit(links["amap"]).query)
    assert amap["position"] == [f"{points['gcj02'][0]},{points['gcj02'][1]}"]
    assert amap["coordinate"] == ["gaode"]
    baidu = parse_qs(urlsplit(links["baidu"]).query)
    assert baidu["location"] == [f"{points['bd09'][1]},{points['bd09'][0]}"]
    assert baidu["coord_type"] == ["bd09ll"]
    tencent = parse_qs(urlsplit(links["tencent"]).query)
    assert tencent["marker"][0].startswith(f"coord:{points['gcj02'][1]},{points['gcj02'][0]};")
    assert points["gcj02"] != (lon, lat)  # Macau: offset (see learning_map.city.coords)
    assert f'href="/?site={site_id}&amp;lang=en"' in html  # the map opens in the page's language
    assert 'href="tel:+85328317288"' in html  # tap to call, digits only
    assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}">', html)  # data last updated
    traditional = client.get(f"/site/{site_id}").get_data(as_text=True)  # Macau's default script
    assert '<html lang="zh-Hant">' in traditional
    assert ">望廈圖書館</h1>" in traditional
    simplified = client.get(f"/site/{site_id}?lang=zh-Hans").get_data(as_text=True)
    assert ">望厦图书馆</h1>" in simplified


@pytest.mark.parametrize("query", ["中央图书馆", "中央圖書館", "zhongyangtushuguan", "zytsg"])
def test_simplified_traditional_and_pinyin_find_the_same_macau_library(client, query):
    results = client.get("/api/search", query_string={"q": query}).get_json()["results"]
    assert results[0]["kind"] == "site"
    assert results[0]["names"]["zh-Hant"].startswith("澳門中央圖書館")


def test_search_with_a_point_ranks_by_walking_time(client):
    plain = client.get("/api/search", query_string={"q": "tsg"}).get_json()["results"]
    ranked = client.get("/api/search", query_string={"q": "tsg", **CENTRE}).get_json()["results"]
    sites = [r for r in ranked if r["kind"] == "site"]
    minutes = [r["walk_minutes"] for r in sites if r["walk_minutes"] is not None]
    assert len(minutes) >= 5
    assert minutes == sorted(minutes)
    assert [r.get("site_id") for r in plain] != [r.get("site_id") for r in ranked]
    assert "walk_minutes" not in plain[0]
    far = client.get("/api/search", query_string={"q": "tsg", "lon": "116.4", "lat": "39.9"})
    assert far.status_code == 400
    assert far.get_json()["error"]["parameter"] == "lon"


def test_site_records_carry_names_per_script(client):
    features = client.get("/api/sites").get_json()["features"]
    for feature in features:
        names = feature["properties"]["names"]
        assert set(names) == {"zh-Hans", "zh-Hant", "en", "pt"}
        assert all(names.values())
    unnamed = [f["properties"] for f in features if f["properties"]["unnamed"]]
    assert unnamed, "Macau has unnamed schools"
    assert all(p["names"]["en"] == p["category_en"] for p in unnamed)


def test_a_point_on_a_macau_network_island_names_the_nearest_site_beyond(app, client):
    network = app.extensions[EXTENSION_KEY].bundle.network
    _, labels = csgraph.connected_components(network.adjacency, directed=False)
    sizes = np.bincount(labels)
    island = int(np.argsort(sizes)[-2])  # the second-largest piece: not linked to the city
    node = int(np.flatnonzero(labels == island)[0])
    lon, lat = network.to_lonlat(network.node_x[node:node + 1], network.node_y[node:node + 1])
    body = client.get("/api/reachable", query_string={"lon": float(lon[0]), "lat": float(lat[0]),
                                                      "minutes": 1, "category": "university"}).get_json()
    assert body["cut_off"] is True
    assert "cut off" in body["cut_off_message"]
    assert "不相连" in body["cut_off_message"]
    assert body["features"] == []
    nearest = body["nearest_beyond"]["properties"]
    assert nearest["category"] == "university"
    assert nearest["walk_minutes"] > 1
    assert len(body["connected_at"]) == 2
    on_main = client.get("/api/reachable", query_string={**CENTRE, "minutes": 1}).get_json()
    assert on_main["cut_off"] is False
    assert on_main["cut_off_message"] is None


def test_the_site_page_script_is_served(client):
    script = client.get("/static/site.js").get_data(as_text=True)
    assert "navigator.share" in script
    assert "innerHTML" not in script


@pytest.mark.parametrize(("lang", "city"), [("zh-Hant", "澳門"), ("zh-Hans", "澳门"), ("en", "Macau"), ("pt", "Macau")])
def test_site_page_names_the_city_in_the_pages_script(client, lang, city):
    site_id = client.get("/api/sites?category=library").get_json()["features"][0]["properties"]["site_id"]
    html = client.get(f"/site/{site_id}?lang={lang}").get_data(as_text=True)
    assert f"· {city}</a>" in html
