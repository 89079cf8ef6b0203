"""
The one symbol system (learning_map/city/symbols.toml) reaches the front end unchanged: the
build's src/symbols.js holds exactly what Python reads from the file, every category and
subtype, and the categories' shapes differ (a greyscale print tells them apart by shape alone).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import asdict
from pathlib import Path

from learning_map.city.categories import CATEGORIES
from learning_map.city.symbols import SHAPES, category_symbols, subtype_symbols, symbol_of

REPO = Path(__file__).resolve().parents[2]
SYMBOLS_JS = REPO / "learning_map" / "web" / "frontend" / "src" / "symbols.js"
SYMBOLS_TOML = REPO / "learning_map" / "city" / "symbols.toml"


def front_end_symbols() -> dict:
    text = SYMBOLS_JS.read_text(encoding="utf-8")
    return json.loads(re.search(r"export const SYMBOLS = (\{.*\});\s*$", text, flags=re.S).group(1))


def test_front_end_symbols_are_the_toml_file():
    js = front_end_symbols()
    assert js["category"] == {k: asdict(v) for k, v in category_symbols().items()}
    assert js["subtype"] == {k: asdict(v) for k, v in subtype_symbols().items()}
    assert js["fallback"] == asdict(symbol_of("no such category"))
    # In drawing order, as the Python side gives them.
    assert list(js["category"]) == list(category_symbols())
    assert tomllib.loads(SYMBOLS_TOML.read_text(encoding="utf-8"))["category"] == js["category"]


def test_every_category_has_a_symbol_of_its_own_shape():
    symbols = category_symbols()
    assert set(CATEGORIES) <= set(symbols)
    shapes = [symbols[key].shape for key in CATEGORIES]
    assert len(set(shapes)) == len(shapes) == 7  # greyscale: the shape alone tells them apart
    colours = [symbols[key].color for key in CATEGORIES]
    assert len(set(colours)) == len(colours)
    assert all(s.shape in SHAPES for s in [*symbols.values(), *subtype_symbols().values()])
    assert [CATEGORIES[key].color for key in CATEGORIES] == colours


def test_subtypes_are_apart_by_shape():
    shapes = [s.shape for s in subtype_symbols().values()]
    assert len(set(shapes)) == len(shapes)


def test_printed_map_markers_take_shape_colour_and_outline_from_the_symbol_system():
    import geopandas as gpd
    import shapely

    from learning_map.bundle.tiles import Basemap
    from learning_map.export.print.labels import Box
    from learning_map.export.print.maps import draw_map
    from learning_map.export.print.svg import Frame

    keys = list(category_symbols())
    sites = gpd.GeoDataFrame({"category": keys, "number": range(1, len(keys) + 1), "name": keys},
                             geometry=[shapely.Point(100 + 250 * i, 500) for i in range(len(keys))], crs=3857)
    frame = Frame.fit(Box(0, 0, 200, 100), (0, 0, 2000, 1000))
    layers = draw_map(frame, Basemap(), sites=sites, units=None, unit_field=None, coverage=None, k=1.0)
    drawn = {s["category"]: (s["shape"], s["color"], s["outline"]) for s in layers.symbols}
    assert drawn == {key: (sym.shape, sym.color, sym.outline) for key, sym in category_symbols().items()}
