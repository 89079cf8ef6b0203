"""The bundle's basemap archive over HTTP: range requests, ETag and caching, and the page's config."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from learning_map.bundle.core import (
    BASEMAP_FILE,
    current_build,
    load_bundle,
    read_meta,
    verify_bundle,
)
from learning_map.errors import BundleError
from learning_map.web import create_app
from tests.conftest import hostile_osm


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    """A tiny city built from an OSM file, as `learning-map build --osm` does."""
    from learning_map.build.pipeline import build_from_files

    folder = tmp_path_factory.mktemp("town")
    osm = hostile_osm(folder / "town.osm", folder / "marker")
    build_from_files(folder / "bundle", osm_path=osm)
    return folder / "bundle"


@pytest.fixture(scope="module")
def web(town):
    return create_app(town).test_client()


def config(page: bytes) -> dict:
    found = re.search(rb'<script id="lm-config" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_build_writes_the_archive_and_records_its_checksum(town, tmp_path):
    meta = read_meta(town)
    record = meta["files"][BASEMAP_FILE]
    archive = current_build(town) / BASEMAP_FILE
    assert record["bytes"] == archive.stat().st_size
    assert archive.read_bytes()[:7] == b"PMTiles"
    assert meta["basemap"]["tiles"] > 0
    verify_bundle(town)
    # `learning-map verify` checks the archive's SHA-256 with the other files.
    copy = tmp_path / "copy"
    shutil.copytree(town, copy)
    damaged = current_build(copy) / BASEMAP_FILE
    data = bytearray(damaged.read_bytes())
    data[-1] ^= 0xFF
    damaged.write_bytes(bytes(data))
    with pytest.raises(BundleError, match=BASEMAP_FILE):
        verify_bundle(copy)


def test_range_request_answers_206_with_content_range(web, town):
    size = (current_build(town) / BASEMAP_FILE).stat().st_size
    response = web.get("/basemap.pmtiles", headers={"Range": "bytes=0-126"})
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes 0-126/{size}"
    assert response.headers["Accept-Ranges"] == "bytes"
    assert len(response.data) == 127
    assert response.data.startswith(b"PMTiles\x03")
    tail = web.get("/basemap.pmtiles", headers={"Range": f"bytes={size - 10}-"})
    assert tail.status_code == 206
    assert len(tail.data) == 10
    assert web.get("/basemap.pmtiles", headers={"Range": f"bytes={size + 5}-"}).status_code == 416


def test_etag_is_the_archive_checksum_and_revalidates_with_304(web, town):
    sha256 = read_meta(town)["files"][BASEMAP_FILE]["sha256"]
    whole = web.get("/basemap.pmtiles")
    assert whole.status_code == 200
    assert whole.headers["ETag"] == f'"{sha256}"'
    assert whole.headers["Content-Type"] == "application/vnd.pmtiles"
    assert "max-age=86400" in whole.headers["Cache-Control"]
    again = web.get("/basemap.pmtiles", headers={"If-None-Match": f'"{sha256}"', "Range": "bytes=0-126"})
    assert again.status_code == 304
    assert again.data == b""
    # A range tied to another build's ETag gets the whole (new) archive, never mixed bytes.
    stale = web.get("/basemap.pmtiles", headers={"If-Range": '"old"', "Range": "bytes=0-126"})
    assert stale.status_code == 200
    assert len(stale.data) == len(whole.data)


def test_page_draws_the_basemap_and_the_street_geojson_is_gone(web):
    assert config(web.get("/").data)["basemapUrl"] == "/basemap.pmtiles"
    assert web.get("/api/streets").status_code == 404
    paths = web.get("/openapi.json").get_json()["paths"]
    assert "/basemap.pmtiles" in paths
    assert "/api/streets" not in paths


def test_bundle_without_a_basemap_says_so(town, tmp_path):
    from learning_map.build.pipeline import build_bundle

    city = load_bundle(town)
    build_bundle(tmp_path / "plain", city.network, city.sites)  # built from data: no extract
    client = create_app(tmp_path / "plain").test_client()
    assert config(client.get("/").data)["basemapUrl"] is None
    missing = client.get("/basemap.pmtiles")
    assert missing.status_code == 404
    assert "no basemap" in missing.get_json()["error"]["message"]


def test_single_file_map_inlines_what_fits_its_limit(town):
    from pmtiles.reader import MemorySource, Reader

    from learning_map.export.html import inline_basemap

    archive = current_build(town) / BASEMAP_FILE
    assert inline_basemap(town) == archive.read_bytes()  # small enough: all of it
    smaller = inline_basemap(town, limit_bytes=archive.stat().st_size - 1)
    header = Reader(MemorySource(smaller)).header()
    assert header["max_zoom"] < 15  # the closest zooms dropped first
    assert len(smaller) < archive.stat().st_size
    assert inline_basemap(town, limit_bytes=100) is None  # not even the first zoom fits


def test_a_bundle_given_by_a_relative_path_serves_its_basemap(macau_bundle, monkeypatch):
    """`learning-map demo` serves data/demo: send_file must not read it from the package folder."""
    from learning_map.web import create_app

    monkeypatch.chdir(macau_bundle.parent)
    client = create_app(macau_bundle.name).test_client()
    response = client.get("/basemap.pmtiles", headers={"Range": "bytes=0-126"})
    assert response.status_code == 206
    assert response.data[:7] == b"PMTiles"
    assert client.get("/basemap.pmtiles").status_code == 200
