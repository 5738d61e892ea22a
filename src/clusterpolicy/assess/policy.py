"""Policy advice (政策建议): one coherent action plan a county government can carry out.

Every action row carries its reasoning chain: finding → rule → action → source (zh and en), and
the plan columns (:mod:`clusterpolicy.assess.plan_fields`): lead and supporting departments,
time frame, target indicator with its baseline and target, cost band, level (county | higher).

Suggestions, one function per rule (:mod:`clusterpolicy.assess.policy_rows`):

1. ``red_flag`` — a red flag N1–N7 answered with its trigger answer ("yes"); magnitude 1.
2. ``stage``    — the cluster's life-cycle stage → every stage lever of that stage (levers.stage);
   an ``indeterminate`` stage gets no stage lever, only the diagnostic ``ACT-LC-EVIDENCE`` and
   ``ACT-EX-LINKAGE`` (gather the evidence, survey the firms).
3. ``gap``      — an upgrading checklist item scoring below ``policy.gap_score_below`` → its
   ``action``; items of one cluster sharing an action are merged; magnitude = Σ weight × (1 − score).
4. ``role``     — a government-role item (checklist.roles) below the cut-off → its action.
5. ``quality``  — a policy-quality item (checklist.policy_quality) below the cut-off → its action.
6. ``equalization`` — each equalization finding → levers: the finding's ``levers`` (lever kinds or
   lever ids); else by ``zone`` of the agglomeration–welfare band: ``below`` → endogenous,
   exogenous and transfer levers, ``within`` → endogenous, ``above`` → exogenous; else exogenous
   and transfer. Magnitude = ``severity`` (default 0.5). Levers marked ``use: context`` (the
   cost-sharing tiers, the transfer formula, foreign experience) are facts, never actions: they
   go to the ``plan_context`` sheet.

Filters (:mod:`clusterpolicy.assess.plan_gates`), in this order; what they withhold is listed
with the reason in the ``actions_withheld`` sheet:

7. a region-wide ``agglomeration`` lever becomes one row per confirmed or candidate cluster of
   known stage (none → withheld);
8. a triggered red flag withholds the rows carrying a tag it ``suppresses`` (N4 → ``park``);
9. per cluster: indeterminate stage or existence "no" → diagnostic rows only; ``exit`` needs
   stage confidence ≥ ``policy.exit_confidence_min`` and no absolute growth; ``commitment``
   (seed money, anchor firm) needs confidence ≥ ``policy.commit_confidence_min``;
10. duplicates (same action, same cluster) merged, findings joined;
11. declared contradicting tag pairs (plan/contradictions.yaml) never both for one cluster (or
    one of them region-wide): the lower-scoring row is withheld.

Priority score = urgency × confidence × gap, where urgency = ``policy.urgency.<category>``
(``policy.urgency.diagnostic`` for the diagnostic rows of an indeterminate stage), confidence =
the cluster's stage confidence for a cluster row that is not diagnostic (1 otherwise) and gap = 1
for red flags and the diagnostic rows of an indeterminate stage, 0.5 for stage levers, min(1, magnitude ÷ ``policy.gap_scale``) for checklist gaps and the
severity for equalization findings. The plan (``in_plan``) holds ``policy.plan_size`` distinct
county-level actions: first the best action of each cluster and of the region (in score order),
then the next best by score; requests to higher levels (``level = higher``) are listed apart.
Rows are numbered ``priority`` 1…n: plan rows first (in plan order), then the rest by score.

An equalization finding is a dict: ``region_code``, optional ``industry_code``, ``text_zh``,
``text_en`` (the finding), optional ``zone`` (below|within|above), ``levers`` (list), ``severity``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from clusterpolicy.assess import plan_gates as G
from clusterpolicy.assess import policy_rows as R
from clusterpolicy.assess.checklists import ChecklistResult, score_checklist
from clusterpolicy.assess.equalization.transfers import tier_of
from clusterpolicy.assess.plan_fields import PLAN_KEYS, PlanInputs, plan_fields
from clusterpolicy.assess.policy_rows import ZONE_LEVERS  # noqa: F401 (re-export)
from clusterpolicy.knowledge import Profile
from clusterpolicy.progress import ProgressCallback, ensure

CATEGORY_ORDER = ("red_flag", "stage", "gap", "role", "quality", "equalization")
ACTION_COLUMNS = [
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
    "urgency",
    "confidence",
    "gap",
    *PLAN_KEYS,
]
CONTEXT_COLUMNS = ["context_id", "text_zh", "text_en", "source", "applies"]


@dataclass
class PolicyResult:
    actions: list[dict] = field(default_factory=list)
    red_flags: list[dict] = field(default_factory=list)
    roles: ChecklistResult | None = None
    policy_quality: ChecklistResult | None = None
    withheld: list[dict] = field(default_factory=list)
    context: list[dict] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        def cl_rows(res: ChecklistResult | None, id_col: str) -> pd.DataFrame:
            rows = []
            if res is not None:
                for i in res.items:
                    rows.append(
                        {
                            id_col: i.item_id,
                            "text_zh": i.text_zh,
                            "text_en": i.text_en,
                            "answer": "" if i.answer is None else str(i.answer),
                            "score": i.score,
                            "source": i.source,
                            "dimension": i.dimension,
                            "weight": i.weight,
                        }
                    )
                for d in res.dimension_rows():
                    rows.append(
                        {
                            id_col: d["dimension"],
                            "text_zh": "",
                            "text_en": "",
                            "answer": "",
                            "score": d["pct"] / 100.0,
                            "source": "",
                            "dimension": d["dimension"],
                            "weight": d["max_score"],
                        }
                    )
            return pd.DataFrame(
                rows,
                columns=[
                    id_col,
                    "text_zh",
                    "text_en",
                    "answer",
                    "score",
                    "source",
                    "dimension",
                    "weight",
                ],
            )

        return {
            "actions": pd.DataFrame(self.actions, columns=ACTION_COLUMNS),
            "red_flags": pd.DataFrame(
                self.red_flags,
                columns=[
                    "flag_id",
                    "question_zh",
                    "question_en",
                    "answer",
                    "triggered",
                    "text_zh",
                    "text_en",
                    "source",
                ],
            ),
            "actions_withheld": pd.DataFrame(self.withheld, columns=G.WITHHELD_COLUMNS),
            "plan_context": pd.DataFrame(self.context, columns=CONTEXT_COLUMNS),
            "roles": cl_rows(self.roles, "role_id"),
            "policy_quality": cl_rows(self.policy_quality, "item_id"),
        }


def plan_policy(
    stages: Mapping[str, str],
    upgrading: list,
    equalization_findings: list[dict],
    answers,
    profile: Profile,
    *,
    region_code: str = "",
    inputs: PlanInputs | None = None,
    progress: ProgressCallback | None = None,
) -> PolicyResult:
    """Build the prioritised action plan (see module docstring for the rules). ``inputs``: the
    diagnoses (lifecycle, clusters, equalization tables) the baselines, confidences and gates
    read; without them a cluster's confidence counts as 1 and baselines stay empty."""
    report = ensure(progress)
    cut = profile.value("policy.gap_score_below")
    actions = profile.actions()
    region = region_code or (getattr(answers, "region_code", "") or "")
    out = PolicyResult(meta=profile.meta())
    report(0.0, "red flags / 红旗警示")
    rows = R.red_flag_rows(profile, answers, region, actions, out)
    report(0.2, "stage levers / 阶段措施")
    rows += R.stage_rows(stages, profile, region)
    report(0.4, "upgrading gaps / 升级差距")
    rows += R.upgrading_rows(upgrading, region, cut, actions)
    report(0.6, "roles and policy quality / 政府角色与政策质量")
    out.roles = score_checklist(profile.checklist("roles"), R.regional(answers, "roles"))
    rows += R.gap_actions(
        out.roles, "role", region, "", cut, actions, "政府角色差距", "government-role gap"
    )
    out.policy_quality = score_checklist(
        profile.checklist("policy_quality"), R.regional(answers, "policy_quality")
    )
    rows += R.gap_actions(
        out.policy_quality,
        "quality",
        region,
        "",
        cut,
        actions,
        "政策质量差距",
        "policy-quality gap",
    )
    report(0.8, "equalization levers / 均等化措施")
    rows += R.equalization_rows(equalization_findings, profile, region)
    out.actions, out.withheld = _assemble(rows, stages, profile, inputs or PlanInputs(), out)
    out.context = _context(profile, region)
    report(1.0, "policy plan done / 政策建议完成")
    return out


def _score(r: dict, profile: Profile, inputs: PlanInputs) -> None:
    """urgency × confidence × gap (module docstring) into the row."""
    diag = r["action_type"] == "diagnostic"
    evidence = diag and r["category"] == "stage"  # what an indeterminate stage needs first
    r["urgency"] = profile.value(f"policy.urgency.{'diagnostic' if evidence else r['category']}")
    conf = inputs.stage_confidence(str(r["industry_code"])) if r["industry_code"] else None
    r["confidence"] = 1.0 if diag or conf is None else conf
    if r["category"] == "red_flag" or evidence:
        gap = 1.0
    elif r["category"] == "stage":
        gap = 0.5
    elif r["category"] == "equalization":
        gap = min(1.0, r["magnitude"])
    else:
        gap = min(1.0, r["magnitude"] / profile.value("policy.gap_scale"))
    r["gap"] = gap
    r["score"] = r["urgency"] * r["confidence"] * gap


def _assemble(rows, stages, profile, inputs, out) -> tuple[list[dict], list[dict]]:
    """Plan columns, filters 7–11, scores, the plan selection and the priority numbers."""
    items = {**{lv["id"]: lv for lv in profile.levers()}, **profile.actions()}
    cut = profile.value("policy.gap_score_below")
    withheld: list[dict] = []
    full = []
    for r in rows:
        extra = plan_fields(
            items.get(r["action_id"], {}),
            str(r["industry_code"]),
            profile,
            inputs,
            items=r.pop("_items", None),
            flag=r.pop("_flag", None),
            cut=cut,
        )
        full.append({**r, **extra})
    known = inputs.clusters is not None and len(inputs.clusters) > 0
    full = G.expand_agglomeration(full, G.eligible_clusters(stages, inputs), withheld, known)
    trig = {f["flag_id"] for f in out.red_flags if f["triggered"]}
    flags = [f for f in profile.red_flags() if f["id"] in trig]
    full = G.red_flag_filter(full, flags, withheld)
    full = G.stage_filter(full, stages, inputs, profile, withheld)
    for r in full:
        _score(r, profile, inputs)
    full = G.merge_duplicates(full)
    full = G.contradiction_filter(full, profile.contradictions(), withheld)
    plan = _select(full, int(profile.value("policy.plan_size")))
    rank = {a: n for n, a in enumerate(plan)}
    for r in full:
        r["in_plan"] = r["action_id"] in rank
    full.sort(key=lambda r: (rank.get(r["action_id"], len(rank)), -r["score"]))
    for n, r in enumerate(full, start=1):
        r["priority"] = n
    return full, withheld


def _select(rows: list[dict], size: int) -> list[str]:
    """The plan's action ids: the best county-level action of each cluster and of the region
    (in score order), then the next best, up to ``size`` distinct actions."""
    county = sorted((r for r in rows if r["level"] != "higher"), key=lambda r: -r["score"])
    plan: list[str] = []
    covered: set[str] = set()
    for r in county:
        scope = str(r["industry_code"])
        if scope in covered or len(plan) >= size:
            continue
        covered.add(scope)
        if r["action_id"] not in plan:
            plan.append(r["action_id"])
    for r in county:
        if len(plan) >= size:
            break
        if r["action_id"] not in plan:
            plan.append(r["action_id"])
    return plan


def _context(profile: Profile, region: str) -> list[dict]:
    """The levers that are facts, not actions (``use: context``); ``applies`` marks the
    cost-sharing tier that lists the focal region's code (None for the others)."""
    out = []
    for lv in profile.levers():
        if lv.get("use") != "context":
            continue
        applies = None
        if "tier" in lv and region:
            applies = tier_of(region, profile.cost_sharing_tiers()) == int(lv["tier"])
        out.append(
            {
                "context_id": lv["id"],
                "text_zh": lv["text_zh"],
                "text_en": lv["text_en"],
                "source": R.source_text(lv["source"], "en"),
                "applies": applies,
            }
        )
    return out


__all__ = ["PolicyResult", "plan_policy", "CATEGORY_ORDER"]
