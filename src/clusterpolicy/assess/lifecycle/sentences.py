"""Fact sentences of the life-cycle conditions, keyed by condition id: one (Chinese, English) pair
per observed fact with its numbers (percentages one decimal, LQ two, true minus sign, "—" when
missing, no thousands separators in Chinese), and the topic of each condition for the "not
evaluated" and "essential condition" lines."""

from __future__ import annotations

import numpy as np

from clusterpolicy.assess.lifecycle.rules import Params
from clusterpolicy.assess.lifecycle.signals import Signals
from clusterpolicy.assess.shape import measure_word
from clusterpolicy.text import formats as F
from clusterpolicy.text.labels import NEWNESS_SIGNALS

Pair = tuple[str, str]

TOPICS: dict[str, Pair] = {
    "small": ("规模小（占本地区比重）", "small size (share of the region)"),
    "present": ("已有起码规模", "a minimum size"),
    "abs_up": ("绝对规模增长", "absolute growth"),
    "abs_fast": ("绝对规模较快增长", "fast absolute growth"),
    "abs_not_falling": ("未持续萎缩", "no sustained absolute decline"),
    "abs_not_boom": ("未高速扩张", "no boom"),
    "rel_up": ("相对份额上升", "rising relative share"),
    "rel_up_g": ("相对份额上升", "rising relative share"),
    "rel_flat": ("相对份额稳定", "stable relative share"),
    "lq_low": ("区位熵水平", "LQ level"),
    "lq_high_g": ("区位熵水平", "LQ level"),
    "lq_high_m": ("区位熵水平", "LQ level"),
    "firms_up": ("企业数变化", "change in the number of firms"),
    "firms_flat": ("企业数变化", "change in the number of firms"),
    "firms_down": ("企业数变化", "change in the number of firms"),
    "decline_core": (
        "持续绝对下降或超出幅度的相对下降",
        "sustained absolute or marked relative decline",
    ),
    "lq_dropped": ("区位熵先降", "an earlier LQ decline"),
    "lq_recovered": ("区位熵回升", "LQ recovery"),
    "emp_dip": ("规模先降后升", "dip and recovery"),
    "newness": ("新产品或多样性上升", "rising new products or diversity"),
}


def _trend_zh(g: float, se: float) -> str:
    se_txt = f"，标准误±{F.number(100 * se, 1)}个百分点" if np.isfinite(se) else ""
    return f"年均{F.signed_percent(g)}{se_txt}"


def _trend_en(g: float, se: float) -> str:
    se_txt = f", standard error ±{F.number(100 * se, 1, 'en')} pp" if np.isfinite(se) else ""
    return f"{F.signed_percent(g, 1, 'en')} a year{se_txt}"


def absolute(s: Signals, measure: str) -> Pair:
    w, we = measure_word(measure), measure_word(measure, "en")
    t0, t1 = s.years[0], s.years[-1]
    n = len(s.years)
    fall = F.percent(s.falling_share, 0)
    bz = "（含统计口径变化）" if s.has_breaks else ""
    be = " (including the coverage change)" if s.has_breaks else ""
    split_zh = "，按统计口径变化分段估计" if s.has_breaks else ""
    split_en = ", within the segments of the coverage change" if s.has_breaks else ""
    return (
        f"{t0}—{t1}年{w}的全期趋势（{n}年对数线性回归{split_zh}）{_trend_zh(s.g_abs, s.se_abs)}；期末比期初"
        f"{F.signed_percent(s.abs_change_pct)}{bz}，{fall}的年份下降",
        f"{we} trend over {t0}–{t1} (log-linear fit over {n} years{split_en}): "
        f"{_trend_en(s.g_abs, s.se_abs)}; end vs start {F.signed_percent(s.abs_change_pct, 1, 'en')}"
        f"{be}, falling in {F.percent(s.falling_share, 0, 'en')} of the years",
    )


def lq_path(s: Signals) -> Pair:
    """ "区位熵由2015年的1.23升至2024年的2.23（+80.8%）" / "LQ rose from 1.23 in 2015 to 2.23 in
    2024 (+80.8%)" — the endpoints as the data give them."""
    a, b = F.distinct_pair(s.lq_base, s.lq_end)
    ae, be = F.distinct_pair(s.lq_base, s.lq_end, 2, "en")
    t0, t1 = s.years[0], s.years[-1]
    if a == b:
        return f"区位熵{t0}—{t1}年保持在{a}", f"LQ stayed at {ae} from {t0} to {t1}"
    ch = s.lq_end / s.lq_base - 1 if s.lq_base > 0 else None
    up = s.lq_end > s.lq_base
    return (
        f"区位熵由{t0}年的{a}{'升至' if up else '降至'}{t1}年的{b}（{F.signed_percent(ch)}）",
        f"LQ {'rose' if up else 'fell'} from {ae} in {t0} to {be} in {t1} "
        f"({F.signed_percent(ch, 1, 'en')})",
    )


def relative(s: Signals) -> Pair:
    a, b = F.distinct_pair(s.lq_base, s.lq_end)
    rs = F.signed_percent(s.rs_rel)
    return (
        f"区位熵（相对参照区域的份额）全期趋势{_trend_zh(s.g_rel, s.se_rel)}（{a}→{b}；参照区域该行业年均"
        f"{F.signed_percent(s.g_ref)}）；偏离份额区域竞争效应（相当于期初的{rs}）与之是同一信号，只计一次",
        f"LQ (share relative to the reference area) trend: {_trend_en(s.g_rel, s.se_rel)} ({a} → {b}; "
        f"the reference area's industry {F.signed_percent(s.g_ref, 1, 'en')} a year); the shift-share "
        f"regional effect ({F.signed_percent(s.rs_rel, 1, 'en')} of the base) is the same signal, "
        "counted once",
    )


def _level(s: Signals, cut: float) -> Pair:
    return (
        f"{s.years[-1]}年区位熵为{F.number(s.lq_end)}，{F.compare(s.lq_end, cut)}{cut:g}",
        f"LQ in {s.years[-1]} is {F.number(s.lq_end, 2, 'en')}, {F.compare(s.lq_end, cut, 'en')} {cut:g}",
    )


def _firms(s: Signals) -> Pair:
    return (
        f"企业数全期趋势年均{F.signed_percent(s.g_firm)}；规上企业数的增减主要随规模门槛变化，不能直接读作企业进入或退出，"
        "故只作弱证据",
        f"firm count trend {F.signed_percent(s.g_firm, 1, 'en')} a year; counts of above-scale (规上) "
        "firms move with the size threshold more than with entry and exit, so this is weak evidence",
    )


def _small(s: Signals, p: Params, measure: str) -> Pair:
    cap = p["emergence.max_share"]
    w, we = measure_word(measure), measure_word(measure, "en")
    return (
        f"{s.years[-1]}年该行业占本地区{w}的{F.percent(s.share_end)}，{F.compare(s.share_end, cap)}"
        f"萌芽期规模上限{F.percent(cap)}（绝对标准，不与其他地区比较）",
        f"in {s.years[-1]} the industry holds {F.percent(s.share_end, 1, 'en')} of the region's {we}, "
        f"{F.compare(s.share_end, cap, 'en')} the emergence ceiling of {F.percent(cap, 1, 'en')} "
        "(an absolute test, not a comparison with other regions)",
    )


def _present(s: Signals, p: Params) -> Pair:
    floor = p["emergence.min_size"]
    return (
        f"{s.years[-1]}年从业人员{F.persons(s.size_end)}，{F.compare(s.size_end, floor)}起码规模"
        f"{F.persons(floor)}",
        f"{F.number(s.size_end, 0, 'en')} employed in {s.years[-1]}, "
        f"{F.compare(s.size_end, floor, 'en')} the minimum of {F.number(floor, 0, 'en')}",
    )


def _decline(s: Signals, p: Params, measure: str, parts: dict) -> Pair:
    w, we = measure_word(measure), measure_word(measure, "en")
    d_abs, d_rel = parts.get("abs", np.nan), parts.get("rel", np.nan)
    if np.isfinite(d_abs) and d_abs >= 0.5:
        return (
            f"持续绝对下降：{w}全期趋势年均{F.signed_percent(s.g_abs)}，{F.percent(s.falling_share, 0)}"
            f"的年份下降（规则：趋势低于−{F.percent(p['decline.abs_margin'])}且多数年份下降）",
            f"sustained absolute decline: {we} trend {F.signed_percent(s.g_abs, 1, 'en')} a year, "
            f"falling in {F.percent(s.falling_share, 0, 'en')} of the years (rule: trend below "
            f"−{F.percent(p['decline.abs_margin'], 1, 'en')} and most years falling)",
        )
    if np.isfinite(d_rel) and d_rel >= 0.5:
        return (
            f"相对下降：区位熵趋势年均{F.signed_percent(s.g_rel)}，低于−{F.percent(p['decline.rel_margin'])}，"
            f"且{w}本身未增长（年均{F.signed_percent(s.g_abs)}）",
            f"relative decline: LQ trend {F.signed_percent(s.g_rel, 1, 'en')} a year, below "
            f"−{F.percent(p['decline.rel_margin'], 1, 'en')}, while {we} itself is not growing "
            f"({F.signed_percent(s.g_abs, 1, 'en')} a year)",
        )
    if np.isfinite(s.g_rel) and s.g_rel < 0 and np.isfinite(s.g_abs) and s.g_abs > 0:
        return (
            f"区位熵趋势年均{F.signed_percent(s.g_rel)}，但{w}本身年均{F.signed_percent(s.g_abs)}：份额下降而规模仍在增长，"
            "不按衰退计",
            f"LQ trend {F.signed_percent(s.g_rel, 1, 'en')} a year, but {we} itself grows "
            f"{F.signed_percent(s.g_abs, 1, 'en')} a year: losing share while still growing is not "
            "read as decline",
        )
    (a, ae), (r, re_) = absolute(s, measure), relative(s)
    return (
        f"既无持续绝对下降也无超出幅度的相对下降（{a}；{r}）",
        f"neither a sustained absolute nor a marked relative decline ({ae}; {re_})",
    )


def _size(x: float, measure: str, lang: str) -> str:
    if measure == "employment":
        return F.persons(x) if lang == "zh" else F.number(x, 0, "en")
    if measure == "firms":
        return F.number(x, 0, lang) + ("家" if lang == "zh" else "")
    return F.money(x, lang)


def _renewal(cid: str, s: Signals, measure: str) -> Pair:
    t0, t1 = s.years[0], s.years[-1]
    adj_zh = "（已剔除统计口径变化）" if s.has_breaks else ""
    adj_en = " (coverage changes taken out)" if s.has_breaks else ""
    if cid in ("lq_dropped", "lq_recovered"):
        tk = s.lq_trough_year
        first, last = s.adj_lq if s.has_breaks else (s.lq_base, s.lq_end)
        a, b = F.distinct_pair(first, s.lq_trough)
        b2, c = F.distinct_pair(s.lq_trough, last)
        if cid == "lq_dropped":
            return (
                f"区位熵由{t0}年的{a}降至{tk}年的低点{b}（{F.signed_percent(s.lq_drop)}）{adj_zh}",
                f"LQ fell from {a} in {t0} to a low of {b} in {tk} "
                f"({F.signed_percent(s.lq_drop, 1, 'en')}){adj_en}",
            )
        up = s.lq_rise > 0
        return (
            f"区位熵自{tk}年的{b2}{'回升至' if up else '降至'}{t1}年的{c}（{F.signed_percent(s.lq_rise)}）"
            f"{adj_zh}",
            f"LQ {'recovered' if up else 'went'} from {b2} in {tk} to {c} in {t1} "
            f"({F.signed_percent(s.lq_rise, 1, 'en')}){adj_en}",
        )
    if cid == "emp_dip":
        w, we = measure_word(measure), measure_word(measure, "en")
        te = s.emp_trough_year
        e0, e1 = s.adj_e if s.has_breaks else (s.size_base, s.size_end)
        return (
            f"{w}由{t0}年的{_size(e0, measure, 'zh')}降至{te}年的低点"
            f"{_size(s.emp_trough, measure, 'zh')}（{F.signed_percent(s.emp_drop)}），{t1}年为"
            f"{_size(e1, measure, 'zh')}（{F.signed_percent(s.emp_rise)}）{adj_zh}",
            f"{we} fell from {_size(e0, measure, 'en')} in {t0} to a low of "
            f"{_size(s.emp_trough, measure, 'en')} in {te} ({F.signed_percent(s.emp_drop, 1, 'en')}), "
            f"then {_size(e1, measure, 'en')} in {t1} ({F.signed_percent(s.emp_rise, 1, 'en')}){adj_en}",
        )
    key, v = s.newness_key, s.newness
    nz, ne = NEWNESS_SIGNALS.label(key, "zh"), NEWNESS_SIGNALS.label(key, "en")
    if key == "entropy":
        dz, de = F.signed_number(v, 3), F.signed_number(v, 3, "en")
    else:
        dz = F.signed_number(100 * v, 1) + "个百分点"
        de = F.signed_number(100 * v, 1, "en") + " percentage points"
    tk = s.lq_trough_year
    return (
        f"{tk}年低点之后，{nz}变化{dz}（{tk}—{t1}年）",
        f"after the {tk} low, {ne} changed by {de} ({tk}–{t1})",
    )


def sentence(cid: str, s: Signals, p: Params, measure: str, parts: dict) -> Pair:
    """The fact sentence of condition ``cid`` for signals ``s``."""
    if cid in ("abs_up", "abs_fast", "abs_not_falling", "abs_not_boom"):
        return absolute(s, measure)
    if cid in ("rel_up", "rel_up_g", "rel_flat"):
        return relative(s)
    if cid == "lq_low":
        return _level(s, p["emergence.lq_max"])
    if cid == "lq_high_g":
        return _level(s, p["growth.lq_min"])
    if cid == "lq_high_m":
        return _level(s, p["maturity.lq_min"])
    if cid.startswith("firms"):
        return _firms(s)
    if cid == "small":
        return _small(s, p, measure)
    if cid == "present":
        return _present(s, p)
    if cid == "decline_core":
        return _decline(s, p, measure, parts)
    return _renewal(cid, s, measure)
