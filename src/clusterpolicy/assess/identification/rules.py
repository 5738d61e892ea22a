"""The rule sets of cluster identification, one function each: ECO stars, U.S. CMP tiers, simple
LQ cut-offs, the composite score (formulas in :mod:`clusterpolicy.assess.identification`).

Every function returns its result and a :class:`~clusterpolicy.assess._evidence.Text` (trace and
sentences). Thresholds come from the active :class:`~clusterpolicy.knowledge.Profile`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from clusterpolicy.assess import _panel as P
from clusterpolicy.assess._evidence import Text
from clusterpolicy.knowledge import Profile
from clusterpolicy.text import formats as F
from clusterpolicy.text.labels import CMP_TIER_LABELS, SCORE_PARTS

CMP_KEYS = ("strong10", "strong", "significant", "qualifying")


def value(profile: Profile, key: str) -> float:
    """``identification.<key>`` of the profile."""
    return profile.value(f"identification.{key}")


def pct_rank(col: pd.Series, x: float) -> float:
    """Share of the regions' finite values that are ≤ ``x`` (NaN when undefined)."""
    v = col[np.isfinite(col.to_numpy(dtype="float64"))]
    if not np.isfinite(x) or len(v) == 0:
        return math.nan
    return float((v <= x).mean())


def eco_stars(
    emp_col: pd.Series, share_col: pd.Series, lq: float, emp: float, share: float, pr: Profile
) -> tuple[dict, Text]:
    """ECO size, specialisation and focus stars of one region × industry."""
    pos = emp_col > 0
    ps, pf = 100 - value(pr, "eco.size_top_pct"), 100 - value(pr, "eco.focus_top_pct")
    p_size = P.percentile(emp_col[pos].to_numpy(), ps)
    p_focus = P.percentile(share_col[pos].to_numpy(), pf)
    lq_min = value(pr, "eco.lq_min")
    stars = {
        "eco_size_star": bool(emp > 0) and P.ge(emp, p_size),
        "eco_lq_star": P.ge(lq, lq_min),
        "eco_focus_star": bool(emp > 0) and P.ge(share, p_focus),
    }
    mark = {k: "★" if v else "–" for k, v in stars.items()}
    trace = (
        f"ECO: size E={F.number(emp, 0)} vs P{ps:g}={F.number(p_size, 1)} {mark['eco_size_star']}; "
        f"LQ={F.number(lq, 3)} vs {lq_min:g} {mark['eco_lq_star']}; focus={F.percent(share, 2)} vs"
        f" P{pf:g}={F.percent(p_focus, 2)} {mark['eco_focus_star']}"
    )
    n = sum(stars.values())

    def zh_ok(k: str) -> str:
        return "达到" if stars[k] else "未达到"

    def en_ok(k: str) -> str:
        return "reaches" if stars[k] else "is below"

    zh = (
        f"欧洲集群观察站标准得{n}星：就业{F.persons(emp)}，{zh_ok('eco_size_star')}各地区第{ps:g}百分位数"
        f"（{F.persons(p_size)}）；区位熵{F.number(lq)}，{zh_ok('eco_lq_star')}{lq_min:g}；就业占本地区比重"
        f"{F.percent(share)}，{zh_ok('eco_focus_star')}各地区第{pf:g}百分位数（{F.percent(p_focus)}）"
    )
    en = (
        f"European Cluster Observatory: {n} star{'' if n == 1 else 's'} — employment "
        f"{F.number(emp, 0, 'en')} {en_ok('eco_size_star')} the {F.ordinal(ps)} percentile of regions "
        f"({F.number(p_size, 0, 'en')}); LQ {F.number(lq, 2, 'en')} {en_ok('eco_lq_star')} {lq_min:g}; "
        f"share of regional employment {F.percent(share, 1, 'en')} {en_ok('eco_focus_star')} the "
        f"{F.ordinal(pf)} percentile ({F.percent(p_focus, 1, 'en')})"
    )
    return stars, Text(trace, zh, en)


def _cmp_size(emp: float, e25: float, size_pct: float) -> tuple[bool, str, str, str]:
    ok = emp > e25
    return (
        ok,
        f"E={F.number(emp, 0)} > P{size_pct:g}(E)={F.number(e25, 1)}: {ok}",
        f"就业{F.persons(emp)}，{'高于' if ok else '不高于'}各地区第{size_pct:g}百分位数"
        f"（{F.persons(e25)}）",
        f"employment {F.number(emp, 0, 'en')} {'above' if ok else 'not above'} the "
        f"{F.ordinal(size_pct)} percentile of regions ({F.number(e25, 0, 'en')})",
    )


def _cmp_firms(
    firm_col: pd.Series | None, pos: pd.Index, region: str, size_pct: float
) -> tuple[bool, str, str, str]:
    if firm_col is None or not firm_col.reindex(pos).notna().any():
        return (
            True,
            "firm condition dropped (no firm counts) / 无企业数，略去企业数条件",
            "无企业数，略去企业数条件",
            "no firm counts, so the firm condition is dropped",
        )
    f25 = P.percentile(firm_col.reindex(pos).to_numpy(), size_pct)
    f = firm_col.get(region, math.nan)
    ok = bool(np.isfinite(f) and f > f25)
    return (
        ok,
        f"firms={F.number(f, 0)} > P{size_pct:g}(firms)={F.number(f25, 1)}: {ok}",
        f"企业数{F.number(f, 0)}家，{'高于' if ok else '不高于'}第{size_pct:g}百分位数"
        f"（{F.number(f25, 1)}家）",
        f"{F.number(f, 0, 'en')} firms, {'above' if ok else 'not above'} the "
        f"{F.ordinal(size_pct)} percentile ({F.number(f25, 1, 'en')})",
    )


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


def cmp_tier(
    lq_col: pd.Series, emp_col: pd.Series, firm_col: pd.Series | None, region: str, pr: Profile
) -> tuple[str, Text]:
    """The U.S. Cluster Mapping tier of ``region`` in one industry (percentiles over regions with
    employment > 0)."""
    pos = emp_col.index[(emp_col > 0).to_numpy()]
    lq, emp = lq_col.get(region, math.nan), emp_col.get(region, math.nan)
    if not (np.isfinite(lq) and np.isfinite(emp)) or emp <= 0:
        return "none", Text(
            "CMP: no employment / 无就业数据",
            "美国集群地图标准：本地区该行业无就业，不评级",
            "U.S. Cluster Mapping: no employment in this industry, no tier",
        )
    lqs = lq_col.reindex(pos).to_numpy()
    pcts = {k: value(pr, f"cmp.{k}_lq_pct") for k in CMP_KEYS}
    q = {k: P.percentile(lqs, pcts[k]) for k in CMP_KEYS}
    size_pct = value(pr, "cmp.size_pct")
    e25 = P.percentile(emp_col.reindex(pos).to_numpy(), size_pct)
    size_ok, s_tr, s_zh, s_en = _cmp_size(emp, e25, size_pct)
    firm_ok, f_tr, f_zh, f_en = _cmp_firms(firm_col, pos, region, size_pct)
    floor = value(pr, "cmp.strong_lq_floor")
    tier = _tier(lq, q, size_ok and firm_ok, floor)
    trace = (
        f"CMP: LQ={F.number(lq, 3)}, {s_tr}; {f_tr}; LQ percentiles "
        + ", ".join(f"P{pcts[k]:g}={F.number(q[k], 3)}" for k in CMP_KEYS)
        + f", strong needs LQ ≥ {floor:g} → {tier}"
    )
    shown = [f"{pcts[k]:g}" for k in CMP_KEYS]
    zh = (
        f"美国集群地图标准：{CMP_TIER_LABELS.label(tier, 'zh')}。区位熵{F.number(lq)}（各地区第"
        f"{'、'.join(shown)}百分位数分别为{'、'.join(F.number(q[k]) for k in CMP_KEYS)}）；"
        f"{s_zh}；{f_zh}；强集群还须区位熵不低于{floor:g}"
    )
    en = (
        f"U.S. Cluster Mapping: {CMP_TIER_LABELS.label(tier, 'en')}. LQ {F.number(lq, 2, 'en')} "
        f"(percentiles {'/'.join(shown)} of regions: "
        f"{'/'.join(F.number(q[k], 2, 'en') for k in CMP_KEYS)}); {s_en}; {f_en}; the strong tiers "
        f"also need LQ ≥ {floor:g}"
    )
    return tier, Text(trace, zh, en)


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


def composite_score(comps: dict[str, float], pr: Profile) -> tuple[float, Text]:
    """``100 × Σ w_k·c_k / Σ w_k`` over the finite components with a positive weight."""
    weights = {k: value(pr, f"score.w_{k}") for k in comps}
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
    lq: dict[str, float], emp_col, share_col, emp, share, g_e, g_n, pr: Profile
) -> dict[str, float]:
    """The 0–1 components of the composite score (module docstring)."""
    cap = value(pr, "score.lq_cap")
    span = value(pr, "score.growth_span")
    growth = (
        min(max(0.5 + (g_e - g_n) / span, 0.0), 1.0)
        if np.isfinite(g_e) and np.isfinite(g_n)
        else math.nan
    )
    return {
        "lq_employment": min(lq["employment"] / cap, 1.0),
        "lq_output": min(lq["output"] / cap, 1.0),
        "lq_firms": min(lq["firms"] / cap, 1.0),
        "size": pct_rank(emp_col, emp),
        "focus": pct_rank(share_col, share),
        "growth": growth,
    }
