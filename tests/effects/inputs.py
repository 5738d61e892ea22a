"""Inputs of the welfare-effects tests: thresholds with thresholds/effects.yaml, the real
provincial data imported through the importer, and a row filter."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from clusterpolicy.knowledge import load_profile

REPO = Path(__file__).resolve().parents[2]
REAL = Path(os.environ.get("CLUSTERPOLICY_SHARED", REPO.parent / "shared")) / "data" / "real"


def effects_thresholds(tmp: Path | None = None, **overrides):
    """The default profile (it includes thresholds/effects.yaml), with threshold overrides."""
    return load_profile().with_overrides(overrides)


def import_real_china(real: Path):
    """Provincial employment by division, macro/welfare series, wages and the 7-6 budget table.

    The budget CSV is imported on its own and its region_data merged in, because its
    ``fiscal_expenditure`` repeats the macro file's 2019–2022 values with float noise (the
    importer rightly refuses two different values for one key)."""
    from clusterpolicy.io.importer import import_files

    china = real / "china"
    data = import_files(
        [
            china / "prov_ind_emp_2005_2016_long.csv",
            china / "prov_macro_welfare_long.csv",
            china / "prov_ind_wage_2005_2016_long.csv",
        ]
    ).data
    budget = import_files([china / "prov_budget_exp_2019_2023_long.csv"]).data
    key = ["region_code", "year"]
    merged = data.region_data.set_index(key).combine_first(budget.region_data.set_index(key))
    data.region_data = merged.reset_index()
    return data


def rows(result, outcome: str, model: str) -> pd.DataFrame:
    w = result.welfare_effects
    return w.loc[(w["outcome"] == outcome) & (w["model"] == model)]
