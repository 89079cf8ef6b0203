"""The --place path (osmnx download) without network: graph conversion and clear errors."""

from __future__ import annotations

import numpy as np
import pytest

from learning_map.build.download import download_place, network_from_graph
from learning_map.build.pipeline import build_from_files
from learning_map.errors import PlaceNotFoundError
from tests.conftest import SHARED_DATA, need_shared

YANGPU = SHARED_DATA / "shanghai" / "yangpu_tongji_siping.osm"


def test_osmnx_graph_converts_to_a_walk_network():
    """The same conversion a --place download uses, fed by osmnx from a real .osm file."""
    need_shared(YANGPU)
    import osmnx as ox

    G = ox.graph_from_xml(YANGPU, simplify=True, retain_all=True)
    network = network_from_graph(G, min_component_length_m=0)
    assert network.crs == "EPSG:32651"  # Shanghai's UTM zone
    assert network.edge_count > 100
    assert (network.edge_length_m > 0).all()
    # One edge per street, not one per direction: the length matches osmnx's own
    # undirected graph, while the directed graph counts two-way streets twice.
    undirected_m = sum(d["length"] for *_, d in ox.convert.to_undirected(G).edges(data=True))
    directed_m = sum(d["length"] for *_, d in G.edges(data=True))
    # UTM planar lengths vs osmnx great-circle lengths: within the 0.1% UTM scale error.
    assert network.total_length_m == pytest.approx(undirected_m, rel=1e-3)
    assert network_from_graph(G).total_length_m < network.total_length_m  # islands dropped
    assert directed_m > 1.5 * network.total_length_m
    np.testing.assert_allclose(network.edge_length_m,
                               [g.length for g in network.edge_geometry], rtol=1e-9)


def test_place_that_cannot_be_downloaded_is_one_clear_error(monkeypatch, tmp_path):
    import osmnx as ox

    def fail(*args, **kwargs):
        raise ox._errors.InsufficientResponseError("Nominatim could not geocode query")

    monkeypatch.setattr(ox, "graph_from_place", fail)
    with pytest.raises(PlaceNotFoundError, match="Could not download 'Atlantis'"):
        download_place("Atlantis")
    with pytest.raises(PlaceNotFoundError, match="Could not download 'Atlantis'"):
        build_from_files(tmp_path / "x", place="Atlantis")


@pytest.mark.network
def test_download_a_small_place(tmp_path):
    report = build_from_files(tmp_path / "b", place="Macau Peninsula, Macau")
    assert report.meta["edges"] > 1000
    assert report.meta["sites"] > 10
