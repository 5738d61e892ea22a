"""One sheet block being extracted, and its first phases (see :mod:`extract`).

* :class:`Block` — the mapping, the raw columns, the kept rows, each column's numbers, and the
  outcome collected on the way (:class:`Extracted`);
* numbers (:func:`read_numbers`): every non-key column of the data rows read as numbers once,
  with the block's one decimal mark (:func:`_decimal`: a question when the cells disagree or
  could be read either way), and counted for the accounting invariant;
* rows left out (:func:`rows_kept`): blank rows; "#"/"其中" sub-item rows, template example rows,
  CSV rows with more fields than the header — their numbers listed, with notes;
* notes on what layout detection decided alone (:func:`layout_notes`): lines skipped below the
  table, units taken from a column of the same measure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterpolicy.io.accounting import CellRegistry, NotImported, row_ranges
from clusterpolicy.io.cellcols import NumberColumn, number_column
from clusterpolicy.io.cells import decimal_evidence
from clusterpolicy.io.columns import Column
from clusterpolicy.io.headers import looks_like_formula
from clusterpolicy.io.mapping import ColumnMapping, SheetMapping
from clusterpolicy.io.raw import RawSheet
from clusterpolicy.io.validate import error, info, rows_text, warning
from clusterpolicy.messages import Problem, column_letter


@dataclass
class Piece:
    """Rows for one canonical table from one sheet block (keys may still be names)."""

    table: str
    frame: pd.DataFrame  # canonical columns + "_region_name", "_industry_name", "_src", "_row"
    src: int


@dataclass
class Extracted:
    pieces: list[Piece] = field(default_factory=list)
    provenance: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    read: int = 0  # numbers in the block's value area
    not_imported: list[NotImported] = field(default_factory=list)


@dataclass
class Block:
    """One block being extracted: its mapping, raw columns, kept row labels, numbers."""

    sheet: RawSheet
    m: SheetMapping
    src: int
    cols: list[Column]
    index: pd.Index
    loc: dict
    out: Extracted
    cells: CellRegistry
    numbers: dict[int, NumberColumn] = field(default_factory=dict)  # on the kept rows
    keep: np.ndarray | None = None

    def cell(self, r, c):  # the raw cell of 1-based row r, for messages
        return self.sheet.cell(int(r) - 1, c)

    def listed(self, rng: str, n: int, reason: str, detail: str = "") -> None:
        if n:
            self.out.not_imported.append(
                NotImported(self.m.file, self.m.sheet, rng, int(n), reason, detail)
            )

    def col_range(self, c: ColumnMapping) -> str:
        first, last = self.m.data_rows
        return f"{c.letter}{first}:{c.letter}{last}"


# --- 1. numbers -----------------------------------------------------------------------------
def counted(m: SheetMapping) -> list[ColumnMapping]:
    """The columns of the value area: every column that is not a key."""
    return [c for c in m.columns if c.role != "key"]


def read_numbers(b: Block) -> bool:
    """Read every non-key column as numbers (the sheet's decimal mark), count them; False when
    the decimal mark is a question the user must answer (a located error)."""
    decimal = b.m.decimal or _decimal(b)
    if decimal is None:
        return False
    for c in counted(b.m):
        nc = number_column(b.cols[c.index], b.index, decimal)
        b.numbers[c.index] = nc
        b.out.read += nc.count()
    return True


def _decimal(b: Block) -> str | None:
    """ "." or "," from the text numbers of the value area; None (with a located error) when the
    cells disagree, or when every comma could be a thousands separator or a decimal comma in a
    file whose fields are separated by semicolons."""
    if b.sheet.delimiter == ",":
        return "."  # a comma CSV: commas in a field are thousands separators (quoted) or errors
    seen: dict[str, tuple[int, int]] = {}
    texts = [(c, b.cols[c.index].values) for c in counted(b.m) if not b.cols[c.index].numeric]
    for mark in (",", "."):  # decimal points matter only where some cell has a comma
        for c, a in texts:
            strs = [v for v in a if isinstance(v, str)] if b.cols[c.index].kind != "string" else a
            if mark not in "\x00".join(strs):  # one C-level search per column
                continue
            hits = np.fromiter((isinstance(v, str) and mark in v for v in a), bool, len(a))
            for pos in np.flatnonzero(hits)[:5000]:
                ev = decimal_evidence(a[pos])
                if ev and ev not in seen:
                    seen[ev] = (c.index, int(b.index[pos]))
        if not seen:
            return "."
    if "." in seen and "," in seen:
        return _decimal_error(b, seen[","], seen["."], "mixed")
    if "," in seen and b.sheet.delimiter in (";", "\t", "|"):
        return ","  # a CSV of a decimal-comma locale; elsewhere "1234,5" is an error, not 12345
    if "ambiguous" in seen and b.sheet.delimiter == ";":
        return _decimal_error(b, seen["ambiguous"], None, "ambiguous")
    return "."


def _decimal_error(b: Block, where, other, kind: str) -> None:
    col, row = where
    v = str(b.cell(row, col))
    if kind == "mixed":
        o = str(b.cell(other[1], other[0]))
        zh = f"数字的小数点写法不一致：“{v}”用逗号作小数点，“{o}”用句点。"
        en = f"Numbers use two decimal marks: '{v}' a decimal comma, '{o}' a decimal point."
    else:
        zh = (
            f"“{v}”可读作千位分隔的整数，也可读作带小数逗号的数（本文件以分号分隔，常用小数逗号），"
            "无法确定。"
        )
        en = (
            f"'{v}' may be a whole number with a thousands separator or a number with a decimal"
            " comma (this file is separated by semicolons, where decimal commas are usual)."
        )
    b.out.problems.append(
        error(
            "ambiguous_decimal" if kind == "ambiguous" else "mixed_decimal",
            zh,
            en,
            "在映射中指定小数点（decimal：“.” 或 “,”），或统一数字写法后再导入。",
            "Give the decimal mark in the mapping (decimal: '.' or ','), or write the numbers"
            " one way, then import again.",
            **b.loc,
            row=int(row),
            column=column_letter(col),
            value=v[:40],
        )
    )
    return None


def layout_notes(b: Block) -> None:
    """Warnings for what layout detection decided on its own: lines below the table that were
    skipped (vendor notes, adverts), units taken from a column of the same measure."""
    m = b.m
    if m.skipped_rows:
        texts = "；".join(
            " ".join(str(v).strip() for v in b.sheet.rows[r - 1] if v not in ("", None))[:40]
            for r in m.skipped_rows[:4]
        )
        b.out.problems.append(
            warning(
                "lines_below_table",
                f"表格下方的文字行（第 {rows_text(m.skipped_rows)} 行）不是数据，已跳过：{texts}。",
                f"Lines below the table (rows {rows_text(m.skipped_rows)}) are not data and were"
                f" skipped: {texts}.",
                **b.loc,
                row=m.skipped_rows[0],
            )
        )
    _formula_headers(b)
    inferred = [c for c in m.value_columns() if c.note.startswith("unit from column")]
    if inferred:
        src = inferred[0].note.split()[3]
        letters = ", ".join(c.letter for c in inferred)
        b.out.problems.append(
            warning(
                "unit_inferred",
                f"{letters}列的表头没有单位，已采用同一指标{src}列的单位“{inferred[0].unit}”。",
                f"Columns {letters} state no unit; the unit of column {src} of the same measure"
                f" ('{inferred[0].unit}') was applied.",
                "如单位不同，请在映射中为这些列指定单位。",
                "If their unit differs, set it for these columns in the mapping.",
                **b.loc,
                row=m.header_rows[-1] if m.header_rows else None,
                column=inferred[0].letter,
            )
        )


def _formula_headers(b: Block, limit: int = 20) -> None:
    """A warning naming each header cell whose text is a formula written as text: it was not
    parsed (no industry code, measure or region was taken from it)."""
    m = b.m
    n = 0
    for r in m.header_rows:
        for c in m.columns:
            v = b.sheet.cell(r - 1, c.index)
            if not looks_like_formula(v) or n >= limit:
                continue
            n += 1
            ref = f"{c.letter}{r}"
            b.out.problems.append(
                warning(
                    "formula_header",
                    f"表头单元格{ref}的内容像公式（{str(v)[:60]}），未作为表头解析"
                    "（不从中读取行业代码、指标或地区）。",
                    f"Header cell {ref} holds formula-like text ({str(v)[:60]}); it was not read"
                    " as a header (no industry code, measure or region is taken from it).",
                    "在Excel中把该单元格改成普通文字的列标题，或在映射中指定这一列。",
                    "Replace it with a plain text header in Excel, or set the column in the mapping.",
                    **b.loc,
                    row=r,
                    column=c.letter,
                    value=str(v),
                )
            )


# --- 2. rows left out -----------------------------------------------------------------------
def rows_kept(b: Block, rows: list[list[object]]) -> bool:
    """Drop blank, sub-item, example and too-long rows from ``b`` (their numbers listed, with
    notes); False if no row is left."""
    m, index = b.m, b.index
    first, last = m.data_rows
    blank = np.ones(len(index), dtype=bool)
    for col in b.cols:  # a row is blank when every cell is; stop at the first all-number column
        blank &= col.empty()
        if not blank.any():
            break
    drop: dict[str, np.ndarray] = {}
    sub = [r for r in m.subitem_rows if first <= r <= last]
    if sub:
        drop["subitem_rows"] = index.isin(sub)
        b.out.problems.append(
            warning(
                "subitem_rows",
                f"“#”或“其中”分项行未参与汇总（第 {rows_text(sub)} 行）。",
                f"'#'/'其中' sub-item rows left out of the data (rows {rows_text(sub)}).",
                "若这些行是独立的地区或行业，请在映射中取消标记。",
                "If they are separate regions or industries, unmark them in the mapping.",
                **b.loc,
                row=sub[0],
            )
        )
    ex = _example_rows(b)
    if ex is not None:
        drop["example_rows"] = ex
    long_rows = _too_long_rows(b, rows)
    if long_rows is not None:
        drop["row_too_long"] = long_rows
    keep = ~blank
    for reason, mask in drop.items():
        _list_rows(b, mask & keep, reason)
        keep &= ~mask
    if not keep.all():
        b.cols = [col.take(keep) for col in b.cols]
        b.index = index[keep]
    b.numbers = {i: nc.take(keep) for i, nc in b.numbers.items()}
    b.keep = keep
    return len(b.index) > 0


def _list_rows(b: Block, mask: np.ndarray, reason: str) -> None:
    if not mask.any():
        return
    n = sum(int((nc.numeric_mask() & mask).sum()) for nc in b.numbers.values())
    cols = [c.index for c in counted(b.m)]
    if cols:
        b.listed(row_ranges(b.index[mask], min(cols), max(cols)), n, reason)


def _example_rows(b: Block) -> np.ndarray | None:
    keys = b.m.key_columns()
    if "example" not in keys:
        return None
    ex = b.cols[keys["example"].index].map_distinct(
        lambda v: str(v).strip().lower() in ("示例", "example", "示例 example"), False, bool
    )
    if not ex.any():
        return None
    rr = b.index[ex]
    b.out.problems.append(
        info(
            "example_rows",
            f"跳过模板示例行（第 {rows_text(rr)} 行）。",
            f"Template example rows skipped (rows {rows_text(rr)}).",
            **b.loc,
            row=int(rr[0]),
        )
    )
    return ex


def _too_long_rows(b: Block, rows: list[list[object]]) -> np.ndarray | None:
    """CSV records with more fields than the header and something in the extra ones: the row
    is shifted somewhere (an inserted field), so none of its values can be trusted."""
    if b.sheet.source_format != "csv" or not b.m.header_rows:
        return None
    width = max(
        (
            max(
                (i + 1 for i, v in enumerate(b.sheet.rows[h - 1]) if v not in ("", None)), default=0
            )
            for h in b.m.header_rows
        ),
        default=0,
    )
    lens = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    cand = np.flatnonzero(lens > width)
    if not len(cand):
        return None
    bad = np.zeros(len(rows), dtype=bool)
    for i in cand:
        if any(v not in ("", None) for v in rows[i][width:]):
            bad[i] = True
    if not bad.any():
        return None
    rr = b.index[bad]
    b.out.problems.append(
        warning(
            "row_too_long",
            f"第 {rows_text(rr)} 行的字段比表头多（表头 {width} 列），数值可能错位，该行未导入。",
            f"Rows {rows_text(rr)} have more fields than the header ({width} columns): the values"
            " may be shifted, so the row was not imported.",
            "在原文件中检查该行是否多了一个分隔符（逗号），改正后再导入。",
            "Check the row for an extra delimiter (comma) in the file, fix it and import again.",
            **b.loc,
            row=int(rr[0]),
            column=column_letter(width),
        )
    )
    return bad
