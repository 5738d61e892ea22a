"""The what-if simulator: a transfer pool or a growth scenario applied to one year's regions,
with the dispersion indices before and after (formats in the package docstring)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from clusterpolicy.assess.equalization.welfare import (
    BASE_INDICATORS,
    WELFARE_COMPONENTS,
    reference_value,
    welfare_index,
    welfare_means,
)
from clusterpolicy.knowledge import Profile
from clusterpolicy.metrics import inequality_indices

SCENARIO_COLUMNS = [
    "scenario",
    "region_code",
    "indicator",
    "before",
    "after",
    "change",
    "of_indicator",
]
SCENARIO_INDICES = ("gini", "williamson", "theil_t", "theil_l")


def dispersion(values: pd.Series, population: pd.Series | None) -> dict[str, float]:
    """index → value of :data:`SCENARIO_INDICES` (population-weighted when given); {} when
    fewer than two usable regions."""
    ok = values.notna() & (values >= 0)
    if population is not None:
        ok &= population.notna() & (population > 0)
    y = values[ok].to_numpy(dtype="float64")
    if y.size < 2 or y.sum() <= 0:
        return {}
    w = population[ok].to_numpy(dtype="float64") if population is not None else None
    r = inequality_indices(y, weights=w)
    return {k: getattr(r, k) for k in SCENARIO_INDICES}


def _pool_weights(after, comp, scenario, transfers, reference, target) -> pd.Series:
    method = str(scenario.get("allocation", "formula"))
    pop = after.loc[comp, "population"]
    if method == "formula":
        if transfers.empty:
            raise ValueError(
                "formula allocation needs population and fiscal revenue/expenditure"
                " / 按公式分配需要人口与财政收支数据"
            )
        g = transfers.set_index("region_code")["gap"].clip(lower=0)
        return after.loc[comp, "region_code"].map(g).fillna(0.0)
    if method == "per_capita":
        return pop.fillna(0.0)
    if method == "gap":
        ref = reference_value(
            after.loc[comp, target], pop, after.set_index("region_code")[target], reference
        )
        return (pop * (ref - after.loc[comp, target]).clip(lower=0)).fillna(0.0)
    raise ValueError(
        f"allocation {method!r} must be formula/per_capita/gap / 分配方式须为 formula/per_capita/gap"
    )


def _pool(after, comp, scenario, transfers, reference) -> tuple[dict[str, float], list[str]]:
    pool = float(scenario["transfer_pool_yuan"])
    target = str(scenario.get("target_indicator", "education_exp_pc"))
    if target not in WELFARE_COMPONENTS and target != "disposable_income_pc":
        raise ValueError(
            f"target_indicator {target!r} must be a per-capita indicator / 目标指标须为人均指标"
        )
    pop = after.loc[comp, "population"]
    weights = _pool_weights(after, comp, scenario, transfers, reference, target)
    weights = weights.where(pop > 0, 0.0)
    if weights.sum() <= 0:
        raise ValueError("no region qualifies for the pool / 没有地区符合分配条件")
    amounts = weights / weights.sum() * pool
    after.loc[comp, target] = after.loc[comp, target] + amounts / pop
    return dict(zip(after.loc[comp, "region_code"], amounts, strict=True)), [target]


def _growth(after, comp, scenario) -> list[str]:
    inds = list(scenario.get("indicators", BASE_INDICATORS))
    for key, pct in scenario["growth"].items():
        match = comp & (
            (after["region_code"] == str(key)) | (after["group"].astype("string") == str(key))
        )
        if not match.any():
            raise ValueError(
                f"scenario key {key!r} matches no region or group / 情景中的 {key!r} 不是地区或分组"
            )
        for ind in inds:
            after.loc[match, ind] = after.loc[match, ind] * (1 + float(pct) / 100)
    return inds


def apply_scenario(
    fy: pd.DataFrame, scenario: Mapping, transfers: pd.DataFrame, reference: str, pr: Profile
) -> tuple[pd.DataFrame, dict[str, float], list[str]]:
    """The year frame after the scenario, allocations per region and the changed indicators."""
    after = fy.copy()
    comp = ~after["is_reference_area"]
    alloc: dict[str, float] = {}
    if "transfer_pool_yuan" in scenario:
        alloc, changed = _pool(after, comp, scenario, transfers, reference)
    elif "growth" in scenario:
        changed = _growth(after, comp, scenario)
    else:
        raise ValueError(
            "scenario needs transfer_pool_yuan or growth / 情景须含 transfer_pool_yuan 或 growth"
        )
    after.loc[comp, "welfare_index"] = welfare_index(
        after.loc[comp], pr, welfare_means(fy.loc[comp])
    )
    return after, alloc, changed


def scenario_rows(
    fy: pd.DataFrame, scenario: Mapping, transfers: pd.DataFrame, reference: str, pr: Profile
) -> list[dict]:
    """The ``scenario`` sheet: per region and changed indicator before/after, the allocations
    (``transfer_yuan``), then the dispersion indices (region ``ALL``)."""
    name = str(scenario.get("name", "scenario"))
    after, alloc, changed = apply_scenario(fy, scenario, transfers, reference, pr)
    rows: list[dict] = []

    def add(code, ind, b, a, of):
        rows.append(
            {
                "scenario": name,
                "region_code": code,
                "indicator": ind,
                "before": b,
                "after": a,
                "change": a - b,
                "of_indicator": of,
            }
        )

    for ind in [*changed, "welfare_index"]:
        for i in fy.index:
            b, a = fy.at[i, ind], after.at[i, ind]
            if fy.at[i, "is_reference_area"] or (pd.isna(b) and pd.isna(a)):
                continue
            add(fy.at[i, "region_code"], ind, b, a, ind)
    for code, amount in alloc.items():
        add(code, "transfer_yuan", 0.0, amount, "transfer_yuan")
    cb, ca = fy.loc[~fy["is_reference_area"]], after.loc[~after["is_reference_area"]]
    pop_b = cb["population"] if cb["population"].notna().any() else None
    pop_a = ca["population"] if ca["population"].notna().any() else None
    for ind in [*changed, "welfare_index"]:
        db, da = dispersion(cb[ind], pop_b), dispersion(ca[ind], pop_a)
        for idx in SCENARIO_INDICES:
            if idx in db and idx in da:
                add("ALL", idx, db[idx], da[idx], ind)
    return rows
