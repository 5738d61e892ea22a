"""Layout detection on hostile but tiny files: a merged range over the whole sheet is clipped to
the used extent (before the fix: still running after 90 s at 4.9 GB for A1:XFD1048576, a
MemoryError for A1:ZZ99999); formula text in a header never becomes a code."""

from __future__ import annotations

import time

import pytest
from hostile import TABLE, xlsx_with_merge

from clusterpolicy.io.importer import import_files
from clusterpolicy.io.raw import MergedRange, clip_merged
from clusterpolicy.io.readers import read_workbook
from clusterpolicy.messages import ProblemError


def test_clip_merged_to_the_used_extent():
    ranges = [((0, 0), (1048575, 16383)), ((2, 5), (9, 9)), ((9, 0), (99, 2)), ((3, 2), (1, 0))]
    assert clip_merged(ranges, 5, 3) == [MergedRange(0, 0, 4, 2), MergedRange(1, 0, 3, 2)]


@pytest.mark.parametrize("ref", ["A1:XFD1048576", "A1:ZZ99999", "A1:C1048576"])
def test_whole_sheet_merge_imports_quickly_and_correctly(tmp_path, ref):
    import_files([xlsx_with_merge(tmp_path / "warm.xlsx", "A1:A1")])  # modules loaded
    path = xlsx_with_merge(tmp_path / "merge.xlsx", ref)
    assert read_workbook(path).sheets[0].merged == [MergedRange(0, 0, 4, 2)]
    t = time.perf_counter()
    res = import_files([path])
    assert time.perf_counter() - t < 1.0
    emp = res.data.industry_totals.set_index("region_code")["employment"]
    expected = {"110000": 10.5e4, "120000": 8.25e4, "130000": 30.0e4, "140000": 12.0e4}
    assert emp.to_dict() == pytest.approx(expected)  # 万人 × 10,000
    assert len(TABLE) - 1 == res.accounting.imported


@pytest.mark.parametrize(
    "header",
    [
        '=HYPERLINK("http://ind","纺织")',
        'C17 =HYPERLINK("http://ind","纺织")',
        "@SUM(9)",
        "＝A1+B1",  # full-width sign
    ],
)
def test_formula_text_in_a_header_is_no_code_and_is_named(tmp_path, header):
    quoted = header.replace('"', '""')
    path = tmp_path / "f.csv"
    path.write_text(
        f'地区,年份,从业人员(万人),"{quoted}"\n北京,2020,10.5,3\n天津,2020,8.25,4\n', "utf-8"
    )
    res = import_files([path])
    col = res.mappings[0].columns[3]
    assert (col.industry, col.industry_name, col.field, col.region) == ("", "", "", "")
    assert res.data.industry_data.empty and res.data.industries.empty
    (w,) = [p for p in res.problems if p.code == "formula_header"]
    assert (w.row, w.column, w.value) == (1, "D", header)
    assert "D1" in w.message_zh and "D1" in w.message_en
    # the measure beside it is still imported
    emp = res.data.industry_totals.set_index("region_code")["employment"]
    assert emp.to_dict() == pytest.approx({"110000": 10.5e4, "120000": 8.25e4})


def test_wind_header_still_parsed_and_url_colon_is_no_wind_separator(tmp_path):
    path = tmp_path / "w.csv"
    path.write_text(
        "年份,安徽:从业人员(万人):纺织业,来源 http://stats.gov.cn\n2019,10.5,3\n2020,8.25,4\n",
        "utf-8",
    )
    res = import_files([path])
    wind, url = res.mappings[0].columns[1], res.mappings[0].columns[2]
    assert (wind.field, wind.region, wind.industry_name) == ("employment", "安徽省", "纺织业")
    assert url.industry_name == "" and url.industry == "" and url.region == ""
    assert not [p for p in res.problems if p.code == "formula_header"]


def test_a_300000_letter_header_is_linear(tmp_path):
    # fuzz mutant (constructed.csv, 300,000 'x' inserted into the header): the first URL pattern
    # ([A-Za-z]+://) backtracked quadratically and the import ran past the 20 s limit
    path = tmp_path / "long.csv"
    path.write_text("地区," + "x" * 300_000 + "年份,从业人员(万人)\n北京,2020,10.5\n", "utf-8")
    t = time.perf_counter()
    with pytest.raises(ProblemError) as ei:  # no year column any more: a located message
        import_files([path])
    assert time.perf_counter() - t < 10
    assert all(p.file == "long.csv" for p in ei.value.problems)


def test_nothing_imported_names_the_file(tmp_path):
    # fuzz mutant (constructed.csv truncated after the header and one region name): the
    # "nothing imported" error named no file
    path = tmp_path / "cut.csv"
    path.write_bytes("地区,年份,从业人员(万人),营业收入(亿元)\n北京".encode("gb18030"))
    with pytest.raises(ProblemError) as ei:
        import_files([path])
    (p,) = [p for p in ei.value.problems if p.code == "no_data"]
    assert p.file == "cut.csv"
