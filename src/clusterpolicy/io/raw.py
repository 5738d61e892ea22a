"""Raw sheets: what the readers hand to layout detection (the contract between the two).

A :class:`RawSheet` is a grid of Python values exactly as the file holds them (str, int, float,
bool, datetime/date/time). An empty cell is ``""`` or ``None`` — both mean empty (calamine gives
``""``; converting millions of cells would cost more than the read). Rows may be shorter than
``n_cols``; missing trailing cells are empty. Merged ranges are given where the format has them. Rows and columns are 0-based here; messages add 1 / use letters.
Nothing has been interpreted yet: no header guessed, no unit applied, no value dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class MergedRange:
    """A merged cell block, 0-based inclusive bounds (the value sits in the top-left cell)."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int


def clip_merged(ranges, n_rows: int, n_cols: int) -> list[MergedRange]:
    """Merged ranges ``((r0, c0), (r1, c1))`` clipped to the sheet's used extent (``n_rows`` ×
    ``n_cols`` cells that hold data); ranges wholly outside it are dropped.

    Why: a file may declare ``<mergeCell ref="A1:XFD1048576"/>`` over a 4-row table; expanding
    that range cell by cell (the header levels do) would visit 17 billion cells. No merged
    cell outside the used extent can carry a value, so nothing is lost."""
    out: list[MergedRange] = []
    for (a, b), (c, d) in ranges:
        r0, r1, c0, c1 = min(a, c), max(a, c), min(b, d), max(b, d)
        if r0 >= n_rows or c0 >= n_cols or r0 < 0 or c0 < 0:
            continue
        out.append(MergedRange(r0, c0, min(r1, n_rows - 1), min(c1, n_cols - 1)))
    return out


@dataclass
class RawSheet:
    file: str  # file name as the user knows it (no directories), for messages
    sheet: str  # sheet name; "" for CSV
    rows: list[list[object]]  # grid of cell values; "" or None = empty; rows may be ragged
    merged: list[MergedRange] = field(default_factory=list)
    source_format: str = ""  # "xlsx", "xlsm", "xls", "csv", ...
    encoding: str = ""  # for CSV: the detected encoding
    delimiter: str = ""  # for CSV: the field delimiter found
    notices: list = field(default_factory=list)  # hidden rows / columns, filters (readers)

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        """Width of the widest row (computed once: a sheet's rows do not change after reading;
        calamine's rows are all one width, so the first row says it)."""
        n = self.__dict__.get("_n_cols")
        if n is None:
            if self.source_format in ("xlsx", "xlsm", "xls") and self.rows:
                n = len(self.rows[0])
            else:
                n = max(map(len, self.rows), default=0)
            self.__dict__["_n_cols"] = n
        return n

    def cell(self, r: int, c: int) -> object:
        if 0 <= r < len(self.rows) and 0 <= c < len(self.rows[r]):
            return self.rows[r][c]
        return None


@dataclass
class RawWorkbook:
    path: str  # full path
    file: str  # file name for messages
    sheets: list[RawSheet]
    warnings: list = field(default_factory=list)  # list[clusterpolicy.messages.Problem]
