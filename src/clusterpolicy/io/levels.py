"""Header levels: per column, the texts of a block's header rows, merged cells carried across.

:func:`header_levels` returns, for each column, the non-empty header texts from the top header
row down. A merged range (or, where the format gives no ranges, a blank upper cell whose lower
neighbour is filled) spreads its text over the columns below it, so a group label such as
"第一产业" above "全市 | 市辖区" is seen by both columns. Header words broken over two rows
("地方一般公" / "共预算支出") are joined first (:func:`join_broken_words`).
"""

from __future__ import annotations

import re

from clusterpolicy.io.cells import text, year_of
from clusterpolicy.io.headers import KEY_FIELDS, has_cjk, is_total_name, match_field, norm
from clusterpolicy.io.raw import RawSheet
from clusterpolicy.io.units import unit_line


def header_levels(sheet: RawSheet, header_rows: list[int], n_cols: int) -> list[list[str]]:
    """Per column, the header texts over the header rows, with merged/blank upper cells carried
    right (a merged range, or a blank cell whose lower neighbour is filled)."""
    grid = [[text(sheet.cell(r, c)) for c in range(n_cols)] for r in header_rows]
    join_broken_words(sheet, header_rows, grid)
    _fill_merged(sheet, header_rows, grid, n_cols)
    _carry_right(header_rows, grid, n_cols)
    return [[grid[i][c] for i in range(len(header_rows)) if grid[i][c]] for c in range(n_cols)]


def _fill_merged(sheet: RawSheet, header_rows: list[int], grid: list[list[str]], n_cols: int):
    """A merged range's text into its blank header cells. Only the header rows and the block's
    columns are visited (a range spanning the whole sheet costs its width, not its area)."""
    top, bottom = min(header_rows), max(header_rows)
    merges = [m for m in sheet.merged if m.first_row <= bottom and m.last_row >= top]
    merged_fill: dict[tuple[int, int], str] = {}
    for m in merges:
        v = text(sheet.cell(m.first_row, m.first_col))
        for r in header_rows:
            if m.first_row <= r <= m.last_row:
                for c in range(m.first_col, min(m.last_col, n_cols - 1) + 1):
                    merged_fill[(r, c)] = v
    below = {(m.first_col, r) for m in merges for r in header_rows if m.first_row < r <= m.last_row}
    for i, r in enumerate(header_rows):
        for c in range(n_cols):
            if (
                not grid[i][c]
                and (r, c) in merged_fill
                and (r == top or merged_fill[(r, c)] != grid[i - 1][c])
            ):
                grid[i][c] = merged_fill[(r, c)] if (c, r) not in below else ""


def _carry_right(header_rows: list[int], grid: list[list[str]], n_cols: int) -> None:
    """Carry blank upper cells right where the row below has text (merged cells without range
    information), never a key header ("地区" over an empty cell stays where it is)."""
    for i in range(len(header_rows) - 1):
        last = ""
        for c in range(n_cols):
            if grid[i][c]:
                last = grid[i][c]
            elif last and grid[i + 1][c] and c > 0:
                if match_field(last)[0] in KEY_FIELDS:
                    last = ""
                    continue
                grid[i][c] = last


def _cjk_only(t: str) -> bool:
    return bool(t) and has_cjk(t) and not re.search(r"[A-Za-z0-9\r\n]", t)


def join_broken_words(sheet: RawSheet, header_rows: list[int], grid: list[list[str]]) -> None:
    """Join a header word broken over two rows ("地方一般公" over "共预算支出", "一般公共" over
    "服务支出") into the upper row, in place, before the levels are matched.

    Joined when, in one column, two consecutive header cells both hold Chinese text only, the
    upper cell is the column's own (not merged over several columns, not repeated in the
    neighbouring columns as a group header would be), the upper text names no field or total
    by itself, and the lower text is not a unit, a year or a total."""
    wide = {
        (m.first_row, c)
        for m in sheet.merged
        if m.last_col > m.first_col
        for c in range(m.first_col, min(m.last_col, len(grid[0]) - 1 if grid else -1) + 1)
    }
    for i in range(len(header_rows) - 1):
        up_row, lo_row = grid[i], grid[i + 1]
        for c, (up, lo) in enumerate(zip(up_row, lo_row)):
            if not (_cjk_only(up) and _cjk_only(lo)) or (header_rows[i], c) in wide:
                continue
            if (c > 0 and norm(up_row[c - 1]) == norm(up)) or (
                c + 1 < len(up_row) and norm(up_row[c + 1]) == norm(up)
            ):
                continue
            if match_field(up)[0] is not None or is_total_name(up):
                continue
            if unit_line(lo) is not None or year_of(lo) is not None or is_total_name(lo):
                continue
            up_row[c], lo_row[c] = up + lo, ""
