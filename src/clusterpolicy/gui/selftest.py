"""The desktop part of ``clusterpolicy --self-test``: the main window opens offscreen (or on the
screen there is) and runs one turn of its event loop."""

from __future__ import annotations

import os


def open_window_once() -> str:
    """Create the application and the main window, process events once, close; returns what
    was shown."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from clusterpolicy.gui.app import _load_font as load_font
    from clusterpolicy.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(["clusterpolicy-selftest"])
    family = load_font(app)
    win = MainWindow(lang="zh")
    win.show()
    QTimer.singleShot(0, app.quit)
    app.exec()
    title = win.windowTitle()
    size = f"{win.width()}×{win.height()}"
    win.close()
    return f"{app.platformName()} platform, “{title}”, {size}, font {family or 'default'}"
