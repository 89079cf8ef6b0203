"""
Boxes of laid-out HTML, read back from Chromium: what the printed page really holds.

The poster's index is not estimated from character counts: Chromium sets every entry (the
same template, fonts and widths as the print) and :func:`laid_out_heights` reads each one's
height back; after the layout, :func:`read_back` reads where every entry and every map
number landed, so the check that nothing fell off the page is made on what will print.
"""

from __future__ import annotations

import math
from typing import Any

from learning_map.base.extras import require_extra
from learning_map.base.i18n import N_
from learning_map.export.print.chromium import (
    CHROMIUM_ARGS,
    CSS_PX_PER_IN,
    MM_PER_IN,
    PrinterError,
    chromium_path,
)
from learning_map.export.print.paper import PAPER_MM

MM_PER_PX = MM_PER_IN / CSS_PX_PER_IN

# Heights of each `.measure` container's children (border box, mm).
_HEIGHTS_JS = """() => Array.from(document.querySelectorAll('.measure')).map(
  c => Array.from(c.children).map(e => e.getBoundingClientRect().height))"""
# Every `[data-box]` element's box (mm from the document's top left) with its data-box value.
_BOXES_JS = """() => Array.from(document.querySelectorAll('[data-box]')).map(e => {
  const r = e.getBoundingClientRect();
  return [e.dataset.box, r.left + window.scrollX, r.top + window.scrollY, r.right + window.scrollX,
          r.bottom + window.scrollY];
})"""


def _run(html: str, paper: str, script: str) -> Any:
    """Load ``html`` in Chromium (every request but ``data:`` blocked) and evaluate ``script``."""
    require_extra("print", what="The printed map (export-year --no-print skips it)")
    # lazy: Playwright loads only when a poster is printed
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    width_mm, height_mm = PAPER_MM[paper]
    viewport = {"width": math.ceil(width_mm / MM_PER_PX), "height": math.ceil(height_mm / MM_PER_PX)}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport=viewport)
                page.route("**/*", lambda route: route.continue_()
                           if route.request.url.startswith(("data:", "about:")) else route.abort())
                page.set_content(html, wait_until="load")
                page.evaluate("document.fonts.ready.then(() => true)")
                # Print media: the page is laid out as it will print.
                page.emulate_media(media="print")
                return page.evaluate(script)
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise PrinterError(N_("Chromium could not print the poster ({reason})"),
                           reason=str(exc).splitlines()[0]) from exc


# Each clipped map's frame (its first rect, the land) and the boxes of its site labels.
_MAP_LABELS_JS = """() => Array.from(document.querySelectorAll('g[clip-path]')).map(g => {
  const box = e => { const r = e.getBoundingClientRect();
    return [r.left + window.scrollX, r.top + window.scrollY, r.right + window.scrollX, r.bottom + window.scrollY]; };
  const frame = g.querySelector(':scope > rect');
  return [frame ? box(frame) : null,
          Array.from(g.querySelectorAll('text.site')).map(t => [t.textContent, ...box(t)])];
})"""


def laid_out_heights(html: str, paper: str) -> list[list[float]]:
    """For each ``.measure`` container of ``html``, its children's heights (mm) as Chromium sets them."""
    return [[h * MM_PER_PX for h in column] for column in _run(html, paper, _HEIGHTS_JS)]


def laid_out_boxes(html: str, paper: str) -> list[tuple[str, float, float, float, float]]:
    """Every ``[data-box]`` element's value and box (mm: x0, y0, x1, y1 from the document's top left)."""
    return [(str(key), *(v * MM_PER_PX for v in box)) for key, *box in _run(html, paper, _BOXES_JS)]


def read_back(html: str, paper: str) -> tuple[list[tuple[str, float, float, float, float]], list[tuple[Any, list]]]:
    """
    In one Chromium load: the ``[data-box]`` boxes, and each clipped map's frame and site labels.

    The maps: ``(frame, labels)`` per map, the frame a box (mm) and each label ``(text, x0, y0, x1, y1)``
    as Chromium set the text in its font.
    """
    script = f"() => [({_BOXES_JS})(), ({_MAP_LABELS_JS})()]"
    boxes, maps = _run(html, paper, script)
    mm = MM_PER_PX
    return ([(str(key), *(v * mm for v in box)) for key, *box in boxes],
            [(None if frame is None else tuple(v * mm for v in frame),
              [(str(text), *(v * mm for v in box)) for text, *box in labels]) for frame, labels in maps])


__all__ = ["MM_PER_PX", "laid_out_boxes", "laid_out_heights", "read_back"]
