"""Helpers several chapters share: the focal clusters, the selected codes, stage and score
look-ups, value and scenario formatting, the largest checklist gaps, the merged actions."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from clusterpolicy.report.context import Context, col, has_cjk
from clusterpolicy.text import formats as fmt
from clusterpolicy.text.labels import label, plan_label


def pct_text(value: object, decimals: int = 1, lang: str = "zh") -> str:
    """A value already in percent (e.g. ``pct`` 58.2, ``gap_pct`` −13.7) → "58.2%"."""
    return fmt.MISSING if fmt.is_missing(value) else fmt.number(value, decimals, lang) + "%"


def n_ranked(df: pd.DataFrame, indicator: object = None) -> int:
    """How many regions an indicator ranks (rows with a rank; a total row has none)."""
    if indicator is not None and "indicator" in df.columns:
        df = df[df["indicator"].astype(str) == str(indicator)]
    if "rank" in df.columns:
        df = df[pd.to_numeric(df["rank"], errors="coerce").notna()]
    return int(df["region_code"].nunique()) if "region_code" in df.columns else len(df)


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
                "text": ctx.clean(fmt.text(ctx.pick(r, "text_zh", "text_en"))) or fmt.MISSING,
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


_CODE = re.compile(r"(?<![A-Za-z0-9])[A-Z]\d{2,4}(?![A-Za-z0-9])")


def named_codes(ctx: Context, text: str) -> str:
    """Industry codes in an engine sentence ("集群 C21 处于…") replaced by the industry name."""
    names = ctx._industry_names()  # noqa: SLF001 - the context's name table
    return _CODE.sub(
        lambda m: ctx.industry_name(m.group(0)) if m.group(0) in names else m.group(0), text
    )


#: optional action-plan columns printed when the engine gives them (the action-plan contract)
PLAN_COLUMNS = (
    "lead",
    "support",
    "timeframe",
    "indicator",
    "baseline",
    "target",
    "cost_band",
    "level",
    "action_type",
    "funding",
)


def _plan_value(ctx: Context, r: pd.Series, name: str) -> str:
    """An optional action-plan column: ``name_zh``/``name_en`` pairs or a plain ``name``;
    cost bands and levels through the label catalogue; "" when missing."""
    v = ctx.pick(r, f"{name}_zh", f"{name}_en") if f"{name}_zh" in r.index else r.get(name)
    if fmt.is_missing(v):
        return ""
    if name in ("cost_band", "level", "timeframe", "action_type"):
        return plan_label(name, v, ctx.lang)
    return ctx.clean(v) if isinstance(v, str) else fmt.text(v)


def grouped_actions(ctx: Context, ac: pd.DataFrame) -> list[dict]:
    """Actions merged by action id (or text), in priority order: the same measure proposed for
        several clusters becomes one entry listing the clusters. Actions the engine marks
        ``in_plan`` = False come after the others. Keys: priority, action, codes, finding (plain),
        category, source (plain citation), n, key (the action id), level_id (county | higher | ""), and
    the :data:`PLAN_COLUMNS` ("" when missing; the first, highest-priority row's values)."""
    g = ac
    if "in_plan" in g.columns:
        g = g.assign(_out=~g["in_plan"].fillna(True).astype(bool))
        g = g.sort_values(
            ["_out", "priority"] if "priority" in g.columns else ["_out"], kind="stable"
        )
    elif "priority" in g.columns:
        g = g.sort_values("priority", kind="stable")
    groups: dict[str, dict] = {}
    for _, r in g.iterrows():
        action = ctx.clean(fmt.text(ctx.pick(r, "action_zh", "action_en")))
        key = str(r.get("action_id")) if not fmt.is_missing(r.get("action_id")) else action
        e = groups.get(key)
        if e is None:
            finding = ctx.pick(r, "finding_zh", "finding") if ctx.lang != "en" else r.get("finding")
            e = groups[key] = {
                "key": key,
                "level_id": "" if fmt.is_missing(r.get("level")) else str(r.get("level")),
                "priority": r.get("priority"),
                "action": action,
                "codes": [],
                "finding": named_codes(ctx, ctx.clean(fmt.text(finding))),
                "category": r.get("category"),
                "source": ctx.src(r.get("source")),
                "n": 0,
                **{c: _plan_value(ctx, r, c) for c in PLAN_COLUMNS},
            }
        e["n"] += 1
        code = r.get("industry_code")
        if not fmt.is_missing(code) and str(code) not in e["codes"]:
            e["codes"].append(str(code))
    return list(groups.values())
