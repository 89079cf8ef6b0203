"""Helpers for browser tests: wait for the offline basemap, count its colours and read its labels."""

from __future__ import annotations

from tests import _servers
from tests._servers import wait_for_page

# Pixels of the basemap's tile canvases that show on screen inside #map, counted per colour of
# its style (basemap.js COLORS, read from the page): what a reader sees, not what was fetched.
_COUNT_JS = """(names) => {
  const layer = window.learningBasemap;
  const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const wanted = names.map((n) => [n, rgb(layer.colors[n])]);
  const box = document.getElementById("map").getBoundingClientRect();
  const counts = Object.fromEntries(names.map((n) => [n, 0]));
  counts.total = 0;
  for (const c of layer.getContainer().querySelectorAll("canvas.leaflet-tile")) {
    const r = c.getBoundingClientRect();
    const x0 = Math.max(r.left, box.left), x1 = Math.min(r.right, box.right);
    const y0 = Math.max(r.top, box.top), y1 = Math.min(r.bottom, box.bottom);
    if (x1 - x0 < 1 || y1 - y0 < 1 || !c.width) continue;
    const sx = c.width / r.width, sy = c.height / r.height;
    const data = c.getContext("2d").getImageData(Math.floor((x0 - r.left) * sx), Math.floor((y0 - r.top) * sy),
      Math.floor((x1 - x0) * sx), Math.floor((y1 - y0) * sy)).data;
    for (let i = 0; i < data.length; i += 4) {
      counts.total++;
      for (const [n, [R, G, B]] of wanted) {
        if (Math.abs(data[i] - R) <= 3 && Math.abs(data[i + 1] - G) <= 3 && Math.abs(data[i + 2] - B) <= 3) counts[n]++;
      }
    }
  }
  return counts;
}"""


def wait_for_basemap(page, timeout_ms: int = _servers.BROWSER_WAIT_MS) -> None:
    """Until the basemap layer exists, has drawn tiles and has none left loading."""
    wait_for_page(page, """() => { const l = window.learningBasemap;
             return l && !l.isLoading() && l.getContainer().querySelector("canvas.leaflet-tile-loaded"); }""",
        timeout_ms=timeout_ms)
    page.wait_for_timeout(300)  # labels invalidated by a neighbour tile are redrawn


def basemap_pixels(page, names: tuple[str, ...] = ("water", "park", "wood", "grass", "land", "major")) -> dict[str, int]:
    """On-screen basemap pixels of each style colour, and ``total``."""
    return page.evaluate(_COUNT_JS, list(names))


def basemap_labels(page) -> list[dict]:
    """The labels placed at the current zoom: ``{layer, text}``."""
    return page.evaluate("() => window.learningBasemap.placedLabels()")
