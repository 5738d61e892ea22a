"""Value columns → canonical series: numbers, units, factors and the problems on the way.

Per value column (:meth:`ValueReader.column`):

* numbers pass through; text numbers are read by :func:`clusterpolicy.io.cells.number_column`
  (full-width digits, thousands separators, footnote markers, missing symbols);
* any other text is an error located at its cell; "inf"/"NaN"/"1e309" are errors too;
* the unit (column header, else the sheet's unit line, else the mapping; a unit written in the
  cells themselves when it is the same everywhere) gives the factor:
  ``canonical = found × factor``; a unit that does not fit the measure is a warning and the
  values stay unscaled;
* negative values of measures that cannot be negative are errors.

Aggregated warnings (numbers stored as text, missing symbols, units applied, no unit found) are
collected per block and emitted once by :meth:`ValueReader.finish`.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from clusterpolicy.io.cellcols import NumberColumn, number_column
from clusterpolicy.io.columns import Column
from clusterpolicy.io.mapping import ColumnMapping
from clusterpolicy.io.units import Unit, factor_for, parse_unit
from clusterpolicy.io.validate import (
    MAX_CELL_PROBLEMS,
    NON_NEGATIVE,
    error,
    info,
    rows_text,
    warning,
)
from clusterpolicy.messages import Problem
from clusterpolicy.model.tables import TABLES


def canonical_unit(measure: str, table_hint: str) -> str:
    for t in (table_hint, "industry_data", "region_data", "firm_data"):
        spec = TABLES[t]
        if measure in spec.names:
            return spec.column(measure).unit
    return ""


def letters_text(letters: list[str], limit: int = 12) -> str:
    return ", ".join(letters[:limit]) + (
        f" …(+{len(letters) - limit})" if len(letters) > limit else ""
    )


class ValueReader:
    """Reads the value columns of one block and collects their problems (``problems``)."""

    def __init__(
        self,
        loc: dict,
        cell: Callable[[int, int], object],
        decimal: str = ".",
        header_row: int | None = None,
    ):
        self.loc = loc
        self.header_row = header_row  # 1-based, for messages about column headers
        self.cell = cell  # raw cell of a 1-based row and 0-based column, for messages
        self.decimal = decimal
        self.problems: list[Problem] = []
        self._symbols: set[str] = set()
        self._symbol_cols: list[str] = []
        self._text_cols: list[str] = []
        self._text_seen: list = [0, "", None]  # count, first example, its row
        # (unit text, factor, from the column's own header) → column letters
        self._units: dict[tuple[str, float, bool], list[str]] = {}
        self._nounit: dict[str, list[str]] = {}
        self._measure_units: dict[str, dict[str, list[str]]] = {}  # measure → unit → letters

    # --- reading ---------------------------------------------------------------------------
    def numbers(self, col: Column, index: pd.Index, c: ColumnMapping) -> NumberColumn:
        """The column's numbers, with located errors for what is not a number."""
        seen = number_column(col, index, self.decimal)
        self.report(c, seen)
        return seen

    def report(self, c: ColumnMapping, seen: NumberColumn) -> None:
        """Located errors for unreadable cells; symbols, text numbers and footnotes collected."""
        self._cell_errors(c, seen.bad, "text_in_number")
        self._cell_errors(c, seen.nonfinite, "non_finite")
        if seen.text_numbers:
            self._text_cols.append(c.letter)
            self._text_seen[0] += seen.text_numbers
            if not self._text_seen[1]:
                self._text_seen[1], self._text_seen[2] = seen.text_example, seen.text_row
        if seen.symbols:
            self._symbols.update(seen.symbols)
            self._symbol_cols.append(c.letter)
        if seen.footnote:
            rr = seen.footnote
            self.problems.append(
                warning(
                    "footnote_marker",
                    f"去掉了数值后的注释标记（第 {rows_text(rr)} 行）。",
                    f"Footnote markers removed from numbers (rows {rows_text(rr)}).",
                    **self.loc,
                    row=int(rr[0]),
                    column=c.letter,
                )
            )

    def _cell_errors(self, c: ColumnMapping, rows: list, code: str) -> None:
        for r in rows[:MAX_CELL_PROBLEMS]:
            v = str(self.cell(r, c.index))
            if code == "non_finite":
                zh = f"数值单元格中有非有限数“{v[:30]}”（无穷大或非数）。"
                en = (
                    f"A number cell holds a non-finite value '{v[:30]}' (infinity or not-a-number)."
                )
            else:
                zh = f"数值单元格中有无法识别的文字“{v[:30]}”。"
                en = f"Text that is not a number in a number cell: '{v[:30]}'."
            self.problems.append(
                error(
                    code,
                    zh,
                    en,
                    "改为数字，缺失值请留空或写“—”。",
                    "Enter a number; leave missing values blank or write '—'.",
                    **self.loc,
                    row=int(r),
                    column=c.letter,
                    value=v[:40],
                )
            )
        if len(rows) > MAX_CELL_PROBLEMS:
            more = len(rows) - MAX_CELL_PROBLEMS
            self.problems.append(
                error(
                    f"{code}_more",
                    f"{c.letter}列另有 {more} 个此类单元格。",
                    f"{more} more such cells in column {c.letter}.",
                    **self.loc,
                    column=c.letter,
                )
            )

    # --- one value column ------------------------------------------------------------------
    def column(
        self,
        c: ColumnMapping,
        seen: NumberColumn,
        measure: str,
        table: str,
        sheet_unit: Unit | None,
    ) -> tuple[ColumnMapping, pd.Series] | None:
        """(the column as used — unit and factor filled in —, canonical values), or None when
        the column cannot be read (its errors are in ``problems``). ``seen`` is the column's
        numbers (:func:`number_column`) on the rows kept; its problems are reported here."""
        self.report(c, seen)
        base = measure.split("[", 1)[0]
        canon = canonical_unit(base, table)
        unit = parse_unit(c.unit) if c.unit else sheet_unit
        if seen.unit_suffix:
            unit = self._cell_unit(c, seen, unit)
            if unit is False:
                return None
            s = seen.values.copy()
            s.loc[list(seen.unit_values)] = list(seen.unit_values.values())
        else:
            s = seen.values
        factor = self._factor(c, unit, canon, measure)
        utext = unit.text if unit is not None else ""
        self._measure_units.setdefault(measure, {}).setdefault(utext, []).append(c.letter)
        vals = s * factor
        if base in NON_NEGATIVE:
            self._negatives(c, vals, measure)
        used = ColumnMapping(**{**c.__dict__})
        used.unit = unit.text if unit is not None else ""
        used.factor = factor
        return used, vals

    def _cell_unit(self, c: ColumnMapping, seen: NumberColumn, unit: Unit | None):
        """The unit written in the cells ("12万元"), when it is one and agrees with the column's;
        False (with an error) otherwise."""
        units_in_cells = set(seen.unit_suffix.values())
        r0 = next(iter(seen.unit_suffix))
        if len(units_in_cells) > 1:
            self.problems.append(
                error(
                    "mixed_units",
                    f"同一列中有不同的单位：{'、'.join(sorted(units_in_cells))}。",
                    f"Mixed units in one column: {', '.join(sorted(units_in_cells))}.",
                    "统一单位后再导入，或把单位写在表头里。",
                    "Use one unit per column, written in the header.",
                    **self.loc,
                    row=int(r0),
                    column=c.letter,
                )
            )
            return False
        cu = parse_unit(next(iter(units_in_cells)))
        if cu is None:
            self._cell_errors(c, list(seen.unit_suffix), "text_in_number")
            return False
        if unit is not None and unit.factor != cu.factor and seen.values.notna().any():
            self.problems.append(
                error(
                    "mixed_units",
                    f"部分单元格写有单位“{cu.text}”，与列单位“{unit.text}”不同。",
                    f"Some cells carry the unit '{cu.text}', unlike the column's '{unit.text}'.",
                    "统一单位。",
                    "Use one unit per column.",
                    **self.loc,
                    row=int(r0),
                    column=c.letter,
                )
            )
            return False
        if seen.values.notna().any() and unit is None:
            self.problems.append(
                error(
                    "mixed_units",
                    f"部分单元格写有单位“{cu.text}”，其余没有单位。",
                    f"Some cells carry the unit '{cu.text}', the others none.",
                    "统一单位，写在表头里。",
                    "Use one unit per column, written in the header.",
                    **self.loc,
                    row=int(r0),
                    column=c.letter,
                )
            )
            return False
        return cu

    def _factor(self, c: ColumnMapping, unit: Unit | None, canon: str, measure: str) -> float:
        factor = factor_for(unit, canon) if unit is not None else 1.0
        if (
            c.unit
            and c.factor
            and c.factor != 1.0
            and unit is not None
            and parse_unit(c.unit) is None
        ):
            factor = c.factor  # a user-given factor for a unit we do not know
        if factor is None:
            self.problems.append(
                warning(
                    "unit_not_applicable",
                    f"单位“{unit.text}”不适用于“{measure}”（{canon}），数值未换算。",
                    f"Unit '{unit.text}' does not fit '{measure}' ({canon}); values left unscaled.",
                    "在映射中为该列指定正确的单位。",
                    "Set the column's unit in the mapping.",
                    **self.loc,
                    column=c.letter,
                )
            )
            return 1.0
        if unit is not None and factor != 1.0:
            self._units.setdefault((unit.text, factor, bool(c.unit)), []).append(c.letter)
        elif unit is None and canon in ("yuan", "persons") and not c.unit:
            self._nounit.setdefault(canon, []).append(c.letter)
        return factor

    def negatives(self, c: ColumnMapping, vals: pd.Series, measure: str) -> None:
        self._negatives(c, vals, measure)

    def _negatives(self, c: ColumnMapping, vals: pd.Series, measure: str) -> None:
        neg = vals[vals < 0]
        for r in list(neg.index)[:MAX_CELL_PROBLEMS]:
            self.problems.append(
                error(
                    "negative_value",
                    f"“{measure}”不能为负数：{self.cell(r, c.index)}。",
                    f"'{measure}' cannot be negative: {self.cell(r, c.index)}.",
                    "检查该数值。",
                    "Check the value.",
                    **self.loc,
                    row=int(r),
                    column=c.letter,
                    value=str(self.cell(r, c.index)),
                )
            )

    # --- the block's summary warnings ------------------------------------------------------
    def finish(self) -> list[Problem]:
        out: list[Problem] = []
        if self._text_cols:
            cols = letters_text(self._text_cols)
            n, ex, row0 = self._text_seen
            out.append(
                warning(
                    "text_numbers",
                    f"{n} 个以文本保存的数字（如“{ex[:20]}”）已按数值读取（{cols}列）。",
                    f"{n} numbers stored as text (e.g. '{ex[:20]}') were read as numbers (columns {cols}).",
                    "如有疑问，请在Excel中核对这些单元格。",
                    "If in doubt, check these cells in Excel.",
                    **self.loc,
                    row=row0,
                    column=self._text_cols[0],
                )
            )
        if self._symbols:
            cols = letters_text(self._symbol_cols)
            out.append(
                warning(
                    "missing_symbols",
                    f"符号 {'、'.join(sorted(self._symbols))} 按缺失值处理（{cols}列）。",
                    f"Symbols {' '.join(sorted(self._symbols))} read as missing (columns {cols}).",
                    **self.loc,
                    column=self._symbol_cols[0],
                )
            )
        for (utext, factor, own), letters_ in self._units.items():
            cols = letters_text(letters_)
            zh = f"按单位“{utext}”换算为标准单位（×{factor:g}）：{cols}列。"
            en = f"Unit '{utext}' applied (×{factor:g}) to columns {cols}."
            if own:  # the column's own header says the unit: routine, a note
                out.append(info("unit_applied", zh, en, **self.loc, column=letters_[0]))
                continue
            out.append(  # the sheet's title or note says it for every column: worth a look
                warning(
                    "unit_applied",
                    zh[:-1] + "（单位取自表题或表注，适用于这些列）。",
                    en[:-1] + " (the unit is the sheet's, from its title or note).",
                    "核对表题或表注中的单位是否适用于这些列；不适用时在映射中为该列指定单位。",
                    "Check that the sheet's unit applies to these columns; if not, set the "
                    "column's unit in the mapping.",
                    **self.loc,
                    column=letters_[0],
                )
            )
        for measure, units in self._measure_units.items():
            if len(units) > 1:
                parts = "; ".join(f"{letters_text(ls)}: {u or '—'}" for u, ls in units.items())
                second = list(units.values())[1][0]
                out.append(
                    warning(
                        "units_differ",
                        f"“{measure}”各列的单位不同（{parts}），已按各列表头的单位分别换算。",
                        f"The columns of '{measure}' have different units ({parts}); each was"
                        " converted by the unit in its own header.",
                        "核对各列表头的单位是否正确。",
                        "Check the unit in each column header.",
                        **self.loc,
                        row=self.header_row,
                        column=second,
                    )
                )
        for canon, letters_ in self._nounit.items():
            cols = letters_text(letters_)
            out.append(
                warning(
                    "no_unit",
                    f"{cols}列未找到单位，按{'元' if canon == 'yuan' else '人'}读取。",
                    f"No unit found for columns {cols}; read as {canon}.",
                    "如单位不同，请在映射中指定（如 万元）。",
                    "If the unit differs, set it in the mapping (e.g. 万元).",
                    **self.loc,
                    column=letters_[0],
                )
            )
        return out
