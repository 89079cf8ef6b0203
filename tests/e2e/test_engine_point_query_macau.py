"""Macau clicks answered by the two compiled calls match the plain array functions and GEOS."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from learning_map import settings
from learning_map.analysis.query import QUERY_BUFFER_M, QUERY_CELL_M
from learning_map.base.units import minutes_to_metres
from learning_map.walking.coverage import distances_to_targets, node_reach, reachable_intervals
from learning_map.walking.isochrones import _area_rings, _assemble
from learning_map.walking.rings import D_COL, D_ROW
from learning_map.web.service import CityService


@pytest.fixture(scope="module")
def service(macau_bundle):
    return CityService.load(macau_bundle, max_minutes=60)


def geos_area(net, intervals, to_lonlat):
    """The area as GEOS assembles and checks it (intervals_polygon without its fast path)."""
    x, y, ring_start, outer, holes, sx, sy, starts, _ = _area_rings(
        intervals.edge, intervals.start_m, intervals.end_m, net.edge_offsets, net.vertex_along_m,
        net.edge_coords, QUERY_CELL_M, max(round(QUERY_BUFFER_M / QUERY_CELL_M), 1), QUERY_CELL_M,
        settings.ISOCHRONE_MIN_HOLE_M2, D_ROW, D_COL)
    rings = shapely.linearrings(sx, sy, indices=np.repeat(np.arange(len(starts) - 1), np.diff(starts)))
    area = _assemble(rings[: len(outer)], rings[len(outer):])
    if not shapely.is_valid(area):
        raw = shapely.linearrings(x, y, indices=np.repeat(np.arange(len(ring_start) - 1), np.diff(ring_start)))
        area = shapely.simplify(_assemble(raw[outer], raw[holes]), QUERY_CELL_M)
    return shapely.transform(area, to_lonlat, interleaved=False)


@pytest.mark.parametrize("profile", ["walk", "step-free"])
def test_clicks_match_the_array_functions_and_geos(service, profile):
    queries = service.queries_for(profile)
    net = queries.network
    targets = queries.model.site_points
    rng = np.random.default_rng(13)
    nodes = rng.integers(0, net.node_count, 60)
    lon, lat = net.to_lonlat(net.node_x[nodes] + rng.uniform(-40, 40, 60), net.node_y[nodes] + rng.uniform(-40, 40, 60))
    with_holes = 0
    for k, (x, y) in enumerate(zip(lon, lat, strict=True)):
        minutes = (15, 5, 30)[k % 3]
        budget = float(minutes_to_metres(minutes, 4.8))
        found = queries.reachable(float(x), float(y), minutes=minutes, speed_kmh=4.8)
        # The definition: every site's walk from the point, those within the walk nearest first.
        point = queries.snap(float(x), float(y))
        reach = node_reach(net, point, limit_m=budget)
        walk = distances_to_targets(net, reach, point, targets)
        within = np.flatnonzero(walk <= budget)
        order = within[np.argsort(walk[within], kind="stable")]
        assert found.site_index.tolist() == order.tolist()
        assert found.walk_m.tolist() == walk[order].tolist()
        expected = geos_area(net, reachable_intervals(net, reach, point, budget), queries._to_lonlat)
        assert shapely.to_wkb(found.area) == shapely.to_wkb(expected)
        with_holes += shapely.get_num_interior_rings(found.area) > 0
    assert with_holes > 5  # holes were placed, not only plain outlines
