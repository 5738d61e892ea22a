"""The what-if simulator: a transfer pool or a growth scenario applied to one year's regions,
with the dispersion indices before and after (formats in the package docstring).

**Growth assumptions of a pool scenario** (optional keys; all default to 0, and a scenario
without them — every file written before they existed — gives exactly the static calculation of
the assessment year, as before):

* ``horizon_years`` H (whole years, 0–30): the "after" is the horizon year (assessment year + H);
* ``pool_growth_pct`` g_P (% a year, −50…100): the pool in the horizon year;
* ``target_growth_pct`` g_y (% a year, −50…100): the trend of the target indicator in every
  region (and in a reference row) without the transfer;
* ``population_growth_pct`` g_N (% a year, −10…10): every region's population.

With y_i the target indicator and N_i the population of region i in the assessment year::

    P_H   = P   · (1 + g_P/100)^H          (the pool)
    N_i,H = N_i · (1 + g_N/100)^H
    y_i,H = y_i · (1 + g_y/100)^H
    a_i   = P_H · w_i / Σ_j w_j             (w by the rule on the projected N_H, y_H;
                                             ``formula``: the assessment year's 均衡性 gaps)
    after_i = y_i,H + a_i / N_i,H ,    before_i = y_i

so ``change`` is the trend and the transfer together; the dispersion "after" is weighted by N_H.
Uniform growth of y alone leaves the scale-free indices (Gini, Williamson, Theil) unchanged: what
moves them is the pool growing faster or slower than the spending it tops up. The assumptions are
checked by :func:`check_scenario` (one located message per bad field, in Chinese and English).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

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
ALLOCATIONS = ("gap", "per_capita", "formula")
TARGETS = ("education_exp_pc", "health_exp_pc", "social_security_exp_pc", "disposable_income_pc")
MAX_POOL_YUAN = 1e13  # ten trillion yuan: beyond any county's or province's pool


@dataclass(frozen=True)
class GrowthField:
    """The range and names of one growth assumption."""

    low: float
    high: float
    whole: bool  # whole numbers only
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str


GROWTH_FIELDS: dict[str, GrowthField] = {
    "horizon_years": GrowthField(0, 30, True, "展望年数", "horizon", "年", "years"),
    "pool_growth_pct": GrowthField(
        -50, 100, False, "资金池年增长率", "pool growth", "%/年", "% a year"
    ),
    "target_growth_pct": GrowthField(
        -50, 100, False, "目标指标年增长率", "target indicator growth", "%/年", "% a year"
    ),
    "population_growth_pct": GrowthField(
        -10, 10, False, "人口年增长率", "population growth", "%/年", "% a year"
    ),
}


@dataclass(frozen=True)
class ScenarioIssue:
    """One bad field of a scenario: which, the value given, and what is wrong (zh, en)."""

    field: str
    value: str
    message_zh: str
    message_en: str

    def __str__(self) -> str:
        return f"{self.message_en} / {self.message_zh}"


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    v = float(value)
    return v if math.isfinite(v) else None


def _pool_issues(scenario: Mapping, bad) -> None:
    v = _number(scenario["transfer_pool_yuan"])
    if v is None or not 0 <= v <= MAX_POOL_YUAN:
        bad(
            "transfer_pool_yuan",
            "资金池须为 0 至 10 万亿之间的数（元）",
            "the pool must be a number of yuan from 0 to 10 trillion",
        )
    if scenario.get("allocation", "formula") not in ALLOCATIONS:
        bad("allocation", "分配方式须为 formula/per_capita/gap", "must be formula/per_capita/gap")
    if scenario.get("target_indicator", "education_exp_pc") not in TARGETS:
        names = "/".join(TARGETS)
        bad(
            "target_indicator",
            f"目标指标须为人均指标（{names}）",
            f"must be a per-capita indicator ({names})",
        )


def check_scenario(scenario: Mapping) -> list[ScenarioIssue]:
    """Every bad field of ``scenario`` (empty when it can be run): the kind (pool or growth),
    the pool, rule and target, and the growth assumptions with their ranges."""
    if not isinstance(scenario, Mapping):
        return [ScenarioIssue("", str(scenario)[:60], "情景须为 JSON 对象", "must be an object")]
    out: list[ScenarioIssue] = []

    def bad(key: str, zh: str, en: str) -> None:
        value = str(scenario.get(key))[:60]
        out.append(
            ScenarioIssue(
                key,
                value,
                f"情景字段 {key} 的值 {value}：{zh}",
                f"scenario field {key} = {value}: {en}",
            )
        )

    pool = "transfer_pool_yuan" in scenario
    if pool:
        _pool_issues(scenario, bad)
    elif "growth" not in scenario:
        out.append(
            ScenarioIssue(
                "",
                "",
                "情景须含 transfer_pool_yuan 或 growth",
                "scenario needs transfer_pool_yuan or growth",
            )
        )
    elif not isinstance(scenario["growth"], Mapping) or not all(
        (v := _number(x)) is not None and -100 < v <= 1000 for x in scenario["growth"].values()
    ):
        bad(
            "growth",
            "须为 {地区或分组: 增长百分比}，百分比为大于 −100、不超过 1000 的数",
            "must be {region or group: pct}, each pct a number above −100 and at most 1000",
        )
    if "indicators" in scenario and (
        not isinstance(scenario["indicators"], list)
        or not scenario["indicators"]
        or not all(isinstance(i, str) and i in BASE_INDICATORS for i in scenario["indicators"])
    ):
        bad(
            "indicators",
            "须为以下指标名称的列表：" + "、".join(BASE_INDICATORS),
            "must be a list of these indicator names: " + ", ".join(BASE_INDICATORS),
        )
    for key, f in GROWTH_FIELDS.items():
        if key not in scenario:
            continue
        v = _number(scenario[key])
        if v is None or not f.low <= v <= f.high or (f.whole and v != int(v)):
            kind_zh, kind_en = ("整数", "a whole number") if f.whole else ("数", "a number")
            bad(
                key,
                f"{f.name_zh}须为 {f.low:g} 至 {f.high:g} 之间的{kind_zh}（{f.unit_zh}）",
                f"{f.name_en} must be {kind_en} from {f.low:g} to {f.high:g} ({f.unit_en})",
            )
        elif v and not pool:
            bad(
                key,
                f"{f.name_zh}只用于转移支付资金池情景",
                f"{f.name_en} applies to a transfer-pool scenario only",
            )
    return out


def growth_assumptions(scenario: Mapping) -> dict[str, float]:
    """The four growth assumptions of ``scenario`` (0 where not given; not checked here)."""
    return {k: float(scenario.get(k) or 0) for k in GROWTH_FIELDS}


def _project(after: pd.DataFrame, target: str, g: Mapping[str, float]) -> float:
    """Move ``after`` (every row) to the horizon year in place; returns the pool factor."""
    h = g["horizon_years"]
    after["population"] = after["population"] * (1 + g["population_growth_pct"] / 100) ** h
    after[target] = after[target] * (1 + g["target_growth_pct"] / 100) ** h
    return (1 + g["pool_growth_pct"] / 100) ** h


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
    target = str(scenario.get("target_indicator", "education_exp_pc"))
    if target not in WELFARE_COMPONENTS and target != "disposable_income_pc":
        raise ValueError(
            f"target_indicator {target!r} must be a per-capita indicator / 目标指标须为人均指标"
        )
    pool = float(scenario["transfer_pool_yuan"]) * _project(
        after, target, growth_assumptions(scenario)
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
    """The year frame after the scenario (in the horizon year when one is given), allocations
    per region and the changed indicators; a bad field raises ``ValueError`` naming it."""
    issues = check_scenario(scenario)
    if issues:
        raise ValueError("; ".join(map(str, issues)))
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


def scenario_assumptions(scenario: Mapping, year: int) -> dict:
    """What a report prints about a scenario that was run on ``year``: its name, kind, pool,
    rule, target and growth assumptions, the assessment year and the horizon year."""
    g = growth_assumptions(scenario)
    out: dict = {"name": str(scenario.get("name", "scenario")), "year": int(year)}
    if "transfer_pool_yuan" in scenario:
        out |= {
            "kind": "pool",
            "transfer_pool_yuan": float(scenario["transfer_pool_yuan"]),
            "allocation": str(scenario.get("allocation", "formula")),
            "target_indicator": str(scenario.get("target_indicator", "education_exp_pc")),
            **g,
            "horizon_year": int(year) + int(g["horizon_years"]),
        }
    else:
        out |= {
            "kind": "growth",
            "growth": {str(k): float(v) for k, v in dict(scenario.get("growth", {})).items()},
            "horizon_year": int(year),
        }
    return out
