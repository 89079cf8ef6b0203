"""The registry store on both backends: GeoPackage file and PostGIS (same tests, same results)."""

from __future__ import annotations

import contextlib
import json
import signal
import sqlite3
import subprocess
import sys
import threading

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from learning_map.base.tables import write_csv
from learning_map.city.categories import SUBTYPES, subtype_key
from learning_map.errors import StoreError
from learning_map.store import LATEST_VERSION, STORE_COLUMNS, open_store
from learning_map.store import admin as store_admin
from learning_map.store.columns import Reason
from learning_map.store.geometry import gpkg_to_xy, points_to_gpkg
from tests import _servers
from tests.conftest import REPO, StoreTarget
from tests.old_store import add_old_site


def sites(*rows: tuple, **columns: list) -> gpd.GeoDataFrame:
    """Sites from (site_id, name, category, lon, lat) tuples, plus optional extra columns."""
    ids, names, categories, lons, lats = zip(*rows, strict=True)
    return gpd.GeoDataFrame(
        {"site_id": ids, "name": names, "category": categories, **columns},
        geometry=shapely.points(lons, lats), crs="EPSG:4326",
    )


A = ("a", "澳门中央图书馆", "library", 113.5430, 22.1910)
B = ("b", "长者学苑", "elderly_education", 113.5500, 22.2000)
C = ("c", "社区学校", "community_learning", 113.5600, 22.2100)
D = ("d", "文化中心", "cultural_centre", 113.5700, 22.1950)
E = ("e", "中学", "school", 113.5450, 22.1850)


def ids(frame) -> list[str]:
    return sorted(frame["site_id"])


def history_rows(store, import_id=None) -> list[tuple]:
    frame = store.history()
    if import_id is not None:
        frame = frame[frame["import_id"] == import_id]
    return [
        (r.site_id, r.year, r.action, r.field, r.old_value, r.new_value)
        for r in frame.itertuples()
    ]


# ------------------------------------------------------------------ GeoPackage format


def test_gpkg_blob_header_and_round_trip():
    blob = points_to_gpkg([113.5435], [22.1987])[0]
    assert blob[:2] == b"GP"
    assert blob[2] == 0
    assert blob[3] == 0b0000_0001  # little-endian header, no envelope, not empty
    assert int.from_bytes(blob[4:8], "little") == 4326
    assert shapely.from_wkb(blob[8:]).equals(shapely.Point(113.5435, 22.1987))
    # A blob with an xy envelope (as some writers add) reads too.
    enveloped = b"GP\x00\x03" + blob[4:8] + bytes(32) + blob[8:]
    x, y = gpkg_to_xy([enveloped])
    assert (x[0], y[0]) == (113.5435, 22.1987)


def test_gpkg_opens_in_geopandas_like_qgis(tmp_path, request):
    store = open_store(tmp_path)
    request.addfinalizer(store.close)
    store.import_sites(sites(A, B, C, subtype=["", "社会学习点", ""]), year=2024, source="r.csv")
    path = tmp_path / "registry.gpkg"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 10300
        assert conn.execute(
            "SELECT geometry_type_name, srs_id FROM gpkg_geometry_columns WHERE table_name='sites'"
        ).fetchone() == ("POINT", 4326)
    read = gpd.read_file(path, layer="sites")
    assert read.crs.to_epsg() == 4326
    assert list(read["site_id"]) == ["a", "b", "c"]
    assert list(read["name"]) == ["澳门中央图书馆", "长者学苑", "社区学校"]
    assert read.loc[1, "subtype"] == "social_learning_point"
    for row, expected in zip(read.geometry, (A, B, C), strict=True):
        assert (row.x, row.y) == (expected[3], expected[4])
    import pyogrio

    layers = dict(pyogrio.list_layers(path))
    assert layers["sites"] == "Point"
    assert {"site_history", "imports", "schema_migrations"} <= set(layers)
    assert len(gpd.read_file(path, layer="site_history")) == 3


# ------------------------------------------------------------------ migrations


def test_migrations_recorded_and_reopening_applies_nothing(store_target):
    first = store_target.open()
    assert first.applied_migrations == list(range(1, LATEST_VERSION + 1))
    assert first.schema_versions() == list(range(1, LATEST_VERSION + 1))
    first.import_sites(sites(A), year=2024, source="r.csv")
    first.close()
    again = store_target.open()
    assert again.applied_migrations == []
    assert again.schema_versions() == list(range(1, LATEST_VERSION + 1))
    assert ids(again.sites_as_of(2024)) == ["a"]  # data kept


def test_a_version_3_store_upgrades_to_changed_by(store_target, monkeypatch):
    import learning_map.store.migrations as migrations

    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:3])
        old = store_target.open()
        assert old.schema_versions() == [1, 2, 3]
        add_old_site(old, *A[:3], 2023, *A[3:])  # an import writes no changed_by
        old.close()
    store = store_target.open()
    assert store.applied_migrations == list(range(4, LATEST_VERSION + 1))
    assert store.schema_versions() == list(range(1, LATEST_VERSION + 1))
    assert store.history()["changed_by"].tolist() == [None]  # rows from before: nobody recorded
    assert ids(store.sites_as_of(2023)) == ["a"]  # data kept, placement unknown
    store.edit_site("a", {"phone": "1"}, year=2024, by="alice")
    assert store.history()["changed_by"].tolist() == [None, "alice"]


def test_newer_schema_is_refused(store_target):
    import sqlalchemy as sa

    store = store_target.open()
    with store._write() as conn:
        conn.execute(sa.text("INSERT INTO schema_migrations VALUES (99, 'future', 'now')"))
    with pytest.raises(StoreError, match="newer than this learning-map knows"):
        store_target.open()


# ------------------------------------------------------------------ imports


def test_upsert_adds_changes_and_leaves_unchanged_with_exact_history(store):
    first = store.import_sites(sites(A, B, C), year=2023, source="r2023.csv", file_sha256="aa")
    assert (first.added, first.changed, first.unchanged) == (3, 0, 0)
    assert history_rows(store, first.import_id) == [
        ("a", 2023, "added", None, None, None),
        ("b", 2023, "added", None, None, None),
        ("c", 2023, "added", None, None, None),
    ]
    moved_c = (*C[:3], 113.5610, 22.2100)
    renamed_b = (B[0], "长者学苑（新址）", *B[2:])
    second = store.import_sites(
        sites(A, renamed_b, moved_c, D, phone=["", "", "+853 2835 1234", ""]),
        year=2024, source="r2024.csv",
    )
    assert (second.added, second.changed, second.unchanged, second.closed) == (1, 2, 1, 0)
    assert history_rows(store, second.import_id) == [
        ("d", 2024, "added", None, None, None),
        ("b", 2024, "changed", "name", "长者学苑", "长者学苑（新址）"),
        ("c", 2024, "changed", "phone", None, "+853 2835 1234"),
        ("c", 2024, "changed", "geometry", "POINT (113.5600000 22.2100000)",
         "POINT (113.5610000 22.2100000)"),
    ]
    now = store.sites_as_of(2024).set_index("site_id")
    assert now.loc["b", "name"] == "长者学苑（新址）"
    assert now.loc["c", "geometry"].x == 113.5610
    assert now.loc["d", "opened_year"] == 2024
    assert now.loc["a", "opened_year"] == 2023
    assert now.loc["a", "source"] == "r2023.csv"  # unchanged rows are not touched
    assert now.loc["b", "source"] == "r2024.csv"
    log = store.imports()
    assert list(log["sha256"]) == ["aa", None]
    assert list(log["changed"]) == [0, 2]
    assert list(log["added"]) == [3, 1]
    assert log["finished_at"].notna().all()


def test_reimporting_the_same_file_changes_nothing(store, tmp_path):
    frame = sites(A, B, C, subtype=["", "养教结合", ""], capacity=["", "40", ""])
    store.import_sites(frame, year=2024, source="r.csv")
    before_sites = store.all_sites()
    history_before = store.history()
    report = store.import_sites(frame, year=2024, source="r.csv")
    assert (report.added, report.changed, report.closed, report.unchanged) == (0, 0, 0, 3)
    assert store.history().equals(history_before)
    assert store.all_sites().equals(before_sites)  # updated_at untouched too


def test_close_missing_closes_and_never_deletes(store):
    store.import_sites(sites(A, B, C), year=2023, source="r2023.csv")
    report = store.import_sites(sites(A, B), year=2024, source="r2024.csv")
    assert report.missing == ["c"]
    assert report.closed == 0
    assert "--close-missing" in report.missing_summary
    assert ids(store.sites_as_of(2024)) == ["a", "b", "c"]  # only reported
    report = store.import_sites(sites(A, B), year=2024, source="r2024.csv", close_missing=True)
    assert report.missing == ["c"]
    assert report.closed == 1
    assert ids(store.sites_as_of(2024)) == ["a", "b"]
    assert ids(store.sites_as_of(2023)) == ["a", "b", "c"]
    everything = store.all_sites().set_index("site_id")
    assert everything.loc["c", "closed_year"] == 2024  # still there, closed
    assert history_rows(store, report.import_id) == [("c", 2024, "closed", "closed_year", None, "2024")]
    again = store.import_sites(sites(A, B), year=2024, source="r2024.csv", close_missing=True)
    assert again.closed == 0
    assert history_rows(store, again.import_id) == []


def test_as_of_year_on_a_three_year_registry(store):
    store.import_sites(sites(A, B, C), year=2021, source="2021.csv")
    store.import_sites(sites(A, B, D), year=2022, source="2022.csv", close_missing=True)
    report = store.import_sites(sites(B, C, D, E), year=2023, source="2023.csv", close_missing=True)
    assert (report.added, report.reopened, report.closed) == (1, 1, 1)
    assert ids(store.sites_as_of(2020)) == []
    assert ids(store.sites_as_of(2021)) == ["a", "b", "c"]
    assert ids(store.sites_as_of(2022)) == ["a", "b", "d"]  # c was closed in 2022
    assert ids(store.sites_as_of(2023)) == ["b", "c", "d", "e"]  # c back, a closed
    assert ids(store.sites_as_of(2030)) == ["b", "c", "d", "e"]
    assert store.years() == [2021, 2022, 2023]
    c_history = [(r[1], r[2]) for r in history_rows(store) if r[0] == "c"]
    assert c_history == [(2021, "added"), (2022, "closed"), (2023, "reopened")]
    frame = store.sites_as_of(2023)
    assert list(frame.columns) == [*STORE_COLUMNS, "geometry"]
    assert frame.crs.to_epsg() == 4326
    assert str(frame["opened_year"].dtype) == "Int64"


def test_subtypes_capacity_and_opening_year_from_registry_columns(store):
    frame = sites(A, B, (*C[:2], "elderly_education", *C[3:]),
                  子类型=["", "居村委示范学习点", "养教结合学习点"], 座位数=["", "30", "45"],
                  开办年份=["2010", "", ""], 区=["花地玛堂区", "", ""])
    store.import_sites(frame, year=2024, source="r.csv")
    got = store.sites_as_of(2024).set_index("site_id")
    assert got.loc["b", "subtype"] == "neighbourhood_model_point"
    assert got.loc["c", "subtype"] == "care_education_point"
    assert got.loc["b", "capacity"] == 30
    assert got.loc["a", "capacity"] is pd.NA
    assert got.loc["a", "opened_year"] == 2010
    assert got.loc["b", "opened_year"] == 2024
    assert got.loc["a", "district"] == "花地玛堂区"
    assert ids(store.sites_as_of(2009)) == []
    assert ids(store.sites_as_of(2010)) == ["a"]
    with pytest.raises(StoreError, match="unknown subtype"):
        store.import_sites(sites(A, subtype=["夜校"]), year=2024, source="bad.csv")
    with pytest.raises(StoreError, match="belongs to Elderly education"):
        store.import_sites(sites(A, subtype=["社会学习点"]), year=2024, source="bad.csv")


def test_subtype_vocabulary():
    assert set(SUBTYPES) == {
        "neighbourhood_model_point", "social_learning_point", "care_education_point",
        "senior_university", "senior_school",
    }
    assert subtype_key(" 养教结合 ") == "care_education_point"
    assert subtype_key("Social Learning Point") == "social_learning_point"
    assert subtype_key("老年大學") == "senior_university"
    assert subtype_key("夜校") is None


def test_bad_imports_are_refused_whole(store):
    store.import_sites(sites(A), year=2023, source="r.csv")
    before = store.all_sites()
    with pytest.raises(StoreError, match="appears twice"):
        store.import_sites(sites(B, B), year=2024, source="dup.csv")
    with pytest.raises(StoreError, match="unknown category"):
        store.import_sites(sites(("x", "X", "zoo", 113.5, 22.2)), year=2024, source="bad.csv")
    with pytest.raises(StoreError, match="not a plausible year"):
        store.import_sites(sites(B), year=20245, source="r.csv")
    assert store.all_sites().equals(before)
    assert len(store.imports()) == 1


# ------------------------------------------------------------------ edits


def test_edit_and_close_site_write_history(store):
    store.import_sites(sites(A, B), year=2023, source="r.csv")
    changed = store.edit_site("b", {"phone": "+853 2800 0000", "subtype": "老年大学",
                                    "name": B[1], "geometry": (113.551, 22.2)}, year=2024)
    # name equal: skipped; a point an editor moved was placed by hand (issue 22)
    assert changed == ["phone", "subtype", "geometry", "placement"]
    store.close_site("a", 2025)
    assert history_rows(store)[2:] == [
        ("b", 2024, "changed", "phone", None, "+853 2800 0000"),
        ("b", 2024, "changed", "subtype", None, "senior_university"),
        ("b", 2024, "changed", "geometry", "POINT (113.5500000 22.2000000)",
         "POINT (113.5510000 22.2000000)"),
        ("b", 2024, "changed", "placement", None, "hand"),
        ("a", 2025, "closed", "closed_year", None, "2025"),
    ]
    assert ids(store.sites_as_of(2024)) == ["a", "b"]
    assert ids(store.sites_as_of(2025)) == ["b"]
    with pytest.raises(StoreError, match="already closed"):
        store.close_site("a", 2026)
    assert store.history()["changed_by"].tolist() == [None] * 7  # no user given
    assert store.edit_site("b", {"geometry": (113.551, 22.2)}, year=2024) == []  # not moved: nothing changes
    with pytest.raises(StoreError, match="no site 'zz'"):
        store.edit_site("zz", {"name": "x"}, year=2024)
    with pytest.raises(StoreError, match="cannot edit"):
        store.edit_site("b", {"site_id": "x"}, year=2024)


def test_edits_closes_and_merges_record_who_made_them(store):
    report = store.import_sites(sites(A, B, C, D), year=2023, source="r.csv")
    assert store.edit_site("b", {"phone": "+853 2800 0000", "capacity": 30}, year=2024, by="alice")
    store.close_site("a", 2025, by="bob")
    store.merge_sites("c", "d", 2024, by="carol")
    history = store.history()
    imported = history[history["import_id"] == report.import_id]
    assert len(imported) == 4
    assert imported["changed_by"].isna().all()  # imports: import_id says which, changed_by is NULL
    by_hand = history[history["import_id"].isna()]
    assert [(r.site_id, r.field, r.changed_by) for r in by_hand.itertuples()] == [
        ("b", "phone", "alice"), ("b", "capacity", "alice"), ("a", "closed_year", "bob"),
        ("c", "merged_from", "carol"), ("d", "merged_into", "carol"),
    ]
    assert store.history("b")["changed_by"].tolist() == [None, "alice", "alice"]
    with pytest.raises(StoreError, match="by must be a username"):
        store.edit_site("b", {"phone": "2"}, year=2024, by=42)
    assert len(store.history()) == len(history)


# ------------------------------------------------------------------ crash and concurrency


def worker(target: StoreTarget, *args: str):
    """tests/store_worker.py in its own process, stopped (TERM, then KILL) when the block ends."""
    return _servers.started(
        [sys.executable, "-m", "tests.store_worker", *target.worker_args(), *args],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={"PYTHONWARNINGS": "error"},
    )


def test_kill_9_mid_import_leaves_the_registry_as_before(store_target, tmp_path):
    store = store_target.open()
    store.import_sites(sites(A, B, C), year=2023, source="r2023.csv")
    before = store.dump(tmp_path / "before.jsonl").read_bytes()
    seen = []
    with worker(store_target, "--rows", "50000", "--prefix", "big", "--year", "2024") as process:
        for line in process.stderr:  # act on the worker's own log line, not on a timer
            seen.append(line)
            if "transaction started" in line:
                process.send_signal(signal.SIGKILL)
                break
        process.wait()
    assert any("transaction started" in line for line in seen), "".join(seen)
    assert process.returncode == -signal.SIGKILL
    assert not any("committed" in line for line in seen)
    after = store_target.open()
    assert after.dump(tmp_path / "after.jsonl").read_bytes() == before
    assert len(after.all_sites()) == 3
    # The registry still works: the next import goes through.
    assert after.import_sites(sites(D), year=2024, source="r2024.csv").added == 1


def test_two_imports_at_once_are_serialised(store_target):
    # Both processes also race to create the schema: the migrations run once, under the lock.
    with contextlib.ExitStack() as stack:
        runs = [stack.enter_context(worker(store_target, "--rows", "3000", "--prefix", p, "--year", "2024"))
                for p in "xy"]
        results = [run.communicate(timeout=600) for run in runs]  # a bound for a hung worker
    for run, (out, err) in zip(runs, results, strict=True):
        assert run.returncode == 0, err
        assert json.loads(out)["added"] == 3000
    store = store_target.open()
    assert store.applied_migrations == []  # one of the two workers applied them, once
    assert store.schema_versions() == list(range(1, LATEST_VERSION + 1))
    assert len(store.sites_as_of(2024)) == 6000
    log = store.imports().sort_values("started_at")
    assert sorted(log["source"]) == ["x.csv", "y.csv"]
    # One waited for the other: the second started after the first had finished.
    assert log["started_at"].iloc[1] >= log["finished_at"].iloc[0]
    assert len(store.history()) == 6000


def test_a_busy_store_fails_with_one_sentence(store_target):
    holder = store_target.open()
    waiter = store_target.open(lock_timeout=0.5)
    entered, release = threading.Event(), threading.Event()

    def hold() -> None:
        with holder._write():
            entered.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert entered.wait(10)
        with pytest.raises(StoreError, match=r"busy: another import or edit held it .* / .*正被另一个导入") as busy:
            waiter.import_sites(sites(A), year=2024, source="r.csv")
        assert "正被另一個匯入或編輯佔用超過 0.5 秒" in busy.value.text("zh_Hant")
    finally:
        release.set()
        thread.join()
    assert waiter.import_sites(sites(A), year=2024, source="r.csv").added == 1


# ------------------------------------------------------------------ dump and restore


def three_years(store) -> None:
    store.import_sites(sites(A, B, C, subtype=["", "社会学习点", ""]), year=2021, source="2021.csv",
                       file_sha256="ab" * 32)
    store.import_sites(sites(A, B, D), year=2022, source="2022.csv", close_missing=True)
    store.import_sites(sites(B, C, D, E), year=2023, source="2023.csv", close_missing=True)
    store.edit_site("d", {"capacity": 120}, year=2023, by="alice")
    # The city office's tables, which a dump carries too.
    store_admin.load_districts(store, {"310101002000": "南京东路街道", "310101013000": "外滩街道"},
                               {"310101002000": shapely.to_geojson(shapely.box(121.47, 31.23, 121.49, 31.24))})
    store_admin.add_user(store, "alice", "pbkdf2:sha256:1000$salt$" + "ab" * 32, "city_admin", None)
    store_admin.add_user(store, "nj", "scrypt:32768:8:1$salt$" + "cd" * 32, "district_editor", "310101002000")
    store_admin.publish_year(store, 2023, "alice")
    store_admin.add_report(store, "电话有误 <b>", site_id="b", contact="x@example.org")
    store_admin.add_report(store, "已关闭", site_id="a")
    store_admin.mark_report_done(store, 1, "alice")


def admin_state(store) -> tuple:
    users = [store_admin.get_user(store, name) for name in ("alice", "nj")]
    return (store_admin.districts(store), users, store_admin.publications(store),
            store_admin.reports(store), store_admin.district_areas(store))


def test_dump_and_restore_on_one_backend(store_target, tmp_path):
    store = store_target.open()
    three_years(store)
    dump = store.dump(tmp_path / "registry.jsonl")
    with pytest.raises(StoreError, match="already holds data"):
        store.restore(dump)
    state = admin_state(store)
    counts = store.restore(dump, replace=True)
    assert counts == {"imports": 3, "sites": 5, "site_history": 10, "courses": 0, "districts": 2,
                      "users": 2, "publications": 1, "reports": 2}
    assert store.dump(tmp_path / "again.jsonl").read_bytes() == dump.read_bytes()
    assert admin_state(store) == state
    assert store.history()["changed_by"].tolist()[-1] == "alice"
    lines = [json.loads(line) for line in dump.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["version"] == 3
    assert [line["table"] for line in lines[1:]] == sorted(
        (line["table"] for line in lines[1:]),
        key=["imports", "sites", "site_history", "courses", "districts", "users", "publications",
             "reports"].index)
    hashes = {line["row"]["username"]: line["row"]["password_hash"] for line in lines if line.get("table") == "users"}
    assert hashes == {u["username"]: u["password_hash"] for u in state[1]}  # hashes stay hashes
    # Ids of the admin tables continue after the restored ones too.
    store_admin.add_user(store, "bund", "pbkdf2:sha256:1000$s$00", "district_editor", "310101013000")
    assert store_admin.get_user(store, "bund")["id"] == 3
    assert store_admin.add_report(store, "新纠错") == 3
    # Ids continue after the restored ones.
    report = store.import_sites(sites(B, C, D, E, ("f", "F", "library", 113.56, 22.19)),
                                year=2024, source="2024.csv")
    assert report.import_id == 4
    assert report.added == 1
    with pytest.raises(StoreError, match="not a learning-map registry dump"):
        store.restore(_write(tmp_path / "x.jsonl", "{}\n"))


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_round_trip_gpkg_to_postgis_to_gpkg(tmp_path, fresh_postgis, request):
    source = open_store(tmp_path)
    request.addfinalizer(source.close)
    three_years(source)
    first = source.dump(tmp_path / "from_gpkg.jsonl")
    postgis = fresh_postgis.open()
    postgis.restore(first)
    second = postgis.dump(tmp_path / "from_postgis.jsonl")
    back = tmp_path / "back"
    back.mkdir()
    restored = open_store(back)
    request.addfinalizer(restored.close)
    restored.restore(second)
    third = restored.dump(tmp_path / "back.jsonl")
    assert first.read_bytes() == second.read_bytes() == third.read_bytes()
    for year in (2021, 2022, 2023):
        assert ids(postgis.sites_as_of(year)) == ids(source.sites_as_of(year))
    assert postgis.history().equals(source.history())
    assert restored.all_sites().equals(source.all_sites())
    assert admin_state(postgis) == admin_state(restored) == admin_state(source)
    assert '"table": "users"' in first.read_text(encoding="utf-8")


def test_a_version_1_dump_restores_and_keeps_the_admin_tables(store_target, tmp_path):
    store = store_target.open()
    three_years(store)
    state = admin_state(store)
    dump = store.dump(tmp_path / "v2.jsonl")
    # A dump as learning-map wrote it before version 2: no admin tables, no changed_by.
    lines = [json.loads(line) for line in dump.read_text(encoding="utf-8").splitlines()]
    lines[0]["version"] = 1
    old = [lines[0]]
    for line in lines[1:]:
        if line["table"] in ("imports", "sites", "site_history"):
            line["row"].pop("changed_by", None)
            old.append(line)
    v1 = _write(tmp_path / "v1.jsonl", "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in old))
    counts = store.restore(v1, replace=True)
    assert counts == {"imports": 3, "sites": 5, "site_history": 10}
    assert admin_state(store) == state  # not in the dump: left as they were
    assert store.history()["changed_by"].isna().all()


# ------------------------------------------------------------------ words in a locale


def test_store_errors_and_import_reasons_speak_one_locale(store, tmp_path):
    from learning_map.store.imports import prepare_import
    from tests.opencc_sets import simplified_only

    with pytest.raises(StoreError) as wrong_kind:
        store.import_sites(sites(A, subtype=["社会学习点"]), year=2024, source="bad.csv")
    error = wrong_kind.value
    assert error.message_id == "site {value!r}: {reason}"
    hant, pt = error.text("zh_Hant"), error.text("pt")
    assert hant.startswith("站點 'a'：子類型「")
    assert not set(hant) & simplified_only()
    assert pt.startswith("local 'a': o subtipo ")
    assert not any("\u4e00" <= c <= "\u9fff" for c in pt)
    with pytest.raises(StoreError) as missing:
        store.close_site("nowhere", 2024)
    assert missing.value.text("zh_Hant") == "名錄中沒有編號為 'nowhere' 的站點"
    assert missing.value.text("pt") == "não há o local 'nowhere' no registo"
    assert missing.value.values == {"value": "nowhere"}

    path = tmp_path / "registry.csv"
    path.write_text("编号,名称,类别,经度,纬度,开办年份\nA1,甲,library,113.54,22.19,明年\n"
                    "A2,乙,library,113.54,22.19,2020\n", encoding="utf-8")
    plan = prepare_import(path)
    assert list(plan.rejected["line"]) == [2]
    reason = plan.rejected["reason"].iloc[0]
    assert reason.as_json() == [{"message_id": "opened_year {value!r} is not a year", "values": {"value": "明年"}}]
    assert list(plan.rejected_rows("zh_Hant")["拒絕原因"]) == ["開辦年份 '明年' 無效"]
    assert list(plan.rejected_rows("pt")["Motivo da rejeição"]) == ["opened_year '明年' não é um ano"]
    assert list(plan.rejected_rows("en").columns[:2]) == ["Line", "Why rejected"]
    assert Reason.from_json(json.loads(json.dumps(reason.as_json()))).text("zh_Hans") == "开办年份 '明年' 无效"
    # Default: the file's own script (simplified names here); the file loads again once fixed.
    rows = plan.rejected_rows()
    assert list(rows.columns[:2]) == ["行号", "拒绝原因"]
    fixed = tmp_path / "rejected_import.csv"
    write_csv(rows.assign(开办年份="2019"), fixed)
    again = prepare_import(fixed)
    assert list(again.sites["site_id"]) == ["A1"]
    assert again.sites["opened_year"].tolist() == [2019]
    assert again.rejected.empty


def test_a_subtype_list_is_said_in_the_locale_and_survives_json():
    from learning_map.store.columns import check_extra_columns

    frame, reasons = check_extra_columns(pd.DataFrame({"category": ["library"], "subtype": ["夜校"]}))
    assert frame["subtype"].tolist() == [None]
    reason = Reason.from_json(json.loads(json.dumps(reasons.iloc[0].as_json())))
    assert "社會學習點" in reason.text("zh_Hant")
    assert "、" in reason.text("zh_Hant")
    assert "Social learning point" in reason.text("en")
