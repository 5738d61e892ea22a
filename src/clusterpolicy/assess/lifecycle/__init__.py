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

import numpy as np
import pandas as pd

from clusterpolicy.assess import _panel as P
from clusterpolicy.assess.lifecycle import evidence as E
from clusterpolicy.assess.lifecycle.alternatives import readings
from clusterpolicy.assess.lifecycle.confidence import best_two, combine, resampled_agreement
from clusterpolicy.assess.lifecycle.questionnaire import QPart, questionnaire_part
from clusterpolicy.assess.lifecycle.rules import (
    STAGES,
    Params,
    m_abs_le,
    m_gt,
    m_lt,
    memberships,
    scores,
)
from clusterpolicy.assess.lifecycle.series import Break, build_series, found_breaks, known_breaks
from clusterpolicy.assess.lifecycle.signals import Signals, signals
from clusterpolicy.assess.shape import measure_word, user_error
from clusterpolicy.knowledge import Profile
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.model.vocabulary import STAGES as OVERRIDE_STAGES
from clusterpolicy.progress import ProgressCallback, ensure
from clusterpolicy.text import formats as F
from clusterpolicy.text import labels

INDETERMINATE = "indeterminate"
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


def _quadrant(lq_end: float, lq_change: float, cut: float) -> str | None:
    if not (np.isfinite(lq_end) and np.isfinite(lq_change)):
        return None
    if lq_end >= cut:
        return "star" if lq_change >= 0 else "mature"
    return "emerging" if lq_change >= 0 else "transforming"


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


@dataclass
class _Diag:
    """Everything found for one industry."""

    s: Signals
    conds: dict
    data: dict[str, float]
    final: dict[str, float]
    q: QPart
    known: list[Break]
    found: list[Break]
    data_stage: str = ""
    data_conf: float = np.nan
    leading: str = ""
    second: str = ""
    conf: float = np.nan
    basis: str = "resampling"


def _confidence(d: _Diag, series, p: Params, measure: str, key: str) -> None:
    d.data_stage = best_two(d.data)[0]
    d.leading, d.second = best_two(d.final)
    breaks = [b.year for b in d.known]
    res = resampled_agreement(
        series, breaks, p, measure, d.q.scores, d.q.weight, (d.data_stage, d.leading), key
    )
    if res is None:
        d.basis = "margin"
        d.data_conf = d.data[d.data_stage] - sorted(d.data.values())[-2]
        d.conf = d.final[d.leading] - d.final[d.second]
    else:
        d.data_conf, d.conf = res


def _diagnose(data, panels, region, ind, years, measure, pr, p, answers, items, warnings) -> tuple:
    series = build_series(data, panels, region, ind, years, measure)
    known = known_breaks(pr, measure, region, years)
    found = found_breaks(series, pr, known)
    s = signals(series, [b.year for b in known])
    conds = memberships(s, p, measure)
    data_scores = scores(conds)
    q = questionnaire_part(answers, items, p, warnings, ind)
    d = _Diag(s, conds, data_scores, combine(data_scores, q.scores, q.weight), q, known, found)
    _confidence(d, series, p, measure, f"{region}|{ind}|{years[0]}|{years[-1]}")
    return d, series


def _breaks_text(d: _Diag) -> tuple[str, str, str]:
    zh, en, yrs = [], [], []
    for b in d.known:
        yrs.append(str(b.year))
        zh.append(
            f"{b.year - 1}→{b.year}年统计口径变化（已知）：{b.text_zh}；趋势按变化前后分段估计"
        )
        en.append(
            f"{b.year - 1}→{b.year} coverage change (known): {b.text_en}; trends are "
            "estimated within the segments"
        )
    names = {
        "n": ("参照区域", "the reference area's"),
        "total": ("本地区合计", "the region's total"),
        "e": ("本行业", "the industry's"),
    }
    for b in d.found:
        yrs.append(str(b.year))
        nz, ne = names[b.series]
        zh.append(
            f"{b.year - 1}→{b.year}年{nz}数据跳变{F.signed_percent(np.expm1(b.jump))}，远超该序列自身的波动，"
            "可能是统计口径变化，请核对"
        )
        en.append(
            f"{b.year - 1}→{b.year}: {ne} series jumps {F.signed_percent(np.expm1(b.jump), 1, 'en')}, "
            "far beyond its own variation — possibly a change in coverage; please check"
        )
    return ",".join(yrs), "\n".join(zh), "\n".join(en)


def _evidence(d: _Diag, p: Params, measure: str, stage_shown: str, fits: bool = True):
    parts = {c.cid: c.m for c in d.conds["_decline_parts"]}
    items: list[E.Evidence] = []
    for st in STAGES:
        items += E.condition_items(st, d.conds[st], d.s, p, measure, parts)
        if st == "renewal" and not d.conds[st]:
            items.append(E.short_window(p["renewal.min_years"]))
    for st, pts, item, ans in d.q.items:
        items.append(E.questionnaire_item(st, pts, item, ans))
    lines = {lang: E.sentences(d.leading, d.second, items, lang) for lang in ("zh", "en")}
    if stage_shown == INDETERMINATE and not fits:
        low = p["confidence.min_score"]
        lines["zh"][1].insert(
            0,
            f"没有一个阶段足够吻合：得分最高的{labels.label(d.leading, 'zh')}仅"
            f"{F.number(d.final[d.leading])}，低于{F.number(low)}，阶段待定",
        )
        lines["en"][1].insert(
            0,
            f"No stage fits well: the best, {d.leading}, scores only "
            f"{F.number(d.final[d.leading], 2, 'en')}, below {F.number(low, 2, 'en')}, "
            "so the stage is indeterminate",
        )
    elif stage_shown == INDETERMINATE:
        floor = p["confidence.floor"]
        lines["zh"][1].insert(
            0,
            f"可信度{F.percent(d.conf, 0)}低于下限{F.percent(floor, 0)}，阶段待定；"
            f"得分最高的是{labels.label(d.leading, 'zh')}，仅供参考",
        )
        lines["en"][1].insert(
            0,
            f"Confidence {F.percent(d.conf, 0, 'en')} is below the floor of "
            f"{F.percent(floor, 0, 'en')}, so the stage is indeterminate; the "
            f"best-scoring stage, {d.leading}, is for reference only",
        )
    return items, lines, parts


def _label(conf: float, p: Params) -> str:
    if not np.isfinite(conf):
        return "low"
    if conf >= p["confidence.high"]:
        return "high"
    return "medium" if conf >= p["confidence.medium"] else "low"


def _row(region, ind, base_year, end_year, measure, d: _Diag, ov, p: Params) -> dict:
    """The ``lifecycle`` row of one industry."""
    fits = d.final[d.leading] >= p["confidence.min_score"]
    sure = np.isfinite(d.conf) and d.conf >= p["confidence.floor"]
    computed = d.leading if fits and sure else INDETERMINATE
    stage = ov["stage"] if ov else computed
    items, lines, parts = _evidence(d, p, measure, computed, fits)
    s = d.s
    basis = [k for k in ("abs", "rel") if np.isfinite(parts.get(k, np.nan)) and parts[k] >= 0.5]
    by, bz, be = _breaks_text(d)
    alt = readings(s, p, d.conds["_decline_parts"])
    q_pts = sum(abs(pts) for _, pts, _, _ in d.q.items)
    return {
        "region_code": region,
        "industry_code": ind,
        "base_year": base_year,
        "end_year": end_year,
        "stage": stage,
        "quadrant": _quadrant(s.lq_end, s.lq_change, p["quadrant.lq_cut"]),
        "confidence": d.conf,
        **{f"score_{st}": d.final[st] for st in STAGES},
        "computed_stage": computed,
        "override_stage": ov["stage"] if ov else None,
        "override_reason": ov["reason"].strip() if ov else None,
        "lq_base": s.lq_base,
        "lq_end": s.lq_end,
        "lq_change": s.lq_change,
        "emp_cagr": s.cagr_e,
        "ref_emp_cagr": s.cagr_n,
        "firm_cagr": s.cagr_f,
        "regional_share": s.rs,
        "entropy_trend": s.entropy_trend,
        "evidence_for": f"{d.leading} score {d.final[d.leading]:.2f}, next {d.second} "
        f"{d.final[d.second]:.2f}; confidence {d.conf:.2f} ({d.basis}); "
        + "; ".join(e.trace for e in items if e.stage == d.leading and E.is_for(e)),
        "evidence_against": "; ".join(
            [e.trace for e in items if e.stage == d.leading and not E.is_for(e)]
            + [
                f"competing {d.second}: " + e.trace
                for e in items
                if e.stage == d.second and E.is_for(e)
            ]
        ),
        "evidence_for_zh": "\n".join(lines["zh"][0]),
        "evidence_for_en": "\n".join(lines["en"][0]),
        "evidence_against_zh": "\n".join(lines["zh"][1]),
        "evidence_against_en": "\n".join(lines["en"][1]),
        "confidence_label": _label(d.conf, p),
        "lq_slope": s.lq_slope,
        "rs_rel": s.rs_rel,
        "questionnaire_points": q_pts,
        "conditions": "; ".join(e.trace for e in items),
        "measure": measure,
        "n_years": len(s.years),
        "leading_stage": d.leading,
        "data_stage": d.data_stage,
        "data_confidence": d.data_conf,
        "confidence_basis": d.basis,
        "margin": d.final[d.leading] - d.final[d.second],
        "data_scores": "; ".join(f"{st} {d.data[st]:.2f}" for st in STAGES),
        "abs_trend": s.g_abs,
        "abs_trend_se": s.se_abs,
        "ref_trend": s.g_ref,
        "rel_trend": s.g_rel,
        "rel_trend_se": s.se_rel,
        "firm_trend": s.g_firm,
        "abs_change": s.abs_change,
        "abs_change_pct": s.abs_change_pct,
        "rel_change_pct": s.rel_change_pct,
        "falling_share": s.falling_share,
        "decline_basis": "+".join({"abs": "absolute", "rel": "relative"}[k] for k in basis),
        "break_years": by,
        "breaks_zh": bz,
        "breaks_en": be,
        "readings_zh": "\n".join(a[1] for a in alt),
        "readings_en": "\n".join(a[2] for a in alt),
        "questionnaire_weight": d.q.weight,
        "questionnaire_answered": d.q.answered,
    }


def _series_rows(region: str, ind: str, series) -> list[dict]:
    return [
        {
            "region_code": region,
            "industry_code": ind,
            "year": int(y),
            "lq": series.lq[k],
            "employment": series.e[k],
            "firms": series.firms[k] if len(series.firms) else np.nan,
            "ref_employment": series.n[k],
        }
        for k, y in enumerate(series.years)
    ]


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
    rows, series_rows = [], []
    codes = [str(c) for c in industry_codes]
    panels = {}
    for k, y in enumerate(years):
        report(0.3 * k / len(years), f"LQ {y} / 区位熵")
        panels[y] = P.lq_panel(data, measure, y)
    for i, ind in enumerate(codes):
        report(0.3 + 0.7 * i / max(len(codes), 1), f"{ind}")
        d, series = _diagnose(
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
        rows.append(_row(region, ind, years[0], years[-1], measure, d, ov, p))
        series_rows += _series_rows(region, ind, series)
    report(1.0, "done / 完成")
    return LifecycleResult(
        pd.DataFrame(rows, columns=LIFECYCLE_COLUMNS), pd.DataFrame(series_rows), warnings
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
