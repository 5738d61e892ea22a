"""Generate a long-format benchmark workbook (default 3,000 regions × 33 industries × 10 years).

Columns: region_code, industry_code, year, employment, output, firms, value_added, revenue — one
row per (region, industry, year), 990,000 data rows + 1 header row by default (8 columns, as the
import-integrity issue measured). ``write_long_csv`` writes the same rows as a UTF-8 CSV. The sheet XML is written
by hand and streamed into the zip (shared-strings table for the codes, numbers inline), which
takes seconds where openpyxl would take minutes. Values are pseudo-random but reproducible
(``--seed``); codes are text (six-digit region codes, "C13"-style industry codes).

    python benchmarks/gen_long_workbook.py                 # benchmarks/_data/long_990000.xlsx
    python benchmarks/gen_long_workbook.py --rows 100000   # first 100,000 data rows only
"""

from __future__ import annotations

import argparse
import random
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

DATA_DIR = Path(__file__).resolve().parent / "_data"
HEADER = [
    "region_code",
    "industry_code",
    "year",
    "employment",
    "output",
    "firms",
    "value_added",
    "revenue",
]
COLS = "ABCDEFGH"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)


def region_codes(n: int) -> list[str]:
    """n distinct six-digit county-like codes (province 11..65, prefecture 01..99, county 01..99)."""
    out = []
    for i in range(n):
        prov = 11 + (i // 9801) % 55
        pref = 1 + (i // 99) % 99
        cty = 1 + i % 99
        out.append(f"{prov:02d}{pref:02d}{cty:02d}")
    return out


def industry_codes(n: int) -> list[str]:
    return [f"C{13 + i}" for i in range(n)]


def write_long_workbook(
    path: Path,
    regions: int = 3000,
    industries: int = 33,
    years: int = 10,
    max_rows: int | None = None,
    seed: int = 1,
) -> int:
    """Write the workbook; returns the number of data rows written."""
    rng = random.Random(seed)
    regs, inds = region_codes(regions), industry_codes(industries)
    strings = HEADER + regs + inds
    sst_index = {s: i for i, s in enumerate(strings)}
    total = regions * industries * years
    if max_rows is not None:
        total = min(total, max_rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        sst = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
        z.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{sst}</sst>',
        )
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + f'<dimension ref="A1:H{total + 1}"/><sheetData>'.encode()
            )
            head = "".join(
                f'<c r="{c}1" t="s"><v>{sst_index[h]}</v></c>' for c, h in zip(COLS, HEADER)
            )
            f.write(f'<row r="1">{head}</row>'.encode())
            buf: list[str] = []
            for r, (reg, ind, year, emp, out, firms, va, rev) in enumerate(
                _rows(rng, regs, inds, years, total), start=2
            ):
                ri, ii = sst_index[reg], sst_index[ind]
                buf.append(
                    f'<row r="{r}"><c r="A{r}" t="s"><v>{ri}</v></c><c r="B{r}" t="s"><v>{ii}</v></c>'
                    f'<c r="C{r}"><v>{year}</v></c><c r="D{r}"><v>{emp}</v></c>'
                    f'<c r="E{r}"><v>{out}</v></c><c r="F{r}"><v>{firms}</v></c>'
                    f'<c r="G{r}"><v>{va}</v></c><c r="H{r}"><v>{rev}</v></c></row>'
                )
                if len(buf) >= 20000:
                    f.write("".join(buf).encode())
                    buf.clear()
            f.write("".join(buf).encode())
            f.write(b"</sheetData></worksheet>")
    return total


def _rows(rng, regs, inds, years, total):
    done = 0
    for reg in regs:
        for ind in inds:
            base = rng.randint(5, 5000)
            for y in range(years):
                if done >= total:
                    return
                done += 1
                emp = max(0, base + rng.randint(-50, 50))
                out = round(emp * rng.uniform(20.0, 80.0), 2)
                va = round(out * rng.uniform(0.2, 0.4), 2)
                rev = round(out * rng.uniform(0.9, 1.1), 2)
                yield reg, ind, 2014 + y, emp, out, 1 + emp // 40, va, rev


def write_long_csv(
    path: Path,
    regions: int = 3000,
    industries: int = 33,
    years: int = 10,
    max_rows: int | None = None,
    seed: int = 1,
) -> int:
    """The same rows as a UTF-8 CSV (codes as text); returns the number of data rows."""
    rng = random.Random(seed)
    regs, inds = region_codes(regions), industry_codes(industries)
    total = regions * industries * years if max_rows is None else max_rows
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(HEADER) + "\n")
        buf: list[str] = []
        n = 0
        for row in _rows(rng, regs, inds, years, total):
            buf.append(",".join(map(str, row)))
            n += 1
            if len(buf) >= 50000:
                fh.write("\n".join(buf) + "\n")
                buf.clear()
        if buf:
            fh.write("\n".join(buf) + "\n")
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regions", type=int, default=3000)
    ap.add_argument("--industries", type=int, default=33)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--rows", type=int, default=None, help="stop after this many data rows")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    n = args.regions * args.industries * args.years
    if args.rows is not None:
        n = min(n, args.rows)
    out = args.out or DATA_DIR / f"long_{n}.xlsx"
    t = time.perf_counter()
    rows = write_long_workbook(out, args.regions, args.industries, args.years, args.rows, args.seed)
    print(
        f"wrote {out} ({rows:,} data rows, {out.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
