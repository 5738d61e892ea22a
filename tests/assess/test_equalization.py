"""Equalization engine: indicators, dispersion (checked by hand), LQ band, transfers, what-if."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from panels import as_profile, build, hand_theil_t, thresholds, welfare_regions

from clusterpolicy.assess.equalization import (
    EQUALIZATION_COLUMNS,
    SCENARIO_COLUMNS,
    THRESHOLD_COLUMNS,
    TRANSFER_COLUMNS,
    assess_equalization,
)
from clusterpolicy.assess.equalization.transfers import tier_of
from clusterpolicy.model.tables import TOTAL_INDUSTRY
from clusterpolicy.progress import Cancelled

TH = thresholds("equalization")
CODES = ["320100", "330200", "510100", "620100"]
POP = np.array([2e6, 1e6, 3e6, 1e6])
INCOME = np.array([60_000, 70_000, 40_000, 30_000], dtype=float)
EDU = np.array([3000, 3500, 2000, 1500], dtype=float)
HEALTH = np.array([1500, 1600, 1200, 1000], dtype=float)
SOCIAL = np.array([2500, 2800, 2000, 1800], dtype=float)
EXP = np.array([2.4e10, 1.3e10, 2.7e10, 1.0e10])
REV = np.array([2.0e10, 1.4e10, 0.9e10, 0.2e10])


def run(**kw):
    kw.setdefault("profile", as_profile(TH))
    return assess_equalization(welfare_regions(), "510100", **kw)


def value(res, code, indicator, col="value"):
    t = res.equalization
    return t.loc[(t["region_code"] == code) & (t["indicator"] == indicator), col].iloc[0]


def test_sheets_and_contract_columns():
    res = run()
    assert set(res.tables()) == {
        "equalization",
        "inequality",
        "agglomeration_threshold",
        "scenario",
        "transfers",
    }
    assert list(res.equalization.columns) == EQUALIZATION_COLUMNS
    assert list(res.transfers.columns) == TRANSFER_COLUMNS


def test_indicators_gaps_and_ranks_by_hand():
    res = run()
    mu = float((POP * INCOME).sum() / POP.sum())  # population-weighted mean, reference row excluded
    assert value(res, "510100", "disposable_income_pc", "reference_value") == pytest.approx(mu)
    assert value(res, "510100", "disposable_income_pc", "gap_to_reference") == pytest.approx(
        40_000 - mu
    )
    assert value(res, "510100", "disposable_income_pc", "gap_pct") == pytest.approx(
        (40_000 - mu) / mu * 100
    )
    assert value(res, "510100", "disposable_income_pc", "rank") == 3
    assert value(res, "330200", "disposable_income_pc", "rank") == 1
    assert pd.isna(
        value(res, "320000", "disposable_income_pc", "rank")
    )  # reference area is not ranked
    assert value(res, "620100", "manufacturing_emp_per_10k") == pytest.approx(50_000 / 1e6 * 1e4)
    focal = res.equalization.loc[res.equalization["is_focal"], "region_code"].unique()
    assert list(focal) == ["510100"]


def test_reference_can_be_a_region_row():
    res = run(reference="320000")
    assert value(res, "510100", "disposable_income_pc", "reference_value") == 52_000
    with pytest.raises(ValueError):
        run(reference="999999")


def test_welfare_index_ratio_to_weighted_mean():
    res = run()
    means = [float((POP * v).sum() / POP.sum()) for v in (EDU, HEALTH, SOCIAL)]
    for i, code in enumerate(CODES):
        expected = 100 * (EDU[i] / means[0] + HEALTH[i] / means[1] + SOCIAL[i] / means[2]) / 3
        assert value(res, code, "welfare_index") == pytest.approx(expected)
    # population-weighted mean of the index is 100 with equal weights
    idx = np.array([value(res, c, "welfare_index") for c in CODES])
    assert float((POP * idx).sum() / POP.sum()) == pytest.approx(100.0)


def test_dispersion_by_hand_theil_gini_williamson():
    ineq = run().inequality
    sel = ineq[(ineq["indicator"] == "disposable_income_pc") & (ineq["weighting"] == "population")]
    get = sel.set_index("index")
    # Theil T, population-weighted, and its between-group part (East = first two, West = last two)
    assert get.at["theil_t", "value"] == pytest.approx(hand_theil_t(INCOME, POP))
    p = POP / POP.sum()
    s = p * INCOME / (p * INCOME).sum()
    pg = np.array([p[:2].sum(), p[2:].sum()])
    sg = np.array([s[:2].sum(), s[2:].sum()])
    between = float((sg * np.log(sg / pg)).sum())
    assert get.at["theil_t", "between"] == pytest.approx(between)
    assert get.at["theil_t", "between"] + get.at["theil_t", "within"] == pytest.approx(
        get.at["theil_t", "value"]
    )
    # Theil L = Σ p ln(μ/y)
    mu = (p * INCOME).sum()
    assert get.at["theil_l", "value"] == pytest.approx(float((p * np.log(mu / INCOME)).sum()))
    # weighted Gini = Σ Σ p_i p_j |y_i − y_j| / (2μ); Williamson = sqrt(Σ p (y − μ)²)/μ
    gini = (p[:, None] * p[None, :] * np.abs(INCOME[:, None] - INCOME[None, :])).sum() / (2 * mu)
    assert get.at["gini", "value"] == pytest.approx(gini)
    assert get.at["williamson", "value"] == pytest.approx(
        np.sqrt((p * (INCOME - mu) ** 2).sum()) / mu
    )
    # unweighted Gini: ΣΣ|y_i − y_j|/(2n²ȳ)
    none = ineq[
        (ineq["indicator"] == "disposable_income_pc") & (ineq["weighting"] == "none")
    ].set_index("index")
    g0 = np.abs(INCOME[:, None] - INCOME[None, :]).sum() / (2 * 16 * INCOME.mean())
    assert none.at["gini", "value"] == pytest.approx(g0)
    assert set(ineq["indicator"]) >= {"welfare_index", "education_exp_pc"}


def band_data(lq: float, ref_code: str = "100000"):
    """Focal 510100 with manufacturing (C17 + C38) at ``lq`` times the reference's share 0.2;
    one more region; an agriculture division that must not count."""
    mfg = 0.2 * lq * 1000.0
    detail = [
        {"region_code": "510100", "industry_code": "C17", "year": 2022, "employment": mfg / 2},
        {"region_code": "510100", "industry_code": "C38", "year": 2022, "employment": mfg / 2},
        {"region_code": "510100", "industry_code": "A01", "year": 2022, "employment": 1000.0 - mfg},
        {"region_code": "620100", "industry_code": "C17", "year": 2022, "employment": 100.0},
        {"region_code": "620100", "industry_code": "A01", "year": 2022, "employment": 900.0},
    ]
    ref = [
        {"region_code": ref_code, "industry_code": "C17", "year": 2022, "employment": 1e5},
        {"region_code": ref_code, "industry_code": "C38", "year": 2022, "employment": 1e5},
        {"region_code": ref_code, "industry_code": "A01", "year": 2022, "employment": 8e5},
        {"region_code": ref_code, "industry_code": TOTAL_INDUSTRY, "year": 2022, "employment": 1e6},
    ]
    name = "全国" if ref_code == "100000" else "四川省"
    regions = [{"region_code": ref_code, "name_zh": name, "is_reference": True}]
    return build(detail, [], ref, regions)


@pytest.mark.parametrize(
    ("lq", "zone"), [(1.22, "below"), (1.23, "within"), (4.56, "within"), (4.57, "above")]
)
def test_welfare_band_judges_the_regions_manufacturing_not_industries(lq, zone):
    from clusterpolicy.assess.equalization.band import band_rows

    t = band_rows(band_data(lq), "510100", 2022, None, as_profile(TH))
    assert list(t.columns) == THRESHOLD_COLUMNS and len(t) == 1  # one row: manufacturing
    r = t.iloc[0]
    assert r["industry_code"] == "C" and r["lq"] == pytest.approx(lq) and r["zone"] == zone
    assert (r["band_low"], r["band_high"]) == (1.23, 4.56)
    assert "L84" in r["reading_en"] and "全国（100000，全国）" == r["reference_name_zh"]
    assert "不用于判断单个行业" in r["caveat_zh"] and "never to single industries" in r["caveat_en"]
    assert "与原研究口径相同" in r["caveat_zh"]


def test_welfare_band_names_a_provincial_reference_and_is_settable():
    from clusterpolicy.assess.equalization.band import band_rows

    t = band_rows(band_data(1.1, "510000"), "510100", 2022, None, as_profile(TH))
    assert "口径与原研究（省份相对全国）不同" in t.iloc[0]["caveat_zh"]
    th = {**TH, "equalization.agglomeration.band_low": 1.0}
    t = band_rows(band_data(1.1), "510100", 2022, None, as_profile(th))
    assert t.iloc[0]["zone"] == "within" and "1~4.56" in t.iloc[0]["reading_zh"]


def test_transfers_formula_by_hand():
    """No GDP in the data: standard revenue = actual revenue × collection factor (1); standard
    expenditure = population × the average standard revenue per head (not mean spending)."""
    t = run().transfers.set_index("region_code")
    pc_std = REV.sum() / POP.sum()
    coef = TH["equalization.transfer.coefficient"]
    for i, code in enumerate(CODES):
        se, sr = POP[i] * pc_std, REV[i]
        assert t.at[code, "standard_expenditure"] == pytest.approx(se)
        assert t.at[code, "standard_revenue"] == pytest.approx(sr)
        assert t.at[code, "transfer"] == pytest.approx(max(se - sr, 0) * coef)
        assert t.at[code, "transfer_pc"] == pytest.approx(max(se - sr, 0) * coef / POP[i])
    # the two richer regions' standard revenue covers their standard expenditure: nothing
    assert t.at["330200", "transfer"] == 0 and t.at["320100", "transfer"] == 0
    assert t.at["510100", "transfer"] > 0 and t.at["620100", "transfer"] > 0
    assert set(t["sr_basis"]) == {"actual_revenue"}
    assert t["pool"].iloc[0] == pytest.approx(t["transfer"].sum())
    assert t.at["510100", "central_share"] == 80 and t.at["320100", "central_share"] == 30


def test_transfers_from_a_tax_base_and_a_stated_pool():
    from clusterpolicy.assess.equalization.transfers import transfers_table

    gdp = np.array([1.6e11, 1.2e11, 1.5e11, 0.4e11])
    f = pd.DataFrame({"region_code": CODES, "population": POP, "gdp": gdp, "fiscal_revenue": REV})
    t = transfers_table(f, as_profile(TH)).set_index("region_code")
    rate = REV.sum() / gdp.sum()  # the representative rate (standard_revenue_rate = 0)
    sr = gdp * rate
    se = POP * sr.sum() / POP.sum()
    assert list(t["standard_revenue"]) == pytest.approx(list(sr))
    assert list(t["standard_expenditure"]) == pytest.approx(list(se))
    assert set(t["sr_basis"]) == {"gdp_x_rate"}
    gaps = np.clip(se - sr, 0, None)
    pool = 0.25 * gaps.sum()
    tp = transfers_table(f, as_profile(TH), pool=pool).set_index("region_code")
    assert tp["coefficient"].iloc[0] == pytest.approx(0.25)
    assert list(tp["transfer"]) == pytest.approx(list(gaps * 0.25))
    assert tp["transfer"].sum() == pytest.approx(pool)
    # a profile's own standard rate
    t2 = transfers_table(f, as_profile({**TH, "equalization.transfer.standard_revenue_rate": 0.1}))
    assert list(t2["standard_revenue"]) == pytest.approx(list(gdp * 0.1))


def test_cost_factor_scales_standard_expenditure():
    data = welfare_regions()
    data.region_data["cost_factor"] = [1.0, 1.0, 1.2, 1.5, 1.0]
    res = assess_equalization(data, "510100", profile=as_profile(TH))
    t = res.transfers.set_index("region_code")
    cost = np.array([1.0, 1.0, 1.2, 1.5])  # CODES order; the reference row (last) is left out
    per_head = REV.sum() / (POP * cost).sum()
    assert t.at["620100", "standard_expenditure"] == pytest.approx(1e6 * 1.5 * per_head)
    assert t.at["510100", "standard_expenditure"] == pytest.approx(3e6 * 1.2 * per_head)


def test_cost_sharing_tiers():
    tiers = as_profile(TH).cost_sharing_tiers()  # from levers/transfer.yaml, not from code

    def _tier(code):
        return tier_of(code, tiers)

    assert _tier("510100") == 1 and _tier("410100") == 2 and _tier("210100") == 3
    assert _tier("210200") == 4  # 大连 (计划单列市) although 辽宁 is tier 3
    assert _tier("440300") == 4 and _tier("110000") == 5 and _tier("310000") == 5
    assert _tier("DE01") is None


@pytest.mark.parametrize("allocation", ["formula", "per_capita", "gap"])
def test_pool_is_conserved_and_dispersion_falls(allocation):
    pool = 5e8
    sc = {
        "name": "pool",
        "transfer_pool_yuan": pool,
        "allocation": allocation,
        "target_indicator": "education_exp_pc",
    }
    s = run(scenario=sc).scenario
    assert list(s.columns) == SCENARIO_COLUMNS
    paid = s[s["indicator"] == "transfer_yuan"]
    assert paid["after"].sum() == pytest.approx(pool)
    edu = s[(s["indicator"] == "education_exp_pc") & (s["region_code"] != "ALL")].set_index(
        "region_code"
    )
    # spending added per capita × population = money received
    for code, pop in zip(CODES, POP, strict=True):
        got = paid.set_index("region_code")["after"].get(code, 0.0)
        assert edu.at[code, "change"] * pop == pytest.approx(got)
    disp = s[(s["region_code"] == "ALL") & (s["of_indicator"] == "education_exp_pc")].set_index(
        "indicator"
    )
    if allocation != "per_capita":  # pro-poor allocations narrow the gaps
        assert disp.at["gini", "after"] < disp.at["gini", "before"]
        assert disp.at["theil_t", "after"] < disp.at["theil_t", "before"]
    else:  # equal per-capita top-up: the same absolute increase lowers relative dispersion too
        assert disp.at["williamson", "after"] < disp.at["williamson", "before"]


def test_per_capita_allocation_is_equal_per_head():
    s = run(scenario={"transfer_pool_yuan": 7e8, "allocation": "per_capita"}).scenario
    edu = s[(s["indicator"] == "education_exp_pc") & (s["region_code"] != "ALL")]
    assert np.allclose(edu["change"], 7e8 / POP.sum())


def test_growth_scenario_moves_indices_the_right_way():
    up_poor = run(
        scenario={"name": "west", "growth": {"West": 10}, "indicators": ["disposable_income_pc"]}
    ).scenario
    d = up_poor[
        (up_poor["region_code"] == "ALL") & (up_poor["of_indicator"] == "disposable_income_pc")
    ]
    g = d.set_index("indicator")
    assert g.at["gini", "after"] < g.at["gini", "before"]
    rows = up_poor[
        (up_poor["indicator"] == "disposable_income_pc") & (up_poor["region_code"] == "620100")
    ]
    assert rows.iloc[0]["after"] == pytest.approx(33_000)
    up_rich = run(
        scenario={"growth": {"330200": 10}, "indicators": ["disposable_income_pc"]}
    ).scenario
    g2 = up_rich[
        (up_rich["region_code"] == "ALL") & (up_rich["of_indicator"] == "disposable_income_pc")
    ]
    g2 = g2.set_index("indicator")
    assert g2.at["gini", "after"] > g2.at["gini", "before"]
    with pytest.raises(ValueError, match="matches no region"):
        run(scenario={"growth": {"Mars": 10}})


def test_scenario_errors_and_levers_pass_through():
    with pytest.raises(ValueError, match="allocation"):
        run(scenario={"transfer_pool_yuan": 1e8, "allocation": "lottery"})
    with pytest.raises(ValueError, match="transfer_pool_yuan or growth"):
        run(scenario={"name": "nothing"})
    profile = as_profile(TH)
    assert [lv["id"] for lv in run(profile=profile).levers] == [lv["id"] for lv in profile.levers()]


def test_progress_and_cancel():
    seen = []
    run(progress=lambda f, m: seen.append(f))
    assert seen[-1] == 1.0

    def cancel(f, m):
        raise Cancelled

    with pytest.raises(Cancelled):
        run(progress=cancel)


# --- growth assumptions over a horizon (scenario.py docstring) ---------------------------------
def _pool_rows(s, indicator):
    return s[(s["indicator"] == indicator) & (s["region_code"] != "ALL")].set_index("region_code")


def test_growth_assumptions_move_the_after_to_the_horizon_year_by_hand():
    h, gp, gy, gn, pool = 5, 3.0, 4.0, 1.0, 6e8
    sc = {
        "name": "h5",
        "transfer_pool_yuan": pool,
        "allocation": "gap",
        "target_indicator": "education_exp_pc",
        "horizon_years": h,
        "pool_growth_pct": gp,
        "target_growth_pct": gy,
        "population_growth_pct": gn,
    }
    s = run(scenario=sc).scenario
    # independent: project by hand, then split the grown pool by population × shortfall
    pop_h = POP * 1.01**5
    edu_h = EDU * 1.04**5
    ref_h = (pop_h * edu_h).sum() / pop_h.sum()
    w = pop_h * np.clip(ref_h - edu_h, 0, None)
    money = pool * 1.03**5 * w / w.sum()
    expected_after = edu_h + money / pop_h
    edu = _pool_rows(s, "education_exp_pc")
    for i, code in enumerate(CODES):
        assert edu.at[code, "before"] == pytest.approx(EDU[i])  # today's value
        assert edu.at[code, "after"] == pytest.approx(expected_after[i], rel=1e-12)
    paid = _pool_rows(s, "transfer_yuan")["after"]
    assert paid.sum() == pytest.approx(pool * 1.03**5, rel=1e-12)
    assert paid.get("510100") == pytest.approx(money[2], rel=1e-12)
    # the dispersion after is weighted by the projected population
    from clusterpolicy.metrics import inequality_indices

    gini = s[(s["region_code"] == "ALL") & (s["of_indicator"] == "education_exp_pc")]
    gini = gini.set_index("indicator").at["gini", "after"]
    assert gini == pytest.approx(inequality_indices(expected_after, weights=pop_h).gini)


def test_uniform_trend_alone_leaves_the_scale_free_indices_unchanged():
    base = {"transfer_pool_yuan": 0.0, "allocation": "per_capita"}
    s = run(scenario={**base, "horizon_years": 10, "target_growth_pct": 6.0}).scenario
    edu = _pool_rows(s, "education_exp_pc")
    assert np.allclose(edu.loc[CODES, "after"].to_numpy(), EDU * 1.06**10)
    d = s[(s["region_code"] == "ALL") & (s["of_indicator"] == "education_exp_pc")]
    for _, r in d.iterrows():
        assert r["after"] == pytest.approx(r["before"], rel=1e-9), r["indicator"]


def test_old_scenarios_and_zero_growth_give_the_static_result():
    old = {"transfer_pool_yuan": 5e8, "allocation": "gap"}
    zero = {
        **old,
        "horizon_years": 0,
        "pool_growth_pct": 9.0,  # no effect over a horizon of 0 years
        "target_growth_pct": 0,
        "population_growth_pct": 0,
    }
    a, b = run(scenario=old).scenario, run(scenario=zero).scenario
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize(
    ("key", "value", "zh"),
    [
        ("horizon_years", 31, "展望年数须为 0 至 30 之间的整数"),
        ("horizon_years", 2.5, "整数"),
        ("pool_growth_pct", 250, "资金池年增长率须为 -50 至 100"),
        ("population_growth_pct", -12, "人口年增长率须为 -10 至 10"),
        ("target_growth_pct", "fast", "目标指标年增长率"),
        ("target_growth_pct", True, "目标指标年增长率"),
        ("transfer_pool_yuan", -1, "资金池须为"),
    ],
)
def test_a_bad_growth_assumption_is_named_in_both_languages(key, value, zh):
    from clusterpolicy.assess.equalization.scenario import check_scenario

    sc = {"name": "x", "transfer_pool_yuan": 1e8, "allocation": "gap", key: value}
    issues = check_scenario(sc)
    assert [i.field for i in issues] == [key]
    assert zh in issues[0].message_zh and key in issues[0].message_en
    with pytest.raises(ValueError, match=key):
        run(scenario=sc)


def test_growth_assumptions_belong_to_a_pool_scenario():
    from clusterpolicy.assess.equalization.scenario import check_scenario

    issues = check_scenario({"growth": {"West": 5}, "horizon_years": 3})
    assert [i.field for i in issues] == ["horizon_years"]
    assert check_scenario({"growth": {"West": 5}, "horizon_years": 0}) == []


def test_a_hostile_growth_scenario_is_refused_by_field_not_failed_in_the_run():
    from clusterpolicy.assess.equalization.scenario import check_scenario

    for sc, field in (
        ({"name": "a", "growth": {"山区": None}}, "growth"),
        ({"name": "a", "growth": {"山区": -100}}, "growth"),
        ({"name": "a", "growth": {"山区": 5}, "indicators": "abc"}, "indicators"),
        ({"name": "a", "growth": {"山区": 5}, "indicators": ["nope"]}, "indicators"),
        ({"name": "a", "growth": {"山区": 5}, "indicators": []}, "indicators"),
    ):
        issues = check_scenario(sc)
        assert [i.field for i in issues] == [field], (sc, issues)
        assert issues[0].message_zh.startswith(f"情景字段 {field}")
    assert (
        check_scenario({"name": "a", "growth": {"山区": 8.0}, "indicators": ["health_exp_pc"]})
        == []
    )
