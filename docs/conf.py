"""Sphinx configuration of the learning-map docs site (MyST Markdown, furo, offline)."""

from __future__ import annotations

import sys
from pathlib import Path

# The docs describe the package in this checkout, not whatever version is installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from learning_map import __version__

project = "learning-map"
author = "learning-map contributors"
copyright = "learning-map contributors; map data © OpenStreetMap contributors (ODbL)"
release = __version__
version = __version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",  # numpy-style docstrings (pydocstyle convention = numpy)
    "sphinx_click",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
# The benchmark tables are parts of pages ({include}), written by scripts/bench_*.py --write-docs.
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "developer/benchmarks/*"]
# Headings become anchors down to ###, so pages can link to a section by its slug.
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]
# Docstrings: types live in the signatures, so the docstrings spend their words on meaning.
napoleon_google_docstring = False
napoleon_numpy_docstring = True
autodoc_typehints = "signature"
autodoc_member_order = "bysource"
# No intersphinx: the build must not fetch anything (tests/test_docs.py builds it offline).
language = "en"
html_theme = "furo"
html_title = f"learning-map {version}"
html_static_path: list[str] = []
html_show_sourcelink = False
