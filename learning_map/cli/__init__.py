"""
The ``learning-map`` command line.

Commands: batch, build, verify, coverage, map, export, serve, demo, import, registry, user, merge,
recommend, gaps, scorecard, access, walks. A thin shell over the library: each command parses
its options, calls the library and formats the answer. One module per command group; heavy imports stay inside
the commands so ``learning-map --help`` answers at once.
"""

from __future__ import annotations

from learning_map.cli import (  # noqa: F401 - registers the commands
    batch,
    build,
    coverage,
    export,
    gaps,
    recommend,
    registry,
    scorecard,
    serve,
    users,
    walks,
    whatif,
)
from learning_map.cli.group import main

__all__ = ["main"]
