"""
Measuring laid-out pages in Chromium, before they are printed: element boxes in page mm.

A printed product that must hold all its content lays it out, measures what Chromium laid
out (the same engine, fonts and CSS that print it) and only then prints: a text's height
is not guessed from a width model. :func:`measuring` opens one browser for several
measurements.
"""

from __future__ import annotations

import contextlib
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
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

# Every element a page marks with ``data-m="KEY"``, its box relative to its page (``.page``),
# and the page's number (0-based) in the document.
_BOXES_JS = """(selector) => {
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
def measuring(*, width_mm: float) -> Iterator[Callable[[str, str], list[Measured]]]:
    """
    A function ``measure(html, selector)``: the boxes of the elements ``selector`` matches.

    The page loads as :func:`~learning_map.export.print.chromium.print_pages` loads it (every
    request but ``data:`` blocked, fonts ready) in a viewport as wide as the paper, in screen
    media (the pages stacked), so a box is where the print puts it.
    """
    require_extra("print", what="The printed map (export-year --no-print skips it)")
    # lazy: Playwright is the print extra's, loaded only when something is printed
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    width_px = round(width_mm / MM_PER_IN * CSS_PX_PER_IN) + 1
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": width_px, "height": 1200})
                page.route("**/*", _only_data)

                def measure(html: str, selector: str) -> list[Measured]:
                    page.set_content(html, wait_until="load")
                    page.evaluate("document.fonts.ready.then(() => true)")
                    return [Measured(**box) for box in page.evaluate(_BOXES_JS, selector)]

                yield measure
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise PrinterError(N_("Chromium could not print the poster ({reason})"),
                           reason=str(exc).splitlines()[0]) from exc


def _only_data(route: Any) -> None:
    if route.request.url.startswith(("data:", "about:")):
        route.continue_()
    else:
        route.abort()


__all__ = ["Measured", "measuring"]
