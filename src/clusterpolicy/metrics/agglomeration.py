"""Agglomeration indices: Ellison–Glaeser, Maurel–Sédillot, co-agglomeration, Litzenberger–Sternberg.

EG (1997), methods.md §4.3. Industry i with plants k (employment shares ``z_k``), areas m with the
industry's shares ``s_m`` and the areas' shares of **aggregate** employment ``x_m``:

* ``G = Σ_m (s_m − x_m)²``, plant Herfindahl ``H = Σ_k z_k²``
* ``γ = [G − (1 − Σx²) H] / [(1 − Σx²)(1 − H)]``
* null variance ``Var G = 2{H²[Σx² − 2Σx³ + (Σx²)²] − Σz⁴[Σx² − 4Σx³ + 3(Σx²)²]}``,
  ``z = (G − (1 − Σx²) H)/sqrt(Var G)``
* Maurel–Sédillot ``γ_MS = [(Σ s² − Σ x²)/(1 − Σ x²) − H]/(1 − H)``
* without a plant list, ``H ≈ Σ_m e_mi²/(n_mi e_i²)`` from firm counts (firms of equal size
  within a cell; a lower bound on the true H) — results are flagged ``approximate``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clusterpolicy.metrics._validate import (
    MetricInputError,
    as_matrix,
    as_vector,
    check_non_negative,
    divide,
)

EG_COLUMNS = ["gamma", "G", "z", "K", "H", "sum_x2", "ms_gamma"]


def eg_gamma(G, sum_x2, H):
    """``γ = [G − (1 − Σx²)H] / [(1 − Σx²)(1 − H)]`` (vectorised; NaN when H = 1 or Σx² = 1)."""
    G, sum_x2, H = (np.asarray(v, dtype="float64") for v in (G, sum_x2, H))
    return divide(G - (1 - sum_x2) * H, (1 - sum_x2) * (1 - H))


def maurel_sedillot(sum_s2, sum_x2, H):
    """``γ_MS = [(Σ s² − Σ x²)/(1 − Σ x²) − H]/(1 − H)`` (vectorised)."""
    sum_s2, sum_x2, H = (np.asarray(v, dtype="float64") for v in (sum_s2, sum_x2, H))
    return divide(divide(sum_s2 - sum_x2, 1 - sum_x2) - H, 1 - H)


def _firm_frame(employment, region, industry):
    emp = as_vector(employment, "employment").to_numpy()
    check_non_negative(emp, "employment")
    reg = np.asarray(region, dtype=object).reshape(-1)
    ind = (
        np.full(len(emp), "_", dtype=object)
        if industry is None
        else np.asarray(industry, dtype=object).reshape(-1)
    )
    if not (len(emp) == len(reg) == len(ind)):
        raise MetricInputError(
            "企业的就业、地区、行业长度不一致",
            "firm employment, region and industry differ in length",
        )
    df = pd.DataFrame({"emp": emp, "region": reg, "industry": ind}).dropna(subset=["emp"])
    if df.empty:
        raise MetricInputError("没有企业数据", "no firm data")
    return df


def _region_shares_x(df: pd.DataFrame, region_totals) -> pd.Series:
    if region_totals is None:
        tot = df.groupby("region", sort=False)["emp"].sum()
    else:
        tot = as_vector(region_totals, "region_totals")
        check_non_negative(tot.to_numpy(), "region_totals")
        missing = set(df["region"]) - set(tot.index)
        if missing:
            raise MetricInputError(
                f"地区合计中缺少这些企业所在地区：{sorted(map(str, missing))}",
                f"region totals lack the regions of some firms: {sorted(map(str, missing))}",
            )
    return tot / tot.sum()


def ellison_glaeser_firms(employment, region, industry=None, region_totals=None) -> pd.DataFrame:
    """EG γ per industry from a firm (plant) list.

    ``employment``, ``region``, ``industry``: one entry per firm (``industry=None``: all firms
    are one industry). ``region_totals``: aggregate employment per region (all industries) for
    ``x_m`` — the EG definition (REAT ``ellison.a``); when None, ``x_m`` comes from the listed
    firms (REAT ``ellison.a2``, methods.md §1.4.5). Returns one row per industry with columns
    gamma, G, z, K (firms), H, sum_x2, ms_gamma and x_source.
    """
    df = _firm_frame(employment, region, industry)
    x = _region_shares_x(df, region_totals)
    sx2, sx3 = float((x**2).sum()), float((x**3).sum())
    rows = {}
    for ind, g in df.groupby("industry", sort=True):
        total = g["emp"].sum()
        if total <= 0:
            rows[ind] = dict.fromkeys(EG_COLUMNS, np.nan) | {"K": len(g)}
            continue
        s = g.groupby("region")["emp"].sum().reindex(x.index, fill_value=0.0) / total
        z = g["emp"].to_numpy() / total
        G = float(((s - x) ** 2).sum())
        H = float((z**2).sum())
        var = 2 * (H**2 * (sx2 - 2 * sx3 + sx2**2) - (z**4).sum() * (sx2 - 4 * sx3 + 3 * sx2**2))
        zval = (G - (1 - sx2) * H) / np.sqrt(var) if var > 0 else np.nan
        rows[ind] = {
            "gamma": float(eg_gamma(G, sx2, H)),
            "G": G,
            "z": float(zval),
            "K": len(g),
            "H": H,
            "sum_x2": sx2,
            "ms_gamma": float(maurel_sedillot(float((s**2).sum()), sx2, H)),
        }
    out = pd.DataFrame.from_dict(rows, orient="index")[EG_COLUMNS]
    out.index.name = "industry_code"
    out["K"] = out["K"].astype("int64")
    out["x_source"] = "firms" if region_totals is None else "region_totals"
    return out


def ellison_glaeser_matrix(mat, firms=None, region_totals=None) -> pd.DataFrame:
    """EG γ per industry from a region × industry matrix, with H approximated from firm counts.

    ``x_m`` from ``region_totals`` (all-industry totals) where given, else the matrix' row sums.
    ``H_i ≈ Σ_m e_mi²/(n_mi e_i²)`` from the firm-count matrix ``firms`` (equal-size firms per
    cell, a lower bound on H). A cell with employment but no firm count makes H undefined (NaN).
    Without ``firms`` γ is NaN (only G and G' = G/(1 − Σx²) are given). Columns: gamma, G,
    g_prime, H, sum_x2, ms_gamma, approximate (always True here).
    """
    m = as_matrix(mat).fillna(0.0)
    v = m.to_numpy()
    e_i = v.sum(axis=0)
    if region_totals is not None:
        rt = as_vector(region_totals, "region_totals").reindex(m.index)
        e_j = rt.where(rt.notna(), m.sum(axis=1)).to_numpy()
    else:
        e_j = v.sum(axis=1)
    x = divide(e_j, e_j.sum())
    s = divide(v, e_i[None, :])
    sx2 = float(np.nansum(x**2))
    G = ((s - x[:, None]) ** 2).sum(axis=0)
    if firms is not None:
        f = as_matrix(firms, "firms").reindex(index=m.index, columns=m.columns).to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            cell = np.where(v > 0, v**2 / f, 0.0)
        cell = np.where((v > 0) & ~(f > 0), np.nan, cell)
        H = divide(cell.sum(axis=0), e_i**2)
    else:
        H = np.full(v.shape[1], np.nan)
    out = pd.DataFrame(
        {
            "gamma": eg_gamma(G, sx2, H),
            "G": G,
            "g_prime": divide(G, 1 - sx2),
            "H": H,
            "sum_x2": sx2,
            "ms_gamma": maurel_sedillot(np.nansum(s**2, axis=0), sx2, H),
            "approximate": True,
        },
        index=m.columns,
    )
    out.loc[e_i <= 0, ["gamma", "G", "g_prime", "H", "ms_gamma"]] = np.nan
    return out


def coagglomeration(employment, region, industry, industries=None, region_totals=None) -> float:
    """EG (1997) co-agglomeration of a group of industries from a firm list.

    ``γ^c = [G/(1 − Σx²) − H − Σ_j γ_j w_j² (1 − H_j)] / (1 − Σ_j w_j²)`` with G from the group's
    combined regional shares, ``w_j`` industry j's share of group employment, ``H = Σ_j w_j² H_j``
    and each ``γ_j`` computed with the same ``x``. ``industries``: the group (default: all).
    (REAT ``ellison.c`` sums ``e_ij/e_i`` over industries, which is wrong, methods.md §1.4.4.)
    """
    all_firms = _firm_frame(employment, region, industry)
    x = _region_shares_x(all_firms, region_totals)  # x from all firms (or totals), not the group
    df = (
        all_firms if industries is None else all_firms[all_firms["industry"].isin(list(industries))]
    )
    sx2 = float((x**2).sum())
    single = ellison_glaeser_firms(df["emp"], df["region"], df["industry"], region_totals=x)
    emp_j = df.groupby("industry")["emp"].sum()
    w = (emp_j / emp_j.sum()).reindex(single.index)
    s = df.groupby("region")["emp"].sum().reindex(x.index, fill_value=0.0) / df["emp"].sum()
    G = float(((s - x) ** 2).sum())
    H = float((w**2 * single["H"]).sum())
    num = G / (1 - sx2) - H - float((single["gamma"] * w**2 * (1 - single["H"])).sum())
    return float(num / (1 - float((w**2).sum())))


def coagglomeration_pairwise(mat, region_totals=None) -> pd.DataFrame:
    """Pairwise co-agglomeration (Ellison, Glaeser & Kerr 2010) for every pair of industries.

    ``γ^c_ij = Σ_m (s_mi − x_m)(s_mj − x_m) / (1 − Σ_m x_m²)``; industry × industry DataFrame
    (the diagonal holds ``G_i/(1 − Σx²)``).
    """
    m = as_matrix(mat).fillna(0.0)
    v = m.to_numpy()
    e_j = v.sum(axis=1)
    if region_totals is not None:
        rt = as_vector(region_totals, "region_totals").reindex(m.index)
        e_j = rt.where(rt.notna(), m.sum(axis=1)).to_numpy()
    x = divide(e_j, e_j.sum())
    d = divide(v, v.sum(axis=0)[None, :]) - x[:, None]
    return pd.DataFrame((d.T @ d) / (1 - np.sum(x**2)), index=m.columns, columns=m.columns)


def litzenberger_sternberg(mat, area, population, firms) -> pd.DataFrame:
    """Litzenberger–Sternberg cluster index per region × industry (methods.md §4.4).

    ``CI_ij = [(e_ij/a_j)/(e_i/a)] · [(e_ij/p_j)/(e_i/p)] / [(e_ij/b_ij)/(e_i/b_i)]`` with area
    ``a``, population ``p``, firm count ``b``; ``e_i``, ``b_i``, ``a``, ``p`` summed over the
    regions given. Not standardised. NaN where a denominator is 0 (e.g. no firms in the cell).
    """
    m = as_matrix(mat).fillna(0.0)
    a = as_vector(area, "area").reindex(m.index).to_numpy()
    p = as_vector(population, "population").reindex(m.index).to_numpy()
    b = as_matrix(firms, "firms").reindex(index=m.index, columns=m.columns).to_numpy()
    check_non_negative(a, "area")
    check_non_negative(p, "population")
    v = m.to_numpy()
    e_i = v.sum(axis=0)[None, :]
    b_i = np.nansum(b, axis=0)[None, :]
    density = divide(divide(v, a[:, None]), divide(e_i, np.nansum(a)))
    stock = divide(divide(v, p[:, None]), divide(e_i, np.nansum(p)))
    size = divide(divide(v, b), divide(e_i, b_i))
    return pd.DataFrame(divide(density * stock, size), index=m.index, columns=m.columns)
