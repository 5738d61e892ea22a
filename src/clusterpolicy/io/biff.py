"""One walk over a legacy ``.xls`` (BIFF8) record stream before calamine reads it: what calamine
would allocate, and what it does not say (hidden rows, hidden columns, filters).

Why a walk before the read: calamine builds each sheet as a *dense* grid from the smallest to
the largest position of any cell record, and reserves room for the rows × columns that the
sheet's ``DIMENSIONS`` record (0x0200) claims. One flipped byte in a column field (0x0001 →
0xFF01), or a ``DIMENSIONS`` record whose first row lies past its last (calamine's unsigned
subtraction wraps round), asks for billions of cells and the process aborts — a Rust allocation
failure cannot be caught. So, per sheet, the largest row and column of the cell records calamine
places (NUMBER, LABEL, LABELSST, RK, MULRK, BOOLERR, FORMULA, STRING) and the largest
``DIMENSIONS`` claim (computed with calamine's 32-bit arithmetic) are found here and checked
against the cell limits of :mod:`clusterpolicy.io.safety` first; the shared-string table
(``SST``, 0x00FC) may not claim more strings than its records can hold (3 bytes each at least).

The same walk notes ``ROW`` records (0x0208) whose ``fDyZero`` flag (0x20) hides the row,
``COLINFO`` (0x007D) whose ``fHidden`` flag (0x01) hides columns, and ``AUTOFILTERINFO``
(0x009D) / ``FILTERMODE`` (0x009B). Nothing is evaluated. An encrypted stream (``FILEPASS``
0x002F with a non-zero type, where calamine stops with "password protected") is not checked:
its record data is ciphertext; it is checked again once decrypted.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass, field

from clusterpolicy.io.safety import SheetScan, UnsafeFile

_BOF, _EOF, _BOUNDSHEET, _SST, _FILEPASS, _CONTINUE = 0x0809, 0x000A, 0x0085, 0x00FC, 0x002F, 0x3C
_ROW, _COLINFO, _AUTOFILTERINFO, _FILTERMODE, _DIMENSIONS = 0x0208, 0x007D, 0x009D, 0x009B, 0x0200
# cell records calamine places, with the shortest data it accepts (shorter ones fail cleanly)
_CELLS = {0x0203: 14, 0x0204: 6, 0x0205: 8, 0x027E: 10, 0x00FD: 10, 0x0006: 20}
_MULRK, _STRING = 0x00BD, 0x0207
_U32 = 0xFFFFFFFF


@dataclass
class BiffSheet:
    """What the walk found in one sheet's substream (rows/columns as 1-based counts)."""

    name: str
    n_rows: int = 0  # 1 + the largest row of any cell record (0: no cell)
    n_cols: int = 0
    reserve: int = 0  # the largest rows × columns a DIMENSIONS record makes calamine reserve
    reserve_dims: tuple[int, int] = (0, 0)
    scan: SheetScan = field(default_factory=SheetScan)


@dataclass
class BiffWalk:
    sheets: list[BiffSheet] = field(default_factory=list)
    encrypted: bool = False


def _records(data: bytes, pos: int):
    n = len(data)
    while pos + 4 <= n:
        rt, size = struct.unpack_from("<HH", data, pos)
        if pos + 4 + size > n:
            return  # calamine stops here too ("end of stream")
        yield rt, pos + 4, size
        pos += 4 + size


def _globals(data: bytes, walk: BiffWalk) -> list[tuple[str, int]]:
    """Sheet names and offsets from BOUNDSHEET; refuses an SST claiming more than it holds."""
    out: list[tuple[str, int]] = []
    sst_at = -1
    sst_claim = sst_bytes = 0
    for rt, at, size in _records(data, 0):
        if rt == _CONTINUE and sst_at >= 0:
            sst_bytes += size
            continue
        if sst_at >= 0:
            _check_sst(sst_claim, sst_bytes)
            sst_at = -1
        if rt == _EOF:
            break
        if rt == _FILEPASS and size >= 2 and struct.unpack_from("<H", data, at)[0] != 0:
            walk.encrypted = True
            return out
        if rt == _SST and size >= 8:
            sst_at, sst_claim, sst_bytes = at, struct.unpack_from("<i", data, at + 4)[0], size - 8
        if rt == _BOUNDSHEET and size >= 8:
            offset, _flags, cch, high = struct.unpack_from("<IHBB", data, at)
            raw = data[at + 8 : at + 8 + cch * (2 if high & 1 else 1)]
            name = raw.decode("utf-16-le" if high & 1 else "latin-1", "replace")
            out.append((name.replace("\0", ""), offset))
    if sst_at >= 0:
        _check_sst(sst_claim, sst_bytes)
    return out


def _check_sst(claim: int, held: int) -> None:
    if claim < 0 or claim > held // 3 + 1:
        raise UnsafeFile("xls_sst_count", "", "SST", claim=claim, cap=held // 3 + 1)


def _dimensions(data: bytes, at: int, size: int) -> tuple[int, int] | None:
    """Rows × columns calamine reserves for a DIMENSIONS record, with its u32 wrap-round."""
    if size == 10:
        rf, rl, cf, cl = struct.unpack_from("<HHHH", data, at)
    elif size == 14:
        rf, rl, cf, cl = struct.unpack_from("<IIHH", data, at)
    else:
        return None
    if rl < 1 or cl < 1:
        return 1, 1
    return (rl - 1 - rf + 1) & _U32, (cl - 1 - cf + 1) & _U32


def _sheet(data: bytes, name: str, offset: int) -> BiffSheet:
    """One loop over the sheet's records (inlined: it runs once per cell of a 65,536-row sheet,
    so one ``unpack_from`` per record reads type, length, row and column together)."""
    out = BiffSheet(name)
    max_r = max_c = -1
    n, pos = len(data), offset
    head = struct.Struct("<HHHH").unpack_from
    cells = _CELLS
    while pos + 8 <= n:
        rt, size, r, c = head(data, pos)
        at = pos + 4
        pos = at + size
        if pos > n or rt == _EOF:
            break
        need = cells.get(rt)
        if need is not None:
            if size >= need:
                if r > max_r:
                    max_r = r
                if c > max_c:
                    max_c = c
        elif rt == _MULRK and size >= 6:
            max_r, max_c = max(max_r, r), max(max_c, c + max((size - 6) // 6 - 1, 0))
        elif rt in _OTHER:
            _other(out, rt, data, at, size)
    # a STRING record (0x0207) sits at the FORMULA before it: inside the extent already
    out.n_rows, out.n_cols = max_r + 1, max_c + 1
    return out


_OTHER = frozenset((_DIMENSIONS, _ROW, _COLINFO, _AUTOFILTERINFO, _FILTERMODE))


def _other(out: BiffSheet, rt: int, data: bytes, at: int, size: int) -> None:
    """DIMENSIONS (what calamine reserves) and the notices: hidden rows, columns, filters."""
    scan = out.scan
    if rt == _DIMENSIONS:
        dims = _dimensions(data, at, size)
        if dims is not None and dims[0] * dims[1] > out.reserve:
            out.reserve, out.reserve_dims = dims[0] * dims[1], dims
    elif rt == _ROW and size >= 16:
        rw = struct.unpack_from("<H", data, at)[0]
        if struct.unpack_from("<H", data, at + 12)[0] & 0x20:
            scan.hidden_rows.append(rw + 1)
    elif rt == _COLINFO and size >= 10:
        first, last, _dx, _xf, grbit = struct.unpack_from("<HHHHH", data, at)
        if grbit & 0x01:
            scan.hidden_cols.append((first + 1, min(last, 255) + 1))
    elif rt in (_AUTOFILTERINFO, _FILTERMODE) and not scan.filter_ref:
        scan.filter_ref = "AutoFilter"


def walk_biff(ole_bytes: bytes) -> BiffWalk:
    """Walk the ``Workbook`` (or ``Book``) stream of an OLE2 ``.xls`` file's bytes.

    Raises :class:`UnsafeFile` when the stream cannot be read (calamine could not read it either)
    or its shared-string table claims more strings than it holds."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(ole_bytes)) as ole:
            name = "Workbook" if ole.exists("Workbook") else "Book"
            data = ole.openstream(name).read()
    except Exception as e:  # noqa: BLE001 - olefile raises many kinds on damaged input
        raise UnsafeFile("xls_stream", f"{type(e).__name__}: {e}", "Workbook") from None
    walk = BiffWalk()
    names = _globals(data, walk)
    if not walk.encrypted:
        walk.sheets = [_sheet(data, sheet, off) for sheet, off in names if off < len(data)]
    return walk
