"""
The humanities walking map (市民人文行走地图) and the route card, on Macau's curated routes.

Completeness is read back from the PDFs (pdftotext): every stop of every route is on its
sheet and its card, by name and by number; each product is in one script.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from learning_map.base.units import resolve_speed_kmh
from learning_map.bundle.core import load_bundle
from learning_map.city.walks import curated_walk
from learning_map.errors import ParameterError
from learning_map.io.routes import read_route, route_files
from tests.conftest import SHIPPED_MACAU
from tests.script_check import html_data, pdf_text, script_slips

ROUTES = SHIPPED_MACAU / "routes"
needs_print_tools = pytest.mark.skipif(not all(shutil.which(t) for t in ("pdftotext", "pdfinfo")),
                                       reason="poppler-utils is not installed (scripts/test.sh installs it)")


def flat(text: str) -> str:
    """PDF text without spaces and line breaks (pdftotext breaks lines and spaces CJK)."""
    return re.sub(r"\s+", "", text)


def test_the_shipped_routes_are_real_historic_centre_sites_from_the_osm_extract(macau_bundle):
    """Each stop that is a sight of the extract lies where the extract has it, under its name."""
    city = load_bundle(macau_bundle)
    stops = city.stops.set_index("osm_id")
    files = route_files(SHIPPED_MACAU)
    assert [p.stem.split()[0] for p in files] == ["澳門歷史城區", "議事亭前地至大三巴慢行"]
    for path in files:
        route = read_route(path)
        matched = 0
        for row in route.itertuples():
            if row.id in stops.index:
                sight = stops.loc[row.id]
                x, y = city.network.to_xy([row.lon, sight.geometry.x], [row.lat, sight.geometry.y])
                assert abs(x[0] - x[1]) < 25, row.name
                assert abs(y[0] - y[1]) < 25, row.name
                assert row.name in sight["name"] or sight["name"] in row.name, (row.name, sight["name"])
                matched += 1
        assert matched >= len(route) - 3  # a square and two buildings are not sights in OSM's tags
        assert route["name_pt"].str.len().gt(0).all()
        plan = curated_walk(city.network, route, speed_kmh=resolve_speed_kmh("adult"))
        assert 500 < plan.walk_m < 4_000  # the historic centre on foot: an hour at elderly pace at most
    first = read_route(files[0])
    assert {"媽閣廟", "大三巴牌坊", "議事亭前地", "鄭家大屋", "何東圖書館", "大炮台"} <= set(first["name"])


@pytest.mark.slow
@needs_print_tools
@pytest.mark.parametrize("locale", ["zh_Hant", "zh_Hans", "en", "pt"])
def test_walk_map_lists_and_numbers_every_stop_of_every_route(macau_routes_bundle, locale, tmp_path, output_dir):
    from learning_map.export.print.chromium import check_cjk_font, print_pages
    from learning_map.export.print.walk_map import walk_map_documents

    city = load_bundle(macau_routes_bundle)
    sheets = walk_map_documents(city, macau_routes_bundle, year=2026, paper="A3", locale=locale,
                                font=check_cjk_font(), publisher="澳門文化局", review_number="澳S(2026)001号")
    # Two routes through the same old town: one sheet (see walk_map's rule).
    assert [s.stem for s in sheets] == ["walks-map-2026"]
    routes = sheets[0].routes
    assert [len(r.sights) for r in routes] == [18, 6]
    pdf = tmp_path / "walks.pdf"
    print_pages(sheets[0].html, pdf, paper="A3")
    shutil.copy(pdf, output_dir / f"walks-map-{locale}.pdf")
    text = pdf_text(pdf)
    key = locale.replace("_", "-")
    for route in routes:
        assert flat(route.title) in flat(text)
        for number, stop in enumerate(route.sights, start=1):
            name = stop["names"][key] or stop["names"]["en"]
            assert flat(name) in flat(text), name
            # Its number, in the list and on the map (a marker's text): at least twice.
            assert len(re.findall(rf"(?<![0-9]){route.letter}{number}(?![0-9])", text)) >= 2, (route.letter, number)
            if locale.startswith("zh"):
                assert flat(stop["names"]["pt"]) in flat(text)  # the Portuguese name beneath
    assert "OpenStreetMap" in text
    assert "澳S(2026)001号" in text
    words = {"zh_Hant": "市民人文行走地圖", "zh_Hans": "市民人文行走地图", "en": "humanities walking map",
             "pt": "mapa de passeios culturais"}
    assert words[locale] in " ".join(text.split())
    data = [*(r.title for r in routes), "澳門文化局", "澳S(2026)001号", *html_data(sheets[0].html)]
    for route in routes:
        for stop in route.sights:
            data += [stop["names"][key], stop["names"]["en"], stop["names"]["pt"]]
    assert script_slips(text, locale, data, html_data(sheets[0].html)) == []


def test_routes_far_apart_get_a_sheet_each_and_a_route_too_long_fails_in_one_sentence(macau_routes_bundle):
    from learning_map.export.print.walk_map import WalkRoute, city_routes, walk_map_sheets

    city = load_bundle(macau_routes_bundle)
    routes = city_routes(city, macau_routes_bundle, "zh_Hant")
    # The same route moved to Coloane, 8 km south: too far to share a readable map.
    far = json.loads(json.dumps(routes[1].plan))
    for stop in far["stops"]:
        stop["lat"] -= 0.075
        stop["lon"] += 0.02
    far["line"] = None
    moved = WalkRoute("C", "far", far, True, "#000000")
    sheets = walk_map_sheets([*routes, moved], city, paper="A3", locale="zh_Hant")
    assert [[r.letter for r in s.routes] for s in sheets] == [["A"], ["B"], ["C"]]
    # 150 stops: no A3 sheet lists them beside a map; the export stops, and says what to do.
    long_plan = json.loads(json.dumps(routes[0].plan))
    long_plan["stops"] = long_plan["stops"] * 9
    with pytest.raises(ParameterError) as caught:
        walk_map_sheets([WalkRoute("A", "long", long_plan, True, "#000000")], city, paper="A3", locale="zh_Hant")
    assert "A1" in caught.value.text("en")
    assert caught.value.param == "paper"


@pytest.mark.slow
@needs_print_tools
@pytest.mark.parametrize("route_index", [0, 1])
def test_route_card_of_a_curated_route_names_and_numbers_every_stop(runner, macau_routes_bundle, route_index,
                                                                    tmp_path, output_dir):
    route_file = route_files(macau_routes_bundle)[route_index]
    card = tmp_path / "card.pdf"
    result = runner.invoke(["walks", str(macau_routes_bundle), "--route", str(route_file), "--json",
                            "--card", str(card)])
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    shutil.copy(card, output_dir / f"walk-card-{route_index}.pdf")
    text = pdf_text(card)
    sights = [s for s in plan["stops"] if s["kind"] == "sight"]
    # The title is the route's, the count says what the list holds: stops, and rest points apart.
    assert flat(route_file.stem.split()[0]) in flat(text)
    assert f"{len(sights)}個站點" in flat(text)
    assert re.search(r"沿途\d+個休息點", flat(text))
    for number, stop in enumerate(sights, start=1):
        assert flat(stop["names"]["zh-Hant"]) in flat(text), stop["name"]
        assert flat(stop["names"]["pt"]) in flat(text)  # Portuguese beneath
        assert re.search(rf"(?<!\d){number}(?!\d)", text)
    assert "起點" in text  # the first stop is the start, not "<1 minute" from itself
    assert "北" in text  # the north arrow's letter


@pytest.mark.slow
@needs_print_tools
def test_route_card_of_a_suggested_walk_counts_stops_and_rest_points_apart(runner, macau_bundle, tmp_path,
                                                                           output_dir):
    card = tmp_path / "card.pdf"
    result = runner.invoke(["walks", str(macau_bundle), "--from", "113.5395,22.1934", "--minutes", "60",
                            "--speed", "elderly", "--theme", "history", "--json", "--card", str(card)])
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    shutil.copy(card, output_dir / "walk-card-loop.pdf")
    text = pdf_text(card)
    sights = [s for s in plan["stops"] if s["kind"] == "sight"]
    rests = [s for s in plan["stops"] if s["kind"] == "rest"]
    assert rests  # the hour's walk rests once at least
    assert f"{len(sights)}個站點" in flat(text)
    assert f"沿途{len(rests)}個休息點" in flat(text)
    # The list numbers the sights 1..n; a rest point is marked 休, never numbered.
    for number in range(1, len(sights) + 1):
        assert re.search(rf"(?<![\d.]){number}(?![\d.])", text), number
    assert "休" in text
    for stop in sights:
        assert flat(stop["names"]["zh-Hant"]) in flat(text), stop["name"]
    names = [s["names"]["zh-Hant"] or s["name"] for s in plan["stops"]]
    data = [*names, *(s["names"].get("en") or "" for s in plan["stops"]),
            *(s["names"].get("pt") or "" for s in plan["stops"])]
    assert script_slips(text, "zh_Hant", data, data) == []


@pytest.mark.slow
@needs_print_tools
def test_the_yearly_export_prints_the_walking_map_and_lists_it(tmp_path_factory, macau_pbf):
    from click.testing import CliRunner

    from learning_map.build.demo import copy_routes
    from learning_map.cli import main

    root = tmp_path_factory.mktemp("walks-export")
    (root / "r2026.csv").write_text("编号,名称,类别,经度,纬度\nL1,何東圖書館,图书馆,113.5376,22.1925\n",
                                    encoding="utf-8")
    city, out = root / "city", root / "out"
    runner = CliRunner()
    built = runner.invoke(main, ["build", "--osm", str(macau_pbf), "--sites", str(root / "r2026.csv"),
                                 "--year", "2026", "--out", str(city)])
    assert built.exit_code == 0, built.stderr
    copy_routes(ROUTES, city)
    exported = runner.invoke(main, ["export", str(city), "--year", "2026", "--out", str(out),
                                    "--review-number", "澳S(2026)001号"])
    assert exported.exit_code == 0, exported.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["name"] for f in manifest["files"]}
    assert {"walks-map-2026.pdf", "walks-map-2026.png"} <= listed
    text = pdf_text(out / "walks-map-2026.pdf")
    assert "大三巴牌坊" in flat(text)
    assert "澳S(2026)001号" in text


def test_demo_copies_the_shipped_routes(tmp_path):
    from learning_map.build.demo import copy_routes, demo_city

    assert demo_city("macau").routes == Path(ROUTES)  # what `learning-map demo` copies

    copies = copy_routes(ROUTES, tmp_path)
    assert [p.name for p in copies] == [p.name for p in sorted(Path(ROUTES).glob("*.csv"))]
    assert route_files(tmp_path) == copies
