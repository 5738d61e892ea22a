"""The welfare effects of agglomeration (seed 000), estimated on the user's own panel: for each
outcome the models that ran — their key estimates with confidence intervals, the turning point
or threshold — the fitted relation plotted, and the plain reading in the report's language;
the outcomes the data cannot answer are listed with the reason. Only in the report when the
assessment ran the step (``--welfare-effects``)."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pandas as pd
from reportlab.platypus import Flowable

from clusterpolicy.report.charts import fitted_relation_chart
from clusterpolicy.report.context import Context, col
from clusterpolicy.report.flowables import para
from clusterpolicy.report.sections import section
from clusterpolicy.report.texts import tr
from clusterpolicy.text import formats as fmt
from clusterpolicy.text.labels import label

#: models in the order the chapter lists them
MODEL_ORDER = [
    "pooled_ols",
    "fe_oneway",
    "fe_twoway",
    "quadratic",
    "threshold_single",
    "threshold_double",
    "system_gmm",
    "determinants",
]
#: the agglomeration terms whose estimates the chapter prints (controls stay in the workbook)
AGG_TERMS = (
    "agglomeration",
    "agglomeration_sq",
    "agglomeration_r1",
    "agglomeration_r2",
    "agglomeration_r3",
)
#: models whose plain reading is printed under the table
READ_MODELS = (
    "fe_twoway",
    "quadratic",
    "threshold_single",
    "threshold_double",
    "system_gmm",
    "determinants",
)
#: the determinants model explains agglomeration itself: all its terms are printed
DETERMINANTS = "agglomeration"


def _printed(sub: pd.DataFrame) -> pd.Series:
    terms = col(sub, "term").astype(str)
    return (
        terms.isin(AGG_TERMS) | terms.str.startswith("lag") | (col(sub, "outcome") == DETERMINANTS)
    )


def _title(outcome: str, lang: str) -> str:
    return tr("ef.determinants", lang) if outcome == DETERMINANTS else label(outcome, lang)


def _estimate_rows(ctx: Context, sub: pd.DataFrame) -> list[list[str]]:
    lang = ctx.lang
    rows = []
    order = {m: i for i, m in enumerate(MODEL_ORDER)}
    ok = sub.loc[(col(sub, "status") == "ok") & _printed(sub) & (col(sub, "term") != "")]
    ok = ok.assign(_o=ok["model"].map(order).fillna(99)).sort_values(["_o", "term"])
    for _, r in ok.iterrows():
        ci = f"{fmt.significant(r.get('ci_low'), 3, lang)} ~ {fmt.significant(r.get('ci_high'), 3, lang)}"
        rows.append(
            [
                label(f"model.{r['model']}", lang),
                label(f"term.{r['term']}", lang).removeprefix("term."),
                fmt.number(r.get("coef"), 3, lang),
                fmt.number(r.get("se"), 3, lang),
                fmt.number(r.get("p"), 3, lang),
                ci,
                fmt.integer(r.get("n_obs"), lang),
            ]
        )
    return rows


def _outcome(ctx: Context, outcome: str, sub: pd.DataFrame) -> list[Flowable]:
    lang = ctx.lang
    out: list[Flowable] = [*ctx.heading(2, _title(outcome, lang))]
    rows = _estimate_rows(ctx, sub)
    if rows:
        n_reg = pd.to_numeric(col(sub, "n_regions"), errors="coerce").max()
        years = pd.to_numeric(col(sub, "n_years"), errors="coerce").max()
        out += ctx.table(
            ctx.t(
                "ef.table",
                v=_title(outcome, lang),
                r=fmt.integer(n_reg, lang),
                y=fmt.integer(years, lang),
            ),
            [
                tr(k, lang)
                for k in (
                    "ef.col.model",
                    "ef.col.term",
                    "ef.col.coef",
                    "ef.col.se",
                    "ef.col.p",
                    "ef.col.ci",
                    "ef.col.n",
                )
            ],
            rows,
            [2.4, 2.2, 1.1, 1.0, 0.9, 1.9, 0.8],
            [False, False, True, True, True, True, True],
            unit=tr("ef.unit", lang),
            source=ctx.source_line(),
        )
    fit = ctx.sheet("welfare_effects_fit")
    png = fitted_relation_chart(fit, outcome, lang) if fit is not None else None
    if png is not None:
        out.append(ctx.chart(png, ctx.t("ef.figure", v=_title(outcome, lang))))
    readings = ctx.sheet("welfare_effects_readings")
    if readings is not None and len(readings):
        # the models' own readings (the pooled and one-way rows are in the table) and the
        # comparison with seed 000; the caveats, the same for every outcome, come once at the end
        mine = readings.loc[
            (col(readings, "outcome") == outcome)
            & (
                (col(readings, "kind") == "seed_000")
                | ((col(readings, "kind") == "estimate") & col(readings, "model").isin(READ_MODELS))
            )
        ]
        text_col = "reading_en" if lang == "en" else "reading_zh"
        for _, r in mine.iterrows():
            text = ctx.clean(r.get(text_col))
            if text:
                out.append(para(escape(text), "bullet", lang, bulletText="•"))
    return out


def _caveats(ctx: Context) -> list[Flowable]:
    readings = ctx.sheet("welfare_effects_readings")
    if readings is None or not len(readings):
        return []
    text_col = "reading_en" if ctx.lang == "en" else "reading_zh"
    texts = readings.loc[col(readings, "kind") == "caveat", text_col].dropna().astype(str)
    texts = [t for t in dict.fromkeys(ctx.clean(x) for x in texts) if t]
    if not texts:
        return []
    out: list[Flowable] = [*ctx.heading(2, tr("ef.caveats", ctx.lang))]
    out += [para(escape(t), "bullet", ctx.lang, bulletText="•") for t in texts]
    return out


@section("welfare_effects", "ch.welfare_effects", ("welfare_effects",))
def welfare_effects(ctx: Context) -> list[Flowable]:
    """Sheets: welfare_effects (model, outcome, term, coef, se, p, ci_low, ci_high, n_obs,
    n_regions, n_years, status, reason_zh/en), welfare_effects_readings, welfare_effects_fit."""
    we = ctx.sheet("welfare_effects")
    out: list[Flowable] = [ctx.p(ctx.t("ef.intro"))]
    outcomes = list(dict.fromkeys(col(we, "outcome").astype(str)))
    answered = [o for o in outcomes if (we.loc[we["outcome"] == o, "status"] == "ok").any()]
    for outcome in answered:
        out += _outcome(ctx, outcome, we.loc[we["outcome"] == outcome])
    out += _caveats(ctx)
    rest = [o for o in outcomes if o not in answered]
    if rest:
        out += ctx.heading(2, tr("ef.not_answered", ctx.lang))
        reason = "reason_en" if ctx.lang == "en" else "reason_zh"
        for o in rest:
            first = we.loc[we["outcome"] == o, reason].dropna().astype(str)
            why = ctx.clean(first.iloc[0]) if len(first) else ""
            out.append(
                para(
                    escape(f"{_title(o, ctx.lang)}{'：' if ctx.lang != 'en' else ': '}{why}"),
                    "bullet",
                    ctx.lang,
                    bulletText="•",
                )
            )
    return out
