"""Render the desktop window's steps to PNG for review (offscreen, no display needed).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py [OUT_DIR] [--lang zh|en]

Loads the bundled sample, runs the assessment on 990105 清溪县 and saves one PNG per step.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from clusterpolicy.gui.app import _load_font, _load_style  # noqa: E402
from clusterpolicy.gui.main_window import MainWindow  # noqa: E402


def _wait(win: MainWindow) -> None:
    loop = QEventLoop()
    win.runner.busy_changed.connect(lambda busy: None if busy else loop.quit())
    loop.exec()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv and not argv[0].startswith("--") else Path("docs/screens")
    lang = "en" if "--lang" in argv and argv[argv.index("--lang") + 1] == "en" else "zh"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    _load_font(app)
    _load_style(app)
    win = MainWindow(lang=lang)
    win.resize(1280, 800)
    win.show()
    win.load_sample()
    _wait(win)
    win.data_page.focal.setCurrentIndex(win.data_page.focal.findData("990105"))
    win.steps.setCurrentRow(0)
    win.grab().save(str(out / f"step0-data-{lang}.png"))
    win.run_assessment()
    _wait(win)
    for row in range(1, win.steps.count() - 1):
        win.steps.setCurrentRow(row)
        app.processEvents()
        win.grab().save(str(out / f"step{row}-{lang}.png"))
    print(f"screenshots in {out}")
    win.close()
    win.deleteLater()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
