"""The qualitative questionnaire's part of the stage scores, bounded by the profile.

For the answered items ``i`` (value ``v_i`` ∈ [0, 1] on the item's scale, stage effects
``eff_is`` ∈ [−1, 1]): ``q_s = 0.5 + 0.5 · Σ_i v_i·eff_is / Σ_i |eff_is|`` ∈ [0, 1]. Its weight
``w = lifecycle.questionnaire.max_weight × answered / items`` grows with the share of the
questionnaire answered and never exceeds the profile's bound, and the final score is
``(1 − w)·data + w·q`` — so a stage score stays in [0, 1] and the data-only stage is shown beside
the final one. Item ``i`` moves stage ``s`` by ``w · 0.5 · v_i·eff_is / Σ|eff_is|`` against a
neutral questionnaire; that is the number its evidence line gives.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from clusterpolicy.assess.lifecycle.rules import STAGES, Params
from clusterpolicy.model.vocabulary import answer_value


@dataclass
class QPart:
    scores: dict[str, float] | None = None  # q_s, None when nothing was answered
    weight: float = 0.0
    answered: int = 0
    total: int = 0
    items: list[tuple[str, float, Mapping, object]] = field(default_factory=list)  # stage, points


def _value(item: Mapping, answer: object) -> float | None:
    if answer is None:
        return None
    try:
        return answer_value(answer, str(item.get("scale", "yes_partial_no")))
    except ValueError as exc:
        raise ValueError(f"{item.get('id')}: {exc} / 答案不符合量表") from None


def questionnaire_part(
    answers: Mapping[str, object],
    items: Sequence[Mapping],
    p: Params,
    warnings: list[str],
    ind: str,
) -> QPart:
    """The questionnaire part of one cluster's scores (module docstring)."""
    by_id = {str(it["id"]): it for it in items}
    vals: dict[str, float] = {}
    for item_id, ans in (answers or {}).items():
        if item_id not in by_id:
            warnings.append(
                f"{ind}: unknown questionnaire item {item_id} ignored / 未知问卷项已忽略"
            )
            continue
        v = _value(by_id[item_id], ans)
        if v is not None:
            vals[item_id] = v
    out = QPart(total=len(by_id), answered=len(vals))
    if not vals or not by_id:
        return out
    out.weight = p["questionnaire.max_weight"] * len(vals) / len(by_id)
    out.scores = {}
    for st in STAGES:
        effs = {i: float((by_id[i].get("stage_effects") or {}).get(st, 0.0)) for i in vals}
        norm = sum(abs(e) for e in effs.values())
        raw = sum(vals[i] * effs[i] for i in vals) / norm if norm else 0.0
        out.scores[st] = 0.5 + 0.5 * raw
        for i in vals:
            pts = out.weight * 0.5 * vals[i] * effs[i] / norm if norm else 0.0
            if abs(pts) >= 0.005:  # what would print as ±0.00 says nothing
                out.items.append((st, pts, by_id[i], (answers or {})[i]))
    return out
