"""Growth, convergence, SLQ, Litzenberger–Sternberg and matrix-EG against independent computation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusterpolicy import metrics as M


def test_cagr_and_growth():
    assert M.cagr(100, 121, 2) == pytest.approx(
        0.1, rel=1e-12
    )  # REAT's growth() gives −0.1975 here
    v0 = pd.Series([100.0, 0.0, 50.0, -1.0, 100.0])
    v1 = pd.Series([200.0, 10.0, 50.0, 5.0, 100.0])
    out = M.cagr(v0, v1, pd.Series([10, 3, 4, 2, 0]))
    assert out.iloc[0] == pytest.approx(2**0.1 - 1, rel=1e-12)
    assert np.isnan(out.iloc[1]) and np.isnan(out.iloc[4])
    assert out.iloc[2] == 0.0
    assert M.growth_rate(v0, v1).iloc[0] == 1.0 and np.isnan(M.growth_rate(v0, v1).iloc[1])
    assert M.absolute_change(v0, v1).iloc[1] == 10.0


def test_purdue_quadrants():
    lq0 = pd.Series([1.0, 2.0, 0.5, 0.9, 1.2, np.nan], index=list("abcdef"))
    lq1 = pd.Series([1.5, 1.5, 0.7, 0.6, 1.2, 1.0], index=list("abcdef"))
    q = M.purdue_quadrants(lq0, lq1)
    assert q["quadrant"].tolist()[:5] == ["star", "mature", "emerging", "transforming", "mature"]
    assert pd.isna(q["quadrant"].iloc[5])
    assert q.loc["a", "x"] == pytest.approx(0.5) and q.loc["a", "y"] == 1.5
    assert q.loc["a", "label_zh"] == "明星型" and q.loc["d", "label_en"] == "Transforming"


def test_sigma_and_beta_convergence():
    rng = np.random.default_rng(3)
    y0 = rng.uniform(1000, 5000, 40)
    y1 = y0 * np.exp(0.3 - 0.03 * np.log(y0) + rng.normal(0, 0.01, 40))
    b = M.beta_convergence(y0, y1, 10)
    slope, intercept = np.polyfit(np.log(y0), np.log(y1 / y0) / 10, 1)
    assert b.beta == pytest.approx(slope, rel=1e-10)
    assert b.alpha == pytest.approx(intercept, rel=1e-10)
    assert b.speed == pytest.approx(-np.log(1 + slope * 10) / 10, rel=1e-12)
    assert b.half_life == pytest.approx(np.log(2) / b.speed)
    panel = pd.DataFrame({2000: y0, 2010: y1})
    s = M.sigma_convergence(panel)
    assert s[2000] == pytest.approx(np.std(np.log(y0), ddof=1), rel=1e-12)


def test_standardized_lq_per_industry_zscore():
    lq = pd.DataFrame(
        {"a": [0.5, 1.0, 2.5, 4.0], "b": [1.0, 1.0, 1.0, 1.0], "c": [0.2, 0.0, 3.0, 1.0]}
    )
    slq = M.standardized_lq(lq)
    for col in ("a", "c"):
        v = lq[col].to_numpy()
        assert slq[col].to_numpy() == pytest.approx((v - v.mean()) / v.std(ddof=1), rel=1e-12)
    assert slq["b"].isna().all()  # sd 0
    logq = M.standardized_lq(lq, log=True)
    v = np.log10(lq["c"].to_numpy()[[0, 2, 3]])
    assert logq["c"].iloc[[0, 2, 3]].to_numpy() == pytest.approx((v - v.mean()) / v.std(ddof=1))
    assert np.isnan(logq["c"].iloc[1])


def _german(real_data, column):
    df = pd.read_csv(real_data / "reat_G_regions_industries.csv")
    return df, df.pivot(index="region_code", columns="ind_code", values=column)


def test_litzenberger_sternberg_against_cell_loop(real_data):
    df, emp = _german(real_data, "emp_all")
    _, firms = _german(real_data, "firms")
    reg = df.groupby("region_code")[["pop", "area_sqkm"]].first()
    ci = M.litzenberger_sternberg(emp, reg["area_sqkm"], reg["pop"], firms)
    a, p = reg["area_sqkm"].sum(), reg["pop"].sum()
    for j in ["BY", "HH", "MV"]:
        for i in ["WZ08-C", "WZ08-K"]:
            e_ij, e_i = emp.loc[j, i], emp[i].sum()
            b_ij, b_i = firms.loc[j, i], firms[i].sum()
            expect = (
                ((e_ij / reg.loc[j, "area_sqkm"]) / (e_i / a))
                * ((e_ij / reg.loc[j, "pop"]) / (e_i / p))
                / ((e_ij / b_ij) / (e_i / b_i))
            )
            assert ci.loc[j, i] == pytest.approx(expect, rel=1e-12)


def test_matrix_eg_equals_firm_eg_for_equal_size_firms():
    """With equal-size firms per cell the count approximation of H is exact."""
    emp = pd.DataFrame({"a": [300.0, 100.0, 0.0], "b": [50.0, 50.0, 400.0]}, index=["x", "y", "z"])
    firms = pd.DataFrame({"a": [3.0, 1.0, 0.0], "b": [1.0, 2.0, 4.0]}, index=["x", "y", "z"])
    totals = pd.Series({"x": 5000.0, "y": 3000.0, "z": 2000.0})
    rows = []
    for j in emp.index:
        for i in emp.columns:
            n = int(firms.loc[j, i])
            if n:
                rows += [(emp.loc[j, i] / n, j, i)] * n
    f = pd.DataFrame(rows, columns=["emp", "region", "industry"])
    exact = M.ellison_glaeser_firms(f.emp, f.region, f.industry, region_totals=totals)
    approx_ = M.ellison_glaeser_matrix(emp, firms, region_totals=totals)
    for col in ("gamma", "G", "H", "ms_gamma"):
        assert approx_[col].to_numpy() == pytest.approx(exact[col].to_numpy(), rel=1e-12)
    assert approx_["approximate"].all()
    assert M.ellison_glaeser_matrix(emp)["gamma"].isna().all()  # no firm counts: γ undefined


def test_pairwise_coagglomeration_formula():
    emp = pd.DataFrame({"a": [300.0, 100.0, 0.0], "b": [50.0, 50.0, 400.0], "c": [10.0, 0.0, 5.0]})
    pw = M.coagglomeration_pairwise(emp)
    x = emp.sum(axis=1) / emp.to_numpy().sum()
    s = emp / emp.sum()
    expect = ((s["a"] - x) * (s["b"] - x)).sum() / (1 - (x**2).sum())
    assert pw.loc["a", "b"] == pytest.approx(expect, rel=1e-12)
    assert pw.loc["b", "a"] == pytest.approx(expect, rel=1e-12)
