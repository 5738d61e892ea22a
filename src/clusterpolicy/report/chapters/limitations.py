"""Chapter 8, limitations and data quality: what the data cover, where the series break, which
percentiles rest on few regions, which items were not answered, which defaults are in force,
and what a published map would need. Plain sentences; the details are in the workbook."""

from __future__ import annotations

import pandas as pd
from reportlab.platypus import Flowable

from clusterpolicy.report import plain
from clusterpolicy.report.chapters.common import dim_name
from clusterpolicy.report.chapters.maps import boundary_rings
from clusterpolicy.report.context import Context, col
from clusterpolicy.report.digest import group_warnings
from clusterpolicy.report.flowables import para
from clusterpolicy.report.sections import section
from clusterpolicy.report.texts import tr
from clusterpolicy.text import formats as fmt

#: fewer regions than this make a percentile coarse (each region moves it by > 3 points)
SMALL_N = 30


def _coverage(ctx: Context) -> list[str]:
    lang = ctx.lang
    out = []
    lq = ctx.sheet("lq")
    if lq is not None and {"region_code", "industry_code", "year"} <= set(lq.columns):
        years = sorted(pd.to_numeric(lq["year"], errors="coerce").dropna().astype(int).unique())
        out.append(
            ctx.t(
                "li.coverage",
                r=lq["region_code"].nunique(),
                i=lq["industry_code"].nunique(),
                a=years[0] if years else "—",
                b=years[-1] if years else "—",
                n=len(years),
            )
        )
        if years and len(years) != years[-1] - years[0] + 1:
            gaps = sorted(set(range(years[0], years[-1] + 1)) - set(years))
            out.append(ctx.t("li.gaps", v=("、" if lang != "en" else ", ").join(map(str, gaps))))
        n = lq["region_code"].nunique()
        if n < SMALL_N:
            out.append(ctx.t("li.small_n", n=n, step=fmt.number(100 / max(n - 1, 1), 0, lang)))
    return out


def _breaks(ctx: Context) -> list[str]:
    warnings = ctx.meta.get("warnings") or []
    if isinstance(warnings, str):
        warnings = [warnings]
    if not warnings:
        return [ctx.t("li.nowarnings")]
    groups = group_warnings(warnings)
    return [ctx.t("li.warnings", n=len(warnings), k=len(groups))]


def _unanswered(ctx: Context) -> list[str]:
    lang = ctx.lang
    out = []
    for sheet, key in (
        ("upgrading", "li.unanswered.up"),
        ("roles", "li.unanswered.roles"),
        ("policy_quality", "li.unanswered.quality"),
    ):
        df = ctx.sheet(sheet)
        if df is None or "answer" not in df.columns:
            continue
        if "mode" in df.columns:  # data items are computed, not answered
            df = df[df["mode"].astype(str) != "data"]
        if "dimension" in df.columns:  # the engine's summary rows (id = dimension) are no items
            for idcol in ("role_id", "item_id"):
                if idcol in df.columns:
                    df = df[df[idcol].astype(str) != df["dimension"].astype(str)]
        df = ctx.focal_rows(df)
        ans = df["answer"].astype(str)
        open_ = df[df["answer"].isna() | ans.isin(["", "unanswered", "None", "nan"])]
        if len(df) and not len(open_):
            out.append(
                ctx.t(
                    "li.answered.all", what=tr(key.replace("unanswered", "what"), lang), m=len(df)
                )
            )
        elif len(df):
            dims = list(dict.fromkeys(col(open_, "dimension").astype(str)))[:3]
            out.append(
                ctx.t(
                    key,
                    n=len(open_),
                    m=len(df),
                    v=("、" if lang != "en" else ", ").join(dim_name(ctx, d) for d in dims)
                    or fmt.MISSING,
                )
            )
    return out


def _map_line(ctx: Context) -> str:
    if boundary_rings(ctx) is None:
        return ctx.t("li.map")
    return ctx.t("li.map.given", s=str(ctx.meta.get("map_source") or ""))


def _defaults(ctx: Context) -> list[str]:
    pr = ctx.sheet("profile")
    if pr is None:
        return []
    src = col(pr, "source")
    default = src.map(plain.is_default)
    over = col(pr, "overridden").fillna(False).astype(bool)
    out = [ctx.t("li.defaults", n=len(pr), d=int((default & ~over).sum()), o=int(over.sum()))]
    labels = col(pr, "label_zh").astype(str)
    if labels.str.contains("示例").any():
        out.append(ctx.t("li.example"))
    return out


@section("limitations", "ch.limitations", ())
def limitations(ctx: Context) -> list[Flowable]:
    """Limitations and data quality. Sheets read (each optional): lq (coverage), upgrading,
    roles, policy_quality (answers; ``mode`` = data items are skipped), profile (source,
    overridden); meta: warnings, boundaries."""
    lang = ctx.lang
    out: list[Flowable] = [ctx.p(ctx.t("li.intro"))]
    parts = [
        ("li.sub.coverage", _coverage(ctx) + _breaks(ctx)),
        ("li.sub.answers", _unanswered(ctx)),
        ("li.sub.defaults", _defaults(ctx)),
        ("li.sub.method", [ctx.t("li.method"), _map_line(ctx)]),
    ]
    for key, lines in parts:
        if not lines:
            continue
        out.extend(ctx.heading(2, tr(key, lang)))
        out += [para(x, "bullet", lang, bulletText="•") for x in lines]
    return out
