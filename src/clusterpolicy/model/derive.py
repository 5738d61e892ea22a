"""Per-capita figures derived from totals (pure pandas; no app imports).

Yearbook tables give spending by function as totals (China Statistical Yearbook 7-6
分地区一般公共预算支出: 教育支出, 卫生健康支出, 社会保障和就业支出, in 亿元) and population in a
separate table; the equalization step compares per-capita figures. :func:`with_per_capita`
fills

    education_exp_pc       = education_exp       / population   (yuan/person)
    health_exp_pc          = health_exp          / population
    social_security_exp_pc = social_security_exp / population

in the canonical units (yuan ÷ persons), only where the per-capita cell is missing and both the
total and a positive population are present. A per-capita figure the user gave is never
overwritten. The ``derived`` column lists, per row, the per-capita columns that were derived
(comma-separated, "" when none), so every result can say which values are computed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# per-capita column → total column it is derived from (both in region_data)
PER_CAPITA_FROM_TOTAL: dict[str, str] = {
    "education_exp_pc": "education_exp",
    "health_exp_pc": "health_exp",
    "social_security_exp_pc": "social_security_exp",
}
DERIVED_COLUMN = "derived"


def with_per_capita(region_data: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``region_data`` with per-capita spending derived from totals where missing.

    ``pc = total / population`` for each pair of :data:`PER_CAPITA_FROM_TOTAL` when ``pc`` is
    NaN (or the column is absent), ``total`` is not NaN and ``population > 0``; otherwise ``pc``
    stays as given (NaN when it cannot be derived). Adds (or extends) the string column
    ``derived``: the names of the columns derived in that row, comma-separated.
    """
    out = region_data.copy()
    n = len(out)
    pop = (
        pd.to_numeric(out["population"], errors="coerce").astype("float64")
        if "population" in out.columns
        else pd.Series(np.nan, index=out.index)
    )
    pop = pop.where(pop > 0)
    if DERIVED_COLUMN in out.columns:
        prior = out[DERIVED_COLUMN].astype("string").fillna("")
    else:
        prior = pd.Series([""] * n, index=out.index, dtype="string")
    labels = [[s] if s else [] for s in prior.tolist()]
    for pc, total in PER_CAPITA_FROM_TOTAL.items():
        if total not in out.columns:
            continue
        tot = pd.to_numeric(out[total], errors="coerce").astype("float64")
        given = (
            pd.to_numeric(out[pc], errors="coerce").astype("float64")
            if pc in out.columns
            else pd.Series(np.nan, index=out.index)
        )
        fill = given.isna() & tot.notna() & pop.notna()
        out[pc] = given.where(~fill, tot / pop)
        for i in np.flatnonzero(fill.to_numpy()):
            labels[i].append(pc)
    out[DERIVED_COLUMN] = pd.array([",".join(x) for x in labels], dtype="string")
    return out


def derived_mask(frame: pd.DataFrame, column: str) -> pd.Series:
    """Boolean Series: rows of a :func:`with_per_capita` frame whose ``column`` was derived."""
    if DERIVED_COLUMN not in frame.columns:
        return pd.Series(False, index=frame.index)
    parts = frame[DERIVED_COLUMN].astype("string").fillna("").str.split(",")
    return parts.map(lambda xs: column in xs).astype(bool)
