"""
Benchmark tables written into the docs (``--write-docs`` of each ``scripts/bench_*.py``).

A benchmark declares the modules it measures by NAME in a top-level ``DOCS_MEASURES`` tuple
(names, not paths: they are resolved with :func:`importlib.util.find_spec` when the table is
written and when ``tests/test_docs.py`` checks it, so a module that moves keeps its entry).
Its ``--write-docs`` writes ``docs/developer/benchmarks/<name>.md``: the date, the machine
(cores, load), the command that made it, the digest of the measured modules' source, and the
results as a Markdown table. The docs' benchmark page includes these files; the test fails when
a table's digest is not the digest of the current source, so no figure outlives its code.
``scripts/bench_docs.sh`` refreshes every table.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import importlib.util
import os
import platform
import re
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

REPO = Path(__file__).resolve().parents[1]
TABLES = REPO / "docs" / "developer" / "benchmarks"
REFRESH = "scripts/bench_docs.sh"
_DIGEST = re.compile(r"[Ss]ource digest `([0-9a-f]{16,})`")
_SCRIPT = re.compile(r"<!-- written by (scripts/bench_\w+\.py)")


def add_option(parser: argparse.ArgumentParser) -> None:
    """The ``--write-docs`` flag, worded once for every benchmark."""
    parser.add_argument("--write-docs", action="store_true",
                        help=f"also write the results as a Markdown table into {TABLES.relative_to(REPO)}/")


def _module_files(name: str) -> list[Path]:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        msg = f"{name}: no such module (a benchmark's DOCS_MEASURES names it)"
        raise ModuleNotFoundError(msg)
    if spec.submodule_search_locations:  # a package: every module in it
        return sorted(p for folder in spec.submodule_search_locations for p in Path(folder).rglob("*.py"))
    return [Path(spec.origin)]


def source_digest(names: tuple[str, ...] | list[str]) -> str:
    """sha256 (first 16 hex digits) of the source of the named modules, in the order named."""
    digest = hashlib.sha256()
    for name in names:
        for path in _module_files(name):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def declared_measures(script: Path) -> tuple[str, ...]:
    """The ``DOCS_MEASURES`` names of a benchmark script, read without importing it."""
    for node in ast.parse(script.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "DOCS_MEASURES" for t in node.targets
        ):
            return tuple(ast.literal_eval(node.value))
    return ()


def recorded(table: Path) -> tuple[str | None, str | None]:
    """(the script that wrote ``table``, the digest it recorded), from its header."""
    text = table.read_text(encoding="utf-8")
    script, digest = _SCRIPT.search(text), _DIGEST.search(text)
    return (script.group(1) if script else None, digest.group(1) if digest else None)


def _machine(load_start: float) -> str:
    cpu = platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load_end = os.getloadavg()[0]
    shared = (" (the machine ran other work at the same time, so wall-clock figures include waits"
              " for a core)") if max(load_start, load_end) >= 1.0 else ""
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}; load average "
            f"{load_start:.1f} at the start and {load_end:.1f} at the end{shared}")


class DocsTable:
    """Rows of one benchmark's results, written as a Markdown table by :meth:`write`."""

    def __init__(self, name: str, title: str, columns: list[str], *, measures: tuple[str, ...]) -> None:
        self.name, self.title, self.columns, self.measures = name, title, columns, measures
        self.rows: list[list[str]] = []
        self.notes: list[str] = []
        self.load_start = os.getloadavg()[0]
        command = shlex.join(["python", str(Path(sys.argv[0]).resolve().relative_to(REPO)), *sys.argv[1:]])
        # A database URL may hold a password: the docs show only that one was given.
        self.command = re.sub(r"postgres(?:ql)?://\S+", "postgresql://…", command)

    def row(self, *cells: object) -> None:
        self.rows.append([str(c) for c in cells])

    def note(self, text: str) -> None:
        self.notes.append(text)

    def markdown(self) -> str:
        script = self.command.split()[1]
        when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        lines = [
            f"<!-- written by {script} --write-docs; do not edit: run {REFRESH} -->",
            f"**{self.title}**",
            "",
            f"Measured {when} on {_machine(self.load_start)}. Command: `{self.command}`. "
            f"Source digest `{source_digest(self.measures)}` of {', '.join(self.measures)}.",
            "",
            "| " + " | ".join(self.columns) + " |",
            "|" + "---|" * len(self.columns),
            *("| " + " | ".join(r) + " |" for r in self.rows),
        ]
        if self.notes:
            lines += ["", " ".join(self.notes)]
        return "\n".join(lines) + "\n"

    def write(self) -> Path:
        TABLES.mkdir(parents=True, exist_ok=True)
        out = TABLES / f"{self.name}.md"
        out.write_text(self.markdown(), encoding="utf-8")
        print(f"wrote {out.relative_to(REPO)}", file=sys.stderr)
        return out
