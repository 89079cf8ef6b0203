"""Memory-mapped walk networks: builds store plain .npy arrays that every worker maps read-only."""

from __future__ import annotations

import json
import shutil

import geopandas as gpd
import numpy as np
import pytest

from learning_map.build.pipeline import build_bundle
from learning_map.bundle.core import (
    META_FILE,
    NETWORK_DIR,
    NETWORK_FILE,
    current_build,
    load_bundle,
    sha256_file,
    verify_bundle,
)
from learning_map.walking.network import (
    ADJACENCY_ARRAYS,
    NETWORK_ARRAYS,
    load_network,
    save_network,
)
from learning_map.walking.synthetic import grid_network, network_from_edges
from tests.conftest import is_mapped

CRS = "EPSG:32649"


@pytest.fixture(scope="module")
def grid():
    return grid_network(11, 11, spacing_m=100, crs=CRS)


@pytest.fixture(scope="module")
def town(tmp_path_factory, grid):
    """A synthetic city bundle: an 11 x 11 grid with one library in the middle."""
    lon, lat = grid.to_lonlat([500.0], [500.0])
    sites = gpd.GeoDataFrame({"category": ["library"], "name": ["centre"]},
                             geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    out = tmp_path_factory.mktemp("mmap") / "town"
    build_bundle(out, grid, sites, name="Grid town")
    return out


def test_folder_round_trip_is_memory_mapped_and_read_only(tmp_path, grid):
    named = network_from_edges(np.array([[0.0, 0.0], [100.0, 0.0], [100.0, 50.0]]), [0, 1], [1, 2],
                               crs=CRS, edge_name=["大街 Main St", ""], edge_has_steps=[True, False])
    for net in (grid, named):
        folder = tmp_path / f"net-{net.node_count}"
        save_network(net, folder)
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            [f"{name}.npy" for name in NETWORK_ARRAYS] + ["crs.npy"]
            + [f"adjacency_{name}.npy" for name in ADJACENCY_ARRAYS])
        again = load_network(folder)
        assert again.crs == net.crs
        for name in NETWORK_ARRAYS:
            array = getattr(again, name)
            np.testing.assert_array_equal(array, getattr(net, name))
            assert is_mapped(array), name  # mapped, not read into private memory
            assert not array.flags.writeable, name
        with pytest.raises(ValueError, match="read-only"):
            again.edge_length_m[0] = 1.0
        # Ids are stored as the engine uses them: no widening copy per process.
        assert again.edge_u.dtype == np.int64
        assert list(again.edge_name) == list(net.edge_name)


def test_engine_answers_the_same_on_mapped_arrays(tmp_path, grid):
    """Derived structures (CSR adjacency, snapping index) build from read-only arrays."""
    from scipy.sparse import csgraph

    save_network(grid, tmp_path / "net")
    mapped = load_network(tmp_path / "net")
    # The stored CSR is the one the network would build, and it is used as mapped.
    assert not mapped.adjacency.data.flags.writeable  # a copy would be writeable
    assert is_mapped(mapped.adjacency.data)
    assert is_mapped(mapped.adjacency.indptr)
    assert not mapped.adjacency.indices.flags.writeable
    assert (mapped.adjacency != grid.adjacency).nnz == 0
    dist = csgraph.dijkstra(mapped.adjacency, indices=[0], directed=True)[0]
    assert dist[grid.node_count - 1] == pytest.approx(2000.0)  # corner to corner, 20 blocks
    assert mapped.edge_tree.query(mapped.edge_geometry[3]).size > 0
    assert mapped.step_free is mapped


def test_build_stores_the_network_folder_with_sizes_and_checksums(town):
    build = current_build(town)
    meta = json.loads((build / META_FILE).read_text(encoding="utf-8"))
    assert not (build / NETWORK_FILE).exists()
    for name in NETWORK_ARRAYS:
        record = meta["files"][f"{NETWORK_DIR}/{name}.npy"]
        path = build / NETWORK_DIR / f"{name}.npy"
        assert record["bytes"] == path.stat().st_size
        assert record["sha256"] == sha256_file(path)
    bundle = load_bundle(town)
    assert is_mapped(bundle.network.node_x)
    assert bundle.network.node_count == 121
    assert verify_bundle(town)["files"] == len(meta["files"])


def test_a_changed_array_is_found_by_verify(town, tmp_path):
    from learning_map.errors import BundleError

    copy = tmp_path / "town"
    shutil.copytree(town, copy)
    target = current_build(copy) / NETWORK_DIR / "edge_length_m.npy"
    data = bytearray(target.read_bytes())
    data[-1] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(BundleError, match=r"edge_length_m\.npy does not match its SHA-256"):
        verify_bundle(copy)
    target.write_bytes(bytes(data[:-8]))  # truncated: the cheap size check at load
    with pytest.raises(BundleError, match="is damaged"):
        load_bundle(copy)


def test_old_bundles_with_network_npz_still_load(town, tmp_path, grid):
    """A build from before memory-mapping: network.npz, listed as one file in meta.json."""
    copy = tmp_path / "old"
    shutil.copytree(town, copy)
    build = current_build(copy)
    shutil.rmtree(build / NETWORK_DIR)
    save_network(load_network(current_build(town) / NETWORK_DIR), build / NETWORK_FILE)
    meta = json.loads((build / META_FILE).read_text(encoding="utf-8"))
    meta["files"] = {k: v for k, v in meta["files"].items() if not k.startswith(f"{NETWORK_DIR}/")}
    meta["files"][NETWORK_FILE] = {"bytes": (build / NETWORK_FILE).stat().st_size,
                                   "sha256": sha256_file(build / NETWORK_FILE)}
    (build / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    bundle = load_bundle(copy)
    assert not is_mapped(bundle.network.node_x)
    np.testing.assert_array_equal(bundle.network.edge_length_m, grid.edge_length_m)
    verify_bundle(copy)
