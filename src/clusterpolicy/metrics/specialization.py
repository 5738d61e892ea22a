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
        region_source = pd.Series(
            np.where(rt.notna(), REGION_FROM_TOTALS, REGION_FROM_ROWS), index=m.index
        )
        e_j = rt.where(rt.notna(), row_sums)
    else:
        region_source = pd.Series(REGION_FROM_ROWS, index=m.index)
        e_j = row_sums
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
    kinds = set(region_source)
    region_label = kinds.pop() if len(kinds) == 1 else "mixed"
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
    The result's ``attrs["denominator"]`` records the choice (e.g. ``"row_sum/column_sum"``) and
    ``attrs["region_source"]`` the per-region source of ``e_j``.
    """
    m = as_matrix(mat)
    d = lq_denominators(m, region_totals, reference, reference_total)
    share = divide(m.fillna(0.0).to_numpy(), d["e_j"].to_numpy()[:, None])
    ref_share = divide(d["e_i"].to_numpy(), d["e"])
    out = pd.DataFrame(divide(share, ref_share[None, :]), index=m.index, columns=m.columns)
    out.attrs["denominator"] = d["label"]
    out.attrs["region_source"] = d["region_source"].to_dict()
    return out


def standardized_lq(lq: pd.DataFrame, log: bool = False, ddof: int = 1) -> pd.DataFrame:
    """Standardised LQ (O'Donoghue & Gleave 2004), done per industry across regions.

    ``SLQ_ij = (LQ_ij − mean_j LQ_ij) / sd_j(LQ_ij)`` with ``sd`` using ``ddof`` (default 1, the
    sample sd); ``log=True`` applies the same z-score to ``log10 LQ`` (Tian 2013), where LQ = 0
    is undefined (NaN). NaN LQs are left out of mean and sd; an industry with sd 0 gets NaN.
    (REAT's ``locq2(LQ.norm=...)`` recycles the means in the wrong direction, methods.md §1.4.6.)
    """
    v = lq.astype("float64")
    if log:
        v = v.where(v > 0)
        v = np.log10(v)
    mean = v.mean(axis=0)
    sd = v.std(axis=0, ddof=ddof)
    return (v - mean) / sd.where(sd > 0)


def region_shares(mat, region_totals=None) -> pd.DataFrame:
    """``s_ij = e_ij / e_j`` (the region's industry structure); ``e_j`` as in :func:`lq_denominators`."""
    m = as_matrix(mat)
    d = lq_denominators(m, region_totals)
    return pd.DataFrame(
        divide(m.fillna(0.0).to_numpy(), d["e_j"].to_numpy()[:, None]),
        index=m.index,
        columns=m.columns,
    )


def _reference_structure(m: pd.DataFrame, region_totals, reference, reference_total) -> np.ndarray:
    d = lq_denominators(m, region_totals, reference, reference_total)
    return divide(d["e_i"].to_numpy(), d["e"])


def krugman_specialization(
    mat, region_totals=None, reference=None, reference_total=None
) -> pd.Series:
    """Krugman specialisation vs the reference structure: ``K_j = Σ_i |e_ij/e_j − e_i/e|``, in [0, 2].

    Equals EconGeo ``krugman_index``. Regions with no employment get NaN.
    """
    m = as_matrix(mat)
    s = region_shares(m, region_totals).to_numpy()
    r = _reference_structure(m, region_totals, reference, reference_total)
    k = np.abs(s - r[None, :]).sum(axis=1)
    k = np.where(np.isnan(s).all(axis=1), np.nan, k)
    return pd.Series(k, index=m.index, name="krugman")


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
    m = as_matrix(mat)
    s = region_shares(m, region_totals).to_numpy()
    valid = ~np.isnan(s).all(axis=1)
    s0 = np.where(np.isnan(s), 0.0, s)
    total = s0[valid].sum(axis=0)
    n_valid = valid.sum()
    others_n = n_valid - valid.astype(int)
    others_mean = divide(total[None, :] - np.where(valid[:, None], s0, 0.0), others_n[:, None])
    k = np.abs(s0 - others_mean).sum(axis=1)
    k = np.where(valid & (others_n > 0), k, np.nan)
    return pd.Series(k, index=m.index, name="krugman_others")


def herfindahl(mat) -> pd.DataFrame:
    """Herfindahl of each region's industry structure (over the listed industries).

    ``H = Σ_i (e_ij/Σ_i e_ij)²``; ``herfindahl_norm = (H − 1/n)/(1 − 1/n)`` with n the number of
    industries (NaN for n = 1); ``herfindahl_equivalent = 1/H`` (equivalent number of equal
    industries). NaN for a region with no employment.
    """
    m = as_matrix(mat).fillna(0.0)
    v = m.to_numpy()
    s = divide(v, v.sum(axis=1)[:, None])
    h = (s**2).sum(axis=1)
    h = np.where(np.isnan(s).any(axis=1), np.nan, h)
    n = v.shape[1]
    norm = (h - 1 / n) / (1 - 1 / n) if n > 1 else np.full_like(h, np.nan)
    return pd.DataFrame(
        {"herfindahl": h, "herfindahl_norm": norm, "herfindahl_equivalent": divide(1.0, h)},
        index=m.index,
    )


def shannon_entropy(mat, base: float = 2.0) -> pd.Series:
    """Shannon entropy of each region's structure ``−Σ_i s_ij log_base s_ij`` (0·log 0 = 0).

    Base 2 by default, as EconGeo ``entropy`` (which rounds to 3 decimals; this does not).
    """
    m = as_matrix(mat).fillna(0.0)
    v = m.to_numpy()
    s = divide(v, v.sum(axis=1)[:, None])
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(s > 0, s * np.log(s), 0.0)
    h = -terms.sum(axis=1) / np.log(base)
    h = np.where(np.isnan(s).any(axis=1), np.nan, h)
    return pd.Series(h + 0.0, index=m.index, name="entropy")


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
    m = as_matrix(mat)
    lq = location_quotient(m, region_totals, reference, reference_total).to_numpy()
    s = region_shares(m, region_totals).to_numpy()
    prod = np.where(s == 0, 0.0, lq * s)
    out = np.where(np.isnan(s).all(axis=1), np.nan, np.nansum(prod, axis=1))
    return pd.Series(out, index=m.index, name="lq_avg")


def hachman(mat, region_totals=None, reference=None, reference_total=None) -> pd.Series:
    """Hachman index ``HI_j = 1 / Σ_i LQ_ij s_ij`` in (0, 1]; 1 = the reference's structure."""
    return pd.Series(
        divide(1.0, lq_average(mat, region_totals, reference, reference_total)),
        index=as_matrix(mat).index,
        name="hachman",
    )


def specialization_indices(
    mat, region_totals=None, reference=None, reference_total=None
) -> pd.DataFrame:
    """All per-region specialisation indices in one table (index = regions).

    Columns: hoover, krugman, krugman_others, herfindahl, herfindahl_norm, herfindahl_equivalent,
    entropy (base 2), gini_lq (Gini of the region's LQs), hachman.
    """
    m = as_matrix(mat)
    lq = location_quotient(m, region_totals, reference, reference_total)
    k = krugman_specialization(m, region_totals, reference, reference_total)
    out = pd.DataFrame(
        {
            "hoover": k / 2,
            "krugman": k,
            "krugman_others": krugman_vs_others(m, region_totals),
        },
        index=m.index,
    )
    out = out.join(herfindahl(m))
    out["entropy"] = shannon_entropy(m)
    out["gini_lq"] = gini_of_lqs(lq, "industries")
    out["hachman"] = hachman(m, region_totals, reference, reference_total)
    return out
