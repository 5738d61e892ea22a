"""Hansen's (1999) fixed-effect panel threshold regression, single and double, with bootstrap
p values and likelihood-ratio confidence intervals for the thresholds. No maintained Python
library implements it, so the search is written here (the final regime slopes are estimated by
``linearmodels`` through :func:`.linear.fixed_effects`).

Model (one threshold γ; regime-dependent regressor ``a``, threshold variable ``q``)::

    y_it = μ_i + x_it'β + β1·a_it·1(q_it ≤ γ) + β2·a_it·1(q_it > γ) + e_it

(year dummies in ``x`` when ``time_effects``). With the within (region-demeaned) transformation
``~`` and ``d_it(γ) = a_it·1(q_it ≤ γ)``, the model is ``ỹ = Z̃θ + δ·d̃(γ) + ẽ`` with
``Z = (x, a)``. For every candidate γ the sum of squared residuals follows from Frisch–Waugh:

    S1(γ) = S0 − (e0'r_γ)² / (r_γ'r_γ),   e0 = M_Z ỹ,   r_γ = M_Z d̃(γ)

so one projection serves all candidates. ``γ̂ = argmin S1(γ)``; ``σ̂² = S1(γ̂) / (n(T − 1))``.

* No-threshold test: ``F1 = (S0 − S1(γ̂)) / σ̂²``; p value by Hansen's fixed-regressor bootstrap:
  the residual vectors ``ê_i`` of the threshold model are drawn by region with replacement,
  ``y* = ê*`` (F1 is invariant to β under H0), and ``p = #{F1* ≥ F1} / B``.
* Confidence interval: ``LR(γ) = (S1(γ) − S1(γ̂)) / σ̂²``; the (1 − α) set is
  ``{γ : LR(γ) ≤ −2 ln(1 − √(1 − α))}`` (7.35 for 95 %), reported as its [min, max].
* Double threshold: γ2 is searched given γ̂1 (``Z`` extended by ``d̃(γ̂1)``), then γ1 is refined
  given γ̂2 (Bai's sequential method, as Hansen 1999 §4). ``F2 = (S1 − S2) / σ̂2²``; its bootstrap
  draws ``y* = ŷ(single) + ê*`` under the null of one threshold and repeats both searches.

Candidates: distinct values of ``q`` between its ``trim`` and ``1 − trim`` quantiles (at most
``grid`` of them, evenly spaced in rank; the interval's upper end is the next distinct value of
``q`` above the highest accepted candidate, because S(γ) is constant up to it); every regime keeps at least ``trim·N`` observations.
The panel must be balanced (the bootstrap swaps whole regions).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from clusterpolicy.metrics._validate import MetricInputError
from clusterpolicy.metrics.panel._fit import PanelFit, check_panel, counts
from clusterpolicy.metrics.panel.linear import linear_panel


def lr_critical(alpha: float) -> float:
    """Hansen's (1999) critical value of the LR statistic: −2 ln(1 − √(1 − α))."""
    return -2.0 * math.log(1.0 - math.sqrt(1.0 - alpha))


class _Design:
    """Within-transformed arrays and the projection shared by all candidates."""

    def __init__(self, frame, y, q, a, controls, time_effects, trim, grid):
        ent = frame.index.get_level_values(0)
        self.codes, self.entities = pd.factorize(ent)
        self.n_ent = len(self.entities)
        self.T = len(frame) // self.n_ent
        self.n = len(frame)
        xs = [frame[c].to_numpy(float) for c in controls]
        if time_effects:
            years = frame.index.get_level_values(1)
            for yv in sorted(set(years))[1:]:
                xs.append((years == yv).astype(float))
        self.q = frame[q].to_numpy(float)
        self.a = frame[a].to_numpy(float)
        self.y = self._dm(frame[y].to_numpy(float))
        z = [self._dm(v) for v in xs] + [self._dm(self.a)]
        self.Z = np.column_stack(z)
        self.Zp = np.linalg.pinv(self.Z)
        qs = np.sort(self.q)
        self.values = np.unique(qs)
        lo, hi = np.quantile(qs, [trim, 1 - trim])
        cands = np.unique(qs[(qs >= lo) & (qs <= hi)])
        self.min_count = max(int(math.ceil(trim * self.n)), 1)
        below = np.searchsorted(qs, cands, side="right")
        keep = (below >= self.min_count) & (self.n - below >= self.min_count)
        cands = cands[keep]
        if len(cands) > grid:
            cands = cands[np.unique(np.linspace(0, len(cands) - 1, grid).round().astype(int))]
        if len(cands) < 2:
            raise MetricInputError(
                "门槛变量取值太少，无法搜索门槛", "too few distinct threshold values to search"
            )
        self.cands = cands
        self.count_below = np.searchsorted(qs, cands, side="right")
        d = self.a[:, None] * (self.q[:, None] <= cands[None, :])
        self.R = self._mz(self._dm_cols(d))
        self.den = (self.R**2).sum(axis=0)
        self.ok = self.den > 1e-10 * max(float(self.den.max()), 1e-300)

    def _dm(self, v: np.ndarray) -> np.ndarray:
        means = np.bincount(self.codes, weights=v, minlength=self.n_ent) / np.bincount(self.codes)
        return v - means[self.codes]

    def _dm_cols(self, m: np.ndarray) -> np.ndarray:
        cnt = np.bincount(self.codes)[:, None]
        sums = np.zeros((self.n_ent, m.shape[1]))
        np.add.at(sums, self.codes, m)
        return m - (sums / cnt)[self.codes]

    def _mz(self, m: np.ndarray) -> np.ndarray:
        return m - self.Z @ (self.Zp @ m)

    def panel_matrix(self, v: np.ndarray) -> np.ndarray:
        """Region × year matrix of a vector in frame order (balanced panel)."""
        return v.reshape(self.n_ent, self.T)


def _search(e: np.ndarray, R: np.ndarray, den: np.ndarray, allowed: np.ndarray):
    """S(γ) for every candidate (columns of R) given the restricted residuals ``e``."""
    s0 = float(e @ e)
    with np.errstate(divide="ignore", invalid="ignore"):
        ssr = s0 - (e @ R) ** 2 / den
    ssr = np.where(allowed, ssr, np.inf)
    return s0, ssr


def _search_many(E: np.ndarray, R: np.ndarray, den: np.ndarray, allowed: np.ndarray):
    s0 = (E**2).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ssr = s0[:, None] - (E.T @ R) ** 2 / den[None, :]
    ssr = np.where(allowed[None, :], ssr, np.inf)
    return s0, ssr


def _interval(ssr: np.ndarray, s_min: float, sigma2: float, cands, crit: float, values):
    """[lowest accepted candidate, next distinct value of q above the highest accepted one]:
    S(γ) is a step function, constant from one distinct q value up to the next."""
    lr = (ssr - s_min) / sigma2
    inside = np.isfinite(lr) & (lr <= crit)
    if not inside.any():
        return math.nan, math.nan
    top = float(cands[inside].max())
    above = values[values > top]
    return float(cands[inside].min()), float(above[0]) if len(above) else top


def threshold_regression(
    df: pd.DataFrame,
    y: str,
    a: str,
    q: str | None = None,
    controls: list[str] = (),
    *,
    n_thresholds: int = 1,
    time_effects: bool = True,
    trim: float = 0.10,
    grid: int = 1000,
    bootstrap: int = 300,
    alpha: float = 0.05,
    seed: int = 12345,
    on_step: Callable[[float], None] | None = None,
) -> PanelFit:
    """Single (``n_thresholds=1``) or double (``2``) threshold model; see the module docstring.

    ``extras``: ``threshold`` (γ̂1; for a double model the refined γ̂1), ``threshold_ci``,
    ``F1``, ``threshold_p`` (bootstrap p of F1), and for a double model ``threshold2``,
    ``threshold2_ci``, ``F2``, ``threshold2_p``; ``regimes`` — the regime bounds and counts;
    ``bootstrap`` — B. Terms ``{a}_r1`` … are the slopes of ``a`` in each regime.
    """
    q = q or a
    cols = list(dict.fromkeys([y, a, q, *controls]))
    frame = check_panel(df, cols)
    sizes = frame.groupby(level=0).size()
    if sizes.nunique() != 1:
        raise MetricInputError(
            "门槛回归需要平衡面板（各地区年份相同）",
            "the threshold regression needs a balanced panel (the same years for every region)",
        )
    if n_thresholds not in (1, 2):
        raise MetricInputError("门槛个数须为1或2", "n_thresholds must be 1 or 2")
    des = _Design(frame, y, q, a, list(controls), time_effects, trim, grid)
    dof = des.n_ent * (des.T - 1)
    crit = lr_critical(alpha)
    rng = np.random.default_rng(seed)
    step = on_step or (lambda f: None)

    e0 = des._mz(des.y)
    s0, ssr1 = _search(e0, des.R, des.den, des.ok)
    j1 = int(np.argmin(ssr1))
    s1 = float(ssr1[j1])
    sigma1 = s1 / dof
    f1 = (s0 - s1) / sigma1
    r1 = des.R[:, j1]
    e1 = e0 - r1 * (r1 @ e0) / des.den[j1]
    ci1 = _interval(ssr1, s1, sigma1, des.cands, crit, des.values)
    extras: dict = {
        "threshold": float(des.cands[j1]),
        "threshold_ci": list(ci1),
        "F1": float(f1),
        "lr_critical": crit,
        "bootstrap": int(bootstrap),
        "n_candidates": int(len(des.cands)),
    }

    # bootstrap of F1: y* = residuals of the threshold model, drawn by region
    resid = des.panel_matrix(e1)
    f1_star = np.empty(bootstrap)
    chunk = 50
    for start in range(0, bootstrap, chunk):
        b = min(chunk, bootstrap - start)
        draw = rng.integers(0, des.n_ent, size=(b, des.n_ent))
        ystar = resid[draw].reshape(b, -1).T
        E = des._mz(ystar)
        s0b, ssrb = _search_many(E, des.R, des.den, des.ok)
        s1b = ssrb.min(axis=1)
        f1_star[start : start + b] = (s0b - s1b) / (s1b / dof)
        step((start + b) / bootstrap / n_thresholds)
    extras["threshold_p"] = float(np.mean(f1_star >= f1)) if bootstrap else math.nan

    gammas = [float(des.cands[j1])]
    if n_thresholds == 2:
        gammas, extras2 = _double(des, e0, e1, j1, s1, dof, crit, bootstrap, rng, step)
        extras.update(extras2)
    fit = _regime_fit(frame, y, a, q, list(controls), gammas, time_effects, alpha)
    fit.model = "threshold_single" if n_thresholds == 1 else "threshold_double"
    fit.extras.update(extras)
    return fit


def _allowed_second(des: _Design, j1: int) -> np.ndarray:
    middle = np.abs(des.count_below - des.count_below[j1])
    return des.ok & (middle >= des.min_count)


def _second_search(des: _Design, e1: np.ndarray, j1: int):
    r1 = des.R[:, j1]
    R2 = des.R - np.outer(r1, (r1 @ des.R) / des.den[j1])
    den2 = (R2**2).sum(axis=0)
    allowed = _allowed_second(des, j1) & (den2 > 1e-10 * max(float(den2.max()), 1e-300))
    return _search(e1, R2, den2, allowed), R2, den2


def _double(des, e0, e1, j1, s1, dof, crit, bootstrap, rng, step):
    (_, ssr2), _, _ = _second_search(des, e1, j1)
    if not np.isfinite(ssr2).any():
        raise MetricInputError(
            "数据不足以搜索第二个门槛", "too little data to search for a second threshold"
        )
    j2 = int(np.argmin(ssr2))
    # refinement: γ1 given γ2
    r2 = des.R[:, j2]
    e_given2 = e0 - r2 * (r2 @ e0) / des.den[j2]
    (_, ssr1r), _, _ = _second_search(des, e_given2, j2)
    j1r = int(np.argmin(ssr1r)) if np.isfinite(ssr1r).any() else j1
    s2 = float(ssr2[j2])
    sigma2 = s2 / dof
    f2 = (s1 - s2) / sigma2
    ci2 = _interval(ssr2, s2, sigma2, des.cands, crit, des.values)
    ci1r = _interval(ssr1r, float(ssr1r[j1r]), float(ssr1r[j1r]) / dof, des.cands, crit, des.values)
    # residuals of the double model and fitted values of the single model
    (_, _), R2, den2 = _second_search(des, e1, j1)
    rr = R2[:, j2]
    e2 = e1 - rr * (rr @ e1) / den2[j2]
    fitted1 = des.y - e1
    resid = des.panel_matrix(e2)
    f2_star = np.empty(bootstrap)
    for b in range(bootstrap):
        draw = rng.integers(0, des.n_ent, size=des.n_ent)
        ystar = fitted1 + resid[draw].reshape(-1)
        E0 = des._mz(ystar)
        _, ssr = _search(E0, des.R, des.den, des.ok)
        jb = int(np.argmin(ssr))
        rb = des.R[:, jb]
        E1 = E0 - rb * (rb @ E0) / des.den[jb]
        s1b = float(E1 @ E1)
        (_, ssr2b), _, _ = _second_search(des, E1, jb)
        s2b = float(np.min(ssr2b)) if np.isfinite(ssr2b).any() else s1b
        f2_star[b] = (s1b - s2b) / (s2b / dof) if s2b > 0 else 0.0
        if b % 25 == 24:
            step(0.5 + 0.5 * (b + 1) / bootstrap)
    g1, g2 = sorted([float(des.cands[j1r]), float(des.cands[j2])])
    extras = {
        "threshold": float(des.cands[j1r]),
        "threshold_ci": list(ci1r),
        "threshold2": float(des.cands[j2]),
        "threshold2_ci": list(ci2),
        "F2": float(f2),
        "threshold2_p": float(np.mean(f2_star >= f2)) if bootstrap else math.nan,
        "threshold_first_pass": float(des.cands[j1]),
    }
    return [g1, g2], extras


def _regime_fit(frame, y, a, q, controls, gammas, time_effects, alpha) -> PanelFit:
    bounds = [-np.inf, *sorted(gammas), np.inf]
    work = frame.copy()
    names, regimes = [], []
    qv, av = work[q].to_numpy(), work[a].to_numpy()
    for k in range(len(bounds) - 1):
        mask = (qv > bounds[k]) & (qv <= bounds[k + 1])
        name = f"{a}_r{k + 1}"
        work[name] = av * mask
        names.append(name)
        regimes.append(
            {
                "term": name,
                "low": float(bounds[k]) if np.isfinite(bounds[k]) else float(qv.min()),
                "high": float(bounds[k + 1]) if np.isfinite(bounds[k + 1]) else float(qv.max()),
                "n_obs": int(mask.sum()),
            }
        )
    fit = linear_panel(
        work,
        y,
        [*names, *controls],
        entity_effects=True,
        time_effects=time_effects,
        alpha=alpha,
        model="threshold",
    )
    fit.extras["regimes"] = regimes
    n, g, t = counts(work)
    fit.n_obs, fit.n_regions, fit.n_years = n, g, t
    return fit
