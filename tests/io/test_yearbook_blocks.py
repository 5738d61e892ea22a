"""Yearbook tables split into blocks (7-6 / 续表1 / 续表2): years, headers and no silent drops.

Rules (constructed workbooks, one per rule) and the real China Statistical Yearbook 7-6
workbooks 2019–2023 against the tidy CSV made independently from them (亿元 × 1e8 = yuan).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from clusterpolicy.io.importer import import_files
from clusterpolicy.io.layout import is_number
from clusterpolicy.io.readers import read_workbook
from clusterpolicy.messages import ProblemError
from clusterpolicy.model.tables import TOTAL_REGION

PROVS = [("北京", 700.0), ("天津", 300.0), ("河北", 1600.0)]


def _write(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def _block(title: list[list[object]], header: list[object], scale: float) -> list[list[object]]:
    rows = [*title, header, ["地方合计", *(scale * sum(v for _n, v in PROVS) * k for k in (1, 2))]]
    rows += [[n, v * scale, 2 * v * scale] for n, v in PROVS]
    return rows


def _region(res, year=None):
    rd = res.data.region_data
    return rd if year is None else rd[rd["year"] == year]


def test_footnote_year_is_not_the_continuation_year(tmp_path):
    """注：…2022年… under block 1 (and its English line) must not give 续表1 the year 2022."""
    rows = _block(
        [["表7-6 分地区一般公共预算支出(2023年)"], ["单位：亿元"]],
        ["地区", "教育支出", "地方一般公共预算支出"],
        1,
    )
    rows += [
        ["注：由于体制调整，2022年起新疆数据包含新疆生产建设兵团。"],
        ["a) Due to institutional adjustments, since 2022, the data of Xinjiang includes XPCC."],
        [],
        [],
    ]
    rows += _block(
        [["7-6 续表1"], ["continued"], ["单位：亿元"]],
        ["地区", "卫生健康支出", "社会保障和就业支出"],
        0.5,
    )
    res = import_files([_write(tmp_path / "t.xlsx", {"1-2": rows})])
    rd = _region(res)
    assert set(rd["year"]) == {2023}
    bj = rd[rd["region_code"] == "110000"].iloc[0]
    assert bj["education_exp"] == pytest.approx(700e8)
    assert bj["health_exp"] == pytest.approx(350e8)  # 亿元 inherited with the year
    assert bj["social_security_exp"] == pytest.approx(700e8)
    m = [x for x in res.mappings if x.block == 1][0]
    assert m.continues and m.year_source == "continued" and "2022" not in m.title


def test_title_year_beats_a_note_year_for_a_new_table(tmp_path):
    rows = _block(
        [["表1 教育支出(2019年)"], ["单位：亿元"]], ["地区", "教育支出", "地方一般公共预算支出"], 1
    )
    rows += [["注：2018年数据为快报数。"], []]
    rows += _block(
        [["表2 卫生支出(2021年)"], ["单位：万元"]],
        ["地区", "卫生健康支出", "社会保障和就业支出"],
        1,
    )
    rd = _region(import_files([_write(tmp_path / "t.xlsx", {"s": rows})]))
    assert sorted(set(rd["year"])) == [2019, 2021]
    bj21 = rd[(rd["region_code"] == "110000") & (rd["year"] == 2021)].iloc[0]
    assert bj21["health_exp"] == pytest.approx(700e4)  # 万元: its own unit line, not inherited


def test_continuation_on_the_next_sheet_inherits_year_and_unit(tmp_path):
    s1 = _block(
        [["7-6 分地区一般公共预算支出(2020年)"], ["单位：亿元"]],
        ["地区", "教育支出", "地方一般公共预算支出"],
        1,
    )
    s2 = _block([["7-6 续表2 continued"]], ["地区", "卫生健康支出", "社会保障和就业支出"], 1)
    rd = _region(import_files([_write(tmp_path / "t.xlsx", {"1-2": s1, "3": s2})]))
    assert set(rd["year"]) == {2020}
    hb = rd[rd["region_code"] == "130000"].iloc[0]
    assert hb["health_exp"] == pytest.approx(1600e8) and hb["education_exp"] == pytest.approx(
        1600e8
    )


def test_missing_year_is_a_located_error_not_a_silent_drop(tmp_path):
    """A continuation of a table without any year, and a table without any year: errors at the block."""
    rows = _block(
        [["分地区一般公共预算支出"], ["单位：亿元"]],
        ["地区", "教育支出", "地方一般公共预算支出"],
        1,
    )
    rows += [[], []] + _block([["续表1"]], ["地区", "卫生健康支出", "社会保障和就业支出"], 1)
    path = _write(tmp_path / "noyear.xlsx", {"表": rows})
    with pytest.raises(ProblemError) as ei:
        import_files([path])
    errs = [p for p in ei.value.problems if p.code == "missing_year"]
    assert len(errs) == 2
    assert {(p.file, p.sheet) for p in errs} == {("noyear.xlsx", "表")}
    assert sorted(p.row for p in errs) == [3, 11]  # the header row of each block
    assert all("mapping" in p.fix_en and "映射" in p.fix_zh for p in errs)
    # with the year given in the mapping the same file imports, every value kept
    from clusterpolicy.io.importer import propose_mappings

    maps = propose_mappings([path])
    for m in maps:
        m.year, m.year_source = 2019, "mapping"
    rd = _region(import_files([path], mappings=maps))
    assert set(rd["year"]) == {2019} and rd["health_exp"].notna().sum() == 4


def test_header_word_broken_over_two_rows_is_joined(tmp_path):
    """2021 layout: "地方一般公" / "共预算支出", "卫生健康" / "支    出", then a blank spacer row."""
    rows = [
        ["7-6  分地区一般公共预算支出 (2021年)"],
        [],
        ["单位：亿元"],
        ["地   区", "地方一般公", "一般公共", "卫生健康", "教育支出"],
        ["", "共预算支出", "服务支出", "支    出", ""],
        [],
        ["地方合计", 4000.0, 400.0, 200.0, 600.0],
        [],
        [" 北  京", 2000.0, 200.0, 100.0, 300.0],
        [" 天  津", 2000.0, 200.0, 100.0, 300.0],
    ]
    res = import_files([_write(tmp_path / "t.xlsx", {"Sheet1": rows})])
    m = res.mappings[0]
    by_col = {c.index: c for c in m.columns}
    assert by_col[1].field == "fiscal_expenditure" and by_col[1].header == "地方一般公共预算支出"
    assert by_col[2].header == "一般公共服务支出" and not by_col[2].field
    assert by_col[3].field == "health_exp"
    rd = _region(res, 2021).set_index("region_code")
    assert rd.loc["110000", "fiscal_expenditure"] == pytest.approx(2000e8)
    assert rd.loc["120000", "health_exp"] == pytest.approx(100e8)
    assert rd.loc[TOTAL_REGION, "education_exp"] == pytest.approx(600e8)


def test_group_header_over_columns_is_not_joined(tmp_path):
    """A merged upper cell spanning several columns is a group header, not a broken word."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "s"
    for r in (
        ["2020年"],
        ["地区", "支出", None],
        [None, "教育支出", "卫生健康支出"],
        ["北京", 1.0, 2.0],
    ):
        ws.append(r)
    ws.merge_cells("B2:C2")
    wb.save(tmp_path / "g.xlsx")
    m = import_files([tmp_path / "g.xlsx"]).mappings[0]
    assert [c.field for c in m.value_columns()] == ["education_exp", "health_exp"]


# --- the real China Statistical Yearbook 7-6 workbooks -----------------------------------------

FILES = {
    2019: "csy_7-6_budget_exp_2019.xls",
    2020: "csy_7-6_budget_exp_2020_soshu.xls",
    2021: "csy_7-6_budget_exp_2021.xls",
    2022: "csy_7-6_budget_exp_2022.xls",
    2023: "csy_7-6_budget_exp_2023.xls",
}
TIDY = {
    "exp_education": "education_exp",
    "exp_health": "health_exp",
    "exp_social_security_employment": "social_security_exp",
    "exp_total": "fiscal_expenditure",
}


@pytest.mark.realdata
@pytest.mark.parametrize("year", sorted(FILES))
def test_real_7_6_values_and_year(real_data, year):
    china = real_data / "china"
    res = import_files([china / FILES[year]])
    rd = res.data.region_data
    assert set(rd["year"]) == {year}
    tidy = pd.read_csv(china / "prov_budget_exp_2019_2023_long.csv", dtype={"region_code": str})
    provs = rd[rd["region_code"].str.fullmatch(r"\d{2}0000")].set_index("region_code")
    assert len(provs) == 31
    for measure, col in TIDY.items():
        ref = tidy[(tidy["year"] == year) & (tidy["measure"] == measure)].set_index("region_code")[
            "value"
        ]
        assert len(ref) == 31
        got = provs[col].reindex(ref.index) / 1e8
        assert np.allclose(
            got.to_numpy(dtype=float), ref.to_numpy(dtype=float), atol=0.01, rtol=0
        ), (measure, year)
    # 地方合计 is the reference/total area, not a province; it equals the province sum
    tot = rd[rd["region_code"] == TOTAL_REGION]
    assert len(tot) == 1
    regions = res.data.regions.set_index("region_code")
    assert bool(regions.loc[TOTAL_REGION, "is_reference"])
    assert not regions.loc[provs.index, "is_reference"].any()
    for col in ("education_exp", "health_exp", "social_security_exp"):
        assert tot[col].iloc[0] / 1e8 == pytest.approx(provs[col].sum() / 1e8, abs=0.05)


def _numbers_in_value_area(sheet, m) -> int:
    first, last = m.data_rows
    return sum(
        1
        for c in m.columns
        if c.role == "value"
        for r in range(first - 1, last)
        if is_number(sheet.cell(r, c.index))
    )


@pytest.mark.realdata
@pytest.mark.parametrize("year", sorted(FILES))
def test_real_7_6_every_number_lands_or_is_listed(real_data, year):
    """Import invariant: every number of every block's value area is in a canonical table
    (provenance counts) or counted in a warning about columns that were not imported."""
    path = real_data / "china" / FILES[year]
    res = import_files([path])
    sheets = {s.sheet: s for s in read_workbook(path).sheets}
    in_area = sum(_numbers_in_value_area(sheets[m.sheet], m) for m in res.mappings)
    rd = res.data.region_data
    landed = int(rd.select_dtypes("number").drop(columns=["year"]).notna().sum().sum())
    prov = res.data.provenance
    imported = prov[prov["table"] != "not_imported"]
    assert landed == int(imported["n_values"].sum())  # nothing lost after extraction
    listed = sum(
        int(re.search(r"(\d+) numbers not imported", p.message_en).group(1))
        for p in res.problems
        if p.code in ("unmapped_columns", "no_measure")
    )
    assert in_area == landed + listed
    acc = res.accounting  # the importer's own account agrees, and adds up
    assert (acc.read, acc.imported) == (in_area, landed)
    assert acc.read == acc.imported + acc.not_imported
    # 7-6 has 25 value columns (the total and 24 functions) × 32 rows, less the blank cells
    assert 25 * 32 - 60 < in_area <= 25 * 32
    assert (
        landed == 4 * 32
    )  # 地方一般公共预算支出, 教育, 卫生健康, 社会保障和就业 for 31 provinces + 地方合计


def test_small_decimals_are_not_mistaken_for_a_total_row(tmp_path):
    """10.5 + 20.0 = 30.5 ≠ 30.0: with one-decimal figures the rounding slack is 0.05 a row, not 0.5."""
    from openpyxl import Workbook

    from clusterpolicy.io.importer import import_files

    wb = Workbook()
    ws = wb.active
    ws.title = "人口"
    ws.append(["年末常住人口"])
    ws.append(["单位：万人"])
    ws.append(["地区", "2020年", "2021年"])
    for row in (["甲县", 10.5, 11.5], ["乙县", 20.0, 21.0], ["丙县", 30.0, 32.0]):
        ws.append(row)
    path = tmp_path / "pop.xlsx"
    wb.save(path)
    rd = import_files([path]).data.region_data
    assert set(rd["region_code"]) == {"甲县", "乙县", "丙县"}
    assert (
        rd.loc[(rd["region_code"] == "丙县") & (rd["year"] == 2021), "population"].iloc[0]
        == 320_000
    )


@pytest.mark.parametrize(
    "headers",
    [
        ("2020年常住人口（万人）", "2021年常住人口（万人）"),
        ("2020年末常住人口（万人）", "2021年末常住人口（万人）"),
        ("常住人口2020（万人）", "常住人口2021（万人）"),
    ],
)
def test_measure_and_year_in_one_header(tmp_path, headers):
    from openpyxl import Workbook

    from clusterpolicy.io.importer import import_files

    wb = Workbook()
    ws = wb.active
    ws.append(["地区", *headers])
    ws.append(["甲县", 10.5, 11.5])
    ws.append(["乙县", 20.0, 21.0])
    path = tmp_path / "pop.xlsx"
    wb.save(path)
    rd = import_files([path]).data.region_data.set_index(["region_code", "year"])
    assert (
        rd.loc[("甲县", 2020), "population"] == 105_000
        and rd.loc[("乙县", 2021), "population"] == 210_000
    )
