"""Helpers several chapters share: the focal clusters, the selected codes, stage and score
look-ups, value and scenario formatting, the largest checklist gaps, the merged actions."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from clusterpolicy.report.context import Context, col, has_cjk
from clusterpolicy.report.digest import compact_chain
from clusterpolicy.text import formats as fmt
from clusterpolicy.text.labels import label


def pct_text(value: object, decimals: int = 1, lang: str = "zh") -> str:
    """A value already in percent (e.g. ``pct`` 58.2, ``gap_pct`` −13.7) → "58.2%"."""
    return fmt.MISSING if fmt.is_missing(value) else fmt.number(value, decimals, lang) + "%"


def focal_clusters(ctx: Context) -> pd.DataFrame | None:
    """The clusters sheet of the focal region, ranked."""
    cl = ctx.sheet("clusters")
    if cl is None:
        return None
    f = ctx.focal_rows(cl)
    if "rank" in f.columns:
        f = f.sort_values(["rank", "industry_code"], kind="stable")
    return f


def selected_codes(ctx: Context) -> list[str]:
    """Industry codes of the selected clusters, in order: meta["selected_clusters"], else the
    clusters sheet's ``selected`` column, else the life-cycle sheet's codes."""
    sel = [str(c) for c in (ctx.meta.get("selected_clusters") or [])]
    if sel:
        return sel
    f = focal_clusters(ctx)
    if f is not None and "selected" in f.columns:
        sel = [str(c) for c in f.loc[f["selected"].fillna(False).astype(bool), "industry_code"]]
    if not sel and ctx.sheet("lifecycle") is not None:
        sel = list(
            dict.fromkeys(ctx.focal_rows(ctx.tables["lifecycle"])["industry_code"].astype(str))
        )
    return sel


def industry_list(ctx: Context, codes: Sequence[str], limit: int = 3) -> str:
    """ "家具制造业、纺织业等5个" style list of industry names."""
    sep = "、" if ctx.lang != "en" else ", "
    names = [ctx.industry_name(c) for c in codes]
    text = sep.join(names[:limit])
    if len(names) > limit:
        text += f"等{len(names)}个" if ctx.lang != "en" else f" and {len(names) - limit} more"
    return text


def dim_name(ctx: Context, dim: object) -> str:
    """Dimension name from meta["dimension_labels"] = {id: (zh, en)}, else the id."""
    pair = (ctx.meta.get("dimension_labels") or {}).get(str(dim))
    if pair:
        return str(pair[1] if ctx.lang == "en" else pair[0])
    return str(dim)


def stages_by_code(ctx: Context) -> dict[str, str]:
    lc = ctx.sheet("lifecycle")
    if lc is None:
        return {}
    f = ctx.focal_rows(lc)
    return {
        str(c): str(s)
        for c, s in zip(f["industry_code"], col(f, "stage"), strict=True)
        if not fmt.is_missing(s)
    }


def overall_pct(ctx: Context, checklist: str) -> dict[str, float]:
    """Industry code → overall score % (dimension ALL) of a checklist."""
    us = ctx.sheet("upgrading_summary")
    if us is None:
        return {}
    f = ctx.focal_rows(us)
    f = f[
        (col(f, "checklist").astype(str) == checklist) & (col(f, "dimension").astype(str) == "ALL")
    ]
    return {str(c): v for c, v in zip(f["industry_code"], col(f, "pct"), strict=True)}


# --- 1. summary ------------------------------------------------------------------------------


def value_text(indicator: object, value: object, lang: str) -> str:
    """An indicator value: shares as %, indices with 3 decimals, large values without decimals."""
    name = str(indicator)
    if name.endswith("_share"):
        return fmt.percent(value, 1, lang)
    if name.endswith("_index"):
        return fmt.number(value, 1 if _big(value) else 3, lang)
    return fmt.number(value, 0 if _big(value) else 2, lang)


def _big(value: object) -> bool:
    try:
        return abs(float(value)) >= 10  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def scenario_name(name: object, lang: str) -> str:
    """Scenario names are often "中文 / English" (also "中文（示例）/ English"): the part of the
    report's language, when the part before the slash is Chinese and the part after is not."""
    s = fmt.text(name)
    parts = re.split(r"\s*/\s*", s, maxsplit=1)
    if len(parts) == 2 and has_cjk(parts[0]) and not has_cjk(parts[1]) and parts[1]:
        return parts[1] if lang == "en" else parts[0]
    return s


def scenario_label(row: pd.Series | dict, lang: str) -> str:
    """ "基尼系数（公共福利指数）": the index and the indicator it is computed on."""
    ind, of = row.get("indicator"), row.get("of_indicator")
    if fmt.is_missing(of) or str(of) == str(ind):
        return label(ind, lang)
    return (
        f"{label(ind, lang)}（{label(of, lang)}）"
        if lang != "en"
        else f"{label(ind, lang)} ({label(of, lang)})"
    )


def top_gaps(ctx: Context, items: pd.DataFrame, n: int = 10) -> list[dict]:
    """The ``n`` checklist items with the largest gap (weight × (1 − score)) across clusters:
    one entry per item, naming the clusters that share its largest gap."""
    if (
        items is None
        or not len(items)
        or "gap" in items.columns
        and pd.to_numeric(items["gap"], errors="coerce").notna().sum() == 0
    ):
        return []
    it = items.assign(
        _g=pd.to_numeric(col(items, "gap"), errors="coerce"),
        _w=pd.to_numeric(col(items, "weight"), errors="coerce"),
    )
    it = it[it["_g"] > 0]
    key = "item_id" if "item_id" in it.columns else "text_zh"
    out = []
    for _, g in it.groupby(key, sort=False):
        top = g[g["_g"] == g["_g"].max()]
        r = top.iloc[0]
        codes = list(dict.fromkeys(top["industry_code"].astype(str)))
        out.append(
            {
                "text": fmt.text(ctx.pick(r, "text_zh", "text_en")),
                "dim": dim_name(ctx, r.get("dimension")),
                "checklist": str(r.get("checklist")),
                "where": industry_list(ctx, codes, 2),
                "n": len(codes),
                "score": r.get("score"),
                "weight": r.get("_w"),
                "gap": float(r["_g"]),
            }
        )
    out.sort(key=lambda d: (-d["gap"], -d["n"]))
    return out[:n]


def wan(v: object) -> float | None:
    try:
        return float(v) / 1e4  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


# --- 7. policy -------------------------------------------------------------------------------


def grouped_actions(ctx: Context, ac: pd.DataFrame) -> list[dict]:
    """Actions merged by action id (or text), in priority order: the same measure proposed for
    several clusters becomes one entry listing the clusters. Keys: priority, action, codes,
    chain (compact, of the first occurrence), category, source, n."""
    g = ac.sort_values("priority", kind="stable") if "priority" in ac.columns else ac
    groups: dict[str, dict] = {}
    for _, r in g.iterrows():
        action = fmt.text(ctx.pick(r, "action_zh", "action_en"))
        key = str(r.get("action_id")) if not fmt.is_missing(r.get("action_id")) else action
        e = groups.get(key)
        if e is None:
            e = groups[key] = {
                "priority": r.get("priority"),
                "action": action,
                "codes": [],
                "chain": compact_chain(ctx.pick(r, "chain_zh", "chain_en")),
                "category": r.get("category"),
                "source": r.get("source"),
                "n": 0,
            }
        e["n"] += 1
        code = r.get("industry_code")
        if not fmt.is_missing(code) and str(code) not in e["codes"]:
            e["codes"].append(str(code))
    return list(groups.values())
