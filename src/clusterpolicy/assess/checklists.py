"""Generic checklist scoring (technology, brand, existence, roles, policy quality).

Item scores (0–1, NaN when neither data nor an answer exists):

* ``mode: data`` with a finite value in ``data_values[item["formula"]]`` → band score: the score of
  the highest band whose threshold the value reaches (``value ≥ threshold``); below the first
  band → 0. Without a value the item may be answered by judgement (its ``scale``).
* judgement → scale value: ``yes_partial_no``/``yes_no``: yes = 1, partial = 0.5, no = 0;
  ``likert_0_4``: answer / 4.

* **Sector-relative bands**: a data item with ``relative_bands`` and a value for the same division
  in the reference area (``reference_values``) is scored on the ratio value ÷ reference value;
  otherwise on its absolute ``bands`` (``basis`` says which).
* An item with neither data nor an answer has **no score** (NaN): never 0.

Dimension score = Σ w·s over scored items (``score``), ``max_score`` = Σ w over scored items,
``pct`` = 100·score/max_score; ``coverage`` = scored weight / all weight, with the counts
``answered`` / ``total`` (items scored from data or an answer) and ``data_filled`` /
``data_possible`` (data items with a figure). Below ``coverage_min`` the dimension gets no score
(``pct`` NaN, ``status`` ``insufficient_information``) — a score on a few answers is no score.
The overall row (dimension ``ALL``) does the same over all items. ``gap = w × (1 − s)``; gaps are
ranked by gap, largest first (unscored items have no gap and are listed as ``unanswered``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from clusterpolicy.knowledge.profile import source_text
from clusterpolicy.model.vocabulary import answer_value, normalise_answer


def band_score(value: float, bands) -> float:
    """Score of the highest band whose threshold ``value`` reaches; 0 below the first band."""
    score = 0.0
    for threshold, s in bands:
        if value >= float(threshold):
            score = float(s)
        else:
            break
    return score


@dataclass
class ItemScore:
    item_id: str
    dimension: str
    text_zh: str
    text_en: str
    mode: str
    value: float  # data value used (NaN if none)
    answer: object  # normalised answer (None if none)
    score: float
    weight: float
    gap: float
    source: str
    evidence: str
    upgrading_type: str = ""
    action: str = ""
    note: str = ""
    basis: str = ""  # relative | absolute | judgement | "" (not scored)
    reference_value: float = math.nan


@dataclass
class ChecklistResult:
    checklist_id: str
    items: list[ItemScore] = field(default_factory=list)
    dimensions: list[str] = field(default_factory=list)
    coverage_min: float = 0.0

    def items_frame(self) -> pd.DataFrame:
        return pd.DataFrame([vars(i) for i in self.items])

    def dimension_rows(self) -> list[dict]:
        """One row per dimension then ``ALL``: dimension, score, max_score, pct, coverage."""
        rows = []
        for dim in [*self.dimensions, "ALL"]:
            its = [i for i in self.items if dim == "ALL" or i.dimension == dim]
            scored = [i for i in its if not math.isnan(i.score)]
            total_w = sum(i.weight for i in its)
            s = sum(i.weight * i.score for i in scored)
            m = sum(i.weight for i in scored)
            cov = m / total_w if total_w > 0 else math.nan
            ok = bool(scored) and m > 0 and cov >= self.coverage_min - 1e-12
            rows.append(
                {
                    "dimension": dim,
                    "score": s if ok else math.nan,
                    "max_score": m if scored else math.nan,
                    "pct": 100.0 * s / m if ok else math.nan,
                    "coverage": cov,
                    "answered": len(scored),
                    "total": len(its),
                    "data_filled": sum(
                        1 for i in its if i.mode == "data" and math.isfinite(i.value)
                    ),
                    "data_possible": sum(1 for i in its if i.mode == "data"),
                    "status": "scored" if ok else "insufficient_information",
                }
            )
        return rows

    def dimension_scores(self) -> dict[str, float]:
        """{dimension: pct/100} (0–1), including ``ALL``."""
        return {r["dimension"]: r["pct"] / 100.0 for r in self.dimension_rows()}

    @property
    def overall(self) -> float:
        return self.dimension_scores()["ALL"]

    def gaps(self) -> list[ItemScore]:
        """Scored items with a positive gap, largest ``weight × (1 − score)`` first."""
        g = [i for i in self.items if not math.isnan(i.gap) and i.gap > 0]
        return sorted(g, key=lambda i: -i.gap)

    def unanswered(self) -> list[ItemScore]:
        return [i for i in self.items if math.isnan(i.score)]


def _entry(answers: Mapping | None, item_id: str) -> tuple[object, str]:
    if not answers or item_id not in answers:
        return None, ""
    e = answers[item_id]
    if isinstance(e, Mapping):
        return e.get("answer"), str(e.get("note") or "")
    return e, ""


def _data_score(it: dict, value: float, ref: float | None) -> tuple[float, str, str]:
    """(score, basis, evidence tail) of a data item: relative to the sector when it can be."""
    rel = it.get("relative_bands")
    if rel and ref is not None and math.isfinite(ref) and ref > 0:
        ratio = value / ref
        score = band_score(ratio, rel)
        return (
            score,
            "relative",
            (
                f"; relative to the same division in the reference area: {value:.4g} ÷ {ref:.4g} = "
                f"{ratio:.3g}, relative bands {rel} → {score:g} / 相对参照区域同行业"
            ),
        )
    score = band_score(value, it["bands"])
    tail = f"; bands {it['bands']} → {score:g}"
    if rel:
        tail += " (no reference value for the same division: absolute bands / 无参照区域同行业数值，用绝对分档)"
    return score, "absolute", tail


def score_checklist(
    checklist,
    answers: Mapping | None = None,
    data_values: Mapping[str, float] | None = None,
    data_evidence: Mapping[str, str] | None = None,
    reference_values: Mapping[str, float] | None = None,
    coverage_min: float = 0.0,
) -> ChecklistResult:
    """Score a checklist (a :class:`~clusterpolicy.knowledge.profile.KBFile` or a list of item
    dicts) from ``answers`` ({item_id: {"answer": …, "note": …}} or {item_id: answer}) and
    ``data_values`` ({formula_id: value}). ``data_evidence`` gives a text per formula id."""
    items = checklist.items if hasattr(checklist, "items") else list(checklist)
    cid = getattr(checklist, "id", "")
    dims_decl = [d["id"] for d in getattr(checklist, "dimensions", [])]
    data_values = data_values or {}
    data_evidence = data_evidence or {}
    reference_values = reference_values or {}
    out = ChecklistResult(checklist_id=cid, coverage_min=coverage_min)
    for it in items:
        iid = it["id"]
        w = float(it.get("weight", 1.0))
        raw, note = _entry(answers, iid)
        ans = normalise_answer(raw)
        value = math.nan
        evidence = ""
        score = math.nan
        basis = ""
        ref = reference_values.get(it.get("formula")) if it.get("mode") == "data" else None
        if it.get("mode") == "data":
            v = data_values.get(it.get("formula"))
            if v is not None and isinstance(v, (int, float)) and math.isfinite(float(v)):
                value = float(v)
                score, basis, tail = _data_score(it, value, ref)
                evidence = data_evidence.get(it["formula"], f"{it['formula']} = {value:.4g}") + tail
            elif ans is not None:
                score = answer_value(ans, it.get("scale", "yes_partial_no"))
                basis = "judgement"
                evidence = f"no data for {it.get('formula')}; judged: {ans} / 无数据，按判断"
            else:
                evidence = (
                    f"no data for {it.get('formula')}, unanswered / 无数据，未作答（不计为0分）"
                )
        else:
            score = answer_value(ans, it.get("scale", "yes_partial_no"))
            basis = "judgement" if ans is not None else ""
            evidence = f"answer: {ans}" if ans is not None else "unanswered / 未作答（不计为0分）"
        if note:
            evidence += f"; note: {note}"
        out.items.append(
            ItemScore(
                item_id=iid,
                dimension=str(it.get("dimension", "")),
                text_zh=it.get("text_zh", it.get("question_zh", "")),
                text_en=it.get("text_en", it.get("question_en", "")),
                mode=str(it.get("mode", "judgement")),
                value=value,
                answer=ans,
                score=score,
                weight=w,
                gap=w * (1.0 - score) if not math.isnan(score) else math.nan,
                source=source_text(it.get("source"), "en"),
                evidence=evidence,
                upgrading_type=str(it.get("upgrading_type", "")),
                action=str(it.get("action", "")),
                note=note,
                basis=basis,
                reference_value=float(ref) if ref is not None else math.nan,
            )
        )
    seen = list(dict.fromkeys(dims_decl + [i.dimension for i in out.items]))
    out.dimensions = [d for d in seen if any(i.dimension == d for i in out.items)]
    return out


def existence_status(checklist, answers: Mapping | None) -> str:
    """Existence test verdict: ``no`` if any item is answered no (→ "agglomeration, not yet a
    cluster"); ``yes`` if every item is answered and none is no; else ``unanswered``."""
    res = score_checklist(checklist, answers)
    if any(i.answer == "no" or (not math.isnan(i.score) and i.score == 0.0) for i in res.items):
        return "no"
    if res.items and all(not math.isnan(i.score) for i in res.items):
        return "yes"
    return "unanswered"


__all__ = [
    "ChecklistResult",
    "ItemScore",
    "band_score",
    "existence_status",
    "score_checklist",
]
