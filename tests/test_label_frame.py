"""The label placer treats the map frame as a hard bound, its halo's width inside the edge."""

from __future__ import annotations

import numpy as np

from learning_map.export.print.labels import (
    FRAME_INSET_MM,
    Box,
    inside_frame,
    place_labels,
    point_candidates,
)


def test_every_placed_label_lies_inside_the_frame_clear_of_its_edge():
    frame = Box(10, 20, 110, 90)
    rng = np.random.default_rng(3)
    # Points all over the frame, many right at its edges and corners.
    xs = np.concatenate([rng.uniform(10, 110, 150), np.full(20, 10.2), np.full(20, 109.8)])
    ys = np.concatenate([rng.uniform(20, 90, 150), rng.uniform(20, 90, 40)])
    requests = [point_candidates(x, y, 8, 2.5, gap=1.5, leader_gaps=(4, 7)) for x, y in zip(xs, ys, strict=True)]
    placed = place_labels(requests, frame=frame)
    chosen = [c for c in placed if c is not None]
    assert len(chosen) > 60
    inner = Box(frame.x0 + FRAME_INSET_MM, frame.y0 + FRAME_INSET_MM,
                frame.x1 - FRAME_INSET_MM, frame.y1 - FRAME_INSET_MM)
    assert all(c.box.inside(inner) for c in chosen)


def test_a_label_that_only_fits_across_the_edge_is_dropped_not_clipped():
    frame = Box(0, 0, 50, 50)
    # A label as wide as the frame: every position crosses an edge's inset.
    assert place_labels([point_candidates(25, 25, 50, 3, gap=1)], frame=frame) == [None]
    assert inside_frame(Box(1, 1, 49, 49), frame)
    assert not inside_frame(Box(0.5, 1, 49, 49), frame)
    assert inside_frame(Box(0.5, 1, 49, 49), frame, inset=0.0)


def test_a_water_name_is_set_in_the_water_on_the_printed_map():
    """The basemap's water names (a lake's label point, kind ``water``) are placed like the other
    labels, in their own class (italic, the water's ink); place names are not taken for them."""
    import geopandas as gpd
    import shapely

    from learning_map.bundle.tiles import Basemap
    from learning_map.export.print.maps import draw_map
    from learning_map.export.print.svg import Frame

    frame = Frame.fit(Box(0, 0, 200, 150), (0, 0, 2000, 1500))
    basemap = Basemap(water=shapely.box(800, 600, 1200, 900),
                      places=[(shapely.Point(1000, 750), "南灣湖", "water"), (shapely.Point(300, 300), "望廈", "suburb")])
    sites = gpd.GeoDataFrame({"category": [], "number": [], "name": []}, geometry=[], crs=3857)
    layers = draw_map(frame, basemap, sites=sites, units=None, unit_field=None, coverage=None, k=1.0)
    by_text = {label["text"]: label["class"] for label in layers.labels}
    assert by_text == {"南灣湖": "water", "望廈": "unit"}
