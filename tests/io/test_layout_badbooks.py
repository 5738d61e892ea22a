"""The layout/validation half of the bad-workbook corpus (tests/io/badbooks.py, layer="layout"):
each file reads fine but the import stops with a located, bilingual problem and a fix."""

from __future__ import annotations

import pytest
from badbooks import LAYOUT_BOOKS

from clusterpolicy.io.importer import import_files
from clusterpolicy.messages import ProblemError, Severity

# name → (code, 1-based row, column letter) where the problem is pinned to one cell
CELL = {
    "duplicate_keys": ("duplicate_key", 2, "D"),
    "text_in_numbers": ("text_in_number", 2, "D"),
    "negative_employment": ("negative_value", 2, "D"),
}


@pytest.mark.parametrize("book", LAYOUT_BOOKS, ids=[b.name for b in LAYOUT_BOOKS])
def test_layout_bad_book_gives_located_problem(book, tmp_path):
    path = book.build(tmp_path)
    with pytest.raises(ProblemError) as exc:
        import_files([path])
    problems = exc.value.problems
    first = problems[0]
    assert first.severity is Severity.ERROR
    assert first.file == book.filename and first.sheet == "数据"
    assert first.message_zh and first.message_en and first.fix_zh and first.fix_en
    if book.name in CELL:
        code, row, column = CELL[book.name]
        assert (first.code, first.row, first.column) == (code, row, column)


def test_duplicate_key_names_both_places(tmp_path):
    book = next(b for b in LAYOUT_BOOKS if b.name == "duplicate_keys")
    with pytest.raises(ProblemError) as exc:
        import_files([book.build(tmp_path)])
    text = exc.value.problems[0].text("en")
    assert "10" in text and "12" in text and "row 3" in text
