"""The PDF assessment report: charts (matplotlib, Agg), layout (reportlab platypus), the CJK font.

Public API: :func:`build_report` (see :mod:`.builder`), :func:`font_path` (for Qt).
Module map: ``styles`` (all fonts, colours, sizes, page geometry), ``fonts`` (registration),
``texts`` (every fixed text, zh + en), ``formatting`` (万元/亿元, 增长x.x%, heading numbers),
``flowables`` (custom flowables), ``charts`` (PNG charts), ``sections`` (chapter registry),
``context`` (the builders' Context), ``chapters/`` (one module per chapter),
``builder`` (document template, cover, TOC, signature, build).
"""

from clusterpolicy.report.builder import build_report, build_report_bytes
from clusterpolicy.report.fonts import font_path

__all__ = ["build_report", "build_report_bytes", "font_path"]
