"""Desktop entry point: ``clusterpolicy-gui [--lang zh|en] [--screenshots DIR] [PROJECT.cpa | FILE...]``.

A ``.cpa`` file is opened as the project. Workbooks given on the command line go through the
column-mapping step like chosen files: the dialog opens unless every table has a remembered
mapping.
"""

from __future__ import annotations

import argparse
import logging
import sys


def _load_font(app) -> str:
    """Use a bundled CJK font so Chinese renders with no system font installed; returns the
    family name ("" when none could be loaded). WenQuanYi Micro Hei (a sans serif with good
    Latin) is preferred for the screen; the Song and Kai faces are there for the report."""
    from PySide6.QtGui import QFont, QFontDatabase

    from clusterpolicy.paths import resources_dir

    fonts = sorted(
        (resources_dir() / "fonts").glob("*.tt[cf]"), key=lambda p: "wqy" not in p.name.lower()
    )
    for path in fonts:
        fid = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
        if families:
            from clusterpolicy.gui.i18n import FONT_SIZE, set_cjk_family

            app.setFont(QFont(families[0], FONT_SIZE))
            set_cjk_family(families[0])
            return families[0]
    return ""


def _load_style(app) -> None:
    """Apply ``ui/clusterpolicy.qss`` when it is there (a missing style sheet is not an error)."""
    from clusterpolicy.paths import ui_dir

    try:
        qss = ui_dir() / "clusterpolicy.qss"
    except FileNotFoundError:
        return
    if qss.is_file():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))


def _excepthook(lang: str):
    """An error nobody caught (in a slot, a paint event): logged with its traceback and shown
    as a plain message saying where the log is — the window stays open."""

    def hook(kind, value, tb):
        from PySide6.QtWidgets import QApplication, QMessageBox

        from clusterpolicy.gui.texts import tr
        from clusterpolicy.logs import log_file

        logging.getLogger("clusterpolicy.gui").error(
            "uncaught exception", exc_info=(kind, value, tb)
        )
        if QApplication.instance() is not None:
            QMessageBox.critical(
                QApplication.activeWindow(),
                tr("failed", lang),
                tr("failed_detail", lang, log=log_file()),
            )

    return hook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="clusterpolicy-gui")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument(
        "--screenshots",
        metavar="DIR",
        help="render every step, filled from the bundled sample, to PNG in DIR and exit",
    )
    parser.add_argument("files", nargs="*")
    args = parser.parse_args(argv)
    if args.screenshots:
        from clusterpolicy.gui.screenshots import render_all

        files = render_all(args.screenshots)
        print(f"{len(files)} screenshots in {args.screenshots}")
        return 0

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from clusterpolicy.gui.i18n import install_qt_translations
    from clusterpolicy.gui.main_window import MainWindow
    from clusterpolicy.logs import setup_logging

    setup_logging("gui")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    sys.excepthook = _excepthook(args.lang)
    _load_font(app)
    _load_style(app)
    install_qt_translations(args.lang)
    win = MainWindow(lang=args.lang)
    win.show()
    if len(args.files) == 1 and args.files[0].lower().endswith(".cpa"):
        win.open_project(args.files[0])
    elif args.files:
        win.review_mappings(args.files)
    else:  # work a crash left unsaved, if any
        QTimer.singleShot(300, win.offer_recovery)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
