"""Builds a corpus of bad workbook files in a directory at test time (nothing binary is committed).

Each :class:`BadBook` says how to make the file, which layer reports it and what it expects:

- ``layer="reader"``: :func:`clusterpolicy.io.readers.read_workbook` raises ProblemError with
  ``code`` (or, when ``warning`` is True, returns and lists ``code`` among ``warnings``), located
  at ``sheet``/``row``/``column`` where given. Asserted in tests/io/test_bad_workbooks.py.
- ``layer="layout"``: the file reads fine; the import (layout detection, extraction, validation)
  must report ``code`` at ``row``/``column`` — as the error that stops it, or, when ``warning`` is
  True, as a warning or note of an import that succeeds. Asserted in
  tests/io/test_layout_badbooks.py.

Use: ``build_all(tmp_path)`` → {name: (BadBook, path)}; or ``BOOKS[name].build(tmp_path)``.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

# ------------------------------------------------------------------------------- minimal xlsx parts

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_NAME = "数据"


def sheet_xml(sheet_data: str, dimension: str = "A1", prolog: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + prolog
        + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>'
    )


def write_raw_xlsx(path: Path, sheet: str | bytes | Callable, workbook: str = WORKBOOK) -> Path:
    """A one-sheet xlsx from hand-written sheet XML (``sheet`` may write itself to a stream)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        if callable(sheet):
            with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
                sheet(f)
        else:
            z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def good_xlsx_bytes() -> bytes:
    """A small valid workbook (openpyxl) used as the base of several corruptions and the fuzzer."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    ws.append(["地区", "年份", "就业人数"])
    ws.append(["北 京", 2020, 123.5])
    ws.append(["天津", 2021, 98])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------ corpus


@dataclass(frozen=True)
class BadBook:
    name: str
    filename: str
    make: Callable[[Path], None]  # writes the file (or dir) at the given path
    code: str
    layer: str = "reader"  # "reader" or "layout" (reported by the layout/validation layer)
    warning: bool = False  # reader returns and lists the code among warnings
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    limits: dict | None = None  # Limits(**limits) for this case (to keep it fast)
    note: str = ""

    def build(self, directory: Path) -> Path:
        path = directory / self.filename
        self.make(path)
        return path


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(data)


def _png() -> bytes:
    import struct
    import zlib

    def chunk(t: bytes, d: bytes) -> bytes:
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def _truncated(p: Path) -> None:
    data = good_xlsx_bytes()
    p.write_bytes(data[: len(data) // 2])


def _password_xlsx(p: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(good_xlsx_bytes())).encrypt("secret-2024", out)
    p.write_bytes(out.getvalue())


def _entity_bomb(p: Path) -> None:
    dtd = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>'
    )
    write_raw_xlsx(
        p,
        sheet_xml(
            '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>', prolog=dtd
        ),
    )


def _entity_in_workbook(p: Path) -> None:
    wb = WORKBOOK.replace(
        "<workbook ", '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><workbook ', 1
    )
    write_raw_xlsx(p, sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>'), workbook=wb)


def _zip_bomb(p: Path) -> None:
    def body(f):
        f.write(
            sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>').split("<sheetData>")[0].encode()
        )
        f.write(b"<sheetData>")
        blank = b" " * (1 << 20)
        for _ in range(24):  # 24 MiB of blanks compress ~1000:1
            f.write(blank)
        f.write(b"</sheetData></worksheet>")

    write_raw_xlsx(p, body)


def _million_rows(p: Path) -> None:
    def body(f):
        f.write(
            b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><dimension ref="A1:A1048576"/><sheetData>'
        )
        step = 65536
        for start in range(1, 1048577, step):
            f.write(
                "".join(
                    f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>'
                    for r in range(start, start + step)
                ).encode()
            )
        f.write(b"</sheetData></worksheet>")

    write_raw_xlsx(p, body)


def _corner_cells(p: Path) -> None:
    write_raw_xlsx(
        p,
        sheet_xml(
            '<row r="1"><c r="A1"><v>1</v></c></row>'
            '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>',
            "A1:XFD1048576",
        ),
    )


def _too_many_columns(p: Path) -> None:
    write_raw_xlsx(p, sheet_xml('<row r="1"><c r="A1"><v>1</v></c><c r="XFE1"><v>2</v></c></row>'))


def _four_letter_column(p: Path) -> None:
    write_raw_xlsx(p, sheet_xml('<row r="2"><c r="A2"><v>1</v></c><c r="ABCD2"><v>2</v></c></row>'))


def _long_string(p: Path) -> None:
    text = "长" * 40_000
    write_raw_xlsx(
        p,
        sheet_xml(
            '<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row>'
            f'<row r="3"><c r="B3" t="inlineStr"><is><t>{text}</t></is></c></row>'
        ),
    )


def _chart_only(p: Path) -> None:
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "hidden_data"
    for i in range(3):
        ws.append([i, i * i])
    ws.sheet_state = "hidden"
    cs = wb.create_chartsheet("图表")
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=3))
    cs.add_chart(chart)
    wb.active = 1
    wb.save(p)


def _all_empty(p: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "空1"
    wb.create_sheet("空2")
    wb.save(p)


def _formula_no_cache(p: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    ws.append(["地区", "就业", "合计"])
    ws.append(["甲", 10, "=B2*2"])  # openpyxl writes formulas without cached values
    wb.save(p)


def _error_cells(p: Path) -> None:
    write_raw_xlsx(
        p,
        sheet_xml(
            '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c><c r="B1" t="inlineStr"><is><t>y</t></is></c></row>'
            '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
            '<row r="4"><c r="C4" t="e"><v>#N/A</v></c></row>',
            "A1:C4",
        ),
    )


def _xlsx_as_csv(p: Path) -> None:
    p.write_bytes(good_xlsx_bytes())


def _docx(p: Path) -> None:
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")


def _ods(p: Path) -> None:
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")


def _plain_zip(p: Path) -> None:
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("readme.txt", "hello")


def _html_xls(p: Path) -> None:
    p.write_text(
        "<html><head><meta charset='utf-8'></head><body><table><tr><td>地区</td><td>2020</td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )


def _xml2003(p: Path) -> None:
    p.write_text(
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook '
        'xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"/></Workbook>',
        encoding="utf-8",
    )


def _unreadable(p: Path) -> None:
    p.write_text("a,b\n1,2\n", encoding="utf-8")
    os.chmod(p, 0)


def _mkdir(p: Path) -> None:
    p.mkdir()


def _missing(p: Path) -> None:
    """Nothing is created."""


def _hidden_only(p: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "可见空表"
    h = wb.create_sheet("隐藏数据")
    h.append(["地区", 1])
    h.sheet_state = "hidden"
    wb.save(p)


def _workbook(rows: list[list[object]], title: str = SHEET_NAME) -> Callable[[Path], None]:
    def make(p: Path) -> None:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = title
        for r in rows:
            ws.append(r)
        wb.save(p)

    return make


_CSV_BAD_QUOTE = 'region,year,employment\n北京,2020,"12\n"天津"x,2021,5\n'.encode()
_CSV_INVALID = b"region,year\n\xe5\x8c\x97\xe4\xba\xac,2020\n\xff\xfe\x80\xff,2021\n"
_CSV_NUL = b"region,year\nBeijing,2020\nTian\x00jin,2021\n"

BOOKS: dict[str, BadBook] = {
    b.name: b
    for b in [
        BadBook("empty_file", "empty.xlsx", _bytes(b""), "empty_file"),
        BadBook(
            "random_bytes",
            "random.xlsx",
            _bytes(bytes(range(256)) * 8 + b"\xff\x00" * 64),
            "not_a_workbook",
        ),
        BadBook("png_renamed", "picture.xlsx", _bytes(_png()), "not_a_workbook_image"),
        BadBook(
            "pdf_renamed",
            "report.xlsx",
            _bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"),
            "not_a_workbook_pdf",
        ),
        BadBook("truncated_zip", "truncated.xlsx", _truncated, "damaged_file"),
        BadBook("password_xlsx", "password.xlsx", _password_xlsx, "password_protected"),
        BadBook(
            "xlsx_named_csv",
            "really_xlsx.csv",
            _xlsx_as_csv,
            "format_mismatch",
            warning=True,
            note="read correctly as xlsx, with an info note",
        ),
        BadBook("entity_bomb", "entities.xlsx", _entity_bomb, "unsafe_xml"),
        BadBook("entity_in_workbook_xml", "xxe.xlsx", _entity_in_workbook, "unsafe_xml"),
        BadBook("zip_bomb", "bomb.xlsx", _zip_bomb, "zip_bomb"),
        BadBook(
            "million_rows",
            "million.xlsx",
            _million_rows,
            "too_many_rows",
            sheet=SHEET_NAME,
            row=1_048_576,
            limits={"max_rows": 1_000_000},
            note="default limits read it (1,048,576 ≤ 2,000,000)",
        ),
        BadBook(
            "corner_cells",
            "corner.xlsx",
            _corner_cells,
            "too_many_cells",
            sheet=SHEET_NAME,
            row=1_048_576,
            column="XFD",
            note="would make calamine allocate 17 billion cells and abort",
        ),
        BadBook(
            "too_many_columns",
            "wide.xlsx",
            _too_many_columns,
            "too_many_columns",
            sheet=SHEET_NAME,
            column="XFE",
        ),
        BadBook(
            "four_letter_column",
            "wider.xlsx",
            _four_letter_column,
            "too_many_columns",
            sheet=SHEET_NAME,
        ),
        BadBook(
            "long_string",
            "long_text.xlsx",
            _long_string,
            "long_text",
            warning=True,
            sheet=SHEET_NAME,
            row=3,
            column="B",
        ),
        BadBook("chart_only", "chart_only.xlsx", _chart_only, "no_data"),
        BadBook("all_empty", "all_empty.xlsx", _all_empty, "no_data"),
        BadBook("hidden_only", "hidden_only.xlsx", _hidden_only, "no_data"),
        BadBook(
            "formula_no_cache",
            "formulas.xlsx",
            _formula_no_cache,
            "formula_no_value",
            warning=True,
            sheet=SHEET_NAME,
            row=2,
            column="C",
        ),
        BadBook(
            "error_cells",
            "errors.xlsx",
            _error_cells,
            "error_cell",
            warning=True,
            sheet=SHEET_NAME,
            row=2,
            column="B",
        ),
        BadBook("csv_invalid_bytes", "invalid.csv", _bytes(_CSV_INVALID), "csv_encoding", row=3),
        BadBook("csv_bad_quote", "bad_quote.csv", _bytes(_CSV_BAD_QUOTE), "csv_malformed", row=3),
        BadBook("csv_nul", "nul.csv", _bytes(_CSV_NUL), "csv_binary", row=3),
        BadBook("csv_blank_only", "blank.csv", _bytes(b"\r\n\r\n,,\r\n"), "no_data"),
        BadBook("html_as_xls", "export.xls", _html_xls, "not_a_workbook_html"),
        BadBook("xml2003_as_xls", "export2003.xls", _xml2003, "not_a_workbook_xml2003"),
        BadBook("docx_renamed", "table.xlsx", _docx, "not_a_workbook_word"),
        BadBook("ods", "table.ods", _ods, "ods_unsupported"),
        BadBook("plain_zip", "archive.xlsx", _plain_zip, "not_a_workbook"),
        BadBook("directory", "folder.xlsx", _mkdir, "is_directory"),
        BadBook("missing", "missing.xlsx", _missing, "file_not_found"),
        BadBook(
            "no_permission",
            "secret.csv",
            _unreadable,
            "no_permission",
            note="skipped as root / on Windows",
        ),
        # reported by the layout/validation layer (the file itself reads fine):
        BadBook(
            "duplicate_keys",
            "dup_keys.xlsx",
            _workbook(
                [
                    ["地区代码", "行业代码", "年份", "就业人数"],
                    ["110101", "C13", 2020, 10],
                    ["110101", "C13", 2020, 12],
                ]
            ),
            "duplicate_key",
            layer="layout",
            row=2,
            column="D",
        ),
        BadBook(
            "text_in_numbers",
            "text_numbers.xlsx",
            _workbook(
                [
                    ["地区代码", "行业代码", "年份", "就业人数"],
                    ["110101", "C13", 2020, "十二"],
                    ["110102", "C13", 2020, 5],
                ]
            ),
            "text_in_number",
            layer="layout",
            row=2,
            column="D",
        ),
        BadBook(
            "negative_employment",
            "negative.xlsx",
            _workbook([["地区代码", "行业代码", "年份", "就业人数"], ["110101", "C13", 2020, -3]]),
            "negative_value",
            layer="layout",
            row=2,
            column="D",
        ),
        BadBook(
            "mixed_units",
            "mixed_units.xlsx",
            _workbook(
                [
                    ["工业总产值（单位：万元）"],
                    ["地区", "2020年（万元）", "2021年（亿元）"],
                    ["甲县", 12000, 1.3],
                ]
            ),
            "units_differ",
            layer="layout",
            warning=True,
            row=2,
            column="C",
            note="each column's own header unit overrides the sheet's unit line: imports, and says so",
        ),
        BadBook(
            "years_as_text",
            "years_text.xlsx",
            _workbook(
                [["从业人员（人）"], ["地区", "2019年", "2020年"], ["甲县", "1,234", "1,300"]]
            ),
            "text_numbers",
            layer="layout",
            warning=True,
            row=3,
            column="B",
            note="read fine: year labels '2019年', numbers as text with thousands separators",
        ),
        BadBook(
            "no_header",
            "no_header.xlsx",
            _workbook([["110101", "C13", 2020, 10], ["110102", "C13", 2020, 12]]),
            "no_header",
            layer="layout",
            row=1,
            column="A",
        ),
        BadBook(
            "dates_as_years",
            "date_years.xlsx",
            _workbook(
                [
                    ["地区：甲县"],
                    ["年份", "就业人数"],
                    [dt.datetime(2005, 12, 31), 10],
                    [dt.datetime(2006, 12, 31), 11],
                ]
            ),
            "date_as_year",
            layer="layout",
            warning=True,
            row=3,
            column="A",
            note="Wind exports label years with year-end dates; the region is in a header line",
        ),
    ]
}

READER_BOOKS = [b for b in BOOKS.values() if b.layer == "reader"]
LAYOUT_BOOKS = [b for b in BOOKS.values() if b.layer == "layout"]


def build_all(directory: Path) -> dict[str, tuple[BadBook, Path]]:
    return {name: (b, b.build(directory)) for name, b in BOOKS.items()}
