"""Running the README's examples in the repository leaves git status clean."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import REPO


@pytest.mark.parametrize("path", ["cities/macau/CURRENT", "cities/huangpu/builds/x/meta.json",
                                  "dist/learning-map-2026/manifest.json", "data/demo/CURRENT"])
def test_readme_outputs_are_ignored(path):
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    done = subprocess.run(["git", "check-ignore", "--no-index", "-q", path], cwd=REPO, check=False)
    assert done.returncode == 0, f"{path} would show in git status"


def test_source_folders_are_not_ignored():
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    for path in ("learning_map/web/static/app.js", "tests/conftest.py", "data/macau/README.md"):
        done = subprocess.run(["git", "check-ignore", "--no-index", "-q", path], cwd=REPO, check=False)
        assert done.returncode == 1, f"{path} is ignored"
