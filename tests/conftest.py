from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import sys
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests import _servers

REPO = Path(__file__).resolve().parent.parent
# Real test data beyond what the repository ships: ../shared/data beside the repo, or the folder
# LEARNING_MAP_SHARED_DATA names. Tests that need a file from it skip without it.
SHARED_DATA = Path(os.environ.get("LEARNING_MAP_SHARED_DATA", REPO.parent / "shared" / "data"))
MACAU_DIR = SHARED_DATA / "macau"
# The demo city's two files ship in data/macau/, so a clean clone runs the Macau tests too.
SHIPPED_MACAU = REPO / "data" / "macau"


def macau_file(name: str) -> Path:
    """A Macau file from the shared data when it is there, else the copy the repository ships."""
    shared = MACAU_DIR / name
    shipped = SHIPPED_MACAU / name
    return shipped if not shared.exists() and shipped.exists() else shared


MACAU_PBF = macau_file("macau-260220.osm.pbf")
MACAU_ZONES = macau_file("census2021_zones.geojson")


def need_shared(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"real data not found at {path} (../shared/data beside the repo, or "
                    "the folder LEARNING_MAP_SHARED_DATA names)")


@pytest.fixture(scope="session")
def macau_pbf() -> Path:
    need_shared(MACAU_PBF)
    return MACAU_PBF


@pytest.fixture(scope="session")
def macau_bundle(tmp_path_factory: pytest.TempPathFactory, macau_pbf: Path) -> Path:
    """Macau built once per session with census zones (pop_est, old_per)."""
    from learning_map.build.pipeline import build_from_files

    def build(out: Path) -> None:
        build_from_files(
            out, osm_path=macau_pbf, population_path=MACAU_ZONES, population_column="pop_est",
            elderly_share="old_per", name="Macau 澳门",
        )

    return built_once(tmp_path_factory, "macau", build)


@pytest.fixture(scope="session")
def macau_routes_bundle(tmp_path_factory: pytest.TempPathFactory, macau_bundle: Path) -> Path:
    """A copy of the Macau bundle with the curated routes the demo ships (data/macau/routes/)."""
    import shutil

    from learning_map.build.demo import copy_routes

    def build(out: Path) -> None:
        shutil.copytree(macau_bundle, out)
        copy_routes(SHIPPED_MACAU / "routes", out)

    return built_once(tmp_path_factory, "macau-routes", build)


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build) -> Path:
    """``build(out)`` run once for the whole run, shared by every pytest-xdist worker.

    The workers' temp folders share a parent; the first worker to take the lock builds there
    and the others wait for it, then read the same (read-only to tests) bundle.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    out = root / "shared-cities" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (out / "CURRENT").exists():
            build(out)
    return out


@pytest.fixture
def output_dir(request: pytest.FixtureRequest) -> Path:
    """A per-test folder under test-output/ for screenshots and files worth keeping."""
    out = REPO / "test-output" / request.node.name
    out.mkdir(parents=True, exist_ok=True)
    return out


# Text that must show literally wherever it goes: Jinja syntax, HTML, script, a javascript: link.
JINJA_EXPR = "{{7*7}}"
IMG_XSS = "<img src=x onerror=alert(1)>"
SCRIPT_XSS = '"><script>alert(1)</script>'
JS_LINK = "javascript:alert(1)"


def jinja_rce(marker: Path) -> str:
    """A site name that runs a shell command if it is ever rendered as a Jinja template."""
    return (
        "{% set o = cycler.__init__.__globals__.os %}"
        "{{ o.popen('touch " + str(marker) + "').read() }}"
    )


def hostile_osm(path: Path, marker: Path) -> Path:
    """
    A tiny OSM XML city (a 5 x 5 street grid in central Macau) whose names, addresses and
    websites are attack payloads.
    """
    from xml.sax.saxutils import quoteattr

    nodes, ways = [], []
    size, step = 5, 0.0009
    for i in range(size):
        for j in range(size):
            nid = 1 + i * size + j
            nodes.append(f'<node id="{nid}" lat="{22.190 + i * step:.6f}" lon="{113.540 + j * step:.6f}"/>')
    wid = 1000
    street_names = [JINJA_EXPR + " Street", IMG_XSS, SCRIPT_XSS, "Rua {% raw %}", "正常街"]
    for i in range(size):
        refs = "".join(f'<nd ref="{1 + i * size + j}"/>' for j in range(size))
        ways.append(f'<way id="{wid + i}">{refs}<tag k="highway" v="residential"/>'
                    f'<tag k="name" v={quoteattr(street_names[i])}/></way>')
    for i in range(size):
        refs = "".join(f'<nd ref="{1 + j * size + i}"/>' for j in range(size))
        ways.append(f'<way id="{wid + 100 + i}">{refs}<tag k="highway" v="footway"/></way>')
    pois = [
        ("library", JINJA_EXPR, {"addr:street": SCRIPT_XSS, "website": JS_LINK}),
        ("community_centre", IMG_XSS, {"opening_hours": JINJA_EXPR, "phone": "=HYPERLINK(\"http://evil\")"}),
        ("arts_centre", jinja_rce(marker), {"website": "https://example.org/?q=<b>"}),
    ]
    for k, (amenity, name, extra) in enumerate(pois):
        tags = {"amenity": amenity, "name": name, **extra}
        tag_xml = "".join(f"<tag k={quoteattr(a)} v={quoteattr(b)}/>" for a, b in tags.items())
        nodes.append(f'<node id="{500 + k}" lat="{22.1905 + k * step:.6f}" lon="{113.5405 + k * step:.6f}">'
                     f"{tag_xml}</node>")
    nodes.append(f'<node id="600" lat="22.1920" lon="113.5420"><tag k="place" v="neighbourhood"/>'
                 f"<tag k=\"name\" v={quoteattr(JINJA_EXPR + IMG_XSS)}/></node>")
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="test">\n'
        + "\n".join(nodes + ways) + "\n</osm>\n",
        encoding="utf-8",
    )
    return path


def hostile_registry(path: Path, marker: Path) -> Path:
    """A registry CSV with the same payloads in every text column, in the hostile city."""
    import csv

    rows = [
        ["name", "category", "lon", "lat", "address", "website", "phone"],
        [JINJA_EXPR + " 图书馆", "library", "113.5412", "22.1912", IMG_XSS, JS_LINK, "+853 2835 1234"],
        [jinja_rce(marker), "社区学校", "113.5421", "22.1921", SCRIPT_XSS, "https://example.org", ""],
        ['=HYPERLINK("http://evil","click")', "老年大学", "113.5430", "22.1903", "@SUM(1)", "", "+cmd|' /C calc'!A0"],
    ]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(bundle: Path, *extra: str, env: dict[str, str] | None = None, ready: str = "/api/city"):
    """`learning-map serve` on a free loopback port, as a user starts it; yields its base URL.

    Started once ``ready`` answers (a national folder has no /api/city: pass /api/cities), within
    LEARNING_MAP_TEST_READY_SECONDS; stopped with its workers (TERM, then KILL) however the block
    ends. A port taken by another job between choosing and binding it is tried again, anew.
    """
    for attempt in range(1, 4):
        port = free_port()
        args = [sys.executable, "-m", "learning_map", "serve", str(bundle), "--port", str(port), *extra]
        base = f"http://127.0.0.1:{port}"
        proc = _servers.start(args, env={"PYTHONWARNINGS": "error", **(env or {})})
        try:
            if _servers.serving(base + ready, proc):
                yield base
                return
            output = _servers.output_of(proc)
        finally:
            _servers.stop(proc)
        if "in use" not in output or attempt == 3:
            pytest.fail(f"server exited ({proc.returncode}):\n{output}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A server a test could not stop (pytest interrupted it) is killed before the run ends."""
    _servers.stop_all()


class BufferedClient(FlaskClient):
    """Reads each response in full and closes it, as a WSGI server does (no open files)."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


Flask.test_client_class = BufferedClient


@pytest.fixture(scope="module")
def app(macau_bundle):
    """The web app over the real Macau bundle."""
    from learning_map.web import create_app

    return create_app(macau_bundle)


@pytest.fixture
def client(app):
    """A test client for the app."""
    return app.test_client()


@pytest.fixture
def runner():
    """Runs ``learning-map`` commands in-process, as click's CliRunner does."""
    from click.testing import CliRunner

    from learning_map.cli import main

    class Runner(CliRunner):
        def invoke(self, *args, **kwargs):
            kwargs.setdefault("catch_exceptions", False)
            return super().invoke(main, *args, **kwargs)

    return Runner()


# ---------------------------------------------------------------- registry store backends


class StoreTarget:
    """Where a test's registry store lives: a GeoPackage folder, or a fresh PostGIS schema."""

    def __init__(self, backend: str, bundle_dir: Path, url: str | None = None,
                 schema: str | None = None) -> None:
        self.backend, self.bundle_dir, self.url, self.schema = backend, bundle_dir, url, schema
        self.opened: list = []

    def open(self, **kwargs):
        """A store on this target; every store a test opens is closed when the test ends."""
        from learning_map.store import open_store

        if self.url:
            store = open_store(url=self.url, schema=self.schema, **kwargs)
        else:
            store = open_store(self.bundle_dir, **kwargs)
        self.opened.append(store)
        return store

    def close_all(self) -> None:
        for store in self.opened:
            store.close()
        self.opened.clear()

    def worker_args(self) -> list[str]:
        """Arguments naming this store for tests/store_worker.py."""
        if self.url:
            return ["--url", self.url, "--schema", self.schema]
        return ["--bundle", str(self.bundle_dir)]

    def cli_args(self) -> list[str]:
        """``--database URL`` for the CLI (the schema goes into the URL's options)."""
        if not self.url:
            return []
        from urllib.parse import quote

        return ["--database", f"{self.url}?options={quote(f'-csearch_path={self.schema},public')}"]


def postgis_url() -> str:
    url = os.environ.get("LEARNING_MAP_TEST_DATABASE_URL")
    if not url:
        pytest.skip("PostGIS backend: LEARNING_MAP_TEST_DATABASE_URL is not set "
                    "(scripts/test.sh starts a throwaway PostGIS cluster and sets it)")
    return url


def _pg_admin(url: str, sql: str) -> None:
    """One statement on its own connection, closed before returning."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture
def fresh_postgis(tmp_path: Path):
    """A new, empty PostgreSQL schema, dropped after the test."""
    import uuid

    url = postgis_url()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    _pg_admin(url, f"CREATE SCHEMA {schema}")
    folder = tmp_path / "pg-city"
    folder.mkdir()
    target = StoreTarget("postgis", folder, url, schema)
    yield target
    target.close_all()  # before the schema goes: no connection is left open
    _pg_admin(url, f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["gpkg", "postgis"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The same test on both backends: GeoPackage in a city folder, and PostGIS."""
    monkeypatch.delenv("LEARNING_MAP_DATABASE_URL", raising=False)
    if request.param == "gpkg":
        folder = tmp_path / "city"
        folder.mkdir()
        target = StoreTarget("gpkg", folder)
    else:
        target = request.getfixturevalue("fresh_postgis")
    yield target
    target.close_all()


@pytest.fixture
def store(store_target: StoreTarget):
    opened = store_target.open()
    yield opened
    opened.close()


def is_mapped(array: object) -> bool:
    """
    True when an array's memory is a memory-mapped file, not a private copy.

    The network's arrays are plain ndarray views of their maps (cheaper to slice than the
    np.memmap subclass), so this walks ``.base`` to the np.memmap (or the mmap itself).
    """
    import mmap

    import numpy as np

    while array is not None:
        if isinstance(array, np.memmap | mmap.mmap):
            return True
        array = getattr(array, "base", None)
    return False
