"""Rows written into a store at an older schema version, as the learning-map of that version wrote them."""

from __future__ import annotations

import numpy as np
import sqlalchemy as sa


def add_old_site(store, site_id: str, name: str, category: str, year: int, lon: float, lat: float) -> None:
    """
    One site added by an import, written with the columns every schema version has.

    Today's import writes today's columns (``placement`` since migration 7), so a test of an
    upgrade writes the older store's rows this way instead.
    """
    blob = store.backend.encode(np.array([lon]), np.array([lat]))[0]
    geom = "ST_GeomFromWKB(:geom, 4326)" if store._engine.dialect.name == "postgresql" else ":geom"
    with store._write() as conn:
        import_id = conn.execute(sa.text(
            "INSERT INTO imports (source, year, started_at, finished_at, added) "
            "VALUES ('old.csv', :year, '2020-01-01T00:00:00', '2020-01-01T00:00:01', 1) RETURNING id"),
            {"year": year}).scalar_one()
        conn.execute(sa.text(
            "INSERT INTO sites (site_id, name, category, opened_year, source, geom, updated_at) "
            f"VALUES (:site_id, :name, :category, :year, 'registry', {geom}, '2020-01-01T00:00:00')"),
            {"site_id": site_id, "name": name, "category": category, "year": year, "geom": blob})
        conn.execute(sa.text(
            "INSERT INTO site_history (site_id, year, action, import_id, at) "
            "VALUES (:site_id, :year, 'added', :import_id, '2020-01-01T00:00:00')"),
            {"site_id": site_id, "year": year, "import_id": import_id})
