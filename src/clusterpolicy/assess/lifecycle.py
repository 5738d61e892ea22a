"""Cluster life-cycle diagnosis (生命周期诊断): signals, rule-based stage scores, override.

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
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.progress import ProgressCallback, ensure

STAGES = ("emergence", "growth", "maturity", "decline", "renewal")
TIE_ORDER = ("renewal", "decline", "maturity", "growth", "emergence")
STAGE_ZH = {"emergence": "萌芽期", "growth": "成长期", "maturity": "成熟期", "decline": "衰退期", "renewal": "转型更新期"}
GATED = ("emergence", "renewal")  # stages whose first condition is essential (caps the score)
QUADRANTS = ("star", "mature", "emerging", "transforming")
LIFECYCLE_COLUMNS = [
    "region_code", "industry_code", "base_year", "end_year", "stage", "quadrant", "confidence",
    "score_emergence", "score_growth", "score_maturity", "score_decline", "score_renewal",
    "computed_stage", "override_stage", "override_reason", "lq_base", "lq_end", "lq_change",
    "emp_cagr", "ref_emp_cagr", "firm_cagr", "regional_share", "entropy_trend", "evidence_for",
    "evidence_against",
    # extra columns after the contract ones
    "confidence_label", "lq_slope", "rs_rel", "questionnaire_points", "conditions",
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


def _t(th: Mapping[str, float], key: str) -> float:
    return P.threshold(th, f"lifecycle.{key}")


def m_gt(x: float, c: float, tol: float) -> float:
    """Fuzzy membership of ``x > c`` with tolerance ``tol`` (NaN if x is missing)."""
    if x is None or not np.isfinite(x):
        return math.nan
    if tol <= 0:
        return 1.0 if x > c else (0.5 if x == c else 0.0)
    return float(min(max((x - c + tol) / (2 * tol), 0.0), 1.0))


def m_lt(x: float, c: float, tol: float) -> float:
    """Fuzzy membership of ``x < c``."""
    if x is None or not np.isfinite(x):
        return math.nan
    return m_gt(-x, -c, tol)


def m_abs_le(x: float, c: float, tol: float) -> float:
    """Fuzzy membership of ``|x| ≤ c``."""
    if x is None or not np.isfinite(x):
        return math.nan
    return m_lt(abs(x), c, tol) if tol > 0 else (1.0 if abs(x) <= c else 0.0)


@dataclass
class _Signals:
    years: list[int]
    lq: list[float]
    emp: list[float]
    firms: list[float]
    ref_emp: list[float]
    share_end: float
    share_p: float
    lq_base: float = math.nan
    lq_end: float = math.nan
    lq_change: float = math.nan
    lq_slope: float = math.nan
    g_e: float = math.nan
    g_n: float = math.nan
    g_f: float = math.nan
    rs: float = math.nan
    rs_rel: float = math.nan
    entropy_trend: float = math.nan
    entropy_by_year: dict = field(default_factory=dict)
    intensity: dict = field(default_factory=dict)  # measure → {year: share of output}


def _entropy(values: pd.Series) -> float:
    v = values[values > 0].to_numpy(dtype="float64")
    if v.size < 2:
        return math.nan
    p = v / v.sum()
    return float(-(p * np.log(p)).sum())


def _signals(data: CanonicalData, panels: dict, region: str, ind: str, years: list[int], th) -> _Signals:
    lq, emp, firms, ref_emp = [], [], [], []
    share_end = share_p = math.nan
    df = data.industry_data
    sel = df.loc[df["region_code"].astype(str) == region]
    subs = sel.loc[sel["industry_code"].astype(str).str.startswith(ind) & (sel["industry_code"].astype(str) != ind)]
    s = _Signals(years, lq, emp, firms, ref_emp, share_end, share_p)
    for y in years:
        pan = panels.get(y)
        if pan is None or region not in pan.values.index or ind not in pan.values.columns:
            lq.append(math.nan), emp.append(math.nan), ref_emp.append(math.nan)
        else:
            lq.append(float(pan.lq.at[region, ind]))
            emp.append(float(pan.values.at[region, ind]))
            ref_emp.append(float(pan.reference.get(ind, math.nan)))
            if y == years[-1]:
                share = pan.share()[ind]
                s.share_end = float(share.get(region, math.nan))
                pos = pan.values[ind] > 0
                s.share_p = P.percentile(share[pos].to_numpy(), _t(th, "emergence.size_pct"))
        row = sel.loc[(sel["year"] == y) & (sel["industry_code"].astype(str) == ind)]
        firms.append(float(row["firms"].iloc[0]) if len(row) and "firms" in row and pd.notna(row["firms"].iloc[0]) else math.nan)
        if len(row) and "output" in row and pd.notna(row["output"].iloc[0]) and row["output"].iloc[0] > 0:
            for m in ("new_product_sales", "rd_expenditure"):
                if m in row and pd.notna(row[m].iloc[0]):
                    s.intensity.setdefault(m, {})[y] = float(row[m].iloc[0]) / float(row["output"].iloc[0])
        if len(subs):
            sub_y = subs.loc[subs["year"] == y, "employment"].dropna()
            h = _entropy(sub_y)
            if np.isfinite(h):
                s.entropy_by_year[y] = h
    t0, t1 = years[0], years[-1]
    span = t1 - t0
    s.lq_base, s.lq_end = lq[0], lq[-1]
    s.lq_change = s.lq_end - s.lq_base
    s.lq_slope = P.ols_slope(years, lq)
    s.g_e = P.cagr(emp[0], emp[-1], span)
    s.g_n = P.cagr(ref_emp[0], ref_emp[-1], span)
    s.g_f = P.cagr(firms[0], firms[-1], span)
    rs = 0.0
    ok = False
    for k in range(len(years) - 1):
        e0, e1, n0, n1 = emp[k], emp[k + 1], ref_emp[k], ref_emp[k + 1]
        if all(np.isfinite(v) for v in (e0, e1, n0, n1)) and e0 > 0 and n0 > 0:
            rs += e0 * ((e1 / e0 - 1) - (n1 / n0 - 1))
            ok = True
    s.rs = rs if ok else math.nan
    s.rs_rel = s.rs / emp[0] if ok and np.isfinite(emp[0]) and emp[0] > 0 else math.nan
    if t0 in s.entropy_by_year and t1 in s.entropy_by_year:
        s.entropy_trend = s.entropy_by_year[t1] - s.entropy_by_year[t0]
    return s


def _renewal(s: _Signals, th) -> list[tuple[str, float]]:
    """Renewal conditions (see module docstring); empty when the window is too short."""
    if len(s.years) < int(_t(th, "renewal.min_years")):
        return []
    tol = _t(th, "tol.renewal_rel")
    lq = np.asarray(s.lq, dtype="float64")
    emp = np.asarray(s.emp, dtype="float64")
    inner = range(1, len(s.years) - 1)
    out: list[tuple[str, float]] = []
    lq_in = [(lq[k], k) for k in inner if np.isfinite(lq[k])]
    if lq_in and np.isfinite(lq[0]) and np.isfinite(lq[-1]) and lq[0] > 0:
        trough, k = min(lq_in)
        drop = trough / lq[0] - 1
        rise = lq[-1] / trough - 1 if trough > 0 else math.nan
        out.append((f"LQ fell {P.pct(drop)} from {s.years[0]} to trough {s.years[k]}"
                    f" / 区位熵先降", m_lt(drop, -_t(th, "renewal.min_drop"), tol)))
        out.append((f"LQ recovered {P.pct(rise)} from {s.years[k]} to {s.years[-1]} / 区位熵回升",
                    m_gt(rise, _t(th, "renewal.min_rise"), tol)))
        t_star = s.years[k]
    else:
        t_star = None
    emp_in = [(emp[k], k) for k in inner if np.isfinite(emp[k])]
    if emp_in and np.isfinite(emp[-1]) and np.isfinite(emp[0]) and emp[0] > 0:
        etr, ke = min(emp_in)
        edrop = etr / emp[0] - 1
        erise = emp[-1] / etr - 1 if etr > 0 else math.nan
        m_e = min(m_lt(edrop, -_t(th, "renewal.min_drop"), tol), m_gt(erise, _t(th, "renewal.min_rise"), tol))
        out.append((f"employment fell {P.pct(edrop)} to trough {s.years[ke]} and recovered {P.pct(erise)}"
                    " / 就业先降后升", m_e))
    if t_star is not None:
        newness = []
        if t_star in s.entropy_by_year and s.years[-1] in s.entropy_by_year:
            newness.append(("sub-industry entropy", s.entropy_by_year[s.years[-1]] - s.entropy_by_year[t_star]))
        for m, byyear in s.intensity.items():
            if t_star in byyear and s.years[-1] in byyear:
                newness.append((f"{m} share of output", byyear[s.years[-1]] - byyear[t_star]))
        if newness:
            name, best = max(newness, key=lambda kv: kv[1])
            out.append((f"{name} rising after the trough ({P.fmt(best, 4)}) / 新产品或多样性上升",
                        1.0 if best > 0 else 0.0))
    return out


def _conditions(s: _Signals, th) -> dict[str, list[tuple[str, float]]]:
    tol_lq = _t(th, "tol.lq")
    tol_g = _t(th, "tol.growth_pp") / 100
    tol_rs = _t(th, "tol.rs_rel")
    rel_g = s.g_e - s.g_n if np.isfinite(s.g_e) and np.isfinite(s.g_n) else math.nan
    firm_rel = s.g_f - s.g_n if np.isfinite(s.g_f) and np.isfinite(s.g_n) else math.nan
    em_lq = _t(th, "emergence.lq_max")
    em3 = ((f"firm growth {P.pct(s.g_f)} above reference employment growth {P.pct(s.g_n)} / 企业数增长快于参照",
            m_gt(firm_rel, 0, tol_g)) if np.isfinite(firm_rel) else
           (f"employment growth {P.pct(s.g_e)} above reference {P.pct(s.g_n)} (no firm counts) / 就业增长快于参照",
            m_gt(rel_g, 0, tol_g)))
    mat_rel = _t(th, "maturity.lq_change_rel")
    mat_lim = mat_rel * s.lq_base if np.isfinite(s.lq_base) else math.nan
    return {
        "emergence": [
            (f"small: share {P.pct(s.share_end)} < P{_t(th, 'emergence.size_pct'):g} {P.pct(s.share_p)} / 规模小",
             m_lt(s.share_end / s.share_p, 1.0, _t(th, "tol.size_rel"))
             if np.isfinite(s.share_p) and s.share_p > 0 else math.nan),
            (f"LQ end {P.fmt(s.lq_end)} < {em_lq:g} / 区位熵低于{em_lq:g}", m_lt(s.lq_end, em_lq, tol_lq)),
            (f"ΔLQ {P.fmt(s.lq_change)} > 0 / 区位熵上升", m_gt(s.lq_change, 0, tol_lq)),
            em3,
        ],
        "growth": [
            (f"ΔLQ {P.fmt(s.lq_change)} > 0 / 区位熵上升", m_gt(s.lq_change, 0, tol_lq)),
            (f"employment growth {P.pct(s.g_e)} > reference {P.pct(s.g_n)} / 就业增长快于参照", m_gt(rel_g, 0, tol_g)),
            (f"shift-share regional effect {P.pct(s.rs_rel)} of base > 0 / 区域竞争效应为正", m_gt(s.rs_rel, 0, tol_rs)),
            (f"firm growth {P.pct(s.g_f)} > 0 / 企业数增加", m_gt(s.g_f, 0, tol_g)),
            (f"LQ end {P.fmt(s.lq_end)} > {_t(th, 'growth.lq_min'):g}", m_gt(s.lq_end, _t(th, "growth.lq_min"), tol_lq)),
        ],
        "maturity": [
            (f"LQ end {P.fmt(s.lq_end)} > {_t(th, 'maturity.lq_min'):g} / 区位熵高", m_gt(s.lq_end, _t(th, "maturity.lq_min"), tol_lq)),
            (f"|ΔLQ| {P.fmt(abs(s.lq_change))} ≤ {mat_rel:g}·LQ0 = {P.fmt(mat_lim)} / 区位熵稳定",
             m_abs_le(s.lq_change, mat_lim, tol_lq) if np.isfinite(mat_lim) else math.nan),
            (f"|g_E − g_N| {P.pct(abs(rel_g) if np.isfinite(rel_g) else rel_g)} ≤ {_t(th, 'maturity.growth_band_pp'):g} pp"
             " / 增长与参照相当", m_abs_le(rel_g, _t(th, "maturity.growth_band_pp") / 100, tol_g)),
            (f"firm growth {P.pct(s.g_f)} ≤ {_t(th, 'maturity.firm_growth_max_pp'):g} pp (consolidation) / 企业数不增",
             m_lt(s.g_f, _t(th, "maturity.firm_growth_max_pp") / 100, tol_g)),
        ],
        "decline": [
            (f"ΔLQ {P.fmt(s.lq_change)} < 0 / 区位熵下降", m_lt(s.lq_change, 0, tol_lq)),
            (f"employment growth {P.pct(s.g_e)} < reference {P.pct(s.g_n)} / 就业增长慢于参照", m_lt(rel_g, 0, tol_g)),
            (f"shift-share regional effect {P.pct(s.rs_rel)} of base < 0 / 区域竞争效应为负", m_lt(s.rs_rel, 0, tol_rs)),
            (f"firm growth {P.pct(s.g_f)} < 0 (exits) / 企业退出", m_lt(s.g_f, 0, tol_g)),
        ],
        "renewal": _renewal(s, th),
    }


def _answer_value(item: Mapping, answer: object) -> float | None:
    if answer is None:
        return None
    scale = str(item.get("scale", "yes_partial_no"))
    if scale == "yes_partial_no":
        table = {"yes": 1.0, "partial": 0.5, "no": 0.0}
        key = str(answer).strip().lower()
        if key not in table:
            raise ValueError(f"answer {answer!r} to {item.get('id')} must be yes/partial/no / 答案须为 yes/partial/no")
        return table[key]
    if scale == "likert_0_4":
        v = float(answer)
        if not 0 <= v <= 4:
            raise ValueError(f"answer {answer!r} to {item.get('id')} must be 0–4 / 答案须为0–4")
        return v / 4.0
    raise ValueError(f"unknown scale {scale!r} of {item.get('id')} / 未知量表")


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
            raise ValueError(f"override stage {stage!r} for {ind} must be one of {STAGES} / 人工修正阶段无效")
        reason = ov.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError(
                f"override of {ind} needs a reason / 人工修正 {ind} 的阶段必须填写理由 (reason is required)"
            )


def diagnose_lifecycle(
    data: CanonicalData,
    focal_region: str,
    industry_codes: Iterable[str],
    *,
    base_year: int,
    end_year: int,
    thresholds: Mapping[str, float],
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
        raise ValueError(f"end year {end_year} must be after base year {base_year} / 终止年须晚于基期")
    years = [y for y in P.measure_years(data, "employment") if base_year <= y <= end_year]
    if base_year not in years or end_year not in years:
        raise ValueError(
            f"employment data missing for {base_year} or {end_year} / {base_year}或{end_year}年缺少从业人员数据"
        )
    items = {str(it["id"]): it for it in questionnaire_items}
    q_weight = _t(thresholds, "questionnaire_weight")
    rows, series, warnings = [], [], []
    codes = [str(c) for c in industry_codes]
    panels = {}
    for k, y in enumerate(years):
        report(0.3 * k / len(years), f"LQ {y} / 区位熵")
        panels[y] = P.lq_panel(data, "employment", y)
    for i, ind in enumerate(codes):
        report(0.3 + 0.7 * i / max(len(codes), 1), f"{ind}")
        s = _signals(data, panels, region, ind, years, thresholds)
        conds = _conditions(s, thresholds)
        scores, ev_for, ev_against = {}, [], []
        for stage in STAGES:
            evaluated = [(txt, m) for txt, m in conds[stage] if np.isfinite(m)]
            skipped = [txt for txt, m in conds[stage] if not np.isfinite(m)]
            scores[stage] = float(np.mean([m for _, m in evaluated])) if evaluated else 0.0
            gate = conds[stage][0][1] if stage in GATED and conds[stage] else math.nan
            if np.isfinite(gate) and gate < scores[stage]:
                scores[stage] = gate
                ev_against.append(f"[{stage} cap {gate:.2f}] essential condition caps the score / 必要条件限制得分: "
                                  + conds[stage][0][0])
            for txt, m in evaluated:
                (ev_for if m >= 0.5 else ev_against).append(f"[{stage} {m:.2f}] {txt}")
            for txt in skipped:
                ev_against.append(f"[{stage} n/a] not evaluated (data missing) / 数据缺失未评估: {txt}")
            if stage == "renewal" and not conds[stage]:
                ev_against.append(f"[renewal n/a] window shorter than {_t(thresholds, 'renewal.min_years'):g} years"
                                  " / 窗口过短，无法判断转型更新")
        q_points = dict.fromkeys(STAGES, 0.0)
        for item_id, ans in (answers or {}).get(ind, {}).items():
            if item_id not in items:
                warnings.append(f"{ind}: unknown questionnaire item {item_id} ignored / 未知问卷项已忽略")
                continue
            val = _answer_value(items[item_id], ans)
            if val is None:
                continue
            for stage, eff in (items[item_id].get("stage_effects") or {}).items():
                if stage in q_points:
                    pts = q_weight * val * float(eff)
                    q_points[stage] += pts
                    if pts:
                        (ev_for if pts > 0 else ev_against).append(
                            f"[{stage} {pts:+.2f}] questionnaire {item_id} = {ans} / 问卷")
        for stage in STAGES:
            scores[stage] += q_points[stage]
        order = sorted(STAGES, key=lambda st: (-scores[st], TIE_ORDER.index(st)))
        best, second = order[0], order[1]
        conf = min(scores[best] - scores[second], 1.0)  # questionnaire points can push a margin past 1
        label = ("high" if conf >= _t(thresholds, "confidence.high")
                 else "medium" if conf >= _t(thresholds, "confidence.medium") else "low")
        ov = (overrides or {}).get(ind)
        stage = ov["stage"] if ov else best
        rows.append({
            "region_code": region, "industry_code": ind, "base_year": base_year, "end_year": end_year,
            "stage": stage, "quadrant": _quadrant(s.lq_end, s.lq_change, _t(thresholds, "quadrant.lq_cut")),
            "confidence": conf, **{f"score_{st}": scores[st] for st in STAGES},
            "computed_stage": best, "override_stage": ov["stage"] if ov else None,
            "override_reason": ov["reason"].strip() if ov else None,
            "lq_base": s.lq_base, "lq_end": s.lq_end, "lq_change": s.lq_change, "emp_cagr": s.g_e,
            "ref_emp_cagr": s.g_n, "firm_cagr": s.g_f, "regional_share": s.rs, "entropy_trend": s.entropy_trend,
            "evidence_for": f"{best} ({STAGE_ZH[best]}) score {scores[best]:.2f}, next {second} {scores[second]:.2f}; "
                            + "; ".join(e for e in ev_for if e.startswith(f"[{best} ")),
            "evidence_against": "; ".join(
                [e for e in ev_against if e.startswith(f"[{best} ")]
                + [f"competing {second}: " + e for e in ev_for if e.startswith(f"[{second} ")]),
            "confidence_label": label, "lq_slope": s.lq_slope, "rs_rel": s.rs_rel,
            "questionnaire_points": sum(abs(v) for v in q_points.values()),
            "conditions": "; ".join(ev_for + ev_against),
        })
        for k, y in enumerate(years):
            series.append({"region_code": region, "industry_code": ind, "year": y, "lq": s.lq[k],
                           "employment": s.emp[k], "firms": s.firms[k], "ref_employment": s.ref_emp[k]})
    report(1.0, "done / 完成")
    table = pd.DataFrame(rows, columns=LIFECYCLE_COLUMNS)
    return LifecycleResult(table, pd.DataFrame(series), warnings)
