"""What a legacy ``.xls`` (BIFF8) says about hidden rows, hidden columns and filters.

calamine reads the values; it does not say which rows or columns the user hid or which rows an
AutoFilter hides. This module walks the BIFF8 record stream of the ``Workbook`` stream (already
decrypted when the file had Excel's default write-protection) just far enough to find, per
sheet: ``ROW`` records (0x0208) whose ``fDyZero`` flag (0x20) hides the row, ``COLINFO``
records (0x007D) whose ``fHidden`` flag (0x01) hides columns, and ``AUTOFILTERINFO`` (0x009D) /
``FILTERMODE`` (0x009B) records. Nothing is evaluated; a stream it cannot follow gives no
notices (the values are still read by calamine).
"""

from __future__ import annotations

import io
import struct

from clusterpolicy.io.safety import SheetScan

_BOF, _EOF, _BOUNDSHEET = 0x0809, 0x000A, 0x0085
_ROW, _COLINFO, _AUTOFILTERINFO, _FILTERMODE = 0x0208, 0x007D, 0x009D, 0x009B


def _records(data: bytes, pos: int):
    n = len(data)
    while pos + 4 <= n:
        rt, size = struct.unpack_from("<HH", data, pos)
        yield rt, pos + 4, size
        pos += 4 + size


def _sheet_names(data: bytes) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for rt, at, size in _records(data, 0):
        if rt == _EOF:
            break
        if rt == _BOUNDSHEET and size >= 8:
            offset, _flags, cch, high = struct.unpack_from("<IHBB", data, at)
            raw = data[at + 8 : at + 8 + cch * (2 if high & 1 else 1)]
            name = raw.decode("utf-16-le" if high & 1 else "latin-1", "replace")
            out.append((name, offset))
    return out


def _sheet_notices(data: bytes, offset: int) -> SheetScan:
    scan = SheetScan()
    for rt, at, size in _records(data, offset):
        if rt == _EOF:
            break
        if rt == _ROW and size >= 16:
            rw = struct.unpack_from("<H", data, at)[0]
            grbit = struct.unpack_from("<H", data, at + 12)[0]
            if grbit & 0x20:
                scan.hidden_rows.append(rw + 1)
        elif rt == _COLINFO and size >= 10:
            first, last, _dx, _xf, grbit = struct.unpack_from("<HHHHH", data, at)
            if grbit & 0x01:
                scan.hidden_cols.append((first + 1, min(last, 255) + 1))
        elif rt in (_AUTOFILTERINFO, _FILTERMODE) and not scan.filter_ref:
            scan.filter_ref = "AutoFilter"
    return scan


def biff_notices(ole_bytes: bytes) -> dict[str, SheetScan]:
    """Sheet name → its hidden rows / columns and filter, for an OLE2 ``.xls`` file's bytes."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(ole_bytes)) as ole:
            name = "Workbook" if ole.exists("Workbook") else "Book"
            data = ole.openstream(name).read()
    except Exception:  # noqa: BLE001 - no notices rather than no data
        return {}
    try:
        return {sheet: _sheet_notices(data, off) for sheet, off in _sheet_names(data)}
    except struct.error:
        return {}
