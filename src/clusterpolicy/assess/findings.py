"""Equalization results turned into policy findings (the input of the policy step's
``equalization`` rule): gaps of the focal region below the reference, and LQ-band zones."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from clusterpolicy.knowledge import Profile
from clusterpolicy.text import formats as F
from clusterpolicy.text.labels import INDICATORS

#: which kinds of levers answer a gap in each indicator (seed 000 ch. 9: income and jobs are
#: raised by endogenous development, public services by the exogenous mechanism and transfers)
FINDING_LEVERS = {
    "disposable_income_pc": ["endogenous"],
    "manufacturing_emp_per_10k": ["endogenous"],
    "education_exp_pc": ["exogenous", "transfer"],
    "health_exp_pc": ["exogenous", "transfer"],
    "social_security_exp_pc": ["exogenous", "transfer"],
    "welfare_index": ["exogenous", "transfer"],
}


def _gap_findings(eq: pd.DataFrame, focal: str, year: int | None, cut: float) -> list[dict]:
    sel = eq.loc[eq["region_code"].astype(str) == focal]
    if year is not None and "year" in sel:
        sel = sel.loc[sel["year"] == year]
    out = []
    for _, r in sel.iterrows():
        ind = str(r["indicator"])
        gap = F.finite(r.get("gap_pct"))
        if ind not in FINDING_LEVERS or gap is None or gap > cut:
            continue
        rank = int(r["rank"])
        out.append(
            {
                "region_code": focal,
                "text_zh": f"{INDICATORS.label(ind, 'zh')}低于参照水平{F.number(abs(gap), 1)}%"
                f"（第{rank}位）",
                "text_en": f"{INDICATORS.label(ind, 'en')} is {F.number(abs(gap), 1, 'en')}% below "
                f"the reference (rank {rank})",
                "levers": FINDING_LEVERS[ind],
                "severity": min(abs(gap) / 50.0, 1.0),
            }
        )
    return out


def _band_findings(th: pd.DataFrame, focal: str) -> list[dict]:
    out = []
    for _, r in th.loc[th["region_code"].astype(str) == focal].iterrows():
        if r["zone"] != "below":
            continue
        lq, low = float(r["lq"]), float(r["band_low"])
        out.append(
            {
                "region_code": focal,
                "text_zh": f"本地区制造业整体区位熵{F.number(lq)}低于门槛区间下限{F.number(low)}"
                "（挤出效应区，区间来自省级研究，只作参考）",
                "text_en": f"the region's manufacturing LQ {F.number(lq, 2, 'en')} is below the "
                f"band's lower edge {F.number(low, 2, 'en')} (crowding-out zone; a band from a "
                "provincial study, for reference only)",
                "zone": "below",
                "levers": ["endogenous"],
                "severity": 0.5,
            }
        )
    return out


def equalization_findings(
    eq_tables: Mapping[str, pd.DataFrame], focal: str, year: int | None, profile: Profile
) -> list[dict]:
    """The focal region's equalization gaps (below ``equalization.finding_gap_pct``) and
    agglomeration-band zones as policy findings."""
    out: list[dict] = []
    eq = eq_tables.get("equalization")
    if eq is not None and len(eq):
        out += _gap_findings(eq, focal, year, profile.value("equalization.finding_gap_pct"))
    th = eq_tables.get("agglomeration_threshold")
    if th is not None and len(th):
        out += _band_findings(th, focal)
    return out


__all__ = ["FINDING_LEVERS", "equalization_findings"]
