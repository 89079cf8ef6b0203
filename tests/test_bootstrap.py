"""
scripts/bootstrap.sh and scripts/venv_check.sh, run as a user runs them, on fake venvs:
a venv made by another Python is rebuilt, runtime and dev installs are told apart, and each
install says what it installs first. pip never runs: the fake venv's python logs the call.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

from tests.conftest import REPO

if TYPE_CHECKING:
    from pathlib import Path

VERSION = ".".join(map(str, sys.version_info[:3]))

# Stands in for a venv's python: runs the real one, except `-m pip`, which it only logs.
FAKE_PYTHON = f"""#!/bin/sh
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then echo "$*" >> "$PIP_LOG"; exit 0; fi
exec {sys.executable} "$@"
"""


FAKE_MAKER = """#!/bin/sh
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  mkdir -p "$3/bin"
  printf 'home = /usr/bin\\nversion = {version}\\n' > "$3/pyvenv.cfg"
  cat > "$3/bin/python" <<'END'
{fake}END
  chmod 755 "$3/bin/python"
  exit 0
fi
exec {python} "$@"
"""


def fake_venv(folder: Path, version: str = VERSION) -> Path:
    (folder / "bin").mkdir(parents=True)
    (folder / "pyvenv.cfg").write_text(
        f"home = /usr/bin\ninclude-system-site-packages = false\nversion = {version}\n")
    python = folder / "bin" / "python"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    return folder


def venv_check(venv: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "scripts/venv_check.sh", str(venv), sys.executable], cwd=REPO,
                          capture_output=True, text=True, check=False)


def bootstrap(venv: Path, kind: str, log: Path) -> subprocess.CompletedProcess[str]:
    # PYTHON makes fake venvs too (`-m venv DIR`), so a rebuild installs nothing for real.
    maker = log.parent / "python-that-makes-fake-venvs"
    if not maker.exists():
        maker.write_text(FAKE_MAKER.format(python=sys.executable, version=VERSION,
                                           fake=FAKE_PYTHON))
        maker.chmod(0o755)
    env = {**os.environ, "LEARNING_MAP_VENV": str(venv), "PIP_LOG": str(log), "PYTHON": str(maker)}
    return subprocess.run(["bash", "scripts/bootstrap.sh", kind], cwd=REPO, env=env,
                          capture_output=True, text=True, check=False)


def test_venv_of_this_python_is_reused(tmp_path):
    result = venv_check(fake_venv(tmp_path / "venv"))
    assert result.returncode == 0, result.stdout


def test_venv_of_another_python_is_not_reused(tmp_path):
    result = venv_check(fake_venv(tmp_path / "venv", version="3.9.18"))
    assert result.returncode == 1
    assert f"made by Python 3.9, and {sys.executable} is Python {sys.version_info[0]}.{sys.version_info[1]}" in result.stdout


def test_venv_whose_python_is_gone_is_not_reused(tmp_path):
    venv = fake_venv(tmp_path / "venv")
    (venv / "bin" / "python").write_text("#!/bin/sh\nexit 127\n")
    result = venv_check(venv)
    assert (result.returncode, result.stdout.strip()) == (1, "its python does not run")


def test_a_folder_that_is_no_venv_is_never_deleted(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    result = bootstrap(folder, "runtime", tmp_path / "pip.log")
    assert result.returncode == 1
    assert "not a virtual environment" in result.stderr
    assert (folder / "notes.txt").read_text() == "keep me"


def test_venv_of_another_python_is_rebuilt(tmp_path):
    venv = fake_venv(tmp_path / "venv", version="3.9.18")
    (venv / "marker").write_text("")
    result = bootstrap(venv, "runtime", tmp_path / "pip.log")
    assert "Rebuilding" in result.stdout
    assert "made by Python 3.9" in result.stdout
    assert not (venv / "marker").exists()  # the old venv is gone, a new one was made
    assert f"version = {VERSION}" in (venv / "pyvenv.cfg").read_text()
    assert (tmp_path / "pip.log").read_text().count("-r requirements.txt") == 1  # then installed


def test_runtime_then_dev_installs_are_told_apart(tmp_path):
    venv = fake_venv(tmp_path / "venv")
    log = tmp_path / "pip.log"

    def installs(kind: str) -> tuple[str, list[str]]:
        before = log.read_text().splitlines() if log.exists() else []
        result = bootstrap(venv, kind, log)
        assert result.returncode == 0, result.stderr
        after = log.read_text().splitlines() if log.exists() else []
        return result.stdout, [line for line in after[len(before):] if " -r " in line]

    said, done = installs("runtime")
    assert done == ["-m pip install --quiet -r requirements.txt"]
    assert said.startswith("Installing learning-map's runtime packages (requirements.txt")
    assert installs("runtime") == ("", [])  # nothing changed: nothing to do
    said, done = installs("dev")  # the runtime install does not stand in for the dev one
    assert done == ["-m pip install --quiet -r requirements-dev.txt"]
    assert "requirements-dev.txt" in said
    assert installs("dev") == ("", [])
    assert installs("runtime") == ("", [])  # a dev install holds the runtime packages too
    # A changed pin in requirements-dev.txt is a dev change only: simulated by the stamp's hash.
    stamp = venv / ".learning-map-installed"
    stamp.write_text("dev 0000\n")
    assert installs("runtime")[1] == ["-m pip install --quiet -r requirements.txt"]


def test_a_stamp_from_before_runtime_and_dev_counts_as_dev(tmp_path):
    import hashlib

    venv = fake_venv(tmp_path / "venv")
    files = ("requirements.txt", "requirements-dev.txt", "pyproject.toml")
    old = hashlib.sha256(b"".join((REPO / name).read_bytes() for name in files)).hexdigest()
    (venv / ".learning-map-installed").write_text(old + "\n")
    for kind in ("dev", "runtime"):
        result = bootstrap(venv, kind, tmp_path / "pip.log")
        assert (result.returncode, result.stdout) == (0, "")
    assert not (tmp_path / "pip.log").exists()
