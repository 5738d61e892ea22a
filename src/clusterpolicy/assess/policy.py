"""Policy advice (政策建议): stage levers, gap actions, roles, red flags, policy quality.

Every action row carries its reasoning chain: finding → rule → action → source (zh and en).

Rules, in priority order (category first, then magnitude, largest first):

1. ``red_flag`` — a red flag N1–N7 answered with its trigger answer ("yes"); magnitude 1.
2. ``stage``    — the cluster's life-cycle stage → every stage lever of that stage (levers.stage);
   an ``indeterminate`` stage gets no stage lever, only ``ACT-LC-EVIDENCE`` (gather the evidence).
3. ``gap``      — an upgrading checklist item scoring below ``policy.gap_score_below`` → its
   ``action``; items of one cluster sharing an action are merged; magnitude = Σ weight × (1 − score).
4. ``role``     — a government-role item (checklist.roles) below the cut-off → its action.
5. ``quality``  — a policy-quality item (checklist.policy_quality) below the cut-off → its action.
6. ``equalization`` — each equalization finding → levers: the finding's ``levers`` (lever kinds or
   lever ids); else by ``zone`` of the agglomeration–welfare band: ``below`` → endogenous,
   exogenous and transfer levers, ``within`` → endogenous, ``above`` → exogenous; else exogenous
   and transfer. Magnitude = ``severity`` (default 0.5).

An equalization finding is a dict: ``region_code``, optional ``industry_code``, ``text_zh``,
``text_en`` (the finding), optional ``zone`` (below|within|above), ``levers`` (list), ``severity``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from clusterpolicy.assess import policy_rows as R
from clusterpolicy.assess.checklists import ChecklistResult, score_checklist
from clusterpolicy.assess.policy_rows import ZONE_LEVERS  # noqa: F401 (re-export)
from clusterpolicy.knowledge import Profile
from clusterpolicy.progress import ProgressCallback, ensure

CATEGORY_ORDER = ("red_flag", "stage", "gap", "role", "quality", "equalization")
ACTION_COLUMNS = [
    "priority",
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


@dataclass
class PolicyResult:
    actions: list[dict] = field(default_factory=list)
    red_flags: list[dict] = field(default_factory=list)
    roles: ChecklistResult | None = None
    policy_quality: ChecklistResult | None = None
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
    progress: ProgressCallback | None = None,
) -> PolicyResult:
    """Build the prioritised action plan (see module docstring for the rules)."""
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
    order = {c: n for n, c in enumerate(CATEGORY_ORDER)}
    rows.sort(key=lambda r: (order[r["category"]], -r["magnitude"]))
    for n, r in enumerate(rows, start=1):
        r["priority"] = n
    out.actions = rows
    report(1.0, "policy plan done / 政策建议完成")
    return out


__all__ = ["PolicyResult", "plan_policy", "CATEGORY_ORDER"]
