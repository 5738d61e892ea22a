"""Start-up cost of a Qt Designer form both ways: ``QUiLoader`` at run time (what the app does
for ``ui/report_options.ui``) against a module compiled by ``pyside6-uic`` (built here in a
temporary folder, never committed).

Each way runs in fresh processes (cold imports, as when the dialog first opens), with a bare
QApplication and again with the main window already on screen; it prints the medians of: importing what the form needs
(``PySide6.QtUiTools`` or the compiled module), building the form the first time, and a second
time (warm), then the ratio loader / compiled. No timed asserts.

Run: ``.venv/bin/python benchmarks/bench_ui_form.py [--repeat 9] [--form report_options.ui]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
mode, form, folder, context = sys.argv[1:5]
if context == "app":  # as when the dialog opens: the main window is on screen
    from clusterpolicy.gui.main_window import MainWindow
    win = MainWindow(lang="zh"); win.show(); app.processEvents()
t0 = time.perf_counter()
if mode == "loader":
    from PySide6.QtCore import QFile, QIODevice
    from PySide6.QtUiTools import QUiLoader
    t1 = time.perf_counter()
    def build():
        f = QFile(form); f.open(QIODevice.OpenModeFlag.ReadOnly)
        w = QUiLoader().load(f, None); f.close()
        return w
else:
    sys.path.insert(0, folder)
    import ui_form
    t1 = time.perf_counter()
    cls = next(getattr(ui_form, n) for n in dir(ui_form) if n.startswith("Ui_"))
    def build():
        w = QWidget(); cls().setupUi(w)
        return w
a = build(); t2 = time.perf_counter()
b = build(); t3 = time.perf_counter()
assert a is not None and b is not None and a.findChildren(QWidget)
print(json.dumps({"import": t1 - t0, "first": t2 - t1, "second": t3 - t2}))
"""


def run(mode: str, form: Path, folder: Path, repeat: int, context: str) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    rows = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, mode, str(form), str(folder), context],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
    return {k: statistics.median(r[k] for r in rows) * 1000 for k in rows[0]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--form", default="report_options.ui")
    args = ap.parse_args()
    form = ROOT / "ui" / args.form
    uic = shutil.which("pyside6-uic") or str(Path(sys.executable).with_name("pyside6-uic"))
    with tempfile.TemporaryDirectory(prefix="bench_ui_") as tmp:
        folder = Path(tmp)
        subprocess.run([uic, str(form), "-o", str(folder / "ui_form.py")], check=True)
        size = (folder / "ui_form.py").stat().st_size
        print(f"form {form.name} ({form.stat().st_size} bytes; compiled module {size} bytes)")
        for context, what in (
            ("bare", "a bare QApplication"),
            ("app", "the main window already on screen (as when the dialog opens)"),
        ):
            loader = run("loader", form, folder, args.repeat, context)
            compiled = run("compiled", form, folder, args.repeat, context)
            report(what, args.repeat, loader, compiled)
    return 0


def report(what: str, repeat: int, loader: dict, compiled: dict) -> None:
    print(f"\n{what}: medians of {repeat} fresh processes, milliseconds")
    print(f"{'':10} {'import':>8} {'1st build':>10} {'2nd build':>10} {'first use':>10}")
    for name, r in (("QUiLoader", loader), ("uic", compiled)):
        first = r["import"] + r["first"]
        print(f"{name:10} {r['import']:8.1f} {r['first']:10.1f} {r['second']:10.1f} {first:10.1f}")
    lf = loader["import"] + loader["first"]
    cf = compiled["import"] + compiled["first"]
    print(f"ratio QUiLoader / uic: first use {lf / cf:.2f}x, warm build "
          f"{loader['second'] / compiled['second']:.2f}x, difference at first use "
          f"{lf - cf:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
