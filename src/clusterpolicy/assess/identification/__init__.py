"""Cluster identification (集群识别): LQs, rule sets, composite score, existence verdict.

For every industry of the focal region in ``year`` (methods.md §4, policy-frameworks §2.6/§3):

* ``LQ_rc = (E_rc/E_r)/(E_c/E)`` on employment, output and firm counts; denominators are explicit
  ``industry_totals`` / ``reference_data`` when present (the evidence names which);
* size ``E_rc``; focus ``E_rc/E_r``; growth ``CAGR(E_rc)`` over ``identification.growth.window_years``
  against the reference's ``CAGR(E_c)``.

Rule sets (each threshold is an id of ``thresholds/identification.yaml``):

* **ECO stars** (§4.1): size star if ``E_rc ≥ P_{100−size_top_pct}`` of the regions' E_rc;
  specialisation star if ``LQ ≥ eco.lq_min``; focus star if ``E_rc/E_r ≥ P_{100−focus_top_pct}``.
  Percentiles over regions with ``E_rc > 0``, linear interpolation. "≥" comparisons allow a
  1e-9 relative float tolerance (an LQ of exactly 1.5 computed as 1.4999… passes 1.5).
* **U.S. CMP tiers** (§4.2, ``clustermapping/cmp`` reducer): over regions with ``E_rc > 0``,
  strong = ``LQ ≥ P75(LQ) ∧ E > P25(E) ∧ firms > P25(firms) ∧ LQ ≥ 1``; strong10 = same with P90;
  significant = ``LQ > P50 ∧ E > P25 ∧ firms > P25``; qualifying = ``LQ > P25 ∧ …``. Tier = the
  highest met (strong10 > strong > significant > qualifying > none). Without firm counts the
  firm condition is dropped (said in the evidence). LQ denominators are all-industry totals (the
  CMP uses traded/local totals, which Chinese yearbooks do not give).
* **Simple LQ cut-offs**: the highest of ``lq.cutoff_low/mid/high`` met (``lq_level``);
  ``simple_lq_pass`` = ``LQ_emp ≥ lq.pass_min``.
* **MIIT 特色产业集群 floors** (national / provincial): ``identification.miit.<scope>.output_min_yuan``
  (output ≥ floor in each of the last ``output_years`` years available),
  ``...output_growth_min_pct`` (output CAGR over those years, %) and ``...firms_min_count``.
  A floor whose id is absent from ``thresholds`` is skipped (said in the evidence); pass = all
  checked floors met; NA when no floor could be checked from the data.

Composite score (0–100) = ``100 × Σ w_k·c_k / Σ w_k`` over available components: LQ components
``min(LQ/score.lq_cap, 1)``, size and focus = percentile rank among regions (share of regions
with a value ≤ the region's), growth ``clip(0.5 + (g_E − g_N)/score.growth_span, 0, 1)``.

Candidate = ``simple_lq_pass`` or CMP tier ∈ {strong10, strong, significant} or
``eco_stars ≥ candidate.min_eco_stars`` or an MIIT pass. Verdict (existence test, seeds 001/003):
not a candidate → ``not_candidate``; any "no" → ``agglomeration_not_yet_cluster``; all items
answered and none "no" → ``cluster``; else ``candidate_unconfirmed``.

Evidence: ``evidence`` is the compact machine-readable trace (rule results joined by " | ");
``evidence_zh`` / ``evidence_en`` give the same steps as full sentences in one language, one per
line (LQs and denominators, growth, ECO, CMP, LQ cut-offs, MIIT floors, score, candidate and
existence test), with the numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from clusterpolicy.assess import _panel as P
from clusterpolicy.assess._evidence import Text, join
from clusterpolicy.assess.identification.miit import existence_state, miit_floors
from clusterpolicy.assess.identification.rules import (
    cmp_tier,
    composite_score,
    eco_stars,
    lq_cutoffs,
    score_components,
    value,
)
from clusterpolicy.knowledge import Profile
from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.progress import ProgressCallback, ensure
from clusterpolicy.text import formats as F

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
]
VERDICTS = ("cluster", "agglomeration_not_yet_cluster", "candidate_unconfirmed", "not_candidate")
CMP_TIERS = ("strong10", "strong", "significant", "qualifying", "none")
RULE_SETS = ("eco", "cmp", "lq", "miit_national", "miit_provincial")


@dataclass
class IdentificationResult:
    """Result of :func:`identify_clusters`; ``tables()`` → ``{"clusters": DataFrame}``."""

    clusters: pd.DataFrame
    year: int
    focal_region: str
    warnings: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"clusters": self.clusters}


@dataclass
class _Context:
    """What every industry of one run shares: panels of the year and of the growth base year."""

    data: CanonicalData
    region: str
    year: int
    profile: Profile
    rule_sets: tuple[str, ...]
    panels: dict
    base_year: int | None
    base_panel: object
    existence: Mapping[str, Mapping[str, object]]

    @property
    def emp(self):
        return self.panels["employment"]


def _cell(panel, region: str, ind: str, which: str = "values") -> float:
    if panel is None:
        return math.nan
    mat = getattr(panel, which)
    if region in mat.index and ind in mat.columns:
        return float(mat.at[region, ind])
    return math.nan


def _lq_text(ctx: _Context, lq: dict[str, float]) -> Text:
    pan = ctx.emp
    e, o, f = lq["employment"], lq["output"], lq["firms"]
    return Text(
        f"LQ = (E_rc/E_r)/(E_c/E); {pan.denominator}; LQ_emp={F.number(e, 3)},"
        f" LQ_out={F.number(o, 3)}, LQ_firms={F.number(f, 3)}",
        f"{ctx.year}年区位熵：就业{F.number(e)}、产值{F.number(o)}、企业数{F.number(f)}"
        f"（{pan.denominator_zh}）",
        f"LQ in {ctx.year}: employment {F.number(e, 2, 'en')}, output {F.number(o, 2, 'en')}, "
        f"firms {F.number(f, 2, 'en')} ({pan.denominator_en})",
    )


def _growth(ctx: _Context, ind: str, emp: float) -> tuple[float, float, Text | None]:
    bp = ctx.base_panel
    if bp is None or ind not in bp.values.columns or ctx.region not in bp.values.index:
        return math.nan, math.nan, None
    span = ctx.year - ctx.base_year
    g_e = P.cagr(bp.values.at[ctx.region, ind], emp, span)
    g_n = P.cagr(bp.reference.get(ind, math.nan), ctx.emp.reference.get(ind, math.nan), span)
    a, b = F.distinct_pair(g_e, g_n, 1, "zh", F.signed_percent)
    ae, be = F.distinct_pair(g_e, g_n, 1, "en", F.signed_percent)
    return (
        g_e,
        g_n,
        Text(
            f"growth {ctx.base_year}–{ctx.year}: CAGR E_rc={F.percent(g_e, 2)} vs reference "
            f"{F.percent(g_n, 2)}",
            f"{ctx.base_year}—{ctx.year}年就业年均增速{a}，参照地区为{b}",
            f"annual employment growth {ae} in {ctx.base_year}–{ctx.year} (reference area {be})",
        ),
    )


def _rule_sets(ctx: _Context, ind: str, row: dict, lq: dict, ev: list[Text]) -> None:
    """ECO, CMP, LQ cut-offs and MIIT floors of one industry into ``row`` (evidence to ``ev``)."""
    pr, emp_col, share = ctx.profile, ctx.emp.values[ind], ctx.emp.share()[ind]
    if "eco" in ctx.rule_sets:
        stars, text = eco_stars(
            emp_col, share, lq["employment"], row["employment"], row["employment_share"], pr
        )
        row.update(stars, eco_stars=int(sum(stars.values())))
        ev.append(text)
    else:
        row.update(eco_size_star=False, eco_lq_star=False, eco_focus_star=False, eco_stars=0)
    if "cmp" in ctx.rule_sets:
        fp = ctx.panels.get("firms")
        fcol = fp.values[ind] if fp is not None and ind in fp.values.columns else None
        row["cmp_tier"], text = cmp_tier(ctx.emp.lq[ind], emp_col, fcol, ctx.region, pr)
        ev.append(text)
    else:
        row["cmp_tier"] = "none"
    if "lq" in ctx.rule_sets:
        row["lq_level"], row["simple_lq_pass"], text = lq_cutoffs(lq["employment"], pr)
        ev.append(text)
    else:
        row["lq_level"], row["simple_lq_pass"] = 0.0, False
    for scope in ("national", "provincial"):
        if f"miit_{scope}" in ctx.rule_sets:
            row[f"miit_{scope}_pass"], text = miit_floors(
                ctx.data, scope, ctx.region, ind, ctx.year, pr
            )
            ev.append(text)
        else:
            row[f"miit_{scope}_pass"] = pd.NA


def _verdict(ctx: _Context, ind: str, row: dict) -> Text:
    """Candidate rule and existence verdict into ``row``; returns the evidence line."""
    min_stars = value(ctx.profile, "candidate.min_eco_stars")
    candidate = bool(
        row["simple_lq_pass"]
        or row["cmp_tier"] in ("strong10", "strong", "significant")
        or row["eco_stars"] >= min_stars
        or row["miit_national_pass"] is True
        or row["miit_provincial_pass"] is True
    )
    state, ex = existence_state(ctx.existence.get(ind))
    row["candidate"], row["existence"] = candidate, state
    if not candidate:
        row["verdict"] = "not_candidate"
    elif state == "no":
        row["verdict"] = "agglomeration_not_yet_cluster"
    else:
        row["verdict"] = "cluster" if state == "yes" else "candidate_unconfirmed"
    return Text(
        f"candidate = LQ pass or CMP ≥ significant or ECO stars ≥ {min_stars:g} or MIIT pass: "
        f"{candidate}; " + ex.trace,
        f"{'是' if candidate else '不是'}候选集群（区位熵达到候选门槛、美国集群地图显著及以上、欧洲集群观察站"
        f"不少于{min_stars:g}星或达到工信部门槛，满足其一即可）；{ex.zh}",
        f"{'a' if candidate else 'not a'} candidate cluster (any of: LQ at the candidate cut-off, U.S. "
        f"Cluster Mapping significant or better, at least {min_stars:g} ECO stars, an MIIT floor "
        f"met); {ex.en}",
    )


def _industry_row(ctx: _Context, ind: str) -> dict:
    """The ``clusters`` row of one industry of the focal region."""
    region = ctx.region
    lq = {m: _cell(ctx.panels.get(m), region, ind, "lq") for m in ("employment", "output", "firms")}
    emp = float(ctx.emp.values.at[region, ind])
    share = float(ctx.emp.share().at[region, ind])
    ev = [_lq_text(ctx, lq)]
    g_e, g_n, text = _growth(ctx, ind, emp)
    if text is not None:
        ev.append(text)
    row = {
        "region_code": region,
        "industry_code": ind,
        "year": ctx.year,
        "lq_employment": lq["employment"],
        "lq_output": lq["output"],
        "lq_firms": lq["firms"],
        "employment": emp,
        "employment_share": share,
        "emp_cagr": g_e,
        "ref_emp_cagr": g_n,
        "firms": _cell(ctx.panels.get("firms"), region, ind),
        "output": _cell(ctx.panels.get("output"), region, ind),
        "denominator": ctx.emp.denominator,
    }
    _rule_sets(ctx, ind, row, lq, ev)
    comps = score_components(
        lq, ctx.emp.values[ind], ctx.emp.share()[ind], emp, share, g_e, g_n, ctx.profile
    )
    row["score"], text = composite_score(comps, ctx.profile)
    ev.append(text)
    ev.append(_verdict(ctx, ind, row))
    row["industry_name_zh"] = ctx.data.industry_name(ind, "zh")
    row["industry_name_en"] = ctx.data.industry_name(ind, "en")
    row.update(join(ev))
    return row


def _context(data, region, year, profile, rule_sets, measures, existence) -> tuple[_Context, list]:
    emp_years = P.measure_years(data, "employment")
    if not emp_years:
        raise ValueError("no employment data / 无从业人员数据：集群识别需要分行业从业人员")
    year = int(year) if year is not None else emp_years[-1]
    if year not in emp_years:
        raise ValueError(f"no employment data for {year} / {year}年无从业人员数据")
    panels = {m: P.lq_panel(data, m, year) for m in measures if P.has_measure(data, m)}
    emp_panel = panels.get("employment")
    if emp_panel is None or region not in emp_panel.values.index:
        raise ValueError(
            f"region {region} has no employment in {year} / 地区{region}在{year}年无从业人员数据"
        )
    warnings: list[str] = []
    window = int(value(profile, "growth.window_years"))
    base = [y for y in emp_years if year - window <= y < year]
    base_year = base[0] if base else None
    base_panel = P.lq_panel(data, "employment", base_year) if base_year is not None else None
    if base_panel is None:
        warnings.append("no base year for growth / 无增长基期，增长率缺失")
    ctx = _Context(
        data, region, year, profile, rule_sets, panels, base_year, base_panel, existence or {}
    )
    return ctx, warnings


def identify_clusters(
    data: CanonicalData,
    focal_region: str,
    *,
    profile: Profile,
    year: int | None = None,
    rule_sets: Iterable[str] = RULE_SETS,
    existence: Mapping[str, Mapping[str, object]] | None = None,
    measures: Iterable[str] = ("employment", "output", "firms"),
    progress: ProgressCallback | None = None,
) -> IdentificationResult:
    """Identify candidate clusters of ``focal_region`` in ``year`` (default: latest employment year).

    Returns one row per industry of the focal region (``clusters`` sheet, see module docstring).
    Raises ``ValueError`` (bilingual) when the region or employment data is missing.
    """
    report = ensure(progress)
    rule_sets = tuple(rule_sets)
    unknown = set(rule_sets) - set(RULE_SETS)
    if unknown:
        raise ValueError(f"unknown rule set(s) {sorted(unknown)} / 未知规则集")
    region = str(focal_region)
    report(0.0, "location quotients / 计算区位熵")
    ctx, warnings = _context(data, region, year, profile, rule_sets, tuple(measures), existence)
    vals = ctx.emp.values
    industries = [c for c in vals.columns if np.isfinite(vals.at[region, c])]
    rows = []
    for i, ind in enumerate(industries):
        report(0.1 + 0.8 * i / max(len(industries), 1), f"{ind}")
        rows.append(_industry_row(ctx, ind))
    report(0.95, "ranking / 排序")
    out = pd.DataFrame(rows)
    if out.empty:
        out = pd.DataFrame({c: pd.Series(dtype="object") for c in CLUSTER_COLUMNS})
    else:
        out["rank"] = out["score"].rank(ascending=False, method="min").astype("Int64")
        for col in ("miit_national_pass", "miit_provincial_pass"):
            out[col] = out[col].astype("boolean")
        out = (
            out[CLUSTER_COLUMNS]
            .sort_values(["rank", "industry_code"], na_position="last")
            .reset_index(drop=True)
        )
    report(1.0, "done / 完成")
    return IdentificationResult(out, ctx.year, region, warnings)


__all__ = [
    "CLUSTER_COLUMNS",
    "CMP_TIERS",
    "IdentificationResult",
    "RULE_SETS",
    "VERDICTS",
    "identify_clusters",
]
