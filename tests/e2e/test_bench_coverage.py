"""scripts/bench_coverage.py without some peers: each missing one is skipped with its reason."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import MACAU_PBF, REPO

pytestmark = pytest.mark.slow


def test_a_peer_that_does_not_import_is_skipped_with_its_reason(tmp_path):
    if not (REPO / "data" / "macau" / MACAU_PBF.name).exists():
        pytest.skip("the demo extract data/macau is missing")
    # cityseer and pandana made unimportable (as on a machine without requirements-bench.txt).
    for peer in ("cityseer", "pandana"):
        (tmp_path / f"{peer}.py").write_text('raise ImportError("not installed here")\n')
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    cmd = [sys.executable, str(REPO / "scripts" / "bench_coverage.py"), "macau", "--repeat", "1",
           "--skip", "networkx", "--skip", "osmnx"]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=env, check=False,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "cityseer: skipped, not installed here (install: pip install -r requirements-bench.txt)" in done.stdout
    assert "pandana: skipped, not installed here" in done.stdout
    assert "engine (search + partial edges)" in done.stdout
    assert "Traceback" not in done.stderr
