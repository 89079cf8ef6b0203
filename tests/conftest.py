from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("LEARNING_MAP_SHARED_DATA", REPO.parent / "shared" / "data"))
MACAU_DIR = SHARED_DATA / "macau"
MACAU_PBF = MACAU_DIR / "macau-260220.osm.pbf"
MACAU_ZONES = MACAU_DIR / "census2021_zones.geojson"


def need_shared(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"real data not found at {path} (the shared/data folder beside the repo)")


@pytest.fixture(scope="session")
def macau_pbf() -> Path:
    need_shared(MACAU_PBF)
    return MACAU_PBF


@pytest.fixture(scope="session")
def macau_bundle(tmp_path_factory: pytest.TempPathFactory, macau_pbf: Path) -> Path:
    """Macau built once per session with census zones (pop_est, old_per)."""
    from learning_map.pipeline import build_bundle

    out = tmp_path_factory.mktemp("cities") / "macau"
    build_bundle(
        out, osm_path=macau_pbf, population_path=MACAU_ZONES, population_column="pop_est",
        elderly_share="old_per", name="Macau 澳门",
    )
    return out


@pytest.fixture
def output_dir(request: pytest.FixtureRequest) -> Path:
    """A per-test folder under test-output/ for screenshots and files worth keeping."""
    out = REPO / "test-output" / request.node.name
    out.mkdir(parents=True, exist_ok=True)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(bundle: Path, *extra: str, env: dict[str, str] | None = None):
    """`learning-map serve` on a free loopback port, as a user starts it; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "learning_map", "serve", str(bundle), "--port", str(port), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/api/city", timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"server exited: {proc.stdout.read()}")
                time.sleep(0.25)
        else:
            pytest.fail("server did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
