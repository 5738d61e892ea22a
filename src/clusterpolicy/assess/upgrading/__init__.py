"""Upgrading assessment (升级评估): the technology and brand checklists of one cluster.

Data items (:mod:`.indicators`) are scored on bands relative to the same division in the
reference area where the checklist gives ``relative_bands`` and the reference has the figure,
else on the absolute bands; an item with neither data nor an answer has no score (never 0).

**Coverage** is shown for every dimension (``answered`` / ``total`` items, ``data_filled`` /
``data_possible``); below ``upgrading.coverage_min`` a dimension shows ``insufficient_information``
and no score.

**The path of seed 002** (两轮驱动, L70): the cluster's family (knowledge-base ``families``)
names its primary wheel (``upgrading_path``: brand for traditional consumer goods — food,
textiles, apparel and leather, wood and furniture, paper and stationery — technology for the
others). Gaps of the secondary wheel are weighted by ``upgrading.secondary_wheel_weight`` when
ranked (``path`` and ``primary`` columns of the summary say which).

Upgrading type reached: for each type (process < product < functional < chain) the weighted mean
score of that type's scored items over both checklists; a type is reached when that mean ≥
``upgrading.type_reached_min`` and its scored weight share ≥ ``upgrading.type_min_coverage``. The
result is the highest type reached, ``none`` when types were scored but none reached, and
``insufficient_information`` when no type had enough items scored to judge.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from clusterpolicy.assess.checklists import ChecklistResult, ItemScore, score_checklist
from clusterpolicy.assess.upgrading.indicators import compute_indicators
from clusterpolicy.knowledge import Profile
from clusterpolicy.model.answers import Answers
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.progress import ProgressCallback, ensure

UPGRADING_TYPES = ("process", "product", "functional", "chain")
CHECKLISTS = ("technology", "brand")
UPGRADING_COLUMNS = [
    "region_code",
    "industry_code",
    "checklist",
    "dimension",
    "item_id",
    "text_zh",
    "text_en",
    "mode",
    "value",
    "answer",
    "score",
    "weight",
    "gap",
    "source",
    "evidence",
    "upgrading_type",
    "action",
    "basis",
    "reference_value",
]
SUMMARY_COLUMNS = [
    "region_code",
    "industry_code",
    "checklist",
    "dimension",
    "score",
    "max_score",
    "pct",
    "upgrading_type",
    "coverage",
    "answered",
    "total",
    "data_filled",
    "data_possible",
    "status",
    "path",
    "primary",
]


@dataclass
class UpgradingResult:
    region_code: str
    industry_code: str
    year: int | None
    results: dict[str, ChecklistResult] = field(default_factory=dict)  # technology, brand
    indicators: dict[str, float] = field(default_factory=dict)
    type_scores: dict[str, dict] = field(default_factory=dict)  # type → {score, coverage, reached}
    upgrading_type: str = "none"
    thresholds: dict[str, float] = field(default_factory=dict)
    path: str = "both"  # brand | technology | both (the family's primary wheel)
    secondary_weight: float = 1.0

    def wheel_weight(self, checklist: str) -> float:
        """1 for the primary wheel (or both), ``secondary_weight`` for the other one."""
        if self.path in ("both", "") or self.path == checklist:
            return 1.0
        return self.secondary_weight

    def gaps(self) -> list[tuple[str, ItemScore]]:
        """(checklist, item) over both checklists, largest weighted shortfall first (the
        secondary wheel's gaps weighted by ``secondary_weight``)."""
        g = [(name, i) for name, r in self.results.items() for i in r.gaps()]
        return sorted(g, key=lambda t: -t[1].gap * self.wheel_weight(t[0]))

    def _item_rows(self) -> list[dict]:
        rows = []
        for name, res in self.results.items():
            for i in res.items:
                rows.append(
                    {
                        "region_code": self.region_code,
                        "industry_code": self.industry_code,
                        "checklist": name,
                        "dimension": i.dimension,
                        "item_id": i.item_id,
                        "text_zh": i.text_zh,
                        "text_en": i.text_en,
                        "mode": i.mode,
                        "value": i.value,
                        "answer": "" if i.answer is None else str(i.answer),
                        "score": i.score,
                        "weight": i.weight,
                        "gap": i.gap,
                        "source": i.source,
                        "evidence": i.evidence,
                        "upgrading_type": i.upgrading_type,
                        "action": i.action,
                        "basis": i.basis,
                        "reference_value": i.reference_value,
                    }
                )
        return rows

    def _summary_rows(self) -> list[dict]:
        key = {"region_code": self.region_code, "industry_code": self.industry_code}
        summ = []
        for name, res in self.results.items():
            for d in res.dimension_rows():
                summ.append(
                    {
                        **key,
                        "checklist": name,
                        **d,
                        "upgrading_type": self.upgrading_type,
                        "path": self.path,
                        "primary": self.wheel_weight(name) == 1.0,
                    }
                )
        for t in UPGRADING_TYPES:
            s = self.type_scores.get(t, {})
            summ.append(
                {
                    **key,
                    "checklist": "upgrading_type",
                    "dimension": t,
                    "score": s.get("score", math.nan),
                    "max_score": 1.0,
                    "pct": 100 * s.get("score", math.nan),
                    "upgrading_type": self.upgrading_type,
                    "coverage": s.get("coverage", math.nan),
                    "status": "scored" if s.get("enough") else "insufficient_information",
                    "path": self.path,
                    "primary": True,
                }
            )
        return summ

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "upgrading": pd.DataFrame(self._item_rows(), columns=UPGRADING_COLUMNS),
            "upgrading_summary": pd.DataFrame(self._summary_rows(), columns=SUMMARY_COLUMNS),
        }


def type_reached(
    results: Mapping[str, ChecklistResult], min_score: float, min_coverage: float
) -> tuple[str, dict[str, dict]]:
    """Per-type weighted mean score and coverage; the highest type reached (module doc)."""
    scores: dict[str, dict] = {}
    reached = "none"
    any_enough = False
    for t in UPGRADING_TYPES:
        its = [i for r in results.values() for i in r.items if i.upgrading_type == t]
        tot = sum(i.weight for i in its)
        sc = [i for i in its if not math.isnan(i.score)]
        w = sum(i.weight for i in sc)
        cov = w / tot if tot > 0 else 0.0
        enough = bool(w > 0 and cov >= min_coverage)
        s = sum(i.weight * i.score for i in sc) / w if enough else math.nan
        ok = bool(enough and s >= min_score)
        any_enough |= enough
        scores[t] = {"score": s, "coverage": cov, "reached": ok, "enough": enough}
        if ok:
            reached = t
    return (reached if any_enough else "insufficient_information"), scores


def _answers_for(answers, name: str, industry_code: str) -> Mapping:
    if isinstance(answers, Answers):
        return answers.get(name, industry_code)
    return (answers or {}).get(name, {})


def assess_upgrading(
    data: CanonicalData,
    region_code: str,
    industry_code: str,
    profile: Profile,
    answers: Answers | Mapping | None = None,
    year: int | None = None,
    *,
    reference_code: str | None = None,
    extra_values: Mapping[str, float] | None = None,
    progress: ProgressCallback | None = None,
) -> UpgradingResult:
    """Score the technology and brand checklists of one cluster (see module docstring).

    ``answers``: an :class:`~clusterpolicy.model.answers.Answers` or
    {"technology": {item: answer}, "brand": {…}}.
    """
    report = ensure(progress)
    region_code, industry_code = str(region_code), str(industry_code)
    lists = {n: profile.checklist(n) for n in CHECKLISTS}
    report(0.0, "upgrading indicators / 计算升级指标")
    vals, ev, refs, year = compute_indicators(
        data, region_code, industry_code, year, reference_code
    )
    for k, v in (extra_values or {}).items():
        vals[k] = float(v)
        ev[k] = f"{k} = {float(v):.4g} (entered by user / 用户录入)"
    th = {
        k: profile.value(k)
        for k in (
            "upgrading.type_reached_min",
            "upgrading.type_min_coverage",
            "upgrading.coverage_min",
        )
    }
    fam = profile.family_of(industry_code)
    out = UpgradingResult(region_code, industry_code, year, indicators=vals, thresholds=th)
    out.path = fam.get("upgrading_path", "both") if fam else "both"
    out.secondary_weight = profile.value("upgrading.secondary_wheel_weight")
    for n, (name, cl) in enumerate(lists.items()):
        report(0.2 + 0.7 * n / max(len(lists), 1), f"checklist {name} / 检查表")
        out.results[name] = score_checklist(
            cl,
            _answers_for(answers, name, industry_code),
            vals,
            ev,
            reference_values=refs,
            coverage_min=th["upgrading.coverage_min"],
        )
    out.upgrading_type, out.type_scores = type_reached(
        out.results, th["upgrading.type_reached_min"], th["upgrading.type_min_coverage"]
    )
    report(1.0, "upgrading done / 升级评估完成")
    return out


__all__ = [
    "CHECKLISTS",
    "SUMMARY_COLUMNS",
    "UPGRADING_COLUMNS",
    "UPGRADING_TYPES",
    "UpgradingResult",
    "assess_upgrading",
    "compute_indicators",
    "type_reached",
]
