"""
A generated city of named places, with decoys and known answers, for the name match (issue 22).

:func:`generate` writes an OSM XML file of 8 square districts (4 km each) holding the true
places (libraries, community schools, schools, culture centres...), background names (shops,
towers, estates) and decoys, and the office's list of those places written the way offices
write them (district prefixes, traditional script, full-width digits, 社区学院 for 社区学校,
(总馆)...), each row with the OSM node it should be placed at (or none: a row that must go
to hand placement). The decoys:

- ``same-name``: a place of the same name in another district (the row gives its district);
- ``same-name-no-district``: the same, but the row names no district (ambiguous: by hand);
- ``near-name``: a place whose name differs by one character in the same district;
- ``missing``: the row's place is not in OSM, but a near-identical name is (by hand);
- ``closed``: a closed place of the same name 300 m away (``disused:amenity`` on a building
  that kept its name, or ``opening_hours=closed``) and the new one;
- ``node+building``: the place mapped twice (a node and its building, 20 m apart).

Everything comes from one :class:`random.Random` seed, so the answers are fixed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import geopandas as gpd
import shapely

from learning_map.city.naming import to_traditional
from tests.hand_osm import HandOsm, lonlat

if TYPE_CHECKING:
    from pathlib import Path

SEED = 22
DISTRICT_M = 4000.0
DISTRICT_NAMES = ("东湖区", "西山区", "南港区", "北塘区", "青松区", "金桥区", "白沙区", "临江区")
_CHARS = "安平和兴华康宁福泰顺新丰盛德昌永明光荣恒嘉瑞祥云海山林春秋凤龙桂梅兰竹松柏清源"
_NUMERALS = "一二三四五六七八九"
_FULL_WIDTH = "１２３４５６７８９"
# Kinds of true places: (name ending, OSM tags).
_KINDS = (
    ("图书馆", {"amenity": "library"}),
    ("社区学校", {"amenity": "school"}),
    ("街道社区学校", {"amenity": "school"}),
    ("文化活动中心", {"amenity": "community_centre"}),
    ("老年大学", {"amenity": "college"}),
    ("中学", {"amenity": "school"}),
    ("幼儿园", {"amenity": "kindergarten"}),
    ("养老院", {"amenity": "social_facility"}),
)
_BACKGROUND = ("超市", "大厦", "小区", "花园", "酒店", "银行", "药房", "公寓")


@dataclass
class NameCity:
    """The generated city: its OSM file, districts, and the office's rows with their answers."""

    osm_path: Path
    districts: gpd.GeoDataFrame
    rows: list[dict[str, str]] = field(default_factory=list)
    # Per row: the WGS84 point it belongs at, or None when it must go to hand placement.
    answers: list[tuple[float, float] | None] = field(default_factory=list)
    # Per row: the decoy it faces (``""`` for none).
    decoys: list[str] = field(default_factory=list)


def _district_box(k: int) -> tuple[float, float]:
    """South-west corner (m) of district ``k``: 4 across, 2 up."""
    return (k % 4) * DISTRICT_M, (k // 4) * DISTRICT_M


def _spot(rng: random.Random, k: int) -> tuple[float, float]:
    """A random spot well inside district ``k`` (600 m from its edges)."""
    x0, y0 = _district_box(k)
    return x0 + rng.uniform(600, DISTRICT_M - 600), y0 + rng.uniform(600, DISTRICT_M - 600)


def _office_writing(rng: random.Random, name: str, district: str) -> str:
    """The name as an office's list writes it: a prefix, a script, digits or a variant."""
    style = rng.randrange(8)
    if style == 1:
        name = "上海市" + district + name
    elif style == 2:
        name = district + name
    elif style == 3:
        name = to_traditional(name)
    elif style == 4:
        for numeral, digit in zip(_NUMERALS, _FULL_WIDTH, strict=True):
            name = name.replace(f"第{numeral}", f"第{digit}")
    elif style == 5:
        name = name.replace("社区学校", "社区学院").replace("街道社区", "社区")
    elif style == 6 and name.endswith("图书馆"):
        name += "（总馆）"
    elif style == 7:
        name = to_traditional("上海市" + district + name)
    return name


def _near(rng: random.Random, name: str, used: set[str]) -> str:
    """A new name (not in ``used``, then added) differing from ``name`` by one character of its place part."""
    while True:
        k = rng.randrange(2)
        near = name[:k] + rng.choice([c for c in _CHARS if c != name[k]]) + name[k + 1:]
        if near not in used and near[0] != near[1]:
            used.add(near)
            return near


def generate(folder: Path, *, places: int = 540, background: int = 3000, seed: int = SEED) -> NameCity:
    """
    Write the city to ``folder`` and return it with the office's rows and answers.

    Parameters
    ----------
    folder
        Where ``city.osm`` goes.
    places
        True places (each with one row).
    background
        Other named features (shops, towers, estates).
    seed
        The random seed (fixed: the answers never change).
    """
    rng = random.Random(seed)
    osm = HandOsm()
    used: set[str] = set()

    def fresh(ending: str, numbered: bool) -> str:
        while True:
            stem = rng.choice(_CHARS) + rng.choice(_CHARS)
            name = stem + (f"第{rng.choice(_NUMERALS)}" if numbered else "") + ending
            if name not in used and stem[0] != stem[1]:
                used.add(name)
                return name

    def put(x: float, y: float, name: str, tags: dict[str, str]) -> tuple[float, float]:
        osm.node(x, y, name=name, **tags)
        return lonlat(x, y)

    def building(x: float, y: float, name: str, tags: dict[str, str]) -> tuple[float, float]:
        refs = [osm.node(x + dx, y + dy) for dx, dy in ((-15, -15), (15, -15), (15, 15), (-15, 15))]
        osm.way([*refs, refs[0]], {"building": "yes", "name": name, **tags})
        return lonlat(x, y)

    # A street through the city, so the extract is walkable.
    osm.line([(0, 10), (4 * DISTRICT_M, 10)], {"highway": "footway"})
    decoy_plan = (["same-name"] * 60 + ["same-name-no-district"] * 15 + ["near-name"] * 60
                  + ["missing"] * 30 + ["closed"] * 40 + ["node+building"] * 40)
    decoy_plan += [""] * (places - len(decoy_plan))
    rng.shuffle(decoy_plan)
    city = NameCity(osm_path=folder / "city.osm", districts=gpd.GeoDataFrame())
    for decoy in decoy_plan:
        ending, tags = rng.choice(_KINDS)
        name = fresh(ending, numbered=ending == "中学")
        k = rng.randrange(len(DISTRICT_NAMES))
        district = DISTRICT_NAMES[k]
        x, y = _spot(rng, k)
        answer: tuple[float, float] | None = None
        if decoy == "missing":
            near = _near(rng, name, used)
            put(x, y, near, tags)
        elif decoy == "node+building":
            answer = put(x, y, name, tags)
            building(x + 20, y, name, {})
        elif decoy == "closed":
            if rng.random() < 0.5:
                building(x + 300, y, name, {"disused:amenity": tags["amenity"]})
            else:
                put(x + 300, y, name, {**tags, "opening_hours": "closed"})
            answer = put(x, y, name, tags)
        else:
            answer = put(x, y, name, tags)
            if decoy in ("same-name", "same-name-no-district"):
                other = (k + rng.randrange(1, len(DISTRICT_NAMES))) % len(DISTRICT_NAMES)
                put(*_spot(rng, other), name, tags)
            elif decoy == "near-name":
                near = _near(rng, name, used)
                put(x + rng.uniform(-800, 800), y + rng.uniform(-800, 800), near, tags)
        row_district = "" if decoy == "same-name-no-district" else district
        if decoy == "same-name-no-district":
            answer = None  # two places of one name, and the row says not which: by hand
        written = _office_writing(rng, name, district) if row_district else name
        city.rows.append({"name": written, "district": row_district, "address": ""})
        city.answers.append(answer)
        city.decoys.append(decoy)
    for _ in range(background):
        k = rng.randrange(len(DISTRICT_NAMES))
        x, y = _spot(rng, k)
        stem = rng.choice(_CHARS) + rng.choice(_CHARS)
        put(x, y, stem + rng.choice(_BACKGROUND), {"shop": "yes"})
    osm.write(city.osm_path)
    boxes = []
    for k in range(len(DISTRICT_NAMES)):
        x0, y0 = _district_box(k)
        corners = [lonlat(x0 + dx, y0 + dy) for dx, dy in
                   ((0, 0), (DISTRICT_M, 0), (DISTRICT_M, DISTRICT_M), (0, DISTRICT_M))]
        boxes.append(shapely.Polygon(corners))
    city.districts = gpd.GeoDataFrame({"district": list(DISTRICT_NAMES)}, geometry=boxes, crs="EPSG:4326")
    return city
