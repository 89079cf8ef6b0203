"""
One script per product: find what in a page or a PDF is not in its locale's script (issue 20).

The character sets are OpenCC's (:mod:`tests.opencc_sets`).
"""

from __future__ import annotations

import re
import subprocess
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def script_slips(text: str, locale: str, data: Iterable[str], scattered: Iterable[str] = ()) -> list[str]:
    """
    What in ``text`` is not in the product's one script or language, once its data is taken out.

    ``data`` is the text the product declares as data (site names as stored for its script,
    addresses, map labels, unit names): the rest is the product's own words. A 繁體 product
    has no simplified-only character, a 简体 one no traditional-only one, and an English or
    Portuguese one no Chinese at all. Spaces are ignored (pdftotext breaks lines), and data
    is also taken out read backwards (pdftotext reads a rotated label from its end).
    ``scattered`` is data pdftotext may give out of order (labels set along streets, mixed
    with their neighbours): its characters are taken out one by one.
    """
    from tests.opencc_sets import simplified_only, traditional_only

    flat = re.sub(r"\s+", "", text)
    items = {re.sub(r"\s+", "", d) for d in data if d}
    # A label set along a street is text too, read backwards when the street runs right to left.
    items |= {item[::-1] for item in items}
    for item in sorted(items, key=len, reverse=True):
        flat = flat.replace(item, "")
    loose = {c for item in scattered for c in item}
    flat = "".join(c for c in flat if c not in loose)
    if locale == "zh_Hant":
        return sorted({c for c in flat if c in simplified_only()})
    if locale == "zh_Hans":
        return sorted({c for c in flat if c in traditional_only()})
    return _CJK.findall(flat)


def html_data(html: str) -> list[str]:
    """The data text of a printed product's HTML: its map labels (``<text class="label ...">``)."""
    import html as html_module

    return [html_module.unescape(t) for t in re.findall(r'<text class="label[^"]*"[^>]*>(.*?)</text>', html)]


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
