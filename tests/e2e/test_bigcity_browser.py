"""A big city's basemap stops at an earlier zoom (build --basemap-max-zoom): closer zooms still draw."""

from __future__ import annotations

import pytest
import shapely

from tests.conftest import MACAU_PBF, running_server
from tests.e2e.basemap_pixels import basemap_labels, basemap_pixels, wait_for_basemap
from tests.e2e.test_browser import Page, browser  # noqa: F401 (fixture)

DEMO_PBF = MACAU_PBF
OLD_TOWN = (22.1935, 113.5405)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def capped_server(tmp_path_factory: pytest.TempPathFactory):
    """Macau's old town cut from the extract, its basemap tiles only up to zoom 12."""
    if not DEMO_PBF.exists():
        pytest.skip("the demo extract data/macau is missing")
    from learning_map.build.pipeline import build_from_files
    from learning_map.bundle.core import read_meta

    out = tmp_path_factory.mktemp("capped") / "city"
    build_from_files(out, osm_path=DEMO_PBF, clip=shapely.box(113.53, 22.185, 113.55, 22.20),
                     basemap_max_zoom=12)
    assert read_meta(out)["basemap"]["max_zoom"] == 12
    with running_server(out) as base:
        yield base


def test_streets_draw_past_the_archives_last_zoom(browser, capped_server, output_dir):  # noqa: F811
    page = Page(browser, capped_server, output_dir, viewport={"width": 1000, "height": 760})
    try:
        page.open()
        page.page.evaluate(f"window.learningMap.setView([{OLD_TOWN[0]}, {OLD_TOWN[1]}], 17, {{animate: false}}); 1")
        wait_for_basemap(page.page)
        page.page.wait_for_timeout(500)  # the header read, the tiles are drawn again from zoom 12
        wait_for_basemap(page.page)
        page.shot("capped-z17")
        # Zoom 17 is drawn from zoom 12's tiles, magnified: streets and their names show.
        pixels = basemap_pixels(page.page, ("street", "major", "land"))
        assert pixels["street"] + pixels["major"] > 0.02 * pixels["total"], pixels
        assert [label for label in basemap_labels(page.page) if label["layer"] == "roads"]
        assert not page.failed
    finally:
        page.close()
