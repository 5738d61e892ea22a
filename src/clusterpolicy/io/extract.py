"""Apply a :class:`SheetMapping` to a raw sheet: canonical pieces, provenance and problems.

Vectorised over rows: the block's rows become one object array per column, once
(:mod:`clusterpolicy.io.columns`); a column holding only numbers takes a fast path (one type
scan, one ``astype``); keys (codes, names, years) and text cells are parsed once per *distinct*
value and spread back with ``take``. No per-cell Python loop on a long table's numbers.
Per value column:

* numbers pass through; text numbers are cleaned: full-width digits/commas (NFKC), thousands
  separators (read with a ``text_numbers`` warning), footnote markers ("123*", "①", "a)",
  superscripts — stripped with a warning);
* missing symbols ("—", "–", "…", "...", "-", "x", "X", "***", blank) become missing (never
  zero), and the symbols seen are listed in a warning;
* any other text is an error located at its cell;
* the unit (column header, else the sheet's unit line, else the mapping) gives the factor:
  ``canonical = found × factor``.

Tidy tables (``layout == "tidy"``: a measure column, one value column, a unit column) give one
value series per canonical measure, each row scaled by its own unit (:func:`_tidy_groups`).

Rows: blank rows are skipped, "#"/"其中" sub-item rows and template example rows are left out
(warning / info). Total / reference rows are marked ``_total``: their industry measures go to
``reference_data``, their region measures stay in ``region_data`` under the reference area's
code (the regions lookup flags it ``is_reference``); total columns go to ``industry_totals``.
Region names without codes are resolved later over the whole import (:mod:`importer`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterpolicy.io.columns import Column, block_columns, factorize, has_bool
from clusterpolicy.io.headers import (
    FIRM_MEASURES,
    INDUSTRY_MEASURES,
    REGION_MEASURES,
    display_name,
    is_total_name,
    match_field,
    split_bilingual,
    tidy_field,
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

MISSING_SYMBOLS = (
    "—",
    "–",
    "…",
    "...",
    "-",
    "x",
    "X",
    "***",
    "**",
    "*",
    "——",
    "－",
    "…",
    "/",
    "NA",
    "N/A",
    "na",
)
_MISSING_NORM = {
    "—",
    "–",
    "…",
    "...",
    "-",
    "x",
    "***",
    "**",
    "*",
    "——",
    "/",
    "na",
    "n/a",
    "‥",
    "－",
    "--",
}
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
    region_names: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # (code, name_zh, name_en)
    industry_names: list[tuple[str, str]] = field(default_factory=list)  # (code, name)


def _is_empty(s: pd.Series) -> pd.Series:
    return pd.Series(Column(s.to_numpy(dtype=object)).empty(), index=s.index)


def convert_numbers(s: pd.Series) -> tuple[pd.Series, dict]:
    """Object column → float column and what was seen (see :func:`_numbers`)."""
    return _numbers(Column(s.to_numpy(dtype=object)), s.index)


def _numbers(col: Column, index: pd.Index) -> tuple[pd.Series, dict]:
    """Raw column → float column and what was seen: {"symbols": set, "footnote": index,
    "bad": index, "unit_suffix": {index: unit text}}.

    Fast path: a column of numbers only (checked by a C-level type scan) is one ``astype``.
    Otherwise numbers pass through ``pd.to_numeric`` and the remaining text cells are cleaned
    once per distinct text (NFKC, separators, footnote markers, missing symbols, unit suffixes)."""
    seen: dict = {
        "symbols": set(),
        "footnote": [],
        "bad": [],
        "unit_suffix": {},
        "text_numbers": 0,
        "text_example": "",
    }
    a = col.values
    if col.numeric:
        return pd.Series(a.astype("float64"), index=index), seen
    num = pd.to_numeric(pd.Series(a, index=index, dtype=object), errors="coerce").astype("float64")
    rest_mask = num.isna().to_numpy() & ~col.empty()
    if has_bool(a):  # TRUE/FALSE cells are not numbers
        is_bool = np.fromiter((type(v) is bool for v in a), bool, len(a))
        num[is_bool] = np.nan
        rest_mask |= is_bool
    if not rest_mask.any():
        return num, seen
    idx = index[rest_mask]
    codes, uniq = factorize(a[rest_mask])
    parsed = [_parse_number_text(u) for u in uniq]  # once per distinct text
    val = np.array([p[0] for p in parsed], dtype="float64")
    miss = np.array([p[1] is not None for p in parsed], dtype=bool)
    foot = np.array([p[2] for p in parsed], dtype=bool)
    has_unit = np.array([p[3] is not None for p in parsed], dtype=bool)
    seen["symbols"].update(p[1] for p in parsed if p[1] is not None)
    bad = np.isnan(val) & ~miss
    num.loc[idx] = val[codes]
    seen["footnote"] = list(idx[foot[codes]])
    text_num = col.map_distinct(lambda v: isinstance(v, str), False, bool) & ~np.isnan(
        num.to_numpy()
    )
    marked = (
        foot[codes] | has_unit[codes]
    )  # footnoted / unit-suffixed cells have their own warnings
    text_num[np.flatnonzero(rest_mask)[marked]] = False
    if text_num.any():  # numbers stored as text ("1,164,846"): read as numbers, said once per sheet
        seen["text_numbers"] = int(text_num.sum())
        seen["text_example"] = str(a[np.flatnonzero(text_num)[0]]).strip()
    seen["bad"] = list(idx[bad[codes]])
    if has_unit.any():
        hit = has_unit[codes]
        seen["unit_suffix"] = {i: parsed[k][3] for i, k in zip(idx[hit], codes[hit])}
    return num, seen


_UNIT_AFTER = re.compile(r"^([+-]?[\d.]+(?:e[+-]?\d+)?)([^\d.].*)$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[,\s\u3000']")
_DASHES = re.compile(r"[-—–…\.·\s]+")


def _parse_number_text(v: object) -> tuple[float, str | None, bool, str | None]:
    """One text cell → (number or NaN, missing symbol or None, had a footnote marker, unit text or None).

    NFKC (full-width digits and commas), then: a missing symbol ("—", "…", "-", "x", …) → NaN;
    thousands separators and spaces removed; a footnote marker ("123*", "①", "a)") stripped;
    a unit after the number ("12万元") split off; what is left must be a plain number."""
    t = unicodedata.normalize("NFKC", str(v)).strip()
    if t.lower() in _MISSING_NORM or _DASHES.fullmatch(t):
        return np.nan, t, False, None
    clean = _SEPARATORS.sub("", t)
    foot = bool(_FOOTNOTE.search(clean) or _LEADING_FOOTNOTE.search(clean))
    clean = _LEADING_FOOTNOTE.sub("", _FOOTNOTE.sub("", clean))
    unit = None
    m = _UNIT_AFTER.match(clean)
    if m:
        clean, unit = m.group(1), m.group(2)
    try:
        val = float(clean) if clean and "_" not in clean else np.nan
    except ValueError:
        val = np.nan
    if val != val:
        return np.nan, None, False, unit
    return val, None, foot, unit


def _clean_text(v: object) -> str | None:
    t = str(v).strip()  # str.strip also removes the full-width space U+3000
    return t or None


def _text_series(col: Column, index: pd.Index) -> pd.Series:
    """Text keys (names, groups) stripped of spaces and full-width spaces; empty → NA. Per distinct value."""
    return pd.Series(col.map_distinct(_clean_text), index=index, dtype="string")


def _code_text(v: object) -> str | None:
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        if v != v:
            return None
        return str(int(round(v))) if v == round(v) and abs(v) < 1e18 else str(v)
    t = str(v).strip()
    return t or None


def _code_series(col: Column, index: pd.Index) -> pd.Series:
    """Codes as strings: 110000.0 → "110000"; text kept as written (leading zeros). Per distinct value."""
    return pd.Series(col.map_distinct(_code_text), index=index, dtype="string")


def _year_values(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(years as Int64, mask of unreadable non-empty cells) of a column of distinct values."""
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
        ext = t.str.extract(
            r"^((?:19|20)\d\d)(?:\s*年度?|\s*年末|[-/.]\d{1,2}(?:[-/.]\d{1,2})?(?:[ T].*)?)?$"
        )[0]
        year[ext.index] = pd.to_numeric(ext, errors="coerce").astype("Int64")
    bad = year.isna() & ~_is_empty(s)
    return year, bad


def _year_series(col: Column, index: pd.Index) -> tuple[pd.Series, pd.Series]:
    """(years as Int64, mask of unreadable non-empty cells). 2020, "2020年", dates, Excel serials.
    Parsed once per distinct value (a long table repeats each year thousands of times)."""
    if col.numeric:
        num = col.values.astype("float64")
        ok = (num >= 1900) & (num <= 2100) & (num == np.round(num))
        if ok.all():
            return pd.Series(num.astype("int64"), index=index, dtype="Int64"), pd.Series(
                False, index=index
            )
    codes, uniq = col.factorized
    y_u, bad_u = _year_values(pd.Series(uniq, dtype=object))
    y_arr = np.append(y_u.to_numpy(dtype="float64", na_value=np.nan), np.nan)[codes]
    bad_arr = np.append(bad_u.to_numpy(dtype=bool), False)[codes]
    year = pd.Series(pd.array(y_arr, dtype="Float64"), index=index).astype("Int64")
    return year, pd.Series(bad_arr, index=index)


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


def _tidy_groups(
    m: SheetMapping,
    keys: dict[str, ColumnMapping],
    cols: list[Column],
    index: pd.Index,
    has_firm: bool,
    sheet_unit,
    report,
    cell,
    out: Extracted,
    loc: dict,
) -> dict[tuple, dict[str, tuple[ColumnMapping, pd.Series]]] | None:
    """A tidy table (one row per region × industry × year × measure, the number in one value
    column, its unit in a unit column) — or indicator rows with one value column per year —
    gives one value series per canonical measure (and year column).

    Measure names map through ``m.measure_map`` (the user's choice), else by header synonyms
    of the name or of its Chinese label (``measure_zh``). Each row's value is scaled by its own
    unit (``unit`` column; else a unit in the measure name — "地区生产总值(亿元)" — the value
    header or the sheet): ``canonical = value × factor(unit, measure)``. Rows of measures that
    map to nothing are left out with one warning naming them; units that do not fit a measure
    are left unscaled with a warning. Rows of different measures with the same key become one
    row when the importer joins the pieces."""
    mc = keys.get("measure") or keys.get("measure_zh")
    value_cols = m.value_columns()
    if mc is None or not value_cols:
        return None
    zc = keys.get("measure_zh") if "measure" in keys else None
    uc = keys.get("unit")
    mcodes, mnames = cols[mc.index].factorized
    labels: list[object] = [None] * len(mnames)
    if zc is not None and len(mnames):
        first_rows = pd.Series(np.arange(len(mcodes))).groupby(mcodes).first()
        zvals = cols[zc.index].values
        for code, row in first_rows.items():
            if code >= 0:
                labels[code] = zvals[row]
    fields_of: list[str] = []
    for name, label in zip(mnames, labels):
        key = str(name).strip()
        fields_of.append(m.measure_map[key] if key in m.measure_map else tidy_field(key, label))
    fields_arr = np.array(fields_of + [""], dtype=object)[mcodes]  # code -1 (no name) → ""
    if uc is not None:
        ucodes, unames = cols[uc.index].factorized
        units_u = [parse_unit(u) if str(u).strip() else None for u in unames]
    else:
        ucodes, unames, units_u = np.full(len(index), -1), np.array([], dtype=object), []
    groups: dict[tuple, dict[str, tuple[ColumnMapping, pd.Series]]] = {}
    skipped: dict[str, int] = {}
    unit_problems: set[tuple[str, str, str]] = set()
    for vc in value_cols:
        vals, seen = _numbers(cols[vc.index], index)
        report(vc, seen)
        if seen["unit_suffix"]:
            for r in list(seen["unit_suffix"])[:MAX_CELL_PROBLEMS]:
                v = str(cell(r, vc.index))
                out.problems.append(
                    error(
                        "unit_in_value",
                        f"数值单元格中带有单位“{v[:30]}”，请把单位写在单位列。",
                        f"A unit inside a value cell '{v[:30]}'; put the unit in the unit column.",
                        "只在数值列填写数字。",
                        "Write only numbers in the value column.",
                        **loc,
                        row=int(r),
                        column=vc.letter,
                        value=v[:40],
                    )
                )
            continue
        v = vals.to_numpy(dtype="float64", na_value=np.nan)
        has_value = ~np.isnan(v)
        for code, name in enumerate(mnames):
            if not fields_of[code]:
                n = int((has_value & (mcodes == code)).sum())
                if n:
                    skipped[str(name)] = skipped.get(str(name), 0) + n
        n_blank = int((has_value & (mcodes < 0)).sum())
        if n_blank:
            skipped["（空 / blank）"] = skipped.get("（空 / blank）", 0) + n_blank
        fixed_unit = parse_unit(vc.unit) if vc.unit else sheet_unit
        for f in dict.fromkeys(x for x in fields_of if x):
            rows_f = fields_arr == f
            table = _route(f, has_firm)
            canon = _canonical_unit(f, table)
            factor = np.ones(len(v))
            excluded = np.zeros(len(v), dtype=bool)  # rows whose unit we do not know
            used_units: list[str] = []
            for ucode in np.unique(ucodes[rows_f]):
                sel = rows_f & (ucodes == ucode)
                utext = str(unames[ucode]).strip() if ucode >= 0 else ""
                unit = units_u[ucode] if ucode >= 0 else None
                if not utext:
                    unit = _unit_in_names(sel, mcodes, mnames) or fixed_unit
                    utext = unit.text if unit is not None else ""
                if utext and unit is None:
                    unit_problems.add(("unknown_unit", f, utext))
                    excluded |= sel
                    continue
                fac = factor_for(unit, canon) if unit is not None else 1.0
                if fac is None:
                    unit_problems.add(("unit_not_applicable", f, utext))
                    fac = 1.0
                factor[sel] = fac
                if utext:
                    used_units.append(utext)
            rows_f &= ~excluded
            s = pd.Series(np.where(rows_f, v * factor, np.nan), index=index)
            if f in NON_NEGATIVE:
                for r in list(s.index[(s < 0).to_numpy()])[:MAX_CELL_PROBLEMS]:
                    out.problems.append(
                        error(
                            "negative_value",
                            f"“{f}”不能为负数：{cell(r, vc.index)}。",
                            f"'{f}' cannot be negative: {cell(r, vc.index)}.",
                            "检查该数值。",
                            "Check the value.",
                            **loc,
                            row=int(r),
                            column=vc.letter,
                            value=str(cell(r, vc.index)),
                        )
                    )
            names = sorted({str(mnames[c]) for c in np.unique(mcodes[rows_f]) if c >= 0})
            c_used = ColumnMapping(**{**vc.__dict__})
            c_used.field = f
            c_used.header = f"{vc.header} [{', '.join(names)}]"
            c_used.unit = "; ".join(dict.fromkeys(used_units))
            c_used.factor = float(factor[rows_f][0]) if rows_f.any() else 1.0
            groups.setdefault((table, vc.year, "", "", ""), {})[f] = (c_used, s)
    ucol = uc.letter if uc is not None else value_cols[0].letter
    for code, f, utext in sorted(unit_problems):
        if code == "unknown_unit":
            out.problems.append(
                warning(
                    "unknown_unit",
                    f"不认识“{f}”的单位“{utext}”，这些行未导入。",
                    f"Unknown unit '{utext}' for '{f}'; those rows were not imported.",
                    "把单位改为 元、万元、亿元、人、万人 等，或在映射中指定。",
                    "Use a unit such as 元, 万元, 亿元, 人, 万人, or set it in the mapping.",
                    **loc,
                    column=ucol,
                )
            )
        else:
            out.problems.append(
                warning(
                    "unit_not_applicable",
                    f"单位“{utext}”不适用于“{f}”，数值未换算。",
                    f"Unit '{utext}' does not fit '{f}'; values left unscaled.",
                    "在映射中为该指标指定正确的单位。",
                    "Set the right unit for this measure in the mapping.",
                    **loc,
                    column=ucol,
                )
            )
    if skipped:
        lst = "、".join(f"{k}（{n} 个数值）" for k, n in list(skipped.items())[:15]) + (
            " …" if len(skipped) > 15 else ""
        )
        lst_en = ", ".join(f"{k} ({n} values)" for k, n in list(skipped.items())[:15]) + (
            " …" if len(skipped) > 15 else ""
        )
        out.problems.append(
            warning(
                "unmapped_measures",
                f"以下指标没有对应的标准指标，未导入：{lst}。",
                f"These measures match no canonical measure and were not imported: {lst_en}.",
                "如需导入，请在映射中为它们选择标准指标（measure_map）。",
                "To import them, choose their canonical measure in the mapping (measure_map).",
                **loc,
                column=mc.letter,
            )
        )
    return groups


def _unit_in_names(sel: np.ndarray, mcodes: np.ndarray, mnames: np.ndarray):
    """A unit written in the measure name itself ("地区生产总值(亿元)"), for rows without a unit cell."""
    for c in np.unique(mcodes[sel]):
        if c >= 0:
            _f, u = match_field(mnames[c])
            if u is not None:
                return u
    return None


def extract(
    sheet: RawSheet, m: SheetMapping, src: int, *, reference_code: str | None = None
) -> Extracted:
    out = Extracted()
    loc = {"file": m.file, "sheet": m.sheet}
    first, last = m.data_rows
    if m.layout == "skip" or last < first:
        return out
    rows = sheet.rows[first - 1 : last]
    width = max((c.index for c in m.columns), default=-1) + 1
    cols = [Column(a) for a in block_columns(rows, width)]  # built once, column-wise
    index = pd.RangeIndex(first, first + len(rows))

    def cell(r, c):  # the raw cell of 1-based row r, for messages
        return sheet.cell(int(r) - 1, c)

    keys = m.key_columns()
    values = m.value_columns()
    # --- rows left out ---------------------------------------------------------------------
    blank = np.ones(len(rows), dtype=bool)
    for col in cols:  # a row is blank when every cell is; stop at the first all-number column
        blank &= col.empty()
        if not blank.any():
            break
    keep = pd.Series(~blank, index=index)
    sub = [r for r in m.subitem_rows if first <= r <= last]
    if sub:
        keep[sub] = False
        out.problems.append(
            warning(
                "subitem_rows",
                f"“#”或“其中”分项行未参与汇总（第 {rows_text(sub)} 行）。",
                f"'#'/'其中' sub-item rows left out of the data (rows {rows_text(sub)}).",
                "若这些行是独立的地区或行业，请在映射中取消标记。",
                "If they are separate regions or industries, unmark them in the mapping.",
                **loc,
                row=sub[0],
            )
        )
    if "example" in keys:
        ex = pd.Series(
            cols[keys["example"].index].map_distinct(
                lambda v: str(v).strip().lower() in ("示例", "example", "示例 example"), False, bool
            ),
            index=index,
        )
        if ex.any():
            keep &= ~ex
            out.problems.append(
                info(
                    "example_rows",
                    f"跳过模板示例行（第 {rows_text(ex[ex].index)} 行）。",
                    f"Template example rows skipped (rows {rows_text(ex[ex].index)}).",
                    **loc,
                    row=int(ex[ex].index[0]),
                )
            )
    if not keep.all():
        kmask = keep.to_numpy()
        cols = [col.take(kmask) for col in cols]
        index = index[kmask]
    if len(index) == 0:
        return out
    # --- keys ------------------------------------------------------------------------------
    base = pd.DataFrame(index=index)
    if "region_code" in keys:
        base["region_code"] = _code_series(cols[keys["region_code"].index], index)
    if "region" in keys:
        rcol = cols[keys["region"].index]
        base["_region_name"] = _text_series(rcol, index)
        if any(isinstance(v, str) and "\n" in v.strip() for v in rcol.factorized[1]):
            # "清源市合计\nQingyuan total": Chinese name, English name
            zh = rcol.map_distinct(lambda v: _clean_text(split_bilingual(str(v))[0] or str(v)))
            en = rcol.map_distinct(
                lambda v: _clean_text(split_bilingual(str(v))[1]) if "\n" in str(v) else None
            )
            base["_region_name"] = pd.Series(zh, index=index, dtype="string")
            if "region_en" not in keys:
                base["_region_en"] = pd.Series(en, index=index, dtype="string")
    if "region_en" in keys:
        base["_region_en"] = _text_series(cols[keys["region_en"].index], index)
    if "industry_code" in keys:
        base["industry_code"] = _code_series(cols[keys["industry_code"].index], index)
    if "industry" in keys:
        base["_industry_name"] = _text_series(cols[keys["industry"].index], index)
    if "firm_id" in keys:
        base["firm_id"] = _code_series(cols[keys["firm_id"].index], index)
    if "firm_name" in keys:
        base["name"] = _text_series(cols[keys["firm_name"].index], index)
    if "group" in keys:
        base["group"] = _text_series(cols[keys["group"].index], index)
    if "year" in keys:
        yc = keys["year"]
        y, bad = _year_series(cols[yc.index], index)
        for r in list(bad[bad].index)[:MAX_CELL_PROBLEMS]:
            out.problems.append(
                error(
                    "bad_year",
                    f"无法识别年份“{cell(r, yc.index)}”。",
                    f"Cannot read the year '{cell(r, yc.index)}'.",
                    "年份请写成 2020 或 2020年。",
                    "Write years as 2020 or 2020年.",
                    **loc,
                    row=int(r),
                    column=yc.letter,
                    value=str(cell(r, yc.index))[:40],
                )
            )
        base["year"] = y
    elif m.year:
        base["year"] = pd.Series(int(m.year), index=index, dtype="Int64")
    if m.region and "region_code" not in base and "_region_name" not in base:
        base["_region_name"] = pd.Series(display_name(m.region), index=index, dtype="string")
    # region totals → reference
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
        rn = base.get("_region_name")
        if rn is not None and m.reference_row is None:
            pass
        out.problems.append(
            info(
                "total_rows",
                f"合计/参照区域行（第 {rows_text(total[total].index)} 行）作为参照区域，不与明细相加"
                "（行业指标放入参照区域数据，地区指标留在地区数据并标为参照区域）。",
                f"Total / reference rows (rows {rows_text(total[total].index)}) are a reference area, kept apart from the"
                " detail (industry measures in reference_data; region measures in region_data, flagged as reference).",
                **loc,
                row=int(total[total].index[0]),
            )
        )
    # --- values ----------------------------------------------------------------------------
    has_firm = "firm_id" in keys
    sheet_unit = parse_unit(m.sheet_unit) if m.sheet_unit else None
    no_measure: list[ColumnMapping] = []
    n_left = 0
    agg_symbols: set[str] = set()
    agg_text: list[str] = []
    text_seen: list = [0, ""]  # numbers stored as text: count, first example
    agg_symbol_cols: list[str] = []
    agg_units: dict[tuple[str, float], list[str]] = {}
    agg_nounit: dict[str, list[str]] = {}
    groups: dict[tuple, dict[str, tuple[ColumnMapping, pd.Series]]] = {}

    def report(c: ColumnMapping, seen: dict) -> None:
        """Located errors for unreadable cells; symbols, text numbers and footnotes collected."""
        # errors: text that is not a number or a missing symbol
        for r in seen["bad"][:MAX_CELL_PROBLEMS]:
            v = str(cell(r, c.index))
            out.problems.append(
                error(
                    "text_in_number",
                    f"数值单元格中有无法识别的文字“{v[:30]}”。",
                    f"Text that is not a number in a number cell: '{v[:30]}'.",
                    "改为数字，缺失值请留空或写“—”。",
                    "Enter a number; leave missing values blank or write '—'.",
                    **loc,
                    row=int(r),
                    column=c.letter,
                    value=v[:40],
                )
            )
        if len(seen["bad"]) > MAX_CELL_PROBLEMS:
            out.problems.append(
                error(
                    "text_in_number_more",
                    f"{c.letter}列另有 {len(seen['bad']) - MAX_CELL_PROBLEMS} 个此类单元格。",
                    f"{len(seen['bad']) - MAX_CELL_PROBLEMS} more such cells in column {c.letter}.",
                    **loc,
                    column=c.letter,
                )
            )
        if seen["text_numbers"]:
            agg_text.append(c.letter)
            text_seen[0] += seen["text_numbers"]
            text_seen[1] = text_seen[1] or seen["text_example"]
        if seen["symbols"]:
            agg_symbols.update(seen["symbols"])
            agg_symbol_cols.append(c.letter)
        if seen["footnote"]:
            rr = seen["footnote"]
            out.problems.append(
                warning(
                    "footnote_marker",
                    f"去掉了数值后的注释标记（第 {rows_text(rr)} 行）。",
                    f"Footnote markers removed from numbers (rows {rows_text(rr)}).",
                    **loc,
                    row=int(rr[0]),
                    column=c.letter,
                )
            )

    if m.layout == "tidy":
        tidy = _tidy_groups(m, keys, cols, index, has_firm, sheet_unit, report, cell, out, loc)
        if tidy is not None:
            groups.update(tidy)
            values = []
    for c in values:
        measure = c.field or m.measure
        if not measure:
            no_measure.append(c)
            n_left += int(_numbers(cols[c.index], index)[0].notna().sum())  # numbers not imported
            continue
        table = _route(measure, has_firm)
        s, seen = _numbers(cols[c.index], index)
        report(c, seen)
        # unit and factor
        canon = _canonical_unit(measure, table)
        units_in_cells = set(seen["unit_suffix"].values())
        unit = parse_unit(c.unit) if c.unit else sheet_unit
        if units_in_cells:
            if len(units_in_cells) > 1:
                r0 = next(iter(seen["unit_suffix"]))
                out.problems.append(
                    error(
                        "mixed_units",
                        f"同一列中有不同的单位：{'、'.join(sorted(units_in_cells))}。",
                        f"Mixed units in one column: {', '.join(sorted(units_in_cells))}.",
                        "统一单位后再导入，或把单位写在表头里。",
                        "Use one unit per column, written in the header.",
                        **loc,
                        row=int(r0),
                        column=c.letter,
                    )
                )
                continue
            cu = parse_unit(next(iter(units_in_cells)))
            if cu is None:
                for r in list(seen["unit_suffix"])[:MAX_CELL_PROBLEMS]:
                    v = str(cell(r, c.index))
                    out.problems.append(
                        error(
                            "text_in_number",
                            f"数值单元格中有无法识别的文字“{v[:30]}”。",
                            f"Text that is not a number in a number cell: '{v[:30]}'.",
                            "改为数字。",
                            "Enter a number.",
                            **loc,
                            row=int(r),
                            column=c.letter,
                            value=v[:40],
                        )
                    )
                continue
            if (
                unit is not None
                and unit.factor != cu.factor
                and s.notna().sum() > len(seen["unit_suffix"])
            ):
                out.problems.append(
                    error(
                        "mixed_units",
                        f"部分单元格写有单位“{cu.text}”，与列单位“{unit.text}”不同。",
                        f"Some cells carry the unit '{cu.text}', unlike the column's '{unit.text}'.",
                        "统一单位。",
                        "Use one unit per column.",
                        **loc,
                        column=c.letter,
                    )
                )
                continue
            unit = cu
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
            out.problems.append(
                warning(
                    "unit_not_applicable",
                    f"单位“{unit.text}”不适用于“{measure}”（{canon}），数值未换算。",
                    f"Unit '{unit.text}' does not fit '{measure}' ({canon}); values left unscaled.",
                    "在映射中为该列指定正确的单位。",
                    "Set the column's unit in the mapping.",
                    **loc,
                    column=c.letter,
                )
            )
            factor = 1.0
        elif unit is not None and factor != 1.0:
            agg_units.setdefault((unit.text, factor), []).append(c.letter)
        elif unit is None and canon in ("yuan", "persons") and not c.unit:
            agg_nounit.setdefault(canon, []).append(c.letter)
        vals = s * factor
        if measure in NON_NEGATIVE:
            neg = vals[vals < 0]
            for r in list(neg.index)[:MAX_CELL_PROBLEMS]:
                out.problems.append(
                    error(
                        "negative_value",
                        f"“{measure}”不能为负数：{cell(r, c.index)}。",
                        f"'{measure}' cannot be negative: {cell(r, c.index)}.",
                        "检查该数值。",
                        "Check the value.",
                        **loc,
                        row=int(r),
                        column=c.letter,
                        value=str(cell(r, c.index)),
                    )
                )
        c_used = ColumnMapping(**{**c.__dict__})
        c_used.unit = unit.text if unit is not None else ""
        c_used.factor = factor
        region_fix = c.region
        ind = c.industry or ("" if not c.industry_name else None)
        gkey = (table, c.year, region_fix, ind if ind is not None else "", c.industry_name)
        groups.setdefault(gkey, {})[measure] = (c_used, vals)
    if agg_text:
        cols_ = _letters(agg_text)
        out.problems.append(
            warning(
                "text_numbers",
                f"{text_seen[0]} 个以文本保存的数字（如“{text_seen[1][:20]}”）已按数值读取（{cols_}列）。",
                f"{text_seen[0]} numbers stored as text (e.g. '{text_seen[1][:20]}') were read as numbers (columns {cols_}).",
                "如有疑问，请在Excel中核对这些单元格。",
                "If in doubt, check these cells in Excel.",
                **loc,
                column=agg_text[0],
            )
        )
    if agg_symbols:
        cols = _letters(agg_symbol_cols)
        out.problems.append(
            warning(
                "missing_symbols",
                f"符号 {'、'.join(sorted(agg_symbols))} 按缺失值处理（{cols}列）。",
                f"Symbols {' '.join(sorted(agg_symbols))} read as missing (columns {cols}).",
                **loc,
                column=agg_symbol_cols[0],
            )
        )
    for (utext, factor), letters_ in agg_units.items():
        cols = _letters(letters_)
        out.problems.append(
            warning(
                "unit_applied",
                f"按单位“{utext}”换算为标准单位（×{factor:g}）：{cols}列。",
                f"Unit '{utext}' applied (×{factor:g}) to columns {cols}.",
                **loc,
                column=letters_[0],
            )
        )
    for canon, letters_ in agg_nounit.items():
        cols = _letters(letters_)
        out.problems.append(
            warning(
                "no_unit",
                f"{cols}列未找到单位，按{'元' if canon == 'yuan' else '人'}读取。",
                f"No unit found for columns {cols}; read as {canon}.",
                "如单位不同，请在映射中指定（如 万元）。",
                "If the unit differs, set it in the mapping (e.g. 万元).",
                **loc,
                column=letters_[0],
            )
        )
    if no_measure:  # every column listed (never "…"), with how many numbers are left out
        letters = ", ".join(c.letter for c in no_measure)
        row0 = m.header_rows[-1] if m.header_rows else first
        if not groups:
            out.problems.append(
                warning(
                    "no_measure",
                    f"未能识别任何指标列（{letters}列，{n_left} 个数值未导入）。",
                    f"No measure recognised in any value column (columns {letters}; {n_left} numbers not imported).",
                    "在映射中为这些列或整张表指定指标（如 营业收入）和单位。",
                    "Choose the measure (e.g. revenue) and unit for these columns or the sheet in the mapping.",
                    **loc,
                    row=row0,
                    column=no_measure[0].letter,
                )
            )
        else:
            out.problems.append(
                warning(
                    "unmapped_columns",
                    f"未识别的列已忽略：{letters}（{n_left} 个数值未导入）。",
                    f"Unrecognised columns ignored: {letters} ({n_left} numbers not imported).",
                    "如需导入，请在映射中指定这些列的指标。",
                    "To import them, choose their measure in the mapping.",
                    **loc,
                    row=row0,
                    column=no_measure[0].letter,
                )
            )
    no_year: list[str] = []  # value columns whose year is given nowhere
    for (table, year, region_fix, ind, ind_name), measures in groups.items():
        if year is None and "year" not in base.columns and "year" in TABLES[table].key:
            no_year.extend(c.letter for c, _v in measures.values())
            continue
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
        frame["_src"] = src
        frame["_row"] = frame.index.astype("int64")
        frame["_total"] = row_total
        has_value = np.zeros(len(frame), dtype=bool)
        for vals in (v for _c, v in measures.values()):
            has_value |= vals.notna().to_numpy()
        if not has_value.all():
            frame = frame[has_value]
        if frame.empty:
            continue
        out.pieces.append(Piece(table, frame, src))
        for meas, (c, vals) in measures.items():
            n = int(vals.notna().sum())
            out.provenance.append(
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
                    "n_values": n,
                }
            )
    if no_year:
        cols_ = _letters(sorted(set(no_year), key=lambda x: (len(x), x)))
        out.problems.append(
            error(
                "missing_year",
                f"找不到这些数值的年份（{cols_}列，第 {first}–{last} 行），未导入。",
                f"No year found for these values (columns {cols_}, rows {first}–{last}); not imported.",
                "在映射中指定整张表的年份，或在表中加一列“年份”（续表请与主表放在同一文件中）。",
                "Give the year in the mapping, or add a year column (keep a 续表 continuation with its table).",
                **loc,
                row=m.header_rows[0] if m.header_rows else first,
                column=no_year[0],
            )
        )
    return out


def _letters(letters: list[str], limit: int = 12) -> str:
    return ", ".join(letters[:limit]) + (
        f" …(+{len(letters) - limit})" if len(letters) > limit else ""
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


__all__ = ["Extracted", "Piece", "convert_numbers", "extract", "MISSING_SYMBOLS", "FIRM_MEASURES"]
