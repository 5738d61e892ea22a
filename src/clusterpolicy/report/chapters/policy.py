"""Chapter 7, the policy action plan: priority actions, must-not red flags, government roles and
policy quality."""

from __future__ import annotations

import re

import pandas as pd
from reportlab.platypus import Flowable

from clusterpolicy.report import styles
from clusterpolicy.report.chapters.common import (
    dim_name,
    grouped_actions,
    industry_list,
)
from clusterpolicy.report.context import Context, col
from clusterpolicy.report.sections import section
from clusterpolicy.report.texts import tr
from clusterpolicy.text import formats as fmt
from clusterpolicy.text.labels import label

MAX_ACTIONS = 18
#: rows of the annex and of the withheld table (the rest: the workbook)
MAX_ANNEX = 8


def _checklist_summary(ctx: Context, df: pd.DataFrame, idcol: str) -> list[list[object]]:
    """Rows (dimension name, items, answered, yes/partial/no, score %) of a roles or quality
    sheet; the engine's summary rows (item id = dimension id) give the score."""
    if "dimension" not in df.columns:
        df = df.assign(dimension="ALL")
        summary_rows, items = df.iloc[0:0], df
    else:
        summary_rows = df[col(df, idcol).astype(str) == df["dimension"].astype(str)]
        items = df[col(df, idcol).astype(str) != df["dimension"].astype(str)]
    score = {
        str(d): s
        for d, s in zip(summary_rows["dimension"], col(summary_rows, "score"), strict=True)
    }
    rows = []
    dims = list(dict.fromkeys(col(items, "dimension").astype(str)))
    for d in [*[x for x in dims if x != "ALL"], "ALL"]:
        sub = items if d == "ALL" else items[col(items, "dimension").astype(str) == d]
        ans = col(sub, "answer").astype(str)
        answered = sub[~col(sub, "answer").isna() & (ans != "") & (ans != "unanswered")]
        if d in score:
            s = score[d]
        else:
            w = pd.to_numeric(col(answered, "weight"), errors="coerce").fillna(1.0)
            v = pd.to_numeric(col(answered, "score"), errors="coerce")
            s = float((w * v).sum() / w.sum()) if len(answered) and w.sum() else None
        name = tr("col.all", ctx.lang) if d == "ALL" else dim_name(ctx, d)
        counts = "/".join(str(int((ans == k).sum())) for k in ("yes", "partial", "no"))
        rows.append([name, str(len(sub)), str(len(answered)), counts, fmt.percent(s, 0)])
    return rows


@section(
    "policy",
    "ch.policy",
    ("actions", "red_flags", "roles", "policy_quality", "actions_withheld", "plan_context"),
)
def policy(ctx: Context) -> list[Flowable]:
    """Action plan. Columns: actions (priority, action_id, industry_code, action_zh/en,
    chain_zh/en, source, category); red_flags (flag_id, question_zh/en, answer, triggered,
    text_zh/en, source); roles (role_id, dimension, answer, score, weight; summary rows have
    role_id = dimension); policy_quality (item_id, dimension, answer, score, weight; summary
    rows have item_id = dimension). Item-level answers are in the workbook."""
    out: list[Flowable] = [ctx.p(ctx.t("po.intro"))]
    out += _actions(ctx)
    out += _red_flags(ctx)
    out += _checks(ctx)
    out += _monitoring(ctx)
    return out


def _actions(ctx: Context) -> list[Flowable]:
    """The plan: the 5–10 priority county actions (action, clusters, lead / supporting units,
    time frame, indicator with baseline and target, why), the requests to higher levels, what
    was withheld and why, the background facts, and an annex of the other suggestions."""
    lang = ctx.lang
    out: list[Flowable] = []
    out.extend(ctx.heading(2, tr("po.sub.actions", lang)))
    ac = ctx.sheet("actions")
    if ac is None:
        return out + ctx.missing("actions")
    groups = grouped_actions(ctx, ac)
    has_plan = "in_plan" in ac.columns
    if has_plan:
        planned = set(ac.loc[ac["in_plan"].fillna(False).astype(bool), "action_id"].astype(str))
        plan = [g for g in groups if g["key"] in planned and g["level_id"] != "higher"]
        higher = [g for g in groups if g["level_id"] == "higher"]
        rest = [g for g in groups if g["key"] not in planned and g not in higher]
    else:
        plan, higher, rest = groups[:MAX_ACTIONS], [], groups[MAX_ACTIONS:]
    out += ctx.table(
        ctx.t("po.actions", n=len(plan)),
        [
            tr("col.no", lang),
            tr("col.action", lang),
            tr("col.clusters", lang),
            tr("col.lead_support", lang),
            tr("col.timeframe", lang),
            tr("col.indicator_baseline", lang),
            tr("col.why", lang),
        ],
        [_plan_row(ctx, i, a) for i, a in enumerate(plan, start=1)],
        [0.4, 2.9, 1.2, 1.6, 0.8, 1.9, 2.2],
        [True] + [False] * 6,
        source=ctx.t("source.kb", v=ctx.source_line()),
    )
    note = ctx.t("po.actions.note", n=len(ac), m=len(groups), k=len(plan))
    if not any(a["lead"] for a in plan):
        note += ctx.t("po.actions.nolead")
    out.append(ctx.p(note, "note"))
    if higher:
        out.append(ctx.p(ctx.t("po.higher", n=len(higher)), "body"))
        out += ctx.table(
            ctx.t("po.higher.table", n=len(higher)),
            [tr(k, lang) for k in ("col.no", "col.action", "col.lead_support", "col.why")],
            [
                [str(i), a["action"], _units(ctx, a), a["finding"] or fmt.MISSING]
                for i, a in enumerate(higher, start=1)
            ],
            [0.4, 4.4, 2.0, 3.0],
            [True, False, False, False],
        )
    out += _withheld(ctx)
    out += _context(ctx)
    if rest:
        out += ctx.table(
            ctx.t("po.annex", n=len(rest)),
            [tr(k, lang) for k in ("col.no", "col.action", "col.clusters", "col.lead_support")]
            + [tr("col.timeframe", lang)],
            [
                [
                    str(i),
                    a["action"],
                    industry_list(ctx, a["codes"], 6) if a["codes"] else tr("all.region", lang),
                    _units(ctx, a),
                    a["timeframe"] or fmt.MISSING,
                ]
                for i, a in enumerate(rest[:MAX_ANNEX], start=1)
            ],
            [0.4, 4.2, 1.8, 2.2, 1.0],
            [True, False, False, False, False],
            total=len(rest),
        )
    return out


def _units(ctx: Context, a: dict) -> str:
    if not a["lead"]:
        return fmt.MISSING
    return (
        a["lead"] + (f"（{a['support']}）" if a["support"] else "")
        if ctx.lang != "en"
        else (a["lead"] + (f" ({a['support']})" if a["support"] else ""))
    )


def _plan_row(ctx: Context, i: int, a: dict) -> list[str]:
    lang = ctx.lang
    ind = a["indicator"] or fmt.MISSING
    if a["baseline"]:
        ind += tr("po.baseline", lang, v=a["baseline"])
    if a["target"]:
        ind += tr("po.target", lang, v=a["target"])
    money = (tr("po.cost", lang, v=a["cost_band"]) if a["cost_band"] else "") + (
        tr("po.funding", lang, v=a["funding"]) if a.get("funding") else ""
    )
    return [
        str(i),
        a["action"] + (tr("po.money", lang, v=money.lstrip("；; ")) if money else ""),
        industry_list(ctx, a["codes"], 6) if a["codes"] else tr("all.region", lang),
        _units(ctx, a),
        a["timeframe"] or fmt.MISSING,
        ind,
        (_short_finding(a["finding"]) or fmt.MISSING)
        + (tr("po.basis", lang, v=a["source"]) if a["source"] else ""),
    ]


def _short_finding(text: str, keep: int = 1) -> str:
    """The first ``keep`` parts of a merged finding (the rest: the workbook), "…" when cut."""
    parts = [p for p in re.split(r"(?<=[；;])\s*", text or "") if p]
    return "".join(parts[:keep]).rstrip("；; ") + ("…" if len(parts) > keep else "")


def _withheld(ctx: Context) -> list[Flowable]:
    """The suggestions the plan's filters withheld, with the reason (red flag, stage,
    confidence, contradiction)."""
    w = ctx.sheet("actions_withheld")
    if w is None or not len(w):
        return []
    lang = ctx.lang
    rows = [
        [
            str(i),
            ctx.clean(ctx.pick(r, "action_zh", "action_en")),
            ctx.industry_name(r["industry_code"])
            if not fmt.is_missing(r.get("industry_code")) and str(r.get("industry_code"))
            else tr("all.region", lang),
            ctx.clean(ctx.pick(r, "reason_zh", "reason_en")),
        ]
        for i, (_, r) in enumerate(w.head(MAX_ANNEX).iterrows(), start=1)
    ]
    return ctx.table(
        ctx.t("po.withheld", n=len(w)),
        [tr(k, lang) for k in ("col.no", "col.action", "col.clusters", "col.reason")],
        rows,
        [0.4, 4.0, 1.6, 3.8],
        [True, False, False, False],
        total=len(w),
    )


def _context(ctx: Context) -> list[Flowable]:
    """Background facts (not actions): the transfer formula and the region's cost-sharing tier."""
    c = ctx.sheet("plan_context")
    if c is None or not len(c):
        return []
    keep = c[c["applies"].astype(str).isin(["True", "nan", "None", ""]) | c["applies"].isna()]
    if not len(keep):
        return []
    parts = [ctx.clean(ctx.pick(r, "text_zh", "text_en")).rstrip("。.") for _, r in keep.iterrows()]
    text = ("。".join(parts) + "。") if ctx.lang != "en" else (". ".join(parts) + ".")
    return [ctx.p(ctx.t("po.context", v=text), "note")]


def _red_flags(ctx: Context) -> list[Flowable]:
    """The triggered must-not red flags (question, answer, what it means, basis) and the
    number of the others."""
    lang = ctx.lang
    out: list[Flowable] = []
    out.extend(ctx.heading(2, tr("po.sub.redflags", lang)))
    rf = ctx.sheet("red_flags")
    if rf is None:
        return out + ctx.missing("red_flags")
    trig = rf[col(rf, "triggered").fillna(False).astype(bool)]
    if len(trig):
        rows = [
            [
                str(i),
                ctx.clean(ctx.pick(r, "question_zh", "question_en")) or fmt.MISSING,
                label(r.get("answer"), lang),
                ctx.clean(ctx.pick(r, "text_zh", "text_en")) or fmt.MISSING,
                ctx.src(r.get("source")) or fmt.MISSING,
            ]
            for i, (_, r) in enumerate(trig.iterrows(), start=1)
        ]
        out += ctx.table(
            ctx.t("po.redflags", n=len(rows)),
            [
                tr("col.no", lang),
                tr("col.question", lang),
                tr("col.answer", lang),
                tr("col.label", lang),
                tr("col.basis", lang),
            ],
            rows,
            [0.45, 3.6, 0.8, 3.2, 2.0],
            source=ctx.t("source.kb", v=ctx.source_line()),
        )
    out.append(ctx.p(ctx.t("po.redflags.rest", n=len(rf), t=len(trig)), "body"))
    return out


def monitoring_rows(ctx: Context) -> list[list[str]]:
    """Monitoring plan rows (action, indicator, baseline, target, review date): the action
    plan's own indicator, baseline and target where the engine gives them; else the selected
    clusters' employment LQ and the focal region's welfare index with their last values and
    a review one year after the report date (target: to be set by the lead department)."""
    lang = ctx.lang
    review = ctx.review_date()
    tbd = tr("mo.tbd", lang)
    ac = ctx.sheet("actions")
    rows: list[list[str]] = []
    if ac is not None:
        for a in grouped_actions(ctx, ac)[:MAX_ACTIONS]:
            if a["indicator"]:
                rows.append(
                    [
                        a["action"],
                        a["indicator"],
                        a["baseline"] or fmt.MISSING,
                        a["target"] or tbd,
                        a["timeframe"] or review,
                    ]
                )
    if rows:
        return rows
    lc = ctx.sheet("lifecycle")
    if lc is not None:
        f = ctx.focal_rows(lc)
        for _, r in f.head(styles.MAX_TABLE_ROWS).iterrows():
            name = ctx.industry_name(r["industry_code"])
            rows.append(
                [
                    tr("mo.cluster", lang, v=name, stage=label(r.get("stage"), lang)),
                    tr("mo.lq", lang),
                    fmt.number(r.get("lq_end"), 2)
                    + tr("mo.at", lang, y=fmt.text(r.get("end_year"))),
                    tbd,
                    review,
                ]
            )
    eq = ctx.sheet("equalization")
    if eq is not None and "indicator" in eq.columns:
        last = eq[eq["year"] == eq["year"].max()] if "year" in eq.columns else eq
        w = ctx.focal_rows(last)
        w = w[w["indicator"].astype(str) == "welfare_index"]
        if len(w):
            r = w.iloc[0]
            rows.append(
                [
                    tr("mo.welfare", lang),
                    label("welfare_index", lang),
                    fmt.number(r.get("value"), 1) + tr("mo.at", lang, y=fmt.text(r.get("year"))),
                    tbd,
                    review,
                ]
            )
    return rows


def _monitoring(ctx: Context) -> list[Flowable]:
    """The monitoring and evaluation plan (:func:`monitoring_rows`)."""
    lang = ctx.lang
    out: list[Flowable] = list(ctx.heading(2, tr("po.sub.monitoring", lang)))
    rows = monitoring_rows(ctx)
    if not rows:
        return out + [ctx.p(ctx.t("mo.none"))]
    out.append(ctx.p(ctx.t("mo.intro")))
    out += ctx.table(
        ctx.t("mo.table", n=len(rows)),
        [
            tr(k, lang)
            for k in ("col.measure", "col.indicator", "col.baseline", "col.target", "col.review")
        ],
        rows,
        [3.4, 1.8, 1.4, 1.6, 1.3],
        [False, False, True, False, False],
    )
    return out


def _checks(ctx: Context) -> list[Flowable]:
    """Summaries of the government-role and policy-quality checklists."""
    lang = ctx.lang
    out: list[Flowable] = []
    out.extend(ctx.heading(2, tr("po.sub.checks", lang)))
    for sheet, title, idcol in (
        ("roles", "po.roles", "role_id"),
        ("policy_quality", "po.quality", "item_id"),
    ):
        df = ctx.sheet(sheet)
        if df is None:
            out += ctx.missing(sheet)
            continue
        rows = _checklist_summary(ctx, df, idcol)
        out += ctx.table(
            ctx.t(title),
            [
                tr(k, lang)
                for k in ("col.dimension", "col.items", "col.answered", "col.ypn", "col.pct")
            ],
            rows,
            [4.6, 0.8, 0.9, 1.5, 0.9],
            [False, True, True, True, True],
            unit=tr("u.count_pct", lang),
            source=ctx.t("source.kb", v=ctx.source_line()),
        )
    out.append(ctx.p(ctx.t("po.full"), "note"))
    return out


# --- appendix --------------------------------------------------------------------------------
