"""Network islands on Macau: a piece is dropped by its length, never by its simplified node count."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import csgraph

from learning_map import settings


@pytest.fixture(scope="module")
def macau(macau_pbf):
    from learning_map.city.population_files import read_population
    from learning_map.io.osm import read_osm
    from learning_map.walking.network import build_network
    from tests.conftest import MACAU_ZONES

    extract = read_osm(macau_pbf, buildings=True)
    whole = build_network(extract.ways, min_component_length_m=0)
    demand = read_population(MACAU_ZONES, crs=whole.crs, column="pop_est", buildings=extract.buildings,
                             landuse=extract.landuse)
    return whole, build_network(extract.ways), demand


def test_islands_are_kept_by_length_and_their_residents_stay_beside_them(macau):
    from learning_map.walking.snapping import snap_points

    whole, built, demand = macau
    _, labels = csgraph.connected_components(whole.adjacency, directed=False)
    length_m = np.bincount(labels[whole.edge_u], weights=whole.edge_length_m)
    nodes = np.bincount(labels)
    kept = np.isin(whole.node_osmid, built.node_osmid)
    # Every island of 200 m or more stays, however few nodes it simplified to (a 3.6 km
    # trail loop has 6); every shorter one goes.
    long_island = length_m[labels] >= settings.MIN_COMPONENT_LENGTH_M
    assert np.array_equal(kept, long_island)
    assert ((length_m >= 3000) & (nodes < 10)).any()
    # The residents whose nearest way is on a long island of under 10 nodes (the old rule
    # dropped them and moved these residents onto a farther street) keep their way.
    near = snap_points(whole, demand.x, demand.y, max_snap_m=settings.MAX_SNAP_M)
    island = labels[whole.edge_u[near.edge]]
    beside = (nodes[island] < 10) & (length_m[island] >= settings.MIN_COMPONENT_LENGTH_M)
    assert beside.sum() == 13
    snapped = snap_points(built, demand.x[beside], demand.y[beside], max_snap_m=settings.MAX_SNAP_M)
    np.testing.assert_allclose(snapped.access_m, near.access_m[beside])
