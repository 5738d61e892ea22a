"""Life-cycle classifier: each stage reached by a constructed panel, fuzzy edges, overrides, confidence."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from panels import RENEWAL_LQ, STAGE_PANELS, YEARS, as_profile, stage_panel, thresholds

from clusterpolicy.assess.lifecycle import (
    LIFECYCLE_COLUMNS,
    STAGES,
    diagnose_lifecycle,
    m_abs_le,
    m_gt,
    m_lt,
)
from clusterpolicy.progress import Cancelled

TH = thresholds("lifecycle")


def run(data, **kw):
    kw.setdefault("profile", as_profile(TH))
    return diagnose_lifecycle(data, "F", ["C"], base_year=2010, end_year=2016, **kw)


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_is_reached_by_its_panel(stage):
    res = run(STAGE_PANELS[stage]())
    row = res.lifecycle.iloc[0]
    assert row["stage"] == stage
    assert row["computed_stage"] == stage
    assert row[f"score_{stage}"] == pytest.approx(1.0)  # every condition of the stage fully met
    others = [row[f"score_{s}"] for s in STAGES if s != stage]
    assert row["confidence"] == pytest.approx(1.0 - max(others))
    assert row["confidence"] > 0
    assert stage in row["evidence_for"]


def test_contract_columns_first():
    res = run(STAGE_PANELS["growth"]())
    assert list(res.lifecycle.columns[: len(LIFECYCLE_COLUMNS)]) == LIFECYCLE_COLUMNS
    assert set(res.tables()) == {"lifecycle"}


def test_signals_match_hand_computation_for_the_growth_panel():
    row = run(STAGE_PANELS["growth"]()).lifecycle.iloc[0]
    # e_C(t) = 1.2·1.08^t/1.02^t · 0.1 · 1000·1.02^t = 120·1.08^t → CAGR 8 %; reference 2 %
    assert row["emp_cagr"] == pytest.approx(0.08)
    assert row["ref_emp_cagr"] == pytest.approx(0.02)
    assert row["firm_cagr"] == pytest.approx(0.05)
    assert row["lq_base"] == pytest.approx(1.2)
    assert row["lq_end"] == pytest.approx(1.2 * (1.08 / 1.02) ** 6)
    # dynamic Dunn regional share: Σ_t e_t (g_r − g_n) = Σ_t 120·1.08^t·(0.08 − 0.02)
    expected = sum(120 * 1.08**k * 0.06 for k in range(6))
    assert row["regional_share"] == pytest.approx(expected)
    assert row["quadrant"] == "star"
    assert math.isnan(row["entropy_trend"])  # no sub-industries


def test_purdue_quadrants():
    assert (
        run(STAGE_PANELS["decline"]()).lifecycle.iloc[0]["quadrant"] == "mature"
    )  # LQ > 1, falling
    assert (
        run(STAGE_PANELS["emergence"]()).lifecycle.iloc[0]["quadrant"] == "emerging"
    )  # LQ < 1, rising
    falling_small = stage_panel([0.8 - 0.05 * k for k in range(len(YEARS))], [10] * len(YEARS))
    assert run(falling_small).lifecycle.iloc[0]["quadrant"] == "transforming"


def test_fuzzy_membership_edges():
    assert m_gt(0.0, 0.0, 0.1) == 0.5  # at the cut-off
    assert m_gt(0.05, 0.0, 0.1) == pytest.approx(0.75)  # just inside
    assert m_gt(-0.05, 0.0, 0.1) == pytest.approx(0.25)  # just outside
    assert m_gt(0.2, 0.0, 0.1) == 1.0 and m_gt(-0.2, 0.0, 0.1) == 0.0
    assert m_lt(-0.05, 0.0, 0.1) == pytest.approx(0.75)
    assert m_abs_le(0.0, 0.1, 0.05) == 1.0
    assert m_abs_le(0.125, 0.1, 0.05) == pytest.approx(0.25)
    assert math.isnan(m_gt(float("nan"), 0, 0.1))


def test_lq_change_just_inside_and_just_outside_the_growth_condition():
    tol = TH["lifecycle.tol.lq"]
    inside = stage_panel([1.2] * 6 + [1.2 + 0.5 * tol], [40] * 7)
    outside = stage_panel([1.2] * 6 + [1.2 - 0.5 * tol], [40] * 7)
    ev_in = run(inside).lifecycle.iloc[0]
    ev_out = run(outside).lifecycle.iloc[0]
    # ΔLQ = ±tol/2 → membership 0.75 / 0.25 of "ΔLQ > 0"
    assert "[growth 0.75] ΔLQ" in ev_in["conditions"]
    assert "[growth 0.25] ΔLQ" in ev_out["conditions"]
    assert ev_in["score_growth"] > ev_out["score_growth"]
    assert ev_in["score_decline"] < ev_out["score_decline"]


def test_confidence_ordering_clear_vs_ambiguous():
    clear = run(STAGE_PANELS["decline"]()).lifecycle.iloc[0]
    # a growth panel that stalls: employment growth barely above the reference (between growth and maturity)
    lq = [1.5 * 1.025**k / 1.02**k for k in range(len(YEARS))]
    ambiguous = run(stage_panel(lq, [50] * len(YEARS))).lifecycle.iloc[0]
    assert clear["confidence"] > ambiguous["confidence"]
    assert clear["confidence_label"] == "high"
    assert ambiguous["confidence_label"] in ("low", "medium")
    scores = sorted((ambiguous[f"score_{s}"] for s in STAGES), reverse=True)
    assert ambiguous["confidence"] == pytest.approx(scores[0] - scores[1])


def test_renewal_needs_a_trough_inside_the_window():
    row = run(STAGE_PANELS["renewal"]()).lifecycle.iloc[0]
    assert row["stage"] == "renewal"
    assert "trough 2013" in row["evidence_for"]
    assert "new_product_sales share of output rising" in row["evidence_for"]
    # a short window (3 years: 2014–2016, all rising) cannot show renewal
    short = diagnose_lifecycle(
        STAGE_PANELS["renewal"](), "F", ["C"], base_year=2014, end_year=2016, profile=as_profile(TH)
    ).lifecycle.iloc[0]
    assert short["score_renewal"] == 0.0
    assert "window shorter" in short["conditions"]
    # the same path without the recovery (stays at the trough) is not renewal
    flat = stage_panel(RENEWAL_LQ[:4] + [1.55] * 3, [50 * 0.99**k for k in range(7)])
    assert run(flat).lifecycle.iloc[0]["stage"] != "renewal"


def test_entropy_trend_of_sub_industries():
    # sub-industries C1, C2 of C: employment 90/10 → 50/50 (diversity rises)
    c1 = list(np.linspace(90, 50, 7))
    c2 = list(np.linspace(10, 50, 7))
    data = stage_panel([1.0] * 7, [10] * 7, subs={"C1": c1, "C2": c2})
    row = run(data).lifecycle.iloc[0]
    h0 = -(0.9 * math.log(0.9) + 0.1 * math.log(0.1))
    h1 = math.log(2)
    assert row["entropy_trend"] == pytest.approx(h1 - h0)


def test_questionnaire_adds_weighted_stage_effects():
    items = [
        {
            "id": "LC-Q01",
            "scale": "yes_partial_no",
            "stage_effects": {"maturity": 0.5, "decline": -0.5},
        },
        {"id": "LC-Q02", "scale": "likert_0_4", "stage_effects": {"renewal": 1.0}},
    ]
    base = run(STAGE_PANELS["maturity"]()).lifecycle.iloc[0]
    res = run(
        STAGE_PANELS["maturity"](),
        questionnaire_items=items,
        answers={"C": {"LC-Q01": "partial", "LC-Q02": 3}},
    ).lifecycle.iloc[0]
    w = TH["lifecycle.questionnaire_weight"]
    assert res["score_maturity"] == pytest.approx(base["score_maturity"] + w * 0.5 * 0.5)
    assert res["score_decline"] == pytest.approx(base["score_decline"] - w * 0.5 * 0.5)
    assert res["score_renewal"] == pytest.approx(base["score_renewal"] + w * 0.75 * 1.0)
    with pytest.raises(ValueError, match="yes/partial/no"):
        run(
            STAGE_PANELS["maturity"](),
            questionnaire_items=items,
            answers={"C": {"LC-Q01": "maybe"}},
        )


def test_override_keeps_computed_stage_and_requires_reason():
    res = run(
        STAGE_PANELS["decline"](),
        overrides={"C": {"stage": "renewal", "reason": "新建研发中心，转型起步"}},
    )
    row = res.lifecycle.iloc[0]
    assert row["stage"] == "renewal"
    assert row["computed_stage"] == "decline"
    assert row["override_stage"] == "renewal"
    assert row["override_reason"] == "新建研发中心，转型起步"
    with pytest.raises(ValueError, match="reason") as exc:
        run(STAGE_PANELS["decline"](), overrides={"C": {"stage": "renewal", "reason": "  "}})
    assert "理由" in str(exc.value)
    with pytest.raises(ValueError):
        run(STAGE_PANELS["decline"](), overrides={"C": {"stage": "boom", "reason": "x"}})


def test_missing_firm_counts_are_reported_not_guessed():
    data = STAGE_PANELS["decline"]()
    data.industry_data["firms"] = np.nan
    row = run(data).lifecycle.iloc[0]
    assert row["stage"] == "decline"
    assert math.isnan(row["firm_cagr"])
    assert "not evaluated" in row["evidence_against"]


def test_progress_and_cancel():
    calls = []
    run(STAGE_PANELS["growth"](), progress=lambda f, m: calls.append(f))
    assert calls and calls[-1] == 1.0 and all(0 <= f <= 1 for f in calls)

    def cancel(f, m):
        raise Cancelled

    with pytest.raises(Cancelled):
        run(STAGE_PANELS["growth"](), progress=cancel)


def test_bad_window_is_rejected():
    with pytest.raises(ValueError, match="base year"):
        diagnose_lifecycle(
            STAGE_PANELS["growth"](),
            "F",
            ["C"],
            base_year=2016,
            end_year=2010,
            profile=as_profile(TH),
        )
    with pytest.raises(ValueError, match="2009"):
        diagnose_lifecycle(
            STAGE_PANELS["growth"](),
            "F",
            ["C"],
            base_year=2009,
            end_year=2016,
            profile=as_profile(TH),
        )


# --- evidence sentences in one language each ---------------------------------------------------
LANG_COLUMNS = ("evidence_for_zh", "evidence_for_en", "evidence_against_zh", "evidence_against_en")
LATIN = re.compile(r"[A-Za-z]")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize("stage", [*STAGES, "decline without firm counts"])
def test_zh_evidence_has_no_english_and_en_evidence_no_chinese(stage):
    if stage == "decline without firm counts":  # "not evaluated" lines
        data = STAGE_PANELS["decline"]()
        data.industry_data["firms"] = np.nan
    else:
        data = STAGE_PANELS[stage]()
    row = run(data).lifecycle.iloc[0]
    assert all(c in row.index for c in LANG_COLUMNS)
    assert row["evidence_for_zh"], "the chosen stage has evidence"
    for col in LANG_COLUMNS:
        for line in row[col].splitlines():
            if col.endswith("_zh"):
                assert not LATIN.search(line), (col, line)
            else:
                assert not CJK.search(line), (col, line)
    # one sentence per line in each language, the same number of lines
    assert len(row["evidence_for_zh"].splitlines()) == len(row["evidence_for_en"].splitlines())
    assert len(row["evidence_against_zh"].splitlines()) == len(
        row["evidence_against_en"].splitlines()
    )


def test_renewal_sentences_carry_the_numbers():
    data = STAGE_PANELS["renewal"]()
    row = run(data).lifecycle.iloc[0]
    drop, rise = 1.55 / 2.0 - 1, 2.15 / 1.55 - 1  # −22.5 %, +38.7 %
    assert f"{100 * drop:.1f}" == "-22.5" and f"{100 * rise:.1f}" == "38.7"
    zh = row["evidence_for_zh"].splitlines()
    en = row["evidence_for_en"].splitlines()
    assert zh[0] == "区位熵由2010年的2.00降至2013年的低点1.55（−22.5%）"
    assert zh[1] == "区位熵自2013年的1.55回升至2016年的2.15（+38.7%）"
    assert en[0] == "LQ fell from 2.00 in 2010 to a low of 1.55 in 2013 (−22.5%)"
    assert en[1] == "LQ recovered from 1.55 in 2013 to 2.15 in 2016 (+38.7%)"
    d = data.industry_data.set_index(["region_code", "industry_code", "year"])
    share = {
        y: d.at[("F", "C", y), "new_product_sales"] / d.at[("F", "C", y), "output"]
        for y in (2013, 2016)
    }
    pp = 100 * (share[2016] - share[2013])
    assert f"2013年低点之后，新产品销售收入占产值比重变化+{pp:.1f}个百分点（2013—2016年）" in zh
    assert (
        f"After the 2013 low, new-product sales as a share of output changed by +{pp:.1f} percentage points (2013–2016)"
        in en
    )


def test_growth_sentences_match_hand_computation():
    row = run(STAGE_PANELS["growth"]()).lifecycle.iloc[0]
    lq1 = 1.2 * (1.08 / 1.02) ** 6
    zh = row["evidence_for_zh"].splitlines()
    assert zh[0] == f"区位熵由2010年的1.20升至2016年的{lq1:.2f}（+{100 * (lq1 / 1.2 - 1):.1f}%）"
    assert zh[1] == "2010—2016年就业年均增速+8.0%，快于参照地区的+2.0%"
    firm_line = next(x for x in zh if x.startswith("企业数"))  # the panel's firms grow 5 %/yr
    assert firm_line.endswith("（年均+5.0%）") and "增至2016年的" in firm_line
    en = row["evidence_for_en"].splitlines()
    assert (
        en[1] == "Annual employment growth was +8.0% in 2010–2016, above the reference area's +2.0%"
    )
    # the runner-up's facts that are already evidence for are not repeated as evidence against
    for line in row["evidence_against_zh"].splitlines():
        assert line.split("：", 1)[-1] not in zh


def test_missing_firm_counts_are_named_in_both_languages():
    data = STAGE_PANELS["decline"]()
    data.industry_data["firms"] = np.nan
    row = run(data).lifecycle.iloc[0]
    assert "数据缺失，未能评估：企业数变化" in row["evidence_against_zh"].splitlines()
    assert (
        "Not evaluated (data missing): change in the number of firms"
        in row["evidence_against_en"].splitlines()
    )


def test_questionnaire_lines_quote_the_item_in_each_language():
    items = [
        {
            "id": "LC-Q06",
            "scale": "yes_partial_no",
            "stage_effects": {"decline": 1.0},
            "text_zh": "企业大量退出，只有少量新进入者。",
            "text_en": "Many firms are exiting.",
        }
    ]
    row = run(
        STAGE_PANELS["decline"](), questionnaire_items=items, answers={"C": {"LC-Q06": "partial"}}
    ).lifecycle.iloc[0]
    pts = TH["lifecycle.questionnaire_weight"] * 0.5
    assert (
        f"问卷LC-Q06“企业大量退出，只有少量新进入者”回答“部分”（衰退期得分+{pts:.2f}）"
        in row["evidence_for_zh"]
    )
    assert (
        f"Questionnaire LC-Q06 “Many firms are exiting” answered “partial” (+{pts:.2f} for decline)"
        in row["evidence_for_en"]
    )
