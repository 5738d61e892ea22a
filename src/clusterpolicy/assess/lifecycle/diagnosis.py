"""The diagnosis of one industry: series, breaks, signals, scores, confidence, and its row of
the ``lifecycle`` sheet with the evidence (rules in the package docstring)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from clusterpolicy.assess.lifecycle import evidence as E
from clusterpolicy.assess.lifecycle.alternatives import readings
from clusterpolicy.assess.lifecycle.confidence import best_two, combine, resampled_agreement
from clusterpolicy.assess.lifecycle.questionnaire import QPart, questionnaire_part
from clusterpolicy.assess.lifecycle.rules import STAGES, Params, memberships, scores
from clusterpolicy.assess.lifecycle.series import Break, build_series, found_breaks, known_breaks
from clusterpolicy.assess.lifecycle.signals import Signals, signals
from clusterpolicy.text import formats as F
from clusterpolicy.text import labels

INDETERMINATE = "indeterminate"


def _quadrant(lq_end: float, lq_change: float, cut: float) -> str | None:
    if not (np.isfinite(lq_end) and np.isfinite(lq_change)):
        return None
    if lq_end >= cut:
        return "star" if lq_change >= 0 else "mature"
    return "emerging" if lq_change >= 0 else "transforming"


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


def diagnose_one(
    data, panels, region, ind, years, measure, pr, p, answers, items, warnings
) -> tuple:
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
            f"{b.year - 1}→{b.year} statistical break (known): {b.text_en}; trends are "
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


def result_row(region, ind, base_year, end_year, measure, d: _Diag, ov, p: Params) -> dict:
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


def series_rows(region: str, ind: str, series) -> list[dict]:
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
