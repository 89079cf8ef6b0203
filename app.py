"""WSGI entry point: ``waitress-serve app:app`` or ``flask --app app run`` (development).

The city bundle comes from ``LEARNING_MAP_BUNDLE_DIR``; without it, the demo city in
``data/demo`` beside this file (built on first start, whatever the working directory).
"""

from __future__ import annotations

import os
from pathlib import Path

from learning_map.web import create_app


def _bundle_dir() -> str:
    configured = os.environ.get("LEARNING_MAP_BUNDLE_DIR")
    if configured:
        return configured
    from learning_map.demo import ensure_demo_bundle

    return str(ensure_demo_bundle(Path(__file__).resolve().parent / "data" / "demo"))


app = create_app(_bundle_dir())
