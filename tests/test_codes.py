"""The code tables are complete and consistent, and the lookups accept what officials type."""

from __future__ import annotations

import pandas as pd
import pytest

from clusterpolicy.model import codes

EAST = {"11", "12", "13", "31", "32", "33", "35", "37", "44", "46"}
CENTRAL = {"14", "34", "36", "41", "42", "43"}
WEST = {"15", "45", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"}
NORTHEAST = {"21", "22", "23"}


def test_provinces_complete_and_grouped_by_the_nbs_rule():
    df = codes.provinces()
    assert len(df) == 34
    assert df["code"].is_unique and df["name_zh"].is_unique and df["short_zh"].is_unique
    assert df["code"].str.fullmatch(r"\d{2}0000").all()
    assert all(str(dt) == "string" for dt in df.dtypes)
    expected = {
        p: g
        for ps, g in ((EAST, "东部"), (CENTRAL, "中部"), (WEST, "西部"), (NORTHEAST, "东北"))
        for p in ps
    }
    assert len(expected) == 31
    for row in df.itertuples(index=False):
        prefix = row.code[:2]
        if prefix in {"71", "81", "82"}:
            assert pd.isna(row.group)
        else:
            assert row.group == expected[prefix], row.code
        assert row.name_zh.startswith(row.short_zh)
    assert set(df["group"].dropna()) == set(codes.region_groups()["group_zh"])
    assert df.loc[df["code"] == "110000", ["name_zh", "name_en", "short_zh"]].iloc[0].tolist() == [
        "北京市",
        "Beijing",
        "北京",
    ]


def test_region_groups_order():
    g = codes.region_groups()
    assert g["group_zh"].tolist() == ["东部", "中部", "西部", "东北"]
    assert g["order"].tolist() == [1, 2, 3, 4]


def test_sections_and_divisions_complete_and_consistent():
    s = codes.sections()
    d = codes.divisions()
    assert s["code"].tolist() == [chr(c) for c in range(ord("A"), ord("T") + 1)]
    assert d["code"].tolist() == [f"{i:02d}" for i in range(1, 98)]
    assert d["name_zh"].is_unique and s["name_zh"].is_unique
    assert set(d["section"]) <= set(s["code"])
    assert (d["code_with_section"] == d["section"] + d["code"]).all()
    # every section's division range holds exactly the divisions that name it, ranges tile 01..97
    covered = []
    for row in s.itertuples(index=False):
        rng = [f"{i:02d}" for i in range(int(row.first_division), int(row.last_division) + 1)]
        assert d.loc[d["section"] == row.code, "code"].tolist() == rng
        covered += rng
    assert covered == d["code"].tolist()
    # counts per section fixed by GB/T 4754-2017
    counts = d["section"].value_counts()
    assert (
        counts["A"] == 5
        and counts["B"] == 7
        and counts["C"] == 31
        and counts["S"] == 6
        and counts["T"] == 1
    )
    names = dict(zip(d["code_with_section"], d["name_zh"], strict=True))
    assert names["C39"] == "计算机、通信和其他电子设备制造业"
    assert (
        names["C25"] == "石油、煤炭及其他燃料加工业"
    )  # 2017 title (2011: 石油加工、炼焦和核燃料加工业)
    assert names["B11"] == "开采专业及辅助性活动"
    assert names["N79"] == "土地管理业"


def test_division_names_agree_with_real_yearbook_data(real_data):
    """The 2011 and 2017 titles of B, C, D divisions coincide except C25 (renamed in 2017)."""
    real = pd.read_csv(real_data / "china" / "prov_ind_emp_2005_2016_long.csv", dtype=str)
    pairs = real[["industry_code", "industry"]].drop_duplicates()
    names = dict(
        zip(codes.divisions()["code_with_section"], codes.divisions()["name_zh"], strict=True)
    )
    for code, name in pairs.itertuples(index=False):
        if code != "C25":
            assert names[code] == name


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("北京", "110000"),
        ("北京市", "110000"),
        ("北 京", "110000"),
        ("　北京市　", "110000"),
        ("Beijing", "110000"),
        ("BEIJING", "110000"),
        ("内蒙古", "150000"),
        ("Inner Mongolia", "150000"),
        ("新疆维吾尔自治区", "650000"),
        ("香港", "810000"),
    ],
)
def test_province_by_name(name, code):
    assert codes.province_by_name(name)["code"] == code


@pytest.mark.parametrize("name", ["Peking", "北平", "京", "", "北京市市"])
def test_province_by_name_does_not_guess(name):
    assert codes.province_by_name(name) is None


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("39", "C39"),
        ("C39", "C39"),
        ("c39", "C39"),
        (39, "C39"),
        ("Ｃ３９", "C39"),
        (" C 39 ", "C39"),
        (6, "B06"),
        ("9", "B09"),
    ],
)
def test_division_accepts_common_spellings(code, expected):
    assert codes.division(code)["code_with_section"] == expected


@pytest.mark.parametrize("code", ["B39", "98", 0, 100, "C391", "abc", True])
def test_division_rejects_unknown(code):
    assert codes.division(code) is None


@pytest.mark.parametrize(
    ("code", "group"),
    [
        ("110000", "东部"),
        ("140100", "中部"),
        (230000, "东北"),
        ("650102", "西部"),
        ("44", "东部"),
        ("710000", None),
        ("990102", None),
    ],
)
def test_region_group(code, group):
    assert codes.region_group(code) == group


def test_aliases_live_in_the_one_code_module():
    """The documented aliases (NBS English exports) are data in resources/codes, opt-in."""
    assert codes.province_by_name("Tibet") is None  # strict by default: no guessing
    assert codes.province_by_name("Tibet", aliases=True)["code"] == "540000"
    assert codes.province_record("Chongqin", aliases=True).code == "500000"
    assert codes.province_record("北 京").code == "110000"
    assert codes.province_record("110000").name_zh == "北京市"


def test_lookups_are_dict_indexes_not_pandas_filters():
    import time

    codes.division("C13"), codes.province_by_name("北京")  # build the indexes once
    t0 = time.perf_counter()
    for _ in range(1000):
        codes.division_record("C13")
        codes.division_by_name("农副食品加工业")
        codes.province_record("北京")
        codes.region_group("110000")
    assert time.perf_counter() - t0 < 0.05  # 4,000 lookups; a pandas filter each took ~2 ms


def test_industry_code_canonical_spelling():
    assert codes.industry_code("13") == "C13"
    assert codes.industry_code("c13") == "C13"
    assert codes.industry_code("Ｃ１３") == "C13"
    assert codes.industry_code("WZ08-C") == "WZ08-C"
    assert codes.division_by_name("农副食品加工业").code_with_section == "C13"
