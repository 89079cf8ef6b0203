"""The step-free profile on Macau's real staircases (OSM highway=steps)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import csgraph

from learning_map.bundle.core import load_bundle


@pytest.fixture(scope="module")
def macau(macau_bundle):
    return load_bundle(macau_bundle)


def test_real_staircases_are_walked_around(macau):
    network = macau.network
    steps = np.flatnonzero(network.edge_has_steps)
    assert len(steps) > 100  # Macau's hills: hundreds of OSM staircases
    step_free = network.step_free
    assert step_free.edge_count == network.edge_count - len(steps)
    # For the longest staircase whose ends both stay on the step-free network, the walk
    # between its ends is the staircase itself, and step-free it is a longer way round.
    index_of = {int(osmid): i for i, osmid in enumerate(step_free.node_osmid)}
    longest = sorted(steps, key=lambda e: -network.edge_length_m[e])
    for edge in longest:
        u, v = int(network.node_osmid[network.edge_u[edge]]), int(network.node_osmid[network.edge_v[edge]])
        if u in index_of and v in index_of:
            break
    around = csgraph.dijkstra(step_free.adjacency, directed=True, indices=index_of[u])[index_of[v]]
    direct = csgraph.dijkstra(network.adjacency, directed=True,
                              indices=network.edge_u[edge])[network.edge_v[edge]]
    assert direct == pytest.approx(network.edge_length_m[edge], rel=1e-6)
    assert around > direct + 20  # round the stairs (or unreachable: inf)


def test_step_free_coverage_is_lower_on_macaus_hills(runner, macau_bundle):
    import json

    figures = {}
    for profile in ("walk", "step-free"):
        result = runner.invoke(["coverage", str(macau_bundle), "--json", "--minutes", "15",
                                "--speed", "elderly", "--category", "library", "--profile", profile])
        assert result.exit_code == 0, result.stderr
        payload = json.loads(result.stdout)
        assert payload["profile"] == profile
        figures[profile] = payload["coverage"][0]["population_share"]
    assert figures["step-free"] < figures["walk"] - 0.005
