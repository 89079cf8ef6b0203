"""WSGI entry point: ``waitress-serve app:app`` or ``flask --app app run`` (development).

The city bundle comes from ``LEARNING_MAP_BUNDLE_DIR``; without it, the demo city in
``data/demo`` beside this file (built on first start, whatever the working directory). A
national folder there (``cities.json``) serves all its cities, as ``learning-map serve`` does.
A setting the app cannot use (or any other user mistake) prints one sentence and exits 1,
as ``learning-map serve`` does, never a traceback (under gunicorn: exit 4, which stops it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from learning_map.bundle.national import is_national
from learning_map.errors import LearningMapError
from learning_map.web import create_app


def _bundle_dir() -> str:
    configured = os.environ.get("LEARNING_MAP_BUNDLE_DIR")
    if configured:
        return configured
    from learning_map.build.demo import ensure_demo_bundle

    return str(ensure_demo_bundle(Path(__file__).resolve().parent / "data" / "demo"))


def _create_app():
    bundle_dir = _bundle_dir()
    if is_national(bundle_dir):
        from learning_map.web.national import create_national_app

        return create_national_app(bundle_dir)  # LEARNING_MAP_MAX_OPEN_CITIES: a setting
    return create_app(bundle_dir)


# Gunicorn's "App failed to load" exit code: in a gunicorn worker, exit 1 would only make the
# arbiter boot another worker that fails the same way, forever; this one stops it.
GUNICORN_APP_LOAD_ERROR = 4

try:
    app = _create_app()
except LearningMapError as exc:
    print(f"error: {exc}", file=sys.stderr)
    sys.exit(GUNICORN_APP_LOAD_ERROR if "gunicorn.arbiter" in sys.modules else 1)
