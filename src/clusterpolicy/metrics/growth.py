"""Growth, LQ dynamics (Purdue quadrants) and convergence (增长、区位熵变化与收敛)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from clusterpolicy.metrics._validate import MetricInputError, as_matrix, divide

QUADRANTS = {
    "star": ("明星型", "Star"),
    "mature": ("成熟型", "Mature"),
    "emerging": ("新兴型", "Emerging"),
    "transforming": ("转型型", "Transforming"),
}


def _wrap(result, *inputs):
    """Return ``result`` as the pandas type of the first pandas input (same index/columns)."""
    for x in inputs:
        if isinstance(x, pd.DataFrame):
            return pd.DataFrame(np.asarray(result), index=x.index, columns=x.columns)
        if isinstance(x, pd.Series):
            return pd.Series(np.asarray(result), index=x.index)
    r = np.asarray(result)
    return r.item() if r.ndim == 0 else r


def _arr(x):
    return np.asarray(
        x.to_numpy() if isinstance(x, (pd.Series, pd.DataFrame)) else x, dtype="float64"
    )


def absolute_change(v0, v1):
    """``v1 − v0`` elementwise."""
    return _wrap(_arr(v1) - _arr(v0), v0, v1)


def growth_rate(v0, v1):
    """``v1/v0 − 1`` elementwise; NaN where ``v0 = 0`` (EconGeo's ``x/0 = Inf`` is not used)."""
    return _wrap(divide(_arr(v1), _arr(v0)) - 1.0, v0, v1)


def cagr(v0, v1, years):
    """Compound annual growth rate ``(v1/v0)**(1/years) − 1``, vectorised.

    NaN when ``v0 <= 0``, ``years <= 0``, ``v1 < 0`` or any input is NaN. (REAT
    ``growth(time.periods=)`` divides by T twice, methods.md §1.4.7; this does not.)
    """
    a, b, t = _arr(v0), _arr(v1), _arr(years)
    ok = (a > 0) & (t > 0) & (b >= 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(
            ok,
            np.power(np.where(ok, b / np.where(ok, a, 1.0), 1.0), 1.0 / np.where(ok, t, 1.0)) - 1.0,
            np.nan,
        )
    return _wrap(out, v0, v1, years)


def lq_change(lq0, lq1):
    """``ΔLQ = LQ(t1) − LQ(t0)``."""
    return absolute_change(lq0, lq1)


def purdue_quadrants(lq0, lq1, threshold: float = 1.0) -> pd.DataFrame:
    """Purdue / IBRC bubble-chart coordinates and quadrant labels for each cell.

    x = ``LQ(t1) − LQ(t0)``, y = ``LQ(t1)``. Star: y ≥ threshold and x > 0; Mature: y ≥ threshold
    and x ≤ 0; Emerging: y < threshold and x > 0; Transforming: y < threshold and x ≤ 0 (an
    unchanged LQ counts as "not advancing"). NaN coordinates give no label. Accepts Series or
    region × industry DataFrames (stacked into rows). Returns columns x, y, quadrant (star,
    mature, emerging, transforming or <NA>), label_zh, label_en.
    """
    a = lq0.stack(future_stack=True) if isinstance(lq0, pd.DataFrame) else pd.Series(lq0)
    b = lq1.stack(future_stack=True) if isinstance(lq1, pd.DataFrame) else pd.Series(lq1)
    a, b = a.astype("float64").align(b.astype("float64"))
    x = (b - a).to_numpy()
    y = b.to_numpy()
    valid = ~(np.isnan(x) | np.isnan(y))
    up = y >= threshold
    right = x > 0
    names = np.array(list(QUADRANTS), dtype=object)  # star, mature, emerging, transforming
    code = np.where(up, np.where(right, 0, 1), np.where(right, 2, 3))
    zh = np.array([v[0] for v in QUADRANTS.values()], dtype=object)
    en = np.array([v[1] for v in QUADRANTS.values()], dtype=object)

    def column(labels: np.ndarray) -> pd.Series:
        return pd.Series(np.where(valid, labels[code], None), index=b.index).astype("string")

    return pd.DataFrame(
        {"x": x, "y": y, "quadrant": column(names), "label_zh": column(zh), "label_en": column(en)},
        index=b.index,
    )


def sigma_convergence(panel: pd.DataFrame, measure: str = "sd", ddof: int = 1) -> pd.Series:
    """σ-convergence: dispersion of ``ln y`` across regions for each year (column).

    ``panel``: regions × years of per-capita values (> 0; others are left out). ``measure``:
    ``"sd"`` (default, sd of ln y with ``ddof``), ``"cv"`` (sd/mean of y itself) or ``"var"``.
    Falling values over time indicate σ-convergence (REAT ``sigmaconv``).
    """
    v = as_matrix(panel, "panel")
    v = v.where(v > 0)
    if measure == "sd":
        return np.log(v).std(axis=0, ddof=ddof).rename("sigma")
    if measure == "var":
        return np.log(v).var(axis=0, ddof=ddof).rename("sigma")
    if measure == "cv":
        return (v.std(axis=0, ddof=ddof) / v.mean(axis=0)).rename("sigma")
    raise MetricInputError("measure 只能是 sd、var 或 cv", "measure must be 'sd', 'var' or 'cv'")


@dataclass(frozen=True)
class BetaConvergence:
    """OLS ``ln(y_t1/y_t0)/T = α + β ln y_t0``; speed ``λ = −ln(1 + βT)/T``, half-life ``ln 2/λ``."""

    alpha: float
    beta: float
    se_beta: float
    t_beta: float
    r2: float
    n: int
    years: float
    speed: float
    half_life: float


def beta_convergence(y0, y1, years: float) -> BetaConvergence:
    """Absolute β-convergence by OLS over regions (REAT ``betaconv.ols``/``betaconv.speed``).

    Regions with a non-positive or missing value are left out. β < 0 means poorer regions grow
    faster. ``speed`` is NaN when ``1 + βT ≤ 0``; ``half_life`` is NaN unless speed > 0.
    """
    a, b = _arr(y0), _arr(y1)
    if years <= 0:
        raise MetricInputError("年数必须大于 0", "years must be positive")
    ok = (a > 0) & (b > 0)
    x = np.log(a[ok])
    g = np.log(b[ok] / a[ok]) / years
    n = int(ok.sum())
    if n < 3:
        raise MetricInputError(
            "β收敛至少需要 3 个有效地区", "β-convergence needs at least 3 valid regions"
        )
    xm, gm = x.mean(), g.mean()
    sxx = ((x - xm) ** 2).sum()
    if sxx == 0:
        raise MetricInputError(
            "初始水平全部相同，无法回归", "all initial levels are equal; cannot regress"
        )
    beta = float(((x - xm) * (g - gm)).sum() / sxx)
    alpha = float(gm - beta * xm)
    resid = g - alpha - beta * x
    sst = ((g - gm) ** 2).sum()
    r2 = float(1 - (resid**2).sum() / sst) if sst > 0 else float("nan")
    se = float(np.sqrt((resid**2).sum() / (n - 2) / sxx))
    t = beta / se if se > 0 else float("nan")
    inner = 1 + beta * years
    speed = float(-np.log(inner) / years) if inner > 0 else float("nan")
    half = float(np.log(2) / speed) if speed > 0 else float("nan")
    return BetaConvergence(alpha, beta, se, t, r2, n, float(years), speed, half)
