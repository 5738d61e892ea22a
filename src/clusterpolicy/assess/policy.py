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

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from clusterpolicy.assess.checklists import ChecklistResult, score_checklist
from clusterpolicy.knowledge import Profile
from clusterpolicy.knowledge.profile import source_text
from clusterpolicy.model.vocabulary import normalise_answer
from clusterpolicy.progress import ProgressCallback, ensure
from clusterpolicy.text import labels

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
ZONE_LEVERS = {
    "below": ("endogenous", "exogenous", "transfer"),
    "within": ("endogenous",),
    "above": ("exogenous",),
}


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


def _chain(finding_zh, finding_en, rule_zh, rule_en, action, src) -> tuple[str, str]:
    zh = f"发现：{finding_zh} → 规则：{rule_zh} → 措施：{action['text_zh']} → 依据：{source_text(src, 'zh')}"
    en = f"Finding: {finding_en} → Rule: {rule_en} → Action: {action['text_en']} → Source: {source_text(src, 'en')}"
    return zh, en


def _row(
    category,
    action_id,
    region,
    industry,
    action,
    finding_zh,
    finding_en,
    rule_zh,
    rule_en,
    src,
    magnitude,
):
    czh, cen = _chain(finding_zh, finding_en, rule_zh, rule_en, action, src)
    return {
        "priority": 0,
        "action_id": action_id,
        "region_code": region,
        "industry_code": industry,
        "action_zh": action["text_zh"],
        "action_en": action["text_en"],
        "finding": finding_en,
        "rule": rule_en,
        "source": source_text(src, "en"),
        "chain_zh": czh,
        "chain_en": cen,
        "category": category,
        "magnitude": magnitude,
        "finding_zh": finding_zh,
    }


def _regional(answers, scope: str) -> dict:
    if answers is None:
        return {}
    if hasattr(answers, "regional"):
        return answers.get(scope)
    return answers.get(scope, {}) or {}


def _gap_actions(
    res: ChecklistResult, category, region, industry, cut, actions, label_zh, label_en, factor=1.0
) -> list[dict]:
    groups: dict[str, list] = {}
    for i in res.items:
        if not math.isnan(i.score) and i.score < cut and i.action in actions:
            groups.setdefault(i.action, []).append(i)
    rows = []
    for aid, its in groups.items():
        mag = factor * sum(i.gap for i in its)
        fz = "；".join(
            f"{i.item_id}“{i.text_zh}”得分 {i.score:.2f}（权重 {i.weight:g}）" for i in its
        )
        fe = "; ".join(
            f"{i.item_id} '{i.text_en}' scored {i.score:.2f} (weight {i.weight:g})" for i in its
        )
        rows.append(
            _row(
                category,
                aid,
                region,
                industry,
                actions[aid],
                f"{label_zh}：{fz}",
                f"{label_en}: {fe}",
                f"得分低于 {cut:g} 的条目 → 对应措施（差距 = 权重 ×（1 − 得分）"
                + (f" × 次要轮权重{factor:g}" if factor != 1 else "")
                + f" = {mag:.2f}）",
                f"item score below {cut:g} → its action (gap = weight × (1 − score)"
                + (f" × secondary-wheel weight {factor:g}" if factor != 1 else "")
                + f" = {mag:.2f})",
                actions[aid]["source"],
                mag,
            )
        )
    return rows


def _red_flags(profile, answers, region: str, actions: dict, out: PolicyResult) -> list[dict]:
    """Fill ``out.red_flags`` and return the action rows of the triggered flags."""
    rows = []
    rf_ans = _regional(answers, "red_flags")
    for f in profile.red_flags():
        e = rf_ans.get(f["id"])
        a = normalise_answer(e.get("answer") if isinstance(e, Mapping) else e)
        trig = a is not None and a == f["trigger"]
        out.red_flags.append(
            {
                "flag_id": f["id"],
                "question_zh": f["question_zh"],
                "question_en": f["question_en"],
                "answer": "" if a is None else str(a),
                "triggered": trig,
                "text_zh": f["text_zh"],
                "text_en": f["text_en"],
                "source": source_text(f["source"], "en"),
            }
        )
        if trig and f.get("action") in actions:
            rows.append(
                _row(
                    "red_flag",
                    f["action"],
                    region,
                    "",
                    actions[f["action"]],
                    f"红旗 {f['id']}：{f['question_zh']} 回答：{a}",
                    f"red flag {f['id']}: {f['question_en']} answered: {a}",
                    f"{f['id']} 被触发 → {f['text_zh']}",
                    f"{f['id']} triggered → {f['text_en']}",
                    f["source"],
                    1.0,
                )
            )
    return rows


INDETERMINATE_ACTION = "ACT-LC-EVIDENCE"


def _stage_rows(stages: Mapping[str, str], profile, region: str) -> list[dict]:
    """Stage levers of each cluster's stage; an indeterminate stage gets no stage lever, only
    the action to gather the evidence first."""
    rows = []
    actions = profile.actions()
    for ind, stage in stages.items():
        if stage == "indeterminate":
            if INDETERMINATE_ACTION in actions:
                act = actions[INDETERMINATE_ACTION]
                rows.append(
                    _row(
                        "stage",
                        INDETERMINATE_ACTION,
                        region,
                        str(ind),
                        act,
                        f"集群 {ind} 的生命周期阶段待定（可信度低于下限）",
                        f"the life-cycle stage of cluster {ind} is indeterminate (confidence below "
                        "the floor)",
                        "阶段待定 → 不安排阶段措施，先补充证据",
                        "indeterminate stage → no stage lever until the evidence is in",
                        act["source"],
                        0.5,
                    )
                )
            continue
        for lv in profile.levers("stage"):
            if lv.get("stage") != stage:
                continue
            rows.append(
                _row(
                    "stage",
                    lv["id"],
                    region,
                    str(ind),
                    lv,
                    f"集群 {ind} 处于{labels.label(stage, 'zh')}",
                    f"cluster {ind} is at stage {stage}",
                    f"生命周期阶段 {stage} → 阶段措施 {lv['id']}",
                    f"life-cycle stage {stage} → stage lever {lv['id']}",
                    lv["source"],
                    0.5,
                )
            )
    return rows


def _upgrading_rows(upgrading: list, region: str, cut: float, actions: dict) -> list[dict]:
    rows = []
    for up in upgrading:
        for name, res in up.results.items():
            rows += _gap_actions(
                res,
                "gap",
                up.region_code or region,
                up.industry_code,
                cut,
                actions,
                f"{'技术' if name == 'technology' else '品牌'}检查表差距",
                f"{name} checklist gap",
                up.wheel_weight(name) if hasattr(up, "wheel_weight") else 1.0,
            )
    return rows


def _equalization_rows(findings: list[dict], profile, region: str) -> list[dict]:
    rows = []
    all_levers = profile.levers()
    for fnd in findings or []:
        wanted = fnd.get("levers") or ZONE_LEVERS.get(fnd.get("zone"), ("exogenous", "transfer"))
        sev = float(fnd.get("severity", 0.5))
        rule_how = f"zone {fnd['zone']}" if fnd.get("zone") else "finding"
        for lv in all_levers:
            if lv["kind"] == "stage" or (lv["kind"] not in wanted and lv["id"] not in wanted):
                continue
            rows.append(
                _row(
                    "equalization",
                    lv["id"],
                    str(fnd.get("region_code", region)),
                    str(fnd.get("industry_code", "")),
                    lv,
                    str(fnd.get("text_zh", "")),
                    str(fnd.get("text_en", "")),
                    f"均等化发现（{rule_how}）→ {lv['kind']} 类措施",
                    f"equalization {rule_how} → {lv['kind']} lever",
                    lv["source"],
                    sev,
                )
            )
    return rows


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
    rows = _red_flags(profile, answers, region, actions, out)
    report(0.2, "stage levers / 阶段措施")
    rows += _stage_rows(stages, profile, region)
    report(0.4, "upgrading gaps / 升级差距")
    rows += _upgrading_rows(upgrading, region, cut, actions)
    report(0.6, "roles and policy quality / 政府角色与政策质量")
    out.roles = score_checklist(profile.checklist("roles"), _regional(answers, "roles"))
    rows += _gap_actions(
        out.roles, "role", region, "", cut, actions, "政府角色差距", "government-role gap"
    )
    out.policy_quality = score_checklist(
        profile.checklist("policy_quality"), _regional(answers, "policy_quality")
    )
    rows += _gap_actions(
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
    rows += _equalization_rows(equalization_findings, profile, region)
    order = {c: n for n, c in enumerate(CATEGORY_ORDER)}
    rows.sort(key=lambda r: (order[r["category"]], -r["magnitude"]))
    for n, r in enumerate(rows, start=1):
        r["priority"] = n
    out.actions = rows
    report(1.0, "policy plan done / 政策建议完成")
    return out


__all__ = ["PolicyResult", "plan_policy", "CATEGORY_ORDER"]
