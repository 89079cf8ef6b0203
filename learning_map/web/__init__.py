"""Citizen web map: Flask app factory (pages + JSON API), served offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from learning_map.base.i18n import N_
from learning_map.errors import LearningMapError
from learning_map.web import admin, api, downloads, expensive, planner, tiles, views
from learning_map.web import config as web_config
from learning_map.web.guard import OrjsonProvider, guard_app
from learning_map.web.service import EXTENSION_KEY, CityService

MIN_SECRET_CHARS = 16


def _admin_enabled(config: dict[str, Any]) -> bool:
    """ADMIN_ENABLED, by default on exactly when a secret is set; refuse admin without a secret."""
    secret = config["SECRET_KEY"]
    enabled = bool(secret) if config["ADMIN_ENABLED"] is None else config["ADMIN_ENABLED"]
    config["ADMIN_ENABLED"] = enabled
    if enabled and (not isinstance(secret, str | bytes) or len(secret) < MIN_SECRET_CHARS):
        raise LearningMapError(N_("The admin pages need a secret key of at least {n} characters: set "
                                  "LEARNING_MAP_SECRET_KEY (or SECRET_KEY), or turn admin off with "
                                  "LEARNING_MAP_ADMIN_ENABLED=false"), n=MIN_SECRET_CHARS)
    return enabled


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
        Its config holds every setting of :data:`learning_map.web.config.SETTINGS`
        (name, type, range, default and help of each), parsed once here. Each can be set
        as an environment variable with the ``LEARNING_MAP_`` prefix.
        The slow endpoints' ``EXPENSIVE_*`` keys are read by :mod:`.expensive`.

    Raises
    ------
    SettingError
        A setting the app cannot use (:mod:`learning_map.web.config`), named.
    LearningMapError
        No bundle, a bad tile URL, or admin enabled without a (long enough) secret.
    """
    app = Flask(__name__)
    app.json = OrjsonProvider(app)
    app.config.from_mapping(web_config.defaults())
    app.config.from_prefixed_env("LEARNING_MAP")
    if bundle_dir is not None:
        app.config["BUNDLE_DIR"] = str(bundle_dir)
    if test_config:
        app.config.update(test_config)
    web_config.apply_settings(app.config)  # every setting typed once, here: a bad one stops the start
    if not app.config["BUNDLE_DIR"]:
        raise LearningMapError(N_("No city bundle: pass bundle_dir or set LEARNING_MAP_BUNDLE_DIR"))
    # Flask's send_file reads a relative path from the package's folder, not the working
    # directory (`learning-map demo` serves data/demo): every folder the app serves files
    # from is made absolute here, once.
    for key in ("BUNDLE_DIR", "REGISTRY_DIR", "EXPORT_DIR"):
        if app.config.get(key):
            app.config[key] = str(Path(app.config[key]).resolve())
    app.extensions[EXTENSION_KEY] = CityService.load(
        app.config["BUNDLE_DIR"], max_minutes=float(app.config["MAX_MINUTES"]),
        year=app.config["REGISTRY_YEAR"], registry=web_config.registry_location(app.config),
    )

    _register_blueprints(app)
    guard_app(app)
    return app


def _register_blueprints(app: Flask) -> None:
    """The pages, the API and, as the config says, downloads, admin and the planner."""
    expensive.init_app(app)  # the pool, rate, budget and cache of the slow endpoints
    app.register_blueprint(views.bp)
    if app.config["SINGLE_CITY_PAGES"]:
        app.register_blueprint(downloads.bp)
    app.register_blueprint(tiles.bp)
    app.register_blueprint(views.vendor)
    app.register_blueprint(api.bp)
    app.register_blueprint(api.spec)
    if _admin_enabled(app.config):
        admin.init_app(app)
    if app.config["SINGLE_CITY_PAGES"]:  # off for a city of a national server (its 404s are JSON)
        planner.init_app(app)  # after admin: its optional login uses the admin sign-in
