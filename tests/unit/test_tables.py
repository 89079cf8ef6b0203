"""CSV and XLSX writers: text is shown, never run; numbers stay numbers; writes are atomic."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from learning_map.base import tables
from learning_map.base.tables import csv_text, sheet_name, write_csv, write_xlsx

PAYLOADS = [
    '=HYPERLINK("http://evil","click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "\t=cmd",
    "-2+3",
]
# What a spreadsheet must see in the CSV for each payload: the text behind one apostrophe.
GUARDED = ["'" + p for p in PAYLOADS]
PLAIN = ["+853 2835 1234", "澳门中央图书馆", "-12.5", "湖滨路1号, 2楼"]


@pytest.fixture
def frame():
    names = PAYLOADS + PLAIN
    return pd.DataFrame({
        "名称": names,
        "count": list(range(len(names))),
        "share": [0.5 * i for i in range(len(names))],
    })


def read_back(path):
    return pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False)


def test_csv_guards_formulas_keeps_numbers_and_phones(tmp_path, frame):
    path = write_csv(frame, tmp_path / "out.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows the Chinese heading
    back = read_back(path)
    assert back.columns.tolist() == ["名称", "count", "share"]
    assert back["名称"].tolist() == GUARDED + PLAIN
    assert back["count"].dtype.kind == "i"
    assert back["share"].dtype.kind == "f"
    assert back["share"].tolist() == frame["share"].tolist()
    # No cell in the file starts with a formula character, quoted or not.
    for line in raw.decode("utf-8-sig").splitlines()[1:]:
        cell = line.split(",")[0].lstrip('"')
        assert not cell.startswith(("=", "@", "\t", "+cmd", "-2")), line


def test_csv_without_bom_and_as_text(tmp_path, frame):
    path = write_csv(frame, tmp_path / "out.csv", bom=False)
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert path.read_text(encoding="utf-8") == csv_text(frame)
    back = pd.read_csv(io.StringIO(csv_text(frame)), keep_default_na=False)
    assert back["名称"].tolist() == GUARDED + PLAIN


def test_csv_guards_headings_and_object_columns_with_numbers(tmp_path):
    frame = pd.DataFrame({"=1+1": pd.Series([1.5, "=2+2", None], dtype=object)})
    back = read_back(write_csv(frame, tmp_path / "out.csv"))
    assert back.columns.tolist() == ["'=1+1"]
    assert back.iloc[:, 0].tolist() == ["1.5", "'=2+2", ""]


def test_xlsx_cells_are_strings_never_formulas(tmp_path, frame):
    other = pd.DataFrame({"=x": ["@y"], "n": [3]})
    path = write_xlsx({"coverage": frame, "a/b:c*d?[e]\\f-and-a-very-long-sheet-name": other},
                      tmp_path / "out.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["coverage", "a_b_c_d__e__f-and-a-very-long-s"]
    sheet = book["coverage"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [c.data_type for c in cells if c.data_type == "f"] == []
    assert [c.value for c in sheet["A"]] == ["名称", *PAYLOADS, *PLAIN]
    assert all(c.data_type == "s" for c in sheet["A"])
    assert [c.value for c in sheet["B"][1:]] == list(range(len(PAYLOADS + PLAIN)))
    assert all(c.data_type == "n" for c in sheet["C"][1:])
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    assert sheet.column_dimensions["A"].width >= len(PAYLOADS[0])
    second = book.worksheets[1]
    assert [[c.value for c in row] for row in second.iter_rows()] == [["=x", "n"], ["@y", 3]]
    assert second["A1"].data_type == "s"
    assert second["A2"].data_type == "s"
    # Reading it with pandas gives the text back, not a formula result.
    assert pd.read_excel(path, sheet_name="coverage")["名称"].tolist() == PAYLOADS + PLAIN


def test_sheet_names_are_valid_and_unique():
    assert sheet_name("x" * 40) == "x" * 31
    assert sheet_name("'quoted'") == "quoted"
    assert sheet_name("") == "Sheet"
    assert sheet_name("History") == "History_"
    assert sheet_name("Sheet", {"sheet"}) == "Sheet (2)"
    assert len(sheet_name("y" * 40, {"y" * 31})) == 31


class Boom:
    def __str__(self):
        msg = "cannot format"
        raise RuntimeError(msg)

    __repr__ = __str__
    __format__ = lambda self, spec: str(self)  # noqa: E731


def test_failed_csv_write_leaves_old_file_and_no_temp(tmp_path, frame):
    path = write_csv(frame, tmp_path / "out.csv")
    before = path.read_bytes()
    # pandas writes 10,000 rows of 10 columns per chunk: the file is half-written when it fails.
    bad = pd.DataFrame({f"c{i}": ["ok"] * 10_000 + [Boom() if i == 0 else "ok"] for i in range(10)})
    with pytest.raises(RuntimeError, match="cannot format"):
        write_csv(bad, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_failed_xlsx_write_leaves_old_file_and_no_temp(tmp_path, frame, monkeypatch):
    path = write_xlsx({"a": frame}, tmp_path / "out.xlsx")
    before = path.read_bytes()

    def broken_save(self, filename):
        with open(filename, "wb") as handle:
            handle.write(b"half a workbook")
        msg = "disk full"
        raise OSError(msg)

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        write_xlsx({"a": frame.head(1)}, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_guard_only_touches_risky_cells():
    column = pd.Series(["plain", "=1", 3, None, "+853 2835 1234"], dtype=object)
    guarded = tables.formula_safe_frame(column.to_frame("c"))["c"].tolist()
    assert guarded == ["plain", "'=1", 3, None, "+853 2835 1234"]
