"""The report's charts for the desktop app's step pages, drawn by the same code as the report.

:func:`step_charts` gives, for one step, a list of :class:`StepChart` (caption, PNG bytes, and
for the bubble chart the bubbles' places in the image, to hover and click): the LQ × growth
bubble chart (identification), the life-cycle series with their stages (life cycle), the
upgrading radars, the scenario before/after and the Theil decomposition (equalization), the
fitted welfare relation (welfare effects). One chart is drawn at a time (matplotlib's settings
are process-wide, so two threads drawing at once would swap each other's font). Each uses :mod:`clusterpolicy.report.charts` and the
report chapters' own data helpers, so the app and the PDF never disagree. Slow (matplotlib):
call it off the UI thread.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import pandas as pd

from clusterpolicy.app.outputs import charts_data
from clusterpolicy.progress import ProgressCallback

#: matplotlib's rcParams (the CJK font among them) are process-wide: one chart at a time
_LOCK = threading.Lock()

STEPS_WITH_CHARTS = ("identification", "lifecycle", "upgrading", "equalization", "effects")

_CAPTIONS = {
    "bubble": ("候选集群：区位熵 × 就业增长（气泡 = 从业人员）", "Candidates: LQ × employment growth (bubble = employment)"),
    "lifecycle": ("各集群区位熵走势与生命周期阶段", "LQ paths and life-cycle stages"),
    "radar": ("升级清单各维度得分率", "Upgrading checklist scores by dimension"),
    "before_after": ("情景模拟：调整前后", "What-if scenario: before and after"),
    "horizon": ("（{a}年→{b}年）", " ({a} → {b})"),
    "dispersion": ("泰尔指数分解：组间与组内", "Theil decomposition: between and within groups"),
    "fit": ("集聚与福利的拟合关系：{v}", "Agglomeration and welfare, fitted: {v}"),
}  # fmt: skip


@dataclass(frozen=True)
class Spot:
    """A place in a chart's PNG (pixels, origin top left) that stands for one industry."""

    code: str
    x: float
    y: float
    radius: float
    text: str  # what hovering shows: the industry, its LQ, growth and size


@dataclass(frozen=True)
class StepChart:
    caption: str
    png: bytes
    spots: tuple[Spot, ...] = field(default=())


def _caption(key: str, lang: str, **v) -> str:
    zh, en = _CAPTIONS[key]
    return (en if lang == "en" else zh).format(**v)


def _context(result, lang: str):
    from clusterpolicy.report.context import Context

    meta = dict(result.meta or {})
    return Context(
        tables=dict(result.tables), meta=meta, lang=lang, charts_data=charts_data(result)
    )


def _bubble(ctx) -> list[tuple[str, bytes]]:
    from clusterpolicy.report import charts
    from clusterpolicy.report.chapters.identification import growth_window
    from clusterpolicy.text import formats

    f = ctx.sheet("clusters")
    if f is None or not {"lq_employment", "emp_cagr"} <= set(f.columns):
        return []
    sel = f[f["selected"].astype(bool)] if "selected" in f.columns else f
    pts = (sel if len(sel) else f).head(12)
    window, _end = growth_window(ctx, f)
    codes = [str(c) for c in pts["industry_code"]]
    lq = pd.to_numeric(pts["lq_employment"], errors="coerce").tolist()
    growth = (pd.to_numeric(pts["emp_cagr"], errors="coerce") * 100).tolist()
    size = pd.to_numeric(pts.get("employment", 0), errors="coerce").fillna(0).tolist()
    png, places = charts.bubble_chart(
        codes,
        lq,
        growth,
        size,
        ctx.lang,
        window=window,
        size_label=lambda v: formats.persons(v, ctx.lang, 1),
        hotspots=True,
    )
    facts = {c: (x, g, n) for c, x, g, n in zip(codes, lq, growth, size, strict=True)}
    spots = tuple(
        Spot(code, x, y, r, _bubble_text(ctx, code, *facts[code], window))
        for code, x, y, r in places
    )
    return [StepChart(_caption("bubble", ctx.lang), png, spots)]


def _bubble_text(ctx, code: str, lq: float, growth_pct: float, size: float, window: str) -> str:
    from clusterpolicy.text import formats

    zh = ctx.lang != "en"
    lines = [
        f"{code} {ctx.industry_name(code)}",
        ("区位熵 " if zh else "LQ ") + formats.number(lq, 3),
        ("就业年均增长 " if zh else "Employment growth a year ")
        + formats.percent(growth_pct / 100, 1)
        + (f"（{window}）" if zh and window else f" ({window})" if window else ""),
        ("从业人员 " if zh else "Employment ") + formats.persons(size, ctx.lang, 1),
        "单击查看该集群" if zh else "Click to see this cluster",
    ]
    return "\n".join(lines)


def _lifecycle(ctx) -> list[tuple[str, bytes]]:
    from clusterpolicy.report.chapters.lifecycle import _lifecycle_grids

    lc = ctx.sheet("lifecycle")
    if lc is None:
        return []
    return [(_caption("lifecycle", ctx.lang), png) for png in (_lifecycle_grids(ctx, lc) or [])]


def _radar(ctx) -> list[tuple[str, bytes]]:
    """One radar grid per checklist: each cluster's score (%) by dimension, as the report."""
    from clusterpolicy.report import charts
    from clusterpolicy.report.chapters.common import dim_name
    from clusterpolicy.text.labels import label

    us = ctx.sheet("upgrading_summary")
    if us is None or not {"checklist", "dimension", "pct", "industry_code"} <= set(us.columns):
        return []
    out = []
    for checklist in ("technology", "brand"):
        g = us[(us["checklist"] == checklist) & (us["dimension"] != "ALL")]
        dims = list(dict.fromkeys(g["dimension"].astype(str)))
        if len(dims) < 3:
            continue
        pivot = g.set_index(["industry_code", "dimension"])["pct"].to_dict()
        codes = list(dict.fromkeys(g["industry_code"].astype(str)))[:6]
        panels = [
            (
                ctx.industry_name(c),
                [pd.to_numeric(pivot.get((c, d)), errors="coerce") for d in dims],
            )
            for c in codes
        ]
        panels = [p for p in panels if sum(pd.notna(v) for v in p[1]) >= 3]
        if panels:
            png = charts.radar_grid([dim_name(ctx, d) for d in dims], panels, ctx.lang)
            out.append((f"{_caption('radar', ctx.lang)} · {label(checklist, ctx.lang)}", png))
    return out


def _equalization(ctx) -> list[tuple[str, bytes]]:
    from clusterpolicy.report import charts
    from clusterpolicy.text.labels import label

    out = []
    sc = ctx.sheet("scenario")
    if sc is not None:
        for name, g in sc.groupby("scenario", sort=False):
            rows = g[g["region_code"].astype(str) == "ALL"]
            if not len(rows):
                continue
            of = rows["of_indicator"].astype(str) if "of_indicator" in rows else None
            main = "welfare_index" if of is not None and (of == "welfare_index").any() else None
            ch = rows[of == (main or of.iloc[0])] if of is not None else rows
            png = charts.before_after_chart(
                [label(v, ctx.lang) for v in ch["indicator"]],
                ch["before"].tolist(),
                ch["after"].tolist(),
                ctx.lang,
            )
            ran = ctx.meta.get("scenario") if isinstance(ctx.meta, dict) else None
            years = ""  # the run's scenario looks ahead to a horizon year: say which years
            if isinstance(ran, dict) and ran.get("name") == name:
                a, b = ran.get("year"), ran.get("horizon_year")
                years = _caption("horizon", ctx.lang, a=a, b=b) if b not in (None, a) else ""
            out.append((f"{_caption('before_after', ctx.lang)} · {name}{years}", png))
    iq = ctx.sheet("inequality")
    if iq is not None and {"between", "within", "index", "indicator"} <= set(iq.columns):
        d = iq[(iq["index"] == "theil_t") & iq["between"].notna() & iq["within"].notna()]
        if "weighting" in d.columns and (d["weighting"] == "population").any():
            d = d[d["weighting"] == "population"]
        for ind in ("welfare_index", *dict.fromkeys(d["indicator"].astype(str))):
            s = d[d["indicator"] == ind].sort_values("year").drop_duplicates("year")
            if len(s) >= 2:
                png = charts.dispersion_chart(
                    [int(y) for y in s["year"]],
                    s["between"].tolist(),
                    s["within"].tolist(),
                    ctx.lang,
                )
                out.append((f"{_caption('dispersion', ctx.lang)} · {label(ind, ctx.lang)}", png))
                break
    return out


def _effects(ctx) -> list[tuple[str, bytes]]:
    from clusterpolicy.report.charts import fitted_relation_chart
    from clusterpolicy.text.labels import label

    fit = ctx.sheet("welfare_effects_fit")
    if fit is None or "outcome" not in fit.columns:
        return []
    out = []
    for outcome in dict.fromkeys(fit["outcome"].astype(str)):
        png = fitted_relation_chart(fit, outcome, ctx.lang)
        if png is not None:
            out.append((_caption("fit", ctx.lang, v=label(outcome, ctx.lang)), png))
    return out


_MAKERS = {
    "identification": (_bubble,),
    "lifecycle": (_lifecycle,),
    "upgrading": (_radar,),
    "equalization": (_equalization,),
    "effects": (_effects,),
}


def step_charts(
    step: str, result, lang: str = "zh", progress: ProgressCallback | None = None
) -> list[StepChart]:
    """Every chart of ``step`` for ``result`` (``.tables``, ``.meta``)."""
    if result is None or step not in _MAKERS:
        return []
    ctx = _context(result, lang)
    out: list[StepChart] = []
    with _LOCK:
        for make in _MAKERS[step]:
            if progress is not None:
                progress(0.0, "")
            out += [c if isinstance(c, StepChart) else StepChart(*c) for c in make(ctx)]
    return out
