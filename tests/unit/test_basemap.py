"""The offline basemap archive, from a tiny hand-made OSM city whose every feature we placed."""

from __future__ import annotations

import gzip
import math
from typing import TYPE_CHECKING

import mapbox_vector_tile
import pytest
import shapely

from learning_map.bundle.basemap import (
    BasemapSource,
    archive_up_to_zoom,
    network_source,
    sea_polygons,
    write_basemap,
)
from learning_map.io.osm import read_osm

if TYPE_CHECKING:
    from pathlib import Path

# A small town by the sea: the coastline runs north along this meridian, so (OSM: land on
# the left) the land is to the west and the sea to the east.
COAST_LON = 113.556
PARK = (113.542, 22.192, 113.546, 22.196)
LAKE = (113.547, 22.185, 113.549, 22.187)
BUILDING = (113.5445, 22.1885, 113.5450, 22.1890)
PLACE = (113.545, 22.191)
BOUNDS = (113.540, 22.185, 113.552, 22.197)


def tiny_osm(path: Path) -> Path:
    nodes: list[str] = []
    ways: list[str] = []

    def node(lon: float, lat: float, tags: dict[str, str] | None = None) -> int:
        nid = len(nodes) + 1
        tag_xml = "".join(f'<tag k="{k}" v="{v}"/>' for k, v in (tags or {}).items())
        nodes.append(f'<node id="{nid}" lat="{lat:.6f}" lon="{lon:.6f}">{tag_xml}</node>')
        return nid

    def way(points: list[tuple[float, float]], tags: dict[str, str], *, closed: bool = False) -> None:
        refs = [node(lon, lat) for lon, lat in points]
        if closed:
            refs.append(refs[0])
        nd = "".join(f'<nd ref="{r}"/>' for r in refs)
        tag_xml = "".join(f'<tag k="{k}" v="{v}"/>' for k, v in tags.items())
        ways.append(f'<way id="{1000 + len(ways)}">{nd}{tag_xml}</way>')

    def square(box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
        w, s, e, n = box
        return [(w, s), (e, s), (e, n), (w, n)]

    way([(113.540, 22.190), (113.552, 22.190)],
        {"highway": "primary", "name": "新馬路 Avenida Teste", "name:zh": "新馬路",
         "name:en": "New Road", "name:pt": "Avenida Teste"})
    way([(113.5455, 22.185), (113.5455, 22.197)], {"highway": "residential", "name": "小街"})
    way([(113.547, 22.186), (113.547, 22.189)], {"highway": "footway"})
    way([(COAST_LON, 21.9), (COAST_LON, 22.5)], {"natural": "coastline"})
    way(square(PARK), {"leisure": "park", "name": "測試公園"}, closed=True)
    way(square(LAKE), {"natural": "water", "name": "南灣湖 Lago Nam Van", "name:zh": "南灣湖"}, closed=True)
    way(square(BUILDING), {"building": "yes"}, closed=True)
    node(*PLACE, {"place": "neighbourhood", "name": "望廈 Mong Há", "name:zh": "望廈",
                  "name:en": "Mong Ha", "name:pt": "Mong Há"})
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="test">\n'
                    + "\n".join(nodes + ways) + "\n</osm>\n", encoding="utf-8")
    return path


def tile_of(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    n = 2 ** zoom
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return int((lon + 180) / 360 * n), int(y)


def tile_units(lon: float, lat: float, zoom: int, tile: tuple[int, int]) -> tuple[float, float]:
    """
    Where a point falls in ``tile``, in tile units (0..4096, y down), held to the tile plus
    its 128-unit buffer, where features are cut.
    """
    n = 2 ** zoom
    x = (lon + 180) / 360 * n
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return (min(max((x - tile[0]) * 4096, -128), 4224),
            min(max((y - tile[1]) * 4096, -128), 4224))


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("basemap")
    extract = read_osm(tiny_osm(folder / "town.osm"), basemap=True)
    path = folder / "basemap.pmtiles"
    summary = write_basemap(path, BasemapSource(extract.basemap, extract.places), BOUNDS)
    assert summary["tiles"] > 0
    assert summary["bytes"] == path.stat().st_size
    return path


def layers_at(archive: Path, lon: float, lat: float, zoom: int) -> dict:
    from pmtiles.reader import MmapSource, Reader

    with open(archive, "rb") as handle:
        data = Reader(MmapSource(handle)).get(zoom, *tile_of(lon, lat, zoom))
    if data is None:
        return {}
    return mapbox_vector_tile.decode(gzip.decompress(data), default_options={"y_coord_down": True})


def features(tile: dict, layer: str, **props) -> list[dict]:
    return [f for f in tile.get(layer, {}).get("features", [])
            if all(f["properties"].get(k) == v for k, v in props.items())]


def test_street_zoom_has_parks_buildings_paths_and_named_streets(archive):
    tile = layers_at(archive, 113.544, 22.190, 15)
    park = features(tile, "landcover", kind="park")
    assert len(park) == 1
    assert park[0]["properties"]["name"] == "測試公園"
    # The park sits where we put it: its corners, in tile units, within a unit or two.
    xs, ys = zip(*park[0]["geometry"]["coordinates"][0], strict=True)
    here = tile_of(113.544, 22.190, 15)
    west, north = tile_units(PARK[0], PARK[3], 15, here)
    east, south = tile_units(PARK[2], PARK[1], 15, here)
    assert min(xs) == pytest.approx(west, abs=2)
    assert max(xs) == pytest.approx(east, abs=2)
    assert min(ys) == pytest.approx(north, abs=2)
    assert max(ys) == pytest.approx(south, abs=2)
    road = features(tile, "roads", kind="major")
    assert [r["properties"] for r in road] == [{
        "kind": "major", "name": "新馬路 Avenida Teste", "name:zh": "新馬路", "name:en": "New Road",
        "name:pt": "Avenida Teste", "name_zh_hans": "新马路", "name_zh_hant": "新馬路"}]
    assert features(tile, "roads", kind="minor", name="小街")
    assert features(tile, "roads", kind="path")
    assert len(features(tile, "buildings")) == 1
    label = features(tile, "places", kind="park")
    assert [p["properties"]["name"] for p in label] == ["測試公園"]
    point = shapely.geometry.shape(label[0]["geometry"])
    assert west < point.x < east  # inside the park
    assert north < point.y < south


def test_each_feature_starts_at_its_own_zoom(archive):
    z14 = layers_at(archive, 113.544, 22.190, 14)
    assert "buildings" not in z14  # buildings from z15
    assert not features(z14, "places", kind="park")  # park names from z15
    assert not features(z14, "roads", kind="path")  # footways from z15
    place = features(z14, "places", kind="neighbourhood")
    assert [p["properties"] for p in place] == [{
        "kind": "neighbourhood", "name": "望廈 Mong Há", "name:zh": "望廈", "name:en": "Mong Ha",
        "name:pt": "Mong Há", "name_zh_hans": "望厦", "name_zh_hant": "望廈"}]
    z13 = layers_at(archive, 113.544, 22.190, 13)
    assert "places" not in z13  # neighbourhoods from z14
    assert features(z13, "roads", kind="minor")  # residential streets from z13
    z12 = layers_at(archive, 113.544, 22.190, 12)
    assert not features(z12, "roads", kind="minor")
    assert features(z12, "roads", kind="major")  # main roads at every zoom
    assert features(z12, "landcover", kind="park")


def test_sea_lies_right_of_the_coastline_and_lakes_are_water(archive):
    sea_side = layers_at(archive, COAST_LON + 0.01, 22.19, 15)
    assert features(sea_side, "water", kind="sea")
    land_side = layers_at(archive, 113.544, 22.190, 15)
    assert not features(land_side, "water", kind="sea")
    lake = layers_at(archive, (LAKE[0] + LAKE[2]) / 2, (LAKE[1] + LAKE[3]) / 2, 15)
    assert features(lake, "water", kind="water")


@pytest.mark.parametrize(("north", "sea_area"), [(True, 60.0), (False, 40.0)])
def test_sea_polygons_follow_the_coastline_direction(north, sea_area):
    # A 10 x 10 box cut at x = 4: going north the water (right) is east, 6 x 10; going south, west.
    line = shapely.LineString([(4, -5), (4, 15)] if north else [(4, 15), (4, -5)])
    sea = sea_polygons([line], (0.0, 0.0, 10.0, 10.0))
    assert sum(p.area for p in sea) == pytest.approx(sea_area)
    assert sea_polygons([], (0.0, 0.0, 10.0, 10.0)) == []


def test_a_coastline_ending_at_a_land_border_still_parts_land_from_sea():
    # The extract stops 2 units short of each edge (a land border): the coast carries on north.
    sea = sea_polygons([shapely.LineString([(4, 2), (4, 5), (4, 8)])], (0.0, 0.0, 10.0, 10.0))
    assert sum(p.area for p in sea) == pytest.approx(60.0)


def test_the_single_file_map_keeps_zooms_up_to_its_cap(archive):
    from pmtiles.reader import MemorySource, Reader

    smaller = archive_up_to_zoom(archive, 13)
    reader = Reader(MemorySource(smaller))
    assert reader.header()["max_zoom"] == 13
    assert len(smaller) < archive.stat().st_size
    x, y = tile_of(113.544, 22.190, 13)
    with open(archive, "rb") as handle:
        from pmtiles.reader import MmapSource

        assert reader.get(13, x, y) == Reader(MmapSource(handle)).get(13, x, y)
    assert reader.get(14, *tile_of(113.544, 22.190, 14)) is None


def test_a_network_alone_still_gives_a_street_basemap(tmp_path):
    # A 5 x 5 grid of 100 m blocks near the equator (Web Mercator metres are metres there).
    from learning_map.walking.synthetic import grid_network

    network = grid_network(5, 5)
    path = tmp_path / "streets.pmtiles"
    write_basemap(path, network_source(network), network.bounds_lonlat())
    tile = layers_at(path, 0.002, 0.002, 15)
    streets = features(tile, "roads", kind="minor")
    assert len(streets) == 40  # every block side of the grid, all in this one tile
    assert "water" not in tile
    assert "places" not in tile


def test_a_named_lake_gets_a_label_point_inside_it(archive):
    """Water names: a named lake's label point in the places layer (kind ``water``), the point
    the printed maps and the web basemap set its name at."""
    zoom = 14
    tile = layers_at(archive, (LAKE[0] + LAKE[2]) / 2, (LAKE[1] + LAKE[3]) / 2, zoom)
    label = features(tile, "places", kind="water")
    assert [p["properties"]["name_zh_hans"] for p in label] == ["南湾湖"]
    assert label[0]["properties"]["name_zh_hant"] == "南灣湖"
    point = shapely.geometry.shape(label[0]["geometry"])
    tx = tile_of(LAKE[0], LAKE[3], zoom)
    west, north = tile_units(LAKE[0], LAKE[3], zoom, tx)
    east, south = tile_units(LAKE[2], LAKE[1], zoom, tx)
    assert west < point.x < east
    assert north < point.y < south
