"""Chapters 4 and 5, technology and brand upgrading: scores by dimension, radars, largest gaps."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pandas as pd
from reportlab.platypus import Flowable

from clusterpolicy.report import charts, styles
from clusterpolicy.report.chapters.common import (
    dim_name,
    pct_text,
    top_gaps,
)
from clusterpolicy.report.context import Context, col
from clusterpolicy.report.sections import section
from clusterpolicy.report.texts import tr
from clusterpolicy.text import formats as fmt
from clusterpolicy.text.labels import label


def _upgrading(ctx: Context, checklist: str) -> list[Flowable]:
    out: list[Flowable] = [ctx.p(ctx.t(f"up.intro.{checklist}"))]
    us = ctx.sheet("upgrading_summary")
    items = ctx.sheet("upgrading")
    us = ctx.focal_rows(us) if us is not None else None
    items = ctx.focal_rows(items) if items is not None else None
    if us is not None:
        us = us[col(us, "checklist").astype(str) == checklist]
    if items is not None:
        items = items[col(items, "checklist").astype(str) == checklist]
    if (us is None or not len(us)) and (items is None or not len(items)):
        return out + ctx.missing("upgrading_summary", "upgrading")
    out += _scores(ctx, us, checklist)
    out += _gaps(ctx, items, checklist)
    return out


#: radars in one figure (two rows of three fit beside a table at print size)
RADARS_PER_FIGURE = 6
#: above this many dimensions the score table turns: dimensions down, clusters across
WIDE_DIMS = 5


def _scores(ctx: Context, us: pd.DataFrame | None, checklist: str) -> list[Flowable]:
    """Scores by dimension (table and radars) of one checklist."""
    lang = ctx.lang
    out: list[Flowable] = []
    if us is not None and len(us):
        dims = [d for d in dict.fromkeys(col(us, "dimension").astype(str)) if d != "ALL"]
        codes = list(dict.fromkeys(us["industry_code"].astype(str)))
        pivot = {
            (str(c), str(d)): v
            for c, d, v in zip(us["industry_code"], us["dimension"], col(us, "pct"), strict=True)
        }
        # the upgrading type reached is the cluster's (both checklists); beside a checklist
        # that could not be scored it reads "insufficient information", never a type
        types = {
            str(c): (
                t if not fmt.is_missing(pivot.get((str(c), "ALL"))) else "insufficient_information"
            )
            for c, t in zip(us["industry_code"], col(us, "upgrading_type"), strict=True)
        }
        out.extend(ctx.heading(2, tr("up.sub.scores", lang)))
        shown = codes[: styles.MAX_TABLE_ROWS]
        if len(dims) <= WIDE_DIMS:
            rows = [
                [ctx.industry_name(c)]
                + [pct_text(pivot.get((c, d)), 0, lang) for d in dims]
                + [pct_text(pivot.get((c, "ALL")), 1, lang), label(types.get(c), lang)]
                for c in shown
            ]
            out += ctx.table(
                ctx.t("up.summary", cl=label(checklist, lang)),
                [tr("col.industry", lang)]
                + [dim_name(ctx, d) for d in dims]
                + [tr("col.overall", lang), tr("col.type", lang)],
                rows,
                [4.2] + [0.9] * len(dims) + [1.0, 1.1],
                [False] + [True] * (len(dims) + 1) + [False],
                unit=tr("u.pct", lang),
                total=len(codes),
            )
        else:  # many dimensions: one row per dimension, one column per cluster (by code)
            rows = [
                [dim_name(ctx, d)] + [pct_text(pivot.get((c, d)), 0, lang) for c in shown]
                for d in dims
            ]
            rows.append(
                [tr("col.overall", lang)]
                + [pct_text(pivot.get((c, "ALL")), 1, lang) for c in shown]
            )
            rows.append([tr("col.type", lang)] + [label(types.get(c), lang) for c in shown])
            out += ctx.table(
                ctx.t("up.summary", cl=label(checklist, lang)),
                [tr("col.dimension", lang)] + [str(c) for c in shown],
                rows,
                [2.6] + [1.0] * len(shown),
                [False] + [True] * len(shown),
                unit=tr("u.pct", lang),
            )
            sep = "；" if lang != "en" else "; "
            legend = sep.join(f"{c} {ctx.industry_name(c)}" for c in shown)
            out.append(ctx.p(ctx.t("up.codes") + escape(legend), "note"))
        out.append(ctx.p(ctx.t("up.missing_dims"), "note"))
        # a radar only for clusters with enough answered dimensions (others would be a dot)
        need = max(3, (len(dims) + 1) // 2)
        all_panels = [
            (
                ctx.industry_name(c),
                [pd.to_numeric(pivot.get((c, d)), errors="coerce") for d in dims],
            )
            for c in codes[:9]
        ]
        panels = [p for p in all_panels if sum(pd.notna(v) for v in p[1]) >= need]
        names = [dim_name(ctx, d) for d in dims]
        pool = [[float(v) for v in p[1]] for p in panels]
        for i in range(0, len(panels) if dims else 0, RADARS_PER_FIGURE):
            part = panels[i : i + RADARS_PER_FIGURE]
            png = charts.radar_grid(names, part, lang, median_of=pool)
            caption = ctx.t("up.radar", cl=label(checklist, lang), n=len(panels))
            out.append(ctx.chart(png, caption, width_mm=150))
        if len(panels) < len(all_panels):
            out.append(
                ctx.p(ctx.t("up.radar.few", n=len(all_panels) - len(panels), k=need), "note")
            )
    return out


def _gaps(ctx: Context, items: pd.DataFrame | None, checklist: str) -> list[Flowable]:
    """The checklist items with the largest gaps."""
    lang = ctx.lang
    out: list[Flowable] = []
    gaps = top_gaps(ctx, items, 10) if items is not None else []
    if gaps:
        out.extend(ctx.heading(2, tr("up.sub.gaps", lang)))
        rows = [
            [
                g["text"],
                g["dim"],
                g["where"],
                fmt.number(g["score"], 2),
                fmt.number(g["weight"], 1),
                fmt.number(g["gap"], 2),
            ]
            for g in gaps
        ]
        out += ctx.table(
            ctx.t("up.gaps", cl=label(checklist, lang)),
            [
                tr(k, lang)
                for k in (
                    "col.item",
                    "col.dimension",
                    "col.clusters",
                    "col.score_item",
                    "col.weight",
                    "col.gap",
                )
            ],
            rows,
            [4.2, 1.6, 2.4, 0.7, 0.7, 0.7],
            [False, False, False, True, True, True],
            unit=tr("u.points", lang),
            source=ctx.t("source.kb", v=ctx.source_line()),
        )
        out.append(ctx.p(ctx.t("up.full"), "note"))
    return out


@section("technology", "ch.technology", ("upgrading_summary", "upgrading"))
def technology(ctx: Context) -> list[Flowable]:
    """Technology checklist. Columns: upgrading_summary (region_code, industry_code, checklist =
    technology, dimension (ALL = overall), pct (in %), upgrading_type); upgrading (region_code,
    industry_code, checklist, dimension, item_id, text_zh/en, score, weight, gap). Dimension
    names from meta["dimension_labels"][id] = (zh, en), else the id."""
    return _upgrading(ctx, "technology")


@section("brand", "ch.brand", ("upgrading_summary", "upgrading"))
def brand(ctx: Context) -> list[Flowable]:
    """Brand checklist: the same columns as :func:`technology` with checklist = brand."""
    return _upgrading(ctx, "brand")
