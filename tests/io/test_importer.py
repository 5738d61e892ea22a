"""Importer: layouts built with openpyxl, checked value by value."""

from __future__ import annotations

import openpyxl
import pytest

from clusterpolicy.io.importer import import_files, propose_mappings
from clusterpolicy.io.mapping import MappingStore, SheetMapping
from clusterpolicy.messages import ProblemError


def _book(path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def test_long_table_units_and_keys(tmp_path):
    p = _book(
        tmp_path / "long.xlsx",
        {
            "data": [
                [
                    "地区代码",
                    "地区",
                    "行业代码",
                    "年份",
                    "从业人员(万人)",
                    "工业总产值(亿元)",
                    "企业数",
                ],
                ["08111", "Stuttgart", "C39", "2020年", 1.5, "12,345", 10],
                ["08111", "Stuttgart", "C13", 2021, 2, "—", 3],
            ]
        },
    )
    d = import_files([p]).data
    df = d.industry_data.set_index(["region_code", "industry_code", "year"])
    assert df.loc[("08111", "C39", 2020), "employment"] == 15000
    assert df.loc[("08111", "C39", 2020), "output"] == 12345e8
    assert (
        df.loc[("08111", "C13", 2021), "output"] != df.loc[("08111", "C13", 2021), "output"]
    )  # NaN
    codes = {w.code for w in d.warnings}
    assert {"unit_applied", "missing_symbols"} <= codes
    # units in the columns' own headers are routine conversions: notes, not warnings
    assert {str(w.severity) for w in d.warnings if w.code == "unit_applied"} == {"info"}
    assert d.provenance["n_values"].sum() == 2 + 1 + 2  # employment 2, output 1, firms 2


def test_wide_years_with_unit_line_and_total(tmp_path):
    rows = [
        ["年末常住人口（虚构）"],
        ["单位：万人"],
        ["地区", "地区代码", "2020年", "2021年"],
        ["合计", "990100", 30, 31],
        ["　青山区", "990102", 10, 11],
        ["北 区", "990103", 20, 20],
        ["注：示例。"],
    ]
    d = import_files([_book(tmp_path / "pop.xlsx", {"人口": rows})]).data
    rd = d.region_data.set_index(["region_code", "year"])
    assert rd.loc[("990102", 2021), "population"] == 110000
    # the 合计 row is the reference area: its population stays in region_data under its code,
    # flagged in the regions lookup; reference_data (industry measures only) gets nothing
    assert rd.loc[("990100", 2020), "population"] == 300000
    assert rd.loc[("990100", 2021), "population"] == 310000
    assert d.reference_data.empty
    is_ref = dict(zip(d.regions["region_code"], d.regions["is_reference"]))
    assert is_ref == {"990100": True, "990102": False, "990103": False}
    # sum in = sum out / factor (detail rows)
    detail = d.region_data[d.region_data["region_code"] != "990100"]
    assert len(detail) == 4
    assert detail["population"].sum() / 1e4 == 10 + 11 + 20 + 20
    # the sheet's "单位：万人" line applies to every column: a warning, asking to check it
    (unit,) = [w for w in d.warnings if w.code == "unit_applied"]
    assert str(unit.severity) == "warning" and "表题或表注" in unit.message_zh and unit.fix_zh
    names = dict(zip(d.regions["region_code"], d.regions["name_zh"]))
    assert names["990102"] == "青山区"


def test_wide_industries_two_header_rows_per_year_sheet(tmp_path):
    sheets = {}
    for y in (2019, 2020):
        sheets[f"{y}年"] = [
            [f"{y}年各县分行业指标（虚构）"],
            [],
            [
                "地区\nRegion",
                "地区代码\nCode",
                "C39 计算机\nComputers",
                None,
                "全部行业合计\nAll industries",
                None,
            ],
            [
                None,
                None,
                "从业人员(人)\nEmployment",
                "工业总产值(万元)\nOutput",
                "从业人员(人)\nEmployment",
                "工业总产值(万元)\nOutput",
            ],
            ["清源市合计", "990100", 300, "1,000", 900, 5000],
            ["　青山区", "990102", "100*", 400, 300, 2000],
            ["#其中：某镇", "", 50, 100, 50, 100],
            ["　北区", "990103", 200, "…", 600, 3000],
            ["注：虚构示例数据。"],
            ["资料来源：示例。"],
        ]
    merges = {n: ["A3:A4", "B3:B4", "C3:D3", "E3:F3"] for n in sheets}
    res = import_files([_book(tmp_path / "wide.xlsx", sheets, merges)])
    d = res.data
    ind = d.industry_data.set_index(["region_code", "industry_code", "year"])
    assert ind.loc[("990102", "C39", 2020), "employment"] == 100
    assert ind.loc[("990102", "C39", 2019), "output"] == 4_000_000
    assert len(ind) == 4  # 2 counties × 2 years, sub-item row and total row kept out
    tot = d.industry_totals.set_index(["region_code", "year"])
    assert tot.loc[("990103", 2020), "employment"] == 600
    ref = d.reference_data.set_index(["region_code", "industry_code", "year"])
    assert ref.loc[("990100", "_ALL", 2019), "output"] == 5000e4
    assert ref.loc[("990100", "C39", 2019), "output"] == 1000e4
    codes = {w.code for w in d.warnings}
    assert {"footnote_marker", "subitem_rows", "missing_symbols", "unit_applied"} <= codes
    assert all(m.year_source == "sheet_name" for m in res.mappings)


def test_errors_are_located_and_all_reported(tmp_path):
    p = _book(
        tmp_path / "bad.xlsx",
        {
            "d": [
                ["地区代码", "年份", "从业人员", "常住人口"],
                ["110000", 2020, "abc", 5],
                ["120000", "二〇二〇", 3, -4],
                ["130000", 2020, -1, 5],
            ]
        },
    )
    with pytest.raises(ProblemError) as ei:
        import_files([p])
    probs = {(x.code, x.row, x.column) for x in ei.value.problems}
    assert ("text_in_number", 2, "C") in probs
    assert ("bad_year", 3, "B") in probs
    assert ("negative_value", 4, "C") in probs
    assert ("negative_value", 3, "D") in probs
    assert all(x.file == "bad.xlsx" and x.sheet == "d" for x in ei.value.problems)


def test_duplicate_keys_with_different_values(tmp_path):
    a = _book(tmp_path / "a.xlsx", {"d": [["地区代码", "年份", "常住人口"], ["110000", 2020, 5]]})
    b = _book(
        tmp_path / "b.xlsx",
        {"d": [["地区代码", "年份", "常住人口", "地区生产总值"], ["110000", 2020, 6, 1]]},
    )
    with pytest.raises(ProblemError) as ei:
        import_files([a, b])
    dup = [x for x in ei.value.problems if x.code == "duplicate_key"]
    assert dup and dup[0].row == 2 and dup[0].column == "C"
    # same value twice is fine and joins the columns
    c = _book(
        tmp_path / "c.xlsx",
        {"d": [["地区代码", "年份", "常住人口", "地区生产总值(亿元)"], ["110000", 2020, 5, 2]]},
    )
    d = import_files([a, c]).data.region_data
    assert len(d) == 1 and d["gdp"].iloc[0] == 2e8 and d["population"].iloc[0] == 5


def test_mixed_units_and_no_header(tmp_path):
    p = _book(
        tmp_path / "m.xlsx",
        {"d": [["地区代码", "年份", "地区生产总值"], ["1", 2020, "12万元"], ["2", 2020, "3亿元"]]},
    )
    with pytest.raises(ProblemError) as ei:
        import_files([p])
    assert any(x.code == "mixed_units" and x.column == "C" for x in ei.value.problems)
    q = _book(tmp_path / "n.xlsx", {"d": [[1, 2, 3], [4, 5, 6]]})
    with pytest.raises(ProblemError) as ei:
        import_files([q])
    assert ei.value.problems and all(x.file == "n.xlsx" for x in ei.value.problems)


def test_mapping_roundtrip_and_store(tmp_path):
    p = _book(
        tmp_path / "w.xlsx",
        {
            "Sheet1": [
                ["指标名称", "X:营业收入:合计", "X:营业收入:煤炭开采和洗选业"],
                [2005, 100, 10],
                [2006, 200, 20],
            ]
        },
    )
    ms = propose_mappings([p])
    assert ms[0].layout == "wide_indicators"
    m = SheetMapping.from_dict(ms[0].to_dict())
    assert m == ms[0]
    m.sheet_unit = "万元"
    m.region = "北京"
    store = MappingStore(tmp_path / "store")
    store.save(m)
    d = import_files([p], mapping_store=store).data
    assert d.industry_totals.set_index("year").loc[2006, "revenue"] == 200e4
    assert set(d.industry_data["year"]) == {2005, 2006}


def test_template_dashes_are_missing_not_zero(tmp_path):
    """The template's instructions and the importer agree: "—", "…", "-" and blank are missing."""
    from clusterpolicy.io.template import INSTRUCTIONS_SHEET, write_template

    path = write_template(tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    text = "\n".join(str(r[0]) for r in wb[INSTRUCTIONS_SHEET].iter_rows(values_only=True) if r[0])
    assert "按缺失值读取" in text and "read as missing" in text
    assert "确实为零的请填数字 0" in text
    ws = wb["industry_data"]
    fields = [str(c.value).split("\n")[1] if j else "example" for j, c in enumerate(ws[1])]
    cells = {"employment": ["—", "…", "-", None, 0], "firms": [1, 2, 3, 4, 5]}
    start = ws.max_row + 1
    for k in range(5):
        row = {
            "region_code": "110000",
            "industry_code": f"C{13 + k}",
            "year": 2020,
            "employment": cells["employment"][k],
            "firms": cells["firms"][k],
        }
        for j, f in enumerate(fields, start=1):
            if f in row and row[f] is not None:
                ws.cell(start + k, j, row[f])
    wb.save(path)
    d = import_files([path]).data
    emp = d.industry_data.set_index("industry_code")["employment"]
    assert emp[["C13", "C14", "C15", "C16"]].isna().all()
    assert emp["C17"] == 0
    assert any(w.code == "missing_symbols" for w in d.warnings)
