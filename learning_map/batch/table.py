"""
The national table: one row per city and category, as CSV, XLSX and GeoParquet.

Columns: city, district, slug, category (code and labels), sites, residents, elderly,
residents covered (longest time, adult pace), residents' shares at each time and pace,
network shares (the figure a city without population still has), and pass/fail against
the standard. Every file is written atomically; CSV and XLSX are formula-safe.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from learning_map.base.i18n import gettext
from learning_map.base.safety import atomic_path
from learning_map.base.tables import write_csv, write_xlsx
from learning_map.batch.tasks import city_area

if TYPE_CHECKING:
    from collections.abc import Iterable

    import geopandas as gpd

__all__ = ["NATIONAL_FILES", "national_table", "write_national"]

NATIONAL_FILES = ("national.csv", "national.xlsx", "national.parquet")


def national_table(results: Iterable[dict[str, Any]]) -> gpd.GeoDataFrame:
    """
    The national table from the cities' figures (:func:`~learning_map.batch.tasks.run_city`).

    Returns
    -------
    table
        WGS84; the geometry of each row is its city's clip area (or bounds).
    """
    import geopandas as gpd

    frames = []
    for result in results:
        rows = pd.DataFrame(result["rows"])
        rows.insert(0, "slug", result["slug"])
        rows.insert(0, "district", result.get("district"))
        rows.insert(0, "city", result["name"])
        rows["standard"] = result["headline"].get("standard")
        rows["geometry"] = city_area(result).iloc[0]
        frames.append(rows)
    if not frames:
        return gpd.GeoDataFrame({"city": [], "category": []}, geometry=[], crs="EPSG:4326")
    table = pd.concat(frames, ignore_index=True)
    table["pass"] = table["pass"].astype("boolean")
    return gpd.GeoDataFrame(table, geometry="geometry", crs="EPSG:4326")


def write_national(table: gpd.GeoDataFrame, out_root: str | Path, *, locale: str = "zh_Hans") -> list[Path]:
    """
    Write ``national.csv``, ``national.xlsx`` and ``national.parquet`` into ``out_root``.

    The columns keep their names (the same in all three files, for the programs that read
    them); the workbook's sheet is named in ``locale``.

    Returns
    -------
    paths
    """
    root = Path(out_root)
    plain = pd.DataFrame(table.drop(columns=table.geometry.name))
    csv_path, xlsx_path, parquet_path = (root / name for name in NATIONAL_FILES)
    write_csv(plain, csv_path)
    # Translators: the sheet of the national workbook (at most 31 characters).
    write_xlsx({gettext("National", locale=locale): plain}, xlsx_path)
    with atomic_path(parquet_path) as tmp:
        table.to_parquet(tmp, index=False)
    return [csv_path, xlsx_path, parquet_path]
