"""Policy plan: stage levers, triggered red flags with their question, actions with chains."""

from __future__ import annotations

import pytest

from clusterpolicy.assess.policy import plan_policy
from clusterpolicy.assess.upgrading import assess_upgrading
from clusterpolicy.knowledge import load_profile
from clusterpolicy.model.dataset import CanonicalData


@pytest.fixture(scope="module")
def profile():
    return load_profile()


@pytest.mark.parametrize("stage", ["emergence", "growth", "maturity", "decline", "renewal"])
def test_each_stage_gives_its_levers(profile, stage):
    res = plan_policy({"C18": stage}, [], [], None, profile, region_code="330100")
    acts = res.tables()["actions"]
    expected = {lv["id"] for lv in profile.levers("stage") if lv["stage"] == stage}
    assert expected and set(acts.loc[acts["category"] == "stage", "action_id"]) == expected
    assert (acts["industry_code"] == "C18").all()


def test_triggered_red_flag_with_question_first(profile):
    answers = {"red_flags": {"N4": {"answer": "yes"}, "N1": "no"}}
    res = plan_policy({"C18": "growth"}, [], [], answers, profile)
    rf = res.tables()["red_flags"]
    n4 = rf.set_index("flag_id").loc["N4"]
    assert bool(n4["triggered"]) and "开发区热" in n4["question_zh"]
    assert not bool(rf.set_index("flag_id").loc["N1", "triggered"])
    acts = res.tables()["actions"]
    first = acts.iloc[0]
    assert first["category"] == "red_flag" and first["priority"] == 1
    assert n4["question_zh"] in first["chain_zh"] and "seed 003" in first["chain_en"]


def test_gaps_roles_quality_and_chains(profile):
    up = assess_upgrading(
        CanonicalData(),
        "330100",
        "C18",
        profile,
        {"technology": {"TECH-10": "no", "TECH-20": "partial", "TECH-17": "yes"}},
    )
    answers = {"roles": {"ROLE-5-4": "no", "ROLE-1-1": "yes"}, "policy_quality": {"PQ-03": "no"}}
    res = plan_policy(
        {},
        [up],
        [
            {
                "region_code": "330100",
                "zone": "below",
                "text_zh": "区位熵低于门槛区间",
                "text_en": "LQ below the threshold band",
                "severity": 0.8,
            }
        ],
        answers,
        profile,
    )
    acts = res.tables()["actions"]
    gap = acts[acts["category"] == "gap"]
    # TECH-10 (no, w2) and TECH-20 (partial, w1) share ACT-RD-INCENTIVE → one merged action, gap
    # 2.5; C18 (apparel) rides the brand wheel first, so its technology gaps count half
    rd = gap.set_index("action_id").loc["ACT-RD-INCENTIVE"]
    assert (
        rd["magnitude"] == pytest.approx(2.5 * profile.value("upgrading.secondary_wheel_weight"))
        and "TECH-10" in rd["finding"]
        and "TECH-20" in rd["finding"]
    )
    assert "ACT-IUR" not in set(gap["action_id"])  # TECH-17 answered yes: no gap
    assert set(acts.loc[acts["category"] == "role", "action_id"]) == {"ACT-ANTI-COUNTERFEIT"}
    assert set(acts.loc[acts["category"] == "quality", "action_id"]) == {"ACT-POLICY-REFOCUS"}
    eq = acts[acts["category"] == "equalization"]
    kinds = {profile.items_by_id[a]["kind"] for a in eq["action_id"]}
    assert kinds == {"endogenous", "exogenous", "transfer"}
    for _, r in acts.iterrows():
        for part in ("发现：", "规则：", "措施：", "依据："):
            assert part in r["chain_zh"]
        assert r["chain_en"].startswith("Finding:") and "→ Source:" in r["chain_en"] and r["source"]
    assert list(acts["priority"]) == list(range(1, len(acts) + 1))
    # plan rows first; among the rest, by score (urgency × confidence × gap), highest first
    rest = acts[~acts["in_plan"]]
    assert acts["in_plan"].iloc[: int(acts["in_plan"].sum())].all()
    assert list(rest["score"]) == sorted(rest["score"], reverse=True)
    # PQ-03 (no, weight 1): gap min(1, 1 / gap_scale) × urgency.quality, confidence 1
    pq = acts.set_index("action_id").loc["ACT-POLICY-REFOCUS"]
    assert pq["score"] == pytest.approx(
        profile.value("policy.urgency.quality") * min(1.0, 1.0 / profile.value("policy.gap_scale"))
    )
    roles = res.tables()["roles"].set_index("role_id")
    assert roles.loc["ROLE-5-4", "score"] == 0 and roles.loc["R5", "score"] == 0
    assert list(res.tables()["policy_quality"].columns[:6]) == [
        "item_id",
        "text_zh",
        "text_en",
        "answer",
        "score",
        "source",
    ]
    assert res.meta["profile_id"] == "cn-default"


def test_indeterminate_stage_gets_no_stage_lever_only_the_evidence_action(profile):
    res = plan_policy({"C18": "indeterminate"}, [], [], None, profile, region_code="330100")
    acts = res.tables()["actions"]
    stage = acts[acts["category"] == "stage"]
    assert list(stage["action_id"]) == ["ACT-LC-EVIDENCE", "ACT-EX-LINKAGE"]
    assert set(stage["action_type"]) == {"diagnostic"}
    assert "待定" in stage.iloc[0]["chain_zh"] and "indeterminate" in stage.iloc[0]["chain_en"]
    assert list(acts.columns[:16]) == [
        "priority",
        "in_plan",
        "score",
        "action_id",
        "region_code",
        "industry_code",
        "action_zh",
        "action_en",
        "finding",
        "rule",
        "source",
        "chain_zh",
        "chain_en",
        "category",
        "magnitude",
        "finding_zh",
    ]
