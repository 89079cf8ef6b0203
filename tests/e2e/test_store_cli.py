"""The registry-store commands run as a user runs them, on both backends."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd

from learning_map.store import STORE_FILE
from tests.conftest import REPO

HEADER = "编号,名称,类别,子类型,座位数,地址,经度,纬度\n"
ROWS_2024 = (
    "S1,澳门中央图书馆,图书馆,,,塔石广场,113.5430,22.1910\n"
    "S2,颐康长者学苑,老年教育,社会学习点,40,\"=HYPERLINK(\"\"http://evil\"\")\",113.5500,22.2000\n"
    "S3,无坐标学校,学校,,,,abc,22.2\n"
    "S4,夜校,老年教育,夜校,,,113.55,22.21\n"
    "S5,养教结合点,老年教育,养教结合,60,,113.56,22.21\n"
)


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "learning_map", *args], capture_output=True, text=True, cwd=REPO,
        env={**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})}, timeout=300,
    )


def test_import_csv_with_chinese_headers_and_rejected_rows(store_target, tmp_path):
    registry = tmp_path / "2024年学习点.csv"
    registry.write_text(HEADER + ROWS_2024, encoding="utf-8-sig")
    city = store_target.bundle_dir
    result = run_cli("import", str(city), str(registry), "--year", "2024", *store_target.cli_args())
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "3 sites to import, 2 rows rejected / " in out
    assert "可导入 3 个站点，拒绝 2 行" in out
    assert "3 added, 0 changed, 0 reopened, 0 closed, 0 unchanged, 2 rejected" in out
    assert "新增 3，变更 0，恢复 0，关闭 0，未变 0，拒绝 2" in out
    rejected = pd.read_csv(city / "rejected_import.csv", encoding="utf-8-sig", dtype=str)
    assert list(rejected["line"]) == ["4", "5"]
    assert rejected["reason"].iloc[0].startswith("longitude 'abc' is not a number")
    assert rejected["reason"].iloc[1].startswith("unknown subtype '夜校'")
    assert list(rejected["编号"]) == ["S3", "S4"]  # original headings and values
    assert (city / STORE_FILE).exists() == (store_target.backend == "gpkg")

    store = store_target.open()
    sites = store.sites_as_of(2024).set_index("site_id")
    assert sorted(sites.index) == ["S1", "S2", "S5"]
    assert sites.loc["S2", "subtype"] == "social_learning_point"
    assert sites.loc["S5", "subtype"] == "care_education_point"
    assert sites.loc["S5", "capacity"] == 60
    assert sites.loc["S2", "address"] == '=HYPERLINK("http://evil")'  # stored as text, exactly
    assert store.imports()["rejected"].tolist() == [2]

    # Next year: S2 is gone and S1 moved; --close-missing closes S2, never deletes it.
    registry_2025 = tmp_path / "2025.csv"
    registry_2025.write_text(
        HEADER + "S1,澳门中央图书馆,图书馆,,,塔石广场,113.5431,22.1910\n"
        "S5,养教结合点,老年教育,养教结合,60,,113.56,22.21\n", encoding="utf-8",
    )
    result = run_cli("import", str(city), str(registry_2025), "--year", "2025",
                     *store_target.cli_args())
    assert result.returncode == 0, result.stderr
    assert "0 added, 1 changed, 0 reopened, 0 closed, 1 unchanged" in result.stdout
    assert "Sites open in 2024 that are not in this file (1): S2; import with --close-missing" in result.stdout
    assert not (city / "rejected_import.csv").exists()  # nothing rejected this time
    result = run_cli("import", str(city), str(registry_2025), "--year", "2025", "--close-missing",
                     *store_target.cli_args())
    assert result.returncode == 0, result.stderr
    assert "0 added, 0 changed, 0 reopened, 1 closed, 2 unchanged" in result.stdout
    assert sorted(store.sites_as_of(2025)["site_id"]) == ["S1", "S5"]
    assert sorted(store.all_sites()["site_id"]) == ["S1", "S2", "S5"]

    shown = run_cli("registry", "show", str(city), "--year", "2024", *store_target.cli_args())
    assert shown.returncode == 0, shown.stderr
    assert "3 sites open in 2024 / 2024 年开放的场所 3 处" in shown.stdout
    assert "社会学习点" in shown.stdout
    csv_out = run_cli("registry", "show", str(city), "--year", "2025", "--csv", *store_target.cli_args())
    lines = csv_out.stdout.splitlines()
    assert lines[0].startswith("site_id,name,")
    assert lines[0].endswith(",capacity,opened_year,closed_year,lon,lat")
    assert [line.split(",")[0] for line in lines[1:]] == ["S1", "S5"]


def test_dump_and_restore_commands(tmp_path):
    city, copy = tmp_path / "city", tmp_path / "copy"
    city.mkdir()
    copy.mkdir()
    registry = tmp_path / "r.csv"
    registry.write_text(HEADER + ROWS_2024, encoding="utf-8")
    assert run_cli("import", str(city), str(registry), "--year", "2024").returncode == 0
    dump = tmp_path / "registry.jsonl"
    result = run_cli("registry", "dump", str(city), str(dump))
    assert result.returncode == 0, result.stderr
    assert "3 sites, 3 history rows" in result.stdout
    result = run_cli("registry", "restore", str(copy), str(dump))
    assert result.returncode == 0, result.stderr
    assert "Restored 3 sites, 3 history rows and 1 imports" in result.stdout
    again = tmp_path / "again.jsonl"
    assert run_cli("registry", "dump", str(copy), str(again)).returncode == 0
    assert again.read_bytes() == dump.read_bytes()
    refused = run_cli("registry", "restore", str(copy), str(dump))
    assert refused.returncode == 1
    assert "already holds data; restore with --replace" in refused.stderr
    assert "已有数据，如要覆盖请加 --replace" in refused.stderr


def test_import_from_one_sheet_of_a_workbook(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    old = workbook.active
    old.title = "2023"
    old.append(["编号", "名称", "类别", "经度", "纬度"])
    old.append(["OLD", "旧站点", "图书馆", 113.54, 22.19])
    new = workbook.create_sheet("2024")
    new.append(["编号", "名称", "类别", "类型细分", "经度", "纬度"])
    new.append(["N1", "示范点", "老年教育", "居村委示范学习点", 113.55, 22.20])
    new.append(["N2", "图书馆", "图书馆", "", 113.56, 22.21])
    path = tmp_path / "registry.xlsx"
    workbook.save(path)
    city = tmp_path / "city"
    city.mkdir()
    result = run_cli("import", str(city), str(path), "--year", "2024", "--sheet", "2024")
    assert result.returncode == 0, result.stderr
    assert "2 added" in result.stdout
    from learning_map.store import open_store

    with open_store(city) as store:
        sites = store.sites_as_of(2024).set_index("site_id")
    assert sorted(sites.index) == ["N1", "N2"]
    assert sites.loc["N1", "subtype"] == "neighbourhood_model_point"
    missing = run_cli("import", str(city), str(path), "--sheet", "2099")
    assert missing.returncode == 1
    assert "has no sheet '2099' (sheets: 2023, 2024)" in missing.stderr


def test_user_mistakes_exit_1_with_one_bilingual_sentence(tmp_path):
    city = tmp_path / "city"
    city.mkdir()
    no_ids = tmp_path / "no_ids.csv"
    no_ids.write_text("名称,类别,经度,纬度\n图书馆,图书馆,113.54,22.19\n", encoding="utf-8")
    good = tmp_path / "good.csv"
    good.write_text(HEADER + ROWS_2024, encoding="utf-8")
    cases = [
        (("import", str(tmp_path / "nowhere"), str(good)), "city folder not found"),
        (("import", str(city), str(no_ids)), "has no id column"),
        (("import", str(city), str(good), "--sheet", "x"), "is not an Excel workbook"),
        (("import", str(city), str(good), "--database", "mysql://u@h/db"), "unsupported database URL"),
        (("registry", "restore", str(city), str(tmp_path / "none.jsonl")), "dump file not found"),
        (("registry", "show", str(city)), "Missing option '--year'"),
    ]
    for args, expected in cases:
        result = run_cli(*args)
        assert result.returncode == 1, (args, result.stdout)
        assert expected in result.stderr, (args, result.stderr)
        assert " / " in result.stderr
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_a_build_never_replaces_the_registry(tmp_path):
    from learning_map.build.pipeline import build_from_files
    from learning_map.store import open_store
    from tests.conftest import hostile_osm

    city = tmp_path / "city"
    city.mkdir()
    registry = tmp_path / "r.csv"
    registry.write_text(HEADER + ROWS_2024, encoding="utf-8")
    assert run_cli("import", str(city), str(registry), "--year", "2024").returncode == 0
    before = (city / STORE_FILE).read_bytes()
    osm = hostile_osm(tmp_path / "city.osm", tmp_path / "marker")
    for _ in range(2):  # the second build replaces the first one's files
        build_from_files(city, osm_path=osm, name="test")
    assert (city / "CURRENT").exists()
    assert (city / STORE_FILE).read_bytes() == before
    with open_store(city) as store:
        assert sorted(store.sites_as_of(2024)["site_id"]) == ["S1", "S2", "S5"]


def test_what_registry_show_writes_imports_again_unchanged(store_target, tmp_path):
    """`registry show --csv` then `import` of that file: the same sites, nothing changed (its
    osm_id and source columns are the sites' own fields, not extra columns twice)."""
    registry = tmp_path / "2024.csv"
    registry.write_text(HEADER + ROWS_2024, encoding="utf-8-sig")
    city = store_target.bundle_dir
    assert run_cli("import", str(city), str(registry), "--year", "2024", *store_target.cli_args()).returncode == 0
    shown = run_cli("registry", "show", str(city), "--year", "2024", "--csv", *store_target.cli_args())
    assert shown.returncode == 0, shown.stderr
    assert "osm_id" in shown.stdout.splitlines()[0]
    again = tmp_path / "shown.csv"
    again.write_text(shown.stdout, encoding="utf-8")
    result = run_cli("import", str(city), str(again), "--year", "2025", *store_target.cli_args())
    assert result.returncode == 0, result.stderr
    assert "0 added, 0 changed, 0 reopened, 0 closed, 3 unchanged, 0 rejected" in result.stdout


def test_a_past_year_reads_as_it_was_not_as_it_is_now(store_target, tmp_path):
    """A site's phone changed and it moved in 2025: 2024's sites still have 2024's phone and place."""
    city = store_target.bundle_dir
    first = tmp_path / "2024.csv"
    first.write_text("site_id,name,category,phone,capacity,lon,lat\n"
                     "S1,澳门中央图书馆,library,+853 2800 0000,40,113.5430,22.1910\n", encoding="utf-8")
    later = tmp_path / "2025.csv"
    later.write_text("site_id,name,category,phone,capacity,lon,lat\n"
                     "S1,澳门中央图书馆,library,+853 2899 9999,60,113.5440,22.1920\n", encoding="utf-8")
    for path, year in ((first, "2024"), (later, "2025")):
        assert run_cli("import", str(city), str(path), "--year", year, *store_target.cli_args()).returncode == 0
    store = store_target.open()
    then, now = store.sites_as_of(2024).iloc[0], store.sites_as_of(2025).iloc[0]
    assert (then["phone"], then["capacity"]) == ("+853 2800 0000", 40)
    assert (round(then.geometry.x, 4), round(then.geometry.y, 4)) == (113.543, 22.191)
    assert (now["phone"], now["capacity"]) == ("+853 2899 9999", 60)
    assert (round(now.geometry.x, 4), round(now.geometry.y, 4)) == (113.544, 22.192)
