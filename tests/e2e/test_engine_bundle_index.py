"""The build's stored reach indexes: listed in meta.json, memory-mapped by the server, optional."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from learning_map import settings
from learning_map.bundle.core import META_FILE, current_build, load_bundle, verify_bundle
from learning_map.web.service import CityService


def test_build_writes_one_index_per_profile_with_checksums(macau_bundle):
    meta = load_bundle(macau_bundle).meta
    for profile in settings.PROFILES:
        for part in ("indptr", "site", "walk_m"):
            record = meta["files"][f"reach-{profile}-{part}.npy"]
            assert record["bytes"] > 0
            assert len(record["sha256"]) == 64
    assert verify_bundle(macau_bundle)  # the checksums hold


@pytest.fixture(scope="module")
def service(macau_bundle):
    return CityService.load(macau_bundle, max_minutes=60)


def test_server_answers_from_the_stored_index_like_the_search(service):
    queries = service.queries_for("step-free")
    assert isinstance(queries.__dict__["reach_index"].site, np.memmap)
    rng = np.random.default_rng(5)
    net = queries.network
    nodes = rng.integers(0, net.node_count, 40)
    lon, lat = net.to_lonlat(net.node_x[nodes] + 20, net.node_y[nodes] - 15)
    compared = 0
    for x, y in zip(lon, lat, strict=True):
        fast = queries.reachable(float(x), float(y), minutes=12, speed_kmh=4.0, area=False)
        slow = queries.reachable(float(x), float(y), minutes=12, speed_kmh=4.0, area=True)
        assert fast.site_index.tolist() == slow.site_index.tolist()
        np.testing.assert_allclose(fast.walk_m, slow.walk_m, atol=1e-6)
        compared += len(fast.site_index)
    assert compared > 40  # the points did reach sites


def test_bundle_without_the_index_still_loads_and_builds_it_in_memory(macau_bundle, tmp_path, service):
    old = tmp_path / "old"
    shutil.copytree(macau_bundle, old)
    build = current_build(old)
    meta = json.loads((build / META_FILE).read_text(encoding="utf-8"))
    for name in [n for n in meta["files"] if n.startswith("reach-")]:
        (build / name).unlink()
        del meta["files"][name]
    (build / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    older = CityService.load(old, max_minutes=60)
    queries = older.queries_for(settings.DEFAULT_PROFILE)
    assert "reach_index" not in queries.__dict__
    point = (113.5435, 22.1935)
    got = queries.reachable(*point, minutes=10, speed_kmh=4.8, area=False)
    assert not isinstance(queries.__dict__["reach_index"].site, np.memmap)  # built here
    want = service.queries_for(settings.DEFAULT_PROFILE).reachable(*point, minutes=10, speed_kmh=4.8,
                                                                   area=False)
    assert got.site_index.tolist() == want.site_index.tolist()
    assert len(got.site_index) > 0


def test_stored_snapping_is_used_and_equals_a_fresh_one(macau_bundle, monkeypatch):
    """Loading a bundle takes its sites and residents already snapped (no nearest-edge search)."""
    from dataclasses import replace

    from learning_map.analysis.model import CoverageModel
    from learning_map.walking import snapping

    fresh = CoverageModel(load_bundle(macau_bundle).network, load_bundle(macau_bundle).sites,
                          load_bundle(macau_bundle).demand)

    def no_snapping(*_args, **_kwargs):
        raise AssertionError("snapped again although the build stores it")

    monkeypatch.setattr(snapping, "snap_points", no_snapping)
    bundle = load_bundle(macau_bundle)
    for profile in settings.PROFILES:
        model = bundle.model_for(profile)
        assert len(model.demand_points) == len(bundle.demand.x)
    model = bundle.model
    for stored, again in ((model.site_points, fresh.site_points),
                          (model.demand_points, fresh.demand_points)):
        np.testing.assert_array_equal(stored.edge, again.edge)
        np.testing.assert_array_equal(stored.offset_m, again.offset_m)
        np.testing.assert_array_equal(stored.access_m, again.access_m)
    # Other sites (a registry year's) are not the stored ones: they snap again.
    moved = bundle.sites.copy()
    moved.geometry = moved.geometry.translate(0.0005, 0.0)
    other = replace(bundle, sites=moved)
    with pytest.raises(AssertionError, match="snapped again"):
        _ = other.model
