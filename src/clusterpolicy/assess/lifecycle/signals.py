"""The quantitative signals of one region × industry over the assessment window."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterpolicy.assess import _panel as P
from clusterpolicy.knowledge import Profile
from clusterpolicy.model.dataset import CanonicalData


@dataclass
class Signals:
    """Yearly series and the signals derived from them (module docstring of the package)."""

    years: list[int]
    lq: list[float]
    emp: list[float]
    firms: list[float]
    ref_emp: list[float]
    share_end: float = math.nan
    share_p: float = math.nan
    lq_base: float = math.nan
    lq_end: float = math.nan
    lq_change: float = math.nan
    lq_slope: float = math.nan
    g_e: float = math.nan
    g_n: float = math.nan
    g_f: float = math.nan
    rs: float = math.nan
    rs_rel: float = math.nan
    entropy_trend: float = math.nan
    entropy_by_year: dict = field(default_factory=dict)
    intensity: dict = field(default_factory=dict)  # measure → {year: share of output}

    @property
    def rel_g(self) -> float:
        """g_E − g_N (NaN when either is missing)."""
        ok = np.isfinite(self.g_e) and np.isfinite(self.g_n)
        return self.g_e - self.g_n if ok else math.nan


def entropy(values: pd.Series) -> float:
    """Shannon entropy ``−Σ p ln p`` of the positive values (NaN with fewer than two)."""
    v = values[values > 0].to_numpy(dtype="float64")
    if v.size < 2:
        return math.nan
    p = v / v.sum()
    return float(-(p * np.log(p)).sum())


def _series_year(s: Signals, pan, region: str, ind: str, last: bool, size_pct: float) -> None:
    if pan is None or region not in pan.values.index or ind not in pan.values.columns:
        s.lq.append(math.nan), s.emp.append(math.nan), s.ref_emp.append(math.nan)
        return
    s.lq.append(float(pan.lq.at[region, ind]))
    s.emp.append(float(pan.values.at[region, ind]))
    s.ref_emp.append(float(pan.reference.get(ind, math.nan)))
    if last:
        share = pan.share()[ind]
        s.share_end = float(share.get(region, math.nan))
        pos = pan.values[ind] > 0
        s.share_p = P.percentile(share[pos].to_numpy(), size_pct)


def _cell_year(s: Signals, row: pd.DataFrame, y: int) -> None:
    """Firm count and the novelty intensities (share of output) of one year."""
    s.firms.append(
        float(row["firms"].iloc[0])
        if len(row) and "firms" in row and pd.notna(row["firms"].iloc[0])
        else math.nan
    )
    if (
        len(row)
        and "output" in row
        and pd.notna(row["output"].iloc[0])
        and row["output"].iloc[0] > 0
    ):
        for m in ("new_product_sales", "rd_expenditure"):
            if m in row and pd.notna(row[m].iloc[0]):
                s.intensity.setdefault(m, {})[y] = float(row[m].iloc[0]) / float(
                    row["output"].iloc[0]
                )


def _regional_share(s: Signals) -> None:
    """Dynamic Dunn regional effect ``Σ_t e(t)·(g_r(t) − g_n(t))`` and its share of e(t0)."""
    rs, ok = 0.0, False
    for k in range(len(s.years) - 1):
        e0, e1, n0, n1 = s.emp[k], s.emp[k + 1], s.ref_emp[k], s.ref_emp[k + 1]
        if all(np.isfinite(v) for v in (e0, e1, n0, n1)) and e0 > 0 and n0 > 0:
            rs += e0 * ((e1 / e0 - 1) - (n1 / n0 - 1))
            ok = True
    s.rs = rs if ok else math.nan
    e0 = s.emp[0]
    s.rs_rel = s.rs / e0 if ok and np.isfinite(e0) and e0 > 0 else math.nan


def signals(
    data: CanonicalData, panels: dict, region: str, ind: str, years: list[int], pr: Profile
) -> Signals:
    """The signals of ``ind`` in ``region`` over ``years`` (employment LQ panels by year)."""
    df = data.industry_data
    sel = df.loc[df["region_code"].astype(str) == region]
    codes = sel["industry_code"].astype(str)
    subs = sel.loc[codes.str.startswith(ind) & (codes != ind)]
    own = sel.loc[codes == ind]
    s = Signals(years, [], [], [], [])
    size_pct = pr.value("lifecycle.emergence.size_pct")
    for y in years:
        _series_year(s, panels.get(y), region, ind, y == years[-1], size_pct)
        _cell_year(s, own.loc[own["year"] == y], y)
        if len(subs):
            h = entropy(subs.loc[subs["year"] == y, "employment"].dropna())
            if np.isfinite(h):
                s.entropy_by_year[y] = h
    t0, t1 = years[0], years[-1]
    span = t1 - t0
    s.lq_base, s.lq_end = s.lq[0], s.lq[-1]
    s.lq_change = s.lq_end - s.lq_base
    s.lq_slope = P.ols_slope(years, s.lq)
    s.g_e = P.cagr(s.emp[0], s.emp[-1], span)
    s.g_n = P.cagr(s.ref_emp[0], s.ref_emp[-1], span)
    s.g_f = P.cagr(s.firms[0], s.firms[-1], span)
    _regional_share(s)
    if t0 in s.entropy_by_year and t1 in s.entropy_by_year:
        s.entropy_trend = s.entropy_by_year[t1] - s.entropy_by_year[t0]
    return s
