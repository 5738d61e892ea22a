"""Fact sentences of the life-cycle signals: one (Chinese, English) pair per observed fact, with
the numbers (LQ two decimals, percentages one decimal, true minus sign, "—" when missing; no
thousands separators in Chinese)."""

from __future__ import annotations

import numpy as np

from clusterpolicy.assess.lifecycle.signals import Signals
from clusterpolicy.text import formats as F

Pair = tuple[str, str]


def period(s: Signals) -> Pair:
    return f"{s.years[0]}—{s.years[-1]}年", f"{s.years[0]}–{s.years[-1]}"


def path(
    name_zh: str, name_en: str, y0: int, v0: float, y1: int, v1: float, digits: int = 2
) -> Pair:
    """ "区位熵由2015年的4.64升至2024年的5.16（+11.2%）" / "LQ rose from 4.64 in 2015 to 5.16 in
    2024 (+11.2%)"."""
    a, b = F.distinct_pair(v0, v1, digits)
    ae, be = F.distinct_pair(v0, v1, digits, "en")
    if a == b:
        return f"{name_zh}{y0}—{y1}年保持在{a}", f"{name_en} stayed at {ae} from {y0} to {y1}"
    ratio = v1 / v0 - 1 if v0 > 0 else None
    up = v1 > v0
    return (
        f"{name_zh}由{y0}年的{a}{'升至' if up else '降至'}{y1}年的{b}（{F.signed_percent(ratio)}）",
        f"{name_en} {'rose' if up else 'fell'} from {ae} in {y0} to {be} in {y1} "
        f"({F.signed_percent(ratio, 1, 'en')})",
    )


def lq_path(s: Signals) -> Pair:
    return path("区位熵", "LQ", s.years[0], s.lq_base, s.years[-1], s.lq_end)


def lq_level(s: Signals, cut: float) -> Pair:
    return (
        f"{s.years[-1]}年区位熵为{F.number(s.lq_end)}，{F.compare(s.lq_end, cut)}{cut:g}",
        f"LQ in {s.years[-1]} is {F.number(s.lq_end, 2, 'en')}, "
        f"{F.compare(s.lq_end, cut, 'en')} {cut:g}",
    )


def size(s: Signals, pct: float) -> Pair:
    a, b = F.distinct_pair(s.share_end, s.share_p, 1, "zh", F.percent)
    ae, be = F.distinct_pair(s.share_end, s.share_p, 1, "en", F.percent)
    return (
        f"{s.years[-1]}年该行业占本地区就业的{a}，{F.compare(s.share_end, s.share_p)}各地区该比重的"
        f"第{pct:g}百分位数（{b}）",
        f"in {s.years[-1]} the industry holds {ae} of the region's employment, "
        f"{F.compare(s.share_end, s.share_p, 'en')} the {F.ordinal(pct)} percentile of regions ({be})",
    )


def growth_vs_ref(
    s: Signals,
    g: float,
    what: Pair,
    ref: Pair = ("参照地区的", "the reference area's"),
    note: Pair = ("", ""),
) -> Pair:
    a, b = F.distinct_pair(g, s.g_n, 1, "zh", F.signed_percent)
    ae, be = F.distinct_pair(g, s.g_n, 1, "en", F.signed_percent)
    pz, pe = period(s)
    return (
        f"{pz}{what[0]}年均增速{a}，{F.compare_words(g, s.g_n, '快于', '慢于', '等于')}{ref[0]}{b}"
        f"{note[0]}",
        f"annual {what[1]} growth was {ae} in {pe}, {F.compare(g, s.g_n, 'en')} {ref[1]} {be}"
        f"{note[1]}",
    )


def regional_share(s: Signals) -> Pair:
    sign = "+" if s.rs > 0 else F.MINUS if s.rs < 0 else ""
    jobs = sign + F.persons(abs(s.rs)) if np.isfinite(s.rs) else F.MISSING
    return (
        f"区域竞争效应（偏离份额）为{jobs}，相当于{s.years[0]}年就业的{F.signed_percent(s.rs_rel)}",
        f"the shift-share competitive effect is {F.signed_number(s.rs, 0, 'en')} jobs, "
        f"{F.signed_percent(s.rs_rel, 1, 'en')} of {s.years[0]} employment",
    )


def firm_path(s: Signals) -> Pair:
    f0, f1 = s.firms[0], s.firms[-1]
    a, b = F.number(f0, 0), F.number(f1, 0)
    y0, y1 = s.years[0], s.years[-1]
    if a == b:
        return (
            f"企业数{y0}—{y1}年保持在{a}家",
            f"the number of firms stayed at {F.number(f0, 0, 'en')} from {y0} to {y1}",
        )
    up = f1 > f0
    return (
        f"企业数由{y0}年的{a}家{'增至' if up else '减至'}{y1}年的{b}家（年均{F.signed_percent(s.g_f)}）",
        f"the number of firms {'rose' if up else 'fell'} from {F.number(f0, 0, 'en')} in {y0} to "
        f"{F.number(f1, 0, 'en')} in {y1} ({F.signed_percent(s.g_f, 1, 'en')} a year)",
    )


def lq_stability(s: Signals, rel: float, lim: float) -> Pair:
    a, b = F.distinct_pair(s.lq_base, s.lq_end)
    ok = np.isfinite(lim) and abs(s.lq_change) <= lim
    return (
        f"区位熵变化{F.signed_number(s.lq_change)}（{a}→{b}），{'在' if ok else '超出'}稳定区间"
        f"±{F.number(lim)}（基期值的{100 * rel:g}%）{'以内' if ok else ''}",
        f"LQ changed by {F.signed_number(s.lq_change, 2, 'en')} ({a} → {b}), "
        f"{'within' if ok else 'outside'} the stable band of ±{F.number(lim, 2, 'en')} "
        f"({100 * rel:g}% of the base value)",
    )


def growth_band(s: Signals, band_pp: float) -> Pair:
    a, b = F.distinct_pair(s.g_e, s.g_n, 1, "zh", F.signed_percent)
    ae, be = F.distinct_pair(s.g_e, s.g_n, 1, "en", F.signed_percent)
    diff = 100 * abs(s.g_e - s.g_n)
    ok = diff <= band_pp
    return (
        f"就业年均增速{a}与参照地区的{b}相差{F.number(diff, 1)}个百分点，{'在' if ok else '超出'}"
        f"±{band_pp:g}个百分点{'以内' if ok else ''}",
        f"annual employment growth of {ae} differs from the reference area's {be} by "
        f"{F.number(diff, 1, 'en')} percentage points, {'within' if ok else 'outside'} ±{band_pp:g} pp",
    )
