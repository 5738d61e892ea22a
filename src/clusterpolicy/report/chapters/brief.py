"""The brief (呈报摘要): one or two pages that say what the county should decide and why.

A plain-language verdict per selected cluster (what it is, how it is doing, how sure the
assessment is), three to five decisions requested of the reader (the first merged actions,
with their cost band and lead department where the engine gives them), the main risks, and
one line on sources and limitations. Every item names the finding (chapter 1) or the action
(chapter 7, table of priority actions) it rests on.
"""

from __future__ import annotations

import pandas as pd
from reportlab.platypus import Flowable

from clusterpolicy.report.chapters.common import (
    focal_clusters,
    grouped_actions,
    industry_list,
    n_ranked,
    overall_pct,
    pct_text,
    selected_codes,
)
from clusterpolicy.report.context import Context, col
from clusterpolicy.report.flowables import esc, para
from clusterpolicy.report.sections import section
from clusterpolicy.report.texts import tr
from clusterpolicy.text import formats as fmt
from clusterpolicy.text.labels import label

MAX_DECISIONS = 5
MAX_VERDICTS = 9


#: the profile's confidence bands (``lifecycle.confidence.*``) where the profile sheet lacks them
_BANDS = (0.8, 0.6)


def confidence_bands(ctx: Context) -> tuple[float, float]:
    """(high, medium) lower bounds of the life-cycle confidence, from the rule profile in force
    (the same numbers the engine labelled the confidence with)."""
    hi = ctx.threshold("lifecycle.confidence.high")
    mid = ctx.threshold("lifecycle.confidence.medium")
    return (hi if hi is not None else _BANDS[0], mid if mid is not None else _BANDS[1])


def certainty(confidence: object, stage: object, lang: str, bands=_BANDS) -> str:
    """高 / 中 / 低 from the life-cycle confidence (0–1) and the profile's bands (high, medium);
    an indeterminate stage is low."""
    c = fmt.finite(confidence)
    hi, mid = bands
    if str(stage) == "indeterminate" or c is None or c < mid:
        key = "br.sure.low"
    elif c < hi:
        key = "br.sure.mid"
    else:
        key = "br.sure.high"
    return tr(key, lang)


def _verdicts(ctx: Context) -> list[Flowable]:
    lang = ctx.lang
    f = focal_clusters(ctx)
    sel = selected_codes(ctx)[:MAX_VERDICTS]
    if f is None or not sel:
        return []
    info = f.set_index(f["industry_code"].astype(str))
    lc = ctx.sheet("lifecycle")
    lci = ctx.focal_rows(lc).set_index("industry_code") if lc is not None else None
    tech, brand = overall_pct(ctx, "technology"), overall_pct(ctx, "brand")
    rows = []
    for code in sel:
        r = info.loc[code] if code in info.index else pd.Series(dtype=object)
        r = r.iloc[0] if isinstance(r, pd.DataFrame) else r
        lr = lci.loc[code] if lci is not None and code in lci.index else pd.Series(dtype=object)
        lr = lr.iloc[0] if isinstance(lr, pd.DataFrame) else lr
        what = label(r.get("verdict"), lang) if len(r) else fmt.MISSING
        how = tr(
            "br.how",
            lang,
            stage=label(lr.get("stage"), lang) if len(lr) else fmt.MISSING,
            t=pct_text(tech.get(code), 0, lang),
            b=pct_text(brand.get(code), 0, lang),
        )
        rows.append(
            [
                f"{ctx.industry_name(code)}（{code}）"
                if lang != "en"
                else f"{ctx.industry_name(code)} ({code})",
                what,
                how,
                certainty(lr.get("confidence"), lr.get("stage"), lang, confidence_bands(ctx))
                if len(lr)
                else tr("br.sure.low", lang),
            ]
        )
    out = list(ctx.heading(2, tr("br.sub.verdicts", lang), numbered=False))
    out += ctx.table(
        ctx.t("br.verdicts", n=len(rows)),
        [tr(k, lang) for k in ("col.cluster", "br.col.what", "br.col.how", "br.col.sure")],
        rows,
        [3.0, 2.0, 4.2, 1.1],
        unit=None,
    )
    hi, mid = confidence_bands(ctx)
    out.append(
        ctx.p(
            ctx.t("br.verdicts.note", hi=fmt.percent(hi, 0, lang), mid=fmt.percent(mid, 0, lang)),
            "note",
        )
    )
    return out


def _decisions(ctx: Context) -> list[Flowable]:
    lang = ctx.lang
    ac = ctx.sheet("actions")
    if ac is None:
        return []
    out = list(ctx.heading(2, tr("br.sub.decisions", lang), numbered=False))
    for i, a in enumerate(grouped_actions(ctx, ac)[:MAX_DECISIONS], start=1):
        where = industry_list(ctx, a["codes"], 6) if a["codes"] else tr("all.region", lang)
        extra = ctx.t(
            "br.decision.meta",
            lead=a["lead"] or tr("br.tbd", lang),
            cost=a["cost_band"] or tr("br.tbd", lang),
            n=i,
        )
        out.append(
            para(
                esc(a["action"]).rstrip("。.") + ctx.t("br.decision.where", v=where) + extra,
                "bullet",
                lang,
                bulletText=f"{i}.",
            )
        )
    return out


def _risks(ctx: Context) -> list[Flowable]:
    lang = ctx.lang
    items: list[str] = []
    rf = ctx.sheet("red_flags")
    if rf is not None:
        trig = rf[col(rf, "triggered").fillna(False).astype(bool)]
        for _, r in trig.head(3).iterrows():
            text = ctx.clean(ctx.pick(r, "text_zh", "text_en"))
            if text:
                items.append(esc(text.rstrip("。.")) + ctx.t("br.link.redflag"))
    eq = ctx.sheet("equalization")
    if eq is not None and {"indicator", "rank"} <= set(eq.columns):
        last = eq[eq["year"] == eq["year"].max()] if "year" in eq.columns else eq
        w = ctx.focal_rows(last)
        w = w[w["indicator"].astype(str) == "welfare_index"]
        if len(w) and not fmt.is_missing(w.iloc[0].get("rank")):
            items.append(
                ctx.t(
                    "br.risk.welfare",
                    region=ctx.region_name,
                    rank=fmt.integer(w.iloc[0].get("rank")),
                    n=n_ranked(last, "welfare_index"),
                    ref=ctx.reference_name,
                    gap=pct_text(w.iloc[0].get("gap_pct"), 1, lang),
                )
            )
    if not items:
        return []
    out = list(ctx.heading(2, tr("br.sub.risks", lang), numbered=False))
    out += [para(x, "bullet", lang, bulletText="•") for x in items]
    return out


@section(
    "brief",
    "ch.brief",
    ("clusters", "lifecycle", "actions", "red_flags", "equalization"),
)
def brief(ctx: Context) -> list[Flowable]:
    """The brief. Sheets: clusters, lifecycle (stage, confidence), upgrading_summary, actions
    (and the optional action-plan columns lead_*, cost_band), red_flags, equalization."""
    out: list[Flowable] = [
        ctx.p(
            ctx.t(
                "br.intro",
                region=ctx.region_name,
                a=ctx.meta.get("base_year", "—"),
                b=ctx.meta.get("end_year", "—"),
            )
        )
    ]
    out += _verdicts(ctx)
    out += _decisions(ctx)
    out += _risks(ctx)
    out.extend(ctx.heading(2, tr("br.sub.sources", ctx.lang), numbered=False))
    out.append(
        ctx.p(
            ctx.t(
                "br.sources",
                ref=ctx.reference_name,
                a=ctx.meta.get("base_year", "—"),
                b=ctx.meta.get("end_year", "—"),
            )
        )
    )
    return out
