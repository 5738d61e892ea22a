"""Pieces → canonical tables: routing of totals, key checks, duplicates, jumps, final columns.

* :func:`route_pieces` — rows marked ``_total`` (total / reference rows) go to
  ``reference_data`` (region measures of such rows stay in ``region_data``: the reference area is
  a region of its own); rows of no industry or an all-industry total go to ``industry_totals``;
  the rest to ``industry_data``. One vectorised pass per table.
* :func:`finish_table` — a table's key columns checked (a missing key column is an error, rows
  with an empty key are listed and left out), duplicate keys (the same key from two places with
  different values is an error naming both; blocks of one table split across sheets and the
  measures of a tidy table join on the key), year-on-year jumps (warnings), working columns
  dropped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusterpolicy.io.accounting import CellRegistry, NotImported, id_ranges
from clusterpolicy.io.columns import map_distinct
from clusterpolicy.io.extract import Piece
from clusterpolicy.io.headers import is_total_name
from clusterpolicy.io.validate import (
    duplicate_conflicts,
    duplicated_ids,
    error,
    group_ids,
    warning,
    yoy_jumps,
)
from clusterpolicy.messages import Problem
from clusterpolicy.model.tables import TABLES, TOTAL_INDUSTRY, TOTAL_REGION

DATA_TABLES = ("industry_data", "industry_totals", "reference_data", "region_data", "firm_data")


def _rows(f: pd.DataFrame, mask) -> pd.DataFrame | None:
    """``f[mask]``, without a copy when every row is selected; None when none is."""
    mask = np.asarray(mask, dtype=bool)
    if mask.all():
        return f
    return f[mask] if mask.any() else None


def route_pieces(pieces: list[Piece]) -> dict[str, pd.DataFrame]:
    """Pieces → one frame per canonical table (see the module doc)."""
    routed: dict[str, list[pd.DataFrame]] = {t: [] for t in DATA_TABLES}

    def add(table, frame):
        if frame is not None:
            routed[table].append(frame)

    by_table: dict[str, list[pd.DataFrame]] = {}
    for p in pieces:
        by_table.setdefault(p.table, []).append(p.frame)
    for table, frames in by_table.items():  # one vectorised pass per table, not per piece
        if table in ("firm_data", "region_data"):
            routed[table].extend(frames)
            continue
        f = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True, sort=False)
        tot = f["_total"].to_numpy(dtype=bool)
        all_ind = _all_industry_rows(f)
        if all_ind.any():
            f = f.copy()
            f.loc[all_ind, "industry_code"] = TOTAL_INDUSTRY
            if "_industry_name" in f:
                f.loc[all_ind, "_industry_name"] = pd.NA
        add("industry_totals", _rows(f, ~tot & all_ind))
        add("industry_data", _rows(f, ~tot & ~all_ind))
        add("reference_data", _rows(f, tot))
    return {
        t: (pd.concat(fs, ignore_index=True, sort=False) if fs else pd.DataFrame())
        for t, fs in routed.items()
    }


def _all_industry_rows(f: pd.DataFrame) -> np.ndarray:
    """Rows of no industry, an all-industry code or a total name ("合计") in the name column or
    in the code column (a long table whose industry column says "合计" for the total row)."""
    ind = (
        f["industry_code"]
        if "industry_code" in f
        else pd.Series(pd.NA, index=f.index, dtype="string")
    )
    if "_industry_name" in f:
        names = f["_industry_name"].to_numpy(dtype=object, na_value=None)
        ind_tot = map_distinct(names, is_total_name, False).astype(bool)
        no_name = f["_industry_name"].isna().to_numpy()
    else:
        ind_tot = np.zeros(len(f), dtype=bool)
        no_name = np.ones(len(f), dtype=bool)
    ind_na = ind.isna().to_numpy()
    codes = ind.to_numpy(dtype=object, na_value=None)
    code_tot = map_distinct(codes, lambda c: c is not None and is_total_name(c), False).astype(bool)
    return (
        ind.eq(TOTAL_INDUSTRY).to_numpy(dtype=bool, na_value=False)
        | ind_tot
        | code_tot
        | (ind_na & no_name)
    )


def _rows_without_key(f: pd.DataFrame, partial: np.ndarray, keys: list[str], spec, sources):
    """Warning for rows left out because a key (region / industry / year) is empty."""
    first = f[partial].iloc[0]
    fl, sh, _ = sources.get(int(first["_src"]), ("", "", {}))
    n = int(partial.sum())
    return warning(
        "rows_without_key",
        f"{spec.label_zh}：{n} 行缺少关键值（{'、'.join(keys)}），未导入。",
        f"{spec.label_en}: {n} rows lack a key value ({', '.join(keys)}) and were not imported.",
        "在表中补上地区/行业/年份，或在映射中指定。",
        "Fill in the region/industry/year, or give it in the mapping.",
        file=fl,
        sheet=sh,
        row=int(first["_row"]),
    )


def _missing_key(t: str, f: pd.DataFrame, missing: list[str], sources) -> Problem:
    spec = TABLES[t]
    fl, sh, _ = sources.get(int(f["_src"].iloc[0]), ("", "", {}))
    return error(
        "missing_key",
        f"{spec.label_zh}缺少必需的关键列：{'、'.join(missing)}。",
        f"{spec.label_en}: required key column missing: {', '.join(missing)}.",
        "在表中加入该列（如 年份），或在映射中指定整张表的年份/地区。",
        "Add the column (e.g. year) or give the sheet's year/region in the mapping.",
        file=fl,
        sheet=sh,
    )


def _cell_columns(f: pd.DataFrame) -> list[str]:
    return [c for c in f.columns if c.startswith("_cell:")]


def _cells_of(f: pd.DataFrame, rows: np.ndarray | None = None) -> np.ndarray:
    """The source-cell ids of the numbers in ``f`` (optionally only in ``rows``)."""
    cols = _cell_columns(f)
    if not cols:
        return np.zeros(0)
    a = f[cols].to_numpy(dtype="float64")
    if rows is not None:
        a = a[rows]
    a = a.ravel()
    return a[~np.isnan(a)]


def finish_table(
    t: str, f: pd.DataFrame, problems: list[Problem], sources, ledger: Ledger
) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """(the canonical frame of table ``t``, its source-cell ids), or None when it cannot be
    built (the reason is in ``problems``); numbers left out are listed in ``ledger``."""
    spec = TABLES[t]
    key_na = {k: f[k].isna().to_numpy() for k in spec.key if k in f.columns}
    missing = [k for k in spec.key if k not in key_na or key_na[k].all()]
    if t == "reference_data" and "region_code" in missing:
        f["region_code"] = TOTAL_REGION
        key_na["region_code"] = np.zeros(len(f), dtype=bool)
        missing.remove("region_code")
    if missing == ["year"] and any(p.code == "missing_year" for p in problems):
        return None  # already said per block, located (extract)
    if missing:
        problems.append(_missing_key(t, f, missing, sources))
        return None
    partial = np.logical_or.reduce([key_na[k] for k in spec.key if k in key_na])
    if partial.any():  # never dropped silently: say how many and where the first one is
        empty = [k for k in spec.key if k in key_na and key_na[k].any()]
        problems.append(_rows_without_key(f, partial, empty, spec, sources))
        ledger.add(_cells_of(f, partial), "rows_without_key", ", ".join(empty))
        f = f[~partial]
    if t == "reference_data":
        f["region_code"] = f["region_code"].fillna(TOTAL_REGION)
    before = _cells_of(f)
    f = _deduplicate(t, f, problems, sources)
    after = _cells_of(f)
    if len(after) < len(before):
        ledger.add(np.setdiff1d(before, after), "duplicate_same_value", t)
    cells = f[_cell_columns(f)].rename(columns=lambda c: c[len("_cell:") :])
    return _final_columns(t, f), cells.reset_index(drop=True)


class Ledger:
    """Numbers left out while the tables are combined, listed by their source cells."""

    def __init__(self, cells: CellRegistry, entries: list[NotImported]):
        self.cells = cells
        self.entries = entries

    def add(self, ids: np.ndarray, reason: str, detail: str = "") -> None:
        for (file, sheet), (rng, n) in id_ranges(self.cells, ids).items():
            self.entries.append(NotImported(file, sheet, rng, n, reason, detail))


def _deduplicate(t: str, f: pd.DataFrame, problems: list[Problem], sources) -> pd.DataFrame:
    spec = TABLES[t]
    measures = [
        c
        for c in f.columns
        if not c.startswith("_") and c not in spec.key and pd.api.types.is_numeric_dtype(f[c])
    ]
    korder = [k for k in spec.key if k != "year"] + [k for k in spec.key if k == "year"]
    ids = group_ids(f, korder)  # year last
    dup_mask = duplicated_ids(ids[0])
    problems.extend(duplicate_conflicts(f, spec.key, measures, t, sources, dup_mask))
    if dup_mask.any():
        f = f.groupby(spec.key, sort=False, dropna=False).first().reset_index()
        ids = group_ids(f, korder)
    problems.extend(yoy_jumps(f, spec.key, measures, t, sources, ids=ids))
    return f


def _final_columns(t: str, f: pd.DataFrame) -> pd.DataFrame:
    f = f.drop(columns=[c for c in f.columns if c.startswith("_")])
    if "name" in f.columns and t != "firm_data":
        f = f.drop(columns=["name"])
    if t in ("industry_totals", "region_data") and "industry_code" in f.columns:
        f = f.drop(columns=["industry_code"])
    if "group" in f.columns and t != "region_data":
        f = f.drop(columns=["group"])
    return f
