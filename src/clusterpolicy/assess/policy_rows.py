"""The action rows of the policy step, one function per rule (the rules and their order are in
:mod:`clusterpolicy.assess.policy`). Every row carries its chain finding → rule → action → source."""

from __future__ import annotations

import math
from collections.abc import Mapping

from clusterpolicy.assess.checklists import ChecklistResult
from clusterpolicy.knowledge.profile import source_text
from clusterpolicy.model.vocabulary import normalise_answer
from clusterpolicy.text import labels

ZONE_LEVERS = {
    "below": ("endogenous", "exogenous", "transfer"),
    "within": ("endogenous",),
    "above": ("exogenous",),
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


def regional(answers, scope: str) -> dict:
    if answers is None:
        return {}
    if hasattr(answers, "regional"):
        return answers.get(scope)
    return answers.get(scope, {}) or {}


def gap_actions(
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
        row = _row(
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
        row["_items"] = [(i.item_id, i.score) for i in its]
        rows.append(row)
    return rows


def red_flag_rows(profile, answers, region: str, actions: dict, out) -> list[dict]:
    """Fill ``out.red_flags`` and return the action rows of the triggered flags."""
    rows = []
    rf_ans = regional(answers, "red_flags")
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
                {"_flag": a}
                | _row(
                    "red_flag",
                    f["action"],
                    region,
                    "",
                    actions[f["action"]],
                    f"红旗：{f['question_zh']} 回答：{a}",
                    f"red flag: {f['question_en']} answered: {a}",
                    f"{f['id']} 被触发 → {f['text_zh']}",
                    f"{f['id']} triggered → {f['text_en']}",
                    f["source"],
                    1.0,
                )
            )
    return rows


INDETERMINATE_ACTION = "ACT-LC-EVIDENCE"
#: what an indeterminate stage gets instead of stage levers: gather the evidence, survey the firms
INDETERMINATE_ACTIONS = (INDETERMINATE_ACTION, "ACT-EX-LINKAGE")


def stage_rows(stages: Mapping[str, str], profile, region: str) -> list[dict]:
    """Stage levers of each cluster's stage; an indeterminate stage gets no stage lever, only
    the action to gather the evidence first."""
    rows = []
    actions = profile.actions()
    for ind, stage in stages.items():
        if stage == "indeterminate":
            for aid in (a for a in INDETERMINATE_ACTIONS if a in actions):
                act = actions[aid]
                rows.append(
                    _row(
                        "stage",
                        aid,
                        region,
                        str(ind),
                        act,
                        f"集群 {ind} 的生命周期阶段待定（可信度低于下限）",
                        f"the life-cycle stage of cluster {ind} is indeterminate (confidence below "
                        "the floor)",
                        "阶段待定 → 不安排阶段措施，先补充证据",
                        "indeterminate stage → no stage lever until the evidence is in",
                        act["source"],
                        1.0,
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


def upgrading_rows(upgrading: list, region: str, cut: float, actions: dict) -> list[dict]:
    rows = []
    for up in upgrading:
        for name, res in up.results.items():
            rows += gap_actions(
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


def equalization_rows(findings: list[dict], profile, region: str) -> list[dict]:
    rows = []
    all_levers = profile.levers()
    for fnd in findings or []:
        wanted = fnd.get("levers") or ZONE_LEVERS.get(fnd.get("zone"), ("exogenous", "transfer"))
        sev = float(fnd.get("severity", 0.5))
        rule_how = f"zone {fnd['zone']}" if fnd.get("zone") else "finding"
        for lv in all_levers:
            if lv["kind"] == "stage" or (lv["kind"] not in wanted and lv["id"] not in wanted):
                continue
            if lv.get("use") == "context":  # a fact (cost-sharing tier, the formula): background
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
