"""The steps of identification for one industry of the focal region: the LQ sentence, growth,
the rule sets, the family, the candidate rule and verdict (rules in the package docstring)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from clusterpolicy import metrics
from clusterpolicy.assess import _panel as P
from clusterpolicy.assess._evidence import Text, join
from clusterpolicy.assess.identification.families import family_table
from clusterpolicy.assess.identification.miit import existence_state, miit_criteria
from clusterpolicy.assess.identification.rules import (
    benchmark,
    cmp_tier,
    composite_score,
    eco_stars,
    lq_cutoffs,
    score_components,
    value,
)
from clusterpolicy.assess.shape import LQ_MEASURES, measure_word, primary_measure
from clusterpolicy.knowledge import Profile
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.text import formats as F


@dataclass
class Context:
    """What every industry of one run shares: panels of the year and of the growth base year."""

    data: CanonicalData
    region: str
    year: int
    profile: Profile
    rule_sets: tuple[str, ...]
    measure: str
    panels: dict
    base_year: int | None
    base_panel: object
    existence: Mapping[str, Mapping[str, object]]
    miit_rows: list = field(default_factory=list)
    families: pd.DataFrame | None = None
    ls: pd.DataFrame | None = None

    @property
    def main(self):
        return self.panels[self.measure]


def _cell(panel, region: str, ind: str, which: str = "values") -> float:
    if panel is None:
        return math.nan
    mat = getattr(panel, which)
    if region in mat.index and ind in mat.columns:
        return float(mat.at[region, ind])
    return math.nan


def _lq_text(ctx: Context, lq: dict[str, float]) -> Text:
    pan, m = ctx.main, ctx.measure
    parts = [k for k in LQ_MEASURES if k in ctx.panels]
    zh = "、".join(f"{measure_word(k)}{F.number(lq.get(k))}" for k in parts)
    en = ", ".join(f"{measure_word(k, 'en')} {F.number(lq.get(k), 2, 'en')}" for k in parts)
    note_zh = "" if m == "employment" else f"；无从业人员数据，各规则使用{measure_word(m)}区位熵"
    note_en = (
        ""
        if m == "employment"
        else f"; no employment data, so the rules use the {measure_word(m, 'en')} LQ"
    )
    return Text(
        f"LQ = (E_rc/E_r)/(E_c/E) on {m}; {pan.denominator}; "
        + ", ".join(f"LQ_{k}={F.number(lq.get(k), 3)}" for k in parts),
        f"{ctx.year}年区位熵：{zh}（{pan.denominator_zh}）{note_zh}",
        f"LQ in {ctx.year}: {en} ({pan.denominator_en}){note_en}",
    )


def _growth(ctx: Context, ind: str, size: float) -> tuple[float, float, Text | None]:
    bp = ctx.base_panel
    if bp is None or ind not in bp.values.columns or ctx.region not in bp.values.index:
        return math.nan, math.nan, None
    span = ctx.year - ctx.base_year
    g_e = P.cagr(bp.values.at[ctx.region, ind], size, span)
    g_n = P.cagr(bp.reference.get(ind, math.nan), ctx.main.reference.get(ind, math.nan), span)
    a, b = F.distinct_pair(g_e, g_n, 1, "zh", F.signed_percent)
    ae, be = F.distinct_pair(g_e, g_n, 1, "en", F.signed_percent)
    w, we = measure_word(ctx.measure), measure_word(ctx.measure, "en")
    rz, re_ = ctx.main.reference_name_zh, ctx.main.reference_name_en
    return (
        g_e,
        g_n,
        Text(
            f"growth {ctx.base_year}–{ctx.year}: CAGR {ctx.measure}={F.percent(g_e, 2)} vs "
            f"reference {F.percent(g_n, 2)}",
            f"{ctx.base_year}—{ctx.year}年{w}年均增速{a}，参照区域（{rz}）为{b}",
            f"annual {we} growth {ae} in {ctx.base_year}–{ctx.year} (reference: {re_}, {be})",
        ),
    )


def _rule_sets(ctx: Context, ind: str, row: dict, ev: list[Text]) -> None:
    """ECO, CMP, LQ cut-offs and MIIT criteria of one industry into ``row`` (evidence to ``ev``)."""
    pr, col, share = ctx.profile, ctx.main.values[ind], ctx.main.share()[ind]
    bm = benchmark(col, ctx.data, pr)
    row.update(benchmark_regions=bm.n, benchmark_reliable=bm.reliable)
    lq = row["lq"]
    if "eco" in ctx.rule_sets:
        stars, text = eco_stars(col, share, lq, row["size"], row["size_share"], ctx.measure, bm, pr)
        row.update(stars, eco_stars=int(sum(stars.values())))
        ev.append(text)
    else:
        row.update(eco_size_star=False, eco_lq_star=False, eco_focus_star=False, eco_stars=0)
    row["cmp_tier"], row["cmp_basis"] = "none", ""
    if "cmp" in ctx.rule_sets:
        fp = ctx.panels.get("firms")
        fcol = fp.values[ind] if fp is not None and ind in fp.values.columns else None
        row["cmp_tier"], row["cmp_basis"], text = cmp_tier(
            ctx.main.lq[ind], col, fcol, ctx.region, ctx.measure, bm, pr
        )
        ev.append(text)
    row["lq_level"], row["simple_lq_pass"] = 0.0, False
    if "lq" in ctx.rule_sets:
        row["lq_level"], row["simple_lq_pass"], text = lq_cutoffs(lq, pr)
        ev.append(text)
    row.update(miit_national_pass=pd.NA, miit_provincial_pass=pd.NA, miit_flag="not_checked")
    row.update(miit_checked=0, miit_total=0)
    if "miit" in ctx.rule_sets:
        res = miit_criteria(ctx.data, ctx.region, ind, ctx.year, pr)
        row.update(miit_national_pass=res.national, miit_provincial_pass=res.provincial)
        row.update(miit_flag=res.flag, miit_checked=res.checked, miit_total=res.total)
        ctx.miit_rows += res.rows
        ev.append(res.text)


def _family(ctx: Context, ind: str, row: dict, ev: list[Text]) -> None:
    """The industry's family (knowledge base) and whether its members co-locate here."""
    fam = ctx.profile.family_of(ind) if re.fullmatch(r"[A-Ta-t]?\d{2}", str(ind)) else None
    row.update(family_id="", family_zh="", family_en="", traded=pd.NA, family_colocated=pd.NA)
    ls = ctx.ls
    row["ls_index"] = (
        float(ls.at[ctx.region, ind])
        if ls is not None and ctx.region in ls.index and ind in ls.columns
        else math.nan
    )
    if fam is None:
        return
    row.update(
        family_id=fam["id"],
        family_zh=fam["label_zh"],
        family_en=fam["label_en"],
        traded=bool(fam.get("traded", True)),
    )
    fams = ctx.families
    if fams is not None and len(fams) and fam["id"] in set(fams["family_id"]):
        fr = fams.set_index("family_id").loc[fam["id"]]
        row["family_colocated"] = bool(fr["colocated"])
        ev.append(
            Text(
                f"family {fam['id']}: members {fr['members']}, γc={F.number(fr['coagglomeration'], 4)}",
                "所属产业族——" + fr["evidence_zh"],
                "family — " + fr["evidence_en"],
            )
        )


def _ls_index(data: CanonicalData, panels: dict, year: int):
    """Litzenberger–Sternberg index where region area, population and firm counts exist."""
    rd, fp, ep = data.region_data, panels.get("firms"), panels.get("employment")
    if fp is None or ep is None or not {"area_km2", "population"} <= set(rd.columns):
        return None
    r = (
        rd.loc[rd["year"] == year]
        .drop_duplicates("region_code")
        .set_index(
            rd.loc[rd["year"] == year].drop_duplicates("region_code")["region_code"].astype(str)
        )
    )
    if r[["area_km2", "population"]].isna().all().any():
        return None
    try:
        return metrics.litzenberger_sternberg(ep.values, r["area_km2"], r["population"], fp.values)
    except Exception:  # noqa: BLE001 - an extra figure; missing inputs leave it empty
        return None


def _verdict(ctx: Context, ind: str, row: dict) -> Text:
    """Candidate rule and existence verdict into ``row``; returns the evidence line."""
    pr = ctx.profile
    min_stars, lq_min = value(pr, "candidate.min_eco_stars"), value(pr, "candidate.lq_min")
    specialised = P.ge(row["lq"], lq_min)
    strong = row["cmp_tier"] in ("strong10", "strong")
    traded = row.get("traded") is not False
    candidate = bool(
        traded
        and specialised
        and (row["simple_lq_pass"] or strong or row["eco_stars"] >= min_stars)
    )
    state, ex = existence_state(ctx.existence.get(ind))
    row.update(specialised=specialised, candidate=candidate, existence=state)
    if not candidate:
        row["verdict"] = "not_candidate"
    elif state == "no":
        row["verdict"] = "agglomeration_not_yet_cluster"
    else:
        row["verdict"] = "cluster" if state == "yes" else "candidate_unconfirmed"
    w, we = measure_word(ctx.measure), measure_word(ctx.measure, "en")
    return (
        Text(
            f"candidate = LQ ≥ {lq_min:g} ({specialised}) and (LQ pass or CMP strong or ECO stars ≥ "
            f"{min_stars:g}): {candidate}; MIIT is a separate flag; " + ex.trace,
            f"{'是' if candidate else '不是'}候选集群：须先专业化（{w}区位熵不低于{lq_min:g}："
            f"{'是' if specialised else '否'}），再满足区位熵候选门槛、美国集群地图“强”及以上或欧洲集群观察站"
            f"不少于{min_stars:g}星之一；工信部门槛单列，不作为候选依据；{ex.zh}",
            f"{'a' if candidate else 'not a'} candidate cluster: it must be specialised ({we} LQ at least "
            f"{lq_min:g}: {'yes' if specialised else 'no'}) and meet one of the LQ cut-off, U.S. Cluster "
            f"Mapping strong or better, at least {min_stars:g} ECO stars; MIIT floors are a separate "
            f"flag, not a reason to be a candidate; {ex.en}"
            + (
                ""
                if traded
                else "; a local industry (serves the local market) is no cluster candidate"
            ),
        )
        if traded
        else Text(
            "candidate = False: local industry / 本地型产业; " + ex.trace,
            f"不是候选集群：本地型产业（服务本地市场，就业随人口分布），集群政策不按专业化认定；{ex.zh}",
            f"not a candidate cluster: a local industry (serves the local market; employment follows "
            f"population), which cluster policy does not judge by specialisation; {ex.en}",
        )
    )


def industry_row(ctx: Context, ind: str) -> dict:
    """The ``clusters`` row of one industry of the focal region."""
    region = ctx.region
    lq = {m: _cell(ctx.panels.get(m), region, ind, "lq") for m in LQ_MEASURES}
    size = float(ctx.main.values.at[region, ind])
    share = float(ctx.main.share().at[region, ind])
    emp_pan = ctx.panels.get("employment")
    ev = [_lq_text(ctx, lq)]
    g_e, g_n, text = _growth(ctx, ind, size)
    if text is not None:
        ev.append(text)
    row = {
        "region_code": region,
        "industry_code": ind,
        "year": ctx.year,
        "lq_employment": lq["employment"],
        "lq_output": lq["output"],
        "lq_firms": lq["firms"],
        "lq_revenue": lq["revenue"],
        "lq_measure": ctx.measure,
        "lq": lq[ctx.measure],
        "size": size,
        "size_share": share,
        "employment": _cell(emp_pan, region, ind),
        "employment_share": float(emp_pan.share().at[region, ind])
        if emp_pan is not None and ind in emp_pan.values.columns and region in emp_pan.values.index
        else math.nan,
        "emp_cagr": g_e if ctx.measure == "employment" else math.nan,
        "ref_emp_cagr": g_n if ctx.measure == "employment" else math.nan,
        "firms": _cell(ctx.panels.get("firms"), region, ind),
        "output": _cell(ctx.panels.get("output"), region, ind),
        "denominator": ctx.main.denominator,
        "reference_name_zh": ctx.main.reference_name_zh,
        "reference_name_en": ctx.main.reference_name_en,
    }
    _family(ctx, ind, row, ev)
    _rule_sets(ctx, ind, row, ev)
    comps = score_components(
        lq,
        ctx.main.values[ind],
        ctx.main.share()[ind],
        size,
        share,
        g_e,
        g_n,
        ctx.profile,
        ctx.measure,
    )
    row["score"], text = composite_score(comps, ctx.profile)
    ev.append(text)
    ev.append(_verdict(ctx, ind, row))
    row["industry_name_zh"] = ctx.data.industry_name(ind, "zh")
    row["industry_name_en"] = ctx.data.industry_name(ind, "en")
    row.update(join(ev))
    return row


def context(data, region, year, profile, rule_sets, measure, existence) -> tuple[Context, list]:
    measure = measure or primary_measure(data, year)
    years = P.measure_years(data, measure) if measure else []
    if not years:
        raise ValueError(
            "no industry measure to compute an LQ from / 无可计算区位熵的分行业指标（从业人员、产值、营业收入或企业数）"
        )
    year = int(year) if year is not None else years[-1]
    if year not in years:
        raise ValueError(f"no {measure} data for {year} / {year}年无{measure_word(measure)}数据")
    panels = {m: P.lq_panel(data, m, year) for m in LQ_MEASURES if P.has_measure(data, m)}
    panels = {m: p for m, p in panels.items() if p is not None}
    main = panels.get(measure)
    if main is None or region not in main.values.index:
        raise ValueError(
            f"region {region} has no {measure} in {year} / 地区{region}在{year}年无{measure_word(measure)}数据"
        )
    warnings: list[str] = []
    window = int(value(profile, "growth.window_years"))
    base = [y for y in years if year - window <= y < year]
    base_year = base[0] if base else None
    base_panel = P.lq_panel(data, measure, base_year) if base_year is not None else None
    if base_panel is None:
        warnings.append("no base year for growth / 无增长基期，增长率缺失")
    ctx = Context(
        data,
        region,
        year,
        profile,
        rule_sets,
        measure,
        panels,
        base_year,
        base_panel,
        existence or {},
    )
    ctx.families = family_table(main, region, profile, measure)
    ctx.ls = _ls_index(data, panels, year)
    return ctx, warnings
