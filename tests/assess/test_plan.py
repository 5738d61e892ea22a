"""The action plan on constructed cases (issue 12, Show): red flag N4 → no park lever; an
indeterminate stage → diagnostic actions only; declining share but absolute growth → no exit;
every action has a lead unit, a time frame and an indicator; no declared contradicting pair."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from clusterpolicy.assess.plan_fields import PlanInputs
from clusterpolicy.assess.plan_gates import tags
from clusterpolicy.assess.policy import plan_policy
from clusterpolicy.knowledge import load_profile
from clusterpolicy.knowledge.profile import knowledge_dir
from clusterpolicy.messages import ProblemError


@pytest.fixture(scope="module")
def profile():
    return load_profile()


def _lifecycle(rows: list[dict]) -> pd.DataFrame:
    base = {"region_code": "330100", "base_year": 2015, "end_year": 2024, "lq_end": 1.5}
    return pd.DataFrame([{**base, **r} for r in rows])


def _clusters(codes: list[str], existence: str = "yes") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "region_code": "330100",
                "industry_code": c,
                "year": 2024,
                "verdict": "cluster",
                "candidate": True,
                "existence": existence,
                "employment": 1000,
            }
            for c in codes
        ]
    )


def _park_ids(profile) -> set[str]:
    items = [*profile.levers(), *profile.actions().values()]
    return {i["id"] for i in items if "park" in (i.get("tags") or ())}


def test_red_flag_n4_withholds_every_park_lever(profile):
    assert {"LEV-ST-EM-2", "ACT-INFRA"} <= _park_ids(profile)
    lc = _lifecycle([{"industry_code": "C27", "stage": "emergence", "confidence": 0.9}])
    inputs = PlanInputs(lifecycle=lc, clusters=_clusters(["C27"]), focal="330100")
    # ROLE-1-* answered no would propose ACT-INFRA (park infrastructure) as a role gap
    roles = {
        i["id"]: "no" for i in profile.checklist("roles").items if i.get("action") == "ACT-INFRA"
    }
    assert roles, "a roles item leads to ACT-INFRA"
    answers = {"red_flags": {"N4": "yes"}, "roles": roles}
    res = plan_policy({"C27": "emergence"}, [], [], answers, profile, inputs=inputs)
    acts, held = res.tables()["actions"], res.tables()["actions_withheld"]
    assert not set(acts["action_id"]) & _park_ids(profile)
    assert {"LEV-ST-EM-2", "ACT-INFRA"} <= set(held.loc[held["rule"] == "red_flag:N4", "action_id"])
    assert held["reason_zh"].str.contains("开发区").all()  # the question, not the id
    # without the red flag the park levers are proposed
    res2 = plan_policy({"C27": "emergence"}, [], [], {"roles": roles}, profile, inputs=inputs)
    assert {"LEV-ST-EM-2", "ACT-INFRA"} <= set(res2.tables()["actions"]["action_id"])


def test_indeterminate_stage_gets_diagnostic_actions_only(profile):
    from clusterpolicy.assess.upgrading import assess_upgrading
    from clusterpolicy.model.dataset import CanonicalData

    up = assess_upgrading(
        CanonicalData(), "330100", "C39", profile, {"technology": {"TECH-10": "no"}}
    )
    lc = _lifecycle([{"industry_code": "C39", "stage": "indeterminate", "confidence": 0.02}])
    inputs = PlanInputs(lifecycle=lc, clusters=_clusters(["C39"]), focal="330100")
    res = plan_policy({"C39": "indeterminate"}, [up], [], None, profile, inputs=inputs)
    acts = res.tables()["actions"]
    mine = acts[acts["industry_code"] == "C39"]
    assert len(mine) and set(mine["action_type"]) == {"diagnostic"}
    assert {"ACT-LC-EVIDENCE", "ACT-EX-LINKAGE"} <= set(mine["action_id"])
    held = res.tables()["actions_withheld"]
    assert "ACT-RD-INCENTIVE" in set(held.loc[held["rule"] == "indeterminate", "action_id"])


@pytest.mark.parametrize(
    "row,rule",
    [
        # share falls (decline) but employment still grows in absolute terms
        ({"confidence": 0.9, "abs_change": 350, "emp_cagr": 0.02}, "exit_growth"),
        # an absolute decline, but the stage is too uncertain (C13: 0.27)
        ({"confidence": 0.27, "abs_change": -500, "emp_cagr": -0.05}, "exit_confidence"),
    ],
)
def test_no_exit_advice_on_absolute_growth_or_low_confidence(profile, row, rule):
    exits = {lv["id"] for lv in profile.levers("stage") if "exit" in (lv.get("tags") or ())}
    assert exits == {"LEV-ST-DE-2"}
    lc = _lifecycle([{"industry_code": "C13", "stage": "decline", **row}])
    inputs = PlanInputs(lifecycle=lc, clusters=_clusters(["C13"]), focal="330100")
    res = plan_policy({"C13": "decline"}, [], [], None, profile, inputs=inputs)
    acts, held = res.tables()["actions"], res.tables()["actions_withheld"]
    assert not set(acts["action_id"]) & exits
    assert set(held.loc[held["rule"] == rule, "action_id"]) == exits
    # a clear absolute decline at high confidence keeps the exit lever
    lc2 = _lifecycle(
        [{"industry_code": "C13", "stage": "decline", "confidence": 0.9, "abs_change": -500}]
    )
    res2 = plan_policy(
        {"C13": "decline"},
        [],
        [],
        None,
        profile,
        inputs=PlanInputs(lifecycle=lc2, clusters=_clusters(["C13"]), focal="330100"),
    )
    assert exits <= set(res2.tables()["actions"]["action_id"])


def test_every_action_and_lever_has_lead_timeframe_indicator(profile):
    depts = {d["id"] for d in profile.departments()}
    inds = {i["id"] for i in profile.indicators()}
    items = [*profile.actions().values(), *profile.levers()]
    for it in items:
        if it.get("use") == "context":
            continue
        assert it["lead"] in depts and it["timeframe"] in ("near", "mid", "long"), it["id"]
        assert it["indicator"] in inds and set(it.get("support") or ()) <= depts, it["id"]


def test_loader_rejects_an_action_without_lead(tmp_path: Path):
    kb = knowledge_dir()
    (tmp_path / "extra.yaml").write_text(
        "schema: clusterpolicy.actions/1\nid: actions.extra\nversion: '1'\n"
        "title_zh: 额外\ntitle_en: extra\nitems:\n"
        "  - id: ACT-NO-LEAD\n    text_zh: 测试\n    text_en: test\n"
        "    timeframe: near\n    indicator: IND-LQ\n"
        "    source: {method: test}\n",
        encoding="utf-8",
    )
    default = (kb / "profiles" / "default.yaml").read_text(encoding="utf-8")
    text = default.replace("includes:\n", "includes:\n  - extra.yaml\n").replace(
        "id: cn-default", "id: test-profile"
    )
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ProblemError) as err:
        load_profile(tmp_path / "p.yaml")
    msgs = [p.message_en for p in err.value.problems]
    assert any("ACT-NO-LEAD" in m and "'lead'" in m for m in msgs), msgs


def _assert_no_contradiction(acts: pd.DataFrame, pairs: list[dict]) -> None:
    rows = [(str(r["industry_code"]), tags(r)) for _, r in acts.iterrows()]
    for i, (ci, ti) in enumerate(rows):
        for cj, tj in rows[i + 1 :]:
            if ci and cj and ci != cj:
                continue
            for p in pairs:
                assert not ((p["a"] in ti and p["b"] in tj) or (p["b"] in ti and p["a"] in tj)), (
                    ci,
                    cj,
                    p["id"],
                )


def test_exit_and_agglomeration_never_both(profile):
    """C13 declines at high confidence (exit kept); the region's LQ is below the welfare band,
    which proposes raising agglomeration (LEV-EN-1) — never for C13 too."""
    lc = _lifecycle(
        [
            {"industry_code": "C13", "stage": "decline", "confidence": 0.9, "abs_change": -500},
            {"industry_code": "C38", "stage": "growth", "confidence": 0.9, "abs_change": 900},
        ]
    )
    inputs = PlanInputs(lifecycle=lc, clusters=_clusters(["C13", "C38"]), focal="330100")
    finding = {"region_code": "330100", "zone": "below", "text_zh": "低", "text_en": "low"}
    res = plan_policy(
        {"C13": "decline", "C38": "growth"}, [], [finding], None, profile, inputs=inputs
    )
    acts, held = res.tables()["actions"], res.tables()["actions_withheld"]
    _assert_no_contradiction(acts, profile.contradictions())
    en1 = acts[acts["action_id"] == "LEV-EN-1"]
    assert list(en1["industry_code"]) == ["C38"]  # expanded to the clusters, C13 withheld
    assert "LEV-EN-1" in set(held.loc[held["rule"].str.startswith("contradiction"), "action_id"])
    # the cost-sharing tiers are background, never actions
    tiers = {lv["id"] for lv in profile.levers("transfer") if "tier" in lv}
    assert not set(acts["action_id"]) & tiers
    assert tiers <= set(res.tables()["plan_context"]["context_id"])


def test_priority_score_is_urgency_confidence_gap(profile):
    lc = _lifecycle([{"industry_code": "C38", "stage": "growth", "confidence": 0.4}])
    inputs = PlanInputs(lifecycle=lc, clusters=_clusters(["C38"]), focal="330100")
    res = plan_policy(
        {"C38": "growth"}, [], [], {"red_flags": {"N3": "yes"}}, profile, inputs=inputs
    )
    acts = res.tables()["actions"].set_index("action_id")
    # a stage lever: urgency.stage × stage confidence 0.4 × gap 0.5
    assert acts.loc["LEV-ST-GR-1", "score"] == pytest.approx(
        profile.value("policy.urgency.stage") * 0.4 * 0.5
    )
    # a triggered red flag: urgency.red_flag × 1 × 1, first in the plan
    assert acts.loc["ACT-POLICY-EVAL", "score"] == pytest.approx(
        profile.value("policy.urgency.red_flag")
    )
    assert res.tables()["actions"].iloc[0]["action_id"] == "ACT-POLICY-EVAL"


def test_sample_plan_is_complete_and_consistent(sample_result, profile):
    acts = sample_result().tables["actions"]
    plan = acts[acts["in_plan"].astype(bool)]
    assert 5 <= plan["action_id"].nunique() <= 10
    for col in ("lead_zh", "timeframe", "indicator_zh", "target_zh"):
        assert (acts[col].astype(str).str.len() > 0).all(), col
    _assert_no_contradiction(acts, profile.contradictions())
    # the sample answers N4 (development-zone fever) yes: no park lever anywhere
    assert not set(acts["action_id"]) & _park_ids(profile)
    for col in (
        "priority",
        "in_plan",
        "finding",
        "action_zh",
        "action_en",
        "lead_zh",
        "lead_en",
        "support_zh",
        "timeframe",
        "indicator",
        "baseline",
        "target",
        "cost_band",
        "level",
        "source",
    ):
        assert col in acts.columns, col
    # C17 declines in absolute terms at full confidence: its employment is the baseline
    de = acts[(acts["action_id"] == "LEV-ST-DE-1") & (acts["industry_code"] == "C17")].iloc[0]
    lc = sample_result().tables["lifecycle"].set_index("industry_code")
    cl = sample_result().tables["clusters"].set_index("industry_code")
    assert lc.loc["C17", "abs_change"] < 0
    assert f"{int(cl.loc['C17', 'employment'])}人" in de["baseline_zh"]


def test_no_agglomeration_lever_for_an_industry_that_is_no_cluster(profile):
    lc = _lifecycle([{"industry_code": "C40", "stage": "growth", "confidence": 0.9}])
    cl = _clusters(["C40"], existence="unanswered").assign(verdict="not_candidate", candidate=False)
    inputs = PlanInputs(lifecycle=lc, clusters=cl, focal="330100")
    finding = {"region_code": "330100", "zone": "below", "text_zh": "低", "text_en": "low"}
    res = plan_policy({"C40": "growth"}, [], [finding], None, profile, inputs=inputs)
    acts, held = res.tables()["actions"], res.tables()["actions_withheld"]
    assert not any("agglomeration" in tags(r) for _, r in acts.iterrows())
    assert {"LEV-ST-GR-2", "LEV-EN-1"} <= set(
        held.loc[held["rule"] == "agglomeration", "action_id"]
    )
