"""Qt's own strings (standard buttons, file dialogs) and the UI font in the UI language.

:func:`install_qt_translations` loads ``qtbase_zh_CN.qm`` shipped in the PySide6 wheel
(``QLibraryInfo`` TranslationsPath) for Chinese and removes it for English. Our own texts go
through :mod:`clusterpolicy.gui.texts`; this is only for what Qt draws itself. It also sets the
application font: the bundled CJK face for Chinese; for English a Latin face first (Segoe UI on
Windows, DejaVu/Noto/Liberation Sans elsewhere) with the CJK face behind it for Chinese names —
the CJK face draws “quotes” and the ellipsis at full width ("Print···").
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

_installed: list[QTranslator] = []
_cjk: list[str] = []  # the bundled CJK family, once loaded (see set_cjk_family)
LATIN_FAMILIES = ("Segoe UI", "DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial")
FONT_SIZE = 10


def set_cjk_family(family: str) -> None:
    """The bundled CJK font's family (registered by :func:`clusterpolicy.gui.app._load_font`)."""
    _cjk[:] = [family] if family else []


def use_language_font(lang: str) -> None:
    """The application font for ``lang`` (see the module docstring)."""
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None or not _cjk:
        return
    font = QFont(_cjk[0], FONT_SIZE)
    if lang == "en":
        have = set(QFontDatabase.families())
        latin = [f for f in LATIN_FAMILIES if f in have]
        if latin:
            font.setFamilies([*latin[:1], _cjk[0]])
    app.setFont(font)


def install_qt_translations(lang: str) -> bool:
    """Use Qt's translations for ``lang`` ("zh" → zh_CN); True when one was loaded."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    use_language_font(lang)
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
