"""Geographic concentration of each industry across regions (产业地理集中度).

For industry *i*: ``s_ij = e_ij/e_i`` is region j's share of the industry and ``x_j = e_j/Σe_j``
its share of all employment (``e_j`` from explicit region totals where given, else row sums).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusterpolicy.metrics._validate import as_matrix, divide
from clusterpolicy.metrics.specialization import gini_of_lqs, location_quotient, lq_denominators


def _shares(m: pd.DataFrame, region_totals):
    """(s, x): industry's regional distribution (regions × industries) and regions' share of all."""
    v = m.fillna(0.0).to_numpy()
    s = divide(v, v.sum(axis=0)[None, :])
    e_j = lq_denominators(m, region_totals)["e_j"].to_numpy()
    x = divide(e_j, e_j.sum())
    return s, x


def krugman_concentration(mat, region_totals=None) -> pd.Series:
    """``K_i = Σ_j |s_ij − x_j|`` in [0, 2]: industry vs all employment. NaN for an industry present nowhere."""
    m = as_matrix(mat)
    s, x = _shares(m, region_totals)
    k = np.abs(s - x[:, None]).sum(axis=0)
    k = np.where(np.isnan(s).all(axis=0), np.nan, k)
    return pd.Series(k, index=m.columns, name="krugman")


def hoover_concentration(mat, region_totals=None) -> pd.Series:
    """Hoover concentration ``H_i = ½ Σ_j |s_ij − x_j|`` in [0, 1] (REAT ``conc()`` H)."""
    return (krugman_concentration(mat, region_totals) / 2).rename("hoover")


def krugman_concentration_others(mat) -> pd.Series:
    """``K_i = Σ_j |s_ij − mean_{k≠i} s_kj|``: vs the unweighted mean distribution of the other
    industries (REAT ``krugman.conc2``). NaN with a single industry."""
    m = as_matrix(mat)
    s, _ = _shares(m, None)
    valid = ~np.isnan(s).all(axis=0)
    s0 = np.where(np.isnan(s), 0.0, s)
    total = s0[:, valid].sum(axis=1)
    others_n = valid.sum() - valid.astype(int)
    others = divide(total[:, None] - np.where(valid[None, :], s0, 0.0), others_n[None, :])
    k = np.abs(s0 - others).sum(axis=0)
    return pd.Series(
        np.where(valid & (others_n > 0), k, np.nan), index=m.columns, name="krugman_others"
    )


def herfindahl_regions(mat) -> pd.Series:
    """Herfindahl of the industry's regional shares ``Σ_j s_ij²``."""
    m = as_matrix(mat)
    s, _ = _shares(m, None)
    h = (np.where(np.isnan(s), 0.0, s) ** 2).sum(axis=0)
    return pd.Series(
        np.where(np.isnan(s).all(axis=0), np.nan, h), index=m.columns, name="herfindahl"
    )


def locational_gini(mat, region_totals=None) -> pd.Series:
    """Krugman's employment-weighted locational Gini (EconGeo ``locational_gini``), in [0, 0.5].

    Regions are ordered by the industry's LQ (ascending); the Lorenz curve plots the cumulative
    industry share ``Y_k = Σ s`` against the cumulative share of all employment ``X_k = Σ x``;
    ``LG_i = ½ [1 − Σ_k (X_k − X_{k−1})(Y_k + Y_{k−1})]``. NaN for an industry present nowhere.
    """
    m = as_matrix(mat)
    s, x = _shares(m, region_totals)
    lq = divide(s, x[:, None])
    order = np.argsort(np.where(np.isnan(lq), np.inf, lq), axis=0, kind="stable")
    xs = np.take_along_axis(np.broadcast_to(np.nan_to_num(x)[:, None], s.shape), order, axis=0)
    ys = np.take_along_axis(np.nan_to_num(s), order, axis=0)
    cx = np.cumsum(xs, axis=0)
    cy = np.cumsum(ys, axis=0)
    px = np.vstack([np.zeros((1, s.shape[1])), cx[:-1]])
    py = np.vstack([np.zeros((1, s.shape[1])), cy[:-1]])
    g = 1.0 - ((cx - px) * (cy + py)).sum(axis=0)
    g = np.where(np.isnan(s).all(axis=0), np.nan, g / 2)
    return pd.Series(g, index=m.columns, name="locational_gini")


def concentration_indices(
    mat, region_totals=None, reference=None, reference_total=None
) -> pd.DataFrame:
    """All per-industry concentration indices in one table (index = industries).

    Columns: hoover, locational_gini, gini_lq (REAT ``gini.conc``: Gini of the LQs with regions
    equally weighted; LQ denominators as in :func:`location_quotient`), krugman, herfindahl,
    krugman_others.
    """
    m = as_matrix(mat)
    lq = location_quotient(m, region_totals, reference, reference_total)
    k = krugman_concentration(m, region_totals)
    return pd.DataFrame(
        {
            "hoover": k / 2,
            "locational_gini": locational_gini(m, region_totals),
            "gini_lq": gini_of_lqs(lq, "regions"),
            "krugman": k,
            "herfindahl": herfindahl_regions(m),
            "krugman_others": krugman_concentration_others(m),
        },
        index=m.columns,
    )
