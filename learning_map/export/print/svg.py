"""The map frame (metres to page mm) and SVG path data: geometries and category symbols."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from learning_map.city.symbols import symbol_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from learning_map.export.print.labels import Box

# Category symbols: the colour comes from learning_map.city.categories, the shape from here
# (so a black-and-white copy still tells the categories apart).


@dataclass
class Frame:
    """Where a metric extent lands on the page: ``box`` (mm) shows ``bounds`` (metres)."""

    box: Box
    bounds: tuple[float, float, float, float]

    @classmethod
    def fit(cls, box: Box, bounds: Sequence[float], *, margin: float = 0.04) -> Frame:
        """The extent ``bounds`` grown to the box's aspect (and a margin) and centred."""
        xmin, ymin, xmax, ymax = (float(v) for v in bounds)
        width_m = max(xmax - xmin, 1.0) * (1 + 2 * margin)
        height_m = max(ymax - ymin, 1.0) * (1 + 2 * margin)
        aspect = (box.x1 - box.x0) / (box.y1 - box.y0)
        if width_m / height_m < aspect:
            width_m = height_m * aspect
        else:
            height_m = width_m / aspect
        cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
        return cls(box, (cx - width_m / 2, cy - height_m / 2, cx + width_m / 2, cy + height_m / 2))

    @property
    def metres_per_mm(self) -> float:
        """Metres of the map per mm of paper."""
        return (self.bounds[2] - self.bounds[0]) / (self.box.x1 - self.box.x0)

    def to_page(self, coords: np.ndarray) -> np.ndarray:
        """Metric (x, y) rows to page mm (y down)."""
        s = 1 / self.metres_per_mm
        return np.column_stack([self.box.x0 + (coords[:, 0] - self.bounds[0]) * s,
                                self.box.y0 + (self.bounds[3] - coords[:, 1]) * s])

    def point(self, x: float, y: float) -> tuple[float, float]:
        """One metric point on the page (mm)."""
        px, py = self.to_page(np.array([[x, y]]))[0]
        return float(px), float(py)

    def clip(self, geometry: Any) -> Any:
        """Geometries cut to the frame's extent (with a small margin)."""
        pad = 2 * self.metres_per_mm
        b = self.bounds
        return shapely.clip_by_rect(geometry, b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad)


def ring_path(coords: np.ndarray, closed: bool) -> str:
    """SVG path data of one ring or line of page coordinates (closed with ``Z``)."""
    if len(coords) < 2:
        return ""
    parts = [f"M{coords[0, 0]:.2f} {coords[0, 1]:.2f}"]
    parts += [f"L{x:.2f} {y:.2f}" for x, y in coords[1:]]
    if closed:
        parts.append("Z")
    return "".join(parts)


def svg_path(geometries: Any, frame: Frame) -> str:
    """SVG path data (page mm) of metric geometries: lines open, polygon rings closed."""
    out = []
    for geometry in shapely.get_parts(np.atleast_1d(np.asarray(geometries, dtype=object))):
        if geometry is None or geometry.is_empty:
            continue
        kind = geometry.geom_type
        if kind == "Polygon":
            rings = [geometry.exterior, *geometry.interiors]
            out += [ring_path(frame.to_page(np.asarray(r.coords)), True) for r in rings]
        elif kind == "LineString":
            out.append(ring_path(frame.to_page(np.asarray(geometry.coords)), False))
        elif kind.startswith("Multi") or kind == "GeometryCollection":
            out.append(svg_path(list(shapely.get_parts(geometry)), frame))
    return "".join(out)


def symbol_path(shape: str, x: float, y: float, r: float) -> str:
    """SVG path of a category symbol of radius ``r`` (mm) centred on (x, y)."""
    if shape == "circle":
        return (f"M{x - r:.2f} {y:.2f}a{r:.2f} {r:.2f} 0 1 0 {2 * r:.2f} 0"
                f"a{r:.2f} {r:.2f} 0 1 0 {-2 * r:.2f} 0z")
    corners = {"square": (4, 45, 0.9), "diamond": (4, 0, 1.15), "triangle": (3, -90, 1.25),
               "pentagon": (5, -90, 1.05), "hexagon": (6, 0, 1.0)}
    if shape == "star":
        angles = np.radians(np.arange(10) * 36 - 90)
        radii = np.where(np.arange(10) % 2 == 0, r * 1.3, r * 0.6)
    else:
        n, start, k = corners.get(shape, (4, 45, 0.9))
        angles = np.radians(np.arange(n) * 360 / n + start)
        radii = np.full(n, r * k * (1.414 if shape == "square" else 1.0))
    pts = np.column_stack([x + radii * np.cos(angles), y + radii * np.sin(angles)])
    return ring_path(pts, True)


def legend_symbol(key: str, size: float) -> str:
    """A category symbol centred in a ``size`` x ``size`` square (legend and index)."""
    return symbol_path(symbol_of(key).shape, size / 2, size / 2, size * 0.32)


__all__ = ["Frame", "legend_symbol", "ring_path", "svg_path", "symbol_path"]
