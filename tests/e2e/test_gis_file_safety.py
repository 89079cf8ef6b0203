"""
A file sent in cannot make the server read its own files or send requests (issue 18, point 1).

Three OGR VRT payloads, as a ``.json``, ``.geojson`` or ``.gpkg``: one reads a server file
(``CSV:`` a secret file), one runs SQL on the registry GeoPackage (``FROM users``: the
password hashes), one points GDAL at ``/vsicurl/`` on a listener this test runs. Each goes
in through a fresh process: ``learning-map import``, ``learning-map build --sites`` and the
admin upload of a live ``learning-map serve`` (gunicorn). Each is refused with one
bilingual sentence, nothing of the target appears anywhere, the listener hears nothing.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests
from werkzeug.security import generate_password_hash

from learning_map.store import admin as store_admin

REPO = Path(__file__).resolve().parents[2]
MACAU_PBF = REPO / "data" / "macau" / "macau-260220.osm.pbf"
SECRET = "lm-server-secret-7f3a"  # the one line of the server file the payload tries to read
PASSWORD = "correct horse battery staple"
CHEAP = "pbkdf2:sha256:1000"
SESSION_SECRET = "test-secret-key-0123456789abcdef"
PAYLOADS = ("server_file", "registry_sql", "vsicurl")
DISGUISES = (".json", ".geojson", ".gpkg")


@pytest.fixture
def listener():
    """An HTTP server on 127.0.0.1 recording every request it receives."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"name,category,lon,lat\nfrom-the-listener,library,113.54,22.19\n")

        do_HEAD = do_GET  # noqa: N815 - the name http.server calls

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _vrt(source: str, sql: str, open_options: str = "") -> str:
    return (
        '<OGRVRTDataSource><OGRVRTLayer name="sites">'
        f"<SrcDataSource>{source}</SrcDataSource>{open_options}"
        f'<SrcSQL dialect="SQLITE">{sql}</SrcSQL>'
        '<GeometryType>wkbPoint</GeometryType><GeometryField encoding="PointFromColumns" x="lon" y="lat"/>'
        "</OGRVRTLayer></OGRVRTDataSource>"
    )


@pytest.fixture
def city(tmp_path: Path) -> Path:
    """A city folder whose registry holds an admin user (the SQL payload's target)."""
    from learning_map.store import open_store

    folder = tmp_path / "city"
    folder.mkdir()
    with open_store(folder) as store:
        store_admin.add_user(store, "boss", generate_password_hash(PASSWORD, method=CHEAP), "city_admin", None)
    return folder


def payload(kind: str, *, city: Path, secret_file: Path, port: int) -> str:
    extra = "'library' AS category, 113.54 AS lon, 22.19 AS lat, 'X' || rowid AS site_id"
    if kind == "server_file":
        return _vrt(f"CSV:{secret_file}", f"SELECT field_1 AS name, {extra} FROM {secret_file.stem}",
                    '<OpenOptions><OOI key="HEADERS">NO</OOI></OpenOptions>')
    if kind == "registry_sql":
        return _vrt(str(city / "registry.gpkg"),
                    f"SELECT username || ' ' || password_hash AS name, {extra} FROM users")
    return _vrt(f"CSV:/vsicurl/http://127.0.0.1:{port}/x.csv", f"SELECT name, {extra} FROM x")


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "server_secret.txt"
    path.write_text(f"{SECRET}:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    return path


def leaked(text: str) -> bool:
    """True when anything of a payload's targets shows in ``text``."""
    return SECRET in text or "pbkdf2:" in text or "from-the-listener" in text


def _check_refused(output: str, hits: list[str], name: str) -> None:
    assert not leaked(output), output
    assert hits == []
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output  # one sentence, no traceback
    assert name in lines[0]
    assert " / " in lines[0]
    assert "Traceback" not in output


@pytest.mark.parametrize("disguise", DISGUISES)
@pytest.mark.parametrize("kind", PAYLOADS)
def test_cli_import_refuses_a_vrt_payload(kind, disguise, tmp_path, city, secret_file, listener):
    port, hits = listener
    name = f"registry{disguise}"
    (tmp_path / name).write_text(payload(kind, city=city, secret_file=secret_file, port=port), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "learning_map", "import", str(city), str(tmp_path / name), "--year", "2025"],
        capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode != 0
    _check_refused(result.stdout + result.stderr, hits, name)
    for written in city.iterdir():  # no rejected-rows file or registry row holds the target
        if written.suffix in (".csv", ".txt"):
            assert not leaked(written.read_text(encoding="utf-8", errors="replace"))
    from learning_map.store import open_store

    with open_store(city) as store:
        assert store.all_sites().empty


@pytest.mark.parametrize("kind", PAYLOADS)
def test_cli_build_refuses_a_vrt_payload_as_sites(kind, tmp_path, city, secret_file, listener):
    port, hits = listener
    sites = tmp_path / "sites.geojson"
    sites.write_text(payload(kind, city=city, secret_file=secret_file, port=port), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "learning_map", "build", "--osm", str(MACAU_PBF), "--sites", str(sites),
         "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode != 0
    _check_refused(result.stdout + result.stderr, hits, sites.name)
    assert not (tmp_path / "out").exists() or not any(
        leaked(p.read_text(errors="replace")) for p in (tmp_path / "out").rglob("*") if p.is_file())


def raster_vrt(port: int) -> str:
    """A raster VRT (rasterio opens it whatever the file is called) reading from the listener."""
    return (f'<VRTDataset rasterXSize="1" rasterYSize="1"><VRTRasterBand dataType="Byte" band="1">'
            f"<SimpleSource><SourceFilename>/vsicurl/http://127.0.0.1:{port}/p.tif</SourceFilename>"
            f"</SimpleSource></VRTRasterBand></VRTDataset>")


# Every other option that reads a GIS file: the same door, the same refusal.
OTHER_READERS = {
    "coverage --by": ["coverage", "{bundle}", "--by", "{units}:name"],
    "serve --units": ["serve", "{bundle}", "--units", "{units}:name", "--port", "{port}"],
    "build --clip": ["build", "--osm", str(MACAU_PBF), "--clip", "{units}", "--out", "{out}"],
    "build --population zones": ["build", "--osm", str(MACAU_PBF), "--population", "{units}:name", "--out", "{out}"],
    "build --population raster": ["build", "--osm", str(MACAU_PBF), "--population", "{raster}", "--out", "{out}"],
    "export --by": ["export", "{bundle}", "--year", "2025", "--out", "{out}", "--by", "{units}:name"],
    "user districts": ["user", "districts", "{bundle}", "{units}"],
    "gaps --population": ["gaps", "{bundle}", "--category", "library", "--population", "{units}:name"],
}


@pytest.mark.parametrize("reader", list(OTHER_READERS))
def test_every_other_gis_option_refuses_a_vrt_payload(reader, tmp_path, city, secret_file, listener,
                                                      macau_bundle):
    from tests.conftest import free_port

    port, hits = listener
    units = tmp_path / "units.geojson"
    units.write_text(payload("server_file", city=city, secret_file=secret_file, port=port), encoding="utf-8")
    raster = tmp_path / "people.tif"
    raster.write_text(raster_vrt(port), encoding="utf-8")
    args = [a.format(bundle=macau_bundle, units=units, raster=raster, out=tmp_path / "out", port=free_port())
            for a in OTHER_READERS[reader]]
    result = subprocess.run([sys.executable, "-m", "learning_map", *args], capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode != 0
    _check_refused(result.stdout + result.stderr, hits, raster.name if "raster" in reader else units.name)


def _signed_in(base: str) -> tuple[requests.Session, str]:
    session = requests.Session()
    token = re.search(r'name="csrf_token" value="([^"]+)"', session.get(base + "/admin/login", timeout=30).text)[1]
    response = session.post(base + "/admin/login", data={"username": "boss", "password": PASSWORD,
                                                         "csrf_token": token}, allow_redirects=False, timeout=30)
    assert response.status_code == 302, response.text
    page = session.get(base + "/admin/upload", timeout=30).text
    return session, re.search(r'name="csrf_token" value="([^"]+)"', page)[1]


def test_admin_upload_on_a_live_server_refuses_every_vrt_payload(macau_bundle, tmp_path, city, secret_file,
                                                                 listener):
    """Every payload in every disguise through `learning-map serve` (gunicorn): 400, one sentence."""
    from tests.conftest import running_server

    port, hits = listener
    uploads = tmp_path / "uploads"
    env = {"LEARNING_MAP_SECRET_KEY": SESSION_SECRET, "LEARNING_MAP_REGISTRY_DIR": str(city),
           "LEARNING_MAP_UPLOAD_DIR": str(uploads)}
    with running_server(macau_bundle, "--workers", "1", env=env) as base:
        session, token = _signed_in(base)
        for kind in PAYLOADS:
            for disguise in DISGUISES:
                content = payload(kind, city=city, secret_file=secret_file, port=port).encode()
                response = session.post(base + "/admin/upload", data={
                    "csrf_token": token, "year": "2025", "coords": "wgs84"},
                    files={"file": (f"名录{disguise}", content)}, timeout=60)
                assert response.status_code == 400, (kind, disguise, response.text[:300])
                assert not leaked(response.text), (kind, disguise)
                error = re.search(r'data-testid="error"[^>]*>([^<]*)<', response.text)
                message = error[1] if error else response.text
                assert message.count(" / ") <= 1, message  # one sentence (bilingual until the readers speak a locale)
                assert f"名录{disguise}" in message, message  # named as sent
                assert str(uploads) not in response.text  # no server path in the page
                assert "/tmp/" not in message
        registry = session.get(base + "/admin/registry?year=2025", timeout=30).text
        assert not leaked(registry)
    assert hits == []
    assert not [p for p in uploads.rglob("*") if p.is_file()]  # refused uploads leave nothing


GDAL_PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv.pop(1))  # an entry point, imported first as it is in use
import geopandas as gpd, pyogrio, rasterio
out = {"ogr_vrt": "OGR_VRT" in pyogrio.list_drivers()}
with rasterio.Env() as env:
    out["raster_vrt"] = "VRT" in env.drivers()
for path in sys.argv[1:]:
    try:  # straight to GDAL, past our own checks: the second lock alone
        frame = gpd.read_file(path)
        out[path] = [str(v) for v in frame.iloc[:, 0]]
    except Exception as exc:
        out[path] = "refused: " + type(exc).__name__
print(json.dumps(out))
"""


# The CLI, the WSGI app (app.py imports learning_map.web), gunicorn workers (forked from the
# serve process after create_app) and batch tasks: each imports the package first.
ENTRY_POINTS = ("learning_map.cli", "learning_map.web", "learning_map.batch.runner", "app")


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_gdal_itself_is_kept_off_vrt_and_the_network_in_a_fresh_process(entry, tmp_path, city, secret_file,
                                                                          listener, macau_bundle):
    """Even GDAL called directly (no file check) opens no VRT and sends no request."""
    port, hits = listener
    files = []
    for kind in PAYLOADS:
        path = tmp_path / f"{kind}.json"
        path.write_text(payload(kind, city=city, secret_file=secret_file, port=port), encoding="utf-8")
        files.append(str(path))
    link = tmp_path / "crs_link.geojson"  # a plain GeoJSON whose "crs" GDAL would fetch
    link.write_text(json.dumps({
        "type": "FeatureCollection",
        "crs": {"type": "link", "properties": {"href": f"http://127.0.0.1:{port}/crs", "type": "proj4"}},
        "features": [{"type": "Feature", "properties": {"name": "a"},
                      "geometry": {"type": "Point", "coordinates": [113.54, 22.19]}}]}), encoding="utf-8")
    files.append(str(link))
    result = subprocess.run([sys.executable, "-c", GDAL_PROBE, entry, *files], capture_output=True, text=True,
                            timeout=300, check=True, cwd=REPO,
                            env={**os.environ, "LEARNING_MAP_BUNDLE_DIR": str(macau_bundle)})  # app.py's city
    out = json.loads(result.stdout.splitlines()[-1])
    assert out["ogr_vrt"] is False
    assert out["raster_vrt"] is False
    for path in files[:3]:
        assert str(out[path]).startswith("refused"), out[path]
    assert not leaked(result.stdout)
    assert hits == []


@pytest.mark.parametrize("disguise", DISGUISES)
def test_our_own_check_refuses_before_gdal_even_where_gdal_would_read(disguise, tmp_path, city, secret_file,
                                                                       listener):
    """The first lock: read_layer refuses each payload by content, in any disguise."""
    from learning_map.errors import InputFileError
    from learning_map.io.layers import read_layer

    port, hits = listener
    for kind in PAYLOADS:
        path = tmp_path / f"{kind}{disguise}"
        path.write_text(payload(kind, city=city, secret_file=secret_file, port=port), encoding="utf-8")
        with pytest.raises(InputFileError, match=re.escape(path.name)) as refused:
            read_layer(path, what="registry")
        assert not leaked(str(refused.value))
    assert hits == []


def _feature_collection(**extra: object) -> dict:
    return {"type": "FeatureCollection", **extra, "features": [
        {"type": "Feature", "properties": {"name": "a", "category": "library"},
         "geometry": {"type": "Point", "coordinates": [113.54, 22.19]}}]}


@pytest.mark.parametrize("crs", [
    {"type": "link", "properties": {"href": "http://127.0.0.1:{port}/crs", "type": "proj4"}},
    {"type": "url", "properties": {"url": "http://127.0.0.1:{port}/crs"}},
    {"type": "name", "properties": {"name": "http://127.0.0.1:{port}/crs"}},
    {"type": "name", "properties": {"name": "/etc/passwd"}},
])
def test_a_geojson_crs_that_links_elsewhere_is_refused(crs, tmp_path, listener):
    from learning_map.errors import InputFileError
    from learning_map.io.layers import read_layer

    port, hits = listener
    text = json.dumps(_feature_collection(crs=crs)).replace("{port}", str(port))
    path = tmp_path / "sites.geojson"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError, match="crs"):
        read_layer(path)
    # Hidden in a geometry, or with its key escaped, it is found all the same.
    escaped = json.dumps({"type": "Feature", "properties": {}, "geometry": {
        "type": "Point", "coordinates": [1, 2], "crs": json.loads(text)["crs"]}}).replace('"crs"', '"\\u0063rs"')
    path.write_text(escaped, encoding="utf-8")
    with pytest.raises(InputFileError, match="crs"):
        read_layer(path)
    assert hits == []


def test_plain_files_of_every_accepted_format_still_read(tmp_path):
    import zipfile

    import geopandas as gpd
    import shapely

    from learning_map.io.layers import read_layer

    frame = gpd.GeoDataFrame({"name": ["a"], "category": ["library"]}, geometry=[shapely.Point(113.54, 22.19)],
                             crs="EPSG:4326")
    frame.to_file(tmp_path / "a.gpkg", driver="GPKG")
    frame.to_file(tmp_path / "a.geojson", driver="GeoJSON")
    (tmp_path / "shp").mkdir()
    frame.to_file(tmp_path / "shp" / "a.shp")
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as archive:
        for part in (tmp_path / "shp").iterdir():
            archive.write(part, f"folder/{part.name}")
    named = json.loads((tmp_path / "a.geojson").read_text(encoding="utf-8"))
    named["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    (tmp_path / "named.geojson").write_text(json.dumps(named), encoding="utf-8")
    for name in ("a.gpkg", "a.geojson", "shp/a.shp", "a.zip", "named.geojson"):
        read = read_layer(tmp_path / name)
        assert list(read["name"]) == ["a"], name
        assert read.crs.to_epsg() == 4326, name


def _gpkg_with(tmp_path: Path, sql: list[str], name: str) -> Path:
    import sqlite3

    import geopandas as gpd
    import shapely

    path = tmp_path / name
    gpd.GeoDataFrame({"name": ["a"]}, geometry=[shapely.Point(113.54, 22.19)], crs="EPSG:4326").to_file(
        path, layer="sites", driver="GPKG")
    with contextlib.closing(sqlite3.connect(path)) as connection:
        for statement in sql:
            connection.execute(statement)
        connection.commit()
    return path


@pytest.mark.parametrize(("name", "sql"), [
    ("view.gpkg", ["CREATE VIEW leak AS SELECT * FROM sites",
                   "INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('leak', 'features', 'leak')"]),
    ("computed.gpkg", ["ALTER TABLE sites ADD COLUMN shout TEXT AS (upper(name)) VIRTUAL"]),
    ("listed_view.gpkg", ["CREATE VIEW other AS SELECT 1"]),
    ("unlisted.gpkg", ['CREATE TABLE "a""b" (x, y AS (upper(x)) VIRTUAL)']),  # GDAL may list it anyway
    ("virtual.gpkg", ["CREATE VIRTUAL TABLE v USING fts5(x)"]),
])
def test_a_geopackage_with_views_or_computed_columns_is_refused(name, sql, tmp_path):
    from learning_map.errors import InputFileError
    from learning_map.io.layers import read_layer

    path = _gpkg_with(tmp_path, sql, name)
    with pytest.raises(InputFileError, match="views, virtual tables or computed columns"):
        read_layer(path)


def test_a_zip_is_unpacked_by_us_and_holds_only_a_shapefile(tmp_path):
    import zipfile

    from learning_map.errors import InputFileError
    from learning_map.io.layers import read_layer

    with zipfile.ZipFile(tmp_path / "vrt.zip", "w") as archive:  # a VRT named .shp inside a zip
        archive.writestr("a.shp", _vrt("CSV:/etc/passwd", "SELECT 1"))
    with zipfile.ZipFile(tmp_path / "empty.zip", "w") as archive:
        archive.writestr("readme.txt", "nothing")
    (tmp_path / "not.zip").write_bytes(b"PK\x03\x04 broken")
    for name in ("vrt.zip", "empty.zip", "not.zip"):
        with pytest.raises(InputFileError, match=re.escape(name)):
            read_layer(tmp_path / name)


def test_rasters_boundaries_and_population_go_through_the_same_check(tmp_path, secret_file, listener):
    """rasterio opens VRT XML whatever the extension; --clip and population layers share the door."""
    from learning_map.city.population_files import clip_population, read_population
    from learning_map.errors import InputFileError
    from learning_map.io.boundary import read_boundary

    port, hits = listener
    (tmp_path / "pop.tif").write_text(raster_vrt(port), encoding="utf-8")
    vector_vrt = _vrt(f"CSV:{secret_file}", "SELECT field_1 AS name FROM server_secret",
                      '<OpenOptions><OOI key="HEADERS">NO</OOI></OpenOptions>')
    (tmp_path / "zones.geojson").write_text(vector_vrt, encoding="utf-8")
    import shapely

    area = shapely.box(113.5, 22.1, 113.6, 22.2)
    for call in (
        lambda: read_population(tmp_path / "pop.tif", crs="EPSG:32649"),
        lambda: clip_population(tmp_path / "pop.tif", None, area, tmp_path),
        lambda: read_population(tmp_path / "zones.geojson", crs="EPSG:32649", column="name"),
        lambda: read_boundary(str(tmp_path / "zones.geojson")),
        lambda: read_boundary(f"{tmp_path / 'zones.geojson'}:name=x"),
    ):
        with pytest.raises(InputFileError) as refused:
            call()
        assert not leaked(str(refused.value))
    assert hits == []
