"""Registry text at every door: linear search keys, length limits, control characters, bidi (issue 18)."""

from __future__ import annotations

import errno
import re

import geopandas as gpd
import pytest
import shapely

from learning_map.base.problems import said
from learning_map.base.text_rules import FIELD_MAX_CHARS, text_problem
from learning_map.city.naming import PINYIN_TAIL_LETTERS, pinyin_keys
from learning_map.city.registry_file import read_registry
from learning_map.errors import StoreError

HAN = "澳門中央圖書館學習中心"


def _key_chars(name: str) -> int:
    full, initials = pinyin_keys(name)
    return len(full) + len(initials)


def test_pinyin_keys_grow_linearly_with_the_name():
    # A 2,000-character name gave 10 M characters of keys (every suffix, whole).
    short = (HAN * 200)[:2_000]
    assert _key_chars(short) <= len(short) * (PINYIN_TAIL_LETTERS + 2)
    long_name = (HAN * 4_000)[:40_000]
    chars = _key_chars(long_name)
    assert chars <= len(long_name) * (PINYIN_TAIL_LETTERS + 2)
    half = _key_chars(long_name[:20_000])
    assert 1.9 < chars / half < 2.1  # linear: twice the name, twice the keys


def test_capped_tails_still_match_from_every_syllable():
    full, initials = pinyin_keys("澳門中央圖書館")
    assert full == "|aomenzhongyangtushuguan|menzhongyangtushuguan|zhongyangtushuguan|yangtushuguan|tushuguan|shuguan|guan"
    assert initials == "amzytsg"


def _csv(tmp_path, rows: list[str]):
    path = tmp_path / "registry.csv"
    path.write_text("\n".join(["site_id,name,category,lon,lat,address,website,description", *rows]) + "\n",
                    encoding="utf-8")
    return path


def test_import_rejects_overlong_fields_by_line_and_loads_the_rest(tmp_path):
    long_name = "图" * 40_000
    path = _csv(tmp_path, [
        "A1,好图书馆,library,113.54,22.19,,,",
        f"A2,{long_name},library,113.54,22.19,,,",
        f"A3,长网址,library,113.54,22.19,,https://x.org/{'a' * 3000},",
        f"A4,长地址,library,113.54,22.19,{'路' * 301},,",
        f"A5,长说明,library,113.54,22.19,,,{'说' * 4001}",
        "A6,刚好,library,113.54,22.19," + "路" * FIELD_MAX_CHARS["address"] + ",,",
    ])
    load = read_registry(path)
    assert list(load.sites["site_id"]) == ["A1", "A6"]
    reasons = {line: str(reason) for line, reason in zip(load.rejected["line"], load.rejected["reason"],
                                                         strict=True)}
    assert set(reasons) == {3, 4, 5, 6}
    assert reasons[3].startswith("name has 40,000 characters, more than the limit of 255")
    assert reasons[4].startswith("website has")
    assert reasons[5].startswith("address has 301 characters")
    assert reasons[6].startswith("description has 4,001 characters")
    assert all(" / " in r for r in reasons.values())


@pytest.mark.parametrize(("cell", "code"), [("\x07", "U+0007"), ("\x1b[31m", "U+001B"), ("\x85", "U+0085"),
                                            ("\x7f", "U+007F"), ("\x00", "U+0000")])
def test_import_refuses_control_characters_with_line_and_reason(tmp_path, cell, code):
    path = tmp_path / "registry.csv"
    path.write_text(f'site_id,name,category,lon,lat\nA1,ok,library,113.54,22.19\nA2,"x{cell}y",library,113.54,22.19\n',
                    encoding="utf-8")
    load = read_registry(path)
    assert list(load.sites["site_id"]) == ["A1"]
    assert list(load.rejected["line"]) == [3]
    assert said(load.rejected["reason"].iloc[0], "en") == f"name contains the control character {code}"
    assert said(load.rejected["reason"].iloc[0], "zh_Hans") == f"名称含有控制字符 {code}"


def test_import_keeps_tabs_and_line_breaks(tmp_path):
    path = tmp_path / "registry.csv"
    path.write_text('site_id,name,category,lon,lat,description\n'
                    'A1,"\'\t=cmd",library,113.54,22.19,"line one\nline two"\n', encoding="utf-8")
    load = read_registry(path)
    assert load.rejected.empty
    assert load.sites["name"].iloc[0] == "\t=cmd"
    assert load.sites["description"].iloc[0] == "line one\nline two"


def test_import_strips_bidi_overrides_from_names(tmp_path):
    path = tmp_path / "registry.csv"
    path.write_text("site_id,name,category,lon,lat,address\n"
                    "A1,图书馆\u202egpj.exe,library,113.54,22.19,\u2067路\u2069\n", encoding="utf-8")
    load = read_registry(path)
    assert load.sites["name"].iloc[0] == "图书馆gpj.exe"
    assert load.sites["address"].iloc[0] == "路"


def _site(**fields) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"site_id": ["A1"], "name": ["图书馆"], "category": ["library"], **fields},
                            geometry=[shapely.Point(113.54, 22.19)], crs="EPSG:4326")


def test_the_store_refuses_overlong_or_control_text_on_import_and_edit(tmp_path):
    from learning_map.store import open_store

    with open_store(tmp_path) as store:
        with pytest.raises(StoreError, match="name has 40,000 characters"):
            store.import_sites(_site(name=["图" * 40_000]), year=2025, source="x.csv")
        with pytest.raises(StoreError, match="district has 101 characters"):
            store.import_sites(_site(district=["区" * 101]), year=2025, source="x.csv")
        store.import_sites(_site(name=["图书馆\u202d"]), year=2025, source="x.csv")
        assert list(store.all_sites()["name"]) == ["图书馆"]  # the override is gone
        for field, value, reason in [
            ("name", "图" * 40_000, "name has 40,000 characters"),
            ("website", "https://x.org/" + "a" * 2048, "website has 2,062 characters"),
            ("phone", "123\x1b[2J", "phone contains the control character U+001B"),
            ("address", "路\x00", "address contains the control character U+0000"),
        ]:
            with pytest.raises(StoreError, match=re.escape(reason)):
                store.edit_site("A1", {field: value}, 2025)
        assert list(store.all_sites()["name"]) == ["图书馆"]
        assert store.edit_site("A1", {"name": "\u202e新图书馆"}, 2025) == ["name"]
        assert list(store.all_sites()["name"]) == ["新图书馆"]


def test_prepare_import_rejects_a_long_district_by_line(tmp_path):
    from learning_map.store.imports import prepare_import

    path = tmp_path / "registry.csv"
    path.write_text(f"编号,名称,类别,经度,纬度,区\nA1,甲,library,113.54,22.19,{'区' * 101}\n"
                    "A2,乙,library,113.54,22.19,望德堂区\n", encoding="utf-8")
    plan = prepare_import(path)
    assert list(plan.sites["site_id"]) == ["A2"]
    assert list(plan.rejected["line"]) == [2]
    assert str(plan.rejected["reason"].iloc[0]).startswith("district has 101 characters")


def test_a_text_problem_names_the_field_in_each_language():
    assert str(text_problem("name", "x" * 256)) == "name has 256 characters, more than the limit of 255 / 名称有 256 个字符，超过上限 255"
    assert text_problem("name", "x" * 256).text("zh_Hant").startswith("名稱有 256 個字元")
    assert text_problem("name", "x" * 255) is None
    assert text_problem("description", "a\r\nb\tc") is None
    assert text_problem("name", "a\tb") is None


def test_a_full_disk_during_build_prints_one_sentence(runner, tmp_path, monkeypatch):
    """The writer fails with ENOSPC: one bilingual line and exit 1, not a traceback."""
    import learning_map.build.pipeline
    import learning_map.export.yearly  # noqa: F401 - bound to the real helpers before the patch
    from learning_map.base import safety
    from tests.conftest import hostile_osm

    osm = hostile_osm(tmp_path / "city.osm", tmp_path / "marker")

    def full(path):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(safety, "fsync_dir", full)
    result = runner.invoke(["build", "--osm", str(osm), "--out", str(tmp_path / "city"), "--allow-empty"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines[-1].startswith("error: the disk is full writing ")
    assert lines[-1].endswith("时磁盘空间不足，请释放空间后重新运行")
    assert str(tmp_path) not in lines[-1]
    assert "Traceback" not in result.output
    # Any other failure of the writer is still a bug and still raises.
    monkeypatch.setattr(safety, "fsync_dir", lambda path: (_ for _ in ()).throw(OSError(errno.EIO, "I/O error")))
    with pytest.raises(OSError, match="I/O error"):
        runner.invoke(["build", "--osm", str(osm), "--out", str(tmp_path / "city2"), "--allow-empty"])


def test_disk_full_is_found_behind_a_writers_own_error():
    from learning_map.cli.group import disk_full

    outer = RuntimeError("pyogrio: failed to write")
    outer.__cause__ = OSError(errno.ENOSPC, "No space left on device")
    assert disk_full(outer) is not None
    assert disk_full(RuntimeError("GDAL: Write failed: No space left on device")) is not None
    assert disk_full(ValueError("bad value")) is None


def test_a_full_disk_during_export_prints_one_sentence(runner, tmp_path, monkeypatch):
    import learning_map.build.pipeline
    import learning_map.export.yearly  # noqa: F401 - bound to the real helpers before the patch
    from learning_map.base import safety
    from tests.conftest import hostile_osm

    osm = hostile_osm(tmp_path / "city.osm", tmp_path / "marker")
    registry = tmp_path / "registry.csv"
    registry.write_text("编号,名称,类别,经度,纬度\nL1,图书馆,library,113.5415,22.1915\n", encoding="utf-8")
    built = runner.invoke(["build", "--osm", str(osm), "--sites", str(registry), "--year", "2025",
                           "--out", str(tmp_path / "city")])
    assert built.exit_code == 0, built.output

    def full(path):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(safety, "fsync_dir", full)
    result = runner.invoke(["export", str(tmp_path / "city"), "--year", "2025", "--out", str(tmp_path / "out"),
                            "--no-print"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: the disk is full")
    assert "Traceback" not in result.output


def test_a_restored_dump_goes_through_the_same_rule(tmp_path):
    import json

    from learning_map.store import open_store

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with open_store(tmp_path / "a") as store:
        store.import_sites(_site(), year=2025, source="x.csv")
        dump = store.dump(tmp_path / "dump.jsonl")
    lines = dump.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if json.loads(line).get("table") == "sites")
    item = json.loads(lines[number])
    item["row"]["name"] = "图" * 40_000
    lines[number] = json.dumps(item, ensure_ascii=False)
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open_store(tmp_path / "b") as store:
        with pytest.raises(StoreError, match=f"dump.jsonl line {number + 1}: name has 40,000 characters"):
            store.restore(dump)
        assert store.all_sites().empty


def test_a_long_name_is_still_found_from_any_syllable():
    from learning_map.city.search import PINYIN, SearchIndex

    name = "图书馆" * 120 + "澳门大学"  # 364 syllables: every tail longer than the cap but the last few
    record = {"site_id": "L", "name": name, "name_zh": "", "name_en": "", "category": "library",
              "address": "", "lon": 113.54, "lat": 22.19}
    index = SearchIndex.build([record], [])
    for query in ("tushuguantushuguan", "aomendaxue", "daxue", "shuguantushu"):
        rows, match_class = index.match(query)
        assert list(rows) == [0], query
        assert list(match_class) == [PINYIN], query
    assert len(index.match("ushuguan")[0]) == 0  # still never from inside a syllable
