"""
Laid-out pages measured in Chromium before they are printed: element boxes in mm.

A printed product that must hold all its content lays it out, measures what Chromium laid
out (the same engine, fonts and CSS that print it) and only then prints: a text's height is
not guessed from a width model. The booklet measures its blocks with :func:`measuring` (one
browser for several measurements); the poster reads its index entries' heights with
:func:`laid_out_heights` and, after the layout, where every entry and every map number landed
with :func:`read_back`, so the check that nothing fell off the page is made on what will print.
Every page loads as :func:`~learning_map.export.print.chromium.print_pages` loads it
(:func:`~learning_map.export.print.chromium.load_page`).
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from learning_map.base.extras import require_extra
from learning_map.base.i18n import N_
from learning_map.export.print.chromium import (
    CHROMIUM_ARGS,
    CSS_PX_PER_IN,
    MM_PER_IN,
    PrinterError,
    chromium_path,
    load_page,
)
from learning_map.export.print.paper import PAPER_MM

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

MM_PER_PX = MM_PER_IN / CSS_PX_PER_IN

# Every element a page marks with ``data-m="KEY"``, its box relative to its page (``.page``),
# and the page's number (0-based) in the document.
_PAGE_BOXES_JS = """(selector) => {
  const mm = %r;
  const pages = [...document.querySelectorAll('.page')];
  return [...document.querySelectorAll(selector)].map((el) => {
    const page = el.closest('.page');
    const p = page ? page.getBoundingClientRect() : {left: 0, top: 0};
    const r = el.getBoundingClientRect();
    return {key: el.getAttribute('data-m') || '', page: pages.indexOf(page),
            x0: (r.left - p.left) / mm, y0: (r.top - p.top) / mm,
            x1: (r.right - p.left) / mm, y1: (r.bottom - p.top) / mm};
  });
}""" % (CSS_PX_PER_IN / MM_PER_IN)
# Heights of each `.measure` container's children (border box, px).
_HEIGHTS_JS = """() => Array.from(document.querySelectorAll('.measure')).map(
  c => Array.from(c.children).map(e => e.getBoundingClientRect().height))"""
# Every `[data-box]` element's box (px from the document's top left) with its data-box value.
_BOXES_JS = """() => Array.from(document.querySelectorAll('[data-box]')).map(e => {
  const r = e.getBoundingClientRect();
  return [e.dataset.box, r.left + window.scrollX, r.top + window.scrollY, r.right + window.scrollX,
          r.bottom + window.scrollY];
})"""
# Each clipped map's frame (its first rect, the land) and the boxes of its site labels.
_MAP_LABELS_JS = """() => Array.from(document.querySelectorAll('g[clip-path]')).map(g => {
  const box = e => { const r = e.getBoundingClientRect();
    return [r.left + window.scrollX, r.top + window.scrollY, r.right + window.scrollX, r.bottom + window.scrollY]; };
  const frame = g.querySelector(':scope > rect');
  return [frame ? box(frame) : null,
          Array.from(g.querySelectorAll('text.site')).map(t => [t.textContent, ...box(t)])];
})"""


@dataclass(frozen=True)
class Measured:
    """One element's box on its page (mm, y down) and the page's number (0-based)."""

    key: str
    page: int
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        """Height in mm."""
        return self.y1 - self.y0


@contextlib.contextmanager
def _browser_page(viewport: dict[str, int]) -> Iterator[Any]:
    """A Chromium page with ``viewport`` (px); Chromium's failures as PrinterError."""
    require_extra("print", what="The printed map (export-year --no-print skips it)")
    # lazy: Playwright is the print extra's, loaded only when something is printed
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            try:
                yield browser.new_page(viewport=viewport)
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise PrinterError(N_("Chromium could not print the poster ({reason})"),
                           reason=str(exc).splitlines()[0]) from exc


@contextlib.contextmanager
def measuring(*, width_mm: float) -> Iterator[Callable[[str, str], list[Measured]]]:
    """
    A function ``measure(html, selector)``: the boxes of the elements ``selector`` matches.

    In screen media (the pages stacked), so a box is where the print puts it.
    """
    # As wide as the paper (and a pixel: a line that fits the paper exactly is not wrapped).
    with _browser_page({"width": round(width_mm / MM_PER_PX) + 1, "height": 1200}) as page:

        def measure(html: str, selector: str) -> list[Measured]:
            load_page(page, html)
            return [Measured(**box) for box in page.evaluate(_PAGE_BOXES_JS, selector)]

        yield measure


def _run(html: str, paper: str, script: str) -> Any:
    """Load ``html`` on a page of ``paper``'s size, in print media, and evaluate ``script``."""
    width_mm, height_mm = PAPER_MM[paper]
    with _browser_page({"width": math.ceil(width_mm / MM_PER_PX), "height": math.ceil(height_mm / MM_PER_PX)}) as page:
        load_page(page, html)
        page.emulate_media(media="print")  # laid out as it will print
        return page.evaluate(script)


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


__all__ = ["MM_PER_PX", "Measured", "laid_out_boxes", "laid_out_heights", "measuring", "read_back"]
