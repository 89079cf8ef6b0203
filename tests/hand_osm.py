"""Tiny OSM XML files written by tests: hand-made streets and sites at known distances."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from xml.sax.saxutils import quoteattr

if TYPE_CHECKING:
    from pathlib import Path

# Where hand cities lie (central Macau: its UTM zone and the GCJ-02 rectangle apply).
ORIGIN_LON, ORIGIN_LAT = 113.55, 22.19
_M_PER_DEG_LAT = 110_574.0


def lonlat(x_m: float, y_m: float) -> tuple[float, float]:
    """WGS84 of a point ``x_m`` east and ``y_m`` north of the origin (flat earth: fine for a few km)."""
    m_per_deg_lon = 111_320.0 * math.cos(math.radians(ORIGIN_LAT))
    return ORIGIN_LON + x_m / m_per_deg_lon, ORIGIN_LAT + y_m / _M_PER_DEG_LAT


def _tags(tags: dict[str, str]) -> str:
    return "".join(f"<tag k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in tags.items())


@dataclass
class HandOsm:
    """Nodes placed in metres from the origin, ways and relations; :meth:`write` makes the file."""

    nodes: list[str] = field(default_factory=list)
    ways: list[str] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)
    _next_node: int = 1
    _next_way: int = 1000

    def node(self, x_m: float, y_m: float, **tags: str) -> int:
        """A node ``x_m`` east and ``y_m`` north of the origin; returns its id."""
        nid = self._next_node
        self._next_node += 1
        lon, lat = lonlat(x_m, y_m)
        self.nodes.append(f'<node id="{nid}" lat="{lat:.7f}" lon="{lon:.7f}">{_tags(tags)}</node>')
        return nid

    def way(self, refs: list[int], tags: dict[str, str]) -> int:
        """A way through node ``refs``; returns its id."""
        wid = self._next_way
        self._next_way += 1
        nds = "".join(f'<nd ref="{r}"/>' for r in refs)
        self.ways.append(f'<way id="{wid}">{nds}{_tags(tags)}</way>')
        return wid

    def line(self, points: list[tuple[float, float]], tags: dict[str, str], *,
             ends: tuple[int | None, int | None] = (None, None)) -> tuple[int, list[int]]:
        """A way through new nodes at ``points`` (metres), or given end nodes; (way id, node ids)."""
        refs = [self.node(x, y) for x, y in points]
        if ends[0] is not None:
            refs[0] = ends[0]
        if ends[1] is not None:
            refs[-1] = ends[1]
        return self.way(refs, tags), refs

    def relation(self, members: list[tuple[str, int, str]], tags: dict[str, str]) -> int:
        """A relation of (type, ref, role) members; returns its id."""
        rid = 5000 + len(self.relations)
        body = "".join(f'<member type="{t}" ref="{r}" role="{role}"/>' for t, r, role in members)
        self.relations.append(f'<relation id="{rid}">{body}{_tags(tags)}</relation>')
        return rid

    def write(self, path: Path) -> Path:
        path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="test">\n'
                        + "\n".join(self.nodes + self.ways + self.relations) + "\n</osm>\n",
                        encoding="utf-8")
        return path
