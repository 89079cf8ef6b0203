"""The numpy PBF reader of walkable ways (learning_map.io.pbf) and the generated street grid."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import osmium
import pandas as pd
import pytest
import shapely

from learning_map.errors import InputFileError
from learning_map.io.osm import WAY_TAG_KEYS, read_osm
from learning_map.io.osm_pass import WayList
from learning_map.io.pbf import decode_varints, read_highways
from learning_map.walking.network import build_network
from learning_map.walking.synthetic import street_grid_osm
from tests.conftest import MACAU_PBF

if TYPE_CHECKING:
    from pathlib import Path

DEMO_PBF = MACAU_PBF


@pytest.fixture(scope="module")
def grid_pbf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    path = tmp_path_factory.mktemp("grid") / "grid.osm.pbf"
    return path, street_grid_osm(path, junctions=2_500, sites=70, seed=3)


def test_varints_decode_as_protobuf_writes_them() -> None:
    # 1 -> 01, 300 -> ac 02, 2**35 -> 80 80 80 80 80 01 (protobuf encoding guide).
    assert decode_varints(bytes([0x01, 0xAC, 0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]),
                    signed=False).tolist() == [1, 300, 2**35]
    # zigzag: 0 -> 0, -1 -> 1, 1 -> 2, -2 -> 3, 2147483647 -> 4294967294 (fe ff ff ff 0f).
    assert decode_varints(bytes([0x00, 0x01, 0x02, 0x03, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F]),
                    signed=True).tolist() == [0, -1, 1, -2, 2147483647]
    assert decode_varints(b"", signed=True).tolist() == []


def _pyosmium_ways(path: Path) -> WayList:
    """What read_osm did before: pyosmium's location cache and a Python loop per node ref."""
    ways = WayList()
    for obj in (osmium.FileProcessor(str(path), osmium.osm.ALL).with_locations()
                .with_filter(osmium.filter.KeyFilter("highway"))):
        if obj.is_way() and "highway" in obj.tags:
            ways.add(obj)
    return ways


def test_reader_matches_pyosmium_on_the_demo_extract() -> None:
    if not DEMO_PBF.exists():
        pytest.skip("the demo extract data/macau is missing")
    fast = read_highways(DEMO_PBF, tag_keys=WAY_TAG_KEYS)
    slow = _pyosmium_ways(DEMO_PBF)
    assert fast.complete
    assert len(fast.node_ref) > 80_000
    np.testing.assert_array_equal(fast.node_ref, slow.refs)
    # Same fixed-point coordinates as libosmium, so bit-identical floats (NaN where missing).
    np.testing.assert_array_equal(fast.lon, slow.lons)
    np.testing.assert_array_equal(fast.lat, slow.lats)
    np.testing.assert_array_equal(fast.way_start, slow.starts)
    np.testing.assert_array_equal(fast.way_id, slow.way_ids)
    expected = pd.DataFrame(slow.tag_rows, columns=list(WAY_TAG_KEYS))
    expected.index = pd.Index(slow.way_ids, name="osm_way_id")
    pd.testing.assert_frame_equal(fast.tags, expected)


def test_clip_holds_only_nodes_around_it(grid_pbf: tuple[Path, dict]) -> None:
    path, counts = grid_pbf
    west, south, east, north = counts["bbox"]
    quarter = shapely.box(west, south, (west + east) / 2, (south + north) / 2)
    whole = read_highways(path, tag_keys=WAY_TAG_KEYS)
    part = read_highways(path, tag_keys=WAY_TAG_KEYS, clip=quarter, margin_deg=0.001)
    assert len(whole.locations[0]) == counts["nodes"]  # every node of the file
    # About a quarter of the nodes (plus the margin), not the file's.
    assert len(part.locations[0]) < 0.35 * counts["nodes"]
    assert 0 < len(part.way_id) < 0.4 * len(whole.way_id)
    inside = np.zeros(len(part.node_ref), dtype=bool)
    located = np.isfinite(part.lon)
    inside[located] = shapely.contains_xy(quarter, part.lon[located], part.lat[located])
    assert (np.add.reduceat(inside.astype(int), part.way_start) > 0).all()
    # Exactly the ways with a node inside, as clipping after a whole read finds them.
    lon_ok = np.isfinite(whole.lon)
    hit = np.zeros(len(whole.node_ref), dtype=bool)
    hit[lon_ok] = shapely.contains_xy(quarter, whole.lon[lon_ok], whole.lat[lon_ok])
    expected = whole.way_id[np.add.reduceat(hit.astype(int), whole.way_start) > 0]
    np.testing.assert_array_equal(part.way_id, expected)


def test_read_osm_clip_features_use_only_the_clip_nodes(grid_pbf: tuple[Path, dict]) -> None:
    path, counts = grid_pbf
    west, south, east, north = counts["bbox"]
    half = shapely.box(west, south, (west + east) / 2, north)
    whole = read_osm(path)
    part = read_osm(path, clip=half)
    points = whole.amenities.geometry.to_numpy()
    expected = sorted(whole.amenities["osm_id"][shapely.intersects(points, half)])
    assert 0 < len(expected) < len(whole.amenities)
    assert sorted(part.amenities["osm_id"]) == expected


def test_unsorted_file_falls_back_to_pyosmium(tmp_path: Path) -> None:
    # Ways before nodes: the streaming reader cannot locate them, says so, and read_osm
    # reads the file as it always did (pyosmium cannot locate them either).
    path = tmp_path / "unsorted.osm.pbf"
    with osmium.SimpleWriter(str(path)) as writer:
        writer.add_way(osmium.osm.mutable.Way(id=1, nodes=[1, 2, 3], tags={"highway": "footway"}))
        for i, (lon, lat) in enumerate([(113.5, 22.1), (113.501, 22.1), (113.502, 22.1)]):
            writer.add_node(osmium.osm.mutable.Node(id=i + 1, location=(lon, lat)))
    assert not read_highways(path, tag_keys=WAY_TAG_KEYS).complete
    ways = read_osm(path).ways
    assert ways.node_ref.tolist() == [1, 2, 3]
    assert ways.tags["highway"].tolist() == ["footway"]


def test_truncated_pbf_is_one_sentence_in_the_cli_language(tmp_path: Path) -> None:
    if not DEMO_PBF.exists():
        pytest.skip("the demo extract data/macau is missing")
    path = tmp_path / "cut.osm.pbf"
    path.write_bytes(DEMO_PBF.read_bytes()[:200_000])
    with pytest.raises(InputFileError, match=r"无法将 cut\.osm\.pbf 读取为 OSM 数据"):
        read_highways(path, tag_keys=WAY_TAG_KEYS)


def test_generated_grid_looks_like_a_city(grid_pbf: tuple[Path, dict]) -> None:
    path, counts = grid_pbf
    network = build_network(read_osm(path).ways)
    degree = np.bincount(np.concatenate((network.edge_u, network.edge_v)), minlength=network.node_count)
    shares = np.bincount(degree, minlength=6) / network.node_count
    # Dead ends, T-junctions and crossings all present, crossings the most common.
    assert shares[1] > 0.03
    assert shares[3] > 0.1
    assert shares[4] > 0.4
    assert network.edge_has_steps.any()
    assert 0.8 * 2_500 < network.node_count < 1.3 * 2_500
    assert counts["sites"] == 70
    tags = read_osm(path).amenities["tags"]
    assert {t["amenity"] for t in tags} == {"community_centre", "social_facility", "library",
                                            "arts_centre", "school", "college", "university"}


def test_read_osm_fast_path_equals_the_pyosmium_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # Everything read_osm returns, street lines of the basemap included (same rows, same
    # order, so the same tiles), is what the all-pyosmium reading gave.
    if not DEMO_PBF.exists():
        pytest.skip("the demo extract data/macau is missing")
    import learning_map.io.osm as osm

    options = {"buildings": True, "addresses": True, "basemap": True, "stops": True}
    fast = read_osm(DEMO_PBF, **options)
    monkeypatch.setattr(osm, "_read_highways_fast", lambda *a, **k: None)
    slow = read_osm(DEMO_PBF, **options)
    np.testing.assert_array_equal(fast.ways.node_ref, slow.ways.node_ref)
    np.testing.assert_array_equal(fast.ways.lon, slow.ways.lon)
    pd.testing.assert_frame_equal(fast.ways.tags, slow.ways.tags)
    for key in ("amenities", "places", "buildings", "addresses", "landuse", "basemap", "stops"):
        a, b = getattr(fast, key), getattr(slow, key)
        if key == "basemap":
            # Streets come from the numpy reader: the same rows, the streets in the same order
            # and the rest in the same order (an area batch may sit among other streets; they
            # are drawn in other layers).
            assert len(a) == len(b)
            street_a = a["tags"].map(lambda t: "highway" in t).to_numpy()
            street_b = b["tags"].map(lambda t: "highway" in t).to_numpy()
            assert street_a.sum() > 10_000
            _assert_same_rows(a[street_a], b[street_b], key)
            _assert_same_rows(a[~street_a], b[~street_b], key)
        else:
            _assert_same_rows(a, b, key)


def _assert_same_rows(a: pd.DataFrame, b: pd.DataFrame, key: str) -> None:
    assert list(zip(a["osm_type"], a["osm_id"], strict=True)) == list(
        zip(b["osm_type"], b["osm_id"], strict=True)), key
    assert a["tags"].tolist() == b["tags"].tolist(), key
    assert shapely.equals(a.geometry.to_numpy(), b.geometry.to_numpy()).all(), key
