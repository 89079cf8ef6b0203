"""
Printing with Chromium, and the checks and patches around it.

The set-up checks (CJK font, Chromium), the print itself through Playwright, and the
patches to its output (PDF dates, PNG resolution).
"""

from __future__ import annotations

import math
import re
import shutil
import struct
import subprocess
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learning_map.base.extras import require_extra
from learning_map.base.i18n import N_
from learning_map.base.safety import atomic_write
from learning_map.errors import LearningMapError
from learning_map.export.print.paper import PAPER_MM

if TYPE_CHECKING:
    import datetime

PNG_DPI = 300
CSS_PX_PER_IN = 96
MM_PER_IN = 25.4
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class MissingFontError(LearningMapError, RuntimeError):
    """No CJK font is installed, so Chinese would print as boxes."""


class PrinterError(LearningMapError, RuntimeError):
    """Chromium, which prints the poster, is missing or failed."""


def check_cjk_font() -> str:
    """
    A CJK font family fontconfig knows (Chromium finds fonts through fontconfig).

    Raises
    ------
    MissingFontError
        When none is installed (or fontconfig is missing).
    """
    sentence = N_("No Chinese (CJK) font is installed, so the poster cannot be printed; install "
                  "Debian's {package} (scripts/test.sh does)")
    if shutil.which("fc-list") is None:
        raise MissingFontError(sentence, package="fonts-noto-cjk")
    try:
        found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                               timeout=60, check=False).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise MissingFontError(sentence, package="fonts-noto-cjk") from exc
    families = sorted({f.split(",")[0].strip() for f in found.splitlines() if f.strip()})
    if not families:
        raise MissingFontError(sentence, package="fonts-noto-cjk")
    preferred = [f for f in families if "Sans CJK SC" in f] or [f for f in families if "Sans" in f]
    return (preferred or families)[0]


def chromium_path() -> str:
    """Debian's Chromium, which prints the pages."""
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists()
                                         else None)
    if found is None:
        raise PrinterError(N_("Chromium is not installed, so the poster cannot be printed; install "
                              "Debian's {package} (scripts/test.sh does)"), package="chromium")
    return found


@dataclass
class Printed:
    """What :func:`print_pages` wrote and how long Chromium took."""

    pdf_bytes: int
    png_size: tuple[int, int] | None
    seconds: float


def print_pages(html: str, pdf_path: Path, *, paper: str, png_path: Path | None = None,
                dpi: int = PNG_DPI, when: datetime.datetime | None = None) -> Printed:
    """
    Print ``html`` to a PDF (vector, fonts embedded) and optionally its first page to a PNG.

    The page loads with every request but ``data:`` blocked: the document is self-contained.
    ``when`` replaces the PDF's creation and modification dates (Chromium's output is
    otherwise the same on every run, so a re-export gives the same bytes).
    """
    require_extra("print", what="The printed map (export-year --no-print skips it)")
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    width_mm, height_mm = PAPER_MM[paper]
    css_w = width_mm / MM_PER_IN * CSS_PX_PER_IN
    css_h = height_mm / MM_PER_IN * CSS_PX_PER_IN
    scale = dpi / CSS_PX_PER_IN
    executable = chromium_path()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": math.ceil(css_w), "height": math.ceil(css_h)})
                load_page(page, html)
                pdf = page.pdf(width=f"{width_mm}mm", height=f"{height_mm}mm", print_background=True,
                               margin={"top": "0", "right": "0", "bottom": "0", "left": "0"},
                               prefer_css_page_size=True)
                png = None
                if png_path is not None:
                    # The page zoomed to the PNG's pixels, so the screenshot is exactly the
                    # paper at ``dpi`` (a device scale factor rounds the clip to CSS pixels).
                    px_w, px_h = round(width_mm / MM_PER_IN * dpi), round(height_mm / MM_PER_IN * dpi)
                    page = browser.new_page(viewport={"width": px_w, "height": px_h})
                    load_page(page, html)
                    page.add_style_tag(content=f"html {{ zoom: {scale}; }}")
                    page.evaluate("document.fonts.ready.then(() => true)")
                    png = page.screenshot(type="png")
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise PrinterError(N_("Chromium could not print the poster ({reason})"),
                           reason=str(exc).splitlines()[0]) from exc
    if when is not None:
        pdf = fixed_pdf_dates(pdf, when)
    with atomic_write(pdf_path, "wb") as handle:
        handle.write(pdf)
    size = None
    if png is not None and png_path is not None:
        png = with_dpi(png, dpi)
        with atomic_write(png_path, "wb") as handle:
            handle.write(png)
        size = png_size(png)
    return Printed(len(pdf), size, round(time.perf_counter() - started, 2))


def fixed_pdf_dates(pdf: bytes, when: datetime.datetime) -> bytes:
    """The PDF with its /CreationDate and /ModDate set to ``when`` (same length: offsets hold)."""
    stamp = when.strftime("%Y%m%d%H%M%S").encode("ascii")
    return re.sub(rb"(/(?:CreationDate|ModDate) ?\(D:)\d{14}", lambda m: m.group(1) + stamp, pdf)


def load_page(page: Any, html: str) -> None:
    """
    Load ``html`` into a Playwright page as every printed product loads it.

    Every request but ``data:`` is blocked (the document is self-contained); fonts are ready.
    """
    page.route("**/*", _only_data)
    page.set_content(html, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")


def _only_data(route: Any) -> None:
    if route.request.url.startswith(("data:", "about:")):
        route.continue_()
    else:
        route.abort()


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) in pixels from a PNG's header."""
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def with_dpi(data: bytes, dpi: int) -> bytes:
    """The PNG with a pHYs chunk saying ``dpi`` (print shops and viewers read the size from it)."""
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    # Drop an existing pHYs, then put ours right after IHDR (8-byte signature + 25-byte IHDR).
    out, pos = [data[:33]], 33
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        end = pos + 12 + length
        if kind != b"pHYs":
            out.append(data[pos:end])
        pos = end
    out.insert(1, chunk)
    return b"".join(out)


__all__ = [
    "CHROMIUM_ARGS",
    "MissingFontError",
    "Printed",
    "PrinterError",
    "check_cjk_font",
    "chromium_path",
    "fixed_pdf_dates",
    "load_page",
    "png_size",
    "print_pages",
    "with_dpi",
]
