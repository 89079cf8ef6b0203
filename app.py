"""WSGI entry point: ``waitress-serve app:app`` or ``flask --app app run`` (development).

The city bundle comes from ``LEARNING_MAP_BUNDLE_DIR`` (default: the demo city, built if missing).
"""

from __future__ import annotations

import os

from learning_map.demo import ensure_demo_bundle
from learning_map.web import create_app

bundle_dir = os.environ.get("LEARNING_MAP_BUNDLE_DIR") or ensure_demo_bundle()
app = create_app(bundle_dir)
