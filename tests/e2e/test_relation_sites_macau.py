"""One place, one site on Macau: a university relation and its tagged main campus are one site."""

from __future__ import annotations

from learning_map.city.sites import read_osm_sites


def test_universities_mapped_as_relation_and_campus_way_are_one_site(macau_pbf):
    names = set(read_osm_sites(macau_pbf)["name"])
    # Before, each was a second site at the relation's point (澳門旅遊大學: both 640.9 m away).
    assert "澳門旅遊大學 Universidade de Turismo de Macau" in names
    assert "澳門旅遊大學望廈校區 Universidade de Turismo de Macau Campus de Mong-Há" not in names
    assert "澳門理工大學 Universidade Politécnica de Macau" in names
    assert "澳門理工大學澳門主校部 Universidade Politécnica de Macau Sede em Macau" not in names
    # A campus elsewhere is another place: still a site.
    assert "澳門旅遊大學氹仔校區 Universidade de Turismo de Macau Campus de Taipa" in names
