"""The OLE2 compound-file structure of a legacy ``.xls``, checked before calamine follows it.

Why: calamine reads the directory by following its sector chain through the FAT until it meets
"end of chain". A damaged FAT whose directory chain loops back on itself (one flipped byte)
makes it append the same sector for ever, until the allocation fails and the process aborts (no
message; in the GUI the window vanishes). So, from the header alone (stdlib ``struct``; the file
is already in memory), every chain calamine will follow — the DIFAT, the directory, the
mini-FAT, the mini-stream and the ``Workbook`` (or ``Book``) stream — is walked here once with
a visited set: each sector must lie inside the file, none may be visited twice, and the counts
the header claims (FAT, directory and mini-FAT sectors; a stream's size) may not exceed what
the file's size could hold. A file that fails is "damaged", with where; nothing is repaired.

Cost: one pass over the FAT entries of the chains (a few thousand for a real ``.xls``; about
0.1 s for a 100 MB file).
"""

from __future__ import annotations

import struct

from clusterpolicy.io.safety import UnsafeFile

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAXREG, _DIFSECT, _ENDOFCHAIN = 0xFFFFFFFA, 0xFFFFFFFC, 0xFFFFFFFE
_MINI_CUTOFF = 4096


def _bad(what: str, detail: str) -> UnsafeFile:
    return UnsafeFile("ole_structure", detail, what)


class _File:
    def __init__(self, data: bytes):
        if len(data) < 512 or not data.startswith(MAGIC):
            raise _bad("header", "shorter than the 512-byte header")
        shift = struct.unpack_from("<H", data, 30)[0]
        if shift not in (9, 12):
            raise _bad("header", f"sector shift {shift}")
        self.data = data
        self.ssz = 1 << shift
        self.n = max(0, -(-(len(data) - self.ssz) // self.ssz))  # sectors after the header

    def sector(self, sid: int) -> bytes:
        off = self.ssz + sid * self.ssz
        return self.data[off : off + self.ssz]

    def u32s(self, sid: int) -> tuple[int, ...]:
        s = self.sector(sid)
        return struct.unpack_from(f"<{len(s) // 4}I", s)

    def check_count(self, what: str, count: int, unit: int) -> None:
        if count * unit > len(self.data):
            raise _bad(what, f"claims {count * unit} bytes, the file has {len(self.data)}")


def _fat(f: _File, fat_len: int, difat_start: int) -> list[int]:
    """The FAT as calamine assembles it: the header's 109 DIFAT entries, then the DIFAT chain."""
    difat = list(struct.unpack_from("<109I", f.data, 76))
    seen: set[int] = set()
    sid = difat_start
    while sid < _MAXREG:
        if sid >= f.n or sid in seen:
            raise _bad("DIFAT", f"sector {sid} {'loops' if sid in seen else 'past the end'}")
        seen.add(sid)
        difat.extend(f.u32s(sid))
        sid = difat.pop()
    fat: list[int] = []
    for sid in difat:
        if sid < _DIFSECT:
            if sid >= f.n:
                raise _bad("FAT", f"FAT sector {sid} past the end ({f.n} sectors)")
            fat.extend(f.u32s(sid))
    return fat


def _chain(start: int, table: list[int], limit: int, what: str) -> int:
    """Follow a chain to "end of chain"; every id below ``limit`` and none twice. Its length."""
    seen: set[int] = set()
    sid = start
    while sid != _ENDOFCHAIN:
        if sid >= limit or sid >= len(table):
            raise _bad(what, f"sector {sid} outside the file")
        if sid in seen:
            raise _bad(what, f"the chain loops at sector {sid}")
        seen.add(sid)
        sid = table[sid]
    return len(seen)


def _entry(raw: bytes, ssz: int) -> tuple[str, int, int, int]:
    """(name, type, start sector, size) of a 128-byte directory entry; with 512-byte sectors
    the size is 32 bits (old writers leave garbage in the high half, readers ignore it)."""
    name = raw[:64].decode("utf-16-le", "replace").split("\0", 1)[0]
    start, size = struct.unpack_from("<IQ" if ssz == 4096 else "<II", raw, 116)
    return name, raw[66], start, size


def check_cfb(data: bytes) -> None:
    """Raise :class:`UnsafeFile` (``ole_structure``) when calamine could not safely follow the
    compound file's chains or would reserve more than the file could hold."""
    f = _File(data)
    dir_len, fat_len, dir_start = struct.unpack_from("<III", data, 40)
    mini_start, mini_len, difat_start, difat_len = struct.unpack_from("<IIII", data, 60)
    for what, count in (("FAT", fat_len), ("directory", dir_len), ("mini-FAT", mini_len)):
        f.check_count(what, count, f.ssz)
    f.check_count("DIFAT", difat_len, f.ssz)
    fat = _fat(f, fat_len, difat_start)
    n_dir = _chain(dir_start, fat, f.n, "directory")
    dirs = b"".join(f.sector(s) for s in _walk(dir_start, fat, n_dir))
    entries = [_entry(dirs[i : i + 128], f.ssz) for i in range(0, len(dirs) - 127, 128)]
    if not entries:
        raise _bad("directory", "no root entry")
    root = entries[0]
    minifat: list[int] = []
    mini_sectors = 0
    if mini_len > 0:
        f.check_count("mini-stream", root[3], 1)
        held = _chain(root[2], fat, f.n, "mini-stream") * f.ssz
        mini_sectors = -(-min(held, root[3]) // 64)
        n_mf = _chain(mini_start, fat, f.n, "mini-FAT")
        for s in _walk(mini_start, fat, n_mf):
            minifat.extend(f.u32s(s))
    names = [e[0] for e in entries]
    for wanted in ("Workbook", "Book"):
        if wanted in names:
            _name, _typ, start, size = entries[names.index(wanted)]
            f.check_count(wanted, size, 1)
            if size < _MINI_CUTOFF:
                _chain(start, minifat, mini_sectors, wanted)
            else:
                _chain(start, fat, f.n, wanted)
            break


def _walk(start: int, table: list[int], n: int):
    """The ids of a chain already checked by :func:`_chain` (``n`` long)."""
    sid = start
    for _ in range(n):
        yield sid
        sid = table[sid]
