"""
One place decides where a server's registry is (learning_map/web/config.py registry_location):
with ``REGISTRY_YEAR`` (``serve --year``) the citizen map reads the same registry as the admin
pages, so an admin's edit reaches citizens, also when ``REGISTRY_DIR`` is not the bundle folder
and on PostGIS with a schema.
"""

from __future__ import annotations

import re
import shutil

import geopandas as gpd
import pytest
import shapely
from werkzeug.security import generate_password_hash

from learning_map.store import admin as store_admin
from learning_map.store import open_store
from learning_map.web import create_app
from tests.e2e.town import build_town, town_library_lonlat

SECRET = "test-secret-key-0123456789abcdef"
PASSWORD = "correct horse battery staple"


def town_sites(name: str) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"site_id": ["lib"], "name": [name], "category": ["library"]},
                            geometry=[shapely.Point(*town_library_lonlat())], crs="EPSG:4326")


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    return build_town(tmp_path_factory.mktemp("town") / "town")


def token_of(response) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True)).group(1)


def test_an_admin_edit_reaches_the_citizen_map_of_the_year(town, store_target, tmp_path):
    # A stale registry beside the bundle: a server that reads it would show the old name.
    stale = tmp_path / "bundle-copy"
    shutil.copytree(town, stale, symlinks=True)
    with open_store(stale) as old:
        old.import_sites(town_sites("旧名图书馆"), year=2025, source="old.csv")
    # The server's registry: REGISTRY_DIR elsewhere (GeoPackage) or PostGIS with a schema.
    store = store_target.open()
    store.import_sites(town_sites("中央图书馆"), year=2025, source="r.csv")
    store_admin.add_user(store, "boss", generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"),
                         "city_admin", None)
    config = {"SECRET_KEY": SECRET, "REGISTRY_YEAR": 2025, "REGISTRY_DIR": str(store_target.bundle_dir),
              "DATABASE_URL": store_target.url, "DATABASE_SCHEMA": store_target.schema}
    assert store_target.bundle_dir != stale

    def citizen_names() -> list[str]:
        app = create_app(stale, test_config=config)  # a (re)started server
        client = app.test_client()
        names = [f["properties"]["name"] for f in client.get("/api/sites").get_json()["features"]]
        found = client.get("/api/search?q=图书馆").get_json()["results"]
        return names + [r["name"] for r in found if r["kind"] == "site"]

    assert set(citizen_names()) == {"中央图书馆"}
    # An admin renames the site through the admin pages ...
    admin = create_app(stale, test_config=config).test_client()
    login = admin.post("/admin/login", data={"username": "boss", "password": PASSWORD,
                                             "csrf_token": token_of(admin.get("/admin/login"))})
    assert login.status_code == 302
    page = admin.get("/admin/site/lib")
    edited = admin.post("/admin/site/lib/edit", data={"csrf_token": token_of(page), "year": "2025",
                                                     "name": "市中央图书馆"})
    assert edited.status_code == 302
    # ... and citizens see the new name (on the next start of the server).
    assert set(citizen_names()) == {"市中央图书馆"}
