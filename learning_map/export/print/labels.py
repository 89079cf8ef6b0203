"""Text widths and greedy label placement on the page (mm, y down)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Sequence

def text_width(text: str, size: float) -> float:
    """Approximate advance width of ``text`` at font ``size`` (CJK full width, Latin ~0.6)."""
    width = 0.0
    for ch in text:
        wide = unicodedata.east_asian_width(ch) in ("W", "F")
        width += 1.0 if wide else (0.32 if ch in " .,:;'|!il1" else 0.6)
    return width * size


@dataclass(frozen=True)
class Box:
    """An axis-aligned box on the page (mm, y down)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def intersects(self, other: Box) -> bool:
        """True when the boxes share area (touching edges do not count)."""
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def inside(self, other: Box) -> bool:
        """True when this box lies within ``other``."""
        return self.x0 >= other.x0 and self.y0 >= other.y0 and self.x1 <= other.x1 and self.y1 <= other.y1


@dataclass(frozen=True)
class Candidate:
    """One place a label may go: its box, where its text starts and an optional leader line."""

    box: Box
    x: float
    y: float
    anchor: str = "start"
    angle: float = 0.0
    leader: tuple[float, float, float, float] | None = None


class _Grid:
    """Placed boxes in a coarse grid, so a candidate is checked only against its neighbours."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[Box]] = {}

    def _keys(self, box: Box) -> list[tuple[int, int]]:
        c = self.cell
        return [(i, j) for i in range(int(box.x0 // c), int(box.x1 // c) + 1)
                for j in range(int(box.y0 // c), int(box.y1 // c) + 1)]

    def hits(self, box: Box) -> bool:
        return any(box.intersects(o) for k in self._keys(box) for o in self.cells.get(k, ()))

    def add(self, box: Box) -> None:
        for k in self._keys(box):
            self.cells.setdefault(k, []).append(box)

    def remove(self, box: Box) -> None:
        for k in self._keys(box):
            self.cells[k].remove(box)

    def hitting(self, box: Box) -> set[Box]:
        """The stored boxes ``box`` overlaps."""
        return {o for k in self._keys(box) for o in self.cells.get(k, ()) if box.intersects(o)}


def point_candidates(x: float, y: float, width: float, height: float, *, gap: float,
                     leader_gaps: Sequence[float] = ()) -> list[Candidate]:
    """
    Positions for a label of ``width`` x ``height`` beside the point (x, y).

    First the eight positions around the point at ``gap`` (right, left, above, below, then
    the corners: the order cartographers prefer), then the same eight at each of
    ``leader_gaps`` with a leader line back to the point.
    """
    out = []
    for d, leader in ((gap, False), *((g, True) for g in leader_gaps)):
        # (dx, dy) of the box's reference corner; text baseline sits at 80 % of the height.
        for ox, oy in ((d, -height / 2), (-d - width, -height / 2), (-width / 2, -d - height),
                       (-width / 2, d), (d * 0.7, -d * 0.7 - height), (d * 0.7, d * 0.7),
                       (-d * 0.7 - width, -d * 0.7 - height), (-d * 0.7 - width, d * 0.7)):
            box = Box(x + ox, y + oy, x + ox + width, y + oy + height)
            line = None
            if leader:
                cx = min(max(x, box.x0), box.x1)
                cy = min(max(y, box.y0), box.y1)
                line = (x, y, cx, cy)
            out.append(Candidate(box, (box.x0 + box.x1) / 2, box.y0 + height * 0.78, "middle", 0.0,
                                 line))
    return out


# Labels keep this far (mm) inside the map frame: a label's white halo and the font's ascent
# and descent reach past its box, and the frame's line is drawn over the map's edge.
FRAME_INSET_MM = 0.8


def inside_frame(box: Box, frame: Box, *, inset: float = FRAME_INSET_MM) -> bool:
    """True when ``box`` lies within ``frame`` shrunk by ``inset`` on every side: the hard bound."""
    return box.inside(Box(frame.x0 + inset, frame.y0 + inset, frame.x1 - inset, frame.y1 - inset))


def place_labels(requests: Sequence[Sequence[Candidate]], *, obstacles: Sequence[Box] = (),
                 frame: Box | None = None, frame_inset: float = FRAME_INSET_MM) -> list[Candidate | None]:
    """
    Label placement: greedy, then a repair pass that moves one placed label aside.

    Each label takes its first candidate that collides with nothing. A label left without room
    then tries each of its candidates blocked by exactly one placed label (and no obstacle):
    when that label has another free position, it moves there and the blocked label takes the
    room (one step of the local search cartographic placers use; it recovers most of what
    greedy order loses in dense clusters).

    Parameters
    ----------
    requests
        For each label, in priority order, its candidate positions in preference order.
    obstacles
        Boxes no label may cover (symbols, legend, scale bar).
    frame
        Labels must lie inside it, ``frame_inset`` (mm) clear of its edges
        (:func:`inside_frame`): a hard bound, never a preference.

    Returns
    -------
    placed
        The chosen candidate per label, None when none fitted (the label is dropped). The
        chosen boxes never intersect each other nor an obstacle.
    """
    sizes = [c.box.x1 - c.box.x0 for r in requests for c in r[:1]] or [1.0]
    grid = _Grid(max(4.0, float(np.median(sizes))))
    blockers = _Grid(grid.cell)
    for box in obstacles:
        blockers.add(box)
    usable = [[c for c in candidates if frame is None or inside_frame(c.box, frame, inset=frame_inset)]
              for candidates in requests]
    usable = [[c for c in candidates if not blockers.hits(c.box)] for candidates in usable]
    placed: list[Candidate | None] = []
    owner: dict[Box, int] = {}
    for i, candidates in enumerate(usable):
        chosen = next((c for c in candidates if not grid.hits(c.box)), None)
        if chosen is not None:
            grid.add(chosen.box)
            owner[chosen.box] = i
        placed.append(chosen)
    for i, candidates in enumerate(usable):
        if placed[i] is not None:
            continue
        for candidate in candidates:
            hit = grid.hitting(candidate.box)
            if len(hit) != 1:
                continue
            (old,) = hit
            j = owner[old]
            grid.remove(old)
            grid.add(candidate.box)
            moved = next((c for c in usable[j] if c.box != old and not grid.hits(c.box)), None)
            if moved is None:
                grid.remove(candidate.box)
                grid.add(old)
                continue
            del owner[old]
            grid.add(moved.box)
            owner[moved.box], owner[candidate.box] = j, i
            placed[j], placed[i] = moved, candidate
            break
    return placed


__all__ = ["FRAME_INSET_MM", "Box", "Candidate", "inside_frame", "place_labels", "point_candidates",
           "text_width"]
