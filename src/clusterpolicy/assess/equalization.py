"""Welfare equalization (福利均等化): indicators, dispersion, agglomeration threshold, transfers, what-if.

**Indicators** (seed 000 ch. 4/7, L76/L84; DESIGN §2 step 6), per region and year from ``region_data``:
``disposable_income_pc``, ``manufacturing_emp_per_10k`` = manufacturing_employment / population ×
10 000, ``education_exp_pc``, ``health_exp_pc``, ``social_security_exp_pc`` and the
**public-welfare index** (``welfare_index``) over the three public-spending indicators:

    welfare_index_i = 100 × Σ_k w_k · (y_ik / μ_k) / Σ_k w_k

with ``μ_k`` the population-weighted mean of indicator k over the compared regions in that year
(ratio-to-mean normalisation: 100 = the average level; it keeps the index positive, so Theil L is
defined) and weights ``equalization.welfare_index.w_education / w_health / w_social_security``.
Regions missing an indicator are scored on the others (weights re-normalised).

**Per capita from totals** (:func:`clusterpolicy.model.derive.with_per_capita`): where a
per-capita spending cell is missing but the total (``education_exp``, ``health_exp``,
``social_security_exp`` in yuan, e.g. yearbook table 7-6 分地区一般公共预算支出 in 亿元) and the
population are given, ``x_pc = x / population`` is used; a given per-capita figure is never
replaced. The ``derived`` column of the ``equalization`` sheet is True for such values (for
``welfare_index``: when any component was derived), and a note in ``warnings`` counts them.

**Compared regions**: ``region_data`` rows of regions not flagged ``is_reference`` in ``regions``.
**Reference value** (``reference``): ``"weighted_mean"`` (population-weighted mean of the compared
regions, default), ``"mean"`` (unweighted), or a region code whose own row is the benchmark
(e.g. the province's row). ``gap_to_reference = value − reference_value``, ``gap_pct`` in %.
``rank`` = 1 for the highest value (more is better for every indicator here).

**Dispersion** (``inequality`` sheet, methods.md §6): population-weighted Gini, Williamson, Theil T
and Theil L with the exact between/within decomposition by ``group`` (region_data.group, else
regions.group), and unweighted Gini/CV, per indicator and year.

**Agglomeration threshold** (seed 000 L84): "临界值在区位熵为1.23~4.56水平 … 初始阶段的产业聚集对公共福利
产生'挤出效应'; 当产业聚集程度达到一定'门槛'高度后，才对公共福利产生正的影响" — LQ < band_low → ``below``
(crowding-out zone), band_low ≤ LQ ≤ band_high → ``within`` (the estimated turning point lies in this
band: the sign of the effect is uncertain), LQ > band_high → ``above`` (positive-effect zone).

**均衡性转移支付** (policy-frameworks §6; 财预〔2022〕58号 principle, simplified):
``standard_expenditure_i = population_i × per_capita_standard × cost_factor_i`` with
``per_capita_standard = equalization.transfer.standard_exp_ratio ×`` the population-weighted mean
fiscal expenditure per capita and ``cost_factor_i`` = region_data column ``cost_factor`` when given,
else 1; ``standard_revenue_i = fiscal_revenue_i × equalization.transfer.collection_factor``;
``gap = SE − SR``; ``transfer = max(gap, 0) × coefficient`` (regions with SR ≥ SE get nothing).
Growth control and incentive funds are left out. The central share of 共同财政事权 spending follows
the five tiers of 国办发〔2018〕6号 (province from the first two digits of a GB/T 2260 code; the five
计划单列市 by their first four digits).

**What-if scenario** (JSON-able dict):

* ``{"name": "pool", "transfer_pool_yuan": 5e8, "allocation": "formula"|"per_capita"|"gap",
  "target_indicator": "education_exp_pc"}`` — the pool is split over the compared regions in
  proportion to the positive 均衡性 gaps (``formula``), to population (``per_capita``) or to
  ``population × max(reference − value, 0)`` of the target (``gap``); each region's target
  indicator rises by ``allocation / population``. Σ allocations = pool.
* ``{"name": "growth", "growth": {"<region_code or group>": pct, ...}, "indicators": [...]}`` —
  the listed indicators (default: all five) of the matching regions grow by ``pct`` %.

After a scenario the welfare index is normalised by the **before-scenario** means μ_k, so its change
shows the real change in spending. The ``scenario`` sheet lists per region and changed indicator the value before and after (and the
``transfer_yuan`` received), then rows with region_code ``ALL`` for the dispersion indices
(``gini``, ``williamson``, ``theil_t``, ``theil_l``) of every changed indicator and the welfare index
(``of_indicator`` names which).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterpolicy.assess import _panel as P
from clusterpolicy.metrics import inequality_indices
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.model.derive import (
    DERIVED_COLUMN,
    PER_CAPITA_FROM_TOTAL,
    derived_mask,
    with_per_capita,
)
from clusterpolicy.progress import ProgressCallback, ensure

BASE_INDICATORS = (
    "disposable_income_pc",
    "manufacturing_emp_per_10k",
    "education_exp_pc",
    "health_exp_pc",
    "social_security_exp_pc",
)
WELFARE_COMPONENTS = {
    "education_exp_pc": "w_education",
    "health_exp_pc": "w_health",
    "social_security_exp_pc": "w_social_security",
}
INDICATOR_LABELS = {
    "disposable_income_pc": ("居民人均可支配收入", "Disposable income per capita"),
    "manufacturing_emp_per_10k": (
        "每万人制造业从业人员",
        "Manufacturing employment per 10,000 people",
    ),
    "education_exp_pc": ("人均教育支出", "Education spending per capita"),
    "health_exp_pc": ("人均卫生健康支出", "Health spending per capita"),
    "social_security_exp_pc": ("人均社会保障和就业支出", "Social-security spending per capita"),
    "welfare_index": ("公共福利指数", "Public-welfare index"),
}
EQUALIZATION_COLUMNS = [
    "region_code",
    "year",
    "indicator",
    "value",
    "rank",
    "gap_to_reference",
    "gap_pct",
    "group",
    "region_name",
    "is_focal",
    "reference_value",
    "region_name_en",
    "derived",
]
INEQUALITY_COLUMNS = [
    "indicator",
    "year",
    "weighting",
    "group_by",
    "index",
    "value",
    "between",
    "within",
]
THRESHOLD_COLUMNS = [
    "region_code",
    "industry_code",
    "year",
    "lq",
    "band_low",
    "band_high",
    "zone",
    "reading_zh",
    "reading_en",
]
SCENARIO_COLUMNS = [
    "scenario",
    "region_code",
    "indicator",
    "before",
    "after",
    "change",
    "of_indicator",
]
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

# 国办发〔2018〕6号 cost-sharing tiers: GB/T 2260 prefixes (2 digits = province, 4 = 计划单列市)
COST_SHARING_TIERS: dict[int, tuple[str, ...]] = {
    1: ("15", "45", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"),
    2: ("13", "14", "22", "23", "34", "36", "41", "42", "43", "46"),
    3: ("21", "37", "35"),
    4: ("12", "32", "33", "44", "2102", "3302", "3502", "3702", "4403"),
    5: ("11", "31"),
}

READINGS = {
    "below": (
        "区位熵低于门槛区间：初始阶段的产业聚集对公共福利产生'挤出效应'，宜加强中央转移支付、保障教育和社会保障支出"
        "（种子000 L84）",
        "LQ below the critical band: early-stage agglomeration crowds out public welfare; protect education and"
        " social-security spending and rely on central transfers (seed 000 L84)",
    ),
    "within": (
        "区位熵处于临界区间（1.23~4.56为各设定估计的拐点范围）：聚集对公共福利的影响方向不确定",
        "LQ within the critical band (the range of estimated turning points): the sign of the welfare effect"
        " is uncertain (seed 000 L84)",
    ),
    "above": (
        "区位熵高于门槛区间：产业聚集达到'门槛'高度后对公共福利产生正的影响（种子000 L84）",
        "LQ above the critical band: past the threshold, agglomeration raises public welfare (seed 000 L84)",
    ),
}


@dataclass
class EqualizationResult:
    """Result of :func:`assess_equalization`; ``tables()`` gives the five sheets."""

    equalization: pd.DataFrame
    inequality: pd.DataFrame
    agglomeration_threshold: pd.DataFrame
    scenario: pd.DataFrame
    transfers: pd.DataFrame
    levers: list[dict] = field(default_factory=list)
    year: int | None = None
    warnings: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "equalization": self.equalization,
            "inequality": self.inequality,
            "agglomeration_threshold": self.agglomeration_threshold,
            "scenario": self.scenario,
            "transfers": self.transfers,
        }


def _t(th: Mapping[str, float], key: str) -> float:
    return P.threshold(th, f"equalization.{key}")


# --- dispersion -----------------------------------------------------------------------------
def dispersion(
    values: pd.Series, population: pd.Series | None, groups: pd.Series | None
) -> dict[str, tuple]:
    """index → (value, between, within) for gini, williamson, theil_t, theil_l, cv
    (:func:`clusterpolicy.metrics.inequality_indices`; population-weighted when given)."""
    ok = values.notna() & (values >= 0)
    if population is not None:
        ok &= population.notna() & (population > 0)
    y = values[ok].to_numpy(dtype="float64")
    if y.size < 2 or y.sum() <= 0:
        return {}
    w = population[ok].to_numpy(dtype="float64") if population is not None else None
    g = (
        groups[ok].to_numpy(dtype=object)
        if groups is not None and groups[ok].notna().all()
        else None
    )
    r = inequality_indices(y, weights=w, groups=g)
    dec = r.decomposition() if g is not None else {}
    nan = math.nan
    return {
        "gini": (r.gini, nan, nan),
        "williamson": (r.williamson, nan, nan),
        "cv": (r.cv, nan, nan),
        "theil_t": (r.theil_t, *dec.get("theil_t", (nan, nan))),
        "theil_l": (r.theil_l, *dec.get("theil_l", (nan, nan))),
    }


# --- indicators -----------------------------------------------------------------------------
def _region_frame(data: CanonicalData) -> pd.DataFrame:
    rd = with_per_capita(data.region_data)
    rd["region_code"] = rd["region_code"].astype(str)
    regs = data.regions.copy()
    regs["region_code"] = regs["region_code"].astype(str)
    ref_codes = (
        set(regs.loc[regs["is_reference"].fillna(False).astype(bool), "region_code"])
        if len(regs)
        else set()
    )
    if "group" not in rd.columns:
        rd["group"] = pd.NA
    if len(regs):
        gmap = regs.set_index("region_code")["group"]
        gmap = gmap[~gmap.index.duplicated()]
        rd["group"] = rd["group"].fillna(rd["region_code"].map(gmap))
    if "population" in rd.columns and "manufacturing_employment" in rd.columns:
        rd["manufacturing_emp_per_10k"] = rd["manufacturing_employment"] / rd["population"] * 1e4
    else:
        rd["manufacturing_emp_per_10k"] = np.nan
    rd["is_reference_area"] = rd["region_code"].isin(ref_codes)
    return rd


def welfare_means(frame: pd.DataFrame) -> dict[str, float]:
    """Population-weighted mean μ_k of each welfare component over ``frame``'s rows."""
    out = {}
    pop = frame["population"] if "population" in frame else pd.Series(np.nan, index=frame.index)
    for col in WELFARE_COMPONENTS:
        if col not in frame or not frame[col].notna().any():
            continue
        ok = frame[col].notna() & pop.notna() & (pop > 0)
        out[col] = (
            float((frame.loc[ok, col] * pop[ok]).sum() / pop[ok].sum())
            if ok.any()
            else float(frame[col].mean())
        )
    return out


def welfare_index(
    frame: pd.DataFrame, thresholds: Mapping[str, float], means: Mapping[str, float] | None = None
) -> pd.Series:
    """The public-welfare index of ``frame``'s rows (one year; see module docstring).

    ``means``: the μ_k to normalise by (default: those of ``frame``); the scenario passes the
    before-scenario means so that after-values are on the same scale.
    """
    means = welfare_means(frame) if means is None else means
    num = pd.Series(0.0, index=frame.index)
    den = pd.Series(0.0, index=frame.index)
    for col, wkey in WELFARE_COMPONENTS.items():
        w = _t(thresholds, f"welfare_index.{wkey}")
        mu = means.get(col)
        if col not in frame or not frame[col].notna().any() or w <= 0 or not mu:
            continue
        has = frame[col].notna()
        num[has] += w * frame.loc[has, col] / mu
        den[has] += w
    return (100 * num / den).where(den > 0)


def _reference_value(vals: pd.Series, pop: pd.Series, all_vals: pd.Series, reference: str) -> float:
    if reference == "weighted_mean":
        ok = vals.notna() & pop.notna() & (pop > 0)
        return float((vals[ok] * pop[ok]).sum() / pop[ok].sum()) if ok.any() else float(vals.mean())
    if reference == "mean":
        return float(vals.mean())
    return float(all_vals.get(reference, math.nan))


def _tier(code: str) -> int | None:
    for tier, prefixes in COST_SHARING_TIERS.items():
        if any(len(p) == 4 and code.startswith(p) for p in prefixes):
            return tier
    for tier, prefixes in COST_SHARING_TIERS.items():
        if any(len(p) == 2 and code[:2] == p for p in prefixes) and code[:1].isdigit():
            return tier
    return None


def transfers_table(
    year_frame: pd.DataFrame, thresholds: Mapping[str, float], coefficient: float | None = None
) -> pd.DataFrame:
    """均衡性转移支付 per region (module docstring); ``coefficient`` overrides the threshold."""
    f = year_frame
    need = {"population", "fiscal_revenue", "fiscal_expenditure"}
    if not need.issubset(f.columns) or f[list(need)].isna().all().any():
        return pd.DataFrame(columns=TRANSFER_COLUMNS)
    ok = f["population"].notna() & (f["population"] > 0) & f["fiscal_expenditure"].notna()
    pc_std = _t(thresholds, "transfer.standard_exp_ratio") * float(
        f.loc[ok, "fiscal_expenditure"].sum() / f.loc[ok, "population"].sum()
    )
    cost = f["cost_factor"].fillna(1.0) if "cost_factor" in f else pd.Series(1.0, index=f.index)
    se = f["population"] * pc_std * cost
    sr = f["fiscal_revenue"] * _t(thresholds, "transfer.collection_factor")
    coef = _t(thresholds, "transfer.coefficient") if coefficient is None else coefficient
    gap = se - sr
    tiers = f["region_code"].map(_tier)
    shares = tiers.map(
        lambda t: (
            _t(thresholds, f"cost_sharing.tier{int(t)}_central_share_pct")
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
            "tier": pd.array(tiers.to_numpy(), dtype="Int64"),
            "central_share": shares.to_numpy(),
        }
    )


def _default_year(frame: pd.DataFrame, years: list[int]) -> int:
    """The latest year in which at least two compared regions have population and an indicator
    (given or derived per capita), else the latest year of ``frame``."""
    comp = frame.loc[~frame["is_reference_area"]]
    cols = [c for c in (*BASE_INDICATORS, "welfare_index") if c in comp]
    usable = comp["population"].notna() & comp[cols].notna().any(axis=1)
    counts = comp.loc[usable].groupby("year")["region_code"].nunique()
    ok = [int(y) for y, n in counts.items() if n >= 2]
    return max(ok) if ok else years[-1]


def _derived_note(year_frame: pd.DataFrame, year: int) -> str:
    """A bilingual note saying which per-capita values of ``year`` were derived (or "")."""
    if DERIVED_COLUMN not in year_frame:
        return ""
    parts_zh, parts_en = [], []
    for pc, total in PER_CAPITA_FROM_TOTAL.items():
        n = int(derived_mask(year_frame, pc).sum())
        if n:
            parts_zh.append(f"{INDICATOR_LABELS[pc][0]} {n} 个地区")
            parts_en.append(f"{pc} = {total} / population for {n} regions")
    if not parts_zh:
        return ""
    return (
        f"{year}年人均支出由支出总额除以常住人口推算：{'；'.join(parts_zh)} / "
        f"per-capita spending {year} derived from totals: {'; '.join(parts_en)}"
    )


def _indicator_frame(rd: pd.DataFrame, thresholds) -> pd.DataFrame:
    out = []
    for _, fy in rd.groupby("year", sort=True):
        fy = fy.copy()
        comp = ~fy["is_reference_area"]
        fy["welfare_index"] = np.nan
        fy.loc[comp, "welfare_index"] = welfare_index(fy.loc[comp], thresholds)
        out.append(fy)
    return pd.concat(out, ignore_index=True) if out else rd.assign(welfare_index=np.nan)


def _inequality_rows(frame: pd.DataFrame, indicators: Sequence[str], year: int) -> list[dict]:
    rows = []
    comp = frame.loc[~frame["is_reference_area"]]
    pop = comp["population"] if comp["population"].notna().any() else None
    has_groups = comp["group"].notna().all() and comp["group"].nunique() > 1
    for ind in indicators:
        if ind not in comp or not comp[ind].notna().any():
            continue
        for weighting, w in (("population", pop), ("none", None)):
            if weighting == "population" and w is None:
                continue
            res = dispersion(comp[ind], w, comp["group"] if has_groups else None)
            for idx, (val, btw, wit) in res.items():
                if (weighting == "none" and idx == "williamson") or (
                    weighting == "population" and idx == "cv"
                ):
                    continue
                rows.append(
                    {
                        "indicator": ind,
                        "year": int(year),
                        "weighting": weighting,
                        "group_by": "group" if has_groups and idx.startswith("theil") else "",
                        "index": idx,
                        "value": val,
                        "between": btw,
                        "within": wit,
                    }
                )
    return rows


def _agglomeration_rows(
    data: CanonicalData, region: str, year: int | None, clusters: pd.DataFrame | None, thresholds
) -> pd.DataFrame:
    low, high = _t(thresholds, "agglomeration.band_low"), _t(thresholds, "agglomeration.band_high")
    if clusters is not None and len(clusters):
        c = clusters.loc[clusters["region_code"].astype(str) == region]
        if "candidate" in c and c["candidate"].astype(bool).any():
            c = c.loc[c["candidate"].astype(bool)]
        src = c[["region_code", "industry_code", "year", "lq_employment"]].rename(
            columns={"lq_employment": "lq"}
        )
    else:
        years = P.measure_years(data, "employment")
        y = year if year in years else (years[-1] if years else None)
        pan = P.lq_panel(data, "employment", y) if y is not None else None
        if pan is None or region not in pan.lq.index:
            return pd.DataFrame(columns=THRESHOLD_COLUMNS)
        lq = pan.lq.loc[region].dropna()
        src = pd.DataFrame(
            {
                "region_code": region,
                "industry_code": lq.index.astype(str),
                "year": y,
                "lq": lq.to_numpy(),
            }
        )
    rows = []
    for _, r in src.iterrows():
        lq = float(r["lq"])
        if not np.isfinite(lq):
            continue
        zone = "below" if lq < low else ("above" if lq > high else "within")
        rows.append(
            {
                "region_code": region,
                "industry_code": str(r["industry_code"]),
                "year": int(r["year"]),
                "lq": lq,
                "band_low": low,
                "band_high": high,
                "zone": zone,
                "reading_zh": READINGS[zone][0],
                "reading_en": READINGS[zone][1],
            }
        )
    return pd.DataFrame(rows, columns=THRESHOLD_COLUMNS)


def _apply_scenario(
    fy: pd.DataFrame, scenario: Mapping, transfers: pd.DataFrame, reference: str, thresholds
) -> tuple[pd.DataFrame, dict[str, float], list[str]]:
    """Return the year frame after the scenario, allocations per region and the changed indicators."""
    after = fy.copy()
    comp = ~after["is_reference_area"]
    alloc: dict[str, float] = {}
    if "transfer_pool_yuan" in scenario:
        pool = float(scenario["transfer_pool_yuan"])
        target = str(scenario.get("target_indicator", "education_exp_pc"))
        method = str(scenario.get("allocation", "formula"))
        if target not in WELFARE_COMPONENTS and target != "disposable_income_pc":
            raise ValueError(
                f"target_indicator {target!r} must be a per-capita indicator / 目标指标须为人均指标"
            )
        pop = after.loc[comp, "population"]
        if method == "formula":
            if transfers.empty:
                raise ValueError(
                    "formula allocation needs population and fiscal revenue/expenditure"
                    " / 按公式分配需要人口与财政收支数据"
                )
            g = transfers.set_index("region_code")["gap"].clip(lower=0)
            weights = after.loc[comp, "region_code"].map(g).fillna(0.0)
        elif method == "per_capita":
            weights = pop.fillna(0.0)
        elif method == "gap":
            ref = _reference_value(
                after.loc[comp, target], pop, after.set_index("region_code")[target], reference
            )
            weights = (pop * (ref - after.loc[comp, target]).clip(lower=0)).fillna(0.0)
        else:
            raise ValueError(
                f"allocation {method!r} must be formula/per_capita/gap / 分配方式须为 formula/per_capita/gap"
            )
        weights = weights.where(pop > 0, 0.0)
        if weights.sum() <= 0:
            raise ValueError("no region qualifies for the pool / 没有地区符合分配条件")
        shares = weights / weights.sum()
        amounts = shares * pool
        after.loc[comp, target] = after.loc[comp, target] + amounts / pop
        alloc = dict(zip(after.loc[comp, "region_code"], amounts, strict=True))
        changed = [target]
    elif "growth" in scenario:
        inds = list(scenario.get("indicators", BASE_INDICATORS))
        changed = inds
        for key, pct_ in scenario["growth"].items():
            match = comp & (
                (after["region_code"] == str(key)) | (after["group"].astype("string") == str(key))
            )
            if not match.any():
                raise ValueError(
                    f"scenario key {key!r} matches no region or group / 情景中的 {key!r} 不是地区或分组"
                )
            for ind in inds:
                after.loc[match, ind] = after.loc[match, ind] * (1 + float(pct_) / 100)
    else:
        raise ValueError(
            "scenario needs transfer_pool_yuan or growth / 情景须含 transfer_pool_yuan 或 growth"
        )
    after.loc[comp, "welfare_index"] = welfare_index(
        after.loc[comp], thresholds, welfare_means(fy.loc[comp])
    )
    return after, alloc, changed


def assess_equalization(
    data: CanonicalData,
    focal_region: str,
    *,
    year: int | None = None,
    thresholds: Mapping[str, float],
    reference: str = "weighted_mean",
    clusters: pd.DataFrame | None = None,
    levers: Sequence[Mapping] = (),
    scenario: Mapping | None = None,
    progress: ProgressCallback | None = None,
) -> EqualizationResult:
    """Welfare-equalization assessment of ``focal_region`` (see the module docstring).

    ``year``: the year of the gap table, threshold, transfers and scenario (default: the latest
    year in which at least two compared regions have population and an indicator, given or
    derived from totals; else the latest year of ``region_data``); dispersion is computed for
    every year.
    """
    report = ensure(progress)
    region = str(focal_region)
    rd = _region_frame(data)
    if rd.empty:
        raise ValueError(
            "no region data / 无地区数据：福利均等化需要地区指标（人口、人均收入、人均支出等）"
        )
    report(0.05, "indicators / 计算指标")
    frame = _indicator_frame(rd, thresholds)
    indicators = [*BASE_INDICATORS, "welfare_index"]
    years = sorted(int(y) for y in frame["year"].unique())
    year = int(year) if year is not None else _default_year(frame, years)
    if year not in years:
        raise ValueError(f"no region data for {year} / {year}年无地区数据")
    warnings: list[str] = []
    note = _derived_note(frame.loc[frame["year"] == year], year)
    if note:
        warnings.append(note)
    if region not in set(frame["region_code"]):
        warnings.append(f"focal region {region} not in region_data / 本地区不在地区数据中")
    if reference not in ("weighted_mean", "mean") and reference not in set(frame["region_code"]):
        raise ValueError(
            f"reference {reference!r} is not a region in region_data / 参照 {reference!r} 不在地区数据中"
        )
    eq_rows, ineq_rows = [], []
    for k, y in enumerate(years):
        report(0.1 + 0.6 * k / len(years), f"{y}")
        fy = frame.loc[frame["year"] == y]
        ineq_rows += _inequality_rows(fy, indicators, y)
        if y != year:
            continue
        comp = fy.loc[~fy["is_reference_area"]]
        all_vals = fy.set_index("region_code")
        derived = {ind: derived_mask(fy, ind) for ind in PER_CAPITA_FROM_TOTAL}
        derived["welfare_index"] = (
            pd.concat(list(derived.values()), axis=1).any(axis=1) & fy["welfare_index"].notna()
        )
        for ind in indicators:
            if not comp[ind].notna().any():
                continue
            ref = _reference_value(comp[ind], comp["population"], all_vals[ind], reference)
            ranks = comp[ind].rank(ascending=False, method="min")
            for idx, r in fy.iterrows():
                v = r[ind]
                eq_rows.append(
                    {
                        "region_code": r["region_code"],
                        "year": int(y),
                        "indicator": ind,
                        "value": v,
                        "rank": ranks.get(idx, np.nan),
                        "gap_to_reference": v - ref,
                        "gap_pct": (v - ref) / ref * 100 if ref else math.nan,
                        "group": r["group"],
                        "region_name": data.region_name(r["region_code"]),
                        "is_focal": r["region_code"] == region,
                        "reference_value": ref,
                        "region_name_en": data.region_name(r["region_code"], "en"),
                        "derived": bool(derived[ind].get(idx, False)) if ind in derived else False,
                    }
                )
    equalization = pd.DataFrame(eq_rows, columns=EQUALIZATION_COLUMNS)
    equalization["rank"] = equalization["rank"].astype("Int64")
    report(0.75, "threshold / 门槛")
    threshold_tab = _agglomeration_rows(data, region, year, clusters, thresholds)
    fy = frame.loc[frame["year"] == year].reset_index(drop=True)
    transfers = transfers_table(fy.loc[~fy["is_reference_area"]].reset_index(drop=True), thresholds)
    scen_rows: list[dict] = []
    if scenario:
        report(0.85, "scenario / 情景模拟")
        name = str(scenario.get("name", "scenario"))
        after, alloc, changed = _apply_scenario(fy, scenario, transfers, reference, thresholds)
        for ind in [*changed, "welfare_index"]:
            for i in fy.index:
                b, a = fy.at[i, ind], after.at[i, ind]
                if fy.at[i, "is_reference_area"] or (pd.isna(b) and pd.isna(a)):
                    continue
                scen_rows.append(
                    {
                        "scenario": name,
                        "region_code": fy.at[i, "region_code"],
                        "indicator": ind,
                        "before": b,
                        "after": a,
                        "change": a - b,
                        "of_indicator": ind,
                    }
                )
        for code, amount in alloc.items():
            scen_rows.append(
                {
                    "scenario": name,
                    "region_code": code,
                    "indicator": "transfer_yuan",
                    "before": 0.0,
                    "after": amount,
                    "change": amount,
                    "of_indicator": "transfer_yuan",
                }
            )
        cb, ca = fy.loc[~fy["is_reference_area"]], after.loc[~after["is_reference_area"]]
        pop_b = cb["population"] if cb["population"].notna().any() else None
        pop_a = ca["population"] if ca["population"].notna().any() else None
        for ind in [*changed, "welfare_index"]:
            db, da = dispersion(cb[ind], pop_b, None), dispersion(ca[ind], pop_a, None)
            for idx in ("gini", "williamson", "theil_t", "theil_l"):
                if idx in db and idx in da:
                    scen_rows.append(
                        {
                            "scenario": name,
                            "region_code": "ALL",
                            "indicator": idx,
                            "before": db[idx][0],
                            "after": da[idx][0],
                            "change": da[idx][0] - db[idx][0],
                            "of_indicator": ind,
                        }
                    )
    report(1.0, "done / 完成")
    return EqualizationResult(
        equalization=equalization,
        inequality=pd.DataFrame(ineq_rows, columns=INEQUALITY_COLUMNS),
        agglomeration_threshold=threshold_tab,
        scenario=pd.DataFrame(scen_rows, columns=SCENARIO_COLUMNS),
        transfers=transfers,
        levers=[dict(lv) for lv in levers],
        year=year,
        warnings=warnings,
    )
