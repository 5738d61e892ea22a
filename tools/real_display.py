"""The desktop app in a real X window (Xvfb), at 1366×768, 1920×1080 and 2× scaling, zh and en.

For each screen, a virtual X server is started and the app runs on Qt's ``xcb`` platform (not
``offscreen``): the sample is imported and assessed, every step is shown, the column-mapping
dialog is opened, and the whole screen is captured (``QScreen.grabWindow(0)``) to PNG. It checks
that the window and the dialog lie inside the screen's available area and that the progress bar,
Cancel and "确认并导入" are on screen. Prints one line per screen; exits 1 when anything is off.

    .venv/bin/python tools/real_display.py [--out DIR]

Needs Debian's ``xvfb`` and the xcb libraries (DESIGN §10); 2× scaling is a 2732×1536 screen
with ``QT_SCALE_FACTOR=2`` (1366×768 logical pixels).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCREENS = (  # (name, physical width, height, scale factor)
    ("1366x768", 1366, 768, 1),
    ("1920x1080", 1920, 1080, 1),
    ("1366x768@2x", 2732, 1536, 2),
)


def _child(out: str, name: str, lang: str) -> int:
    """Runs inside the X session: show, check, capture."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QApplication

    from clusterpolicy.gui import pages
    from clusterpolicy.gui.app import _load_font, _load_style
    from clusterpolicy.gui.i18n import install_qt_translations
    from clusterpolicy.gui.screenshots import _sample_window, _wait

    app = QApplication([])
    _load_font(app)
    _load_style(app)
    install_qt_translations(lang)
    avail = app.primaryScreen().availableGeometry()
    win = _sample_window(lang)
    win.move(avail.topLeft())
    problems = []

    def inside(widget, what):
        r = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
        if not avail.contains(r):
            problems.append(f"{what} {r.getRect()} outside {avail.getRect()}")

    for key in pages.KEYS:
        win.show_step(key)
        app.processEvents()
        inside(win, f"window at {key}")
    win.progress.show()
    win.cancel_button.show()
    app.processEvents()
    inside(win.progress, "progress bar")
    inside(win.cancel_button, "Cancel")
    win.show_step("identification")
    time.sleep(0.2)
    app.processEvents()
    shot = Path(out) / f"{lang}-{name}-window.png"
    app.primaryScreen().grabWindow(0).save(str(shot))
    win.progress.hide()
    win.cancel_button.hide()
    win.review_mappings(list(win.files), always_ask=True)
    _wait(win)
    dlg = win.mapping_dialog
    app.processEvents()
    inside(dlg, "mapping dialog")
    inside(dlg.confirm_button, "确认并导入")
    time.sleep(0.2)
    app.processEvents()
    app.primaryScreen().grabWindow(0).save(str(Path(out) / f"{lang}-{name}-mapping.png"))
    dlg.reject()
    logical = (
        f"{avail.width()}×{avail.height()} logical, dpr {app.primaryScreen().devicePixelRatio():g}"
    )
    print(f"{lang} {name}: {logical}: " + ("; ".join(problems) or "everything on screen"))
    win.ask_on_close = False
    win.close()
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return _child(*args.child)
    if not shutil.which("Xvfb"):
        print("Xvfb not found: apt-get install xvfb (and the xcb libraries, DESIGN §10)")
        return 2
    out = args.out or Path(tempfile.mkdtemp(prefix="cp-xvfb-"))
    out.mkdir(parents=True, exist_ok=True)
    worst = 0
    for n, (name, w, h, scale) in enumerate(SCREENS):
        display = f":{70 + n}"
        xvfb = subprocess.Popen(
            ["Xvfb", display, "-screen", "0", f"{w}x{h}x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            time.sleep(1.0)
            env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
            env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", QT_SCALE_FACTOR=str(scale))
            for lang in ("zh", "en"):
                rc = subprocess.call(
                    [sys.executable, __file__, "--child", str(out), name, lang], env=env
                )
                worst = max(worst, rc)
        finally:
            xvfb.terminate()
            xvfb.wait()
    print(f"screens captured in {out}")
    return worst


if __name__ == "__main__":
    raise SystemExit(main())
