"""Welfare equalization (福利均等化): indicators, dispersion, agglomeration threshold, transfers, what-if.

Modules: :mod:`.welfare` (indicators, index), :mod:`.band` (seed 000's LQ band), :mod:`.transfers`,
:mod:`.scenario`; dispersion comes from the one builder :mod:`clusterpolicy.assess.inequality`.

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

**均衡性转移支付** (policy-frameworks §6; 财预〔2022〕58号 principle, simplified; details in
:mod:`.transfers`): standard revenue = tax base (GDP) × a standard rate (the profile's, else the
representative rate Σ revenue ÷ Σ GDP; actual revenue × collection factor without GDP); standard
expenditure = population × cost factor × the average standard revenue per head ×
``equalization.transfer.standard_exp_ratio``; ``transfer = max(SE − SR, 0) × coefficient``
(regions with SR ≥ SE get nothing), the coefficient from the profile or pool ÷ Σ positive gaps
when a pool is stated; per-capita transfers beside the absolute ones.
Growth control and incentive funds are left out. The central share of 共同财政事权 spending follows
the five tiers of 国办发〔2018〕6号 (province from the first two digits of a GB/T 2260 code; the five
计划单列市 by their first four digits); the code prefixes of each tier are data (the transfer
levers ``LEV-TR-T1`` … ``T5`` in ``levers/transfer.yaml``).

**What-if scenario** (JSON-able dict):

* ``{"name": "pool", "transfer_pool_yuan": 5e8, "allocation": "formula"|"per_capita"|"gap",
  "target_indicator": "education_exp_pc"}`` — the pool is split over the compared regions in
  proportion to the positive 均衡性 gaps (``formula``), to population (``per_capita``) or to
  ``population × max(reference − value, 0)`` of the target (``gap``); each region's target
  indicator rises by ``allocation / population``. Σ allocations = pool. Optional growth
  assumptions ``horizon_years``, ``pool_growth_pct``, ``target_growth_pct``,
  ``population_growth_pct`` (all 0 by default: the static calculation of the assessment year)
  move the "after" to the horizon year — formulas and ranges in :mod:`.scenario`.
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
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterpolicy.assess import inequality
from clusterpolicy.assess.equalization.band import THRESHOLD_COLUMNS, band_rows
from clusterpolicy.assess.equalization.scenario import SCENARIO_COLUMNS, scenario_rows
from clusterpolicy.assess.equalization.transfers import TRANSFER_COLUMNS, transfers_table
from clusterpolicy.assess.equalization.welfare import (
    BASE_INDICATORS,
    WELFARE_COMPONENTS,
    default_year,
    derived_note,
    indicator_frame,
    reference_value,
    welfare_index,
    welfare_means,
)
from clusterpolicy.assess.inequality import INEQUALITY_COLUMNS
from clusterpolicy.knowledge import Profile
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.model.derive import PER_CAPITA_FROM_TOTAL, derived_mask
from clusterpolicy.progress import ProgressCallback, ensure

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


def _gap_rows(data: CanonicalData, fy: pd.DataFrame, region: str, reference: str) -> list[dict]:
    """One row per region and indicator of the assessed year: value, rank, gap to the benchmark."""
    comp = fy.loc[~fy["is_reference_area"]]
    all_vals = fy.set_index("region_code")
    derived = {ind: derived_mask(fy, ind) for ind in PER_CAPITA_FROM_TOTAL}
    derived["welfare_index"] = (
        pd.concat(list(derived.values()), axis=1).any(axis=1) & fy["welfare_index"].notna()
    )
    rows = []
    for ind in [*BASE_INDICATORS, "welfare_index"]:
        if not comp[ind].notna().any():
            continue
        ref = reference_value(comp[ind], comp["population"], all_vals[ind], reference)
        ranks = comp[ind].rank(ascending=False, method="min")
        for idx, r in fy.iterrows():
            v = r[ind]
            code = r["region_code"]
            rows.append(
                {
                    "region_code": code,
                    "year": int(r["year"]),
                    "indicator": ind,
                    "value": v,
                    "rank": ranks.get(idx, np.nan),
                    "gap_to_reference": v - ref,
                    "gap_pct": (v - ref) / ref * 100 if ref else math.nan,
                    "group": r["group"],
                    "region_name": data.region_name(code),
                    "is_focal": code == region,
                    "reference_value": ref,
                    "region_name_en": data.region_name(code, "en"),
                    "derived": bool(derived[ind].get(idx, False)) if ind in derived else False,
                }
            )
    return rows


def _check(frame: pd.DataFrame, region: str, year: int, years: list[int], reference: str):
    if year not in years:
        raise ValueError(f"no region data for {year} / {year}年无地区数据")
    warnings: list[str] = []
    note = derived_note(frame.loc[frame["year"] == year], year)
    if note:
        warnings.append(note)
    if region not in set(frame["region_code"]):
        warnings.append(f"focal region {region} not in region_data / 本地区不在地区数据中")
    if reference not in ("weighted_mean", "mean") and reference not in set(frame["region_code"]):
        raise ValueError(
            f"reference {reference!r} is not a region in region_data / 参照 {reference!r} 不在地区数据中"
        )
    return warnings


def assess_equalization(
    data: CanonicalData,
    focal_region: str,
    *,
    profile: Profile,
    year: int | None = None,
    reference: str = "weighted_mean",
    reference_code: str | None = None,
    clusters: pd.DataFrame | None = None,
    scenario: Mapping | None = None,
    progress: ProgressCallback | None = None,
) -> EqualizationResult:
    """Welfare-equalization assessment of ``focal_region`` (see the package docstring).

    ``year``: the year of the gap table, threshold, transfers and scenario (default: the latest
    year in which at least two compared regions have population and an indicator, given or
    derived from totals; else the latest year of ``region_data``); dispersion is computed for
    every year. ``reference_code``: an explicit reference area left out of the comparison.
    """
    report = ensure(progress)
    region = str(focal_region)
    rd = inequality.region_frame(data, reference_code)
    if rd.empty:
        raise ValueError(
            "no region data / 无地区数据：福利均等化需要地区指标（人口、人均收入、人均支出等）"
        )
    report(0.05, "indicators / 计算指标")
    frame = indicator_frame(rd, profile)
    years = sorted(int(y) for y in frame["year"].unique())
    year = int(year) if year is not None else default_year(frame, years)
    warnings = _check(frame, region, year, years, reference)
    report(0.1, "dispersion / 差距指标")
    comp = frame.loc[~frame["is_reference_area"]]
    indicators = list(
        dict.fromkeys([*inequality.per_capita_indicators(comp), *BASE_INDICATORS, "welfare_index"])
    )
    ineq = inequality.inequality_table(frame, indicators)
    fy = frame.loc[frame["year"] == year].reset_index(drop=True)
    equalization = pd.DataFrame(
        _gap_rows(data, fy, region, reference), columns=EQUALIZATION_COLUMNS
    )
    equalization["rank"] = equalization["rank"].astype("Int64")
    report(0.75, "threshold / 门槛")
    threshold_tab = band_rows(data, region, year, clusters, profile)
    try:
        transfers = transfers_table(
            fy.loc[~fy["is_reference_area"]].reset_index(drop=True), profile
        )
    except ValueError as exc:  # the what-if lacks an input: the rest of the step stands
        warnings.append(f"均衡性转移支付测算未进行 / the transfer what-if was not run: {exc}")
        transfers = pd.DataFrame(columns=TRANSFER_COLUMNS)
    scen: list[dict] = []
    if scenario:
        report(0.85, "scenario / 情景模拟")
        scen = scenario_rows(fy, scenario, transfers, reference, profile)
    report(1.0, "done / 完成")
    return EqualizationResult(
        equalization=equalization,
        inequality=ineq,
        agglomeration_threshold=threshold_tab,
        scenario=pd.DataFrame(scen, columns=SCENARIO_COLUMNS),
        transfers=transfers,
        levers=[dict(lv) for lv in profile.levers()],
        year=year,
        warnings=warnings,
    )


__all__ = [
    "BASE_INDICATORS",
    "EQUALIZATION_COLUMNS",
    "EqualizationResult",
    "INEQUALITY_COLUMNS",
    "SCENARIO_COLUMNS",
    "THRESHOLD_COLUMNS",
    "TRANSFER_COLUMNS",
    "WELFARE_COMPONENTS",
    "assess_equalization",
    "transfers_table",
    "welfare_index",
    "welfare_means",
]
