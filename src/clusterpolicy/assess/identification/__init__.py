"""Cluster identification (集群识别): LQs, rule sets, composite score, existence verdict.

For every industry of the focal region in ``year`` (methods.md §4, policy-frameworks §2.6/§3):

* ``LQ_rc = (E_rc/E_r)/(E_c/E)`` on employment, output, revenue and firm counts; the rules use
  the **primary measure** (``lq_measure``: employment when the data has it, else output, revenue,
  value added or firms — :mod:`clusterpolicy.assess.shape`), and every sentence names it;
  denominators are explicit ``industry_totals`` / ``reference_data`` when present, and the
  reference area is named as what it is (nation, province, prefecture, or "the N regions loaded");
* size ``E_rc``; focus ``E_rc/E_r``; growth ``CAGR(E_rc)`` over ``identification.growth.window_years``
  against the reference's ``CAGR(E_c)``.

Rule sets (thresholds in ``thresholds/identification.yaml``):

* **ECO stars** (§4.1): size star if ``E_rc ≥ P_{100−size_top_pct}`` of the regions' E_rc;
  specialisation star if ``LQ ≥ eco.lq_min``; focus star if ``E_rc/E_r ≥ P_{100−focus_top_pct}``.
* **U.S. CMP tiers** (§4.2, ``clustermapping/cmp`` reducer): strong = ``LQ ≥ P75 ∧ E > P25 ∧
  firms > P25 ∧ LQ ≥ 1``; strong10 with P90; significant ``LQ > P50 ∧ …``; qualifying ``LQ > P25 ∧ …``.
* **Honest benchmarks**: percentiles are over the regions loaded with a value > 0
  (``benchmark_regions``; the evidence names them). With fewer than
  ``identification.benchmark.min_regions`` regions (``benchmark_reliable`` False) the percentile
  results are shown but the absolute fall-back decides: ECO size star ``E ≥
  fallback.size_min_employment`` (employment only), focus star ``share ≥ fallback.focus_min_share``;
  CMP tier from the LQ cut-offs (strong10 ≥ ``lq.cutoff_high``, strong ≥ ``lq.cutoff_mid``,
  significant ≥ ``lq.cutoff_low``, qualifying ≥ ``cmp.strong_lq_floor``) with the size floor
  (``cmp_basis`` = ``absolute``).
* **Simple LQ cut-offs**: the highest of ``lq.cutoff_low/mid/high`` met (``lq_level``);
  ``simple_lq_pass`` = ``LQ ≥ lq.pass_min``.
* **MIIT 特色产业集群 criteria** (``criteria/miit_2022.yaml``): each criterion checked from the data
  (output floor in each of the last ``output_years`` years, output growth, firm count) or listed
  as "not checked — needs X" (``miit`` sheet); ``miit_national_pass`` / ``miit_provincial_pass``
  over the checked ones, ``miit_flag`` and ``miit_checked`` / ``miit_total`` beside the verdict.
  MIIT floors are absolute scale floors: they never make an industry a candidate.

Candidate (``specialised`` is required): ``LQ ≥ identification.candidate.lq_min`` **and** one of
``simple_lq_pass``, CMP tier ∈ {strong10, strong}, ``eco_stars ≥ candidate.min_eco_stars``.
Verdict (existence test, seeds 001/003): not a candidate → ``not_candidate``; any "no" →
``agglomeration_not_yet_cluster``; all answered and none "no" → ``cluster``; else
``candidate_unconfirmed``.

Composite score (0–100) = ``100 × Σ w_k·c_k / Σ w_k`` over available components: LQ components
``min(LQ/score.lq_cap, 1)``, size and focus = percentile rank among regions, growth
``clip(0.5 + (g_E − g_N)/score.growth_span, 0, 1)``.

Evidence: ``evidence`` is the compact trace (" | "); ``evidence_zh`` / ``evidence_en`` one sentence
per rule step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterpolicy.assess.identification.engine import context, industry_row
from clusterpolicy.assess.identification.families import FAMILY_COLUMNS
from clusterpolicy.assess.identification.miit import MIIT_COLUMNS
from clusterpolicy.knowledge import Profile
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.progress import ProgressCallback, ensure

CLUSTER_COLUMNS = [
    "region_code",
    "industry_code",
    "year",
    "lq_employment",
    "lq_output",
    "lq_firms",
    "eco_stars",
    "cmp_tier",
    "score",
    "rank",
    "verdict",
    "industry_name_zh",
    "industry_name_en",
    "employment",
    "employment_share",
    "emp_cagr",
    "ref_emp_cagr",
    "firms",
    "miit_national_pass",
    "miit_provincial_pass",
    "simple_lq_pass",
    "candidate",
    "existence",
    "evidence",
    # extra columns after the contract ones
    "evidence_zh",
    "evidence_en",
    "lq_level",
    "eco_size_star",
    "eco_lq_star",
    "eco_focus_star",
    "output",
    "denominator",
    "lq_measure",
    "lq",
    "lq_revenue",
    "size",
    "size_share",
    "specialised",
    "benchmark_regions",
    "benchmark_reliable",
    "cmp_basis",
    "miit_flag",
    "miit_checked",
    "miit_total",
    "reference_name_zh",
    "reference_name_en",
    "family_id",
    "family_zh",
    "family_en",
    "traded",
    "family_colocated",
    "ls_index",
]
VERDICTS = ("cluster", "agglomeration_not_yet_cluster", "candidate_unconfirmed", "not_candidate")
CMP_TIERS = ("strong10", "strong", "significant", "qualifying", "none")
RULE_SETS = ("eco", "cmp", "lq", "miit")


@dataclass
class IdentificationResult:
    """Result of :func:`identify_clusters`; ``tables()`` → ``clusters`` and ``miit``."""

    clusters: pd.DataFrame
    year: int
    focal_region: str
    warnings: list[str] = field(default_factory=list)
    measure: str = "employment"
    miit: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MIIT_COLUMNS))
    families: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FAMILY_COLUMNS))

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"clusters": self.clusters, "miit": self.miit, "families": self.families}


def _finish(rows: list[dict]) -> pd.DataFrame:
    out = pd.DataFrame(rows)
    if out.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in CLUSTER_COLUMNS})
    out["rank"] = out["score"].rank(ascending=False, method="min").astype("Int64")
    for col in ("miit_national_pass", "miit_provincial_pass"):
        out[col] = out[col].astype("boolean")
    return (
        out[CLUSTER_COLUMNS]
        .sort_values(["rank", "industry_code"], na_position="last")
        .reset_index(drop=True)
    )


def identify_clusters(
    data: CanonicalData,
    focal_region: str,
    *,
    profile: Profile,
    year: int | None = None,
    measure: str | None = None,
    rule_sets: Iterable[str] = RULE_SETS,
    existence: Mapping[str, Mapping[str, object]] | None = None,
    progress: ProgressCallback | None = None,
) -> IdentificationResult:
    """Identify candidate clusters of ``focal_region`` in ``year`` (default: the latest year of
    the primary measure; ``measure`` None = :func:`~clusterpolicy.assess.shape.primary_measure`).

    Returns one row per industry of the focal region (``clusters``) and the MIIT criteria
    (``miit``). Raises ``ValueError`` (bilingual) when the region or the measure is missing.
    """
    report = ensure(progress)
    rule_sets = tuple(rule_sets)
    unknown = set(rule_sets) - set(RULE_SETS)
    if unknown:
        raise ValueError(f"unknown rule set(s) {sorted(unknown)} / 未知规则集")
    region = str(focal_region)
    report(0.0, "location quotients / 计算区位熵")
    ctx, warnings = context(data, region, year, profile, rule_sets, measure, existence)
    vals = ctx.main.values
    industries = [c for c in vals.columns if np.isfinite(vals.at[region, c])]
    rows = []
    for i, ind in enumerate(industries):
        report(0.1 + 0.8 * i / max(len(industries), 1), f"{ind}")
        rows.append(industry_row(ctx, ind))
    report(1.0, "done / 完成")
    miit = pd.DataFrame(ctx.miit_rows, columns=MIIT_COLUMNS)
    return IdentificationResult(
        _finish(rows), ctx.year, region, warnings, ctx.measure, miit, ctx.families
    )


__all__ = [
    "CLUSTER_COLUMNS",
    "CMP_TIERS",
    "IdentificationResult",
    "MIIT_COLUMNS",
    "RULE_SETS",
    "VERDICTS",
    "identify_clusters",
]
