"""Curated walking routes from a CSV file: stops in order (name, lon, lat[, name_en, name_pt, text, id])."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from learning_map.base.problems import Problem, RowError
from learning_map.base.safety import parse_ascii_float, strip_formula_guard
from learning_map.errors import N_, InputFileError

# A city's curated routes: one CSV per route in this folder of the city (DIR/routes/).
ROUTES_FOLDER = "routes"
ROUTE_HEADINGS = {
    "name": ("name", "名称", "站点", "站点名称"),
    "lon": ("lon", "longitude", "经度"),
    "lat": ("lat", "latitude", "纬度"),
    "name_en": ("name_en", "英文名称"),
    "name_pt": ("name_pt", "葡文名称", "葡文名稱"),
    "text": ("text", "说明", "介绍"),
    "id": ("id", "site_id", "编号"),
}


def read_route(path: str | Path) -> pd.DataFrame:
    """
    The stops of a curated route, in file order.

    Raises
    ------
    InputFileError
        One sentence naming the file and, for a bad row, its line and reason.
    """
    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputFileError(N_("Cannot read the route {path}: {detail}"), path=str(path), detail=str(exc)) from None
    columns = {}
    for key, names in ROUTE_HEADINGS.items():
        found = next((c for c in raw.columns if c.strip().lower() in names), None)
        if found is not None:
            columns[key] = found
    missing = [k for k in ("name", "lon", "lat") if k not in columns]
    if missing:
        raise InputFileError(N_("The route {file} has no {columns} column"), file=path.name, columns=tuple(missing))
    table = pd.DataFrame({key: raw[column].map(strip_formula_guard).str.strip()
                          for key, column in columns.items()})
    for key in ("lon", "lat"):
        values = table[key].map(parse_ascii_float)
        bad = values.isna()
        if bad.any():
            line = int(bad.to_numpy().nonzero()[0][0]) + 2  # the heading is line 1
            raise RowError(path.name, line, Problem(N_("{column} {value!r} is not a number"), column=key,
                                                    value=table[key].iloc[line - 2]))
        table[key] = values.astype(float)
    return table


def route_files(city_dir: str | Path) -> list[Path]:
    """The curated route files of the city in ``city_dir`` (``DIR/routes/*.csv``), in name order."""
    folder = Path(city_dir) / ROUTES_FOLDER
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []
