"""
One page, one script: the check issue 20 asks of every page, answer and product.

A 繁體 (``zh_Hant``) text may hold no character only simplified Chinese writes, a 简体 text no
character only traditional Chinese writes (OpenCC's tables, :mod:`tests.opencc_sets`), and an
English or Portuguese text no Chinese at all (characters, CJK punctuation, full-width forms),
outside the data the caller names (site names, addresses: shown as stored) and, in a page,
the elements that declare their own language (each language's name in itself).
"""

from __future__ import annotations

import html as html_module
import re
import subprocess
from typing import TYPE_CHECKING

from tests.opencc_sets import simplified_only, traditional_only

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

# Characters OpenCC's tables count as simplified-only that Macau and Hong Kong write as they
# are: OpenCC's traditional forms are variants (峯, 羣, 牀...) while 峰, 群 and 床 are the
# forms in Big5 and in everyday use there.
WRITTEN_AS_IS_IN_TRADITIONAL = frozenset("峰群床恒痴秘粽灶栖晒洒凄肴虱霉昵羡洼瓮炖痒")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
_LANGUAGE_LINKS = re.compile(r'<nav class="langs".*?</nav>', re.DOTALL)
# An element that says it is in another language (a language's name in itself, a name as written).
_OWN_LANGUAGE = re.compile(r"<(option|a|span|li)\b[^>]*\blang=\"[^\"]+\"[^>]*>[^<]*</\1>")
# Not shown: data-* attributes (a script's other-language labels) and script elements (JSON data).
_HIDDEN = re.compile(r'\sdata-[a-z0-9-]+="[^"]*"|<script\b[^>]*>.*?</script>', re.DOTALL)


def foreign_characters(text: str, locale: str) -> list[str]:
    """The characters (runs, for English and Portuguese) of ``text`` a ``locale`` text must not hold, in order."""
    if locale == "zh_Hant":
        bad = simplified_only() - WRITTEN_AS_IS_IN_TRADITIONAL
        return [c for c in text if c in bad]
    if locale == "zh_Hans":
        bad = traditional_only()
        return [c for c in text if c in bad]
    return _CJK.findall(text)


def without(text: str, data: Iterable[str]) -> str:
    """``text`` with every ``data`` string taken out, the longest first."""
    for item in sorted({d for d in data if d}, key=len, reverse=True):
        text = text.replace(item, " ")
    return text


def foreign(text: str, locale: str, *, original: Iterable[str] = ()) -> list[str]:
    """What of ``text`` is not in ``locale``'s script once ``original`` (data shown as written) is out, in context."""
    text = without(text, original)
    found, at = [], 0
    for piece in foreign_characters(text, locale):
        at = text.find(piece, at)
        found.append(f"{piece!r} in …{text[max(0, at - 12):at + 12]!r}…")
        at += len(piece)
    return found


def interface_text(page: str, data: Iterable[str] = ()) -> str:
    """A page's markup and text (attributes included) without its language links, what is not shown, and ``data``."""
    text = html_module.unescape(_HIDDEN.sub("", _OWN_LANGUAGE.sub("", _LANGUAGE_LINKS.sub("", page))))
    return without(text, data)


def wrong_script(page: str, locale: str, data: Iterable[str] = ()) -> list[str]:
    """The characters of an HTML ``page`` (outside ``data``) that a page in ``locale`` must not show, in order."""
    return foreign_characters(interface_text(page, data), locale)


def assert_one_script(page: str, locale: str, data: Iterable[str] = ()) -> None:
    """Fail with the offending lines when an HTML ``page`` mixes scripts for ``locale`` (see :func:`wrong_script`)."""
    text = interface_text(page, data)
    found = foreign_characters(text, locale)
    if found:
        lines = [line.strip() for line in text.splitlines() if any(c in line for c in found)]
        msg = f"{locale} page shows {''.join(sorted(set(found)))}: {lines[:8]}"
        raise AssertionError(msg)


def script_slips(text: str, locale: str, data: Iterable[str], scattered: Iterable[str] = ()) -> list[str]:
    """
    What in a product's ``text`` (a PDF's, say) is not in its one script, once its data is taken out.

    ``data`` is the text the product declares as data (site names as stored for its script,
    addresses, map labels, unit names): the rest is the product's own words. Spaces are ignored
    (pdftotext breaks lines), and data is also taken out read backwards (pdftotext reads a
    rotated label from its end). ``scattered`` is data pdftotext may give out of order (labels
    set along streets, mixed with their neighbours): its characters are taken out one by one.
    """
    flat = re.sub(r"\s+", "", text)
    items = {re.sub(r"\s+", "", d) for d in data if d}
    items |= {item[::-1] for item in items}
    flat = without(flat, items).replace(" ", "")
    loose = {c for item in scattered for c in item}
    return sorted(set(foreign_characters("".join(c for c in flat if c not in loose), locale)))


def html_data(html: str) -> list[str]:
    """The data text of a printed product's HTML: its map labels (``<text class="label ...">``)."""
    return [html_module.unescape(t) for t in re.findall(r'<text class="label[^"]*"[^>]*>(.*?)</text>', html)]


def pdf_text(pdf: Path) -> str:
    """The text of a PDF, as pdftotext reads it."""
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
