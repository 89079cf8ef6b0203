"""The lock files match pyproject.toml: every declared dependency is pinned, within its bounds."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RUNTIME = ("serve", "print", "postgis", "batch")
# The extras each lock file is compiled with (dev includes the runtime ones).
LOCKS = {"requirements.txt": RUNTIME, "requirements-dev.txt": ("dev",),
         "requirements-bench.txt": ("dev", "bench")}


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if match:
            found[canonicalize_name(match.group(1))] = match.group(2)
    return found


def declared(extras: tuple[str, ...]) -> list[Requirement]:
    wanted = [Requirement(r) for r in PROJECT["dependencies"]]
    for extra in extras:
        wanted += [Requirement(r) for r in PROJECT["optional-dependencies"][extra]]
    return [r for r in wanted if canonicalize_name(r.name) != "learning-map"]


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_each_lock_file_pins_what_pyproject_declares(lock):
    path = REPO / lock
    text = path.read_text(encoding="utf-8")
    # The command that made it, so anyone can make it again.
    command = text.splitlines()[1]
    assert "uv pip compile pyproject.toml" in command
    assert all(f"--extra {extra}" in command for extra in LOCKS[lock])
    pinned = pins(path)
    extras = RUNTIME + tuple(e for e in LOCKS[lock] if e not in RUNTIME)
    for requirement in declared(extras):
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue  # not for this platform
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{lock} does not pin {name}"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (lock, name, pinned[name])


def test_the_library_declares_bounds_not_pins():
    for text in PROJECT["dependencies"]:
        assert "==" not in text, f"{text}: a library gives lower bounds; the exact pin is in requirements.txt"


def test_the_runtime_pins_are_the_same_in_every_lock_file():
    runtime = pins(REPO / "requirements.txt")
    for lock in ("requirements-dev.txt", "requirements-bench.txt"):
        other = pins(REPO / lock)
        assert {n: v for n, v in runtime.items() if other.get(n) != v} == {}, lock
