"""
The one locale of an exported product, and the words and data names it prints.

Every product (poster, booklet, route card, offline map, the yearly files) is in ONE locale:
the one asked for (``locale=``), else the city's own script (:func:`product_locale`: Macau's
traditional names give ``zh_Hant``, Shanghai's ``zh_Hans``). Its words come from the
catalogues (:mod:`learning_map.base.i18n`); its data names (sites, stops, basemap labels)
are the ones stored per script at build time (:mod:`learning_map.city.scripts`), chosen
here with :func:`name_script`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from learning_map.base.i18n import N_, gettext, html_lang, locales, negotiate, ngettext
from learning_map.city.city_names import names_from_text
from learning_map.city.naming import mostly_traditional
from learning_map.city.scripts import has_han, name_in
from learning_map.city.sites import display_records
from learning_map.errors import ParameterError

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "ALL_SITES",
    "CHANGE_ACTIONS",
    "FIELD_HEADERS",
    "PACES",
    "TABLE_HEADERS",
    "WHOLE_CITY",
    "basemap_script",
    "change_action",
    "city_name",
    "city_names_of",
    "default_title",
    "field_label",
    "html_lang",
    "name_script",
    "product_locale",
    "second_site_names",
    "site_display_names",
    "table_headers",
    "template_words",
]

# What a change list says of each registry action.
CHANGE_ACTIONS = {"added": N_("Opened"), "changed": N_("Changed"), "closed": N_("Closed"),
                  "reopened": N_("Reopened")}
# The coverage row of every category together, and the city's own row among the units.
ALL_SITES = N_("All learning sites")
WHOLE_CITY = N_("Whole city")
# The two paces a coverage table and a scorecard name.
PACES = {"adult": N_("adults"), "elderly": N_("elderly residents")}
# The public fields of a site (the yearly files' columns, a change list's field names): the
# header a spreadsheet shows for each.
FIELD_HEADERS = {
    "site_id": N_("ID"),
    "name": N_("Name"),
    "name_zh": N_("Chinese name"),
    "name_en": N_("English name"),
    "category": N_("Category code"),
    "category_label": N_("Category"),
    "subtype": N_("Subtype"),
    "district": N_("District"),
    "address": N_("Address"),
    "phone": N_("Phone"),
    "opening_hours": N_("Opening hours"),
    "website": N_("Website"),
    "capacity": N_("Capacity (seats)"),
    "opened_year": N_("Year opened"),
    "lon": N_("Longitude"),
    "lat": N_("Latitude"),
}


def product_locale(sites: gpd.GeoDataFrame | None, locale: str | None = None) -> str:
    """
    The locale a product is written in: ``locale`` when given, else the city's script.

    Parameters
    ----------
    sites
        The city's sites: their names say whether it writes traditional Chinese (Macau, Hong
        Kong), the rule the citizen page uses too (:func:`~learning_map.city.naming.mostly_traditional`).
    locale
        A shipped locale or a language tag (``zh-Hant``, ``pt``...); None: the city's.
    """
    if locale:
        found = negotiate(locale, default=None)
        if found is None:
            raise ParameterError("locale", N_("is not a shipped language: {value!r} (one of {choices})"),
                                 value=locale, choices=list(locales()))
        return found
    if sites is not None and len(sites) and mostly_traditional(sites["name"].astype(str)):
        return "zh_Hant"
    return "zh_Hans"


def name_script(locale: str) -> str:
    """The key of a name per script (``zh-Hans``, ``zh-Hant``, ``en``, ``pt``) for ``locale``."""
    return locale.replace("_", "-")



def basemap_script(locale: str, sites: gpd.GeoDataFrame | None = None) -> str:
    """
    The names a printed basemap shows (:func:`learning_map.bundle.tiles.display_name`).

    A Chinese product: its script's names. An English or Portuguese one: the street's name in
    that language (then English), else the Chinese name in the city's own script (its ``sites``).
    """
    if locale in ("zh_Hans", "zh_Hant"):
        return name_script(locale)
    return f"{name_script(locale)} {name_script(product_locale(sites))}"


def site_display_names(sites: gpd.GeoDataFrame, locale: str) -> list[str]:
    """Each site's name in the product's script (the stored names; :func:`display_records`)."""
    if not len(sites):
        return []
    key = name_script(locale)
    return [record["names"][key] for record in display_records(sites)]


def second_site_names(sites: gpd.GeoDataFrame, locale: str) -> list[str]:
    """
    The name printed beneath each site's name in a Chinese product, or "".

    Macau's maps print the 繁體 name with the Portuguese one beneath, as its government's do:
    a Chinese product shows the site's Portuguese name where the data has one, else its English
    name where the registry has one. An English or Portuguese product prints one name.
    """
    if not len(sites):
        return []
    if locale not in ("zh_Hans", "zh_Hant"):
        return [""] * len(sites)
    key = name_script(locale)
    out = []
    for record in display_records(sites):
        names = record["names"]
        first = names[key]
        beneath = ""
        if not record["unnamed"]:
            for other in (names["pt"], record.get("name_en", "")):
                if other and other != first and not has_han(other):
                    beneath = other
                    break
        out.append(beneath)
    return out



def city_names_of(city: Any) -> tuple[dict[str, str], str]:
    """
    The city's names per locale and its name as written, from a bundle, its names or one name.

    A :class:`~learning_map.bundle.core.CityBundle` (its ``names`` stored at build), a mapping
    of names per locale (``{"zh-Hant": "澳門", ...}``), or one bilingual name as older callers
    pass it (``"Macau 澳门"``, split by script).
    """
    if isinstance(city, str):
        return names_from_text(city), city
    if isinstance(city, Mapping):
        return {str(k): str(v or "") for k, v in city.items()}, ""
    return dict(city.names), str(getattr(city, "name", "") or "")


def city_name(city: Any, locale: str) -> str:
    """
    The city's name in the locale: the one name every product and page shows for the city.

    Parameters
    ----------
    city
        A city bundle, its names per locale, or one bilingual name (:func:`city_names_of`).
    locale
        The product's or page's locale (``zh_Hant`` or ``zh-Hant``...).

    Returns
    -------
    name
        Its name in that locale, as stored at build: Macau 澳門 (``zh_Hant``), 澳门 (``zh_Hans``),
        Macau (``en``, ``pt``). A Portuguese page without a Portuguese name shows the English one
        (:func:`~learning_map.city.scripts.name_in`); a locale without a name, the English name,
        else the name as written, else its Chinese name.
    """
    names, written = city_names_of(city)
    return (name_in(names, locale) or names.get("en") or written
            or names.get("zh-Hant") or names.get("zh-Hans") or "")


def default_title(city: Any, year: int, locale: str) -> str:
    """The yearly map's title when none is given: the city (:func:`city_name`) and the year in the product's locale."""
    return gettext("{city} lifelong learning map {year}", locale=locale, city=city_name(city, locale),
                   year=str(year))


def change_action(action: str, locale: str) -> str:
    """What a change list says of a registry action (``added`` -> "Opened", 新开, 新開)."""
    return gettext(CHANGE_ACTIONS[action], locale=locale) if action in CHANGE_ACTIONS else action


# The columns of the coverage and scorecard workbook: the header each shows.
TABLE_HEADERS = {
    "unit": N_("Reporting unit"),
    "category": N_("Category code"),
    "label": N_("Category"),
    "pace": N_("Pace"),
    "speed_kmh": N_("Walking speed (km/h)"),
    "minutes": N_("Minutes"),
    "sites": N_("Sites"),
    "population": N_("Residents"),
    "population_covered": N_("Residents within reach"),
    "population_share": N_("Share of residents within reach"),
    "elderly": N_("Elderly residents"),
    "elderly_covered": N_("Elderly residents within reach"),
    "elderly_share": N_("Share of elderly residents within reach"),
    "population_share_previous": N_("Share of residents within reach, year before"),
    "elderly_share_previous": N_("Share of elderly residents within reach, year before"),
    "sites_previous": N_("Sites, year before"),
    "population_share_change_pp": N_("Change in share of residents (percentage points)"),
    "elderly_share_change_pp": N_("Change in share of elderly residents (percentage points)"),
    "rule": N_("Rule"),
    "kind": N_("Kind of check"),
    "key": N_("Checked category"),
    "level": N_("Level"),
    "limit": N_("Limit"),
    "value": N_("Value"),
    "pass": N_("Meets the standard"),
    "note": N_("Note"),
}


def table_headers(columns: Any, locale: str) -> dict[str, str]:
    """Column -> header in ``locale`` for a workbook's sheet (a column without one keeps its key)."""
    return {c: gettext(TABLE_HEADERS[c], locale=locale) for c in columns if c in TABLE_HEADERS}


def field_label(field: str, locale: str) -> str:
    """A site field's header in ``locale`` (``phone`` -> 電話); an unknown field as it is."""
    return gettext(FIELD_HEADERS[field], locale=locale) if field in FIELD_HEADERS else str(field)


def template_words(locale: str) -> dict[str, Any]:
    """The template globals of a product in ``locale``: ``_``, ``ngettext``, ``lang``, ``number``."""
    def translate(msgid: str, **params: object) -> str:
        return gettext(msgid, locale=locale, **params)

    def plural(singular: str, plural_: str, n: int, **params: object) -> str:
        return ngettext(singular, plural_, n, locale=locale, **params)

    return {"_": translate, "ngettext": plural, "locale": locale, "lang": html_lang(locale)}
