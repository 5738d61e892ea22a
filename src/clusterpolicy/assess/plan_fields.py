"""The action-plan columns of one action row: lead and supporting departments, time frame, target
indicator with its baseline from the assessment and a target, cost band, level, and the priority
score (the rules are in :mod:`clusterpolicy.assess.policy`).

Baselines come from the diagnoses the policy step is given (:class:`PlanInputs`): the cluster's
end-year LQ, employment, firm growth and years of data (lifecycle and clusters tables), the
scores of the checklist items behind a gap action, the focal region's welfare indicators
(equalization table) and the answer to a red-flag question. An indicator the assessment does not
measure has no baseline ("" — the lead unit keeps a register).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from clusterpolicy.text import formats as F

#: the plan columns each row carries (beside the reasoning-chain columns of policy_rows)
PLAN_KEYS = (
    "lead",
    "lead_zh",
    "lead_en",
    "support",
    "support_zh",
    "support_en",
    "timeframe",
    "indicator",
    "indicator_zh",
    "indicator_en",
    "baseline",
    "baseline_zh",
    "baseline_en",
    "target",
    "target_zh",
    "target_en",
    "cost_band",
    "funding_zh",
    "funding_en",
    "level",
    "action_type",
    "tags",
)


@dataclass
class PlanInputs:
    """The diagnoses the plan is built on (all optional; plain tables, never files)."""

    lifecycle: pd.DataFrame | None = None
    clusters: pd.DataFrame | None = None
    equalization: pd.DataFrame | None = None
    focal: str = ""
    year: int | None = None
    red_flag_answers: dict = field(default_factory=dict)
    _rows: dict = field(default_factory=dict, repr=False, compare=False)

    def cluster_row(self, table: str, industry: str) -> pd.Series | None:
        """The cluster's row of the lifecycle or clusters table (the focal region's, latest
        year); looked up once per plan (the gates and the plan columns ask ~300 times)."""
        key = (table, str(industry))
        if key not in self._rows:
            self._rows[key] = self._cluster_row(table, industry)
        return self._rows[key]

    def _cluster_row(self, table: str, industry: str) -> pd.Series | None:
        df = self.lifecycle if table == "lifecycle" else self.clusters
        if df is None or not len(df) or not industry or "industry_code" not in df:
            return None
        sel = df.loc[df["industry_code"].astype(str) == str(industry)]
        if "region_code" in sel and self.focal:
            own = sel.loc[sel["region_code"].astype(str) == self.focal]
            sel = own if len(own) else sel
        if "year" in sel and len(sel):
            sel = sel.loc[sel["year"] == sel["year"].max()]
        return sel.iloc[0] if len(sel) else None

    def stage_confidence(self, industry: str) -> float | None:
        r = self.cluster_row("lifecycle", industry)
        return None if r is None else F.finite(r.get("confidence"))

    def region_value(self, indicator: str) -> tuple[float | None, float | None]:
        """(value, reference value) of the focal region's welfare indicator in the year."""
        eq = self.equalization
        if eq is None or not len(eq) or "indicator" not in eq:
            return None, None
        sel = eq.loc[
            (eq["region_code"].astype(str) == self.focal)
            & (eq["indicator"].astype(str) == indicator)
        ]
        if self.year is not None and "year" in sel:
            at = sel.loc[sel["year"] == self.year]
            sel = at if len(at) else sel
        if "year" in sel and len(sel):
            sel = sel.loc[sel["year"] == sel["year"].max()]
        if not len(sel):
            return None, None
        r = sel.iloc[0]
        return F.finite(r.get("value")), F.finite(r.get("reference_value"))


def _baseline(kind: str, industry: str, inputs: PlanInputs, items, flag) -> tuple[str, ...]:
    """(baseline_zh, baseline_en, target_zh, target_en) of one indicator for one row ("" when
    the assessment does not give it)."""
    none = ("", "", "", "")
    if kind == "checklist_items" and items:
        return (  # the item ids are in the finding; the report prints no ids
            "条目得分 " + "、".join(F.number(s, 2) for _, s in items),
            "item scores " + ", ".join(F.number(s, 2, "en") for _, s in items),
            "",
            "",
        )
    if kind in ("cluster_lq", "cluster_firm_growth", "lifecycle_years"):
        r = inputs.cluster_row("lifecycle", industry)
        if r is None:
            return none
        y0, y1 = F.text(r.get("base_year")), F.text(r.get("end_year"))
        if kind == "cluster_lq":
            return (
                f"{F.number(r.get('lq_end'), 2)}（{y1}年）",
                f"{F.number(r.get('lq_end'), 2, 'en')} ({y1})",
                "",
                "",
            )
        if kind == "cluster_firm_growth":
            g = F.finite(r.get("firm_cagr"))
            if g is None:
                return none
            return (
                f"年均{F.signed_percent(g, 1)}（{y0}–{y1}年）",
                f"{F.signed_percent(g, 1, 'en')} a year ({y0}–{y1})",
                "",
                "",
            )
        n = F.finite(r.get("n_years"))
        return none if n is None else (f"{F.integer(n)}年", f"{F.integer(n, 'en')} years", "", "")
    if kind == "cluster_employment":
        r = inputs.cluster_row("clusters", industry)
        if r is None or F.finite(r.get("employment")) is None:
            return none
        y = F.text(r.get("year"))
        return (
            f"{F.integer(r.get('employment'))}人（{y}年）",
            f"{F.integer(r.get('employment'), 'en')} persons ({y})",
            "",
            "",
        )
    if kind.startswith("region:"):
        v, ref = inputs.region_value(kind.split(":", 1)[1])
        if v is None:
            return none
        tz = te = ""
        if ref is not None and ref > v:
            tz, te = f"参照水平{F.number(ref, 1)}", f"the reference, {F.number(ref, 1, 'en')}"
        return F.number(v, 1), F.number(v, 1, "en"), tz, te
    if kind == "red_flag" and flag:
        words = {"yes": ("是", "yes"), "partial": ("部分", "partly"), "no": ("否", "no")}
        bz, be = words.get(str(flag), (str(flag), str(flag)))
        return bz, be, "否", "no"
    return none


_DIRECTION = {
    "up": ("提高", "raise"),
    "down": ("降低", "lower"),
    "hold": ("保持", "hold"),
}


def plan_fields(
    item: dict,
    industry: str,
    profile,
    inputs: PlanInputs,
    *,
    items: list[tuple[str, float]] | None = None,
    flag: str | None = None,
    cut: float | None = None,
) -> dict:
    """The plan columns of a row answering ``item`` (an action or lever) for ``industry``."""
    depts = {d["id"]: d for d in profile.departments()}
    inds = {i["id"]: i for i in profile.indicators()}

    def dname(did: str, lang: str) -> str:
        d = depts.get(did)
        return did if d is None else str(d[f"label_{lang}"])

    support = list(item.get("support") or ())
    ind = inds.get(str(item.get("indicator", "")), {})
    bz, be, tz, te = _baseline(str(ind.get("baseline", "none")), industry, inputs, items, flag)
    if not tz and ind.get("baseline") == "checklist_items" and cut is not None:
        tz, te = f"各条目 ≥ {F.number(cut, 2)}", f"each item ≥ {F.number(cut, 2, 'en')}"
    if not tz:
        tz, te = _DIRECTION.get(str(ind.get("direction", "up")), ("", ""))
        tz, te = (tz + "（目标值由牵头单位商定）", te + " (value set by the lead unit)")
    return {
        "lead": str(item.get("lead", "")),
        "lead_zh": dname(str(item.get("lead", "")), "zh"),
        "lead_en": dname(str(item.get("lead", "")), "en"),
        "support": "、".join(support),
        "support_zh": "、".join(dname(s, "zh") for s in support),
        "support_en": ", ".join(dname(s, "en") for s in support),
        "timeframe": str(item.get("timeframe", "")),
        "indicator": str(item.get("indicator", "")),
        "indicator_zh": str(ind.get("label_zh", "")),
        "indicator_en": str(ind.get("label_en", "")),
        "baseline": be,
        "baseline_zh": bz,
        "baseline_en": be,
        "target": str(ind.get("direction", "")),
        "target_zh": tz,
        "target_en": te,
        "cost_band": str(item.get("cost_band", "")),
        "funding_zh": str(item.get("funding_zh", "")),
        "funding_en": str(item.get("funding_en", "")),
        "level": str(item.get("level", "county")),
        "action_type": str(item.get("action_type", "intervention")),
        "tags": ",".join(item.get("tags") or ()),
    }


__all__ = ["PLAN_KEYS", "PlanInputs", "plan_fields"]
