"""The poster's label placement, QR codes and PNG resolution, on hand-made inputs."""

from __future__ import annotations

import itertools
import struct

import numpy as np
import pytest

from learning_map.export.print.chromium import with_dpi
from learning_map.export.print.labels import Box, place_labels, point_candidates, text_width
from learning_map.export.print.qr import qr_path


def test_a_lone_label_goes_right_of_its_point():
    placed = place_labels([point_candidates(10, 10, 6, 2, gap=1)])
    assert placed[0].box == Box(11, 9, 17, 11)
    assert placed[0].leader is None


def test_crowded_points_get_disjoint_labels_leaders_or_none():
    rng = np.random.default_rng(7)
    points = rng.uniform(20, 60, size=(120, 2))  # far too many for a 40 x 40 mm patch
    symbols = [Box(x - 1, y - 1, x + 1, y + 1) for x, y in points]
    frame = Box(0, 0, 80, 80)
    requests = [point_candidates(x, y, 5, 2.2, gap=1.3, leader_gaps=(4, 7)) for x, y in points]
    placed = place_labels(requests, obstacles=symbols, frame=frame)
    boxes = [p.box for p in placed if p is not None]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.intersects(b)
    for box in boxes:
        assert box.inside(frame)
        assert not any(box.intersects(s) for s in symbols)
    assert any(p is not None and p.leader is not None for p in placed)  # some moved out
    assert any(p is None for p in placed)  # and some could not be placed at all
    # Leaders start at their point and end on their label's edge.
    for (x, y), p in zip(points, placed, strict=True):
        if p is not None and p.leader is not None:
            x0, y0, x1, y1 = p.leader
            assert (x0, y0) == (x, y)
            assert p.box.x0 <= x1 <= p.box.x1
            assert p.box.y0 <= y1 <= p.box.y1


def test_a_label_blocked_on_the_right_goes_left():
    blocker = Box(10.5, 5, 30, 15)
    placed = place_labels([point_candidates(10, 10, 6, 2, gap=1)], obstacles=[blocker])
    assert placed[0].box.x1 <= 10


def test_chinese_is_wider_than_latin():
    assert text_width("圖書館", 2) == pytest.approx(6)
    assert text_width("abc", 2) < 4


def test_qr_path_covers_the_finder_patterns():
    d, size = qr_path("https://example.org/site/L1")
    modules = size - 2 * 4  # a 4-module quiet zone on each side
    assert modules >= 21
    assert (modules - 17) % 4 == 0  # a QR version's size
    assert d.startswith("M4 4h7v1h-7z")  # the top-left finder pattern's first row


def test_png_gets_300_dpi():
    ihdr = b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + ihdr + b"CRC!" + struct.pack(">I", 0) + b"IEND" + b"CRC!"
    out = with_dpi(png, 300)
    assert out[33:33 + 21][4:8] == b"pHYs"
    assert struct.unpack(">IIB", out[41:50]) == (11811, 11811, 1)
    assert with_dpi(out, 300) == out  # replaced, not added twice
