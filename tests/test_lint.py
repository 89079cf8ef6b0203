"""The code passes the project's ruff rules (pyproject.toml), so style stays a checked fact."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def test_ruff_check_passes():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (it is in requirements-dev.txt)")
    result = subprocess.run([ruff, "check", "learning_map", "scripts", "tests", "app.py"],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
