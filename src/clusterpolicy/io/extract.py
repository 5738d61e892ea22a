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

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterpolicy.io.accounting import CellRegistry, NotImported, row_ranges
from clusterpolicy.io.cells import NumberColumn, decimal_evidence, number_column
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
from clusterpolicy.io.validate import error, info, rows_text, warning
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
    read: int = 0  # numbers in the block's value area
    not_imported: list[NotImported] = field(default_factory=list)


@dataclass
class _Block:
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
    b = _Block(
        sheet,
        m,
        src,
        cols,
        pd.RangeIndex(first, first + len(rows)),
        {"file": m.file, "sheet": m.sheet},
        out,
        cells if cells is not None else CellRegistry(),
    )
    if not _read_numbers(b):
        return out
    if m.layout == "skip":
        for c in _counted(m):
            b.listed(b.col_range(c), b.numbers[c.index].count(), "sheet_skipped", c.header)
        return out
    _layout_notes(b)
    if not _rows_kept(b, rows):
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


# --- 1. numbers -----------------------------------------------------------------------------
def _counted(m: SheetMapping) -> list[ColumnMapping]:
    """The columns of the value area: every column that is not a key."""
    return [c for c in m.columns if c.role != "key"]


def _read_numbers(b: _Block) -> bool:
    """Read every non-key column as numbers (the sheet's decimal mark), count them; False when
    the decimal mark is a question the user must answer (a located error)."""
    decimal = b.m.decimal or _decimal(b)
    if decimal is None:
        return False
    for c in _counted(b.m):
        nc = number_column(b.cols[c.index], b.index, decimal)
        b.numbers[c.index] = nc
        b.out.read += nc.count()
    return True


def _decimal(b: _Block) -> str | None:
    """ "." or "," from the text numbers of the value area; None (with a located error) when the
    cells disagree, or when every comma could be a thousands separator or a decimal comma in a
    file whose fields are separated by semicolons."""
    seen: dict[str, tuple[int, int]] = {}
    texts = [(c, b.cols[c.index].values) for c in _counted(b.m) if not b.cols[c.index].numeric]
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


def _decimal_error(b: _Block, where, other, kind: str) -> None:
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


def _layout_notes(b: _Block) -> None:
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


# --- 2. rows left out -----------------------------------------------------------------------
def _rows_kept(b: _Block, rows: list[list[object]]) -> bool:
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


def _list_rows(b: _Block, mask: np.ndarray, reason: str) -> None:
    if not mask.any():
        return
    n = sum(int((nc.numeric_mask() & mask).sum()) for nc in b.numbers.values())
    counted = [c.index for c in _counted(b.m)]
    if counted:
        b.listed(row_ranges(b.index[mask], min(counted), max(counted)), n, reason)


def _example_rows(b: _Block) -> np.ndarray | None:
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


def _too_long_rows(b: _Block, rows: list[list[object]]) -> np.ndarray | None:
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


# --- 4. values ------------------------------------------------------------------------------
def _value_groups(b: _Block, keys, reader: ValueReader):
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


def _same_cells(b: _Block, a: ColumnMapping, c: ColumnMapping, measure: str) -> Problem:
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


def _no_measure(b: _Block, no_measure: list[ColumnMapping], n_left: int, some: bool) -> Problem:
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


def _missing_year(b: _Block, no_year: list[str]) -> Problem:
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
