"""
Data names per script: the one OpenCC converter and the one rule for a name in each locale.

A site, street, place or walk stop is shown in the page's script. The rule (:func:`tag_names`
for OSM tags, :func:`chinese_pair` for a name without script tags), applied once when a city
is built and stored in the bundle:

- ``zh-Hans``: OSM ``name:zh-Hans``, else the Chinese name (``name:zh``, else ``name``), as
  written when it reads as simplified, else converted with OpenCC ``t2s``;
- ``zh-Hant``: ``name:zh-MO`` in Macau, ``name:zh-HK`` in Hong Kong, then ``name:zh-Hant``,
  else the Chinese name, as written when it reads as traditional, else converted with OpenCC
  ``s2hk`` (Hong Kong and Macau character forms, not the mainland's ``s2t``);
- ``en`` and ``pt``: ``name:en`` and ``name:pt``.

Whether a name reads as a script is OpenCC's judgement too (:func:`is_simplified`,
:func:`is_traditional`): a script tag holding the other script (OSM has some) is converted.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from learning_map.city.regions import centre, region_at

# The locales a data name is stored in, and the tag each one reads first.
LOCALES = ("zh-Hans", "zh-Hant", "en", "pt")
# The bundle's column (and basemap property) of each Chinese script.
SCRIPT_COLUMNS = {"zh-Hans": "name_zh_hans", "zh-Hant": "name_zh_hant"}
# Traditional tags tried first in a city of these regions (learning_map.city.regions codes).
REGION_HANT_TAGS = {"MO": ("name:zh-MO", "name:zh-Hant", "name:zh-HK"),
                    "HK": ("name:zh-HK", "name:zh-Hant", "name:zh-MO")}
HANT_TAGS = ("name:zh-Hant",)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@functools.lru_cache(maxsize=8)
def converter(config: str) -> Any:
    """The OpenCC converter of ``config`` (``t2s``, ``s2hk``...), made once per process."""
    import opencc

    return opencc.OpenCC(config)


@functools.lru_cache(maxsize=65536)
def to_hans(text: str) -> str:
    """``text`` in simplified characters (OpenCC ``t2s``)."""
    return converter("t2s").convert(text) if text else ""


@functools.lru_cache(maxsize=65536)
def to_hant(text: str) -> str:
    """``text`` in traditional characters as Hong Kong and Macau write them (OpenCC ``s2hk``)."""
    return converter("s2hk").convert(text) if text else ""


def _one_by_one(config: str, chars: list[str]) -> list[str]:
    """Each character converted alone (its character table entry, no phrase)."""
    out = converter(config).convert("\n".join(chars)).split("\n")
    return out if len(out) == len(chars) else [converter(config).convert(c) for c in chars]


def has_han(text: str) -> bool:
    """True when ``text`` holds at least one Chinese character."""
    return bool(_HAN.search(text or ""))


def is_simplified(text: str) -> bool:
    """
    True when ``text`` reads as simplified Chinese: OpenCC ``t2s`` leaves it as it is.

    Shared characters count as both (中山); a name with any character ``t2s`` simplifies
    (澳門, 後) is not simplified. OpenCC's phrase tables keep simplified words such as 乾隆.
    """
    return to_hans(text) == text


def is_traditional(text: str) -> bool:
    """
    True when ``text`` reads as traditional Chinese: it has characters ``t2s`` simplifies, or ``s2hk`` leaves it as it is.

    Written traditional names keep characters both scripts use (萬里長城 stays: ``s2hk``
    alone would turn its 里 into 裏); a simplified name (图书馆) is not traditional.
    """
    return to_hans(text) != text or to_hant(text) == text


def chinese_pair(chinese: str, *, hans: str = "", hant: str = "") -> tuple[str, str]:
    """
    A Chinese name in both scripts: the rule of this module for one name.

    Parameters
    ----------
    chinese
        The name as the data writes it (either script, or mixed).
    hans, hant
        A name the data gives for that script (OSM ``name:zh-Hans`` / ``name:zh-Hant``), used
        as it is when it is written in that script (else converted: OSM has mis-tagged ones).

    Returns
    -------
    zh_hans, zh_hant
        Both empty when there is no Chinese name at all.
    """
    # A script tag is only trusted in its own script: OSM has name:zh-Hans holding traditional text.
    hans = hans or chinese
    hant = hant or chinese
    if hans and not is_simplified(hans):
        hans = to_hans(hans)
    if hant and not is_traditional(hant):
        hant = to_hant(hant)
    return hans or to_hans(hant), hant or to_hant(hans)


def tag_names(tags: dict[str, Any], *, region: str | None = None) -> dict[str, str]:
    """
    A feature's name in each of :data:`LOCALES`, from its OSM tags (the rule above).

    Parameters
    ----------
    tags
        OSM tags (``name``, ``name:zh``, ``name:zh-Hans``, ``name:zh-Hant``, ``name:en``...).
    region
        The city's region code (``MO``, ``HK``...; :func:`learning_map.city.regions.region_at`):
        Macau and Hong Kong read their own ``name:zh-MO`` / ``name:zh-HK`` first.

    Returns
    -------
    names
        ``{"zh-Hans", "zh-Hant", "en", "pt"}``; an entry the data has no name for is ``""``.
    """
    def tag(key: str) -> str:
        value = tags.get(key)
        return value.strip() if isinstance(value, str) else ""

    name = tag("name")
    chinese = tag("name:zh") or (name if has_han(name) else "")
    hant = next((v for v in map(tag, REGION_HANT_TAGS.get(region or "", HANT_TAGS)) if v), "")
    hans, hant = chinese_pair(chinese, hans=tag("name:zh-Hans"), hant=hant)
    return {"zh-Hans": hans, "zh-Hant": hant, "en": tag("name:en"), "pt": tag("name:pt")}


def stored_pair(record: dict[str, Any], chinese: str) -> tuple[str, str]:
    """
    The stored ``name_zh_hans`` / ``name_zh_hant`` of a record, else ``chinese`` by the rule.

    A bundle built before the names were stored has no such fields: its names are converted
    when read, with the same rule.
    """
    hans, hant = (str(record.get(SCRIPT_COLUMNS[k]) or "") for k in ("zh-Hans", "zh-Hant"))
    if hans and hant:
        return hans, hant
    return chinese_pair(chinese, hans=hans, hant=hant)


def record_names(record: dict[str, Any], *, chinese: str, en: str = "", pt: str = "") -> dict[str, str]:
    """
    A record's name in each of :data:`LOCALES`: its stored scripts (:func:`stored_pair`), else the rule.

    Parameters
    ----------
    record
        A row with ``name_zh_hans`` / ``name_zh_hant`` where they were stored.
    chinese
        Its Chinese name as written (``""`` for none).
    en, pt
        Its English and Portuguese names, if any.
    """
    hans, hant = stored_pair(record, chinese if has_han(chinese) else "")
    return {"zh-Hans": hans, "zh-Hant": hant, "en": en or "", "pt": pt or ""}


def name_in(names: dict[str, str], locale: str, *, fallback: str = "") -> str:
    """
    A data name as a page in ``locale`` (``zh_Hant`` or ``zh-Hant``) shows it first.

    Its name in that locale; on a Portuguese page without a Portuguese name, the English one
    (it reads better there than the Chinese); else ``fallback`` (the name as written). The
    front end's ``siteName`` (``frontend/src/i18n.js``) follows the same rule.
    """
    code = locale.replace("_", "-")
    return names.get(code) or (names.get("en", "") if code == "pt" else "") or fallback


def region_of_bounds(bounds: Any) -> str | None:
    """The region code (``MO``, ``HK``...) of the centre of (west, south, east, north) bounds."""
    found = region_at(*centre(tuple(float(b) for b in bounds)))
    return found[0] if found else None


def simplifying_table(chars: Any) -> dict[str, str]:
    """
    Traditional character -> simplified, for the simplified ``chars`` (and any traditional among them).

    A client without OpenCC (the exported map) folds a typed query with it character by
    character: every traditional form (OpenCC ``s2t``, ``s2hk``, ``s2tw``) of a character its
    search keys hold maps back to that character, so 圖書館 finds what 图书馆 finds.
    """
    chars = sorted({c for c in chars if has_han(c)})
    table = {}
    for config in ("s2t", "s2hk", "s2tw"):
        for simple, other in zip(chars, _one_by_one(config, chars), strict=True):
            if other != simple and len(other) == 1:
                table[other] = simple
    for char, simple in zip(chars, _one_by_one("t2s", chars), strict=True):
        if simple != char and len(simple) == 1:
            table[char] = simple
    return dict(sorted(table.items()))
