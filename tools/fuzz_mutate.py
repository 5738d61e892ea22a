"""Seeds and mutators of the import fuzzer (:mod:`fuzz_import`); deterministic given the RNG.

Seeds: the sample workbook (``resources/samples``), the nine real tables of
``../shared/data/real/china/yearbook_tables`` (when present) and small constructed files (an
``.xlsx`` with a shared-string table and a merged header, a legacy ``.xls`` and a CSV; the two
workbooks come from ``tests/io/hostile.py``). Seeds whose import takes seconds are drawn less
often (``weight``) so that 10,000 mutants fit in an hour on two cores.

Mutations, by the seed's kind:

* any file: byte flips, truncation, a chunk duplicated or zeroed;
* zip (xlsx): one XML member edited and the zip rewritten — attribute values replaced by huge,
  negative or malformed numbers and references (``uniqueCount``, ``count``, dimension and
  ``mergeCell`` refs, ``r``), a whole-sheet ``mergeCell``/``dimension`` injected, bytes of the
  inflated member flipped, a member dropped or truncated;
* OLE2 (xls): a special sector id (free, end of chain, reserved, past the end, itself) written
  into the header, the FAT or the directory; one BIFF record's length or a field of its data
  set to 0, 0xFFFF, 0xFFFFFFFF or a random value (through the stream's sector chain);
* text (csv): flips plus quotes, NULs, a BOM, a huge field or thousands of delimiters inserted.
"""

from __future__ import annotations

import io
import random
import re
import struct
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REAL = REPO.parent / "shared" / "data" / "real" / "china" / "yearbook_tables"
SLOW = {"sample_prefecture.xlsx": 0.5, "08_": 0.7, "07_": 0.7}  # seconds-long imports


@dataclass
class Seed:
    name: str
    data: bytes
    kind: str  # "zip", "ole" or "text"
    weight: float = 1.0

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix or ".bin"


def _kind(data: bytes) -> str:
    if data.startswith(b"PK"):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    return "text"


def _constructed() -> list[tuple[str, bytes]]:
    out = [
        (
            "constructed.csv",
            '地区,年份,从业人员(万人),营业收入(亿元)\n北京,2020,10.5,"1,234.5"\n'
            "天津,2020,8.25,—\n河北,2021,30,12\n".encode("gb18030"),
        )
    ]
    sys.path.insert(0, str(REPO / "tests" / "io"))
    try:
        import hostile  # the test-time builders of hostile workbooks
    except ImportError:
        return out
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        sst = hostile.xlsx_with_sst(Path(d) / "s.xlsx", "3").read_bytes()
        merged = hostile.xlsx_with_merge(Path(d) / "m.xlsx", "A1:C1").read_bytes()
    out += [
        ("constructed_sst.xlsx", sst),
        ("constructed_merge.xlsx", merged),
        ("constructed.xls", hostile.xls_bytes()),
    ]
    return out


def load_seeds(which: str = "all") -> list[Seed]:
    """``which``: "all" or "constructed" (the small built files only: a quick smoke run)."""
    files: list[tuple[str, bytes]] = []
    if which == "all":
        files.append(
            (
                "sample_prefecture.xlsx",
                (REPO / "resources/samples/sample_prefecture.xlsx").read_bytes(),
            )
        )
        if REAL.is_dir():
            files += [(p.name, p.read_bytes()) for p in sorted(REAL.iterdir()) if p.suffix != ".md"]
    files += _constructed()
    seeds = []
    for name, data in files:
        w = next((v for k, v in SLOW.items() if name.startswith(k)), 1.0)
        seeds.append(Seed(name, data, _kind(data), w))
    return seeds


# ------------------------------------------------------------------------------------ generic

SPECIAL_TEXT = [
    "4000000000", "1000000000", "-1", "0", "99999999999999999999", "2147483648", "1e9",
    "A1:XFD1048576", "XFD1048576", "A1:ZZ99999", "A0", "ZZZZ1", "", "1048577", "16385", "A1:A",
]  # fmt: skip
SPECIAL_U32 = [0, 1, 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFA, 0x7FFFFFFF, 0x10000, 0xFFFF]


def flip(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    d = bytearray(data)
    n = rng.choice([1, 1, 2, 4, 8, 16])
    for _ in range(n):
        d[rng.randrange(len(d))] = rng.randrange(256)
    return bytes(d), f"flip {n} bytes"


def truncate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    cut = rng.randrange(len(data))
    return data[:cut], f"truncate at {cut}"


def splice(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    a = rng.randrange(len(data))
    n = rng.randint(1, 4096)
    if rng.random() < 0.5:
        return data[:a] + data[a : a + n] + data[a:], f"duplicate {n} bytes at {a}"
    return data[:a] + b"\0" * n + data[a + n :], f"zero {n} bytes at {a}"


# ---------------------------------------------------------------------------------------- zip

_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_MERGE = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'


def _rezip(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in members:
            z.writestr(info.filename, data)
    return buf.getvalue()


def zip_edit(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = [(i, z.read(i)) for i in z.infolist()]
    except Exception:  # noqa: BLE001 - a seed that is no valid zip: plain flips
        return flip(data, rng)
    xml = [k for k, (i, _d) in enumerate(members) if i.filename.endswith((".xml", ".rels"))]
    if not xml:
        return flip(data, rng)
    sheets = [k for k in xml if "worksheets/" in members[k][0].filename]
    k = rng.choice(sheets if sheets and rng.random() < 0.5 else xml)
    info, body = members[k]
    op = rng.choice(["attr", "attr", "attr", "inject", "flip", "drop", "cut"])
    name = info.filename
    if op == "attr":
        found = list(_ATTR.finditer(body))
        if not found:
            op = "flip"
        else:
            picks = sorted(
                rng.sample(found, min(len(found), rng.choice([1, 1, 2, 3]))),
                key=lambda m: -m.start(),
            )
            for m in picks:
                v = rng.choice(SPECIAL_TEXT).encode()
                body = body[: m.start(2)] + v + body[m.end(2) :]
            desc = f"{name}: {len(picks)} attribute(s) set ({', '.join(m.group(1).decode() for m in picks)})"
    if op == "inject":
        if b"</sheetData>" in body and rng.random() < 0.5:
            body = body.replace(b"</sheetData>", b"</sheetData>" + _MERGE, 1)
            desc = f"{name}: whole-sheet mergeCell injected"
        elif b"uniqueCount=" in body:
            body = re.sub(rb'uniqueCount="\d+"', b'uniqueCount="4000000000"', body, count=1)
            desc = f"{name}: uniqueCount=4e9"
        else:
            body = re.sub(
                rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', body, count=1
            )
            desc = f"{name}: whole-sheet dimension"
    if op == "flip":
        body, d = flip(body, rng) if body else (body, "empty")
        desc = f"{name}: {d} (inflated)"
    if op == "drop":
        members.pop(k)
        return _rezip(members), f"{name}: member dropped"
    if op == "cut":
        body = body[: rng.randrange(len(body) + 1)]
        desc = f"{name}: member truncated"
    members[k] = (info, body)
    return _rezip(members), desc


# ---------------------------------------------------------------------------------------- OLE


def _stream_map(data: bytes):
    """(stream bytes, file offset of each stream byte's sector start) of Workbook, or None."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            entry = next(
                e for e in ole.direntries if e is not None and e.name in ("Workbook", "Book")
            )
            if entry.size < ole.minisectorcutoff:
                return None
            ssz, fat, sid, chain = ole.sectorsize, ole.fat, entry.isectStart, []
            while sid < 0xFFFFFFFA and len(chain) < len(fat):
                chain.append(sid)
                sid = fat[sid]
            return ole.openstream(entry.name).read(), ssz, chain
    except Exception:  # noqa: BLE001 - damaged seed: no record-level edits
        return None


def ole_edit(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    d = bytearray(data)
    if rng.random() < 0.45 or (m := _stream_map(data)) is None:
        ssz = 4096 if len(d) > 30 and d[30] == 12 else 512
        region = rng.choice(["header", "fat", "any"])
        lo, hi = {"header": (28, 512), "fat": (ssz, min(len(d), ssz * 8)), "any": (0, len(d))}[
            region
        ]
        if hi - lo < 8:
            return flip(data, rng)
        pos = rng.randrange(lo, hi - 4) & ~3
        v = rng.choice(SPECIAL_U32 + [len(d) // ssz, len(d) // ssz + 1, (pos - ssz) // ssz])
        struct.pack_into("<I", d, pos, v & 0xFFFFFFFF)
        return bytes(d), f"OLE {region}: u32 {v:#x} at {pos}"
    stream, ssz, chain = m
    recs, pos = [], 0
    while pos + 4 <= len(stream):
        rt, size = struct.unpack_from("<HH", stream, pos)
        recs.append((rt, pos, size))
        pos += 4 + size
    rt, at, size = rng.choice(recs)

    def put(off: int, fmt: str, v: int) -> None:
        sect, k = divmod(off, ssz)
        if sect < len(chain) and k + struct.calcsize(fmt) <= ssz:
            struct.pack_into(fmt, d, ssz + chain[sect] * ssz + k, v)

    if size == 0 or rng.random() < 0.3:
        v = rng.choice([0, 0, 0xFFFF, rng.randrange(65536)])
        put(at + 2, "<H", v)
        return bytes(d), f"BIFF record {rt:#06x} at {at}: length {size} → {v}"
    off = at + 4 + (rng.randrange(size) & ~1)
    fmt = rng.choice(["<H", "<I"])
    v = rng.choice(SPECIAL_U32 + [rng.randrange(2**32)]) & (0xFFFF if fmt == "<H" else 0xFFFFFFFF)
    put(off, fmt, v)
    return bytes(d), f"BIFF record {rt:#06x} at {at}: {fmt[1]} {v:#x} at +{off - at - 4}"


# --------------------------------------------------------------------------------------- text


def text_edit(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    a = rng.randrange(len(data) + 1)
    ins = rng.choice(
        [b'"', b"\0", b"\xef\xbb\xbf", b"\r", b"x" * 300_000, b"," * 20_000, b'"\n"', b"\xff\xfe"]
    )
    return data[:a] + ins + data[a:], f"insert {ins[:8]!r}×{len(ins)} at {a}"


def mutate(seed: Seed, rng: random.Random) -> tuple[bytes, str]:
    generic = [flip, truncate, splice]
    special = {"zip": [zip_edit] * 4, "ole": [ole_edit] * 4, "text": [text_edit] * 2}[seed.kind]
    fn = rng.choice(generic + special)
    out, desc = fn(seed.data, rng)
    return out, f"{fn.__name__}: {desc}"
