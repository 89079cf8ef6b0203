"""
The district booklet holds all of every unit's content, read back from its PDF.

Every site of a unit (its number and name) and every change of the year at a site inside it
appear on the unit's pages, which continue under "(continued)" when one page cannot hold
them: for Macau (the census zones, two registry years with many changes in 路環區), Malta
(generated units over the island, a first year and a second with changes) and a generated
city of 600 sites crowded into a few units. A first-year booklet says so and lists no change;
map labels stay inside the map frame; the coverage outline has no grid stairs.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from typing import TYPE_CHECKING

import numpy as np
import pytest

from tests.conftest import MACAU_ZONES, SHARED_DATA, built_once
from tests.script_check import pdf_text

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdftotext", "pdfinfo")),
    reason="poppler-utils is not installed (scripts/test.sh installs it)")]

MALTA_PBF = SHARED_DATA / "malta" / "malta-2018.osm.pbf"
DENSE_UNIT = "路環區"
# Points per mm at pdftotext's 72 dpi.
PT_PER_MM = 72 / 25.4


# -- reading a booklet back ---------------------------------------------------------------------

def booklet_pages(pdf: Path) -> list[tuple[str, str, str]]:
    """Each page's heading (its first line), its whole text, and the text of its two columns."""
    from learning_map.export.print import booklet

    out = []
    for number, text in enumerate(pdf_text(pdf).split("\f"), start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if not lines:
            continue
        out.append((lines[0], text, columns_text(pdf, number, top_mm=booklet.MORE_BODY_TOP_MM)))
    return out


def columns_text(pdf: Path, number: int, *, top_mm: float) -> str:
    """
    The text of page ``number``'s two columns below ``top_mm``, left then right.

    Each column is read on its own in layout order, so a site's number and its name (which
    pdftotext would read as two blocks) stay on one line.
    """
    from learning_map.export.print import booklet

    left = booklet.MARGIN_MM
    right = left + booklet.LEFT_WIDTH_MM + booklet.GAP_MM
    texts = []
    for x_mm, width_mm in ((left - 1, booklet.LEFT_WIDTH_MM + 2), (right - 1, booklet.RIGHT_WIDTH_MM + 2)):
        texts.append(subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), "-r", "72",
             "-x", str(int(x_mm * PT_PER_MM)), "-y", str(int((top_mm - 1) * PT_PER_MM)),
             "-W", str(int(width_mm * PT_PER_MM)),
             "-H", str(int((booklet.BODY_BOTTOM_MM - top_mm + 2) * PT_PER_MM)), str(pdf), "-"],
            capture_output=True, text=True, check=True).stdout)
    return "\n".join(texts)


def unit_texts(pdf: Path, names: list[str], locale: str) -> dict[str, str]:
    """
    Each unit's text over all its pages: its first page's columns under the map, then its
    "(continued)" pages' columns. The last name is the pages outside every unit (no map).

    A first page is read under its map only, so a site named on the map does not stand in for
    one missing from the list.
    """
    from learning_map.base.i18n import gettext
    from learning_map.export.print import booklet

    continued = {gettext("{unit} (continued)", locale=locale, unit=n): n for n in names}
    texts: dict[str, list[str]] = {}
    for number, (heading, _, more) in enumerate(booklet_pages(pdf), start=1):
        if heading in names[:-1]:
            texts.setdefault(heading, []).append(columns_text(pdf, number, top_mm=booklet.FIRST_BODY_TOP_MM))
        elif heading == names[-1]:
            texts.setdefault(heading, []).append(more)
        else:
            assert heading in continued, heading
            texts[continued[heading]].append(more)
    return {n: flat("\n".join(t)) for n, t in texts.items()}


def flat(text: str) -> str:
    """``text`` without spaces, each line break kept as one "¶" (a wrapped name may hold some)."""
    return "¶".join(re.sub(r"\s+", "", line) for line in text.splitlines() if line.strip())


def shows(text: str, entry: str, *, number: int | None = None) -> bool:
    """True when the flattened ``text`` holds ``entry`` (wrapped anywhere), after ``number`` if given."""
    pattern = "¶?".join(re.escape(c) for c in re.sub(r"\s+", "", entry))
    if number is not None:
        pattern = rf"(?<![\d]){number}¶?{pattern}"
    return re.search(pattern, text) is not None


def missing_from_booklet(pdf: Path, city, units, field: str, changes, previous, locale: str
                         ) -> dict[str, list[str]]:
    """Per unit, the sites ("number name") and changes its pages do not show."""
    from learning_map.base.i18n import gettext
    from learning_map.export.print.maps import number_sites
    from learning_map.export.words import change_action, field_label, site_display_names

    crs = city.network.crs
    units = units.to_crs(crs)
    units = units[~units.geometry.is_empty & units.geometry.notna()]
    sites = number_sites(city.sites.to_crs(crs))
    sites["name"] = site_display_names(sites, locale)
    outside = gettext("Outside every reporting unit", locale=locale)
    texts = unit_texts(pdf, [*map(str, units[field]), outside], locale)
    where = dict(zip(sites["site_id"], sites.geometry, strict=True))
    if previous is not None:
        before = previous.sites.to_crs(crs)
        for site_id, point in zip(before["site_id"], before.geometry, strict=True):
            where.setdefault(site_id, point)
    # Each unit, then what lies outside every unit (listed on pages of its own).
    places = [(str(n), g.contains) for n, g in zip(units[field], units.geometry, strict=True)]
    places.append((outside, lambda point: not any(g.contains(point) for g in units.geometry)))
    missing: dict[str, list[str]] = {}
    for name, holds in places:
        text = texts.get(name, "")
        for site in sites[[holds(point) for point in sites.geometry]].itertuples():
            if not shows(text, site.name, number=site.number):
                missing.setdefault(name, []).append(f"{site.number} {site.name}")
        for change in (changes.itertuples() if previous is not None else ()):
            if not holds(where[change.site_id]):
                continue
            what = change_action(change.action, locale)
            if change.action == "changed":
                what = gettext("{action} {field}: {old} → {new}", locale=locale, action=what,
                               field=field_label(change.field, locale), old=change.old_value,
                               new=change.new_value)
            line = gettext("{change}: {name}", change=what, name=change.name, locale=locale)
            if not shows(text, line):
                missing.setdefault(name, []).append(line)
    return missing


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)$", info, flags=re.MULTILINE).group(1))


def labels_outside_frame(html: str) -> list[str]:
    """The map labels Chromium draws past the map frame (their boxes, font ascent and descent)."""
    from learning_map.export.print.booklet import MAP_HEIGHT_MM, MAP_TOP_MM, MARGIN_MM
    from learning_map.export.print.measure import measuring
    from learning_map.export.print.paper import PAPER_MM

    width_mm = PAPER_MM["A4"][0]
    with measuring(width_mm=width_mm) as measure:
        boxes = measure(html, "svg.map text.label")
    assert boxes
    x0, y0, x1, y1 = MARGIN_MM, MAP_TOP_MM, width_mm - MARGIN_MM, MAP_TOP_MM + MAP_HEIGHT_MM
    return [f"page {b.page + 1}: {b}" for b in boxes
            if b.x0 < x0 or b.y0 < y0 or b.x1 > x1 or b.y1 > y1]


def print_booklet(found, bundle: Path, units, field: str, pdf: Path, *, year: int) -> str:
    from learning_map.export.print.booklet import booklet_document
    from learning_map.export.print.chromium import check_cjk_font, print_pages

    html = booklet_document(found.city, bundle, year=year, title=found.title, units=units,
                            unit_field=field, coverage_rows=found.coverage, changes=found.changes,
                            previous=found.previous, font=check_cjk_font(), locale=found.locale)
    print_pages(html, pdf, paper="A4")
    return html


def read(bundle: Path, year: int, units, field: str):
    from learning_map.export.year_compare import compare_years, read_year

    found = read_year(bundle, year, database_url=None, title=None)
    compare_years(found, year, units, field)
    return found


# -- Macau: the census zones, two registry years ------------------------------------------------

@pytest.fixture(scope="module")
def macau_years(tmp_path_factory, macau_pbf) -> Path:
    """Macau with the extract's sites as 2025 and a 2026 that changes every phone in 路環區."""
    import geopandas as gpd
    from click.testing import CliRunner

    from learning_map.cli import main

    root = tmp_path_factory.mktemp("booklet-macau")
    city = root / "city"
    runner = CliRunner()
    built = runner.invoke(main, ["build", "--osm", str(macau_pbf), "--population", f"{MACAU_ZONES}:pop_est",
                                 "--elderly-share", "old_per", "--out", str(city)])
    assert built.exit_code == 0, built.stderr
    first = runner.invoke(main, ["import", str(city), str(macau_pbf), "--year", "2025"])
    assert first.exit_code == 0, first.stderr
    shown = runner.invoke(main, ["registry", "show", str(city), "--year", "2025", "--csv"])
    assert shown.exit_code == 0, shown.stderr
    rows = list(csv.DictReader(io.StringIO(shown.stdout)))
    zones = gpd.read_file(MACAU_ZONES).to_crs(4326)
    coloane = zones[zones["name_tc"] == DENSE_UNIT].geometry.iloc[0]
    points = gpd.points_from_xy([float(r["lon"]) for r in rows], [float(r["lat"]) for r in rows])
    kept = []
    for i, (row, point) in enumerate(zip(rows, points, strict=True)):
        # Not re-imported: the years are the registry's own, and `import` cannot read the
        # osm_id column `registry show --csv` writes (the ids then read as cleared in 2026).
        for column in ("opened_year", "closed_year", "osm_id"):
            row.pop(column, None)
        if i % 40 == 7:
            continue  # closed in 2026
        if coloane.contains(point) or i % 9 == 0:
            row["phone"] = f"+853 2888 {i:04d}"
        kept.append(row)
    for j, row in enumerate(rows[:2]):  # two sites opened in 2026, beside existing ones
        kept.append({**row, "site_id": f"new-{j}", "name": f"新開學習中心{j}",
                     "lon": str(float(row["lon"]) + 0.0004), "lat": row["lat"]})
    registry = root / "r2026.csv"
    with registry.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(kept[0]))
        writer.writeheader()
        writer.writerows(kept)
    second = runner.invoke(main, ["import", str(city), str(registry), "--year", "2026", "--close-missing"])
    assert second.exit_code == 0, second.stderr
    return city


@pytest.fixture(scope="module")
def macau_booklet(macau_years, tmp_path_factory) -> Path:
    """``learning-map export`` of Macau's 2026 by census zone, as an office runs it."""
    from click.testing import CliRunner

    from learning_map.cli import main

    out = tmp_path_factory.mktemp("booklet-dist") / "2026"
    result = CliRunner().invoke(main, ["export", str(macau_years), "--year", "2026", "--out", str(out),
                                       "--by", f"{MACAU_ZONES}:name_tc", "--standard", "gb50180",
                                       "--review-number", "澳S(2026)001号"])
    assert result.exit_code == 0, result.stderr
    return out / "booklet-2026.pdf"


def test_macau_booklet_lists_every_site_and_change_of_every_zone(macau_years, macau_booklet):
    import geopandas as gpd

    units = gpd.read_file(MACAU_ZONES)
    found = read(macau_years, 2026, units, "name_tc")
    assert len(found.changes) > 40
    missing = missing_from_booklet(macau_booklet, found.city, units, "name_tc", found.changes,
                                   found.previous, found.locale)
    assert missing == {}
    headings = [h for h, _, _ in booklet_pages(macau_booklet)]
    # 路環區 holds more than one page does: it goes on under its own name.
    assert "路環區（續）" in headings
    assert headings.index("路環區（續）") == headings.index(DENSE_UNIT) + 1
    text = pdf_text(macau_booklet)
    assert f"第 1 / {page_count(macau_booklet)} 頁" in text
    assert "澳S(2026)001号" in text  # the review number, in the footer's first place
    assert "首年名錄" not in text


def test_a_first_year_booklet_says_so_and_lists_no_change(macau_years, tmp_path):
    import geopandas as gpd

    from learning_map.export.print.booklet import FIRST_BODY_TOP_MM
    from learning_map.export.words import second_site_names

    units = gpd.read_file(MACAU_ZONES)
    found = read(macau_years, 2025, units, "name_tc")
    assert found.previous is None
    pdf = tmp_path / "booklet-2025.pdf"
    html = print_booklet(found, macau_years, units, "name_tc", pdf, year=2025)
    text = pdf_text(pdf)
    assert "新開" not in text  # no site is called newly opened
    pages = booklet_pages(pdf)
    first_pages = [columns_text(pdf, number, top_mm=FIRST_BODY_TOP_MM)
                   for number, (heading, _, _) in enumerate(pages, start=1) if heading in set(units["name_tc"])]
    assert len(first_pages) == int((~units.geometry.is_empty).sum())
    # Six of Macau's sites lie outside every census zone (the university on Hengqin...): they
    # are listed after the zones, under a heading of their own.
    assert "不在任何統計單元內" in [heading for heading, _, _ in pages]
    assert all("首年名錄" in body for body in first_pages)
    assert missing_from_booklet(pdf, found.city, units, "name_tc", found.changes, None, found.locale) == {}
    # The Portuguese (else English) name beneath each 繁體 one, as Macau prints them.
    beneath = [n for n in second_site_names(found.city.sites, found.locale) if n]
    assert len(beneath) > 20
    assert [n for n in beneath if not shows(flat(text), n)] == []
    assert labels_outside_frame(html) == []


# -- Malta: generated units over the island -----------------------------------------------------

@pytest.fixture(scope="module")
def malta(tmp_path_factory) -> Path:
    if not MALTA_PBF.exists():
        pytest.skip(f"real data not found at {MALTA_PBF}")
    from learning_map.build.pipeline import build_from_files

    return built_once(tmp_path_factory, "malta",
                      lambda out: build_from_files(out, osm_path=MALTA_PBF, name="Malta 马耳他"))


def grid_units(sites, *, cells: int, field: str = "unit"):
    """``cells`` x ``cells`` square units over the sites' extent (metric), named U01.."""
    import geopandas as gpd
    import shapely

    metric = sites.to_crs(sites.estimate_utm_crs())
    west, south, east, north = metric.total_bounds
    xs, ys = np.linspace(west - 1, east + 1, cells + 1), np.linspace(south - 1, north + 1, cells + 1)
    boxes = [shapely.box(xs[i], ys[j], xs[i + 1], ys[j + 1]) for j in range(cells) for i in range(cells)]
    return gpd.GeoDataFrame({field: [f"U{k + 1:02d}" for k in range(len(boxes))]}, geometry=boxes,
                            crs=metric.crs)


def test_malta_booklet_lists_every_site_and_change(malta, tmp_path):
    import dataclasses

    import pandas as pd

    from learning_map.bundle.core import load_bundle
    from learning_map.export.year_compare import YearFound, coverage_table, fixed_time, site_changes

    city = load_bundle(malta)
    units = grid_units(city.sites, cells=3)
    # A year before without every seventh site (opened this year); every fifth changed its phone.
    ids = list(city.sites["site_id"])
    previous = dataclasses.replace(city, sites=city.sites[[i % 7 != 3 for i in range(len(ids))]])
    history = pd.DataFrame(
        [{"year": 2026, "action": "added", "site_id": s, "field": None, "old_value": None, "new_value": None}
         for i, s in enumerate(ids) if i % 7 == 3]
        + [{"year": 2026, "action": "changed", "site_id": s, "field": "phone", "old_value": "+356 2100 0000",
            "new_value": f"+356 2100 {i:04d}"} for i, s in enumerate(ids) if i % 5 == 0])
    found = YearFound(city=city, previous=previous, history=history, title="Malta 2026", when=fixed_time(2026),
                      locale="zh_Hans")
    found.changes = site_changes(history, city.sites, previous.sites, 2026, locale="zh_Hans")
    found.coverage = coverage_table(city, units, "unit", locale="zh_Hans")
    pdf = tmp_path / "malta.pdf"
    html = print_booklet(found, malta, units, "unit", pdf, year=2026)
    assert len(city.sites) > 150
    assert missing_from_booklet(pdf, city, units, "unit", found.changes, previous, "zh_Hans") == {}
    assert any("（续）" in heading for heading, _, _ in booklet_pages(pdf))
    assert labels_outside_frame(html) == []


# -- a generated city of 600 sites --------------------------------------------------------------

@pytest.fixture(scope="module")
def crowded_city(tmp_path_factory) -> Path:
    """A 41 x 41 street grid (100 m blocks) with 600 sites, half of them in one corner unit."""
    import geopandas as gpd

    from learning_map.build.writing import build_bundle
    from learning_map.city.categories import CATEGORIES
    from learning_map.walking.synthetic import grid_network

    crs, x0, y0 = "EPSG:32651", 350_000.0, 3_450_000.0  # UTM 51N: Shanghai
    grid = grid_network(41, 41, spacing_m=100, crs=crs)
    net = dataclasses_replace(grid, node_x=grid.node_x + x0, node_y=grid.node_y + y0,
                              edge_coords=grid.edge_coords + np.array([x0, y0]))
    rng = np.random.default_rng(21)
    corner = rng.uniform(0, 1300, (300, 2))
    spread = rng.uniform(0, 4000, (300, 2))
    xy = np.vstack([corner, spread]) + np.array([x0, y0])
    lon, lat = net.to_lonlat(xy[:, 0], xy[:, 1])
    keys = list(CATEGORIES)
    sites = gpd.GeoDataFrame(
        {"site_id": [f"g{i:03d}" for i in range(600)],
         "category": [keys[i % len(keys)] for i in range(600)],
         "name": [f"学习点{i:03d}号" for i in range(600)],
         "address": [f"示范路{i}号" if i % 3 == 0 else "" for i in range(600)]},
        geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    path = tmp_path_factory.mktemp("crowded") / "city"
    build_bundle(path, net, sites, name="网格城 Grid city")
    return path


def dataclasses_replace(obj, **changes):
    import dataclasses

    return dataclasses.replace(obj, **changes)


def test_a_crowded_generated_city_continues_over_several_pages(crowded_city, tmp_path):
    import pandas as pd

    from learning_map.bundle.core import load_bundle
    from learning_map.export.year_compare import YearFound, coverage_table, fixed_time

    city = load_bundle(crowded_city)
    assert len(city.sites) == 600
    units = grid_units(city.sites, cells=3)
    found = YearFound(city=city, previous=None, history=pd.DataFrame(), title="网格城 2026",
                      when=fixed_time(2026), locale="zh_Hans")
    found.changes = pd.DataFrame(columns=["action", "site_id", "name"])
    found.coverage = coverage_table(city, units, "unit", locale="zh_Hans")
    pdf = tmp_path / "crowded.pdf"
    print_booklet(found, crowded_city, units, "unit", pdf, year=2026)
    assert missing_from_booklet(pdf, city, units, "unit", found.changes, None, "zh_Hans") == {}
    headings = [h for h, _, _ in booklet_pages(pdf)]
    assert headings.count("U01（续）") >= 3  # the crowded corner: 300+ sites on 4+ pages
    assert "首年名录" in pdf_text(pdf)


def test_an_entry_no_page_can_hold_fails_with_one_sentence(crowded_city):
    import geopandas as gpd
    import pandas as pd

    from learning_map.bundle.core import load_bundle
    from learning_map.export.print.booklet import BookletLayoutError, booklet_document

    city = load_bundle(crowded_city)
    sites = city.sites.copy()
    sites["address"] = sites["address"].astype(object)
    sites.loc[0, "address"] = "很长的地址" * 2000
    import dataclasses

    city = dataclasses.replace(city, sites=gpd.GeoDataFrame(sites, geometry="geometry", crs=city.sites.crs))
    units = grid_units(city.sites, cells=1)
    with pytest.raises(BookletLayoutError) as caught:
        booklet_document(city, crowded_city, year=2026, title="T", units=units, unit_field="unit",
                         coverage_rows=pd.DataFrame(columns=["unit", "minutes", "category", "pace"]),
                         changes=pd.DataFrame(), previous=None, locale="en")
    sentence = caught.value.text("en")
    assert sentence.startswith("A booklet page cannot hold one entry of U01")


# -- the coverage outline --------------------------------------------------------------------------

def stair_share(area, cell_m: float) -> float:
    """Share of corners where two short axis-aligned segments (at most 1.5 cells) meet at a right angle."""
    import shapely

    corners = stairs = 0
    for ring in shapely.get_rings(shapely.get_parts(area)):
        d = np.diff(np.asarray(ring.coords), axis=0)
        length = np.hypot(d[:, 0], d[:, 1])
        horizontal = np.abs(d[:, 1]) < 1e-6
        vertical = np.abs(d[:, 0]) < 1e-6
        short = length <= 1.5 * cell_m
        a, b = slice(None, -1), slice(1, None)
        step = (short[a] & short[b]) & ((horizontal[a] & vertical[b]) | (vertical[a] & horizontal[b]))
        corners += len(step)
        stairs += int(step.sum())
    return stairs / max(corners, 1)


def test_coverage_outline_is_smoothed_without_grid_stairs(macau_years):
    from learning_map import settings
    from learning_map.bundle.core import load_bundle
    from learning_map.export.print.maps import coverage_area, coverage_traced

    city = load_bundle(macau_years)
    crs = city.network.crs
    traced = coverage_traced(city, crs)
    smoothed = coverage_area(city, crs)
    cell = settings.ISOCHRONE_CELL_M
    assert stair_share(traced, cell) > 0.3  # the grid's stairs, before
    assert stair_share(smoothed, cell) < 0.01
    assert smoothed.is_valid
    # The area moves by less than 2 %, and no more than 6 % of it changes side.
    assert abs(smoothed.area / traced.area - 1) < 0.02
    assert traced.symmetric_difference(smoothed).area / traced.area < 0.06
