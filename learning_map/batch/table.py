"""
The national table: one row per city and category, as CSV, XLSX and GeoParquet.

Columns: city, district, slug, category (code and labels), sites, residents, elderly,
residents covered (longest time, adult pace), residents' shares at each time and pace,
network shares (the figure a city without population still has), and pass/fail against
the standard. Every file is written atomically; CSV and XLSX are formula-safe.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from learning_map.base.i18n import N_, gettext
from learning_map.base.safety import atomic_path
from learning_map.base.tables import write_csv, write_xlsx
from learning_map.batch.overview import place_name
from learning_map.batch.tasks import city_area
from learning_map.city.categories import CATEGORIES

if TYPE_CHECKING:
    from collections.abc import Iterable

    import geopandas as gpd

__all__ = ["NATIONAL_FILES", "national_table", "workbook_frame", "write_national"]

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


# The workbook's headings (the CSV and GeoParquet keep the column names, for programs).
HEADINGS = {
    "city": N_("City"), "district": N_("Part of"), "slug": N_("Folder"), "category": N_("Category"),
    "sites": N_("Learning sites"), "residents": N_("Residents"), "elderly": N_("Elderly residents"),
    "residents_covered": N_("Residents covered (longest walk, adult pace)"),
    "pass": N_("Meets the standard"), "standard": N_("Standard"),
}
PACE_WORDS = {"adult": N_("adult pace"), "elderly": N_("elderly pace")}
_SHARE = re.compile(r"(network_)?share_(\d+)min_(adult|elderly)")


def heading(column: str, locale: str) -> str:
    """A column's heading in the workbook, in ``locale`` (a column it does not know keeps its name)."""
    if column in HEADINGS:
        return gettext(HEADINGS[column], locale=locale)
    share = _SHARE.fullmatch(column)
    if share is None:
        return column
    network, minutes, pace = share.groups()
    pace_word = gettext(PACE_WORDS[pace], locale=locale)
    if network:
        return gettext("Share of streets within {minutes} min ({pace})", locale=locale,
                       minutes=minutes, pace=pace_word)
    return gettext("Share of residents within {minutes} min ({pace})", locale=locale,
                   minutes=minutes, pace=pace_word)


def workbook_frame(plain: pd.DataFrame, locale: str) -> pd.DataFrame:
    """
    The national table as the workbook shows it in ``locale``.

    One category column in the locale's words (for the two label columns), Chinese city
    names in its script, and every heading in its words.
    """
    frame = plain.drop(columns=[c for c in ("label_zh", "label_en") if c in plain])
    if "category" in frame:
        frame["category"] = [category_word(key, locale) for key in frame["category"]]
    for column in ("city", "district"):
        if column in frame:
            frame[column] = [v if not isinstance(v, str) else place_name(v, locale) for v in frame[column]]
    return frame.rename(columns={c: heading(str(c), locale) for c in frame.columns})


def category_word(key: str, locale: str) -> str:
    """A category key's name in ``locale`` (``all``: every category)."""
    if key == "all":
        return gettext("All categories", locale=locale)
    return CATEGORIES[key].label(locale) if key in CATEGORIES else str(key)


def write_national(table: gpd.GeoDataFrame, out_root: str | Path, *, locale: str = "zh_Hans") -> list[Path]:
    """
    Write ``national.csv``, ``national.xlsx`` and ``national.parquet`` into ``out_root``.

    The CSV and GeoParquet keep the column names (for the programs that read them); the
    workbook, for people, reads in ``locale``: its sheet, headings and category names
    (:func:`workbook_frame`).

    Returns
    -------
    paths
    """
    root = Path(out_root)
    plain = pd.DataFrame(table.drop(columns=table.geometry.name))
    csv_path, xlsx_path, parquet_path = (root / name for name in NATIONAL_FILES)
    write_csv(plain, csv_path)
    # Translators: the sheet of the national workbook (at most 31 characters).
    write_xlsx({gettext("National", locale=locale): workbook_frame(plain, locale)}, xlsx_path)
    with atomic_path(parquet_path) as tmp:
        table.to_parquet(tmp, index=False)
    return [csv_path, xlsx_path, parquet_path]
