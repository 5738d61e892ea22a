"""Tidy long tables (region, industry, year, measure, value, unit): measures pivoted to columns."""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest

from clusterpolicy.io.importer import import_files, propose_mappings
from clusterpolicy.io.mapping import SheetMapping

HEADER = ["region_code", "region", "industry_code", "industry", "year", "measure", "value", "unit"]


def _book(path, rows, header=HEADER):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "tidy"
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


ROWS = [
    ["110000", "北京", "C39", "计算机", 2020, "urban_unit_employment", 1.5, "10000 persons"],
    ["110000", "北京", "C39", "计算机", 2020, "main_business_revenue", 12.5, "100 million yuan"],
    ["110000", "北京", "C39", "计算机", 2021, "urban_unit_employment", 16000, "persons"],
    ["110000", "北京", "C39", "计算机", 2021, "main_business_revenue", 130000, "万元"],
    ["110000", "北京", "C39", "计算机", 2021, "private_and_self_employed", 7, "10000 persons"],
    ["120000", "天津", "C39", "计算机", 2020, "urban_unit_employment", "—", "persons"],
    ["120000", "天津", "C39", "计算机", 2020, "main_business_revenue", 3, "100 million yuan"],
]


def test_measures_pivot_with_per_row_units(tmp_path):
    res = import_files([_book(tmp_path / "t.xlsx", ROWS)])
    (m,) = res.mappings
    assert m.layout == "tidy"
    assert m.measure_map == {
        "urban_unit_employment": "employment",
        "main_business_revenue": "revenue",
        "private_and_self_employed": "",
    }
    ind = res.data.industry_data.set_index(["region_code", "industry_code", "year"])
    assert len(ind) == 3  # one row per key, both measures on it
    assert ind.loc[("110000", "C39", 2020), "employment"] == 15000  # 1.5 万人
    assert ind.loc[("110000", "C39", 2020), "revenue"] == 12.5e8  # 亿元
    assert ind.loc[("110000", "C39", 2021), "employment"] == 16000  # persons
    assert ind.loc[("110000", "C39", 2021), "revenue"] == 130000e4  # 万元
    assert np.isnan(ind.loc[("120000", "C39", 2020), "employment"])  # "—" is missing
    assert ind.loc[("120000", "C39", 2020), "revenue"] == 3e8
    skipped = [p for p in res.data.warnings if p.code == "unmapped_measures"]
    assert len(skipped) == 1 and "private_and_self_employed (1 values)" in skipped[0].message_en
    assert skipped[0].column == "F"
    prov = res.data.provenance.set_index("column")
    assert prov.loc["employment", "n_values"] == 2 and prov.loc["revenue", "n_values"] == 3


def test_user_measure_map_and_chinese_label_fallback(tmp_path):
    path = _book(tmp_path / "t.xlsx", ROWS)
    (m,) = propose_mappings([path])
    m.measure_map["private_and_self_employed"] = "exports"  # the user's (odd but explicit) choice
    m.measure_map["main_business_revenue"] = ""  # and leaves revenue out
    again = SheetMapping.from_dict(m.to_dict())  # survives the JSON round trip
    assert again.measure_map == m.measure_map
    res = import_files([path], mappings=[again])
    ind = res.data.industry_data.set_index(["region_code", "industry_code", "year"])
    # "10000 persons" does not fit a money measure: left unscaled, with a warning naming it
    assert ind.loc[("110000", "C39", 2021), "exports"] == 7
    assert [p.code for p in res.data.warnings if "exports" in p.message_en] == [
        "unit_not_applicable"
    ]
    assert ind["revenue"].isna().all()
    assert (
        "main_business_revenue (3 values)"
        in next(p for p in res.data.warnings if p.code == "unmapped_measures").message_en
    )


def test_unit_that_does_not_fit_is_left_unscaled_with_a_warning(tmp_path):
    rows = [
        ["110000", "北京", "", "", 2020, "gdp", 5, "10000 persons"],
        ["110000", "北京", "", "", 2020, "exp_total", 3, "亿元"],
        ["110000", "北京", "", "", 2020, "resident_population_yearend", 2189, "万人"],
    ]
    header = [
        "region_code",
        "region",
        "industry_code",
        "industry",
        "year",
        "measure",
        "value",
        "unit",
    ]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header[:5] + ["measure", "measure_zh"] + header[6:])
    for r in rows:
        ws.append(r[:6] + ["地方一般公共预算支出" if r[5] == "exp_total" else ""] + r[6:])
    wb.save(tmp_path / "r.xlsx")
    res = import_files([tmp_path / "r.xlsx"])
    rd = res.data.region_data.set_index(["region_code", "year"])
    assert rd.loc[("110000", 2020), "gdp"] == 5  # unscaled, and said so
    assert rd.loc[("110000", 2020), "fiscal_expenditure"] == 3e8  # mapped through its Chinese label
    assert rd.loc[("110000", 2020), "population"] == 2189e4
    warn = [p for p in res.data.warnings if p.code == "unit_not_applicable"]
    assert len(warn) == 1 and "gdp" in warn[0].message_en


def test_real_provincial_employment_long_csv(real_data):
    path = real_data / "china" / "prov_ind_emp_2005_2016_long.csv"
    if not path.is_file():
        pytest.skip("prov_ind_emp_2005_2016_long.csv not present")
    res = import_files([path])
    src = pd.read_csv(path, dtype={"region_code": str, "industry_code": str})
    assert set(src["measure"]) == {"urban_unit_employment"} and set(src["unit"]) == {"persons"}
    got = res.data.industry_data.set_index(["region_code", "industry_code", "year"])["employment"]
    want = src.set_index(["region_code", "industry_code", "year"])["value"]
    assert len(got) == len(want) == 13693
    assert got.sort_index().equals(want.sort_index().astype("float64").rename("employment"))
    assert not [p for p in res.data.warnings if p.code in ("unmapped_measures", "unknown_unit")]


def test_real_revenue_long_csv_scaled_from_100_million_yuan(real_data):
    path = real_data / "china" / "prov_ind_revenue_2006_2016_long.csv"
    if not path.is_file():
        pytest.skip("prov_ind_revenue_2006_2016_long.csv not present")
    got = import_files([path]).data.industry_data["revenue"].sum()
    src = pd.read_csv(path)
    assert got == pytest.approx(src["value"].sum() * 1e8, rel=1e-12)


def test_chinese_headers_and_unknown_unit_rows_left_out(tmp_path):
    rows = [
        ["110000", "C39", 2020, "从业人员", 1.5, "万人"],
        ["110000", "C39", 2020, "营业收入", 12.5, "亿元"],
        ["110000", "C39", 2021, "从业人员", 16000, "人"],
        ["110000", "C39", 2021, "营业收入", 3, "桶"],
    ]  # a unit nobody can convert
    res = import_files(
        [
            _book(
                tmp_path / "zh.xlsx", rows, ["地区代码", "行业代码", "年份", "指标", "数值", "单位"]
            )
        ]
    )
    assert res.mappings[0].layout == "tidy"
    ind = res.data.industry_data.set_index("year")
    assert ind.loc[2020, "employment"] == 15000 and ind.loc[2020, "revenue"] == 12.5e8
    assert ind.loc[2021, "employment"] == 16000 and np.isnan(ind.loc[2021, "revenue"])
    (w,) = [p for p in res.data.warnings if p.code == "unknown_unit"]
    assert "桶" in w.message_zh and w.column == "F"


def test_indicator_rows_with_years_across(tmp_path):
    """An NBS-style export: indicator names (with units) down column A, one column per year;
    the region comes from the file name."""
    path = _book(
        tmp_path / "北京.xlsx",
        [
            ["地区生产总值(亿元)", 41610.9, 43760.7],
            ["年末常住人口(万人)", 2185.8, 2183.2],
            ["某个未知指标", 1, 2],
        ],
        ["指标", "2022年", "2023年"],
    )
    res = import_files([path])
    assert res.mappings[0].layout == "tidy" and res.mappings[0].region == "北京市"  # the province
    rd = res.data.region_data.set_index("year")
    assert set(res.data.region_data["region_code"]) == {"110000"}
    assert rd.loc[2022, "gdp"] == pytest.approx(41610.9e8) and rd.loc[2023, "gdp"] == pytest.approx(
        43760.7e8
    )
    assert rd.loc[2023, "population"] == pytest.approx(2183.2e4)
    (w,) = [p for p in res.data.warnings if p.code == "unmapped_measures"]
    assert "某个未知指标（2 个数值）" in w.message_zh
