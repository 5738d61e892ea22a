"""Vectorised Gini helpers shared by specialisation, concentration and inequality."""

from __future__ import annotations

import numpy as np

from clusterpolicy.metrics._validate import divide


def gini_rows(values: np.ndarray) -> np.ndarray:
    """Unweighted Gini of each row of a 2-D array, ignoring NaN cells.

    ``G = Σ_i Σ_j |x_i − x_j| / (2 n² x̄)`` computed from the sorted row as
    ``Σ_k (2k − n − 1) x_(k) / (n Σ x)`` (k = 1..n over the non-NaN cells). NaN for a row with
    no values or a zero sum.
    """
    a = np.asarray(values, dtype="float64")
    if a.ndim == 1:
        a = a[None, :]
    s = np.sort(a, axis=1)  # NaN sort to the end
    mask = ~np.isnan(s)
    n = mask.sum(axis=1)
    k = np.arange(1, a.shape[1] + 1, dtype="float64")[None, :]
    coef = 2.0 * k - n[:, None] - 1.0
    num = np.where(mask, coef * np.where(mask, s, 0.0), 0.0).sum(axis=1)
    total = np.where(mask, s, 0.0).sum(axis=1)
    g = divide(num, n * total)
    # mathematically ≥ 0; equal values can leave a −1e-17 rounding residue (NaN stays NaN)
    return np.where(g < 0, 0.0, g)


def weighted_gini(y: np.ndarray, p: np.ndarray) -> float:
    """Population-weighted mean-difference Gini ``Σ_i Σ_j p_i p_j |y_i − y_j| / (2μ)``.

    ``p`` are weight shares summing to 1 and ``μ = Σ p_i y_i``. Computed in O(n log n): with the
    values sorted, ``Σ_i Σ_j p_i p_j |y_i − y_j| = 2 Σ_i p_i y_i (B_i − A_i)`` where ``B_i`` / ``A_i``
    are the weights sorted before / after i.
    """
    order = np.argsort(y, kind="stable")
    ys, ps = y[order], p[order]
    cum = np.cumsum(ps)
    before = cum - ps
    after = cum[-1] - cum
    mu = float(np.sum(ps * ys))
    if mu == 0:
        return float("nan")
    # mathematically ≥ 0; equal values can leave a −1e-17 rounding residue
    return max(0.0, float(np.sum(ps * ys * (before - after)) / mu))
