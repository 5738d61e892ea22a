"""The peer comparison inside chapter 2 (identification): who the peers are and why, and the
focal region beside their median and range on size, growth, the selected clusters' LQs and
the welfare indicators. Sheets ``peers`` and ``peer_comparison``
(:mod:`clusterpolicy.assess.peers`)."""

from __future__ import annotations

import pandas as pd
from reportlab.platypus import Flowable

from clusterpolicy.report.context import Context
from clusterpolicy.report.texts import tr
from clusterpolicy.text import formats as fmt
from clusterpolicy.text.labels import label

_MONEY_PC = ("disposable_income_pc", "gdp_pc", "education_exp_pc", "health_exp_pc")


def _value(indicator: str, v: object, lang: str) -> str:
    """One value of the comparison in its own unit."""
    if indicator.startswith("growth_"):
        return fmt.signed_percent(v, 1, lang)
    if indicator == "size_employment":
        return fmt.persons(v, lang, 2)
    if indicator in ("size_output", "size_revenue"):
        return fmt.money(v, lang)
    if indicator == "size_firms":
        return fmt.integer(v, lang)
    if indicator == "lq" or indicator.endswith("_share"):
        return fmt.number(v, 2, lang)
    if indicator.endswith("_pc") or indicator in _MONEY_PC:
        unit = "元" if lang != "en" else " yuan"
        return fmt.number(v, 0, lang) + unit if fmt.finite(v) is not None else fmt.MISSING
    return fmt.number(v, 1, lang)


def _indicator_name(ctx: Context, r: pd.Series) -> str:
    ind = str(r["indicator"])
    if ind == "lq":
        code = str(r.get("industry_code") or "")
        return ctx.t("peer.lq", code=code, name=ctx.industry_name(code))
    name = label(ind, ctx.lang)
    if ind.startswith("growth_"):
        a, _, b = str(r.get("year", "")).partition("-")
        window = f"{a}—{b}年" if ctx.lang != "en" else f"{a}–{b}"
        return f"{name}（{window}）" if ctx.lang != "en" else f"{name} ({window})"
    return name


def peer_section(ctx: Context) -> list[Flowable]:
    """Heading, plain method sentence, the peer group and the comparison table."""
    peers, comp = ctx.sheet("peers"), ctx.sheet("peer_comparison")
    if peers is None or comp is None or "is_peer" not in peers.columns:
        return []
    lang = ctx.lang
    group = peers[peers["is_peer"].astype(str).isin(["True", "true", "1"])]
    if not len(group):
        return []
    out: list[Flowable] = ctx.heading(2, tr("id.sub.peers", lang))
    named = (group["chosen_by"].astype(str) == "peer.named").all()
    year = str(int(group["year"].iloc[0]))
    out.append(
        ctx.p(
            ctx.t(
                "peer.intro.named" if named else "peer.intro",
                region=ctx.region_name,
                n=len(group),
                total=len(peers),
                y=year,
            )
        )
    )
    rows = [
        [
            str(ctx.pick(r, "region_name_zh", "region_name_en") or r["region_code"]),
            fmt.persons(r.get("size"), lang, 2)
            if str(r.get("measure")) == "employment"
            else fmt.number(r.get("size"), 0, lang),
            fmt.number(r.get("size_ratio"), 2, lang),
            fmt.number(r.get("structure_dissimilarity"), 2, lang),
        ]
        for _, r in group.iterrows()
    ]
    out += ctx.table(
        ctx.t("peer.table.group", n=len(group), y=year),
        [tr(k, lang) for k in ("col.region", "peer.col.size", "peer.col.ratio", "peer.col.k")],
        rows,
        [3.4, 2.4, 2.2, 2.6],
        [False, True, True, True],
    )
    crow = []
    for _, r in comp.iterrows():
        ind = str(r["indicator"])
        rank, n = fmt.finite(r.get("focal_rank")), fmt.finite(r.get("n_compared"))
        crow.append(
            [
                _indicator_name(ctx, r),
                _value(ind, r.get("focal_value"), lang),
                _value(ind, r.get("peer_median"), lang),
                _value(ind, r.get("peer_min"), lang)
                + ("—" if lang != "en" else " – ")
                + _value(ind, r.get("peer_max"), lang),
                ctx.t("peer.rank", r=int(rank), n=int(n)) if rank and n else fmt.MISSING,
            ]
        )
    out += ctx.table(
        ctx.t("peer.table.compare", region=ctx.region_name, n=len(group)),
        [
            tr(k, lang)
            for k in (
                "col.indicator",
                "peer.col.focal",
                "peer.col.median",
                "peer.col.range",
                "peer.col.rank",
            )
        ],
        crow,
        [4.3, 1.8, 1.9, 2.8, 1.3],
        [False, True, True, True, True],
    )
    out.append(ctx.p(ctx.t("peer.note"), "note"))
    return out
