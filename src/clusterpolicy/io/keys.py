"""The keys of a block's rows: region and industry codes and names, firm ids, years, groups,
the sheet's year and region, and which rows are totals / reference areas.

* codes are normalised at the edge (:func:`clusterpolicy.io.cells.code_column`: NFKC, zero-width
  characters and BOM removed, "110000.0" → "110000"), with one note listing what changed;
* a year that cannot be read is a located ``bad_year`` error; dates in a year column are read
  as their years with a note (``date_as_year``);
* total / reference rows (the mapping's ``total_rows``, ``reference_row``, or the
  ``reference_code`` asked for) are marked ``_total``.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from clusterpolicy.io.cellcols import code_column, text_column, year_column
from clusterpolicy.io.columns import Column
from clusterpolicy.io.headers import display_name, is_total_name, split_bilingual
from clusterpolicy.io.mapping import ColumnMapping
from clusterpolicy.io.rows import BIG_SHEET
from clusterpolicy.io.validate import MAX_CELL_PROBLEMS, error, info, rows_text, warning


def key_frame(b, keys: dict[str, ColumnMapping]) -> pd.DataFrame:
    """The key columns of the kept rows of block ``b`` (see :mod:`extract`)."""
    cols, index, m = b.cols, b.index, b.m
    base = pd.DataFrame(index=index)
    changed: dict[str, tuple[str, dict[str, str]]] = {}
    for field_ in ("region_code", "industry_code"):
        if field_ in keys:
            kc = keys[field_]
            base[field_], ch = code_column(
                cols[kc.index], index, industry=field_ == "industry_code"
            )
            if ch:
                changed[kc.letter] = (field_, ch)
    if "region" in keys:
        _region_names(base, cols[keys["region"].index], index, "region_en" not in keys)
    if "region_en" in keys:
        base["_region_en"] = text_column(cols[keys["region_en"].index], index)
    if "region_parent" in keys:
        base["_region_parent"] = text_column(cols[keys["region_parent"].index], index)
    elif m.group_rows and "region" in keys:
        base["_region_parent"] = _group_parents(b, keys["region"], index)
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
    if changed:
        b.out.problems.append(_codes_normalised(b, changed))
    return base


def _codes_normalised(b, changed: dict[str, tuple[str, dict[str, str]]]):
    parts = []
    for letter, (_f, ch) in changed.items():
        for raw, new in list(ch.items())[:8]:
            parts.append(f"{letter}: {raw!r} → {new!r}")
    text = "; ".join(parts[:12]) + (" …" if len(parts) > 12 else "")
    first = next(iter(changed))
    return warning(
        "codes_normalised",
        f"代码已规范化（全角转半角、去掉不可见字符和“.0”）：{text}。",
        f"Codes normalised (full-width to half-width, invisible characters and '.0' removed):"
        f" {text}.",
        **b.loc,
        column=first,
    )


def _group_parents(b, rc: ColumnMapping, index: pd.Index) -> pd.Series:
    """Each member row's group row name (a province over its cities), NA elsewhere."""
    out = pd.Series(pd.NA, index=index, dtype="string")
    for g, lo, hi in b.m.group_rows:
        name = str(b.cell(g, rc.index)).strip().strip("\u3000").strip()
        sel = (index >= lo) & (index <= hi)
        out[sel] = split_bilingual(name)[0] or name
    return out


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


def _years(b, yc: ColumnMapping) -> pd.Series:
    col = b.cols[yc.index]
    y, bad = year_column(col, b.index)
    dated = (
        np.zeros(len(col), dtype=bool)
        if col.numeric
        else col.map_distinct(lambda v: isinstance(v, (dt.date, dt.datetime)), False, bool)
    )
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


def _total_names(b) -> np.ndarray:
    """Long tables: rows whose region (name or code column) is a total name ("Insgesamt"),
    checked once per distinct value."""
    keys = b.m.key_columns()
    stub = keys.get("region") or keys.get("region_code")
    if stub is None:
        return np.zeros(len(b.index), dtype=bool)
    return b.cols[stub.index].map_distinct(
        lambda v: isinstance(v, str) and not v.strip().isdigit() and is_total_name(v), False, bool
    )


def total_rows(b, base: pd.DataFrame, reference_code: str | None) -> pd.Series:
    """Rows that are totals or the reference area (``_total``), with a note."""
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
    if m.data_rows[1] - m.data_rows[0] > BIG_SHEET and not m.total_rows:
        total |= _total_names(b)
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
    groups = [g for g, _lo, _hi in m.group_rows if g in index]
    if groups:
        total[groups] = True  # after the note above: group rows have their own
        b.out.problems.append(
            info(
                "group_rows",
                f"分组/小计行（第 {rows_text(groups)} 行）是其下各行的上级地区：作为参照区域保留，"
                "不计入明细。",
                f"Group / subtotal rows (rows {rows_text(groups)}) are the parents of the rows"
                " below them: kept as reference areas, out of the detail.",
                **b.loc,
                row=int(groups[0]),
            )
        )
    return total
