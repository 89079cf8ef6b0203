"""The one template environment of every printed or single-file export (map, poster, booklet, card)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from learning_map.city.symbols import symbol_of

TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def environment() -> Environment:
    """
    Autoescaping Jinja environment over ``export/templates``.

    Data text reaches these templates only as escaped values or JSON, never as
    template source; ``mm`` prints a length in millimetres for print CSS; ``symbol_of`` gives a
    category's symbol (city/symbols.toml).
    """
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["mm"] = lambda value: f"{float(value):.2f}"
    # The one symbol system: a legend marks each symbol with its category and shape, so a
    # test reads from the rendered product which symbol each category got.
    env.globals["symbol_of"] = symbol_of
    return env
