"""
Geocoding services' answers kept in the registry store (``geocode_cache``, migration 7).

One row per service and folded query text: the service's parsed answer as JSON text (never the
key, never the URL) and when it was fetched. Only services whose terms allow keeping answers use
it (:attr:`learning_map.city.geocoders.ServiceGeocoder.cache_allowed`); a re-import then asks
them nothing again. Both backends (GeoPackage and PostGIS) go through the same SQLAlchemy Core.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from learning_map.store._common import now_text
from learning_map.store.schema import GEOCODE_CACHE


class GeocodeCacheMixin:
    """RegistryStore methods for the ``geocode_cache`` table."""

    @property
    def geocode_cache_table(self) -> sa.Table:
        """The ``geocode_cache`` table."""
        return self._meta.tables[GEOCODE_CACHE]  # type: ignore[attr-defined]

    def geocode_answer(self, service: str, query: str) -> dict[str, Any] | None:
        """The answer kept for ``query`` from ``service``, or None."""
        table = self.geocode_cache_table
        with self._read() as conn:  # type: ignore[attr-defined]
            text = conn.execute(sa.select(table.c.answer).where(table.c.service == service,
                                                                table.c.query == query)).scalar()
        return None if text is None else json.loads(text)

    def keep_geocode_answer(self, service: str, query: str, answer: dict[str, Any]) -> None:
        """Keep (or replace) ``answer`` for ``query`` from ``service``, in one transaction."""
        table = self.geocode_cache_table
        where = (table.c.service == service) & (table.c.query == query)
        with self._write() as conn:  # type: ignore[attr-defined]
            conn.execute(sa.delete(table).where(where))
            conn.execute(sa.insert(table).values(service=service, query=query, fetched_at=now_text(),
                                                 answer=json.dumps(answer, ensure_ascii=False, sort_keys=True)))

    def geocode_answers(self) -> list[dict[str, Any]]:
        """Every kept answer as its row (``service``, ``query``, ``answer`` JSON text, ``fetched_at``), by service and query."""
        table = self.geocode_cache_table
        with self._read() as conn:  # type: ignore[attr-defined]
            rows = conn.execute(sa.select(table).order_by(table.c.service, table.c.query)).mappings().all()
        return [dict(row) for row in rows]


@dataclass(frozen=True)
class StoreGeocodeCache:
    """A :class:`learning_map.city.geocoders.GeocodeCache` over an open registry store (a ``RegistryStore``)."""

    store: GeocodeCacheMixin

    def get(self, service: str, query: str) -> dict[str, Any] | None:  # noqa: D102
        return self.store.geocode_answer(service, query)

    def put(self, service: str, query: str, answer: dict[str, Any]) -> None:  # noqa: D102
        self.store.keep_geocode_answer(service, query, answer)


def store_geocode_cache(store: GeocodeCacheMixin) -> StoreGeocodeCache:
    """The geocode cache of ``store`` (give it to :func:`learning_map.city.geocoders.geocoder_from_env`)."""
    return StoreGeocodeCache(store)
