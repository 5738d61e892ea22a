"""Yearbook table 7-6 (分地区一般公共预算支出) function headers and tidy names → spending totals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusterpolicy.io.headers import match_field, tidy_field
from clusterpolicy.io.importer import import_files
from clusterpolicy.model.tables import TABLES


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("教育支出\nExpenditure\nfor\nEducation", "education_exp"),  # 2022/2023 workbooks
        ("教育支出\r\nExpenditure\r\nfor\r\nEducation", "education_exp"),  # 2019 workbook
        ("卫生健康\n支 出\nExpenditure\nfor Health\nCare", "health_exp"),
        ("卫生健康支出", "health_exp"),
        ("医疗卫生与计划生育支出", "health_exp"),  # the 2018-and-earlier name
        (
            "社会保障\n和就业支出\nExpenditure\nfor Social\nSecurity\nand\nEmployment",
            "social_security_exp",
        ),
        ("社会保障和就业支出", "social_security_exp"),
        ("Expenditure for Education", "education_exp"),
        ("education_exp", "education_exp"),
        # per-capita headers still go to the per-capita columns (exact and longest match win)
        ("人均教育支出", "education_exp_pc"),
        ("人均卫生健康支出", "health_exp_pc"),
        ("人均社会保障和就业支出", "social_security_exp_pc"),
        # neighbours in the same table are not taken for the new columns
        ("地方一般公\n共预算支出\nGeneral Public\nBudget\nExpenditure", "fiscal_expenditure"),
        ("一般公共\n服务支出\nExpenditure\nfor General\nPublic Services", None),
        ("科 学\n技术支出\nExpenditure\nfor\nScience and\nTechnology", None),
    ],
)
def test_7_6_headers(header, field):
    assert match_field(header)[0] == field


def test_unit_in_header_is_kept():
    f, unit = match_field("教育支出(亿元)")
    assert f == "education_exp" and unit is not None and unit.factor == 1e8


@pytest.mark.parametrize(
    ("name", "label", "field"),
    [
        ("exp_education", "教育支出", "education_exp"),
        ("exp_health", "卫生健康支出", "health_exp"),
        ("exp_social_security_employment", "社会保障和就业支出", "social_security_exp"),
        ("exp_general_public_services", "一般公共服务支出", ""),
    ],
)
def test_tidy_measure_names(name, label, field):
    assert tidy_field(name, label) == field


def test_columns_are_totals_in_yuan_after_the_existing_ones():
    spec = TABLES["region_data"]
    assert spec.names[-3:] == ["education_exp", "health_exp", "social_security_exp"]
    assert spec.names.index("group") < spec.names.index("education_exp")
    for name, zh in (
        ("education_exp", "教育支出"),
        ("health_exp", "卫生健康支出"),
        ("social_security_exp", "社会保障和就业支出"),
    ):
        col = spec.column(name)
        assert col.unit == "yuan" and col.label_zh == zh and col.dtype == "float64"


def test_tidy_budget_table_imports_in_yuan(tmp_path):
    p = tmp_path / "budget.csv"
    pd.DataFrame(
        {
            "region_code": ["330000", "330000", "330000", "510000"],
            "region": ["浙江", "浙江", "浙江", "四川"],
            "year": 2022,
            "measure": [
                "exp_education",
                "exp_health",
                "exp_social_security_employment",
                "exp_education",
            ],
            "value": [2197.26, 1236.08, 1400.55, 1800.0],
            "unit": "100 million yuan",
        }
    ).to_csv(p, index=False)
    rd = import_files([p]).data.region_data.set_index("region_code")
    assert rd.loc["330000", "education_exp"] == pytest.approx(2197.26e8)
    assert rd.loc["330000", "health_exp"] == pytest.approx(1236.08e8)
    assert rd.loc["330000", "social_security_exp"] == pytest.approx(1400.55e8)
    assert rd.loc["510000", "education_exp"] == pytest.approx(1800e8)
    assert rd["education_exp_pc"].isna().all()  # totals are not per-capita figures


@pytest.mark.realdata
def test_yearbook_7_6_2022_all_three_functions(real_data):
    china = real_data / "china"
    rd = import_files([china / "csy_7-6_budget_exp_2022.xls"]).data.region_data
    tidy = pd.read_csv(china / "prov_budget_exp_2019_2023_long.csv", dtype={"region_code": str})
    tidy = tidy[tidy["year"] == 2022].pivot_table(
        index="region_code", columns="measure", values="value"
    )
    got = rd[rd["region_code"].isin(tidy.index)].set_index("region_code")
    assert len(got) == 31 and set(got["year"]) == {2022}
    for col, m in (
        ("education_exp", "exp_education"),
        ("health_exp", "exp_health"),
        ("social_security_exp", "exp_social_security_employment"),
    ):
        assert np.allclose(got[col] / 1e8, tidy.loc[got.index, m], rtol=0, atol=0.005)
