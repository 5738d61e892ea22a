"""Benchmark: PDF report generation for the demo set and for a 3,000-region data set.

Run: ``.venv/bin/python benchmarks/bench_report.py [--regions 3000] [--out DIR]``

Data: ``tests/report/fixtures.py`` (synthetic results in the results-contract shape). The large
set has 3,000 regions × 8 industries × 10 years × 3 measures in ``lq`` (720,000 rows), 24,000
``clusters`` rows and 3,000 regions in ``equalization`` / ``transfers``. The report does not print
3,000-row tables: chapters show the focal region plus top-N lists (``styles.MAX_TABLE_ROWS`` rows;
top 10 regions for the welfare index and transfers) and say how many rows were left out, so the
page count stays that of the demo report. Goal: < 10 s for a ~30-page report, PDF < 5 MB.
Prints time, page count and size per case and the ratio large/demo (measured in the same run).
With ``--real`` it also runs the assessment on the bundled sample prefecture (the ``demo``
command's data; not timed) and times the report on those real results, zh and en.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "src"))

from report.fixtures import demo_charts_data, synthetic_results  # noqa: E402


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def run(label: str, n_regions: int, out_dir: Path, lang: str = "zh") -> float:
    from clusterpolicy.report import build_report

    tables, meta = synthetic_results(n_regions)
    charts_data = demo_charts_data()
    rows = sum(len(df) for df in tables.values())
    t0 = time.perf_counter()
    path = build_report(tables, meta, out_dir / f"{label}.pdf", lang=lang, charts_data=charts_data)
    dt = time.perf_counter() - t0
    data = path.read_bytes()
    print(
        f"{label:<22} regions={n_regions:>5}  input rows={rows:>8,}  time={dt:6.2f} s  "
        f"pages={_pages(data):>3}  size={len(data) / 1e6:5.2f} MB"
    )
    return dt


def run_real(out_dir: Path) -> None:
    """The report on the real engines' results for the bundled sample (the demo's input)."""
    from clusterpolicy.app.outputs import charts_data
    from clusterpolicy.app.sample import assess_sample
    from clusterpolicy.report import build_report

    t0 = time.perf_counter()
    result = assess_sample(created="2026-11-22")
    print(f"real assessment (not timed in the report figures): {time.perf_counter() - t0:.1f} s")
    charts = charts_data(result)
    for lang in ("zh", "en"):
        t0 = time.perf_counter()
        path = build_report(
            result.tables, result.meta, out_dir / f"real_{lang}.pdf", lang=lang, charts_data=charts
        )
        dt = time.perf_counter() - t0
        data_pdf = path.read_bytes()
        print(
            f"{'real sample ' + lang:<22} time={dt:6.2f} s  pages={_pages(data_pdf):>3}  "
            f"size={len(data_pdf) / 1e6:5.2f} MB"
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regions", type=int, default=3000)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument(
        "--real",
        action="store_true",
        help="also time the report on the real results of the bundled sample",
    )
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="bench_report_"))
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    import clusterpolicy.report  # noqa: F401  (import time reported separately)

    print(f"import matplotlib/reportlab: {time.perf_counter() - t0:.2f} s; output in {out}")
    run("warm-up (not timed)", 12, out)
    base = run("demo zh", 12, out)
    run("demo en", 12, out, lang="en")
    big = run(f"{args.regions} regions zh", args.regions, out)
    print(f"ratio large/demo: {big / base:.2f}")
    if args.real:
        run_real(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
