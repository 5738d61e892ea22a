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
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.model.vocabulary import ANSWER_WORDS, STAGES, answer_value
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


def _signals(
    data: CanonicalData, panels: dict, region: str, ind: str, years: list[int], th
) -> _Signals:
    lq, emp, firms, ref_emp = [], [], [], []
    share_end = share_p = math.nan
    df = data.industry_data
    sel = df.loc[df["region_code"].astype(str) == region]
    subs = sel.loc[
        sel["industry_code"].astype(str).str.startswith(ind)
        & (sel["industry_code"].astype(str) != ind)
    ]
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
        firms.append(
            float(row["firms"].iloc[0])
            if len(row) and "firms" in row and pd.notna(row["firms"].iloc[0])
            else math.nan
        )
        if (
            len(row)
            and "output" in row
            and pd.notna(row["output"].iloc[0])
            and row["output"].iloc[0] > 0
        ):
            for m in ("new_product_sales", "rd_expenditure"):
                if m in row and pd.notna(row[m].iloc[0]):
                    s.intensity.setdefault(m, {})[y] = float(row[m].iloc[0]) / float(
                        row["output"].iloc[0]
                    )
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


@dataclass(frozen=True)
class Condition:
    """One stage condition.

    ``rule``: the machine-readable trace text (value, operator, threshold / 中文短语) that goes to
    ``conditions``; ``membership``: its fuzzy membership (NaN = not evaluable); ``zh`` / ``en``:
    the observed fact as one full sentence in each language with the numbers; ``topic_zh`` /
    ``topic_en``: what is tested, for the "not evaluated" and "essential condition" sentences.
    """

    rule: str
    membership: float
    zh: str
    en: str
    topic_zh: str
    topic_en: str

    def sentence(self, lang: str) -> str:
        """The fact sentence, or a "not evaluated (data missing)" sentence naming the topic."""
        if np.isfinite(self.membership):
            return self.en if lang == "en" else self.zh
        return (
            f"not evaluated (data missing): {self.topic_en}"
            if lang == "en"
            else f"数据缺失，未能评估：{self.topic_zh}"
        )


# --- fact sentences (zh, en) of the signals -------------------------------------------------


def _period(s: _Signals) -> tuple[str, str]:
    return f"{s.years[0]}—{s.years[-1]}年", f"{s.years[0]}–{s.years[-1]}"


def _path(
    name_zh: str,
    name_en: str,
    y0: int,
    v0: float,
    y1: int,
    v1: float,
    unit_zh: str = "",
    digits: int = 2,
    unit_en: str = "",
) -> tuple[str, str]:
    """ "区位熵由2015年的4.64升至2024年的5.16（+11.2%）" / "LQ rose from 4.64 in 2015 to 5.16 in 2024 (+11.2%)"."""
    a, b = P.distinct_pair(v0, v1, digits)
    if a == b:
        return (
            f"{name_zh}{y0}—{y1}年保持在{a}{unit_zh}",
            f"{name_en} stayed at {a}{unit_en} from {y0} to {y1}",
        )
    ch = P.signed_pct(v1 / v0 - 1) if v0 > 0 else P.MISSING
    up = v1 > v0
    return (
        f"{name_zh}由{y0}年的{a}{unit_zh}{'升至' if up else '降至'}{y1}年的{b}{unit_zh}（{ch}）",
        f"{name_en} {'rose' if up else 'fell'} from {a}{unit_en} in {y0} to {b}{unit_en} in {y1} ({ch})",
    )


def _lq_path(s: _Signals) -> tuple[str, str]:
    return _path("区位熵", "LQ", s.years[0], s.lq_base, s.years[-1], s.lq_end)


def _lq_level(s: _Signals, cut: float) -> tuple[str, str]:
    v = P.num(s.lq_end)
    return (
        f"{s.years[-1]}年区位熵为{v}，{P.compare_zh(s.lq_end, cut)}{cut:g}",
        f"LQ in {s.years[-1]} is {v}, {P.compare_en(s.lq_end, cut)} {cut:g}",
    )


def _size(s: _Signals, pct: float) -> tuple[str, str]:
    a, b = P.distinct_pair(s.share_end, s.share_p, 1, P.pct_text)
    return (
        f"{s.years[-1]}年该行业占本地区就业的{a}，{P.compare_zh(s.share_end, s.share_p)}各地区该比重的"
        f"第{pct:g}百分位数（{b}）",
        f"in {s.years[-1]} the industry holds {a} of the region's employment, "
        f"{P.compare_en(s.share_end, s.share_p)} the {P.ordinal(pct)} percentile of regions ({b})",
    )


def _growth_vs_ref(
    s: _Signals,
    g: float,
    what_zh: str,
    what_en: str,
    ref_zh: str = "参照地区的",
    ref_en: str = "the reference area's",
    note_zh: str = "",
    note_en: str = "",
) -> tuple[str, str]:
    a, b = P.distinct_pair(g, s.g_n, 1, P.signed_pct)
    pz, pe = _period(s)
    return (
        f"{pz}{what_zh}年均增速{a}，{P.compare_zh(g, s.g_n, '快于', '慢于', '等于')}{ref_zh}{b}{note_zh}",
        f"annual {what_en} growth was {a} in {pe}, {P.compare_en(g, s.g_n)} {ref_en} {b}{note_en}",
    )


def _regional_share(s: _Signals) -> tuple[str, str]:
    sign = "+" if s.rs > 0 else P.MINUS if s.rs < 0 else ""
    jobs_zh = sign + P.persons_zh(abs(s.rs)) if np.isfinite(s.rs) else P.MISSING
    return (
        f"区域竞争效应（偏离份额）为{jobs_zh}，相当于{s.years[0]}年就业的{P.signed_pct(s.rs_rel)}",
        f"the shift-share competitive effect is {P.signed_num(s.rs, 0)} jobs, "
        f"{P.signed_pct(s.rs_rel)} of {s.years[0]} employment",
    )


def _firm_path(s: _Signals) -> tuple[str, str]:
    f0, f1 = s.firms[0], s.firms[-1]
    a, b = P.num(f0, 0), P.num(f1, 0)
    g = P.signed_pct(s.g_f)
    if a == b:
        return (
            f"企业数{s.years[0]}—{s.years[-1]}年保持在{a}家",
            f"the number of firms stayed at {a} from {s.years[0]} to {s.years[-1]}",
        )
    up = f1 > f0
    return (
        f"企业数由{s.years[0]}年的{a}家{'增至' if up else '减至'}{s.years[-1]}年的{b}家（年均{g}）",
        f"the number of firms {'rose' if up else 'fell'} from {a} in {s.years[0]} to {b} in "
        f"{s.years[-1]} ({g} a year)",
    )


def _lq_stability(s: _Signals, rel: float, lim: float) -> tuple[str, str]:
    a, b = P.distinct_pair(s.lq_base, s.lq_end)
    ok = np.isfinite(lim) and abs(s.lq_change) <= lim
    band = f"±{P.num(lim)}"
    return (
        f"区位熵变化{P.signed_num(s.lq_change)}（{a}→{b}），{'在' if ok else '超出'}稳定区间{band}"
        f"（基期值的{100 * rel:g}%）{'以内' if ok else ''}",
        f"LQ changed by {P.signed_num(s.lq_change)} ({a} → {b}), {'within' if ok else 'outside'} the "
        f"stable band of {band} ({100 * rel:g}% of the base value)",
    )


def _growth_band(s: _Signals, band_pp: float) -> tuple[str, str]:
    a, b = P.distinct_pair(s.g_e, s.g_n, 1, P.signed_pct)
    diff = 100 * abs(s.g_e - s.g_n)
    ok = diff <= band_pp
    return (
        f"就业年均增速{a}与参照地区的{b}相差{P.num(diff, 1)}个百分点，{'在' if ok else '超出'}"
        f"±{band_pp:g}个百分点{'以内' if ok else ''}",
        f"annual employment growth of {a} differs from the reference area's {b} by "
        f"{P.num(diff, 1)} percentage points, {'within' if ok else 'outside'} ±{band_pp:g} pp",
    )


_NEWNESS = {
    "entropy": ("子行业多样性（香农熵）", "sub-industry diversity (Shannon entropy)"),
    "new_product_sales": ("新产品销售收入占产值比重", "new-product sales as a share of output"),
    "rd_expenditure": ("研发经费占产值比重", "R&D spending as a share of output"),
}


def _renewal(s: _Signals, th) -> list[Condition]:
    """Renewal conditions (see module docstring); empty when the window is too short."""
    if len(s.years) < int(_t(th, "renewal.min_years")):
        return []
    tol = _t(th, "tol.renewal_rel")
    lq = np.asarray(s.lq, dtype="float64")
    emp = np.asarray(s.emp, dtype="float64")
    t0, t1 = s.years[0], s.years[-1]
    inner = range(1, len(s.years) - 1)
    out: list[Condition] = []
    lq_in = [(lq[k], k) for k in inner if np.isfinite(lq[k])]
    if lq_in and np.isfinite(lq[0]) and np.isfinite(lq[-1]) and lq[0] > 0:
        trough, k = min(lq_in)
        drop = trough / lq[0] - 1
        rise = lq[-1] / trough - 1 if trough > 0 else math.nan
        tk = s.years[k]
        a, b = P.distinct_pair(lq[0], trough)
        b2, c = P.distinct_pair(trough, lq[-1])
        if drop < 0:
            zh = f"区位熵由{t0}年的{a}降至{tk}年的低点{b}（{P.signed_pct(drop)}）"
            en = f"LQ fell from {a} in {t0} to a low of {b} in {tk} ({P.signed_pct(drop)})"
        else:
            zh = f"区位熵在观察期内未低于{t0}年的{a}（期间最低为{tk}年的{b}）"
            en = f"LQ never fell below its {t0} level of {a} (lowest in between: {b} in {tk})"
        out.append(
            Condition(
                f"LQ fell {P.pct(drop)} from {t0} to trough {tk} / 区位熵先降",
                m_lt(drop, -_t(th, "renewal.min_drop"), tol),
                zh,
                en,
                "区位熵先降",
                "an earlier LQ decline",
            )
        )
        up = np.isfinite(rise) and rise > 0
        out.append(
            Condition(
                f"LQ recovered {P.pct(rise)} from {tk} to {t1} / 区位熵回升",
                m_gt(rise, _t(th, "renewal.min_rise"), tol),
                f"区位熵自{tk}年的{b2}{'回升' if up else '降'}至{t1}年的{c}（{P.signed_pct(rise)}）",
                f"LQ {'recovered' if up else 'went'} from {b2} in {tk} to {c} in {t1} ({P.signed_pct(rise)})",
                "区位熵回升",
                "LQ recovery",
            )
        )
        t_star = tk
    else:
        t_star = None
    emp_in = [(emp[k], k) for k in inner if np.isfinite(emp[k])]
    if emp_in and np.isfinite(emp[-1]) and np.isfinite(emp[0]) and emp[0] > 0:
        etr, ke = min(emp_in)
        edrop = etr / emp[0] - 1
        erise = emp[-1] / etr - 1 if etr > 0 else math.nan
        m_e = min(
            m_lt(edrop, -_t(th, "renewal.min_drop"), tol),
            m_gt(erise, _t(th, "renewal.min_rise"), tol),
        )
        te = s.years[ke]
        rz = "回升至" if erise > 0 else "降至"
        zh = (
            f"就业由{t0}年的{P.persons_zh(emp[0])}{'降至' if edrop < 0 else '变为'}{te}年的低点"
            f"{P.persons_zh(etr)}（{P.signed_pct(edrop)}），{t1}年{rz}{P.persons_zh(emp[-1])}（{P.signed_pct(erise)}）"
        )
        en = (
            f"employment {'fell' if edrop < 0 else 'went'} from {P.num(emp[0], 0)} in {t0} to a low of "
            f"{P.num(etr, 0)} in {te} ({P.signed_pct(edrop)}), then {'recovered' if erise > 0 else 'went'} "
            f"to {P.num(emp[-1], 0)} in {t1} ({P.signed_pct(erise)})"
        )
        out.append(
            Condition(
                f"employment fell {P.pct(edrop)} to trough {te} and recovered {P.pct(erise)}"
                " / 就业先降后升",
                m_e,
                zh,
                en,
                "就业先降后升",
                "employment dip and recovery",
            )
        )
    if t_star is not None:
        newness = []
        if t_star in s.entropy_by_year and t1 in s.entropy_by_year:
            newness.append(
                (
                    "entropy",
                    "sub-industry entropy",
                    s.entropy_by_year[t1] - s.entropy_by_year[t_star],
                )
            )
        for m, byyear in s.intensity.items():
            if t_star in byyear and t1 in byyear:
                newness.append((m, f"{m} share of output", byyear[t1] - byyear[t_star]))
        if newness:
            key, name, best = max(newness, key=lambda kv: kv[2])
            nz, ne = _NEWNESS.get(key, (name, name))
            if key == "entropy":
                dz = de = P.signed_num(best, 3)
            else:
                dz, de = (
                    P.signed_num(100 * best, 1) + "个百分点",
                    P.signed_num(100 * best, 1) + " percentage points",
                )
            out.append(
                Condition(
                    f"{name} rising after the trough ({P.fmt(best, 4)}) / 新产品或多样性上升",
                    1.0 if best > 0 else 0.0,
                    f"{t_star}年低点之后，{nz}变化{dz}（{t_star}—{t1}年）",
                    f"after the {t_star} low, {ne} changed by {de} ({t_star}–{t1})",
                    "新产品或多样性上升",
                    "rising new products or diversity",
                )
            )
    return out


def _conditions(s: _Signals, th) -> dict[str, list[Condition]]:
    tol_lq = _t(th, "tol.lq")
    tol_g = _t(th, "tol.growth_pp") / 100
    tol_rs = _t(th, "tol.rs_rel")
    rel_g = s.g_e - s.g_n if np.isfinite(s.g_e) and np.isfinite(s.g_n) else math.nan
    firm_rel = s.g_f - s.g_n if np.isfinite(s.g_f) and np.isfinite(s.g_n) else math.nan
    em_lq = _t(th, "emergence.lq_max")
    size_pct = _t(th, "emergence.size_pct")
    lq_path = _lq_path(s)
    emp_ref = _growth_vs_ref(s, s.g_e, "就业", "employment")
    rs = _regional_share(s)
    firms = _firm_path(s)
    t_lq = ("区位熵变化", "LQ change")
    t_emp = ("就业增速与参照地区比较", "employment growth against the reference area")
    t_rs = ("区域竞争效应（偏离份额）", "regional competitive effect (shift-share)")
    t_firm = ("企业数变化", "change in the number of firms")
    t_level = ("区位熵水平", "LQ level")
    if np.isfinite(firm_rel):
        em3 = Condition(
            f"firm growth {P.pct(s.g_f)} above reference employment growth {P.pct(s.g_n)} / 企业数增长快于参照",
            m_gt(firm_rel, 0, tol_g),
            *_growth_vs_ref(
                s,
                s.g_f,
                "企业数",
                "firm-count",
                "参照地区就业年均增速",
                "the reference area's employment growth of",
            ),
            "企业数增速与参照就业增速比较",
            "firm growth against reference employment growth",
        )
    else:
        em3 = Condition(
            f"employment growth {P.pct(s.g_e)} above reference {P.pct(s.g_n)} (no firm counts) / 就业增长快于参照",
            m_gt(rel_g, 0, tol_g),
            *_growth_vs_ref(
                s,
                s.g_e,
                "就业",
                "employment",
                note_zh="（无企业数，以就业代替）",
                note_en=" (no firm counts; employment used instead)",
            ),
            *t_emp,
        )
    mat_rel = _t(th, "maturity.lq_change_rel")
    mat_lim = mat_rel * s.lq_base if np.isfinite(s.lq_base) else math.nan
    band_pp = _t(th, "maturity.growth_band_pp")
    firm_max = _t(th, "maturity.firm_growth_max_pp")
    growth_min, mat_min = _t(th, "growth.lq_min"), _t(th, "maturity.lq_min")
    return {
        "emergence": [
            Condition(
                f"small: share {P.pct(s.share_end)} < P{size_pct:g} {P.pct(s.share_p)} / 规模小",
                m_lt(s.share_end / s.share_p, 1.0, _t(th, "tol.size_rel"))
                if np.isfinite(s.share_p) and s.share_p > 0
                else math.nan,
                *_size(s, size_pct),
                "规模小",
                "small size",
            ),
            Condition(
                f"LQ end {P.fmt(s.lq_end)} < {em_lq:g} / 区位熵低于{em_lq:g}",
                m_lt(s.lq_end, em_lq, tol_lq),
                *_lq_level(s, em_lq),
                *t_level,
            ),
            Condition(
                f"ΔLQ {P.fmt(s.lq_change)} > 0 / 区位熵上升",
                m_gt(s.lq_change, 0, tol_lq),
                *lq_path,
                *t_lq,
            ),
            em3,
        ],
        "growth": [
            Condition(
                f"ΔLQ {P.fmt(s.lq_change)} > 0 / 区位熵上升",
                m_gt(s.lq_change, 0, tol_lq),
                *lq_path,
                *t_lq,
            ),
            Condition(
                f"employment growth {P.pct(s.g_e)} > reference {P.pct(s.g_n)} / 就业增长快于参照",
                m_gt(rel_g, 0, tol_g),
                *emp_ref,
                *t_emp,
            ),
            Condition(
                f"shift-share regional effect {P.pct(s.rs_rel)} of base > 0 / 区域竞争效应为正",
                m_gt(s.rs_rel, 0, tol_rs),
                *rs,
                *t_rs,
            ),
            Condition(
                f"firm growth {P.pct(s.g_f)} > 0 / 企业数增加",
                m_gt(s.g_f, 0, tol_g),
                *firms,
                *t_firm,
            ),
            Condition(
                f"LQ end {P.fmt(s.lq_end)} > {growth_min:g}",
                m_gt(s.lq_end, growth_min, tol_lq),
                *_lq_level(s, growth_min),
                *t_level,
            ),
        ],
        "maturity": [
            Condition(
                f"LQ end {P.fmt(s.lq_end)} > {mat_min:g} / 区位熵高",
                m_gt(s.lq_end, mat_min, tol_lq),
                *_lq_level(s, mat_min),
                *t_level,
            ),
            Condition(
                f"|ΔLQ| {P.fmt(abs(s.lq_change))} ≤ {mat_rel:g}·LQ0 = {P.fmt(mat_lim)} / 区位熵稳定",
                m_abs_le(s.lq_change, mat_lim, tol_lq) if np.isfinite(mat_lim) else math.nan,
                *_lq_stability(s, mat_rel, mat_lim),
                "区位熵稳定",
                "LQ stability",
            ),
            Condition(
                f"|g_E − g_N| {P.pct(abs(rel_g) if np.isfinite(rel_g) else rel_g)} ≤ {band_pp:g} pp"
                " / 增长与参照相当",
                m_abs_le(rel_g, band_pp / 100, tol_g),
                *_growth_band(s, band_pp),
                "就业增速与参照相当",
                "employment growth close to the reference",
            ),
            Condition(
                f"firm growth {P.pct(s.g_f)} ≤ {firm_max:g} pp (consolidation) / 企业数不增",
                m_lt(s.g_f, firm_max / 100, tol_g),
                *firms,
                *t_firm,
            ),
        ],
        "decline": [
            Condition(
                f"ΔLQ {P.fmt(s.lq_change)} < 0 / 区位熵下降",
                m_lt(s.lq_change, 0, tol_lq),
                *lq_path,
                *t_lq,
            ),
            Condition(
                f"employment growth {P.pct(s.g_e)} < reference {P.pct(s.g_n)} / 就业增长慢于参照",
                m_lt(rel_g, 0, tol_g),
                *emp_ref,
                *t_emp,
            ),
            Condition(
                f"shift-share regional effect {P.pct(s.rs_rel)} of base < 0 / 区域竞争效应为负",
                m_lt(s.rs_rel, 0, tol_rs),
                *rs,
                *t_rs,
            ),
            Condition(
                f"firm growth {P.pct(s.g_f)} < 0 (exits) / 企业退出",
                m_lt(s.g_f, 0, tol_g),
                *firms,
                *t_firm,
            ),
        ],
        "renewal": _renewal(s, th),
    }


@dataclass(frozen=True)
class _Evidence:
    """One evidence item of a stage: ``trace`` for the machine-readable columns (``[stage
    weight] rule``), ``zh`` / ``en`` full sentences for the language columns. ``weight`` is the
    membership or the questionnaire points (NaN for notes); ``kind`` ∈ condition, cap, missing,
    short, questionnaire orders the "against" list."""

    stage: str
    weight: float
    trace: str
    zh: str
    en: str
    kind: str = "condition"


def _questionnaire_evidence(stage: str, pts: float, item: Mapping, answer: object) -> _Evidence:
    """Questionnaire points as evidence: "问卷LC-Q12“……”回答“是”（转型更新期得分+0.20）"."""
    item_id = str(item.get("id"))
    key = str(answer).strip().lower()
    if key in ANSWER_WORDS:
        az, ae = labels.label(key, "zh"), labels.label(key, "en")
    else:
        az = ae = f"{float(answer):g}/4"
    tz = str(item.get("text_zh") or "").strip().rstrip("。.；;")
    te = str(item.get("text_en") or "").strip().rstrip(".;")
    p = P.signed_num(pts, 2)
    return _Evidence(
        stage,
        pts,
        f"[{stage} {pts:+.2f}] questionnaire {item_id} = {answer} / 问卷",
        f"问卷{item_id}{f'“{tz}”' if tz else ''}回答“{az}”（{labels.label(stage, 'zh')}得分{p}）",
        f"questionnaire {item_id}{f' “{te}”' if te else ''} answered “{ae}” ({p} for {stage})",
        "questionnaire",
    )


def _cap_note(stage: str, gate: float, essential: Condition) -> _Evidence:
    """The note that an essential condition caps a stage's score."""
    part_zh, part_en = ("未满足", "not met") if gate <= 0 else ("仅部分满足", "only partly met")
    return _Evidence(
        stage,
        gate,
        f"[{stage} cap {gate:.2f}] essential condition caps the score / 必要条件限制得分: {essential.rule}",
        f"必要条件“{essential.topic_zh}”{part_zh}（符合度{gate:.2f}），{labels.label(stage, 'zh')}得分以此为上限",
        f"the essential condition “{essential.topic_en}” is {part_en} ({gate:.2f}), which caps the "
        f"{stage} score",
        "cap",
    )


_AGAINST_ORDER = {"cap": 0, "condition": 1, "questionnaire": 2, "missing": 3, "short": 4}


def _sentences(
    best: str, second: str, ev_for: list[_Evidence], ev_against: list[_Evidence], lang: str
) -> tuple[list[str], list[str]]:
    """(for, against) sentence lists of the chosen stage in one language.

    For: the chosen stage's met conditions and positive questionnaire points, strongest first.
    Against: its essential-condition cap, its unmet conditions (least met first), negative
    questionnaire points, conditions without data; then the runner-up stage's supporting
    items ("亦符合成长期特征：…" / "also fits growth: …") that are not already evidence for."""

    def text(e: _Evidence) -> str:
        return e.en if lang == "en" else e.zh

    pro: list[str] = []
    for e in sorted((e for e in ev_for if e.stage == best), key=lambda e: -e.weight):
        if text(e) not in pro:
            pro.append(text(e))
    con: list[str] = []
    own = [e for e in ev_against if e.stage == best]
    own.sort(key=lambda e: (_AGAINST_ORDER[e.kind], e.weight if np.isfinite(e.weight) else 0.0))
    for e in own:
        if text(e) not in con:
            con.append(text(e))
    for e in sorted((e for e in ev_for if e.stage == second), key=lambda e: -e.weight):
        if text(e) in pro:
            continue
        line = (
            f"also fits {second}: {e.en}"
            if lang == "en"
            else f"亦符合{labels.label(second, 'zh')}特征：{e.zh}"
        )
        if line not in con:
            con.append(line)
    if lang == "en":
        return [_capitalised(x) for x in pro], [_capitalised(x) for x in con]
    return pro, con


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


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
        raise ValueError(
            f"end year {end_year} must be after base year {base_year} / 终止年须晚于基期"
        )
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
        scores: dict[str, float] = {}
        ev_for: list[_Evidence] = []
        ev_against: list[_Evidence] = []
        for stage in STAGES:
            evaluated = [c for c in conds[stage] if np.isfinite(c.membership)]
            skipped = [c for c in conds[stage] if not np.isfinite(c.membership)]
            scores[stage] = float(np.mean([c.membership for c in evaluated])) if evaluated else 0.0
            gate = conds[stage][0].membership if stage in GATED and conds[stage] else math.nan
            if np.isfinite(gate) and gate < scores[stage]:
                scores[stage] = gate
                ev_against.append(_cap_note(stage, gate, conds[stage][0]))
            for c in evaluated:
                m = c.membership
                (ev_for if m >= 0.5 else ev_against).append(
                    _Evidence(stage, m, f"[{stage} {m:.2f}] {c.rule}", c.zh, c.en)
                )
            for c in skipped:
                ev_against.append(
                    _Evidence(
                        stage,
                        math.nan,
                        f"[{stage} n/a] not evaluated (data missing) / 数据缺失未评估: {c.rule}",
                        c.sentence("zh"),
                        c.sentence("en"),
                        "missing",
                    )
                )
            if stage == "renewal" and not conds[stage]:
                n = _t(thresholds, "renewal.min_years")
                ev_against.append(
                    _Evidence(
                        stage,
                        math.nan,
                        f"[renewal n/a] window shorter than {n:g} years / 窗口过短，无法判断转型更新",
                        f"观察期不足{n:g}年，无法判断是否处于转型更新期",
                        f"the window is shorter than {n:g} years, so renewal cannot be judged",
                        "short",
                    )
                )
        q_points = dict.fromkeys(STAGES, 0.0)
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
                if stage in q_points:
                    pts = q_weight * val * float(eff)
                    q_points[stage] += pts
                    if pts:
                        (ev_for if pts > 0 else ev_against).append(
                            _questionnaire_evidence(stage, pts, items[item_id], ans)
                        )
        for stage in STAGES:
            scores[stage] += q_points[stage]
        order = sorted(STAGES, key=lambda st: (-scores[st], TIE_ORDER.index(st)))
        best, second = order[0], order[1]
        conf = min(
            scores[best] - scores[second], 1.0
        )  # questionnaire points can push a margin past 1
        label = (
            "high"
            if conf >= _t(thresholds, "confidence.high")
            else "medium"
            if conf >= _t(thresholds, "confidence.medium")
            else "low"
        )
        ov = (overrides or {}).get(ind)
        stage = ov["stage"] if ov else best
        lines = {lang: _sentences(best, second, ev_for, ev_against, lang) for lang in ("zh", "en")}
        rows.append(
            {
                "region_code": region,
                "industry_code": ind,
                "base_year": base_year,
                "end_year": end_year,
                "stage": stage,
                "quadrant": _quadrant(s.lq_end, s.lq_change, _t(thresholds, "quadrant.lq_cut")),
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
                "evidence_for": f"{best} ({labels.label(best, 'zh')}) score {scores[best]:.2f}, next {second} {scores[second]:.2f}; "
                + "; ".join(e.trace for e in ev_for if e.stage == best),
                "evidence_against": "; ".join(
                    [e.trace for e in ev_against if e.stage == best]
                    + [f"competing {second}: " + e.trace for e in ev_for if e.stage == second]
                ),
                "evidence_for_zh": "\n".join(lines["zh"][0]),
                "evidence_for_en": "\n".join(lines["en"][0]),
                "evidence_against_zh": "\n".join(lines["zh"][1]),
                "evidence_against_en": "\n".join(lines["en"][1]),
                "confidence_label": label,
                "lq_slope": s.lq_slope,
                "rs_rel": s.rs_rel,
                "questionnaire_points": sum(abs(v) for v in q_points.values()),
                "conditions": "; ".join(e.trace for e in ev_for + ev_against),
            }
        )
        for k, y in enumerate(years):
            series.append(
                {
                    "region_code": region,
                    "industry_code": ind,
                    "year": y,
                    "lq": s.lq[k],
                    "employment": s.emp[k],
                    "firms": s.firms[k],
                    "ref_employment": s.ref_emp[k],
                }
            )
    report(1.0, "done / 完成")
    table = pd.DataFrame(rows, columns=LIFECYCLE_COLUMNS)
    return LifecycleResult(table, pd.DataFrame(series), warnings)
