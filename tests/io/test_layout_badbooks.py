"""The layout/validation half of the bad-workbook corpus (tests/io/badbooks.py, layer="layout").

Each file reads fine. A file the corpus marks as an error must stop the import with exactly its
own code at its own place (file, sheet, row, column) and a fix in both languages; a file marked
``warning`` must import and carry its own code, located, among the problems — so a test passes
only for the reason the corpus names."""

from __future__ import annotations

import pytest
from badbooks import LAYOUT_BOOKS, SHEET_NAME

from clusterpolicy.io.importer import import_files
from clusterpolicy.messages import ProblemError, Severity

ERRORS = [b for b in LAYOUT_BOOKS if not b.warning]
IMPORTS = [b for b in LAYOUT_BOOKS if b.warning]


@pytest.mark.parametrize("book", ERRORS, ids=[b.name for b in ERRORS])
def test_bad_book_stops_with_its_own_located_error(book, tmp_path):
    with pytest.raises(ProblemError) as exc:
        import_files([book.build(tmp_path)])
    first = exc.value.problems[0]
    assert first.severity is Severity.ERROR
    assert (first.code, first.file, first.sheet, first.row, first.column or None) == (
        book.code,
        book.filename,
        SHEET_NAME,
        book.row,
        book.column,
    )
    assert first.message_zh and first.message_en and first.fix_zh and first.fix_en


@pytest.mark.parametrize("book", IMPORTS, ids=[b.name for b in IMPORTS])
def test_awkward_book_imports_and_says_so_where(book, tmp_path):
    res = import_files([book.build(tmp_path)])
    hits = [p for p in res.problems if p.code == book.code]
    assert hits, [p.code for p in res.problems]
    p = hits[0]
    assert p.severity is not Severity.ERROR
    assert (p.file, p.sheet, p.row, p.column) == (book.filename, SHEET_NAME, book.row, book.column)


def test_mixed_units_each_column_by_its_own_header(tmp_path):
    book = next(b for b in LAYOUT_BOOKS if b.name == "mixed_units")
    d = import_files([book.build(tmp_path)]).data
    out = d.region_data if len(d.region_data) else d.industry_totals
    got = out.set_index("year")["output"].to_dict()
    assert got == {2020: pytest.approx(1.2e8), 2021: pytest.approx(1.3e8)}  # 12000 万元, 1.3 亿元


def test_years_as_text_values_read(tmp_path):
    book = next(b for b in LAYOUT_BOOKS if b.name == "years_as_text")
    d = import_files([book.build(tmp_path)]).data
    emp = d.industry_totals.set_index("year")["employment"].to_dict()
    assert emp == {2019: 1234, 2020: 1300}


def test_dates_as_years_region_from_header_line(tmp_path):
    book = next(b for b in LAYOUT_BOOKS if b.name == "dates_as_years")
    d = import_files([book.build(tmp_path)]).data
    emp = d.industry_totals.set_index(["region_code", "year"])["employment"].to_dict()
    assert emp == {("甲县", 2005): 10, ("甲县", 2006): 11}


def test_duplicate_key_names_both_places(tmp_path):
    book = next(b for b in LAYOUT_BOOKS if b.name == "duplicate_keys")
    with pytest.raises(ProblemError) as exc:
        import_files([book.build(tmp_path)])
    text = exc.value.problems[0].text("en")
    assert "10" in text and "12" in text and "row 3" in text
