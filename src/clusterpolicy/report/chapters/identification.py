"""Chapter 2, cluster identification: location quotients and composite scores, the bubble
chart, the rule digest of the selected clusters, specialisation, concentration, shift-share."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pandas as pd
from reportlab.platypus import Flowable, KeepTogether

from clusterpolicy.report import charts, styles
from clusterpolicy.report.chapters.common import (
    focal_clusters,
    selected_codes,
)
from clusterpolicy.report.chapters.maps import lq_map_section
from clusterpolicy.report.chapters.peers import peer_section
from clusterpolicy.report.context import Context, col
from clusterpolicy.report.flowables import para
from clusterpolicy.report.sections import section
from clusterpolicy.report.texts import tr
from clusterpolicy.text import formats as fmt
from clusterpolicy.text.labels import label

_SELECTION = {"candidate": "sel.candidate", "emerging_watch": "sel.watch", "user": "sel.user"}

MAX_BUBBLES = 15


def _selection_text(ctx: Context, r: pd.Series) -> str:
    sel = r.get("selected")
    if fmt.is_missing(sel) or not bool(sel):
        return fmt.MISSING
    key = _SELECTION.get(str(r.get("selection")), "sel.candidate")
    return tr(key, ctx.lang)


@section(
    "identification",
    "ch.identification",
    ("clusters", "specialization", "concentration", "shift_share"),
)
def identification(ctx: Context) -> list[Flowable]:
    """Cluster identification. Columns: clusters (region_code, industry_code, year,
    lq_employment, lq_output, lq_firms, eco_stars, cmp_tier, score, rank, verdict, selected,
    selection, industry_name_zh/en, employment, emp_cagr, ref_emp_cagr, miit_national_pass,
    miit_provincial_pass, simple_lq_pass, existence); specialization (region_code, year, measure,
    hoover, krugman, herfindahl, entropy, gini_lq); concentration (industry_code, year, measure,
    hoover, locational_gini, krugman, herfindahl, eg_gamma, eg_approximate); shift_share
    (region_code, industry_code, base_year, end_year, method = dunn, growth, national_share,
    industry_mix, regional_share, net_shift). The ``evidence`` trace is not printed (it is in
    the workbook); the selected clusters get a one-paragraph digest of their rule results."""
    lang = ctx.lang
    out: list[Flowable] = [ctx.p(ctx.t("id.intro", region=ctx.region_name))]
    f = focal_clusters(ctx)
    sel = selected_codes(ctx)
    out.extend(ctx.heading(2, tr("id.sub.lq", lang)))
    if f is None:
        out += ctx.missing("clusters")
    else:
        year = f["year"].max() if "year" in f.columns and len(f) else ""
        shown = f.head(styles.MAX_TABLE_ROWS)
        rows = [
            [
                fmt.integer(r.get("rank")),
                r["industry_code"],
                ctx.industry_name(r["industry_code"]),
                fmt.number(r.get("lq_employment"), 2),
                fmt.number(r.get("lq_output"), 2),
                fmt.number(r.get("lq_firms"), 2),
                fmt.integer(r.get("eco_stars")),
                _cmp(r.get("cmp_tier"), lang),
                fmt.number(r.get("score"), 1),
                label(r.get("verdict"), lang),
                _selection_text(ctx, r),
            ]
            for _, r in shown.iterrows()
        ]
        out += ctx.table(
            ctx.t("id.table", year=year),
            [
                tr(k, lang)
                for k in (
                    "col.rank",
                    "col.code",
                    "col.industry",
                    "col.lq_emp",
                    "col.lq_out",
                    "col.lq_firms",
                    "col.eco",
                    "col.cmp",
                    "col.score",
                    "col.verdict",
                    "col.selected",
                )
            ],
            rows,
            [0.6, 0.7, 2.6, 1.15, 1.15, 1.15, 0.8, 1.1, 0.95, 1.9, 0.8],
            [True, False, False, True, True, True, True, False, True, False, False],
            unit=tr("u.index_score", lang),
            total=len(f),
        )
        out.append(ctx.p(ctx.t("id.full"), "note"))
        out += _bubble(ctx, f, sel)
        out += _rules(ctx, f, sel)
        out += lq_map_section(ctx)
    out += peer_section(ctx)
    out.extend(ctx.heading(2, tr("id.sub.struct", lang)))
    out += _structure_tables(ctx, sel)
    return out


def growth_window(ctx: Context, f: pd.DataFrame) -> tuple[str, str]:
    """The employment-growth window of the clusters sheet ("2019—2024年") and its end year
    (:func:`clusterpolicy.model.periods.growth_years`)."""
    from clusterpolicy.model.periods import growth_years, span_text

    years = growth_years(
        f, ctx.threshold("identification.growth.window_years"), ctx.meta.get("base_year")
    )
    if years is None:
        return "", ""
    return span_text(*years, ctx.lang), str(years[1])


def _bubble(ctx: Context, f: pd.DataFrame, sel: list[str]) -> list[Flowable]:
    """The LQ × growth bubble chart of the selected clusters, labelled by code, with the codes
    named in the caption, the size legend, the quadrant names and the growth window."""
    lang = ctx.lang
    out: list[Flowable] = []
    pts = f[f["industry_code"].astype(str).isin(sel)] if sel else f
    pts = pts.head(MAX_BUBBLES)
    if {"lq_employment", "emp_cagr"} <= set(pts.columns) and len(pts):
        window, end = growth_window(ctx, f)
        codes = [str(c) for c in pts["industry_code"]]
        png = charts.bubble_chart(
            codes,
            pd.to_numeric(pts["lq_employment"], errors="coerce").tolist(),
            (pd.to_numeric(pts["emp_cagr"], errors="coerce") * 100).tolist(),
            pd.to_numeric(col(pts, "employment"), errors="coerce").fillna(0).tolist(),
            lang,
            window=window,
            size_label=lambda v: fmt.persons(v, lang, 1),
        )
        sep = "；" if lang != "en" else "; "
        legend = sep.join(f"{c} {ctx.industry_name(c)}" for c in codes)
        out.append(
            ctx.chart(
                png, ctx.t("id.bubble", w=window, y=end) + ctx.t("id.bubble.legend", v=legend)
            )
        )
    return out


def _rules(ctx: Context, f: pd.DataFrame, sel: list[str]) -> list[Flowable]:
    """A one-paragraph rule digest per selected cluster."""
    lang = ctx.lang
    out: list[Flowable] = []
    if sel:
        out.extend(ctx.heading(2, tr("id.sub.rules", lang)))
        info = f.set_index(f["industry_code"].astype(str))
        for code in sel:
            if code not in info.index:
                continue
            r = info.loc[code]
            r = r.iloc[0] if isinstance(r, pd.DataFrame) else r
            head = para(
                f"<b>{escape(ctx.industry_name(code))}（{escape(code)}）</b>"
                if lang != "en"
                else f"<b>{escape(ctx.industry_name(code))} ({escape(code)})</b>",
                "body.noindent",
                lang,
            )
            body = para(escape(_rule_digest(ctx, r)), "bullet", lang, bulletText="•")
            out.append(KeepTogether([head, body]))  # a name never stays alone at a page foot
        out.append(ctx.p(ctx.t("id.trace"), "note"))
    return out


def _cmp(tier: object, lang: str) -> str:
    """US Cluster Mapping tier label; "none" is no tier (not the upgrading type "none")."""
    return fmt.MISSING if fmt.is_missing(tier) or str(tier) == "none" else label(tier, lang)


def _rule_digest(ctx: Context, r: pd.Series) -> str:
    """One or two lines of rule results of a cluster (plain text, escaped by the caller)."""
    lang = ctx.lang
    lq = "/".join(fmt.number(r.get(c), 2) for c in ("lq_employment", "lq_output", "lq_firms"))
    miit = []
    if r.get("miit_national_pass") is True or str(r.get("miit_national_pass")) == "True":
        miit.append(tr("id.miit.n", lang))
    if r.get("miit_provincial_pass") is True or str(r.get("miit_provincial_pass")) == "True":
        miit.append(tr("id.miit.p", lang))
    text = tr(
        "id.digest",
        lang,
        lq=lq,
        eco=fmt.integer(r.get("eco_stars")),
        cmp=_cmp(r.get("cmp_tier"), lang),
        g=fmt.percent(r.get("emp_cagr"), 1, lang),
        w=growth_window(ctx, pd.DataFrame([r]))[0],
        ref=fmt.percent(r.get("ref_emp_cagr"), 1, lang),
        miit=("、" if lang != "en" else ", ").join(miit) or tr("id.miit.none", lang),
        ex=label(r.get("existence"), lang),
        score=fmt.number(r.get("score"), 1),
        rank=fmt.integer(r.get("rank")),
        verdict=label(r.get("verdict"), lang),
    )
    if str(r.get("selection")) == "emerging_watch":
        text += tr("id.watch", lang)
    elif str(r.get("selection")) == "user":
        text += tr("id.user", lang)
    return text


def _structure_tables(ctx: Context, sel: list[str]) -> list[Flowable]:
    """Specialisation of the focal region over time; concentration and shift-share of the
    selected clusters (all local industries when none are selected)."""
    out: list[Flowable] = []
    local = set(sel)
    if not local and ctx.sheet("clusters") is not None:
        local = set(ctx.focal_rows(ctx.tables["clusters"])["industry_code"].astype(str))
    out += _specialization(ctx)
    out += _concentration(ctx, local)
    out += _shift_share(ctx, local)
    return out


def _specialization(ctx: Context) -> list[Flowable]:
    """Specialisation indices of the focal region by year."""
    lang = ctx.lang
    out: list[Flowable] = []
    sp = ctx.sheet("specialization")
    if sp is None:
        out += ctx.missing("specialization")
    else:
        f = ctx.focal_rows(sp)
        if "measure" in f.columns and (f["measure"] == "employment").any():
            f = f[f["measure"] == "employment"]
        f = f.sort_values("year").tail(styles.MAX_TABLE_ROWS)
        rows = [
            [
                fmt.text(r.get("year")),
                fmt.number(r.get("hoover"), 3),
                fmt.number(r.get("krugman"), 3),
                fmt.number(r.get("herfindahl"), 3),
                fmt.number(r.get("entropy"), 3),
                fmt.number(r.get("gini_lq"), 3),
            ]
            for _, r in f.iterrows()
        ]
        out += ctx.table(
            ctx.t("id.spec"),
            [
                tr(k, lang)
                for k in (
                    "col.year",
                    "col.hoover",
                    "col.krugman",
                    "col.herfindahl",
                    "col.entropy",
                    "col.gini_lq",
                )
            ],
            rows,
            [1, 1.2, 1.2, 1.2, 1.2, 1.2],
            [False] + [True] * 5,
            unit=tr("u.index", lang),
        )
    return out


def _concentration(ctx: Context, local: set[str]) -> list[Flowable]:
    """Spatial concentration of the local industries in the last year."""
    lang = ctx.lang
    out: list[Flowable] = []
    co = ctx.sheet("concentration")
    if co is None:
        out += ctx.missing("concentration")
    else:
        f = co
        if "measure" in f.columns and (f["measure"] == "employment").any():
            f = f[f["measure"] == "employment"]
        if "year" in f.columns:
            f = f[f["year"] == f["year"].max()]
        year = f["year"].max() if "year" in f.columns and len(f) else ""
        if local:
            f = f[f["industry_code"].astype(str).isin(local)]
        shown = f.head(styles.MAX_TABLE_ROWS)
        rows = [
            [
                ctx.industry_name(r["industry_code"]),
                fmt.number(r.get("hoover"), 3),
                fmt.number(r.get("locational_gini"), 3),
                fmt.number(r.get("krugman"), 3),
                fmt.number(r.get("herfindahl"), 3),
                fmt.number(r.get("eg_gamma"), 3) + ("*" if r.get("eg_approximate") is True else ""),
            ]
            for _, r in shown.iterrows()
        ]
        out += ctx.table(
            ctx.t("id.conc", year=year),
            [
                tr(k, lang)
                for k in (
                    "col.industry",
                    "col.hoover",
                    "col.lgini",
                    "col.krugman",
                    "col.herfindahl",
                    "col.eg",
                )
            ],
            rows,
            [3, 1.1, 1.1, 1.1, 1.1, 1.1],
            [False] + [True] * 5,
            unit=tr("u.index", lang) + ("（*为近似值）" if lang != "en" else " (* approximate)"),
            total=len(f),
        )
    return out


def _shift_share(ctx: Context, local: set[str]) -> list[Flowable]:
    """Dunn shift-share of the local industries."""
    lang = ctx.lang
    out: list[Flowable] = []
    ss = ctx.sheet("shift_share")
    if ss is None:
        out += ctx.missing("shift_share")
    else:
        f = ctx.focal_rows(ss)
        if "method" in f.columns and (f["method"] == "dunn").any():
            f = f[f["method"] == "dunn"]
        if "measure" in f.columns and (f["measure"] == "employment").any():
            f = f[f["measure"] == "employment"]
        if local:
            f = f[f["industry_code"].astype(str).isin(local)]
        a = f["base_year"].min() if "base_year" in f.columns and len(f) else ""
        e = f["end_year"].max() if "end_year" in f.columns and len(f) else ""
        shown = f.head(styles.MAX_TABLE_ROWS)
        rows = [
            [ctx.industry_name(r["industry_code"])]
            + [
                fmt.integer(r.get(c), lang)
                for c in ("growth", "national_share", "industry_mix", "regional_share", "net_shift")
            ]
            for _, r in shown.iterrows()
        ]
        out += ctx.table(
            ctx.t("id.shift", a=a, b=e),
            [
                tr(k, lang)
                for k in ("col.industry", "col.growth", "col.ns", "col.im", "col.rs", "col.net")
            ],
            rows,
            [3, 1.2, 1.2, 1.2, 1.2, 1.2],
            [False] + [True] * 5,
            unit=tr("u.persons", lang),
            total=len(f),
        )
    return out


# --- 3. life cycle ---------------------------------------------------------------------------
