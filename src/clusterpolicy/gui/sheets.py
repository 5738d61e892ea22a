"""Which result columns each table shows by default (the rest is one click away, "显示明细").

``{lang}`` in a name stands for the window's language (``text_{lang}`` → ``text_zh`` in the
Chinese window). Value labels that differ from the shared catalogue for one column only are in
:data:`COLUMN_VALUES`. Presentation only: nothing here computes.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "clusters": (
        "industry_code", "verdict", "score", "rank", "lq_employment", "lq_output",
        "employment", "emp_cagr", "eco_stars", "cmp_tier", "miit_flag", "existence", "selected",
    ),
    "lq": ("region_code", "industry_code", "year", "measure", "lq"),
    "specialization": ("region_code", "year", "measure", "hoover", "krugman", "herfindahl", "entropy"),
    "concentration": ("industry_code", "year", "measure", "hoover", "locational_gini", "eg_gamma"),
    "shift_share": (
        "region_code", "industry_code", "base_year", "end_year", "method", "growth",
        "national_share", "industry_mix", "regional_share",
    ),
    "miit": ("industry_code", "scope", "text_{lang}", "status", "evidence_{lang}"),
    "families": ("family_id", "label_{lang}", "members", "size", "lq", "evidence_{lang}"),
    "lifecycle": (
        "industry_code", "stage", "computed_stage", "override_stage", "override_reason",
        "confidence", "quadrant", "lq_base", "lq_end", "emp_cagr",
    ),
    "upgrading_summary": (
        "industry_code", "checklist", "dimension", "score", "max_score", "pct", "status",
        "upgrading_type", "answered", "total",
    ),
    "upgrading": (
        "industry_code", "checklist", "dimension", "item_id", "text_{lang}", "mode", "answer",
        "score", "gap",
    ),
    "equalization": (
        "region_code", "year", "indicator", "value", "rank", "gap_to_reference", "gap_pct", "group",
    ),
    "inequality": ("indicator", "year", "weighting", "index", "value", "between", "within"),
    "agglomeration_threshold": (
        "industry_code", "year", "lq", "band_low", "band_high", "zone", "reading_{lang}",
    ),
    "scenario": ("scenario", "region_code", "indicator", "before", "after", "change"),
    "transfers": (
        "region_code", "standard_expenditure", "standard_revenue", "gap", "coefficient",
        "transfer", "tier",
    ),
    "actions": (
        "priority", "in_plan", "industry_code", "action_{lang}", "lead_{lang}", "support_{lang}",
        "timeframe", "indicator_{lang}", "baseline_{lang}", "target_{lang}", "cost_band", "source",
    ),
    "actions_withheld": ("industry_code", "action_{lang}", "category", "reason_{lang}"),
    "plan_context": ("text_{lang}", "source"),
    "peers": (
        "region_code", "region_name_{lang}", "size", "size_ratio", "structure_dissimilarity",
        "distance", "peer_rank", "is_peer",
    ),
    "peer_comparison": (
        "indicator", "industry_code", "year", "focal_value", "peer_median", "peer_min",
        "peer_max", "focal_rank", "n_compared",
    ),
    "red_flags": ("flag_id", "question_{lang}", "answer", "triggered", "text_{lang}"),
    "roles": ("role_id", "text_{lang}", "answer", "score", "dimension"),
    "policy_quality": ("item_id", "text_{lang}", "answer", "score", "dimension"),
    "profile": ("threshold_id", "label_{lang}", "value", "unit", "source", "overridden"),
    "welfare_effects": (
        "model", "outcome", "term", "coef", "se", "p", "n_obs", "status", "reason_{lang}",
    ),
    "welfare_effects_readings": ("outcome", "model", "kind", "reading_{lang}"),
    "welfare_effects_panel": ("section", "item", "value", "detail_{lang}"),
}  # fmt: skip

#: per-column value labels where the shared word would mislead
COLUMN_VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "weighting": {"none": ("不加权", "unweighted"), "population": ("人口加权", "population")},
    "cmp_tier": {"none": ("未达等级", "none")},
    "upgrading_type": {"none": ("尚未升级", "none")},
    "group_by": {"group": ("区域分组", "region group")},
}

#: a sheet's own header for a column whose shared label means something else there (the
#: checklists' ``score`` is a score, the action plan's a priority)
SHEET_HEADERS: dict[str, dict[str, tuple[str, str]]] = {
    "upgrading_summary": {"score": ("得分", "Score")},
    "upgrading": {"score": ("得分", "Score")},
}

#: GUI headers for code columns (shown with their names)
CODE_HEADERS = {"industry_code": ("行业", "Industry"), "region_code": ("地区", "Region")}


def default_columns(sheet: str, df: pd.DataFrame, lang: str) -> list[str]:
    """The columns of ``df`` shown by default (all of them for a sheet not listed)."""
    wanted: Sequence[str] | None = DEFAULT_COLUMNS.get(sheet)
    if wanted is None:
        return [str(c) for c in df.columns]
    names = [w.replace("{lang}", "en" if lang == "en" else "zh") for w in wanted]
    present = [n for n in names if n in df.columns]
    return present or [str(c) for c in df.columns]


def value_labels(lang: str, extra: dict | None = None) -> dict[str, dict[str, str]]:
    """{column: {value: label}} for :class:`~clusterpolicy.gui.table_model.DataFrameModel`;
    ``extra`` = {column: {value: (zh, en)}} (e.g. the profile's dimension names)."""
    from clusterpolicy.text.labels_plan import PLAN_VALUES

    i = 1 if lang == "en" else 0
    out = {col: {k: v[i] for k, v in m.items()} for col, m in COLUMN_VALUES.items()}
    for key, pair in PLAN_VALUES.items():  # the action plan's time frames, cost bands, levels
        col, value = key.split(".", 1)
        out.setdefault(col, {})[value] = pair[i]
    for col, m in (extra or {}).items():
        out.setdefault(col, {}).update({str(k): v[i] for k, v in m.items()})
    return out
