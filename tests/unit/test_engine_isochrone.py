"""Compiled isochrone tracing (learning_map.walking.isochrones) on grids drawn by hand."""

from __future__ import annotations

import itertools

import numpy as np
import shapely

from learning_map.walking.coverage import EdgeIntervals
from learning_map.walking.isochrones import intervals_polygon
from learning_map.walking.rings import D_COL, D_ROW, signed_areas, trace
from learning_map.walking.synthetic import grid_network, network_from_edges


def rings(grid):
    r, c, start = trace(np.asarray(grid, np.uint8), D_ROW, D_COL)
    return [list(zip(r[a:b].tolist(), c[a:b].tolist(), strict=True)) for a, b in itertools.pairwise(start)], \
        signed_areas(r, c, start)


def test_block_with_a_hole_gives_an_outer_ring_and_a_hole():
    grid = np.zeros((6, 6), np.uint8)
    grid[1:4, 1:4] = 1
    grid[2, 2] = 0
    found, areas = rings(grid)
    assert found[0] == [(1, 1), (4, 1), (4, 4), (1, 4)]  # corners only, anticlockwise on the map
    assert areas.tolist() == [9.0, -1.0]


def test_corner_contact_is_filled_so_every_ring_is_simple():
    grid = np.zeros((5, 5), np.uint8)
    grid[1, 1] = grid[2, 2] = 1  # touch at one corner only
    found, areas = rings(grid)
    assert len(found) == 1
    assert areas.tolist() == [3.0]


def test_straight_street_area_is_a_band_of_the_buffer_width():
    net = network_from_edges([(0, 0), (1000, 0)], [0], [1], crs="EPSG:32649")
    area = intervals_polygon(net, EdgeIntervals(np.array([0]), np.array([0.0]), np.array([1000.0])),
                             buffer_m=40.0, cell_m=10.0, simplify_m=10.0)
    assert shapely.is_valid(area)
    assert area.geom_type == "Polygon"
    minx, miny, maxx, maxy = area.bounds
    assert abs(minx + 40) <= 10
    assert abs(maxx - 1040) <= 10
    assert abs(maxy - miny - 80) <= 20
    assert 1000 * 80 * 0.95 < area.area < 1080 * 90


def test_grid_walk_keeps_large_holes_and_fills_blocks():
    net = grid_network(11, 11, spacing_m=100.0, crs="EPSG:32649")
    keep = ~((np.minimum(net.edge_u, net.edge_v) // 11 == 5) & (net.node_x[net.edge_u] > 0))
    edges = np.flatnonzero(keep)
    intervals = EdgeIntervals(edges, np.zeros(len(edges)), net.edge_length_m[edges])
    area = intervals_polygon(net, intervals, buffer_m=30.0, cell_m=10.0, simplify_m=10.0,
                             min_hole_m2=50_000.0)
    assert shapely.is_valid(area)
    # 100 m blocks (40 x 40 m holes after the buffer) are filled: the whole grid reads as reached.
    assert shapely.get_num_interior_rings(area) == 0
    assert area.area > 1000 * 1000
