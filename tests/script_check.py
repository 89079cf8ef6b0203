"""
One page, one script: the check issue 20 asks of every rendered page.

A 繁體 (``zh_Hant``) page may hold no character only simplified Chinese writes, a 简体 page no
character only traditional Chinese writes (OpenCC's tables, :mod:`tests.opencc_sets`), and an
English or Portuguese page no Chinese at all, outside the data the caller names (site names,
addresses: shown as stored) and the language links (each language's name in itself).
"""

from __future__ import annotations

import html as html_module
import re

from tests.opencc_sets import simplified_only, traditional_only

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LANGUAGE_LINKS = re.compile(r'<nav class="langs".*?</nav>', re.DOTALL)
_LANGUAGE_OPTIONS = re.compile(r"<option [^>]*\blang=\"[^\"]+\"[^>]*>[^<]*</option>")
# Not shown: data-* attributes (a script's other-language labels) and script elements (JSON data).
_HIDDEN = re.compile(r'\sdata-[a-z0-9-]+="[^"]*"|<script\b[^>]*>.*?</script>', re.DOTALL)


def interface_text(page: str, data: tuple[str, ...] | list[str] | set[str] = ()) -> str:
    """The page's markup and text (attributes included) without the language links, what is not shown, and ``data``."""
    text = html_module.unescape(_HIDDEN.sub("", _LANGUAGE_OPTIONS.sub("", _LANGUAGE_LINKS.sub("", page))))
    for item in sorted((d for d in data if d), key=len, reverse=True):
        text = text.replace(item, "")
    return text


def wrong_script(page: str, locale: str, data: tuple[str, ...] | list[str] | set[str] = ()) -> list[str]:
    """The characters of ``page`` (outside ``data``) that a page in ``locale`` must not show, in order."""
    text = interface_text(page, data)
    if locale == "zh_Hant":
        bad = simplified_only()
        return [c for c in text if c in bad]
    if locale == "zh_Hans":
        bad = traditional_only()
        return [c for c in text if c in bad]
    return _HAN.findall(text)


def assert_one_script(page: str, locale: str, data: tuple[str, ...] | list[str] | set[str] = ()) -> None:
    """Fail with the offending lines when ``page`` mixes scripts for ``locale`` (see :func:`wrong_script`)."""
    found = wrong_script(page, locale, data)
    if found:
        text = interface_text(page, data)
        lines = [line.strip() for line in text.splitlines() if any(c in line for c in found)]
        msg = f"{locale} page shows {''.join(sorted(set(found)))}: {lines[:8]}"
        raise AssertionError(msg)
