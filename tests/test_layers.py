"""
The package's layers, held by tools: import-linter's contracts, one picture of the floors, no
use of another module's private names, and function-level imports only where they say why.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "learning_map"
PICTURE = re.compile(r"<!-- layers:start -->\n(.*?)<!-- layers:end -->", re.S)
# Where a function-level import of the package's own modules is expected: the CLI imports a
# command's library only when the command runs (`learning-map --help` stays fast), and the
# package's __init__ loads its public names on first use.
LAZY_FOLDERS = ("cli",)
LAZY_COMMENT = re.compile(r"#.*\b(lazy|imported here)\b", re.I)


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found[name.removesuffix(".__init__")] = path
    return found


def test_lint_imports_keeps_every_contract(tmp_path: Path) -> None:
    """`lint-imports` (import-linter) finds no broken contract in pyproject.toml."""
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "import-linter is a dev dependency: install requirements-dev.txt"
    run = subprocess.run([exe, "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout


def _picture_floors(text: str) -> list[str]:
    block = PICTURE.search(text)
    assert block, "the layers picture (<!-- layers:start --> ... <!-- layers:end -->) is missing"
    floors = []
    for line in block.group(1).splitlines():
        names = re.match(r"\s{2}((?:[a-z_]+/(?: \| )?)+)\s", line)
        if names:
            floors.append(" | ".join(f"learning_map.{n.strip().rstrip('/')}"
                                     for n in names.group(1).split("|")))
    return floors


def test_readme_and_developer_guide_draw_the_contract() -> None:
    """The README's Layout, the developer guide and the layers contract list the same floors."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "developer" / "architecture.md").read_text(encoding="utf-8")
    assert PICTURE.search(readme).group(1) == PICTURE.search(guide).group(1)
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["type"] == "layers")["layers"]
    assert _picture_floors(guide) == layers
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    drawn = {name.split(".")[1] for floor in layers for name in floor.split(" | ")}
    assert drawn == folders, "every package folder is on one floor of the picture"
    acyclic = next(c for c in contracts if c["type"] == "acyclic_siblings")["ancestors"]
    assert {a.split(".")[1] for a in acyclic} == folders, "every folder is checked for cycles"


def _private_uses(name: str, path: Path, modules: dict[str, Path]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found, aliases = [], {}

    def private_module(target: str) -> bool:
        # A private module (``store/_common.py``) serves its own package only.
        parent, _, last = target.rpartition(".")
        return last.startswith("_") and not last.startswith("__") and not (
            package == parent or package.startswith(parent + "."))

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if not node.module.startswith("learning_map") or node.module == name:
                continue
            if private_module(node.module) and node.module != "learning_map._version":
                found.append(f"{path}:{node.lineno}: imports {node.module}")
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{path}:{node.lineno}: from {node.module} import {alias.name}")
                if f"{node.module}.{alias.name}" in modules:
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("learning_map") and private_module(alias.name):
                    found.append(f"{path}:{node.lineno}: imports {alias.name}")
                if alias.name.startswith("learning_map") and alias.asname:
                    aliases[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                and not node.attr.startswith("__") and isinstance(node.value, ast.Name)
                and aliases.get(node.value.id, name) != name):
            found.append(f"{path}:{node.lineno}: {aliases[node.value.id]}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names() -> None:
    """No module imports or reads a `_name` of another module (a private module serves its package)."""
    modules = _modules()
    found = [use for name, path in sorted(modules.items()) for use in _private_uses(name, path, modules)]
    assert not found, "\n".join(found)


def test_private_name_scan_finds_a_planted_use(tmp_path: Path) -> None:
    """The scan is not vacuous: it finds each kind of private use in a planted module."""
    planted = tmp_path / "planted.py"
    planted.write_text(
        "from learning_map.walking.engine import _dijkstra\n"
        "from learning_map.walking import engine\n"
        "import learning_map.store._common as common\n"
        "engine._workspace()\n", encoding="utf-8")
    found = _private_uses("learning_map.web.planted", planted, _modules())
    assert len(found) == 3, found


def _function_imports(path: Path) -> list[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(function):
            own = (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                   and node.module.startswith("learning_map")) or (
                isinstance(node, ast.Import) and any(a.name.startswith("learning_map") for a in node.names))
            if own:
                # The reason stands on the import's line or in the comment just above it.
                said = " ".join(lines[max(node.lineno - 4, 0):node.lineno])
                found.append((node.lineno, said))
    return found


def test_function_level_imports_say_why() -> None:
    """Outside the CLI, a function-level import of the package says why (`# lazy: ...`)."""
    unexplained = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in LAZY_FOLDERS:
            continue
        unexplained += [f"{path}:{line}" for line, said in _function_imports(path)
                        if not LAZY_COMMENT.search(said)]
    assert not unexplained, "\n".join(unexplained)


@pytest.mark.parametrize("module", ["learning_map", "learning_map.cli"])
def test_start_up_imports_no_heavy_library(module: str) -> None:
    """`import learning_map` and the CLI's import load no engine, GDAL or web framework."""
    code = (f"import sys, {module}; heavy = ('numba', 'pyogrio', 'geopandas', 'flask', 'scipy');"
            " print(sorted(m for m in heavy if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         timeout=120, check=True)
    assert run.stdout.strip() == "[]"


def test_every_public_name_resolves() -> None:
    """Each name of ``learning_map.__all__`` loads from the module the lazy table names."""
    import learning_map

    missing = [name for name in learning_map.__all__ if not hasattr(learning_map, name)]
    assert not missing
