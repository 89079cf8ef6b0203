"""WSGI entry point: ``waitress-serve app:app`` or ``flask --app app run`` (development).

The city bundle comes from ``LEARNING_MAP_BUNDLE_DIR``; without it, the demo city in
``data/demo`` beside this file (built on first start, whatever the working directory). A
national folder there (``cities.json``) serves all its cities, as ``learning-map serve`` does.
"""

from __future__ import annotations

import os
from pathlib import Path

from learning_map.national import is_national
from learning_map.web import create_app


def _bundle_dir() -> str:
    configured = os.environ.get("LEARNING_MAP_BUNDLE_DIR")
    if configured:
        return configured
    from learning_map.demo import ensure_demo_bundle

    return str(ensure_demo_bundle(Path(__file__).resolve().parent / "data" / "demo"))


def _create_app():
    bundle_dir = _bundle_dir()
    if is_national(bundle_dir):
        from learning_map.web.national import create_national_app

        return create_national_app(bundle_dir, max_open_cities=int(
            os.environ.get("LEARNING_MAP_MAX_OPEN_CITIES", "4")))
    return create_app(bundle_dir)


app = _create_app()
