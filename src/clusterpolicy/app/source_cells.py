"""The cells around a problem's location in its source workbook, for "jump to the cell".

A problem found on import names its file, sheet, row and column (:class:`~clusterpolicy.messages.Problem`).
:func:`cells_around` reads that sheet again (with the same guarded readers as the import) and
returns a window of rows and columns around the cell, with the position of the cell itself, so
the desktop app can show the user exactly where to look. A file that is no longer where it was
imported from, or a sheet that is not in it any more, is a located :class:`ProblemError`.
Runs off the UI thread (the GUI's task runner).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from clusterpolicy.app.mapping_review import raw_cell_text
from clusterpolicy.messages import Problem, ProblemError, Severity, column_letter
from clusterpolicy.progress import ProgressCallback, ensure

ROWS_AROUND = 12  # rows shown above and below the problem's row
COLS_SHOWN = 14  # columns shown (the problem's column kept inside)

_LETTERS = re.compile(r"^[A-Za-z]{1,3}$")


@dataclass
class CellWindow:
    """Rows ``first_row``… (1-based, as the sheet numbers them) of columns ``first_col``…
    (0-based) of one sheet; ``target`` = (row index, column index) inside ``cells`` of the
    problem's cell (row None when the problem names only a column, column None when it names
    only a row)."""

    file: str
    sheet: str
    first_row: int
    first_col: int
    cells: list[list[str]] = field(default_factory=list)
    target: tuple[int | None, int | None] = (0, None)

    @property
    def row_numbers(self) -> list[int]:
        return [self.first_row + i for i in range(len(self.cells))]

    @property
    def column_letters(self) -> list[str]:
        width = max((len(r) for r in self.cells), default=0)
        return [column_letter(self.first_col + j) for j in range(width)]


def column_index(letters: str) -> int | None:
    """Spreadsheet letters → 0-based index ("A" → 0, "AA" → 26); None when not letters."""
    if not _LETTERS.match(letters or ""):
        return None
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def can_locate(problem: Problem) -> bool:
    """Whether ``problem`` names a place to jump to: a file, and a row or a column letter."""
    has_row = problem.row is not None and problem.row >= 1
    return bool(problem.file) and (has_row or column_index(problem.column) is not None)


def source_path(problem: Problem, files: list[str]) -> Path | None:
    """The imported file (full path, from ``files``) the problem's file name refers to; None
    when none is. Two imported files of that name (2019/表1.xlsx and 2020/表1.xlsx): a located
    error rather than the cells of the wrong one (a problem names its file without folders)."""
    found = [Path(f) for f in files if Path(f).name == problem.file]
    if len(found) > 1:
        raise ProblemError([_ambiguous(problem, found)])
    return found[0] if found else None


def cells_around(
    problem: Problem,
    files: list[str],
    *,
    rows_around: int = ROWS_AROUND,
    cols: int = COLS_SHOWN,
    progress: ProgressCallback | None = None,
) -> CellWindow:
    """The window of cells around ``problem``'s cell in the file of ``files`` it names."""
    from clusterpolicy.io.readers import read_workbook

    report = ensure(progress)
    path = source_path(problem, files)
    if path is None or not path.exists():
        raise ProblemError([_gone(problem, path)])
    report(0.1, f"读取 {path.name} / reading")
    wb = read_workbook(path)
    sheets = {s.sheet: s for s in wb.sheets}
    sheet = sheets.get(problem.sheet) if problem.sheet else (wb.sheets[0] if wb.sheets else None)
    if sheet is None:
        raise ProblemError([_no_sheet(problem)])
    row0 = min(max(int(problem.row or 1) - 1, 0), max(sheet.n_rows - 1, 0))
    if problem.row is None:  # a whole column: its top rows (the headers) first
        row0 = min(rows_around, max(sheet.n_rows - 1, 0))
    top = max(row0 - rows_around, 0)
    bottom = min(row0 + rows_around + 1, sheet.n_rows)
    col = column_index(problem.column)
    left = 0 if col is None else max(min(col - cols // 3, max(sheet.n_cols - cols, 0)), 0)
    width = max(min(cols, sheet.n_cols - left), 1)
    cells = [
        [raw_cell_text(sheet.cell(r, c)) for c in range(left, left + width)]
        for r in range(top, bottom)
    ]
    report(1.0, "")
    return CellWindow(
        file=problem.file,
        sheet=sheet.sheet,
        first_row=top + 1,
        first_col=left,
        cells=cells,
        target=(None if problem.row is None else row0 - top, None if col is None else col - left),
    )


def _gone(problem: Problem, path: Path | None) -> Problem:
    where = str(path) if path is not None else problem.file
    return Problem(
        "source_file_gone",
        Severity.ERROR,
        f"找不到导入时的原文件“{where}”，无法显示该单元格。",
        f"The file imported from, '{where}', is not there any more; the cell cannot be shown.",
        "请把文件放回原处，或重新导入后再查看。",
        "Put the file back where it was, or import it again, then look again.",
        file=problem.file,
    )


def _no_sheet(problem: Problem) -> Problem:
    return Problem(
        "source_sheet_gone",
        Severity.ERROR,
        f"文件中已没有工作表“{problem.sheet}”（文件在导入后被修改过）。",
        f"The file no longer has the sheet '{problem.sheet}' (it was changed after the import).",
        "请重新导入该文件。",
        "Import the file again.",
        file=problem.file,
        sheet=problem.sheet,
    )


def _ambiguous(problem: Problem, found: list[Path]) -> Problem:
    where = "；".join(str(p) for p in found[:4])
    return Problem(
        "source_file_ambiguous",
        Severity.ERROR,
        f"导入的文件中有 {len(found)} 个都名为“{problem.file}”（{where}），无法确定问题在哪一个中。",
        f"{len(found)} imported files are named '{problem.file}' ({where}); which one the "
        "problem is in cannot be told.",
        "请给这些文件改用不同的文件名后重新导入。",
        "Give the files different names and import them again.",
        file=problem.file,
    )
