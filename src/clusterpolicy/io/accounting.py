"""The accounting invariant: every number read ends in exactly one canonical cell, or is listed.

Every numeric cell of a table's value area (its data rows × its non-key columns) — and every
number of a sheet outside any table — is counted once when it is read. It then either lands in
exactly one canonical cell (whose source cell is recorded: :class:`CellRegistry`), or it is
listed here, by file, sheet and cell range, with the reason (:class:`NotImported`). At the end
of an import :func:`check` compares the numbers read with the canonical cells filled plus the
numbers listed; if they differ the import stops with an internal error instead of returning
data that lost or doubled a number. The summary ("N numbers read, N imported, N listed as not
imported") is :attr:`Accounting.line_en` / :attr:`Accounting.line_zh`.

Counting is vectorised: per column, a count of non-missing parsed numbers; per dropped row set,
a masked sum. There is no Python loop over cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterpolicy.messages import Problem, Severity, column_letter

ROW_BITS = 22  # a cell id is column_source × 2**22 + row (rows are capped at 2,000,000)

REASONS: dict[str, tuple[str, str]] = {
    "no_measure": ("列没有指定指标", "the column has no measure"),
    "column_ignored": ("列在映射中设为忽略", "the column is set to ignored"),
    "subitem_rows": ("“#”/“其中”分项行", "a '#'/'其中' sub-item row"),
    "example_rows": ("模板示例行", "a template example row"),
    "row_too_long": (
        "该行字段比表头多（可能错位）",
        "the row has more fields than the header (shifted?)",
    ),
    "unmapped_measure": ("指标没有对应的标准指标", "the measure matches no canonical measure"),
    "no_measure_name": ("该行没有指标名称", "the row names no measure"),
    "unknown_unit": ("单位无法识别", "the unit is not known"),
    "rows_without_key": ("该行缺少地区/行业/年份", "the row lacks a region / industry / year"),
    "duplicate_same_value": (
        "与另一单元格同键同值（已导入那一个）",
        "same key and value as another cell (that one is imported)",
    ),
    "outside_table": ("数字不在任何表格内", "the number is outside any table"),
    "sheet_skipped": ("该表在映射中设为跳过", "the table is set to skip in the mapping"),
    "group_row": (
        "分组/小计行的数值（作为上级地区）",
        "a group / subtotal row (kept as the parent)",
    ),
}


@dataclass
class NotImported:
    file: str
    sheet: str
    cell_range: str
    n: int
    reason: str  # a key of REASONS
    detail: str = ""  # e.g. the header or measure name

    def text(self, lang: str = "en") -> str:
        zh, en = REASONS.get(self.reason, (self.reason, self.reason))
        why = zh if lang == "zh" else en
        extra = f" ({self.detail})" if self.detail else ""
        return f"{self.file} / {self.sheet or '-'} / {self.cell_range}: {self.n} — {why}{extra}"


@dataclass
class CellRegistry:
    """Column sources (file, sheet, column letter) numbered once, for per-cell provenance."""

    columns: list[tuple[str, str, str]] = field(default_factory=list)
    _ids: dict[tuple[str, str, str], int] = field(default_factory=dict)

    def id(self, file: str, sheet: str, col: int) -> int:
        key = (file, sheet, column_letter(col))
        i = self._ids.get(key)
        if i is None:
            i = self._ids[key] = len(self.columns)
            self.columns.append(key)
        return i

    def cell_ids(self, colsrc: int, rows: pd.Index, present: np.ndarray) -> np.ndarray:
        """float64 ids (NaN where the value is missing) for 1-based ``rows`` of a column."""
        ids = float(colsrc * (1 << ROW_BITS)) + np.asarray(rows, dtype="float64")
        return np.where(present, ids, np.nan)

    def where(self, cell_id: float) -> tuple[str, str, str]:
        """(file, sheet, "B12") of a cell id."""
        i = int(cell_id)
        file, sheet, letter = self.columns[i >> ROW_BITS]
        return file, sheet, f"{letter}{i & ((1 << ROW_BITS) - 1)}"


def id_ranges(
    reg: CellRegistry, ids: np.ndarray, limit: int = 8
) -> dict[tuple[str, str], tuple[str, int]]:
    """(file, sheet) → ("D7:D9, F12", how many cells) for these cell ids (row runs per column)."""
    ids = np.unique(np.asarray(ids, dtype="float64")[~np.isnan(ids)]).astype(np.int64)
    out: dict[tuple[str, str], list[str]] = {}
    counts: dict[tuple[str, str], int] = {}
    if not len(ids):
        return {}
    colsrc = ids >> ROW_BITS
    rows = ids & ((1 << ROW_BITS) - 1)
    for k in np.unique(colsrc):
        file, sheet, letter = reg.columns[int(k)]
        r = rows[colsrc == k]
        breaks = np.flatnonzero(np.diff(r) != 1)
        starts = np.r_[r[0], r[breaks + 1]]
        ends = np.r_[r[breaks], r[-1]]
        texts = [
            f"{letter}{a}" if a == e else f"{letter}{a}:{letter}{e}" for a, e in zip(starts, ends)
        ]
        out.setdefault((file, sheet), []).extend(texts)
        counts[(file, sheet)] = counts.get((file, sheet), 0) + len(r)
    return {
        key: (
            ", ".join(v[:limit]) + (f" …(+{len(v) - limit})" if len(v) > limit else ""),
            counts[key],
        )
        for key, v in out.items()
    }


def row_ranges(rows, first_col: int, last_col: int, limit: int = 6) -> str:
    """ "B5:F5, B9:F12" for 1-based rows (runs of consecutive rows joined), at most ``limit``."""
    rows = sorted(set(int(r) for r in rows))
    if not rows:
        return ""
    runs: list[tuple[int, int]] = []
    start = prev = rows[0]
    for r in rows[1:]:
        if r != prev + 1:
            runs.append((start, prev))
            start = r
        prev = r
    runs.append((start, prev))
    a, b = column_letter(first_col), column_letter(last_col)
    text = ", ".join(f"{a}{s}:{b}{e}" for s, e in runs[:limit])
    return text + (f" …(+{len(runs) - limit})" if len(runs) > limit else "")


@dataclass
class Accounting:
    """The numbers of one import: read, imported, listed as not imported (with the list)."""

    read: int = 0
    imported: int = 0
    entries: list[NotImported] = field(default_factory=list)

    @property
    def not_imported(self) -> int:
        return sum(e.n for e in self.entries)

    @property
    def line_en(self) -> str:
        return (
            f"{self.read:,} numbers read, {self.imported:,} imported, "
            f"{self.not_imported:,} listed as not imported"
        )

    @property
    def line_zh(self) -> str:
        return (
            f"读取 {self.read:,} 个数值，导入 {self.imported:,} 个，"
            f"列为未导入 {self.not_imported:,} 个"
        )

    def frame(self) -> pd.DataFrame:
        """The not-imported list: file, sheet, cell_range, n, reason, detail."""
        return pd.DataFrame(
            [(e.file, e.sheet, e.cell_range, e.n, e.reason, e.detail) for e in self.entries],
            columns=["file", "sheet", "cell_range", "n", "reason", "detail"],
        )

    def problem(self) -> Problem:
        """The summary as an info note (it travels with the data's warnings)."""
        return Problem(
            "import_accounting",
            Severity.INFO,
            self.line_zh + "。",
            self.line_en + ".",
            "未导入的单元格及原因见来源记录（provenance，table = not_imported）。"
            if self.entries
            else "",
            "The cells not imported and why are in the provenance (table = not_imported)."
            if self.entries
            else "",
        )

    def provenance_rows(self) -> list[dict]:
        return [
            {
                "file": e.file,
                "sheet": e.sheet,
                "cell_range": e.cell_range,
                "table": "not_imported",
                "column": e.reason,
                "original_header": e.detail,
                "unit": "",
                "factor": np.nan,
                "mapping": "",
                "n_values": e.n,
            }
            for e in self.entries
        ]


def imported_cells(tables: dict[str, pd.DataFrame], keys: dict[str, list[str]]) -> int:
    """Canonical cells filled: non-missing numbers in the non-key numeric columns."""
    n = 0
    for t, f in tables.items():
        cols = [
            c
            for c in f.columns
            if c not in keys.get(t, ())
            and not c.startswith("_")
            and pd.api.types.is_float_dtype(f[c])
        ]
        if cols:
            n += int(f[cols].count().sum())
    return n


class AccountingError(Exception):
    """The counts do not add up: a number was lost or doubled (a bug, never the user's)."""
