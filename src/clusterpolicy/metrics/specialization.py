"""Location quotients and regional specialisation (区位熵与地区专业化).

Notation (methods.md §0): ``e_ij`` = industry *i* in region *j*; in the matrices here the
region is the row and the industry the column, so ``mat.loc[j, i] = e_ij``.
``e_j`` is the region's total, ``e_i`` the reference (national) total of industry *i* and ``e``
the reference grand total.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusterpolicy.metrics._gini import gini_rows
from clusterpolicy.metrics._validate import (
    MetricInputError,
    as_matrix,
    as_vector,
    check_non_negative,
    divide,
)

# Labels recorded for the denominators of a location quotient.
REGION_FROM_TOTALS = "region_total"  # e_j from an explicit all-industry total (合计)
REGION_FROM_ROWS = "row_sum"  # e_j = sum of the listed industries
REFERENCE_EXPLICIT = "reference"  # e_i, e from an explicit reference area (全国/全省)
REFERENCE_FROM_COLUMNS = "column_sum"  # e_i = sum over the listed regions


def lq_denominators(mat, region_totals=None, reference=None, reference_total=None) -> dict:
    """The denominators a location quotient uses, and where each came from.

    Returns a dict with

    * ``e_j`` (Series over regions): ``region_totals[j]`` where given (an explicit 合计 total),
      else the row sum; ``region_source`` (Series of ``"region_total"``/``"row_sum"``).
    * ``e_i`` (Series over industries): ``reference[i]`` when a reference area is given (industries
      it lacks get NaN), else the column sums.
    * ``e`` (float): ``reference_total``; else, with a reference, the sum of ``reference``;
      without a reference, the sum of ``e_j`` (which uses the explicit totals where given).
    * ``reference_source``: ``"reference"`` or ``"column_sum"``; ``e_source``: how ``e`` was found.
    * ``label``: ``"<region source>/<reference source>"``, e.g. ``"region_total/column_sum"``
      (``"mixed"`` as the region part when only some regions had explicit totals).
    """
    m = as_matrix(mat)
    row_sums = m.fillna(0.0).sum(axis=1)
    if region_totals is not None:
        rt = as_vector(region_totals, "region_totals").reindex(m.index)
        check_non_negative(rt.to_numpy(), "region_totals")
        explicit = rt.notna().to_numpy()
        e_j = rt.where(rt.notna(), row_sums)
    else:
        explicit = np.zeros(len(m.index), dtype=bool)
        e_j = row_sums
    region_source = pd.Series(
        np.where(explicit, REGION_FROM_TOTALS, REGION_FROM_ROWS).astype(object), index=m.index
    )
    if reference is not None:
        ref = as_vector(reference, "reference")
        check_non_negative(ref.to_numpy(), "reference")
        e_i = ref.reindex(m.columns)
        reference_source = REFERENCE_EXPLICIT
        if reference_total is not None:
            e = float(reference_total)
            e_source = "reference_total"
        else:
            e = float(ref.fillna(0.0).sum())
            e_source = "reference_sum"
    else:
        e_i = m.fillna(0.0).sum(axis=0)
        reference_source = REFERENCE_FROM_COLUMNS
        if reference_total is not None:
            e = float(reference_total)
            e_source = "reference_total"
        else:
            e = float(e_j.sum())
            e_source = "region_totals_sum" if region_totals is not None else "grand_total"
    if e < 0:
        raise MetricInputError("reference_total 为负", "reference_total is negative")
    if explicit.all() and len(explicit):
        region_label = REGION_FROM_TOTALS
    elif explicit.any():
        region_label = "mixed"
    else:
        region_label = REGION_FROM_ROWS
    return {
        "e_j": e_j.astype("float64"),
        "e_i": e_i.astype("float64"),
        "e": e,
        "region_source": region_source,
        "reference_source": reference_source,
        "e_source": e_source,
        "label": f"{region_label}/{reference_source}",
    }


def location_quotient(
    mat, region_totals=None, reference=None, reference_total=None
) -> pd.DataFrame:
    """Location quotient ``LQ_ij = (e_ij/e_j)/(e_i/e)`` for every region × industry cell.

    Denominators as in :func:`lq_denominators`. NaN where undefined (a region with no employment,
    an industry present nowhere / missing from the reference). Missing cells count as 0.
    The result's ``attrs["denominator"]`` records the choice (e.g. ``"row_sum/column_sum"``;
    per-region sources are in ``lq_denominators(...)["region_source"]``).
    """
    m = as_matrix(mat)
    d = lq_denominators(m, region_totals, reference, reference_total)
    v = np.nan_to_num(m.to_numpy())
    out = pd.DataFrame(_lq(v, d), index=m.index, columns=m.columns)
    out.attrs["denominator"] = d["label"]
    return out


def _lq(v: np.ndarray, d: dict) -> np.ndarray:
    share = divide(v, d["e_j"].to_numpy()[:, None])
    ref_share = divide(d["e_i"].to_numpy(), d["e"])
    return divide(share, ref_share[None, :])


def standardized_lq(lq: pd.DataFrame, log: bool = False, ddof: int = 1) -> pd.DataFrame:
    """Standardised LQ (O'Donoghue & Gleave 2004), done per industry across regions.

    ``SLQ_ij = (LQ_ij − mean_j LQ_ij) / sd_j(LQ_ij)`` with ``sd`` using ``ddof`` (default 1, the
    sample sd); ``log=True`` applies the same z-score to ``log10 LQ`` (Tian 2013), where LQ = 0
    is undefined (NaN). NaN LQs are left out of mean and sd; an industry with sd 0 gets NaN.
    (REAT's ``locq2(LQ.norm=...)`` recycles the means in the wrong direction, methods.md §1.4.6.)
    """
    v = lq.to_numpy(dtype="float64", copy=True)
    if log:
        with np.errstate(divide="ignore", invalid="ignore"):
            v = np.where(v > 0, np.log10(np.where(v > 0, v, 1.0)), np.nan)
    ok = ~np.isnan(v)
    n = ok.sum(axis=0)
    v0 = np.where(ok, v, 0.0)
    mean = divide(v0.sum(axis=0), n)
    dev = np.where(ok, v - mean[None, :], 0.0)
    sd = np.sqrt(divide((dev**2).sum(axis=0), n - ddof))
    sd = np.where(sd > 1e-12 * np.abs(np.nan_to_num(mean)), sd, np.nan)
    return pd.DataFrame(divide(v - mean[None, :], sd[None, :]), index=lq.index, columns=lq.columns)


def region_shares(mat, region_totals=None) -> pd.DataFrame:
    """``s_ij = e_ij / e_j`` (the region's industry structure); ``e_j`` as in :func:`lq_denominators`."""
    m = as_matrix(mat)
    d = lq_denominators(m, region_totals)
    s = divide(np.nan_to_num(m.to_numpy()), d["e_j"].to_numpy()[:, None])
    return pd.DataFrame(s, index=m.index, columns=m.columns)


# --- numpy cores (validated input; regions are rows) -------------------------------------------


def _krugman(s: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Σ_i |s_ij − r_i| per row; NaN for a region without employment (all s NaN)."""
    k = np.abs(s - r[None, :]).sum(axis=1)
    return np.where(np.isnan(s).all(axis=1), np.nan, k)


def _krugman_others(s: np.ndarray) -> np.ndarray:
    valid = ~np.isnan(s).all(axis=1)
    s0 = np.where(np.isnan(s), 0.0, s)
    total = s0[valid].sum(axis=0)
    others_n = valid.sum() - valid.astype(int)
    others_mean = divide(total[None, :] - np.where(valid[:, None], s0, 0.0), others_n[:, None])
    k = np.abs(s0 - others_mean).sum(axis=1)
    return np.where(valid & (others_n > 0), k, np.nan)


def _own_structure(v: np.ndarray) -> np.ndarray:
    """Row shares over the listed industries (NaN rows for regions with nothing)."""
    return divide(v, v.sum(axis=1)[:, None])


def _herfindahl(p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    h = (p**2).sum(axis=1)
    n = p.shape[1]
    norm = (h - 1 / n) / (1 - 1 / n) if n > 1 else np.full_like(h, np.nan)
    return h, norm, divide(1.0, h)


def _entropy(p: np.ndarray, base: float) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    h = -terms.sum(axis=1) / np.log(base)
    return np.where(np.isnan(p).any(axis=1), np.nan, h + 0.0)


def _lq_average(lq: np.ndarray, s: np.ndarray) -> np.ndarray:
    prod = np.where(s == 0, 0.0, lq * s)
    return np.where(np.isnan(s).all(axis=1), np.nan, np.nansum(prod, axis=1))


def _prepared(mat, region_totals=None, reference=None, reference_total=None):
    m = as_matrix(mat)
    d = lq_denominators(m, region_totals, reference, reference_total)
    v = np.nan_to_num(m.to_numpy())
    s = divide(v, d["e_j"].to_numpy()[:, None])
    r = divide(d["e_i"].to_numpy(), d["e"])
    return m, d, v, s, r


# --- public per-region indices -------------------------------------------------------------------


def krugman_specialization(
    mat, region_totals=None, reference=None, reference_total=None
) -> pd.Series:
    """Krugman specialisation vs the reference structure: ``K_j = Σ_i |e_ij/e_j − e_i/e|``, in [0, 2].

    Equals EconGeo ``krugman_index``. Regions with no employment get NaN.
    """
    m, _, _, s, r = _prepared(mat, region_totals, reference, reference_total)
    return pd.Series(_krugman(s, r), index=m.index, name="krugman")


def hoover_specialization(
    mat, region_totals=None, reference=None, reference_total=None
) -> pd.Series:
    """Hoover specialisation coefficient ``H_j = ½ Σ_i |e_ij/e_j − e_i/e|`` in [0, 1].

    Half of :func:`krugman_specialization`; equals REAT ``spec()`` H and EconGeo ``spec_coeff``.
    """
    return (krugman_specialization(mat, region_totals, reference, reference_total) / 2).rename(
        "hoover"
    )


def krugman_vs_others(mat, region_totals=None) -> pd.Series:
    """Krugman specialisation vs the unweighted mean structure of the *other* regions.

    ``K_j = Σ_i |s_ij − (1/(J−1)) Σ_{l≠j} s_il|`` with ``s_il = e_il/e_l`` (REAT ``krugman.spec2``).
    Regions with no employment are left out of the others' mean; NaN for a single region.
    """
    m, _, _, s, _ = _prepared(mat, region_totals)
    return pd.Series(_krugman_others(s), index=m.index, name="krugman_others")


def herfindahl(mat) -> pd.DataFrame:
    """Herfindahl of each region's industry structure (over the listed industries).

    ``H = Σ_i (e_ij/Σ_i e_ij)²``; ``herfindahl_norm = (H − 1/n)/(1 − 1/n)`` with n the number of
    industries (NaN for n = 1); ``herfindahl_equivalent = 1/H`` (equivalent number of equal
    industries). NaN for a region with no employment.
    """
    m = as_matrix(mat)
    h, norm, eq = _herfindahl(_own_structure(np.nan_to_num(m.to_numpy())))
    return pd.DataFrame(
        {"herfindahl": h, "herfindahl_norm": norm, "herfindahl_equivalent": eq}, index=m.index
    )


def shannon_entropy(mat, base: float = 2.0) -> pd.Series:
    """Shannon entropy of each region's structure ``−Σ_i s_ij log_base s_ij`` (0·log 0 = 0).

    Base 2 by default, as EconGeo ``entropy`` (which rounds to 3 decimals; this does not).
    """
    m = as_matrix(mat)
    return pd.Series(
        _entropy(_own_structure(np.nan_to_num(m.to_numpy())), base), index=m.index, name="entropy"
    )


def gini_of_lqs(lq: pd.DataFrame, axis: str = "industries") -> pd.Series:
    """Unweighted Gini of LQs: per region over its industries (``axis="industries"``, REAT
    ``gini.spec``) or per industry over regions (``axis="regions"``, REAT ``gini.conc``).

    ``G = 2/(n²·C̄) Σ_λ λ (C_λ − C̄)`` over the sorted LQs C, which equals the mean-difference
    Gini ``Σ Σ |C_a − C_b| / (2 n² C̄)``. NaN LQs are left out.
    """
    v = lq.to_numpy(dtype="float64")
    if axis == "industries":
        return pd.Series(gini_rows(v), index=lq.index, name="gini_lq")
    if axis == "regions":
        return pd.Series(gini_rows(v.T), index=lq.columns, name="gini_lq")
    raise MetricInputError(
        "axis 只能是 industries 或 regions", "axis must be 'industries' or 'regions'"
    )


def lq_average(mat, region_totals=None, reference=None, reference_total=None) -> pd.Series:
    """Own-share-weighted mean LQ of a region ``Σ_i LQ_ij · s_ij`` (EconGeo ``location_quotient_avg``)."""
    m, _, _, s, r = _prepared(mat, region_totals, reference, reference_total)
    return pd.Series(_lq_average(divide(s, r[None, :]), s), index=m.index, name="lq_avg")


def hachman(mat, region_totals=None, reference=None, reference_total=None) -> pd.Series:
    """Hachman index ``HI_j = 1 / Σ_i LQ_ij s_ij`` in (0, 1]; 1 = the reference's structure."""
    avg = lq_average(mat, region_totals, reference, reference_total)
    return pd.Series(divide(1.0, avg.to_numpy()), index=avg.index, name="hachman")


def specialization_indices(
    mat, region_totals=None, reference=None, reference_total=None
) -> pd.DataFrame:
    """All per-region specialisation indices in one table (index = regions).

    Columns: hoover, krugman, krugman_others, herfindahl, herfindahl_norm, herfindahl_equivalent,
    entropy (base 2), gini_lq (Gini of the region's LQs), hachman — the same formulas as the
    single functions above, computed in one pass.
    """
    m, _, v, s, r = _prepared(mat, region_totals, reference, reference_total)
    lq = divide(s, r[None, :])
    k = _krugman(s, r)
    own = _own_structure(v)
    h, norm, eq = _herfindahl(own)
    return pd.DataFrame(
        {
            "hoover": k / 2,
            "krugman": k,
            "krugman_others": _krugman_others(s),
            "herfindahl": h,
            "herfindahl_norm": norm,
            "herfindahl_equivalent": eq,
            "entropy": _entropy(own, 2.0),
            "gini_lq": gini_rows(lq),
            "hachman": divide(1.0, _lq_average(lq, s)),
        },
        index=m.index,
    )
