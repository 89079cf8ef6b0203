"""
The national overview map: one offline HTML file, the cities drawn as SVG by their 15-minute share.

No script, tiles or web fonts: the city outlines are SVG paths computed here (numbers
only), and every name reaches the page through the autoescaped template. Cities too small
to see at the country's scale get a marker; the table beside the map lists every city.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shapely

from learning_map.base.safety import atomic_write
from learning_map.base.schema import OSM_ATTRIBUTION
from learning_map.batch.tasks import city_area
from learning_map.bundle.national import STATUS_DONE, STATUS_FAILED

if TYPE_CHECKING:
    from learning_map.bundle.national import CityEntry

__all__ = ["OVERVIEW_FILE", "overview_html", "write_overview"]

OVERVIEW_FILE = "national.html"
WIDTH_PX, HEIGHT_PX, MARGIN_PX = 760, 560, 36
# Below this size on the page an outline is invisible: the city gets a marker as well.
SMALL_PX = 14
# Numbered markers stay readable up to this many cities; the table names them all.
MAX_LABELS = 99
# ColorBrewer YlGnBu, 5 classes: sequential and colour-blind safe (light = few covered).
CLASS_COLORS = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
# Lower bounds of the classes: a 15-minute city aims high, so the top classes are narrow.
CLASS_BREAKS = (0.0, 0.5, 0.7, 0.85, 0.95)


@cache
def _template() -> Any:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    return env.get_template("overview.html")


def _share_class(share: float) -> int:
    return max(i for i, low in enumerate(CLASS_BREAKS) if share >= low)


class _Frame:
    """Lon/lat to page pixels: equirectangular at the cities' mean latitude, fitted to the page."""

    def __init__(self, bounds: tuple[float, float, float, float]) -> None:
        west, south, east, north = bounds
        self.kx = math.cos(math.radians((south + north) / 2))
        span_x = max((east - west) * self.kx, 1e-6)
        span_y = max(north - south, 1e-6)
        self.scale = min((WIDTH_PX - 2 * MARGIN_PX) / span_x, (HEIGHT_PX - 2 * MARGIN_PX) / span_y)
        self.x0 = west - ((WIDTH_PX - 2 * MARGIN_PX) / self.scale - span_x) / 2 / self.kx
        self.y0 = north + ((HEIGHT_PX - 2 * MARGIN_PX) / self.scale - span_y) / 2

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (MARGIN_PX + (lon - self.x0) * self.kx * self.scale,
                MARGIN_PX + (self.y0 - lat) * self.scale)

    def path(self, shape: shapely.Geometry) -> str:
        """SVG path data of the polygons of ``shape`` (simplified to half a pixel)."""
        shape = shapely.simplify(shape, 0.5 / self.scale, preserve_topology=True)
        parts = []
        for ring in _rings(shape):
            points = [self.xy(x, y) for x, y in shapely.get_coordinates(ring)]
            parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
        return "".join(parts)


def _rings(shape: shapely.Geometry) -> list[shapely.Geometry]:
    polygons = shapely.get_parts(shape)
    rings = []
    for polygon in polygons:
        if isinstance(polygon, shapely.Polygon):
            rings.append(polygon.exterior)
            rings.extend(polygon.interiors)
        elif isinstance(polygon, shapely.GeometryCollection):
            rings.extend(_rings(polygon))
    return rings


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def overview_html(entries: list[CityEntry], results: dict[str, dict[str, Any]], *,
                  title: str = "15 分钟学习圈 全国概览 / 15-minute learning circles: national overview",
                  standard: str | None = None) -> str:
    """
    The overview page: the cities on a map coloured by residents within 15 minutes, and a table.

    Parameters
    ----------
    entries
        The national index (done cities drawn from ``results``, failed ones marked).
    results
        Figures of the done cities by slug (:func:`~learning_map.batch.tasks.run_city`).
    title
        Page title.
    standard
        Name of the standard the verdicts are against.

    Returns
    -------
    html
    """
    shapes = _city_shapes(entries, results)
    frame = _Frame(tuple(shapely.total_bounds(list(shapes.values()))) if shapes else (0, 0, 1, 1))
    cities, rows = [], []
    for number, entry in enumerate(entries, start=1):
        result = results.get(entry.slug) if entry.status == STATUS_DONE else None
        everything = next((r for r in result["rows"] if r["category"] == "all"), {}) if result else {}
        shape = shapes.get(entry.slug)
        if shape is not None:
            cities.append(_map_city(entry, number, result, everything, shape, frame))
        rows.append(_table_row(entry, number, result, everything))
    done = sum(e.status == STATUS_DONE for e in entries)
    bounds = [*CLASS_BREAKS, 1.0]
    classes = [{"color": color, "label": f"{bounds[i]:.0%}–{bounds[i + 1]:.0%}"}
               for i, color in enumerate(CLASS_COLORS)]
    return _template().render(
        title=title, width=WIDTH_PX, height=HEIGHT_PX, cities=cities, rows=rows, classes=classes,
        labels=len(cities) <= MAX_LABELS, standard=standard or "标准 Standard",
        subtitle=(f"{done} 个城市已完成 / {done} of {len(entries)} cities done · "
                  "步行网络距离（非直线）/ walking distance on the street network"),
        footer="learning-map batch", attribution=OSM_ATTRIBUTION,
    )


def _city_shapes(entries: list[CityEntry], results: dict[str, dict[str, Any]]) -> dict[str, shapely.Geometry]:
    """Each drawn city's outline: a done city's area, a failed one's box."""
    shapes: dict[str, shapely.Geometry] = {}
    for entry in entries:
        if entry.status == STATUS_DONE and entry.slug in results:
            shapes[entry.slug] = city_area(results[entry.slug]).iloc[0]
        elif entry.status == STATUS_FAILED and entry.bbox:
            shapes[entry.slug] = shapely.box(*entry.bbox)
    return shapes


def _map_city(entry: CityEntry, number: int, result: dict[str, Any] | None, everything: dict[str, Any],
              shape: shapely.Geometry, frame: _Frame) -> dict[str, Any]:
    """One city on the map: its marker, class (by the 15-minute share) and outline."""
    share = everything.get("share_15min_adult")
    network_only = share is None
    if share is None:
        share = everything.get("network_share_15min_adult")
    x, y = frame.xy(*shapely.get_coordinates(shapely.point_on_surface(shape))[0])
    minx, miny, maxx, maxy = shape.bounds
    small = max((maxx - minx) * frame.kx, maxy - miny) * frame.scale < SMALL_PX
    failed = entry.status == STATUS_FAILED
    return {
        "name": entry.name, "number": number, "x": round(x, 1), "y": round(y, 1),
        "failed": failed,
        "cls": _share_class(share or 0.0), "small": small or network_only,
        "network_only": network_only,
        "path": "" if failed or result is None else frame.path(shape),
    }


def _table_row(entry: CityEntry, number: int, result: dict[str, Any] | None,
               everything: dict[str, Any]) -> dict[str, Any]:
    """One city's row of the table: its figures and verdict."""
    verdict = everything.get("pass")
    return {
        "number": number, "name": entry.name,
        "district": (result or {}).get("district") or "",
        "sites": everything.get("sites", ""),
        "residents": f"{everything['residents']:,.0f}" if everything.get("residents") is not None else "–",
        "s5": _percent(everything.get("share_5min_adult")),
        "s10": _percent(everything.get("share_10min_adult")),
        "s15": _percent(everything.get("share_15min_adult")),
        "e15": _percent(everything.get("share_15min_elderly")),
        "n15": _percent(everything.get("network_share_15min_adult")),
        "verdict": _verdict_text(entry, result, verdict),
        "verdict_class": "fail" if entry.status == STATUS_FAILED or verdict is False else
                         "pass" if verdict else "",
    }


def _verdict_text(entry: CityEntry, result: dict[str, Any] | None, verdict: bool | None) -> str:
    """Failed (with the error), pending, pass, fail or n/a."""
    if entry.status == STATUS_FAILED:
        return f"失败 failed: {entry.error}"
    if result is None:
        return "待建 pending"
    return {True: "达标 pass", False: "未达标 fail"}.get(verdict, "不适用 n/a")


def write_overview(html: str, path: str | Path) -> Path:
    """Write the overview page atomically."""
    path = Path(path)
    with atomic_write(path, "w", encoding="utf-8") as handle:
        handle.write(html)
    return path
