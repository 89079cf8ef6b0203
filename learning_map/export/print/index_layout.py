"""
The poster's site index: type sizes, columns, and packing measured entries into pages.

Nothing is dropped: every entry goes into a column; when the entries do not fit on the
front at the smallest type allowed, the index moves to the back of the sheet (the PDF's
second page) and then onto a second sheet, with more columns before more pages. When even
that cannot hold it, :func:`choose_index_layout` returns None and the poster fails with one
sentence.

Minimum type sizes: a wall poster is read at arm's length (about 60-70 cm) and many of the
learning map's readers are elderly. 8 pt is the smallest size legibility guidance for print
for older readers accepts for reference text such as an index at reading distance (most ask
for 12 pt in running text); A1 hangs on a wall and is read from further away, so its index
is set at 10 pt or larger. Larger sizes are tried first.
"""

from __future__ import annotations

from dataclasses import dataclass

# Type sizes (pt, on the paper) tried in turn, largest first; the last is the minimum.
INDEX_TYPE_PT = {"A3": (10.0, 9.0, 8.0), "A1": (14.0, 12.0, 11.0, 10.0)}
INDEX_MIN_PT = {paper: sizes[-1] for paper, sizes in INDEX_TYPE_PT.items()}
# Column counts tried on the front (under the map) and on a page of its own.
FRONT_COLUMNS = {"A3": (4, 5), "A1": (5, 6, 7)}
PAGE_COLUMNS = {"A3": (4, 5, 6), "A1": (6, 7, 8)}
# Entries with a QR code each (a short index) are cards: fewer, wider columns.
CARD_COLUMNS = {"A3": (3, 4), "A1": (4, 5)}
# Pages of index after the front: the sheet's back, then a second sheet printed both sides.
INDEX_PAGES_MAX = 3
# Rounding between Chromium's layout and the sum of measured heights (mm).
FIT_TOLERANCE_MM = 0.3


@dataclass
class IndexLayout:
    """Where the index goes: its type size, columns, and the blocks of each column of each page."""

    type_pt: float
    columns: int
    on_front: bool
    pages: list[list[list[int]]]
    used_mm: float

    @property
    def back_pages(self) -> int:
        """Pages of index after the front."""
        return 0 if self.on_front else len(self.pages)


def pack_columns(heights: list[float], headings: list[bool], *, columns: int,
                 capacities_mm: list[float]) -> tuple[list[list[list[int]]], float] | None:
    """
    The blocks, in order, filled column by column into pages of ``columns`` columns.

    ``capacities_mm`` is each page's column height; a heading (``headings[i]``) stays with the
    block after it, and a column that starts inside a group repeats the group's heading (as
    ``-1 - i``, ``i`` the heading's block), so every column says what it lists. Returns the
    pages (columns of block indices) and the tallest column's height, or None when blocks
    remain after the last page.
    """
    pages: list[list[list[int]]] = []
    i, n, tallest = 0, len(heights), 0.0
    heading = -1
    for capacity in capacities_mm:
        page: list[list[int]] = []
        for _ in range(columns):
            column: list[int] = []
            used = 0.0
            if i < n and not headings[i] and heading >= 0:
                column.append(-1 - heading)
                used += heights[heading]
            while i < n:
                need = heights[i] + (heights[i + 1] if headings[i] and i + 1 < n else 0.0)
                if used + need > capacity - FIT_TOLERANCE_MM:
                    break
                if headings[i]:
                    heading = i
                column.append(i)
                used += heights[i]
                i += 1
            if column and column[-1] < 0:  # a repeated heading alone: nothing fitted under it
                return None
            page.append(column)
            tallest = max(tallest, used)
            if i >= n:
                break
        pages.append(page)
        if i >= n:
            return pages, tallest
    return None


def balanced(heights: list[float], headings: list[bool], *, columns: int, limit_mm: float
             ) -> tuple[list[list[list[int]]], float] | None:
    """
    The blocks on one page of ``columns`` columns no taller than needed (at most ``limit_mm``).

    The shortest column height that still holds every block, found by bisection, so the
    columns come out even and the map above them keeps the rest of the page.
    """
    packed = pack_columns(heights, headings, columns=columns, capacities_mm=[limit_mm])
    if packed is None:
        return None
    low, high = max(heights, default=0.0), limit_mm
    while high - low > 0.5:
        middle = (low + high) / 2
        if pack_columns(heights, headings, columns=columns, capacities_mm=[middle]) is None:
            low = middle
        else:
            high = middle
    return pack_columns(heights, headings, columns=columns, capacities_mm=[high])


def choose_index_layout(heights: dict[tuple[float, int], list[float]], headings: list[bool], *,
                        paper: str, front_mm: float, page_mm: float, cards: bool = False) -> IndexLayout | None:
    """
    The first layout that holds every block: on the front, else on 1..INDEX_PAGES_MAX pages.

    ``heights[(type_pt, columns)]`` are the blocks' measured heights at that size and column
    width. On the front the largest type that fits wins; on pages of their own, fewer pages
    first, then the largest type, then fewer columns. ``cards``: the columns of QR cards.
    """
    front_columns = CARD_COLUMNS[paper] if cards else FRONT_COLUMNS[paper]
    page_columns = CARD_COLUMNS[paper] if cards else PAGE_COLUMNS[paper]
    for type_pt in INDEX_TYPE_PT[paper]:
        fits = []
        for columns in front_columns:
            packed = balanced(heights[(type_pt, columns)], headings, columns=columns, limit_mm=front_mm)
            if packed:
                fits.append((packed[1], columns, packed[0]))
        if fits:
            # The column count that leaves the map the most room.
            used, columns, pages = min(fits, key=lambda fit: (fit[0], fit[1]))
            return IndexLayout(type_pt, columns, True, pages, used)
    for pages in range(1, INDEX_PAGES_MAX + 1):
        for type_pt in INDEX_TYPE_PT[paper]:
            for columns in page_columns:
                packed = pack_columns(heights[(type_pt, columns)], headings, columns=columns,
                                      capacities_mm=[page_mm] * pages)
                if packed:
                    return IndexLayout(type_pt, columns, False, packed[0], packed[1])
    return None


def layouts_to_measure(paper: str, *, cards: bool = False) -> list[tuple[float, int]]:
    """Every (type size, columns) pair :func:`choose_index_layout` may try."""
    columns = sorted(CARD_COLUMNS[paper] if cards else set(FRONT_COLUMNS[paper]) | set(PAGE_COLUMNS[paper]))
    return [(pt, c) for pt in INDEX_TYPE_PT[paper] for c in columns]


__all__ = ["CARD_COLUMNS", "FRONT_COLUMNS", "INDEX_MIN_PT", "INDEX_PAGES_MAX", "INDEX_TYPE_PT", "PAGE_COLUMNS",
           "IndexLayout", "balanced", "choose_index_layout", "layouts_to_measure", "pack_columns"]
