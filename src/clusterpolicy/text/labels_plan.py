"""Labels of the action plan (part of the one catalogue: :mod:`clusterpolicy.text.labels`
imports and re-exports them): the values of the plan columns and the plan sheets' columns."""

from __future__ import annotations

from clusterpolicy.text.catalogue import Catalogue

#: plan-column values, keyed "<column>.<value>" (timeframe, cost_band, level, action_type)
PLAN_VALUES = Catalogue(
    "labels.plan_values",
    {
        "timeframe.near": ("近期（1年内）", "near term (≤ 1 year)"),
        "timeframe.mid": ("中期（1–3年）", "mid term (1–3 years)"),
        "timeframe.long": ("长期（3–5年）", "long term (3–5 years)"),
        "cost_band.none": ("无新增支出", "no new spending"),
        "cost_band.low": ("低（工作经费）", "low (running costs)"),
        "cost_band.medium": ("中（需专项资金）", "medium (a dedicated fund)"),
        "cost_band.high": ("高（较大财政投入或融资）", "high (large outlay or financing)"),
        "level.county": ("本县实施", "county"),
        "level.higher": ("向上级申请", "request to higher level"),
        "action_type.intervention": ("干预措施", "intervention"),
        "action_type.diagnostic": ("诊断措施", "diagnostic"),
    },
)

#: the plan columns of the actions, actions_withheld and plan_context sheets → (zh, en, unit)
PLAN_COLUMNS: dict[str, tuple[str, str, str]] = {
    "in_plan": ("列入行动计划", "In the plan", ""),
    "score": ("优先级得分", "Priority score", ""),
    "urgency": ("紧迫度", "Urgency", ""),
    "confidence": ("可信度", "Confidence", ""),
    "lead": ("牵头单位代码", "Lead unit id", ""),
    "lead_zh": ("牵头单位", "Lead unit (Chinese)", ""),
    "lead_en": ("牵头单位（英文）", "Lead unit", ""),
    "support": ("配合单位代码", "Supporting unit ids", ""),
    "support_zh": ("配合单位", "Supporting units (Chinese)", ""),
    "support_en": ("配合单位（英文）", "Supporting units", ""),
    "timeframe": ("时限", "Time frame", ""),
    "indicator_zh": ("目标指标", "Target indicator (Chinese)", ""),
    "indicator_en": ("目标指标（英文）", "Target indicator", ""),
    "baseline": ("基期值", "Baseline", ""),
    "baseline_zh": ("基期值（中文）", "Baseline (Chinese)", ""),
    "baseline_en": ("基期值（英文）", "Baseline (English)", ""),
    "target": ("目标方向", "Target direction", ""),
    "target_zh": ("目标", "Target (Chinese)", ""),
    "target_en": ("目标（英文）", "Target", ""),
    "cost_band": ("投入规模", "Cost band", ""),
    "funding_zh": ("资金渠道", "Funding channel (Chinese)", ""),
    "funding_en": ("资金渠道（英文）", "Funding channel", ""),
    "level": ("实施层级", "Level", ""),
    "action_type": ("措施类型", "Action type", ""),
    "tags": ("标签", "Tags", ""),
    "reason_zh": ("未列入原因", "Reason withheld (Chinese)", ""),
    "reason_en": ("未列入原因（英文）", "Reason withheld", ""),
    "context_id": ("背景条目", "Context item", ""),
    "applies": ("适用于本地区", "Applies to this region", ""),
}


def plan_label(column: str, value: object, lang: str = "zh") -> str:
    """The label of a plan-column value (``timeframe`` ``near`` → 近期（1年内）); as is if unknown."""
    key = f"{column}.{value}"
    return PLAN_VALUES.label(key, lang) if key in PLAN_VALUES else str(value)
