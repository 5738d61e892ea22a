"""Notices that matter: hidden rows and columns, filtered rows, formulas without a cached value
and values cached from other workbooks or DDE links each give a warning naming the cells —
in .xlsx (built with openpyxl or by hand) and in legacy .xls (a real BIFF8 file with its
ROW / COLINFO flags set)."""

from __future__ import annotations

import shutil
import struct

import olefile
import openpyxl
from badbooks import sheet_xml, write_raw_xlsx

from clusterpolicy.io.importer import import_files
from clusterpolicy.io.readers import read_workbook


def _codes(wb) -> dict[str, object]:
    return {p.code: p for p in wb.warnings}


def _table(ws) -> None:
    ws.append(["地区", "年份", "从业人员(人)", "工业总产值(万元)"])
    for i, name in enumerate(["北京", "天津", "河北", "山西", "内蒙古"]):
        ws.append([name, 2020, 10 + i, 100 + i])


def test_hidden_rows_and_columns(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    _table(ws)
    ws.row_dimensions[3].hidden = True
    ws.row_dimensions[5].hidden = True
    ws.column_dimensions["D"].hidden = True
    path = tmp_path / "hidden.xlsx"
    wb.save(path)
    got = _codes(read_workbook(path))
    assert got["hidden_rows"].row == 3 and "3, 5" in got["hidden_rows"].message_en
    assert got["hidden_columns"].column == "D"
    res = import_files([path])  # imported as the file holds them, and the notice travels
    assert len(res.data.industry_totals) == 5
    assert {"hidden_rows", "hidden_columns"} <= {p.code for p in res.data.warnings}


def test_filtered_rows(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    _table(ws)
    ws.auto_filter.ref = "A1:D6"
    ws.row_dimensions[4].hidden = True  # what Excel writes for a row the filter hides
    path = tmp_path / "filtered.xlsx"
    wb.save(path)
    p = _codes(read_workbook(path))["filtered_rows"]
    assert p.row == 4 and "A1:D6" in p.message_en


def test_formula_without_cached_value_named(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    _table(ws)
    ws["E2"] = "=C2*2"  # openpyxl writes no cached value
    path = tmp_path / "f.xlsx"
    wb.save(path)
    p = _codes(read_workbook(path))["formula_no_value"]
    assert (p.row, p.column) == (2, "E")


def test_values_cached_from_external_links_and_dde(tmp_path):
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>地区</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>从业人员</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>北京</t></is></c>'
        "<c r=\"B2\"><f>'[1]Sheet1'!A1</f><v>42</v></c></row>"
        '<row r="3"><c r="A3" t="inlineStr"><is><t>天津</t></is></c>'
        "<c r=\"B3\"><f>Excel|'C:\\data\\book.xls'!R1C1</f><v>7</v></c></row>"
    )
    path = write_raw_xlsx(tmp_path / "links.xlsx", sheet_xml(rows, "A1:B3"))
    got = _codes(read_workbook(path))
    assert got["external_link_values"].row == 2 and got["external_link_values"].column == "B"
    assert "B2" in got["external_link_values"].message_en
    assert got["dde_values"].row == 3 and "B3" in got["dde_values"].message_en


def _biff_rows(data: bytes):
    pos = 0
    while pos + 4 <= len(data):
        rt, size = struct.unpack_from("<HH", data, pos)
        yield rt, pos, size
        pos += 4 + size


def test_xls_hidden_rows_and_columns(real_data, tmp_path):
    src = real_data / "china" / "nbs_city36_gdp_2015_2019.xls"
    path = tmp_path / "hidden.xls"
    shutil.copy(src, path)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        data = bytearray(ole.openstream("Workbook").read())
        hidden = []
        for rt, pos, size in _biff_rows(bytes(data)):
            if rt == 0x0208 and size >= 16 and len(hidden) < 2:  # ROW: set fDyZero
                rw = struct.unpack_from("<H", data, pos + 4)[0]
                if rw >= 5:
                    grbit = struct.unpack_from("<H", data, pos + 16)[0]
                    struct.pack_into("<H", data, pos + 16, grbit | 0x20)
                    hidden.append(rw + 1)
            if rt == 0x007D and size >= 10:  # COLINFO: set fHidden
                grbit = struct.unpack_from("<H", data, pos + 12)[0]
                struct.pack_into("<H", data, pos + 12, grbit | 0x01)
        ole.write_stream("Workbook", bytes(data))
    assert hidden
    got = _codes(read_workbook(path))
    assert got["hidden_rows"].row == hidden[0]
    assert all(str(r) in got["hidden_rows"].message_en for r in hidden)
