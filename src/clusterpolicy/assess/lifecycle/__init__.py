"""Cluster life-cycle diagnosis (生命周期诊断): signals, rule-based stage scores, override.

Modules: :mod:`.signals` (series and signals), :mod:`.rules` (stage conditions),
:mod:`.sentences` (fact sentences), :mod:`.evidence` (evidence lists), :mod:`.fuzzy`.

Signals for region r, industry c, window [t0, t1] (methods.md §5, policy-frameworks §4):

* ``lq_base = LQ(t0)``, ``lq_end = LQ(t1)``, ``lq_change = ΔLQ``, ``lq_slope`` = OLS slope of LQ
  over the window's years;
* ``emp_cagr = CAGR(e_rc)``, ``ref_emp_cagr = CAGR(e_c)`` of the reference (``reference_data`` or
  the sum of all regions), ``firm_cagr = CAGR(firms_rc)``;
* ``regional_share`` = dynamic Dunn shift-share regional effect over consecutive years,
  ``RS = Σ_t e_rc(t)·(g_rc(t) − g_c(t))`` with ``g`` the year-on-year growth of the region's and the
  reference's industry; ``rs_rel = RS / e_rc(t0)``;
* ``entropy_trend = H(t1) − H(t0)`` with ``H = −Σ_s p_s ln p_s`` over the sub-industries (codes that
  extend the cluster's code, e.g. 4-digit under 2-digit) of the region; NaN without sub-industries;
* size: the focus share ``e_rc/e_r`` at t1 against the P``lifecycle.emergence.size_pct`` of regions.

**Fuzzy conditions.** A condition "x > c" with tolerance τ has membership
``m = clip((x − c + τ)/(2τ), 0, 1)`` (0.5 exactly at the cut-off, 1 from c+τ, 0 below c−τ); "x < c"
is the mirror image; "|x| ≤ c" is ``clip((c + τ − |x|)/(2τ), 0, 1)``. Tolerances:
``lifecycle.tol.lq`` (LQ units), ``lifecycle.tol.growth_pp`` (percentage points of CAGR),
``lifecycle.tol.rs_rel`` (share of base employment), ``lifecycle.tol.size_rel`` (the size test
compares ``share / P_size`` with 1), ``lifecycle.tol.renewal_rel`` (relative drop/rise).

**Stage rules** (stage score = mean membership of the conditions that could be evaluated, 0–1,
capped by the membership of the stage's *essential* condition — emergence: small size; renewal: the
early LQ decline — so that a large industry is never "emerging" and a rise without a prior fall is
never "renewal"; plus the questionnaire term):

* emergence: focus share < P(size_pct) of regions (essential); LQ1 < ``emergence.lq_max``; ΔLQ > 0;
  g_F − g_N > 0 (g_E − g_N if no firm counts);
* growth: ΔLQ > 0; g_E − g_N > 0; rs_rel > 0; g_F > 0; LQ1 > ``growth.lq_min``;
* maturity: LQ1 > ``maturity.lq_min``; |ΔLQ| ≤ ``maturity.lq_change_rel``·LQ0;
  |g_E − g_N| ≤ ``maturity.growth_band_pp``; g_F < 0 + ``maturity.firm_growth_max_pp`` (consolidation);
* decline: ΔLQ < 0; g_E − g_N < 0; rs_rel < 0; g_F < 0;
* renewal (decline then recovery inside the window; needs ≥ ``renewal.min_years`` years): let t* be
  the year of the lowest LQ strictly inside the window; (1) early decline (essential) ``LQ(t*)/LQ(t0) − 1 <
  −renewal.min_drop``; (2) recovery ``LQ(t1)/LQ(t*) − 1 > renewal.min_rise``; (3) employment
  dips and recovers too: min of the memberships of ``e(t_e*)/e(t0) − 1 < −min_drop`` and
  ``e(t1)/e(t_e*) − 1 > min_rise`` with t_e* the employment trough inside the
  window; (4) when present, a rising sub-industry entropy or a rising new-product-sales or R&D
  share of output between t* and t1.

Questionnaire: ``lifecycle.questionnaire_weight × Σ answer_value × stage_effects[stage]`` is added to
each stage (yes=1, partial=0.5, no=0; likert_0_4 → value/4).

Evidence: ``evidence_for`` lists the chosen stage's conditions with membership ≥ 0.5 (and positive
questionnaire points), ``evidence_against`` its conditions below 0.5 or not evaluable and the
runner-up stage's supporting conditions; ``conditions`` traces every condition of every stage.
These three are machine-readable traces (``[stage membership] rule / 中文短语`` joined by "; ").
The same evidence is written for readers in ``evidence_for_zh`` / ``evidence_for_en`` /
``evidence_against_zh`` / ``evidence_against_en``: one full sentence per line in one language,
stating the observed fact with its numbers (LQ two decimals, percentages one decimal, true minus
sign), e.g. "区位熵由2015年的4.64降至2019年的低点4.09（−11.9%）" / "LQ fell from 4.64 in 2015 to a low
of 4.09 in 2019 (−11.9%)". "For" lines are ordered strongest first; "against" lines give the
essential-condition cap, the unmet conditions (least met first), negative questionnaire points
and conditions without data, then the runner-up's supporting facts ("亦符合成长期特征：…" /
"Also fits growth: …") that are not already evidence for.

Stage = highest score; ties go, in this order, to renewal (the most specific pattern), decline,
maturity, growth, emergence (the cautious reading: a warning stage before a hopeful one, and
emergence last because it alone rests on a size test). ``confidence`` = best − second score, capped at 1 (questionnaire points can widen the margin past 1); label high/medium/low from
``lifecycle.confidence.high`` / ``.medium``. Purdue quadrant: LQ1 ≥ ``quadrant.lq_cut`` and ΔLQ ≥ 0
→ star, LQ1 ≥ cut and ΔLQ < 0 → mature, below and ΔLQ ≥ 0 → emerging, else transforming.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterpolicy.assess import _panel as P
from clusterpolicy.assess.lifecycle import evidence as E
from clusterpolicy.assess.lifecycle.fuzzy import m_abs_le, m_gt, m_lt
from clusterpolicy.assess.lifecycle.rules import conditions, t
from clusterpolicy.assess.lifecycle.signals import Signals, signals
from clusterpolicy.knowledge import Profile
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.model.vocabulary import STAGES, answer_value
from clusterpolicy.progress import ProgressCallback, ensure
from clusterpolicy.text import labels

TIE_ORDER = ("renewal", "decline", "maturity", "growth", "emergence")
GATED = ("emergence", "renewal")  # stages whose first condition is essential (caps the score)
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
]


@dataclass
class LifecycleResult:
    """Result of :func:`diagnose_lifecycle`; ``tables()`` → ``{"lifecycle": DataFrame}``.

    ``series`` holds the yearly LQ / employment / firm series per industry for the charts.
    """

    lifecycle: pd.DataFrame
    series: pd.DataFrame
    warnings: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"lifecycle": self.lifecycle}


def _answer_value(item: Mapping, answer: object) -> float | None:
    """The 0–1 value of a questionnaire answer on the item's scale (None when unanswered)."""
    if answer is None:
        return None
    try:
        return answer_value(answer, str(item.get("scale", "yes_partial_no")))
    except ValueError as exc:
        raise ValueError(f"{item.get('id')}: {exc} / 答案不符合量表") from None


def _quadrant(lq_end: float, lq_change: float, cut: float) -> str | None:
    if not (np.isfinite(lq_end) and np.isfinite(lq_change)):
        return None
    if lq_end >= cut:
        return "star" if lq_change >= 0 else "mature"
    return "emerging" if lq_change >= 0 else "transforming"


def _check_overrides(overrides: Mapping[str, Mapping[str, object]] | None) -> None:
    for ind, ov in (overrides or {}).items():
        stage = ov.get("stage")
        if stage not in STAGES:
            raise ValueError(
                f"override stage {stage!r} for {ind} must be one of {STAGES} / 人工修正阶段无效"
            )
        reason = ov.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError(
                f"override of {ind} needs a reason / 人工修正 {ind} 的阶段必须填写理由 (reason is required)"
            )


@dataclass
class _Scored:
    scores: dict[str, float]
    ev_for: list[E.Evidence]
    ev_against: list[E.Evidence]
    q_points: dict[str, float]


def _data_scores(s: Signals, pr: Profile) -> _Scored:
    """Stage scores from the data: mean membership of the evaluated conditions, gated stages
    capped by their essential condition."""
    conds = conditions(s, pr)
    out = _Scored({}, [], [], dict.fromkeys(STAGES, 0.0))
    for stage in STAGES:
        evaluated = [c for c in conds[stage] if np.isfinite(c.membership)]
        score = float(np.mean([c.membership for c in evaluated])) if evaluated else 0.0
        gate = conds[stage][0].membership if stage in GATED and conds[stage] else math.nan
        if np.isfinite(gate) and gate < score:
            score = gate
            out.ev_against.append(E.cap_note(stage, gate, conds[stage][0]))
        out.scores[stage] = score
        for c in conds[stage]:
            ev = E.condition(stage, c)
            (out.ev_for if ev.kind == "condition" and ev.weight >= 0.5 else out.ev_against).append(
                ev
            )
        if stage == "renewal" and not conds[stage]:
            out.ev_against.append(E.short_window(t(pr, "renewal.min_years")))
    return out


def _questionnaire(
    sc: _Scored, ind: str, answers: Mapping, items: Mapping, pr: Profile, warnings: list[str]
) -> None:
    """Add ``weight × answer × stage effect`` of each answered item to the stage scores."""
    q_weight = t(pr, "questionnaire_weight")
    for item_id, ans in (answers or {}).get(ind, {}).items():
        if item_id not in items:
            warnings.append(
                f"{ind}: unknown questionnaire item {item_id} ignored / 未知问卷项已忽略"
            )
            continue
        val = _answer_value(items[item_id], ans)
        if val is None:
            continue
        for stage, eff in (items[item_id].get("stage_effects") or {}).items():
            if stage in sc.q_points:
                pts = q_weight * val * float(eff)
                sc.q_points[stage] += pts
                if pts:
                    (sc.ev_for if pts > 0 else sc.ev_against).append(
                        E.questionnaire(stage, pts, items[item_id], ans)
                    )
    for stage in STAGES:
        sc.scores[stage] += sc.q_points[stage]


def _row(region, ind, base_year, end_year, s: Signals, sc: _Scored, ov, pr: Profile) -> dict:
    scores = sc.scores
    order = sorted(STAGES, key=lambda st: (-scores[st], TIE_ORDER.index(st)))
    best, second = order[0], order[1]
    conf = min(scores[best] - scores[second], 1.0)  # questionnaire points can push it past 1
    high, medium = t(pr, "confidence.high"), t(pr, "confidence.medium")
    label = "high" if conf >= high else "medium" if conf >= medium else "low"
    lines = {
        lang: E.sentences(best, second, sc.ev_for, sc.ev_against, lang) for lang in ("zh", "en")
    }
    return {
        "region_code": region,
        "industry_code": ind,
        "base_year": base_year,
        "end_year": end_year,
        "stage": ov["stage"] if ov else best,
        "quadrant": _quadrant(s.lq_end, s.lq_change, t(pr, "quadrant.lq_cut")),
        "confidence": conf,
        **{f"score_{st}": scores[st] for st in STAGES},
        "computed_stage": best,
        "override_stage": ov["stage"] if ov else None,
        "override_reason": ov["reason"].strip() if ov else None,
        "lq_base": s.lq_base,
        "lq_end": s.lq_end,
        "lq_change": s.lq_change,
        "emp_cagr": s.g_e,
        "ref_emp_cagr": s.g_n,
        "firm_cagr": s.g_f,
        "regional_share": s.rs,
        "entropy_trend": s.entropy_trend,
        "evidence_for": f"{best} ({labels.label(best, 'zh')}) score {scores[best]:.2f}, next "
        f"{second} {scores[second]:.2f}; "
        + "; ".join(e.trace for e in sc.ev_for if e.stage == best),
        "evidence_against": "; ".join(
            [e.trace for e in sc.ev_against if e.stage == best]
            + [f"competing {second}: " + e.trace for e in sc.ev_for if e.stage == second]
        ),
        "evidence_for_zh": "\n".join(lines["zh"][0]),
        "evidence_for_en": "\n".join(lines["en"][0]),
        "evidence_against_zh": "\n".join(lines["zh"][1]),
        "evidence_against_en": "\n".join(lines["en"][1]),
        "confidence_label": label,
        "lq_slope": s.lq_slope,
        "rs_rel": s.rs_rel,
        "questionnaire_points": sum(abs(v) for v in sc.q_points.values()),
        "conditions": "; ".join(e.trace for e in sc.ev_for + sc.ev_against),
    }


def _series_rows(region: str, ind: str, s: Signals) -> list[dict]:
    return [
        {
            "region_code": region,
            "industry_code": ind,
            "year": y,
            "lq": s.lq[k],
            "employment": s.emp[k],
            "firms": s.firms[k],
            "ref_employment": s.ref_emp[k],
        }
        for k, y in enumerate(s.years)
    ]


def diagnose_lifecycle(
    data: CanonicalData,
    focal_region: str,
    industry_codes: Iterable[str],
    *,
    base_year: int,
    end_year: int,
    profile: Profile,
    questionnaire_items: Sequence[Mapping] = (),
    answers: Mapping[str, Mapping[str, object]] | None = None,
    overrides: Mapping[str, Mapping[str, object]] | None = None,
    progress: ProgressCallback | None = None,
) -> LifecycleResult:
    """Diagnose the life-cycle stage of each industry of ``focal_region`` over [base_year, end_year].

    Returns the ``lifecycle`` sheet (contract columns first). ``overrides`` =
    ``{industry_code: {"stage": ..., "reason": ...}}``; a missing reason raises ``ValueError``.
    """
    report = ensure(progress)
    _check_overrides(overrides)
    region = str(focal_region)
    base_year, end_year = int(base_year), int(end_year)
    if end_year <= base_year:
        raise ValueError(
            f"end year {end_year} must be after base year {base_year} / 终止年须晚于基期"
        )
    years = [y for y in P.measure_years(data, "employment") if base_year <= y <= end_year]
    if base_year not in years or end_year not in years:
        raise ValueError(
            f"employment data missing for {base_year} or {end_year} / {base_year}或{end_year}年缺少从业人员数据"
        )
    items = {str(it["id"]): it for it in questionnaire_items}
    rows, series, warnings = [], [], []
    codes = [str(c) for c in industry_codes]
    panels = {}
    for k, y in enumerate(years):
        report(0.3 * k / len(years), f"LQ {y} / 区位熵")
        panels[y] = P.lq_panel(data, "employment", y)
    for i, ind in enumerate(codes):
        report(0.3 + 0.7 * i / max(len(codes), 1), f"{ind}")
        s = signals(data, panels, region, ind, years, profile)
        sc = _data_scores(s, profile)
        _questionnaire(sc, ind, answers or {}, items, profile, warnings)
        ov = (overrides or {}).get(ind)
        rows.append(_row(region, ind, base_year, end_year, s, sc, ov, profile))
        series += _series_rows(region, ind, s)
    report(1.0, "done / 完成")
    table = pd.DataFrame(rows, columns=LIFECYCLE_COLUMNS)
    return LifecycleResult(table, pd.DataFrame(series), warnings)


__all__ = [
    "LIFECYCLE_COLUMNS",
    "LifecycleResult",
    "QUADRANTS",
    "STAGES",
    "diagnose_lifecycle",
    "m_abs_le",
    "m_gt",
    "m_lt",
]
