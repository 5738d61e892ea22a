"""Dynamic panel by system GMM (Blundell & Bond 1998), two-step with Windmeijer's (2005)
finite-sample corrected standard errors, the Arellano–Bond (1991) AR(1)/AR(2) tests and the
Hansen / Sargan over-identification tests. Written here on numpy: the one Python package for it
(pydynpd 0.2.2) fails on numpy ≥ 2.4 (it calls the removed ``np.in1d``) and prints its tables
to stdout; statsmodels and linearmodels have generic IV-GMM but not the dynamic-panel
instrument sets or the AR tests. The tests check the two-step algebra against linearmodels'
``IVGMM`` on the same stacked system.

Model::

    y_it = ρ·y_i,t−1 + x_it'β + w_it'γ + λ_t + μ_i + e_it

``x`` endogenous (instrumented GMM-style like y), ``w`` strictly exogenous (IV-style). For each
region the system stacks

* the **differenced** equations ``Δy_it = ρΔy_i,t−1 + Δx_it'β + Δw_it'γ + Δλ_t + Δe_it``
  with instruments ``y_i,t−l`` and ``x_i,t−l`` for ``l = 2 … max_lag`` (*collapsed*: one column
  per lag, Roodman 2009, so the count does not grow with T) and ``Δw_it``;
* the **level** equations ``y_it = α + ρy_i,t−1 + x_it'β + w_it'γ + λ_t + u_it`` with
  instruments ``Δy_i,t−1``, ``Δx_i,t−1``, ``w_it``, the constant and the year dummies.

Step 1: ``W1 = (Σ Z_i'H Z_i)⁻¹`` (H: 2 on the diagonal and −1 beside it for consecutive
differenced rows, identity for the level rows). Step 2: ``W2 = (Σ Z_i'ê_i ê_i'Z_i)⁻¹`` from the
step-1 residuals; ``θ̂ = (X'Z W2 Z'X)⁻¹ X'Z W2 Z'y``. Windmeijer correction
``V = A + DA + AD' + D V1 D'`` with ``A = (X'Z W2 Z'X)⁻¹``, ``V1`` the robust step-1 variance and
column k of D ``A X'Z W2 [Σ Z_i'(x_ik ê1_i' + ê1_i x_ik')Z_i] W2 Z'ê2``.

* ``AR(m)``: ``z = Σ w_i'ê_i / sqrt(Σ (w_i'ê_i)² − 2 w'X A X'Z W2 Σ Z_i'ê_i ê_i'w_i + w'X V X'w)``
  with ê the two-step differenced residuals and w their m-th lag (0 where missing); AR(2) must
  not reject for the lags to be valid instruments.
* Hansen ``J = (Z'ê2)' W2 (Z'ê2) ~ χ²(L − K)``; Sargan ``ê1'Z W1 Z'ê1 / σ̂²`` (σ̂² from the
  step-1 level residuals; not robust to heteroskedasticity).
* A warning when the instrument count L exceeds the number of regions (Roodman's rule of thumb:
  too many instruments overfit the endogenous variables and weaken the Hansen test).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from clusterpolicy.metrics._validate import MetricInputError
from clusterpolicy.metrics.panel._fit import PanelFit, check_panel, counts, terms_table


def _grid(frame: pd.DataFrame, col: str, entities, years) -> np.ndarray:
    s = frame[col].unstack(level=1).reindex(index=entities, columns=years)
    return s.to_numpy(dtype=float)


def build_system(
    df: pd.DataFrame,
    y: str,
    endog: list[str] = (),
    exog: list[str] = (),
    *,
    max_lag: int = 4,
    time_effects: bool = True,
):
    """Per-region blocks (X_i, y_i, Z_i, n_diff_i), term and instrument names (module docstring)."""
    frame = check_panel(df, list(dict.fromkeys([y, *endog, *exog])))
    entities = list(dict.fromkeys(frame.index.get_level_values(0)))
    years = sorted(set(frame.index.get_level_values(1)))
    if years != list(range(int(years[0]), int(years[-1]) + 1)):
        raise MetricInputError(
            "动态面板需要连续的年份", "the dynamic panel needs consecutive years"
        )
    Y = _grid(frame, y, entities, years)
    XN = [_grid(frame, c, entities, years) for c in endog]
    XW = [_grid(frame, c, entities, years) for c in exog]
    T = len(years)
    lags = list(range(2, max(max_lag, 2) + 1))
    gvars = [Y, *XN]

    # rows at t ≥ 2 need y_t, y_t−1, y_t−2 and the x's at t (level) or t and t−1 (difference)
    def ok(i, t, diff):
        if t < 2:
            return False
        vals = [Y[i, t], Y[i, t - 1], Y[i, t - 2]] + [m[i, t] for m in XN + XW]
        if diff:
            vals += [m[i, t - 1] for m in XN + XW]
        return bool(np.all(np.isfinite(vals)))

    dummy_years = list(range(3, T)) if time_effects else []
    k = 1 + len(endog) + len(exog) + 1 + len(dummy_years)
    names = [f"L1.{y}", *endog, *exog, "const", *[f"year_{years[t]}" for t in dummy_years]]
    n_gmm = len(gvars) * len(lags)
    n_inst = n_gmm + len(exog) + len(gvars) + len(exog) + 1 + len(dummy_years)
    inst_names = (
        [f"L{lag}.{v}" for v in [y, *endog] for lag in lags]
        + [f"D.{v}" for v in exog]
        + [f"LD.{v} (level)" for v in [y, *endog]]
        + [f"{v} (level)" for v in exog]
        + ["const (level)"]
        + [f"year_{years[t]} (level)" for t in dummy_years]
    )
    blocks = []
    for i in range(len(entities)):
        rows_d, rows_l = [], []
        for t in range(T):
            if not ok(i, t, diff=False):
                continue
            # level row
            xl = np.zeros(k)
            zl = np.zeros(n_inst)
            xl[0] = Y[i, t - 1]
            for j, m in enumerate(XN + XW):
                xl[1 + j] = m[i, t]
            xl[1 + len(endog) + len(exog)] = 1.0
            if t in dummy_years:
                xl[2 + len(endog) + len(exog) + dummy_years.index(t)] = 1.0
            base = n_gmm + len(exog)
            for j, m in enumerate(gvars):
                zl[base + j] = m[i, t - 1] - m[i, t - 2]
            base += len(gvars)
            for j, m in enumerate(XW):
                zl[base + j] = m[i, t]
            zl[base + len(exog)] = 1.0
            if t in dummy_years:
                zl[base + len(exog) + 1 + dummy_years.index(t)] = 1.0
            if not np.all(np.isfinite(zl)):
                continue
            rows_l.append((t, xl, Y[i, t], zl))
            if ok(i, t, diff=True):
                xd = np.zeros(k)
                zd = np.zeros(n_inst)
                xd[0] = Y[i, t - 1] - Y[i, t - 2]
                for j, m in enumerate(XN + XW):
                    xd[1 + j] = m[i, t] - m[i, t - 1]
                if t in dummy_years:
                    xd[2 + len(endog) + len(exog) + dummy_years.index(t)] = 1.0
                if t - 1 in dummy_years:
                    xd[2 + len(endog) + len(exog) + dummy_years.index(t - 1)] = -1.0
                for j, m in enumerate(gvars):
                    for li, lag in enumerate(lags):
                        if t - lag >= 0 and np.isfinite(m[i, t - lag]):
                            zd[j * len(lags) + li] = m[i, t - lag]
                for j, m in enumerate(XW):
                    zd[n_gmm + j] = m[i, t] - m[i, t - 1]
                rows_d.append((t, xd, Y[i, t] - Y[i, t - 1], zd))
        if not rows_l:
            continue
        X_i = np.array([r[1] for r in rows_d] + [r[1] for r in rows_l]).reshape(-1, k)
        y_i = np.array([r[2] for r in rows_d] + [r[2] for r in rows_l])
        Z_i = np.array([r[3] for r in rows_d] + [r[3] for r in rows_l]).reshape(-1, n_inst)
        t_d = [r[0] for r in rows_d]
        blocks.append((entities[i], X_i, y_i, Z_i, t_d, [r[0] for r in rows_l]))
    return blocks, names, inst_names


def _h_matrix(t_d: list[int], n_l: int) -> np.ndarray:
    nd = len(t_d)
    H = np.eye(nd + n_l)
    for a in range(nd):
        H[a, a] = 2.0
        for b in range(nd):
            if abs(t_d[a] - t_d[b]) == 1:
                H[a, b] = -1.0
    return H


def _pinv_sym(m: np.ndarray) -> np.ndarray:
    return np.linalg.pinv((m + m.T) / 2, rcond=1e-12, hermitian=True)


def gmm_two_step(blocks, *, first_weight: str = "h"):
    """θ̂1, θ̂2 and the pieces of the variance (module docstring); ``first_weight="2sls"`` uses
    ``(Σ Z_i'Z_i)⁻¹`` in step 1 (only for the cross-check against linearmodels' IVGMM)."""
    ZX = sum(b[3].T @ b[1] for b in blocks)
    Zy = sum(b[3].T @ b[2] for b in blocks)
    if first_weight == "h":
        S1 = sum(b[3].T @ _h_matrix(b[4], len(b[5])) @ b[3] for b in blocks)
    else:
        S1 = sum(b[3].T @ b[3] for b in blocks)
    W1 = _pinv_sym(S1)
    A1 = np.linalg.pinv(ZX.T @ W1 @ ZX)
    th1 = A1 @ ZX.T @ W1 @ Zy
    res1 = [b[2] - b[1] @ th1 for b in blocks]
    S2 = sum(b[3].T @ np.outer(e, e) @ b[3] for b, e in zip(blocks, res1, strict=True))
    W2 = _pinv_sym(S2)
    A2 = np.linalg.pinv(ZX.T @ W2 @ ZX)
    th2 = A2 @ ZX.T @ W2 @ Zy
    res2 = [b[2] - b[1] @ th2 for b in blocks]
    return {
        "ZX": ZX,
        "Zy": Zy,
        "W1": W1,
        "A1": A1,
        "th1": th1,
        "res1": res1,
        "S2": S2,
        "W2": W2,
        "A2": A2,
        "th2": th2,
        "res2": res2,
    }


def _windmeijer(blocks, g) -> np.ndarray:
    ZX, W1, A1, W2, A2 = g["ZX"], g["W1"], g["A1"], g["W2"], g["A2"]
    V1 = A1 @ ZX.T @ W1 @ g["S2"] @ W1 @ ZX @ A1  # robust step-1 variance
    Ze2 = sum(b[3].T @ e for b, e in zip(blocks, g["res2"], strict=True))
    k = ZX.shape[1]
    D = np.zeros((k, k))
    for j in range(k):
        dS = sum(
            b[3].T @ (np.outer(b[1][:, j], e) + np.outer(e, b[1][:, j])) @ b[3]
            for b, e in zip(blocks, g["res1"], strict=True)
        )
        D[:, j] = A2 @ ZX.T @ W2 @ dS @ W2 @ Ze2
    return A2 + D @ A2 + A2 @ D.T + D @ V1 @ D.T


def _ar_test(blocks, g, V, m: int) -> tuple[float, float]:
    ZX, W2, A2 = g["ZX"], g["W2"], g["A2"]
    num = 0.0
    s_ww = 0.0
    wX = np.zeros(ZX.shape[1])
    Zew = np.zeros(ZX.shape[0])
    for b, e in zip(blocks, g["res2"], strict=True):
        t_d = b[4]
        nd = len(t_d)
        w = np.zeros(len(e))
        pos = {t: r for r, t in enumerate(t_d)}
        for r, t in enumerate(t_d):
            if t - m in pos:
                w[r] = e[pos[t - m]]
        ed = np.zeros(len(e))
        ed[:nd] = e[:nd]
        we = float(w @ ed)
        num += we
        s_ww += we**2
        wX += w @ b[1]
        Zew += b[3].T @ e * we
    var = s_ww - 2 * wX @ A2 @ ZX.T @ W2 @ Zew + wX @ V @ wX
    if not np.isfinite(var) or var <= 0:
        return math.nan, math.nan
    z = num / math.sqrt(var)
    return float(z), float(2 * stats.norm.sf(abs(z)))


def system_gmm(
    df: pd.DataFrame,
    y: str,
    endog: list[str] = (),
    exog: list[str] = (),
    *,
    max_lag: int = 4,
    time_effects: bool = True,
    alpha: float = 0.05,
) -> PanelFit:
    """Two-step system GMM with Windmeijer SEs and the specification tests (module docstring)."""
    blocks, names, inst_names = build_system(
        df, y, list(endog), list(exog), max_lag=max_lag, time_effects=time_effects
    )
    if not blocks:
        raise MetricInputError(
            "没有可用于动态面板的观测", "no observation usable for the dynamic panel"
        )
    k = len(names)
    n_inst = len(inst_names)
    n_reg = len(blocks)
    n_diff = sum(len(b[4]) for b in blocks)
    if n_inst < k or n_diff == 0:
        raise MetricInputError(
            f"工具变量（{n_inst}个）少于待估系数（{k}个）或没有差分方程",
            f"fewer instruments ({n_inst}) than coefficients ({k}) or no differenced equation",
        )
    g = gmm_two_step(blocks)
    V = _windmeijer(blocks, g)
    se = np.sqrt(np.clip(np.diag(V), 0, None))
    terms = terms_table(names, g["th2"], se, None, alpha)
    frame = check_panel(df, list(dict.fromkeys([y, *endog, *exog])))
    _, _, n_years = counts(frame)
    n_obs = sum(len(b[5]) for b in blocks)
    fit = PanelFit("system_gmm", terms, n_obs, n_reg, n_years)
    Ze2 = sum(b[3].T @ e for b, e in zip(blocks, g["res2"], strict=True))
    j_stat = float(Ze2 @ g["W2"] @ Ze2)
    dof = n_inst - k
    Ze1 = sum(b[3].T @ e for b, e in zip(blocks, g["res1"], strict=True))
    lev = np.concatenate([e[len(b[4]) :] for b, e in zip(blocks, g["res1"], strict=True)])
    sigma2 = float(lev @ lev / max(len(lev), 1))
    sargan = float(Ze1 @ g["W1"] @ Ze1 / sigma2) if sigma2 > 0 else math.nan
    ar1 = _ar_test(blocks, g, V, 1)
    ar2 = _ar_test(blocks, g, V, 2)
    fit.extras.update(
        ar1_z=ar1[0],
        ar1_p=ar1[1],
        ar2_z=ar2[0],
        ar2_p=ar2[1],
        hansen_j=j_stat,
        hansen_df=int(dof),
        hansen_p=float(stats.chi2.sf(j_stat, dof)) if dof > 0 else math.nan,
        sargan=sargan,
        sargan_p=float(stats.chi2.sf(sargan, dof)) if dof > 0 else math.nan,
        n_instruments=int(n_inst),
        instruments=inst_names,
        n_diff_obs=int(n_diff),
        cov=V.tolist(),
        cov_names=names,
        max_lag=int(max_lag),
    )
    if n_inst > n_reg:
        fit.warnings.append(
            f"工具变量个数（{n_inst}）多于地区数（{n_reg}）：Hansen检验会失效、估计偏向固定效应结果"
            f" / {n_inst} instruments exceed the {n_reg} regions: the Hansen test is weakened and"
            " the estimates drift towards the biased OLS/FE values"
        )
    return fit
