"""The bundled CJK font for the PDF, the charts and the GUI (one TrueType collection).

* reportlab: :func:`register_reportlab` registers face ``styles.FONT_SUBFONT_INDEX`` of the
  ``.ttc`` as ``styles.FONT_NAME`` (bold/italic map to the same face: the font has no bold) and
  reportlab embeds only the glyphs used (a subset).
* matplotlib: :func:`register_matplotlib` adds the file to the font manager and returns the
  rcParams that make a chart use it (apply them with ``matplotlib.rc_context``); the minus sign
  U+2212 is used when the font has it, otherwise ``axes.unicode_minus`` is switched off.
* Qt (elsewhere, under gui/): ``QFontDatabase.addApplicationFont(str(font_path()))``.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

from clusterpolicy.paths import resource
from clusterpolicy.report import styles

_LOCK = threading.Lock()


def font_path() -> Path:
    """Absolute path of the bundled font file (``resources/fonts/wqy-microhei.ttc``)."""
    path = resource("fonts", styles.FONT_FILE)
    if not path.is_file():
        raise FileNotFoundError(
            f"font {path} is missing: reinstall ClusterPolicy (缺少字体文件，请重新安装)"
        )
    return path


def register_reportlab() -> str:
    """Register the font with reportlab once; return its reportlab name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = styles.FONT_NAME
    with _LOCK:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(
                TTFont(name, str(font_path()), subfontIndex=styles.FONT_SUBFONT_INDEX)
            )
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(name, bold, italic, name)
    return name


@cache
def has_unicode_minus() -> bool:
    """Whether the font has a glyph for U+2212 MINUS SIGN (matplotlib's default minus)."""
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(font_path()), lazy=True)
    try:
        cmap = collection.fonts[styles.FONT_SUBFONT_INDEX].getBestCmap()
        return 0x2212 in cmap
    finally:
        collection.close()


def register_matplotlib() -> dict[str, object]:
    """Add the font to matplotlib's font manager once; return the rcParams that select it."""
    from matplotlib import font_manager

    with _LOCK:
        known = {f.name for f in font_manager.fontManager.ttflist}
        if styles.FONT_FAMILY not in known:
            font_manager.fontManager.addfont(str(font_path()))
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [styles.FONT_FAMILY],
        "axes.unicode_minus": has_unicode_minus(),
    }
