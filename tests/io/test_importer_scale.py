"""The vectorised long path on a sheet above the big-sheet threshold, checked cell by cell.

21,000+ rows: keys repeated thousands of times (parsed once per distinct value), a region
total row per year, "—" cells, text numbers with thousands separators, a footnote marker, a
blank row in the middle, and one planted year-on-year jump. Expected values are computed here
from the rows as written, independently of the importer.
"""

from __future__ import annotations

import random

import numpy as np
import openpyxl
import pytest

from clusterpolicy.io.importer import import_files
from clusterpolicy.io.layout import BIG_SHEET

N_REGIONS, N_INDUSTRIES, YEARS = 105, 20, list(range(2011, 2021))


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    rng = random.Random(7)
    path = tmp_path_factory.mktemp("scale") / "long.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("data")
    ws.append(["地区代码", "地区", "行业代码", "年份", "从业人员(人)", "营业收入(万元)"])
    expected: dict[tuple[str, str, int], tuple[float, float]] = {}
    totals: dict[tuple[str, int], float] = {}
    rows_written = 1
    specials = {}
    for r in range(N_REGIONS):
        code, name = f"{330100 + r:06d}", f"县{r:03d}"
        for i in range(N_INDUSTRIES):
            ind = f"C{13 + i}"
            emp = rng.randint(100, 5000)
            for y in YEARS:
                emp = max(100, emp + rng.randint(-50, 60))
                rev = round(emp * rng.uniform(50, 150), 1)
                emp_cell: object = emp
                rev_cell: object = rev
                k = len(expected)
                if k % 997 == 0:
                    rev_cell, rev = "—", np.nan
                elif k % 991 == 0:
                    emp_cell = f"{emp:,}"  # text number "1,234"
                elif k == 5003:
                    emp_cell = f"{emp}*"
                    specials["footnote_row"] = rows_written + 1
                elif k == 7777 and y > YEARS[0]:
                    prev = expected[(code, ind, y - 1)][0]
                    emp = emp_cell = prev * 20  # planted jump
                    specials["jump_row"] = rows_written + 1
                ws.append([code, name, ind, y, emp_cell, rev_cell])
                rows_written += 1
                expected[(code, ind, y)] = (float(emp), rev * 1e4)
                totals[("_", y)] = totals.get(("_", y), 0) + emp
                if rows_written == 12000:
                    ws.append([None] * 6)  # a blank row inside the table
                    rows_written += 1
    for y in YEARS:  # region total rows at the bottom, marked by name
        ws.append(["330000", "全省合计", "C13", y, totals[("_", y)], None])
        rows_written += 1
    wb.save(path)
    assert rows_written > BIG_SHEET
    return path, expected, totals, specials


def test_big_long_sheet_cell_by_cell(book):
    path, expected, totals, specials = book
    res = import_files([path])
    d = res.data
    ind = d.industry_data
    assert len(ind) == len(expected)
    got = ind.set_index(["region_code", "industry_code", "year"])
    keys = list(expected)
    want_emp = np.array([expected[k][0] for k in keys])
    want_rev = np.array([expected[k][1] for k in keys])
    np.testing.assert_array_equal(got.loc[keys, "employment"].to_numpy(), want_emp)
    np.testing.assert_allclose(got.loc[keys, "revenue"].to_numpy(), want_rev, rtol=1e-12)
    # the 全省合计 rows went to reference_data under their own code, nowhere else
    ref = d.reference_data.set_index("year")
    assert set(d.reference_data["region_code"]) == {"330000"}
    assert [ref.loc[y, "employment"] for y in YEARS] == [totals[("_", y)] for y in YEARS]
    assert "330000" not in set(ind["region_code"])
    regs = d.regions.set_index("region_code")
    assert regs.loc["330000", "is_reference"] and (~regs.drop(index="330000")["is_reference"]).all()
    codes = {p.code for p in d.warnings}
    assert {
        "missing_symbols",
        "text_numbers",
        "footnote_marker",
        "yoy_jump",
        "unit_applied",
    } <= codes
    jumps = [p for p in d.warnings if p.code == "yoy_jump"]
    # employment jumps 20x in the planted row; revenue (drawn from employment) follows a year later
    assert [(p.row, p.column) for p in jumps] == [
        (specials["jump_row"], "E"),
        (specials["jump_row"] + 1, "F"),
    ]
    foot = next(p for p in d.warnings if p.code == "footnote_marker")
    assert (foot.row, foot.column) == (specials["footnote_row"], "E")
    n_text = sum(1 for k in range(len(expected)) if k % 991 == 0 and k % 997 != 0)
    text_warn = next(p for p in d.warnings if p.code == "text_numbers")
    assert text_warn.message_en.startswith(f"{n_text} numbers stored as text")
