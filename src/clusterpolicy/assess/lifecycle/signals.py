"""The numeric signals of one series (observed or resampled), each counted once by the rules:

* ``g_abs``: absolute trend growth of the region's industry (log-linear over the whole window,
  :func:`~.trends.log_trend`, with its standard error ``se_abs``);
* ``g_rel``: relative trend growth = the trend of ln LQ (the region's share of the industry
  against the reference's structure). ΔLQ, growth against the reference and the shift-share
  regional effect all measure this one signal; only ``g_rel`` enters the rules, the others are
  reported beside it;
* ``falling_share``: the share of year-on-year changes that are declines (persistence);
* size: ``share_end`` (share of the region's total) and ``size_end`` (absolute);
* ``g_firm``: trend of the firm count (a weak signal: counts of 规上 firms move with the size
  threshold as much as with entry and exit);
* renewal: the LQ trough strictly inside the window (``lq_drop`` to it, ``lq_rise`` after it),
  the employment trough likewise, and the largest rise of a novelty signal after the trough.

Endpoint figures (``cagr_e``, ``cagr_n``, ``cagr_f``, ``lq_change``, ``rs``) fill the contract
columns and the sentences; they do not enter the rules.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from clusterpolicy.assess import _panel as P
from clusterpolicy.assess.lifecycle.series import Series
from clusterpolicy.assess.lifecycle.trends import break_adjusted, log_trend


@dataclass
class Signals:
    years: list[int]
    g_abs: float = math.nan
    se_abs: float = math.nan
    g_ref: float = math.nan
    g_rel: float = math.nan
    se_rel: float = math.nan
    g_firm: float = math.nan
    falling_share: float = math.nan
    lq_base: float = math.nan
    lq_end: float = math.nan
    lq_max: float = math.nan
    share_base: float = math.nan
    share_end: float = math.nan
    size_base: float = math.nan
    size_end: float = math.nan
    cagr_e: float = math.nan
    cagr_n: float = math.nan
    cagr_f: float = math.nan
    lq_change: float = math.nan
    lq_slope: float = math.nan
    rs: float = math.nan
    rs_rel: float = math.nan
    lq_drop: float = math.nan
    lq_rise: float = math.nan
    lq_trough_year: int | None = None
    lq_trough: float = math.nan
    emp_drop: float = math.nan
    emp_rise: float = math.nan
    emp_trough_year: int | None = None
    emp_trough: float = math.nan
    adj_lq: tuple = (math.nan, math.nan)  # first and last LQ after taking out known breaks
    adj_e: tuple = (math.nan, math.nan)
    has_breaks: bool = False
    newness_key: str = ""
    newness: float = math.nan
    entropy_trend: float = math.nan

    @property
    def abs_change(self) -> float:
        return self.size_end - self.size_base

    @property
    def abs_change_pct(self) -> float:
        ok = np.isfinite(self.size_base) and self.size_base > 0
        return self.size_end / self.size_base - 1 if ok else math.nan

    @property
    def rel_change_pct(self) -> float:
        ok = np.isfinite(self.lq_base) and self.lq_base > 0
        return self.lq_end / self.lq_base - 1 if ok else math.nan


def _first_last(x: np.ndarray) -> tuple[float, float]:
    ok = np.isfinite(x)
    if not ok.any():
        return math.nan, math.nan
    return float(x[ok][0]), float(x[ok][-1])


def _falling_share(x: np.ndarray, years: np.ndarray, breaks: list[int]) -> float:
    d = [
        x[k + 1] - x[k]
        for k in range(len(x) - 1)
        if np.isfinite(x[k]) and np.isfinite(x[k + 1]) and int(years[k + 1]) not in breaks
    ]
    return float(np.mean([v < 0 for v in d])) if d else math.nan


def _regional_share(s: Series, breaks: list[int]) -> tuple[float, float]:
    """Dynamic Dunn regional effect ``Σ_t e(t)·(g_r(t) − g_n(t))`` (steps across a known break
    left out) and its share of the base value."""
    rs, ok = 0.0, False
    for k in range(len(s.years) - 1):
        if int(s.years[k + 1]) in breaks:
            continue
        e0, e1, n0, n1 = s.e[k], s.e[k + 1], s.n[k], s.n[k + 1]
        if all(np.isfinite(v) for v in (e0, e1, n0, n1)) and e0 > 0 and n0 > 0:
            rs += e0 * ((e1 / e0 - 1) - (n1 / n0 - 1))
            ok = True
    if not ok:
        return math.nan, math.nan
    e0 = s.e[0]
    return rs, rs / e0 if np.isfinite(e0) and e0 > 0 else math.nan


def _trough(x: np.ndarray, years: np.ndarray) -> tuple[float, float, int | None, float]:
    inner = [(x[k], k) for k in range(1, len(x) - 1) if np.isfinite(x[k])]
    if not inner or not (np.isfinite(x[0]) and np.isfinite(x[-1]) and x[0] > 0):
        return math.nan, math.nan, None, math.nan
    low, k = min(inner)
    rise = x[-1] / low - 1 if low > 0 else math.nan
    return low / x[0] - 1, rise, int(years[k]), float(low)


def _newness(s: Series, t_star: int | None) -> tuple[str, float]:
    if t_star is None:
        return "", math.nan
    t1 = int(s.years[-1])
    found = []
    if t_star in s.entropy and t1 in s.entropy:
        found.append(("entropy", s.entropy[t1] - s.entropy[t_star]))
    for m, by in s.intensity.items():
        if t_star in by and t1 in by:
            found.append((m, by[t1] - by[t_star]))
    return max(found, key=lambda kv: kv[1]) if found else ("", math.nan)


def signals(s: Series, breaks: list[int]) -> Signals:
    """The signals of series ``s`` with step dummies at the known ``breaks`` years."""
    years = [int(y) for y in s.years]
    out = Signals(years)
    t_abs, t_rel = log_trend(s.years, s.e, breaks), log_trend(s.years, s.lq, breaks)
    out.g_abs, out.se_abs = t_abs.rate, t_abs.se
    out.g_rel, out.se_rel = t_rel.rate, t_rel.se
    out.g_ref = log_trend(s.years, s.n, breaks).rate
    out.g_firm = log_trend(s.years, s.firms, breaks).rate
    out.falling_share = _falling_share(s.e, s.years, breaks)
    out.lq_base, out.lq_end = _first_last(s.lq)
    out.lq_max = float(np.nanmax(s.lq)) if np.isfinite(s.lq).any() else math.nan
    out.share_base, out.share_end = _first_last(s.share)
    out.size_base, out.size_end = _first_last(s.e)
    span = years[-1] - years[0]
    out.cagr_e = P.cagr(s.e[0], s.e[-1], span)
    out.cagr_n = P.cagr(s.n[0], s.n[-1], span)
    out.cagr_f = P.cagr(s.firms[0], s.firms[-1], span) if len(s.firms) else math.nan
    out.lq_change = out.lq_end - out.lq_base
    out.lq_slope = P.ols_slope(years, s.lq)
    out.rs, out.rs_rel = _regional_share(s, breaks)
    # troughs on the break-adjusted series: a coverage jump is no recovery
    lq_adj, e_adj = break_adjusted(s.years, s.lq, breaks), break_adjusted(s.years, s.e, breaks)
    out.lq_drop, out.lq_rise, out.lq_trough_year, out.lq_trough = _trough(lq_adj, s.years)
    out.emp_drop, out.emp_rise, out.emp_trough_year, out.emp_trough = _trough(e_adj, s.years)
    out.adj_lq, out.adj_e = _first_last(lq_adj), _first_last(e_adj)
    out.has_breaks = bool(breaks) and any(years[0] < b <= years[-1] for b in breaks)
    out.newness_key, out.newness = _newness(s, out.lq_trough_year)
    t0, t1 = years[0], years[-1]
    if t0 in s.entropy and t1 in s.entropy:
        out.entropy_trend = s.entropy[t1] - s.entropy[t0]
    return out
