"""Checks of the item fields that only one kind of knowledge-base file has: cost-sharing tier
codes (levers), placeholders (readings), cluster families and the action-plan fields (actions,
levers)."""

from __future__ import annotations

import re

from clusterpolicy.knowledge.checks import Collector, is_number
from clusterpolicy.knowledge.kinds import (
    ACTION_TYPES,
    COST_BANDS,
    LEVELS,
    PLAN_REQUIRED,
    TIMEFRAMES,
)
from clusterpolicy.knowledge.yamlfile import LineDict

_PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")


def _check_tier_codes(c: Collector, item: LineDict, wz: str, we: str) -> None:
    """A cost-sharing tier lever: ``tier`` a positive whole number, ``codes`` GB/T 2260 prefixes."""
    if "tier" in item and not (is_number(item["tier"]) and int(item["tier"]) == item["tier"] > 0):
        c.error(
            "kb_bad_value",
            item.line_of("tier"),
            f"{wz}的 tier 必须是正整数",
            f"{we}: tier must be a positive whole number",
            value=str(item["tier"]),
        )
    if "codes" in item:
        codes = item["codes"]
        if not (
            isinstance(codes, list)
            and codes
            and all(isinstance(x, str) and x.isdigit() and len(x) in (2, 4) for x in codes)
        ):
            c.error(
                "kb_bad_value",
                item.line_of("codes"),
                f"{wz}的 codes 必须是2位（省）或4位（计划单列市）GB/T 2260 代码前缀的列表（加引号）",
                f"{we}: codes must be a list of quoted 2-digit (province) or 4-digit (city) "
                "GB/T 2260 prefixes",
                value=str(codes),
            )


def _check_placeholders(c: Collector, item: LineDict, wz: str, we: str) -> None:
    """Placeholders in a reading's text are plain names in braces, e.g. ``{low}``."""
    for k in ("text_zh", "text_en"):
        v = item.get(k)
        if isinstance(v, str):
            for name in _PLACEHOLDER_RE.findall(v):
                if not name.isidentifier():
                    c.error(
                        "kb_bad_value",
                        item.line_of(k),
                        f"{wz}的占位符“{{{name}}}”无效（只能是字母、数字和下划线）",
                        f"{we}: placeholder '{{{name}}}' is not a plain name",
                        value=name,
                    )


def _check_family(c: Collector, item: LineDict, wz: str, we: str, seen: dict) -> None:
    """Divisions are quoted 2-digit codes, each in one family only; traded a yes/no;
    upgrading_path technology, brand or both."""
    divs = item.get("divisions")
    line = item.line_of("divisions")
    if not (
        isinstance(divs, list)
        and divs
        and all(isinstance(d, str) and len(d) == 2 and d.isdigit() for d in divs)
    ):
        c.error(
            "kb_bad_value",
            line,
            f'{wz}的 divisions 必须是加引号的两位大类代码列表，如 ["17", "28"]',
            f'{we}: divisions must be a list of quoted 2-digit division codes, e.g. ["17", "28"]',
            value=str(divs),
        )
    else:
        owners = seen.setdefault("__divisions__", {})
        for d in divs:
            if d in owners:
                c.error(
                    "kb_duplicate_id",
                    line,
                    f"大类{d}已属于族“{owners[d]}”，一个大类只能属于一个族",
                    f"division {d} already belongs to family '{owners[d]}'; a division belongs to one family",
                    value=d,
                )
            owners[d] = item.get("id")
    if "traded" in item and not isinstance(item["traded"], bool):
        c.error(
            "kb_bad_value",
            item.line_of("traded"),
            f"{wz}的 traded 必须是 true 或 false",
            f"{we}: traded must be true or false",
            value=str(item["traded"]),
        )
    if item.get("upgrading_path") not in ("technology", "brand", "both"):
        c.error(
            "kb_bad_value",
            item.line_of("upgrading_path"),
            f"{wz}的 upgrading_path 必须是 technology、brand 或 both",
            f"{we}: upgrading_path must be technology, brand or both",
            value=str(item.get("upgrading_path")),
        )


def _check_plan_fields(c: Collector, item: LineDict, wz: str, we: str) -> None:
    """An action or lever that can enter the plan: ``lead``, ``timeframe`` and ``indicator``
    present (a lever with ``use: context`` is background and takes none), known ``timeframe``,
    ``cost_band``, ``level``, ``action_type``; ``support`` and ``tags`` lists of names. Whether
    the departments and indicators exist is checked across files by the loader."""
    if "use" in item and item["use"] != "context":
        c.error(
            "kb_bad_value",
            item.line_of("use"),
            f"{wz}的 use 只能是 context",
            f"{we}: use can only be 'context'",
            value=str(item["use"]),
        )
    if item.get("use") == "context":
        return
    for k in PLAN_REQUIRED:
        if k not in item:
            c.error(
                "kb_missing_key",
                item.line,
                f"{wz}缺少行动计划字段“{k}”",
                f"{we} lacks the action-plan field '{k}'",
                "每项措施都要有牵头单位（lead）、时限（timeframe）和目标指标（indicator）；"
                "只作背景的条目写 use: context。",
                "Every action needs a lead unit, a time frame and a target indicator; an item "
                "that is background only takes 'use: context'.",
                value=k,
            )
    for k, allowed in (
        ("timeframe", TIMEFRAMES),
        ("cost_band", COST_BANDS),
        ("level", LEVELS),
        ("action_type", ACTION_TYPES),
    ):
        if k in item and item[k] not in allowed:
            c.error(
                "kb_bad_value",
                item.line_of(k),
                f"{wz}的 {k} 未知",
                f"{we}: unknown {k}",
                f"可选：{', '.join(allowed)}。",
                f"Choose one of: {', '.join(allowed)}.",
                value=str(item[k]),
            )
    for k in ("support", "tags"):
        v = item.get(k)
        if k in item and not (isinstance(v, list) and all(isinstance(x, str) for x in v)):
            c.error(
                "kb_bad_value",
                item.line_of(k),
                f"{wz}的 {k} 必须是名称列表",
                f"{we}: {k} must be a list of names",
                value=str(v),
            )
