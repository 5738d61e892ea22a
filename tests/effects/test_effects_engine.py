"""The welfare-effects engine on the bundled sample and the real provincial data."""

from __future__ import annotations

import pytest
from inputs import effects_thresholds, rows

from clusterpolicy.assess.effects import (
    OUTCOMES,
    WELFARE_EFFECTS_COLUMNS,
    build_panel,
    estimate_welfare_effects,
)
from clusterpolicy.progress import Cancelled

CONTRACT = [
    "model", "outcome", "term", "coef", "se", "t", "p", "ci_low", "ci_high", "n_obs",
    "n_regions", "n_years", "turning_point", "threshold", "threshold_p",
]  # fmt: skip


def test_sheet_columns_follow_the_contract(sample_result):
    w = sample_result.tables()["welfare_effects"]
    assert list(w.columns[: len(CONTRACT)]) == CONTRACT
    assert list(w.columns) == WELFARE_EFFECTS_COLUMNS
    assert set(w["status"]) <= {"ok", "refused", "not_run"}


def test_sample_panel_models(sample_result):
    fe = rows(sample_result, "welfare_index", "fe_twoway")
    assert (fe["status"] == "ok").all()
    assert fe.iloc[0][["n_obs", "n_regions", "n_years"]].tolist() == [100, 10, 10]
    quad = rows(sample_result, "welfare_index", "quadratic")
    assert quad["turning_point"].notna().all()
    thr = rows(sample_result, "welfare_index", "threshold_single")
    assert thr["threshold"].notna().all() and thr["threshold_p"].between(0, 1).all()
    gmm = rows(sample_result, "welfare_index", "system_gmm")
    assert gmm["status"].tolist() == ["refused"]
    assert "10 regions" in gmm["reason_en"].iloc[0] and "10个地区" in gmm["reason_zh"].iloc[0]


def test_every_outcome_has_readings_in_both_languages(sample_result):
    r = sample_result.tables()["welfare_effects_readings"]
    for outcome in sample_result.runs:
        sub = r.loc[r["outcome"] == outcome]
        assert {"estimate", "seed_000", "caveat"} <= set(sub["kind"])
        assert sub["reading_zh"].str.len().min() > 10 and sub["reading_en"].str.len().min() > 10
        assert any("相关关系，不是因果" in t for t in sub["reading_zh"])
        assert any("not a cause" in t for t in sub["reading_en"])
    small = r.loc[r["kind"] == "caveat", "reading_en"]
    assert any("Small panel (10 regions)" in t for t in small)


def test_panel_lists_missing_controls_and_left_out(sample_result):
    t = sample_result.tables()["welfare_effects_panel"]
    missing = set(t.loc[t["section"] == "missing_control", "item"])
    assert {"human_capital", "capital", "urbanization"} <= missing
    assert "seed_control_not_in_tables" in set(t["section"])


def test_absorbed_control_is_left_out_and_said(sample_result):
    # the fictional sample's GDP per capita grows at one rate everywhere: the two-way
    # effects absorb it, so it is left out of those models and the row says so
    fe = rows(sample_result, "education_exp_pc", "fe_twoway")
    assert "gdp_pc" not in set(fe["term"])
    assert "no variation left" in fe["reason_en"].iloc[0]


def _figure(result, outcome, lang):
    from clusterpolicy.report.charts import fitted_relation_chart

    return fitted_relation_chart(result.tables()["welfare_effects_fit"], outcome, lang)


def test_figure_png_is_deterministic(sample_result):
    a = _figure(sample_result, "welfare_index", "zh")
    b = _figure(sample_result, "welfare_index", "zh")
    assert a[:8] == b"\x89PNG\r\n\x1a\n" and a == b
    rel = sample_result.fitted_relation("welfare_index")
    assert {"data_range", "turning_point", "seed_band"} <= set(rel.marks["kind"])
    assert set(rel.points.columns) >= {"region_code", "year", "x", "y", "y_raw"}


def test_density_needs_area(sample_data, real_china, thresholds):
    p = build_panel(sample_data, thresholds, agglomeration="density")
    assert p.frame["agglomeration"].notna().sum() == 100
    res = estimate_welfare_effects(
        real_china, {}, thresholds, agglomeration="density", outcomes=["disposable_income_pc"]
    )
    assert (res.welfare_effects["status"] == "refused").all()
    assert any("area_km2" in n[1] for n in res.panel.notes)


def test_selected_industry_family(sample_data, thresholds):
    p = build_panel(sample_data, thresholds, agglomeration="lq_industry", industries=["C38"])
    lq = p.frame["agglomeration"]
    assert lq.loc[("990105", 2015)] == pytest.approx(1.23, abs=0.01)  # README of the sample
    assert lq.loc[("990105", 2024)] == pytest.approx(2.23, abs=0.01)


def test_missing_effects_thresholds_say_what_to_add(sample_data, tmp_path):
    from clusterpolicy.knowledge import load_profile

    profile = load_profile()
    th = profile.with_overrides(
        drop=tuple(k for k in profile.threshold_values() if k.startswith("effects."))
    )
    with pytest.raises(KeyError, match="effects.yaml"):
        estimate_welfare_effects(sample_data, {}, th, outcomes=["welfare_index"])


def test_cancel_propagates(sample_data, thresholds):
    def cancel(fraction, message=""):
        if fraction > 0.3:
            raise Cancelled()

    with pytest.raises(Cancelled):
        estimate_welfare_effects(sample_data, {}, thresholds, progress=cancel)


def test_years_from_settings(sample_data, thresholds):
    res = estimate_welfare_effects(
        sample_data, {"base_year": 2018, "end_year": 2024}, thresholds, outcomes=["welfare_index"]
    )
    assert rows(res, "welfare_index", "fe_twoway")["n_years"].iloc[0] == 7


def test_unknown_outcome(sample_data, thresholds):
    with pytest.raises(ValueError):
        estimate_welfare_effects(sample_data, {}, thresholds, outcomes=["gdp"])
    assert "welfare_index" in OUTCOMES


@pytest.mark.realdata
def test_real_panel_years_and_what_it_supports(real_result):
    res = real_result
    cov = res.panel.coverage().set_index("column")
    # LQ with explicit totals (urban-unit employment) 2008–2016; 2005–2007 dropped
    assert (cov.at["agglomeration", "first_year"], cov.at["agglomeration", "last_year"]) == (
        2008,
        2016,
    )
    assert len(res.panel.dropped) == 31 * 3
    inc = rows(res, "disposable_income_pc", "fe_twoway").iloc[0]
    assert (inc["n_obs"], inc["n_regions"], inc["n_years"]) == (124, 31, 4)  # 2013–2016
    assert rows(res, "disposable_income_pc", "system_gmm")["status"].iloc[0] == "refused"
    emp = rows(res, "manufacturing_employment", "fe_twoway")
    emp_lq = emp.loc[emp["term"] == "agglomeration"].iloc[0]
    assert (emp_lq["n_obs"], emp_lq["n_regions"], emp_lq["n_years"]) == (278, 31, 9)
    assert emp_lq["coef"] > 0 and emp_lq["p"] < 0.05
    gmm = rows(res, "manufacturing_employment", "system_gmm")
    assert (gmm["status"] == "ok").all() and (gmm["n_instruments"] < 31).all()
    for outcome in ("education_exp_pc", "health_exp_pc", "social_security_exp_pc", "welfare_index"):
        sub = res.welfare_effects.loc[res.welfare_effects["outcome"] == outcome]
        assert (sub["status"] != "ok").all()
        assert sub["reason_en"].str.contains("share no region-year").any()
    readings = res.tables()["welfare_effects_readings"]
    assert readings["reading_zh"].str.contains("2012→2013").any()


@pytest.mark.realdata
def test_real_figures_render(real_result, tmp_path):
    for lang in ("zh", "en"):
        png = _figure(real_result, "manufacturing_employment", lang)
        assert png and png[:4] == b"\x89PNG"
    assert _figure(real_result, "welfare_index", "zh") is None  # nothing estimated


def test_thresholds_helper(tmp_path):
    th = effects_thresholds(tmp_path)
    assert (
        th.value("effects.threshold.bootstrap") == 300 and th.value("effects.gmm.min_regions") == 20
    )
