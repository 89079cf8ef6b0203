"""One place, one site: a multipolygon relation and its tagged outer way are one site."""

from __future__ import annotations

from learning_map.city.sites import read_osm_sites
from tests.hand_osm import HandOsm


def square(osm: HandOsm, x: float, y: float, size: float, tags: dict[str, str]) -> int:
    """A closed way round a square (metres), with ``tags``; returns its id."""
    corners = [osm.node(x, y), osm.node(x + size, y), osm.node(x + size, y + size), osm.node(x, y + size)]
    return osm.way([*corners, corners[0]], tags)


def test_a_relation_and_its_outer_way_are_one_site(tmp_path):
    osm = HandOsm()
    osm.way([osm.node(-50, -20), osm.node(2000, -20)], {"highway": "residential"})
    # A university of two campuses, each mapped as a tagged way, and the relation of both.
    main = square(osm, 0, 0, 300, {"amenity": "university", "name": "Tourism University Main Campus",
                                   "website": "https://example.org/main"})
    other = square(osm, 1000, 0, 100, {"amenity": "university", "name": "Tourism University Taipa Campus"})
    osm.relation([("way", main, "outer"), ("way", other, "outer")],
                 {"type": "multipolygon", "amenity": "university", "name": "Tourism University"})
    # A school whose building is tagged in a relation of another category: two sites.
    school = square(osm, 1500, 0, 100, {"amenity": "school", "name": "Village School"})
    osm.relation([("way", school, "outer")],
                 {"type": "multipolygon", "amenity": "college", "name": "Village College"})
    sites = read_osm_sites(osm.write(tmp_path / "campus.osm"))
    by_name = sites.set_index("name")
    # The main campus is the relation's place: one site, the relation's name and id, the way's website.
    assert "Tourism University Main Campus" not in by_name.index
    assert by_name.loc["Tourism University", "osm_id"].startswith("r")
    assert by_name.loc["Tourism University", "website"] == "https://example.org/main"
    # The other campus is another place; the school and the college differ in category.
    assert {"Tourism University Taipa Campus", "Village School", "Village College"} <= set(by_name.index)
    assert len(sites) == 4
