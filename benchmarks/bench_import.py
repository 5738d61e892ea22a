"""The import against a bare calamine read, in the same process, at 200,000 and 1,000,000 rows.

For each size (an 8-column long workbook, ``gen_long_workbook.py``), in one process with every
module already imported (start-up imports are not the import's cost):

* (a) bare ``python_calamine``: open + ``to_python`` of the sheet;
* (b) ``clusterpolicy.io.importer.import_files([path])``: safety scan, read, layout, extraction,
  accounting, checks, canonical tables;

each the fastest of ``--repeat`` runs, alternating (a shared machine adds noise, never speed).
Peak memory of (b) alone is measured in a fresh process (``ru_maxrss``). ``pandas.read_excel``
with openpyxl is timed on ``--openpyxl-rows`` rows and extrapolated linearly. The same rows as
a CSV: (b) against ``pandas.read_csv``.

    python benchmarks/bench_import.py                        # 200,000 and 1,000,000 rows
    python benchmarks/bench_import.py --rows 200000 --skip-openpyxl

Goals: (b) ≤ 1.5 × (a) at both sizes; ≥ 5 × faster than pandas + openpyxl; peak < 2 GB at 1M.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _calamine(path: Path) -> int:
    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_path(str(path))
    return len(wb.get_sheet_by_index(0).to_python(skip_empty_area=False))


def _import(path: Path) -> int:
    from clusterpolicy.io.importer import import_files

    res = import_files([path])
    return res.accounting.imported


def _best(fn, path: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn(path)
        best = min(best, time.perf_counter() - t)
    return best


def _pair(a, b, path: Path, repeat: int) -> tuple[float, float]:
    """Fastest of ``repeat`` alternating runs of a and b (warm: one run of each first)."""
    a(path), b(path)
    ta = tb = float("inf")
    for _ in range(repeat):
        ta = min(ta, _best(a, path, 1))
        tb = min(tb, _best(b, path, 1))
    return ta, tb


def _fresh(method: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--one", method, str(path)], capture_output=True, text=True
    )
    if out.returncode != 0:
        return {"error": (out.stderr or out.stdout).strip().splitlines()[-1:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def _one(method: str, path: Path) -> dict:
    import python_calamine  # noqa: F401

    import clusterpolicy.io.importer  # noqa: F401 - start-up imports outside the timing

    t = time.perf_counter()
    if method == "import_files":
        n = _import(path)
    elif method == "calamine":
        n = _calamine(path)
    elif method == "openpyxl":
        import pandas as pd

        n = len(pd.read_excel(path, engine="openpyxl"))
    else:
        raise SystemExit(f"unknown method {method}")
    return {"seconds": time.perf_counter() - t, "peak_mb": _peak_mb(), "n": n}


def _ensure(rows: int, kind: str = "xlsx") -> Path:
    from gen_long_workbook import DATA_DIR, write_long_csv, write_long_workbook

    path = DATA_DIR / f"long8_{rows}.{kind}"
    if not path.exists():
        print(f"generating {path} …", flush=True)
        (write_long_csv if kind == "csv" else write_long_workbook)(path, max_rows=rows)
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="*", default=[200_000, 1_000_000])
    ap.add_argument("--openpyxl-rows", type=int, default=50_000)
    ap.add_argument("--skip-openpyxl", action="store_true")
    ap.add_argument("--skip-csv", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--one", nargs=2, metavar=("METHOD", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(_one(args.one[0], Path(args.one[1]))))
        return 0
    import pandas as pd
    import python_calamine  # noqa: F401

    import clusterpolicy.io.importer  # noqa: F401 - imported once, before any timing

    op_per_row = None
    if not args.skip_openpyxl:
        small = _ensure(args.openpyxl_rows)
        op = _fresh("openpyxl", small)
        op_per_row = op["seconds"] / args.openpyxl_rows if "seconds" in op else None
    for rows in args.rows:
        path = _ensure(rows)
        cal, imp = _pair(_calamine, _import, path, args.repeat)
        mem = _fresh("import_files", path)
        line = (
            f"{rows:>9,} rows xlsx: calamine {cal:6.2f} s, import {imp:6.2f} s = {imp / cal:.2f}×"
            f" bare calamine; import peak {mem.get('peak_mb', float('nan')):,.0f} MB"
        )
        if op_per_row:
            line += f"; pandas+openpyxl ≈ {op_per_row * rows:,.0f} s = {op_per_row * rows / imp:.0f}× slower"
        print(line, flush=True)
        if not args.skip_csv:
            csv = _ensure(rows, "csv")

            def read_csv(p):
                return len(pd.read_csv(p, dtype={"region_code": str}))

            pdt, cimp = _pair(read_csv, _import, csv, args.repeat)
            print(
                f"{rows:>9,} rows csv:  pandas.read_csv {pdt:6.2f} s, import {cimp:6.2f} s ="
                f" {cimp / pdt:.1f}× read_csv",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
