"""均衡性转移支付 per region and the central share of 共同财政事权 spending (cost-sharing tiers
from the knowledge base: the transfer levers that carry ``tier`` and ``codes``).

The logic of the 办法 (policy-frameworks §6; 财预〔2022〕58号), applied among the regions given —
the level at which a government allocates (a province among its prefectures, a prefecture among
its counties):

* **standard revenue** ``SR_i = base_i × rate``: the tax base is ``gdp`` when every region has it,
  with ``rate = equalization.transfer.standard_revenue_rate`` (> 0) or, when that is 0, the
  representative rate Σ fiscal_revenue ÷ Σ gdp of the regions; without a tax base it is the
  actual ``fiscal_revenue × equalization.transfer.collection_factor`` (``sr_basis`` says which).
* **standard expenditure** ``SE_i = population_i × cost_factor_i × s`` (need factors: population
  and, where the data has it, a cost index; 1 otherwise) with the per-head standard
  ``s = equalization.transfer.standard_exp_ratio × Σ SR ÷ Σ (population × cost_factor)``: the
  average standard fiscal capacity per head — not anyone's actual spending.
* ``gap_i = SE_i − SR_i``; a region whose standard revenue covers its standard expenditure gets
  nothing; ``transfer_i = max(gap_i, 0) × coefficient``.
* **pool and rule**: the coefficient is ``equalization.transfer.coefficient`` (1 = the whole
  standard gap closed, the what-if's upper bound); when a pool is stated, coefficient =
  min(1, pool ÷ Σ positive gaps) — the 办法's rule of sharing a fixed pool in proportion to the
  gaps. ``pool`` in the table is Σ transfers. Growth control and incentive funds are left out.
"""

from __future__ import annotations

import math

import pandas as pd

from clusterpolicy.knowledge import Profile
from clusterpolicy.metrics import inequality_indices

TRANSFER_COLUMNS = [
    "region_code",
    "population",
    "tax_base",
    "standard_rate",
    "standard_expenditure",
    "standard_revenue",
    "gap",
    "coefficient",
    "transfer",
    "transfer_pc",
    "pool",
    "sr_basis",
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


def _has(f: pd.DataFrame, col: str) -> bool:
    return col in f.columns and bool(f[col].notna().all()) and bool((f[col] > 0).all())


def standard_revenue(f: pd.DataFrame, profile: Profile) -> tuple[pd.Series, pd.Series, float, str]:
    """(standard revenue, tax base, rate, basis) of each region (module docstring); the caller
    checks that the data allows one of them."""
    rate = profile.value("equalization.transfer.standard_revenue_rate")
    if _has(f, "gdp") and (rate > 0 or _has(f, "fiscal_revenue")):
        if rate <= 0:
            rate = float(f["fiscal_revenue"].sum() / f["gdp"].sum())
        return f["gdp"] * rate, f["gdp"], rate, "gdp_x_rate"
    factor = profile.value("equalization.transfer.collection_factor")
    return f["fiscal_revenue"] * factor, f["fiscal_revenue"], factor, "actual_revenue"


def transfers_table(
    year_frame: pd.DataFrame,
    profile: Profile,
    coefficient: float | None = None,
    pool: float | None = None,
) -> pd.DataFrame:
    """均衡性转移支付 per region (module docstring); ``coefficient`` overrides the profile's,
    ``pool`` (yuan) sets it to min(1, pool ÷ Σ positive gaps)."""
    f = year_frame
    ok = "population" in f and f["population"].notna() & (f["population"] > 0)
    if not isinstance(ok, pd.Series) or not ok.any():
        return pd.DataFrame(columns=TRANSFER_COLUMNS)
    f = f.loc[ok].reset_index(drop=True)
    revenue = "fiscal_revenue" in f and bool(f["fiscal_revenue"].notna().all())
    rate_given = profile.value("equalization.transfer.standard_revenue_rate") > 0
    if not ((_has(f, "gdp") and (rate_given or revenue)) or revenue):
        return pd.DataFrame(columns=TRANSFER_COLUMNS)  # no revenue base and no revenue

    def v(key: str) -> float:
        return profile.value(f"equalization.{key}")

    sr, base, rate, basis = standard_revenue(f, profile)
    cost = f["cost_factor"].fillna(1.0) if "cost_factor" in f else pd.Series(1.0, index=f.index)
    need = f["population"] * cost
    per_head = v("transfer.standard_exp_ratio") * float(sr.sum() / need.sum())
    se = need * per_head
    gap = se - sr
    positive = float(gap.clip(lower=0).sum())
    if pool is not None:
        coef = min(1.0, float(pool) / positive) if positive > 0 else 0.0
    else:
        coef = v("transfer.coefficient") if coefficient is None else coefficient
    transfer = gap.clip(lower=0) * coef
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
            "population": f["population"].to_numpy(),
            "tax_base": base.to_numpy(),
            "standard_rate": rate,
            "standard_expenditure": se.to_numpy(),
            "standard_revenue": sr.to_numpy(),
            "gap": gap.to_numpy(),
            "coefficient": coef,
            "transfer": transfer.to_numpy(),
            "transfer_pc": (transfer / f["population"]).to_numpy(),
            "pool": float(transfer.sum()),
            "sr_basis": basis,
            "tier": pd.array(tier.to_numpy(), dtype="Int64"),
            "central_share": shares.to_numpy(),
        }
    )


def spending_effect(
    year_frame: pd.DataFrame,
    transfers: pd.DataFrame,
    spending: str = "education_exp",
    total: str = "fiscal_expenditure",
) -> dict:
    """How the transfers move per-capita ``spending``: each region spends its transfer in the
    proportions of its own budget (``spending ÷ total``). Returns the per-capita values before
    and after by region and the population-weighted Gini of each."""
    f = year_frame.set_index(year_frame["region_code"].astype(str))
    t = transfers.set_index(transfers["region_code"].astype(str))
    codes = [c for c in t.index if c in f.index]
    f, t = f.loc[codes], t.loc[codes]
    pop = f["population"].astype(float)
    share = (f[spending] / f[total]).astype(float)
    before = f[spending].astype(float) / pop
    after = (f[spending].astype(float) + t["transfer"].astype(float) * share) / pop

    def gini(x: pd.Series) -> float:
        return float(inequality_indices(x.to_numpy(), weights=pop.to_numpy()).gini)

    return {
        "before_pc": before,
        "after_pc": after,
        "gini_before": gini(before),
        "gini_after": gini(after),
        "spent": float((t["transfer"] * share).sum()),
    }
