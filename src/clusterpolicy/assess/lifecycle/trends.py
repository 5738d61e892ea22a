"""Full-series trends of a yearly series, its shape, and jumps that look like statistical breaks.

* :func:`log_trend`: OLS of ``ln x_t = a + b·t + Σ_j c_j·1[t ≥ k_j] + ε`` over every year with a
  positive value — the slope ``b`` (log points a year; ``exp(b) − 1`` is the trend growth rate)
  with its standard error ``sqrt(σ̂²·[(XᵀX)⁻¹]_bb)``, ``σ̂² = SSE/(n − p)``. The step dummies at
  known break years ``k_j`` (a coverage change) split the window: the slope is estimated within
  the segments and the jump itself is not read as growth.
* :func:`shape_fit`: the fitted values of the same model, or of the model with one hinge
  ``max(0, t − t_h)`` when that lowers the BIC ``n·ln(SSE/n) + p·ln n`` (a V or Λ shape: decline
  then recovery); the residual bootstrap of :mod:`.confidence` resamples around it.
* :func:`detect_breaks`: years whose change ``d_t = ln x_t − ln x_{t−1}`` lies more than ``k``
  robust standard deviations (``1.4826 × MAD``) from the median change and by at least
  ``min_jump`` in absolute terms — a jump well beyond the series' own variation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Trend:
    slope: float  # log points per year
    se: float  # its standard error (NaN when n ≤ number of parameters)
    n: int  # years used

    @property
    def rate(self) -> float:
        """Trend growth rate per year, ``exp(slope) − 1``."""
        return math.expm1(self.slope) if math.isfinite(self.slope) else math.nan


def _design(t: np.ndarray, breaks: Sequence[int], hinge: float | None = None) -> np.ndarray:
    cols = [np.ones_like(t), t - t.mean()]
    for k in breaks:
        d = (t >= k).astype(float)
        if 0 < d.sum() < len(t):  # both sides of the break observed
            cols.append(d)
    if hinge is not None:
        cols.append(np.maximum(0.0, t - hinge))
    return np.column_stack(cols)


def _valid(years, x) -> tuple[np.ndarray, np.ndarray]:
    t = np.asarray(years, dtype="float64")
    v = np.asarray(x, dtype="float64")
    ok = np.isfinite(v) & (v > 0) & np.isfinite(t)
    return t[ok], np.log(v[ok])


def log_trend(years, x, breaks: Sequence[int] = ()) -> Trend:
    """Log-linear trend of ``x`` over ``years`` with step dummies at ``breaks`` (module doc)."""
    t, y = _valid(years, x)
    if len(t) < 2:
        return Trend(math.nan, math.nan, len(t))
    X = _design(t, breaks)
    if X.shape[1] > len(t):
        X = X[:, :2]
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    df = len(t) - X.shape[1]
    se = math.nan
    if df > 0:
        resid = y - X @ beta
        s2 = float(resid @ resid) / df
        try:
            cov = s2 * np.linalg.inv(X.T @ X)
            se = float(math.sqrt(max(cov[1, 1], 0.0)))
        except np.linalg.LinAlgError:
            se = math.nan
    return Trend(float(beta[1]), se, len(t))


def break_adjusted(years, x, breaks: Sequence[int] = ()) -> np.ndarray:
    """``x`` with the estimated level steps at ``breaks`` taken out (``x · exp(−Σ c_j·D_j)``,
    the steps of :func:`log_trend`'s model): a coverage change no longer looks like a trough
    or a recovery. ``x`` itself when there is no break inside the window."""
    years = np.asarray(years, dtype="float64")
    v = np.asarray(x, dtype="float64")
    t, y = _valid(years, v)
    if len(t) < 3 or not breaks:
        return v
    X = _design(t, breaks)
    if X.shape[1] <= 2 or X.shape[1] >= len(t):
        return v
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    steps = np.zeros(len(years))
    k = 2
    for b in breaks:
        d = (t >= b).astype(float)
        if 0 < d.sum() < len(t):
            steps += beta[k] * (years >= b)
            k += 1
    return v * np.exp(-steps)


def _bic(y: np.ndarray, X: np.ndarray) -> tuple[float, np.ndarray]:
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    fit = X @ beta
    sse = max(float(((y - fit) ** 2).sum()), 1e-12)
    n = len(y)
    return n * math.log(sse / n) + X.shape[1] * math.log(n), fit


def shape_fit(years, x, breaks: Sequence[int] = ()) -> np.ndarray:
    """Fitted ``ln x`` for every year (NaN where x is missing): the trend with break steps, or
    with one hinge when the BIC prefers it (module docstring)."""
    years = np.asarray(years, dtype="float64")
    v = np.asarray(x, dtype="float64")
    ok = np.isfinite(v) & (v > 0)
    out = np.full(len(years), np.nan)
    t, y = years[ok], np.log(v[ok])
    if len(t) < 2:
        out[ok] = y
        return out
    X = _design(t, breaks)
    if X.shape[1] >= len(t):
        X = X[:, :2]
    best, fit = _bic(y, X)
    for h in t[2:-2]:  # at least two points on each side of the hinge
        Xh = _design(t, breaks, hinge=float(h))
        if Xh.shape[1] >= len(t):
            continue
        b, f = _bic(y, Xh)
        if b < best:
            best, fit = b, f
    out[ok] = fit
    return out


def detect_breaks(years, x, k: float, min_jump: float) -> list[tuple[int, float]]:
    """[(year, jump in log points)] of the year-on-year changes that look like breaks."""
    t, y = _valid(years, x)
    if len(t) < 4:
        return []
    d = np.diff(y)
    med = float(np.median(d))
    mad = 1.4826 * float(np.median(np.abs(d - med)))
    out = []
    for i, di in enumerate(d):
        dev = abs(di - med)
        if dev >= min_jump and (mad == 0 or dev > k * mad):
            out.append((int(t[i + 1]), float(di)))
    return out
