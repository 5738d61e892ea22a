"""Apply a :class:`SheetMapping` to a raw sheet: canonical pieces, provenance and problems.

Vectorised over rows: the block's rows become one object array per column, once
(:mod:`clusterpolicy.io.columns`); cells are parsed by :mod:`clusterpolicy.io.cells` once per
*distinct* value and spread back with ``take``. No per-cell Python loop on a long table's
numbers. The phases of :func:`extract`:

1. numbers (:func:`_read_numbers`): every non-key column of the data rows is read as numbers
   once; what it holds is counted (the accounting invariant, :mod:`accounting`);
2. rows left out (:func:`_rows_kept`): blank rows; "#"/"其中" sub-item rows, template example
   rows and CSV rows with more fields than the header — their numbers listed, with a note;
3. keys (:mod:`keys`): region / industry codes and names, firm ids, years, the sheet's year
   and region; total / reference rows marked ``_total``;
4. values (:mod:`values`, :mod:`tidy`): one canonical series per value column, grouped by the
   fixed keys their headers give. A column's measure is qualified by its scope and sub-item
   ("population[市辖区]", "employment[国有控股]"): those are canonical cells of their own, beside
   the measure, never replacing it. Two columns that give the same canonical cells are an error
   naming both;
5. pieces (:func:`_pieces`): one frame per group, with per-cell source ids and provenance per
   column range.

Region names without codes are resolved later over the whole import (:mod:`importer`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusterpolicy.io.accounting import CellRegistry
from clusterpolicy.io.block import (
    Block,
    Extracted,
    Piece,
    counted,
    layout_notes,
    read_numbers,
    rows_kept,
)
from clusterpolicy.io.columns import Column, block_columns
from clusterpolicy.io.headers import (
    FIRM_MEASURES,
    INDUSTRY_MEASURES,
    REGION_MEASURES,
    display_name,
    is_total_name,
    zh_part,
)
from clusterpolicy.io.keys import key_frame, total_rows
from clusterpolicy.io.mapping import ColumnMapping, SheetMapping
from clusterpolicy.io.raw import RawSheet
from clusterpolicy.io.tidy import tidy_groups
from clusterpolicy.io.units import parse_unit
from clusterpolicy.io.validate import error, warning
from clusterpolicy.io.values import ValueReader, letters_text
from clusterpolicy.messages import Problem, column_letter
from clusterpolicy.model.tables import TABLES, TOTAL_INDUSTRY, TOTAL_REGION

Groups = dict[tuple, dict[str, tuple[ColumnMapping, pd.Series]]]


def route(measure: str, has_firm: bool) -> str:
    base = measure.split("[", 1)[0]
    if has_firm:
        return "firm_data"
    if base in REGION_MEASURES and base not in INDUSTRY_MEASURES:
        return "region_data"
    return "industry_data"


def qualified(measure: str, *parts: str) -> str:
    """ "population" + ("市辖区",) → "population[市辖区]"; no parts → the measure itself."""
    q = "/".join(p for p in parts if p)
    return f"{measure}[{q}]" if q else measure


def extract(
    sheet: RawSheet,
    m: SheetMapping,
    src: int,
    *,
    reference_code: str | None = None,
    cells: CellRegistry | None = None,
) -> Extracted:
    out = Extracted()
    first, last = m.data_rows
    if last < first:
        return out
    rows = sheet.rows[first - 1 : last]
    width = max((c.index for c in m.columns), default=-1) + 1
    cols = [Column(a) for a in block_columns(rows, width)]  # built once, column-wise
    b = Block(
        sheet,
        m,
        src,
        cols,
        pd.RangeIndex(first, first + len(rows)),
        {"file": m.file, "sheet": m.sheet},
        out,
        cells if cells is not None else CellRegistry(),
    )
    if not read_numbers(b):
        return out
    if m.layout == "skip":
        for c in counted(m):
            b.listed(b.col_range(c), b.numbers[c.index].count(), "sheet_skipped", c.header)
        return out
    layout_notes(b)
    if not rows_kept(b, rows):
        return out
    keys = m.key_columns()
    base = key_frame(b, keys)
    total = total_rows(b, base, reference_code)
    reader = ValueReader(b.loc, b.cell, header_row=m.header_rows[-1] if m.header_rows else None)
    groups, no_measure, n_left = _value_groups(b, keys, reader)
    out.problems.extend(reader.problems)
    out.problems.extend(reader.finish())
    if no_measure:
        out.problems.append(_no_measure(b, no_measure, n_left, bool(groups)))
    _pieces(b, groups, base, total)
    return out


# --- 4. values ------------------------------------------------------------------------------
def _value_groups(b: Block, keys, reader: ValueReader):
    """(groups of canonical series by fixed keys, value columns without a measure, the numbers
    those hold)."""
    m = b.m
    has_firm = "firm_id" in keys
    sheet_unit = parse_unit(m.sheet_unit) if m.sheet_unit else None
    groups: Groups = {}
    values = m.value_columns()
    for c in m.columns:
        if c.role == "ignore" and c.index in b.numbers:
            b.listed(b.col_range(c), b.numbers[c.index].count(), "column_ignored", c.header)
    if m.layout == "tidy":
        dropped: list = []
        tidy = tidy_groups(
            m,
            keys,
            b.cols,
            b.index,
            lambda f: route(f, has_firm),
            sheet_unit,
            reader,
            b.numbers,
            dropped,
        )
        if tidy is not None:
            groups.update(tidy)
            values = []
            for vc, n, reason, detail in dropped:
                b.listed(b.col_range(vc), n, reason, detail)
    no_measure: list[ColumnMapping] = []
    n_left = 0
    where: dict[tuple, ColumnMapping] = {}
    for c in values:
        measure = c.field or m.measure
        nc = b.numbers[c.index]
        if not measure:
            no_measure.append(c)
            n_left += nc.count()
            b.listed(b.col_range(c), nc.count(), "no_measure", c.header)
            continue
        measure = qualified(measure, c.scope, m.subitem, c.subitem)
        table = route(measure, has_firm)
        ind, ind_name = c.industry, c.industry_name
        if not ind and not ind_name and m.industry:
            ind, ind_name = m.industry, m.industry_name
        ind = ind or ("" if not ind_name else None)
        gkey = (table, c.year, c.region, ind if ind is not None else "", ind_name)
        other = where.get((*gkey, measure))
        if other is not None:
            b.out.problems.append(_same_cells(b, other, c, measure))
            continue
        where[(*gkey, measure)] = c
        got = reader.column(c, nc, measure, table, sheet_unit)
        if got is not None:
            groups.setdefault(gkey, {})[measure] = got
    return groups, no_measure, n_left


def header_words(header: str) -> str:
    """A column's header levels as a short Chinese phrase: "年平均人口 全市"."""
    return " ".join(zh_part(lv.split("\n")[0]) for lv in header.split(" | ") if lv.strip())


def _same_cells(b: Block, a: ColumnMapping, c: ColumnMapping, measure: str) -> Problem:
    """Two columns that resolve to the same canonical cells: which one is meant is a question."""
    ra, rc = b.col_range(a), b.col_range(c)
    return error(
        "same_canonical_cells",
        f"{a.letter}列（{a.header[:30]}）和{c.letter}列（{c.header[:30]}）给出同一批数值"
        f"“{measure}”（同一地区/行业/年份）：{ra} 与 {rc}，无法确定用哪一列。",
        f"Columns {a.letter} ('{a.header[:30]}') and {c.letter} ('{c.header[:30]}') give the same"
        f" canonical values '{measure}' (same region / industry / year): {ra} and {rc}; which"
        " one is meant cannot be told.",
        "在映射中把其中一列设为忽略，或写明两列的关系（范围 scope，如“市辖区”；分项 subitem，"
        "如“国有控股”）。",
        "In the mapping, set one of them to ignored, or say how they relate (a scope such as"
        " '市辖区', or a sub-item such as '国有控股').",
        **b.loc,
        row=b.m.header_rows[-1] if b.m.header_rows else b.m.data_rows[0],
        column=c.letter,
    )


def _no_measure(b: Block, no_measure: list[ColumnMapping], n_left: int, some: bool) -> Problem:
    """Every column listed (never "…"), with how many numbers are left out."""
    m = b.m
    letters = ", ".join(c.letter for c in no_measure)
    row0 = m.header_rows[-1] if m.header_rows else m.data_rows[0]
    heads = "、".join(dict.fromkeys(header_words(c.header) for c in no_measure))
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
            f"未能识别任何指标列（{letters}列：{heads[:120]}；{n_left} 个数值未导入）。",
            f"No measure recognised in any value column (columns {letters}: {heads[:120]};"
            f" {n_left} numbers not imported).",
            "在映射中为这些列或整张表指定指标（如 营业收入）和单位。",
            "Choose the measure (e.g. revenue) and unit for these columns or the sheet in the mapping.",
            **b.loc,
            row=row0,
            column=no_measure[0].letter,
            value=heads[:80],
        )
    return warning(
        "unmapped_columns",
        f"未识别的列已忽略：{letters}（{heads[:120]}；{n_left} 个数值未导入）。",
        f"Unrecognised columns ignored: {letters} ({heads[:120]}; {n_left} numbers not imported).",
        "如需导入，请在映射中指定这些列的指标。",
        "To import them, choose their measure in the mapping.",
        **b.loc,
        row=row0,
        column=no_measure[0].letter,
        value=heads[:80],
    )


# --- 5. pieces ------------------------------------------------------------------------------
def _pieces(b: Block, groups: Groups, base: pd.DataFrame, total: pd.Series) -> None:
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
    has_value = np.zeros(len(frame), dtype=bool)
    for meas, (c, vals) in measures.items():
        frame[meas] = vals
        present = vals.notna().to_numpy()
        has_value |= present
        colsrc = b.cells.id(b.m.file, b.m.sheet, c.index)
        frame[f"_cell:{meas}"] = b.cells.cell_ids(colsrc, frame.index, present)
    frame["_src"] = b.src
    frame["_row"] = frame.index.astype("int64")
    frame["_total"] = row_total
    return frame if has_value.all() else frame[has_value]


def _missing_year(b: Block, no_year: list[str]) -> Problem:
    m = b.m
    first, last = m.data_rows
    cols_ = letters_text(sorted(set(no_year), key=lambda x: (len(x), x)))
    return error(
        "missing_year",
        f"文件中没有这些数值的年份（{cols_}列，第 {first}–{last} 行），未导入。"
        "请告诉本软件年份：命令行加 --year，如 clusterpolicy import 文件 --year 2020"
        "（或 clusterpolicy assess 文件 --year 2020），或在映射中填写该表的年份。",
        f"The file does not say which year these values are for (columns {cols_}, rows"
        f" {first}–{last}); they were not imported. Give the year: add --year on the command"
        " line, e.g. clusterpolicy import FILE --year 2020 (or clusterpolicy assess FILE --year"
        " 2020), or enter the table's year in the mapping.",
        "加 --year 2020（换成数据的年份），或在映射中填写年份；续表请与主表放在同一文件中。",
        "Add --year 2020 (the data's year), or enter the year in the mapping; keep a 续表"
        " continuation in the same file as its table.",
        **b.loc,
        row=m.header_rows[0] if m.header_rows else first,
        column=no_year[0],
    )


def column_letters(m: SheetMapping) -> dict[str, str]:
    """measure → column letter (the first column giving it) for messages."""
    out: dict[str, str] = {}
    for c in m.columns:
        if c.role == "value":
            meas = qualified(c.field or m.measure, c.scope, m.subitem, c.subitem)
            out.setdefault(meas, column_letter(c.index))
            if m.layout == "tidy":  # every measure of a tidy table sits in its one value column
                for f in m.measure_map.values():
                    if f:
                        out.setdefault(f, column_letter(c.index))
    return out


__all__ = ["Extracted", "Piece", "extract", "FIRM_MEASURES", "qualified", "route"]
