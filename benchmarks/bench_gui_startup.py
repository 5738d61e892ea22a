"""Start-up of the desktop window against a bare Qt window, each in fresh processes.

For each of ``--repeat`` rounds, alternating, a fresh interpreter (offscreen) measures from its
first line to the first painted frame:

* (a) bare: ``import PySide6.QtWidgets``, a ``QApplication``, an empty ``QMainWindow`` shown;
* (b) app: the same plus ``clusterpolicy.gui.main_window.MainWindow`` (fonts, rule profile,
  the first page) shown.

Prints every round, the medians and the ratio (b)/(a). Not a timed test: a shared 2-core
machine adds noise, so read the median.

    .venv/bin/python benchmarks/bench_gui_startup.py [--repeat 7] [--compare OTHER/src]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

_CHILD = r"""
import time
t0 = time.perf_counter()
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
if sys.argv[1] == "app":
    from clusterpolicy.gui.app import _load_font
    from clusterpolicy.gui.main_window import MainWindow
    _load_font(app)
    win = MainWindow(lang="zh")
else:
    win = QMainWindow()
win.show()
app.processEvents()
win.grab()
import clusterpolicy
print(clusterpolicy.__file__, file=sys.stderr)
print(f"{time.perf_counter() - t0:.4f}")
"""


def _once(kind: str, src: Path) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = str(src) + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, kind], env=env, capture_output=True, text=True, check=True
    )
    if kind == "app" and not out.stderr.strip().splitlines()[-1].startswith(str(src)):
        raise SystemExit(f"imported the wrong checkout: {out.stderr.strip()}")
    return float(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--compare",
        type=Path,
        help="another checkout's src/ (e.g. `git archive` of the commit before) timed alternately",
    )
    args = parser.parse_args(argv)
    srcs = {"this": HERE.parent / "src"}
    if args.compare:
        srcs["compare"] = args.compare.resolve()
    times: dict[str, list[float]] = {"bare": [], **{k: [] for k in srcs}}
    for i in range(args.repeat):
        times["bare"].append(_once("bare", srcs["this"]))
        for k, src in srcs.items():
            times[k].append(_once("app", src))
        row = "   ".join(f"{k} {v[-1]:.3f} s" for k, v in times.items())
        print(f"round {i + 1}: {row}")
    mb = statistics.median(times["bare"])
    print(f"median bare Qt window: {mb:.3f} s")
    for k in srcs:
        m = statistics.median(times[k])
        print(f"median main window ({k}): {m:.3f} s = {m / mb:.2f}x bare Qt (extra {m - mb:.3f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
