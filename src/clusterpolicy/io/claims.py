"""Counts a workbook *claims*, checked against what the file could really hold, before the native
reader allocates room for them.

Why: calamine sizes some buffers from a count written in the file, not from the data that follows.
An ``.xlsx`` whose ``xl/sharedStrings.xml`` says ``uniqueCount="4000000000"`` makes it reserve
4·10⁹ strings (96 GB) and the process aborts with no message (a Rust allocation failure cannot be
caught; in the GUI the window vanishes). A legacy ``.xls`` whose ``DIMENSIONS`` record or a cell
record's row/column is damaged does the same for its dense cell grid (:mod:`clusterpolicy.io.biff`
finds those claims; the located messages are built here).

The test for the shared-string table is its *size*: each ``<si>`` needs at least 5 bytes
(``<si/>``), so a part of *n* bytes holds at most *n*/5 strings. Claims up to a floor of
1,000,000 (24 MB reserved, harmless) are let through, because some writers put the number of
string *references* (``count``) into ``uniqueCount``; calamine reads those files correctly.
Only the part's first 1 MB is read (the ``<sst>`` start tag is at the top of every real file).
"""

from __future__ import annotations

import re
import zipfile

from clusterpolicy.io.biff import BiffWalk
from clusterpolicy.io.excel import extent_problems
from clusterpolicy.io.reader_problems import FIX_RESAVE_EN, FIX_RESAVE_ZH
from clusterpolicy.io.reader_problems import p as _p
from clusterpolicy.io.safety import Limits, UnsafeFile
from clusterpolicy.messages import Problem
from clusterpolicy.text.formats import integer

_SI_MIN_BYTES = 5  # "<si/>"
_SST_FLOOR = 1_000_000
_HEAD = 1024 * 1024
_SST_TAG = re.compile(rb"<(?:[\w.-]+:)?sst\b([^>]*)>")
# digits, or "+digits" (Rust's integer parser takes a leading "+"); other text calamine ignores
_UNIQUE = re.compile(rb"""\buniqueCount\s*=\s*(["'])\s*\+?(\d+)\s*\1""")


def check_shared_strings(zf: zipfile.ZipFile) -> None:
    """Refuse a shared-string table whose ``uniqueCount`` exceeds what its size could hold."""
    for info in zf.infolist():
        base = info.filename.rsplit("/", 1)[-1].lower()
        if not (base.startswith("sharedstrings") and base.endswith(".xml")):
            continue
        with zf.open(info) as f:
            head = f.read(_HEAD)
        m = _SST_TAG.search(head)
        if m is None:
            if info.file_size > _HEAD:
                raise UnsafeFile("sst_no_root", "no <sst> element at the top", info.filename)
            continue
        u = _UNIQUE.search(m.group(1))
        if u is None:
            continue
        claim = int(u.group(2))
        cap = max(info.file_size // _SI_MIN_BYTES, _SST_FLOOR)
        if claim > cap:
            raise UnsafeFile("sst_count", "", info.filename, claim=claim, cap=cap)


def biff_problems(file: str, walk: BiffWalk, limits: Limits) -> list[Problem]:
    """Per sheet: cell records beyond the limits, or a DIMENSIONS record claiming more cells
    than the limit (calamine would reserve them all before reading a cell)."""
    out: list[Problem] = []
    for sh in walk.sheets[: limits.max_sheets + 1]:
        out.extend(extent_problems(file, sh.name, sh.n_rows, sh.n_cols, limits))
        if sh.reserve > limits.max_cells:
            rows, cols = sh.reserve_dims
            out.append(
                _p(
                    "xls_dimensions",
                    f"工作表的尺寸记录（DIMENSIONS）声称有{integer(rows)}行×{integer(cols)}列，"
                    f"超过{integer(limits.max_cells)}个单元格的上限，与文件内容不符：文件已损坏。",
                    f"The sheet's size record (DIMENSIONS) claims {integer(rows, 'en')} rows × "
                    f"{integer(cols, 'en')} columns, more than the limit of "
                    f"{integer(limits.max_cells, 'en')} cells and more than the file holds: "
                    "the file is damaged.",
                    FIX_RESAVE_ZH,
                    FIX_RESAVE_EN,
                    file=file,
                    sheet=sh.name,
                )
            )
    return out
