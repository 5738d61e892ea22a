"""Static linear panel models: pooled OLS, one- and two-way fixed effects, the quadratic
(U-shape) specification with its turning point and the Lind–Mehlum test.

Estimation is done by ``linearmodels`` (``PooledOLS`` / ``PanelOLS``); this module is glue:

    y_it = α + x_it'β + u_it                         pooled OLS
    y_it = μ_i + x_it'β + u_it                       one-way (region) fixed effects
    y_it = μ_i + λ_t + x_it'β + u_it                 two-way fixed effects

Clustered (by region) covariance: linearmodels' sandwich times the small-sample factor
``G/(G−1) · (N−1)/(N−K)``, K = slopes + absorbed year effects + 1 (the factor of Stata's ``xtreg,
fe vce(cluster)`` and of statsmodels' cluster covariance for pooled OLS); t(G − 1) for p values
and intervals (:mod:`._fit`).

**Quadratic** ``y = … + β1·a + β2·a² + …``: turning point ``a* = −β1 / (2 β2)``; its standard
error by the delta method, gradient ``g = (−1/(2β2), β1/(2β2²))``, ``se(a*) = sqrt(g' V g)``
with ``V`` the clustered covariance of (β1, β2); interval ``a* ± t·se``.

**Lind–Mehlum (2010) test** of a U (β2 > 0) or inverted U (β2 < 0) on the data range
[a_min, a_max]: the slopes ``s(a) = β1 + 2β2·a`` at both ends must have opposite signs
(negative then positive for a U); H0 "monotone or the wrong shape" is rejected when both one-sided
t tests reject, i.e. ``t_LM = min(−s(a_min)/se, s(a_max)/se)`` (signs flipped for an inverted U)
and ``p_LM = P(T > t_LM)``. The shape is *supported* when β2 has the sign, the turning point is
inside [a_min, a_max] and ``p_LM < alpha``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from clusterpolicy.metrics._validate import MetricInputError
from clusterpolicy.metrics.panel._fit import PanelFit, check_panel, counts, critical_t, terms_table


def _linearmodels():
    from linearmodels.panel import PanelOLS, PooledOLS

    return PanelOLS, PooledOLS


def _absorbing_error():
    from linearmodels.panel.utility import AbsorbingEffectError

    return AbsorbingEffectError


def _fit(frame: pd.DataFrame, y: str, x: list[str], entity: bool, time: bool, constant: bool):
    PanelOLS, PooledOLS = _linearmodels()
    exog = frame[x].copy()
    if constant:
        exog.insert(0, "const", 1.0)
    try:
        if entity or time:
            mod = PanelOLS(frame[y], exog, entity_effects=entity, time_effects=time)
        else:
            mod = PooledOLS(frame[y], exog)
        if entity or time:  # the pure sandwich; the small-sample factor is applied below
            return mod.fit(
                cov_type="clustered",
                cluster_entity=True,
                debiased=False,
                auto_df=False,
                count_effects=False,
            )
        return mod.fit(cov_type="clustered", cluster_entity=True, debiased=False)
    except (ValueError, _absorbing_error()) as exc:  # a regressor without (within) variation
        raise MetricInputError(
            "回归变量线性相关，或在去除地区/年份效应后没有变化",
            "the regressors are collinear or have no variation left after the effects",
        ) from exc


def linear_panel(
    df: pd.DataFrame,
    y: str,
    x: list[str],
    *,
    entity_effects: bool,
    time_effects: bool,
    alpha: float = 0.05,
    model: str | None = None,
) -> PanelFit:
    """Pooled OLS (no effects) or fixed effects; see the module docstring."""
    frame = check_panel(df, [y, *x])
    n, g, t = counts(frame)
    k = len(x) + (0 if entity_effects or time_effects else 1)
    if n <= k + 1 or g < 2:
        raise MetricInputError(
            f"观测数（{n}）或地区数（{g}）不足以估计{k}个系数",
            f"{n} observations in {g} regions are too few for {k} coefficients",
        )
    constant = not (entity_effects or time_effects)
    res = _fit(frame, y, x, entity_effects, time_effects, constant)
    names = list(res.params.index)
    # small-sample factor G/(G−1)·(N−1)/(N−K), K = slopes + absorbed year effects + constant
    k_all = len(names) + (t - 1 if time_effects else 0) + (1 if entity_effects else 0)
    factor = g / (g - 1) * (n - 1) / max(n - k_all, 1)
    cov = res.cov.loc[names, names].to_numpy() * factor
    se = np.sqrt(np.clip(np.diag(cov), 0, None))
    terms = terms_table(names, res.params.to_numpy(), se, g - 1, alpha)
    name = model or (
        "fe_twoway"
        if entity_effects and time_effects
        else "fe_oneway"
        if entity_effects
        else "fe_time"
        if time_effects
        else "pooled_ols"
    )
    r2 = float(res.rsquared) if (entity_effects or time_effects) else math.nan
    fit = PanelFit(name, terms, n, g, t, r2)
    fit.extras["cov"] = cov.tolist()
    fit.extras["cov_names"] = names
    fit.extras["r2_overall"] = float(res.rsquared_overall)
    return fit


def pooled_ols(df: pd.DataFrame, y: str, x: list[str], *, alpha: float = 0.05) -> PanelFit:
    return linear_panel(df, y, x, entity_effects=False, time_effects=False, alpha=alpha)


def fixed_effects(
    df: pd.DataFrame, y: str, x: list[str], *, time_effects: bool = False, alpha: float = 0.05
) -> PanelFit:
    return linear_panel(df, y, x, entity_effects=True, time_effects=time_effects, alpha=alpha)


def quadratic(
    df: pd.DataFrame,
    y: str,
    a: str,
    controls: list[str] = (),
    *,
    entity_effects: bool = True,
    time_effects: bool = True,
    alpha: float = 0.05,
) -> PanelFit:
    """``y`` on ``a``, ``a²`` and ``controls`` (fixed effects by default); turning point, its
    delta-method interval and the Lind–Mehlum test in ``extras``."""
    sq = f"{a}_sq"
    frame = check_panel(df, [y, a, *controls]).copy()
    frame[sq] = frame[a] ** 2
    fit = linear_panel(
        frame,
        y,
        [a, sq, *controls],
        entity_effects=entity_effects,
        time_effects=time_effects,
        alpha=alpha,
        model="quadratic",
    )
    names = fit.extras["cov_names"]
    cov = np.asarray(fit.extras["cov"])
    i1, i2 = names.index(a), names.index(sq)
    b1, b2 = fit.coef(a), fit.coef(sq)
    v = cov[np.ix_([i1, i2], [i1, i2])]
    lo, hi = float(frame[a].min()), float(frame[a].max())
    fit.extras.update(turning_point(b1, b2, v, lo, hi, fit.n_regions, alpha))
    return fit


def turning_point(
    b1: float, b2: float, v: np.ndarray, lo: float, hi: float, n_regions: int, alpha: float
) -> dict:
    """Turning point, delta-method interval and Lind–Mehlum test (module docstring)."""
    from scipy import stats

    tcrit = critical_t(n_regions, alpha)
    out: dict = {"range_low": lo, "range_high": hi, "shape": "none", "shape_supported": False}
    if b2 == 0 or not np.isfinite(b2):
        return out | {"turning_point": math.nan, "tp_se": math.nan}
    tp = -b1 / (2 * b2)
    grad = np.array([-1 / (2 * b2), b1 / (2 * b2**2)])
    tp_se = float(math.sqrt(max(grad @ v @ grad, 0.0)))
    out.update(
        turning_point=float(tp),
        tp_se=tp_se,
        tp_ci_low=float(tp - tcrit * tp_se),
        tp_ci_high=float(tp + tcrit * tp_se),
        tp_inside=bool(lo < tp < hi),
    )
    shape = "u" if b2 > 0 else "inverted_u"
    slopes = []
    for at in (lo, hi):
        g = np.array([1.0, 2 * at])
        s = b1 + 2 * b2 * at
        slopes.append((s, float(math.sqrt(max(g @ v @ g, 0.0)))))
    (s_lo, se_lo), (s_hi, se_hi) = slopes
    sign = 1 if shape == "u" else -1
    with np.errstate(divide="ignore", invalid="ignore"):
        t_lo = -sign * s_lo / se_lo
        t_hi = sign * s_hi / se_hi
    t_lm = float(min(t_lo, t_hi))
    p_lm = float(stats.t(max(n_regions - 1, 1)).sf(t_lm)) if np.isfinite(t_lm) else math.nan
    out.update(
        shape=shape,
        slope_low=float(s_lo),
        slope_low_se=se_lo,
        slope_high=float(s_hi),
        slope_high_se=se_hi,
        lm_t=t_lm,
        lm_p=p_lm,
        shape_supported=bool(out["tp_inside"] and np.isfinite(p_lm) and p_lm < alpha),
    )
    return out
