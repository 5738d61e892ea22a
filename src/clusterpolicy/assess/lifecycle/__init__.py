"""Cluster life-cycle diagnosis (生命周期诊断): full-series signals, stage rules, a confidence
that means something, an explicit indeterminate stage, breaks, other readings, override.

Modules: :mod:`.trends` (log-linear trends with standard errors, shape, break detection),
:mod:`.series` (yearly series, known and detected breaks), :mod:`.signals` (each signal once),
:mod:`.rules` (stage conditions as numbers), :mod:`.confidence` (residual bootstrap),
:mod:`.questionnaire` (bounded questionnaire part), :mod:`.sentences` / :mod:`.evidence`
(evidence for readers), :mod:`.alternatives` (early death, skipped stage).

For region r, industry c and the window [base_year, end_year] on the assessment's measure
(employment, else output, revenue or firms — named in every sentence):

1. **Series and breaks.** A coverage change listed in the knowledge base (``breaks`` files, e.g.
   the 2012→2013 reform of urban-unit employment statistics) is flagged and handled by splitting
   the window: the trends carry a step dummy there. A jump well beyond the series' own variation
   (robust z > ``lifecycle.break.k`` and ≥ ``lifecycle.break.min_jump`` log points) is flagged.
2. **Signals** (:mod:`.signals`): absolute and relative trends over the full series (log-linear
   slope and standard error), reported side by side with the endpoint changes.
3. **Stage scores** (:mod:`.rules`): the data-only score per stage; the questionnaire's part is
   bounded by ``lifecycle.questionnaire.max_weight`` (:mod:`.questionnaire`); both the data-only
   stage (``data_stage``) and the final one are shown.
4. **Confidence** (:mod:`.confidence`): the share of resampled series that give the stage
   (``confidence_basis`` = ``resampling``), or the score margin for very short series
   (``margin``). Below ``lifecycle.confidence.floor`` the stage is ``indeterminate`` (待定) and the
   best-scoring one is kept as ``leading_stage``; the policy step gives no stage levers then.
5. **Other readings** (:mod:`.alternatives`): early death and skipped growth (seed 001).

Purdue quadrant: LQ1 ≥ ``quadrant.lq_cut`` and ΔLQ ≥ 0 → star, LQ1 ≥ cut and ΔLQ < 0 → mature,
below and ΔLQ ≥ 0 → emerging, else transforming. Overrides need a reason; the computed stage is
kept beside them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from clusterpolicy.assess import _panel as P
from clusterpolicy.assess.lifecycle.diagnosis import (
    INDETERMINATE,
    diagnose_one,
    result_row,
    series_rows,
)
from clusterpolicy.assess.lifecycle.rules import STAGES, Params, m_abs_le, m_gt, m_lt
from clusterpolicy.assess.shape import measure_word, user_error
from clusterpolicy.knowledge import Profile
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.model.vocabulary import STAGES as OVERRIDE_STAGES
from clusterpolicy.progress import ProgressCallback, ensure
from clusterpolicy.text import labels

QUADRANTS = ("star", "mature", "emerging", "transforming")
LIFECYCLE_COLUMNS = [
    "region_code",
    "industry_code",
    "base_year",
    "end_year",
    "stage",
    "quadrant",
    "confidence",
    "score_emergence",
    "score_growth",
    "score_maturity",
    "score_decline",
    "score_renewal",
    "computed_stage",
    "override_stage",
    "override_reason",
    "lq_base",
    "lq_end",
    "lq_change",
    "emp_cagr",
    "ref_emp_cagr",
    "firm_cagr",
    "regional_share",
    "entropy_trend",
    "evidence_for",
    "evidence_against",
    # extra columns after the contract ones
    "evidence_for_zh",
    "evidence_for_en",
    "evidence_against_zh",
    "evidence_against_en",
    "confidence_label",
    "lq_slope",
    "rs_rel",
    "questionnaire_points",
    "conditions",
    "measure",
    "n_years",
    "leading_stage",
    "data_stage",
    "data_confidence",
    "confidence_basis",
    "margin",
    "data_scores",
    "abs_trend",
    "abs_trend_se",
    "ref_trend",
    "rel_trend",
    "rel_trend_se",
    "firm_trend",
    "abs_change",
    "abs_change_pct",
    "rel_change_pct",
    "falling_share",
    "decline_basis",
    "break_years",
    "breaks_zh",
    "breaks_en",
    "readings_zh",
    "readings_en",
    "questionnaire_weight",
    "questionnaire_answered",
]


@dataclass
class LifecycleResult:
    """Result of :func:`diagnose_lifecycle`; ``tables()`` → ``{"lifecycle": DataFrame}``.

    ``series`` holds the yearly LQ / value / firm series per industry for the charts.
    """

    lifecycle: pd.DataFrame
    series: pd.DataFrame
    warnings: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"lifecycle": self.lifecycle}


def _check_overrides(overrides: Mapping[str, Mapping[str, object]] | None) -> None:
    for ind, ov in (overrides or {}).items():
        stage = ov.get("stage")
        if stage not in OVERRIDE_STAGES:
            raise user_error(
                "bad_override_stage",
                f"{ind} 的人工调整阶段“{stage}”无效",
                f"override stage {stage!r} for {ind} must be one of {OVERRIDE_STAGES}",
                f"可选：{'、'.join(labels.label(s) for s in OVERRIDE_STAGES)}",
                f"choose one of: {', '.join(OVERRIDE_STAGES)}",
                stage,
            )
        reason = ov.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise user_error(
                "override_without_reason",
                f"人工修正 {ind} 的阶段必须填写理由",
                f"the override of {ind} needs a reason (reason is required)",
                "在 reason 中写明调整理由",
                "write the reason in 'reason'",
                ind,
            )


def diagnose_lifecycle(
    data: CanonicalData,
    focal_region: str,
    industry_codes: Iterable[str],
    *,
    base_year: int,
    end_year: int,
    profile: Profile,
    measure: str = "employment",
    questionnaire_items: Sequence[Mapping] = (),
    answers: Mapping[str, Mapping[str, object]] | None = None,
    overrides: Mapping[str, Mapping[str, object]] | None = None,
    progress: ProgressCallback | None = None,
) -> LifecycleResult:
    """Diagnose the life-cycle stage of each industry of ``focal_region`` over [base_year,
    end_year] on ``measure`` (``employment`` by default; the series' column keeps the name
    ``employment`` for the charts). ``overrides`` = ``{industry_code: {"stage": …, "reason": …}}``;
    a missing reason is a located user error. Raises ``ValueError`` when the window has fewer
    than two years of the measure."""
    report = ensure(progress)
    _check_overrides(overrides)
    region = str(focal_region)
    base_year, end_year = int(base_year), int(end_year)
    years = [y for y in P.measure_years(data, measure) if base_year <= y <= end_year]
    if end_year <= base_year or len(years) < 2:
        raise ValueError(
            f"the life cycle needs at least two years of {measure} / 生命周期判断至少需要两个年份的"
            f"{measure_word(measure)}数据"
        )
    p = Params.of(profile)
    warnings: list[str] = []
    rows, series_out = [], []
    codes = [str(c) for c in industry_codes]
    panels = {}
    for k, y in enumerate(years):
        report(0.3 * k / len(years), f"LQ {y} / 区位熵")
        panels[y] = P.lq_panel(data, measure, y)
    for i, ind in enumerate(codes):
        report(0.3 + 0.7 * i / max(len(codes), 1), f"{ind}")
        d, series = diagnose_one(
            data,
            panels,
            region,
            ind,
            years,
            measure,
            profile,
            p,
            (answers or {}).get(ind, {}),
            questionnaire_items,
            warnings,
        )
        ov = (overrides or {}).get(ind)
        rows.append(result_row(region, ind, years[0], years[-1], measure, d, ov, p))
        series_out += series_rows(region, ind, series)
    report(1.0, "done / 完成")
    return LifecycleResult(
        pd.DataFrame(rows, columns=LIFECYCLE_COLUMNS), pd.DataFrame(series_out), warnings
    )


__all__ = [
    "INDETERMINATE",
    "LIFECYCLE_COLUMNS",
    "LifecycleResult",
    "QUADRANTS",
    "STAGES",
    "diagnose_lifecycle",
    "m_abs_le",
    "m_gt",
    "m_lt",
]
