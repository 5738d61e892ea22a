"""Apply a :class:`SheetMapping` to a raw sheet: canonical pieces, provenance and problems.

Vectorised over rows: the block's rows become one object array per column, once
(:mod:`clusterpolicy.io.columns`); cells are parsed by :mod:`clusterpolicy.io.cells` once per
*distinct* value and spread back with ``take``. No per-cell Python loop on a long table's
numbers. The phases of :func:`extract`:

1. rows left out (:func:`_rows_kept`): blank rows; "#"/"其中" sub-item rows and template example
   rows (warning / info);
2. keys (:func:`_key_frame`): region / industry codes and names, firm ids, years (a located
   ``bad_year`` error for a year that cannot be read), the sheet's year and region;
3. total / reference rows (:func:`_total_rows`): marked ``_total``; their industry measures go
   to ``reference_data``, their region measures stay in ``region_data`` under the reference
   area's code (the regions lookup flags it ``is_reference``); total columns go to
   ``industry_totals``;
4. values (:mod:`values`, :mod:`tidy`): one canonical series per value column, grouped by the
   fixed keys their headers give;
5. pieces (:func:`_pieces`): one frame per group, with provenance per column range.

Region names without codes are resolved later over the whole import (:mod:`importer`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterpolicy.io.cells import code_column, text_column, year_column
from clusterpolicy.io.columns import Column, block_columns
from clusterpolicy.io.headers import (
    FIRM_MEASURES,
    INDUSTRY_MEASURES,
    REGION_MEASURES,
    display_name,
    is_total_name,
    split_bilingual,
)
from clusterpolicy.io.mapping import ColumnMapping, SheetMapping
from clusterpolicy.io.raw import RawSheet
from clusterpolicy.io.tidy import tidy_groups
from clusterpolicy.io.units import parse_unit
from clusterpolicy.io.validate import MAX_CELL_PROBLEMS, error, info, rows_text, warning
from clusterpolicy.io.values import ValueReader, letters_text
from clusterpolicy.messages import Problem, column_letter
from clusterpolicy.model.tables import TABLES, TOTAL_INDUSTRY, TOTAL_REGION

Groups = dict[tuple, dict[str, tuple[ColumnMapping, pd.Series]]]


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


@dataclass
class _Block:
    """One block being extracted: its mapping, raw columns, kept row labels."""

    sheet: RawSheet
    m: SheetMapping
    src: int
    cols: list[Column]
    index: pd.Index
    loc: dict
    out: Extracted

    def cell(self, r, c):  # the raw cell of 1-based row r, for messages
        return self.sheet.cell(int(r) - 1, c)


def route(measure: str, has_firm: bool) -> str:
    if has_firm:
        return "firm_data"
    if measure in REGION_MEASURES and measure not in INDUSTRY_MEASURES:
        return "region_data"
    return "industry_data"


def extract(
    sheet: RawSheet, m: SheetMapping, src: int, *, reference_code: str | None = None
) -> Extracted:
    out = Extracted()
    first, last = m.data_rows
    if m.layout == "skip" or last < first:
        return out
    rows = sheet.rows[first - 1 : last]
    width = max((c.index for c in m.columns), default=-1) + 1
    cols = [Column(a) for a in block_columns(rows, width)]  # built once, column-wise
    b = _Block(
        sheet,
        m,
        src,
        cols,
        pd.RangeIndex(first, first + len(rows)),
        {"file": m.file, "sheet": m.sheet},
        out,
    )
    if not _rows_kept(b):
        return out
    keys = m.key_columns()
    base = _key_frame(b, keys)
    total = _total_rows(b, base, reference_code)
    reader = ValueReader(b.loc, b.cell, header_row=m.header_rows[-1] if m.header_rows else None)
    groups, no_measure, n_left = _value_groups(b, keys, reader)
    out.problems.extend(reader.problems)
    out.problems.extend(reader.finish())
    if no_measure:
        out.problems.append(_no_measure(b, no_measure, n_left, bool(groups)))
    _pieces(b, groups, base, total)
    return out


# --- 1. rows left out -----------------------------------------------------------------------
def _rows_kept(b: _Block) -> bool:
    """Drop blank, sub-item and example rows from ``b`` (with notes); False if none is left."""
    m, index = b.m, b.index
    first, last = m.data_rows
    blank = np.ones(len(index), dtype=bool)
    for col in b.cols:  # a row is blank when every cell is; stop at the first all-number column
        blank &= col.empty()
        if not blank.any():
            break
    keep = pd.Series(~blank, index=index)
    sub = [r for r in m.subitem_rows if first <= r <= last]
    if sub:
        keep[sub] = False
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
    keys = m.key_columns()
    if "example" in keys:
        ex = pd.Series(
            b.cols[keys["example"].index].map_distinct(
                lambda v: str(v).strip().lower() in ("示例", "example", "示例 example"), False, bool
            ),
            index=index,
        )
        if ex.any():
            keep &= ~ex
            b.out.problems.append(
                info(
                    "example_rows",
                    f"跳过模板示例行（第 {rows_text(ex[ex].index)} 行）。",
                    f"Template example rows skipped (rows {rows_text(ex[ex].index)}).",
                    **b.loc,
                    row=int(ex[ex].index[0]),
                )
            )
    if not keep.all():
        kmask = keep.to_numpy()
        b.cols = [col.take(kmask) for col in b.cols]
        b.index = index[kmask]
    return len(b.index) > 0


# --- 2. keys --------------------------------------------------------------------------------
def _key_frame(b: _Block, keys: dict[str, ColumnMapping]) -> pd.DataFrame:
    cols, index, m = b.cols, b.index, b.m
    base = pd.DataFrame(index=index)
    if "region_code" in keys:
        base["region_code"] = code_column(cols[keys["region_code"].index], index)[0]
    if "region" in keys:
        _region_names(base, cols[keys["region"].index], index, "region_en" not in keys)
    if "region_en" in keys:
        base["_region_en"] = text_column(cols[keys["region_en"].index], index)
    if "industry_code" in keys:
        base["industry_code"] = code_column(cols[keys["industry_code"].index], index)[0]
    if "industry" in keys:
        base["_industry_name"] = text_column(cols[keys["industry"].index], index)
    if "firm_id" in keys:
        base["firm_id"] = code_column(cols[keys["firm_id"].index], index)[0]
    if "firm_name" in keys:
        base["name"] = text_column(cols[keys["firm_name"].index], index)
    if "group" in keys:
        base["group"] = text_column(cols[keys["group"].index], index)
    if "year" in keys:
        base["year"] = _years(b, keys["year"])
    elif m.year:
        base["year"] = pd.Series(int(m.year), index=index, dtype="Int64")
    if m.region and "region_code" not in base and "_region_name" not in base:
        base["_region_name"] = pd.Series(display_name(m.region), index=index, dtype="string")
    return base


def _region_names(base: pd.DataFrame, rcol: Column, index: pd.Index, with_en: bool) -> None:
    base["_region_name"] = text_column(rcol, index)
    if any(isinstance(v, str) and "\n" in v.strip() for v in rcol.factorized[1]):
        # "清源市合计\nQingyuan total": Chinese name, English name
        def zh(v):
            t = (split_bilingual(str(v))[0] or str(v)).strip()
            return t or None

        def en(v):
            t = split_bilingual(str(v))[1].strip() if "\n" in str(v) else ""
            return t or None

        base["_region_name"] = pd.Series(rcol.map_distinct(zh), index=index, dtype="string")
        if with_en:
            base["_region_en"] = pd.Series(rcol.map_distinct(en), index=index, dtype="string")


def _years(b: _Block, yc: ColumnMapping) -> pd.Series:
    col = b.cols[yc.index]
    y, bad = year_column(col, b.index)
    dated = col.map_distinct(lambda v: isinstance(v, (dt.date, dt.datetime)), False, bool)
    if dated.any():
        r0 = int(b.index[np.flatnonzero(dated)[0]])
        b.out.problems.append(
            info(
                "date_as_year",
                f"年份列中的日期按其年份读取（如“{b.cell(r0, yc.index)}”→ {y.loc[r0]}）。",
                f"Dates in the year column were read as their years (e.g. '{b.cell(r0, yc.index)}'"
                f" → {y.loc[r0]}).",
                **b.loc,
                row=r0,
                column=yc.letter,
            )
        )
    for r in list(bad[bad].index)[:MAX_CELL_PROBLEMS]:
        b.out.problems.append(
            error(
                "bad_year",
                f"无法识别年份“{b.cell(r, yc.index)}”。",
                f"Cannot read the year '{b.cell(r, yc.index)}'.",
                "年份请写成 2020 或 2020年。",
                "Write years as 2020 or 2020年.",
                **b.loc,
                row=int(r),
                column=yc.letter,
                value=str(b.cell(r, yc.index))[:40],
            )
        )
    return y


# --- 3. totals ------------------------------------------------------------------------------
def _total_rows(b: _Block, base: pd.DataFrame, reference_code: str | None) -> pd.Series:
    m, index = b.m, b.index
    total = pd.Series(False, index=index)
    tr = [r for r in m.total_rows if r in index]
    if tr:
        total[tr] = True
    if reference_code:
        ref = str(reference_code).strip()
        if "region_code" in base:
            total |= base["region_code"].fillna("").eq(ref)
        if "_region_name" in base:
            total |= base["_region_name"].fillna("").eq(ref)
    if m.reference_row and m.reference_row in index:
        total[m.reference_row] = True
    if total.any():
        rr = total[total].index
        b.out.problems.append(
            info(
                "total_rows",
                f"合计/参照区域行（第 {rows_text(rr)} 行）作为参照区域，不与明细相加"
                "（行业指标放入参照区域数据，地区指标留在地区数据并标为参照区域）。",
                f"Total / reference rows (rows {rows_text(rr)}) are a reference area, kept apart"
                " from the detail (industry measures in reference_data; region measures in"
                " region_data, flagged as reference).",
                **b.loc,
                row=int(rr[0]),
            )
        )
    return total


# --- 4. values ------------------------------------------------------------------------------
def _value_groups(b: _Block, keys, reader: ValueReader):
    """(groups of canonical series by fixed keys, value columns without a measure, the numbers
    those hold)."""
    m = b.m
    has_firm = "firm_id" in keys
    sheet_unit = parse_unit(m.sheet_unit) if m.sheet_unit else None
    groups: Groups = {}
    values = m.value_columns()
    if m.layout == "tidy":
        tidy = tidy_groups(
            m, keys, b.cols, b.index, lambda f: route(f, has_firm), sheet_unit, reader
        )
        if tidy is not None:
            groups.update(tidy)
            values = []
    no_measure: list[ColumnMapping] = []
    n_left = 0
    for c in values:
        measure = c.field or m.measure
        if not measure:
            no_measure.append(c)
            n_left += int(reader.numbers(b.cols[c.index], b.index, c).values.notna().sum())
            continue
        table = route(measure, has_firm)
        got = reader.column(c, b.cols[c.index], b.index, measure, table, sheet_unit)
        if got is None:
            continue
        ind = c.industry or ("" if not c.industry_name else None)
        gkey = (table, c.year, c.region, ind if ind is not None else "", c.industry_name)
        groups.setdefault(gkey, {})[measure] = got
    return groups, no_measure, n_left


def _no_measure(b: _Block, no_measure: list[ColumnMapping], n_left: int, some: bool) -> Problem:
    """Every column listed (never "…"), with how many numbers are left out."""
    m = b.m
    letters = ", ".join(c.letter for c in no_measure)
    row0 = m.header_rows[-1] if m.header_rows else m.data_rows[0]
    if not some and not m.header_rows:
        return error(
            "no_header",
            f"找不到表头：第 {m.data_rows[0]} 行已是数据，无法知道各列是什么（{n_left} 个数值未导入）。",
            f"No header: row {m.data_rows[0]} is already data, so nothing says what the columns"
            f" are ({n_left} numbers not imported).",
            "在数据上方加一行列标题（如 地区代码、行业代码、年份、就业人数）。",
            "Add a header row above the data (e.g. region code, industry code, year, employment).",
            **b.loc,
            row=m.data_rows[0],
            column=no_measure[0].letter,
        )
    if not some:
        return warning(
            "no_measure",
            f"未能识别任何指标列（{letters}列，{n_left} 个数值未导入）。",
            f"No measure recognised in any value column (columns {letters}; {n_left} numbers"
            " not imported).",
            "在映射中为这些列或整张表指定指标（如 营业收入）和单位。",
            "Choose the measure (e.g. revenue) and unit for these columns or the sheet in the mapping.",
            **b.loc,
            row=row0,
            column=no_measure[0].letter,
        )
    return warning(
        "unmapped_columns",
        f"未识别的列已忽略：{letters}（{n_left} 个数值未导入）。",
        f"Unrecognised columns ignored: {letters} ({n_left} numbers not imported).",
        "如需导入，请在映射中指定这些列的指标。",
        "To import them, choose their measure in the mapping.",
        **b.loc,
        row=row0,
        column=no_measure[0].letter,
    )


# --- 5. pieces ------------------------------------------------------------------------------
def _pieces(b: _Block, groups: Groups, base: pd.DataFrame, total: pd.Series) -> None:
    m = b.m
    first, last = m.data_rows
    no_year: list[str] = []  # value columns whose year is given nowhere
    for (table, year, region_fix, ind, ind_name), measures in groups.items():
        if year is None and "year" not in base.columns and "year" in TABLES[table].key:
            no_year.extend(c.letter for c, _v in measures.values())
            continue
        frame = _group_frame(b, base, total, year, region_fix, ind, ind_name, measures)
        if frame.empty:
            continue
        b.out.pieces.append(Piece(table, frame, b.src))
        for meas, (c, vals) in measures.items():
            b.out.provenance.append(
                {
                    "file": m.file,
                    "sheet": m.sheet,
                    "cell_range": f"{c.letter}{first}:{c.letter}{last}",
                    "table": table,
                    "column": meas,
                    "original_header": c.header,
                    "unit": c.unit,
                    "factor": c.factor,
                    "mapping": m.signature,
                    "n_values": int(vals.notna().sum()),
                }
            )
    if no_year:
        b.out.problems.append(_missing_year(b, no_year))


def _group_frame(b, base, total, year, region_fix, ind, ind_name, measures) -> pd.DataFrame:
    frame = base.copy()
    if year is not None:
        frame["year"] = pd.Series(int(year), index=frame.index, dtype="Int64")
    row_total = total.copy()
    if region_fix:
        frame["_region_name"] = pd.Series(
            display_name(region_fix), index=frame.index, dtype="string"
        )
        frame = frame.drop(columns=["region_code"], errors="ignore")
        if region_fix == TOTAL_REGION or is_total_name(region_fix):
            row_total[:] = True
            frame["region_code"] = pd.Series(TOTAL_REGION, index=frame.index, dtype="string")
    if ind:
        frame["industry_code"] = pd.Series(ind, index=frame.index, dtype="string")
    if ind_name and ind != TOTAL_INDUSTRY:
        frame["_industry_name"] = pd.Series(
            display_name(ind_name), index=frame.index, dtype="string"
        )
    for meas, (_c, vals) in measures.items():
        frame[meas] = vals
    frame["_src"] = b.src
    frame["_row"] = frame.index.astype("int64")
    frame["_total"] = row_total
    has_value = np.zeros(len(frame), dtype=bool)
    for _c, vals in measures.values():
        has_value |= vals.notna().to_numpy()
    return frame if has_value.all() else frame[has_value]


def _missing_year(b: _Block, no_year: list[str]) -> Problem:
    m = b.m
    first, last = m.data_rows
    cols_ = letters_text(sorted(set(no_year), key=lambda x: (len(x), x)))
    return error(
        "missing_year",
        f"找不到这些数值的年份（{cols_}列，第 {first}–{last} 行），未导入。",
        f"No year found for these values (columns {cols_}, rows {first}–{last}); not imported.",
        "在映射中指定整张表的年份，或在表中加一列“年份”（续表请与主表放在同一文件中）。",
        "Give the year in the mapping, or add a year column (keep a 续表 continuation with its"
        " table).",
        **b.loc,
        row=m.header_rows[0] if m.header_rows else first,
        column=no_year[0],
    )


def column_letters(m: SheetMapping) -> dict[str, str]:
    """measure → column letter (the first column giving it) for messages."""
    out: dict[str, str] = {}
    for c in m.columns:
        if c.role == "value":
            out.setdefault(c.field or m.measure, column_letter(c.index))
            if m.layout == "tidy":  # every measure of a tidy table sits in its one value column
                for f in m.measure_map.values():
                    if f:
                        out.setdefault(f, column_letter(c.index))
    return out


__all__ = ["Extracted", "Piece", "extract", "FIRM_MEASURES", "route"]
