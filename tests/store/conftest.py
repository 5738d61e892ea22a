"""Builders shared by the store tests: a CanonicalData whose values catch lossy storage."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clusterpolicy.messages import Problem, Severity
from clusterpolicy.model import CanonicalData, coerce_table
from clusterpolicy.model.dataset import PROVENANCE_COLUMNS


def sample_data() -> CanonicalData:
    """Every canonical table with awkward values: leading zeros, NaN, inf, bools, Chinese, <NA>."""
    d = CanonicalData()
    d.industry_data = coerce_table(
        pd.DataFrame(
            {
                "region_code": ["010101", "330782", "330782", "000001"],
                "industry_code": ["0811", "C13", "0811", "08111"],
                "year": [2019, 2020, 2020, 2021],
                "employment": [1.5, np.nan, 0.0, 1e9],
                "output": [np.inf, -0.0, 3.14159265358979, np.nan],
                "firms": [3.0, 7.0, np.nan, 0.0],
                "custom_extra": [
                    "x",
                    None,
                    "z",
                    "零",
                ],  # an extra column survives after the canonical ones
            }
        ),
        "industry_data",
    )
    d.industry_totals = coerce_table(
        pd.DataFrame({"region_code": ["330782"], "year": [2020], "employment": [50000.0]}),
        "industry_totals",
    )
    d.reference_data = coerce_table(
        pd.DataFrame(
            {
                "region_code": ["_TOTAL", "100000"],
                "industry_code": ["_ALL", "0811"],
                "year": [2020, 2020],
                "output": [1.0e12, np.nan],
            }
        ),
        "reference_data",
    )
    d.region_data = coerce_table(
        pd.DataFrame(
            {
                "region_code": ["330782", "520102"],
                "year": [2020, 2020],
                "population": [1.86e6, np.nan],
                "group": ["东部", None],
            }
        ),
        "region_data",
    )
    d.firm_data = coerce_table(
        pd.DataFrame(
            {
                "firm_id": ["00042", "9"],
                "year": [2020, 2021],
                "region_code": ["330782", "330782"],
                "industry_code": ["0811", "0811"],
                "employment": [15.0, np.nan],
                "name": ["义乌某厂", None],
            }
        ),
        "firm_data",
    )
    d.regions = coerce_table(
        pd.DataFrame(
            {
                "region_code": ["330782", "330000"],
                "name_zh": ["义乌市", "浙江省"],
                "name_en": ["Yiwu", None],
                "is_reference": [False, True],
            }
        ),
        "regions",
    )
    d.industries = coerce_table(
        pd.DataFrame(
            {
                "industry_code": ["0811", "C13"],
                "name_zh": ["铁矿采选", "农副食品加工业"],
                "section": ["B", "C"],
            }
        ),
        "industries",
    )
    rows = [
        [
            "2020年鉴.xlsx",
            "表3",
            "B5:D8",
            "industry_data",
            "employment",
            "从业人员(万人)",
            "万人",
            10000.0,
            "sig",
            3,
        ],
        ["data.csv", "", "A1:C9", "region_data", "population", "常住人口", "", 1, "sig2", 8],
    ]
    d.provenance = pd.DataFrame(
        {c: pd.Series([r[i] for r in rows], dtype=object) for i, c in enumerate(PROVENANCE_COLUMNS)}
    )
    d.warnings = [
        Problem(
            "blank_cell",
            Severity.WARNING,
            "空单元格",
            "Blank cell",
            "填写",
            "Fill it",
            "a.xlsx",
            "表3",
            7,
            "C",
            "",
        ),
        Problem("note", Severity.INFO, "仅提示", "Info only"),
    ]
    return d


@pytest.fixture
def data() -> CanonicalData:
    return sample_data()
