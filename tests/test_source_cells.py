"""The cells around a problem's location, read back from its source workbook."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from clusterpolicy.app.source_cells import can_locate, cells_around, column_index
from clusterpolicy.messages import Problem, ProblemError, Severity


def _book(path, n_rows=60, n_cols=30):
    wb = Workbook()
    ws = wb.active
    ws.title = "2020年"
    for r in range(1, n_rows + 1):
        ws.append([f"R{r}C{c}" for c in range(1, n_cols + 1)])
    wb.save(path)
    return path


def _problem(row, column, sheet="2020年", file="t.xlsx"):
    return Problem(
        "bad", Severity.WARNING, "坏", "bad", file=file, sheet=sheet, row=row, column=column
    )


def test_column_letters_to_index():
    assert [column_index(x) for x in ("A", "z", "AA", "AZ", "BA")] == [0, 25, 26, 51, 52]
    assert column_index("第3列") is None and column_index("") is None


@pytest.mark.parametrize(("row", "col"), [(1, "A"), (30, "P"), (60, "AD"), (45, None)])
def test_the_window_holds_the_problem_cell(tmp_path, row, col):
    path = _book(tmp_path / "t.xlsx")
    w = cells_around(_problem(row, col or ""), [str(path)])
    i, j = w.target
    assert w.row_numbers[i] == row
    if col is None:
        assert j is None
    else:
        assert w.column_letters[j] == col
        assert w.cells[i][j] == f"R{row}C{column_index(col) + 1}"
    assert len(w.cells) <= 25 and len(w.column_letters) <= 14


def test_a_column_problem_shows_the_top_rows(tmp_path):
    path = _book(tmp_path / "t.xlsx")
    w = cells_around(_problem(None, "C"), [str(path)])
    assert w.target[0] is None and w.row_numbers[0] == 1
    assert w.column_letters[w.target[1]] == "C"
    assert can_locate(_problem(None, "C")) and not can_locate(_problem(None, ""))


def test_missing_file_and_sheet_are_located_messages(tmp_path):
    with pytest.raises(ProblemError) as e:
        cells_around(_problem(3, "B"), [str(tmp_path / "t.xlsx")])
    assert e.value.problems[0].code == "source_file_gone"
    path = _book(tmp_path / "t.xlsx")
    with pytest.raises(ProblemError) as e:
        cells_around(_problem(3, "B", sheet="2021年"), [str(path)])
    p = e.value.problems[0]
    assert p.code == "source_sheet_gone" and "2021年" in p.message_zh and p.file == "t.xlsx"


def test_two_imported_files_of_one_name_are_not_guessed(tmp_path):
    (tmp_path / "2019").mkdir()
    (tmp_path / "2020").mkdir()
    a = _book(tmp_path / "2019" / "t.xlsx")
    b = _book(tmp_path / "2020" / "t.xlsx")
    with pytest.raises(ProblemError) as e:
        cells_around(_problem(3, "B"), [str(a), str(b)])
    p = e.value.problems[0]
    assert p.code == "source_file_ambiguous" and "2 个都名为“t.xlsx”" in p.message_zh
