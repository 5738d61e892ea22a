"""Constructed test panels for the identification, life-cycle and equalization engines.

Every panel is built from explicit numbers so the expected result can be read off by hand:
region totals come from ``industry_totals`` and the reference from ``reference_data``, so an
LQ is simply ``(e/E_r)/(E_c/E)`` of the numbers given here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from clusterpolicy.model.dataset import CanonicalData
from clusterpolicy.model.tables import TOTAL_INDUSTRY, coerce_table

THRESHOLDS_DIR = Path(__file__).resolve().parents[2] / "resources" / "knowledge" / "thresholds"


_BASE = None


def base_profile():
    """The bundled default profile (loaded once)."""
    global _BASE
    if _BASE is None:
        from clusterpolicy.knowledge import load_profile

        _BASE = load_profile()
    return _BASE


def as_profile(values: dict[str, float]):
    """The default profile reduced to exactly the thresholds ``values`` (id → value): the
    engines see these numbers and nothing else, as a hand-worked test needs."""
    base = base_profile()
    drop = tuple(set(base.threshold_values()) - set(values))
    return base.with_overrides(values, drop=drop)


def thresholds(*names: str) -> dict[str, float]:
    """The bundled threshold values of ``thresholds/<name>.yaml`` (id → value)."""
    out: dict[str, float] = {}
    for name in names:
        doc = yaml.safe_load((THRESHOLDS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
        out.update({item["id"]: item["value"] for item in doc["items"]})
    return out


def build(
    detail: list[dict],
    totals: list[dict],
    reference: list[dict] | None = None,
    regions: list[dict] | None = None,
    region_data: list[dict] | None = None,
) -> CanonicalData:
    """CanonicalData from row dicts (canonical column names)."""
    d = CanonicalData()
    if detail:
        d.industry_data = coerce_table(pd.DataFrame(detail), "industry_data")
    if totals:
        d.industry_totals = coerce_table(pd.DataFrame(totals), "industry_totals")
    if reference:
        d.reference_data = coerce_table(pd.DataFrame(reference), "reference_data")
    if regions:
        d.regions = coerce_table(pd.DataFrame(regions), "regions")
    if region_data:
        d.region_data = coerce_table(pd.DataFrame(region_data), "region_data")
    return d


# --- identification: one industry "A" across many regions, one year -----------------------------
REF_SHARE = 0.1  # E_A / E of the reference area


def cross_section(
    regions: dict[str, dict],
    year: int = 2020,
    ref_a: float = 1_000.0,
    ref_total: float = 10_000.0,
    extra_years: dict[int, dict[str, dict]] | None = None,
) -> CanonicalData:
    """Regions → {"e": employment in A, "E": regional total, optional "firms", "output"}.

    Industry "B" gets the rest (E − e) so the detail rows are complete; the reference area
    "REF" has E_A = ``ref_a`` and E = ``ref_total`` (so LQ = (e/E)/0.1 by default).
    ``extra_years``: more years of the same shape (for growth / MIIT floors).
    """
    detail, totals, reference = [], [], []
    all_years = {year: regions, **(extra_years or {})}
    for y, regs in all_years.items():
        for code, v in regs.items():
            row = {"region_code": code, "industry_code": "A", "year": y, "employment": v["e"]}
            for k in ("firms", "output"):
                if k in v:
                    row[k] = v[k]
            detail.append(row)
            detail.append(
                {
                    "region_code": code,
                    "industry_code": "B",
                    "year": y,
                    "employment": v["E"] - v["e"],
                }
            )
            totals.append({"region_code": code, "year": y, "employment": v["E"]})
        reference.append(
            {"region_code": "REF", "industry_code": "A", "year": y, "employment": ref_a}
        )
        reference.append(
            {
                "region_code": "REF",
                "industry_code": TOTAL_INDUSTRY,
                "year": y,
                "employment": ref_total,
            }
        )
    return build(detail, totals, reference)


def cmp_regions(
    focal_lq: float, focal_e: float = 500.0, focal_firms: float = 100.0
) -> dict[str, dict]:
    """20 other regions with LQ 0.3, 0.4, …, 2.2, employment 100..119 and firms 10, 12, …, 48.

    With the focal region there are 21 regions, so the linear percentiles fall on order
    statistics: P25 = 6th smallest, P50 = 11th, P75 = 16th, P90 = 19th. The focal region's LQ is
    set through its total: E = e / (0.1 · LQ).
    """
    regs = {}
    for i in range(20):
        lq = round(0.3 + 0.1 * i, 10)
        e = 100.0 + i
        regs[f"O{i:02d}"] = {"e": e, "E": e / (REF_SHARE * lq), "firms": 10.0 + 2 * i}
    regs["F"] = {"e": focal_e, "E": focal_e / (REF_SHARE * focal_lq), "firms": focal_firms}
    return regs


# --- life cycle: cluster "C" of focal region "F" over 2010–2016 ----------------------------------
YEARS = list(range(2010, 2017))
OTHER_SHARES = (0.05, 0.08, 0.10, 0.12, 0.15, 0.20, 0.25)


def stage_panel(lq_path, firms, *, new_product_share=None, subs=None) -> CanonicalData:
    """Focal region "F": cluster C follows ``lq_path`` (one LQ per year of :data:`YEARS`).

    Reference: E_C = 1000·1.02^t, E = 10000·1.02^t (share 0.1, g_N = 2 %/yr). Every region has
    E_r = 1000·1.02^t, so e_C = LQ·0.1·E_r. Seven other regions hold constant shares
    :data:`OTHER_SHARES` of C. ``firms``: focal firm counts per year. ``new_product_share``:
    optional new-product sales / output per year. ``subs``: optional {sub_code: [employment per year]}.
    """
    detail, totals, reference = [], [], []
    for k, y in enumerate(YEARS):
        grow = 1.02**k
        E = 1000.0 * grow
        e = lq_path[k] * REF_SHARE * E
        row = {
            "region_code": "F",
            "industry_code": "C",
            "year": y,
            "employment": e,
            "firms": firms[k],
        }
        if new_product_share is not None:
            row["output"] = 1e6
            row["new_product_sales"] = 1e6 * new_product_share[k]
        detail.append(row)
        detail.append({"region_code": "F", "industry_code": "R", "year": y, "employment": E - e})
        totals.append({"region_code": "F", "year": y, "employment": E})
        for code, vals in (subs or {}).items():
            detail.append(
                {"region_code": "F", "industry_code": code, "year": y, "employment": vals[k]}
            )
        for i, sh in enumerate(OTHER_SHARES):
            detail.append(
                {"region_code": f"O{i}", "industry_code": "C", "year": y, "employment": sh * E}
            )
            detail.append(
                {
                    "region_code": f"O{i}",
                    "industry_code": "R",
                    "year": y,
                    "employment": (1 - sh) * E,
                }
            )
            totals.append({"region_code": f"O{i}", "year": y, "employment": E})
        reference.append(
            {"region_code": "REF", "industry_code": "C", "year": y, "employment": 1000.0 * grow}
        )
        reference.append(
            {
                "region_code": "REF",
                "industry_code": TOTAL_INDUSTRY,
                "year": y,
                "employment": 10000.0 * grow,
            }
        )
    return build(detail, totals, reference)


def _geo(start: float, rate: float) -> list[float]:
    return [start * (1 + rate) ** k for k in range(len(YEARS))]


def emergence_panel() -> CanonicalData:
    """Small (share 2 %→4 %), LQ 0.2→0.41 (< 1, rising), firms +20 %/yr."""
    lq = [0.2 * 1.15**k / 1.02**k for k in range(len(YEARS))]
    return stage_panel(lq, _geo(10, 0.20))


def growth_panel() -> CanonicalData:
    """LQ 1.2 rising (employment +8 %/yr vs reference +2 %), firms +5 %/yr."""
    lq = [1.2 * 1.08**k / 1.02**k for k in range(len(YEARS))]
    return stage_panel(lq, _geo(40, 0.05))


def maturity_panel() -> CanonicalData:
    """LQ 1.5 flat (employment grows with the reference), firms −2 %/yr (consolidation)."""
    return stage_panel([1.5] * len(YEARS), _geo(60, -0.02))


def decline_panel() -> CanonicalData:
    """LQ 2.0 falling (employment −3 %/yr vs reference +2 %), firms −5 %/yr (exits)."""
    lq = [2.0 * 0.97**k / 1.02**k for k in range(len(YEARS))]
    return stage_panel(lq, _geo(80, -0.05))


RENEWAL_LQ = [2.0, 1.85, 1.7, 1.55, 1.75, 1.95, 2.15]


def renewal_panel() -> CanonicalData:
    """LQ 2.0 → trough 1.55 (2013) → 2.15; new-product share 10 %→8 % then up to 25 %; firms −1 %/yr."""
    return stage_panel(
        RENEWAL_LQ, _geo(50, -0.01), new_product_share=[0.10, 0.09, 0.085, 0.08, 0.14, 0.2, 0.25]
    )


STAGE_PANELS = {
    "emergence": emergence_panel,
    "growth": growth_panel,
    "maturity": maturity_panel,
    "decline": decline_panel,
    "renewal": renewal_panel,
}


# --- equalization: four regions in two groups ------------------------------------------------------
def welfare_regions(year: int = 2022) -> CanonicalData:
    """Four regions (two 'East', two 'West') with population and per-capita indicators.

    Codes are GB/T 2260-like so the cost-sharing tiers apply: 320100 (Jiangsu, tier 4), 330200
    (Ningbo, tier 4), 510100 (Sichuan, tier 1), 620100 (Gansu, tier 1). A fifth row "320000" is
    a reference area (flagged in ``regions``) and is left out of dispersion and ranking.
    """
    rows = [
        # code, group, population, income, mfg employment, edu, health, social, revenue, expenditure
        ("320100", "East", 2_000_000, 60_000, 400_000, 3_000, 1_500, 2_500, 2.0e10, 2.4e10),
        ("330200", "East", 1_000_000, 70_000, 300_000, 3_500, 1_600, 2_800, 1.4e10, 1.3e10),
        ("510100", "West", 3_000_000, 40_000, 300_000, 2_000, 1_200, 2_000, 0.9e10, 2.7e10),
        ("620100", "West", 1_000_000, 30_000, 50_000, 1_500, 1_000, 1_800, 0.2e10, 1.0e10),
        ("320000", None, 80_000_000, 52_000, 9_000_000, 2_900, 1_400, 2_400, 9.0e11, 1.5e12),
    ]
    rd = []
    for code, grp, pop, inc, mfg, edu, hea, soc, rev, exp in rows:
        rd.append(
            {
                "region_code": code,
                "year": year,
                "population": pop,
                "disposable_income_pc": inc,
                "manufacturing_employment": mfg,
                "education_exp_pc": edu,
                "health_exp_pc": hea,
                "social_security_exp_pc": soc,
                "fiscal_revenue": rev,
                "fiscal_expenditure": exp,
                "group": grp,
            }
        )
    regions = [
        {
            "region_code": r[0],
            "name_zh": f"地区{r[0]}",
            "name_en": f"Region {r[0]}",
            "group": r[1],
            "is_reference": r[0] == "320000",
        }
        for r in rows
    ]
    d = build([], [], regions=regions, region_data=rd)
    return d


def hand_theil_t(y: np.ndarray, pop: np.ndarray) -> float:
    """Population-weighted Theil T by the definition Σ s_i ln(s_i/p_i) (test oracle)."""
    p = pop / pop.sum()
    s = p * y / (p * y).sum()
    return float(np.sum(s * np.log(s / p)))


# --- real data: REAT G.regions.emp (German Länder 2008–2014) -------------------------------------------
def load_reat_germany(path: Path) -> CanonicalData:
    """``reat_G_regions_emp.csv`` as CanonicalData: industry "Insgesamt" rows → industry_totals,
    region "Insgesamt" → reference_data ("DE"); industry codes are the WZ 2008 section letters
    ("B-E" → "BE"; the three unbracketed names are M–N, O–Q, R–U), region codes the Land names.
    Note: section C is part of B–E in this data set, so the detail rows overlap; the explicit
    totals keep the LQ denominators right."""
    df = pd.read_csv(path)
    unbracketed = {"Freiberufl": "MN", "oeff.Verw": "OQ", "Kunst, Unt": "RU"}

    def code(name: str) -> str:
        if name == "Insgesamt":
            return TOTAL_INDUSTRY
        for prefix, c in unbracketed.items():
            if name.startswith(prefix):
                return c
        if "(" in name and name.rstrip().endswith(")"):
            return name[name.rindex("(") + 1 : -1].replace("-", "").replace(" ", "")
        return name

    df["industry_code"] = df["industry"].map(code)
    det = df[(df["industry"] != "Insgesamt") & (df["region"] != "Insgesamt")]
    tot = df[(df["industry"] == "Insgesamt") & (df["region"] != "Insgesamt")]
    ref = df[df["region"] == "Insgesamt"]
    return CanonicalData(
        industry_data=coerce_table(
            pd.DataFrame(
                {
                    "region_code": det["region"],
                    "industry_code": det["industry_code"],
                    "year": det["year"],
                    "employment": det["emp"],
                }
            ),
            "industry_data",
        ),
        industry_totals=coerce_table(
            pd.DataFrame(
                {"region_code": tot["region"], "year": tot["year"], "employment": tot["emp"]}
            ),
            "industry_totals",
        ),
        reference_data=coerce_table(
            pd.DataFrame(
                {
                    "region_code": "DE",
                    "industry_code": ref["industry_code"],
                    "year": ref["year"],
                    "employment": ref["emp"],
                }
            ),
            "reference_data",
        ),
        industries=coerce_table(
            pd.DataFrame(
                {
                    "industry_code": det["industry_code"].unique(),
                    "name_en": det["industry"].unique(),
                }
            ),
            "industries",
        ),
    )


# --- life cycle with explicit paths (tests/assess/test_lifecycle.py) ---------------------------
def lc_panel(
    e,
    n,
    *,
    total=None,
    ref_total=None,
    firms=None,
    years=None,
    region="F",
    others: int = 3,
    new_product_share=None,
) -> CanonicalData:
    """Cluster "C" of ``region``: its value ``e_t``, the reference's ``n_t`` (reference_data
    "REF", total ``ref_total_t``, default 10·n_t) and the region's total ``total_t`` (default
    1000 a year), so that ``LQ_t = (e_t/total_t)/(n_t/ref_total_t)`` can be read off by hand.
    ``others`` more regions hold a constant 10 % share of C (so that percentile rules have
    something to compare with)."""
    years = list(years or range(2010, 2010 + len(e)))
    total = total or [1000.0] * len(years)
    ref_total = ref_total or [10.0 * v for v in n]
    detail, totals, reference = [], [], []
    for k, y in enumerate(years):
        row = {"region_code": region, "industry_code": "C", "year": y, "employment": e[k]}
        if firms is not None:
            row["firms"] = firms[k]
        if new_product_share is not None:
            row["output"] = 1e6
            row["new_product_sales"] = 1e6 * new_product_share[k]
        detail.append(row)
        detail.append(
            {"region_code": region, "industry_code": "R", "year": y, "employment": total[k] - e[k]}
        )
        totals.append({"region_code": region, "year": y, "employment": total[k]})
        for i in range(others):
            code = f"O{i}"
            detail.append(
                {"region_code": code, "industry_code": "C", "year": y, "employment": 100.0}
            )
            detail.append(
                {"region_code": code, "industry_code": "R", "year": y, "employment": 900.0}
            )
            totals.append({"region_code": code, "year": y, "employment": 1000.0})
        reference.append(
            {"region_code": "REF", "industry_code": "C", "year": y, "employment": n[k]}
        )
        reference.append(
            {
                "region_code": "REF",
                "industry_code": TOTAL_INDUSTRY,
                "year": y,
                "employment": ref_total[k],
            }
        )
    return build(detail, totals, reference)


def geo(start: float, rate: float, n: int = 10) -> list[float]:
    """``start·(1 + rate)^k`` for k = 0 … n−1."""
    return [start * (1 + rate) ** k for k in range(n)]
