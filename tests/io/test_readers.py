"""read_workbook on every supported format: exact values, dates, merged ranges, real files."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from clusterpolicy.io.csvread import sniff_delimiter
from clusterpolicy.io.raw import MergedRange
from clusterpolicy.io.readers import read_workbook, sniff_format
from clusterpolicy.io.safety import Limits, scan_worksheet

ROWS = [
    ["地区代码", "地区", "年份", "就业人数", "产值", "备注"],
    ["110101", "北 京", 2020, 1234, 1 / 3, "0811"],
    ["120000", "天津", 2021, -5, 1e-7, None],
]


def _xlsx(path: Path, *, macro: bool = False) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2020年"
    ws["A1"] = "表1 就业（单位：万人）"
    ws.merge_cells("A1:F1")
    ws.merge_cells("A2:B3")
    ws["A2"] = "合并表头"
    for r, row in enumerate(ROWS, start=5):
        for c, v in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=v)
    ws["G6"] = dt.datetime(2020, 12, 31, 8, 30)
    ws["G7"] = dt.date(2021, 1, 2)
    ws["H6"] = True
    ws["H7"] = False
    second = wb.create_sheet("Sheet B")
    second["C4"] = "offset start"
    wb.save(path)
    if macro:  # a workbook with a VBA part: the macro is ignored (never executed)
        with zipfile.ZipFile(path, "a") as z:
            z.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really vba")
    return path


@pytest.mark.parametrize("suffix", ["xlsx", "xlsm"])
def test_xlsx_values_exact_dates_merged(tmp_path, suffix):
    wb = read_workbook(_xlsx(tmp_path / f"t.{suffix}", macro=suffix == "xlsm"))
    assert wb.file == f"t.{suffix}"
    s = wb.sheets[0]
    assert s.sheet == "2020年" and s.source_format == suffix
    assert s.cell(0, 0) == "表1 就业（单位：万人）"
    assert s.cell(4, 0) == "地区代码"
    # text stays text (leading zeros, inner spaces), numbers are the stored doubles
    assert s.rows[5][:6] == ["110101", "北 京", 2020, 1234, 1 / 3, "0811"]
    assert s.rows[5][4] == 0.3333333333333333
    assert s.rows[6][3] == -5 and s.rows[6][4] == 1e-7
    assert s.rows[6][5] in ("", None)
    assert s.cell(5, 6) == dt.datetime(2020, 12, 31, 8, 30)
    assert s.cell(6, 6) in (dt.date(2021, 1, 2), dt.datetime(2021, 1, 2))
    assert s.cell(5, 7) is True and s.cell(6, 7) is False
    assert set(s.merged) == {MergedRange(0, 0, 0, 5), MergedRange(1, 0, 2, 1)}
    # a sheet whose used area starts at C4 keeps its rows and columns aligned with Excel
    b = wb.sheets[1]
    assert b.cell(3, 2) == "offset start" and b.n_rows == 4
    assert not [w for w in wb.warnings if w.severity == "error"]


def _csv_text() -> str:
    return "\n".join(",".join("" if v is None else str(v) for v in r) for r in ROWS) + "\n"


@pytest.mark.parametrize(
    ("encoding", "bom", "delim"),
    [
        ("utf-8", b"", ","),
        ("utf-8", b"\xef\xbb\xbf", ","),
        ("gbk", b"", ","),
        ("gb18030", b"", ";"),
        ("utf-8", b"", "\t"),
        ("utf-16", b"", "\t"),
        ("utf-16-le", b"", ","),
    ],
)
def test_csv_encodings_and_delimiters(tmp_path, encoding, bom, delim):
    text = _csv_text().replace(",", delim)
    path = tmp_path / "t.csv"
    path.write_bytes(bom + text.encode(encoding))
    wb = read_workbook(path)
    s = wb.sheets[0]
    assert s.sheet == "" and s.source_format == "csv"
    assert s.rows[0] == ROWS[0]
    assert s.rows[1] == [
        "110101",
        "北 京",
        "2020",
        "1234",
        "0.3333333333333333",
        "0811",
    ]  # text, exact
    assert s.rows[2][5] == ""
    assert s.n_rows == 3


def test_csv_quoted_fields_with_delimiters_and_newlines(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text(
        'name,note\n"Gewerbe, Handel","zwei\nZeilen"\n"say ""hi""",x\n', encoding="utf-8"
    )
    s = read_workbook(path).sheets[0]
    assert s.rows == [["name", "note"], ["Gewerbe, Handel", "zwei\nZeilen"], ['say "hi"', "x"]]


def test_delimiter_sniffing_prefers_consistent_split():
    assert sniff_delimiter("a;b;c\n1,5;2;3\n4;5,5;6\n") == ";"
    assert sniff_delimiter("a\tb\n1\t2\n") == "\t"
    assert sniff_delimiter("only one column\nx\n") == ","


def test_sniff_format_by_content():
    assert sniff_format(b"PK\x03\x04rest") == "zip"
    assert sniff_format(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") == "ole"
    assert sniff_format(b"\xef\xbb\xbf<html><body>") == "html"
    assert sniff_format(b"region,year\n") == "text"


def test_csv_content_in_xlsx_name_is_read_with_note(tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_text("地区,2020年\n北京,1\n", encoding="gbk")
    wb = read_workbook(path)
    assert wb.sheets[0].rows == [["地区", "2020年"], ["北京", "1"]]
    assert wb.sheets[0].encoding == "gb18030"
    assert "format_mismatch" in {w.code for w in wb.warnings}


def test_scan_finds_true_extent_of_unsorted_and_unreferenced_cells(tmp_path):
    from badbooks import sheet_xml, write_raw_xlsx

    unsorted = write_raw_xlsx(
        tmp_path / "u.xlsx",
        sheet_xml(
            '<row r="5"><c r="B5"><v>1</v></c></row><row r="1"><c r="A1"><v>2</v></c></row>'
            '<row r="3"><c r="AB3"><v>3</v></c></row>'
        ),
    )
    with zipfile.ZipFile(unsorted) as z:
        scan = scan_worksheet(z, "xl/worksheets/sheet1.xml", Limits())
    assert (scan.n_rows, scan.n_cols) == (5, 28)
    wb = read_workbook(unsorted)
    assert wb.sheets[0].cell(4, 1) == 1.0 and wb.sheets[0].cell(2, 27) == 3.0
    # r= not the first attribute (allowed by the schema): the slower path over every r= is used
    later = write_raw_xlsx(
        tmp_path / "l.xlsx",
        sheet_xml(
            '<row spans="1:3" r="2"><c s="0" r="C2"><v>1</v></c></row><row r="7"><c t="n" r="AA7"><v>2</v></c></row>'
        ),
    )
    with zipfile.ZipFile(later) as z:
        scan = scan_worksheet(z, "xl/worksheets/sheet1.xml", Limits())
    assert (scan.n_rows, scan.n_cols) == (7, 27)
    assert read_workbook(later).sheets[0].cell(6, 26) == 2.0
    noref = write_raw_xlsx(
        tmp_path / "n.xlsx",
        sheet_xml(
            "<row><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row><row><c><v>4</v></c></row>"
        ),
    )
    with zipfile.ZipFile(noref) as z:
        scan = scan_worksheet(z, "xl/worksheets/sheet1.xml", Limits())
    assert scan.n_rows >= 2 and scan.n_cols >= 3  # conservative bound when cells carry no r=
    assert read_workbook(noref).sheets[0].rows == [[1.0, 2.0, 3.0], [4.0, "", ""]]


# ----------------------------------------------------------------------------------- real files

CHINA = "china"


@pytest.mark.realdata
def test_real_yearbook_xls_with_default_write_protection(real_data):
    for year, total in [(2019, "203743.22"), (2022, None), (2023, "236403.46")]:
        wb = read_workbook(real_data / CHINA / f"csy_7-6_budget_exp_{year}.xls")
        s = wb.sheets[0]
        assert s.source_format == "xls"
        assert s.cell(0, 0) == f"7-6 分地区一般公共预算支出({year}年)"
        codes = {w.code for w in wb.warnings}
        assert "default_protection_removed" in codes
        assert ("hidden_sheet_skipped", "CNKI") in {(w.code, w.sheet) for w in wb.warnings}
        assert [x.sheet for x in wb.sheets] == ["1-2", "3"]
        if total:
            row = next(r for r in s.rows if r[0] == "地方合计")
            assert row[2] == total  # numbers stored as text stay text, exactly
    s = read_workbook(real_data / CHINA / "csy_7-6_budget_exp_2019.xls").sheets[0]
    assert "北 京" in [r[0] for r in s.rows]  # inner space kept
    rev = read_workbook(real_data / CHINA / "csy_7-5_budget_rev_2019.xls").sheets[0]
    assert rev.cell(0, 0) == "7-5 分地区一般公共预算收入(2019年)"
    assert MergedRange(82, 0, 83, 0) in rev.merged


@pytest.mark.realdata
def test_all_real_china_xls_read(real_data):
    files = sorted((real_data / CHINA).glob("*.xls"))
    assert len(files) >= 9
    for f in files:
        wb = read_workbook(f)
        assert wb.sheets and wb.sheets[0].n_rows > 5, f.name


@pytest.mark.realdata
def test_real_wind_raw_workbooks(real_data):
    files = sorted((real_data / CHINA / "prov_ind_revenue_wind_raw").iterdir())
    assert len(files) == 31
    for f in files:
        s = read_workbook(f).sheets[0]
        assert s.cell(0, 0) == "指标名称", f.name
    bj = read_workbook(real_data / CHINA / "prov_ind_revenue_wind_raw" / "北京.xlsx").sheets[0]
    assert bj.source_format == "xlsx" and bj.cell(1, 0) == 2016.0
    ah = read_workbook(real_data / CHINA / "prov_ind_revenue_wind_raw" / "安徽.xls").sheets[0]
    col = next(c for c, v in enumerate(ah.rows[0]) if "煤炭开采和洗选业" in str(v))
    assert 3725108 in [r[col] for r in ah.rows]  # README check: 安徽 2006 coal = 3,725,108 万元


@pytest.mark.realdata
def test_real_nbs_gb18030_csvs(real_data):
    for name in [
        "nbs_prov_gdp_2006_2024.csv",
        "nbs_prov_urban_unit_emp_2006_2025.csv",
        "nbs_prov_private_selfemp_2006_2025.csv",
        "nbs_prov_resident_pop_2015_2024.csv",
    ]:
        s = read_workbook(real_data / CHINA / name).sheets[0]
        assert s.encoding == "gb18030"
        assert s.cell(0, 0) == "数据库：分省年度数据"
        assert any(r and r[0] == "北京市" for r in s.rows), name


@pytest.mark.realdata
def test_real_german_and_other_csvs(real_data):
    s = read_workbook(real_data / "reat_G_counties_gdp.csv").sheets[0]
    assert s.rows[1][1] == "08111"  # leading zero kept
    s = read_workbook(real_data / "reat_G_regions_emp.csv").sheets[0]
    assert s.rows[0][:3] == ["industry", "region", "year"] and s.n_rows == 1429
    wb = read_workbook(real_data / CHINA / "census_city_2010_2020_v1.csv")
    assert wb.sheets[0].cell(1, 0) == "北京市"
    assert all(w.code == "long_text" and w.severity == "warning" for w in wb.warnings)
    assert max(len(str(v)) for r in wb.sheets[0].rows for v in r) > 32767  # kept, not cut


def test_formula_with_cached_value_is_read_without_warning(tmp_path):
    from badbooks import sheet_xml, write_raw_xlsx

    path = write_raw_xlsx(
        tmp_path / "f.xlsx",
        sheet_xml('<row r="1"><c r="A1"><v>2</v></c><c r="B1"><f>A1*2</f><v>4</v></c></row>'),
    )
    wb = read_workbook(path)
    assert wb.sheets[0].rows == [[2.0, 4.0]]
    assert not wb.warnings


def test_lying_member_size_is_refused(tmp_path):
    """A styles part whose central-directory size understates its content fails before calamine."""
    from badbooks import good_xlsx_bytes

    src = tmp_path / "good.xlsx"
    src.write_bytes(good_xlsx_bytes())
    out = tmp_path / "lying.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/styles.xml":
                data = data.replace(
                    b"</styleSheet>", b"<!--" + b" " * 100_000 + b"--></styleSheet>"
                )
            zout.writestr(info.filename, data)
    raw = bytearray(out.read_bytes())
    # shrink the declared uncompressed size of xl/styles.xml in the central directory
    cd = raw.rfind(b"PK\x01\x02", 0, raw.find(b"xl/styles.xml", raw.find(b"PK\x01\x02")) + 1)
    raw[cd + 24 : cd + 28] = (1000).to_bytes(4, "little")
    out.write_bytes(bytes(raw))
    from clusterpolicy.messages import ProblemError

    with pytest.raises(ProblemError) as info:
        read_workbook(out)
    assert info.value.problems[0].code == "damaged_file"


@pytest.mark.realdata
def test_real_xls_with_wrong_extension(real_data, tmp_path):
    import shutil

    path = tmp_path / "yearbook.xlsx"
    shutil.copy(real_data / CHINA / "csy_7-6_budget_exp_2021.xls", path)
    wb = read_workbook(path)
    assert wb.sheets[0].source_format == "xls"
    assert wb.sheets[0].cell(0, 0) == "7-6  分地区一般公共预算支出 (2021年)"
    assert "format_mismatch" in {w.code for w in wb.warnings}


def test_xlsx_encrypted_with_excel_default_password_is_read(tmp_path):
    import io

    from badbooks import good_xlsx_bytes
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(good_xlsx_bytes())).encrypt("VelvetSweatshop", out)
    path = tmp_path / "protected.xlsx"
    path.write_bytes(out.getvalue())
    wb = read_workbook(path)
    assert wb.sheets[0].rows[1] == ["北 京", 2020, 123.5]


def test_xlsx_named_xls_goes_by_content(tmp_path):
    from badbooks import good_xlsx_bytes

    path = tmp_path / "old_name.xls"
    path.write_bytes(good_xlsx_bytes())
    wb = read_workbook(path)
    assert wb.sheets[0].source_format == "xlsx" and wb.sheets[0].rows[2] == ["天津", 2021, 98]
    assert "format_mismatch" in {w.code for w in wb.warnings}
