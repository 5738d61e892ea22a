"""Chapter 6, welfare equalization: indicators and gaps, dispersion, the agglomeration–welfare
threshold, scenarios and transfers."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pandas as pd
from reportlab.platypus import Flowable

from clusterpolicy.report import charts, styles
from clusterpolicy.report.chapters.common import (
    n_ranked,
    pct_text,
    scenario_label,
    scenario_name,
    value_text,
    wan,
)
from clusterpolicy.report.chapters.maps import welfare_map_section
from clusterpolicy.report.context import Context, col
from clusterpolicy.report.sections import section
from clusterpolicy.report.texts import tr
from clusterpolicy.text import formats as fmt
from clusterpolicy.text.labels import group_name, label

_DISPERSION = ("gini", "williamson", "theil_t")
_RULES = ("gap", "per_capita", "formula")


def _index_series(iq: pd.DataFrame, indicator: str, index: str) -> pd.DataFrame:
    """One index of one indicator by year, population-weighted when available."""
    g = iq[(iq["indicator"].astype(str) == indicator) & (iq["index"].astype(str) == index)]
    if "weighting" in g.columns and (g["weighting"].astype(str) == "population").any():
        g = g[g["weighting"].astype(str) == "population"]
    if "between" in g.columns and g["between"].notna().any():
        g = g[g["between"].notna()]
    return g.sort_values("year", kind="stable").drop_duplicates("year")


@section(
    "equalization",
    "ch.equalization",
    ("equalization", "inequality", "agglomeration_threshold", "scenario", "transfers"),
)
def equalization(ctx: Context) -> list[Flowable]:
    """Welfare equalization. Columns: equalization (region_code, year, indicator, value, rank,
    gap_to_reference, gap_pct (in %), group, region_name, reference_value); inequality
    (indicator, year, weighting, index, value, between, within); agglomeration_threshold
    (region_code, industry_code, lq, band_low, band_high, zone, reading_zh/en); scenario
    (scenario, region_code, indicator, of_indicator, before, after, change); transfers
    (region_code, standard_expenditure, standard_revenue, gap, coefficient, transfer)."""
    lang = ctx.lang
    out: list[Flowable] = [ctx.p(ctx.t("eq.intro", region=ctx.region_name))]
    unit_eq = (
        "元（人均值）；%（占比）；指数为无量纲"
        if lang != "en"
        else "yuan (per capita); % (shares); indices dimensionless"
    )
    out += _indicators(ctx, unit_eq)
    out += _dispersion(ctx)
    out += _threshold(ctx)
    out += _scenarios(ctx, unit_eq)
    out += _transfers(ctx)
    return out


def _indicators(ctx: Context, unit_eq: str) -> list[Flowable]:
    """The focal region's welfare indicators against the reference, and the ranking of the head indicator."""
    lang = ctx.lang
    out: list[Flowable] = []
    out.extend(ctx.heading(2, tr("eq.sub.indicators", lang)))
    eq = ctx.sheet("equalization")
    if eq is None:
        out += ctx.missing("equalization")
    else:
        last = eq[eq["year"] == eq["year"].max()] if "year" in eq.columns else eq
        year = last["year"].max() if "year" in last.columns and len(last) else ""
        f = ctx.focal_rows(last)
        rows = [
            [
                label(r.get("indicator"), lang),
                value_text(r.get("indicator"), r.get("value"), lang),
                value_text(r.get("indicator"), r.get("reference_value"), lang),
                value_text(r.get("indicator"), r.get("gap_to_reference"), lang),
                pct_text(r.get("gap_pct"), 1, lang),
                # over the regions ranked on this indicator (a total row has no rank)
                f"{fmt.integer(r.get('rank'))}/{n_ranked(last, r.get('indicator'))}"
                if n_ranked(last, r.get("indicator"))
                else fmt.integer(r.get("rank")),
            ]
            for _, r in f.head(styles.MAX_TABLE_ROWS).iterrows()
        ]
        out += ctx.table(
            ctx.t("eq.table", year=year, region=ctx.region_name),
            [
                tr(k, lang)
                for k in (
                    "col.indicator",
                    "col.value",
                    "col.reference",
                    "col.gap",
                    "col.gap_pct",
                    "col.rank",
                )
            ],
            rows,
            [3, 1.3, 1.3, 1.3, 1, 0.9],
            [False, True, True, True, True, True],
            unit=unit_eq,
        )
        inds = list(dict.fromkeys(last["indicator"].astype(str)))
        head_ind = "welfare_index" if "welfare_index" in inds else (inds[0] if inds else None)
        if head_ind is not None:
            g = last[last["indicator"].astype(str) == head_ind]
            if "rank" in g.columns:  # the ranked regions only: a total row has no rank
                g = g[pd.to_numeric(g["rank"], errors="coerce").notna()]
                g = g.sort_values("rank", kind="stable")
            n_top = 10
            top = g.head(n_top)
            foc = ctx.focal_rows(g)
            sel = pd.concat([top, foc[~foc.index.isin(top.index)]])
            rows = [
                [
                    fmt.integer(r.get("rank")),
                    ("▶ " if str(r.get("region_code")) == ctx.focal else "")
                    + ctx.region_label(r.get("region_code")),
                    group_name(r.get("group"), lang),
                    value_text(head_ind, r.get("value"), lang),
                    pct_text(r.get("gap_pct"), 1, lang),
                ]
                for _, r in sel.iterrows()
            ]
            out += ctx.table(
                escape(label(head_ind, lang))
                + (
                    (f"（全部{len(g)}个地区）" if lang != "en" else f" (all {len(g)} regions)")
                    if len(g) <= n_top
                    else (
                        f"（前{n_top}位及本地区）"
                        if lang != "en"
                        else f" (top {n_top} and the region)"
                    )
                ),
                [
                    tr(k, lang)
                    for k in ("col.rank", "col.region", "col.group", "col.value", "col.gap_pct")
                ],
                rows,
                [0.8, 2.5, 1, 1.3, 1.1],
                [True, False, False, True, True],
                unit=unit_eq,
                total=len(g),
            )
            out += welfare_map_section(ctx)
    return out


def _dispersion(ctx: Context) -> list[Flowable]:
    """Dispersion indices by indicator and the between/within chart of the Theil index."""
    lang = ctx.lang
    out: list[Flowable] = []
    out.extend(ctx.heading(2, tr("eq.sub.dispersion", lang)))
    iq = ctx.sheet("inequality")
    if iq is None or not {"indicator", "index", "year", "value"} <= set(iq.columns):
        out += ctx.missing("inequality")
    else:
        rows = []
        for ind in dict.fromkeys(iq["indicator"].astype(str)):
            row = [label(ind, lang)]
            series = {ix: _index_series(iq, ind, ix) for ix in _DISPERSION}
            if all(len(s) == 0 for s in series.values()):
                continue
            gi = series["gini"]
            row += [
                fmt.number(gi["value"].iloc[0], 3) if len(gi) else fmt.MISSING,
                fmt.number(gi["value"].iloc[-1], 3) if len(gi) else fmt.MISSING,
            ]
            for ix in ("williamson", "theil_t"):
                s = series[ix]
                row.append(fmt.number(s["value"].iloc[-1], 3) if len(s) else fmt.MISSING)
            th = series["theil_t"]
            share = fmt.MISSING
            if len(th) and "between" in th.columns and not fmt.is_missing(th["between"].iloc[-1]):
                total = float(th["value"].iloc[-1])
                share = (
                    fmt.percent(float(th["between"].iloc[-1]) / total, 0) if total else fmt.MISSING
                )
            rows.append(row + [share])
        years = sorted(iq["year"].dropna().unique())
        a, b = (int(years[0]), int(years[-1])) if years else ("", "")
        out += ctx.table(
            ctx.t("eq.disp.table", a=a, b=b),
            [
                tr("col.indicator", lang),
                ctx.t("col.gini_at", y=a),
                ctx.t("col.gini_at", y=b),
                ctx.t("col.williamson_at", y=b),
                ctx.t("col.theil_at", y=b),
                tr("col.between_share", lang),
            ],
            rows[: styles.MAX_TABLE_ROWS],
            [2.8, 1.1, 1.1, 1.2, 1.1, 1.1],
            [False] + [True] * 5,
            unit=tr("u.index", lang),
            total=len(rows),
        )
        head = (
            next(
                (
                    ind
                    for ind in ("welfare_index", *dict.fromkeys(iq["indicator"].astype(str)))
                    if len(
                        _index_series(iq, ind, "theil_t").dropna(
                            subset=[c for c in ("between", "within") if c in iq.columns]
                        )
                    )
                ),
                None,
            )
            if {"between", "within"} <= set(iq.columns)
            else None
        )
        if head is not None:
            d = _index_series(iq, head, "theil_t").dropna(subset=["between", "within"])
            png = charts.dispersion_chart(
                [int(y) for y in d["year"]], d["between"].tolist(), d["within"].tolist(), lang
            )
            out.append(
                ctx.chart(
                    png,
                    ctx.t("eq.disp", index=label("theil_t", lang) + " · " + label(head, lang)),
                    width_mm=140,
                )
            )
    return out


def _threshold(ctx: Context) -> list[Flowable]:
    """The agglomeration–welfare threshold zone of each local industry."""
    lang = ctx.lang
    out: list[Flowable] = []
    out.extend(ctx.heading(2, tr("eq.sub.threshold", lang)))
    th = ctx.sheet("agglomeration_threshold")
    if th is None:
        out += ctx.missing("agglomeration_threshold")
    else:
        f = ctx.focal_rows(th)
        if "year" in f.columns and len(f):
            f = f[f["year"] == f["year"].max()]
        rows = [
            [
                ctx.industry_name(r["industry_code"]),
                fmt.number(r.get("lq"), 2),
                f"{fmt.number(r.get('band_low'), 2)}—{fmt.number(r.get('band_high'), 2)}",
                label(r.get("zone"), lang),
                ctx.clean(ctx.pick(r, "reading_zh", "reading_en")) or fmt.MISSING,
            ]
            for _, r in f.head(styles.MAX_TABLE_ROWS).iterrows()
        ]
        out += ctx.table(
            ctx.t("eq.threshold"),
            [
                tr(k, lang)
                for k in ("col.industry", "col.lq_emp", "col.band", "col.zone", "col.reading")
            ],
            rows,
            [2.6, 0.8, 1.1, 1.8, 4.5],
            [False, True, True, False, False],
            unit=tr("u.index", lang),
            total=len(f),
        )
    return out


def _scenarios(ctx: Context, unit_eq: str) -> list[Flowable]:
    """One chart and one table per scenario (all regions and the focal region)."""
    lang = ctx.lang
    out: list[Flowable] = []
    out.extend(ctx.heading(2, tr("eq.sub.scenario", lang)))
    sc = ctx.sheet("scenario")
    if sc is None:
        out += ctx.missing("scenario")
    else:
        for name, g in sc.groupby("scenario", sort=False):
            allrows = g[g["region_code"].astype(str) == "ALL"]
            title = ctx.t("eq.scenario", v=scenario_name(name, lang))
            if len(allrows):
                of = col(allrows, "of_indicator").astype(str)
                main = "welfare_index" if (of == "welfare_index").any() else of.iloc[0]
                ch = allrows[of == main]
                png = charts.before_after_chart(
                    [label(i, lang) for i in ch["indicator"]],
                    ch["before"].tolist(),
                    ch["after"].tolist(),
                    lang,
                )
                out.append(
                    ctx.chart(
                        png,
                        title
                        + escape(
                            f"（{label(main, lang)}）"
                            if lang != "en"
                            else f" ({label(main, lang)})"
                        ),
                        width_mm=130,
                    )
                )
            out += _assumptions(ctx, name)
            sel = pd.concat([allrows, ctx.focal_rows(g[g["region_code"].astype(str) != "ALL"])])
            rows = [
                [
                    ctx.region_label(r.get("region_code")),
                    scenario_label(r, lang),
                    _scenario_value(r, "before", lang),
                    _scenario_value(r, "after", lang),
                    _scenario_value(r, "change", lang),
                ]
                for _, r in sel.iterrows()
            ]
            out += ctx.table(
                title,
                [
                    tr(k, lang)
                    for k in (
                        "col.region",
                        "col.indicator",
                        "col.before",
                        "col.after",
                        "col.change",
                    )
                ],
                rows[: styles.MAX_TABLE_ROWS],
                [1.6, 3.2, 1.2, 1.2, 1.2],
                [False, False, True, True, True],
                unit=unit_eq,
                total=len(rows),
            )
    return out


def _transfers(ctx: Context) -> list[Flowable]:
    """Equalization transfers of the focal region and the ten largest."""
    lang = ctx.lang
    out: list[Flowable] = []
    tf = ctx.sheet("transfers")
    if tf is None:
        out += ctx.missing("transfers")
    else:
        g = (
            tf.sort_values("transfer", ascending=False, kind="stable")
            if "transfer" in tf.columns
            else tf
        )
        top = g.head(10)
        foc = ctx.focal_rows(g)
        sel = pd.concat([foc, top[~top.index.isin(foc.index)]])
        rows = [
            [
                ("▶ " if str(r.get("region_code")) == ctx.focal else "")
                + ctx.region_label(r.get("region_code")),
                fmt.number(wan(r.get("standard_expenditure")), 0, lang),
                fmt.number(wan(r.get("standard_revenue")), 0, lang),
                fmt.number(wan(r.get("gap")), 0, lang),
                fmt.number(r.get("coefficient"), 2),
                fmt.number(wan(r.get("transfer")), 0, lang),
                fmt.number(r.get("transfer_pc"), 0, lang),
            ]
            for _, r in sel.iterrows()
        ]
        out += ctx.table(
            ctx.t("eq.transfers"),
            [
                tr(k, lang)
                for k in (
                    "col.region",
                    "col.std_exp",
                    "col.std_rev",
                    "col.fgap",
                    "col.coef",
                    "col.transfer",
                    "col.transfer_pc",
                )
            ],
            rows,
            [1.5, 1.3, 1.3, 1.3, 0.7, 1.3, 1.2],
            [False] + [True] * 6,
            unit=tr("u.wanyuan", lang),
            total=len(g),
        )
        if len(tf) and "sr_basis" in tf.columns:
            r0 = tf.iloc[0]
            gdp = str(r0.get("sr_basis")) == "gdp_x_rate"
            base = ctx.t(
                "eq.base.gdp" if gdp else "eq.base.actual",
                r=fmt.percent(r0.get("standard_rate"), 2, lang)
                if gdp
                else fmt.number(r0.get("standard_rate"), 2, lang),
            )
            out.append(
                ctx.p(
                    ctx.t(
                        "eq.transfers.rule",
                        base=base,
                        coef=fmt.number(r0.get("coefficient"), 2, lang),
                        pool=fmt.number(wan(r0.get("pool")), 0, lang),
                        n=len(tf),
                        k=int((pd.to_numeric(tf["transfer"], errors="coerce") > 0).sum()),
                    ),
                    "note",
                )
            )
    return out


def _assumptions(ctx: Context, name: object) -> list[Flowable]:
    """What the run's scenario assumed (``meta["scenario"]``, the chosen scenario of the run):
    pool, rule and target, then the horizon and growth rates or "static"."""
    sc = ctx.meta.get("scenario")
    if not isinstance(sc, dict) or str(sc.get("name")) != str(name):
        return []
    lang = ctx.lang
    year = sc.get("year", "")
    rule = str(sc.get("allocation", "formula"))
    if sc.get("kind") == "growth":
        items = "、" if lang != "en" else ", "
        growth = sc.get("growth") or {}
        text = items.join(
            f"{group_name(k, lang)} {fmt.growth(float(v) / 100, 1, lang)}"
            for k, v in growth.items()
        )
        return [ctx.p(ctx.t("eq.sc.growth", items=text, year=year), "note")]
    out = [
        ctx.p(
            ctx.t(
                "eq.sc.assume",
                pool=fmt.money(sc.get("transfer_pool_yuan"), lang),
                rule=tr("eq.sc.rule." + rule, lang) if rule in _RULES else fmt.text(rule),
                target=label(sc.get("target_indicator"), lang),
            )
            + " "
            + (
                ctx.t(
                    "eq.sc.horizon",
                    h=fmt.integer(sc.get("horizon_years"), lang),
                    a=year,
                    b=sc.get("horizon_year", ""),
                    gp=fmt.growth(float(sc.get("pool_growth_pct") or 0) / 100, 1, lang),
                    gy=fmt.growth(float(sc.get("target_growth_pct") or 0) / 100, 1, lang),
                    gn=fmt.growth(float(sc.get("population_growth_pct") or 0) / 100, 1, lang),
                )
                if sc.get("horizon_years")
                else ctx.t("eq.sc.static", year=year)
            ),
            "note",
        )
    ]
    return out


def _scenario_value(row: pd.Series, key: str, lang: str) -> str:
    ind = str(row.get("indicator"))
    if ind.endswith("_yuan") or ind == "transfer":
        return fmt.number(wan(row.get(key)), 0, lang) + ("万元" if lang != "en" else "×10⁴")
    if ind in ("gini", "williamson", "theil_t", "theil_l", "cv"):
        return fmt.number(row.get(key), 4, lang)
    return value_text(ind, row.get(key), lang)
