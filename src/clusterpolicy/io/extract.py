"""Apply a :class:`SheetMapping` to a raw sheet: canonical pieces, provenance and problems.

Vectorised over rows (pandas string and numeric operations per column; no per-cell Python
loop for the numbers of a long table). Per value column:

* numbers pass through; text numbers are cleaned: full-width digits/commas (NFKC), thousands
  separators, footnote markers ("123*", "①", "a)", superscripts — stripped with a warning);
* missing symbols ("—", "–", "…", "...", "-", "x", "X", "***", blank) become missing, and the
  symbols seen are listed in a warning;
* any other text is an error located at its cell;
* the unit (column header, else the sheet's unit line, else the mapping) gives the factor:
  ``canonical = found × factor``.

Rows: blank rows are skipped, "#"/"其中" sub-item rows and template example rows are left out
(warning / info), total rows go to ``reference_data`` and total columns to ``industry_totals``.
Region names without codes are resolved later over the whole import (:mod:`importer`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterpolicy.io.headers import (
    FIRM_MEASURES,
    INDUSTRY_MEASURES,
    REGION_MEASURES,
    display_name,
    is_total_name,
)
from clusterpolicy.io.mapping import ColumnMapping, SheetMapping
from clusterpolicy.io.raw import RawSheet
from clusterpolicy.io.units import factor_for, parse_unit
from clusterpolicy.io.validate import (
    MAX_CELL_PROBLEMS,
    NON_NEGATIVE,
    error,
    info,
    rows_text,
    warning,
)
from clusterpolicy.messages import Problem, column_letter
from clusterpolicy.model.tables import TABLES, TOTAL_INDUSTRY, TOTAL_REGION

MISSING_SYMBOLS = ("—", "–", "…", "...", "-", "x", "X", "***", "**", "*", "——", "－", "…", "/", "NA", "N/A", "na")
_MISSING_NORM = {"—", "–", "…", "...", "-", "x", "***", "**", "*", "——", "/", "na", "n/a", "‥", "－", "--"}
_FOOTNOTE = re.compile(r"(?:\*+|[①-⑳]|[¹²³⁰⁴-⁹]+|\s?[a-z]\)|\([a-z0-9]\))$")
_LEADING_FOOTNOTE = re.compile(r"^(?:[①-⑳]|\*+)")


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
    region_names: list[tuple[str, str, str]] = field(default_factory=list)  # (code, name_zh, name_en)
    industry_names: list[tuple[str, str]] = field(default_factory=list)  # (code, name)


def _is_empty(s: pd.Series) -> pd.Series:
    return s.isna() | s.astype("string").str.strip().fillna("").eq("")


def convert_numbers(s: pd.Series) -> tuple[pd.Series, dict]:
    """Object column → float column and what was seen: {"symbols": set, "footnote": index,
    "bad": index, "units": {index: unit text}}. Vectorised: only text cells are cleaned."""
    seen: dict = {"symbols": set(), "footnote": [], "bad": [], "unit_suffix": {}}
    if s.dtype.kind in "if":
        return s.astype("float64"), seen
    num = pd.to_numeric(s, errors="coerce")
    is_bool = s.map(type).eq(bool) if s.dtype == object and len(s) < 100000 else pd.Series(False, index=s.index)
    rest = s[num.isna() & ~_is_empty(s)]
    if is_bool.any():
        num[is_bool] = np.nan
        rest = pd.concat([rest, s[is_bool]])
    if rest.empty:
        return num.astype("float64"), seen
    t = rest.astype("string").str.normalize("NFKC").str.strip()
    miss = t.str.lower().isin(_MISSING_NORM) | t.str.fullmatch(r"[-—–…\.·\s]+").fillna(False)
    for sym in t[miss].unique():
        seen["symbols"].add(str(sym))
    t = t[~miss]
    clean = t.str.replace(r"[,\s\u3000']", "", regex=True)
    foot = clean.str.contains(_FOOTNOTE) | clean.str.contains(_LEADING_FOOTNOTE)
    clean = clean.str.replace(_FOOTNOTE, "", regex=True).str.replace(_LEADING_FOOTNOTE, "", regex=True)
    # a unit written after the number: "12万元"
    unit_m = clean.str.extract(r"^([+-]?[\d.]+(?:e[+-]?\d+)?)([^\d.].*)$", flags=re.IGNORECASE)
    has_unit = unit_m[0].notna() & unit_m[1].notna()
    for i in clean[has_unit].index:
        seen["unit_suffix"][i] = unit_m.loc[i, 1]
    clean = clean.where(~has_unit, unit_m[0])
    val = pd.to_numeric(clean, errors="coerce")
    seen["footnote"] = list(val[foot & val.notna()].index)
    seen["bad"] = list(val[val.isna()].index)
    num.loc[val.index] = val.astype("float64")
    return num.astype("float64"), seen


def _code_series(s: pd.Series) -> pd.Series:
    """Codes as strings: 110000.0 → "110000"; text kept as written (leading zeros)."""
    num = pd.to_numeric(s, errors="coerce")
    out = s.astype("string").str.strip()
    isint = num.notna() & (num == num.round()) & s.map(type).isin([int, float]) if len(s) < 200000 else (
        num.notna() & (num == num.round()) & ~s.astype("string").str.contains(r"^0", regex=True).fillna(False))
    out = out.where(~isint, num.round().astype("Int64").astype("string"))
    return out.where(out.fillna("") != "", pd.NA)


def _year_series(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(years as Int64, mask of unreadable non-empty cells). 2020, "2020年", dates, Excel serials."""
    num = pd.to_numeric(s, errors="coerce")
    year = pd.Series(pd.NA, index=s.index, dtype="Int64")
    ok = num.notna() & (num >= 1900) & (num <= 2100) & (num == num.round())
    year[ok] = num[ok].astype("int64")
    serial = num.notna() & (num >= 20000) & (num <= 80000)
    if serial.any():
        dates = pd.to_datetime(num[serial], unit="D", origin="1899-12-30")
        year[serial] = dates.dt.year.astype("int64")
    rest = year.isna() & ~_is_empty(s)
    if rest.any():
        t = s[rest].astype("string").str.normalize("NFKC").str.strip()
        ext = t.str.extract(r"^((?:19|20)\d\d)(?:\s*年度?|\s*年末|[-/.]\d{1,2}(?:[-/.]\d{1,2})?(?:[ T].*)?)?$")[0]
        year[ext.index] = pd.to_numeric(ext, errors="coerce").astype("Int64")
    bad = year.isna() & ~_is_empty(s)
    return year, bad


def _canonical_unit(measure: str, table_hint: str) -> str:
    for t in (table_hint, "industry_data", "region_data", "firm_data"):
        spec = TABLES[t]
        if measure in spec.names:
            return spec.column(measure).unit
    return ""


def _route(measure: str, has_firm: bool) -> str:
    if has_firm:
        return "firm_data"
    if measure in REGION_MEASURES and measure not in INDUSTRY_MEASURES:
        return "region_data"
    return "industry_data"


def extract(sheet: RawSheet, m: SheetMapping, src: int, *, reference_code: str | None = None) -> Extracted:
    out = Extracted()
    loc = {"file": m.file, "sheet": m.sheet}
    first, last = m.data_rows
    if m.layout == "skip" or last < first:
        return out
    rows = sheet.rows[first - 1:last]
    width = max((c.index for c in m.columns), default=-1) + 1
    df = pd.DataFrame([(list(r[:width]) + [None] * (width - len(r)))[:width] for r in rows], dtype=object)
    for c in range(df.shape[1], width):
        df[c] = None
    df.index = pd.RangeIndex(first, first + len(df))
    keys = m.key_columns()
    values = m.value_columns()
    # --- rows left out ---------------------------------------------------------------------
    empty_cells = df.isna() | df.astype("string").apply(lambda s: s.str.strip()).eq("")
    keep = ~empty_cells.all(axis=1)
    sub = [r for r in m.subitem_rows if first <= r <= last]
    if sub:
        keep[sub] = False
        out.problems.append(warning(
            "subitem_rows", f"“#”或“其中”分项行未参与汇总（第 {rows_text(sub)} 行）。",
            f"'#'/'其中' sub-item rows left out of the data (rows {rows_text(sub)}).",
            "若这些行是独立的地区或行业，请在映射中取消标记。",
            "If they are separate regions or industries, unmark them in the mapping.", **loc, row=sub[0]))
    if "example" in keys:
        ex = df[keys["example"].index].astype("string").str.strip().str.lower().isin(["示例", "example", "示例 example"])
        if ex.any():
            keep &= ~ex
            out.problems.append(info("example_rows", f"跳过模板示例行（第 {rows_text(ex[ex].index)} 行）。",
                                     f"Template example rows skipped (rows {rows_text(ex[ex].index)}).",
                                     **loc, row=int(ex[ex].index[0])))
    df = df[keep]
    if df.empty:
        return out
    # --- keys ------------------------------------------------------------------------------
    base = pd.DataFrame(index=df.index)
    if "region_code" in keys:
        base["region_code"] = _code_series(df[keys["region_code"].index])
    if "region" in keys:
        base["_region_name"] = df[keys["region"].index].astype("string").str.strip().str.strip("\u3000").str.strip()
    if "region_en" in keys:
        base["_region_en"] = df[keys["region_en"].index].astype("string").str.strip()
    if "industry_code" in keys:
        base["industry_code"] = _code_series(df[keys["industry_code"].index])
    if "industry" in keys:
        base["_industry_name"] = df[keys["industry"].index].astype("string").str.strip().str.strip("\u3000").str.strip()
    if "firm_id" in keys:
        base["firm_id"] = _code_series(df[keys["firm_id"].index])
    if "firm_name" in keys:
        base["name"] = df[keys["firm_name"].index].astype("string").str.strip()
    if "group" in keys:
        base["group"] = df[keys["group"].index].astype("string").str.strip()
    if "year" in keys:
        yc = keys["year"]
        y, bad = _year_series(df[yc.index])
        for r in list(bad[bad].index)[:MAX_CELL_PROBLEMS]:
            out.problems.append(error(
                "bad_year", f"无法识别年份“{df.at[r, yc.index]}”。", f"Cannot read the year '{df.at[r, yc.index]}'.",
                "年份请写成 2020 或 2020年。", "Write years as 2020 or 2020年.",
                **loc, row=int(r), column=yc.letter, value=str(df.at[r, yc.index])[:40]))
        base["year"] = y
    elif m.year:
        base["year"] = pd.Series(int(m.year), index=df.index, dtype="Int64")
    if m.region and "region_code" not in base and "_region_name" not in base:
        base["_region_name"] = pd.Series(display_name(m.region), index=df.index, dtype="string")
    # region totals → reference
    total = pd.Series(False, index=df.index)
    tr = [r for r in m.total_rows if r in df.index]
    if tr:
        total[tr] = True
    if reference_code:
        ref = str(reference_code).strip()
        if "region_code" in base:
            total |= base["region_code"].fillna("").eq(ref)
        if "_region_name" in base:
            total |= base["_region_name"].fillna("").eq(ref)
    if m.reference_row and m.reference_row in df.index:
        total[m.reference_row] = True
    if total.any():
        rn = base.get("_region_name")
        if rn is not None and m.reference_row is None:
            pass
        out.problems.append(info(
            "total_rows", f"合计/参照区域行（第 {rows_text(total[total].index)} 行）放入参照区域数据，不与明细相加。",
            f"Total / reference rows (rows {rows_text(total[total].index)}) went to reference_data, apart from the detail.",
            **loc, row=int(total[total].index[0])))
    # --- values ----------------------------------------------------------------------------
    has_firm = "firm_id" in keys
    sheet_unit = parse_unit(m.sheet_unit) if m.sheet_unit else None
    no_measure: list[ColumnMapping] = []
    agg_symbols: set[str] = set()
    agg_symbol_cols: list[str] = []
    agg_units: dict[tuple[str, float], list[str]] = {}
    agg_nounit: dict[str, list[str]] = {}
    groups: dict[tuple, dict[str, tuple[ColumnMapping, pd.Series]]] = {}
    for c in values:
        measure = c.field or m.measure
        if not measure:
            no_measure.append(c)
            continue
        table = _route(measure, has_firm)
        s, seen = convert_numbers(df[c.index])
        # errors: text that is not a number or a missing symbol
        for r in seen["bad"][:MAX_CELL_PROBLEMS]:
            v = str(df.at[r, c.index])
            out.problems.append(error(
                "text_in_number", f"数值单元格中有无法识别的文字“{v[:30]}”。",
                f"Text that is not a number in a number cell: '{v[:30]}'.",
                "改为数字，缺失值请留空或写“—”。", "Enter a number; leave missing values blank or write '—'.",
                **loc, row=int(r), column=c.letter, value=v[:40]))
        if len(seen["bad"]) > MAX_CELL_PROBLEMS:
            out.problems.append(error("text_in_number_more", f"{c.letter}列另有 {len(seen['bad']) - MAX_CELL_PROBLEMS} 个此类单元格。",
                                      f"{len(seen['bad']) - MAX_CELL_PROBLEMS} more such cells in column {c.letter}.", **loc, column=c.letter))
        if seen["symbols"]:
            agg_symbols.update(seen["symbols"])
            agg_symbol_cols.append(c.letter)
        if seen["footnote"]:
            rr = seen["footnote"]
            out.problems.append(warning(
                "footnote_marker", f"去掉了数值后的注释标记（第 {rows_text(rr)} 行）。",
                f"Footnote markers removed from numbers (rows {rows_text(rr)}).", **loc, row=int(rr[0]), column=c.letter))
        # unit and factor
        canon = _canonical_unit(measure, table)
        units_in_cells = set(seen["unit_suffix"].values())
        unit = parse_unit(c.unit) if c.unit else sheet_unit
        if units_in_cells:
            if len(units_in_cells) > 1:
                r0 = next(iter(seen["unit_suffix"]))
                out.problems.append(error(
                    "mixed_units", f"同一列中有不同的单位：{'、'.join(sorted(units_in_cells))}。",
                    f"Mixed units in one column: {', '.join(sorted(units_in_cells))}.",
                    "统一单位后再导入，或把单位写在表头里。", "Use one unit per column, written in the header.",
                    **loc, row=int(r0), column=c.letter))
                continue
            cu = parse_unit(next(iter(units_in_cells)))
            if cu is None:
                for r in list(seen["unit_suffix"])[:MAX_CELL_PROBLEMS]:
                    v = str(df.at[r, c.index])
                    out.problems.append(error("text_in_number", f"数值单元格中有无法识别的文字“{v[:30]}”。",
                                              f"Text that is not a number in a number cell: '{v[:30]}'.",
                                              "改为数字。", "Enter a number.", **loc, row=int(r), column=c.letter, value=v[:40]))
                continue
            if unit is not None and unit.factor != cu.factor and s.notna().sum() > len(seen["unit_suffix"]):
                out.problems.append(error(
                    "mixed_units", f"部分单元格写有单位“{cu.text}”，与列单位“{unit.text}”不同。",
                    f"Some cells carry the unit '{cu.text}', unlike the column's '{unit.text}'.",
                    "统一单位。", "Use one unit per column.", **loc, column=c.letter))
                continue
            unit = cu
        factor = factor_for(unit, canon) if unit is not None else 1.0
        if c.unit and c.factor and c.factor != 1.0 and unit is not None and parse_unit(c.unit) is None:
            factor = c.factor  # a user-given factor for a unit we do not know
        if factor is None:
            out.problems.append(warning(
                "unit_not_applicable", f"单位“{unit.text}”不适用于“{measure}”（{canon}），数值未换算。",
                f"Unit '{unit.text}' does not fit '{measure}' ({canon}); values left unscaled.",
                "在映射中为该列指定正确的单位。", "Set the column's unit in the mapping.", **loc, column=c.letter))
            factor = 1.0
        elif unit is not None and factor != 1.0:
            agg_units.setdefault((unit.text, factor), []).append(c.letter)
        elif unit is None and canon in ("yuan", "persons") and not c.unit:
            agg_nounit.setdefault(canon, []).append(c.letter)
        vals = s * factor
        if measure in NON_NEGATIVE:
            neg = vals[vals < 0]
            for r in list(neg.index)[:MAX_CELL_PROBLEMS]:
                out.problems.append(error(
                    "negative_value", f"“{measure}”不能为负数：{df.at[r, c.index]}。",
                    f"'{measure}' cannot be negative: {df.at[r, c.index]}.",
                    "检查该数值。", "Check the value.", **loc, row=int(r), column=c.letter, value=str(df.at[r, c.index])))
        c_used = ColumnMapping(**{**c.__dict__})
        c_used.unit = unit.text if unit is not None else ""
        c_used.factor = factor
        region_fix = c.region
        ind = c.industry or ("" if not c.industry_name else None)
        gkey = (table, c.year, region_fix, ind if ind is not None else "", c.industry_name)
        groups.setdefault(gkey, {})[measure] = (c_used, vals)
    if agg_symbols:
        cols = _letters(agg_symbol_cols)
        out.problems.append(warning(
            "missing_symbols", f"符号 {'、'.join(sorted(agg_symbols))} 按缺失值处理（{cols}列）。",
            f"Symbols {' '.join(sorted(agg_symbols))} read as missing (columns {cols}).", **loc, column=agg_symbol_cols[0]))
    for (utext, factor), letters_ in agg_units.items():
        cols = _letters(letters_)
        out.problems.append(warning(
            "unit_applied", f"按单位“{utext}”换算为标准单位（×{factor:g}）：{cols}列。",
            f"Unit '{utext}' applied (×{factor:g}) to columns {cols}.", **loc, column=letters_[0]))
    for canon, letters_ in agg_nounit.items():
        cols = _letters(letters_)
        out.problems.append(warning(
            "no_unit", f"{cols}列未找到单位，按{'元' if canon == 'yuan' else '人'}读取。",
            f"No unit found for columns {cols}; read as {canon}.",
            "如单位不同，请在映射中指定（如 万元）。", "If the unit differs, set it in the mapping (e.g. 万元).",
            **loc, column=letters_[0]))
    if no_measure:
        letters = ", ".join(c.letter for c in no_measure[:12]) + (" …" if len(no_measure) > 12 else "")
        if not groups:
            out.problems.append(warning(
                "no_measure", f"未能识别任何指标列（{letters}列）。",
                f"No measure recognised in any value column (columns {letters}).",
                "在映射中为这些列或整张表指定指标（如 营业收入）和单位。",
                "Choose the measure (e.g. revenue) and unit for these columns or the sheet in the mapping.",
                **loc, row=m.header_rows[-1] if m.header_rows else None))
        else:
            out.problems.append(warning(
                "unmapped_columns", f"未识别的列已忽略：{letters}。", f"Unrecognised columns ignored: {letters}.",
                "如需导入，请在映射中指定这些列的指标。", "To import them, choose their measure in the mapping.", **loc))
    for (table, year, region_fix, ind, ind_name), measures in groups.items():
        frame = base.copy()
        if year is not None:
            frame["year"] = pd.Series(int(year), index=frame.index, dtype="Int64")
        row_total = total.copy()
        if region_fix:
            frame["_region_name"] = pd.Series(display_name(region_fix), index=frame.index, dtype="string")
            frame = frame.drop(columns=["region_code"], errors="ignore")
            if region_fix == TOTAL_REGION or is_total_name(region_fix):
                row_total[:] = True
                frame["region_code"] = pd.Series(TOTAL_REGION, index=frame.index, dtype="string")
        if ind:
            frame["industry_code"] = pd.Series(ind, index=frame.index, dtype="string")
        if ind_name and ind != TOTAL_INDUSTRY:
            frame["_industry_name"] = pd.Series(display_name(ind_name), index=frame.index, dtype="string")
        for meas, (_c, vals) in measures.items():
            frame[meas] = vals
        frame["_src"] = src
        frame["_row"] = frame.index.astype("int64")
        frame["_total"] = row_total
        mcols = list(measures)
        frame = frame[frame[mcols].notna().any(axis=1)]
        if frame.empty:
            continue
        out.pieces.append(Piece(table, frame, src))
        for meas, (c, vals) in measures.items():
            n = int(vals.notna().sum())
            out.provenance.append({
                "file": m.file, "sheet": m.sheet, "cell_range": f"{c.letter}{first}:{c.letter}{last}",
                "table": table, "column": meas, "original_header": c.header, "unit": c.unit,
                "factor": c.factor, "mapping": m.signature, "n_values": n,
            })
    return out


def _letters(letters: list[str], limit: int = 12) -> str:
    return ", ".join(letters[:limit]) + (f" …(+{len(letters) - limit})" if len(letters) > limit else "")


def column_letters(m: SheetMapping) -> dict[str, str]:
    """measure → column letter (the first column giving it) for messages."""
    out: dict[str, str] = {}
    for c in m.columns:
        if c.role == "value":
            out.setdefault(c.field or m.measure, column_letter(c.index))
    return out


__all__ = ["Extracted", "Piece", "convert_numbers", "extract", "MISSING_SYMBOLS", "FIRM_MEASURES"]
