"""
The front end (learning_map/web/frontend/) is linted, unit-tested and bundled here: eslint
reports 0 problems, node's test runner passes, and the committed bundles are byte-identical
to a fresh esbuild build, so nobody edits a bundle by hand or forgets `npm run build`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FRONTEND = REPO / "learning_map" / "web" / "frontend"
BUNDLES = {
    "app.js": REPO / "learning_map" / "web" / "static" / "app.js",
    "offline_map.js": REPO / "learning_map" / "export" / "static" / "offline_map.js",
    "site.js": REPO / "learning_map" / "web" / "static" / "site.js",
    "planner.js": REPO / "learning_map" / "web" / "static" / "planner.js",
    "admin-export.js": REPO / "learning_map" / "web" / "static" / "admin-export.js",
    "admin-upload.js": REPO / "learning_map" / "web" / "static" / "admin-upload.js",
    "admin-place.js": REPO / "learning_map" / "web" / "static" / "admin-place.js",
}
NPM = shutil.which("npm")


def run(*args: str, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"}
    return subprocess.run(list(args), cwd=REPO, capture_output=True, text=True, timeout=timeout,
                          env=env, check=False, **kwargs)


@pytest.fixture(scope="module")
def node_modules() -> Path:
    """node_modules as package-lock.json pins it (`npm ci` when missing or older than the lock)."""
    if NPM is None:
        pytest.skip("npm is not installed: the front end cannot be linted or bundled here")
    marker = REPO / "node_modules" / ".package-lock.json"
    lock = REPO / "package-lock.json"
    if not marker.exists() or marker.stat().st_mtime < lock.stat().st_mtime:
        result = run(NPM, "ci", "--no-audit", "--no-fund")
        assert result.returncode == 0, result.stderr
    return REPO / "node_modules"


def test_versions_are_pinned_exactly():
    import json

    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    dev = package["devDependencies"]
    assert {"esbuild", "eslint"} <= set(dev)
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in dev.values()), dev
    assert {"build", "lint"} <= set(package["scripts"])
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"][""]["devDependencies"] == dev
    assert "node_modules/" in (REPO / ".gitignore").read_text(encoding="utf-8").split()


def test_eslint_reports_no_problems(node_modules):
    result = run(NPM, "run", "--silent", "lint")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "problem" not in result.stdout


def test_eslint_forbids_html_sinks_and_unknown_globals(node_modules):
    """The rules bite: HTML sinks, an href set outside dom.js and undeclared globals are errors."""
    bad = ("export function f(e, x) { e.innerHTML = x; e.outerHTML = x;"
           " e.insertAdjacentHTML('beforeend', x); document.write(x); e.href = x; return y; }\n")
    result = run(str(node_modules / ".bin" / "eslint"), "--stdin", "--stdin-filename",
                 "learning_map/web/frontend/src/bad.js", "--format", "json", input=bad)
    assert result.returncode == 1, result.stderr
    import json

    messages = json.loads(result.stdout)[0]["messages"]
    rules = [m["ruleId"] for m in messages]
    assert rules.count("no-restricted-properties") == 4, messages
    assert "no-restricted-syntax" in rules  # e.href = x
    assert "no-undef" in rules  # y
    # L (Leaflet) and browser globals are known; dom.js may read innerHTML only with a reason.
    ok = run(str(node_modules / ".bin" / "eslint"), "--stdin", "--stdin-filename",
             "learning_map/web/frontend/src/ok.js",
             input="export const m = () => L.map(document.body, { x: window.innerWidth });\n")
    assert ok.returncode == 0, ok.stdout
    dom = (FRONTEND / "src" / "dom.js").read_text(encoding="utf-8")
    assert re.search(r"eslint-disable-next-line no-restricted-properties -- \S", dom)


def test_frontend_unit_tests_pass(node_modules):
    result = run(NPM, "test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^# fail 0$", result.stdout, flags=re.M)
    assert int(re.search(r"^# pass (\d+)$", result.stdout, flags=re.M).group(1)) >= 10


def test_committed_bundles_match_a_fresh_build(node_modules, tmp_path):
    result = run("node", str(FRONTEND / "build.mjs"), "--outdir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for name, committed in BUNDLES.items():
        fresh = (tmp_path / name).read_bytes()
        assert committed.read_bytes() == fresh, (
            f"{committed.relative_to(REPO)} differs from a fresh build: run `npm run build`")
    # The front end's messages, compiled from the .po files in the same step (issue 20).
    committed = FRONTEND / "src" / "messages.js"
    assert committed.read_bytes() == (tmp_path / "messages.js").read_bytes(), (
        f"{committed.relative_to(REPO)} differs from the .po files: run `npm run build`")
    # The one symbol system, generated from learning_map/city/symbols.toml in the same step (issue 21).
    committed = FRONTEND / "src" / "symbols.js"
    assert committed.read_bytes() == (tmp_path / "symbols.js").read_bytes(), (
        f"{committed.relative_to(REPO)} differs from learning_map/city/symbols.toml: run `npm run build`")


def test_bundles_are_classic_scripts_with_no_html_sinks_for_data():
    """One IIFE each (file:// blocks module imports), readable, no import/export left."""
    for name, path in BUNDLES.items():
        text = path.read_text(encoding="utf-8")
        assert text.startswith("/* Built from learning_map/web/frontend/src/"), name
        assert "(() => {\n" in text[:400], name
        assert not re.search(r"^\s*(import|export)\s", text, flags=re.M), name
        assert "sourceMappingURL=data:" not in text
        assert not re.search(r"</(script|style)", text, flags=re.I)  # inlinable in the map file
        assert "document.write" not in text
        assert "insertAdjacentHTML" not in text
    # The citizen page never touches innerHTML; the offline map reads it once, for layer names.
    assert "innerHTML" not in BUNDLES["app.js"].read_text(encoding="utf-8")
    offline = BUNDLES["offline_map.js"].read_text(encoding="utf-8")
    assert offline.count("innerHTML") == 1
    assert "holder.innerHTML" in offline
