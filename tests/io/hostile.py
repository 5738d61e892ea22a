"""Hostile workbooks built at test time with zipfile/struct (nothing binary is committed).

- :func:`xls_bytes` — a minimal legacy ``.xls``: a version-3 OLE2 compound file (512-byte
  sectors: FAT, directory, then the ``Workbook`` stream) holding a BIFF8 stream with one sheet;
  every field that damaged files get wrong (the FAT chain, ``DIMENSIONS``, a cell's column, the
  ``SST`` count) can be set.
- :func:`xlsx_with_sst` — an ``.xlsx`` whose cells use a shared-string table with a given
  ``uniqueCount``; :func:`xlsx_with_merge` — a small table with one ``<mergeCell>``.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

from badbooks import CONTENT_TYPES, ROOT_RELS, WORKBOOK, WORKBOOK_RELS, sheet_xml

FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
SHEET = "数据"
ROWS = [["地区", "年份", "从业人员(万人)"], ["北京", 2020, 10.5], ["天津", 2020, 8.25]]


def _rec(rt: int, data: bytes) -> bytes:
    return struct.pack("<HH", rt, len(data)) + data


def _label(r: int, c: int, s: str) -> bytes:
    return _rec(0x0204, struct.pack("<HHHHB", r, c, 0, len(s), 1) + s.encode("utf-16-le"))


def _number(r: int, c: int, v: float) -> bytes:
    return _rec(0x0203, struct.pack("<HHHd", r, c, 0, v))


def biff_stream(
    rows=ROWS, dims: tuple[int, int, int, int] | None = None, extra: bytes = b"", sst: bytes = b""
) -> bytes:
    """Globals (BOF, SST?, BOUNDSHEET, EOF) then one sheet (BOF, DIMENSIONS, cells, EOF).
    ``dims`` = (first row, last row + 1, first col, last col + 1) as written in DIMENSIONS."""
    name = SHEET.encode("utf-16-le")
    bof = lambda dt: _rec(0x0809, struct.pack("<HHHHII", 0x0600, dt, 0, 1997, 0, 0x0600))  # noqa: E731
    bound_len = 4 + 8 + len(name)
    glob_len = len(bof(5)) + len(sst) + bound_len + 4
    bound = _rec(0x0085, struct.pack("<IHBB", glob_len, 0, len(SHEET), 1) + name)
    glob = bof(5) + sst + bound + _rec(0x000A, b"")
    n_rows, n_cols = len(rows), max(len(r) for r in rows)
    d = dims if dims is not None else (0, n_rows, 0, n_cols)
    cells = b""
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            cells += _label(r, c, v) if isinstance(v, str) else _number(r, c, float(v))
    sheet = bof(0x10) + _rec(0x0200, struct.pack("<IIHHH", *d, 0)) + cells + extra
    return glob + sheet + _rec(0x000A, b"")


def _dir_entry(name: str, typ: int, start: int, size: int, child: int = NOSTREAM) -> bytes:
    raw = (name + "\0").encode("utf-16-le") if name else b""
    return (
        raw.ljust(64, b"\0")
        + struct.pack("<HBB", len(raw), typ, 1)
        + struct.pack("<III", NOSTREAM, NOSTREAM, child)
        + b"\0" * 36
        + struct.pack("<III", start, size, 0)
    )


def xls_bytes(stream: bytes | None = None, fat_patch: dict[int, int] | None = None) -> bytes:
    """The OLE2 container: sector 0 the FAT, 1 the directory, 2… the stream (≥ 4096 bytes, so
    it lives in regular sectors). ``fat_patch`` overwrites FAT entries (a damaged chain)."""
    stream = biff_stream() if stream is None else stream
    stream = stream.ljust(4096, b"\0")
    n = -(-len(stream) // 512)
    assert n + 2 <= 128, "one FAT sector holds 128 entries"
    fat = [FATSECT, ENDOFCHAIN] + [3 + i for i in range(n - 1)] + [ENDOFCHAIN]
    fat += [FREESECT] * (128 - len(fat))
    for k, v in (fat_patch or {}).items():
        fat[k] = v
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", FREESECT) * 108
    )
    directory = (
        _dir_entry("Root Entry", 5, ENDOFCHAIN, 0, child=1)
        + _dir_entry("Workbook", 2, 2, len(stream))
        + _dir_entry("", 0, 0, 0) * 2
    )
    body = struct.pack("<128I", *fat) + directory + stream.ljust(n * 512, b"\0")
    return header + body


def sst_record(unique: int, strings: list[str]) -> bytes:
    body = struct.pack("<Ii", len(strings), unique)
    for s in strings:
        body += struct.pack("<HB", len(s), 1) + s.encode("utf-16-le")
    return _rec(0x00FC, body)


_SST_RELS = WORKBOOK_RELS.replace(
    "</Relationships>",
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
)


def _zip(path: Path, sheet: str, extra: dict[str, str], rels: str = WORKBOOK_RELS) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, text in extra.items():
            z.writestr(name, text)
    return path


def xlsx_with_sst(path: Path, unique_count: str) -> Path:
    """地区/年份 over 北京/2020, the three texts in xl/sharedStrings.xml claiming ``unique_count``."""
    sst = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="3" uniqueCount="{unique_count}">'
        "<si><t>地区</t></si><si><t>年份</t></si><si><t>北京</t></si></sst>"
    )
    data = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>2020</v></c></row>'
    )
    return _zip(path, sheet_xml(data, "A1:B2"), {"xl/sharedStrings.xml": sst}, _SST_RELS)


def _cell(ref: str, v) -> str:
    if isinstance(v, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>'
    return f'<c r="{ref}"><v>{v}</v></c>'


TABLE = [
    ["地区", "年份", "从业人员(万人)"],
    ["北京", 2020, 10.5],
    ["天津", 2020, 8.25],
    ["河北", 2020, 30.0],
    ["山西", 2020, 12.0],
]


def xlsx_with_merge(path: Path, ref: str, rows=TABLE) -> Path:
    """A small long table (inline strings) whose sheet also has ``<mergeCell ref=ref/>``."""
    letters = "ABCDEFGH"
    data = "".join(
        f'<row r="{i + 1}">'
        + "".join(_cell(f"{letters[j]}{i + 1}", v) for j, v in enumerate(r))
        + "</row>"
        for i, r in enumerate(rows)
    )
    dim = f"A1:{letters[len(rows[0]) - 1]}{len(rows)}"
    xml = sheet_xml(data, dim).replace(
        "</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'
    )
    return _zip(path, xml, {})
