"""Files whose counts would make calamine allocate tens of GB or loop for ever (a native abort,
rc 134, no message) are refused before calamine sees them, with a located plain message; files
whose counts are only loose still read.

Each file is built here with zipfile/struct (tests/io/hostile.py). Measured with calamine alone
before the checks: the shared-string counts, the directory sector pointing to itself, the
DIMENSIONS claims and the flipped column aborted the process (rc 134 / SIGABRT); the other
damaged chains and the xls SST count gave calamine errors or were read silently (a loop in the
stream's chain) — they are refused here all the same, as "damaged", naming the part."""

from __future__ import annotations

import struct

import pytest
from hostile import SHEET, biff_stream, sst_record, xls_bytes, xlsx_with_sst

from clusterpolicy.io.cfb import check_cfb
from clusterpolicy.io.readers import read_workbook
from clusterpolicy.io.safety import UnsafeFile
from clusterpolicy.messages import ProblemError


def _refused(path, code):
    with pytest.raises(ProblemError) as ei:
        read_workbook(path)
    problems = [p for p in ei.value.problems if p.code == code]
    assert problems, [p.code for p in ei.value.problems]
    p = problems[0]
    assert p.file == path.name and p.message_zh and p.message_en
    assert "Excel" in p.fix_zh and "WPS" in p.fix_en
    return p


@pytest.mark.parametrize("claim", ["4000000000", "1000000000", "+4000000000"])
def test_shared_strings_count_beyond_the_part_is_refused(tmp_path, claim):
    p = _refused(xlsx_with_sst(tmp_path / "sst.xlsx", claim), "sst_count")
    assert p.value == "xl/sharedStrings.xml"
    assert f"{int(claim):,}" in p.message_en  # the claim, and what the part could hold
    assert "1,000,000" in p.message_en  # a ~300-byte part holds 60 strings; the floor applies


@pytest.mark.parametrize("claim", ["3", "500000", "-1", "abc"])
def test_loose_or_unparsable_shared_strings_counts_still_read(tmp_path, claim):
    # some writers put the number of references into uniqueCount; calamine ignores non-digits
    wb = read_workbook(xlsx_with_sst(tmp_path / "ok.xlsx", claim))
    assert wb.sheets[0].rows == [["地区", "年份"], ["北京", 2020.0]]


def test_minimal_xls_reads(tmp_path):
    path = tmp_path / "ok.xls"
    path.write_bytes(xls_bytes())
    wb = read_workbook(path)
    assert wb.sheets[0].sheet == SHEET
    assert wb.sheets[0].rows == [
        ["地区", "年份", "从业人员(万人)"],
        ["北京", 2020.0, 10.5],
        ["天津", 2020.0, 8.25],
    ]


@pytest.mark.parametrize(
    "patch, where",
    [
        ({1: 1}, "directory"),  # the directory sector points to itself: calamine loops for ever
        ({3: 2}, "Workbook"),  # the stream's chain loops back
        ({5: 0xFFFFFFFF}, "Workbook"),  # a free sector inside a chain
        ({5: 0xFFFFFFFA}, "Workbook"),  # a reserved id (calamine would seek to 2 TB)
        ({4: 90}, "Workbook"),  # past the end of the file
    ],
)
def test_damaged_fat_is_refused(tmp_path, patch, where):
    path = tmp_path / "fat.xls"
    path.write_bytes(xls_bytes(fat_patch=patch))
    p = _refused(path, "damaged_structure")
    assert p.value.startswith(where)


def test_difat_loop_is_refused(tmp_path):
    data = bytearray(xls_bytes())
    struct.pack_into("<II", data, 68, 0, 1)  # the DIFAT chain starts at the FAT sector itself…
    struct.pack_into("<I", data, 512 + 127 * 4, 0)  # …whose last entry points back to it
    path = tmp_path / "difat.xls"
    path.write_bytes(bytes(data))
    with pytest.raises(ProblemError) as ei:  # olefile already stops at it: "damaged"
        read_workbook(path)
    assert ei.value.problems[0].code == "damaged_file"
    with pytest.raises(UnsafeFile) as e2:  # and so does the check calamine relies on
        check_cfb(bytes(data))
    assert e2.value.member == "DIFAT" and "loops" in e2.value.detail


@pytest.mark.parametrize(
    "dims",
    [
        (0x00100000, 3, 0, 3),  # first row past the last: calamine's u32 subtraction wraps round
        (0, 0xFFFFFFFF, 0, 3),  # 4·10⁹ rows claimed for 3
        (0, 65536, 0, 0xFFFF),  # 65,536 × 65,535 cells claimed for 9
    ],
)
def test_dimensions_claim_beyond_the_limit_is_refused(tmp_path, dims):
    path = tmp_path / "dims.xls"
    path.write_bytes(xls_bytes(biff_stream(dims=dims)))
    p = _refused(path, "xls_dimensions")
    assert p.sheet == SHEET
    assert "30,000,000" in p.message_en


def test_one_flipped_column_is_refused_with_the_column(tmp_path):
    # a NUMBER record at row 60,000 whose column byte flipped to 0xFF01: calamine's dense grid
    # would be 60,001 × 65,282 cells (aborted before)
    extra = struct.pack("<HHHHHd", 0x0203, 14, 60000, 0xFF01, 0, 1.0)
    path = tmp_path / "col.xls"
    path.write_bytes(xls_bytes(biff_stream(extra=extra)))
    with pytest.raises(ProblemError) as ei:
        read_workbook(path)
    (p,) = ei.value.problems
    assert p.code == "too_many_columns" and p.sheet == SHEET and p.column == _letters(0xFF01 + 1)


def _letters(n: int) -> str:
    """Excel's column name of 1-based column n (bijective base 26)."""
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def test_sst_count_beyond_its_records_is_refused(tmp_path):
    path = tmp_path / "sst.xls"
    path.write_bytes(xls_bytes(biff_stream(sst=sst_record(0x7FFFFFF0, ["地区"]))))
    p = _refused(path, "xls_sst_count")
    assert "2,147,483,632" in p.message_en


def test_honest_sst_still_reads(tmp_path):
    path = tmp_path / "sst_ok.xls"
    path.write_bytes(xls_bytes(biff_stream(sst=sst_record(2, ["地区", "年份"]))))
    assert read_workbook(path).sheets[0].rows[1] == ["北京", 2020.0, 10.5]
