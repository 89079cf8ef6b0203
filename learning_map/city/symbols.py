"""
The one symbol system, read once from ``symbols.toml``.

Each category's and subtype's shape, colour, outline and drawing order. Every product draws
its symbols from :func:`symbol_of`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

SHAPES = ("circle", "square", "diamond", "triangle", "hexagon", "pentagon", "star")


@dataclass(frozen=True)
class Symbol:
    """How a category (or subtype) is drawn: a shape, a fill colour, an outline colour, an order."""

    shape: str
    color: str
    outline: str
    order: int


@cache
def _table() -> dict[str, dict[str, Symbol]]:
    text = resources.files("learning_map.city").joinpath("symbols.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    table = {part: {key: Symbol(**value) for key, value in raw[part].items()}
             for part in ("category", "subtype")}
    table["fallback"] = {"": Symbol(**raw["fallback"])}
    return table


def category_symbols() -> dict[str, Symbol]:
    """Each category key's symbol, in drawing order."""
    return dict(sorted(_table()["category"].items(), key=lambda item: item[1].order))


def subtype_symbols() -> dict[str, Symbol]:
    """Each elderly-education subtype key's symbol, in drawing order."""
    return dict(sorted(_table()["subtype"].items(), key=lambda item: item[1].order))


def symbol_of(key: str | None, subtype: str | None = None) -> Symbol:
    """The symbol of a category key (or, given, of its subtype); unknown keys: a grey circle."""
    table = _table()
    if subtype and subtype in table["subtype"]:
        return table["subtype"][subtype]
    return table["category"].get(key or "", table["fallback"][""])


__all__ = ["SHAPES", "Symbol", "category_symbols", "subtype_symbols", "symbol_of"]
