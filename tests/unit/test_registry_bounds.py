"""A registry file over the bounds (bytes, unpacked bytes, rows, cells) is refused early, bound named."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest

from learning_map import settings
from learning_map.city.registry_file import read_registry
from learning_map.errors import FileTooLargeError
from learning_map.store.imports import prepare_import

HEADER = "编号,名称,类别,经度,纬度"


def csv_rows(n: int, extra_columns: int = 0) -> str:
    extra_head = "".join(f",c{j}" for j in range(extra_columns))
    extra = ",1" * extra_columns
    row = f"S,图书馆,library,113.54,22.19{extra}\n"
    return HEADER + extra_head + "\n" + row * n


def xlsx_with_cells(path, rows: int, columns: int, *, pad_bytes: int = 0) -> None:
    """A minimal workbook written as XML (openpyxl would take seconds for a million cells)."""
    cell = '<c t="inlineStr"><is><t>x</t></is></c>'
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData>' + ("<row>" + cell * columns + "</row>") * rows
             + "</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if pad_bytes:
            with archive.open("xl/media/padding.bin", "w", force_zip64=True) as pad:
                block = b"\0" * (1 << 20)
                for _ in range(pad_bytes // len(block)):
                    pad.write(block)


@pytest.fixture
def no_pandas_excel(monkeypatch):
    """Fail if the workbook reaches pandas: the bound must refuse it before any reading."""
    def refuse(*args, **kwargs):
        raise AssertionError("pd.read_excel was called on a file over the bounds")

    monkeypatch.setattr(pd, "read_excel", refuse)


def test_bounds_are_far_above_a_real_registry():
    assert settings.REGISTRY_MAX_ROWS == 50_000
    assert settings.REGISTRY_MAX_CELLS == 500_000
    assert settings.REGISTRY_MAX_BYTES == 32 * 1024 * 1024
    assert settings.REGISTRY_MAX_UNPACKED_BYTES == 128 * 1024 * 1024


def test_csv_with_too_many_rows_names_the_row_bound(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text(csv_rows(settings.REGISTRY_MAX_ROWS + 1), encoding="utf-8")
    with pytest.raises(FileTooLargeError, match=r"more than 50,000 rows.* / big.csv 超过 50,000 行"):
        read_registry(path)
    # At the bound it loads (and the duplicate search on 50,000 copies of one name at one
    # point stays bounded: the import path runs it).
    path.write_text(csv_rows(settings.REGISTRY_MAX_ROWS), encoding="utf-8")
    assert len(read_registry(path).rejected) == settings.REGISTRY_MAX_ROWS - 1  # one id, repeated


def test_csv_with_too_many_cells_names_the_cell_bound(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(csv_rows(20_000, extra_columns=25), encoding="utf-8")  # 600,000 cells
    with pytest.raises(FileTooLargeError, match=r"more than 500,000 cells .* / wide.csv 超过 500,000 个单元格"):
        read_registry(path)
    # One enormous header line (no rows) is refused by the same bound.
    path.write_text(",".join(f"c{j}" for j in range(600_000)) + "\n", encoding="utf-8")
    with pytest.raises(FileTooLargeError, match="500,000 cells"):
        read_registry(path)


def test_file_over_the_byte_bound_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:  # sparse: no 32 MiB written
        handle.write(HEADER.encode())
        handle.truncate(settings.REGISTRY_MAX_BYTES + 1)
    with pytest.raises(FileTooLargeError, match=r"is 32 MiB, over the 32 MiB .* / huge.csv 大小为 32 MiB"):
        prepare_import(path)


def test_xlsx_with_a_million_cells_is_refused_before_pandas_reads_it(tmp_path, no_pandas_excel):
    path = tmp_path / "million.xlsx"
    xlsx_with_cells(path, rows=50_000, columns=20)
    assert path.stat().st_size < 300_000  # a small upload
    with pytest.raises(FileTooLargeError, match="500,000 cells"):
        read_registry(path)
    # The same through the import with a sheet named: refused before the workbook is copied.
    with pytest.raises(FileTooLargeError, match="500,000 cells"):
        prepare_import(path, sheet="Sheet1")
    rows = tmp_path / "rows.xlsx"
    xlsx_with_cells(rows, rows=settings.REGISTRY_MAX_ROWS + 2, columns=1)  # header + 50,001
    with pytest.raises(FileTooLargeError, match="50,000 rows"):
        read_registry(rows)


def test_zip_bomb_xlsx_is_refused_from_its_declared_sizes(tmp_path, no_pandas_excel):
    path = tmp_path / "bomb.xlsx"
    xlsx_with_cells(path, rows=2, columns=5, pad_bytes=settings.REGISTRY_MAX_UNPACKED_BYTES + (1 << 20))
    assert path.stat().st_size < 1_000_000
    with pytest.raises(FileTooLargeError, match=r"unpacks to 129 MiB, over the 128 MiB .* / bomb.xlsx 解压后为"):
        read_registry(path)


def test_a_real_workbook_still_loads(tmp_path):
    frame = pd.DataFrame({"id": ["a", "b"], "name": ["图书馆", "学校"], "type": ["library", "library"],
                          "lon": [113.54, 113.55], "lat": [22.19, 22.2]})
    frame.to_excel(tmp_path / "ok.xlsx", index=False)
    assert len(read_registry(tmp_path / "ok.xlsx").sites) == 2


def test_the_import_command_says_the_bound_in_one_sentence(runner, tmp_path):
    city = tmp_path / "city"
    city.mkdir()
    path = tmp_path / "million.xlsx"
    xlsx_with_cells(path, rows=50_000, columns=20)
    result = runner.invoke(["import", str(city), str(path), "--year", "2025"])
    assert result.exit_code == 1
    assert "more than 500,000 cells" in result.output
    assert "Traceback" not in result.output
    assert not list(city.iterdir())  # nothing written
