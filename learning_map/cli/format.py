"""Parsing of CLI values and formatting of tables: shared by every command."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

import click

from learning_map.base.safety import parse_ascii_float
from learning_map.base.units import check_minutes
from learning_map.errors import ParameterError

if TYPE_CHECKING:
    from collections.abc import Callable

    import geopandas as gpd
    import pandas as pd

    from learning_map.bundle.core import CityBundle


def split_file_field(value: str, option: str) -> tuple[Path, str | None]:
    """Split ``FILE:FIELD`` (the field is optional); a Windows drive letter is not a field."""
    path, sep, field = value.rpartition(":")
    if not sep or not path or "/" in field or "\\" in field or (len(path) == 1 and path.isalpha()):
        return Path(value), None
    if not field:
        raise ParameterError(option, f"{value!r} ends with ':' but names no field", "冒号后缺少字段名")
    return Path(path), field


def file_and_field(value: str, option: str, *, example: str = "zones.geojson:name") -> tuple[Path, str]:
    """Split ``FILE:FIELD`` whose field must be given."""
    path, field = split_file_field(value, option)
    if field is None:
        raise ParameterError(option, f"give FILE:FIELD, e.g. {example}", "格式应为 文件:字段")
    return path, field


def share_needs_population(elderly_share: object, population: object) -> None:
    """``--elderly-share`` is a share of the ``--population`` file's residents: it needs that file."""
    if elderly_share is not None and population is None:
        raise ParameterError("--elderly-share", "goes with --population", "须与 --population 一起使用")


def one_output(*, as_json: bool, as_csv: object) -> None:
    """``--json`` prints, ``--csv`` writes a file: a command does one of them."""
    if as_json and as_csv:
        raise ParameterError("--csv", "cannot be combined with --json; choose one", "--csv 与 --json 只能选一个")


def read_field_layer(value: str, option: str, what: str) -> tuple[gpd.GeoDataFrame, str]:
    """A ``FILE:FIELD`` option read: the layer and its field (the field is required)."""
    from learning_map.io.layers import read_layer

    path, field = file_and_field(value, option)
    return read_layer(path, what=what), field


def parse_minutes(value: str) -> list[float]:
    """Comma-separated walking minutes, each in (0, MAX_WALK_MINUTES]."""
    minutes = [parse_ascii_float(m) for m in value.split(",") if m.strip()]
    if not minutes or any(m is None for m in minutes):
        raise ParameterError("--minutes", f"{value!r} is not a list of numbers", "应为以逗号分隔的数字")
    return [check_minutes(m) for m in minutes]  # type: ignore[arg-type]


def display_width(text: str) -> int:
    """Terminal columns of ``text``: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(rows: list[dict], columns: list[tuple[str, str, str]]) -> str:
    """Plain aligned text table; columns are (key, heading, format)."""
    cells = [[heading for _, heading, _ in columns]]
    for row in rows:
        cells.append([
            ("" if row.get(key) is None else format(row[key], fmt)) if fmt else str(row.get(key, ""))
            for key, _, fmt in columns
        ])
    widths = [max(display_width(r[i]) for r in cells) for i in range(len(columns))]
    return "\n".join(
        "  ".join(c + " " * (w - display_width(c)) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in cells
    )


CITY_TOTAL_UNIT = "全市 / City total"


def units_with_city_total(table: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """One tidy table: per-unit rows, then the city total as a unit of its own."""
    import pandas as pd

    total = table[[c for c in table.columns if c in units.columns or c == "category"]].copy()
    total.insert(0, "unit", CITY_TOTAL_UNIT)
    return pd.concat([units, total[[c for c in units.columns if c in total.columns]]],
                     ignore_index=True)


def registry_year_options(function: Callable) -> Callable:
    """``--year`` and ``--database``: answer for the registry's sites as of a year."""
    function = click.option(
        "--database", "database_url", default=None, metavar="URL",
        help="Registry in PostGIS (default: $LEARNING_MAP_DATABASE_URL, else DIR/registry.gpkg).",
    )(function)
    return click.option(
        "--year", type=int, default=None,
        help="Use the registry's sites as of this year instead of the build's / 按年份使用站点名录.",
    )(function)


def load_city(bundle_dir: Path, year: int | None, database_url: str | None) -> CityBundle:
    """The bundle, with the registry's sites as of ``year`` when one is given."""
    from learning_map.bundle.core import load_bundle

    bundle = load_bundle(bundle_dir)
    if year is None:
        return bundle
    from learning_map.build.pipeline import city_for_year

    return city_for_year(bundle, year, url=database_url)
