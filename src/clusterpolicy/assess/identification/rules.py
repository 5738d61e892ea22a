"""The rule sets of cluster identification, one function each: ECO stars, U.S. CMP tiers, simple
LQ cut-offs, the composite score (formulas in :mod:`clusterpolicy.assess.identification`).

Percentile rules are computed over the regions loaded (:class:`Benchmark` names them); below
``identification.benchmark.min_regions`` regions they are marked unreliable and the absolute
fall-back rules decide instead (ECO size/focus: ``identification.fallback.*``; CMP tiers: the LQ
cut-offs ``lq.cutoff_high/mid/low`` and ``cmp.strong_lq_floor``). Every function returns its
result and a :class:`~clusterpolicy.assess._evidence.Text` (trace and sentences).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from clusterpolicy.assess import _panel as P
from clusterpolicy.assess._evidence import Text
from clusterpolicy.assess.shape import measure_word
from clusterpolicy.knowledge import Profile
from clusterpolicy.text import formats as F
from clusterpolicy.text.labels import CMP_TIER_LABELS, SCORE_PARTS

CMP_KEYS = ("strong10", "strong", "significant", "qualifying")


def value(profile: Profile, key: str) -> float:
    """``identification.<key>`` of the profile."""
    return profile.value(f"identification.{key}")


@dataclass(frozen=True)
class Benchmark:
    """The set a percentile is computed on: the regions with a positive value in the industry."""

    n: int
    names_zh: str
    names_en: str
    reliable: bool
    min_regions: int

    def zh(self) -> str:
        base = f"所列{self.n}个地区（{self.names_zh}）"
        if self.reliable:
            return base
        return f"{base}，少于{self.min_regions}个地区，分位数不可靠，改用绝对标准"

    def en(self) -> str:
        base = f"the {self.n} regions loaded ({self.names_en})"
        if self.reliable:
            return base
        return (
            f"{base}; fewer than {self.min_regions} regions, so the percentiles are unreliable "
            "and the absolute fall-back rule decides"
        )


def benchmark(col: pd.Series, data, pr: Profile) -> Benchmark:
    """The benchmark set of one industry column (regions with a value > 0)."""
    codes = [str(c) for c in col.index[(col > 0).to_numpy()]]
    shown = codes[:4]
    more = "…" if len(codes) > 4 else ""
    zh = "、".join(data.region_name(c, "zh") for c in shown) + more
    en = ", ".join(data.region_name(c, "en") for c in shown) + more
    need = int(value(pr, "benchmark.min_regions"))
    return Benchmark(len(codes), zh, en, len(codes) >= need, need)


def size_text(x: float, measure: str, lang: str = "zh") -> str:
    """A size in its unit: persons, money or a firm count."""
    if measure == "employment":
        return F.persons(x, lang) if lang == "zh" else F.number(x, 0, lang)
    if measure == "firms":
        return F.number(x, 0, lang) + ("家" if lang == "zh" else " firms")
    return F.money(x, lang)


def pct_rank(col: pd.Series, x: float) -> float:
    """Share of the regions' finite values that are ≤ ``x`` (NaN when undefined)."""
    v = col[np.isfinite(col.to_numpy(dtype="float64"))]
    if not np.isfinite(x) or len(v) == 0:
        return math.nan
    return float((v <= x).mean())


def _eco_fallback(size: float, share: float, measure: str, pr: Profile) -> dict:
    s_min = value(pr, "fallback.size_min_employment")
    f_min = value(pr, "fallback.focus_min_share")
    size_ok = measure == "employment" and P.ge(size, s_min)
    return {"size": size_ok, "focus": P.ge(share, f_min), "s_min": s_min, "f_min": f_min}


def eco_stars(
    size_col: pd.Series,
    share_col: pd.Series,
    lq: float,
    size: float,
    share: float,
    measure: str,
    bm: Benchmark,
    pr: Profile,
) -> tuple[dict, Text]:
    """ECO size, specialisation and focus stars of one region × industry."""
    pos = size_col > 0
    ps, pf = 100 - value(pr, "eco.size_top_pct"), 100 - value(pr, "eco.focus_top_pct")
    p_size = P.percentile(size_col[pos].to_numpy(), ps)
    p_focus = P.percentile(share_col[pos].to_numpy(), pf)
    lq_min = value(pr, "eco.lq_min")
    fb = _eco_fallback(size, share, measure, pr)
    if bm.reliable:
        size_star = bool(size > 0) and P.ge(size, p_size)
        focus_star = bool(size > 0) and P.ge(share, p_focus)
    else:
        size_star, focus_star = fb["size"], fb["focus"]
    stars = {
        "eco_size_star": size_star,
        "eco_lq_star": P.ge(lq, lq_min),
        "eco_focus_star": focus_star,
    }
    mark = {k: "★" if v else "–" for k, v in stars.items()}
    basis = "percentile" if bm.reliable else "absolute fall-back"
    s_floor = "" if bm.reliable else " / floor " + F.number(fb["s_min"], 0)
    f_floor = "" if bm.reliable else " / floor " + F.percent(fb["f_min"], 1)
    trace = (
        f"ECO ({basis}, n={bm.n}): size={F.number(size, 0)} vs P{ps:g}={F.number(p_size, 1)}"
        f"{s_floor} {mark['eco_size_star']}; LQ={F.number(lq, 3)} vs {lq_min:g} "
        f"{mark['eco_lq_star']}; focus={F.percent(share, 2)} vs P{pf:g}={F.percent(p_focus, 2)}"
        f"{f_floor} {mark['eco_focus_star']}"
    )
    n = sum(stars.values())
    word_zh, word_en = measure_word(measure), measure_word(measure, "en")

    def ok(k: str, lang: str) -> str:
        if lang == "en":
            return "reaches" if stars[k] else "is below"
        return "达到" if stars[k] else "未达到"

    if bm.reliable:
        sz_zh = f"{ok('eco_size_star', 'zh')}第{ps:g}百分位数（{size_text(p_size, measure)}）"
        sz_en = f"{ok('eco_size_star', 'en')} the {F.ordinal(ps)} percentile ({size_text(p_size, measure, 'en')})"
        fc_zh = f"{ok('eco_focus_star', 'zh')}第{pf:g}百分位数（{F.percent(p_focus)}）"
        fc_en = f"{ok('eco_focus_star', 'en')} the {F.ordinal(pf)} percentile ({F.percent(p_focus, 1, 'en')})"
    else:
        sz_zh = (
            f"{ok('eco_size_star', 'zh')}绝对标准{size_text(fb['s_min'], 'employment')}"
            if measure == "employment"
            else "无该指标的绝对规模标准，不给规模星"
        )
        sz_en = (
            f"{ok('eco_size_star', 'en')} the absolute floor of {F.number(fb['s_min'], 0, 'en')}"
            if measure == "employment"
            else f"no absolute size floor for {word_en}, so no size star"
        )
        fc_zh = f"{ok('eco_focus_star', 'zh')}绝对标准{F.percent(fb['f_min'])}"
        fc_en = (
            f"{ok('eco_focus_star', 'en')} the absolute floor of {F.percent(fb['f_min'], 1, 'en')}"
        )
    zh = (
        f"欧洲集群观察站标准得{n}星（比较范围：{bm.zh()}）：{word_zh}{size_text(size, measure)}，{sz_zh}；"
        f"区位熵{F.number(lq)}，{ok('eco_lq_star', 'zh')}{lq_min:g}；占本地区{word_zh}比重"
        f"{F.percent(share)}，{fc_zh}"
    )
    en = (
        f"European Cluster Observatory: {n} star{'' if n == 1 else 's'} (compared with {bm.en()}) — "
        f"{word_en} {size_text(size, measure, 'en')} {sz_en}; LQ {F.number(lq, 2, 'en')} "
        f"{ok('eco_lq_star', 'en')} {lq_min:g}; share of the region's {word_en} "
        f"{F.percent(share, 1, 'en')} {fc_en}"
    )
    return stars, Text(trace, zh, en)


def _floors(size_col, firm_col, pos, region, size, size_pct) -> tuple[bool, bool, float, float]:
    e25 = P.percentile(size_col.reindex(pos).to_numpy(), size_pct)
    if firm_col is None or not firm_col.reindex(pos).notna().any():
        return size > e25, True, e25, math.nan
    f25 = P.percentile(firm_col.reindex(pos).to_numpy(), size_pct)
    f = firm_col.get(region, math.nan)
    return size > e25, bool(np.isfinite(f) and f > f25), e25, f25


def _tier(lq: float, q: dict[str, float], base: bool, floor: float) -> str:
    if base and P.ge(lq, q["strong10"]) and P.ge(lq, floor):
        return "strong10"
    if base and P.ge(lq, q["strong"]) and P.ge(lq, floor):
        return "strong"
    if base and lq > q["significant"]:
        return "significant"
    if base and lq > q["qualifying"]:
        return "qualifying"
    return "none"


def _fallback_tier(lq: float, size: float, measure: str, pr: Profile) -> tuple[str, dict]:
    cuts = {
        "strong10": value(pr, "lq.cutoff_high"),
        "strong": value(pr, "lq.cutoff_mid"),
        "significant": value(pr, "lq.cutoff_low"),
        "qualifying": value(pr, "cmp.strong_lq_floor"),
    }
    big = measure != "employment" or P.ge(size, value(pr, "fallback.size_min_employment"))
    for k in CMP_KEYS:
        if big and P.ge(lq, cuts[k]):
            return k, cuts
    return "none", cuts


def cmp_tier(
    lq_col: pd.Series,
    size_col: pd.Series,
    firm_col: pd.Series | None,
    region: str,
    measure: str,
    bm: Benchmark,
    pr: Profile,
) -> tuple[str, str, Text]:
    # Long on purpose: the percentile tier and then the absolute fall-back, each with its pair
    # of sentences, read top to bottom as the evidence reads.
    """(tier, basis, evidence): the U.S. Cluster Mapping tier over the regions with a positive
    value; ``basis`` is "percentile", or "absolute" when the benchmark is unreliable."""
    pos = size_col.index[(size_col > 0).to_numpy()]
    lq, size = lq_col.get(region, math.nan), size_col.get(region, math.nan)
    word_zh, word_en = measure_word(measure), measure_word(measure, "en")
    if not (np.isfinite(lq) and np.isfinite(size)) or size <= 0:
        return (
            "none",
            "percentile",
            Text(
                f"CMP: no {measure} / 无数据",
                f"美国集群地图标准：本地区该行业无{word_zh}，不评级",
                f"U.S. Cluster Mapping: no {word_en} in this industry, no tier",
            ),
        )
    pcts = {k: value(pr, f"cmp.{k}_lq_pct") for k in CMP_KEYS}
    q = {k: P.percentile(lq_col.reindex(pos).to_numpy(), pcts[k]) for k in CMP_KEYS}
    size_pct = value(pr, "cmp.size_pct")
    size_ok, firm_ok, e25, f25 = _floors(size_col, firm_col, pos, region, size, size_pct)
    floor = value(pr, "cmp.strong_lq_floor")
    pct_tier = _tier(lq, q, size_ok and firm_ok, floor)
    shown = "/".join(f"{pcts[k]:g}" for k in CMP_KEYS)
    qs_zh = "、".join(F.number(q[k]) for k in CMP_KEYS)
    qs_en = "/".join(F.number(q[k], 2, "en") for k in CMP_KEYS)
    trace = (
        f"CMP (n={bm.n}): LQ={F.number(lq, 3)}, size={F.number(size, 0)} > P{size_pct:g}="
        f"{F.number(e25, 1)}: {size_ok}; "
        + (
            "firm condition dropped (no firm counts); "
            if np.isnan(f25)
            else f"firms > P{size_pct:g}={F.number(f25, 1)}: {firm_ok}; "
        )
        + ", ".join(f"P{pcts[k]:g}={F.number(q[k], 3)}" for k in CMP_KEYS)
        + f" → percentile tier {pct_tier}"
    )
    zh = (
        f"美国集群地图分位数规则（比较范围：{bm.zh()}）：区位熵{F.number(lq)}（第{shown}百分位数分别为"
        f"{qs_zh}），{word_zh}{'高于' if size_ok else '不高于'}第{size_pct:g}百分位数"
        f"（{size_text(e25, measure)}）"
        + (
            ""
            if np.isnan(f25)
            else f"，企业数{'高于' if firm_ok else '不高于'}第{size_pct:g}百分位数"
        )
        + f"：{CMP_TIER_LABELS.label(pct_tier, 'zh')}"
    )
    en = (
        f"U.S. Cluster Mapping percentile rule (compared with {bm.en()}): LQ {F.number(lq, 2, 'en')} "
        f"(percentiles {shown}: {qs_en}), {word_en} {'above' if size_ok else 'not above'} the "
        f"{F.ordinal(size_pct)} percentile ({size_text(e25, measure, 'en')})"
        + (
            ", no firm counts, so the firm condition is dropped"
            if np.isnan(f25)
            else f", firms {'above' if firm_ok else 'not above'} it"
        )
        + f": {CMP_TIER_LABELS.label(pct_tier, 'en')}"
    )
    if bm.reliable:
        return pct_tier, "percentile", Text(trace, zh, en)
    tier, cuts = _fallback_tier(lq, size, measure, pr)
    cz = "、".join(f"{CMP_TIER_LABELS.label(k, 'zh')}≥{cuts[k]:g}" for k in CMP_KEYS)
    ce = ", ".join(f"{CMP_TIER_LABELS.label(k, 'en')} ≥ {cuts[k]:g}" for k in CMP_KEYS)
    return (
        tier,
        "absolute",
        Text(
            trace + f"; unreliable (n < {bm.min_regions}) → absolute LQ cut-offs → {tier}",
            f"{zh}；地区数不足{bm.min_regions}个，分位数不可靠，改按区位熵绝对标准（{cz}）评级："
            f"{CMP_TIER_LABELS.label(tier, 'zh')}",
            f"{en}; fewer than {bm.min_regions} regions, so the tier follows absolute LQ cut-offs "
            f"({ce}): {CMP_TIER_LABELS.label(tier, 'en')}",
        ),
    )


def lq_cutoffs(lq: float, pr: Profile) -> tuple[float, bool, Text]:
    """(highest cut-off met or 0, simple-rule pass, evidence) of the simple LQ rule."""
    cuts = sorted(value(pr, f"lq.{k}") for k in ("cutoff_low", "cutoff_mid", "cutoff_high"))
    met = [c for c in cuts if P.ge(lq, c)]
    level = met[-1] if met else 0.0
    pass_min = value(pr, "lq.pass_min")
    ok = P.ge(lq, pass_min)
    shown = ", ".join(f"{c:g}" for c in cuts)
    return (
        level,
        ok,
        Text(
            f"LQ cut-offs {shown}: highest met {level:g}; pass LQ ≥ {pass_min:g}: {ok}",
            f"区位熵门槛{'、'.join(f'{c:g}' for c in cuts)}："
            + (f"达到的最高门槛为{level:g}" if met else "均未达到")
            + f"；区位熵{'达到' if ok else '未达到'}候选门槛{pass_min:g}",
            f"LQ cut-offs {shown}: "
            + (f"highest met {level:g}" if met else "none met")
            + f"; LQ {'reaches' if ok else 'is below'} the candidate cut-off {pass_min:g}",
        ),
    )


def _weight(pr: Profile, k: str) -> float:
    # a revenue or value-added LQ stands in for the employment LQ (same weight)
    key = "lq_employment" if k in ("lq_revenue", "lq_value_added") else k
    return value(pr, f"score.w_{key}")


def composite_score(comps: dict[str, float], pr: Profile) -> tuple[float, Text]:
    """``100 × Σ w_k·c_k / Σ w_k`` over the finite components with a positive weight."""
    weights = {k: _weight(pr, k) for k in comps}
    used = {k: v for k, v in comps.items() if np.isfinite(v) and weights[k] > 0}
    wsum = sum(weights[k] for k in used)
    score = 100.0 * sum(weights[k] * v for k, v in used.items()) / wsum if wsum else math.nan
    return score, Text(
        "score = 100·Σw·c/Σw: "
        + ", ".join(f"{k} {F.number(v, 2)}×{weights[k]:g}" for k, v in used.items())
        + f" = {F.number(score, 1)}",
        f"综合评分{F.number(score, 1)}（各项得分×权重的加权平均×100："
        + "、".join(f"{SCORE_PARTS.label(k)}{F.number(v)}×{weights[k]:g}" for k, v in used.items())
        + "）",
        f"composite score {F.number(score, 1, 'en')} (100 × weighted mean of: "
        + ", ".join(
            f"{SCORE_PARTS.label(k, 'en')} {F.number(v, 2, 'en')}×{weights[k]:g}"
            for k, v in used.items()
        )
        + ")",
    )


def score_components(
    lq: dict[str, float], size_col, share_col, size, share, g_e, g_n, pr: Profile, measure: str
) -> dict[str, float]:
    """The 0–1 components of the composite score (package docstring); without employment the
    primary measure's LQ takes the employment LQ's place when it is revenue or value added."""
    cap = value(pr, "score.lq_cap")
    span = value(pr, "score.growth_span")
    growth = (
        min(max(0.5 + (g_e - g_n) / span, 0.0), 1.0)
        if np.isfinite(g_e) and np.isfinite(g_n)
        else math.nan
    )
    main = f"lq_{measure}" if measure in ("revenue", "value_added") else "lq_employment"
    return {
        main: min(lq[measure if main != "lq_employment" else "employment"] / cap, 1.0),
        "lq_output": min(lq["output"] / cap, 1.0),
        "lq_firms": min(lq["firms"] / cap, 1.0),
        "size": pct_rank(size_col, size),
        "focus": pct_rank(share_col, share),
        "growth": growth,
    }
