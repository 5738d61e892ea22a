"""Chapter 3, life-cycle diagnosis: the stage table, the small-multiple LQ/employment chart and
the evidence for and against each stage."""

from __future__ import annotations

import pandas as pd
from reportlab.platypus import Flowable

from clusterpolicy.report import charts, styles
from clusterpolicy.report.context import Context
from clusterpolicy.report.digest import row_evidence
from clusterpolicy.report.sections import section
from clusterpolicy.report.texts import tr
from clusterpolicy.text import formats as fmt
from clusterpolicy.text.labels import label

MAX_LIFECYCLE_CHARTS = 12


@section("lifecycle", "ch.lifecycle", ("lifecycle",))
def lifecycle(ctx: Context) -> list[Flowable]:
    """Life-cycle diagnosis. Columns: lifecycle (region_code, industry_code, base_year,
    end_year, stage, quadrant, confidence, score_emergence … score_renewal, override_stage,
    override_reason, lq_base, lq_end, emp_cagr, ref_emp_cagr, firm_cagr, evidence_for_zh/_en and
    evidence_against_zh/_en, else evidence_for, evidence_against); the small-multiple chart uses lq (region_code, industry_code, year,
    measure = employment, lq) and, when given, charts_data["employment"] (region_code,
    industry_code, year, employment). The ``conditions`` trace stays in the workbook."""
    lang = ctx.lang
    f = ctx.focal_rows(ctx.tables["lifecycle"])
    out: list[Flowable] = [ctx.p(ctx.t("lc.intro"))]
    a = f["base_year"].min() if "base_year" in f.columns and len(f) else ""
    e = f["end_year"].max() if "end_year" in f.columns and len(f) else ""
    out.extend(ctx.heading(2, tr("lc.sub.stages", lang)))
    shown = f.head(styles.MAX_TABLE_ROWS)
    arrow = "→"
    rows = [
        [
            ctx.industry_name(r["industry_code"]),
            label(r.get("stage"), lang),
            label(r.get("quadrant"), lang),
            fmt.percent(r.get("confidence"), 0),
            f"{fmt.number(r.get('lq_base'), 2)}{arrow}{fmt.number(r.get('lq_end'), 2)}",
            f"{fmt.percent(r.get('emp_cagr'), 1)} / {fmt.percent(r.get('ref_emp_cagr'), 1)}",
            fmt.percent(r.get("firm_cagr"), 1),
        ]
        for _, r in shown.iterrows()
    ]
    out += ctx.table(
        ctx.t("lc.table", a=a, b=e),
        [
            tr(k, lang)
            for k in (
                "col.industry",
                "col.stage",
                "col.quadrant",
                "col.confidence",
                "col.lq_change",
                "col.emp_vs_ref",
                "col.firm_cagr",
            )
        ],
        rows,
        [3.0, 1.2, 0.9, 0.9, 1.5, 1.9, 1.2],
        [False, False, False, True, True, True, True],
        unit="%；区位熵为无量纲" if lang != "en" else "%; LQ dimensionless",
        total=len(f),
    )
    for png in _lifecycle_grids(ctx, shown):
        out.append(ctx.chart(png, ctx.t("lc.grid"), width_mm=160))
    out += _evidence(ctx, f, shown)
    return out


def _evidence(ctx: Context, f: pd.DataFrame, shown: pd.DataFrame) -> list[Flowable]:
    """Stage, scores and the strongest evidence for and against, per cluster."""
    lang = ctx.lang
    out: list[Flowable] = []
    out.extend(ctx.heading(2, tr("lc.evidence", lang)))
    rows = []
    for _, r in shown.iterrows():
        scores = {
            s: r.get(f"score_{s}")
            for s in ("emergence", "growth", "maturity", "decline", "renewal")
        }
        scores = {s: float(v) for s, v in scores.items() if not fmt.is_missing(v)}
        ranked = sorted(scores, key=lambda s: -scores[s])
        head = label(r.get("stage"), lang)
        if ranked:
            head += tr(
                "lc.scoreline",
                lang,
                s=fmt.number(scores.get(str(r.get("stage")), scores[ranked[0]]), 2),
                nxt=label(next((s for s in ranked if s != str(r.get("stage"))), ranked[0]), lang),
                ns=fmt.number(
                    scores[next((s for s in ranked if s != str(r.get("stage"))), ranked[0])], 2
                ),
            )
        pro, more_pro = row_evidence(r, "for", lang, 3)
        con, more_con = row_evidence(r, "against", lang, 2)
        pro = [x for x in (ctx.clean(x) for x in pro) if x]
        con = [x for x in (ctx.clean(x) for x in con) if x]
        if more_pro:
            pro.append(tr("lc.more", lang, n=more_pro))
        if more_con:
            con.append(tr("lc.more", lang, n=more_con))
        override = r.get("override_stage")
        if not fmt.is_missing(override):
            head += "\n" + tr(
                "lc.override",
                lang,
                v=f"{label(r.get('computed_stage'), lang)}"
                f" → {label(override, lang)}：{ctx.clean(fmt.text(r.get('override_reason')))}",
            )
        rows.append(
            [
                ctx.industry_name(r["industry_code"]),
                head,
                "\n".join(f"• {x}" for x in pro) or fmt.MISSING,
                "\n".join(f"• {x}" for x in con) or fmt.MISSING,
            ]
        )
    out += ctx.table(
        ctx.t("lc.evidence"),
        [tr(k, lang) for k in ("col.industry", "col.stage_scores", "col.for", "col.against")],
        rows,
        [1.8, 1.9, 4.4, 3.6],
        total=len(f),
    )
    out.append(ctx.p(ctx.t("lc.trace"), "note"))
    return out


#: life-cycle panels in one figure (three rows of two fit a page at print size)
PANELS_PER_FIGURE = 6


def _lifecycle_grids(ctx: Context, lc: pd.DataFrame) -> list[bytes]:
    """Small multiples of the LQ (and employment) series of the clusters in ``lc``."""
    lq = ctx.sheet("lq")
    if lq is None:
        return []  # no LQ sheet: no series to draw (None here crashed the chapter)
    lqf = ctx.focal_rows(lq)
    if "measure" in lqf.columns:
        lqf = lqf[lqf["measure"] == "employment"]
    emp = ctx.charts_data.get("employment") if ctx.charts_data else None
    empf = ctx.focal_rows(emp) if emp is not None and len(emp) else None
    panels = []
    for _, r in lc.head(MAX_LIFECYCLE_CHARTS).iterrows():
        code = str(r["industry_code"])
        series = lqf[lqf["industry_code"].astype(str) == code].sort_values("year")
        if len(series) < 2:
            continue
        years = [int(y) for y in series["year"]]
        employment = None
        if empf is not None and "employment" in empf.columns:
            es = empf[empf["industry_code"].astype(str) == code].drop_duplicates("year")
            es = es.set_index("year")["employment"]
            employment = [es.get(y) for y in years]
        panels.append(
            (
                ctx.industry_name(code),
                str(r.get("stage")),
                years,
                series["lq"].astype(float).tolist(),
                employment,
            )
        )
    return [
        charts.lifecycle_grid(panels[i : i + PANELS_PER_FIGURE], ctx.lang)
        for i in range(0, len(panels), PANELS_PER_FIGURE)
    ]


# --- 4/5. upgrading --------------------------------------------------------------------------
