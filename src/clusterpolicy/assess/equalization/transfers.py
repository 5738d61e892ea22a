"""均衡性转移支付 per region and the central share of 共同财政事权 spending (cost-sharing tiers
from the knowledge base: the transfer levers that carry ``tier`` and ``codes``)."""

from __future__ import annotations

import math

import pandas as pd

from clusterpolicy.knowledge import Profile

TRANSFER_COLUMNS = [
    "region_code",
    "standard_expenditure",
    "standard_revenue",
    "gap",
    "coefficient",
    "transfer",
    "tier",
    "central_share",
]


def tier_of(code: str, tiers: dict[int, tuple[str, ...]]) -> int | None:
    """The cost-sharing tier of a GB/T 2260 code: a 4-digit prefix (计划单列市) wins over the
    province's 2-digit one; None when no tier lists it."""
    for tier, prefixes in tiers.items():
        if any(len(p) == 4 and code.startswith(p) for p in prefixes):
            return tier
    for tier, prefixes in tiers.items():
        if any(len(p) == 2 and code[:2] == p for p in prefixes) and code[:1].isdigit():
            return tier
    return None


def transfers_table(
    year_frame: pd.DataFrame, profile: Profile, coefficient: float | None = None
) -> pd.DataFrame:
    """均衡性转移支付 per region (package docstring); ``coefficient`` overrides the threshold."""
    f = year_frame
    need = {"population", "fiscal_revenue", "fiscal_expenditure"}
    if not need.issubset(f.columns) or f[list(need)].isna().all().any():
        return pd.DataFrame(columns=TRANSFER_COLUMNS)

    def v(key: str) -> float:
        return profile.value(f"equalization.{key}")

    ok = f["population"].notna() & (f["population"] > 0) & f["fiscal_expenditure"].notna()
    pc_std = v("transfer.standard_exp_ratio") * float(
        f.loc[ok, "fiscal_expenditure"].sum() / f.loc[ok, "population"].sum()
    )
    cost = f["cost_factor"].fillna(1.0) if "cost_factor" in f else pd.Series(1.0, index=f.index)
    se = f["population"] * pc_std * cost
    sr = f["fiscal_revenue"] * v("transfer.collection_factor")
    coef = v("transfer.coefficient") if coefficient is None else coefficient
    gap = se - sr
    tiers = profile.cost_sharing_tiers()
    tier = f["region_code"].map(lambda c: tier_of(str(c), tiers))
    shares = tier.map(
        lambda t: (
            v(f"cost_sharing.tier{int(t)}_central_share_pct")
            if t is not None and not pd.isna(t)
            else math.nan
        )
    )
    return pd.DataFrame(
        {
            "region_code": f["region_code"].to_numpy(),
            "standard_expenditure": se.to_numpy(),
            "standard_revenue": sr.to_numpy(),
            "gap": gap.to_numpy(),
            "coefficient": coef,
            "transfer": (gap.clip(lower=0) * coef).to_numpy(),
            "tier": pd.array(tier.to_numpy(), dtype="Int64"),
            "central_share": shares.to_numpy(),
        }
    )
