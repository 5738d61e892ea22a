"""Chapter 1, the summary of findings: the assessment in one paragraph, the selected
clusters at a glance, the key findings and the priority actions."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pandas as pd
from reportlab.platypus import Flowable

from clusterpolicy.report.chapters.common import (
    focal_clusters,
    grouped_actions,
    industry_list,
    n_ranked,
    overall_pct,
    pct_text,
    scenario_label,
    scenario_name,
    selected_codes,
    stages_by_code,
    top_gaps,
    value_text,
)
from clusterpolicy.report.context import Context, col
from clusterpolicy.report.flowables import esc, para
from clusterpolicy.report.sections import section
from clusterpolicy.report.texts import tr
from clusterpolicy.text import formats as fmt
from clusterpolicy.text.labels import label


@section(
    "summary",
    "ch.summary",
    ("clusters", "lifecycle", "upgrading_summary", "equalization", "red_flags", "actions"),
)
def summary(ctx: Context) -> list[Flowable]:
    """Two pages for the desk: one paragraph on the assessment, one table of the selected
    clusters (verdict, score, stage, quadrant, technology and brand score %, threshold zone),
    the key findings (:func:`findings`) and the top actions. Sheets as in the chapters below."""
    lang = ctx.lang
    out: list[Flowable] = []
    f = focal_clusters(ctx)
    sel = selected_codes(ctx)
    if f is not None:
        v = col(f, "verdict").astype(str)
        out.append(
            ctx.p(
                ctx.t(
                    "sum.intro",
                    region=ctx.region_name,
                    a=ctx.meta.get("base_year", "—"),
                    b=ctx.meta.get("end_year", "—"),
                    n=len(f),
                    c=int((v == "cluster").sum()),
                    g=int((v == "agglomeration_not_yet_cluster").sum()),
                    u=int((v == "candidate_unconfirmed").sum()),
                    s=len(sel),
                )
            )
        )
    stages = stages_by_code(ctx)
    tech, brand = overall_pct(ctx, "technology"), overall_pct(ctx, "brand")
    zones: dict[str, str] = {}
    th = ctx.sheet("agglomeration_threshold")
    if th is not None:
        tf = ctx.focal_rows(th)
        zones = {str(c): str(z) for c, z in zip(tf["industry_code"], col(tf, "zone"), strict=True)}
    out += _cluster_table(ctx, f, sel, stages, tech, brand, zones)
    findings = _findings(ctx, f, sel, stages, tech, brand, zones)
    if findings:
        out.extend(ctx.heading(2, tr("sum.findings", lang)))
        for i, (markup, role) in enumerate(findings, start=1):
            out.append(para(markup, role, lang, bulletText=f"{i}."))
    out += _top_actions(ctx)
    return out


def _cluster_table(
    ctx: Context,
    f: pd.DataFrame | None,
    sel: list[str],
    stages: dict[str, str],
    tech: dict[str, float],
    brand: dict[str, float],
    zones: dict[str, str],
) -> list[Flowable]:
    """The selected clusters at a glance (verdict, score, stage, scores, zone)."""
    lang = ctx.lang
    out: list[Flowable] = []
    if sel:
        info = f.set_index(f["industry_code"].astype(str)) if f is not None else None
        lc = ctx.sheet("lifecycle")
        quad = (
            {
                str(c): q
                for c, q in zip(
                    ctx.focal_rows(lc)["industry_code"],
                    col(ctx.focal_rows(lc), "quadrant"),
                    strict=True,
                )
            }
            if lc is not None
            else {}
        )
        rows = []
        for code in sel:
            r = info.loc[code] if info is not None and code in info.index else {}
            if isinstance(r, pd.DataFrame):
                r = r.iloc[0]
            rows.append(
                [
                    f"{ctx.industry_name(code)}（{code}）"
                    if lang != "en"
                    else f"{ctx.industry_name(code)} ({code})",
                    label(r.get("verdict"), lang) if len(r) else fmt.MISSING,
                    fmt.number(r.get("score"), 1) if len(r) else fmt.MISSING,
                    label(stages.get(code), lang) if code in stages else fmt.MISSING,
                    label(quad.get(code), lang) if code in quad else fmt.MISSING,
                    pct_text(tech.get(code), 1, lang),
                    pct_text(brand.get(code), 1, lang),
                    label(zones[code], lang) if code in zones else fmt.MISSING,
                ]
            )
        out.extend(ctx.heading(2, tr("sum.sub.clusters", lang)))
        out += ctx.table(
            ctx.t("sum.table"),
            [
                tr(k, lang)
                for k in (
                    "col.industry",
                    "col.verdict",
                    "col.score",
                    "col.stage",
                    "col.quadrant",
                    "col.tech_pct",
                    "col.brand_pct",
                    "col.zone",
                )
            ],
            rows,
            [3.2, 1.9, 0.9, 1.2, 0.9, 1.0, 1.0, 1.9],
            [False, False, True, False, False, True, True, False],
            unit=tr("u.score", lang),
        )
    return out


def _top_actions(ctx: Context) -> list[Flowable]:
    """The first six merged actions."""
    lang = ctx.lang
    out: list[Flowable] = []
    ac = ctx.sheet("actions")
    if ac is not None:
        out.extend(ctx.heading(2, tr("sum.actions", lang)))
        for i, a in enumerate(grouped_actions(ctx, ac)[:6], start=1):
            where = (
                f"（{industry_list(ctx, a['codes'], 6)}）"
                if a["codes"] and lang != "en"
                else (f" ({industry_list(ctx, a['codes'], 6)})" if a["codes"] else "")
            )
            out.append(para(esc(a["action"]) + escape(where), "bullet", lang, bulletText=f"{i}."))
        out.append(ctx.p(ctx.t("sum.more"), "note"))
    return out


def _findings(
    ctx: Context,
    f: pd.DataFrame | None,
    sel: list[str],
    stages: dict[str, str],
    tech: dict[str, float],
    brand: dict[str, float],
    zones: dict[str, str],
) -> list[tuple[str, str]]:
    """Key findings as (markup, style role), at most one per topic: leading clusters, stages,
    technology and brand scores, the largest checklist gaps, the focal region's welfare rank and
    largest gap, the threshold zones, the scenario effect, the triggered red flags."""
    lang, out = ctx.lang, []
    sep = "、" if lang != "en" else "; "
    out += _f_top(ctx, f, sep)
    out += _f_stages(ctx, stages)
    out += _f_upgrading(ctx, tech, brand)
    out += _f_gaps(ctx, sep)
    out += _f_welfare(ctx)
    out += _f_zones(ctx, zones, sep)
    out += _f_scenario(ctx)
    out += _f_red_flags(ctx, sep)
    return out


def _f_top(ctx: Context, f: pd.DataFrame | None, sep: str) -> list[tuple[str, str]]:
    """Finding: the industries with the highest composite scores."""
    lang = ctx.lang
    out: list[tuple[str, str]] = []
    if f is not None and len(f):
        top = f.head(3)
        names = sep.join(
            f"{ctx.industry_name(r['industry_code'])}（{fmt.number(r.get('score'), 1)}）"
            if lang != "en"
            else f"{ctx.industry_name(r['industry_code'])} ({fmt.number(r.get('score'), 1)})"
            for _, r in top.iterrows()
        )
        out.append((ctx.t("sum.top", v=names), "body.noindent"))
    return out


def _f_stages(ctx: Context, stages: dict[str, str]) -> list[tuple[str, str]]:
    """Finding: the clusters per life-cycle stage."""
    lang = ctx.lang
    out: list[tuple[str, str]] = []
    if stages:
        order = ["emergence", "growth", "maturity", "decline", "renewal"]
        parts = []
        for st in order + sorted(set(stages.values()) - set(order)):
            codes = [c for c in stages if stages[c] == st]
            if codes:
                parts.append(
                    tr(
                        "sum.stage.part",
                        lang,
                        stage=label(st, lang),
                        n=len(codes),
                        v=industry_list(ctx, codes, 2),
                    )
                )
        out.append(
            (ctx.t("sum.stages", v=("；" if lang != "en" else "; ").join(parts)), "body.noindent")
        )
    return out


def _f_upgrading(
    ctx: Context, tech: dict[str, float], brand: dict[str, float]
) -> list[tuple[str, str]]:
    """Findings: mean, highest and lowest score of each checklist."""
    lang = ctx.lang
    out: list[tuple[str, str]] = []
    for checklist, scores in (("technology", tech), ("brand", brand)):
        vals = {c: float(v) for c, v in scores.items() if not fmt.is_missing(v)}
        if len(vals) == 1 and len(scores) > 1:  # no highest and lowest to tell apart
            ((code, v),) = vals.items()
            out.append(
                (
                    ctx.t(
                        "sum.upgrading.one",
                        cl=label(checklist, lang),
                        ind=ctx.industry_name(code),
                        v=pct_text(v, 1, lang),
                        k=len(scores) - 1,
                    ),
                    "body.noindent",
                )
            )
        elif vals:
            hi, lo = max(vals, key=vals.get), min(vals, key=vals.get)
            out.append(
                (
                    ctx.t(
                        "sum.upgrading",
                        cl=label(checklist, lang),
                        hi=ctx.industry_name(hi),
                        hv=pct_text(vals[hi], 1, lang),
                        lo=ctx.industry_name(lo),
                        lv=pct_text(vals[lo], 1, lang),
                        mean=pct_text(sum(vals.values()) / len(vals), 1, lang),
                    ),
                    "body.noindent",
                )
            )
    return out


def _f_gaps(ctx: Context, sep: str) -> list[tuple[str, str]]:
    """Finding: the two largest checklist gaps."""
    lang = ctx.lang
    out: list[tuple[str, str]] = []
    items = ctx.sheet("upgrading")
    if items is not None:
        gaps = top_gaps(ctx, ctx.focal_rows(items), 2)
        if gaps:
            out.append(
                (
                    ctx.t(
                        "sum.gaps",
                        v=sep.join(
                            f"“{g['text'].rstrip('。')}”（{g['where']}）"
                            if lang != "en"
                            else f"“{g['text'].rstrip('.')}” ({g['where']})"
                            for g in gaps
                        ),
                    ),
                    "body.noindent",
                )
            )
    return out


def _f_welfare(ctx: Context) -> list[tuple[str, str]]:
    """Findings: the focal region's welfare rank and its largest gap."""
    lang = ctx.lang
    out: list[tuple[str, str]] = []
    eq = ctx.sheet("equalization")
    if eq is not None:
        last = eq[eq["year"] == eq["year"].max()] if "year" in eq.columns else eq
        foc = ctx.focal_rows(last)
        w = foc[col(foc, "indicator").astype(str) == "welfare_index"]
        n_regions = n_ranked(last, "welfare_index")
        gp = pd.to_numeric(col(foc, "gap_pct"), errors="coerce")
        if len(w):
            r = w.iloc[0]
            out.append(
                (
                    ctx.t(
                        "sum.welfare",
                        region=ctx.region_name,
                        ref=ctx.reference_name,
                        val=value_text("welfare_index", r.get("value"), lang),
                        rank=fmt.integer(r.get("rank")),
                        n=n_regions,
                        gap=pct_text(r.get("gap_pct"), 1, lang),
                    ),
                    "body.noindent",
                )
            )
        if gp.notna().any():
            r = foc.loc[gp.idxmin()]
            out.append(
                (
                    ctx.t(
                        "sum.equal",
                        ind=label(r.get("indicator"), lang),
                        val=value_text(r.get("indicator"), r.get("value"), lang),
                        rank=fmt.integer(r.get("rank")),
                        n=n_ranked(last, r.get("indicator")),
                        ref=ctx.reference_name,
                        gap=pct_text(r.get("gap_pct"), 1, lang),
                    ),
                    "body.noindent",
                )
            )
    return out


def _f_zones(ctx: Context, zones: dict[str, str], sep: str) -> list[tuple[str, str]]:
    """Finding: the clusters per threshold zone."""
    lang = ctx.lang
    out: list[tuple[str, str]] = []
    if zones:
        parts = []
        for z in ("above", "within", "below"):
            codes = [c for c in zones if zones[c] == z]
            if codes:
                parts.append(tr("sum.zone.part", lang, zone=label(z, lang), n=len(codes)))
        out.append((ctx.t("sum.zones", v=sep.join(parts)), "body.noindent"))
    return out


def _f_scenario(ctx: Context) -> list[tuple[str, str]]:
    """Finding: the effect of the first scenario on the Gini of the welfare index."""
    lang = ctx.lang
    out: list[tuple[str, str]] = []
    sc = ctx.sheet("scenario")
    if sc is not None:
        allr = sc[col(sc, "region_code").astype(str) == "ALL"]
        pick = allr[
            (col(allr, "indicator").astype(str) == "gini")
            & (col(allr, "of_indicator").astype(str) == "welfare_index")
        ]
        pick = pick if len(pick) else allr
        if len(pick):
            r = pick.iloc[0]
            out.append(
                (
                    ctx.t(
                        "sum.scenario",
                        v=scenario_name(r.get("scenario"), lang),
                        ind=scenario_label(r, lang),
                        a=fmt.number(r.get("before"), 3),
                        b=fmt.number(r.get("after"), 3),
                    ),
                    "body.noindent",
                )
            )
    return out


def _f_red_flags(ctx: Context, sep: str) -> list[tuple[str, str]]:
    """Finding: the triggered red flags (or none)."""
    out: list[tuple[str, str]] = []
    rf = ctx.sheet("red_flags")
    if rf is not None:
        trig = rf[col(rf, "triggered").fillna(False).astype(bool)]
        if len(trig):
            # what was found (the question the assessors answered), not the flag's id or the
            # source's general remark
            text = sep.join(
                ctx.t("sum.redflag.item", q=fmt.text(ctx.pick(r, "question_zh", "question_en")))
                for _, r in trig.iterrows()
            )
            out.append((ctx.t("sum.redflags", n=len(trig), v=text), "finding.red"))
        else:
            out.append((ctx.t("sum.noredflags"), "body.noindent"))
    return out
