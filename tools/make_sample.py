"""Generate ``resources/samples/sample_prefecture.xlsx``: a fictional prefecture for demos and tests.

清源市 (Qingyuan, code 990100; province code 99 does not exist) with 10 counties/districts
990102…990111, 27 GB/T 4754-2017 mining/manufacturing divisions and the years 2015–2024, laid
out the way statistical yearbooks are (one wide sheet per year with merged bilingual headers,
unit lines, "—"/"…" symbols, a footnote marker, numbers stored as text with thousands
separators, notes), plus region data (long), population (wide, years as columns), innovation
indicators (long, 2020–2024) and a 2024 firm list. Every title and footnote says it is
fictional (虚构示例数据).

Deterministic: a seeded ``numpy.random.Generator`` and fixed workbook metadata and zip
timestamps, so running the script twice gives identical bytes.

Calibration (magnitudes, not values, are taken from real provincial data; nothing is copied):
the constants below (``BASE_SHARE``, ``REL_PRODUCTIVITY``, ``INCOME_2015`` …) were derived from
the real files in ``../shared/data/real/china`` (see :func:`calibrate`). When those files exist
the script recomputes the calibration and prints it beside the constants; the workbook is always
built from the written constants, so it does not depend on files that are not shipped.

The planted clusters (focal county 990105 清溪县) and the numbers that show their stages are
computed by :func:`stage_numbers`, checked by :func:`check_stages` and printed; they are the
figures quoted in ``resources/samples/README.md``.

Usage: ``.venv/bin/python tools/make_sample.py [--out PATH]``
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "resources" / "samples" / "sample_prefecture.xlsx"
SEED = 20150101
YEARS = list(range(2015, 2025))
INNOVATION_YEARS = list(range(2020, 2025))
FIRM_YEAR = 2024

PREF_CODE, PREF_ZH, PREF_EN = "990100", "清源市", "Qingyuan"
FOCAL = "990105"


@dataclass(frozen=True)
class County:
    code: str
    name_zh: str
    name_en: str
    group: str  # 城区 / 平原 / 山区
    pop_2015: float  # 万人
    pop_growth: float  # per year
    area_km2: float
    mfg_2015: float  # employment of the listed divisions, persons, 2015
    spec: dict  # industry → specialisation multiplier (0 = absent)


COUNTIES = [
    County(
        "990102",
        "青山区",
        "Qingshan District",
        "城区",
        98.0,
        0.012,
        412.0,
        52000,
        {"C39": 4.0, "C40": 3.5, "C38": 1.3, "C27": 1.3, "B06": 0, "B09": 0, "B10": 0, "C31": 0.2},
    ),
    County(
        "990103",
        "河东区",
        "Hedong District",
        "城区",
        86.0,
        0.010,
        538.0,
        47000,
        {"C36": 4.0, "C34": 2.5, "C35": 2.2, "B06": 0, "B09": 0, "B10": 0},
    ),
    County(
        "990104",
        "滨湖区",
        "Binhu District",
        "城区",
        64.0,
        0.015,
        466.0,
        33000,
        {"C27": 2.6, "C14": 2.0, "C29": 1.6, "C40": 1.5, "B06": 0, "B09": 0, "B10": 0, "C31": 0},
    ),
    County(
        "990105",
        "清溪县",
        "Qingxi County",
        "平原",
        72.0,
        0.002,
        1286.0,
        36000,
        {"C19": 1.0, "C17": 1.0, "C21": 1.0, "C38": 1.0, "C27": 1.0, "B09": 0, "B10": 0},
    ),
    County(
        "990106",
        "石桥县",
        "Shiqiao County",
        "平原",
        81.0,
        -0.002,
        1512.0,
        41000,
        {"C30": 3.5, "C31": 4.0, "C33": 2.0, "B09": 0},
    ),
    County(
        "990107",
        "丰乐县",
        "Fengle County",
        "平原",
        93.0,
        -0.004,
        1730.0,
        30000,
        {"C13": 4.0, "C14": 3.0, "C15": 1.6, "C18": 1.5, "B09": 0},
    ),
    County(
        "990108",
        "南湖市",
        "Nanhu City",
        "平原",
        108.0,
        0.006,
        1384.0,
        44000,
        {"C26": 4.0, "C29": 2.5, "C22": 2.6, "C17": 1.2, "B09": 0},
    ),
    County(
        "990109",
        "云岭县",
        "Yunling County",
        "山区",
        34.0,
        -0.008,
        2654.0,
        11000,
        {"B06": 9.0, "C15": 4.0, "C20": 2.0, "C39": 0.1, "C40": 0, "C36": 0.1},
    ),
    County(
        "990110",
        "松峰县",
        "Songfeng County",
        "山区",
        27.0,
        -0.010,
        3120.0,
        9000,
        {"B09": 12.0, "C32": 5.0, "C30": 1.5, "C39": 0.1, "C40": 0, "C36": 0},
    ),
    County(
        "990111",
        "白石县",
        "Baishi County",
        "山区",
        25.0,
        -0.012,
        2377.0,
        7500,
        {"B10": 10.0, "C20": 5.0, "C30": 2.0, "C39": 0, "C40": 0, "C36": 0.1},
    ),
]

INDUSTRIES = [
    "B06",
    "B09",
    "B10",
    "C13",
    "C14",
    "C15",
    "C17",
    "C18",
    "C19",
    "C20",
    "C21",
    "C22",
    "C24",
    "C26",
    "C27",
    "C29",
    "C30",
    "C31",
    "C32",
    "C33",
    "C34",
    "C35",
    "C36",
    "C38",
    "C39",
    "C40",
    "C42",
]
SHORT_EN = {
    "B06": "Coal mining",
    "B09": "Non-ferrous ore mining",
    "B10": "Non-metal ore mining",
    "C13": "Agri-food processing",
    "C14": "Food",
    "C15": "Liquor, beverages & tea",
    "C17": "Textiles",
    "C18": "Apparel",
    "C19": "Leather & footwear",
    "C20": "Wood products",
    "C21": "Furniture",
    "C22": "Paper",
    "C24": "Culture, sports & toys",
    "C26": "Chemicals",
    "C27": "Medicines",
    "C29": "Rubber & plastics",
    "C30": "Non-metallic minerals",
    "C31": "Ferrous metals",
    "C32": "Non-ferrous metals",
    "C33": "Metal products",
    "C34": "General machinery",
    "C35": "Special machinery",
    "C36": "Automobiles",
    "C38": "Electrical machinery",
    "C39": "Computers & electronics",
    "C40": "Instruments",
    "C42": "Waste recycling",
}

# --- calibration constants (derived by calibrate() from the real provincial files) -----------------
# Share of each division in the employment of the 27 listed divisions, all provinces 2016
# (urban-unit employment, prov_ind_emp_2005_2016_long.csv), rounded to 3 decimals.
BASE_SHARE = {
    "B06": 0.067,
    "B09": 0.005,
    "B10": 0.004,
    "C13": 0.036,
    "C14": 0.025,
    "C15": 0.02,
    "C17": 0.039,
    "C18": 0.048,
    "C19": 0.031,
    "C20": 0.008,
    "C21": 0.011,
    "C22": 0.013,
    "C24": 0.026,
    "C26": 0.053,
    "C27": 0.033,
    "C29": 0.036,
    "C30": 0.048,
    "C31": 0.04,
    "C32": 0.025,
    "C33": 0.035,
    "C34": 0.052,
    "C35": 0.04,
    "C36": 0.069,
    "C38": 0.077,
    "C39": 0.143,
    "C40": 0.014,
    "C42": 0.002,
}
# Main-business revenue per urban-unit employee by division relative to the median division, 2016
# (prov_ind_revenue / prov_ind_emp), clipped to [0.5, 2.5] (C40's real ratio is an artefact of the
# source's missing cells, so it is set to 1.0).
REL_PRODUCTIVITY = {
    "B06": 0.5,
    "B09": 1.34,
    "B10": 1.56,
    "C13": 1.98,
    "C14": 1.0,
    "C15": 1.01,
    "C17": 1.08,
    "C18": 0.51,
    "C19": 0.51,
    "C20": 1.95,
    "C21": 0.78,
    "C22": 1.15,
    "C24": 0.68,
    "C26": 1.73,
    "C27": 0.9,
    "C29": 0.55,
    "C30": 1.33,
    "C31": 1.59,
    "C32": 2.17,
    "C33": 1.26,
    "C34": 0.97,
    "C35": 0.97,
    "C36": 0.81,
    "C38": 1.0,
    "C39": 0.73,
    "C40": 1.0,
    "C42": 2.5,
}
# 规模以上 revenue per employee of the median division in a middle-income prefecture, 2015, 万元.
# (National 规上 industry 2016: about 116 万亿元 revenue / 9,500 万 average employment ≈ 122 万元;
# a middle-income prefecture is taken at ~80 %.)
OUTPUT_PER_WORKER_2015 = 95.0
OUTPUT_PER_WORKER_GROWTH = 0.045
# Average persons per 规上 enterprise (national order of magnitude ~250 in 2016, smaller at county
# level); labour-intensive divisions larger, process industries smaller.
FIRM_SIZE = {
    "B06": 420,
    "B09": 160,
    "B10": 90,
    "C13": 110,
    "C14": 140,
    "C15": 120,
    "C17": 160,
    "C18": 230,
    "C19": 260,
    "C20": 90,
    "C21": 140,
    "C22": 120,
    "C24": 180,
    "C26": 120,
    "C27": 200,
    "C29": 130,
    "C30": 95,
    "C31": 380,
    "C32": 160,
    "C33": 110,
    "C34": 130,
    "C35": 140,
    "C36": 320,
    "C38": 190,
    "C39": 330,
    "C40": 150,
    "C42": 70,
}
# Per-capita disposable income: median province 2015 18,593 元, growing 7.6 %/yr 2015–2022
# (prov_macro_welfare_long.csv); relative levels by county group below.
INCOME_2015 = 18593.0
INCOME_GROWTH = 0.076
# Per-capita budget spending, median province 2019, 元 (prov_budget_exp_2019_2023_long.csv ÷
# resident population), and growth per year 2019–2023.
EDUCATION_PC_2019, EDUCATION_GROWTH = 2412.0, 0.047
HEALTH_PC_2019, HEALTH_GROWTH = 1182.0, 0.077
SOCIAL_PC_2019, SOCIAL_GROWTH = 2110.0, 0.089
GROUP_LEVEL = {  # income, spending, GDP per capita (元, 2015) by county group
    "城区": (1.38, 1.12, 82000.0),
    "平原": (0.96, 0.92, 52000.0),
    "山区": (0.68, 0.80, 31000.0),
}
# Prefecture-wide trend of each division's employment per year (same for every county unless planted).
TREND = {
    "B06": -0.05,
    "B09": -0.02,
    "B10": -0.01,
    "C13": 0.01,
    "C14": 0.02,
    "C15": 0.01,
    "C17": -0.025,
    "C18": -0.03,
    "C19": 0.0,
    "C20": -0.01,
    "C21": 0.0,
    "C22": 0.0,
    "C24": 0.0,
    "C26": 0.015,
    "C27": 0.03,
    "C29": 0.01,
    "C30": -0.01,
    "C31": -0.02,
    "C32": 0.01,
    "C33": 0.015,
    "C34": 0.02,
    "C35": 0.025,
    "C36": 0.03,
    "C38": 0.035,
    "C39": 0.05,
    "C40": 0.04,
    "C42": 0.03,
}
# Innovation intensities by division (share of output): R&D, new-product sales, exports.
RD_INTENSITY = {i: 0.008 for i in INDUSTRIES} | {
    "C27": 0.028,
    "C39": 0.022,
    "C40": 0.024,
    "C38": 0.018,
    "C35": 0.017,
    "C34": 0.014,
    "C36": 0.016,
    "C26": 0.011,
}
NEW_PRODUCT_SHARE = {i: 0.12 for i in INDUSTRIES} | {
    "C39": 0.30,
    "C38": 0.26,
    "C36": 0.28,
    "C27": 0.22,
    "C40": 0.25,
    "C35": 0.22,
    "B06": 0.01,
    "B09": 0.01,
    "B10": 0.01,
}
EXPORT_SHARE = {i: 0.04 for i in INDUSTRIES} | {
    "C39": 0.30,
    "C19": 0.35,
    "C17": 0.18,
    "C18": 0.30,
    "C21": 0.22,
    "C24": 0.35,
    "C38": 0.15,
    "B06": 0.0,
}
# Unlisted divisions (C16, C23, C25, C28, C37, C41, C43, D44–46) add this share on top of the
# listed ones in the 全部行业合计 columns, per county.
UNLISTED_SHARE = (0.08, 0.18)

# --- the planted clusters of the focal county 990105 清溪县 -------------------------------------------
# Employment paths (persons) and firm counts; see README.md for what they show.
STAGES = {
    "C27": "emergence",
    "C38": "growth",
    "C19": "maturity",
    "C17": "decline",
    "C21": "renewal",
}
STAGE_ZH = {
    "emergence": "萌芽期",
    "growth": "成长期",
    "maturity": "成熟期",
    "decline": "衰退期",
    "renewal": "转型更新期",
}


def _planted_employment(industry: str, t: np.ndarray) -> np.ndarray:
    """Smooth employment path of a planted cluster in the focal county (t = years since 2015)."""
    if industry == "C27":  # emergence: small (well below the regions' P25 share), +19 %/yr
        return 120.0 * 1.19**t
    if industry == "C38":  # growth: +11 %/yr from an above-average base
        return 3300.0 * 1.11**t
    if industry == "C19":  # maturity: large, flat
        return 7400.0 * (1.0 + 0.01 * np.sin(t / 3.0))
    if industry == "C17":  # decline: −8 %/yr
        return 6200.0 * 0.92**t
    if industry == "C21":  # renewal: −9 %/yr to 2019, then +13 %/yr (past its 2015 level)
        low = 3300.0 * 0.91**4
        return np.where(t <= 4, 3300.0 * 0.91**t, low * 1.13 ** (t - 4))
    raise KeyError(industry)


def _planted_firms(industry: str, t: np.ndarray) -> np.ndarray:
    if industry == "C27":
        return 2.0 * 1.18**t
    if industry == "C38":
        return 14.0 * 1.08**t
    if industry == "C19":  # consolidation: fewer, larger firms
        return 34.0 * 0.96**t
    if industry == "C17":  # exits
        return 40.0 * 0.93**t
    if industry == "C21":
        low = 26.0 * 0.93**4  # exits until 2019, then a few upgraded entrants
        return np.where(t <= 4, 26.0 * 0.93**t, low * 1.02 ** (t - 4))
    raise KeyError(industry)


def _planted_innovation(industry: str, year: int) -> tuple[float, float] | None:
    """(R&D intensity, new-product share) overriding the division's defaults, or None."""
    k = year - INNOVATION_YEARS[0]
    if industry == "C21":  # renewal: upgrading to smart/custom furniture
        return 0.007 + 0.0045 * k, 0.09 + 0.06 * k
    if industry == "C27":  # emergence: young, research-heavy firms
        return 0.035 + 0.002 * k, 0.18 + 0.03 * k
    return None


# --- generation ---------------------------------------------------------------------------------------


def generate(rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """All sample data as tidy DataFrames (true values, before any yearbook formatting)."""
    t = np.arange(len(YEARS), dtype=float)
    rows = []
    unlisted = {}
    for c in COUNTIES:
        weights = {}
        for i in INDUSTRIES:
            mult = c.spec.get(i, 1.0)
            if c.code == FOCAL and i in STAGES:
                continue
            weights[i] = BASE_SHARE[i] * mult * float(rng.lognormal(0.0, 0.35)) if mult > 0 else 0.0
        planted_2015 = sum(_planted_employment(i, t)[0] for i in STAGES) if c.code == FOCAL else 0.0
        scale = (c.mfg_2015 - planted_2015) / sum(weights.values())
        county_prod = {"城区": 1.12, "平原": 1.0, "山区": 0.85}[c.group] * float(
            rng.lognormal(0.0, 0.06)
        )
        for i in INDUSTRIES:
            if c.code == FOCAL and i in STAGES:
                emp = _planted_employment(i, t) * np.exp(rng.normal(0.0, 0.015, len(t)))
                firms = np.maximum(1.0, np.round(_planted_firms(i, t)))
            else:
                level = weights[i] * scale
                if level < 60:  # too small to have an enterprise above designated size
                    level = 0.0
                growth = TREND[i] + float(rng.normal(0.0, 0.008))
                emp = level * np.exp(growth * t + np.cumsum(rng.normal(0.0, 0.02, len(t))) * 0.6)
                size = FIRM_SIZE[i] * {"城区": 1.1, "平原": 0.9, "山区": 0.75}[c.group]
                firm_trend = emp / (size * 1.01**t)
                firms = np.where(emp > 0, np.maximum(1.0, np.round(firm_trend)), 0.0)
            emp = np.round(emp)
            prod = OUTPUT_PER_WORKER_2015 * REL_PRODUCTIVITY[i] * county_prod
            pgrowth = OUTPUT_PER_WORKER_GROWTH + (
                0.03 if (c.code == FOCAL and i in ("C27", "C38", "C21")) else 0.0
            )
            out = emp * prod * (1 + pgrowth) ** t * np.exp(rng.normal(0.0, 0.03, len(t)))
            for k, y in enumerate(YEARS):
                rows.append((c.code, i, y, emp[k], np.round(out[k]), firms[k]))
        unlisted[c.code] = (
            float(rng.uniform(*UNLISTED_SHARE)),
            float(rng.uniform(*UNLISTED_SHARE)),
            float(rng.uniform(*UNLISTED_SHARE)),
        )
    ind = pd.DataFrame(
        rows, columns=["region_code", "industry_code", "year", "employment", "output", "firms"]
    )
    ind[["employment", "output", "firms"]] = ind[["employment", "output", "firms"]].astype("int64")

    listed = ind.groupby(["region_code", "year"], as_index=False)[
        ["employment", "output", "firms"]
    ].sum()
    tot = listed.copy()
    for col, j in (("employment", 0), ("output", 1), ("firms", 2)):
        share = tot["region_code"].map({k: v[j] for k, v in unlisted.items()})
        tot[col] = np.ceil(tot[col] * (1.0 + share)).astype("int64")

    pref_ind = ind.groupby(["industry_code", "year"], as_index=False)[
        ["employment", "output", "firms"]
    ].sum()
    pref_tot = tot.groupby("year", as_index=False)[["employment", "output", "firms"]].sum()

    # region data
    reg = []
    for c in COUNTIES:
        inc_l, spend_l, gdp_pc = GROUP_LEVEL[c.group]
        inc_l *= float(rng.lognormal(0.0, 0.05))
        spend_l *= float(rng.lognormal(0.0, 0.06))
        gdp_pc *= float(rng.lognormal(0.0, 0.08))
        fiscal_share = float(rng.uniform(0.055, 0.085))
        for k, y in enumerate(YEARS):
            pop = c.pop_2015 * (1 + c.pop_growth) ** k * float(np.exp(rng.normal(0.0, 0.002)))
            gdp = pop * 1e4 * gdp_pc * 1.065**k / 1e8  # 亿元
            income = (
                INCOME_2015
                * inc_l
                * (1 + INCOME_GROWTH - (0.01 if c.group == "山区" and k > 4 else 0.0)) ** k
            )
            d = y - 2019
            edu = (
                EDUCATION_PC_2019
                * spend_l
                * (1 + EDUCATION_GROWTH) ** d
                * (1.05 if c.group == "山区" else 1.0)
            )
            health = HEALTH_PC_2019 * spend_l * (1 + HEALTH_GROWTH) ** d
            social = (
                SOCIAL_PC_2019
                * spend_l
                * (1 + SOCIAL_GROWTH) ** d
                * (1.1 if c.group == "山区" else 1.0)
            )
            mining = ind[
                (ind.region_code == c.code)
                & (ind.year == y)
                & ind.industry_code.str.startswith("B")
            ]
            mfg = (
                tot[(tot.region_code == c.code) & (tot.year == y)]["employment"].iloc[0]
                - mining["employment"].sum()
            )
            reg.append(
                (
                    c.code,
                    c.name_zh,
                    y,
                    c.group,
                    c.area_km2,
                    round(gdp, 2),
                    round(income),
                    round(edu),
                    round(health),
                    round(social),
                    round(gdp * 1e4 * fiscal_share),
                    # expenditure: the three welfare functions are about 35 % of a county budget
                    round(pop * (edu + health + social) / 0.35),
                    int(round(mfg * 1.35)),
                    round(pop, 2),
                )
            )
    region = pd.DataFrame(
        reg,
        columns=[
            "region_code",
            "name",
            "year",
            "group",
            "area_km2",
            "gdp_yi",
            "income_pc",
            "education_pc",
            "health_pc",
            "social_pc",
            "fiscal_revenue_wan",
            "fiscal_expenditure_wan",
            "manufacturing_employment",
            "population_wan",
        ],
    )

    # innovation 2020–2024
    inn = []
    for r in ind[ind.year.isin(INNOVATION_YEARS) & (ind.employment > 0)].itertuples(index=False):
        rd_i, np_s = RD_INTENSITY[r.industry_code], NEW_PRODUCT_SHARE[r.industry_code]
        k = r.year - INNOVATION_YEARS[0]
        rd_i *= 1.04**k
        np_s *= 1.02**k
        if r.region_code == FOCAL:
            planted = _planted_innovation(r.industry_code, r.year)
            if planted:
                rd_i, np_s = planted
        noise = rng.lognormal(0.0, 0.08, 3)
        rd = r.output * rd_i * noise[0]
        patents = int(rng.poisson(rd / 45.0 + 0.3))
        inn.append(
            (
                r.region_code,
                r.industry_code,
                r.year,
                round(rd, 1),
                patents,
                round(r.output * min(np_s * noise[1], 0.9)),
                round(r.output * EXPORT_SHARE[r.industry_code] * noise[2]),
            )
        )
    innovation = pd.DataFrame(
        inn,
        columns=[
            "region_code",
            "industry_code",
            "year",
            "rd_wan",
            "patents",
            "new_product_wan",
            "exports_wan",
        ],
    )
    firms = _firm_list(ind, rng)
    return {
        "industry": ind,
        "totals": tot,
        "pref_industry": pref_ind,
        "pref_totals": pref_tot,
        "region": region,
        "innovation": innovation,
        "firms": firms,
    }


FIRM_INDUSTRIES = ["C17", "C19", "C21", "C27", "C36", "C38"]
_NAME_A = list("鸿宏金华永瑞恒新富嘉德立中广天福盛兴联远")
_NAME_B = list("达远盛泰兴丰通安源禾润信顺聚成星华业创航")
_SUFFIX = {
    "C17": "纺织",
    "C19": "鞋业",
    "C21": "家居",
    "C27": "药业",
    "C38": "电气",
    "C36": "汽车部件",
}


def _integer_partition(total: int, n: int, rng: np.random.Generator, minimum: int) -> np.ndarray:
    """``n`` lognormal firm sizes ≥ ``minimum`` summing exactly to ``total`` (largest remainders)."""
    minimum = min(minimum, total // n)
    raw = rng.lognormal(0.0, 0.9, n)
    share = raw / raw.sum() * (total - minimum * n)
    base = np.floor(share).astype(int)
    rest = total - minimum * n - base.sum()
    base[np.argsort(-(share - base))[:rest]] += 1
    return base + minimum


def _firm_list(ind: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """2024 firms of FIRM_INDUSTRIES in every county: counts, employment and output match the yearbook."""
    rows = []
    used: set[str] = set()
    serial = 0
    names = {c.code: c.name_zh[:2] for c in COUNTIES}
    sel = ind[(ind.year == FIRM_YEAR) & ind.industry_code.isin(FIRM_INDUSTRIES) & (ind.firms > 0)]
    for r in sel.sort_values(["region_code", "industry_code"]).itertuples(index=False):
        sizes = _integer_partition(int(r.employment), int(r.firms), rng, 20)
        prod = rng.lognormal(0.0, 0.3, len(sizes)) * sizes
        output = np.round(prod / prod.sum() * r.output, 1)
        for s, o in zip(sizes, output, strict=True):
            serial += 1
            while True:
                name = f"{names[r.region_code]}{rng.choice(_NAME_A)}{rng.choice(_NAME_B)}{_SUFFIX[r.industry_code]}有限公司（示例）"
                if name not in used:
                    break
            used.add(name)
            rows.append(
                (
                    f"QY{serial:05d}",
                    name,
                    r.region_code,
                    r.industry_code,
                    FIRM_YEAR,
                    int(s),
                    float(o),
                )
            )
    return pd.DataFrame(
        rows,
        columns=[
            "firm_id",
            "name",
            "region_code",
            "industry_code",
            "year",
            "employment",
            "output_wan",
        ],
    )


# --- the numbers that show the planted stages ---------------------------------------------------------


def _cagr(a: float, b: float, years: int) -> float:
    return (b / a) ** (1.0 / years) - 1.0


def stage_numbers(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per planted industry of the focal county: LQ 2015/2019/2024 vs the prefecture, CAGRs, innovation.

    LQ = (E_ci / E_c,all) / (E_pi / E_p,all) with E_c,all the county's 全部行业合计 employment and
    E_p the prefecture's 合计 row (so LQ is relative to the prefecture, the reference area).
    """
    ind, tot, pind, ptot = (
        data["industry"],
        data["totals"],
        data["pref_industry"],
        data["pref_totals"],
    )
    inn = data["innovation"]
    out = []
    for i, stage in STAGES.items():

        def lq(y, i=i):
            e = ind[
                (ind.region_code == FOCAL) & (ind.industry_code == i) & (ind.year == y)
            ].employment.iloc[0]
            ec = tot[(tot.region_code == FOCAL) & (tot.year == y)].employment.iloc[0]
            ep = pind[(pind.industry_code == i) & (pind.year == y)].employment.iloc[0]
            eall = ptot[ptot.year == y].employment.iloc[0]
            return (e / ec) / (ep / eall)

        def series(df, col, y, i=i, focal=True):
            m = (df.industry_code == i) & (df.year == y)
            if focal:
                m &= df.region_code == FOCAL
            return float(df[m][col].sum())

        f = inn[(inn.region_code == FOCAL) & (inn.industry_code == i)].set_index("year")
        o = ind[(ind.region_code == FOCAL) & (ind.industry_code == i)].set_index("year")["output"]
        out.append(
            {
                "industry": i,
                "stage": stage,
                "lq_2015": lq(2015),
                "lq_2019": lq(2019),
                "lq_2024": lq(2024),
                "emp_2015": series(ind, "employment", 2015),
                "emp_2019": series(ind, "employment", 2019),
                "emp_2024": series(ind, "employment", 2024),
                "emp_cagr": _cagr(
                    series(ind, "employment", 2015), series(ind, "employment", 2024), 9
                ),
                "emp_cagr_pref": _cagr(
                    series(ind, "employment", 2015, focal=False),
                    series(ind, "employment", 2024, focal=False),
                    9,
                ),
                "firms_2015": series(ind, "firms", 2015),
                "firms_2024": series(ind, "firms", 2024),
                "firm_cagr": _cagr(series(ind, "firms", 2015), series(ind, "firms", 2024), 9),
                "firm_cagr_pref": _cagr(
                    series(ind, "firms", 2015, focal=False),
                    series(ind, "firms", 2024, focal=False),
                    9,
                ),
                "emp_cagr_2015_2019": _cagr(
                    series(ind, "employment", 2015), series(ind, "employment", 2019), 4
                ),
                "emp_cagr_2019_2024": _cagr(
                    series(ind, "employment", 2019), series(ind, "employment", 2024), 5
                ),
                "new_product_share_2020": f.loc[2020, "new_product_wan"] / o.loc[2020],
                "new_product_share_2024": f.loc[2024, "new_product_wan"] / o.loc[2024],
                "rd_intensity_2020": f.loc[2020, "rd_wan"] / o.loc[2020],
                "rd_intensity_2024": f.loc[2024, "rd_wan"] / o.loc[2024],
            }
        )
    return pd.DataFrame(out).set_index("industry")


def check_stages(s: pd.DataFrame) -> list[str]:
    """The stage rules the sample promises (also asserted in tests/test_sample.py); returns failures."""
    fail = []

    def need(ok: bool, what: str) -> None:
        if not ok:
            fail.append(what)

    e, g, m, d, r = (s.loc[i] for i in ("C27", "C38", "C19", "C17", "C21"))
    need(e.lq_2024 < 1 and e.lq_2024 > 1.5 * e.lq_2015, "emergence: LQ < 1 and rising fast")
    need(
        e.firm_cagr > e.firm_cagr_pref + 0.05, "emergence: firms growing faster than the prefecture"
    )
    need(g.lq_2015 >= 1 and g.lq_2024 > g.lq_2015 * 1.2, "growth: LQ >= 1 and rising")
    need(
        g.emp_cagr > g.emp_cagr_pref + 0.02 and g.firm_cagr > 0,
        "growth: employment faster than prefecture",
    )
    need(m.lq_2015 >= 2.5 and abs(m.lq_2024 / m.lq_2015 - 1) < 0.12, "maturity: high, flat LQ")
    need(
        m.firm_cagr < -0.02 and abs(m.emp_cagr - m.emp_cagr_pref) < 0.01,
        "maturity: consolidation at par growth",
    )
    need(
        d.lq_2015 >= 1.5 and d.lq_2024 >= 1 and d.lq_2024 < 0.8 * d.lq_2015,
        "decline: LQ >= 1 but falling",
    )
    need(
        d.emp_cagr < d.emp_cagr_pref - 0.02 and d.firm_cagr < -0.04,
        "decline: slower than prefecture, exits",
    )
    need(
        r.lq_2019 < r.lq_2015 and r.lq_2024 > r.lq_2019 and r.lq_2024 >= 1,
        "renewal: LQ falls to 2019, then recovers",
    )
    need(
        r.emp_cagr_2015_2019 < 0 < r.emp_cagr_2019_2024, "renewal: employment falls, then recovers"
    )
    need(
        r.new_product_share_2024 > 2 * r.new_product_share_2020, "renewal: new-product share rising"
    )
    need(r.rd_intensity_2024 > 2 * r.rd_intensity_2020, "renewal: R&D intensity rising")
    return fail


# --- calibration from the real files (optional) --------------------------------------------------------


def calibrate(real: Path) -> dict[str, dict]:
    """Recompute BASE_SHARE, REL_PRODUCTIVITY and the income/spending levels from the real files."""
    emp = pd.read_csv(real / "prov_ind_emp_2005_2016_long.csv", dtype={"region_code": str})
    rev = pd.read_csv(real / "prov_ind_revenue_2006_2016_long.csv", dtype={"region_code": str})
    e16 = (
        emp[(emp.year == 2016) & emp.industry_code.isin(INDUSTRIES)]
        .groupby("industry_code")["value"]
        .sum()
    )
    r16 = (
        rev[(rev.year == 2016) & rev.industry_code.isin(INDUSTRIES)]
        .groupby("industry_code")["value"]
        .sum()
    )
    share = (e16 / e16.sum()).round(3).to_dict()
    ratio = r16 / e16
    rel = (ratio / ratio.median()).clip(0.5, 2.5).round(2).to_dict()
    rel["C40"] = 1.0
    wel = pd.read_csv(real / "prov_macro_welfare_long.csv", dtype={"region_code": str})
    inc = wel[wel.measure == "disposable_income_per_capita"].pivot(
        index="region_code", columns="year", values="value"
    )
    pop = wel[wel.measure == "resident_population_yearend"].pivot(
        index="region_code", columns="year", values="value"
    )
    bud = pd.read_csv(real / "prov_budget_exp_2019_2023_long.csv", dtype={"region_code": str})
    spend = {}
    for m in ("exp_education", "exp_health", "exp_social_security_employment"):
        x = bud[bud.measure == m].pivot(index="region_code", columns="year", values="value") * 1e8
        pc = x.div(pop[x.columns] * 1e4).median()
        spend[m] = (round(float(pc[2019])), round(_cagr(pc[2019], pc[2023], 4), 3))
    return {
        "BASE_SHARE": share,
        "REL_PRODUCTIVITY": rel,
        "INCOME_2015/GROWTH": (
            float(inc[2015].median()),
            round(_cagr(inc[2015].median(), inc[2022].median(), 7), 3),
        ),
        "SPENDING_2019/GROWTH": spend,
    }


def _print_calibration() -> None:
    shared = Path(os.environ.get("CLUSTERPOLICY_SHARED", REPO.parent / "shared"))
    real = shared / "data" / "real" / "china"
    if not (real / "prov_ind_emp_2005_2016_long.csv").is_file():
        print("calibration files not found; using the written constants")
        return
    cal = calibrate(real)
    diff = {
        k: (v, BASE_SHARE[k]) for k, v in cal["BASE_SHARE"].items() if abs(v - BASE_SHARE[k]) > 1e-9
    }
    print("calibration: BASE_SHARE differs from the constants at", diff or "nothing")
    diff = {
        k: (v, REL_PRODUCTIVITY[k])
        for k, v in cal["REL_PRODUCTIVITY"].items()
        if abs(v - REL_PRODUCTIVITY[k]) > 1e-9
    }
    print("calibration: REL_PRODUCTIVITY differs from the constants at", diff or "nothing")
    print(
        "calibration: income 2015 / growth",
        cal["INCOME_2015/GROWTH"],
        "constants",
        (INCOME_2015, INCOME_GROWTH),
    )
    print(
        "calibration: spending per capita 2019 / growth",
        cal["SPENDING_2019/GROWTH"],
        "constants",
        (
            (EDUCATION_PC_2019, EDUCATION_GROWTH),
            (HEALTH_PC_2019, HEALTH_GROWTH),
            (SOCIAL_PC_2019, SOCIAL_GROWTH),
        ),
    )


# --- the workbook --------------------------------------------------------------------------------------

NOTE = "注：本表为虚构示例数据，仅用于演示软件功能。“—”表示无此行业，“…”表示数据不详。"
NOTE_EN = (
    'Note: fictional sample data for demonstrating the software only. "—" none, "…" not available.'
)
SOURCE = "资料来源：示例。Source: sample (fictional)."
FOOTNOTE_STAR = "* 含年中迁入企业一家（虚构示例数据）。* Includes one firm that moved in during the year (fictional)."
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")

# The yearbook quirks, placed deterministically (never in the focal county's planted cells' employment).
NOT_AVAILABLE = {
    (2016, "990110", "C32"),
    (2017, "990109", "C15"),
    (2017, "990107", "C14"),
}  # output "…"
STARRED = (2019, "990108", "C26")  # employment "1234*"
TEXT_NUMBER_YEARS = {2018, 2021}  # all output cells as text with thousands separators


def _fmt_thousands(v: int) -> str:
    return f"{v:,}"


def _year_sheet(wb: Workbook, y: int, data: dict[str, pd.DataFrame], names: dict[str, str]) -> None:
    ws = wb.create_sheet(f"{y}年")
    ncol = 2 + 3 * (len(INDUSTRIES) + 1)
    ws.cell(
        1, 1, f"{y}年清源市各县（市、区）规模以上工业分行业主要指标（虚构示例数据）"
    ).font = Font(bold=True, size=13)
    ws.cell(2, 1, f"Main industrial indicators by county and industry, {y} (fictional sample data)")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=12)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=12)
    ws.cell(4, 1, "地区\nRegion")
    ws.cell(4, 2, "地区代码\nCode")
    ws.merge_cells("A4:A5")
    ws.merge_cells("B4:B5")
    groups = [(i, f"{i} {names[i]}\n{SHORT_EN[i]}") for i in INDUSTRIES] + [
        (None, "全部行业合计\nAll industries")
    ]
    for g, (_, label) in enumerate(groups):
        col = 3 + 3 * g
        ws.cell(4, col, label)
        ws.merge_cells(start_row=4, start_column=col, end_row=4, end_column=col + 2)
        for k, sub in enumerate(
            ("从业人员(人)\nEmployment", "工业总产值(万元)\nOutput", "企业单位数(个)\nFirms")
        ):
            ws.cell(5, col + k, sub)
    for r in (4, 5):
        for c in range(1, ncol + 1):
            ws.cell(r, c).alignment = WRAP
            ws.cell(r, c).font = BOLD
    ws.row_dimensions[4].height = 48
    ws.row_dimensions[5].height = 32
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 10
    for c in range(3, ncol + 1):
        ws.column_dimensions[get_column_letter(c)].width = 12

    ind = data["industry"][data["industry"].year == y].set_index(["region_code", "industry_code"])
    tot = data["totals"][data["totals"].year == y].set_index("region_code")
    pind = data["pref_industry"][data["pref_industry"].year == y].set_index("industry_code")
    ptot = data["pref_totals"][data["pref_totals"].year == y].iloc[0]
    text_numbers = y in TEXT_NUMBER_YEARS

    def put(row: int, col: int, emp: int, out: int, firms: int, key: tuple) -> None:
        if emp == 0:
            for k in range(3):
                ws.cell(row, col + k, "—").alignment = Alignment(horizontal="right")
            return
        ws.cell(row, col, f"{emp}*" if key == STARRED else emp)
        if key in NOT_AVAILABLE:
            ws.cell(row, col + 1, "…").alignment = Alignment(horizontal="right")
        elif text_numbers:
            ws.cell(row, col + 1, _fmt_thousands(out)).alignment = Alignment(horizontal="right")
        else:
            ws.cell(row, col + 1, out).number_format = "#,##0"
        ws.cell(row, col + 2, firms)

    ws.cell(6, 1, f"{PREF_ZH}合计\n{PREF_EN} total").font = BOLD
    ws.cell(6, 2, PREF_CODE)
    for g, i in enumerate(INDUSTRIES):
        p = pind.loc[i]
        put(6, 3 + 3 * g, int(p.employment), int(p.output), int(p.firms), ())
    put(6, 3 + 3 * len(INDUSTRIES), int(ptot.employment), int(ptot.output), int(ptot.firms), ())
    for n, c in enumerate(COUNTIES):
        row = 7 + n
        ws.cell(row, 1, f"\u3000{c.name_zh}\n{c.name_en}")  # bilingual stub, like the 合计 row
        ws.cell(row, 2, c.code)
        for g, i in enumerate(INDUSTRIES):
            v = ind.loc[(c.code, i)]
            put(row, 3 + 3 * g, int(v.employment), int(v.output), int(v.firms), (y, c.code, i))
        t = tot.loc[c.code]
        put(row, 3 + 3 * len(INDUSTRIES), int(t.employment), int(t.output), int(t.firms), ())
    last = 7 + len(COUNTIES)
    ws.cell(last + 1, 1, NOTE + " " + NOTE_EN)
    n = last + 2
    if y == STARRED[0]:
        ws.cell(n, 1, FOOTNOTE_STAR)
        n += 1
    ws.cell(n, 1, SOURCE)
    ws.freeze_panes = "C6"


def _table(ws, header: list[str], rows, widths: list[int]) -> None:
    for k, h in enumerate(header, 1):
        ws.cell(1, k, h).font = BOLD
        ws.cell(1, k).alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(k)].width = widths[k - 1]
    for r in rows:
        ws.append(list(r))
    ws.freeze_panes = "A2"


def build_workbook(data: dict[str, pd.DataFrame], stages: pd.DataFrame) -> Workbook:
    from clusterpolicy.model.codes import divisions  # the official names

    d = divisions()
    names = dict(zip(d["code_with_section"], d["name_zh"], strict=True))
    wb = Workbook()
    wb.remove(wb.active)
    for y in YEARS:
        _year_sheet(wb, y, data, names)

    # B. region data, long
    ws = wb.create_sheet("地区基本情况")
    reg = data["region"]
    _table(
        ws,
        [
            "地区代码",
            "地区",
            "年份",
            "区域分组",
            "行政区域面积(平方公里)",
            "地区生产总值(亿元)",
            "居民人均可支配收入(元)",
            "人均教育支出(元)",
            "人均卫生健康支出(元)",
            "人均社会保障和就业支出(元)",
            "一般公共预算收入(万元)",
            "一般公共预算支出(万元)",
            "制造业从业人员(人)",
        ],
        reg[
            [
                "region_code",
                "name",
                "year",
                "group",
                "area_km2",
                "gdp_yi",
                "income_pc",
                "education_pc",
                "health_pc",
                "social_pc",
                "fiscal_revenue_wan",
                "fiscal_expenditure_wan",
                "manufacturing_employment",
            ]
        ].itertuples(index=False),
        [10, 10, 8, 10, 14, 14, 14, 12, 14, 16, 14, 14, 14],
    )
    ws.append([])
    ws.append(["注：本表为虚构示例数据（fictional sample data），仅用于演示软件功能。"])

    # C. population, wide with years as columns
    ws = wb.create_sheet("年末常住人口")
    ws.cell(
        1,
        1,
        "清源市各县（市、区）年末常住人口（虚构示例数据）Year-end resident population (fictional sample data)",
    ).font = BOLD
    ws.cell(2, len(YEARS) + 2, "单位：万人").alignment = Alignment(horizontal="right")
    header = ["地区", "地区代码"] + [f"{y}年" for y in YEARS]
    for k, h in enumerate(header, 1):
        ws.cell(3, k, h).font = BOLD
    wide = reg.pivot(index="region_code", columns="year", values="population_wan").loc[
        [c.code for c in COUNTIES]
    ]
    ws.append(["合计", PREF_CODE] + [round(float(wide[y].sum()), 2) for y in YEARS])
    for c in COUNTIES:
        ws.append([f"\u3000{c.name_zh}", c.code] + [float(wide.loc[c.code, y]) for y in YEARS])
    ws.append(["注：本表为虚构示例数据，仅用于演示软件功能。"])
    ws.column_dimensions["A"].width = 12
    ws.freeze_panes = "C4"

    # D. innovation, long
    ws = wb.create_sheet("创新指标")
    _table(
        ws,
        [
            "地区代码",
            "行业代码",
            "年份",
            "R&D经费支出(万元)",
            "有效发明专利数(件)",
            "新产品销售收入(万元)",
            "出口交货值(万元)",
        ],
        data["innovation"].itertuples(index=False),
        [10, 10, 8, 16, 16, 18, 16],
    )
    ws.append([])
    ws.append(["注：本表为虚构示例数据（fictional sample data），仅用于演示软件功能。"])

    # E. firms
    ws = wb.create_sheet("企业名录")
    f = data["firms"]
    _table(
        ws,
        ["企业编号", "企业名称", "地区代码", "行业代码", "年份", "从业人员(人)", "营业收入(万元)"],
        f.itertuples(index=False),
        [10, 34, 10, 10, 8, 12, 14],
    )
    ws.append([])
    ws.append(
        [
            "注：企业名称均为虚构（fictional firm names），如与真实企业重名纯属巧合。本表为虚构示例数据。"
        ]
    )

    # F. notes
    ws = wb.create_sheet("说明")
    for line in notes_lines(stages):
        ws.append([line])
    ws.column_dimensions["A"].width = 120
    for row in ws.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    return wb


def notes_lines(stages: pd.DataFrame) -> list[str]:
    lines = [
        "说明 / Notes（虚构示例数据 fictional sample data）",
        "本工作簿的全部数据均为虚构示例数据，清源市及其各县（市、区）并不存在（省级代码99不存在），仅用于演示和测试软件功能，不代表任何真实地区。",
        "All data in this workbook are fictional. Qingyuan (code 990100; province code 99 does not exist) and its counties do not exist; "
        "the data only demonstrate and test the software.",
        "数量级参照真实省级公开数据校准（各行业从业人员结构、人均营业收入的相对水平、居民人均可支配收入、人均教育/卫生健康/社会保障和就业支出），未复制任何真实数值。",
        "Magnitudes are calibrated on real provincial public statistics (division employment structure, relative revenue per worker, "
        "per-capita disposable income, per-capita education/health/social-security spending); no real values are copied.",
        "工作表：2015年…2024年 = 分县分行业规模以上工业（从业人员、工业总产值、企业单位数；含清源市合计行与全部行业合计列）；"
        "地区基本情况 = 分县分年份地区数据；年末常住人口 = 分县人口（年份为列）；创新指标 = 2020–2024年分县分行业创新指标；"
        "企业名录 = 2024年6个行业（C17 C19 C21 C27 C36 C38）在各县的全部规上企业（人数、营业收入之和等于年表数值）；说明 = 本页。",
        "“全部行业合计”包含未单列的行业（C16 C23 C25 C28 C37 C41 C43 及电力燃气水），因此大于所列行业之和。",
        "符号：“—”无此行业；“…”数据不详；“*”见该年表注；2018年、2021年工业总产值以带千位分隔符的文本存储。",
        f"重点县：{FOCAL} 清溪县（平原）。其中预设了五个处于不同生命周期阶段的产业集群（区位熵以清源市为参照区域，分母为全部行业合计）：",
        f"Focal county: {FOCAL} Qingxi County. Five planted clusters at different life-cycle stages (LQ vs the prefecture):",
    ]
    for i, r in stages.iterrows():
        lines.append(
            f"{i} {STAGE_ZH[r.stage]} ({r.stage}): LQ 2015 {r.lq_2015:.2f} → 2019 {r.lq_2019:.2f} → 2024 {r.lq_2024:.2f}; "
            f"从业人员年均增长 employment CAGR {r.emp_cagr:+.1%} (全市同行业 prefecture {r.emp_cagr_pref:+.1%}); "
            f"企业数 firms {r.firms_2015:.0f} → {r.firms_2024:.0f} (CAGR {r.firm_cagr:+.1%}, 全市 {r.firm_cagr_pref:+.1%}); "
            f"新产品销售收入占产值 new-product share 2020 {r.new_product_share_2020:.1%} → 2024 {r.new_product_share_2024:.1%}; "
            f"R&D强度 R&D intensity {r.rd_intensity_2020:.2%} → {r.rd_intensity_2024:.2%}"
        )
    lines.append(
        "其他县的专业化：青山区 电子信息(C39)、仪器仪表(C40)；河东区 汽车(C36)、通用/专用设备(C34/C35)；滨湖区 医药(C27)、食品(C14)；"
        "石桥县 建材(C30)、钢铁(C31)；丰乐县 农副食品(C13)、食品(C14)；南湖市 化工(C26)、塑料(C29)、造纸(C22)；"
        "云岭县 煤炭(B06)、酒饮料茶(C15)；松峰县 有色矿采选与冶炼(B09/C32)；白石县 非金属矿(B10)、木材加工(C20)。"
    )
    return lines


def _deterministic_bytes(wb: Workbook) -> bytes:
    """Save with fixed metadata and zip timestamps so identical data give identical files."""
    fixed = datetime(2025, 1, 1)
    wb.properties.creator = "ClusterPolicy tools/make_sample.py"
    wb.properties.created = fixed
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"<dcterms:modified([^>]*)>[^<]*<",
                    rb"<dcterms:modified\1>2025-01-01T00:00:00Z<",
                    data,
                )
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, data)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    _print_calibration()
    rng = np.random.default_rng(SEED)
    data = generate(rng)
    stages = stage_numbers(data)
    with pd.option_context("display.width", 200, "display.max_columns", 30, "display.precision", 3):
        print(stages.T)
    failures = check_stages(stages)
    if failures:
        print("planted stages do not hold:", *failures, sep="\n- ", file=sys.stderr)
        return 1
    pop = data["region"].groupby("year")["population_wan"].sum()
    mfg = data["totals"].groupby("year")["employment"].sum()
    print(
        f"prefecture population 2015 {pop[2015]:.1f} 万, 2024 {pop[2024]:.1f} 万; "
        f"规上 employment 2015 {mfg[2015]:,}, 2024 {mfg[2024]:,}; firms listed {len(data['firms'])}"
    )
    print(
        "county 规上 employment 2024:",
        data["totals"][data["totals"].year == 2024]
        .set_index("region_code")["employment"]
        .to_dict(),
    )
    wb = build_workbook(data, stages)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(_deterministic_bytes(wb))
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
