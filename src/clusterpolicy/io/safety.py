"""Safety limits and pre-read checks for workbook files (nothing in a file is ever evaluated).

Why: calamine builds each sheet as a *dense* grid from the top-left to the bottom-right used
cell, so one stray cell at ``XFD1048576`` asks for 17 billion cells and the process aborts (a
Rust allocation failure cannot be caught). A zip member can also expand a thousandfold (zip
bomb), and XML can declare entities (billion laughs). So before calamine touches an ``.xlsx`` we

1. check the zip directory (member count, declared sizes, compression ratio) without
   decompressing anything;
2. refuse any XML part whose prolog has ``<!DOCTYPE`` or ``<!ENTITY`` ("file damaged or unsafe"),
   and stream every part to its end so a member whose declared size lies fails its CRC here;
3. stream every worksheet part once through zlib (the next block is inflated in a helper thread)
   and find its true extent (largest row and column referenced by any ``r="…"`` attribute, found
   with vectorised numpy byte tests — no per-cell Python work; cells and rows without ``r`` are
   bounded conservatively), and at the same time note formula cells without a cached value and
   error cells (``t="e"``) for located warnings.

The extent is checked against ``max_rows``, ``max_cols`` and ``max_cells`` (rows × columns of
the dense grid calamine will allocate). An ``.xls`` is checked by :mod:`clusterpolicy.io.cfb`
(sector chains) and :mod:`clusterpolicy.io.biff` (cell positions, DIMENSIONS) before calamine;
counts a file claims (shared strings) by :mod:`clusterpolicy.io.claims`.

Decision on over-long text (> 32,767 characters, Excel's own cell limit): the value is kept
exactly and a located warning is given — Excel could not have written it, so another program
made the file, but real CSVs legitimately carry long fields (WKT polygons of 4 MB files); in a
CSV the warning also points at quotes when the field spans lines (an unclosed quote).
"""

from __future__ import annotations

import queue
import re
import threading
import zipfile
from dataclasses import dataclass, field

import numpy as np

MiB = 1024 * 1024
GiB = 1024 * MiB


@dataclass(frozen=True)
class Limits:
    """Hard limits for reading one file. All are checked before the data is built in memory."""

    max_file_bytes: int = 1 * GiB  # size of the file on disk
    max_uncompressed_bytes: int = 1 * GiB  # sum of declared member sizes of an xlsx zip
    max_member_ratio: float = 200.0  # declared uncompressed / compressed size of one member ...
    ratio_min_bytes: int = (
        4 * MiB
    )  # ... checked for members larger than this (small ones are harmless)
    max_members: int = 10_000  # entries in the zip directory
    max_sheets: int = 255
    max_rows: int = 2_000_000  # per sheet
    max_cols: int = 16_384  # per sheet (Excel's XFD)
    max_cells: int = 30_000_000  # rows × columns of one sheet's dense grid (≈ 1 GB in calamine)
    max_cell_chars: int = (
        32_767  # Excel's limit; see the module docstring for what happens above it
    )
    max_listed: int = 20  # located warnings listed per sheet and kind before "… and n more"


DEFAULT_LIMITS = Limits()

_PROLOG_BYTES = 64 * 1024
_CHUNK = 8 * MiB


class UnsafeFile(Exception):
    """A check failed; ``code`` and ``detail`` say which (the reader turns this into a Problem)."""

    def __init__(self, code: str, detail: str = "", member: str = "", claim: int = 0, cap: int = 0):
        self.code = code
        self.detail = detail
        self.member = member
        self.claim, self.cap = claim, cap  # a count the file claims, and what it could hold
        super().__init__(f"{code}: {detail} {member}".strip())


def check_zip_directory(zf: zipfile.ZipFile, limits: Limits) -> None:
    """Zip-bomb checks on the central directory only (declared sizes); nothing is decompressed."""
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise UnsafeFile("zip_too_many_members", f"{len(infos)} > {limits.max_members}")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeFile("zip_encrypted_member", info.filename, info.filename)
        total += info.file_size
        if total > limits.max_uncompressed_bytes:
            raise UnsafeFile(
                "zip_too_large", f"> {limits.max_uncompressed_bytes} bytes uncompressed"
            )
        if info.file_size > limits.ratio_min_bytes:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_member_ratio:
                raise UnsafeFile(
                    "zip_bomb", f"ratio {ratio:.0f} > {limits.max_member_ratio:.0f}", info.filename
                )


_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def check_xml_prolog(head: bytes, member: str) -> None:
    """Refuse DTDs/entity declarations (they can only appear before the root element)."""
    if _DOCTYPE.search(head):
        raise UnsafeFile("xml_entities", "DOCTYPE/ENTITY declaration", member)


def check_xml_parts(zf: zipfile.ZipFile, skip: set[str]) -> None:
    """Every XML part not in ``skip`` (worksheets are checked while scanned): no DTD in its prolog,
    and streamed to the end so a member whose declared size lies fails its CRC check here, before
    calamine inflates it."""
    for info in zf.infolist():
        name = info.filename
        if name in skip or not name.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with zf.open(info) as f:
            check_xml_prolog(f.read(_PROLOG_BYTES), name)
            while f.read(_CHUNK):
                pass


@dataclass
class SheetScan:
    """What one pass over a worksheet's XML found (rows/columns 0-based; -1 = no cell)."""

    max_row: int = -1
    max_col: int = -1
    uncompressed: int = 0
    formula_no_value: list[str] = field(default_factory=list)  # cell refs such as "C7"
    formula_no_value_count: int = 0
    error_cells: list[tuple[str, str]] = field(default_factory=list)  # (ref, error text)
    error_count: int = 0
    long_text: bool = False  # an inline string longer than the limit
    hidden_rows: list[int] = field(default_factory=list)  # 1-based
    hidden_cols: list[tuple[int, int]] = field(default_factory=list)  # 1-based (min, max)
    filter_ref: str = ""  # the autoFilter range ("A1:F200"), "" when none
    external_cells: list[str] = field(default_factory=list)  # formulas into other workbooks
    external_count: int = 0
    dde_cells: list[str] = field(default_factory=list)  # DDE formulas (program|topic!item)
    dde_count: int = 0

    @property
    def n_rows(self) -> int:
        return self.max_row + 1

    @property
    def n_cols(self) -> int:
        return self.max_col + 1


_WS = np.zeros(256, dtype=bool)
_WS[[9, 10, 13, 32]] = True
_UPPER = np.zeros(256, dtype=bool)
_UPPER[ord("A") : ord("Z") + 1] = True
_LOWER = np.zeros(256, dtype=bool)
_LOWER[ord("a") : ord("z") + 1] = True
_DIGIT = np.zeros(256, dtype=bool)
_DIGIT[ord("0") : ord("9") + 1] = True
_TAG_END = np.zeros(256, dtype=bool)
_TAG_END[[9, 10, 13, 32, ord(">"), ord("/")]] = True

# formula cell whose <f> is not followed by a cached <v>
_FORMULA_NO_VALUE = re.compile(
    rb'<c\b[^>]*?\br="([A-Za-z]+[0-9]+)"[^>]*>\s*(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>|</c>)'
)
_ERROR_CELL = re.compile(
    rb'<c\b[^>]*?\br="([A-Za-z]+[0-9]+)"[^>]*?\bt="e"[^>]*>(?:\s*<f\b[^>]*/>|\s*<f\b[^>]*>[^<]*</f>)?\s*<v>([^<]*)</v>'
)
_ERROR_CELL2 = re.compile(
    rb'<c\b[^>]*?\bt="e"[^>]*?\br="([A-Za-z]+[0-9]+)"[^>]*>(?:\s*<f\b[^>]*/>|\s*<f\b[^>]*>[^<]*</f>)?\s*<v>([^<]*)</v>'
)


_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"[^>]*?\bhidden="(?:1|true)"')
_HIDDEN_ROW2 = re.compile(rb'<row\b[^>]*?\bhidden="(?:1|true)"[^>]*?\br="(\d+)"')
_HIDDEN_COL = re.compile(rb"<col\b([^>]*?)/?>")
_ATTR_NUM = re.compile(rb'\b(min|max|hidden)="([^"]*)"')
_AUTOFILTER = re.compile(rb'<autoFilter\b[^>]*?\bref="([^"]+)"')
# a formula into another workbook ('[1]Sheet1'!A1, [Book.xlsx]…) or a DDE link (prog|topic!item)
_FORMULA_TEXT = re.compile(rb'<c\b[^>]*?\br="([A-Za-z]+[0-9]+)"[^>]*>\s*<f\b[^>]*>([^<]*)</f>')
_EXTERNAL = re.compile(rb"\[[^\]]+\][^!]*!")
_DDE = re.compile(rb"[A-Za-z0-9_.]+\|")


def _notices(buf: bytes, n_formulas: int, scan: SheetScan, limits: Limits) -> None:
    """Hidden rows and columns, an autoFilter, formulas into other workbooks or DDE links."""
    if b"hidden=" in buf:
        rows = {int(m.group(1)) for p in (_HIDDEN_ROW, _HIDDEN_ROW2) for m in p.finditer(buf)}
        scan.hidden_rows.extend(sorted(rows))
        for m in _HIDDEN_COL.finditer(buf):
            at = dict(_ATTR_NUM.findall(m.group(1)))
            if at.get(b"hidden") in (b"1", b"true") and b"min" in at:
                scan.hidden_cols.append((int(at[b"min"]), int(at.get(b"max", at[b"min"]))))
    if not scan.filter_ref and b"<autoFilter" in buf:
        m = _AUTOFILTER.search(buf)
        scan.filter_ref = m.group(1).decode("ascii") if m else "?"
    if n_formulas and (b"[" in buf or b"|" in buf):
        for m in _FORMULA_TEXT.finditer(buf):
            ref, text = m.group(1).decode("ascii").upper(), m.group(2)
            if _EXTERNAL.search(text):
                scan.external_count += 1
                if len(scan.external_cells) < limits.max_listed:
                    scan.external_cells.append(ref)
            elif _DDE.search(text):
                scan.dde_count += 1
                if len(scan.dde_cells) < limits.max_listed:
                    scan.dde_cells.append(ref)


def _positions(a: np.ndarray, padded: np.ndarray, ch: int, before: int) -> np.ndarray:
    """Offsets of byte ``ch`` that directly follow byte ``before``."""
    p = np.flatnonzero(a == ch)
    p = p[p > 0]
    return p[padded[p - 1] == before]


_L = np.uint64(0x0101010101010101)
_H = np.uint64(0x8080808080808080)
_LOW7 = np.uint64(0x7F7F7F7F7F7F7F7F)


def _in_range_bytes(w: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Per byte of each uint64: high bit set where ``lo <= byte <= hi`` (SWAR, no carries)."""
    x7 = w & _LOW7
    ge_lo = (x7 + np.uint64(0x80 - lo) * _L) & _H
    gt_hi = (x7 + np.uint64(0x80 - hi - 1) * _L) & _H
    return ge_lo & ~gt_hi & ~(w & _H)


def _leading(inside: np.ndarray) -> np.ndarray:
    """How many leading (most significant) bytes have their high bit set in ``inside`` (0..8):
    the first byte without it is the top set bit of ``outside``; count the byte boundaries it
    lies below (eight integer comparisons, no floating point)."""
    outside = ~inside & _H
    n = np.zeros(outside.shape, dtype=np.int64)
    for k in range(8):
        n += outside < np.uint64(1 << (63 - 8 * k))
    return n


def _windows(padded: np.ndarray) -> np.ndarray:
    """Big-endian uint64 view of the 8 bytes starting at every offset (no copy)."""
    return np.ndarray(shape=(padded.size - 8,), dtype=">u8", buffer=padded, strides=(1,))


def _refs(a: np.ndarray, padded: np.ndarray) -> tuple[int, int, int]:
    """Largest 1-based row and column of any ``r="…"`` attribute, and how many refs there are.

    Vectorised: take every ``r`` byte, keep those preceded by whitespace and followed by ``=``
    and a quote; read the 8 bytes after the quote as one big-endian integer, count leading
    letters and digits with SWAR byte tests, and take the maxima among the refs with the most
    letters / digits (equal-length tokens order numerically as integers). A 4th letter or
    9th digit returns an out-of-range value so the sheet is refused.
    """
    p = np.flatnonzero(a == 114)
    p = p[p > 0]
    p = p[padded[p + 1] == 61]
    p = p[_WS[padded[p - 1]] & ((padded[p + 2] == 34) | (padded[p + 2] == 39))]
    return _ref_extent(padded, p + 3)


def _ref_extent(padded: np.ndarray, pos: np.ndarray) -> tuple[int, int, int]:
    """Largest 1-based row and column of the cell references starting at offsets ``pos``."""
    if pos.size == 0:
        return 0, 0, 0
    win = _windows(padded)
    w = win[pos].astype(np.uint64)
    wl = w | np.uint64(0x2020202020202020)
    nlet = _leading(_in_range_bytes(wl, 0x61, 0x7A))
    top = int(nlet.max())
    if top > 3:
        return 0, 10**9, int(pos.size)  # 4-letter column: beyond XFD
    max_col = 0
    if top:
        best = int((wl[nlet == top] >> np.uint64(8 * (8 - top))).max())
        for k in range(top):
            max_col = max_col * 26 + (((best >> (8 * (top - 1 - k))) & 0xFF) - 96)
    d = win[pos + nlet].astype(np.uint64)
    ndig = _leading(_in_range_bytes(d, 0x30, 0x39))
    top = int(ndig.max())
    if top > 7:
        return 10**9, max_col, int(pos.size)  # 8+ digit row: beyond any sheet
    max_row = 0
    if top:
        best = int((d[ndig == top] >> np.uint64(8 * (8 - top))).max())
        max_row = int(best.to_bytes(top, "big").decode("ascii"))
    return max_row, max_col, int(pos.size)


def _tags(a: np.ndarray, padded: np.ndarray):
    """One pass over ``<``: offsets of ``<row`` and ``<c`` elements, reference starts when every
    element has ``r="`` as its first attribute (what Excel, WPS, openpyxl and xlsxwriter write;
    else None), how many ``<f`` start, and whether ``<is>`` inline strings and ``"e"`` occur."""
    lt = np.flatnonzero(a == 60)
    c1 = padded[lt + 1]
    c = lt[c1 == 99]
    cells = c[_TAG_END[padded[c + 2]]]
    f = lt[c1 == 102]
    n_f = int(np.count_nonzero(_TAG_END[padded[f + 2]]))
    r = lt[c1 == 114]
    rows = r[(padded[r + 2] == 111) & (padded[r + 3] == 119) & _TAG_END[padded[r + 4]]]
    i = lt[c1 == 105]
    has_inline = bool(np.any(padded[i + 2] == 115))
    e = _positions(a, padded, 101, 34)
    has_err = bool(np.any(padded[e + 1] == 34))
    cell_ok = (
        (padded[cells + 2] == 32)
        & (padded[cells + 3] == 114)
        & (padded[cells + 4] == 61)
        & (padded[cells + 5] == 34)
    )
    row_ok = (
        (padded[rows + 4] == 32)
        & (padded[rows + 5] == 114)
        & (padded[rows + 6] == 61)
        & (padded[rows + 7] == 34)
    )
    starts = None
    if cell_ok.all() and row_ok.all():
        starts = np.concatenate([cells + 6, rows + 8])
    return rows, cells, starts, n_f, has_err, has_inline


def _widest_row(rows: np.ndarray, cells: np.ndarray) -> int:
    """Most ``<c>`` elements inside one ``<row>`` (cells before the first row count as one row)."""
    if cells.size == 0:
        return 0
    owner = np.searchsorted(rows, cells, side="right")  # index of the row each cell follows
    return int(np.bincount(owner).max())


def _read_ahead(zf: zipfile.ZipFile, info: zipfile.ZipInfo, size: int):
    """Yield decompressed blocks of a member; a helper thread decompresses the next block while the
    caller scans this one (zlib and numpy release the GIL, so this uses a second core)."""
    q: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def produce() -> None:
        try:
            with zf.open(info) as f:
                while not stop.is_set():
                    block = f.read(size)
                    q.put(block)
                    if not block:
                        return
        except BaseException as e:  # noqa: BLE001 - handed to the consumer
            q.put(e)

    t = threading.Thread(target=produce, name="xlsx-scan-read", daemon=True)
    t.start()
    try:
        while True:
            item = q.get()
            if isinstance(item, BaseException):
                raise item
            yield item
            if not item:
                return
    finally:
        stop.set()
        while t.is_alive():  # unblock a producer waiting on a full queue
            try:
                q.get(timeout=0.05)
            except queue.Empty:
                pass
        t.join()


def scan_worksheet(zf: zipfile.ZipFile, member: str, limits: Limits) -> SheetScan:
    """One streamed pass over a worksheet part: prolog check, true extent, formulas, errors.

    Cells and rows without an ``r`` attribute are placed by counting (as calamine does), so then
    the extent is bounded conservatively by adding the number of such elements.
    """
    scan = SheetScan()
    info = zf.getinfo(member)
    carry = b""
    first = True
    max_row = max_col = 0
    n_refs = n_cells = n_rows = widest = 0
    long_pat = re.compile(rb"<t\b[^>]*>[^<]{%d}" % (limits.max_cell_chars + 1))
    blocks = _read_ahead(zf, info, _CHUNK)
    try:
        for block in blocks:
            scan.uncompressed += len(block)
            if scan.uncompressed > limits.max_uncompressed_bytes:
                raise UnsafeFile("zip_too_large", "sheet XML larger than declared limit", member)
            if first:
                check_xml_prolog(block[:_PROLOG_BYTES], member)
                first = False
            buf = carry + block
            if block:
                cut = buf.rfind(b"</row>")
                cut = buf.rfind(b"</c>") if cut < 0 else cut
                if cut < 0:
                    cut = buf.rfind(b">")
                if cut < 0:
                    carry = buf
                    continue
                cut = buf.index(b">", cut) + 1
                buf, carry = buf[:cut], buf[cut:]
            else:
                carry = b""
            a = np.frombuffer(buf, dtype=np.uint8)
            padded = np.concatenate([a, np.zeros(24, dtype=np.uint8)])
            row_pos, cell_pos, starts, n_formulas, has_err, has_inline = _tags(a, padded)
            # fast path: every row/cell starts with r="…"; else look at every r= attribute
            r, c, k = _ref_extent(padded, starts) if starts is not None else _refs(a, padded)
            max_row, max_col, n_refs = max(max_row, r), max(max_col, c), n_refs + k
            n_rows += row_pos.size
            n_cells += cell_pos.size
            if n_refs < n_cells + n_rows:
                widest = max(widest, _widest_row(row_pos, cell_pos))
            if n_formulas:
                for m in _FORMULA_NO_VALUE.finditer(buf):
                    scan.formula_no_value_count += 1
                    if len(scan.formula_no_value) < limits.max_listed:
                        scan.formula_no_value.append(m.group(1).decode("ascii").upper())
            if has_err:
                seen = set()
                for pat in (_ERROR_CELL, _ERROR_CELL2):
                    for m in pat.finditer(buf):
                        ref = m.group(1).decode("ascii").upper()
                        if ref in seen:
                            continue
                        seen.add(ref)
                        scan.error_count += 1
                        if len(scan.error_cells) < limits.max_listed:
                            scan.error_cells.append((ref, m.group(2).decode("utf-8", "replace")))
            _notices(buf, n_formulas, scan, limits)
            if has_inline and not scan.long_text and long_pat.search(buf):
                scan.long_text = True
            if not block:
                break
    finally:
        blocks.close()
    if max_row == 0 and max_col == 0 and n_cells == 0:
        return scan
    if n_refs >= n_cells + n_rows:  # every row and cell says where it is (the usual case)
        scan.max_row, scan.max_col = max_row - 1, max_col - 1
    else:  # calamine places unreferenced rows/cells by counting: bound conservatively
        scan.max_row = max(max_row, 1) - 1 + n_rows
        scan.max_col = max(max_col, 1) - 1 + widest
    return scan
