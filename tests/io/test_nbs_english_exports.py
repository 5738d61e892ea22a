"""NBS data.stats.gov.cn exports translated to English ("Index: … (Yuan)", "Indicator: … (in 100 million
yuan)", mistyped province names) import through the same path and equal the tidy values."""

from __future__ import annotations

import pandas as pd
import pytest

from clusterpolicy.io.headers import match_field
from clusterpolicy.io.importer import import_files
from clusterpolicy.io.units import parse_unit


def test_english_indicator_lines_and_units():
    assert (
        match_field("Per capita disposable income of all residents (Yuan)")[0]
        == "disposable_income_pc"
    )
    field, unit = match_field("Local General Budget Expenditure (in 100 million yuan)")
    assert field == "fiscal_expenditure" and unit.factor == 1e8
    assert parse_unit("(in 100 million yuan)").factor == 1e8
    assert parse_unit("in") is None


@pytest.mark.realdata
@pytest.mark.parametrize(
    "fname, column, measure, factor",
    [
        (
            "nbs_prov_disp_income_2006_2022_en.xls",
            "disposable_income_pc",
            "disposable_income_per_capita",
            1.0,
        ),
        (
            "nbs_prov_local_budget_exp_2005_2022_en.xls",
            "fiscal_expenditure",
            "local_budget_exp_total",
            1e8,
        ),
    ],
)
def test_english_exports_equal_the_tidy_values(real_data, fname, column, measure, factor):
    china = real_data / "china"
    rd = import_files([china / fname]).data.region_data
    assert (
        rd["region_code"].nunique() == 31
    )  # every province matched, mistyped English names included
    tidy = pd.read_csv(china / "prov_macro_welfare_long.csv", dtype={"region_code": str})
    tidy = tidy[tidy["measure"] == measure]
    merged = tidy.merge(rd[["region_code", "year", column]], on=["region_code", "year"], how="left")
    assert len(merged) >= 300 and merged[column].notna().all()
    assert (merged[column] - merged["value"] * factor).abs().max() <= 0.011 * factor
