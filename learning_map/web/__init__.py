"""Citizen web map: Flask app factory (pages + JSON API), served offline."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import orjson
from flask import Flask, jsonify
from flask.json.provider import JSONProvider
from werkzeug.exceptions import HTTPException

from learning_map.errors import LearningMapError, ParameterError
from learning_map.web.service import CityService

if TYPE_CHECKING:
    from pathlib import Path

logger = logging.getLogger(__name__)

EXTENSION_KEY = "learning_map"


class OrjsonProvider(JSONProvider):
    """Compact, fast JSON (orjson); NumPy numbers serialise directly."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:  # noqa: D102
        return orjson.dumps(obj, option=orjson.OPT_SERIALIZE_NUMPY).decode()

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:  # noqa: D102
        return orjson.loads(s)


def create_app(bundle_dir: str | Path | None = None, test_config: dict[str, Any] | None = None) -> Flask:
    """
    Create the web app for one city bundle.

    Parameters
    ----------
    bundle_dir
        City bundle folder (from ``learning-map build``); default: config
        ``BUNDLE_DIR`` or the environment variable ``LEARNING_MAP_BUNDLE_DIR``.
    test_config
        Config values that override everything else (tests).

    Returns
    -------
    app
        Config keys: ``BUNDLE_DIR``, ``TILES_URL`` (None: offline street background),
        ``TILES_ATTRIBUTION``, ``MAX_MINUTES``.
    """
    app = Flask(__name__)
    app.json = OrjsonProvider(app)
    app.config.from_mapping(
        BUNDLE_DIR=None,
        TILES_URL=None,
        TILES_ATTRIBUTION=None,
        MAX_MINUTES=60,
    )
    app.config.from_prefixed_env("LEARNING_MAP")
    if bundle_dir is not None:
        app.config["BUNDLE_DIR"] = str(bundle_dir)
    if test_config:
        app.config.update(test_config)
    if not app.config["BUNDLE_DIR"]:
        msg = "No city bundle: pass bundle_dir or set LEARNING_MAP_BUNDLE_DIR / 未指定城市数据包"
        raise LearningMapError(msg)
    app.extensions[EXTENSION_KEY] = CityService.load(
        app.config["BUNDLE_DIR"], max_minutes=float(app.config["MAX_MINUTES"])
    )

    from learning_map.web import api, views

    app.register_blueprint(views.bp)
    app.register_blueprint(views.vendor)
    app.register_blueprint(api.bp)

    @app.errorhandler(ParameterError)
    def bad_parameter(exc: ParameterError):
        return jsonify(error={"parameter": exc.parameter, "message": exc.reason}), 400

    @app.errorhandler(LearningMapError)
    def bad_request(exc: LearningMapError):
        return jsonify(error={"parameter": None, "message": str(exc)}), 400

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return jsonify(error={"parameter": None, "message": exc.description}), exc.code

    return app
