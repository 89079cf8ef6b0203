"""
The city's own name per locale, decided once when the city is built and kept in its bundle.

A build names the city in each of :data:`~learning_map.city.scripts.LOCALES` (``zh-Hans``,
``zh-Hant``, ``en``, ``pt``) from two sources:

- ``build --name``, per locale (``--name zh-Hant=澳門 --name pt=Macau``) or one bilingual name
  split by script as before (``--name "Macau 澳门"``: ``en`` Macau, 澳门, 澳門);
- the OSM place that names the city: the extract's one ``place=city`` (else its one
  ``place=town``), its ``name:*`` tags read by :func:`learning_map.city.scripts.tag_names`.
  An extract with two cities (Malta: Valletta and Victoria) or none names no city.

A given name wins in its locale. The place fills the other locales only when it is the city the
given names name (one of its ``name``, ``name:*``, ``official_name``... tags folds equal to one of
them: ``en=Macao`` is Macau's ``name:fr``): a ``--name Malta`` is never filled with Valletta's
Chinese name. The Chinese name is given in both scripts by the project's
one rule (:func:`~learning_map.city.scripts.chinese_pair`: OpenCC ``t2s`` / ``s2hk``), from
the given Chinese name when there is one, else from the place's. Nothing is converted when a
page is shown: pages read the names stored here (``export.words.city_name``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from learning_map.city.naming import fold_name, split_scripts
from learning_map.city.scripts import LOCALES, chinese_pair, has_han, region_of_bounds, tag_names
from learning_map.errors import N_, ParameterError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    import geopandas as gpd

__all__ = ["CITY_PLACE_KINDS", "city_names", "city_place_tags", "given_names", "names_from_text",
           "single_name", "unlabelled_name"]

# The OSM ``place`` values that name a whole city, most important first: the extract's one
# place of the first kind it has exactly one of names it.
CITY_PLACE_KINDS = ("city", "town")
# ``LOCALE=NAME``: a locale code (``zh-Hant``, ``zh_Hans``, ``pt``, ``zh``) before the name.
_LABELLED = re.compile(r"^\s*([A-Za-z]{2,3}(?:[-_][A-Za-z]{2,4})?)\s*=\s*(.*)$", re.DOTALL)
# The tags that name a place, in any language or form (``alt_name`` may hold several, ``;``-separated).
_NAME_KEY = re.compile(r"^(?:name|official_name|alt_name|short_name|int_name|loc_name)(?::.+)?$")
# ``zh`` alone: a Chinese name in either script, given in both by the rule.
_CHINESE = "zh"


def _empty() -> dict[str, str]:
    return dict.fromkeys(LOCALES, "")


def names_from_text(name: str) -> dict[str, str]:
    """
    A bilingual name split by script: ``"Macau 澳门"`` -> ``en`` Macau, ``zh-Hans`` 澳门, ``zh-Hant`` 澳門.

    The names of a bundle built before names per locale were stored (its one ``name``), and of
    a ``--name`` without a locale. A name without Latin letters has no English name (``""``).
    """
    han, latin = split_scripts(name or "")
    hans, hant = chinese_pair(han)
    return {**_empty(), "zh-Hans": hans, "zh-Hant": hant, "en": latin}


def _locale_key(code: str) -> str | None:
    """The :data:`LOCALES` key (or ``zh``) of a code as typed (``zh_hant``, ``ZH-Hant``, ``PT``)."""
    wanted = code.replace("_", "-").casefold()
    return next((key for key in (*LOCALES, _CHINESE) if key.casefold() == wanted), None)


def given_names(values: str | Iterable[str] | None) -> dict[str, str]:
    """
    The city's names given at build (``build --name``, repeated).

    Parameters
    ----------
    values
        ``LOCALE=NAME`` (``zh-Hant=澳門``, ``pt=Macau``, ``zh=澳门``: a Chinese name in either
        script), or one name without a locale, split by script (:func:`names_from_text`). A
        later value wins in its locale.

    Returns
    -------
    names
        Only the locales given (and, for a Chinese name, both scripts of it).

    Raises
    ------
    ParameterError
        For a locale that is not one of :data:`LOCALES`.
    """
    if values is None:
        return {}
    values = [values] if isinstance(values, str) else list(values)
    found: dict[str, str] = {}
    for value in values:
        match = _LABELLED.match(value)
        if match is None:
            found |= {k: v for k, v in names_from_text(value).items() if v}
            continue
        key = _locale_key(match.group(1))
        if key is None:
            raise ParameterError("name", N_("{value}: a city's name is given in {locales} (LOCALE=NAME)"),
                                 value=value, locales=", ".join((*LOCALES, _CHINESE)))
        name = " ".join(match.group(2).split())
        if key == _CHINESE:
            hans, hant = chinese_pair(name)
            found |= {"zh-Hans": hans, "zh-Hant": hant}
        elif name:
            found[key] = name
    return found


def unlabelled_name(values: str | Iterable[str] | None) -> str | None:
    """The last ``--name`` given without a locale (``"Macau 澳门"``), or None: the bundle's one name as given."""
    values = [] if values is None else [values] if isinstance(values, str) else list(values)
    plain = [" ".join(v.split()) for v in values if _LABELLED.match(v) is None and v.strip()]
    return plain[-1] if plain else None


def city_place_tags(places: gpd.GeoDataFrame | None) -> dict[str, str] | None:
    """
    The tags of the OSM place that names the city: the one ``place=city``, else the one ``place=town``.

    Parameters
    ----------
    places
        Place features of the extract (``tags`` column; :func:`learning_map.io.osm.read_osm`).

    Returns
    -------
    tags
        None when the extract has no such place, or two of the first kind it has (which of
        Malta's two cities would name Malta?).
    """
    if places is None or places.empty:
        return None
    kinds = places["tags"].map(lambda t: t.get("place") if isinstance(t, dict) else None)
    named = places["tags"].map(lambda t: isinstance(t, dict) and bool(t.get("name")))
    for kind in CITY_PLACE_KINDS:
        chosen = places["tags"][(kinds == kind) & named]
        if len(chosen) == 1:
            return dict(chosen.iloc[0])
        if len(chosen) > 1:
            return None
    return None


def _place_names(tags: Mapping[str, Any], bounds: Any) -> dict[str, str]:
    """A place's names per locale, with the Latin part of its ``name`` as English when it has no ``name:en``."""
    names = tag_names(dict(tags), region=region_of_bounds(bounds) if bounds is not None else None)
    if not names["en"]:
        names["en"] = split_scripts(str(tags.get("name", "")))[1]
    return names


def _all_names(tags: Mapping[str, Any]) -> set[str]:
    """Every name a place's tags give it (``name``, ``name:*``, ``official_name``, ``alt_name``...), folded."""
    found = set()
    for key, value in tags.items():
        if isinstance(value, str) and _NAME_KEY.match(key):
            found |= {fold_name(part) for part in value.split(";")} | {fold_name(value)}
            found |= {fold_name(part) for part in split_scripts(value) if part}
    return found - {""}


def _same_city(given: Mapping[str, str], place_tags: Mapping[str, Any]) -> bool:
    """True when one of the given names is one of the place's names (folded: script, case, spaces)."""
    return bool({fold_name(v) for v in given.values() if v} & _all_names(place_tags))


def city_names(
    given: Mapping[str, str] | None = None, *, place_tags: Mapping[str, Any] | None = None,
    bounds: Any = None, fallback: str = "",
) -> dict[str, str]:
    """
    The city's name in each of :data:`LOCALES`: the given names, then the OSM place's (the rule above).

    Parameters
    ----------
    given
        Names given at build (:func:`given_names`).
    place_tags
        The tags of the place that names the city (:func:`city_place_tags`), or None.
    bounds
        The city's (west, south, east, north): Macau and Hong Kong read their own
        ``name:zh-MO`` / ``name:zh-HK`` first.
    fallback
        The name when neither gives one (the bundle folder's name), split by script.

    Returns
    -------
    names
        ``{"zh-Hans", "zh-Hant", "en", "pt"}``; a locale without a name is ``""``.
    """
    given = {k: v for k, v in (given or {}).items() if v}
    place = _place_names(place_tags, bounds) if place_tags else _empty()
    if given and not (place_tags and _same_city(given, place_tags)):
        place = _empty()
    if not given and not any(place.values()):
        given = {k: v for k, v in names_from_text(fallback).items() if v}
    names = {**_empty(), **{k: v for k, v in place.items() if v}, **given}
    # The two scripts of one Chinese name: the given one when there is one, else the place's.
    chinese = given if given.get("zh-Hans") or given.get("zh-Hant") else place
    hans, hant = chinese_pair("", hans=chinese.get("zh-Hans", ""), hant=chinese.get("zh-Hant", ""))
    names["zh-Hans"], names["zh-Hant"] = hans, hant
    if not any(names.values()) and fallback:
        names["en"] = fallback
    return names


def single_name(names: Mapping[str, str], *, given: str | None = None, place_tags: Mapping[str, Any] | None = None,
                fallback: str = "") -> str:
    """
    The bundle's one ``name`` (kept for readers of older bundles' ``meta.json``): as given, else as OSM writes it.

    A name given without a locale; else the place's ``name`` tag (``澳門 Macau``); else the
    Chinese name in traditional script and the English one (``澳門 Macao``); else ``fallback``.
    """
    if given:
        return given
    if place_tags and place_tags.get("name") and _same_city(names, place_tags):
        return str(place_tags["name"])
    chinese = names.get("zh-Hant") or names.get("zh-Hans") or ""
    latin = next((names[k] for k in ("en", "pt") if names.get(k) and not has_han(names[k])), "")
    return " ".join(p for p in (chinese, latin) if p) or fallback
