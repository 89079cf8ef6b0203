"""The registry by year, end to end: build from a registry file, import the next year, answer per year."""

from __future__ import annotations

import json

import pytest

from learning_map.bundle.core import load_bundle
from learning_map.store import STORE_FILE, open_store
from learning_map.web import create_app

pytestmark = pytest.mark.slow

REGISTRY_2024 = """编号,名称,类别,经度,纬度
L1,澳門中央圖書館,图书馆,113.5417,22.1917
L2,何東圖書館,图书馆,113.5397,22.1929
E1,長者學苑,老年大学,113.5500,22.2000
"""
REGISTRY_2025 = """编号,名称,类别,经度,纬度
L1,澳門中央圖書館,图书馆,113.5417,22.1917
E1,長者學苑,老年大学,113.5500,22.2000
C1,新社區學校,社区学校,113.5560,22.2060
"""


@pytest.fixture(scope="module")
def city(tmp_path_factory, macau_pbf):
    """Built with --sites for 2024 (import-then-build), then 2025 imported on top."""
    from click.testing import CliRunner

    from learning_map.cli import main

    root = tmp_path_factory.mktemp("years")
    (root / "r2024.csv").write_text(REGISTRY_2024, encoding="utf-8")
    (root / "r2025.csv").write_text(REGISTRY_2025, encoding="utf-8")
    out = root / "city"
    runner = CliRunner()
    built = runner.invoke(main, ["build", "--osm", str(macau_pbf), "--sites", str(root / "r2024.csv"),
                                 "--year", "2024", "--out", str(out)])
    assert built.exit_code == 0, built.stderr
    assert "3 added" in built.stdout
    imported = runner.invoke(main, ["import", str(out), str(root / "r2025.csv"), "--year", "2025",
                                    "--close-missing"])
    assert imported.exit_code == 0, imported.stderr
    assert "1 added" in imported.stdout
    assert "closed in 2025 (1): L2" in imported.stdout
    return out


def coverage(runner, city, *args):
    result = runner.invoke(["coverage", str(city), "--json", "--minutes", "15", *args])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_build_with_ids_keeps_the_registry_and_builds_from_it(city):
    assert (city / STORE_FILE).is_file()
    assert sorted(load_bundle(city).sites["site_id"]) == ["E1", "L1", "L2"]
    with open_store(city) as store:
        assert [r.action for r in store.history("L2").itertuples()] == ["added", "closed"]
        assert store.years() == [2024, 2025]


def test_coverage_answers_for_each_year(runner, city):
    by_year = {}
    for year in (2024, 2025):
        report = coverage(runner, city, "--year", str(year))
        assert report["registry_year"] == year
        by_year[year] = {r["category"]: r["sites"] for r in report["coverage"]}
    assert by_year[2024]["library"] == 2
    assert by_year[2025]["library"] == 1  # L2 closed in 2025
    assert by_year[2024]["community_learning"] == 0
    assert by_year[2025]["community_learning"] == 1  # C1 opened in 2025
    assert coverage(runner, city)["registry_year"] is None  # the build's own sites


def test_served_app_shows_the_registry_year(city):
    client = create_app(city, test_config={"REGISTRY_YEAR": 2025}).test_client()
    ids = sorted(f["properties"]["site_id"] for f in client.get("/api/sites").get_json()["features"])
    assert ids == ["C1", "E1", "L1"]


def test_build_for_a_year_from_the_store(runner, city, macau_pbf, tmp_path):
    result = runner.invoke(["build", "--osm", str(macau_pbf), "--year", "2025", "--out", str(city)])
    assert result.exit_code == 0, result.stderr
    assert sorted(load_bundle(city).sites["site_id"]) == ["C1", "E1", "L1"]
    missing = runner.invoke(["coverage", str(city), "--year", "2019"])
    assert missing.exit_code == 1
    assert "no site open in 2019 (years: 2024, 2025)" in missing.stderr


def test_osm_extract_enters_the_registry_for_its_own_year(runner, city, macau_pbf):
    result = runner.invoke(["import", str(city), str(macau_pbf)])
    assert result.exit_code == 0, result.stderr
    assert "Import #3 of osm for 2026: 159 added" in result.stdout  # header: 2026-02-20
    with open_store(city) as store:
        sites = store.sites_as_of(2026)
    osm = sites[sites["source"] == "osm"]
    assert len(osm) == 159
    assert osm["site_id"].str.startswith("osm-").all()


def test_registry_without_ids_builds_directly_and_records_nothing(runner, macau_pbf, tmp_path):
    registry = tmp_path / "noid.csv"
    registry.write_text("名称,类别,经度,纬度\n澳門中央圖書館,图书馆,113.5417,22.1917\n", encoding="utf-8")
    out = tmp_path / "b"
    result = runner.invoke(["build", "--osm", str(macau_pbf), "--sites", str(registry), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert not (out / STORE_FILE).exists()
    assert load_bundle(out).sites["name"].tolist() == ["澳門中央圖書館"]
    no_registry = runner.invoke(["coverage", str(out), "--year", "2024"])
    assert no_registry.exit_code == 1
    assert "has no registry" in no_registry.stderr


def test_import_places_rows_by_address_with_the_extracts_geocoder(runner, macau_pbf, tmp_path):
    registry = tmp_path / "addr.csv"
    registry.write_text(
        "编号,名称,类别,地址,经度,纬度\n"
        "G2,無坐標學校,社区学校,中心街 3號,,\n"
        "G3,找不到,社区学校,火星路999号,,\n",
        encoding="utf-8",
    )
    city = tmp_path / "city"
    city.mkdir()
    without = runner.invoke(["import", str(city), str(registry), "--year", "2027"])
    assert without.exit_code == 1  # no coordinates and no geocoder: nothing to import
    result = runner.invoke(["import", str(city), str(registry), "--year", "2027", "--osm", str(macau_pbf)])
    assert result.exit_code == 0, result.stderr
    assert "1 added" in result.stdout
    with open_store(city) as store:
        placed = store.sites_as_of(2027).set_index("site_id")
    assert list(placed.index) == ["G2"]
    # 中心街 3 is in Macau's old town, near Rua Direita do Hipódromo.
    assert 113.53 < placed.geometry.x["G2"] < 113.56
    assert 22.18 < placed.geometry.y["G2"] < 22.22
    rejected = (city / "rejected_import.csv").read_text(encoding="utf-8-sig")
    assert "no place found for this row: place it by hand on the admin map, or give its coordinates / 未能为此行" in rejected
    assert "火星路999号" in rejected
