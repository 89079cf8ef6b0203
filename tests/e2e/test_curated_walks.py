"""Curated humanities routes (DIR/routes/*.csv): the API and the citizen map, on Macau."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import running_server
from tests.e2e.test_browser import Page, browser  # noqa: F401 (fixture)
from tests.e2e.test_walks_macau import ROUTE


@pytest.fixture(scope="module")
def city_with_routes(macau_bundle, tmp_path_factory):
    """A copy of the Macau bundle with one curated route (the shared bundle stays as it is)."""
    city = tmp_path_factory.mktemp("curated") / "macau"
    shutil.copytree(macau_bundle, city)
    (city / "routes").mkdir()
    (city / "routes" / "澳門歷史城區.csv").write_text(ROUTE, encoding="utf-8")
    return city


@pytest.fixture(scope="module")
def curated_client(city_with_routes):
    from learning_map.web import create_app

    return create_app(city_with_routes).test_client()


def test_curated_routes_are_listed_and_laid_on_the_streets(curated_client):
    routes = curated_client.get("/api/walks/curated").get_json()["routes"]
    assert [(r["id"], r["title"], r["stops"]) for r in routes] == [("1", "澳門歷史城區", 3)]
    plan = curated_client.get("/api/walks/curated/1").get_json()
    assert [s["name"] for s in plan["stops"]] == ["議事亭前地", "大三巴牌坊", "媽閣廟"]
    assert plan["stops"][0]["leg_m"] == 0
    assert plan["stops"][1]["text"] == "聖保祿學院天主之母教堂遺址"
    assert plan["line"]["geometry"]["type"] == "LineString"
    assert plan["walk_m"] == pytest.approx(sum(s["leg_m"] for s in plan["stops"]), abs=1)
    assert plan["minutes"]["elderly"] > plan["minutes"]["adult"]
    missing = curated_client.get("/api/walks/curated/9")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["parameter"] == "id"


def test_a_city_without_routes_lists_none(client):
    assert client.get("/api/walks/curated").get_json() == {"routes": []}


def test_curated_route_on_the_citizen_map(browser, city_with_routes, output_dir):  # noqa: F811
    with running_server(city_with_routes) as base:
        page = Page(browser, base, output_dir, viewport={"width": 1280, "height": 860})
        try:
            page.open("?lang=en")
            page.page.click("#walk-plan summary")
            page.page.wait_for_selector("#walk-curated-label:not([hidden])")
            with page.page.expect_response(lambda r: "/api/walks/curated/1" in r.url):
                page.page.select_option("#walk-curated", "1")
            page.page.wait_for_selector("#walk-stops li")
            page.shot("curated")
            assert page.page.locator("#walk-stops li").count() == 3
            assert "議事亭前地" in page.page.locator("#walk-stops").inner_text()
            assert page.count_layers("lmWalkStop") == 3
            assert "Curated route" in page.page.locator("#message").inner_text()
            assert page.errors == []
            assert [u for u in page.requests if not u.startswith(base)] == []
        finally:
            page.ctx.close()
