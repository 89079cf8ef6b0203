"""Paper sizes of the printed maps and the check of a paper name."""

from __future__ import annotations

from learning_map.errors import LearningMapError, check_choice

# Paper sizes (portrait, mm).
PAPER_MM = {"A3": (297.0, 420.0), "A1": (594.0, 841.0), "A4": (210.0, 297.0)}
POSTER_PAPERS = ("A3", "A1")
# Everything on the poster scales with the paper: A1 is A3 drawn twice as large.
PAPER_SCALE = {"A3": 1.0, "A1": 2.0, "A4": 0.85}


class ContentFitError(LearningMapError, ValueError):
    """A printed product cannot hold its content: the export stops rather than drop any of it."""


def check_paper(paper: str) -> str:
    """The paper name in upper case, or a bilingual error."""
    name = str(paper).upper()
    check_choice("paper", name, POSTER_PAPERS, message_id="paper.unknown")
    return name


__all__ = ["PAPER_MM", "PAPER_SCALE", "POSTER_PAPERS", "ContentFitError", "check_paper"]
