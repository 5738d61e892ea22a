"""The panel estimators against a published data set, an independent computation and planted
parameters in simulation (Show items of the welfare-effects issue)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from simulate import dynamic_panel, threshold_panel

from clusterpolicy.metrics.panel import (
    fixed_effects,
    lr_critical,
    pooled_ols,
    quadratic,
    system_gmm,
    threshold_regression,
)
from clusterpolicy.metrics.panel.gmm import build_system, gmm_two_step

sm = pytest.importorskip("statsmodels.api")


@pytest.fixture(scope="module")
def grunfeld() -> pd.DataFrame:
    d = sm.datasets.grunfeld.load_pandas().data.copy()
    d["year"] = d["year"].astype(int)
    return d.set_index(["firm", "year"]).sort_index()


def _hand_within(df: pd.DataFrame, y: str, x: list[str], two_way: bool):
    """Independent computation: within transformation by hand, OLS by lstsq, clustered sandwich
    with the factor G/(G−1)·(N−1)/(N−K), K = slopes + absorbed effects not nested in the
    clusters (the year effects of a two-way model) + 1."""
    m = df[[y, *x]].astype(float)
    ent = m.index.get_level_values(0)
    tim = m.index.get_level_values(1)
    w = m - m.groupby(level=0).transform("mean")
    if two_way:  # balanced panel: y − ȳ_i − ȳ_t + ȳ
        w = w - m.groupby(tim).transform("mean").to_numpy() + m.mean().to_numpy()
    X = w[x].to_numpy()
    Y = w[y].to_numpy()
    beta = np.linalg.lstsq(X, Y, rcond=None)[0]
    e = Y - X @ beta
    bread = np.linalg.inv(X.T @ X)
    meat = np.zeros((len(x), len(x)))
    for g in pd.unique(ent):
        s = X[ent == g].T @ e[ent == g]
        meat += np.outer(s, s)
    n, G = len(Y), len(pd.unique(ent))
    k = len(x) + (len(pd.unique(tim)) - 1 if two_way else 0) + 1
    V = bread @ meat @ bread * G / (G - 1) * (n - 1) / (n - k)
    return beta, np.sqrt(np.diag(V))


@pytest.mark.parametrize("two_way", [False, True])
def test_grunfeld_fixed_effects_match_hand_within(grunfeld, two_way):
    fit = fixed_effects(grunfeld, "invest", ["value", "capital"], time_effects=two_way)
    beta, se = _hand_within(grunfeld, "invest", ["value", "capital"], two_way)
    diff = max(
        np.abs(fit.terms["coef"].to_numpy() - beta).max(),
        np.abs(fit.terms["se"].to_numpy() - se).max(),
    )
    print(f"two_way={two_way}", fit.terms[["coef", "se"]].to_dict(), "hand", beta, se, diff)
    assert diff < 1e-6
    assert fit.n_obs == 220 and fit.n_regions == 11 and fit.n_years == 20


def test_grunfeld_one_way_slopes_are_the_textbook_values(grunfeld):
    fit = fixed_effects(grunfeld, "invest", ["value", "capital"])
    assert round(fit.coef("value"), 3) == 0.110
    assert round(fit.coef("capital"), 3) == 0.310
    # the classic 10-firm data (without American Steel): Stata xtreg, fe vce(cluster) gives
    # 0.1101238 (0.0151945) and 0.3100653 (0.0527518)
    ten = grunfeld.drop(index="American Steel", level=0)
    fit10 = fixed_effects(ten, "invest", ["value", "capital"])
    assert fit10.coef("value") == pytest.approx(0.1101238, abs=1e-6)
    assert fit10.coef("capital") == pytest.approx(0.3100653, abs=1e-6)
    assert fit10.se("value") == pytest.approx(0.0151945, abs=2e-6)
    assert fit10.se("capital") == pytest.approx(0.0527518, abs=2e-6)


def test_pooled_ols_matches_statsmodels_cluster(grunfeld):
    fit = pooled_ols(grunfeld, "invest", ["value", "capital"])
    X = sm.add_constant(grunfeld[["value", "capital"]])
    groups = pd.factorize(grunfeld.index.get_level_values(0))[0]
    ref = sm.OLS(grunfeld["invest"], X).fit(cov_type="cluster", cov_kwds={"groups": groups})
    assert np.allclose(fit.terms["coef"].to_numpy(), ref.params.to_numpy(), atol=1e-8)
    assert np.allclose(fit.terms["se"].to_numpy(), ref.bse.to_numpy(), rtol=1e-6)


def test_quadratic_turning_point_and_lind_mehlum():
    rng = np.random.default_rng(3)
    n, t = 60, 8
    a = rng.uniform(0.5, 4.5, (n, t))
    mu = rng.normal(0, 1, n)
    y = mu[:, None] + (a - 2.0) ** 2 + rng.normal(0, 0.5, (n, t))  # U with minimum at 2
    idx = pd.MultiIndex.from_product([range(n), range(2001, 2001 + t)])
    df = pd.DataFrame({"y": y.ravel(), "a": a.ravel()}, index=idx)
    fit = quadratic(df, "y", "a")
    ex = fit.extras
    assert ex["shape"] == "u" and ex["shape_supported"]
    assert ex["tp_ci_low"] < 2.0 < ex["tp_ci_high"]
    assert ex["lm_p"] < 1e-6
    # monotone relation: the turning point lies outside the data, no U supported
    df["y2"] = mu.repeat(t) + df["a"] + 0.02 * df["a"] ** 2 + rng.normal(0, 0.5, n * t)
    fit2 = quadratic(df, "y2", "a")
    assert not fit2.extras["shape_supported"]


def test_lr_critical_value():
    assert lr_critical(0.05) == pytest.approx(7.35, abs=0.01)


def _threshold_coverage(runs: int) -> int:
    hits = 0
    for s in range(runs):
        fit = threshold_regression(threshold_panel(s, n=60), "y", "a", controls=["x"], bootstrap=0)
        lo, hi = fit.extras["threshold_ci"]
        hits += lo <= 2.0 <= hi
    return hits


def test_threshold_found_in_a_few_simulations():
    assert _threshold_coverage(10) >= 8


@pytest.mark.slow
def test_threshold_inside_its_interval_in_at_least_90_of_100_simulations():
    hits = _threshold_coverage(100)
    print("threshold coverage", hits, "of 100")
    assert hits >= 90


def test_threshold_bootstrap_p_small_with_large_without():
    with_t = threshold_regression(threshold_panel(7, n=60), "y", "a", controls=["x"], bootstrap=200)
    without = threshold_regression(
        threshold_panel(7, n=60, planted=False), "y", "a", controls=["x"], bootstrap=200
    )
    print(
        "bootstrap p with", with_t.extras["threshold_p"], "without", without.extras["threshold_p"]
    )
    assert with_t.extras["threshold_p"] <= 0.01
    assert without.extras["threshold_p"] >= 0.10
    # the regime slopes recover the planted 1 and 2
    terms = with_t.terms
    assert terms.at["a_r1", "ci_low"] <= 1.0 <= terms.at["a_r1", "ci_high"]
    assert terms.at["a_r2", "ci_low"] <= 2.0 <= terms.at["a_r2", "ci_high"]


def test_double_threshold_finds_no_second_threshold_when_there_is_one():
    fit = threshold_regression(
        threshold_panel(11, n=60), "y", "a", controls=["x"], n_thresholds=2, bootstrap=60
    )
    assert fit.extras["threshold2_p"] > 0.05
    lo, hi = fit.extras["threshold_ci"]
    assert lo <= 2.0 <= hi


def _gmm_coverage(runs: int) -> tuple[int, float]:
    hits, est = 0, []
    for s in range(runs):
        fit = system_gmm(dynamic_panel(s), "y", exog=["x"])
        lo, hi = fit.terms.loc["L1.y", ["ci_low", "ci_high"]]
        hits += lo <= 0.5 <= hi
        est.append(fit.coef("L1.y"))
    return hits, float(np.mean(est))


def test_gmm_recovers_rho_in_a_few_simulations():
    hits, mean = _gmm_coverage(10)
    assert hits >= 8 and mean == pytest.approx(0.5, abs=0.05)


@pytest.mark.slow
def test_gmm_rho_inside_its_interval_in_at_least_90_of_100_simulations():
    hits, mean = _gmm_coverage(100)
    print("gmm coverage", hits, "of 100; mean rho", mean)
    assert hits >= 90


def test_gmm_specification_tests_behave():
    fit = system_gmm(dynamic_panel(5), "y", exog=["x"])
    ex = fit.extras
    assert ex["ar1_p"] < 0.05  # differenced errors are MA(1) by construction
    assert ex["ar2_p"] > 0.05
    assert ex["hansen_p"] > 0.05
    assert ex["n_instruments"] < fit.n_regions and not fit.warnings


def test_gmm_two_step_algebra_matches_linearmodels_ivgmm():
    """Same stacked system and step-1 weight (Z'Z)⁻¹: our two-step equals IVGMM's, clustered."""
    from linearmodels.iv import IVGMM

    blocks, names, inst = build_system(dynamic_panel(2, n=50), "y", exog=["x"])
    g = gmm_two_step(blocks, first_weight="2sls")
    X = np.vstack([b[1] for b in blocks])
    Y = np.concatenate([b[2] for b in blocks])
    Z = np.vstack([b[3] for b in blocks])
    clusters = np.concatenate([[i] * len(b[2]) for i, b in enumerate(blocks)])
    res = IVGMM(Y, None, X, Z, weight_type="clustered", clusters=clusters).fit(
        iter_limit=2, cov_type="clustered", clusters=clusters
    )
    assert np.abs(res.params.to_numpy() - g["th2"]).max() < 1e-6


def test_gmm_warns_when_instruments_outnumber_regions():
    fit = system_gmm(dynamic_panel(1, n=12, t=10), "y", exog=["x"], max_lag=8)
    assert fit.n_regions == 12 and fit.extras["n_instruments"] > 12
    assert any("instruments exceed" in w for w in fit.warnings)
