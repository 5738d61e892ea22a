"""The bundled sample workbook imports with zero manual mapping, and every number is right.

Golden values come from an independent read of the same file with openpyxl and plain parsing
rules written here ("—"/"…" missing, "*" footnote dropped, thousands separators removed, units
万元 ×10,000 and 万人 ×10,000), not from the importer.
"""

from __future__ import annotations

import re

import numpy as np
import openpyxl
import pytest

from clusterpolicy.io.importer import import_files
from clusterpolicy.messages import Severity, column_letter
from clusterpolicy.model.tables import TOTAL_INDUSTRY
from clusterpolicy.paths import resource

SAMPLE = resource("samples", "sample_prefecture.xlsx")
YEARS = list(range(2015, 2025))
COUNTIES = [f"9901{i:02d}" for i in range(2, 12)]
DIVISIONS = {"B06", "B09", "B10"} | {f"C{i}" for i in range(13, 43)} - {
    "C16",
    "C23",
    "C25",
    "C28",
    "C37",
    "C41",
}
WAN = 10_000


@pytest.fixture(scope="module")
def result():
    return import_files([SAMPLE])


@pytest.fixture(scope="module")
def raw():
    wb = openpyxl.load_workbook(SAMPLE, read_only=True)
    out = {name: [list(r) for r in wb[name].iter_rows(values_only=True)] for name in wb.sheetnames}
    wb.close()
    return out


def _num(v):
    """Independent cell parsing: None for blanks and missing symbols, numbers from text."""
    if v is None or (isinstance(v, str) and v.strip() in ("", "—", "…", "...")):
        return None
    if isinstance(v, str):
        return float(v.replace(",", "").rstrip("*"))
    return float(v)


def _yearbook(raw) -> dict[tuple[str, str, int], tuple]:
    """(region_code, division or _ALL, year) → (employment 人, output 元, firms) from the yearbook sheets."""
    out = {}
    for y in YEARS:
        rows = raw[f"{y}年"]
        groups = rows[3]
        for r in rows[5:16]:
            code = str(r[1])
            for c in range(2, len(groups), 3):
                label = str(groups[c])
                div = TOTAL_INDUSTRY if label.startswith("全部行业合计") else label.split()[0]
                emp, outp, firms = (_num(v) for v in r[c : c + 3])
                out[(code, div, y)] = (emp, None if outp is None else outp * WAN, firms)
    return out


def _frame_dict(df, key):
    return {tuple(k): row for k, row in zip(df[key].itertuples(index=False), df.to_dict("records"))}


def test_imports_without_mapping_and_only_expected_warnings(result):
    codes = {p.code for p in result.problems}
    assert not [p for p in result.problems if p.severity is Severity.ERROR]
    assert codes <= {
        "import_accounting",
        "footnote_marker",
        "missing_symbols",
        "sheet_skipped",
        "text_numbers",
        "total_rows",
        "unit_applied",
    }, codes
    assert {"footnote_marker", "missing_symbols", "text_numbers", "unit_applied"} <= codes
    assert {m.sheet for m in result.mappings} == {f"{y}年" for y in YEARS} | {
        "地区基本情况",
        "年末常住人口",
        "创新指标",
        "企业名录",
    }


def test_regions_industries_years(result):
    d = result.data
    regs = d.regions.set_index("region_code")
    assert sorted(regs.index[~regs["is_reference"]]) == COUNTIES
    assert regs.loc["990100", "is_reference"]
    assert (regs.loc["990100", "name_zh"], regs.loc["990100", "name_en"]) == (
        "清源市合计",
        "Qingyuan total",
    )
    assert regs.loc["990105", "name_zh"] == "清溪县"  # full-width indent removed
    assert set(d.industries["industry_code"]) == DIVISIONS and len(DIVISIONS) == 27
    for t in ("industry_data", "industry_totals", "reference_data", "region_data"):
        assert sorted(getattr(d, t)["year"].unique()) == YEARS, t


def test_yearbook_cells_land_in_the_right_tables(result, raw):
    d = result.data
    want = _yearbook(raw)
    detail = _frame_dict(d.industry_data, ["region_code", "industry_code", "year"])
    totals = _frame_dict(d.industry_totals, ["region_code", "year"])
    ref = _frame_dict(d.reference_data, ["region_code", "industry_code", "year"])
    n_detail = 0
    for (code, div, y), (emp, outp, firms) in want.items():
        if code == "990100":
            got = ref[(code, div, y)]  # the 清源市合计 row, per division and for all industries
        elif div == TOTAL_INDUSTRY:
            got = totals[(code, y)]  # the 全部行业合计 group
        elif emp is None and outp is None and firms is None:
            assert (code, div, y) not in detail  # "—": no such industry, no row
            continue
        else:
            got = detail[(code, div, y)]
            n_detail += 1
        for name, v in (("employment", emp), ("output", outp), ("firms", firms)):
            if v is None:
                assert np.isnan(got[name]), (code, div, y, name)
            else:
                assert got[name] == pytest.approx(v), (code, div, y, name)
    assert len(d.industry_totals) == len(COUNTIES) * len(YEARS)
    assert len(d.reference_data) == (len(DIVISIONS) + 1) * len(YEARS)
    assert len(d.industry_data) == n_detail


def test_footnote_marker_and_not_available_cells(result, raw):
    d = result.data
    ind = d.industry_data.set_index(["region_code", "industry_code", "year"])
    rows = raw["2019年"]
    col = next(i for i, v in enumerate(rows[3]) if str(v).startswith("C26"))
    row = next(i for i, r in enumerate(rows) if r[1] == "990108")
    assert rows[row][col] == "6761*"
    assert ind.loc[("990108", "C26", 2019), "employment"] == 6761
    foot = [p for p in result.problems if p.code == "footnote_marker"]
    assert [(p.sheet, p.row, p.column) for p in foot] == [("2019年", row + 1, column_letter(col))]
    # "…" = not available: output missing, the other two measures kept
    for code, div, y in (("990110", "C32", 2016), ("990109", "C15", 2017), ("990107", "C14", 2017)):
        assert np.isnan(ind.loc[(code, div, y), "output"])
        assert ind.loc[(code, div, y), "employment"] > 0
    syms = {
        p.sheet for p in result.problems if p.code == "missing_symbols" and "..." in p.message_zh
    }
    assert syms == {"2016年", "2017年"}


def test_text_numbers_read_with_a_warning(result, raw):
    d = result.data
    text_sheets = {p.sheet for p in result.problems if p.code == "text_numbers"}
    assert text_sheets == {"2018年", "2021年"}
    rows = raw["2018年"]
    col = next(i for i, v in enumerate(rows[3]) if str(v).startswith("C39")) + 1  # 工业总产值
    r = next(r for r in rows if r[1] == "990102")
    assert isinstance(r[col], str) and "," in r[col]
    got = d.industry_data.set_index(["region_code", "industry_code", "year"]).loc[
        ("990102", "C39", 2018), "output"
    ]
    assert got == int(r[col].replace(",", "")) * WAN
    msg = next(
        p for p in result.problems if p.code == "text_numbers" and p.sheet == "2018年"
    ).message_zh
    n = int(re.match(r"(\d+)", msg).group(1))
    n_text = sum(
        isinstance(v, str) and re.fullmatch(r"[\d,]+", v) is not None
        for r in rows[5:16]
        for v in r[2:]
    )
    assert n == n_text > 0


def test_population_in_persons_and_reference_area_in_region_data(result, raw):
    d = result.data
    rd = d.region_data.set_index(["region_code", "year"])
    rows = raw["年末常住人口"]
    header = rows[2]
    for r in rows[3:14]:
        for j, h in enumerate(header[2:], start=2):
            y = int(str(h).rstrip("年"))
            assert rd.loc[(str(r[1]), y), "population"] == pytest.approx(r[j] * WAN)
    # the 合计 row is the prefecture: region_data under its own code, not in reference_data
    assert rd.loc[("990100", 2015), "population"] == pytest.approx(687.41 * WAN)
    assert "population" not in d.reference_data.columns


def test_region_groups_and_basic_data(result, raw):
    rd = result.data.region_data.set_index(["region_code", "year"])
    rows = raw["地区基本情况"]
    n = 0
    for r in rows[1:]:
        if not r[0] or not str(r[0]).isdigit():
            continue
        key = (str(r[0]), int(r[2]))
        assert rd.loc[key, "group"] == r[3]
        assert rd.loc[key, "gdp"] == pytest.approx(r[5] * 1e8)  # 亿元
        assert rd.loc[key, "fiscal_expenditure"] == pytest.approx(r[11] * WAN)  # 万元
        assert rd.loc[key, "manufacturing_employment"] == r[12]
        n += 1
    assert n == len(COUNTIES) * len(YEARS)
    groups = (
        result.data.region_data.dropna(subset=["group"]).groupby("region_code")["group"].unique()
    )
    assert groups.map(len).eq(1).all()
    assert {c: g[0] for c, g in groups.items()}["990105"] == "平原"


def test_innovation_measures(result, raw):
    ind = result.data.industry_data.set_index(["region_code", "industry_code", "year"])
    rows = [r for r in raw["创新指标"][1:] if r[0] and str(r[0]).isdigit()]
    assert len(rows) > 1000
    for r in rows:
        got = ind.loc[(str(r[0]), str(r[1]), int(r[2]))]
        assert got["rd_expenditure"] == pytest.approx(r[3] * WAN)
        assert got["patents"] == r[4]
        assert got["new_product_sales"] == pytest.approx(r[5] * WAN)
        assert got["exports"] == pytest.approx(r[6] * WAN)
    for m in ("rd_expenditure", "patents", "new_product_sales", "exports"):
        assert ind[m].notna().sum() == len(rows)


def test_firm_register_adds_up_to_the_yearbook(result, raw):
    d = result.data
    rows = [r for r in raw["企业名录"][1:] if r[0] and str(r[0]).startswith("QY")]
    assert len(d.firm_data) == len(rows) > 400
    f = d.firm_data
    assert set(f["year"]) == {2024}
    assert f["revenue"].sum() == pytest.approx(sum(r[6] for r in rows) * WAN)
    g = f.groupby(["region_code", "industry_code"]).agg(
        n=("firm_id", "size"), emp=("employment", "sum")
    )
    ind = d.industry_data[d.industry_data["year"] == 2024].set_index(
        ["region_code", "industry_code"]
    )
    joined = g.join(ind[["employment", "firms"]])
    assert (joined["emp"] == joined["employment"]).all()
    assert (joined["n"] == joined["firms"]).all()
