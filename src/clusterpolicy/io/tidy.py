"""Tidy tables: one row per region × industry × year × measure, the number in a value column.

A tidy table (``layout == "tidy"``) — or indicator rows with one value column per year — gives
one value series per canonical measure (and year column), :func:`tidy_groups`.

Measure names map through ``m.measure_map`` (the user's choice), else by header synonyms of the
name or of its Chinese label (``measure_zh``). Each row's value is scaled by its own unit
(``unit`` column; else a unit in the measure name — "地区生产总值(亿元)" — the value header or the
sheet): ``canonical = value × factor(unit, measure)``. Rows of measures that map to nothing are
left out with one warning naming them; units that do not fit a measure are left unscaled with a
warning; rows whose unit is unknown are left out with a warning. Rows of different measures with
the same key become one row when the importer joins the pieces.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusterpolicy.io.columns import Column
from clusterpolicy.io.headers import match_field, tidy_field
from clusterpolicy.io.mapping import ColumnMapping, SheetMapping
from clusterpolicy.io.units import Unit, factor_for, parse_unit
from clusterpolicy.io.validate import MAX_CELL_PROBLEMS, NON_NEGATIVE, error, warning
from clusterpolicy.io.values import ValueReader, canonical_unit

Groups = dict[tuple, dict[str, tuple[ColumnMapping, pd.Series]]]


def _measure_fields(m: SheetMapping, keys, cols: list[Column]):
    """(codes of the measure column, distinct names, canonical field per name)."""
    mc = keys.get("measure") or keys.get("measure_zh")
    zc = keys.get("measure_zh") if "measure" in keys else None
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
    return mc, mcodes, mnames, fields_of


def tidy_groups(
    m: SheetMapping,
    keys: dict[str, ColumnMapping],
    cols: list[Column],
    index: pd.Index,
    route,
    sheet_unit: Unit | None,
    reader: ValueReader,
    numbers: dict,
    dropped: list,
) -> Groups | None:
    """One value series per canonical measure (see the module doc); None when the mapping has
    no measure column or no value column. ``route(measure)`` names the canonical table;
    ``numbers`` holds each value column's :class:`NumberColumn` on the kept rows; numbers left
    out are appended to ``dropped`` as ``(column, count, reason, detail)``. (One loop over the
    value columns and the measures in them; the per-row unit work is in :func:`_row_factors`.)"""
    mc = keys.get("measure") or keys.get("measure_zh")
    value_cols = m.value_columns()
    if mc is None or not value_cols:
        return None
    mc, mcodes, mnames, fields_of = _measure_fields(m, keys, cols)
    fields_arr = np.array(fields_of + [""], dtype=object)[mcodes]  # code -1 (no name) → ""
    uc = keys.get("unit")
    if uc is not None:
        ucodes, unames = cols[uc.index].factorized
        units_u = [parse_unit(u) if str(u).strip() else None for u in unames]
    else:
        ucodes, unames, units_u = np.full(len(index), -1), np.array([], dtype=object), []
    groups: Groups = {}
    skipped: dict[str, int] = {}
    unit_problems: set[tuple[str, str, str]] = set()
    for vc in value_cols:
        seen = numbers[vc.index]
        reader.report(vc, seen)
        if seen.unit_suffix:
            _units_in_values(reader, vc, seen.unit_suffix)
            continue
        v = seen.values.to_numpy(dtype="float64", na_value=np.nan)
        has_value = ~np.isnan(v)
        for code, name in enumerate(mnames):
            if not fields_of[code]:
                n = int((has_value & (mcodes == code)).sum())
                if n:
                    skipped[str(name)] = skipped.get(str(name), 0) + n
                    dropped.append((vc, n, "unmapped_measure", str(name)))
        n_blank = int((has_value & (mcodes < 0)).sum())
        if n_blank:
            skipped["（空 / blank）"] = skipped.get("（空 / blank）", 0) + n_blank
            dropped.append((vc, n_blank, "no_measure_name", ""))
        fixed_unit = parse_unit(vc.unit) if vc.unit else sheet_unit
        for f in dict.fromkeys(x for x in fields_of if x):
            table = route(f)
            factor, rows_f, used_units = _row_factors(
                fields_arr == f,
                f,
                canonical_unit(f, table),
                ucodes,
                unames,
                units_u,
                mcodes,
                mnames,
                fixed_unit,
                unit_problems,
            )
            n_out = int(((fields_arr == f) & ~rows_f & has_value).sum())
            if n_out:
                dropped.append((vc, n_out, "unknown_unit", f))
            s = pd.Series(np.where(rows_f, v * factor, np.nan), index=index)
            if f in NON_NEGATIVE:
                reader.negatives(vc, s, f)
            names = sorted({str(mnames[c]) for c in np.unique(mcodes[rows_f]) if c >= 0})
            used = ColumnMapping(**{**vc.__dict__})
            used.field = f
            used.header = f"{vc.header} [{', '.join(names)}]"
            used.unit = "; ".join(dict.fromkeys(used_units))
            used.factor = float(factor[rows_f][0]) if rows_f.any() else 1.0
            groups.setdefault((table, vc.year, "", "", ""), {})[f] = (used, s)
    ucol = uc.letter if uc is not None else value_cols[0].letter
    reader.problems.extend(_unit_warnings(unit_problems, reader.loc, ucol))
    if skipped:
        reader.problems.append(_skipped_warning(skipped, reader.loc, mc.letter))
    return groups


def _row_factors(rows_f, f, canon, ucodes, unames, units_u, mcodes, mnames, fixed_unit, probs):
    """(factor per row, rows kept, unit texts used) for the rows of measure ``f``."""
    factor = np.ones(len(rows_f))
    excluded = np.zeros(len(rows_f), dtype=bool)  # rows whose unit we do not know
    used_units: list[str] = []
    for ucode in np.unique(ucodes[rows_f]):
        sel = rows_f & (ucodes == ucode)
        utext = str(unames[ucode]).strip() if ucode >= 0 else ""
        unit = units_u[ucode] if ucode >= 0 else None
        if not utext:
            unit = _unit_in_names(sel, mcodes, mnames) or fixed_unit
            utext = unit.text if unit is not None else ""
        if utext and unit is None:
            probs.add(("unknown_unit", f, utext))
            excluded |= sel
            continue
        fac = factor_for(unit, canon) if unit is not None else 1.0
        if fac is None:
            probs.add(("unit_not_applicable", f, utext))
            fac = 1.0
        factor[sel] = fac
        if utext:
            used_units.append(utext)
    return factor, rows_f & ~excluded, used_units


def _units_in_values(reader: ValueReader, vc: ColumnMapping, unit_suffix: dict) -> None:
    for r in list(unit_suffix)[:MAX_CELL_PROBLEMS]:
        v = str(reader.cell(r, vc.index))
        reader.problems.append(
            error(
                "unit_in_value",
                f"数值单元格中带有单位“{v[:30]}”，请把单位写在单位列。",
                f"A unit inside a value cell '{v[:30]}'; put the unit in the unit column.",
                "只在数值列填写数字。",
                "Write only numbers in the value column.",
                **reader.loc,
                row=int(r),
                column=vc.letter,
                value=v[:40],
            )
        )


def _unit_warnings(unit_problems, loc: dict, ucol: str):
    out = []
    for code, f, utext in sorted(unit_problems):
        if code == "unknown_unit":
            out.append(
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
            out.append(
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
    return out


def _skipped_warning(skipped: dict[str, int], loc: dict, column: str):
    more = " …" if len(skipped) > 15 else ""
    items = list(skipped.items())[:15]
    lst = "、".join(f"{k}（{n} 个数值）" for k, n in items) + more
    lst_en = ", ".join(f"{k} ({n} values)" for k, n in items) + more
    names = "、".join(k for k, _n in items if not k.startswith("（"))
    return warning(
        "unmapped_measures",
        f"以下指标没有对应的标准指标，未导入：{lst}。",
        f"These measures match no canonical measure and were not imported: {lst_en}.",
        "如需导入，请在映射中为它们选择标准指标（measure_map）。",
        "To import them, choose their canonical measure in the mapping (measure_map).",
        **loc,
        column=column,
        value=names[:80],
    )


def _unit_in_names(sel: np.ndarray, mcodes: np.ndarray, mnames: np.ndarray):
    """A unit written in the measure name itself ("地区生产总值(亿元)"), for rows without a unit cell."""
    for c in np.unique(mcodes[sel]):
        if c >= 0:
            _f, u = match_field(mnames[c])
            if u is not None:
                return u
    return None
