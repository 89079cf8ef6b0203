"""Parsing of CLI values and formatting of tables: shared by every command."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from learning_map.base.i18n import BILINGUAL, BILINGUAL_JOIN, N_, cli_locale, cli_text, gettext
from learning_map.base.safety import parse_ascii_float
from learning_map.base.units import check_minutes
from learning_map.errors import ParameterError, Term, no_such_field

if TYPE_CHECKING:
    from collections.abc import Callable

    import geopandas as gpd
    import pandas as pd

    from learning_map.bundle.core import CityBundle


# The language of a product a command writes (the map, the printed products, the national
# overview): not the command line's own (LEARNING_MAP_LANG), as an office prints for its readers.
product_language = click.option(
    "--lang", "locale", default=None, metavar="LANG",
    help="Language of what is written: zh-Hans, zh-Hant, en or pt (default: the city's script).")


def split_file_field(value: str, option: str) -> tuple[Path, str | None]:
    """Split ``FILE:FIELD`` (the field is optional); a Windows drive letter is not a field."""
    path, sep, field = value.rpartition(":")
    if not sep or not path or "/" in field or "\\" in field or (len(path) == 1 and path.isalpha()):
        return Path(value), None
    if not field:
        raise ParameterError(option, N_("{value!r} ends with ':' but names no field"), value=value)
    return Path(path), field


def file_and_field(value: str, option: str, *, example: str = "zones.geojson:name") -> tuple[Path, str]:
    """Split ``FILE:FIELD`` whose field must be given."""
    path, field = split_file_field(value, option)
    if field is None:
        raise ParameterError(option, N_("give FILE:FIELD, e.g. {example}"), example=example)
    return path, field


def share_needs_population(elderly_share: object, population: object) -> None:
    """``--elderly-share`` is a share of the ``--population`` file's residents: it needs that file."""
    if elderly_share is not None and population is None:
        raise ParameterError("--elderly-share", N_("goes with --population"))


def one_output(*, as_json: bool, as_csv: object) -> None:
    """``--json`` prints, ``--csv`` writes a file: a command does one of them."""
    if as_json and as_csv:
        raise ParameterError("--csv", N_("cannot be combined with --json; choose one"))


def read_field_layer(value: str, option: str, what: str) -> tuple[gpd.GeoDataFrame, str]:
    """A ``FILE:FIELD`` option read: the layer and its field (the field is required)."""
    from learning_map.io.layers import read_layer

    path, field = file_and_field(value, option)
    layer = read_layer(path, what=what)
    if field not in layer.columns:
        raise no_such_field(option, field, layer.columns, source=path.name)
    return layer, field


def parse_minutes(value: str) -> list[float]:
    """Comma-separated walking minutes, each in (0, MAX_WALK_MINUTES]."""
    minutes = [parse_ascii_float(m) for m in value.split(",") if m.strip()]
    if not minutes or any(m is None for m in minutes):
        raise ParameterError("--minutes", N_("{value!r} is not a list of numbers"), value=value)
    return [check_minutes(m) for m in minutes]  # type: ignore[arg-type]


def display_width(text: str) -> int:
    """Terminal columns of ``text``: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(rows: list[dict], columns: list[tuple[str, str, str]]) -> str:
    """
    Plain aligned text table; columns are (key, heading, format).

    A heading is a message id marked ``N_``, shown in the command line's language
    (:func:`~learning_map.base.i18n.cli_text`); the numbers keep their machine-readable format.
    """
    cells = [[cli_text(heading) if heading and heading != "#" else heading for _, heading, _ in columns]]
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


# Translators: the unit of the row that sums the whole city in a per-unit table.
CITY_TOTAL_UNIT = N_("City total")
# The name of every learning site together (category key ``all``).
ALL_SITES_NAME = N_("All learning sites")


def _said(msgid: str, locale: str, params: dict[str, Any]) -> str:
    shown = {key: gettext(str(value), locale=locale) if isinstance(value, Term)
             else value(locale) if callable(value) else value for key, value in params.items()}
    return gettext(msgid, locale=locale, **shown)


def cli_line(msgid: str, /, **params: Any) -> str:
    """
    :func:`~learning_map.base.i18n.cli_text` whose values may be words too, said in each language of the line.

    A value that is a :class:`~learning_map.errors.Term` is translated, a function of the
    locale is called (a course category's label from the data); others are shown as given.
    """
    locale = cli_locale()
    if locale is not None:
        return _said(msgid, locale, params)
    texts = [_said(msgid, name, params) for name in BILINGUAL]
    return texts[0] if texts[0] == texts[1] else BILINGUAL_JOIN.join(texts)


def said(msgid: str, /, **params: Any) -> Callable[[str], str]:
    """A message as a value of :func:`cli_line`: said in each language of the line."""
    return lambda locale: _said(msgid, locale, params)


def category_term(key: str) -> str:
    """A category (or ``all``) as a word for :func:`cli_line`; an unknown key as given."""
    from learning_map.city.categories import ALL_SITES, CATEGORIES

    if key in CATEGORIES:
        return Term(CATEGORIES[key].label_en)
    return Term(ALL_SITES_NAME) if key == ALL_SITES else key


def category_name(key: str) -> str:
    """A category (or ``all``) by its name in the command line's language; an unknown key as given."""
    return cli_line("{name}", name=category_term(key))


def data_label(en: str, zh: str) -> Callable[[str], str]:
    """
    A label the data gives in English and Chinese (a course category), for :func:`cli_line`.

    Chinese in the locale's script (OpenCC); Portuguese, which the data lacks, reads the English.
    """

    def said(locale: str) -> str:
        from learning_map.city.scripts import to_hans, to_hant

        if locale.startswith("zh"):
            return to_hant(zh) if locale == "zh_Hant" else to_hans(zh)
        return en

    return said


def joined(items: list[Any]) -> Callable[[str], str]:
    """Items for :func:`cli_line` (words, labels or text), joined as each language joins them (", ", "、")."""

    def said(locale: str) -> str:
        return gettext(", ", locale=locale).join(
            gettext(str(i), locale=locale) if isinstance(i, Term) else i(locale) if callable(i) else str(i)
            for i in items)

    return said


def subtype_name(key: str) -> str:
    """A subtype by its name in the command line's language; an unknown key as given."""
    from learning_map.city.categories import SUBTYPES

    return cli_text(SUBTYPES[key].label_en) if key in SUBTYPES else key


def units_with_city_total(table: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """One tidy table: per-unit rows, then the city total as a unit of its own."""
    import pandas as pd

    total = table[[c for c in table.columns if c in units.columns or c == "category"]].copy()
    total.insert(0, "unit", cli_text(CITY_TOTAL_UNIT))
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
        help="Use the registry's sites as of this year instead of the build's.",
    )(function)


def load_city(bundle_dir: Path, year: int | None, database_url: str | None) -> CityBundle:
    """The bundle, with the registry's sites as of ``year`` when one is given."""
    from learning_map.bundle.core import load_bundle

    bundle = load_bundle(bundle_dir)
    if year is None:
        return bundle
    from learning_map.build.pipeline import city_for_year

    return city_for_year(bundle, year, url=database_url)
