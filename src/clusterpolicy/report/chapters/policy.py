"""Chapter 7, the policy action plan: priority actions, must-not red flags, government roles and
policy quality."""

from __future__ import annotations

import pandas as pd
from reportlab.platypus import Flowable

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


@section("policy", "ch.policy", ("actions", "red_flags", "roles", "policy_quality"))
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
    return out


def _actions(ctx: Context) -> list[Flowable]:
    """The merged priority actions."""
    lang = ctx.lang
    out: list[Flowable] = []
    out.extend(ctx.heading(2, tr("po.sub.actions", lang)))
    ac = ctx.sheet("actions")
    if ac is None:
        out += ctx.missing("actions")
    else:
        groups = grouped_actions(ctx, ac)
        rows = [
            [
                str(i),
                a["action"],
                industry_list(ctx, a["codes"], 3) if a["codes"] else tr("all.region", lang),
                a["chain"],
                label(a["category"], lang),
            ]
            for i, a in enumerate(groups[:MAX_ACTIONS], start=1)
        ]
        out += ctx.table(
            ctx.t("po.actions"),
            [
                tr(k, lang)
                for k in ("col.no", "col.action", "col.clusters", "col.chain", "col.category")
            ],
            rows,
            [0.5, 3.0, 1.7, 5.0, 0.9],
            [True] + [False] * 4,
            source=ctx.t("source.kb", v=ctx.source_line()),
        )
        out.append(
            ctx.p(
                ctx.t("po.actions.note", n=len(ac), m=len(groups), k=min(MAX_ACTIONS, len(groups))),
                "note",
            )
        )
    return out


def _red_flags(ctx: Context) -> list[Flowable]:
    """The triggered must-not red flags and the list of the others."""
    lang = ctx.lang
    out: list[Flowable] = []
    out.extend(ctx.heading(2, tr("po.sub.redflags", lang)))
    rf = ctx.sheet("red_flags")
    if rf is None:
        out += ctx.missing("red_flags")
    else:
        trig = rf[col(rf, "triggered").fillna(False).astype(bool)]
        if len(trig):
            rows = [
                [
                    r.get("flag_id"),
                    ctx.pick(r, "question_zh", "question_en"),
                    label(r.get("answer"), lang),
                    ctx.pick(r, "text_zh", "text_en"),
                    r.get("source"),
                ]
                for _, r in trig.iterrows()
            ]
            out += ctx.table(
                ctx.t("po.redflags"),
                [
                    "ID",
                    tr("col.question", lang),
                    tr("col.answer", lang),
                    tr("col.label", lang),
                    tr("col.source", lang),
                ],
                rows,
                [0.5, 3.6, 0.7, 3.2, 1.6],
                source=ctx.t("source.kb", v=ctx.source_line()),
            )
        out.append(
            ctx.p(
                ctx.t(
                    "po.redflags.rest",
                    n=len(rf),
                    t=len(trig),
                    ids=("、" if lang != "en" else ", ").join(
                        fmt.text(x) for x in rf.loc[~rf.index.isin(trig.index), "flag_id"]
                    )
                    if "flag_id" in rf.columns
                    else "",
                ),
                "body",
            )
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
