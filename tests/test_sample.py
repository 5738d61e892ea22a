"""The bundled sample workbook: layout of the spec, plausible magnitudes and the planted stages.

Everything is recomputed from the workbook itself (read with openpyxl, plain pandas), not from
the generator and not with the metrics library.
"""

from __future__ import annotations

import re

import numpy as np
import openpyxl
import pandas as pd
import pytest

from clusterpolicy.model.codes import division
from clusterpolicy.paths import resource

YEARS = list(range(2015, 2025))
FOCAL = "990105"
COUNTY_CODES = [f"9901{k:02d}" for k in range(2, 12)]


@pytest.fixture(scope="module")
def book():
    wb = openpyxl.load_workbook(resource("samples", "sample_prefecture.xlsx"), read_only=False)
    yield wb
    wb.close()


def _number(value) -> float:
    """Yearbook cell → number: '—' none → 0, '…' → NaN, '12,345' and '6761*' → numbers."""
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if text in {"—", "-", "–"}:
        return 0.0
    if text in {"…", "...", ""}:
        return np.nan
    return float(re.sub(r"[,*①]", "", text))


def _year_table(ws) -> pd.DataFrame:
    """Long table region_code, industry_code, measure, value from one wide yearbook sheet."""
    groups = []
    for col in range(3, ws.max_column + 1, 3):
        label = ws.cell(4, col).value
        code = "_ALL" if label.startswith("全部行业合计") else label.split()[0]
        groups.append((col, code))
    rows = []
    for r in range(6, 17):
        region = str(ws.cell(r, 2).value)
        for col, code in groups:
            for k, measure in enumerate(("employment", "output", "firms")):
                rows.append((region, code, measure, _number(ws.cell(r, col + k).value)))
    return pd.DataFrame(rows, columns=["region_code", "industry_code", "measure", "value"])


@pytest.fixture(scope="module")
def industry(book) -> pd.DataFrame:
    frames = []
    for y in YEARS:
        t = _year_table(book[f"{y}年"])
        t["year"] = y
        frames.append(t)
    long = pd.concat(frames, ignore_index=True)
    return long.pivot_table(
        index=["region_code", "industry_code", "year"],
        columns="measure",
        values="value",
        dropna=False,
    ).reset_index()


def test_sheets_of_the_spec(book):
    expected = [f"{y}年" for y in YEARS] + [
        "地区基本情况",
        "年末常住人口",
        "创新指标",
        "企业名录",
        "说明",
    ]
    assert book.sheetnames == expected


def test_year_sheet_layout(book):
    for y in YEARS:
        ws = book[f"{y}年"]
        assert (
            ws.cell(1, 1).value
            == f"{y}年清源市各县（市、区）规模以上工业分行业主要指标（虚构示例数据）"
        )
        assert "fictional sample data" in ws.cell(2, 1).value
        merged = {str(m) for m in ws.merged_cells.ranges}
        assert {"A4:A5", "B4:B5", "C4:E4"} <= merged
        assert ws.cell(4, 1).value == "地区\nRegion"
        assert ws.cell(5, 3).value == "从业人员(人)\nEmployment"
        assert ws.cell(4, ws.max_column - 2).value == "全部行业合计\nAll industries"
        assert ws.cell(6, 2).value == "990100" and ws.cell(6, 1).value.startswith("清源市合计")
        assert [ws.cell(r, 2).value for r in range(7, 17)] == COUNTY_CODES
        assert all(ws.cell(r, 1).value.startswith("\u3000") for r in range(7, 17))
        # bilingual stubs "　清溪县\nQingxi County": a Chinese line, then an ASCII English line
        stubs = [ws.cell(r, 1).value.strip("\u3000").split("\n") for r in range(7, 17)]
        assert all(
            len(s) == 2
            and re.fullmatch(r"[\u4e00-\u9fff]+[区县市]", s[0])
            and re.fullmatch(r"[A-Z][a-z]+ (District|County|City)", s[1])
            for s in stubs
        ), stubs
        assert stubs[3] == ["清溪县", "Qingxi County"]
        tail = [ws.cell(r, 1).value for r in range(17, ws.max_row + 1) if ws.cell(r, 1).value]
        assert tail[0].startswith("注：本表为虚构示例数据") and tail[-1].startswith(
            "资料来源：示例"
        )


def test_importer_reads_the_english_region_names():
    from clusterpolicy.io.importer import import_files

    regions = import_files([resource("samples", "sample_prefecture.xlsx")]).data.regions.set_index(
        "region_code"
    )
    assert regions.loc[FOCAL, ["name_zh", "name_en"]].tolist() == ["清溪县", "Qingxi County"]
    counties = regions.loc[COUNTY_CODES]
    assert counties["name_en"].str.fullmatch(r"[A-Z][a-z]+ (District|County|City)").all()
    assert counties["name_en"].nunique() == len(COUNTY_CODES)


def test_divisions_are_real_gbt4754_codes(book):
    ws = book["2015年"]
    labels = [ws.cell(4, c).value for c in range(3, ws.max_column - 2, 3)]
    assert len(labels) >= 25
    for label in labels:
        code, rest = label.split(" ", 1)
        assert division(code) is not None and rest.startswith(division(code)["name_zh"])


def test_yearbook_quirks_present(book):
    cells = [
        c.value
        for y in YEARS
        for row in book[f"{y}年"].iter_rows(min_row=6, max_row=16)
        for c in row
    ]
    strings = [v for v in cells if isinstance(v, str)]
    assert "—" in strings and "…" in strings
    assert any(re.fullmatch(r"\d+\*", v) for v in strings)
    assert any(re.fullmatch(r"\d{1,3}(,\d{3})+", v) for v in strings)


def test_ten_counties_ten_years_non_negative(industry):
    assert sorted(industry["region_code"].unique()) == ["990100", *COUNTY_CODES]
    assert sorted(industry["year"].unique()) == YEARS
    values = industry[["employment", "output", "firms"]]
    assert (values.fillna(0) >= 0).all().all()
    assert values.isna().sum().sum() <= 5  # only the few '…' cells


def test_totals_exceed_listed_and_reference_row_is_the_sum(industry):
    detail = industry[(industry.industry_code != "_ALL") & (industry.region_code != "990100")]
    totals = industry[(industry.industry_code == "_ALL") & (industry.region_code != "990100")]
    listed = detail.groupby(["region_code", "year"])[["employment", "firms"]].sum()
    tot = totals.set_index(["region_code", "year"])[["employment", "firms"]]
    assert (tot["employment"] >= listed["employment"]).all()
    assert (tot["firms"] >= listed["firms"]).all()
    # the 合计 row equals the county sum (employment, every division and year)
    pref = industry[industry.region_code == "990100"].set_index(["industry_code", "year"])[
        "employment"
    ]
    counties = (
        industry[industry.region_code != "990100"]
        .groupby(["industry_code", "year"])["employment"]
        .sum()
    )
    pd.testing.assert_series_equal(pref.sort_index(), counties.sort_index(), check_names=False)


def test_magnitudes_plausible(industry, book):
    tot = industry[(industry.industry_code == "_ALL") & (industry.region_code != "990100")]
    assert tot["employment"].between(5_000, 120_000).all()  # tens of thousands per county
    per_worker = tot["output"] / tot["employment"]  # 万元 per person
    assert per_worker.between(40, 300).all()
    size = tot["employment"] / tot["firms"]
    assert size.between(60, 600).all()
    ws = book["年末常住人口"]
    pops = [ws.cell(r, c).value for r in range(5, 15) for c in range(3, 13)]
    assert all(20 <= p <= 120 for p in pops)  # 万人: 200k..1.2M


def test_region_data_dispersion(book):
    ws = book["地区基本情况"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    df = pd.DataFrame(
        [r for r in rows if r[0] and str(r[0]).startswith("9901")], columns=[c.value for c in ws[1]]
    )
    assert len(df) == 100 and set(df["区域分组"]) == {"城区", "平原", "山区"}
    inc = df[df["年份"] == 2024].groupby("区域分组")["居民人均可支配收入(元)"].mean()
    assert inc["城区"] > 1.2 * inc["平原"] > 1.2 * 1.2 * inc["山区"]


def _lq(industry: pd.DataFrame, code: str, year: int) -> float:
    e = industry.set_index(["region_code", "industry_code", "year"])["employment"]
    return (e[(FOCAL, code, year)] / e[(FOCAL, "_ALL", year)]) / (
        e[("990100", code, year)] / e[("990100", "_ALL", year)]
    )


def _cagr(industry, region, code, measure, y0=2015, y1=2024):
    v = industry.set_index(["region_code", "industry_code", "year"])[measure]
    return (v[(region, code, y1)] / v[(region, code, y0)]) ** (1 / (y1 - y0)) - 1


def _innovation_share(book, code: str, col: str, industry: pd.DataFrame, year: int) -> float:
    ws = book["创新指标"]
    header = [c.value for c in ws[1]]
    rows = pd.DataFrame(list(ws.iter_rows(min_row=2, values_only=True)), columns=header)
    row = rows[
        (rows["地区代码"] == FOCAL) & (rows["行业代码"] == code) & (rows["年份"] == year)
    ].iloc[0]
    out = industry.set_index(["region_code", "industry_code", "year"])["output"][
        (FOCAL, code, year)
    ]
    return row[col] / out


def test_emergence_c27(industry):
    lq15, lq24 = _lq(industry, "C27", 2015), _lq(industry, "C27", 2024)
    assert lq24 < 1 and lq24 > 2 * lq15
    assert _cagr(industry, FOCAL, "C27", "firms") > _cagr(industry, "990100", "C27", "firms") + 0.1
    assert _cagr(industry, FOCAL, "C27", "employment") > 0.1


def test_growth_c38(industry):
    lq = [_lq(industry, "C38", y) for y in YEARS]
    assert lq[0] >= 1 and lq[-1] > 1.5 * lq[0]
    assert np.polyfit(YEARS, lq, 1)[0] > 0
    assert (
        _cagr(industry, FOCAL, "C38", "employment")
        > _cagr(industry, "990100", "C38", "employment") + 0.05
    )
    assert _cagr(industry, FOCAL, "C38", "firms") > 0


def test_maturity_c19(industry):
    lq = [_lq(industry, "C19", y) for y in YEARS]
    assert min(lq) > 3 and max(lq) / min(lq) < 1.15
    assert (
        abs(
            _cagr(industry, FOCAL, "C19", "employment")
            - _cagr(industry, "990100", "C19", "employment")
        )
        < 0.01
    )
    assert _cagr(industry, FOCAL, "C19", "firms") < -0.03  # consolidation


def test_decline_c17(industry):
    lq15, lq24 = _lq(industry, "C17", 2015), _lq(industry, "C17", 2024)
    assert lq24 >= 1 and lq24 < 0.8 * lq15
    assert (
        _cagr(industry, FOCAL, "C17", "employment")
        < _cagr(industry, "990100", "C17", "employment") - 0.02
    )
    assert _cagr(industry, FOCAL, "C17", "firms") < -0.05


def test_renewal_c21(industry, book):
    lq15, lq19, lq24 = (_lq(industry, "C21", y) for y in (2015, 2019, 2024))
    assert lq19 < 0.92 * lq15 and lq24 > 1.1 * lq19
    assert _cagr(industry, FOCAL, "C21", "employment", 2015, 2019) < -0.05
    assert _cagr(industry, FOCAL, "C21", "employment", 2019, 2024) > 0.05
    for col in ("新产品销售收入(万元)", "R&D经费支出(万元)"):
        assert _innovation_share(book, "C21", col, industry, 2024) > 2.5 * _innovation_share(
            book, "C21", col, industry, 2020
        )


def test_firm_list_matches_the_yearbook(book, industry):
    ws = book["企业名录"]
    df = pd.DataFrame(
        list(ws.iter_rows(min_row=2, values_only=True)), columns=[c.value for c in ws[1]]
    )
    notes = df[~df["企业编号"].astype(str).str.startswith("QY")]["企业编号"].dropna().tolist()
    assert len(notes) == 1 and "虚构" in notes[0]
    df = df[df["企业编号"].astype(str).str.startswith("QY")]
    assert 200 <= len(df) <= 1000
    assert df["企业名称"].str.endswith("（示例）").all()
    assert df["企业编号"].is_unique and df["企业名称"].is_unique
    assert (df["年份"] == 2024).all() and (df["从业人员(人)"] > 0).all()
    e = industry[industry.year == 2024].set_index(["region_code", "industry_code"])
    for (region, code), g in df.groupby(["地区代码", "行业代码"]):
        assert g["从业人员(人)"].sum() == e.loc[(region, code), "employment"]
        assert len(g) == e.loc[(region, code), "firms"]
        assert g["营业收入(万元)"].sum() == pytest.approx(
            e.loc[(region, code), "output"], abs=0.05 * len(g) + 0.01
        )


def test_labelled_fictional_everywhere(book):
    assert "虚构示例数据" in book["年末常住人口"].cell(1, 1).value
    notes = " ".join(str(r[0]) for r in book["说明"].iter_rows(values_only=True))
    assert "虚构示例数据" in notes and "990105" in notes
