"""
What a request reaches through the app: the loaded city and the registry store.

The blueprints import these two accessors from here, never from each other: the city
that :func:`learning_map.web.create_app` loaded once (:func:`city_service`), and the
registry store of the request, opened on first use and closed when the request ends
(:func:`registry`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import current_app, g

from learning_map.web.config import registry_location
from learning_map.web.service import EXTENSION_KEY, CityService

if TYPE_CHECKING:
    from flask import Flask

    from learning_map.store import RegistryStore

STORE_KEY = "registry_store"


def city_service() -> CityService:
    """The city loaded at start-up (inside a request or app context)."""
    return current_app.extensions[EXTENSION_KEY]


def open_registry(config: Any) -> RegistryStore:
    """The registry store the config names (:func:`~learning_map.web.config.registry_location`)."""
    return registry_location(config).open()


def registry() -> RegistryStore:
    """The store for this request, opened on first use and closed when the request ends."""
    if STORE_KEY not in g:
        setattr(g, STORE_KEY, open_registry(current_app.config))
    return g.get(STORE_KEY)


def close_registry_on_teardown(app: Flask) -> None:
    """Close the request's store (if it opened one) when each request of ``app`` ends."""

    def close_store(_exc: BaseException | None) -> None:
        store = g.pop(STORE_KEY, None)
        if store is not None:
            store.close()

    app.teardown_appcontext(close_store)
