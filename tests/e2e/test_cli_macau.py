"""The CLI run as a user runs it, on the real Macau extract and census zones."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from learning_map.bundle.core import load_bundle
from tests.conftest import MACAU_DIR, MACAU_ZONES, need_shared

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow


def run_process(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """``python -m learning_map ...`` in a process of its own, exactly as a user runs it."""
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    result = subprocess.run(
        [sys.executable, "-m", "learning_map", *args], capture_output=True, text=True, env=env,
        timeout=600,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def run_cli(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """The same command in-process with click's CliRunner (no interpreter start-up)."""
    from click.testing import CliRunner

    from learning_map.cli import main

    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    done = subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)
    if check:
        assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def built(tmp_path_factory, macau_pbf) -> Path:
    out = tmp_path_factory.mktemp("cli") / "macau"
    result = run_process("build", "--osm", str(macau_pbf), "--out", str(out),
                         "--population", f"{MACAU_ZONES}:pop_est", "--elderly-share", "old_per")
    assert "682,400 residents" in result.stdout
    return out


def coverage_json(bundle: Path, *args: str) -> dict:
    return json.loads(run_cli("coverage", str(bundle), "--json", *args).stdout)


def test_build_then_coverage_json_is_sane(built):
    report = coverage_json(built, "--minutes", "5,10,15")
    assert report["population"] == pytest.approx(682_400, rel=1e-6)
    rows = report["coverage"]
    categories = {r["category"] for r in rows}
    assert {"library", "elderly_education", "community_learning", "school", "all"} <= categories
    for row in rows:
        for share in ("network_share", "population_share", "elderly_share"):
            assert 0.0 <= row[share] <= 1.0
        assert row["population"] == pytest.approx(682_400, rel=1e-6)
    library = {r["minutes"]: r for r in rows if r["category"] == "library"}
    assert library[5]["sites"] == 20
    assert library[5]["population_share"] < library[10]["population_share"] < library[15]["population_share"]
    # Macau is dense: 20 libraries reach most residents in 15 minutes, but not everyone.
    assert 0.5 < library[15]["population_share"] < 1.0


def test_elderly_pace_covers_no_more_than_adult_pace(built):
    adult = {r["category"]: r for r in coverage_json(built, "--minutes", "15", "--speed", "adult")["coverage"]}
    elderly = {r["category"]: r for r in coverage_json(built, "--minutes", "15", "--speed", "elderly")["coverage"]}
    assert adult.keys() == elderly.keys()
    for key, row in adult.items():
        assert elderly[key]["population_share"] <= row["population_share"]
        assert elderly[key]["elderly_share"] <= row["elderly_share"]
        assert elderly[key]["network_share"] < row["network_share"]


def test_by_parish_table_and_csv(built):
    parishes = MACAU_DIR / "parishes.gpkg"
    need_shared(parishes)
    report = coverage_json(built, "--minutes", "15", "--category", "library", "--by", f"{parishes}:name")
    units = report["units"]
    assert len({u["unit"] for u in units}) >= 8
    assert sum(u["population"] for u in units) == pytest.approx(682_400, rel=1e-6)
    text = run_cli("coverage", str(built), "--minutes", "15", "--speed", "elderly").stdout
    assert "图书馆" in text
    assert "Library" in text
    assert "%" in text
    csv_text = run_cli("coverage", str(built), "--csv", "--category", "school").stdout
    assert csv_text.splitlines()[0].startswith("category,label_zh,label_en,sites,minutes")
    assert len(csv_text.splitlines()) == 4  # header + 5/10/15 minutes


def test_map_is_a_self_contained_html_file(built, tmp_path):
    out = tmp_path / "macau.html"
    run_cli("map", str(built), "--out", str(out))
    html = out.read_text(encoding="utf-8")
    assert "cdn.jsdelivr" not in html
    assert "code.jquery.com" not in html
    assert '<script src="http' not in html
    assert '<link rel="stylesheet" href="http' not in html
    assert "L.map(" in html or "L.map (" in html
    assert "OpenStreetMap" in html
    # Macau's map is in 繁體, its city's script.
    assert '<html lang="zh-Hant">' in html
    assert "圖書館" in html


def test_build_with_registry_reports_rejected_rows(tmp_path, macau_pbf):
    registry = tmp_path / "registry.csv"
    registry.write_text(
        "名称,类别,经度,纬度\n"
        "澳门中央图书馆,图书馆,113.5417,22.1917\n"
        "无坐标,图书馆,,\n"
        "远在海上,老年大学,113.70,22.10\n",
        encoding="utf-8",
    )
    out = tmp_path / "bundle"
    result = run_cli("build", "--osm", str(macau_pbf), "--sites", str(registry), "--out", str(out))
    assert "registry.csv: loaded 2 sites, rejected 1 rows" in result.stdout  # file rows
    assert re.search(r", 1 sites\b", result.stdout), result.stdout  # one was too far from any way
    assert "Rejected 2 sites" in result.stderr
    rejected = (out / "rejected_sites.csv").read_text(encoding="utf-8-sig")
    assert "no place found for this row" in rejected  # no coordinates, and its name is in no map
    assert "from any walkable way" in rejected
    assert load_bundle(out).sites["name"].tolist() == ["澳门中央图书馆"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "--osm", "missing.osm.pbf", "--out", "x"], "OSM file not found"),
        (["build", "--out", "x"], "Give exactly one of --osm FILE or --place NAME"),
        (["coverage", "no-such-bundle"], "is not a city bundle"),
        (["coverage", "BUNDLE", "--speed", "fast"], "error: --speed: 'fast' is not"),
        (["coverage", "BUNDLE", "--minutes", "0"], "--minutes"),
        (["coverage", "BUNDLE", "--by", "nowhere.gpkg:name"], "not found"),
    ],
)
def test_user_mistakes_give_one_sentence_and_exit_1(built, args, message, tmp_path):
    args = [str(built) if a == "BUNDLE" else a for a in args]
    result = run_cli(*args, check=False)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_wrong_format_and_empty_extract(tmp_path):
    bad = tmp_path / "broken.osm.pbf"
    bad.write_bytes(b"this is not a pbf")
    result = run_cli("build", "--osm", str(bad), "--out", str(tmp_path / "o"), check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Cannot read broken.osm.pbf" in result.stderr
    empty = tmp_path / "empty.osm"
    empty.write_text('<?xml version="1.0"?><osm version="0.6"><node id="1" lat="22.2" lon="113.5"/></osm>')
    result = run_cli("build", "--osm", str(empty), "--out", str(tmp_path / "o"), check=False)
    assert result.returncode == 1
    assert "no walkable ways" in result.stderr
