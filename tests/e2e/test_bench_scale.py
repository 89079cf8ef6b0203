"""scripts/bench_scale.py on a small generated city: generate, build, cover, serve, clip."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import free_port

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("bench_scale")
    cmd = [sys.executable, str(REPO / "scripts" / "bench_scale.py"), "--junctions", "20000",
           "--sites", "210", "--skip", "read", "--cache", str(work / "cache"),
           "--work", str(work / "out"), "--port", str(free_port())]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, check=False, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "coverage 7 categories" in done.stdout  # the printed table
    return json.loads((work / "out" / "results-20000.json").read_text())


def test_generated_city_builds_with_all_sites(results: dict) -> None:
    build = results["build"]
    assert 16_000 < build["nodes"] < 24_000  # about the asked junctions once simplified
    assert build["sites"] == 210
    assert build["basemap_tiles"] > 0
    assert build["peak_mb"] > 0


def test_coverage_covers_the_seven_categories(results: dict) -> None:
    coverage = results["coverage"]
    assert coverage["categories"] >= 7
    assert coverage["nodes"] == results["build"]["nodes"]


def test_server_answers_with_two_workers(results: dict) -> None:
    serve = results["serve"]
    assert serve["workers"] == 2
    assert all(pss > 0 for _, pss in serve["worker_rss_pss_mb_after"])
    assert serve["query_ms_median"] > 0


def test_clipped_build_is_a_part_of_the_city(results: dict) -> None:
    whole, part = results["build"], results["clipped"]
    # A tenth of the area: about a tenth of the junctions (streets run a little past it).
    assert 0.05 * whole["nodes"] < part["nodes"] < 0.2 * whole["nodes"]
    assert 0 < part["sites"] < 0.2 * whole["sites"]
