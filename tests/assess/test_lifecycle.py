"""Life cycle, rebuilt: each rule with hand-worked numbers.

Panels from :func:`panels.lc_panel`: with the region's total 1000 and the reference's total
100 000, ``LQ_t = (e_t/1000)/(n_t/100000) = 100·e_t/n_t``, so trends can be read off: a geometric
``e`` at rate a and ``n`` at rate b give an absolute trend a and a relative trend (1+a)/(1+b) − 1.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from panels import base_profile, geo, lc_panel

from clusterpolicy.assess.lifecycle import INDETERMINATE, LIFECYCLE_COLUMNS, diagnose_lifecycle
from clusterpolicy.assess.lifecycle.rules import Params, m_abs_le, m_gt, m_lt
from clusterpolicy.assess.lifecycle.trends import detect_breaks, log_trend
from clusterpolicy.messages import ProblemError
from clusterpolicy.progress import Cancelled

REF_TOTAL = [100_000.0] * 10
P = base_profile()


def run(data, region="F", years=(2010, 2019), profile=None, **kw):
    res = diagnose_lifecycle(
        data, region, ["C"], base_year=years[0], end_year=years[1], profile=profile or P, **kw
    )
    return res.lifecycle.iloc[0]


def panel(e, n, **kw):
    kw.setdefault("ref_total", REF_TOTAL[: len(e)])
    return lc_panel(e, n, **kw)


# --- trends ----------------------------------------------------------------------------------------
def test_log_trend_of_a_geometric_series_is_its_rate_with_zero_error():
    t = log_trend(range(2010, 2020), geo(100, 0.05))
    assert t.rate == pytest.approx(0.05) and t.se == pytest.approx(0.0, abs=1e-12) and t.n == 10


def test_log_trend_standard_error_matches_the_ols_formula():
    x = [100, 104, 103, 110, 115, 113, 121, 126, 124, 133]
    t = log_trend(range(10), x)
    y = np.log(x)
    b, a = np.polyfit(np.arange(10), y, 1)
    resid = y - (a + b * np.arange(10))
    se = math.sqrt((resid @ resid) / 8 / ((np.arange(10) - 4.5) ** 2).sum())
    assert t.slope == pytest.approx(b) and t.se == pytest.approx(se)


def test_a_known_break_splits_the_window():
    years = range(2010, 2020)
    x = [v * (1.3 if y >= 2013 else 1.0) for v, y in zip(geo(100, 0.02), years, strict=True)]
    assert log_trend(years, x).rate > 0.04  # the jump read as growth
    assert log_trend(years, x, breaks=[2013]).rate == pytest.approx(0.02)  # step dummy at 2013
    assert [y for y, _ in detect_breaks(years, x, k=4, min_jump=0.15)] == [2013]


def test_fuzzy_memberships():
    assert m_gt(0.01, 0.0, 0.005) == 1.0 and m_gt(0.0, 0.0, 0.005) == 0.5
    assert m_lt(0.0025, 0.0, 0.005) == pytest.approx(0.25)
    assert m_abs_le(0.012, 0.01, 0.005) == pytest.approx(0.3)
    assert math.isnan(m_gt(float("nan"), 0, 1))


# --- stages -------------------------------------------------------------------------------------
def test_growth_absolute_and_relative_side_by_side():
    r = run(panel(geo(200, 0.08), geo(10_000, 0.02)))
    assert r["stage"] == "growth" and r["data_stage"] == "growth"
    assert r["abs_trend"] == pytest.approx(0.08)
    assert r["rel_trend"] == pytest.approx(1.08 / 1.02 - 1)
    assert r["abs_change_pct"] == pytest.approx(1.08**9 - 1)
    assert r["rel_change_pct"] == pytest.approx((1.08 / 1.02) ** 9 - 1)
    assert r["confidence"] == 1.0 and r["confidence_basis"] == "resampling"  # a clean series
    assert r["score_growth"] == pytest.approx(1.0)


def test_maturity_growing_with_the_reference():
    r = run(panel(geo(200, 0.02), geo(10_000, 0.02)))
    assert r["stage"] == "maturity" and r["lq_end"] == pytest.approx(2.0)
    # growth: absolute 2 % > 1 % (1.0), relative 0 at the cut-off (0.5), LQ ≥ 1 (1.0) → 5/6
    assert r["score_growth"] == pytest.approx(2.5 / 3)


def test_growing_industry_losing_share_is_not_declining():
    # +1 %/yr while the reference grows 4 %/yr: the LQ falls 2.9 %/yr, but employment grows
    r = run(panel(geo(200, 0.01), geo(10_000, 0.04)))
    assert r["rel_trend"] == pytest.approx(1.01 / 1.04 - 1)
    assert r["score_decline"] == 0.0
    assert r["stage"] != "decline"
    assert "份额下降而规模仍在增长，不按衰退计" in r["evidence_for_zh"] + r[
        "evidence_against_zh"
    ] or (r["stage"] == INDETERMINATE)


def test_shrinking_industry_with_rising_lq_is_decline_not_growth():
    # −3 %/yr every year while the nation's falls 6 %/yr: the LQ rises 3.2 %/yr
    r = run(panel(geo(200, -0.03), geo(10_000, -0.06)))
    assert r["rel_trend"] > 0 and r["lq_change"] > 0
    assert r["score_growth"] == 0.0  # growth needs absolute growth (its essential condition)
    assert r["stage"] == "decline" and r["decline_basis"] == "absolute"
    assert r["falling_share"] == 1.0


def test_relative_decline_beyond_the_margin_while_not_growing():
    r = run(panel(geo(200, -0.005), geo(10_000, 0.05)))  # −0.5 %/yr, LQ −5.2 %/yr
    assert r["stage"] == "decline" and r["decline_basis"] == "relative"


def test_emergence_size_test_is_absolute():
    # 40 → 141 jobs (+15 %/yr) of a 10 000-job region: 1.4 % < 2 % → emerging
    small = run(panel(geo(40, 0.15), geo(10_000, 0.02), total=[10_000.0] * 10))
    assert small["stage"] == "emergence" and small["lq_end"] < 1
    # the same growth at 14 % of the region's jobs is no emergence, whatever other regions do
    big = run(panel(geo(400, 0.15), geo(10_000, 0.02), total=[10_000.0] * 10))
    assert big["score_emergence"] == 0.0 and big["stage"] == "growth"


def test_renewal_v_shape():
    e = [300, 280, 260, 240, 220, 240, 270, 300, 330, 360]
    r = run(panel(e, [10_000.0] * 10))
    assert r["stage"] == "renewal"
    assert "区位熵由2010年的3.00降至2014年的低点2.20（−26.7%）" in r["evidence_for_zh"]


def test_early_death_is_listed_as_another_reading():
    r = run(panel(geo(14, -0.05), [10_000.0] * 10))  # 1.4 % of the region, −5 %/yr
    assert r["stage"] == "decline"
    assert "过早夭折" in r["readings_zh"] and "early death" in r["readings_en"]


def test_firm_counts_are_weak_evidence():
    # an absolute decline with rising 规上 firm counts stays a decline
    r = run(panel(geo(200, -0.04), geo(10_000, 0.0), firms=geo(50, 0.05)))
    assert r["stage"] == "decline"
    assert "不能直接读作企业进入或退出" in r["evidence_against_zh"]


# --- confidence and indeterminate --------------------------------------------------------------------
def test_short_series_use_the_margin_and_can_be_indeterminate():
    data = panel(geo(200, 0.02, 3), geo(10_000, 0.02, 3))
    r = run(data, years=(2010, 2012))
    assert r["confidence_basis"] == "margin"
    assert r["confidence"] == pytest.approx(1.0 - 2.5 / 3)  # maturity 1.0 vs growth 0.833
    assert r["stage"] == INDETERMINATE and r["leading_stage"] == "maturity"
    assert "阶段待定" in r["evidence_against_zh"]


def test_noisy_series_give_a_partial_and_reproducible_confidence():
    e = [200, 236, 181, 247, 195, 239, 176, 252, 188, 231]
    a = run(panel(e, [10_000.0] * 10))
    b = run(panel(e, [10_000.0] * 10))
    assert 0.0 < a["confidence"] < 1.0
    assert a["confidence"] == b["confidence"]  # seeded from the codes and the window
    if a["confidence"] < P.value("lifecycle.confidence.floor"):
        assert a["stage"] == INDETERMINATE


def test_no_stage_fitting_well_is_indeterminate():
    r = run(panel(geo(200, 0.01), geo(10_000, 0.04)))  # slow growth, losing share
    best = max(r[f"score_{s}"] for s in ("emergence", "growth", "maturity", "decline", "renewal"))
    assert best < P.value("lifecycle.confidence.min_score")
    assert r["stage"] == INDETERMINATE and "没有一个阶段足够吻合" in r["evidence_against_zh"]


# --- questionnaire ---------------------------------------------------------------------------------
def test_questionnaire_weight_is_bounded_and_data_stage_shown_beside():
    items = P.questionnaire("questionnaire.lifecycle").items
    answers = {"C": {it["id"]: "yes" for it in items}}
    r = run(panel(geo(200, 0.02), geo(10_000, 0.02)), questionnaire_items=items, answers=answers)
    w = P.value("lifecycle.questionnaire.max_weight")
    assert r["questionnaire_weight"] == pytest.approx(w)  # all 13 answered
    assert r["questionnaire_answered"] == len(items)
    for s in ("emergence", "growth", "maturity", "decline", "renewal"):
        assert 0.0 <= r[f"score_{s}"] <= 1.0
    assert r["data_stage"] == "maturity"
    one = {"C": {items[0]["id"]: "yes"}}
    r1 = run(panel(geo(200, 0.02), geo(10_000, 0.02)), questionnaire_items=items, answers=one)
    assert r1["questionnaire_weight"] == pytest.approx(w / len(items))


# --- breaks ----------------------------------------------------------------------------------------
def test_known_coverage_change_of_2013_is_flagged_and_handled():
    years = list(range(2008, 2017))
    jump = [1.3 if y >= 2013 else 1.0 for y in years]
    e = [v * j for v, j in zip(geo(200, 0.02, 9), jump, strict=True)]
    n = [v * j for v, j in zip(geo(10_000, 0.02, 9), jump, strict=True)]
    data = lc_panel(e, n, years=years, region="330000", ref_total=[100_000.0] * 9)
    r = run(data, region="330000", years=(2008, 2016))
    assert set(r["break_years"].split(",")) == {"2012", "2013"}  # 2012: GB/T 4754-2011 adopted
    assert "2012→2013年统计口径变化（已知）" in r["breaks_zh"]
    assert r["abs_trend"] == pytest.approx(0.02)  # the jump is not read as growth
    # a code outside GB/T 2260 (not covered by the known break): the jump is only detected
    other = run(lc_panel(e, n, years=years, ref_total=[100_000.0] * 9), years=(2008, 2016))
    assert "2013" in other["break_years"] and "跳变" in other["breaks_zh"]
    assert other["abs_trend"] > 0.04


# --- rules of the result ---------------------------------------------------------------------------
def test_contract_columns_first_and_languages_kept_apart():
    res = diagnose_lifecycle(
        panel(geo(200, 0.08), geo(10_000, 0.02)),
        "F",
        ["C"],
        base_year=2010,
        end_year=2019,
        profile=P,
    )
    assert list(res.lifecycle.columns[: len(LIFECYCLE_COLUMNS)]) == LIFECYCLE_COLUMNS
    r = res.lifecycle.iloc[0]
    for col in ("evidence_for_zh", "evidence_against_zh"):
        for line in r[col].splitlines():
            assert not re.search(r"[A-Za-z]", line.replace("LC-Q", "")), line
    for col in ("evidence_for_en", "evidence_against_en"):
        assert not re.search(r"[\u3400-\u9fff]", r[col].replace("规上", "")), r[col]
    assert len(res.series) == 10


def test_override_needs_a_reason_and_keeps_the_computed_stage():
    data = panel(geo(200, 0.08), geo(10_000, 0.02))
    r = run(data, overrides={"C": {"stage": "maturity", "reason": "新产能投产完毕"}})
    assert r["stage"] == "maturity" and r["computed_stage"] == "growth"
    with pytest.raises(ProblemError):
        run(data, overrides={"C": {"stage": "maturity", "reason": " "}})
    with pytest.raises(ProblemError):
        run(data, overrides={"C": {"stage": "sunset", "reason": "x"}})


def test_one_year_is_not_enough():
    with pytest.raises(ValueError, match="at least two years"):
        run(panel(geo(200, 0.08, 1), geo(10_000, 0.02, 1)), years=(2010, 2010))


def test_profile_thresholds_move_the_rules():
    data = panel(geo(200, -0.005), geo(10_000, 0.05))  # relative decline 5.2 %/yr
    strict = P.with_overrides({"lifecycle.decline.rel_margin": 0.06})
    assert run(data)["stage"] == "decline"
    assert run(data, profile=strict)["score_decline"] == 0.0
    assert Params.of(strict)["decline.rel_margin"] == 0.06


def test_progress_and_cancel():
    seen = []
    data = panel(geo(200, 0.08), geo(10_000, 0.02))
    run(data, progress=lambda f, m: seen.append(f))
    assert seen[-1] == 1.0

    def cancel(f, m):
        raise Cancelled()

    with pytest.raises(Cancelled):
        run(data, progress=cancel)
