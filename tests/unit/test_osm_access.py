"""
Who may walk a way: OSM's access rule for someone on foot, the same for every reader.

A hand grid: one open street and a short spur off it for each combination of tags; the
spurs kept are the walkable ones, read from ``.osm`` XML, from ``.osm.pbf`` (the numpy
reader) and through osmnx (the ``--place`` path).
"""

from __future__ import annotations

import osmium
import pytest

from learning_map.io.osm import read_osm
from tests.hand_osm import HandOsm

# (tags of a spur, walkable?)
CASES = [
    ({"highway": "footway"}, True),
    ({"highway": "residential", "access": "no"}, False),
    ({"highway": "residential", "access": "private"}, False),
    ({"highway": "service", "access": "private", "foot": "yes"}, True),  # a campus road
    ({"highway": "residential", "access": "no", "foot": "yes"}, True),
    ({"highway": "residential", "access": "no", "foot": "permissive"}, True),
    ({"highway": "residential", "access": "yes", "foot": "no"}, False),
    ({"highway": "residential", "foot": "no"}, False),
    ({"highway": "service", "access": "destination"}, True),
    ({"highway": "service", "access": "permissive"}, True),
    ({"highway": "footway", "foot": "designated"}, True),
    ({"highway": "service", "access": "customers"}, True),
    ({"highway": "service", "access": "delivery"}, False),
    ({"highway": "track", "access": "agricultural"}, False),
    ({"highway": "track", "access": "forestry"}, False),
    ({"highway": "track", "access": "agricultural;forestry"}, False),
    ({"highway": "track", "access": "no", "foot": "unknown"}, False),  # foot says nothing: access decides
    ({"highway": "residential", "foot": "use_sidepath"}, False),
    ({"highway": "cycleway"}, False),
    ({"highway": "cycleway", "foot": "yes"}, True),
    ({"highway": "cycleway", "foot": "designated"}, True),
    ({"highway": "cycleway", "access": "yes"}, False),  # only a foot tag opens a cycle track
    ({"highway": "motorway"}, False),
    ({"highway": "motorway_link", "access": "yes"}, False),
    ({"highway": "motorway", "foot": "yes"}, True),
    ({"highway": "construction", "foot": "yes"}, False),  # not a way on the ground yet
    ({"highway": "proposed"}, False),
    ({"highway": "primary", "sidewalk": "separate"}, False),  # walked along its own sidewalk
    ({"highway": "primary", "sidewalk": "both"}, True),
    ({"highway": "pedestrian", "area": "yes"}, False),
]


@pytest.fixture(scope="module")
def grid(tmp_path_factory) -> tuple:
    folder = tmp_path_factory.mktemp("access")
    osm = HandOsm()
    street = [osm.node(100.0 * i, 0) for i in range(len(CASES) + 1)]
    osm.way(street, {"highway": "residential", "name": "Open Street"})
    spurs = [osm.way([street[i], osm.node(100.0 * i, 60)], tags) for i, (tags, _) in enumerate(CASES)]
    xml = osm.write(folder / "grid.osm")
    pbf = folder / "grid.osm.pbf"
    with osmium.SimpleWriter(str(pbf)) as writer:
        for obj in osmium.FileProcessor(str(xml)):
            writer.add(obj)
    return xml, pbf, spurs


def expected(spurs: list[int]) -> dict[int, bool]:
    return {way: walkable for way, (_, walkable) in zip(spurs, CASES, strict=True)}


@pytest.mark.parametrize("kind", ["xml", "pbf"])
def test_each_combination_of_tags_on_a_hand_grid(grid, kind):
    xml, pbf, spurs = grid
    kept = set(read_osm(xml if kind == "xml" else pbf).ways.tags.index)
    assert {way: way in kept for way in spurs} == expected(spurs)


def test_place_downloads_follow_the_same_rule(grid, monkeypatch):
    """``--place``: osmnx fetches every highway on the ground, then the extracts' rule applies."""
    import osmnx as ox

    from learning_map.build import download

    xml, _, spurs = grid

    def from_place(place, **kwargs):  # osmnx as if downloaded: the hand grid, unfiltered
        assert kwargs["custom_filter"] == download.PLACE_WAY_FILTER
        assert kwargs["simplify"] is False
        return ox.graph_from_xml(xml, simplify=False, retain_all=True)

    monkeypatch.setattr(ox, "graph_from_place", from_place)
    monkeypatch.setattr(ox, "features_from_place",
                        lambda place, tags: ox.features_from_xml(xml, tags={"highway": "footway"}))
    network, _ = download.download_place("Hand Grid")
    # The spurs' far ends (their own OSM nodes) are in the network exactly where walkable.
    with download.way_tags():
        G = download.walkable_graph(ox.graph_from_xml(xml, simplify=False, retain_all=True))
    kept = set()
    for *_, osmid in G.edges(data="osmid"):  # simplified edges list every way they join
        kept |= set(osmid) if isinstance(osmid, list) else {osmid}
    assert {way: way in kept for way in spurs} == expected(spurs)
    ends = set(network.node_osmid.tolist())
    open_ends = set(range(len(CASES) + 2, 2 * len(CASES) + 2))
    assert len(ends & open_ends) == sum(walkable for _, walkable in CASES)
