"""The bad-workbook corpus (tests/io/badbooks.py): every reader-layer case gives its located message."""

from __future__ import annotations

import os
import sys
import time

import pytest
from badbooks import BOOKS, LAYOUT_BOOKS, READER_BOOKS

from clusterpolicy.io.raw import RawWorkbook
from clusterpolicy.io.readers import read_workbook
from clusterpolicy.io.safety import Limits
from clusterpolicy.messages import ProblemError, Severity


def _read(book, path):
    limits = Limits(**book.limits) if book.limits else Limits()
    return read_workbook(path, limits=limits)


def test_corpus_is_large_enough():
    assert len(READER_BOOKS) >= 25
    assert {b.code for b in LAYOUT_BOOKS} >= {
        "duplicate_key",
        "text_in_number",
        "negative_value",
        "units_differ",
        "no_header",
    }
    assert all(b.row is not None for b in LAYOUT_BOOKS)  # every one asserts its own place


@pytest.mark.parametrize("book", READER_BOOKS, ids=lambda b: b.name)
def test_bad_book_gives_located_problem(book, tmp_path):
    if book.name == "no_permission" and (sys.platform == "win32" or os.geteuid() == 0):
        pytest.skip("permissions are not enforced for root / on Windows")
    path = book.build(tmp_path)
    t0 = time.perf_counter()
    if book.warning:
        wb = _read(book, path)
        assert isinstance(wb, RawWorkbook)
        found = [p for p in wb.warnings if p.code == book.code]
    else:
        with pytest.raises(ProblemError) as info:
            _read(book, path)
        found = [p for p in info.value.problems if p.code == book.code]
        assert found, [p.code for p in info.value.problems]
        assert found[0].severity is Severity.ERROR
    assert time.perf_counter() - t0 < 10, "bad input must be refused quickly"
    assert found, f"{book.name}: expected {book.code}"
    p = found[0]
    assert p.file == path.name
    if book.sheet is not None:
        assert p.sheet == book.sheet
    if book.row is not None:
        assert p.row == book.row
    if book.column is not None:
        assert p.column == book.column
    # bilingual and actionable
    assert p.message_zh and p.message_en
    if p.severity is Severity.ERROR:
        assert p.fix_zh and p.fix_en
    assert p.text("zh").startswith(path.name)


def test_xlsx_named_csv_reads_the_values(tmp_path):
    wb = read_workbook(BOOKS["xlsx_named_csv"].build(tmp_path))
    assert wb.sheets[0].source_format == "xlsx"
    assert wb.sheets[0].rows[1] == ["北 京", 2020, 123.5]


@pytest.mark.slow
def test_million_row_sheet_reads_within_default_limits(tmp_path):
    """1,048,576 rows is Excel's maximum: read (quickly) under the default limits, all rows aligned."""
    path = BOOKS["million_rows"].build(tmp_path)
    t0 = time.perf_counter()
    wb = read_workbook(path)
    assert time.perf_counter() - t0 < 15
    sheet = wb.sheets[0]
    assert sheet.n_rows == 1_048_576
    assert sheet.rows[-1] == [1.0]


def test_formula_and_error_cells_become_empty_with_warnings(tmp_path):
    wb = read_workbook(BOOKS["error_cells"].build(tmp_path))
    rows = wb.sheets[0].rows
    assert rows[1][1] in ("", None)  # #DIV/0! → empty
    errs = {(p.row, p.column, p.value) for p in wb.warnings if p.code == "error_cell"}
    assert errs == {(2, "B", "#DIV/0!"), (4, "C", "#N/A")}
    wb = read_workbook(BOOKS["formula_no_cache"].build(tmp_path))
    assert wb.sheets[0].rows[1] == ["甲", 10.0, ""]
    assert [(p.row, p.column) for p in wb.warnings if p.code == "formula_no_value"] == [(2, "C")]


def test_long_string_kept_exactly(tmp_path):
    wb = read_workbook(BOOKS["long_string"].build(tmp_path))
    assert wb.sheets[0].cell(2, 1) == "长" * 40_000


def test_chart_and_hidden_sheets_are_noted(tmp_path):
    with pytest.raises(ProblemError) as info:
        read_workbook(BOOKS["chart_only"].build(tmp_path))
    codes = {(p.code, p.sheet) for p in info.value.problems}
    assert ("non_data_sheet_skipped", "图表") in codes
    assert ("hidden_sheet_skipped", "hidden_data") in codes


@pytest.mark.parametrize("book", LAYOUT_BOOKS, ids=lambda b: b.name)
def test_layout_layer_books_read_fine_at_reader_level(book, tmp_path):
    """These are for the layout/validation layer: the reader must hand them over intact."""
    wb = read_workbook(book.build(tmp_path))
    assert wb.sheets and wb.sheets[0].n_rows >= 2
