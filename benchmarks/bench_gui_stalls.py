"""The longest UI-thread stall of the desktop window during import, assessment, export and report.

A ``QTimer`` beats every 10 ms on the UI thread and records the largest gap between two beats
while each task runs (from the click to the window showing the outcome, result tables filled).
A gap is time the window could not repaint or react to Cancel. On the bundled sample, offscreen,
with the identification, life-cycle and policy pages open (their tables are filled when results
arrive). Not a timed test: a shared machine adds noise.

    .venv/bin/python benchmarks/bench_gui_stalls.py [--out DIR] [--workbook BOOK.xlsx --focal CODE]

Goal (issue #14): no stall over 200 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class Heartbeat:
    def __init__(self, interval_ms: int = 10):
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._beat)
        self.last = 0.0
        self.worst = 0.0

    def _beat(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last, self.worst = time.perf_counter(), 0.0
        self.timer.start()

    def stop(self) -> float:
        self._beat()
        self.timer.stop()
        return self.worst


def _run(app, win, beat: Heartbeat, start) -> tuple[float, float]:
    """(wall seconds, longest stall seconds) of one task started by ``start()``."""
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    t = time.perf_counter()
    beat.start()
    start()
    while win.runner.busy:  # a task may chain the next one (the sample: answers, then data)
        win.runner.busy_changed.connect(lambda busy: None if busy else loop.quit())
        loop.exec()
        win.runner.busy_changed.disconnect()
        win.runner.busy_changed.connect(win._on_busy)
        app.processEvents()
    app.processEvents()  # the pages filled by the task's handler
    stall = beat.stop()
    return time.perf_counter() - t, stall


def _big_table(app, n: int) -> None:
    """A results table of ``n`` rows (lq-like) shown, sorted and filtered on the UI thread."""
    if n <= 0:
        return
    import numpy as np
    import pandas as pd
    from PySide6.QtCore import Qt

    from clusterpolicy.gui.data_table import DataTable

    rng = np.random.default_rng(1)
    codes = np.array([f"C{k}" for k in range(13, 44)])
    df = pd.DataFrame(
        {
            "region_code": rng.integers(100000, 999999, n).astype(str),
            "industry_code": codes[rng.integers(0, len(codes), n)],
            "year": rng.integers(2000, 2025, n),
            "measure": np.where(rng.random(n) < 0.5, "employment", "output"),
            "lq": rng.lognormal(0, 0.6, n),
        }
    )
    t = time.perf_counter()
    table = DataTable("lq", df, "zh")
    table.resize(1200, 700)
    table.show()
    app.processEvents()
    shown = time.perf_counter() - t
    t = time.perf_counter()
    table.model().sort(4, Qt.SortOrder.DescendingOrder)
    app.processEvents()
    sort = time.perf_counter() - t
    beat = Heartbeat()
    t = time.perf_counter()
    beat.start()
    table.set_filter("C39")  # over 100,000 rows: found in a worker thread
    while getattr(table, "runner", None) is not None and table.runner.busy:
        app.processEvents()
        time.sleep(0.002)
    app.processEvents()
    stall = beat.stop()
    filt = time.perf_counter() - t
    print(
        f"table of {n:,} rows: shown {shown:.2f} s, sorted {sort:.2f} s, "
        f"filtered {filt:.2f} s ({table.model().rowCount():,} rows match; "
        f"longest UI stall while filtering {stall * 1000:.0f} ms)"
    )
    table.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--workbook", type=Path, default=None, help="default: the bundled sample")
    parser.add_argument("--focal", default="990105")
    parser.add_argument("--big-rows", type=int, default=1_000_000, help="0 = skip")
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    from clusterpolicy.gui.app import _load_font
    from clusterpolicy.gui.main_window import MainWindow
    from clusterpolicy.paths import resource

    app = QApplication.instance() or QApplication(sys.argv[:1])
    _load_font(app)
    win = MainWindow(lang="zh")
    win.resize(1366, 728)
    win.show()
    for key in ("identification", "lifecycle", "policy"):
        win.page(key)
    win.show_step("identification")
    app.processEvents()
    out = args.out or Path(tempfile.mkdtemp(prefix="cp-stalls-"))
    book = str(args.workbook or resource("samples", "sample_prefecture.xlsx"))
    beat = Heartbeat()
    rows = []

    def imported():
        if args.workbook is None:
            win.load_sample()  # its answers, then its workbook
        else:
            win.import_files([book])

    rows.append(("import", *_run(app, win, beat, imported)))
    win.data_page.focal.setCurrentIndex(win.data_page.focal.findData(args.focal))
    rows.append(("assessment", *_run(app, win, beat, win.run_assessment)))
    rows.append(("export", *_run(app, win, beat, lambda: win.export_results(str(out / "r.xlsx")))))
    rows.append(("report", *_run(app, win, beat, lambda: win.build_report(str(out / "r.pdf")))))
    print(f"{'task':<12}{'wall s':>9}{'longest UI stall ms':>22}")
    for name, wall, stall in rows:
        print(f"{name:<12}{wall:>9.2f}{stall * 1000:>22.0f}")
    print(f"worst stall: {max(r[2] for r in rows) * 1000:.0f} ms (goal < 200 ms)")
    _big_table(app, args.big_rows)
    win.ask_on_close = False
    win.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
