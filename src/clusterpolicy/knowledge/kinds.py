"""The kinds of knowledge-base files and the keys each kind's items may hold
(:mod:`clusterpolicy.knowledge.schema` validates against them)."""

from __future__ import annotations

from dataclasses import dataclass

#: the action-plan fields of an action or lever (checked by ``kind_checks._check_plan_fields``;
#: lead, timeframe and indicator are required unless a lever is ``use: context``)
PLAN_FIELDS = (
    "lead",
    "support",
    "timeframe",
    "indicator",
    "cost_band",
    "funding_zh",
    "funding_en",
    "level",
    "action_type",
    "tags",
)
TIMEFRAMES = ("near", "mid", "long")
COST_BANDS = ("none", "low", "medium", "high")
LEVELS = ("county", "higher")
ACTION_TYPES = ("intervention", "diagnostic")
PLAN_REQUIRED = ("lead", "timeframe", "indicator")


@dataclass(frozen=True)
class KindSpec:
    """Keys allowed in one kind of file and in its items."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    top_optional: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()  # keys that must be non-empty strings (when present)


KINDS: dict[str, KindSpec] = {
    "thresholds": KindSpec(
        required=("id", "value", "label_zh", "label_en", "source"),
        optional=("unit", "min", "max", "note_zh", "note_en"),
        texts=("label_zh", "label_en", "note_zh", "note_en"),
    ),
    "questionnaire": KindSpec(
        required=("id", "text_zh", "text_en", "scale", "stage_effects", "source"),
        optional=(
            "evidence_hint_zh",
            "evidence_hint_en",
            "weight",
            "dimension",
            "note_zh",
            "note_en",
        ),
        top_optional=("dimensions",),
        texts=("text_zh", "text_en", "evidence_hint_zh", "evidence_hint_en", "note_zh", "note_en"),
    ),
    "checklist": KindSpec(
        required=(
            "id",
            "dimension",
            "text_zh",
            "text_en",
            "weight",
            "mode",
            "source",
            "evidence_hint_zh",
            "evidence_hint_en",
        ),
        optional=(
            "formula",
            "bands",
            "relative_bands",
            "scale",
            "unit",
            "upgrading_type",
            "action",
            "note_zh",
            "note_en",
        ),
        top_optional=("dimensions",),
        texts=("text_zh", "text_en", "evidence_hint_zh", "evidence_hint_en", "note_zh", "note_en"),
    ),
    "redflags": KindSpec(
        required=("id", "question_zh", "question_en", "trigger", "text_zh", "text_en", "source"),
        optional=("action", "weight", "suppresses"),
        texts=("question_zh", "question_en", "text_zh", "text_en"),
    ),
    "levers": KindSpec(
        required=("id", "kind", "text_zh", "text_en", "source"),
        optional=(
            "stage",
            "central_share",
            "members_zh",
            "members_en",
            "note_zh",
            "note_en",
            "tier",
            "codes",
            "use",
            *PLAN_FIELDS,
        ),
        texts=("text_zh", "text_en", "members_zh", "members_en", "note_zh", "note_en"),
    ),
    "actions": KindSpec(
        required=("id", "text_zh", "text_en", "source"),
        optional=("category", "note_zh", "note_en", *PLAN_FIELDS),
        texts=("text_zh", "text_en", "note_zh", "note_en", "funding_zh", "funding_en"),
    ),
    # the departments that lead or support an action (editable per locality)
    "departments": KindSpec(
        required=("id", "label_zh", "label_en", "source"),
        optional=("note_zh", "note_en"),
        texts=("label_zh", "label_en", "note_zh", "note_en"),
    ),
    # target indicators of actions, with where their baseline comes from
    "indicators": KindSpec(
        required=("id", "label_zh", "label_en", "baseline", "direction", "source"),
        optional=("note_zh", "note_en"),
        texts=("label_zh", "label_en", "note_zh", "note_en"),
    ),
    # pairs of action tags that must never both be advised for one cluster
    "contradictions": KindSpec(
        required=("id", "a", "b", "text_zh", "text_en", "source"),
        optional=("note_zh", "note_en"),
        texts=("text_zh", "text_en", "note_zh", "note_en"),
    ),
    # official criteria a result lists one by one: checked from the data, or "needs X"
    "criteria": KindSpec(
        required=("id", "scope", "text_zh", "text_en", "check", "needs_zh", "needs_en", "source"),
        optional=("threshold", "note_zh", "note_en"),
        texts=("text_zh", "text_en", "needs_zh", "needs_en", "note_zh", "note_en"),
    ),
    # cluster families: sets of GB/T 4754-2017 divisions (2-digit codes), traded or local
    "families": KindSpec(
        required=("id", "label_zh", "label_en", "divisions", "traded", "upgrading_path", "source"),
        optional=("colocation_r", "note_zh", "note_en"),
        texts=("label_zh", "label_en", "note_zh", "note_en"),
    ),
    # known changes in statistical coverage (a level shift between year − 1 and year)
    "breaks": KindSpec(
        required=("id", "measure", "year", "text_zh", "text_en", "source"),
        optional=("region_pattern", "note_zh", "note_en"),
        texts=("text_zh", "text_en", "note_zh", "note_en"),
    ),
    # sentences the engines print, with {placeholders} filled from the active profile
    "readings": KindSpec(
        required=("id", "key", "text_zh", "text_en", "source"),
        optional=("note_zh", "note_en"),
        texts=("text_zh", "text_en", "note_zh", "note_en"),
    ),
}
