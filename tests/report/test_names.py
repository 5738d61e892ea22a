"""Names in the report's language: industries, regions and scenario names."""

from __future__ import annotations

import pandas as pd

from clusterpolicy.model.codes import division
from clusterpolicy.report.chapters.common import scenario_name as _scenario_name
from clusterpolicy.report.context import Context, division_name_en


def _ctx(
    lang: str, clusters: pd.DataFrame | None = None, eq: pd.DataFrame | None = None
) -> Context:
    tables = {}
    if clusters is not None:
        tables["clusters"] = clusters
    if eq is not None:
        tables["equalization"] = eq
    meta = {"region_code": "990105", "region_name_zh": "清溪县", "region_name_en": "Qingxi County"}
    return Context(tables=tables, meta=meta, lang=lang)


def test_division_name_en_drops_the_shared_prefix_only():
    assert division(21)["name_en"] == "Manufacture of furniture"
    assert division_name_en("C21") == "Furniture"
    assert division_name_en("27") == "Medicines"
    assert (
        division_name_en("C13") == "Processing of food from agricultural products"
    )  # no prefix: unchanged
    assert division_name_en("B06") == "Mining and washing of coal"
    assert (
        division_name_en("ALL") is None
        and division_name_en("X99") is None
        and division_name_en("") is None
    )


def test_industry_names_fall_back_to_gbt4754_english_when_the_data_has_none():
    # the importer's lookup falls back to the Chinese name when a workbook has no English one
    clusters = pd.DataFrame(
        {
            "industry_code": ["C21", "C19", "Z01"],
            "industry_name_zh": ["家具制造业", "皮革、毛皮、羽毛及其制品和制鞋业", "自定义行业"],
            "industry_name_en": ["家具制造业", "Leather and shoes (own name)", None],
        }
    )
    en, zh = _ctx("en", clusters), _ctx("zh", clusters)
    assert en.industry_name("C21") == "Furniture"
    assert en.industry_name("C19") == "Leather and shoes (own name)"  # the data's English name wins
    assert en.industry_name("C27") == "Medicines"  # not in the clusters sheet: still named
    assert en.industry_name("Z01") == "自定义行业"  # no code table entry: the name the data has
    assert en.industry_name("ALL") == "all industries"
    assert zh.industry_name("C21") == "家具制造业" and zh.industry_name("C19").startswith("皮革")
    # not in the data: the GB/T 4754-2017 name (sections and sectors too), never the bare code
    assert zh.industry_name("C27") == "医药制造业"
    assert zh.industry_name("C") == "制造业" and en.industry_name("SEC2") == "Secondary industry"
    assert zh.industry_name("Z01") == "自定义行业"


def test_region_labels_prefer_the_english_column_in_english():
    eq = pd.DataFrame(
        {
            "region_code": ["990102", "990103", "990105"],
            "region_name": ["青山区", "河东区", "清溪县"],
            "region_name_en": ["Qingshan District", None, "Qingxi County"],
        }
    )
    en, zh = _ctx("en", eq=eq), _ctx("zh", eq=eq)
    assert [en.region_label(c) for c in ("990102", "990103", "990105", "990199")] == [
        "Qingshan District",
        "河东区",
        "Qingxi County",
        "990199",
    ]
    assert [zh.region_label(c) for c in ("990102", "990103", "990105")] == [
        "青山区",
        "河东区",
        "清溪县",
    ]
    no_en = _ctx("en", eq=eq.drop(columns="region_name_en"))
    assert no_en.region_label("990102") == "青山区"


def test_scenario_names_split_on_a_slash_between_chinese_and_english():
    name = "教育转移支付（示例）/ education transfer (illustrative)"  # no space before the slash
    assert _scenario_name(name, "en") == "education transfer (illustrative)"
    assert _scenario_name(name, "zh") == "教育转移支付（示例）"
    assert _scenario_name("A / B", "en") == "A / B"  # not a Chinese / English pair: unchanged
    assert _scenario_name("收入/支出比 上调", "en") == "收入/支出比 上调"
