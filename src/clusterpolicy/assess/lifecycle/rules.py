"""The stage conditions of the life-cycle classifier (rules in the package docstring)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from clusterpolicy.assess.lifecycle import sentences as S
from clusterpolicy.assess.lifecycle.fuzzy import m_abs_le, m_gt, m_lt
from clusterpolicy.assess.lifecycle.signals import Signals
from clusterpolicy.knowledge import Profile
from clusterpolicy.text import formats as F
from clusterpolicy.text.labels import NEWNESS_SIGNALS


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
        if lang == "en":
            return f"not evaluated (data missing): {self.topic_en}"
        return f"数据缺失，未能评估：{self.topic_zh}"


def t(pr: Profile, key: str) -> float:
    """``lifecycle.<key>`` of the profile."""
    return pr.value(f"lifecycle.{key}")


T_LQ = ("区位熵变化", "LQ change")
T_EMP = ("就业增速与参照地区比较", "employment growth against the reference area")
T_RS = ("区域竞争效应（偏离份额）", "regional competitive effect (shift-share)")
T_FIRM = ("企业数变化", "change in the number of firms")
T_LEVEL = ("区位熵水平", "LQ level")


def _lq_trough(s: Signals, pr: Profile, tol: float) -> tuple[list[Condition], int | None]:
    lq = np.asarray(s.lq, dtype="float64")
    t0, t1 = s.years[0], s.years[-1]
    inner = [(lq[k], k) for k in range(1, len(s.years) - 1) if np.isfinite(lq[k])]
    if not (inner and np.isfinite(lq[0]) and np.isfinite(lq[-1]) and lq[0] > 0):
        return [], None
    trough, k = min(inner)
    drop = trough / lq[0] - 1
    rise = lq[-1] / trough - 1 if trough > 0 else math.nan
    tk = s.years[k]
    a, b = F.distinct_pair(lq[0], trough)
    b2, c = F.distinct_pair(trough, lq[-1])
    if drop < 0:
        zh = f"区位熵由{t0}年的{a}降至{tk}年的低点{b}（{F.signed_percent(drop)}）"
        en = f"LQ fell from {a} in {t0} to a low of {b} in {tk} ({F.signed_percent(drop, 1, 'en')})"
    else:
        zh = f"区位熵在观察期内未低于{t0}年的{a}（期间最低为{tk}年的{b}）"
        en = f"LQ never fell below its {t0} level of {a} (lowest in between: {b} in {tk})"
    up = np.isfinite(rise) and rise > 0
    return [
        Condition(
            f"LQ fell {F.percent(drop, 2)} from {t0} to trough {tk} / 区位熵先降",
            m_lt(drop, -t(pr, "renewal.min_drop"), tol),
            zh,
            en,
            "区位熵先降",
            "an earlier LQ decline",
        ),
        Condition(
            f"LQ recovered {F.percent(rise, 2)} from {tk} to {t1} / 区位熵回升",
            m_gt(rise, t(pr, "renewal.min_rise"), tol),
            f"区位熵自{tk}年的{b2}{'回升' if up else '降'}至{t1}年的{c}（{F.signed_percent(rise)}）",
            f"LQ {'recovered' if up else 'went'} from {b2} in {tk} to {c} in {t1} "
            f"({F.signed_percent(rise, 1, 'en')})",
            "区位熵回升",
            "LQ recovery",
        ),
    ], tk


def _emp_dip(s: Signals, pr: Profile, tol: float) -> list[Condition]:
    emp = np.asarray(s.emp, dtype="float64")
    inner = [(emp[k], k) for k in range(1, len(s.years) - 1) if np.isfinite(emp[k])]
    if not (inner and np.isfinite(emp[-1]) and np.isfinite(emp[0]) and emp[0] > 0):
        return []
    etr, ke = min(inner)
    edrop = etr / emp[0] - 1
    erise = emp[-1] / etr - 1 if etr > 0 else math.nan
    m = min(
        m_lt(edrop, -t(pr, "renewal.min_drop"), tol), m_gt(erise, t(pr, "renewal.min_rise"), tol)
    )
    t0, te, t1 = s.years[0], s.years[ke], s.years[-1]
    zh = (
        f"就业由{t0}年的{F.persons(emp[0])}{'降至' if edrop < 0 else '变为'}{te}年的低点"
        f"{F.persons(etr)}（{F.signed_percent(edrop)}），{t1}年{'回升至' if erise > 0 else '降至'}"
        f"{F.persons(emp[-1])}（{F.signed_percent(erise)}）"
    )
    en = (
        f"employment {'fell' if edrop < 0 else 'went'} from {F.number(emp[0], 0, 'en')} in {t0} to a "
        f"low of {F.number(etr, 0, 'en')} in {te} ({F.signed_percent(edrop, 1, 'en')}), then "
        f"{'recovered' if erise > 0 else 'went'} to {F.number(emp[-1], 0, 'en')} in {t1} "
        f"({F.signed_percent(erise, 1, 'en')})"
    )
    return [
        Condition(
            f"employment fell {F.percent(edrop, 2)} to trough {te} and recovered "
            f"{F.percent(erise, 2)} / 就业先降后升",
            m,
            zh,
            en,
            "就业先降后升",
            "employment dip and recovery",
        )
    ]


def _newness(s: Signals, t_star: int) -> list[Condition]:
    t1 = s.years[-1]
    found = []
    if t_star in s.entropy_by_year and t1 in s.entropy_by_year:
        found.append(("entropy", s.entropy_by_year[t1] - s.entropy_by_year[t_star]))
    for m, byyear in s.intensity.items():
        if t_star in byyear and t1 in byyear:
            found.append((m, byyear[t1] - byyear[t_star]))
    if not found:
        return []
    key, best = max(found, key=lambda kv: kv[1])
    name = "sub-industry entropy" if key == "entropy" else f"{key} share of output"
    nz, ne = NEWNESS_SIGNALS.label(key, "zh"), NEWNESS_SIGNALS.label(key, "en")
    if key == "entropy":
        dz, de = F.signed_number(best, 3), F.signed_number(best, 3, "en")
    else:
        dz = F.signed_number(100 * best, 1) + "个百分点"
        de = F.signed_number(100 * best, 1, "en") + " percentage points"
    return [
        Condition(
            f"{name} rising after the trough ({F.number(best, 4)}) / 新产品或多样性上升",
            1.0 if best > 0 else 0.0,
            f"{t_star}年低点之后，{nz}变化{dz}（{t_star}—{t1}年）",
            f"after the {t_star} low, {ne} changed by {de} ({t_star}–{t1})",
            "新产品或多样性上升",
            "rising new products or diversity",
        )
    ]


def renewal(s: Signals, pr: Profile) -> list[Condition]:
    """Renewal conditions; empty when the window is too short."""
    if len(s.years) < int(t(pr, "renewal.min_years")):
        return []
    tol = t(pr, "tol.renewal_rel")
    out, t_star = _lq_trough(s, pr, tol)
    out += _emp_dip(s, pr, tol)
    if t_star is not None:
        out += _newness(s, t_star)
    return out


def _emergence_growth(s: Signals, pr: Profile) -> list[Condition]:
    """The third emergence condition: firm growth against the reference (or employment growth)."""
    tol_g = t(pr, "tol.growth_pp") / 100
    firm_rel = s.g_f - s.g_n if np.isfinite(s.g_f) and np.isfinite(s.g_n) else math.nan
    if np.isfinite(firm_rel):
        return [
            Condition(
                f"firm growth {F.percent(s.g_f, 2)} above reference employment growth "
                f"{F.percent(s.g_n, 2)} / 企业数增长快于参照",
                m_gt(firm_rel, 0, tol_g),
                *S.growth_vs_ref(
                    s,
                    s.g_f,
                    ("企业数", "firm-count"),
                    ("参照地区就业年均增速", "the reference area's employment growth of"),
                ),
                "企业数增速与参照就业增速比较",
                "firm growth against reference employment growth",
            )
        ]
    return [
        Condition(
            f"employment growth {F.percent(s.g_e, 2)} above reference {F.percent(s.g_n, 2)} "
            "(no firm counts) / 就业增长快于参照",
            m_gt(s.rel_g, 0, tol_g),
            *S.growth_vs_ref(
                s,
                s.g_e,
                ("就业", "employment"),
                note=("（无企业数，以就业代替）", " (no firm counts; employment used instead)"),
            ),
            *T_EMP,
        )
    ]


def _emergence(s: Signals, pr: Profile) -> list[Condition]:
    em_lq, size_pct = t(pr, "emergence.lq_max"), t(pr, "emergence.size_pct")
    small = (
        m_lt(s.share_end / s.share_p, 1.0, t(pr, "tol.size_rel"))
        if np.isfinite(s.share_p) and s.share_p > 0
        else math.nan
    )
    tol_lq = t(pr, "tol.lq")
    return [
        Condition(
            f"small: share {F.percent(s.share_end, 2)} < P{size_pct:g} {F.percent(s.share_p, 2)}"
            " / 规模小",
            small,
            *S.size(s, size_pct),
            "规模小",
            "small size",
        ),
        Condition(
            f"LQ end {F.number(s.lq_end, 3)} < {em_lq:g} / 区位熵低于{em_lq:g}",
            m_lt(s.lq_end, em_lq, tol_lq),
            *S.lq_level(s, em_lq),
            *T_LEVEL,
        ),
        Condition(
            f"ΔLQ {F.number(s.lq_change, 3)} > 0 / 区位熵上升",
            m_gt(s.lq_change, 0, tol_lq),
            *S.lq_path(s),
            *T_LQ,
        ),
        *_emergence_growth(s, pr),
    ]


def _growth(s: Signals, pr: Profile) -> list[Condition]:
    tol_lq, tol_g, tol_rs = t(pr, "tol.lq"), t(pr, "tol.growth_pp") / 100, t(pr, "tol.rs_rel")
    lq_min = t(pr, "growth.lq_min")
    return [
        Condition(
            f"ΔLQ {F.number(s.lq_change, 3)} > 0 / 区位熵上升",
            m_gt(s.lq_change, 0, tol_lq),
            *S.lq_path(s),
            *T_LQ,
        ),
        Condition(
            f"employment growth {F.percent(s.g_e, 2)} > reference {F.percent(s.g_n, 2)} / 就业增长快于参照",
            m_gt(s.rel_g, 0, tol_g),
            *S.growth_vs_ref(s, s.g_e, ("就业", "employment")),
            *T_EMP,
        ),
        Condition(
            f"shift-share regional effect {F.percent(s.rs_rel, 2)} of base > 0 / 区域竞争效应为正",
            m_gt(s.rs_rel, 0, tol_rs),
            *S.regional_share(s),
            *T_RS,
        ),
        Condition(
            f"firm growth {F.percent(s.g_f, 2)} > 0 / 企业数增加",
            m_gt(s.g_f, 0, tol_g),
            *S.firm_path(s),
            *T_FIRM,
        ),
        Condition(
            f"LQ end {F.number(s.lq_end, 3)} > {lq_min:g}",
            m_gt(s.lq_end, lq_min, tol_lq),
            *S.lq_level(s, lq_min),
            *T_LEVEL,
        ),
    ]


def _maturity(s: Signals, pr: Profile) -> list[Condition]:
    tol_lq, tol_g = t(pr, "tol.lq"), t(pr, "tol.growth_pp") / 100
    rel = t(pr, "maturity.lq_change_rel")
    lim = rel * s.lq_base if np.isfinite(s.lq_base) else math.nan
    band_pp, firm_max = t(pr, "maturity.growth_band_pp"), t(pr, "maturity.firm_growth_max_pp")
    lq_min = t(pr, "maturity.lq_min")
    rel_g = s.rel_g
    return [
        Condition(
            f"LQ end {F.number(s.lq_end, 3)} > {lq_min:g} / 区位熵高",
            m_gt(s.lq_end, lq_min, tol_lq),
            *S.lq_level(s, lq_min),
            *T_LEVEL,
        ),
        Condition(
            f"|ΔLQ| {F.number(abs(s.lq_change), 3)} ≤ {rel:g}·LQ0 = {F.number(lim, 3)} / 区位熵稳定",
            m_abs_le(s.lq_change, lim, tol_lq) if np.isfinite(lim) else math.nan,
            *S.lq_stability(s, rel, lim),
            "区位熵稳定",
            "LQ stability",
        ),
        Condition(
            f"|g_E − g_N| {F.percent(abs(rel_g) if np.isfinite(rel_g) else rel_g, 2)} ≤ "
            f"{band_pp:g} pp / 增长与参照相当",
            m_abs_le(rel_g, band_pp / 100, tol_g),
            *S.growth_band(s, band_pp),
            "就业增速与参照相当",
            "employment growth close to the reference",
        ),
        Condition(
            f"firm growth {F.percent(s.g_f, 2)} ≤ {firm_max:g} pp (consolidation) / 企业数不增",
            m_lt(s.g_f, firm_max / 100, tol_g),
            *S.firm_path(s),
            *T_FIRM,
        ),
    ]


def _decline(s: Signals, pr: Profile) -> list[Condition]:
    tol_lq, tol_g, tol_rs = t(pr, "tol.lq"), t(pr, "tol.growth_pp") / 100, t(pr, "tol.rs_rel")
    return [
        Condition(
            f"ΔLQ {F.number(s.lq_change, 3)} < 0 / 区位熵下降",
            m_lt(s.lq_change, 0, tol_lq),
            *S.lq_path(s),
            *T_LQ,
        ),
        Condition(
            f"employment growth {F.percent(s.g_e, 2)} < reference {F.percent(s.g_n, 2)} / 就业增长慢于参照",
            m_lt(s.rel_g, 0, tol_g),
            *S.growth_vs_ref(s, s.g_e, ("就业", "employment")),
            *T_EMP,
        ),
        Condition(
            f"shift-share regional effect {F.percent(s.rs_rel, 2)} of base < 0 / 区域竞争效应为负",
            m_lt(s.rs_rel, 0, tol_rs),
            *S.regional_share(s),
            *T_RS,
        ),
        Condition(
            f"firm growth {F.percent(s.g_f, 2)} < 0 (exits) / 企业退出",
            m_lt(s.g_f, 0, tol_g),
            *S.firm_path(s),
            *T_FIRM,
        ),
    ]


def conditions(s: Signals, pr: Profile) -> dict[str, list[Condition]]:
    """Every stage's conditions, the essential one first for the gated stages."""
    return {
        "emergence": _emergence(s, pr),
        "growth": _growth(s, pr),
        "maturity": _maturity(s, pr),
        "decline": _decline(s, pr),
        "renewal": renewal(s, pr),
    }
