"""The bundled CJK font for the PDF, the charts and the GUI (one TrueType collection).

* reportlab: :func:`register_reportlab` registers face ``styles.FONT_SUBFONT_INDEX`` of the
  ``.ttc`` as ``styles.FONT_NAME`` (bold/italic map to the same face: the font has no bold) and
  reportlab embeds only the glyphs used (a subset).
* matplotlib: :func:`register_matplotlib` adds the file to the font manager and returns the
  rcParams that make a chart use it (apply them with ``matplotlib.rc_context``); the minus sign
  U+2212 is used when the font has it, otherwise ``axes.unicode_minus`` is switched off.
* Qt (elsewhere, under gui/): ``QFontDatabase.addApplicationFont(str(font_path()))``.
* The Chinese report also uses the GB/T 9704 faces of ``styles.FACES`` (宋体 for the body and
  the title, 楷体 for level-2 headings; 黑体 is the main font). :func:`register_reportlab`
  registers them too; :func:`with_fallback` wraps each character a face lacks (AR PL fonts have
  no "−", "½", "•", "▶") in the main font, and :func:`missing_glyphs` says which characters no
  bundled face can print (the glyph-coverage test fails on any).
"""

from __future__ import annotations

import re
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
    """Register the main font and the GB/T 9704 faces with reportlab once; return the main
    font's reportlab name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = styles.FONT_NAME
    faces = {name: (styles.FONT_FILE, styles.FONT_SUBFONT_INDEX)}
    faces.update({n: (f, 0) for n, f in styles.FACES.values()})
    with _LOCK:
        registered = set(pdfmetrics.getRegisteredFontNames())
        for face, (file, index) in faces.items():
            if face in registered:
                continue
            path = resource("fonts", file)
            if not path.is_file():
                raise FileNotFoundError(
                    f"font {path} is missing: reinstall ClusterPolicy (缺少字体文件，请重新安装)"
                )
            pdfmetrics.registerFont(TTFont(face, str(path), subfontIndex=index))
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(face, bold, italic, face)
    return name


@cache
def _cmap(face: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    register_reportlab()
    return frozenset(pdfmetrics.getFont(face).face.charToGlyph)


def covers(face: str, text: str) -> bool:
    """Whether ``face`` has a glyph for every character of ``text`` (spaces and controls aside)."""
    cmap = _cmap(face)
    return all(ord(c) in cmap or c.isspace() for c in text)


def missing_glyphs(text: str, face: str | None = None) -> set[str]:
    """Characters of ``text`` that neither ``face`` nor the main font can print."""
    main = _cmap(styles.FONT_NAME)
    own = _cmap(face) if face else main
    return {c for c in text if not c.isspace() and ord(c) not in own and ord(c) not in main}


_TAG = re.compile(r"(<[^>]*>|&[#\w]+;)")


def with_fallback(markup: str, face: str) -> str:
    """Paragraph markup in which every run of characters ``face`` lacks is set in the main font
    (tags and entities are left alone). A no-op for the main font itself."""
    if face == styles.FONT_NAME or not markup:
        return markup
    cmap = _cmap(face)
    if all(ord(c) in cmap for c in markup if c not in "<>&"):
        return markup
    out = []
    for part in _TAG.split(markup):
        if not part or part.startswith("<") or (part.startswith("&") and part.endswith(";")):
            out.append(part)
            continue
        run: list[str] = []
        missing = False
        for c in part:
            m = ord(c) not in cmap and not c.isspace()
            if m != missing and run:
                out.append(_wrap("".join(run), missing))
                run = []
            missing = m
            run.append(c)
        if run:
            out.append(_wrap("".join(run), missing))
    return "".join(out)


def _wrap(text: str, missing: bool) -> str:
    return f'<font face="{styles.FONT_NAME}">{text}</font>' if missing else text


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
