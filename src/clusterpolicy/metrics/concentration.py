"""Geographic concentration of each industry across regions (产业地理集中度).

For industry *i*: ``s_ij = e_ij/e_i`` is region j's share of the industry and ``x_j = e_j/Σe_j``
its share of all employment (``e_j`` from explicit region totals where given, else row sums).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusterpolicy.metrics._gini import gini_rows
from clusterpolicy.metrics._validate import as_matrix, divide
from clusterpolicy.metrics.specialization import lq_denominators


def _prepared(mat, region_totals=None, reference=None, reference_total=None):
    """(m, v, s, x, lq): validated matrix, values, industry shares s_ij, region shares x_j, LQs."""
    m = as_matrix(mat)
    d = lq_denominators(m, region_totals, reference, reference_total)
    v = np.nan_to_num(m.to_numpy())
    s = divide(v, v.sum(axis=0)[None, :])
    e_j = d["e_j"].to_numpy()
    x = divide(e_j, e_j.sum())
    lq = divide(divide(v, e_j[:, None]), divide(d["e_i"].to_numpy(), d["e"])[None, :])
    return m, v, s, x, lq


def _krugman(s: np.ndarray, x: np.ndarray) -> np.ndarray:
    k = np.abs(s - x[:, None]).sum(axis=0)
    return np.where(np.isnan(s).all(axis=0), np.nan, k)


def _krugman_others(s: np.ndarray) -> np.ndarray:
    valid = ~np.isnan(s).all(axis=0)
    s0 = np.where(np.isnan(s), 0.0, s)
    total = s0[:, valid].sum(axis=1)
    others_n = valid.sum() - valid.astype(int)
    others = divide(total[:, None] - np.where(valid[None, :], s0, 0.0), others_n[None, :])
    k = np.abs(s0 - others).sum(axis=0)
    return np.where(valid & (others_n > 0), k, np.nan)


def _herfindahl(s: np.ndarray) -> np.ndarray:
    h = (np.where(np.isnan(s), 0.0, s) ** 2).sum(axis=0)
    return np.where(np.isnan(s).all(axis=0), np.nan, h)


def _locational_gini(s: np.ndarray, x: np.ndarray) -> np.ndarray:
    lq_t = divide(s, x[:, None]).T  # industries × regions, contiguous rows to sort
    # ties in LQ do not change the Lorenz curve (same slope), so any sort order will do
    order = np.argsort(np.where(np.isnan(lq_t), np.inf, lq_t), axis=1)
    xs = np.nan_to_num(x)[order]
    ys = np.take_along_axis(np.nan_to_num(s.T), order, axis=1)
    cy = np.cumsum(ys, axis=1)
    # X_k − X_{k−1} = x_(k) and Y_k + Y_{k−1} = 2 Y_k − y_(k)
    g = 1.0 - (xs * (2 * cy - ys)).sum(axis=1)
    return np.where(np.isnan(s).all(axis=0), np.nan, g / 2)


def krugman_concentration(mat, region_totals=None) -> pd.Series:
    """``K_i = Σ_j |s_ij − x_j|`` in [0, 2]: industry vs all employment. NaN for an industry present nowhere."""
    m, _, s, x, _ = _prepared(mat, region_totals)
    return pd.Series(_krugman(s, x), index=m.columns, name="krugman")


def hoover_concentration(mat, region_totals=None) -> pd.Series:
    """Hoover concentration ``H_i = ½ Σ_j |s_ij − x_j|`` in [0, 1] (REAT ``conc()`` H)."""
    return (krugman_concentration(mat, region_totals) / 2).rename("hoover")


def krugman_concentration_others(mat) -> pd.Series:
    """``K_i = Σ_j |s_ij − mean_{k≠i} s_kj|``: vs the unweighted mean distribution of the other
    industries (REAT ``krugman.conc2``). NaN with a single industry."""
    m, _, s, _, _ = _prepared(mat)
    return pd.Series(_krugman_others(s), index=m.columns, name="krugman_others")


def herfindahl_regions(mat) -> pd.Series:
    """Herfindahl of the industry's regional shares ``Σ_j s_ij²``."""
    m, _, s, _, _ = _prepared(mat)
    return pd.Series(_herfindahl(s), index=m.columns, name="herfindahl")


def locational_gini(mat, region_totals=None) -> pd.Series:
    """Krugman's employment-weighted locational Gini (EconGeo ``locational_gini``), in [0, 0.5].

    Regions are ordered by the industry's LQ (ascending); the Lorenz curve plots the cumulative
    industry share ``Y_k = Σ s`` against the cumulative share of all employment ``X_k = Σ x``;
    ``LG_i = ½ [1 − Σ_k (X_k − X_{k−1})(Y_k + Y_{k−1})]``. NaN for an industry present nowhere.
    """
    m, _, s, x, _ = _prepared(mat, region_totals)
    return pd.Series(_locational_gini(s, x), index=m.columns, name="locational_gini")


def concentration_indices(
    mat, region_totals=None, reference=None, reference_total=None
) -> pd.DataFrame:
    """All per-industry concentration indices in one table (index = industries), in one pass.

    Columns: hoover, locational_gini, gini_lq (REAT ``gini.conc``: Gini of the LQs with regions
    equally weighted; LQ denominators as in :func:`location_quotient`), krugman, herfindahl,
    krugman_others.
    """
    m, _, s, x, lq = _prepared(mat, region_totals, reference, reference_total)
    k = _krugman(s, x)
    return pd.DataFrame(
        {
            "hoover": k / 2,
            "locational_gini": _locational_gini(s, x),
            "gini_lq": gini_rows(lq.T),
            "krugman": k,
            "herfindahl": _herfindahl(s),
            "krugman_others": _krugman_others(s),
        },
        index=m.columns,
    )
