"""What the pre-read checks of hostile files cost, against the import and a bare calamine read.

* the shared-strings claim check (``io/claims.py``) on the 200,000-row benchmark workbook
  (``gen_long_workbook.py``, generated on first use);
* the compound-file check (``io/cfb.py``) and the BIFF walk (``io/biff.py``) on a real ``.xls``
  (``../shared/data/real/china/yearbook_tables/08_…xls``, 2.3 MB; skipped where absent).

    python benchmarks/bench_checks.py

Each figure is the fastest of ``--repeat`` runs in one warm process.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))
XLS = (
    HERE.parents[1] / "shared/data/real/china/yearbook_tables/08_2000-2023地级市产业结构 - 面板.xls"
)


def _best(fn, n: int) -> float:
    best = float("inf")
    for _ in range(n):
        gc.collect()
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    import python_calamine as pc
    from gen_long_workbook import DATA_DIR, write_long_workbook

    from clusterpolicy.io.biff import walk_biff
    from clusterpolicy.io.cfb import check_cfb
    from clusterpolicy.io.claims import check_shared_strings
    from clusterpolicy.io.importer import import_files

    path = DATA_DIR / f"long8_{args.rows}.xlsx"
    if not path.exists():
        DATA_DIR.mkdir(exist_ok=True)
        write_long_workbook(path, max_rows=args.rows)
    n = args.repeat
    sst = _best(lambda: check_shared_strings(zipfile.ZipFile(path)), n)
    imp = _best(lambda: import_files([path]), max(1, n // 2))
    print(
        f"{args.rows:,}-row xlsx: shared-strings check {sst * 1000:.2f} ms, import {imp:.2f} s,"
        f" ratio {sst / imp:.5f}"
    )
    if XLS.exists():
        data = XLS.read_bytes()
        cfb = _best(lambda: check_cfb(data), n)
        walk = _best(lambda: walk_biff(data), n)

        def calamine() -> None:
            wb = pc.CalamineWorkbook.from_path(str(XLS))
            for name in wb.sheet_names:
                wb.get_sheet_by_name(name).to_python()

        cal = _best(calamine, n)
        imp = _best(lambda: import_files([XLS]), max(1, n // 2))
        print(
            f"{XLS.name} ({len(data) / 2**20:.1f} MB): compound-file check {cfb * 1000:.2f} ms,"
            f" BIFF walk {walk * 1000:.0f} ms, calamine read {cal * 1000:.0f} ms,"
            f" import {imp:.2f} s; checks / import {(cfb + walk) / imp:.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
