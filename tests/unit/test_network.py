"""OSM ways -> walk network: the walk filter, splitting at junctions, islands, storage."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from learning_map.errors import EmptyExtractError, InputFileError
from learning_map.io.osm import WAY_TAG_KEYS, WayTable, check_osm_path, walk_filter_mask
from learning_map.walking.network import build_network, load_network, save_network

LON0, LAT0 = 113.55, 22.19  # Macau; 1e-3 deg of lon ~ 103 m here


def ways_table(ways: list[tuple[list[int], dict]], coords: dict[int, tuple[float, float]]) -> WayTable:
    refs, starts, tags = [], [], []
    for nodes, way_tags in ways:
        starts.append(len(refs))
        refs.extend(nodes)
        tags.append(way_tags)
    lon = np.array([coords[r][0] if coords[r] else np.nan for r in refs])
    lat = np.array([coords[r][1] if coords[r] else np.nan for r in refs])
    return WayTable(np.array(refs), lon, lat, np.array(starts), pd.DataFrame(tags, columns=list(WAY_TAG_KEYS)))


def test_walk_filter_follows_osmnx_walk_rules():
    tags = pd.DataFrame(
        [
            {"highway": "footway"},
            {"highway": "residential"},
            {"highway": "steps"},
            {"highway": "pedestrian", "area": "yes"},
            {"highway": "motorway"},
            {"highway": "motorway_link"},
            {"highway": "cycleway"},
            {"highway": "residential", "foot": "no"},
            {"highway": "service", "access": "private"},
            {"highway": "service", "service": "private"},
            {"highway": "primary", "sidewalk": "separate"},
            {"highway": "construction"},
            {"highway": "primary", "sidewalk": "both"},
            {"highway": "track", "foot": "yes"},
        ],
        columns=list(WAY_TAG_KEYS),
    )
    keep = walk_filter_mask(tags)
    assert keep.tolist() == [True, True, True, False, False, False, False, False, False, False,
                             False, False, True, True]


def test_ways_split_at_shared_nodes_and_keep_geometry():
    coords = {i: (LON0 + i * 1e-3, LAT0) for i in range(5)}
    coords[10] = (LON0 + 2e-3, LAT0 + 1e-3)
    ways = [([0, 1, 2, 3, 4], {"highway": "residential", "name": "新馬路"}),
            ([2, 10], {"highway": "footway"})]
    net = build_network(ways_table(ways, coords), min_component_length_m=0)
    # Node 2 is shared, so way 1 splits into 0-2 and 2-4 (nodes 1 and 3 stay in the geometry).
    assert net.edge_count == 3
    assert sorted(net.node_osmid.tolist()) == [0, 2, 4, 10]
    assert sorted(np.diff(net.edge_offsets).tolist()) == [2, 3, 3]
    assert net.edge_length_m.sum() == pytest.approx(4 * 103 + 111, rel=0.02)
    assert "新馬路" in net.edge_name.tolist()
    assert net.crs == "EPSG:32649"


def test_missing_node_location_breaks_the_way_instead_of_bridging():
    coords = {0: (LON0, LAT0), 1: (LON0 + 1e-3, LAT0), 2: None, 3: (LON0 + 3e-3, LAT0),
              4: (LON0 + 4e-3, LAT0)}
    net = build_network(ways_table([([0, 1, 2, 3, 4], {"highway": "footway"})], coords),
                        min_component_length_m=0)
    assert net.edge_count == 2
    assert net.edge_length_m.max() < 110  # no straight jump across the missing node


def test_short_islands_are_dropped_and_long_ones_kept_whatever_their_nodes():
    # A 1.1 km street of 12 junctions, a 103 m stub (2 nodes) and a 1 km trail whose
    # 11 OSM nodes simplify to its 2 ends: length decides, not the simplified node count.
    coords = {i: (LON0 + i * 1e-3, LAT0) for i in range(12)}
    coords |= {100: (LON0, LAT0 + 0.01), 101: (LON0 + 1e-3, LAT0 + 0.01)}
    coords |= {200 + i: (LON0 + i * 1e-3, LAT0 + 0.02) for i in range(11)}
    ways = [(list(range(12)), {"highway": "footway"})] + [
        ([i, i + 1], {"highway": "footway"}) for i in range(0, 11)
    ] + [([100, 101], {"highway": "footway"}), (list(range(200, 211)), {"highway": "path"})]
    net = build_network(ways_table(ways, coords), min_component_length_m=200)
    assert 100 not in net.node_osmid
    assert {200, 210} <= set(net.node_osmid.tolist())
    assert net.node_count == 14


def test_network_round_trips_through_npz(tmp_path):
    coords = {i: (LON0 + i * 1e-3, LAT0 + (i % 2) * 1e-3) for i in range(4)}
    net = build_network(ways_table([([0, 1, 2, 3], {"highway": "footway"})], coords),
                        min_component_length_m=0)
    save_network(net, tmp_path / "network.npz")
    again = load_network(tmp_path / "network.npz")
    assert again.crs == net.crs
    np.testing.assert_array_equal(again.edge_coords, net.edge_coords)
    np.testing.assert_array_equal(again.edge_u, net.edge_u)


def test_extract_without_walkable_ways_is_a_clear_error():
    table = ways_table([([0, 1], {"highway": "motorway"})], {0: (LON0, LAT0), 1: (LON0 + 1e-3, LAT0)})
    with pytest.raises(EmptyExtractError, match="no node locations"):
        build_network(WayTable(table.node_ref[:0], table.lon[:0], table.lat[:0],
                               table.way_start[:0], table.tags[:0]))


def test_osm_path_checks(tmp_path):
    with pytest.raises(InputFileError, match="not found"):
        check_osm_path(tmp_path / "missing.osm.pbf")
    (tmp_path / "zones.csv").write_text("a,b\n")
    with pytest.raises(InputFileError, match="not an OSM extract"):
        check_osm_path(tmp_path / "zones.csv")
