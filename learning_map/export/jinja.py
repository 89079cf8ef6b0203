"""The one template environment of every printed or single-file export (map, poster, booklet, card)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def environment() -> Environment:
    """
    Autoescaping Jinja environment over ``export/templates``.

    Data text reaches these templates only as escaped values or JSON, never as
    template source; ``mm`` prints a length in millimetres for print CSS.
    """
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["mm"] = lambda value: f"{float(value):.2f}"
    return env
