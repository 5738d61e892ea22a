"""Qt's own strings (standard buttons, file dialogs) in the UI language.

:func:`install_qt_translations` loads ``qtbase_zh_CN.qm`` shipped in the PySide6 wheel
(``QLibraryInfo`` TranslationsPath) for Chinese and removes it for English. Our own texts go
through :mod:`clusterpolicy.gui.texts`; this is only for what Qt draws itself.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

_installed: list[QTranslator] = []


def install_qt_translations(lang: str) -> bool:
    """Use Qt's translations for ``lang`` ("zh" → zh_CN); True when one was loaded."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    if lang == "en":
        return False
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = False
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        t = QTranslator(app)
        if t.load(name, path):
            app.installTranslator(t)
            _installed.append(t)
            loaded = True
    return loaded
