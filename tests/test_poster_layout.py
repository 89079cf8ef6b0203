"""The poster's index packing, inset placement and label repair, on hand-made inputs."""

from __future__ import annotations

import numpy as np

from learning_map.export.print.index_layout import (
    INDEX_MIN_PT,
    INDEX_PAGES_MAX,
    balanced,
    choose_index_layout,
    layouts_to_measure,
    pack_columns,
)
from learning_map.export.print.insets import cluster_region, crowded_points, place_inset
from learning_map.export.print.labels import Box, Candidate, place_labels


def flat(pages):
    """The blocks packed, without the headings repeated at a column's top."""
    return [b for page in pages for column in page for b in column if b >= 0]


def test_packing_keeps_every_block_in_order_and_headings_with_their_entry():
    heights = [5.0, 4.0, 4.0, 5.0, 4.0, 4.0, 4.0]
    headings = [True, False, False, True, False, False, False]
    pages, tallest = pack_columns(heights, headings, columns=2, capacities_mm=[14.0, 14.0])
    assert flat(pages) == list(range(7))
    for page in pages:
        for column in page:
            assert sum(heights[b if b >= 0 else -1 - b] for b in column) <= 14.0
            assert column[-1] >= 0
            assert not headings[column[-1]]  # a heading never ends a column
            # Every column starts with its group's heading (repeated when the group goes on).
            assert column[0] < 0 or headings[column[0]]
    assert tallest <= 14.0


def test_packing_that_cannot_hold_everything_says_so():
    assert pack_columns([10.0] * 5, [False] * 5, columns=2, capacities_mm=[20.0]) is None
    assert pack_columns([30.0], [False], columns=4, capacities_mm=[20.0]) is None


def test_balanced_columns_are_as_short_as_they_can_be():
    heights = [4.0] * 12
    pages, tallest = balanced(heights, [False] * 12, columns=4, limit_mm=100.0)
    assert flat(pages) == list(range(12))
    assert tallest == 12.0  # three entries a column, not twelve in the first


def test_layout_goes_to_the_back_before_below_the_minimum_type():
    paper = "A3"
    pairs = layouts_to_measure(paper)
    assert min(pt for pt, _ in pairs) == INDEX_MIN_PT[paper] == 8.0
    # Entry height grows with the type size: a short index fits under the map at the largest size.
    short = {(pt, c): [pt * 0.5] * 20 for pt, c in pairs}
    layout = choose_index_layout(short, [False] * 20, paper=paper, front_mm=150, page_mm=380)
    assert layout.on_front
    assert layout.type_pt == 10.0
    # A long one goes on the back, still at 8 pt or more.
    long = {(pt, c): [pt * 0.5] * 900 for pt, c in pairs}
    layout = choose_index_layout(long, [False] * 900, paper=paper, front_mm=150, page_mm=380)
    assert not layout.on_front
    assert layout.type_pt >= 8.0
    assert sorted(flat(layout.pages)) == list(range(900))
    # One that no allowed layout can hold: None (the poster then fails with one sentence).
    huge = {(pt, c): [pt * 0.5] * 20000 for pt, c in pairs}
    assert choose_index_layout(huge, [False] * 20000, paper=paper, front_mm=150, page_mm=380) is None
    assert INDEX_PAGES_MAX >= 1
    assert INDEX_MIN_PT["A1"] == 10.0


def test_crowded_points_and_their_cluster():
    rng = np.random.default_rng(1)
    dense = rng.normal([50, 50], 2, size=(30, 2))
    sparse = np.array([[10, 10], [90, 90], [10, 90]])
    points = np.vstack([dense, sparse])
    crowded = crowded_points(points, k=1.0, neighbours=6)
    assert len(crowded) >= 25
    region = cluster_region(crowded, k=1.0)
    assert region.x0 < 50 < region.x1
    assert region.y0 < 50 < region.y1
    assert region.x1 - region.x0 < 30


def test_an_inset_lies_where_no_site_is_and_prefers_the_sea():
    points = np.array([[20.0, 20.0], [22.0, 21.0], [21.0, 23.0], [25.0, 80.0]])
    region = Box(15, 15, 30, 30)
    map_box = Box(0, 0, 100, 100)
    # The right half is sea.
    inset = place_inset(region, map_box, points=points, avoid=[], k=1.0, letter="A",
                        land=lambda b: 0.0 if b.x0 >= 50 else 1.0)
    assert inset is not None
    assert inset.box.x0 >= 50
    assert not any(inset.box.x0 <= x <= inset.box.x1 and inset.box.y0 <= y <= inset.box.y1 for x, y in points)
    assert inset.zoom >= 1.5
    # No room anywhere: no inset.
    assert place_inset(region, Box(0, 0, 35, 35), points=points, avoid=[], k=1.0, letter="A") is None


def test_repair_moves_a_placed_label_to_make_room():
    # Label 0 takes its first position, which is label 1's only position; label 0 has another.
    shared = Candidate(Box(0, 0, 10, 3), 5, 2)
    other = Candidate(Box(20, 0, 30, 3), 25, 2)
    placed = place_labels([[shared, other], [shared]])
    assert placed[1] == shared
    assert placed[0] == other


def test_export_maps_option_names_known_maps(tmp_path):
    from click.testing import CliRunner

    from learning_map.cli import main

    result = CliRunner().invoke(main, ["export", str(tmp_path), "--year", "2026", "--out", str(tmp_path / "o"),
                                       "--maps", "learning,atlas"], env={"LEARNING_MAP_LANG": "en"})
    assert result.exit_code != 0
    assert "--maps" in result.output + result.stderr
    assert "learning, elderly, walks" in result.output + result.stderr
    assert not (tmp_path / "o").exists()
