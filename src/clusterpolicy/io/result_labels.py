"""Bilingual labels and units of result-table columns (for the ``notes`` sheet and the GUI).

Canonical data columns take their labels from :mod:`clusterpolicy.model.tables`; the result
columns are listed here. An unknown column is labelled with its own name.
"""

from __future__ import annotations

from clusterpolicy.model.tables import TABLES

_RESULT_LABELS: dict[str, tuple[str, str, str]] = {
    # keys and dimensions
    "measure": ("指标", "Measure", ""),
    "method": ("方法", "Method", ""),
    "base_year": ("基期年份", "Base year", ""),
    "end_year": ("末期年份", "End year", ""),
    "indicator": ("指标", "Indicator", ""),
    "weighting": ("加权方式", "Weighting", ""),
    "group_by": ("分组", "Grouping", ""),
    "index": ("指数", "Index", ""),
    "denominator": ("分母口径", "Denominator used", ""),
    # specialisation / concentration
    "lq": ("区位熵", "Location quotient", ""),
    "hoover": ("胡佛系数", "Hoover coefficient", ""),
    "krugman": ("克鲁格曼指数（相对参照区域）", "Krugman index (vs reference)", ""),
    "krugman_others": (
        "克鲁格曼指数（相对其他地区均值）",
        "Krugman index (vs mean of other regions)",
        "",
    ),
    "herfindahl": ("赫芬达尔指数", "Herfindahl index", ""),
    "entropy": ("香农熵", "Shannon entropy", ""),
    "gini_lq": ("区位熵基尼系数", "Gini of LQs", ""),
    "locational_gini": ("区位基尼系数", "Locational Gini", ""),
    "eg_gamma": ("EG指数γ", "Ellison–Glaeser γ", ""),
    "eg_approximate": ("EG指数为近似值", "EG γ approximated", ""),
    # shift-share
    "growth": ("增长量", "Growth", "persons"),
    "national_share": ("全国（参照）增长分量", "National share", "persons"),
    "industry_mix": ("产业结构分量", "Industry mix", "persons"),
    "regional_share": ("区域竞争分量", "Regional (competitive) share", "persons"),
    "net_shift": ("净偏离", "Net shift", "persons"),
    "allocation": ("配置效应", "Allocation effect", "persons"),
    # inequality
    "value": ("数值", "Value", ""),
    "between": ("组间部分", "Between-group part", ""),
    "within": ("组内部分", "Within-group part", ""),
    # clusters
    "lq_employment": ("就业区位熵", "LQ (employment)", ""),
    "lq_output": ("产值区位熵", "LQ (output)", ""),
    "lq_firms": ("企业数区位熵", "LQ (firms)", ""),
    "eco_stars": ("欧洲集群观察站星级", "ECO stars", "0–3"),
    "cmp_tier": ("美国集群地图等级", "U.S. CMP tier", ""),
    "score": ("得分", "Score", ""),
    "rank": ("排名", "Rank", ""),
    "verdict": ("结论", "Verdict", ""),
    "evidence": ("依据（规则轨迹）", "Evidence (rule trace)", ""),
    "evidence_zh": ("依据（中文）", "Evidence (Chinese)", ""),
    "evidence_en": ("依据（英文）", "Evidence (English)", ""),
    "evidence_for": ("支持证据（规则轨迹）", "Evidence for (rule trace)", ""),
    "evidence_against": ("反证（规则轨迹）", "Evidence against (rule trace)", ""),
    "evidence_for_zh": ("支持证据（中文）", "Evidence for (Chinese)", ""),
    "evidence_for_en": ("支持证据（英文）", "Evidence for (English)", ""),
    "evidence_against_zh": ("反证（中文）", "Evidence against (Chinese)", ""),
    "evidence_against_en": ("反证（英文）", "Evidence against (English)", ""),
    "conditions": ("全部条件及隶属度", "All conditions with memberships", ""),
    # life cycle
    "stage": ("生命周期阶段", "Life-cycle stage", ""),
    "quadrant": ("象限（Purdue）", "Quadrant (Purdue)", ""),
    "confidence": ("置信度", "Confidence", "0–1"),
    "override_reason": ("人工调整理由", "Override reason", ""),
    # upgrading / policy
    "checklist": ("清单", "Checklist", ""),
    "dimension": ("维度", "Dimension", ""),
    "item_id": ("条目编号", "Item id", ""),
    "answer": ("回答", "Answer", ""),
    "weight": ("权重", "Weight", ""),
    "gap": ("差距", "Gap", ""),
    "source": ("来源", "Source", ""),
    "priority": ("优先级", "Priority", ""),
    "action_zh": ("措施（中文）", "Action (Chinese)", ""),
    "action_en": ("措施（英文）", "Action (English)", ""),
    "finding": ("发现", "Finding", ""),
    "rule": ("规则", "Rule", ""),
    # equalization / scenario
    "gap_to_reference": ("与参照的差距", "Gap to reference", ""),
    "gap_pct": ("差距（%）", "Gap (%)", "%"),
    "derived": ("由总额除以人口推算", "Derived from the total ÷ population", ""),
    "before": ("调整前", "Before", ""),
    "after": ("调整后", "After", ""),
    "change": ("变化", "Change", ""),
    "threshold_id": ("阈值编号", "Threshold id", ""),
    "unit": ("单位", "Unit", ""),
    "label_zh": ("中文说明", "Label (Chinese)", ""),
    "label_en": ("英文说明", "Label (English)", ""),
}


def column_label(name: str) -> tuple[str, str, str]:
    """(label_zh, label_en, unit) of a result or canonical column."""
    if name in _RESULT_LABELS:
        return _RESULT_LABELS[name]
    for spec in TABLES.values():
        for col in spec.columns:
            if col.name == name:
                return col.label_zh or name, col.label_en or name, col.unit
    return name, name, ""
