"""The canonical tables: fixed column names, dtypes and units.

Units are canonical and explicit: money in yuan (元), people in persons (人), area in km².
The importer converts 万元/亿元/万人/thousands into these units and records the factor in the
provenance. Codes are strings: leading zeros matter (GB/T 2260 "110000", WZ "08111").

Totals are never mixed with detail rows:

* ``industry_data`` holds one row per (region, industry, year) of *detail* data only.
* ``industry_totals`` holds explicit all-industry totals per region and year, as a yearbook's
  合计/Total column or row gives them (industry_code is always :data:`TOTAL_INDUSTRY`). Shares and
  LQs use them as the regional denominator when present, because yearbook tables often list
  selected industries only.
* ``reference_data`` holds rows of an explicit reference area (全国, 全省, 合计 of all listed
  regions, Insgesamt …), per industry and for :data:`TOTAL_INDUSTRY`. Its ``region_code`` is the
  reference area's own code (e.g. "100000" for the nation or a province code) or ``"_TOTAL"``
  when the sheet gave only a total row without a code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

TOTAL_INDUSTRY = "_ALL"  # industry_code of an all-industry total
TOTAL_REGION = "_TOTAL"  # region_code of a total row with no code of its own


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # "string", "int64", "float64", "bool"
    unit: str = ""  # canonical unit, e.g. "persons", "yuan", "yuan/person", "km2", "count"
    label_zh: str = ""
    label_en: str = ""
    key: bool = False  # part of the row key
    required: bool = False  # must be present in an import


@dataclass(frozen=True)
class TableSpec:
    name: str
    label_zh: str
    label_en: str
    columns: tuple[Column, ...]

    @property
    def key(self) -> list[str]:
        return [c.name for c in self.columns if c.key]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def measures(self) -> list[str]:
        return [c.name for c in self.columns if not c.key and c.dtype == "float64"]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _k(name, zh, en, dtype="string"):
    return Column(name, dtype, "", zh, en, key=True, required=True)


def _m(name, zh, en, unit):
    return Column(name, "float64", unit, zh, en)


_INDUSTRY_MEASURES = (
    _m("employment", "从业人员", "Employment", "persons"),
    _m("output", "工业总产值", "Gross output", "yuan"),
    _m("value_added", "增加值", "Value added", "yuan"),
    _m("revenue", "营业收入", "Revenue", "yuan"),
    _m("firms", "企业数", "Number of firms", "count"),
    _m("exports", "出口交货值", "Exports", "yuan"),
    _m("rd_expenditure", "R&D经费支出", "R&D expenditure", "yuan"),
    _m("patents", "有效发明专利数", "Patents", "count"),
    _m("new_product_sales", "新产品销售收入", "New-product sales", "yuan"),
    _m("wages", "平均工资", "Average wage", "yuan/person"),
)

INDUSTRY_DATA = TableSpec(
    "industry_data",
    "分行业数据",
    "Industry data",
    (
        _k("region_code", "地区代码", "Region code"),
        _k("industry_code", "行业代码", "Industry code"),
        _k("year", "年份", "Year", "int64"),
        *_INDUSTRY_MEASURES,
    ),
)

INDUSTRY_TOTALS = TableSpec(
    "industry_totals",
    "地区合计",
    "Regional all-industry totals",
    (
        _k("region_code", "地区代码", "Region code"),
        _k("year", "年份", "Year", "int64"),
        *_INDUSTRY_MEASURES,
    ),
)

REFERENCE_DATA = TableSpec(
    "reference_data",
    "参照区域数据",
    "Reference-area data",
    (
        _k("region_code", "参照区域代码", "Reference-area code"),
        _k("industry_code", "行业代码", "Industry code"),
        _k("year", "年份", "Year", "int64"),
        *_INDUSTRY_MEASURES,
    ),
)

REGION_DATA = TableSpec(
    "region_data",
    "地区数据",
    "Region data",
    (
        _k("region_code", "地区代码", "Region code"),
        _k("year", "年份", "Year", "int64"),
        _m("population", "常住人口", "Population", "persons"),
        _m("area_km2", "行政区域面积", "Area", "km2"),
        _m("gdp", "地区生产总值", "GDP", "yuan"),
        _m(
            "disposable_income_pc",
            "居民人均可支配收入",
            "Disposable income per capita",
            "yuan/person",
        ),
        _m("manufacturing_employment", "制造业从业人员", "Manufacturing employment", "persons"),
        _m("education_exp_pc", "人均教育支出", "Education spending per capita", "yuan/person"),
        _m("health_exp_pc", "人均卫生健康支出", "Health spending per capita", "yuan/person"),
        _m(
            "social_security_exp_pc",
            "人均社会保障和就业支出",
            "Social-security spending per capita",
            "yuan/person",
        ),
        _m("fiscal_revenue", "一般公共预算收入", "Fiscal revenue", "yuan"),
        _m("fiscal_expenditure", "一般公共预算支出", "Fiscal expenditure", "yuan"),
        Column("group", "string", "", "区域分组", "Region group"),
        # function spending totals as yearbook table 7-6 gives them (per capita: model.derive)
        _m("education_exp", "教育支出", "Education spending", "yuan"),
        _m("health_exp", "卫生健康支出", "Health spending", "yuan"),
        _m(
            "social_security_exp",
            "社会保障和就业支出",
            "Social-security and employment spending",
            "yuan",
        ),
    ),
)

FIRM_DATA = TableSpec(
    "firm_data",
    "企业数据",
    "Firm data",
    (
        _k("firm_id", "企业编号", "Firm id"),
        _k("year", "年份", "Year", "int64"),
        Column("region_code", "string", "", "地区代码", "Region code", required=True),
        Column("industry_code", "string", "", "行业代码", "Industry code", required=True),
        _m("employment", "从业人员", "Employment", "persons"),
        _m("output", "产值", "Output", "yuan"),
        Column("name", "string", "", "企业名称", "Firm name"),
    ),
)

REGIONS = TableSpec(
    "regions",
    "地区代码表",
    "Regions",
    (
        _k("region_code", "地区代码", "Region code"),
        Column("name_zh", "string", "", "地区名称", "Name (Chinese)"),
        Column("name_en", "string", "", "英文名称", "Name (English)"),
        Column("parent_code", "string", "", "上级代码", "Parent code"),
        Column("group", "string", "", "区域分组", "Region group"),
        Column("is_reference", "bool", "", "是否参照区域", "Is a reference area"),
    ),
)

INDUSTRIES = TableSpec(
    "industries",
    "行业代码表",
    "Industries",
    (
        _k("industry_code", "行业代码", "Industry code"),
        Column("name_zh", "string", "", "行业名称", "Name (Chinese)"),
        Column("name_en", "string", "", "英文名称", "Name (English)"),
        Column("section", "string", "", "门类", "Section"),
    ),
)

TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        INDUSTRY_DATA,
        INDUSTRY_TOTALS,
        REFERENCE_DATA,
        REGION_DATA,
        FIRM_DATA,
        REGIONS,
        INDUSTRIES,
    )
}

_PANDAS_DTYPE = {"string": "string", "int64": "int64", "float64": "float64", "bool": "bool"}


def empty_table(name: str) -> pd.DataFrame:
    """An empty DataFrame with the table's columns and dtypes."""
    spec = TABLES[name]
    return pd.DataFrame({c.name: pd.Series(dtype=_PANDAS_DTYPE[c.dtype]) for c in spec.columns})


def coerce_table(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Return ``df`` with every canonical column present, in order, with its canonical dtype.

    Missing measure columns are added as all-NaN; extra columns are kept after the canonical
    ones. Raises ``ValueError`` for a missing key column or a value that does not convert (the
    importer validates before calling this, so a raise here is a programming error).
    """
    spec = TABLES[name]
    out = pd.DataFrame(index=df.index)
    for c in spec.columns:
        if c.name in df.columns:
            s = df[c.name]
        elif c.key:
            raise ValueError(f"{name}: key column {c.name!r} missing")
        elif c.dtype == "bool":
            s = pd.Series(False, index=df.index)
        else:
            s = pd.Series(np.nan if c.dtype == "float64" else pd.NA, index=df.index)
        if c.dtype == "string":
            s = s.astype("string")
        elif c.dtype == "int64":
            s = pd.to_numeric(s, errors="raise").astype("int64")
        elif c.dtype == "float64":
            s = pd.to_numeric(s, errors="raise").astype("float64")
        elif c.dtype == "bool":
            s = s.fillna(False).astype("bool")
        out[c.name] = s
    extras = [c for c in df.columns if c not in out.columns]
    for c in extras:
        out[c] = df[c]
    return out.reset_index(drop=True)
