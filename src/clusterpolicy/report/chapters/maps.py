"""Maps, where the user supplied boundaries (``charts_data["boundaries"]``, from
:func:`clusterpolicy.io.boundaries.read_boundaries`): the LQ of the selected clusters (chapter 2)
and the public-welfare index (the equalization chapter). Every map says under it where its
boundaries come from and its approval number (审图号) — or that it has none and may not be
published."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pandas as pd
from reportlab.platypus import Flowable

from clusterpolicy.report import charts
from clusterpolicy.report.chapters.common import selected_codes
from clusterpolicy.report.context import Context
from clusterpolicy.report.texts import tr
from clusterpolicy.text.labels import label

MAX_MAPS = 6


def boundary_rings(ctx: Context) -> pd.DataFrame | None:
    """The boundaries the user supplied (ring vertices), or None."""
    rings = ctx.charts_data.get("boundaries")
    if rings is None or not len(rings):
        return None
    return rings


def approval_note(ctx: Context) -> str:
    """The line under a map: its boundary source and approval number, or the warning."""
    src = escape(str(ctx.meta.get("map_source") or ""))
    no = escape(str(ctx.meta.get("map_approval") or ""))
    return ctx.t("map.approved", s=src, n=no) if no else ctx.t("map.unapproved", s=src)


def lq_map_section(ctx: Context) -> list[Flowable]:
    """The LQ of each selected cluster (up to six) on the map of the regions."""
    rings, lq = boundary_rings(ctx), ctx.sheet("lq")
    codes = selected_codes(ctx)[:MAX_MAPS]
    if rings is None or lq is None or not codes:
        return []
    year = int(pd.to_numeric(lq["year"], errors="coerce").max())
    at = lq[pd.to_numeric(lq["year"], errors="coerce") == year]
    if "measure" in at.columns:
        measure = at["measure"].astype(str).mode().iloc[0]
        at = at[at["measure"].astype(str) == measure]
    titles = [f"{c} {ctx.industry_name(c)}" for c in codes]
    png = charts.maps.lq_maps(rings, at, codes, titles, ctx.focal, ctx.lang)
    out: list[Flowable] = ctx.heading(2, tr("map.sub", ctx.lang))
    out.append(ctx.chart(png, ctx.t("map.lq", y=year, region=ctx.region_name)))
    out.append(ctx.p(approval_note(ctx), "note"))
    return out


def welfare_map_section(ctx: Context) -> list[Flowable]:
    """The public-welfare index (else the first indicator) on the map of the regions."""
    rings, eq = boundary_rings(ctx), ctx.sheet("equalization")
    if rings is None or eq is None or not {"indicator", "value", "region_code"} <= set(eq.columns):
        return []
    last = eq[eq["year"] == eq["year"].max()] if "year" in eq.columns else eq
    inds = list(dict.fromkeys(last["indicator"].astype(str)))
    ind = "welfare_index" if "welfare_index" in inds else inds[0]
    sub = last[last["indicator"].astype(str) == ind]
    vals = dict(zip(sub["region_code"].astype(str), sub["value"].astype(float), strict=True))
    name = label(ind, ctx.lang)
    png = charts.maps.indicator_map(rings, vals, name, ctx.focal, ctx.lang)
    year = sub["year"].max() if "year" in sub.columns else ""
    return [
        ctx.chart(png, ctx.t("map.indicator", v=name, y=year, region=ctx.region_name)),
        ctx.p(approval_note(ctx), "note"),
    ]
