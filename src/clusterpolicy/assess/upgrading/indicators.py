"""The data items of the upgrading checklists, for one region × division and year, and the same
figures for the division in the reference area (``reference_data``; else the sum of the regions
loaded, said in the evidence), so that bands can be relative to the sector:

* ``rd_intensity``        = rd_expenditure / revenue (or / output when revenue is missing)
* ``patents_per_10k_emp`` = patents / employment × 10,000
* ``new_product_share``   = new_product_sales / revenue (or / output)
* ``export_share``        = exports / output (or / revenue)
* ``value_added_rate``    = value_added / output
* ``labour_productivity`` (全员劳动生产率, NBS definition) = value added ÷ average employment (the
  mean of the year's and the previous year's figure where both exist), as a multiple of the
  reference area's; not computed without value added (gross output is no substitute)
* ``sme_orientation``     = (employment / firms) of the reference ÷ (employment / firms) here:
  ≥ 1 when local firms are on average no larger (seed 002: SMEs form the body of a cluster)
* ``platform_count``, ``own_brand_share``, ``gi_status`` — not in yearbooks: pass them in
  ``extra_values`` (user input), else the items fall back to judgement.
"""

from __future__ import annotations

import math

import pandas as pd

from clusterpolicy.model.dataset import CanonicalData

FIELDS = (
    "employment",
    "output",
    "value_added",
    "revenue",
    "firms",
    "exports",
    "rd_expenditure",
    "patents",
    "new_product_sales",
)


def _ratio(num: float, den: float) -> float:
    if num is None or den is None or not (math.isfinite(num) and math.isfinite(den)) or den == 0:
        return math.nan
    return num / den


def _cell(df: pd.DataFrame, region: str, industry: str, year: int) -> dict:
    rows = df.loc[
        (df["region_code"].astype(str) == region)
        & (df["industry_code"].astype(str) == industry)
        & (df["year"] == year)
    ]
    if rows.empty:
        return {}
    r = rows.iloc[0]
    return {k: (float(r[k]) if k in r.index and pd.notna(r[k]) else math.nan) for k in FIELDS}


def _summed(df: pd.DataFrame, industry: str, year: int) -> dict:
    rows = df.loc[(df["industry_code"].astype(str) == industry) & (df["year"] == year)]
    if rows.empty:
        return {}
    return {k: float(rows[k].sum(min_count=1)) if k in rows else math.nan for k in FIELDS}


def reference_cell(
    data: CanonicalData, industry: str, year: int, reference_code: str | None
) -> tuple[dict, dict, str]:
    """(this year's, last year's figures, name) of the division in the reference area: the
    ``reference_data`` area (the one named, else the first that has the division), else the sum
    of all regions loaded; ({}, {}, "") when there is neither."""
    ref = data.reference_data
    if len(ref):
        codes = (
            [reference_code]
            if reference_code
            else sorted(
                ref.loc[
                    (ref["industry_code"].astype(str) == industry) & (ref["year"] == year),
                    "region_code",
                ]
                .astype(str)
                .unique()
            )
        )
        for code in codes:
            now = _cell(ref, code, industry, year)
            if now:
                return now, _cell(ref, code, industry, year - 1), f"reference {code}"
    now = _summed(data.industry_data, industry, year)
    if now:
        prev = _summed(data.industry_data, industry, year - 1)
        return now, prev, "sum of all listed regions / 所列地区合计"
    return {}, {}, ""


def _shares(x: dict) -> dict[str, tuple[float, str]]:
    """The share-type formulas of one cell: {formula: (value, how)}."""
    rev_ok = math.isfinite(x.get("revenue", math.nan)) and x["revenue"] > 0
    den, dname = (x["revenue"], "revenue") if rev_ok else (x.get("output", math.nan), "output")
    out_ok = math.isfinite(x.get("output", math.nan)) and x["output"] > 0
    eden, ename = (x["output"], "output") if out_ok else (x.get("revenue", math.nan), "revenue")
    return {
        "rd_intensity": (
            _ratio(x.get("rd_expenditure", math.nan), den),
            f"rd_expenditure / {dname}",
        ),
        "patents_per_10k_emp": (
            1e4 * _ratio(x.get("patents", math.nan), x.get("employment", math.nan)),
            "patents / employment × 10000",
        ),
        "new_product_share": (
            _ratio(x.get("new_product_sales", math.nan), den),
            f"new_product_sales / {dname}",
        ),
        "export_share": (_ratio(x.get("exports", math.nan), eden), f"exports / {ename}"),
        "value_added_rate": (
            _ratio(x.get("value_added", math.nan), x.get("output", math.nan)),
            "value_added / output",
        ),
    }


def _avg_emp(now: dict, prev: dict) -> tuple[float, str]:
    e1, e0 = now.get("employment", math.nan), prev.get("employment", math.nan)
    if math.isfinite(e1) and math.isfinite(e0):
        return (e0 + e1) / 2, "mean of this and last year's employment"
    return e1, "this year's employment (no earlier year)"


def compute_indicators(
    data: CanonicalData,
    region_code: str,
    industry_code: str,
    year: int | None = None,
    reference_code: str | None = None,
) -> tuple[dict[str, float], dict[str, str], dict[str, float], int | None]:
    """({formula: value}, {formula: evidence}, {formula: the reference's value}, year)."""
    ind = data.industry_data
    sel = ind.loc[
        (ind["region_code"].astype(str) == region_code)
        & (ind["industry_code"].astype(str) == industry_code)
    ]
    if year is None:
        year = int(sel["year"].max()) if len(sel) else None
    vals: dict[str, float] = {}
    ev: dict[str, str] = {}
    refs: dict[str, float] = {}
    if year is None:
        return vals, ev, refs, None
    x = _cell(ind, region_code, industry_code, year)
    if not x:
        return vals, ev, refs, year
    x_prev = _cell(ind, region_code, industry_code, year - 1)
    ref, ref_prev, ref_name = reference_cell(data, industry_code, year, reference_code)
    where = f"({region_code}, {industry_code}, {year})"
    for fid, (v, how) in _shares(x).items():
        if math.isfinite(v):
            vals[fid], ev[fid] = v, f"{fid} = {how} = {v:.4g} {where}"
            rv = _shares(ref)[fid][0] if ref else math.nan
            if math.isfinite(rv):
                refs[fid] = rv
                ev[fid] += f"; {ref_name}: {rv:.4g}"
    if ref:
        emp, how = _avg_emp(x, x_prev)
        emp_r, _ = _avg_emp(ref, ref_prev)
        lp, lp_r = (
            _ratio(x.get("value_added", math.nan), emp),
            _ratio(ref.get("value_added", math.nan), emp_r),
        )
        v = _ratio(lp, lp_r)
        if math.isfinite(v):
            vals["labour_productivity"] = v
            ev["labour_productivity"] = (
                f"labour_productivity = (value_added / average employment: {how}) {lp:.4g} ÷ "
                f"{ref_name} {lp_r:.4g} = {v:.4g} {where}"
            )
        fs, fs_r = (
            _ratio(x.get("employment", math.nan), x.get("firms", math.nan)),
            _ratio(ref.get("employment", math.nan), ref.get("firms", math.nan)),
        )
        v = _ratio(fs_r, fs)
        if math.isfinite(v):
            vals["sme_orientation"] = v
            ev["sme_orientation"] = (
                f"sme_orientation = {ref_name} (employment/firms) {fs_r:.4g} ÷ local {fs:.4g} = "
                f"{v:.4g} {where}"
            )
    return vals, ev, refs, year
