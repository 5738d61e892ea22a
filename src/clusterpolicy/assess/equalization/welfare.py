"""Welfare indicators per region and year: the public-welfare index, the benchmark value."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from clusterpolicy.knowledge import Profile
from clusterpolicy.model.derive import DERIVED_COLUMN, PER_CAPITA_FROM_TOTAL, derived_mask
from clusterpolicy.text.labels import INDICATORS

BASE_INDICATORS = (
    "disposable_income_pc",
    "manufacturing_emp_per_10k",
    "education_exp_pc",
    "health_exp_pc",
    "social_security_exp_pc",
)
WELFARE_COMPONENTS = {
    "education_exp_pc": "w_education",
    "health_exp_pc": "w_health",
    "social_security_exp_pc": "w_social_security",
}


def welfare_means(frame: pd.DataFrame) -> dict[str, float]:
    """Population-weighted mean μ_k of each welfare component over ``frame``'s rows."""
    out = {}
    pop = frame["population"] if "population" in frame else pd.Series(np.nan, index=frame.index)
    for col in WELFARE_COMPONENTS:
        if col not in frame or not frame[col].notna().any():
            continue
        ok = frame[col].notna() & pop.notna() & (pop > 0)
        out[col] = (
            float((frame.loc[ok, col] * pop[ok]).sum() / pop[ok].sum())
            if ok.any()
            else float(frame[col].mean())
        )
    return out


def welfare_index(
    frame: pd.DataFrame, profile: Profile, means: Mapping[str, float] | None = None
) -> pd.Series:
    """The public-welfare index of ``frame``'s rows (one year; see the package docstring).

    ``means``: the μ_k to normalise by (default: those of ``frame``); the scenario passes the
    before-scenario means so that after-values are on the same scale.
    """
    means = welfare_means(frame) if means is None else means
    num = pd.Series(0.0, index=frame.index)
    den = pd.Series(0.0, index=frame.index)
    for col, wkey in WELFARE_COMPONENTS.items():
        w = profile.value(f"equalization.welfare_index.{wkey}")
        mu = means.get(col)
        if col not in frame or not frame[col].notna().any() or w <= 0 or not mu:
            continue
        has = frame[col].notna()
        num[has] += w * frame.loc[has, col] / mu
        den[has] += w
    return (100 * num / den).where(den > 0)


def indicator_frame(rd: pd.DataFrame, profile: Profile) -> pd.DataFrame:
    """``rd`` (:func:`clusterpolicy.assess.inequality.region_frame`) with the welfare index of the
    compared regions, year by year."""
    out = []
    for _, fy in rd.groupby("year", sort=True):
        fy = fy.copy()
        comp = ~fy["is_reference_area"]
        fy["welfare_index"] = np.nan
        fy.loc[comp, "welfare_index"] = welfare_index(fy.loc[comp], profile)
        out.append(fy)
    return pd.concat(out, ignore_index=True) if out else rd.assign(welfare_index=np.nan)


def reference_value(vals: pd.Series, pop: pd.Series, all_vals: pd.Series, reference: str) -> float:
    """The benchmark: population-weighted mean, plain mean, or the named region's value."""
    if reference == "weighted_mean":
        ok = vals.notna() & pop.notna() & (pop > 0)
        return float((vals[ok] * pop[ok]).sum() / pop[ok].sum()) if ok.any() else float(vals.mean())
    if reference == "mean":
        return float(vals.mean())
    return float(all_vals.get(reference, math.nan))


def default_year(frame: pd.DataFrame, years: list[int]) -> int:
    """The latest year in which at least two compared regions have population and an indicator
    (given or derived per capita), else the latest year of ``frame``."""
    comp = frame.loc[~frame["is_reference_area"]]
    cols = [c for c in (*BASE_INDICATORS, "welfare_index") if c in comp]
    usable = comp["population"].notna() & comp[cols].notna().any(axis=1)
    counts = comp.loc[usable].groupby("year")["region_code"].nunique()
    ok = [int(y) for y, n in counts.items() if n >= 2]
    return max(ok) if ok else years[-1]


def derived_note(year_frame: pd.DataFrame, year: int) -> str:
    """A bilingual note saying which per-capita values of ``year`` were derived (or "")."""
    if DERIVED_COLUMN not in year_frame:
        return ""
    parts_zh, parts_en = [], []
    for pc, total in PER_CAPITA_FROM_TOTAL.items():
        n = int(derived_mask(year_frame, pc).sum())
        if n:
            parts_zh.append(f"{INDICATORS.label(pc, 'zh')} {n} 个地区")
            parts_en.append(f"{pc} = {total} / population for {n} regions")
    if not parts_zh:
        return ""
    return (
        f"{year}年人均支出由支出总额除以常住人口推算：{'；'.join(parts_zh)} / "
        f"per-capita spending {year} derived from totals: {'; '.join(parts_en)}"
    )
